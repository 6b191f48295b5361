//! Applying a verdict to the store: target graph, quarantine graph, reports.

use super::records::{self, is_quarantine_graph, is_record_graph, QuadSource};
use super::reports::{self, Status};
use super::{evaluate, GateSummary, OnInvalid, Origin, RecordVerdict, Shapes};
use crate::error::{Error, Result};
use crate::store::{hidden_records, reconcile_visibility, Catalogue, Change};
use crate::vocab::{graph, val};
use oxigraph::model::{GraphName, NamedNode, Quad, Term};
use std::collections::{BTreeSet, HashSet};

/// The quarantine graph of a target graph: `graph/quarantine/<path under graph/>`, or
/// `graph/quarantine/other/<hash>` for a graph outside the lienthong namespace.
pub fn quarantine_graph_for(target: &NamedNode) -> NamedNode {
    let t = target.as_str();
    let rest = match t.strip_prefix(graph::NS) {
        Some(rest) if !rest.starts_with("quarantine") => rest.to_string(),
        _ => {
            use sha2::Digest;
            let h = sha2::Sha256::digest(t.as_bytes());
            let hex: String = h[..8].iter().map(|b| format!("{b:02x}")).collect();
            format!("other/{hex}")
        }
    };
    NamedNode::new_unchecked(format!("{}/{rest}", graph::QUARANTINE))
}

/// What a gated batch turns into.
pub struct Plan {
    /// Quads for their target graphs.
    pub accepted: Vec<Quad>,
    /// Quarantined records, quarantine-graph mappings and reports.
    pub side: Vec<Quad>,
    /// Every record root of the batch: their older reports and quarantined copies are replaced.
    pub roots: Vec<Term>,
    pub summary: GateSummary,
    /// Records with findings (their quads moved out when quarantined).
    pub verdicts: Vec<RecordVerdict>,
}

fn context_of(
    src: &dyn QuadSource,
    roots: &[Term],
    skip: &dyn Fn(&GraphName) -> bool,
) -> Result<Vec<Quad>> {
    let mut out = Vec::new();
    let keep = |g: &GraphName| is_record_graph(g) && !skip(g);
    for r in roots {
        if let Term::NamedNode(n) = r {
            out.extend(records::stored_record(src, r, &keep)?);
            // The catalogue links that list the record stay even in skipped graphs (a harvest
            // replaces its records, not the catalogue that lists them): a dataset listed in a
            // catalogue must meet the catalogue requirements.
            for p in [
                crate::vocab::dcat::DATASET_PROP,
                crate::vocab::dcat::SERVICE,
                crate::vocab::dcat::CATALOG_PROP,
            ] {
                for q in src.scan(None, Some(p), Some(n.as_ref().into()))? {
                    if is_record_graph(&q.graph_name) && skip(&q.graph_name) {
                        out.push(q);
                    }
                }
            }
            // A root catalogue is valid because it groups sub-catalogues: give the shapes
            // those links (not the dataset links, which would make every member a target),
            // wherever they are (they belong to the sub-catalogues' records).
            for q in src.scan(
                Some(n.as_ref().into()),
                Some(crate::vocab::dcat::CATALOG_PROP),
                None,
            )? {
                if is_record_graph(&q.graph_name) {
                    out.push(q);
                }
            }
        }
    }
    Ok(out)
}

/// The batch's record roots and their verdicts, with what the store holds about the same
/// records as context (graphs `skip` names left out).
fn judge(
    cat: &Catalogue,
    quads: Vec<Quad>,
    skip: &dyn Fn(&GraphName) -> bool,
    shapes: &Shapes,
) -> Result<(Vec<Term>, Vec<RecordVerdict>)> {
    let roots = records::group(&quads, &[]).roots;
    let context = if cat.is_empty()? {
        Vec::new()
    } else {
        context_of(cat.store(), &roots, skip)?
    };
    Ok((roots, evaluate(shapes, quads, &context)?))
}

/// Validates a batch bound for the store and decides where each record goes.
pub(crate) fn plan(
    cat: &Catalogue,
    quads: Vec<Quad>,
    origin: &Origin,
    policy: OnInvalid,
    shapes: &Shapes,
) -> Result<Plan> {
    let (roots, verdicts) = judge(cat, quads, &|_| false, shapes)?;
    decide(
        verdicts,
        roots,
        origin,
        policy,
        Status::Accepted,
        &origin.source,
    )
}

