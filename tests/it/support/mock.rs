//! Fake servers for sources and peers: a real HTTP server on 127.0.0.1 (axum, own thread and
//! runtime, port from the OS) that serves CKAN Action API answers shaped like the real ones
//! in `shared/conformance/ckan` (envelope, package dicts, organization lists), static
//! documents and injected faults; raw TCP servers for what a well-behaved HTTP stack will
//! not send; a peer that answers late or with an error.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub enum MockReply {
    Body {
        status: u16,
        ctype: String,
        body: Vec<u8>,
        etag: Option<String>,
    },
    /// Answers after this long (longer than the client's timeout: a timeout).
    Sleep(Duration),
    /// Streams forever.
    Endless,
    /// Declares a long body, sends a little, then breaks the connection.
    Truncated,
    Redirect(String),
    /// A gzip-compressed body sent with `Content-Encoding: gzip`.
    Gzipped {
        ctype: String,
        body: Vec<u8>,
    },
}

pub fn ok(ctype: &str, body: impl Into<Vec<u8>>) -> MockReply {
    MockReply::Body {
        status: 200,
        ctype: ctype.into(),
        body: body.into(),
        etag: None,
    }
}

pub fn status(code: u16) -> MockReply {
    MockReply::Body {
        status: code,
        ctype: "text/plain".into(),
        body: b"failure".to_vec(),
        etag: None,
    }
}

#[derive(Default)]
pub struct Ckan {
    pub packages: Vec<Value>,
    pub orgs: Vec<Value>,
    /// Answer organization_list with names only (forces organization_show).
    pub org_names_only: bool,
    /// package_search results without resources (forces package_show).
    pub search_without_resources: bool,
    pub content_type: Option<String>,
}

#[derive(Default)]
pub struct Mock {
    pub routes: HashMap<String, MockReply>,
    /// Faults: checked first, by "path?query" then by path.
    pub faults: HashMap<String, MockReply>,
    pub ckan: Option<Ckan>,
    pub hits: HashMap<String, u32>,
}

pub struct MockServer {
    pub port: u16,
    pub state: Arc<Mutex<Mock>>,
}

impl MockServer {
    pub fn start() -> Self {
        let state = Arc::new(Mutex::new(Mock::default()));
        let st = state.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap().port()).unwrap();
                let app = axum::Router::new().fallback(handle).with_state(st);
                axum::serve(listener, app).await.unwrap();
            });
        });
        let port = rx.recv().unwrap();
        Self { port, state }
    }
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
    pub fn set(&self, path: &str, r: MockReply) {
        self.state.lock().unwrap().routes.insert(path.into(), r);
    }
    pub fn fault(&self, path: &str, r: MockReply) {
        self.state.lock().unwrap().faults.insert(path.into(), r);
    }
    pub fn clear_faults(&self) {
        self.state.lock().unwrap().faults.clear();
    }
    pub fn hits(&self, path: &str) -> u32 {
        *self.state.lock().unwrap().hits.get(path).unwrap_or(&0)
    }
    pub fn ckan(&self, f: impl FnOnce(&mut Ckan)) {
        let mut st = self.state.lock().unwrap();
        f(st.ckan.get_or_insert_with(Ckan::default));
    }
}

fn reply(r: MockReply, headers: &HeaderMap) -> Response {
    match r {
        MockReply::Body {
            status,
            ctype,
            body,
            etag,
        } => {
            if let (Some(e), Some(inm)) = (&etag, headers.get("if-none-match")) {
                if inm.to_str().ok() == Some(e.as_str()) {
                    return StatusCode::NOT_MODIFIED.into_response();
                }
            }
            let mut resp = (StatusCode::from_u16(status).unwrap(), body).into_response();
            resp.headers_mut()
                .insert("content-type", ctype.parse().unwrap());
            if let Some(e) = etag {
                resp.headers_mut().insert("etag", e.parse().unwrap());
            }
            resp
        }
        MockReply::Sleep(_) => unreachable!("handled by the caller"),
        MockReply::Endless | MockReply::Truncated => unreachable!("served by RawServer"),
        MockReply::Gzipped { ctype, body } => Response::builder()
            .header("content-type", ctype)
            .header("content-encoding", "gzip")
            .body(Body::from(body))
            .unwrap(),
        MockReply::Redirect(to) => Response::builder()
            .status(302)
            .header("location", to)
            .body(Body::empty())
            .unwrap(),
    }
}

