//! Reading one catalogue record (and what its document needs from other records: publisher
//! name, theme labels, distribution formats, catalogues) from the store.

use crate::error::Result;
use crate::vocab::{dcat, dct, foaf, graph, rdf, rdfs, skos, vn};
use oxigraph::model::{GraphName, NamedNodeRef, Term};
use oxigraph::store::Store;
use std::collections::HashMap;

/// A literal: value (NFC) and language tag (empty when none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lit {
    pub value: String,
    pub lang: String,
}

impl Lit {
    pub fn is_english(&self) -> bool {
        self.lang == "en" || self.lang.starts_with("en-")
    }
}

/// Everything a search document is made of.
#[derive(Clone, Debug, Default)]
pub struct SearchRecord {
    pub iri: String,
    /// `dataset`, `database`, `service` or `agency`.
    pub kind: &'static str,
    /// Whether an anonymous reader may see it (its type statement is in a public graph).
    pub public: bool,
    pub titles: Vec<Lit>,
    pub descriptions: Vec<Lit>,
    pub keywords: Vec<Lit>,
    pub identifiers: Vec<String>,
    /// (IRI, names)
    pub publishers: Vec<(String, Vec<Lit>)>,
    pub themes: Vec<(String, Vec<Lit>)>,
    pub formats: Vec<String>,
    pub access: Vec<String>,
    pub scope: Vec<String>,
    pub catalogs: Vec<String>,
    pub units: Vec<String>,
    pub modified: Option<String>,
    /// Other subjects whose statements went into this document.
    pub refs: Vec<String>,
}

/// The classes that make a search document, most specific first.
const KINDS: &[(NamedNodeRef<'static>, &str)] = &[
    (vn::DATABASE, "database"),
    (dcat::DATASET, "dataset"),
    (dcat::DATA_SERVICE, "service"),
    (foaf::ORGANIZATION, "agency"),
];

pub fn kind_classes() -> impl Iterator<Item = NamedNodeRef<'static>> {
    KINDS.iter().map(|(c, _)| *c)
}

/// The last path segment of an IRI (`.../file-type/CSV` → `CSV`).
pub fn last_segment(iri: &str) -> &str {
    iri.trim_end_matches(['/', '#'])
        .rsplit(['/', '#'])
        .next()
        .unwrap_or(iri)
}

fn public_graph(g: &GraphName) -> bool {
    match g {
        GraphName::NamedNode(n) => !graph::is_admin_only(n.as_str()),
        GraphName::DefaultGraph => true,
        GraphName::BlankNode(_) => false,
    }
}

