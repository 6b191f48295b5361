//! Validation on entry: the one place where a run's mapped records are checked before they
//! are written, under the source's policy (`reject`, `quarantine`, `accept`).
//!
//! Three steps, in order:
//! 1. untagged text (titles, descriptions, names, keywords) takes the source's language
//!    (`vi` by default), because CKAN, spreadsheets and gateway registries carry no tags
//!    and the profile asks for `@vi`;
//! 2. built-in well-formedness checks, whose short messages lead the run report;
//! 3. the SHACL gate with the DCAT-AP-VN shapes ([`crate::gate`]), on the records that
//!    are new or changed since the last run only (an unchanged record was validated when it
//!    entered), with what the rest of the store says about them as context.
//!
//! Under `quarantine` a record with a violation goes, with its report, to the quarantine
//! graph of the source graph, where `lienthong quarantine` lists, re-validates, releases or
//! drops it, and `/api/validation?source=<id>` shows its report. Quarantined and rejected
//! records are not remembered in the record state, so the next run looks at them again:
//! once the agency fixes the record at the source, it goes in.

use super::record::{self, HarvestedRecord, Item};
use super::run::RunReport;
use super::source::{Policy, Source};
use super::state::State;
use crate::error::Result;
use crate::gate::{self, FindingSeverity, OnInvalid, Origin, RecordVerdict, Shapes};
use crate::store::Catalogue;
use crate::vocab::{dcat as dc, dct, foaf, rdf, rdfs, skos, vn, xsd};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef, Triple,
};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// What validation on entry decided for one run.
pub struct Entry {
    /// Records to write (new, changed or unchanged), `Unchanged` and `Invalid` items.
    pub items: Vec<Item>,
    /// Canonical hash of every record in `items`, by key (computed once, here).
    pub hashes: HashMap<String, String>,
    /// Quarantined copies and validation reports, written in the run's transaction.
    pub side: Vec<Quad>,
    /// Roots of the validated records: their older reports and quarantined copies are replaced.
    pub roots: Vec<Term>,
}

/// Predicates whose plain literals are human-readable text in the source's language.
const TEXT_PREDICATES: [NamedNodeRef<'static>; 8] = [
    dct::TITLE,
    dct::DESCRIPTION,
    foaf::NAME,
    dc::KEYWORD,
    rdfs::LABEL,
    rdfs::COMMENT,
    skos::PREF_LABEL,
    skos::ALT_LABEL,
];

/// Gives untagged text the source's language (and NFC, which tagging must not undo).
pub fn localise(triples: &mut [Triple], language: &str) {
    for t in triples.iter_mut() {
        let Term::Literal(l) = &t.object else {
            continue;
        };
        if l.language().is_some()
            || l.datatype() != oxigraph::model::vocab::xsd::STRING
            || !TEXT_PREDICATES.contains(&t.predicate.as_ref())
        {
            continue;
        }
        if let Ok(tagged) =
            Literal::new_language_tagged_literal(crate::text::nfc(l.value()), language)
        {
            t.object = tagged.into();
        }
    }
}

/// The shapes harvest validates with: the embedded DCAT-AP-VN shapes, checked once.
fn shapes() -> Result<Arc<Shapes>> {
    static SHAPES: OnceLock<Arc<Shapes>> = OnceLock::new();
    if let Some(s) = SHAPES.get() {
        return Ok(s.clone());
    }
    let s = Arc::new(Shapes::dcat_ap_vn()?);
    Ok(SHAPES.get_or_init(|| s).clone())
}

/// Runs the three steps on a run's items. `graphs`: the source graph and its restricted
/// companion (records go to one of them).
pub fn validate(
    cat: &Catalogue,
    src: &Source,
    graphs: &[NamedNode; 2],
    items: Vec<Item>,
    prev: &State,
    report: &mut RunReport,
) -> Result<Entry> {
    let language = src.text_language();
    let mut hashes = HashMap::with_capacity(items.len());
    let mut changed: Vec<HarvestedRecord> = Vec::new();
    let mut out: Vec<Option<Item>> = Vec::with_capacity(items.len());
    // Positions of changed records in `out`, where their verdict puts them back.
    let mut slot_of: HashMap<String, usize> = HashMap::new();
    for item in items {
        let Item::Record(mut r) = item else {
            out.push(Some(item));
            continue;
        };
        if let Some(l) = language {
            localise(&mut r.triples, l);
        }
        let hash = record::canonical_hash(&r.triples);
        let same = prev.get(&r.key).is_some_and(|o| o.hash == hash);
        hashes.insert(r.key.clone(), hash);
        if same {
            out.push(Some(Item::Record(r)));
        } else {
            slot_of.entry(r.key.clone()).or_insert(out.len());
            out.push(None);
            changed.push(r);
        }
    }
    let mut entry = Entry {
        items: Vec::new(),
        hashes,
        side: Vec::new(),
        roots: Vec::new(),
    };
    if !changed.is_empty() {
        let decided = gate_changed(cat, src, graphs, changed, &mut entry, report)?;
        for item in decided {
            match slot_of.get(item.key()) {
                Some(&i) if out[i].is_none() => out[i] = Some(item),
                // A key listed twice: the write path keeps the first copy and warns.
                _ => out.push(Some(item)),
            }
        }
    }
    entry.items = out.into_iter().flatten().collect();
    Ok(entry)
}

