//! CKAN packages, organizations and groups mapped to DCAT-AP-VN the way ckanext-dcat's
//! `euro_dcat_ap` profiles map CKAN fields (docs/harvesting.md has the table).

use crate::ingest::harvest::map::{access_right_words, access_scope, bnode, iri, nn, Builder};
use crate::ingest::harvest::record::HarvestedRecord;
use crate::vocab::{dcat, dct, eu, foaf, harvest as hv, rdf, rdfs, skos, vcard, vn, xsd};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term};
use serde_json::Value;
use std::collections::BTreeMap;

const OWL_VERSION_INFO: &str = "http://www.w3.org/2002/07/owl#versionInfo";
const ADMS: &str = "http://www.w3.org/ns/adms#";
const SPDX: &str = "http://spdx.org/rdf/terms#";
const LOCN_GEOMETRY: &str = "http://www.w3.org/ns/locn#geometry";
const GEOJSON_LITERAL: &str = "http://www.opengis.net/ont/geosparql#geoJSONLiteral";
const DCATAP_AVAILABILITY: &str = "http://data.europa.eu/r5r/availability";
const IANA_MEDIA: &str = "http://www.iana.org/assignments/media-types/";

/// File types whose EU authority code equals CKAN's upper-cased format name.
const FILE_TYPES: &[&str] = &[
    "CSV",
    "JSON",
    "XML",
    "PDF",
    "XLSX",
    "XLS",
    "ZIP",
    "HTML",
    "RDF",
    "TXT",
    "GEOJSON",
    "SHP",
    "DOCX",
    "DOC",
    "ODS",
    "TSV",
    "KML",
    "WMS_SRVC",
    "JPEG",
    "PNG",
    "GZIP",
    "TAR",
    "RDF_XML",
    "RDF_TURTLE",
    "JSON_LD",
    "SPARQLQ",
];

pub(super) fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k)
        .and_then(Value::as_str)
        .filter(|x| !x.trim().is_empty())
}

/// A field that may be a list, a JSON-encoded list or a comma-separated string.
fn list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .or_else(|| (!x.is_null()).then(|| x.to_string()))
            })
            .filter(|x| !x.trim().is_empty())
            .collect(),
        Some(Value::String(t)) if t.trim_start().starts_with('[') => {
            list(serde_json::from_str::<Value>(t).ok().as_ref())
        }
        Some(Value::String(t)) => t
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// A CKAN group as a theme concept (`<site>/group/<name>`, `skos:Concept`) and its record.
fn group_record(site: &str, g: &Value) -> Option<HarvestedRecord> {
    let name = s(g, "name").or_else(|| s(g, "id"))?;
    let gi = NamedNode::new(format!("{site}/group/{name}")).ok()?;
    let mut gb = Builder::new();
    gb.add(gi.clone(), rdf::TYPE, skos::CONCEPT);
    gb.text(
        gi.clone(),
        skos::PREF_LABEL,
        s(g, "title")
            .or_else(|| s(g, "display_name"))
            .or(Some(name)),
    );
    Some(HarvestedRecord {
        key: gi.into_string(),
        triples: gb.triples,
        stamp: None,
        origin: "package groups".into(),
    })
}

