//! The SHACL engine: the W3C suite, the official DCAT-AP shapes against pySHACL, DCAT-AP-VN.
mod dcat_ap;
mod shapes_vn;
mod w3c;
