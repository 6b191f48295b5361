//! OpenLineage intake (`POST /api/v1/lineage`, as Marquez): each RunEvent becomes PROV in
//! the graph `graph/openlineage/<job namespace>`, in one transaction.
//!
//! Mapping (docs/lineage.md, "OpenLineage mapping"):
//! - run `runId` → `prov:Activity` `<https://w3id.org/lienthong/openlineage/run/<runId>>`,
//!   `vn:job` its job, `vn:runState` the last event type, `prov:startedAtTime` (START),
//!   `prov:endedAtTime` (COMPLETE, FAIL, ABORT), `prov:wasInformedBy` the parent run
//!   (`parent` facet), `vn:errorMessage` (`errorMessage` facet), `prov:wasAssociatedWith`
//!   the agency: owners of the `ownership` facet given as IRIs, and every
//!   `foaf:Organization` whose `vn:openLineageNamespace` is the job namespace;
//! - job (namespace, name) → `prov:Plan` with `vn:openLineageNamespace`/`vn:openLineageName`,
//!   `dct:description` (`documentation` facet), `vn:sqlQuery` (`sql` facet);
//! - inputs → `prov:used`, outputs → `prov:generated`;
//! - `schema` facet → `vn:column [ a vn:Column; rdfs:label; vn:columnType; dct:description ]`;
//! - `columnLineage` facet → `vn:ColumnLineage` records (`vn:fromColumn`, `vn:toColumn`,
//!   `vn:transformation`, `prov:wasInfluencedBy` the run) hung from both datasets as blank
//!   nodes, so they become non-public with either dataset.
//!
//! A dataset (namespace, name) is matched to a catalogue entry, in this order: the entry
//! whose `vn:openLineageNamespace` and `vn:openLineageName` are exactly those; the one entry
//! whose `dct:identifier` is the name; the entry whose IRI is the name. Otherwise an entry
//! `<https://w3id.org/lienthong/openlineage/dataset/<ns>/<name>-<hash>>` is created, flagged
//! `vn:needsCuration true` and kept non-public (`vn:accessScope` shared) until a curator
//! reviews it.

use crate::error::Result;
use crate::store::{hidden_records, reconcile_visibility, Catalogue, Change};
use crate::vocab::{code, dcat, dct, foaf, graph, openlineage as ol, prov, rdf, rdfs, vn, xsd};
use oxigraph::model::{
    BlankNode, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term,
};
use oxigraph::store::Transaction;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

pub use super::ol_event::*;

/// How an OpenLineage dataset was matched to the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Matched {
    OpenLineageName,
    Identifier,
    Iri,
    /// Created by this event, flagged for curation.
    Created,
    /// Created by an earlier event (and perhaps curated since: left as it is).
    CreatedBefore,
}

#[derive(Clone, Debug, Serialize)]
pub struct DatasetOutcome {
    pub role: &'static str,
    pub namespace: String,
    pub name: String,
    pub iri: String,
    pub matched: Matched,
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub run: String,
    pub job: String,
    pub graph: String,
    pub event_type: Option<EventType>,
    pub datasets: Vec<DatasetOutcome>,
}

fn hash8(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn created_iri(ns: &str, name: &str) -> String {
    let s = |x: &str| {
        let v = graph::slug(x);
        if v.is_empty() {
            "x".to_string()
        } else {
            v.chars().take(80).collect()
        }
    };
    format!(
        "{}{}/{}-{}",
        ol::DATASET,
        s(ns),
        s(name),
        hash8(&[ns, name])
    )
}

fn subjects_with(
    tx: &Transaction<'_>,
    p: oxigraph::model::NamedNodeRef<'_>,
    value: &str,
) -> Result<Vec<NamedNode>> {
    let lit = Literal::new_simple_literal(value);
    let mut v = Vec::new();
    for q in tx.quads_for_pattern(None, Some(p), Some(lit.as_ref().into()), None) {
        if let NamedOrBlankNode::NamedNode(n) = q?.subject {
            if !v.contains(&n) {
                v.push(n);
            }
        }
    }
    Ok(v)
}

fn match_dataset(tx: &Transaction<'_>, ns: &str, name: &str) -> Result<(NamedNode, Matched)> {
    let ns_lit = Literal::new_simple_literal(ns);
    for s in subjects_with(tx, vn::OPENLINEAGE_NAME, name)? {
        let in_ns = tx
            .quads_for_pattern(
                Some(s.as_ref().into()),
                Some(vn::OPENLINEAGE_NAMESPACE),
                Some(ns_lit.as_ref().into()),
                None,
            )
            .next()
            .is_some();
        if in_ns && !s.as_str().starts_with(ol::DATASET) {
            return Ok((s, Matched::OpenLineageName));
        }
    }
    let by_id = subjects_with(tx, dct::IDENTIFIER, name)?;
    if by_id.len() == 1 {
        return Ok((by_id[0].clone(), Matched::Identifier));
    }
    if name.contains("://") {
        if let Ok(n) = NamedNode::new(name) {
            if tx
                .quads_for_pattern(
                    Some(n.as_ref().into()),
                    Some(rdf::TYPE),
                    Some(dcat::DATASET.into()),
                    None,
                )
                .next()
                .is_some()
            {
                return Ok((n, Matched::Iri));
            }
        }
    }
    let created = NamedNode::new_unchecked(created_iri(ns, name));
    let exists = tx
        .quads_for_pattern(Some(created.as_ref().into()), None, None, None)
        .next()
        .is_some();
    Ok((
        created,
        if exists {
            Matched::CreatedBefore
        } else {
            Matched::Created
        },
    ))
}

struct Writer<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    g: NamedNode,
    touched: BTreeSet<String>,
}

