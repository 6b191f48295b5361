//! `lienthong peers add|list|remove|refresh`: the partner provinces' servers this node
//! federates with ([`crate::federation::peers`]).

use super::open_store;
use crate::federation::discover::fill_catalog;
use crate::federation::peers::{self, Peer};
use anyhow::{bail, Result};
use std::path::Path;
use std::process::ExitCode;
#[derive(clap::Subcommand, Debug)]
pub enum PeersCommand {
    /// Register (or replace) a partner province's lienthong server.
    Add {
        /// Short id, e.g. ha-tinh.
        id: String,
        /// Base URL of its server, e.g. http://10.0.0.7:7878 (a /sparql URL is accepted too).
        url: String,
        #[arg(long)]
        name: Option<String>,
        /// Environment variable holding the bearer token to send to it (admin calls only).
        #[arg(long)]
        token_env: Option<String>,
        /// Seconds the peer has to answer one request.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// Its root catalogue IRI (discovered from its endpoint when absent and reachable).
        #[arg(long)]
        catalog: Option<String>,
    },
    /// List the registered peers.
    List,
    /// Forget a peer.
    Remove { id: String },
    /// Ask every peer without a known root catalogue for it.
    Refresh,
}

pub fn run(store: &Path, cmd: PeersCommand) -> Result<ExitCode> {
    let cat = &open_store(store)?;
    match cmd {
        PeersCommand::Add {
            id,
            url,
            name,
            token_env,
            timeout,
            catalog,
        } => {
            let mut p = Peer::new(&id, &url)?;
            p.name = name;
            p.token_env = token_env;
            p.timeout = std::time::Duration::from_secs(timeout.clamp(1, 600));
            p.catalog = catalog;
            if let Some(w) = fill_catalog(&mut p) {
                eprintln!("warning: {w}; run `lienthong peers refresh` later");
            }
            peers::add(cat, &p)?;
            eprintln!("peer '{}' registered: SERVICE <{}>", p.id, p.endpoint());
        }
        PeersCommand::List => {
            let all = peers::list(cat)?;
            if all.is_empty() {
                eprintln!("no peers registered");
            }
            for p in all {
                println!(
                    "{}\t{}\t{}\t{}",
                    p.id,
                    p.label(),
                    p.endpoint(),
                    p.catalog.as_deref().unwrap_or("-")
                );
            }
        }
        PeersCommand::Remove { id } => {
            if !peers::remove(cat, &id)? {
                bail!("no peer with id '{id}' (see `lienthong peers list`)");
            }
            eprintln!("peer '{id}' removed");
        }
        PeersCommand::Refresh => {
            for mut p in peers::list(cat)? {
                match fill_catalog(&mut p) {
                    None => {
                        peers::add(cat, &p)?;
                        eprintln!("{}: {}", p.id, p.catalog.as_deref().unwrap_or("-"));
                    }
                    Some(w) => eprintln!("warning: {w}"),
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
