//! Federation with partner provinces: the peers registry, `SERVICE` calls restricted to
//! peers, federated queries that run on this node and every peer at once, regional search
//! ([`regional_search`]) and lineage that crosses into the peers' catalogues ([`peer_lineage`]).
//!
//! Each province runs its own lienthong; a peer is registered with its base URL
//! (`lienthong peers add ha-tinh http://127.0.0.1:7879`). Queries may then name the peer's
//! endpoint in `SERVICE <http://127.0.0.1:7879/sparql> { ... }`; any other endpoint is refused.
//!
//! ```
//! use lienthong::federation::{peers, Peer};
//! use lienthong::store::Catalogue;
//! let cat = Catalogue::in_memory()?;
//! let mut p = Peer::new("ha-tinh", "http://127.0.0.1:7879/")?;
//! p.name = Some("Hà Tĩnh".into());
//! peers::add(&cat, &p)?;
//! let listed = peers::list(&cat)?;
//! assert_eq!(listed[0].endpoint(), "http://127.0.0.1:7879/sparql");
//! assert_eq!(listed[0].label(), "Hà Tĩnh");
//! # Ok::<_, lienthong::Error>(())
//! ```

pub mod client;
pub mod discover;
pub mod fanout;
pub mod peer_lineage;
pub mod peers;
pub mod regional_search;
pub mod service;

pub use fanout::{run_federated, FederatedOutput, NodeStatus};
pub use peer_lineage::PeerLineage;
pub use peers::Peer;
pub use service::{PeerServiceCalls, PeerServices};

use crate::error::{Error, Result};
use crate::store::Catalogue;

/// `serve --peer ID=URL ...`: registers the peers (replacing same ids), then learns their
/// root catalogues in the background as they come up (every 5 s, for up to 5 minutes), so
/// that a region can be started in any order.
pub fn register_at_start(cat: &Catalogue, specs: &[String]) -> Result<()> {
    for spec in specs {
        let (id, url) = spec.split_once('=').ok_or_else(|| {
            Error::BadRequest(format!(
                "--peer '{spec}': expected ID=URL, e.g. ha-tinh=http://127.0.0.1:7879"
            ))
        })?;
        let mut p = Peer::new(id, url)?;
        // Keep a catalogue learnt earlier.
        if let Some(old) = peers::list(cat)?.into_iter().find(|o| o.id == p.id) {
            p.catalog = old.catalog.filter(|_| old.base_url == p.base_url);
            p.name = old.name;
        }
        peers::add(cat, &p)?;
    }
    if specs.is_empty() {
        return Ok(());
    }
    let cat = cat.clone();
    std::thread::spawn(move || {
        for _ in 0..60 {
            let Ok(list) = peers::list(&cat) else { return };
            let mut missing = 0;
            for mut p in list.into_iter().filter(|p| p.catalog.is_none()) {
                match discover::fill_catalog(&mut p) {
                    None => {
                        if let Err(e) = peers::add(&cat, &p) {
                            tracing::warn!(peer = %p.id, error = %e, "could not record the peer's catalogue");
                        }
                    }
                    Some(_) => missing += 1,
                }
            }
            if missing == 0 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_secs(5));
        }
    });
    Ok(())
}
