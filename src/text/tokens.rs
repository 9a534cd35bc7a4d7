//! Word tokens over normalised text (Unicode word boundaries, UAX #29) with light stems.
//!
//! A token's *key* is its light stem: Arabic proclitics and common suffixes stripped
//! (a Light10-style stemmer), English possessives and plurals stripped, digit group separators
//! ignored. Keys are what shingles, alignment and claims compare, so that "والرقة" and "الرقة",
//! "لـ «داعش»" and "لداعش", "3,250" and "3250" match.

use super::normalize::{decode_at, fold_plain_packed, fold_plain_word, non_plain_arabic_letters};
use super::window::{byte_classes, WINDOW};
use std::ops::Range;

/// One word or number of a normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the whole token in the normalised text.
    pub norm: Range<u32>,
    /// Byte range of the light stem inside the normalised text (a sub-range of `norm`).
    pub stem: Range<u32>,
    /// Stable 64-bit hash of the key (stem; digits only for numbers).
    pub hash: u64,
    /// True for tokens made of digits (with optional `.`/`,` separators).
    pub is_number: bool,
    /// True for a detached one-letter Arabic clitic (و ف ب ل ك): kept for display, never a key.
    pub is_clitic: bool,
}

impl Token {
    /// The light stem as text.
    pub fn key<'a>(&self, normalized: &'a str) -> &'a str {
        &normalized[self.stem.start as usize..self.stem.end as usize]
    }
    /// The whole token as normalised text.
    pub fn text<'a>(&self, normalized: &'a str) -> &'a str {
        &normalized[self.norm.start as usize..self.norm.end as usize]
    }
}

const KEY_SEED: u64 = 0x636f_7079_6465_736b; // "copydesk"

/// Stable hash of a token key (xxh3 with a fixed seed; safe to persist).
#[inline]
pub fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(key.as_bytes(), KEY_SEED)
}

#[inline]
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

const AR_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
const AR_SUFFIXES: [&str; 9] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي", "ا"];

/// Light stem of an Arabic word (already folded by `normalize`): byte sub-range of `w`.
pub fn arabic_stem(w: &str) -> Range<usize> {
    arabic_stem_bytes(w.as_bytes())
}

/// Up to the first eight bytes of `w`, little-endian (the first byte lowest).
#[inline(always)]
fn head8(w: &[u8]) -> u64 {
    match w.get(..8) {
        Some(h) => u64::from_le_bytes(h.try_into().expect("eight bytes")),
        None => w
            .iter()
            .enumerate()
            .fold(0, |x, (i, &b)| x | (b as u64) << (8 * i)),
    }
}

/// The last four bytes of `w`, little-endian (the last byte highest; missing bytes are 0).
#[inline(always)]
fn tail4(w: &[u8]) -> u32 {
    match w.len().checked_sub(4) {
        Some(i) => u32::from_le_bytes(w[i..].try_into().expect("four bytes")),
        None => w
            .iter()
            .rev()
            .enumerate()
            .fold(0, |x, (i, &b)| x | (b as u32) << (8 * (3 - i))),
    }
}

