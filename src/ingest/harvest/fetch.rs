//! The harvest HTTP client: timeouts, retries with exponential backoff, a per-host rate
//! limit, a body-size cap enforced while streaming, gzip, capped redirects with the
//! allowed-hosts check on every hop, and conditional GET.
//!
//! Nothing outside the source's allowed hosts is ever requested: the first URL is checked
//! before the request and each redirect target inside reqwest's redirect policy.

use crate::error::{Error, Result};
use reqwest::blocking::Client;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::redirect;
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Robustness settings (docs/harvesting.md lists them with their environment variables).
#[derive(Clone, Debug)]
pub struct FetchConfig {
    pub connect_timeout: Duration,
    /// Whole-request timeout (connect, send, read of headers and body).
    pub timeout: Duration,
    /// Further attempts after the first, for transient failures (connect, timeout, 5xx, 429,
    /// broken bodies).
    pub retries: u32,
    /// Delay before the first retry; doubled each time.
    pub backoff: Duration,
    /// Minimum time between two requests to the same host (all sources together).
    pub min_interval: Duration,
    /// Largest accepted body, after decompression.
    pub max_body: u64,
    pub max_redirects: usize,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            retries: 3,
            backoff: Duration::from_millis(500),
            min_interval: Duration::from_millis(100),
            max_body: 256 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

impl FetchConfig {
    /// Defaults overridden by `LIENTHONG_HARVEST_{TIMEOUT_SECS,CONNECT_TIMEOUT_SECS,RETRIES,
    /// BACKOFF_MS,RATE_MS,MAX_BODY_MB,MAX_REDIRECTS}`.
    pub fn from_env() -> Self {
        let mut c = Self::default();
        let num = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
        };
        if let Some(v) = num("LIENTHONG_HARVEST_TIMEOUT_SECS") {
            c.timeout = Duration::from_secs_f64(v.max(0.001));
        }
        if let Some(v) = num("LIENTHONG_HARVEST_CONNECT_TIMEOUT_SECS") {
            c.connect_timeout = Duration::from_secs_f64(v.max(0.001));
        }
        if let Some(v) = num("LIENTHONG_HARVEST_RETRIES") {
            c.retries = v as u32;
        }
        if let Some(v) = num("LIENTHONG_HARVEST_BACKOFF_MS") {
            c.backoff = Duration::from_secs_f64(v.max(0.0) / 1000.0);
        }
        if let Some(v) = num("LIENTHONG_HARVEST_RATE_MS") {
            c.min_interval = Duration::from_secs_f64(v.max(0.0) / 1000.0);
        }
        if let Some(v) = num("LIENTHONG_HARVEST_MAX_BODY_MB") {
            c.max_body = (v * 1024.0 * 1024.0) as u64;
        }
        if let Some(v) = num("LIENTHONG_HARVEST_MAX_REDIRECTS") {
            c.max_redirects = v as usize;
        }
        c
    }
}

/// A fetched response.
#[derive(Debug)]
pub struct Fetched {
    /// The final URL, after redirects.
    pub url: String,
    pub status: u16,
    /// Media type without parameters, lower-case.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Fetched {
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// One source's client: its allowed hosts and credentials are fixed at construction.
pub struct Fetcher {
    client: Client,
    cfg: FetchConfig,
    hosts: Arc<Vec<String>>,
    pub requests: AtomicU64,
    pub bytes: AtomicU64,
}

/// Installs the ring crypto provider for rustls once per process (reqwest is built with
/// `rustls-no-provider`); a provider already installed by someone else is fine.
pub fn install_crypto_provider() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn next_slot() -> &'static Mutex<HashMap<String, Instant>> {
    static SLOTS: OnceLock<Mutex<HashMap<String, Instant>>> = OnceLock::new();
    SLOTS.get_or_init(Mutex::default)
}

