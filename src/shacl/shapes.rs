//! The shapes graph compiled into a model the engine runs directly: shapes in an arena,
//! targets, and one `Constraint` per constraint-component parameter value. Every malformed
//! value is an error naming the shape.

use super::model::{Constraint, Severity, Shape, Target};
use super::path::{read_list, Path};
use super::sparql_constraints::{self, Component, SparqlConstraint};
use crate::error::{Error, Result};
use crate::vocab::{rdf, sh};
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

pub(crate) const SH: &str = sh::NS;

/// A shapes graph compiled for validation. Build it once, validate many times.
pub struct ShapesGraph {
    pub(crate) shapes: Vec<Shape>,
    pub(crate) index: HashMap<Term, usize>,
    pub(crate) graph: Graph,
}

/// `sh:` predicates a shape may carry that are not constraint parameters.
const NON_VALIDATING: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "target",
    "path",
    "deactivated",
    "severity",
    "message",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
    "flags",
    "ignoredProperties",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "declare",
    "prefixes",
    "rule",
    "values",
    "shapesGraph",
    "entailment",
    "suggestedShapesGraph",
    "parameter",
    "labelTemplate",
    "validator",
    "nodeValidator",
    "propertyValidator",
    "select",
    "ask",
    "optional",
    "condition",
    "filterShape",
    "nodes",
    "this",
    "intersection",
    "union",
    "returnType",
    "jsFunctionName",
    "jsLibrary",
    "js",
    "sourceShape",
    "resultAnnotation",
    "expression",
    // Not SHACL 1.0, but used by ten triples of the official DCAT-AP 3 shapes (a draft-era
    // name): accepted and ignored, as pySHACL does, so those shapes load.
    "shape",
];

const CORE_PARAMS: &[&str] = &[
    "class",
    "datatype",
    "nodeKind",
    "minCount",
    "maxCount",
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "minLength",
    "maxLength",
    "pattern",
    "languageIn",
    "uniqueLang",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "not",
    "and",
    "or",
    "xone",
    "node",
    "property",
    "qualifiedValueShape",
    "closed",
    "hasValue",
    "in",
    "sparql",
];

fn is_shape_param(local: &str) -> bool {
    CORE_PARAMS.contains(&local) || NON_VALIDATING.contains(&local)
}

pub(crate) fn subject(t: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    super::data::as_subject(t)
}

pub(crate) fn objects(g: &Graph, s: &Term, p: NamedNodeRef<'_>) -> Vec<Term> {
    match subject(s) {
        Some(s) => g
            .objects_for_subject_predicate(s, p)
            .map(TermRef::into_owned)
            .collect(),
        None => Vec::new(),
    }
}

