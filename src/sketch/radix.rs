//! One sort for uniform 64-bit keys (shingle hashes, LSH band keys): a counting pass on the
//! keys' top bits, then insertion sort inside each range.

/// `v` sorted (the order of `sort_unstable`), for elements whose `key` is a uniform 64-bit hash
/// that leads their order. A stable counting pass on the key's top bits (about one range per
/// element) leaves ranges of a few elements, which insertion sort finishes; small inputs, and
/// any range longer than `short`, use the standard sort. Several times fewer instructions than a
/// comparison sort on uniform keys, and never worse than one on skewed keys.
pub(crate) fn sorted_by_top_bits<T: Copy + Ord + Default>(
    mut v: Vec<T>,
    key: impl Fn(T) -> u64,
    short: usize,
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
        if range.len() > short {
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

    proptest! {
        #[test]
        fn equals_the_standard_sort(mut v in proptest::collection::vec(any::<u64>(), 0..600),
                                    skew in 0u32..64, short in 0usize..40) {
            // skew > 0 crowds the keys into few ranges (long ranges take the standard sort)
            for x in &mut v { *x >>= skew; }
            let got = sorted_by_top_bits(v.clone(), |x| x, short);
            v.sort_unstable();
            prop_assert_eq!(got, v);
        }
    }
}
