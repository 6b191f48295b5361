//! `lienthong validate` driven as a real process: files and an on-disk store, the three
//! output formats, and exit codes 0 (conforms), 1 (violations), 2 (error).

use std::path::Path;
use std::process::{Command, Output};

const SHAPES: &str = r#"
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/shapes#> .
ex:DatasetShape a sh:NodeShape ;
  sh:targetClass dcat:Dataset ;
  sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:languageIn ("vi" "en") ;
                sh:message "Tập dữ liệu phải có tiêu đề (vi/en)"@vi, "A dataset needs a title (vi/en)"@en ] ;
  sh:property [ sh:path dcat:distribution ; sh:class dcat:Distribution ] .
ex:DistributionShape a sh:NodeShape ;
  sh:targetClass dcat:Distribution ;
  sh:property [ sh:path dcat:byteSize ; sh:datatype xsd:nonNegativeInteger ; sh:maxCount 1 ] .
"#;

const GOOD: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://data.nghean.gov.vn/dataset/dat-dai> a dcat:Dataset ;
  dct:title "Quy hoạch sử dụng đất"@vi ;
  dcat:distribution <https://data.nghean.gov.vn/distribution/dat-dai-csv> .
<https://data.nghean.gov.vn/distribution/dat-dai-csv> a dcat:Distribution ;
  dcat:byteSize "2048"^^xsd:nonNegativeInteger .
"#;

const BAD: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://data.nghean.gov.vn/dataset/ho-tich> a dcat:Dataset ;
  dct:title "Civil registry"@fr ;
  dcat:distribution <https://data.nghean.gov.vn/distribution/ho-tich-api> .
<https://data.nghean.gov.vn/distribution/ho-tich-api> a dcat:Distribution ;
  dcat:byteSize "-5"^^xsd:integer .
<https://data.nghean.gov.vn/dataset/thanh-tra> a dcat:Dataset .
"#;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lienthong"))
        .args(args)
        .current_dir(dir)
        .env("LIENTHONG_LOG", "warn")
        .output()
        .expect("run lienthong")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("shapes.ttl"), SHAPES).unwrap();
    std::fs::write(dir.path().join("good.ttl"), GOOD).unwrap();
    std::fs::write(dir.path().join("bad.ttl"), BAD).unwrap();
    dir
}

#[test]
fn files_exit_codes_and_formats() {
    let dir = setup();
    let d = dir.path();
    let ok = run(d, &["validate", "--shapes", "shapes.ttl", "good.ttl"]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(stdout(&ok).starts_with("conforms"), "{}", stdout(&ok));

    let bad = run(d, &["validate", "--shapes", "shapes.ttl", "bad.ttl"]);
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    // Grouped by focus node, each result with message, path, value, severity and shape.
    assert!(
        text.contains("<https://data.nghean.gov.vn/dataset/thanh-tra>\n  [Violation] "),
        "{text}"
    );
    assert!(
        text.contains("Tập dữ liệu phải có tiêu đề (vi/en)"),
        "{text}"
    );
    assert!(
        text.contains("path:  <http://purl.org/dc/terms/title>"),
        "{text}"
    );
    assert!(text.contains("value: \"Civil registry\"@fr"), "{text}");
    assert!(
        text.contains("value: \"-5\"^^<http://www.w3.org/2001/XMLSchema#integer>"),
        "{text}"
    );
    assert!(
        text.contains("shape: ") && text.contains("(DatatypeConstraintComponent)"),
        "{text}"
    );
    assert!(
        text.contains("does not conform: 3 result(s) on 3 focus node(s)"),
        "{text}"
    );

    let json = run(
        d,
        &[
            "validate",
            "--shapes",
            "shapes.ttl",
            "bad.ttl",
            "--format",
            "json",
        ],
    );
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(v["conforms"], false);
    assert_eq!(v["counts"]["violation"], 3);
    let comps: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sourceConstraintComponent"].as_str().unwrap())
        .collect();
    assert!(
        comps.contains(&"http://www.w3.org/ns/shacl#MinCountConstraintComponent"),
        "{comps:?}"
    );

    let ttl = run(
        d,
        &[
            "validate",
            "--shapes",
            "shapes.ttl",
            "good.ttl",
            "bad.ttl",
            "--format",
            "turtle",
        ],
    );
    assert_eq!(ttl.status.code(), Some(1));
    let store = oxigraph::store::Store::new().unwrap();
    store
        .load_from_slice(oxigraph::io::RdfFormat::Turtle, &ttl.stdout)
        .expect("the Turtle report parses");
    let n = store
        .quads_for_pattern(
            None,
            Some(oxigraph::model::NamedNodeRef::new_unchecked(
                "http://www.w3.org/ns/shacl#result",
            )),
            None,
            None,
        )
        .count();
    assert_eq!(n, 3);
}

#[test]
fn errors_exit_two_and_name_the_fault() {
    let dir = setup();
    let d = dir.path();
    std::fs::write(
        d.join("broken.ttl"),
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<https://example.org/S> a sh:NodeShape ; sh:targetNode <https://example.org/x> ;\n  sh:property [ sh:path <https://example.org/p> ; sh:minCount \"x\" ] .\n",
    )
    .unwrap();
    let o = run(d, &["validate", "--shapes", "broken.ttl", "good.ttl"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("sh:minCount must be a non-negative xsd:integer")
            && err.contains("shape <https://example.org/S>: in its sh:property _:"),
        "{err}"
    );

    let o = run(d, &["validate", "--shapes", "shapes.ttl", "missing.ttl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.ttl"));

    std::fs::write(d.join("syntax.ttl"), "<a> <b> .\n").unwrap();
    let o = run(d, &["validate", "--shapes", "shapes.ttl", "syntax.ttl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("syntax.ttl: line 1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
#[cfg_attr(not(feature = "rocksdb"), ignore = "needs the on-disk (rocksdb) store")]
fn store_graphs_and_normalised_datatypes() {
    let dir = setup();
    let d = dir.path();
    let st = d.join("store");
    let st = st.to_str().unwrap();
    let g_good = "https://w3id.org/lienthong/graph/import/good";
    let g_bad = "https://w3id.org/lienthong/graph/import/bad";
    assert!(run(
        d,
        &[
            "import",
            "--store",
            st,
            "--no-validate",
            "--graph",
            g_good,
            "good.ttl"
        ]
    )
    .status
    .success());
    assert!(run(
        d,
        &[
            "import",
            "--store",
            st,
            "--no-validate",
            "--graph",
            g_bad,
            "bad.ttl"
        ]
    )
    .status
    .success());

    // xsd:nonNegativeInteger was stored as xsd:integer: still no false violation.
    let o = run(
        d,
        &[
            "validate",
            "--store",
            st,
            "--shapes",
            "shapes.ttl",
            "--graph",
            g_good,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(
        d,
        &[
            "validate",
            "--store",
            st,
            "--shapes",
            "shapes.ttl",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["counts"]["violation"], 3, "{v}");

    // Without --shapes: the store's graph/shapes, else the built-in DCAT-AP-VN shapes (said
    // on stderr); the data here is no DCAT-AP-VN catalogue, so it has violations.
    let o = run(d, &["validate", "--store", st]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("built-in DCAT-AP-VN shapes"));
    assert!(run(
        d,
        &[
            "import",
            "--store",
            st,
            "--graph",
            "https://w3id.org/lienthong/graph/shapes",
            "shapes.ttl"
        ]
    )
    .status
    .success());
    let o = run(d, &["validate", "--store", st, "--graph", g_bad]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
