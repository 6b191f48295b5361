//! Regional search (`/api/search?scope=region`): the same search on this node and on every
//! peer's `/api/search` at once, ranked results merged, facet counts summed, and a status
//! per node, so a dead, slow or failing peer gives a partial answer with its error.
//!
//! Peers are asked with `scope=local` (a peer never fans out again, so two regions that list
//! each other cannot loop), for the first `offset + limit` hits (paging is over the merged
//! list), with the peer's own token only when the caller is this server's administrator;
//! nothing of the caller's credentials is ever forwarded.

use super::client;
use super::fanout::NodeStatus;
use super::peers::Peer;
use crate::error::{Error, Result};
use crate::search::{SearchIndex, SearchRequest, Sort, MAX_SIZE};
use crate::store::{Access, Catalogue};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::time::Instant;

/// Parameters not forwarded as given: paging is redone for the merged list, and peers
/// search locally (`scope` values other than `local`/`region` are the sharing-level facet
/// and are forwarded).
const REWRITTEN: [&str; 3] = ["scope", "page", "size"];

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Facet {
    value: String,
    #[serde(default)]
    label: String,
    count: u64,
}

/// What a node answered: the parts of `/api/search` JSON that are merged.
#[derive(Debug, Deserialize)]
struct Answer {
    total: usize,
    #[serde(default)]
    matched: String,
    hits: Vec<Value>,
    #[serde(default)]
    facets: BTreeMap<String, Vec<Facet>>,
}

/// One node in the answer's `nodes` list.
#[derive(Debug, Serialize)]
pub struct SearchNode {
    #[serde(flatten)]
    pub status: NodeStatus,
    /// `ok`, `timeout` or `error`.
    pub state: &'static str,
    /// Matches on that node (its `total`); `results` counts the hits it sent.
    pub total: usize,
}

