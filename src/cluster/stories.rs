//! Story linking: articles about the same story that are not reprints of each other.
//!
//! Rewritten copy shares claims rather than sentences, so the evidence is: weighted overlap of
//! rare content words, names and numbers (tf-idf cosine over each article's most distinctive
//! keys), near-identical sentences, and publication dates close together.

use crate::config::StoryConfig;
use crate::text::{is_stopword, Document};
use ahash::AHashMap;
use rayon::prelude::*;

/// Distinctive keys kept per article.
const PROFILE_KEYS: usize = 64;
/// Document frequencies are estimated on at most this many articles (evenly spaced).
const DF_SAMPLE: usize = 20_000;
/// A key carried by more articles than this is too common to generate candidates: it carries no
/// story signal (a story's own names and numbers are in its few dozen articles at most; the
/// generated corpora's largest story group has 15), and it bounds the work per article. An
/// article's [`PROFILE_KEYS`] keys expand to at most `PROFILE_KEYS * (MAX_POSTINGS - 1)` pairs
/// whatever the batch size, so candidate generation is linear in the batch: a batch ten times
/// as dense per day pushes more keys past the cap instead of growing every list tenfold.
/// (Scale runs: 24k candidates at 10k articles, 168k at 100k.)
const MAX_POSTINGS: usize = 200;
// Story candidates keep a `u16` cursor into each posting list.
const _: () = assert!(MAX_POSTINGS <= u16::MAX as usize);
/// Sentences need this many content keys to count as shared evidence.
const MIN_SENTENCE_KEYS: usize = 4;
/// Key-set Jaccard for two sentences to count as the same sentence.
const SAME_SENTENCE: f64 = 0.5;

/// What story linking keeps of one article.
#[derive(Debug, Clone, Default)]
pub struct StoryProfile {
    /// Most distinctive content keys with tf-idf weights, sorted by key.
    pub keys: Vec<(u64, f32)>,
    /// Content keys of each sentence, sorted and unique.
    pub sentence_keys: Vec<Vec<u64>>,
    /// Display form (normalised text) of each profile key.
    pub labels: Vec<(u64, String)>,
    /// Days since 1970-01-01, when the date is known.
    pub day: Option<i64>,
}

/// Evidence that two articles tell the same story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryEvidence {
    pub a: usize,
    pub b: usize,
    pub cosine: f64,
    pub shared_sentences: usize,
    /// Profile keys both articles carry, sorted by key.
    pub shared_keys: Vec<u64>,
    /// Display forms of the shared keys (from `a`), sorted.
    pub shared_labels: Vec<String>,
    pub days_apart: Option<i64>,
}

fn is_content(doc: &Document, t: &crate::text::Token) -> bool {
    if t.is_clitic {
        return false;
    }
    let text = t.text(&doc.norm.text);
    if t.is_number {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        let year = digits == 4
            && text
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y));
        return digits >= 2 && !year;
    }
    text.chars().count() >= 3 && !is_stopword(text, doc.lang)
}

/// Days since the Unix epoch of an ISO `YYYY-MM-DD` date (civil calendar).
pub fn days_from_iso(date: &str) -> Option<i64> {
    let mut it = date.get(..10)?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Story features of a sentence's content tokens (indices into `doc.tokens`): every content
/// word, and every pair of adjacent content words (names and institutions are mostly pairs:
/// "Ryan Dillon", "civil council"). Calls `f(key, first_token, last_token)`.
fn features(doc: &Document, content: &[usize], mut f: impl FnMut(u64, usize, usize)) {
    for (i, &t) in content.iter().enumerate() {
        let h = doc.tokens[t].hash;
        f(h, t, t);
        if let Some(&next) = content.get(i + 1) {
            f(
                crate::sketch::mix64(h.rotate_left(31) ^ doc.tokens[next].hash),
                t,
                next,
            );
        }
    }
}

fn content_tokens(doc: &Document, s: &crate::text::Sentence) -> Vec<usize> {
    s.tokens
        .clone()
        .filter(|&t| is_content(doc, &doc.tokens[t]))
        .collect()
}

/// Story features of one article, before document frequencies are known: every feature with
/// its count (sorted by key) and the content keys of each sentence. This is what a streaming scan
/// keeps (on disk) to build the profile once the batch's frequencies are known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleFeatures {
    pub tf: Vec<(u64, u32)>,
    pub sentence_keys: Vec<Vec<u64>>,
}