/// Harvest: validates a run's new and changed records, with the store as context except the
/// graphs `skip` names (the source's own graphs, whose older copies the run replaces).
/// Unlike [`plan`], `Reject` works record by record: records with violations are left out
/// of the plan and returned apart, with their findings; the others go on as under `Accept`.
pub(crate) fn plan_records(
    cat: &Catalogue,
    quads: Vec<Quad>,
    skip: &dyn Fn(&GraphName) -> bool,
    origin: &Origin,
    policy: OnInvalid,
    shapes: &Shapes,
) -> Result<(Plan, Vec<RecordVerdict>)> {
    let (roots, mut verdicts) = judge(cat, quads, skip, shapes)?;
    let mut rejected = Vec::new();
    let policy = if policy == OnInvalid::Reject {
        let (bad, good) = verdicts.into_iter().partition(|v| !v.conforms());
        rejected = bad;
        verdicts = good;
        OnInvalid::Accept
    } else {
        policy
    };
    let plan = decide(
        verdicts,
        roots,
        origin,
        policy,
        Status::Accepted,
        &origin.source,
    )?;
    Ok((plan, rejected))
}

fn decide(
    verdicts: Vec<RecordVerdict>,
    roots: Vec<Term>,
    origin: &Origin,
    policy: OnInvalid,
    ok_status: Status,
    name: &str,
) -> Result<Plan> {
    let mut summary = GateSummary {
        policy: Some(policy),
        records: verdicts.len(),
        ..GateSummary::default()
    };
    // With the store as context a quad may belong to a record rooted outside the batch's
    // own roots (a distribution whose dataset is already stored): replace that one's reports too.
    let mut roots = roots;
    let known: HashSet<Term> = roots.iter().cloned().collect();
    for v in &verdicts {
        if !known.contains(&v.root) {
            roots.push(v.root.clone());
        }
    }
    let bad = verdicts.iter().filter(|v| !v.conforms()).count();
    if policy == OnInvalid::Reject && bad > 0 {
        let text = verdicts
            .iter()
            .filter(|v| !v.conforms())
            .map(reports::verdict_text)
            .collect::<Vec<_>>()
            .join("\n");
        return Err(Error::Rejected {
            source_name: name.to_string(),
            records: bad,
            report: text,
        });
    }
    let now = reports::now();
    let mut accepted = Vec::new();
    let mut side = Vec::new();
    let mut kept = Vec::new();
    let mut mapped: BTreeSet<NamedNode> = BTreeSet::new();
    for mut v in verdicts {
        summary.violations += v.violations();
        summary.warnings += v.warnings();
        let quarantine = !v.conforms() && policy == OnInvalid::Quarantine;
        if v.conforms() {
            summary.conforming += 1;
            if ok_status == Status::Released {
                summary.released += 1;
            }
        } else if quarantine {
            summary.quarantined += 1;
        } else {
            summary.accepted_with_violations += 1;
        }
        let targets = v.target_graphs();
        let mut qgraphs = Vec::new();
        if quarantine {
            for t in &targets {
                let qg = quarantine_graph_for(t);
                if mapped.insert(qg.clone()) {
                    side.push(Quad::new(
                        qg.clone(),
                        val::QUARANTINE_OF,
                        t.clone(),
                        NamedNode::new_unchecked(graph::VALIDATION),
                    ));
                }
                qgraphs.push(qg);
            }
            for q in &v.quads {
                let g = match &q.graph_name {
                    GraphName::NamedNode(g) => quarantine_graph_for(g),
                    _ => continue,
                };
                side.push(Quad::new(
                    q.subject.clone(),
                    q.predicate.clone(),
                    q.object.clone(),
                    g,
                ));
            }
        } else {
            accepted.append(&mut v.quads);
        }
        if !v.findings.is_empty() {
            let status = if quarantine {
                Status::Quarantined
            } else {
                ok_status
            };
            side.extend(reports::report_quads(
                &v, status, origin, &targets, &qgraphs, &now,
            ));
            v.quads.clear();
            kept.push(v);
        }
    }
    Ok(Plan {
        accepted,
        side,
        roots,
        summary,
        verdicts: kept,
    })
}

/// Removes, inside `tx`, the older reports and quarantined copies of these records.
pub(crate) fn preclean(tx: &mut oxigraph::store::Transaction<'_>, roots: &[Term]) -> Result<()> {
    for r in roots {
        reports::delete_for_record(tx, r)?;
        for q in records::stored_record(&*tx, r, &is_quarantine_graph)? {
            tx.remove(&q);
        }
    }
    Ok(())
}

fn subjects_of(quads: &[Quad], roots: &[Term], into: &mut BTreeSet<String>) {
    for q in quads {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject {
            into.insert(s.as_str().to_string());
        }
    }
    for r in roots {
        if let Term::NamedNode(n) = r {
            into.insert(n.as_str().to_string());
        }
    }
}

/// What [`gate`] decided. The caller writes `accepted` to the store itself (and calls
/// `cat.committed`); quarantined records and reports are already written.
pub struct GateOutcome {
    pub accepted: Vec<Quad>,
    pub summary: GateSummary,
    /// Records with findings, with their findings (quads left out).
    pub verdicts: Vec<RecordVerdict>,
}

