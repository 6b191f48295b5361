//! `lienthong import FILE... [--graph IRI] [--format F] [--lenient] [--on-invalid P]
//! [--shapes FILE] [--no-validate]`: each file imported atomically, gated by the shapes,
//! with a progress spinner and one summary line per file; exit 1 when any file failed.

use super::gate::{summary_line, GateArgs};
use super::{open_store, progress};
use crate::ingest::{self, ImportOptions};
use crate::store::detect_format;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Put every triple into this named graph.
    #[arg(long)]
    graph: Option<String>,
    /// Format name (turtle, trig, ntriples, nquads, rdfxml, jsonld); default from the extension.
    #[arg(long)]
    format: Option<String>,
    /// Skip malformed statements and report how many.
    #[arg(long)]
    lenient: bool,
    #[command(flatten)]
    validation: GateArgs,
}

pub fn run(store: &Path, args: ImportArgs) -> Result<ExitCode> {
    let ImportArgs {
        files,
        graph,
        format,
        lenient,
        validation,
    } = args;
    let cat = open_store(store)?;
    let shapes = validation.shapes()?;
    crate::search::attach(&cat)?;
    let explicit = format
        .as_deref()
        .map(|f| detect_format(None, Some(f)))
        .transpose()?;
    let mut failed = false;
    for file in &files {
        let opts = ImportOptions {
            graph: graph.clone(),
            format: explicit,
            lenient,
            base_iri: None,
            // Shapes and ontologies are not catalogue records: never gated.
            gate: validation.config(&shapes, file).filter(|_| {
                !matches!(
                    graph.as_deref(),
                    Some(crate::vocab::graph::SHAPES | crate::vocab::graph::ONTOLOGY)
                )
            }),
        };
        let pb = progress(&format!("importing {}", file.display()));
        let pb2 = pb.clone();
        let t = Instant::now();
        let result = ingest::import_file(&cat, file, &opts, Some(&move |n| pb2.set_position(n)));
        pb.finish_and_clear();
        match result {
            Ok(r) => {
                let secs = t.elapsed().as_secs_f64();
                eprintln!(
                    "{}: {} triples ({} non-public) into {} graph(s) in {:.2}s ({:.0} triples/s){}{}",
                    file.display(), r.triples, r.restricted, r.graphs.len(), secs,
                    r.triples as f64 / secs.max(1e-9),
                    if r.normalised > 0 { format!(", {} literals normalised to NFC", r.normalised) } else { String::new() },
                    if r.skipped > 0 { format!(", {} malformed statements skipped", r.skipped) } else { String::new() },
                );
                if let Some(v) = &r.validation {
                    eprintln!("{}: {}", file.display(), summary_line(v));
                }
            }
            Err(e) => {
                eprintln!("error: {e} (nothing from this file was imported)");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