/// The story features of a document.
pub fn article_features(d: &Document) -> ArticleFeatures {
    let mut tf: AHashMap<u64, u32> = AHashMap::new();
    let mut sentence_keys = Vec::with_capacity(d.sentences.len());
    for s in &d.sentences {
        let content = content_tokens(d, s);
        features(d, &content, |k, _, _| *tf.entry(k).or_insert(0) += 1);
        let mut sk: Vec<u64> = content.iter().map(|&t| d.tokens[t].hash).collect();
        sk.sort_unstable();
        sk.dedup();
        sentence_keys.push(sk);
    }
    let mut tf: Vec<(u64, u32)> = tf.into_iter().collect();
    tf.sort_unstable_by_key(|x| x.0);
    ArticleFeatures { tf, sentence_keys }
}

/// Display forms (normalised text) of `keys` as they first occur in `d`, sorted by key. Keys the
/// document does not carry are left out.
pub fn labels_of(d: &Document, keys: &[u64]) -> Vec<(u64, String)> {
    let mut wanted: AHashMap<u64, Option<(usize, usize)>> =
        keys.iter().map(|&k| (k, None)).collect();
    for s in &d.sentences {
        features(d, &content_tokens(d, s), |k, first, last| {
            if let Some(slot @ None) = wanted.get_mut(&k) {
                *slot = Some((first, last));
            }
        });
    }
    let text = &d.norm.text;
    let mut labels: Vec<(u64, String)> = wanted
        .into_iter()
        .filter_map(|(k, at)| {
            let (first, last) = at?;
            let label = if first == last {
                d.tokens[first].text(text).to_string()
            } else {
                format!(
                    "{} {}",
                    d.tokens[first].text(text),
                    d.tokens[last].text(text)
                )
            };
            Some((k, label))
        })
        .collect();
    labels.sort_by_key(|l| l.0);
    labels
}

/// Which articles (positions in id order) estimate the document frequencies: all of them up to
/// [`DF_SAMPLE`], else every `n / DF_SAMPLE`-th, so the sample depends on the ids, not on the
/// reading order.
pub fn df_sample(n: usize) -> Vec<usize> {
    let step = n.div_ceil(DF_SAMPLE).max(1);
    (0..n).step_by(step).collect()
}

/// Document frequencies of story features over a sample of the batch.
#[derive(Debug, Clone, Default)]
pub struct DocFrequencies {
    df: AHashMap<u64, u32>,
    sampled: f64,
    /// Every article of the batch was counted.
    exact: bool,
}

impl DocFrequencies {
    /// Count the unique feature keys of each sampled article; `exact` when the sample is the
    /// whole batch.
    pub fn new<'a>(sample: impl Iterator<Item = &'a [(u64, u32)]>, exact: bool) -> Self {
        let mut df: AHashMap<u64, u32> = AHashMap::new();
        let mut sampled = 0usize;
        for tf in sample {
            sampled += 1;
            for &(k, _) in tf {
                *df.entry(k).or_insert(0) += 1;
            }
        }
        DocFrequencies {
            df,
            sampled: sampled as f64,
            exact,
        }
    }
}

/// The most distinctive keys of an article with tf-idf weights, sorted by key.
pub fn profile_keys(tf: &[(u64, u32)], df: &DocFrequencies) -> Vec<(u64, f32)> {
    // A feature no other article carries cannot link this one to anything; when the
    // frequencies are exact (no sampling) leave such features out of the profile.
    let mut weighted: Vec<(u64, f32)> = tf
        .iter()
        .filter(|(k, _)| !df.exact || df.df.get(k).is_some_and(|&c| c >= 2))
        .map(|&(k, count)| {
            let dfk = df.df.get(&k).copied().unwrap_or(0) as f64;
            let idf = ((df.sampled + 1.0) / (dfk + 1.0)).ln() + 1.0;
            let w = (1.0 + (count as f64).ln()) * idf;
            (k, w as f32)
        })
        .collect();
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    weighted.truncate(PROFILE_KEYS);
    weighted.sort_by_key(|k| k.0);
    weighted
}