fn groups(pkg: &Value) -> impl Iterator<Item = &Value> {
    pkg.get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// The group and organization records a package mentions (no organization records when the
/// source names its agency: the agency is then the publisher, already in the catalogue).
pub(super) fn shared_records(
    site: &str,
    pkg: &Value,
    agency: Option<&NamedNode>,
    shared: &mut BTreeMap<String, HarvestedRecord>,
) {
    for r in groups(pkg).filter_map(|g| group_record(site, g)) {
        shared.entry(r.key.clone()).or_insert(r);
    }
    if agency.is_some() {
        return;
    }
    if let Some(r) = pkg
        .get("organization")
        .filter(|o| o.is_object())
        .and_then(|o| map_organization(site, o))
    {
        shared.entry(r.key.clone()).or_insert(r);
    }
}

pub fn org_iri(site: &str, org: &Value) -> Option<NamedNode> {
    let id = s(org, "id").or_else(|| s(org, "name"))?;
    NamedNode::new(format!("{site}/organization/{id}")).ok()
}

/// Extras that carry an agency's electronic identifier code on Vietnamese CKAN portals.
const AGENCY_CODE_EXTRAS: [&str; 4] = ["ma_dinh_danh", "ma_co_quan", "agency_code", "identifier"];

/// The organization's QĐ 20/2020 code: an extra shaped like `000.10.00.H40`.
fn agency_code(org: &Value) -> Option<&str> {
    AGENCY_CODE_EXTRAS.iter().find_map(|k| {
        extra(org, k).map(str::trim).filter(|v| {
            !v.is_empty()
                && v.len() <= 35
                && v.split('.').all(|g| {
                    !g.is_empty()
                        && g.bytes()
                            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                })
        })
    })
}

pub(super) fn map_organization(site: &str, org: &Value) -> Option<HarvestedRecord> {
    let me = org_iri(site, org)?;
    let mut b = Builder::new();
    b.add(me.clone(), rdf::TYPE, foaf::ORGANIZATION);
    b.text(
        me.clone(),
        foaf::NAME,
        s(org, "title")
            .or_else(|| s(org, "display_name"))
            .or_else(|| s(org, "name")),
    );
    b.text(me.clone(), dct::DESCRIPTION, s(org, "description"));
    // dct:identifier is the agency's electronic identifier code (QĐ 20/2020/QĐ-TTg), which
    // Vietnamese portals keep in an extra; CKAN's own slug is only a local code.
    b.text(me.clone(), dct::IDENTIFIER, agency_code(org));
    b.text(me.clone(), skos::NOTATION, s(org, "name"));
    if let Some(img) = s(org, "image_url").and_then(iri) {
        b.add_p(me.clone(), "http://xmlns.com/foaf/0.1/depiction", img);
    }
    Some(HarvestedRecord {
        key: me.into_string(),
        triples: b.triples,
        stamp: None,
        origin: "organization_list".into(),
    })
}

pub fn dataset_iri(site: &str, pkg: &Value, id: &str) -> String {
    let explicit = s(pkg, "uri").or_else(|| extra(pkg, "uri")).and_then(iri);
    explicit.map_or_else(|| format!("{site}/dataset/{id}"), NamedNode::into_string)
}

fn extra<'a>(pkg: &'a Value, key: &str) -> Option<&'a str> {
    pkg.get("extras")?
        .as_array()?
        .iter()
        .find_map(|e| {
            (e.get("key")?.as_str()? == key)
                .then(|| e.get("value")?.as_str())
                .flatten()
        })
        .filter(|v| !v.trim().is_empty())
}

/// Extras that the mapping reads; the others are kept as `hv:extra` key/value pairs.
const KNOWN_EXTRAS: &[&str] = &[
    "uri",
    "guid",
    "identifier",
    "dcat_issued",
    "dcat_modified",
    "issued",
    "modified",
    "language",
    "frequency",
    "spatial_uri",
    "spatial",
    "access_rights",
    "theme",
    "conforms_to",
    "provenance",
    "version_notes",
    "dcat_type",
    "temporal_start",
    "temporal_end",
    "dcat_publisher_name",
    "dcat_publisher_email",
    "dcat_publisher_url",
    "publisher_name",
    "publisher_email",
    "publisher_url",
    "publisher_uri",
    "dcat_creator_name",
    "dcat_creator_email",
    "contact_name",
    "contact_email",
    "contact_uri",
    "access_scope",
    "muc_do_chia_se",
    "documentation",
    "alternate_identifier",
];

fn field<'a>(pkg: &'a Value, key: &str) -> Option<&'a str> {
    s(pkg, key).or_else(|| extra(pkg, key))
}

