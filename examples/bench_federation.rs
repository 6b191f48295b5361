//! Federation benchmark: three real `lienthong serve` processes (nghe-an, ha-tinh, thanh-hoa,
//! each a `gen` catalogue of N datasets) against one server holding the merged store, in the
//! same run: a federated COUNT and a federated keyword query, both as `?federated=1` (the
//! same query on every node, answers merged) and as hand-written `SERVICE` unions; and the
//! regional keyword search (`/api/search?scope=region`) against the merged server's index.
//!
//! `cargo run --example bench_federation -- [DATASETS_PER_PROVINCE]` (default 10000).

use lienthong::gen::{generate, GenOptions};
use lienthong::store::{import_file, Catalogue, ImportOptions};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PROVINCES: [&str; 3] = ["nghe-an", "ha-tinh", "thanh-hoa"];
const TOKEN: &str = "bench";

struct Server(Child, u16);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .join("lienthong")
}

/// Starts a server and waits for it: a new store builds its search index first, which on a
/// loaded machine takes minutes.
fn start(store: &Path, peers: &[String]) -> anyhow::Result<Server> {
    let port = free_port()?;
    let mut cmd = Command::new(server_binary());
    cmd.arg("--store")
        .arg(store)
        .arg("serve")
        .args(["--bind", &format!("127.0.0.1:{port}")]);
    for p in peers {
        cmd.args(["--peer", p]);
    }
    let child = cmd
        .env("LIENTHONG_ADMIN_TOKEN", TOKEN)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let s = Server(child, port);
    let t = Instant::now();
    while request(port, "GET", "/healthz", "").is_err() {
        anyhow::ensure!(
            t.elapsed() < Duration::from_secs(1200),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(s)
}

/// One HTTP request; returns the response head and body.
fn request(port: u16, method: &str, path: &str, query: &str) -> anyhow::Result<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(300)))?;
    if method == "GET" {
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )?;
    } else {
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{query}",
            query.len()
        )?;
    }
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out).into_owned();
    anyhow::ensure!(
        text.starts_with("HTTP/1.1 2"),
        "{}",
        &text[..text.len().min(300)]
    );
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Ok((head.to_string(), body.to_string()))
}

fn median_ms(port: u16, path: &str, query: &str, rounds: usize) -> anyhow::Result<(f64, String)> {
    let mut times = Vec::new();
    let mut body = String::new();
    for i in 0..rounds {
        // A distinct text each time: no result cache answers.
        let q = format!("{query}\n# round {i} {}", rand_suffix());
        let t = Instant::now();
        body = request(port, "POST", path, &q)?.1;
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
        body = request(port, "GET", path, "")?.1;
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
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
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
            format!("ha-tinh=http://127.0.0.1:{}", ha.1),
            format!("thanh-hoa=http://127.0.0.1:{}", th.1),
        ],
    )?;
    let merged = start(&merged_path, &[])?;
    let (hp, tp) = (ha.1, th.1);
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
        let (m, body_m) = median_ms(merged.1, "/sparql", plain, rounds)?;
        let (f, _) = median_ms(na.1, "/sparql?federated=1", plain, rounds)?;
        let (s, body_s) = median_ms(na.1, "/sparql", with_service, rounds)?;
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
        let q_enc: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        let (m, body_m) =
            median_get_ms(merged.1, &format!("/api/search?q={q_enc}&size=20"), rounds)?;
        let (r, body_r) = median_get_ms(
            na.1,
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
