//! Which sentences of two articles talk about the same thing.
//!
//! Two relations: *same claim* (the aligner linked them, or they share most of their content
//! keys) and *related* (they share at least two participants — names, places, the counted thing —
//! so that a claim in one can contradict a claim in the other even when the sentences were
//! written independently and never align).

use crate::claims::SentenceClaims;
use crate::report::model::PairAlignment;
use ahash::AHashSet;

/// Share of keys (over the smaller sentence) from which two sentences carry the same claim.
pub const SAME_RATIO: f64 = 0.5;
/// Share of keys over the larger sentence: a short sentence is not "the same" as a long one
/// that merely contains its words.
pub const SAME_RATIO_OF_LARGER: f64 = 0.3;
/// Share of the larger sentence's (weighted) keys from which two sentences are near copies.
pub const STRONG_RATIO_OF_LARGER: f64 = 0.5;
/// Sentences with at most this many keys (headlines) skip the larger-side ratio.
pub const SHORT_SENTENCE_KEYS: usize = 8;
/// Minimum shared keys for the same-claim relation without an alignment link.
pub const SAME_SHARED: usize = 2;
/// Minimum shared participants (context keys) for the related relation.
pub const RELATED_SHARED: usize = 2;
/// Minimum participant overlap (over the smaller sentence) for the related relation.
pub const RELATED_RATIO: f64 = 0.15;

/// Size of the intersection of two sorted, deduplicated key lists (the branch-free merge the
/// reprint verification uses).
pub use crate::cluster::reprints::intersection_size as shared;

/// Overlap of two key lists over the smaller one (0 when either is empty).
pub fn ratio(a: &[u64], b: &[u64]) -> f64 {
    let m = a.len().min(b.len());
    if m == 0 {
        0.0
    } else {
        shared(a, b) as f64 / m as f64
    }
}

/// Below this many sentences in a group, keys are not weighted by frequency.
pub const MIN_SENTENCES_FOR_WEIGHTS: usize = 12;

/// Inverse sentence frequency of each key over a story group: words every sentence of the story
/// uses (the city, the group's name) say little about whether two sentences carry one claim.
pub struct KeyWeights {
    weight: ahash::AHashMap<u64, f64>,
}

impl KeyWeights {
    /// Count key frequencies over every sentence of every article of the group.
    pub fn new<'c>(sentences: impl Iterator<Item = &'c SentenceClaims>) -> KeyWeights {
        let mut df: ahash::AHashMap<u64, usize> = ahash::AHashMap::new();
        let mut n = 0usize;
        for s in sentences {
            n += 1;
            for &k in &s.keys {
                *df.entry(k).or_default() += 1;
            }
        }
        if n < MIN_SENTENCES_FOR_WEIGHTS {
            // frequencies over a handful of sentences say nothing: uniform weights
            return KeyWeights {
                weight: ahash::AHashMap::new(),
            };
        }
        let weight = df
            .into_iter()
            .map(|(k, d)| (k, (1.0 + n as f64 / d as f64).ln()))
            .collect();
        KeyWeights { weight }
    }

    fn w(&self, k: u64) -> f64 {
        self.weight.get(&k).copied().unwrap_or(1.0)
    }

    /// Weighted overlap of two sorted key lists: (over the lighter side, over the heavier side).
    pub fn similarity(&self, a: &[u64], b: &[u64]) -> (f64, f64) {
        let wa: f64 = a.iter().map(|&k| self.w(k)).sum();
        let wb: f64 = b.iter().map(|&k| self.w(k)).sum();
        let ws: f64 = a
            .iter()
            .filter(|k| b.binary_search(k).is_ok())
            .map(|&k| self.w(k))
            .sum();
        let (lo, hi) = if wa <= wb { (wa, wb) } else { (wb, wa) };
        if lo <= 0.0 {
            return (0.0, 0.0);
        }
        (ws / lo, ws / hi)
    }
}

