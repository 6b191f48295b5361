//! The fault matrix: every fault fails the run with a clear error in its report (and in
//! graph/harvest-log), and leaves the previously harvested data exactly as it was.

use crate::support::{harvest::*, mock::*, store};
use lienthong::ingest::harvest::source::Kind;
use std::time::Duration;

fn ckan_setup() -> (MockServer, tempfile::TempDir, lienthong::store::Catalogue) {
    let srv = MockServer::start();
    srv.ckan(|c| {
        c.orgs = orgs();
        c.packages = (0..9)
            .map(|i| package(i, "2026-03-01T08:00:00.000000"))
            .collect();
    });
    let (dir, cat) = store().into_parts();
    let mut s = source("ckan", Kind::Ckan, &srv.url(""));
    s.page_size = Some(4);
    lienthong::ingest::harvest::source::save(&cat, &s).unwrap();
    let r = run(&cat, "ckan");
    assert_eq!((r.status.as_str(), r.added), ("succeeded", 13), "{r:?}");
    (srv, dir, cat)
}

/// Runs `id` with the fault in place, then checks the failure and that nothing moved.
fn assert_fails_cleanly(cat: &lienthong::store::Catalogue, id: &str, expect: &[&str]) {
    let before = snapshot(cat, id);
    assert!(!before.is_empty());
    let r = run(cat, id);
    assert_eq!(r.status, "failed", "{r:?}");
    let err = r.errors.first().cloned().unwrap_or_default();
    assert!(
        expect.iter().any(|e| err.contains(e)),
        "error {err:?} should mention one of {expect:?}"
    );
    assert_eq!((r.added, r.updated, r.removed), (0, 0, 0));
    assert_eq!(
        snapshot(cat, id),
        before,
        "the previous data must be intact"
    );
    let logged = lienthong::ingest::harvest::runs(cat, Some(id), 1).unwrap();
    assert_eq!(logged[0].status, "failed");
    assert_eq!(logged[0].errors.first(), Some(&err));
}

const PAGE2: &str = "/api/3/action/package_search?rows=4&start=4&sort=id+asc";

#[test]
fn http_500_after_retries() {
    let (srv, _d, cat) = ckan_setup();
    srv.fault(PAGE2, status(500));
    let hits = srv.hits("/api/3/action/package_search");
    assert_fails_cleanly(&cat, "ckan", &["HTTP 500"]);
    // Page 1, then page 2 twice (one retry).
    assert_eq!(srv.hits("/api/3/action/package_search") - hits, 3);
    srv.clear_faults();
    assert_eq!(
        run(&cat, "ckan").status,
        "succeeded",
        "recovers once the source does"
    );
}

#[test]
fn timeout() {
    let (srv, _d, cat) = ckan_setup();
    srv.fault(PAGE2, MockReply::Sleep(Duration::from_secs(4)));
    assert_fails_cleanly(&cat, "ckan", &["timed out"]);
}

#[test]
fn truncated_body() {
    let (srv, _d, cat) = ckan_setup();
    let raw = RawServer::start(MockReply::Truncated);
    srv.fault(PAGE2, MockReply::Redirect(raw.url("/page2")));
    assert_fails_cleanly(&cat, "ckan", &["broke off", "body"]);
}

#[test]
fn malformed_json() {
    let (srv, _d, cat) = ckan_setup();
    srv.fault(
        PAGE2,
        ok(
            "application/json",
            r#"{"success": true, "result": {"count": 9, "results": [{"id": "#,
        ),
    );
    assert_fails_cleanly(&cat, "ckan", &["malformed JSON at line 1"]);
}

#[test]
fn ckan_error_envelope() {
    let (srv, _d, cat) = ckan_setup();
    srv.fault(
        PAGE2,
        ok(
            "application/json",
            r#"{"success": false, "error": {"message": "Search index unavailable"}}"#,
        ),
    );
    assert_fails_cleanly(&cat, "ckan", &["CKAN error: Search index unavailable"]);
}

#[test]
fn redirect_loop() {
    let (srv, _d, cat) = ckan_setup();
    srv.fault(PAGE2, MockReply::Redirect(srv.url("/loop/a")));
    srv.fault("/loop/a", MockReply::Redirect(srv.url("/loop/b")));
    srv.fault("/loop/b", MockReply::Redirect(srv.url("/loop/a")));
    assert_fails_cleanly(&cat, "ckan", &["redirect loop"]);
}

