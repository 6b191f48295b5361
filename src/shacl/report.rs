//! The validation report: a Rust struct, and its standard `sh:ValidationReport` RDF form
//! (Turtle), JSON, and human text grouped by focus node.

use super::model::Severity;
use super::path::Path;
use crate::vocab::{rdf, sh};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{BlankNode, Graph, Literal, NamedNode, Term, Triple};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One `sh:ValidationResult`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationResult {
    pub focus_node: Term,
    pub path: Option<Path>,
    pub value: Option<Term>,
    pub source_shape: Term,
    pub component: NamedNode,
    pub severity: Severity,
    /// `sh:message` values of the shape (or SPARQL constraint), else one generated English message.
    pub messages: Vec<Literal>,
    /// The `sh:sparql` node (SHACL-SPARQL results only).
    pub source_constraint: Option<Term>,
}

/// A `sh:ValidationReport`. `conforms` is true when there is no result of any severity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationReport {
    pub conforms: bool,
    pub results: Vec<ValidationResult>,
}

impl ValidationReport {
    pub(crate) fn new(results: Vec<ValidationResult>) -> Self {
        Self {
            conforms: results.is_empty(),
            results,
        }
    }

    /// Results of the given severity.
    pub fn count(&self, severity: &Severity) -> usize {
        self.results
            .iter()
            .filter(|r| &r.severity == severity)
            .count()
    }

    /// True when at least one result is a `sh:Violation` (the CLI's exit status 1).
    pub fn has_violations(&self) -> bool {
        self.results
            .iter()
            .any(|r| r.severity == Severity::Violation)
    }

    /// The report as RDF; returns the graph and the report node.
    pub fn to_graph(&self) -> (Graph, Term) {
        let mut g = Graph::new();
        let report = BlankNode::default();
        g.insert(&Triple::new(
            report.clone(),
            rdf::TYPE,
            sh::VALIDATION_REPORT,
        ));
        g.insert(&Triple::new(
            report.clone(),
            sh::CONFORMS,
            Literal::from(self.conforms),
        ));
        for r in &self.results {
            let n = BlankNode::default();
            g.insert(&Triple::new(report.clone(), sh::RESULT, n.clone()));
            g.insert(&Triple::new(n.clone(), rdf::TYPE, sh::VALIDATION_RESULT));
            g.insert(&Triple::new(
                n.clone(),
                sh::FOCUS_NODE,
                r.focus_node.clone(),
            ));
            if let Some(p) = &r.path {
                let pt = p.write_rdf(&mut g);
                g.insert(&Triple::new(n.clone(), sh::RESULT_PATH, pt));
            }
            if let Some(v) = &r.value {
                g.insert(&Triple::new(n.clone(), sh::VALUE, v.clone()));
            }
            g.insert(&Triple::new(
                n.clone(),
                sh::SOURCE_SHAPE,
                r.source_shape.clone(),
            ));
            g.insert(&Triple::new(
                n.clone(),
                sh::SOURCE_CONSTRAINT_COMPONENT,
                r.component.clone(),
            ));
            g.insert(&Triple::new(
                n.clone(),
                sh::RESULT_SEVERITY,
                r.severity.iri(),
            ));
            for m in &r.messages {
                g.insert(&Triple::new(n.clone(), sh::RESULT_MESSAGE, m.clone()));
            }
            if let Some(c) = &r.source_constraint {
                g.insert(&Triple::new(n.clone(), sh::SOURCE_CONSTRAINT, c.clone()));
            }
        }
        (g, report.into())
    }

    /// The report in Turtle with the usual prefixes.
    pub fn to_turtle(&self) -> String {
        let (g, _) = self.to_graph();
        let mut ser = RdfSerializer::from_format(RdfFormat::Turtle)
            .with_prefix("sh", sh::NS)
            .and_then(|s| s.with_prefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"))
            .and_then(|s| s.with_prefix("xsd", "http://www.w3.org/2001/XMLSchema#"))
            .and_then(|s| s.with_prefix("dcat", "http://www.w3.org/ns/dcat#"))
            .and_then(|s| s.with_prefix("dct", "http://purl.org/dc/terms/"))
            .unwrap_or_else(|_| RdfSerializer::from_format(RdfFormat::Turtle))
            .for_writer(Vec::new());
        for t in g.iter() {
            // Writing to a Vec cannot fail.
            let _ = ser.serialize_triple(t);
        }
        String::from_utf8(ser.finish().unwrap_or_default()).unwrap_or_default()
    }

    /// JSON: `{conforms, counts: {violation, warning, info}, results: [...]}`, terms in N-Triples syntax
    /// except IRIs which are plain strings.
    pub fn to_json(&self) -> serde_json::Value {
        let term = |t: &Term| match t {
            Term::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        let results: Vec<_> = self
            .results
            .iter()
            .map(|r| {
                serde_json::json!({
                    "focusNode": term(&r.focus_node),
                    "resultPath": r.path.as_ref().map(Path::to_sparql),
                    "value": r.value.as_ref().map(term),
                    "sourceShape": term(&r.source_shape),
                    "sourceConstraintComponent": r.component.as_str(),
                    "resultSeverity": r.severity.iri().as_str(),
                    "resultMessage": r.messages.iter().map(|m| serde_json::json!({
                        "value": m.value(), "lang": m.language()
                    })).collect::<Vec<_>>(),
                    "sourceConstraint": r.source_constraint.as_ref().map(term),
                })
            })
            .collect();
        serde_json::json!({
            "conforms": self.conforms,
            "counts": {
                "violation": self.count(&Severity::Violation),
                "warning": self.count(&Severity::Warning),
                "info": self.count(&Severity::Info),
            },
            "results": results,
        })
    }

    /// Human text grouped by focus node: message, path, value, severity and shape per result.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut groups: BTreeMap<String, Vec<&ValidationResult>> = BTreeMap::new();
        for r in &self.results {
            groups.entry(short(&r.focus_node)).or_default().push(r);
        }
        for (focus, rs) in &groups {
            let _ = writeln!(out, "{focus}");
            for r in rs {
                let msg = r
                    .messages
                    .iter()
                    .map(|m| m.value().to_string())
                    .collect::<Vec<_>>()
                    .join(" / ");
                let _ = writeln!(out, "  [{}] {msg}", r.severity.label());
                if let Some(p) = &r.path {
                    let _ = writeln!(out, "      path:  {}", p.to_sparql());
                }
                if let Some(v) = &r.value {
                    let _ = writeln!(out, "      value: {}", short(v));
                }
                let comp = r
                    .component
                    .as_str()
                    .strip_prefix(sh::NS)
                    .unwrap_or(r.component.as_str());
                let _ = writeln!(out, "      shape: {} ({comp})", short(&r.source_shape));
            }
        }
        let _ = writeln!(
            out,
            "{}: {} result(s) on {} focus node(s): {} violation(s), {} warning(s), {} info",
            if self.conforms {
                "conforms"
            } else {
                "does not conform"
            },
            self.results.len(),
            groups.len(),
            self.count(&Severity::Violation),
            self.count(&Severity::Warning),
            self.count(&Severity::Info),
        );
        out
    }
}

fn short(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => format!("<{}>", n.as_str()),
        other => other.to_string(),
    }
}
