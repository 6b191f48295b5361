//! `/catalog`: the paged DCAT-AP feed, through the real router on a store loaded from `gen`.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use lienthong::ingest::{import_reader, ImportOptions};
use lienthong::synth::{generate, GenOptions};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNodeRef, Term};
use std::collections::HashMap;

const DCAT_DATASET: &str = "http://www.w3.org/ns/dcat#Dataset";

fn gen_store(n: usize) -> (TestStore, lienthong::synth::GenStats) {
    let s = store();
    let mut buf = Vec::new();
    let stats = generate(
        &GenOptions {
            datasets: n,
            ..Default::default()
        },
        &mut buf,
    )
    .unwrap();
    let opts = ImportOptions {
        format: Some(RdfFormat::NTriples),
        graph: Some("https://w3id.org/lienthong/graph/source/gen".into()),
        ..Default::default()
    };
    import_reader(&s.cat, buf.as_slice(), "gen.nt", &opts, None).unwrap();
    (s, stats)
}

fn parse(body: &str, format: RdfFormat) -> Vec<oxigraph::model::Quad> {
    RdfParser::from_format(format)
        .for_slice(body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("the page parses")
}

fn objects<'a>(quads: &'a [oxigraph::model::Quad], p: &str) -> Vec<&'a Term> {
    quads
        .iter()
        .filter(|q| q.predicate.as_str() == p)
        .map(|q| &q.object)
        .collect()
}

async fn walk(
    app: &axum::Router,
    token: Option<&str>,
    page_size: usize,
) -> (HashMap<String, usize>, u64, Vec<oxigraph::model::Quad>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut url = format!("/catalog?page_size={page_size}");
    let mut total;
    let mut all = Vec::new();
    for _ in 0..1000 {
        let mut b = Request::get(&url).header("accept", "text/turtle");
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        let r = send(app, b.body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        let quads = parse(&r.body, RdfFormat::Turtle);
        total = objects(&quads, "http://www.w3.org/ns/hydra/core#totalItems")[0]
            .to_string()
            .split('"')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        for q in &quads {
            if q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                && q.object.to_string() == format!("<{DCAT_DATASET}>")
            {
                *seen.entry(q.subject.to_string()).or_default() += 1;
            }
        }
        let next = objects(&quads, "http://www.w3.org/ns/hydra/core#next")
            .first()
            .map(|t| match t {
                Term::NamedNode(n) => n.as_str().to_string(),
                _ => panic!("next is an IRI"),
            });
        all.extend(quads);
        match next {
            Some(n) => url = n.trim_start_matches("http://127.0.0.1:7878").to_string(),
            None => return (seen, total, all),
        }
    }
    panic!("the feed never ended");
}

#[tokio::test]
async fn every_dataset_exactly_once_with_its_distributions_and_agencies() {
    let (s, stats) = gen_store(230);
    let app = app(&s.cat);
    let (seen, total, quads) = walk(&app, Some(TOKEN), 50).await;
    assert_eq!(total as usize, stats.datasets);
    assert_eq!(seen.len(), stats.datasets);
    assert!(
        seen.values().all(|n| *n == 1),
        "a dataset appeared on two pages"
    );
    // Each dataset's distributions and publisher are described (on its page).
    let described: std::collections::HashSet<String> =
        quads.iter().map(|q| q.subject.to_string()).collect();
    for q in &quads {
        if q.predicate.as_str() == "http://www.w3.org/ns/dcat#distribution"
            || q.predicate.as_str() == "http://purl.org/dc/terms/publisher"
        {
            assert!(
                described.contains(&q.object.to_string()),
                "{} is linked but not described",
                q.object
            );
        }
    }
    // byteSize keeps the DCAT-AP datatype.
    assert!(quads.iter().any(|q| q.predicate.as_ref() == NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize")
        && matches!(&q.object, Term::Literal(l) if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#nonNegativeInteger")));
}

#[tokio::test]
async fn anonymous_feed_has_only_public_datasets() {
    let (s, stats) = gen_store(120);
    let app = app(&s.cat);
    let (seen, total, quads) = walk(&app, None, 40).await;
    assert_eq!(total as usize, stats.datasets - stats.non_public);
    assert_eq!(seen.len(), total as usize);
    let restricted = "http://publications.europa.eu/resource/authority/access-right/RESTRICTED";
    assert!(!quads
        .iter()
        .any(|q| q.object.to_string().contains(restricted)));
    assert!(!quads
        .iter()
        .any(|q| q.object.to_string().contains("NON_PUBLIC")));
}

#[tokio::test]
async fn formats_paging_links_and_modified_since() {
    let (s, _) = gen_store(60);
    let app = app(&s.cat);
    for (accept, format) in [
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
        ("text/turtle", RdfFormat::Turtle),
    ] {
        let r = send(
            &app,
            Request::get("/catalog?page_size=10&page=2")
                .header("accept", accept)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        let quads = parse(&r.body, format);
        for p in ["first", "last", "next", "previous"] {
            assert_eq!(
                objects(&quads, &format!("http://www.w3.org/ns/hydra/core#{p}")).len(),
                1,
                "{accept}: hydra:{p}"
            );
        }
    }
    let r = send(&app, get("/catalog?format=ttl&page_size=10&page=5")).await;
    let quads = parse(&r.body, RdfFormat::Turtle);
    assert!(
        objects(&quads, "http://www.w3.org/ns/hydra/core#next").is_empty(),
        "the last page has no next"
    );
    // modified_since narrows the count.
    let all = send(&app, get("/catalog?format=ttl")).await;
    let some = send(&app, get("/catalog?format=ttl&modified_since=2025-06-01")).await;
    let count = |body: &str| {
        objects(
            &parse(body, RdfFormat::Turtle),
            "http://www.w3.org/ns/hydra/core#totalItems",
        )[0]
        .to_string()
    };
    assert_ne!(count(&all.body), count(&some.body));
    // Bad parameters.
    assert_eq!(
        send(&app, get("/catalog?modified_since=yesterday"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        send(&app, get("/catalog?page=0")).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        send(&app, get("/catalog?page_size=abc")).await.status,
        StatusCode::BAD_REQUEST
    );
}
