//! The HTTP calls one lienthong node makes to its peers: bounded in time and size, never
//! following redirects (a peer is one origin), and carrying the peer's token only when the
//! caller is the administrator.

use super::peers::Peer;
use std::io::Read;
use std::sync::OnceLock;

/// Largest answer accepted from a peer.
pub const MAX_PEER_BODY: u64 = 64 * 1024 * 1024;

/// One shared blocking client (calls are made from blocking threads, never from async code).
pub fn client() -> &'static reqwest::blocking::Client {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        // Several modules may race to install the provider: losing the race is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(5))
            .user_agent(concat!("lienthong/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "HTTP client with custom settings unavailable; using defaults");
                reqwest::blocking::Client::new()
            })
    })
}

/// POSTs a SPARQL query to a peer's endpoint and returns the body, or a message that says
/// what went wrong (status, timeout, size) for the per-peer status line.
pub fn post_query(
    peer: &Peer,
    query: &str,
    accept: &str,
    with_token: bool,
) -> Result<Vec<u8>, String> {
    let req = client()
        .post(peer.endpoint())
        .timeout(peer.timeout)
        .header(reqwest::header::ACCEPT, accept)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(
            form_urlencoded::Serializer::new(String::new())
                .append_pair("query", query)
                .finish(),
        );
    read(authorised(req, peer, with_token)?)
}

/// GETs a path of the peer's server (search, lineage APIs).
pub fn get(peer: &Peer, path_and_query: &str, with_token: bool) -> Result<Vec<u8>, String> {
    let req = client()
        .get(peer.url(path_and_query))
        .timeout(peer.timeout)
        .header(reqwest::header::ACCEPT, "application/json");
    read(authorised(req, peer, with_token)?)
}

/// Adds the peer's bearer token when the caller is the administrator.
fn authorised(
    req: reqwest::blocking::RequestBuilder,
    peer: &Peer,
    with_token: bool,
) -> Result<reqwest::blocking::RequestBuilder, String> {
    if with_token {
        if let Some(t) = peer.token().map_err(|e| e.to_string())? {
            return Ok(req.bearer_auth(t));
        }
    }
    Ok(req)
}

fn read(req: reqwest::blocking::RequestBuilder) -> Result<Vec<u8>, String> {
    let resp = req.send().map_err(|e| describe(&e))?;
    let status = resp.status();
    let mut body = Vec::new();
    resp.take(MAX_PEER_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| format!("reading the answer failed: {e}"))?;
    if body.len() as u64 > MAX_PEER_BODY {
        return Err(format!("answer larger than {MAX_PEER_BODY} bytes"));
    }
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body[..body.len().min(300)])
            .trim()
            .to_string();
        return Err(format!("HTTP {status}: {text}"));
    }
    Ok(body)
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        format!("cannot connect: {e}")
    } else if e.is_redirect() {
        "answered with a redirect, which peers may not do".into()
    } else {
        e.to_string()
    }
}
