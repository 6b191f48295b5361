//! The SPARQL 1.1 Protocol: our cases and the W3C manifest.
mod protocol;
mod w3c_protocol;
