//! An independent parser (rdflib, Python) reads every page of `/catalog` from the real
//! `lienthong serve` binary, in Turtle, RDF/XML and JSON-LD: every dataset exactly once,
//! `hydra:totalItems` right, distributions on the same page. Skips loudly without rdflib
//! (fails under CI; `.ci/run` installs it).

use std::process::Command;

#[test]
fn rdflib_reads_every_page_in_every_format() {
    if !crate::support::require_python("rdflib") {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_lienthong");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let nt = dir.path().join("gen.nt");
    assert!(Command::new(bin)
        .args(["gen", "--datasets", "250", "--out"])
        .arg(&nt)
        .status()
        .unwrap()
        .success());
    assert!(Command::new(bin)
        .arg("--store")
        .arg(&store)
        .arg("import")
        .arg(&nt)
        .status()
        .unwrap()
        .success());
    let server = crate::support::serve(&store, &[]);
    let port = server.port;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/walk_feed.py");
    let mut totals = Vec::new();
    for fmt in ["turtle", "xml", "json-ld"] {
        let out = Command::new("python3")
            .args([script, &format!("http://127.0.0.1:{port}"), fmt, "40"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{fmt}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let problems = v["problems"].as_array().unwrap();
        assert!(problems.is_empty(), "{fmt}: {problems:?}");
        let datasets: Vec<&str> = v["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        let unique: std::collections::HashSet<_> = datasets.iter().collect();
        assert_eq!(
            unique.len(),
            datasets.len(),
            "{fmt}: a dataset appeared twice"
        );
        assert_eq!(
            datasets.len() as u64,
            v["totalItems"].as_u64().unwrap(),
            "{fmt}: totalItems"
        );
        assert!(v["pages"].as_u64().unwrap() >= 5, "{fmt}: paged");
        totals.push(datasets.len());
    }
    assert!(totals.iter().all(|t| *t == totals[0]));
    assert!(
        totals[0] > 150 && totals[0] < 250,
        "anonymous feed holds the public datasets only: {}",
        totals[0]
    );
}
