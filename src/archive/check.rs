//! `check`: compare a new batch with the archive and with itself.
//!
//! 1. Prepare and fingerprint the new articles (in parallel).
//! 2. In one read transaction: find which new articles are already archived (same id), look up
//!    reprint candidates by band keys and same-story candidates by story keys, and load the
//!    current text of every candidate.
//! 3. Run the normal pipeline ([`crate::scan`]) over the new articles plus those candidates, so
//!    reprint clusters, story groups and divergences between new and archived copy come from the
//!    same stages as any scan.
//! 4. Keep what involves a new article, mark what is archived, and judge every divergence at or
//!    above `fail_on` against the baseline.

use super::fingerprint::{fingerprint, Fingerprint, SketchSettings};
use super::lookup::LookupLimits;
use super::{Archive, Baseline, Result};
use crate::corpus::{Article, Batch};
use crate::report::model::{PairScore, Report, Severity};
use crate::sketch::MinHasher;
use crate::Prepared;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// Version of the `check` section of a check report.
pub const CHECK_SCHEMA_VERSION: u32 = 1;

/// How to judge a check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Divergences at or above this severity fail the check unless acknowledged.
    pub fail_on: Severity,
    pub limits: LookupLimits,
}

/// A check report: a normal report (same fields, so anything that reads a scan report reads
/// this) plus the `check` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    #[serde(flatten)]
    pub report: Report,
    pub check: CheckSection,
}

/// What the archive contributed and how the check was judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckSection {
    pub schema_version: u32,
    /// Articles in the archive when the check ran.
    pub archive_articles: u64,
    /// `pass` or `fail`.
    pub result: String,
    pub fail_on: Severity,
    /// The batch's articles and whether the archive already had them.
    pub new_articles: Vec<NewArticle>,
    /// Archived articles compared with the batch (candidates found through the indexes).
    pub archived_articles: Vec<ArchivedMatch>,
    /// New articles that reprint archived ones.
    pub new_reprints: Vec<NewReprint>,
    /// Ids of divergences at or above `fail_on` that the baseline does not acknowledge.
    pub failing: Vec<String>,
    /// Ids of divergences in this report that the baseline acknowledges.
    pub acknowledged: Vec<String>,
    /// Index entries read by the lookups (grows with the batch, not with the archive).
    pub index_rows_read: u64,
}

/// One article of the checked batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewArticle {
    pub id: String,
    /// `new` (not archived), `unchanged` (archived with the same text) or `updated` (archived
    /// with another text: adding it makes a new version).
    pub status: String,
    /// Current archived version, when archived.
    pub archived_version: Option<i64>,
}

/// An archived article the check compared with the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedMatch {
    pub id: String,
    pub version: i64,
    pub content_hash: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    /// `reprint` (shares LSH band keys) and/or `story` (shares story keys).
    pub matched_by: Vec<String>,
    /// The new articles it was found for.
    pub found_for: Vec<String>,
    /// Whether the pipeline put it in a reprint cluster or story group with a new article.
    pub grouped: bool,
}

/// A new article that reprints archived copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewReprint {
    pub article: String,
    /// The archived articles of its reprint cluster.
    pub reprint_of: Vec<String>,
    /// Verified scores of the new-archived pairs the cluster stage measured.
    pub pairs: Vec<PairScore>,
}

/// Everything a check produced, including what `--add` needs to ingest the batch afterwards.
pub struct CheckOutcome {
    pub report: CheckReport,
    /// The batch's articles, prepared, and their fingerprints (made with `settings`).
    pub prepared: Vec<Prepared>,
    pub fingerprints: Vec<Fingerprint>,
    pub settings: SketchSettings,
}

impl CheckOutcome {
    /// Whether the check failed (an unacknowledged divergence at or above `fail_on`).
    pub fn failed(&self) -> bool {
        self.report.check.result == "fail"
    }
}

