//! The embedded default: the DCAT-AP-VN ontology, Nghệ An's administrative units and
//! agencies, and the example catalogue of `examples/nghe-an`, compiled into the binary so
//! that `lienthong serve --demo` works from any directory.

use crate::error::Result;
use crate::ingest::{import_reader, ImportOptions, ImportReport};
use crate::store::Catalogue;
use crate::vocab::graph;
use oxigraph::io::RdfFormat;

/// (file name, graph, Turtle text)
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "ontologies/dcat-ap-vn.ttl",
        graph::ONTOLOGY,
        include_str!("../ontologies/dcat-ap-vn.ttl"),
    ),
    (
        "ontologies/vn-admin-units.ttl",
        graph::ONTOLOGY,
        include_str!("../ontologies/vn-admin-units.ttl"),
    ),
    (
        "ontologies/agencies-nghe-an.ttl",
        "https://w3id.org/lienthong/graph/agency/nghe-an",
        include_str!("../ontologies/agencies-nghe-an.ttl"),
    ),
    (
        "examples/nghe-an/catalog.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/catalog.ttl"),
    ),
    (
        "examples/nghe-an/open-data-2026.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/open-data-2026.ttl"),
    ),
    (
        "examples/nghe-an/big-data-2026.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/big-data-2026.ttl"),
    ),
    (
        "examples/nghe-an/databases.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/databases.ttl"),
    ),
    (
        "examples/nghe-an/services.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/services.ttl"),
    ),
    (
        "examples/nghe-an/agreements.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/agreements.ttl"),
    ),
    (
        "examples/nghe-an/lineage.ttl",
        "https://w3id.org/lienthong/graph/source/example-nghe-an",
        include_str!("../examples/nghe-an/lineage.ttl"),
    ),
];

/// Loads every embedded file, each in its graph.
pub fn load(cat: &Catalogue) -> Result<Vec<ImportReport>> {
    FILES
        .iter()
        .map(|(name, g, text)| {
            let opts = ImportOptions {
                graph: Some((*g).to_string()),
                format: Some(RdfFormat::Turtle),
                ..ImportOptions::default()
            };
            import_reader(cat, text.as_bytes(), name, &opts, None)
        })
        .collect()
}

/// Datasets in a partner province's demo catalogue (`serve --demo --province ha-tinh`).
pub const PARTNER_DEMO_DATASETS: usize = 2_000;

/// The demo for `province`: Nghệ An gets the hand-written example catalogue; a partner
/// province (Hà Tĩnh, Thanh Hóa) gets the ontology plus a `gen` catalogue whose lineage
/// crosses into its neighbours, so that a three-province region can be run locally.
pub fn load_province(cat: &Catalogue, province: &str) -> Result<Vec<ImportReport>> {
    if province == "nghe-an" {
        return load(cat);
    }
    let mut reports: Vec<ImportReport> = FILES
        .iter()
        .filter(|(_, g, _)| *g == graph::ONTOLOGY)
        .map(|(name, g, text)| {
            let opts = ImportOptions {
                graph: Some((*g).to_string()),
                format: Some(RdfFormat::Turtle),
                ..ImportOptions::default()
            };
            import_reader(cat, text.as_bytes(), name, &opts, None)
        })
        .collect::<Result<_>>()?;
    let mut data = Vec::new();
    crate::synth::generate(
        &crate::synth::GenOptions {
            datasets: PARTNER_DEMO_DATASETS,
            province: province.to_string(),
            seed: 42,
            format: RdfFormat::NTriples,
        },
        &mut data,
    )
    .map_err(|e| crate::Error::BadRequest(e.to_string()))?;
    let opts = ImportOptions {
        graph: Some(graph::source(&format!("demo-{province}"))),
        format: Some(RdfFormat::NTriples),
        ..ImportOptions::default()
    };
    reports.push(import_reader(cat, data.as_slice(), "gen", &opts, None)?);
    Ok(reports)
}
