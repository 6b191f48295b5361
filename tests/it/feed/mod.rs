//! The paged DCAT-AP feed (`/catalog`): in process, read by rdflib, checked by pySHACL.
mod catalog;
mod dcat_ap;
mod rdflib;
