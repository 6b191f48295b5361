//! `lienthong gen`: a deterministic synthetic catalogue of any size in the DCAT-AP-VN model:
//! agencies, catalogues, datasets with distributions, gateway data services, sharing
//! agreements, and a lineage DAG with long chains and cross-province edges. About 5% of the
//! datasets are deliberately defective (each defect kind is listed in [`Defect`]).
//! Records are written one at a time, so a million datasets need little memory.
//!
//! ```
//! use lienthong::gen::{generate, GenOptions};
//! let mut out = Vec::new();
//! let stats = generate(&GenOptions { datasets: 20, ..GenOptions::default() }, &mut out)?;
//! assert_eq!(stats.datasets, 20);
//! # Ok::<_, std::io::Error>(())
//! ```

use crate::store::serializer;
use crate::vocab::{code, dcat, dct, eu, foaf, odrl, prov, rdf, vcard, vn, xsd};
use oxigraph::io::{RdfFormat, WriterQuadSerializer};
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io::{self, Write};

const ADMIN_UNITS: &str = include_str!("../ontologies/admin-units-2025.csv");

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

struct Province {
    slug: &'static str,
    name: &'static str,
    code: &'static str,
    hcode: &'static str,
    partner: &'static str,
}

const PROVINCES: &[Province] = &[
    Province {
        slug: "nghe-an",
        name: "Nghệ An",
        code: "40",
        hcode: "H40",
        partner: "ha-tinh",
    },
    Province {
        slug: "ha-tinh",
        name: "Hà Tĩnh",
        code: "42",
        hcode: "H42",
        partner: "thanh-hoa",
    },
    Province {
        slug: "thanh-hoa",
        name: "Thanh Hóa",
        code: "38",
        hcode: "H38",
        partner: "nghe-an",
    },
];

/// The provincial agencies after the 1 March 2025 reorganisation: (slug, Vietnamese, English).
const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "ubnd-tinh",
        "Ủy ban nhân dân tỉnh",
        "Provincial People's Committee",
    ),
    (
        "van-phong-ubnd-tinh",
        "Văn phòng UBND tỉnh",
        "Office of the Provincial People's Committee",
    ),
    ("so-noi-vu", "Sở Nội vụ", "Department of Home Affairs"),
    ("so-tu-phap", "Sở Tư pháp", "Department of Justice"),
    ("so-tai-chinh", "Sở Tài chính", "Department of Finance"),
    (
        "so-cong-thuong",
        "Sở Công Thương",
        "Department of Industry and Trade",
    ),
    (
        "so-nong-nghiep-va-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
    ),
    ("so-xay-dung", "Sở Xây dựng", "Department of Construction"),
    (
        "so-khoa-hoc-va-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
    ),
    (
        "so-van-hoa-the-thao-va-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
    ),
    (
        "so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
    ),
    ("so-y-te", "Sở Y tế", "Department of Health"),
    (
        "thanh-tra-tinh",
        "Thanh tra tỉnh",
        "Provincial Inspectorate",
    ),
    (
        "so-ngoai-vu",
        "Sở Ngoại vụ",
        "Department of Foreign Affairs",
    ),
    (
        "so-dan-toc-va-ton-giao",
        "Sở Dân tộc và Tôn giáo",
        "Department of Ethnic and Religious Affairs",
    ),
    ("cong-an-tinh", "Công an tỉnh", "Provincial Police"),
];

