//! Learning a peer's root catalogue from its own SPARQL endpoint, so that our catalogue can
//! list it (`dcat:catalog`) and the national portal sees the region.

use super::client::post_query;
use super::peers::Peer;
use oxigraph::model::Term;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};

/// The peer's top-level catalogue (a `dcat:Catalog` that no other catalogue lists), if it
/// answers. Errors are returned as text for the caller to show; registration goes on.
pub fn root_catalog(peer: &Peer) -> Result<Option<String>, String> {
    let q = "SELECT ?c WHERE { ?c a <http://www.w3.org/ns/dcat#Catalog> . \
             FILTER NOT EXISTS { ?p <http://www.w3.org/ns/dcat#catalog> ?c } } ORDER BY ?c LIMIT 1";
    let body = post_query(peer, q, "application/sparql-results+json", false)?;
    match QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_slice(&body)
        .map_err(|e| e.to_string())?
    {
        SliceQueryResultsParserOutput::Solutions(mut s) => match s.next() {
            Some(Ok(row)) => Ok(match row.get("c") {
                Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
                _ => None,
            }),
            Some(Err(e)) => Err(e.to_string()),
            None => Ok(None),
        },
        SliceQueryResultsParserOutput::Boolean(_) => Err("answered a boolean".into()),
    }
}

/// Fills `peer.catalog` when it is unknown and the peer answers; says why not otherwise.
pub fn fill_catalog(peer: &mut Peer) -> Option<String> {
    if peer.catalog.is_some() {
        return None;
    }
    match root_catalog(peer) {
        Ok(Some(c)) => {
            peer.catalog = Some(c);
            None
        }
        Ok(None) => Some(format!("peer '{}' lists no root catalogue yet", peer.id)),
        Err(e) => Some(format!("peer '{}' did not answer: {e}", peer.id)),
    }
}
