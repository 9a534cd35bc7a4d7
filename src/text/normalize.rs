//! Normalisation with a map back to original byte offsets.
//!
//! NFKC (skipped when the text is already NFKC), lower-casing, Arabic folding (alef forms,
//! alef maksura, teh marbuta, hamza carriers, diacritics, tatweel), Arabic-Indic and Persian
//! digits to ASCII, Arabic punctuation to ASCII, quote marks to `"`/`'`, invisible format
//! characters removed and every kind of space to `' '`.

use std::mem::MaybeUninit;
use std::ops::Range;
use unicode_normalization::{char::canonical_combining_class, UnicodeNormalization};

/// Normalised text plus a compact map back to original byte offsets.
///
/// The map is a list of pieces. An *identity* piece is a run whose normalised characters have the
/// same byte length as their originals (lower-casing ASCII, folding أ to ا...), so offsets inside
/// it translate by a constant; a *mapped* piece is the output of one original character or NFKC
/// segment whose length changed (« to `"`, ﬁ to `fi`), and all its bytes map to that whole
/// original range. Plain ASCII text is one piece.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pieces: Vec<Piece>,
    original_len: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    norm: u32,
    orig: u32,
    orig_end: u32,
    identity: bool,
}

impl Normalized {
    fn piece_of(&self, i: usize) -> &Piece {
        let idx = self.pieces.partition_point(|p| p.norm as usize <= i);
        &self.pieces[idx - 1]
    }

    /// Original byte offset of normalised byte `i` (`i == text.len()` gives the original length).
    pub fn original_offset(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.original_len as usize;
        }
        let p = self.piece_of(i);
        if p.identity {
            let start = self.text.floor_char_boundary_compat(i);
            (p.orig as usize) + (start - p.norm as usize)
        } else {
            p.orig as usize
        }
    }

    /// Original offset just past the original character that normalised byte `i` came from.
    fn original_end(&self, i: usize) -> usize {
        let p = self.piece_of(i);
        if p.identity {
            let start = self.text.floor_char_boundary_compat(i);
            let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
            (p.orig as usize) + (start - p.norm as usize) + len
        } else {
            p.orig_end as usize
        }
    }

    /// Original byte range covered by the normalised byte range `r`.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let p = self.original_offset(r.start.min(self.text.len()));
            return p..p;
        }
        let start = self.original_offset(r.start);
        let end = self.original_end(r.end - 1);
        start..end.max(start)
    }
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for String {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// Fold one (already NFKC, already lower-cased) character. `None` drops it.
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // Arabic letters
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ئ' | 'ی' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        // diacritics (harakat, tanwin, shadda, sukun, dagger alef...) and tatweel
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => return None,
        // digits
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        // Arabic punctuation
        '،' => ',',
        '؛' => ';',
        '؟' => '?',
        '٪' => '%',
        '٫' => '.',
        '٬' => ',',
        '۔' => '.',
        // quotes
        '«' | '»' | '“' | '”' | '„' | '‟' | '″' | '〝' | '〞' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
        // dashes
        '–' | '—' | '‒' | '―' | '−' => '-',
        // invisible format characters
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}' => return None,
        c if c.is_whitespace() && c != '\n' => ' ',
        '\r' => ' ',
        c => c,
    })
}

/// How every ASCII byte normalises: lower case; tab, CR, VT, FF to space; backtick to `'`.
static ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'A'..=b'Z' => i as u8 + 32,
            b'\t' | b'\r' | 0x0b | 0x0c => b' ',
            b'`' => b'\'',
            b => b,
        };
        i += 1;
    }
    t
};

/// Writes normalised text; with `MAP` it also records the offset map (the clustering path needs
/// the text only).
struct Builder<const MAP: bool> {
    /// Always valid UTF-8 (only whole characters are appended); checked once at the end.
    text: Vec<u8>,
    pieces: Vec<Piece>,
}

