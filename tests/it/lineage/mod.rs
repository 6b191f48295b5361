//! The lineage graph: traversal and impact in process; OpenLineage intake, HTTP and CLI.
mod http;
mod traverse;
