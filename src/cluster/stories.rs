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
/// A key carried by more articles than this is too common to generate candidates.
const MAX_POSTINGS: usize = 200;
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

/// Build story profiles for a batch (document frequencies from the batch itself).
pub fn profiles(docs: &[&Document], dates: &[Option<&str>]) -> Vec<StoryProfile> {
    let n = docs.len();
    let step = n.div_ceil(DF_SAMPLE).max(1);
    let sample: Vec<usize> = (0..n).step_by(step).collect();
    let per_doc: Vec<Vec<u64>> = sample
        .par_iter()
        .map(|&i| {
            let d = docs[i];
            let mut keys = Vec::new();
            for s in &d.sentences {
                features(d, &content_tokens(d, s), |k, _, _| keys.push(k));
            }
            keys.sort_unstable();
            keys.dedup();
            keys
        })
        .collect();
    let mut df: AHashMap<u64, u32> = AHashMap::new();
    for keys in &per_doc {
        for &k in keys {
            *df.entry(k).or_insert(0) += 1;
        }
    }
    let sampled = sample.len() as f64;
    let exact_df = step == 1;
    docs.par_iter()
        .zip(dates.par_iter())
        .map(|(d, date)| {
            let mut tf: AHashMap<u64, (u32, usize, usize)> = AHashMap::new();
            let mut sentence_keys = Vec::with_capacity(d.sentences.len());
            for s in &d.sentences {
                let content = content_tokens(d, s);
                features(d, &content, |k, first, last| {
                    tf.entry(k).or_insert((0, first, last)).0 += 1
                });
                let mut sk: Vec<u64> = content.iter().map(|&t| d.tokens[t].hash).collect();
                sk.sort_unstable();
                sk.dedup();
                sentence_keys.push(sk);
            }
            // A feature no other article carries cannot link this one to anything; when the
            // frequencies are exact (no sampling) leave such features out of the profile.
            let mut weighted: Vec<(u64, f32, usize, usize)> = tf
                .into_iter()
                .filter(|(k, _)| !exact_df || df.get(k).is_some_and(|&c| c >= 2))
                .map(|(k, (count, first, last))| {
                    let dfk = df.get(&k).copied().unwrap_or(0) as f64;
                    let idf = ((sampled + 1.0) / (dfk + 1.0)).ln() + 1.0;
                    let w = (1.0 + (count as f64).ln()) * idf;
                    (k, w as f32, first, last)
                })
                .collect();
            weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            weighted.truncate(PROFILE_KEYS);
            let text = &d.norm.text;
            let mut labels: Vec<(u64, String)> = weighted
                .iter()
                .map(|&(k, _, first, last)| {
                    let label = if first == last {
                        d.tokens[first].text(text).to_string()
                    } else {
                        format!(
                            "{} {}",
                            d.tokens[first].text(text),
                            d.tokens[last].text(text)
                        )
                    };
                    (k, label)
                })
                .collect();
            labels.sort_by_key(|l| l.0);
            let mut keys: Vec<(u64, f32)> =
                weighted.into_iter().map(|(k, w, _, _)| (k, w)).collect();
            keys.sort_by_key(|k| k.0);
            StoryProfile {
                keys,
                sentence_keys,
                labels,
                day: date.and_then(days_from_iso),
            }
        })
        .collect()
}

fn cosine(a: &[(u64, f32)], b: &[(u64, f32)]) -> (f64, Vec<u64>) {
    let (mut i, mut j) = (0, 0);
    let mut dot = 0.0f64;
    let mut shared = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 as f64 * b[j].1 as f64;
                shared.push(a[i].0);
                i += 1;
                j += 1;
            }
        }
    }
    let na: f64 = a.iter().map(|x| (x.1 as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| (x.1 as f64).powi(2)).sum::<f64>().sqrt();
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
    let (cos, shared) = cosine(&pa.keys, &pb.keys);
    let mut shared_labels: Vec<String> = shared
        .iter()
        .filter_map(|k| {
            pa.labels
                .binary_search_by_key(k, |l| l.0)
                .ok()
                .map(|i| pa.labels[i].1.clone())
        })
        .collect();
    shared_labels.sort();
    StoryEvidence {
        a,
        b,
        cosine: cos,
        shared_sentences: shared_sentences(&pa.sentence_keys, &pb.sentence_keys),
        shared_labels,
        days_apart: pa.day.zip(pb.day).map(|(x, y)| (x - y).abs()),
    }
}

/// Does the evidence link the two articles into one story under `cfg`?
pub fn is_same_story(cfg: &StoryConfig, e: &StoryEvidence) -> bool {
    let dates_ok = e.days_apart.is_none_or(|d| d <= cfg.max_days_apart as i64);
    dates_ok && (e.cosine >= cfg.min_similarity || e.shared_sentences >= 2)
}

/// Candidate pairs sharing at least two distinctive keys (inverted index, common keys skipped).
pub fn candidates(profiles: &[StoryProfile]) -> Vec<(usize, usize)> {
    let mut postings: AHashMap<u64, Vec<u32>> = AHashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        for &(k, _) in &p.keys {
            postings.entry(k).or_default().push(i as u32);
        }
    }
    let mut lists: Vec<Vec<u32>> = postings
        .into_values()
        .filter(|l| l.len() >= 2 && l.len() <= MAX_POSTINGS)
        .collect();
    lists.sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for l in &lists {
        for x in 0..l.len() {
            for y in x + 1..l.len() {
                pairs.push((l[x], l[y]));
            }
        }
    }
    pairs.sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        if j - i >= 2 {
            out.push((pairs[i].0 as usize, pairs[i].1 as usize));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
