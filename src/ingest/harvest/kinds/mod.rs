//! One module per source kind, each turning what its source serves into records:
//! [`ckan`] (the CKAN Action API), [`dcat`] (DCAT documents and paged feeds),
//! [`peer_sparql`] (a peer's SPARQL endpoint), [`gateway`] (the sharing gateway's service
//! registry) and [`csv`] (agency spreadsheets). A kind fetches through the run's
//! [`Fetcher`] and maps with [`super::map`]; it writes nothing: the run does ([`super::run`]).

pub mod ckan;
pub mod csv;
pub mod dcat;
pub mod gateway;
pub mod peer_sparql;

use super::fetch::Fetcher;
use super::map::AgencyNames;
use super::record::Item;
use super::source::{Kind, Source};
use super::state::State;
use crate::error::Result;

/// What a kind fetched, before anything is written.
#[derive(Debug, Default)]
pub struct Harvested {
    pub items: Vec<Item>,
    pub pages: u64,
    /// Problems that did not stop the run (skipped triples, unmapped fields).
    pub warnings: Vec<String>,
    /// The source answered 304 Not Modified: every remembered record is unchanged.
    pub not_modified: bool,
    /// Validators to remember for the next conditional GET (single-document sources).
    pub validators: Option<(Option<String>, Option<String>)>,
}

/// What a kind gets to work with.
pub struct Ctx<'a> {
    pub source: &'a Source,
    pub fetch: &'a Fetcher,
    /// The previous run's record state (for incremental sources).
    pub prev: &'a State,
    /// ETag and Last-Modified remembered from the previous run.
    pub validators: (Option<String>, Option<String>),
    pub progress: &'a (dyn Fn(&str) + Sync),
    /// Agencies the store already knows, for sources that name agencies in text.
    pub agencies: &'a AgencyNames,
}

/// Fetches and maps everything the context's source lists.
pub fn harvest(ctx: &Ctx<'_>) -> Result<Harvested> {
    match ctx.source.kind {
        Kind::Ckan => ckan::harvest(ctx),
        Kind::Dcat => dcat::harvest(ctx),
        Kind::Sparql => peer_sparql::harvest(ctx),
        Kind::Gateway => gateway::harvest(ctx),
        Kind::Csv => csv::harvest(ctx),
    }
}