fn lang_iri(code: &str) -> Term {
    let c = code.trim().to_ascii_lowercase();
    if let Some(i) = iri(code) {
        return i.into();
    }
    let eu3 = match c.as_str() {
        "vi" | "vie" => "VIE",
        "en" | "eng" => "ENG",
        "fr" | "fra" => "FRA",
        "de" | "deu" => "DEU",
        "es" | "spa" => "SPA",
        "ca" | "cat" => "CAT",
        "it" | "ita" => "ITA",
        "zh" | "zho" => "ZHO",
        "ja" | "jpn" => "JPN",
        "ko" | "kor" => "KOR",
        "lo" | "lao" => "LAO",
        "km" | "khm" => "KHM",
        _ => return Literal::new_simple_literal(code.trim()).into(),
    };
    nn(format!(
        "http://publications.europa.eu/resource/authority/language/{eu3}"
    ))
    .into()
}

fn frequency(v: &str) -> Term {
    if let Some(i) = iri(v) {
        return i.into();
    }
    let up = v.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    let code = match up.as_str() {
        "DAILY" | "WEEKLY" | "MONTHLY" | "QUARTERLY" | "ANNUAL" | "BIENNIAL" | "IRREG" | "CONT"
        | "UNKNOWN" | "NEVER" | "BIANNUAL" | "UPDATE_CONT" => up,
        "YEARLY" => "ANNUAL".into(),
        "IRREGULAR" => "IRREG".into(),
        "CONTINUOUS" => "CONT".into(),
        _ => return Literal::new_simple_literal(v.trim()).into(),
    };
    nn(format!("{}{code}", eu::FREQUENCY)).into()
}

/// An agent (publisher, creator) from a scheming dict or name/email/url fields.
fn agent(
    b: &mut Builder,
    name: Option<&str>,
    email: Option<&str>,
    url: Option<&str>,
    kind: Option<&str>,
    id: Option<&str>,
) -> Option<BlankNode> {
    if name.is_none() && email.is_none() && url.is_none() {
        return None;
    }
    let a = bnode();
    b.add(a.clone(), rdf::TYPE, foaf::ORGANIZATION);
    b.text(a.clone(), foaf::NAME, name);
    if let Some(e) = email {
        let mbox = if e.starts_with("mailto:") {
            e.to_string()
        } else {
            format!("mailto:{}", e.trim())
        };
        if let Ok(m) = NamedNode::new(mbox) {
            b.add_p(a.clone(), "http://xmlns.com/foaf/0.1/mbox", m);
        }
    }
    if let Some(u) = url.and_then(iri) {
        b.add(a.clone(), foaf::HOMEPAGE, u);
    }
    if let Some(k) = kind {
        b.iri_or_label(
            &a.clone().into(),
            nn(format!("{}type", dct::NS)).as_ref(),
            k,
            "http://www.w3.org/2004/02/skos/core#Concept",
        );
    }
    b.text(a.clone(), dct::IDENTIFIER, id);
    Some(a)
}

fn contact(
    b: &mut Builder,
    ds: &NamedNode,
    name: Option<&str>,
    email: Option<&str>,
    url: Option<&str>,
    id: Option<&str>,
) {
    if name.is_none() && email.is_none() {
        return;
    }
    let c = bnode();
    b.add(ds.clone(), dcat::CONTACT_POINT, c.clone());
    b.add(c.clone(), rdf::TYPE, vcard::KIND);
    b.text(c.clone(), vcard::FN, name);
    if let Some(e) = email {
        let m = if e.starts_with("mailto:") {
            e.to_string()
        } else {
            format!("mailto:{}", e.trim())
        };
        if let Ok(m) = NamedNode::new(m) {
            b.add(c.clone(), vcard::HAS_EMAIL, m);
        }
    }
    if let Some(u) = url.and_then(iri) {
        b.add_p(c.clone(), "http://www.w3.org/2006/vcard/ns#hasURL", u);
    }
    b.text(
        c.clone(),
        nn("http://www.w3.org/2006/vcard/ns#hasUID").as_ref(),
        id,
    );
}

