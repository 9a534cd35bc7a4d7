//! Reprint detection: LSH candidates verified on the exact shingle sets.
//!
//! Outlets reprint wire copy *partially*: they keep part of it and add their own paragraphs,
//! so two reprints may share only 20–30 % of their shingles (Jaccard) while 30–50 % of the
//! shorter one stands in the longer (containment). A pair is a reprint when either measure
//! reaches its threshold and the pair shares enough shingles to rule out short coincidences —
//! unless all it shares is one short passage away from the lead: that is a rewrite quoting one
//! wire sentence, which can reach the containment of a heavily cut reprint (a short article
//! holding that sentence), while a reprint keeps the wire's lead or copy across the article.

use crate::config::ReprintConfig;
use crate::sketch::{self, prefetch, ArticleSketch};
use rayon::prelude::*;

/// A verified reprint pair (indices into the batch, `a < b`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VerifiedPair {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
    pub containment: f64,
    pub shared: usize,
}

/// Size of the intersection of two sorted slices (as multisets: an element held twice by both
/// counts twice).
///
/// A merge whose steps are arithmetic, not branches: which side advances depends on the data
/// and is unpredictable (shingle hashes are uniform), so a branching merge mispredicts about
/// every other step. Property-tested against the branching merge.
///
/// The merge runs in rounds of as many steps as the shorter remainder: a step advances each
/// side by at most one, so no index of a round can pass its end, and the steps need neither
/// bounds checks nor an end test per side (they were a third of a step's instructions).
pub fn intersection_size<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    loop {
        let steps = (a.len() - i).min(b.len() - j);
        if steps == 0 {
            return n;
        }
        for _ in 0..steps {
            // SAFETY: at the round's start i + steps <= a.len() and j + steps <= b.len(), and
            // each of the round's `steps` steps adds at most one to i and to j, so before
            // every step i < a.len() and j < b.len().
            let (x, y) = unsafe { (*a.get_unchecked(i), *b.get_unchecked(j)) };
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
    }
}

/// [`intersection_size`] of two sorted `u32` slices (shingle sets), four elements at a time
/// when both are strictly increasing (as shingle sets nearly always are: their keys are unique
/// 64-bit hashes cut to 32 bits). Property-tested against the branching merge.
pub fn shared_keys(a: &[u32], b: &[u32]) -> usize {
    shared_keys_with(a, b, || strictly_increasing(a) && strictly_increasing(b))
}

/// [`shared_keys`] told by `both_increasing` whether `a` and `b` are strictly increasing
/// (asked only where that decides the method).
#[cfg_attr(
    not(all(target_arch = "x86_64", target_feature = "sse2")),
    allow(
        unused_variables,
        reason = "the merge needs no strictly increasing input"
    )
)]
fn shared_keys_with(a: &[u32], b: &[u32], both_increasing: impl FnOnce() -> bool) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if both_increasing() {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is available (detected at run time), and both slices are strictly
            // increasing, as the function requires.
            return unsafe { shared_keys_avx2(a, b) };
        }
        // SAFETY: SSE2 is enabled at compile time (the cfg above), and both slices are
        // strictly increasing, as the function requires.
        return unsafe { shared_keys_sse2(a, b) };
    }
    intersection_size(a, b)
}

/// Per article of a verification, whether its shingle set is strictly increasing, found the
/// first time a pair needs it (an article stands in a few pairs: a check for each pair would
/// cost a quarter of the intersections). Relaxed atomics: threads that race on an article
/// compute and store the same value.
struct Increasing(Vec<std::sync::atomic::AtomicU8>);

impl Increasing {
    const UNKNOWN: u8 = 0;
    const YES: u8 = 1;
    const NO: u8 = 2;

    /// Room for every article of `candidates`.
    fn new(candidates: &[(u32, u32)]) -> Increasing {
        let n = candidates.iter().map(|&(a, b)| a.max(b) as usize + 1).max();
        Increasing(
            (0..n.unwrap_or(0))
                .map(|_| std::sync::atomic::AtomicU8::new(Increasing::UNKNOWN))
                .collect(),
        )
    }

    /// Is article `i`'s shingle set `set` strictly increasing?
    fn of(&self, i: usize, set: &[u32]) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        match self.0[i].load(Relaxed) {
            Increasing::YES => true,
            Increasing::NO => false,
            _ => {
                let yes = strictly_increasing(set);
                self.0[i].store(if yes { Increasing::YES } else { Increasing::NO }, Relaxed);
                yes
            }
        }
    }
}

/// Does every element of `a` stand below the next? Without an early exit, so that it compiles
/// to a few vector compares per four elements.
fn strictly_increasing(a: &[u32]) -> bool {
    a.iter()
        .zip(a.iter().skip(1))
        .fold(true, |ok, (x, y)| ok & (x < y))
}

