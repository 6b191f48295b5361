//! `lienthong export [--graph IRI] [--format F] [--out FILE]`: the whole store (or one graph),
//! as the administrator sees it, to standard output or a file.

use super::open_store;
use crate::store::{self, detect_format, Access, ExportOptions};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long)]
    graph: Option<String>,
    #[arg(long, default_value = "nquads")]
    format: String,
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(store: &Path, args: ExportArgs) -> Result<ExitCode> {
    let ExportArgs { graph, format, out } = args;
    let cat = open_store(store)?;
    let format = detect_format(None, Some(&format))?;
    let opts = ExportOptions {
        graph,
        format,
        access: Access::Admin,
    };
    let n = match &out {
        Some(p) => {
            let f =
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
            store::export(&cat, std::io::BufWriter::new(f), &opts)?
        }
        None => store::export(
            &cat,
            std::io::BufWriter::new(std::io::stdout().lock()),
            &opts,
        )?,
    };
    eprintln!("exported {n} triples");
    Ok(ExitCode::SUCCESS)
}
