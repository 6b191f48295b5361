//! The driver: finds the province, writes its agencies and catalogues, then each dataset
//! with what hangs off it, drawing from one seeded random generator in a fixed order.

use super::dataset::Dataset;
use super::emit::{nn, Out};
use super::tables::{self, Province, AGENCIES};
use super::{agencies, catalogues, dataset, distributions, lineage_edges, sharing};
use super::{dataset_iri, province_base, GenOptions, GenStats};
use crate::vocab::eu;
use oxigraph::model::NamedNode;
use rand::rngs::SmallRng;
use rand::SeedableRng;
use std::io::{self, Write};

/// What every record writer reads about the province being generated.
pub(super) struct Ctx {
    pub(super) p: &'static Province,
    /// The province's record IRIs: `https://data.<host>.gov.vn/`.
    pub(super) base: String,
    /// The record IRIs of the partner province that lineage crosses into.
    pub(super) partner_base: String,
    /// The province as an administrative unit.
    pub(super) province_unit: NamedNode,
    /// The province's communes: (code, Vietnamese name).
    pub(super) units: Vec<(&'static str, &'static str)>,
}

impl Ctx {
    fn new(p: &'static Province) -> Self {
        Self {
            p,
            base: province_base(p.slug),
            partner_base: province_base(p.partner),
            province_unit: nn(format!("{}{}", crate::vocab::admin::PROVINCE, p.code)),
            units: tables::units(p.code),
        }
    }

    /// The agency with this index in [`AGENCIES`] (wrapping around).
    pub(super) fn agency(&self, i: usize) -> NamedNode {
        nn(format!(
            "{}agency/{}",
            self.base,
            AGENCIES[i % AGENCIES.len()].0
        ))
    }

    /// The `i`th dataset of this province.
    pub(super) fn dataset(&self, i: usize) -> NamedNode {
        nn(dataset_iri(self.p.slug, i))
    }
}

/// Writes the catalogue; returns what it wrote.
pub fn generate(opts: &GenOptions, writer: impl Write) -> io::Result<GenStats> {
    let ctx = Ctx::new(tables::province(&opts.province)?);
    let mut rng = SmallRng::seed_from_u64(opts.seed);
    let mut out = Out::new(opts.format, writer);
    let mut st = GenStats {
        agencies: agencies::write(&ctx, &mut out)?,
        ..GenStats::default()
    };
    let catalogs = catalogues::write(&ctx, &mut out)?;
    for i in 0..opts.datasets {
        let ds = Dataset::draw(&ctx, i, &mut rng);
        st.defective += usize::from(ds.defect.is_some());
        st.non_public += usize::from(ds.rights != eu::ACCESS_PUBLIC);
        dataset::write(&ctx, &ds, &catalogs, &mut out)?;
        st.distributions += distributions::write(&ctx, &ds, &mut rng, &mut out)?;
        let edges = lineage_edges::write(&ctx, &ds, &mut rng, &mut out)?;
        st.lineage_edges += edges.total;
        st.cross_province_edges += edges.cross_province;
        if i % 50 == 49 {
            sharing::write_data_service(&ctx, &ds, &catalogs[2], &mut out)?;
            st.services += 1;
        }
        if i % 100 == 99 {
            sharing::write_agreement(&ctx, &ds, &mut out)?;
            st.agreements += 1;
        }
        st.datasets += 1;
    }
    st.triples = out.finish()?;
    Ok(st)
}
