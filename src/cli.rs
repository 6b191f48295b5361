//! The `lienthong` command line: `serve`, `import`, `export`, `query`, `update`, `search`, `gen`.
//! Every command takes `--store PATH` (default `./lienthong-data`), prints human output by
//! default, and exits non-zero with a message that names the file, line or field at fault.

use crate::synth::{generate, GenOptions};
use crate::server::{serve, ServerConfig};
use crate::sparql::{self, QueryRequest, UpdateRequest};
use crate::ingest::{self, ImportOptions};
use crate::store::{self, detect_format, Access, Catalogue, ExportOptions};
use anyhow::{anyhow, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(
    name = "lienthong",
    version,
    about = "Danh mục dữ liệu liên thông — federated DCAT-AP-VN data catalogue and lineage graph"
)]
pub struct Cli {
    /// The on-disk store (RocksDB directory).
    #[arg(
        long,
        global = true,
        default_value = "./lienthong-data",
        env = "LIENTHONG_STORE"
    )]
    pub store: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the SPARQL endpoint, Graph Store, DCAT feed and UI over HTTP.
    Serve {
        /// Load the embedded Nghệ An example catalogue when the store is empty.
        #[arg(long)]
        demo: bool,
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        /// A TOML file with admin_token, query_timeout_secs, body_limit_mb, base_url, read_image_max_triples.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Query timeout in seconds.
        #[arg(long)]
        timeout: Option<u64>,
        /// With --demo: whose demo catalogue (nghe-an: the example catalogue; ha-tinh,
        /// thanh-hoa: a generated one whose lineage crosses into the neighbours).
        #[arg(long, default_value = "nghe-an")]
        province: String,
        /// Register a partner province's server at start: ID=URL (repeatable).
        #[arg(long = "peer", value_name = "ID=URL")]
        peers: Vec<String>,
    },
    /// Import RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD), each atomically.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Put every triple into this named graph.
        #[arg(long)]
        graph: Option<String>,
        /// Format name (turtle, trig, ntriples, nquads, rdfxml, jsonld); default from the extension.
        #[arg(long)]
        format: Option<String>,
        /// Skip malformed statements and report how many.
        #[arg(long)]
        lenient: bool,
        #[command(flatten)]
        validation: crate::gate::cli::GateArgs,
    },
    /// Write the store (or one graph) to standard output or a file.
    Export {
        #[arg(long)]
        graph: Option<String>,
        #[arg(long, default_value = "nquads")]
        format: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run a SPARQL query: the text, or @file.
    Query {
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
    },
    /// Partner provinces' servers (federation).
    #[command(subcommand)]
    Peers(crate::federation::cli::PeersCommand),
    /// Run a SPARQL update: the text, or @file.
    Update { update: String },
    /// Validate data files or the store against SHACL shapes (exit 0 conforms, 1 violations, 2 error).
    Validate(crate::shacl::cli::ValidateArgs),
    /// Quarantined records: list, show, re-validate after a fix, release or drop.
    Quarantine(crate::gate::cli::QuarantineArgs),
    /// Full-text search (Vietnamese with or without diacritics), or rebuild the index.
    Search(crate::search::cli::SearchArgs),
    /// Lineage of a dataset (upstream, downstream), its impact, as text, JSON, DOT or SVG.
    Lineage(crate::lineage::cli::LineageArgs),
    /// Write a deterministic synthetic catalogue.
    Gen {
        #[arg(long)]
        datasets: usize,
        #[arg(long, default_value = "nghe-an")]
        province: String,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output file (format from the extension; N-Triples by default); standard output if absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Manage harvest sources (CKAN, DCAT, SPARQL, gateway, CSV/XLSX), stored in the catalogue.
    Sources(crate::ingest::harvest::cli::SourcesArgs),
    /// Harvest a source now (or every enabled source with --all), with a progress bar.
    Harvest(crate::ingest::harvest::cli::HarvestArgs),
}

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

#[derive(serde::Deserialize, Default)]
struct FileConfig {
    /// In-memory read images for catalogues up to this many triples (0 turns them off).
    read_image_max_triples: Option<usize>,
    admin_token: Option<String>,
    query_timeout_secs: Option<u64>,
    body_limit_mb: Option<usize>,
    base_url: Option<String>,
}

fn text_arg(arg: &str) -> Result<String> {
    match arg.strip_prefix('@') {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading standard input")?;
            Ok(s)
        }
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {path}")),
        None => Ok(arg.to_string()),
    }
}

