//! Word shingles over token key hashes.
//!
//! A shingle's hash combines its words' keys (already uniform xxh3 hashes) by rotate-and-xor,
//! so the order of the words matters, and finishes with one [`mix64`], which breaks the
//! combination's linearity. The value is persisted (through signatures and band keys), so any
//! change to it is a new [`super::SKETCH_VERSION`].

use super::minhash::MinHasher;
use super::radix::{finish_by_insertion_with, sort_by_top_bits, DigitCounts, TopDigits};
use super::vector::{alike, hash_windows3, regular_until, Kernel};

/// A stable 64-bit mixer (the murmur3/splitmix finaliser): a bijection with full avalanche.
#[inline(always)]
pub fn mix64(mut x: u64) -> u64 {
    let [m1, m2] = MIX64_MULTIPLIERS;
    x ^= x >> 33;
    x = x.wrapping_mul(m1);
    x ^= x >> 33;
    x = x.wrapping_mul(m2);
    x ^= x >> 33;
    x
}

/// [`mix64`]'s multipliers, in order.
pub(super) const MIX64_MULTIPLIERS: [u64; 2] = [0xff51_afd7_ed55_8ccd, 0xc4ce_b9fe_1a85_ec53];

/// Seed of the shingle hash (xored in before the finaliser).
pub(super) const SHINGLE_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Rotation between consecutive words of a shingle. Odd, so the rotations of up to 64 words
/// are all different.
pub(super) const WORD_ROTATION: u32 = 21;

/// Reusable buffers for [`shingles_into`] and [`shingles_with_positions_into`] (one per worker
/// thread): the unsorted shingle hashes, the sort's digit counts, and the hashes packed with
/// their positions and the sort's second buffer.
#[derive(Debug, Default, Clone)]
pub struct ShingleScratch {
    hashes: Vec<u64>,
    counts: DigitCounts,
    packed: Vec<u64>,
    sorted: Vec<u64>,
}

/// Hashes of the `w`-word shingles of a key sequence, sorted and de-duplicated.
///
/// A text shorter than `w` words gives one shingle of all its words; an empty text none.
/// Order matters inside a shingle (`a b c` differs from `c b a`).
pub fn shingles(keys: &[u64], w: usize) -> Vec<u64> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<ShingleScratch> = std::cell::RefCell::default();
    }
    let mut out = Vec::new();
    SCRATCH.with_borrow_mut(|scratch| shingles_into(keys, w, scratch, &mut out));
    out
}

/// [`shingles`] into `out` (cleared first), with reused buffers: once `scratch` and `out` have
/// grown, shingling allocates nothing.
pub fn shingles_into(keys: &[u64], w: usize, scratch: &mut ShingleScratch, out: &mut Vec<u64>) {
    window_hashes(keys, w, out);
    // shingle hashes are uniform
    sort_hashes(out, &mut scratch.counts, &mut scratch.sorted);
    out.dedup();
}

