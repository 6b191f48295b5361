//! `ckan` sources: the CKAN Action API (`package_search` paged with `rows`/`start`,
//! `organization_list` / `organization_show`, `package_show` for results that come back
//! without their resources), mapped to DCAT-AP-VN the way ckanext-dcat's
//! `euro_dcat_ap` profiles map CKAN fields (docs/harvesting.md has the table).
//!
//! Incremental: a package whose `metadata_modified` equals the one remembered from the last
//! run is counted unchanged without being mapped or written; every package is still
//! listed, so packages gone from the portal are removed.
//!
//! Two halves: `client` speaks the Action API (HTTP paging, `success`/`result` unwrapping);
//! `map` turns packages, organizations and groups into records.
//!
//! ```
//! use lienthong::ingest::harvest::kinds::ckan::{dataset_iri, org_iri};
//! use serde_json::json;
//! let site = "https://opendata.nghean.gov.vn";
//! // A package keeps the IRI its portal gave it (`uri`), else one under the portal's site.
//! let pkg = json!({"name": "bang-gia-dat", "extras": [{"key": "uri", "value": "https://data.nghean.gov.vn/dataset/bang-gia-dat"}]});
//! assert_eq!(dataset_iri(site, &pkg, "bang-gia-dat"), "https://data.nghean.gov.vn/dataset/bang-gia-dat");
//! assert_eq!(dataset_iri(site, &json!({}), "ho-tich"), "https://opendata.nghean.gov.vn/dataset/ho-tich");
//! let org = json!({"id": "so-tu-phap", "title": "Sở Tư pháp"});
//! assert_eq!(org_iri(site, &org).unwrap().as_str(), "https://opendata.nghean.gov.vn/organization/so-tu-phap");
//! ```

mod client;
mod map;

pub use client::{endpoints, harvest};
pub use map::{dataset_iri, map_package, org_iri};
