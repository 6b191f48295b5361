//! `/api/peers`: list the region's peers (anyone), add or replace (POST) and remove (DELETE)
//! them (administrator), without stopping the server. URLs are shown without credentials
//! (`user:pass@`); the timeout is shown to the administrator only.

use crate::federation::{discover, peers, Peer};
use crate::server::auth::{Admin, Caller};
use crate::server::error::{blocking, Problem};
use crate::server::AppState;
use crate::store::Access;
use axum::extract::{Path, State};
use axum::http::StatusCode;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout_secs: Option<u64>,
}

impl PeerView {
    fn new(p: Peer, who: Access) -> Self {
        Self {
            sparql: without_credentials(&p.endpoint()),
            timeout_secs: (who == Access::Admin).then_some(p.timeout.as_secs()),
            id: p.id,
            name: p.name,
            url: without_credentials(&p.base_url),
            catalog: p.catalog.as_deref().map(without_credentials),
        }
    }
}

/// `https://user:pass@host/x` → `https://host/x`: credentials are never shown.
fn without_credentials(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => url.to_string(),
    }
}

async fn list(
    State(st): State<AppState>,
    Caller(who): Caller,
) -> Result<Json<Vec<PeerView>>, Problem> {
    let cat = st.cat.clone();
    let p = blocking(move || peers::list(&cat)).await?;
    Ok(Json(p.into_iter().map(|p| PeerView::new(p, who)).collect()))
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

async fn add(
    State(st): State<AppState>,
    _: Admin,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    let new: NewPeer = serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(format!(
            "invalid peer JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let cat = st.cat.clone();
    let (p, warning) = blocking(move || {
        let mut p = Peer::new(&new.id, &new.url)?;
        p.name = new.name;
        p.token_env = new.token_env;
        p.catalog = new.catalog;
        if let Some(t) = new.timeout_secs {
            p.timeout = std::time::Duration::from_secs(t.clamp(1, 600));
        }
        let warning = discover::fill_catalog(&mut p);
        peers::add(&cat, &p)?;
        Ok((p, warning))
    })
    .await?;
    let mut body = serde_json::to_value(PeerView::new(p, Access::Admin)).unwrap_or_default();
    if let Some(w) = warning {
        body["warning"] = w.into();
    }
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn remove(
    State(st): State<AppState>,
    _: Admin,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let cat = st.cat.clone();
    match blocking(move || peers::remove(&cat, &id)).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(Problem::new(StatusCode::NOT_FOUND, "no such peer")),
    }
}
