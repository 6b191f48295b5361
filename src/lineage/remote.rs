//! Following lineage across borders: records held by another province's catalogue are
//! expanded through [`RemoteLineage`] (the peers), and what the peers answer is expanded
//! again, round by round, until the depth bound, a call limit or the time budget stops it.
//!
//! The node asked first drives the whole traversal and asks every holder for its *own*
//! lineage only (peers are asked with `remote=0`): so a chain Nghệ An → Hà Tĩnh → Thanh Hóa
//! shows end to end when only Nghệ An knows the partners, no two nodes ever call each other
//! in a loop, and every peer call is accounted for in [`Lineage::remote`]. A failing peer
//! becomes an entry there with its error; the rest of the answer stands.

use super::traverse::province_of;
use super::{Direction, Lineage, LineageService, NodeKind, RemoteFollow, RemoteLineage, Side};
use crate::error::Result;
use crate::store::{Access, Catalogue};
use crate::vocab::{dcat, graph, rdf};
use oxigraph::model::{GraphName, NamedOrBlankNode, Term};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Instant;

/// Peer calls made at the same time within one round.
const PARALLEL_CALLS: usize = 8;

/// The province of the catalogue's own top-level `dcat:Catalog` (one that no catalogue
/// lists). The peers registry never counts; catalogues in harvested graphs
/// (`graph/source/...`, which may hold other provinces') count only when no other graph has
/// one, as on a partner demo server whose whole catalogue is a source graph.
pub(super) fn home_province(cat: &Catalogue) -> Result<Option<String>> {
    let tier = |g: &GraphName| match g {
        GraphName::NamedNode(n) if n.as_str() == graph::PEERS => None,
        GraphName::NamedNode(n) if n.as_str().starts_with(&graph::source("")) => Some(1),
        _ => Some(0),
    };
    let store = cat.store();
    let mut listed = HashSet::new();
    for q in store.quads_for_pattern(None, Some(dcat::CATALOG_PROP), None, None) {
        let q = q?;
        if let (Some(_), Term::NamedNode(n)) = (tier(&q.graph_name), q.object) {
            listed.insert(n.into_string());
        }
    }
    let mut roots = BTreeSet::new();
    for q in store.quads_for_pattern(None, Some(rdf::TYPE), Some(dcat::CATALOG.into()), None) {
        let q = q?;
        if let (Some(t), NamedOrBlankNode::NamedNode(n)) = (tier(&q.graph_name), q.subject) {
            if !listed.contains(n.as_str()) {
                roots.insert((t, n.into_string()));
            }
        }
    }
    Ok(roots.iter().find_map(|(_, c)| province_of(c)))
}

struct Task {
    iri: String,
    side: Side,
    distance: usize,
}

enum Answer {
    /// From this catalogue (a home record reached through a peer's answer).
    Local(Result<Lineage>),
    Remote {
        holder: Option<String>,
        result: Result<Option<Lineage>>,
        millis: u128,
    },
}