fn sh_term(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

pub(crate) fn shape_error(shape: &Term, message: impl Into<String>) -> Error {
    Error::Shape {
        shape: shape.to_string(),
        message: message.into(),
    }
}

/// True when `node` is a SHACL instance of `class` within the shapes graph.
fn is_instance(g: &Graph, node: &Term, class: NamedNodeRef<'_>) -> bool {
    let mut todo: Vec<Term> = objects(g, node, rdf::TYPE);
    let mut seen = HashSet::new();
    while let Some(t) = todo.pop() {
        if t == Term::from(class.into_owned()) {
            return true;
        }
        if seen.insert(t.clone()) {
            todo.extend(objects(g, &t, rdf::SUB_CLASS_OF));
        }
    }
    false
}

impl ShapesGraph {
    /// Compiles every shape of `graph`: shapes with targets, instances of `sh:NodeShape` /
    /// `sh:PropertyShape`, and every shape they reference.
    pub fn from_graph(graph: Graph) -> Result<Self> {
        let components = sparql_constraints::read_components(&graph)?;
        let mut b = Builder {
            g: &graph,
            shapes: Vec::new(),
            index: HashMap::new(),
            components: &components,
        };
        let mut roots: Vec<Term> = Vec::new();
        for p in [
            sh::TARGET_CLASS,
            sh::TARGET_NODE,
            sh::TARGET_OBJECTS_OF,
            sh::TARGET_SUBJECTS_OF,
        ] {
            roots.extend(
                graph
                    .triples_for_predicate(p)
                    .map(|t| t.subject.into_owned().into()),
            );
        }
        for class in [sh::NODE_SHAPE, sh::PROPERTY_SHAPE] {
            roots.extend(
                graph
                    .subjects_for_predicate_object(rdf::TYPE, class)
                    .map(|s| s.into_owned().into()),
            );
        }
        // Subclasses of the shape classes, and nodes typed with them.
        let mut more = Vec::new();
        for t in graph.triples_for_predicate(rdf::TYPE) {
            let node: Term = t.subject.into_owned().into();
            if !roots.contains(&node)
                && (is_instance(&graph, &node, sh::NODE_SHAPE)
                    || is_instance(&graph, &node, sh::PROPERTY_SHAPE))
            {
                more.push(node);
            }
        }
        roots.extend(more);
        for r in roots {
            b.shape(&r)?;
        }
        let Builder { shapes, index, .. } = b;
        Ok(Self {
            shapes,
            index,
            graph,
        })
    }

    /// Parses a Turtle document and compiles its shapes.
    pub fn from_turtle(text: &str, base_iri: Option<&str>) -> Result<Self> {
        let mut parser = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle);
        if let Some(b) = base_iri {
            parser = parser.with_base_iri(b).map_err(|e| Error::Input {
                file: "shapes".into(),
                message: e.to_string(),
            })?;
        }
        let mut g = Graph::new();
        for q in parser.for_slice(text.as_bytes()) {
            let q = q.map_err(|e| super::data::parse_error("shapes", e.into()))?;
            g.insert(q.as_ref());
        }
        Self::from_graph(g)
    }

    /// Reads shapes files (any RDF syntax, by extension) into one shapes graph.
    pub fn from_files(paths: &[impl AsRef<std::path::Path>]) -> Result<Self> {
        let mut g = Graph::new();
        for p in paths {
            super::data::read_file_into(p.as_ref(), None, &mut g)?;
        }
        Self::from_graph(g)
    }

    /// The shapes graph itself (for `$shapesGraph`-free reporting and re-serialisation).
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Problems found while compiling that are errors only if validation reaches the shape:
    /// `(shape, message)`.
    pub fn warnings(&self) -> Vec<(String, String)> {
        self.shapes
            .iter()
            .filter_map(|s| s.broken.as_ref().map(|m| (s.id.to_string(), m.clone())))
            .collect()
    }

    /// True when `id` (an IRI or blank node of the shapes graph) was compiled as a shape.
    pub fn contains_shape(&self, id: &Term) -> bool {
        self.index.contains_key(id)
    }

    /// Number of compiled shapes (including nested and deactivated ones).
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// Shapes that have at least one target (what full validation starts from).
    pub(crate) fn targeted(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.shapes.len()).filter(|&i| !self.shapes[i].targets.is_empty())
    }
}

struct Builder<'a> {
    g: &'a Graph,
    shapes: Vec<Shape>,
    index: HashMap<Term, usize>,
    components: &'a [Rc<Component>],
}

