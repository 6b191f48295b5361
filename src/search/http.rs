//! HTTP routes: `/api/search` (JSON) and `/api/3/action/package_search` (CKAN Action API).
//!
//! Both are open to everyone; without the admin token only public records are searched.
//! `/api/search?scope=region` also asks every registered peer and merges the answers
//! ([`crate::federation::search`]); `scope=local` (the default) searches this node only.

use super::ckan;
use super::{attach, SearchIndex, SearchRequest, Sort};
use crate::error::Error;
use crate::server::{access, all, blocking, error_response, form_pairs, one, AppState};
use crate::store::Catalogue;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use std::sync::Arc;

/// The search routes for the router of `cat` (opening and subscribing its index).
pub fn routes(cat: &Catalogue) -> Router<AppState> {
    let index = match attach(cat) {
        Ok(i) => Some(i),
        Err(e) => {
            tracing::error!(error = %e, "search index unavailable; /api/search answers 503 (run `lienthong search --reindex`)");
            None
        }
    };
    Router::new()
        .route("/api/search", get(search))
        .route(
            "/api/3/action/package_search",
            get(package_search).post(package_search_post),
        )
        .layer(Extension(index))
}

type Idx = Extension<Option<Arc<SearchIndex>>>;

fn unavailable() -> Response {
    crate::server::problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "the search index could not be opened; see the server log",
    )
}

fn number(pairs: &[(String, String)], key: &str, default: usize) -> Result<usize, Error> {
    match one(pairs, key) {
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
pub fn request_from_params(pairs: &[(String, String)]) -> Result<SearchRequest, Error> {
    let size = number(pairs, "size", 20)?;
    let page = number(pairs, "page", 1)?;
    if page == 0 {
        return Err(Error::BadRequest("parameter page: pages start at 1".into()));
    }
    let mut req = SearchRequest::new(one(pairs, "q").unwrap_or_default());
    req.limit = size;
    req.offset = (page - 1).saturating_mul(size);
    if let Some(s) = one(pairs, "sort") {
        req.sort = Sort::parse(&s)?;
    }
    for name in super::schema::FACETS {
        let mut values = all(pairs, name);
        if *name == "scope" {
            // `scope` is also the sharing-level facet (mo, dung-chung, dung-rieng); its
            // values `local` and `region` say where to search instead.
            values.retain(|v| !is_search_scope(v));
        }
        if !values.is_empty() {
            req.filters.push((name.to_string(), values));
        }
    }
    req.facets = all(pairs, "facet")
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
        .chain(super::schema::FACETS.iter().copied())
        .collect();
    if let Some((k, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        return Err(Error::BadRequest(format!(
            "unknown parameter '{k}': known are {}",
            known.join(", ")
        )));
    }
    Ok(req)
}

async fn search(
    State(st): State<AppState>,
    Extension(index): Idx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(index) = index else {
        return unavailable();
    };
    let who = match access(&headers, &st.config) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let pairs = form_pairs(raw.unwrap_or_default().as_bytes());
    let req = match request_from_params(&pairs) {
        Ok(r) => r,
        Err(e) => return error_response(e),
    };
    let region = all(&pairs, "scope").iter().any(|v| v == "region");
    let cat = st.cat.clone();
    match blocking(move || {
        if region {
            let peers = crate::federation::peers::list(&cat)?;
            return crate::federation::search::regional(&cat, &index, &peers, &req, &pairs, who);
        }
        let page = req.offset / req.limit.max(1) + 1;
        let r = index.search(&cat, &req, who)?;
        let mut v = serde_json::to_value(&r).map_err(|e| Error::Evaluation(e.to_string()))?;
        v["page"] = page.into();
        v["size"] = req.limit.into();
        Ok(v)
    })
    .await
    {
        Ok(v) => Json(v).into_response(),
        Err(r) => r,
    }
}

async fn package_search(
    State(st): State<AppState>,
    Extension(index): Idx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = form_pairs(raw.unwrap_or_default().as_bytes());
    ckan_answer(st, index, headers, pairs).await
}

/// CKAN clients also POST a JSON object of the same parameters.
async fn package_search_post(
    State(st): State<AppState>,
    Extension(index): Idx,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let pairs = if body.iter().all(u8::is_ascii_whitespace) {
        Vec::new()
    } else if body.trim_ascii_start().starts_with(b"{") {
        match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&body) {
            Ok(m) => m
                .into_iter()
                .map(|(k, v)| {
                    let s = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, s)
                })
                .collect(),
            Err(e) => {
                return ckan::error_response(
                    &st.config.base_url,
                    StatusCode::BAD_REQUEST,
                    &format!("request body is not a JSON object: {e}"),
                )
            }
        }
    } else {
        form_pairs(&body)
    };
    ckan_answer(st, index, headers, pairs).await
}

async fn ckan_answer(
    st: AppState,
    index: Option<Arc<SearchIndex>>,
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
) -> Response {
    let base = st.config.base_url.clone();
    let Some(index) = index else {
        return ckan::error_response(
            &base,
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index could not be opened",
        );
    };
    let who = match access(&headers, &st.config) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let params = match ckan::Params::parse(&pairs) {
        Ok(p) => p,
        Err(e) => return ckan::error_response(&base, StatusCode::CONFLICT, &e.to_string()),
    };
    let cat = st.cat.clone();
    let b2 = base.clone();
    match tokio::task::spawn_blocking(move || ckan::package_search(&index, &cat, &params, who, &b2))
        .await
    {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e @ Error::BadRequest(_))) => {
            ckan::error_response(&base, StatusCode::CONFLICT, &e.to_string())
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "package_search failed");
            ckan::error_response(&base, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())
        }
        Err(e) => ckan::error_response(
            &base,
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("worker failed: {e}"),
        ),
    }
}
