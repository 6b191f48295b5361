//! Full-text search over the catalogue: a tantivy index derived from the store, kept in
//! step with every write, served to the CLI (`lienthong search`), the JSON API
//! (`/api/search`) and the CKAN-compatible `/api/3/action/package_search`.
//!
//! What it owns:
//! - the index (one document per dataset, database, data service and agency), kept in
//!   `<store>/search-index` (in memory for an in-memory catalogue) and rebuildable from the
//!   store at any time ([`SearchIndex::rebuild`], `lienthong search --reindex`);
//! - Vietnamese analysis ([`analyzer`]): NFC, syllable tokens, a diacritic-folded field next
//!   to an exact one (so "dat dai" finds "Đất đai", and "đất đai" ranks exact matches
//!   higher), phrase boosts, English stemming for English literals;
//! - following the store: [`SearchIndex`] is a [`ChangeListener`](crate::store::ChangeListener);
//!   [`attach`] opens the index and subscribes it, so a write is searchable when it returns;
//! - access: a record whose type statement is only in admin-only graphs (its `<g>/restricted`
//!   companion, quarantine, ...) is indexed as restricted and never returned to the public.
//!
//! ```
//! use lienthong::search::{attach, SearchRequest};
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! let index = attach(&cat)?;
//! cat.load_turtle_str(r#"
//!   <https://data.nghean.gov.vn/dataset/a> a <http://www.w3.org/ns/dcat#Dataset> ;
//!     <http://purl.org/dc/terms/title> "Cơ sở dữ liệu đất đai"@vi ."#,
//!   "https://w3id.org/lienthong/graph/import/doc")?;
//! let found = index.search(&cat, &SearchRequest::new("DAT DAI"), Access::Public)?;
//! assert_eq!(found.hits[0].title, "Cơ sở dữ liệu đất đai");
//! assert_eq!(found.hits[0].highlights["title"], "Cơ sở dữ liệu <mark>đất</mark> <mark>đai</mark>");
//! # Ok::<_, lienthong::Error>(())
//! ```

pub mod analyzer;
pub mod ckan_api;
mod index;
mod query;
mod record;
pub mod request;
pub mod schema;

pub use index::{RebuildReport, SearchIndex, DIR_NAME};
pub use query::{
    FacetValue, Hit, SearchRequest, SearchResponse, Sort, DEFAULT_FACET_LIMIT, MAX_SIZE, MAX_WINDOW,
};
pub use request::{is_search_scope, request_from_params};

use crate::error::Result;
use crate::store::Catalogue;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// Indexes already opened in this process, by store path: the server's router and the CLI
/// may ask for the index of the same store more than once, and only one writer may hold it.
static OPEN: OnceLock<Mutex<HashMap<PathBuf, Weak<SearchIndex>>>> = OnceLock::new();

/// Opens the catalogue's index (building it from the store when it is new) and subscribes
/// it to the catalogue's writes, once per on-disk store and process (later calls return
/// the same index). Each call for an in-memory catalogue makes and subscribes a new index.
pub fn attach(cat: &Catalogue) -> Result<Arc<SearchIndex>> {
    let Some(path) = cat.path() else {
        let index = Arc::new(SearchIndex::for_catalogue(cat)?);
        cat.subscribe(index.clone());
        return Ok(index);
    };
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut open = OPEN
        .get_or_init(Mutex::default)
        .lock()
        .map_err(|_| crate::Error::Evaluation("search index registry poisoned".into()))?;
    open.retain(|_, w| w.strong_count() > 0);
    if let Some(index) = open.get(&key).and_then(Weak::upgrade) {
        return Ok(index);
    }
    let index = Arc::new(SearchIndex::for_catalogue(cat)?);
    cat.subscribe(index.clone());
    open.insert(key, Arc::downgrade(&index));
    Ok(index)
}

#[cfg(test)]
mod tests;
