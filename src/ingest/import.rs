//! The gated import of RDF files: the store's reading and loading ([`crate::store::rdf_io`]:
//! format detection, NFC normalisation, routing of non-public records to restricted graphs,
//! one atomic bulk load per file) with the SHACL gate ([`crate::gate`]) on the way in.
//!
//! Files parsed into memory are validated before anything is written, so quarantined
//! records and reports go in the same bulk load as the accepted ones; large N-Triples /
//! N-Quads files, streamed from disk, are validated from the store after their load.

use crate::error::Result;
use crate::gate::{self, GateConfig, GateSummary};
use crate::store::rdf_io::{self, FileInput, LoadOptions, LoadReport};
use crate::store::Catalogue;
use oxigraph::io::RdfFormat;
use oxigraph::model::GraphName;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Put every triple into this graph (default: the file's own graphs, else `graph/import/<file stem>`).
    pub graph: Option<String>,
    pub format: Option<RdfFormat>,
    /// Skip malformed statements instead of failing; they are counted in the report.
    pub lenient: bool,
    pub base_iri: Option<String>,
    /// Validate records on entry (`--on-invalid`); `None` = no validation.
    pub gate: Option<GateConfig>,
}

impl ImportOptions {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            graph: self.graph.clone(),
            format: self.format,
            lenient: self.lenient,
            base_iri: self.base_iri.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ImportReport {
    pub file: String,
    pub format: String,
    pub triples: u64,
    /// Triples routed to restricted graphs because they describe non-public records.
    pub restricted: u64,
    /// Literals that were not in NFC and were normalised.
    pub normalised: u64,
    /// Malformed statements skipped under `--lenient`.
    pub skipped: u64,
    pub graphs: BTreeSet<String>,
    /// What the validation gate decided, when there was one.
    pub validation: Option<GateSummary>,
}

impl ImportReport {
    fn new(load: LoadReport, validation: Option<GateSummary>) -> Self {
        Self {
            file: load.file,
            format: load.format,
            triples: load.triples,
            restricted: load.restricted,
            normalised: load.normalised,
            skipped: load.skipped,
            graphs: load.graphs,
            validation,
        }
    }
}

/// Imports one file atomically: on any error nothing from it is committed.
pub fn import_file(
    cat: &Catalogue,
    path: &Path,
    opts: &ImportOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<ImportReport> {
    let input = FileInput::check(path, opts.format)?;
    let opts = ImportOptions {
        format: Some(input.format),
        ..opts.clone()
    };
    if input.streamed {
        import_streaming(cat, &input, &opts, progress)
    } else {
        import_reader(cat, input.open()?, &input.name, &opts, progress)
    }
}

/// Imports from any reader, parsing it once into memory.
pub fn import_reader(
    cat: &Catalogue,
    reader: impl Read,
    name: &str,
    opts: &ImportOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<ImportReport> {
    let (prepared, report) = rdf_io::parse_reader(reader, name, &opts.load_options())?;
    if let Some(gate) = &opts.gate {
        // Validated before anything is written: quarantined records and reports go in the
        // same bulk load as the accepted ones.
        let plan = gate::plan_import(cat, prepared, gate)?;
        let (quads, summary) = gate::prepare_write(cat, plan)?;
        // What the summary calls imported is the file's records that entered the
        // catalogue, not the gate's own writes (quarantined copies, validation reports).
        let mut data = 0u64;
        let mut data_graphs = BTreeSet::new();
        for q in quads.iter().filter(|q| !is_gate_bookkeeping(&q.graph_name)) {
            if let GraphName::NamedNode(g) = &q.graph_name {
                data += 1;
                if !data_graphs.contains(g.as_str()) {
                    data_graphs.insert(g.as_str().to_string());
                }
            }
        }
        let mut report = rdf_io::load_quads(cat, quads.into_iter().map(Ok), report, progress)?;
        report.triples = data;
        report.graphs = data_graphs;
        return Ok(ImportReport::new(report, Some(summary)));
    }
    let report = rdf_io::load_quads(cat, prepared.into_iter().map(Ok), report, progress)?;
    Ok(ImportReport::new(report, None))
}

/// Graphs the gate writes for its own bookkeeping: quarantined records (and the quarantine
/// index) and validation reports.
fn is_gate_bookkeeping(g: &GraphName) -> bool {
    use crate::vocab::graph::{QUARANTINE, VALIDATION};
    gate::records::is_quarantine_graph(g)
        || matches!(g, GraphName::NamedNode(n) if n.as_str() == VALIDATION || n.as_str() == QUARANTINE)
}

fn import_streaming(
    cat: &Catalogue,
    input: &FileInput,
    opts: &ImportOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<ImportReport> {
    if let Some(gate) = &opts.gate {
        gate::check_streamable(&input.name, gate)?;
    }
    let report = rdf_io::load_streaming(cat, input, &opts.load_options(), progress)?;
    let validation = match &opts.gate {
        // Too large to hold in memory: validated from the store, record batch by batch.
        Some(gate) => Some(gate::validate_loaded(cat, &report.graphs, gate)?),
        None => None,
    };
    Ok(ImportReport::new(report, validation))
}
