//! The lineage adjacency index: every edge along which data flows, read from the store with
//! a handful of predicate scans, interned to integer ids, and cached per store version.
//!
//! Edges point the way data flows (source → consumer):
//! - `?d prov:wasDerivedFrom ?u` gives `u → d` (derived-from);
//! - `?a prov:used ?u` and `?a prov:generated ?d` (or `?d prov:wasGeneratedBy ?a`) give
//!   `u → d` for every pair, carrying the activity `a` (activity);
//! - `?s dcat:servesDataset ?d`, and `?d dcat:distribution/dcat:accessService ?s`, give
//!   `d → s` (served-by: whoever uses the gateway service depends on `d`);
//! - `?a odrl:target ?d` (on the agreement or on one of its permissions) gives `d → a`
//!   (shared-under), and `?a odrl:assignee ?g` gives `a → g` (shared-with: the receiving agency).
//!
//! Column lineage (`vn:fromColumn "<dataset>#<column>"`, `vn:toColumn ...`, whatever record
//! carries them) is attached to the dataset edge it refines.

use crate::error::Result;
use crate::store::Catalogue;
use crate::vocab::{code, dcat, eu, graph, odrl, prov, vn};
use oxigraph::model::{GraphName, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// What kind of thing a lineage node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Dataset,
    DataService,
    Agreement,
    Agency,
    /// A record the reader may not see (anonymous callers only): see the module docs.
    NonPublic,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Dataset => "dataset",
            NodeKind::DataService => "data-service",
            NodeKind::Agreement => "agreement",
            NodeKind::Agency => "agency",
            NodeKind::NonPublic => "non-public",
        }
    }
}

/// Why an edge exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    DerivedFrom,
    Activity,
    ServedBy,
    SharedUnder,
    SharedWith,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::DerivedFrom => "derived-from",
            EdgeKind::Activity => "activity",
            EdgeKind::ServedBy => "served-by",
            EdgeKind::SharedUnder => "shared-under",
            EdgeKind::SharedWith => "shared-with",
        }
    }
}

/// Who may follow an edge: `Public` edges live in public graphs or in a restricted companion
/// (they then touch a non-public record, which anonymous readers see as an opaque node);
/// `AdminOnly` edges exist only in administrator graphs (quarantine, validation, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    Public,
    AdminOnly,
}

fn reach_of(g: &GraphName) -> Reach {
    match g {
        GraphName::NamedNode(n) if graph::is_restricted(n.as_str()) => Reach::Public,
        GraphName::NamedNode(n) if graph::is_admin_only(n.as_str()) => Reach::AdminOnly,
        _ => Reach::Public,
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub from: u32,
    pub to: u32,
    pub kind: EdgeKind,
    pub activities: Vec<u32>,
    pub reach: Reach,
    /// (source column, target column) pairs, column names only.
    pub columns: Vec<(String, String)>,
}

/// Access level of a record, from `dct:accessRights` and `vn:accessScope`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessLevel {
    #[default]
    Public,
    Restricted,
    NonPublic,
}

impl AccessLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::Public => "public",
            AccessLevel::Restricted => "restricted",
            AccessLevel::NonPublic => "non-public",
        }
    }
}

/// The adjacency index of one store version.
pub struct LineageIndex {
    pub(crate) version: u64,
    names: Vec<String>,
    ids: HashMap<String, u32>,
    pub(crate) kinds: Vec<NodeKind>,
    pub(crate) access: Vec<AccessLevel>,
    pub(crate) edges: Vec<Edge>,
    pub(crate) out: Vec<Vec<u32>>,
    pub(crate) inc: Vec<Vec<u32>>,
}

#[derive(Default)]
struct Builder {
    names: Vec<String>,
    ids: HashMap<String, u32>,
    kinds: Vec<NodeKind>,
    edges: Vec<Edge>,
    edge_ids: HashMap<(u32, u32), u32>,
}

