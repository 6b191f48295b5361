//! SHACL property paths: parsing from the shapes graph, evaluation by index scans, and
//! their RDF and SPARQL forms (report `sh:resultPath`, SHACL-SPARQL `$PATH`).

use crate::error::Result;
use crate::vocab::{rdf, sh};
use oxigraph::model::{BlankNode, Graph, NamedNode, Term, TermRef, Triple};
use std::collections::HashSet;

/// Builds a unary path (inverse, `*`, `+`, `?`) around its inner path.
type MakePath = fn(Box<Path>) -> Path;

/// A property path (SHACL 2.3.1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Path {
    Predicate(NamedNode),
    Inverse(Box<Path>),
    Sequence(Vec<Path>),
    Alternative(Vec<Path>),
    ZeroOrMore(Box<Path>),
    OneOrMore(Box<Path>),
    ZeroOrOne(Box<Path>),
}

/// Nested paths deeper than this are rejected: a cyclic blank-node structure is not a path.
const MAX_DEPTH: usize = 64;

impl Path {
    /// Reads the path rooted at `node`; the error says what is wrong (the caller names the shape).
    pub fn parse(g: &Graph, node: TermRef<'_>) -> std::result::Result<Path, String> {
        Self::parse_depth(g, node, 0)
    }

    fn parse_depth(
        g: &Graph,
        node: TermRef<'_>,
        depth: usize,
    ) -> std::result::Result<Path, String> {
        if depth > MAX_DEPTH {
            return Err("the path is nested too deeply (cyclic path structure?)".into());
        }
        let b = match node {
            TermRef::NamedNode(n) => return Ok(Path::Predicate(n.into_owned())),
            TermRef::BlankNode(b) => b,
            TermRef::Literal(l) => return Err(format!("a literal ({l}) is not a property path")),
            #[allow(unreachable_patterns)]
            _ => return Err(format!("{node} is not a property path")),
        };
        let one = |p| -> std::result::Result<Option<Term>, String> {
            let mut it = g.objects_for_subject_predicate(b, p);
            let first = it.next().map(|t| t.into_owned());
            if first.is_some() && it.next().is_some() {
                return Err(format!("the path node {b} has several values for {p}"));
            }
            Ok(first)
        };
        if g.object_for_subject_predicate(b, rdf::FIRST).is_some() {
            let items = read_list(g, node)?;
            if items.len() < 2 {
                return Err(format!(
                    "a sequence path needs at least two members, {b} has {}",
                    items.len()
                ));
            }
            return items
                .iter()
                .map(|t| Self::parse_depth(g, t.as_ref(), depth + 1))
                .collect::<std::result::Result<_, _>>()
                .map(Path::Sequence);
        }
        let unary: [(_, MakePath); 4] = [
            (sh::INVERSE_PATH, Path::Inverse),
            (sh::ZERO_OR_MORE_PATH, Path::ZeroOrMore),
            (sh::ONE_OR_MORE_PATH, Path::OneOrMore),
            (sh::ZERO_OR_ONE_PATH, Path::ZeroOrOne),
        ];
        let mut found = None;
        for (p, make) in unary {
            if let Some(inner) = one(p)? {
                if found.is_some() {
                    return Err(format!("the path node {b} combines several path kinds"));
                }
                found = Some(make(Box::new(Self::parse_depth(
                    g,
                    inner.as_ref(),
                    depth + 1,
                )?)));
            }
        }
        if let Some(list) = one(sh::ALTERNATIVE_PATH)? {
            if found.is_some() {
                return Err(format!("the path node {b} combines several path kinds"));
            }
            let items = read_list(g, list.as_ref())?;
            if items.len() < 2 {
                return Err(format!(
                    "sh:alternativePath needs a list of at least two paths, {b} has {}",
                    items.len()
                ));
            }
            found = Some(Path::Alternative(
                items
                    .iter()
                    .map(|t| Self::parse_depth(g, t.as_ref(), depth + 1))
                    .collect::<std::result::Result<_, _>>()?,
            ));
        }
        found.ok_or_else(|| format!("the blank node {b} is not a property path (no list, sh:inversePath, sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath or sh:zeroOrOnePath)"))
    }

    /// The predicate when the path is a single IRI.
    pub fn as_predicate(&self) -> Option<&NamedNode> {
        match self {
            Path::Predicate(p) => Some(p),
            _ => None,
        }
    }

    /// SPARQL 1.1 property path syntax (for `$PATH` substitution).
    pub fn to_sparql(&self) -> String {
        match self {
            Path::Predicate(p) => p.to_string(),
            Path::Inverse(p) => format!("^({})", p.to_sparql()),
            Path::Sequence(v) => format!(
                "({})",
                v.iter().map(Path::to_sparql).collect::<Vec<_>>().join("/")
            ),
            Path::Alternative(v) => format!(
                "({})",
                v.iter().map(Path::to_sparql).collect::<Vec<_>>().join("|")
            ),
            Path::ZeroOrMore(p) => format!("({})*", p.to_sparql()),
            Path::OneOrMore(p) => format!("({})+", p.to_sparql()),
            Path::ZeroOrOne(p) => format!("({})?", p.to_sparql()),
        }
    }

