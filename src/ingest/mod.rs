//! Ingest: every way records enter the catalogue, each passing the SHACL gate
//! ([`crate::gate`]) on the way into the store ([`crate::store`]).
//!
//! This module owns the gated import of RDF files ([`import_file`], [`import_reader`]:
//! the store's parsing and bulk loading, with validation under the `--on-invalid` policy)
//! and harvesting ([`harvest`]: CKAN, DCAT, peer SPARQL, gateway and spreadsheet sources,
//! by hand or on a schedule). The store below knows nothing of validation; the gate knows
//! nothing of files or sources.
//!
//! ```
//! use lienthong::gate::{GateConfig, OnInvalid, Origin, Shapes};
//! use lienthong::ingest::{import_reader, ImportOptions};
//! use lienthong::store::Catalogue;
//! use oxigraph::io::RdfFormat;
//! use std::sync::Arc;
//! let cat = Catalogue::in_memory()?;
//! let ttl = r#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
//!   <https://data.nghean.gov.vn/dataset/a> a dcat:Dataset ; dct:title "Đất đai"@vi ;
//!     dct:description "Quy hoạch sử dụng đất"@vi ; dct:publisher <https://data.nghean.gov.vn/agency/ubnd-tinh> .
//!   <https://data.nghean.gov.vn/dataset/b> a dcat:Dataset ; dct:title "Land"@en ."#;
//! let opts = ImportOptions {
//!     format: Some(RdfFormat::Turtle),
//!     gate: Some(GateConfig {
//!         shapes: Arc::new(Shapes::dcat_ap_vn()?),
//!         policy: OnInvalid::Quarantine,
//!         origin: Origin::new("import:doc.ttl"),
//!     }),
//!     ..ImportOptions::default()
//! };
//! let report = import_reader(&cat, ttl.as_bytes(), "doc.ttl", &opts, None)?;
//! // b (no Vietnamese title, no description, no publisher) waits in quarantine; a goes in.
//! assert_eq!(report.validation.map(|v| v.quarantined), Some(1));
//! # Ok::<_, lienthong::Error>(())
//! ```

pub mod harvest;
mod import;

pub use import::{import_file, import_reader, ImportOptions, ImportReport};
