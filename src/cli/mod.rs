//! The `lienthong` command line: the [`Cli`] parser, the [`Command`] enum and [`run`], which
//! hands each command to its own file (`serve`, `import`, `export`, `query`, `update`, `peers`,
//! `validate`, `quarantine`, `search`, `lineage`, `gen`, `sources`, `harvest`), plus the helpers
//! they share: opening the store, reading `@file` arguments, the progress spinner.
//!
//! Every command takes `--store PATH` (default `./lienthong-data`), prints human output by
//! default, and exits non-zero with a message that names the file, line or field at fault.
//! This is the only place (with `main.rs`) that knows clap: the capabilities below take plain
//! values and domain types.
//!
//! ```
//! use clap::Parser;
//! use lienthong::cli::Cli;
//! // What `lienthong query --public "ASK {}"` parses to; `run(cli)` would execute it.
//! let cli = Cli::try_parse_from(["lienthong", "--store", "/tmp/lt", "query", "--public", "ASK {}"])?;
//! assert!(format!("{cli:?}").contains("Query"));
//! // Unknown flags are refused with clap's message (exit code 2 from main).
//! assert!(Cli::try_parse_from(["lienthong", "query", "--colour", "ASK {}"]).is_err());
//! # Ok::<_, clap::Error>(())
//! ```

mod export;
mod gate;
mod gen;
mod harvest;
mod import;
mod lineage;
mod peers;
mod quarantine;
mod query;
mod search;
mod serve;
mod sources;
mod update;
mod validate;

use crate::store::Catalogue;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "lienthong",
    version,
    about = "Danh mục dữ liệu liên thông — federated DCAT-AP-VN data catalogue and lineage graph"
)]
pub struct Cli {
    /// The on-disk store (RocksDB directory).
    #[arg(
        long,
        global = true,
        default_value = "./lienthong-data",
        env = "LIENTHONG_STORE"
    )]
    pub store: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the SPARQL endpoint, Graph Store, DCAT feed and UI over HTTP.
    Serve(serve::ServeArgs),
    /// Import RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD), each atomically.
    Import(import::ImportArgs),
    /// Write the store (or one graph) to standard output or a file.
    Export(export::ExportArgs),
    /// Run a SPARQL query: the text, or @file.
    Query(query::QueryArgs),
    /// Partner provinces' servers (federation).
    #[command(subcommand)]
    Peers(peers::PeersCommand),
    /// Run a SPARQL update: the text, or @file.
    Update(update::UpdateArgs),
    /// Validate data files or the store against SHACL shapes (exit 0 conforms, 1 violations, 2 error).
    Validate(validate::ValidateArgs),
    /// Quarantined records: list, show, re-validate after a fix, release or drop.
    Quarantine(quarantine::QuarantineArgs),
    /// Full-text search (Vietnamese with or without diacritics), or rebuild the index.
    Search(search::SearchArgs),
    /// Lineage of a dataset (upstream, downstream), its impact, as text, JSON, DOT or SVG.
    Lineage(lineage::LineageArgs),
    /// Write a deterministic synthetic catalogue.
    Gen(gen::GenArgs),
    /// Manage harvest sources (CKAN, DCAT, SPARQL, gateway, CSV/XLSX), stored in the catalogue.
    Sources(sources::SourcesArgs),
    /// Harvest a source now (or every enabled source with --all), with a progress bar.
    Harvest(harvest::HarvestArgs),
}

/// Runs one command; the exit code is the command's verdict (an `Err` is a failure to run it).
pub fn run(cli: Cli) -> Result<ExitCode> {
    let store = cli.store.as_path();
    match cli.command {
        Command::Serve(args) => serve::run(store, args),
        Command::Import(args) => import::run(store, args),
        Command::Export(args) => export::run(store, args),
        Command::Query(args) => query::run(store, args),
        Command::Peers(cmd) => peers::run(store, cmd),
        Command::Update(args) => update::run(store, args),
        Command::Validate(args) => validate::run(store, args),
        Command::Quarantine(args) => quarantine::run(store, args),
        Command::Sources(args) => sources::run(store, args),
        Command::Harvest(args) => harvest::run(store, args),
        Command::Search(args) => search::run(store, args),
        Command::Lineage(args) => lineage::run(store, args),
        Command::Gen(args) => gen::run(args),
    }
}

/// Opens the catalogue at `--store`.
#[cfg(feature = "rocksdb")]
fn open_store(path: &Path) -> Result<Catalogue> {
    Ok(Catalogue::open(path)?)
}

/// Without RocksDB there is no on-disk store to open.
#[cfg(not(feature = "rocksdb"))]
fn open_store(path: &Path) -> Result<Catalogue> {
    anyhow::bail!(
        "built without the rocksdb feature: cannot open {}",
        path.display()
    )
}

/// A query or update argument: the text itself, `@FILE`, or `@-` for standard input.
fn text_arg(arg: &str) -> Result<String> {
    match arg.strip_prefix('@') {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading standard input")?;
            Ok(s)
        }
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {path}")),
        None => Ok(arg.to_string()),
    }
}

/// A spinner on standard error counting triples (hidden when standard error is not a terminal).
fn progress(label: &str) -> ProgressBar {
    let pb = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} {human_pos} triples ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.set_message(label.to_string());
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap's own consistency checks over every command (conflicts, ids, defaults).
    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
