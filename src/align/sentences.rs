//! The sentence aligner: candidate pairs from an inverted index, greedy order-free 1:1 links,
//! extension to 1:n / n:1, a context pass for paraphrased sentences between two links, and
//! moved links found as those outside the heaviest non-crossing chain.

use super::similarity::PairScorer;
use super::AlignLimits;

/// A link accepted by the greedy pass: similarity above this (weighted Dice, `0..=1`).
pub const LINK_MIN_SIMILARITY: f64 = 0.30;
/// A sentence between two links (its neighbours are linked to the neighbours of its
/// counterpart) is linked from this similarity on.
pub const CONTEXT_MIN_SIMILARITY: f64 = 0.18;
/// A link is extended with an adjacent sentence only when this share of that sentence's weight
/// is found on the other side...
pub const EXTEND_MIN_CONTAINMENT: f64 = 0.5;
/// ...and the link's similarity rises by at least this much.
pub const EXTEND_MIN_GAIN: f64 = 0.02;
/// A link that crosses the main chain (a moved sentence) is kept only from this similarity on:
/// sentences of one story that merely share its topic words score up to ~0.33 and, unlike real
/// moved sentences (>= 0.7 in the measurements), usually land out of order.
pub const MOVED_MIN_SIMILARITY: f64 = 0.40;
/// Two sentences must share at least this many keys to be linked (fewer when one has fewer).
const MIN_MATCHED_KEYS: usize = 2;

/// The two similarity thresholds of the aligner (defaults: [`LINK_MIN_SIMILARITY`],
/// [`CONTEXT_MIN_SIMILARITY`]); a separate value so the measurement can sweep them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    pub link_min: f64,
    pub context_min: f64,
    pub moved_min: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            link_min: LINK_MIN_SIMILARITY,
            context_min: CONTEXT_MIN_SIMILARITY,
            moved_min: MOVED_MIN_SIMILARITY,
        }
    }
}

/// One link under construction.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub similarity: f64,
    pub moved: bool,
}

/// Result of the aligner before diffs are attached.
#[derive(Debug, Default)]
pub(crate) struct RawAlignment {
    pub links: Vec<Link>,
    pub unaligned_a: Vec<usize>,
    pub unaligned_b: Vec<usize>,
    /// Candidate scoring stopped at `max_scored_pairs`.
    pub pair_limit_hit: bool,
}

/// Align the sentences of two articles (the first `limits.max_sentences` of each).
pub(crate) fn align_sentences(
    scorer: &PairScorer,
    limits: &AlignLimits,
    th: Thresholds,
) -> RawAlignment {
    let (na_all, nb_all) = scorer.len();
    let na = na_all.min(limits.max_sentences);
    let nb = nb_all.min(limits.max_sentences);

    let (candidates, pair_limit_hit) =
        score_candidates(scorer, na, nb, limits.max_scored_pairs, th.link_min);

    // Greedy, order-free 1:1 links: best pairs first, so moved sentences are found too.
    let mut a_link: Vec<Option<usize>> = vec![None; na_all];
    let mut b_link: Vec<Option<usize>> = vec![None; nb_all];
    let mut links: Vec<Link> = Vec::new();
    for &(sim, i, j) in &candidates {
        if sim < th.link_min {
            break;
        }
        if a_link[i].is_none() && b_link[j].is_none() {
            a_link[i] = Some(links.len());
            b_link[j] = Some(links.len());
            links.push(Link {
                a: vec![i],
                b: vec![j],
                similarity: sim,
                moved: false,
            });
        }
    }

    extend_links(
        scorer,
        &mut links,
        &mut a_link,
        &mut b_link,
        na,
        nb,
        limits.max_link_sentences,
    );
    link_by_context(
        scorer,
        &mut links,
        &mut a_link,
        &mut b_link,
        (na, nb),
        th.context_min,
    );

    links.sort_by(|x, y| x.a[0].cmp(&y.a[0]));
    mark_moved(&mut links);
    if links.iter().any(|l| l.moved && l.similarity < th.moved_min) {
        for l in links
            .iter()
            .filter(|l| l.moved && l.similarity < th.moved_min)
        {
            l.a.iter().for_each(|&i| a_link[i] = None);
            l.b.iter().for_each(|&j| b_link[j] = None);
        }
        links.retain(|l| !(l.moved && l.similarity < th.moved_min));
        mark_moved(&mut links);
    }
    RawAlignment {
        unaligned_a: (0..na_all).filter(|&i| a_link[i].is_none()).collect(),
        unaligned_b: (0..nb_all).filter(|&j| b_link[j].is_none()).collect(),
        links,
        pair_limit_hit,
    }
}

