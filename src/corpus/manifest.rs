//! Sidecar manifests: `manifest.jsonl` or `manifest.json` in a folder gives metadata to the files
//! beside it.
//!
//! One record per file: `{"file": "000_x.txt", "outlet": ..., "date": ..., "lang": ...,
//! "title": ..., "url": ...}` (and optionally `id`). `file` is relative to the manifest's folder
//! and may go into subfolders (`"2017/a.txt"`). A manifest is never an article. Its metadata
//! overrides front matter and HTML meta tags (the manifest is what the person assembling the
//! batch wrote); for a JSON or JSON-lines file it only fills the fields a record leaves empty.
//!
//! The manifest of a folder applies whenever a file in it is read, whether the folder was walked
//! or the file was named on the command line. Problems are skipped entries with the manifest's
//! line as source: an entry naming a file that does not exist, a malformed line, an entry without
//! `file`, a second entry for the same file (the first is used).

use super::decode;
use super::error::ReadError;
use super::jsonl;
use super::meta::{clean, json_type, Meta};
use super::{EarlySkip, Skipped};
use encoding_rs::Encoding;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// File names that are manifests, in the order they are read when a folder has both.
pub const MANIFEST_NAMES: [&str; 2] = ["manifest.json", "manifest.jsonl"];

/// Manifests larger than this are refused (a manifest holds metadata, not text).
const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `path` is named like a manifest.
pub(crate) fn is_manifest(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| MANIFEST_NAMES.contains(&n))
}

/// A name for a file that does not depend on how its path was spelt: the canonical folder plus
/// the file name (the file itself is not resolved, so a symlink keeps its own name).
pub(crate) fn file_key(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// Metadata from every manifest loaded so far, by [`file_key`].
#[derive(Debug, Default)]
pub(crate) struct ManifestIndex {
    by_file: HashMap<PathBuf, Entry>,
    loaded_dirs: HashSet<PathBuf>,
}

#[derive(Debug)]
struct Entry {
    meta: Meta,
    source: String,
}

impl ManifestIndex {
    /// Load the manifests in `dir`, once per folder; problems go to `problems`.
    pub fn load_dir(
        &mut self,
        dir: &Path,
        forced: Option<&'static Encoding>,
        problems: &mut Vec<EarlySkip>,
    ) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let Ok(canonical) = dir.canonicalize() else {
            return;
        };
        if !self.loaded_dirs.insert(canonical) {
            return;
        }
        for name in MANIFEST_NAMES {
            let path = dir.join(name);
            if path.is_file() {
                self.load_file(dir, &path, forced, problems);
            }
        }
    }

    fn load_file(
        &mut self,
        dir: &Path,
        path: &Path,
        forced: Option<&'static Encoding>,
        problems: &mut Vec<EarlySkip>,
    ) {
        let display = path.display().to_string();
        let mut problem = |line: u64, source: String, error: ReadError| {
            problems.push(EarlySkip {
                path: path.to_path_buf(),
                line,
                skipped: Skipped {
                    source,
                    reason: format!("manifest: {error}"),
                },
            })
        };
        let bytes = decode::read_to_limit(path, MAX_MANIFEST_BYTES, |size| ReadError::TooLarge {
            size,
            limit: MAX_MANIFEST_BYTES,
        });
        let text = match bytes.and_then(|b| decode::decode(b, None, forced)) {
            Ok(text) => text,
            Err(e) => return problem(0, display, e),
        };
        let records = if path.extension().is_some_and(|e| e == "jsonl") {
            jsonl::lines_in(&text)
        } else {
            jsonl::document(&text)
        };
        for record in records {
            let source = record.at.source(&display);
            let line = record.at.line();
            let parsed = record.value.and_then(entry_fields);
            let (file, meta) = match parsed {
                Ok(x) => x,
                Err(e) => {
                    problem(line, source, e);
                    continue;
                }
            };
            let target = dir.join(&file);
            if std::fs::metadata(&target).is_err() {
                let dir = dir.display().to_string();
                problem(line, source, ReadError::ManifestMissingFile { file, dir });
                continue;
            }
            let Some(key) = file_key(&target) else {
                continue;
            };
            if let Some(first) = self.by_file.get(&key) {
                let first = first.source.clone();
                problem(line, source, ReadError::ManifestDuplicate { file, first });
                continue;
            }
            self.by_file.insert(key, Entry { meta, source });
        }
    }

    /// The manifest metadata of the file with this [`file_key`], if any.
    pub fn lookup(&self, key: Option<&Path>) -> Option<&Meta> {
        self.by_file.get(key?).map(|e| &e.meta)
    }

    /// Whether no manifest describes any file (then no input needs its key resolved).
    pub fn is_empty(&self) -> bool {
        self.by_file.is_empty()
    }
}

