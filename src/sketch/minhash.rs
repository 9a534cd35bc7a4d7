//! MinHash by one-permutation hashing with optimal densification.
//!
//! Each element of the set is already a uniform 64-bit hash (a shingle hash, a token key): its
//! high 32 bits pick a bin and its low 32 bits are its rank, without hashing it again; each bin
//! keeps its minimum rank. Empty bins borrow the value of a non-empty bin chosen by a fixed hash
//! sequence of the bin index ("optimal densification", Shrivastava 2017), which keeps the
//! estimator's variance close to k independent permutations while hashing each shingle once
//! instead of k times.

use super::shingle::mix64;

/// Marker of an empty bin before densification.
pub const EMPTY_BIN: u32 = u32::MAX;

const DENSIFY_SEED: u64 = 0x5eed_0fc0_9de5_0002;

/// A MinHash signature: `k` 32-bit minima.
pub type Signature = Vec<u32>;

/// Computes signatures of a fixed length with fixed seeds (stable across runs and machines).
#[derive(Debug, Clone)]
pub struct MinHasher {
    k: usize,
    /// For every bin, the sequence of bins it borrows from when empty (precomputed, bounded).
    borrow: Vec<[u16; BORROW_TRIES]>,
}

const BORROW_TRIES: usize = 32;

impl MinHasher {
    /// A hasher for signatures of length `k` (1..=65536).
    pub fn new(k: usize) -> MinHasher {
        assert!((1..=65536).contains(&k), "signature length out of range");
        let borrow = (0..k)
            .map(|i| {
                let mut seq = [0u16; BORROW_TRIES];
                for (attempt, slot) in seq.iter_mut().enumerate() {
                    let h = mix64(DENSIFY_SEED ^ ((i as u64) << 32) ^ attempt as u64);
                    *slot = (((h >> 32) * k as u64) >> 32) as u16;
                }
                seq
            })
            .collect();
        MinHasher { k, borrow }
    }

    /// Signature length.
    pub fn k(&self) -> usize {
        self.k
    }

    /// Signature of a set of uniform 64-bit hashes (shingle hashes, token keys; any order,
    /// duplicates allowed). An empty set gives all `EMPTY_BIN`.
    ///
    /// The elements are used as they are (sketch version 2): a set of structured values
    /// (small integers, say) must be hashed first, or its bins and ranks are not random.
    pub fn signature(&self, hashes: &[u64]) -> Signature {
        let mut sig = self.empty_signature();
        for &h in hashes {
            self.add(&mut sig, h);
        }
        self.densify(&mut sig);
        sig
    }

    /// A signature of no elements yet, for [`MinHasher::add`]: all bins [`EMPTY_BIN`].
    pub(crate) fn empty_signature(&self) -> Signature {
        vec![EMPTY_BIN; self.k]
    }

    /// Add one element to a signature being made (`sig` from [`MinHasher::empty_signature`];
    /// [`MinHasher::densify`] when all are in): its bin keeps the smaller rank.
    #[inline(always)]
    pub(crate) fn add(&self, sig: &mut [u32], h: u64) {
        let bin = ((h >> 32) * self.k as u64) >> 32;
        let rank = h as u32;
        // bin < k by construction; a branch-free minimum (whether a rank is its bin's new
        // minimum is too irregular for the branch predictor)
        let slot = &mut sig[bin as usize];
        *slot = (*slot).min(rank);
    }

    /// Fill the empty bins of a signature whose elements are all added.
    pub(crate) fn densify(&self, sig: &mut [u32]) {
        if !sig.contains(&EMPTY_BIN) || sig.iter().all(|&v| v == EMPTY_BIN) {
            return;
        }
        let original: Vec<u32> = sig.to_vec();
        for i in 0..self.k {
            if original[i] != EMPTY_BIN {
                continue;
            }
            let mut filled = false;
            for &j in &self.borrow[i] {
                if original[j as usize] != EMPTY_BIN {
                    sig[i] = original[j as usize];
                    filled = true;
                    break;
                }
            }
            if !filled {
                // Very sparse sets: fall back to a deterministic linear probe.
                let mut j = (i + 1) % self.k;
                while original[j] == EMPTY_BIN {
                    j = (j + 1) % self.k;
                }
                sig[i] = original[j];
            }
        }
    }
}

/// Estimated Jaccard similarity: the share of equal bins.
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let eq = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x == y && **x != EMPTY_BIN)
        .count();
    eq as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> Vec<u64> {
        range.map(|x| mix64(x + 1)).collect()
    }

    #[test]
    fn identical_sets_have_identical_signatures() {
        let m = MinHasher::new(128);
        assert_eq!(m.signature(&set(0..500)), m.signature(&set(0..500)));
        assert_eq!(
            estimate_jaccard(&m.signature(&set(0..500)), &m.signature(&set(0..500))),
            1.0
        );
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        let m = MinHasher::new(256);
        // |A∩B| = 500, |A∪B| = 1500 -> J = 1/3
        let a = m.signature(&set(0..1000));
        let b = m.signature(&set(500..1500));
        let j = estimate_jaccard(&a, &b);
        assert!((j - 1.0 / 3.0).abs() < 0.1, "estimate {j}");
    }

    #[test]
    fn small_sets_are_densified() {
        let m = MinHasher::new(128);
        let s = m.signature(&set(0..5));
        assert!(!s.contains(&EMPTY_BIN));
        let t = m.signature(&set(0..5));
        assert_eq!(s, t);
    }

    #[test]
    fn empty_set_is_all_empty() {
        let m = MinHasher::new(16);
        assert!(m.signature(&[]).iter().all(|&v| v == EMPTY_BIN));
    }
}
