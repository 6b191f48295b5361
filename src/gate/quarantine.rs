//! The quarantine workflow an administrator follows: list what waits and why, look at one
//! record, fix it (`lienthong update`, or import the corrected file again), re-validate
//! (conforming records move to their target graph), or release / drop a record by decision.

use super::records::{self, is_quarantine_graph};
use super::reports::{self, ReportQuery, StoredReport};
use super::{regate, GateSummary, Origin, Shapes};
use crate::error::{Error, Result};
use crate::store::{hidden_records, reconcile_visibility, Access, Catalogue, Change};
use crate::vocab::{graph, val};
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, Quad, Term};
use std::collections::BTreeSet;

/// Records re-validated per transaction.
const BATCH: usize = 200;

/// Quarantined records with their reports.
pub fn list(cat: &Catalogue, q: &ReportQuery) -> Result<Vec<StoredReport>> {
    let q = ReportQuery {
        status: Some("quarantined".into()),
        ..q.clone()
    };
    reports::list(cat.store(), &q, Access::Admin)
}

pub fn parse_record(iri: &str) -> Result<Term> {
    let iri = iri.trim().trim_start_matches('<').trim_end_matches('>');
    NamedNode::new(iri)
        .map(Term::from)
        .map_err(|e| Error::BadRequest(format!("invalid record IRI <{iri}>: {e}")))
}

/// A quarantined record: its quads (in their quarantine graphs) and its report.
pub fn show(cat: &Catalogue, record: &Term) -> Result<(Vec<Quad>, Option<StoredReport>)> {
    let quads = records::stored_record(cat.store(), record, &is_quarantine_graph)?;
    let report = reports::list(
        cat.store(),
        &ReportQuery {
            record: Some(reports::term_text(record)),
            ..ReportQuery::default()
        },
        Access::Admin,
    )?
    .pop();
    if quads.is_empty() && report.is_none() {
        return Err(Error::NotFound(format!(
            "{} is not in quarantine and has no validation report",
            reports::term_text(record)
        )));
    }
    Ok((quads, report))
}

/// Validates quarantined records again with the store as it is now (fixes made with
/// `lienthong update` in any graph count); conforming ones move to their target graph.
/// `None` = every quarantined record.
pub fn revalidate(
    cat: &Catalogue,
    which: Option<Vec<Term>>,
    shapes: &Shapes,
) -> Result<GateSummary> {
    let roots = match which {
        Some(r) => r,
        None => reports::quarantined_roots(cat.store())?,
    };
    // New reports keep the source of the batch the record came in with.
    let sources: std::collections::HashMap<String, String> = list(cat, &ReportQuery::default())?
        .into_iter()
        .map(|r| (r.record_text(), r.source))
        .collect();
    let mut by_source: std::collections::BTreeMap<String, Vec<Term>> = Default::default();
    for r in roots {
        let src = sources
            .get(&reports::term_text(&r))
            .cloned()
            .unwrap_or_else(|| "revalidate".into());
        by_source.entry(src).or_default().push(r);
    }
    let mut total = GateSummary::default();
    for (source, roots) in by_source {
        for chunk in roots.chunks(BATCH) {
            let s = regate(
                cat,
                chunk,
                &is_quarantine_graph,
                &Origin::new(source.clone()),
                shapes,
                super::OnInvalid::Quarantine,
                true,
            )?;
            total.records += s.records;
            total.conforming += s.conforming;
            total.released += s.released;
            total.quarantined += s.quarantined;
            total.violations += s.violations;
            total.warnings += s.warnings;
        }
    }
    Ok(total)
}

/// Moves quarantined records to their target graph without validating them again (an
/// administrator's decision); their report stays, with status `released`.
pub fn release(cat: &Catalogue, which: &[Term]) -> Result<usize> {
    move_out(cat, which, true)
}

/// Deletes quarantined records and their reports.
pub fn drop_records(cat: &Catalogue, which: &[Term]) -> Result<usize> {
    move_out(cat, which, false)
}

