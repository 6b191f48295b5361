//! Lineage and impact: where a dataset comes from, what feeds on it, and what breaks if it
//! changes. This module owns the lineage model (PROV-O in DCAT-AP-VN), the adjacency index
//! and its traversal, impact analysis, the OpenLineage intake (`POST /api/v1/lineage`), the
//! DOT and SVG pictures, the `/api/lineage/...` routes and the `lienthong lineage` command.
//!
//! Model (see docs/lineage.md and `ontologies/dcat-ap-vn.ttl`): an edge runs the way data
//! flows, from a source to what depends on it: `prov:wasDerivedFrom`; a `prov:Activity` that
//! `prov:used` a dataset and `prov:generated` another (with `prov:wasAssociatedWith` its agency
//! and `prov:startedAtTime`/`prov:endedAtTime`); a gateway `dcat:DataService` that
//! `dcat:servesDataset` it; an `odrl:Agreement` whose `odrl:target` it is, and on to the
//! agreement's `odrl:assignee` agency. Column lineage (`vn:ColumnLineage`, `vn:fromColumn`,
//! `vn:toColumn`) refines dataset edges.
//!
//! Access: the administrator sees everything. An anonymous reader sees public records in
//! full; a non-public record next to them appears as an opaque node `non-public:<n>` (kind
//! `non-public`: no IRI, title, agency or province, numbered per answer so answers cannot be
//! joined), so impact is never understated, and the traversal does not continue beyond it.
//! Edges kept only in administrator graphs (quarantine, validation, ...) are not followed.
//!
//! Traversal is breadth-first over an in-memory adjacency index built from the store with a
//! few predicate scans and rebuilt when the store version moves; a visited set makes every
//! traversal terminate, and cycles (bad data) are reported in [`Lineage::cycles`].
//!
//! ```
//! use lienthong::lineage::{Direction, LineageService};
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! cat.load_turtle_str(r#"
//!   @prefix prov: <http://www.w3.org/ns/prov#> .
//!   <https://data.nghean.gov.vn/dataset/b> prov:wasDerivedFrom <https://data.nghean.gov.vn/dataset/a> .
//!   <https://data.nghean.gov.vn/dataset/c> prov:wasDerivedFrom <https://data.nghean.gov.vn/dataset/b> ."#,
//!   "https://w3id.org/lienthong/graph/import/doc")?;
//! let svc = LineageService::new(cat);
//! let up = svc.lineage("https://data.nghean.gov.vn/dataset/c", Direction::Up, 10, Access::Public)?;
//! assert_eq!(up.nodes.len(), 3);
//! let impact = svc.impact("https://data.nghean.gov.vn/dataset/a", 10, Access::Public)?;
//! assert_eq!(impact.totals.datasets, 2);
//! # Ok::<_, lienthong::Error>(())
//! ```

pub mod impact;
mod layout;
pub mod model;
mod ol_event;
pub mod openlineage;
mod remote;
pub mod render_dot;
pub mod render_svg;
pub mod render_text;
pub mod traverse;

pub use impact::Impact;
pub use model::{AccessLevel, EdgeKind, IndexCache, LineageIndex, NodeKind};
pub use traverse::{ActivityInfo, ColumnEdge, Lineage, Link, Node, RemoteFollow, Side};

use crate::error::{Error, Result};
use crate::store::{Access, Catalogue};
use crate::vocab::dct;
use oxigraph::model::{Literal, NamedNodeRef, NamedOrBlankNode};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Default and largest traversal depth.
pub const DEFAULT_DEPTH: usize = 10;
pub const MAX_DEPTH: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    Both,
}

impl std::str::FromStr for Direction {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "up" | "upstream" => Ok(Direction::Up),
            "down" | "downstream" => Ok(Direction::Down),
            "both" => Ok(Direction::Both),
            other => Err(Error::BadRequest(format!(
                "direction: '{other}' is not one of up, down, both"
            ))),
        }
    }
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Both => "both",
        }
    }
}

#[derive(Clone, Debug)]
pub struct LineageOptions {
    /// This catalogue's province slug: nodes of other provinces' catalogues are external.
    pub home_province: String,
    /// Time allowed for following cross-province records through peers, per traversal.
    pub remote_budget: Duration,
    /// Most peer calls one traversal makes (each follows one cross-province record).
    pub max_remote_calls: usize,
}

impl Default for LineageOptions {
    fn default() -> Self {
        Self {
            home_province: env_province().unwrap_or_else(|| "nghe-an".into()),
            remote_budget: Duration::from_secs(30),
            max_remote_calls: 64,
        }
    }
}

fn env_province() -> Option<String> {
    std::env::var("LIENTHONG_PROVINCE")
        .ok()
        .filter(|p| !p.is_empty())
}

impl LineageOptions {
    /// The options of a server of `cat`: the home province is `LIENTHONG_PROVINCE` when set,
    /// else the province of the catalogue's own top-level `dcat:Catalog` (a server started
    /// on a Hà Tĩnh store must not take its own records for external ones), else Nghệ An.
    pub fn for_catalogue(cat: &Catalogue) -> Self {
        let mut o = Self::default();
        if env_province().is_none() {
            match remote::home_province(cat) {
                Ok(Some(p)) => o.home_province = p,
                Ok(None) => {}
                Err(e) => tracing::warn!(
                    error = %e,
                    "could not read the root catalogue; lineage assumes {}",
                    o.home_province
                ),
            }
        }
        o
    }
}

/// The hook federation implements: lineage of a record held by another province's catalogue,
/// as that catalogue lets this one see it. Until a peer answers, such records are shown as
/// external nodes (`external: true`) with whatever the local store knows about them.
pub trait RemoteLineage: Send + Sync {
    /// The id of the peer that holds `iri`, for the per-call status (`None`: no peer does).
    fn holder(&self, _iri: &str) -> Option<String> {
        None
    }

