//! Helpers shared by every integration test: a real on-disk store in a temp directory, the
//! real router driven in process, conformance preconditions, and the submodules for what
//! runs over real sockets ([`http`]: the one HTTP client and the one way to start
//! `lienthong serve`; [`mock`]: a fake source/peer server; [`harvest`] and [`region`]).
#![allow(dead_code)]

pub mod harvest;
pub mod http;
pub mod mock;
#[cfg(feature = "rocksdb")]
pub mod region;

#[allow(unused_imports)] // some are used only by the RocksDB-gated modules
pub use http::{client, dead_port, http, http_get, serve, DeadPort, Server};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use lienthong::ingest::ImportOptions;
use lienthong::server::{router, ServerConfig};
use lienthong::store::Catalogue;
use oxigraph::io::RdfFormat;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
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

// ---------------------------------------------------------------------------------------
// Stores

/// A catalogue in a temp directory (removed when dropped).
pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub cat: Catalogue,
}

impl TestStore {
    /// The directory guard and the catalogue, for tests that hold them apart.
    pub fn into_parts(self) -> (tempfile::TempDir, Catalogue) {
        (self.dir, self.cat)
    }
}

/// A real on-disk store in a temp directory (in memory only in a build without RocksDB:
/// a quick `--no-default-features` run).
pub fn store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    #[cfg(feature = "rocksdb")]
    let cat = Catalogue::open(dir.path().join("store")).expect("open store");
    #[cfg(not(feature = "rocksdb"))]
    let cat = Catalogue::in_memory().expect("in-memory store");
    TestStore { dir, cat }
}

/// [`store`] loaded with [`SAMPLE`].
pub fn sample_store() -> TestStore {
    let s = store();
    let opts = ImportOptions {
        graph: Some("https://w3id.org/lienthong/graph/import/sample".into()),
        format: Some(RdfFormat::Turtle),
        ..ImportOptions::default()
    };
    lienthong::ingest::import_reader(&s.cat, SAMPLE.as_bytes(), "sample.ttl", &opts, None)
        .expect("import sample");
    s
}

// ---------------------------------------------------------------------------------------
// The router, in process (no socket)

/// The real router over `cat`, with [`TOKEN`] as the admin token.
pub fn app(cat: &Catalogue) -> axum::Router {
    router(
        cat.clone(),
        ServerConfig {
            admin_token: Some(TOKEN.into()),
            ..ServerConfig::default()
        },
    )
}

/// What the in-process router answered (see [`send`]).
pub struct RouterReply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// One request through the router, in process.
pub async fn send(app: &axum::Router, req: Request<Body>) -> RouterReply {
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
    RouterReply {
        status,
        content_type,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A GET request for [`send`].
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

// ---------------------------------------------------------------------------------------
// The real binary

/// The `lienthong` binary, ready for arguments.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lienthong"))
}

/// Runs `cmd` and fails the test with its stderr unless it succeeds.
pub fn run_ok(cmd: &mut Command) {
    let out = cmd.output().expect("run lienthong");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file of the repository (`CARGO_MANIFEST_DIR`-relative).
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

// ---------------------------------------------------------------------------------------
// Conformance preconditions

/// Whether this run is under CI (`CI=true`), where every conformance check must run.
pub fn under_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// A conformance precondition: `ok` says whether `what` is there. When it is not, the test
/// fails under CI (`CI=true`: a check that silently did not run is a failure there) and is
/// skipped loudly otherwise. Returns `ok`; callers return early on `false`.
pub fn require(ok: bool, what: &str) -> bool {
    if !ok {
        if under_ci() {
            panic!("{what} is missing under CI (CI=true): this conformance check must run");
        }
        // Straight to stderr, past the test harness's capture: a skip shows in `cargo test`.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {what} is missing; this conformance check did NOT run (under CI=true it fails)"
        );
    }
    ok
}

/// `rel` inside the shared conformance folder (`$LIENTHONG_SHARED`, else `../shared` next
/// to the repository or next to its worktree's parent), if present.
pub fn find_shared(rel: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        std::env::var_os("LIENTHONG_SHARED").map(PathBuf::from),
        Some(root.join("../shared")),
        Some(root.join("../../shared")),
    ]
    .into_iter()
    .flatten()
    .map(|d| d.join(rel))
    .find(|p| p.exists())
}

/// [`find_shared`] as a precondition (see [`require`]).
pub fn require_shared(rel: &str) -> Option<PathBuf> {
    let found = find_shared(rel);
    require(found.is_some(), &format!("../shared/{rel}")).then(|| found.unwrap())
}

/// Whether `python3` can import `module`.
pub fn has_python(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// [`has_python`] as a precondition (see [`require`]).
pub fn require_python(module: &str) -> bool {
    require(has_python(module), &format!("python3 with {module}"))
}
