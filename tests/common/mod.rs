//! Helpers shared by the integration tests: a real on-disk store in a temp directory,
//! the real router, and request helpers.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use lienthong::server::{router, ServerConfig};
use lienthong::store::{Catalogue, ImportOptions};
use oxigraph::io::RdfFormat;
use tower::ServiceExt;

pub const TOKEN: &str = "test-admin-token";

/// A small catalogue with one public, one restricted and one private dataset.
pub const SAMPLE: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix vn: <https://w3id.org/lienthong/dcat-ap-vn#> .
<https://data.nghean.gov.vn/catalog/root> a dcat:Catalog ;
  dct:title "Danh mục dữ liệu tỉnh Nghệ An"@vi ;
  dcat:dataset <https://data.nghean.gov.vn/dataset/dat-dai>, <https://data.nghean.gov.vn/dataset/ho-tich>, <https://data.nghean.gov.vn/dataset/thanh-tra> .
<https://data.nghean.gov.vn/dataset/dat-dai> a dcat:Dataset ;
  dct:title "Quy hoạch sử dụng đất"@vi, "Land-use plan"@en ;
  dct:modified "2026-03-01"^^xsd:date ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
  dcat:distribution <https://data.nghean.gov.vn/distribution/dat-dai-csv> .
<https://data.nghean.gov.vn/distribution/dat-dai-csv> a dcat:Distribution ;
  dcat:byteSize "2048"^^xsd:nonNegativeInteger .
<https://data.nghean.gov.vn/dataset/ho-tich> a dcat:Dataset ;
  dct:title "Sổ hộ tịch điện tử"@vi ;
  dct:modified "2024-05-01"^^xsd:date ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/RESTRICTED> ;
  dcat:distribution <https://data.nghean.gov.vn/distribution/ho-tich-api> ;
  dcat:contactPoint [ a <http://www.w3.org/2006/vcard/ns#Kind> ; <http://www.w3.org/2006/vcard/ns#fn> "Bộ phận hộ tịch"@vi ] .
<https://data.nghean.gov.vn/distribution/ho-tich-api> a dcat:Distribution ;
  dct:title "API hộ tịch"@vi .
<https://data.nghean.gov.vn/dataset/thanh-tra> a dcat:Dataset ;
  dct:title "Đơn thư khiếu nại, tố cáo"@vi ;
  vn:accessScope <https://w3id.org/lienthong/code/access-scope/dung-rieng> .
"#;

pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub cat: Catalogue,
}

pub fn store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    // In memory only in a build without RocksDB (a quick `--no-default-features` clippy run).
    #[cfg(feature = "rocksdb")]
    let cat = Catalogue::open(dir.path().join("store")).expect("open store");
    #[cfg(not(feature = "rocksdb"))]
    let cat = Catalogue::in_memory().expect("in-memory store");
    TestStore { dir, cat }
}

pub fn sample_store() -> TestStore {
    let s = store();
    let opts = ImportOptions {
        graph: Some("https://w3id.org/lienthong/graph/import/sample".into()),
        format: Some(RdfFormat::Turtle),
        ..ImportOptions::default()
    };
    lienthong::store::import_reader(&s.cat, SAMPLE.as_bytes(), "sample.ttl", &opts, None)
        .expect("import sample");
    s
}

pub fn app(cat: &Catalogue) -> axum::Router {
    router(
        cat.clone(),
        ServerConfig {
            admin_token: Some(TOKEN.into()),
            ..ServerConfig::default()
        },
    )
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.expect("router answers");
    let status = resp.status();
    let headers = resp.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("body");
    Reply {
        status,
        content_type,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// A `lienthong serve` child process, killed when dropped.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 GET (Connection: close), returning status and body.
pub fn http_get(port: u16, path: &str, accept: &str) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// Starts the real binary (`serve` plus `extra` arguments) on a free port and waits for /healthz.
pub fn serve(store: &std::path::Path, extra: &[&str]) -> Server {
    let port = free_port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_lienthong"))
        .arg("--store")
        .arg(store)
        .arg("serve")
        .args(extra)
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .env("LIENTHONG_ADMIN_TOKEN", TOKEN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start lienthong serve");
    let server = Server { child, port };
    let start = std::time::Instant::now();
    while !matches!(http_get(port, "/healthz", "application/json"), Ok((200, _))) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "the server did not come up"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    server
}
