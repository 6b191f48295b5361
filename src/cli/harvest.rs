//! `lienthong harvest (SOURCE | --all) [--json]`: run harvest sources now
//! ([`crate::ingest::harvest::run_source`]), a spinner per source, a summary line each and their capped
//! errors and warnings; exit 1 when any run failed.

use super::open_store;
use crate::ingest::harvest::fetch::FetchConfig;
use crate::ingest::harvest::source;
use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct HarvestArgs {
    /// The source to run now.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub source: Option<String>,
    /// Run every enabled source.
    #[arg(long)]
    pub all: bool,
    /// Print the run reports as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(store: &Path, args: HarvestArgs) -> Result<ExitCode> {
    let cat = &open_store(store)?;
    // Harvested records are searchable as soon as the command returns: the index follows
    // this command's writes.
    let _index = crate::search::attach(cat)?;
    let cfg = FetchConfig::from_env();
    let ids: Vec<String> = match (&args.source, args.all) {
        (Some(id), false) => vec![id.clone()],
        (None, true) => source::list(cat)?
            .into_iter()
            .filter(|s| s.enabled)
            .map(|s| s.id)
            .collect(),
        _ => bail!("give a source id or --all"),
    };
    if ids.is_empty() {
        eprintln!("no enabled sources");
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = false;
    let mut reports = Vec::new();
    for id in ids {
        let pb = if std::io::stderr().is_terminal() {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::hidden()
        };
        pb.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.set_prefix(id.clone());
        pb.enable_steady_tick(Duration::from_millis(200));
        let pb2 = pb.clone();
        let report = crate::ingest::harvest::run_source(cat, &id, &cfg, &move |m| {
            pb2.set_message(m.to_string())
        })?;
        pb.finish_and_clear();
        let secs = (|| {
            let f = time::format_description::well_known::Rfc3339;
            let a = time::OffsetDateTime::parse(&report.started, &f).ok()?;
            let b = time::OffsetDateTime::parse(&report.ended, &f).ok()?;
            Some((b - a).as_seconds_f64())
        })()
        .unwrap_or(0.0);
        eprintln!(
            "{}: {} in {secs:.2}s — added {}, updated {}, unchanged {}, removed {}, invalid {} ({} pages, {} requests)",
            report.source, report.status, report.added, report.updated, report.unchanged, report.removed, report.invalid, report.pages, report.requests
        );
        if report.accepted_with_violations > 0 {
            eprintln!(
                "  {} record(s) written with violations (policy accept); reports: `lienthong quarantine`/`/api/validation?source={}`",
                report.accepted_with_violations, report.source
            );
        }
        if report.errors.iter().any(|e| e.ends_with("(quarantined)")) {
            eprintln!(
                "  quarantined records wait with their reports: `lienthong quarantine list --source {}`",
                report.source
            );
        }
        print_capped("error", &report.errors, 20, &report.source);
        print_capped("warning", &report.warnings, 5, &report.source);
        failed |= report.failed();
        reports.push(report);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The first `max` of a run's errors or warnings, then how many more and where to see them.
fn print_capped(kind: &str, lines: &[String], max: usize, source: &str) {
    for l in lines.iter().take(max) {
        eprintln!("  {kind}: {l}");
    }
    if lines.len() > max {
        eprintln!(
            "  ... {} more {kind}s (see `lienthong sources show {source}`)",
            lines.len() - max
        );
    }
}
