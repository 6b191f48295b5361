//! Search benchmark, in one run on one `gen` catalogue:
//! 1. index build rate: a full rebuild of the search index from the on-disk store;
//! 2. `/api/search` latency over HTTP (the real `lienthong serve` binary, anonymous caller,
//!    10 hits with snippets and all facet counts): one client, then 8 concurrent clients,
//!    on a mix of 1–3 word Vietnamese queries with and without diacritics;
//! 3. the same searches as SPARQL `CONTAINS` over HTTP (one client, result cache bypassed):
//!    the count of datasets whose title contains the words, which is what `total` answers.
//!
//! `cargo bench --bench search -- [DATASETS]` (default 100000; the server binary is built
//! with the bench).

mod support;

use lienthong::ingest::{import_file, ImportOptions};
use lienthong::search::{SearchIndex, DIR_NAME};
use lienthong::store::Catalogue;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;
use support::enc;

/// One request (anonymous: search hits and SPARQL answers as JSON); checks for a 2xx answer
/// and returns the body length.
fn request(port: u16, method: &str, path: &str, body: &str) -> anyhow::Result<usize> {
    let headers = [
        ("Content-Type", "application/sparql-query"),
        (
            "Accept",
            "application/sparql-results+json, application/json",
        ),
    ];
    Ok(support::request(port, method, path, &headers, body)?.len())
}

/// 1–3 words, each with and without diacritics (the words occur in `gen` titles,
/// descriptions and keywords, and a few do not occur at all).
const QUERIES: &[&str] = &[
    "đất đai",
    "dat dai",
    "khai sinh",
    "kết hôn",
    "ket hon",
    "trường học",
    "truong hoc",
    "giá đất",
    "gia dat",
    "quy hoạch sử dụng",
    "quy hoach su dung",
    "hộ tịch",
    "ho tich",
    "y tế",
    "dân số",
    "dan so",
    "giao thông",
    "giao thong",
    "môi trường",
    "moi truong",
    "sổ đỏ",
    "so do",
    "Vinh",
    "tàu vũ trụ",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn search_path(q: &str) -> String {
    format!("/api/search?q={}&size=10", enc(q))
}

fn sparql_contains(q: &str, n: u64) -> String {
    let words: Vec<String> = q
        .split_whitespace()
        .map(|w| format!("CONTAINS(LCASE(STR(?t)), \"{}\")", w.to_lowercase()))
        .collect();
    format!(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> ?t FILTER({}) }}\n# {n}",
        words.join(" && ")
    )
}

fn report(label: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    println!(
        "{label:<44} n={:>4}  p50 {:>9.2} ms  p95 {:>9.2} ms  max {:>9.2} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1]
    );
}

fn main() -> anyhow::Result<()> {
    let datasets: usize = support::arg(1, 100_000)?;
    let dir = tempfile::tempdir()?;
    let nt = dir.path().join("gen.nt");
    let t = Instant::now();
    let stats = support::gen_file(&nt, datasets)?;
    println!(
        "catalogue: {datasets} datasets, {} services, {} agencies, {} triples (gen {:.1?})",
        stats.services,
        stats.agencies,
        stats.triples,
        t.elapsed()
    );
    let store_path = dir.path().join("store");
    {
        let cat = Catalogue::open(&store_path)?;
        let t = Instant::now();
        import_file(&cat, &nt, &ImportOptions::default(), None)?;
        println!("import (no index attached): {:.1?}", t.elapsed());
        // 1. Build rate: a full rebuild from the store.
        let (index, _) = SearchIndex::open_dir(&store_path.join(DIR_NAME))?;
        for round in 1..=2 {
            let r = index.rebuild(&cat)?;
            println!(
                "index build (round {round}): {} documents in {:.2} s = {:.0} documents/s",
                r.documents, r.seconds, r.per_second
            );
        }
    }

    // 2. The real server.
    let server = support::serve(&store_path, &[])?;
    let port = server.port;
    let result = (|| -> anyhow::Result<()> {
        for q in QUERIES {
            request(port, "GET", &search_path(q), "")?;
        }
        let rounds = 5;
        let mut one = Vec::new();
        for _ in 0..rounds {
            for q in QUERIES {
                let t = Instant::now();
                request(port, "GET", &search_path(q), "")?;
                one.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        report("/api/search, 1 client", one.clone());
        let times = Mutex::new(Vec::new());
        let done = AtomicU64::new(0);
        let t = Instant::now();
        std::thread::scope(|s| -> anyhow::Result<()> {
            let handles: Vec<_> = (0..8)
                .map(|c| {
                    let (times, done) = (&times, &done);
                    s.spawn(move || -> anyhow::Result<()> {
                        let mut mine = Vec::new();
                        for i in 0..rounds * QUERIES.len() {
                            let q = QUERIES[(c * 3 + i) % QUERIES.len()];
                            let t = Instant::now();
                            request(port, "GET", &search_path(q), "")?;
                            mine.push(t.elapsed().as_secs_f64() * 1e3);
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        times.lock().expect("times").extend(mine);
                        Ok(())
                    })
                })
                .collect();
            for h in handles {
                h.join().map_err(|_| anyhow::anyhow!("client panicked"))??;
            }
            Ok(())
        })?;
        let secs = t.elapsed().as_secs_f64();
        report(
            "/api/search, 8 concurrent clients",
            times.into_inner().expect("times"),
        );
        println!(
            "/api/search, 8 concurrent clients: {:.0} searches/s",
            done.load(Ordering::Relaxed) as f64 / secs
        );

        // 3. SPARQL CONTAINS, one client, every text distinct (no result cache).
        let mut sparql = Vec::new();
        let mut n = 0;
        for q in QUERIES {
            n += 1;
            let t = Instant::now();
            request(port, "POST", "/sparql", &sparql_contains(q, n))?;
            sparql.push(t.elapsed().as_secs_f64() * 1e3);
        }
        report("SPARQL CONTAINS over HTTP, 1 client", sparql.clone());
        one.sort_by(f64::total_cmp);
        sparql.sort_by(f64::total_cmp);
        println!(
            "SPARQL CONTAINS / search, p50 ratio (1 client): {:.0}x",
            percentile(&sparql, 0.5) / percentile(&one, 0.5)
        );
        Ok(())
    })();
    drop(server);
    result
}
