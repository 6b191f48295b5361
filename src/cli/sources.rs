//! `lienthong sources add|list|show|remove|enable|disable`: the harvest source registry
//! ([`crate::ingest::harvest::source`]), kept in the catalogue itself.

use super::open_store;
use crate::ingest::harvest::source::{self, Kind, Policy, Source};
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

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
        kind: KindArg,
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
        #[arg(long = "on-invalid", alias = "policy", value_enum, default_value_t = PolicyArg::Quarantine)]
        policy: PolicyArg,
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

/// The spellings of [`Kind`] on the command line (same names, same help).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum KindArg {
    /// A CKAN portal's Action API (`/api/3/action/...`).
    Ckan,
    /// Any RDF document or paged feed (Turtle, RDF/XML, JSON-LD, N-Triples; Hydra paging).
    Dcat,
    /// A peer's SPARQL endpoint, read with paged CONSTRUCT queries.
    Sparql,
    /// The sharing gateway's service registry (OpenAPI 3 or a JSON list of services).
    Gateway,
    /// An agency inventory spreadsheet (CSV or XLSX).
    Csv,
}

impl From<KindArg> for Kind {
    fn from(a: KindArg) -> Self {
        match a {
            KindArg::Ckan => Kind::Ckan,
            KindArg::Dcat => Kind::Dcat,
            KindArg::Sparql => Kind::Sparql,
            KindArg::Gateway => Kind::Gateway,
            KindArg::Csv => Kind::Csv,
        }
    }
}

/// The spellings of [`Policy`] on the command line (same names, same help).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum PolicyArg {
    /// Not written; the previous version of the record (if any) stays. Unlike an import's
    /// `reject`, the run goes on with the other records: one agency's bad record must not
    /// hold back a whole portal.
    Reject,
    /// Written to the quarantine graph of the source graph (`graph/quarantine/source/<id>`)
    /// with its validation report, for `lienthong quarantine` to list, re-validate, release
    /// or drop; the previous version of the record (if any) stays in the source graph.
    Quarantine,
    /// Written anyway, with its validation report; counted as invalid in the run report.
    Accept,
}

impl From<PolicyArg> for Policy {
    fn from(a: PolicyArg) -> Self {
        match a {
            PolicyArg::Reject => Policy::Reject,
            PolicyArg::Quarantine => Policy::Quarantine,
            PolicyArg::Accept => Policy::Accept,
        }
    }
}

pub fn run(store: &Path, args: SourcesArgs) -> Result<ExitCode> {
    let cat = &open_store(store)?;
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
                kind: kind.into(),
                url,
                schedule,
                credentials_env,
                policy: policy.into(),
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
            let runs = crate::ingest::harvest::runs(cat, Some(&id), 5)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    /// Every domain kind and policy has a command-line spelling (a new one fails to compile here).
    fn kind_arg(k: Kind) -> KindArg {
        match k {
            Kind::Ckan => KindArg::Ckan,
            Kind::Dcat => KindArg::Dcat,
            Kind::Sparql => KindArg::Sparql,
            Kind::Gateway => KindArg::Gateway,
            Kind::Csv => KindArg::Csv,
        }
    }

    fn policy_arg(p: Policy) -> PolicyArg {
        match p {
            Policy::Reject => PolicyArg::Reject,
            Policy::Quarantine => PolicyArg::Quarantine,
            Policy::Accept => PolicyArg::Accept,
        }
    }

    #[test]
    fn spellings_match_the_domain_names() {
        for a in KindArg::value_variants() {
            let name = a.to_possible_value().unwrap().get_name().to_string();
            let k = Kind::from(*a);
            assert_eq!(k.as_str(), name);
            assert_eq!(Kind::parse(&name).unwrap(), k);
            assert_eq!(kind_arg(k).to_possible_value().unwrap().get_name(), name);
        }
        for a in PolicyArg::value_variants() {
            let name = a.to_possible_value().unwrap().get_name().to_string();
            let p = Policy::from(*a);
            assert_eq!(p.as_str(), name);
            assert_eq!(Policy::parse(&name).unwrap(), p);
            assert_eq!(policy_arg(p).to_possible_value().unwrap().get_name(), name);
        }
    }
}
