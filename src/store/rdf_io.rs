//! Reading RDF into the store: format detection, parse errors with their position, NFC
//! normalisation, routing of non-public records to restricted graphs, and one atomic bulk
//! load per input. Nothing here validates: the gated import (`ingest::import`) puts the
//! SHACL gate between [`parse_reader`] and [`load_quads`], or around [`load_streaming`].
//!
//! Small files (and every format with anonymous blank nodes) are parsed once into memory;
//! large N-Triples / N-Quads files are streamed twice (classify, then load), so memory
//! stays proportional to the number of non-public records, not to the file.

use super::access::{carries_restriction, is_restriction_mark, reconcile_visibility};
use super::change::{Change, MAX_TRACKED_SUBJECTS};
use super::Catalogue;
use crate::error::{Error, Result};
use crate::text;
use crate::vocab::graph;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Files larger than this are streamed (N-Triples / N-Quads only).
const STREAM_THRESHOLD: u64 = 64 * 1024 * 1024;

/// How to read an input.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Put every triple into this graph (default: the file's own graphs, else `graph/import/<file stem>`).
    pub graph: Option<String>,
    pub format: Option<RdfFormat>,
    /// Skip malformed statements instead of failing; they are counted in the report.
    pub lenient: bool,
    pub base_iri: Option<String>,
}

/// What one load read and wrote.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct LoadReport {
    pub file: String,
    pub format: String,
    pub triples: u64,
    /// Triples routed to restricted graphs because they describe non-public records.
    pub restricted: u64,
    /// Literals that were not in NFC and were normalised.
    pub normalised: u64,
    /// Malformed statements skipped under `--lenient`.
    pub skipped: u64,
    pub graphs: BTreeSet<String>,
}

/// Format from an explicit name (`turtle`, `ttl`, `nt`, media types...) or the file extension.
pub fn detect_format(path: Option<&Path>, explicit: Option<&str>) -> Result<RdfFormat> {
    if let Some(name) = explicit {
        let lower = name.to_ascii_lowercase();
        let by_name = match lower.as_str() {
            "turtle" | "ttl" => Some(RdfFormat::Turtle),
            "trig" => Some(RdfFormat::TriG),
            "ntriples" | "n-triples" | "nt" => Some(RdfFormat::NTriples),
            "nquads" | "n-quads" | "nq" => Some(RdfFormat::NQuads),
            "rdfxml" | "rdf/xml" | "rdf" | "xml" | "owl" => Some(RdfFormat::RdfXml),
            "jsonld" | "json-ld" | "json" => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            _ => RdfFormat::from_media_type(&lower),
        };
        return by_name.ok_or_else(|| Error::UnknownFormat(name.to_string()));
    }
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .ok_or_else(|| Error::UnknownFormat("(no file extension; use --format)".into()))?;
    if ext.eq_ignore_ascii_case("owl") {
        return Ok(RdfFormat::RdfXml);
    }
    match RdfFormat::from_extension(ext) {
        Some(RdfFormat::N3) | None => Err(Error::UnknownFormat(ext.to_string())),
        Some(f) => Ok(f),
    }
}

fn syntax_error(file: &str, e: RdfParseError) -> Error {
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
            message: if io.kind() == std::io::ErrorKind::InvalidData {
                format!("not valid UTF-8 text ({io})")
            } else {
                io.to_string()
            },
        },
    }
}

/// Decides which subjects are non-public while quads stream by. Keys are IRIs, or `_:id`
/// for blank nodes, so that lookups on the hot path borrow instead of cloning terms.
#[derive(Default)]
struct Classifier {
    roots: HashSet<Box<str>>,
    carried: HashMap<Box<str>, Vec<Box<str>>>,
    hidden: HashSet<Box<str>>,
}

fn key_of_subject(s: &NamedOrBlankNode) -> Box<str> {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().into(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()).into(),
    }
}

impl Classifier {
    fn observe(&mut self, q: &Quad) {
        let p = q.predicate.as_str();
        if is_restriction_mark(p, q.object.as_ref()) {
            self.roots.insert(key_of_subject(&q.subject));
        }
        if carries_restriction(p, q.object.as_ref()) {
            let o: Box<str> = match &q.object {
                Term::NamedNode(n) => n.as_str().into(),
                Term::BlankNode(b) => format!("_:{}", b.as_str()).into(),
                _ => return,
            };
            self.carried
                .entry(key_of_subject(&q.subject))
                .or_default()
                .push(o);
        }
    }

