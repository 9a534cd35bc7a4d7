//! The sketch stage's loops that take several values a step where the processor has wide
//! vectors: the hashes of a text's 3-word windows (the default shingle width), and the sort's
//! scan for neighbours out of order. Every kernel gives the scalar loop's result, which the
//! tests hold each of them to: which one runs changes the time, never a value.
//!
//! Two 64-bit multiplications a window are most of a window's hash; AVX-512 (with its
//! doubleword-and-quadword extension) multiplies eight 64-bit lanes in one instruction, AVX2
//! four, built from three 32-bit products. Measured on 4,000 generated texts (one thread,
//! 415 windows a text), with the signature and digit counts that follow: 3.6 ns a window with
//! the scalar hash in the same loop, 2.2 with AVX2, 1.65 with AVX-512.

use super::shingle::fold3;

/// Which kernel a loop runs: only ever one the processor has (made by [`Kernel::best`], or by
/// `Kernel::available` in the tests; the choice is private to this module, so no caller can
/// name a kernel the processor lacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Kernel(Choice);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Scalar,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Choice {
    /// Every kernel, the scalar one first and the widest last.
    const ALL: &[Choice] = &[
        Choice::Scalar,
        #[cfg(target_arch = "x86_64")]
        Choice::Avx2,
        #[cfg(target_arch = "x86_64")]
        Choice::Avx512,
    ];

    /// Does this processor have the kernel's features? (Detected once, then a cached test.)
    fn is_available(self) -> bool {
        match self {
            Choice::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Choice::Avx2 => std::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Choice::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx512dq")
            }
        }
    }
}

impl Kernel {
    /// The widest kernel this processor runs.
    pub(super) fn best() -> Kernel {
        let widest = Choice::ALL.iter().rev().find(|c| c.is_available());
        Kernel(widest.copied().unwrap_or(Choice::Scalar))
    }

    /// Every kernel this processor runs, the scalar one first.
    #[cfg(test)]
    fn available() -> Vec<Kernel> {
        Choice::ALL
            .iter()
            .filter(|c| c.is_available())
            .map(|&c| Kernel(c))
            .collect()
    }
}

/// The most windows [`hash_windows3`] takes: a position is 16 bits.
pub(super) const MAX_WINDOWS: usize = 1 << 16;

/// For each 3-word window `i` of `keys` (its words `i`, `i + 1` and `i + 2`; there are
/// `keys.len() - 2`, at most [`MAX_WINDOWS`]): `hashes[i]`, the window's shingle hash, and
/// `packed[i]`, that hash with its low 16 bits replaced by `i`. Both slices are at least that
/// long; what lies past the windows is left alone.
pub(super) fn hash_windows3(kernel: Kernel, keys: &[u64], hashes: &mut [u64], packed: &mut [u64]) {
    let n = keys.len().saturating_sub(2);
    assert!(n <= MAX_WINDOWS, "a position takes 16 bits");
    let (hashes, packed) = (&mut hashes[..n], &mut packed[..n]);
    let done = match kernel.0 {
        Choice::Scalar => 0,
        // SAFETY: a `Kernel` names only kernels whose features the processor has (see
        // `Kernel`); the slices are as the kernels need (`hashes` and `packed` hold
        // `keys.len() - 2` windows, cut above).
        #[cfg(target_arch = "x86_64")]
        Choice::Avx2 => unsafe { avx2(keys, hashes, packed) },
        #[cfg(target_arch = "x86_64")]
        Choice::Avx512 => unsafe { avx512(keys, hashes, packed) },
    };
    for i in done..n {
        let h = fold3(keys[i], keys[i + 1], keys[i + 2]);
        hashes[i] = h;
        packed[i] = pack(h, i);
    }
}

/// A window's hash with its position in the low 16 bits.
#[inline(always)]
fn pack(h: u64, i: usize) -> u64 {
    h & !0xffff | i as u64
}

