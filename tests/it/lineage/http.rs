//! The lineage HTTP API (real router and the real `lienthong serve` binary), the OpenLineage
//! intake with the specification's example events, malformed events, and the CLI.

use crate::support::{app, enc, get, send, TOKEN};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use lienthong::sparql::{run_query, QueryRequest};
use lienthong::store::{Access, Catalogue};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/openlineage/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn post_event(body: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/api/v1/lineage").header("content-type", "application/json");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn ask(cat: &Catalogue, q: &str) -> bool {
    let q = format!("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX vn: <https://w3id.org/lienthong/dcat-ap-vn#> PREFIX dct: <http://purl.org/dc/terms/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK {{ {q} }}");
    let out = run_query(
        cat,
        &QueryRequest::new(q, Access::Admin),
        "application/sparql-results+json",
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.body).unwrap();
    v["boolean"].as_bool().unwrap()
}

const RUN: &str = "https://w3id.org/lienthong/openlineage/run/d46e465b-d358-4d32-83d4-df660ff614dd";

#[tokio::test]
async fn openlineage_spec_examples_become_prov() {
    let s = crate::support::store();
    let app = app(&s.cat);
    for f in [
        "spec-start-single-input.json",
        "spec-start-run-job-facets.json",
        "spec-complete-single-output.json",
        "spec-complete-dataset-facets.json",
        "spec-column-lineage.json",
        "spec-running.json",
        "spec-fail.json",
        "spec-abort.json",
    ] {
        let r = send(&app, post_event(&fixture(f), Some(TOKEN))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{f}: {}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(v["run"]
            .as_str()
            .unwrap()
            .starts_with("https://w3id.org/lienthong/openlineage/run/"));
    }
    let c = &s.cat;
    assert!(ask(c, &format!("<{RUN}> a prov:Activity ; prov:startedAtTime \"2020-12-28T19:52:00.001+10:00\"^^xsd:dateTime ; prov:endedAtTime ?e ; vn:runState \"COMPLETE\" ; vn:job ?j . ?j a prov:Plan ; dct:description \"Process taxes.\" ; vn:sqlQuery ?sql")));
    // One state per run, however many events.
    assert!(!ask(
        c,
        &format!("<{RUN}> vn:runState ?a, ?b FILTER(?a != ?b)")
    ));
    assert!(ask(c, &format!("<{RUN}> prov:wasInformedBy <https://w3id.org/lienthong/openlineage/run/1ba6fdaa-fb80-36ce-9c5b-295f544ec462>")));
    assert!(ask(c, &format!("<{RUN}> prov:used ?i ; prov:generated ?o . ?i vn:openLineageName \"workshop.public.taxes\" ; vn:needsCuration true . ?o vn:openLineageName \"workshop.public.unpaid_taxes\"")));
    // Schema facet: six columns, not duplicated by the second COMPLETE event.
    assert!(ask(c, "SELECT (COUNT(?col) AS ?n) WHERE { ?o vn:openLineageName \"workshop.public.unpaid_taxes\" ; vn:column ?col . ?col rdfs:label ?l } HAVING (COUNT(?col) = 6)"));
    assert!(ask(
        c,
        "?r vn:runState \"FAIL\" ; vn:errorMessage ?m FILTER(CONTAINS(?m, \"does not exist\"))"
    ));
    assert!(ask(c, "?r vn:runState \"ABORT\""));
    assert!(ask(c, "?r vn:runState \"RUNNING\""));
    // Column lineage: four output columns, DATEDIFF from two inputs.
    assert!(ask(c, "SELECT (COUNT(?b) AS ?n) WHERE { ?b a vn:ColumnLineage ; vn:toColumn ?t FILTER(STRENDS(?t, \"#order_delivery_time\")) } HAVING (COUNT(?b) = 2)"));

    // Created entries are non-public until curated: anonymous lineage answers 404.
    let admin_get = |uri: String| {
        Request::get(uri)
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap()
    };
    let out_iri = {
        let r = send(
            &app,
            post_event(&fixture("spec-column-lineage.json"), Some(TOKEN)),
        )
        .await;
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let d = v["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["role"] == "output")
            .unwrap()
            .clone();
        assert_eq!(
            d["matched"], "created-before",
            "created by the first post of this event"
        );
        d["iri"].as_str().unwrap().to_string()
    };
    let r = send(
        &app,
        admin_get(format!(
            "/api/lineage/{}?direction=up&depth=1",
            enc(&out_iri)
        )),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let cols = v["edges"][0]["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 5, "{}", r.body);
    assert_eq!(
        v["edges"][0]["activities"][0],
        "https://w3id.org/lienthong/openlineage/run/3b452093-782c-4ef2-9c0c-aafe2aa6f34d"
    );
    let r = send(&app, get(&format!("/api/lineage/{}", enc(&out_iri)))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn openlineage_datasets_match_catalogue_identifiers() {
    let s = crate::support::store();
    lienthong::demo::load(&s.cat).unwrap();
    let app = app(&s.cat);
    for f in ["nghean-start.json", "nghean-complete.json"] {
        let r = send(&app, post_event(&fixture(f), Some(TOKEN))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        if f == "nghean-complete.json" {
            let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            let m: Vec<(String, String)> = v["datasets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["iri"].as_str().unwrap().to_string(),
                        d["matched"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            assert!(
                m.contains(&(
                    "https://data.nghean.gov.vn/dataset/dong-du-lieu-quan-trac-thuy-van".into(),
                    "identifier".into()
                )),
                "{m:?}"
            );
            assert!(
                m.contains(&(
                    "https://data.nghean.gov.vn/dataset/muc-nuoc-song-lam".into(),
                    "identifier".into()
                )),
                "{m:?}"
            );
            assert!(m.iter().any(|(_, how)| how == "created"));
        }
    }
    // The run is now an activity edge of the public lineage, with its column lineage.
    let r = send(&app, get("/api/lineage/NA-DS-0025?direction=up&depth=1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let e = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "https://data.nghean.gov.vn/dataset/dong-du-lieu-quan-trac-thuy-van")
        .unwrap();
    assert!(e["activities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a
            == "https://w3id.org/lienthong/openlineage/run/0f4c2a9e-3b1d-4c6a-9e7f-5d2b8a1c4e60"));
    assert!(e["columns"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["from"] == "muc_nuoc_cm" && c["to"] == "muc_nuoc_tb_ngay"));
    let act = v["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["id"]
                == "https://w3id.org/lienthong/openlineage/run/0f4c2a9e-3b1d-4c6a-9e7f-5d2b8a1c4e60"
        })
        .unwrap();
    assert_eq!(act["state"], "COMPLETE");
    assert_eq!(act["started"], "2026-03-22T00:05:00+07:00");
    // The created (non-public) output is an opaque node for anonymous readers.
    let r = send(&app, get("/api/lineage/NA-DS-0051?direction=down&depth=1")).await;
    assert!(
        r.body.contains("\"non-public:1\"") && !r.body.contains("muc_nuoc_ngay_tam"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn malformed_events_are_rejected_naming_the_field() {
    let s = crate::support::store();
    let app = app(&s.cat);
    let before = s.cat.triple_count().unwrap();
    let good: serde_json::Value = serde_json::from_str(&fixture("nghean-complete.json")).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        v.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with(&|v| {
                v["run"].as_object_mut().unwrap().remove("runId");
            }),
            "run.runId",
        ),
        (
            with(&|v| v["run"]["runId"] = "not-a-uuid".into()),
            "run.runId",
        ),
        (with(&|v| v["eventTime"] = "22/03/2026".into()), "eventTime"),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("eventTime");
            }),
            "eventTime",
        ),
        (with(&|v| v["eventType"] = "DONE".into()), "eventType"),
        (with(&|v| v["job"]["namespace"] = 7.into()), "job.namespace"),
        (
            with(&|v| {
                v["outputs"][1].as_object_mut().unwrap().remove("name");
            }),
            "outputs[1].name",
        ),
        (
            with(&|v| {
                v["outputs"][0]["facets"]["columnLineage"]["fields"]["ma_tram"]["inputFields"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("field");
            }),
            "outputs[0].facets.columnLineage.fields.ma_tram.inputFields[0].field",
        ),
        (with(&|v| v["inputs"] = "NA-DS-0051".into()), "inputs"),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("producer");
            }),
            "producer",
        ),
        ("{\"eventType\": \"START\",".to_string(), "not valid JSON"),
    ];
    for (body, field) in cases {
        let r = send(&app, post_event(&body, Some(TOKEN))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.body);
        assert!(r.body.contains(field), "expected '{field}' in: {}", r.body);
    }
    // Writes need the admin token.
    let r = send(&app, post_event(&fixture("nghean-start.json"), None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(
        &app,
        post_event(&fixture("nghean-start.json"), Some("wrong")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        &app,
        Request::post("/api/v1/lineage")
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "text/csv")
            .body(Body::from("a,b"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        s.cat.triple_count().unwrap(),
        before,
        "nothing written by rejected events"
    );
}

#[test]
fn http_server_and_cli() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let nt = dir.path().join("gen.nt");
    let bin = || std::process::Command::new(env!("CARGO_BIN_EXE_lienthong"));
    assert!(bin()
        .args(["gen", "--datasets", "400", "--out"])
        .arg(&nt)
        .status()
        .unwrap()
        .success());
    assert!(bin()
        .arg("--store")
        .arg(&store)
        .arg("import")
        .arg(&nt)
        .status()
        .unwrap()
        .success());
    // Public (anonymous HTTP requests below), the end of a 12-long chain.
    let deep = lienthong::synth::dataset_iri("nghe-an", 11);

    // CLI: json, text, svg to a file, impact, bad input.
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["lineage", &deep, "--up", "--depth", "5", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = v["nodes"].as_array().unwrap();
    assert!(n.len() >= 6 && n.iter().all(|n| n["distance"].as_u64().unwrap() <= 5));
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["lineage", "H40-DS-0000121", "--impact"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Impact of https://data.nghean.gov.vn/dataset/ds-0000121")
            && text.contains("datasets"),
        "{text}"
    );
    let svg = dir.path().join("l.svg");
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["lineage", &deep, "--both", "--format", "svg", "--out"])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&svg)
        .unwrap()
        .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["lineage", "H40-DS-9999999"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("H40-DS-9999999"));
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["lineage", &deep, "--up", "--down"])
        .output()
        .unwrap();
    assert!(!out.status.success());

    // HTTP on the real binary.
    let server = crate::support::serve(&store, &[]);
    let (st, body) = crate::support::http_get(
        server.port,
        &format!("/api/lineage/{}?direction=up&depth=10", enc(&deep)),
        "application/json",
    )
    .unwrap();
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["root"], deep.as_str());
    for n in v["nodes"].as_array().unwrap() {
        assert!(
            n.get("agency").is_some() && n.get("province").is_some() && n.get("access").is_some()
        );
    }
    let (st, body) = crate::support::http_get(
        server.port,
        &format!("/api/lineage?id={}&format=svg", enc(&deep)),
        "*/*",
    )
    .unwrap();
    assert_eq!(st, 200);
    assert!(body.contains("<svg"));
    let (st, body) = crate::support::http_get(
        server.port,
        &format!("/api/lineage/{}/impact?format=text", enc(&deep)),
        "*/*",
    )
    .unwrap();
    assert_eq!(st, 200, "{body}");
    let (st, _) = crate::support::http_get(
        server.port,
        &format!("/api/lineage/{}/impact", enc(&deep)),
        "application/json",
    )
    .unwrap();
    assert_eq!(st, 200);
    let (st, body) = crate::support::http_get(
        server.port,
        &format!("/api/lineage/{}?direction=sideways", enc(&deep)),
        "*/*",
    )
    .unwrap();
    assert_eq!(st, 400);
    assert!(body.contains("direction"));
    let (st, body) = crate::support::http_get(
        server.port,
        &format!("/api/lineage/{}?depth=-1", enc(&deep)),
        "*/*",
    )
    .unwrap();
    assert_eq!(st, 400);
    assert!(body.contains("depth"));
    let (st, _) = crate::support::http_get(
        server.port,
        "/api/lineage/https%3A%2F%2Fdata.nghean.gov.vn%2Fdataset%2Fnope",
        "*/*",
    )
    .unwrap();
    assert_eq!(st, 404);
    let (st, body) = crate::support::http_get(
        server.port,
        &format!("/api/lineage/{}?format=dot", enc(&deep)),
        "*/*",
    )
    .unwrap();
    assert_eq!(st, 200);
    assert!(body.starts_with("digraph lineage {"));
}
