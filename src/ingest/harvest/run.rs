//! One run of one source: fetch everything through its kind, admit the records
//! ([`super::admit`]), then write them in ONE transaction and record the run in
//! `graph/harvest-log`.

use super::admit;
use super::fetch::{FetchConfig, Fetcher};
use super::kinds::{self, Ctx, Harvested};
use super::map::AgencyNames;
use super::record::{self, Item};
use super::source::{self, Kind, Source};
use super::state::{self, Remembered};
use crate::error::{Error, Result};
use crate::gate;
use crate::store::{hidden_records, reconcile_visibility, Catalogue, Change};
use crate::vocab::{graph, harvest as hv, prov, rdf, xsd};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, QuadRef, Term};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Errors kept in a run report (the rest are counted).
const MAX_REPORTED_ERRORS: usize = 100;

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
    pub(super) fn error(&mut self, e: impl Into<String>) {
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(e.into());
        }
    }
    pub(super) fn warning(&mut self, w: impl Into<String>) {
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
                state::read_state(&tx, &src.iri())?,
                source::validators(&tx, &src)?,
            )
        };
        let agencies = match src.kind {
            Kind::Csv | Kind::Gateway => AgencyNames::load(cat.store(), &src)?,
            Kind::Ckan | Kind::Dcat | Kind::Sparql => AgencyNames::unused(&src),
        };
        let ctx = Ctx {
            source: &src,
            fetch: &fetcher,
            prev: &prev,
            validators,
            progress,
            agencies: &agencies,
        };
        let fetched = kinds::harvest(&ctx);
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
    let prev = state::read_state(&tx, &me)?;
    let mut touched = BTreeSet::new();
    if h.not_modified {
        report.unchanged = prev.len() as u64;
    } else {
        let before = hidden_records(&tx)?;
        let entry = admit::validate(cat, src, &graphs, h.items, &prev, report)?;
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
                            state::write_state(&mut tx, &me, &r.key, old, Some(&new));
                        }
                        continue;
                    }
                    let stale = state::stored_record(&tx, &graphs, &r.key)?;
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
                    state::write_state(&mut tx, &me, &r.key, old, Some(&new));
                }
            }
        }
        for (key, old) in &prev {
            if seen.contains(key) {
                continue;
            }
            let stale = state::stored_record(&tx, &graphs, key)?;
            for q in &stale {
                tx.remove(q);
            }
            subjects_into(&stale, &mut touched);
            state::write_state(&mut tx, &me, key, Some(old), None);
            report.removed += 1;
        }
        gate::preclean(&mut tx, &entry.roots)?;
        for q in &entry.side {
            tx.insert(q);
        }
        subjects_into(&entry.side, &mut touched);
        let gone = admit::left_quarantine(&tx, src, &seen, &entry.roots)?;
        if !gone.is_empty() {
            gate::preclean(&mut tx, &gone)?;
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
