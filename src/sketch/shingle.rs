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
    // shingle hashes are uniform
    let mut set = sorted_by_top_bits(hashes, |x| x);
    set.dedup();
    set
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