/// [`shingles_into`], also saying where each shingle first stands: `positions[i]` is the index
/// of the first word of shingle `set[i]`'s first occurrence, saturating at `u16::MAX` (so a
/// run of consecutive positions is a passage the article carries word for word).
///
/// Costs about what [`shingles_into`] does: each hash is sorted with its position in its low
/// 16 bits (the bits the sort does not need to be right: the top bits of uniform hashes order
/// them) and read back whole from the unsorted hashes by that position. A text of more than
/// 65,536 windows, or two hashes equal in all but their low 16 bits, takes a sort of
/// `(hash, position)` pairs instead.
pub fn shingles_with_positions_into(
    keys: &[u64],
    w: usize,
    scratch: &mut ShingleScratch,
    set: &mut Vec<u64>,
    positions: &mut Vec<u16>,
) {
    window_hashes(keys, w, &mut scratch.hashes);
    let hashes = &scratch.hashes;
    set.clear();
    positions.clear();
    if hashes.len() <= 1 << 16 {
        let packed = &mut scratch.packed;
        packed.clear();
        packed.extend(
            hashes
                .iter()
                .enumerate()
                .map(|(i, &h)| h & !0xffff | i as u64),
        );
        sort_hashes(packed, &mut scratch.counts, &mut scratch.sorted);
        let sorted = packed;
        // equal hashes are neighbours, the first occurrence first
        let whole = |x: u64| hashes[usize::from(x as u16)];
        let mut collided = false;
        sorted.dedup_by(|x, kept| {
            let same = alike(*x, *kept);
            collided |= same && whole(*x) != whole(*kept);
            same
        });
        if !collided {
            set.extend(sorted.iter().map(|&x| whole(x)));
            positions.extend(sorted.iter().map(|&x| x as u16));
            return;
        }
    }
    let mut entries: Vec<(u64, u32)> = hashes.iter().copied().zip(0u32..).collect();
    entries.sort_unstable();
    entries.dedup_by_key(|e| e.0);
    set.extend(entries.iter().map(|e| e.0));
    positions.extend(
        entries
            .iter()
            .map(|e| u16::try_from(e.1).unwrap_or(u16::MAX)),
    );
}

/// The shingle set of `keys` as [`shingles_with_positions_into`] makes it, in two passes over
/// the windows and one sort, with `sig` (an empty signature of `hasher`) made the signature of the
/// set, densified (the shingles are added as they come: a bin keeps its minimum whatever the
/// order and the repeats). Each element of the returned set is a shingle hash whose low 16 bits
/// are replaced by its position: its top 32 bits are the [`super::verification_key`], its low
/// 16 bits the position.
///
/// Each window's hash is made and packed with its position in its low 16 bits (3-word
/// windows several at a time, [`super::vector::hash_windows3`]), then counted by the two
/// digits of its top bits and added to the signature; the packed values are then sorted (the
/// radix sort of [`super::radix`]: the order `sort_unstable` gives), and repeats dropped as
/// neighbours (the first occurrence first; the sort's last pass notes the first repeat, so
/// that pass starts there, and a text without repeats skips it). The returned values do not
/// hold the whole hashes: a repeat of the top 48 bits is checked against the hashes of both
/// windows, made again.
/// Returns `None`, leaving the text to [`shingles_with_positions_into`], for signatures of
/// other than 64, 128 or 256 bins (the fused loop is compiled for each of these lengths: a
/// bin is then a shift, known to be in bounds), texts of fewer than 64 or more than 65,536
/// windows, crowded top bits, or two different hashes equal in their top 48 bits.
pub(crate) fn sketch_parts_into<'s>(
    keys: &[u64],
    w: usize,
    hasher: &MinHasher,
    scratch: &'s mut ShingleScratch,
    sig: &mut [u32],
) -> Option<&'s [u64]> {
    debug_assert_eq!(sig.len(), hasher.k());
    let set = match sig.len() {
        128 => fused_set::<128>(keys, w, scratch, sig.try_into().ok()?)?,
        64 => fused_set::<64>(keys, w, scratch, sig.try_into().ok()?)?,
        256 => fused_set::<256>(keys, w, scratch, sig.try_into().ok()?)?,
        _ => return None,
    };
    hasher.densify(sig);
    Some(set)
}

