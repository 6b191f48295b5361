//! Harvesting: filling the catalogue from CKAN portals, DCAT documents and feeds, peer
//! SPARQL endpoints, the sharing gateway's service registry and agency spreadsheets —
//! by hand (`lienthong harvest`) or on a schedule (`serve`), incrementally and atomically.
//!
//! The tree follows a run: the source registry ([`source`], data in `graph/system`), the
//! HTTP client ([`fetch`]), one module per kind ([`kinds`]: CKAN, DCAT, peer SPARQL,
//! gateway, spreadsheets) mapping with shared helpers ([`map`]) into records and their
//! fingerprints ([`record`]), validation on entry ([`admit`]), the record state of each
//! source ([`state`]), the write path and run records ([`run`]), the scheduler
//! ([`schedule`]), `/api/harvest` ([`http`]) and the CLI ([`cli`]).
//!
//! A run fetches everything first; only a complete fetch is written, in ONE transaction
//! that adds, updates and removes records in `graph/source/<id>` (non-public ones in its
//! `/restricted` companion), updates the record state and records the run as a
//! `prov:Activity` in `graph/harvest-log`. A failed run writes only its run record.
//!
//! ```
//! use lienthong::ingest::harvest::{self, source::{Kind, Policy, Source}};
//! use lienthong::store::Catalogue;
//! let dir = std::env::temp_dir().join(format!("lt-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let csv = dir.join("so-yte.csv");
//! std::fs::write(&csv, "Mã dữ liệu,Tên dữ liệu,Mô tả,Cơ quan chủ quản,Mức độ chia sẻ\n\
//!     YT-01,Danh sách cơ sở khám chữa bệnh,Cơ sở khám chữa bệnh được cấp phép,Sở Y tế,Mở\n")?;
//! let cat = Catalogue::in_memory()?;
//! harvest::source::save(&cat, &Source {
//!     id: "so-yte".into(), kind: Kind::Csv, url: format!("file://{}", csv.display()),
//!     schedule: None, credentials_env: None, policy: Policy::Quarantine,
//!     agency: Some("https://data.nghean.gov.vn/agency/so-y-te".into()),
//!     allowed_hosts: vec![], enabled: true, page_size: None, language: None,
//! })?;
//! let report = harvest::run_source(&cat, "so-yte", &harvest::fetch::FetchConfig::default(), &|_| {})?;
//! assert_eq!((report.status.as_str(), report.added), ("succeeded", 1));
//! let again = harvest::run_source(&cat, "so-yte", &harvest::fetch::FetchConfig::default(), &|_| {})?;
//! assert_eq!((again.added, again.unchanged), (0, 1));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod admit;
pub mod fetch;
pub mod kinds;
pub mod map;
pub mod record;
pub mod run;
pub mod schedule;
pub mod source;
pub mod state;

pub use run::{run_all, run_source, runs, RunReport};
