//! Request parameters as the protocols carry them: repeated keys kept, in order
//! (`application/x-www-form-urlencoded` in the URL or the body), and the headers handlers read.

use axum::http::{header, HeaderMap};

/// Every `key=value` pair of a URL query or form body, repeated keys kept.
pub fn form_pairs(data: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(data).into_owned().collect()
}

/// The pairs of an optional raw URL query.
pub fn url_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| form_pairs(q.as_bytes())).unwrap_or_default()
}

/// Every value of `key`.
pub fn all(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The first value of `key`.
pub fn one(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// The media type of `Content-Type`, lower-cased, without parameters.
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

/// The `Accept` header (`*/*` when absent).
pub fn accept(headers: &HeaderMap) -> String {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*")
        .to_string()
}
