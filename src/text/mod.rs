//! Text stage: normalisation with an offset map, tokens with light stems, sentences, language.
//!
//! Everything downstream (sketches, alignment, claims) works on a [`Document`]: the normalised
//! text, its tokens and sentences, and the map back to original byte offsets.

mod normalize;
mod sentences;
mod stopwords;
mod tokens;
mod window;

pub use normalize::{fold_char, normalize, normalize_into, Normalized};
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

/// Reusable buffers of [`key_hashes_into`]: keep one per worker thread (e.g. with rayon's
/// `map_init`) so that preparing an article allocates nothing once the buffers have grown.
#[derive(Debug, Default, Clone)]
pub struct KeyScratch {
    norm: Vec<u8>,
    memo: tokens::KeyMemo,
}

/// The word key hashes of `original` written into `keys` (cleared first): exactly what
/// `Document::new(original, lang).key_hashes()` yields, for any `lang` (keys do not depend on
/// the language), but without building the document: no offset map, no sentences, no token
/// structs, no allocation once `scratch` and `keys` have grown. This is the clustering path.
pub fn key_hashes_into(original: &str, scratch: &mut KeyScratch, keys: &mut Vec<u64>) {
    keys.clear();
    // Plain text (ASCII, Arabic letters, Arabic digits and common punctuation: most news copy)
    // has the words of its normalised text, and each word normalises on its own: words are
    // read from the original bytes and normalised only when the memo misses. From the first
    // word that is not plain on, the text is normalised and scanned.
    scratch.norm.clear();
    scratch.norm.extend_from_slice(original.as_bytes());
    scratch.norm.extend_from_slice(&[0; tokens::MEMO_PAD]);
    let plain = tokens::plain_key_hashes(&scratch.norm, original.len(), &mut scratch.memo, keys);
    if plain == original.len() {
        return;
    }
    normalize_into(&original[plain..], &mut scratch.norm);
    let len = scratch.norm.len();
    // the memo loads a word's bytes sixteen at a time
    scratch.norm.extend_from_slice(&[0; tokens::MEMO_PAD]);
    let (norm, memo) = (&scratch.norm[..], &mut scratch.memo);
    tokens::word_ranges_utf8(&norm[..len], |start, end| {
        if let Some(hash) = memo.key(norm, start, end) {
            keys.push(hash);
        }
    });
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

    /// Keys the clustering path computes, and the ones of the full document.
    fn both(text: &str) -> (Vec<u64>, Vec<u64>) {
        let mut scratch = KeyScratch::default();
        let mut fast = vec![42];
        key_hashes_into(text, &mut scratch, &mut fast);
        let full: Vec<u64> = Document::new(text, None).key_hashes().collect();
        (fast, full)
    }

    #[test]
    fn key_path_equals_document_keys_on_edge_cases() {
        let cases = [
            "",
            " ",
            "The AFP's fighters said 3,250 (U.S.) don't-stop a_b",
            "قال «المرصد» إنّ ٣٢٥٠ قُتلوا. وأضاف: انتهى كل شيء؟ نعم",
            "لـ «داعش» والرقة بالرقة للرقة كالمدينة فالمدينة و ف ب ل ك",
            "مـــدينة الرقّة ۴۵ ٫٥ ٬ ؛ ، ٪",
            "ﬁne ﬂow Ⅶ ＡＢＣ １２３ ﷺ ﷽ ㎏",
            "cafe\u{301} e\u{301}\u{302} \u{301}x a\u{64E}b",
            "mixed الرقةabc abcالرقة ١٢abc 12الف",
            "emoji 👍🏽 🇸🇾 👨‍👩‍👧 text",
            "İstanbul ΣΊΣΥΦΟΣ Straße ǅ",
            "zero\u{200B}width\u{200F}marks\u{FEFF} soft\u{AD}hyphen",
            "日本語のテキスト 한국어",
            "tab\tcr\rff\u{c} nbsp\u{A0}x\u{2003}y",
            "quotes “a” ‘b’ `c´ „d‟ ′e″",
            "1.5 3.2.1 .5 5. 3,,2 a..b a'b' 'x",
        ];
        for case in cases {
            let (fast, full) = both(case);
            assert_eq!(fast, full, "{case:?}");
        }
    }

    #[test]
    fn key_path_equals_document_keys_on_the_raqqa_articles() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/raqqa");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let (fast, full) = both(&text);
            assert_eq!(fast, full);
            n += 1;
        }
        assert!(n >= 5);
    }

    #[test]
    fn key_path_equals_document_keys_on_generated_articles() {
        use crate::synth::{Corpus, LangMix, SynthConfig};
        let mut scratch = KeyScratch::default();
        let mut fast = Vec::new();
        for mix in [LangMix::En, LangMix::Ar, LangMix::Mixed] {
            let (articles, _) = Corpus::generate(&SynthConfig::new(150, mix, 5));
            for a in &articles {
                let lang = a.lang.as_deref().map(Lang::from_tag);
                key_hashes_into(&a.text, &mut scratch, &mut fast);
                let full: Vec<u64> = Document::new(&a.text, lang).key_hashes().collect();
                assert_eq!(fast, full, "{}", a.id);
            }
        }
    }

    /// Whether `text` takes the plain path (words read from the original bytes).
    fn is_plain(text: &str) -> bool {
        plain_prefix(text) == text.len()
    }

    /// Where the plain path hands `text` to the normalising path.
    fn plain_prefix(text: &str) -> usize {
        let mut buf = text.as_bytes().to_vec();
        buf.extend_from_slice(&[0; tokens::MEMO_PAD]);
        let mut memo = tokens::KeyMemo::default();
        tokens::plain_key_hashes(&buf, text.len(), &mut memo, &mut Vec::new())
    }

    #[test]
    fn plain_path_hands_over_at_the_first_word_that_is_not_plain() {
        let cases = [
            ("said café now", 5),
            ("said ca\u{301}fe now", 5),
            ("ab, cd.é", 2),
            ("ab \u{301}x", 0),
            ("قال ٫ نعم", 0),
            ("قال كَتب", 7),
            ("x 3.٫4", 2),
            ("é", 0),
        ];
        for (text, at) in cases {
            assert_eq!(plain_prefix(text), at, "{text:?}");
            let (fast, full) = both(text);
            assert_eq!(fast, full, "{text:?}");
        }
    }

    #[test]
    fn plain_path_is_taken_and_left() {
        assert!(is_plain(
            "The AFP's fighters said 3,250 (U.S.) don't-stop a_b\tX"
        ));
        assert!(is_plain(
            "قال «المرصد» إن ٣٢٥٠ قتلوا، وأضاف: انتهى كل شيء؟ لا ٥٪ ١٬٢"
        ));
        assert!(is_plain("ؤ و ف ب ل ك أإآىئة ١٢ “don’t” ‘x’ a–b — c"));
        // a backtick, tatweel, a mark, `؛`, `٫`, other Latin letters, a no-break space, other
        // quote marks: the normalising path
        let others = [
            "a`b",
            "مـدينة",
            "كَتب",
            "نعم؛ لا",
            "café",
            "١٢٫٥",
            "a\u{A0}b",
            "„x‟",
        ];
        for s in others {
            assert!(!is_plain(s), "{s:?}");
            let (fast, full) = both(s);
            assert_eq!(fast, full, "{s:?}");
        }
    }

    #[test]
    fn one_scratch_serves_plain_and_normalised_texts() {
        // the memo holds words by original bytes (plain) and by normalised bytes (the rest)
        let texts = [
            "The Said SAID said ؤ أحمد احمد ٣٢٥٠ 3250 ،a",
            "«the» said أحمد احمد ؤ ٣٢٥٠ 3250 ،a \u{64E}",
            "THE SAID said ؤ",
            "the said\u{200F} احمد",
        ];
        let mut scratch = KeyScratch::default();
        let mut keys = Vec::new();
        for _ in 0..3 {
            for t in texts {
                key_hashes_into(t, &mut scratch, &mut keys);
                let full: Vec<u64> = Document::new(t, None).key_hashes().collect();
                assert_eq!(keys, full, "{t:?}");
            }
        }
    }

    use proptest::prelude::*;
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Plain text (the characters the plain path reads, and a few that end it): the
        /// clustering path's keys are the document's keys, with one scratch across cases.
        #[test]
        fn key_path_equals_document_keys_on_plain_text(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "Z", "s", "'s", "The", "SAID", "ies", "1", "9", "3,250", " ", "  ", "\n", "\t", "\r",
            ".", ",", ";", "'", "_", "-", "\"", "(", "?", ":", "ا", "أ", "إ", "آ", "ى", "ئ", "ة",
            "ؤ", "و", "ف", "ب", "ل", "ك", "ال", "وال", "ه", "ات", "ين", "ي", "ن", "٣", "٠", "٩",
            "،", "ء", "غ", "ي", "ك", "ٱ", "ـ", "\u{64E}", "`", "؟", "é",
            "٬", "٪", "٫", "؛", "«", "»", "“", "”", "‘", "’", "–", "—", "„", "\u{A0}",
        ]), 0..40)) {
            let s: String = parts.concat();
            thread_local! {
                static SCRATCH: std::cell::RefCell<KeyScratch> = std::cell::RefCell::default();
            }
            let mut fast = Vec::new();
            SCRATCH.with_borrow_mut(|scratch| key_hashes_into(&s, scratch, &mut fast));
            let full: Vec<u64> = Document::new(&s, None).key_hashes().collect();
            prop_assert_eq!(fast, full);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Any Unicode string: the clustering path's keys are the document's keys.
        #[test]
        fn key_path_equals_document_keys_on_any_unicode(s in any::<String>()) {
            let (fast, full) = both(&s);
            prop_assert_eq!(fast, full);
        }

        /// News-like strings: Latin and Arabic letters, marks, digits, joiners, punctuation.
        #[test]
        fn key_path_equals_document_keys_on_news_like_text(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "Z", "s", "'s", "ies", "é", "e\u{301}", "\u{301}", "ﬁ", "Ⅶ", " ", "\n", ".", ",", "'", "_", "-",
            "«", "»", "“", "ا", "أ", "إ", "ى", "ة", "ـ", "و", "ال", "ب", "ل", "ه", "ات", "ين",
            "\u{64E}", "\u{651}", "٣", "۴", "٫", "٬", "؟", "،", "\u{200F}", "ß", "İ", "Σ", "1", "9",
            "—", "日", "👍", "\u{FEFF}", "ﻻ", "ﷲ",
        ]), 0..40)) {
            let s: String = parts.concat();
            let (fast, full) = both(&s);
            prop_assert_eq!(fast, full);
        }
    }
}
