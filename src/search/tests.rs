//! Relevance, facet and access tests on the embedded Nghệ An example catalogue (in memory).

use super::*;
use crate::sparql::{run_query, QueryRequest};
use crate::store::{Access, Catalogue};
use std::collections::BTreeMap;

const DS: &str = "https://data.nghean.gov.vn/dataset/";

fn demo() -> (Catalogue, Arc<SearchIndex>) {
    let cat = Catalogue::in_memory().expect("store");
    crate::demo::load(&cat).expect("demo loads");
    let index = attach(&cat).expect("index");
    (cat, index)
}

fn top(index: &SearchIndex, cat: &Catalogue, q: &str, access: Access) -> Vec<String> {
    let mut req = SearchRequest::new(q);
    req.limit = 5;
    index
        .search(cat, &req, access)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.iri)
        .collect()
}

#[test]
fn diacritics_capitals_and_d_bar_find_the_same_record() {
    let (cat, index) = demo();
    let want = format!("{DS}csdl-dat-dai");
    for q in [
        "đất đai",
        "dat dai",
        "ĐẤT ĐAI",
        "Dat Dai",
        "DAT DAI",
        "đât đai",
    ] {
        let hits = top(&index, &cat, q, Access::Admin);
        assert_eq!(hits.first(), Some(&want), "query {q:?}: {hits:?}");
    }
}

#[test]
fn exact_phrase_ranks_first() {
    let (cat, index) = demo();
    for q in [
        "dữ liệu đất đai",
        "du lieu dat dai",
        "co so du lieu dat dai",
    ] {
        let hits = top(&index, &cat, q, Access::Admin);
        assert_eq!(
            hits[0],
            format!("{DS}csdl-dat-dai"),
            "query {q:?}: {hits:?}"
        );
    }
    // "giá đất" is a phrase in one title; "gia" alone is also "gia súc", "gia cầm", "gia đình".
    for q in ["giá đất", "gia dat"] {
        let hits = top(&index, &cat, q, Access::Public);
        assert_eq!(
            hits[0],
            format!("{DS}bang-gia-dat"),
            "query {q:?}: {hits:?}"
        );
    }
}

#[test]
fn typed_diacritics_rank_exact_matches_higher() {
    let cat = Catalogue::in_memory().expect("store");
    let index = attach(&cat).expect("index");
    cat.load_turtle_str(
        r#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <https://x.vn/dataset/thue> a dcat:Dataset ; dct:title "Thuế đất phi nông nghiệp"@vi .
        <https://x.vn/dataset/thue-dat> a dcat:Dataset ; dct:title "Thuê đất phi nông nghiệp"@vi ."#,
        "https://w3id.org/lienthong/graph/import/t",
    )
    .expect("load");
    assert_eq!(
        top(&index, &cat, "thuế đất", Access::Public)[0],
        "https://x.vn/dataset/thue"
    );
    assert_eq!(
        top(&index, &cat, "thuê đất", Access::Public)[0],
        "https://x.vn/dataset/thue-dat"
    );
    // Without diacritics both match.
    assert_eq!(top(&index, &cat, "thue dat", Access::Public).len(), 2);
}

#[test]
fn english_and_mixed_queries() {
    let (cat, index) = demo();
    let flood = [
        format!("{DS}mo-hinh-du-bao-ngap-lut-song-lam"),
        format!("{DS}ban-do-nguy-co-ngap-lut"),
    ];
    // Stemming: "forecasting" finds "Flood forecast model output".
    let hits = top(&index, &cat, "forecasting", Access::Public);
    assert_eq!(hits[0], flood[0], "{hits:?}");
    // Mixed Vietnamese and English words.
    let hits = top(&index, &cat, "flood sông Lam", Access::Public);
    assert!(flood.contains(&hits[0]), "{hits:?}");
    let hits = top(&index, &cat, "land database Nghệ An", Access::Admin);
    assert_eq!(hits[0], format!("{DS}csdl-dat-dai"), "{hits:?}");
}

#[test]
fn identifiers_and_agencies() {
    let (cat, index) = demo();
    assert_eq!(
        top(&index, &cat, "NA-DS-0078", Access::Admin)[0],
        format!("{DS}csdl-dat-dai")
    );
    let r = index
        .search(&cat, &SearchRequest::new("so tu phap"), Access::Public)
        .expect("search");
    assert_eq!(
        r.hits[0].iri,
        "https://data.nghean.gov.vn/agency/so-tu-phap"
    );
    assert_eq!(r.hits[0].kind, "agency");
}

