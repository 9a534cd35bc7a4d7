//! Align stage: sentence alignment inside a story group (1:1, 1:n, n:1, moved, unaligned) and
//! token diffs of aligned sentences.
//!
//! Non-neural and cheap, because it runs on every pair of every story group:
//! 1. every sentence becomes a weighted set of light-stem keys ([`PairScorer`]: weights are
//!    IDF-like within the pair, numbers are anchors, spelling variants match fuzzily);
//! 2. sentence pairs sharing a discriminative key are scored (inverted index, bounded by
//!    [`AlignLimits::max_scored_pairs`]);
//! 3. the best pairs above [`LINK_MIN_SIMILARITY`] are linked greedily, in any order, so moved
//!    sentences are found;
//! 4. links grow into 1:n / n:1 with adjacent sentences that they contain (splits and merges);
//! 5. unlinked sentences sitting between the same links on both sides are linked from the lower
//!    [`CONTEXT_MIN_SIMILARITY`] (rewritten sentences that kept their place);
//! 6. links outside the heaviest non-crossing chain are marked `moved`, and dropped when their
//!    similarity is below [`MOVED_MIN_SIMILARITY`] (topic overlap, not a moved sentence);
//! 7. each link gets a token diff ([`diff_sentences`]) with original byte spans.

mod diff;
mod sentences;
mod similarity;

#[cfg(test)]
mod eval;
#[cfg(test)]
mod tests;

pub use diff::diff_sentences;
pub use sentences::{
    CONTEXT_MIN_SIMILARITY, EXTEND_MIN_CONTAINMENT, EXTEND_MIN_GAIN, LINK_MIN_SIMILARITY,
    MOVED_MIN_SIMILARITY,
};
pub use similarity::{
    sentence_similarity, Overlap, PairScorer, FUNCTION_WORD_FACTOR, FUZZY_CREDIT, NUMBER_BOOST,
};

use crate::report::model::{AlignedPair, LimitHit, PairAlignment, StoryAlignment};
use crate::text::Document;

/// Work bounds of the aligner. When one is reached the aligner falls back (sentences past the
/// cap stay unaligned, pairs past the cap are not scored, a long link is shown as one
/// delete + insert) and says so in [`AlignOutcome::limits_hit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignLimits {
    /// Sentences of each article considered; later ones are reported unaligned.
    pub max_sentences: usize,
    /// Sentence pairs scored per article pair.
    pub max_scored_pairs: usize,
    /// Sentences in one link (both sides together).
    pub max_link_sentences: usize,
    /// Tokens per side of a link the token diff handles.
    pub max_diff_tokens: usize,
}

impl Default for AlignLimits {
    fn default() -> Self {
        AlignLimits {
            max_sentences: 1_000,
            max_scored_pairs: 200_000,
            max_link_sentences: 6,
            max_diff_tokens: 2_000,
        }
    }
}

/// An article pair's alignment plus the work bounds it hit.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOutcome {
    pub alignment: PairAlignment,
    pub limits_hit: Vec<LimitHit>,
}

/// Align the sentences of two articles of a story group, with default limits.
///
/// Links are sorted by their first `a` sentence; every sentence index of each article appears
/// exactly once, either in one link or in the unaligned list.
pub fn align_pair(a_id: &str, a: &Document, b_id: &str, b: &Document) -> PairAlignment {
    align_pair_with(a_id, a, b_id, b, &AlignLimits::default()).alignment
}

/// Align the sentences of two articles under explicit work bounds.
pub fn align_pair_with(
    a_id: &str,
    a: &Document,
    b_id: &str,
    b: &Document,
    limits: &AlignLimits,
) -> AlignOutcome {
    let scorer = PairScorer::with_max_sentences(a, b, limits.max_sentences);
    align_with_scorer(a_id, a, b_id, b, &scorer, limits)
}

/// Align with a scorer the caller already built for this pair (and may reuse afterwards, e.g. to
/// compare unaligned sentences).
pub fn align_with_scorer(
    a_id: &str,
    a: &Document,
    b_id: &str,
    b: &Document,
    scorer: &PairScorer,
    limits: &AlignLimits,
) -> AlignOutcome {
    align_tuned(
        a_id,
        a,
        b_id,
        b,
        scorer,
        limits,
        sentences::Thresholds::default(),
    )
}

fn align_tuned(
    a_id: &str,
    a: &Document,
    b_id: &str,
    b: &Document,
    scorer: &PairScorer,
    limits: &AlignLimits,
    thresholds: sentences::Thresholds,
) -> AlignOutcome {
    let raw = sentences::align_sentences(scorer, limits, thresholds);
    let mut limits_hit = Vec::new();
    let pair = format!("{a_id} vs {b_id}");
    for (doc, id) in [(a, a_id), (b, b_id)] {
        if doc.sentences.len() > limits.max_sentences {
            limits_hit.push(LimitHit {
                limit: "align.max_sentences".into(),
                detail: format!(
                    "{pair}: {id} has {} sentences; only the first {} were aligned",
                    doc.sentences.len(),
                    limits.max_sentences
                ),
            });
        }
    }
    if raw.pair_limit_hit {
        limits_hit.push(LimitHit {
            limit: "align.max_scored_pairs".into(),
            detail: format!(
                "{pair}: stopped after scoring {} sentence pairs; later sentences of {a_id} \
                 may be reported unaligned",
                limits.max_scored_pairs
            ),
        });
    }
    let mut diff_fallbacks = 0usize;
    let links = raw
        .links
        .into_iter()
        .map(|l| {
            let (diff, complete) = diff_sentences(a, &l.a, b, &l.b, limits.max_diff_tokens);
            if !complete {
                diff_fallbacks += 1;
            }
            let kind = match (l.a.len(), l.b.len()) {
                (1, 1) => "1:1",
                (1, _) => "1:n",
                _ => "n:1",
            };
            AlignedPair {
                kind: kind.to_string(),
                similarity: crate::report::round4(l.similarity.min(1.0)),
                moved: l.moved,
                a_sentences: l.a,
                b_sentences: l.b,
                diff,
            }
        })
        .collect();
    if diff_fallbacks > 0 {
        limits_hit.push(LimitHit {
            limit: "align.max_diff_tokens".into(),
            detail: format!(
                "{pair}: {diff_fallbacks} link(s) longer than {} tokens shown as one \
                 delete + insert",
                limits.max_diff_tokens
            ),
        });
    }
    AlignOutcome {
        alignment: PairAlignment {
            a: a_id.to_string(),
            b: b_id.to_string(),
            links,
            unaligned_a: raw.unaligned_a,
            unaligned_b: raw.unaligned_b,
        },
        limits_hit,
    }
}

/// Align every pair of a story group's articles (`members` as `(id, document)`), pairs in member
/// order (`a` before `b`). Sort members by id first for deterministic output.
pub fn align_group(
    group_id: &str,
    members: &[(&str, &Document)],
    limits: &AlignLimits,
) -> (StoryAlignment, Vec<LimitHit>) {
    let mut pairs = Vec::new();
    let mut limits_hit = Vec::new();
    for (x, &(a_id, a)) in members.iter().enumerate() {
        for &(b_id, b) in &members[x + 1..] {
            let out = align_pair_with(a_id, a, b_id, b, limits);
            pairs.push(out.alignment);
            limits_hit.extend(out.limits_hit);
        }
    }
    (
        StoryAlignment {
            group: group_id.to_string(),
            pairs,
        },
        limits_hit,
    )
}
