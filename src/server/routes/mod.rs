//! The routes, one file per area. Each file's `routes()` returns the area's router over the
//! shared [`AppState`]; [`all`] merges them.

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
