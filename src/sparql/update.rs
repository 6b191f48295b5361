//! SPARQL Update: one transaction with the visibility bookkeeping, and the subjects each
//! operation touches (so derived data follows exactly those records).

use super::run::{parse_graph, parser};
use crate::error::{Error, Result};
use crate::store::{hidden_records, reconcile_visibility, subjects_of_graphs, Catalogue, Change};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use spargebra::algebra::GraphTarget;
use spargebra::term::{GroundTermPattern, TermPattern};
use spargebra::{GraphUpdateOperation, Query, Update};
use std::collections::BTreeSet;

/// An update as the protocol carries it.
#[derive(Clone, Debug, Default)]
pub struct UpdateRequest {
    pub update: String,
    pub using_graphs: Vec<String>,
    pub using_named_graphs: Vec<String>,
    pub base_iri: Option<String>,
}

/// Runs an update in one transaction together with the visibility bookkeeping
/// (writes without GRAPH land in `graph/local`; non-public records move to restricted graphs),
/// then tells derived data which subjects changed.
///
/// Operations run one at a time in the same transaction (SPARQL Update is sequential), so
/// that before each `DELETE/INSERT … WHERE` its pattern can be evaluated once to learn which
/// subjects the templates will touch: the search index then follows exactly those records.
pub fn run_update(cat: &Catalogue, req: &UpdateRequest) -> Result<()> {
    let update: Update = parser(req.base_iri.as_deref())?
        .parse_update(&req.update)
        .map_err(|e| Error::QuerySyntax(e.to_string()))?;
    let has_using_or_with = update.operations.iter().any(|op| {
        matches!(
            op,
            spargebra::GraphUpdateOperation::DeleteInsert { using: Some(_), .. }
        )
    });
    let using = if !req.using_graphs.is_empty() || !req.using_named_graphs.is_empty() {
        if has_using_or_with {
            return Err(Error::BadRequest(
                "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH in the update".into(),
            ));
        }
        let default = req
            .using_graphs
            .iter()
            .map(|g| parse_graph(g).map(GraphName::from))
            .collect::<Result<Vec<_>>>()?;
        let named = req
            .using_named_graphs
            .iter()
            .map(|g| parse_graph(g).map(NamedOrBlankNode::from))
            .collect::<Result<Vec<_>>>()?;
        Some((default, named))
    } else {
        None
    };
    let mut tx = cat.store().start_transaction()?;
    let before = hidden_records(&tx)?;
    let mut touched = Some(BTreeSet::new());
    for op in update.operations {
        if let Some(set) = touched.as_mut() {
            if !touched_subjects(&tx, &op, using.as_ref(), set)? {
                touched = None;
            }
        }
        let mut prepared = SparqlEvaluator::new().for_update(Update {
            base_iri: update.base_iri.clone(),
            operations: vec![op],
        });
        if let Some((default, named)) = &using {
            for ds in prepared.using_datasets_mut() {
                ds.set_default_graph(default.clone());
                ds.set_available_named_graphs(named.clone());
            }
        }
        prepared.on_transaction(&mut tx).execute()?;
    }
    reconcile_visibility(&mut tx, Some(&before))?;
    tx.commit()?;
    cat.committed(touched.map_or(Change::Everything, Change::from_subjects));
    Ok(())
}

/// Adds to `out` the IRI subjects that `op` is about to touch; false when that cannot be
/// known cheaply (whole-graph operations on the default or all graphs, LOAD).
fn touched_subjects(
    tx: &oxigraph::store::Transaction<'_>,
    op: &GraphUpdateOperation,
    using: Option<&(Vec<GraphName>, Vec<NamedOrBlankNode>)>,
    out: &mut BTreeSet<String>,
) -> Result<bool> {
    match op {
        GraphUpdateOperation::InsertData { data } => {
            for q in data {
                if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                    out.insert(s.as_str().to_string());
                }
            }
        }
        GraphUpdateOperation::DeleteData { data } => {
            out.extend(data.iter().map(|q| q.subject.as_str().to_string()));
        }
        GraphUpdateOperation::DeleteInsert {
            delete,
            insert,
            using: op_using,
            pattern,
        } => {
            let mut vars = Vec::new();
            let subjects = delete
                .iter()
                .map(|q| match &q.subject {
                    GroundTermPattern::NamedNode(n) => Some(Ok(n)),
                    GroundTermPattern::Variable(v) => Some(Err(v)),
                    _ => None,
                })
                .chain(insert.iter().map(|q| match &q.subject {
                    TermPattern::NamedNode(n) => Some(Ok(n)),
                    TermPattern::Variable(v) => Some(Err(v)),
                    _ => None,
                }));
            for s in subjects.flatten() {
                match s {
                    Ok(n) => {
                        out.insert(n.as_str().to_string());
                    }
                    Err(v) if !vars.contains(v) => vars.push(v.clone()),
                    Err(_) => {}
                }
            }
            if vars.is_empty() {
                return Ok(true);
            }
            let query = Query::Select {
                dataset: op_using.clone(),
                pattern: spargebra::algebra::GraphPattern::Distinct {
                    inner: Box::new(spargebra::algebra::GraphPattern::Project {
                        inner: pattern.clone(),
                        variables: vars,
                    }),
                },
                base_iri: None,
            };
            let mut prepared = SparqlEvaluator::new().for_query(query);
            if let Some((default, named)) = using {
                prepared.dataset_mut().set_default_graph(default.clone());
                prepared
                    .dataset_mut()
                    .set_available_named_graphs(named.clone());
            }
            if let QueryResults::Solutions(solutions) = prepared.on_transaction(tx).execute()? {
                for solution in solutions {
                    for (_, term) in solution?.iter() {
                        if let Term::NamedNode(n) = term {
                            if out.len() > crate::store::change::MAX_TRACKED_SUBJECTS {
                                return Ok(false);
                            }
                            out.insert(n.as_str().to_string());
                        }
                    }
                }
            }
        }
        GraphUpdateOperation::Create { .. } => {}
        GraphUpdateOperation::Clear { graph, .. } | GraphUpdateOperation::Drop { graph, .. } => {
            match graph {
                GraphTarget::NamedNode(g) => {
                    let companion =
                        NamedNode::new_unchecked(crate::vocab::graph::restricted_of(g.as_str()));
                    subjects_of_graphs(tx, &[g.clone(), companion], out)?;
                }
                _ => return Ok(false),
            }
        }
        GraphUpdateOperation::Load { .. } => return Ok(false),
    }
    Ok(true)
}
