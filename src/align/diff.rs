//! Token diff of aligned sentences, computed on token keys and reported as original byte spans.
//!
//! Tokens are compared by their light-stem key (or, for long words, their spelling-tolerant
//! skeleton), so quote marks, punctuation, clitics, digit styles and spelling variants never show
//! up as changes. Each run of equal, deleted or inserted tokens becomes one [`DiffOp`] whose spans
//! run from the first token's first original byte to the last token's last original byte.

use super::similarity::fuzzy_key;
use crate::report::model::{DiffOp, Span};
use crate::text::Document;
use similar::{capture_diff_slices, Algorithm, DiffTag};
use std::ops::Range;

/// Diff key and original byte range of every content token of `sentences` (in order).
fn token_run(doc: &Document, sentences: &[usize]) -> (Vec<u64>, Vec<Range<usize>>) {
    let mut keys = Vec::new();
    let mut spans = Vec::new();
    for &s in sentences {
        for t in doc.sentence_tokens(s).iter().filter(|t| !t.is_clitic) {
            keys.push(fuzzy_key(doc, t).1);
            spans.push(
                doc.norm
                    .original_range(t.norm.start as usize..t.norm.end as usize),
            );
        }
    }
    (keys, spans)
}

fn span_of(spans: &[Range<usize>], r: Range<usize>) -> Option<Span> {
    if r.is_empty() {
        return None;
    }
    Some(Span {
        start: spans[r.start].start,
        end: spans[r.end - 1].end,
    })
}

/// Token diff of sentences `a_sentences` of `a` against `b_sentences` of `b`.
///
/// Ops come in text order and cover every content token once; a replacement is a `delete`
/// followed by an `insert`; adjacent ops of the same kind are merged. When either side has more
/// than `max_tokens` tokens the diff is not computed: one `delete` and one `insert` cover the
/// texts, and the function returns `false` as its second value.
pub fn diff_sentences(
    a: &Document,
    a_sentences: &[usize],
    b: &Document,
    b_sentences: &[usize],
    max_tokens: usize,
) -> (Vec<DiffOp>, bool) {
    let (ka, sa) = token_run(a, a_sentences);
    let (kb, sb) = token_run(b, b_sentences);
    // (tag, a token range, b token range); tag 0 equal, 1 delete, 2 insert.
    let mut runs: Vec<(u8, Range<usize>, Range<usize>)> = Vec::new();
    let mut push = |tag: u8, ra: Range<usize>, rb: Range<usize>| {
        if ra.is_empty() && rb.is_empty() {
            return;
        }
        if let Some(last) = runs.last_mut() {
            if last.0 == tag {
                // Runs from `similar` are contiguous: extend the previous one.
                last.1.end = ra.end;
                last.2.end = rb.end;
                return;
            }
        }
        runs.push((tag, ra, rb));
    };
    let within = ka.len() <= max_tokens && kb.len() <= max_tokens;
    if within {
        for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
            let (tag, ra, rb) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => push(0, ra, rb),
                DiffTag::Delete => push(1, ra, rb.start..rb.start),
                DiffTag::Insert => push(2, ra.start..ra.start, rb),
                DiffTag::Replace => {
                    push(1, ra.clone(), rb.start..rb.start);
                    push(2, ra.end..ra.end, rb);
                }
            }
        }
    } else {
        push(1, 0..ka.len(), 0..0);
        push(2, ka.len()..ka.len(), 0..kb.len());
    }
    let ops = runs
        .into_iter()
        .map(|(tag, ra, rb)| DiffOp {
            op: match tag {
                0 => "equal",
                1 => "delete",
                _ => "insert",
            }
            .to_string(),
            a: if tag == 2 { None } else { span_of(&sa, ra) },
            b: if tag == 1 { None } else { span_of(&sb, rb) },
        })
        .collect();
    (ops, within)
}
