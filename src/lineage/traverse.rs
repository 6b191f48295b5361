//! Breadth-first traversal over the adjacency index with a depth bound, the reader's access
//! applied, node details read from the store, and cycles found with Tarjan's algorithm.

use super::model::{AccessLevel, EdgeKind, LineageIndex, NodeKind, Reach};
use super::{Direction, LineageOptions};
use crate::error::Result;
use crate::store::{Access, Catalogue};
use crate::vocab::{code, dct, eu, foaf, graph, odrl, prov, rdfs, vn};
use oxigraph::model::{GraphName, NamedNodeRef, Term};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// Where a node sits relative to the dataset asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Root,
    Upstream,
    Downstream,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Node {
    /// The record's IRI, or `non-public:<n>` for a record the reader may not see.
    pub id: String,
    pub kind: NodeKind,
    pub label: Option<String>,
    pub agency: Option<String>,
    pub agency_name: Option<String>,
    /// Province slug taken from the catalogue host (`data.<province>.gov.vn`).
    pub province: Option<String>,
    pub access: AccessLevel,
    /// Held by another province's catalogue (followed through [`super::RemoteLineage`]).
    pub external: bool,
    pub side: Side,
    /// Shortest number of edges from the root.
    pub distance: usize,
    /// Whether a [`super::RemoteLineage`] peer supplied this node.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remote: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ColumnEdge {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnEdge>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActivityInfo {
    pub id: String,
    pub label: Option<String>,
    pub agency: Option<String>,
    pub started: Option<String>,
    pub ended: Option<String>,
    /// OpenLineage run state (START, RUNNING, COMPLETE, FAIL, ABORT) when reported.
    pub state: Option<String>,
}

/// How one cross-province record was followed through a peer (or why it was not).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RemoteFollow {
    /// The record asked about.
    pub iri: String,
    /// The peer that holds it, when one does.
    pub peer: Option<String>,
    pub ok: bool,
    /// Records the peer's answer added.
    pub nodes: usize,
    pub millis: u128,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A lineage neighbourhood: what the API, the CLI and the renderers share.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lineage {
    pub root: String,
    pub direction: Direction,
    pub depth: usize,
    pub nodes: Vec<Node>,
    pub edges: Vec<Link>,
    pub activities: Vec<ActivityInfo>,
    /// Strongly connected groups of two or more nodes (or a node derived from itself):
    /// bad data, reported and never followed twice.
    pub cycles: Vec<Vec<String>>,
    /// Some node at the depth bound has further edges (or the time for peers ran out).
    pub truncated: bool,
    /// Cross-province records followed through peers, one entry per call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote: Vec<RemoteFollow>,
}

/// Facts about one record, read from the graphs the reader may see.
#[derive(Default, Clone)]
pub(crate) struct Details {
    pub label: Option<String>,
    pub agency: Option<String>,
    pub agency_name: Option<String>,
    /// From the access marks the reader may see (the index has them for linked records).
    pub access: AccessLevel,
}

fn visible(g: &GraphName, access: Access) -> bool {
    match (access, g) {
        (Access::Admin, _) => true,
        (Access::Public, GraphName::NamedNode(n)) => !graph::is_admin_only(n.as_str()),
        (Access::Public, GraphName::DefaultGraph) => true,
        (Access::Public, GraphName::BlankNode(_)) => false,
    }
}

/// Values of `p` on `s` the reader may see; Vietnamese literals first.
pub(crate) fn values(
    cat: &Catalogue,
    s: &str,
    p: NamedNodeRef<'_>,
    access: Access,
) -> Result<Vec<Term>> {
    let s = NamedNodeRef::new_unchecked(s);
    let mut v: Vec<Term> = Vec::new();
    for q in cat
        .store()
        .quads_for_pattern(Some(s.into()), Some(p), None, None)
    {
        let q = q?;
        if visible(&q.graph_name, access) {
            v.push(q.object);
        }
    }
    v.sort_by_key(|t| match t {
        Term::Literal(l) if l.language() == Some("vi") => 0,
        Term::Literal(l) if l.language().is_none() => 1,
        _ => 2,
    });
    Ok(v)
}

