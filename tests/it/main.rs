//! The integration tests, as one binary (one link of the library and RocksDB instead of one
//! per file). One module per area; shared helpers in [`support`].
//!
//! Conformance checks that need `../shared` or Python modules (rdflib, pySHACL) skip loudly
//! when those are missing, and fail under CI (`CI=true`): see [`support::require`].

mod support;

mod cli;
mod federation;
mod feed;
mod gate;
mod gsp;
mod hardening;
mod harvest;
mod lineage;
mod search;
mod shacl;
mod sparql;
