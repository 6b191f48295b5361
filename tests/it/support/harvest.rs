//! Harvest helpers: sources pointed at the mock server, quick fetch settings, one run, and
//! what a source's graphs hold.

use lienthong::ingest::harvest::fetch::FetchConfig;
use lienthong::ingest::harvest::source::{Kind, Policy, Source};
use lienthong::store::Catalogue;
use std::time::Duration;

pub fn source(id: &str, kind: Kind, url: &str) -> Source {
    Source {
        id: id.into(),
        kind,
        url: url.into(),
        schedule: None,
        credentials_env: None,
        // The fixtures here exercise harvesting, not the profile: their records are written
        // with their validation reports (the policies have their own tests).
        policy: Policy::Accept,
        agency: None,
        allowed_hosts: vec![],
        enabled: true,
        page_size: None,
        language: None,
    }
}

/// Quick failures for tests: 1.5 s timeout, one retry, no rate limit, 1 MiB bodies.
pub fn cfg() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(1500),
        retries: 1,
        backoff: Duration::from_millis(20),
        min_interval: Duration::ZERO,
        max_body: 1024 * 1024,
        max_redirects: 5,
    }
}

pub fn run(cat: &Catalogue, id: &str) -> lienthong::ingest::harvest::RunReport {
    lienthong::ingest::harvest::run_source(cat, id, &cfg(), &|_| {}).unwrap()
}

/// Every quad of a source's graph and its restricted companion, sorted (blank nodes as
/// stored: an unchanged snapshot means nothing was rewritten).
pub fn snapshot(cat: &Catalogue, id: &str) -> Vec<String> {
    let g = lienthong::vocab::graph::source(id);
    let mut out = Vec::new();
    for name in [g.clone(), lienthong::vocab::graph::restricted_of(&g)] {
        let n = oxigraph::model::NamedNode::new(name).unwrap();
        for q in cat
            .store()
            .quads_for_pattern(None, None, None, Some(n.as_ref().into()))
        {
            out.push(q.unwrap().to_string());
        }
    }
    out.sort();
    out
}

pub fn count_type(cat: &Catalogue, id: &str, class: &str) -> usize {
    snapshot(cat, id)
        .iter()
        .filter(|q| {
            q.contains(&format!(
                "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{class}>"
            ))
        })
        .count()
}
