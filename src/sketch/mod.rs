//! Sketch stage: stable hashing, word shingles, MinHash signatures and LSH banding.
//!
//! All hashes here are stable across machines and versions (xxh3 and fixed-constant mixers with
//! fixed seeds), because signatures and band keys are persisted in the archive.

mod lsh;
mod minhash;
mod radix;
mod shingle;

pub use lsh::{
    band_key, band_keys, candidate_pairs, candidate_pairs_banded, collision_probability,
    optimal_bands, Candidates, MAX_BUCKET,
};
pub use minhash::{estimate_jaccard, MinHasher, Signature, EMPTY_BIN};
pub use shingle::{mix64, shingles};

use crate::text::Document;

/// What the sketch stage keeps of one article: its shingle set and MinHash signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleSketch {
    /// Sorted, unique shingle hashes (used to verify candidates exactly).
    pub shingles: Vec<u64>,
    pub signature: Signature,
}

impl ArticleSketch {
    /// Shingle and sign a prepared document (detached clitics are not words for matching).
    pub fn of(doc: &Document, hasher: &MinHasher, shingle_words: usize) -> ArticleSketch {
        let keys: Vec<u64> = doc.key_hashes().collect();
        ArticleSketch::from_keys(&keys, hasher, shingle_words)
    }

    /// Shingle and sign a sequence of word key hashes: the one place that decides what a sketch
    /// keeps, whichever text path produced the keys.
    pub fn from_keys(keys: &[u64], hasher: &MinHasher, shingle_words: usize) -> ArticleSketch {
        let shingles = shingles(keys, shingle_words);
        let signature = hasher.signature(&shingles);
        ArticleSketch {
            shingles,
            signature,
        }
    }
}