/// An affix packed little-endian, with its length in bytes.
const fn packed(s: &str) -> (u64, usize) {
    let b = s.as_bytes();
    let mut x = 0u64;
    let mut i = 0;
    while i < b.len() {
        x |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    (x, b.len())
}

/// Every affix of a list [`packed`].
const fn packed_all<const N: usize>(affixes: [&str; N]) -> [(u64, usize); N] {
    let mut t = [(0u64, 0usize); N];
    let mut i = 0;
    while i < N {
        t[i] = packed(affixes[i]);
        i += 1;
    }
    t
}

static AR_PREFIXES_PACKED: [(u64, usize); 6] = packed_all(AR_PREFIXES);
static AR_SUFFIXES_PACKED: [(u64, usize); 9] = packed_all(AR_SUFFIXES);

const WAW: u64 = packed("و").0;

/// UTF-8 continuation bytes (`10xxxxxx`) among the eight bytes of `x`: their high bits summed
/// by one multiplication (the baseline x86-64 target has no `popcnt`, and `count_ones` would
/// be a dozen instructions).
#[inline(always)]
fn continuations(x: u64) -> usize {
    let high = (x & !(x << 1) & HIGH8) >> 7;
    // each byte is 0 or 1: byte 7 of the product is their sum (at most 8, no carries)
    (high.wrapping_mul(LANES8) >> 56) as usize
}

/// Characters in `w`: bytes that are not UTF-8 continuation bytes, counted eight at a time.
#[inline(always)]
fn char_count(w: &[u8]) -> usize {
    let mut chunks = w.chunks_exact(8);
    let mut cont = 0;
    for c in &mut chunks {
        cont += continuations(u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    // the rest, zero-padded (a zero byte is not a continuation byte)
    cont += continuations(head8(chunks.remainder()));
    w.len() - cont
}

/// The first letters of the prefixes, packed: each prefix starts with a different letter.
const PREFIX_FIRST: [u64; 6] = {
    let mut t = [0u64; 6];
    let mut i = 0;
    while i < 6 {
        t[i] = packed(AR_PREFIXES[i]).0 & 0xFFFF;
        i += 1;
    }
    t
};

/// The last letter of an affix, packed (as the top half of [`tail4`] gives it).
const fn last_letter(affix: &str) -> u32 {
    let (x, len) = packed(affix);
    (x >> (8 * (len - 2))) as u32
}

/// The suffixes that end in `last` (bit `j` for `AR_SUFFIXES[j]`).
const fn suffix_mask(last: u32) -> u32 {
    let mut m = 0;
    let mut j = 0;
    while j < AR_SUFFIXES.len() {
        if last_letter(AR_SUFFIXES[j]) == last {
            m |= 1 << j;
        }
        j += 1;
    }
    m
}

const ALEF: u32 = last_letter("ا");
const NOON: u32 = last_letter("ن");
const TEH: u32 = last_letter("ت");
const HEH: u32 = last_letter("ه");
const YEH: u32 = last_letter("ي");

/// For the last letter of a word (packed), the suffixes that end in it (bit `j` for
/// `AR_SUFFIXES[j]`); every suffix ends in one of these five letters.
#[inline(always)]
fn suffixes_ending_in(last: u32) -> u32 {
    match last {
        ALEF => const { suffix_mask(ALEF) },
        NOON => const { suffix_mask(NOON) },
        TEH => const { suffix_mask(TEH) },
        HEH => const { suffix_mask(HEH) },
        YEH => const { suffix_mask(YEH) },
        _ => 0,
    }
}

/// What the stemmer reads of a word: its length and character count, up to eight bytes from
/// an offset, and the last four bytes of a sub-range. Either the word's bytes, or (on the
/// memo's miss path) the word packed into an integer, read with shifts instead of loops.
trait StemWord: Copy {
    fn len(self) -> usize;
    fn chars(self) -> usize;
    /// [`head8`] of the bytes from `s` to the end.
    fn head8_from(self, s: usize) -> u64;
    /// [`tail4`] of the bytes `s..e`.
    fn tail4_of(self, s: usize, e: usize) -> u32;
}

impl StemWord for &[u8] {
    #[inline(always)]
    fn len(self) -> usize {
        <[u8]>::len(self)
    }
    #[inline(always)]
    fn chars(self) -> usize {
        char_count(self)
    }
    #[inline(always)]
    fn head8_from(self, s: usize) -> u64 {
        head8(&self[s..])
    }
    #[inline(always)]
    fn tail4_of(self, s: usize, e: usize) -> u32 {
        tail4(&self[s..e])
    }
}

/// A word of at most sixteen bytes, little-endian (the first byte lowest), zero-padded.
#[derive(Debug, Clone, Copy)]
struct PackedWord {
    bytes: u128,
    len: usize,
}

impl StemWord for PackedWord {
    #[inline(always)]
    fn len(self) -> usize {
        self.len
    }
    #[inline(always)]
    fn chars(self) -> usize {
        // a zero byte of the padding is not a continuation byte
        self.len - continuations(self.bytes as u64) - continuations((self.bytes >> 64) as u64)
    }
    #[inline(always)]
    fn head8_from(self, s: usize) -> u64 {
        (self.bytes >> (8 * s)) as u64
    }
    #[inline(always)]
    fn tail4_of(self, s: usize, e: usize) -> u32 {
        let t = match e.checked_sub(4) {
            Some(i) => (self.bytes >> (8 * i)) as u32,
            // `e` is 0 only for an empty word (all padding): shifting by 32 gives 0 too
            None => (self.bytes as u32)
                .checked_shl(8 * (4 - e) as u32)
                .unwrap_or(0),
        };
        // bytes before `s` are missing (0)
        let missing = 4 - (e - s).min(4);
        t & u32::MAX.checked_shl(8 * missing as u32).unwrap_or(0)
    }
}

/// [`arabic_stem`] over the UTF-8 bytes of a word.
#[inline]
fn arabic_stem_bytes(w: &[u8]) -> Range<usize> {
    arabic_stem_of(w)
}

/// [`arabic_stem`] of a word however it is read ([`StemWord`]). Every affix is made of
/// two-byte Arabic letters (at most six bytes), so affixes are compared as packed integers and
/// the character count of what remains is tracked without re-counting. Only the one prefix
/// that starts with the word's first letter, and only the suffixes that end in its last
/// letter, are compared.
#[inline(always)]
fn arabic_stem_of<W: StemWord>(w: W) -> Range<usize> {
    let mut s = 0usize;
    let mut e = w.len();
    // characters in w[s..e]
    let mut n = w.chars();
    let mask = |len: usize| (1u64 << (8 * len)) - 1;
    if n >= 4 && w.head8_from(0) & mask(2) == WAW {
        s += 2;
        n -= 1;
    }
    let head = w.head8_from(s);
    if let Some(i) = PREFIX_FIRST.iter().position(|&f| f == head & 0xFFFF) {
        let (p, len) = AR_PREFIXES_PACKED[i];
        if e - s >= len && head & mask(len) == p && n - len / 2 >= 2 {
            s += len;
            n -= len / 2;
        }
    }
    let mut tail = w.tail4_of(s, e);
    // suffixes still to try, in list order: those ending in the current last letter
    let mut todo = suffixes_ending_in(tail >> 16);
    while todo != 0 {
        let j = todo.trailing_zeros() as usize;
        todo &= todo - 1;
        let (suf, len) = AR_SUFFIXES_PACKED[j];
        if e - s >= len && (tail >> (8 * (4 - len))) as u64 == suf && n - len / 2 >= 3 {
            e -= len;
            n -= len / 2;
            tail = w.tail4_of(s, e);
            todo = suffixes_ending_in(tail >> 16) & !((2u32 << j) - 1);
        }
    }
    s..e
}

/// Light stem of a Latin-script word (already lower-cased): byte sub-range of `w`.
pub fn latin_stem(w: &str) -> Range<usize> {
    latin_stem_bytes(w.as_bytes())
}

#[inline]
fn latin_stem_bytes(w: &[u8]) -> Range<usize> {
    let mut e = w.len();
    if w.ends_with(b"'s") {
        e -= 2;
    } else if w.ends_with(b"'") {
        e -= 1;
    }
    let b = &w[..e];
    if e > 4 && b.ends_with(b"ies") {
        // "casualties" -> "casualti": same key as "casualty" would give "casualty"; keep simple
        e -= 2;
    } else if e > 3 && b[e - 1] == b's' && b[e - 2] != b's' && b[e - 2] != b'u' && b[e - 2] != b'i'
    {
        e -= 1;
    }
    0..e
}

fn number_hash(bytes: &[u8]) -> u64 {
    // "3,250" and "3250" are the same number: hash the digits and the decimal point only.
    let mut buf = [0u8; 64];
    let mut n = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let keep = c.is_ascii_digit()
            || (c == b'.' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit());
        if keep && n < buf.len() {
            buf[n] = c;
            n += 1;
        }
    }
    xxhash_rust::xxh3::xxh3_64_with_seed(&buf[..n], KEY_SEED)
}

/// Character classes of the UAX #29 word-boundary rules that matter for word tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ALetter (letters of alphabetic scripts, incl. Arabic) and Extend/Format marks.
    Letter,
    /// Numeric (ASCII digits after normalisation).
    Digit,
    /// ExtendNumLet (`_`): joins letters and digits.
    Joiner,
    /// MidNumLet (`.`, `'`): joins letter-letter and digit-digit.
    MidNumLet,
    /// MidNum (`,`, `;`): joins digit-digit.
    MidNum,
    /// MidLetter (`·`): joins letter-letter.
    MidLetter,
    /// Ideographs and kana: each one is a word of its own.
    Ideograph,
    Other,
}

/// Word-boundary class of every ASCII byte.
const ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Joiner,
            b'.' | b'\'' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        i += 1;
    }
    t
};

#[inline(always)]
fn class(c: char) -> Class {
    if (c as u32) < 128 {
        return ASCII_CLASS[c as usize];
    }
    match c {
        // Arabic letters and marks (the common case outside ASCII): no table lookups.
        '\u{0621}'..='\u{065F}' | '\u{0670}'..='\u{06D3}' => Class::Letter,
        '\u{00B7}' | '\u{0387}' | '\u{05F4}' | '\u{2027}' | '\u{FE13}' | '\u{FE55}'
        | '\u{FF1A}' => Class::MidLetter,
        '\u{2018}' | '\u{2019}' | '\u{2024}' | '\u{FE52}' | '\u{FF07}' | '\u{FF0E}' => {
            Class::MidNumLet
        }
        '\u{066C}' | '\u{FE50}' | '\u{FE54}' | '\u{FF0C}' | '\u{FF1B}' | '\u{037E}'
        | '\u{0589}' | '\u{060C}' | '\u{060D}' => Class::MidNum,
        '\u{203F}'
        | '\u{2040}'
        | '\u{2054}'
        | '\u{FE33}'
        | '\u{FE34}'
        | '\u{FE4D}'..='\u{FE4F}'
        | '\u{FF3F}' => Class::Joiner,
        '\u{3040}'..='\u{309F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Class::Ideograph,
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => Class::Digit,
        c if c.is_alphanumeric() => Class::Letter,
        c if unicode_normalization::char::is_combining_mark(c) => Class::Letter,
        _ => Class::Other,
    }
}

