//! The HTTP service: SPARQL 1.1 Protocol at `/sparql`, Graph Store HTTP Protocol at `/store`,
//! the DCAT-AP feed at `/catalog`, search at `/api/search` and `/api/3/action/package_search`,
//! `/healthz`, and a small HTML query page at `/`.
//!
//! Reads are open to everyone but an anonymous caller only sees public graphs; every write
//! needs `Authorization: Bearer <admin token>` (missing: 401, wrong: 403).
//!
//! ```no_run
//! use lienthong::server::{router, ServerConfig};
//! use lienthong::store::Catalogue;
//! # async fn run() -> anyhow::Result<()> {
//! let cat = Catalogue::open("./lienthong-data")?;
//! let app = router(cat, ServerConfig { admin_token: Some("s3cret".into()), ..ServerConfig::default() });
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:7878").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```

// Handlers pass ready-made error responses up with `?`; they are built once per failed
// request, so boxing them would only add an allocation.
#![allow(clippy::result_large_err)]

mod catalog;
mod gsp;
mod sparql;
mod ui;

use crate::error::Error;
use crate::sparql::ResultCache;
use crate::store::{Access, Catalogue};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub admin_token: Option<String>,
    pub query_timeout: Duration,
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Base URL used in feed links (`http://127.0.0.1:7878` by default).
    pub base_url: String,
    /// Catalogues up to this many triples get in-memory read images (0: never).
    pub read_image_max_triples: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            admin_token: None,
            query_timeout: crate::sparql::DEFAULT_TIMEOUT,
            body_limit: 64 * 1024 * 1024,
            base_url: "http://127.0.0.1:7878".into(),
            read_image_max_triples: crate::store::ImageConfig::default().max_triples,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub cat: Catalogue,
    pub cache: ResultCache,
    pub config: Arc<ServerConfig>,
}

pub fn router(cat: Catalogue, config: ServerConfig) -> Router {
    let limit = config.body_limit;
    let state = AppState {
        cat,
        cache: ResultCache::with_images(crate::store::ReadImages::new(crate::store::ImageConfig {
            max_triples: config.read_image_max_triples,
        })),
        config: Arc::new(config),
    };
    // Lineage crosses into partner provinces through the registered peers.
    let mut lineage = crate::lineage::LineageService::new(state.cat.clone());
    lineage.options = crate::lineage::LineageOptions::for_catalogue(&state.cat);
    let lineage = lineage.with_remote(std::sync::Arc::new(crate::federation::PeerLineage::new(
        state.cat.clone(),
    )));
    Router::new()
        .route("/", get(ui::home))
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route(
            "/store",
            get(gsp::get)
                .head(gsp::head)
                .put(gsp::put)
                .post(gsp::post)
                .delete(gsp::delete),
        )
        .route(
            "/store/{*rest}",
            get(gsp::direct_get)
                .head(gsp::direct_head)
                .put(gsp::direct_put)
                .post(gsp::direct_post)
                .delete(gsp::direct_delete),
        )
        .route("/catalog", get(catalog::get))
        .route("/healthz", get(healthz))
        .merge(crate::federation::http::routes())
        .merge(crate::validation::http::routes())
        .merge(crate::harvest::http::routes())
        .merge(crate::search::http::routes(&state.cat))
        .merge(crate::lineage::http::routes(&state, lineage))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

async fn healthz(axum::extract::State(st): axum::extract::State<AppState>) -> Response {
    let images: serde_json::Map<String, serde_json::Value> = st
        .cache
        .images
        .as_ref()
        .map(|i| i.status())
        .unwrap_or_default()
        .into_iter()
        .map(|(a, v)| (format!("{a:?}").to_ascii_lowercase(), v.into()))
        .collect();
    let body = serde_json::json!({
        "status": "ok",
        "store_version": st.cat.version(),
        "read_images": images,
    });
    axum::Json(body).into_response()
}

/// Who the caller is: no credentials → public; the admin token → admin; anything else → 403.
pub(crate) fn access(headers: &HeaderMap, config: &ServerConfig) -> Result<Access, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Access::Public);
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    match (presented, &config.admin_token) {
        (Some(p), Some(t)) if constant_time_eq(p.as_bytes(), t.as_bytes()) => Ok(Access::Admin),
        _ => Err(problem(
            StatusCode::FORBIDDEN,
            "the bearer token is not valid for this server",
        )),
    }
}

/// Writes: anonymous → 401 (with a Bearer challenge), wrong token → 403.
pub(crate) fn require_admin(headers: &HeaderMap, config: &ServerConfig) -> Result<(), Response> {
    match access(headers, config)? {
        Access::Admin => Ok(()),
        Access::Public => {
            let mut r = problem(
                StatusCode::UNAUTHORIZED,
                "this operation changes the catalogue: send Authorization: Bearer <admin token>",
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"lienthong\""),
            );
            Err(r)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A plain-text error body with a status: what clients and curl users read.
pub(crate) fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    let mut msg = message.into();
    msg.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg,
    )
        .into_response()
}

pub(crate) fn error_response(e: Error) -> Response {
    let status = match &e {
        Error::QuerySyntax(_)
        | Error::BadRequest(_)
        | Error::Syntax { .. }
        | Error::Input { .. }
        | Error::UnknownFormat(_) => StatusCode::BAD_REQUEST,
        Error::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        Error::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
        Error::Peer(_) => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "request failed");
    }
    problem(status, e.to_string())
}

/// Runs blocking store work off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(error_response(e)),
        Err(e) => Err(problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("worker failed: {e}"),
        )),
    }
}

/// Repeated-key aware parsing of `application/x-www-form-urlencoded` data.
pub(crate) fn form_pairs(data: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(data).into_owned().collect()
}

pub(crate) fn all(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

pub(crate) fn one(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

pub(crate) fn accept(headers: &HeaderMap) -> String {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*")
        .to_string()
}

/// Serves on `addr` until Ctrl-C.
pub async fn serve(
    cat: Catalogue,
    config: ServerConfig,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    tracing::info!("lienthong listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router(cat, config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
