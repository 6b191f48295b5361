//! Query execution: parse, prepare (protocol dataset parameters, the reader's visibility,
//! injected `SERVICE` calls), evaluate under a deadline, serialize.

use super::cache::ResultCache;
use super::negotiate::{negotiate, QueryForm};
use super::service::ServiceCalls;
use crate::error::{Error, Result};
use crate::store::{fidelity_fix, Access, Catalogue};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryDataset, QueryResults, SparqlEvaluator,
};
use spargebra::Query;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A query as the protocol carries it.
#[derive(Clone, Debug)]
pub struct QueryRequest {
    pub query: String,
    pub access: Access,
    /// `default-graph-uri` parameters (override the query's FROM).
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` parameters (override the query's FROM NAMED).
    pub named_graphs: Vec<String>,
    pub base_iri: Option<String>,
    pub timeout: Duration,
    /// Who answers `SERVICE` calls (the federation's peers, injected by the server and the
    /// command line); `None`: a query that uses `SERVICE` is refused.
    pub services: Option<Arc<dyn ServiceCalls>>,
}

impl QueryRequest {
    pub fn new(query: impl Into<String>, access: Access) -> Self {
        Self {
            query: query.into(),
            access,
            default_graphs: Vec::new(),
            named_graphs: Vec::new(),
            base_iri: None,
            timeout: DEFAULT_TIMEOUT,
            services: None,
        }
    }
}

/// Serialized answer.
#[derive(Clone, Debug)]
pub struct QueryOutput {
    pub body: Vec<u8>,
    pub media_type: &'static str,
}

pub(super) fn parse_graph(iri: &str) -> Result<NamedNode> {
    NamedNode::new(iri).map_err(|e| Error::BadRequest(format!("invalid graph IRI <{iri}>: {e}")))
}

pub fn parse_query(req: &QueryRequest) -> Result<Query> {
    parser(req.base_iri.as_deref())?
        .parse_query(&req.query)
        .map_err(|e| Error::QuerySyntax(e.to_string()))
}

/// Prepares a parsed query for evaluation: protocol dataset parameters (which override the
/// query's FROM / FROM NAMED), then the reader's visibility.
pub fn prepare(
    cat: &Catalogue,
    req: &QueryRequest,
    query: Query,
    token: Option<CancellationToken>,
) -> Result<PreparedSparqlQuery> {
    let mut evaluator = SparqlEvaluator::new();
    if let Some(t) = token {
        evaluator = evaluator.with_cancellation_token(t);
    }
    if super::uses_service(&query) {
        let calls = req.services.as_ref().ok_or_else(|| {
            Error::Forbidden(
                "this query calls SERVICE, and no SERVICE calls are enabled for it".into(),
            )
        })?;
        let handler = calls.handler(cat, &query, req.access)?;
        evaluator = evaluator.with_default_service_handler(super::service::Injected(handler));
    }
    let mut prepared = evaluator.for_query(query);
    apply_protocol_dataset(prepared.dataset_mut(), req)?;
    cat.restrict_dataset(prepared.dataset_mut(), req.access)?;
    Ok(prepared)
}

fn apply_protocol_dataset(ds: &mut QueryDataset, req: &QueryRequest) -> Result<()> {
    if !req.default_graphs.is_empty() || !req.named_graphs.is_empty() {
        let default = req
            .default_graphs
            .iter()
            .map(|g| parse_graph(g).map(GraphName::from))
            .collect::<Result<Vec<_>>>()?;
        let named = req
            .named_graphs
            .iter()
            .map(|g| parse_graph(g).map(NamedOrBlankNode::from))
            .collect::<Result<Vec<_>>>()?;
        ds.set_default_graph(default);
        ds.set_available_named_graphs(named);
    }
    Ok(())
}

pub(super) fn parser(base: Option<&str>) -> Result<spargebra::SparqlParser> {
    let p = spargebra::SparqlParser::new();
    match base {
        Some(b) => p
            .with_base_iri(b)
            .map_err(|e| Error::BadRequest(format!("invalid base IRI <{b}>: {e}"))),
        None => Ok(p),
    }
}

pub fn query_form(query: &Query) -> QueryForm {
    match query {
        Query::Select { .. } | Query::Ask { .. } => QueryForm::Solutions,
        Query::Construct { .. } | Query::Describe { .. } => QueryForm::Graph,
    }
}

/// Cancels `token` after `timeout` unless the returned guard is dropped first.
struct Deadline(Option<mpsc::Sender<()>>);

impl Deadline {
    fn start(token: CancellationToken, timeout: Duration) -> Self {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(timeout) {
                token.cancel();
            }
        });
        Self(Some(tx))
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(());
        }
    }
}

/// True when the query reads nothing but the default graph (no FROM, no GRAPH, no SERVICE):
/// such a query can run on a read image, whose default graph is the reader's whole view.
pub fn reads_default_graph_only(query: &Query) -> bool {
    fn walk(p: &spargebra::algebra::GraphPattern) -> bool {
        use spargebra::algebra::GraphPattern as G;
        match p {
            G::Graph { .. } | G::Service { .. } => false,
            G::Join { left, right }
            | G::Union { left, right }
            | G::Minus { left, right }
            | G::LeftJoin { left, right, .. } => walk(left) && walk(right),
            G::Filter { expr, inner } => walk(inner) && expr_ok(expr),
            G::Extend {
                inner, expression, ..
            } => walk(inner) && expr_ok(expression),
            G::OrderBy { inner, .. }
            | G::Project { inner, .. }
            | G::Distinct { inner }
            | G::Reduced { inner }
            | G::Slice { inner, .. }
            | G::Group { inner, .. } => walk(inner),
            G::Bgp { .. } | G::Path { .. } | G::Values { .. } => true,
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }
    // EXISTS { GRAPH ?g ... } inside a filter reads named graphs too.
    // (Conservative: any expression whose text mentions "graph" goes to the store.)
    fn expr_ok(e: &spargebra::algebra::Expression) -> bool {
        !format!("{e}").to_ascii_lowercase().contains("graph")
    }
    match query {
        Query::Select {
            dataset, pattern, ..
        }
        | Query::Ask {
            dataset, pattern, ..
        }
        | Query::Construct {
            dataset, pattern, ..
        }
        | Query::Describe {
            dataset, pattern, ..
        } => dataset.is_none() && walk(pattern),
    }
}

/// Runs a query and serializes its answer in the best format `accept` allows.
pub fn run_query(cat: &Catalogue, req: &QueryRequest, accept: &str) -> Result<QueryOutput> {
    run_query_cached(cat, req, accept, None)
}

pub fn run_query_cached(
    cat: &Catalogue,
    req: &QueryRequest,
    accept: &str,
    cache: Option<&ResultCache>,
) -> Result<QueryOutput> {
    let query = parse_query(req)?;
    let form = query_form(&query);
    let (results_format, graph_format, media) = negotiate(accept, form).ok_or_else(|| {
        Error::NotAcceptable(format!(
            "no result format for this query matches Accept: {accept} (offered: JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT/DESCRIBE)"
        ))
    })?;
    // Read the version before evaluating: a write during evaluation makes the entry stale.
    let version = cat.version();
    let key = ResultCache::key(req, media);
    // Answers that depend on peers change without a local write: never cached.
    let cache = cache.filter(|_| !super::uses_service(&query));
    if let Some(hit) = cache.and_then(|c| c.get(version, &key)) {
        return Ok(hit);
    }
    let token = CancellationToken::new();
    let _deadline = Deadline::start(token.clone(), req.timeout);
    let image = cache
        .and_then(|c| c.images.as_ref())
        .filter(|_| {
            req.default_graphs.is_empty()
                && req.named_graphs.is_empty()
                && reads_default_graph_only(&query)
        })
        .and_then(|images| images.get(cat, req.access));
    let results = match &image {
        Some(img) => SparqlEvaluator::new()
            .with_cancellation_token(token)
            .for_query(query)
            .on_store(img)
            .execute(),
        None => prepare(cat, req, query, Some(token))?
            .on_store(cat.store())
            .execute(),
    };
    let timeout_error = |e: Error| match e {
        Error::Timeout(_) => Error::Timeout(req.timeout),
        e => e,
    };
    let body = serialize(results.map_err(Error::from), results_format, graph_format)
        .map_err(timeout_error)?;
    let out = QueryOutput {
        body,
        media_type: media,
    };
    if let Some(c) = cache {
        c.put(version, key, &out);
    }
    Ok(out)
}

fn serialize(
    results: Result<QueryResults<'_>>,
    results_format: Option<QueryResultsFormat>,
    graph_format: Option<RdfFormat>,
) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    match results? {
        QueryResults::Boolean(b) => {
            let f = results_format.unwrap_or(QueryResultsFormat::Json);
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut body, b)?;
        }
        QueryResults::Solutions(solutions) => {
            let f = results_format.unwrap_or(QueryResultsFormat::Json);
            let mut w = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut body, solutions.variables().to_vec())?;
            for s in solutions {
                w.serialize(&s?)?;
            }
            w.finish()?;
        }
        QueryResults::Graph(triples) => {
            let f = graph_format.unwrap_or(RdfFormat::Turtle);
            let mut w = crate::store::serializer(f).for_writer(&mut body);
            for t in triples {
                let t = t?;
                let q = fidelity_fix(t.in_graph(GraphName::DefaultGraph));
                w.serialize_triple(oxigraph::model::TripleRef::new(
                    &q.subject,
                    &q.predicate,
                    &q.object,
                ))?;
            }
            w.finish()?;
        }
    }
    Ok(body)
}
