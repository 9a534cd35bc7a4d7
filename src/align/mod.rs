//! Align stage: sentence alignment inside a story group (1:1, 1:n, n:1, moved, unaligned) and
//! token diffs of aligned sentences.

use crate::report::model::PairAlignment;
use crate::text::Document;

/// Align the sentences of two articles of a story group (stub: everything unaligned).
pub fn align_pair(a_id: &str, a: &Document, b_id: &str, b: &Document) -> PairAlignment {
    PairAlignment {
        a: a_id.to_string(),
        b: b_id.to_string(),
        links: Vec::new(),
        unaligned_a: (0..a.sentences.len()).collect(),
        unaligned_b: (0..b.sentences.len()).collect(),
    }
}
