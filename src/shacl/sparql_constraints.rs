//! SHACL-SPARQL: `sh:sparql` SELECT constraints and SPARQL-based constraint components
//! (`sh:ConstraintComponent` with ASK / SELECT validators), with the spec's pre-binding
//! of `$this`, `$value`, `$currentShape`, parameters and `$PATH`, `sh:prefixes` / `sh:declare`,
//! and `{$var}` / `{?var}` message templates. Queries the spec disallows (MINUS, VALUES,
//! SERVICE, `AS` on a pre-bound variable, a sub-SELECT that drops `$this`) are rejected
//! when the shapes graph is compiled.

use super::constraints::Engine;
use super::model::{Constraint, Shape};
use super::path::Path;
use super::report::ValidationResult;
use super::shapes::{objects, shape_error, SH};
use crate::error::{Error, Result};
use crate::vocab::{rdf, sh};
use oxigraph::model::{Graph, Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// The store and dataset SPARQL constraints run on, opened on first use.
#[derive(Default)]
pub(crate) struct SparqlState {
    target: RefCell<Option<(Store, oxigraph::sparql::QueryDataset, Option<NamedNode>)>>,
}

/// One `sh:sparql` constraint.
#[derive(Debug)]
pub(crate) struct SparqlConstraint {
    pub node: Term,
    select: String,
    messages: Vec<Literal>,
    deactivated: bool,
}

fn sh_term(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

fn literal_text(t: &Term) -> Option<String> {
    match t {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

/// `PREFIX` declarations from the `sh:prefixes` of `node` (each one's `sh:declare`).
fn prefixes(g: &Graph, owner: &Term, node: &Term) -> Result<String> {
    let mut out = String::new();
    // sh:prefixes nodes, and the ontologies they owl:imports (transitively).
    let mut todo = objects(g, node, sh::PREFIXES);
    let mut seen = HashSet::new();
    let imports = NamedNode::new_unchecked("http://www.w3.org/2002/07/owl#imports");
    while let Some(p) = todo.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        todo.extend(objects(g, &p, imports.as_ref()));
        for d in objects(g, &p, sh::DECLARE) {
            let prefix = objects(g, &d, sh::PREFIX).first().and_then(literal_text);
            let ns = objects(g, &d, sh::NAMESPACE).first().and_then(literal_text);
            match (prefix, ns) {
                (Some(prefix), Some(ns)) => out.push_str(&format!("PREFIX {prefix}: <{ns}>\n")),
                _ => {
                    return Err(shape_error(
                        owner,
                        format!("the sh:declare of {p} needs sh:prefix and sh:namespace"),
                    ))
                }
            }
        }
    }
    Ok(out)
}

fn bool_value(g: &Graph, node: &Term, p: &str) -> bool {
    objects(g, node, sh_term(p).as_ref())
        .iter()
        .any(|t| matches!(t, Term::Literal(l) if l.value() == "true" || l.value() == "1"))
}

/// Parses the query and rejects what SHACL-SPARQL forbids.
fn check_query(owner: &Term, text: &str, prebound: &[&str]) -> Result<()> {
    let q = spargebra::SparqlParser::new()
        .parse_query(text)
        .map_err(|e| shape_error(owner, format!("invalid SPARQL query: {e}")))?;
    let (pattern, top) = match &q {
        spargebra::Query::Select { pattern, .. } => (pattern, true),
        spargebra::Query::Ask { pattern, .. } => (pattern, true),
        _ => {
            return Err(shape_error(
                owner,
                "a SHACL-SPARQL query must be SELECT or ASK",
            ))
        }
    };
    walk(pattern, top, prebound).map_err(|m| shape_error(owner, m))
}

#[allow(unreachable_patterns)]
fn walk(p: &GraphPattern, top: bool, prebound: &[&str]) -> std::result::Result<(), String> {
    use GraphPattern as G;
    match p {
        G::Minus { .. } => Err("MINUS is not allowed in SHACL-SPARQL".into()),
        G::Values { .. } => Err("VALUES is not allowed in SHACL-SPARQL".into()),
        G::Service { .. } => Err("SERVICE (federated query) is not allowed in SHACL-SPARQL".into()),
        G::Extend {
            inner, variable, ..
        } => {
            if prebound.contains(&variable.as_str()) {
                return Err(format!(
                    "?{} is pre-bound and cannot be assigned with AS",
                    variable.as_str()
                ));
            }
            walk(inner, top, prebound)
        }
        G::Project { inner, variables } => {
            if !top && !variables.iter().any(|v| v.as_str() == "this") {
                return Err("a sub-SELECT must return $this (pre-bound variables)".into());
            }
            walk(inner, false, prebound)
        }
        G::Join { left, right } | G::LeftJoin { left, right, .. } | G::Union { left, right } => {
            walk(left, false, prebound)?;
            walk(right, false, prebound)
        }
        G::Filter { inner, .. }
        | G::Graph { inner, .. }
        | G::Group { inner, .. }
        | G::OrderBy { inner, .. } => walk(inner, false, prebound),
        G::Distinct { inner } | G::Reduced { inner } | G::Slice { inner, .. } => {
            walk(inner, top, prebound)
        }
        _ => Ok(()),
    }
}

impl SparqlConstraint {
    pub(crate) fn parse(g: &Graph, shape: &Term, node: &Term) -> Result<Self> {
        let select = objects(g, node, sh::SELECT);
        let [Term::Literal(select)] = select.as_slice() else {
            return Err(shape_error(
                shape,
                format!("the sh:sparql constraint {node} needs exactly one sh:select string"),
            ));
        };
        let text = format!("{}{}", prefixes(g, shape, node)?, select.value());
        let path_free = text.replace("$PATH", "<urn:x-shacl:path>");
        check_query(shape, &path_free, &["this", "currentShape", "shapesGraph"])?;
        Ok(Self {
            node: node.clone(),
            select: text,
            messages: objects(g, node, sh::MESSAGE)
                .into_iter()
                .filter_map(|t| match t {
                    Term::Literal(l) => Some(l),
                    _ => None,
                })
                .collect(),
            deactivated: bool_value(g, node, "deactivated"),
        })
    }

    pub(crate) fn evaluate(
        &self,
        engine: &Engine<'_>,
        shape: &Shape,
        focus: &Term,
        out: &mut Vec<ValidationResult>,
    ) -> Result<()> {
        if self.deactivated {
            return Ok(());
        }
        let bindings = vec![("this", focus.clone()), ("currentShape", shape.id.clone())];
        let solutions = run_select(engine, &self.select, shape.path.as_ref(), &bindings)?;
        let c = Constraint::Sparql(Rc::new(SparqlConstraint {
            node: self.node.clone(),
            select: String::new(),
            messages: Vec::new(),
            deactivated: false,
        }));
        for sol in solutions {
            let mut r = solution_result(engine, shape, &c, focus, &sol, &self.messages, &bindings)?;
            r.source_constraint = Some(self.node.clone());
            out.push(r);
        }
        Ok(())
    }
}

type Solution = Vec<(String, Term)>;

fn get<'a>(sol: &'a Solution, name: &str) -> Option<&'a Term> {
    sol.iter().find(|(n, _)| n == name).map(|(_, t)| t)
}

fn mentions(text: &str, name: &str) -> bool {
    ['?', '$'].iter().any(|c| {
        let pat = format!("{c}{name}");
        text.match_indices(&pat).any(|(i, _)| {
            !text[i + pat.len()..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
        })
    })
}

fn prepare(
    engine: &Engine<'_>,
    text: &str,
    path: Option<&Path>,
    bindings: &[(&str, Term)],
) -> Result<oxigraph::sparql::BoundPreparedSparqlQuery<'static>> {
    let text = match path {
        Some(p) => text.replace("$PATH", &p.to_sparql()),
        None => text.to_string(),
    };
    let mut state = engine.sparql.target.borrow_mut();
    if state.is_none() {
        *state = Some(engine.data.sparql_dataset(engine.sg.graph())?);
    }
    let (store, dataset, shapes_graph) = state
        .as_ref()
        .ok_or_else(|| Error::Validation("no SPARQL dataset".into()))?;
    let mut subst: Vec<(Variable, Term)> = bindings
        .iter()
        .filter(|(name, _)| mentions(&text, name))
        .map(|(name, t)| (Variable::new_unchecked(*name), t.clone()))
        .collect();
    if let Some(g) = shapes_graph {
        if mentions(&text, "shapesGraph") {
            subst.push((Variable::new_unchecked("shapesGraph"), g.clone().into()));
        }
    }
    let mut query = spargebra::SparqlParser::new()
        .parse_query(&text)
        .map_err(|e| Error::Validation(format!("SPARQL constraint: {e}")))?;
    // oxigraph pre-binds only projected variables: project every pre-bound one (ASK
    // patterns get a projection too). Extra columns do not change the solutions' count
    // since each such variable has one value.
    let vars: Vec<Variable> = subst.iter().map(|(v, _)| v.clone()).collect();
    query = match query {
        spargebra::Query::Select {
            mut pattern,
            dataset,
            base_iri,
        } => {
            project(&mut pattern, &vars);
            spargebra::Query::Select {
                pattern,
                dataset,
                base_iri,
            }
        }
        // Run as SELECT ... LIMIT 1 (a solution means true): oxigraph pre-binds through a
        // SELECT projection.
        spargebra::Query::Ask {
            mut pattern,
            dataset,
            base_iri,
        } => {
            if !project(&mut pattern, &vars) {
                pattern = GraphPattern::Project {
                    inner: Box::new(pattern),
                    variables: vars.clone(),
                };
            }
            spargebra::Query::Select {
                dataset,
                base_iri,
                pattern: GraphPattern::Slice {
                    inner: Box::new(pattern),
                    start: 0,
                    length: Some(1),
                },
            }
        }
        other => other,
    };
    let mut prepared = SparqlEvaluator::new()
        .without_optimizations()
        .for_query(query);
    *prepared.dataset_mut() = dataset.clone();
    for (v, t) in subst {
        prepared = prepared.substitute_variable(v, t);
    }
    Ok(prepared.on_store(store))
}

/// Adds `vars` to the top-level projection of a query pattern; false when there is none.
fn project(p: &mut GraphPattern, vars: &[Variable]) -> bool {
    match p {
        GraphPattern::Project { variables, .. } => {
            for v in vars {
                if !variables.contains(v) {
                    variables.push(v.clone());
                }
            }
            true
        }
        GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::OrderBy { inner, .. } => project(inner, vars),
        _ => false,
    }
}

fn run_select(
    engine: &Engine<'_>,
    text: &str,
    path: Option<&Path>,
    bindings: &[(&str, Term)],
) -> Result<Vec<Solution>> {
    let mut out = Vec::new();
    match prepare(engine, text, path, bindings)?.execute()? {
        QueryResults::Solutions(sols) => {
            for s in sols {
                let s = s?;
                let sol: Solution = s
                    .iter()
                    .map(|(v, t)| (v.as_str().to_string(), t.clone()))
                    .collect();
                if matches!(get(&sol, "failure"), Some(Term::Literal(l)) if l.value() == "true") {
                    return Err(Error::Validation(
                        "a SPARQL constraint reported ?failure = true".into(),
                    ));
                }
                out.push(sol);
            }
        }
        _ => {
            return Err(Error::Validation(
                "the SPARQL constraint is not a SELECT query".into(),
            ))
        }
    }
    Ok(out)
}

fn solution_result(
    engine: &Engine<'_>,
    shape: &Shape,
    c: &Constraint,
    focus: &Term,
    sol: &Solution,
    templates: &[Literal],
    bindings: &[(&str, Term)],
) -> Result<ValidationResult> {
    let value = get(sol, "value")
        .cloned()
        .or_else(|| shape.path.is_none().then(|| focus.clone()));
    let mut r = engine.result(shape, c, focus, value.as_ref(), || {
        "SPARQL constraint violated".into()
    });
    if let Some(Term::NamedNode(p)) = get(sol, "path") {
        r.path = Some(Path::Predicate(p.clone()));
    }
    let lookup = |name: &str| {
        get(sol, name).or_else(|| bindings.iter().find(|(n, _)| *n == name).map(|(_, t)| t))
    };
    if let Some(Term::Literal(m)) = get(sol, "message") {
        r.messages = vec![m.clone()];
    } else if !templates.is_empty() {
        r.messages = templates.iter().map(|t| fill(t, &lookup)).collect();
    }
    Ok(r)
}

/// Replaces `{$var}` and `{?var}` in a message template with the bound values.
fn fill<'a>(template: &Literal, lookup: &dyn Fn(&str) -> Option<&'a Term>) -> Literal {
    let mut s = template.value().to_string();
    let mut i = 0;
    while let Some(start) = s[i..].find('{').map(|x| x + i) {
        let Some(end) = s[start..].find('}').map(|x| x + start) else {
            break;
        };
        let inner = &s[start + 1..end];
        if let Some(name) = inner.strip_prefix(['?', '$']) {
            let text = match lookup(name) {
                Some(Term::Literal(l)) => l.value().to_string(),
                Some(Term::NamedNode(n)) => n.as_str().to_string(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            s.replace_range(start..=end, &text);
            i = start + text.len();
        } else {
            i = end + 1;
        }
    }
    match template.language() {
        Some(l) => Literal::new_language_tagged_literal_unchecked(s, l),
        None => Literal::new_simple_literal(s),
    }
}

/// A SPARQL-based constraint component declared in the shapes graph.
#[derive(Debug)]
pub(crate) struct Component {
    pub iri: NamedNode,
    params: Vec<(NamedNode, bool)>,
    validator: Option<Validator>,
    node_validator: Option<Validator>,
    property_validator: Option<Validator>,
    messages: Vec<Literal>,
}

#[derive(Debug, Clone)]
struct Validator {
    ask: bool,
    text: String,
    messages: Vec<Literal>,
}

/// A component applied to one shape with its parameter values.
#[derive(Debug)]
pub(crate) struct ComponentUse {
    component: Rc<Component>,
    args: Vec<(String, Term)>,
}

fn read_validator(
    g: &Graph,
    comp: &Term,
    node: Option<Term>,
    params: &[&str],
) -> Result<Option<Validator>> {
    let Some(node) = node else { return Ok(None) };
    let ask = objects(g, &node, sh::ASK);
    let select = objects(g, &node, sh::SELECT);
    let (is_ask, q) = match (ask.first(), select.first()) {
        (Some(Term::Literal(q)), None) => (true, q.value().to_string()),
        (None, Some(Term::Literal(q))) => (false, q.value().to_string()),
        _ => {
            return Err(shape_error(
                comp,
                format!("the validator {node} needs one sh:ask or one sh:select string"),
            ))
        }
    };
    let text = format!("{}{}", prefixes(g, comp, &node)?, q);
    let mut prebound = vec!["this", "currentShape", "shapesGraph", "value"];
    prebound.extend_from_slice(params);
    check_query(
        comp,
        &text.replace("$PATH", "<urn:x-shacl:path>"),
        &prebound,
    )?;
    Ok(Some(Validator {
        ask: is_ask,
        text,
        messages: objects(g, &node, sh::MESSAGE)
            .into_iter()
            .filter_map(|t| {
                if let Term::Literal(l) = t {
                    Some(l)
                } else {
                    None
                }
            })
            .collect(),
    }))
}

/// Every SHACL instance of `sh:ConstraintComponent` in the shapes graph.
pub(crate) fn read_components(g: &Graph) -> Result<Vec<Rc<Component>>> {
    let cc: Term = sh_term("ConstraintComponent").into();
    let mut classes = HashSet::from([cc.clone()]);
    loop {
        let before = classes.len();
        for t in g.triples_for_predicate(rdf::SUB_CLASS_OF) {
            if classes.contains(&t.object.into_owned()) {
                classes.insert(t.subject.into_owned().into());
            }
        }
        if classes.len() == before {
            break;
        }
    }
    let mut out = Vec::new();
    for t in g.triples_for_predicate(rdf::TYPE) {
        let node: Term = t.subject.into_owned().into();
        if !classes.contains(&t.object.into_owned()) || node == cc {
            continue;
        }
        let Term::NamedNode(iri) = &node else {
            continue;
        };
        let mut params = Vec::new();
        for p in objects(g, &node, sh_term("parameter").as_ref()) {
            let path = objects(g, &p, sh::PATH);
            let [Term::NamedNode(path)] = path.as_slice() else {
                return Err(shape_error(
                    &node,
                    format!("the parameter {p} needs one IRI sh:path"),
                ));
            };
            params.push((path.clone(), bool_value(g, &p, "optional")));
        }
        let names: Vec<String> = params.iter().map(|(p, _)| local_name(p)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let one = |p: &str| objects(g, &node, sh_term(p).as_ref()).into_iter().next();
        out.push(Rc::new(Component {
            iri: iri.clone(),
            validator: read_validator(g, &node, one("validator"), &names)?,
            node_validator: read_validator(g, &node, one("nodeValidator"), &names)?,
            property_validator: read_validator(g, &node, one("propertyValidator"), &names)?,
            messages: objects(g, &node, sh::MESSAGE)
                .into_iter()
                .filter_map(|t| {
                    if let Term::Literal(l) = t {
                        Some(l)
                    } else {
                        None
                    }
                })
                .collect(),
            params,
        }));
    }
    Ok(out)
}

/// The variable name of a parameter: the local name of its path.
fn local_name(p: &NamedNode) -> String {
    let s = p.as_str();
    s.rsplit(['#', '/', ':']).next().unwrap_or(s).to_string()
}

impl Component {
    /// The constraint this component puts on `shape`, when all mandatory parameters are set.
    pub(crate) fn instantiate(
        self: &Rc<Self>,
        g: &Graph,
        shape: &Term,
        is_property: bool,
    ) -> Result<Option<Rc<ComponentUse>>> {
        if self.params.is_empty() {
            return Ok(None);
        }
        let mut args = Vec::new();
        for (path, optional) in &self.params {
            match objects(g, shape, path.as_ref()).into_iter().next() {
                Some(v) => args.push((local_name(path), v)),
                None if *optional => {}
                None => return Ok(None),
            }
        }
        let has = if is_property {
            self.property_validator.is_some() || self.validator.is_some()
        } else {
            self.node_validator.is_some() || self.validator.is_some()
        };
        if !has {
            return Ok(None);
        }
        Ok(Some(Rc::new(ComponentUse {
            component: self.clone(),
            args,
        })))
    }
}

impl ComponentUse {
    pub(crate) fn iri(&self) -> &NamedNode {
        &self.component.iri
    }

    pub(crate) fn evaluate(
        &self,
        engine: &Engine<'_>,
        shape: &Shape,
        focus: &Term,
        values: &[Term],
        out: &mut Vec<ValidationResult>,
    ) -> Result<()> {
        let comp = &self.component;
        let v = if shape.path.is_some() {
            comp.property_validator.as_ref().or(comp.validator.as_ref())
        } else {
            comp.node_validator.as_ref().or(comp.validator.as_ref())
        };
        let Some(v) = v else { return Ok(()) };
        let templates = if v.messages.is_empty() {
            &comp.messages
        } else {
            &v.messages
        };
        let mut base: Vec<(&str, Term)> =
            vec![("this", focus.clone()), ("currentShape", shape.id.clone())];
        for (n, t) in &self.args {
            base.push((n.as_str(), t.clone()));
        }
        let c = Constraint::Component(Rc::new(ComponentUse {
            component: comp.clone(),
            args: Vec::new(),
        }));
        if v.ask {
            for value in values {
                let mut b = base.clone();
                b.push(("value", value.clone()));
                let ok = match prepare(engine, &v.text, shape.path.as_ref(), &b)?.execute()? {
                    QueryResults::Boolean(ok) => ok,
                    QueryResults::Solutions(mut s) => s.next().transpose()?.is_some(),
                    _ => {
                        return Err(Error::Validation(format!(
                            "the validator of {} is not an ASK query",
                            comp.iri
                        )))
                    }
                };
                if !ok {
                    let sol: Solution = vec![("value".into(), value.clone())];
                    out.push(solution_result(
                        engine, shape, &c, focus, &sol, templates, &b,
                    )?);
                }
            }
        } else {
            if shape.path.is_none() {
                base.push(("value", focus.clone()));
            }
            for sol in run_select(engine, &v.text, shape.path.as_ref(), &base)? {
                out.push(solution_result(
                    engine, shape, &c, focus, &sol, templates, &base,
                )?);
            }
        }
        Ok(())
    }
}