/// Expands the external nodes of `l` through `remote`, in place.
pub(super) fn follow(
    svc: &LineageService,
    remote: &dyn RemoteLineage,
    l: &mut Lineage,
    access: Access,
) -> Result<()> {
    let home = svc.options.home_province.clone();
    let deadline = Instant::now() + svc.options.remote_budget;
    let local = svc.clone().local_only();
    let mut m = Merger::new(l);
    // Records of this province were expanded by the local traversal.
    let mut done: HashSet<String> = l
        .nodes
        .iter()
        .filter(|n| !n.external)
        .map(|n| n.id.clone())
        .collect();
    let mut queue: Vec<Task> = l
        .nodes
        .iter()
        .filter(|n| n.external && n.distance < l.depth && n.kind != NodeKind::NonPublic)
        .map(|n| Task {
            iri: n.id.clone(),
            side: n.side,
            distance: n.distance,
        })
        .collect();
    let mut calls = 0usize;
    while !queue.is_empty() {
        let round: Vec<Task> = std::mem::take(&mut queue)
            .into_iter()
            .filter(|t| done.insert(t.iri.clone()))
            .collect();
        let mut runnable = Vec::new();
        for t in round {
            let is_home = province_of(&t.iri).as_deref() == Some(home.as_str());
            if is_home {
                runnable.push(t);
            } else if Instant::now() >= deadline || calls >= svc.options.max_remote_calls {
                let why = if calls >= svc.options.max_remote_calls {
                    format!(
                        "not followed: more than {} peer calls in one traversal",
                        svc.options.max_remote_calls
                    )
                } else {
                    "not followed: the time for peers ran out".to_string()
                };
                l.remote.push(RemoteFollow {
                    peer: remote.holder(&t.iri),
                    iri: t.iri,
                    ok: false,
                    nodes: 0,
                    millis: 0,
                    error: Some(why),
                });
                l.truncated = true;
            } else {
                calls += 1;
                runnable.push(t);
            }
        }
        let direction_of = |t: &Task| match t.side {
            Side::Upstream => Direction::Up,
            Side::Downstream => Direction::Down,
            Side::Root => l.direction,
        };
        let depth = l.depth;
        let mut answers: Vec<(Task, Answer)> = Vec::with_capacity(runnable.len());
        let mut it = runnable.into_iter().peekable();
        while it.peek().is_some() {
            let chunk: Vec<Task> = it.by_ref().take(PARALLEL_CALLS).collect();
            let got: Vec<Answer> = std::thread::scope(|s| {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|t| {
                        let (dir, left) = (direction_of(t), depth - t.distance);
                        let local = &local;
                        let is_home = province_of(&t.iri).as_deref() == Some(home.as_str());
                        s.spawn(move || {
                            if is_home {
                                return Answer::Local(local.lineage(&t.iri, dir, left, access));
                            }
                            let start = Instant::now();
                            let holder = remote.holder(&t.iri);
                            let result = remote.follow(&t.iri, dir, left, access, deadline);
                            Answer::Remote {
                                holder,
                                result,
                                millis: start.elapsed().as_millis(),
                            }
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Answer::Local(Err(crate::Error::Evaluation(
                                "a lineage worker panicked".into(),
                            )))
                        })
                    })
                    .collect()
            });
            answers.extend(chunk.into_iter().zip(got));
        }
        for (t, answer) in answers {
            match answer {
                Answer::Local(Ok(r)) => {
                    let added = m.merge(l, r, &t, false, &home);
                    queue.extend(next_tasks(l, &added, &t));
                }
                Answer::Local(Err(e)) => {
                    tracing::debug!(iri = %t.iri, error = %e, "home record reached through a peer not expanded");
                }
                Answer::Remote {
                    result: Ok(None), ..
                } => {}
                Answer::Remote {
                    holder,
                    result: Err(e),
                    millis,
                } => {
                    tracing::warn!(iri = %t.iri, peer = ?holder, error = %e, "peer lineage failed");
                    l.remote.push(RemoteFollow {
                        iri: t.iri,
                        peer: holder,
                        ok: false,
                        nodes: 0,
                        millis,
                        error: Some(e.to_string()),
                    });
                }
                Answer::Remote {
                    holder,
                    result: Ok(Some(r)),
                    millis,
                } => {
                    let added = m.merge(l, r, &t, true, &home);
                    l.remote.push(RemoteFollow {
                        iri: t.iri.clone(),
                        peer: holder,
                        ok: true,
                        nodes: added.len(),
                        millis,
                        error: None,
                    });
                    queue.extend(next_tasks(l, &added, &t));
                }
            }
        }
    }
    Ok(())
}

/// New nodes of another holder than the one that just answered (it expanded its own).
fn next_tasks(l: &Lineage, added: &[usize], from: &Task) -> Vec<Task> {
    let answered_by = province_of(&from.iri);
    added
        .iter()
        .map(|&i| &l.nodes[i])
        .filter(|n| n.distance < l.depth && n.kind != NodeKind::NonPublic)
        .filter(|n| n.province.is_some() && province_of(&n.id) != answered_by)
        .map(|n| Task {
            iri: n.id.clone(),
            side: n.side,
            distance: n.distance,
        })
        .collect()
}

