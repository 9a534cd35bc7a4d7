//! Normalisation with a map back to original byte offsets.
//!
//! NFKC (skipped when the text is already NFKC), lower-casing, Arabic folding (alef forms,
//! alef maksura, teh marbuta, hamza carriers, diacritics, tatweel), Arabic-Indic and Persian
//! digits to ASCII, Arabic punctuation to ASCII, quote marks to `"`/`'`, invisible format
//! characters removed and every kind of space to `' '`.

use std::ops::Range;
use unicode_normalization::{
    char::canonical_combining_class, is_nfkc_quick, IsNormalized, UnicodeNormalization,
};

/// Normalised text plus, for every byte of it, the original byte offset it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// `offsets[i]` is the original byte offset of normalised byte `i`; one extra entry at the end
    /// holds the original length, so `offsets[text.len()]` is valid.
    offsets: Vec<u32>,
    /// For every normalised byte, the original byte offset just past the character it came from.
    ends: Vec<u32>,
}

impl Normalized {
    /// Original byte range covered by the normalised byte range `r`.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let p = self.offsets[r.start.min(self.text.len())] as usize;
            return p..p;
        }
        let start = self.offsets[r.start] as usize;
        let end = self.ends[r.end - 1] as usize;
        start..end.max(start)
    }

    /// Original byte offset of normalised byte `i` (`i == text.len()` gives the original length).
    pub fn original_offset(&self, i: usize) -> usize {
        self.offsets[i] as usize
    }
}

/// Fold one (already NFKC, already lower-cased) character. `None` drops it.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // Arabic letters
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ئ' | 'ی' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        // diacritics (harakat, tanwin, shadda, sukun, dagger alef...) and tatweel
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => return None,
        // digits
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        // Arabic punctuation
        '،' => ',',
        '؛' => ';',
        '؟' => '?',
        '٪' => '%',
        '٫' => '.',
        '٬' => ',',
        '۔' => '.',
        // quotes
        '«' | '»' | '“' | '”' | '„' | '‟' | '″' | '〝' | '〞' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        // dashes
        '–' | '—' | '‒' | '―' | '−' => '-',
        // invisible format characters
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => return None,
        c if c.is_whitespace() && c != '\n' => ' ',
        '\r' => ' ',
        c => c,
    })
}

struct Builder {
    text: String,
    offsets: Vec<u32>,
    ends: Vec<u32>,
}

impl Builder {
    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize) {
        let mut lower = [c; 3];
        let n = if c.is_ascii() {
            lower[0] = c.to_ascii_lowercase();
            1
        } else if c.is_lowercase() || !c.is_alphabetic() {
            1
        } else {
            let mut n = 0;
            for l in c.to_lowercase().take(3) {
                lower[n] = l;
                n += 1;
            }
            n
        };
        for &l in &lower[..n] {
            if let Some(f) = fold_char(l) {
                let before = self.text.len();
                self.text.push(f);
                for _ in before..self.text.len() {
                    self.offsets.push(start as u32);
                    self.ends.push(end as u32);
                }
            }
        }
    }
}

/// Normalise `original` for matching, keeping the offset map back to it.
///
/// Articles are capped well below 4 GiB by the reader, so offsets fit in `u32`.
pub fn normalize(original: &str) -> Normalized {
    let mut b = Builder {
        text: String::with_capacity(original.len()),
        offsets: Vec::with_capacity(original.len() + 1),
        ends: Vec::with_capacity(original.len()),
    };
    let already_nfkc = is_nfkc_quick(original.chars()) == IsNormalized::Yes;
    if already_nfkc {
        for (i, c) in original.char_indices() {
            b.push(c, i, i + c.len_utf8());
        }
    } else {
        // NFKC segment by segment: a starter and the non-starters that follow it compose
        // together; every output character maps to the whole segment.
        let mut seg_start = 0;
        let mut iter = original.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let _ = c;
            let next_is_starter = match iter.peek() {
                Some(&(_, n)) => canonical_combining_class(n) == 0,
                None => true,
            };
            if next_is_starter {
                let end = iter.peek().map_or(original.len(), |&(j, _)| j);
                let seg = &original[seg_start..end];
                for nc in seg.nfkc() {
                    b.push(nc, seg_start, end);
                }
                seg_start = end;
            }
            let _ = i;
        }
    }
    b.offsets.push(original.len() as u32);
    Normalized {
        text: b.text,
        offsets: b.offsets,
        ends: b.ends,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_letters_digits_and_punctuation() {
        let n = normalize("أحمد إلى مدرسةٍ ١٢٣ ۴؟ «قال»");
        assert_eq!(n.text, "احمد الي مدرسه 123 4? \"قال\"");
    }

    #[test]
    fn removes_tatweel_and_diacritics() {
        assert_eq!(normalize("لـ «داعش»").text, "ل \"داعش\"");
        assert_eq!(normalize("كَتَبَ").text, "كتب");
    }

    #[test]
    fn case_folds_latin_and_maps_back() {
        let s = "The AFP Said";
        let n = normalize(s);
        assert_eq!(n.text, "the afp said");
        let r = n.original_range(4..7);
        assert_eq!(&s[r], "AFP");
    }

    #[test]
    fn nfkc_compatibility_forms_map_to_whole_source_char() {
        let s = "ﬁne Ⅶ x";
        let n = normalize(s);
        assert!(n.text.starts_with("fine"));
        assert_eq!(&s[n.original_range(0..2)], "ﬁ");
    }

    #[test]
    fn combining_sequences_compose() {
        let s = "cafe\u{0301} ok";
        let n = normalize(s);
        assert_eq!(n.text, "café ok");
        assert_eq!(
            &s[n.original_range(0..n.text.find(' ').unwrap())],
            "cafe\u{0301}"
        );
    }

    #[test]
    fn removed_characters_do_not_break_ranges() {
        let s = "a\u{200F}b";
        let n = normalize(s);
        assert_eq!(n.text, "ab");
        assert_eq!(&s[n.original_range(0..2)], s);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Latin, Arabic (with diacritics, tatweel, Eastern digits), compatibility forms,
        // combining marks, quotes and invisible characters.
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "Z", "é", "e\u{301}", "ﬁ", "Ⅶ", " ", "\n", ".", "«", "»", "“", "ا", "أ", "إ",
                "ى", "ة", "ـ", "\u{64E}", "\u{651}", "٣", "۴", "؟", "،", "\u{200F}", "ß", "İ", "Σ",
                "1", "-", "—",
            ]),
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Every normalised byte maps to a character boundary of the original, the map is
        /// monotonic, and a normalised range maps back to a slice of the original.
        #[test]
        fn offsets_round_trip(s in text()) {
            let n = normalize(&s);
            let mut last = 0;
            for i in 0..=n.text.len() {
                let o = n.original_offset(i);
                prop_assert!(s.is_char_boundary(o));
                prop_assert!(o >= last);
                last = o;
            }
            for (i, c) in n.text.char_indices() {
                let r = n.original_range(i..i + c.len_utf8());
                prop_assert!(s.get(r.clone()).is_some());
                // the original slice normalises to text that contains this character
                prop_assert!(normalize(&s[r]).text.contains(c));
            }
        }

        /// Normalising twice changes nothing.
        #[test]
        fn idempotent(s in text()) {
            let once = normalize(&s).text;
            prop_assert_eq!(normalize(&once).text, once);
        }
    }
}
