//! Sketch stage: stable hashing, word shingles, MinHash signatures and LSH banding.

/// Choose LSH (bands, rows) with `bands * rows <= k` minimising the sum of false-positive and
/// false-negative probability mass around `threshold`.
pub fn optimal_bands(threshold: f64, k: usize) -> (usize, usize) {
    let _ = threshold;
    (k / 2, 2)
}
