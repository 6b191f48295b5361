//! Import and export on a real on-disk store: round trips in every format, bad input,
//! atomicity, NFC normalisation and the visibility split.
// A real on-disk store throughout: nothing to check in a build without RocksDB.
#![cfg(feature = "rocksdb")]

use crate::support::*;
use lienthong::ingest::{import_file, ImportOptions};
use lienthong::store::{export, Access, Catalogue, ExportOptions};
use lienthong::Error;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::dataset::{CanonicalizationAlgorithm, Dataset};
use oxigraph::model::{GraphName, Quad};
use std::path::Path;

fn canonical(quads: impl IntoIterator<Item = Quad>, keep_graphs: bool) -> Dataset {
    let mut d: Dataset = quads
        .into_iter()
        .map(|mut q| {
            if !keep_graphs {
                q.graph_name = GraphName::DefaultGraph;
            }
            q
        })
        .collect();
    d.canonicalize(CanonicalizationAlgorithm::Unstable);
    d
}

fn parse_file(path: &Path, format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_reader(std::fs::File::open(path).unwrap())
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What the store is documented to normalise: numbers by value (xsd:int and
/// xsd:nonNegativeInteger become xsd:integer). Export restores dcat:byteSize only.
const ROUND_TRIP_SOURCE: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://data.nghean.gov.vn/dataset/du-lich> a dcat:Dataset ;
  dct:title "Điểm du lịch tỉnh Nghệ An"@vi, "Tourist sites of Nghe An"@en ;
  dct:issued "2024-01-15"^^xsd:date ;
  dcat:keyword "du lịch"@vi, "di tích"@vi ;
  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2020-01-01"^^xsd:date ] ;
  dcat:distribution <https://data.nghean.gov.vn/distribution/du-lich-csv> .
<https://data.nghean.gov.vn/distribution/du-lich-csv> a dcat:Distribution ;
  dcat:byteSize "52344"^^xsd:nonNegativeInteger ;
  dcat:accessURL <https://data.nghean.gov.vn/files/du-lich.csv> .
"#;

#[test]
fn round_trip_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("source.ttl");
    std::fs::write(&src, ROUND_TRIP_SOURCE).unwrap();
    let expected = canonical(parse_file(&src, RdfFormat::Turtle), false);
    for format in [
        RdfFormat::Turtle,
        RdfFormat::TriG,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::RdfXml,
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ] {
        let first =
            Catalogue::open(dir.path().join(format!("a-{}", format.file_extension()))).unwrap();
        import_file(&first, &src, &ImportOptions::default(), None).unwrap();
        let out = dir
            .path()
            .join(format!("export.{}", format.file_extension()));
        let f = std::fs::File::create(&out).unwrap();
        export(
            &first,
            f,
            &ExportOptions {
                graph: None,
                format,
                access: Access::Admin,
            },
        )
        .unwrap();
        let second =
            Catalogue::open(dir.path().join(format!("b-{}", format.file_extension()))).unwrap();
        import_file(&second, &out, &ImportOptions::default(), None).unwrap();
        let mut back = Vec::new();
        export(
            &second,
            &mut back,
            &ExportOptions {
                graph: None,
                format: RdfFormat::NQuads,
                access: Access::Admin,
            },
        )
        .unwrap();
        let back: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&back)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            canonical(back, false),
            expected,
            "round trip through {format}"
        );
    }
}

#[test]
fn quads_keep_their_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("two.trig");
    std::fs::write(
        &src,
        "<urn:g1> { <urn:a> <urn:p> \"một\"@vi } <urn:g2> { <urn:b> <urn:p> \"hai\"@vi }",
    )
    .unwrap();
    let cat = Catalogue::open(dir.path().join("s")).unwrap();
    let r = import_file(&cat, &src, &ImportOptions::default(), None).unwrap();
    assert_eq!(r.graphs.len(), 2);
    let mut out = Vec::new();
    export(
        &cat,
        &mut out,
        &ExportOptions {
            graph: Some("urn:g2".into()),
            format: RdfFormat::NTriples,
            access: Access::Admin,
        },
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap().trim(),
        "<urn:b> <urn:p> \"hai\"@vi ."
    );
}

