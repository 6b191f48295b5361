//! One query over this node and every peer at once (`query --federated`, `/sparql?federated=1`):
//! the answers are merged (solutions concatenated, booleans or-ed, graphs united) and each
//! node gets a status line, so a dead or slow peer gives a partial answer, never a hang.

use super::client::post_query;
use super::peers::Peer;
use crate::error::{Error, Result};
use crate::sparql::{
    negotiate, parse_query, query_form, run_query, QueryForm, QueryOutput, QueryRequest,
};
use crate::store::{Access, Catalogue};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{QuerySolution, Variable};
use serde::Serialize;
use std::time::Instant;

/// How one node answered.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NodeStatus {
    /// `local` or the peer's id.
    pub node: String,
    pub ok: bool,
    /// Solutions or triples contributed.
    pub results: usize,
    pub millis: u128,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl NodeStatus {
    /// `ha-tinh: ok, 120 results, 35 ms` / `ha-tinh: error: timed out (10002 ms)`.
    pub fn line(&self) -> String {
        match &self.error {
            None => format!(
                "{}: ok, {} results, {} ms",
                self.node, self.results, self.millis
            ),
            Some(e) => format!("{}: error: {e} ({} ms)", self.node, self.millis),
        }
    }

    /// The same, for an HTTP header (ASCII only).
    pub fn header_value(statuses: &[NodeStatus]) -> String {
        statuses
            .iter()
            .map(|s| match &s.error {
                None => format!("{}=ok;results={};ms={}", s.node, s.results, s.millis),
                Some(e) => {
                    let clean: String = e
                        .chars()
                        .map(|c| {
                            if c.is_ascii_graphic() && !matches!(c, '"' | ',' | '\\') || c == ' ' {
                                c
                            } else {
                                '_'
                            }
                        })
                        .take(200)
                        .collect();
                    format!("{}=error;ms={};message=\"{clean}\"", s.node, s.millis)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub struct FederatedOutput {
    pub output: QueryOutput,
    pub statuses: Vec<NodeStatus>,
}

enum Part {
    Solutions(Vec<Variable>, Vec<QuerySolution>),
    Boolean(bool),
    Graph(Vec<Triple>),
}

/// Runs `req` on this node and on every peer in parallel, then merges.
/// Peers are called anonymously unless the caller is the administrator.
pub fn run_federated(
    cat: &Catalogue,
    peers: &[Peer],
    req: &QueryRequest,
    accept: &str,
) -> Result<FederatedOutput> {
    let query = parse_query(req)?;
    let form = query_form(&query);
    let (results_format, graph_format, media) = negotiate(accept, form).ok_or_else(|| {
        Error::NotAcceptable(format!(
            "no result format for this query matches Accept: {accept}"
        ))
    })?;
    let wire = match form {
        QueryForm::Solutions => "application/sparql-results+json",
        QueryForm::Graph => "application/n-triples",
    };
    let with_token = req.access == Access::Admin;
    let (local, remote) = std::thread::scope(|s| {
        let handles: Vec<_> = peers
            .iter()
            .map(|p| {
                s.spawn(move || {
                    let start = Instant::now();
                    let r =
                        post_query(p, &req.query, wire, with_token).and_then(|b| parse(&b, form));
                    (r, start.elapsed().as_millis())
                })
            })
            .collect();
        let start = Instant::now();
        let local = run_query(cat, req, wire)
            .map_err(|e| e.to_string())
            .and_then(|o| parse(&o.body, form));
        let local = (local, start.elapsed().as_millis());
        let remote: Vec<_> = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| (Err("internal error".into()), 0))
            })
            .collect();
        (local, remote)
    });
    if let (Err(e), _) = &local {
        // The local node failing (bad query, timeout) is the caller's error, not a partial answer.
        return Err(Error::Evaluation(format!("on this node: {e}")));
    }
    let mut statuses = Vec::new();
    let mut parts = Vec::new();
    for (node, (r, millis)) in std::iter::once(("local".to_string(), local))
        .chain(peers.iter().map(|p| p.id.clone()).zip(remote))
    {
        match r {
            Ok(part) => {
                let results = match &part {
                    Part::Solutions(_, rows) => rows.len(),
                    Part::Boolean(_) => 1,
                    Part::Graph(t) => t.len(),
                };
                statuses.push(NodeStatus {
                    node,
                    ok: true,
                    results,
                    millis,
                    error: None,
                });
                parts.push(part);
            }
            Err(e) => statuses.push(NodeStatus {
                node,
                ok: false,
                results: 0,
                millis,
                error: Some(e),
            }),
        }
    }
    let body = merge(parts, form, results_format, graph_format)?;
    Ok(FederatedOutput {
        output: QueryOutput {
            body,
            media_type: media,
        },
        statuses,
    })
}

fn parse(body: &[u8], form: QueryForm) -> std::result::Result<Part, String> {
    match form {
        QueryForm::Solutions => match QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(body)
            .map_err(|e| format!("unreadable SPARQL results: {e}"))?
        {
            SliceQueryResultsParserOutput::Solutions(s) => {
                let vars = s.variables().to_vec();
                let rows = s
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| format!("unreadable SPARQL results: {e}"))?;
                Ok(Part::Solutions(vars, rows))
            }
            SliceQueryResultsParserOutput::Boolean(b) => Ok(Part::Boolean(b)),
        },
        QueryForm::Graph => RdfParser::from_format(RdfFormat::NTriples)
            .for_slice(body)
            .map(|q| q.map(Triple::from))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(Part::Graph)
            .map_err(|e| format!("unreadable N-Triples: {e}")),
    }
}

fn merge(
    parts: Vec<Part>,
    form: QueryForm,
    results_format: Option<QueryResultsFormat>,
    graph_format: Option<RdfFormat>,
) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    match form {
        QueryForm::Solutions => {
            let f = results_format.unwrap_or(QueryResultsFormat::Json);
            let ser = QueryResultsSerializer::from_format(f);
            if parts.iter().any(|p| matches!(p, Part::Boolean(_))) {
                let b = parts.iter().any(|p| matches!(p, Part::Boolean(true)));
                ser.serialize_boolean_to_writer(&mut body, b)?;
                return Ok(body);
            }
            let mut vars: Vec<Variable> = Vec::new();
            for p in &parts {
                if let Part::Solutions(v, _) = p {
                    for v in v {
                        if !vars.contains(v) {
                            vars.push(v.clone());
                        }
                    }
                }
            }
            let mut w = ser.serialize_solutions_to_writer(&mut body, vars)?;
            for p in &parts {
                if let Part::Solutions(_, rows) = p {
                    for r in rows {
                        w.serialize(r)?;
                    }
                }
            }
            w.finish()?;
        }
        QueryForm::Graph => {
            let mut g = Graph::new();
            for p in &parts {
                if let Part::Graph(t) = p {
                    for t in t {
                        g.insert(t);
                    }
                }
            }
            let mut w = crate::store::serializer(graph_format.unwrap_or(RdfFormat::Turtle))
                .for_writer(&mut body);
            for t in &g {
                w.serialize_triple(t)?;
            }
            w.finish()?;
        }
    }
    Ok(body)
}