pub(crate) fn first_text(
    cat: &Catalogue,
    s: &str,
    ps: &[NamedNodeRef<'_>],
    access: Access,
) -> Result<Option<String>> {
    for p in ps {
        if let Some(t) = values(cat, s, *p, access)?.into_iter().next() {
            return Ok(Some(match t {
                Term::Literal(l) => crate::text::nfc(l.value()),
                Term::NamedNode(n) => n.into_string(),
                Term::BlankNode(b) => format!("_:{}", b.as_str()),
            }));
        }
    }
    Ok(None)
}

/// One scan of the record's triples picks its label and agency (several lookups per node
/// would dominate an answer's cost); agency names are remembered across one answer.
pub(crate) fn details(
    cat: &Catalogue,
    iri: &str,
    kind: NodeKind,
    access: Access,
    names: &mut HashMap<String, Option<String>>,
) -> Result<Details> {
    const LABELS: [NamedNodeRef<'static>; 3] = [dct::TITLE, foaf::NAME, rdfs::LABEL];
    const AGENCIES: [NamedNodeRef<'static>; 4] = [
        dct::PUBLISHER,
        vn::CUSTODIAN,
        odrl::ASSIGNER,
        prov::WAS_ASSOCIATED_WITH,
    ];
    // (rank of the property, rank of the language) → best value so far.
    let mut label: Option<((usize, u8), String)> = None;
    let mut agency: Option<(usize, String)> = None;
    let mut level = AccessLevel::Public;
    let s = NamedNodeRef::new_unchecked(iri);
    for q in cat
        .store()
        .quads_for_pattern(Some(s.into()), None, None, None)
    {
        let q = q?;
        if !visible(&q.graph_name, access) {
            continue;
        }
        if q.predicate == dct::ACCESS_RIGHTS || q.predicate == vn::ACCESS_SCOPE {
            if let Term::NamedNode(o) = &q.object {
                let l = if *o == eu::ACCESS_NON_PUBLIC || *o == code::SCOPE_PRIVATE {
                    AccessLevel::NonPublic
                } else if *o == eu::ACCESS_RESTRICTED || *o == code::SCOPE_SHARED {
                    AccessLevel::Restricted
                } else {
                    AccessLevel::Public
                };
                level = level.max(l);
            }
        }
        if let Some(r) = LABELS.iter().position(|p| *p == q.predicate.as_ref()) {
            if let Term::Literal(l) = &q.object {
                let lang = match l.language() {
                    Some("vi") => 0,
                    None => 1,
                    _ => 2,
                };
                if label.as_ref().is_none_or(|(k, _)| (r, lang) < *k) {
                    label = Some(((r, lang), crate::text::nfc(l.value())));
                }
            }
        } else if let Some(r) = AGENCIES.iter().position(|p| *p == q.predicate.as_ref()) {
            if let Term::NamedNode(n) = &q.object {
                if agency.as_ref().is_none_or(|(k, _)| r < *k) {
                    agency = Some((r, n.as_str().to_string()));
                }
            }
        }
    }
    let agency = if kind == NodeKind::Agency {
        Some(iri.to_string())
    } else {
        agency.map(|(_, a)| a)
    };
    let agency_name = match &agency {
        Some(a) => match names.get(a) {
            Some(n) => n.clone(),
            None => {
                let n = first_text(cat, a, &[foaf::NAME], access)?;
                names.insert(a.clone(), n.clone());
                n
            }
        },
        None => None,
    };
    Ok(Details {
        label: label.map(|(_, l)| l),
        agency,
        agency_name,
        access: level,
    })
}

/// Province slug from a catalogue IRI `https://data.<host>.gov.vn/...`.
pub fn province_of(iri: &str) -> Option<String> {
    let host = iri
        .strip_prefix("https://data.")
        .or_else(|| iri.strip_prefix("http://data."))?;
    let host = host.split('/').next()?.strip_suffix(".gov.vn")?;
    Some(match host {
        "nghean" => "nghe-an".to_string(),
        "hatinh" => "ha-tinh".to_string(),
        "thanhhoa" => "thanh-hoa".to_string(),
        other => other.to_string(),
    })
}

/// The raw walk: node ids with side and distance, edge ids, and whether the bound cut it.
pub(crate) struct Walk {
    pub nodes: Vec<(u32, Side, usize)>,
    pub edges: BTreeSet<u32>,
    pub truncated: bool,
}

pub(crate) fn walk(
    ix: &LineageIndex,
    root: u32,
    dir: Direction,
    depth: usize,
    access: Access,
) -> Walk {
    let mut nodes = vec![(root, Side::Root, 0)];
    let mut seen: HashMap<u32, usize> = HashMap::from([(root, 0)]);
    let mut edges = BTreeSet::new();
    let mut truncated = false;
    let hidden = |n: u32| access == Access::Public && ix.access[n as usize] != AccessLevel::Public;
    let sides: &[Side] = match dir {
        Direction::Up => &[Side::Upstream],
        Direction::Down => &[Side::Downstream],
        Direction::Both => &[Side::Upstream, Side::Downstream],
    };
    for &side in sides {
        let mut dist: HashMap<u32, usize> = HashMap::from([(root, 0)]);
        let mut queue = VecDeque::from([root]);
        while let Some(u) = queue.pop_front() {
            let d = dist[&u];
            // An anonymous reader sees that a non-public record is there, never beyond it.
            if u != root && hidden(u) {
                continue;
            }
            let list = if side == Side::Upstream {
                &ix.inc[u as usize]
            } else {
                &ix.out[u as usize]
            };
            for &e in list {
                let edge = &ix.edges[e as usize];
                if access == Access::Public && edge.reach == Reach::AdminOnly {
                    continue;
                }
                if d >= depth {
                    truncated = true;
                    break;
                }
                let v = if side == Side::Upstream {
                    edge.from
                } else {
                    edge.to
                };
                edges.insert(e);
                if let std::collections::hash_map::Entry::Vacant(slot) = dist.entry(v) {
                    slot.insert(d + 1);
                    queue.push_back(v);
                    if let std::collections::hash_map::Entry::Vacant(s) = seen.entry(v) {
                        s.insert(nodes.len());
                        nodes.push((v, side, d + 1));
                    }
                }
            }
        }
    }
    Walk {
        nodes,
        edges,
        truncated,
    }
}

/// Tarjan's strongly connected components over the walked subgraph (iterative: chains in
/// generated catalogues are long enough to overflow a recursive version's stack).
pub(crate) fn cycles(nodes: &[u32], edges: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let idx: HashMap<u32, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let n = nodes.len();
    let mut adj = vec![Vec::new(); n];
    let mut self_loops = BTreeSet::new();
    for &(f, t) in edges {
        if let (Some(&a), Some(&b)) = (idx.get(&f), idx.get(&t)) {
            if a == b {
                self_loops.insert(a);
            }
            adj[a].push(b);
        }
    }
    let (mut index, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut out = Vec::new();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            if *i == 0 {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on[v] = true;
            }
            if *i < adj[v].len() {
                let w = adj[v][*i];
                *i += 1;
                if index[w] == usize::MAX {
                    call.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 || self_loops.contains(&v) {
                    let mut c: Vec<u32> = comp.into_iter().map(|k| nodes[k]).collect();
                    c.sort_unstable();
                    out.push(c);
                }
            }
        }
    }
    out
}

/// The full neighbourhood with details, as `access` may see it.
pub(crate) fn lineage(
    cat: &Catalogue,
    ix: &LineageIndex,
    root: u32,
    dir: Direction,
    depth: usize,
    access: Access,
    opts: &LineageOptions,
) -> Result<Lineage> {
    let w = walk(ix, root, dir, depth, access);
    let hidden = |n: u32| access == Access::Public && ix.access[n as usize] != AccessLevel::Public;
    let mut label_of: HashMap<u32, String> = HashMap::new();
    let mut names = HashMap::new();
    let mut opaque = 0;
    let mut nodes = Vec::with_capacity(w.nodes.len());
    for &(n, side, distance) in &w.nodes {
        let kind = ix.kinds[n as usize];
        if hidden(n) {
            opaque += 1;
            let id = format!("non-public:{opaque}");
            label_of.insert(n, id.clone());
            nodes.push(Node {
                id,
                kind: NodeKind::NonPublic,
                label: None,
                agency: None,
                agency_name: None,
                province: None,
                access: AccessLevel::NonPublic,
                external: false,
                side,
                distance,
                remote: false,
            });
            continue;
        }
        let iri = ix.name(n).to_string();
        let det = details(cat, &iri, kind, access, &mut names)?;
        let province = province_of(&iri);
        let external = province.as_deref().is_some_and(|p| p != opts.home_province);
        label_of.insert(n, iri.clone());
        nodes.push(Node {
            id: iri,
            kind,
            label: det.label,
            agency: det.agency,
            agency_name: det.agency_name,
            province,
            access: ix.access[n as usize],
            external,
            side,
            distance,
            remote: false,
        });
    }
    let mut edges = Vec::with_capacity(w.edges.len());
    let mut activity_ids = BTreeSet::new();
    let mut pairs = Vec::with_capacity(w.edges.len());
    for &e in &w.edges {
        let edge = &ix.edges[e as usize];
        let (Some(from), Some(to)) = (label_of.get(&edge.from), label_of.get(&edge.to)) else {
            continue;
        };
        pairs.push((edge.from, edge.to));
        let open = !hidden(edge.from) && !hidden(edge.to);
        let activities: Vec<String> = if open {
            edge.activities
                .iter()
                .map(|&a| ix.name(a).to_string())
                .collect()
        } else {
            Vec::new()
        };
        activity_ids.extend(activities.iter().cloned());
        edges.push(Link {
            from: from.clone(),
            to: to.clone(),
            kind: edge.kind,
            activities,
            columns: if open {
                edge.columns
                    .iter()
                    .map(|(f, t)| ColumnEdge {
                        from: f.clone(),
                        to: t.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        });
    }
    let mut activities = Vec::new();
    for a in activity_ids {
        activities.push(ActivityInfo {
            label: first_text(cat, &a, &[rdfs::LABEL, dct::TITLE], access)?,
            agency: first_text(cat, &a, &[prov::WAS_ASSOCIATED_WITH], access)?,
            started: first_text(cat, &a, &[prov::STARTED_AT_TIME], access)?,
            ended: first_text(cat, &a, &[prov::ENDED_AT_TIME], access)?,
            state: first_text(cat, &a, &[vn::RUN_STATE], access)?,
            id: a,
        });
    }
    let ids: Vec<u32> = w.nodes.iter().map(|&(n, _, _)| n).collect();
    let mut cycles: Vec<Vec<String>> = cycles(&ids, &pairs)
        .into_iter()
        .map(|c| {
            let mut c: Vec<String> = c
                .into_iter()
                .filter_map(|n| label_of.get(&n).cloned())
                .collect();
            c.sort();
            c
        })
        .collect();
    cycles.sort();
    Ok(Lineage {
        root: label_of.get(&root).cloned().unwrap_or_default(),
        direction: dir,
        depth,
        nodes,
        edges,
        activities,
        cycles,
        truncated: w.truncated,
        remote: Vec::new(),
    })
}
