//! The CKAN Action API client: `organization_list` (or `organization_show` for portals
//! that answer names only) and `package_search` paged with `rows`/`start`, `package_show`
//! for results that come back without their resources.

use super::map::{dataset_iri, map_organization, map_package, s, shared_records};
use crate::error::{Error, Result};
use crate::ingest::harvest::kinds::{Ctx, Harvested};
use crate::ingest::harvest::record::{HarvestedRecord, Item};
use oxigraph::model::NamedNode;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

const DEFAULT_ROWS: u32 = 1000;
const ORG_PAGE: u32 = 25;

/// Site root and Action API base from the source URL (either may be given).
pub fn endpoints(url: &str) -> (String, String) {
    let u = url.trim_end_matches('/');
    match u.find("/api/") {
        Some(i) => (u[..i].to_string(), format!("{}/api/3/action/", &u[..i])),
        None => (u.to_string(), format!("{u}/api/3/action/")),
    }
}

/// Fetches an Action API call and unwraps `{"success": true, "result": ...}`.
fn call(ctx: &Ctx<'_>, api: &str, action: &str, params: &[(&str, String)]) -> Result<Value> {
    let mut url = reqwest::Url::parse(&format!("{api}{action}"))
        .map_err(|e| Error::Harvest(format!("{api}{action}: {e}")))?;
    for (k, v) in params {
        url.query_pairs_mut().append_pair(k, v);
    }
    let page = ctx.fetch.get(url.as_str(), "application/json", None)?;
    let v: Value = serde_json::from_slice(&page.body).map_err(|e| {
        Error::Harvest(format!(
            "{url}: malformed JSON at line {}, column {}: {e} (served as {})",
            e.line(),
            e.column(),
            page.content_type.as_deref().unwrap_or("no content type")
        ))
    })?;
    if v.get("success").and_then(Value::as_bool) != Some(true) {
        let msg = v
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("no \"success\": true in the answer");
        return Err(Error::Harvest(format!("{url}: CKAN error: {msg}")));
    }
    v.get("result")
        .cloned()
        .ok_or_else(|| Error::Harvest(format!("{url}: no \"result\" in the answer")))
}

pub fn harvest(ctx: &Ctx<'_>) -> Result<Harvested> {
    let (site, api) = endpoints(&ctx.source.url);
    let rows = ctx.source.page_size.unwrap_or(DEFAULT_ROWS).max(1);
    let mut h = Harvested::default();
    let mut extra: BTreeMap<String, HarvestedRecord> = BTreeMap::new();
    // The source's agency, when it names one, publishes its packages; the portal's
    // organizations are then not agencies of their own.
    let agency = match ctx.source.agency.as_deref() {
        Some(a) => Some(NamedNode::new(a).map_err(|e| {
            Error::Harvest(format!(
                "source '{}': agency <{a}> is not an IRI: {e}",
                ctx.source.id
            ))
        })?),
        None => None,
    };
    if agency.is_none() {
        organizations(ctx, &site, &api, &mut extra, &mut h)?;
    }
    let mut start = 0u64;
    let mut ids: HashSet<String> = HashSet::new();
    loop {
        let mut params = vec![
            ("rows", rows.to_string()),
            ("start", start.to_string()),
            ("sort", "id asc".to_string()),
        ];
        if ctx.source.credentials_env.is_some() {
            params.push(("include_private", "true".into()));
        }
        let result = call(ctx, &api, "package_search", &params)?;
        h.pages += 1;
        let count = result.get("count").and_then(Value::as_u64);
        let results = result
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                Error::Harvest(format!(
                    "{api}package_search start={start}: no \"results\" list"
                ))
            })?;
        let mut fresh = 0;
        for (i, pkg) in results.iter().enumerate() {
            let at = format!("package_search start={start} #{i}");
            let id = s(pkg, "id").or_else(|| s(pkg, "name")).map(str::to_string);
            let Some(id) = id else {
                h.items.push(Item::Invalid {
                    key: format!("{site}/dataset/?{at}"),
                    error: format!("{at}: package without \"id\" or \"name\""),
                });
                continue;
            };
            if !ids.insert(id.clone()) {
                continue;
            }
            fresh += 1;
            let key = dataset_iri(&site, pkg, &id);
            // Groups and organizations are records of their own: listed from every
            // package, unchanged or not, so that they are not taken for deleted.
            shared_records(&site, pkg, agency.as_ref(), &mut extra);
            let stamp = s(pkg, "metadata_modified").map(str::to_string);
            if stamp.is_some() && ctx.prev.get(&key).is_some_and(|r| r.stamp == stamp) {
                h.items.push(Item::Unchanged { key });
                continue;
            }
            let full = if pkg.get("resources").is_some() {
                pkg.clone()
            } else {
                match call(ctx, &api, "package_show", &[("id", id.clone())]) {
                    Ok(p) => p,
                    Err(e) => {
                        h.items.push(Item::Invalid {
                            key,
                            error: e.to_string(),
                        });
                        continue;
                    }
                }
            };
            let mut rec = map_package(&site, &full, agency.as_ref(), &mut extra);
            rec.key = key;
            rec.stamp = stamp;
            rec.origin = at;
            h.items.push(Item::Record(rec));
        }
        (ctx.progress)(&format!("page {} ({} packages)", h.pages, ids.len()));
        start += results.len() as u64;
        if results.is_empty() || count.is_some_and(|c| start >= c) {
            break;
        }
        if fresh == 0 {
            return Err(Error::Harvest(format!(
                "{api}package_search start={start}: the page repeats packages already received (paging ignored?); nothing was changed"
            )));
        }
    }
    h.items.extend(extra.into_values().map(Item::Record));
    Ok(h)
}

fn organizations(
    ctx: &Ctx<'_>,
    site: &str,
    api: &str,
    out: &mut BTreeMap<String, HarvestedRecord>,
    h: &mut Harvested,
) -> Result<()> {
    let mut offset = 0u32;
    loop {
        let result = call(
            ctx,
            api,
            "organization_list",
            &[
                ("all_fields", "true".into()),
                ("include_extras", "true".into()),
                ("limit", ORG_PAGE.to_string()),
                ("offset", offset.to_string()),
            ],
        )?;
        h.pages += 1;
        let list = result.as_array().ok_or_else(|| {
            Error::Harvest(format!("{api}organization_list: the result is not a list"))
        })?;
        let known = out.len();
        for o in list {
            let org = match o {
                // A portal that ignores all_fields answers names: ask for each.
                Value::String(name) => {
                    match call(ctx, api, "organization_show", &[("id", name.clone())]) {
                        Ok(v) => v,
                        Err(e) => {
                            h.items.push(Item::Invalid {
                                key: format!("{site}/organization/{name}"),
                                error: e.to_string(),
                            });
                            continue;
                        }
                    }
                }
                v => v.clone(),
            };
            if let Some(r) = map_organization(site, &org) {
                out.insert(r.key.clone(), r);
            }
        }
        // A portal that ignores limit/offset answers the same list again: stop there.
        if (list.len() as u32) < ORG_PAGE || out.len() == known {
            return Ok(());
        }
        offset += ORG_PAGE;
    }
}
