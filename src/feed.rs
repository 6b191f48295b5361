//! The DCAT-AP feed the national portal harvests (`/catalog`): every catalogue, dataset,
//! distribution and data service with their agencies and contact points, paged with Hydra
//! as ckanext-dcat does. Each dataset appears on exactly one page, with its distributions,
//! agencies and contact points on the same page; `hydra:totalItems` counts datasets.
//! Only graphs the reader may see are read, so anonymous harvesters get public records only.
//!
//! ```
//! use lienthong::feed::{build_page, FeedRequest};
//! use lienthong::store::{Access, Catalogue};
//! let cat = Catalogue::in_memory()?;
//! cat.load_turtle_str("<https://x.vn/d1> a <http://www.w3.org/ns/dcat#Dataset> .",
//!     "https://w3id.org/lienthong/graph/import/doc")?;
//! let page = build_page(&cat, &FeedRequest::new("http://127.0.0.1:7878", Access::Public))?;
//! assert_eq!(page.total_items, 1);
//! # Ok::<_, lienthong::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::store::{fidelity_fix, Access, Catalogue};
use crate::vocab::{dcat, dct, hydra, rdf, vn, xsd};
use oxigraph::model::{
    Graph, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple,
};
use std::collections::{BTreeSet, HashSet};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

pub const DEFAULT_PAGE_SIZE: usize = 100;
pub const MAX_PAGE_SIZE: usize = 1000;

#[derive(Clone, Debug)]
pub struct FeedRequest {
    /// Public base URL of this server, e.g. `http://127.0.0.1:7878`.
    pub base_url: String,
    pub access: Access,
    pub page: usize,
    pub page_size: usize,
    pub modified_since: Option<String>,
}

impl FeedRequest {
    pub fn new(base_url: impl Into<String>, access: Access) -> Self {
        Self {
            base_url: base_url.into(),
            access,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            modified_since: None,
        }
    }
}

pub struct FeedPage {
    pub graph: Graph,
    pub total_items: usize,
    pub last_page: usize,
}

/// Parses `YYYY-MM-DD` or an RFC 3339 date-time (a date means its midnight, UTC).
pub fn parse_instant(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let date_fmt = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = Date::parse(s.get(..10)?, date_fmt) {
        if s.len() == 10 {
            return Some(PrimitiveDateTime::new(d, time::Time::MIDNIGHT).assume_utc());
        }
        // xsd:dateTime without a time zone, or a date with one: read as UTC.
        let dt_fmt =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        if let Ok(t) = PrimitiveDateTime::parse(s.get(..19)?, dt_fmt) {
            return Some(t.assume_utc());
        }
        return Some(PrimitiveDateTime::new(d, time::Time::MIDNIGHT).assume_utc());
    }
    None
}

struct View<'a> {
    cat: &'a Catalogue,
    graphs: Vec<NamedNode>,
}

impl View<'_> {
    fn subjects_of_type(&self, class: NamedNodeRef<'_>) -> Result<BTreeSet<NamedNode>> {
        let mut out = BTreeSet::new();
        for g in &self.graphs {
            for q in self.cat.store().quads_for_pattern(
                None,
                Some(rdf::TYPE),
                Some(class.into()),
                Some(GraphNameRef::from(g)),
            ) {
                if let NamedOrBlankNode::NamedNode(n) = q?.subject {
                    out.insert(n);
                }
            }
        }
        Ok(out)
    }

    fn objects(&self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> Result<Vec<Term>> {
        let mut out = Vec::new();
        for g in &self.graphs {
            for q in self.cat.store().quads_for_pattern(
                Some(s.as_ref()),
                Some(p),
                None,
                Some(GraphNameRef::from(g)),
            ) {
                out.push(q?.object);
            }
        }
        Ok(out)
    }

    /// Adds the description of `s` and of the blank nodes it leads to.
    fn describe(
        &self,
        s: NamedOrBlankNode,
        out: &mut Graph,
        skip: &dyn Fn(&Triple) -> bool,
    ) -> Result<()> {
        let mut stack = vec![s];
        let mut seen = HashSet::new();
        while let Some(s) = stack.pop() {
            if !seen.insert(s.clone()) {
                continue;
            }
            for g in &self.graphs {
                for q in self.cat.store().quads_for_pattern(
                    Some(s.as_ref()),
                    None,
                    None,
                    Some(GraphNameRef::from(g)),
                ) {
                    let q = fidelity_fix(q?);
                    if let Term::BlankNode(b) = &q.object {
                        stack.push(b.clone().into());
                    }
                    let t = Triple::new(q.subject, q.predicate, q.object);
                    if !skip(&t) {
                        out.insert(&t);
                    }
                }
            }
        }
        Ok(())
    }

    fn modified(&self, s: &NamedNode) -> Result<Option<OffsetDateTime>> {
        Ok(self
            .objects(&s.clone().into(), dct::MODIFIED)?
            .into_iter()
            .chain(self.objects(&s.clone().into(), dct::ISSUED)?)
            .filter_map(|t| match t {
                Term::Literal(l) => parse_instant(l.value()),
                _ => None,
            })
            .max())
    }
}

