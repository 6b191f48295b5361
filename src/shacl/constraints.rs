//! The engine: focus nodes from targets, value nodes from paths, and every SHACL Core
//! constraint component evaluated by direct index scans, with per-node caches.

use super::data::DataGraph;
use super::model::{Constraint, Shape, Target};
use super::path::{Path, PathSource};
use super::report::ValidationResult;
use super::shapes::ShapesGraph;
use super::values;
use crate::error::Result;
use crate::vocab::{rdf, sh};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term};
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Cached outgoing triples above this many are dropped (bounded memory on large stores).
const CACHE_BUDGET: usize = 1_000_000;

type Outgoing = Rc<Vec<(NamedNode, Term)>>;

pub(crate) struct Engine<'a> {
    pub sg: &'a ShapesGraph,
    pub data: &'a dyn DataGraph,
    outgoing: RefCell<HashMap<Term, Outgoing>>,
    cached: Cell<usize>,
    /// Direct `rdfs:subClassOf` edges of the data graph, both ways, read once.
    supers: HashMap<Term, Vec<Term>>,
    subs: HashMap<Term, Vec<Term>>,
    super_closure: RefCell<HashMap<Term, Rc<HashSet<Term>>>>,
    memo: RefCell<HashMap<(usize, Term), bool>>,
    active: RefCell<HashSet<(usize, Term)>>,
    pub(crate) sparql: super::sparql_constraints::SparqlState,
}

impl PathSource for Engine<'_> {
    fn objects(&self, s: &Term, p: &NamedNode) -> Result<Rc<[Term]>> {
        Ok(self.objects(s, p.as_ref())?.into())
    }
    fn subjects(&self, p: &NamedNode, o: &Term) -> Result<Rc<[Term]>> {
        Ok(self.data.subjects(p.as_ref(), o)?.into())
    }
}

impl<'a> Engine<'a> {
    pub fn new(sg: &'a ShapesGraph, data: &'a dyn DataGraph) -> Result<Self> {
        let mut supers: HashMap<Term, Vec<Term>> = HashMap::new();
        let mut subs: HashMap<Term, Vec<Term>> = HashMap::new();
        for (s, o) in data.pairs(rdf::SUB_CLASS_OF)? {
            supers.entry(s.clone()).or_default().push(o.clone());
            subs.entry(o).or_default().push(s);
        }
        Ok(Self {
            sg,
            data,
            outgoing: RefCell::default(),
            cached: Cell::new(0),
            supers,
            subs,
            super_closure: RefCell::default(),
            memo: RefCell::default(),
            active: RefCell::default(),
            sparql: Default::default(),
        })
    }

    fn out(&self, s: &Term) -> Result<Outgoing> {
        if matches!(s, Term::Literal(_)) {
            return Ok(Rc::default());
        }
        if let Some(o) = self.outgoing.borrow().get(s) {
            return Ok(o.clone());
        }
        let v = Rc::new(self.data.outgoing(s)?);
        if self.cached.get() + v.len() > CACHE_BUDGET {
            self.outgoing.borrow_mut().clear();
            self.memo.borrow_mut().clear();
            self.cached.set(0);
        }
        self.cached.set(self.cached.get() + v.len());
        self.outgoing.borrow_mut().insert(s.clone(), v.clone());
        Ok(v)
    }

    pub fn objects(&self, s: &Term, p: NamedNodeRef<'_>) -> Result<Vec<Term>> {
        Ok(self
            .out(s)?
            .iter()
            .filter(|(q, _)| q.as_ref() == p)
            .map(|(_, o)| o.clone())
            .collect())
    }

    /// Every class `c` is a subclass of, `c` included (cycle-safe).
    fn superclasses(&self, c: &Term) -> Rc<HashSet<Term>> {
        if let Some(s) = self.super_closure.borrow().get(c) {
            return s.clone();
        }
        let set = Rc::new(closure(c, &self.supers));
        self.super_closure
            .borrow_mut()
            .insert(c.clone(), set.clone());
        set
    }

