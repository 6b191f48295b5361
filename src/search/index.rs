//! The index itself: opening it (on disk next to the store, or in memory), turning records
//! into documents, full rebuilds, and following the store's change notifications.

use super::analyzer;
use super::record::{kind_classes, last_segment, Reader, SearchRecord};
use super::schema::{self, facet_index, Fields, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::store::{Catalogue, Change, ChangeListener};
use crate::text::fold;
use crate::vocab::{dcat, rdf};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term as TTerm};

/// Name of the index directory inside the store directory.
pub const DIR_NAME: &str = "search-index";
/// Records the index writer may buffer before flushing (bytes of heap).
const WRITER_HEAP: usize = 96 * 1024 * 1024;

pub(crate) fn err(e: impl std::fmt::Display) -> Error {
    Error::Evaluation(format!("search index: {e}"))
}

/// The full-text index over the catalogue's records.
pub struct SearchIndex {
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    writer: Mutex<IndexWriter>,
    path: Option<PathBuf>,
    pub(crate) labels: Mutex<super::query::LabelCache>,
}

/// What a rebuild did.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RebuildReport {
    pub documents: usize,
    pub seconds: f64,
    pub per_second: f64,
}

fn version_file(dir: &Path) -> PathBuf {
    dir.join("lienthong-schema-version")
}

impl SearchIndex {
    /// An index in memory (for `Catalogue::in_memory()` and tests); empty until rebuilt.
    pub fn in_memory() -> Result<Self> {
        let (schema, fields) = schema::build();
        Self::finish(Index::create_in_ram(schema), fields, None)
    }

