//! Validation-gate benchmark: the same `gen` catalogue imported into fresh on-disk stores
//! without the gate, with the gate in memory (the path for files up to 64 MB), and loaded
//! then validated from the store in record batches (the path for larger files), in one run.
//!
//! `cargo bench --bench gate -- [DATASETS]` (default 10000)

mod support;

use lienthong::ingest::{import_file, ImportOptions};

use lienthong::gate::{validate_loaded, GateConfig, OnInvalid, Origin, Shapes};
use lienthong::store::Catalogue;
use std::sync::Arc;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let datasets: usize = support::arg(1, 10_000)?;
    let dir = tempfile::tempdir()?;
    let nt = dir.path().join("gen.nt");
    let stats = support::gen_file(&nt, datasets)?;
    let size = std::fs::metadata(&nt)?.len();
    println!(
        "gen: {datasets} datasets, {} triples, {:.1} MB, {} defective",
        stats.triples,
        size as f64 / 1e6,
        stats.defective
    );
    let gate = GateConfig {
        shapes: Arc::new(Shapes::dcat_ap_vn()?),
        policy: OnInvalid::Quarantine,
        origin: Origin::new("import:gen.nt"),
    };

    let t = Instant::now();
    let a = Catalogue::open(dir.path().join("plain"))?;
    import_file(&a, &nt, &ImportOptions::default(), None)?;
    let plain = t.elapsed();
    drop(a);
    println!("import without gate:            {plain:.2?}");

    let t = Instant::now();
    let b = Catalogue::open(dir.path().join("gated"))?;
    let r = import_file(
        &b,
        &nt,
        &ImportOptions {
            gate: Some(gate.clone()),
            ..ImportOptions::default()
        },
        None,
    )?;
    let gated = t.elapsed();
    drop(b);
    println!(
        "import with gate (in memory):   {gated:.2?}  {:?}",
        r.validation
    );

    let t = Instant::now();
    let c = Catalogue::open(dir.path().join("after"))?;
    let r = import_file(&c, &nt, &ImportOptions::default(), None)?;
    let loaded = t.elapsed();
    let s = validate_loaded(&c, &r.graphs, &gate)?;
    println!(
        "load, then validate from store: {:.2?} ({loaded:.2?} load + {:.2?} validation)  {s:?}",
        t.elapsed(),
        t.elapsed() - loaded
    );
    Ok(())
}
