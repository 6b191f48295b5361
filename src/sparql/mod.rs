//! SPARQL query and update execution over the catalogue, with access control (the default
//! graph is the union of the graphs the caller may read), timeouts, content negotiation,
//! and a result cache keyed on the store version (every write invalidates it).
//!
//! - [`run`]: parse, prepare (protocol dataset, the reader's visibility), evaluate with a deadline;
//! - [`negotiate`]: result formats from `Accept`;
//! - [`cache`]: answers per store version, and the read images cold queries run on;
//! - [`update`]: SPARQL Update in one transaction with the visibility bookkeeping;
//! - [`service`]: `SERVICE` calls, answered by a [`ServiceCalls`] that the caller injects
//!   (the federation layer's peers; without one, a query that uses `SERVICE` is refused).
//!
//! ```
//! use lienthong::sparql::{run_query, QueryRequest};
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! cat.load_turtle_str("<urn:a> <urn:p> 1 .", "https://w3id.org/lienthong/graph/import/doc")?;
//! let out = run_query(&cat, &QueryRequest::new("SELECT ?s { ?s ?p ?o }", Access::Public), "text/csv")?;
//! assert_eq!(String::from_utf8(out.body).unwrap(), "s\r\nurn:a\r\n");
//! # Ok::<_, lienthong::Error>(())
//! ```

pub mod cache;
pub mod negotiate;
pub mod run;
pub mod service;
pub mod update;

pub use cache::ResultCache;
pub use negotiate::{negotiate, QueryForm};
pub use run::{
    parse_query, prepare, query_form, reads_default_graph_only, run_query, run_query_cached,
    QueryOutput, QueryRequest, DEFAULT_TIMEOUT,
};
pub use service::{uses_service, ServiceCalls};
pub use update::{run_update, UpdateRequest};