/// Sentence relations between articles `a` and `b`.
pub struct PairRelations {
    /// Same-claim sentence pairs `(i in a, j in b)`, sorted.
    pub same: Vec<(usize, usize)>,
    /// Related (not same) sentence pairs with their participant overlap, sorted.
    pub related: Vec<(usize, usize)>,
    same_set: AHashSet<(usize, usize)>,
    /// Same-claim pairs that are near copies (aligned, short, or most of both sentences shared).
    strong_set: AHashSet<(usize, usize)>,
}

impl PairRelations {
    /// Do sentences `i` (of a) and `j` (of b) carry the same claim?
    pub fn is_same(&self, i: usize, j: usize) -> bool {
        self.same_set.contains(&(i, j))
    }
    /// Are sentences `i` and `j` near copies of each other (one sentence, edited)?
    pub fn is_strong(&self, i: usize, j: usize) -> bool {
        self.strong_set.contains(&(i, j))
    }
}

/// Relate the sentences of two articles, using the aligner's links when it has any.
pub fn relate(
    a: &[SentenceClaims],
    b: &[SentenceClaims],
    al: Option<&PairAlignment>,
    weights: &KeyWeights,
) -> PairRelations {
    let mut same_set: AHashSet<(usize, usize)> = AHashSet::new();
    let mut strong_set: AHashSet<(usize, usize)> = AHashSet::new();
    if let Some(al) = al {
        for l in &al.links {
            for &i in &l.a_sentences {
                for &j in &l.b_sentences {
                    if i < a.len() && j < b.len() {
                        same_set.insert((i, j));
                        strong_set.insert((i, j));
                    }
                }
            }
        }
    }
    let wsim = |x: &SentenceClaims, y: &SentenceClaims| weights.similarity(&x.keys, &y.keys);
    let qualifies = |x: &SentenceClaims, y: &SentenceClaims| {
        let s = shared(&x.keys, &y.keys);
        let larger = x.keys.len().max(y.keys.len()).max(1);
        let (of_smaller, of_larger) = wsim(x, y);
        s >= SAME_SHARED
            && shared(&x.context_keys, &y.context_keys)
                >= if larger <= SHORT_SENTENCE_KEYS {
                    1
                } else {
                    SAME_SHARED
                }
            && of_smaller >= SAME_RATIO
            && (larger <= SHORT_SENTENCE_KEYS || of_larger >= SAME_RATIO_OF_LARGER)
    };
    let score = |x: &SentenceClaims, y: &SentenceClaims| {
        let (p, q) = wsim(x, y);
        p + q
    };
    // best partner in each direction, when it qualifies
    for (i, x) in a.iter().enumerate() {
        let best = b
            .iter()
            .enumerate()
            .map(|(j, y)| (score(x, y), j))
            .max_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)));
        if let Some((_, j)) = best {
            if qualifies(x, &b[j]) {
                same_set.insert((i, j));
            }
        }
    }
    for (j, y) in b.iter().enumerate() {
        let best = a
            .iter()
            .enumerate()
            .map(|(i, x)| (score(x, y), i))
            .max_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)));
        if let Some((_, i)) = best {
            if qualifies(&a[i], y) {
                same_set.insert((i, j));
            }
        }
    }
    for &(i, j) in &same_set {
        let (x, y) = (&a[i], &b[j]);
        let larger = x.keys.len().max(y.keys.len());
        if larger <= SHORT_SENTENCE_KEYS || wsim(x, y).1 >= STRONG_RATIO_OF_LARGER {
            strong_set.insert((i, j));
        }
    }
    let mut same: Vec<(usize, usize)> = same_set.iter().copied().collect();
    same.sort_unstable();
    let mut related = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if same_set.contains(&(i, j)) {
                continue;
            }
            let s = shared(&x.context_keys, &y.context_keys);
            if s >= RELATED_SHARED && ratio(&x.context_keys, &y.context_keys) >= RELATED_RATIO {
                related.push((i, j));
            }
        }
    }
    PairRelations {
        same,
        related,
        same_set,
        strong_set,
    }
}
