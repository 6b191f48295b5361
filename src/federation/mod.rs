//! Federation with partner provinces: the peers registry, `SERVICE` calls restricted to
//! peers, and federated queries that run on this node and every peer at once.
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

pub mod cli;
pub mod client;
pub mod discover;
pub mod fanout;
pub mod http;
pub mod peers;
pub mod service;

pub use fanout::{run_federated, FederatedOutput, NodeStatus};
pub use peers::Peer;
pub use service::{uses_service, PeerServices, ServiceError};
