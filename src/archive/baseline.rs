//! Baselines: the divergences a team has reviewed and accepts, by stable id, so `check` fails
//! only on new ones. Kind, severity, articles and explanation are kept for the humans who read
//! the file in review; only the ids count.

use super::{ArchiveError, Result};
use crate::report::model::{Divergence, DivergenceKind, Report, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// Version of the baseline file format.
pub const BASELINE_SCHEMA_VERSION: u32 = 1;

/// One acknowledged divergence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcknowledgedDivergence {
    /// The divergence's stable id (`d-` + 16 hex).
    pub id: String,
    pub kind: DivergenceKind,
    pub severity: Severity,
    /// Articles whose claims disagree.
    #[serde(default)]
    pub articles: Vec<String>,
    pub explanation: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub schema_version: u32,
    /// Acknowledged divergences, sorted by id.
    pub acknowledged: Vec<AcknowledgedDivergence>,
}

impl Default for Baseline {
    fn default() -> Self {
        Baseline {
            schema_version: BASELINE_SCHEMA_VERSION,
            acknowledged: Vec::new(),
        }
    }
}

impl Baseline {
    /// A baseline acknowledging every divergence of a report (scan or check).
    pub fn from_report(report: &Report) -> Baseline {
        Baseline::from_divergences(&report.divergences)
    }

    /// A baseline acknowledging these divergences.
    pub fn from_divergences(divergences: &[Divergence]) -> Baseline {
        let mut acknowledged: Vec<AcknowledgedDivergence> = divergences
            .iter()
            .map(|d| {
                let mut articles: Vec<String> =
                    d.evidence.iter().map(|e| e.article.clone()).collect();
                articles.sort();
                articles.dedup();
                AcknowledgedDivergence {
                    id: d.id.clone(),
                    kind: d.kind,
                    severity: d.severity,
                    articles,
                    explanation: d.explanation.clone(),
                }
            })
            .collect();
        acknowledged.sort_by(|a, b| a.id.cmp(&b.id));
        acknowledged.dedup_by(|a, b| a.id == b.id);
        Baseline {
            schema_version: BASELINE_SCHEMA_VERSION,
            acknowledged,
        }
    }

    /// The acknowledged ids.
    pub fn ids(&self) -> BTreeSet<&str> {
        self.acknowledged.iter().map(|a| a.id.as_str()).collect()
    }

    /// Whether a divergence id is acknowledged.
    pub fn acknowledges(&self, id: &str) -> bool {
        self.acknowledged
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .is_ok()
    }

    /// Read a baseline file.
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|source| ArchiveError::BaselineRead {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(&text).map_err(|detail| ArchiveError::BaselineParse {
            path: path.to_path_buf(),
            detail,
        })
    }

    /// Parse baseline JSON (ids are re-sorted, so hand-edited files work).
    pub fn parse(text: &str) -> std::result::Result<Baseline, String> {
        let mut b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.schema_version != BASELINE_SCHEMA_VERSION {
            return Err(format!(
                "schema_version {} is not supported (this copydesk reads {})",
                b.schema_version, BASELINE_SCHEMA_VERSION
            ));
        }
        b.acknowledged.sort_by(|a, b| a.id.cmp(&b.id));
        b.acknowledged.dedup_by(|a, b| a.id == b.id);
        Ok(b)
    }

    /// Pretty JSON, deterministic.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline is always serialisable");
        s.push('\n');
        s
    }

    /// Write the baseline to a file.
    pub fn write(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_json()).map_err(|source| ArchiveError::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Evidence, Span};

    fn div(id: &str, sev: Severity) -> Divergence {
        Divergence {
            id: id.into(),
            kind: DivergenceKind::Quantity,
            severity: sev,
            group: "s-1".into(),
            explanation: "3,000 vs 300".into(),
            evidence: ["b", "a", "b"]
                .iter()
                .map(|a| Evidence {
                    article: (*a).into(),
                    sentence: 0,
                    span: Span { start: 0, end: 1 },
                    text: "x".into(),
                    focus: None,
                    claim: None,
                })
                .collect(),
        }
    }

    #[test]
    fn round_trips_sorted_and_deduplicated() {
        let b = Baseline::from_divergences(&[
            div("d-2", Severity::High),
            div("d-1", Severity::Low),
            div("d-2", Severity::High),
        ]);
        assert_eq!(b.acknowledged.len(), 2);
        assert_eq!(b.acknowledged[0].id, "d-1");
        assert_eq!(b.acknowledged[1].articles, vec!["a", "b"]);
        let back = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(back, b);
        assert!(back.acknowledges("d-2"));
        assert!(!back.acknowledges("d-3"));
    }

    #[test]
    fn rejects_other_versions_and_garbage() {
        assert!(
            Baseline::parse("{\"schema_version\": 9, \"acknowledged\": []}")
                .unwrap_err()
                .contains("schema_version 9")
        );
        assert!(Baseline::parse("[1,2]").is_err());
    }
}
