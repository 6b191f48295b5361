//! Validation on entry: every import (and harvest) passes a SHACL gate record by record.
//! Owns the policy (`--on-invalid reject|quarantine|accept`), the quarantine graphs and their
//! workflow (list, show, re-validate, release, drop), the reports kept in `graph/validation`,
//! and `/api/validation`. The shapes are `shapes/dcat-ap-vn.ttl` (embedded) unless replaced.
//!
//! A *record* is a dataset, service, catalogue, agency, agreement... IRI with its triples, the
//! blank nodes and distributions it owns, and the catalogue links that list it
//! ([`records`]). Under `quarantine` (the default) conforming records go to their target
//! graph and a record with at least one `sh:Violation` goes to
//! `graph/quarantine/<target graph path>` with its report; warnings never block.
//!
//! ```
//! use lienthong::store::Catalogue;
//! use lienthong::gate::{gate, OnInvalid, Origin, Shapes};
//! use oxigraph::io::{RdfFormat, RdfParser};
//! use oxigraph::model::NamedNode;
//! let cat = Catalogue::in_memory()?;
//! let ttl = r#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
//!   <https://data.nghean.gov.vn/dataset/a> a dcat:Dataset ; dct:title "Đất đai"@vi ;
//!     dct:description "Quy hoạch sử dụng đất"@vi ; dct:publisher <https://data.nghean.gov.vn/agency/ubnd-tinh> .
//!   <https://data.nghean.gov.vn/dataset/b> a dcat:Dataset ; dct:title "Land"@en ."#;
//! let quads: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
//!     .for_slice(ttl.as_bytes()).collect::<Result<_, _>>().unwrap();
//! let target = NamedNode::new_unchecked("https://w3id.org/lienthong/graph/source/demo");
//! let out = gate(&cat, quads, &target, &Origin::new("doc"), OnInvalid::Quarantine, &Shapes::dcat_ap_vn()?)?;
//! assert_eq!(out.summary.quarantined, 1); // b: no Vietnamese title, no description, no publisher
//! assert_eq!(out.accepted.len(), 4);      // a goes in: the caller writes these quads
//! # Ok::<_, lienthong::Error>(())
//! ```

mod findings;
mod persist;
pub mod quarantine;
pub mod records;
pub mod reports;

pub use findings::{Finding, FindingSeverity, Shapes, DCAT_AP_VN};
pub use persist::{gate, regate, GateOutcome};
pub(crate) use persist::{plan_records, preclean};

use crate::error::Result;
use crate::store::Catalogue;
use crate::vocab::{dct, foaf, odrl, prov, rdf};
use oxigraph::model::{Graph, GraphName, NamedNode, Quad, Term, TripleRef};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What to do with records that have violations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnInvalid {
    /// Nothing is written when any record has a violation; the command fails with the report.
    Reject,
    /// Conforming records go in; the others wait in a quarantine graph with their report.
    #[default]
    Quarantine,
    /// Everything goes in; reports are kept.
    Accept,
}

/// Where a batch comes from, recorded on each report (`/api/validation?source=`).
#[derive(Clone, Debug)]
pub struct Origin {
    /// `import:<file name>`, a harvest source id...
    pub source: String,
}

