//! `csv` sources: agency data inventories kept as spreadsheets (CSV with `,` `;` or tab,
//! UTF-8 with or without BOM; or XLSX, first sheet). Headers are matched with diacritics
//! and case ignored (`text::fold`), so "Tên dữ liệu", "TEN DU LIEU" and "ten du lieu" are
//! the same column; the header row may follow a few title rows.
//!
//! The column mapping (docs/harvesting.md has the full table) is [`COLUMNS`]. Each row is
//! one dataset; a row that cannot be mapped is an invalid record naming its row number.

use super::{Ctx, Harvested};
use crate::error::{Error, Result};
use crate::ingest::harvest::map::{access_scope, agency_base, bnode, iri, AgencyNames, Builder};
use crate::ingest::harvest::record::{HarvestedRecord, Item};
use crate::text::fold;
use crate::vocab::{code, dcat, dct, eu, graph, rdf, vn, xsd};
use oxigraph::model::{Literal, NamedNode};

/// Dataset fields a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Identifier,
    Title,
    Description,
    Custodian,
    Publisher,
    Scope,
    Frequency,
    Theme,
    Keywords,
    Format,
    Url,
    Issued,
    Modified,
    LegalBasis,
    PersonalData,
    Contact,
    Email,
}

/// Folded header names (diacritics removed, lower case) → field.
pub const COLUMNS: &[(&str, Field)] = &[
    ("ma du lieu", Field::Identifier),
    ("ma", Field::Identifier),
    ("ma so", Field::Identifier),
    ("identifier", Field::Identifier),
    ("ten du lieu", Field::Title),
    ("ten tap du lieu", Field::Title),
    ("ten co so du lieu", Field::Title),
    ("title", Field::Title),
    ("mo ta", Field::Description),
    ("mo ta du lieu", Field::Description),
    ("description", Field::Description),
    ("co quan chu quan", Field::Custodian),
    ("don vi chu quan", Field::Custodian),
    ("custodian", Field::Custodian),
    ("co quan cong bo", Field::Publisher),
    ("don vi cung cap", Field::Publisher),
    ("co quan cung cap", Field::Publisher),
    ("publisher", Field::Publisher),
    ("muc do chia se", Field::Scope),
    ("pham vi chia se", Field::Scope),
    ("access scope", Field::Scope),
    ("tan suat cap nhat", Field::Frequency),
    ("frequency", Field::Frequency),
    ("linh vuc", Field::Theme),
    ("chu de", Field::Theme),
    ("theme", Field::Theme),
    ("tu khoa", Field::Keywords),
    ("keywords", Field::Keywords),
    ("dinh dang", Field::Format),
    ("format", Field::Format),
    ("duong dan", Field::Url),
    ("dia chi truy cap", Field::Url),
    ("url", Field::Url),
    ("ngay ban hanh", Field::Issued),
    ("ngay cong bo", Field::Issued),
    ("issued", Field::Issued),
    ("ngay cap nhat", Field::Modified),
    ("modified", Field::Modified),
    ("can cu phap ly", Field::LegalBasis),
    ("legal basis", Field::LegalBasis),
    ("du lieu ca nhan", Field::PersonalData),
    ("co du lieu ca nhan", Field::PersonalData),
    ("dau moi lien he", Field::Contact),
    ("nguoi lien he", Field::Contact),
    ("email", Field::Email),
    ("email lien he", Field::Email),
];

/// The field a header names, if any (`"Tên dữ liệu (*)"` → Title).
pub fn field_of(header: &str) -> Option<Field> {
    let f = fold(header);
    let cleaned: String = f
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let key = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    COLUMNS.iter().find(|(h, _)| *h == key).map(|(_, f)| *f)
}

/// Vietnamese (and English) update frequencies → EU frequency codes.
pub fn frequency_code(v: &str) -> Option<&'static str> {
    let f = fold(v);
    let f = f.trim();
    Some(
        if f.contains("thoi gian thuc") || f.contains("lien tuc") || f == "continuous" {
            "UPDATE_CONT"
        } else if f.contains("ngay") || f == "daily" {
            "DAILY"
        } else if f.contains("tuan") || f == "weekly" {
            "WEEKLY"
        } else if f.contains("6 thang") || f.contains("sau thang") || f.contains("nua nam") {
            "ANNUAL_2"
        } else if f.contains("quy") || f == "quarterly" {
            "QUARTERLY"
        } else if f.contains("thang") || f == "monthly" {
            "MONTHLY"
        } else if f.contains("nam") || f == "annual" || f == "yearly" {
            "ANNUAL"
        } else if f.contains("khong thuong xuyen") || f.contains("dot xuat") || f == "irregular" {
            "IRREG"
        } else {
            return None;
        },
    )
}

