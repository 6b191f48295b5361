//! `lienthong sources add|list|show|remove|enable|disable` and `lienthong harvest`.

use super::fetch::FetchConfig;
use super::source::{self, Kind, Policy, Source};
use crate::store::Catalogue;
use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct SourcesArgs {
    #[command(subcommand)]
    pub command: SourcesCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum SourcesCommand {
    /// Add a source (or replace its configuration; its harvest state is kept).
    Add {
        /// Short id: a lower-case slug (`ckan-nghean`); the data goes to graph/source/<id>.
        id: String,
        #[arg(long, value_enum)]
        kind: Kind,
        /// CKAN site, RDF document or feed, SPARQL endpoint, gateway registry, spreadsheet.
        #[arg(long)]
        url: String,
        /// `30m`, `6h`, `1d`, or a cron expression (`0 2 * * *`); none: run by hand only.
        #[arg(long)]
        schedule: Option<String>,
        /// Environment variable holding the credentials (never the secret itself).
        #[arg(long)]
        credentials_env: Option<String>,
        /// What happens to a record that fails validation (DCAT-AP-VN shapes): reject it,
        /// quarantine it with its report, or accept it with its report.
        #[arg(long = "on-invalid", alias = "policy", value_enum, default_value_t = Policy::Quarantine)]
        policy: Policy,
        /// IRI of the owning agency.
        #[arg(long)]
        agency: Option<String>,
        /// Host that may be fetched (repeatable); default: the URL's host.
        #[arg(long = "allowed-host")]
        allowed_hosts: Vec<String>,
        /// Records per page (CKAN rows, SPARQL LIMIT).
        #[arg(long)]
        page_size: Option<u32>,
        /// Language of untagged titles, descriptions, names and keywords (`vi` unless set;
        /// `vie`/`VN` mean `vi`, `eng` means `en`; `none` leaves them untagged).
        #[arg(long)]
        language: Option<String>,
        /// Add it disabled (not run by `serve` or `harvest --all`).
        #[arg(long)]
        disabled: bool,
    },
    /// List sources.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one source and its last runs.
    Show {
        id: String,
    },
    /// Remove a source; with --purge also its harvested data.
    Remove {
        id: String,
        #[arg(long)]
        purge: bool,
    },
    Enable {
        id: String,
    },
    Disable {
        id: String,
    },
}

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

pub fn sources(cat: &Catalogue, args: SourcesArgs) -> Result<ExitCode> {
    match args.command {
        SourcesCommand::Add {
            id,
            kind,
            url,
            schedule,
            credentials_env,
            policy,
            agency,
            allowed_hosts,
            page_size,
            language,
            disabled,
        } => {
            let s = Source {
                id,
                kind,
                url,
                schedule,
                credentials_env,
                policy,
                agency,
                allowed_hosts,
                enabled: !disabled,
                page_size,
                language: language.as_deref().map(Source::normalise_language),
            };
            source::save(cat, &s)?;
            eprintln!(
                "source '{}' saved ({} {}, hosts: {})",
                s.id,
                s.kind.as_str(),
                s.url,
                s.hosts().join(", ")
            );
        }
        SourcesCommand::List { json } => {
            let all = source::list(cat)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else if all.is_empty() {
                eprintln!("no harvest sources (add one with `lienthong sources add`)");
            } else {
                for s in all {
                    println!(
                        "{:<20} {:<8} {:<8} {:<10} {}",
                        s.id,
                        s.kind.as_str(),
                        if s.enabled { "enabled" } else { "disabled" },
                        s.schedule.as_deref().unwrap_or("-"),
                        s.url
                    );
                }
            }
        }
        SourcesCommand::Show { id } => {
            let s = source::get(cat, &id)?;
            let runs = super::runs(cat, Some(&id), 5)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "source": s, "runs": runs }))?
            );
        }
        SourcesCommand::Remove { id, purge } => {
            source::remove(cat, &id, purge)?;
            eprintln!(
                "source '{id}' removed{}",
                if purge {
                    " with its data"
                } else {
                    " (its data stays; --purge removes it)"
                }
            );
        }
        SourcesCommand::Enable { id } => {
            source::set_enabled(cat, &id, true)?;
            eprintln!("source '{id}' enabled");
        }
        SourcesCommand::Disable { id } => {
            source::set_enabled(cat, &id, false)?;
            eprintln!("source '{id}' disabled");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn harvest(cat: &Catalogue, args: HarvestArgs) -> Result<ExitCode> {
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
        let report = super::run_source(cat, &id, &cfg, &move |m| pb2.set_message(m.to_string()))?;
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
