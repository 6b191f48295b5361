//! The result cache: answers per store version (a write empties it), and the read images
//! that cold default-graph queries run on.

use super::run::{QueryOutput, QueryRequest};
use crate::store::Access;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type CacheKey = (
    Access,
    String,
    Vec<String>,
    Vec<String>,
    Option<String>,
    &'static str,
);

/// Answers cached per store version; a write (version change) empties it. Also holds the
/// read images (see [`crate::store::ReadImages`]) that cold default-graph queries run on.
#[derive(Clone, Default)]
pub struct ResultCache {
    inner: Arc<Mutex<(u64, HashMap<CacheKey, QueryOutput>)>>,
    pub images: Option<crate::store::ReadImages>,
}

impl ResultCache {
    /// A cache whose cold queries may also use read images.
    pub fn with_images(images: crate::store::ReadImages) -> Self {
        Self {
            images: Some(images),
            ..Self::default()
        }
    }
}

const CACHE_ENTRIES: usize = 1024;
const CACHE_MAX_BODY: usize = 1 << 20;

impl ResultCache {
    pub(super) fn key(req: &QueryRequest, media: &'static str) -> CacheKey {
        (
            req.access,
            req.query.clone(),
            req.default_graphs.clone(),
            req.named_graphs.clone(),
            req.base_iri.clone(),
            media,
        )
    }

    pub(super) fn get(&self, version: u64, key: &CacheKey) -> Option<QueryOutput> {
        let guard = self.inner.lock().ok()?;
        if guard.0 != version {
            return None;
        }
        guard.1.get(key).cloned()
    }

    pub(super) fn put(&self, version: u64, key: CacheKey, out: &QueryOutput) {
        if out.body.len() > CACHE_MAX_BODY {
            return;
        }
        if let Ok(mut guard) = self.inner.lock() {
            if guard.0 != version {
                guard.0 = version;
                guard.1.clear();
            }
            if guard.1.len() >= CACHE_ENTRIES {
                guard.1.clear();
            }
            guard.1.insert(key, out.clone());
        }
    }
}
