//! SPARQL query and update execution over the catalogue, with access control (the default
//! graph is the union of the graphs the caller may read), timeouts, content negotiation,
//! and a result cache keyed on the store version (every write invalidates it).
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

use crate::error::{Error, Result};
use crate::store::{
    fidelity_fix, hidden_records, reconcile_visibility, subjects_of_graphs, Access, Catalogue,
    Change,
};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryDataset, QueryResults, SparqlEvaluator,
};
use spargebra::algebra::GraphTarget;
use spargebra::term::{GroundTermPattern, TermPattern};
use spargebra::{GraphUpdateOperation, Query, Update};
use std::collections::BTreeSet;
use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
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
        }
    }
}

/// Serialized answer.
#[derive(Clone, Debug)]
pub struct QueryOutput {
    pub body: Vec<u8>,
    pub media_type: &'static str,
}

/// What a query returns, before serialization: used to pick a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryForm {
    Solutions,
    Graph,
}

fn parse_graph(iri: &str) -> Result<NamedNode> {
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

fn parser(base: Option<&str>) -> Result<spargebra::SparqlParser> {
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

/// Picks the best format for `form` from an Accept header (or a short name such as `json`).
/// `None` when nothing acceptable is offered (HTTP 406).
pub fn negotiate(
    accept: &str,
    form: QueryForm,
) -> Option<(Option<QueryResultsFormat>, Option<RdfFormat>, &'static str)> {
    let short = match accept.trim().to_ascii_lowercase().as_str() {
        "json" => Some("application/sparql-results+json"),
        "xml" => Some("application/sparql-results+xml"),
        "csv" => Some("text/csv"),
        "tsv" => Some("text/tab-separated-values"),
        "turtle" | "ttl" => Some("text/turtle"),
        "ntriples" | "nt" => Some("application/n-triples"),
        "rdfxml" => Some("application/rdf+xml"),
        "jsonld" => Some("application/ld+json"),
        _ => None,
    };
    let accept = short.unwrap_or(accept);
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let media = bits.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let q = bits
                .filter_map(|b| {
                    b.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .next()
                .unwrap_or(1.0);
            Some((q, i, media))
        })
        .filter(|(q, _, _)| *q > 0.0)
        .collect();
    if ranges.is_empty() {
        ranges.push((1.0, 0, "*/*".into()));
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in ranges {
        match form {
            QueryForm::Solutions => {
                let f = match media.as_str() {
                    "*/*" | "application/*" | "application/json" => Some(QueryResultsFormat::Json),
                    "text/*" => Some(QueryResultsFormat::Csv),
                    m => QueryResultsFormat::from_media_type(m),
                };
                if let Some(f) = f {
                    return Some((Some(f), None, f.media_type()));
                }
            }
            QueryForm::Graph => {
                let f = match media.as_str() {
                    "*/*" | "text/*" => Some(RdfFormat::Turtle),
                    "application/json" | "application/ld+json" => Some(RdfFormat::JsonLd {
                        profile: JsonLdProfileSet::empty(),
                    }),
                    "application/xml" => Some(RdfFormat::RdfXml),
                    m => RdfFormat::from_media_type(m).filter(|f| !matches!(f, RdfFormat::N3)),
                };
                if let Some(f) = f {
                    return Some((None, Some(f), f.media_type()));
                }
            }
        }
    }
    None
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

type CacheKey = (
    Access,
    String,
    Vec<String>,
    Vec<String>,
    Option<String>,
    &'static str,
);

/// Answers cached per store version; a write (version change) empties it.
#[derive(Clone, Default)]
pub struct ResultCache {
    inner: Arc<Mutex<(u64, HashMap<CacheKey, QueryOutput>)>>,
}

const CACHE_ENTRIES: usize = 1024;
const CACHE_MAX_BODY: usize = 1 << 20;

impl ResultCache {
    fn key(req: &QueryRequest, media: &'static str) -> CacheKey {
        (
            req.access,
            req.query.clone(),
            req.default_graphs.clone(),
            req.named_graphs.clone(),
            req.base_iri.clone(),
            media,
        )
    }

    fn get(&self, version: u64, key: &CacheKey) -> Option<QueryOutput> {
        let guard = self.inner.lock().ok()?;
        if guard.0 != version {
            return None;
        }
        guard.1.get(key).cloned()
    }

    fn put(&self, version: u64, key: CacheKey, out: &QueryOutput) {
        if out.body.len() > CACHE_MAX_BODY {
            return;
        }
        if let Ok(mut guard) = self.inner.lock() {
            if guard.0 != version {
                guard.0 = version;
                guard.1.clear();
            }
            if guard.1.len() >= CACHE_ENTRIES {
                guard.1.clear();
            }
            guard.1.insert(key, out.clone());
        }
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
    if let Some(hit) = cache.and_then(|c| c.get(version, &key)) {
        return Ok(hit);
    }
    let token = CancellationToken::new();
    let _deadline = Deadline::start(token.clone(), req.timeout);
    let results = prepare(cat, req, query, Some(token))?
        .on_store(cat.store())
        .execute();
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

/// An update as the protocol carries it.
#[derive(Clone, Debug, Default)]
pub struct UpdateRequest {
    pub update: String,
    pub using_graphs: Vec<String>,
    pub using_named_graphs: Vec<String>,
    pub base_iri: Option<String>,
}

/// Runs an update in one transaction together with the visibility bookkeeping
/// (writes without GRAPH land in `graph/local`; non-public records move to restricted graphs),
/// then tells derived data which subjects changed.
///
/// Operations run one at a time in the same transaction (SPARQL Update is sequential), so
/// that before each `DELETE/INSERT … WHERE` its pattern can be evaluated once to learn which
/// subjects the templates will touch: the search index then follows exactly those records.
pub fn run_update(cat: &Catalogue, req: &UpdateRequest) -> Result<()> {
    let update: Update = parser(req.base_iri.as_deref())?
        .parse_update(&req.update)
        .map_err(|e| Error::QuerySyntax(e.to_string()))?;
    let has_using_or_with = update.operations.iter().any(|op| {
        matches!(
            op,
            spargebra::GraphUpdateOperation::DeleteInsert { using: Some(_), .. }
        )
    });
    let using = if !req.using_graphs.is_empty() || !req.using_named_graphs.is_empty() {
        if has_using_or_with {
            return Err(Error::BadRequest(
                "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH in the update".into(),
            ));
        }
        let default = req
            .using_graphs
            .iter()
            .map(|g| parse_graph(g).map(GraphName::from))
            .collect::<Result<Vec<_>>>()?;
        let named = req
            .using_named_graphs
            .iter()
            .map(|g| parse_graph(g).map(NamedOrBlankNode::from))
            .collect::<Result<Vec<_>>>()?;
        Some((default, named))
    } else {
        None
    };
    let mut tx = cat.store().start_transaction()?;
    let before = hidden_records(&tx)?;
    let mut touched = Some(BTreeSet::new());
    for op in update.operations {
        if let Some(set) = touched.as_mut() {
            if !touched_subjects(&tx, &op, using.as_ref(), set)? {
                touched = None;
            }
        }
        let mut prepared = SparqlEvaluator::new().for_update(Update {
            base_iri: update.base_iri.clone(),
            operations: vec![op],
        });
        if let Some((default, named)) = &using {
            for ds in prepared.using_datasets_mut() {
                ds.set_default_graph(default.clone());
                ds.set_available_named_graphs(named.clone());
            }
        }
        prepared.on_transaction(&mut tx).execute()?;
    }
    reconcile_visibility(&mut tx, Some(&before))?;
    tx.commit()?;
    cat.committed(touched.map_or(Change::Everything, Change::from_subjects));
    Ok(())
}

/// Adds to `out` the IRI subjects that `op` is about to touch; false when that cannot be
/// known cheaply (whole-graph operations on the default or all graphs, LOAD).
fn touched_subjects(
    tx: &oxigraph::store::Transaction<'_>,
    op: &GraphUpdateOperation,
    using: Option<&(Vec<GraphName>, Vec<NamedOrBlankNode>)>,
    out: &mut BTreeSet<String>,
) -> Result<bool> {
    match op {
        GraphUpdateOperation::InsertData { data } => {
            for q in data {
                if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                    out.insert(s.as_str().to_string());
                }
            }
        }
        GraphUpdateOperation::DeleteData { data } => {
            out.extend(data.iter().map(|q| q.subject.as_str().to_string()));
        }
        GraphUpdateOperation::DeleteInsert {
            delete,
            insert,
            using: op_using,
            pattern,
        } => {
            let mut vars = Vec::new();
            let subjects = delete
                .iter()
                .map(|q| match &q.subject {
                    GroundTermPattern::NamedNode(n) => Some(Ok(n)),
                    GroundTermPattern::Variable(v) => Some(Err(v)),
                    _ => None,
                })
                .chain(insert.iter().map(|q| match &q.subject {
                    TermPattern::NamedNode(n) => Some(Ok(n)),
                    TermPattern::Variable(v) => Some(Err(v)),
                    _ => None,
                }));
            for s in subjects.flatten() {
                match s {
                    Ok(n) => {
                        out.insert(n.as_str().to_string());
                    }
                    Err(v) if !vars.contains(v) => vars.push(v.clone()),
                    Err(_) => {}
                }
            }
            if vars.is_empty() {
                return Ok(true);
            }
            let query = Query::Select {
                dataset: op_using.clone(),
                pattern: spargebra::algebra::GraphPattern::Distinct {
                    inner: Box::new(spargebra::algebra::GraphPattern::Project {
                        inner: pattern.clone(),
                        variables: vars,
                    }),
                },
                base_iri: None,
            };
            let mut prepared = SparqlEvaluator::new().for_query(query);
            if let Some((default, named)) = using {
                prepared.dataset_mut().set_default_graph(default.clone());
                prepared
                    .dataset_mut()
                    .set_available_named_graphs(named.clone());
            }
            if let QueryResults::Solutions(solutions) = prepared.on_transaction(tx).execute()? {
                for solution in solutions {
                    for (_, term) in solution?.iter() {
                        if let Term::NamedNode(n) = term {
                            if out.len() > crate::store::change::MAX_TRACKED_SUBJECTS {
                                return Ok(false);
                            }
                            out.insert(n.as_str().to_string());
                        }
                    }
                }
            }
        }
        GraphUpdateOperation::Create { .. } => {}
        GraphUpdateOperation::Clear { graph, .. } | GraphUpdateOperation::Drop { graph, .. } => {
            match graph {
                GraphTarget::NamedNode(g) => {
                    let companion =
                        NamedNode::new_unchecked(crate::vocab::graph::restricted_of(g.as_str()));
                    subjects_of_graphs(tx, &[g.clone(), companion], out)?;
                }
                _ => return Ok(false),
            }
        }
        GraphUpdateOperation::Load { .. } => return Ok(false),
    }
    Ok(true)
}
