//! LSH banding: bands and rows chosen from a similarity threshold, stable band keys, and
//! candidate pairs from shared buckets.

use super::minhash::EMPTY_BIN;
use super::shingle::mix64;
use rayon::prelude::*;
use std::ops::Range;

/// Probability that two sets of Jaccard similarity `s` share at least one of `b` bands of `r` rows.
pub fn collision_probability(s: f64, b: usize, r: usize) -> f64 {
    1.0 - (1.0 - s.powi(r as i32)).powi(b as i32)
}

/// Choose (bands, rows) with `bands * rows <= k` that minimise the false-positive mass below
/// `threshold` plus the false-negative mass above it (equal weights), integrated numerically.
pub fn optimal_bands(threshold: f64, k: usize) -> (usize, usize) {
    let t = threshold.clamp(0.01, 0.99);
    let integrate = |f: &dyn Fn(f64) -> f64, lo: f64, hi: f64| {
        let n = 200;
        let h = (hi - lo) / n as f64;
        (0..n).map(|i| f(lo + (i as f64 + 0.5) * h)).sum::<f64>() * h
    };
    let mut best = (1, k.max(1));
    let mut best_err = f64::INFINITY;
    for b in 1..=k.max(1) {
        let r = k / b;
        if r == 0 {
            break;
        }
        let fp = integrate(&|s| collision_probability(s, b, r), 0.0, t);
        let fneg = integrate(&|s| 1.0 - collision_probability(s, b, r), t, 1.0);
        let err = fp + fneg;
        if err < best_err - 1e-12 {
            best_err = err;
            best = (b, r);
        }
    }
    best
}

const BAND_SEED: u64 = 0x6c73_685f_6261_6e64; // "lsh_band"

/// Stable keys of the `bands` bands of a signature (band index mixed in, so equal rows in
/// different bands never collide). `None` for an empty signature.
pub fn band_keys(sig: &[u32], bands: usize, rows: usize) -> Option<Vec<u64>> {
    if sig.first().is_none_or(|&v| v == EMPTY_BIN) {
        return None;
    }
    Some(
        (0..bands)
            .map(|b| rows_key(&sig[b * rows..(b + 1) * rows], b))
            .collect(),
    )
}

