//! `/sparql`: the SPARQL 1.1 Protocol (query by GET, POST form and POST direct; update by
//! POST form and POST direct), with the protocol's dataset parameters; `?federated=1` runs
//! the query on this node and every peer.

use crate::server::auth::Caller;
use crate::server::error::{blocking, Problem};
use crate::server::params::{accept, all, content_type, form_pairs, one, url_pairs};
use crate::server::AppState;
use crate::sparql::{run_query_cached, run_update, QueryRequest, UpdateRequest};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().route("/sparql", get(get_sparql).post(post_sparql))
}

type Pairs = Vec<(String, String)>;

async fn get_sparql(
    State(st): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let pairs = url_pairs(raw.as_deref());
    if one(&pairs, "update").is_some() {
        return Err(Problem::bad_request("updates must be sent with POST"));
    }
    let Some(query) = one(&pairs, "query") else {
        if accept(&headers).contains("text/html") {
            return Ok(super::home::home().await.into_response());
        }
        return Err(Problem::bad_request("missing 'query' parameter"));
    };
    if all(&pairs, "query").len() > 1 {
        return Err(Problem::bad_request("more than one 'query' parameter"));
    }
    query_response(st, caller, &headers, query, &pairs).await
}

async fn post_sparql(
    State(st): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, Problem> {
    let url = url_pairs(raw.as_deref());
    if let Some(charset) = non_utf8_charset(&headers) {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("charset '{charset}' is not supported: send UTF-8"),
        ));
    }
    let with_url = |mut pairs: Pairs| {
        pairs.extend(url.iter().cloned());
        pairs
    };
    match content_type(&headers).as_deref() {
        Some("application/x-www-form-urlencoded") => {
            let form = form_pairs(&body);
            match (one(&form, "query"), one(&form, "update")) {
                (Some(_), Some(_)) => Err(Problem::bad_request(
                    "send either 'query' or 'update', not both",
                )),
                (Some(q), None) => {
                    if all(&form, "query").len() > 1 {
                        return Err(Problem::bad_request("more than one 'query' parameter"));
                    }
                    query_response(st, caller, &headers, q, &with_url(form)).await
                }
                (None, Some(u)) => {
                    if all(&form, "update").len() > 1 {
                        return Err(Problem::bad_request("more than one 'update' parameter"));
                    }
                    update_response(st, caller, u, &with_url(form)).await
                }
                (None, None) => Err(Problem::bad_request(
                    "missing 'query' or 'update' parameter",
                )),
            }
        }
        Some("application/sparql-query") => match String::from_utf8(body.to_vec()) {
            Ok(q) => query_response(st, caller, &headers, q, &url).await,
            Err(_) => Err(Problem::bad_request("the query is not valid UTF-8")),
        },
        Some("application/sparql-update") => match String::from_utf8(body.to_vec()) {
            Ok(u) => update_response(st, caller, u, &url).await,
            Err(_) => Err(Problem::bad_request("the update is not valid UTF-8")),
        },
        Some(other) => Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported Content-Type '{other}': use application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"),
        )),
        None => Err(Problem::bad_request("missing Content-Type")),
    }
}

async fn query_response(
    st: AppState,
    Caller(who): Caller,
    headers: &HeaderMap,
    query: String,
    pairs: &[(String, String)],
) -> Result<Response, Problem> {
    let mut req = QueryRequest::new(query, who);
    req.default_graphs = all(pairs, "default-graph-uri");
    req.named_graphs = all(pairs, "named-graph-uri");
    req.timeout = st.config.query_timeout;
    req.services = Some(st.services.clone());
    // The service-defined base IRI is the endpoint itself.
    req.base_iri = Some(endpoint(&st));
    let accept = one(pairs, "format").unwrap_or_else(|| accept(headers));
    let cat = st.cat.clone();
    if matches!(
        one(pairs, "federated").as_deref(),
        Some("1" | "true" | "yes")
    ) {
        return federated_response(&st, cat, req, accept).await;
    }
    let cache = st.cache.clone();
    let out = st
        .queries
        .run(move || run_query_cached(&cat, &req, &accept, Some(&cache)))
        .await?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, out.media_type),
            (header::VARY, "Accept, Authorization"),
        ],
        out.body,
    )
        .into_response())
}

/// `?federated=1`: the same query on this node and every peer; one status per node in the
/// `Lienthong-Federation` header (`local=ok;results=3;ms=2, ha-tinh=error;ms=10001`).
async fn federated_response(
    st: &AppState,
    cat: crate::store::Catalogue,
    req: QueryRequest,
    accept: String,
) -> Result<Response, Problem> {
    let f = st
        .queries
        .run(move || {
            let peers = crate::federation::peers::list(&cat)?;
            crate::federation::run_federated(&cat, &peers, &req, &accept)
        })
        .await?;
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
    if let Ok(v) = HeaderValue::from_str(&crate::federation::NodeStatus::header_value(&f.statuses))
    {
        r.headers_mut().insert("lienthong-federation", v);
    }
    Ok(r)
}

async fn update_response(
    st: AppState,
    caller: Caller,
    update: String,
    pairs: &[(String, String)],
) -> Result<Response, Problem> {
    caller.require_admin()?;
    let req = UpdateRequest {
        update,
        using_graphs: all(pairs, "using-graph-uri"),
        using_named_graphs: all(pairs, "using-named-graph-uri"),
        base_iri: Some(endpoint(&st)),
    };
    let cat = st.cat.clone();
    blocking(move || {
        run_update(&cat, &req).map_err(|e| match e {
            crate::Error::Evaluation(m) => crate::Error::BadRequest(m),
            e => e,
        })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
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
