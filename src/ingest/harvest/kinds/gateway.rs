//! `gateway` sources: the sharing gateway's (LGSP / NDXP) service registry → one
//! `dcat:DataService` record per service.
//!
//! Two shapes are read:
//! - an OpenAPI 3 document: one service per path, endpoint URL = first server URL + path,
//!   endpoint description = the document URL, title = the operation summary (else the
//!   path), description, publisher from `x-publisher` (IRI or name) or `info.contact.name`,
//!   served datasets from `x-served-datasets` / `x-dataset`, access rights from
//!   `x-access-rights` or, failing that, from whether the operation needs security;
//! - a JSON list of services (or `{"services": [...]}`), each with `id`, `title`/`name`,
//!   `description`, `endpoint_url`, `endpoint_description`, `datasets`, `publisher`,
//!   `access_rights` (`public` / `restricted` / `non-public`, an IRI, or a Vietnamese scope)
//!   and optional `auth_scheme`.

use super::{Ctx, Harvested};
use crate::error::{Error, Result};
use crate::ingest::harvest::map::{access_scope, iri, AgencyNames, Builder};
use crate::ingest::harvest::record::{HarvestedRecord, Item};
use crate::vocab::{dcat, dct, eu, graph, rdf, vn};
use oxigraph::model::NamedNode;
use serde_json::Value;

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k)
        .and_then(Value::as_str)
        .filter(|x| !x.trim().is_empty())
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(x)) => vec![x.clone()],
        _ => Vec::new(),
    }
}

/// Base for service IRIs: `<source URL's origin>/service/<slug>`.
fn base(url: &str) -> String {
    reqwest::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| url.trim_end_matches('/').to_string())
}

struct Service<'a> {
    key: String,
    title: Option<String>,
    description: Option<&'a str>,
    endpoint: Option<String>,
    endpoint_description: Option<String>,
    datasets: Vec<String>,
    publisher: Option<String>,
    access: Option<String>,
    auth_scheme: Option<&'a str>,
}

fn record(
    svc: Service<'_>,
    agency: Option<&str>,
    agencies: &AgencyNames,
    origin: String,
) -> Result<HarvestedRecord> {
    let me = NamedNode::new(svc.key.clone())
        .map_err(|e| Error::Harvest(format!("{origin}: service IRI {}: {e}", svc.key)))?;
    let mut b = Builder::new();
    b.add(me.clone(), rdf::TYPE, dcat::DATA_SERVICE);
    b.text(me.clone(), dct::TITLE, svc.title.as_deref());
    b.text(me.clone(), dct::DESCRIPTION, svc.description);
    if let Some(e) = svc.endpoint.as_deref().and_then(iri) {
        b.add(me.clone(), dcat::ENDPOINT_URL, e);
    }
    if let Some(e) = svc.endpoint_description.as_deref().and_then(iri) {
        b.add_p(
            me.clone(),
            "http://www.w3.org/ns/dcat#endpointDescription",
            e,
        );
    }
    for d in svc.datasets.iter().filter_map(|d| iri(d)) {
        b.add(me.clone(), dcat::SERVES_DATASET, d);
    }
    if let Some(p) = svc.publisher.as_deref().or(agency) {
        b.add(me.clone(), dct::PUBLISHER, agencies.iri(p));
    }
    if let Some(a) = svc.access.as_deref() {
        let folded = crate::text::fold(a);
        let (right, scope) = match folded.trim() {
            "public" | "open" => (Some(eu::ACCESS_PUBLIC), None),
            "restricted" => (Some(eu::ACCESS_RESTRICTED), None),
            "non-public" | "non_public" | "private" => (Some(eu::ACCESS_NON_PUBLIC), None),
            _ => match access_scope(a) {
                Some((sc, ar)) => (Some(ar), Some(sc)),
                None => (None, None),
            },
        };
        match (right, iri(a)) {
            (Some(r), _) => b.add(me.clone(), dct::ACCESS_RIGHTS, r),
            (None, Some(i)) => b.add(me.clone(), dct::ACCESS_RIGHTS, i),
            (None, None) => b.iri_or_label(
                &me.clone().into(),
                dct::ACCESS_RIGHTS,
                a,
                "http://purl.org/dc/terms/RightsStatement",
            ),
        }
        if let Some(sc) = scope {
            b.add(me.clone(), vn::ACCESS_SCOPE, sc);
        }
    }
    b.text(me.clone(), vn::AUTH_SCHEME, svc.auth_scheme);
    Ok(HarvestedRecord {
        key: svc.key,
        triples: b.triples,
        stamp: None,
        origin,
    })
}

