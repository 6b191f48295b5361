//! `lienthong serve [--demo [--province P]] [--bind ADDR] [--config FILE] [--timeout S]
//! [--peer ID=URL]...`: the HTTP service over the store, with the harvest scheduler.
//!
//! Settings come from the flags, then the `--config` TOML file, then the defaults; the admin
//! token from `LIENTHONG_ADMIN_TOKEN` first (a demo run makes one up when none is set).

use super::open_store;
use crate::server::{serve, ServerConfig};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
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
}

/// The `--config` file.
#[derive(serde::Deserialize, Default)]
struct FileConfig {
    /// In-memory read images for catalogues up to this many triples (0 turns them off).
    read_image_max_triples: Option<usize>,
    admin_token: Option<String>,
    query_timeout_secs: Option<u64>,
    body_limit_mb: Option<usize>,
    base_url: Option<String>,
}

pub fn run(store: &Path, args: ServeArgs) -> Result<ExitCode> {
    let ServeArgs {
        demo,
        bind,
        config,
        timeout,
        province,
        peers,
    } = args;
    let cat = open_store(store)?;
    // Before the demo load, so that the index follows it.
    crate::search::attach(&cat)?;
    let file: FileConfig = match &config {
        Some(p) => toml::from_str(
            &std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
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
        base_url: defaults.base_url.clone(),
        read_image_max_triples: file
            .read_image_max_triples
            .unwrap_or(defaults.read_image_max_triples),
        ..defaults
    };
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
                store.display()
            );
        }
        if cfg.admin_token.is_none() {
            let token = format!("{:032x}", rand::random::<u128>());
            eprintln!("demo: no LIENTHONG_ADMIN_TOKEN set; this run's admin token is {token}");
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
    // The address actually bound (with `--bind 127.0.0.1:0`, the port the system chose).
    let bound = listener.local_addr().map_or(bind, |a| a);
    cfg.base_url = file.base_url.unwrap_or_else(|| format!("http://{bound}"));
    eprintln!("lienthong: http://{bound}/ (SPARQL at /sparql, DCAT-AP feed at /catalog)");
    rt.spawn(crate::ingest::harvest::schedule::run(cat.clone()));
    rt.block_on(serve(cat, cfg, listener))?;
    Ok(ExitCode::SUCCESS)
}
