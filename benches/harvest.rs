//! Harvest benchmark: a local CKAN-like Action API server (axum, in this process, on
//! 127.0.0.1) with N packages (default 10,000) served in pages of 1,000, harvested into a
//! fresh on-disk store twice:
//! 1. the first run maps, fingerprints, validates (DCAT-AP-VN shapes, policy quarantine)
//!    and writes every package;
//! 2. the second run, with nothing changed at the source, must be at least 5× faster and
//!    rewrite nothing (no added/updated/removed record, no subject reported to listeners
//!    other than the run record).
//!
//! `cargo bench --bench harvest -- [PACKAGES]`

mod support;

use lienthong::ingest::harvest::fetch::FetchConfig;
use lienthong::ingest::harvest::source::{Kind, Policy, Source};
use lienthong::store::{Catalogue, Change, ChangeListener};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Instant;

struct Touched(Mutex<usize>);
impl ChangeListener for Touched {
    fn name(&self) -> &str {
        "bench"
    }
    fn changed(&self, _: &Catalogue, c: &Change) -> lienthong::Result<()> {
        *self.0.lock().unwrap() += match c {
            Change::Subjects(s) => s.len(),
            Change::Everything => usize::MAX / 2,
        };
        Ok(())
    }
}

/// Slug, name and electronic identifier code (QĐ 20/2020, as in ontologies/agencies-nghe-an.ttl).
const AGENCIES: &[(&str, &str, &str)] = &[
    ("so-y-te", "Sở Y tế", "000.10.00.H40"),
    (
        "so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "000.09.00.H40",
    ),
    (
        "so-nong-nghiep-va-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "000.05.00.H40",
    ),
    ("so-tai-chinh", "Sở Tài chính", "000.03.00.H40"),
    ("so-xay-dung", "Sở Xây dựng", "000.06.00.H40"),
];

fn package(i: usize) -> Value {
    let (org, title, _) = AGENCIES[i % AGENCIES.len()];
    let id = format!("{i:08}-0000-4000-8000-000000000000");
    json!({
        "id": id, "name": format!("du-lieu-{i}"), "title": format!("Bộ dữ liệu {i} — {title} tỉnh Nghệ An"),
        "notes": "Dữ liệu tổng hợp cấp xã, cập nhật định kỳ theo quy định.", "private": false, "state": "active",
        "license_url": "http://www.opendefinition.org/licenses/cc-by", "version": "1.0",
        "metadata_created": "2025-09-01T07:00:00.000000", "metadata_modified": "2026-03-01T08:00:00.000000",
        "maintainer": "Phòng Dữ liệu", "maintainer_email": "dulieu@nghean.gov.vn",
        "organization": {"id": org, "name": org, "title": title},
        "tags": [{"name": "nghệ an"}, {"name": format!("chủ đề {}", i % 17)}],
        "groups": [{"name": "dia-phuong", "title": "Địa phương"}],
        "extras": [{"key": "frequency", "value": "ANNUAL"}, {"key": "temporal_start", "value": "2020-01-01"}],
        "resources": [
            {"id": format!("{i}-csv"), "name": "Tệp CSV", "format": "CSV", "url": format!("https://data.nghean.gov.vn/files/{i}.csv"), "size": 1000 + i, "mimetype": "text/csv", "created": "2025-09-01T07:00:00"},
            {"id": format!("{i}-api"), "name": "API", "format": "JSON", "url": format!("https://lgsp.nghean.gov.vn/api/{i}")}
        ]
    })
}

