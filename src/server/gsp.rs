//! `/store`: the SPARQL 1.1 Graph Store HTTP Protocol (indirect identification:
//! `?graph=IRI` or `?default`). A graph and its restricted companion are one logical graph:
//! the administrator reads and writes both, the public reads only the public part.
//! `?default` is `graph/local`, where SPARQL updates without GRAPH also write.
//! Direct identification works too: `/store/<path>` is the graph `<base_url>/store/<path>`.

use super::{
    accept, access, blocking, content_type, form_pairs, one, problem, require_admin, AppState,
};
use crate::error::{Error, Result};
use crate::store::{
    export::serializer_for, hidden_records, reconcile_visibility, subjects_of_graphs, Access,
    Catalogue, Change,
};
use crate::vocab::graph;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef};
use std::collections::BTreeSet;

enum Target {
    Default,
    Named(NamedNode),
}

fn target(raw: &Option<String>) -> std::result::Result<Option<Target>, Response> {
    let pairs = raw
        .as_deref()
        .map(|q| form_pairs(q.as_bytes()))
        .unwrap_or_default();
    let has_default = pairs.iter().any(|(k, _)| k == "default");
    match (one(&pairs, "graph"), has_default) {
        (Some(_), true) => Err(problem(
            StatusCode::BAD_REQUEST,
            "use either ?graph=IRI or ?default",
        )),
        (Some(g), false) => NamedNode::new(g.clone())
            .map(|n| Some(Target::Named(n)))
            .map_err(|e| {
                problem(
                    StatusCode::BAD_REQUEST,
                    format!("invalid graph IRI <{g}>: {e}"),
                )
            }),
        (None, true) => Ok(Some(Target::Default)),
        (None, false) => Ok(None),
    }
}

/// The stored graphs behind a logical graph, for a reader.
fn physical(t: &Target, who: Access) -> Vec<NamedNode> {
    let g = match t {
        Target::Default => NamedNode::new_unchecked(graph::LOCAL),
        Target::Named(g) => g.clone(),
    };
    if who == Access::Public && graph::is_admin_only(g.as_str()) {
        return Vec::new();
    }
    let companion = (who == Access::Admin && !graph::is_restricted(g.as_str()))
        .then(|| NamedNode::new_unchecked(graph::restricted_of(g.as_str())));
    std::iter::once(g).chain(companion).collect()
}

fn exists(cat: &Catalogue, graphs: &[NamedNode]) -> Result<bool> {
    for g in graphs {
        if cat.store().contains_named_graph(g)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn read(cat: &Catalogue, t: &Target, who: Access, format: RdfFormat) -> Result<Vec<u8>> {
    let graphs = physical(t, who);
    if matches!(t, Target::Named(_)) && !exists(cat, &graphs)? {
        // The default graph always exists, possibly empty.
        return Err(Error::NotFound("no such graph".into()));
    }
    let mut out = serializer_for(format).for_writer(Vec::new());
    for g in &graphs {
        for q in cat
            .store()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(g)))
        {
            let q = crate::store::fidelity_fix(q?);
            out.serialize_triple(oxigraph::model::TripleRef::new(
                &q.subject,
                &q.predicate,
                &q.object,
            ))?;
        }
    }
    Ok(out.finish()?)
}

fn graph_format(headers: &HeaderMap) -> std::result::Result<RdfFormat, Response> {
    let accept = accept(headers);
    match crate::sparql::negotiate(&accept, crate::sparql::QueryForm::Graph) {
        Some((_, Some(f), _)) => Ok(f),
        _ => Err(problem(
            StatusCode::NOT_ACCEPTABLE,
            format!("no RDF format matches Accept: {accept}"),
        )),
    }
}

pub async fn get(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let who = match access(&headers, &st.config) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let t = match target(&raw) {
        Ok(Some(t)) => t,
        Ok(None) => Target::Default,
        Err(r) => return r,
    };
    let format = match graph_format(&headers) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let cat = st.cat.clone();
    match blocking(move || read(&cat, &t, who, format)).await {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, format.media_type())],
            body,
        )
            .into_response(),
        Err(r) => r,
    }
}

pub async fn head(State(st): State<AppState>, headers: HeaderMap, raw: RawQuery) -> Response {
    let r = get(State(st), headers, raw).await;
    let (parts, _) = r.into_parts();
    Response::from_parts(parts, axum::body::Body::empty())
}

fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Vec<Quad>> {
    let ct =
        content_type(headers).ok_or_else(|| Error::BadRequest("missing Content-Type".into()))?;
    let format = RdfFormat::from_media_type(&ct)
        .filter(|f| !f.supports_datasets() && *f != RdfFormat::N3)
        .ok_or_else(|| Error::UnknownFormat(ct.clone()))?;
    let mut quads = Vec::new();
    for q in RdfParser::from_format(format)
        .rename_blank_nodes()
        .for_slice(body)
    {
        quads.push(q.map_err(|s| {
            let (line, column) = s
                .location()
                .map_or((0, 0), |l| (l.start.line + 1, l.start.column + 1));
            Error::Syntax {
                file: "request body".into(),
                line,
                column,
                message: s.to_string(),
            }
        })?);
    }
    Ok(quads)
}