fn page_url(req: &FeedRequest, page: usize) -> NamedNode {
    let mut url = format!("{}/catalog?page={page}", req.base_url.trim_end_matches('/'));
    if req.page_size != DEFAULT_PAGE_SIZE {
        url.push_str(&format!("&page_size={}", req.page_size));
    }
    if let Some(since) = &req.modified_since {
        url.push_str("&modified_since=");
        url.push_str(&urlencode(since));
    }
    NamedNode::new_unchecked(url)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Builds one page of the feed.
pub fn build_page(cat: &Catalogue, req: &FeedRequest) -> Result<FeedPage> {
    if req.page == 0 {
        return Err(Error::BadRequest("page numbers start at 1".into()));
    }
    if req.page_size == 0 || req.page_size > MAX_PAGE_SIZE {
        return Err(Error::BadRequest(format!(
            "page_size must be between 1 and {MAX_PAGE_SIZE}"
        )));
    }
    let since = match &req.modified_since {
        Some(s) => Some(parse_instant(s).ok_or_else(|| {
            Error::BadRequest(format!(
                "modified_since '{s}' is not a date (YYYY-MM-DD) or an RFC 3339 date-time"
            ))
        })?),
        None => None,
    };
    let view = View {
        cat,
        graphs: cat.visible_graphs(req.access)?,
    };
    let mut datasets: Vec<NamedNode> = view.subjects_of_type(dcat::DATASET)?.into_iter().collect();
    if let Some(since) = since {
        let mut kept = Vec::with_capacity(datasets.len());
        for d in datasets {
            if view.modified(&d)?.is_some_and(|m| m >= since) {
                kept.push(d);
            }
        }
        datasets = kept;
    }
    let total = datasets.len();
    let last_page = total.div_ceil(req.page_size).max(1);
    let start = (req.page - 1).saturating_mul(req.page_size);
    let on_page: Vec<NamedNode> = datasets
        .iter()
        .skip(start)
        .take(req.page_size)
        .cloned()
        .collect();
    let on_page_set: HashSet<&NamedNode> = on_page.iter().collect();

    let mut out = Graph::new();
    // Catalogues on every page, linking only to this page's datasets.
    let catalogs = view.subjects_of_type(dcat::CATALOG)?;
    let all_datasets: HashSet<&NamedNode> = datasets.iter().collect();
    let hide_other_pages = |t: &Triple| {
        t.predicate == dcat::DATASET_PROP
            && matches!(&t.object, Term::NamedNode(o) if !on_page_set.contains(o))
    };
    let mut agents: Vec<Term> = Vec::new();
    let mut linked: HashSet<NamedNode> = HashSet::new();
    for c in &catalogs {
        view.describe(c.clone().into(), &mut out, &hide_other_pages)?;
        for t in view.objects(&c.clone().into(), dcat::DATASET_PROP)? {
            if let Term::NamedNode(d) = t {
                if all_datasets.contains(&d) || datasets.is_empty() {
                    linked.insert(d);
                }
            }
        }
        agents.extend(view.objects(&c.clone().into(), dct::PUBLISHER)?);
    }
    // Catalogue of catalogues: each top-level local catalogue lists the peers' catalogues.
    let peer_catalogs: HashSet<NamedNode> = crate::federation::peers::list(cat)?
        .into_iter()
        .filter_map(|p| p.catalog.map(NamedNode::new_unchecked))
        .filter(|c| catalogs.contains(c))
        .collect();
    if !peer_catalogs.is_empty() {
        let mut children = HashSet::new();
        for c in &catalogs {
            children.extend(view.objects(&c.clone().into(), dcat::CATALOG_PROP)?);
        }
        for top in catalogs.iter().filter(|c| {
            !peer_catalogs.contains(*c) && !children.contains(&Term::from((*c).clone()))
        }) {
            for pc in &peer_catalogs {
                out.insert(&Triple::new(top.clone(), dcat::CATALOG_PROP, pc.clone()));
            }
        }
    }
    // Datasets in no catalogue hang off this feed's own catalogue, so each has one.
    let feed_catalog =
        NamedNode::new_unchecked(format!("{}/catalog", req.base_url.trim_end_matches('/')));
    let orphans: Vec<&NamedNode> = on_page.iter().filter(|d| !linked.contains(*d)).collect();
    if !orphans.is_empty() || catalogs.is_empty() {
        out.insert(&Triple::new(feed_catalog.clone(), rdf::TYPE, dcat::CATALOG));
        out.insert(&Triple::new(
            feed_catalog.clone(),
            dct::TITLE,
            Literal::new_language_tagged_literal_unchecked("Danh mục dữ liệu (lienthong)", "vi"),
        ));
        out.insert(&Triple::new(
            feed_catalog.clone(),
            dct::TITLE,
            Literal::new_language_tagged_literal_unchecked("Data catalogue (lienthong)", "en"),
        ));
        out.insert(&Triple::new(
            feed_catalog.clone(),
            dct::DESCRIPTION,
            Literal::new_language_tagged_literal_unchecked(
                "Các tập dữ liệu không thuộc danh mục nào khác.",
                "vi",
            ),
        ));
        for d in &orphans {
            out.insert(&Triple::new(
                feed_catalog.clone(),
                dcat::DATASET_PROP,
                (*d).clone(),
            ));
        }
        // DCAT-AP requires a publisher: the one of the top-level catalogue(s).
        let mut children = HashSet::new();
        for c in &catalogs {
            children.extend(view.objects(&c.clone().into(), dcat::CATALOG_PROP)?);
        }
        for c in catalogs
            .iter()
            .filter(|c| !children.contains(&Term::from((*c).clone())))
        {
            for p in view.objects(&c.clone().into(), dct::PUBLISHER)? {
                out.insert(&Triple::new(
                    feed_catalog.clone(),
                    dct::PUBLISHER,
                    p.clone(),
                ));
                agents.push(p);
            }
        }
    }
    // Data services (and their agencies) on the first page.
    if req.page == 1 {
        for s in view.subjects_of_type(dcat::DATA_SERVICE)? {
            view.describe(s.clone().into(), &mut out, &|_| false)?;
            for p in [
                dct::PUBLISHER,
                dct::CREATOR,
                dct::RIGHTS_HOLDER,
                vn::CUSTODIAN,
                dcat::CONTACT_POINT,
            ] {
                agents.extend(view.objects(&s.clone().into(), p)?);
            }
        }
    }
    for d in &on_page {
        let node: NamedOrBlankNode = d.clone().into();
        view.describe(node.clone(), &mut out, &|_| false)?;
        for dist in view.objects(&node, dcat::DISTRIBUTION_PROP)? {
            if let Term::NamedNode(n) = dist {
                view.describe(n.into(), &mut out, &|_| false)?;
            }
        }
        for p in [
            dct::PUBLISHER,
            dct::CREATOR,
            dct::RIGHTS_HOLDER,
            vn::CUSTODIAN,
            dcat::CONTACT_POINT,
        ] {
            agents.extend(view.objects(&node, p)?);
        }
    }
    // Agencies and contact points, and the contact points of those agencies.
    let mut done = HashSet::new();
    let mut queue: Vec<Term> = agents;
    while let Some(a) = queue.pop() {
        let Term::NamedNode(n) = a else { continue };
        if !done.insert(n.clone()) {
            continue;
        }
        view.describe(n.clone().into(), &mut out, &|_| false)?;
        queue.extend(view.objects(&n.clone().into(), dcat::CONTACT_POINT)?);
    }

    let this = page_url(req, req.page);
    out.insert(&Triple::new(
        this.clone(),
        rdf::TYPE,
        hydra::PARTIAL_COLLECTION_VIEW,
    ));
    out.insert(&Triple::new(
        this.clone(),
        hydra::TOTAL_ITEMS,
        Literal::new_typed_literal(total.to_string(), xsd::INTEGER),
    ));
    out.insert(&Triple::new(
        this.clone(),
        hydra::ITEMS_PER_PAGE,
        Literal::new_typed_literal(req.page_size.to_string(), xsd::INTEGER),
    ));
    out.insert(&Triple::new(this.clone(), hydra::FIRST, page_url(req, 1)));
    out.insert(&Triple::new(
        this.clone(),
        hydra::LAST,
        page_url(req, last_page),
    ));
    if req.page < last_page {
        out.insert(&Triple::new(
            this.clone(),
            hydra::NEXT,
            page_url(req, req.page + 1),
        ));
    }
    if req.page > 1 {
        out.insert(&Triple::new(
            this.clone(),
            hydra::PREVIOUS,
            page_url(req, (req.page - 1).min(last_page)),
        ));
    }
    Ok(FeedPage {
        graph: out,
        total_items: total,
        last_page,
    })
}
