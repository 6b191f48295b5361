//! The SPARQL 1.1 Protocol through the real router on a real on-disk store:
//! every query/update method, the dataset parameters, content negotiation, auth and errors.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};

const COUNT: &str =
    "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }";

fn count_from_json(body: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON results");
    v["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .expect("n bound")
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn query_by_get_post_form_and_post_direct() {
    let s = sample_store();
    let app = app(&s.cat);
    let r = send(&app, get(&format!("/sparql?query={}", enc(COUNT)))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r
        .content_type
        .starts_with("application/sparql-results+json"));
    assert_eq!(
        count_from_json(&r.body),
        1,
        "anonymous sees only the public dataset"
    );

    let r = send(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::from(format!("query={}", enc(COUNT))))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        count_from_json(&r.body),
        3,
        "the administrator sees all three"
    );

    let r = send(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .body(Body::from(COUNT))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(count_from_json(&r.body), 1);
}

#[tokio::test]
async fn results_in_every_format_by_accept() {
    let s = sample_store();
    let app = app(&s.cat);
    let q = "SELECT ?t WHERE { <https://data.nghean.gov.vn/dataset/dat-dai> <http://purl.org/dc/terms/title> ?t FILTER(lang(?t)='vi') }";
    for (accept, ct, needle) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "\"Quy hoạch sử dụng đất\"",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<literal xml:lang=\"vi\">Quy hoạch sử dụng đất</literal>",
        ),
        ("text/csv", "text/csv", "Quy hoạch sử dụng đất"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "\"Quy hoạch sử dụng đất\"@vi",
        ),
    ] {
        let r = send(
            &app,
            Request::get(format!("/sparql?query={}", enc(q)))
                .header("accept", accept)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.content_type.starts_with(ct),
            "{accept} gave {}",
            r.content_type
        );
        assert!(r.body.contains(needle), "{accept}: {}", r.body);
    }
    let construct = "CONSTRUCT { ?d ?p ?o } WHERE { ?d ?p ?o FILTER(?d = <https://data.nghean.gov.vn/distribution/dat-dai-csv>) }";
    for (accept, ct) in [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
    ] {
        let r = send(
            &app,
            Request::get(format!("/sparql?query={}", enc(construct)))
                .header("accept", accept)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{accept}: {}", r.body);
        assert!(
            r.content_type.starts_with(ct),
            "{accept} gave {}",
            r.content_type
        );
        assert!(r.body.contains("2048"), "{accept}: {}", r.body);
        assert!(
            r.body.contains("nonNegativeInteger"),
            "byteSize keeps its DCAT-AP datatype on the way out ({accept}): {}",
            r.body
        );
    }
    // Quality values pick the preferred format.
    let r = send(
        &app,
        Request::get(format!("/sparql?query={}", enc(q)))
            .header("accept", "text/csv;q=0.5, application/sparql-results+xml")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(r.content_type.starts_with("application/sparql-results+xml"));
    // Nothing acceptable: 406.
    let r = send(
        &app,
        Request::get(format!("/sparql?query={}", enc(q)))
            .header("accept", "image/png")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
    // ASK.
    let r = send(
        &app,
        get(&format!("/sparql?query={}", enc("ASK { ?s ?p ?o }"))),
    )
    .await;
    assert!(r.body.contains("\"boolean\":true"), "{}", r.body);
}

#[tokio::test]
async fn dataset_parameters_and_from() {
    let s = sample_store();
    let app = app(&s.cat);
    let g = "https://w3id.org/lienthong/graph/import/sample";
    let r = send(
        &app,
        get(&format!(
            "/sparql?query={}&default-graph-uri={}",
            enc(COUNT),
            enc(g)
        )),
    )
    .await;
    assert_eq!(count_from_json(&r.body), 1);
    let r = send(
        &app,
        get(&format!(
            "/sparql?query={}&default-graph-uri={}",
            enc(COUNT),
            enc("urn:nothing")
        )),
    )
    .await;
    assert_eq!(count_from_json(&r.body), 0);
    // An anonymous reader cannot name a restricted graph into its dataset.
    let r = send(
        &app,
        get(&format!(
            "/sparql?query={}&default-graph-uri={}",
            enc(COUNT),
            enc(&format!("{g}/restricted"))
        )),
    )
    .await;
    assert_eq!(count_from_json(&r.body), 0);
    let named = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a <http://www.w3.org/ns/dcat#Dataset> } }".to_string();
    let r = send(
        &app,
        get(&format!(
            "/sparql?query={}&named-graph-uri={}",
            enc(&named),
            enc(g)
        )),
    )
    .await;
    assert_eq!(count_from_json(&r.body), 1);
    let from = format!("SELECT (COUNT(DISTINCT ?d) AS ?n) FROM <{g}/restricted> WHERE {{ ?d a <http://www.w3.org/ns/dcat#Dataset> }}");
    let r = send(&app, get(&format!("/sparql?query={}", enc(&from)))).await;
    assert_eq!(
        count_from_json(&r.body),
        0,
        "FROM a restricted graph gives nothing to the public"
    );
    let r = send(
        &app,
        Request::get(format!("/sparql?query={}", enc(&from)))
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(count_from_json(&r.body), 2, "but the administrator sees it");
}

#[tokio::test]
async fn anonymous_never_sees_non_public_records() {
    let s = sample_store();
    let app = app(&s.cat);
    let r = send(
        &app,
        Request::get(format!(
            "/sparql?query={}",
            enc("SELECT * WHERE { ?s ?p ?o }")
        ))
        .header("accept", "text/csv")
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for hidden in [
        "ho-tich",
        "thanh-tra",
        "Sổ hộ tịch",
        "Bộ phận hộ tịch",
        "API hộ tịch",
        "khiếu nại",
    ] {
        assert!(!r.body.contains(hidden), "anonymous saw '{hidden}'");
    }
    assert!(r.body.contains("dat-dai"));
    let r = send(
        &app,
        get(&format!(
            "/sparql?query={}",
            enc("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        )),
    )
    .await;
    assert!(!r.body.contains("restricted"), "{}", r.body);
}

fn update_req(body: &str, token: Option<&str>, form: bool) -> Request<Body> {
    let mut b = Request::post("/sparql");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    if form {
        b.header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("update={}", enc(body))))
            .unwrap()
    } else {
        b.header("content-type", "application/sparql-update")
            .body(Body::from(body.to_string()))
            .unwrap()
    }
}

#[tokio::test]
async fn updates_need_the_admin_token() {
    let s = sample_store();
    let app = app(&s.cat);
    let u = "INSERT DATA { <https://data.nghean.gov.vn/dataset/new> a <http://www.w3.org/ns/dcat#Dataset> }";
    let r = send(&app, update_req(u, None, false)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.headers.get("www-authenticate").is_some());
    let r = send(&app, update_req(u, Some("wrong"), true)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count_from_json(
            &send(&app, get(&format!("/sparql?query={}", enc(COUNT))))
                .await
                .body
        ),
        1,
        "nothing written"
    );

    let r = send(&app, update_req(u, Some(TOKEN), false)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = send(&app, get(&format!("/sparql?query={}", enc(COUNT)))).await;
    assert_eq!(
        count_from_json(&r.body),
        2,
        "the update is visible at once (the cache is invalidated)"
    );
    // It landed in the local-edits graph, not the default graph.
    let r = send(&app, get(&format!("/sparql?query={}", enc("ASK { GRAPH <https://w3id.org/lienthong/graph/local> { <https://data.nghean.gov.vn/dataset/new> ?p ?o } }")))).await;
    assert!(r.body.contains("true"), "{}", r.body);

    // Form-encoded update, with using-graph-uri.
    let del = "DELETE { GRAPH <https://w3id.org/lienthong/graph/local> { ?d ?p ?o } } WHERE { ?d ?p ?o FILTER(?d = <https://data.nghean.gov.vn/dataset/new>) }";
    let r = send(
        &app,
        Request::post(format!(
            "/sparql?using-graph-uri={}",
            enc("https://w3id.org/lienthong/graph/local")
        ))
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/sparql-update")
        .body(Body::from(del))
        .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        count_from_json(
            &send(&app, get(&format!("/sparql?query={}", enc(COUNT))))
                .await
                .body
        ),
        1
    );
}

#[tokio::test]
async fn an_update_that_restricts_a_dataset_hides_it_at_once() {
    let s = sample_store();
    let app = app(&s.cat);
    let u = "INSERT DATA { GRAPH <https://w3id.org/lienthong/graph/import/sample> { <https://data.nghean.gov.vn/dataset/dat-dai> <https://w3id.org/lienthong/dcat-ap-vn#accessScope> <https://w3id.org/lienthong/code/access-scope/dung-chung> } }";
    assert_eq!(
        send(&app, update_req(u, Some(TOKEN), false)).await.status,
        StatusCode::NO_CONTENT
    );
    let r = send(
        &app,
        Request::get(format!(
            "/sparql?query={}",
            enc("SELECT * WHERE { ?s ?p ?o }")
        ))
        .header("accept", "text/csv")
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert!(!r.body.contains("dat-dai"), "{}", r.body);
    // And lifting the restriction brings it back.
    let u = "DELETE WHERE { GRAPH ?g { <https://data.nghean.gov.vn/dataset/dat-dai> <https://w3id.org/lienthong/dcat-ap-vn#accessScope> ?x } }";
    assert_eq!(
        send(&app, update_req(u, Some(TOKEN), false)).await.status,
        StatusCode::NO_CONTENT
    );
    let r = send(
        &app,
        Request::get(format!(
            "/sparql?query={}",
            enc("SELECT * WHERE { ?s ?p ?o }")
        ))
        .header("accept", "text/csv")
        .body(Body::empty())
        .unwrap(),
    )
    .await;
    assert!(
        r.body.contains("dat-dai") && r.body.contains("dat-dai-csv"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn protocol_errors() {
    let s = sample_store();
    let app = app(&s.cat);
    let r = send(
        &app,
        get(&format!("/sparql?query={}", enc("SELECT WHERE {"))),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.to_lowercase().contains("syntax"), "{}", r.body);
    let r = send(&app, get("/sparql")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        get(&format!(
            "/sparql?query={}&query={}",
            enc(COUNT),
            enc(COUNT)
        )),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(&app, get(&format!("/sparql?update={}", enc("CLEAR ALL")))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        Request::post("/sparql")
            .header("content-type", "text/plain")
            .body(Body::from(COUNT))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = send(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "query={}&update={}",
                enc(COUNT),
                enc("CLEAR ALL")
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        update_req("INSERT DATA { <a> <b> ", Some(TOKEN), false),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        Request::get(format!("/sparql?query={}", enc(COUNT)))
            .header("authorization", "Bearer nope")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_long_query_times_out_with_a_clear_error() {
    let s = sample_store();
    let cfg = lienthong::server::ServerConfig {
        admin_token: Some(TOKEN.into()),
        query_timeout: std::time::Duration::from_millis(200),
        ..Default::default()
    };
    let app = lienthong::server::router(s.cat.clone(), cfg);
    // A cross product over a property path closure: far more than 200 ms of work.
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h . ?i ?t ?j . ?k ?u ?l }";
    let t = std::time::Instant::now();
    let r = send(&app, get(&format!("/sparql?query={}", enc(q)))).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.contains("timeout"), "{}", r.body);
    assert!(t.elapsed() < std::time::Duration::from_secs(20));
}

#[tokio::test]
async fn request_bodies_over_the_limit_are_refused() {
    let s = sample_store();
    let cfg = lienthong::server::ServerConfig {
        admin_token: Some(TOKEN.into()),
        body_limit: 1024,
        ..Default::default()
    };
    let app = lienthong::server::router(s.cat.clone(), cfg);
    let big = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(4096));
    let r = send(
        &app,
        Request::post("/sparql")
            .header("content-type", "application/sparql-query")
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}