/// Build story profiles for a batch (document frequencies from the batch itself).
pub fn profiles(docs: &[&Document], dates: &[Option<&str>]) -> Vec<StoryProfile> {
    let features: Vec<ArticleFeatures> = docs.par_iter().map(|d| article_features(d)).collect();
    let sample = df_sample(docs.len());
    let exact = sample.len() == docs.len();
    let df = DocFrequencies::new(sample.iter().map(|&i| features[i].tf.as_slice()), exact);
    features
        .into_par_iter()
        .zip(docs.par_iter())
        .zip(dates.par_iter())
        .map(|((f, d), date)| {
            let keys = profile_keys(&f.tf, &df);
            let wanted: Vec<u64> = keys.iter().map(|k| k.0).collect();
            StoryProfile {
                labels: labels_of(d, &wanted),
                keys,
                sentence_keys: f.sentence_keys,
                day: date.and_then(days_from_iso),
            }
        })
        .collect()
}

fn cosine(a: Profile<'_>, b: Profile<'_>) -> (f64, Vec<u64>) {
    let (mut i, mut j) = (0, 0);
    let mut dot = 0.0f64;
    let mut shared = Vec::new();
    while i < a.keys.len() && j < b.keys.len() {
        match a.keys[i].cmp(&b.keys[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a.weights[i] as f64 * b.weights[j] as f64;
                shared.push(a.keys[i]);
                i += 1;
                j += 1;
            }
        }
    }
    let (na, nb) = (a.norm(), b.norm());
    let c = if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    };
    (c, shared)
}

fn shared_sentences(a: &[Vec<u64>], b: &[Vec<u64>]) -> usize {
    a.iter()
        .filter(|sa| sa.len() >= MIN_SENTENCE_KEYS)
        .filter(|sa| {
            b.iter()
                .filter(|sb| sb.len() >= MIN_SENTENCE_KEYS)
                .any(|sb| {
                    let (j, _, _) = super::reprints::exact_scores(sa, sb);
                    j >= SAME_SENTENCE
                })
        })
        .count()
}

/// Score a pair of profiles.
pub fn evidence(a: usize, b: usize, pa: &StoryProfile, pb: &StoryProfile) -> StoryEvidence {
    let (ka, wa): (Vec<u64>, Vec<f32>) = pa.keys.iter().copied().unzip();
    let (kb, wb): (Vec<u64>, Vec<f32>) = pb.keys.iter().copied().unzip();
    let mut e = evidence_of(
        (a, Profile::new(&ka, &wa), &pa.sentence_keys, pa.day),
        (b, Profile::new(&kb, &wb), &pb.sentence_keys, pb.day),
    );
    e.shared_labels = e
        .shared_keys
        .iter()
        .filter_map(|k| {
            pa.labels
                .binary_search_by_key(k, |l| l.0)
                .ok()
                .map(|i| pa.labels[i].1.clone())
        })
        .collect();
    e.shared_labels.sort();
    e
}

/// One side of a story comparison: index, profile, sentence keys, day.
pub type Side<'a> = (usize, Profile<'a>, &'a [Vec<u64>], Option<i64>);

/// Score a pair from the parts of their profiles; `shared_labels` is left empty (the labels
/// need the documents: [`labels_of`] on `a`'s document, then sorted).
pub fn evidence_of(a: Side<'_>, b: Side<'_>) -> StoryEvidence {
    let (cos, shared) = cosine(a.1, b.1);
    StoryEvidence {
        a: a.0,
        b: b.0,
        cosine: cos,
        shared_sentences: shared_sentences(a.2, b.2),
        shared_keys: shared,
        shared_labels: Vec::new(),
        days_apart: a.3.zip(b.3).map(|(x, y)| (x - y).abs()),
    }
}

/// Does the evidence link the two articles into one story under `cfg`?
pub fn is_same_story(cfg: &StoryConfig, e: &StoryEvidence) -> bool {
    let dates_ok = e.days_apart.is_none_or(|d| d <= cfg.max_days_apart as i64);
    dates_ok && (e.cosine >= cfg.min_similarity || e.shared_sentences >= 2)
}