#[test]
fn malformed_file_names_line_and_column_and_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(
        &bad,
        "<urn:a> <urn:p> \"ok\" .\n<urn:b> <urn:p> \"ok\" .\n<urn:c> <urn:p> oops .\n",
    )
    .unwrap();
    let cat = Catalogue::open(dir.path().join("s")).unwrap();
    match import_file(&cat, &bad, &ImportOptions::default(), None) {
        Err(Error::Syntax {
            file, line, column, ..
        }) => {
            assert!(file.ends_with("bad.ttl"));
            assert_eq!(line, 3);
            assert!(column >= 17, "column {column}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(
        cat.is_empty().unwrap(),
        "nothing from the bad file is committed"
    );
    // --lenient skips the bad statement and counts it.
    let nt = dir.path().join("bad.nt");
    std::fs::write(
        &nt,
        "<urn:a> <urn:p> \"ok\" .\n<urn:b> <urn:p> broken\n<urn:c> <urn:p> \"ok\" .\n",
    )
    .unwrap();
    let r = import_file(
        &cat,
        &nt,
        &ImportOptions {
            lenient: true,
            ..Default::default()
        },
        None,
    )
    .unwrap();
    assert_eq!((r.triples, r.skipped), (2, 1));
}

#[test]
fn other_bad_input_gets_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cat = Catalogue::open(dir.path().join("s")).unwrap();
    let empty = dir.path().join("empty.ttl");
    std::fs::write(&empty, "").unwrap();
    let e = import_file(&cat, &empty, &ImportOptions::default(), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("empty"), "{e}");
    let unknown = dir.path().join("data.xyz");
    std::fs::write(&unknown, "x").unwrap();
    let e = import_file(&cat, &unknown, &ImportOptions::default(), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("xyz") && e.contains("turtle"),
        "lists the known formats: {e}"
    );
    let latin1 = dir.path().join("latin1.nt");
    std::fs::write(&latin1, b"<urn:a> <urn:p> \"Ngh\xe9 An\" .\n").unwrap();
    let e = import_file(&cat, &latin1, &ImportOptions::default(), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("latin1.nt") && e.to_lowercase().contains("utf-8"),
        "{e}"
    );
    let missing = dir.path().join("nope.ttl");
    let e = import_file(&cat, &missing, &ImportOptions::default(), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("nope.ttl"), "{e}");
    assert!(cat.is_empty().unwrap());
}

#[test]
fn a_locked_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Catalogue::open(dir.path().join("s")).unwrap();
    let e = Catalogue::open(dir.path().join("s"))
        .err()
        .expect("second open fails")
        .to_string();
    assert!(e.contains("in use"), "{e}");
    let e = Catalogue::open(dir.path().join("no/such/parent/s"))
        .err()
        .expect("fails")
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
}

#[test]
fn literals_are_normalised_to_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let dir = tempfile::tempdir().unwrap();
    let nfd: String = "Nghệ An".nfd().collect();
    let src = dir.path().join("nfd.nt");
    std::fs::write(
        &src,
        format!("<urn:a> <http://purl.org/dc/terms/title> \"{nfd}\"@vi .\n"),
    )
    .unwrap();
    let cat = Catalogue::open(dir.path().join("s")).unwrap();
    let r = import_file(&cat, &src, &ImportOptions::default(), None).unwrap();
    assert_eq!(r.normalised, 1);
    let mut out = Vec::new();
    export(
        &cat,
        &mut out,
        &ExportOptions {
            graph: None,
            format: RdfFormat::NTriples,
            access: Access::Admin,
        },
    )
    .unwrap();
    assert!(String::from_utf8(out).unwrap().contains("\"Nghệ An\"@vi"));
}

#[test]
fn non_public_records_go_to_restricted_graphs() {
    let s = sample_store();
    let graphs: Vec<String> = s
        .cat
        .visible_graphs(Access::Admin)
        .unwrap()
        .iter()
        .map(|g| g.as_str().to_string())
        .collect();
    assert!(
        graphs.contains(&"https://w3id.org/lienthong/graph/import/sample/restricted".to_string())
    );
    let mut public = Vec::new();
    export(
        &s.cat,
        &mut public,
        &ExportOptions {
            graph: None,
            format: RdfFormat::NTriples,
            access: Access::Public,
        },
    )
    .unwrap();
    let public = String::from_utf8(public).unwrap();
    for hidden in ["ho-tich", "thanh-tra", "Bộ phận hộ tịch"] {
        assert!(!public.contains(hidden), "{hidden} leaked");
    }
    assert!(public.contains("dat-dai-csv"));
}