/// Word-boundary class and length of the character at byte `i` of valid UTF-8 (ASCII from the
/// table, without decoding).
#[inline(always)]
fn class_at(b: &[u8], i: usize) -> (Class, usize) {
    let x = b[i];
    if x < 0x80 {
        (ASCII_CLASS[x as usize], 1)
    } else if arabic_letters_at(b, i) {
        (Class::Letter, 2)
    } else {
        let (c, len) = decode_at(b, i);
        (class(c), len)
    }
}

/// Eight bytes of `b` from `i`, little-endian (`None` near the end).
#[inline(always)]
fn load8(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("eight bytes")))
}

const LANES8: u64 = 0x0101_0101_0101_0101;
const HIGH8: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `w` that is not an ASCII letter (`a`–`z`, `A`–`Z`).
#[inline(always)]
fn non_ascii_letters(w: u64) -> u64 {
    // case-folded, high bit cleared: every byte is below 0x80, so the additions below carry
    // into their own byte's high bit only
    let folded = (w | 0x2020_2020_2020_2020) & !HIGH8;
    let from_a = folded + LANES8 * (0x80 - b'a' as u64);
    let past_z = folded + LANES8 * (0x80 - b'z' as u64 - 1);
    !(from_a & !past_z & !w) & HIGH8
}