#[cfg(feature = "rocksdb")]
fn open_store(path: &Path) -> Result<Catalogue> {
    Ok(Catalogue::open(path)?)
}

#[cfg(not(feature = "rocksdb"))]
fn open_store(path: &Path) -> Result<Catalogue> {
    anyhow::bail!(
        "built without the rocksdb feature: cannot open {}",
        path.display()
    )
}

fn progress(label: &str) -> ProgressBar {
    let pb = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} {human_pos} triples ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.set_message(label.to_string());
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve {
            demo,
            bind,
            config,
            timeout,
            province,
            peers,
        } => {
            let cat = open_store(&cli.store)?;
            // Before the demo load, so that the index follows it.
            crate::search::attach(&cat)?;
            let file: FileConfig = match &config {
                Some(p) => toml::from_str(
                    &std::fs::read_to_string(p)
                        .with_context(|| format!("reading {}", p.display()))?,
                )
                .with_context(|| format!("{}: invalid configuration", p.display()))?,
                None => FileConfig::default(),
            };
            let defaults = ServerConfig::default();
            let mut cfg = ServerConfig {
                admin_token: std::env::var("LIENTHONG_ADMIN_TOKEN")
                    .ok()
                    .filter(|t| !t.is_empty())
                    .or(file.admin_token),
                query_timeout: timeout
                    .or(file.query_timeout_secs)
                    .map_or(defaults.query_timeout, Duration::from_secs),
                body_limit: file
                    .body_limit_mb
                    .map_or(defaults.body_limit, |mb| mb * 1024 * 1024),
                base_url: defaults.base_url,
                read_image_max_triples: file
                    .read_image_max_triples
                    .unwrap_or(defaults.read_image_max_triples),
            };
            cfg.base_url = file.base_url.unwrap_or_else(|| format!("http://{bind}"));
            if demo {
                if cat.is_empty()? {
                    let t = Instant::now();
                    let reports = crate::demo::load_province(&cat, &province)?;
                    let n: u64 = reports.iter().map(|r| r.triples).sum();
                    eprintln!(
                        "demo: loaded {n} triples from {} embedded files in {:.2?}",
                        reports.len(),
                        t.elapsed()
                    );
                } else {
                    eprintln!(
                        "demo: the store at {} is not empty; serving it as it is",
                        cli.store.display()
                    );
                }
                if cfg.admin_token.is_none() {
                    let token = format!("{:032x}", rand::random::<u128>());
                    eprintln!(
                        "demo: no LIENTHONG_ADMIN_TOKEN set; this run's admin token is {token}"
                    );
                    cfg.admin_token = Some(token);
                }
            } else if cfg.admin_token.is_none() {
                eprintln!("warning: no admin token (LIENTHONG_ADMIN_TOKEN or admin_token in --config): the endpoint is read-only");
            }
            crate::federation::register_at_start(&cat, &peers)?;
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            // Bound before it is announced: an address another process holds fails here.
            let listener = rt
                .block_on(tokio::net::TcpListener::bind(bind))
                .with_context(|| format!("cannot listen on {bind}"))?;
            eprintln!("lienthong: http://{bind}/ (SPARQL at /sparql, DCAT-AP feed at /catalog)");
            rt.spawn(crate::ingest::harvest::schedule::run(cat.clone()));
            rt.block_on(serve(cat, cfg, listener))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            files,
            graph,
            format,
            lenient,
            validation,
        } => {
            let cat = open_store(&cli.store)?;
            let shapes = validation.shapes()?;
            crate::search::attach(&cat)?;
            let explicit = format
                .as_deref()
                .map(|f| detect_format(None, Some(f)))
                .transpose()?;
            let mut failed = false;
            for file in &files {
                let opts = ImportOptions {
                    graph: graph.clone(),
                    format: explicit,
                    lenient,
                    base_iri: None,
                    // Shapes and ontologies are not catalogue records: never gated.
                    gate: validation.config(&shapes, file).filter(|_| {
                        !matches!(
                            graph.as_deref(),
                            Some(crate::vocab::graph::SHAPES | crate::vocab::graph::ONTOLOGY)
                        )
                    }),
                };
                let pb = progress(&format!("importing {}", file.display()));
                let pb2 = pb.clone();
                let t = Instant::now();
                let result =
                    ingest::import_file(&cat, file, &opts, Some(&move |n| pb2.set_position(n)));
                pb.finish_and_clear();
                match result {
                    Ok(r) => {
                        let secs = t.elapsed().as_secs_f64();
                        eprintln!(
                            "{}: {} triples ({} non-public) into {} graph(s) in {:.2}s ({:.0} triples/s){}{}",
                            file.display(), r.triples, r.restricted, r.graphs.len(), secs,
                            r.triples as f64 / secs.max(1e-9),
                            if r.normalised > 0 { format!(", {} literals normalised to NFC", r.normalised) } else { String::new() },
                            if r.skipped > 0 { format!(", {} malformed statements skipped", r.skipped) } else { String::new() },
                        );
                        if let Some(v) = &r.validation {
                            eprintln!(
                                "{}: {}",
                                file.display(),
                                crate::gate::cli::summary_line(v)
                            );
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {e} (nothing from this file was imported)");
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Export { graph, format, out } => {
            let cat = open_store(&cli.store)?;
            let format = detect_format(None, Some(&format))?;
            let opts = ExportOptions {
                graph,
                format,
                access: Access::Admin,
            };
            let n = match &out {
                Some(p) => {
                    let f = std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?;
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
        Command::Query {
            query,
            format,
            public,
            timeout,
            federated,
        } => {
            let cat = open_store(&cli.store)?;
            let access = if public {
                Access::Public
            } else {
                Access::Admin
            };
            let mut req = QueryRequest::new(text_arg(&query)?, access);
            req.timeout = Duration::from_secs(timeout);
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            match format {
                OutFormat::Table if !federated => print_table(&cat, &req, &mut w)?,
                other => {
                    let accept = match other {
                        OutFormat::Json => "application/sparql-results+json, application/ld+json",
                        OutFormat::Xml => "application/sparql-results+xml, application/rdf+xml",
                        OutFormat::Csv => "text/csv, application/n-triples",
                        OutFormat::Tsv => "text/tab-separated-values, application/n-triples",
                        OutFormat::Turtle => "text/turtle, application/sparql-results+json",
                        OutFormat::Ntriples => "application/n-triples, text/tab-separated-values",
                        OutFormat::Jsonld => "application/ld+json, application/sparql-results+json",
                        OutFormat::Rdfxml => "application/rdf+xml, application/sparql-results+xml",
                        OutFormat::Table => "text/tab-separated-values, application/n-triples",
                    };
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
        Command::Peers(cmd) => crate::federation::cli::run(&open_store(&cli.store)?, cmd),
        Command::Update { update } => {
            let cat = open_store(&cli.store)?;
            crate::search::attach(&cat)?;
            sparql::run_update(
                &cat,
                &UpdateRequest {
                    update: text_arg(&update)?,
                    ..UpdateRequest::default()
                },
            )?;
            eprintln!("update applied");
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate(args) => crate::shacl::cli::run(args, &cli.store, open_store),
        Command::Quarantine(args) => crate::gate::cli::run(args, &open_store(&cli.store)?),
        Command::Sources(args) => crate::ingest::harvest::cli::sources(&open_store(&cli.store)?, args),
        Command::Harvest(args) => crate::ingest::harvest::cli::harvest(&open_store(&cli.store)?, args),
        Command::Search(args) => crate::search::cli::run(open_store(&cli.store)?, args),
        Command::Lineage(args) => crate::lineage::cli::run(&cli.store, args),
        Command::Gen {
            datasets,
            province,
            seed,
            out,
        } => {
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
                    let f = std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?;
                    generate(&opts, std::io::BufWriter::with_capacity(1 << 20, f))?
                }
                None => generate(&opts, std::io::BufWriter::new(std::io::stdout().lock()))?,
            };
            eprintln!("{}", serde_json::to_string(&stats)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

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
