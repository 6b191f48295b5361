//! `lienthong quarantine list|show|revalidate|release|drop`: the records the gate held back
//! ([`crate::gate::quarantine`]), their reports, and what to do with them after a fix.

use super::gate::load_shapes;
use super::open_store;
use crate::gate::quarantine;
use crate::gate::reports::{self, ReportQuery};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct QuarantineArgs {
    #[command(subcommand)]
    pub action: QuarantineAction,
}

#[derive(clap::Subcommand, Debug)]
pub enum QuarantineAction {
    /// List quarantined records with their violation and warning counts.
    List {
        /// Only records of this agency (IRI or last segment, e.g. so-tu-phap).
        #[arg(long)]
        agency: Option<String>,
        /// Only records from this source (e.g. import:gen.nt, or gen.nt).
        #[arg(long)]
        source: Option<String>,
        /// Print JSON (the /api/validation form) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one quarantined record: its report and its triples.
    Show { record: String },
    /// Validate quarantined records again (all, or the IRIs given) after a fix; the
    /// conforming ones move to their target graph.
    Revalidate {
        records: Vec<String>,
        /// Shapes to validate with (default: the embedded DCAT-AP-VN shapes).
        #[arg(long)]
        shapes: Option<PathBuf>,
    },
    /// Move records to their target graph without validating them again (report kept, status released).
    Release {
        #[arg(required = true)]
        records: Vec<String>,
    },
    /// Delete quarantined records and their reports.
    Drop {
        #[arg(required = true)]
        records: Vec<String>,
    },
}

fn parse_all(iris: &[String]) -> Result<Vec<oxigraph::model::Term>> {
    iris.iter()
        .map(|i| quarantine::parse_record(i).map_err(anyhow::Error::from))
        .collect()
}

pub fn run(store: &Path, args: QuarantineArgs) -> Result<ExitCode> {
    let cat = &open_store(store)?;
    // Released and re-validated records are searchable as soon as the command returns: the
    // index follows the writes (reading the quarantine needs no index).
    let writes = !matches!(
        args.action,
        QuarantineAction::List { .. } | QuarantineAction::Show { .. }
    );
    let _index = if writes {
        Some(crate::search::attach(cat)?)
    } else {
        None
    };
    match args.action {
        QuarantineAction::List {
            agency,
            source,
            json,
        } => {
            let list = quarantine::list(
                cat,
                &ReportQuery {
                    agency,
                    source,
                    ..ReportQuery::default()
                },
            )?;
            if json {
                let v: Vec<_> = list.iter().map(|r| r.to_json()).collect();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "{:<62} {:>4} {:>4}  {:<24} source",
                    "record", "viol", "warn", "agency"
                );
                for r in &list {
                    println!(
                        "{:<62} {:>4} {:>4}  {:<24} {}",
                        r.record_text(),
                        r.violations(),
                        r.warnings(),
                        r.agency
                            .as_deref()
                            .and_then(|a| a.rsplit('/').next())
                            .unwrap_or("-"),
                        r.source
                    );
                }
                println!("({} quarantined record(s))", list.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        QuarantineAction::Show { record } => {
            let rec = quarantine::parse_record(&record)?;
            let (quads, report) = quarantine::show(cat, &rec)?;
            match &report {
                Some(r) => {
                    println!(
                        "status: {}   source: {}   created: {}",
                        r.status, r.source, r.created
                    );
                    println!("target graph(s): {}", r.target_graphs.join(", "));
                    print!("{}", reports::findings_text(&r.record, &r.results));
                }
                None => println!("(no report)"),
            }
            println!("\n# {} quad(s) in quarantine", quads.len());
            let mut ser = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NQuads)
                .for_writer(std::io::stdout().lock());
            for q in &quads {
                ser.serialize_quad(q)?;
            }
            drop(ser.finish()?);
            Ok(ExitCode::SUCCESS)
        }
        QuarantineAction::Revalidate { records, shapes } => {
            let shapes = load_shapes(shapes.as_deref())?;
            let which = if records.is_empty() {
                None
            } else {
                Some(parse_all(&records)?)
            };
            let s = quarantine::revalidate(cat, which, &shapes)?;
            eprintln!(
                "re-validated {} record(s): {} released to their target graph, {} still quarantined ({} violation(s), {} warning(s))",
                s.records, s.released, s.quarantined, s.violations, s.warnings
            );
            Ok(ExitCode::SUCCESS)
        }
        QuarantineAction::Release { records } => {
            let n = quarantine::release(cat, &parse_all(&records)?)?;
            eprintln!("released {n} record(s) without validation");
            Ok(ExitCode::SUCCESS)
        }
        QuarantineAction::Drop { records } => {
            let n = quarantine::drop_records(cat, &parse_all(&records)?)?;
            eprintln!("dropped {n} record(s) and their reports");
            Ok(ExitCode::SUCCESS)
        }
    }
}