fn move_out(cat: &Catalogue, which: &[Term], release: bool) -> Result<usize> {
    let store = cat.store();
    let targets = reports::quarantine_targets(store)?;
    let mut tx = store.start_transaction()?;
    let before = hidden_records(&tx)?;
    let mut n = 0;
    let mut subjects = BTreeSet::new();
    for r in which {
        let quads = records::stored_record(&tx, r, &is_quarantine_graph)?;
        if quads.is_empty() {
            return Err(Error::NotFound(format!(
                "{} is not in quarantine",
                reports::term_text(r)
            )));
        }
        n += 1;
        if let Term::NamedNode(s) = r {
            subjects.insert(s.as_str().to_string());
        }
        for q in quads {
            tx.remove(&q);
            if !release {
                continue;
            }
            let GraphName::NamedNode(qg) = &q.graph_name else {
                continue;
            };
            let target = targets.get(qg).cloned().ok_or_else(|| {
                Error::Evaluation(format!("no target graph recorded for {}", qg.as_str()))
            })?;
            tx.insert(&Quad::new(q.subject, q.predicate, q.object, target));
        }
        if release {
            set_status(&mut tx, r, "released")?;
        } else {
            reports::delete_for_record(&mut tx, r)?;
        }
    }
    if release {
        reconcile_visibility(&mut tx, Some(&before))?;
    }
    tx.commit()?;
    cat.committed(Change::from_subjects(subjects));
    Ok(n)
}

