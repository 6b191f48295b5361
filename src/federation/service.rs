//! `SERVICE <endpoint>` in queries, answered by registered peers only.
//!
//! oxigraph calls the handler once per incoming binding with the same pattern, so answers
//! are cached for the duration of one query; before evaluation, every SERVICE block whose
//! endpoint is a constant is fetched in parallel ([`PeerServices::prefetch`]), so three
//! peers cost the time of the slowest rather than the sum. `SERVICE SILENT` is oxigraph's:
//! a failed call then yields the empty solution.

use super::client::post_query;
use super::peers::{find_by_endpoint, Peer};
use crate::error::{Error, Result, ServiceError};
use crate::sparql::service::{query_pattern, ServiceCalls, ServiceHandler};
use crate::store::{Access, Catalogue};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QuerySolution, QuerySolutionIter, Variable};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use spargebra::term::NamedNodePattern;
use spargebra::Query;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Variables and rows (values in variable order): `QuerySolution` itself is not `Clone`.
type Answer = std::result::Result<(Arc<[Variable]>, Arc<Vec<Vec<Option<Term>>>>), ServiceError>;

/// The SERVICE handler of one query evaluation.
#[derive(Clone)]
pub struct PeerServices {
    peers: Arc<Vec<Peer>>,
    /// Whether the caller is the administrator (then peers' tokens are sent).
    with_token: bool,
    cache: Arc<Mutex<HashMap<(String, String), Answer>>>,
}

impl PeerServices {
    pub fn new(peers: Vec<Peer>, with_token: bool) -> Self {
        Self {
            peers: Arc::new(peers),
            with_token,
            cache: Arc::default(),
        }
    }

    /// Fetches every constant-endpoint SERVICE block of `query` at once.
    pub fn prefetch(&self, query: &Query) {
        let mut calls = Vec::new();
        let pattern = query_pattern(query);
        collect_services(pattern, &mut calls);
        calls.retain(|(name, inner, _)| {
            find_by_endpoint(&self.peers, name.as_str()).is_some()
                && self
                    .cache
                    .lock()
                    .map(|c| !c.contains_key(&key(name, inner)))
                    .unwrap_or(false)
        });
        if calls.len() < 2 {
            return; // nothing to overlap: evaluation fetches it on demand
        }
        std::thread::scope(|s| {
            for (name, inner, _) in &calls {
                s.spawn(move || {
                    let answer = self.fetch(name, inner, None);
                    if let Ok(mut c) = self.cache.lock() {
                        c.insert(key(name, inner), answer);
                    }
                });
            }
        });
    }

    fn fetch(&self, name: &NamedNode, pattern: &GraphPattern, base: Option<&str>) -> Answer {
        let peer = find_by_endpoint(&self.peers, name.as_str())
            .ok_or_else(|| ServiceError::NotAPeer(name.as_str().to_string()))?;
        let fail = |message: String| ServiceError::Peer {
            peer: peer.id.clone(),
            endpoint: peer.endpoint(),
            message,
        };
        let query = Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base.and_then(|b| Iri::parse(b.to_string()).ok()),
        }
        .to_string();
        let body = post_query(
            peer,
            &query,
            "application/sparql-results+json",
            self.with_token,
        )
        .map_err(fail)?;
        match QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(&body)
            .map_err(|e| fail(format!("unreadable SPARQL results: {e}")))?
        {
            SliceQueryResultsParserOutput::Solutions(solutions) => {
                let variables: Arc<[Variable]> = solutions.variables().into();
                let rows = solutions
                    .map(|s| s.map(|s| variables.iter().map(|v| s.get(v).cloned()).collect()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| fail(format!("unreadable SPARQL results: {e}")))?;
                Ok((variables, Arc::new(rows)))
            }
            SliceQueryResultsParserOutput::Boolean(_) => {
                Err(fail("answered a boolean to a SELECT".into()))
            }
        }
    }
}

/// The first SERVICE endpoint of `query` that is not a registered peer's (refused even when
/// SILENT: calling arbitrary hosts from the catalogue server is a policy matter, not a failure).
pub fn first_unregistered(query: &Query, peers: &[Peer]) -> Option<String> {
    let pattern = query_pattern(query);
    let mut calls = Vec::new();
    collect_services(pattern, &mut calls);
    calls
        .into_iter()
        .map(|(n, _, _)| n)
        .find(|n| find_by_endpoint(peers, n.as_str()).is_none())
        .map(NamedNode::into_string)
}

fn key(name: &NamedNode, pattern: &GraphPattern) -> (String, String) {
    (name.as_str().to_string(), pattern.to_string())
}

/// SERVICE blocks with a constant endpoint, in query order.
fn collect_services<'a>(p: &'a GraphPattern, out: &mut Vec<(NamedNode, &'a GraphPattern, bool)>) {
    use GraphPattern as G;
    match p {
        G::Service {
            name: NamedNodePattern::NamedNode(n),
            inner,
            silent,
        } => out.push((n.clone(), inner, *silent)),
        G::Service { inner, .. } => collect_services(inner, out),
        G::Join { left, right }
        | G::Union { left, right }
        | G::Minus { left, right }
        | G::LeftJoin { left, right, .. } => {
            collect_services(left, out);
            collect_services(right, out);
        }
        G::Filter { inner, .. }
        | G::Graph { inner, .. }
        | G::Extend { inner, .. }
        | G::OrderBy { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::Group { inner, .. } => collect_services(inner, out),
        G::Bgp { .. } | G::Path { .. } | G::Values { .. } => {}
        // LATERAL (SEP-0006) when enabled: its SERVICE blocks are fetched on demand.
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// `SERVICE` calls answered by the registered peers only, with their tokens for the
/// administrator only: what the server and the command line inject into queries.
#[derive(Clone, Copy, Debug, Default)]
pub struct PeerServiceCalls;

impl ServiceCalls for PeerServiceCalls {
    fn handler(&self, cat: &Catalogue, query: &Query, access: Access) -> Result<ServiceHandler> {
        let peers = super::peers::list(cat)?;
        if let Some(iri) = first_unregistered(query, &peers) {
            return Err(Error::Forbidden(ServiceError::NotAPeer(iri).to_string()));
        }
        let services = PeerServices::new(peers, access == Access::Admin);
        services.prefetch(query);
        Ok(Arc::new(services))
    }
}

impl DefaultServiceHandler for PeerServices {
    type Error = ServiceError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> std::result::Result<QuerySolutionIter<'static>, ServiceError> {
        let k = key(service_name, pattern);
        let cached = self.cache.lock().ok().and_then(|c| c.get(&k).cloned());
        let answer = match cached {
            Some(a) => a,
            None => {
                let a = self.fetch(service_name, pattern, base_iri.map(Iri::as_str));
                if let Ok(mut c) = self.cache.lock() {
                    c.insert(k, a.clone());
                }
                a
            }
        };
        let (variables, rows) = answer?;
        Ok(QuerySolutionIter::new(
            Arc::clone(&variables),
            (0..rows.len()).map({
                let variables = Arc::clone(&variables);
                move |i| {
                    Ok(QuerySolution::from((
                        Arc::clone(&variables),
                        rows[i].clone(),
                    )))
                }
            }),
        ))
    }
}
