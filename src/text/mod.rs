//! Text stage: normalisation with an offset map, tokens with light stems, sentences, language.
//!
//! Everything downstream (sketches, alignment, claims) works on a [`Document`]: the normalised
//! text, its tokens and sentences, and the map back to original byte offsets.

mod normalize;
mod sentences;
mod stopwords;
mod tokens;

pub use normalize::{fold_char, normalize, Normalized};
pub use sentences::split_sentences;
pub use stopwords::is_stopword;
pub use tokens::{arabic_stem, key_hash, latin_stem, tokenize, Token};

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Languages with their own script rules and lexicons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    En,
    /// Undetermined: generic rules only.
    Und,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Und => "und",
        }
    }
    /// Parse a language tag such as `ar`, `ar-SY`, `en`, `en-GB`.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "ar" | "ara" | "arabic" => Lang::Ar,
            "en" | "eng" | "english" => Lang::En,
            _ => Lang::Und,
        }
    }
}

const EN_STOPWORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "on", "for", "said", "was", "with",
];

/// Guess the language of a text from its script and, for Latin script, English function words.
/// Looks at the first 16 KiB only (byte-level: Arabic letters are two-byte sequences led by
/// 0xD8–0xDB, U+0600–U+06FF).
pub fn detect_lang(text: &str) -> Lang {
    let head = &text.as_bytes()[..text.len().min(16 * 1024)];
    let (mut arabic, mut latin) = (0usize, 0usize);
    for &b in head {
        match b {
            0xD8..=0xDB => arabic += 1,
            b'a'..=b'z' | b'A'..=b'Z' => latin += 1,
            _ => {}
        }
    }
    // a Latin letter is one byte, an Arabic letter is counted once by its lead byte
    if arabic + latin == 0 {
        return Lang::Und;
    }
    if arabic * 10 >= (arabic + latin) * 3 {
        return Lang::Ar;
    }
    // Function words are short: count them among the first short words.
    let mut words = 0usize;
    let mut stop = 0usize;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(400)
    {
        words += 1;
        if EN_STOPWORDS.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            stop += 1;
        }
    }
    if words > 0 && (stop * 100 >= words * 15 || words < 8) {
        Lang::En
    } else {
        Lang::Und
    }
}

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the original text.
    pub original: Range<usize>,
    /// Byte range in the normalised text.
    pub normalized: Range<usize>,
    /// Index range into the document's tokens.
    pub tokens: Range<usize>,
}

/// An article's text prepared for matching: normalised, tokenised, split into sentences.
#[derive(Debug, Clone)]
pub struct Document {
    pub lang: Lang,
    pub norm: Normalized,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Prepare `original` (language `lang`, or detected when `None`).
    pub fn new(original: &str, lang: Option<Lang>) -> Document {
        let lang = lang
            .filter(|l| *l != Lang::Und)
            .unwrap_or_else(|| detect_lang(original));
        let norm = normalize(original);
        let tokens = tokenize(&norm.text);
        let ranges = split_sentences(&norm.text, lang == Lang::Ar);
        let mut sentences = Vec::with_capacity(ranges.len());
        let mut t = 0usize;
        for r in ranges {
            while t < tokens.len() && (tokens[t].norm.start as usize) < r.start {
                t += 1;
            }
            let first = t;
            while t < tokens.len() && (tokens[t].norm.end as usize) <= r.end {
                t += 1;
            }
            sentences.push(Sentence {
                original: norm.original_range(r.clone()),
                normalized: r,
                tokens: first..t,
            });
        }
        Document {
            lang,
            norm,
            tokens,
            sentences,
        }
    }

    /// Normalised text of sentence `i`.
    pub fn sentence_norm(&self, i: usize) -> &str {
        &self.norm.text[self.sentences[i].normalized.clone()]
    }

    /// Tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentences[i].tokens.clone()]
    }

    /// Key hashes of the content tokens (detached clitics left out), in order.
    pub fn key_hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.tokens.iter().filter(|t| !t.is_clitic).map(|t| t.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_languages() {
        assert_eq!(detect_lang("خسر تنظيم داعش مدينة الرقة"), Lang::Ar);
        assert_eq!(
            detect_lang("The city fell to the forces of the coalition, officials said."),
            Lang::En
        );
        assert_eq!(Lang::from_tag("ar-SY"), Lang::Ar);
    }

    #[test]
    fn sentences_map_to_original_bytes() {
        let s = "قال «المرصد» إنّ ٣٢٥٠ قُتلوا. وأضاف: انتهى كل شيء؟ نعم";
        let d = Document::new(s, None);
        assert_eq!(d.sentences.len(), 3);
        assert_eq!(
            &s[d.sentences[0].original.clone()],
            "قال «المرصد» إنّ ٣٢٥٠ قُتلوا."
        );
        assert_eq!(&s[d.sentences[2].original.clone()], "نعم");
    }
}
