//! lienthong: a federated data catalogue and data-lineage graph for Vietnamese government
//! data, on one oxigraph RDF store modelled with DCAT 3 / DCAT-AP 3 and DCAT-AP-VN.
//!
//! Layers point down (`docs/architecture.md` has the map and the data flow):
//! - base: [`error`], [`vocab`], [`text`] (Vietnamese text: NFC, diacritic folding);
//! - [`store`]: the catalogue graph, named-graph conventions, visibility, RDF reading, export;
//! - capabilities, each using the store and the ones before it:
//!   [`sparql`] (query and update with access control, timeouts, formats; `SERVICE` calls
//!   injected), [`shacl`] (the SHACL engine), [`gate`] (validation on entry: policy,
//!   quarantine, reports), [`ingest`] (gated import and [`ingest::harvest`]), [`search`]
//!   (the Vietnamese-aware index, JSON and CKAN answers), [`lineage`] (traversal, impact,
//!   OpenLineage, pictures), [`federation`] (peers, `SERVICE` to peers, fan-out, regional
//!   search, peer lineage), [`feed`] (the DCAT-AP feed), [`synth`] (the catalogue
//!   generator), [`demo`];
//! - adapters: [`server`] (the only place axum lives) and [`cli`] (the only place clap lives).
//!
//! ```
//! use lienthong::sparql::{run_query, QueryRequest};
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! cat.load_turtle_str(r#"
//!   <https://data.nghean.gov.vn/dataset/bang-gia-dat> a <http://www.w3.org/ns/dcat#Dataset> ;
//!     <http://purl.org/dc/terms/title> "Bảng giá đất"@vi ."#,
//!   "https://w3id.org/lienthong/graph/import/doc")?;
//! let q = "SELECT ?t { ?d a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> ?t }";
//! let out = run_query(&cat, &QueryRequest::new(q, Access::Public), "text/csv")?;
//! assert_eq!(String::from_utf8(out.body).unwrap(), "t\r\nBảng giá đất\r\n");
//! # Ok::<_, lienthong::Error>(())
//! ```

pub mod cli;
pub mod demo;
pub mod error;
pub mod federation;
pub mod feed;
pub mod gate;
pub mod ingest;
pub mod lineage;
pub mod search;
pub mod server;
pub mod shacl;
pub mod sparql;
pub mod store;
pub mod synth;
pub mod text;
pub mod vocab;

pub use error::{Error, Result};

/// README's code runs as a doctest, so the page cannot drift from the library.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