impl Origin {
    pub fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

/// The validation an import applies (`ImportOptions::gate`).
#[derive(Clone)]
pub struct GateConfig {
    pub shapes: Arc<Shapes>,
    pub policy: OnInvalid,
    pub origin: Origin,
}

impl std::fmt::Debug for GateConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GateConfig")
            .field("policy", &self.policy)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Counts over one gated batch.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct GateSummary {
    pub policy: Option<OnInvalid>,
    pub records: usize,
    pub conforming: usize,
    /// Records written to their target graph although they have violations (`accept`).
    pub accepted_with_violations: usize,
    pub quarantined: usize,
    /// Records released from quarantine (re-validation).
    pub released: usize,
    pub violations: usize,
    pub warnings: usize,
}

/// One record and what the shapes found about it.
#[derive(Clone, Debug)]
pub struct RecordVerdict {
    pub root: Term,
    pub findings: Vec<Finding>,
    /// The record's quads in their target graphs.
    pub quads: Vec<Quad>,
    pub agency: Option<NamedNode>,
    /// No restriction mark on the record: an anonymous reader may see its report.
    pub public: bool,
}

impl RecordVerdict {
    pub fn violations(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == FindingSeverity::Violation)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == FindingSeverity::Warning)
            .count()
    }
    pub fn conforms(&self) -> bool {
        self.violations() == 0
    }
    pub fn target_graphs(&self) -> BTreeSet<NamedNode> {
        self.quads
            .iter()
            .filter_map(|q| match &q.graph_name {
                GraphName::NamedNode(g) => Some(g.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Validates `quads` (graph names = their targets) with `context` (what the store already
/// says about the same records) and splits them into records with their findings.
pub(crate) fn evaluate(
    shapes: &Shapes,
    quads: Vec<Quad>,
    context: &[Quad],
) -> Result<Vec<RecordVerdict>> {
    let grouping = records::group(&quads, context);
    let mut data = Graph::new();
    for q in &quads {
        data.insert(TripleRef::new(&q.subject, &q.predicate, &q.object));
    }
    // The store keeps some literals in a normalised datatype (xsd:nonNegativeInteger →
    // xsd:integer): a stored copy of a value the batch carries again is the same value.
    let batch_values: std::collections::HashSet<(
        &oxigraph::model::NamedOrBlankNode,
        &NamedNode,
        &str,
    )> = quads
        .iter()
        .filter_map(|q| match &q.object {
            Term::Literal(l) => Some((&q.subject, &q.predicate, l.value())),
            _ => None,
        })
        .collect();
    for q in context {
        if let Term::Literal(l) = &q.object {
            if batch_values.contains(&(&q.subject, &q.predicate, l.value())) {
                continue;
            }
        }
        data.insert(TripleRef::new(&q.subject, &q.predicate, &q.object));
    }
    // What reports need from the graph is read before the engine takes it.
    let about: Vec<(Option<NamedNode>, bool)> = grouping
        .roots
        .iter()
        .map(|root| {
            let public = match root {
                Term::NamedNode(n) => !data
                    .triples_for_subject(n)
                    .any(|t| crate::store::is_restriction_mark(t.predicate.as_str(), t.object)),
                _ => true,
            };
            (agency_of(root, &data), public)
        })
        .collect();
    let findings = shapes.validate(data)?;
    let index: HashMap<&Term, usize> = grouping
        .roots
        .iter()
        .enumerate()
        .map(|(i, r)| (r, i))
        .collect();
    let mut per_record: Vec<Vec<Finding>> = vec![Vec::new(); grouping.roots.len()];
    for f in findings {
        let root = grouping.owners.root(&f.focus);
        match index.get(&root) {
            Some(&i) => per_record[i].push(f),
            None => {
                // Only context data (records already in the store) is involved: not this batch's fault.
                tracing::debug!(focus = %f.focus, "finding outside the batch ignored");
            }
        }
    }
    let mut slots: Vec<Option<Quad>> = quads.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(grouping.roots.len());
    for (((root, members), findings), (agency, public)) in grouping
        .roots
        .into_iter()
        .zip(grouping.members)
        .zip(per_record)
        .zip(about)
    {
        let quads: Vec<Quad> = members.iter().filter_map(|&i| slots[i].take()).collect();
        out.push(RecordVerdict {
            root,
            findings,
            quads,
            agency,
            public,
        });
    }
    Ok(out)
}

/// The agency a record is about, for filtering reports: its publisher (else its custodian or
/// creator, the sharing party of an agreement, the agency that ran an activity), or the
/// record itself when it is an agency.
fn agency_of(root: &Term, data: &Graph) -> Option<NamedNode> {
    let subject = match root {
        Term::NamedNode(n) => n.as_ref(),
        _ => return None,
    };
    if data.contains(TripleRef::new(subject, rdf::TYPE, foaf::ORGANIZATION)) {
        return Some(subject.into_owned());
    }
    for p in [
        dct::PUBLISHER,
        crate::vocab::vn::CUSTODIAN,
        dct::CREATOR,
        odrl::ASSIGNER,
        prov::WAS_ASSOCIATED_WITH,
    ] {
        for o in data.objects_for_subject_predicate(subject, p) {
            if let oxigraph::model::TermRef::NamedNode(n) = o {
                return Some(n.into_owned());
            }
        }
    }
    None
}

/// Import, small files: validates the whole parsed file before anything is written.
pub(crate) fn plan_import(
    cat: &Catalogue,
    quads: Vec<Quad>,
    gate: &GateConfig,
) -> Result<persist::Plan> {
    persist::plan(cat, quads, &gate.origin, gate.policy, &gate.shapes)
}

/// Import, small files: replaces older reports and quarantined copies of the batch's records
/// (one transaction), then returns every quad for the import's single bulk load.
pub(crate) fn prepare_write(
    cat: &Catalogue,
    plan: persist::Plan,
) -> Result<(Vec<Quad>, GateSummary)> {
    if !cat.is_empty()? {
        let mut tx = cat.store().start_transaction()?;
        persist::preclean(&mut tx, &plan.roots)?;
        tx.commit()?;
    }
    let mut quads = plan.accepted;
    quads.extend(plan.side);
    Ok((quads, plan.summary))
}

/// Import, streamed files: `reject` would need the whole file in memory before writing.
pub(crate) fn check_streamable(name: &str, gate: &GateConfig) -> Result<()> {
    if gate.policy == OnInvalid::Reject {
        return Err(crate::Error::Input {
            file: name.to_string(),
            message: "--on-invalid reject is not available for files streamed from disk (N-Triples/N-Quads over 64 MB): they are validated after loading, record batch by record batch; use quarantine or accept, or split the file".into(),
        });
    }
    Ok(())
}

/// Records validated per transaction when validating from the store.
const STORE_BATCH: usize = 500;

/// Import, streamed files: validates what was just loaded into `graphs`, reading records
/// back from the store in batches, so memory follows the batch (plus one string per record
/// root), not the file. Non-conforming records move to quarantine (`quarantine`), or only get
/// a report (`accept`).
pub fn validate_loaded(
    cat: &Catalogue,
    graphs: &BTreeSet<String>,
    gate: &GateConfig,
) -> Result<GateSummary> {
    use oxigraph::model::{GraphNameRef, NamedOrBlankNode};
    let store = cat.store();
    let mut roots: BTreeSet<String> = BTreeSet::new();
    for g in graphs {
        let g = NamedNode::new_unchecked(g.clone());
        for q in
            store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
        {
            if let NamedOrBlankNode::NamedNode(s) = q?.subject {
                if !roots.contains(s.as_str()) {
                    roots.insert(s.into_string());
                }
            }
        }
    }
    let in_import =
        |g: &GraphName| matches!(g, GraphName::NamedNode(n) if graphs.contains(n.as_str()));
    let mut total = GateSummary {
        policy: Some(gate.policy),
        ..GateSummary::default()
    };
    let mut batch: Vec<Term> = Vec::with_capacity(STORE_BATCH);
    let flush = |batch: &mut Vec<Term>, total: &mut GateSummary| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let s = regate(
            cat,
            batch,
            &in_import,
            &gate.origin,
            &gate.shapes,
            gate.policy,
            false,
        )?;
        total.records += s.records;
        total.conforming += s.conforming;
        total.quarantined += s.quarantined;
        total.accepted_with_violations += s.accepted_with_violations;
        total.violations += s.violations;
        total.warnings += s.warnings;
        batch.clear();
        Ok(())
    };
    for r in roots {
        let n = NamedNode::new_unchecked(r);
        // Distributions are validated with the dataset that owns them.
        let owned = store
            .quads_for_pattern(
                None,
                Some(crate::vocab::dcat::DISTRIBUTION_PROP),
                Some(n.as_ref().into()),
                None,
            )
            .next()
            .is_some();
        if owned {
            continue;
        }
        batch.push(n.into());
        if batch.len() >= STORE_BATCH {
            flush(&mut batch, &mut total)?;
        }
    }
    flush(&mut batch, &mut total)?;
    Ok(total)
}