/// Rows of the spreadsheet, as text cells.
fn rows(body: &[u8], url: &str) -> Result<Vec<Vec<String>>> {
    if body.starts_with(b"PK\x03\x04") {
        use calamine::Reader;
        let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(body))
            .map_err(|e| Error::Harvest(format!("{url}: not a readable XLSX workbook: {e}")))?;
        let range = wb
            .worksheet_range_at(0)
            .ok_or_else(|| Error::Harvest(format!("{url}: the workbook has no sheet")))?
            .map_err(|e| Error::Harvest(format!("{url}: first sheet: {e}")))?;
        return Ok(range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect());
    }
    let text =
        std::str::from_utf8(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)).map_err(|e| {
            Error::Harvest(format!(
                "{url}: not UTF-8 text (save the CSV as UTF-8): {e}"
            ))
        })?;
    // The delimiter the header row uses most: title rows above it (up to 9) may hold a single
    // cell with no delimiter at all, so the first lines are looked at, not the first one.
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let delim = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| {
            head.iter()
                .map(|l| l.bytes().filter(|b| b == d).count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(b',');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| Error::Harvest(format!("{url}: line {}: {e}", i + 1)))?;
        out.push(rec.iter().map(str::to_string).collect());
    }
    Ok(out)
}

pub fn harvest(ctx: &Ctx<'_>) -> Result<Harvested> {
    let url = &ctx.source.url;
    let body = if url.starts_with("file:") {
        crate::ingest::harvest::fetch::read_file(url, ctx.fetch.config().max_body)?
    } else {
        ctx.fetch.get(url, "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;q=0.9, */*;q=0.1", None)?.body
    };
    let rows = rows(&body, url)?;
    let header_at = rows
        .iter()
        .take(10)
        .position(|r| r.iter().any(|c| field_of(c) == Some(Field::Title)))
        .ok_or_else(|| Error::Harvest(format!(
            "{url}: no header row with a title column (\"Tên dữ liệu\" or \"Title\") in the first 10 rows"
        )))?;
    let columns: Vec<Option<Field>> = rows[header_at].iter().map(|c| field_of(c)).collect();
    let mut h = Harvested {
        pages: 1,
        ..Harvested::default()
    };
    let unknown: Vec<&String> = rows[header_at]
        .iter()
        .zip(&columns)
        .filter(|(c, f)| f.is_none() && !c.trim().is_empty())
        .map(|(c, _)| c)
        .collect();
    if !unknown.is_empty() {
        h.warnings.push(format!(
            "{url}: columns not mapped: {}",
            unknown
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let base = agency_base(ctx.source);
    for (i, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = i + 1;
        let get = |f: Field| -> Option<&str> {
            columns
                .iter()
                .zip(row)
                .find(|(c, v)| **c == Some(f) && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        };
        let id_text = get(Field::Identifier).or(get(Field::Title));
        let Some(id_text) = id_text else {
            h.items.push(Item::Invalid { key: format!("{base}dataset/?row={line}"), error: format!("{url}: row {line}: no \"Tên dữ liệu\" (title) and no \"Mã dữ liệu\" (identifier)") });
            continue;
        };
        let key = format!("{base}dataset/{}", graph::slug(id_text));
        match map_row(ctx.agencies, &key, &get, ctx.source.agency.as_deref()) {
            Ok(triples) => h.items.push(Item::Record(HarvestedRecord {
                key,
                triples,
                stamp: None,
                origin: format!("{url} row {line}"),
            })),
            Err(e) => h.items.push(Item::Invalid {
                key,
                error: format!("{url}: row {line}: {e}"),
            }),
        }
    }
    (ctx.progress)(&format!("{} rows", h.items.len()));
    Ok(h)
}

fn map_row<'a>(
    agencies: &AgencyNames,
    key: &str,
    get: &dyn Fn(Field) -> Option<&'a str>,
    agency: Option<&str>,
) -> std::result::Result<Vec<oxigraph::model::Triple>, String> {
    let ds = NamedNode::new(key).map_err(|e| format!("dataset IRI {key}: {e}"))?;
    let mut b = Builder::new();
    b.add(ds.clone(), rdf::TYPE, dcat::DATASET);
    b.text(ds.clone(), dct::TITLE, get(Field::Title));
    b.text(ds.clone(), dct::DESCRIPTION, get(Field::Description));
    b.text(ds.clone(), dct::IDENTIFIER, get(Field::Identifier));
    let custodian = get(Field::Custodian);
    if let Some(c) = custodian {
        // The organization is named in the row; its own record lives in the agency registry.
        b.add(ds.clone(), vn::CUSTODIAN, agencies.iri(c));
    }
    match get(Field::Publisher).or(custodian) {
        // Named like the custodian: the agency's record (name, identifier code) is the
        // registry's, not the spreadsheet's.
        Some(p) => b.add(ds.clone(), dct::PUBLISHER, agencies.iri(p)),
        None => {
            if let Some(a) = agency.and_then(iri) {
                b.add(ds.clone(), dct::PUBLISHER, a);
            }
        }
    }
    if let Some(s) = get(Field::Scope) {
        let (sc, ar) = access_scope(s).ok_or_else(|| {
            format!("\"Mức độ chia sẻ\" = \"{s}\": expected Mở, Dùng chung or Dùng riêng")
        })?;
        b.add(ds.clone(), vn::ACCESS_SCOPE, sc);
        b.add(ds.clone(), dct::ACCESS_RIGHTS, ar);
    }
    if let Some(f) = get(Field::Frequency) {
        let code = frequency_code(f).ok_or_else(|| format!("\"Tần suất cập nhật\" = \"{f}\" is not a known frequency (hàng ngày, hàng tuần, hàng tháng, hàng quý, 6 tháng, hàng năm, không thường xuyên, thời gian thực)"))?;
        b.add(
            ds.clone(),
            dct::ACCRUAL_PERIODICITY,
            NamedNode::new_unchecked(format!("{}{code}", eu::FREQUENCY)),
        );
    }
    for t in get(Field::Theme)
        .into_iter()
        .flat_map(|t| t.split([',', ';']))
    {
        let slug = graph::slug(t);
        if slug.is_empty() {
            continue;
        }
        match code::THEMES.iter().find(|c| **c == slug) {
            Some(c) => b.add(
                ds.clone(),
                dcat::THEME,
                NamedNode::new_unchecked(format!("{}theme/{c}", code::NS)),
            ),
            None => b.add(
                ds.clone(),
                dcat::KEYWORD,
                Literal::new_language_tagged_literal_unchecked(crate::text::nfc(t.trim()), "vi"),
            ),
        }
    }
    for k in get(Field::Keywords)
        .into_iter()
        .flat_map(|t| t.split([',', ';']))
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        b.add(
            ds.clone(),
            dcat::KEYWORD,
            Literal::new_language_tagged_literal_unchecked(crate::text::nfc(k), "vi"),
        );
    }
    for (f, p) in [
        (Field::Issued, dct::ISSUED),
        (Field::Modified, dct::MODIFIED),
    ] {
        if let Some(v) = get(f) {
            let d =
                date(v).ok_or_else(|| format!("date \"{v}\" is not dd/mm/yyyy or yyyy-mm-dd"))?;
            b.add(ds.clone(), p, Literal::new_typed_literal(d, xsd::DATE));
        }
    }
    b.text(ds.clone(), vn::LEGAL_BASIS, get(Field::LegalBasis));
    if let Some(v) = get(Field::PersonalData) {
        let f = fold(v);
        let c = if f.starts_with("khong") || f == "no" || f == "0" {
            "khong"
        } else if f.contains("nhay cam") {
            "nhay-cam"
        } else {
            "co-ban"
        };
        b.add(
            ds.clone(),
            vn::PERSONAL_DATA,
            NamedNode::new_unchecked(format!("{}personal-data/{c}", code::NS)),
        );
    }
    if get(Field::Contact).is_some() || get(Field::Email).is_some() {
        let c = bnode();
        b.add(ds.clone(), dcat::CONTACT_POINT, c.clone());
        b.add(c.clone(), rdf::TYPE, crate::vocab::vcard::KIND);
        b.text(
            c.clone(),
            crate::vocab::vcard::FN,
            get(Field::Contact).or(custodian),
        );
        if let Some(e) =
            get(Field::Email).and_then(|e| NamedNode::new(format!("mailto:{}", e.trim())).ok())
        {
            b.add(c, crate::vocab::vcard::HAS_EMAIL, e);
        }
    }
    if let Some(u) = get(Field::Url) {
        let access =
            iri(u).ok_or_else(|| format!("\"Đường dẫn\" = \"{u}\" is not an absolute URL"))?;
        let di = NamedNode::new_unchecked(format!("{key}/distribution"));
        b.add(ds.clone(), dcat::DISTRIBUTION_PROP, di.clone());
        b.add(di.clone(), rdf::TYPE, dcat::DISTRIBUTION);
        b.add(di.clone(), dcat::ACCESS_URL, access);
        if let Some(f) = get(Field::Format) {
            let up = f.trim().to_ascii_uppercase();
            b.add(
                di,
                dct::FORMAT,
                NamedNode::new(format!("{}{up}", eu::FILE_TYPE))
                    .map_err(|_| format!("format \"{f}\""))?,
            );
        }
    }
    Ok(b.triples)
}

/// `dd/mm/yyyy`, `d/m/yyyy`, `yyyy-mm-dd` (or an XLSX date shown as `yyyy-mm-dd...`) → `yyyy-mm-dd`.
pub fn date(v: &str) -> Option<String> {
    let v = v.trim();
    let (y, m, d) = if let Some((d, rest)) = v.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (
            y.trim().parse::<u16>().ok()?,
            m.trim().parse::<u8>().ok()?,
            d.trim().parse::<u8>().ok()?,
        )
    } else {
        let p = v.get(..10)?;
        (
            p.get(..4)?.parse().ok()?,
            p.get(5..7)?.parse().ok()?,
            p.get(8..10)?.parse().ok()?,
        )
    };
    // A real calendar day: 31/02/2026 is refused here, with the row, not later by the shapes.
    (y > 1900
        && chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)).is_some())
    .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn impossible_days_are_not_dates() {
        assert_eq!(super::date("29/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(super::date("31/02/2026"), None);
        assert_eq!(super::date("2026-04-31"), None);
    }

    #[test]
    fn a_title_row_without_delimiters_does_not_hide_the_header_delimiter() {
        let body = "DANH MỤC DỮ LIỆU SỞ TƯ PHÁP NĂM 2026\nMã;TÊN DỮ LIỆU (*);Mức độ chia sẻ\nTP-01;Hộ tịch;Mở\n";
        let r = rows(body.as_bytes(), "kiem-ke.csv").unwrap();
        assert_eq!(r[1], ["Mã", "TÊN DỮ LIỆU (*)", "Mức độ chia sẻ"]);
        assert_eq!(r[2], ["TP-01", "Hộ tịch", "Mở"]);
    }

    use super::*;

    #[test]
    fn headers_match_without_diacritics_or_case() {
        assert_eq!(field_of("Tên dữ liệu"), Some(Field::Title));
        assert_eq!(field_of("TÊN DỮ LIỆU (*)"), Some(Field::Title));
        assert_eq!(field_of("ten du lieu"), Some(Field::Title));
        assert_eq!(field_of("Cơ quan chủ quản"), Some(Field::Custodian));
        assert_eq!(field_of("Mức độ chia sẻ"), Some(Field::Scope));
        assert_eq!(field_of("Tần suất cập nhật"), Some(Field::Frequency));
        assert_eq!(field_of("Ghi chú"), None);
    }

    #[test]
    fn frequencies_and_dates() {
        assert_eq!(frequency_code("Hàng tháng"), Some("MONTHLY"));
        assert_eq!(frequency_code("Hằng năm"), Some("ANNUAL"));
        assert_eq!(frequency_code("Hàng quý"), Some("QUARTERLY"));
        assert_eq!(frequency_code("6 tháng/lần"), Some("ANNUAL_2"));
        assert_eq!(frequency_code("Không thường xuyên"), Some("IRREG"));
        assert_eq!(frequency_code("thỉnh thoảng?"), None);
        assert_eq!(date("5/3/2026").as_deref(), Some("2026-03-05"));
        assert_eq!(date("2026-03-05").as_deref(), Some("2026-03-05"));
        assert_eq!(date("31/13/2026"), None);
    }
}
