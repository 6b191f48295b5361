//! The source registry: harvest sources are RDF data in `graph/system`, one
//! `hv:Source` resource per source (`https://w3id.org/lienthong/source/<id>`), so they are
//! exported, backed up and queried like everything else (admin-only graph).

use crate::error::{Error, Result};
use crate::vocab::{graph, harvest as hv, rdf};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Term};
use oxigraph::store::Transaction;
use serde::Serialize;
use std::time::Duration;

/// What a source speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A CKAN portal's Action API (`/api/3/action/...`).
    Ckan,
    /// Any RDF document or paged feed (Turtle, RDF/XML, JSON-LD, N-Triples; Hydra paging).
    Dcat,
    /// A peer's SPARQL endpoint, read with paged CONSTRUCT queries.
    Sparql,
    /// The sharing gateway's service registry (OpenAPI 3 or a JSON list of services).
    Gateway,
    /// An agency inventory spreadsheet (CSV or XLSX).
    Csv,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ckan => "ckan",
            Kind::Dcat => "dcat",
            Kind::Sparql => "sparql",
            Kind::Gateway => "gateway",
            Kind::Csv => "csv",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "ckan" => Kind::Ckan,
            "dcat" => Kind::Dcat,
            "sparql" => Kind::Sparql,
            "gateway" => Kind::Gateway,
            "csv" => Kind::Csv,
            other => {
                return Err(Error::BadRequest(format!(
                    "unknown source kind '{other}' (ckan, dcat, sparql, gateway, csv)"
                )))
            }
        })
    }
}

/// What happens to a record that fails validation on entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Not written; the previous version of the record (if any) stays. Unlike an import's
    /// `reject`, the run goes on with the other records: one agency's bad record must not
    /// hold back a whole portal.
    Reject,
    /// Written to the quarantine graph of the source graph (`graph/quarantine/source/<id>`)
    /// with its validation report, for `lienthong quarantine` to list, re-validate, release
    /// or drop; the previous version of the record (if any) stays in the source graph.
    Quarantine,
    /// Written anyway, with its validation report; counted as invalid in the run report.
    Accept,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Reject => "reject",
            Policy::Quarantine => "quarantine",
            Policy::Accept => "accept",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "reject" => Policy::Reject,
            "quarantine" => Policy::Quarantine,
            "accept" => Policy::Accept,
            other => {
                return Err(Error::BadRequest(format!(
                    "unknown validation policy '{other}' (reject, quarantine, accept)"
                )))
            }
        })
    }
}

/// When a source runs under `serve`.
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    Every(Duration),
    Cron(Box<croner::Cron>),
}

impl Schedule {
    /// `30s`, `15m`, `6h`, `1d` (an interval) or a cron expression (`0 */6 * * *`).
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim();
        if let Some(d) = parse_interval(t) {
            if d.is_zero() {
                return Err(Error::BadRequest(format!("schedule '{s}': zero interval")));
            }
            return Ok(Schedule::Every(d));
        }
        t.parse::<croner::Cron>()
            .map(|c| Schedule::Cron(Box::new(c)))
            .map_err(|e| {
                Error::BadRequest(format!(
                    "schedule '{s}' is neither an interval (30s, 15m, 6h, 1d) nor a cron expression: {e}"
                ))
            })
    }
}

