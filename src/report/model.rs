//! The report model: these serde structs *are* the JSON schema (`docs/report-schema.md`).
//!
//! Every field is plain data so the report can be written, read back, archived and rendered
//! without the pipeline. Byte spans always point into the article's *original* text.

use serde::{Deserialize, Serialize};

/// Version of the JSON report format. Bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole scan (or diff, or check) of one batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// Effective parameters the run used (after defaults), so a report explains itself.
    pub config: serde_json::Value,
    pub articles: Vec<ArticleEntry>,
    pub skipped: Vec<SkippedInput>,
    pub reprint_clusters: Vec<ReprintCluster>,
    pub story_groups: Vec<StoryGroup>,
    /// Sentence alignments per story group (for the side-by-side view).
    #[serde(default)]
    pub alignments: Vec<StoryAlignment>,
    pub divergences: Vec<Divergence>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    /// Work bounds that were hit (the run fell back to a cheaper path and says so).
    #[serde(default)]
    pub limits_hit: Vec<LimitHit>,
}

/// Name and version of the program that wrote the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

/// A half-open byte range `[start, end)` into an article's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One article as the report sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    pub id: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub lang: String,
    /// Where it was read from: a path, or `path:line` for a JSON Lines record.
    pub source: String,
    /// Length of the original text in bytes.
    pub bytes: usize,
    /// Hex xxh3 of the original text: identifies a version of the article.
    pub content_hash: String,
    /// Sentence boundaries as original byte ranges.
    pub sentences: Vec<Span>,
    /// Fraction (0..=1) of this article's shingles also present in another article of the batch.
    #[serde(default)]
    pub wire_share: f64,
    /// Wire agencies the article credits in its own text (e.g. "AFP", "Reuters").
    #[serde(default)]
    pub credits: Vec<String>,
    /// The original text, kept so the report (and the HTML view) is self-contained.
    pub text: String,
}

/// An input that could not be read as an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedInput {
    /// Path (and `:line` for a record inside a file).
    pub source: String,
    pub reason: String,
}

/// Articles that reprint the same wire copy (whole or in part).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReprintCluster {
    pub id: String,
    pub articles: Vec<String>,
    pub pairs: Vec<PairScore>,
}

/// Verified similarity of two articles' shingle sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairScore {
    pub a: String,
    pub b: String,
    /// |A ∩ B| / |A ∪ B| on word shingles.
    pub jaccard: f64,
    /// |A ∩ B| / min(|A|, |B|): how much of the shorter article is in the longer one.
    pub containment: f64,
}

/// Articles about the same story, whether or not they share wire text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryGroup {
    pub id: String,
    pub articles: Vec<String>,
    /// Why the articles were linked (one entry per linking pair).
    #[serde(default)]
    pub links: Vec<StoryLink>,
}

/// Evidence that two articles tell the same story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryLink {
    pub a: String,
    pub b: String,
    /// `reprint` or `story`.
    pub kind: String,
    pub score: f64,
    /// Human-readable reasons: shared sentences, names, numbers, date distance.
    pub reasons: Vec<String>,
}

/// The sentence alignment of one story group, article pair by article pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryAlignment {
    pub group: String,
    pub pairs: Vec<PairAlignment>,
}

/// How the sentences of article `a` line up with those of article `b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAlignment {
    pub a: String,
    pub b: String,
    pub links: Vec<AlignedPair>,
    /// Sentence indices of `a` with no counterpart in `b`.
    pub unaligned_a: Vec<usize>,
    /// Sentence indices of `b` with no counterpart in `a`.
    pub unaligned_b: Vec<usize>,
}

/// One alignment link: one or more sentences of `a` matched to one or more of `b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedPair {
    pub a_sentences: Vec<usize>,
    pub b_sentences: Vec<usize>,
    /// `1:1`, `1:n` or `n:1`.
    pub kind: String,
    pub similarity: f64,
    /// True when the link crosses other links (the sentence was moved).
    pub moved: bool,
    /// Token diff of the linked text, in order.
    pub diff: Vec<DiffOp>,
}

/// One run of a token diff. `a`/`b` are original byte spans in the respective article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffOp {
    /// `equal`, `delete` (only in a), `insert` (only in b).
    pub op: String,
    pub a: Option<Span>,
    pub b: Option<Span>,
}

/// What kind of disagreement a divergence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DivergenceKind {
    Quantity,
    Polarity,
    Attribution,
    Hedging,
    Omission,
    Addition,
    Wording,
    /// A different place, country or other named entity in the same claim.
    Entity,
}

impl DivergenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Quantity => "quantity",
            Self::Polarity => "polarity",
            Self::Attribution => "attribution",
            Self::Hedging => "hedging",
            Self::Omission => "omission",
            Self::Addition => "addition",
            Self::Wording => "wording",
            Self::Entity => "entity",
        }
    }
}

/// How much a divergence matters. Ordered: `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A place where outlets disagree, with the evidence for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Divergence {
    /// Stable fingerprint of the content (`d-` + 16 hex): the same disagreement keeps its id
    /// across runs, thread counts and input order (CI baselines rely on it).
    pub id: String,
    pub kind: DivergenceKind,
    pub severity: Severity,
    /// The story group it was found in.
    pub group: String,
    /// One line a journalist can read.
    pub explanation: String,
    /// The claims on each side (usually two or more articles).
    pub evidence: Vec<Evidence>,
}

/// A claim as it stands in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: String,
    /// Index into that article's `sentences`.
    pub sentence: usize,
    /// Original byte span of the sentence.
    pub span: Span,
    /// The original sentence text.
    pub text: String,
    /// Original byte span of the decisive words inside the sentence (number, cue, source), if any.
    #[serde(default)]
    pub focus: Option<Span>,
    /// Short description of the claim as extracted (e.g. `killed: 3250`, `negated`).
    #[serde(default)]
    pub claim: Option<String>,
}

/// A claim carried consistently by several outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: String,
    pub group: String,
    /// What is agreed on, in one line.
    pub summary: String,
    pub articles: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// A named work bound that was reached, and what the run did instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitHit {
    pub limit: String,
    pub detail: String,
}