impl Writer<'_, '_> {
    fn add(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: oxigraph::model::NamedNodeRef<'_>,
        o: impl Into<Term>,
    ) {
        let s = s.into();
        if let NamedOrBlankNode::NamedNode(n) = &s {
            self.touched.insert(n.as_str().to_string());
        }
        let o = o.into();
        self.tx.insert(QuadRef::new(&s, p, &o, &self.g));
    }

    /// This graph and its restricted companion (where non-public records' triples live).
    fn graphs(&self) -> [NamedNode; 2] {
        [
            self.g.clone(),
            NamedNode::new_unchecked(graph::restricted_of(self.g.as_str())),
        ]
    }

    fn remove_values(&mut self, s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>) -> Result<()> {
        let mut old: Vec<Quad> = Vec::new();
        for g in self.graphs() {
            for q in self.tx.quads_for_pattern(
                Some(s.as_ref().into()),
                Some(p),
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                old.push(q?);
            }
        }
        for q in old {
            self.tx.remove(&q);
        }
        Ok(())
    }

    /// Removes blank-node structures `b` (and every triple naming them) for which `select` holds.
    fn remove_structures(&mut self, candidates: Vec<BlankNode>) -> Result<()> {
        let mut old = Vec::new();
        for b in candidates {
            for g in self.graphs() {
                let gr = GraphNameRef::NamedNode(g.as_ref());
                for q in self
                    .tx
                    .quads_for_pattern(Some(b.as_ref().into()), None, None, Some(gr))
                {
                    old.push(q?);
                }
                for q in self
                    .tx
                    .quads_for_pattern(None, None, Some(b.as_ref().into()), Some(gr))
                {
                    old.push(q?);
                }
            }
        }
        for q in old {
            self.tx.remove(&q);
        }
        Ok(())
    }

    fn blank_objects(
        &self,
        s: &NamedNode,
        p: oxigraph::model::NamedNodeRef<'_>,
    ) -> Result<Vec<BlankNode>> {
        let mut v = Vec::new();
        for g in self.graphs() {
            for q in self.tx.quads_for_pattern(
                Some(s.as_ref().into()),
                Some(p),
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                if let Term::BlankNode(b) = q?.object {
                    v.push(b);
                }
            }
        }
        Ok(v)
    }
}

/// Parses and stores one RunEvent.
pub fn ingest(cat: &Catalogue, body: &[u8]) -> Result<Outcome> {
    let ev = parse_event(body)?;
    store_event(cat, &ev)
}