fn parse_interval(s: &str) -> Option<Duration> {
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let secs = match unit {
        "s" => n,
        "m" | "min" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// One configured source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    pub kind: Kind,
    pub url: String,
    /// Interval or cron expression; `None`: only run by hand.
    pub schedule: Option<String>,
    /// Name of the environment variable that holds the credentials (never the secret itself).
    pub credentials_env: Option<String>,
    pub policy: Policy,
    /// IRI of the owning agency (foaf:Organization).
    pub agency: Option<String>,
    /// Hosts that may be fetched (every redirect hop is checked); empty: the URL's host.
    pub allowed_hosts: Vec<String>,
    pub enabled: bool,
    /// Records per page (CKAN `rows`, SPARQL `LIMIT`); `None`: the kind's default.
    pub page_size: Option<u32>,
    /// Language tag given to untagged titles, descriptions, names and keywords (BCP 47, such
    /// as `vi`); `None`: Vietnamese. `none`: leave them untagged.
    pub language: Option<String>,
}

impl Source {
    pub fn iri(&self) -> NamedNode {
        source_iri(&self.id)
    }
    pub fn graph(&self) -> String {
        graph::source(&self.id)
    }
    /// The hosts this source may fetch from.
    /// The tag for untagged text, if any (see [`Source::language`]).
    pub fn text_language(&self) -> Option<&str> {
        match self.language.as_deref() {
            None => Some("vi"),
            Some("none") => None,
            Some(l) => Some(l),
        }
    }

    /// What `--language` accepts, as stored: lower case, and the ISO 639-2 codes people use
    /// for Vietnamese and English (`VIE`, as in the EU language list, and `vn`) mapped to the
    /// BCP 47 tags the profile checks (`vi`, `en`).
    pub fn normalise_language(l: &str) -> String {
        let l = l.trim().to_ascii_lowercase();
        match l.as_str() {
            "vie" | "vn" => "vi".into(),
            "eng" => "en".into(),
            _ => l,
        }
    }
    pub fn hosts(&self) -> Vec<String> {
        if !self.allowed_hosts.is_empty() {
            return self
                .allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect();
        }
        reqwest::Url::parse(&self.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .into_iter()
            .collect()
    }
    /// Checks what `sources add` accepts: a usable id, URL, schedule and agency IRI.
    pub fn check(&self) -> Result<()> {
        if self.id.is_empty() || graph::slug(&self.id) != self.id {
            return Err(Error::BadRequest(format!(
                "source id '{}' must be a lower-case ASCII slug (e.g. '{}')",
                self.id,
                graph::slug(&self.id)
            )));
        }
        let url = reqwest::Url::parse(&self.url)
            .map_err(|e| Error::BadRequest(format!("source URL '{}': {e}", self.url)))?;
        let file_ok = self.kind == Kind::Csv && url.scheme() == "file";
        if !matches!(url.scheme(), "http" | "https") && !file_ok {
            return Err(Error::BadRequest(format!(
                "source URL '{}': only http(s) URLs are harvested (file: for csv)",
                self.url
            )));
        }
        if let Some(s) = &self.schedule {
            Schedule::parse(s)?;
        }
        if let Some(a) = &self.agency {
            NamedNode::new(a.as_str())
                .map_err(|e| Error::BadRequest(format!("agency IRI '{a}': {e}")))?;
        }
        if let Some(l) = self.language.as_deref().filter(|l| *l != "none") {
            Literal::new_language_tagged_literal("", l).map_err(|e| {
                Error::BadRequest(format!("language '{l}' is not a BCP 47 language tag: {e}"))
            })?;
        }
        Ok(())
    }
}

pub fn source_iri(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{}", hv::SOURCE_BASE, graph::slug(id)))
}

fn system() -> NamedNode {
    NamedNode::new_unchecked(graph::SYSTEM)
}

fn lit(s: &str) -> Term {
    Literal::new_simple_literal(s).into()
}

/// Triples describing `s` (without its record state, which the harvest run owns).
fn quads_of(s: &Source) -> Vec<Quad> {
    let (me, g) = (s.iri(), system());
    let q = |p: NamedNodeRef<'_>, o: Term| Quad::new(me.clone(), p, o, g.clone());
    let mut v = vec![
        q(rdf::TYPE, hv::SOURCE.into()),
        q(hv::KIND, lit(s.kind.as_str())),
        q(hv::URL, lit(&s.url)),
        q(hv::POLICY, lit(s.policy.as_str())),
        q(hv::ENABLED, Literal::from(s.enabled).into()),
    ];
    if let Some(x) = &s.schedule {
        v.push(q(hv::SCHEDULE, lit(x)));
    }
    if let Some(x) = &s.credentials_env {
        v.push(q(hv::CREDENTIALS_ENV, lit(x)));
    }
    if let Some(x) = &s.agency {
        v.push(q(hv::AGENCY, NamedNode::new_unchecked(x.clone()).into()));
    }
    for h in &s.allowed_hosts {
        v.push(q(hv::ALLOWED_HOST, lit(h)));
    }
    if let Some(n) = s.page_size {
        v.push(q(PAGE_SIZE.as_ref(), Literal::from(i64::from(n)).into()));
    }
    if let Some(l) = &s.language {
        v.push(q(LANGUAGE.as_ref(), lit(l)));
    }
    v
}

static PAGE_SIZE: std::sync::LazyLock<NamedNode> =
    std::sync::LazyLock::new(|| NamedNode::new_unchecked(format!("{}pageSize", hv::NS)));
static LANGUAGE: std::sync::LazyLock<NamedNode> =
    std::sync::LazyLock::new(|| NamedNode::new_unchecked(format!("{}textLanguage", hv::NS)));

/// Predicates that describe the configuration (replaced by `save`); others (record state,
/// validators) belong to harvest runs.
fn is_config(p: &str) -> bool {
    [
        rdf::TYPE,
        hv::KIND,
        hv::URL,
        hv::POLICY,
        hv::ENABLED,
        hv::SCHEDULE,
        hv::CREDENTIALS_ENV,
        hv::AGENCY,
        hv::ALLOWED_HOST,
    ]
    .iter()
    .any(|t| t.as_str() == p)
        || p == PAGE_SIZE.as_str()
        || p == LANGUAGE.as_str()
}

/// Adds or replaces a source's configuration (its harvest state is kept).
pub fn save(cat: &crate::store::Catalogue, s: &Source) -> Result<()> {
    s.check()?;
    let mut tx = cat.store().start_transaction()?;
    let me = s.iri();
    let g = system();
    let old: Vec<Quad> = tx
        .quads_for_pattern(
            Some(me.as_ref().into()),
            None,
            None,
            Some(g.as_ref().into()),
        )
        .collect::<Result<_, _>>()?;
    for q in old.iter().filter(|q| is_config(q.predicate.as_str())) {
        tx.remove(q);
    }
    for q in quads_of(s) {
        tx.insert(&q);
    }
    tx.commit()?;
    cat.committed(crate::store::Change::from_subjects(
        [me.into_string()].into_iter().collect(),
    ));
    Ok(())
}

/// Removes a source's configuration and its harvest state. With `purge`, also its data
/// (`graph/source/<id>` and the restricted companion).
pub fn remove(cat: &crate::store::Catalogue, id: &str, purge: bool) -> Result<()> {
    let s = get(cat, id)?;
    let mut tx = cat.store().start_transaction()?;
    let me = s.iri();
    let old: Vec<Quad> = tx
        .quads_for_pattern(
            Some(me.as_ref().into()),
            None,
            None,
            Some(system().as_ref().into()),
        )
        .collect::<Result<_, _>>()?;
    for q in &old {
        tx.remove(q);
    }
    let mut touched = std::collections::BTreeSet::from([me.into_string()]);
    if purge {
        let graphs = [
            NamedNode::new_unchecked(s.graph()),
            NamedNode::new_unchecked(graph::restricted_of(&s.graph())),
        ];
        crate::store::subjects_of_graphs(&tx, &graphs, &mut touched)?;
        for g in &graphs {
            tx.clear_graph(g.as_ref())?;
        }
    }
    tx.commit()?;
    cat.committed(crate::store::Change::from_subjects(touched));
    Ok(())
}

fn one_str(tx: &Transaction<'_>, s: &NamedNode, p: NamedNodeRef<'_>) -> Result<Option<String>> {
    let g = system();
    let mut it = tx.quads_for_pattern(
        Some(s.as_ref().into()),
        Some(p),
        None,
        Some(g.as_ref().into()),
    );
    Ok(match it.next().transpose()? {
        Some(q) => Some(match q.object {
            Term::Literal(l) => l.value().to_string(),
            Term::NamedNode(n) => n.into_string(),
            Term::BlankNode(b) => b.into_string(),
        }),
        None => None,
    })
}

fn read(tx: &Transaction<'_>, me: &NamedNode) -> Result<Option<Source>> {
    let Some(kind) = one_str(tx, me, hv::KIND)? else {
        return Ok(None);
    };
    let id = me
        .as_str()
        .strip_prefix(hv::SOURCE_BASE)
        .unwrap_or(me.as_str())
        .to_string();
    let bad = |what: &str, e: Error| Error::Input {
        file: format!("<{me}> in graph/system"),
        message: format!("{what}: {e}"),
    };
    let g = system();
    let mut allowed_hosts = Vec::new();
    for q in tx.quads_for_pattern(
        Some(me.as_ref().into()),
        Some(hv::ALLOWED_HOST),
        None,
        Some(GraphNameRef::NamedNode(g.as_ref())),
    ) {
        if let Term::Literal(l) = q?.object {
            allowed_hosts.push(l.value().to_string());
        }
    }
    allowed_hosts.sort();
    Ok(Some(Source {
        kind: Kind::parse(&kind).map_err(|e| bad("kind", e))?,
        url: one_str(tx, me, hv::URL)?.unwrap_or_default(),
        schedule: one_str(tx, me, hv::SCHEDULE)?,
        credentials_env: one_str(tx, me, hv::CREDENTIALS_ENV)?,
        policy: Policy::parse(&one_str(tx, me, hv::POLICY)?.unwrap_or_else(|| "quarantine".into()))
            .map_err(|e| bad("validation policy", e))?,
        agency: one_str(tx, me, hv::AGENCY)?,
        allowed_hosts,
        enabled: one_str(tx, me, hv::ENABLED)?.is_none_or(|v| v == "true"),
        page_size: one_str(tx, me, PAGE_SIZE.as_ref())?.and_then(|v| v.parse().ok()),
        language: one_str(tx, me, LANGUAGE.as_ref())?,
        id,
    }))
}

/// One source by id (`NotFound` names the known ids).
pub fn get(cat: &crate::store::Catalogue, id: &str) -> Result<Source> {
    let tx = cat.store().start_transaction()?;
    match read(&tx, &source_iri(id))? {
        Some(s) => Ok(s),
        None => {
            let known: Vec<String> = list_in(&tx)?.into_iter().map(|s| s.id).collect();
            Err(Error::NotFound(format!(
                "no harvest source '{id}' (known: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            )))
        }
    }
}

fn list_in(tx: &Transaction<'_>) -> Result<Vec<Source>> {
    let g = system();
    let mut out = Vec::new();
    for q in tx.quads_for_pattern(
        None,
        Some(rdf::TYPE),
        Some(hv::SOURCE.into()),
        Some(g.as_ref().into()),
    ) {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = q?.subject {
            if let Some(s) = read(tx, &n)? {
                out.push(s);
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Every configured source, by id.
pub fn list(cat: &crate::store::Catalogue) -> Result<Vec<Source>> {
    let tx = cat.store().start_transaction()?;
    list_in(&tx)
}

/// Sets `enabled` on a source.
pub fn set_enabled(cat: &crate::store::Catalogue, id: &str, enabled: bool) -> Result<()> {
    let mut s = get(cat, id)?;
    s.enabled = enabled;
    save(cat, &s)
}

/// The validators (ETag, Last-Modified) remembered for the source's single-document URL.
pub(crate) fn validators(
    tx: &Transaction<'_>,
    s: &Source,
) -> Result<(Option<String>, Option<String>)> {
    let me = s.iri();
    Ok((
        one_str(tx, &me, hv::ETAG)?,
        one_str(tx, &me, hv::LAST_MODIFIED)?,
    ))
}

/// Replaces the remembered validators inside the run's transaction.
pub(crate) fn set_validators(
    tx: &mut Transaction<'_>,
    s: &Source,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> Result<()> {
    let me = s.iri();
    let g = system();
    for p in [hv::ETAG, hv::LAST_MODIFIED] {
        let old: Vec<Quad> = tx
            .quads_for_pattern(
                Some(me.as_ref().into()),
                Some(p),
                None,
                Some(g.as_ref().into()),
            )
            .collect::<Result<_, _>>()?;
        for q in &old {
            tx.remove(q);
        }
    }
    for (p, v) in [(hv::ETAG, etag), (hv::LAST_MODIFIED, last_modified)] {
        if let Some(v) = v {
            tx.insert(QuadRef::new(&me, p, &Literal::new_simple_literal(v), &g));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_parse() {
        assert_eq!(
            Schedule::parse("6h").unwrap(),
            Schedule::Every(Duration::from_secs(21600))
        );
        assert!(matches!(
            Schedule::parse("0 */6 * * *").unwrap(),
            Schedule::Cron(_)
        ));
        assert!(Schedule::parse("every tuesday").is_err());
        assert!(Schedule::parse("0s").is_err());
    }

    #[test]
    fn languages_people_write_are_normalised() {
        assert_eq!(Source::normalise_language("VIE"), "vi");
        assert_eq!(Source::normalise_language(" vn "), "vi");
        assert_eq!(Source::normalise_language("eng"), "en");
        assert_eq!(Source::normalise_language("VI"), "vi");
        assert_eq!(Source::normalise_language("none"), "none");
    }

    #[test]
    fn sources_round_trip_through_the_store() {
        let cat = crate::store::Catalogue::in_memory().unwrap();
        let s = Source {
            id: "ckan-nghean".into(),
            kind: Kind::Ckan,
            url: "https://data.nghean.gov.vn".into(),
            schedule: Some("6h".into()),
            credentials_env: Some("CKAN_TOKEN".into()),
            policy: Policy::Quarantine,
            agency: Some("https://data.nghean.gov.vn/agency/so-khcn".into()),
            allowed_hosts: vec!["data.nghean.gov.vn".into()],
            enabled: true,
            page_size: Some(100),
            language: Some("en".into()),
        };
        save(&cat, &s).unwrap();
        assert_eq!(get(&cat, "ckan-nghean").unwrap(), s);
        set_enabled(&cat, "ckan-nghean", false).unwrap();
        assert!(!get(&cat, "ckan-nghean").unwrap().enabled);
        assert_eq!(list(&cat).unwrap().len(), 1);
        remove(&cat, "ckan-nghean", true).unwrap();
        assert!(matches!(get(&cat, "ckan-nghean"), Err(Error::NotFound(_))));
    }
}