/// Maps a package dict (as `package_show` returns it) to a dataset record. Organizations
/// and groups it mentions become records of their own in `shared`.
/// One package as a record. `agency`: the source's agency (`sources add --agency`), which
/// publishes every package that names no publisher of its own, instead of the portal's
/// organization (so the agency the catalogue already knows is not duplicated).
pub fn map_package(
    site: &str,
    pkg: &Value,
    agency: Option<&NamedNode>,
    shared: &mut BTreeMap<String, HarvestedRecord>,
) -> HarvestedRecord {
    let id = s(pkg, "id").or_else(|| s(pkg, "name")).unwrap_or("unknown");
    let ds = nn(dataset_iri(site, pkg, id));
    let d: NamedOrBlankNode = ds.clone().into();
    let mut b = Builder::new();
    b.add(ds.clone(), rdf::TYPE, dcat::DATASET);
    // No title is no title: the package's URL name is not a title, and the gate must see
    // the record as it is (DCAT-AP-VN requires a title).
    b.text(ds.clone(), dct::TITLE, s(pkg, "title"));
    b.text(ds.clone(), dct::DESCRIPTION, s(pkg, "notes"));
    for t in pkg
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        b.text(
            ds.clone(),
            dcat::KEYWORD,
            s(t, "display_name").or_else(|| s(t, "name")),
        );
    }
    b.text(
        ds.clone(),
        dct::IDENTIFIER,
        field(pkg, "identifier")
            .or_else(|| extra(pkg, "guid"))
            .or(Some(id)),
    );
    b.text(ds.clone(), nn(OWL_VERSION_INFO).as_ref(), s(pkg, "version"));
    b.text(
        ds.clone(),
        nn(format!("{ADMS}versionNotes")).as_ref(),
        field(pkg, "version_notes"),
    );
    if let Some(u) = s(pkg, "url").and_then(iri) {
        b.add_p(ds.clone(), "http://www.w3.org/ns/dcat#landingPage", u);
    }
    b.date(
        ds.clone(),
        dct::ISSUED,
        field(pkg, "issued")
            .or_else(|| extra(pkg, "dcat_issued"))
            .or_else(|| s(pkg, "metadata_created")),
    );
    b.date(
        ds.clone(),
        dct::MODIFIED,
        field(pkg, "modified")
            .or_else(|| extra(pkg, "dcat_modified"))
            .or_else(|| s(pkg, "metadata_modified")),
    );
    let langs = if pkg.get("language").is_some() {
        list(pkg.get("language"))
    } else {
        extra(pkg, "language")
            .map(|l| list(Some(&Value::String(l.into()))))
            .unwrap_or_default()
    };
    for l in langs {
        b.add(ds.clone(), dct::LANGUAGE, lang_iri(&l));
    }
    let themes = if pkg.get("theme").is_some() {
        list(pkg.get("theme"))
    } else {
        extra(pkg, "theme")
            .map(|t| list(Some(&Value::String(t.into()))))
            .unwrap_or_default()
    };
    for t in themes.iter().filter_map(|t| iri(t)) {
        b.add(ds.clone(), dcat::THEME, t);
    }
    for r in groups(pkg).filter_map(|g| group_record(site, g)) {
        b.add(
            ds.clone(),
            dcat::THEME,
            NamedNode::new_unchecked(r.key.clone()),
        );
        shared.entry(r.key.clone()).or_insert(r);
    }
    if let Some(f) = field(pkg, "frequency") {
        b.add(ds.clone(), dct::ACCRUAL_PERIODICITY, frequency(f));
    }
    if let Some(p) = field(pkg, "provenance") {
        b.iri_or_label(
            &d,
            nn(format!("{}provenance", dct::NS)).as_ref(),
            p,
            "http://purl.org/dc/terms/ProvenanceStatement",
        );
    }
    if let Some(t) = field(pkg, "dcat_type") {
        b.iri_or_label(
            &d,
            nn(format!("{}type", dct::NS)).as_ref(),
            t,
            "http://www.w3.org/2004/02/skos/core#Concept",
        );
    }
    for c in list(pkg.get("conforms_to")) {
        b.iri_or_label(
            &d,
            nn(format!("{}conformsTo", dct::NS)).as_ref(),
            &c,
            "http://purl.org/dc/terms/Standard",
        );
    }
    for doc in list(pkg.get("documentation")).iter().filter_map(|x| iri(x)) {
        b.add_p(ds.clone(), "http://xmlns.com/foaf/0.1/page", doc);
    }
    for a in list(pkg.get("alternate_identifier")) {
        let n = bnode();
        b.add_p(ds.clone(), &format!("{ADMS}identifier"), n.clone());
        b.add_p(
            n.clone(),
            rdf::TYPE.as_str(),
            nn(format!("{ADMS}Identifier")),
        );
        b.add(
            n,
            nn("http://www.w3.org/2004/02/skos/core#notation").as_ref(),
            Literal::new_simple_literal(a),
        );
    }
    // Access: the CKAN private flag, a Vietnamese scope, or ckanext-dcat's access_rights.
    let scope = field(pkg, "access_scope")
        .or_else(|| field(pkg, "muc_do_chia_se"))
        .and_then(access_scope);
    if let Some((sc, _)) = scope {
        b.add(ds.clone(), vn::ACCESS_SCOPE, sc);
    }
    if pkg.get("private").and_then(Value::as_bool) == Some(true) {
        b.add(ds.clone(), dct::ACCESS_RIGHTS, eu::ACCESS_NON_PUBLIC);
    } else if let Some(ar) = field(pkg, "access_rights") {
        // Words are mapped to the EU access-right they name. Anything else that is not an
        // IRI is not understood, so the record is kept non-public (fail closed) and the
        // words are kept as a rights statement: a record is published only when its source
        // says so in terms we understand.
        if let Some(known) = access_right_words(ar) {
            b.add(ds.clone(), dct::ACCESS_RIGHTS, known);
        } else if iri(ar).is_some() {
            b.iri_or_label(
                &d,
                dct::ACCESS_RIGHTS,
                ar,
                "http://purl.org/dc/terms/RightsStatement",
            );
        } else {
            b.add(ds.clone(), dct::ACCESS_RIGHTS, eu::ACCESS_NON_PUBLIC);
            b.iri_or_label(
                &d,
                dct::RIGHTS,
                ar,
                "http://purl.org/dc/terms/RightsStatement",
            );
        }
    } else if let Some((_, ar)) = scope {
        b.add(ds.clone(), dct::ACCESS_RIGHTS, ar);
    }
    // Time and space.
    let mut periods: Vec<(Option<String>, Option<String>)> = pkg
        .get("temporal_coverage")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| {
            (
                s(t, "start").map(str::to_string),
                s(t, "end").map(str::to_string),
            )
        })
        .collect();
    if periods.is_empty()
        && (extra(pkg, "temporal_start").is_some() || extra(pkg, "temporal_end").is_some())
    {
        periods.push((
            extra(pkg, "temporal_start").map(str::to_string),
            extra(pkg, "temporal_end").map(str::to_string),
        ));
    }
    for (start, end) in periods {
        let p = bnode();
        b.add(ds.clone(), dct::TEMPORAL, p.clone());
        b.add_p(
            p.clone(),
            rdf::TYPE.as_str(),
            nn("http://purl.org/dc/terms/PeriodOfTime"),
        );
        b.date(p.clone(), dcat::START_DATE, start.as_deref());
        b.date(p, dcat::END_DATE, end.as_deref());
    }
    if let Some(u) = field(pkg, "spatial_uri").and_then(iri) {
        b.add(ds.clone(), dct::SPATIAL, u);
    }
    for sc in pkg
        .get("spatial_coverage")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(u) = s(sc, "uri").and_then(iri) {
            b.add(ds.clone(), dct::SPATIAL, u);
        } else if let Some(g) = sc.get("geom").filter(|g| !g.is_null()) {
            geometry(&mut b, &ds, &g.to_string());
        }
    }
    if let Some(g) = field(pkg, "spatial") {
        geometry(&mut b, &ds, g);
    }
    if let Some(r) = pkg
        .get("spatial_resolution_in_meters")
        .and_then(Value::as_f64)
    {
        b.add(
            ds.clone(),
            dcat::SPATIAL_RESOLUTION_IN_METERS,
            Literal::new_typed_literal(r.to_string(), xsd::DECIMAL),
        );
    }
    if let Some(r) = s(pkg, "temporal_resolution") {
        b.add_p(
            ds.clone(),
            "http://www.w3.org/ns/dcat#temporalResolution",
            Literal::new_typed_literal(r, nn("http://www.w3.org/2001/XMLSchema#duration")),
        );
    }
    // Agents: scheming publisher / creator / contact lists, legacy extras, the organization.
    let first = |k: &str| {
        pkg.get(k)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .cloned()
    };
    let publisher = match first("publisher") {
        Some(p) => agent(
            &mut b,
            s(&p, "name"),
            s(&p, "email"),
            s(&p, "url"),
            s(&p, "type"),
            s(&p, "identifier").or_else(|| s(&p, "uri")),
        ),
        None => agent(
            &mut b,
            extra(pkg, "dcat_publisher_name").or_else(|| extra(pkg, "publisher_name")),
            extra(pkg, "dcat_publisher_email").or_else(|| extra(pkg, "publisher_email")),
            extra(pkg, "dcat_publisher_url").or_else(|| extra(pkg, "publisher_url")),
            None,
            extra(pkg, "publisher_uri"),
        ),
    };
    let org = pkg
        .get("organization")
        .filter(|o| o.is_object() && agency.is_none());
    if let Some(p) = publisher {
        b.add(ds.clone(), dct::PUBLISHER, p);
    } else if let Some(a) = agency {
        b.add(ds.clone(), dct::PUBLISHER, a.clone());
    } else if let Some(oi) = org.and_then(|o| org_iri(site, o)) {
        b.add(ds.clone(), dct::PUBLISHER, oi);
    }
    if let Some(o) = org {
        if let Some(r) = map_organization(site, o) {
            shared.entry(r.key.clone()).or_insert(r);
        }
    }
    let creator = match first("creator") {
        Some(c) => agent(
            &mut b,
            s(&c, "name"),
            s(&c, "email"),
            s(&c, "url"),
            s(&c, "type"),
            s(&c, "identifier"),
        ),
        None => agent(
            &mut b,
            extra(pkg, "dcat_creator_name"),
            extra(pkg, "dcat_creator_email"),
            None,
            None,
            None,
        ),
    };
    if let Some(c) = creator {
        b.add(ds.clone(), dct::CREATOR, c);
    }
    let contacts: Vec<Value> = pkg
        .get("contact")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !contacts.is_empty() {
        for c in &contacts {
            contact(
                &mut b,
                &ds,
                s(c, "name"),
                s(c, "email"),
                s(c, "url"),
                s(c, "identifier"),
            );
        }
    } else if extra(pkg, "contact_name").is_some() || extra(pkg, "contact_email").is_some() {
        contact(
            &mut b,
            &ds,
            extra(pkg, "contact_name"),
            extra(pkg, "contact_email"),
            extra(pkg, "contact_uri"),
            None,
        );
    } else if s(pkg, "maintainer").is_some() || s(pkg, "maintainer_email").is_some() {
        contact(
            &mut b,
            &ds,
            s(pkg, "maintainer"),
            s(pkg, "maintainer_email"),
            None,
            None,
        );
    } else {
        contact(
            &mut b,
            &ds,
            s(pkg, "author"),
            s(pkg, "author_email"),
            None,
            None,
        );
    }
    for e in pkg
        .get("extras")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(k), Some(v)) = (s(e, "key"), s(e, "value")) else {
            continue;
        };
        if KNOWN_EXTRAS.contains(&k) {
            continue;
        }
        let n = bnode();
        b.add(ds.clone(), hv::EXTRA, n.clone());
        b.add(n.clone(), rdfs::LABEL, Literal::new_simple_literal(k));
        b.add_p(
            n,
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#value",
            Literal::new_simple_literal(v),
        );
    }
    let license = s(pkg, "license_url").and_then(iri);
    for (i, res) in pkg
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        distribution(&mut b, site, &ds, id, i, res, license.as_ref());
    }
    HarvestedRecord {
        key: ds.into_string(),
        triples: b.triples,
        stamp: None,
        origin: String::new(),
    }
}

