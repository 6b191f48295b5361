//! A [`SearchRequest`] from the `/api/search` parameters (`q`, `page`, `size`, `sort`,
//! `facet`, and a filter per facet name), as the server and regional search read them.
//!
//! ```
//! use lienthong::search::request_from_params;
//! let pairs = vec![("q".to_string(), "đất đai".to_string()), ("page".into(), "2".into())];
//! let req = request_from_params(&pairs)?;
//! assert_eq!((req.limit, req.offset), (20, 20));
//! assert!(request_from_params(&[("colour".into(), "red".into())]).is_err());
//! # Ok::<_, lienthong::Error>(())
//! ```

use super::{schema, SearchRequest, Sort};
use crate::error::{Error, Result};

/// The first value of `key` among query parameters.
pub(crate) fn param(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Every value of `key` among query parameters.
fn params(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

fn number(pairs: &[(String, String)], key: &str, default: usize) -> Result<usize> {
    match param(pairs, key) {
        None => Ok(default),
        Some(v) if v.trim().is_empty() => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| {
            Error::BadRequest(format!(
                "parameter {key}: '{v}' is not a non-negative integer"
            ))
        }),
    }
}

/// `scope=local` (the default) or `scope=region` (this node and every peer).
pub fn is_search_scope(v: &str) -> bool {
    matches!(v, "local" | "region")
}

/// `SearchRequest` from `/api/search` parameters.
pub fn request_from_params(pairs: &[(String, String)]) -> Result<SearchRequest> {
    let size = number(pairs, "size", 20)?;
    let page = number(pairs, "page", 1)?;
    if page == 0 {
        return Err(Error::BadRequest("parameter page: pages start at 1".into()));
    }
    let mut req = SearchRequest::new(param(pairs, "q").unwrap_or_default());
    req.limit = size;
    req.offset = (page - 1).saturating_mul(size);
    if let Some(s) = param(pairs, "sort") {
        req.sort = Sort::parse(&s)?;
    }
    for name in schema::FACETS {
        let mut values = params(pairs, name);
        if *name == "scope" {
            // `scope` is also the sharing-level facet (mo, dung-chung, dung-rieng); its
            // values `local` and `region` say where to search instead.
            values.retain(|v| !is_search_scope(v));
        }
        if !values.is_empty() {
            req.filters.push((name.to_string(), values));
        }
    }
    req.facets = params(pairs, "facet")
        .into_iter()
        .flat_map(|f| {
            f.split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|f| !f.is_empty())
        .collect();
    let known: Vec<&str> = ["q", "page", "size", "sort", "facet"]
        .into_iter()
        .chain(schema::FACETS.iter().copied())
        .collect();
    if let Some((k, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        return Err(Error::BadRequest(format!(
            "unknown parameter '{k}': known are {}",
            known.join(", ")
        )));
    }
    Ok(req)
}