    /// SHACL instance: some `rdf:type` of `node` is `class` or a subclass of it.
    pub fn is_instance(&self, node: &Term, class: &Term) -> Result<bool> {
        for t in self.objects(node, rdf::TYPE)? {
            if &t == class || self.superclasses(&t).contains(class) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Focus nodes of one shape, from its targets.
    pub fn focus_nodes(&self, shape: &Shape, out: &mut Vec<Term>) -> Result<()> {
        let mut seen = HashSet::new();
        for t in &shape.targets {
            let found = match t {
                Target::Node(n) => vec![n.clone()],
                Target::Class(c) => {
                    let mut v = Vec::new();
                    for sub in closure(c, &self.subs) {
                        if let Term::NamedNode(_) | Term::BlankNode(_) = sub {
                            v.extend(self.data.subjects(rdf::TYPE, &sub)?);
                        }
                    }
                    v
                }
                Target::SubjectsOf(p) => self
                    .data
                    .pairs(p.as_ref())?
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
                Target::ObjectsOf(p) => self
                    .data
                    .pairs(p.as_ref())?
                    .into_iter()
                    .map(|(_, o)| o)
                    .collect(),
            };
            for n in found {
                if seen.insert(n.clone()) {
                    out.push(n);
                }
            }
        }
        Ok(())
    }

    /// Is `node` a focus node of `shape` (incremental validation)?
    pub fn is_target(&self, shape: &Shape, node: &Term) -> Result<bool> {
        for t in &shape.targets {
            let hit = match t {
                Target::Node(n) => n == node,
                Target::Class(c) => self.is_instance(node, c)?,
                Target::SubjectsOf(p) => !self.objects(node, p.as_ref())?.is_empty(),
                Target::ObjectsOf(p) => !self.data.subjects(p.as_ref(), node)?.is_empty(),
            };
            if hit {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Does `node` conform to shape `i`? Memoised; a shape re-entered on the same node while
    /// being checked (recursive shapes) is assumed to conform, so recursion always ends.
    pub fn conforms(&self, i: usize, node: &Term) -> Result<bool> {
        let key = (i, node.clone());
        if let Some(&b) = self.memo.borrow().get(&key) {
            return Ok(b);
        }
        if !self.active.borrow_mut().insert(key.clone()) {
            return Ok(true);
        }
        let mut out = Vec::new();
        let r = self.validate_shape(i, node, &mut out, true);
        self.active.borrow_mut().remove(&key);
        r?;
        let ok = out.is_empty();
        self.memo.borrow_mut().insert(key, ok);
        Ok(ok)
    }

    /// Validates `focus` against shape `i`, appending results; with `first_only`, stops at the first.
    pub fn validate_shape(
        &self,
        i: usize,
        focus: &Term,
        out: &mut Vec<ValidationResult>,
        first_only: bool,
    ) -> Result<()> {
        let shape = &self.sg.shapes[i];
        if shape.deactivated {
            return Ok(());
        }
        if let Some(m) = &shape.broken {
            return Err(super::shapes::shape_error(&shape.id, m.clone()));
        }
        let values = match &shape.path {
            Some(p) => p.eval(self, focus)?,
            None => vec![focus.clone()],
        };
        for c in &shape.constraints {
            self.check(shape, c, focus, &values, out)?;
            if first_only && !out.is_empty() {
                break;
            }
        }
        Ok(())
    }

    pub fn result(
        &self,
        shape: &Shape,
        c: &Constraint,
        focus: &Term,
        value: Option<&Term>,
        default_message: impl FnOnce() -> String,
    ) -> ValidationResult {
        let messages: Vec<Literal> = shape
            .messages
            .iter()
            .filter_map(|m| match m {
                Term::Literal(l) => Some(l.clone()),
                _ => None,
            })
            .collect();
        ValidationResult {
            focus_node: focus.clone(),
            path: shape.path.clone(),
            value: value.cloned(),
            source_shape: shape.id.clone(),
            component: c.component(),
            severity: shape.severity.clone(),
            messages: if messages.is_empty() {
                vec![Literal::new_language_tagged_literal_unchecked(
                    default_message(),
                    "en",
                )]
            } else {
                messages
            },
            source_constraint: None,
        }
    }

    fn check(
        &self,
        shape: &Shape,
        c: &Constraint,
        focus: &Term,
        values: &[Term],
        out: &mut Vec<ValidationResult>,
    ) -> Result<()> {
        let mut each =
            |pred: &dyn Fn(&Term) -> Result<bool>, msg: &dyn Fn(&Term) -> String| -> Result<()> {
                for v in values {
                    if !pred(v)? {
                        out.push(self.result(shape, c, focus, Some(v), || msg(v)));
                    }
                }
                Ok(())
            };
        match c {
            Constraint::Class(class) => each(&|v| self.is_instance(v, class), &|v| {
                format!("{v} is not an instance of {class}")
            })?,
            Constraint::Datatype(dt) => {
                let normalised = self.data.normalises_literals();
                each(
                    &|v| {
                        Ok(
                            matches!(v, Term::Literal(l) if values::datatype_ok(l, dt.as_str(), normalised)),
                        )
                    },
                    &|v| format!("{v} is not a valid literal of datatype {dt}"),
                )?
            }
            Constraint::NodeKind(k) => each(&|v| Ok(node_kind_ok(v, k)), &|v| {
                format!("{v} is not of node kind {k}")
            })?,
            Constraint::MinCount(n) => {
                if (values.len() as u64) < *n {
                    out.push(self.result(shape, c, focus, None, || {
                        format!("at least {n} value(s) required, found {}", values.len())
                    }));
                }
            }
            Constraint::MaxCount(n) => {
                if (values.len() as u64) > *n {
                    out.push(self.result(shape, c, focus, None, || {
                        format!("at most {n} value(s) allowed, found {}", values.len())
                    }));
                }
            }
            Constraint::MinExclusive(b) => {
                each(&|v| Ok(cmp_is(v, b, &[Ordering::Greater])), &|v| {
                    format!("{v} is not > {b}")
                })?
            }
            Constraint::MinInclusive(b) => each(
                &|v| Ok(cmp_is(v, b, &[Ordering::Greater, Ordering::Equal])),
                &|v| format!("{v} is not >= {b}"),
            )?,
            Constraint::MaxExclusive(b) => each(&|v| Ok(cmp_is(v, b, &[Ordering::Less])), &|v| {
                format!("{v} is not < {b}")
            })?,
            Constraint::MaxInclusive(b) => each(
                &|v| Ok(cmp_is(v, b, &[Ordering::Less, Ordering::Equal])),
                &|v| format!("{v} is not <= {b}"),
            )?,
            Constraint::MinLength(n) => each(
                &|v| Ok(str_of(v).is_some_and(|s| s.chars().count() as u64 >= *n)),
                &|v| format!("{v} is shorter than {n} characters"),
            )?,
            Constraint::MaxLength(n) => each(
                &|v| Ok(str_of(v).is_some_and(|s| s.chars().count() as u64 <= *n)),
                &|v| format!("{v} is longer than {n} characters"),
            )?,
            Constraint::Pattern { regex, pattern, .. } => each(
                &|v| Ok(str_of(v).is_some_and(|s| regex.is_match(&s))),
                &|v| format!("{v} does not match the pattern {pattern:?}"),
            )?,
            Constraint::LanguageIn(langs) => each(
                &|v| {
                    Ok(
                        matches!(v, Term::Literal(l) if l.language().is_some_and(|t| langs.iter().any(|r| values::lang_matches(t, r)))),
                    )
                },
                &|v| format!("{v} is not in one of the languages {}", langs.join(", ")),
            )?,
            Constraint::UniqueLang => {
                let mut count: HashMap<String, usize> = HashMap::new();
                let mut order = Vec::new();
                for v in values {
                    if let Term::Literal(l) = v {
                        if let Some(t) = l.language() {
                            let t = t.to_ascii_lowercase();
                            let e = count.entry(t.clone()).or_default();
                            *e += 1;
                            if *e == 2 {
                                order.push(t);
                            }
                        }
                    }
                }
                for t in order {
                    out.push(self.result(shape, c, focus, None, || {
                        format!("several values use the language tag {t:?}")
                    }));
                }
            }
            Constraint::Equals(p) => {
                let other = self.objects(focus, p.as_ref())?;
                for v in values.iter().filter(|v| !other.contains(v)) {
                    out.push(self.result(shape, c, focus, Some(v), || {
                        format!("{v} is not a value of {p}")
                    }));
                }
                for v in other.iter().filter(|v| !values.contains(v)) {
                    out.push(self.result(shape, c, focus, Some(v), || {
                        format!("the value {v} of {p} is missing here")
                    }));
                }
            }
            Constraint::Disjoint(p) => {
                let other = self.objects(focus, p.as_ref())?;
                each(&|v| Ok(!other.contains(v)), &|v| {
                    format!("{v} is also a value of {p}")
                })?
            }
            Constraint::LessThan(p) | Constraint::LessThanOrEquals(p) => {
                let other = self.objects(focus, p.as_ref())?;
                let allowed: &[Ordering] = if matches!(c, Constraint::LessThan(_)) {
                    &[Ordering::Less]
                } else {
                    &[Ordering::Less, Ordering::Equal]
                };
                for v in values {
                    for o in &other {
                        let ok = match (v, o) {
                            (Term::Literal(a), Term::Literal(b)) => {
                                values::compare(a, b).is_some_and(|x| allowed.contains(&x))
                            }
                            _ => false,
                        };
                        if !ok {
                            out.push(self.result(shape, c, focus, Some(v), || {
                                format!("{v} is not less than {o} ({p})")
                            }));
                        }
                    }
                }
            }
            Constraint::Not(s) => each(&|v| Ok(!self.conforms(*s, v)?), &|v| {
                format!("{v} conforms to the shape it must not conform to")
            })?,
            Constraint::And(list) => each(
                &|v| {
                    for s in list {
                        if !self.conforms(*s, v)? {
                            return Ok(false);
                        }
                    }
                    Ok(true)
                },
                &|v| format!("{v} does not conform to all the shapes of sh:and"),
            )?,
            Constraint::Or(list) => each(
                &|v| {
                    for s in list {
                        if self.conforms(*s, v)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                },
                &|v| format!("{v} conforms to none of the shapes of sh:or"),
            )?,
            Constraint::Xone(list) => each(
                &|v| {
                    let mut n = 0;
                    for s in list {
                        if self.conforms(*s, v)? {
                            n += 1;
                        }
                    }
                    Ok(n == 1)
                },
                &|v| format!("{v} does not conform to exactly one of the shapes of sh:xone"),
            )?,
            Constraint::Node(s) => {
                let target = &self.sg.shapes[*s].id;
                each(&|v| self.conforms(*s, v), &|v| {
                    format!("{v} does not conform to the shape {target}")
                })?
            }
            Constraint::Property(s) => {
                for v in values {
                    self.validate_shape(*s, v, out, false)?;
                }
            }
            Constraint::Qualified {
                shape: q,
                min,
                max,
                siblings,
            } => {
                let mut n = 0u64;
                'values: for v in values {
                    if !self.conforms(*q, v)? {
                        continue;
                    }
                    for s in siblings {
                        if self.conforms(*s, v)? {
                            continue 'values;
                        }
                    }
                    n += 1;
                }
                if let Some(m) = min.filter(|m| n < *m) {
                    let mut r = self.result(shape, c, focus, None, || {
                        format!(
                            "at least {m} value(s) must conform to the qualified shape, found {n}"
                        )
                    });
                    r.component = NamedNode::new_unchecked(format!(
                        "{}QualifiedMinCountConstraintComponent",
                        sh::NS
                    ));
                    out.push(r);
                }
                if let Some(m) = max.filter(|m| n > *m) {
                    let mut r = self.result(shape, c, focus, None, || {
                        format!(
                            "at most {m} value(s) may conform to the qualified shape, found {n}"
                        )
                    });
                    r.component = NamedNode::new_unchecked(format!(
                        "{}QualifiedMaxCountConstraintComponent",
                        sh::NS
                    ));
                    out.push(r);
                }
            }
            Constraint::Closed { allowed } => {
                for v in values {
                    for (p, o) in self.out(v)?.iter() {
                        if !allowed.contains(p) {
                            let mut r = self.result(shape, c, v, Some(o), || {
                                format!("the property {p} is not allowed (closed shape)")
                            });
                            r.focus_node = focus.clone();
                            r.path = Some(Path::Predicate(p.clone()));
                            out.push(r);
                        }
                    }
                }
            }
            Constraint::HasValue(t) => {
                if !values.contains(t) {
                    out.push(self.result(shape, c, focus, None, || {
                        format!("the value {t} is required")
                    }));
                }
            }
            Constraint::In(list) => each(&|v| Ok(list.contains(v)), &|v| {
                format!("{v} is not one of the allowed values")
            })?,
            Constraint::Sparql(s) => s.evaluate(self, shape, focus, out)?,
            Constraint::Component(k) => k.evaluate(self, shape, focus, values, out)?,
        }
        Ok(())
    }
}

fn closure(start: &Term, edges: &HashMap<Term, Vec<Term>>) -> HashSet<Term> {
    let mut seen = HashSet::new();
    let mut todo = vec![start.clone()];
    while let Some(t) = todo.pop() {
        if seen.insert(t.clone()) {
            if let Some(next) = edges.get(&t) {
                todo.extend(next.iter().cloned());
            }
        }
    }
    seen
}

fn node_kind_ok(v: &Term, k: &NamedNode) -> bool {
    let kind = match v {
        Term::NamedNode(_) => "IRI",
        Term::BlankNode(_) => "BlankNode",
        _ => "Literal",
    };
    let want = k.as_str().strip_prefix(sh::NS).unwrap_or("");
    want == kind
        || (want.len() > kind.len()
            && (want.starts_with(kind) || want.ends_with(kind))
            && want.contains("Or"))
}

fn cmp_is(v: &Term, bound: &Literal, ok: &[Ordering]) -> bool {
    match v {
        Term::Literal(l) => values::compare(l, bound).is_some_and(|o| ok.contains(&o)),
        _ => false,
    }
}

/// `str()` of an IRI or literal; blank nodes have none (length and pattern checks fail).
fn str_of(v: &Term) -> Option<String> {
    match v {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}
