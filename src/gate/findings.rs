//! The shapes the gate applies and the findings it keeps, independent of the SHACL engine
//! that produces them.

use crate::error::{Error, Result};
use oxigraph::model::{Graph, Literal, NamedNode, Term};
use std::path::Path;

/// The DCAT-AP-VN shapes shipped with the binary (`shapes/dcat-ap-vn.ttl`).
pub const DCAT_AP_VN: &str = include_str!("../../shapes/dcat-ap-vn.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum FindingSeverity {
    Violation,
    Warning,
    Info,
}

impl FindingSeverity {
    pub fn label(self) -> &'static str {
        match self {
            FindingSeverity::Violation => "Violation",
            FindingSeverity::Warning => "Warning",
            FindingSeverity::Info => "Info",
        }
    }
    pub fn iri(self) -> NamedNode {
        NamedNode::new_unchecked(format!("{SH}{}", self.label()))
    }
    /// From a severity IRI; any severity other than Warning and Info blocks, as a Violation.
    pub fn from_iri(iri: &str) -> Self {
        match iri.strip_prefix(SH) {
            Some("Warning") => FindingSeverity::Warning,
            Some("Info") => FindingSeverity::Info,
            _ => FindingSeverity::Violation,
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "violation" => Some(FindingSeverity::Violation),
            "warning" => Some(FindingSeverity::Warning),
            "info" => Some(FindingSeverity::Info),
            _ => None,
        }
    }
}

/// One validation result, as kept in the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub focus: Term,
    /// The result path: an IRI for a predicate path, else the path in SPARQL syntax.
    pub path: Option<String>,
    pub path_is_iri: bool,
    pub value: Option<Term>,
    pub severity: FindingSeverity,
    /// The source shape: an IRI, or `_:label` for a blank-node shape.
    pub shape: String,
    pub component: String,
    /// `sh:message` values (Vietnamese and English in our shapes).
    pub messages: Vec<Literal>,
}

impl Finding {
    /// The message in `lang`, else any message.
    pub fn message(&self, lang: &str) -> Option<&str> {
        self.messages
            .iter()
            .find(|m| m.language() == Some(lang))
            .or_else(|| self.messages.first())
            .map(Literal::value)
    }
}

/// A shapes graph the gate validates with (the native engine, [`crate::shacl`]).
///
/// Kept as checked Turtle and compiled for each validation call: the engine's compiled form
/// is not `Send`/`Sync`, and the gate must run in server threads (harvest) and across the
/// import's worker threads. Compiling the DCAT-AP-VN shapes takes about a millisecond,
/// small next to validating a batch.
pub struct Shapes {
    /// Where the shapes came from, for messages.
    pub name: String,
    turtle: String,
}

impl Shapes {
    /// The embedded DCAT-AP-VN shapes.
    pub fn dcat_ap_vn() -> Result<Self> {
        Self::from_turtle("shapes/dcat-ap-vn.ttl", DCAT_AP_VN)
    }

    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Input {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::from_turtle(&path.display().to_string(), &text)
    }

    /// Parses and compiles shapes; a malformed shape is an error naming the file and shape.
    pub fn from_turtle(name: &str, text: &str) -> Result<Self> {
        crate::shacl::ShapesGraph::from_turtle(text, None).map_err(|e| Error::Input {
            file: name.to_string(),
            message: e.to_string(),
        })?;
        Ok(Self {
            name: name.to_string(),
            turtle: text.to_string(),
        })
    }

    /// Validates a data graph; every result becomes a [`Finding`].
    pub fn validate(&self, data: Graph) -> Result<Vec<Finding>> {
        if data.is_empty() {
            return Ok(Vec::new());
        }
        let shapes = crate::shacl::ShapesGraph::from_turtle(&self.turtle, None)?;
        let report = crate::shacl::validate(&shapes, &crate::shacl::MemoryData::new(data))?;
        Ok(report.results.into_iter().map(finding_of).collect())
    }
}

fn term_key(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.to_string(),
    }
}

fn finding_of(r: crate::shacl::ValidationResult) -> Finding {
    let (path, path_is_iri) = match &r.path {
        Some(p) => match p.as_predicate() {
            Some(n) => (Some(n.as_str().to_string()), true),
            None => (Some(p.to_sparql()), false),
        },
        None => (None, false),
    };
    Finding {
        focus: r.focus_node,
        path,
        path_is_iri,
        value: r.value,
        severity: match r.severity {
            crate::shacl::Severity::Warning => FindingSeverity::Warning,
            crate::shacl::Severity::Info => FindingSeverity::Info,
            _ => FindingSeverity::Violation,
        },
        shape: term_key(&r.source_shape),
        component: r.component.into_string(),
        messages: r.messages,
    }
}
