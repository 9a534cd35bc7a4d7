//! Sketch stage: stable hashing, word shingles, MinHash signatures and LSH banding.
//!
//! All hashes here are stable across machines and versions (xxh3 and fixed-constant mixers with
//! fixed seeds), because signatures and band keys are persisted in the archive.

mod lsh;
mod minhash;
mod shingle;

pub use lsh::{
    band_keys, candidate_pairs, collision_probability, optimal_bands, Candidates, MAX_BUCKET,
};
pub use minhash::{estimate_jaccard, MinHasher, Signature, EMPTY_BIN};
pub use shingle::{mix64, shingles};