/// The `file` and metadata of one manifest record.
fn entry_fields(value: Value) -> Result<(String, Meta), ReadError> {
    let obj = match value {
        Value::Object(obj) => obj,
        other => {
            return Err(ReadError::NotAnObject {
                found: json_type(&other),
            })
        }
    };
    let file = match obj.get("file") {
        Some(Value::String(s)) if clean(s).is_some() => s.trim().to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => {
            return Err(ReadError::MissingField {
                field: "file",
                need: "each manifest entry names the file it describes",
            })
        }
        Some(other) => {
            return Err(ReadError::WrongType {
                field: "file",
                expected: "a string",
                found: json_type(other),
            })
        }
    };
    let mut meta = Meta::from_json(&obj)?;
    meta.id = super::meta::opt_string(&obj, "id")?;
    Ok((file, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn entries_give_metadata_and_problems_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let a = write(d, "a.txt", "A");
        write(d, "b.txt", "B");
        write(
            d,
            "manifest.jsonl",
            concat!(
                "{\"file\": \"a.txt\", \"outlet\": \"AFP\", \"date\": \"2017-10-18\", \"lang\": \"ar\"}\n",
                "{\"file\": \"missing.txt\", \"outlet\": \"X\"}\n",
                "{not json\n",
                "{\"outlet\": \"no file\"}\n",
                "{\"file\": \"a.txt\", \"outlet\": \"again\"}\n",
            ),
        );
        let mut index = ManifestIndex::default();
        let mut problems = Vec::new();
        index.load_dir(d, None, &mut problems);
        index.load_dir(d, None, &mut problems); // loaded once
        let meta = index.lookup(file_key(&a).as_deref()).unwrap();
        assert_eq!(meta.outlet.as_deref(), Some("AFP"));
        assert_eq!(meta.lang.as_deref(), Some("ar"));
        assert!(index
            .lookup(file_key(&d.join("b.txt")).as_deref())
            .is_none());
        let got: Vec<(u64, &str)> = problems
            .iter()
            .map(|p| (p.line, p.skipped.reason.as_str()))
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0].0, 2);
        assert!(got[0].1.contains("\"missing.txt\", which does not exist"));
        assert_eq!(got[1].0, 3);
        assert!(got[1].1.contains("invalid JSON"));
        assert_eq!(got[2].0, 4);
        assert!(got[2].1.contains("no \"file\" field"));
        assert_eq!(got[3].0, 5);
        assert!(got[3].1.contains("repeats the entry at"));
        assert!(problems[0].skipped.source.ends_with("manifest.jsonl:2"));
    }

    #[test]
    fn a_path_spelt_differently_finds_the_same_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        write(&d.join("sub"), "x.txt", "X");
        write(
            d,
            "manifest.json",
            r#"[{"file": "sub/x.txt", "title": "T", "id": "custom"}]"#,
        );
        let mut index = ManifestIndex::default();
        let mut problems = Vec::new();
        index.load_dir(d, None, &mut problems);
        assert!(problems.is_empty());
        let other = d.join("sub/../sub/./x.txt");
        let meta = index.lookup(file_key(&other).as_deref()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.id.as_deref(), Some("custom"));
    }

    #[test]
    fn manifest_names() {
        assert!(is_manifest(Path::new("data/raqqa/manifest.jsonl")));
        assert!(is_manifest(Path::new("manifest.json")));
        assert!(!is_manifest(Path::new("manifest.txt")));
        assert!(!is_manifest(Path::new("my-manifest.jsonl")));
    }
}
