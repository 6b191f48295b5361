//! Harvested records and their canonical fingerprints.
//!
//! A record is an IRI resource (dataset, service, organization, catalogue...) plus what
//! belongs to it: its blank-node structures and its distributions (the same "carried" edges
//! the visibility rules use). Its fingerprint is SHA-256 over the RDFC-1.0 canonical
//! N-Triples of those triples, so the same content gives the same hash whatever blank-node
//! labels or triple order the source used.

use crate::text;
use crate::vocab::{code, dcat, dct, eu, vn};
use oxigraph::model::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxigraph::model::{Graph, Literal, NamedNode, NamedOrBlankNode, Term, TermRef, Triple};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// One harvested record.
#[derive(Clone, Debug)]
pub struct HarvestedRecord {
    /// IRI of the record's root resource.
    pub key: String,
    pub triples: Vec<Triple>,
    /// The source's own modification stamp (CKAN `metadata_modified`), for incremental runs.
    pub stamp: Option<String>,
    /// Where the record came from in the source (page URL, CSV row), for error messages.
    pub origin: String,
}

/// What a kind hands to the write path for each record the source lists.
#[derive(Clone, Debug)]
pub enum Item {
    Record(HarvestedRecord),
    /// Listed by the source with the same stamp as last time: not fetched or mapped again.
    Unchanged {
        key: String,
    },
    /// The source lists it but it could not be mapped; its previous version is kept.
    Invalid {
        key: String,
        error: String,
    },
}

impl Item {
    pub fn key(&self) -> &str {
        match self {
            Item::Record(r) => &r.key,
            Item::Unchanged { key } | Item::Invalid { key, .. } => key,
        }
    }
}

/// Whether an edge makes its object part of the subject's record (same rule as the
/// visibility routing in `store::access`, so a record and its visibility agree).
pub fn carries(predicate: &NamedNode, object: &Term) -> bool {
    matches!(object, Term::BlankNode(_))
        || (predicate.as_ref() == dcat::DISTRIBUTION_PROP && matches!(object, Term::NamedNode(_)))
}

/// Whether the record is non-public (it then goes to the restricted companion graph).
pub fn is_restricted(r: &HarvestedRecord) -> bool {
    r.triples.iter().any(|t| {
        let TermRef::NamedNode(o) = t.object.as_ref() else {
            return false;
        };
        (t.predicate.as_ref() == dct::ACCESS_RIGHTS
            && (o == eu::ACCESS_RESTRICTED || o == eu::ACCESS_NON_PUBLIC))
            || (t.predicate.as_ref() == vn::ACCESS_SCOPE
                && (o == code::SCOPE_SHARED || o == code::SCOPE_PRIVATE))
    })
}

/// SHA-256 (hex) of the RDFC-1.0 canonical form of `triples`.
pub fn canonical_hash(triples: &[Triple]) -> String {
    let mut g: Graph = triples.iter().cloned().collect();
    if triples
        .iter()
        .any(|t| t.subject.is_blank_node() || matches!(t.object, Term::BlankNode(_)))
    {
        g.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
            hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
        });
    }
    let mut lines: Vec<String> = g.iter().map(|t| format!("{t} .\n")).collect();
    lines.sort_unstable();
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
    }
    let digest = h.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// NFC for every literal (stored literals are NFC, see `text`).
pub fn nfc_triple(t: Triple) -> Triple {
    match &t.object {
        Term::Literal(l) if !text::is_nfc(l.value()) => {
            let v = text::nfc(l.value());
            let o = match l.language() {
                Some(lang) => Literal::new_language_tagged_literal_unchecked(v, lang),
                None => Literal::new_typed_literal(v, l.datatype().into_owned()),
            };
            Triple::new(t.subject, t.predicate, o)
        }
        _ => t,
    }
}

/// Splits a document's triples into records: every IRI subject that no other subject
/// carries is a root; carried resources and blank nodes join their root's record.
/// Returns the records and the number of triples that belong to no record (blank-node
/// structures nothing points at), which are dropped.
pub fn partition(triples: Vec<Triple>, origin: &str) -> (Vec<HarvestedRecord>, usize) {
    let mut by_subject: HashMap<NamedOrBlankNode, Vec<Triple>> = HashMap::new();
    let mut carried: HashSet<NamedOrBlankNode> = HashSet::new();
    for t in triples {
        let t = nfc_triple(t);
        if carries(&t.predicate, &t.object) {
            match &t.object {
                Term::NamedNode(n) => carried.insert(n.clone().into()),
                Term::BlankNode(b) => carried.insert(b.clone().into()),
                _ => false,
            };
        }
        by_subject.entry(t.subject.clone()).or_default().push(t);
    }
    let mut roots: Vec<NamedNode> = by_subject
        .keys()
        .filter_map(|s| match s {
            NamedOrBlankNode::NamedNode(n) if !carried.contains(s) => Some(n.clone()),
            _ => None,
        })
        .collect();
    roots.sort();
    let mut used: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut records = Vec::with_capacity(roots.len());
    for root in roots {
        let mut out = Vec::new();
        let mut stack: Vec<NamedOrBlankNode> = vec![root.clone().into()];
        while let Some(s) = stack.pop() {
            if !used.insert(s.clone()) {
                continue;
            }
            if let Some(ts) = by_subject.get(&s) {
                for t in ts {
                    if carries(&t.predicate, &t.object) {
                        match &t.object {
                            Term::NamedNode(n) => stack.push(n.clone().into()),
                            Term::BlankNode(b) => stack.push(b.clone().into()),
                            _ => {}
                        }
                    }
                    out.push(t.clone());
                }
            }
        }
        records.push(HarvestedRecord {
            key: root.into_string(),
            triples: out,
            stamp: None,
            origin: origin.to_string(),
        });
    }
    let orphans = by_subject
        .iter()
        .filter(|(s, _)| !used.contains(*s))
        .map(|(_, v)| v.len())
        .sum();
    (records, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    fn parse(ttl: &str) -> Vec<Triple> {
        RdfParser::from_format(RdfFormat::Turtle)
            .rename_blank_nodes()
            .for_slice(ttl.as_bytes())
            .map(|q| q.unwrap().into())
            .collect()
    }

    const DOC: &str = r#"
        @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
        <https://x.vn/d1> a dcat:Dataset ; dct:title "Đất đai"@vi ;
           dcat:distribution <https://x.vn/d1/csv> ; dct:temporal [ dcat:startDate "2020-01-01" ] .
        <https://x.vn/d1/csv> dcat:accessURL <https://x.vn/f.csv> .
        <https://x.vn/d2> a dcat:Dataset ; dct:title "Y tế"@vi .
        [] dct:title "orphan" .
    "#;

    #[test]
    fn partition_keeps_distributions_and_bnodes_with_their_dataset() {
        let (records, orphans) = partition(parse(DOC), "doc");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].key, "https://x.vn/d1");
        assert_eq!(records[0].triples.len(), 6);
        assert_eq!(orphans, 1);
    }

    #[test]
    fn hash_ignores_blank_node_labels_and_order_but_not_content() {
        let a = partition(parse(DOC), "a").0;
        let b = partition(parse(DOC), "b").0;
        assert_eq!(canonical_hash(&a[0].triples), canonical_hash(&b[0].triples));
        let mut rev = a[0].triples.clone();
        rev.reverse();
        assert_eq!(canonical_hash(&a[0].triples), canonical_hash(&rev));
        let changed = partition(parse(&DOC.replace("2020-01-01", "2021-01-01")), "c").0;
        assert_ne!(
            canonical_hash(&a[0].triples),
            canonical_hash(&changed[0].triples)
        );
    }
}
