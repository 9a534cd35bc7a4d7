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
    ///
    /// A bin borrows only from bins that were not empty before densification. The empty bins
    /// are listed first and their donors' values read before any is written, on the stack
    /// when there are few of them (a set of a few hundred shingles leaves about four of 128
    /// bins empty), so the common case neither allocates nor copies the signature.
    pub(crate) fn densify(&self, sig: &mut [u32]) {
        let mut empty = [0u16; FEW_EMPTY];
        let mut count = 0;
        // the empty bins as bits, 32 bins at a time (compared without a branch: a branch a
        // bin mispredicted at each of the few empty ones), then listed
        for (chunk, bins) in sig.chunks(32).enumerate() {
            let mut bits = bins
                .iter()
                .enumerate()
                .fold(0u32, |bits, (i, &v)| bits | u32::from(v == EMPTY_BIN) << i);
            while bits != 0 {
                if count == FEW_EMPTY {
                    return self.densify_many(sig);
                }
                empty[count] = (32 * chunk + bits.trailing_zeros() as usize) as u16;
                count += 1;
                bits &= bits - 1;
            }
        }
        if count == 0 || count == sig.len() {
            return;
        }
        let mut values = [0u32; FEW_EMPTY];
        for (value, &i) in values.iter_mut().zip(&empty[..count]) {
            *value = sig[self.donor(usize::from(i), |j| sig[j] == EMPTY_BIN)];
        }
        for (&value, &i) in values.iter().zip(&empty[..count]) {
            sig[usize::from(i)] = value;
        }
    }

    /// [`MinHasher::densify`] of a signature with many empty bins: a copy of it tells the bins
    /// that were empty.
    fn densify_many(&self, sig: &mut [u32]) {
        if sig.iter().all(|&v| v == EMPTY_BIN) {
            return;
        }
        let original: Vec<u32> = sig.to_vec();
        for (i, slot) in sig.iter_mut().enumerate() {
            if original[i] == EMPTY_BIN {
                *slot = original[self.donor(i, |j| original[j] == EMPTY_BIN)];
            }
        }
    }

    /// The bin empty bin `i` borrows from, given which bins were empty: the first non-empty
    /// bin of its borrow sequence, or for very sparse sets the next non-empty bin after it.
    fn donor(&self, i: usize, was_empty: impl Fn(usize) -> bool) -> usize {
        if let Some(&j) = self.borrow[i].iter().find(|&&j| !was_empty(usize::from(j))) {
            return usize::from(j);
        }
        let mut j = (i + 1) % self.k;
        while was_empty(j) {
            j = (j + 1) % self.k;
        }
        j
    }
}

/// Empty bins [`MinHasher::densify`] fills without copying the signature.
const FEW_EMPTY: usize = 32;

/// Estimated Jaccard similarity: the share of equal bins (empty bins never count).
///
/// Counted in `u32` without a branch, which compiles to vector compares four bins a step (a
/// `usize` count through a filter did two): verification's prefilter compares 128 bins for
/// every candidate pair.
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let eq: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x == y) & u32::from(*x != EMPTY_BIN))
        .sum();
    eq as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The branch-free count is the plain one: signatures of any length sharing many bins,
        /// with empty bins, and of unequal lengths.
        #[test]
        fn estimate_jaccard_counts_equal_bins_that_are_not_empty(
            a in proptest::collection::vec(
                proptest::prop_oneof![0u32..4, proptest::strategy::Just(EMPTY_BIN)], 0..300),
            b in proptest::collection::vec(
                proptest::prop_oneof![0u32..4, proptest::strategy::Just(EMPTY_BIN)], 0..300),
        ) {
            let reference = |x: &[u32], y: &[u32]| {
                if x.is_empty() || x.len() != y.len() {
                    return 0.0;
                }
                let eq = x.iter().zip(y).filter(|(p, q)| p == q && **p != EMPTY_BIN).count();
                eq as f64 / x.len() as f64
            };
            let same = &b[..a.len().min(b.len())];
            for (x, y) in [(&a[..], &b[..]), (&a[..same.len()], same)] {
                proptest::prop_assert_eq!(estimate_jaccard(x, y).to_bits(), reference(x, y).to_bits());
            }
        }
    }

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

    /// Densification as it was first written (a copy of the signature to tell the bins that
    /// were empty): what the listed-bins version must match.
    fn densify_by_copy(m: &MinHasher, sig: &mut [u32]) {
        if !sig.contains(&EMPTY_BIN) || sig.iter().all(|&v| v == EMPTY_BIN) {
            return;
        }
        let original: Vec<u32> = sig.to_vec();
        for i in 0..m.k {
            if original[i] != EMPTY_BIN {
                continue;
            }
            let donor = m.borrow[i]
                .iter()
                .map(|&j| usize::from(j))
                .find(|&j| original[j] != EMPTY_BIN)
                .unwrap_or_else(|| {
                    let mut j = (i + 1) % m.k;
                    while original[j] == EMPTY_BIN {
                        j = (j + 1) % m.k;
                    }
                    j
                });
            sig[i] = original[donor];
        }
    }

    proptest::proptest! {
        /// Signatures of every density, lengths on both sides of the on-stack bit set and of a
        /// 64-bin word, borrow chains that run into bins filled in the same pass.
        #[test]
        fn densify_matches_densify_by_copy(
            k in proptest::sample::select(vec![1usize, 7, 64, 65, 128, 200, 256, 257, 1000]),
            listed in proptest::collection::vec((0usize..1000, proptest::num::u32::ANY), 0..80),
            dense: bool,
        ) {
            // sparse: the listed bins are filled; dense: every bin is, but the listed ones
            let m = MinHasher::new(k);
            let mut sig = if dense {
                (0..k as u64).map(|i| mix64(i) as u32 & !1).collect()
            } else {
                m.empty_signature()
            };
            for (i, v) in listed {
                sig[i % k] = if dense { EMPTY_BIN } else { v };
            }
            let mut expected = sig.clone();
            densify_by_copy(&m, &mut expected);
            m.densify(&mut sig);
            proptest::prop_assert_eq!(sig, expected);
        }
    }

    #[test]
    fn empty_set_is_all_empty() {
        let m = MinHasher::new(16);
        assert!(m.signature(&[]).iter().all(|&v| v == EMPTY_BIN));
    }
}