/// Score the sentence pairs that can reach `min_sim`, at most `max_pairs` of them. Returns
/// `(similarity, i, j)` sorted best first (ties by indices), keeping only pairs that share enough
/// keys and reach `min_sim`.
///
/// An inverted index on the fuzzy keys of `b` accumulates, for every pair sharing a key, the
/// weight of the shared fuzzy keys on both sides: an upper bound of the matched weights (an exact
/// match implies a fuzzy match, and a fuzzy match earns at most its weight). Pairs whose bound
/// stays below `min_sim` are never scored, so most of the `n * m` pairs cost a few additions.
pub(super) fn score_candidates(
    scorer: &PairScorer,
    na: usize,
    nb: usize,
    max_pairs: usize,
    min_sim: f64,
) -> (Vec<(f64, usize, usize)>, bool) {
    let mut postings: ahash::AHashMap<u64, Vec<(u32, f64)>> = ahash::AHashMap::new();
    for j in 0..nb {
        for &(f, w) in &scorer.b_fz[j] {
            postings.entry(f).or_default().push((j as u32, w));
        }
    }
    let mut acc = vec![0.0f64; nb];
    let mut touched: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut scored = 0usize;
    let mut limit_hit = false;
    'outer: for i in 0..na {
        for &j in &touched {
            acc[j] = 0.0;
        }
        touched.clear();
        for &(f, wa) in &scorer.a_fz[i] {
            if let Some(p) = postings.get(&f) {
                for &(j, wb) in p {
                    let j = j as usize;
                    if acc[j] == 0.0 {
                        touched.push(j);
                    }
                    acc[j] += wa + wb;
                }
            }
        }
        touched.sort_unstable();
        for &j in &touched {
            let total = scorer.a_total[i] + scorer.b_total[j];
            if total <= 0.0 || acc[j] / total + 1e-9 < min_sim {
                continue;
            }
            if scored >= max_pairs {
                limit_hit = true;
                break 'outer;
            }
            scored += 1;
            let ov = scorer.overlap(i, j);
            let need = MIN_MATCHED_KEYS
                .min(scorer.a[i].len())
                .min(scorer.b[j].len());
            let sim = ov.dice();
            if ov.matched_keys >= need.max(1) && sim >= min_sim {
                out.push((sim, i, j));
            }
        }
    }
    out.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    (out, limit_hit)
}

/// Grow links into 1:n / n:1 with adjacent unlinked sentences (editors split and merge).
fn extend_links(
    scorer: &PairScorer,
    links: &mut [Link],
    a_link: &mut [Option<usize>],
    b_link: &mut [Option<usize>],
    na: usize,
    nb: usize,
    max_link_sentences: usize,
) {
    // Strongest links first; ties by position.
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by(|&x, &y| {
        links[y]
            .similarity
            .total_cmp(&links[x].similarity)
            .then(links[x].a[0].cmp(&links[y].a[0]))
    });
    for li in order {
        loop {
            let link = &links[li];
            if link.a.len() + link.b.len() > max_link_sentences {
                break;
            }
            // (gain, side_is_b, sentence): best extension, ties to the b side, then earlier.
            let mut best: Option<(f64, bool, usize)> = None;
            let mut consider = |side_b: bool, x: usize, new_sim: f64, containment: f64| {
                let gain = new_sim - links[li].similarity;
                if containment >= EXTEND_MIN_CONTAINMENT
                    && gain >= EXTEND_MIN_GAIN
                    && best.is_none_or(|(g, _, _)| gain > g)
                {
                    best = Some((gain, side_b, x));
                }
            };
            if link.a.len() == 1 {
                let lo = link.b[0];
                let hi = link.b[link.b.len() - 1];
                let mut cands = Vec::with_capacity(2);
                if lo > 0 && b_link[lo - 1].is_none() {
                    cands.push(lo - 1);
                }
                if hi + 1 < nb && b_link[hi + 1].is_none() {
                    cands.push(hi + 1);
                }
                for x in cands {
                    let mut set = link.b.clone();
                    set.push(x);
                    set.sort_unstable();
                    let full = scorer.overlap_sets(&link.a, &set);
                    let alone = scorer.overlap_sets(&link.a, &[x]);
                    consider(true, x, full.dice(), alone.containment_b());
                }
            }
            if link.b.len() == 1 {
                let lo = link.a[0];
                let hi = link.a[link.a.len() - 1];
                let mut cands = Vec::with_capacity(2);
                if lo > 0 && a_link[lo - 1].is_none() {
                    cands.push(lo - 1);
                }
                if hi + 1 < na && a_link[hi + 1].is_none() {
                    cands.push(hi + 1);
                }
                for x in cands {
                    let mut set = link.a.clone();
                    set.push(x);
                    set.sort_unstable();
                    let full = scorer.overlap_sets(&set, &link.b);
                    let alone = scorer.overlap_sets(&[x], &link.b);
                    consider(false, x, full.dice(), alone.containment_a());
                }
            }
            let Some((gain, side_b, x)) = best else { break };
            let link = &mut links[li];
            if side_b {
                link.b.push(x);
                link.b.sort_unstable();
                b_link[x] = Some(li);
            } else {
                link.a.push(x);
                link.a.sort_unstable();
                a_link[x] = Some(li);
            }
            link.similarity += gain;
        }
    }
}