impl<const MAP: bool> Builder<MAP> {
    /// Record that the normalised bytes just written (from `before`) came from `start..end`.
    #[inline]
    fn map(&mut self, before: usize, start: usize, end: usize) {
        if !MAP {
            return;
        }
        let written = self.text.len() - before;
        if written == 0 {
            return;
        }
        let identity = written == end - start;
        if let Some(last) = self.pieces.last_mut() {
            let contiguous = last.orig_end as usize == start;
            if identity && last.identity && contiguous {
                last.orig_end = end as u32;
                return;
            }
            // more output of the same original segment (ﬁ -> f, i)
            if !last.identity && last.orig as usize == start && last.orig_end as usize == end {
                return;
            }
        }
        self.pieces.push(Piece {
            norm: before as u32,
            orig: start as u32,
            orig_end: end as u32,
            identity,
        });
    }

    /// Append one character's UTF-8 bytes (no `memcpy` call for these short writes).
    #[inline(always)]
    fn put(&mut self, f: char) {
        let mut utf8 = [0u8; 4];
        let s = f.encode_utf8(&mut utf8).as_bytes();
        self.text.reserve(4);
        for &b in s {
            self.text.push(b);
        }
    }

    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize) {
        let before = self.text.len();
        // Arabic has no case: skip the (slow, table-driven) case properties.
        if ('\u{0600}'..='\u{06FF}').contains(&c) || c.is_lowercase() || !c.is_alphabetic() {
            if let Some(f) = fold_char(c) {
                self.put(f);
            }
        } else {
            for l in c.to_lowercase() {
                if let Some(f) = fold_char(l) {
                    self.put(f);
                }
            }
        }
        self.map(before, start, end);
    }

    /// ASCII run: lower-case, fold the few ASCII characters that change, one identity piece.
    #[inline]
    fn push_ascii(&mut self, run: &[u8], start: usize) {
        let before = self.text.len();
        if run.len() <= 4 {
            // the space between two words of a non-Latin script: no `memcpy` call
            for &b in run {
                self.text.push(ASCII_FOLD[b as usize]);
            }
            self.map(before, start, start + run.len());
            return;
        }
        self.text.extend_from_slice(run);
        // Branch-free so the compiler vectorises it (same mapping as ASCII_FOLD).
        for b in &mut self.text[before..] {
            let upper = b.is_ascii_uppercase();
            let space = matches!(*b, 0x09 | 0x0b | 0x0c | 0x0d);
            let tick = *b == b'`';
            *b = if upper {
                *b | 0x20
            } else if space {
                b' '
            } else if tick {
                b'\''
            } else {
                *b
            };
        }
        self.map(before, start, start + run.len());
    }
}

/// Characters that are NFKC-stable starters (quick check Yes, combining class 0) and make up most
/// news text: ASCII, the Arabic letters, tatweel, Arabic punctuation and digits, guillemets, curly
/// quotes and dashes. They are passed through without the NFKC table lookups.
#[inline]
fn is_common_nfkc_char(c: char) -> bool {
    matches!(c,
        '\u{0000}'..='\u{007F}'
        | '\u{00AB}' | '\u{00BB}'
        | '\u{060C}' | '\u{061B}' | '\u{061F}'
        | '\u{0621}'..='\u{064A}'
        | '\u{0660}'..='\u{066D}'
        | '\u{0671}'..='\u{0674}' | '\u{0679}'..='\u{06D3}'
        | '\u{2013}' | '\u{2014}' | '\u{2018}'..='\u{201D}')
}

/// Normalise `original` for matching, keeping the offset map back to it.
///
/// Articles are capped well below 4 GiB by the reader, so offsets fit in `u32`.
pub fn normalize(original: &str) -> Normalized {
    let mut b = Builder::<true> {
        text: Vec::with_capacity(original.len()),
        pieces: Vec::new(),
    };
    run(original, &mut b);
    let text = String::from_utf8(b.text).expect("the builder appends whole characters only");
    Normalized {
        text,
        pieces: b.pieces,
        original_len: original.len() as u32,
    }
}

/// The normalised text of `original` without the offset map, written into `out` (cleared
/// first, its allocation reused): exactly the bytes of `normalize(original).text`.
pub fn normalize_into(original: &str, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(original.len());
    let mut b = Builder::<false> {
        text: std::mem::take(out),
        pieces: Vec::new(),
    };
    run(original, &mut b);
    *out = b.text;
}