/// [`shared_keys`] of two strictly increasing slices with SSE2: a block of four of each is
/// compared all against all (the second block in its four rotations), then the block whose
/// last element is smaller moves on (both when the last elements are equal). Each element
/// matches at most one of the other block, so a lane's matches add one; the blocks of every
/// shared key meet once (the last of a block passed over is below the key, or equal to it and
/// then held twice by the other side). Which block moves is arithmetic, not a branch, as in
/// [`intersection_size`]; the elements left when one side has fewer than four are looked up
/// in the other's rest.
///
/// # Safety
///
/// SSE2 must be available, and `a` and `b` strictly increasing (else shared keys are missed or
/// counted twice).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
unsafe fn shared_keys_sse2(a: &[u32], b: &[u32]) -> usize {
    use std::arch::x86_64::*;
    let (mut i, mut j) = (0, 0);
    let mut counts = _mm_setzero_si128();
    loop {
        // a step moves each side by at most four: no block of a round passes its slice's end
        let steps = ((a.len() - i) / 4).min((b.len() - j) / 4);
        if steps == 0 {
            break;
        }
        for _ in 0..steps {
            // SAFETY: at the round's start i + 4 * steps <= a.len() and j + 4 * steps <=
            // b.len(), and each of its steps adds at most four to i and to j, so before every
            // step a[i..i + 4] and b[j..j + 4] are in bounds (loadu takes any alignment).
            let (va, vb, last_a, last_b) = unsafe {
                (
                    _mm_loadu_si128(a.as_ptr().add(i).cast()),
                    _mm_loadu_si128(b.as_ptr().add(j).cast()),
                    *a.get_unchecked(i + 3),
                    *b.get_unchecked(j + 3),
                )
            };
            let rot1 = _mm_shuffle_epi32::<0b00_11_10_01>(vb);
            let rot2 = _mm_shuffle_epi32::<0b01_00_11_10>(vb);
            let rot3 = _mm_shuffle_epi32::<0b10_01_00_11>(vb);
            let matched = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi32(va, vb), _mm_cmpeq_epi32(va, rot1)),
                _mm_or_si128(_mm_cmpeq_epi32(va, rot2), _mm_cmpeq_epi32(va, rot3)),
            );
            // a matched lane is all ones: minus one
            counts = _mm_sub_epi32(counts, matched);
            i += 4 * usize::from(last_a <= last_b);
            j += 4 * usize::from(last_b <= last_a);
        }
    }
    let mut lanes = [0u32; 4];
    // SAFETY: `lanes` is sixteen writable bytes (storeu takes any alignment).
    unsafe { _mm_storeu_si128(lanes.as_mut_ptr().cast(), counts) };
    // Every element passed over is below the other side's rest (or was matched), so the rest
    // is the intersection of the two remainders: look the shorter's few up in the longer.
    let (short, long) = if a.len() - i < b.len() - j {
        (&a[i..], &b[j..])
    } else {
        (&b[j..], &a[i..])
    };
    let mut from = 0;
    let mut rest = 0;
    for x in short {
        let at = from + long[from..].partition_point(|y| y < x);
        rest += usize::from(long.get(at) == Some(x));
        from = at;
    }
    lanes.iter().map(|&n| n as usize).sum::<usize>() + rest
}

