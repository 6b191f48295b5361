//! Federation with live servers: federated SPARQL and SERVICE, regional search, lineage
//! across provinces, harvesting a peer.
mod region;
mod sparql;
