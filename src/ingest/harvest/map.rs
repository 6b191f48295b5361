//! What every kind maps with: a record's triple builder, IRIs from text, fresh blank nodes,
//! Vietnamese access scopes, and agency names resolved to IRIs.

use crate::error::Result;
use crate::text;
use crate::vocab::{code, eu, graph, rdf, rdfs, xsd};
use oxigraph::model::{
    BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};
use std::collections::HashMap;

/// A named node from a string known to be an IRI.
pub fn nn(s: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(s.into())
}

/// An IRI if the text is an absolute http(s)/urn/mailto IRI.
pub fn iri(s: &str) -> Option<NamedNode> {
    let s = s.trim();
    let scheme_ok = ["http://", "https://", "urn:", "mailto:", "ftp://"]
        .iter()
        .any(|p| s.to_ascii_lowercase().starts_with(p));
    if !scheme_ok || s.contains(' ') {
        return None;
    }
    NamedNode::new(s).ok()
}

/// Collects a record's triples.
pub struct Builder {
    pub triples: Vec<Triple>,
}

impl Builder {
    pub fn new() -> Self {
        Self {
            triples: Vec::new(),
        }
    }
    pub fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.triples.push(Triple::new(s.into(), p, o.into()));
    }
    pub fn add_p(&mut self, s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>) {
        self.triples.push(Triple::new(s.into(), nn(p), o.into()));
    }
    /// A plain literal, skipped when empty.
    pub fn text(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, v: Option<&str>) {
        if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
            self.add(s, p, Literal::new_simple_literal(v));
        }
    }
    /// A date or dateTime literal, typed by its shape; skipped when empty.
    pub fn date(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, v: Option<&str>) {
        if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
            let dt = if v.len() > 10 && v.as_bytes()[10] == b'T' {
                xsd::DATE_TIME
            } else {
                xsd::DATE
            };
            self.add(s, p, Literal::new_typed_literal(v, dt));
        }
    }
    /// An IRI object when the value is an IRI, else a labelled blank node of class `class`.
    pub fn iri_or_label(
        &mut self,
        s: &NamedOrBlankNode,
        p: NamedNodeRef<'_>,
        v: &str,
        class: &str,
    ) {
        if v.trim().is_empty() {
            return;
        }
        match iri(v) {
            Some(i) => self.add(s.clone(), p, i),
            None => {
                let b = bnode();
                self.add(s.clone(), p, b.clone());
                self.add_p(b.clone(), rdf::TYPE.as_str(), nn(class));
                self.add(b, rdfs::LABEL, Literal::new_simple_literal(v.trim()));
            }
        }
    }
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// Vietnamese access scope names (Data Law art. 3) to the code list; `None` if unknown.
pub fn access_scope(v: &str) -> Option<(NamedNodeRef<'static>, NamedNodeRef<'static>)> {
    let f = crate::text::fold(v);
    let f = f.trim();
    if f.contains("dung chung") || f == "shared" || f.ends_with("dung-chung") {
        Some((code::SCOPE_SHARED, eu::ACCESS_RESTRICTED))
    } else if f.contains("dung rieng") || f == "private" || f.ends_with("dung-rieng") {
        Some((code::SCOPE_PRIVATE, eu::ACCESS_NON_PUBLIC))
    } else if f == "mo"
        || f.contains("du lieu mo")
        || f == "open"
        || f == "cong khai"
        || f.ends_with("/mo")
    {
        Some((code::SCOPE_OPEN, eu::ACCESS_PUBLIC))
    } else {
        None
    }
}

/// `dct:accessRights` given as words (CKAN portals often write "restricted", "public",
/// "hạn chế", "không công khai"), to the EU access-right IRI they mean; `None` for words not
/// recognised. An IRI is not words: the caller keeps it as it is.
pub fn access_right_words(v: &str) -> Option<NamedNodeRef<'static>> {
    let f = crate::text::fold(v);
    let f = f.trim().replace(['_', '-'], " ");
    match f.as_str() {
        "public" | "open" | "cong khai" | "mo" | "du lieu mo" => Some(eu::ACCESS_PUBLIC),
        "restricted" | "han che" | "dung chung" | "shared" => Some(eu::ACCESS_RESTRICTED),
        "non public" | "nonpublic" | "private" | "khong cong khai" | "dung rieng" | "mat"
        | "confidential" | "secret" => Some(eu::ACCESS_NON_PUBLIC),
        _ => None,
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
            if !crate::gate::records::is_record_graph(&q.graph_name) {
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
        if let Some(i) = iri(name) {
            return i;
        }
        match self.by_name.get(text::fold(name).trim()) {
            Some(Some(known)) => known.clone(),
            _ => NamedNode::new_unchecked(format!("{}agency/{}", self.base, graph::slug(name))),
        }
    }
}
