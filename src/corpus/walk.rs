//! Which files make up a batch: the paths given, folders walked recursively, manifests found on
//! the way, all in one deterministic order.
//!
//! Rules:
//! - In folders, files are taken by extension: `.txt` `.text` `.md` `.markdown` `.html` `.htm`
//!   `.xhtml` `.jsonl` `.ndjson` `.json`, each optionally followed by `.gz`. Other files are
//!   ignored, and so are hidden files and folders (names starting with `.`).
//! - A file named on the command line is always read: with an unknown extension it is read as
//!   plain text (a binary or undecodable file is then skipped with the usual reason). Naming it
//!   is asking for it, so it is either read or reported, never silently ignored.
//! - Manifests (`manifest.jsonl`, `manifest.json`) are never articles; see [`super::manifest`].
//! - The same file reached twice (`scan dir dir/a.txt`, `./a.txt` and `a.txt`) is read once.
//! - Symbolic links are followed; a folder already visited is not walked again (no loops).
//! - Order: everything is sorted by path (component-wise), so the batch does not depend on the
//!   order of the arguments or of directory listings.

use super::error::ReadError;
use super::manifest::{self, ManifestIndex};
use super::{EarlySkip, Skipped};
use encoding_rs::Encoding;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Plain text, with optional front matter.
    Txt,
    /// Markdown: like text, and a leading `# Heading` is the title.
    Md,
    /// An HTML page.
    Html,
    /// JSON lines, one record per line.
    Jsonl,
    /// A JSON array of records, one record, or JSON lines.
    Json,
}

impl Format {
    /// The format of `path` from its extension (after removing `.gz`). Unknown extensions give
    /// `None`, or plain text when the file was named explicitly.
    pub fn of(path: &Path, explicit: bool) -> Option<Format> {
        let name = path.file_name()?.to_str().map(str::to_ascii_lowercase);
        let name = name.as_deref().unwrap_or("");
        let inner = name.strip_suffix(".gz").unwrap_or(name);
        let ext = inner.rsplit_once('.').map_or("", |(_, e)| e);
        let format = match ext {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            _ => None,
        };
        format.or(explicit.then_some(Format::Txt))
    }

    /// Whether a file holds one article (read in parallel) rather than records (streamed).
    pub fn is_single_article(self) -> bool {
        matches!(self, Format::Txt | Format::Md | Format::Html)
    }
}

/// One file to read.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// The path as given, or as found under a given folder.
    pub path: PathBuf,
    pub format: Format,
    /// Index of the file's canonical folder in [`Plan::dirs`] (`None` if it cannot be resolved).
    pub dir: Option<u32>,
}

/// The batch to read: files in order, and paths that were skipped before reading.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Sorted by path, each file once.
    pub inputs: Vec<Input>,
    /// Problems found while walking and loading manifests, in no particular order.
    pub early: Vec<EarlySkip>,
    pub manifests: ManifestIndex,
    /// Canonical folders of the inputs, each once: a batch of a million files in a few folders
    /// keeps a few canonical paths, not a million.
    pub dirs: Vec<PathBuf>,
}

impl Plan {
    /// The input's [`manifest::file_key`]: its canonical folder plus its file name.
    pub fn key(&self, input: &Input) -> Option<PathBuf> {
        let dir = self.dirs.get(input.dir? as usize)?;
        Some(dir.join(input.path.file_name()?))
    }
}

/// Find every file under `paths` and load the manifests that apply to them.
pub(crate) fn plan(paths: &[PathBuf], forced: Option<&'static Encoding>) -> Plan {
    let mut plan = Plan::default();
    let mut visited_dirs = HashSet::new();
    let mut manifest_dirs = Vec::new();
    for given in paths {
        match fs::metadata(given) {
            Ok(m) if m.is_dir() => {
                walk_dir(given, &mut visited_dirs, &mut manifest_dirs, &mut plan)
            }
            Ok(m) if m.is_file() => {
                manifest_dirs.push(parent_dir(given));
                if !manifest::is_manifest(given) {
                    if let Some(format) = Format::of(given, true) {
                        plan.inputs.push(Input {
                            path: given.clone(),
                            format,
                            dir: None,
                        });
                    }
                }
            }
            Ok(_) => early(&mut plan, given, ReadError::NotAFile),
            Err(e) => {
                let error = if fs::symlink_metadata(given).is_ok() {
                    ReadError::BrokenLink
                } else {
                    ReadError::from_io(e)
                };
                early(&mut plan, given, error);
            }
        }
    }
    for dir in manifest_dirs {
        plan.manifests.load_dir(&dir, forced, &mut plan.early);
    }
    plan.inputs.sort_by(|a, b| a.path.cmp(&b.path));
    plan.inputs.dedup_by(|b, a| a.path == b.path);
    // Resolve each folder once; the same file reached by two spellings is read once.
    let mut by_given: HashMap<PathBuf, Option<u32>> = HashMap::new();
    let mut by_canonical: HashMap<PathBuf, u32> = HashMap::new();
    let mut seen: HashSet<(u32, std::ffi::OsString)> = HashSet::new();
    let dirs = &mut plan.dirs;
    plan.inputs.retain_mut(|input| {
        let parent = parent_dir(&input.path);
        let dir = *by_given.entry(parent).or_insert_with_key(|parent| {
            let canonical = parent.canonicalize().ok()?;
            let next = dirs.len() as u32;
            let index = *by_canonical.entry(canonical.clone()).or_insert(next);
            if index == next {
                dirs.push(canonical);
            }
            Some(index)
        });
        input.dir = dir;
        match (dir, input.path.file_name()) {
            (Some(dir), Some(name)) => seen.insert((dir, name.to_os_string())),
            _ => true,
        }
    });
    plan
}

