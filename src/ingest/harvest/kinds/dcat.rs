//! `dcat` sources: any RDF document (Turtle, RDF/XML, JSON-LD, N-Triples...), paged with
//! Hydra (`hydra:next`, and the older `hydra:nextPage` that ckanext-dcat still emits, as an
//! IRI or a literal), fetched with conditional GET when the source is a single document.
//!
//! The declared content type is only a first guess: a body that does not parse as what it
//! claims is tried as the formats its first bytes suggest, so a feed served as
//! `text/plain` or `application/octet-stream` is still read.

use super::{Ctx, Harvested};
use crate::error::{Error, Result};
use crate::ingest::harvest::record::{partition, Item};
use crate::vocab::{hydra, rdf};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::collections::HashSet;

pub const ACCEPT_RDF: &str = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9, application/n-triples;q=0.8, */*;q=0.1";

/// Most pages a paged source may have (a server that never ends paging stops here).
const MAX_PAGES: u64 = 100_000;

fn jsonld() -> RdfFormat {
    RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    }
}

/// Formats to try, in order: the declared one, the URL's extension, then by first bytes.
fn candidates(body: &[u8], content_type: Option<&str>, url: &str) -> Vec<RdfFormat> {
    let mut v = Vec::new();
    if let Some(f) = content_type.and_then(RdfFormat::from_media_type) {
        v.push(f);
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    if let Some(f) = path.rsplit('.').next().and_then(RdfFormat::from_extension) {
        v.push(f);
    }
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .map_or(&body[..0], |i| &body[i..]);
    match start.first() {
        Some(b'<') if start.starts_with(b"<?xml") || start.starts_with(b"<rdf") => {
            v.push(RdfFormat::RdfXml)
        }
        Some(b'{') | Some(b'[') => v.push(jsonld()),
        _ => {}
    }
    v.extend([
        RdfFormat::Turtle,
        RdfFormat::RdfXml,
        jsonld(),
        RdfFormat::TriG,
    ]);
    let mut seen = Vec::new();
    v.retain(|f| {
        if seen.contains(f) {
            false
        } else {
            seen.push(*f);
            true
        }
    });
    v
}

fn parse_as(
    body: &[u8],
    format: RdfFormat,
    base: &str,
) -> std::result::Result<Vec<Triple>, String> {
    let mut p = RdfParser::from_format(format).rename_blank_nodes();
    if let Ok(b) = p.clone().with_base_iri(base) {
        p = b;
    }
    let mut out = Vec::new();
    for q in p.for_slice(body) {
        match q {
            Ok(q) => out.push(Triple::new(q.subject, q.predicate, q.object)),
            Err(e) => {
                return Err(match e.location() {
                    Some(l) => format!(
                        "line {}, column {}: {e}",
                        l.start.line + 1,
                        l.start.column + 1
                    ),
                    None => e.to_string(),
                })
            }
        }
    }
    Ok(out)
}

/// Parses an RDF body; the error names the URL, the format tried first and where it failed.
pub fn parse_rdf(body: &[u8], content_type: Option<&str>, url: &str) -> Result<Vec<Triple>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Harvest(format!("{url}: the body is empty")));
    }
    let formats = candidates(body, content_type, url);
    let mut first_error = None;
    for f in &formats {
        match parse_as(body, *f, url) {
            Ok(t) if !t.is_empty() => return Ok(t),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert_with(|| format!("as {}: {e}", f.name()));
            }
        }
    }
    Err(Error::Harvest(format!(
        "{url}: not parseable RDF (served as {}) — {}",
        content_type.unwrap_or("no content type"),
        first_error.unwrap_or_else(|| "no triples".into())
    )))
}

/// The next page named by Hydra paging, resolved against the page URL.
fn next_page(triples: &[Triple], page: &str) -> Option<String> {
    let next_page_old = format!("{}nextPage", hydra::NS);
    let target = triples.iter().find_map(|t| {
        let p = t.predicate.as_str();
        if p != hydra::NEXT.as_str() && p != next_page_old {
            return None;
        }
        match &t.object {
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            Term::Literal(l) => Some(l.value().trim().to_string()),
            Term::BlankNode(_) => None,
        }
    })?;
    reqwest::Url::parse(page)
        .ok()
        .and_then(|base| base.join(&target).ok())
        .map(|u| u.to_string())
        .or(Some(target))
}

/// Drops the paging vocabulary: views and collections are not catalogue records.
fn strip_hydra(triples: Vec<Triple>) -> Vec<Triple> {
    let paging: HashSet<NamedOrBlankNode> = triples
        .iter()
        .filter(|t| {
            t.predicate.as_str().starts_with(hydra::NS)
                && t.predicate.as_str() != format!("{}view", hydra::NS)
                || (t.predicate.as_ref() == rdf::TYPE
                    && matches!(&t.object, Term::NamedNode(o) if o.as_str().starts_with(hydra::NS)))
        })
        .map(|t| t.subject.clone())
        .collect();
    triples
        .into_iter()
        .filter(|t| !paging.contains(&t.subject) && !t.predicate.as_str().starts_with(hydra::NS))
        .collect()
}

/// Follows the pages from `first`, returning every page's triples (paging stripped).
/// A page that links back to one already fetched is an error: the feed is broken and a
/// partial harvest would wrongly remove records.
pub fn fetch_paged(ctx: &Ctx<'_>, first: &str, h: &mut Harvested) -> Result<Option<Vec<Triple>>> {
    let mut url = first.to_string();
    let mut visited: HashSet<String> = HashSet::new();
    let mut all = Vec::new();
    loop {
        visited.insert(url.clone());
        let conditional = (h.pages == 0
            && (ctx.validators.0.is_some() || ctx.validators.1.is_some()))
        .then_some((ctx.validators.0.as_deref(), ctx.validators.1.as_deref()));
        let page = ctx.fetch.get(&url, ACCEPT_RDF, conditional)?;
        if page.not_modified() {
            return Ok(None);
        }
        h.pages += 1;
        let triples = parse_rdf(&page.body, page.content_type.as_deref(), &page.url)?;
        let next = next_page(&triples, &page.url);
        if h.pages == 1 {
            h.validators = Some((page.etag.clone(), page.last_modified.clone()));
        }
        all.extend(strip_hydra(triples));
        (ctx.progress)(&format!("page {} ({} triples)", h.pages, all.len()));
        match next {
            None => break,
            Some(n) if visited.contains(&n) || n == page.url => {
                return Err(Error::Harvest(format!(
                    "Hydra paging cycle: page {url} links to {n}, which was already fetched; the feed is broken, nothing was changed"
                )))
            }
            Some(n) => {
                if h.pages >= MAX_PAGES {
                    return Err(Error::Harvest(format!(
                        "more than {MAX_PAGES} pages from {first}; stopped"
                    )));
                }
                url = n;
            }
        }
    }
    if h.pages > 1 {
        // Validators of the first page say nothing about the others.
        h.validators = Some((None, None));
    }
    Ok(Some(all))
}

pub fn harvest(ctx: &Ctx<'_>) -> Result<Harvested> {
    let mut h = Harvested::default();
    let Some(triples) = fetch_paged(ctx, &ctx.source.url, &mut h)? else {
        h.not_modified = true;
        return Ok(h);
    };
    let (records, orphans) = partition(triples, &ctx.source.url);
    if orphans > 0 {
        h.warnings.push(format!(
            "{orphans} triples about blank nodes that no record points to were skipped"
        ));
    }
    h.items = records.into_iter().map(Item::Record).collect();
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_content_type_still_parses() {
        let ttl = b"<https://x.vn/d> <http://purl.org/dc/terms/title> \"A\" .";
        assert_eq!(
            parse_rdf(ttl, Some("application/json"), "https://x.vn/f")
                .unwrap()
                .len(),
            1
        );
        let xml = br#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/"><rdf:Description rdf:about="https://x.vn/d"><dct:title>A</dct:title></rdf:Description></rdf:RDF>"#;
        assert_eq!(
            parse_rdf(xml, Some("text/plain"), "https://x.vn/f")
                .unwrap()
                .len(),
            1
        );
        let err = parse_rdf(
            b"<https://x.vn/d> <p> ",
            Some("text/turtle"),
            "https://x.vn/f",
        )
        .unwrap_err();
        assert!(err.to_string().contains("https://x.vn/f"), "{err}");
    }

    #[test]
    fn old_hydra_next_page_literal_is_followed() {
        let ttl =
            r#"<http://h/page/1> <http://www.w3.org/ns/hydra/core#nextPage> "http://h/page/2" ."#;
        let t = parse_rdf(ttl.as_bytes(), None, "http://h/page/1").unwrap();
        assert_eq!(
            next_page(&t, "http://h/page/1").as_deref(),
            Some("http://h/page/2")
        );
        assert!(strip_hydra(t).is_empty());
    }
}
