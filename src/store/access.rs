//! Record-level visibility: which records are non-public, and keeping them in the
//! `<graph>/restricted` companion graphs so that anonymous readers never see them.

use crate::error::Result;
use crate::vocab::{code, dcat, dct, eu, graph, vn};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term, TermRef,
};
use oxigraph::store::Transaction;
use std::collections::HashSet;

/// Whether a (predicate, object) pair marks its subject as non-public.
pub(crate) fn is_restriction_mark(predicate: &str, object: TermRef<'_>) -> bool {
    let TermRef::NamedNode(o) = object else {
        return false;
    };
    (predicate == dct::ACCESS_RIGHTS.as_str()
        && (o == eu::ACCESS_RESTRICTED || o == eu::ACCESS_NON_PUBLIC))
        || (predicate == vn::ACCESS_SCOPE.as_str()
            && (o == code::SCOPE_SHARED || o == code::SCOPE_PRIVATE))
}

/// Whether an edge from a non-public record carries the restriction to its object:
/// the record's distributions and its blank-node structures belong to it.
pub(crate) fn carries_restriction(predicate: &str, object: TermRef<'_>) -> bool {
    matches!(object, TermRef::BlankNode(_))
        || (predicate == dcat::DISTRIBUTION_PROP.as_str()
            && matches!(object, TermRef::NamedNode(_)))
}

fn as_subject(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// Every non-public record and what belongs to it (distributions, blank-node structures),
/// as the store inside `tx` says now.
pub fn hidden_records(tx: &Transaction<'_>) -> Result<HashSet<NamedOrBlankNode>> {
    let mut hidden: HashSet<NamedOrBlankNode> = HashSet::new();
    for (p, o) in [
        (dct::ACCESS_RIGHTS, eu::ACCESS_RESTRICTED),
        (dct::ACCESS_RIGHTS, eu::ACCESS_NON_PUBLIC),
        (vn::ACCESS_SCOPE, code::SCOPE_SHARED),
        (vn::ACCESS_SCOPE, code::SCOPE_PRIVATE),
    ] {
        for q in tx.quads_for_pattern(None, Some(p), Some(o.into()), None) {
            hidden.insert(q?.subject);
        }
    }
    let mut stack: Vec<NamedOrBlankNode> = hidden.iter().cloned().collect();
    while let Some(s) = stack.pop() {
        for q in tx.quads_for_pattern(Some(s.as_ref()), None, None, None) {
            let q = q?;
            if carries_restriction(q.predicate.as_str(), q.object.as_ref()) {
                if let Some(o) = as_subject(&q.object) {
                    if hidden.insert(o.clone()) {
                        stack.push(o);
                    }
                }
            }
        }
    }
    Ok(hidden)
}

fn to_term(s: &NamedOrBlankNode) -> Term {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.clone().into(),
        NamedOrBlankNode::BlankNode(b) => b.clone().into(),
    }
}

/// Brings the store in line with the visibility rules, inside `tx`:
/// triples left in the real default graph move to `graph/local`, triples about non-public
/// records move to their graph's restricted companion, and triples in a restricted companion
/// that no longer concern a non-public record move back.
///
/// With `before` (the [`hidden_records`] of the same transaction before the write), only
/// records whose visibility changed are looked at on the way back, so the cost is
/// proportional to the number of non-public records; without it, every restricted graph is
/// scanned.
pub fn reconcile_visibility(
    tx: &mut Transaction<'_>,
    before: Option<&HashSet<NamedOrBlankNode>>,
) -> Result<()> {
    let local = NamedNode::new_unchecked(graph::LOCAL);
    let defaults: Vec<Quad> = tx
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .collect::<Result<_, _>>()?;
    for q in defaults {
        tx.remove(&q);
        tx.insert(QuadRef::new(&q.subject, &q.predicate, &q.object, &local));
    }
    let hidden = hidden_records(tx)?;

    // Public graphs -> restricted companions.
    let mut to_move = Vec::new();
    for s in &hidden {
        for q in tx.quads_for_pattern(Some(s.as_ref()), None, None, None) {
            to_move.push(q?);
        }
        let as_term: Term = match s {
            NamedOrBlankNode::NamedNode(n) => n.clone().into(),
            NamedOrBlankNode::BlankNode(b) => b.clone().into(),
        };
        for q in tx.quads_for_pattern(None, None, Some(as_term.as_ref()), None) {
            to_move.push(q?);
        }
    }
    for q in to_move {
        let GraphName::NamedNode(g) = &q.graph_name else {
            continue;
        };
        if graph::is_admin_only(g.as_str()) {
            continue;
        }
        let target = NamedNode::new_unchecked(graph::restricted_of(g.as_str()));
        tx.remove(&q);
        tx.insert(QuadRef::new(&q.subject, &q.predicate, &q.object, &target));
    }

    // Restricted companions -> back to public when nothing non-public is involved.
    let is_hidden_term = |t: &Term| as_subject(t).is_some_and(|o| hidden.contains(&o));
    let candidates: Vec<Quad> = match before {
        Some(before) => {
            let mut v = Vec::new();
            for s in before.difference(&hidden) {
                for q in tx.quads_for_pattern(Some(s.as_ref()), None, None, None) {
                    v.push(q?);
                }
                for q in tx.quads_for_pattern(None, None, Some(to_term(s).as_ref()), None) {
                    v.push(q?);
                }
            }
            v.retain(|q| matches!(&q.graph_name, GraphName::NamedNode(g) if graph::is_restricted(g.as_str())));
            v
        }
        None => {
            let restricted_graphs: Vec<NamedNode> = tx
                .named_graphs()
                .filter_map(|g| match g {
                    Ok(NamedOrBlankNode::NamedNode(n)) if graph::is_restricted(n.as_str()) => {
                        Some(Ok(n))
                    }
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<_, _>>()?;
            let mut v = Vec::new();
            for rg in restricted_graphs {
                for q in tx.quads_for_pattern(None, None, None, Some(rg.as_ref().into())) {
                    v.push(q?);
                }
            }
            v
        }
    };
    for q in candidates {
        let GraphName::NamedNode(rg) = &q.graph_name else {
            continue;
        };
        if hidden.contains(&q.subject) || is_hidden_term(&q.object) {
            continue;
        }
        let base = NamedNode::new_unchecked(
            rg.as_str()
                .trim_end_matches(graph::RESTRICTED_SUFFIX)
                .to_string(),
        );
        tx.remove(&q);
        tx.insert(QuadRef::new(&q.subject, &q.predicate, &q.object, &base));
    }
    Ok(())
}
