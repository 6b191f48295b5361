//! Federation with three live lienthong servers (nghe-an, ha-tinh, thanh-hoa, each from `gen`
//! with cross-province lineage), checked against one store holding the union; plus dead,
//! slow and erroring peers, SERVICE SILENT, and refusal of unregistered endpoints.
// A real on-disk store throughout: nothing to check in a build without RocksDB.
#![cfg(feature = "rocksdb")]

mod common;

use common::{serve, Server, TOKEN};
use lienthong::sparql::{run_query, QueryRequest};
use lienthong::store::{Access, Catalogue};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const PROVINCES: [&str; 3] = ["nghe-an", "ha-tinh", "thanh-hoa"];

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lienthong"))
}

fn run_ok(cmd: &mut Command) {
    let out = cmd.output().expect("run lienthong");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Generates one province's catalogue and imports it into `store` (and into `union`).
fn province_store(dir: &Path, slug: &str) -> std::path::PathBuf {
    let file = dir.join(format!("{slug}.nt"));
    run_ok(
        bin()
            .args([
                "gen",
                "--datasets",
                "240",
                "--province",
                slug,
                "--seed",
                "7",
                "--out",
            ])
            .arg(&file),
    );
    let store = dir.join(format!("store-{slug}"));
    run_ok(bin().arg("--store").arg(&store).arg("import").arg(&file));
    store
}

struct Region {
    _dir: tempfile::TempDir,
    servers: Vec<Server>,
    union: Catalogue,
}

fn region() -> Region {
    let dir = tempfile::tempdir().expect("temp dir");
    let stores: Vec<_> = PROVINCES
        .iter()
        .map(|p| province_store(dir.path(), p))
        .collect();
    let union_path = dir.path().join("store-union");
    for p in PROVINCES {
        run_ok(
            bin()
                .arg("--store")
                .arg(&union_path)
                .arg("import")
                .arg(dir.path().join(format!("{p}.nt"))),
        );
    }
    let servers: Vec<_> = stores.iter().map(|s| serve(s, &[])).collect();
    // nghe-an knows both partners.
    for (i, p) in PROVINCES.iter().enumerate().skip(1) {
        let r = add_peer(
            servers[0].port,
            p,
            &format!("http://127.0.0.1:{}", servers[i].port),
            10,
        );
        assert_eq!(r.0, 201, "{}", r.1);
    }
    let union = Catalogue::open(&union_path).expect("open union store");
    Region {
        _dir: dir,
        servers,
        union,
    }
}

fn client() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client")
}

fn add_peer(port: u16, id: &str, url: &str, timeout: u64) -> (u16, String) {
    let r = client()
        .post(format!("http://127.0.0.1:{port}/api/peers"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(
            serde_json::json!({ "id": id, "url": url, "name": id, "timeout_secs": timeout })
                .to_string(),
        )
        .send()
        .expect("POST /api/peers");
    (r.status().as_u16(), r.text().unwrap_or_default())
}

/// (status, lienthong-federation header, body)
fn sparql(port: u16, query: &str, extra: &str) -> (u16, String, String) {
    sparql_as(port, query, extra, None)
}

fn sparql_as(port: u16, query: &str, extra: &str, token: Option<&str>) -> (u16, String, String) {
    let mut req = client().post(format!("http://127.0.0.1:{port}/sparql{extra}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req
        .header("content-type", "application/sparql-query")
        .header("accept", "application/sparql-results+json")
        .body(query.to_string())
        .send()
        .expect("POST /sparql");
    let status = r.status().as_u16();
    let fed = r
        .headers()
        .get("lienthong-federation")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, fed, r.text().unwrap_or_default())
}

/// Rows of a SPARQL JSON answer as sorted "var=value" strings: a multiset to compare.
fn rows(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let mut out: Vec<String> = v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            let m: BTreeMap<_, _> = b
                .as_object()
                .expect("binding")
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap_or("").to_string()))
                .collect();
            format!("{m:?}")
        })
        .collect();
    out.sort();
    out
}

fn union_rows(union: &Catalogue, query: &str) -> Vec<String> {
    union_rows_as(union, query, Access::Public)
}

fn union_rows_as(union: &Catalogue, query: &str, access: Access) -> Vec<String> {
    let out = run_query(
        union,
        &QueryRequest::new(query, access),
        "application/sparql-results+json",
    )
    .expect("union query");
    rows(&String::from_utf8(out.body).expect("utf-8"))
}

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

/// A peer that accepts connections and then answers after `delay` with `status`.
fn fake_peer(status: u16, delay: Duration) -> u16 {
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

#[test]
fn dead_slow_and_erroring_peers_give_partial_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = province_store(dir.path(), "nghe-an");
    let server = serve(&store, &[]);
    let na = server.port;
    let dead = common::free_port(); // nothing listens there
    let slow = fake_peer(200, Duration::from_secs(30));
    let failing = fake_peer(500, Duration::ZERO);
    for (id, port) in [("dead", dead), ("slow", slow), ("failing", failing)] {
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