/// A raw TCP server for what a well-behaved HTTP stack will not send: a body that never
/// ends, or one that breaks off before its declared length.
pub struct RawServer {
    pub port: u16,
}

impl RawServer {
    pub fn start(kind: MockReply) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut c) = conn else { continue };
                let kind = kind.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let mut req = Vec::new();
                    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                        match c.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => req.extend_from_slice(&buf[..n]),
                        }
                    }
                    match kind {
                        MockReply::Endless => {
                            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nConnection: close\r\n\r\n");
                            let chunk =
                                "<https://x.vn/d> <http://purl.org/dc/terms/title> \"endless\" .\n"
                                    .repeat(1000);
                            while c.write_all(chunk.as_bytes()).is_ok() {}
                        }
                        _ => {
                            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n{\"success\": true, \"result\": {\"count\": 4, \"results\": [");
                            let _ = c.flush();
                        }
                    }
                });
            }
        });
        Self { port }
    }
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

async fn handle(State(st): State<Arc<Mutex<Mock>>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    let full = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.clone(),
    };
    let r = {
        let mut s = st.lock().unwrap();
        *s.hits.entry(path.clone()).or_default() += 1;
        let fault = s.faults.get(&full).or_else(|| s.faults.get(&path)).cloned();
        match fault {
            Some(f) => Ok(f),
            None if path.starts_with("/api/3/action/") && s.ckan.is_some() => Err(ckan_answer(
                s.ckan.as_ref().unwrap(),
                &path,
                uri.query().unwrap_or(""),
            )),
            None => Ok(s
                .routes
                .get(&full)
                .or_else(|| s.routes.get(&path))
                .cloned()
                .unwrap_or_else(|| status(404))),
        }
    };
    match r {
        Ok(MockReply::Sleep(d)) => {
            tokio::time::sleep(d).await;
            reply(ok("application/json", "{}"), &headers)
        }
        Ok(r) => reply(r, &headers),
        Err(resp) => resp,
    }
}

fn param(q: &str, k: &str) -> Option<String> {
    form_urlencoded::parse(q.as_bytes())
        .find(|(a, _)| a == k)
        .map(|(_, v)| v.into_owned())
}

fn envelope(action: &str, result: Value) -> Value {
    json!({"help": format!("https://data.nghean.gov.vn/api/3/action/help_show?name={action}"), "success": true, "result": result})
}

fn not_found(action: &str) -> Response {
    let body = json!({"help": action, "success": false, "error": {"__type": "Not Found Error", "message": "Not found"}});
    (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
}

fn ckan_answer(c: &Ckan, path: &str, q: &str) -> Response {
    let action = path.trim_start_matches("/api/3/action/");
    let body = match action {
        "package_search" => {
            let rows: usize = param(q, "rows").and_then(|v| v.parse().ok()).unwrap_or(10);
            let start: usize = param(q, "start").and_then(|v| v.parse().ok()).unwrap_or(0);
            let mut sorted: Vec<&Value> = c.packages.iter().collect();
            sorted.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
            let results: Vec<Value> = sorted
                .into_iter()
                .skip(start)
                .take(rows)
                .map(|p| {
                    let mut p = p.clone();
                    if c.search_without_resources {
                        p.as_object_mut().unwrap().remove("resources");
                    }
                    p
                })
                .collect();
            envelope(
                action,
                json!({"count": c.packages.len(), "sort": "id asc", "facets": {}, "results": results, "search_facets": {}}),
            )
        }
        "package_show" => {
            let id = param(q, "id").unwrap_or_default();
            match c
                .packages
                .iter()
                .find(|p| p["id"] == id.as_str() || p["name"] == id.as_str())
            {
                Some(p) => envelope(action, p.clone()),
                None => return not_found(action),
            }
        }
        "organization_list" => {
            let limit: usize = param(q, "limit")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000);
            let offset: usize = param(q, "offset").and_then(|v| v.parse().ok()).unwrap_or(0);
            let page: Vec<Value> = c
                .orgs
                .iter()
                .skip(offset)
                .take(limit)
                .map(|o| {
                    if c.org_names_only {
                        o["name"].clone()
                    } else {
                        o.clone()
                    }
                })
                .collect();
            envelope(action, Value::Array(page))
        }
        "organization_show" => {
            let id = param(q, "id").unwrap_or_default();
            match c
                .orgs
                .iter()
                .find(|o| o["id"] == id.as_str() || o["name"] == id.as_str())
            {
                Some(o) => envelope(action, o.clone()),
                None => return not_found(action),
            }
        }
        _ => return not_found(action),
    };
    let mut resp = axum::Json(body).into_response();
    if let Some(ct) = &c.content_type {
        resp.headers_mut()
            .insert("content-type", ct.parse().unwrap());
    }
    resp
}

