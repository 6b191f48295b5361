//! `lienthong serve --demo` as a user runs it: the real binary on a real port, with the
//! embedded Nghệ An catalogue, answering SPARQL and the feed over HTTP.

use crate::support::{enc, http_get, serve};

#[test]
fn serve_demo_answers_sparql_and_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&dir.path().join("store"), &["--demo"]);
    let port = server.port;
    let q = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }";
    let (status, body) = http_get(port, &format!("/sparql?query={}", enc(q)), "text/csv").unwrap();
    assert_eq!(status, 200, "{body}");
    let public: usize = body.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(public >= 40, "the demo shows its public datasets: {public}");
    let (status, body) = http_get(port, "/catalog?format=ttl", "text/turtle").unwrap();
    assert_eq!(status, 200);
    assert!(
        body.contains("hydra:totalItems") || body.contains("totalItems"),
        "{body}"
    );
    assert!(body.contains("Nghệ An"));
    let (status, body) = http_get(port, "/", "text/html").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("SPARQL"));
    drop(server);
}
