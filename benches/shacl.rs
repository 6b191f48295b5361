//! SHACL validation benchmark, same run, same data, same shapes:
//! 1. a `gen` catalogue of SMALL datasets (default 10,000): lienthong's engine on the store
//!    and on the file in memory, against pySHACL (`python3 -m pyshacl`-equivalent call, no
//!    inference) on the same N-Triples file; result counts of both are printed and compared;
//! 2. LARGE datasets (default 100,000) in an on-disk store: validation time against one full
//!    scan `SELECT (COUNT(*) AS ?n) { ?s ?p ?o }`, and the validating process's peak resident
//!    memory (VmHWM; the validation runs in a child process so the import is not counted).
//!
//! Shapes: the official DCAT-AP 3.0.1 shapes (../shared/conformance/dcat-ap/3.0.1/html/shacl/{shapes,range}.ttl),
//! or `SHAPES=file.ttl`. `cargo bench --bench shacl -- [SMALL] [LARGE]` (LARGE=0 skips it;
//! `NO_PYSHACL=1` skips pySHACL).

mod support;

use lienthong::ingest::{import_file, ImportOptions};
use lienthong::shacl::{validate, GraphSelection, MemoryData, Severity, ShapesGraph, StoreData};
use lienthong::store::Catalogue;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The shapes files, comma-separated when given in `SHAPES`. Default: the official DCAT-AP
/// 3.0.1 `html/shacl/shapes.ttl` (cardinalities, datatypes, node kinds) and `range.ttl`
/// (class ranges). The generated single file `shacl/dcat-ap-SHACL.ttl` refers to a property
/// shape it never defines, which pySHACL and lienthong both reject once a dcat:DataService
/// reaches it, and `gen` catalogues have data services.
fn shapes_files() -> anyhow::Result<Vec<PathBuf>> {
    if let Ok(p) = std::env::var("SHAPES") {
        return Ok(p.split(',').map(PathBuf::from).collect());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for base in ["../shared", "../../shared"] {
        let d = root.join(base).join("conformance/dcat-ap/3.0.1/html/shacl");
        if d.exists() {
            return Ok(vec![d.join("shapes.ttl"), d.join("range.ttl")]);
        }
    }
    anyhow::bail!("the DCAT-AP 3.0.1 shapes are not in ../shared; set SHAPES=a.ttl,b.ttl")
}

fn vmhwm_mb() -> Option<f64> {
    support::vm_hwm_kb(std::process::id()).map(|kb| kb as f64 / 1024.0)
}

fn gen_file(dir: &Path, n: usize) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("gen-{n}.nt"));
    let stats = support::gen_file(&path, n)?;
    eprintln!("gen {n} datasets: {} triples", stats.triples);
    Ok(path)
}

/// The on-disk RocksDB store; without the `rocksdb` feature, an in-memory oxigraph store
/// (same code path in the engine, same literal normalisation).
fn open(dir: &Path) -> anyhow::Result<Catalogue> {
    #[cfg(feature = "rocksdb")]
    return Ok(Catalogue::open(dir)?);
    #[cfg(not(feature = "rocksdb"))]
    {
        let _ = dir;
        Ok(Catalogue::in_memory()?)
    }
}

fn load(dir: &Path, file: &Path) -> anyhow::Result<Catalogue> {
    let cat = open(dir)?;
    let t = Instant::now();
    let r = import_file(&cat, file, &ImportOptions::default(), None)?;
    eprintln!("import: {} triples in {:.1?}", r.triples, t.elapsed());
    Ok(cat)
}

fn summary(r: &lienthong::shacl::ValidationReport) -> String {
    format!(
        "{} results ({} violations, {} warnings, {} info)",
        r.results.len(),
        r.count(&Severity::Violation),
        r.count(&Severity::Warning),
        r.count(&Severity::Info)
    )
}

const PYSHACL: &str = r##"
import sys, time, json, rdflib, pyshacl
from rdflib.namespace import SH
t0 = time.time()
data = rdflib.Graph().parse(sys.argv[1], format="nt")
shapes = rdflib.Graph()
for s in sys.argv[2].split(","):
    shapes.parse(s, format="turtle")
t1 = time.time()
conforms, rg, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
t2 = time.time()
sev = {}
for r in rg.subjects(rdflib.RDF.type, SH.ValidationResult):
    s = str(rg.value(r, SH.resultSeverity)).rsplit("#", 1)[1]
    sev[s] = sev.get(s, 0) + 1
print(json.dumps({"parse": t1 - t0, "validate": t2 - t1, "severity": sev, "results": sum(sev.values())}))
"##;

fn count_all(cat: &Catalogue) -> anyhow::Result<(u64, f64)> {
    let t = Instant::now();
    let mut q = SparqlEvaluator::new().parse_query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")?;
    q.dataset_mut().set_default_graph_as_union();
    let n = match q.on_store(cat.store()).execute()? {
        QueryResults::Solutions(mut s) => match s.next() {
            Some(sol) => match sol?.get("n") {
                Some(oxigraph::model::Term::Literal(l)) => l.value().parse()?,
                _ => 0,
            },
            None => 0,
        },
        _ => 0,
    };
    Ok((n, t.elapsed().as_secs_f64()))
}