/// The end of the run of ASCII letters at `i`: eight bytes at a time, then byte by byte.
#[inline(always)]
fn ascii_letters_end(b: &[u8], i: usize) -> usize {
    lanes_end::<1>(b, i, non_ascii_letters, |b, i| {
        b.get(i).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// The end of a run of `LANE`-byte characters at `i`: eight bytes at a time while `stops`
/// (the high bit of every lane that is not in the run) finds none, then a character at a time
/// while `at` holds.
#[inline(always)]
fn lanes_end<const LANE: usize>(
    b: &[u8],
    mut i: usize,
    stops: impl Fn(u64) -> u64,
    at: impl Fn(&[u8], usize) -> bool,
) -> usize {
    while let Some(w) = load8(b, i) {
        let stop = stops(w);
        if stop != 0 {
            return i + LANE * (stop.trailing_zeros() as usize / (8 * LANE));
        }
        i += 8;
    }
    while at(b, i) {
        i += LANE;
    }
    i
}

/// Whether the two bytes at `i` are an Arabic letter or mark U+0621–U+065F (the letters of a
/// word in normalised Arabic text).
#[inline(always)]
fn arabic_letters_at(b: &[u8], i: usize) -> bool {
    matches!(
        b.get(i..i + 2),
        Some(&[0xD8, 0xA1..=0xBF] | &[0xD9, 0x80..=0x9F])
    )
}

/// The high bit of every 16-bit lane of `w` (two bytes, the first lowest) that is not an
/// Arabic letter or mark U+0621–U+065F: a lead byte 0xD8 or 0xD9, and a 7-bit index
/// `(lead & 1) << 6 | (trail & 0x3F)` (U+0600 + index) from 0x21 to 0x5F. (The trail byte of
/// a 0xD8/0xD9 lead in valid UTF-8 is a continuation byte.)
#[inline(always)]
fn non_arabic_letters(w: u64) -> u64 {
    const LANES16: u64 = 0x0001_0001_0001_0001;
    const HIGH16: u64 = 0x8000_8000_8000_8000;
    let index = ((w & LANES16) << 6) | ((w >> 8) & (LANES16 * 0x3F));
    let from_first = index + LANES16 * (0x8000 - 0x21);
    let past_last = index + LANES16 * (0x8000 - 0x60);
    // zero in a lane whose lead byte is 0xD8 or 0xD9
    let lead = (w & (LANES16 * 0xFE)) ^ (LANES16 * 0xD8);
    let bad_lead = lead + LANES16 * 0x7FFF;
    !(from_first & !past_last & !bad_lead) & HIGH16
}

/// The end of the run of two-byte Arabic letters and marks at `i` (see [`arabic_letters_at`]):
/// four letters at a time, then one by one.
#[inline(always)]
fn arabic_letters_end(b: &[u8], i: usize) -> usize {
    lanes_end::<2>(b, i, non_arabic_letters, arabic_letters_at)
}

/// Where the run of characters like the one just read (class `k`, `len` bytes) ends, from `i`
/// just after it: the rest of a run of ASCII letters, ASCII digits, or two-byte Arabic letters
/// and marks (after any two-byte letter), skipped without the class match. Every character
/// skipped is a letter after a letter or a digit after a digit, so the word rules have nothing
/// to decide there.
#[inline(always)]
fn run_end(b: &[u8], mut i: usize, k: Class, len: usize) -> usize {
    match (k, len) {
        (Class::Letter, 1) => ascii_letters_end(b, i),
        (Class::Letter, 2) => arabic_letters_end(b, i),
        (Class::Digit, 1) => {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            i
        }
        _ => i,
    }
}

/// Byte ranges of the words of `text`: runs of letters and digits joined by the UAX #29 rules
/// (WB5–WB13b: `don't`, `u.s`, `3,250`, `3.5`, `abc123`, `snake_case`); ideographs one by one.
/// Equivalent to the word segments of `unicode-segmentation` that contain a letter or digit for
/// alphabetic scripts (property-tested), and several times faster.
pub fn word_ranges(text: &str, f: impl FnMut(usize, usize)) {
    word_ranges_utf8(text.as_bytes(), f)
}

/// [`word_ranges`] over bytes that are valid UTF-8 (the normaliser's output buffer).
#[inline(always)]
pub(crate) fn word_ranges_utf8(b: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut i = 0;
    while let Ok(Some((start, end, resume))) = next_word::<Normalized>(b, i) {
        // the one call of `f`, so that the compiler inlines it
        f(start, end);
        i = resume;
    }
}

/// How the word scanner reads characters: the classes of normalised text, or those of *plain*
/// original text, which stops at the first character that is not plain.
trait Classes {
    /// Class and length of the character at byte `i`; `None` when it is not one this reader
    /// takes (plain text only).
    fn class_at(b: &[u8], i: usize) -> Option<(Class, usize)>;
    /// Where the run of characters like the one just read (class `k`, `len` bytes) ends, from
    /// `i` just after it (see [`run_end`]).
    fn run_end(b: &[u8], i: usize, k: Class, len: usize) -> usize;
}

/// Normalised text (any valid UTF-8).
struct Normalized;

impl Classes for Normalized {
    #[inline(always)]
    fn class_at(b: &[u8], i: usize) -> Option<(Class, usize)> {
        Some(class_at(b, i))
    }
    #[inline(always)]
    fn run_end(b: &[u8], i: usize, k: Class, len: usize) -> usize {
        run_end(b, i, k, len)
    }
}

/// Original text made only of *plain* characters: ASCII other than a backtick, Arabic letters
/// U+0621–U+064A other than tatweel, Arabic-Indic digits, `،` `٬` `؟` `٪`, guillemets, curly
/// quotes, en and em dashes. Each of them normalises on its own to one character of the same
/// word-boundary class (case and Arabic folding, digits and punctuation to ASCII; see
/// `normalize::fold_plain_word`), none is dropped and no NFKC segment joins two of them, so
/// plain text has the words of its normalised text, and each word normalises to the
/// normalised word: a function of the word's own bytes.
struct Plain;

impl Classes for Plain {
    #[inline(always)]
    fn class_at(b: &[u8], i: usize) -> Option<(Class, usize)> {
        let x = b[i];
        if x < 0x80 {
            return PLAIN_ASCII_CLASS[x as usize].map(|k| (k, 1));
        }
        match (x, *b.get(i + 1)?) {
            (0xD8, 0xA1..=0xBF) | (0xD9, 0x81..=0x8A) => Some((Class::Letter, 2)),
            // ، ٬
            (0xD8, 0x8C) | (0xD9, 0xAC) => Some((Class::MidNum, 2)),
            // ؟ ٪ « »
            (0xD8, 0x9F) | (0xD9, 0xAA) | (0xC2, 0xAB | 0xBB) => Some((Class::Other, 2)),
            (0xD9, 0xA0..=0xA9) => Some((Class::Digit, 2)),
            (0xE2, 0x80) => match *b.get(i + 2)? {
                // – — “ ”
                0x93 | 0x94 | 0x9C | 0x9D => Some((Class::Other, 3)),
                // ‘ ’
                0x98 | 0x99 => Some((Class::MidNumLet, 3)),
                _ => None,
            },
            _ => None,
        }
    }
    #[inline(always)]
    fn run_end(b: &[u8], mut i: usize, k: Class, len: usize) -> usize {
        match (k, len) {
            (Class::Letter, 1) => ascii_letters_end(b, i),
            (Class::Letter, 2) => lanes_end::<2>(b, i, non_plain_arabic_letters, |b, i| {
                matches!(
                    b.get(i..i + 2),
                    Some(&[0xD8, 0xA1..=0xBF] | &[0xD9, 0x81..=0x8A])
                )
            }),
            (Class::Digit, 1) => {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                i
            }
            _ => i,
        }
    }
}

/// [`ASCII_CLASS`] of the plain ASCII characters: all but the backtick (which normalises to
/// an apostrophe, of another class). A `const`: the scanner inlined into its callers reads a
/// copy in their own code unit, not a `static` through the global offset table.
const PLAIN_ASCII_CLASS: [Option<Class>; 128] = {
    let mut t = [None; 128];
    let mut i = 0;
    while i < 128 {
        if i != b'`' as usize {
            t[i] = Some(ASCII_CLASS[i]);
        }
        i += 1;
    }
    t
};

/// A character that is not plain ([`Plain`]): the plain path gives up.
struct NotPlain;

/// The first word at or after byte `i` (where the scanner starts afresh: the start of the
/// text, or a `resume` it returned): its range, and where to look for the next one (past the
/// character that ended it when that character cannot start a word).
#[inline(always)]
fn next_word<C: Classes>(
    b: &[u8],
    mut i: usize,
) -> Result<Option<(usize, usize, usize)>, NotPlain> {
    let n = b.len();
    while i < n {
        let Some((cls, len)) = C::class_at(b, i) else {
            return Err(NotPlain);
        };
        let start = i;
        // bytes of the character that ended the word, when it cannot start one (passed over
        // here instead of read again)
        let mut after = 0;
        match cls {
            // a word of its own
            Class::Ideograph => i += len,
            Class::Letter | Class::Digit | Class::Joiner => {
                let mut prev = cls;
                let mut has_word = cls != Class::Joiner;
                i = C::run_end(b, i + len, cls, len);
                while i < n {
                    let Some((k, len)) = C::class_at(b, i) else {
                        return Err(NotPlain);
                    };
                    match k {
                        Class::Letter | Class::Digit | Class::Joiner => {
                            has_word |= k != Class::Joiner;
                            prev = k;
                            i = C::run_end(b, i + len, k, len);
                        }
                        Class::MidNumLet | Class::MidNum | Class::MidLetter if i + len < n => {
                            let Some((nk, next_len)) = C::class_at(b, i + len) else {
                                return Err(NotPlain);
                            };
                            let joins = match k {
                                Class::MidNumLet => {
                                    (prev == Class::Letter && nk == Class::Letter)
                                        || (prev == Class::Digit && nk == Class::Digit)
                                }
                                Class::MidNum => prev == Class::Digit && nk == Class::Digit,
                                _ => prev == Class::Letter && nk == Class::Letter,
                            };
                            if !joins {
                                break;
                            }
                            prev = nk;
                            i += len + next_len;
                        }
                        Class::Other => {
                            after = len;
                            break;
                        }
                        _ => break,
                    }
                }
                if !has_word {
                    i += after;
                    continue;
                }
            }
            _ => {
                i += len;
                continue;
            }
        }
        return Ok(Some((start, i, i + after)));
    }
    Ok(None)
}

/// The key hashes of the words of original text `buf[..len]` (`buf` holds [`MEMO_PAD`] zero
/// bytes after the text) appended to `keys` through `memo`, as long as the text is plain
/// ([`Plain`]). Returns where that stopped: `len`, or the start of the first word that has a
/// character that is not plain (or runs into one). The rest of the text, from there, is the
/// normalising path's: the scanner starts afresh there, and so does normalisation, because a
/// plain character is an NFKC starter (when the first character there is not plain, `keys`
/// is cleared and 0 returned: the whole text is normalised).
///
/// ASCII words are read [`WINDOW`] bytes at a time ([`byte_classes`]): a run of ASCII word
/// characters that does not start with `_` and ends in an ASCII character of class Other, or
/// in a `.` `'` `,` `;` not followed by a word character or a special byte, is a word whatever
/// the rules say about its inside (letters, digits and `_` join each other unconditionally).
/// Every other word — with non-ASCII characters, or a middle character that may join — is the
/// general scanner's ([`next_word`]), started where it would have started, so the two agree on
/// every word and on where the plain path ends.
#[inline(always)]
pub(crate) fn plain_key_hashes(
    buf: &[u8],
    len: usize,
    memo: &mut KeyMemo,
    keys: &mut Vec<u64>,
) -> usize {
    debug_assert!(buf[len..len + MEMO_PAD].iter().all(|&x| x == 0));
    let b = &buf[..len];
    // where the general scanner would start afresh: just after the last word, and after the
    // character that ended it when that one cannot start a word
    let mut resume = 0;
    loop {
        if ascii_words(buf, len, &mut resume, memo, keys) {
            return len;
        }
        // the general scanner reads the next word, and the ones after it up to one that
        // starts with an ASCII character (Arabic text stays with the scanner); then the
        // windows go on after it
        loop {
            match next_word::<Plain>(b, resume) {
                Err(NotPlain) if Plain::class_at(b, resume).is_some() => return resume,
                Err(NotPlain) => {
                    keys.clear();
                    return 0;
                }
                Ok(None) => return len,
                Ok(Some((start, end, next))) => {
                    if let Some(hash) = memo.key_of::<true>(buf, start, end) {
                        keys.push(hash);
                    }
                    resume = next;
                    if b[start] < 0x80 {
                        break;
                    }
                }
            }
        }
    }
}

/// The ASCII fast path of [`plain_key_hashes`] from `*resume` (where the general scanner
/// would start afresh; kept up to date): true when it read the text to its end, false when
/// the general scanner has to read the next word.
#[inline(always)]
fn ascii_words(
    buf: &[u8],
    len: usize,
    resume: &mut usize,
    memo: &mut KeyMemo,
    keys: &mut Vec<u64>,
) -> bool {
    // the window's start: the bytes from `resume` up to the first bit of the window not yet
    // scanned are ASCII characters that cannot start a word (the general scanner skips them)
    let mut at = *resume;
    // the start of a run of word characters that reached the end of the last window
    let mut carried = None;
    // up to `len` itself: a run carried to the end of the text ends in the window of padding
    while at <= len {
        let chunk: &[u8; WINDOW + 16] = buf[at..at + WINDOW + 16].try_into().expect("a window");
        let c = byte_classes(chunk[..WINDOW].try_into().expect("a window"));
        // as `u64`, so that shifts by up to WINDOW are defined and `nonword` has bits past
        // the window
        let nonword = !u64::from(c.word);
        let (special, mid) = (u64::from(c.special), u64::from(c.mid));
        let mut stops = u64::from(c.word | c.special);
        // where a run may end without the general scanner: any ASCII byte other than a word
        // character, except a middle character before a word character or a special byte
        // (or before the next window, unread)
        let ends = nonword & !special & !(mid & (stops >> 1 | 1 << (WINDOW - 1))) & WINDOW_BITS;
        let no_start = u64::from(c.joiner | c.special);
        if let Some(start) = carried.take() {
            let e = nonword.trailing_zeros() as usize;
            if ends >> e & 1 == 0 {
                // a long word, or one the general scanner reads
                return false;
            }
            let end = at + e;
            if let Some(hash) = memo.key_of::<true>(buf, start, end) {
                keys.push(hash);
            }
            let after = (!mid >> e & 1) as usize;
            *resume = end + after;
            stops &= u64::MAX << (e + after);
        }
        while stops != 0 {
            let s = stops.trailing_zeros() as usize;
            // the end of the run of word characters from `s` (WINDOW when it reaches the end)
            let e = (nonword >> s << s).trailing_zeros() as usize;
            if no_start >> s & 1 != 0 {
                return false;
            }
            if e == WINDOW {
                carried = Some(at + s);
                break;
            }
            if ends >> e & 1 == 0 {
                return false;
            }
            keys.push(memo.ascii_key(buf, chunk, at, s, e));
            // past the character that ended the word, unless it is a middle character
            let after = (!mid >> e & 1) as usize;
            *resume = at + e + after;
            stops &= u64::MAX << (e + after);
        }
        at += WINDOW;
    }
    true
}

/// The bits of a window in a `u64` mask.
const WINDOW_BITS: u64 = (1 << WINDOW) - 1;

/// What a word contributes to matching: its stem's byte range inside the word, its key hash,
/// and whether it is a number or a detached clitic. The one definition of a key, shared by
/// [`tokenize`] and the clustering path ([`super::key_hashes_into`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordKey {
    pub stem: Range<usize>,
    pub hash: u64,
    pub is_number: bool,
    pub is_clitic: bool,
}

/// The key of one word `t` (UTF-8 bytes of a word range of normalised text).
#[inline(always)]
pub(crate) fn word_key(t: &[u8]) -> WordKey {
    word_key_with(t, arabic_stem_bytes)
}

/// [`word_key`], with `arabic_stem` giving the light stem of `t` when it is an Arabic word.
#[inline(always)]
fn word_key_with(t: &[u8], arabic_stem: impl FnOnce(&[u8]) -> Range<usize>) -> WordKey {
    let first = match t.first() {
        None => ' ',
        Some(&x) if x < 0x80 => x as char,
        Some(_) => decode_at(t, 0).0,
    };
    let is_number = first.is_ascii_digit();
    if is_number {
        return WordKey {
            stem: 0..t.len(),
            hash: number_hash(t),
            is_number,
            is_clitic: false,
        };
    }
    let (stem, is_clitic) = if is_arabic(first) {
        // و ف ب ل ك alone
        let clitic = matches!(
            t,
            [0xD9, 0x88] | [0xD9, 0x81] | [0xD8, 0xA8] | [0xD9, 0x84] | [0xD9, 0x83]
        );
        (arabic_stem(t), clitic)
    } else {
        (latin_stem_bytes(t), false)
    };
    let hash = xxhash_rust::xxh3::xxh3_64_with_seed(&t[stem.clone()], KEY_SEED);
    WordKey {
        stem,
        hash,
        is_number,
        is_clitic,
    }
}

/// Bytes the buffer passed to [`KeyMemo::key`] and [`plain_key_hashes`] must have after the
/// text: a word's bytes are loaded sixteen at a time, the scanner's bytes [`WINDOW`] at a time.
pub(crate) const MEMO_PAD: usize = WINDOW + 16;

/// Entries of a [`KeyMemo`] (direct-mapped): 32,768 slots of 24 bytes (768 KiB, within a
/// core's 1 MiB L2 here). News vocabulary is large (Arabic morphology especially): at 4,096
/// slots a quarter of English and 38% of Arabic words missed on 2,000 articles; at 16,384, 16%
/// and 28%; at 32,768, 12% of English words (-2.1% instructions on English, -4.0% on Arabic,
/// one thread; by cachegrind with a 1 MiB last-level cache the extra L2 misses cost less than
/// the stemming and hashing saved). At 65,536 (1.5 MiB, past L2) the extra misses about cancel
/// the instructions saved on English.
const MEMO_SLOTS: usize = 32768;

/// One remembered word: its bytes (zero-padded, little-endian) and its key hash. A word never
/// contains a zero byte (NUL is not a word character), so the padded bytes give its length;
/// `lo == 0` marks an empty slot (words are never empty).
#[derive(Debug, Clone, Copy, Default)]
struct MemoEntry {
    lo: u64,
    hi: u64,
    hash: u64,
}

/// Whether a word of two bytes (`lo`, zero-padded) is a detached clitic (و ف ب ل ك alone).
#[inline(always)]
fn is_clitic_pair(lo: u64) -> bool {
    matches!(
        (lo as u16).to_le_bytes(),
        [0xD9, 0x88] | [0xD9, 0x81] | [0xD8, 0xA8] | [0xD9, 0x84] | [0xD9, 0x83]
    )
}

/// A cache from a word's bytes to its key hash, for the clustering path. News vocabulary is
/// Zipfian, so a few thousand slots answer most words without the stemmer and the hash. A
/// slot holds the whole word (up to 16 bytes; longer words are not cached), so a hit is exact:
/// the key is a function of the word's bytes alone ([`word_key`]), and the memo changes no
/// result, only the work (tested against [`word_key`] on colliding words).
#[derive(Debug, Clone)]
pub(crate) struct KeyMemo {
    /// A fixed-size array, so that a slot index (the top bits of a hash) needs no bounds check.
    slots: Box<[MemoEntry; MEMO_SLOTS]>,
}

impl Default for KeyMemo {
    fn default() -> KeyMemo {
        let slots = vec![MemoEntry::default(); MEMO_SLOTS].into_boxed_slice();
        KeyMemo {
            slots: slots.try_into().expect("MEMO_SLOTS entries"),
        }
    }
}

impl KeyMemo {
    /// The key hash of the word `buf[start..end]` of normalised text, `None` for a detached
    /// clitic. `buf` must hold at least [`MEMO_PAD`] bytes after `end`.
    #[inline(always)]
    pub(crate) fn key(&mut self, buf: &[u8], start: usize, end: usize) -> Option<u64> {
        self.key_of::<false>(buf, start, end)
    }

    /// [`KeyMemo::key`] of a word of normalised text, or (`PLAIN`) of a word of plain original
    /// text (see [`Plain`]), whose key is that of its normalised bytes. One memo serves both:
    /// a plain word whose bytes are those of a normalised word is already normalised, so the
    /// two agree on every word they share.
    #[inline(always)]
    pub(crate) fn key_of<const PLAIN: bool>(
        &mut self,
        buf: &[u8],
        start: usize,
        end: usize,
    ) -> Option<u64> {
        let len = end - start;
        if len > 16 {
            return if PLAIN {
                long_plain_word_key(&buf[start..end])
            } else {
                long_word_key(&buf[start..end])
            };
        }
        // one bounds check for both halves
        let bytes: &[u8; 16] = buf[start..start + 16].try_into().expect("sixteen bytes");
        let half = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let (mut lo, mut hi) = (half(0), half(8));
        // keep the word's bytes only
        if len < 8 {
            lo &= (1u64 << (8 * len)) - 1;
            hi = 0;
        } else if len < 16 {
            hi &= (1u64 << (8 * (len - 8))) - 1;
        }
        // a clitic is one two-byte letter (ؤ alone is plain and normalises to و)
        if len == 2 && (is_clitic_pair(lo) || (PLAIN && lo == PLAIN_WAW_HAMZA)) {
            return None;
        }
        Some(self.lookup(lo, hi, || {
            if PLAIN {
                plain_memo_miss(&buf[start..end], lo, hi)
            } else {
                memo_miss(&buf[start..end], lo, hi)
            }
        }))
    }

    /// [`KeyMemo::key_of`] a plain word of ASCII word characters found by the scanner's
    /// windows: bytes `s..e` of `window`, which starts at byte `at` of `buf`.
    #[inline(always)]
    pub(crate) fn ascii_key(
        &mut self,
        buf: &[u8],
        window: &[u8; MEMO_PAD],
        at: usize,
        s: usize,
        e: usize,
    ) -> u64 {
        let len = e - s;
        let Some(&(lo_mask, hi_mask)) = WORD_MASKS.get(len) else {
            return ascii_word_key(&buf[at + s..at + e]);
        };
        // `s` is inside the window: the sixteen bytes are inside the padded window
        let bytes: &[u8; 16] = window[s % WINDOW..][..16]
            .try_into()
            .expect("sixteen bytes");
        let half = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let (lo, hi) = (half(0) & lo_mask, half(8) & hi_mask);
        self.lookup(lo, hi, || plain_memo_miss(&buf[at + s..at + e], lo, hi))
    }

    /// The key hash remembered for the word of bytes `lo`, `hi`; `miss` gives the entry when
    /// the slot holds another word.
    #[inline(always)]
    fn lookup(&mut self, lo: u64, hi: u64, miss: impl FnOnce() -> MemoEntry) -> u64 {
        let mixed = (lo ^ hi.rotate_left(31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = &mut self.slots[(mixed >> (64 - MEMO_SLOTS.trailing_zeros())) as usize];
        if slot.lo != lo || slot.hi != hi {
            *slot = miss();
        }
        slot.hash
    }
}

/// For a word of `n` bytes (at most sixteen), the masks of its bytes among sixteen loaded as
/// two little-endian halves.
const WORD_MASKS: [(u64, u64); 17] = {
    let mut t = [(0, 0); 17];
    let mut n = 0;
    while n <= 16 {
        t[n] = (bytes_mask(n), bytes_mask(n.saturating_sub(8)));
        n += 1;
    }
    t
};

/// The mask of the first `k` bytes of a little-endian `u64`.
const fn bytes_mask(k: usize) -> u64 {
    if k >= 8 {
        u64::MAX
    } else {
        (1 << (8 * k)) - 1
    }
}

/// The key of a plain ASCII word too long for the memo (never a clitic).
#[inline(never)]
fn ascii_word_key(t: &[u8]) -> u64 {
    long_plain_word_key(t).expect("an ASCII word is not a clitic")
}

/// The key of a word too long for the memo (out of line: it keeps [`KeyMemo::key`] small
/// enough to inline into the word scanner).
#[inline(never)]
fn long_word_key(t: &[u8]) -> Option<u64> {
    let k = word_key(t);
    (!k.is_clitic).then_some(k.hash)
}

/// The memo entry of a word of at most sixteen bytes that is not a clitic, `lo` and `hi` its
/// bytes as [`KeyMemo::key`] loaded them (out of line, like [`long_word_key`]).
#[inline(never)]
fn memo_miss(t: &[u8], lo: u64, hi: u64) -> MemoEntry {
    // the stemmer reads the bytes already loaded
    let packed = PackedWord {
        bytes: (hi as u128) << 64 | lo as u128,
        len: t.len(),
    };
    let k = word_key_with(t, |_| arabic_stem_of(packed));
    debug_assert!(!k.is_clitic);
    MemoEntry {
        lo,
        hi,
        hash: k.hash,
    }
}

/// ؤ (U+0624) packed: the one plain character that normalises to a clitic letter (و).
const PLAIN_WAW_HAMZA: u64 = packed("ؤ").0;

/// [`long_word_key`] of a word of plain original text: its normalised bytes' key.
#[inline(never)]
fn long_plain_word_key(t: &[u8]) -> Option<u64> {
    let mut on_stack = [0u8; 64];
    let mut on_heap = Vec::new();
    let folded = match on_stack.get_mut(..t.len()) {
        Some(buf) => buf,
        None => {
            on_heap.resize(t.len(), 0);
            &mut on_heap[..]
        }
    };
    let n = fold_plain_word(t, folded);
    long_word_key(&folded[..n])
}

/// [`memo_miss`] of a word of plain original text: remembered by its own bytes, with the key
/// of its normalised bytes.
#[inline(never)]
fn plain_memo_miss(t: &[u8], lo: u64, hi: u64) -> MemoEntry {
    let bytes = (hi as u128) << 64 | lo as u128;
    let (folded, n) = match fold_plain_packed(bytes, t.len()) {
        Some(f) => (f.to_le_bytes(), t.len()),
        None => {
            let mut folded = [0u8; 16];
            let n = fold_plain_word(t, &mut folded);
            (folded, n)
        }
    };
    let packed = PackedWord {
        bytes: u128::from_le_bytes(folded),
        len: n,
    };
    let k = word_key_with(&folded[..n], |_| arabic_stem_of(packed));
    debug_assert!(!k.is_clitic);
    MemoEntry {
        lo,
        hi,
        hash: k.hash,
    }
}

/// Tokenise normalised text into word tokens with light stems.
pub fn tokenize(normalized: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(normalized.len() / 6);
    let bytes = normalized.as_bytes();
    word_ranges(normalized, |start, end| {
        let k = word_key(&bytes[start..end]);
        out.push(Token {
            norm: start as u32..end as u32,
            stem: (start + k.stem.start) as u32..(start + k.stem.end) as u32,
            hash: k.hash,
            is_number: k.is_number,
            is_clitic: k.is_clitic,
        });
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn keys(s: &str) -> Vec<String> {
        let n = normalize(s);
        tokenize(&n.text)
            .iter()
            .filter(|t| !t.is_clitic)
            .map(|t| t.key(&n.text).to_string())
            .collect()
    }

    #[test]
    fn arabic_clitics_and_articles_share_keys() {
        assert_eq!(keys("والرقة"), keys("الرقة"));
        assert_eq!(keys("الرقة"), keys("رقة"));
        assert_eq!(keys("لـ «داعش»"), keys("«داعش»"));
    }

    #[test]
    fn numbers_ignore_group_separators() {
        let a = normalize("3,250 killed");
        let b = normalize("3250 killed");
        let ta = tokenize(&a.text);
        let tb = tokenize(&b.text);
        assert_eq!(ta[0].hash, tb[0].hash);
        assert!(ta[0].is_number);
        assert_eq!(ta[0].text(&a.text), "3,250");
    }

    #[test]
    fn english_plurals_and_possessives() {
        assert_eq!(keys("fighters AFP's"), keys("fighter afp"));
        assert_eq!(keys("press"), vec!["press".to_string()]);
    }

    #[test]
    fn word_rules() {
        let words = |s: &str| {
            let mut v = Vec::new();
            word_ranges(s, |a, b| v.push(s[a..b].to_string()));
            v
        };
        assert_eq!(
            words("don't stop 3,250 3.5 u.s. a_b -x- \"قال\""),
            vec!["don't", "stop", "3,250", "3.5", "u.s", "a_b", "x", "قال"]
        );
        assert_eq!(words("日本語"), vec!["日", "本", "語"]);
    }

    use proptest::prelude::*;
    proptest! {
        /// Same words as the UAX #29 reference implementation on Latin/Arabic/digit text.
        /// (A combining mark after a space attaches to the space in UAX #29; normalised text
        /// never has one there, so the alphabet only has marks after letters.)
        #[test]
        fn matches_unicode_segmentation(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "b", "z", "é", "1", "9", "ا", "ل", "لَ", " ", ".", ",", "'", ";", "_", "-", "\"", "\n", "(", "?", "·", "ß"
        ]), 0..40)) {
            use unicode_segmentation::UnicodeSegmentation;
            let s: String = parts.concat();
            let expected: Vec<&str> = s.split_word_bounds().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
            let mut got = Vec::new();
            word_ranges(&s, |a, b| got.push(&s[a..b]));
            prop_assert_eq!(got, expected);
        }
    }

    proptest! {
        /// The eight-bytes-at-a-time run ends are those of the byte-by-byte loops, from every
        /// character boundary of Latin, Arabic (letters, marks, the letters around the run's
        /// range), mixed and arbitrary text.
        #[test]
        fn run_ends_match_byte_loops(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", "Z", "m", "@", "[", "`", "{", " ", "é", "ا", "ب", "ي", "\u{64E}", "\u{65F}",
                "\u{620}", "\u{660}", "\u{670}", "\u{600}", "\u{6FF}", "\u{5FF}", "ݐ", "1", "_",
                "\u{80}", "\u{FF}", "\u{10FFFF}",
            ]), 0..40),
            any_text in any::<String>(),
        ) {
            for s in [parts.concat(), any_text] {
                let b = s.as_bytes();
                for (i, _) in s.char_indices() {
                    let mut ascii = i;
                    while ascii < b.len() && b[ascii].is_ascii_alphabetic() {
                        ascii += 1;
                    }
                    prop_assert_eq!(ascii_letters_end(b, i), ascii);
                    let mut arabic = i;
                    while arabic + 1 < b.len()
                        && matches!((b[arabic], b[arabic + 1]), (0xD8, 0xA1..=0xBF) | (0xD9, 0x80..=0x9F))
                    {
                        arabic += 2;
                    }
                    prop_assert_eq!(arabic_letters_end(b, i), arabic);
                }
            }
        }
    }

    /// The stemmer as first written (counting characters of each remainder), kept as the
    /// reference for the byte-level one.
    fn arabic_stem_reference(w: &str) -> Range<usize> {
        let mut s = 0usize;
        let mut e = w.len();
        let chars = |s: usize, e: usize| w[s..e].chars().count();
        if w.starts_with('و') && chars(s, e) >= 4 {
            s += 'و'.len_utf8();
        }
        for p in AR_PREFIXES {
            if w[s..e].starts_with(p) && chars(s + p.len(), e) >= 2 {
                s += p.len();
                break;
            }
        }
        for suf in AR_SUFFIXES {
            if w[s..e].ends_with(suf) && chars(s, e - suf.len()) >= 3 {
                e -= suf.len();
            }
        }
        s..e
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The byte-level stemmer strips exactly what the character-counting one does, also on
        /// words that mix in Latin letters, digits and three-byte characters; so does the one
        /// that reads a packed word (words of up to sixteen bytes).
        #[test]
        fn arabic_stem_matches_reference(parts in prop::collection::vec(prop::sample::select(vec![
            "و", "ا", "ل", "ب", "ك", "ف", "ه", "ي", "ن", "ت", "ر", "ق", "م", "a", "1", "€", "𝒜", "ة", "ى",
        ]), 0..9)) {
            let w: String = parts.concat();
            let reference = arabic_stem_reference(&w);
            prop_assert_eq!(arabic_stem(&w), reference.clone());
            if w.len() <= 16 {
                let bytes = w.bytes().rev().fold(0u128, |x, b| x << 8 | b as u128);
                let packed = PackedWord { bytes, len: w.len() };
                prop_assert_eq!(arabic_stem_of(packed), reference);
            }
        }
    }

    /// The plain path as the general scanner alone reads it: the reference for the windows.
    fn plain_key_hashes_by_scanner(text: &str, keys: &mut Vec<u64>) -> usize {
        let b = text.as_bytes();
        let mut i = 0;
        loop {
            match next_word::<Plain>(b, i) {
                Err(NotPlain) if Plain::class_at(b, i).is_some() => return i,
                Err(NotPlain) => {
                    keys.clear();
                    return 0;
                }
                Ok(None) => return b.len(),
                Ok(Some((start, end, resume))) => {
                    let mut folded = vec![0; 4 * (end - start)];
                    let n = fold_plain_word(&b[start..end], &mut folded);
                    let k = word_key(&folded[..n]);
                    if !k.is_clitic {
                        keys.push(k.hash);
                    }
                    i = resume;
                }
            }
        }
    }

    #[test]
    fn ascii_classes_are_those_of_the_word_rules() {
        use crate::text::window::{is_ascii_mid, is_ascii_word, is_special};
        for x in 0..128u8 {
            let class = PLAIN_ASCII_CLASS[x as usize];
            assert_eq!(is_special(x), class.is_none(), "{x:#x}");
            assert_eq!(
                is_ascii_word(x),
                matches!(class, Some(Class::Letter | Class::Digit | Class::Joiner)),
                "{x:#x}"
            );
            assert_eq!(x == b'_', class == Some(Class::Joiner), "{x:#x}");
            assert_eq!(
                is_ascii_mid(x),
                matches!(
                    class,
                    Some(Class::MidNumLet | Class::MidNum | Class::MidLetter)
                ),
                "{x:#x}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The windows read the words, the keys and the hand-over point the general scanner
        /// reads: on English-like text with words across window ends, words of up to 40 bytes,
        /// middle characters that join and that do not, joiners, backticks, NULs, and
        /// non-ASCII characters (plain and not), with one memo across cases.
        #[test]
        fn windows_read_what_the_scanner_reads(parts in prop::collection::vec(prop_oneof![
            8 => prop::sample::select(vec![
                "the", "Said", "a", "I", "fighters", "AFP's", "don't", "U.S.", "3,250", "3.5",
                "x1", "_", "a_b", "_a", "ab_", "ABCDEFGHIJKLMNOP", "abcdefghijklmnopq",
                "abcdefghijklmnopqrstuvwxyz0123456789abcd", " ", " ", " ", "  ", "\n", "\t",
                ".", ",", ";", "'", ":", "-", "\"", "(", ")", "?", "!", "`", "\0", "é", "ا",
                "قال", "٣", "،", "“", "’", "—", "\u{301}", "\u{A0}",
            ]).prop_map(String::from),
            1 => "[a-z]{1,40}",
        ], 0..80)) {
            let text: String = parts.concat();
            thread_local! {
                static MEMO: std::cell::RefCell<KeyMemo> = std::cell::RefCell::default();
            }
            let mut buf = text.as_bytes().to_vec();
            buf.extend_from_slice(&[0; MEMO_PAD]);
            let mut keys = vec![42];
            keys.clear();
            let at = MEMO.with_borrow_mut(|memo| plain_key_hashes(&buf, text.len(), memo, &mut keys));
            let mut expected = Vec::new();
            let expected_at = plain_key_hashes_by_scanner(&text, &mut expected);
            prop_assert_eq!(at, expected_at);
            prop_assert_eq!(keys, expected);
        }
    }

    /// The memo answers what `word_key` answers, for words that share slots and evict each
    /// other, words of 1 to 24 bytes (across the 8- and 16-byte load boundaries), words at the
    /// end of the buffer, numbers and clitics.
    #[test]
    fn key_memo_matches_word_key() {
        let mut words: Vec<String> = Vec::new();
        let letters = ["a", "s", "z", "و", "ل", "ب", "ة", "1", "0"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for i in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = 1 + (state % 14) as usize;
            let w: String = (0..n)
                .map(|j| letters[((state >> (4 * j)) % letters.len() as u64) as usize])
                .collect();
            words.push(w);
            if i % 3 == 0 {
                // repeats, so that hits are tested too
                words.push(words[(state % words.len() as u64) as usize].clone());
            }
        }
        let mut memo = KeyMemo::default();
        for w in &words {
            let mut buf = w.as_bytes().to_vec();
            buf.extend_from_slice(&[b'x'; MEMO_PAD]);
            let k = word_key(w.as_bytes());
            let expected = (!k.is_clitic).then_some(k.hash);
            assert_eq!(memo.key(&buf, 0, w.len()), expected, "{w:?}");
            // the same word inside a longer buffer, after other bytes: a hit when it was cached
            let mut inside = b"xx ".to_vec();
            inside.extend_from_slice(w.as_bytes());
            inside.extend_from_slice(b" yy");
            inside.extend_from_slice(&[0u8; MEMO_PAD]);
            assert_eq!(memo.key(&inside, 3, 3 + w.len()), expected, "{w:?}");
        }
    }

    proptest! {
        #[test]
        fn char_count_counts_characters(w in any::<String>()) {
            prop_assert_eq!(char_count(w.as_bytes()), w.chars().count());
        }
    }

    #[test]
    fn every_suffix_ends_in_a_listed_letter() {
        let all: u32 = [ALEF, NOON, TEH, HEH, YEH]
            .iter()
            .map(|&l| suffixes_ending_in(l))
            .sum();
        assert_eq!(all, (1 << AR_SUFFIXES.len()) - 1);
    }

    #[test]
    fn eastern_digits_are_numbers() {
        let n = normalize("قتل ٣٢٥٠ شخصا");
        let t = tokenize(&n.text);
        assert!(t[1].is_number);
        assert_eq!(t[1].text(&n.text), "3250");
    }
}
