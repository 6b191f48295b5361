//! The HTTP service, and the only place axum lives: SPARQL 1.1 Protocol at `/sparql`, Graph
//! Store HTTP Protocol at `/store`, the DCAT-AP feed at `/catalog`, search at `/api/search`
//! and `/api/3/action/package_search`, lineage, validation reports, harvest runs and peers
//! under `/api/`, `/healthz`, and a small HTML query page at `/`.
//!
//! - [`routes`]: one file per area; handlers are thin: they read parameters, call the
//!   capability (a plain function of the library) off the async runtime, and shape the answer;
//! - [`auth`]: the [`Caller`](auth::Caller) and [`Admin`](auth::Admin) extractors — reads
//!   are open to everyone but an anonymous caller only sees public graphs; every write needs
//!   `Authorization: Bearer <admin token>` (missing: 401, wrong: 403);
//! - [`error`]: library errors as HTTP answers ([`Problem`](error::Problem));
//! - [`params`]: protocol parameters (repeated keys kept) and headers.
//!
//! The shared state ([`AppState`]) holds the catalogue, the result cache, the configuration,
//! the lineage service and the search index; handlers take the parts they need.
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

pub mod auth;
pub mod error;
pub mod params;
pub mod queries;
pub mod routes;

use crate::federation::{PeerLineage, PeerServiceCalls};
use crate::lineage::{LineageOptions, LineageService};
use crate::search::SearchIndex;
use crate::sparql::{ResultCache, ServiceCalls};
use crate::store::{Catalogue, ImageConfig, ReadImages};
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::Router;
use queries::QueryPool;
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
    /// SPARQL queries evaluated at once (default: the machine's cores).
    pub query_workers: usize,
    /// How long a query waits for a free worker before a 503 with `Retry-After`.
    pub query_queue_wait: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            admin_token: None,
            query_timeout: crate::sparql::DEFAULT_TIMEOUT,
            body_limit: 64 * 1024 * 1024,
            base_url: "http://127.0.0.1:7878".into(),
            read_image_max_triples: ImageConfig::default().max_triples,
            query_workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            query_queue_wait: Duration::from_secs(1),
        }
    }
}

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub cat: Catalogue,
    pub cache: ResultCache,
    pub config: Arc<ServerConfig>,
    /// Lineage, following records of other provinces through the registered peers.
    pub lineage: LineageService,
    /// The search index (`None` when it could not be opened: search answers 503).
    pub search: Option<Arc<SearchIndex>>,
    /// Who answers `SERVICE` calls in queries: the registered peers.
    pub services: Arc<dyn ServiceCalls>,
    /// The SPARQL evaluation workers.
    pub queries: QueryPool,
}

impl FromRef<AppState> for Arc<ServerConfig> {
    fn from_ref(st: &AppState) -> Self {
        st.config.clone()
    }
}

impl AppState {
    pub fn new(cat: Catalogue, config: ServerConfig) -> Self {
        let mut lineage = LineageService::new(cat.clone());
        lineage.options = LineageOptions::for_catalogue(&cat);
        let lineage = lineage.with_remote(Arc::new(PeerLineage::new(cat.clone())));
        let search = match crate::search::attach(&cat) {
            Ok(i) => Some(i),
            Err(e) => {
                tracing::error!(error = %e, "search index unavailable; /api/search answers 503 (run `lienthong search --reindex`)");
                None
            }
        };
        Self {
            cache: ResultCache::with_images(ReadImages::new(ImageConfig {
                max_triples: config.read_image_max_triples,
            })),
            lineage,
            search,
            services: Arc::new(PeerServiceCalls),
            queries: QueryPool::new(config.query_workers, config.query_queue_wait),
            config: Arc::new(config),
            cat,
        }
    }
}

pub fn router(cat: Catalogue, config: ServerConfig) -> Router {
    let limit = config.body_limit;
    routes::all()
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(vary_authorization))
        .with_state(AppState::new(cat, config))
}

/// Every answer depends on who asks (an anonymous reader sees only public records), so no
/// shared cache may serve one caller's answer to another: `Vary` always names `Authorization`.
async fn vary_authorization(mut r: axum::response::Response) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let vary = r
        .headers()
        .get(header::VARY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let value = match vary {
        Some(v) if v.to_ascii_lowercase().contains("authorization") => return r,
        Some(v) if !v.trim().is_empty() => format!("{v}, Authorization"),
        _ => "Authorization".to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        r.headers_mut().insert(header::VARY, v);
    }
    r
}

/// Serves on `listener` until Ctrl-C.
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
