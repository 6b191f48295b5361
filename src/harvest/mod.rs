//! Harvesting: filling the catalogue from CKAN portals, DCAT documents and feeds, peer
//! SPARQL endpoints, the sharing gateway's service registry and agency spreadsheets —
//! by hand (`lienthong harvest`) or on a schedule (`serve`), incrementally and atomically.
//!
//! This module owns the source registry ([`source`], data in `graph/system`), the HTTP
//! client ([`fetch`]), one mapper per kind ([`ckan`], [`dcat`], [`sparql`], [`gateway`],
//! [`csv`]), record fingerprints and state ([`record`]), the write path and run records
//! (here), the scheduler ([`schedule`]), `/api/harvest` ([`http`]); the CLI is in `src/cli/`.
//!
//! A run fetches everything first; only a complete fetch is written, in ONE transaction
//! that adds, updates and removes records in `graph/source/<id>` (non-public ones in its
//! `/restricted` companion), updates the record state and records the run as a
//! `prov:Activity` in `graph/harvest-log`. A failed run writes only its run record.
//!
//! ```
//! use lienthong::harvest::{self, source::{Kind, Policy, Source}};
//! use lienthong::store::Catalogue;
//! let dir = std::env::temp_dir().join(format!("lt-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let csv = dir.join("so-yte.csv");
//! std::fs::write(&csv, "Mã dữ liệu,Tên dữ liệu,Mô tả,Cơ quan chủ quản,Mức độ chia sẻ\n\
//!     YT-01,Danh sách cơ sở khám chữa bệnh,Cơ sở khám chữa bệnh được cấp phép,Sở Y tế,Mở\n")?;
//! let cat = Catalogue::in_memory()?;
//! harvest::source::save(&cat, &Source {
//!     id: "so-yte".into(), kind: Kind::Csv, url: format!("file://{}", csv.display()),
//!     schedule: None, credentials_env: None, policy: Policy::Quarantine,
//!     agency: Some("https://data.nghean.gov.vn/agency/so-y-te".into()),
//!     allowed_hosts: vec![], enabled: true, page_size: None, language: None,
//! })?;
//! let report = harvest::run_source(&cat, "so-yte", &harvest::fetch::FetchConfig::default(), &|_| {})?;
//! assert_eq!((report.status.as_str(), report.added), ("succeeded", 1));
//! let again = harvest::run_source(&cat, "so-yte", &harvest::fetch::FetchConfig::default(), &|_| {})?;
//! assert_eq!((again.added, again.unchanged), (0, 1));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod ckan;
pub mod csv;
pub mod dcat;
pub mod entry;
pub mod fetch;
pub mod gateway;
pub mod http;
pub mod record;
pub mod schedule;
pub mod source;
pub mod sparql;

use crate::error::{Error, Result};
use crate::store::{hidden_records, reconcile_visibility, Catalogue, Change};
use crate::validation;
use crate::vocab::{graph, harvest as hv, prov, rdf, xsd};
use fetch::{FetchConfig, Fetcher};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term};
use record::{Item, Remembered, State};
use serde::{Deserialize, Serialize};
use source::{Kind, Source};
use std::collections::{BTreeSet, HashSet};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Errors kept in a run report (the rest are counted).
const MAX_REPORTED_ERRORS: usize = 100;

/// What a kind fetched, before anything is written.
#[derive(Debug, Default)]
pub struct Harvested {
    pub items: Vec<Item>,
    pub pages: u64,
    /// Problems that did not stop the run (skipped triples, unmapped fields).
    pub warnings: Vec<String>,
    /// The source answered 304 Not Modified: every remembered record is unchanged.
    pub not_modified: bool,
    /// Validators to remember for the next conditional GET (single-document sources).
    pub validators: Option<(Option<String>, Option<String>)>,
}

