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
    let cat = Catalogue::open(dir.path().join("store")).expect("open store");
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
