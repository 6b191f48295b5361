//! Where the data graph comes from: the store (a chosen set of named graphs, or their
//! union) or an in-memory graph parsed from files. The engine only asks for index scans.

use crate::error::{Error, Result};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{
    Graph, GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef,
};
use oxigraph::sparql::QueryDataset;
use oxigraph::store::Store;
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

/// The data graph as the engine sees it: a few index scans, nothing else.
pub trait DataGraph {
    /// Objects of `(s, p, ?)`, without duplicates.
    fn objects(&self, s: &Term, p: NamedNodeRef<'_>) -> Result<Vec<Term>>;
    /// Subjects of `(?, p, o)`, without duplicates.
    fn subjects(&self, p: NamedNodeRef<'_>, o: &Term) -> Result<Vec<Term>>;
    /// Every `(p, o)` with subject `s` (one prefix scan; the engine caches it per focus node).
    fn outgoing(&self, s: &Term) -> Result<Vec<(NamedNode, Term)>>;
    /// Every `(s, o)` with predicate `p` (targets, `rdfs:subClassOf` closure).
    fn pairs(&self, p: NamedNodeRef<'_>) -> Result<Vec<(Term, Term)>>;
    /// True when literals were normalised on the way in (oxigraph stores `xsd:int`,
    /// `xsd:nonNegativeInteger`... as `xsd:integer`, `xsd:dateTimeStamp` as `xsd:dateTime`):
    /// `sh:datatype` then accepts the normalised datatype when the value fits the declared one.
    fn normalises_literals(&self) -> bool;
    /// A store and dataset on which SHACL-SPARQL constraints run, and the name of a graph
    /// in it holding the shapes graph (`$shapesGraph`), when the source can provide one.
    fn sparql_dataset(&self, shapes: &Graph) -> Result<(Store, QueryDataset, Option<NamedNode>)>;
}

/// Which graphs of the store form the data graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphSelection {
    /// The union of every graph (named graphs and the default graph).
    Union,
    /// Only the default graph.
    Default,
    /// The union of these named graphs.
    Named(Vec<NamedNode>),
}

/// The data graph read directly from an oxigraph store.
pub struct StoreData {
    store: Store,
    graphs: GraphSelection,
}

impl StoreData {
    pub fn new(store: Store, graphs: GraphSelection) -> Self {
        Self { store, graphs }
    }

    fn graph_names(&self) -> Vec<Option<GraphName>> {
        match &self.graphs {
            GraphSelection::Union => vec![None],
            GraphSelection::Default => vec![Some(GraphName::DefaultGraph)],
            GraphSelection::Named(v) => v.iter().map(|g| Some(g.clone().into())).collect(),
        }
    }

    /// Several graphs may hold the same triple: only then is deduplication needed.
    fn may_duplicate(&self) -> bool {
        match &self.graphs {
            GraphSelection::Union => true,
            GraphSelection::Default => false,
            GraphSelection::Named(v) => v.len() > 1,
        }
    }

    fn scan<T: std::hash::Hash + Eq + Clone>(
        &self,
        s: Option<NamedOrBlankNodeRef<'_>>,
        p: Option<NamedNodeRef<'_>>,
        o: Option<TermRef<'_>>,
        mut pick: impl FnMut(oxigraph::model::Quad) -> T,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let dedup = self.may_duplicate();
        for g in self.graph_names() {
            let gref: Option<GraphNameRef<'_>> = g.as_ref().map(GraphName::as_ref);
            for q in self.store.quads_for_pattern(s, p, o, gref) {
                let v = pick(q?);
                if !dedup || seen.insert(v.clone()) {
                    out.push(v);
                }
            }
        }
        Ok(out)
    }
}

pub(crate) fn as_subject(t: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match t {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        _ => None,
    }
}

impl DataGraph for StoreData {
    fn objects(&self, s: &Term, p: NamedNodeRef<'_>) -> Result<Vec<Term>> {
        let Some(s) = as_subject(s) else {
            return Ok(Vec::new());
        };
        self.scan(Some(s), Some(p), None, |q| q.object)
    }
    fn subjects(&self, p: NamedNodeRef<'_>, o: &Term) -> Result<Vec<Term>> {
        self.scan(None, Some(p), Some(o.as_ref()), |q| q.subject.into())
    }
    fn outgoing(&self, s: &Term) -> Result<Vec<(NamedNode, Term)>> {
        let Some(s) = as_subject(s) else {
            return Ok(Vec::new());
        };
        self.scan(Some(s), None, None, |q| (q.predicate, q.object))
    }
    fn pairs(&self, p: NamedNodeRef<'_>) -> Result<Vec<(Term, Term)>> {
        self.scan(None, Some(p), None, |q| (q.subject.into(), q.object))
    }
    fn normalises_literals(&self) -> bool {
        true
    }
    fn sparql_dataset(&self, _shapes: &Graph) -> Result<(Store, QueryDataset, Option<NamedNode>)> {
        // The store is never written to by validation: $shapesGraph stays unbound here.
        let mut ds = QueryDataset::new();
        match &self.graphs {
            GraphSelection::Union => ds.set_default_graph_as_union(),
            GraphSelection::Default => {}
            GraphSelection::Named(v) => {
                ds.set_default_graph(v.iter().map(|g| g.clone().into()).collect());
            }
        }
        Ok((self.store.clone(), ds, None))
    }
}

/// The named graph holding the shapes graph in the SPARQL dataset of in-memory data.
pub const SHAPES_GRAPH: &str = "urn:x-lienthong:shacl:shapes-graph";

/// The data graph held in memory (files given on the command line, tests). Literals keep
/// their exact datatype; SHACL-SPARQL constraints run on a copy loaded into an in-memory
/// store on first use.
pub struct MemoryData {
    graph: Graph,
    store: OnceLock<Store>,
}

impl MemoryData {
    pub fn new(graph: Graph) -> Self {
        Self {
            graph,
            store: OnceLock::new(),
        }
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Parses RDF files (format from each extension) into one graph; quads lose their graph name.
    pub fn from_files(paths: &[impl AsRef<Path>]) -> Result<Self> {
        let mut graph = Graph::new();
        for p in paths {
            read_file_into(p.as_ref(), None, &mut graph)?;
        }
        Ok(Self::new(graph))
    }
}

/// Parses one RDF file into `graph` (errors name the file, line and column).
pub fn read_file_into(path: &Path, format: Option<RdfFormat>, graph: &mut Graph) -> Result<()> {
    let name = path.display().to_string();
    let format = match format {
        Some(f) => f,
        None => crate::store::detect_format(Some(path), None)?,
    };
    let file = std::fs::File::open(path).map_err(|e| Error::Input {
        file: name.clone(),
        message: e.to_string(),
    })?;
    let base = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.to_str().map(|s| format!("file://{s}")));
    let mut parser = RdfParser::from_format(format);
    if let Some(b) = base {
        parser = parser.with_base_iri(b).map_err(|e| Error::Input {
            file: name.clone(),
            message: e.to_string(),
        })?;
    }
    for q in parser.for_reader(std::io::BufReader::new(file)) {
        let q = q.map_err(|e| parse_error(&name, e))?;
        graph.insert(q.as_ref());
    }
    Ok(())
}

pub(crate) fn parse_error(file: &str, e: RdfParseError) -> Error {
    match e {
        RdfParseError::Syntax(s) => {
            let (line, column) = s
                .location()
                .map_or((0, 0), |l| (l.start.line + 1, l.start.column + 1));
            Error::Syntax {
                file: file.to_string(),
                line,
                column,
                message: s.to_string(),
            }
        }
        RdfParseError::Io(io) => Error::Input {
            file: file.to_string(),
            message: io.to_string(),
        },
    }
}

fn dedup<T: std::hash::Hash + Eq + Clone>(v: impl Iterator<Item = T>) -> Vec<T> {
    // Graph iterators never repeat a triple, so no set is needed.
    v.collect()
}

impl DataGraph for MemoryData {
    fn objects(&self, s: &Term, p: NamedNodeRef<'_>) -> Result<Vec<Term>> {
        let Some(s) = as_subject(s) else {
            return Ok(Vec::new());
        };
        Ok(dedup(
            self.graph
                .objects_for_subject_predicate(s, p)
                .map(TermRef::into_owned),
        ))
    }
    fn subjects(&self, p: NamedNodeRef<'_>, o: &Term) -> Result<Vec<Term>> {
        Ok(dedup(
            self.graph
                .subjects_for_predicate_object(p, o.as_ref())
                .map(|s| s.into_owned().into()),
        ))
    }
    fn outgoing(&self, s: &Term) -> Result<Vec<(NamedNode, Term)>> {
        let Some(s) = as_subject(s) else {
            return Ok(Vec::new());
        };
        Ok(self
            .graph
            .triples_for_subject(s)
            .map(|t| (t.predicate.into_owned(), t.object.into_owned()))
            .collect())
    }
    fn pairs(&self, p: NamedNodeRef<'_>) -> Result<Vec<(Term, Term)>> {
        Ok(self
            .graph
            .triples_for_predicate(p)
            .map(|t| (t.subject.into_owned().into(), t.object.into_owned()))
            .collect())
    }
    fn normalises_literals(&self) -> bool {
        false
    }
    fn sparql_dataset(&self, shapes: &Graph) -> Result<(Store, QueryDataset, Option<NamedNode>)> {
        let name = NamedNode::new_unchecked(SHAPES_GRAPH);
        if let Some(s) = self.store.get() {
            return Ok((s.clone(), QueryDataset::new(), Some(name)));
        }
        let store = Store::new()?;
        store.extend(
            self.graph
                .iter()
                .map(|t| t.into_owned().in_graph(GraphName::DefaultGraph))
                .chain(shapes.iter().map(|t| t.into_owned().in_graph(name.clone()))),
        )?;
        let _ = self.store.set(store.clone());
        Ok((store, QueryDataset::new(), Some(name)))
    }
}