fn serve(packages: Arc<Vec<Value>>) -> u16 {
    use axum::extract::{Query, State};
    use std::collections::HashMap;
    async fn action(
        State(p): State<Arc<Vec<Value>>>,
        axum::extract::Path(name): axum::extract::Path<String>,
        Query(q): Query<HashMap<String, String>>,
    ) -> axum::Json<Value> {
        let n = |k: &str, d: usize| q.get(k).and_then(|v| v.parse().ok()).unwrap_or(d);
        let result = match name.as_str() {
            "package_search" => {
                let page: Vec<&Value> = p.iter().skip(n("start", 0)).take(n("rows", 10)).collect();
                json!({"count": p.len(), "results": page})
            }
            "organization_list" => Value::Array(
                AGENCIES
                    .iter()
                    .skip(n("offset", 0))
                    .take(n("limit", 25))
                    .map(|(id, t, code)| json!({"id": id, "name": id, "title": t, "extras": [{"key": "ma_dinh_danh", "value": code}]}))
                    .collect(),
            ),
            _ => {
                return axum::Json(
                    json!({"success": false, "error": {"message": "unknown action"}}),
                )
            }
        };
        axum::Json(json!({"help": "bench", "success": true, "result": result}))
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(l.local_addr().expect("addr").port()).expect("send");
            let app = axum::Router::new()
                .route("/api/3/action/{name}", axum::routing::get(action))
                .with_state(packages);
            axum::serve(l, app).await.expect("serve");
        });
    });
    rx.recv().expect("port")
}

fn main() -> anyhow::Result<()> {
    let n: usize = support::arg(1, 10_000)?;
    let packages: Arc<Vec<Value>> = Arc::new((0..n).map(package).collect());
    let port = serve(packages);
    let dir = std::env::temp_dir().join(format!("lienthong-bench-harvest-{}", std::process::id()));
    // In a build without RocksDB (`--no-default-features`) the store is in memory: say so.
    #[cfg(feature = "rocksdb")]
    let (cat, kind) = (Catalogue::open(&dir)?, "on-disk RocksDB store");
    #[cfg(not(feature = "rocksdb"))]
    let (cat, kind) = (
        Catalogue::in_memory()?,
        "IN-MEMORY store (built without RocksDB)",
    );
    let touched = Arc::new(Touched(Mutex::new(0)));
    cat.subscribe(touched.clone());
    lienthong::ingest::harvest::source::save(
        &cat,
        &Source {
            id: "ckan-bench".into(),
            kind: Kind::Ckan,
            url: format!("http://127.0.0.1:{port}"),
            schedule: None,
            credentials_env: None,
            policy: Policy::Quarantine,
            agency: None,
            allowed_hosts: vec![],
            enabled: true,
            page_size: Some(1000),
            language: None,
        },
    )?;
    let cfg = FetchConfig {
        min_interval: std::time::Duration::ZERO,
        ..FetchConfig::default()
    };
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "bench_harvest: {n} CKAN packages, pages of 1000, {profile} build, {kind} {}",
        dir.display()
    );

    let t = Instant::now();
    let r1 = lienthong::ingest::harvest::run_source(&cat, "ckan-bench", &cfg, &|_| {})?;
    let first = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        r1.status == "succeeded",
        "first run failed: {:?}",
        r1.errors
    );
    let quads = cat.triple_count()?;
    println!(
        "first run:  {first:.2}s, {:.0} packages/s — added {}, updated {}, unchanged {}, removed {}, invalid {} ({} requests, {:.1} MB); store {quads} quads",
        n as f64 / first, r1.added, r1.updated, r1.unchanged, r1.removed, r1.invalid, r1.requests, r1.bytes as f64 / 1e6
    );

    *touched.0.lock().unwrap() = 0;
    let t = Instant::now();
    let r2 = lienthong::ingest::harvest::run_source(&cat, "ckan-bench", &cfg, &|_| {})?;
    let second = t.elapsed().as_secs_f64();
    let reported = *touched.0.lock().unwrap();
    println!(
        "second run: {second:.2}s, {:.0} packages/s — added {}, updated {}, unchanged {}, removed {}, invalid {}; subjects reported changed: {reported} (the run record)",
        n as f64 / second, r2.added, r2.updated, r2.unchanged, r2.removed, r2.invalid
    );
    let speedup = first / second;
    println!("speed-up: {speedup:.1}× (required: ≥ 5×)");
    anyhow::ensure!(
        r2.added + r2.updated + r2.removed == 0,
        "the second run rewrote records"
    );
    anyhow::ensure!(
        reported == 1,
        "the second run reported {reported} changed subjects"
    );
    anyhow::ensure!(
        speedup >= 5.0,
        "the second run is only {speedup:.1}× faster"
    );
    drop(cat);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