/// Built-in checks and the SHACL gate on the changed records; returns them as items.
fn gate_changed(
    cat: &Catalogue,
    src: &Source,
    graphs: &[NamedNode; 2],
    changed: Vec<HarvestedRecord>,
    entry: &mut Entry,
    report: &mut RunReport,
) -> Result<Vec<Item>> {
    let [g, gr] = graphs;
    let mut quads = Vec::new();
    let mut owner: HashMap<Term, usize> = HashMap::new();
    for (i, r) in changed.iter().enumerate() {
        let target = if record::is_restricted(r) { gr } else { g };
        // A record's own typed subjects name it first: catalogue links put the catalogue
        // in every dataset's record, and must not make the catalogue's verdict theirs.
        for t in &r.triples {
            if t.predicate.as_ref() == rdf::TYPE {
                owner.entry(t.subject.clone().into()).or_insert(i);
            }
        }
        for t in &r.triples {
            owner.entry(t.subject.clone().into()).or_insert(i);
            quads.push(Quad::new(
                t.subject.clone(),
                t.predicate.clone(),
                t.object.clone(),
                target.clone(),
            ));
        }
    }
    let policy = match src.policy {
        Policy::Reject => OnInvalid::Reject,
        Policy::Quarantine => OnInvalid::Quarantine,
        Policy::Accept => OnInvalid::Accept,
    };
    let own = |gn: &GraphName| matches!(gn, GraphName::NamedNode(n) if n == g || n == gr);
    let (plan, rejected) = gate::plan_records(
        cat,
        quads,
        &own,
        &Origin::new(format!("harvest:{}", src.id)),
        policy,
        &*shapes()?,
    )?;
    // What each changed record's verdicts say: violations (one line each), quarantined.
    let mut verdict: Vec<(Vec<String>, bool)> = vec![(Vec::new(), false); changed.len()];
    let mut note = |v: &RecordVerdict, quarantined: bool| {
        if v.conforms() {
            return;
        }
        if let Some(&i) = owner.get(&v.root) {
            verdict[i].0.push(violations_line(v));
            verdict[i].1 |= quarantined;
        }
    };
    for v in &rejected {
        note(v, false);
    }
    for v in &plan.verdicts {
        note(v, policy == OnInvalid::Quarantine);
    }
    entry.side = plan.side;
    entry.roots = plan.roots;
    let mut out = Vec::with_capacity(changed.len());
    for (r, (shacl, quarantined)) in changed.into_iter().zip(verdict) {
        let mut problems = check_record(&r);
        problems.extend(shacl);
        if problems.is_empty() {
            out.push(Item::Record(r));
            continue;
        }
        let error = format!("{} ({}): {}", r.key, r.origin, problems.join("; "));
        match src.policy {
            Policy::Accept => {
                report.accepted_with_violations += 1;
                report.warning(format!("{error} (accepted by policy)"));
                out.push(Item::Record(r));
            }
            Policy::Quarantine if quarantined => out.push(Item::Invalid {
                key: r.key,
                error: format!("{error} (quarantined)"),
            }),
            // Reject, or a built-in problem the shapes did not see: not written.
            _ => out.push(Item::Invalid {
                key: r.key,
                error: format!("{error} (rejected)"),
            }),
        }
    }
    Ok(out)
}

/// Records of this source waiting in quarantine that the source no longer lists (`seen`:
/// the keys of this complete run; `roots`: the records validated in it): their quarantined
/// copies and reports are to be dropped, as the run drops such records from the source graph.
pub fn left_quarantine(
    tx: &oxigraph::store::Transaction<'_>,
    src: &Source,
    seen: &HashSet<String>,
    roots: &[Term],
) -> Result<Vec<Term>> {
    let validated: HashSet<&Term> = roots.iter().collect();
    let waiting = gate::reports::quarantined_roots_from(tx, Some(&format!("harvest:{}", src.id)))?;
    Ok(waiting
        .into_iter()
        .filter(|r| {
            !validated.contains(r)
                && match r {
                    Term::NamedNode(n) => !seen.contains(n.as_str()),
                    _ => false,
                }
        })
        .collect())
}

