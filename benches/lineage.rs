//! Lineage benchmark, in one run and on one on-disk store:
//! 1. `gen` catalogue (default 100,000 datasets: chains of 12, extra random upstreams that
//!    make paths much longer, cross-province edges), imported with `lienthong import`'s path;
//! 2. the real `lienthong serve` binary: the first lineage request (which builds the
//!    adjacency index), then p50/p95 of `GET /api/lineage/{id}?direction=up|down` for deep
//!    nodes, each request a different node (so no answer is reused), depth 10 and unbounded;
//! 3. on the same server, the plain SPARQL property paths `<d> prov:wasDerivedFrom+ ?u` and
//!    `?d prov:wasDerivedFrom+ <d>` for the same nodes (distinct text each time, so the
//!    result cache never answers), p50/p95.
//!
//! `cargo bench --bench lineage -- [DATASETS]` (the server binary is built with the bench).

mod support;

use lienthong::ingest::{import_file, ImportOptions};
use lienthong::store::Catalogue;
use lienthong::synth::dataset_iri;
use std::time::Instant;
use support::{enc, TOKEN};

/// A request as the administrator (a fifth of gen's datasets are non-public): GETs ask for
/// JSON, POSTs are SPARQL queries.
fn request(port: u16, method: &str, path: &str, body: &str) -> anyhow::Result<String> {
    let auth = format!("Bearer {TOKEN}");
    let headers: &[(&str, &str)] = if method == "GET" {
        &[("Accept", "application/json"), ("Authorization", &auth)]
    } else {
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "application/sparql-results+json"),
            ("Authorization", &auth),
        ]
    };
    support::request(port, method, path, headers, body)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn main() -> anyhow::Result<()> {
    let datasets: usize = support::arg(1, 100_000)?;
    let dir = tempfile::tempdir()?;
    let nt = dir.path().join("gen.nt");
    let t = Instant::now();
    let stats = support::gen_file(&nt, datasets)?;
    println!(
        "gen: {datasets} datasets, {} triples, {} lineage edges ({} cross-province) in {:.1?}",
        stats.triples,
        stats.lineage_edges,
        stats.cross_province_edges,
        t.elapsed()
    );
    let store_path = dir.path().join("store");
    let t = Instant::now();
    {
        let cat = Catalogue::open(&store_path)?;
        import_file(&cat, &nt, &ImportOptions::default(), None)?;
        let t2 = Instant::now();
        let ix = lienthong::lineage::LineageIndex::build(&cat)?;
        println!(
            "import {:.1?}; adjacency index in process: {} nodes, {} edges, built in {:.0?}",
            t.elapsed() - t2.elapsed(),
            ix.node_count(),
            ix.edge_count(),
            t2.elapsed()
        );
    }
    // Deep nodes: the last of a 12-long chain (i % 12 == 11) in a chained block, spread over
    // the second half of the catalogue.
    let deep: Vec<usize> = (datasets / 2..datasets)
        .filter(|i| i % 12 == 11 && (i / 12) % 3 != 2)
        .step_by(((datasets / 2) / 36 / 60).max(1))
        .take(60)
        .collect();
    // Chain heads for downstream (i % 12 == 1: ten chained successors, plus random dependants).
    let heads: Vec<usize> = deep.iter().map(|i| i - 10).collect();

    let server = support::serve(&store_path, &[])?;
    let port = server.port;
    let result = (|| -> anyhow::Result<()> {
        let t = Instant::now();
        request(
            port,
            "GET",
            &format!(
                "/api/lineage/{}?direction=up&depth=1",
                enc(&dataset_iri("nghe-an", 11))
            ),
            "",
        )?;
        println!(
            "first lineage request (builds the index in the server): {:.0?}",
            t.elapsed()
        );
        println!("\n| query ({} different deep nodes each) | mean nodes | p50 | p95 |\n| --- | --- | --- | --- |", deep.len());
        let run = |label: &str,
                   nodes: &[usize],
                   f: &dyn Fn(&str) -> anyhow::Result<usize>|
         -> anyhow::Result<()> {
            let mut times = Vec::new();
            let mut sizes = 0;
            for &i in nodes {
                let iri = dataset_iri("nghe-an", i);
                let t = Instant::now();
                sizes += f(&iri)?;
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            println!(
                "| {label} | {:.0} | {:.2} ms | {:.2} ms |",
                sizes as f64 / nodes.len() as f64,
                pct(&mut times.clone(), 0.5),
                pct(&mut times, 0.95)
            );
            Ok(())
        };
        let api = |dir: &'static str, depth: usize| {
            move |iri: &str| -> anyhow::Result<usize> {
                let body = request(
                    port,
                    "GET",
                    &format!("/api/lineage/{}?direction={dir}&depth={depth}", enc(iri)),
                    "",
                )?;
                let v: serde_json::Value = serde_json::from_str(&body)?;
                Ok(v["nodes"].as_array().map_or(0, |n| n.len() - 1))
            }
        };
        let counter = std::sync::atomic::AtomicU64::new(0);
        let sparql = |pattern: &'static str| {
            let counter = &counter;
            move |iri: &str| -> anyhow::Result<usize> {
                let q = format!(
                    "PREFIX prov: <http://www.w3.org/ns/prov#>\nSELECT DISTINCT ?x WHERE {{ {} }}\n# {}",
                    pattern.replace("DS", &format!("<{iri}>")),
                    counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                );
                let body = request(port, "POST", "/sparql", &q)?;
                let v: serde_json::Value = serde_json::from_str(&body)?;
                Ok(v["results"]["bindings"].as_array().map_or(0, Vec::len))
            }
        };
        // Warm the block cache the same way for both sides.
        for &i in deep.iter().take(5) {
            api("up", 10)(&dataset_iri("nghe-an", i))?;
            sparql("DS prov:wasDerivedFrom+ ?x")(&dataset_iri("nghe-an", i))?;
        }
        run("API upstream, depth 10", &deep, &api("up", 10))?;
        run("API upstream, unbounded", &deep, &api("up", 10_000))?;
        run(
            "SPARQL `DS prov:wasDerivedFrom+ ?x`",
            &deep,
            &sparql("DS prov:wasDerivedFrom+ ?x"),
        )?;
        run("API downstream, depth 10", &heads, &api("down", 10))?;
        run("API downstream, unbounded", &heads, &api("down", 10_000))?;
        run(
            "SPARQL `?x prov:wasDerivedFrom+ DS`",
            &heads,
            &sparql("?x prov:wasDerivedFrom+ DS"),
        )?;
        run("API both directions, depth 10", &deep, &api("both", 10))?;
        Ok(())
    })();
    drop(server);
    result
}
