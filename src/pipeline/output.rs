//! The result of a streaming scan: the report's large parts (story-group members, clusters,
//! groups, alignments, findings) wait in a spill as ready-made pretty JSON, the other articles'
//! texts in pass 1's spill, and all of it is written out in report order without ever holding
//! the whole report.
//!
//! [`ScanOutput::write_json`] writes exactly the bytes `report::to_json` writes for
//! [`ScanOutput::into_report`] (tested), so streaming changes nothing in the output.

use super::spill::{ArticleSpill, Blob, Spill};
use super::Kept;
use crate::config::ReportOptions;
use crate::report::model::{self as m, Report};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

/// Indentation of an element of a top-level array in `serde_json`'s pretty output.
const ELEMENT_INDENT: &str = "    ";

/// JSON of `value` as an element of a top-level array: compact, or pretty with every line
/// indented as `serde_json` indents it there.
pub(super) fn element_json<T: Serialize>(value: &T, compact: bool) -> Vec<u8> {
    if compact {
        return serde_json::to_vec(value).expect("report parts are always serialisable");
    }
    let pretty = serde_json::to_string_pretty(value).expect("report parts are always serialisable");
    let mut out = Vec::with_capacity(pretty.len() + pretty.len() / 8);
    for (i, line) in pretty.split('\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(ELEMENT_INDENT.as_bytes());
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// A scanned batch, ready to be written as a report.
pub struct ScanOutput {
    pub(super) config: serde_json::Value,
    pub(super) kept: Vec<Kept>,
    pub(super) wire_share: Vec<f64>,
    /// The report entries of story-group members (with text and sentences), by article.
    pub(super) members: Vec<Option<Blob>>,
    pub(super) skipped: Vec<m::SkippedInput>,
    pub(super) reprint_clusters: Vec<Blob>,
    pub(super) story_groups: Vec<Blob>,
    pub(super) alignments: Vec<Blob>,
    /// In report order.
    pub(super) divergences: Vec<Blob>,
    /// In report order.
    pub(super) agreements: Vec<Blob>,
    pub(super) limits_hit: Vec<m::LimitHit>,
    pub(super) options: ReportOptions,
    pub(super) parts: Spill,
    /// Pass 1's spill: texts and sentence boundaries of articles outside story groups.
    pub(super) spill: ArticleSpill,
}

impl ScanOutput {
    /// Articles read.
    pub fn article_count(&self) -> usize {
        self.kept.len()
    }

    /// Inputs that were skipped, in reading order.
    pub fn skipped(&self) -> &[m::SkippedInput] {
        &self.skipped
    }

    fn entry(&self, i: usize) -> Vec<u8> {
        match self.members[i] {
            Some(b) => self.parts.blob(b),
            None => {
                let k = &self.kept[i];
                let sentences = self
                    .spill
                    .sentence_spans(&k.loc)
                    .into_iter()
                    .map(|(start, end)| m::Span {
                        start: start as usize,
                        end: end as usize,
                    })
                    .collect();
                let text = if self.options.omit_texts {
                    String::new()
                } else {
                    self.spill.text(&k.loc)
                };
                element_json(
                    &k.entry(
                        self.spill.meta(&k.loc),
                        sentences,
                        self.wire_share[i],
                        Vec::new(),
                        text,
                    ),
                    self.options.compact,
                )
            }
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, b: Blob) -> T {
        serde_json::from_slice(&self.parts.blob(b)).expect("the spill holds JSON it wrote")
    }

    fn parse_all<T: serde::de::DeserializeOwned>(&self, blobs: &[Blob]) -> Vec<T> {
        blobs.iter().map(|&b| self.parse(b)).collect()
    }

    /// The whole report in memory (for the HTML view and library callers).
    pub fn into_report(self) -> Report {
        let articles = (0..self.kept.len())
            .map(|i| serde_json::from_slice(&self.entry(i)).expect("entries are JSON"))
            .collect();
        Report {
            schema_version: m::SCHEMA_VERSION,
            tool: tool(),
            config: self.config.clone(),
            articles,
            skipped: self.skipped.clone(),
            reprint_clusters: self.parse_all(&self.reprint_clusters),
            story_groups: self.parse_all(&self.story_groups),
            alignments: self.parse_all(&self.alignments),
            divergences: self.parse_all(&self.divergences),
            agreements: self.parse_all(&self.agreements),
            limits_hit: self.limits_hit.clone(),
        }
    }

    /// Write the report part by part: pretty JSON, the same bytes as `report::to_json` of
    /// [`ScanOutput::into_report`]; with [`ReportOptions::compact`], the same bytes as
    /// `serde_json::to_string` of it and a line break.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let l = Layout {
            compact: self.options.compact,
        };
        out.write_all(if l.compact { b"{" } else { b"{\n" })?;
        l.field(out, "schema_version", &m::SCHEMA_VERSION, true)?;
        l.field(out, "tool", &tool(), false)?;
        l.field(out, "config", &self.config, false)?;
        l.array(out, "articles", self.kept.len(), |i| Ok(self.entry(i)))?;
        l.array(out, "skipped", self.skipped.len(), |i| {
            Ok(element_json(&self.skipped[i], l.compact))
        })?;
        for (name, blobs) in [
            ("reprint_clusters", &self.reprint_clusters),
            ("story_groups", &self.story_groups),
            ("alignments", &self.alignments),
            ("divergences", &self.divergences),
            ("agreements", &self.agreements),
        ] {
            l.array(out, name, blobs.len(), |i| Ok(self.parts.blob(blobs[i])))?;
        }
        l.field(out, "limits_hit", &self.limits_hit, false)?;
        out.write_all(if l.compact { b"}\n" } else { b"\n}\n" })?;
        self.parts.check()?;
        self.spill.check()
    }

    /// The short terminal summary (the same lines as `report::write_summary`).
    pub fn write_summary(&self, out: &mut dyn Write) -> io::Result<()> {
        crate::report::write_summary_parts(
            out,
            self.kept.len(),
            &self.skipped,
            self.reprint_clusters
                .iter()
                .map(|&b| std::borrow::Cow::Owned(self.parse(b))),
            self.story_groups
                .iter()
                .map(|&b| std::borrow::Cow::Owned(self.parse(b))),
            self.divergences.len(),
            self.divergences
                .iter()
                .map(|&b| std::borrow::Cow::Owned(self.parse(b))),
        )
    }
}

fn tool() -> m::ToolInfo {
    m::ToolInfo {
        name: "copydesk".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// Array elements made ahead of the writer at a time (about 10 MB of a slim 1M-article report's
/// entries). Fewer in tests, so the 400-article round trips cross batches.
const ELEMENTS_AHEAD: usize = if cfg!(test) { 64 } else { 1024 };

/// How the top-level object is laid out: `serde_json`'s pretty form (fields on their own lines,
/// nested values indented) or its compact form. Array elements arrive already laid out
/// ([`element_json`]).
struct Layout {
    compact: bool,
}

impl Layout {
    /// The separator before a field that is not the first.
    fn separator(&self, out: &mut dyn Write, first: bool) -> io::Result<()> {
        match (first, self.compact) {
            (true, _) => Ok(()),
            (false, true) => out.write_all(b","),
            (false, false) => out.write_all(b",\n"),
        }
    }

    fn field<T: Serialize>(
        &self,
        out: &mut dyn Write,
        name: &str,
        value: &T,
        first: bool,
    ) -> io::Result<()> {
        self.separator(out, first)?;
        if self.compact {
            write!(out, "\"{name}\":")?;
            return serde_json::to_writer(out, value).map_err(io::Error::other);
        }
        let pretty = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        // lines after the first are nested one level in the top-level object
        write!(out, "  \"{name}\": {}", pretty.replace('\n', "\n  "))
    }

    /// An array field (never the first) of `n` ready-made elements, made (read back from the
    /// spills, entries laid out) [`ELEMENTS_AHEAD`] at a time on the worker threads, so the disk
    /// reads of a large batch overlap and the writing thread only copies.
    fn array(
        &self,
        out: &mut dyn Write,
        name: &str,
        n: usize,
        element: impl Fn(usize) -> io::Result<Vec<u8>> + Sync,
    ) -> io::Result<()> {
        self.separator(out, false)?;
        let (open, between, close) = match (self.compact, n) {
            (true, _) => ("[", ",", "]"),
            (false, 0) => ("[", "", "]"),
            (false, _) => ("[\n", ",\n", "\n  ]"),
        };
        let (pad, colon) = if self.compact {
            ("", ":")
        } else {
            ("  ", ": ")
        };
        write!(out, "{pad}\"{name}\"{colon}{open}")?;
        for start in (0..n).step_by(ELEMENTS_AHEAD) {
            let made: Vec<Vec<u8>> = (start..n.min(start + ELEMENTS_AHEAD))
                .into_par_iter()
                .map(&element)
                .collect::<io::Result<_>>()?;
            for (i, e) in (start..).zip(&made) {
                if i > 0 {
                    out.write_all(between.as_bytes())?;
                }
                out.write_all(e)?;
            }
        }
        out.write_all(close.as_bytes())
    }
}
