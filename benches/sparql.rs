//! SPARQL over HTTP benchmark, against the same queries run in-process on bare oxigraph,
//! in the same run and on the same on-disk store:
//! 1. bare oxigraph, in process: median latency per query of the mix;
//! 2. the real `lienthong serve` binary over HTTP: median latency per query, cold (every
//!    request a distinct query text, so the result cache never answers) and warm (repeated
//!    text: the cache answers until the next write); throughput with 8 concurrent clients
//!    (cold and warm); peak resident memory (VmHWM) of the server process.
//!
//! `cargo bench --bench sparql -- [DATASETS]` (default 100000; the server binary is built
//! with the bench).

mod support;

use lienthong::ingest::{import_file, ImportOptions};
use lienthong::store::Catalogue;
use lienthong::synth::dataset_iri;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PREFIX: &str = "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>\n";

fn mix(datasets: usize) -> Vec<(&'static str, String)> {
    // A node deep in a lineage chain: chains are 12 long in two blocks out of three.
    let deep = dataset_iri("nghe-an", (datasets / 2) / 36 * 36 + 11);
    let one = dataset_iri("nghe-an", datasets / 3);
    vec![
        ("count per publisher", format!("{PREFIX}SELECT ?pub (COUNT(?d) AS ?n) WHERE {{ ?d a dcat:Dataset ; dct:publisher ?pub }} GROUP BY ?pub ORDER BY DESC(?n)")),
        ("keyword lookup", format!("{PREFIX}SELECT ?d ?t WHERE {{ ?d dcat:keyword \"đất đai\"@vi ; dct:title ?t }} LIMIT 50")),
        ("one dataset", format!("{PREFIX}SELECT ?p ?o WHERE {{ <{one}> ?p ?o }}")),
        ("upstream lineage", format!("{PREFIX}SELECT ?up WHERE {{ <{deep}> prov:wasDerivedFrom+ ?up }}")),
        ("recently modified", format!("{PREFIX}SELECT ?d ?m WHERE {{ ?d a dcat:Dataset ; dct:modified ?m }} ORDER BY DESC(?m) LIMIT 20")),
    ]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bare(store: &Store, q: &str) -> anyhow::Result<usize> {
    let mut evaluator = SparqlEvaluator::new().parse_query(q)?;
    evaluator.dataset_mut().set_default_graph_as_union();
    Ok(match evaluator.on_store(store).execute()? {
        QueryResults::Solutions(s) => s
            .map(|r| r.map(|_| ()))
            .collect::<Result<Vec<_>, _>>()?
            .len(),
        QueryResults::Boolean(_) => 1,
        QueryResults::Graph(g) => g.count(),
    })
}

/// POSTs a SPARQL query as the administrator (or GETs `path` when `body` is empty) and
/// checks for a 2xx answer.
fn post(port: u16, path: &str, body: &str) -> anyhow::Result<()> {
    if body.is_empty() {
        support::request(port, "GET", path, &[], "")?;
    } else {
        let auth = format!("Bearer {}", support::TOKEN);
        let headers = [
            ("Content-Type", "application/sparql-query"),
            ("Accept", "application/sparql-results+json"),
            ("Authorization", auth.as_str()),
        ];
        support::request(port, "POST", path, &headers, body)?;
    }
    Ok(())
}

/// POSTs a form-encoded query to another SPARQL endpoint (Virtuoso) and checks for 2xx.
fn post_form(port: u16, path: &str, query: &str) -> anyhow::Result<()> {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("query", query)
        .finish();
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/sparql-results+json"),
    ];
    support::request(port, "POST", path, &headers, &body)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let datasets: usize = support::arg(1, 100_000)?;
    let runs = 15;
    let dir = tempfile::tempdir()?;
    let nt = dir.path().join("gen.nt");
    let stats = support::gen_file(&nt, datasets)?;
    let store_path = dir.path().join("store");
    {
        let cat = Catalogue::open(&store_path)?;
        import_file(&cat, &nt, &ImportOptions::default(), None)?;
    }
    println!("catalogue: {datasets} datasets, {} triples", stats.triples);
    let mix = mix(datasets);

    // 1. Bare oxigraph in process.
    let mut bare_medians = Vec::new();
    {
        let store = Store::open(&store_path)?;
        for (name, q) in &mix {
            bare(&store, q)?; // warm the block cache
            let times: Vec<f64> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    bare(&store, q).map(|_| t.elapsed().as_secs_f64() * 1e3)
                })
                .collect::<anyhow::Result<_>>()?;
            bare_medians.push(median(times));
            println!(
                "bare oxigraph  {name:<20} median {:>9.2} ms",
                bare_medians.last().unwrap()
            );
        }
    }

    // 2. The real server binary over HTTP (a plain HTTP/1.1 client, one connection per
    //    request: the loopback connect is part of every figure).
    // Twice: without read images (the engine on the on-disk store), then with them.
    let mut server: Option<support::Server> = None;
    let mut result = Ok(());
    for images in [false, true] {
        // One server at a time on the store: the previous one is stopped first.
        drop(server.take());
        let config = dir.path().join(format!("serve-{images}.toml"));
        std::fs::write(
            &config,
            format!(
                "read_image_max_triples = {}\n",
                if images { 10_000_000 } else { 0 }
            ),
        )?;
        println!(
            "--- lienthong serve, read images {}",
            if images { "on" } else { "off" }
        );
        let started = support::serve(&store_path, &["--config", &config.display().to_string()])?;
        let port = started.port;
        server = Some(started);
        result = (|| -> anyhow::Result<()> {
            if images {
                // The first query starts the image build; wait until it is there.
                post(port, "/sparql", "ASK {}")?;
                let t = Instant::now();
                // The image state is shown to the administrator only.
                let auth = format!("Bearer {}", support::TOKEN);
                let headers = [("authorization", auth.as_str())];
                while !support::request(port, "GET", "/healthz", &headers, "")?
                    .contains("\"admin\":1")
                {
                    anyhow::ensure!(t.elapsed() < Duration::from_secs(600), "no read image");
                    std::thread::sleep(Duration::from_millis(200));
                }
                println!(
                    "read image built in {:.1} s (after the first query)",
                    t.elapsed().as_secs_f64()
                );
            }
            let counter = Arc::new(AtomicU64::new(0));
            let ask = |q: &str, cold: bool| -> anyhow::Result<()> {
                let q = if cold {
                    format!("{q}\n# {}", counter.fetch_add(1, Ordering::Relaxed))
                } else {
                    q.to_string()
                };
                post(port, "/sparql", &q)
            };
            for (i, (name, q)) in mix.iter().enumerate() {
                for cold in [true, false] {
                    ask(q, cold)?;
                    let mut times = Vec::new();
                    for _ in 0..runs {
                        let t = Instant::now();
                        ask(q, cold)?;
                        times.push(t.elapsed().as_secs_f64() * 1e3);
                    }
                    let m = median(times);
                    println!(
                        "lienthong HTTP {name:<20} {} median {m:>9.2} ms ({:.2}x bare)",
                        if cold { "cold" } else { "warm" },
                        m / bare_medians[i]
                    );
                }
            }
            for cold in [true, false] {
                let done = AtomicU64::new(0);
                let deadline = Instant::now() + Duration::from_secs(20);
                std::thread::scope(|s| -> anyhow::Result<()> {
                    let handles: Vec<_> = (0..8)
                        .map(|c| {
                            let (mix, done, ask) = (&mix, &done, &ask);
                            s.spawn(move || -> anyhow::Result<()> {
                                let mut i = c;
                                while Instant::now() < deadline {
                                    ask(&mix[i % mix.len()].1, cold)?;
                                    done.fetch_add(1, Ordering::Relaxed);
                                    i += 1;
                                }
                                Ok(())
                            })
                        })
                        .collect();
                    for h in handles {
                        h.join().map_err(|_| anyhow::anyhow!("client panicked"))??;
                    }
                    Ok(())
                })?;
                println!(
                    "lienthong HTTP 8 clients {}: {:.1} queries/s",
                    if cold { "cold" } else { "warm" },
                    done.load(Ordering::Relaxed) as f64 / 20.0
                );
            }
            Ok(())
        })();
        if result.is_err() {
            break;
        }
    }
    let server = server.ok_or_else(|| anyhow::anyhow!("no server"))?;
    // 3. Optionally, Virtuoso loaded with the same file (VIRTUOSO_PORT=8890): the same mix,
    //    every request a distinct text, and 8 clients.
    if let Ok(vport) = std::env::var("VIRTUOSO_PORT") {
        let vport: u16 = vport.parse()?;
        let counter = AtomicU64::new(0);
        let ask = |q: &str| {
            post_form(
                vport,
                "/sparql",
                &format!("{q}\n# {}", counter.fetch_add(1, Ordering::Relaxed)),
            )
        };
        for (i, (name, q)) in mix.iter().enumerate() {
            ask(q)?;
            let mut times = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                ask(q)?;
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            let m = median(times);
            println!(
                "virtuoso HTTP  {name:<20} cold median {m:>9.2} ms ({:.2}x bare oxigraph)",
                m / bare_medians[i]
            );
        }
        let done = AtomicU64::new(0);
        let deadline = Instant::now() + Duration::from_secs(20);
        std::thread::scope(|s| -> anyhow::Result<()> {
            let handles: Vec<_> = (0..8)
                .map(|c| {
                    let (mix, done, ask) = (&mix, &done, &ask);
                    s.spawn(move || -> anyhow::Result<()> {
                        let mut i = c;
                        while Instant::now() < deadline {
                            ask(&mix[i % mix.len()].1)?;
                            done.fetch_add(1, Ordering::Relaxed);
                            i += 1;
                        }
                        Ok(())
                    })
                })
                .collect();
            for h in handles {
                h.join().map_err(|_| anyhow::anyhow!("client panicked"))??;
            }
            Ok(())
        })?;
        println!(
            "virtuoso HTTP 8 clients cold: {:.1} queries/s",
            done.load(Ordering::Relaxed) as f64 / 20.0
        );
    }
    if let Some(kb) = support::vm_hwm_kb(server.pid()) {
        println!(
            "lienthong serve peak resident memory (VmHWM): {:.0} MB",
            kb as f64 / 1024.0
        );
    }
    drop(server);
    result
}
