//! Corpus stage: [`Article`] and its metadata, readers for every input format, batch loading.
//!
//! Reading never aborts a batch: an input that cannot be read becomes a [`Skipped`] entry with a
//! reason naming the file (and line), and the rest of the batch goes on.

use std::path::{Path, PathBuf};

/// One article as read from the batch, before any processing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// Stable id: the file stem for plain files, the `id` field for JSON records.
    pub id: String,
    pub outlet: Option<String>,
    /// ISO date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Language tag from metadata (`ar`, `en`), if given.
    pub lang: Option<String>,
    /// Where it came from: a path, or `path:line` for a record.
    pub source: String,
    /// The article text (title not included), decoded to UTF-8.
    pub text: String,
}

/// An input that was not turned into an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}

/// How to read a batch.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Force this encoding for inputs without a BOM (e.g. windows-1256).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Articles larger than this (bytes of text) are skipped.
    pub max_article_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            max_article_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Articles read from a batch and inputs that were skipped, both sorted by id / source.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub skipped: Vec<Skipped>,
}

/// Read every article under `paths` (files or folders, recursively).
pub fn read_batch(paths: &[PathBuf], opts: &ReadOptions) -> Batch {
    let mut files = Vec::new();
    let mut batch = Batch::default();
    for p in paths {
        collect_files(p, &mut files, &mut batch.skipped);
    }
    files.sort();
    for f in files {
        match std::fs::read(&f) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) if !text.trim().is_empty() && text.len() <= opts.max_article_bytes => {
                    let id = f
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    batch.articles.push(Article {
                        id,
                        source: f.display().to_string(),
                        text,
                        ..Default::default()
                    });
                }
                Ok(_) => batch.skipped.push(Skipped {
                    source: f.display().to_string(),
                    reason: "empty or too large".into(),
                }),
                Err(_) => batch.skipped.push(Skipped {
                    source: f.display().to_string(),
                    reason: "not UTF-8".into(),
                }),
            },
            Err(e) => batch.skipped.push(Skipped {
                source: f.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    batch.articles.sort_by(|a, b| a.id.cmp(&b.id));
    batch
}

fn collect_files(p: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    if p.is_dir() {
        match std::fs::read_dir(p) {
            Ok(rd) => {
                for e in rd.flatten() {
                    collect_files(&e.path(), files, skipped);
                }
            }
            Err(e) => skipped.push(Skipped {
                source: p.display().to_string(),
                reason: e.to_string(),
            }),
        }
    } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
        files.push(p.to_path_buf());
    }
}
