//! The compiled model of a shapes graph: shapes, targets, severities and constraints.

use super::path::Path;
use super::shapes::SH;
use super::sparql_constraints::{ComponentUse, SparqlConstraint};
use crate::vocab::sh;
use oxigraph::model::{Literal, NamedNode, Term};
use std::collections::HashSet;
use std::rc::Rc;

/// How the focus nodes of a shape are found.
#[derive(Clone, Debug)]
pub enum Target {
    Node(Term),
    Class(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// A result severity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Violation,
    Warning,
    Info,
    Other(NamedNode),
}

impl Severity {
    pub fn iri(&self) -> NamedNode {
        match self {
            Severity::Violation => sh::VIOLATION.into(),
            Severity::Warning => sh::WARNING.into(),
            Severity::Info => sh::INFO.into(),
            Severity::Other(n) => n.clone(),
        }
    }
    pub fn label(&self) -> &str {
        match self {
            Severity::Violation => "Violation",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
            Severity::Other(n) => n.as_str(),
        }
    }
    pub(crate) fn from_iri(n: NamedNode) -> Self {
        match n.as_str().strip_prefix(SH) {
            Some("Violation") => Severity::Violation,
            Some("Warning") => Severity::Warning,
            Some("Info") => Severity::Info,
            _ => Severity::Other(n),
        }
    }
}

/// One constraint: a core component with its parameter values, or a SPARQL one.
#[derive(Clone, Debug)]
pub(crate) enum Constraint {
    Class(Term),
    Datatype(NamedNode),
    NodeKind(NamedNode),
    MinCount(u64),
    MaxCount(u64),
    MinExclusive(Literal),
    MinInclusive(Literal),
    MaxExclusive(Literal),
    MaxInclusive(Literal),
    MinLength(u64),
    MaxLength(u64),
    Pattern {
        regex: regex::Regex,
        pattern: String,
    },
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    Not(usize),
    And(Vec<usize>),
    Or(Vec<usize>),
    Xone(Vec<usize>),
    Node(usize),
    Property(usize),
    Qualified {
        shape: usize,
        min: Option<u64>,
        max: Option<u64>,
        siblings: Vec<usize>,
    },
    Closed {
        allowed: HashSet<NamedNode>,
    },
    HasValue(Term),
    In(Vec<Term>),
    Sparql(Rc<SparqlConstraint>),
    Component(Rc<ComponentUse>),
}

impl Constraint {
    /// The `sh:sourceConstraintComponent` of results from this constraint.
    pub(crate) fn component(&self) -> NamedNode {
        let local = match self {
            Constraint::Class(_) => "ClassConstraintComponent",
            Constraint::Datatype(_) => "DatatypeConstraintComponent",
            Constraint::NodeKind(_) => "NodeKindConstraintComponent",
            Constraint::MinCount(_) => "MinCountConstraintComponent",
            Constraint::MaxCount(_) => "MaxCountConstraintComponent",
            Constraint::MinExclusive(_) => "MinExclusiveConstraintComponent",
            Constraint::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Constraint::MaxExclusive(_) => "MaxExclusiveConstraintComponent",
            Constraint::MaxInclusive(_) => "MaxInclusiveConstraintComponent",
            Constraint::MinLength(_) => "MinLengthConstraintComponent",
            Constraint::MaxLength(_) => "MaxLengthConstraintComponent",
            Constraint::Pattern { .. } => "PatternConstraintComponent",
            Constraint::LanguageIn(_) => "LanguageInConstraintComponent",
            Constraint::UniqueLang => "UniqueLangConstraintComponent",
            Constraint::Equals(_) => "EqualsConstraintComponent",
            Constraint::Disjoint(_) => "DisjointConstraintComponent",
            Constraint::LessThan(_) => "LessThanConstraintComponent",
            Constraint::LessThanOrEquals(_) => "LessThanOrEqualsConstraintComponent",
            Constraint::Not(_) => "NotConstraintComponent",
            Constraint::And(_) => "AndConstraintComponent",
            Constraint::Or(_) => "OrConstraintComponent",
            Constraint::Xone(_) => "XoneConstraintComponent",
            Constraint::Node(_) => "NodeConstraintComponent",
            Constraint::Property(_) => "PropertyConstraintComponent",
            Constraint::Qualified { .. } => "QualifiedValueShapeConstraintComponent",
            Constraint::Closed { .. } => "ClosedConstraintComponent",
            Constraint::HasValue(_) => "HasValueConstraintComponent",
            Constraint::In(_) => "InConstraintComponent",
            Constraint::Sparql(_) => "SPARQLConstraintComponent",
            Constraint::Component(c) => return c.iri().clone(),
        };
        NamedNode::new_unchecked(format!("{SH}{local}"))
    }
}

/// A compiled shape.
#[derive(Clone, Debug)]
pub(crate) struct Shape {
    pub id: Term,
    pub path: Option<Path>,
    pub targets: Vec<Target>,
    pub deactivated: bool,
    pub severity: Severity,
    pub messages: Vec<Term>,
    pub constraints: Vec<Constraint>,
    /// Set when the shape is malformed in a way reported only if validation reaches it.
    pub broken: Option<String>,
}