impl Builder {
    fn id(&mut self, iri: &str, kind: NodeKind) -> u32 {
        if let Some(&i) = self.ids.get(iri) {
            // A more specific kind wins over the default "dataset".
            if kind != NodeKind::Dataset {
                self.kinds[i as usize] = kind;
            }
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(iri.to_string());
        self.ids.insert(iri.to_string(), i);
        self.kinds.push(kind);
        i
    }

    #[allow(clippy::too_many_arguments)]
    fn edge(
        &mut self,
        from: &str,
        from_kind: NodeKind,
        to: &str,
        to_kind: NodeKind,
        kind: EdgeKind,
        activity: Option<u32>,
        reach: Reach,
    ) {
        let f = self.id(from, from_kind);
        let t = self.id(to, to_kind);
        match self.edge_ids.get(&(f, t)) {
            Some(&e) => {
                let e = &mut self.edges[e as usize];
                if let Some(a) = activity {
                    if !e.activities.contains(&a) {
                        e.activities.push(a);
                    }
                }
                // wasDerivedFrom names the dependency itself; keep it as the edge kind.
                if kind == EdgeKind::DerivedFrom {
                    e.kind = kind;
                }
                if reach == Reach::Public {
                    e.reach = Reach::Public;
                }
            }
            None => {
                self.edge_ids.insert((f, t), self.edges.len() as u32);
                self.edges.push(Edge {
                    from: f,
                    to: t,
                    kind,
                    activities: activity.into_iter().collect(),
                    reach,
                    columns: Vec::new(),
                });
            }
        }
    }
}

fn iri(t: &Term) -> Option<&str> {
    match t {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn subject_iri(s: &NamedOrBlankNode) -> Option<&str> {
    match s {
        NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

fn scan(cat: &Catalogue, p: NamedNodeRef<'_>) -> Result<Vec<Quad>> {
    Ok(cat
        .store()
        .quads_for_pattern(None, Some(p), None, None)
        .collect::<Result<Vec<_>, _>>()?)
}

impl LineageIndex {
    /// Reads every lineage edge of the store (all graphs; access is applied at traversal).
    pub fn build(cat: &Catalogue) -> Result<Self> {
        let version = cat.version();
        let mut b = Builder::default();
        for q in scan(cat, prov::WAS_DERIVED_FROM)? {
            if let (Some(d), Some(u)) = (subject_iri(&q.subject), iri(&q.object)) {
                let r = reach_of(&q.graph_name);
                b.edge(
                    u,
                    NodeKind::Dataset,
                    d,
                    NodeKind::Dataset,
                    EdgeKind::DerivedFrom,
                    None,
                    r,
                );
            }
        }
        // Activities: used × generated.
        let mut used: HashMap<String, Vec<(String, Reach)>> = HashMap::new();
        let mut generated: HashMap<String, Vec<(String, Reach)>> = HashMap::new();
        for q in scan(cat, prov::USED)? {
            if let (Some(a), Some(u)) = (subject_iri(&q.subject), iri(&q.object)) {
                used.entry(a.to_string())
                    .or_default()
                    .push((u.to_string(), reach_of(&q.graph_name)));
            }
        }
        for q in scan(cat, prov::GENERATED)? {
            if let (Some(a), Some(d)) = (subject_iri(&q.subject), iri(&q.object)) {
                generated
                    .entry(a.to_string())
                    .or_default()
                    .push((d.to_string(), reach_of(&q.graph_name)));
            }
        }
        for q in scan(cat, prov::WAS_GENERATED_BY)? {
            if let (Some(d), Some(a)) = (subject_iri(&q.subject), iri(&q.object)) {
                generated
                    .entry(a.to_string())
                    .or_default()
                    .push((d.to_string(), reach_of(&q.graph_name)));
            }
        }
        let mut activity_names: Vec<&String> =
            used.keys().filter(|a| generated.contains_key(*a)).collect();
        activity_names.sort();
        for a in activity_names {
            // Activities are edge labels, not nodes: interned with the dataset kind but never
            // linked, so they do not appear in traversals.
            let aid = b.id(a, NodeKind::Dataset);
            for (u, ru) in &used[a] {
                for (d, rd) in &generated[a] {
                    let r = if *ru == Reach::AdminOnly || *rd == Reach::AdminOnly {
                        Reach::AdminOnly
                    } else {
                        Reach::Public
                    };
                    if u != d {
                        b.edge(
                            u,
                            NodeKind::Dataset,
                            d,
                            NodeKind::Dataset,
                            EdgeKind::Activity,
                            Some(aid),
                            r,
                        );
                    }
                }
            }
        }
        // Gateway services.
        for q in scan(cat, dcat::SERVES_DATASET)? {
            if let (Some(s), Some(d)) = (subject_iri(&q.subject), iri(&q.object)) {
                let r = reach_of(&q.graph_name);
                b.edge(
                    d,
                    NodeKind::Dataset,
                    s,
                    NodeKind::DataService,
                    EdgeKind::ServedBy,
                    None,
                    r,
                );
            }
        }
        for q in scan(cat, dcat::ACCESS_SERVICE)? {
            let (Some(dist), Some(s)) = (subject_iri(&q.subject), iri(&q.object)) else {
                continue;
            };
            let dist_node = oxigraph::model::NamedNodeRef::new_unchecked(dist);
            for dq in cat.store().quads_for_pattern(
                None,
                Some(dcat::DISTRIBUTION_PROP),
                Some(dist_node.into()),
                None,
            ) {
                let dq = dq?;
                if let Some(d) = subject_iri(&dq.subject) {
                    let r = if reach_of(&q.graph_name) == Reach::AdminOnly {
                        Reach::AdminOnly
                    } else {
                        reach_of(&dq.graph_name)
                    };
                    b.edge(
                        d,
                        NodeKind::Dataset,
                        s,
                        NodeKind::DataService,
                        EdgeKind::ServedBy,
                        None,
                        r,
                    );
                }
            }
        }
        // Sharing agreements: the target on the agreement or on one of its permissions.
        let mut permission_of: HashMap<NamedOrBlankNode, String> = HashMap::new();
        for q in scan(cat, odrl::PERMISSION)? {
            if let (Some(a), Ok(p)) = (
                subject_iri(&q.subject),
                NamedOrBlankNode::try_from(q.object.clone()),
            ) {
                permission_of.insert(p, a.to_string());
            }
        }
        for q in scan(cat, odrl::TARGET)? {
            let Some(d) = iri(&q.object) else { continue };
            let agreement = match &q.subject {
                s if permission_of.contains_key(s) => permission_of[s].clone(),
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
                NamedOrBlankNode::BlankNode(_) => continue,
            };
            let r = reach_of(&q.graph_name);
            b.edge(
                d,
                NodeKind::Dataset,
                &agreement,
                NodeKind::Agreement,
                EdgeKind::SharedUnder,
                None,
                r,
            );
        }
        for q in scan(cat, odrl::ASSIGNEE)? {
            if let (Some(a), Some(g)) = (subject_iri(&q.subject), iri(&q.object)) {
                if b.ids.contains_key(a) {
                    let r = reach_of(&q.graph_name);
                    b.edge(
                        a,
                        NodeKind::Agreement,
                        g,
                        NodeKind::Agency,
                        EdgeKind::SharedWith,
                        None,
                        r,
                    );
                }
            }
        }
        // Column lineage, on the dataset edge it refines.
        for q in scan(cat, vn::FROM_COLUMN)? {
            let TermRef::Literal(from) = q.object.as_ref() else {
                continue;
            };
            for tq in cat.store().quads_for_pattern(
                Some(q.subject.as_ref()),
                Some(vn::TO_COLUMN),
                None,
                None,
            ) {
                let tq = tq?;
                let TermRef::Literal(to) = tq.object.as_ref() else {
                    continue;
                };
                let (Some((fd, fc)), Some((td, tc))) =
                    (from.value().rsplit_once('#'), to.value().rsplit_once('#'))
                else {
                    continue;
                };
                let (Some(&f), Some(&t)) = (b.ids.get(fd), b.ids.get(td)) else {
                    continue;
                };
                if let Some(&e) = b.edge_ids.get(&(f, t)) {
                    let pair = (fc.to_string(), tc.to_string());
                    let cols = &mut b.edges[e as usize].columns;
                    if !cols.contains(&pair) {
                        cols.push(pair);
                    }
                }
            }
        }
        // Access levels.
        let mut access = vec![AccessLevel::Public; b.names.len()];
        for (p, o, level) in [
            (
                dct_access_rights(),
                eu::ACCESS_RESTRICTED,
                AccessLevel::Restricted,
            ),
            (
                vn::ACCESS_SCOPE,
                code::SCOPE_SHARED,
                AccessLevel::Restricted,
            ),
            (
                dct_access_rights(),
                eu::ACCESS_NON_PUBLIC,
                AccessLevel::NonPublic,
            ),
            (
                vn::ACCESS_SCOPE,
                code::SCOPE_PRIVATE,
                AccessLevel::NonPublic,
            ),
        ] {
            for q in cat
                .store()
                .quads_for_pattern(None, Some(p), Some(o.into()), None)
            {
                if let Some(s) = subject_iri(&q?.subject) {
                    if let Some(&i) = b.ids.get(s) {
                        access[i as usize] = access[i as usize].max(level);
                    }
                }
            }
        }
        let n = b.names.len();
        let mut out = vec![Vec::new(); n];
        let mut inc = vec![Vec::new(); n];
        for (i, e) in b.edges.iter().enumerate() {
            out[e.from as usize].push(i as u32);
            inc[e.to as usize].push(i as u32);
        }
        Ok(Self {
            version,
            names: b.names,
            ids: b.ids,
            kinds: b.kinds,
            access,
            edges: b.edges,
            out,
            inc,
        })
    }

    pub fn id(&self, iri: &str) -> Option<u32> {
        self.ids.get(iri).copied()
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Nodes that take part in at least one edge.
    pub fn node_count(&self) -> usize {
        (0..self.names.len())
            .filter(|&i| !self.out[i].is_empty() || !self.inc[i].is_empty())
            .count()
    }

    /// Every node that takes part in an edge, as IRIs (tests, diagnostics).
    pub fn nodes(&self) -> BTreeSet<&str> {
        (0..self.names.len())
            .filter(|&i| !self.out[i].is_empty() || !self.inc[i].is_empty())
            .map(|i| self.names[i].as_str())
            .collect()
    }
}

fn dct_access_rights() -> NamedNodeRef<'static> {
    crate::vocab::dct::ACCESS_RIGHTS
}

/// The index of the store's current version, rebuilt after a write (the store version moves
/// with every committed write, see [`Catalogue::committed`]).
#[derive(Default)]
pub struct IndexCache {
    current: Mutex<Option<Arc<LineageIndex>>>,
}

impl IndexCache {
    pub fn get(&self, cat: &Catalogue) -> Result<Arc<LineageIndex>> {
        // Holding the lock while building keeps concurrent callers from building twice.
        let mut cur = self
            .current
            .lock()
            .map_err(|_| crate::Error::Evaluation("lineage index cache poisoned".into()))?;
        if let Some(ix) = cur.as_ref() {
            if ix.version == cat.version() {
                return Ok(ix.clone());
            }
        }
        let t = std::time::Instant::now();
        let ix = Arc::new(LineageIndex::build(cat)?);
        tracing::debug!(edges = ix.edge_count(), elapsed = ?t.elapsed(), "lineage index built");
        *cur = Some(ix.clone());
        Ok(ix)
    }
}
