//! Federation benchmark: three real `lienthong serve` processes (nghe-an, ha-tinh, thanh-hoa,
//! each a `gen` catalogue of N datasets) against one server holding the merged store, in the
//! same run: a federated COUNT and a federated keyword query, both as `?federated=1` (the
//! same query on every node, answers merged) and as hand-written `SERVICE` unions; and the
//! regional keyword search (`/api/search?scope=region`) against the merged server's index.
//!
//! `cargo bench --bench federation -- [DATASETS_PER_PROVINCE]` (default 10000).

mod support;

use lienthong::ingest::{import_file, ImportOptions};
use lienthong::store::Catalogue;
use lienthong::synth::{generate, GenOptions};
use std::path::Path;
use std::time::Instant;
use support::Server;

const PROVINCES: [&str; 3] = ["nghe-an", "ha-tinh", "thanh-hoa"];
/// Starts a server knowing `peers` (`id=url`).
fn start(store: &Path, peers: &[String]) -> anyhow::Result<Server> {
    let args: Vec<&str> = peers.iter().flat_map(|p| ["--peer", p.as_str()]).collect();
    support::serve(store, &args)
}

/// POSTs a SPARQL query (CSV results) and returns the body.
fn sparql(port: u16, path: &str, query: &str) -> anyhow::Result<String> {
    support::request(
        port,
        "POST",
        path,
        &[
            ("Content-Type", "application/sparql-query"),
            ("Accept", "text/csv"),
        ],
        query,
    )
}

fn median_ms(port: u16, path: &str, query: &str, rounds: usize) -> anyhow::Result<(f64, String)> {
    let mut times = Vec::new();
    let mut body = String::new();
    for i in 0..rounds {
        // A distinct text each time: no result cache answers.
        let q = format!("{query}\n# round {i} {}", rand_suffix());
        let t = Instant::now();
        body = sparql(port, path, &q)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], body))
}

/// Median time of a GET (search answers are not cached) and the last JSON answer.
fn median_get_ms(port: u16, path: &str, rounds: usize) -> anyhow::Result<(f64, serde_json::Value)> {
    let mut times = Vec::new();
    let mut body = String::new();
    for _ in 0..rounds {
        let t = Instant::now();
        body = support::request(port, "GET", path, &[], "")?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], serde_json::from_str(&body)?))
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn main() -> anyhow::Result<()> {
    let n: usize = support::arg(1, 10_000)?;
    let dir = tempfile::tempdir()?;
    let merged_path = dir.path().join("merged");
    let mut stores = Vec::new();
    {
        let merged = Catalogue::open(&merged_path)?;
        for p in PROVINCES {
            let file = dir.path().join(format!("{p}.nt"));
            generate(
                &GenOptions {
                    datasets: n,
                    province: p.into(),
                    seed: 42,
                    ..GenOptions::default()
                },
                std::io::BufWriter::new(std::fs::File::create(&file)?),
            )?;
            let store = dir.path().join(p);
            let cat = Catalogue::open(&store)?;
            import_file(&cat, &file, &ImportOptions::default(), None)?;
            import_file(&merged, &file, &ImportOptions::default(), None)?;
            stores.push(store);
        }
    }
    println!(
        "three provinces of {n} datasets each; merged store of {}",
        3 * n
    );
    let ha = start(&stores[1], &[])?;
    let th = start(&stores[2], &[])?;
    let na = start(
        &stores[0],
        &[
            format!("ha-tinh=http://127.0.0.1:{}", ha.port),
            format!("thanh-hoa=http://127.0.0.1:{}", th.port),
        ],
    )?;
    let merged = start(&merged_path, &[])?;
    let (hp, tp) = (ha.port, th.port);
    let ds = "<http://www.w3.org/ns/dcat#Dataset>";
    let title = "<http://purl.org/dc/terms/title>";
    let count = format!("SELECT (COUNT(?d) AS ?n) WHERE {{ ?d a {ds} }}");
    let keyword = format!(
        "SELECT ?d ?t WHERE {{ ?d a {ds} ; {title} ?t FILTER(CONTAINS(LCASE(STR(?t)), \"đất đai\")) }}"
    );
    let service = |inner: &str, proj: &str| {
        format!(
            "SELECT {proj} WHERE {{ {{ {inner} }} UNION {{ SERVICE <http://127.0.0.1:{hp}/sparql> {{ {inner} }} }} UNION {{ SERVICE <http://127.0.0.1:{tp}/sparql> {{ {inner} }} }} }}"
        )
    };
    let count_service = service(&format!("?d a {ds}"), "(COUNT(?d) AS ?n)");
    let keyword_service = service(
        &format!("?d a {ds} ; {title} ?t FILTER(CONTAINS(LCASE(STR(?t)), \"đất đai\"))"),
        "?d ?t",
    );
    let rounds = 7;
    println!("| query | merged store | federated=1 (3 nodes) | SERVICE union (3 nodes) |");
    println!("| --- | --- | --- | --- |");
    for (name, plain, with_service) in [
        ("COUNT datasets", &count, &count_service),
        ("keyword (CONTAINS \"đất đai\")", &keyword, &keyword_service),
    ] {
        let (m, body_m) = median_ms(merged.port, "/sparql", plain, rounds)?;
        let (f, _) = median_ms(na.port, "/sparql?federated=1", plain, rounds)?;
        let (s, body_s) = median_ms(na.port, "/sparql", with_service, rounds)?;
        let rows = |b: &str| b.lines().count().saturating_sub(1);
        anyhow::ensure!(
            rows(&body_m) == rows(&body_s) || name.starts_with("COUNT"),
            "SERVICE union and merged store disagree: {} vs {} rows",
            rows(&body_m),
            rows(&body_s)
        );
        if name.starts_with("COUNT") {
            anyhow::ensure!(
                body_m.trim_end().lines().last() == body_s.trim_end().lines().last(),
                "counts differ: {body_m} vs {body_s}"
            );
        }
        println!(
            "| {name} | {m:.1} ms | {f:.1} ms ({:.2}×) | {s:.1} ms ({:.2}×) |",
            f / m,
            s / m
        );
    }
    println!();
    println!("| search | merged index | scope=region (3 nodes) |");
    println!("| --- | --- | --- |");
    for q in ["đất đai", "lu lut"] {
        let q_enc = support::enc(q);
        let (m, body_m) = median_get_ms(
            merged.port,
            &format!("/api/search?q={q_enc}&size=20"),
            rounds,
        )?;
        let (r, body_r) = median_get_ms(
            na.port,
            &format!("/api/search?q={q_enc}&size=20&scope=region"),
            rounds,
        )?;
        anyhow::ensure!(
            body_m["total"] == body_r["total"],
            "regional and merged totals differ: {} vs {}",
            body_m["total"],
            body_r["total"]
        );
        anyhow::ensure!(
            body_r["nodes"]
                .as_array()
                .is_some_and(|n| n.iter().all(|n| n["ok"] == true)),
            "a node failed: {}",
            body_r["nodes"]
        );
        println!(
            "| \"{q}\" ({} matches, first 20) | {m:.1} ms | {r:.1} ms ({:.2}×) |",
            body_m["total"],
            r / m
        );
    }
    Ok(())
}