    fn merge(&mut self, other: Classifier) {
        self.roots.extend(other.roots);
        for (k, v) in other.carried {
            self.carried.entry(k).or_default().extend(v);
        }
    }

    fn close(&mut self) {
        let mut stack: Vec<Box<str>> = self.roots.iter().cloned().collect();
        self.hidden = self.roots.clone();
        while let Some(s) = stack.pop() {
            if let Some(children) = self.carried.get(&s) {
                for c in children {
                    if self.hidden.insert(c.clone()) {
                        stack.push(c.clone());
                    }
                }
            }
        }
        self.carried = HashMap::new();
    }

    fn contains_subject(&self, s: &NamedOrBlankNode) -> bool {
        match s {
            NamedOrBlankNode::NamedNode(n) => self.hidden.contains(n.as_str()),
            NamedOrBlankNode::BlankNode(b) => {
                self.hidden.contains(format!("_:{}", b.as_str()).as_str())
            }
        }
    }

    fn is_hidden(&self, q: &Quad) -> bool {
        if self.hidden.is_empty() {
            return false;
        }
        self.contains_subject(&q.subject)
            || match &q.object {
                Term::NamedNode(n) => self.hidden.contains(n.as_str()),
                Term::BlankNode(b) => self.hidden.contains(format!("_:{}", b.as_str()).as_str()),
                _ => false,
            }
    }
}

/// Rewrites a parsed quad: NFC literals, stable blank-node ids (streaming), target graph.
struct Router {
    forced: Option<NamedNode>,
    fallback: NamedNode,
    salt: Option<String>,
    restricted: HashMap<NamedNode, NamedNode>,
}

impl Router {
    fn bnode(&self, b: BlankNode) -> BlankNode {
        match &self.salt {
            Some(salt) => BlankNode::new_unchecked(format!("{salt}{}", b.as_str())),
            None => b,
        }
    }

    fn prepare(&self, q: Quad, report: &mut LoadReport) -> Quad {
        let subject = match q.subject {
            NamedOrBlankNode::BlankNode(b) => self.bnode(b).into(),
            s => s,
        };
        let object = match q.object {
            Term::BlankNode(b) => self.bnode(b).into(),
            Term::Literal(l) if !text::is_nfc(l.value()) => {
                report.normalised += 1;
                let value = text::nfc(l.value());
                if let Some(lang) = l.language() {
                    Literal::new_language_tagged_literal_unchecked(value, lang).into()
                } else {
                    Literal::new_typed_literal(value, l.datatype().into_owned()).into()
                }
            }
            o => o,
        };
        let graph = match (&self.forced, q.graph_name) {
            (Some(g), _) => g.clone(),
            (None, GraphName::NamedNode(g)) => g,
            (None, GraphName::BlankNode(b)) => NamedNode::new_unchecked(format!(
                "{}/bnode-graph/{}",
                self.fallback.as_str(),
                self.bnode(b).as_str()
            )),
            (None, GraphName::DefaultGraph) => self.fallback.clone(),
        };
        Quad::new(subject, q.predicate, object, graph)
    }

    fn route(&mut self, q: Quad, hidden: bool) -> Quad {
        if !hidden {
            return q;
        }
        let GraphName::NamedNode(g) = &q.graph_name else {
            return q;
        };
        if graph::is_admin_only(g.as_str()) {
            return q;
        }
        let target = self
            .restricted
            .entry(g.clone())
            .or_insert_with(|| NamedNode::new_unchecked(graph::restricted_of(g.as_str())))
            .clone();
        Quad::new(q.subject, q.predicate, q.object, target)
    }
}

fn parser(format: RdfFormat, opts: &LoadOptions, rename: bool) -> Result<RdfParser> {
    let mut p = RdfParser::from_format(format);
    if let Some(base) = &opts.base_iri {
        p = p
            .with_base_iri(base.clone())
            .map_err(|e| Error::BadRequest(format!("invalid base IRI {base}: {e}")))?;
    }
    if rename {
        p = p.rename_blank_nodes();
    }
    Ok(p)
}