/// The key of one band's rows: the rows taken two at a time as one little-endian `u64`
/// (a lone last row fills the low half), each xored into a state seeded by the band index and
/// mixed by [`mix64`]. With two rows per band (the default banding) that is one `mix64` of the
/// rows, a bijection: two different rows of one band never share a key.
#[inline]
fn rows_key(rows: &[u32], band: usize) -> u64 {
    let mut h = BAND_SEED.wrapping_add((band as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    if let [low, high] = *rows {
        // the default banding's two rows, without the loop
        return mix64(h ^ low as u64 ^ ((high as u64) << 32));
    }
    for pair in rows.chunks(2) {
        let high = pair.get(1).map_or(0, |&v| (v as u64) << 32);
        h = mix64(h ^ pair[0] as u64 ^ high);
    }
    h
}

/// Buckets larger than this are not expanded into all their pairs: each member is paired with
/// the bucket's first member and its neighbour instead (a named limit, reported when hit).
pub const MAX_BUCKET: usize = 64;

/// Candidate pairs `(i, j)` with `i < j`, sorted and unique, plus how many buckets hit the limit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Candidates {
    pub pairs: Vec<(u32, u32)>,
    pub oversized_buckets: usize,
}

/// The stable key of band `band` of a signature (the same value [`band_keys`] gives), or `None`
/// for an empty signature. Inlined: bucketing calls it for every document of every band.
///
/// Reads the band's rows only (bucketing asks the memory for them ahead; a signature is larger
/// than a cache line): a densified signature has all its bins empty or none, so the band's
/// first row tells an empty one as well as its first bin does.
#[inline]
pub fn band_key(sig: &[u32], band: usize, rows: usize) -> Option<u64> {
    if sig.is_empty() {
        return None;
    }
    let rows = &sig[band * rows..(band + 1) * rows];
    if rows.first().is_none_or(|&v| v == EMPTY_BIN) {
        return None;
    }
    Some(rows_key(rows, band))
}

/// Candidate pairs of documents sharing at least one band bucket. `keys[i]` are document `i`'s
/// band keys (`None` for documents without a signature).
pub fn candidate_pairs(keys: &[Option<Vec<u64>>], bands: usize) -> Candidates {
    candidate_pairs_banded(keys.len(), bands, |i, b| keys[i].as_ref().map(|k| k[b]))
}

/// [`candidate_pairs`] computed from `key(document, band)` a few bands at a time: memory holds
/// those bands' keys and the pairs found so far (deduplicated as they grow), not every
/// document's band keys at once.
pub fn candidate_pairs_banded(
    n: usize,
    bands: usize,
    key: impl Fn(usize, usize) -> Option<u64> + Sync,
) -> Candidates {
    candidate_pairs_banded_ahead(n, bands, key, |_, _| {})
}

/// [`candidate_pairs_banded`] that calls `ahead(document, bands)` a few documents before it asks
/// for that document's keys in `bands`, for the caller to prefetch what they will read
/// (`document` may be past the last one: `ahead` only hints, it must not index blindly).
///
/// Each pass takes up to [`BANDS_PER_PASS`] bands: their keys are computed document by
/// document in parallel (a document's keys in those bands read one stretch of its signature,
/// which is cold: the signatures are larger than the cache), stored band by band, and each band
/// is then bucketed from its column on a worker of its own.
pub fn candidate_pairs_banded_ahead(
    n: usize,
    bands: usize,
    key: impl Fn(usize, usize) -> Option<u64> + Sync,
    ahead: impl Fn(usize, Range<usize>) + Sync,
) -> Candidates {
    candidate_pairs_in_passes(n, bands, Passes::for_len(n), key, ahead)
}

/// How [`candidate_pairs_banded_ahead`] cuts its work: bands a pass, documents a run.
#[derive(Debug, Clone, Copy)]
struct Passes {
    bands: usize,
    run: usize,
}

impl Passes {
    /// [`BANDS_PER_PASS`] bands a pass, fewer when their keys would take more than
    /// [`MAX_COLUMN_BYTES`]; runs of [`COLUMN_RUN`] documents.
    fn for_len(n: usize) -> Passes {
        let bands = MAX_COLUMN_BYTES / (n.max(1) * size_of::<Option<u64>>());
        Passes {
            bands: bands.clamp(1, BANDS_PER_PASS),
            run: COLUMN_RUN,
        }
    }
}

/// [`candidate_pairs_banded_ahead`] cut as `passes` says.
fn candidate_pairs_in_passes(
    n: usize,
    bands: usize,
    passes: Passes,
    key: impl Fn(usize, usize) -> Option<u64> + Sync,
    ahead: impl Fn(usize, Range<usize>) + Sync,
) -> Candidates {
    if n == 0 {
        return Candidates::default();
    }
    // each band's pairs as its bucketing left them (not copied into one list: every copy is
    // memory the kernel zeroes, and a run's first touch of memory costs more than its use),
    // cut by first document into one part a worker: `pairs[part]` holds the part's lists
    let split = Split::new(n, rayon::current_num_threads());
    let mut pairs: Vec<Vec<Vec<u64>>> = vec![Vec::new(); split.parts];
    let (mut held, mut deduped) = (0usize, 0usize);
    let mut oversized = 0;
    let mut columns = Vec::new();
    for first in (0..bands).step_by(passes.bands) {
        let group = first..bands.min(first + passes.bands);
        band_columns(n, group, passes.run, &key, &ahead, &mut columns);
        // one band a job: a pass's bands are shared out one at a time, not in halves
        let found: Vec<(Vec<Vec<u64>>, usize)> = columns
            .par_chunks(n)
            .with_max_len(1)
            .map(|keys| band_pairs(keys, split))
            .collect();
        for (band, band_oversized) in found {
            for (lists, part) in pairs.iter_mut().zip(band) {
                held += part.len();
                lists.push(part);
            }
            oversized += band_oversized;
        }
        // Keep the pairs compact: deduplicate whenever they have doubled since the last time
        // (not before 2 M pairs, 16 MB: each pass reads them all).
        if held > 2 * deduped.max(1 << 20) {
            pairs = split
                .sorted_unique(&pairs)
                .into_iter()
                .map(|part| vec![part])
                .collect();
            held = pairs.iter().flatten().map(Vec::len).sum();
            deduped = held;
        }
    }
    let parts = split.sorted_unique(&pairs);
    drop(pairs);
    let mut sorted = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        sorted.extend(part.into_iter().map(|p| ((p >> 32) as u32, p as u32)));
    }
    Candidates {
        pairs: sorted,
        oversized_buckets: oversized,
    }
}

