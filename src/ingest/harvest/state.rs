//! The per-source record state: what the last successful run wrote, record by record
//! (fingerprint and the source's own stamp), kept in `graph/system`; and the records as
//! stored, which a run replaces or removes.

use super::record::carries;
use crate::error::Result;
use crate::vocab::{graph, harvest as hv};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Transaction;
use std::collections::{BTreeMap, HashSet};

/// The quads of the record rooted at `key` as stored in `graphs` (the source graph and
/// its restricted companion), following carried edges.
pub fn stored_record(tx: &Transaction<'_>, graphs: &[NamedNode], key: &str) -> Result<Vec<Quad>> {
    let mut out = Vec::new();
    let mut seen: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut stack: Vec<NamedOrBlankNode> = vec![NamedNode::new_unchecked(key).into()];
    while let Some(s) = stack.pop() {
        if !seen.insert(s.clone()) {
            continue;
        }
        for g in graphs {
            for q in tx.quads_for_pattern(
                Some(s.as_ref()),
                None,
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                let q = q?;
                if carries(&q.predicate, &q.object) {
                    match &q.object {
                        Term::NamedNode(n) => stack.push(n.clone().into()),
                        Term::BlankNode(b) => stack.push(b.clone().into()),
                        _ => {}
                    }
                }
                out.push(q);
            }
        }
    }
    Ok(out)
}

/// What the previous run remembered about one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remembered {
    pub hash: String,
    pub stamp: Option<String>,
}

/// The record state of a source: key → what the last successful run wrote.
pub type State = BTreeMap<String, Remembered>;

/// State entries are literals `"<sha256> <stamp or -> <record IRI>"` on the source resource
/// in `graph/system`: one triple per record, replaced only when the record changes.
fn encode(key: &str, r: &Remembered) -> Literal {
    Literal::new_simple_literal(format!(
        "{} {} {key}",
        r.hash,
        r.stamp
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace(' ', "_"))
            .unwrap_or_else(|| "-".into())
    ))
}

fn decode(v: &str) -> Option<(String, Remembered)> {
    let mut it = v.splitn(3, ' ');
    let (hash, stamp, key) = (it.next()?, it.next()?, it.next()?);
    Some((
        key.to_string(),
        Remembered {
            hash: hash.to_string(),
            stamp: (stamp != "-").then(|| stamp.to_string()),
        },
    ))
}

pub fn read_state(tx: &Transaction<'_>, source: &NamedNode) -> Result<State> {
    let g = NamedNode::new_unchecked(graph::SYSTEM);
    let mut state = State::new();
    for q in tx.quads_for_pattern(
        Some(source.as_ref().into()),
        Some(hv::RECORD_STATE),
        None,
        Some(g.as_ref().into()),
    ) {
        if let Term::Literal(l) = q?.object {
            if let Some((k, r)) = decode(l.value()) {
                state.insert(k, r);
            }
        }
    }
    Ok(state)
}

/// Replaces one record's state entry (`new` = None: forget the record).
pub fn write_state(
    tx: &mut Transaction<'_>,
    source: &NamedNode,
    key: &str,
    old: Option<&Remembered>,
    new: Option<&Remembered>,
) {
    let g = NamedNode::new_unchecked(graph::SYSTEM);
    if let Some(o) = old {
        tx.remove(&Quad::new(
            source.clone(),
            hv::RECORD_STATE,
            encode(key, o),
            g.clone(),
        ));
    }
    if let Some(n) = new {
        tx.insert(&Quad::new(
            source.clone(),
            hv::RECORD_STATE,
            encode(key, n),
            g,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_entries_round_trip() {
        let r = Remembered {
            hash: "ab".into(),
            stamp: Some("2026-01-01T00:00:00".into()),
        };
        let l = encode("https://x.vn/d", &r);
        assert_eq!(decode(l.value()), Some(("https://x.vn/d".into(), r)));
    }
}