    /// The holder's own lineage of `iri` (not followed further by the holder: the caller
    /// drives the traversal across borders). `Ok(None)` when no peer serves `iri`; the
    /// call must give up by `deadline`.
    fn follow(
        &self,
        iri: &str,
        direction: Direction,
        depth: usize,
        access: Access,
        deadline: Instant,
    ) -> Result<Option<Lineage>>;
}

/// Lineage queries over one catalogue, with the index cached per store version.
#[derive(Clone)]
pub struct LineageService {
    pub cat: Catalogue,
    cache: Arc<IndexCache>,
    pub options: LineageOptions,
    remote: Option<Arc<dyn RemoteLineage>>,
}

impl LineageService {
    pub fn new(cat: Catalogue) -> Self {
        Self {
            cat,
            cache: Arc::default(),
            options: LineageOptions::default(),
            remote: None,
        }
    }

    /// Follows cross-province edges through `remote` (the federation module's peers).
    pub fn with_remote(mut self, remote: Arc<dyn RemoteLineage>) -> Self {
        self.remote = Some(remote);
        self
    }

    /// The same service answering from this catalogue alone (`?remote=0`, and what a peer
    /// is asked for, so that only the node asked first drives the traversal across borders).
    pub fn local_only(mut self) -> Self {
        self.remote = None;
        self
    }

    pub fn index(&self) -> Result<Arc<LineageIndex>> {
        self.cache.get(&self.cat)
    }

    /// The record `id` names: an IRI, or a `dct:identifier` (such as `H40-DS-0000012`).
    pub fn resolve(&self, id: &str, access: Access) -> Result<String> {
        let id = id.trim();
        if id.is_empty() {
            return Err(Error::BadRequest("dataset: empty identifier".into()));
        }
        let mut candidates = Vec::new();
        if id.contains("://") {
            candidates.push(id.to_string());
        } else {
            for q in self.cat.store().quads_for_pattern(
                None,
                Some(dct::IDENTIFIER),
                Some(Literal::new_simple_literal(id).as_ref().into()),
                None,
            ) {
                if let NamedOrBlankNode::NamedNode(n) = q?.subject {
                    candidates.push(n.into_string());
                }
            }
        }
        let ix = self.index()?;
        for c in candidates {
            if let Some(n) = ix.id(&c) {
                if access == Access::Admin || ix.access[n as usize] == AccessLevel::Public {
                    return Ok(c);
                }
                continue;
            }
            if !traverse::values(&self.cat, &c, crate::vocab::rdf::TYPE, access)?.is_empty()
                || self.described(&c, access)?
            {
                return Ok(c);
            }
        }
        Err(Error::NotFound(format!(
            "no record '{id}' visible to this caller (give an IRI or a dct:identifier)"
        )))
    }

    fn described(&self, iri: &str, access: Access) -> Result<bool> {
        let s = NamedNodeRef::new(iri)
            .map_err(|e| Error::BadRequest(format!("dataset: <{iri}> is not an IRI: {e}")))?;
        for q in self
            .cat
            .store()
            .quads_for_pattern(Some(s.into()), None, None, None)
        {
            let q = q?;
            if access == Access::Admin
                || !matches!(&q.graph_name, oxigraph::model::GraphName::NamedNode(g) if crate::vocab::graph::is_admin_only(g.as_str()))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The lineage neighbourhood of `id` within `depth` edges.
    pub fn lineage(
        &self,
        id: &str,
        direction: Direction,
        depth: usize,
        access: Access,
    ) -> Result<Lineage> {
        if depth > MAX_DEPTH {
            return Err(Error::BadRequest(format!(
                "depth: {depth} is above the limit of {MAX_DEPTH}"
            )));
        }
        let iri = match (self.resolve(id, access), &self.remote) {
            (Ok(iri), _) => iri,
            // A record this catalogue does not hold may be a peer's: ask its holder.
            (Err(Error::NotFound(_)), Some(remote))
                if id.contains("://") && remote.holder(id.trim()).is_some() =>
            {
                id.trim().to_string()
            }
            (Err(e), _) => return Err(e),
        };
        let ix = self.index()?;
        let mut l = match ix.id(&iri) {
            Some(root) => traverse::lineage(
                &self.cat,
                &ix,
                root,
                direction,
                depth,
                access,
                &self.options,
            )?,
            None => {
                // A record with no lineage edge at all: the answer is the record alone.
                let det = traverse::details(
                    &self.cat,
                    &iri,
                    NodeKind::Dataset,
                    access,
                    &mut Default::default(),
                )?;
                let province = traverse::province_of(&iri);
                Lineage {
                    root: iri.clone(),
                    direction,
                    depth,
                    nodes: vec![Node {
                        external: province
                            .as_deref()
                            .is_some_and(|p| p != self.options.home_province),
                        id: iri,
                        kind: NodeKind::Dataset,
                        label: det.label,
                        agency: det.agency,
                        agency_name: det.agency_name,
                        province,
                        access: det.access,
                        side: Side::Root,
                        distance: 0,
                        remote: false,
                    }],
                    edges: Vec::new(),
                    activities: Vec::new(),
                    cycles: Vec::new(),
                    truncated: false,
                    remote: Vec::new(),
                }
            }
        };
        if let Some(remote) = &self.remote {
            remote::follow(self, remote.as_ref(), &mut l, access)?;
        }
        Ok(l)
    }

    /// Everything downstream of `id` that a change or outage would affect, grouped by agency.
    pub fn impact(&self, id: &str, depth: usize, access: Access) -> Result<Impact> {
        let l = self.lineage(id, Direction::Down, depth, access)?;
        Ok(impact::impact(&l))
    }
}