fn from_openapi(
    doc: &Value,
    url: &str,
    agency: Option<&str>,
    agencies: &AgencyNames,
    h: &mut Harvested,
) -> Result<()> {
    let server = doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .map(|s| {
            // Relative server URLs are relative to the document.
            reqwest::Url::parse(url)
                .and_then(|u| u.join(s))
                .map(|u| u.to_string())
                .unwrap_or_else(|_| s.to_string())
        })
        .ok_or_else(|| Error::Harvest(format!("{url}: OpenAPI document without servers[0].url")))?;
    let publisher = s(doc, "x-publisher")
        .or_else(|| doc.pointer("/info/x-publisher").and_then(Value::as_str))
        .or_else(|| doc.pointer("/info/contact/name").and_then(Value::as_str))
        .map(str::to_string);
    let global_security = doc
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::Harvest(format!("{url}: OpenAPI document without paths")))?;
    let root = base(url);
    for (path, item) in paths {
        let op = ["get", "post", "put", "delete", "patch"]
            .iter()
            .find_map(|m| item.get(*m))
            .unwrap_or(item);
        let id = s(op, "operationId").map_or_else(|| graph::slug(path), graph::slug);
        let secured = match op.get("security") {
            Some(Value::Array(a)) => !a.is_empty(),
            _ => global_security,
        };
        let access = s(op, "x-access-rights")
            .or_else(|| s(item, "x-access-rights"))
            .map(str::to_string)
            .or_else(|| Some(if secured { "restricted" } else { "public" }.to_string()));
        let mut datasets = strings(op.get("x-served-datasets"));
        datasets.extend(strings(op.get("x-dataset")));
        datasets.extend(strings(item.get("x-served-datasets")));
        let svc = Service {
            key: format!("{root}/service/{id}"),
            title: s(op, "summary").map(str::to_string).or_else(|| {
                Some(format!(
                    "{} {path}",
                    s(&doc["info"], "title").unwrap_or("API")
                ))
            }),
            description: s(op, "description"),
            endpoint: Some(format!("{}{}", server.trim_end_matches('/'), path)),
            endpoint_description: Some(url.to_string()),
            datasets,
            publisher: publisher.clone(),
            access,
            auth_scheme: s(op, "x-auth-scheme").or_else(|| s(doc, "x-auth-scheme")),
        };
        let origin = format!("{url} paths.{path}");
        match record(svc, agency, agencies, origin.clone()) {
            Ok(r) => h.items.push(Item::Record(r)),
            Err(e) => h.items.push(Item::Invalid {
                key: format!("{root}/service/{id}"),
                error: e.to_string(),
            }),
        }
    }
    Ok(())
}

fn from_list(
    list: &[Value],
    url: &str,
    agency: Option<&str>,
    agencies: &AgencyNames,
    h: &mut Harvested,
) {
    let root = base(url);
    for (i, v) in list.iter().enumerate() {
        let origin = format!("{url} services[{i}]");
        let id = s(v, "id").or_else(|| s(v, "code")).or_else(|| s(v, "name"));
        let Some(id) = id else {
            h.items.push(Item::Invalid {
                key: format!("{root}/service/?{i}"),
                error: format!("{origin}: service without id, code or name"),
            });
            continue;
        };
        let key = s(v, "uri").and_then(iri).map_or_else(
            || format!("{root}/service/{}", graph::slug(id)),
            NamedNode::into_string,
        );
        let svc = Service {
            key: key.clone(),
            title: s(v, "title").or_else(|| s(v, "name")).map(str::to_string),
            description: s(v, "description"),
            endpoint: s(v, "endpoint_url")
                .or_else(|| s(v, "endpointURL"))
                .or_else(|| s(v, "url"))
                .map(str::to_string),
            endpoint_description: s(v, "endpoint_description")
                .or_else(|| s(v, "openapi"))
                .map(str::to_string),
            datasets: strings(v.get("datasets").or_else(|| v.get("serves_dataset"))),
            publisher: s(v, "publisher").map(str::to_string),
            access: s(v, "access_rights")
                .or_else(|| s(v, "access"))
                .map(str::to_string),
            auth_scheme: s(v, "auth_scheme"),
        };
        match record(svc, agency, agencies, origin) {
            Ok(r) => h.items.push(Item::Record(r)),
            Err(e) => h.items.push(Item::Invalid {
                key,
                error: e.to_string(),
            }),
        }
    }
}

pub fn harvest(ctx: &Ctx<'_>) -> Result<Harvested> {
    let url = &ctx.source.url;
    let page = ctx.fetch.get(
        url,
        "application/json, application/vnd.oai.openapi+json;q=0.9",
        None,
    )?;
    let doc: Value = serde_json::from_slice(&page.body).map_err(|e| {
        Error::Harvest(format!(
            "{url}: malformed JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let mut h = Harvested {
        pages: 1,
        ..Harvested::default()
    };
    let agency = ctx.source.agency.as_deref();
    if doc.get("openapi").is_some() {
        from_openapi(&doc, &page.url, agency, ctx.agencies, &mut h)?;
    } else if let Some(list) = doc
        .as_array()
        .or_else(|| doc.get("services").and_then(Value::as_array))
    {
        from_list(list, &page.url, agency, ctx.agencies, &mut h);
    } else {
        return Err(Error::Harvest(format!(
            "{url}: neither an OpenAPI 3 document (no \"openapi\") nor a list of services"
        )));
    }
    (ctx.progress)(&format!("{} services", h.items.len()));
    Ok(h)
}