/// What a kind gets to work with.
pub struct Ctx<'a> {
    pub source: &'a Source,
    pub fetch: &'a Fetcher,
    /// The previous run's record state (for incremental sources).
    pub prev: &'a State,
    /// ETag and Last-Modified remembered from the previous run.
    pub validators: (Option<String>, Option<String>),
    pub progress: &'a (dyn Fn(&str) + Sync),
    /// Agencies the store already knows, for sources that name agencies in text.
    pub agencies: &'a record::AgencyNames,
}

/// The report of one run, stored in `graph/harvest-log` and served by `/api/harvest`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RunReport {
    pub run: String,
    pub source: String,
    pub kind: String,
    pub started: String,
    pub ended: String,
    /// `succeeded` or `failed` (a failed run changed nothing but its own record).
    pub status: String,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Records not written: unmappable, rejected or quarantined.
    pub invalid: u64,
    /// Records written although they have violations (policy `accept`); their reports are
    /// in `/api/validation`.
    #[serde(default)]
    pub accepted_with_violations: u64,
    pub pages: u64,
    pub requests: u64,
    pub bytes: u64,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

impl RunReport {
    fn error(&mut self, e: impl Into<String>) {
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(e.into());
        }
    }
    fn warning(&mut self, w: impl Into<String>) {
        if self.warnings.len() < MAX_REPORTED_ERRORS {
            self.warnings.push(w.into());
        }
    }
    pub fn failed(&self) -> bool {
        self.status != "succeeded"
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn stamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// The `Authorization` header value from the source's credentials variable: used as is
/// when it names a scheme (`Bearer ...`, `Basic ...`), raw for CKAN (its API tokens are
/// sent bare), else as a bearer token.
fn authorization(s: &Source) -> Result<Option<String>> {
    let Some(var) = &s.credentials_env else {
        return Ok(None);
    };
    let v = std::env::var(var).map_err(|_| {
        Error::Harvest(format!(
            "source '{}' takes its credentials from ${var}, which is not set",
            s.id
        ))
    })?;
    Ok(Some(if v.contains(' ') || s.kind == Kind::Ckan {
        v
    } else {
        format!("Bearer {v}")
    }))
}

/// Runs one source now. A failed run is not an `Err`: it is a report with status `failed`
/// and the reason in `errors` (also recorded in `graph/harvest-log`). `Err` is kept for
/// an unknown source or a store that cannot be written.
pub fn run_source(
    cat: &Catalogue,
    id: &str,
    cfg: &FetchConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RunReport> {
    let src = source::get(cat, id)?;
    let started = now();
    let mut report = RunReport {
        run: format!(
            "{}{}/{}",
            hv::RUN_BASE,
            src.id,
            started.unix_timestamp_nanos() / 1000
        ),
        source: src.id.clone(),
        kind: src.kind.as_str().into(),
        started: stamp(started),
        ..RunReport::default()
    };
    let outcome = (|| -> Result<()> {
        let fetcher = Fetcher::new(cfg.clone(), src.hosts(), authorization(&src)?)?;
        let (prev, validators) = {
            let tx = cat.store().start_transaction()?;
            (
                record::read_state(&tx, &src.iri())?,
                source::validators(&tx, &src)?,
            )
        };
        let agencies = match src.kind {
            Kind::Csv | Kind::Gateway => record::AgencyNames::load(cat.store(), &src)?,
            Kind::Ckan | Kind::Dcat | Kind::Sparql => record::AgencyNames::unused(&src),
        };
        let ctx = Ctx {
            source: &src,
            fetch: &fetcher,
            prev: &prev,
            validators,
            progress,
            agencies: &agencies,
        };
        let fetched = match src.kind {
            Kind::Ckan => ckan::harvest(&ctx),
            Kind::Dcat => dcat::harvest(&ctx),
            Kind::Sparql => sparql::harvest(&ctx),
            Kind::Gateway => gateway::harvest(&ctx),
            Kind::Csv => csv::harvest(&ctx),
        };
        report.requests = fetcher.requests.load(std::sync::atomic::Ordering::Relaxed);
        report.bytes = fetcher.bytes.load(std::sync::atomic::Ordering::Relaxed);
        let fetched = fetched?;
        progress(&format!("writing {} records", fetched.items.len()));
        apply(cat, &src, fetched, &mut report)
    })();
    if let Err(e) = outcome {
        report.status = "failed".into();
        report.errors.insert(0, e.to_string());
        report.ended = stamp(now());
        tracing::warn!(source = %src.id, error = %e, "harvest failed; the previous data is untouched");
        let mut tx = cat.store().start_transaction()?;
        log_run(&mut tx, &src, &report)?;
        tx.commit()?;
        cat.committed(Change::from_subjects(BTreeSet::from([report.run.clone()])));
    }
    Ok(report)
}

/// Runs every enabled source, one after the other.
pub fn run_all(
    cat: &Catalogue,
    cfg: &FetchConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Vec<RunReport>> {
    let mut out = Vec::new();
    for s in source::list(cat)?.into_iter().filter(|s| s.enabled) {
        out.push(run_source(cat, &s.id, cfg, progress)?);
    }
    Ok(out)
}

fn subjects_into(quads: &[Quad], into: &mut BTreeSet<String>) {
    for q in quads {
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            if !into.contains(s.as_str()) {
                into.insert(s.as_str().to_string());
            }
        }
    }
}

/// The write path: one transaction for the whole run.
fn apply(cat: &Catalogue, src: &Source, h: Harvested, report: &mut RunReport) -> Result<()> {
    let g = NamedNode::new_unchecked(src.graph());
    let gr = NamedNode::new_unchecked(graph::restricted_of(g.as_str()));
    let graphs = [g.clone(), gr.clone()];
    let me = src.iri();
    report.pages = h.pages;
    for w in h.warnings {
        if report.warnings.len() < MAX_REPORTED_ERRORS {
            report.warnings.push(w);
        }
    }
    let mut tx = cat.store().start_transaction()?;
    let prev = record::read_state(&tx, &me)?;
    let mut touched = BTreeSet::new();
    if h.not_modified {
        report.unchanged = prev.len() as u64;
    } else {
        let before = hidden_records(&tx)?;
        let entry = entry::validate(cat, src, &graphs, h.items, &prev, report)?;
        let mut seen: HashSet<String> = HashSet::with_capacity(entry.items.len());
        for item in entry.items {
            if !seen.insert(item.key().to_string()) {
                report.warnings.push(format!(
                    "{} is listed twice; the first copy was kept",
                    item.key()
                ));
                continue;
            }
            match item {
                Item::Unchanged { .. } => report.unchanged += 1,
                Item::Invalid { error, .. } => {
                    report.invalid += 1;
                    report.error(error);
                }
                Item::Record(r) => {
                    let hash = match entry.hashes.get(&r.key) {
                        Some(h) => h.clone(),
                        None => record::canonical_hash(&r.triples),
                    };
                    let old = prev.get(&r.key);
                    let new = Remembered {
                        hash,
                        stamp: r.stamp.clone(),
                    };
                    if old.is_some_and(|o| o.hash == new.hash) {
                        report.unchanged += 1;
                        if old != Some(&new) {
                            record::write_state(&mut tx, &me, &r.key, old, Some(&new));
                        }
                        continue;
                    }
                    let stale = record::stored_record(&tx, &graphs, &r.key)?;
                    for q in &stale {
                        tx.remove(q);
                    }
                    subjects_into(&stale, &mut touched);
                    let target = if record::is_restricted(&r) { &gr } else { &g };
                    for t in &r.triples {
                        tx.insert(QuadRef::new(&t.subject, &t.predicate, &t.object, target));
                        if let NamedOrBlankNode::NamedNode(s) = &t.subject {
                            if !touched.contains(s.as_str()) {
                                touched.insert(s.as_str().to_string());
                            }
                        }
                    }
                    if old.is_some() {
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    record::write_state(&mut tx, &me, &r.key, old, Some(&new));
                }
            }
        }
        for (key, old) in &prev {
            if seen.contains(key) {
                continue;
            }
            let stale = record::stored_record(&tx, &graphs, key)?;
            for q in &stale {
                tx.remove(q);
            }
            subjects_into(&stale, &mut touched);
            record::write_state(&mut tx, &me, key, Some(old), None);
            report.removed += 1;
        }
        validation::preclean(&mut tx, &entry.roots)?;
        for q in &entry.side {
            tx.insert(q);
        }
        subjects_into(&entry.side, &mut touched);
        let gone = entry::left_quarantine(&tx, src, &seen, &entry.roots)?;
        if !gone.is_empty() {
            validation::preclean(&mut tx, &gone)?;
            report.warning(format!(
                "{} quarantined record(s) no longer listed by the source were dropped from quarantine",
                gone.len()
            ));
        }
        if let Some((etag, lm)) = &h.validators {
            source::set_validators(&mut tx, src, etag.as_deref(), lm.as_deref())?;
        }
        reconcile_visibility(&mut tx, Some(&before))?;
    }
    report.status = "succeeded".into();
    report.ended = stamp(now());
    log_run(&mut tx, src, report)?;
    tx.commit()?;
    touched.insert(report.run.clone());
    cat.committed(Change::from_subjects(touched));
    Ok(())
}

/// Records the run as a `prov:Activity` in `graph/harvest-log`.
fn log_run(tx: &mut oxigraph::store::Transaction<'_>, src: &Source, r: &RunReport) -> Result<()> {
    let run = NamedNode::new(r.run.clone())
        .map_err(|e| Error::Harvest(format!("run IRI {}: {e}", r.run)))?;
    let g = NamedNode::new_unchecked(graph::HARVEST_LOG);
    let mut add = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        tx.insert(&Quad::new(run.clone(), p, o, g.clone()));
    };
    add(rdf::TYPE, prov::ACTIVITY.into());
    add(rdf::TYPE, hv::RUN.into());
    add(prov::USED, src.iri().into());
    let dt = |v: &str| -> Term { Literal::new_typed_literal(v, xsd::DATE_TIME).into() };
    add(prov::STARTED_AT_TIME, dt(&r.started));
    add(prov::ENDED_AT_TIME, dt(&r.ended));
    add(hv::STATUS, Literal::new_simple_literal(&r.status).into());
    for (p, v) in [
        (hv::ADDED, r.added),
        (hv::UPDATED, r.updated),
        (hv::UNCHANGED, r.unchanged),
        (hv::REMOVED, r.removed),
        (hv::INVALID, r.invalid),
    ] {
        add(
            p,
            Literal::new_typed_literal(v.to_string(), xsd::INTEGER).into(),
        );
    }
    for e in &r.errors {
        add(hv::ERROR, Literal::new_simple_literal(e).into());
    }
    let json = serde_json::to_string(r).map_err(|e| Error::Harvest(e.to_string()))?;
    add(hv::REPORT, Literal::new_simple_literal(json).into());
    Ok(())
}

/// Recorded runs, newest first; `source`: only that source's.
pub fn runs(cat: &Catalogue, source: Option<&str>, limit: usize) -> Result<Vec<RunReport>> {
    let g = NamedNode::new_unchecked(graph::HARVEST_LOG);
    let mut out = Vec::new();
    for q in cat.store().quads_for_pattern(
        None,
        Some(hv::REPORT),
        None,
        Some(GraphNameRef::NamedNode(g.as_ref())),
    ) {
        if let Term::Literal(l) = q?.object {
            if let Ok(r) = serde_json::from_str::<RunReport>(l.value()) {
                if source.is_none_or(|s| s == r.source) {
                    out.push(r);
                }
            }
        }
    }
    // Newest first, by instant (RFC 3339 strings with trimmed fractions do not sort as text).
    let at = |r: &RunReport| OffsetDateTime::parse(&r.started, &Rfc3339).ok();
    out.sort_by(|a, b| at(b).cmp(&at(a)).then(b.run.cmp(&a.run)));
    out.truncate(limit);
    Ok(out)
}