/// Link a pair of unlinked sentences sandwiched between the same two links on both sides (or
/// between a link and the same edge of both articles) at a lower similarity: rewritten sentences
/// keep their place.
fn link_by_context(
    scorer: &PairScorer,
    links: &mut Vec<Link>,
    a_link: &mut [Option<usize>],
    b_link: &mut [Option<usize>],
    (na, nb): (usize, usize),
    context_min: f64,
) {
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..na {
            if a_link[i].is_some() {
                continue;
            }
            // The counterpart must sit right after the link of i-1 (or both at the start) and
            // right before the link of i+1 (or both at the end).
            let after_prev = if i == 0 {
                Some(0)
            } else {
                a_link[i - 1]
                    .filter(|&l| links[l].a.last() == Some(&(i - 1)))
                    .map(|l| links[l].b[links[l].b.len() - 1] + 1)
            };
            let before_next = if i + 1 == na {
                nb.checked_sub(1)
            } else {
                a_link[i + 1]
                    .filter(|&l| links[l].a[0] == i + 1)
                    .and_then(|l| links[l].b[0].checked_sub(1))
            };
            let mut best: Option<(f64, usize)> = None;
            if let (Some(j), Some(k)) = (after_prev, before_next) {
                if j == k && j < nb && b_link[j].is_none() {
                    let ov = scorer.overlap(i, j);
                    let sim = ov.dice();
                    if sim >= context_min && ov.matched_keys >= MIN_MATCHED_KEYS {
                        best = Some((sim, j));
                    }
                }
            }
            if let Some((sim, j)) = best {
                a_link[i] = Some(links.len());
                b_link[j] = Some(links.len());
                links.push(Link {
                    a: vec![i],
                    b: vec![j],
                    similarity: sim,
                    moved: false,
                });
                changed = true;
            }
        }
    }
}

/// Mark as moved the links outside the heaviest chain of non-crossing links (a weighted longest
/// increasing subsequence of `b` positions over links sorted by `a`; weight = sentences linked).
fn mark_moved(links: &mut [Link]) {
    let n = links.len();
    if n < 2 {
        return;
    }
    let mut best = vec![0usize; n];
    let mut prev = vec![usize::MAX; n];
    for k in 0..n {
        let w = links[k].a.len() + links[k].b.len();
        best[k] = w;
        for p in 0..k {
            // Non-crossing: every b of p precedes every b of k (a order holds by sorting).
            if links[p].b[links[p].b.len() - 1] < links[k].b[0] && best[p] + w > best[k] {
                best[k] = best[p] + w;
                prev[k] = p;
            }
        }
    }
    let mut end = 0;
    for k in 1..n {
        if best[k] > best[end] {
            end = k;
        }
    }
    let mut in_chain = vec![false; n];
    let mut k = end;
    while k != usize::MAX {
        in_chain[k] = true;
        k = prev[k];
    }
    for (l, keep) in links.iter_mut().zip(in_chain) {
        l.moved = !keep;
    }
}
