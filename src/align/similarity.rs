//! Sentence similarity over lightly stemmed token keys, weighted within an article pair.
//!
//! Each sentence is a *set* of content keys (detached clitics left out). A key weighs
//! `ln(1 + N / df)` where `N` is the number of sentences of both articles and `df` the number
//! of those sentences that contain the key: words every sentence carries count little, the words
//! that make a sentence recognisable count a lot. Numbers are anchors and weigh
//! [`NUMBER_BOOST`] times more. Two keys that differ only in spelling (سوريه/سوريا,
//! الديموقراطيه/الديمقراطيه) share a *fuzzy key* and match for [`FUZZY_CREDIT`] of their weight.
//!
//! The score of two sentence sets is a weighted Dice coefficient:
//! `(matched weight of A + matched weight of B) / (weight of A + weight of B)`, in `0..=1`.

use crate::text::{is_stopword, key_hash, Document, Token};
use ahash::AHashMap;

/// Weight multiplier for number tokens: a shared `3250` says more than a shared word.
pub const NUMBER_BOOST: f64 = 1.5;
/// Share of a key's weight a fuzzy (spelling-variant) match earns.
pub const FUZZY_CREDIT: f64 = 0.8;
/// Weight multiplier for function words (the text stage's stopword lists) and very short keys
/// (one or two letters): they say little about what a sentence reports.
pub const FUNCTION_WORD_FACTOR: f64 = 0.3;

/// One distinct content key of a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct KeyEntry {
    /// Stable hash of the light stem (`Token::hash`).
    pub key: u64,
    /// Hash of the spelling-tolerant skeleton of the stem (equal keys give equal fuzzy keys).
    pub fuzzy: u64,
    /// Weight within the pair.
    pub weight: f64,
}

/// Spelling-tolerant keys of a token: `(fuzzy, diff)`.
///
/// `fuzzy` is used for similarity. Arabic: trailing ا/ه/ي/و dropped, then the long vowels ا/و/ي
/// after the first letter dropped when at least three letters remain (سوريه/سوريا -> سور,
/// ديموقراط/ديمقراط -> دمقرط). Latin: `z` read as `s` and vowels after the first letter dropped
/// when at least five letters remain (organisation/organization). Numbers keep their exact key.
///
/// `diff` is what the token diff compares; it must not equate short unrelated words, so the vowel
/// skeleton is used only when it keeps four letters or more, otherwise the Arabic key with its
/// trailing vowels dropped (سوري/سور) or the exact key.
pub(crate) fn fuzzy_key(doc: &Document, tok: &Token) -> (u64, u64) {
    if tok.is_number {
        return (tok.hash, tok.hash);
    }
    let key = tok.key(&doc.norm.text);
    let Some(first) = key.chars().next() else {
        return (tok.hash, tok.hash);
    };
    // Keys are short; longer ones (never seen in news text) keep their exact key.
    if key.len() > 120 {
        return (tok.hash, tok.hash);
    }
    if is_arabic_letter(first) {
        let mut stripped = key;
        let mut n = key.chars().count();
        while n > 2 {
            match stripped.chars().next_back() {
                Some(c @ ('ا' | 'ه' | 'ي' | 'و')) => {
                    stripped = &stripped[..stripped.len() - c.len_utf8()];
                    n -= 1;
                }
                _ => break,
            }
        }
        let stripped_hash = marked_hash('^', stripped.chars());
        let reduced = std::iter::once(first).chain(
            stripped
                .chars()
                .skip(1)
                .filter(|c| !matches!(c, 'ا' | 'و' | 'ي')),
        );
        let reduced_len = reduced.clone().count();
        if reduced_len >= 3 {
            let skeleton = marked_hash('~', reduced);
            let diff = if reduced_len >= 4 {
                skeleton
            } else {
                stripped_hash
            };
            (skeleton, diff)
        } else {
            (stripped_hash, stripped_hash)
        }
    } else {
        let reduced = std::iter::once(first).chain(
            key.chars()
                .skip(1)
                .map(|c| if c == 'z' { 's' } else { c })
                .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')),
        );
        if reduced.clone().count() >= 5 {
            let skeleton = marked_hash('~', reduced);
            (skeleton, skeleton)
        } else {
            (tok.hash, tok.hash)
        }
    }
}