pub fn store_event(cat: &Catalogue, ev: &RunEvent) -> Result<Outcome> {
    let g = NamedNode::new_unchecked(graph::openlineage(&ev.job.namespace));
    let run =
        NamedNode::new_unchecked(format!("{}{}", ol::RUN, ev.run.run_id.to_ascii_lowercase()));
    let job = NamedNode::new_unchecked(format!(
        "{}{}/{}-{}",
        ol::JOB,
        graph::slug(&ev.job.namespace),
        graph::slug(&ev.job.name),
        hash8(&[&ev.job.namespace, &ev.job.name])
    ));
    let time = Literal::new_typed_literal(&ev.event_time, xsd::DATE_TIME);
    let mut tx = cat.store().start_transaction()?;
    let before = hidden_records(&tx)?;
    let mut outcomes = Vec::new();
    let mut w = Writer {
        tx: &mut tx,
        g: g.clone(),
        touched: BTreeSet::new(),
    };

    w.add(job.clone(), rdf::TYPE, prov::PLAN);
    w.add(
        job.clone(),
        rdfs::LABEL,
        Literal::new_simple_literal(crate::text::nfc(&ev.job.name)),
    );
    w.add(
        job.clone(),
        vn::OPENLINEAGE_NAMESPACE,
        Literal::new_simple_literal(&ev.job.namespace),
    );
    w.add(
        job.clone(),
        vn::OPENLINEAGE_NAME,
        Literal::new_simple_literal(&ev.job.name),
    );
    if let Some(f) = &ev.job.facets {
        if let Some(d) = &f.documentation {
            w.remove_values(&job, dct::DESCRIPTION)?;
            w.add(
                job.clone(),
                dct::DESCRIPTION,
                Literal::new_simple_literal(crate::text::nfc(&d.description)),
            );
        }
        if let Some(sql) = &f.sql {
            w.remove_values(&job, vn::SQL_QUERY)?;
            w.add(
                job.clone(),
                vn::SQL_QUERY,
                Literal::new_simple_literal(&sql.query),
            );
        }
        if let Some(o) = &f.ownership {
            for owner in &o.owners {
                if let Ok(a) = NamedNode::new(&owner.name) {
                    w.add(run.clone(), prov::WAS_ASSOCIATED_WITH, a);
                }
            }
        }
    }
    // Agencies that declared this job namespace as theirs.
    for a in subjects_with(w.tx, vn::OPENLINEAGE_NAMESPACE, &ev.job.namespace)? {
        let is_agency =
            w.tx.quads_for_pattern(
                Some(a.as_ref().into()),
                Some(rdf::TYPE),
                Some(foaf::ORGANIZATION.into()),
                None,
            )
            .next()
            .is_some();
        if is_agency {
            w.add(run.clone(), prov::WAS_ASSOCIATED_WITH, a);
        }
    }
    w.add(run.clone(), rdf::TYPE, prov::ACTIVITY);
    w.add(run.clone(), vn::JOB, job.clone());
    w.add(
        run.clone(),
        rdfs::LABEL,
        Literal::new_simple_literal(crate::text::nfc(&format!(
            "{} / {}",
            ev.job.namespace, ev.job.name
        ))),
    );
    if let Some(t) = ev.event_type {
        w.remove_values(&run, vn::RUN_STATE)?;
        w.add(
            run.clone(),
            vn::RUN_STATE,
            Literal::new_simple_literal(t.as_str()),
        );
        match t {
            EventType::Start => {
                w.remove_values(&run, prov::STARTED_AT_TIME)?;
                w.add(run.clone(), prov::STARTED_AT_TIME, time.clone());
            }
            EventType::Complete | EventType::Fail | EventType::Abort => {
                w.remove_values(&run, prov::ENDED_AT_TIME)?;
                w.add(run.clone(), prov::ENDED_AT_TIME, time.clone());
            }
            EventType::Running | EventType::Other => {}
        }
    }
    if let Some(f) = &ev.run.facets {
        if let Some(p) = f.parent.as_ref().or(f.parent_run.as_ref()) {
            let parent = NamedNode::new_unchecked(format!(
                "{}{}",
                ol::RUN,
                p.run.run_id.to_ascii_lowercase()
            ));
            w.add(run.clone(), prov::WAS_INFORMED_BY, parent);
        }
        if let Some(e) = &f.error_message {
            w.remove_values(&run, vn::ERROR_MESSAGE)?;
            w.add(
                run.clone(),
                vn::ERROR_MESSAGE,
                Literal::new_simple_literal(&e.message),
            );
        }
    }

    let mut resolved: BTreeMap<(String, String), NamedNode> = BTreeMap::new();
    let mut resolve = |w: &mut Writer<'_, '_>,
                       role: &'static str,
                       ns: &str,
                       name: &str,
                       outcomes: &mut Vec<DatasetOutcome>|
     -> Result<NamedNode> {
        if let Some(n) = resolved.get(&(ns.to_string(), name.to_string())) {
            return Ok(n.clone());
        }
        let (iri, how) = match_dataset(w.tx, ns, name)?;
        if how == Matched::Created {
            w.add(iri.clone(), rdf::TYPE, dcat::DATASET);
            w.add(
                iri.clone(),
                dct::TITLE,
                Literal::new_simple_literal(crate::text::nfc(name)),
            );
            w.add(
                iri.clone(),
                vn::OPENLINEAGE_NAMESPACE,
                Literal::new_simple_literal(ns),
            );
            w.add(
                iri.clone(),
                vn::OPENLINEAGE_NAME,
                Literal::new_simple_literal(name),
            );
            w.add(
                iri.clone(),
                vn::NEEDS_CURATION,
                Literal::new_typed_literal("true", xsd::BOOLEAN),
            );
            w.add(iri.clone(), vn::ACCESS_SCOPE, code::SCOPE_SHARED);
        }
        outcomes.push(DatasetOutcome {
            role,
            namespace: ns.to_string(),
            name: name.to_string(),
            iri: iri.as_str().to_string(),
            matched: how,
        });
        resolved.insert((ns.to_string(), name.to_string()), iri.clone());
        Ok(iri)
    };
    // Column lineage recorded by an earlier event of this run is replaced, not duplicated.
    let mut old_col = Vec::new();
    for gr in w.graphs() {
        for q in w.tx.quads_for_pattern(
            None,
            Some(prov::WAS_INFLUENCED_BY),
            Some(run.as_ref().into()),
            Some(GraphNameRef::NamedNode(gr.as_ref())),
        ) {
            if let NamedOrBlankNode::BlankNode(b) = q?.subject {
                old_col.push(b);
            }
        }
    }
    w.remove_structures(old_col)?;
    for (role, list, p) in [
        ("input", &ev.inputs, prov::USED),
        ("output", &ev.outputs, prov::GENERATED),
    ] {
        for d in list.iter().flatten() {
            let iri = resolve(&mut w, role, &d.namespace, &d.name, &mut outcomes)?;
            w.add(run.clone(), p, iri.clone());
            let Some(f) = &d.facets else { continue };
            if let Some(schema) = &f.schema {
                let old = w.blank_objects(&iri, vn::COLUMN_PROP)?;
                w.remove_structures(old)?;
                for field in &schema.fields {
                    let b = BlankNode::default();
                    w.add(iri.clone(), vn::COLUMN_PROP, b.clone());
                    w.add(b.clone(), rdf::TYPE, vn::COLUMN);
                    w.add(
                        b.clone(),
                        rdfs::LABEL,
                        Literal::new_simple_literal(crate::text::nfc(&field.name)),
                    );
                    if let Some(t) = &field.field_type {
                        w.add(b.clone(), vn::COLUMN_TYPE, Literal::new_simple_literal(t));
                    }
                    if let Some(desc) = &field.description {
                        w.add(
                            b,
                            dct::DESCRIPTION,
                            Literal::new_simple_literal(crate::text::nfc(desc)),
                        );
                    }
                }
            }
            if let (Some(cl), "output") = (&f.column_lineage, role) {
                for (out_field, spec) in &cl.fields {
                    for inf in &spec.input_fields {
                        let src =
                            resolve(&mut w, "input", &inf.namespace, &inf.name, &mut outcomes)?;
                        w.add(run.clone(), prov::USED, src.clone());
                        let b = BlankNode::default();
                        w.add(src.clone(), vn::COLUMN_LINEAGE_PROP, b.clone());
                        w.add(iri.clone(), vn::COLUMN_LINEAGE_PROP, b.clone());
                        w.add(b.clone(), rdf::TYPE, vn::COLUMN_LINEAGE);
                        w.add(
                            b.clone(),
                            vn::FROM_COLUMN,
                            Literal::new_simple_literal(format!("{}#{}", src.as_str(), inf.field)),
                        );
                        w.add(
                            b.clone(),
                            vn::TO_COLUMN,
                            Literal::new_simple_literal(format!("{}#{}", iri.as_str(), out_field)),
                        );
                        w.add(b.clone(), prov::WAS_INFLUENCED_BY, run.clone());
                        if let Some(t) = &spec.transformation_type {
                            w.add(
                                b.clone(),
                                vn::TRANSFORMATION,
                                Literal::new_simple_literal(t),
                            );
                        }
                        for t in inf.transformations.iter().flatten() {
                            let label = match &t.subtype {
                                Some(s) => format!("{}/{s}", t.kind),
                                None => t.kind.clone(),
                            };
                            w.add(
                                b.clone(),
                                vn::TRANSFORMATION,
                                Literal::new_simple_literal(label),
                            );
                        }
                    }
                }
            }
        }
    }
    let touched = std::mem::take(&mut w.touched);
    tx.insert_named_graph(&g);
    reconcile_visibility(&mut tx, Some(&before))?;
    tx.commit()?;
    cat.committed(Change::from_subjects(touched));
    Ok(Outcome {
        run: run.into_string(),
        job: job.into_string(),
        graph: g.into_string(),
        event_type: ev.event_type,
        datasets: outcomes,
    })
}