    /// Opens the index in `dir`, creating it when missing or when it was written with
    /// another schema version (then it is empty: the caller rebuilds it). Returns whether
    /// it is new.
    pub fn open_dir(dir: &Path) -> Result<(Self, bool)> {
        let (schema, fields) = schema::build();
        let current = std::fs::read_to_string(version_file(dir))
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok());
        let reusable = current == Some(SCHEMA_VERSION) && dir.join("meta.json").exists();
        if !reusable && dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let index = if reusable {
            Index::open_in_dir(dir).map_err(err)?
        } else {
            let i = Index::create_in_dir(dir, schema).map_err(err)?;
            std::fs::write(version_file(dir), SCHEMA_VERSION.to_string())?;
            i
        };
        Ok((
            Self::finish(index, fields, Some(dir.to_path_buf()))?,
            !reusable,
        ))
    }

    /// The index of a catalogue: `<store>/search-index` for an on-disk store (rebuilt from the
    /// store when new), an in-memory one (built now) otherwise.
    pub fn for_catalogue(cat: &Catalogue) -> Result<Self> {
        let (index, new) = match cat.path() {
            Some(p) => Self::open_dir(&p.join(DIR_NAME))?,
            None => (Self::in_memory()?, true),
        };
        if new {
            index.rebuild(cat)?;
        } else {
            // A process that wrote without the index subscribed (an older binary, a tool
            // that bypasses the CLI) leaves it behind; a differing record count shows it.
            let records = Self::record_iris(cat)?.len() as u64;
            if records != index.len() {
                tracing::warn!(
                    records,
                    documents = index.len(),
                    "search index out of step with the store; rebuilding"
                );
                index.rebuild(cat)?;
            }
        }
        Ok(index)
    }

    fn finish(index: Index, fields: Fields, path: Option<PathBuf>) -> Result<Self> {
        analyzer::register(index.tokenizers());
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        let writer = index
            .writer_with_num_threads(threads, WRITER_HEAP)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Evaluation(
                    "search index: another lienthong process holds the index writer lock".into(),
                ),
                e => err(e),
            })?;
        // Manual reload right after each commit: changes are visible as soon as the write
        // that caused them returns.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        Ok(Self {
            reader,
            fields,
            writer: Mutex::new(writer),
            path,
            labels: Mutex::default(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Number of documents (all visibilities).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        self.writer
            .lock()
            .map_err(|_| err("index writer poisoned by a panic"))
    }

    fn commit(&self, w: &mut IndexWriter) -> Result<()> {
        w.commit().map_err(err)?;
        self.reader.reload().map_err(err)
    }

    /// Every record IRI in the store (datasets, databases, data services, agencies).
    pub(crate) fn record_iris(cat: &Catalogue) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        for class in kind_classes() {
            for q in cat
                .store()
                .quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None)
            {
                if let NamedOrBlankNode::NamedNode(s) = q?.subject {
                    out.insert(s.into_string());
                }
            }
        }
        Ok(out)
    }

    /// Drops everything and indexes every record of the store again.
    pub fn rebuild(&self, cat: &Catalogue) -> Result<RebuildReport> {
        let t = Instant::now();
        let iris = Self::record_iris(cat)?;
        let mut w = self.lock()?;
        w.delete_all_documents().map_err(err)?;
        let mut reader = Reader::new(cat.store());
        let mut n = 0;
        for iri in &iris {
            if let Some(r) = reader.read(iri)? {
                w.add_document(self.document(&r)).map_err(err)?;
                n += 1;
            }
        }
        self.commit(&mut w)?;
        let seconds = t.elapsed().as_secs_f64();
        tracing::info!(documents = n, seconds, "search index rebuilt");
        Ok(RebuildReport {
            documents: n,
            seconds,
            per_second: n as f64 / seconds.max(1e-9),
        })
    }

    /// IRIs of the documents holding `value` in the raw field `field`.
    fn docs_with(&self, field: tantivy::schema::Field, value: &str) -> Result<BTreeSet<String>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            TTerm::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&q, &DocSetCollector).map_err(err)?;
        let mut out = BTreeSet::new();
        let mut buf = String::new();
        let mut columns = Vec::new();
        for seg in searcher.segment_readers() {
            columns.push(seg.fast_fields().str("iri").map_err(err)?);
        }
        for d in docs {
            if let Some(Some(col)) = columns.get(d.segment_ord as usize) {
                for ord in col.term_ords(d.doc_id) {
                    buf.clear();
                    if col.ord_to_str(ord, &mut buf).map_err(err)? {
                        out.insert(buf.clone());
                    }
                }
            }
        }
        Ok(out)
    }

    /// Brings the documents of the changed subjects (and of the records that draw on them)
    /// in line with the store, in one commit.
    pub fn apply(&self, cat: &Catalogue, change: &Change) -> Result<usize> {
        let subjects = match change {
            Change::Everything => return Ok(self.rebuild(cat)?.documents),
            Change::Subjects(s) if s.is_empty() => return Ok(0),
            Change::Subjects(s) => s,
        };
        // Past a quarter of the index, a rebuild reads the store once instead of record by record.
        let big = |n: usize| n > 10_000 && n as u64 > self.len() / 4;
        if big(subjects.len()) {
            return Ok(self.rebuild(cat)?.documents);
        }
        // Held from reading the store to the commit: two writes followed concurrently could
        // otherwise commit their documents in the wrong order and leave the older one.
        let mut w = self.lock()?;
        let catalog_key = self.fields.keys[facet_index("catalog").unwrap_or(0)];
        let mut affected: BTreeSet<String> = BTreeSet::new();
        for s in subjects {
            affected.insert(s.clone());
            affected.extend(self.docs_with(self.fields.refs, s)?);
            let Ok(node) = NamedNodeRef::new(s) else {
                continue;
            };
            // Catalogue membership lives on the catalogue: index the members that came or went.
            let mut members = BTreeSet::new();
            for p in [dcat::DATASET_PROP, dcat::SERVICE, dcat::CATALOG_PROP] {
                for q in cat
                    .store()
                    .quads_for_pattern(Some(node.into()), Some(p), None, None)
                {
                    if let Term::NamedNode(m) = q?.object {
                        members.insert(m.into_string());
                    }
                }
            }
            let indexed = self.docs_with(catalog_key, s)?;
            affected.extend(members.symmetric_difference(&indexed).cloned());
            // A distribution now attached to a record that did not change itself.
            for q in cat.store().quads_for_pattern(
                None,
                Some(dcat::DISTRIBUTION_PROP),
                Some(node.into()),
                None,
            ) {
                if let NamedOrBlankNode::NamedNode(o) = q?.subject {
                    affected.insert(o.into_string());
                }
            }
        }
        if big(affected.len()) {
            drop(w);
            return Ok(self.rebuild(cat)?.documents);
        }
        let mut reader = Reader::new(cat.store());
        for iri in &affected {
            w.delete_term(TTerm::from_field_text(self.fields.iri, iri));
            if let Some(r) = reader.read(iri)? {
                w.add_document(self.document(&r)).map_err(err)?;
            }
        }
        self.commit(&mut w)?;
        Ok(affected.len())
    }

    /// The search document of a record.
    pub(crate) fn document(&self, r: &SearchRecord) -> TantivyDocument {
        let f = &self.fields;
        let mut d = doc!(
            f.iri => r.iri.as_str(),
            f.visibility => if r.public { "public" } else { "restricted" },
        );
        for x in &r.refs {
            d.add_text(f.refs, x);
        }
        for (exact, folded, en, lits) in [
            (f.title, f.title_f, Some(f.title_en), &r.titles),
            (f.keyword, f.keyword_f, None, &r.keywords),
        ] {
            for l in lits {
                d.add_text(exact, &l.value);
                d.add_text(folded, &l.value);
                if let (Some(en), true) = (en, l.is_english()) {
                    d.add_text(en, &l.value);
                }
            }
        }
        for l in &r.descriptions {
            d.add_text(f.description_f, &l.value);
            if l.is_english() {
                d.add_text(f.description_en, &l.value);
            }
        }
        for (_, names) in &r.publishers {
            for l in names {
                d.add_text(f.publisher_name_f, &l.value);
            }
        }
        for (_, labels) in &r.themes {
            for l in labels {
                d.add_text(f.theme_label_f, &l.value);
            }
        }
        for i in &r.identifiers {
            d.add_text(f.identifier, i);
        }
        if let Some(m) = &r.modified {
            d.add_text(f.modified, m);
            if let Some(day) = day_number(m) {
                d.add_i64(f.modified_day, day);
            }
        }
        let sort = r.titles.first().map(|l| fold(&l.value)).unwrap_or_default();
        d.add_text(f.sort_title, sort);
        let year = r
            .modified
            .as_deref()
            .and_then(|m| m.get(..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
        let mut facet = |name: &str, value: &str, aliases: &[&str]| {
            if let Some(i) = facet_index(name) {
                d.add_facet(f.facets[i], Facet::from_path([value]));
                d.add_text(f.keys[i], value);
                for a in aliases {
                    d.add_text(f.keys[i], a);
                }
            }
        };
        facet("kind", r.kind, &[]);
        for (iri, names) in &r.publishers {
            let folded: Vec<String> = names.iter().map(|l| fold(&l.value)).collect();
            let mut aliases: Vec<&str> = vec![last_segment(iri)];
            aliases.extend(folded.iter().map(String::as_str));
            facet("publisher", iri, &aliases);
        }
        for (iri, labels) in &r.themes {
            let folded: Vec<String> = labels.iter().map(|l| fold(&l.value)).collect();
            let mut aliases: Vec<&str> = vec![last_segment(iri)];
            aliases.extend(folded.iter().map(String::as_str));
            facet("theme", iri, &aliases);
        }
        for x in &r.formats {
            facet("format", x, &[&x.to_lowercase()]);
        }
        for x in &r.access {
            facet("access", x, &[&x.to_lowercase()]);
        }
        for x in &r.scope {
            facet("scope", x, &[]);
        }
        for x in &r.catalogs {
            facet("catalog", x, &[last_segment(x)]);
        }
        for x in &r.units {
            facet("unit", x, &[last_segment(x)]);
        }
        if let Some(y) = year {
            facet("year", y, &[]);
        }
        d
    }
}

/// Days since 1970-01-01 of an `xsd:date` / `xsd:dateTime` lexical form (for sorting).
fn day_number(s: &str) -> Option<i64> {
    let date = s.get(..10)?;
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(date, &fmt).ok()?;
    Some((d - time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?).whole_days())
}

/// Keeps the index in step with the store (subscribe it with `Catalogue::subscribe`).
impl ChangeListener for SearchIndex {
    fn name(&self) -> &str {
        "search-index"
    }
    fn changed(&self, catalogue: &Catalogue, change: &Change) -> Result<()> {
        let t = Instant::now();
        let n = self.apply(catalogue, change)?;
        tracing::debug!(
            records = n,
            ms = t.elapsed().as_millis() as u64,
            "search index followed a write"
        );
        Ok(())
    }
}