/// The most bands [`candidate_pairs_banded_ahead`] takes in one pass: with two rows a band,
/// their rows are 64 bytes of a signature, one cache line.
const BANDS_PER_PASS: usize = 8;

/// The most memory a pass's band keys take (fewer bands a pass for larger batches).
const MAX_COLUMN_BYTES: usize = 32 << 20;

/// Documents a worker takes at a time when computing band keys.
const COLUMN_RUN: usize = 2048;

/// How many documents before it reads a document's keys [`band_columns`] calls `ahead`.
const COLUMN_AHEAD: usize = 8;

/// `columns` made the keys of documents `0..n` in the bands of `group`, band by band
/// (`columns[c * n + i]` is document `i`'s key in band `group.start + c`). Runs of `run`
/// documents are shared among the workers; each document's keys are computed together.
fn band_columns(
    n: usize,
    group: Range<usize>,
    run: usize,
    key: &(impl Fn(usize, usize) -> Option<u64> + Sync),
    ahead: &(impl Fn(usize, Range<usize>) + Sync),
    columns: &mut Vec<Option<u64>>,
) {
    // every key is written below: what the buffer held does not matter
    columns.resize(group.len() * n, None);
    let mut runs: Vec<Vec<&mut [Option<u64>]>> = (0..n.div_ceil(run))
        .map(|_| Vec::with_capacity(group.len()))
        .collect();
    for column in columns.chunks_mut(n) {
        for (pieces, piece) in runs.iter_mut().zip(column.chunks_mut(run)) {
            pieces.push(piece);
        }
    }
    runs.into_par_iter()
        .enumerate()
        .for_each(|(r, mut pieces)| {
            let start = r * run;
            for at in 0..pieces[0].len() {
                let doc = start + at;
                ahead(doc + COLUMN_AHEAD, group.clone());
                for (band, piece) in group.clone().zip(pieces.iter_mut()) {
                    piece[at] = key(doc, band);
                }
            }
        });
}

/// How candidate pairs are cut by their first document, so that their final sort and
/// deduplication ([`sorted_unique`]) runs on every worker: the part of a pair is a
/// nondecreasing function of its first document, so each part is a run of documents, and the
/// parts sorted one by one and put end to end are the pairs sorted. (Whatever the number of
/// parts, the pairs are the same.)
#[derive(Debug, Clone, Copy)]
struct Split {
    n: usize,
    parts: usize,
    /// `floor(parts * 2^32 / n)`: the part of document `i` is `i * scale >> 32`, below
    /// `i * parts / n`, so below `parts` (a multiply where a division cost about as much as the
    /// rest of a pair's push)
    scale: u64,
}

impl Split {
    fn new(n: usize, parts: usize) -> Split {
        let n = n.max(1);
        let parts = parts.clamp(1, n);
        Split {
            n,
            parts,
            scale: ((parts as u64) << 32) / n as u64,
        }
    }

    /// The part of a pair whose first document is `first` (`< n`).
    #[inline(always)]
    fn part(self, first: u32) -> usize {
        ((u64::from(first) * self.scale) >> 32) as usize
    }