    /// Writes the SHACL RDF form of the path into `g` (fresh blank nodes) and returns its node.
    pub fn write_rdf(&self, g: &mut Graph) -> Term {
        let unary = |g: &mut Graph, p: NamedNode, inner: &Path| {
            let b = BlankNode::default();
            let o = inner.write_rdf(g);
            g.insert(&Triple::new(b.clone(), p, o));
            Term::from(b)
        };
        match self {
            Path::Predicate(p) => p.clone().into(),
            Path::Inverse(p) => unary(g, sh::INVERSE_PATH.into(), p),
            Path::ZeroOrMore(p) => unary(g, sh::ZERO_OR_MORE_PATH.into(), p),
            Path::OneOrMore(p) => unary(g, sh::ONE_OR_MORE_PATH.into(), p),
            Path::ZeroOrOne(p) => unary(g, sh::ZERO_OR_ONE_PATH.into(), p),
            Path::Sequence(v) => write_list(g, v),
            Path::Alternative(v) => {
                let b = BlankNode::default();
                let l = write_list(g, v);
                g.insert(&Triple::new(b.clone(), sh::ALTERNATIVE_PATH, l));
                b.into()
            }
        }
    }

    /// The value nodes reached from `focus` (a set, in discovery order).
    pub(crate) fn eval(&self, data: &dyn PathSource, focus: &Term) -> Result<Vec<Term>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        self.step(data, focus, false, &mut |t| {
            if seen.insert(t.clone()) {
                out.push(t);
            }
        })?;
        Ok(out)
    }

    fn step(
        &self,
        data: &dyn PathSource,
        node: &Term,
        inverse: bool,
        emit: &mut dyn FnMut(Term),
    ) -> Result<()> {
        match self {
            Path::Predicate(p) => {
                let values = if inverse {
                    data.subjects(p, node)?
                } else {
                    data.objects(node, p)?
                };
                for v in values.iter() {
                    emit(v.clone());
                }
            }
            Path::Inverse(p) => p.step(data, node, !inverse, emit)?,
            Path::Alternative(v) => {
                for p in v {
                    p.step(data, node, inverse, emit)?;
                }
            }
            Path::Sequence(v) => {
                let mut current = vec![node.clone()];
                let ordered: Vec<&Path> = if inverse {
                    v.iter().rev().collect()
                } else {
                    v.iter().collect()
                };
                for p in ordered {
                    let mut next = Vec::new();
                    let mut seen = HashSet::new();
                    for n in &current {
                        p.step(data, n, inverse, &mut |t| {
                            if seen.insert(t.clone()) {
                                next.push(t);
                            }
                        })?;
                    }
                    current = next;
                }
                for t in current {
                    emit(t);
                }
            }
            Path::ZeroOrOne(p) => {
                emit(node.clone());
                p.step(data, node, inverse, emit)?;
            }
            Path::ZeroOrMore(p) | Path::OneOrMore(p) => {
                // Breadth-first closure; the visited set makes cycles terminate.
                let mut seen = HashSet::new();
                let mut frontier = vec![node.clone()];
                if matches!(self, Path::ZeroOrMore(_)) {
                    seen.insert(node.clone());
                    emit(node.clone());
                }
                while let Some(n) = frontier.pop() {
                    let mut found = Vec::new();
                    p.step(data, &n, inverse, &mut |t| found.push(t))?;
                    for t in found {
                        if seen.insert(t.clone()) {
                            emit(t.clone());
                            frontier.push(t);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// What path evaluation needs from the data: both directions of one predicate.
pub(crate) trait PathSource {
    fn objects(&self, s: &Term, p: &NamedNode) -> Result<std::rc::Rc<[Term]>>;
    fn subjects(&self, p: &NamedNode, o: &Term) -> Result<std::rc::Rc<[Term]>>;
}

/// Reads an RDF list; errors on a malformed or cyclic list.
pub(crate) fn read_list(g: &Graph, head: TermRef<'_>) -> std::result::Result<Vec<Term>, String> {
    let mut items = Vec::new();
    let mut node = head.into_owned();
    let mut seen = HashSet::new();
    loop {
        match &node {
            Term::NamedNode(n) if n.as_ref() == rdf::NIL => return Ok(items),
            Term::NamedNode(_) | Term::BlankNode(_) => {}
            other => return Err(format!("{other} is not an RDF list")),
        }
        if !seen.insert(node.clone()) {
            return Err(format!("the RDF list at {head} is cyclic"));
        }
        let subject = match &node {
            Term::NamedNode(n) => oxigraph::model::NamedOrBlankNodeRef::from(n.as_ref()),
            Term::BlankNode(b) => b.as_ref().into(),
            _ => unreachable!("checked above"),
        };
        let first = g
            .object_for_subject_predicate(subject, rdf::FIRST)
            .ok_or_else(|| format!("{node} is not an RDF list (no rdf:first)"))?;
        let rest = g
            .object_for_subject_predicate(subject, rdf::REST)
            .ok_or_else(|| format!("the RDF list node {node} has no rdf:rest"))?;
        items.push(first.into_owned());
        node = rest.into_owned();
    }
}

fn write_list(g: &mut Graph, items: &[Path]) -> Term {
    let mut tail: Term = rdf::NIL.into();
    for p in items.iter().rev() {
        let b = BlankNode::default();
        let v = p.write_rdf(g);
        g.insert(&Triple::new(b.clone(), rdf::FIRST, v));
        g.insert(&Triple::new(b.clone(), rdf::REST, tail));
        tail = b.into();
    }
    tail
}