/// The validation gate for any writer (import, harvest): validates `quads` record by record
/// against `shapes`, with what the store already holds about the same records as context.
/// Quads in the default graph are meant for `target_graph`.
///
/// - `Reject`: any violation → `Err(Error::Rejected)` with the text report; nothing written.
/// - `Quarantine`: records with violations are written to their quarantine graph with their
///   report; the others are returned in `accepted`.
/// - `Accept`: everything is returned in `accepted`; reports are written.
///
/// Reports of records with warnings only are written under every policy; older reports and
/// quarantined copies of the same records are replaced (one transaction).
pub fn gate(
    cat: &Catalogue,
    quads: Vec<Quad>,
    target_graph: &NamedNode,
    origin: &Origin,
    policy: OnInvalid,
    shapes: &Shapes,
) -> Result<GateOutcome> {
    let quads: Vec<Quad> = quads
        .into_iter()
        .map(|q| match q.graph_name {
            GraphName::DefaultGraph => {
                Quad::new(q.subject, q.predicate, q.object, target_graph.clone())
            }
            _ => q,
        })
        .collect();
    let plan = plan(cat, quads, origin, policy, shapes)?;
    write_side(cat, &plan)?;
    Ok(GateOutcome {
        accepted: plan.accepted,
        summary: plan.summary,
        verdicts: plan.verdicts,
    })
}

/// Writes a plan's quarantine and report quads (not the accepted ones), replacing older ones.
pub(crate) fn write_side(cat: &Catalogue, plan: &Plan) -> Result<()> {
    if plan.side.is_empty() && cat.is_empty()? {
        return Ok(());
    }
    let mut tx = cat.store().start_transaction()?;
    preclean(&mut tx, &plan.roots)?;
    for q in &plan.side {
        tx.insert(q);
    }
    tx.commit()?;
    let mut subjects = BTreeSet::new();
    subjects_of(&plan.side, &plan.roots, &mut subjects);
    cat.committed(Change::from_subjects(subjects));
    Ok(())
}

/// Re-validates records already in the store: the quads of each root found in the graphs
/// `from` accepts (quarantine graphs are mapped back to their target graph), with the rest
/// of the store as context. Conforming records end in their target graph, the others in
/// quarantine (under `Accept` they stay, with a report); reports are replaced. One
/// transaction per call: pass batches. `Reject` is not meaningful here and acts as `Quarantine`.
pub fn regate(
    cat: &Catalogue,
    roots: &[Term],
    from: &dyn Fn(&GraphName) -> bool,
    origin: &Origin,
    shapes: &Shapes,
    policy: OnInvalid,
    releasing: bool,
) -> Result<GateSummary> {
    let store = cat.store();
    let targets = reports::quarantine_targets(store)?;
    let back = |g: &GraphName| -> GraphName {
        match g {
            GraphName::NamedNode(n) if is_quarantine_graph(g) => targets
                .get(n)
                .cloned()
                .map_or_else(|| g.clone(), GraphName::from),
            _ => g.clone(),
        }
    };
    let mut originals: Vec<Quad> = Vec::new();
    let mut mapped: Vec<Quad> = Vec::new();
    for r in roots {
        for q in records::stored_record(store, r, from)? {
            mapped.push(Quad::new(
                q.subject.clone(),
                q.predicate.clone(),
                q.object.clone(),
                back(&q.graph_name),
            ));
            originals.push(q);
        }
    }
    let context = context_of(store, roots, from)?;
    let verdicts = evaluate(shapes, mapped, &context)?;
    let ok_status = if releasing {
        Status::Released
    } else {
        Status::Accepted
    };
    let policy = if policy == OnInvalid::Reject {
        OnInvalid::Quarantine
    } else {
        policy
    };
    let plan = decide(
        verdicts,
        roots.to_vec(),
        origin,
        policy,
        ok_status,
        &origin.source,
    )?;
    let mut tx = store.start_transaction()?;
    let before = if releasing {
        Some(hidden_records(&tx)?)
    } else {
        None
    };
    let dest: HashSet<&Quad> = plan.accepted.iter().collect();
    // Quads already where they belong are left alone (post-load validation of large imports).
    for q in &originals {
        if dest.contains(q) {
            continue;
        }
        tx.remove(q);
    }
    let originals_set: HashSet<&Quad> = originals.iter().collect();
    preclean(&mut tx, &plan.roots)?;
    for q in &plan.accepted {
        if !originals_set.contains(q) {
            tx.insert(q);
        }
    }
    for q in &plan.side {
        tx.insert(q);
    }
    if let Some(before) = &before {
        reconcile_visibility(&mut tx, Some(before))?;
    }
    tx.commit()?;
    let mut subjects = BTreeSet::new();
    subjects_of(&plan.side, &plan.roots, &mut subjects);
    cat.committed(Change::from_subjects(subjects));
    Ok(plan.summary)
}
