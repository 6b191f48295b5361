//! The routes, one file per area. Each file's `routes()` returns the area's router over the
//! shared [`AppState`]; [`all`] merges them.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use lienthong::server::{router, ServerConfig};
//! use lienthong::store::Catalogue;
//! use tower::ServiceExt;
//! # fn main() -> anyhow::Result<()> {
//! let app = router(Catalogue::in_memory()?, ServerConfig::default());
//! let ask = Request::get("/sparql?query=ASK%20%7B%7D").body(Body::empty())?;
//! let r = tokio::runtime::Runtime::new()?.block_on(app.clone().oneshot(ask))?;
//! assert_eq!(r.status(), StatusCode::OK);
//! // Writes need the admin token: anonymous callers get 401.
//! let put = Request::put("/store?default").header("content-type", "text/turtle").body(Body::empty())?;
//! let r = tokio::runtime::Runtime::new()?.block_on(app.oneshot(put))?;
//! assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
//! # Ok(()) }
//! ```

pub mod catalog;
pub mod federation;
pub mod gsp;
pub mod harvest;
pub mod health;
pub mod home;
pub mod lineage;
pub mod search;
pub mod sparql;
pub mod validation;

use super::AppState;
use axum::Router;

/// Every route of the service.
pub fn all() -> Router<AppState> {
    Router::new()
        .merge(home::routes())
        .merge(sparql::routes())
        .merge(gsp::routes())
        .merge(catalog::routes())
        .merge(health::routes())
        .merge(federation::routes())
        .merge(validation::routes())
        .merge(harvest::routes())
        .merge(search::routes())
        .merge(lineage::routes())
}
