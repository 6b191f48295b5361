//! Running a search: the query built from the user's words, filters, access, facets,
//! snippets and paging.

use super::analyzer;
use super::index::{err, SearchIndex};
use super::record::{last_segment, Reader};
use super::schema::{facet_index, FACETS};
use crate::error::{Error, Result};
use crate::store::{Access, Catalogue};
use std::collections::BTreeMap;
use std::collections::HashMap;
use tantivy::collector::{Count, FacetCollector, MultiCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, TantivyDocument, Term};

/// Largest page size accepted.
pub const MAX_SIZE: usize = 1000;
/// How deep paging may go: `offset + limit` at most (as Elasticsearch's
/// `index.max_result_window`). The collector reserves room for `offset + limit` hits before
/// matching, so an unbounded offset would let one anonymous request exhaust memory.
pub const MAX_WINDOW: usize = 10_000;
/// Values reported per facet unless asked otherwise (CKAN's `facet.limit` default).
pub const DEFAULT_FACET_LIMIT: usize = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Relevance (the default with words), then the newest.
    #[default]
    Relevance,
    ModifiedDesc,
    ModifiedAsc,
    TitleAsc,
    TitleDesc,
}

impl Sort {
    /// Parses `relevance`, `modified desc`, `title asc`, ... and CKAN's names
    /// (`score desc`, `metadata_modified desc`, `title_string asc`, `name asc`).
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        let first = s.split(',').next().unwrap_or("").trim();
        let mut it = first.split_whitespace();
        let key = it.next().unwrap_or("");
        let dir = it.next().unwrap_or("asc");
        Ok(match (key, dir) {
            ("" | "relevance" | "score" | "rank", _) => Sort::Relevance,
            ("modified" | "metadata_modified", "desc") => Sort::ModifiedDesc,
            ("modified" | "metadata_modified", _) => Sort::ModifiedAsc,
            ("title" | "title_string" | "name", "desc") => Sort::TitleDesc,
            ("title" | "title_string" | "name", _) => Sort::TitleAsc,
            _ => {
                return Err(Error::BadRequest(format!(
                "sort '{s}': use relevance, modified asc|desc or title asc|desc (CKAN: score desc, metadata_modified desc, title_string asc, name asc)"
            )))
            }
        })
    }
}

/// A search: words, facet filters (values OR-ed within a facet, AND-ed across facets), page.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub q: String,
    /// (facet name, accepted values)
    pub filters: Vec<(String, Vec<String>)>,
    pub offset: usize,
    pub limit: usize,
    pub sort: Sort,
    /// Facets to count (all of them when empty).
    pub facets: Vec<String>,
    /// Values reported per facet, most frequent first (`None`: all).
    pub facet_limit: Option<usize>,
    pub snippets: bool,
}

impl SearchRequest {
    pub fn new(q: impl Into<String>) -> Self {
        Self {
            q: q.into(),
            limit: 10,
            snippets: true,
            facet_limit: Some(DEFAULT_FACET_LIMIT),
            ..Self::default()
        }
    }