/// Agencies of Nghệ An, as CKAN organizations.
pub fn orgs() -> Vec<Value> {
    [
        ("0a1", "so-y-te", "Sở Y tế tỉnh Nghệ An", "000.10.00.H40"),
        ("0a2", "so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", "000.05.00.H40"),
        ("0a3", "so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "000.09.00.H40"),
    ]
    .iter()
    .map(|(id, name, title, code)| {
        // The electronic identifier code (QĐ 20/2020) rides in an extra, as CKAN has no field for it.
        json!({"id": id, "name": name, "title": title, "display_name": title, "description": format!("{title} — cơ quan chuyên môn thuộc UBND tỉnh Nghệ An"),
               "is_organization": true, "state": "active", "type": "organization", "approval_status": "approved",
               "created": "2025-07-01T08:00:00.000000", "image_url": "",
               "extras": [{"key": "ma_dinh_danh", "value": code, "state": "active"}]})
    })
    .collect()
}

/// A package dict shaped like CKAN 2.x `package_show` (demo.ckan.org / EnviDat fixtures).
pub fn package(i: usize, modified: &str) -> Value {
    let o = &orgs()[i % 3];
    let id = format!("{i:08}-5b55-49c6-9e7f-d886ad1f9dac");
    let mut p = json!({
        "id": id, "name": format!("du-lieu-{i}"), "title": format!("Bộ dữ liệu số {i} về đất đai xã Diễn Châu"),
        "notes": "Dữ liệu quy hoạch sử dụng đất cấp xã, cập nhật theo kỳ.", "type": "dataset", "state": "active",
        "private": false, "isopen": true, "license_id": "cc-by", "license_title": "Creative Commons Attribution",
        "license_url": "http://www.opendefinition.org/licenses/cc-by",
        "metadata_created": "2025-09-01T07:00:00.000000", "metadata_modified": modified,
        "maintainer": "Phòng Dữ liệu", "maintainer_email": "dulieu@nghean.gov.vn", "author": "", "author_email": "",
        "url": "", "version": "1.0", "owner_org": o["id"], "organization": o,
        "tags": [{"name": "đất đai", "display_name": "đất đai", "state": "active", "vocabulary_id": null}, {"name": "quy hoạch", "display_name": "quy hoạch"}],
        "groups": [{"name": "dat-dai", "title": "Đất đai", "display_name": "Đất đai"}],
        "extras": [{"key": "frequency", "value": "ANNUAL"}, {"key": "nam_ban_hanh", "value": "2025"}],
        "num_resources": 1, "num_tags": 2
    });
    let extra = json!({
        "relationships_as_object": [], "relationships_as_subject": [],
        "resources": [{"id": format!("r{i}"), "package_id": id, "name": format!("du-lieu-{i}.csv"), "format": "CSV",
            "url": format!("https://data.nghean.gov.vn/dataset/{id}/resource/r{i}/download/du-lieu-{i}.csv"),
            "url_type": "upload", "mimetype": "text/csv", "size": 2048 + i, "hash": "", "state": "active",
            "created": "2025-09-01T07:00:00.000000", "last_modified": null, "position": 0, "description": "Tệp CSV"}]
    });
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

/// A peer that accepts connections and then answers after `delay` with `status`.
pub fn fake_peer(status: u16, delay: Duration) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let _ = conn.set_read_timeout(Some(Duration::from_millis(500)));
                let _ = conn.read(&mut buf);
                std::thread::sleep(delay);
                let body = "peer failure";
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status} Oops\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    port
}
