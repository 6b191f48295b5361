//! The peers registry: partner provinces' lienthong nodes, kept as RDF in `graph/peers`.
//!
//! A peer is described as a `dcat:DataService` (its SPARQL endpoint) typed `vn:Peer`, with
//! its identifier, name, base URL, the name of the environment variable holding its bearer
//! token (never the token itself), a per-peer timeout and, once known, its root catalogue —
//! which is also listed as a `dcat:Catalog` so that the region shows up in `/catalog`.

use crate::error::{Error, Result};
use crate::store::{Catalogue, Change};
use crate::vocab::{dcat, dct, foaf, graph, rdf, vn, xsd};
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use std::collections::BTreeSet;
use std::time::Duration;

/// Default time a peer has to answer one request.
pub const DEFAULT_PEER_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    /// Short identifier, e.g. `ha-tinh`.
    pub id: String,
    pub name: Option<String>,
    /// Base URL of the peer's lienthong server, without a trailing slash.
    pub base_url: String,
    /// Environment variable that holds the bearer token to send, if any.
    pub token_env: Option<String>,
    pub timeout: Duration,
    /// The peer's root catalogue IRI, once discovered.
    pub catalog: Option<String>,
}

impl Peer {
    /// A peer at `base_url` (`http(s)://host[:port][/prefix]`), checked and normalised.
    pub fn new(id: &str, base_url: &str) -> Result<Self> {
        let id = id.trim();
        if id.is_empty() || graph::slug(id) != id {
            return Err(Error::BadRequest(format!(
                "peer id '{id}' must be a lowercase ASCII slug such as 'ha-tinh'"
            )));
        }
        let url = reqwest::Url::parse(base_url.trim()).map_err(|e| {
            Error::BadRequest(format!("peer '{id}': invalid URL '{base_url}': {e}"))
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::BadRequest(format!(
                "peer '{id}': URL '{base_url}' must be http:// or https:// with a host"
            )));
        }
        let mut base = url.to_string();
        // A pasted endpoint URL is accepted too: the base is what precedes `/sparql`.
        if let Some(stripped) = base.trim_end_matches('/').strip_suffix("/sparql") {
            base = stripped.to_string();
        }
        Ok(Self {
            id: id.to_string(),
            name: None,
            base_url: base.trim_end_matches('/').to_string(),
            token_env: None,
            timeout: DEFAULT_PEER_TIMEOUT,
            catalog: None,
        })
    }

    pub fn iri(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}", vn::PEER_NS, self.id))
    }

    /// The peer's SPARQL endpoint: what `SERVICE <...>` must name.
    pub fn endpoint(&self) -> String {
        format!("{}/sparql", self.base_url)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The bearer token, read from the environment at call time.
    pub fn token(&self) -> Result<Option<String>> {
        match &self.token_env {
            None => Ok(None),
            Some(var) => std::env::var(var).map(Some).map_err(|_| {
                Error::BadRequest(format!(
                    "peer '{}': the environment variable {var} (its token) is not set",
                    self.id
                ))
            }),
        }
    }

    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    fn quads(&self) -> Vec<Quad> {
        let g = NamedNode::new_unchecked(graph::PEERS);
        let s = self.iri();
        let mut out = Vec::new();
        let mut t = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            out.push(Quad::new(s.clone(), p, o, g.clone()));
        };
        t(&s, rdf::TYPE, dcat::DATA_SERVICE.into());
        t(&s, rdf::TYPE, vn::PEER.into());
        t(
            &s,
            dct::IDENTIFIER,
            Literal::new_simple_literal(&self.id).into(),
        );
        t(
            &s,
            dct::TITLE,
            Literal::new_simple_literal(self.label()).into(),
        );
        t(
            &s,
            dcat::ENDPOINT_URL,
            NamedNode::new_unchecked(self.endpoint()).into(),
        );
        t(
            &s,
            vn::BASE_URL,
            NamedNode::new_unchecked(&self.base_url).into(),
        );
        // Connection settings are the administrator's business: kept out of the public graph.
        let system = NamedNode::new_unchecked(graph::SYSTEM);
        out.push(Quad::new(
            s.clone(),
            vn::TIMEOUT_SECONDS,
            Literal::new_typed_literal(self.timeout.as_secs().to_string(), xsd::INTEGER),
            system.clone(),
        ));
        if let Some(v) = &self.token_env {
            out.push(Quad::new(
                s.clone(),
                vn::TOKEN_ENV,
                Literal::new_simple_literal(v),
                system,
            ));
        }
        let mut t = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            out.push(Quad::new(s.clone(), p, o, g.clone()));
        };
        if let Some(c) = &self.catalog {
            let c = NamedNode::new_unchecked(c);
            let agent = NamedNode::new_unchecked(format!("{}#publisher", s.as_str()));
            t(&agent, rdf::TYPE, foaf::AGENT.into());
            t(
                &agent,
                foaf::NAME,
                Literal::new_simple_literal(self.label()).into(),
            );
            t(
                &c,
                dct::DESCRIPTION,
                Literal::new_language_tagged_literal_unchecked(
                    format!(
                        "Danh mục dữ liệu của đối tác liên thông {}, truy vấn tại {}",
                        self.label(),
                        self.endpoint()
                    ),
                    "vi",
                )
                .into(),
            );
            t(&c, dct::PUBLISHER, agent.clone().into());
            t(&s, dct::PUBLISHER, agent.into());
            t(&s, vn::PEER_CATALOG, c.clone().into());
            t(&s, dcat::SERVES_DATASET, c.clone().into());
            t(&c, rdf::TYPE, dcat::CATALOG.into());
            t(
                &c,
                dct::TITLE,
                Literal::new_language_tagged_literal_unchecked(
                    format!("Danh mục dữ liệu của {}", self.label()),
                    "vi",
                )
                .into(),
            );
            t(
                &c,
                dct::TITLE,
                Literal::new_language_tagged_literal_unchecked(
                    format!("Data catalogue of {}", self.label()),
                    "en",
                )
                .into(),
            );
        }
        out
    }
}

