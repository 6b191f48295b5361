//! `lienthong lineage DATASET [--up|--down|--both] [--depth N] [--format text|json|dot|svg]
//! [--impact] [--public] [--out FILE]`: a dataset's lineage or impact ([`crate::lineage`]),
//! to standard output or a file, with a warning on standard error when the data has cycles.

use super::open_store;
use crate::lineage::render_text::lineage_text;
use crate::lineage::{
    impact, render_dot, render_svg, Direction, LineageService, DEFAULT_DEPTH, MAX_DEPTH,
};
use crate::store::Access;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Dot,
    Svg,
}

#[derive(clap::Args, Debug)]
pub struct LineageArgs {
    /// The dataset: its IRI or its dct:identifier (for example H40-DS-0000012).
    pub dataset: String,
    /// Only where it comes from.
    #[arg(long, conflicts_with_all = ["down", "both"])]
    pub up: bool,
    /// Only what depends on it.
    #[arg(long, conflicts_with = "both")]
    pub down: bool,
    /// Both directions (the default).
    #[arg(long)]
    pub both: bool,
    /// Largest number of edges from the dataset (default 10; with --impact, unbounded).
    #[arg(long)]
    pub depth: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Everything downstream that a change would affect, grouped by agency (text or json).
    #[arg(long)]
    pub impact: bool,
    /// Answer as an anonymous reader would see the catalogue.
    #[arg(long)]
    pub public: bool,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(store: &Path, args: LineageArgs) -> Result<ExitCode> {
    let cat = open_store(store)?;
    let svc = LineageService::new(cat);
    let access = if args.public {
        Access::Public
    } else {
        Access::Admin
    };
    let direction = if args.up {
        Direction::Up
    } else if args.down {
        Direction::Down
    } else {
        Direction::Both
    };
    let (body, cycles) = if args.impact {
        let i = svc.impact(&args.dataset, args.depth.unwrap_or(MAX_DEPTH), access)?;
        let body = match args.format {
            Format::Text => impact::to_text(&i),
            Format::Json => serde_json::to_string_pretty(&i)? + "\n",
            Format::Dot | Format::Svg => anyhow::bail!("--impact is written as text or json"),
        };
        (body, i.cycles.len())
    } else {
        let l = svc.lineage(
            &args.dataset,
            direction,
            args.depth.unwrap_or(DEFAULT_DEPTH),
            access,
        )?;
        let body = match args.format {
            Format::Text => lineage_text(&l),
            Format::Json => serde_json::to_string_pretty(&l)? + "\n",
            Format::Dot => render_dot::to_dot(&l),
            Format::Svg => render_svg::to_svg(&l),
        };
        (body, l.cycles.len())
    };
    match &args.out {
        Some(p) => std::fs::write(p, body).with_context(|| format!("writing {}", p.display()))?,
        None => std::io::stdout().lock().write_all(body.as_bytes())?,
    }
    if cycles > 0 {
        eprintln!("warning: {cycles} cycle(s) in the lineage data (listed in the output); every traversal still terminated");
    }
    Ok(ExitCode::SUCCESS)
}
