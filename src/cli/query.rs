//! `lienthong query TEXT|@FILE [--format F] [--public] [--timeout S] [--federated]`: one
//! SPARQL query, printed as an aligned table (the default) or in a standard results or RDF
//! format; with `--federated`, on this node and every registered peer, merged.

use super::{open_store, text_arg};
use crate::sparql::{self, QueryRequest};
use crate::store::{Access, Catalogue};
use anyhow::{anyhow, Result};
use clap::ValueEnum;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    query: String,
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// Answer as an anonymous reader would see the catalogue.
    #[arg(long)]
    public: bool,
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Run the query on this node and every registered peer, and merge the answers
    /// (a status line per node on standard error; `table` prints TSV).
    #[arg(long)]
    federated: bool,
}

/// How `query` prints its answer.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OutFormat {
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

impl OutFormat {
    /// The Accept header asked of the SPARQL layer: the solutions format, then the graph format.
    fn accept(self) -> &'static str {
        match self {
            OutFormat::Json => "application/sparql-results+json, application/ld+json",
            OutFormat::Xml => "application/sparql-results+xml, application/rdf+xml",
            OutFormat::Csv => "text/csv, application/n-triples",
            OutFormat::Tsv => "text/tab-separated-values, application/n-triples",
            OutFormat::Turtle => "text/turtle, application/sparql-results+json",
            OutFormat::Ntriples => "application/n-triples, text/tab-separated-values",
            OutFormat::Jsonld => "application/ld+json, application/sparql-results+json",
            OutFormat::Rdfxml => "application/rdf+xml, application/sparql-results+xml",
            OutFormat::Table => "text/tab-separated-values, application/n-triples",
        }
    }
}

pub fn run(store: &Path, args: QueryArgs) -> Result<ExitCode> {
    let QueryArgs {
        query,
        format,
        public,
        timeout,
        federated,
    } = args;
    let cat = open_store(store)?;
    let access = if public {
        Access::Public
    } else {
        Access::Admin
    };
    let mut req = QueryRequest::new(text_arg(&query)?, access);
    // SERVICE calls go to the registered peers only.
    req.services = Some(std::sync::Arc::new(crate::federation::PeerServiceCalls));
    req.timeout = Duration::from_secs(timeout);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match format {
        OutFormat::Table if !federated => print_table(&cat, &req, &mut w)?,
        other => {
            let accept = other.accept();
            let out = if federated {
                let peers = crate::federation::peers::list(&cat)?;
                let f = crate::federation::run_federated(&cat, &peers, &req, accept)?;
                for s in &f.statuses {
                    eprintln!("{}", s.line());
                }
                f.output
            } else {
                sparql::run_query(&cat, &req, accept)?
            };
            w.write_all(&out.body)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One table cell: an IRI, `_:id`, or a literal's value (with `@lang`).
fn cell(t: Option<&Term>) -> String {
    match t {
        None => String::new(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(Term::BlankNode(b)) => format!("_:{}", b.as_str()),
        Some(Term::Literal(l)) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            None => l.value().to_string(),
        },
    }
}

/// Solutions as an aligned table with a row count, a boolean as `true`/`false`, a graph
/// (CONSTRUCT, DESCRIBE) as Turtle.
fn print_table(cat: &Catalogue, req: &QueryRequest, w: &mut impl Write) -> Result<()> {
    let query = sparql::parse_query(req)?;
    if sparql::query_form(&query) == sparql::QueryForm::Graph {
        let out = sparql::run_query(cat, req, "text/turtle")?;
        w.write_all(&out.body)?;
        return Ok(());
    }
    let results = sparql::prepare(cat, req, query, None)?
        .on_store(cat.store())
        .execute()
        .map_err(crate::Error::from)?;
    match results {
        QueryResults::Boolean(b) => writeln!(w, "{b}")?,
        QueryResults::Solutions(solutions) => {
            let vars: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let mut rows = Vec::new();
            for s in solutions {
                let s = s.map_err(crate::Error::from)?;
                rows.push(
                    vars.iter()
                        .map(|v| cell(s.get(v.as_str())))
                        .collect::<Vec<_>>(),
                );
            }
            let width = |i: usize| {
                rows.iter()
                    .map(|r: &Vec<String>| r[i].chars().count())
                    .chain([vars[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            };
            let widths: Vec<usize> = (0..vars.len()).map(width).collect();
            let line = |cells: &[String]| -> String {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, wd)| format!("{c}{}", " ".repeat(wd - c.chars().count())))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            writeln!(w, "{}", line(&vars))?;
            writeln!(
                w,
                "{}",
                widths
                    .iter()
                    .map(|wd| "-".repeat(*wd))
                    .collect::<Vec<_>>()
                    .join("-+-")
            )?;
            for r in &rows {
                writeln!(w, "{}", line(r))?;
            }
            writeln!(
                w,
                "({} row{})",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            )?;
        }
        QueryResults::Graph(_) => return Err(anyhow!("unexpected graph result")),
    }
    Ok(())
}
