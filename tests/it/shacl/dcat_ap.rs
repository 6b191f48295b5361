//! The official DCAT-AP 3.0.1 shapes load and run, and on every official DCAT-AP 3 example
//! the report equals pySHACL's (run live, same files, no inference): same conforms flag and
//! the same results, compared as (focus, path, component, severity, value) tuples. Where
//! pySHACL fails (the generated `dcat-ap-SHACL.ttl` refers to a property shape it never
//! defines), lienthong must fail too; where the example is not valid Turtle, both refuse it.

use lienthong::shacl::{validate, MemoryData, ShapesGraph, ValidationResult};
use oxigraph::model::Term;
use std::path::{Path, PathBuf};

fn term(t: Option<&Term>) -> String {
    match t {
        None => String::new(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(Term::BlankNode(_)) => "_:".into(),
        Some(Term::Literal(l)) => {
            if let Some(lang) = l.language() {
                format!("\"{}\"@{lang}", l.value())
            } else if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" {
                format!("\"{}\"", l.value())
            } else {
                format!("\"{}\"^^<{}>", l.value(), l.datatype().as_str())
            }
        }
    }
}

fn row(r: &ValidationResult) -> String {
    let path = match &r.path {
        None => String::new(),
        Some(p) => p
            .as_predicate()
            .map_or("complex".into(), |n| n.as_str().to_string()),
    };
    let comp = r
        .component
        .as_str()
        .rsplit('#')
        .next()
        .unwrap_or("")
        .to_string();
    [
        term(Some(&r.focus_node)),
        path,
        comp,
        r.severity.label().to_string(),
        term(r.value.as_ref()),
    ]
    .join("|")
}

#[test]
fn official_examples_match_pyshacl() {
    let Some(d) = crate::support::require_shared("conformance/dcat-ap/3.0.1") else {
        return;
    };
    // Without pySHACL (locally), the shapes still load and run; the comparison is skipped.
    let has_pyshacl = crate::support::require_python("pyshacl");
    let sets: Vec<(&str, Vec<PathBuf>)> = vec![
        (
            "generated dcat-ap-SHACL.ttl",
            vec![d.join("shacl/dcat-ap-SHACL.ttl")],
        ),
        (
            "html/shacl shapes.ttl + range.ttl",
            vec![
                d.join("html/shacl/shapes.ttl"),
                d.join("html/shacl/range.ttl"),
            ],
        ),
    ];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(d.join("../3.0.0/html/examples"))
        .expect("examples dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 15);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/shacl_expected.py");
    for (label, files) in &sets {
        let shapes =
            ShapesGraph::from_files(files).unwrap_or_else(|e| panic!("{label} must load: {e}"));
        assert!(shapes.len() > 50, "{label}: {} shapes", shapes.len());
        if !has_pyshacl {
            eprintln!("\n!!! python3 with pyshacl is absent: the comparison with pySHACL was NOT run !!!\n");
            for ex in &examples {
                if let Ok(data) = MemoryData::from_files(&[ex]) {
                    let _ = validate(&shapes, &data);
                }
            }
            continue;
        }
        let shapes_arg = files
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(",");
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(&shapes_arg)
            .args(&examples)
            .output()
            .expect("run pyshacl");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("pyshacl JSON");
        let (mut same, mut conforming) = (0, 0);
        for ex in &examples {
            let want = &expected[ex.display().to_string()];
            let name = ex.file_name().unwrap().to_string_lossy();
            let data = MemoryData::from_files(&[ex]);
            if want.get("error").is_some() {
                assert!(
                    data.is_err(),
                    "{label} {name}: rdflib refuses it, lienthong parsed it"
                );
                same += 1;
                continue;
            }
            let data = data.unwrap_or_else(|e| panic!("{name}: {e}"));
            let got = validate(&shapes, &data);
            if want.get("failure").is_some() {
                assert!(
                    got.is_err(),
                    "{label} {name}: pySHACL fails ({}), lienthong did not",
                    want["failure"]
                );
                same += 1;
                continue;
            }
            let report = got.unwrap_or_else(|e| panic!("{label} {name}: {e}"));
            let mut rows: Vec<String> = report.results.iter().map(row).collect();
            rows.sort();
            let want_rows: Vec<String> = want["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect();
            assert_eq!(
                Some(report.conforms),
                want["conforms"].as_bool(),
                "{label} {name}"
            );
            assert_eq!(rows, want_rows, "{label} {name}");
            same += 1;
            conforming += usize::from(report.conforms);
        }
        eprintln!("DCAT-AP 3.0.1 {label}: {same}/{} examples give pySHACL's outcome ({conforming} conform)", examples.len());
    }
}