/// Child mode: validate the store at `dir` and print time, result count and VmHWM.
fn child(dir: &Path) -> anyhow::Result<()> {
    let cat = open(dir)?;
    let sg = ShapesGraph::from_files(&shapes_files()?)?;
    let t = Instant::now();
    let report = validate(
        &sg,
        &StoreData::new(cat.store().clone(), GraphSelection::Union),
    )?;
    println!(
        "{} {} {}",
        t.elapsed().as_secs_f64(),
        report.results.len(),
        vmhwm_mb().unwrap_or(0.0)
    );
    eprintln!("  {}", summary(&report));
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        return child(Path::new(&args[2]));
    }
    let small: usize = support::arg(1, 10_000)?;
    let large: usize = support::arg(2, 100_000)?;
    let shapes = shapes_files()?;
    let shapes_arg = shapes
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(",");
    let tmp = tempfile::tempdir()?;
    let t = Instant::now();
    let sg = ShapesGraph::from_files(&shapes)?;
    eprintln!(
        "shapes: {} compiled from {shapes_arg} in {:.1?}",
        sg.len(),
        t.elapsed()
    );

    println!("## {small} datasets");
    let file = gen_file(tmp.path(), small)?;
    let cat = load(&tmp.path().join("store-small"), &file)?;
    let t = Instant::now();
    let on_store = validate(
        &sg,
        &StoreData::new(cat.store().clone(), GraphSelection::Union),
    )?;
    let store_secs = t.elapsed().as_secs_f64();
    println!(
        "lienthong, store: {store_secs:.2} s, {}",
        summary(&on_store)
    );
    let t = Instant::now();
    let data = MemoryData::from_files(&[&file])?;
    let parse_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let in_mem = validate(&sg, &data)?;
    let mem_secs = t.elapsed().as_secs_f64();
    println!(
        "lienthong, file in memory: parse {parse_secs:.2} s + validate {mem_secs:.2} s, {}",
        summary(&in_mem)
    );
    drop(data);
    if std::env::var_os("NO_PYSHACL").is_none() {
        let out = std::process::Command::new("python3")
            .args(["-c", PYSHACL])
            .arg(&file)
            .arg(&shapes_arg)
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "pyshacl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let py_secs = v["validate"].as_f64().unwrap_or(f64::NAN);
        println!(
            "pySHACL: parse {:.2} s + validate {py_secs:.2} s, {} results {}",
            v["parse"].as_f64().unwrap_or(f64::NAN),
            v["results"],
            v["severity"]
        );
        let same = v["results"].as_u64() == Some(in_mem.results.len() as u64)
            && v["results"].as_u64() == Some(on_store.results.len() as u64);
        println!(
            "same result counts: {}; speed-up (validate only): {:.1}x on the store, {:.1}x in memory",
            if same { "yes" } else { "NO" },
            py_secs / store_secs,
            py_secs / mem_secs
        );
    }
    drop(cat);

    if large > 0 {
        println!("## {large} datasets");
        let file = gen_file(tmp.path(), large)?;
        let dir = tmp.path().join("store-large");
        let cat = load(&dir, &file)?;
        let (n, scan_secs) = count_all(&cat)?;
        println!("full scan COUNT(*): {n} triples in {scan_secs:.2} s");
        let (secs, results, mb) = if cfg!(feature = "rocksdb") {
            drop(cat);
            let out = std::process::Command::new(std::env::current_exe()?)
                .arg("--child")
                .arg(&dir)
                .output()?;
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            anyhow::ensure!(out.status.success(), "child validation failed");
            let line = String::from_utf8_lossy(&out.stdout);
            let p: Vec<f64> = line
                .split_whitespace()
                .filter_map(|s| s.parse().ok())
                .collect();
            anyhow::ensure!(p.len() == 3, "child output: {line}");
            (p[0], p[1], p[2])
        } else {
            // In-memory store: validated in this process; the peak includes the store itself.
            let t = Instant::now();
            let r = validate(
                &sg,
                &StoreData::new(cat.store().clone(), GraphSelection::Union),
            )?;
            let secs = t.elapsed().as_secs_f64();
            eprintln!("  {}", summary(&r));
            (secs, r.results.len() as f64, vmhwm_mb().unwrap_or(0.0))
        };
        let scope = if cfg!(feature = "rocksdb") {
            "validating process only"
        } else {
            "whole process, in-memory store included"
        };
        println!(
            "lienthong, store: {secs:.2} s ({:.2}x the full scan), {results} results, peak memory (VmHWM) {mb:.0} MB ({scope})",
            secs / scan_secs
        );
    }
    Ok(())
}
