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
/// Sentences with at most this many keys (headlines) skip the larger-side ratio.
pub const SHORT_SENTENCE_KEYS: usize = 8;
/// Minimum shared keys for the same-claim relation without an alignment link.
pub const SAME_SHARED: usize = 2;
/// Minimum shared participants (context keys) for the related relation.
pub const RELATED_SHARED: usize = 2;
/// Minimum participant overlap (over the smaller sentence) for the related relation.
pub const RELATED_RATIO: f64 = 0.15;

/// Size of the intersection of two sorted, deduplicated key lists.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Overlap of two key lists over the smaller one (0 when either is empty).
pub fn ratio(a: &[u64], b: &[u64]) -> f64 {
    let m = a.len().min(b.len());
    if m == 0 {
        0.0
    } else {
        shared(a, b) as f64 / m as f64
    }
}

/// Sentence relations between articles `a` and `b`.
pub struct PairRelations {
    /// Same-claim sentence pairs `(i in a, j in b)`, sorted.
    pub same: Vec<(usize, usize)>,
    /// Related (not same) sentence pairs with their participant overlap, sorted.
    pub related: Vec<(usize, usize)>,
    same_set: AHashSet<(usize, usize)>,
}

impl PairRelations {
    /// Do sentences `i` (of a) and `j` (of b) carry the same claim?
    pub fn is_same(&self, i: usize, j: usize) -> bool {
        self.same_set.contains(&(i, j))
    }
}

/// Relate the sentences of two articles, using the aligner's links when it has any.
pub fn relate(
    a: &[SentenceClaims],
    b: &[SentenceClaims],
    al: Option<&PairAlignment>,
) -> PairRelations {
    let mut same_set: AHashSet<(usize, usize)> = AHashSet::new();
    if let Some(al) = al {
        for l in &al.links {
            for &i in &l.a_sentences {
                for &j in &l.b_sentences {
                    if i < a.len() && j < b.len() {
                        same_set.insert((i, j));
                    }
                }
            }
        }
    }
    let qualifies = |x: &SentenceClaims, y: &SentenceClaims| {
        let s = shared(&x.keys, &y.keys);
        let larger = x.keys.len().max(y.keys.len()).max(1);
        s >= SAME_SHARED
            && ratio(&x.keys, &y.keys) >= SAME_RATIO
            && (larger <= SHORT_SENTENCE_KEYS || s as f64 / larger as f64 >= SAME_RATIO_OF_LARGER)
    };
    // best partner in each direction, when it qualifies
    for (i, x) in a.iter().enumerate() {
        let best = b
            .iter()
            .enumerate()
            .map(|(j, y)| (ratio(&x.keys, &y.keys), shared(&x.keys, &y.keys), j))
            .max_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)).then(q.2.cmp(&p.2)));
        if let Some((_, _, j)) = best {
            if qualifies(x, &b[j]) {
                same_set.insert((i, j));
            }
        }
    }
    for (j, y) in b.iter().enumerate() {
        let best = a
            .iter()
            .enumerate()
            .map(|(i, x)| (ratio(&x.keys, &y.keys), shared(&x.keys, &y.keys), i))
            .max_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)).then(q.2.cmp(&p.2)));
        if let Some((_, _, i)) = best {
            if qualifies(&a[i], y) {
                same_set.insert((i, j));
            }
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
    }
}
