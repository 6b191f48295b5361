//! What a "record" is: a dataset, service, catalogue, agency, agreement... IRI with its own
//! triples, the blank nodes it owns, its distributions, and the catalogue links that list it
//! (`?catalogue dcat:dataset|dcat:service|dcat:catalog <record>`). Records are the unit that
//! is accepted or quarantined, so a catalogue never lists a dataset that waits in quarantine.

use crate::error::Result;
use crate::vocab::{dcat, graph};
use oxigraph::model::{
    GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use std::collections::{HashMap, HashSet};

/// Links from a catalogue to a member; the triple belongs to the member's record.
pub const MEMBERSHIP: [NamedNodeRef<'static>; 3] =
    [dcat::DATASET_PROP, dcat::SERVICE, dcat::CATALOG_PROP];

fn is_membership(p: NamedNodeRef<'_>) -> bool {
    MEMBERSHIP.contains(&p)
}

/// Whether the object of `(_, p, o)` belongs to the subject's record.
fn is_owned(p: NamedNodeRef<'_>, o: TermRef<'_>) -> bool {
    matches!(o, TermRef::BlankNode(_))
        || (p == dcat::DISTRIBUTION_PROP && matches!(o, TermRef::NamedNode(_)))
}

pub(crate) fn subject_term(s: &NamedOrBlankNode) -> Term {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.clone().into(),
        NamedOrBlankNode::BlankNode(b) => b.clone().into(),
    }
}

fn as_subject(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

/// Which record each node belongs to, over a set of triples.
#[derive(Default)]
pub struct Owners {
    parent: HashMap<Term, Term>,
}

impl Owners {
    pub fn observe(&mut self, q: &Quad) {
        if is_owned(q.predicate.as_ref(), q.object.as_ref()) {
            let s = subject_term(&q.subject);
            if s != q.object {
                self.parent.entry(q.object.clone()).or_insert(s);
            }
        }
    }

    /// The record root that `node` belongs to (itself when nothing owns it).
    pub fn root(&self, node: &Term) -> Term {
        let mut cur = node;
        let mut seen = HashSet::new();
        while let Some(p) = self.parent.get(cur) {
            if !seen.insert(cur) {
                break; // a cycle of blank nodes: stop where it closes
            }
            cur = p;
        }
        cur.clone()
    }

    /// The record a quad belongs to.
    pub fn owner_of(&self, q: &Quad) -> Term {
        if is_membership(q.predicate.as_ref()) && matches!(q.object, Term::NamedNode(_)) {
            self.root(&q.object)
        } else {
            self.root(&subject_term(&q.subject))
        }
    }
}

/// Records of a batch: the root of each, in first-seen order, and the indices of its quads.
pub struct Grouping {
    pub roots: Vec<Term>,
    pub members: Vec<Vec<usize>>,
    pub owners: Owners,
}

pub fn group(quads: &[Quad], context: &[Quad]) -> Grouping {
    let mut owners = Owners::default();
    for q in quads.iter().chain(context) {
        owners.observe(q);
    }
    let mut index: HashMap<Term, usize> = HashMap::new();
    let mut roots = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, q) in quads.iter().enumerate() {
        let r = owners.owner_of(q);
        let k = *index.entry(r.clone()).or_insert_with(|| {
            roots.push(r);
            members.push(Vec::new());
            roots.len() - 1
        });
        members[k].push(i);
    }
    Grouping {
        roots,
        members,
        owners,
    }
}

/// Graphs whose content describes records (not bookkeeping, not quarantine, not shapes).
pub fn is_record_graph(g: &GraphName) -> bool {
    match g {
        GraphName::NamedNode(n) => {
            let s = n.as_str();
            !(s == graph::QUARANTINE
                || s.starts_with(&format!("{}/", graph::QUARANTINE))
                || [
                    graph::VALIDATION,
                    graph::HARVEST_LOG,
                    graph::SYSTEM,
                    graph::SHAPES,
                ]
                .contains(&s))
        }
        _ => true,
    }
}

pub fn is_quarantine_graph(g: &GraphName) -> bool {
    matches!(g, GraphName::NamedNode(n) if n.as_str().strip_prefix(graph::QUARANTINE).is_some_and(|rest| rest.starts_with('/')))
}

/// A read-only view of quads by pattern (a store or a transaction).
pub trait QuadSource {
    fn scan(
        &self,
        s: Option<NamedOrBlankNodeRef<'_>>,
        p: Option<NamedNodeRef<'_>>,
        o: Option<TermRef<'_>>,
    ) -> Result<Vec<Quad>>;
}

impl QuadSource for oxigraph::store::Store {
    fn scan(
        &self,
        s: Option<NamedOrBlankNodeRef<'_>>,
        p: Option<NamedNodeRef<'_>>,
        o: Option<TermRef<'_>>,
    ) -> Result<Vec<Quad>> {
        Ok(self
            .quads_for_pattern(s, p, o, None)
            .collect::<Result<Vec<_>, _>>()?)
    }
}

impl QuadSource for oxigraph::store::Transaction<'_> {
    fn scan(
        &self,
        s: Option<NamedOrBlankNodeRef<'_>>,
        p: Option<NamedNodeRef<'_>>,
        o: Option<TermRef<'_>>,
    ) -> Result<Vec<Quad>> {
        Ok(self
            .quads_for_pattern(s, p, o, None)
            .collect::<Result<Vec<_>, _>>()?)
    }
}

