//! Word shingles over token key hashes.

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
    let mut out: Vec<u64> = if keys.len() < w {
        vec![fold(keys)]
    } else {
        keys.windows(w).map(fold).collect()
    };
    out.sort_unstable();
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
    fn short_texts_get_one_shingle() {
        assert_eq!(shingles(&[7, 8], 3).len(), 1);
        assert!(shingles(&[], 3).is_empty());
    }
}
