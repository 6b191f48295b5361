//! Runs the W3C SPARQL 1.1 Protocol manifest (../shared/conformance/sparql11-w3c/protocol)
//! against the real router: every request of every test, in order, with its expected status,
//! result format and boolean. Cases not passed must be listed in KNOWN_FAILURES with a reason
//! (README repeats the list). Skips loudly when ../shared is absent (fails under CI).

use crate::support::*;
use axum::body::Body;
use axum::http::Request;
use lienthong::ingest::{import_file, ImportOptions};
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::PathBuf;

/// Tests this endpoint deliberately answers differently, with the reason.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn dir() -> Option<PathBuf> {
    require_shared("conformance/sparql11-w3c/protocol/manifest.ttl")
        .map(|m| m.parent().expect("manifest folder").to_path_buf())
}

fn select(store: &Store, q: &str) -> Vec<Vec<Option<Term>>> {
    let QueryResults::Solutions(s) = SparqlEvaluator::new()
        .parse_query(q)
        .unwrap()
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("select expected")
    };
    let vars: Vec<_> = s.variables().to_vec();
    s.map(|r| {
        let r = r.unwrap();
        vars.iter().map(|v| r.get(v).cloned()).collect()
    })
    .collect()
}

fn lit(t: &Option<Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

const PREFIXES: &str = "PREFIX mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#>
PREFIX ht: <http://www.w3.org/2011/http#> PREFIX cnt: <http://www.w3.org/2011/content#>
PREFIX ut: <http://www.w3.org/2009/sparql/tests/test-update#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>";

#[tokio::test]
async fn w3c_sparql11_protocol_manifest() {
    let Some(dir) = dir() else {
        return;
    };
    let manifest = Store::new().unwrap();
    let base = format!("file://{}/manifest.ttl", dir.display());
    manifest
        .load_from_reader(
            oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
                .with_base_iri(base)
                .unwrap(),
            std::fs::read(dir.join("manifest.ttl")).unwrap().as_slice(),
        )
        .unwrap();
    let tests = select(&manifest, &format!("{PREFIXES} SELECT ?t ?name WHERE {{ ?t a mf:ProtocolTest ; mf:name ?name }} ORDER BY ?t"));
    assert_eq!(tests.len(), 34, "the manifest has 34 protocol tests");
    let mut failures = Vec::new();
    let mut passed = 0;
    for t in &tests {
        let test = lit(&t[0]);
        let short = test.rsplit('#').next().unwrap().to_string();
        let s = store();
        let app = app(&s.cat);
        for g in select(&manifest, &format!("{PREFIXES} SELECT ?file ?label WHERE {{ <{test}> ut:graphData [ ut:graph ?file ; rdfs:label ?label ] }}")) {
            let file = lit(&g[0]).trim_start_matches("file://").to_string();
            import_file(&s.cat, std::path::Path::new(&file), &ImportOptions { graph: Some(lit(&g[1])), ..Default::default() }, None).unwrap();
        }
        let mut ok = true;
        let mut why = String::new();
        // Every request of the test, in list order, with its expectations.
        let rows = select(&manifest, &format!("{PREFIXES} SELECT ?pos ?path ?method ?body (GROUP_CONCAT(CONCAT(?hn, '\\u0001', ?hv); separator='\\u0002') AS ?headers) ?status ?format ?boolean WHERE {{
            {{ SELECT ?r (COUNT(?mid) AS ?pos) WHERE {{ <{test}> mf:action/ht:requests ?list . ?list rdf:rest* ?mid . ?mid rdf:rest* ?node . ?node rdf:first ?r }} GROUP BY ?r }}
            ?r ht:absolutePath ?path ; ht:methodName ?method ; ht:resp ?resp .
            OPTIONAL {{ ?r ht:body/cnt:chars ?body }}
            OPTIONAL {{ ?r ht:headers/rdf:rest*/rdf:first [ ht:fieldName ?hn ; ht:fieldValue ?hv ] }}
            OPTIONAL {{ ?resp mf:expectedFormat ?format }}
            OPTIONAL {{ ?resp mf:expectedBoolean ?boolean }}
            {{ SELECT ?resp (GROUP_CONCAT(STR(?st); separator=' ') AS ?status) WHERE {{ ?resp mf:expectedStatus ?st }} GROUP BY ?resp }}
        }} GROUP BY ?pos ?path ?method ?body ?status ?format ?boolean ORDER BY ?pos"));
        for row in rows {
            let path = lit(&row[1]).replacen("/sparql/", "/sparql", 1);
            let method = lit(&row[2]);
            let body = lit(&row[3]);
            let mut b = Request::builder()
                .method(method.as_str())
                .uri(path.clone())
                .header("authorization", format!("Bearer {TOKEN}"));
            for h in lit(&row[4]).split('\u{2}').filter(|h| !h.is_empty()) {
                let (n, v) = h.split_once('\u{1}').unwrap();
                b = b.header(n, v);
            }
            let resp = send(&app, b.body(Body::from(body)).unwrap()).await;
            let statuses = lit(&row[5]);
            let class = format!("StatusCode{}xx", resp.status.as_u16() / 100);
            if !statuses.contains(&class) {
                ok = false;
                why = format!(
                    "{method} {path}: got {} ({}), expected {statuses}",
                    resp.status,
                    resp.body.trim()
                );
                break;
            }
            let format = lit(&row[6]);
            let is_rdf = [
                "text/turtle",
                "application/n-triples",
                "application/rdf+xml",
                "application/ld+json",
            ]
            .iter()
            .any(|m| resp.content_type.starts_with(m));
            let is_results = resp.content_type.starts_with("application/sparql-results");
            let format_ok = match format.as_str() {
                "" => true,
                "RDF" => is_rdf,
                "boolean" => is_results && (resp.body.contains("boolean")),
                "tabular" => {
                    is_results
                        || resp.content_type.starts_with("text/csv")
                        || resp.content_type.starts_with("text/tab-separated-values")
                }
                _ => false,
            };
            if !format_ok {
                ok = false;
                why = format!(
                    "{method} {path}: format {format} expected, got {}",
                    resp.content_type
                );
                break;
            }
            if let Some(expected) = &row[7] {
                let want = lit(&Some(expected.clone()));
                if !resp
                    .body
                    .replace(' ', "")
                    .contains(&format!("\"boolean\":{want}"))
                {
                    ok = false;
                    why = format!(
                        "{method} {path}: boolean {want} expected, got {}",
                        resp.body
                    );
                    break;
                }
            }
        }
        if ok {
            passed += 1;
        } else if !KNOWN_FAILURES.iter().any(|(n, _)| *n == short) {
            failures.push(format!("{short} ({}): {why}", lit(&t[1])));
        }
    }
    eprintln!(
        "W3C SPARQL 1.1 Protocol: {passed} of {} passed",
        tests.len()
    );
    assert!(
        failures.is_empty(),
        "{} unexpected failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