    pub fn filter(mut self, facet: &str, value: &str) -> Self {
        match self.filters.iter_mut().find(|(f, _)| f == facet) {
            Some((_, v)) => v.push(value.to_string()),
            None => self
                .filters
                .push((facet.to_string(), vec![value.to_string()])),
        }
        self
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    pub iri: String,
    pub kind: String,
    pub score: f32,
    pub title: String,
    pub titles: Vec<String>,
    pub description: String,
    pub keywords: Vec<String>,
    pub identifiers: Vec<String>,
    pub publisher: Vec<String>,
    pub publisher_iri: Vec<String>,
    pub theme: Vec<String>,
    pub format: Vec<String>,
    pub access: Vec<String>,
    pub scope: Vec<String>,
    pub catalog: Vec<String>,
    pub modified: Option<String>,
    /// HTML fragments, matches in `<mark>` (text escaped), keyed by field.
    pub highlights: BTreeMap<String, String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct FacetValue {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResponse {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    /// `all` when every word had to match, `any` when nothing matched all of them and the
    /// search was widened to records matching some.
    pub matched: &'static str,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetValue>>,
}

struct Analyzed {
    exact: Vec<String>,
    folded: Vec<String>,
    english: Vec<String>,
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn tq(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q = Box::new(TermQuery::new(
        term(field, text),
        IndexRecordOption::WithFreqs,
    ));
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn phrase(field: Field, words: &[String], boost: f32) -> Option<Box<dyn Query>> {
    (words.len() > 1).then(|| {
        let terms = words.iter().map(|w| term(field, w)).collect();
        Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost)) as Box<dyn Query>
    })
}

impl SearchIndex {
    fn analyze(&self, q: &str) -> Analyzed {
        Analyzed {
            exact: analyzer::tokens(&mut analyzer::vi(), q),
            folded: analyzer::tokens(&mut analyzer::vi_fold(), q),
            english: analyzer::tokens(&mut analyzer::en_stem(), q),
        }
    }

    /// The scoring query for the user's words: every word (folded) must appear in some field
    /// (or, with `any`, at least one); diacritic-exact words, whole phrases and titles add score.
    fn text_query(&self, a: &Analyzed, any: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let word_occur = if any { Occur::Should } else { Occur::Must };
        for (i, w) in a.folded.iter().enumerate() {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, tq(f.title_f, w, 3.0)),
                (Occur::Should, tq(f.keyword_f, w, 2.0)),
                (Occur::Should, tq(f.identifier, w, 2.0)),
                (Occur::Should, tq(f.description_f, w, 1.0)),
                (Occur::Should, tq(f.publisher_name_f, w, 1.0)),
                (Occur::Should, tq(f.theme_label_f, w, 1.0)),
            ];
            if let Some(e) = a.english.get(i) {
                alts.push((Occur::Should, tq(f.title_en, e, 2.0)));
                alts.push((Occur::Should, tq(f.description_en, e, 1.0)));
            }
            clauses.push((word_occur, Box::new(BooleanQuery::new(alts))));
        }
        // The diacritics the user typed: exact syllables score on top of the folded match
        // (a no-op for words typed without diacritics that carry them in the text).
        for w in &a.exact {
            if w.is_ascii() {
                continue;
            }
            clauses.push((Occur::Should, tq(f.title, w, 2.0)));
            clauses.push((Occur::Should, tq(f.keyword, w, 1.5)));
        }
        for p in [
            phrase(f.title_f, &a.folded, 6.0),
            phrase(f.keyword_f, &a.folded, 4.0),
            phrase(f.description_f, &a.folded, 3.0),
            phrase(f.publisher_name_f, &a.folded, 2.0),
            phrase(f.theme_label_f, &a.folded, 2.0),
            phrase(f.title_en, &a.english, 3.0),
        ]
        .into_iter()
        .flatten()
        {
            clauses.push((Occur::Should, p));
        }
        if a.exact.iter().any(|w| !w.is_ascii()) {
            for p in [
                phrase(f.title, &a.exact, 6.0),
                phrase(f.keyword, &a.exact, 3.0),
            ]
            .into_iter()
            .flatten()
            {
                clauses.push((Occur::Should, p));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn filter_clauses(&self, req: &SearchRequest, access: Access) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.fields;
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if access == Access::Public {
            out.push(tq(f.visibility, "public", 1.0));
        }
        for (name, values) in &req.filters {
            let values: Vec<&String> = values.iter().filter(|v| !v.trim().is_empty()).collect();
            if values.is_empty() {
                continue;
            }
            // `access` accepts both the EU access right and the Vietnamese sharing level.
            let keys: Vec<Field> = match name.as_str() {
                "access" => ["access", "scope"]
                    .iter()
                    .filter_map(|n| facet_index(n))
                    .map(|i| f.keys[i])
                    .collect(),
                n => match facet_index(n) {
                    Some(i) => vec![f.keys[i]],
                    None => {
                        return Err(Error::BadRequest(format!(
                            "unknown filter '{n}': known are {}",
                            FACETS.join(", ")
                        )))
                    }
                },
            };
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for v in values {
                let v = v.trim();
                for k in &keys {
                    for form in [v.to_string(), v.to_lowercase(), crate::text::fold(v)] {
                        alts.push((Occur::Should, tq(*k, &form, 1.0)));
                    }
                }
            }
            out.push(Box::new(BooleanQuery::new(alts)));
        }
        Ok(out)
    }

    /// Runs `req` as `access` sees the catalogue; `cat` supplies facet labels.
    pub fn search(
        &self,
        cat: &Catalogue,
        req: &SearchRequest,
        access: Access,
    ) -> Result<SearchResponse> {
        if req.limit > MAX_SIZE {
            return Err(Error::BadRequest(format!(
                "page size {} is larger than {MAX_SIZE}",
                req.limit
            )));
        }
        if req.offset.saturating_add(req.limit) > MAX_WINDOW {
            return Err(Error::BadRequest(format!(
                "trang quá sâu: chỉ xem được {MAX_WINDOW} kết quả đầu, hãy thu hẹp tìm kiếm / \
                 paging too deep: offset {} + size {} is past the first {MAX_WINDOW} results; narrow the search",
                req.offset, req.limit
            )));
        }
        let facet_names: Vec<&str> = if req.facets.is_empty() {
            FACETS.to_vec()
        } else {
            let mut v = Vec::new();
            for n in &req.facets {
                match FACETS.iter().find(|f| **f == n.as_str()) {
                    Some(f) => v.push(*f),
                    None => {
                        return Err(Error::BadRequest(format!(
                            "unknown facet '{n}': known are {}",
                            FACETS.join(", ")
                        )))
                    }
                }
            }
            v
        };
        let a = self.analyze(&req.q);
        let filters = self.filter_clauses(req, access)?;
        let searcher = self.reader.searcher();
        let build = |any: bool| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if a.folded.is_empty() {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            } else {
                clauses.push((Occur::Must, self.text_query(&a, any)));
            }
            for fq in &filters {
                // Filters must match but add nothing to the score.
                clauses.push((
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(fq.box_clone(), 0.0)),
                ));
            }
            Box::new(BooleanQuery::new(clauses))
        };
        // Count and facets in one pass over the matches.
        let count_and_facets = |query: &dyn Query| -> Result<_> {
            let mut multi = MultiCollector::new();
            let count = multi.add_collector(Count);
            let mut handles = Vec::new();
            for name in &facet_names {
                let mut fc = FacetCollector::for_field(format!("facet_{name}"));
                fc.add_facet("/");
                handles.push((name.to_string(), multi.add_collector(fc)));
            }
            let mut fruit = searcher.search(query, &multi).map_err(err)?;
            let total = count.extract(&mut fruit);
            let counts: Vec<_> = handles
                .into_iter()
                .map(|(n, h)| (n, h.extract(&mut fruit)))
                .collect();
            Ok((total, counts))
        };
        let mut query = build(false);
        let mut matched = "all";
        let (mut total, mut facet_counts) = count_and_facets(&*query)?;
        if total == 0 && a.folded.len() > 1 {
            query = build(true);
            matched = "any";
            (total, facet_counts) = count_and_facets(&*query)?;
        }
        let sort = if a.folded.is_empty() && req.sort == Sort::Relevance {
            Sort::ModifiedDesc
        } else {
            req.sort
        };
        let page = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        let addresses: Vec<(f32, DocAddress)> = if req.limit == 0 {
            Vec::new()
        } else {
            match sort {
                Sort::Relevance => searcher
                    .search(&query, &page.order_by_score())
                    .map_err(err)?,
                Sort::ModifiedDesc | Sort::ModifiedAsc => {
                    let order = if sort == Sort::ModifiedDesc {
                        Order::Desc
                    } else {
                        Order::Asc
                    };
                    searcher
                        .search(
                            &query,
                            &page.order_by_fast_field::<i64>("modified_day", order),
                        )
                        .map_err(err)?
                        .into_iter()
                        .map(|(_, d)| (0.0, d))
                        .collect()
                }
                Sort::TitleAsc | Sort::TitleDesc => {
                    let order = if sort == Sort::TitleDesc {
                        Order::Desc
                    } else {
                        Order::Asc
                    };
                    searcher
                        .search(
                            &query,
                            &page.order_by_string_fast_field("sort_title", order),
                        )
                        .map_err(err)?
                        .into_iter()
                        .map(|(_, d)| (0.0, d))
                        .collect()
                }
            }
        };
        let mut snippet_gens = Vec::new();
        if req.snippets && !a.folded.is_empty() {
            for (name, field) in [
                ("title", self.fields.title_f),
                ("description", self.fields.description_f),
                ("keywords", self.fields.keyword_f),
            ] {
                let mut g = SnippetGenerator::create(&searcher, &*query, field).map_err(err)?;
                g.set_max_num_chars(200);
                snippet_gens.push((name, field, g));
            }
        }
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, addr) in addresses {
            let doc: TantivyDocument = searcher.doc(addr).map_err(err)?;
            let mut hit = self.hit(&doc, score);
            // Value by value (Vietnamese first), not the values run together.
            for (name, field, g) in &snippet_gens {
                for value in doc.get_all(*field).filter_map(|v| v.as_str()) {
                    let mut s = g.snippet(value);
                    if !s.highlighted().is_empty() {
                        s.set_snippet_prefix_postfix("<mark>", "</mark>");
                        hit.highlights.insert(name.to_string(), s.to_html());
                        break;
                    }
                }
            }
            for (i, iri) in hit.publisher_iri.iter().enumerate() {
                if hit.publisher.get(i).is_none() {
                    hit.publisher.push(self.label(cat, iri)?);
                }
            }
            hits.push(hit);
        }
        let mut facets = BTreeMap::new();
        for (name, counts) in facet_counts {
            let mut top: Vec<(String, u64)> = counts
                .get("/")
                .map(|(facet, count)| {
                    let value = facet.to_path().first().copied().unwrap_or("").to_string();
                    (value, count)
                })
                .collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            top.truncate(req.facet_limit.unwrap_or(usize::MAX));
            let mut values = Vec::with_capacity(top.len());
            for (value, count) in top {
                let label = match name.as_str() {
                    "publisher" | "theme" | "catalog" | "unit" => self.label(cat, &value)?,
                    _ => value.clone(),
                };
                values.push(FacetValue {
                    value,
                    label,
                    count,
                });
            }
            facets.insert(name, values);
        }
        Ok(SearchResponse {
            total,
            offset: req.offset,
            limit: req.limit,
            matched,
            hits,
            facets,
        })
    }