    /// The first documents of part `k`.
    fn documents(self, k: usize) -> Range<usize> {
        // the first document whose part is at least `k`: the first `i` with
        // `i * scale >= k << 32` (`scale` is at least 1: `parts <= n`), and `n` for `k = parts`
        let start = |k: usize| (((k as u64) << 32).div_ceil(self.scale) as usize).min(self.n);
        start(k)..start(k + 1)
    }

    /// Each part's pairs ([`sorted_unique`] of its lists), the parts in parallel.
    fn sorted_unique(self, parts: &[Vec<Vec<u64>>]) -> Vec<Vec<u64>> {
        parts
            .par_iter()
            .enumerate()
            .with_max_len(1)
            .map(|(k, lists)| sorted_unique(lists, self.documents(k), self.n))
            .collect()
    }
}

/// The pairs `i << 32 | j` (`i` in `firsts`, `j < n`) of all `lists`, sorted and without
/// repeats. A pair stands in every band its documents share, so most entries repeat one of a
/// few pairs of the same first document: a counting sort by the first document, then a sort of
/// each document's few partners, moves every entry twice where a full sort compared it about
/// log2(len) times, and the repeats are dropped before a document's partners are sorted.
fn sorted_unique(lists: &[Vec<u64>], firsts: Range<usize>, n: usize) -> Vec<u64> {
    let pairs = || lists.iter().flatten();
    // documents counted from the first of `firsts`
    let (base, m) = (firsts.start, firsts.len());
    let local = |p: u64| (p >> 32) as usize - base;
    let mut start = vec![0u32; m + 1];
    for &p in pairs() {
        start[local(p) + 1] += 1;
    }
    for i in 0..m {
        start[i + 1] += start[i];
    }
    let mut partners = vec![0u32; start[m] as usize];
    let mut at = start.clone();
    for &p in pairs() {
        let slot = &mut at[local(p)];
        partners[*slot as usize] = p as u32;
        *slot += 1;
    }
    // `owner[j]`: the last first document that kept partner j (repeats are dropped before the
    // sort, which then orders a document's few distinct partners, not all its entries)
    let mut owner = vec![u32::MAX; n];
    let mut out = Vec::with_capacity(partners.len() / 8);
    for (k, i) in firsts.enumerate() {
        let group = &mut partners[start[k] as usize..start[k + 1] as usize];
        let mut kept = 0;
        for at in 0..group.len() {
            let j = group[at];
            let new = owner[j as usize] != i as u32;
            owner[j as usize] = i as u32;
            group[kept] = j;
            kept += usize::from(new);
        }
        let group = &mut group[..kept];
        group.sort_unstable();
        out.extend(group.iter().map(|&j| ((i as u64) << 32) | j as u64));
    }
    out
}

/// One worker's buffers for [`band_pairs`], kept across bands (and runs): a band's table is
/// about twice as many slots as documents, and fresh buffers for each of 64 bands would have
/// the kernel zero new pages for most of the bucketing's time.
#[derive(Default)]
struct BandScratch {
    /// Open-addressing table of the band's buckets (linear probing from the key's top bits).
    slots: Vec<BucketSlot>,
    /// `next[i]`: the member after document `i` in its bucket (valid up to the bucket's last).
    next: Vec<u32>,
    /// Slots of the buckets with two or more members, in the order they got their second.
    shared: Vec<u32>,
    /// One bucket's members, in document order.
    members: Vec<u32>,
}

/// A bucket of one band: its key and its first and last member (members are linked through
/// [`BandScratch::next`] in document order).
#[derive(Clone, Copy)]
struct BucketSlot {
    key: u64,
    first: u32,
    last: u32,
}

impl BucketSlot {
    /// `first` of an empty slot (documents are numbered below it).
    const NONE: u32 = u32::MAX;
    const EMPTY: BucketSlot = BucketSlot {
        key: 0,
        first: BucketSlot::NONE,
        last: BucketSlot::NONE,
    };
}

thread_local! {
    static BAND_SCRATCH: std::cell::RefCell<BandScratch> = std::cell::RefCell::default();
}

