//! One dataset record: what is drawn for it ([`Dataset::draw`]) and the triples that
//! describe it ([`write`]): catalogue membership, titles, descriptions, agents, theme and
//! place, dates, access and legal basis. Every twentieth dataset (from the eighth) carries
//! one [`Defect`].

use super::emit::{en, nn, typed, vi, Out};
use super::generate::Ctx;
use super::tables::{Topic, AGENCIES, FREQUENCIES, TOPICS};
use super::Defect;
use crate::vocab::{code, dcat, dct, eu, rdf, vn, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef};
use rand::rngs::SmallRng;
use rand::Rng;
use std::io::{self, Write};

/// The defects in the order they are planted.
const DEFECTS: [Defect; 5] = [
    Defect::MissingTitle,
    Defect::TitleWithoutVi,
    Defect::BadModifiedDate,
    Defect::MissingPublisher,
    Defect::OpenWithPersonalData,
];

/// The choices made for the `i`th dataset, drawn before any of its triples is written.
pub(super) struct Dataset {
    pub(super) i: usize,
    pub(super) iri: NamedNode,
    pub(super) topic: &'static Topic,
    /// The commune it covers: (code, Vietnamese name); `None` if the province has none.
    pub(super) unit: Option<(&'static str, &'static str)>,
    pub(super) year: usize,
    /// The place it covers, in Vietnamese: the commune, or the province.
    pub(super) place_vi: String,
    /// The owning agency's index in [`AGENCIES`].
    pub(super) owner: usize,
    pub(super) defect: Option<Defect>,
    pub(super) rights: NamedNodeRef<'static>,
    pub(super) scope: NamedNodeRef<'static>,
    pub(super) month: i32,
    pub(super) day: i32,
}

impl Dataset {
    /// Draws the `i`th dataset's topic, place, owner, access and issue date, in this order.
    pub(super) fn draw(ctx: &Ctx, i: usize, rng: &mut SmallRng) -> Self {
        let p = ctx.p;
        let topic = &TOPICS[rng.random_range(0..TOPICS.len())];
        let unit = ctx
            .units
            .get(rng.random_range(0..ctx.units.len().max(1)))
            .copied();
        let owner = if rng.random_bool(0.8) {
            topic.3
        } else {
            rng.random_range(0..AGENCIES.len())
        };
        let defect = (i % 20 == 7).then(|| DEFECTS[(i / 20) % 5]);
        let roll: f64 = rng.random();
        let (rights, scope) = if roll < 0.78 {
            (eu::ACCESS_PUBLIC, code::SCOPE_OPEN)
        } else if roll < 0.93 {
            (eu::ACCESS_RESTRICTED, code::SCOPE_SHARED)
        } else {
            (eu::ACCESS_NON_PUBLIC, code::SCOPE_PRIVATE)
        };
        let month = 1 + rng.random_range(0..12);
        let day = 1 + rng.random_range(0..28);
        Self {
            i,
            iri: ctx.dataset(i),
            topic,
            unit,
            year: 2018 + (i % 9),
            place_vi: unit.map_or(format!("tỉnh {}", p.name), |u| u.1.to_string()),
            owner,
            defect,
            rights,
            scope,
            month,
            day,
        }
    }

    /// The place it covers, folded to ASCII: the commune, or the province's slug.
    fn place_en(&self, ctx: &Ctx) -> String {
        self.unit
            .map_or(ctx.p.slug.to_string(), |u| crate::text::fold(u.1))
    }

    pub(super) fn is_open(&self) -> bool {
        self.scope == code::SCOPE_OPEN
    }
}

/// Writes the dataset record and lists it in its catalogue: seven in ten in the open-data
/// catalogue, two in the big-data one, one (a database) in the databases one.
pub(super) fn write<W: Write>(
    ctx: &Ctx,
    ds: &Dataset,
    catalogs: &[NamedNode],
    out: &mut Out<W>,
) -> io::Result<()> {
    let i = ds.i;
    let catalog = &catalogs[if i % 10 < 7 {
        0
    } else if i % 10 < 9 {
        1
    } else {
        2
    }];
    out.t(catalog.clone(), dcat::DATASET_PROP, ds.iri.clone())?;
    out.t(ds.iri.clone(), rdf::TYPE, dcat::DATASET)?;
    if i % 10 == 9 {
        out.t(ds.iri.clone(), rdf::TYPE, vn::DATABASE)?;
        out.t(
            ds.iri.clone(),
            vn::DATABASE_KIND,
            nn(format!("{}database-kind/chuyen-nganh", code::NS)),
        )?;
    }
    out.t(
        ds.iri.clone(),
        dct::IDENTIFIER,
        Literal::from(format!("{}-DS-{i:07}", ctx.p.hcode)),
    )?;
    write_titles(ctx, ds, out)?;
    write_descriptions(ctx, ds, out)?;
    write_agents(ctx, ds, out)?;
    write_subject(ctx, ds, out)?;
    write_dates(ds, out)?;
    write_access(ctx, ds, out)
}

