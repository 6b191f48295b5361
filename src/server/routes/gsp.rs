//! `/store`: the SPARQL 1.1 Graph Store HTTP Protocol (indirect identification:
//! `?graph=IRI` or `?default`). A graph and its restricted companion are one logical graph:
//! the administrator reads and writes both, the public reads only the public part.
//! `?default` is `graph/local`, where SPARQL updates without GRAPH also write.
//! Direct identification works too: `/store/<path>` is the graph `<base_url>/store/<path>`.

use crate::error::{Error, Result};
use crate::server::auth::{Admin, Caller};
use crate::server::error::{blocking, Problem};
use crate::server::params::{accept, content_type, one, url_pairs};
use crate::server::AppState;
use crate::store::{
    export::serializer_for, hidden_records, reconcile_visibility, subjects_of_graphs, Access,
    Catalogue, Change,
};
use crate::vocab::graph;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef};
use std::collections::BTreeSet;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/store",
            get(get_graph)
                .head(head_graph)
                .put(put_graph)
                .post(post_graph)
                .delete(delete_graph),
        )
        .route(
            "/store/{*rest}",
            get(direct_get)
                .head(direct_head)
                .put(direct_put)
                .post(direct_post)
                .delete(direct_delete),
        )
}

type Answer = std::result::Result<Response, Problem>;

enum Target {
    Default,
    Named(NamedNode),
}

fn target(raw: &Option<String>) -> std::result::Result<Option<Target>, Problem> {
    let pairs = url_pairs(raw.as_deref());
    let has_default = pairs.iter().any(|(k, _)| k == "default");
    match (one(&pairs, "graph"), has_default) {
        (Some(_), true) => Err(Problem::bad_request("use either ?graph=IRI or ?default")),
        (Some(g), false) => NamedNode::new(g.clone())
            .map(|n| Some(Target::Named(n)))
            .map_err(|e| Problem::bad_request(format!("invalid graph IRI <{g}>: {e}"))),
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

fn graph_format(headers: &HeaderMap) -> std::result::Result<RdfFormat, Problem> {
    let accept = accept(headers);
    match crate::sparql::negotiate(&accept, crate::sparql::QueryForm::Graph) {
        Some((_, Some(f), _)) => Ok(f),
        _ => Err(Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            format!("no RDF format matches Accept: {accept}"),
        )),
    }
}

async fn get_graph(
    State(st): State<AppState>,
    Caller(who): Caller,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Answer {
    let t = target(&raw)?.unwrap_or(Target::Default);
    let format = graph_format(&headers)?;
    let cat = st.cat.clone();
    let body = blocking(move || read(&cat, &t, who, format)).await?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, format.media_type())],
        body,
    )
        .into_response())
}

async fn head_graph(
    st: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    raw: RawQuery,
) -> Response {
    let r = get_graph(st, caller, headers, raw).await.into_response();
    let (parts, _) = r.into_parts();
    Response::from_parts(parts, axum::body::Body::empty())
}

/// The RDF format of a request body: a missing `Content-Type` is 400, one that is not an
/// RDF graph format is 415 (Unsupported Media Type).
fn body_format(headers: &HeaderMap) -> std::result::Result<RdfFormat, Problem> {
    let ct = content_type(headers).ok_or_else(|| Problem::bad_request("missing Content-Type"))?;
    RdfFormat::from_media_type(&ct)
        .filter(|f| !f.supports_datasets() && *f != RdfFormat::N3)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported Content-Type '{ct}': send text/turtle, application/n-triples, application/rdf+xml or application/ld+json"),
            )
        })
}

fn parse_body(format: RdfFormat, body: &[u8]) -> Result<Vec<Quad>> {
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
) -> Answer {
    let (g, created_name) = match target(&raw)? {
        Some(t) => (write_target(t), false),
        None if !replace => (
            NamedNode::new_unchecked(graph::import(&format!(
                "gsp-{:016x}",
                rand::random::<u64>()
            ))),
            true,
        ),
        None => return Err(Problem::bad_request("PUT needs ?graph=IRI or ?default")),
    };
    if graph::is_restricted(g.as_str()) {
        return Err(Problem::bad_request(
            "restricted companion graphs are managed by the server: write to the base graph",
        ));
    }
    let cat = st.cat.clone();
    let format = body_format(&headers)?;
    let g2 = g.clone();
    let created = blocking(move || {
        let quads = parse_body(format, &body)?;
        write(&cat, &g2, quads, replace)
    })
    .await?;
    if !created {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let mut r = StatusCode::CREATED.into_response();
    if created_name {
        if let Ok(v) = HeaderValue::from_str(&format!("/store?graph={}", urlencoded(g.as_str()))) {
            r.headers_mut().insert(header::LOCATION, v);
        }
    }
    Ok(r)
}

fn urlencoded(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn put_graph(
    State(st): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Answer {
    store_write(st, headers, raw, body, true).await
}

async fn post_graph(
    State(st): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Answer {
    store_write(st, headers, raw, body, false).await
}

async fn delete_graph(State(st): State<AppState>, _: Admin, RawQuery(raw): RawQuery) -> Answer {
    let Some(t) = target(&raw)? else {
        return Err(Problem::bad_request("DELETE needs ?graph=IRI or ?default"));
    };
    let g = write_target(t);
    let cat = st.cat.clone();
    blocking(move || {
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
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Direct graph identification: `/store/<path>` names the graph `<base_url>/store/<path>`.
fn direct(st: &AppState, rest: &str) -> Option<String> {
    let iri = format!("{}/store/{rest}", st.config.base_url.trim_end_matches('/'));
    Some(format!("graph={}", urlencoded(&iri)))
}

async fn direct_get(
    State(st): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(rest): Path<String>,
) -> Answer {
    let raw = direct(&st, &rest);
    get_graph(State(st), caller, headers, RawQuery(raw)).await
}

async fn direct_head(
    State(st): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(rest): Path<String>,
) -> Response {
    let raw = direct(&st, &rest);
    head_graph(State(st), caller, headers, RawQuery(raw)).await
}

async fn direct_put(
    State(st): State<AppState>,
    admin: Admin,
    headers: HeaderMap,
    Path(rest): Path<String>,
    body: Bytes,
) -> Answer {
    let raw = direct(&st, &rest);
    put_graph(State(st), admin, headers, RawQuery(raw), body).await
}

async fn direct_post(
    State(st): State<AppState>,
    admin: Admin,
    headers: HeaderMap,
    Path(rest): Path<String>,
    body: Bytes,
) -> Answer {
    let raw = direct(&st, &rest);
    post_graph(State(st), admin, headers, RawQuery(raw), body).await
}

async fn direct_delete(
    State(st): State<AppState>,
    admin: Admin,
    Path(rest): Path<String>,
) -> Answer {
    let raw = direct(&st, &rest);
    delete_graph(State(st), admin, RawQuery(raw)).await
}
