//! What the archive stores about an article to find it again without reading its text:
//! the MinHash signature and its LSH band keys (reprint lookup), story keys (same-story lookup
//! for rewritten copy), and a small MinHash per sentence.

use crate::sketch::{band_keys, shingles, MinHasher};
use crate::text::{is_stopword, Document};
use crate::Prepared;
use std::sync::OnceLock;

/// Sketch parameters the stored signatures and band keys were made with. An archive keeps the
/// ones it was created with (`archive_settings`), because keys made with others never match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SketchSettings {
    /// The sketch version (`crate::sketch::SKETCH_VERSION`: how shingles, signatures and band
    /// keys are hashed). Unlike the parameters below it is not chosen: an archive made by an
    /// older version is re-sketched from its stored text when opened for writing.
    pub sketch_version: u32,
    /// MinHash signature length.
    pub k: usize,
    /// Words per shingle.
    pub shingle_words: usize,
    /// LSH bands and rows per band.
    pub bands: usize,
    pub rows: usize,
}

impl SketchSettings {
    /// The settings a run configuration implies.
    pub fn from_config(cfg: &crate::Config) -> SketchSettings {
        SketchSettings {
            sketch_version: crate::sketch::SKETCH_VERSION,
            k: cfg.sketch.k,
            shingle_words: cfg.sketch.shingle_words,
            bands: cfg.reprint.bands,
            rows: cfg.reprint.rows,
        }
    }
}

/// Length of the per-sentence MinHash (sentence signatures are for alignment and lookups of
/// single sentences, so they are small).
pub const SENTENCE_MINHASH_K: usize = 16;

/// Story keys stored per article: its most frequent content keys (names, places, numbers).
pub const STORY_KEYS_PER_ARTICLE: usize = 24;

/// Content keys a new article looks up at most (its most frequent ones).
pub const MAX_QUERY_KEYS_PER_ARTICLE: usize = 64;

/// One sentence's stored fingerprint.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceFingerprint {
    /// Original byte range.
    pub start: usize,
    pub end: usize,
    /// MinHash of the sentence's content keys (`SENTENCE_MINHASH_K` values).
    pub minhash: Vec<u32>,
}

/// Everything the archive stores or looks up for one article, computed before any transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint {
    pub content_hash: String,
    pub signature: Vec<u32>,
    /// Number of distinct shingles (for containment estimates from signatures).
    pub shingle_count: usize,
    /// LSH band keys, `None` for an article without words.
    pub band_keys: Option<Vec<u64>>,
    /// The `STORY_KEYS_PER_ARTICLE` most frequent content keys with their counts (stored).
    pub story_keys: Vec<(u64, f64)>,
    /// Distinct content keys, most frequent first (looked up by `check`).
    pub query_keys: Vec<u64>,
    pub sentences: Vec<SentenceFingerprint>,
    /// Julian day number of the article's date, when it has one.
    pub day: Option<i64>,
}

/// Compute the fingerprint of a prepared article.
pub fn fingerprint(p: &Prepared, settings: &SketchSettings, hasher: &MinHasher) -> Fingerprint {
    let keys: Vec<u64> = p.doc.key_hashes().collect();
    let sh = shingles(&keys, settings.shingle_words);
    let signature = hasher.signature(&sh);
    let band_keys = band_keys(&signature, settings.bands, settings.rows);
    let sentence_hasher = sentence_hasher();
    let sentences = (0..p.doc.sentences.len())
        .map(|i| {
            let mut k: Vec<u64> = p
                .doc
                .sentence_tokens(i)
                .iter()
                .filter(|t| !t.is_clitic)
                .map(|t| t.hash)
                .collect();
            k.sort_unstable();
            k.dedup();
            let s = &p.doc.sentences[i];
            SentenceFingerprint {
                start: s.original.start,
                end: s.original.end,
                minhash: sentence_hasher.signature(&k),
            }
        })
        .collect();
    let ranked = content_keys(&p.doc);
    Fingerprint {
        content_hash: crate::report::content_hash(&p.article.text),
        signature,
        shingle_count: sh.len(),
        band_keys,
        story_keys: ranked
            .iter()
            .take(STORY_KEYS_PER_ARTICLE)
            .map(|&(k, n)| (k, n as f64))
            .collect(),
        query_keys: ranked
            .iter()
            .take(MAX_QUERY_KEYS_PER_ARTICLE)
            .map(|&(k, _)| k)
            .collect(),
        sentences,
        day: p
            .article
            .date
            .as_deref()
            .and_then(super::schema::julian_day),
    }
}