/// [`shared_keys_sse2`] eight elements at a time with AVX2: half the steps, and a step's
/// length is the merge's bottleneck (the next blocks' addresses wait on the comparison of this
/// step's last elements). A block of eight of `a` is compared with the block of `b` in eight
/// arrangements that together put every element of `b`'s block beside every one of `a`'s: the
/// block itself, its halves swapped, and the four-lane rotations of both. The rest, when one
/// side has fewer than eight left, goes to [`shared_keys_sse2`] (what was passed over is below
/// the other side's rest, or was matched). The same count as [`shared_keys_sse2`], by the same
/// argument; property-tested against the branching merge.
///
/// # Safety
///
/// AVX2 must be available, and `a` and `b` strictly increasing (else shared keys are missed or
/// counted twice).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
unsafe fn shared_keys_avx2(a: &[u32], b: &[u32]) -> usize {
    use std::arch::x86_64::*;
    let (mut i, mut j) = (0, 0);
    let mut counts = _mm256_setzero_si256();
    loop {
        // a step moves each side by at most eight: no block of a round passes its slice's end
        let steps = ((a.len() - i) / 8).min((b.len() - j) / 8);
        if steps == 0 {
            break;
        }
        for _ in 0..steps {
            // SAFETY: at the round's start i + 8 * steps <= a.len() and j + 8 * steps <=
            // b.len(), and each of its steps adds at most eight to i and to j, so before every
            // step a[i..i + 8] and b[j..j + 8] are in bounds (loadu takes any alignment).
            let (va, vb, last_a, last_b) = unsafe {
                (
                    _mm256_loadu_si256(a.as_ptr().add(i).cast()),
                    _mm256_loadu_si256(b.as_ptr().add(j).cast()),
                    *a.get_unchecked(i + 7),
                    *b.get_unchecked(j + 7),
                )
            };
            let swapped = _mm256_permute2x128_si256::<0x01>(vb, vb);
            let near = _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_cmpeq_epi32(va, vb),
                    _mm256_cmpeq_epi32(va, _mm256_shuffle_epi32::<0b00_11_10_01>(vb)),
                ),
                _mm256_or_si256(
                    _mm256_cmpeq_epi32(va, _mm256_shuffle_epi32::<0b01_00_11_10>(vb)),
                    _mm256_cmpeq_epi32(va, _mm256_shuffle_epi32::<0b10_01_00_11>(vb)),
                ),
            );
            let far = _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_cmpeq_epi32(va, swapped),
                    _mm256_cmpeq_epi32(va, _mm256_shuffle_epi32::<0b00_11_10_01>(swapped)),
                ),
                _mm256_or_si256(
                    _mm256_cmpeq_epi32(va, _mm256_shuffle_epi32::<0b01_00_11_10>(swapped)),
                    _mm256_cmpeq_epi32(va, _mm256_shuffle_epi32::<0b10_01_00_11>(swapped)),
                ),
            );
            // a matched lane is all ones: minus one
            counts = _mm256_sub_epi32(counts, _mm256_or_si256(near, far));
            i += 8 * usize::from(last_a <= last_b);
            j += 8 * usize::from(last_b <= last_a);
        }
    }
    let mut lanes = [0u32; 8];
    // SAFETY: `lanes` is thirty-two writable bytes (storeu takes any alignment).
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), counts) };
    // SAFETY: SSE2 is enabled at compile time (the cfg above); the remainders of strictly
    // increasing slices are strictly increasing.
    let rest = unsafe { shared_keys_sse2(&a[i..], &b[j..]) };
    lanes.iter().map(|&n| n as usize).sum::<usize>() + rest
}

/// Exact Jaccard, containment and shared count of two shingle sets.
pub fn exact_scores<T: Ord + Copy>(a: &[T], b: &[T]) -> (f64, f64, usize) {
    scores_of_shared(a.len(), b.len(), intersection_size(a, b))
}

/// Jaccard, containment and shared count of two sets of `len_a` and `len_b` elements sharing
/// `shared`.
fn scores_of_shared(len_a: usize, len_b: usize, shared: usize) -> (f64, f64, usize) {
    let (a, b) = (len_a, len_b);
    let union = a + b - shared;
    let smaller = a.min(b);
    let j = if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    };
    let c = if smaller == 0 {
        0.0
    } else {
        shared as f64 / smaller as f64
    };
    (j, c, shared)
}

/// Does a verified pair count as a reprint under `cfg` by its set measures? (A pair that
/// passes is still not a reprint when [`is_quoted_passage`].)
pub fn is_reprint(cfg: &ReprintConfig, jaccard: f64, containment: f64, shared: usize) -> bool {
    shared >= cfg.min_shared_shingles
        && (jaccard >= cfg.min_jaccard || containment >= cfg.min_containment)
}

/// Pairs sharing fewer shingles than this (about one long sentence) are checked for being a
/// quoted passage; pairs sharing more are reprints whatever the layout of their shingles.
pub const QUOTE_MAX_SHARED: usize = 50;

/// Positions up to this one are the lead of an article (dateline and first words): a passage
/// starting there in both articles is a reprint of the lead, not a quote.
pub const LEAD_POSITIONS: u16 = 8;

/// Windows a passage may miss and still be one passage: one edited word (a word replaced
/// drops the three 3-word windows over it, two adjacent words four), as when a rewrite quotes
/// a wire sentence with a word changed.
pub const EDIT_GAP: u16 = 4;

/// Is all that two articles share one passage — a stretch of positions missing at most
/// [`EDIT_GAP`] windows and holding at least nine tenths of the `shared` shingles, in both —
/// that does not start at the lead of both, with fewer than [`QUOTE_MAX_SHARED`] shingles?
/// That is how a rewrite quotes one wire sentence, verbatim or with a word edited. `a` and `b`
/// are sorted shingle sets with their positions ([`crate::sketch::ArticleSketch::positions`]).
pub fn is_quoted_passage<T: Ord>(a: (&[T], &[u16]), b: (&[T], &[u16]), shared: usize) -> bool {
    if shared >= QUOTE_MAX_SHARED {
        return false;
    }
    let (mut at_a, mut at_b) = (Vec::with_capacity(shared), Vec::with_capacity(shared));
    let (mut i, mut j) = (0, 0);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].cmp(&b.0[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                at_a.push(a.1[i]);
                at_b.push(b.1[j]);
                i += 1;
                j += 1;
            }
        }
    }
    let one_passage = |at: &mut Vec<u16>| {
        at.sort_unstable();
        10 * longest_passage(at) >= 9 * at.len()
    };
    let at_lead = |at: &[u16]| at.first().is_some_and(|&p| p <= LEAD_POSITIONS);
    one_passage(&mut at_a) && one_passage(&mut at_b) && !(at_lead(&at_a) && at_lead(&at_b))
}

