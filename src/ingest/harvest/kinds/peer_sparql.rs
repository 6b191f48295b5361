//! `sparql` sources: a peer's SPARQL endpoint (a partner province's lienthong, or any
//! SPARQL 1.1 Protocol service), read with CONSTRUCT queries in pages of LIMIT/OFFSET over
//! the ORDERED IRIs of its datasets, databases, data services and organizations, each with
//! its distributions and blank-node structures (two levels deep).

use super::dcat::parse_rdf;
use super::{Ctx, Harvested};
use crate::error::{Error, Result};
use crate::ingest::harvest::record::{partition, Item};
use crate::vocab::rdf;
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::HashSet;

const DEFAULT_PAGE: u32 = 500;

const ROOT_TYPES: &[&str] = &[
    "http://www.w3.org/ns/dcat#Dataset",
    "https://w3id.org/lienthong/dcat-ap-vn#Database",
    "http://www.w3.org/ns/dcat#DataService",
    "http://xmlns.com/foaf/0.1/Organization",
];

/// The page query: roots ordered by IRI so that OFFSET is stable between requests.
pub fn page_query(limit: u32, offset: u64) -> String {
    let types: Vec<String> = ROOT_TYPES.iter().map(|t| format!("<{t}>")).collect();
    format!(
        "CONSTRUCT {{ ?r ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . }}\n\
         WHERE {{\n\
           {{ SELECT DISTINCT ?r WHERE {{ VALUES ?t {{ {} }} ?r a ?t . FILTER(isIRI(?r)) }} ORDER BY ?r LIMIT {limit} OFFSET {offset} }}\n\
           ?r ?p ?o .\n\
           OPTIONAL {{ ?o ?p2 ?o2 . FILTER(isBlank(?o) || ?p = <http://www.w3.org/ns/dcat#distribution>)\n\
             OPTIONAL {{ ?o2 ?p3 ?o3 . FILTER(isBlank(?o2)) }} }}\n\
         }}",
        types.join(" ")
    )
}

pub fn harvest(ctx: &Ctx<'_>) -> Result<Harvested> {
    let limit = ctx.source.page_size.unwrap_or(DEFAULT_PAGE).max(1);
    let mut h = Harvested::default();
    let mut all = Vec::new();
    let mut seen_roots: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut offset = 0u64;
    loop {
        let mut url = reqwest::Url::parse(&ctx.source.url)
            .map_err(|e| Error::Harvest(format!("{}: {e}", ctx.source.url)))?;
        url.query_pairs_mut()
            .append_pair("query", &page_query(limit, offset));
        let page = ctx.fetch.get(
            url.as_str(),
            "application/n-triples, text/turtle;q=0.9",
            None,
        )?;
        h.pages += 1;
        let page_name = format!("{} (OFFSET {offset})", ctx.source.url);
        let triples = if page.body.iter().all(u8::is_ascii_whitespace) {
            Vec::new()
        } else {
            parse_rdf(&page.body, page.content_type.as_deref(), &page_name)?
        };
        let roots: HashSet<NamedOrBlankNode> = triples
            .iter()
            .filter(|t| {
                t.predicate.as_ref() == rdf::TYPE
                    && matches!(&t.object, Term::NamedNode(o) if ROOT_TYPES.contains(&o.as_str()))
            })
            .map(|t| t.subject.clone())
            .collect();
        let fresh = roots.iter().filter(|r| !seen_roots.contains(*r)).count();
        if !roots.is_empty() && fresh == 0 {
            return Err(Error::Harvest(format!(
                "{page_name}: the page repeats records already received (the endpoint ignores OFFSET?); nothing was changed"
            )));
        }
        seen_roots.extend(roots.iter().cloned());
        all.extend(triples);
        (ctx.progress)(&format!("page {} ({} records)", h.pages, seen_roots.len()));
        if (roots.len() as u64) < u64::from(limit) {
            break;
        }
        offset += u64::from(limit);
    }
    let (records, orphans) = partition(all, &ctx.source.url);
    if orphans > 0 {
        h.warnings
            .push(format!("{orphans} unattached blank-node triples skipped"));
    }
    h.items = records.into_iter().map(Item::Record).collect();
    Ok(h)
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_query_parses() {
        let q = super::page_query(10, 20);
        spargebra::SparqlParser::new().parse_query(&q).unwrap();
        assert!(q.contains("LIMIT 10 OFFSET 20"));
    }
}
