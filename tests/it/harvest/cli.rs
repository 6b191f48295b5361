//! The real binary: `sources add|list|show|disable|enable|remove`, `harvest SOURCE|--all`,
//! and `serve` running a source on its schedule, with the runs listed at /api/harvest.

use crate::support::mock::*;
use std::process::Command;

fn lt(store: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lienthong"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env("LIENTHONG_HARVEST_RATE_MS", "0")
        .env("LIENTHONG_HARVEST_RETRIES", "0")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Two datasets as a partner's plain DCAT feed might list them: no publisher, no description.
fn feed(srv: &MockServer) {
    srv.set(
        "/feed.ttl",
        ok(
            "text/turtle",
            "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n\
             <https://data.nghean.gov.vn/dataset/du-lich> a dcat:Dataset ; dct:title \"Điểm du lịch\"@vi .\n\
             <https://data.nghean.gov.vn/dataset/truong-hoc> a dcat:Dataset ; dct:title \"Trường học\"@vi .\n",
        ),
    );
}

/// The same feed once the agencies completed it (DCAT-AP-VN: publisher, Vietnamese
/// description, the publisher's name and electronic identifier code).
fn fixed_feed(srv: &MockServer) {
    srv.set(
        "/feed.ttl",
        ok(
            "text/turtle",
            "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n\
             @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix na: <https://data.nghean.gov.vn/agency/> .\n\
             <https://data.nghean.gov.vn/dataset/du-lich> a dcat:Dataset ; dct:title \"Điểm du lịch\"@vi ;\n\
               dct:description \"Danh sách điểm du lịch tỉnh Nghệ An\"@vi ; dct:publisher na:so-van-hoa-the-thao-va-du-lich .\n\
             <https://data.nghean.gov.vn/dataset/truong-hoc> a dcat:Dataset ; dct:title \"Trường học\"@vi ;\n\
               dct:description \"Danh sách trường học các cấp\"@vi ; dct:publisher na:so-giao-duc-va-dao-tao .\n\
             na:so-van-hoa-the-thao-va-du-lich a foaf:Organization ; foaf:name \"Sở Văn hóa, Thể thao và Du lịch\"@vi ; dct:identifier \"000.12.00.H40\" .\n\
             na:so-giao-duc-va-dao-tao a foaf:Organization ; foaf:name \"Sở Giáo dục và Đào tạo\"@vi ; dct:identifier \"000.09.00.H40\" .\n",
        ),
    );
}

#[test]
fn sources_and_harvest_commands() {
    let srv = MockServer::start();
    feed(&srv);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (ok_, _, err) = lt(
        &store,
        &[
            "sources",
            "add",
            "feed",
            "--kind",
            "dcat",
            "--url",
            &srv.url("/feed.ttl"),
            "--schedule",
            "6h",
            "--agency",
            "https://data.nghean.gov.vn/agency/so-khcn",
        ],
    );
    assert!(ok_, "{err}");
    let (ok_, _, err) = lt(
        &store,
        &[
            "sources", "add", "Bad Id", "--kind", "dcat", "--url", "http://x",
        ],
    );
    assert!(!ok_ && err.contains("lower-case ASCII slug"), "{err}");
    let (ok_, _, err) = lt(
        &store,
        &[
            "sources",
            "add",
            "x",
            "--kind",
            "dcat",
            "--url",
            "http://x",
            "--schedule",
            "every tuesday",
        ],
    );
    assert!(!ok_ && err.contains("neither an interval"), "{err}");
    let (_, out, _) = lt(&store, &["sources", "list"]);
    assert!(
        out.contains("feed")
            && out.contains("dcat")
            && out.contains("enabled")
            && out.contains("6h"),
        "{out}"
    );

    // The default policy quarantines what fails the DCAT-AP-VN shapes, with its report.
    let (ok_, _, err) = lt(&store, &["harvest", "feed"]);
    assert!(ok_, "{err}");
    assert!(
        err.contains("feed: succeeded") && err.contains("added 0") && err.contains("invalid 2"),
        "{err}"
    );
    assert!(err.contains("quarantine list --source feed"), "{err}");
    let (ok_, out, err) = lt(&store, &["quarantine", "list", "--source", "feed"]);
    assert!(ok_, "{err}");
    assert!(
        out.contains("dataset/du-lich") && out.contains("dataset/truong-hoc"),
        "{out}"
    );
    // Fixed at the source: the next run lets the records in and empties the quarantine.
    fixed_feed(&srv);
    let (ok_, _, err) = lt(&store, &["harvest", "feed"]);
    assert!(
        ok_ && err.contains("added 4") && err.contains("invalid 0"),
        "{err}"
    );
    let (_, out, _) = lt(&store, &["quarantine", "list", "--source", "feed"]);
    assert!(!out.contains("dataset/du-lich"), "{out}");
    let (ok_, _, err) = lt(&store, &["harvest", "--all"]);
    assert!(ok_ && err.contains("unchanged 4"), "{err}");

    // A failing source: non-zero exit, the reason on stderr, recorded in `sources show`.
    srv.set("/feed.ttl", status(500));
    let (ok_, _, err) = lt(&store, &["harvest", "feed"]);
    assert!(
        !ok_ && err.contains("feed: failed") && err.contains("HTTP 500"),
        "{err}"
    );
    let (_, out, _) = lt(&store, &["sources", "show", "feed"]);
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["source"]["agency"],
        "https://data.nghean.gov.vn/agency/so-khcn"
    );
    assert_eq!(shown["runs"].as_array().unwrap().len(), 4);
    assert_eq!(shown["runs"][0]["status"], "failed");

    let (ok_, _, _) = lt(&store, &["sources", "disable", "feed"]);
    assert!(ok_);
    let (_, _, err) = lt(&store, &["harvest", "--all"]);
    assert!(err.contains("no enabled sources"), "{err}");
    let (ok_, _, err) = lt(&store, &["harvest", "nope"]);
    assert!(
        !ok_ && err.contains("no harvest source 'nope' (known: feed)"),
        "{err}"
    );
    let (ok_, _, _) = lt(&store, &["sources", "remove", "feed", "--purge"]);
    assert!(ok_);
    let (_, out, _) = lt(&store, &["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/lienthong/graph/source/feed> { ?s ?p ?o } }"]);
    assert!(out.contains("\n0"), "{out}");
}