/// The size of the largest passage in a sorted slice of positions: the most values in a
/// stretch that misses at most [`EDIT_GAP`] positions. Saturated positions (`u16::MAX`) are
/// in no passage.
fn longest_passage(sorted: &[u16]) -> usize {
    let known = &sorted[..sorted.partition_point(|&p| p < u16::MAX)];
    let (mut longest, mut first) = (0, 0);
    for (last, &p) in known.iter().enumerate() {
        // positions below the saturation are unique: the stretch from `first` to `last`
        // misses its span less its values
        while usize::from(p - known[first]) - (last - first) > usize::from(EDIT_GAP) {
            first += 1;
        }
        longest = longest.max(last - first + 1);
    }
    longest
}

/// Containment estimated from a Jaccard estimate and the two set sizes:
/// |A∩B| = J (|A|+|B|) / (1+J).
fn estimated_containment(j: f64, na: usize, nb: usize) -> f64 {
    let smaller = na.min(nb);
    if smaller == 0 {
        return 0.0;
    }
    (j * (na + nb) as f64 / (1.0 + j) / smaller as f64).min(1.0)
}

/// Verify candidate pairs: a cheap signature estimate discards hopeless pairs, the survivors
/// are scored exactly. Returns reprint pairs sorted by `(a, b)`.
pub fn verify(
    sketches: &[&ArticleSketch],
    candidates: &[(u32, u32)],
    cfg: &ReprintConfig,
) -> Vec<VerifiedPair> {
    verify_prefetching(
        candidates,
        cfg,
        |i| (&sketches[i].signature, sketches[i].shingles.len()),
        |i| std::borrow::Cow::Borrowed(&sketches[i].shingles),
        |i| std::borrow::Cow::Borrowed(&sketches[i].positions),
        |k| prefetch_ahead_of(sketches, candidates, k),
    )
}

/// Pairs ahead of the one being scored whose second article's signature and shingle set are
/// asked of the memory ([`prefetch_ahead_of`]); twice as far ahead, the sketch that points to
/// them.
const PREFETCH_PAIRS: usize = 4;

/// Ask the memory for what pairs `k + PREFETCH_PAIRS` and `k + 2 * PREFETCH_PAIRS` of
/// `candidates` will read. Pairs are sorted by `(a, b)`: `a`'s data stays in the cache from
/// one pair to the next, each `b`'s is cold (the sketches are written long before and are
/// larger than the cache), and scoring a pair would otherwise wait on its signature, then on
/// its shingle set.
fn prefetch_ahead_of(sketches: &[&ArticleSketch], candidates: &[(u32, u32)], k: usize) {
    let (near, far) = (PREFETCH_PAIRS, 2 * PREFETCH_PAIRS);
    if let Some(&(_, b)) = candidates.get(k + far) {
        let s = sketches[b as usize];
        prefetch(std::ptr::from_ref(s).cast(), size_of_val(s));
    }
    if let Some(&(a, b)) = candidates.get(k + near) {
        // `a` only where it changes: the pair before had the same `a`, now in the cache
        let new_a = (k + near == 0 || candidates[k + near - 1].0 != a).then_some(a);
        for i in new_a.into_iter().chain([b]) {
            let s = sketches[i as usize];
            prefetch(s.signature.as_ptr().cast(), size_of_val(&s.signature[..]));
            prefetch(s.shingles.as_ptr().cast(), size_of_val(&s.shingles[..]));
        }
    }
}