/// Dataset topics: (Vietnamese, English, theme code, owning agency index, keywords).
const TOPICS: &[(&str, &str, &str, usize, &[&str])] = &[
    (
        "Quy hoạch sử dụng đất",
        "Land-use plan",
        "dat-dai",
        6,
        &["đất đai", "quy hoạch"],
    ),
    (
        "Bảng giá đất",
        "Land price table",
        "dat-dai",
        4,
        &["đất đai", "giá đất"],
    ),
    (
        "Giấy chứng nhận quyền sử dụng đất đã cấp",
        "Issued land-use right certificates",
        "dat-dai",
        6,
        &["đất đai", "sổ đỏ"],
    ),
    (
        "Đăng ký khai sinh",
        "Birth registrations",
        "xa-hoi",
        3,
        &["hộ tịch", "khai sinh"],
    ),
    (
        "Đăng ký kết hôn",
        "Marriage registrations",
        "xa-hoi",
        3,
        &["hộ tịch", "kết hôn"],
    ),
    (
        "Danh sách trường học",
        "Schools",
        "giao-duc",
        10,
        &["giáo dục", "trường học"],
    ),
    (
        "Kết quả thi tốt nghiệp THPT",
        "Upper-secondary graduation results",
        "giao-duc",
        10,
        &["giáo dục", "thi cử"],
    ),
    (
        "Cơ sở khám chữa bệnh",
        "Health facilities",
        "y-te",
        11,
        &["y tế", "bệnh viện"],
    ),
    (
        "Tiêm chủng mở rộng",
        "Expanded immunisation",
        "y-te",
        11,
        &["y tế", "tiêm chủng"],
    ),
    (
        "Điểm du lịch",
        "Tourist sites",
        "kinh-te-thuong-mai",
        9,
        &["du lịch", "di tích"],
    ),
    (
        "Sản lượng lúa",
        "Rice production",
        "nong-nghiep",
        6,
        &["nông nghiệp", "lúa gạo"],
    ),
    (
        "Diện tích rừng",
        "Forest cover",
        "moi-truong",
        6,
        &["rừng", "lâm nghiệp"],
    ),
    (
        "Lượng mưa và mực nước sông Lam",
        "Rainfall and water level of the Lam river",
        "moi-truong",
        6,
        &["lũ lụt", "thủy văn", "sông Lam"],
    ),
    (
        "Quan trắc chất lượng không khí",
        "Air-quality monitoring",
        "moi-truong",
        6,
        &["môi trường", "không khí"],
    ),
    (
        "Doanh nghiệp đăng ký thành lập",
        "Newly registered enterprises",
        "kinh-te-thuong-mai",
        4,
        &["doanh nghiệp", "đăng ký kinh doanh"],
    ),
    (
        "Dự án đầu tư công",
        "Public investment projects",
        "tai-chinh",
        4,
        &["đầu tư công", "ngân sách"],
    ),
    (
        "Thu chi ngân sách",
        "Budget revenue and expenditure",
        "tai-chinh",
        4,
        &["ngân sách", "tài chính"],
    ),
    (
        "Mạng lưới giao thông đường bộ",
        "Road network",
        "nang-luong-ha-tang",
        7,
        &["giao thông", "hạ tầng"],
    ),
    (
        "Dân số theo đơn vị hành chính",
        "Population by administrative unit",
        "dia-phuong",
        2,
        &["dân số", "thống kê"],
    ),
    (
        "Đối tượng hưởng trợ cấp xã hội",
        "Social allowance recipients",
        "lao-dong",
        2,
        &["trợ cấp", "an sinh xã hội"],
    ),
    (
        "Hồ sơ thủ tục hành chính",
        "Administrative procedure files",
        "dia-phuong",
        1,
        &["thủ tục hành chính", "dịch vụ công"],
    ),
    (
        "Khu công nghiệp và cụm công nghiệp",
        "Industrial zones and clusters",
        "kinh-te-thuong-mai",
        5,
        &["công nghiệp", "khu kinh tế"],
    ),
    (
        "Chỉ số chuyển đổi số",
        "Digital transformation index",
        "cong-nghe",
        8,
        &["chuyển đổi số", "DTI"],
    ),
    (
        "Đơn thư khiếu nại, tố cáo",
        "Complaints and denunciations",
        "xa-hoi",
        12,
        &["khiếu nại", "tố cáo", "thanh tra"],
    ),
];

const FREQUENCIES: &[&str] = &["ANNUAL", "QUARTERLY", "MONTHLY", "WEEKLY", "DAILY", "IRREG"];
const FORMATS: &[(&str, &str)] = &[
    ("CSV", "text/csv"),
    ("JSON", "application/json"),
    (
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("PDF", "application/pdf"),
    ("SHP", "application/vnd.shp"),
];

fn nn(s: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(s)
}
fn vi(s: impl Into<String>) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "vi")
}
fn en(s: impl Into<String>) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "en")
}
fn typed(s: impl Into<String>, dt: NamedNodeRef<'_>) -> Literal {
    Literal::new_typed_literal(s, dt)
}

struct Out<W: Write> {
    w: WriterQuadSerializer<W>,
    n: u64,
}

impl<W: Write> Out<W> {
    fn t(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: NamedNodeRef<'_>,
        o: impl Into<Term>,
    ) -> io::Result<()> {
        self.n += 1;
        self.w.serialize_triple(&Triple::new(s, p.into_owned(), o))
    }
}

