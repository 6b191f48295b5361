//! Validation reports kept in `graph/validation`: one `sh:ValidationReport` (also a
//! `val:RecordReport`) per record with findings, written when the record enters the store,
//! replaced when it is validated again, and read back for `/api/validation` and the CLI.

use super::findings::{Finding, FindingSeverity};
use super::records::QuadSource;
use super::{Origin, RecordVerdict};
use crate::error::Result;
use crate::store::Access;
use crate::vocab::{graph, rdf, val, xsd};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
};
use std::collections::{BTreeMap, HashMap};

const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// Where a checked record is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In its target graph (with warnings, or with violations under `accept`).
    Accepted,
    /// Waiting in a quarantine graph.
    Quarantined,
    /// Moved from quarantine to its target graph after re-validation or by an administrator.
    Released,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Quarantined => "quarantined",
            Status::Released => "released",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "accepted" => Some(Status::Accepted),
            "quarantined" => Some(Status::Quarantined),
            "released" => Some(Status::Released),
            _ => None,
        }
    }
}

pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn vg() -> NamedNode {
    NamedNode::new_unchecked(graph::VALIDATION)
}

fn term_as_subject(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

/// The report of one record as quads of `graph/validation`.
pub fn report_quads(
    v: &RecordVerdict,
    status: Status,
    origin: &Origin,
    targets: &std::collections::BTreeSet<NamedNode>,
    quarantine_graphs: &[NamedNode],
    created: &str,
) -> Vec<Quad> {
    let g = vg();
    let id = NamedNode::new_unchecked(format!(
        "{}{:016x}",
        val::REPORT_BASE,
        rand::random::<u64>()
    ));
    let mut out = Vec::new();
    let mut add =
        |s: &NamedNode, p: NamedNode, o: Term| out.push(Quad::new(s.clone(), p, o, g.clone()));
    add(&id, rdf::TYPE.into(), sh("ValidationReport").into());
    add(&id, rdf::TYPE.into(), val::RECORD_REPORT.into());
    add(&id, val::RECORD.into(), v.root.clone());
    add(
        &id,
        val::STATUS.into(),
        Literal::from(status.as_str()).into(),
    );
    add(
        &id,
        val::SOURCE.into(),
        Literal::from(origin.source.as_str()).into(),
    );
    if let Some(a) = &v.agency {
        add(&id, val::AGENCY.into(), a.clone().into());
    }
    for t in targets {
        add(&id, val::TARGET_GRAPH.into(), t.clone().into());
    }
    for q in quarantine_graphs {
        add(&id, val::QUARANTINE_GRAPH.into(), q.clone().into());
    }
    add(&id, val::PUBLIC.into(), Literal::from(v.public).into());
    add(
        &id,
        val::CREATED.into(),
        Literal::new_typed_literal(created, xsd::DATE_TIME).into(),
    );
    add(
        &id,
        sh("conforms"),
        Literal::from(v.findings.is_empty()).into(),
    );
    add(
        &id,
        val::VIOLATIONS.into(),
        Literal::from(v.violations() as i64).into(),
    );
    add(
        &id,
        val::WARNINGS.into(),
        Literal::from(v.warnings() as i64).into(),
    );
    for (i, f) in v.findings.iter().enumerate() {
        let r = NamedNode::new_unchecked(format!("{}/r{}", id.as_str(), i + 1));
        add(&id, sh("result"), r.clone().into());
        add(&r, rdf::TYPE.into(), sh("ValidationResult").into());
        add(&r, sh("focusNode"), f.focus.clone());
        match (&f.path, f.path_is_iri) {
            (Some(p), true) => add(
                &r,
                sh("resultPath"),
                NamedNode::new_unchecked(p.clone()).into(),
            ),
            (Some(p), false) => add(&r, val::PATH_TEXT.into(), Literal::from(p.as_str()).into()),
            (None, _) => {}
        }
        if let Some(value) = &f.value {
            add(&r, sh("value"), value.clone());
        }
        add(&r, sh("resultSeverity"), f.severity.iri().into());
        match NamedNode::new(f.shape.clone()) {
            Ok(s) if !f.shape.starts_with("_:") => add(&r, sh("sourceShape"), s.into()),
            _ => add(
                &r,
                val::SHAPE_TEXT.into(),
                Literal::from(f.shape.as_str()).into(),
            ),
        }
        if let Ok(c) = NamedNode::new(f.component.clone()) {
            add(&r, sh("sourceConstraintComponent"), c.into());
        }
        for m in &f.messages {
            add(&r, sh("resultMessage"), m.clone().into());
        }
    }
    out
}

/// Deletes, inside `tx`, every report about `record`.
pub fn delete_for_record(tx: &mut oxigraph::store::Transaction<'_>, record: &Term) -> Result<()> {
    let g = vg();
    let reports: Vec<NamedOrBlankNode> = tx
        .quads_for_pattern(
            None,
            Some(val::RECORD),
            Some(record.as_ref()),
            Some(GraphNameRef::NamedNode(g.as_ref())),
        )
        .map(|q| q.map(|q| q.subject))
        .collect::<Result<_, _>>()?;
    for rep in reports {
        let own: Vec<Quad> = tx
            .quads_for_pattern(Some(rep.as_ref()), None, None, Some(g.as_ref().into()))
            .collect::<Result<_, _>>()?;
        for q in &own {
            if q.predicate == sh("result") {
                if let Some(r) = term_as_subject(&q.object) {
                    let rq: Vec<Quad> = tx
                        .quads_for_pattern(Some(r.as_ref()), None, None, Some(g.as_ref().into()))
                        .collect::<Result<_, _>>()?;
                    for x in rq {
                        tx.remove(&x);
                    }
                }
            }
            tx.remove(q);
        }
    }
    Ok(())
}

/// Quarantine graph → target graph, from `graph/validation`.
pub fn quarantine_targets(src: &dyn QuadSource) -> Result<HashMap<NamedNode, NamedNode>> {
    let mut out = HashMap::new();
    for q in src.scan(None, Some(val::QUARANTINE_OF), None)? {
        if let (NamedOrBlankNode::NamedNode(qg), Term::NamedNode(t)) = (q.subject, q.object) {
            out.insert(qg, t);
        }
    }
    Ok(out)
}

/// A report read back from the store.
#[derive(Clone, Debug)]
pub struct StoredReport {
    pub id: String,
    pub record: Term,
    pub status: String,
    pub source: String,
    pub agency: Option<String>,
    pub target_graphs: Vec<String>,
    pub quarantine_graphs: Vec<String>,
    pub public: bool,
    pub created: String,
    pub results: Vec<Finding>,
}

impl StoredReport {
    pub fn violations(&self) -> usize {
        self.results
            .iter()
            .filter(|f| f.severity == FindingSeverity::Violation)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.results
            .iter()
            .filter(|f| f.severity == FindingSeverity::Warning)
            .count()
    }

    pub fn record_text(&self) -> String {
        term_text(&self.record)
    }

    pub fn to_json(&self) -> serde_json::Value {
        let results: Vec<serde_json::Value> = self
            .results
            .iter()
            .map(|f| {
                let mut msg = serde_json::Map::new();
                for m in &f.messages {
                    msg.insert(m.language().unwrap_or("").to_string(), m.value().into());
                }
                serde_json::json!({
                    "focus": term_text(&f.focus),
                    "path": f.path,
                    "value": f.value.as_ref().map(term_text),
                    "severity": f.severity.label(),
                    "shape": f.shape,
                    "component": f.component,
                    "message": msg,
                })
            })
            .collect();
        serde_json::json!({
            "id": self.id,
            "record": self.record_text(),
            "status": self.status,
            "source": self.source,
            "agency": self.agency,
            "target_graphs": self.target_graphs,
            "quarantine_graphs": self.quarantine_graphs,
            "public": self.public,
            "created": self.created,
            "violations": self.violations(),
            "warnings": self.warnings(),
            "results": results,
        })
    }
}

pub fn term_text(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("\"{}\"@{lang}", l.value()),
            None if l.datatype() == oxigraph::model::vocab::xsd::STRING => {
                format!("\"{}\"", l.value())
            }
            None => format!("\"{}\"^^<{}>", l.value(), l.datatype().as_str()),
        },
    }
}

