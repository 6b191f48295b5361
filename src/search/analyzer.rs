//! Vietnamese-aware text analysis.
//!
//! Vietnamese writes one syllable per space-separated word ("dữ liệu đất đai" is four
//! syllables, two words), so syllable tokens from a Unicode word splitter plus phrase
//! queries over positions give word matching without a dictionary segmenter. Every text is
//! indexed twice: `vi` keeps the diacritics (lowercased NFC), `vi_fold` folds them away
//! (and `đ` → `d`), so "dat dai" finds "đất đai" while "đất đai" still scores higher on the
//! exact field. English literals are also indexed with `en_stem` (Porter stemmer).
//!
//! The folding filter only rewrites token text: offsets still point into the original, so
//! snippets highlight "Đất đai" for the query "dat dai".

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// Lowercased NFC syllables, diacritics kept.
pub const VI: &str = "vi";
/// Lowercased syllables, diacritics removed, `đ`/`Đ` → `d`.
pub const VI_FOLD: &str = "vi_fold";
/// English words, lowercased and stemmed.
pub const EN_STEM: &str = "en_stem";
/// Identifiers: split on punctuation, lowercased, folded.
pub const IDENT: &str = "ident";

/// Tokens longer than this (bytes) are dropped: they are hashes or garbage, not words.
const MAX_TOKEN_LEN: usize = 60;

/// Registers the analyzers on an index's tokenizer manager (they are not persisted by
/// tantivy, so this runs every time an index is opened).
pub fn register(manager: &TokenizerManager) {
    manager.register(VI, vi());
    manager.register(VI_FOLD, vi_fold());
    manager.register(IDENT, vi_fold());
    manager.register(EN_STEM, en_stem());
}

pub fn vi() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .build()
}

pub fn vi_fold() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(Fold)
        .build()
}

pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The token texts `analyzer` makes of `text` (query side: same analysis as indexing).
/// The input is NFC-normalised first: decomposed diacritics would otherwise split syllables.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let text = crate::text::nfc(text);
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(&text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// Token filter applying [`crate::text::fold`] (lowercase, no diacritics, `đ` → `d`).
#[derive(Clone)]
pub struct Fold;

impl TokenFilter for Fold {
    type Tokenizer<T: Tokenizer> = FoldFilter<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldFilter<T> {
        FoldFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct FoldFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for FoldFilter<T> {
    type TokenStream<'a> = FoldStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct FoldStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for FoldStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            token.text = crate::text::fold(&token.text);
        }
        true
    }
    fn token(&self) -> &Token {
        self.tail.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_syllables_and_keeps_offsets() {
        let text = "Cơ sở dữ liệu ĐẤT ĐAI";
        let mut a = vi_fold();
        assert_eq!(
            tokens(&mut a, text),
            ["co", "so", "du", "lieu", "dat", "dai"]
        );
        let mut stream = a.token_stream(text);
        let mut last = None;
        while let Some(t) = stream.next() {
            last = Some((t.offset_from, t.offset_to));
        }
        let (from, to) = last.expect("tokens");
        assert_eq!(&text[from..to], "ĐAI");
    }

    #[test]
    fn exact_analyzer_keeps_diacritics_and_composes_nfd() {
        let decomposed: String =
            unicode_normalization::UnicodeNormalization::nfd("Đất Đai").collect();
        assert_eq!(tokens(&mut vi(), &decomposed), ["đất", "đai"]);
    }

    #[test]
    fn english_is_stemmed() {
        assert_eq!(
            tokens(&mut en_stem(), "Monitoring stations"),
            ["monitor", "station"]
        );
    }
}
