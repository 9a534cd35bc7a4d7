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
pub fn intersection_size(a: &[u64], b: &[u64]) -> usize {
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
    candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            let (sa, sb) = (sketches[a as usize], sketches[b as usize]);
            let est_j = sketch::estimate_jaccard(&sa.signature, &sb.signature);
            let est_c = estimated_containment(est_j, sa.shingles.len(), sb.shingles.len());
            // Generous margins: the estimate's standard error at k=128 is about 0.04.
            if est_j < cfg.min_jaccard * 0.5 && est_c < cfg.min_containment * 0.5 {
                return None;
            }
            let (jaccard, containment, shared) = exact_scores(&sa.shingles, &sb.shingles);
            is_reprint(cfg, jaccard, containment, shared).then_some(VerifiedPair {
                a: a as usize,
                b: b as usize,
                jaccard,
                containment,
                shared,
            })
        })
        .collect()
}

/// For every article, the share of its shingles that also stand in one of its reprint partners.
pub fn wire_shares(sketches: &[&ArticleSketch], pairs: &[VerifiedPair]) -> Vec<f64> {
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); sketches.len()];
    for p in pairs {
        partners[p.a].push(p.b);
        partners[p.b].push(p.a);
    }
    partners
        .par_iter()
        .enumerate()
        .map(|(i, ps)| {
            let own = &sketches[i].shingles;
            if ps.is_empty() || own.is_empty() {
                return 0.0;
            }
            let mut seen = vec![false; own.len()];
            for &j in ps {
                let other = &sketches[j].shingles;
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

    #[test]
    fn containment_estimate_inverts_jaccard() {
        // A ⊂ B with |A| = 100, |B| = 400: J = 0.25, C = 1
        assert!((estimated_containment(0.25, 100, 400) - 1.0).abs() < 1e-9);
    }
}
