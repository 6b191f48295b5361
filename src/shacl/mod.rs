//! SHACL validation: a native engine for all of SHACL Core and SHACL-SPARQL, over the
//! store (chosen named graphs or their union) or over an in-memory graph.
//!
//! Owns: compiling a shapes graph ([`ShapesGraph`], errors name the shape), running it over a
//! [`DataGraph`] ([`validate`], or [`validate_nodes`] for a batch of changed records), and the
//! standard `sh:ValidationReport` ([`ValidationReport`]: RDF, Turtle, JSON, text). The
//! `lienthong validate` command is in `src/cli/validate.rs`.
//!
//! Design: each shape is compiled once into constraints that the engine evaluates with
//! direct index scans (`quads_for_pattern`), never with generated SPARQL: one prefix scan per
//! focus node serves all its property shapes (cached, bounded), the `rdfs:subClassOf`
//! closure is read once, and nested-shape conformance is memoised per (shape, node).
//! Recursive shapes terminate: a shape re-entered on the same node is assumed to conform.
//! Store data is normalised by oxigraph (`xsd:int` → `xsd:integer`...): see [`DataGraph::normalises_literals`].
//!
//! ```
//! use lienthong::shacl::{validate, MemoryData, ShapesGraph};
//! let shapes = ShapesGraph::from_turtle(r#"
//!   @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
//!   @prefix dct: <http://purl.org/dc/terms/> .
//!   [] a sh:NodeShape ; sh:targetClass dcat:Dataset ;
//!      sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:languageIn ("vi" "en") ] ."#, None)?;
//! let data = MemoryData::from_turtle(r#"
//!   @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
//!   <https://data.nghean.gov.vn/dataset/dat-dai> a dcat:Dataset ; dct:title "Đất đai"@vi .
//!   <https://data.nghean.gov.vn/dataset/dan-cu> a dcat:Dataset ."#)?;
//! let report = validate(&shapes, &data)?;
//! assert!(!report.conforms);
//! assert_eq!(report.results.len(), 1); // dan-cu has no title
//! # Ok::<_, lienthong::Error>(())
//! ```

mod constraints;
mod data;
mod model;
mod path;
mod report;
mod shapes;
mod sparql_constraints;
mod values;

pub use data::{read_file_into, DataGraph, GraphSelection, MemoryData, StoreData};
pub use model::{Severity, Target};
pub use path::Path;
pub use report::{ValidationReport, ValidationResult};
pub use shapes::ShapesGraph;

use crate::error::{Error, Result};
use crate::store::Catalogue;
use constraints::Engine;
use oxigraph::model::{Graph, GraphNameRef, NamedNodeRef, Term};
use std::collections::HashMap;

impl MemoryData {
    /// Parses a Turtle document into an in-memory data graph.
    pub fn from_turtle(text: &str) -> Result<Self> {
        let mut g = Graph::new();
        for t in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(text.as_bytes())
        {
            let q = t.map_err(|e| data::parse_error("data", e.into()))?;
            g.insert(q.as_ref());
        }
        Ok(Self::new(g))
    }
}

/// Validates every focus node of every (non-deactivated) shape that has targets.
///
/// Work is organised per focus node (all shapes that target it, then the next node), so the
/// node's triples are read once and the cache stays bounded on large stores.
pub fn validate(shapes: &ShapesGraph, data: &dyn DataGraph) -> Result<ValidationReport> {
    let engine = Engine::new(shapes, data)?;
    let mut order: Vec<(Term, Vec<usize>)> = Vec::new();
    let mut pos: HashMap<Term, usize> = HashMap::new();
    for i in shapes.targeted() {
        let shape = &shapes.shapes[i];
        if shape.deactivated {
            continue;
        }
        let mut focus = Vec::new();
        engine.focus_nodes(shape, &mut focus)?;
        for f in focus {
            let k = *pos.entry(f.clone()).or_insert_with(|| {
                order.push((f, Vec::new()));
                order.len() - 1
            });
            order[k].1.push(i);
        }
    }
    drop(pos);
    let mut results = Vec::new();
    for (focus, list) in order {
        for i in list {
            engine.validate_shape(i, &focus, &mut results, false)?;
        }
    }
    Ok(ValidationReport::new(results))
}

/// Validates only `nodes`, each against the shapes that target it, plus whatever those shapes
/// reach from it (values, nested shapes). Cost follows the batch, not the store: for a batch
/// of new or changed records after an import or harvest.
pub fn validate_nodes(
    shapes: &ShapesGraph,
    data: &dyn DataGraph,
    nodes: &[Term],
) -> Result<ValidationReport> {
    let engine = Engine::new(shapes, data)?;
    let targeted: Vec<usize> = shapes
        .targeted()
        .filter(|&i| !shapes.shapes[i].deactivated)
        .collect();
    let mut results = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for n in nodes {
        if !seen.insert(n) {
            continue;
        }
        for &i in &targeted {
            if engine.is_target(&shapes.shapes[i], n)? {
                engine.validate_shape(i, n, &mut results, false)?;
            }
        }
    }
    Ok(ValidationReport::new(results))
}

/// Validates graphs of the catalogue (for instance `GraphSelection::Union`, or one import graph).
pub fn validate_catalogue(
    shapes: &ShapesGraph,
    cat: &Catalogue,
    graphs: GraphSelection,
) -> Result<ValidationReport> {
    validate(shapes, &StoreData::new(cat.store().clone(), graphs))
}

/// Reads a shapes graph stored in the catalogue (by convention `vocab::graph::SHAPES`).
pub fn shapes_from_store(cat: &Catalogue, graph: &str) -> Result<ShapesGraph> {
    let name = NamedNodeRef::new(graph).map_err(|e| Error::BadRequest(format!("{graph}: {e}")))?;
    let mut g = Graph::new();
    for q in cat
        .store()
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(name)))
    {
        let q = q?;
        g.insert(oxigraph::model::TripleRef::new(
            &q.subject,
            &q.predicate,
            &q.object,
        ));
    }
    if g.is_empty() {
        return Err(Error::NotFound(format!("no shapes in the graph <{graph}>")));
    }
    ShapesGraph::from_graph(g)
}
