//! `GET /api/harvest`: recorded harvest runs and their reports, newest first, as JSON.
//! Query parameters: `source=<id>` (only that source's runs), `limit=<n>` (default 50).
//! Admin only: reports name source URLs and errors (the harvest log is an admin graph).

use crate::ingest::harvest;
use crate::server::auth::Admin;
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

#[derive(serde::Deserialize)]
struct RunsQuery {
    source: Option<String>,
    limit: Option<usize>,
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/harvest", get(list))
}

async fn list(State(st): State<AppState>, _: Admin, Query(p): Query<RunsQuery>) -> Response {
    let cat = st.cat.clone();
    let limit = p.limit.unwrap_or(50);
    let source = p.source.clone();
    let result = tokio::task::spawn_blocking(move || {
        if let Some(id) = &source {
            harvest::source::get(&cat, id)?;
        }
        harvest::runs(&cat, source.as_deref(), limit)
    })
    .await;
    match result {
        Ok(Ok(runs)) => axum::Json(serde_json::json!({ "runs": runs })).into_response(),
        Ok(Err(crate::Error::NotFound(m))) => (StatusCode::NOT_FOUND, m).into_response(),
        Ok(Err(e)) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}