#[test]
fn anonymous_never_sees_non_public_records() {
    let (cat, index) = demo();
    let mut req = SearchRequest::new("");
    req.limit = MAX_SIZE;
    let public = index.search(&cat, &req, Access::Public).expect("search");
    let admin = index.search(&cat, &req, Access::Admin).expect("search");
    assert!(public.total < admin.total);
    // Every public hit is in a graph an anonymous SPARQL reader sees, and vice versa.
    let q = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { <http://www.w3.org/ns/dcat#Dataset> <http://www.w3.org/ns/dcat#DataService> <http://xmlns.com/foaf/0.1/Organization> } ?s a ?c }";
    assert_eq!(public.total as u64, count(&cat, q, Access::Public));
    assert_eq!(admin.total as u64, count(&cat, q, Access::Admin));
    for h in &public.hits {
        assert!(
            h.access.iter().all(|a| a == "PUBLIC") && h.scope.iter().all(|s| s == "mo"),
            "{} is not public: {:?} {:?}",
            h.iri,
            h.access,
            h.scope
        );
    }
    for q in ["dat dai", "ho tich", "khieu nai to cao", "camera"] {
        let r = index
            .search(&cat, &SearchRequest::new(q), Access::Public)
            .expect("search");
        for h in &r.hits {
            assert!(!h.access.iter().any(|a| a != "PUBLIC"), "{q}: {}", h.iri);
        }
    }
    assert!(!top(&index, &cat, "dat dai", Access::Public).contains(&format!("{DS}csdl-dat-dai")));
}

fn count(cat: &Catalogue, q: &str, access: Access) -> u64 {
    let out = run_query(
        cat,
        &QueryRequest::new(q, access),
        "application/sparql-results+json",
    )
    .expect("query");
    let v: serde_json::Value = serde_json::from_slice(&out.body).expect("json");
    v["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("a count")
}

fn grouped(cat: &Catalogue, q: &str, access: Access) -> BTreeMap<String, u64> {
    let out = run_query(
        cat,
        &QueryRequest::new(q, access),
        "application/sparql-results+json",
    )
    .expect("query");
    let v: serde_json::Value = serde_json::from_slice(&out.body).expect("json");
    v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            (
                b["k"]["value"].as_str().unwrap_or("").to_string(),
                b["n"]["value"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn facet_counts_equal_sparql_counts() {
    let (cat, index) = demo();
    const RECORDS: &str = "VALUES ?c { <http://www.w3.org/ns/dcat#Dataset> <http://www.w3.org/ns/dcat#DataService> <http://xmlns.com/foaf/0.1/Organization> } ?s a ?c .";
    let queries = [
        ("publisher", format!("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {RECORDS} ?s <http://purl.org/dc/terms/publisher> ?k }} GROUP BY ?k")),
        ("theme", format!("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {RECORDS} ?s <http://www.w3.org/ns/dcat#theme> ?k }} GROUP BY ?k")),
        ("format", format!("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {RECORDS} ?s <http://www.w3.org/ns/dcat#distribution>/<http://purl.org/dc/terms/format> ?f BIND(UCASE(REPLACE(STR(?f), '^.*/', '')) AS ?k) }} GROUP BY ?k")),
        ("access", format!("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {RECORDS} ?s <http://purl.org/dc/terms/accessRights> ?a BIND(REPLACE(STR(?a), '^.*/', '') AS ?k) }} GROUP BY ?k")),
        ("year", format!("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {RECORDS} ?s <http://purl.org/dc/terms/modified> ?m BIND(SUBSTR(STR(?m), 1, 4) AS ?k) }} GROUP BY ?k")),
        ("catalog", format!("SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {RECORDS} VALUES ?p {{ <http://www.w3.org/ns/dcat#dataset> <http://www.w3.org/ns/dcat#service> <http://www.w3.org/ns/dcat#catalog> }} ?k ?p ?s }} GROUP BY ?k")),
    ];
    for access in [Access::Admin, Access::Public] {
        let mut req = SearchRequest::new("");
        req.limit = 0;
        req.facet_limit = None;
        let r = index.search(&cat, &req, access).expect("search");
        for (facet, q) in &queries {
            let expected = grouped(&cat, q, access);
            let got: BTreeMap<String, u64> = r.facets[*facet]
                .iter()
                .map(|v| (v.value.clone(), v.count))
                .collect();
            assert!(!expected.is_empty(), "{facet}: SPARQL found nothing");
            assert_eq!(got, expected, "facet {facet} as {access:?}");
        }
    }
    // With words and a filter, too.
    let r = index
        .search(
            &cat,
            &SearchRequest::new("du lich").filter("format", "csv"),
            Access::Public,
        )
        .expect("search");
    assert!(r.total > 0);
    let csv = r.facets["format"].iter().find(|v| v.value == "CSV");
    assert_eq!(csv.map(|v| v.count), Some(r.total as u64));
}

#[test]
fn filters_accept_iri_slug_and_name() {
    let (cat, index) = demo();
    let by = |f: &str, v: &str| {
        index
            .search(&cat, &SearchRequest::new("").filter(f, v), Access::Public)
            .expect("search")
            .total
    };
    let n = by("publisher", "https://data.nghean.gov.vn/agency/so-tu-phap");
    assert!(n > 0);
    assert_eq!(by("publisher", "so-tu-phap"), n);
    assert_eq!(by("publisher", "Sở Tư pháp tỉnh Nghệ An"), n);
    assert_eq!(by("publisher", "so tu phap tinh nghe an"), n);
    assert!(by("theme", "dat-dai") > 0);
    assert_eq!(by("theme", "dat-dai"), by("theme", "Đất đai"));
    assert_eq!(
        by("access", "dung-chung"),
        0,
        "shared records are not public"
    );
    assert!(index
        .search(
            &cat,
            &SearchRequest::new("").filter("colour", "x"),
            Access::Public
        )
        .is_err());
}

#[test]
fn sync_follows_updates_and_deletes() {
    let (cat, index) = demo();
    let iri = "https://data.nghean.gov.vn/dataset/test-muoi";
    crate::sparql::run_update(
        &cat,
        &crate::sparql::UpdateRequest {
            update: format!("INSERT DATA {{ <{iri}> a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> \"Sản lượng muối biển Quỳnh Lưu\"@vi ; <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/PUBLIC> }}"),
            ..Default::default()
        },
    )
    .expect("insert");
    assert_eq!(top(&index, &cat, "muoi bien", Access::Public), [iri]);
    // Restricting it hides it from the public at once.
    crate::sparql::run_update(
        &cat,
        &crate::sparql::UpdateRequest {
            update: format!("DELETE WHERE {{ <{iri}> <http://purl.org/dc/terms/accessRights> ?a }} ; INSERT DATA {{ <{iri}> <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/RESTRICTED> }}"),
            ..Default::default()
        },
    )
    .expect("restrict");
    // (Other records still match some of the words: the search widens to them.)
    assert!(!top(&index, &cat, "muoi bien", Access::Public).contains(&iri.to_string()));
    assert_eq!(top(&index, &cat, "muoi bien", Access::Admin)[0], iri);
    crate::sparql::run_update(
        &cat,
        &crate::sparql::UpdateRequest {
            update: format!("DELETE WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"),
            ..Default::default()
        },
    )
    .expect("delete");
    assert!(!top(&index, &cat, "muoi bien", Access::Admin).contains(&iri.to_string()));
    // A rebuild gives what the incremental path gave.
    let before = index
        .search(&cat, &SearchRequest::new("dat dai"), Access::Admin)
        .expect("search")
        .total;
    index.rebuild(&cat).expect("rebuild");
    let after = index
        .search(&cat, &SearchRequest::new("dat dai"), Access::Admin)
        .expect("search")
        .total;
    assert_eq!(before, after);
}

#[test]
fn publisher_rename_reaches_its_datasets() {
    let (cat, index) = demo();
    let agency = "https://data.nghean.gov.vn/agency/so-tu-phap";
    let all = |q: &str, filter: Option<&str>| -> std::collections::BTreeSet<String> {
        let mut req = SearchRequest::new(q);
        req.limit = MAX_SIZE;
        if let Some(p) = filter {
            req = req.filter("publisher", p);
        }
        let r = index.search(&cat, &req, Access::Admin).expect("search");
        // Only records with every word (not the widened "any" answer).
        if r.matched != "all" {
            return Default::default();
        }
        r.hits.into_iter().map(|h| h.iri).collect()
    };
    let mut published = all("", Some(agency));
    assert!(published.len() > 1);
    published.insert(agency.to_string());
    assert!(all("ky lan ngoc bich", None).is_empty());
    crate::sparql::run_update(
        &cat,
        &crate::sparql::UpdateRequest {
            update: format!("INSERT DATA {{ GRAPH <https://w3id.org/lienthong/graph/agency/nghe-an> {{ <{agency}> <http://xmlns.com/foaf/0.1/name> \"Sở Kỳ Lân Ngọc Bích\"@vi }} }}"),
            ..Default::default()
        },
    )
    .expect("rename");
    // The agency and every record it publishes carry the new name, and nothing else does.
    assert_eq!(all("kỳ lân ngọc bích", None), published);
}
