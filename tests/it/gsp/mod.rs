//! The SPARQL 1.1 Graph Store Protocol: our cases and the W3C manifest.
mod graph_store;
mod w3c_graph_store;
