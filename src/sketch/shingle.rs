//! Word shingles over token key hashes.

use super::radix::sorted_by_top_bits;

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

/// Hashes of the `w`-word shingles of a key sequence, sorted and de-duplicated.
///
/// A text shorter than `w` words gives one shingle of all its words; an empty text none.
/// Order matters inside a shingle (`a b c` differs from `c b a`).
pub fn shingles(keys: &[u64], w: usize) -> Vec<u64> {
    let w = w.max(1);
    if keys.is_empty() {
        return Vec::new();
    }
    let hashes: Vec<u64> = if keys.len() < w {
        vec![fold(keys)]
    } else if w == 3 {
        // the default shingle width, with the fold unrolled
        keys.windows(3).map(|k| fold3(k[0], k[1], k[2])).collect()
    } else {
        keys.windows(w).map(fold).collect()
    };
    sorted_unique(hashes)
}

/// `v` sorted and de-duplicated. Shingle hashes are uniform, so a counting pass on their top
/// bits (about one bucket per element) leaves buckets of one or two elements to finish by
/// insertion: linear time, several times fewer instructions than a comparison sort. Small
/// inputs, and any bucket that happens to be large, use the standard sort.
pub(crate) fn sorted_unique(v: Vec<u64>) -> Vec<u64> {
    let mut out = sorted_by_top_bits(v, |x| x, 16);
    out.dedup();
    out
}

#[inline(always)]
fn fold(words: &[u64]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64;
    for &k in words {
        h = mix64(h ^ k).rotate_left(17);
    }
    mix64(h)
}

/// [`fold`] of three words.
#[inline(always)]
fn fold3(a: u64, b: u64, c: u64) -> u64 {
    let h = mix64(0x9e37_79b9_7f4a_7c15u64 ^ a).rotate_left(17);
    let h = mix64(h ^ b).rotate_left(17);
    let h = mix64(h ^ c).rotate_left(17);
    mix64(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matters_and_duplicates_collapse() {
        let a = shingles(&[1, 2, 3, 1, 2, 3], 3);
        assert_eq!(a.len(), 3); // 123, 231, 312
        assert_ne!(shingles(&[1, 2, 3], 3), shingles(&[3, 2, 1], 3));
    }

    use proptest::prelude::*;
    proptest! {
        /// The bucket sort gives what a comparison sort and dedup give, with skewed, repeated
        /// and uniform values alike.
        #[test]
        fn sorted_unique_matches_sort_and_dedup(
            v in prop::collection::vec(prop_oneof![
                any::<u64>(),
                0u64..50,
                (0u64..8).prop_map(|x| x << 60),
            ], 0..3000)
        ) {
            let mut expected = v.clone();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(sorted_unique(v), expected);
        }
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
}