fn geometry(b: &mut Builder, ds: &NamedNode, geojson: &str) {
    let l = bnode();
    b.add(ds.clone(), dct::SPATIAL, l.clone());
    b.add_p(
        l.clone(),
        rdf::TYPE.as_str(),
        nn("http://purl.org/dc/terms/Location"),
    );
    b.add_p(
        l,
        LOCN_GEOMETRY,
        Literal::new_typed_literal(geojson, nn(GEOJSON_LITERAL)),
    );
}

fn distribution(
    b: &mut Builder,
    site: &str,
    ds: &NamedNode,
    pkg_id: &str,
    i: usize,
    res: &Value,
    license: Option<&NamedNode>,
) {
    let di = s(res, "uri").and_then(iri).unwrap_or_else(|| {
        let rid = s(res, "id").map_or_else(|| i.to_string(), str::to_string);
        nn(format!("{site}/dataset/{pkg_id}/resource/{rid}"))
    });
    b.add(ds.clone(), dcat::DISTRIBUTION_PROP, di.clone());
    b.add(di.clone(), rdf::TYPE, dcat::DISTRIBUTION);
    b.text(di.clone(), dct::TITLE, s(res, "name"));
    b.text(di.clone(), dct::DESCRIPTION, s(res, "description"));
    if let Some(u) = s(res, "access_url").or_else(|| s(res, "url")).and_then(iri) {
        b.add(di.clone(), dcat::ACCESS_URL, u.clone());
        if s(res, "download_url").is_none() && s(res, "url_type") == Some("upload") {
            b.add(di.clone(), dcat::DOWNLOAD_URL, u);
        }
    }
    if let Some(u) = s(res, "download_url").and_then(iri) {
        b.add(di.clone(), dcat::DOWNLOAD_URL, u);
    }
    if let Some(f) = s(res, "format") {
        let up = f.trim().to_ascii_uppercase();
        match iri(f) {
            Some(i) => b.add(di.clone(), dct::FORMAT, i),
            None if FILE_TYPES.contains(&up.as_str()) => b.add(
                di.clone(),
                dct::FORMAT,
                nn(format!("{}{up}", eu::FILE_TYPE)),
            ),
            None => b.add(
                di.clone(),
                dct::FORMAT,
                Literal::new_simple_literal(f.trim()),
            ),
        }
    }
    if let Some(m) = s(res, "mimetype") {
        match iri(m).or_else(|| NamedNode::new(format!("{IANA_MEDIA}{}", m.trim())).ok()) {
            Some(i) => b.add(di.clone(), dcat::MEDIA_TYPE, i),
            None => b.add(di.clone(), dcat::MEDIA_TYPE, Literal::new_simple_literal(m)),
        }
    }
    if let Some(size) = res.get("size").and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|x| x.trim().parse().ok()))
    }) {
        b.add(
            di.clone(),
            dcat::BYTE_SIZE,
            Literal::new_typed_literal(size.to_string(), xsd::NON_NEGATIVE_INTEGER),
        );
    }
    b.date(
        di.clone(),
        dct::ISSUED,
        s(res, "issued").or_else(|| s(res, "created")),
    );
    b.date(
        di.clone(),
        dct::MODIFIED,
        s(res, "modified").or_else(|| s(res, "last_modified")),
    );
    if let Some(l) = s(res, "license").and_then(iri).or_else(|| license.cloned()) {
        b.add(di.clone(), dct::LICENSE, l);
    }
    if let Some(r) = s(res, "rights") {
        b.iri_or_label(
            &di.clone().into(),
            nn(format!("{}rights", dct::NS)).as_ref(),
            r,
            "http://purl.org/dc/terms/RightsStatement",
        );
    }
    if let Some(hash) = s(res, "hash") {
        let c = bnode();
        b.add_p(di.clone(), &format!("{SPDX}checksum"), c.clone());
        b.add_p(c.clone(), rdf::TYPE.as_str(), nn(format!("{SPDX}Checksum")));
        b.add_p(
            c.clone(),
            &format!("{SPDX}checksumValue"),
            Literal::new_typed_literal(hash, nn("http://www.w3.org/2001/XMLSchema#hexBinary")),
        );
        if let Some(a) = s(res, "hash_algorithm").and_then(iri) {
            b.add_p(c, &format!("{SPDX}algorithm"), a);
        }
    }
    for (k, p) in [
        (
            "compress_format",
            "http://www.w3.org/ns/dcat#compressFormat",
        ),
        ("package_format", "http://www.w3.org/ns/dcat#packageFormat"),
        ("status", "http://www.w3.org/ns/adms#status"),
        ("availability", DCATAP_AVAILABILITY),
    ] {
        if let Some(i) = s(res, k).and_then(iri) {
            b.add_p(di.clone(), p, i);
        }
    }
    for l in list(res.get("language")) {
        b.add(di.clone(), dct::LANGUAGE, lang_iri(&l));
    }
    for svc in res
        .get("access_services")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let n = bnode();
        b.add_p(
            di.clone(),
            "http://www.w3.org/ns/dcat#accessService",
            n.clone(),
        );
        b.add(n.clone(), rdf::TYPE, dcat::DATA_SERVICE);
        b.text(n.clone(), dct::TITLE, s(svc, "title"));
        for u in list(svc.get("endpoint_url")).iter().filter_map(|x| iri(x)) {
            b.add(n.clone(), dcat::ENDPOINT_URL, u);
        }
        if let Some(u) = s(svc, "endpoint_description").and_then(iri) {
            b.add_p(
                n.clone(),
                "http://www.w3.org/ns/dcat#endpointDescription",
                u,
            );
        }
        for u in list(svc.get("serves_dataset"))
            .iter()
            .filter_map(|x| iri(x))
        {
            b.add(n.clone(), dcat::SERVES_DATASET, u);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_a_legacy_extras_package() {
        let pkg = serde_json::json!({
            "id": "abc", "name": "ho-so", "title": "Hồ sơ đất đai", "notes": "Mô tả",
            "metadata_modified": "2026-01-02T03:04:05.123456", "license_url": "http://opendefinition.org/licenses/cc-by/",
            "tags": [{"name": "đất đai"}], "private": false,
            "organization": {"id": "org1", "name": "so-tnmt", "title": "Sở Nông nghiệp và Môi trường"},
            "extras": [{"key": "dcat_issued", "value": "2012-05-10"}, {"key": "Anno", "value": "2016"},
                       {"key": "muc_do_chia_se", "value": "Dùng chung"}],
            "resources": [{"id": "r1", "url": "https://x.vn/f.csv", "format": "CSV", "size": 12}]
        });
        let mut shared = BTreeMap::new();
        let r = map_package("https://data.nghean.gov.vn", &pkg, None, &mut shared);
        assert_eq!(r.key, "https://data.nghean.gov.vn/dataset/abc");
        let nt: String = r.triples.iter().map(|t| format!("{t}\n")).collect();
        assert!(nt.contains("<http://purl.org/dc/terms/issued> \"2012-05-10\"^^<http://www.w3.org/2001/XMLSchema#date>"), "{nt}");
        assert!(nt.contains("file-type/CSV"));
        assert!(nt.contains("access-scope/dung-chung"));
        assert!(nt.contains("\"Anno\""));
        assert!(nt.contains("<https://data.nghean.gov.vn/organization/org1>"));
        assert!(crate::ingest::harvest::record::is_restricted(&r));
        assert_eq!(shared.len(), 1);
    }
}