/// Can articles published on these days (days since the epoch, when known) be linked under
/// `cfg`? When not, [`is_same_story`] rejects the pair whatever its evidence, so callers skip
/// the evidence.
pub fn dates_allow(cfg: &StoryConfig, a: Option<i64>, b: Option<i64>) -> bool {
    a.zip(b)
        .is_none_or(|(x, y)| (x - y).abs() <= cfg.max_days_apart as i64)
}

/// One article's story profile: distinctive keys, sorted, and their tf-idf weights.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    pub keys: &'a [u64],
    pub weights: &'a [f32],
}

impl<'a> Profile<'a> {
    pub fn new(keys: &'a [u64], weights: &'a [f32]) -> Self {
        debug_assert_eq!(keys.len(), weights.len());
        Profile { keys, weights }
    }

    /// Euclidean norm of the weights.
    fn norm(&self) -> f64 {
        self.weights
            .iter()
            .map(|&w| (w as f64).powi(2))
            .sum::<f64>()
            .sqrt()
    }
}

/// Candidate pairs sharing at least two distinctive keys (inverted index, common keys skipped).
pub fn candidates(profiles: &[StoryProfile]) -> Vec<(usize, usize)> {
    let keys: Vec<Vec<u64>> = profiles
        .iter()
        .map(|p| p.keys.iter().map(|k| k.0).collect())
        .collect();
    let mut out = Vec::new();
    for_each_candidate(
        keys.len(),
        |i| keys[i].as_slice(),
        |pass| out.extend(pass.iter().map(|&(a, b)| (a as usize, b as usize))),
    );
    out
}

/// `(key, article)` postings sorted at once by [`for_each_candidate`]: larger batches are split
/// into key partitions so that memory holds one partition, not every article's keys in a hash map.
const POSTINGS_PER_PARTITION: usize = 8 << 20;
/// Candidate pairs expanded at once by [`for_each_candidate`] before counting shared keys: larger
/// batches are expanded in ranges of the first article.
const PAIRS_PER_PASS: usize = 16 << 20;

/// Story candidates of `n` articles whose profile keys `keys_of` gives: every pair `(a, b)`,
/// `a < b`, sharing at least two keys that at most [`MAX_POSTINGS`] articles carry. `each` is
/// called once per pass with that pass's pairs, sorted; passes cover increasing ranges of `a`,
/// so all calls together give the pairs in sorted order, and the caller can score and drop each
/// pass's pairs before the next (memory holds one pass, not every candidate of the batch).
pub fn for_each_candidate<'a>(
    n: usize,
    keys_of: impl Fn(usize) -> &'a [u64] + Sync,
    each: impl FnMut(&[(u32, u32)]),
) {
    CandidateIndex::new(n, keys_of).for_each_candidate(each)
}

/// The posting lists story candidates are expanded from: [`for_each_candidate`] in two steps, so
/// a caller can free the profile keys the index was built from before the candidates are scored.
pub struct CandidateIndex {
    n: usize,
    /// Posting lists of the keys carried by 2..=MAX_POSTINGS articles, ids ascending, flat:
    /// list `l` is `postings[list_at[l]..list_at[l + 1]]`.
    postings: Vec<u32>,
    list_at: Vec<u32>,
    /// Lists in order of their first article (ties by position: deterministic).
    by_first: Vec<u32>,
}