/// A record's violations on one line, in Vietnamese (the agencies' language) with the path.
fn violations_line(v: &RecordVerdict) -> String {
    let mut seen = HashSet::new();
    v.findings
        .iter()
        .filter(|f| f.severity == FindingSeverity::Violation)
        .filter_map(|f| {
            let line = format!(
                "{}: {}",
                f.path.as_deref().unwrap_or("(node)"),
                f.message("vi").unwrap_or(&f.component)
            );
            seen.insert(line.clone()).then_some(line)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn has_type(r: &HarvestedRecord, subject: &NamedOrBlankNode, types: &[NamedNodeRef<'_>]) -> bool {
    r.triples.iter().any(|t| {
        &t.subject == subject
            && t.predicate.as_ref() == rdf::TYPE
            && matches!(t.object.as_ref(), TermRef::NamedNode(o) if types.contains(&o))
    })
}

fn has_value(r: &HarvestedRecord, subject: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> bool {
    r.triples.iter().any(|t| {
        &t.subject == subject
            && t.predicate.as_ref() == p
            && match &t.object {
                Term::Literal(l) => !l.value().trim().is_empty(),
                _ => true,
            }
    })
}

fn valid_date(v: &str, datatype: &str) -> bool {
    let d = v.as_bytes();
    let date_ok = d.len() >= 10
        && d[..4].iter().all(u8::is_ascii_digit)
        && d[4] == b'-'
        && d[5..7].iter().all(u8::is_ascii_digit)
        && d[7] == b'-'
        && d[8..10].iter().all(u8::is_ascii_digit)
        && chrono::NaiveDate::parse_from_str(&v[..10], "%Y-%m-%d").is_ok();
    if datatype == xsd::DATE.as_str() {
        date_ok && (d.len() == 10 || matches!(d[10], b'Z' | b'+' | b'-'))
    } else {
        date_ok && d.len() >= 19 && d[10] == b'T'
    }
}

/// Well-formedness checks on one mapped record; each problem is one short message.
pub fn check_record(r: &HarvestedRecord) -> Vec<String> {
    let mut problems = Vec::new();
    let mut subjects: Vec<NamedOrBlankNode> = Vec::new();
    for t in &r.triples {
        if !subjects.contains(&t.subject) {
            subjects.push(t.subject.clone());
        }
    }
    for s in &subjects {
        if has_type(r, s, &[dc::DATASET, vn::DATABASE]) && !has_value(r, s, dct::TITLE) {
            problems.push(format!("dataset {s} has no dct:title"));
        }
        if has_type(r, s, &[dc::DATA_SERVICE]) {
            if !has_value(r, s, dct::TITLE) {
                problems.push(format!("data service {s} has no dct:title"));
            }
            if !has_value(r, s, dc::ENDPOINT_URL) {
                problems.push(format!("data service {s} has no dcat:endpointURL"));
            }
        }
        if has_type(r, s, &[dc::DISTRIBUTION]) && !has_value(r, s, dc::ACCESS_URL) {
            problems.push(format!("distribution {s} has no dcat:accessURL"));
        }
    }
    for t in &r.triples {
        if let Term::Literal(l) = &t.object {
            let dt = l.datatype().as_str();
            if (dt == xsd::DATE.as_str() || dt == xsd::DATE_TIME.as_str())
                && !valid_date(l.value(), dt)
            {
                problems.push(format!(
                    "{} {}: '{}' is not a valid {}",
                    t.subject,
                    t.predicate,
                    l.value(),
                    if dt == xsd::DATE.as_str() {
                        "xsd:date"
                    } else {
                        "xsd:dateTime"
                    }
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untagged_text_takes_the_language_and_other_literals_do_not() {
        let s = NamedNode::new_unchecked("https://data.nghean.gov.vn/dataset/a");
        let mut t = vec![
            Triple::new(
                s.clone(),
                dct::TITLE,
                Literal::new_simple_literal("Đất đai"),
            ),
            Triple::new(
                s.clone(),
                dct::DESCRIPTION,
                Literal::new_language_tagged_literal_unchecked("Land", "en"),
            ),
            Triple::new(
                s.clone(),
                dct::IDENTIFIER,
                Literal::new_simple_literal("A-1"),
            ),
            Triple::new(
                s.clone(),
                dct::ISSUED,
                Literal::new_typed_literal("2026-01-01", xsd::DATE),
            ),
        ];
        localise(&mut t, "vi");
        let lang = |i: usize| match &t[i].object {
            Term::Literal(l) => l.language().map(str::to_string),
            _ => None,
        };
        assert_eq!(lang(0).as_deref(), Some("vi"));
        assert_eq!(lang(1).as_deref(), Some("en"));
        assert_eq!(lang(2), None);
        assert_eq!(lang(3), None);
    }

    #[test]
    fn dates_are_checked_by_shape_and_range() {
        assert!(valid_date("2026-02-28", xsd::DATE.as_str()));
        assert!(!valid_date("2026-13-01", xsd::DATE.as_str()));
        assert!(!valid_date("2026-02-31", xsd::DATE.as_str()));
        assert!(!valid_date("31/03/2026", xsd::DATE.as_str()));
        assert!(valid_date("2026-02-28T08:00:00", xsd::DATE_TIME.as_str()));
        assert!(!valid_date("2026-02-28", xsd::DATE_TIME.as_str()));
    }
}
