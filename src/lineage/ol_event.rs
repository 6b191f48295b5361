//! OpenLineage RunEvent, as the specification defines it (the parts this catalogue stores;
//! other facets are accepted and ignored), and its parsing: a malformed event is an error
//! naming the field by its JSON path.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    Start,
    Running,
    Complete,
    Abort,
    Fail,
    Other,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Start => "START",
            EventType::Running => "RUNNING",
            EventType::Complete => "COMPLETE",
            EventType::Abort => "ABORT",
            EventType::Fail => "FAIL",
            EventType::Other => "OTHER",
        }
    }
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct RunEvent {
    #[serde(default)]
    pub event_type: Option<EventType>,
    pub event_time: String,
    pub run: Run,
    pub job: Job,
    #[serde(default)]
    pub inputs: Option<Vec<DatasetRef>>,
    #[serde(default)]
    pub outputs: Option<Vec<DatasetRef>>,
    pub producer: String,
    #[serde(rename = "schemaURL", default)]
    pub schema_url: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub run_id: String,
    #[serde(default)]
    pub facets: Option<RunFacets>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct RunFacets {
    pub parent: Option<ParentFacet>,
    /// The name older Airflow integrations used for `parent`.
    pub parent_run: Option<ParentFacet>,
    pub error_message: Option<ErrorMessageFacet>,
}

#[derive(Deserialize, Debug)]
pub struct ParentFacet {
    pub run: ParentRun,
    pub job: JobRef,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ParentRun {
    pub run_id: String,
}

#[derive(Deserialize, Debug)]
pub struct JobRef {
    pub namespace: String,
    pub name: String,
}

#[derive(Deserialize, Debug)]
pub struct ErrorMessageFacet {
    pub message: String,
}

#[derive(Deserialize, Debug)]
pub struct Job {
    pub namespace: String,
    pub name: String,
    #[serde(default)]
    pub facets: Option<JobFacets>,
}

#[derive(Deserialize, Debug, Default)]
pub struct JobFacets {
    pub documentation: Option<Documentation>,
    pub sql: Option<SqlFacet>,
    pub ownership: Option<Ownership>,
}

#[derive(Deserialize, Debug)]
pub struct Documentation {
    pub description: String,
}

#[derive(Deserialize, Debug)]
pub struct SqlFacet {
    pub query: String,
}

#[derive(Deserialize, Debug)]
pub struct Ownership {
    pub owners: Vec<Owner>,
}

#[derive(Deserialize, Debug)]
pub struct Owner {
    pub name: String,
}

#[derive(Deserialize, Debug)]
pub struct DatasetRef {
    pub namespace: String,
    pub name: String,
    #[serde(default)]
    pub facets: Option<DatasetFacets>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct DatasetFacets {
    pub schema: Option<SchemaFacet>,
    pub column_lineage: Option<ColumnLineageFacet>,
}

#[derive(Deserialize, Debug)]
pub struct SchemaFacet {
    #[serde(default)]
    pub fields: Vec<SchemaField>,
}

#[derive(Deserialize, Debug)]
pub struct SchemaField {
    pub name: String,
    #[serde(rename = "type", default)]
    pub field_type: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct ColumnLineageFacet {
    pub fields: BTreeMap<String, ColumnLineageField>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ColumnLineageField {
    pub input_fields: Vec<InputField>,
    /// Facet versions before 1-1-0 describe the transformation once per output field.
    #[serde(default)]
    pub transformation_type: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct InputField {
    pub namespace: String,
    pub name: String,
    pub field: String,
    #[serde(default)]
    pub transformations: Option<Vec<Transformation>>,
}

#[derive(Deserialize, Debug)]
pub struct Transformation {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub subtype: Option<String>,
}

fn bad(field: &str, msg: impl std::fmt::Display) -> Error {
    Error::BadRequest(format!("OpenLineage event: {field}: {msg}"))
}

/// Parses a RunEvent; a malformed one is an error naming the field (`run.runId`,
/// `inputs[0].name`, ...).
pub fn parse_event(body: &[u8]) -> Result<RunEvent> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let ev: RunEvent = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        // "missing field `runId`" at `run` reads better as `run.runId: missing`.
        if let Some(rest) = inner.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or("");
            let full = if path == "." {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            return bad(
                &full,
                "missing (required by the OpenLineage RunEvent schema)",
            );
        }
        if e.inner().is_syntax() || e.inner().is_eof() {
            return Error::BadRequest(format!("OpenLineage event: not valid JSON: {inner}"));
        }
        bad(if path == "." { "(event)" } else { &path }, inner)
    })?;
    validate(&ev)?;
    Ok(ev)
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn validate(ev: &RunEvent) -> Result<()> {
    time::OffsetDateTime::parse(
        &ev.event_time,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|e| {
        bad(
            "eventTime",
            format!("'{}' is not an RFC 3339 date-time: {e}", ev.event_time),
        )
    })?;
    if !is_uuid(&ev.run.run_id) {
        return Err(bad(
            "run.runId",
            format!("'{}' is not a UUID", ev.run.run_id),
        ));
    }
    if ev.job.namespace.trim().is_empty() {
        return Err(bad("job.namespace", "empty"));
    }
    if ev.job.name.trim().is_empty() {
        return Err(bad("job.name", "empty"));
    }
    if let Some(p) = ev
        .run
        .facets
        .as_ref()
        .and_then(|f| f.parent.as_ref().or(f.parent_run.as_ref()))
    {
        if !is_uuid(&p.run.run_id) {
            return Err(bad(
                "run.facets.parent.run.runId",
                format!("'{}' is not a UUID", p.run.run_id),
            ));
        }
    }
    for (role, list) in [("inputs", &ev.inputs), ("outputs", &ev.outputs)] {
        for (i, d) in list.iter().flatten().enumerate() {
            if d.namespace.trim().is_empty() {
                return Err(bad(&format!("{role}[{i}].namespace"), "empty"));
            }
            if d.name.trim().is_empty() {
                return Err(bad(&format!("{role}[{i}].name"), "empty"));
            }
        }
    }
    Ok(())
}