/// The stored quads of the record rooted at `root`, in the graphs `keep` accepts: its own
/// triples (except its links to catalogue members, which belong to the members), the blank
/// nodes and distributions it owns (recursively), and the catalogue links that list it.
pub fn stored_record(
    src: &dyn QuadSource,
    root: &Term,
    keep: &dyn Fn(&GraphName) -> bool,
) -> Result<Vec<Quad>> {
    let mut out = Vec::new();
    let Some(root_s) = as_subject(root) else {
        return Ok(out);
    };
    let mut seen: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut stack = vec![root_s.clone()];
    seen.insert(root_s);
    while let Some(s) = stack.pop() {
        for q in src.scan(Some(s.as_ref()), None, None)? {
            if !keep(&q.graph_name) {
                continue;
            }
            // A catalogue's links to its members belong to the members' records.
            if is_membership(q.predicate.as_ref()) && matches!(q.object, Term::NamedNode(_)) {
                continue;
            }
            if is_owned(q.predicate.as_ref(), q.object.as_ref()) {
                if let Some(o) = as_subject(&q.object) {
                    if seen.insert(o.clone()) {
                        stack.push(o);
                    }
                }
            }
            out.push(q);
        }
    }
    if let Term::NamedNode(_) = root {
        for p in MEMBERSHIP {
            for q in src.scan(None, Some(p), Some(root.as_ref()))? {
                if keep(&q.graph_name) {
                    out.push(q);
                }
            }
        }
    }
    Ok(out)
}

/// The IRI of a record root, when it has one.
pub fn root_iri(t: &Term) -> Option<&NamedNode> {
    match t {
        Term::NamedNode(n) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str, p: NamedNodeRef<'_>, o: Term) -> Quad {
        Quad::new(NamedNode::new_unchecked(s), p, o, GraphName::DefaultGraph)
    }

    #[test]
    fn distributions_blank_nodes_and_catalogue_links_belong_to_the_dataset() {
        let d: Term = NamedNode::new_unchecked("https://x.vn/dataset/a").into();
        let dist: Term = NamedNode::new_unchecked("https://x.vn/distribution/a").into();
        let b: Term = oxigraph::model::BlankNode::new_unchecked("t").into();
        let quads = vec![
            q("https://x.vn/catalog/c", dcat::DATASET_PROP, d.clone()),
            q(
                "https://x.vn/dataset/a",
                dcat::DISTRIBUTION_PROP,
                dist.clone(),
            ),
            q("https://x.vn/distribution/a", dcat::ACCESS_URL, d.clone()),
            Quad::new(
                oxigraph::model::BlankNode::new_unchecked("t"),
                dcat::START_DATE,
                oxigraph::model::Literal::from("2026"),
                GraphName::DefaultGraph,
            ),
            q("https://x.vn/dataset/a", crate::vocab::dct::TEMPORAL, b),
            q(
                "https://x.vn/catalog/c",
                crate::vocab::dct::TITLE,
                oxigraph::model::Literal::from("C").into(),
            ),
        ];
        let g = group(&quads, &[]);
        assert_eq!(g.roots.len(), 2);
        assert_eq!(g.roots[0], d);
        assert_eq!(g.members[0], vec![0, 1, 2, 3, 4]);
        assert_eq!(g.members[1], vec![5]);
    }
}
