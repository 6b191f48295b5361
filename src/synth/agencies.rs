//! The province's agencies, each with a contact point.

use super::emit::{en, nn, vi, Out};
use super::generate::Ctx;
use super::tables::AGENCIES;
use crate::vocab::{dcat, dct, foaf, rdf, vcard};
use oxigraph::model::Literal;
use std::io::{self, Write};

/// Writes every agency of [`AGENCIES`]; returns how many.
pub(super) fn write<W: Write>(ctx: &Ctx, out: &mut Out<W>) -> io::Result<usize> {
    for i in 0..AGENCIES.len() {
        write_agency(ctx, i, out)?;
    }
    Ok(AGENCIES.len())
}

fn write_agency<W: Write>(ctx: &Ctx, i: usize, out: &mut Out<W>) -> io::Result<()> {
    let p = ctx.p;
    let (slug, vi_name, en_name) = AGENCIES[i];
    let a = ctx.agency(i);
    let name_vi = if i == 0 {
        format!("{vi_name} {}", p.name)
    } else {
        format!("{vi_name} tỉnh {}", p.name)
    };
    out.t(a.clone(), rdf::TYPE, foaf::ORGANIZATION)?;
    out.t(a.clone(), foaf::NAME, vi(name_vi))?;
    out.t(
        a.clone(),
        foaf::NAME,
        en(format!(
            "{en_name}, {} Province",
            crate::text::fold(p.name)
                .replace("nghe an", "Nghe An")
                .replace("ha tinh", "Ha Tinh")
                .replace("thanh hoa", "Thanh Hoa")
        )),
    )?;
    out.t(
        a.clone(),
        dct::IDENTIFIER,
        Literal::from(format!("000.{:02}.00.{}", i, p.hcode)),
    )?;
    out.t(a.clone(), dct::SPATIAL, ctx.province_unit.clone())?;
    let c = nn(format!("{}contact/{slug}", ctx.base));
    out.t(a, dcat::CONTACT_POINT, c.clone())?;
    write_contact_point(ctx, c, slug, vi_name, out)
}

/// The agency's data desk: a vCard with a name and an e-mail address.
fn write_contact_point<W: Write>(
    ctx: &Ctx,
    c: oxigraph::model::NamedNode,
    slug: &str,
    vi_name: &str,
    out: &mut Out<W>,
) -> io::Result<()> {
    out.t(c.clone(), rdf::TYPE, vcard::KIND)?;
    out.t(
        c.clone(),
        vcard::FN,
        vi(format!("Bộ phận dữ liệu, {vi_name}")),
    )?;
    out.t(
        c,
        vcard::HAS_EMAIL,
        nn(format!(
            "mailto:{}@{}.gov.vn",
            slug.replace('-', ""),
            ctx.p.slug.replace('-', "")
        )),
    )
}