/// [`hash_windows3`]'s windows eight at a time; returns how many it did (the rest, fewer than
/// eight, are the caller's).
///
/// # Safety
///
/// AVX-512F and AVX-512DQ must be available; `hashes` and `packed` must be `keys.len() - 2`
/// long, at most [`MAX_WINDOWS`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
unsafe fn avx512(keys: &[u64], hashes: &mut [u64], packed: &mut [u64]) -> usize {
    use super::shingle::{SHINGLE_SEED, WORD_ROTATION};
    use std::arch::x86_64::*;
    const R1: i32 = WORD_ROTATION as i32;
    const R2: i32 = 2 * WORD_ROTATION as i32;
    let n = hashes.len();
    let seed = _mm512_set1_epi64(SHINGLE_SEED as i64);
    let [m1, m2] = MIX64_MULTIPLIERS.map(|m| _mm512_set1_epi64(m as i64));
    let shift = |x| _mm512_xor_si512(x, _mm512_srli_epi64::<33>(x));
    let high = _mm512_set1_epi64(!0xffff);
    let mut at = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: i + 8 <= n = keys.len() - 2, so keys[i..i + 10] is in bounds, and
        // hashes[i..i + 8] and packed[i..i + 8] (both n long); loadu and storeu take any
        // alignment.
        let (a, b, c) = unsafe {
            (
                _mm512_loadu_si512(keys.as_ptr().add(i).cast()),
                _mm512_loadu_si512(keys.as_ptr().add(i + 1).cast()),
                _mm512_loadu_si512(keys.as_ptr().add(i + 2).cast()),
            )
        };
        let words = _mm512_xor_si512(
            _mm512_xor_si512(_mm512_rol_epi64::<R2>(a), _mm512_rol_epi64::<R1>(b)),
            _mm512_xor_si512(c, seed),
        );
        let h = shift(_mm512_mullo_epi64(
            shift(_mm512_mullo_epi64(shift(words), m1)),
            m2,
        ));
        unsafe {
            _mm512_storeu_si512(hashes.as_mut_ptr().add(i).cast(), h);
            _mm512_storeu_si512(
                packed.as_mut_ptr().add(i).cast(),
                _mm512_or_si512(_mm512_and_si512(h, high), at),
            );
        }
        at = _mm512_add_epi64(at, _mm512_set1_epi64(8));
        i += 8;
    }
    i
}

/// [`hash_windows3`]'s windows four at a time; returns how many it did (the rest, fewer than
/// four, are the caller's). A 64-bit product is three 32-bit ones: the low halves' whole
/// product, plus the two cross products shifted up (the high halves' product falls off).
///
/// # Safety
///
/// AVX2 must be available; `hashes` and `packed` must be `keys.len() - 2` long, at most
/// [`MAX_WINDOWS`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn avx2(keys: &[u64], hashes: &mut [u64], packed: &mut [u64]) -> usize {
    use super::shingle::{SHINGLE_SEED, WORD_ROTATION};
    use std::arch::x86_64::*;
    const R1: i32 = WORD_ROTATION as i32;
    const R2: i32 = 2 * WORD_ROTATION as i32;
    let n = hashes.len();
    let seed = _mm256_set1_epi64x(SHINGLE_SEED as i64);
    let [m1, m2] = MIX64_MULTIPLIERS.map(|m| {
        (
            _mm256_set1_epi64x(m as i64),
            _mm256_set1_epi64x((m >> 32) as i64),
        )
    });
    let times = |x, (m, m_high)| {
        let low = _mm256_mul_epu32(x, m);
        let cross = _mm256_add_epi64(
            _mm256_mul_epu32(_mm256_srli_epi64::<32>(x), m),
            _mm256_mul_epu32(x, m_high),
        );
        _mm256_add_epi64(low, _mm256_slli_epi64::<32>(cross))
    };
    let shift = |x| _mm256_xor_si256(x, _mm256_srli_epi64::<33>(x));
    let high = _mm256_set1_epi64x(!0xffff);
    let mut at = _mm256_set_epi64x(3, 2, 1, 0);
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: i + 4 <= n = keys.len() - 2, so keys[i..i + 6] is in bounds, and
        // hashes[i..i + 4] and packed[i..i + 4] (both n long); loadu and storeu take any
        // alignment.
        let (a, b, c) = unsafe {
            (
                _mm256_loadu_si256(keys.as_ptr().add(i).cast()),
                _mm256_loadu_si256(keys.as_ptr().add(i + 1).cast()),
                _mm256_loadu_si256(keys.as_ptr().add(i + 2).cast()),
            )
        };
        let rotated_a = _mm256_or_si256(
            _mm256_slli_epi64::<R2>(a),
            _mm256_srli_epi64::<{ 64 - R2 }>(a),
        );
        let rotated_b = _mm256_or_si256(
            _mm256_slli_epi64::<R1>(b),
            _mm256_srli_epi64::<{ 64 - R1 }>(b),
        );
        let words = _mm256_xor_si256(
            _mm256_xor_si256(rotated_a, rotated_b),
            _mm256_xor_si256(c, seed),
        );
        let h = shift(times(shift(times(shift(words), m1)), m2));
        unsafe {
            _mm256_storeu_si256(hashes.as_mut_ptr().add(i).cast(), h);
            _mm256_storeu_si256(
                packed.as_mut_ptr().add(i).cast(),
                _mm256_or_si256(_mm256_and_si256(h, high), at),
            );
        }
        at = _mm256_add_epi64(at, _mm256_set1_epi64x(4));
        i += 4;
    }
    i
}