/// Whether `host` is one of `allowed` (exact, case-insensitive; ports are not compared).
pub fn host_allowed(allowed: &[String], url: &reqwest::Url) -> bool {
    url.host_str()
        .is_some_and(|h| allowed.iter().any(|a| a.eq_ignore_ascii_case(h)))
}

/// Transient failures worth another attempt.
enum Failure {
    Retry(String),
    Fatal(String),
}

impl Fetcher {
    /// `authorization`: the full `Authorization` header value, if the source has credentials.
    pub fn new(
        cfg: FetchConfig,
        hosts: Vec<String>,
        authorization: Option<String>,
    ) -> Result<Self> {
        install_crypto_provider();
        let hosts = Arc::new(hosts);
        let policy_hosts = hosts.clone();
        let max = cfg.max_redirects;
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().iter().any(|u| u == attempt.url()) {
                let msg = format!("redirect loop: {} was already visited", attempt.url());
                return attempt.error(msg);
            }
            if attempt.previous().len() > max {
                let msg = format!("more than {max} redirects (last to {})", attempt.url());
                return attempt.error(msg);
            }
            if !host_allowed(&policy_hosts, attempt.url()) {
                let msg = format!(
                    "redirect to {} leaves the allowed hosts ({})",
                    attempt.url(),
                    policy_hosts.join(", ")
                );
                return attempt.error(msg);
            }
            attempt.follow()
        });
        let mut headers = HeaderMap::new();
        if let Some(a) = authorization {
            let mut v = HeaderValue::from_str(&a).map_err(|_| {
                Error::Harvest("the credentials are not a valid HTTP header value".into())
            })?;
            v.set_sensitive(true);
            headers.insert(header::AUTHORIZATION, v);
        }
        let client = Client::builder()
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.timeout)
            .gzip(true)
            .redirect(policy)
            .default_headers(headers)
            .user_agent(concat!("lienthong-harvester/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Harvest(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            client,
            cfg,
            hosts,
            requests: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    fn wait_turn(&self, host: &str) {
        if self.cfg.min_interval.is_zero() {
            return;
        }
        let wait = {
            let mut slots = match next_slot().lock() {
                Ok(s) => s,
                Err(p) => p.into_inner(),
            };
            let now = Instant::now();
            let at = slots.get(host).copied().unwrap_or(now).max(now);
            slots.insert(host.to_string(), at + self.cfg.min_interval);
            at - now
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }

    /// GET with retries. `conditional`: (ETag, Last-Modified) from the previous run; a 304
    /// answer is returned as is (check [`Fetched::not_modified`]).
    pub fn get(
        &self,
        url: &str,
        accept: &str,
        conditional: Option<(Option<&str>, Option<&str>)>,
    ) -> Result<Fetched> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::Harvest(format!("GET {url}: invalid URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Harvest(format!(
                "GET {url}: only http(s) is fetched"
            )));
        }
        if !host_allowed(&self.hosts, &parsed) {
            return Err(Error::Harvest(format!(
                "GET {url}: host not in the source's allowed hosts ({})",
                self.hosts.join(", ")
            )));
        }
        let host = parsed.host_str().unwrap_or("").to_string();
        let mut attempt = 0;
        loop {
            self.wait_turn(&host);
            self.requests.fetch_add(1, Ordering::Relaxed);
            match self.once(&parsed, accept, conditional) {
                Ok(f) => return Ok(f),
                Err(Failure::Fatal(m)) => return Err(Error::Harvest(format!("GET {url}: {m}"))),
                Err(Failure::Retry(m)) if attempt >= self.cfg.retries => {
                    return Err(Error::Harvest(format!(
                        "GET {url}: {m} (gave up after {} attempt{})",
                        attempt + 1,
                        if attempt == 0 { "" } else { "s" }
                    )))
                }
                Err(Failure::Retry(m)) => {
                    let delay = self.cfg.backoff.saturating_mul(1 << attempt.min(10));
                    tracing::warn!(url, attempt = attempt + 1, error = %m, ?delay, "harvest request failed; retrying");
                    std::thread::sleep(delay);
                    attempt += 1;
                }
            }
        }
    }

    fn once(
        &self,
        url: &reqwest::Url,
        accept: &str,
        conditional: Option<(Option<&str>, Option<&str>)>,
    ) -> std::result::Result<Fetched, Failure> {
        let mut req = self.client.get(url.clone()).header(header::ACCEPT, accept);
        if let Some((etag, lm)) = conditional {
            if let Some(e) = etag {
                req = req.header(header::IF_NONE_MATCH, e);
            }
            if let Some(l) = lm {
                req = req.header(header::IF_MODIFIED_SINCE, l);
            }
        }
        let resp = req.send().map_err(|e| classify(&e))?;
        let status = resp.status();
        let final_url = resp.url().to_string();
        let h = |n: header::HeaderName| {
            resp.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = h(header::CONTENT_TYPE).map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        let (etag, last_modified) = (h(header::ETAG), h(header::LAST_MODIFIED));
        if status.as_u16() == 304 {
            return Ok(Fetched {
                url: final_url,
                status: 304,
                content_type,
                body: Vec::new(),
                etag,
                last_modified,
            });
        }
        if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
            return Err(Failure::Retry(format!("HTTP {status}")));
        }
        if !status.is_success() {
            return Err(Failure::Fatal(format!("HTTP {status}")));
        }
        if let Some(len) = resp.content_length() {
            // Only a hint (gzip bodies grow), but a declared oversize body is not worth reading.
            if len > self.cfg.max_body && !is_compressed(resp.headers()) {
                return Err(Failure::Fatal(format!(
                    "the body ({len} bytes) is larger than the {} byte limit",
                    self.cfg.max_body
                )));
            }
        }
        let body = self.read_capped(resp)?;
        self.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
        Ok(Fetched {
            url: final_url,
            status: status.as_u16(),
            content_type,
            body,
            etag,
            last_modified,
        })
    }

    /// Reads at most `max_body` bytes; more aborts the transfer (an endless body ends here).
    fn read_capped(
        &self,
        mut resp: reqwest::blocking::Response,
    ) -> std::result::Result<Vec<u8>, Failure> {
        let mut body = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match resp.read(&mut buf) {
                Ok(0) => return Ok(body),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(Failure::Retry(format!(
                        "the body broke off after {} bytes: {}",
                        body.len(),
                        chain(&e)
                    )))
                }
            };
            if (body.len() + n) as u64 > self.cfg.max_body {
                return Err(Failure::Fatal(format!(
                    "the body exceeds the {} byte limit; transfer aborted",
                    self.cfg.max_body
                )));
            }
            body.extend_from_slice(&buf[..n]);
        }
    }
}

fn is_compressed(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_ENCODING).is_some()
}

/// The error and its causes, so "error sending request" says why.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

fn classify(e: &reqwest::Error) -> Failure {
    let msg = chain(e);
    if e.is_redirect() {
        Failure::Fatal(msg)
    } else if e.is_timeout() {
        Failure::Retry(format!("timed out: {msg}"))
    } else if e.is_connect() || e.is_request() || e.is_body() || e.is_decode() {
        Failure::Retry(msg)
    } else {
        Failure::Fatal(msg)
    }
}

/// Reads a local file for `file:` CSV sources, with the same size cap.
pub fn read_file(url: &str, max: u64) -> Result<Vec<u8>> {
    let path = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.to_file_path().ok())
        .ok_or_else(|| Error::Harvest(format!("{url}: not a local file URL")))?;
    let f = std::fs::File::open(&path).map_err(|e| Error::Input {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    let mut body = Vec::new();
    f.take(max + 1).read_to_end(&mut body)?;
    if body.len() as u64 > max {
        return Err(Error::Harvest(format!(
            "{}: larger than the {max} byte limit",
            path.display()
        )));
    }
    Ok(body)
}
