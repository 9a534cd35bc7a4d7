//! One sort for uniform 64-bit keys (shingle hashes, LSH band keys): a counting pass on the
//! keys' top bits, then insertion sort inside each range.

/// The longest range left to insertion sort.
const SHORT: usize = 32;

/// `v` sorted (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order. See [`sort_by_top_bits_into`]; the tests' reference shape.
#[cfg(test)]
fn sorted_by_top_bits<T: Copy + Ord + Default>(mut v: Vec<T>, key: impl Fn(T) -> u64) -> Vec<T> {
    if v.len() < SMALL {
        v.sort_unstable();
        return v;
    }
    let mut out = Vec::new();
    sort_by_top_bits_into(&v, key, &mut Vec::new(), &mut out);
    out
}

/// Inputs shorter than this take the standard sort.
const SMALL: usize = 64;

/// `out` = `v` sorted (the order of `sort_unstable`), for elements whose `key` is a uniform
/// 64-bit hash that leads their order and whose `T::default()` is no greater than any element
/// (unsigned integers and tuples of them); `counts` is scratch. Both buffers are reused as they
/// are (cleared first), so a caller that keeps them allocates nothing once they have grown.
///
/// A counting pass on the key's top bits (about one range per element) gives every range its
/// place in `out`; each element is then stored at the end of its range's filled part and moved
/// down past the larger ones already there (insertion sort inside the range, in the same pass;
/// `out` starts as `T::default()`, so a move never crosses into an earlier range, whose elements
/// and empty slots are all no greater). Small inputs, and inputs with a range longer than
/// [`SHORT`], use the standard sort. Several times fewer instructions than a comparison sort on
/// uniform keys, and no worse than one on skewed keys.
pub(crate) fn sort_by_top_bits_into<T: Copy + Ord + Default>(
    v: &[T],
    key: impl Fn(T) -> u64,
    counts: &mut Vec<u32>,
    out: &mut Vec<T>,
) {
    let n = v.len();
    out.clear();
    if n < SMALL {
        out.extend_from_slice(v);
        out.sort_unstable();
        return;
    }
    let bits = (usize::BITS - 1 - n.leading_zeros()).min(16);
    let shift = 64 - bits;
    // range r's elements go to out[begin(r)..begin(r + 1)]; `next[r]` counts them, then is
    // where the next one goes
    let next = counts;
    next.clear();
    next.resize(1 << bits, 0);
    // the top bits are always below the number of ranges: the mask only lets the compiler see
    // that the index is in bounds
    let mask = next.len() - 1;
    let range = |x: T| (key(x) >> shift) as usize & mask;
    for &x in v {
        next[range(x)] += 1;
    }
    let (mut begin, mut longest) = (0, 0);
    for next in next.iter_mut() {
        let count = *next;
        longest = longest.max(count);
        *next = begin;
        begin += count;
    }
    if longest as usize > SHORT {
        out.extend_from_slice(v);
        out.sort_unstable();
        return;
    }
    out.resize(n, T::default());
    for &x in v {
        let r = range(x);
        let end = next[r] as usize;
        next[r] += 1;
        let filled = &mut out[..=end];
        let mut j = end;
        while j > 0 && filled[j - 1] > x {
            filled[j] = filled[j - 1];
            j -= 1;
        }
        filled[j] = x;
    }
}

#[cfg(test)]
mod properties {
    use super::{sort_by_top_bits_into, sorted_by_top_bits};
    use proptest::prelude::*;

    /// Uniform keys, a few uniform keys repeated, keys from a tiny range, keys crowded into a few top-bit ranges (long
    /// ranges take the standard sort) and keys at the top end.
    fn keys() -> impl Strategy<Value = Vec<u64>> {
        prop::collection::vec(
            prop_oneof![
                any::<u64>(),
                // a few uniform values, repeated: equal keys inside short ranges
                (1u64..40).prop_map(|x| x.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
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

        /// The buffer-reusing form gives the same order whatever its buffers held before.
        #[test]
        fn reused_buffers_do_not_leak_into_the_result(keys in keys(), junk in keys()) {
            let mut expected = keys.clone();
            expected.sort_unstable();
            let mut counts: Vec<u32> = junk.iter().map(|&x| x as u32).collect();
            let mut out = junk.clone();
            sort_by_top_bits_into(&junk, |x| x, &mut counts, &mut out);
            sort_by_top_bits_into(&keys, |x| x, &mut counts, &mut out);
            prop_assert_eq!(out, expected);
        }
    }
}
