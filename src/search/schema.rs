//! The index schema: one document per record (dataset, database, data service, agency).
//!
//! Text fields come in pairs: `<name>` (diacritics kept, indexed only; titles and keywords)
//! and `<name>_f` (folded, also stored: results and snippets are read from it). English
//! literals also go to `<name>_en`. Descriptions, publisher names and theme labels have no
//! exact copy: they are the bulk of the text (or repeated in every record of an agency), and
//! an exact copy of them roughly doubled the indexing time for little ranking gain. Facets are tantivy facet fields (`facet_<name>`, one path segment per
//! value) for counting, and raw `key_<name>` fields for filtering, which also accept the last
//! IRI segment and the folded label (so `--publisher so-tu-phap` and `--publisher "Sở Tư
//! pháp tỉnh Nghệ An"` both work).

use super::analyzer::{EN_STEM, IDENT, VI, VI_FOLD};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Bumped whenever the schema or the analysis changes: an index with another version is
/// rebuilt from the store when opened.
pub const SCHEMA_VERSION: u32 = 2;

/// The facets, in the order they are reported.
pub const FACETS: &[&str] = &[
    "kind",
    "publisher",
    "theme",
    "format",
    "access",
    "scope",
    "catalog",
    "unit",
    "year",
];

#[derive(Clone, Debug)]
pub struct Fields {
    pub iri: Field,
    pub visibility: Field,
    pub refs: Field,
    pub title: Field,
    pub title_f: Field,
    pub title_en: Field,
    pub description_f: Field,
    pub description_en: Field,
    pub keyword: Field,
    pub keyword_f: Field,
    pub publisher_name_f: Field,
    pub theme_label_f: Field,
    pub identifier: Field,
    pub modified: Field,
    pub modified_day: Field,
    pub sort_title: Field,
    /// `facet_<name>` for each of [`FACETS`].
    pub facets: Vec<Field>,
    /// `key_<name>` for each of [`FACETS`].
    pub keys: Vec<Field>,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let o = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        o.set_stored()
    } else {
        o
    }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let iri = b.add_text_field("iri", STRING | STORED | FAST);
    let visibility = b.add_text_field("visibility", STRING);
    let refs = b.add_text_field("refs", STRING);
    let title = b.add_text_field("title", text(VI, false));
    let title_f = b.add_text_field("title_f", text(VI_FOLD, true));
    let title_en = b.add_text_field("title_en", text(EN_STEM, false));
    let description_f = b.add_text_field("description_f", text(VI_FOLD, true));
    // Descriptions are the bulk of the text: no phrase queries on the English copy.
    let description_en = b.add_text_field(
        "description_en",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(EN_STEM)
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let keyword = b.add_text_field("keyword", text(VI, false));
    let keyword_f = b.add_text_field("keyword_f", text(VI_FOLD, true));
    let publisher_name_f = b.add_text_field("publisher_name_f", text(VI_FOLD, true));
    let theme_label_f = b.add_text_field("theme_label_f", text(VI_FOLD, false));
    let identifier = b.add_text_field("identifier", text(IDENT, true));
    let modified = b.add_text_field("modified", STORED);
    let modified_day = b.add_i64_field("modified_day", INDEXED | FAST);
    let sort_title = b.add_text_field("sort_title", STRING | FAST);
    let mut facets = Vec::new();
    let mut keys = Vec::new();
    for name in FACETS {
        facets.push(b.add_facet_field(&format!("facet_{name}"), STORED));
        keys.push(b.add_text_field(&format!("key_{name}"), STRING));
    }
    let fields = Fields {
        iri,
        visibility,
        refs,
        title,
        title_f,
        title_en,
        description_f,
        description_en,
        keyword,
        keyword_f,
        publisher_name_f,
        theme_label_f,
        identifier,
        modified,
        modified_day,
        sort_title,
        facets,
        keys,
    };
    (b.build(), fields)
}

/// Index of a facet name in [`FACETS`].
pub fn facet_index(name: &str) -> Option<usize> {
    FACETS.iter().position(|f| *f == name)
}
