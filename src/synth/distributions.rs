//! A dataset's distributions: one for even-numbered datasets, two for odd ones, in formats
//! cycled through [`FORMATS`].

use super::dataset::{licence, Dataset};
use super::emit::{nn, typed, vi, Out};
use super::generate::Ctx;
use super::tables::FORMATS;
use crate::vocab::{dcat, dct, eu, rdf, xsd};
use rand::rngs::SmallRng;
use rand::Rng;
use std::io::{self, Write};

/// Writes the dataset's distributions (drawing each one's byte size); returns how many.
pub(super) fn write<W: Write>(
    ctx: &Ctx,
    ds: &Dataset,
    rng: &mut SmallRng,
    out: &mut Out<W>,
) -> io::Result<usize> {
    let (i, base, t_vi) = (ds.i, &ctx.base, ds.topic.0);
    let count = 1 + i % 2;
    for k in 0..count {
        let dist = nn(format!("{base}distribution/ds-{i:07}-{k}"));
        let (fmt, media) = FORMATS[(i + k) % FORMATS.len()];
        out.t(ds.iri.clone(), dcat::DISTRIBUTION_PROP, dist.clone())?;
        out.t(dist.clone(), rdf::TYPE, dcat::DISTRIBUTION)?;
        out.t(dist.clone(), dct::TITLE, vi(format!("{t_vi} ({fmt})")))?;
        out.t(
            dist.clone(),
            dcat::ACCESS_URL,
            nn(format!("{base}files/ds-{i:07}.{}", fmt.to_lowercase())),
        )?;
        out.t(
            dist.clone(),
            dct::FORMAT,
            nn(format!("{}{fmt}", eu::FILE_TYPE)),
        )?;
        out.t(
            dist.clone(),
            dcat::MEDIA_TYPE,
            nn(format!(
                "https://www.iana.org/assignments/media-types/{media}"
            )),
        )?;
        out.t(
            dist.clone(),
            dcat::BYTE_SIZE,
            typed(
                rng.random_range(1_000u64..50_000_000).to_string(),
                xsd::NON_NEGATIVE_INTEGER,
            ),
        )?;
        if ds.is_open() {
            out.t(dist, dct::LICENSE, licence(ctx))?;
        }
    }
    Ok(count)
}
