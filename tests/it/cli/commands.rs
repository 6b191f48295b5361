//! The real `lienthong` binary: gen → import → query → export, and its exit codes.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lienthong"))
}

#[test]
fn gen_import_query_export() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let nt = dir.path().join("gen.nt");
    let out = bin()
        .args(["gen", "--datasets", "300", "--seed", "7", "--out"])
        .arg(&nt)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Deterministic: the same seed gives the same bytes.
    let nt2 = dir.path().join("gen2.nt");
    bin()
        .args(["gen", "--datasets", "300", "--seed", "7", "--out"])
        .arg(&nt2)
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&nt).unwrap(), std::fs::read(&nt2).unwrap());

    let out = bin()
        .arg("--store")
        .arg(&store)
        .arg("import")
        .arg(&nt)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("triples"));

    let q = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }";
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["query", q, "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "n\r\n300\r\n");
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["query", q, "--public", "--format", "csv"])
        .output()
        .unwrap();
    let public: u64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(public < 300 && public > 200, "public datasets: {public}");
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["query", q])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("300") && table.contains("(1 row)"),
        "{table}"
    );

    let qf = dir.path().join("q.rq");
    std::fs::write(&qf, "ASK { ?s ?p ?o }").unwrap();
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["query", &format!("@{}", qf.display()), "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("true"));

    let out = bin()
        .arg("--store")
        .arg(&store)
        .args([
            "update",
            "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["export", "--graph", "urn:x", "--format", "nt"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "<urn:a> <urn:b> <urn:c> ."
    );
}

#[test]
fn failures_exit_non_zero_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "<urn:a> <urn:b> .\n").unwrap();
    let out = bin()
        .arg("--store")
        .arg(&store)
        .arg("import")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ttl") && err.contains("line 1"), "{err}");

    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["query", "SELECT WHERE {"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("syntax"));

    let out = bin()
        .arg("--store")
        .arg(&store)
        .args(["import", "--format", "docx"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("docx"));

    let out = bin()
        .args(["gen", "--datasets", "5", "--province", "atlantis"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nghe-an"));
}
