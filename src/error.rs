//! The library's error type: every failure names what went wrong and where.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the store at {path} is in use by another lienthong process (RocksDB lock held); stop it or use another --store")]
    StoreLocked { path: PathBuf },
    #[error("cannot open the store at {path}: {message}")]
    StoreOpen { path: PathBuf, message: String },
    #[error("{file}: line {line}, column {column}: {message}")]
    Syntax {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{file}: {message}")]
    Input { file: String, message: String },
    #[error("unknown RDF format '{0}': known formats are turtle (.ttl), trig (.trig), ntriples (.nt), nquads (.nq), rdfxml (.rdf, .owl, .xml), jsonld (.jsonld, .json)")]
    UnknownFormat(String),
    #[error("SPARQL syntax error: {0}")]
    QuerySyntax(String),
    /// Records that do not conform to the shapes, under the `reject` policy: nothing was written.
    #[error("{source_name}: {records} record(s) do not conform to the shapes (policy reject); nothing was imported\n{report}")]
    Rejected {
        source_name: String,
        records: usize,
        report: String,
    },
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    #[error("the query ran longer than the {0:?} timeout and was stopped")]
    Timeout(std::time::Duration),
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("invalid request: {0}")]
    BadRequest(String),
    #[error("not acceptable: {0}")]
    NotAcceptable(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A partner province's server failed to answer a SERVICE call.
    #[error("{0}")]
    Peer(String),
    /// A malformed shapes graph: names the shape (IRI or blank node) and what is wrong.
    #[error("shapes graph: shape {shape}: {message}")]
    Shape { shape: String, message: String },
    /// A SHACL processing failure (not a violation): e.g. a SPARQL constraint that cannot run.
    #[error("SHACL validation failure: {0}")]
    Validation(String),
    /// A harvest could not fetch or read its source (the message names the URL and why).
    #[error("harvest: {0}")]
    Harvest(String),
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Why a `SERVICE` call in a query failed: the endpoint may not be called, or the peer
/// behind it failed. Raised by the injected SERVICE handler (see `sparql::service`) and
/// recognised here when evaluation reports it.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("SERVICE <{0}> is not a registered peer: only the SPARQL endpoints of peers (`lienthong peers list`) may be called")]
    NotAPeer(String),
    #[error("peer '{peer}' ({endpoint}): {message}")]
    Peer {
        peer: String,
        endpoint: String,
        message: String,
    },
}

impl From<oxigraph::sparql::QueryEvaluationError> for Error {
    fn from(e: oxigraph::sparql::QueryEvaluationError) -> Self {
        match e {
            oxigraph::sparql::QueryEvaluationError::Cancelled => {
                Error::Timeout(std::time::Duration::ZERO)
            }
            oxigraph::sparql::QueryEvaluationError::Service(e) => {
                match e.downcast_ref::<ServiceError>() {
                    Some(ServiceError::NotAPeer(_)) => Error::Forbidden(e.to_string()),
                    Some(ServiceError::Peer { .. }) => Error::Peer(e.to_string()),
                    None => Error::Evaluation(e.to_string()),
                }
            }
            e => Error::Evaluation(e.to_string()),
        }
    }
}

impl From<oxigraph::sparql::UpdateEvaluationError> for Error {
    fn from(e: oxigraph::sparql::UpdateEvaluationError) -> Self {
        Error::Evaluation(e.to_string())
    }
}

impl From<oxigraph::sparql::SparqlSyntaxError> for Error {
    fn from(e: oxigraph::sparql::SparqlSyntaxError) -> Self {
        Error::QuerySyntax(e.to_string())
    }
}
