//! The three-province region the federation tests share (needs the on-disk store): `gen` catalogues for nghe-an,
//! ha-tinh and thanh-hoa (cross-province lineage), a union store of the three, three live
//! `lienthong serve` processes with nghe-an knowing the other two as peers.

use super::{bin, client, run_ok, serve, Server, TOKEN};
use lienthong::sparql::{run_query, QueryRequest};
use lienthong::store::{Access, Catalogue};
use std::collections::BTreeMap;
use std::path::Path;

pub const PROVINCES: [&str; 3] = ["nghe-an", "ha-tinh", "thanh-hoa"];

/// Generates one province's catalogue and imports it into `store` (and into `union`).
pub fn province_store(dir: &Path, slug: &str) -> std::path::PathBuf {
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

pub struct Region {
    pub dir: tempfile::TempDir,
    pub servers: Vec<Server>,
    pub union: Catalogue,
}

pub fn region() -> Region {
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
        dir,
        servers,
        union,
    }
}

pub fn add_peer(port: u16, id: &str, url: &str, timeout: u64) -> (u16, String) {
    add_peer_with(port, id, url, timeout, None)
}

/// Registers a peer on the server at `port`; `token_env` names the variable holding the
/// token sent to it (the test servers all share `TOKEN` as `LIENTHONG_ADMIN_TOKEN`).
pub fn add_peer_with(
    port: u16,
    id: &str,
    url: &str,
    timeout: u64,
    token_env: Option<&str>,
) -> (u16, String) {
    let r = client()
        .post(format!("http://127.0.0.1:{port}/api/peers"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(
            serde_json::json!({
                "id": id, "url": url, "name": id, "timeout_secs": timeout, "token_env": token_env
            })
            .to_string(),
        )
        .send()
        .expect("POST /api/peers");
    (r.status().as_u16(), r.text().unwrap_or_default())
}

/// GET `path` on the server at `port` (as the administrator when `admin`), JSON answer.
pub fn get_json(port: u16, path: &str, admin: bool) -> (u16, serde_json::Value) {
    let mut req = client().get(format!("http://127.0.0.1:{port}{path}"));
    if admin {
        req = req.bearer_auth(TOKEN);
    }
    let r = req.send().expect("GET");
    let status = r.status().as_u16();
    let text = r.text().unwrap_or_default();
    let v = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, v)
}

/// (status, lienthong-federation header, body)
pub fn sparql(port: u16, query: &str, extra: &str) -> (u16, String, String) {
    sparql_as(port, query, extra, None)
}

pub fn sparql_as(
    port: u16,
    query: &str,
    extra: &str,
    token: Option<&str>,
) -> (u16, String, String) {
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
pub fn rows(json: &str) -> Vec<String> {
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

pub fn union_rows(union: &Catalogue, query: &str) -> Vec<String> {
    union_rows_as(union, query, Access::Public)
}

pub fn union_rows_as(union: &Catalogue, query: &str, access: Access) -> Vec<String> {
    let out = run_query(
        union,
        &QueryRequest::new(query, access),
        "application/sparql-results+json",
    )
    .expect("union query");
    rows(&String::from_utf8(out.body).expect("utf-8"))
}