/// Adds or replaces a peer, in one transaction.
pub fn add(cat: &Catalogue, peer: &Peer) -> Result<()> {
    let mut touched = BTreeSet::new();
    let mut tx = cat.store().start_transaction()?;
    remove_in(&mut tx, &peer.id, &mut touched)?;
    for q in peer.quads() {
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            touched.insert(s.as_str().to_string());
        }
        tx.insert(&q);
    }
    tx.commit()?;
    cat.committed(Change::from_subjects(touched));
    Ok(())
}

/// Removes a peer; false when there was none with that id.
pub fn remove(cat: &Catalogue, id: &str) -> Result<bool> {
    let mut touched = BTreeSet::new();
    let mut tx = cat.store().start_transaction()?;
    let found = remove_in(&mut tx, id, &mut touched)?;
    tx.commit()?;
    if found {
        cat.committed(Change::from_subjects(touched));
    }
    Ok(found)
}

fn remove_in(
    tx: &mut oxigraph::store::Transaction<'_>,
    id: &str,
    touched: &mut BTreeSet<String>,
) -> Result<bool> {
    let g = NamedNodeRef::new_unchecked(graph::PEERS);
    let s = NamedNode::new_unchecked(format!("{}{id}", vn::PEER_NS));
    let mut doomed: Vec<Quad> = tx
        .quads_for_pattern(Some(s.as_ref().into()), None, None, Some(g.into()))
        .collect::<Result<_, _>>()?;
    let system = NamedNodeRef::new_unchecked(graph::SYSTEM);
    for q in tx.quads_for_pattern(Some(s.as_ref().into()), None, None, Some(system.into())) {
        doomed.push(q?);
    }
    if doomed.is_empty() {
        return Ok(false);
    }
    let catalogs: Vec<NamedNode> = doomed
        .iter()
        .filter(|q| q.predicate.as_ref() == vn::PEER_CATALOG)
        .filter_map(|q| match &q.object {
            Term::NamedNode(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    for c in catalogs {
        touched.insert(c.as_str().to_string());
        for q in tx.quads_for_pattern(Some(c.as_ref().into()), None, None, Some(g.into())) {
            doomed.push(q?);
        }
    }
    let agent = NamedNode::new_unchecked(format!("{}#publisher", s.as_str()));
    for q in tx.quads_for_pattern(Some(agent.as_ref().into()), None, None, Some(g.into())) {
        doomed.push(q?);
    }
    touched.insert(s.as_str().to_string());
    for q in &doomed {
        tx.remove(q);
    }
    Ok(true)
}

/// Every registered peer, sorted by id.
pub fn list(cat: &Catalogue) -> Result<Vec<Peer>> {
    let store = cat.store();
    let g = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(graph::PEERS));
    let mut peers = Vec::new();
    for q in store.quads_for_pattern(None, Some(rdf::TYPE), Some(vn::PEER.into()), Some(g)) {
        let s = q?.subject;
        let system = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(graph::SYSTEM));
        let one = |p: NamedNodeRef<'_>| -> Result<Option<Term>> {
            let g = if p == vn::TIMEOUT_SECONDS || p == vn::TOKEN_ENV {
                system
            } else {
                g
            };
            Ok(store
                .quads_for_pattern(Some(s.as_ref()), Some(p), None, Some(g))
                .next()
                .transpose()?
                .map(|q| q.object))
        };
        let text = |t: Option<Term>| match t {
            Some(Term::Literal(l)) => Some(l.value().to_string()),
            Some(Term::NamedNode(n)) => Some(n.into_string()),
            _ => None,
        };
        let (Some(id), Some(base)) = (text(one(dct::IDENTIFIER)?), text(one(vn::BASE_URL)?)) else {
            tracing::warn!(peer = %s, "peer record without identifier or base URL; ignored");
            continue;
        };
        let timeout = match one(vn::TIMEOUT_SECONDS)? {
            Some(Term::Literal(l)) => l
                .value()
                .parse::<u64>()
                .map(Duration::from_secs)
                .unwrap_or(DEFAULT_PEER_TIMEOUT),
            _ => DEFAULT_PEER_TIMEOUT,
        };
        let name = text(one(dct::TITLE)?).filter(|n| *n != id);
        peers.push(Peer {
            id,
            name,
            base_url: base,
            token_env: text(one(vn::TOKEN_ENV)?),
            timeout,
            catalog: text(one(vn::PEER_CATALOG)?),
        });
    }
    peers.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(peers)
}

/// Writes a peer's quads directly (tests and the demo region).
pub fn quads_of(peer: &Peer) -> Vec<Quad> {
    peer.quads()
}

/// True when `iri` names the endpoint of a registered peer.
pub fn find_by_endpoint<'a>(peers: &'a [Peer], iri: &str) -> Option<&'a Peer> {
    let iri = iri.trim_end_matches('/');
    peers.iter().find(|p| p.endpoint() == iri)
}
