//! `/catalog`: the paged DCAT-AP feed (see [`crate::feed`]), in Turtle, RDF/XML or JSON-LD
//! by `Accept` or `?format=`.

use crate::feed::{build_page, FeedRequest, DEFAULT_PAGE_SIZE};
use crate::server::auth::Caller;
use crate::server::error::{blocking, Problem};
use crate::server::params::{accept, one, url_pairs};
use crate::server::AppState;
use crate::store::serializer;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};

pub fn routes() -> Router<AppState> {
    Router::new().route("/catalog", get(feed))
}

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

async fn feed(
    State(st): State<AppState>,
    Caller(who): Caller,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let pairs = url_pairs(raw.as_deref());
    let parse_num = |key: &str, default: usize| -> Result<usize, Problem> {
        match one(&pairs, key) {
            None => Ok(default),
            Some(v) => v.parse::<usize>().map_err(|_| {
                Problem::bad_request(format!(
                    "'{key}' must be a positive whole number, not '{v}'"
                ))
            }),
        }
    };
    let page = parse_num("page", 1)?;
    let page_size = parse_num("page_size", DEFAULT_PAGE_SIZE)?;
    let format_param = one(&pairs, "format");
    let Some(format) = feed_format(format_param.as_deref(), &accept(&headers)) else {
        return Err(Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            "the feed is offered as Turtle, RDF/XML, JSON-LD and N-Triples",
        ));
    };
    let req = FeedRequest {
        base_url: st.config.base_url.clone(),
        access: who,
        page,
        page_size,
        modified_since: one(&pairs, "modified_since"),
    };
    let cat = st.cat.clone();
    let body = blocking(move || {
        let page = build_page(&cat, &req)?;
        let mut out = serializer(format).for_writer(Vec::new());
        for t in &page.graph {
            out.serialize_triple(t)?;
        }
        Ok(out.finish()?)
    })
    .await?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, format.media_type()),
            (header::VARY, "Accept, Authorization"),
        ],
        body,
    )
        .into_response())
}
