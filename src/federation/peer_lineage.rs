//! Cross-province lineage through peers: the [`RemoteLineage`] the server's lineage routes
//! use. A record of another province is asked of the peer that holds it
//! (`GET <peer>/api/lineage/{iri}?remote=0`), within the traversal's deadline; the peer's
//! token is sent only when the caller is this server's administrator (as for SPARQL).

use super::client;
use super::peers::{self, Peer};
use crate::error::{Error, Result};
use crate::lineage::{traverse::province_of, Direction, Lineage, RemoteLineage};
use crate::store::{Access, Catalogue};
use std::time::Instant;

/// Follows lineage into the catalogues of the peers registered in `cat`.
pub struct PeerLineage {
    cat: Catalogue,
}

impl PeerLineage {
    pub fn new(cat: Catalogue) -> Self {
        Self { cat }
    }

    fn peers(&self) -> Vec<Peer> {
        peers::list(&self.cat).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "peers registry unreadable; lineage stays local");
            Vec::new()
        })
    }
}

/// Scheme, host and port of a URL or IRI.
fn origin(url: &str) -> Option<(String, String, Option<u16>)> {
    let u = reqwest::Url::parse(url).ok()?;
    Some((
        u.scheme().to_string(),
        u.host_str()?.to_ascii_lowercase(),
        u.port_or_known_default(),
    ))
}

/// The peer that holds `iri`, tried in this order: a peer served at the IRI's own origin
/// (a province that publishes its records where it serves them); a peer whose root
/// catalogue has the IRI's origin (`https://data.hatinh.gov.vn/catalog/root` holds
/// `https://data.hatinh.gov.vn/dataset/...`); a peer whose id is the province slug of the
/// IRI's host (`data.hatinh.gov.vn` → `ha-tinh`), for peers whose catalogue is not learnt yet.
pub fn holder<'a>(peers: &'a [Peer], iri: &str) -> Option<&'a Peer> {
    let o = origin(iri)?;
    peers
        .iter()
        .find(|p| origin(&p.base_url).as_ref() == Some(&o))
        .or_else(|| {
            peers
                .iter()
                .find(|p| p.catalog.as_deref().and_then(origin).as_ref() == Some(&o))
        })
        .or_else(|| {
            let province = province_of(iri)?;
            peers.iter().find(|p| p.id == province)
        })
}

impl RemoteLineage for PeerLineage {
    fn holder(&self, iri: &str) -> Option<String> {
        holder(&self.peers(), iri).map(|p| p.id.clone())
    }

    fn follow(
        &self,
        iri: &str,
        direction: Direction,
        depth: usize,
        access: Access,
        deadline: Instant,
    ) -> Result<Option<Lineage>> {
        let peers = self.peers();
        let Some(peer) = holder(&peers, iri) else {
            return Ok(None);
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::Peer(format!(
                "peer '{}': the time for peers ran out",
                peer.id
            )));
        }
        let mut peer = peer.clone();
        peer.timeout = peer.timeout.min(left);
        let id: String = form_urlencoded::byte_serialize(iri.as_bytes()).collect();
        let path = format!(
            "/api/lineage/{id}?direction={}&depth={depth}&remote=0&format=json",
            direction.as_str()
        );
        let body = client::get(&peer, &path, access == Access::Admin)
            .map_err(|e| Error::Peer(format!("peer '{}': {e}", peer.id)))?;
        let l: Lineage = serde_json::from_slice(&body).map_err(|e| {
            Error::Peer(format!(
                "peer '{}': unreadable lineage answer: {e}",
                peer.id
            ))
        })?;
        Ok(Some(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(id: &str, url: &str, catalog: Option<&str>) -> Peer {
        let mut p = Peer::new(id, url).expect("peer");
        p.catalog = catalog.map(str::to_string);
        p
    }

    #[test]
    fn the_holder_is_found_by_origin_then_catalogue_then_province() {
        let peers = [
            peer(
                "ha-tinh",
                "http://127.0.0.1:7879",
                Some("https://data.hatinh.gov.vn/catalog/root"),
            ),
            peer("thanh-hoa", "http://127.0.0.1:7880", None),
            peer("portal", "https://data.gov.vn", None),
        ];
        let id = |iri: &str| holder(&peers, iri).map(|p| p.id.as_str());
        assert_eq!(
            id("https://data.hatinh.gov.vn/dataset/ds-0000099"),
            Some("ha-tinh")
        );
        assert_eq!(
            id("https://data.thanhhoa.gov.vn/dataset/ds-1"),
            Some("thanh-hoa")
        );
        assert_eq!(id("https://data.gov.vn/dataset/x"), Some("portal"));
        assert_eq!(
            id("http://data.hatinh.gov.vn/dataset/x"),
            Some("ha-tinh"),
            "another scheme: found by the province slug"
        );
        assert_eq!(id("https://data.quangbinh.gov.vn/dataset/x"), None);
    }
}
