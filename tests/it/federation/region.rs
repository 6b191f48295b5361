//! Regional search, cross-province lineage and harvesting a peer, with three live servers
//! (nghe-an knows ha-tinh and thanh-hoa), checked against one store holding the union.
// A real on-disk store throughout: nothing to check in a build without RocksDB.
#![cfg(feature = "rocksdb")]

use crate::support::region::*;
use crate::support::serve;
use crate::support::{bin, enc, mock::fake_peer, run_ok};
use lienthong::lineage::{Direction, LineageService};
use lienthong::search::{attach, SearchRequest};
use lienthong::store::Access;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

fn host_node(iri: &str) -> &'static str {
    if iri.starts_with("https://data.nghean.gov.vn/") {
        "local"
    } else if iri.starts_with("https://data.hatinh.gov.vn/") {
        "ha-tinh"
    } else if iri.starts_with("https://data.thanhhoa.gov.vn/") {
        "thanh-hoa"
    } else {
        "?"
    }
}

fn strs<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x[key].as_str()).collect())
        .unwrap_or_default()
}

fn regional_search(r: &Region) {
    let na = r.servers[0].port;
    let index = attach(&r.union).expect("union index");
    for q in ["lũ lụt", "lu lut"] {
        let (status, v) = get_json(
            na,
            &format!("/api/search?q={}&scope=region&size=200", enc(q)),
            false,
        );
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["scope"], "region");
        let nodes = v["nodes"].as_array().expect("nodes");
        assert_eq!(strs(&v["nodes"], "node"), ["local", "ha-tinh", "thanh-hoa"]);
        for n in nodes {
            assert_eq!(n["state"], "ok", "{n}");
            assert!(n["results"].as_u64().unwrap_or(0) > 0, "{n}");
        }
        // Every hit names its node, which holds it.
        let hits = v["hits"].as_array().expect("hits");
        let mut by_node: BTreeMap<&str, usize> = BTreeMap::new();
        for h in hits {
            let iri = h["iri"].as_str().unwrap_or("");
            assert_eq!(h["node"].as_str(), Some(host_node(iri)), "{h}");
            *by_node.entry(host_node(iri)).or_default() += 1;
        }
        assert_eq!(
            by_node.len(),
            3,
            "hits from the three provinces: {by_node:?}"
        );
        // The same search over one index of the union: same total, same records, same facets.
        let mut req = SearchRequest::new(q);
        req.limit = 200;
        let union = index
            .search(&r.union, &req, Access::Public)
            .expect("union search");
        assert_eq!(v["total"].as_u64(), Some(union.total as u64), "{q}");
        let got: BTreeSet<&str> = hits.iter().filter_map(|h| h["iri"].as_str()).collect();
        let want: BTreeSet<&str> = union.hits.iter().map(|h| h.iri.as_str()).collect();
        assert_eq!(got, want, "{q}: regional hits = union hits");
        let facet = |vals: Vec<(String, u64)>| vals.into_iter().collect::<BTreeMap<_, _>>();
        let theme = facet(
            v["facets"]["theme"]
                .as_array()
                .expect("theme facet")
                .iter()
                .map(|f| {
                    (
                        f["value"].as_str().unwrap_or("").to_string(),
                        f["count"].as_u64().unwrap_or(0),
                    )
                })
                .collect(),
        );
        let union_theme = facet(
            union.facets["theme"]
                .iter()
                .map(|f| (f.value.clone(), f.count))
                .collect(),
        );
        assert_eq!(theme, union_theme, "facet counts summed over nodes");

        // Paging is over the merged list.
        let (_, page2) = get_json(
            na,
            &format!("/api/search?q={}&scope=region&size=5&page=2", enc(q)),
            false,
        );
        let ids = |hits: &[Value]| -> Vec<String> {
            hits.iter()
                .map(|h| h["iri"].as_str().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            ids(page2["hits"].as_array().expect("hits")),
            ids(&hits[5..10])
        );
    }
    // scope=local (the default): this node only.
    let (_, v) = get_json(na, "/api/search?q=lu+lut&scope=local", false);
    assert!(v.get("nodes").is_none());
    assert!(strs(&v["hits"], "iri")
        .iter()
        .all(|i| host_node(i) == "local"));
    // `scope` is also the sharing-level facet: its values filter, on every node.
    let (_, v) = get_json(na, "/api/search?q=lu+lut&scope=region&scope=mo", false);
    assert!(v["total"].as_u64().unwrap_or(0) > 0, "{v}");
    for f in v["facets"]["scope"].as_array().expect("scope facet") {
        assert_eq!(f["value"], "mo", "{f}");
    }
}

