//! One sort for uniform 64-bit keys (shingle hashes): two stable counting passes on two digits
//! of the keys' top bits, least significant first, then insertion sort for the few keys that
//! agree in both digits. No branch depends on the keys until that last pass, which moves about
//! one key in a text: the insertion sort inside small ranges it replaced mispredicted about once
//! a key, the largest cost of the sketch stage.

/// The widest digit (its counts stay in the first-level cache).
const MAX_DIGIT_BITS: u32 = 11;

/// Inputs shorter than this take the standard sort.
const SMALL: usize = 64;

/// The two digits of `n` uniform keys: each about log2(n) bits of the key's top bits (at most
/// [`MAX_DIGIT_BITS`]), so the two together leave about one pair of keys in a tie.
#[derive(Clone, Copy)]
pub(crate) struct TopDigits {
    /// The shifts that bring each digit to the bottom.
    high_shift: u32,
    low_shift: u32,
    /// The values a digit takes, less one.
    mask: usize,
}

impl TopDigits {
    /// The digits for `n` keys (`n >= 2`).
    pub(crate) fn for_len(n: usize) -> TopDigits {
        let bits = (usize::BITS - 1 - n.leading_zeros()).clamp(1, MAX_DIGIT_BITS);
        TopDigits {
            high_shift: 64 - bits,
            low_shift: 64 - 2 * bits,
            mask: (1 << bits) - 1,
        }
    }

    /// How many values a digit takes (the length of its counts).
    pub(crate) fn size(self) -> usize {
        self.mask + 1
    }

    /// The upper digit: the key's top bits.
    #[inline(always)]
    pub(crate) fn high(self, key: u64) -> usize {
        // (the mask only lets the compiler see that the digit is in bounds)
        (key >> self.high_shift) as usize & self.mask
    }

    /// The lower digit: as many bits, below the upper digit.
    #[inline(always)]
    pub(crate) fn low(self, key: u64) -> usize {
        (key >> self.low_shift) as usize & self.mask
    }
}

/// Counts of digit values made into where each value's first element goes.
pub(crate) fn counts_to_starts(counts: &mut [u32]) {
    let mut begin = 0;
    for next in counts.iter_mut() {
        let count = *next;
        *next = begin;
        begin += count;
    }
}

/// `v` ordered by its keys' two digits (stably: ties keep their order), through `tmp` (as long
/// as `v`); `low` and `high` are the digits' starts ([`counts_to_starts`] of their counts) and
/// are used up.
#[inline(always)]
pub(crate) fn by_two_digits<T: Copy>(
    v: &mut [T],
    tmp: &mut [T],
    digits: TopDigits,
    key: impl Fn(T) -> u64,
    low: &mut [u32],
    high: &mut [u32],
) {
    for &x in v.iter() {
        let slot = &mut low[digits.low(key(x))];
        tmp[*slot as usize] = x;
        *slot += 1;
    }
    for &x in tmp.iter() {
        let slot = &mut high[digits.high(key(x))];
        v[*slot as usize] = x;
        *slot += 1;
    }
}

/// Move `v[i]` down past the greater elements before it (one step of insertion sort) and
/// return where it went.
#[inline(always)]
pub(crate) fn insert_back<T: Copy + Ord>(v: &mut [T], i: usize) -> usize {
    let x = v[i];
    let mut j = i;
    while j > 0 && v[j - 1] > x {
        v[j] = v[j - 1];
        j -= 1;
    }
    v[j] = x;
    j
}

/// `v` sorted (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order. See [`sort_by_top_bits`]; the tests' reference shape.
#[cfg(test)]
fn sorted_by_top_bits<T: Copy + Ord + Default>(mut v: Vec<T>, key: impl Fn(T) -> u64) -> Vec<T> {
    sort_by_top_bits(&mut v, key, &mut Vec::new(), &mut Vec::new());
    v
}

/// Sort `v` (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order; `counts` and `tmp` are scratch, reused as they are, so a caller that
/// keeps them allocates nothing once they have grown.
///
/// Two stable counting passes on the top digits ([`by_two_digits`]), then insertion sort, which
/// moves only the elements that tie in both digits. Small inputs, and inputs whose keys crowd
/// (insertion would move more elements than there are), take the standard sort. Several times
/// fewer instructions than a comparison sort on uniform keys, and no worse than one on skewed
/// keys.
pub(crate) fn sort_by_top_bits<T: Copy + Ord + Default>(
    v: &mut [T],
    key: impl Fn(T) -> u64,
    counts: &mut Vec<u32>,
    tmp: &mut Vec<T>,
) {
    let n = v.len();
    if n < SMALL {
        v.sort_unstable();
        return;
    }
    let digits = TopDigits::for_len(n);
    counts.clear();
    counts.resize(2 * digits.size(), 0);
    let (low, high) = counts.split_at_mut(digits.size());
    for &x in v.iter() {
        low[digits.low(key(x))] += 1;
        high[digits.high(key(x))] += 1;
    }
    counts_to_starts(low);
    counts_to_starts(high);
    tmp.clear();
    tmp.resize(n, T::default());
    by_two_digits(v, tmp, digits, &key, low, high);
    let mut moved = 0;
    for i in 1..n {
        if v[i - 1] > v[i] {
            moved += i - insert_back(v, i);
            if moved > n {
                v.sort_unstable();
                return;
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::{sort_by_top_bits, sorted_by_top_bits};
    use proptest::prelude::*;

    /// Uniform keys, a few uniform keys repeated, keys from a tiny range, keys crowded into a
    /// few top-bit values (they take the standard sort) and keys at the top end.
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
            let mut tmp = junk.clone();
            sort_by_top_bits(&mut junk.clone(), |x| x, &mut counts, &mut tmp);
            let mut out = keys.clone();
            sort_by_top_bits(&mut out, |x| x, &mut counts, &mut tmp);
            prop_assert_eq!(out, expected);
        }
    }
}
