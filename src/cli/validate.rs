//! `lienthong validate [--shapes FILE]... (DATA_FILE... | --store PATH [--graph IRI]...)
//! [--format text|turtle|json]`: exit 0 when conforming, 1 with violations, 2 on error.
//!
//! Shapes: the `--shapes` files; without them, `shapes/dcat-ap-vn.ttl` when it exists in the
//! current directory, else the shapes stored in the store's `graph/shapes`, else the built-in
//! DCAT-AP-VN shapes. The engine is [`crate::shacl`].

use super::open_store;
use crate::shacl::{
    shapes_from_store, validate, GraphSelection, MemoryData, ShapesGraph, StoreData,
};
use crate::store::Catalogue;
use crate::vocab::graph;
use anyhow::{bail, Context, Result};
use oxigraph::model::NamedNode;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The profile's shapes file, relative to the working directory (the project root).
pub const DEFAULT_SHAPES: &str = "shapes/dcat-ap-vn.ttl";

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Turtle,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Shapes files (Turtle or any RDF syntax); repeatable.
    #[arg(long = "shapes")]
    pub shapes: Vec<PathBuf>,
    /// Data files to validate; without them the store (--store) is validated.
    pub files: Vec<PathBuf>,
    /// With the store: validate only these named graphs (repeatable; default: every graph).
    #[arg(long)]
    pub graph: Vec<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Runs the command; the global `--store` is opened only when no data file is given.
pub fn run(store: &Path, args: ValidateArgs) -> Result<ExitCode> {
    let t = std::time::Instant::now();
    let cat = if args.files.is_empty() {
        Some(open_store(store)?)
    } else {
        None
    };
    let shapes = if !args.shapes.is_empty() {
        ShapesGraph::from_files(&args.shapes)?
    } else if Path::new(DEFAULT_SHAPES).is_file() {
        ShapesGraph::from_files(&[DEFAULT_SHAPES])?
    } else if let Some(cat) = cat.as_ref().filter(|c| has_stored_shapes(c)) {
        shapes_from_store(cat, graph::SHAPES)
            .with_context(|| format!("the shapes stored in <{}>", graph::SHAPES))?
    } else {
        // The shapes import and harvest use, built into the binary: the same verdicts everywhere.
        eprintln!("validate: using the built-in DCAT-AP-VN shapes ({DEFAULT_SHAPES})");
        ShapesGraph::from_turtle(crate::gate::DCAT_AP_VN, None)?
    };
    let report = match &cat {
        None => {
            if !args.graph.is_empty() {
                bail!("--graph applies to the store, not to data files");
            }
            let data = MemoryData::from_files(&args.files)?;
            validate(&shapes, &data)?
        }
        Some(cat) => {
            let sel = if args.graph.is_empty() {
                GraphSelection::Union
            } else {
                let mut v = Vec::new();
                for g in &args.graph {
                    v.push(
                        NamedNode::new(g.clone())
                            .with_context(|| format!("--graph {g}: not an IRI"))?,
                    );
                }
                GraphSelection::Named(v)
            };
            validate(&shapes, &StoreData::new(cat.store().clone(), sel))?
        }
    };
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.format {
        ReportFormat::Text => w.write_all(report.to_text().as_bytes())?,
        ReportFormat::Turtle => w.write_all(report.to_turtle().as_bytes())?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &report.to_json())?;
            writeln!(w)?;
        }
    }
    w.flush()?;
    tracing::info!(shapes = shapes.len(), results = report.results.len(), elapsed = ?t.elapsed(), "validated");
    Ok(if report.has_violations() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether the store holds a shapes graph in `graph/shapes`.
fn has_stored_shapes(cat: &Catalogue) -> bool {
    let g = oxigraph::model::NamedNodeRef::new_unchecked(graph::SHAPES);
    cat.store()
        .quads_for_pattern(None, None, None, Some(g.into()))
        .next()
        .is_some()
}