/// Nghệ An ds-100 ← Hà Tĩnh ds-99 ← Thanh Hóa ds-49 ← ... (see `gen`).
const NA_100: &str = "https://data.nghean.gov.vn/dataset/ds-0000100";
const HT_99: &str = "https://data.hatinh.gov.vn/dataset/ds-0000099";
const TH_49: &str = "https://data.thanhhoa.gov.vn/dataset/ds-0000049";
const TH_48: &str = "https://data.thanhhoa.gov.vn/dataset/ds-0000048";

fn node<'a>(l: &'a Value, id: &str) -> &'a Value {
    l["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["id"] == id))
        .unwrap_or_else(|| panic!("{id} not in {l}"))
}

fn cross_province_lineage(r: &Region) {
    let na = r.servers[0].port;
    // Nghệ An ds-100 is a restricted record: the administrator asks; the peers, having no
    // token configured, are asked anonymously (their ends of the chain are public).
    let path = format!("/api/lineage/{}?direction=up&depth=4", enc(NA_100));
    let (status, l) = get_json(na, &path, true);
    assert_eq!(status, 200, "{l}");
    let ht = node(&l, HT_99);
    assert_eq!(ht["external"], true);
    assert_eq!(ht["province"], "ha-tinh");
    assert!(ht["label"].as_str().is_some(), "the holder's title: {ht}");
    for (id, distance) in [(TH_49, 2), (TH_48, 3)] {
        let n = node(&l, id);
        assert_eq!(n["remote"], true, "{n}");
        assert_eq!(n["external"], true, "{n}");
        assert_eq!(n["province"], "thanh-hoa", "{n}");
        assert_eq!(n["side"], "upstream", "{n}");
        assert_eq!(n["distance"], distance, "{n}");
    }
    let edges: BTreeSet<(String, String)> = l["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap_or("").to_string(),
                e["to"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(edges.contains(&(HT_99.to_string(), NA_100.to_string())));
    assert!(edges.contains(&(TH_49.to_string(), HT_99.to_string())));
    let calls: Vec<(&str, bool)> = l["remote"]
        .as_array()
        .expect("remote calls")
        .iter()
        .map(|c| (c["peer"].as_str().unwrap_or(""), c["ok"] == true))
        .collect();
    assert!(calls.contains(&("ha-tinh", true)), "{calls:?}");
    assert!(calls.contains(&("thanh-hoa", true)), "{calls:?}");
    // Hà Tĩnh, asked directly (it has no peers), shows its own part with Thanh Hóa external.
    let (_, l2) = get_json(
        r.servers[1].port,
        &format!("/api/lineage/{}?direction=up&depth=3", enc(HT_99)),
        false,
    );
    assert_eq!(node(&l2, TH_49)["external"], true);
    assert_eq!(node(&l2, HT_99)["external"], false, "its own record: {l2}");
    // remote=0: this catalogue alone.
    let (_, local) = get_json(na, &format!("{path}&remote=0"), true);
    assert!(local["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .all(|n| n["remote"].is_null()));
    assert!(local.get("remote").is_none());

    // With the peers' tokens configured, the administrator's federated lineage equals the
    // lineage in one store holding the union.
    for (i, p) in PROVINCES.iter().enumerate().skip(1) {
        let url = format!("http://127.0.0.1:{}", r.servers[i].port);
        let (s, body) = add_peer_with(na, p, &url, 10, Some("LIENTHONG_ADMIN_TOKEN"));
        assert_eq!(s, 201, "{body}");
    }
    let svc = LineageService::new(r.union.clone());
    for (iri, direction) in [(NA_100, "up"), (HT_99, "up"), (NA_100, "both")] {
        let (status, l) = get_json(
            na,
            &format!("/api/lineage/{}?direction={direction}&depth=10", enc(iri)),
            true,
        );
        assert_eq!(status, 200, "{l}");
        let dir: Direction = direction.parse().expect("direction");
        let want = svc
            .lineage(iri, dir, 10, Access::Admin)
            .expect("union lineage");
        let want: BTreeSet<(String, usize)> = want
            .nodes
            .iter()
            .map(|n| (n.id.clone(), n.distance))
            .collect();
        let got: BTreeSet<(String, usize)> = l["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| {
                (
                    n["id"].as_str().unwrap_or("").to_string(),
                    n["distance"].as_u64().unwrap_or(0) as usize,
                )
            })
            .collect();
        assert_eq!(got, want, "{iri} {direction}: federated = union");
    }
}

/// Harvesting Hà Tĩnh's SPARQL endpoint into another node: its datasets land in the
/// source's graph (named after the peer), none in the harvesting province's graphs, and
/// `/catalog` lists Hà Tĩnh's catalogue under ours.
fn harvest_keeps_the_peers_graph(r: &Region) {
    let ht = r.servers[1].port;
    let portal = r.dir.path().join("store-portal");
    run_ok(
        bin()
            .arg("--store")
            .arg(&portal)
            .arg("import")
            .arg(r.dir.path().join("nghe-an.nt")),
    );
    let url = format!("http://127.0.0.1:{ht}");
    run_ok(
        bin()
            .arg("--store")
            .arg(&portal)
            .args(["peers", "add", "ha-tinh", &url]),
    );
    run_ok(bin().arg("--store").arg(&portal).args([
        "sources",
        "add",
        "ha-tinh",
        "--kind",
        "sparql",
        "--url",
        &format!("{url}/sparql"),
        "--policy",
        "accept",
    ]));
    run_ok(
        bin()
            .arg("--store")
            .arg(&portal)
            .args(["harvest", "ha-tinh"]),
    );
    let cat = lienthong::store::Catalogue::open(&portal).expect("open portal store");
    let (_, _, peer_count) = sparql(
        ht,
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }",
        "",
    );
    let graphs = union_rows_as(
        &cat,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a <http://www.w3.org/ns/dcat#Dataset> }
           FILTER(STRSTARTS(STR(?d), 'https://data.hatinh.gov.vn/')) }",
        Access::Admin,
    );
    assert_eq!(
        graphs,
        ["{\"g\": \"https://w3id.org/lienthong/graph/source/ha-tinh\"}"],
        "Hà Tĩnh's datasets are in the peer's own graph only"
    );
    let harvested = union_rows_as(
        &cat,
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH <https://w3id.org/lienthong/graph/source/ha-tinh> { ?d a <http://www.w3.org/ns/dcat#Dataset> } }",
        Access::Admin,
    );
    assert_eq!(harvested, rows(&peer_count), "every dataset the peer shows");
    let app = crate::support::app(&cat);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let feed = rt.block_on(crate::support::send(
        &app,
        axum::http::Request::get("/catalog?format=nt&page_size=1000")
            .body(axum::body::Body::empty())
            .expect("request"),
    ));
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert!(
        feed.body.contains("<https://data.nghean.gov.vn/catalog/root> <http://www.w3.org/ns/dcat#catalog> <https://data.hatinh.gov.vn/catalog/root>"),
        "the root catalogue lists the peer's: {}",
        &feed.body[..feed.body.len().min(2000)]
    );
}

#[test]
fn regional_search_lineage_and_harvest_with_three_live_servers() {
    let r = region();
    regional_search(&r);
    harvest_keeps_the_peers_graph(&r);
    // Last: it gives nghe-an the peers' tokens.
    cross_province_lineage(&r);
}

#[test]
fn a_dead_slow_or_failing_peer_gives_a_partial_regional_answer_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = province_store(dir.path(), "nghe-an");
    let server = serve(&store, &[]);
    let na = server.port;
    let dead = crate::support::dead_port(); // bound, not listening: connections are refused
    let slow = fake_peer(200, Duration::from_secs(30));
    let failing = fake_peer(500, Duration::ZERO);
    // ha-tinh is dead: lineage into it must fail softly too.
    for (id, port) in [("ha-tinh", dead.port), ("slow", slow), ("failing", failing)] {
        let (s, body) = add_peer(na, id, &format!("http://127.0.0.1:{port}"), 2);
        assert_eq!(s, 201, "{body}");
    }
    let start = Instant::now();
    let (status, v) = get_json(na, "/api/search?q=lu+lut&scope=region", false);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "no hang: {:?}",
        start.elapsed()
    );
    assert_eq!(status, 200, "{v}");
    let (_, local) = get_json(na, "/api/search?q=lu+lut", false);
    assert_eq!(v["total"], local["total"], "partial = the local answer");
    assert_eq!(strs(&v["hits"], "iri"), strs(&local["hits"], "iri"));
    assert!(strs(&v["hits"], "node").iter().all(|n| *n == "local"));
    let state: BTreeMap<&str, (&str, &str)> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            (
                n["node"].as_str().unwrap_or(""),
                (
                    n["state"].as_str().unwrap_or(""),
                    n["error"].as_str().unwrap_or(""),
                ),
            )
        })
        .collect();
    assert_eq!(state["local"].0, "ok");
    assert_eq!(state["slow"], ("timeout", "timed out"));
    assert_eq!(state["failing"].0, "error");
    assert!(state["failing"].1.contains("HTTP 500"), "{state:?}");
    assert_eq!(state["ha-tinh"].0, "error");
    assert!(state["ha-tinh"].1.contains("cannot connect"), "{state:?}");

    // Lineage into a dead holder: the local part, and the failed call said.
    let (status, l) = get_json(
        na,
        &format!("/api/lineage/{}?direction=up", enc(NA_100)),
        true,
    );
    assert_eq!(status, 200, "{l}");
    assert_eq!(node(&l, HT_99)["external"], true);
    let call = &l["remote"][0];
    assert_eq!(call["peer"], "ha-tinh", "{l}");
    assert_eq!(call["ok"], false);
    assert!(call["error"].as_str().unwrap_or("").contains("ha-tinh"));
}