impl Builder<'_> {
    fn shape(&mut self, id: &Term) -> Result<usize> {
        if let Some(&i) = self.index.get(id) {
            return Ok(i);
        }
        if matches!(id, Term::Literal(_)) {
            return Err(shape_error(id, "a literal cannot be a shape"));
        }
        let i = self.shapes.len();
        self.index.insert(id.clone(), i);
        self.shapes.push(Shape {
            id: id.clone(),
            path: None,
            targets: Vec::new(),
            deactivated: false,
            severity: Severity::Violation,
            messages: Vec::new(),
            constraints: Vec::new(),
            broken: None,
        });
        let shape = self.compile(id)?;
        self.shapes[i] = shape;
        Ok(i)
    }

    fn compile(&mut self, id: &Term) -> Result<Shape> {
        let g = self.g;
        let err = |m: String| shape_error(id, m);
        let mut shape = Shape {
            id: id.clone(),
            path: None,
            targets: Vec::new(),
            deactivated: false,
            severity: Severity::Violation,
            messages: Vec::new(),
            constraints: Vec::new(),
            broken: None,
        };
        let paths = objects(g, id, sh::PATH);
        if paths.len() > 1 {
            return Err(err("has several sh:path values".into()));
        }
        if let Some(p) = paths.first() {
            shape.path =
                Some(Path::parse(g, p.as_ref()).map_err(|m| err(format!("sh:path: {m}")))?);
        }
        let props: Vec<(NamedNode, Term)> = match subject(id) {
            Some(s) => g
                .triples_for_subject(s)
                .map(|t| (t.predicate.into_owned(), t.object.into_owned()))
                .collect(),
            None => Vec::new(),
        };
        let is_class = is_instance(g, id, crate::vocab::rdf::RDFS_CLASS);
        if is_class {
            shape.targets.push(Target::Class(id.clone()));
        }
        let single = |local: &str| -> Result<Option<Term>> {
            let v = objects(g, id, sh_term(local).as_ref());
            if v.len() > 1 {
                return Err(shape_error(
                    id,
                    format!("sh:{local} has {} values, at most one allowed", v.len()),
                ));
            }
            Ok(v.into_iter().next())
        };
        let flags = match single("flags")? {
            Some(Term::Literal(l)) => Some(l.value().to_string()),
            Some(other) => return Err(err(format!("sh:flags must be a string, found {other}"))),
            None => None,
        };
        for (p, o) in &props {
            let Some(local) = p.as_str().strip_prefix(SH) else {
                continue;
            };
            let iri = |o: &Term| match o {
                Term::NamedNode(n) => Ok(n.clone()),
                other => Err(err(format!("sh:{local} must be an IRI, found {other}"))),
            };
            let count = |o: &Term| match o {
                Term::Literal(l) => l
                    .value()
                    .parse::<u64>()
                    .ok()
                    .filter(|_| is_integer_type(l.datatype().as_str()))
                    .ok_or_else(|| {
                        err(format!(
                            "sh:{local} must be a non-negative xsd:integer, found {l}"
                        ))
                    }),
                other => Err(err(format!(
                    "sh:{local} must be a non-negative xsd:integer, found {other}"
                ))),
            };
            let lit = |o: &Term| match o {
                Term::Literal(l) => Ok(l.clone()),
                other => Err(err(format!("sh:{local} must be a literal, found {other}"))),
            };
            let c = match local {
                "targetClass" => {
                    shape.targets.push(Target::Class(o.clone()));
                    continue;
                }
                "targetNode" => {
                    shape.targets.push(Target::Node(o.clone()));
                    continue;
                }
                "targetSubjectsOf" => {
                    shape.targets.push(Target::SubjectsOf(iri(o)?));
                    continue;
                }
                "targetObjectsOf" => {
                    shape.targets.push(Target::ObjectsOf(iri(o)?));
                    continue;
                }
                "deactivated" => {
                    shape.deactivated = match o {
                        Term::Literal(l) if l.datatype().as_str().ends_with("#boolean") => {
                            matches!(l.value(), "true" | "1")
                        }
                        other => {
                            return Err(err(format!(
                                "sh:deactivated must be a boolean, found {other}"
                            )))
                        }
                    };
                    continue;
                }
                "severity" => {
                    shape.severity = Severity::from_iri(iri(o)?);
                    continue;
                }
                "message" => {
                    shape.messages.push(o.clone());
                    continue;
                }
                "class" => Constraint::Class(o.clone()),
                "datatype" => Constraint::Datatype(iri(o)?),
                "nodeKind" => {
                    let n = iri(o)?;
                    let ok = [
                        "IRI",
                        "BlankNode",
                        "Literal",
                        "BlankNodeOrIRI",
                        "BlankNodeOrLiteral",
                        "IRIOrLiteral",
                    ]
                    .iter()
                    .any(|k| n.as_str() == format!("{SH}{k}"));
                    if !ok {
                        return Err(err(format!(
                            "sh:nodeKind {n} is not one of the six SHACL node kinds"
                        )));
                    }
                    Constraint::NodeKind(n)
                }
                "minCount" => Constraint::MinCount(count(o)?),
                "maxCount" => Constraint::MaxCount(count(o)?),
                "minLength" => Constraint::MinLength(count(o)?),
                "maxLength" => Constraint::MaxLength(count(o)?),
                "minExclusive" => Constraint::MinExclusive(lit(o)?),
                "minInclusive" => Constraint::MinInclusive(lit(o)?),
                "maxExclusive" => Constraint::MaxExclusive(lit(o)?),
                "maxInclusive" => Constraint::MaxInclusive(lit(o)?),
                "pattern" => {
                    let pattern = lit(o)?.value().to_string();
                    let regex = build_regex(&pattern, flags.as_deref()).map_err(|e| {
                        err(format!(
                            "sh:pattern {pattern:?} is not a valid regular expression: {e}"
                        ))
                    })?;
                    Constraint::Pattern { regex, pattern }
                }
                "languageIn" => {
                    let items =
                        read_list(g, o.as_ref()).map_err(|m| err(format!("sh:languageIn: {m}")))?;
                    let mut langs = Vec::new();
                    for t in items {
                        match t {
                            Term::Literal(l) => langs.push(l.value().to_ascii_lowercase()),
                            other => {
                                return Err(err(format!(
                                    "sh:languageIn members must be strings, found {other}"
                                )))
                            }
                        }
                    }
                    Constraint::LanguageIn(langs)
                }
                "uniqueLang" => match o {
                    Term::Literal(l) if l.datatype().as_str().ends_with("#boolean") => {
                        // Only `true` activates it (W3C uniqueLang-002: "1" does not).
                        if l.value() == "true" {
                            Constraint::UniqueLang
                        } else {
                            continue;
                        }
                    }
                    other => {
                        return Err(err(format!(
                            "sh:uniqueLang must be a boolean, found {other}"
                        )))
                    }
                },
                "equals" => Constraint::Equals(iri(o)?),
                "disjoint" => Constraint::Disjoint(iri(o)?),
                "lessThan" => Constraint::LessThan(iri(o)?),
                "lessThanOrEquals" => Constraint::LessThanOrEquals(iri(o)?),
                "not" => Constraint::Not(self.shape(o).map_err(|e| nest(id, local, e))?),
                "and" | "or" | "xone" => {
                    let items =
                        read_list(g, o.as_ref()).map_err(|m| err(format!("sh:{local}: {m}")))?;
                    let mut v = Vec::new();
                    for t in &items {
                        v.push(self.shape(t).map_err(|e| nest(id, local, e))?);
                    }
                    match local {
                        "and" => Constraint::And(v),
                        "or" => Constraint::Or(v),
                        _ => Constraint::Xone(v),
                    }
                }
                "node" => Constraint::Node(self.shape(o).map_err(|e| nest(id, local, e))?),
                "property" => {
                    let i = self.shape(o).map_err(|e| nest(id, local, e))?;
                    if objects(g, o, sh::PATH).is_empty() {
                        // An error only if validation reaches it, as in pySHACL: the
                        // official DCAT-AP 3.0.1 files refer to such undefined shapes.
                        let m = format!("is the value of sh:property of {id} but has no sh:path (undefined property shape?)");
                        tracing::warn!(shape = %o, "{m}");
                        self.shapes[i].broken = Some(m);
                    }
                    Constraint::Property(i)
                }
                "qualifiedValueShape" => self.qualified(id, o)?,
                "closed" => match o {
                    Term::Literal(l) if l.datatype().as_str().ends_with("#boolean") => {
                        if !matches!(l.value(), "true" | "1") {
                            continue;
                        }
                        self.closed(id)?
                    }
                    other => {
                        return Err(err(format!("sh:closed must be a boolean, found {other}")))
                    }
                },
                "hasValue" => Constraint::HasValue(o.clone()),
                "in" => Constraint::In(
                    read_list(g, o.as_ref()).map_err(|m| err(format!("sh:in: {m}")))?,
                ),
                "sparql" => Constraint::Sparql(Rc::new(SparqlConstraint::parse(g, id, o)?)),
                other if is_shape_param(other) => continue,
                other => {
                    return Err(err(format!(
                        "unknown SHACL parameter sh:{other} (misspelt constraint?)"
                    )));
                }
            };
            shape.constraints.push(c);
        }
        for comp in self.components {
            if let Some(c) = comp.instantiate(g, id, shape.path.is_some())? {
                shape.constraints.push(Constraint::Component(c));
            }
        }
        Ok(shape)
    }

    fn qualified(&mut self, id: &Term, q: &Term) -> Result<Constraint> {
        let g = self.g;
        let count = |local: &str| -> Result<Option<u64>> {
            let v = objects(g, id, sh_term(local).as_ref());
            match v.as_slice() {
                [] => Ok(None),
                [Term::Literal(l)] => l.value().parse::<u64>().map(Some).map_err(|_| {
                    shape_error(
                        id,
                        format!("sh:{local} must be a non-negative xsd:integer, found {l}"),
                    )
                }),
                _ => Err(shape_error(
                    id,
                    format!("sh:{local} must have exactly one integer value"),
                )),
            }
        };
        let min = count("qualifiedMinCount")?;
        let max = count("qualifiedMaxCount")?;
        if min.is_none() && max.is_none() {
            return Err(shape_error(
                id,
                "sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount",
            ));
        }
        let shape = self
            .shape(q)
            .map_err(|e| nest(id, "qualifiedValueShape", e))?;
        let disjoint = objects(g, id, sh_term("qualifiedValueShapesDisjoint").as_ref())
            .iter()
            .any(|t| matches!(t, Term::Literal(l) if l.value() == "true"));
        let mut siblings = Vec::new();
        if disjoint {
            // Sibling shapes: qualified value shapes of the other property shapes of every
            // shape that has this property shape.
            for parent in g.subjects_for_predicate_object(sh::PROPERTY, id.as_ref()) {
                let parent: Term = parent.into_owned().into();
                for sib in objects(g, &parent, sh::PROPERTY) {
                    for sq in objects(g, &sib, sh_term("qualifiedValueShape").as_ref()) {
                        if &sq != q {
                            let i = self.shape(&sq)?;
                            if !siblings.contains(&i) {
                                siblings.push(i);
                            }
                        }
                    }
                }
            }
        }
        Ok(Constraint::Qualified {
            shape,
            min,
            max,
            siblings,
        })
    }

    fn closed(&mut self, id: &Term) -> Result<Constraint> {
        let g = self.g;
        let mut allowed = HashSet::new();
        for p in objects(g, id, sh::PROPERTY) {
            for path in objects(g, &p, sh::PATH) {
                if let Term::NamedNode(n) = path {
                    allowed.insert(n);
                }
            }
        }
        for list in objects(g, id, sh_term("ignoredProperties").as_ref()) {
            for t in read_list(g, list.as_ref())
                .map_err(|m| shape_error(id, format!("sh:ignoredProperties: {m}")))?
            {
                match t {
                    Term::NamedNode(n) => {
                        allowed.insert(n);
                    }
                    other => {
                        return Err(shape_error(
                            id,
                            format!("sh:ignoredProperties members must be IRIs, found {other}"),
                        ))
                    }
                }
            }
        }
        Ok(Constraint::Closed { allowed })
    }
}