fn router_for(name: &str, opts: &LoadOptions, salt: Option<String>) -> Result<Router> {
    let forced = match &opts.graph {
        Some(g) => Some(
            NamedNode::new(g.clone())
                .map_err(|e| Error::BadRequest(format!("invalid graph IRI <{g}>: {e}")))?,
        ),
        None => None,
    };
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("stdin");
    Ok(Router {
        forced,
        fallback: NamedNode::new_unchecked(graph::import(stem)),
        salt,
        restricted: HashMap::new(),
    })
}

/// A file checked for loading: it exists, is not empty, and its format is known.
#[derive(Clone, Debug)]
pub struct FileInput {
    /// The path as shown in messages and reports.
    pub name: String,
    pub path: PathBuf,
    pub format: RdfFormat,
    /// Large N-Triples / N-Quads: read twice from disk ([`load_streaming`]) instead of
    /// parsed into memory ([`parse_reader`]).
    pub streamed: bool,
}

impl FileInput {
    /// Checks `path`; `format`: the explicit format, else detected from the extension.
    pub fn check(path: &Path, format: Option<RdfFormat>) -> Result<Self> {
        let name = path.display().to_string();
        let format = match format {
            Some(f) => f,
            None => detect_format(Some(path), None)?,
        };
        let meta = std::fs::metadata(path).map_err(|e| Error::Input {
            file: name.clone(),
            message: e.to_string(),
        })?;
        if meta.is_dir() {
            return Err(Error::Input {
                file: name,
                message: "is a directory, not an RDF file".into(),
            });
        }
        if meta.len() == 0 {
            return Err(Error::Input {
                file: name,
                message: "the file is empty: nothing to import".into(),
            });
        }
        let line_based = matches!(format, RdfFormat::NTriples | RdfFormat::NQuads);
        Ok(Self {
            name,
            path: path.to_path_buf(),
            format,
            streamed: line_based && meta.len() > STREAM_THRESHOLD,
        })
    }

    pub fn open(&self) -> Result<BufReader<File>> {
        File::open(&self.path)
            .map(|f| BufReader::with_capacity(1 << 20, f))
            .map_err(|e| Error::Input {
                file: self.name.clone(),
                message: e.to_string(),
            })
    }
}

/// Parses a whole input into memory, ready to load: NFC literals, target graphs, non-public
/// records routed to restricted graphs. Nothing is written.
pub fn parse_reader(
    reader: impl Read,
    name: &str,
    opts: &LoadOptions,
) -> Result<(Vec<Quad>, LoadReport)> {
    let format = opts
        .format
        .ok_or_else(|| Error::UnknownFormat("(none given)".into()))?;
    let mut report = LoadReport {
        file: name.into(),
        format: format.name().into(),
        ..Default::default()
    };
    let mut classifier = Classifier::default();
    let mut quads = Vec::new();
    for q in parser(format, opts, true)?.for_reader(reader) {
        match q {
            Ok(q) => {
                classifier.observe(&q);
                quads.push(q);
            }
            Err(e) if opts.lenient && matches!(e, RdfParseError::Syntax(_)) => report.skipped += 1,
            Err(e) => return Err(syntax_error(name, e)),
        }
    }
    if quads.is_empty() && report.skipped == 0 {
        tracing::warn!(file = name, "no triples in file");
    }
    classifier.close();
    let mut router = router_for(name, opts, None)?;
    let mut prepared = Vec::with_capacity(quads.len());
    for q in quads {
        let hidden = classifier.is_hidden(&q);
        let q = router.route(router.prepare(q, &mut report), hidden);
        report.restricted += u64::from(hidden);
        prepared.push(q);
    }
    Ok((prepared, report))
}