fn lit(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        _ => String::new(),
    }
}

fn read_result(src: &dyn QuadSource, r: NamedOrBlankNodeRef<'_>) -> Result<Finding> {
    let mut props: BTreeMap<String, Vec<Term>> = BTreeMap::new();
    for q in src.scan(Some(r), None, None)? {
        if q.graph_name.as_ref() == GraphNameRef::NamedNode(vg().as_ref()) {
            props
                .entry(q.predicate.into_string())
                .or_default()
                .push(q.object);
        }
    }
    let one = |p: &str| props.get(p).and_then(|v| v.first());
    let (path, path_is_iri) = match (
        one(&format!("{SH}resultPath")),
        one(val::PATH_TEXT.as_str()),
    ) {
        (Some(Term::NamedNode(n)), _) => (Some(n.as_str().to_string()), true),
        (_, Some(t)) => (Some(lit(Some(t))), false),
        _ => (None, false),
    };
    Ok(Finding {
        focus: one(&format!("{SH}focusNode"))
            .cloned()
            .unwrap_or_else(|| Literal::from("").into()),
        path,
        path_is_iri,
        value: one(&format!("{SH}value")).cloned(),
        severity: FindingSeverity::from_iri(&lit(one(&format!("{SH}resultSeverity")))),
        shape: one(&format!("{SH}sourceShape"))
            .or_else(|| one(val::SHAPE_TEXT.as_str()))
            .map(|t| lit(Some(t)))
            .unwrap_or_default(),
        component: lit(one(&format!("{SH}sourceConstraintComponent"))),
        messages: props
            .get(&format!("{SH}resultMessage"))
            .map(|v| {
                v.iter()
                    .filter_map(|t| match t {
                        Term::Literal(l) => Some(l.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

fn read_report(src: &dyn QuadSource, id: &NamedOrBlankNode) -> Result<StoredReport> {
    let mut props: BTreeMap<String, Vec<Term>> = BTreeMap::new();
    for q in src.scan(Some(id.as_ref()), None, None)? {
        if q.graph_name.as_ref() == GraphNameRef::NamedNode(vg().as_ref()) {
            props
                .entry(q.predicate.into_string())
                .or_default()
                .push(q.object);
        }
    }
    let one = |p: NamedNode| props.get(p.as_str()).and_then(|v| v.first());
    let all = |p: NamedNode| -> Vec<String> {
        props
            .get(p.as_str())
            .map(|v| v.iter().map(|t| lit(Some(t))).collect())
            .unwrap_or_default()
    };
    let mut results = Vec::new();
    if let Some(rs) = props.get(&format!("{SH}result")) {
        for r in rs {
            if let Some(s) = term_as_subject(r) {
                results.push(read_result(src, s.as_ref())?);
            }
        }
    }
    results.sort_by(|a, b| (a.severity, &a.path).cmp(&(b.severity, &b.path)));
    Ok(StoredReport {
        id: match id {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        },
        record: one(val::RECORD.into())
            .cloned()
            .unwrap_or_else(|| Literal::from("").into()),
        status: lit(one(val::STATUS.into())),
        source: lit(one(val::SOURCE.into())),
        agency: one(val::AGENCY.into()).map(|t| lit(Some(t))),
        target_graphs: all(val::TARGET_GRAPH.into()),
        quarantine_graphs: all(val::QUARANTINE_GRAPH.into()),
        public: lit(one(val::PUBLIC.into())) == "true",
        created: lit(one(val::CREATED.into())),
        results,
    })
}

/// Filters for [`list`]; every field is optional.
#[derive(Clone, Debug, Default)]
pub struct ReportQuery {
    /// An agency IRI, or the last segment of it (`so-tu-phap`).
    pub agency: Option<String>,
    /// The source as recorded (`import:gen.nt`), or the part after `import:`/`harvest:`.
    pub source: Option<String>,
    /// Keep reports with at least one result of this severity, and only those results.
    pub severity: Option<FindingSeverity>,
    pub status: Option<String>,
    pub record: Option<String>,
}

impl ReportQuery {
    fn matches(&self, r: &StoredReport) -> bool {
        if let Some(a) = &self.agency {
            match &r.agency {
                Some(ra) if ra == a || ra.ends_with(&format!("/{a}")) => {}
                _ => return false,
            }
        }
        if let Some(s) = &self.source {
            if !(r.source == *s || r.source.ends_with(&format!(":{s}"))) {
                return false;
            }
        }
        if let Some(st) = &self.status {
            if r.status != *st {
                return false;
            }
        }
        if let Some(rec) = &self.record {
            if r.record_text() != *rec {
                return false;
            }
        }
        true
    }
}

/// Reports the reader may see that match `q`, oldest first. An anonymous reader only sees
/// reports about public records (no restricted access rights or non-open sharing scope).
pub fn list(src: &dyn QuadSource, q: &ReportQuery, access: Access) -> Result<Vec<StoredReport>> {
    let mut out = Vec::new();
    for quad in src.scan(None, Some(rdf::TYPE), Some(val::RECORD_REPORT.into()))? {
        if quad.graph_name != GraphName::from(vg()) {
            continue;
        }
        let mut r = read_report(src, &quad.subject)?;
        if access == Access::Public && !r.public {
            continue;
        }
        if !q.matches(&r) {
            continue;
        }
        if let Some(sev) = q.severity {
            r.results.retain(|f| f.severity == sev);
            if r.results.is_empty() {
                continue;
            }
        }
        out.push(r);
    }
    out.sort_by(|a, b| (&a.created, a.record_text()).cmp(&(&b.created, b.record_text())));
    Ok(out)
}

/// The text form of a record's findings, grouped by focus node (CLI, `reject` errors).
pub fn verdict_text(v: &RecordVerdict) -> String {
    findings_text(&v.root, &v.findings)
}

pub fn findings_text(root: &Term, findings: &[Finding]) -> String {
    let mut by_focus: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_focus.entry(term_text(&f.focus)).or_default().push(f);
    }
    let v = findings
        .iter()
        .filter(|f| f.severity == FindingSeverity::Violation)
        .count();
    let w = findings
        .iter()
        .filter(|f| f.severity == FindingSeverity::Warning)
        .count();
    let mut s = format!("{} ({v} violation(s), {w} warning(s))\n", term_text(root));
    for (focus, fs) in by_focus {
        s.push_str(&format!("  {focus}\n"));
        for f in fs {
            s.push_str(&format!(
                "    [{}] {}: {}\n",
                f.severity.label(),
                f.path.as_deref().unwrap_or("(node)"),
                f.message("vi").unwrap_or(""),
            ));
            if let Some(en) = f.messages.iter().find(|m| m.language() == Some("en")) {
                s.push_str(&format!("        {}\n", en.value()));
            }
            if let Some(value) = &f.value {
                s.push_str(&format!("        value: {}\n", term_text(value)));
            }
            s.push_str(&format!("        shape: {}\n", f.shape));
        }
    }
    s
}

/// The record roots with a report of status `quarantined`.
pub fn quarantined_roots(src: &dyn QuadSource) -> Result<Vec<Term>> {
    quarantined_roots_from(src, None)
}

/// The record roots with a report of status `quarantined` whose source is exactly `source`
/// (every source when `None`), read through the status index, not report by report.
pub fn quarantined_roots_from(src: &dyn QuadSource, source: Option<&str>) -> Result<Vec<Term>> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for q in src.scan(
        None,
        Some(val::STATUS),
        Some(Literal::from("quarantined").as_ref().into()),
    )? {
        if q.graph_name != GraphName::from(vg()) {
            continue;
        }
        if let Some(want) = source {
            let from = src.scan(Some(q.subject.as_ref()), Some(val::SOURCE), None)?;
            if !from.iter().any(|f| lit(Some(&f.object)) == want) {
                continue;
            }
        }
        for r in src.scan(Some(q.subject.as_ref()), Some(val::RECORD), None)? {
            if seen.insert(r.object.clone()) {
                out.push(r.object);
            }
        }
    }
    Ok(out)
}