/// The first `i` at or after `from` (at least 1) where packed shingle values `v[i - 1]` and
/// `v[i]` are out of order or alike (equal in their top 48 bits: the same shingle, or two
/// whose hashes collide there), or `v.len()`: where the sort's last pass
/// ([`super::radix::finish_by_insertion_with`]) has something to do. Nearly every neighbour of
/// a sorted text is in order and unlike, and the scan takes them eight (or four) at a time.
pub(super) fn regular_until(kernel: Kernel, v: &[u64], from: usize) -> usize {
    let from = from.max(1);
    let start = match kernel.0 {
        Choice::Scalar => from,
        // SAFETY: a `Kernel` names only kernels whose features the processor has; `from >= 1`.
        #[cfg(target_arch = "x86_64")]
        Choice::Avx2 => unsafe { regular_until_avx2(v, from) },
        #[cfg(target_arch = "x86_64")]
        Choice::Avx512 => unsafe { regular_until_avx512(v, from) },
    };
    super::radix::regular_until(v, start, alike)
}

/// Are two packed shingle values alike: equal in their top 48 bits (the same shingle, or two
/// whose hashes collide there)? What the vector scans of [`regular_until`] test.
#[inline(always)]
pub(super) fn alike(a: u64, b: u64) -> bool {
    (a ^ b) >> 16 == 0
}

/// [`regular_until`] eight neighbours a step: the first irregular `i` it finds, or where the
/// full steps end (the scalar loop goes on from there).
///
/// # Safety
///
/// AVX-512F must be available; `from >= 1`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn regular_until_avx512(v: &[u64], from: usize) -> usize {
    use std::arch::x86_64::*;
    let mut i = from;
    while i + 8 <= v.len() {
        // SAFETY: from >= 1, so i - 1 >= 0, and i + 8 <= v.len(): v[i - 1..i + 8] is in
        // bounds; loadu takes any alignment.
        let (before, x) = unsafe {
            (
                _mm512_loadu_si512(v.as_ptr().add(i - 1).cast()),
                _mm512_loadu_si512(v.as_ptr().add(i).cast()),
            )
        };
        let alike = _mm512_cmpeq_epi64_mask(
            _mm512_srli_epi64::<16>(_mm512_xor_si512(before, x)),
            _mm512_setzero_si512(),
        );
        let found = _mm512_cmpgt_epu64_mask(before, x) | alike;
        if found != 0 {
            return i + found.trailing_zeros() as usize;
        }
        i += 8;
    }
    i
}

