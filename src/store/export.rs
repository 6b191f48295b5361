//! Export: streams graphs out in any RDF format, restoring what the store normalised.
//!
//! oxigraph keeps numbers by value, so `"12"^^xsd:nonNegativeInteger` comes back as
//! `"12"^^xsd:integer`; DCAT-AP's shapes require the original datatype for some properties.
//! [`fidelity_fix`] restores those datatypes on every way out (export, `/catalog`, `/store`).

use super::{Access, Catalogue};
use crate::error::{Error, Result};
use crate::vocab::{dcat, graph, xsd};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::io::Write;

/// Properties whose DCAT-AP datatype the store does not keep: (property, datatype to restore).
const RESTORED_DATATYPES: &[(NamedNodeRef<'static>, NamedNodeRef<'static>)] =
    &[(dcat::BYTE_SIZE, xsd::NON_NEGATIVE_INTEGER)];

/// Gives a quad back the datatype DCAT-AP expects where the store normalised it.
pub fn fidelity_fix(mut q: Quad) -> Quad {
    if let Term::Literal(l) = &q.object {
        if l.datatype() == xsd::INTEGER && !l.value().starts_with('-') {
            for (p, dt) in RESTORED_DATATYPES {
                if q.predicate.as_ref() == *p {
                    q.object = Literal::new_typed_literal(l.value(), *dt).into();
                    break;
                }
            }
        }
    }
    q
}

pub const PREFIXES: &[(&str, &str)] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("odrl", "http://www.w3.org/ns/odrl/2/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("vn", "https://w3id.org/lienthong/dcat-ap-vn#"),
    ("vncode", "https://w3id.org/lienthong/code/"),
];

/// A serializer with the project's prefixes (for the formats that use them).
pub fn serializer_for(format: RdfFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    if !matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) {
        for (p, iri) in PREFIXES {
            s = s
                .with_prefix(*p, *iri)
                .expect("static prefixes are valid IRIs");
        }
    }
    s
}

#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// One graph; `None` exports every graph the reader may see.
    pub graph: Option<String>,
    pub format: RdfFormat,
    pub access: Access,
}

/// Streams the selection to `writer`. Triple formats (Turtle, N-Triples, RDF/XML, JSON-LD)
/// get the merge of the selected graphs; TriG and N-Quads keep the graph names.
pub fn export(cat: &Catalogue, writer: impl Write, opts: &ExportOptions) -> Result<u64> {
    let graphs: Vec<NamedNode> = match &opts.graph {
        Some(g) => {
            let g = NamedNode::new(g.clone())
                .map_err(|e| Error::BadRequest(format!("invalid graph IRI <{g}>: {e}")))?;
            if opts.access == Access::Public && graph::is_admin_only(g.as_str()) {
                return Err(Error::Forbidden(format!("graph <{g}> is not public")));
            }
            vec![g]
        }
        None => cat.visible_graphs(opts.access)?,
    };
    let keeps_graphs = opts.format.supports_datasets();
    let mut out = serializer_for(opts.format).for_writer(writer);
    let mut n = 0u64;
    for g in &graphs {
        for q in cat
            .store()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(g)))
        {
            let mut q = fidelity_fix(q?);
            if !keeps_graphs {
                q.graph_name = oxigraph::model::GraphName::DefaultGraph;
            }
            out.serialize_quad(&q)?;
            n += 1;
        }
    }
    out.finish()?.flush()?;
    Ok(n)
}
