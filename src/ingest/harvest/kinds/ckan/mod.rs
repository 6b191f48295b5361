//! `ckan` sources: the CKAN Action API (`package_search` paged with `rows`/`start`,
//! `organization_list` / `organization_show`, `package_show` for results that come back
//! without their resources), mapped to DCAT-AP-VN the way ckanext-dcat's
//! `euro_dcat_ap` profiles map CKAN fields (README "Harvesting" has the table).
//!
//! Incremental: a package whose `metadata_modified` equals the one remembered from the last
//! run is counted unchanged without being mapped or written; every package is still
//! listed, so packages gone from the portal are removed.
//!
//! Two halves: `client` speaks the Action API (HTTP paging, `success`/`result` unwrapping);
//! `map` turns packages, organizations and groups into records.

mod client;
mod map;

pub use client::{endpoints, harvest};
pub use map::{dataset_iri, map_package, org_iri};