/// [`key_hash`] of `marker` followed by `chars` (at most 120 bytes of them), without allocating.
fn marked_hash(marker: char, chars: impl Iterator<Item = char>) -> u64 {
    let mut buf = [0u8; 128];
    let mut n = marker.encode_utf8(&mut buf).len();
    for c in chars {
        if n + c.len_utf8() > buf.len() {
            break;
        }
        n += c.encode_utf8(&mut buf[n..]).len();
    }
    // Whole characters were copied, so the buffer is valid UTF-8.
    key_hash(std::str::from_utf8(&buf[..n]).unwrap_or_default())
}

#[inline]
fn is_arabic_letter(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c)
}

/// Distinct content keys of one sentence, before weighting: `(key, fuzzy, is_number, short)`.
fn raw_keys(doc: &Document, sentence: usize) -> Vec<(u64, u64, bool, bool)> {
    let mut out: Vec<(u64, u64, bool, bool)> = doc
        .sentence_tokens(sentence)
        .iter()
        .filter(|t| !t.is_clitic)
        .map(|t| {
            let (fuzzy, _) = fuzzy_key(doc, t);
            let key = t.key(&doc.norm.text);
            let short = !t.is_number
                && (key.chars().nth(2).is_none()
                    || is_stopword(t.text(&doc.norm.text), doc.lang)
                    || is_stopword(key, doc.lang));
            (t.hash, fuzzy, t.is_number, short)
        })
        .collect();
    out.sort_unstable_by_key(|e| e.0);
    out.dedup_by_key(|e| e.0);
    out
}

/// Weighted key sets of the sentences of two articles, ready to be compared.
///
/// Build once per article pair (cost linear in the two articles' tokens), then score any
/// sentence of `a` against any sentence of `b` cheaply. This is what the aligner uses; detectors
/// can use it to find sentences about the same thing among unaligned ones.
#[derive(Debug, Clone)]
pub struct PairScorer {
    /// Per sentence of `a`: entries sorted by `key`.
    pub(crate) a: Vec<Vec<KeyEntry>>,
    pub(crate) b: Vec<Vec<KeyEntry>>,
    /// Per sentence: the sorted, deduplicated fuzzy keys (for spelling-variant lookups).
    a_fuzzy: Vec<Vec<u64>>,
    b_fuzzy: Vec<Vec<u64>>,
    /// Per sentence: `(fuzzy key, summed weight of its keys with that fuzzy key)`, sorted; what
    /// the candidate index uses to bound a pair's similarity from above without scoring it.
    pub(crate) a_fz: Vec<Vec<(u64, f64)>>,
    pub(crate) b_fz: Vec<Vec<(u64, f64)>>,
    /// Per sentence: total key weight.
    pub(crate) a_total: Vec<f64>,
    pub(crate) b_total: Vec<f64>,
}

/// How much two sentence sets share, by weight.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overlap {
    /// Weight of `a`'s keys found in `b` (fuzzy matches at [`FUZZY_CREDIT`]).
    pub shared_a: f64,
    /// Total weight of `a`'s keys.
    pub total_a: f64,
    pub shared_b: f64,
    pub total_b: f64,
    /// Number of `a`'s distinct keys matched in `b` (exactly or fuzzily).
    pub matched_keys: usize,
}

impl Overlap {
    /// Weighted Dice coefficient in `0..=1`.
    pub fn dice(&self) -> f64 {
        let total = self.total_a + self.total_b;
        if total <= 0.0 {
            0.0
        } else {
            ((self.shared_a + self.shared_b) / total).min(1.0)
        }
    }
    /// Share of `a`'s weight found in `b`.
    pub fn containment_a(&self) -> f64 {
        if self.total_a <= 0.0 {
            0.0
        } else {
            (self.shared_a / self.total_a).min(1.0)
        }
    }
    /// Share of `b`'s weight found in `a`.
    pub fn containment_b(&self) -> f64 {
        if self.total_b <= 0.0 {
            0.0
        } else {
            (self.shared_b / self.total_b).min(1.0)
        }
    }
}