fn lit(t: &Term) -> Option<Lit> {
    match t {
        Term::Literal(l) => Some(Lit {
            value: crate::text::nfc(l.value()),
            lang: l.language().unwrap_or("").to_ascii_lowercase(),
        }),
        _ => None,
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Vietnamese first, then untagged, then the rest: the first value is what results show.
fn order_by_language(v: &mut [Lit]) {
    v.sort_by_key(|l| match l.lang.as_str() {
        "vi" => 0,
        "" => 1,
        _ => 2,
    });
}

/// Reads records, caching labels of shared things (agencies, themes) between records.
pub struct Reader<'a> {
    store: &'a Store,
    labels: HashMap<String, Vec<Lit>>,
}

impl<'a> Reader<'a> {
    pub fn new(store: &'a Store) -> Self {
        Self {
            store,
            labels: HashMap::new(),
        }
    }

    /// Labels of `iri` from public graphs (names of agencies, themes, catalogues, units):
    /// a label read from a restricted graph would leak into public documents.
    pub fn labels(&mut self, iri: &str) -> Result<Vec<Lit>> {
        if let Some(l) = self.labels.get(iri) {
            return Ok(l.clone());
        }
        let mut out = Vec::new();
        if let Ok(s) = NamedNodeRef::new(iri) {
            for p in [
                foaf::NAME,
                skos::PREF_LABEL,
                dct::TITLE,
                rdfs::LABEL,
                skos::ALT_LABEL,
            ] {
                for q in self
                    .store
                    .quads_for_pattern(Some(s.into()), Some(p), None, None)
                {
                    let q = q?;
                    if public_graph(&q.graph_name) {
                        if let Some(l) = lit(&q.object) {
                            push_unique(&mut out, l);
                        }
                    }
                }
                if !out.is_empty() {
                    break;
                }
            }
        }
        order_by_language(&mut out);
        self.labels.insert(iri.to_string(), out.clone());
        Ok(out)
    }

    /// The record `iri` as the store holds it now, or `None` when it is not (or no longer) a
    /// dataset, database, data service or agency.
    pub fn read(&mut self, iri: &str) -> Result<Option<SearchRecord>> {
        let Ok(s) = NamedNodeRef::new(iri) else {
            return Ok(None);
        };
        let mut kind: Option<(usize, &'static str)> = None;
        let mut public = false;
        let mut r = SearchRecord {
            iri: iri.to_string(),
            ..SearchRecord::default()
        };
        let mut distributions = Vec::new();
        let mut publishers = Vec::new();
        let mut themes = Vec::new();
        for q in self
            .store
            .quads_for_pattern(Some(s.into()), None, None, None)
        {
            let q = q?;
            let p = q.predicate.as_ref();
            let o = &q.object;
            if p == rdf::TYPE {
                if let Term::NamedNode(c) = o {
                    if let Some(i) = KINDS.iter().position(|(k, _)| *k == c.as_ref()) {
                        if kind.is_none_or(|(j, _)| i < j) {
                            kind = Some((i, KINDS[i].1));
                        }
                        public |= public_graph(&q.graph_name);
                    }
                }
            } else if p == dct::TITLE || p == foaf::NAME {
                r.titles.extend(lit(o));
            } else if p == dct::DESCRIPTION {
                r.descriptions.extend(lit(o));
            } else if p == dcat::KEYWORD || p == skos::ALT_LABEL {
                r.keywords.extend(lit(o));
            } else if p == dct::IDENTIFIER {
                if let Some(l) = lit(o) {
                    push_unique(&mut r.identifiers, l.value);
                }
            } else if p == dct::MODIFIED {
                if let Some(l) = lit(o) {
                    if r.modified.as_deref().is_none_or(|m| l.value.as_str() > m) {
                        r.modified = Some(l.value);
                    }
                }
            } else if let Term::NamedNode(n) = o {
                let n = n.as_str();
                if p == dct::PUBLISHER {
                    push_unique(&mut publishers, n.to_string());
                } else if p == dcat::THEME {
                    push_unique(&mut themes, n.to_string());
                } else if p == dcat::DISTRIBUTION_PROP {
                    push_unique(&mut distributions, n.to_string());
                } else if p == dct::ACCESS_RIGHTS {
                    push_unique(&mut r.access, last_segment(n).to_string());
                } else if p == vn::ACCESS_SCOPE {
                    push_unique(&mut r.scope, last_segment(n).to_string());
                } else if p == dct::SPATIAL {
                    push_unique(&mut r.units, n.to_string());
                }
            }
        }
        let Some((_, kind)) = kind else {
            return Ok(None);
        };
        r.kind = kind;
        r.public = public;
        dedup_lits(&mut r.titles);
        dedup_lits(&mut r.descriptions);
        dedup_lits(&mut r.keywords);
        for p in publishers {
            let names = self.labels(&p)?;
            push_unique(&mut r.refs, p.clone());
            r.publishers.push((p, names));
        }
        for t in themes {
            let labels = self.labels(&t)?;
            push_unique(&mut r.refs, t.clone());
            r.themes.push((t, labels));
        }
        for d in distributions {
            self.formats_of(&d, &mut r.formats)?;
            push_unique(&mut r.refs, d);
        }
        // One scan of the incoming edges (a single index seek) rather than one per predicate.
        for q in self
            .store
            .quads_for_pattern(None, None, Some(s.into()), None)
        {
            let q = q?;
            let p = q.predicate.as_ref();
            if p == dcat::DATASET_PROP || p == dcat::SERVICE || p == dcat::CATALOG_PROP {
                if let oxigraph::model::NamedOrBlankNode::NamedNode(c) = q.subject {
                    push_unique(&mut r.catalogs, c.into_string());
                }
            }
        }
        Ok(Some(r))
    }

    /// Format codes of a distribution: `dct:format` (EU file type or text), else the media type.
    fn formats_of(&self, dist: &str, into: &mut Vec<String>) -> Result<()> {
        let Ok(d) = NamedNodeRef::new(dist) else {
            return Ok(());
        };
        let mut media = None;
        let mut found = false;
        for q in self
            .store
            .quads_for_pattern(Some(d.into()), None, None, None)
        {
            let q = q?;
            let value = match &q.object {
                Term::NamedNode(n) => last_segment(n.as_str()).to_string(),
                Term::Literal(l) => l.value().trim().to_string(),
                Term::BlankNode(_) => continue,
            };
            if value.is_empty() {
                continue;
            }
            if q.predicate == dct::FORMAT {
                push_unique(into, value.to_uppercase());
                found = true;
            } else if q.predicate == dcat::MEDIA_TYPE {
                media = Some(value.to_uppercase());
            }
        }
        if let (false, Some(m)) = (found, media) {
            push_unique(into, m);
        }
        Ok(())
    }
}

fn dedup_lits(v: &mut Vec<Lit>) {
    let mut seen = Vec::with_capacity(v.len());
    v.retain(|l| {
        if seen.contains(l) {
            false
        } else {
            seen.push(l.clone());
            true
        }
    });
    order_by_language(v);
}