    fn hit(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let f = &self.fields;
        let texts = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let facet = |name: &str| -> Vec<String> {
            let Some(i) = facet_index(name) else {
                return Vec::new();
            };
            doc.get_all(f.facets[i])
                .filter_map(|v| v.as_facet().map(|s| s.trim_start_matches('/').to_string()))
                .collect()
        };
        let titles = texts(f.title_f);
        let publisher_names = texts(f.publisher_name_f);
        Hit {
            iri: texts(f.iri).into_iter().next().unwrap_or_default(),
            kind: facet("kind").into_iter().next().unwrap_or_default(),
            score,
            title: titles.first().cloned().unwrap_or_default(),
            titles,
            description: texts(f.description_f)
                .into_iter()
                .next()
                .unwrap_or_default(),
            keywords: texts(f.keyword_f),
            identifiers: texts(f.identifier),
            // Names are stored Vietnamese first for each publisher; keep one per publisher.
            publisher: publisher_names.into_iter().take(1).collect(),
            publisher_iri: facet("publisher"),
            theme: facet("theme"),
            format: facet("format"),
            access: facet("access"),
            scope: facet("scope"),
            catalog: facet("catalog"),
            modified: texts(f.modified).into_iter().next(),
            highlights: BTreeMap::new(),
        }
    }
}

/// Display labels of IRIs (agencies, themes, catalogues, units), read from the store once
/// and kept until the next write: a facet can list hundreds of communes.
#[derive(Default)]
pub(crate) struct LabelCache {
    version: u64,
    labels: HashMap<String, String>,
}

impl LabelCache {
    fn label(&mut self, cat: &Catalogue, iri: &str) -> Result<String> {
        if let Some(l) = self.labels.get(iri) {
            return Ok(l.clone());
        }
        let l = Reader::new(cat.store())
            .labels(iri)?
            .first()
            .map_or_else(|| last_segment(iri).to_string(), |l| l.value.clone());
        self.labels.insert(iri.to_string(), l.clone());
        Ok(l)
    }
}

impl SearchIndex {
    /// The display label of `iri` (the lock is held for one lookup only).
    fn label(&self, cat: &Catalogue, iri: &str) -> Result<String> {
        let mut cache = self
            .labels
            .lock()
            .map_err(|_| err("label cache poisoned by a panic"))?;
        if cache.version != cat.version() {
            cache.labels.clear();
            cache.version = cat.version();
        }
        cache.label(cat, iri)
    }
}