fn sentence_hasher() -> &'static MinHasher {
    static H: OnceLock<MinHasher> = OnceLock::new();
    H.get_or_init(|| MinHasher::new(SENTENCE_MINHASH_K))
}

/// Content keys of a document with their counts, most frequent first (ties by key, so the
/// order is deterministic). Content keys are what names a story's people, places and figures:
/// numbers of two or more digits other than years, and words of three or more letters that are
/// not function words of the article's language (the text stage's lexicons).
pub fn content_keys(doc: &Document) -> Vec<(u64, u32)> {
    let mut counts: ahash::AHashMap<u64, u32> = ahash::AHashMap::new();
    for t in &doc.tokens {
        if t.is_clitic {
            continue;
        }
        let text = t.text(&doc.norm.text);
        let eligible = if t.is_number {
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            let year = digits == 4
                && text
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..=2100).contains(&y));
            digits >= 2 && !year
        } else {
            text.chars().count() >= 3 && !is_stopword(text, doc.lang)
        };
        if eligible {
            *counts.entry(t.hash).or_insert(0) += 1;
        }
    }
    let mut v: Vec<(u64, u32)> = counts.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Signature values as little-endian bytes (the `minhash` BLOB columns).
pub fn signature_to_blob(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Inverse of [`signature_to_blob`]; `None` when the length is not a multiple of 4.
pub fn signature_from_blob(blob: &[u8]) -> Option<Vec<u32>> {
    if !blob.len().is_multiple_of(4) {
        return None;
    }
    Some(
        blob.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

/// A 64-bit key as SQLite stores it (INTEGER is signed: the bits are kept, the sign is not
/// meaningful).
#[inline]
pub fn key_to_sql(k: u64) -> i64 {
    k as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;

    fn prep(text: &str) -> Prepared {
        crate::prepare(vec![Article {
            id: "a".into(),
            text: text.into(),
            date: Some("2017-10-18".into()),
            ..Default::default()
        }])
        .pop()
        .unwrap()
    }

    #[test]
    fn story_keys_prefer_repeated_names_and_skip_function_words() {
        let p = prep(
            "The Kurdish forces said on Tuesday that Raqqa had fallen. Raqqa was the capital. \
             In Raqqa, 3,250 people died, the forces said.",
        );
        let doc = &p.doc;
        let ranked = content_keys(doc);
        let raqqa = crate::text::key_hash("raqqa");
        assert_eq!(ranked[0], (raqqa, 3));
        let said = crate::text::key_hash("said");
        assert!(
            ranked.iter().all(|(k, _)| *k != said),
            "'said' is a function word"
        );
        let the = crate::text::key_hash("the");
        assert!(ranked.iter().all(|(k, _)| *k != the));
    }

    #[test]
    fn arabic_function_words_are_dropped_after_folding() {
        let p = prep("قال المرصد إن الرقة في يد قسد. وأكد أن الرقة تحررت من داعش.");
        let ranked = content_keys(&p.doc);
        let words: Vec<&str> = p
            .doc
            .tokens
            .iter()
            .filter(|t| ranked.iter().any(|(k, _)| *k == t.hash))
            .map(|t| t.key(&p.doc.norm.text))
            .collect();
        assert!(words.iter().any(|w| w.contains("رق")), "{words:?}");
        for w in ["في", "من", "ان"] {
            assert!(!words.contains(&w), "{w} in {words:?}");
        }
    }

    #[test]
    fn blobs_round_trip() {
        let sig = vec![0, 1, u32::MAX, 123_456];
        assert_eq!(signature_from_blob(&signature_to_blob(&sig)), Some(sig));
        assert_eq!(signature_from_blob(&[1, 2, 3]), None);
    }

    #[test]
    fn fingerprint_is_deterministic_and_dated() {
        let s = SketchSettings::from_config(&crate::Config::default());
        let h = MinHasher::new(s.k);
        let p =
            prep("Raqqa fell to the SDF on Tuesday after four months of fighting, officials said.");
        let a = fingerprint(&p, &s, &h);
        let b = fingerprint(&p, &s, &h);
        assert_eq!(a, b);
        assert_eq!(a.day, super::super::schema::julian_day("2017-10-18"));
        assert_eq!(a.band_keys.as_ref().unwrap().len(), s.bands);
        assert_eq!(a.sentences.len(), 1);
    }
}
