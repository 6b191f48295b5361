//! `/catalog`: the paged DCAT-AP feed (see [`crate::feed`]), in Turtle, RDF/XML or JSON-LD
//! by `Accept` or `?format=`.

use super::{accept, access, blocking, form_pairs, one, problem, AppState};
use crate::feed::{build_page, FeedRequest, DEFAULT_PAGE_SIZE};
use crate::store::serializer;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};

fn feed_format(format_param: Option<&str>, accept: &str) -> Option<RdfFormat> {
    if let Some(f) = format_param {
        return match f.to_ascii_lowercase().as_str() {
            "ttl" | "turtle" => Some(RdfFormat::Turtle),
            "rdf" | "xml" | "rdfxml" => Some(RdfFormat::RdfXml),
            "jsonld" | "json-ld" | "json" => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            "nt" | "ntriples" => Some(RdfFormat::NTriples),
            _ => None,
        };
    }
    match crate::sparql::negotiate(accept, crate::sparql::QueryForm::Graph) {
        Some((_, Some(f), _)) => Some(f),
        _ => None,
    }
}

pub async fn get(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let who = match access(&headers, &st.config) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let pairs = raw
        .as_deref()
        .map(|q| form_pairs(q.as_bytes()))
        .unwrap_or_default();
    let parse_num = |key: &str, default: usize| -> Result<usize, Response> {
        match one(&pairs, key) {
            None => Ok(default),
            Some(v) => v.parse::<usize>().map_err(|_| {
                problem(
                    StatusCode::BAD_REQUEST,
                    format!("'{key}' must be a positive whole number, not '{v}'"),
                )
            }),
        }
    };
    let page = match parse_num("page", 1) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let page_size = match parse_num("page_size", DEFAULT_PAGE_SIZE) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let format_param = one(&pairs, "format");
    let Some(format) = feed_format(format_param.as_deref(), &accept(&headers)) else {
        return problem(
            StatusCode::NOT_ACCEPTABLE,
            "the feed is offered as Turtle, RDF/XML, JSON-LD and N-Triples",
        );
    };
    let req = FeedRequest {
        base_url: st.config.base_url.clone(),
        access: who,
        page,
        page_size,
        modified_since: one(&pairs, "modified_since"),
    };
    let cat = st.cat.clone();
    let result = blocking(move || {
        let page = build_page(&cat, &req)?;
        let mut out = serializer(format).for_writer(Vec::new());
        for t in &page.graph {
            out.serialize_triple(t)?;
        }
        Ok(out.finish()?)
    })
    .await;
    match result {
        Ok(body) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, format.media_type()),
                (header::VARY, "Accept, Authorization"),
            ],
            body,
        )
            .into_response(),
        Err(r) => r,
    }
}