fn set_status(
    tx: &mut oxigraph::store::Transaction<'_>,
    record: &Term,
    status: &str,
) -> Result<()> {
    let g = NamedNode::new_unchecked(graph::VALIDATION);
    let reps: Vec<Quad> = tx
        .quads_for_pattern(
            None,
            Some(val::RECORD),
            Some(record.as_ref()),
            Some(GraphNameRef::NamedNode(g.as_ref())),
        )
        .collect::<Result<_, _>>()?;
    for rep in reps {
        let old: Vec<Quad> = tx
            .quads_for_pattern(
                Some(rep.subject.as_ref()),
                Some(val::STATUS),
                None,
                Some(g.as_ref().into()),
            )
            .collect::<Result<_, _>>()?;
        for q in old {
            tx.remove(&q);
        }
        tx.insert(&Quad::new(
            rep.subject.clone(),
            val::STATUS,
            Literal::from(status),
            g.clone(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{GateConfig, OnInvalid};
    use crate::ingest::{import_reader, ImportOptions};
    use oxigraph::io::RdfFormat;
    use std::sync::Arc;

    const DATA: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix vn: <https://w3id.org/lienthong/dcat-ap-vn#> .
<https://data.nghean.gov.vn/catalog/c> a dcat:Catalog ; dct:title "Danh mục"@vi ;
  dct:description "Mô tả"@vi ; dct:publisher <https://data.nghean.gov.vn/agency/ubnd-tinh> ;
  vn:catalogueKind <https://w3id.org/lienthong/code/catalogue-kind/du-lieu-mo> ;
  dcat:dataset <https://data.nghean.gov.vn/dataset/a> , <https://data.nghean.gov.vn/dataset/b> ,
    <https://data.nghean.gov.vn/dataset/d> .
<https://data.nghean.gov.vn/dataset/d> a dcat:Dataset ; dct:identifier "D" ;
  dct:title "Chợ"@vi ; dct:description "Chợ, siêu thị"@vi ;
  vn:accessScope <https://w3id.org/lienthong/code/access-scope/mo> ;
  vn:importance <https://w3id.org/lienthong/code/importance/khac> ;
  vn:personalData <https://w3id.org/lienthong/code/personal-data/khong> .
<https://data.nghean.gov.vn/dataset/a> a dcat:Dataset ; dct:identifier "A" ;
  dct:title "Đất đai"@vi ; dct:description "Quy hoạch"@vi ;
  dct:publisher <https://data.nghean.gov.vn/agency/so-tu-phap> ;
  vn:accessScope <https://w3id.org/lienthong/code/access-scope/dung-chung> ;
  vn:importance <https://w3id.org/lienthong/code/importance/khac> ;
  vn:personalData <https://w3id.org/lienthong/code/personal-data/khong> .
<https://data.nghean.gov.vn/dataset/b> a dcat:Dataset ; dct:identifier "B" ;
  dct:title "Land"@en ; dct:description "Quy hoạch"@vi ;
  dct:publisher <https://data.nghean.gov.vn/agency/so-tu-phap> ;
  vn:accessScope <https://w3id.org/lienthong/code/access-scope/mo> ;
  vn:importance <https://w3id.org/lienthong/code/importance/khac> ;
  vn:personalData <https://w3id.org/lienthong/code/personal-data/khong> .
"#;

    #[test]
    fn quarantine_fix_revalidate_release() {
        let cat = Catalogue::in_memory().unwrap();
        let shapes = Arc::new(Shapes::dcat_ap_vn().unwrap());
        let opts = ImportOptions {
            graph: Some("https://w3id.org/lienthong/graph/import/t".into()),
            format: Some(RdfFormat::Turtle),
            gate: Some(GateConfig {
                shapes: shapes.clone(),
                policy: OnInvalid::Quarantine,
                origin: Origin::new("import:t.ttl"),
            }),
            ..ImportOptions::default()
        };
        let r = import_reader(&cat, DATA.as_bytes(), "t.ttl", &opts, None).unwrap();
        // The summary counts the file's records that entered the catalogue, not the gate's
        // own writes (quarantined copies, reports).
        let in_file = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(DATA.as_bytes())
            .count() as u64;
        assert!(
            r.triples > 0 && r.triples < in_file,
            "{} of {in_file}",
            r.triples
        );
        assert!(
            r.graphs
                .iter()
                .all(|g| !g.contains("/graph/quarantine") && !g.ends_with("/graph/validation")),
            "{:?}",
            r.graphs
        );
        let s = r.validation.unwrap();
        assert_eq!((s.records, s.quarantined), (4, 2), "{s:?}");
        let q = list(&cat, &ReportQuery::default()).unwrap();
        assert_eq!(q.len(), 2);
        // a (shared, warnings only) has a report the administrator sees, anonymous readers not.
        let all = reports::list(cat.store(), &ReportQuery::default(), Access::Admin).unwrap();
        assert_eq!(all.len(), 3);
        let public = reports::list(cat.store(), &ReportQuery::default(), Access::Public).unwrap();
        let mut seen: Vec<String> = public.iter().map(|r| r.record_text()).collect();
        seen.sort();
        assert_eq!(
            seen,
            [
                "https://data.nghean.gov.vn/dataset/b",
                "https://data.nghean.gov.vn/dataset/d"
            ]
        );
        let q = ReportQuery {
            agency: Some("so-tu-phap".into()),
            severity: Some(crate::gate::FindingSeverity::Violation),
            ..ReportQuery::default()
        };
        let by_agency = reports::list(cat.store(), &q, Access::Admin).unwrap();
        assert_eq!(
            by_agency.len(),
            1,
            "b only: a has warnings only, d has no agency"
        );
        // The catalogue link moved with b.
        let b = parse_record("https://data.nghean.gov.vn/dataset/b").unwrap();
        let (quads, rep) = show(&cat, &b).unwrap();
        assert!(quads
            .iter()
            .any(|q| q.predicate == crate::vocab::dcat::DATASET_PROP));
        assert!(rep
            .unwrap()
            .results
            .iter()
            .any(|f| f.path.as_deref() == Some("http://purl.org/dc/terms/title")));
        // Nothing changed: revalidation keeps both.
        let s = revalidate(&cat, None, &shapes).unwrap();
        assert_eq!((s.released, s.quarantined), (0, 2), "{s:?}");
        // Fix b in graph/local, revalidate: b goes to the import graph with its link.
        crate::sparql::run_update(
            &cat,
            &crate::sparql::UpdateRequest {
                update: "INSERT DATA { <https://data.nghean.gov.vn/dataset/b> <http://purl.org/dc/terms/title> \"Đất\"@vi }".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let s = revalidate(&cat, Some(vec![b.clone()]), &shapes).unwrap();
        assert_eq!((s.released, s.quarantined), (1, 0), "{s:?}");
        let g = NamedNode::new_unchecked("https://w3id.org/lienthong/graph/import/t");
        let c = NamedNode::new_unchecked("https://data.nghean.gov.vn/catalog/c");
        assert!(cat
            .store()
            .contains(oxigraph::model::QuadRef::new(
                &c,
                crate::vocab::dcat::DATASET_PROP,
                b.as_ref(),
                &g
            ))
            .unwrap());
        assert_eq!(list(&cat, &ReportQuery::default()).unwrap().len(), 1);
        let left = list(&cat, &ReportQuery::default()).unwrap();
        let rec = left[0].record.clone();
        assert_eq!(
            left[0].record_text(),
            "https://data.nghean.gov.vn/dataset/d"
        );
        assert_eq!(release(&cat, std::slice::from_ref(&rec)).unwrap(), 1);
        assert!(list(&cat, &ReportQuery::default()).unwrap().is_empty());
        assert!(release(&cat, &[rec]).is_err());
    }
}
