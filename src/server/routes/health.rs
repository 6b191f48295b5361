//! `/healthz`: liveness for everyone; the store version and the state of the read images for
//! the administrator only (the version moves with every write, so it would tell an anonymous
//! caller when, and how often, the catalogue changes).

use crate::server::auth::Caller;
use crate::server::AppState;
use crate::store::Access;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

async fn healthz(State(st): State<AppState>, Caller(who): Caller) -> Json<serde_json::Value> {
    if who != Access::Admin {
        return Json(serde_json::json!({ "status": "ok" }));
    }
    let images: serde_json::Map<String, serde_json::Value> = st
        .cache
        .images
        .as_ref()
        .map(|i| i.status())
        .unwrap_or_default()
        .into_iter()
        .map(|(a, v)| (format!("{a:?}").to_ascii_lowercase(), v.into()))
        .collect();
    Json(serde_json::json!({
        "status": "ok",
        "store_version": st.cat.version(),
        "read_images": images,
    }))
}
