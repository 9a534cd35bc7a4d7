//! Word shingles over token key hashes.
//!
//! A shingle's hash combines its words' keys (already uniform xxh3 hashes) by rotate-and-xor,
//! so the order of the words matters, and finishes with one [`mix64`], which breaks the
//! combination's linearity. The value is persisted (through signatures and band keys), so any
//! change to it is a new [`super::SKETCH_VERSION`].

use super::radix::sort_by_top_bits_into;

/// A stable 64-bit mixer (the murmur3/splitmix finaliser): a bijection with full avalanche.
#[inline(always)]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Seed of the shingle hash (xored in before the finaliser).
const SHINGLE_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Rotation between consecutive words of a shingle. Odd, so the rotations of up to 64 words
/// are all different.
const WORD_ROTATION: u32 = 21;

/// Reusable buffers for [`shingles_into`] (one per worker thread): the unsorted shingle hashes
/// and the counting sort's ranges.
#[derive(Debug, Default, Clone)]
pub struct ShingleScratch {
    hashes: Vec<u64>,
    counts: Vec<u32>,
}

/// Hashes of the `w`-word shingles of a key sequence, sorted and de-duplicated.
///
/// A text shorter than `w` words gives one shingle of all its words; an empty text none.
/// Order matters inside a shingle (`a b c` differs from `c b a`).
pub fn shingles(keys: &[u64], w: usize) -> Vec<u64> {
    let mut out = Vec::new();
    shingles_into(keys, w, &mut ShingleScratch::default(), &mut out);
    out
}

/// [`shingles`] into `out` (cleared first), with reused buffers: once `scratch` and `out` have
/// grown, shingling allocates nothing.
pub fn shingles_into(keys: &[u64], w: usize, scratch: &mut ShingleScratch, out: &mut Vec<u64>) {
    let w = w.max(1);
    let hashes = &mut scratch.hashes;
    hashes.clear();
    if keys.len() < w {
        if !keys.is_empty() {
            hashes.push(fold(keys));
        }
    } else if w == 3 {
        // the default shingle width, with the fold unrolled
        let words = keys.iter().zip(&keys[1..]).zip(&keys[2..]);
        hashes.extend(words.map(|((&a, &b), &c)| fold3(a, b, c)));
    } else {
        hashes.extend(keys.windows(w).map(fold));
    }
    // shingle hashes are uniform
    sort_by_top_bits_into(hashes, |x| x, &mut scratch.counts, out);
    out.dedup();
}

/// The hash of one shingle: word `i` of `w` rotated left by `WORD_ROTATION * (w - 1 - i)` bits,
/// all xored together with the seed, then one [`mix64`].
#[inline(always)]
fn fold(words: &[u64]) -> u64 {
    let mut h = 0u64;
    for &k in words {
        h = h.rotate_left(WORD_ROTATION) ^ k;
    }
    mix64(h ^ SHINGLE_SEED)
}

/// [`fold`] of three words.
#[inline(always)]
fn fold3(a: u64, b: u64, c: u64) -> u64 {
    mix64(a.rotate_left(2 * WORD_ROTATION) ^ b.rotate_left(WORD_ROTATION) ^ c ^ SHINGLE_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matters_and_duplicates_collapse() {
        let a = shingles(&[1, 2, 3, 1, 2, 3], 3);
        assert_eq!(a.len(), 3); // 123, 231, 312
        assert_ne!(shingles(&[1, 2, 3], 3), shingles(&[3, 2, 1], 3));
        let k = [mix64(1), mix64(2), mix64(3)];
        assert_ne!(fold3(k[0], k[1], k[2]), fold3(k[2], k[1], k[0]));
        assert_ne!(fold3(k[0], k[1], k[2]), fold3(k[1], k[0], k[2]));
        assert_ne!(fold3(k[0], k[1], k[2]), fold3(k[0], k[2], k[1]));
    }

    #[test]
    fn unrolled_fold_is_fold() {
        let mut x = 1u64;
        for _ in 0..1000 {
            let k = [mix64(x), mix64(x + 1), mix64(x + 2)];
            assert_eq!(fold3(k[0], k[1], k[2]), fold(&k));
            x = mix64(x);
        }
    }

    #[test]
    fn short_texts_get_one_shingle() {
        assert_eq!(shingles(&[7, 8], 3).len(), 1);
        assert!(shingles(&[], 3).is_empty());
    }

    /// These values are persisted (signatures, band keys): if this test has to change, so does
    /// `SKETCH_VERSION`.
    #[test]
    fn shingle_hashes_are_those_of_sketch_version_2() {
        assert_eq!(crate::sketch::SKETCH_VERSION, 2);
        let keys = [
            crate::text::key_hash("raqqa"),
            crate::text::key_hash("fell"),
            crate::text::key_hash("on"),
            crate::text::key_hash("tuesday"),
        ];
        let pinned: Vec<String> = shingles(&keys, 3)
            .iter()
            .chain(&shingles(&keys[..2], 3))
            .chain(&shingles(&keys, 2))
            .map(|h| format!("{h:016x}"))
            .collect();
        let expected = [
            // raqqa fell on, fell on tuesday (sorted)
            "2be0238f91c29627",
            "64c8d1f20e565f7b",
            // a text of two words: one shingle of both
            "7fdb87934ae5ea28",
            // width 2: on tuesday, fell on, raqqa fell
            "003976e55ae27231",
            "2d4aa911d465de94",
            "7fdb87934ae5ea28",
        ];
        assert_eq!(pinned, expected);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition: every window folded, then the standard sort and dedup.
    fn reference(keys: &[u64], w: usize) -> Vec<u64> {
        let w = w.max(1);
        let mut v: Vec<u64> = if keys.is_empty() {
            Vec::new()
        } else if keys.len() < w {
            vec![fold(keys)]
        } else {
            keys.windows(w).map(fold).collect()
        };
        v.sort_unstable();
        v.dedup();
        v
    }

    proptest! {
        /// `shingles_into` with reused buffers equals the reference, for the unrolled width 3
        /// and the others, on texts with repeated words (small vocabularies) and without.
        #[test]
        fn shingles_into_equals_the_reference(
            texts in prop::collection::vec(
                (prop::collection::vec(prop_oneof![0u64..20, any::<u64>()], 0..400), 0usize..6),
                1..6,
            )
        ) {
            let mut scratch = ShingleScratch::default();
            let mut out = vec![42];
            for (keys, w) in &texts {
                let keys: Vec<u64> = keys.iter().map(|&k| mix64(k)).collect();
                shingles_into(&keys, *w, &mut scratch, &mut out);
                prop_assert_eq!(&out, &reference(&keys, *w));
                prop_assert_eq!(&shingles(&keys, *w), &reference(&keys, *w));
            }
        }
    }
}
