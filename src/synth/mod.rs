//! `lienthong gen`: a deterministic synthetic catalogue of any size in the DCAT-AP-VN model:
//! agencies, catalogues, datasets with distributions, gateway data services, sharing
//! agreements, and a lineage DAG with long chains and cross-province edges. About 5% of the
//! datasets are deliberately defective (each defect kind is listed in [`Defect`]).
//! Records are written one at a time, so a million datasets need little memory; the same
//! [`GenOptions`] always give the same bytes.
//!
//! ```
//! use lienthong::synth::{generate, GenOptions};
//! let mut out = Vec::new();
//! let stats = generate(&GenOptions { datasets: 20, ..GenOptions::default() }, &mut out)?;
//! assert_eq!(stats.datasets, 20);
//! # Ok::<_, std::io::Error>(())
//! ```
//!
//! The files, in the order [`generate`] writes:
//! - `tables`: provinces, agencies, topics, frequencies, formats, administrative units;
//! - `generate`: the driver, which draws each dataset's choices and calls the writers;
//! - `agencies`, `catalogues`: the province's agencies (with contact points) and catalogues;
//! - `dataset`: one dataset record (what is drawn for it, and its triples);
//! - `distributions`, `lineage_edges`, `sharing`: what hangs off a dataset: its distributions,
//!   its upstreams (within and across the border), gateway data services and agreements;
//! - `emit`: the counting triple writer and term constructors.

mod agencies;
mod catalogues;
mod dataset;
mod distributions;
mod emit;
mod generate;
mod lineage_edges;
mod sharing;
mod tables;

pub use generate::generate;
use oxigraph::io::RdfFormat;

#[derive(Clone, Debug)]
pub struct GenOptions {
    pub datasets: usize,
    pub province: String,
    pub seed: u64,
    pub format: RdfFormat,
}

impl Default for GenOptions {
    fn default() -> Self {
        Self {
            datasets: 1000,
            province: "nghe-an".into(),
            seed: 42,
            format: RdfFormat::NTriples,
        }
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct GenStats {
    pub triples: u64,
    pub datasets: usize,
    pub distributions: usize,
    pub services: usize,
    pub agreements: usize,
    pub agencies: usize,
    pub lineage_edges: usize,
    pub cross_province_edges: usize,
    pub defective: usize,
    pub non_public: usize,
}

/// The kinds of defect planted in about 5% of datasets, for validation tests.
#[derive(Clone, Copy, Debug)]
pub enum Defect {
    MissingTitle,
    TitleWithoutVi,
    BadModifiedDate,
    MissingPublisher,
    OpenWithPersonalData,
}

/// Record IRIs of a province: `https://data.<host>.gov.vn/`.
pub fn province_base(slug: &str) -> String {
    format!("https://data.{}.gov.vn/", slug.replace('-', ""))
}

pub fn dataset_iri(slug: &str, i: usize) -> String {
    format!("{}dataset/ds-{i:07}", province_base(slug))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn run(opts: &GenOptions) -> (Vec<u8>, GenStats) {
        let mut out = Vec::new();
        let st = generate(opts, &mut out).unwrap();
        (out, st)
    }

    #[test]
    fn same_options_same_bytes() {
        let opts = GenOptions {
            datasets: 250,
            province: "ha-tinh".into(),
            ..GenOptions::default()
        };
        let (a, st) = run(&opts);
        assert_eq!(a, run(&opts).0);
        assert_ne!(a, run(&GenOptions { seed: 43, ..opts }).0);
        assert_eq!(
            (st.datasets, st.agencies, st.services, st.agreements),
            (250, 16, 5, 2)
        );
        assert_eq!(st.cross_province_edges, 2);
    }

    #[test]
    fn unknown_province_is_refused() {
        let opts = GenOptions {
            province: "hue".into(),
            ..GenOptions::default()
        };
        let err = generate(&opts, Vec::new()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    }
}