/// Loads from any reader, parsing it once into memory, atomically and without validation.
pub fn load_reader(
    cat: &Catalogue,
    reader: impl Read,
    name: &str,
    opts: &LoadOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<LoadReport> {
    let (prepared, report) = parse_reader(reader, name, opts)?;
    load_quads(cat, prepared.into_iter().map(Ok), report, progress)
}

/// Loads a large line-based file in two streamed passes (classify, then load), atomically
/// and without validation.
pub fn load_streaming(
    cat: &Catalogue,
    input: &FileInput,
    opts: &LoadOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<LoadReport> {
    let (name, path) = (input.name.as_str(), input.path.as_path());
    let open = || input.open();
    let format = opts
        .format
        .ok_or_else(|| Error::UnknownFormat("(none given)".into()))?;
    let mut report = LoadReport {
        file: name.into(),
        format: format.name().into(),
        ..Default::default()
    };
    // Pass 1, in parallel over chunks of the file (line-based formats split cleanly).
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = parser(format, opts, false)?
        .split_file_for_parallel_parsing(path, threads)
        .map_err(|e| Error::Input {
            file: name.into(),
            message: e.to_string(),
        })?;
    let results: Vec<std::thread::Result<(Classifier, u64, bool)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                scope.spawn(move || {
                    let mut c = Classifier::default();
                    let (mut skipped, mut failed) = (0, false);
                    for q in part {
                        match q {
                            Ok(q) => c.observe(&q),
                            Err(_) if opts.lenient => skipped += 1,
                            Err(_) => {
                                failed = true;
                                break;
                            }
                        }
                    }
                    (c, skipped, failed)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut classifier = Classifier::default();
    let mut failed = false;
    for r in results {
        // A failed classifier would let non-public records through: refuse the import.
        let (c, skipped, f) = r.map_err(|_| Error::Input {
            file: name.into(),
            message: "internal error while classifying records; nothing was imported".into(),
        })?;
        classifier.merge(c);
        report.skipped += skipped;
        failed |= f;
    }
    if failed {
        // Chunk parsers cannot say where in the whole file an error is: find it sequentially.
        for q in parser(format, opts, false)?.for_reader(open()?) {
            if let Err(e) = q {
                return Err(syntax_error(name, e));
            }
        }
    }
    classifier.close();
    // Labelled blank nodes keep their label behind a per-import salt: the same in both
    // passes, distinct from every other import.
    let salt = format!("i{:016x}", rand::random::<u64>());
    let mut router = router_for(name, opts, Some(salt))?;
    let mut skipped_again = 0;
    let mut restricted = 0;
    let mut tmp_report = LoadReport::default();
    let quads = parser(format, opts, false)?
        .for_reader(open()?)
        .filter_map(|q| match q {
            Ok(q) => Some(q),
            Err(_) => {
                skipped_again += 1;
                None
            }
        })
        .map(|q| {
            let hidden = classifier.is_hidden(&q);
            restricted += u64::from(hidden);
            Ok(router.route(router.prepare(q, &mut tmp_report), hidden))
        });
    let mut report = load_quads(cat, quads, report, progress)?;
    report.restricted = restricted;
    report.normalised = tmp_report.normalised;
    Ok(report)
}

/// Writes prepared quads in one atomic bulk load, then settles the visibility of records
/// that also exist elsewhere; `report` gets the triple count and the graphs written.
pub fn load_quads(
    cat: &Catalogue,
    quads: impl Iterator<Item = Result<Quad>>,
    mut report: LoadReport,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<LoadReport> {
    let had_data = !cat.store().is_empty()?;
    let mut graphs = BTreeSet::new();
    let mut subjects = BTreeSet::new();
    let mut count = 0u64;
    let mut loader = cat.store().bulk_loader();
    let quads = quads.inspect(|q| {
        if let Ok(q) = q {
            count += 1;
            if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                if subjects.len() <= MAX_TRACKED_SUBJECTS && !subjects.contains(s.as_str()) {
                    subjects.insert(s.as_str().to_string());
                }
            }
            if let GraphName::NamedNode(g) = &q.graph_name {
                if !graphs.contains(g.as_str()) {
                    graphs.insert(g.as_str().to_string());
                }
            }
            if count % 100_000 == 0 {
                if let Some(p) = progress {
                    p(count);
                }
            }
        }
    });
    loader.load_ok_quads::<Error, Error>(quads)?;
    loader.commit()?;
    if had_data {
        // Records may already exist elsewhere with another visibility: settle it.
        let mut tx = cat.store().start_transaction()?;
        reconcile_visibility(&mut tx, None)?;
        tx.commit()?;
    }
    cat.committed(Change::from_subjects(subjects));
    if let Some(p) = progress {
        p(count);
    }
    report.triples = count;
    report.graphs = graphs;
    Ok(report)
}
