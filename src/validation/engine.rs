//! The shapes the gate applies and the findings it keeps, independent of the SHACL engine
//! that produces them.

use crate::error::{Error, Result};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{Graph, Literal, NamedNode, Term, TermRef};
use std::path::Path;

/// The DCAT-AP-VN shapes shipped with the binary (`shapes/dcat-ap-vn.ttl`).
pub const DCAT_AP_VN: &str = include_str!("../../shapes/dcat-ap-vn.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Severity {
    Violation,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Violation => "Violation",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        }
    }
    pub fn iri(self) -> NamedNode {
        NamedNode::new_unchecked(format!("{SH}{}", self.label()))
    }
    /// From a severity IRI; any severity other than Warning and Info blocks, as a Violation.
    pub fn from_iri(iri: &str) -> Self {
        match iri.strip_prefix(SH) {
            Some("Warning") => Severity::Warning,
            Some("Info") => Severity::Info,
            _ => Severity::Violation,
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "violation" => Some(Severity::Violation),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
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
    pub severity: Severity,
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

/// A parsed shapes graph the gate validates with.
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

    pub fn from_turtle(name: &str, text: &str) -> Result<Self> {
        // Fail early, with the file and line, on a shapes file that does not parse.
        for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
            t.map_err(|e| Error::Input {
                file: name.to_string(),
                message: e.to_string(),
            })?;
        }
        Ok(Self {
            name: name.to_string(),
            turtle: text.to_string(),
        })
    }

    /// Validates a data graph; every result becomes a [`Finding`].
    pub fn validate(&self, data: &Graph) -> Result<Vec<Finding>> {
        if data.is_empty() {
            return Ok(Vec::new());
        }
        pyshacl(&self.turtle, data)
    }
}

/// Runs pySHACL on the data (interim engine until the native one is merged).
fn pyshacl(shapes: &str, data: &Graph) -> Result<Vec<Finding>> {
    let dir = std::env::temp_dir().join(format!("lienthong-gate-{:016x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir)?;
    let run = || -> Result<Vec<Finding>> {
        let sp = dir.join("shapes.ttl");
        let dp = dir.join("data.nt");
        std::fs::write(&sp, shapes)?;
        let mut ser = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        for t in data {
            ser.serialize_triple(t)?;
        }
        std::fs::write(&dp, ser.finish()?)?;
        let out = std::process::Command::new("pyshacl")
            .arg("-s")
            .arg(&sp)
            .args(["-f", "nt"])
            .arg(&dp)
            .output()
            .map_err(|e| Error::Evaluation(format!("cannot run pyshacl: {e}")))?;
        if out.stdout.is_empty() {
            return Err(Error::Evaluation(format!(
                "pyshacl failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        let mut g = Graph::new();
        for t in RdfParser::from_format(RdfFormat::NTriples).for_slice(&out.stdout) {
            let t = t.map_err(|e| Error::Evaluation(format!("pyshacl report: {e}")))?;
            g.insert(&oxigraph::model::Triple::from(t));
        }
        Ok(findings_from_report(&g))
    };
    let r = run();
    let _ = std::fs::remove_dir_all(&dir);
    r
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// Reads the top-level results of a standard `sh:ValidationReport` graph.
pub fn findings_from_report(g: &Graph) -> Vec<Finding> {
    let mut out = Vec::new();
    let result_p = sh("result");
    let report_t = sh("ValidationReport");
    let type_p = crate::vocab::rdf::TYPE;
    for report in g.subjects_for_predicate_object(type_p, &report_t) {
        for r in g.objects_for_subject_predicate(report, &result_p) {
            let node = match r {
                TermRef::NamedNode(n) => oxigraph::model::NamedOrBlankNodeRef::from(n),
                TermRef::BlankNode(b) => b.into(),
                _ => continue,
            };
            let one = |p: &str| {
                g.object_for_subject_predicate(node, &sh(p))
                    .map(TermRef::into_owned)
            };
            let Some(focus) = one("focusNode") else {
                continue;
            };
            let (path, path_is_iri) = match one("resultPath") {
                Some(Term::NamedNode(n)) => (Some(n.into_string()), true),
                Some(other) => (Some(other.to_string()), false),
                None => (None, false),
            };
            let term_text = |t: Option<Term>| match t {
                Some(Term::NamedNode(n)) => n.into_string(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            out.push(Finding {
                focus,
                path,
                path_is_iri,
                value: one("value"),
                severity: match one("resultSeverity") {
                    Some(Term::NamedNode(n)) => Severity::from_iri(n.as_str()),
                    _ => Severity::Violation,
                },
                shape: term_text(one("sourceShape")),
                component: term_text(one("sourceConstraintComponent")),
                messages: g
                    .objects_for_subject_predicate(node, &sh("resultMessage"))
                    .filter_map(|m| match m {
                        TermRef::Literal(l) => Some(l.into_owned()),
                        _ => None,
                    })
                    .collect(),
            });
        }
    }
    out
}