/// [`regular_until`] four neighbours a step (AVX2 compares signed lanes: flipping the top bit
/// of both sides orders them as unsigned).
///
/// # Safety
///
/// AVX2 must be available; `from >= 1`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn regular_until_avx2(v: &[u64], from: usize) -> usize {
    use std::arch::x86_64::*;
    let top = _mm256_set1_epi64x(i64::MIN);
    let mut i = from;
    while i + 4 <= v.len() {
        // SAFETY: from >= 1, so i - 1 >= 0, and i + 4 <= v.len(): v[i - 1..i + 4] is in
        // bounds; loadu takes any alignment.
        let (before, x) = unsafe {
            (
                _mm256_loadu_si256(v.as_ptr().add(i - 1).cast()),
                _mm256_loadu_si256(v.as_ptr().add(i).cast()),
            )
        };
        let alike = _mm256_cmpeq_epi64(
            _mm256_srli_epi64::<16>(_mm256_xor_si256(before, x)),
            _mm256_setzero_si256(),
        );
        let descending =
            _mm256_cmpgt_epi64(_mm256_xor_si256(before, top), _mm256_xor_si256(x, top));
        let found = _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_or_si256(descending, alike)));
        if found != 0 {
            return i + found.trailing_zeros() as usize;
        }
        i += 4;
    }
    i
}

/// [`super::mix64`]'s two multipliers.
#[cfg(target_arch = "x86_64")]
const MIX64_MULTIPLIERS: [u64; 2] = super::shingle::MIX64_MULTIPLIERS;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(keys: &[u64]) -> Result<(), TestCaseError> {
        let n = keys.len().saturating_sub(2);
        let expected: Vec<u64> = keys.windows(3).map(|w| fold3(w[0], w[1], w[2])).collect();
        for kernel in Kernel::available() {
            // longer than needed, filled with a marker: what lies past the windows stays
            let (mut hashes, mut packed) = (vec![7u64; n + 9], vec![7u64; n + 9]);
            hash_windows3(kernel, keys, &mut hashes, &mut packed);
            prop_assert_eq!(&hashes[..n], &expected[..], "{:?}", kernel);
            for (i, (&p, &h)) in packed.iter().zip(&expected).enumerate() {
                prop_assert_eq!(p, h & !0xffff | i as u64, "{:?} window {}", kernel, i);
            }
            prop_assert!(hashes[n..].iter().chain(&packed[n..]).all(|&x| x == 7));
        }
        Ok(())
    }

    proptest! {
        /// Every kernel gives the scalar fold's hashes and packed values, whatever the number
        /// of windows (full vectors and a rest) and wherever the keys start in memory.
        #[test]
        fn kernels_equal_the_scalar_fold(
            keys in prop::collection::vec(any::<u64>(), 0..200),
            skip in 0usize..3,
        ) {
            check(&keys[skip.min(keys.len())..])?;
        }
    }

    proptest! {
        /// Every kernel finds the scalar loop's first irregular neighbours, from anywhere, in
        /// values sorted, unsorted, with repeats and with values alike in their top 48 bits.
        #[test]
        fn scans_equal_the_scalar_loop(
            mut v in prop::collection::vec(any::<u64>(), 0..120),
            sorted in any::<bool>(),
            alike in prop::collection::vec((0usize..120, 0u64..0x1_0000), 0..3),
            from in 0usize..130,
        ) {
            if sorted {
                v.sort_unstable();
            }
            for (at, low) in alike {
                // a neighbour equal but for its low 16 bits, one above it
                if at + 1 < v.len() {
                    v[at + 1] = v[at] & !0xffff | low;
                }
            }
            let expected = (from.max(1)..v.len())
                .find(|&i| v[i - 1] > v[i] || (v[i - 1] ^ v[i]) >> 16 == 0)
                .unwrap_or(v.len().max(from.max(1)));
            for kernel in Kernel::available() {
                prop_assert_eq!(regular_until(kernel, &v, from), expected, "{:?}", kernel);
            }
        }
    }

    /// Positions run to the last one a window may have.
    #[test]
    fn the_longest_text_packs_every_position() {
        let keys: Vec<u64> = (0..MAX_WINDOWS as u64 + 2)
            .map(super::super::mix64)
            .collect();
        check(&keys).unwrap();
    }

    #[test]
    #[should_panic(expected = "16 bits")]
    fn a_longer_text_is_refused() {
        let keys = vec![0u64; MAX_WINDOWS + 3];
        let mut buf = vec![0u64; MAX_WINDOWS + 1];
        hash_windows3(Kernel(Choice::Scalar), &keys, &mut buf.clone(), &mut buf);
    }
}
