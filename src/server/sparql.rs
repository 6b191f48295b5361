//! `/sparql`: the SPARQL 1.1 Protocol (query by GET, POST form and POST direct; update by
//! POST form and POST direct), with the protocol's dataset parameters.

use super::{
    accept, access, all, blocking, content_type, form_pairs, one, problem, require_admin, AppState,
};
use crate::sparql::{run_query_cached, run_update, QueryRequest, UpdateRequest};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

fn url_pairs(raw: &Option<String>) -> Vec<(String, String)> {
    raw.as_deref()
        .map(|q| form_pairs(q.as_bytes()))
        .unwrap_or_default()
}

pub async fn get(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = url_pairs(&raw);
    if one(&pairs, "update").is_some() {
        return problem(StatusCode::BAD_REQUEST, "updates must be sent with POST");
    }
    let Some(query) = one(&pairs, "query") else {
        if accept(&headers).contains("text/html") {
            return super::ui::home(State(st)).await;
        }
        return problem(StatusCode::BAD_REQUEST, "missing 'query' parameter");
    };
    if all(&pairs, "query").len() > 1 {
        return problem(StatusCode::BAD_REQUEST, "more than one 'query' parameter");
    }
    query_response(st, headers, query, &pairs).await
}

pub async fn post(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let url = url_pairs(&raw);
    if let Some(charset) = non_utf8_charset(&headers) {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("charset '{charset}' is not supported: send UTF-8"),
        );
    }
    match content_type(&headers).as_deref() {
        Some("application/x-www-form-urlencoded") => {
            let form = form_pairs(&body);
            match (one(&form, "query"), one(&form, "update")) {
                (Some(_), Some(_)) => problem(StatusCode::BAD_REQUEST, "send either 'query' or 'update', not both"),
                (Some(q), None) => {
                    if all(&form, "query").len() > 1 {
                        return problem(StatusCode::BAD_REQUEST, "more than one 'query' parameter");
                    }
                    let mut pairs = form.clone();
                    pairs.extend(url);
                    query_response(st, headers, q, &pairs).await
                }
                (None, Some(u)) => {
                    if all(&form, "update").len() > 1 {
                        return problem(StatusCode::BAD_REQUEST, "more than one 'update' parameter");
                    }
                    let mut pairs = form.clone();
                    pairs.extend(url);
                    update_response(st, headers, u, &pairs).await
                }
                (None, None) => problem(StatusCode::BAD_REQUEST, "missing 'query' or 'update' parameter"),
            }
        }
        Some("application/sparql-query") => match String::from_utf8(body.to_vec()) {
            Ok(q) => query_response(st, headers, q, &url).await,
            Err(_) => problem(StatusCode::BAD_REQUEST, "the query is not valid UTF-8"),
        },
        Some("application/sparql-update") => match String::from_utf8(body.to_vec()) {
            Ok(u) => update_response(st, headers, u, &url).await,
            Err(_) => problem(StatusCode::BAD_REQUEST, "the update is not valid UTF-8"),
        },
        Some(other) => problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported Content-Type '{other}': use application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"),
        ),
        None => problem(StatusCode::BAD_REQUEST, "missing Content-Type"),
    }
}

async fn query_response(
    st: AppState,
    headers: HeaderMap,
    query: String,
    pairs: &[(String, String)],
) -> Response {
    let who = match access(&headers, &st.config) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let mut req = QueryRequest::new(query, who);
    req.default_graphs = all(pairs, "default-graph-uri");
    req.named_graphs = all(pairs, "named-graph-uri");
    req.timeout = st.config.query_timeout;
    // The service-defined base IRI is the endpoint itself.
    req.base_iri = Some(endpoint(&st));
    let accept = one(pairs, "format").unwrap_or_else(|| accept(&headers));
    let cat = st.cat.clone();
    if matches!(
        one(pairs, "federated").as_deref(),
        Some("1" | "true" | "yes")
    ) {
        return federated_response(cat, req, accept).await;
    }
    let cache = st.cache.clone();
    match blocking(move || run_query_cached(&cat, &req, &accept, Some(&cache))).await {
        Ok(out) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, out.media_type),
                (header::VARY, "Accept, Authorization"),
            ],
            out.body,
        )
            .into_response(),
        Err(r) => r,
    }
}

/// `?federated=1`: the same query on this node and every peer; one status per node in the
/// `Lienthong-Federation` header (`local=ok;results=3;ms=2, ha-tinh=error;ms=10001`).
async fn federated_response(
    cat: crate::store::Catalogue,
    req: QueryRequest,
    accept: String,
) -> Response {
    let result = blocking(move || {
        let peers = crate::federation::peers::list(&cat)?;
        crate::federation::run_federated(&cat, &peers, &req, &accept)
    })
    .await;
    match result {
        Ok(f) => {
            for s in f.statuses.iter().filter(|s| !s.ok) {
                tracing::warn!(node = %s.node, error = ?s.error, "federated query: peer failed");
            }
            let mut r = (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, f.output.media_type),
                    (header::VARY, "Accept, Authorization"),
                ],
                f.output.body,
            )
                .into_response();
            if let Ok(v) = axum::http::HeaderValue::from_str(
                &crate::federation::NodeStatus::header_value(&f.statuses),
            ) {
                r.headers_mut().insert("lienthong-federation", v);
            }
            r
        }
        Err(r) => r,
    }
}

async fn update_response(
    st: AppState,
    headers: HeaderMap,
    update: String,
    pairs: &[(String, String)],
) -> Response {
    if let Err(r) = require_admin(&headers, &st.config) {
        return r;
    }
    let req = UpdateRequest {
        update,
        using_graphs: all(pairs, "using-graph-uri"),
        using_named_graphs: all(pairs, "using-named-graph-uri"),
        base_iri: Some(endpoint(&st)),
    };
    let cat = st.cat.clone();
    match blocking(move || {
        run_update(&cat, &req).map_err(|e| match e {
            crate::Error::Evaluation(m) => crate::Error::BadRequest(m),
            e => e,
        })
    })
    .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(r) => r,
    }
}

fn non_utf8_charset(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        let v = v.trim().trim_matches('"').to_ascii_lowercase();
        (k.trim().eq_ignore_ascii_case("charset") && v != "utf-8" && v != "utf8").then_some(v)
    })
}

fn endpoint(st: &AppState) -> String {
    format!("{}/sparql", st.config.base_url.trim_end_matches('/'))
}