impl CandidateIndex {
    /// The posting lists of `n` articles whose profile keys `keys_of` gives.
    pub fn new<'a>(n: usize, keys_of: impl Fn(usize) -> &'a [u64] + Sync) -> CandidateIndex {
        CandidateIndex::partitioned(n, keys_of, POSTINGS_PER_PARTITION)
    }

    fn partitioned<'a>(
        n: usize,
        keys_of: impl Fn(usize) -> &'a [u64] + Sync,
        postings_per_partition: usize,
    ) -> CandidateIndex {
        assert!(
            n <= u32::MAX as usize,
            "story linking indexes articles as u32"
        );
        let total: usize = (0..n).map(|i| keys_of(i).len()).sum();
        assert!(
            total <= u32::MAX as usize,
            "story linking indexes profile keys as u32"
        );
        let parts = total.div_ceil(postings_per_partition).max(1) as u64;
        let mut postings: Vec<u32> = Vec::new();
        let mut list_at: Vec<u32> = Vec::new();
        let mut entries: Vec<(u64, u32)> = Vec::new();
        for part in 0..parts {
            entries.clear();
            entries.par_extend((0..n).into_par_iter().flat_map_iter(|i| {
                keys_of(i)
                    .iter()
                    .filter(move |&&k| k % parts == part)
                    .map(move |&k| (k, i as u32))
            }));
            entries.par_sort_unstable();
            let mut start = 0;
            while start < entries.len() {
                let mut end = start + 1;
                while end < entries.len() && entries[end].0 == entries[start].0 {
                    end += 1;
                }
                if (2..=MAX_POSTINGS).contains(&(end - start)) {
                    list_at.push(postings.len() as u32);
                    postings.extend(entries[start..end].iter().map(|e| e.1));
                }
                start = end;
            }
        }
        drop(entries);
        let lists = list_at.len();
        list_at.push(postings.len() as u32);
        postings.shrink_to_fit();
        list_at.shrink_to_fit();
        let mut index = CandidateIndex {
            n,
            postings,
            list_at,
            by_first: (0..lists as u32).collect(),
        };
        let mut by_first = std::mem::take(&mut index.by_first);
        by_first.par_sort_unstable_by_key(|&l| (index.list(l as usize)[0], l));
        index.by_first = by_first;
        index
    }

    fn list(&self, l: usize) -> &[u32] {
        &self.postings[self.list_at[l] as usize..self.list_at[l + 1] as usize]
    }

    /// [`for_each_candidate`]'s passes over the index.
    pub fn for_each_candidate(&self, each: impl FnMut(&[(u32, u32)])) {
        self.passes(PAIRS_PER_PASS, each)
    }

    fn passes(&self, pairs_per_pass: usize, mut each: impl FnMut(&[(u32, u32)])) {
        let lists = self.by_first.len();
        let list = |l: usize| self.list(l);
        // Pairs sharing at least two keys, expanded a range of first articles at a time.
        let expanded: usize = (0..lists)
            .map(|l| {
                let len = list(l).len();
                len * (len - 1) / 2
            })
            .sum();
        let passes = expanded.div_ceil(pairs_per_pass).max(1);
        let span = (self.n as u64).div_ceil(passes as u64).max(1);
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        // Each list is walked once over all passes: `cursor` is where its next first article is,
        // and only lists that have started (sorted by first article) and still have a pair left
        // are visited, so the work is linear in the entries and pairs, not in entries x passes.
        let mut cursor: Vec<u16> = vec![0; lists];
        let mut started = 0;
        let mut active: Vec<u32> = Vec::new();
        for pass in 0..passes as u64 {
            let hi = (pass + 1) * span;
            while started < lists && u64::from(list(self.by_first[started] as usize)[0]) < hi {
                active.push(self.by_first[started]);
                started += 1;
            }
            pairs.clear();
            active.retain(|&li| {
                let l = list(li as usize);
                let mut x = usize::from(cursor[li as usize]);
                while x + 1 < l.len() && u64::from(l[x]) < hi {
                    for &y in &l[x + 1..] {
                        pairs.push((l[x], y));
                    }
                    x += 1;
                }
                cursor[li as usize] = x as u16;
                x + 1 < l.len()
            });
            pairs.par_sort_unstable();
            // Pairs found at least twice, compacted in place to the front of `pairs`.
            let (mut i, mut twice) = (0, 0);
            while i < pairs.len() {
                let mut j = i;
                while j < pairs.len() && pairs[j] == pairs[i] {
                    j += 1;
                }
                if j - i >= 2 {
                    pairs[twice] = pairs[i];
                    twice += 1;
                }
                i = j;
            }
            if twice > 0 {
                each(&pairs[..twice]);
            }
        }
    }
}

