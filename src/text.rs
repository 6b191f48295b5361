//! Vietnamese text handling: NFC normalisation and diacritic folding.
//!
//! Stored literals are NFC; search and sort keys are folded (`đất đai` → `dat dai`).
//!
//! ```
//! use lienthong::text::{fold, nfc};
//! assert_eq!(fold("Đất đai"), "dat dai");
//! assert_eq!(nfc("e\u{302}\u{301}"), "ế");
//! ```

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC form of `s`, borrowing nothing when it is already NFC (the usual case).
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

pub fn is_nfc(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => s.nfc().eq(s.chars()),
    }
}

/// Lowercase, diacritics removed, `đ`/`Đ` (and the look-alike eth `Ð`) mapped to `d`.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' | 'Ð' | 'ð' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(
            fold("Sở Nông nghiệp và Môi trường"),
            "so nong nghiep va moi truong"
        );
        assert_eq!(fold("ĐẤT ĐAI"), "dat dai");
        assert_eq!(fold("Ðảm bảo"), "dam bao");
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let decomposed: String = "Nghệ An".nfd().collect();
        assert_ne!(decomposed, "Nghệ An");
        assert!(!is_nfc(&decomposed));
        assert_eq!(nfc(&decomposed), "Nghệ An");
    }
}
