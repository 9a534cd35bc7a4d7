//! Word tokens over normalised text (Unicode word boundaries, UAX #29) with light stems.
//!
//! A token's *key* is its light stem: Arabic proclitics and common suffixes stripped
//! (a Light10-style stemmer), English possessives and plurals stripped, digit group separators
//! ignored. Keys are what shingles, alignment and claims compare, so that "والرقة" and "الرقة",
//! "لـ «داعش»" and "لداعش", "3,250" and "3250" match.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// One word or number of a normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the whole token in the normalised text.
    pub norm: Range<u32>,
    /// Byte range of the light stem inside the normalised text (a sub-range of `norm`).
    pub stem: Range<u32>,
    /// Stable 64-bit hash of the key (stem; digits only for numbers).
    pub hash: u64,
    /// True for tokens made of digits (with optional `.`/`,` separators).
    pub is_number: bool,
    /// True for a detached one-letter Arabic clitic (و ف ب ل ك): kept for display, never a key.
    pub is_clitic: bool,
}

impl Token {
    /// The light stem as text.
    pub fn key<'a>(&self, normalized: &'a str) -> &'a str {
        &normalized[self.stem.start as usize..self.stem.end as usize]
    }
    /// The whole token as normalised text.
    pub fn text<'a>(&self, normalized: &'a str) -> &'a str {
        &normalized[self.norm.start as usize..self.norm.end as usize]
    }
}

const KEY_SEED: u64 = 0x636f_7079_6465_736b; // "copydesk"

/// Stable hash of a token key (xxh3 with a fixed seed; safe to persist).
#[inline]
pub fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(key.as_bytes(), KEY_SEED)
}

#[inline]
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

const AR_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
const AR_SUFFIXES: [&str; 9] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي", "ا"];

/// Light stem of an Arabic word (already folded by `normalize`): byte sub-range of `w`.
pub fn arabic_stem(w: &str) -> Range<usize> {
    let mut s = 0usize;
    let mut e = w.len();
    let chars = |s: usize, e: usize| w[s..e].chars().count();
    if w.starts_with('و') && chars(s, e) >= 4 {
        s += 'و'.len_utf8();
    }
    for p in AR_PREFIXES {
        if w[s..e].starts_with(p) && chars(s + p.len(), e) >= 2 {
            s += p.len();
            break;
        }
    }
    for suf in AR_SUFFIXES {
        if w[s..e].ends_with(suf) && chars(s, e - suf.len()) >= 3 {
            e -= suf.len();
        }
    }
    s..e
}

/// Light stem of a Latin-script word (already lower-cased): byte sub-range of `w`.
pub fn latin_stem(w: &str) -> Range<usize> {
    let mut e = w.len();
    if w.ends_with("'s") {
        e -= 2;
    } else if w.ends_with('\'') {
        e -= 1;
    }
    let b = &w.as_bytes()[..e];
    if e > 4 && b.ends_with(b"ies") {
        // "casualties" -> "casualti": same key as "casualty" would give "casualty"; keep simple
        e -= 2;
    } else if e > 3 && b[e - 1] == b's' && b[e - 2] != b's' && b[e - 2] != b'u' && b[e - 2] != b'i'
    {
        e -= 1;
    }
    0..e
}

fn number_hash(t: &str) -> u64 {
    // "3,250" and "3250" are the same number: hash the digits and the decimal point only.
    let mut buf = [0u8; 64];
    let mut n = 0;
    let bytes = t.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        let keep = c.is_ascii_digit()
            || (c == b'.' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit());
        if keep && n < buf.len() {
            buf[n] = c;
            n += 1;
        }
    }
    xxhash_rust::xxh3::xxh3_64_with_seed(&buf[..n], KEY_SEED)
}

fn is_word(t: &str) -> bool {
    t.chars().any(char::is_alphanumeric)
}

/// Tokenise normalised text into word tokens with light stems.
pub fn tokenize(normalized: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(normalized.len() / 6);
    for (start, t) in normalized.split_word_bound_indices() {
        if !is_word(t) {
            continue;
        }
        let end = start + t.len();
        let first = t.chars().next().unwrap_or(' ');
        let is_number = first.is_ascii_digit();
        let (stem, is_clitic) = if is_number {
            (0..t.len(), false)
        } else if is_arabic(first) {
            let clitic = matches!(t, "و" | "ف" | "ب" | "ل" | "ك");
            (arabic_stem(t), clitic)
        } else {
            (latin_stem(t), false)
        };
        let key = &t[stem.clone()];
        let hash = if is_number {
            number_hash(t)
        } else {
            key_hash(key)
        };
        out.push(Token {
            norm: start as u32..end as u32,
            stem: (start + stem.start) as u32..(start + stem.end) as u32,
            hash,
            is_number,
            is_clitic,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn keys(s: &str) -> Vec<String> {
        let n = normalize(s);
        tokenize(&n.text)
            .iter()
            .filter(|t| !t.is_clitic)
            .map(|t| t.key(&n.text).to_string())
            .collect()
    }

    #[test]
    fn arabic_clitics_and_articles_share_keys() {
        assert_eq!(keys("والرقة"), keys("الرقة"));
        assert_eq!(keys("الرقة"), keys("رقة"));
        assert_eq!(keys("لـ «داعش»"), keys("«داعش»"));
    }

    #[test]
    fn numbers_ignore_group_separators() {
        let a = normalize("3,250 killed");
        let b = normalize("3250 killed");
        let ta = tokenize(&a.text);
        let tb = tokenize(&b.text);
        assert_eq!(ta[0].hash, tb[0].hash);
        assert!(ta[0].is_number);
        assert_eq!(ta[0].text(&a.text), "3,250");
    }

    #[test]
    fn english_plurals_and_possessives() {
        assert_eq!(keys("fighters AFP's"), keys("fighter afp"));
        assert_eq!(keys("press"), vec!["press".to_string()]);
    }

    #[test]
    fn eastern_digits_are_numbers() {
        let n = normalize("قتل ٣٢٥٠ شخصا");
        let t = tokenize(&n.text);
        assert!(t[1].is_number);
        assert_eq!(t[1].text(&n.text), "3250");
    }
}