/// Runs `req` here and on every peer, and merges.
///
/// Merge: scores are BM25 values of separate indexes (their document frequencies and
/// lengths differ), so they are not compared raw. Each node's scores are divided by that
/// node's top score, which maps every node's ranking into (0, 1] and keeps its own order;
/// hits are then ordered by that normalised score, ties by rank within the node (so equal
/// normalised scores interleave round-robin: every node's first hit, then every second),
/// then by node (this node first, peers by id). With `sort=modified ...` or `title ...`
/// the merged order is by that key instead (titles compared folded), ties as above.
///
/// `pairs` are the caller's query parameters, forwarded to peers except `scope=region`,
/// `page` and `size`. Facet counts are summed per value over the nodes that answered; each node reports
/// at most its facet limit of values, so a long tail may be undercounted.
pub fn regional(
    cat: &Catalogue,
    index: &SearchIndex,
    peers: &[Peer],
    req: &SearchRequest,
    pairs: &[(String, String)],
    access: Access,
) -> Result<Value> {
    let depth = req.offset.saturating_add(req.limit);
    if depth > MAX_SIZE {
        return Err(Error::BadRequest(format!(
            "a regional search reaches at most {MAX_SIZE} hits deep (page × size), not {depth}"
        )));
    }
    let mut forwarded = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        let sharing_level = k == "scope" && !crate::search::is_search_scope(v);
        if !REWRITTEN.contains(&k.as_str()) || sharing_level {
            forwarded.append_pair(k, v);
        }
    }
    forwarded
        .append_pair("scope", "local")
        .append_pair("page", "1")
        .append_pair("size", &depth.max(1).to_string());
    let path = format!("/api/search?{}", forwarded.finish());
    let with_token = access == Access::Admin;
    let mut first = req.clone();
    first.offset = 0;
    first.limit = depth;

    let (local, remote) = std::thread::scope(|s| {
        let handles: Vec<_> = peers
            .iter()
            .map(|p| {
                let path = &path;
                s.spawn(move || {
                    let start = Instant::now();
                    let r = client::get(p, path, with_token).and_then(|b| {
                        serde_json::from_slice::<Answer>(&b)
                            .map_err(|e| format!("unreadable search answer: {e}"))
                    });
                    (r, start.elapsed().as_millis())
                })
            })
            .collect();
        let start = Instant::now();
        let local = index
            .search(cat, &first, access)
            .and_then(|r| serde_json::to_value(r).map_err(|e| Error::Evaluation(e.to_string())))
            .and_then(|v| {
                serde_json::from_value::<Answer>(v).map_err(|e| Error::Evaluation(e.to_string()))
            });
        let local = (local, start.elapsed().as_millis());
        let remote: Vec<_> = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| (Err("internal error".into()), 0))
            })
            .collect();
        (local, remote)
    });
    // This node failing (a bad request) is the caller's error, not a partial answer.
    let (local, local_ms) = local;
    let local = local?;

    let mut nodes = Vec::new();
    let mut answers = Vec::new();
    let results = std::iter::once(("local".to_string(), Ok(local), local_ms)).chain(
        peers
            .iter()
            .zip(remote)
            .map(|(p, (r, ms))| (p.id.clone(), r, ms)),
    );
    for (node, r, millis) in results {
        match r {
            Ok(a) => {
                nodes.push(SearchNode {
                    status: NodeStatus {
                        node: node.clone(),
                        ok: true,
                        results: a.hits.len(),
                        millis,
                        error: None,
                    },
                    state: "ok",
                    total: a.total,
                });
                answers.push((node, a));
            }
            Err(e) => {
                tracing::warn!(peer = %node, error = %e, "regional search: peer failed");
                nodes.push(SearchNode {
                    state: if e.contains("timed out") {
                        "timeout"
                    } else {
                        "error"
                    },
                    status: NodeStatus {
                        node,
                        ok: false,
                        results: 0,
                        millis,
                        error: Some(e),
                    },
                    total: 0,
                });
            }
        }
    }

    let total = answers.iter().map(|(_, a)| a.total).sum::<usize>();
    let matched = if answers.iter().all(|(_, a)| a.matched != "any") {
        "all"
    } else {
        "any"
    };
    let facets = sum_facets(&answers, req.facet_limit);
    let hits: Vec<Value> = merge_hits(answers, req.sort)
        .into_iter()
        .skip(req.offset)
        .take(req.limit)
        .collect();
    Ok(serde_json::json!({
        "scope": "region",
        "total": total,
        "offset": req.offset,
        "limit": req.limit,
        "page": req.offset / req.limit.max(1) + 1,
        "size": req.limit,
        "matched": matched,
        "hits": hits,
        "facets": facets,
        "nodes": nodes,
    }))
}

fn sum_facets(answers: &[(String, Answer)], limit: Option<usize>) -> BTreeMap<String, Vec<Facet>> {
    let mut sums: BTreeMap<String, BTreeMap<String, Facet>> = BTreeMap::new();
    for (_, a) in answers {
        for (name, values) in &a.facets {
            let into = sums.entry(name.clone()).or_default();
            for f in values {
                into.entry(f.value.clone())
                    .and_modify(|g| {
                        g.count += f.count;
                        if g.label.is_empty() {
                            g.label.clone_from(&f.label);
                        }
                    })
                    .or_insert_with(|| f.clone());
            }
        }
    }
    sums.into_iter()
        .map(|(name, values)| {
            let mut v: Vec<Facet> = values.into_values().collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v.truncate(limit.unwrap_or(usize::MAX));
            (name, v)
        })
        .collect()
}

struct Ranked {
    hit: Value,
    node: usize,
    rank: usize,
    normalised: f64,
}

