//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store` through the real router.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};

const G: &str = "https://w3id.org/lienthong/graph/agency/so-tu-phap";

fn req(
    method: &str,
    query: &str,
    ct: Option<&str>,
    body: &str,
    token: Option<&str>,
) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(format!("/store?{query}"));
    if let Some(ct) = ct {
        b = b.header("content-type", ct);
    }
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

const DOC: &str = r#"<https://data.nghean.gov.vn/dataset/khai-sinh> a <http://www.w3.org/ns/dcat#Dataset> ;
  <http://purl.org/dc/terms/title> "Đăng ký khai sinh"@vi ."#;

#[tokio::test]
async fn put_get_post_head_delete() {
    let s = store();
    let app = app(&s.cat);
    let q = format!("graph={}", enc(G));
    // Writes need the token.
    assert_eq!(
        send(&app, req("PUT", &q, Some("text/turtle"), DOC, None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, req("PUT", &q, Some("text/turtle"), DOC, Some("bad")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // PUT creates (201), then replaces (204).
    let r = send(&app, req("PUT", &q, Some("text/turtle"), DOC, Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = send(&app, req("PUT", &q, Some("text/turtle"), DOC, Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // GET in N-Triples.
    let r = send(
        &app,
        Request::get(format!("/store?{q}"))
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.lines().count(), 2, "{}", r.body);
    assert!(r.body.contains("\"Đăng ký khai sinh\"@vi"));
    // POST merges.
    let more = "<https://data.nghean.gov.vn/dataset/khai-sinh> <http://purl.org/dc/terms/title> \"Birth registrations\"@en .";
    let r = send(
        &app,
        req("POST", &q, Some("application/n-triples"), more, Some(TOKEN)),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = send(
        &app,
        Request::get(format!("/store?{q}"))
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.body.lines().count(), 3);
    // HEAD: headers, no body.
    let r = send(&app, req("HEAD", &q, None, "", None)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.is_empty());
    // DELETE, then 404.
    assert_eq!(
        send(&app, req("DELETE", &q, None, "", Some(TOKEN)))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&app, req("GET", &q, None, "", None)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&app, req("DELETE", &q, None, "", Some(TOKEN)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn post_without_graph_creates_a_new_graph() {
    let s = store();
    let app = app(&s.cat);
    let r = send(
        &app,
        Request::post("/store")
            .header("content-type", "text/turtle")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::from(DOC))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let location = r
        .headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_string();
    let r = send(
        &app,
        Request::get(location)
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.lines().count(), 2);
}

#[tokio::test]
async fn bad_bodies_are_refused_and_nothing_changes() {
    let s = store();
    let app = app(&s.cat);
    let q = format!("graph={}", enc(G));
    assert_eq!(
        send(&app, req("PUT", &q, Some("text/turtle"), DOC, Some(TOKEN)))
            .await
            .status,
        StatusCode::CREATED
    );
    let r = send(
        &app,
        req(
            "PUT",
            &q,
            Some("text/turtle"),
            "<a> <b> \"unterminated .\n",
            Some(TOKEN),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("line 1"),
        "the error names the line: {}",
        r.body
    );
    // Not an RDF graph format: 415 Unsupported Media Type, as docs/http-api.md says.
    let r = send(&app, req("PUT", &q, Some("image/png"), DOC, Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    assert!(r.body.contains("image/png"));
    // The graph still holds the first document.
    let r = send(
        &app,
        Request::get(format!("/store?{q}"))
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.body.lines().count(), 2);
}

#[tokio::test]
async fn public_readers_get_only_the_public_part_of_a_graph() {
    let s = sample_store();
    let app = app(&s.cat);
    let q = format!(
        "graph={}",
        enc("https://w3id.org/lienthong/graph/import/sample")
    );
    let anon = send(
        &app,
        Request::get(format!("/store?{q}"))
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let admin = send(
        &app,
        Request::get(format!("/store?{q}"))
            .header("accept", "application/n-triples")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(!anon.body.contains("ho-tich") && !anon.body.contains("thanh-tra"));
    assert!(admin.body.contains("ho-tich") && admin.body.contains("thanh-tra"));
    let restricted = format!(
        "graph={}",
        enc("https://w3id.org/lienthong/graph/import/sample/restricted")
    );
    assert_eq!(
        send(&app, req("GET", &restricted, None, "", None))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // ?default is the local-edits graph: empty here, but it exists.
    let r = send(
        &app,
        Request::get("/store?default")
            .header("accept", "application/n-triples")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.trim().is_empty(), "{}", r.body);
}