/// [`sketch_parts_into`] for signatures of `K` bins, before densification.
fn fused_set<'s, const K: usize>(
    keys: &[u64],
    w: usize,
    scratch: &'s mut ShingleScratch,
    sig: &mut [u32; K],
) -> Option<&'s [u64]> {
    let w = w.max(1);
    let n = (keys.len() + 1).saturating_sub(w);
    if !(FUSED_MIN..=1 << 16).contains(&n) {
        return None;
    }
    let digits = TopDigits::for_len(n);
    let kernel = Kernel::best();
    // local slices (not the scratch's vectors): their lengths stay in registers. The buffers
    // only grow; `hashes`, `packed` and `sorted` are written whole below (nothing is read
    // before it is written), the counts are cleared with one fill
    for buf in [
        &mut scratch.hashes,
        &mut scratch.packed,
        &mut scratch.sorted,
    ] {
        if buf.len() < n {
            buf.resize(n, 0);
        }
    }
    let counts = &mut scratch.counts;
    counts.clear(digits);
    let hashes = &mut scratch.hashes[..n];
    let packed = &mut scratch.packed[..n];
    let sorted = &mut scratch.sorted[..n];
    if w == 3 {
        // the windows' hashes (and packed values) several at a time, then each one counted
        // and added to the signature: one loop doing all of it took twice as long
        hash_windows3(kernel, &keys[..n + 2], hashes, packed);
    } else {
        for (i, window) in keys.windows(w).enumerate() {
            let h = fold(window);
            hashes[i] = h;
            packed[i] = h & !0xffff | i as u64;
        }
    }
    for &h in hashes.iter() {
        counts.count(digits, h);
        // the signature's bin and rank (`MinHasher::add`)
        let slot = &mut sig[(((h >> 32) * K as u64) >> 32) as usize];
        *slot = (*slot).min(h as u32);
    }
    counts.make_starts(digits);
    counts.order(digits, packed, sorted, |x| x);
    // The values that tie in both digits (about one pair a text, and every repeat of a
    // shingle, already in text order) are put in order by insertion. `clean` is where the
    // scan for repeats starts: every two neighbours before it differ in their top 48 bits
    // (two windows of the same shingle, or a collision, would agree there). Crowded top bits
    // (not uniform hashes) take the standard sort.
    let sorted = packed;
    let clean = finish_by_insertion_with(sorted, alike, |v, from| regular_until(kernel, v, from))?;
    if clean == n {
        return Some(sorted);
    }
    // repeats of a shingle are neighbours, the first occurrence first
    let whole = |x: u64| {
        let i = usize::from(x as u16);
        fold(&keys[i..i + w])
    };
    let mut kept = clean + 1;
    let mut first = sorted[clean];
    for i in clean + 1..n {
        let x = sorted[i];
        if !alike(x, first) {
            sorted[kept] = x;
            kept += 1;
            first = x;
        } else if whole(x) != whole(first) {
            return None;
        }
    }
    Some(&sorted[..kept])
}

/// The fewest windows [`sketch_parts_into`] takes (fewer take the standard sort).
const FUSED_MIN: usize = 64;

/// [`sort_by_top_bits`] of uniform hashes, out of line: inlined into
/// [`shingles_with_positions_into`] the shingling took ~10% more instructions (the loops around
/// the sort compiled worse), depending on how the build happened to split the crate.
#[inline(never)]
fn sort_hashes(hashes: &mut [u64], counts: &mut DigitCounts, tmp: &mut Vec<u64>) {
    sort_by_top_bits(hashes, |x| x, counts, tmp);
}

/// The hash of every `w`-word window of `keys`, in text order, into `hashes` (cleared first).
fn window_hashes(keys: &[u64], w: usize, hashes: &mut Vec<u64>) {
    let w = w.max(1);
    hashes.clear();
    if keys.len() < w {
        if !keys.is_empty() {
            hashes.push(fold(keys));
        }
    } else if w == 3 {
        // the default shingle width, with the fold unrolled
        let words = keys.iter().zip(&keys[1..]).zip(&keys[2..]);
        hashes.extend(words.map(|((&a, &b), &c)| fold3(a, b, c)));
    } else {
        hashes.extend(keys.windows(w).map(fold));
    }
}

/// The hash of one shingle: word `i` of `w` rotated left by `WORD_ROTATION * (w - 1 - i)` bits,
/// all xored together with the seed, then one [`mix64`].
#[inline(always)]
fn fold(words: &[u64]) -> u64 {
    let mut h = 0u64;
    for &k in words {
        h = h.rotate_left(WORD_ROTATION) ^ k;
    }
    mix64(h ^ SHINGLE_SEED)
}

