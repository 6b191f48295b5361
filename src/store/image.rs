//! A read image: the graphs a reader may see, merged into the default graph of an in-memory
//! store, for the queries that read only the default graph (most catalogue queries).
//!
//! Why: on the on-disk store the default graph of a query is the union of many named graphs
//! (every triple lives in the graph that says where it came from), and oxigraph evaluates a
//! union default graph much more slowly than a plain default graph — two seconds instead of a
//! few hundred milliseconds for a count per publisher on 20,000 datasets. The image is that
//! union, materialised once per store version.
//!
//! Exactness: an image is only used when it was built at the current store version; after a
//! write, queries go to the on-disk store until a background rebuild has caught up. Catalogues
//! above [`ImageConfig::max_triples`] get no image.
//!
//! ```
//! use lienthong::store::{Access, Catalogue, ReadImages};
//! let cat = Catalogue::in_memory()?;
//! cat.load_turtle_str("<urn:a> <urn:p> 1 .", "https://w3id.org/lienthong/graph/import/doc")?;
//! let images = ReadImages::default();
//! images.build_now(&cat, Access::Public)?;
//! let img = images.get(&cat, Access::Public).expect("fresh image");
//! assert_eq!(img.len()?, 1);
//! # Ok::<_, lienthong::Error>(())
//! ```

use super::{Access, Catalogue};
use crate::error::Result;
use oxigraph::model::{GraphName, GraphNameRef, Quad};
use oxigraph::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug)]
pub struct ImageConfig {
    /// No image for catalogues with more quads than this (memory: about 250 bytes a triple).
    pub max_triples: usize,
}

impl Default for ImageConfig {
    fn default() -> Self {
        Self {
            max_triples: 2_000_000,
        }
    }
}

#[derive(Default)]
struct Slot {
    /// (store version it was built at, the image)
    image: Option<(u64, Store)>,
    /// Version a build is running for, if any.
    building: Option<u64>,
}

/// Read images per access level, shared by the server's request handlers.
#[derive(Clone, Default)]
pub struct ReadImages {
    config: ImageConfig,
    slots: Arc<Mutex<HashMap<Access, Slot>>>,
}

impl ReadImages {
    pub fn new(config: ImageConfig) -> Self {
        Self {
            config,
            slots: Arc::default(),
        }
    }

    /// The image for `access` if it is at the store's current version. Otherwise starts a
    /// background rebuild (one at a time per access level) and returns `None`.
    pub fn get(&self, cat: &Catalogue, access: Access) -> Option<Store> {
        let version = cat.version();
        let mut slots = self.slots.lock().ok()?;
        let slot = slots.entry(access).or_default();
        if let Some((v, img)) = &slot.image {
            if *v == version {
                return Some(img.clone());
            }
        }
        if slot.building.is_none() {
            slot.building = Some(version);
            let this = self.clone();
            let cat = cat.clone();
            std::thread::spawn(move || {
                let built = this.build(&cat, access, version);
                if let Ok(mut slots) = this.slots.lock() {
                    let slot = slots.entry(access).or_default();
                    slot.building = None;
                    match built {
                        Ok(Some(img)) => slot.image = Some((version, img)),
                        Ok(None) => slot.image = None,
                        Err(e) => {
                            slot.image = None;
                            tracing::warn!(error = %e, "read image could not be built; queries use the store");
                        }
                    }
                }
            });
        }
        None
    }

    /// The store version of each built image (`None`: none usable yet), for `/healthz`.
    pub fn status(&self) -> Vec<(Access, Option<u64>)> {
        let Ok(slots) = self.slots.lock() else {
            return Vec::new();
        };
        let mut out: Vec<_> = slots
            .iter()
            .map(|(a, s)| (*a, s.image.as_ref().map(|(v, _)| *v)))
            .collect();
        out.sort_by_key(|(a, _)| *a == Access::Public);
        out
    }

    /// Builds the image now, in this thread (tests, warm-up at start).
    pub fn build_now(&self, cat: &Catalogue, access: Access) -> Result<()> {
        let version = cat.version();
        let img = self.build(cat, access, version)?;
        if let Ok(mut slots) = self.slots.lock() {
            slots.entry(access).or_default().image = img.map(|i| (version, i));
        }
        Ok(())
    }

    fn build(&self, cat: &Catalogue, access: Access, version: u64) -> Result<Option<Store>> {
        let start = std::time::Instant::now();
        if cat.store().len()? > self.config.max_triples {
            return Ok(None);
        }
        let image = Store::new()?;
        let mut loader = image.bulk_loader();
        for g in cat.visible_graphs(access)? {
            let quads = cat
                .store()
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
                .map(|q| {
                    q.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
                });
            loader.load_ok_quads::<oxigraph::store::StorageError, crate::Error>(quads)?;
        }
        loader.commit()?;
        if cat.version() != version {
            // A write landed while building: this image is already stale.
            return Ok(None);
        }
        tracing::info!(
            ?access,
            triples = image.len()?,
            millis = start.elapsed().as_millis() as u64,
            "read image built"
        );
        Ok(Some(image))
    }
}
