//! What a committed write changed, told to derived data (search index, lineage caches) so
//! that they follow the store in the same command instead of being rebuilt.
//!
//! Writers report the IRI subjects whose triples were added or removed (blank nodes are
//! reported through the IRI record that points at them, which every writer also touches),
//! or [`Change::Everything`] when computing the set would cost more than a rebuild.
//!
//! ```
//! use lienthong::store::{Catalogue, Change, ChangeListener};
//! use std::sync::{Arc, Mutex};
//! struct Log(Mutex<Vec<String>>);
//! impl ChangeListener for Log {
//!     fn name(&self) -> &str { "log" }
//!     fn changed(&self, _: &Catalogue, c: &Change) -> lienthong::Result<()> {
//!         if let Change::Subjects(s) = c { self.0.lock().unwrap().extend(s.iter().cloned()) }
//!         Ok(())
//!     }
//! }
//! let cat = Catalogue::in_memory()?;
//! let log = Arc::new(Log(Mutex::default()));
//! cat.subscribe(log.clone());
//! cat.load_turtle_str("<https://x.vn/d> <http://purl.org/dc/terms/title> \"A\"@vi .", "https://x.vn/g")?;
//! assert_eq!(log.0.lock().unwrap().as_slice(), ["https://x.vn/d"]);
//! # Ok::<_, lienthong::Error>(())
//! ```

use super::Catalogue;
use crate::error::Result;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode};
use oxigraph::store::Transaction;
use std::collections::BTreeSet;

/// Above this many subjects a writer reports [`Change::Everything`]: listeners then rebuild,
/// which is cheaper than following hundreds of thousands of single changes.
pub const MAX_TRACKED_SUBJECTS: usize = 200_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// IRIs of the subjects whose triples were added or removed, sorted and unique.
    Subjects(Vec<String>),
    /// Anything may have changed.
    Everything,
}

impl Change {
    /// A change from a set of subjects, or `Everything` when the set is too large.
    pub fn from_subjects(subjects: BTreeSet<String>) -> Self {
        if subjects.len() > MAX_TRACKED_SUBJECTS {
            Change::Everything
        } else {
            Change::Subjects(subjects.into_iter().collect())
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Change::Subjects(s) if s.is_empty())
    }
}

/// Derived data that follows the store.
pub trait ChangeListener: Send + Sync {
    /// A short name for logs.
    fn name(&self) -> &str;
    /// Called after the write committed; the store already holds the new state.
    fn changed(&self, catalogue: &Catalogue, change: &Change) -> Result<()>;
}

/// The IRI subjects present in `graphs` (read inside a transaction, before it clears them).
pub fn subjects_of_graphs(
    tx: &Transaction<'_>,
    graphs: &[NamedNode],
    into: &mut BTreeSet<String>,
) -> Result<()> {
    for g in graphs {
        for q in tx.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref()))) {
            if let NamedOrBlankNode::NamedNode(s) = q?.subject {
                if into.len() > MAX_TRACKED_SUBJECTS {
                    return Ok(());
                }
                if !into.contains(s.as_str()) {
                    into.insert(s.into_string());
                }
            }
        }
    }
    Ok(())
}
