//! CKAN Action API `package_search`, answered from the search index so that CKAN clients
//! (ckanapi, the national portal's harvesters, scripts written for CKAN) can search us.
//!
//! Parameters: `q` (words; `*:*` or empty = everything), `fq` (space- or `AND`-separated
//! `field:value` / `field:"value"` filters), `rows` (default 10, at most 1000), `start`,
//! `facet.field` (a JSON list), `facet.limit` (default 50, -1 = all), `sort`.
//! CKAN field names map to ours: `organization` → publisher, `groups` → theme,
//! `res_format` → format; our own facet names (`access`, `scope`, `catalog`, `unit`, `year`,
//! `kind`) work too. The answer has CKAN's shape:
//! `{help, success, result: {count, sort, facets, results, search_facets}}`.

use super::query::Hit;
use super::record::last_segment;
use super::request::param as one;
use super::schema::FACETS;
use super::{SearchIndex, SearchRequest, Sort};
use crate::error::{Error, Result};
use crate::store::{Access, Catalogue};
use serde_json::{json, Value};

const DEFAULT_SORT: &str = "score desc, metadata_modified desc";

/// CKAN facet/filter names and ours.
fn our_name(ckan: &str) -> Option<&'static str> {
    Some(match ckan {
        "organization" | "owner_org" | "publisher" => "publisher",
        "groups" | "theme" => "theme",
        "res_format" | "format" => "format",
        "type" | "kind" => "kind",
        other => return FACETS.iter().find(|f| **f == other).copied(),
    })
}

#[derive(Clone, Debug)]
pub struct PackageSearch {
    pub q: String,
    /// (CKAN field name, our facet, value)
    pub fq: Vec<(String, &'static str, String)>,
    pub rows: usize,
    pub start: usize,
    pub facet_fields: Vec<String>,
    pub facet_limit: Option<usize>,
    pub sort: String,
}

impl PackageSearch {
    pub fn parse(pairs: &[(String, String)]) -> Result<Self> {
        let num = |k: &str, d: usize| -> Result<usize> {
            match one(pairs, k) {
                None => Ok(d),
                Some(v) if v.trim().is_empty() => Ok(d),
                Some(v) => v.trim().parse().map_err(|_| {
                    Error::BadRequest(format!("{k}: '{v}' is not a non-negative integer"))
                }),
            }
        };
        let rows = num("rows", 10)?;
        if rows > super::MAX_SIZE {
            return Err(Error::BadRequest(format!(
                "rows: {rows} is larger than {}",
                super::MAX_SIZE
            )));
        }
        let facet_fields = match one(pairs, "facet.field") {
            None => Vec::new(),
            Some(v) => serde_json::from_str::<Vec<String>>(&v).map_err(|_| {
                Error::BadRequest(format!(
                    "facet.field: '{v}' is not a JSON list of field names"
                ))
            })?,
        };
        for f in &facet_fields {
            if our_name(f).is_none() {
                return Err(Error::BadRequest(format!(
                    "facet.field: '{f}' is not searchable here; use organization, groups, res_format or {}",
                    FACETS.join(", ")
                )));
            }
        }
        let facet_limit =
            match one(pairs, "facet.limit").as_deref().map(str::trim) {
                None | Some("") => Some(50),
                Some("-1") => None,
                Some(v) => Some(v.parse().map_err(|_| {
                    Error::BadRequest(format!("facet.limit: '{v}' is not an integer"))
                })?),
            };
        let q = one(pairs, "q").unwrap_or_default();
        let q = if q.trim() == "*:*" { String::new() } else { q };
        Ok(Self {
            q,
            fq: parse_fq(&one(pairs, "fq").unwrap_or_default())?,
            rows,
            start: num("start", 0)?,
            facet_fields,
            facet_limit,
            sort: one(pairs, "sort")
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_SORT.to_string()),
        })
    }
}

/// `organization:so-tu-phap +res_format:"CSV" AND groups:dat-dai` → filters.
pub fn parse_fq(fq: &str) -> Result<Vec<(String, &'static str, String)>> {
    let mut out = Vec::new();
    let mut rest = fq.trim();
    while !rest.is_empty() {
        if let Some(r) = rest
            .strip_prefix("AND ")
            .or_else(|| rest.strip_prefix("&& "))
        {
            rest = r.trim_start();
            continue;
        }
        let r = rest.trim_start_matches('+');
        let Some((field, after)) = r.split_once(':') else {
            return Err(Error::BadRequest(format!(
                "fq: expected field:value at '{rest}'"
            )));
        };
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"').ok_or_else(|| {
                Error::BadRequest(format!("fq: unterminated quoted value at '{rest}'"))
            })?;
            (&q[..end], &q[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        let field = field.trim();
        let ours = our_name(field).ok_or_else(|| {
            Error::BadRequest(format!(
                "fq: field '{field}' is not searchable here; use organization, groups, res_format or {}",
                FACETS.join(", ")
            ))
        })?;
        out.push((field.to_string(), ours, value.to_string()));
        rest = next.trim_start();
    }
    Ok(out)
}

