//! One sort for uniform 64-bit keys (shingle hashes, LSH band keys): a counting pass on the
//! keys' top bits, then insertion sort inside each range.

/// The longest range left to insertion sort.
const SHORT: usize = 32;

/// `v` sorted (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order. A stable counting pass on the key's top bits (about one range per
/// element) leaves ranges of a few elements, which insertion sort finishes (elements sharing a
/// key that arrive in order stay linear too); small inputs, and any range longer than
/// [`SHORT`], use the standard sort. Several times fewer instructions than a comparison sort on
/// uniform keys, and no worse than one on skewed keys.
pub(crate) fn sorted_by_top_bits<T: Copy + Ord + Default>(
    mut v: Vec<T>,
    key: impl Fn(T) -> u64,
) -> Vec<T> {
    let n = v.len();
    if n < 64 {
        v.sort_unstable();
        return v;
    }
    let bits = (usize::BITS - 1 - n.leading_zeros()).min(16);
    let shift = 64 - bits;
    let ranges = 1usize << bits;
    // range r's elements go to out[begin(r)..begin(r + 1)]
    let mut next = vec![0u32; ranges + 1];
    for &x in &v {
        next[(key(x) >> shift) as usize + 1] += 1;
    }
    for r in 0..ranges {
        next[r + 1] += next[r];
    }
    let mut out = vec![T::default(); n];
    for &x in &v {
        let slot = &mut next[(key(x) >> shift) as usize];
        out[*slot as usize] = x;
        *slot += 1;
    }
    // now next[r] is the end of range r, and the begin of range r + 1
    let mut begin = 0usize;
    for &end in &next[..ranges] {
        let end = end as usize;
        let range = &mut out[begin..end];
        if range.len() > SHORT {
            range.sort_unstable();
        } else {
            for i in 1..range.len() {
                let x = range[i];
                let mut j = i;
                while j > 0 && range[j - 1] > x {
                    range[j] = range[j - 1];
                    j -= 1;
                }
                range[j] = x;
            }
        }
        begin = end;
    }
    out
}

#[cfg(test)]
mod properties {
    use super::sorted_by_top_bits;
    use proptest::prelude::*;

    /// Uniform keys, keys from a tiny range, keys crowded into a few top-bit ranges (long
    /// ranges take the standard sort) and keys at the top end.
    fn keys() -> impl Strategy<Value = Vec<u64>> {
        prop::collection::vec(
            prop_oneof![
                any::<u64>(),
                0u64..50,
                (0u64..8).prop_map(|x| x << 60),
                (0u64..3).prop_map(|x| u64::MAX - x),
            ],
            0..3000,
        )
    }

    proptest! {
        /// The order of `sort_unstable`: on bare hashes (shingles) and on (key, document)
        /// entries ordered by key, then document (LSH bands).
        #[test]
        fn equals_the_standard_sort(keys in keys()) {
            let mut expected = keys.clone();
            expected.sort_unstable();
            prop_assert_eq!(sorted_by_top_bits(keys.clone(), |x| x), expected);

            let entries: Vec<(u64, u32)> =
                keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
            let mut expected = entries.clone();
            expected.sort_unstable();
            prop_assert_eq!(sorted_by_top_bits(entries, |e| e.0), expected);
        }
    }
}