/// The merged order (see [`regional`]); each hit gets `node` and `normalised_score`.
fn merge_hits(answers: Vec<(String, Answer)>, sort: Sort) -> Vec<Value> {
    let mut all = Vec::new();
    for (node, (id, a)) in answers.into_iter().enumerate() {
        let score = |h: &Value| h.get("score").and_then(Value::as_f64).unwrap_or(0.0);
        let top = a.hits.iter().map(score).fold(0.0_f64, f64::max);
        for (rank, mut hit) in a.hits.into_iter().enumerate() {
            let normalised = if top > 0.0 { score(&hit) / top } else { 0.0 };
            if let Some(o) = hit.as_object_mut() {
                o.insert("node".into(), id.clone().into());
                o.insert("normalised_score".into(), normalised.into());
            }
            all.push(Ranked {
                hit,
                node,
                rank,
                normalised,
            });
        }
    }
    let text = |r: &Ranked, key: &str| -> Option<String> {
        r.hit
            .get(key)
            .and_then(Value::as_str)
            .map(crate::text::fold)
    };
    let by_key = |a: &Ranked, b: &Ranked| -> Ordering {
        match sort {
            Sort::Relevance => b
                .normalised
                .partial_cmp(&a.normalised)
                .unwrap_or(Ordering::Equal),
            // Records without a date come last either way.
            Sort::ModifiedDesc | Sort::ModifiedAsc => {
                match (text(a, "modified"), text(b, "modified")) {
                    (Some(x), Some(y)) if sort == Sort::ModifiedDesc => y.cmp(&x),
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
            Sort::TitleAsc => text(a, "title").cmp(&text(b, "title")),
            Sort::TitleDesc => text(b, "title").cmp(&text(a, "title")),
        }
    };
    all.sort_by(|a, b| {
        by_key(a, b)
            .then(a.rank.cmp(&b.rank))
            .then(a.node.cmp(&b.node))
    });
    all.into_iter().map(|r| r.hit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(scores: &[f64]) -> Answer {
        Answer {
            total: scores.len(),
            matched: "all".into(),
            hits: scores
                .iter()
                .enumerate()
                .map(|(i, s)| serde_json::json!({ "iri": format!("x{i}"), "score": s }))
                .collect(),
            facets: BTreeMap::new(),
        }
    }

    #[test]
    fn scores_are_normalised_per_node_and_ties_interleave_by_rank() {
        // Raw scores: the peer's index scores everything ten times higher.
        let merged = merge_hits(
            vec![
                ("local".into(), answer(&[2.0, 1.0])),
                ("ha-tinh".into(), answer(&[20.0, 15.0, 10.0])),
            ],
            Sort::Relevance,
        );
        let order: Vec<String> = merged
            .iter()
            .map(|h| format!("{}/{}", h["node"].as_str().unwrap_or(""), h["iri"]))
            .collect();
        assert_eq!(
            order,
            [
                "local/\"x0\"",
                "ha-tinh/\"x0\"",
                "ha-tinh/\"x1\"",
                "local/\"x1\"",
                "ha-tinh/\"x2\""
            ]
        );
    }

    #[test]
    fn facet_counts_are_summed_per_value() {
        let mut a = answer(&[]);
        a.facets.insert(
            "theme".into(),
            vec![Facet {
                value: "env".into(),
                label: "Môi trường".into(),
                count: 2,
            }],
        );
        let mut b = answer(&[]);
        b.facets.insert(
            "theme".into(),
            vec![
                Facet {
                    value: "env".into(),
                    label: String::new(),
                    count: 3,
                },
                Facet {
                    value: "agri".into(),
                    label: "Nông nghiệp".into(),
                    count: 4,
                },
            ],
        );
        let f = sum_facets(&[("local".into(), a), ("p".into(), b)], Some(50));
        let theme: Vec<(String, u64)> = f["theme"]
            .iter()
            .map(|v| (v.value.clone(), v.count))
            .collect();
        assert_eq!(theme, [("env".to_string(), 5), ("agri".to_string(), 4)]);
        assert_eq!(f["theme"][0].label, "Môi trường");
    }
}
