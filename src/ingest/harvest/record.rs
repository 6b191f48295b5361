//! Records, their canonical fingerprints, and the per-source record state.
//!
//! A record is an IRI resource (dataset, service, organization, catalogue...) plus what
//! belongs to it: its blank-node structures and its distributions (the same "carried" edges
//! the visibility rules use). Its fingerprint is SHA-256 over the RDFC-1.0 canonical
//! N-Triples of those triples, so the same content gives the same hash whatever blank-node
//! labels or triple order the source used.

use crate::error::Result;
use crate::text;
use crate::vocab::{code, dcat, dct, eu, graph, harvest as hv, vn};
use oxigraph::model::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxigraph::model::{
    BlankNode, Graph, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term, TermRef,
    Triple,
};
use oxigraph::store::Transaction;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One harvested record.
#[derive(Clone, Debug)]
pub struct Record {
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
    Record(Record),
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
pub fn is_restricted(r: &Record) -> bool {
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
pub fn partition(triples: Vec<Triple>, origin: &str) -> (Vec<Record>, usize) {
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
        records.push(Record {
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

/// The quads of the record rooted at `key` as stored in `graphs` (the source graph and
/// its restricted companion), following carried edges.
pub fn stored_record(tx: &Transaction<'_>, graphs: &[NamedNode], key: &str) -> Result<Vec<Quad>> {
    let mut out = Vec::new();
    let mut seen: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut stack: Vec<NamedOrBlankNode> = vec![NamedNode::new_unchecked(key).into()];
    while let Some(s) = stack.pop() {
        if !seen.insert(s.clone()) {
            continue;
        }
        for g in graphs {
            for q in tx.quads_for_pattern(
                Some(s.as_ref()),
                None,
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                let q = q?;
                if carries(&q.predicate, &q.object) {
                    match &q.object {
                        Term::NamedNode(n) => stack.push(n.clone().into()),
                        Term::BlankNode(b) => stack.push(b.clone().into()),
                        _ => {}
                    }
                }
                out.push(q);
            }
        }
    }
    Ok(out)
}

/// What the previous run remembered about one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remembered {
    pub hash: String,
    pub stamp: Option<String>,
}

/// The record state of a source: key → what the last successful run wrote.
pub type State = BTreeMap<String, Remembered>;

/// State entries are literals `"<sha256> <stamp or -> <record IRI>"` on the source resource
/// in `graph/system`: one triple per record, replaced only when the record changes.
fn encode(key: &str, r: &Remembered) -> Literal {
    Literal::new_simple_literal(format!(
        "{} {} {key}",
        r.hash,
        r.stamp
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace(' ', "_"))
            .unwrap_or_else(|| "-".into())
    ))
}

fn decode(v: &str) -> Option<(String, Remembered)> {
    let mut it = v.splitn(3, ' ');
    let (hash, stamp, key) = (it.next()?, it.next()?, it.next()?);
    Some((
        key.to_string(),
        Remembered {
            hash: hash.to_string(),
            stamp: (stamp != "-").then(|| stamp.to_string()),
        },
    ))
}

pub fn read_state(tx: &Transaction<'_>, source: &NamedNode) -> Result<State> {
    let g = NamedNode::new_unchecked(graph::SYSTEM);
    let mut state = State::new();
    for q in tx.quads_for_pattern(
        Some(source.as_ref().into()),
        Some(hv::RECORD_STATE),
        None,
        Some(g.as_ref().into()),
    ) {
        if let Term::Literal(l) = q?.object {
            if let Some((k, r)) = decode(l.value()) {
                state.insert(k, r);
            }
        }
    }
    Ok(state)
}

/// Replaces one record's state entry (`new` = None: forget the record).
pub fn write_state(
    tx: &mut Transaction<'_>,
    source: &NamedNode,
    key: &str,
    old: Option<&Remembered>,
    new: Option<&Remembered>,
) {
    let g = NamedNode::new_unchecked(graph::SYSTEM);
    if let Some(o) = old {
        tx.remove(&Quad::new(
            source.clone(),
            hv::RECORD_STATE,
            encode(key, o),
            g.clone(),
        ));
    }
    if let Some(n) = new {
        tx.insert(&Quad::new(
            source.clone(),
            hv::RECORD_STATE,
            encode(key, n),
            g,
        ));
    }
}

/// A fresh blank node for mapped structures (contact points, periods, checksums).
pub fn bnode() -> BlankNode {
    BlankNode::default()
}

/// Base for IRIs minted from agency names: the site of the source's agency
/// (`https://data.nghean.gov.vn/agency/x` → `https://data.nghean.gov.vn/`), else a
/// per-source namespace.
pub fn agency_base(src: &super::source::Source) -> String {
    src.agency
        .as_deref()
        .and_then(|a| reqwest::Url::parse(a).ok())
        .filter(|u| u.scheme().starts_with("http"))
        .map(|u| format!("{}/", u.origin().ascii_serialization()))
        .unwrap_or_else(|| format!("https://w3id.org/lienthong/harvest/{}/", src.id))
}

/// Agencies a source names in text (spreadsheet columns, gateway registries), resolved to
/// IRIs: an IRI stays itself; a name (or short name) of exactly one agency the store already
/// describes (`foaf:name`, `skos:prefLabel`, `skos:altLabel`; compared without diacritics or
/// case) is that agency; anything else becomes `<base>agency/<slug of the name>`, the
/// registry's IRI scheme (`Sở Nông nghiệp và Môi trường` → `.../agency/so-nong-nghiep-va-moi-truong`).
pub struct AgencyNames {
    pub base: String,
    by_name: HashMap<String, Option<NamedNode>>,
}

impl AgencyNames {
    /// Names of the agencies in the store's record graphs (quarantine and system graphs aside).
    pub fn load(store: &oxigraph::store::Store, src: &super::source::Source) -> Result<Self> {
        let mut by_name: HashMap<String, Option<NamedNode>> = HashMap::new();
        for q in store.quads_for_pattern(
            None,
            Some(crate::vocab::rdf::TYPE),
            Some(crate::vocab::foaf::ORGANIZATION.into()),
            None,
        ) {
            let q = q?;
            let NamedOrBlankNode::NamedNode(agency) = q.subject else {
                continue;
            };
            if !crate::validation::records::is_record_graph(&q.graph_name) {
                continue;
            }
            for p in [
                crate::vocab::foaf::NAME,
                crate::vocab::skos::PREF_LABEL,
                crate::vocab::skos::ALT_LABEL,
            ] {
                for l in store.quads_for_pattern(Some(agency.as_ref().into()), Some(p), None, None)
                {
                    if let Term::Literal(l) = l?.object {
                        let key = text::fold(l.value()).trim().to_string();
                        match by_name.get(&key) {
                            // Two agencies share the name (Sở Tư pháp of two provinces): neither.
                            Some(Some(other)) if *other != agency => {
                                by_name.insert(key, None);
                            }
                            Some(_) => {}
                            None => {
                                by_name.insert(key, Some(agency.clone()));
                            }
                        }
                    }
                }
            }
        }
        Ok(Self {
            base: agency_base(src),
            by_name,
        })
    }

    /// No known agencies: every name is minted under the source's base (for kinds whose
    /// records name agencies by IRI, where reading the store's agencies would be wasted).
    pub fn unused(src: &super::source::Source) -> Self {
        Self {
            base: agency_base(src),
            by_name: HashMap::new(),
        }
    }

    pub fn iri(&self, name: &str) -> NamedNode {
        if let Some(i) = super::ckan::iri(name) {
            return i;
        }
        match self.by_name.get(text::fold(name).trim()) {
            Some(Some(known)) => known.clone(),
            _ => NamedNode::new_unchecked(format!("{}agency/{}", self.base, graph::slug(name))),
        }
    }
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

    #[test]
    fn state_entries_round_trip() {
        let r = Remembered {
            hash: "ab".into(),
            stamp: Some("2026-01-01T00:00:00".into()),
        };
        let l = encode("https://x.vn/d", &r);
        assert_eq!(decode(l.value()), Some(("https://x.vn/d".into(), r)));
    }
}