/// Check a batch against an archive. See the module documentation for the steps.
pub fn check(
    archive: &Archive,
    batch: Batch,
    cfg: &crate::Config,
    baseline: &Baseline,
    opts: &CheckOptions,
) -> Result<CheckOutcome> {
    archive.require_current_sketch()?;
    let cfg = archive.config_for(cfg);
    let settings = archive.effective_settings(&cfg);
    let Batch {
        mut articles,
        skipped,
    } = batch;
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let prepared = crate::prepare(articles);
    let hasher = MinHasher::new(settings.k);
    let fingerprints: Vec<Fingerprint> = prepared
        .par_iter()
        .map(|p| fingerprint(p, &settings, &hasher))
        .collect();

    // One read transaction: a writer committing meanwhile does not change what we see.
    let tx = archive
        .conn
        .unchecked_transaction()
        .map_err(|e| archive.classify(e, "start a read transaction"))?;
    let archive_articles = archive.article_count()?;
    let ids: Vec<&str> = prepared.iter().map(|p| p.article.id.as_str()).collect();
    let known = archive.lookup_ids(&ids)?;
    let exclude: BTreeSet<i64> = known.iter().flatten().map(|k| k.0).collect();
    let candidates = archive.find_candidates(&fingerprints, &exclude, &cfg, &opts.limits)?;
    let mut wanted: BTreeMap<i64, (BTreeSet<&'static str>, BTreeSet<String>)> = BTreeMap::new();
    for (i, p) in prepared.iter().enumerate() {
        for c in &candidates.reprints[i] {
            let e = wanted.entry(c.rowid).or_default();
            e.0.insert("reprint");
            e.1.insert(p.article.id.clone());
        }
        for c in &candidates.stories[i] {
            let e = wanted.entry(c.rowid).or_default();
            e.0.insert("story");
            e.1.insert(p.article.id.clone());
        }
    }
    let rowids: BTreeSet<i64> = wanted.keys().copied().collect();
    let stored = archive.load_articles(&rowids)?;
    tx.finish()
        .map_err(|e| archive.classify(e, "end the read transaction"))?;

    let new_ids: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
    let mut all: Vec<Article> = prepared.iter().map(|p| p.article.clone()).collect();
    all.extend(stored.iter().map(|s| s.article.clone()));
    let mut report = crate::scan(
        Batch {
            articles: all,
            skipped,
        },
        &cfg,
    );
    report
        .limits_hit
        .extend(candidates.limits_hit.iter().cloned());
    keep_what_involves_new(&mut report, &new_ids);

    let in_report: BTreeSet<&str> = report.articles.iter().map(|a| a.id.as_str()).collect();
    let archived_articles: Vec<ArchivedMatch> = stored
        .iter()
        .map(|s| {
            let (by, found_for) = wanted.get(&s.rowid).cloned().unwrap_or_default();
            ArchivedMatch {
                id: s.article.id.clone(),
                version: s.version,
                content_hash: s.content_hash.clone(),
                outlet: s.article.outlet.clone(),
                date: s.article.date.clone(),
                matched_by: by.into_iter().map(String::from).collect(),
                found_for: found_for.into_iter().collect(),
                grouped: in_report.contains(s.article.id.as_str()),
            }
        })
        .collect();
    let new_articles = prepared
        .iter()
        .zip(&known)
        .zip(&fingerprints)
        .map(|((p, k), fp)| NewArticle {
            id: p.article.id.clone(),
            status: match k {
                None => "new",
                Some((_, _, hash)) if *hash == fp.content_hash => "unchanged",
                Some(_) => "updated",
            }
            .into(),
            archived_version: k.as_ref().map(|k| k.1),
        })
        .collect();
    let new_reprints = new_reprints(&report, &new_ids);
    let (failing, acknowledged) = judge(&report.divergences, baseline, opts.fail_on);
    let section = CheckSection {
        schema_version: CHECK_SCHEMA_VERSION,
        archive_articles,
        result: if failing.is_empty() { "pass" } else { "fail" }.into(),
        fail_on: opts.fail_on,
        new_articles,
        archived_articles,
        new_reprints,
        failing,
        acknowledged,
        index_rows_read: candidates.index_rows_read,
    };
    Ok(CheckOutcome {
        report: CheckReport {
            report,
            check: section,
        },
        prepared,
        fingerprints,
        settings,
    })
}

/// Judge divergences: ids at or above `fail_on` that the baseline does not acknowledge (these
/// fail the check), and ids the baseline acknowledges (any severity). Both sorted and unique.
pub fn judge(
    divergences: &[crate::report::model::Divergence],
    baseline: &Baseline,
    fail_on: Severity,
) -> (Vec<String>, Vec<String>) {
    let mut failing = Vec::new();
    let mut acknowledged = Vec::new();
    for d in divergences {
        if baseline.acknowledges(&d.id) {
            acknowledged.push(d.id.clone());
        } else if d.severity >= fail_on {
            failing.push(d.id.clone());
        }
    }
    failing.sort();
    failing.dedup();
    acknowledged.sort();
    acknowledged.dedup();
    (failing, acknowledged)
}

/// Drop what only concerns archived articles: it was reported when they were checked.
fn keep_what_involves_new(report: &mut Report, new_ids: &BTreeSet<String>) {
    let is_new = |id: &String| new_ids.contains(id);
    report
        .reprint_clusters
        .retain(|c| c.articles.iter().any(is_new));
    report
        .story_groups
        .retain(|g| g.articles.iter().any(is_new));
    report
        .divergences
        .retain(|d| d.evidence.iter().any(|e| is_new(&e.article)));
    let groups: BTreeSet<&str> = report.story_groups.iter().map(|g| g.id.as_str()).collect();
    let groups_of_divergences: BTreeSet<String> =
        report.divergences.iter().map(|d| d.group.clone()).collect();
    let keep_group = |g: &String| groups.contains(g.as_str()) || groups_of_divergences.contains(g);
    report.alignments.retain(|a| keep_group(&a.group));
    report.agreements.retain(|a| keep_group(&a.group));
    let mut shown: BTreeSet<String> = new_ids.clone();
    for c in &report.reprint_clusters {
        shown.extend(c.articles.iter().cloned());
    }
    for g in &report.story_groups {
        shown.extend(g.articles.iter().cloned());
    }
    for d in &report.divergences {
        shown.extend(d.evidence.iter().map(|e| e.article.clone()));
    }
    report.articles.retain(|a| shown.contains(&a.id));
}

fn new_reprints(report: &Report, new_ids: &BTreeSet<String>) -> Vec<NewReprint> {
    let mut out = Vec::new();
    for c in &report.reprint_clusters {
        let archived: Vec<String> = c
            .articles
            .iter()
            .filter(|a| !new_ids.contains(*a))
            .cloned()
            .collect();
        if archived.is_empty() {
            continue;
        }
        for a in c.articles.iter().filter(|a| new_ids.contains(*a)) {
            let pairs = c
                .pairs
                .iter()
                .filter(|p| {
                    (p.a == *a && archived.contains(&p.b)) || (p.b == *a && archived.contains(&p.a))
                })
                .cloned()
                .collect();
            out.push(NewReprint {
                article: a.clone(),
                reprint_of: archived.clone(),
                pairs,
            });
        }
    }
    out.sort_by(|x, y| x.article.cmp(&y.article));
    out
}

impl CheckReport {
    /// Pretty JSON, byte-identical for identical input and archive.
    pub fn to_json(&self) -> String {
        let mut s =
            serde_json::to_string_pretty(self).expect("check report is always serialisable");
        s.push('\n');
        s
    }

    /// Whether an article of the report came from the archive (rather than the batch).
    pub fn is_archived(&self, id: &str) -> bool {
        !self.check.new_articles.iter().any(|a| a.id == id)
    }

    /// The terminal summary: the report's, then what the archive contributed and the verdict.
    pub fn write_summary(&self, out: &mut dyn Write) -> std::io::Result<()> {
        crate::report::write_summary(&self.report, out)?;
        let c = &self.check;
        let count = |s: &str| c.new_articles.iter().filter(|a| a.status == s).count();
        writeln!(
            out,
            "check: {} new, {} updated, {} already archived; compared with {} of {} archived articles",
            count("new"),
            count("updated"),
            count("unchanged"),
            c.archived_articles.len(),
            c.archive_articles
        )?;
        for a in c.archived_articles.iter().filter(|a| a.grouped) {
            writeln!(
                out,
                "  archived {} ({}) matched by {} for {}",
                a.id,
                a.date.as_deref().unwrap_or("undated"),
                a.matched_by.join("+"),
                a.found_for.join(", ")
            )?;
        }
        for r in &c.new_reprints {
            writeln!(
                out,
                "  new reprint: {} reprints archived {}",
                r.article,
                r.reprint_of.join(", ")
            )?;
        }
        for id in &c.failing {
            if let Some(d) = self.report.divergences.iter().find(|d| &d.id == id) {
                writeln!(
                    out,
                    "  FAIL {} [{}] {}: {}",
                    d.id,
                    d.severity.as_str(),
                    d.kind.as_str(),
                    d.explanation
                )?;
            }
        }
        writeln!(
            out,
            "check: {} ({} unacknowledged divergences at or above {}, {} acknowledged by the baseline)",
            c.result.to_uppercase(),
            c.failing.len(),
            c.fail_on.as_str(),
            c.acknowledged.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Divergence, DivergenceKind};

    fn div(id: &str, severity: Severity) -> Divergence {
        Divergence {
            id: id.into(),
            kind: DivergenceKind::Polarity,
            severity,
            group: "s-1".into(),
            explanation: "asserted vs negated".into(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn baseline_suppresses_only_the_ids_it_acknowledges() {
        let ds = [
            div("d-a", Severity::High),
            div("d-b", Severity::Medium),
            div("d-c", Severity::Low),
        ];
        let none = Baseline::default();
        assert_eq!(judge(&ds, &none, Severity::High).0, vec!["d-a"]);
        assert_eq!(judge(&ds, &none, Severity::Medium).0, vec!["d-a", "d-b"]);
        assert_eq!(
            judge(&ds, &none, Severity::Low).0,
            vec!["d-a", "d-b", "d-c"]
        );
        let known = Baseline::from_divergences(&ds[..1]);
        let (failing, acked) = judge(&ds, &known, Severity::Medium);
        assert_eq!(failing, vec!["d-b"], "a new divergence still fails");
        assert_eq!(acked, vec!["d-a"]);
        let all = Baseline::from_divergences(&ds);
        assert!(judge(&ds, &all, Severity::Low).0.is_empty());
    }
}
