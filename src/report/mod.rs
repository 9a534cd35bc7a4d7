//! Report stage: the report model (= JSON schema), JSON writing, the terminal summary.

pub mod html;
pub mod model;

use model::{Agreement, Divergence, Report};
use std::borrow::Cow;
use std::io::Write;

/// Stable id for a set of names: `prefix-` + 16 hex digits of xxh3 over the sorted names.
pub fn stable_id(prefix: &str, names: &[String]) -> String {
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(0);
    for n in sorted {
        h.update(n.as_bytes());
        h.update(&[0]);
    }
    format!("{prefix}-{:016x}", h.digest())
}

/// Hex xxh3 of an article's original text.
pub fn content_hash(text: &str) -> String {
    content_hash_hex(content_hash_u64(text))
}

/// [`content_hash`] as a number (8 bytes to keep instead of a 16-character string).
pub fn content_hash_u64(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// The report's form of a [`content_hash_u64`].
pub fn content_hash_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// Round a score to 4 decimals so reports are stable and readable.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Order findings deterministically: severity (high first), kind, id.
pub fn sort_findings(divergences: &mut [Divergence], agreements: &mut [Agreement]) {
    divergences.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.id.cmp(&b.id))
    });
    agreements.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.id.cmp(&b.id))
    });
}

/// Serialise the report as pretty JSON (byte-identical for identical input).
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report is always serialisable");
    s.push('\n');
    s
}

/// Write the short terminal summary of a report.
pub fn write_summary(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    write_summary_parts(
        out,
        report.articles.len(),
        &report.skipped,
        report.reprint_clusters.iter().map(Cow::Borrowed),
        report.story_groups.iter().map(Cow::Borrowed),
        report.divergences.len(),
        report.divergences.iter().map(Cow::Borrowed),
    )
}

/// Divergences the terminal summary lists before "... N more".
const SUMMARY_DIVERGENCES: usize = 10;

/// The terminal summary's lines from the report's parts, borrowed from a report in memory or
/// read back one by one (the streaming scan): counts, skipped inputs, clusters, story groups and
/// the first divergences (`divergences` counts them all; `top` yields them in report order).
pub fn write_summary_parts<'a>(
    out: &mut dyn Write,
    articles: usize,
    skipped: &[model::SkippedInput],
    clusters: impl ExactSizeIterator<Item = Cow<'a, model::ReprintCluster>>,
    groups: impl ExactSizeIterator<Item = Cow<'a, model::StoryGroup>>,
    divergences: usize,
    top: impl Iterator<Item = Cow<'a, model::Divergence>>,
) -> std::io::Result<()> {
    writeln!(
        out,
        "copydesk: {} articles, {} skipped, {} reprint clusters, {} story groups, {} divergences",
        articles,
        skipped.len(),
        clusters.len(),
        groups.len(),
        divergences
    )?;
    for s in skipped {
        writeln!(out, "  skipped {}: {}", s.source, s.reason)?;
    }
    for c in clusters {
        writeln!(out, "  reprint cluster {}: {}", c.id, c.articles.join(", "))?;
    }
    for g in groups {
        writeln!(out, "  story group {}: {}", g.id, g.articles.join(", "))?;
    }
    for d in top.take(SUMMARY_DIVERGENCES) {
        let arts: Vec<&str> = d.evidence.iter().map(|e| e.article.as_str()).collect();
        writeln!(
            out,
            "  [{}] {} ({}): {}",
            d.severity.as_str(),
            d.kind.as_str(),
            arts.join(" vs "),
            d.explanation
        )?;
    }
    if divergences > SUMMARY_DIVERGENCES {
        writeln!(
            out,
            "  ... {} more divergences in the report",
            divergences - SUMMARY_DIVERGENCES
        )?;
    }
    Ok(())
}