#[test]
fn serve_runs_sources_on_their_schedule() {
    let srv = MockServer::start();
    feed(&srv);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (ok_, _, err) = lt(
        &store,
        &[
            "sources",
            "add",
            "feed",
            "--kind",
            "dcat",
            "--url",
            &srv.url("/feed.ttl"),
            "--schedule",
            "2s",
        ],
    );
    assert!(ok_, "{err}");
    let (ok_, _, err) = lt(
        &store,
        &[
            "sources",
            "add",
            "manual",
            "--kind",
            "dcat",
            "--url",
            &srv.url("/feed.ttl"),
        ],
    );
    assert!(ok_, "{err}");
    fixed_feed(&srv);
    let server = crate::support::serve(&store, &[]);
    let start = std::time::Instant::now();
    let runs = loop {
        let (code, body) = http_admin(server.port, "/api/harvest?source=feed");
        assert_eq!(code, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let runs = v["runs"].as_array().unwrap().clone();
        if runs.len() >= 2 {
            break runs;
        }
        assert!(
            start.elapsed().as_secs() < 30,
            "the scheduler did not run twice: {body}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(runs[1]["added"], 4, "{runs:?}");
    assert_eq!(runs[0]["unchanged"], 4, "{runs:?}");
    assert!(srv.hits("/feed.ttl") >= 2);
    // No schedule: never run by serve.
    let (_, body) = http_admin(server.port, "/api/harvest?source=manual");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["runs"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // Admin only; unknown sources are 404.
    let (code, _) =
        crate::support::http_get(server.port, "/api/harvest", "application/json").unwrap();
    assert_eq!(code, 401);
    let (code, _) = http_admin(server.port, "/api/harvest?source=nope");
    assert_eq!(code, 404);
}

/// GET as the administrator: status and body.
fn http_admin(port: u16, path: &str) -> (u16, String) {
    let auth = format!("Bearer {}", crate::support::TOKEN);
    crate::support::http(port, "GET", path, &[("authorization", &auth)], "")
}
