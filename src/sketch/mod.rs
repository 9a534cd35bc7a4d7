//! Sketch stage: stable hashing, word shingles, MinHash signatures and LSH banding.
//!
//! All hashes here are stable across machines (fixed-constant mixers with fixed seeds, over the
//! text stage's xxh3 word keys), because signatures and band keys are persisted in the archive;
//! a change to any of them is a new [`SKETCH_VERSION`].

mod lsh;
mod minhash;
mod radix;
mod shingle;
mod vector;

pub use lsh::{
    band_key, band_keys, candidate_pairs, candidate_pairs_banded, candidate_pairs_banded_ahead,
    collision_probability, optimal_bands, Candidates, MAX_BUCKET,
};
pub use minhash::{estimate_jaccard, MinHasher, Signature, EMPTY_BIN};
pub use shingle::{mix64, shingles, shingles_into, shingles_with_positions_into, ShingleScratch};

/// The version of everything this module persists: shingle hashes, and through them MinHash
/// signatures and LSH band keys (also the archive's sentence signatures, which take token keys
/// as their hashes). An archive records the version its sketches were made with and is never
/// compared across versions.
///
/// - 1: four `mix64` per 3-word shingle (a chained fold); the signature mixed each element
///   again with a seed before taking its bin and rank.
/// - 2: one `mix64` per shingle over its keys combined by rotate-and-xor; the signature takes
///   bin and rank from the element's own bits; a band key is one `mix64` per two rows (was
///   xxh3 of the rows' bytes).
pub const SKETCH_VERSION: u32 = 2;

use crate::text::Document;

/// Ask the memory for the cache lines of `len` bytes from `at` (a hint: nothing is read, no
/// address faults).
#[inline(always)]
pub(crate) fn prefetch(at: *const u8, len: usize) {
    // from the start of `at`'s line, so that a range across a line boundary gets both lines
    let offset = at as usize % 64;
    let line_start = at.wrapping_sub(offset);
    // (a count of lines, not `step_by`: its iterator cost more than the prefetches when
    // bucketing asks for one 16-byte slot at a time)
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    for line in 0..(offset + len.max(1)).div_ceil(64) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint that reads nothing the program sees and never faults,
        // whatever the address; `wrapping_add` makes no claim on the allocation.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(line_start.wrapping_add(64 * line).cast()) };
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = (line_start, len);
}

/// What the sketch stage keeps of one article: its shingle set, where each shingle stands, and
/// its MinHash signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleSketch {
    /// The article's sorted shingle hashes (unique as 64-bit hashes) cut to their top 32 bits
    /// ([`verification_key`]): what verification counts shared shingles on. Half the memory of
    /// the whole hashes, which the sketch keeps for every article of a run.
    pub shingles: Vec<u32>,
    /// Where each shingle of `shingles` first stands in the article (word index, saturating at
    /// `u16::MAX`): verification reads it to tell one quoted passage from reprinted copy.
    pub positions: Vec<u16>,
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
    /// (The buffers are the calling thread's, kept from one call to the next.)
    pub fn from_keys(keys: &[u64], hasher: &MinHasher, shingle_words: usize) -> ArticleSketch {
        thread_local! {
            static SCRATCH: std::cell::RefCell<SketchScratch> = std::cell::RefCell::default();
        }
        SCRATCH.with_borrow_mut(|scratch| {
            ArticleSketch::from_keys_with(keys, hasher, shingle_words, scratch)
        })
    }

    /// [`ArticleSketch::from_keys`] with a worker's reused buffers: the only allocations are
    /// the sketch's own (its shingle set and positions at their exact size, its signature),
    /// written in place, not copied from the scratch (every byte a run keeps is a byte of a
    /// page the kernel zeroes; copying them again costs a second pass over them).
    pub fn from_keys_with(
        keys: &[u64],
        hasher: &MinHasher,
        shingle_words: usize,
        scratch: &mut SketchScratch,
    ) -> ArticleSketch {
        let mut signature = hasher.empty_signature();
        if let Some(set) = shingle::sketch_parts_into(
            keys,
            shingle_words,
            hasher,
            &mut scratch.shingle,
            &mut signature,
        ) {
            // a value of the set: the shingle hash's top 48 bits (so its verification key),
            // the position in its low 16 (`collect` of a mapped slice allocates the exact
            // length)
            return ArticleSketch {
                shingles: set.iter().map(|&x| verification_key(x)).collect(),
                positions: set.iter().map(|&x| x as u16).collect(),
                signature,
            };
        }
        let mut positions = Vec::new();
        shingles_with_positions_into(
            keys,
            shingle_words,
            &mut scratch.shingle,
            &mut scratch.set,
            &mut positions,
        );
        let set = &scratch.set;
        ArticleSketch {
            shingles: set.iter().map(|&h| verification_key(h)).collect(),
            positions,
            signature: hasher.signature(set),
        }
    }
}

/// A shingle hash as verification keeps it: its top 32 bits, so a sorted set stays sorted.
/// Two shingles of two articles agree in them by chance with probability 2^-32: a pair of
/// 400-shingle articles gains a spurious shared shingle once in about 27,000 pairs, moving its
/// scores by one shingle (two shingles of one article that agree are both kept, so set sizes
/// are exact).
pub fn verification_key(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// One worker's reusable buffers for [`ArticleSketch::from_keys_with`].
#[derive(Debug, Default, Clone)]
pub struct SketchScratch {
    shingle: ShingleScratch,
    set: Vec<u64>,
}
