//! HTTP routes: `GET /api/lineage/{id}` (also `GET /api/lineage?id=`), `GET
//! /api/lineage/{id}/impact`, and the OpenLineage intake `POST /api/v1/lineage` (admin token).
//!
//! `{id}` is a percent-encoded IRI or a `dct:identifier`. Query parameters: `direction`
//! (`up`, `down`, `both`; default `both`), `depth` (default 10), `format` (`json`, `dot`,
//! `svg`, `text`; default from `Accept`, else JSON), `remote` (`0`: do not follow records
//! of other provinces through the peers; what peers are asked with).

#![allow(clippy::result_large_err)]

use super::{impact, render_dot, render_svg, Direction, LineageService, DEFAULT_DEPTH};
use crate::server::{
    access, blocking, error_response, problem, require_admin, AppState, ServerConfig,
};
use crate::store::Access;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
struct LineageState {
    svc: LineageService,
    config: Arc<ServerConfig>,
}

/// The lineage routes over `svc` (which may follow peers), sharing the server's configuration.
pub fn routes(state: &AppState, svc: LineageService) -> Router<AppState> {
    Router::new()
        .route("/api/lineage", get(by_query))
        .route("/api/lineage/{id}", get(by_path))
        .route("/api/lineage/{id}/impact", get(impact_route))
        .route("/api/v1/lineage", post(intake))
        .with_state(LineageState {
            svc,
            config: state.config.clone(),
        })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Dot,
    Svg,
    Text,
}

fn format_of(params: &HashMap<String, String>, headers: &HeaderMap) -> Result<Format, Response> {
    match params.get("format").map(String::as_str) {
        Some("json") => Ok(Format::Json),
        Some("dot") => Ok(Format::Dot),
        Some("svg") => Ok(Format::Svg),
        Some("text") => Ok(Format::Text),
        Some(other) => Err(problem(
            StatusCode::BAD_REQUEST,
            format!("format: '{other}' is not one of json, dot, svg, text"),
        )),
        None => {
            let accept = crate::server::accept(headers);
            Ok(if accept.contains("image/svg+xml") {
                Format::Svg
            } else if accept.contains("text/vnd.graphviz") {
                Format::Dot
            } else {
                Format::Json
            })
        }
    }
}

fn params_depth(params: &HashMap<String, String>) -> Result<usize, Response> {
    match params.get("depth") {
        None => Ok(DEFAULT_DEPTH),
        Some(d) => d.parse().map_err(|_| {
            problem(
                StatusCode::BAD_REQUEST,
                format!("depth: '{d}' is not a non-negative integer"),
            )
        }),
    }
}

/// The service for this request: `remote=0` (or `false`) answers from this catalogue alone.
fn service_for(st: &LineageState, params: &HashMap<String, String>) -> LineageService {
    match params.get("remote").map(String::as_str) {
        Some("0" | "false" | "no") => st.svc.clone().local_only(),
        _ => st.svc.clone(),
    }
}

fn reply(status: StatusCode, media: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, media)], body).into_response()
}

async fn lineage(
    st: LineageState,
    id: String,
    params: HashMap<String, String>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        let who = access(&headers, &st.config)?;
        let direction: Direction = match params.get("direction") {
            None => Direction::Both,
            Some(d) => d.parse().map_err(error_response)?,
        };
        let depth = params_depth(&params)?;
        let format = format_of(&params, &headers)?;
        let svc = service_for(&st, &params);
        let l = blocking(move || svc.lineage(&id, direction, depth, who)).await?;
        Ok::<_, Response>(match format {
            Format::Json => axum::Json(l).into_response(),
            Format::Dot => reply(
                StatusCode::OK,
                "text/vnd.graphviz; charset=utf-8",
                render_dot::to_dot(&l),
            ),
            Format::Svg => reply(StatusCode::OK, "image/svg+xml", render_svg::to_svg(&l)),
            Format::Text => reply(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                super::render_text::lineage_text(&l),
            ),
        })
    };
    run.await.unwrap_or_else(|r| r)
}

async fn by_path(
    State(st): State<LineageState>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    lineage(st, id, params, headers).await
}

async fn by_query(
    State(st): State<LineageState>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(id) = params.get("id").cloned() else {
        return problem(
            StatusCode::BAD_REQUEST,
            "id: missing (an IRI or a dct:identifier)",
        );
    };
    lineage(st, id, params, headers).await
}

async fn impact_route(
    State(st): State<LineageState>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        let who: Access = access(&headers, &st.config)?;
        let depth = match params.get("depth") {
            None => super::MAX_DEPTH,
            Some(_) => params_depth(&params)?,
        };
        let text = params.get("format").map(String::as_str) == Some("text");
        if let Some(f) = params
            .get("format")
            .filter(|f| *f != "text" && *f != "json")
        {
            return Err(problem(
                StatusCode::BAD_REQUEST,
                format!("format: '{f}' is not one of json, text"),
            ));
        }
        let svc = service_for(&st, &params);
        let i = blocking(move || svc.impact(&id, depth, who)).await?;
        Ok(if text {
            reply(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                impact::to_text(&i),
            )
        } else {
            axum::Json(i).into_response()
        })
    };
    run.await.unwrap_or_else(|r| r)
}

async fn intake(State(st): State<LineageState>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = require_admin(&headers, &st.config) {
        return r;
    }
    if let Some(ct) = crate::server::content_type(&headers) {
        if ct != "application/json" && !ct.ends_with("+json") {
            return problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("an OpenLineage RunEvent is application/json, not {ct}"),
            );
        }
    }
    let cat = st.svc.cat.clone();
    match blocking(move || super::openlineage::ingest(&cat, &body)).await {
        Ok(outcome) => (StatusCode::CREATED, axum::Json(outcome)).into_response(),
        Err(r) => r,
    }
}
