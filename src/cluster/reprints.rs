//! Reprint detection: LSH candidates verified on the exact shingle sets.
//!
//! Outlets reprint wire copy *partially*: they keep part of it and add their own paragraphs,
//! so two reprints may share only 20–30 % of their shingles (Jaccard) while 30–50 % of the
//! shorter one stands in the longer (containment). A pair is a reprint when either measure
//! reaches its threshold and the pair shares enough shingles to rule out short coincidences.

use crate::config::ReprintConfig;
use crate::sketch::{self, ArticleSketch};
use rayon::prelude::*;

/// A verified reprint pair (indices into the batch, `a < b`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerifiedPair {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
    pub containment: f64,
    pub shared: usize,
}

/// Size of the intersection of two sorted, unique slices.
///
/// A merge whose steps are arithmetic, not branches: which side advances depends on the data
/// and is unpredictable (shingle hashes are uniform), so a branching merge mispredicts about
/// every other step. Property-tested against the branching merge.
pub fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Exact Jaccard, containment and shared count of two shingle sets.
pub fn exact_scores(a: &[u64], b: &[u64]) -> (f64, f64, usize) {
    let shared = intersection_size(a, b);
    let union = a.len() + b.len() - shared;
    let smaller = a.len().min(b.len());
    let j = if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    };
    let c = if smaller == 0 {
        0.0
    } else {
        shared as f64 / smaller as f64
    };
    (j, c, shared)
}

/// Does a verified pair count as a reprint under `cfg`?
pub fn is_reprint(cfg: &ReprintConfig, jaccard: f64, containment: f64, shared: usize) -> bool {
    shared >= cfg.min_shared_shingles
        && (jaccard >= cfg.min_jaccard || containment >= cfg.min_containment)
}

/// Containment estimated from a Jaccard estimate and the two set sizes:
/// |A∩B| = J (|A|+|B|) / (1+J).
fn estimated_containment(j: f64, na: usize, nb: usize) -> f64 {
    let smaller = na.min(nb);
    if smaller == 0 {
        return 0.0;
    }
    (j * (na + nb) as f64 / (1.0 + j) / smaller as f64).min(1.0)
}

/// Verify candidate pairs: a cheap signature estimate discards hopeless pairs, the survivors
/// are scored exactly. Returns reprint pairs sorted by `(a, b)`.
pub fn verify(
    sketches: &[&ArticleSketch],
    candidates: &[(u32, u32)],
    cfg: &ReprintConfig,
) -> Vec<VerifiedPair> {
    verify_with(
        candidates,
        cfg,
        |i| (&sketches[i].signature, sketches[i].shingles.len()),
        |i| std::borrow::Cow::Borrowed(&sketches[i].shingles),
    )
}

/// [`verify`] over sketches held elsewhere: `signature(i)` gives article `i`'s signature and
/// shingle count, `shingles(i)` its sorted shingle set (read only for pairs that pass the
/// signature prefilter).
pub fn verify_with<'s, 'h, S, H>(
    candidates: &[(u32, u32)],
    cfg: &ReprintConfig,
    signature: S,
    shingles: H,
) -> Vec<VerifiedPair>
where
    S: Fn(usize) -> (&'s [u32], usize) + Sync,
    H: Fn(usize) -> std::borrow::Cow<'h, [u64]> + Sync,
{
    candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            let ((sig_a, len_a), (sig_b, len_b)) = (signature(a), signature(b));
            let est_j = sketch::estimate_jaccard(sig_a, sig_b);
            let est_c = estimated_containment(est_j, len_a, len_b);
            // Generous margins: the estimate's standard error at k=128 is about 0.04.
            if est_j < cfg.min_jaccard * 0.5 && est_c < cfg.min_containment * 0.5 {
                return None;
            }
            let (jaccard, containment, shared) = exact_scores(&shingles(a), &shingles(b));
            is_reprint(cfg, jaccard, containment, shared).then_some(VerifiedPair {
                a,
                b,
                jaccard,
                containment,
                shared,
            })
        })
        .collect()
}

/// For every article, the share of its shingles that also stand in one of its reprint partners.
pub fn wire_shares(sketches: &[&ArticleSketch], pairs: &[VerifiedPair]) -> Vec<f64> {
    wire_shares_with(sketches.len(), pairs, |i| {
        std::borrow::Cow::Borrowed(&sketches[i].shingles)
    })
}

/// [`wire_shares`] over `n` articles whose shingle sets `shingles(i)` gives (read only for
/// articles with reprint partners).
pub fn wire_shares_with<'s>(
    n: usize,
    pairs: &[VerifiedPair],
    shingles: impl Fn(usize) -> std::borrow::Cow<'s, [u64]> + Sync,
) -> Vec<f64> {
    let mut partners: Vec<Vec<u32>> = vec![Vec::new(); n];
    for p in pairs {
        partners[p.a].push(p.b as u32);
        partners[p.b].push(p.a as u32);
    }
    partners
        .par_iter()
        .enumerate()
        .map(|(i, ps)| {
            if ps.is_empty() {
                return 0.0;
            }
            let own = shingles(i);
            if own.is_empty() {
                return 0.0;
            }
            let mut seen = vec![false; own.len()];
            for &j in ps {
                let other = shingles(j as usize);
                let (mut x, mut y) = (0, 0);
                while x < own.len() && y < other.len() {
                    match own[x].cmp(&other[y]) {
                        std::cmp::Ordering::Less => x += 1,
                        std::cmp::Ordering::Greater => y += 1,
                        std::cmp::Ordering::Equal => {
                            seen[x] = true;
                            x += 1;
                            y += 1;
                        }
                    }
                }
            }
            seen.iter().filter(|&&s| s).count() as f64 / own.len() as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_scores_of_partial_copy() {
        let a: Vec<u64> = (0..100).collect();
        let b: Vec<u64> = (60..260).collect();
        let (j, c, s) = exact_scores(&a, &b);
        assert_eq!(s, 40);
        assert!((j - 40.0 / 260.0).abs() < 1e-9);
        assert!((c - 0.4).abs() < 1e-9);
    }

    /// The branching merge [`intersection_size`] replaced.
    fn intersection_size_reference(a: &[u64], b: &[u64]) -> usize {
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

    proptest::proptest! {
        /// Sets from a small range (many shared elements), including empty ones and the extremes.
        #[test]
        fn intersection_size_equals_the_branching_merge(
            a in proptest::collection::btree_set(
                proptest::prop_oneof![0u64..300, proptest::strategy::Just(u64::MAX)], 0..200),
            b in proptest::collection::btree_set(
                proptest::prop_oneof![0u64..300, proptest::strategy::Just(u64::MAX)], 0..200),
        ) {
            let (a, b): (Vec<u64>, Vec<u64>) = (a.into_iter().collect(), b.into_iter().collect());
            proptest::prop_assert_eq!(intersection_size(&a, &b), intersection_size_reference(&a, &b));
            proptest::prop_assert_eq!(intersection_size(&b, &a), intersection_size_reference(&a, &b));
        }
    }

    #[test]
    fn containment_estimate_inverts_jaccard() {
        // A ⊂ B with |A| = 100, |B| = 400: J = 0.25, C = 1
        assert!((estimated_containment(0.25, 100, 400) - 1.0).abs() < 1e-9);
    }
}