fn write_titles<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let (i, year, d) = (ds.i, ds.year, &ds.iri);
    let (t_vi, t_en, ..) = *ds.topic;
    match ds.defect {
        Some(Defect::MissingTitle) => {}
        Some(Defect::TitleWithoutVi) => {
            out.t(d.clone(), dct::TITLE, en(format!("{t_en}, {year} #{i}")))?
        }
        _ => {
            let title_vi = format!("{t_vi} {} năm {year}", ds.place_vi);
            out.t(d.clone(), dct::TITLE, vi(format!("{title_vi} (#{i})")))?;
            out.t(
                d.clone(),
                dct::TITLE,
                en(format!("{t_en}, {} {year} (#{i})", ds.place_en(ctx))),
            )?;
        }
    }
    Ok(())
}

fn write_descriptions<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let (t_vi, t_en, ..) = *ds.topic;
    out.t(
        ds.iri.clone(),
        dct::DESCRIPTION,
        vi(format!(
            "Dữ liệu {} trên địa bàn {}, do {} cung cấp và cập nhật.",
            t_vi.to_lowercase(),
            ds.place_vi,
            AGENCIES[ds.owner].1
        )),
    )?;
    out.t(
        ds.iri.clone(),
        dct::DESCRIPTION,
        en(format!(
            "{t_en} for {}, provided by the {}.",
            ds.place_en(ctx),
            AGENCIES[ds.owner].2
        )),
    )
}

/// Publisher (unless that is the defect), custodian, rights holder: all the owner; and the
/// owner's contact point.
fn write_agents<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let d = &ds.iri;
    if !matches!(ds.defect, Some(Defect::MissingPublisher)) {
        out.t(d.clone(), dct::PUBLISHER, ctx.agency(ds.owner))?;
    }
    out.t(d.clone(), vn::CUSTODIAN, ctx.agency(ds.owner))?;
    out.t(d.clone(), dct::RIGHTS_HOLDER, ctx.agency(ds.owner))?;
    out.t(
        d.clone(),
        dcat::CONTACT_POINT,
        nn(format!("{}contact/{}", ctx.base, AGENCIES[ds.owner].0)),
    )
}

/// Theme, keywords and the place covered.
fn write_subject<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let d = &ds.iri;
    let (_, _, theme, _, keywords) = *ds.topic;
    out.t(
        d.clone(),
        dcat::THEME,
        nn(format!("{}theme/{theme}", code::NS)),
    )?;
    for k in keywords.iter() {
        out.t(d.clone(), dcat::KEYWORD, vi(*k))?;
    }
    out.t(
        d.clone(),
        dct::SPATIAL,
        ds.unit.map_or(ctx.province_unit.clone(), |u| {
            nn(format!("{}{}", crate::vocab::admin::COMMUNE, u.0))
        }),
    )
}

/// Issued, modified (a day-first string if that is the defect) and update frequency.
fn write_dates<W: Write>(ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let (i, year, month, day, d) = (ds.i, ds.year, ds.month, ds.day, &ds.iri);
    out.t(
        d.clone(),
        dct::ISSUED,
        typed(format!("{year}-{month:02}-{day:02}"), xsd::DATE),
    )?;
    let modified = if matches!(ds.defect, Some(Defect::BadModifiedDate)) {
        Literal::from(format!("{day:02}/{month:02}/{}", year + 1))
    } else {
        typed(
            format!("{}-{month:02}-{day:02}", (year + 1 + i % 3).min(2026)),
            xsd::DATE,
        )
    };
    out.t(d.clone(), dct::MODIFIED, modified)?;
    out.t(
        d.clone(),
        dct::ACCRUAL_PERIODICITY,
        nn(format!(
            "{}{}",
            eu::FREQUENCY,
            FREQUENCIES[i % FREQUENCIES.len()]
        )),
    )
}

/// Access rights and scope, personal data (planted in open data if that is the defect),
/// importance, language, licence (open data only) and legal basis.
fn write_access<W: Write>(ctx: &Ctx, ds: &Dataset, out: &mut Out<W>) -> io::Result<()> {
    let (i, d) = (ds.i, &ds.iri);
    out.t(d.clone(), dct::ACCESS_RIGHTS, ds.rights)?;
    out.t(d.clone(), vn::ACCESS_SCOPE, ds.scope)?;
    let personal = if matches!(ds.defect, Some(Defect::OpenWithPersonalData))
        || (!ds.is_open() && i % 3 == 0)
    {
        "co-ban"
    } else {
        "khong"
    };
    out.t(
        d.clone(),
        vn::PERSONAL_DATA,
        nn(format!("{}personal-data/{personal}", code::NS)),
    )?;
    let importance = if ds.scope == code::SCOPE_PRIVATE && i % 2 == 0 {
        "quan-trong"
    } else {
        "khac"
    };
    out.t(
        d.clone(),
        vn::IMPORTANCE,
        nn(format!("{}importance/{importance}", code::NS)),
    )?;
    out.t(d.clone(), dct::LANGUAGE, eu::LANG_VIE)?;
    if ds.is_open() {
        out.t(d.clone(), dct::LICENSE, licence(ctx))?;
    }
    let legal_basis = if i % 2 == 0 {
        "194/2025/NĐ-CP"
    } else {
        "47/2020/NĐ-CP"
    };
    out.t(d.clone(), vn::LEGAL_BASIS, Literal::from(legal_basis))
}

/// The province's open licence.
pub(super) fn licence(ctx: &Ctx) -> NamedNode {
    nn(format!("{}licence/tu-do-tai-su-dung", ctx.base))
}
