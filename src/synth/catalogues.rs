//! The province's root catalogue and the three yearly catalogues under it (open data, big
//! data, databases) that datasets and data services are listed in.

use super::emit::{en, nn, typed, vi, Out};
use super::generate::Ctx;
use crate::vocab::{code, dcat, dct, eu, rdf, vn, xsd};
use oxigraph::model::{NamedNode, NamedNodeRef};
use std::io::{self, Write};

/// A yearly catalogue: (slug, catalogue kind, Vietnamese title, English title).
type Kind = (
    &'static str,
    NamedNodeRef<'static>,
    &'static str,
    &'static str,
);

const KINDS: [Kind; 3] = [
    (
        "open-data",
        code::CATALOGUE_OPEN_DATA,
        "Danh mục dữ liệu mở",
        "Open data catalogue",
    ),
    (
        "big-data",
        code::CATALOGUE_BIG_DATA,
        "Danh mục dữ liệu lớn",
        "Big data catalogue",
    ),
    (
        "databases",
        code::CATALOGUE_DATABASES,
        "Danh mục cơ sở dữ liệu",
        "Provincial databases catalogue",
    ),
];

/// Writes the root catalogue and the yearly ones; returns the yearly ones, in [`KINDS`] order.
pub(super) fn write<W: Write>(ctx: &Ctx, out: &mut Out<W>) -> io::Result<Vec<NamedNode>> {
    let root = write_root(ctx, out)?;
    KINDS
        .iter()
        .map(|kind| write_yearly(ctx, &root, kind, out))
        .collect()
}

fn write_root<W: Write>(ctx: &Ctx, out: &mut Out<W>) -> io::Result<NamedNode> {
    let p = ctx.p;
    let root = nn(format!("{}catalog/root", ctx.base));
    out.t(root.clone(), rdf::TYPE, dcat::CATALOG)?;
    out.t(
        root.clone(),
        dct::TITLE,
        vi(format!("Danh mục dữ liệu tỉnh {}", p.name)),
    )?;
    out.t(
        root.clone(),
        dct::DESCRIPTION,
        vi(format!(
            "Danh mục dữ liệu tổng hợp (dữ liệu mẫu) của tỉnh {}.",
            p.name
        )),
    )?;
    out.t(root.clone(), dct::PUBLISHER, ctx.agency(0))?;
    out.t(root.clone(), dct::SPATIAL, ctx.province_unit.clone())?;
    out.t(root.clone(), dct::LANGUAGE, eu::LANG_VIE)?;
    Ok(root)
}

fn write_yearly<W: Write>(
    ctx: &Ctx,
    root: &NamedNode,
    &(slug, kind, t_vi, t_en): &Kind,
    out: &mut Out<W>,
) -> io::Result<NamedNode> {
    let p = ctx.p;
    let c = nn(format!("{}catalog/{slug}-2026", ctx.base));
    out.t(root.clone(), dcat::CATALOG_PROP, c.clone())?;
    out.t(c.clone(), rdf::TYPE, dcat::CATALOG)?;
    out.t(
        c.clone(),
        dct::TITLE,
        vi(format!("{t_vi} tỉnh {} năm 2026", p.name)),
    )?;
    out.t(c.clone(), dct::TITLE, en(format!("{t_en} 2026")))?;
    out.t(
        c.clone(),
        dct::DESCRIPTION,
        vi(format!(
            "{t_vi} của các cơ quan nhà nước tỉnh {} (dữ liệu mẫu).",
            p.name
        )),
    )?;
    out.t(c.clone(), dct::PUBLISHER, ctx.agency(0))?;
    out.t(c.clone(), vn::CATALOGUE_KIND, kind)?;
    out.t(c.clone(), vn::CATALOGUE_YEAR, typed("2026", xsd::G_YEAR))?;
    Ok(c)
}