/// An error in a blank-node shape is reported on the shape that refers to it, so the
/// message names something the author can find.
fn nest(parent: &Term, local: &str, e: Error) -> Error {
    match e {
        Error::Shape { shape, message } if shape.starts_with("_:") => Error::Shape {
            shape: parent.to_string(),
            message: format!("in its sh:{local} {shape}: {message}"),
        },
        e => e,
    }
}

pub(crate) fn is_integer_type(dt: &str) -> bool {
    super::values::integer_range(dt).is_some()
}

/// XPath regular expression with SPARQL REGEX flags (s, m, i, x, q).
pub(crate) fn build_regex(
    pattern: &str,
    flags: Option<&str>,
) -> std::result::Result<regex::Regex, String> {
    let mut b = regex::RegexBuilder::new(pattern);
    let mut quoted = None;
    for f in flags.unwrap_or("").chars() {
        match f {
            'i' => {
                b.case_insensitive(true);
            }
            'm' => {
                b.multi_line(true);
            }
            's' => {
                b.dot_matches_new_line(true);
            }
            'x' => {
                b.ignore_whitespace(true);
            }
            'q' => quoted = Some(regex::escape(pattern)),
            other => return Err(format!("unknown regex flag {other:?}")),
        }
    }
    if let Some(q) = quoted {
        let mut b2 = regex::RegexBuilder::new(&q);
        b2.case_insensitive(flags.unwrap_or("").contains('i'));
        return b2.build().map_err(|e| e.to_string());
    }
    b.build().map_err(|e| e.to_string())
}
