//! `lienthong gen --datasets N [--province P] [--seed S] [--out FILE]`: a deterministic
//! synthetic catalogue ([`crate::synth`]), its statistics as JSON on standard error.

use crate::store::detect_format;
use crate::synth::{generate, GenOptions};
use anyhow::{Context, Result};
use oxigraph::io::RdfFormat;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct GenArgs {
    #[arg(long)]
    datasets: usize,
    #[arg(long, default_value = "nghe-an")]
    province: String,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output file (format from the extension; N-Triples by default); standard output if absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: GenArgs) -> Result<ExitCode> {
    let GenArgs {
        datasets,
        province,
        seed,
        out,
    } = args;
    let format = match &out {
        Some(p) => detect_format(Some(p), None).unwrap_or(RdfFormat::NTriples),
        None => RdfFormat::NTriples,
    };
    let opts = GenOptions {
        datasets,
        province,
        seed,
        format,
    };
    let stats = match &out {
        Some(p) => {
            let f =
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
            generate(&opts, std::io::BufWriter::with_capacity(1 << 20, f))?
        }
        None => generate(&opts, std::io::BufWriter::new(std::io::stdout().lock()))?,
    };
    eprintln!("{}", serde_json::to_string(&stats)?);
    Ok(ExitCode::SUCCESS)
}
