//! Byte classes of 32 bytes at once, for the plain word scanner's ASCII fast path
//! (`tokens::plain_key_hashes`): which bytes are ASCII word characters, which of them is `_`,
//! which are the ASCII characters that may join two word characters (`.` `'` `,` `;`), and
//! which end the fast path (bytes of non-ASCII characters, the backtick).

/// Bytes the word scanner classifies at once.
pub(crate) const WINDOW: usize = 32;

/// Whether byte `x` is an ASCII word character: a letter, a digit or `_` (the word-boundary
/// classes Letter, Digit and Joiner; they join each other without conditions).
pub(crate) const fn is_ascii_word(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'_'
}

/// Whether byte `x` is an ASCII character that joins two word characters under conditions
/// (the classes MidNumLet and MidNum).
pub(crate) const fn is_ascii_mid(x: u8) -> bool {
    matches!(x, b'.' | b'\'' | b',' | b';')
}

/// Whether byte `x` is one the ASCII fast path leaves to the general scanner: a byte of a
/// non-ASCII character, or the backtick (not plain: it normalises to an apostrophe).
pub(crate) const fn is_special(x: u8) -> bool {
    x >= 0x80 || x == b'`'
}

/// The classes of the bytes of one window, bit `i` for byte `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteClasses {
    /// ASCII word characters ([`is_ascii_word`]).
    pub word: u32,
    /// `_`, the one word character that does not make a word on its own.
    pub joiner: u32,
    /// [`is_ascii_mid`].
    pub mid: u32,
    /// [`is_special`].
    pub special: u32,
}

/// The [`ByteClasses`] of `chunk`.
#[inline(always)]
pub(crate) fn byte_classes(chunk: &[u8; WINDOW]) -> ByteClasses {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the function only needs SSE2, which this target has (`cfg` above)
        unsafe { byte_classes_sse2(chunk) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        byte_classes_scalar(chunk)
    }
}

/// [`byte_classes`] a byte at a time: the definition, and the fallback on other targets.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2"),
    allow(dead_code, reason = "the definition the SSE2 form is tested against")
)]
pub(crate) fn byte_classes_scalar(chunk: &[u8; WINDOW]) -> ByteClasses {
    let mut c = ByteClasses {
        word: 0,
        joiner: 0,
        mid: 0,
        special: 0,
    };
    for (i, &x) in chunk.iter().enumerate() {
        c.word |= u32::from(is_ascii_word(x)) << i;
        c.joiner |= u32::from(x == b'_') << i;
        c.mid |= u32::from(is_ascii_mid(x)) << i;
        c.special |= u32::from(is_special(x)) << i;
    }
    c
}

/// [`byte_classes`] with SSE2, sixteen bytes per compare (signed byte compares: bytes from
/// 0x80 are negative, below every ASCII bound).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn byte_classes_sse2(chunk: &[u8; WINDOW]) -> ByteClasses {
    use std::arch::x86_64::*;
    let half = |i: usize| {
        let x = u128::from_le_bytes(chunk[i..i + 16].try_into().expect("sixteen bytes"));
        // one unaligned load once compiled
        _mm_set_epi64x((x >> 64) as i64, x as i64)
    };
    let is = |v: __m128i, x: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(x as i8));
    let classes = |v: __m128i| {
        let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        let letter = _mm_and_si128(
            _mm_cmpgt_epi8(lower, _mm_set1_epi8(b'a' as i8 - 1)),
            _mm_cmplt_epi8(lower, _mm_set1_epi8(b'z' as i8 + 1)),
        );
        let digit = _mm_and_si128(
            _mm_cmpgt_epi8(v, _mm_set1_epi8(b'0' as i8 - 1)),
            _mm_cmplt_epi8(v, _mm_set1_epi8(b'9' as i8 + 1)),
        );
        let joiner = is(v, b'_');
        let word = _mm_or_si128(_mm_or_si128(letter, digit), joiner);
        let mid = _mm_or_si128(
            _mm_or_si128(is(v, b'.'), is(v, b'\'')),
            _mm_or_si128(is(v, b','), is(v, b';')),
        );
        // the high bit of a byte from 0x80, or of the backtick's compare
        let special = _mm_or_si128(v, is(v, b'`'));
        [word, joiner, mid, special].map(|m| _mm_movemask_epi8(m) as u32)
    };
    let [word0, joiner0, mid0, special0] = classes(half(0));
    let [word1, joiner1, mid1, special1] = classes(half(16));
    ByteClasses {
        word: word0 | word1 << 16,
        joiner: joiner0 | joiner1 << 16,
        mid: mid0 | mid1 << 16,
        special: special0 | special1 << 16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_every_byte_value() {
        for x in 0..=255u8 {
            for at in [0, 7, 15, 16, 31] {
                let mut chunk = [b' '; WINDOW];
                chunk[at] = x;
                let bit = |yes: bool| u32::from(yes) << at;
                let expected = ByteClasses {
                    word: bit(is_ascii_word(x)),
                    joiner: bit(x == b'_'),
                    mid: bit(is_ascii_mid(x)),
                    special: bit(is_special(x)),
                };
                assert_eq!(byte_classes(&chunk), expected, "{x:#x} at {at}");
                assert_eq!(byte_classes_scalar(&chunk), expected, "{x:#x} at {at}");
            }
        }
    }

    use proptest::prelude::*;
    proptest! {
        #[test]
        fn classes_equal_the_definition(bytes in prop::array::uniform32(any::<u8>())) {
            prop_assert_eq!(byte_classes(&bytes), byte_classes_scalar(&bytes));
        }
    }
}