impl PairScorer {
    /// Profile every sentence of `a` and `b` (at most `max_sentences` of each; the rest get
    /// empty profiles and score 0).
    pub fn new(a: &Document, b: &Document) -> PairScorer {
        Self::with_max_sentences(a, b, usize::MAX)
    }

    pub(crate) fn with_max_sentences(
        a: &Document,
        b: &Document,
        max_sentences: usize,
    ) -> PairScorer {
        let raw_a: Vec<_> = (0..a.sentences.len())
            .map(|i| {
                if i < max_sentences {
                    raw_keys(a, i)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let raw_b: Vec<_> = (0..b.sentences.len())
            .map(|i| {
                if i < max_sentences {
                    raw_keys(b, i)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let mut df: AHashMap<u64, u32> = AHashMap::new();
        for s in raw_a.iter().chain(raw_b.iter()) {
            for e in s {
                *df.entry(e.0).or_insert(0) += 1;
            }
        }
        let n = (raw_a.len() + raw_b.len()).max(1) as f64;
        let weigh = |raw: Vec<Vec<(u64, u64, bool, bool)>>| -> Vec<Vec<KeyEntry>> {
            raw.into_iter()
                .map(|s| {
                    s.into_iter()
                        .map(|(key, fuzzy, is_number, short)| {
                            let d = f64::from(df.get(&key).copied().unwrap_or(1));
                            let mut weight = (1.0 + n / d).ln();
                            if is_number {
                                weight *= NUMBER_BOOST;
                            } else if short {
                                weight *= FUNCTION_WORD_FACTOR;
                            }
                            KeyEntry { key, fuzzy, weight }
                        })
                        .collect()
                })
                .collect()
        };
        let a = weigh(raw_a);
        let b = weigh(raw_b);
        let fuzzy_sets = |side: &[Vec<KeyEntry>]| -> Vec<Vec<u64>> {
            side.iter()
                .map(|s| {
                    let mut f: Vec<u64> = s.iter().map(|e| e.fuzzy).collect();
                    f.sort_unstable();
                    f.dedup();
                    f
                })
                .collect()
        };
        let fuzzy_weights = |side: &[Vec<KeyEntry>]| -> Vec<Vec<(u64, f64)>> {
            side.iter()
                .map(|s| {
                    let mut f: Vec<(u64, f64)> = s.iter().map(|e| (e.fuzzy, e.weight)).collect();
                    f.sort_by_key(|x| x.0);
                    let mut out: Vec<(u64, f64)> = Vec::with_capacity(f.len());
                    for (k, w) in f {
                        match out.last_mut() {
                            Some(last) if last.0 == k => last.1 += w,
                            _ => out.push((k, w)),
                        }
                    }
                    out
                })
                .collect()
        };
        let totals = |side: &[Vec<KeyEntry>]| -> Vec<f64> {
            side.iter()
                .map(|s| s.iter().map(|e| e.weight).sum())
                .collect()
        };
        PairScorer {
            a_fuzzy: fuzzy_sets(&a),
            b_fuzzy: fuzzy_sets(&b),
            a_fz: fuzzy_weights(&a),
            b_fz: fuzzy_weights(&b),
            a_total: totals(&a),
            b_total: totals(&b),
            a,
            b,
        }
    }

    /// Number of sentences of `a` and `b`.
    pub fn len(&self) -> (usize, usize) {
        (self.a.len(), self.b.len())
    }

    /// True when either article has no sentence.
    pub fn is_empty(&self) -> bool {
        self.a.is_empty() || self.b.is_empty()
    }

    /// Similarity (`0..=1`) of sentence `i` of `a` and sentence `j` of `b`.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        self.overlap(i, j).dice()
    }

    /// Weighted overlap of sentence `i` of `a` and sentence `j` of `b`.
    pub fn overlap(&self, i: usize, j: usize) -> Overlap {
        overlap_of(&self.a[i], &self.a_fuzzy[i], &self.b[j], &self.b_fuzzy[j])
    }

    /// Weighted overlap of the union of sentences `a_set` of `a` and `b_set` of `b`.
    pub fn overlap_sets(&self, a_set: &[usize], b_set: &[usize]) -> Overlap {
        if let ([i], [j]) = (a_set, b_set) {
            return self.overlap(*i, *j);
        }
        let (ka, fa) = union(&self.a, &self.a_fuzzy, a_set);
        let (kb, fb) = union(&self.b, &self.b_fuzzy, b_set);
        overlap_of(&ka, &fa, &kb, &fb)
    }

    /// Similarity (`0..=1`) of the union of sentences `a_set` of `a` and `b_set` of `b`.
    pub fn similarity_sets(&self, a_set: &[usize], b_set: &[usize]) -> f64 {
        self.overlap_sets(a_set, b_set).dice()
    }
}

fn union(side: &[Vec<KeyEntry>], fuzzy: &[Vec<u64>], set: &[usize]) -> (Vec<KeyEntry>, Vec<u64>) {
    let mut keys: Vec<KeyEntry> = set.iter().flat_map(|&i| side[i].iter().copied()).collect();
    keys.sort_unstable_by_key(|e| e.key);
    keys.dedup_by_key(|e| e.key);
    let mut f: Vec<u64> = set.iter().flat_map(|&i| fuzzy[i].iter().copied()).collect();
    f.sort_unstable();
    f.dedup();
    (keys, f)
}

/// One side's matched weight: exact key present on the other side, else fuzzy key present.
fn matched(x: &[KeyEntry], y: &[KeyEntry], y_fuzzy: &[u64]) -> (f64, f64, usize) {
    let (mut shared, mut total, mut count) = (0.0, 0.0, 0usize);
    let mut k = 0usize;
    for e in x {
        total += e.weight;
        while k < y.len() && y[k].key < e.key {
            k += 1;
        }
        if k < y.len() && y[k].key == e.key {
            shared += e.weight;
            count += 1;
        } else if y_fuzzy.binary_search(&e.fuzzy).is_ok() {
            shared += e.weight * FUZZY_CREDIT;
            count += 1;
        }
    }
    (shared, total, count)
}

fn overlap_of(ka: &[KeyEntry], fa: &[u64], kb: &[KeyEntry], fb: &[u64]) -> Overlap {
    let (shared_a, total_a, matched_keys) = matched(ka, kb, fb);
    let (shared_b, total_b, _) = matched(kb, ka, fa);
    Overlap {
        shared_a,
        total_a,
        shared_b,
        total_b,
        matched_keys,
    }
}

/// Similarity (`0..=1`) of sentence `i` of `a` and sentence `j` of `b`, weighted within the pair.
///
/// Convenience for a single comparison: it profiles both articles on every call. To compare many
/// sentences of the same two articles, build a [`PairScorer`] once.
pub fn sentence_similarity(a: &Document, i: usize, b: &Document, j: usize) -> f64 {
    PairScorer::new(a, b).similarity(i, j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    fn fuzzy_of(word: &str) -> u64 {
        let d = Document::new(word, Some(Lang::Ar));
        fuzzy_key(&d, &d.tokens[0]).0
    }

    #[test]
    fn arabic_spelling_variants_share_fuzzy_keys() {
        assert_eq!(fuzzy_of("سورية"), fuzzy_of("سوريا"));
        assert_eq!(fuzzy_of("الديموقراطية"), fuzzy_of("الديمقراطية"));
        assert_ne!(fuzzy_of("الرقة"), fuzzy_of("دمشق"));
    }

    #[test]
    fn identical_sentences_score_one_and_disjoint_zero() {
        let a = Document::new("The city fell on Tuesday. Markets rallied strongly.", None);
        let b = Document::new(
            "The city fell on Tuesday. Nothing else happened here.",
            None,
        );
        let s = PairScorer::new(&a, &b);
        assert!((s.similarity(0, 0) - 1.0).abs() < 1e-9);
        assert_eq!(s.similarity(1, 1), 0.0);
    }

    #[test]
    fn spelling_variant_scores_above_plain_mismatch() {
        let a = Document::new("قوات سورية الديموقراطية تسيطر على الرقة", Some(Lang::Ar));
        let b = Document::new("قوات سوريا الديمقراطية تسيطر على الرقة", Some(Lang::Ar));
        let sim = sentence_similarity(&a, 0, &b, 0);
        assert!(sim > 0.85 && sim < 1.0, "{sim}");
    }
}