/// The pairs of documents that share a bucket of one band, given its keys (as `i << 32 | j`,
/// `i < j`, not deduplicated), and how many of its buckets were over [`MAX_BUCKET`].
///
/// Buckets are found with a hash table, not by sorting the band's `(key, document)` entries:
/// nearly every bucket has one member, and a table finds the others in one pass over the
/// documents (a few instructions each) where a sort moves every entry. A bucket's members are
/// linked in document order, which is the order the sorted entries had.
fn band_pairs(keys: &[Option<u64>], split: Split) -> (Vec<Vec<u64>>, usize) {
    let n = keys.len();
    assert!(
        n < BucketSlot::NONE as usize,
        "LSH numbers documents with u32"
    );
    BAND_SCRATCH.with(|scratch| {
        let BandScratch {
            slots,
            next,
            shared,
            members,
        } = &mut *scratch.borrow_mut();
        // at most half full: probes stay short
        let bits = (2 * n).max(16).next_power_of_two().trailing_zeros();
        slots.clear();
        slots.resize(1 << bits, BucketSlot::EMPTY);
        if next.len() < n {
            next.resize(n, 0);
        }
        shared.clear();
        let mask = slots.len() - 1;
        // band keys are uniform hashes: their top bits spread the buckets
        let home = |k: u64| (k >> (64 - bits)) as usize & mask;
        // (an address to prefetch, not a borrow: the loop writes the slots)
        let table = slots.as_ptr();
        for (i, &k) in keys.iter().enumerate() {
            // the slot of a key a few documents on is asked of the memory before it is probed
            // (the table is larger than the cache)
            if let Some(&Some(coming)) = keys.get(i + KEYS_AHEAD) {
                super::prefetch(
                    table.wrapping_add(home(coming)).cast(),
                    size_of::<BucketSlot>(),
                );
            }
            let Some(k) = k else { continue };
            let doc = i as u32;
            let mut at = home(k);
            loop {
                let slot = &mut slots[at];
                if slot.first == BucketSlot::NONE {
                    *slot = BucketSlot {
                        key: k,
                        first: doc,
                        last: doc,
                    };
                    break;
                }
                if slot.key == k {
                    if slot.first == slot.last {
                        shared.push(at as u32);
                    }
                    next[slot.last as usize] = doc;
                    slot.last = doc;
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        let mut pairs = vec![Vec::new(); split.parts];
        let mut oversized = 0;
        for &at in shared.iter() {
            let slot = slots[at as usize];
            members.clear();
            let mut doc = slot.first;
            members.push(doc);
            while doc != slot.last {
                doc = next[doc as usize];
                members.push(doc);
            }
            oversized += usize::from(bucket_pairs(members, split, &mut pairs));
        }
        (pairs, oversized)
    })
}

/// How many documents ahead [`band_pairs`] asks for a key's slot.
const KEYS_AHEAD: usize = 8;

/// Append the pairs of one bucket (its members in document order) to `pairs`, each to its part
/// of `split`; `true` when the bucket is over [`MAX_BUCKET`] and only paired linearly.
fn bucket_pairs(bucket: &[u32], split: Split, pairs: &mut [Vec<u64>]) -> bool {
    let mut push = |x: u32, y: u32| pairs[split.part(x)].push(((x as u64) << 32) | y as u64);
    if bucket.len() <= MAX_BUCKET {
        for x in 0..bucket.len() {
            for y in x + 1..bucket.len() {
                push(bucket[x], bucket[y]);
            }
        }
        false
    } else {
        for y in 1..bucket.len() {
            push(bucket[0], bucket[y]);
            push(bucket[y - 1], bucket[y]);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_bands_move_with_threshold() {
        let (b_lo, r_lo) = optimal_bands(0.2, 128);
        let (b_hi, r_hi) = optimal_bands(0.8, 128);
        assert!(b_lo * r_lo <= 128 && b_hi * r_hi <= 128);
        assert!(
            r_lo < r_hi,
            "low threshold wants fewer rows: {r_lo} vs {r_hi}"
        );
        // the S-curve separates well above and below the threshold
        assert!(collision_probability(0.95, b_hi, r_hi) > 0.9);
        assert!(collision_probability(0.5, b_hi, r_hi) < 0.05);
        assert!(collision_probability(0.3, b_lo, r_lo) > 0.9);
    }

    #[test]
    fn identical_signatures_collide_and_empty_ones_never() {
        let sig: Vec<u32> = (0..128).collect();
        let keys = vec![
            band_keys(&sig, 32, 4),
            band_keys(&sig, 32, 4),
            band_keys(&[EMPTY_BIN; 128], 32, 4),
        ];
        let c = candidate_pairs(&keys, 32);
        assert_eq!(c.pairs, vec![(0, 1)]);
    }

    /// The plain definition of a band key: the rows' little-endian bytes, eight at a time
    /// (zero-padded), each word xored into the seeded state and mixed.
    fn reference_key(rows: &[u32], band: usize) -> u64 {
        let bytes: Vec<u8> = rows.iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut h = BAND_SEED.wrapping_add((band as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = mix64(h ^ u64::from_le_bytes(word));
        }
        h
    }

    #[test]
    fn band_keys_mix_the_rows_little_endian_words() {
        for rows in [1usize, 2, 3, 4, 15, 16, 17, 40] {
            let sig: Vec<u32> = (0..rows as u32 * 3)
                .map(|x| x.wrapping_mul(0x9e37_79b9))
                .collect();
            let keys = band_keys(&sig, 3, rows).unwrap();
            for (b, &key) in keys.iter().enumerate() {
                assert_eq!(key, reference_key(&sig[b * rows..(b + 1) * rows], b));
                assert_eq!(band_key(&sig, b, rows), Some(key));
            }
        }
    }

    /// These values are persisted (the archive's band keys): if this test has to change, so
    /// does `SKETCH_VERSION`.
    #[test]
    fn band_keys_are_those_of_sketch_version_2() {
        assert_eq!(crate::sketch::SKETCH_VERSION, 2);
        let keys: Vec<String> = band_keys(&[1, 2, 3, 4, 5, 6], 3, 2)
            .unwrap()
            .iter()
            .map(|k| format!("{k:016x}"))
            .collect();
        assert_eq!(
            keys,
            ["afe3698026e4e242", "468e45ef393d5916", "368b9f73401c9235"]
        );
    }

    #[test]
    fn two_row_bands_never_collide_inside_a_band() {
        let mut seen = std::collections::HashSet::new();
        for a in 0..300u32 {
            for b in 0..300u32 {
                assert!(seen.insert(rows_key(&[a, b], 7)));
            }
        }
    }

    use proptest::strategy::Strategy;

    /// The bucketing [`band_pairs`] replaced: the band's `(key, document)` entries sorted, each
    /// run of equal keys a bucket.
    fn band_pairs_by_sorting(keys: &[Option<u64>]) -> (Vec<u64>, usize) {
        let mut entries: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| k.map(|k| (k, i as u32)))
            .collect();
        entries.sort_unstable();
        let (mut pairs, mut oversized) = (vec![Vec::new()], 0);
        for bucket in entries.chunk_by(|x, y| x.0 == y.0) {
            let members: Vec<u32> = bucket.iter().map(|e| e.1).collect();
            oversized += usize::from(bucket_pairs(
                &members,
                Split::new(keys.len(), 1),
                &mut pairs,
            ));
        }
        (pairs.concat(), oversized)
    }

    proptest::proptest! {
        /// Few distinct keys (long probe runs, buckets over the limit) or many (mostly single
        /// members), some documents without a key: the same pairs as sorting the entries.
        #[test]
        fn band_pairs_equal_the_sorted_buckets(
            keys in proptest::collection::vec(
                proptest::option::weighted(0.9, proptest::prop_oneof![
                    0u64..8,
                    (0u64..400).prop_map(mix64),
                    proptest::strategy::Just(u64::MAX),
                ]),
                0..300,
            )
        ) {
            let split = Split::new(keys.len(), 3);
            let (got, got_oversized) = band_pairs(&keys, split);
            // each pair in its part
            for (k, part) in got.iter().enumerate() {
                let firsts = split.documents(k);
                proptest::prop_assert!(part.iter().all(|&p| firsts.contains(&((p >> 32) as usize))));
            }
            let mut got: Vec<u64> = got.into_iter().flatten().collect();
            let (mut want, want_oversized) = band_pairs_by_sorting(&keys);
            got.sort_unstable();
            want.sort_unstable();
            proptest::prop_assert_eq!(got, want);
            proptest::prop_assert_eq!(got_oversized, want_oversized);
        }
    }

    proptest::proptest! {
        /// The counting sort by first document gives what sorting and deduplicating gives.
        #[test]
        fn sorted_unique_equals_sort_and_dedup(
            raw in proptest::collection::vec((0u64..40, 0u64..40), 0..400),
            cuts in proptest::collection::vec(0usize..400, 0..4),
        ) {
            let pairs: Vec<u64> = raw.iter().map(|&(i, j)| (i << 32) | j).collect();
            let mut want = pairs.clone();
            want.sort_unstable();
            want.dedup();
            // the pairs in one list and cut into several (some empty)
            proptest::prop_assert_eq!(sorted_unique(std::slice::from_ref(&pairs), 0..40, 40), want.clone());
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(pairs.len())).collect();
            cuts.sort_unstable();
            let mut lists = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([pairs.len()]) {
                lists.push(pairs[from..cut].to_vec());
                from = cut;
            }
            proptest::prop_assert_eq!(sorted_unique(&lists, 0..40, 40), want.clone());
            // cut by first document into parts, sorted part by part and put end to end
            for parts in [1, 2, 3, 7, 40] {
                let split = Split::new(40, parts);
                let mut cut = vec![Vec::new(); split.parts];
                for &p in &pairs {
                    cut[split.part((p >> 32) as u32)].push(p);
                }
                let cut: Vec<Vec<Vec<u64>>> = cut.into_iter().map(|part| vec![part]).collect();
                let joined: Vec<u64> = split.sorted_unique(&cut).concat();
                proptest::prop_assert_eq!(&joined, &want);
            }
        }
    }

    proptest::proptest! {
        /// The parts are runs of documents that cover them all, in order, each document in the
        /// part `Split::part` gives it.
        #[test]
        fn split_parts_are_runs_of_documents(n in 1usize..5000, parts in 1usize..20) {
            let split = Split::new(n, parts);
            let mut next = 0;
            for k in 0..split.parts {
                let docs = split.documents(k);
                proptest::prop_assert_eq!(docs.start, next);
                proptest::prop_assert!(docs.clone().all(|i| split.part(i as u32) == k));
                next = docs.end;
            }
            proptest::prop_assert_eq!(next, n);
        }
    }

    /// Every band's pairs by [`band_pairs_by_sorting`], sorted and deduplicated.
    fn candidate_pairs_by_sorting(keys: &[Option<Vec<u64>>], bands: usize) -> Candidates {
        let (mut pairs, mut oversized) = (Vec::new(), 0);
        for b in 0..bands {
            let band: Vec<Option<u64>> = keys.iter().map(|k| k.as_ref().map(|k| k[b])).collect();
            let (band_pairs, band_oversized) = band_pairs_by_sorting(&band);
            pairs.extend(band_pairs);
            oversized += band_oversized;
        }
        pairs.sort_unstable();
        pairs.dedup();
        Candidates {
            pairs: pairs
                .iter()
                .map(|&p| ((p >> 32) as u32, p as u32))
                .collect(),
            oversized_buckets: oversized,
        }
    }

    proptest::proptest! {
        /// Documents whose bands draw their keys from a few values (pairs shared in many bands,
        /// buckets over the limit in some) or many, some documents without keys: the banded
        /// bucketing and its deduplication give the plain per-band result, on one thread and on
        /// two.
        #[test]
        fn candidate_pairs_equal_the_sorted_buckets_of_every_band(
            (bands, keys) in (1usize..20, 1u64..300).prop_flat_map(|(bands, spread)| (
                proptest::strategy::Just(bands),
                proptest::collection::vec(
                    proptest::option::weighted(
                        0.9,
                        proptest::collection::vec(0..spread, bands),
                    ),
                    0..250,
                ),
            ))
        ) {
            let keys: Vec<Option<Vec<u64>>> = keys
                .into_iter()
                .map(|k| k.map(|k| k.iter().enumerate().map(|(b, &v)| mix64(v) ^ b as u64).collect()))
                .collect();
            let want = candidate_pairs_by_sorting(&keys, bands);
            // the usual cut, one band a pass in runs of 7 documents, 3 bands a pass in runs of 64
            let cuts = [Passes::for_len(keys.len()), Passes { bands: 1, run: 7 }, Passes { bands: 3, run: 64 }];
            for threads in [1, 2] {
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
                let got = pool.install(|| candidate_pairs(&keys, bands));
                proptest::prop_assert_eq!(&got, &want);
                for passes in cuts {
                    let key = |i: usize, b: usize| keys[i].as_ref().map(|k| k[b]);
                    let got = pool.install(|| {
                        candidate_pairs_in_passes(keys.len(), bands, passes, key, |_, _| {})
                    });
                    proptest::prop_assert_eq!(&got, &want, "{:?}", passes);
                }
            }
        }
    }

    #[test]
    fn oversized_buckets_stay_connected_but_linear() {
        let sig: Vec<u32> = (0..16).collect();
        let keys: Vec<_> = (0..200).map(|_| band_keys(&sig, 4, 4)).collect();
        let c = candidate_pairs(&keys, 4);
        assert_eq!(c.oversized_buckets, 4);
        assert!(c.pairs.len() < 2 * 200);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::sketch::{shingles, MinHasher};
    use proptest::prelude::*;

    /// Random documents over a small vocabulary; some derived from others by dropping and
    /// replacing words, so similar pairs exist at every level.
    fn batch() -> impl Strategy<Value = Vec<Vec<u64>>> {
        prop::collection::vec(prop::collection::vec(0u64..400, 30..120), 2..12)
            .prop_flat_map(|base| {
                let n = base.len();
                (
                    Just(base),
                    prop::collection::vec((0..n, 0.0f64..0.6, any::<u64>()), 0..10),
                )
            })
            .prop_map(|(mut docs, edits)| {
                for (src, rate, seed) in edits {
                    let mut x = seed;
                    let copy: Vec<u64> = docs[src]
                        .iter()
                        .map(|&w| {
                            x = crate::sketch::mix64(x);
                            if ((x % 1000) as f64) < rate * 1000.0 {
                                1000 + x % 5000
                            } else {
                                w
                            }
                        })
                        .collect();
                    docs.push(copy);
                }
                docs
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Every pair whose exact shingle Jaccard is at least 0.5 is an LSH candidate with the
        /// default banding (miss probability per pair < 1e-6 at that similarity).
        #[test]
        fn candidates_contain_brute_force_pairs_above_threshold(docs in batch()) {
            let cfg = crate::Config::default();
            let hasher = MinHasher::new(cfg.sketch.k);
            let sets: Vec<Vec<u64>> = docs.iter().map(|d| shingles(d, 3)).collect();
            let keys: Vec<_> = sets.iter().map(|s| band_keys(&hasher.signature(s), cfg.reprint.bands, cfg.reprint.rows)).collect();
            let cands = candidate_pairs(&keys, cfg.reprint.bands);
            for i in 0..sets.len() {
                for j in i + 1..sets.len() {
                    let (jac, _, _) = crate::cluster::reprints::exact_scores(&sets[i], &sets[j]);
                    if jac >= 0.5 {
                        prop_assert!(cands.pairs.binary_search(&(i as u32, j as u32)).is_ok(), "missed pair {i},{j} with J={jac}");
                    }
                }
            }
        }
    }
}
