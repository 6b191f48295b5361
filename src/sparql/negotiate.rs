//! Content negotiation: the result format for a query form from an `Accept` header.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

/// What a query returns, before serialization: used to pick a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryForm {
    Solutions,
    Graph,
}

/// Picks the best format for `form` from an Accept header (or a short name such as `json`).
/// `None` when nothing acceptable is offered (HTTP 406).
pub fn negotiate(
    accept: &str,
    form: QueryForm,
) -> Option<(Option<QueryResultsFormat>, Option<RdfFormat>, &'static str)> {
    let short = match accept.trim().to_ascii_lowercase().as_str() {
        "json" => Some("application/sparql-results+json"),
        "xml" => Some("application/sparql-results+xml"),
        "csv" => Some("text/csv"),
        "tsv" => Some("text/tab-separated-values"),
        "turtle" | "ttl" => Some("text/turtle"),
        "ntriples" | "nt" => Some("application/n-triples"),
        "rdfxml" => Some("application/rdf+xml"),
        "jsonld" => Some("application/ld+json"),
        _ => None,
    };
    let accept = short.unwrap_or(accept);
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let media = bits.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let q = bits
                .filter_map(|b| {
                    b.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .next()
                .unwrap_or(1.0);
            Some((q, i, media))
        })
        .filter(|(q, _, _)| *q > 0.0)
        .collect();
    if ranges.is_empty() {
        ranges.push((1.0, 0, "*/*".into()));
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in ranges {
        match form {
            QueryForm::Solutions => {
                let f = match media.as_str() {
                    "*/*" | "application/*" | "application/json" => Some(QueryResultsFormat::Json),
                    "text/*" => Some(QueryResultsFormat::Csv),
                    m => QueryResultsFormat::from_media_type(m),
                };
                if let Some(f) = f {
                    return Some((Some(f), None, f.media_type()));
                }
            }
            QueryForm::Graph => {
                let f = match media.as_str() {
                    "*/*" | "text/*" => Some(RdfFormat::Turtle),
                    "application/json" | "application/ld+json" => Some(RdfFormat::JsonLd {
                        profile: JsonLdProfileSet::empty(),
                    }),
                    "application/xml" => Some(RdfFormat::RdfXml),
                    m => RdfFormat::from_media_type(m).filter(|f| !matches!(f, RdfFormat::N3)),
                };
                if let Some(f) = f {
                    return Some((None, Some(f), f.media_type()));
                }
            }
        }
    }
    None
}