fn help(base: &str) -> String {
    format!(
        "{}/api/3/action/help_show?name=package_search",
        base.trim_end_matches('/')
    )
}

/// CKAN's error envelope: `validation` for errors in the request (CKAN's "Validation
/// Error"), otherwise an "Internal Error".
pub fn error_body(base: &str, validation: bool, message: &str) -> Value {
    let kind = if validation {
        "Validation Error"
    } else {
        "Internal Error"
    };
    json!({
        "help": help(base),
        "success": false,
        "error": { "__type": kind, "message": message },
    })
}

/// The value CKAN clients use for a facet value (`organization` uses the slug, as CKAN's
/// organization `name` does).
fn ckan_value(ckan_field: &str, value: &str) -> String {
    match ckan_field {
        "organization" | "owner_org" | "groups" => last_segment(value).to_string(),
        _ => value.to_string(),
    }
}

fn package(h: &Hit, access: Access) -> Value {
    let org = h.publisher_iri.first().map(|iri| {
        json!({
            "id": iri,
            "name": last_segment(iri),
            "title": h.publisher.first().cloned().unwrap_or_else(|| last_segment(iri).to_string()),
            "type": "organization",
            "is_organization": true,
            "state": "active",
        })
    });
    let groups: Vec<Value> = h
        .theme
        .iter()
        .map(|t| json!({"id": t, "name": last_segment(t), "display_name": last_segment(t)}))
        .collect();
    let tags: Vec<Value> = h
        .keywords
        .iter()
        .map(|k| json!({"name": k, "display_name": k, "state": "active", "vocabulary_id": null}))
        .collect();
    let resources: Vec<Value> = h
        .format
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"format": f, "position": i, "state": "active", "package_id": h.iri}))
        .collect();
    let private = access == Access::Admin
        && (h.access.iter().any(|a| a != "PUBLIC") || h.scope.iter().any(|s| s != "mo"));
    json!({
        "id": h.iri,
        "name": last_segment(&h.iri),
        "title": h.title,
        "notes": h.description,
        "url": h.iri,
        "type": h.kind,
        "state": "active",
        "private": private,
        "metadata_modified": h.modified,
        "owner_org": h.publisher_iri.first(),
        "organization": org,
        "groups": groups,
        "tags": tags,
        "num_tags": h.keywords.len(),
        "resources": resources,
        "num_resources": h.format.len(),
        "extras": [
            {"key": "uri", "value": h.iri},
            {"key": "identifier", "value": h.identifiers.first()},
            {"key": "access_rights", "value": h.access.first()},
        ],
    })
}

/// Runs `package_search` and builds CKAN's JSON answer.
pub fn package_search(
    index: &SearchIndex,
    cat: &Catalogue,
    p: &PackageSearch,
    access: Access,
    base: &str,
) -> Result<Value> {
    let mut req = SearchRequest::new(p.q.clone());
    req.limit = p.rows;
    req.offset = p.start;
    req.snippets = false;
    req.facet_limit = p.facet_limit;
    req.sort = Sort::parse(&p.sort)?;
    for (_, ours, value) in &p.fq {
        req = req.filter(ours, value);
    }
    req.facets = p
        .facet_fields
        .iter()
        .filter_map(|f| our_name(f).map(str::to_string))
        .collect();
    if req.facets.is_empty() {
        // Count nothing we would not report (CKAN reports only the facet.field ones).
        req.facets = vec!["kind".into()];
    }
    let r = index.search(cat, &req, access)?;
    let mut facets = serde_json::Map::new();
    let mut search_facets = serde_json::Map::new();
    for f in &p.facet_fields {
        let ours = our_name(f).unwrap_or("kind");
        let mut counts = serde_json::Map::new();
        let mut items = Vec::new();
        let values = r.facets.get(ours).map(Vec::as_slice).unwrap_or_default();
        for v in values.iter().take(p.facet_limit.unwrap_or(usize::MAX)) {
            let name = ckan_value(f, &v.value);
            counts.insert(name.clone(), v.count.into());
            items.push(json!({"count": v.count, "display_name": v.label, "name": name}));
        }
        facets.insert(f.clone(), Value::Object(counts));
        search_facets.insert(f.clone(), json!({"items": items, "title": f}));
    }
    let results: Vec<Value> = r.hits.iter().map(|h| package(h, access)).collect();
    Ok(json!({
        "help": help(base),
        "success": true,
        "result": {
            "count": r.total,
            "sort": p.sort,
            "facets": facets,
            "results": results,
            "search_facets": search_facets,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fq_forms() {
        let f = parse_fq(r#"organization:so-tu-phap +res_format:"CSV" AND groups:dat-dai"#)
            .expect("parses");
        let got: Vec<(&str, &str)> = f.iter().map(|(_, o, v)| (*o, v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("publisher", "so-tu-phap"),
                ("format", "CSV"),
                ("theme", "dat-dai")
            ]
        );
        assert!(parse_fq("license_id:cc-by").is_err());
        assert!(parse_fq("organization:\"x").is_err());
    }
}