#[test]
fn redirect_to_a_host_not_allowed() {
    let (srv, _d, cat) = ckan_setup();
    srv.fault(
        PAGE2,
        MockReply::Redirect(format!("http://localhost:{}/elsewhere", srv.port)),
    );
    assert_fails_cleanly(&cat, "ckan", &["leaves the allowed hosts"]);
    assert_eq!(
        srv.hits("/elsewhere"),
        0,
        "nothing outside the allowed hosts was fetched"
    );
}

#[test]
fn endless_body() {
    let (srv, _d, cat) = ckan_setup();
    let raw = RawServer::start(MockReply::Endless);
    srv.fault(PAGE2, MockReply::Redirect(raw.url("/forever")));
    assert_fails_cleanly(&cat, "ckan", &["exceeds the 1048576 byte limit"]);
}

#[test]
fn wrong_content_type_is_tolerated_when_the_body_parses() {
    let (srv, _d, cat) = ckan_setup();
    srv.ckan(|c| c.content_type = Some("text/html; charset=utf-8".into()));
    let before = snapshot(&cat, "ckan");
    let r = run(&cat, "ckan");
    assert_eq!((r.status.as_str(), r.unchanged), ("succeeded", 13), "{r:?}");
    assert_eq!(snapshot(&cat, "ckan"), before);
}

fn dcat_setup() -> (MockServer, tempfile::TempDir, lienthong::store::Catalogue) {
    let srv = MockServer::start();
    let page = |n: u32, next: Option<u32>| {
        let mut t = format!(
            "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n\
             <https://data.hatinh.gov.vn/dataset/{n}> a dcat:Dataset ; dct:title \"Dữ liệu {n}\"@vi .\n"
        );
        if let Some(x) = next {
            t.push_str(&format!(
                "<{}> a <http://www.w3.org/ns/hydra/core#PartialCollectionView> ; <http://www.w3.org/ns/hydra/core#next> <{}> .\n",
                srv.url(&format!("/feed?page={n}")),
                srv.url(&format!("/feed?page={x}"))
            ));
        }
        ok("text/turtle", t)
    };
    srv.set("/feed?page=1", page(1, Some(2)));
    srv.set("/feed?page=2", page(2, None));
    let (dir, cat) = store().into_parts();
    lienthong::ingest::harvest::source::save(
        &cat,
        &source("feed", Kind::Dcat, &srv.url("/feed?page=1")),
    )
    .unwrap();
    let r = run(&cat, "feed");
    assert_eq!(
        (r.status.as_str(), r.added, r.pages),
        ("succeeded", 2, 2),
        "{r:?}"
    );
    (srv, dir, cat)
}

#[test]
fn malformed_rdf() {
    let (srv, _d, cat) = dcat_setup();
    srv.fault(
        "/feed?page=2",
        ok(
            "text/turtle",
            "<https://x.vn/a> <http://purl.org/dc/terms/title> \"unterminated .",
        ),
    );
    assert_fails_cleanly(&cat, "feed", &["not parseable RDF"]);
}

#[test]
fn hydra_page_linking_back_to_itself() {
    let (srv, _d, cat) = dcat_setup();
    let own = srv.url("/feed?page=2");
    srv.fault(
        "/feed?page=2",
        ok(
            "text/turtle",
            format!("<https://data.hatinh.gov.vn/dataset/2> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Dữ liệu 2\" .\n<{own}> <http://www.w3.org/ns/hydra/core#next> <{}> .", srv.url("/feed?page=1")),
        ),
    );
    assert_fails_cleanly(&cat, "feed", &["Hydra paging cycle"]);
    srv.fault(
        "/feed?page=2",
        ok(
            "text/turtle",
            format!("<{own}> <http://www.w3.org/ns/hydra/core#next> <{own}> ."),
        ),
    );
    assert_fails_cleanly(&cat, "feed", &["Hydra paging cycle"]);
}

#[test]
fn rdf_with_a_wrong_content_type_is_read() {
    let (srv, _d, cat) = dcat_setup();
    srv.fault(
        "/feed?page=2",
        ok(
            "application/octet-stream",
            "<https://data.hatinh.gov.vn/dataset/2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n<https://data.hatinh.gov.vn/dataset/2> <http://purl.org/dc/terms/title> \"Dữ liệu 2\"@vi .\n",
        ),
    );
    let r = run(&cat, "feed");
    assert_eq!((r.status.as_str(), r.unchanged), ("succeeded", 2), "{r:?}");
}

#[test]
fn dcat_500_and_timeout() {
    let (srv, _d, cat) = dcat_setup();
    srv.fault("/feed?page=2", status(503));
    assert_fails_cleanly(&cat, "feed", &["HTTP 503"]);
    srv.fault("/feed?page=2", MockReply::Sleep(Duration::from_secs(4)));
    assert_fails_cleanly(&cat, "feed", &["timed out"]);
}
