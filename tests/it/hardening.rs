//! Hostile and careless requests against the real router on a real on-disk store: bounded
//! paging, the right status for an unknown body format, `Vary: Authorization` everywhere,
//! peers shown without credentials, and a busy query pool that answers 503 at once.

use crate::support::{enc, get, send as call, store, TOKEN};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use lienthong::server::{router, ServerConfig};
use std::time::{Duration, Instant};

const DATA: &str = r#"
<https://data.nghean.gov.vn/dataset/dat-dai> a <http://www.w3.org/ns/dcat#Dataset> ;
  <http://purl.org/dc/terms/title> "Quy hoạch sử dụng đất"@vi .
<https://data.nghean.gov.vn/dataset/ho-tich> a <http://www.w3.org/ns/dcat#Dataset> ;
  <http://purl.org/dc/terms/title> "Sổ hộ tịch điện tử"@vi .
"#;

struct Fixture {
    _store: crate::support::TestStore,
    app: axum::Router,
}

/// The real router over a real store holding two datasets.
fn fixture(config: ServerConfig) -> Fixture {
    let s = store();
    s.cat
        .load_turtle_str(DATA, "https://w3id.org/lienthong/graph/import/hardening")
        .expect("load");
    let app = router(
        s.cat.clone(),
        ServerConfig {
            admin_token: Some(TOKEN.into()),
            ..config
        },
    );
    Fixture { _store: s, app }
}

#[tokio::test]
async fn huge_offsets_answer_400_and_the_server_stays_up() {
    let f = fixture(ServerConfig::default());
    for uri in [
        "/api/search?q=dat&page=100000000001&size=1000",
        "/api/search?page=11&size=1000",
        "/api/3/action/package_search?start=100000000000&rows=1000",
        "/api/3/action/package_search?start=9999&rows=2",
    ] {
        let r = call(&f.app, get(uri)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        assert!(
            r.body.contains("10000"),
            "{uri}: the limit is named: {}",
            r.body
        );
    }
    // The deepest allowed page still answers.
    let r = call(&f.app, get("/api/search?page=10&size=1000")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(&f.app, get("/healthz")).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_graph_store_body_in_an_unknown_format_is_415() {
    let f = fixture(ServerConfig::default());
    let req = Request::put("/store?default")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "text/x-unknown")
        .body(Body::from("<a> <b> <c> ."))
        .expect("request");
    let r = call(&f.app, req).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    assert!(r.body.contains("text/x-unknown"), "{}", r.body);
}

#[tokio::test]
async fn every_answer_varies_on_authorization() {
    let f = fixture(ServerConfig::default());
    for uri in [
        "/catalog",
        "/api/search?q=dat",
        "/store?default",
        "/api/peers",
        "/api/validation",
        "/sparql?query=ASK%7B%7D",
        "/api/lineage?id=missing",
    ] {
        let r = call(&f.app, get(uri)).await;
        let vary = r
            .headers
            .get(header::VARY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(vary.contains("authorization"), "{uri}: Vary is '{vary}'");
    }
}

#[tokio::test]
async fn peers_are_listed_without_credentials_and_the_timeout_only_to_the_admin() {
    let f = fixture(ServerConfig::default());
    // Port 9 (discard) on loopback: nothing answers, so discovery fails fast.
    let add = Request::post("/api/peers")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"id": "ha-tinh", "url": "http://hoa:bi-mat@127.0.0.1:9", "timeout_secs": 2}"#,
        ))
        .expect("request");
    let r = call(&f.app, add).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(!r.body.contains("bi-mat"), "{}", r.body);
    let anonymous = call(&f.app, get("/api/peers")).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.body.contains("bi-mat"), "{}", anonymous.body);
    assert!(!anonymous.body.contains("hoa"), "{}", anonymous.body);
    assert!(
        !anonymous.body.contains("timeout_secs"),
        "{}",
        anonymous.body
    );
    let admin = Request::get("/api/peers")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    let admin = call(&f.app, admin).await;
    assert!(admin.body.contains("\"timeout_secs\":2"), "{}", admin.body);
    assert!(!admin.body.contains("bi-mat"), "{}", admin.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_query_pool_answers_503_with_retry_after_and_cheap_routes_keep_answering() {
    let f = fixture(ServerConfig {
        query_workers: 1,
        query_queue_wait: Duration::from_millis(200),
        ..ServerConfig::default()
    });
    // A peer that takes 2 s to fail: a query calling it holds the only worker that long.
    let port = crate::support::mock::fake_peer(500, Duration::from_secs(2));
    let add = Request::post("/api/peers")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(
            r#"{{"id": "ha-tinh", "url": "http://127.0.0.1:{port}", "catalog": "http://127.0.0.1:{port}/catalog/root"}}"#
        )))
        .expect("request");
    assert_eq!(call(&f.app, add).await.status, StatusCode::CREATED);
    let slow =
        format!("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}");
    let uri = format!("/sparql?query={}", enc(&slow));
    let app = f.app.clone();
    let slow = tokio::spawn(async move { call(&app, get(&uri)).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t = Instant::now();
    let r = call(&f.app, get("/sparql?query=ASK%7B%7D")).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    assert_eq!(
        r.headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    for cheap in ["/healthz", "/catalog", "/api/search?q=dat"] {
        let t = Instant::now();
        let r = call(&f.app, get(cheap)).await;
        assert_eq!(r.status, StatusCode::OK, "{cheap}: {}", r.body);
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "{cheap}: {:?}",
            t.elapsed()
        );
    }
    let slow = slow.await.expect("slow query task");
    assert_eq!(slow.status, StatusCode::BAD_GATEWAY, "{}", slow.body);
    // The worker is free again.
    let r = call(&f.app, get("/sparql?query=ASK%7B%7D")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn health_tells_the_store_version_to_the_administrator_only() {
    let f = fixture(ServerConfig::default());
    let public = call(&f.app, get("/healthz")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("\"ok\""), "{}", public.body);
    assert!(!public.body.contains("store_version"), "{}", public.body);
    let admin = Request::get("/healthz")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    let admin = call(&f.app, admin).await;
    assert!(admin.body.contains("store_version"), "{}", admin.body);
}
