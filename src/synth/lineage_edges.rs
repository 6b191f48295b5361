//! A dataset's upstreams (`prov:wasDerivedFrom`), always earlier datasets so the lineage is
//! a DAG: chains of 12 in two blocks out of three (with a recorded activity halfway along),
//! an extra upstream for every seventh dataset after the thirtieth, and edges into the
//! partner province.

use super::dataset::Dataset;
use super::emit::{nn, typed, Out};
use super::generate::Ctx;
use crate::vocab::{prov, rdf, xsd};
use rand::rngs::SmallRng;
use rand::Rng;
use std::io::{self, Write};

/// How many lineage edges a dataset got.
pub(super) struct Edges {
    pub(super) total: usize,
    pub(super) cross_province: usize,
}

/// Writes the dataset's upstream edges (drawing the extra upstream); returns how many.
pub(super) fn write<W: Write>(
    ctx: &Ctx,
    ds: &Dataset,
    rng: &mut SmallRng,
    out: &mut Out<W>,
) -> io::Result<Edges> {
    let i = ds.i;
    let mut edges = Edges {
        total: 0,
        cross_province: 0,
    };
    if i % 12 != 0 && (i / 12) % 3 != 2 {
        out.t(ds.iri.clone(), prov::WAS_DERIVED_FROM, ctx.dataset(i - 1))?;
        edges.total += 1;
        if i % 12 == 6 {
            write_activity(ctx, ds, out)?;
        }
    }
    if i > 30 && i % 7 == 0 {
        out.t(
            ds.iri.clone(),
            prov::WAS_DERIVED_FROM,
            ctx.dataset(rng.random_range(0..i - 1)),
        )?;
        edges.total += 1;
    }
    if write_cross_border(ctx, ds, out)? {
        edges.total += 1;
        edges.cross_province += 1;
    }
    Ok(edges)
}

/// The job that derived the dataset from the one before it, with its start and end times.
fn write_activity<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let (i, year, month, day) = (ds.i, ds.year, ds.month, ds.day);
    let act = nn(format!("{}activity/job-{i:07}", ctx.base));
    out.t(act.clone(), rdf::TYPE, prov::ACTIVITY)?;
    out.t(act.clone(), prov::USED, ctx.dataset(i - 1))?;
    out.t(act.clone(), prov::GENERATED, ds.iri.clone())?;
    out.t(act.clone(), prov::WAS_ASSOCIATED_WITH, ctx.agency(ds.owner))?;
    out.t(
        act.clone(),
        prov::STARTED_AT_TIME,
        typed(
            format!("{year}-{month:02}-{day:02}T01:00:00+07:00"),
            xsd::DATE_TIME,
        ),
    )?;
    out.t(
        act,
        prov::ENDED_AT_TIME,
        typed(
            format!("{year}-{month:02}-{day:02}T01:20:00+07:00"),
            xsd::DATE_TIME,
        ),
    )
}

/// Across the border: i (≡ 100 mod 200) is derived from the partner's i − 1, and
/// i − 1 (≡ 99) from the partner's i − 50, so that a chain crosses two borders
/// (Nghệ An ds-100 → Hà Tĩnh ds-99 → Thanh Hóa ds-49) without closing a cycle.
/// Returns whether the dataset got such an edge.
fn write_cross_border<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<bool> {
    let i = ds.i;
    if i % 200 != 100 && i % 200 != 99 {
        return Ok(false);
    }
    let up = if i % 200 == 100 { i - 1 } else { i - 50 };
    out.t(
        ds.iri.clone(),
        prov::WAS_DERIVED_FROM,
        nn(format!("{}dataset/ds-{up:07}", ctx.partner_base)),
    )?;
    Ok(true)
}
