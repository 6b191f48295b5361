//! HTTP routes: `GET /api/lineage/{id}` (also `GET /api/lineage?id=`), `GET
//! /api/lineage/{id}/impact`, and the OpenLineage intake `POST /api/v1/lineage` (admin token).
//!
//! `{id}` is a percent-encoded IRI or a `dct:identifier`. Query parameters: `direction`
//! (`up`, `down`, `both`; default `both`), `depth` (default 10), `format` (`json`, `dot`,
//! `svg`, `text`; default from `Accept`, else JSON), `remote` (`0`: do not follow records
//! of other provinces through the peers; what peers are asked with).

use crate::lineage::{
    impact, openlineage, render_dot, render_svg, Direction, LineageService, DEFAULT_DEPTH,
    MAX_DEPTH,
};
use crate::server::auth::{Admin, Caller};
use crate::server::error::{blocking, Problem};
use crate::server::params::{accept, content_type};
use crate::server::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;

/// The lineage routes, over the state's lineage service (which may follow peers).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/lineage", get(by_query))
        .route("/api/lineage/{id}", get(by_path))
        .route("/api/lineage/{id}/impact", get(impact_route))
        .route("/api/v1/lineage", post(intake))
}

type Params = Query<HashMap<String, String>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Dot,
    Svg,
    Text,
}

fn format_of(params: &HashMap<String, String>, headers: &HeaderMap) -> Result<Format, Problem> {
    match params.get("format").map(String::as_str) {
        Some("json") => Ok(Format::Json),
        Some("dot") => Ok(Format::Dot),
        Some("svg") => Ok(Format::Svg),
        Some("text") => Ok(Format::Text),
        Some(other) => Err(Problem::bad_request(format!(
            "format: '{other}' is not one of json, dot, svg, text"
        ))),
        None => {
            let accept = accept(headers);
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

fn params_depth(params: &HashMap<String, String>) -> Result<usize, Problem> {
    match params.get("depth") {
        None => Ok(DEFAULT_DEPTH),
        Some(d) => d.parse().map_err(|_| {
            Problem::bad_request(format!("depth: '{d}' is not a non-negative integer"))
        }),
    }
}

/// The service for this request: `remote=0` (or `false`) answers from this catalogue alone.
fn service_for(st: &AppState, params: &HashMap<String, String>) -> LineageService {
    match params.get("remote").map(String::as_str) {
        Some("0" | "false" | "no") => st.lineage.clone().local_only(),
        _ => st.lineage.clone(),
    }
}

fn reply(status: StatusCode, media: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, media)], body).into_response()
}

async fn lineage(
    st: AppState,
    Caller(who): Caller,
    id: String,
    params: HashMap<String, String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let direction: Direction = match params.get("direction") {
        None => Direction::Both,
        Some(d) => d.parse()?,
    };
    let depth = params_depth(&params)?;
    let format = format_of(&params, &headers)?;
    let svc = service_for(&st, &params);
    let l = blocking(move || svc.lineage(&id, direction, depth, who)).await?;
    Ok(match format {
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
            crate::lineage::render_text::lineage_text(&l),
        ),
    })
}

async fn by_path(
    State(st): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(params): Params,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    lineage(st, caller, id, params, headers).await
}

async fn by_query(
    State(st): State<AppState>,
    caller: Caller,
    Query(params): Params,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let Some(id) = params.get("id").cloned() else {
        return Err(Problem::bad_request(
            "id: missing (an IRI or a dct:identifier)",
        ));
    };
    lineage(st, caller, id, params, headers).await
}

async fn impact_route(
    State(st): State<AppState>,
    Caller(who): Caller,
    Path(id): Path<String>,
    Query(params): Params,
) -> Result<Response, Problem> {
    let depth = match params.get("depth") {
        None => MAX_DEPTH,
        Some(_) => params_depth(&params)?,
    };
    let text = params.get("format").map(String::as_str) == Some("text");
    if let Some(f) = params
        .get("format")
        .filter(|f| *f != "text" && *f != "json")
    {
        return Err(Problem::bad_request(format!(
            "format: '{f}' is not one of json, text"
        )));
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
}

async fn intake(
    State(st): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    if let Some(ct) = content_type(&headers) {
        if ct != "application/json" && !ct.ends_with("+json") {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("an OpenLineage RunEvent is application/json, not {ct}"),
            ));
        }
    }
    let cat = st.cat.clone();
    let outcome = blocking(move || openlineage::ingest(&cat, &body)).await?;
    Ok((StatusCode::CREATED, axum::Json(outcome)).into_response())
}
