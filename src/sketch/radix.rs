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
        // (the second mask, a constant, lets the compiler see that the digit indexes
        // `DigitCounts` in bounds; it folds into the first)
        (key >> self.high_shift) as usize & self.mask & (WIDEST - 1)
    }

    /// The lower digit: as many bits, below the upper digit.
    #[inline(always)]
    pub(crate) fn low(self, key: u64) -> usize {
        (key >> self.low_shift) as usize & self.mask & (WIDEST - 1)
    }
}

/// Values of the widest digit.
const WIDEST: usize = 1 << MAX_DIGIT_BITS;

/// How many keys take each value of the two digits, then where the next key of each value
/// goes. Sized for the widest digit, so that a digit indexes it without a bounds check; a sort
/// uses the first [`TopDigits::size`] of each.
#[derive(Debug, Clone)]
pub(crate) struct DigitCounts {
    low: Box<[u32; WIDEST]>,
    high: Box<[u32; WIDEST]>,
}

impl Default for DigitCounts {
    fn default() -> DigitCounts {
        DigitCounts {
            low: Box::new([0; WIDEST]),
            high: Box::new([0; WIDEST]),
        }
    }
}

impl DigitCounts {
    /// Counts of zero for the digits' values.
    pub(crate) fn clear(&mut self, digits: TopDigits) {
        self.low[..digits.size()].fill(0);
        self.high[..digits.size()].fill(0);
    }

    /// Count one key.
    #[inline(always)]
    pub(crate) fn count(&mut self, digits: TopDigits, key: u64) {
        self.low[digits.low(key)] += 1;
        self.high[digits.high(key)] += 1;
    }

    /// The counts made into where each value's first key goes.
    pub(crate) fn make_starts(&mut self, digits: TopDigits) {
        let (mut low_begin, mut high_begin) = (0, 0);
        let both = self.low.iter_mut().zip(self.high.iter_mut());
        for (low, high) in both.take(digits.size()) {
            (*low, low_begin) = (low_begin, low_begin + *low);
            (*high, high_begin) = (high_begin, high_begin + *high);
        }
    }

    /// `v` ordered by its keys' two digits (stably: ties keep their order), through `tmp` (as
    /// long as `v`), from the starts ([`DigitCounts::make_starts`]), which it uses up.
    #[inline(always)]
    pub(crate) fn order<T: Copy>(
        &mut self,
        digits: TopDigits,
        v: &mut [T],
        tmp: &mut [T],
        key: impl Fn(T) -> u64,
    ) {
        for &x in v.iter() {
            let slot = &mut self.low[digits.low(key(x))];
            tmp[*slot as usize] = x;
            *slot += 1;
        }
        for &x in tmp.iter() {
            let slot = &mut self.high[digits.high(key(x))];
            v[*slot as usize] = x;
            *slot += 1;
        }
    }
}

/// The last pass of the sort, after [`DigitCounts::order`]: insertion sort, which moves only
/// the elements that tie in both digits. Also finds the first neighbours that are `alike`:
/// returns `Some(first)` with no two alike neighbours in `v[..first]` (`first` is where two
/// alike neighbours were seen, or below where an element was moved to; `v.len()` when neither
/// happened), or `None`, `v` unsorted, when insertion would move more elements than there are
/// (keys crowded into a few digit values: not uniform hashes).
#[inline(always)]
pub(crate) fn finish_by_insertion<T: Copy + Ord>(
    v: &mut [T],
    alike: impl Fn(T, T) -> bool,
) -> Option<usize> {
    finish_by_insertion_with(v, &alike, |v, from| regular_until(v, from, &alike))
}

/// The first `i >= from` (`from >= 1`) where `v[i - 1]` and `v[i]` are out of order or
/// `alike`, or `v.len().max(from)` when there is none: where [`finish_by_insertion`]'s pass has
/// something to do.
#[inline(always)]
pub(crate) fn regular_until<T: Copy + Ord>(
    v: &[T],
    from: usize,
    alike: impl Fn(T, T) -> bool,
) -> usize {
    (from..v.len())
        .find(|&i| v[i - 1] > v[i] || alike(v[i - 1], v[i]))
        .unwrap_or(v.len().max(from))
}

/// [`finish_by_insertion`] that asks `regular_until(v, i)` (for `i >= 1`) for the first `j >=
/// i` where `v[j - 1]` and `v[j]` are out of order or `alike`, or for `v.len()` (or more) when
/// there is none: the pass has nothing to do between, and a vector scan
/// ([`super::vector::regular_until`]) passes over those neighbours several at a time.
#[inline(always)]
pub(crate) fn finish_by_insertion_with<T: Copy + Ord>(
    v: &mut [T],
    alike: impl Fn(T, T) -> bool,
    regular_until: impl Fn(&[T], usize) -> usize,
) -> Option<usize> {
    let n = v.len();
    let (mut first, mut moved) = (n, 0);
    let mut i = 1;
    loop {
        // `v[..i]` is sorted, and `first` notes its first alike neighbours
        i = regular_until(v, i);
        if i >= n {
            return Some(first);
        }
        let x = v[i];
        if v[i - 1] <= x {
            debug_assert!(alike(v[i - 1], x));
            first = first.min(i - 1);
        } else {
            let mut j = i;
            while j > 0 && v[j - 1] > x {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
            first = first.min(j.saturating_sub(1));
            moved += i - j;
            if moved > n {
                return None;
            }
        }
        i += 1;
    }
}

/// `v` sorted (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order. See [`sort_by_top_bits`]; the tests' reference shape.
#[cfg(test)]
fn sorted_by_top_bits<T: Copy + Ord + Default>(mut v: Vec<T>, key: impl Fn(T) -> u64) -> Vec<T> {
    sort_by_top_bits(&mut v, key, &mut DigitCounts::default(), &mut Vec::new());
    v
}

/// Sort `v` (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order; `counts` and `tmp` are scratch, reused as they are, so a caller that
/// keeps them allocates nothing once they have grown.
///
/// Two stable counting passes on the top digits ([`DigitCounts::order`]), then insertion sort
/// ([`finish_by_insertion`]), which moves only the elements that tie in both digits. Small inputs, and inputs whose keys crowd
/// (insertion would move more elements than there are), take the standard sort. Several times
/// fewer instructions than a comparison sort on uniform keys, and no worse than one on skewed
/// keys.
pub(crate) fn sort_by_top_bits<T: Copy + Ord + Default>(
    v: &mut [T],
    key: impl Fn(T) -> u64,
    counts: &mut DigitCounts,
    tmp: &mut Vec<T>,
) {
    let n = v.len();
    if n < SMALL {
        v.sort_unstable();
        return;
    }
    let digits = TopDigits::for_len(n);
    counts.clear(digits);
    for &x in v.iter() {
        counts.count(digits, key(x));
    }
    counts.make_starts(digits);
    tmp.clear();
    tmp.resize(n, T::default());
    counts.order(digits, v, tmp, &key);
    if finish_by_insertion(v, |_, _| false).is_none() {
        v.sort_unstable();
    }
}

#[cfg(test)]
mod properties {
    use super::{sort_by_top_bits, sorted_by_top_bits, DigitCounts};
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
            let mut counts = DigitCounts::default();
            let mut tmp = junk.clone();
            sort_by_top_bits(&mut junk.clone(), |x| x, &mut counts, &mut tmp);
            let mut out = keys.clone();
            sort_by_top_bits(&mut out, |x| x, &mut counts, &mut tmp);
            prop_assert_eq!(out, expected);
        }
    }
}
