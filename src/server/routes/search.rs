//! Search routes: `/api/search` (JSON) and `/api/3/action/package_search` (CKAN Action API).
//!
//! Both are open to everyone; without the admin token only public records are searched.
//! `/api/search?scope=region` also asks every registered peer and merges the answers
//! ([`crate::federation::regional_search`]); `scope=local` (the default) searches this node only.

use crate::error::Error;
use crate::search::ckan_api::{self, PackageSearch};
use crate::search::{request_from_params, SearchIndex, MAX_WINDOW};
use crate::server::auth::Caller;
use crate::server::error::{blocking, Problem};
use crate::server::params::{all, form_pairs, url_pairs};
use crate::server::AppState;
use crate::store::Access;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/search", get(search)).route(
        "/api/3/action/package_search",
        get(package_search).post(package_search_post),
    )
}

fn index(st: &AppState) -> Result<Arc<SearchIndex>, Problem> {
    st.search.clone().ok_or_else(|| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index could not be opened; see the server log",
        )
    })
}

async fn search(
    State(st): State<AppState>,
    caller: Result<Caller, Problem>,
    RawQuery(raw): RawQuery,
) -> Result<Json<serde_json::Value>, Problem> {
    let index = index(&st)?;
    let Caller(who) = caller?;
    let pairs = url_pairs(raw.as_deref());
    let req = request_from_params(&pairs)?;
    let region = all(&pairs, "scope").iter().any(|v| v == "region");
    let cat = st.cat.clone();
    let v = blocking(move || {
        if region {
            let peers = crate::federation::peers::list(&cat)?;
            return crate::federation::regional_search::regional(
                &cat, &index, &peers, &req, &pairs, who,
            );
        }
        let page = req.offset / req.limit.max(1) + 1;
        let r = index.search(&cat, &req, who)?;
        let mut v = serde_json::to_value(&r).map_err(|e| Error::Evaluation(e.to_string()))?;
        v["page"] = page.into();
        v["size"] = req.limit.into();
        Ok(v)
    })
    .await?;
    Ok(Json(v))
}

async fn package_search(
    State(st): State<AppState>,
    caller: Result<Caller, Problem>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = url_pairs(raw.as_deref());
    ckan_answer(st, caller, pairs).await
}

/// CKAN clients also POST a JSON object of the same parameters.
async fn package_search_post(
    State(st): State<AppState>,
    caller: Result<Caller, Problem>,
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
                return ckan_error(
                    &st,
                    StatusCode::BAD_REQUEST,
                    &format!("request body is not a JSON object: {e}"),
                )
            }
        }
    } else {
        form_pairs(&body)
    };
    ckan_answer(st, caller, pairs).await
}

/// CKAN's error envelope with its status.
fn ckan_error(st: &AppState, status: StatusCode, message: &str) -> Response {
    let validation = status == StatusCode::CONFLICT || status == StatusCode::BAD_REQUEST;
    let body = ckan_api::error_body(&st.config.base_url, validation, message);
    (status, Json(body)).into_response()
}

async fn ckan_answer(
    st: AppState,
    caller: Result<Caller, Problem>,
    pairs: Vec<(String, String)>,
) -> Response {
    let Some(index) = st.search.clone() else {
        return ckan_error(
            &st,
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index could not be opened",
        );
    };
    let who: Access = match caller {
        Ok(Caller(a)) => a,
        Err(p) => return p.into_response(),
    };
    let params = match PackageSearch::parse(&pairs) {
        Ok(p) => p,
        Err(e) => return ckan_error(&st, StatusCode::CONFLICT, &e.to_string()),
    };
    if params.start.saturating_add(params.rows) > MAX_WINDOW {
        let msg = format!(
            "start + rows: {} + {} is past the first {MAX_WINDOW} results (trang quá sâu / paging too deep)",
            params.start, params.rows
        );
        return ckan_error(&st, StatusCode::BAD_REQUEST, &msg);
    }
    let cat = st.cat.clone();
    let base = st.config.base_url.clone();
    match tokio::task::spawn_blocking(move || {
        ckan_api::package_search(&index, &cat, &params, who, &base)
    })
    .await
    {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e @ Error::BadRequest(_))) => ckan_error(&st, StatusCode::CONFLICT, &e.to_string()),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "package_search failed");
            ckan_error(&st, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())
        }
        Err(e) => ckan_error(
            &st,
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("worker failed: {e}"),
        ),
    }
}
