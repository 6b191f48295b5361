//! `lienthong lineage DATASET [--up|--down|--both] [--depth N] [--format text|json|dot|svg]
//! [--impact] [--public] [--out FILE]`.

use super::{
    impact, render_dot, render_svg, Direction, Lineage, LineageService, Side, DEFAULT_DEPTH,
};
use crate::store::{Access, Catalogue};
use anyhow::{Context, Result};
use std::fmt::Write as _;
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

#[cfg(feature = "rocksdb")]
fn open(path: &Path) -> Result<Catalogue> {
    Ok(Catalogue::open(path)?)
}

#[cfg(not(feature = "rocksdb"))]
fn open(path: &Path) -> Result<Catalogue> {
    anyhow::bail!(
        "built without the rocksdb feature: cannot open {}",
        path.display()
    )
}

/// Human-readable listing: upstream then downstream, nearest first.
pub fn lineage_text(l: &Lineage) -> String {
    let mut s = String::new();
    let root = l.nodes.iter().find(|n| n.side == Side::Root);
    let _ = writeln!(
        s,
        "Lineage of {}{} ({:?}, depth {}): {} nodes, {} edges{}",
        l.root,
        root.and_then(|r| r.label.as_deref())
            .map(|t| format!(" \"{t}\""))
            .unwrap_or_default(),
        l.direction,
        l.depth,
        l.nodes.len(),
        l.edges.len(),
        if l.truncated {
            " (cut at the depth bound)"
        } else {
            ""
        }
    );
    for side in [Side::Upstream, Side::Downstream] {
        let mut ns: Vec<_> = l.nodes.iter().filter(|n| n.side == side).collect();
        if ns.is_empty() {
            continue;
        }
        ns.sort_by(|a, b| a.distance.cmp(&b.distance).then_with(|| a.id.cmp(&b.id)));
        let _ = writeln!(
            s,
            "\n{}:",
            if side == Side::Upstream {
                "upstream"
            } else {
                "downstream"
            }
        );
        for n in ns {
            let _ = writeln!(
                s,
                "  {:>3}  {:<12} {}{}{}{}{}",
                n.distance,
                n.kind.as_str(),
                n.id,
                n.label
                    .as_deref()
                    .map(|t| format!(" \"{t}\""))
                    .unwrap_or_default(),
                n.agency_name
                    .as_deref()
                    .or(n.agency.as_deref())
                    .map(|a| format!(" — {a}"))
                    .unwrap_or_default(),
                if n.access != super::AccessLevel::Public {
                    format!(" [{}]", n.access.as_str())
                } else {
                    String::new()
                },
                if n.external {
                    format!(" [external: {}]", n.province.as_deref().unwrap_or("?"))
                } else {
                    String::new()
                },
            );
        }
    }
    for c in &l.cycles {
        let _ = writeln!(s, "\nwarning: cycle in the lineage data: {}", c.join(" → "));
    }
    s
}

pub fn run(store: &Path, args: LineageArgs) -> Result<ExitCode> {
    let cat = open(store)?;
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
        let i = svc.impact(
            &args.dataset,
            args.depth.unwrap_or(super::MAX_DEPTH),
            access,
        )?;
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