/// Adds answers to a lineage without duplicates, renumbering opaque nodes so that two
/// answers' `non-public:1` stay two nodes.
struct Merger {
    position: HashMap<String, usize>,
    edges: HashSet<(String, String)>,
    activities: HashSet<String>,
    opaque: usize,
}

impl Merger {
    fn new(l: &Lineage) -> Self {
        Self {
            position: l
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.clone(), i))
                .collect(),
            edges: l
                .edges
                .iter()
                .map(|e| (e.from.clone(), e.to.clone()))
                .collect(),
            activities: l.activities.iter().map(|a| a.id.clone()).collect(),
            opaque: l
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::NonPublic)
                .count(),
        }
    }

    /// Merges `r` (the lineage of `at.iri`) into `l`; returns the positions of new nodes.
    fn merge(
        &mut self,
        l: &mut Lineage,
        r: Lineage,
        at: &Task,
        remote: bool,
        home: &str,
    ) -> Vec<usize> {
        let mut rename: HashMap<String, String> = HashMap::new();
        for n in r.nodes.iter().filter(|n| n.id.starts_with("non-public:")) {
            self.opaque += 1;
            rename.insert(n.id.clone(), format!("non-public:{}", self.opaque));
        }
        let name = |id: &str| rename.get(id).cloned().unwrap_or_else(|| id.to_string());
        let mut added = Vec::new();
        for mut n in r.nodes {
            if n.side == Side::Root {
                // The holder knows its own record better than our external stub does.
                if let Some(&i) = self.position.get(&at.iri) {
                    let stub = &mut l.nodes[i];
                    stub.label = stub.label.take().or(n.label);
                    stub.agency = stub.agency.take().or(n.agency);
                    stub.agency_name = stub.agency_name.take().or(n.agency_name);
                }
                continue;
            }
            n.id = name(&n.id);
            let distance = n.distance + at.distance;
            if let Some(&i) = self.position.get(&n.id) {
                let known = &mut l.nodes[i];
                known.distance = known.distance.min(distance);
                continue;
            }
            n.distance = distance;
            if at.side != Side::Root {
                n.side = at.side;
            }
            n.remote = remote;
            n.external = n.province.as_deref().is_some_and(|p| p != home);
            self.position.insert(n.id.clone(), l.nodes.len());
            added.push(l.nodes.len());
            l.nodes.push(n);
        }
        for mut e in r.edges {
            e.from = name(&e.from);
            e.to = name(&e.to);
            if self.edges.insert((e.from.clone(), e.to.clone())) {
                l.edges.push(e);
            }
        }
        for a in r.activities {
            if self.activities.insert(a.id.clone()) {
                l.activities.push(a);
            }
        }
        l.cycles.extend(
            r.cycles
                .into_iter()
                .map(|c| c.iter().map(|id| name(id)).collect::<Vec<_>>()),
        );
        l.truncated |= r.truncated;
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_province_is_the_root_catalogues_even_in_a_source_graph() {
        let cat = Catalogue::in_memory().expect("catalogue");
        let dcat = "@prefix dcat: <http://www.w3.org/ns/dcat#> .";
        // A partner demo server: its whole catalogue is a source graph; a peer is registered.
        cat.load_turtle_str(
            &format!("{dcat} <https://data.hatinh.gov.vn/catalog/root> a dcat:Catalog ; dcat:catalog <https://data.hatinh.gov.vn/catalog/open> . <https://data.hatinh.gov.vn/catalog/open> a dcat:Catalog ."),
            &graph::source("demo-ha-tinh"),
        )
        .expect("load");
        cat.load_turtle_str(
            &format!("{dcat} <https://data.thanhhoa.gov.vn/catalog/root> a dcat:Catalog ."),
            graph::PEERS,
        )
        .expect("load");
        assert_eq!(home_province(&cat).expect("read"), Some("ha-tinh".into()));
        // A catalogue of its own outside harvested graphs wins over a harvested one.
        cat.load_turtle_str(
            &format!("{dcat} <https://data.nghean.gov.vn/catalog/root> a dcat:Catalog ."),
            &graph::import("own"),
        )
        .expect("load");
        assert_eq!(home_province(&cat).expect("read"), Some("nghe-an".into()));
    }
}
