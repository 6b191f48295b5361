//! lienthong: a federated data catalogue and data-lineage graph for Vietnamese government
//! data, on one oxigraph RDF store modelled with DCAT 3 / DCAT-AP 3 and DCAT-AP-VN.
//!
//! Data flows one way: sources → ingest (import, harvest) through the gate → store →
//! (feeds, queries) → server/CLI.
//! Modules, one per capability:
//! - [`store`]: the on-disk catalogue graph, named-graph conventions, RDF reading and loading,
//!   export, visibility;
//! - [`sparql`]: query and update execution with access control, timeouts and result formats;
//! - [`feed`]: the paged DCAT-AP feed the national portal harvests (`/catalog`);
//! - [`shacl`]: SHACL Core + SHACL-SPARQL validation over the store or files;
//! - [`lineage`]: the lineage graph: traversal, impact analysis, OpenLineage intake, DOT/SVG;
//! - [`synth`]: the deterministic synthetic catalogue generator (`lienthong gen`);
//! - [`federation`]: peers (partner provinces), SERVICE calls to them, federated queries;
//! - [`gate`]: the SHACL gate on import/harvest: policy, quarantine, reports (`/api/validation`);
//! - [`ingest`]: the gated import of RDF files and [`ingest::harvest`], scheduled, incremental,
//!   atomic harvesting of CKAN, DCAT, SPARQL, gateway and spreadsheet sources;
//! - [`search`]: the full-text index (Vietnamese-aware) and its JSON and CKAN APIs;
//! - [`server`]: the HTTP service (SPARQL Protocol, Graph Store Protocol, feed);
//! - [`cli`]: the `lienthong` command line (the only module that parses arguments), one file per command;
//! - [`vocab`] and [`text`]: shared vocabulary and Vietnamese text handling.

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
