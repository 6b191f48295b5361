//! How data is shared between agencies: a gateway (LGSP) data service for every 50
//! datasets, serving the last five, and an ODRL sharing agreement for every 100.

use super::dataset::Dataset;
use super::emit::{nn, vi, Out};
use super::generate::Ctx;
use super::tables::AGENCIES;
use crate::vocab::{code, dcat, dct, eu, odrl, rdf, vn};
use oxigraph::model::{BlankNode, Literal, NamedNode};
use std::io::{self, Write};

/// The data service that closes this block of 50 (`ds` is its last dataset), listed in
/// the databases catalogue.
pub(super) fn write_data_service<W: Write>(
    ctx: &Ctx,
    ds: &Dataset,
    catalog: &NamedNode,
    out: &mut Out<W>,
) -> io::Result<()> {
    let i = ds.i;
    let s = nn(format!("{}service/lgsp-{:05}", ctx.base, i / 50));
    out.t(s.clone(), rdf::TYPE, dcat::DATA_SERVICE)?;
    out.t(
        s.clone(),
        dct::TITLE,
        vi(format!(
            "Dịch vụ chia sẻ {} qua LGSP (#{})",
            ds.topic.0.to_lowercase(),
            i / 50
        )),
    )?;
    out.t(s.clone(), dct::PUBLISHER, ctx.agency(ds.owner))?;
    out.t(
        s.clone(),
        dcat::ENDPOINT_URL,
        nn(format!(
            "https://lgsp.{}.gov.vn/api/svc{:05}",
            ctx.p.slug.replace('-', ""),
            i / 50
        )),
    )?;
    out.t(s.clone(), vn::GATEWAY, Literal::from("LGSP"))?;
    out.t(
        s.clone(),
        vn::AUTH_SCHEME,
        Literal::from("AccessKey/SecretKey"),
    )?;
    out.t(s.clone(), dct::ACCESS_RIGHTS, eu::ACCESS_RESTRICTED)?;
    out.t(s.clone(), vn::ACCESS_SCOPE, code::SCOPE_SHARED)?;
    for k in (i.saturating_sub(4))..=i {
        out.t(s.clone(), dcat::SERVES_DATASET, ctx.dataset(k))?;
    }
    out.t(catalog.clone(), dcat::SERVICE, s)
}

/// The agreement that closes this block of 100: the owner lets another agency use `ds`.
pub(super) fn write_agreement<W: Write>(
    ctx: &Ctx,
    ds: &Dataset,
    out: &mut Out<W>,
) -> io::Result<()> {
    let i = ds.i;
    let a = nn(format!("{}agreement/tt-{:05}", ctx.base, i / 100));
    out.t(a.clone(), rdf::TYPE, odrl::AGREEMENT)?;
    out.t(
        a.clone(),
        odrl::UID,
        Literal::from(format!("{}-TT-{:05}", ctx.p.hcode, i / 100)),
    )?;
    out.t(
        a.clone(),
        dct::TITLE,
        vi(format!(
            "Thỏa thuận chia sẻ dữ liệu {}",
            ds.topic.0.to_lowercase()
        )),
    )?;
    out.t(a.clone(), odrl::ASSIGNER, ctx.agency(ds.owner))?;
    out.t(
        a.clone(),
        odrl::ASSIGNEE,
        ctx.agency((ds.owner + 3) % AGENCIES.len()),
    )?;
    out.t(a.clone(), odrl::TARGET, ds.iri.clone())?;
    let perm = BlankNode::new_unchecked(format!("perm{i}"));
    out.t(a.clone(), odrl::PERMISSION, perm.clone())?;
    out.t(perm.clone(), rdf::TYPE, odrl::PERMISSION_CLASS)?;
    out.t(perm, odrl::ACTION, odrl::USE)?;
    out.t(a, vn::LEGAL_BASIS, Literal::from("194/2025/NĐ-CP"))
}