/// Writes `quads` into the logical graph (replacing it when `replace`), in one transaction.
/// Returns whether the graph was created.
fn write(cat: &Catalogue, g: &NamedNode, quads: Vec<Quad>, replace: bool) -> Result<bool> {
    let companion = NamedNode::new_unchecked(graph::restricted_of(g.as_str()));
    let existed = exists(cat, &[g.clone(), companion.clone()])?;
    let mut tx = cat.store().start_transaction()?;
    let before = hidden_records(&tx)?;
    let mut touched = BTreeSet::new();
    for q in &quads {
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            touched.insert(s.as_str().to_string());
        }
    }
    if replace {
        subjects_of_graphs(&tx, &[g.clone(), companion.clone()], &mut touched)?;
        tx.clear_graph(g)?;
        tx.clear_graph(&companion)?;
    }
    for q in &quads {
        tx.insert(QuadRef::new(&q.subject, &q.predicate, &q.object, g));
    }
    tx.insert_named_graph(g);
    reconcile_visibility(&mut tx, Some(&before))?;
    tx.commit()?;
    cat.committed(Change::from_subjects(touched));
    Ok(!existed)
}

fn write_target(t: Target) -> NamedNode {
    match t {
        Target::Default => NamedNode::new_unchecked(graph::LOCAL),
        Target::Named(g) => g,
    }
}

async fn store_write(
    st: AppState,
    headers: HeaderMap,
    raw: Option<String>,
    body: Bytes,
    replace: bool,
) -> Response {
    if let Err(r) = require_admin(&headers, &st.config) {
        return r;
    }
    let (g, created_name) = match target(&raw) {
        Ok(Some(t)) => (write_target(t), false),
        Ok(None) if !replace => (
            NamedNode::new_unchecked(graph::import(&format!(
                "gsp-{:016x}",
                rand::random::<u64>()
            ))),
            true,
        ),
        Ok(None) => return problem(StatusCode::BAD_REQUEST, "PUT needs ?graph=IRI or ?default"),
        Err(r) => return r,
    };
    if graph::is_restricted(g.as_str()) {
        return problem(
            StatusCode::BAD_REQUEST,
            "restricted companion graphs are managed by the server: write to the base graph",
        );
    }
    let cat = st.cat.clone();
    let g2 = g.clone();
    let result = blocking(move || {
        let quads = parse_body(&headers, &body)?;
        write(&cat, &g2, quads, replace)
    })
    .await;
    match result {
        Ok(true) => {
            let mut r = StatusCode::CREATED.into_response();
            if created_name {
                if let Ok(v) =
                    HeaderValue::from_str(&format!("/store?graph={}", urlencoded(g.as_str())))
                {
                    r.headers_mut().insert(header::LOCATION, v);
                }
            }
            r
        }
        Ok(false) => StatusCode::NO_CONTENT.into_response(),
        Err(r) => r,
    }
}

fn urlencoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn put(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    store_write(st, headers, raw, body, true).await
}

pub async fn post(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    store_write(st, headers, raw, body, false).await
}

pub async fn delete(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    if let Err(r) = require_admin(&headers, &st.config) {
        return r;
    }
    let g = match target(&raw) {
        Ok(Some(t)) => write_target(t),
        Ok(None) => {
            return problem(
                StatusCode::BAD_REQUEST,
                "DELETE needs ?graph=IRI or ?default",
            )
        }
        Err(r) => return r,
    };
    let cat = st.cat.clone();
    let result = blocking(move || {
        let companion = NamedNode::new_unchecked(graph::restricted_of(g.as_str()));
        if !exists(&cat, &[g.clone(), companion.clone()])? {
            return Err(Error::NotFound(format!("graph <{g}>")));
        }
        let mut tx = cat.store().start_transaction()?;
        let mut touched = BTreeSet::new();
        subjects_of_graphs(&tx, &[g.clone(), companion.clone()], &mut touched)?;
        for n in [NamedNodeRef::from(&g), NamedNodeRef::from(&companion)] {
            tx.remove_named_graph(n)?;
        }
        tx.commit()?;
        cat.committed(Change::from_subjects(touched));
        Ok(())
    })
    .await;
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(r) => r,
    }
}

/// Direct graph identification: `/store/<path>` names the graph `<base_url>/store/<path>`.
fn direct(st: &AppState, rest: &str) -> Option<String> {
    let iri = format!("{}/store/{rest}", st.config.base_url.trim_end_matches('/'));
    Some(format!("graph={}", urlencoded(&iri)))
}

pub async fn direct_get(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(rest): Path<String>,
) -> Response {
    let raw = direct(&st, &rest);
    get(State(st), headers, RawQuery(raw)).await
}

pub async fn direct_head(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(rest): Path<String>,
) -> Response {
    let raw = direct(&st, &rest);
    head(State(st), headers, RawQuery(raw)).await
}

pub async fn direct_put(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(rest): Path<String>,
    body: Bytes,
) -> Response {
    let raw = direct(&st, &rest);
    put(State(st), headers, RawQuery(raw), body).await
}

pub async fn direct_post(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(rest): Path<String>,
    body: Bytes,
) -> Response {
    let raw = direct(&st, &rest);
    post(State(st), headers, RawQuery(raw), body).await
}

pub async fn direct_delete(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(rest): Path<String>,
) -> Response {
    let raw = direct(&st, &rest);
    delete(State(st), headers, RawQuery(raw)).await
}
