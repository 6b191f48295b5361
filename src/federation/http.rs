//! `/api/peers`: list the region's peers (anyone), add or replace (POST) and remove (DELETE)
//! them (administrator), without stopping the server.

use super::peers::{self, Peer};
use crate::server::{blocking, problem, require_admin, AppState};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/peers", get(list).post(add))
        .route("/api/peers/{id}", delete(remove))
}

#[derive(Serialize)]
struct PeerView {
    id: String,
    name: Option<String>,
    url: String,
    sparql: String,
    catalog: Option<String>,
    timeout_secs: u64,
}

impl From<Peer> for PeerView {
    fn from(p: Peer) -> Self {
        Self {
            sparql: p.endpoint(),
            id: p.id,
            name: p.name,
            url: p.base_url,
            catalog: p.catalog,
            timeout_secs: p.timeout.as_secs(),
        }
    }
}

async fn list(State(st): State<AppState>) -> Response {
    let cat = st.cat.clone();
    match blocking(move || peers::list(&cat)).await {
        Ok(p) => Json(p.into_iter().map(PeerView::from).collect::<Vec<_>>()).into_response(),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPeer {
    id: String,
    url: String,
    name: Option<String>,
    token_env: Option<String>,
    timeout_secs: Option<u64>,
    catalog: Option<String>,
}

async fn add(State(st): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(r) = require_admin(&headers, &st.config) {
        return r;
    }
    let new: NewPeer = match serde_json::from_slice(&body) {
        Ok(n) => n,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                format!(
                    "invalid peer JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        }
    };
    let cat = st.cat.clone();
    let result = blocking(move || {
        let mut p = Peer::new(&new.id, &new.url)?;
        p.name = new.name;
        p.token_env = new.token_env;
        p.catalog = new.catalog;
        if let Some(t) = new.timeout_secs {
            p.timeout = std::time::Duration::from_secs(t.clamp(1, 600));
        }
        let warning = super::discover::fill_catalog(&mut p);
        peers::add(&cat, &p)?;
        Ok((p, warning))
    })
    .await;
    match result {
        Ok((p, warning)) => {
            let mut body = serde_json::to_value(PeerView::from(p)).unwrap_or_default();
            if let Some(w) = warning {
                body["warning"] = w.into();
            }
            (StatusCode::CREATED, Json(body)).into_response()
        }
        Err(r) => r,
    }
}

async fn remove(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = require_admin(&headers, &st.config) {
        return r;
    }
    let cat = st.cat.clone();
    match blocking(move || peers::remove(&cat, &id)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => problem(StatusCode::NOT_FOUND, "no such peer"),
        Err(r) => r,
    }
}
