//! The catalogue store: one oxigraph (RocksDB) store holding every record in a named graph
//! that says where it came from, plus the access rules that decide who may read which graph.
//!
//! Conventions (see docs/store-layout.md):
//! - each import, harvest source, agency edit space and system concern has its own graph
//!   (`vocab::graph`); SPARQL updates that name no graph write to `graph/local`;
//! - a graph's non-public records (access rights RESTRICTED / NON_PUBLIC, or a Vietnamese
//!   access scope other than open) live in the companion graph `<graph>/restricted`, so an
//!   anonymous reader is served a dataset made only of public graphs and never sees them;
//! - every write is one transaction (or one atomic bulk load), so a failure loses nothing.
//!
//! ```
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! cat.load_turtle_str(
//!     "<https://data.nghean.gov.vn/dataset/a> <http://purl.org/dc/terms/title> \"Đất đai\"@vi .",
//!     "https://w3id.org/lienthong/graph/import/doc",
//! )?;
//! assert_eq!(cat.visible_graphs(Access::Public)?.len(), 1);
//! # Ok::<_, lienthong::Error>(())
//! ```

mod access;
pub mod change;
pub mod export;
mod image;
pub mod rdf_io;

pub(crate) use access::is_restriction_mark;
pub use access::{hidden_records, reconcile_visibility};
pub use change::{subjects_of_graphs, Change, ChangeListener};
pub use export::{export, fidelity_fix, serializer_for as serializer, ExportOptions};
pub use image::{ImageConfig, ReadImages};
pub use rdf_io::{detect_format, load_reader, LoadOptions, LoadReport};

use crate::error::{Error, Result};
use crate::vocab::graph;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::store::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A graph list and the store version it was computed at.
type VersionedGraphs = (u64, Vec<NamedNode>);

/// Who is reading: the administrator sees everything, the public only public graphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    Admin,
    Public,
}

/// The catalogue: an oxigraph store plus a write counter that derived data
/// (result caches, graph lists) use to know when they are stale.
#[derive(Clone)]
pub struct Catalogue {
    store: Store,
    path: Option<PathBuf>,
    version: Arc<AtomicU64>,
    public_graphs: Arc<Mutex<Option<VersionedGraphs>>>,
    listeners: Arc<std::sync::RwLock<Vec<Arc<dyn ChangeListener>>>>,
}

impl Catalogue {
    /// Opens (creating if needed) the on-disk store at `path`.
    #[cfg(feature = "rocksdb")]
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() && !parent.exists() {
                return Err(Error::StoreOpen {
                    path: path.clone(),
                    message: format!("the parent directory {} does not exist", parent.display()),
                });
            }
        }
        let store = Store::open(&path).map_err(|e| {
            let message = e.to_string();
            if message.contains("lock") || message.contains("Resource temporarily unavailable") {
                Error::StoreLocked { path: path.clone() }
            } else {
                Error::StoreOpen {
                    path: path.clone(),
                    message,
                }
            }
        })?;
        Ok(Self::wrap(store, Some(path)))
    }

    /// A throw-away in-memory store (tests, doc examples, file validation).
    pub fn in_memory() -> Result<Self> {
        Ok(Self::wrap(Store::new()?, None))
    }

    fn wrap(store: Store, path: Option<PathBuf>) -> Self {
        Self {
            store,
            path,
            version: Arc::new(AtomicU64::new(1)),
            public_graphs: Arc::new(Mutex::new(None)),
            listeners: Arc::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Increases with every write made through this handle.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Marks the store as changed: caches keyed on [`version`](Self::version) become stale.
    /// Prefer [`committed`](Self::committed), which also tells derived data what changed.
    pub fn touch(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    /// Registers derived data (search index, lineage cache, ...) to be told of every
    /// committed write made through this handle or its clones.
    pub fn subscribe(&self, listener: Arc<dyn ChangeListener>) {
        if let Ok(mut l) = self.listeners.write() {
            l.push(listener);
        }
    }

    /// Called by every writer after its transaction committed: bumps the version and
    /// tells each listener what changed. A listener's failure is logged, never returned:
    /// the write itself has succeeded and derived data can be rebuilt from the store.
    pub fn committed(&self, change: Change) {
        self.touch();
        let listeners = match self.listeners.read() {
            Ok(l) => l.clone(),
            Err(_) => return,
        };
        for l in listeners {
            if let Err(e) = l.changed(self, &change) {
                tracing::error!(listener = l.name(), error = %e, "derived data could not follow a write; rebuild it (e.g. `lienthong search --reindex`)");
            }
        }
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Named graphs the reader may see. For the administrator, every named graph.
    pub fn visible_graphs(&self, access: Access) -> Result<Vec<NamedNode>> {
        let mut all = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(g) = g? {
                all.push(g);
            }
        }
        match access {
            Access::Admin => Ok(all),
            Access::Public => {
                let version = self.version();
                let mut cache = self.public_graphs.lock().map_err(|_| {
                    Error::Evaluation("graph list cache poisoned by a panic".into())
                })?;
                if let Some((v, graphs)) = cache.as_ref() {
                    if *v == version {
                        return Ok(graphs.clone());
                    }
                }
                let graphs: Vec<_> = all
                    .into_iter()
                    .filter(|g| !graph::is_admin_only(g.as_str()))
                    .collect();
                *cache = Some((version, graphs.clone()));
                Ok(graphs)
            }
        }
    }

    /// Sets a query or update dataset to what `access` may read: the union of visible graphs
    /// as default graph (so plain queries work without GRAPH) and the same graphs as named graphs.
    /// Graphs requested by the query (FROM, FROM NAMED, protocol parameters) are kept when visible.
    pub fn restrict_dataset(
        &self,
        dataset: &mut oxigraph::sparql::QueryDataset,
        access: Access,
    ) -> Result<()> {
        if access == Access::Admin {
            if dataset.is_default_dataset() {
                dataset.set_default_graph_as_union();
            }
            return Ok(());
        }
        let visible = self.visible_graphs(Access::Public)?;
        let requested_default = dataset.default_graph_graphs().map(<[GraphName]>::to_vec);
        let requested_named = dataset
            .available_named_graphs()
            .map(<[NamedOrBlankNode]>::to_vec);
        let is_visible = |g: &NamedNode| visible.contains(g);
        let default: Vec<GraphName> = match (requested_default, dataset.is_default_dataset()) {
            (Some(req), false) => req
                .into_iter()
                .filter(|g| matches!(g, GraphName::NamedNode(n) if is_visible(n)))
                .collect(),
            _ => visible.iter().cloned().map(GraphName::from).collect(),
        };
        let named: Vec<NamedOrBlankNode> = match requested_named {
            Some(req) => req
                .into_iter()
                .filter(|g| matches!(g, NamedOrBlankNode::NamedNode(n) if is_visible(n)))
                .collect(),
            None => visible
                .iter()
                .cloned()
                .map(NamedOrBlankNode::from)
                .collect(),
        };
        dataset.set_default_graph(default);
        dataset.set_available_named_graphs(named);
        Ok(())
    }

    /// Loads a Turtle string into `graph` (small inputs: ontologies, tests, doc examples).
    pub fn load_turtle_str(&self, data: &str, graph: &str) -> Result<LoadReport> {
        let opts = LoadOptions {
            graph: Some(graph.to_string()),
            format: Some(RdfFormat::Turtle),
            ..LoadOptions::default()
        };
        load_reader(self, data.as_bytes(), "<string>", &opts, None)
    }

    pub fn triple_count(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }
}