#[cfg(test)]
fn candidates_in<'a>(
    n: usize,
    keys_of: impl Fn(usize) -> &'a [u64] + Sync,
    each: impl FnMut(&[(u32, u32)]),
    postings_per_partition: usize,
    pairs_per_pass: usize,
) {
    CandidateIndex::partitioned(n, keys_of, postings_per_partition).passes(pairs_per_pass, each)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_do_not_depend_on_partitions() {
        // 60 articles over 40 keys: many keys shared by several articles.
        let profiles: Vec<Vec<(u64, f32)>> = (0..60u64)
            .map(|i| {
                let mut keys: Vec<(u64, f32)> = (0..8u64)
                    .map(|j| (crate::sketch::mix64(i * 7 + j * 13) % 40, 1.0))
                    .collect();
                keys.sort_by_key(|k| k.0);
                keys.dedup_by_key(|k| k.0);
                keys
            })
            .collect();
        let keys: Vec<Vec<u64>> = profiles
            .iter()
            .map(|p| p.iter().map(|k| k.0).collect())
            .collect();
        let run = |per_partition, per_pass| {
            let mut out = Vec::new();
            let mut calls = 0;
            candidates_in(
                keys.len(),
                |i| keys[i].as_slice(),
                |pass| {
                    calls += 1;
                    out.extend(pass.iter().map(|&(a, b)| (a as usize, b as usize)))
                },
                per_partition,
                per_pass,
            );
            (out, calls)
        };
        let (whole, calls) = run(usize::MAX, usize::MAX);
        assert!(!whole.is_empty());
        assert_eq!(calls, 1);
        let (small, calls) = run(7, 5);
        assert_eq!(small, whole);
        assert!(calls > 1);
        assert_eq!(run(1, 1).0, whole);
        // Brute force: pairs of articles sharing at least two keys (every key here has fewer
        // than MAX_POSTINGS articles).
        let mut brute = Vec::new();
        for a in 0..profiles.len() {
            for b in a + 1..profiles.len() {
                let shared = profiles[a]
                    .iter()
                    .filter(|(k, _)| profiles[b].iter().any(|(l, _)| l == k))
                    .count();
                if shared >= 2 {
                    brute.push((a, b));
                }
            }
        }
        assert_eq!(whole, brute);
    }

    #[test]
    fn keys_too_common_generate_no_candidates() {
        // Keys 1 and 2 are carried by MAX_POSTINGS + 1 articles: too common, no pairs. Keys 10
        // and 11 by articles 0..MAX_POSTINGS only: every pair of those (the cap is inclusive).
        let n = MAX_POSTINGS + 1;
        let keys: Vec<Vec<u64>> = (0..n)
            .map(|i| {
                let mut k = vec![1, 2];
                if i < MAX_POSTINGS {
                    k.extend([10, 11]);
                }
                k
            })
            .collect();
        let mut got = 0usize;
        let mut last_a = 0u32;
        candidates_in(
            n,
            |i| keys[i].as_slice(),
            |pass| {
                got += pass.len();
                assert!(pass
                    .iter()
                    .all(|&(a, b)| a < b && (b as usize) < MAX_POSTINGS));
                assert!(pass[0].0 >= last_a);
                last_a = pass[pass.len() - 1].0;
            },
            usize::MAX,
            1000,
        );
        assert_eq!(got, MAX_POSTINGS * (MAX_POSTINGS - 1) / 2);
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(
            days_from_iso("2017-10-18").unwrap() - days_from_iso("2017-10-15").unwrap(),
            3
        );
        assert_eq!(
            days_from_iso("2016-03-01").unwrap() - days_from_iso("2016-02-28").unwrap(),
            2
        );
        assert_eq!(days_from_iso("junk"), None);
    }

    #[test]
    fn rewritten_story_links_and_unrelated_does_not() {
        let a = Document::new("Colonel Ryan Dillon said 275 fighters left Raqqa under the deal brokered by tribal elders. Omar Alloush confirmed the convoy.", None);
        let b = Document::new("Under a deal with tribal elders, 275 fighters and their families left Raqqa, Omar Alloush told reporters. Dillon declined to comment.", None);
        let c = Document::new(
            "The central bank raised interest rates by half a point on Tuesday to curb inflation.",
            None,
        );
        let docs = [&a, &b, &c];
        let p = profiles(&docs, &[None, None, None]);
        let cfg = crate::Config::default().story;
        let ab = evidence(0, 1, &p[0], &p[1]);
        let ac = evidence(0, 2, &p[0], &p[2]);
        assert!(is_same_story(&cfg, &ab), "{ab:?}");
        assert!(!is_same_story(&cfg, &ac), "{ac:?}");
        assert!(ab.shared_labels.contains(&"275".to_string()));
    }
}
