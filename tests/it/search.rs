//! Search through the real binary (`lienthong import/update/search`, `lienthong serve`) and
//! the real router: sync across import, SPARQL update and Graph Store writes, access, the
//! JSON API and the CKAN `package_search` shape.

use crate::support::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const DS: &str = "https://data.nghean.gov.vn/dataset/";

fn bin(store: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lienthong"));
    c.arg("--store").arg(store);
    c
}

fn example_files() -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/nghe-an"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
            .map(|p| p.display().to_string())
            .collect();
    v.sort();
    v.push(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/ontologies/agencies-nghe-an.ttl"
        )
        .into(),
    );
    v.push(concat!(env!("CARGO_MANIFEST_DIR"), "/ontologies/dcat-ap-vn.ttl").into());
    v
}

fn cli_search(store: &Path, args: &[&str]) -> Value {
    let out = bin(store)
        .arg("search")
        .args(args)
        .args(["--output", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("search prints JSON")
}

fn iris(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["iri"].as_str().unwrap().to_string())
        .collect()
}

fn api(port: u16, path: &str, token: bool) -> Value {
    let auth = format!("Bearer {TOKEN}");
    let headers: Vec<(&str, &str)> = if token {
        vec![("Authorization", auth.as_str())]
    } else {
        vec![]
    };
    let (status, body) = http(port, "GET", path, &headers, "");
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

/// Polls `/api/search` until `pred` holds; the issue allows a second, we fail after two.
fn eventually(port: u16, path: &str, token: bool, pred: impl Fn(&Value) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let v = api(port, path, token);
        if pred(&v) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{path}: still {v}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn cli_import_update_search_and_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = bin(&store)
        .arg("import")
        .args(example_files())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(store.join("search-index").join("meta.json").exists());

    // The import kept the index in step: no --reindex needed.
    let v = cli_search(&store, &["dat dai"]);
    assert_eq!(iris(&v)[0], format!("{DS}csdl-dat-dai"));
    let v = cli_search(&store, &["dat dai", "--public"]);
    assert!(!iris(&v).contains(&format!("{DS}csdl-dat-dai")), "{v}");
    let v = cli_search(&store, &["bản đồ", "--format", "SHP", "--limit", "3"]);
    assert!(v["total"].as_u64().unwrap() >= 3);
    assert_eq!(iris(&v).len(), 3);
    for h in v["hits"].as_array().unwrap() {
        assert!(
            h["format"].as_array().unwrap().iter().any(|f| f == "SHP"),
            "{h}"
        );
    }
    let v = cli_search(
        &store,
        &["", "--publisher", "so-tu-phap", "--theme", "xa-hoi"],
    );
    for h in v["hits"].as_array().unwrap() {
        assert_eq!(
            h["publisher_iri"][0],
            "https://data.nghean.gov.vn/agency/so-tu-phap"
        );
    }

    // A SPARQL update through the CLI is searchable by the next command.
    let iri = format!("{DS}ca-phe-hat");
    let out = bin(&store)
        .args(["update", &format!("INSERT DATA {{ GRAPH <https://w3id.org/lienthong/graph/local> {{ <{iri}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Vùng trồng cà phê Phủ Quỳ\"@vi }} }}")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        iris(&cli_search(&store, &["ca phe phu quy"])),
        std::slice::from_ref(&iri)
    );
    let out = bin(&store)
        .args([
            "update",
            &format!("DELETE WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    // Other records share some of the words (the search then widens to them): not this one.
    assert!(!iris(&cli_search(&store, &["ca phe phu quy"])).contains(&iri));

    // Text output and --reindex.
    let out = bin(&store).args(["search", "--reindex"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("search index rebuilt"));
    let out = bin(&store)
        .args(["search", "Sở Tư pháp", "--limit", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Sở Tư pháp tỉnh Nghệ An"), "{text}");
    // Bad input: a clear message and a failure exit.
    let out = bin(&store)
        .args(["search", "x", "--sort", "colour"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sort 'colour'"));
}

#[test]
fn server_follows_graph_store_and_sparql_writes_and_hides_non_public() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let server = serve(&store, &["--demo"]);
    let port = server.port;

    // Anonymous: no restricted record; admin: the restricted land database comes first.
    let v = api(port, "/api/search?q=dat+dai&size=50", false);
    assert!(!iris(&v).contains(&format!("{DS}csdl-dat-dai")));
    for h in v["hits"].as_array().unwrap() {
        let access = h["access"].as_array().unwrap();
        assert!(access.iter().all(|a| a == "PUBLIC"), "{h}");
        assert!(
            h["scope"].as_array().unwrap().iter().all(|s| s == "mo"),
            "{h}"
        );
    }
    let v = api(port, "/api/search?q=dat+dai", true);
    assert_eq!(iris(&v)[0], format!("{DS}csdl-dat-dai"));
    assert!(v["hits"][0]["highlights"]["title"]
        .as_str()
        .unwrap()
        .contains("<mark>đất</mark> <mark>đai</mark>"));
    // Anonymous access filter for shared records finds nothing.
    let v = api(port, "/api/search?access=dung-chung", false);
    assert_eq!(v["total"], 0);

    // Graph Store PUT: searchable at once.
    let g = "https://w3id.org/lienthong/graph/agency/so-cong-thuong";
    let doc = format!("<{DS}gia-xang-dau> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Giá xăng dầu bán lẻ tại Vinh\"@vi ; <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/PUBLIC> .");
    let auth = format!("Bearer {TOKEN}");
    let (status, body) = http(
        port,
        "PUT",
        &format!("/store?graph={}", enc(g)),
        &[
            ("Content-Type", "text/turtle"),
            ("Authorization", auth.as_str()),
        ],
        &doc,
    );
    assert!(status == 201 || status == 204, "{status} {body}");
    let took = eventually(port, "/api/search?q=gia+xang+dau+ban+le", false, |v| {
        iris(v).first() == Some(&format!("{DS}gia-xang-dau"))
    });
    assert!(took < Duration::from_secs(1), "{took:?}");
    // Graph Store DELETE: gone.
    let (status, _) = http(
        port,
        "DELETE",
        &format!("/store?graph={}", enc(g)),
        &[("Authorization", auth.as_str())],
        "",
    );
    assert_eq!(status, 204);
    let gone = format!("{DS}gia-xang-dau");
    eventually(port, "/api/search?q=gia+xang+dau+ban+le", true, |v| {
        !iris(v).contains(&gone)
    });

    // SPARQL update over HTTP: a new record, then restricted, then deleted.
    let iri = format!("{DS}nuoc-mam-cua-hoi");
    let update = |u: String| {
        let body = format!("update={}", enc(&u));
        let (status, b) = http(
            port,
            "POST",
            "/sparql",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", auth.as_str()),
            ],
            &body,
        );
        assert!(status == 200 || status == 204, "{status} {b}");
    };
    update(format!("INSERT DATA {{ <{iri}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Cơ sở chế biến nước mắm Cửa Hội\"@vi ; <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/PUBLIC> }}"));
    eventually(port, "/api/search?q=nuoc+mam+cua+hoi", false, |v| {
        iris(v).first() == Some(&iri)
    });
    update(format!("DELETE WHERE {{ <{iri}> <http://purl.org/dc/terms/accessRights> ?a }} ; INSERT DATA {{ <{iri}> <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC> }}"));
    // (Other records share some of the words: the search widens to them, never to this one.)
    eventually(port, "/api/search?q=nuoc+mam+cua+hoi", false, |v| {
        !iris(v).contains(&iri)
    });
    eventually(port, "/api/search?q=nuoc+mam+cua+hoi", true, |v| {
        iris(v).first() == Some(&iri)
    });
    update(format!("DELETE WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"));
    eventually(port, "/api/search?q=nuoc+mam+cua+hoi", true, |v| {
        !iris(v).contains(&iri)
    });

    // Facets and paging.
    let v = api(port, "/api/search?q=&theme=dat-dai&size=2&page=2", false);
    assert_eq!(v["page"], 2);
    assert_eq!(
        v["hits"].as_array().unwrap().len().min(2),
        v["hits"].as_array().unwrap().len()
    );
    let themes = v["facets"]["theme"].as_array().unwrap();
    let land = themes
        .iter()
        .find(|t| t["value"] == "https://w3id.org/lienthong/code/theme/dat-dai")
        .expect("the filtered theme is counted");
    assert_eq!(land["label"], "Đất đai");
    assert_eq!(land["count"], v["total"]);
    assert!(v["total"].as_u64().unwrap() > 2);
    // Bad parameters: 400 with a message.
    let (status, body) = http(port, "GET", "/api/search?q=x&size=abc", &[], "");
    assert_eq!(status, 400);
    assert!(body.contains("size"), "{body}");
    let (status, _) = http(port, "GET", "/api/search?q=x&colour=red", &[], "");
    assert_eq!(status, 400);
    drop(server);
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn package_search_answers_in_ckan_shape() {
    let Some(fixture) = require_shared("conformance/ckan/demo.ckan.org-2017/package_search.json")
    else {
        return;
    };
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&dir.path().join("store"), &["--demo"]);
    let port = server.port;
    let path = format!(
        "/api/3/action/package_search?q=du+lich&rows=3&facet.field={}&fq={}",
        enc(r#"["organization","res_format","groups"]"#),
        enc("res_format:CSV")
    );
    let v = api(port, &path, false);
    // Same envelope and result keys as the real CKAN answer.
    assert_eq!(keys(&v), keys(&fixture));
    assert_eq!(keys(&v["result"]), keys(&fixture["result"]));
    assert_eq!(v["success"], true);
    assert!(v["help"]
        .as_str()
        .unwrap()
        .ends_with("/api/3/action/help_show?name=package_search"));
    let count = v["result"]["count"].as_u64().unwrap();
    assert!(count > 0);
    let results = v["result"]["results"].as_array().unwrap();
    assert_eq!(results.len() as u64, count.min(3));
    // Every result has the dataset keys CKAN clients read, with CKAN's types.
    let sample = &fixture["result"]["results"][0];
    for r in results {
        for k in [
            "id",
            "name",
            "title",
            "notes",
            "url",
            "type",
            "state",
            "private",
            "metadata_modified",
            "owner_org",
            "organization",
            "groups",
            "tags",
            "num_tags",
            "resources",
            "num_resources",
            "extras",
        ] {
            assert!(sample.get(k).is_some(), "fixture lacks {k}");
            let (a, b) = (&r[k], &sample[k]);
            let same_kind = std::mem::discriminant(a) == std::mem::discriminant(b)
                || a.is_null()
                || b.is_null();
            assert!(same_kind, "{k}: {a} vs CKAN {b}");
        }
        assert!(r["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["format"] == "CSV"));
        assert_eq!(r["private"], false);
        for t in r["tags"].as_array().unwrap() {
            for k in keys(t) {
                assert!(sample["tags"][0].get(&k).is_some(), "tag key {k}");
            }
        }
    }
    // Facets: {field: {name: count}} and search_facets items {count, display_name, name}.
    for f in ["organization", "res_format", "groups"] {
        let counts = v["result"]["facets"][f]
            .as_object()
            .unwrap_or_else(|| panic!("facet {f}"));
        let items = v["result"]["search_facets"][f]["items"].as_array().unwrap();
        assert_eq!(v["result"]["search_facets"][f]["title"], f);
        assert_eq!(counts.len(), items.len());
        for it in items {
            assert_eq!(
                keys(it),
                keys(&fixture["result"]["search_facets"]["res_format"]["items"][0])
            );
            assert_eq!(counts[it["name"].as_str().unwrap()], it["count"]);
        }
    }
    assert_eq!(
        v["result"]["facets"]["res_format"]["CSV"].as_u64(),
        Some(count)
    );
    // Paging with start, and sort by name.
    let page2 = api(
        port,
        &format!(
            "/api/3/action/package_search?q=du+lich&rows=3&start=3&fq={}",
            enc("res_format:CSV")
        ),
        false,
    );
    let first: Vec<&Value> = results.iter().map(|r| &r["id"]).collect();
    for r in page2["result"]["results"].as_array().unwrap() {
        assert!(!first.contains(&&r["id"]));
    }
    let sorted = api(
        port,
        "/api/3/action/package_search?rows=20&sort=title_string+asc",
        false,
    );
    let titles: Vec<String> = sorted["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| lienthong::text::fold(r["title"].as_str().unwrap()))
        .collect();
    let mut expect = titles.clone();
    expect.sort();
    assert_eq!(titles, expect);
    // POST with a JSON body, as ckanapi does.
    let (status, body) = http(
        port,
        "POST",
        "/api/3/action/package_search",
        &[("Content-Type", "application/json")],
        r#"{"q": "ho tich", "rows": 2}"#,
    );
    assert_eq!(status, 200, "{body}");
    let post: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(post["success"], true);
    // Errors in CKAN's envelope.
    let (status, body) = http(
        port,
        "GET",
        &format!(
            "/api/3/action/package_search?fq={}",
            enc("license_id:cc-by")
        ),
        &[],
        "",
    );
    assert_eq!(status, 409);
    let e: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(e["success"], false);
    assert_eq!(e["error"]["__type"], "Validation Error");
    // Anonymous CKAN clients see only public records; the admin sees private ones flagged.
    let all_anon = api(port, "/api/3/action/package_search?rows=1000", false);
    let all_admin = api(port, "/api/3/action/package_search?rows=1000", true);
    assert!(all_anon["result"]["count"].as_u64() < all_admin["result"]["count"].as_u64());
    assert!(all_anon["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["private"] == false));
    assert!(all_admin["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["private"] == true));
}
