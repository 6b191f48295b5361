//! Federation with three live lienthong servers (nghe-an, ha-tinh, thanh-hoa, each from `gen`
//! with cross-province lineage), checked against one store holding the union; plus dead,
//! slow and erroring peers, SERVICE SILENT, and refusal of unregistered endpoints.
// A real on-disk store throughout: nothing to check in a build without RocksDB.
#![cfg(feature = "rocksdb")]

use crate::support::region::*;
use crate::support::{bin, client, mock::fake_peer};
use crate::support::{serve, TOKEN};
use lienthong::store::Access;
use std::time::{Duration, Instant};

const TITLES: &str =
    "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?d ?t WHERE { ?d a dcat:Dataset ; dct:title ?t . FILTER(lang(?t) = 'vi') }";

#[test]
fn federation_with_three_live_servers() {
    let r = region();
    let [na, ht, th] = [r.servers[0].port, r.servers[1].port, r.servers[2].port];

    // Federated query: this node and every peer, merged = one store holding the union.
    let (status, fed, body) = sparql(na, TITLES, "?federated=1");
    assert_eq!(status, 200, "{body}");
    let expected = union_rows(&r.union, TITLES);
    assert!(
        expected.len() > 400,
        "the three provinces hold public datasets: {}",
        expected.len()
    );
    assert_eq!(
        rows(&body),
        expected,
        "federated answer = union store answer"
    );
    for node in ["local=ok", "ha-tinh=ok", "thanh-hoa=ok"] {
        assert!(fed.contains(node), "status of every node in {fed}");
    }

    // SERVICE to registered peers: the same answer, written by hand.
    let service = format!(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
         SELECT ?d ?t WHERE {{
           {{ ?d a dcat:Dataset ; dct:title ?t }}
           UNION {{ SERVICE <http://127.0.0.1:{ht}/sparql> {{ ?d a dcat:Dataset ; dct:title ?t }} }}
           UNION {{ SERVICE <http://127.0.0.1:{th}/sparql> {{ ?d a dcat:Dataset ; dct:title ?t }} }}
           FILTER(lang(?t) = 'vi') }}"
    );
    let (status, _, body) = sparql(na, &service, "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(rows(&body), expected, "SERVICE union = union store answer");

    // A federated COUNT through SERVICE equals the union's count.
    let count = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{
           {{ ?d a <http://www.w3.org/ns/dcat#Dataset> }}
           UNION {{ SERVICE <http://127.0.0.1:{ht}/sparql> {{ ?d a <http://www.w3.org/ns/dcat#Dataset> }} }}
           UNION {{ SERVICE <http://127.0.0.1:{th}/sparql> {{ ?d a <http://www.w3.org/ns/dcat#Dataset> }} }} }}"
    );
    let (_, _, body) = sparql(na, &count, "");
    assert_eq!(
        rows(&body),
        union_rows(
            &r.union,
            "SELECT (COUNT(*) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }"
        )
    );

    // Cross-province lineage, end to end through SERVICE: a Nghệ An dataset derived from a
    // Hà Tĩnh one, whose title only Hà Tĩnh holds. (The Nghệ An end is a shared-use record:
    // the administrator asks; Hà Tĩnh is asked anonymously, no token being configured.)
    let chain = format!(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dct: <http://purl.org/dc/terms/>
         SELECT ?d ?up ?t WHERE {{
           ?d prov:wasDerivedFrom ?up . FILTER(STRSTARTS(STR(?up), 'https://data.hatinh.gov.vn/'))
           SERVICE <http://127.0.0.1:{ht}/sparql> {{ ?up dct:title ?t }} }}"
    );
    let (status, _, body) = sparql_as(na, &chain, "", Some(TOKEN));
    assert_eq!(status, 200, "{body}");
    let chain_rows = rows(&body);
    assert!(
        !chain_rows.is_empty(),
        "Nghệ An → Hà Tĩnh lineage resolved through the peer"
    );
    let union_chain = union_rows_as(
        &r.union,
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dct: <http://purl.org/dc/terms/>
         SELECT ?d ?up ?t WHERE { GRAPH ?g1 { ?d prov:wasDerivedFrom ?up } FILTER(STRSTARTS(STR(?up), 'https://data.hatinh.gov.vn/') && STRSTARTS(STR(?d), 'https://data.nghean.gov.vn/'))
           GRAPH ?g2 { ?up dct:title ?t } FILTER(!STRENDS(STR(?g2), '/restricted')) }",
        Access::Admin,
    );
    assert_eq!(chain_rows, union_chain);

    // An endpoint that is not a registered peer is refused, even with SILENT.
    for q in [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    ] {
        let (status, _, body) = sparql(na, q, "");
        assert_eq!(status, 403, "{body}");
        assert!(body.contains("not a registered peer"), "{body}");
    }

    // The peers registry is public and lists the partners with their catalogues.
    let list: serde_json::Value = client()
        .get(format!("http://127.0.0.1:{na}/api/peers"))
        .send()
        .and_then(|r| r.json())
        .expect("GET /api/peers");
    let ids: Vec<_> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["ha-tinh", "thanh-hoa"]);
    assert_eq!(
        list[0]["catalog"], "https://data.hatinh.gov.vn/catalog/root",
        "{list}"
    );

    // Anonymous callers may not change the registry.
    let anon = client()
        .post(format!("http://127.0.0.1:{na}/api/peers"))
        .body("{}")
        .send()
        .expect("POST");
    assert_eq!(anon.status().as_u16(), 401);
}

#[test]
fn dead_slow_and_erroring_peers_give_partial_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = province_store(dir.path(), "nghe-an");
    let server = serve(&store, &[]);
    let na = server.port;
    let dead = crate::support::dead_port(); // bound, not listening: connections are refused
    let slow = fake_peer(200, Duration::from_secs(30));
    let failing = fake_peer(500, Duration::ZERO);
    for (id, port) in [("dead", dead.port), ("slow", slow), ("failing", failing)] {
        let (s, body) = add_peer(na, id, &format!("http://127.0.0.1:{port}"), 2);
        assert_eq!(s, 201, "{body}");
        assert!(
            body.contains("warning"),
            "an unreachable peer is registered with a warning: {body}"
        );
    }
    let local = sparql(na, TITLES, "").2;

    let start = Instant::now();
    let (status, fed, body) = sparql(na, TITLES, "?federated=1");
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "no hang: {:?}",
        start.elapsed()
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rows(&body),
        rows(&local),
        "partial answer = the nodes that answered"
    );
    assert!(fed.contains("local=ok"), "{fed}");
    for id in ["dead", "slow", "failing"] {
        assert!(
            fed.contains(&format!("{id}=error")),
            "{id} reported in {fed}"
        );
    }
    assert!(
        fed.contains("timed out"),
        "the slow peer's error says so: {fed}"
    );
    assert!(
        fed.contains("HTTP 500"),
        "the failing peer's error says so: {fed}"
    );

    // SERVICE to a failing peer: 502 naming the peer; SILENT: the local part alone.
    let q =
        format!("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{failing}/sparql> {{ ?s ?p ?o }} }}");
    let (status, _, body) = sparql(na, &q, "");
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("failing"), "{body}");
    let q = format!(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT (COUNT(?d) AS ?n) WHERE {{ ?d a dcat:Dataset
         SERVICE SILENT <http://127.0.0.1:{slow}/sparql> {{ ?x ?y ?z }} }}"
    );
    let start = Instant::now();
    let (status, _, body) = sparql(na, &q, "");
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "no hang: {:?}",
        start.elapsed()
    );
    assert_eq!(status, 200, "{body}");
    let (_, _, plain) = sparql(na, "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT (COUNT(?d) AS ?n) WHERE { ?d a dcat:Dataset }", "");
    assert_eq!(rows(&body), rows(&plain));
}

#[test]
fn peers_cli_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("s");
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args([
            "peers",
            "add",
            "ha-tinh",
            "http://127.0.0.1:9/sparql",
            "--name",
            "Hà Tĩnh",
            "--timeout",
            "1",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning"),
        "unreachable peer: warning"
    );
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["peers", "list"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("ha-tinh\tHà Tĩnh\thttp://127.0.0.1:9/sparql"),
        "{text}"
    );
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["peers", "add", "Bad Id", "http://x"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("slug"));
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["peers", "remove", "ha-tinh"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["peers", "remove", "ha-tinh"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    // Federated CLI query with no peers: the local answer and one status line.
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args([
            "query",
            "--federated",
            "--format",
            "csv",
            "SELECT (1 AS ?x) {}",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "x\r\n1\r\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("local: ok, 1 results"));
}