fn walk_dir(
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    manifest_dirs: &mut Vec<PathBuf>,
    plan: &mut Plan,
) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if let Ok(canonical) = dir.canonicalize() {
            if !visited.insert(canonical) {
                continue;
            }
        }
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                let error = match ReadError::from_io(e) {
                    ReadError::Io(e) => ReadError::ListDir(e),
                    other => other,
                };
                early(plan, &dir, error);
                continue;
            }
        };
        let mut has_manifest = false;
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    early(plan, &dir, ReadError::ListDir(e));
                    continue;
                }
            };
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            match fs::metadata(&path) {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) if m.is_file() => {
                    if manifest::is_manifest(&path) {
                        has_manifest = true;
                    } else if let Some(format) = Format::of(&path, false) {
                        plan.inputs.push(Input {
                            path,
                            format,
                            dir: None,
                        });
                    }
                }
                // Devices, sockets and pipes in a folder are not articles.
                Ok(_) => {}
                Err(e) => {
                    // Only report what would have been read: a broken link named like an article.
                    if Format::of(&path, false).is_some() {
                        let error = if e.kind() == std::io::ErrorKind::NotFound {
                            ReadError::BrokenLink
                        } else {
                            ReadError::from_io(e)
                        };
                        early(plan, &path, error);
                    }
                }
            }
        }
        if has_manifest {
            manifest_dirs.push(dir);
        }
    }
}

/// The folder holding `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn early(plan: &mut Plan, path: &Path, error: ReadError) {
    plan.early.push(EarlySkip {
        path: path.to_path_buf(),
        line: 0,
        skipped: Skipped {
            source: path.display().to_string(),
            reason: error.to_string(),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |p: &str, explicit| Format::of(Path::new(p), explicit);
        assert_eq!(f("a/b.txt", false), Some(Format::Txt));
        assert_eq!(f("b.MD", false), Some(Format::Md));
        assert_eq!(f("b.htm", false), Some(Format::Html));
        assert_eq!(f("b.jsonl.gz", false), Some(Format::Jsonl));
        assert_eq!(f("b.json", false), Some(Format::Json));
        assert_eq!(f("b.txt.GZ", false), Some(Format::Txt));
        assert_eq!(f("b.pdf", false), None);
        assert_eq!(f("b.gz", false), None);
        assert_eq!(f("README", false), None);
        assert_eq!(f("b.pdf", true), Some(Format::Txt));
        assert_eq!(f("README", true), Some(Format::Txt));
    }

    #[test]
    fn walk_is_sorted_recursive_deduplicated_and_skips_hidden_and_unknown() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for p in [
            "b.txt",
            "a/z.md",
            "a/y.html",
            "c.pdf",
            ".hidden.txt",
            ".git/x.txt",
        ] {
            let p = d.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let paths = vec![d.join("b.txt"), d.to_path_buf(), d.join("c.pdf")];
        let plan = plan(&paths, None);
        let got: Vec<_> = plan
            .inputs
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(d)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(got, ["a/y.html", "a/z.md", "b.txt", "c.pdf"]);
        assert!(plan.early.is_empty());
    }

    #[test]
    fn missing_paths_are_early_skips() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nope");
        let plan = plan(std::slice::from_ref(&missing), None);
        assert!(plan.inputs.is_empty());
        assert_eq!(plan.early.len(), 1);
        assert_eq!(plan.early[0].skipped.source, missing.display().to_string());
        assert!(plan.early[0].skipped.reason.contains("does not exist"));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end_and_broken_links_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("sub/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(d.join("gone.txt"), d.join("sub/broken.txt")).unwrap();
        let plan = plan(&[d.to_path_buf()], None);
        assert_eq!(plan.inputs.len(), 1);
        assert_eq!(plan.early.len(), 1);
        assert!(plan.early[0]
            .skipped
            .reason
            .contains("broken symbolic link"));
    }
}