/// [`fold`] of three words.
#[inline(always)]
pub(super) fn fold3(a: u64, b: u64, c: u64) -> u64 {
    mix64(a.rotate_left(2 * WORD_ROTATION) ^ b.rotate_left(WORD_ROTATION) ^ c ^ SHINGLE_SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matters_and_duplicates_collapse() {
        let a = shingles(&[1, 2, 3, 1, 2, 3], 3);
        assert_eq!(a.len(), 3); // 123, 231, 312
        assert_ne!(shingles(&[1, 2, 3], 3), shingles(&[3, 2, 1], 3));
        let k = [mix64(1), mix64(2), mix64(3)];
        assert_ne!(fold3(k[0], k[1], k[2]), fold3(k[2], k[1], k[0]));
        assert_ne!(fold3(k[0], k[1], k[2]), fold3(k[1], k[0], k[2]));
        assert_ne!(fold3(k[0], k[1], k[2]), fold3(k[0], k[2], k[1]));
    }

    #[test]
    fn unrolled_fold_is_fold() {
        let mut x = 1u64;
        for _ in 0..1000 {
            let k = [mix64(x), mix64(x + 1), mix64(x + 2)];
            assert_eq!(fold3(k[0], k[1], k[2]), fold(&k));
            x = mix64(x);
        }
    }

    #[test]
    fn short_texts_get_one_shingle() {
        assert_eq!(shingles(&[7, 8], 3).len(), 1);
        assert!(shingles(&[], 3).is_empty());
    }

    /// These values are persisted (signatures, band keys): if this test has to change, so does
    /// `SKETCH_VERSION`.
    #[test]
    fn shingle_hashes_are_those_of_sketch_version_2() {
        assert_eq!(crate::sketch::SKETCH_VERSION, 2);
        let keys = [
            crate::text::key_hash("raqqa"),
            crate::text::key_hash("fell"),
            crate::text::key_hash("on"),
            crate::text::key_hash("tuesday"),
        ];
        let pinned: Vec<String> = shingles(&keys, 3)
            .iter()
            .chain(&shingles(&keys[..2], 3))
            .chain(&shingles(&keys, 2))
            .map(|h| format!("{h:016x}"))
            .collect();
        let expected = [
            // raqqa fell on, fell on tuesday (sorted)
            "2be0238f91c29627",
            "64c8d1f20e565f7b",
            // a text of two words: one shingle of both
            "7fdb87934ae5ea28",
            // width 2: on tuesday, fell on, raqqa fell
            "003976e55ae27231",
            "2d4aa911d465de94",
            "7fdb87934ae5ea28",
        ];
        assert_eq!(pinned, expected);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition: every window folded, then the standard sort and dedup.
    fn reference(keys: &[u64], w: usize) -> Vec<u64> {
        let w = w.max(1);
        let mut v: Vec<u64> = if keys.is_empty() {
            Vec::new()
        } else if keys.len() < w {
            vec![fold(keys)]
        } else {
            keys.windows(w).map(fold).collect()
        };
        v.sort_unstable();
        v.dedup();
        v
    }

    proptest! {
        /// `shingles_into` with reused buffers equals the reference, for the unrolled width 3
        /// and the others, on texts with repeated words (small vocabularies) and without.
        #[test]
        fn shingles_into_equals_the_reference(
            texts in prop::collection::vec(
                (prop::collection::vec(prop_oneof![0u64..20, any::<u64>()], 0..400), 0usize..6),
                1..6,
            )
        ) {
            let mut scratch = ShingleScratch::default();
            let mut out = vec![42];
            for (keys, w) in &texts {
                let keys: Vec<u64> = keys.iter().map(|&k| mix64(k)).collect();
                shingles_into(&keys, *w, &mut scratch, &mut out);
                prop_assert_eq!(&out, &reference(&keys, *w));
                prop_assert_eq!(&shingles(&keys, *w), &reference(&keys, *w));
            }
        }

        /// The set with positions is the same set, and each position is the first window that
        /// gives its shingle.
        #[test]
        fn positions_are_first_occurrences(
            keys in prop::collection::vec(prop_oneof![0u64..20, any::<u64>()], 0..400),
            w in 0usize..6,
        ) {
            let keys: Vec<u64> = keys.iter().map(|&k| mix64(k)).collect();
            check_positions(&keys, w)?;
        }
    }

    /// [`shingles_with_positions_into`] against the reference set and first occurrences.
    fn check_positions(keys: &[u64], w: usize) -> Result<(), TestCaseError> {
        let (mut set, mut positions) = (vec![42], vec![7]);
        let mut scratch = ShingleScratch::default();
        shingles_with_positions_into(keys, w, &mut scratch, &mut set, &mut positions);
        prop_assert_eq!(&set, &reference(keys, w));
        let mut windows = Vec::new();
        window_hashes(keys, w, &mut windows);
        let mut first = std::collections::HashMap::new();
        for (i, h) in windows.iter().enumerate().rev() {
            first.insert(*h, u16::try_from(i).unwrap_or(u16::MAX));
        }
        prop_assert_eq!(set.len(), positions.len());
        for (h, p) in set.iter().zip(&positions) {
            prop_assert_eq!(Some(p), first.get(h));
        }
        Ok(())
    }

    /// [`sketch_parts_into`] against the set, positions and signature of the standard path;
    /// whether it took the text or left it, the outputs are those of [`crate::sketch::ArticleSketch`].
    fn check_fused(keys: &[u64], w: usize) -> Result<bool, TestCaseError> {
        let hasher = MinHasher::new(128);
        let mut scratch = ShingleScratch::default();
        let (mut set, mut positions) = (Vec::new(), Vec::new());
        shingles_with_positions_into(keys, w, &mut scratch, &mut set, &mut positions);
        let mut sig = hasher.empty_signature();
        let fused =
            sketch_parts_into(keys, w, &hasher, &mut scratch, &mut sig).map(|parts| parts.to_vec());
        let expected: Vec<u32> = set.iter().map(|&h| (h >> 32) as u32).collect();
        if let Some(parts) = &fused {
            let verification: Vec<u32> = parts.iter().map(|&x| (x >> 32) as u32).collect();
            let fused_positions: Vec<u16> = parts.iter().map(|&x| x as u16).collect();
            prop_assert_eq!(verification, expected.clone());
            prop_assert_eq!(&fused_positions, &positions);
            prop_assert_eq!(&sig, &hasher.signature(&set));
        }
        let sketch = crate::sketch::ArticleSketch::from_keys(keys, &hasher, w);
        prop_assert_eq!(sketch.shingles, expected);
        prop_assert_eq!(sketch.positions, positions);
        prop_assert_eq!(sketch.signature, hasher.signature(&set));
        let fused = fused.is_some();
        let mut unsorted = Vec::new();
        window_hashes(keys, w, &mut unsorted);
        prop_assert_eq!(hasher.signature(&unsorted), hasher.signature(&set));
        Ok(fused)
    }

    proptest! {
        /// The fused sketch equals the standard one on texts around its size limits, with
        /// repeated words (small vocabularies) and without.
        #[test]
        fn fused_sketch_equals_the_standard_one(
            keys in prop::collection::vec(prop_oneof![0u64..30, any::<u64>()], 0..1500),
            w in 0usize..6,
        ) {
            let keys: Vec<u64> = keys.iter().map(|&k| mix64(k)).collect();
            check_fused(&keys, w)?;
        }
    }

    /// Every signature length the fused loop is compiled for, and one it is not, gives the
    /// signature of the standard path.
    #[test]
    fn fused_sketch_of_every_signature_length() {
        let keys: Vec<u64> = (0..700u64).map(|k| mix64(k % 450)).collect();
        let set = shingles(&keys, 3);
        for k in [64, 100, 128, 256] {
            let hasher = MinHasher::new(k);
            let mut sig = hasher.empty_signature();
            let fused =
                sketch_parts_into(&keys, 3, &hasher, &mut ShingleScratch::default(), &mut sig)
                    .map(|parts| parts.len());
            assert_eq!(fused.is_some(), k != 100, "k = {k}");
            if fused.is_some() {
                assert_eq!(fused, Some(set.len()));
                assert_eq!(sig, hasher.signature(&set), "k = {k}");
            }
            let sketch = crate::sketch::ArticleSketch::from_keys(&keys, &hasher, 3);
            assert_eq!(sketch.signature, hasher.signature(&set), "k = {k}");
        }
    }

    /// A scratch reused after other texts (its buffers holding their values, larger or smaller
    /// than the new ones) gives what a fresh one gives.
    #[test]
    fn fused_sketch_ignores_what_the_scratch_held() {
        let hasher = MinHasher::new(128);
        let mut reused = ShingleScratch::default();
        let mut x = 3u64;
        for len in [900, 70, 400, 1200, 66, 300, 800] {
            let keys: Vec<u64> = (0..len)
                .map(|_| {
                    x = mix64(x + 1);
                    mix64(x % 500)
                })
                .collect();
            let mut outputs = Vec::new();
            for scratch in [&mut reused, &mut ShingleScratch::default()] {
                let mut sig = hasher.empty_signature();
                let parts = sketch_parts_into(&keys, 3, &hasher, scratch, &mut sig)
                    .expect("a text the fused sketch takes")
                    .to_vec();
                outputs.push((parts, sig));
            }
            assert_eq!(outputs[0], outputs[1]);
        }
    }

    /// The inverse of [`mix64`] (each step is invertible: xor-shifts by 33 undo themselves, odd
    /// multipliers have inverses modulo 2^64).
    fn unmix64(mut x: u64) -> u64 {
        let inverse = |a: u64| {
            // Newton's iteration: each step doubles the correct low bits
            let mut y = a;
            for _ in 0..6 {
                y = y.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(y)));
            }
            y
        };
        x ^= x >> 33;
        x = x.wrapping_mul(inverse(0xc4ce_b9fe_1a85_ec53));
        x ^= x >> 33;
        x = x.wrapping_mul(inverse(0xff51_afd7_ed55_8ccd));
        x ^= x >> 33;
        x
    }

    /// Two different shingles whose hashes agree in their top 48 bits (made by inverting the
    /// hash of one-word shingles): the fused sketch leaves the text to the standard path, and
    /// the sketch still keeps both.
    #[test]
    fn shingles_equal_in_their_top_bits_take_the_standard_path() {
        let h = 0x1234_5678_9abc_def0u64;
        assert_eq!(mix64(unmix64(h)), h);
        let mut keys: Vec<u64> = [h, h ^ 1, h ^ 0x8000]
            .iter()
            .map(|&h| unmix64(h) ^ SHINGLE_SEED)
            .collect();
        keys.extend((0..100).map(mix64));
        assert_eq!(fold(&keys[..1]), h);
        assert!(!check_fused(&keys, 1).unwrap());
        let sketch = crate::sketch::ArticleSketch::from_keys(&keys, &MinHasher::new(128), 1);
        assert_eq!(
            sketch
                .shingles
                .iter()
                .filter(|&&v| v == (h >> 32) as u32)
                .count(),
            3
        );
        // without the pair, the same text is fused
        assert!(check_fused(&keys[2..], 1).unwrap());
    }

    /// A text of more than 65,536 windows takes the pair sort; positions saturate.
    #[test]
    fn positions_of_a_long_text_saturate() {
        let keys: Vec<u64> = (0..70_000u64).map(|k| mix64(k % 69_000)).collect();
        check_positions(&keys, 3).unwrap();
        // and so does the sketch
        let (mut set, mut positions) = (Vec::new(), Vec::new());
        shingles_with_positions_into(
            &keys,
            3,
            &mut ShingleScratch::default(),
            &mut set,
            &mut positions,
        );
        let sketch = crate::sketch::ArticleSketch::from_keys(&keys, &MinHasher::new(128), 3);
        assert_eq!(sketch.positions, positions);
        assert!(positions.contains(&u16::MAX));
    }
}
