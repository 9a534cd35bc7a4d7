//! Diverge stage: compare the claims of a story group's articles and report divergences
//! (with severity, explanation and evidence) and agreements.

use crate::report::model::{Agreement, Divergence, StoryAlignment};
use crate::text::Document;

/// One article of a story group, as the divergence detectors see it.
pub struct GroupMember<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub original: &'a str,
    pub doc: &'a Document,
}

/// Everything found in one story group.
#[derive(Debug, Default)]
pub struct GroupAnalysis {
    pub alignment: Option<StoryAlignment>,
    pub divergences: Vec<Divergence>,
    pub agreements: Vec<Agreement>,
}

/// Align a story group and run every detector on it. `members` are sorted by id.
pub fn analyze_group(_group_id: &str, _members: &[GroupMember<'_>]) -> GroupAnalysis {
    GroupAnalysis::default()
}
