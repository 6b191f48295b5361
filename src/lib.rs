//! lienthong: a federated data catalogue and data-lineage graph for Vietnamese government
//! data, on one oxigraph RDF store modelled with DCAT 3 / DCAT-AP 3 and DCAT-AP-VN.
//!
//! Data flows one way: sources → import/harvest → store → (feeds, queries) → server/CLI.
//! Modules, one per capability:
//! - [`store`]: the on-disk catalogue graph, named-graph conventions, import/export, visibility;
//! - [`sparql`]: query and update execution with access control, timeouts and result formats;
//! - [`feed`]: the paged DCAT-AP feed the national portal harvests (`/catalog`);
//! - [`shacl`]: SHACL Core + SHACL-SPARQL validation over the store or files;
//! - [`lineage`]: the lineage graph: traversal, impact analysis, OpenLineage intake, DOT/SVG;
//! - [`gen`]: the deterministic synthetic catalogue generator;
//! - [`federation`]: peers (partner provinces), SERVICE calls to them, federated queries;
//! - [`validation`]: the SHACL gate on import/harvest, quarantine, reports (`/api/validation`);
//! - [`harvest`]: scheduled, incremental, atomic harvesting of CKAN, DCAT, SPARQL, gateway and spreadsheet sources;
//! - [`search`]: the full-text index (Vietnamese-aware) and its JSON and CKAN APIs;
//! - [`server`]: the HTTP service (SPARQL Protocol, Graph Store Protocol, feed);
//! - [`cli`]: the `lienthong` command line (the only module that parses arguments), one file per command;
//! - [`vocab`] and [`text`]: shared vocabulary and Vietnamese text handling.

pub mod cli;
pub mod demo;
pub mod error;
pub mod federation;
pub mod feed;
pub mod gen;
pub mod harvest;
pub mod lineage;
pub mod search;
pub mod server;
pub mod shacl;
pub mod sparql;
pub mod store;
pub mod text;
pub mod validation;
pub mod vocab;

pub use error::{Error, Result};