/// [`verify`] over sketches held elsewhere: `signature(i)` gives article `i`'s signature and
/// shingle count, `shingles(i)` its sorted shingle set (read only for pairs that pass the
/// signature prefilter), `positions(i)` its shingles' positions (read only for pairs that
/// share fewer than [`QUOTE_MAX_SHARED`] shingles).
pub fn verify_with<'s, 'h, 'p, S, H, P>(
    candidates: &[(u32, u32)],
    cfg: &ReprintConfig,
    signature: S,
    shingles: H,
    positions: P,
) -> Vec<VerifiedPair>
where
    S: Fn(usize) -> (&'s [u32], usize) + Sync,
    H: Fn(usize) -> std::borrow::Cow<'h, [u32]> + Sync,
    P: Fn(usize) -> std::borrow::Cow<'p, [u16]> + Sync,
{
    verify_prefetching(candidates, cfg, signature, shingles, positions, |_| {})
}

/// [`verify_with`] that calls `prefetch(k)` before it scores `candidates[k]` (rayon hands each
/// thread runs of consecutive pairs: the pairs after `k` are most likely the same thread's
/// next).
fn verify_prefetching<'s, 'h, 'p, S, H, P>(
    candidates: &[(u32, u32)],
    cfg: &ReprintConfig,
    signature: S,
    shingles: H,
    positions: P,
    prefetch: impl Fn(usize) + Sync,
) -> Vec<VerifiedPair>
where
    S: Fn(usize) -> (&'s [u32], usize) + Sync,
    H: Fn(usize) -> std::borrow::Cow<'h, [u32]> + Sync,
    P: Fn(usize) -> std::borrow::Cow<'p, [u16]> + Sync,
{
    let increasing = Increasing::new(candidates);
    candidates
        .par_iter()
        // a worker takes at most this many pairs at a time (about 0.15 ms): at the end, the
        // other does not wait on one long job (see `corpus::jsonl`'s `JOB_LINES`)
        .with_max_len(256)
        .enumerate()
        .filter_map(|(k, &(a, b))| {
            prefetch(k);
            let (a, b) = (a as usize, b as usize);
            let ((sig_a, len_a), (sig_b, len_b)) = (signature(a), signature(b));
            let est_j = sketch::estimate_jaccard(sig_a, sig_b);
            let est_c = estimated_containment(est_j, len_a, len_b);
            // Generous margins: the estimate's standard error at k=128 is about 0.04.
            if est_j < cfg.min_jaccard * 0.5 && est_c < cfg.min_containment * 0.5 {
                return None;
            }
            let (set_a, set_b) = (shingles(a), shingles(b));
            let shared = shared_keys_with(&set_a, &set_b, || {
                increasing.of(a, &set_a) && increasing.of(b, &set_b)
            });
            let (jaccard, containment, shared) = scores_of_shared(set_a.len(), set_b.len(), shared);
            if !is_reprint(cfg, jaccard, containment, shared)
                || (shared < QUOTE_MAX_SHARED
                    && is_quoted_passage((&set_a, &positions(a)), (&set_b, &positions(b)), shared))
            {
                return None;
            }
            Some(VerifiedPair {
                a,
                b,
                jaccard,
                containment,
                shared,
            })
        })
        .collect()
}

/// For every article, the share of its shingles that also stand in one of its reprint partners.
pub fn wire_shares(sketches: &[&ArticleSketch], pairs: &[VerifiedPair]) -> Vec<f64> {
    wire_shares_with(sketches.len(), pairs, |i| {
        std::borrow::Cow::Borrowed(&sketches[i].shingles)
    })
}

/// [`wire_shares`] over `n` articles whose shingle sets `shingles(i)` gives (read only for
/// articles with reprint partners).
pub fn wire_shares_with<'s>(
    n: usize,
    pairs: &[VerifiedPair],
    shingles: impl Fn(usize) -> std::borrow::Cow<'s, [u32]> + Sync,
) -> Vec<f64> {
    let mut partners: Vec<Vec<u32>> = vec![Vec::new(); n];
    for p in pairs {
        partners[p.a].push(p.b as u32);
        partners[p.b].push(p.a as u32);
    }
    partners
        .par_iter()
        .enumerate()
        .map(|(i, ps)| {
            if ps.is_empty() {
                return 0.0;
            }
            let own = shingles(i);
            if own.is_empty() {
                return 0.0;
            }
            let mut seen = vec![false; own.len()];
            for &j in ps {
                let other = shingles(j as usize);
                let (mut x, mut y) = (0, 0);
                while x < own.len() && y < other.len() {
                    match own[x].cmp(&other[y]) {
                        std::cmp::Ordering::Less => x += 1,
                        std::cmp::Ordering::Greater => y += 1,
                        std::cmp::Ordering::Equal => {
                            seen[x] = true;
                            x += 1;
                            y += 1;
                        }
                    }
                }
            }
            seen.iter().filter(|&&s| s).count() as f64 / own.len() as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_scores_of_partial_copy() {
        let a: Vec<u64> = (0..100).collect();
        let b: Vec<u64> = (60..260).collect();
        let (j, c, s) = exact_scores(&a, &b);
        assert_eq!(s, 40);
        assert!((j - 40.0 / 260.0).abs() < 1e-9);
        assert!((c - 0.4).abs() < 1e-9);
    }

    /// The branching merge [`intersection_size`] replaced.
    fn intersection_size_reference(a: &[u64], b: &[u64]) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    proptest::proptest! {
        /// Sets from a small range (many shared elements), including empty ones and the extremes.
        #[test]
        fn intersection_size_equals_the_branching_merge(
            a in proptest::collection::btree_set(
                proptest::prop_oneof![0u64..300, proptest::strategy::Just(u64::MAX)], 0..200),
            b in proptest::collection::btree_set(
                proptest::prop_oneof![0u64..300, proptest::strategy::Just(u64::MAX)], 0..200),
        ) {
            let (a, b): (Vec<u64>, Vec<u64>) = (a.into_iter().collect(), b.into_iter().collect());
            proptest::prop_assert_eq!(intersection_size(&a, &b), intersection_size_reference(&a, &b));
            proptest::prop_assert_eq!(intersection_size(&b, &a), intersection_size_reference(&a, &b));
        }

        /// Strictly increasing sets (the four-at-a-time path) of any lengths, sharing many
        /// keys, with the extremes; and sorted lists with repeats (the merge's multiset count).
        #[test]
        fn shared_keys_equals_the_branching_merge(
            a in proptest::collection::vec(
                proptest::prop_oneof![0u32..300, proptest::strategy::Just(0), proptest::strategy::Just(u32::MAX)], 0..200),
            b in proptest::collection::vec(
                proptest::prop_oneof![0u32..300, proptest::strategy::Just(0), proptest::strategy::Just(u32::MAX)], 0..200),
            spread in 1u32..4,
        ) {
            let sorted = |v: &[u32], unique: bool| {
                let mut v: Vec<u32> = v.iter().map(|&x| x.saturating_mul(spread)).collect();
                v.sort_unstable();
                if unique {
                    v.dedup();
                }
                v
            };
            for unique in [true, false] {
                let (a, b) = (sorted(&a, unique), sorted(&b, unique));
                let wide = |v: &[u32]| v.iter().map(|&x| u64::from(x)).collect::<Vec<u64>>();
                let expected = intersection_size_reference(&wide(&a), &wide(&b));
                proptest::prop_assert_eq!(shared_keys(&a, &b), expected);
                proptest::prop_assert_eq!(shared_keys(&b, &a), expected);
            }
        }
    }

    proptest::proptest! {
        /// Each kernel of [`shared_keys`] on its own (`shared_keys` takes the widest this
        /// machine has): strictly increasing sets of any lengths, sharing many keys in runs and
        /// scattered, with the extremes.
        #[test]
        fn every_shared_keys_kernel_equals_the_branching_merge(
            a in proptest::collection::btree_set(
                proptest::prop_oneof![0u32..400, proptest::strategy::Just(0), proptest::strategy::Just(u32::MAX)], 0..300),
            b in proptest::collection::btree_set(
                proptest::prop_oneof![0u32..400, proptest::strategy::Just(0), proptest::strategy::Just(u32::MAX)], 0..300),
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            let wide = |v: &[u32]| v.iter().map(|&x| u64::from(x)).collect::<Vec<u64>>();
            let expected = intersection_size_reference(&wide(&a), &wide(&b));
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            {
                // SAFETY: SSE2 is enabled at compile time; btree sets are strictly increasing.
                let sse2 = unsafe { (shared_keys_sse2(&a, &b), shared_keys_sse2(&b, &a)) };
                proptest::prop_assert_eq!(sse2, (expected, expected));
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: AVX2 is available; btree sets are strictly increasing.
                    let avx2 = unsafe { (shared_keys_avx2(&a, &b), shared_keys_avx2(&b, &a)) };
                    proptest::prop_assert_eq!(avx2, (expected, expected));
                }
            }
            proptest::prop_assert_eq!(intersection_size(&a, &b), expected);
        }
    }

    /// Sketches of a generated batch with planted reprints (built once for the property test).
    fn generated_sketches() -> &'static [ArticleSketch] {
        static SKETCHES: std::sync::OnceLock<Vec<ArticleSketch>> = std::sync::OnceLock::new();
        SKETCHES.get_or_init(|| {
            use crate::synth::{Corpus, LangMix, SynthConfig};
            let cfg = crate::config::Config::default();
            let hasher = crate::sketch::MinHasher::new(cfg.sketch.k);
            let (articles, _) = Corpus::generate(&SynthConfig::new(48, LangMix::Mixed, 7));
            articles
                .iter()
                .map(|a| {
                    let doc = crate::text::Document::new(&a.text, None);
                    ArticleSketch::of(&doc, &hasher, cfg.sketch.shingle_words)
                })
                .collect()
        })
    }

    proptest::proptest! {
        /// `verify`, which prefetches the pairs ahead, gives what `verify_with` gives without
        /// prefetching, for candidates in any order, repeated or not, sorted or not.
        #[test]
        fn verify_with_prefetching_equals_verify_without(
            candidates in proptest::collection::vec((0u32..48, 0u32..48), 0..300),
            sort in proptest::bool::ANY,
        ) {
            let mut candidates: Vec<(u32, u32)> =
                candidates.into_iter().filter(|&(a, b)| a != b).collect();
            if sort {
                candidates.sort_unstable();
            }
            let sketches: Vec<&ArticleSketch> = generated_sketches().iter().collect();
            let cfg = crate::config::Config::default().reprint;
            let without = verify_with(
                &candidates,
                &cfg,
                |i| (&sketches[i].signature, sketches[i].shingles.len()),
                |i| std::borrow::Cow::Borrowed(&sketches[i].shingles),
                |i| std::borrow::Cow::Borrowed(&sketches[i].positions),
            );
            proptest::prop_assert_eq!(verify(&sketches, &candidates, &cfg), without);
        }
    }

    #[test]
    fn generated_sketches_hold_reprints() {
        let sketches: Vec<&ArticleSketch> = generated_sketches().iter().collect();
        let all: Vec<(u32, u32)> = (0..48)
            .flat_map(|a| (a + 1..48).map(move |b| (a, b)))
            .collect();
        let cfg = crate::config::Config::default().reprint;
        assert!(verify(&sketches, &all, &cfg).len() >= 5);
    }

    #[test]
    fn increasing_is_found_once_per_article() {
        let increasing = Increasing::new(&[(0, 2), (1, 2)]);
        assert_eq!(increasing.0.len(), 3);
        assert!(increasing.of(0, &[1, 2, 5]));
        assert!(!increasing.of(1, &[1, 2, 2, 5]));
        assert!(!increasing.of(2, &[3, 1]));
        // remembered: the set is not read again
        assert!(increasing.of(0, &[]) && !increasing.of(1, &[]) && !increasing.of(2, &[]));
        assert!(Increasing::new(&[]).0.is_empty());
    }

    /// A wire story, a rewrite that quotes one of its sentences (not the lead) between its own,
    /// verbatim or with a word changed (`quote_edit`), a reprint that keeps two non-lead
    /// sentences (one with a word changed) around its own, and a reprint that keeps only the
    /// lead, a word changed (`lead_edit`): sentences in the order wire, rewrite (own sentences
    /// then the quote), reprint.
    struct Story {
        lang: crate::text::Lang,
        wire: [&'static str; 6],
        own: [&'static str; 3],
        substituted: (&'static str, &'static str),
        quote_edit: (&'static str, &'static str),
        lead_edit: (&'static str, &'static str),
    }

    const EN: Story = Story {
        lang: crate::text::Lang::En,
        wire: [
            "BEIRUT (AFP) - Syrian government forces on Tuesday recaptured the eastern town of Mayadeen from the Islamic State group after weeks of heavy fighting, a monitor said.",
            "The Syrian Observatory for Human Rights said troops backed by Russian air strikes entered the town from the west and north before dawn on Tuesday morning.",
            "Mayadeen lies on the western bank of the Euphrates river about forty kilometres southeast of Deir Ezzor, the provincial capital that was besieged for years.",
            "Observatory chief Rami Abdel Rahman told reporters that hundreds of jihadists had withdrawn towards Albu Kamal near the Iraqi border during the night before the assault.",
            "State television broadcast footage of soldiers raising the national flag over the municipal building while residents who had stayed behind gathered in the main square.",
            "The loss of Mayadeen leaves the jihadists holding a shrinking pocket of desert territory along the Euphrates valley between the two countries, analysts say.",
        ],
        own: [
            "Damascus has claimed another victory in its campaign along the Euphrates, with the army announcing the capture of Mayadeen after a long offensive.",
            "Residents described an exodus of fighters in recent days.",
            "Our correspondent in the region could not independently confirm the report.",
        ],
        substituted: ("entered", "stormed"),
        quote_edit: ("withdrawn", "retreated"),
        lead_edit: ("recaptured", "retook"),
    };

    const AR: Story = Story {
        lang: crate::text::Lang::Ar,
        wire: [
            "بيروت (فرانس برس) - استعادت القوات الحكومية السورية الثلاثاء مدينة الميادين الاستراتيجية الواقعة في شرق البلاد من تنظيم الدولة الإسلامية بعد أسابيع من المعارك العنيفة بحسب المرصد السوري.",
            "وقال المرصد السوري لحقوق الإنسان إن القوات المدعومة بغارات جوية روسية دخلت المدينة من جهتي الغرب والشمال قبل فجر يوم الثلاثاء بعد قصف مكثف.",
            "وتقع الميادين على الضفة الغربية لنهر الفرات على بعد نحو أربعين كيلومترا جنوب شرق دير الزور عاصمة المحافظة التي بقيت محاصرة لسنوات.",
            "وأوضح مدير المرصد رامي عبد الرحمن للصحافيين أن مئات الجهاديين انسحبوا خلال الليل باتجاه مدينة البوكمال قرب الحدود العراقية قبل ساعات من بدء الهجوم الأخير على المدينة.",
            "وبث التلفزيون الرسمي مشاهد لجنود يرفعون العلم الوطني فوق مبنى البلدية فيما تجمع السكان الذين بقوا في المدينة في الساحة الرئيسية للاحتفال بخروج المسلحين.",
            "ويرى محللون أن خسارة الميادين تترك للجهاديين جيبا صحراويا يتقلص على طول وادي الفرات بين البلدين.",
        ],
        own: [
            "أعلنت دمشق تحقيق انتصار جديد في حملتها على طول نهر الفرات إذ قال الجيش إنه سيطر على الميادين بعد هجوم طويل.",
            "ووصف سكان خروج المقاتلين في الأيام الأخيرة.",
            "ولم يتسن لمراسلنا في المنطقة التأكد من هذه المعلومات بشكل مستقل.",
        ],
        substituted: ("دخلت", "اقتحمت"),
        quote_edit: ("انسحبوا", "تراجعوا"),
        lead_edit: ("استعادت", "استرجعت"),
    };

    #[test]
    fn a_rewrite_quoting_one_passage_is_not_a_reprint_but_scattered_copy_is() {
        let cfg = crate::config::Config::default();
        let hasher = crate::sketch::MinHasher::new(cfg.sketch.k);
        for story in [EN, AR] {
            let w = &story.wire;
            let (from, to) = story.substituted;
            let reprint = [&*w[1].replace(from, to), story.own[2], w[4]].join("\n\n");
            let (from, to) = story.lead_edit;
            let lead_reprint = [&*w[0].replace(from, to), story.own[2]].join(" ");
            let (from, to) = story.quote_edit;
            for quote in [w[3].to_string(), w[3].replace(from, to)] {
                let rewrite = [story.own[0], story.own[1], &quote].join(" ");
                let texts = [w.join(" "), rewrite, reprint.clone(), lead_reprint.clone()];
                let sketches: Vec<ArticleSketch> = texts
                    .iter()
                    .map(|t| {
                        let doc = crate::text::Document::new(t, Some(story.lang));
                        ArticleSketch::of(&doc, &hasher, cfg.sketch.shingle_words)
                    })
                    .collect();
                // By the set measures alone, the rewrite would join the wire.
                let (j, c, shared) = exact_scores(&sketches[0].shingles, &sketches[1].shingles);
                assert!(is_reprint(&cfg.reprint, j, c, shared), "{j} {c} {shared}");
                let refs: Vec<&ArticleSketch> = sketches.iter().collect();
                let all = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
                let pairs = verify(&refs, &all, &cfg.reprint);
                let joined: Vec<(usize, usize)> = pairs.iter().map(|p| (p.a, p.b)).collect();
                assert_eq!(joined, [(0, 2), (0, 3)], "{:?}: {pairs:?}", story.lang);
                assert!(
                    pairs.iter().all(|p| p.shared < QUOTE_MAX_SHARED),
                    "{pairs:?}"
                );
            }
        }
    }

    #[test]
    fn one_passage_at_the_lead_of_both_is_a_reprint() {
        let a: Vec<u64> = (0..30).collect();
        let at_lead: Vec<u16> = (2..32).collect();
        let later: Vec<u16> = (40..70).collect();
        assert!(!is_quoted_passage((&a, &at_lead), (&a, &at_lead), 30));
        assert!(is_quoted_passage((&a, &at_lead), (&a, &later), 30));
        // two runs of fifteen: copy kept in more than one place
        let split: Vec<u16> = (40..55).chain(80..95).collect();
        assert!(!is_quoted_passage((&a, &later), (&a, &split), 30));
        // a passage with one word edited: two runs, three windows apart
        let edited: Vec<u16> = (40..52).chain(55..73).collect();
        assert!(is_quoted_passage((&a, &later), (&a, &edited), 30));
        let edited_at_lead: Vec<u16> = (2..14).chain(17..35).collect();
        assert!(!is_quoted_passage(
            (&a, &at_lead),
            (&a, &edited_at_lead),
            30
        ));
        // two words edited apart: three runs, edited copy rather than a quote
        let twice: Vec<u16> = (40..50).chain(53..63).chain(66..76).collect();
        assert!(!is_quoted_passage((&a, &later), (&a, &twice), 30));
        // the same quote in three runs: two edits one window apart
        let split: Vec<u16> = (40..52).chain(55..57).chain(58..74).collect();
        assert!(is_quoted_passage((&a, &later), (&a, &split), 30));
        assert_eq!(longest_passage(&[]), 0);
        assert_eq!(longest_passage(&[3, 4, 5, 9, u16::MAX - 1, u16::MAX]), 4);
        assert_eq!(longest_passage(&[3, 4, 5, 9, 10, 20, 21, 22, 23]), 5);
        assert_eq!(longest_passage(&[3, 4, 5, 11, 12]), 3);
        assert_eq!(longest_passage(&[1, 2, 4, 6, 8, 10, 12]), 6);
        assert_eq!(longest_passage(&[1, 2, u16::MAX, u16::MAX]), 2);
    }

    #[test]
    fn containment_estimate_inverts_jaccard() {
        // A ⊂ B with |A| = 100, |B| = 400: J = 0.25, C = 1
        assert!((estimated_containment(0.25, 100, 400) - 1.0).abs() < 1e-9);
    }
}
