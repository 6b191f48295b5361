//! `lienthong search [WORDS] [--publisher P]... [--theme T]... [--format F]... [--access A]...
//! [--kind K]... [--limit N] [--offset N] [--sort S] [--output text|json] [--public]
//! [--reindex]`: full-text search over [`crate::search`], and rebuilding its index.

use super::open_store;
use crate::search::{attach, SearchRequest, Sort};
use crate::store::Access;
use anyhow::{bail, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words to look for, with or without diacritics ("dat dai" finds "đất đai").
    pub query: Option<String>,
    /// Publisher: IRI, slug (so-tu-phap) or name. Repeat for any of several.
    #[arg(long)]
    pub publisher: Vec<String>,
    /// Theme: IRI, code (dat-dai) or label.
    #[arg(long)]
    pub theme: Vec<String>,
    /// Distribution format (CSV, JSON, ...).
    #[arg(long)]
    pub format: Vec<String>,
    /// Access right (PUBLIC, RESTRICTED, NON_PUBLIC) or sharing level (mo, dung-chung, dung-rieng).
    #[arg(long)]
    pub access: Vec<String>,
    /// Record kind: dataset, database, service, agency.
    #[arg(long)]
    pub kind: Vec<String>,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// relevance, modified desc, modified asc, title asc, title desc.
    #[arg(long)]
    pub sort: Option<String>,
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// Search as an anonymous reader (only public records).
    #[arg(long)]
    pub public: bool,
    /// Rebuild the index from the store first (then search, if words are given).
    #[arg(long)]
    pub reindex: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Output {
    Text,
    Json,
}

pub fn run(store: &Path, args: SearchArgs) -> Result<ExitCode> {
    let cat = open_store(store)?;
    let index = attach(&cat)?;
    if args.reindex {
        let r = index.rebuild(&cat)?;
        eprintln!(
            "search index rebuilt: {} records in {:.2}s ({:.0} records/s)",
            r.documents, r.seconds, r.per_second
        );
        if args.query.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let Some(q) = args.query else {
        bail!("give words to search for (or --reindex)");
    };
    let mut req = SearchRequest::new(q);
    req.limit = args.limit;
    req.offset = args.offset;
    req.snippets = matches!(args.output, Output::Json);
    if let Some(s) = &args.sort {
        req.sort = Sort::parse(s)?;
    }
    for (name, values) in [
        ("publisher", args.publisher),
        ("theme", args.theme),
        ("format", args.format),
        ("access", args.access),
        ("kind", args.kind),
    ] {
        if !values.is_empty() {
            req.filters.push((name.to_string(), values));
        }
    }
    let access = if args.public {
        Access::Public
    } else {
        Access::Admin
    };
    let r = index.search(&cat, &req, access)?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match args.output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut w, &r)?;
            writeln!(w)?;
        }
        Output::Text => {
            for (i, h) in r.hits.iter().enumerate() {
                writeln!(w, "{:>3}. {}  [{}]", r.offset + i + 1, h.title, h.kind)?;
                writeln!(w, "     {}", h.iri)?;
                let mut meta = Vec::new();
                if let Some(p) = h.publisher.first() {
                    meta.push(p.clone());
                }
                if !h.format.is_empty() {
                    meta.push(h.format.join(", "));
                }
                if let Some(m) = &h.modified {
                    meta.push(format!("modified {m}"));
                }
                if !meta.is_empty() {
                    writeln!(w, "     {}", meta.join(" · "))?;
                }
            }
            writeln!(
                w,
                "{} result{}{}",
                r.total,
                if r.total == 1 { "" } else { "s" },
                if r.matched == "any" {
                    " (no record has every word; showing records with some)"
                } else {
                    ""
                }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