/// The character starting at byte `i` of valid UTF-8 and its length (no boundary checks beyond
/// the slice's own).
#[inline(always)]
pub(crate) fn decode_at(b: &[u8], i: usize) -> (char, usize) {
    let x = b[i];
    let (cp, len) = if x < 0x80 {
        (x as u32, 1)
    } else if x < 0xE0 {
        (((x as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if x < 0xF0 {
        (
            ((x as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((x as u32 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (
        char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// Arabic letters U+0621–U+064A (tatweel included). (The reference for [`arabic_letter_at`].)
#[cfg(test)]
fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// Arabic marks that fold to nothing and never start a segment: harakat, tanwin, shadda, sukun,
/// hamza and madda above/below, and the other marks up to U+065F, and the dagger alef.
/// (The reference for [`ARABIC_RUN`].)
#[cfg(test)]
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// `fold_char` over the Arabic block U+0600–U+06FF (0: dropped), so that Arabic letters skip its
/// match arms and the whitespace table (checked against `fold_char` for every entry in a test).
static ARABIC_FOLD: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = 0x0600 + i as u32;
        t[i] = match c {
            0x0623 | 0x0625 | 0x0622 | 0x0671 | 0x0672 | 0x0673 => 0x0627,
            0x0649 | 0x0626 | 0x06CC => 0x064A,
            0x0629 => 0x0647,
            0x0624 => 0x0648,
            0x06A9 => 0x0643,
            0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640 => 0,
            0x0660..=0x0669 => (c - 0x0660 + b'0' as u32) as u16,
            0x06F0..=0x06F9 => (c - 0x06F0 + b'0' as u32) as u16,
            0x060C => b',' as u16,
            0x061B => b';' as u16,
            0x061F => b'?' as u16,
            0x066A => b'%' as u16,
            0x066B => b'.' as u16,
            0x066C => b',' as u16,
            0x06D4 => b'.' as u16,
            _ => c as u16,
        };
        i += 1;
    }
    t
};

/// The normalised bytes of a word of *plain* text (the tokens module's plain path: ASCII other
/// than a backtick, Arabic letters U+0621–U+064A other than tatweel, Arabic-Indic digits,
/// `،` `٬` `؟` `٪`, guillemets, curly quotes, en and em dashes), written to the front of `out`
/// (at least `t.len()` bytes); returns their length. Each such character normalises on its
/// own to one character ([`ASCII_FOLD`], [`ARABIC_FOLD`], [`fold_char`]): it is an NFKC
/// starter that no other plain character composes with, and none is dropped.
pub(crate) fn fold_plain_word(t: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut w) = (0, 0);
    while i < t.len() {
        let x = t[i];
        if x < 0x80 {
            out[w] = ASCII_FOLD[x as usize];
            (i, w) = (i + 1, w + 1);
            continue;
        }
        // « » (C2 AB, C2 BB) and – — ‘ ’ “ ” (E2 80 93/94/98/99/9C/9D): ASCII punctuation
        if x == 0xC2 {
            out[w] = b'"';
            (i, w) = (i + 2, w + 1);
            continue;
        }
        if x == 0xE2 {
            out[w] = match t[i + 2] {
                0x93 | 0x94 => b'-',
                0x98 | 0x99 => b'\'',
                _ => b'"',
            };
            (i, w) = (i + 3, w + 1);
            continue;
        }
        // two bytes, U+0600–U+067F
        let f = ARABIC_FOLD[(((x & 1) as usize) << 6) | (t[i + 1] & 0x3F) as usize];
        debug_assert!(f != 0, "a plain character is never dropped");
        if f < 0x80 {
            out[w] = f as u8;
            w += 1;
        } else {
            out[w] = 0xC0 | (f >> 6) as u8;
            out[w + 1] = 0x80 | (f & 0x3F) as u8;
            w += 2;
        }
        i += 2;
    }
    w
}

/// [`fold_plain_word`] of the common words, read from their bytes packed little-endian
/// (`len` ≤ 16 bytes, zero-padded): ASCII (lower-cased eight bytes at a time) or Arabic
/// letters U+0621–U+064A other than tatweel (each folded by [`ARABIC_RUN`]). `None` for other
/// words. The length does not change.
#[inline(always)]
pub(crate) fn fold_plain_packed(bytes: u128, len: usize) -> Option<u128> {
    const LANES8: u64 = 0x0101_0101_0101_0101;
    const HIGH8: u64 = 0x8080_8080_8080_8080;
    let (lo, hi) = (bytes as u64, (bytes >> 64) as u64);
    if (lo | hi) & HIGH8 == 0 {
        // ASCII inside a word: only upper-case letters change ([`ASCII_FOLD`])
        let lower = |x: u64| {
            let upper =
                (x + LANES8 * (0x80 - b'A' as u64)) & !(x + LANES8 * (0x80 - b'Z' as u64 - 1));
            x | ((upper & HIGH8) >> 2)
        };
        return Some((lower(hi) as u128) << 64 | lower(lo) as u128);
    }
    if !len.is_multiple_of(2) {
        return None;
    }
    // every lane of the word a letter that folds to a letter
    let lanes = len / 2;
    let need = |n: usize| HIGH16 & (u64::MAX >> (64 - 16 * n.min(4)));
    let (index_lo, ok_lo) = letters_folding_to_letters(lo);
    let (index_hi, ok_hi) = letters_folding_to_letters(hi);
    let need_hi = if lanes > 4 { need(lanes - 4) } else { 0 };
    if ok_lo & need(lanes) != need(lanes) || ok_hi & need_hi != need_hi {
        return None;
    }
    // all four lanes folded, then the padding lanes cleared
    let fold = |index: u64| {
        let lane = |k: usize| ARABIC_RUN[(index >> (16 * k)) as usize & 0x7F] as u64;
        lane(0) | lane(1) << 16 | lane(2) << 32 | lane(3) << 48
    };
    let folded = (fold(index_hi) as u128) << 64 | fold(index_lo) as u128;
    Some(folded & (u128::MAX >> (128 - 8 * len)))
}

/// The high bit of every 16-bit lane of `w` (two bytes, the first lowest) that is not an
/// Arabic letter U+0621–U+064A other than tatweel.
#[inline(always)]
pub(crate) fn non_plain_arabic_letters(w: u64) -> u64 {
    !letters_folding_to_letters(w).1 & HIGH16
}

/// The end of the ASCII run at `i`: eight bytes at a time, then byte by byte.
#[inline(always)]
fn ascii_run_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii() {
        i += 1;
    }
    i
}

/// What a character of U+0600–U+067F is inside a run of Arabic letters ([`push_arabic_run`]):
/// the UTF-8 of a letter's fold (two bytes, first byte lowest; every letter U+0621–U+064A folds
/// to a letter of the block or to nothing), or one of the markers below.
static ARABIC_RUN: [u16; 128] = {
    let mut t = [RUN_END; 128];
    let mut i = 0;
    while i < t.len() {
        let c = 0x0600 + i as u32;
        t[i] = match c {
            0x0621..=0x064A => {
                let f = ARABIC_FOLD[i] as u32;
                assert!(f == 0 || (f >= 0x0600 && f <= 0x06FF));
                if f == 0 {
                    RUN_DROP
                } else {
                    (0xC0 | (f >> 6)) as u16 | (((0x80 | (f & 0x3F)) as u16) << 8)
                }
            }
            // the marks of `is_arabic_mark`
            0x064B..=0x065F | 0x0670 => RUN_MARK,
            _ => RUN_END,
        };
        i += 1;
    }
    t
};
/// Not an Arabic letter or mark: the run ends.
const RUN_END: u16 = 0xFFFF;
/// An Arabic mark: folds to nothing and belongs to the letter before it.
const RUN_MARK: u16 = 0xFFFE;
/// A letter that folds to nothing (tatweel).
const RUN_DROP: u16 = 0;

/// The [`ARABIC_RUN`] entry of the character at byte `i` of valid UTF-8 (`RUN_END` outside
/// U+0600–U+067F), without decoding it.
#[inline(always)]
fn arabic_run_class(b: &[u8], i: usize) -> u16 {
    match (b.get(i), b.get(i + 1)) {
        (Some(&x @ (0xD8 | 0xD9)), Some(&y)) => {
            ARABIC_RUN[(((x & 1) as usize) << 6) | (y & 0x3F) as usize]
        }
        _ => RUN_END,
    }
}

/// Whether the character at byte `i` is an Arabic letter U+0621–U+064A.
#[inline(always)]
fn arabic_letter_at(b: &[u8], i: usize) -> bool {
    arabic_run_class(b, i) < RUN_MARK
}

/// Fold the run of Arabic letters (each with the marks after it) that starts at byte `i`, which
/// holds a letter; returns where the run ends. Byte by byte with one table: these are all
/// two-byte characters, so nothing is decoded; each letter with its marks is one segment of the
/// offset map.
#[inline(always)]
fn push_arabic_run<const MAP: bool>(bytes: &[u8], mut i: usize, b: &mut Builder<MAP>) -> usize {
    // folded letters are never longer than their originals
    b.text.reserve(bytes.len() - i);
    let mut fold = arabic_run_class(bytes, i);
    while fold < RUN_MARK {
        let start = i;
        i += 2;
        let mut next = arabic_run_class(bytes, i);
        while next == RUN_MARK {
            i += 2;
            next = arabic_run_class(bytes, i);
        }
        let before = b.text.len();
        if fold != RUN_DROP {
            b.text.extend_from_slice(&fold.to_le_bytes());
        }
        b.map(before, start, i);
        fold = next;
    }
    i
}

const LANES16: u64 = 0x0001_0001_0001_0001;
const HIGH16: u64 = 0x8000_8000_8000_8000;

/// For the eight bytes `w` (four 16-bit lanes, the first byte lowest): the 7-bit
/// [`ARABIC_RUN`] index of every lane, and the high bit of every lane that is a letter
/// U+0621–U+064A other than tatweel (a letter that folds to a two-byte letter).
#[inline(always)]
fn letters_folding_to_letters(w: u64) -> (u64, u64) {
    let index = ((w & LANES16) << 6) | ((w >> 8) & (LANES16 * 0x3F));
    let from_first = index + LANES16 * (0x8000 - 0x21);
    let past_last = index + LANES16 * (0x8000 - 0x4B);
    // not zero in a lane that is not tatweel (U+0640, index 0x40)
    let not_tatweel = (index ^ (LANES16 * 0x40)) + LANES16 * 0x7FFF;
    // zero in a lane whose lead byte is 0xD8 or 0xD9
    let lead = (w & (LANES16 * 0xFE)) ^ (LANES16 * 0xD8);
    let bad_lead = lead + LANES16 * 0x7FFF;
    (
        index,
        from_first & !past_last & not_tatweel & !bad_lead & HIGH16,
    )
}

/// [`push_arabic_run`] without the offset map (the clustering path), from byte `i` (a letter)
/// to the end of a stretch of Arabic words: letters and marks, and the single spaces between
/// two words (a space before a letter is its own ASCII run, which folds to itself). Four
/// letters at a time while they fold to letters: their folds are looked up and stored as one
/// eight-byte word, of which the bytes of the leading such letters are kept; then the
/// character that stopped them (a space, a mark, tatweel, the end) on its own: one table
/// lookup and one two-byte store, taken back when it folds to nothing. Nothing is decoded and
/// the offset map is not kept.
#[inline(always)]
fn push_arabic_text(bytes: &[u8], mut i: usize, text: &mut Vec<u8>) -> usize {
    // the output of a stretch is never longer than its input
    let room = bytes.len() - i;
    text.reserve(room);
    let len = text.len();
    let out = &mut text.spare_capacity_mut()[..room];
    // `w <= i - start` throughout (output never outgrows input), so an eight-byte store at
    // `w` fits in `out` whenever eight bytes can be read at `i`
    let mut w = 0;
    loop {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let (index, ok) = letters_folding_to_letters(x);
            // leading lanes that fold to letters
            let n = (!ok & HIGH16).trailing_zeros() as usize / 16;
            if n > 0 {
                let lane = |k: usize| ARABIC_RUN[(index >> (16 * k)) as usize & 0x7F] as u64;
                let folded = lane(0) | lane(1) << 16 | lane(2) << 32 | lane(3) << 48;
                let dst: &mut [MaybeUninit<u8>; 8] =
                    (&mut out[w..w + 8]).try_into().expect("eight bytes");
                *dst = folded.to_le_bytes().map(MaybeUninit::new);
                w += 2 * n;
                i += 2 * n;
            }
            if n == 4 {
                continue;
            }
        }
        // one character: the one that stopped the four-letter step, if it ran
        let Some(&[x, y]) = bytes.get(i..i + 2) else {
            break;
        };
        if x & 0xFE == 0xD8 {
            let class = ARABIC_RUN[(((x & 1) as usize) << 6) | (y & 0x3F) as usize];
            if class == RUN_END {
                break;
            }
            // a store that is kept only for a letter that folds to a letter
            let [lo, hi] = class.to_le_bytes();
            out[w].write(lo);
            out[w + 1].write(hi);
            w += 2 * usize::from(class != RUN_DROP && class != RUN_MARK);
            i += 2;
        } else if x == b' ' && arabic_letter_at(bytes, i + 1) {
            out[w].write(b' ');
            w += 1;
            i += 1;
        } else {
            break;
        }
    }
    // SAFETY: `out[..w]`, the `w` bytes after the initialised `len`, were all written above
    // (a store advances `w` only over bytes it wrote), and `len + w <= capacity`.
    unsafe { text.set_len(len + w) };
    i
}

/// The normalisation loop shared by [`normalize`] and [`normalize_into`].
#[inline(always)]
fn run<const MAP: bool>(original: &str, b: &mut Builder<MAP>) {
    let bytes = original.as_bytes();
    // Segment by segment: a starter and the non-starters that follow it compose together.
    // Common characters (ASCII, Arabic letters...) are known NFKC starters: they go straight
    // through; only segments with another character pay for NFKC and its table lookups.
    let is_non_starter = |c: char| !is_common_nfkc_char(c) && canonical_combining_class(c) != 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            let mut j = ascii_run_end(bytes, i + 1);
            // the last ASCII character composes with a following combining mark (an Arabic
            // letter, the common case, is a starter)
            if j < bytes.len()
                && !arabic_letter_at(bytes, j)
                && is_non_starter(decode_at(bytes, j).0)
            {
                j -= 1;
            }
            if j > i {
                b.push_ascii(&bytes[i..j], i);
                i = j;
                continue;
            }
        }
        // A run of Arabic letters, each with the harakat after it: folding drops every mark,
        // and the only compositions NFKC could make here (alef, waw, yeh with hamza or madda)
        // fold back to the bare letter, so each segment folds to its letter's fold.
        if arabic_letter_at(bytes, i) {
            i = if MAP {
                push_arabic_run(bytes, i, b)
            } else {
                push_arabic_text(bytes, i, &mut b.text)
            };
            continue;
        }
        let (c, len) = decode_at(bytes, i);
        let mut end = i + len;
        while end < bytes.len() {
            let (n, n_len) = decode_at(bytes, end);
            if !is_non_starter(n) {
                break;
            }
            end += n_len;
        }
        if end == i + len && is_common_nfkc_char(c) {
            b.push(c, i, end);
        } else {
            for nc in original[i..end].nfkc() {
                b.push(nc, i, end);
            }
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_letters_digits_and_punctuation() {
        let n = normalize("أحمد إلى مدرسةٍ ١٢٣ ۴؟ «قال»");
        assert_eq!(n.text, "احمد الي مدرسه 123 4? \"قال\"");
    }

    #[test]
    fn ascii_fast_path_matches_the_table() {
        let all: String = (0u8..128).map(char::from).collect();
        let n = normalize(&all);
        let expected: Vec<u8> = (0u8..128).map(|b| ASCII_FOLD[b as usize]).collect();
        assert_eq!(n.text.as_bytes(), &expected[..]);
    }

    #[test]
    fn common_set_agrees_with_the_nfkc_quick_check() {
        use unicode_normalization::{is_nfkc_quick, IsNormalized};
        for c in (0u32..0x2100)
            .filter_map(char::from_u32)
            .filter(|&c| is_common_nfkc_char(c))
        {
            let s = c.to_string();
            assert_eq!(
                is_nfkc_quick(s.chars()),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn arabic_fold_table_is_fold_char() {
        for i in 0..256u32 {
            let c = char::from_u32(0x0600 + i).unwrap();
            let t = ARABIC_FOLD[i as usize];
            let from_table = (t != 0).then(|| char::from_u32(t as u32).unwrap());
            assert_eq!(from_table, fold_char(c), "U+{:04X}", 0x0600 + i);
        }
    }

    #[test]
    fn arabic_run_table_matches_the_character_checks() {
        for c in ('\u{0080}'..='\u{07FF}').chain(['a', '\u{0800}', '\u{10000}']) {
            let s = format!("{c}x");
            let class = arabic_run_class(s.as_bytes(), 0);
            let expected = if is_arabic_letter(c) {
                match fold_char(c) {
                    None => RUN_DROP,
                    Some(f) => {
                        let mut utf8 = [0u8; 4];
                        assert_eq!(f.encode_utf8(&mut utf8).len(), 2);
                        u16::from_le_bytes([utf8[0], utf8[1]])
                    }
                }
            } else if is_arabic_mark(c) {
                RUN_MARK
            } else {
                RUN_END
            };
            assert_eq!(class, expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn four_letter_lanes_match_the_run_table() {
        // every two-byte character (and ASCII pairs) in every lane, after letters that pass
        let all: Vec<String> = ('\u{0080}'..='\u{07FF}')
            .map(String::from)
            .chain(["ab", " ب", "\u{0}\u{0}", "ﻻ"].map(String::from))
            .collect();
        for s in &all {
            for lane in 0..4 {
                let mut t = "ب".repeat(lane);
                t.push_str(s);
                t.push_str("بببب");
                let b = t.as_bytes();
                let x = u64::from_le_bytes(b[..8].try_into().unwrap());
                let (index, ok) = letters_folding_to_letters(x);
                let class = arabic_run_class(b, 2 * lane);
                let expected = class < RUN_MARK && class != RUN_DROP;
                assert_eq!(
                    ok >> (16 * lane + 15) & 1 == 1,
                    expected,
                    "{s:?} in lane {lane}"
                );
                assert_eq!(
                    ok & ((1 << (16 * lane)) - 1),
                    HIGH16 & ((1 << (16 * lane)) - 1)
                );
                if expected {
                    assert_eq!(ARABIC_RUN[(index >> (16 * lane)) as usize & 0x7F], class);
                }
            }
        }
    }

    #[test]
    fn arabic_letter_and_mark_segments_fold_as_nfkc() {
        // every letter U+0621–U+064A followed by every mark, and by pairs of composing marks
        let marks: Vec<char> = ('\u{064B}'..='\u{065F}').chain(['\u{0670}']).collect();
        for l in '\u{0621}'..='\u{064A}' {
            for &m in &marks {
                for tail in [
                    "",
                    "\u{0654}",
                    "\u{0653}\u{064E}",
                    "\u{0655}",
                    "\u{0301}\u{0654}",
                    "\u{0301}\u{064E}",
                ] {
                    let s = format!("{l}{m}{tail}ب");
                    let reference: String = s
                        .nfkc()
                        .flat_map(char::to_lowercase)
                        .filter_map(fold_char)
                        .collect();
                    assert_eq!(normalize(&s).text, reference, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn removes_tatweel_and_diacritics() {
        assert_eq!(normalize("لـ «داعش»").text, "ل \"داعش\"");
        assert_eq!(normalize("كَتَبَ").text, "كتب");
    }

    #[test]
    fn case_folds_latin_and_maps_back() {
        let s = "The AFP Said";
        let n = normalize(s);
        assert_eq!(n.text, "the afp said");
        let r = n.original_range(4..7);
        assert_eq!(&s[r], "AFP");
    }

    #[test]
    fn nfkc_compatibility_forms_map_to_whole_source_char() {
        let s = "ﬁne Ⅶ x";
        let n = normalize(s);
        assert!(n.text.starts_with("fine"));
        assert_eq!(&s[n.original_range(0..2)], "ﬁ");
    }

    #[test]
    fn combining_sequences_compose() {
        let s = "cafe\u{0301} ok";
        let n = normalize(s);
        assert_eq!(n.text, "café ok");
        assert_eq!(
            &s[n.original_range(0..n.text.find(' ').unwrap())],
            "cafe\u{0301}"
        );
    }

    #[test]
    fn removed_characters_do_not_break_ranges() {
        let s = "a\u{200F}b";
        let n = normalize(s);
        assert_eq!(n.text, "ab");
        assert_eq!(&s[n.original_range(0..2)], s);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Latin, Arabic (with diacritics, tatweel, Eastern digits), compatibility forms,
        // combining marks, quotes and invisible characters.
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "Z", "é", "e\u{301}", "ﬁ", "Ⅶ", " ", "\n", ".", "«", "»", "“", "ا", "أ", "إ",
                "ى", "ة", "ـ", "\u{64E}", "\u{651}", "٣", "۴", "؟", "،", "\u{200F}", "ß", "İ", "Σ",
                "\u{653}", "\u{654}", "\u{655}", "\u{670}", "\u{65F}", "و", "ي", "ۀ", "ە", "ہ",
                "1", "-", "—",
            ]),
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Every normalised byte maps to a character boundary of the original, the map is
        /// monotonic, and a normalised range maps back to a slice of the original.
        #[test]
        fn offsets_round_trip(s in text()) {
            let n = normalize(&s);
            let mut last = 0;
            for i in 0..=n.text.len() {
                let o = n.original_offset(i);
                prop_assert!(s.is_char_boundary(o));
                prop_assert!(o >= last);
                last = o;
            }
            for (i, c) in n.text.char_indices() {
                let r = n.original_range(i..i + c.len_utf8());
                prop_assert!(s.get(r.clone()).is_some());
                // the original slice normalises to text that contains this character
                prop_assert!(normalize(&s[r]).text.contains(c));
            }
        }

        /// Segment-wise NFKC gives the same text as NFKC of the whole string, then folding.
        #[test]
        fn same_as_whole_string_nfkc(s in text()) {
            let reference: String = s
                .nfkc()
                .flat_map(char::to_lowercase)
                .filter_map(fold_char)
                .collect();
            prop_assert_eq!(normalize(&s).text, reference);
        }

        /// The clustering path's text (no offset map; Arabic stretches folded two bytes at a
        /// time, spaces between Arabic words included) is the text of the mapped path, on
        /// Arabic-heavy text, on news-like text and on any Unicode.
        #[test]
        fn text_only_path_is_the_mapped_text(
            s in text(),
            ar in prop::collection::vec(prop::sample::select(vec![
                "ا", "ب", "ـ", "\u{64E}", "\u{651}", "\u{670}", "\u{654}", "\u{653}", " ", "  ",
                "،", "٣", "؟", "ۀ", "ٹ", "\u{6D6}", "ء", "ي", "ى", "ة", "x", "\n", "\u{301}", "é",
                "\u{200F}", "\u{FEFF}", "ﻻ", "\u{660}", "\u{67F}", "\u{680}", "\u{5FF}",
                "أ", "إ", "آ", "ؤ", "ئ", "ل", "م", "ه", "\u{620}", "\u{621}", "\u{63F}",
                "\u{641}", "\u{64A}", "\u{64B}", "\u{65F}", "ٱ", "ال", "الم", "مدينة",
            ]), 0..60),
            any_text in any::<String>(),
        ) {
            let mut out = vec![b'?'; 3];
            for t in [s, ar.concat(), any_text] {
                normalize_into(&t, &mut out);
                let mapped = normalize(&t).text;
                prop_assert_eq!(&out[..], mapped.as_bytes());
            }
        }

        /// The packed fold of plain words (ASCII, or Arabic letters) is the byte loop's, and
        /// the byte loop's is the normalised word.
        #[test]
        fn plain_word_folds_agree(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "Z", "M", "@", "[", "9", "'", ".", "_", "ا", "أ", "إ", "آ", "ى", "ئ", "ة", "ؤ",
            "ي", "ء", "غ", "ف", "ك", "٣", "،", "«", "’", "—",
        ]), 1..9)) {
            let w: String = parts.concat();
            let mut out = [0u8; 64];
            let n = fold_plain_word(w.as_bytes(), &mut out);
            let normalized = normalize(&w).text;
            prop_assert_eq!(&out[..n], normalized.as_bytes());
            if w.len() <= 16 {
                let bytes = w.bytes().rev().fold(0u128, |x, b| x << 8 | b as u128);
                if let Some(f) = fold_plain_packed(bytes, w.len()) {
                    prop_assert_eq!(n, w.len());
                    prop_assert_eq!(&f.to_le_bytes()[..n], &out[..n]);
                    prop_assert!(n == 16 || f >> (8 * n) == 0);
                }
            }
        }

        /// Normalising twice changes nothing.
        #[test]
        fn idempotent(s in text()) {
            let once = normalize(&s).text;
            prop_assert_eq!(normalize(&once).text, once);
        }
    }
}
