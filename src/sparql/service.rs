//! `SERVICE` calls in queries. Which endpoints may be called, and with whose credentials, is
//! a policy that belongs to the layer above (federation: registered peers only), so this layer
//! only defines the seam: the caller injects a [`ServiceCalls`] into
//! [`QueryRequest::services`](super::QueryRequest::services). A query that uses `SERVICE`
//! without one is refused.
//!
//! ```
//! use lienthong::sparql::{run_query, QueryRequest};
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! let q = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
//! // No SERVICE calls were injected: refused before anything is called.
//! let err = run_query(&cat, &QueryRequest::new(q, Access::Public), "json").unwrap_err();
//! assert!(matches!(err, lienthong::Error::Forbidden(_)));
//! # Ok::<_, lienthong::Error>(())
//! ```

use crate::error::{Result, ServiceError};
use crate::store::{Access, Catalogue};
use oxigraph::model::NamedNode;
use oxigraph::sparql::{DefaultServiceHandler, QuerySolutionIter};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use spargebra::Query;
use std::sync::Arc;

/// The handler oxigraph calls for each `SERVICE` block of one query evaluation.
pub type ServiceHandler = Arc<dyn DefaultServiceHandler<Error = ServiceError>>;

/// Who answers `SERVICE` calls: implemented above this layer (the federation's peers) and
/// injected by the server and the command line.
pub trait ServiceCalls: Send + Sync + std::fmt::Debug {
    /// The handler for one evaluation of `query` by a reader with `access`, or why the query
    /// may not run (an [`Error::Forbidden`](crate::Error::Forbidden) naming the endpoint).
    fn handler(&self, cat: &Catalogue, query: &Query, access: Access) -> Result<ServiceHandler>;
}

/// Adapts an injected handler to what the evaluator takes.
pub(crate) struct Injected(pub(crate) ServiceHandler);

impl DefaultServiceHandler for Injected {
    type Error = ServiceError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> std::result::Result<QuerySolutionIter<'static>, ServiceError> {
        self.0.handle(service_name, pattern, base_iri)
    }
}

/// True when the query calls any SERVICE (its answers then depend on other servers: not cached).
pub fn uses_service(query: &Query) -> bool {
    fn walk(p: &GraphPattern) -> bool {
        use GraphPattern as G;
        match p {
            G::Service { .. } => true,
            G::Join { left, right }
            | G::Union { left, right }
            | G::Minus { left, right }
            | G::LeftJoin { left, right, .. } => walk(left) || walk(right),
            G::Filter { inner, .. }
            | G::Graph { inner, .. }
            | G::Extend { inner, .. }
            | G::OrderBy { inner, .. }
            | G::Project { inner, .. }
            | G::Distinct { inner }
            | G::Reduced { inner }
            | G::Slice { inner, .. }
            | G::Group { inner, .. } => walk(inner),
            G::Bgp { .. } | G::Path { .. } | G::Values { .. } => false,
            // LATERAL (SEP-0006) when enabled: assume it may call a peer.
            #[allow(unreachable_patterns)]
            _ => true,
        }
    }
    walk(query_pattern(query))
}

/// The WHERE pattern of any query form.
pub fn query_pattern(query: &Query) -> &GraphPattern {
    match query {
        Query::Select { pattern, .. }
        | Query::Ask { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. } => pattern,
    }
}