/// Record IRIs of a province: `https://data.<host>.gov.vn/`.
pub fn province_base(slug: &str) -> String {
    format!("https://data.{}.gov.vn/", slug.replace('-', ""))
}

pub fn dataset_iri(slug: &str, i: usize) -> String {
    format!("{}dataset/ds-{i:07}", province_base(slug))
}

/// Writes the catalogue; returns what it wrote.
pub fn generate(opts: &GenOptions, writer: impl Write) -> io::Result<GenStats> {
    let p = PROVINCES
        .iter()
        .find(|p| p.slug == opts.province)
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "unknown province '{}': known are {}",
                    opts.province,
                    PROVINCES
                        .iter()
                        .map(|p| p.slug)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
    let units: Vec<(&str, &str)> = ADMIN_UNITS
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() >= 4 && f[0] == p.code).then(|| (f[2], f[3]))
        })
        .collect();
    let base = province_base(p.slug);
    let mut rng = SmallRng::seed_from_u64(opts.seed);
    let mut out = Out {
        w: serializer(opts.format).for_writer(writer),
        n: 0,
    };
    let mut st = GenStats::default();
    let province_unit = nn(format!("{}{}", crate::vocab::admin::PROVINCE, p.code));

    // Agencies with contact points.
    let agency = |i: usize| nn(format!("{base}agency/{}", AGENCIES[i % AGENCIES.len()].0));
    for (i, (slug, vi_name, en_name)) in AGENCIES.iter().enumerate() {
        let a = agency(i);
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
        out.t(a.clone(), dct::SPATIAL, province_unit.clone())?;
        let c = nn(format!("{base}contact/{slug}"));
        out.t(a.clone(), dcat::CONTACT_POINT, c.clone())?;
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
                p.slug.replace('-', "")
            )),
        )?;
        st.agencies += 1;
    }

    // Catalogues.
    let root = nn(format!("{base}catalog/root"));
    let kinds = [
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
    out.t(root.clone(), dct::PUBLISHER, agency(0))?;
    out.t(root.clone(), dct::SPATIAL, province_unit.clone())?;
    out.t(root.clone(), dct::LANGUAGE, eu::LANG_VIE)?;
    let catalogs: Vec<NamedNode> = kinds
        .iter()
        .map(|(slug, kind, t_vi, t_en)| {
            let c = nn(format!("{base}catalog/{slug}-2026"));
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
            out.t(c.clone(), dct::PUBLISHER, agency(0))?;
            out.t(c.clone(), vn::CATALOGUE_KIND, *kind)?;
            out.t(c.clone(), vn::CATALOGUE_YEAR, typed("2026", xsd::G_YEAR))?;
            Ok(c)
        })
        .collect::<io::Result<_>>()?;

    let partner_base = province_base(p.partner);
    for i in 0..opts.datasets {
        let d = nn(dataset_iri(p.slug, i));
        let (t_vi, t_en, theme, owner, keywords) = TOPICS[rng.random_range(0..TOPICS.len())];
        let unit = units.get(rng.random_range(0..units.len().max(1)));
        let year = 2018 + (i % 9);
        let place_vi = unit.map_or(format!("tỉnh {}", p.name), |u| u.1.to_string());
        let owner = if rng.random_bool(0.8) {
            owner
        } else {
            rng.random_range(0..AGENCIES.len())
        };
        let defect = if i % 20 == 7 {
            st.defective += 1;
            Some(
                [
                    Defect::MissingTitle,
                    Defect::TitleWithoutVi,
                    Defect::BadModifiedDate,
                    Defect::MissingPublisher,
                    Defect::OpenWithPersonalData,
                ][(i / 20) % 5],
            )
        } else {
            None
        };
        let roll: f64 = rng.random();
        let (rights, scope) = if roll < 0.78 {
            (eu::ACCESS_PUBLIC, code::SCOPE_OPEN)
        } else if roll < 0.93 {
            (eu::ACCESS_RESTRICTED, code::SCOPE_SHARED)
        } else {
            (eu::ACCESS_NON_PUBLIC, code::SCOPE_PRIVATE)
        };
        if rights != eu::ACCESS_PUBLIC {
            st.non_public += 1;
        }
        let catalog = &catalogs[if i % 10 < 7 {
            0
        } else if i % 10 < 9 {
            1
        } else {
            2
        }];
        out.t(catalog.clone(), dcat::DATASET_PROP, d.clone())?;
        out.t(d.clone(), rdf::TYPE, dcat::DATASET)?;
        if i % 10 == 9 {
            out.t(d.clone(), rdf::TYPE, vn::DATABASE)?;
            out.t(
                d.clone(),
                vn::DATABASE_KIND,
                nn(format!("{}database-kind/chuyen-nganh", code::NS)),
            )?;
        }
        out.t(
            d.clone(),
            dct::IDENTIFIER,
            Literal::from(format!("{}-DS-{i:07}", p.hcode)),
        )?;
        let title_vi = format!("{t_vi} {place_vi} năm {year}");
        match defect {
            Some(Defect::MissingTitle) => {}
            Some(Defect::TitleWithoutVi) => {
                out.t(d.clone(), dct::TITLE, en(format!("{t_en}, {year} #{i}")))?
            }
            _ => {
                out.t(d.clone(), dct::TITLE, vi(format!("{title_vi} (#{i})")))?;
                out.t(
                    d.clone(),
                    dct::TITLE,
                    en(format!(
                        "{t_en}, {} {year} (#{i})",
                        unit.map_or(p.slug.to_string(), |u| crate::text::fold(u.1))
                    )),
                )?;
            }
        }
        out.t(
            d.clone(),
            dct::DESCRIPTION,
            vi(format!(
                "Dữ liệu {} trên địa bàn {place_vi}, do {} cung cấp và cập nhật.",
                t_vi.to_lowercase(),
                AGENCIES[owner].1
            )),
        )?;
        out.t(
            d.clone(),
            dct::DESCRIPTION,
            en(format!(
                "{t_en} for {}, provided by the {}.",
                unit.map_or(p.slug.to_string(), |u| crate::text::fold(u.1)),
                AGENCIES[owner].2
            )),
        )?;
        if !matches!(defect, Some(Defect::MissingPublisher)) {
            out.t(d.clone(), dct::PUBLISHER, agency(owner))?;
        }
        out.t(d.clone(), vn::CUSTODIAN, agency(owner))?;
        out.t(
            d.clone(),
            dct::RIGHTS_HOLDER,
            agency(if owner == 0 { 0 } else { owner }),
        )?;
        out.t(
            d.clone(),
            dcat::CONTACT_POINT,
            nn(format!("{base}contact/{}", AGENCIES[owner].0)),
        )?;
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
            unit.map_or(province_unit.clone(), |u| {
                nn(format!("{}{}", crate::vocab::admin::COMMUNE, u.0))
            }),
        )?;
        let month = 1 + rng.random_range(0..12);
        let day = 1 + rng.random_range(0..28);
        out.t(
            d.clone(),
            dct::ISSUED,
            typed(format!("{year}-{month:02}-{day:02}"), xsd::DATE),
        )?;
        let modified = if matches!(defect, Some(Defect::BadModifiedDate)) {
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
        )?;
        out.t(d.clone(), dct::ACCESS_RIGHTS, rights)?;
        out.t(d.clone(), vn::ACCESS_SCOPE, scope)?;
        let personal = if matches!(defect, Some(Defect::OpenWithPersonalData))
            || (scope != code::SCOPE_OPEN && i % 3 == 0)
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
        out.t(
            d.clone(),
            vn::IMPORTANCE,
            nn(format!(
                "{}importance/{}",
                code::NS,
                if scope == code::SCOPE_PRIVATE && i % 2 == 0 {
                    "quan-trong"
                } else {
                    "khac"
                }
            )),
        )?;
        out.t(d.clone(), dct::LANGUAGE, eu::LANG_VIE)?;
        if scope == code::SCOPE_OPEN {
            out.t(
                d.clone(),
                dct::LICENSE,
                nn(format!("{base}licence/tu-do-tai-su-dung")),
            )?;
        }
        out.t(
            d.clone(),
            vn::LEGAL_BASIS,
            Literal::from(if i % 2 == 0 {
                "194/2025/NĐ-CP"
            } else {
                "47/2020/NĐ-CP"
            }),
        )?;
        // Distributions.
        for k in 0..(1 + i % 2) {
            let dist = nn(format!("{base}distribution/ds-{i:07}-{k}"));
            let (fmt, media) = FORMATS[(i + k) % FORMATS.len()];
            out.t(d.clone(), dcat::DISTRIBUTION_PROP, dist.clone())?;
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
            if scope == code::SCOPE_OPEN {
                out.t(
                    dist.clone(),
                    dct::LICENSE,
                    nn(format!("{base}licence/tu-do-tai-su-dung")),
                )?;
            }
            st.distributions += 1;
        }
        // Lineage: chains of 12 in two blocks out of three, plus extra upstreams (always earlier: a DAG).
        if i % 12 != 0 && (i / 12) % 3 != 2 {
            out.t(
                d.clone(),
                prov::WAS_DERIVED_FROM,
                nn(dataset_iri(p.slug, i - 1)),
            )?;
            st.lineage_edges += 1;
            if i % 12 == 6 {
                let act = nn(format!("{base}activity/job-{i:07}"));
                out.t(act.clone(), rdf::TYPE, prov::ACTIVITY)?;
                out.t(act.clone(), prov::USED, nn(dataset_iri(p.slug, i - 1)))?;
                out.t(act.clone(), prov::GENERATED, d.clone())?;
                out.t(act.clone(), prov::WAS_ASSOCIATED_WITH, agency(owner))?;
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
                )?;
            }
        }
        if i > 30 && i % 7 == 0 {
            out.t(
                d.clone(),
                prov::WAS_DERIVED_FROM,
                nn(dataset_iri(p.slug, rng.random_range(0..i - 1))),
            )?;
            st.lineage_edges += 1;
        }
        // Across the border: i (≡ 100 mod 200) is derived from the partner's i − 1, and
        // i − 1 (≡ 99) from the partner's i − 50, so that a chain crosses two borders
        // (Nghệ An ds-100 → Hà Tĩnh ds-99 → Thanh Hóa ds-49) without closing a cycle.
        if i % 200 == 100 || i % 200 == 99 {
            let up = if i % 200 == 100 { i - 1 } else { i - 50 };
            out.t(
                d.clone(),
                prov::WAS_DERIVED_FROM,
                nn(format!("{partner_base}dataset/ds-{up:07}")),
            )?;
            st.lineage_edges += 1;
            st.cross_province_edges += 1;
        }
        // A gateway data service for every 50 datasets, serving the last ones.
        if i % 50 == 49 {
            let s = nn(format!("{base}service/lgsp-{:05}", i / 50));
            out.t(s.clone(), rdf::TYPE, dcat::DATA_SERVICE)?;
            out.t(
                s.clone(),
                dct::TITLE,
                vi(format!(
                    "Dịch vụ chia sẻ {} qua LGSP (#{})",
                    t_vi.to_lowercase(),
                    i / 50
                )),
            )?;
            out.t(s.clone(), dct::PUBLISHER, agency(owner))?;
            out.t(
                s.clone(),
                dcat::ENDPOINT_URL,
                nn(format!(
                    "https://lgsp.{}.gov.vn/api/svc{:05}",
                    p.slug.replace('-', ""),
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
                out.t(s.clone(), dcat::SERVES_DATASET, nn(dataset_iri(p.slug, k)))?;
            }
            out.t(catalogs[2].clone(), dcat::SERVICE, s)?;
            st.services += 1;
        }
        // A sharing agreement for every 100 datasets.
        if i % 100 == 99 {
            let a = nn(format!("{base}agreement/tt-{:05}", i / 100));
            out.t(a.clone(), rdf::TYPE, odrl::AGREEMENT)?;
            out.t(
                a.clone(),
                odrl::UID,
                Literal::from(format!("{}-TT-{:05}", p.hcode, i / 100)),
            )?;
            out.t(
                a.clone(),
                dct::TITLE,
                vi(format!(
                    "Thỏa thuận chia sẻ dữ liệu {}",
                    t_vi.to_lowercase()
                )),
            )?;
            out.t(a.clone(), odrl::ASSIGNER, agency(owner))?;
            out.t(
                a.clone(),
                odrl::ASSIGNEE,
                agency((owner + 3) % AGENCIES.len()),
            )?;
            out.t(a.clone(), odrl::TARGET, d.clone())?;
            let perm = BlankNode::new_unchecked(format!("perm{i}"));
            out.t(a.clone(), odrl::PERMISSION, perm.clone())?;
            out.t(perm.clone(), rdf::TYPE, odrl::PERMISSION_CLASS)?;
            out.t(perm, odrl::ACTION, odrl::USE)?;
            out.t(a, vn::LEGAL_BASIS, Literal::from("194/2025/NĐ-CP"))?;
            st.agreements += 1;
        }
        st.datasets += 1;
    }
    out.w.finish()?.flush()?;
    st.triples = out.n;
    Ok(st)
}
