//! Corpus stage: [`Article`] and its metadata, readers for every input format, batch loading.
//!
//! Reading never aborts a batch: an input that cannot be read becomes a [`Skipped`] entry with a
//! reason saying what is wrong and what to do, and the rest of the batch goes on. The entry's
//! `source` names the file (and the line or record), so the CLI prints
//! `copydesk: skipped a.jsonl:7: invalid JSON: ...`.
//!
//! - Which files are read, in which order: [`walk`] (folders recursively, by extension; a file
//!   named explicitly is always read, as text when its extension is unknown).
//! - Formats: [`txt`] (`.txt`, `.md`, front matter), [`html`] (article text and meta tags),
//!   [`jsonl`] (`.jsonl` streamed, `.json` arrays/objects), any of them gzipped.
//! - Bytes to text: [`decode`] (BOM, declared charset, UTF-8, `--encoding`; size limits; gzip).
//! - Metadata: [`manifest`] (sidecar `manifest.jsonl`), [`meta`] (merging, date normalisation).
//!
//! Decisions that callers can rely on:
//! - Ids: the file stem for plain files (`000_14bf34cf97b35a52.txt` -> `000_14bf34cf97b35a52`,
//!   `a.txt.gz` -> `a`), unless front matter or the manifest gives `id`; the `id` field for JSON
//!   records. Ids are unique in a batch: a later article with an id already read is skipped,
//!   naming the first, where "later" means by source path, then line.
//! - Metadata precedence: manifest > front matter / HTML meta tags; for JSON records the record
//!   wins and the manifest only fills empty fields.
//! - `date` is `YYYY-MM-DD` or `None`; see [`normalize_date`] (unparseable dates are dropped, not
//!   passed on raw, so later stages can compare dates without guessing).
//! - `text` is what byte offsets refer to: for HTML the extracted text, for text files the body
//!   after front matter. Line endings are normalised to `\n`; nothing else is changed.
//! - `source` is the path as given (relative stays relative), `path:LINE` for JSON-lines
//!   records, `path[INDEX]` for elements of a JSON array.
//! - Limits: an article over `max_article_bytes` is skipped, and is not read to find out (file
//!   size is checked first, gzip stops decompressing past the limit, a JSON line longer than any
//!   record within the limit is not held). A `.json` document is read whole and refused above
//!   [`MAX_JSON_DOCUMENT_BYTES`]; `.jsonl` is streamed line by line with no file size limit.

mod decode;
mod error;
mod html;
mod jsonl;
mod manifest;
mod meta;
mod txt;
mod usual_record;
mod walk;

pub use error::ReadError;
pub use manifest::MANIFEST_NAMES;
pub use meta::normalize_date;

use meta::Meta;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};
use walk::{Format, Input};

/// A `.json` document (array or object) is parsed whole; larger ones are refused. Use `.jsonl`,
/// which is read line by line, for bigger batches.
pub const MAX_JSON_DOCUMENT_BYTES: u64 = 512 * 1024 * 1024;

/// Single-article files read in parallel at a time: bounds the texts held at once by
/// [`visit_batch`] while keeping both cores busy.
const READ_CHUNK: usize = 64;

/// One article as read from the batch, before any processing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// Stable id: the file stem for plain files, the `id` field for JSON records.
    pub id: String,
    /// The outlet that published it (manifest, front matter, `og:site_name`, record field).
    pub outlet: Option<String>,
    /// ISO date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// Where it was published (manifest, front matter, canonical link, record field).
    pub url: Option<String>,
    /// Headline, never part of `text`.
    pub title: Option<String>,
    /// Language tag from metadata (`ar`, `en`), if given.
    pub lang: Option<String>,
    /// Where it came from: a path, `path:line` for a JSON-lines record, `path[i]` for an
    /// element of a JSON array.
    pub source: String,
    /// The article text (title not included), decoded to UTF-8; byte offsets refer to it.
    pub text: String,
}

/// An input that was not turned into an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path (and `:line` or `[index]`) of what was skipped.
    pub source: String,
    /// What is wrong with it and, when there is something to do, what to do.
    pub reason: String,
}

/// How to read a batch.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Encoding of inputs without a BOM or declared charset that are not valid UTF-8 (e.g.
    /// windows-1256); a UTF-16 encoding applies to every input without a BOM.
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

/// Articles read from a batch and inputs that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Sorted by id.
    pub articles: Vec<Article>,
    /// In reading order: by source path, then line.
    pub skipped: Vec<Skipped>,
}

/// Hand back the buffer of an article's text that is no longer needed (e.g. once it has been
/// sketched, on the worker that [`visit_batch_prepared`] ran `prepare` on): the next JSON-lines
/// record read on this thread decodes its text into it. A worker then reuses one warm buffer
/// instead of allocating a text per record, which at two threads had the kernel zero fresh
/// pages for an eighth of a clustering run. Dropping the text instead is always correct.
pub fn recycle_text(text: String) {
    usual_record::recycle_text(text);
}

/// A problem found before any article is read (walking folders, loading manifests), with the
/// path and line it sorts by.
#[derive(Debug)]
pub(crate) struct EarlySkip {
    pub path: PathBuf,
    pub line: u64,
    pub skipped: Skipped,
}

/// Read every article under `paths` (files or folders, recursively).
///
/// Built on [`visit_batch`]; holds the whole batch in memory.
pub fn read_batch(paths: &[PathBuf], opts: &ReadOptions) -> Batch {
    let mut batch = Batch::default();
    visit_batch(paths, opts, |item| match item {
        Ok(article) => batch.articles.push(article),
        Err(skipped) => batch.skipped.push(skipped),
    });
    batch.articles.sort_by(|a, b| a.id.cmp(&b.id));
    batch
}

/// Read every article under `paths`, handing each article or skipped input to `f` as soon as it
/// is read, without holding the batch in memory.
///
/// Calls come in a deterministic order whatever the order of `paths` or of directory listings:
/// by source path (component-wise), then line. Only a bounded number of texts is held at once
/// (a chunk of small files read in parallel, a block of JSON lines parsed in parallel, or one
/// JSON document); the only thing kept for the whole batch is each article's id and source, to
/// refuse duplicate ids.
pub fn visit_batch(
    paths: &[PathBuf],
    opts: &ReadOptions,
    mut f: impl FnMut(Result<Article, Skipped>),
) {
    visit_batch_prepared(
        paths,
        opts,
        |_| (),
        |item| f(item.map(|(article, ())| article)),
    );
}

/// [`visit_batch`], with `prepare` run on every article on the worker threads that read it, in
/// parallel, before the article is handed to `f` with its result. The calls to `f` are the same,
/// in the same order, as `visit_batch`'s; a caller's per-article work (e.g. sketching) then
/// scales with the threads even when the batch is one large JSON-lines file. Articles skipped
/// as duplicates may have been prepared; their result is dropped. `prepare` may take out of the
/// article what only it needs (e.g. the text): it is then freed on the worker that allocated it,
/// not on the calling thread, which emits every article and is the serial part of a run.
pub fn visit_batch_prepared<T: Send>(
    paths: &[PathBuf],
    opts: &ReadOptions,
    prepare: impl Fn(&mut Article) -> T + Sync,
    mut f: impl FnMut(Result<(Article, T), Skipped>),
) {
    let mut plan = walk::plan(paths, opts.encoding);
    let mut ids = IdRegistry::default();
    let mut emit = |item: Result<(Article, T), Skipped>| f(ids.check(item));
    let prepare: &(dyn Fn(&mut Article) -> T + Sync) = &prepare;

    let mut early = std::mem::take(&mut plan.early);
    early.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    let mut early = early.into_iter().peekable();
    let mut chunk: Vec<&Input> = Vec::with_capacity(READ_CHUNK);
    for input in &plan.inputs {
        // Problems that sort before this file come first (a manifest line before the files
        // after it, a missing path before the files after it).
        let before_input = |e: &EarlySkip| (e.path.as_path(), e.line) < (input.path.as_path(), 0);
        if early.peek().is_some_and(before_input) || !input.format.is_single_article() {
            read_chunk(&mut chunk, &plan, opts, prepare, &mut emit);
        }
        while let Some(e) = early.next_if(before_input) {
            emit(Err(e.skipped));
        }
        if input.format.is_single_article() {
            chunk.push(input);
            if chunk.len() == READ_CHUNK {
                read_chunk(&mut chunk, &plan, opts, prepare, &mut emit);
            }
        } else {
            let defaults = manifest_meta(&plan, input);
            read_records(input, defaults, opts, prepare, &mut emit);
        }
    }
    read_chunk(&mut chunk, &plan, opts, prepare, &mut emit);
    for e in early {
        emit(Err(e.skipped));
    }
}

/// The manifest metadata of an input, if a manifest describes it.
fn manifest_meta<'a>(plan: &'a walk::Plan, input: &Input) -> Option<&'a Meta> {
    if plan.manifests.is_empty() {
        return None;
    }
    plan.manifests.lookup(plan.key(input).as_deref())
}

/// Ids read so far and where from: a later article with a known id is skipped.
#[derive(Default)]
struct IdRegistry {
    first_source: ahash::AHashMap<String, String>,
}

impl IdRegistry {
    fn check<T>(&mut self, item: Result<(Article, T), Skipped>) -> Result<(Article, T), Skipped> {
        let (article, prepared) = item?;
        match self.first_source.entry(article.id.clone()) {
            Entry::Occupied(first) => Err(Skipped {
                reason: ReadError::DuplicateId {
                    id: article.id,
                    first: first.get().clone(),
                }
                .to_string(),
                source: article.source,
            }),
            Entry::Vacant(slot) => {
                slot.insert(article.source.clone());
                Ok((article, prepared))
            }
        }
    }
}

/// Read (and prepare) the single-article files in `chunk` in parallel and emit them in order.
fn read_chunk<T: Send>(
    chunk: &mut Vec<&Input>,
    plan: &walk::Plan,
    opts: &ReadOptions,
    prepare: &(dyn Fn(&mut Article) -> T + Sync),
    emit: &mut dyn FnMut(Result<(Article, T), Skipped>),
) {
    if chunk.is_empty() {
        return;
    }
    let results: Vec<Result<(Article, T), Skipped>> = chunk
        .par_iter()
        .map(|input| {
            read_single(input, manifest_meta(plan, input), opts).map(|mut article| {
                let prepared = prepare(&mut article);
                (article, prepared)
            })
        })
        .collect();
    chunk.clear();
    results.into_iter().for_each(emit);
}

/// Read a file that holds one article (text, Markdown, HTML).
fn read_single(
    input: &Input,
    manifest: Option<&Meta>,
    opts: &ReadOptions,
) -> Result<Article, Skipped> {
    let source = input.path.display().to_string();
    let limit = opts.max_article_bytes as u64;
    let read = || -> Result<Article, ReadError> {
        let bytes = decode::read_to_limit(&input.path, limit, |size| ReadError::TooLarge {
            size,
            limit,
        })?;
        let (meta, text) = match input.format {
            Format::Html => {
                let declared = html::declared_charset(&bytes);
                let page = html::extract(&decode::decode(bytes, declared, opts.encoding)?);
                if page.text.trim().is_empty() {
                    return Err(ReadError::NoHtmlText);
                }
                (page.meta, page.text)
            }
            Format::Txt | Format::Md | Format::Jsonl | Format::Json => {
                let text = decode::decode(bytes, None, opts.encoding)?;
                let (mut meta, body) = txt::split_front_matter(&text);
                let body = if input.format == Format::Md {
                    let (title, body) = txt::markdown_title(body);
                    meta.title = meta.title.or(title);
                    body
                } else {
                    body
                };
                (meta, body.to_string())
            }
        };
        let meta = match manifest {
            Some(m) => meta.overlaid_by(m),
            None => meta,
        };
        let id = meta.id.clone().unwrap_or_else(|| file_stem(&input.path));
        build_article(id, meta, text, source.clone(), opts)
    };
    read().map_err(|e| Skipped {
        source: source.clone(),
        reason: e.to_string(),
    })
}

/// Read a JSON or JSON-lines file, emitting each record in file order. Records are parsed,
/// checked, built into articles and prepared in parallel, one pass per block of lines.
fn read_records<T: Send>(
    input: &Input,
    defaults: Option<&Meta>,
    opts: &ReadOptions,
    prepare: &(dyn Fn(&mut Article) -> T + Sync),
    emit: &mut dyn FnMut(Result<(Article, T), Skipped>),
) {
    let display = input.path.display().to_string();
    let article = |at: jsonl::Locator, fields: Result<jsonl::RecordFields, ReadError>| {
        let source = at.source(&display);
        let article = fields.and_then(|r| {
            let meta = match defaults {
                Some(d) => r.meta.filled_from(d),
                None => r.meta,
            };
            build_article(r.id, meta, r.text, source.clone(), opts)
        });
        match article {
            Ok(mut article) => {
                let prepared = prepare(&mut article);
                Ok((article, prepared))
            }
            Err(e) => Err(Skipped {
                source,
                reason: e.to_string(),
            }),
        }
    };
    let result = match input.format {
        Format::Jsonl => jsonl::read_lines_file(
            &input.path,
            opts.encoding,
            opts.max_article_bytes as u64,
            &|line: jsonl::Line<'_>| article(line.at, line.fields()),
            &mut *emit,
        ),
        _ => jsonl::read_document_file(&input.path, opts.encoding).map(|records| {
            let n = records.len();
            let items: Vec<Result<(Article, T), Skipped>> = records
                .into_par_iter()
                .map(|r| article(r.at, r.value.and_then(jsonl::record_fields)))
                .collect();
            items.into_iter().for_each(&mut *emit);
            n
        }),
    };
    let error = match result {
        Ok(0) => ReadError::NoRecords,
        Ok(_) => return,
        Err(e) => e,
    };
    emit(Err(Skipped {
        source: display,
        reason: error.to_string(),
    }));
}

/// Check and assemble an article from its parts.
fn build_article(
    id: String,
    meta: Meta,
    text: String,
    source: String,
    opts: &ReadOptions,
) -> Result<Article, ReadError> {
    let text = normalize_line_endings(text);
    if text.trim().is_empty() {
        return Err(ReadError::Blank);
    }
    if text.len() > opts.max_article_bytes {
        return Err(ReadError::TooLarge {
            size: text.len() as u64,
            limit: opts.max_article_bytes as u64,
        });
    }
    Ok(Article {
        id,
        outlet: meta.outlet,
        date: meta.date.as_deref().and_then(normalize_date),
        url: meta.url,
        title: meta.title,
        lang: meta.lang.map(|l| l.to_ascii_lowercase()),
        source,
        text,
    })
}

/// `\r\n` and lone `\r` become `\n`; a leading U+FEFF is dropped.
fn normalize_line_endings(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    // SIMD `memchr`: several times fewer instructions than `str::contains` on a long text
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The id of a plain file: its name without `.gz` and without its extension.
fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match name.len().checked_sub(3) {
        Some(i) if name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".gz") => &name[..i],
        _ => &name,
    };
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn reasons(batch: &Batch) -> Vec<(String, String)> {
        batch
            .skipped
            .iter()
            .map(|s| (s.source.clone(), s.reason.clone()))
            .collect()
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem(Path::new("d/000_14bf.txt")), "000_14bf");
        assert_eq!(file_stem(Path::new("a.txt.gz")), "a");
        assert_eq!(file_stem(Path::new("README")), "README");
        assert_eq!(file_stem(Path::new("a.b.html")), "a.b");
        assert_eq!(file_stem(Path::new(".txt")), ".txt");
    }

    #[test]
    fn demo_batch_reads_with_manifest_metadata() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raqqa");
        let batch = read_batch(&[dir], &ReadOptions::default());
        assert!(batch.skipped.is_empty(), "{:?}", batch.skipped);
        let ids: Vec<_> = batch.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "000_14bf34cf97b35a52",
                "001_46747d5c7beb1e50",
                "002_bbbc06b0482fae28",
                "003_a8d392ad4671d965",
                "004_d57b0667889300e5"
            ]
        );
        let a = &batch.articles[4];
        assert_eq!(a.outlet.as_deref(), Some("BBC Arabic"));
        assert_eq!(a.date.as_deref(), Some("2017-10-15"));
        assert_eq!(a.lang.as_deref(), Some("ar"));
        assert!(a.title.as_deref().unwrap().contains("الرقة"));
        assert!(a.source.ends_with("data/raqqa/004_d57b0667889300e5.txt"));
    }

    #[test]
    fn manifest_overrides_front_matter() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(
            d,
            "a.txt",
            b"---\ntitle: FM title\noutlet: FM outlet\ndate: 2017-10-01\n---\nBody text.\n",
        );
        write(
            d,
            "manifest.jsonl",
            b"{\"file\": \"a.txt\", \"outlet\": \"Manifest outlet\"}\n",
        );
        let batch = read_batch(&[d.to_path_buf()], &ReadOptions::default());
        let a = &batch.articles[0];
        assert_eq!(a.outlet.as_deref(), Some("Manifest outlet"));
        assert_eq!(a.title.as_deref(), Some("FM title"));
        assert_eq!(a.date.as_deref(), Some("2017-10-01"));
        assert_eq!(a.text, "Body text.\n");
        // The same file named on its own still gets its folder's manifest.
        let batch = read_batch(&[d.join("a.txt")], &ReadOptions::default());
        assert_eq!(batch.articles[0].outlet.as_deref(), Some("Manifest outlet"));
    }

    #[test]
    fn duplicate_ids_keep_the_first_by_path_whatever_the_argument_order() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let a = write(d, "a/x.txt", b"first");
        let b = write(d, "b/x.txt", b"second");
        for paths in [vec![a.clone(), b.clone()], vec![b.clone(), a.clone()]] {
            let batch = read_batch(&paths, &ReadOptions::default());
            assert_eq!(batch.articles.len(), 1);
            assert_eq!(batch.articles[0].text, "first");
            let r = reasons(&batch);
            assert_eq!(r.len(), 1);
            assert_eq!(r[0].0, b.display().to_string());
            assert!(
                r[0].1
                    .contains(&format!("already read from {}", a.display())),
                "{r:?}"
            );
        }
    }

    #[test]
    fn every_format_and_bad_input_in_one_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "t.txt", b"Plain text.");
        write(d, "m.md", b"# Heading\n\nMarkdown body.");
        write(
            d,
            "h.html",
            b"<html><body><nav>menu</nav><p>Html body.</p></body></html>",
        );
        write(
            d,
            "j.jsonl",
            b"{\"id\":\"j1\",\"text\":\"one\",\"date\":\"2017-10-18T10:00:00Z\"}\n{\"id\":\"j2\"}\n",
        );
        write(d, "k.json", b"[{\"id\":\"k1\",\"text\":\"array\"}]");
        write(d, "g.jsonl.gz", &gzip(b"{\"id\":\"g1\",\"text\":\"gz\"}\n"));
        write(d, "e.txt", b"");
        write(d, "w.txt", b" \n\t\n");
        write(d, "bin.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        write(d, "bad.txt", b"caf\xE9");
        write(d, "ignored.pdf", b"%PDF");
        let batch = read_batch(&[d.to_path_buf()], &ReadOptions::default());
        let ids: Vec<_> = batch.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["g1", "h", "j1", "k1", "m", "t"]);
        let m = batch.articles.iter().find(|a| a.id == "m").unwrap();
        assert_eq!(m.title.as_deref(), Some("Heading"));
        assert_eq!(m.text, "Markdown body.");
        let h = batch.articles.iter().find(|a| a.id == "h").unwrap();
        assert_eq!(h.text, "Html body.");
        let j = batch.articles.iter().find(|a| a.id == "j1").unwrap();
        assert_eq!(j.date.as_deref(), Some("2017-10-18"));
        assert_eq!(j.source, format!("{}:1", d.join("j.jsonl").display()));
        let r = reasons(&batch);
        let reason_of = |name: &str| {
            let src = d.join(name).display().to_string();
            r.iter()
                .find(|(s, _)| *s == src)
                .map(|(_, r)| r.clone())
                .unwrap_or_else(|| panic!("{name} not skipped: {r:?}"))
        };
        assert_eq!(reason_of("e.txt"), "empty file");
        assert!(reason_of("w.txt").contains("only whitespace"));
        assert!(reason_of("bin.txt").contains("binary"));
        assert!(reason_of("bad.txt").contains("byte offset 3"));
        assert!(reason_of("j.jsonl:2").contains("no \"text\" field"));
        assert_eq!(r.len(), 5, "{r:?}");
        let sources: Vec<_> = r.iter().map(|(s, _)| s.clone()).collect();
        let mut sorted = sources.clone();
        sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        assert_eq!(sources, sorted, "skipped come in path order");
    }

    #[test]
    fn limits_apply_to_text_and_files() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "big.txt", &[b'a'; 200]);
        write(d, "big.txt.gz", &gzip(&[b'b'; 200]));
        write(
            d,
            "r.jsonl",
            format!("{{\"id\":\"r\",\"text\":\"{}\"}}\n", "c".repeat(200)).as_bytes(),
        );
        write(d, "ok.txt", b"small");
        let opts = ReadOptions {
            encoding: None,
            max_article_bytes: 100,
        };
        let batch = read_batch(&[d.to_path_buf()], &opts);
        assert_eq!(batch.articles.len(), 1);
        let r = reasons(&batch);
        assert_eq!(r.len(), 3, "{r:?}");
        assert!(
            r.iter().all(|(_, why)| why.starts_with("too large")),
            "{r:?}"
        );
        assert!(r[0]
            .1
            .contains("200 bytes is over the article limit of 100 bytes"));
    }

    #[test]
    fn visit_batch_streams_in_source_order() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for i in (0..150).rev() {
            write(d, &format!("f{i:03}.txt"), format!("text {i}").as_bytes());
        }
        write(d, "f050.jsonl", b"{\"id\":\"rec\",\"text\":\"r\"}\n");
        let mut seen = Vec::new();
        visit_batch(&[d.to_path_buf()], &ReadOptions::default(), |item| {
            seen.push(item.unwrap().source)
        });
        assert_eq!(seen.len(), 151);
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted);
    }

    #[test]
    fn line_endings_are_normalised() {
        assert_eq!(normalize_line_endings("a\r\nb\rc\n".into()), "a\nb\nc\n");
        assert_eq!(normalize_line_endings("\u{feff}x".into()), "x");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A file of the batch: name stem, format, content kind.
        fn file() -> impl Strategy<Value = (String, u8, u8)> {
            ("[a-d]{1,2}", 0u8..3, 0u8..4)
        }

        fn content(format: u8, kind: u8, stem: &str) -> (String, Vec<u8>) {
            let ext = ["txt", "md", "jsonl"][format as usize];
            let body: Vec<u8> = match (format, kind) {
                (_, 0) => Vec::new(),
                (_, 1) => b"\0binary".to_vec(),
                (2, 2) => format!("{{\"id\":\"{stem}\",\"text\":\"t\"}}\n{{bad\n").into_bytes(),
                (2, _) => format!("{{\"id\":\"r\",\"text\":\"{stem}\"}}\n").into_bytes(),
                (_, _) => format!("text of {stem}").into_bytes(),
            };
            (format!("{stem}.{ext}"), body)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]

            /// Same files, any argument order, folder or explicit paths: the same batch.
            #[test]
            fn batch_does_not_depend_on_path_order(
                files in proptest::collection::vec(file(), 1..8),
                seed in any::<u64>(),
            ) {
                let tmp = tempfile::tempdir().unwrap();
                let d = tmp.path();
                let mut names = Vec::new();
                for (stem, format, kind) in &files {
                    let (name, body) = content(*format, *kind, stem);
                    std::fs::write(d.join(&name), body).unwrap();
                    names.push(name);
                }
                names.sort();
                names.dedup();
                let mut paths: Vec<PathBuf> = names.iter().map(|n| d.join(n)).collect();
                // A deterministic shuffle from the seed.
                let mut state = seed | 1;
                for i in (1..paths.len()).rev() {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    paths.swap(i, (state % (i as u64 + 1)) as usize);
                }
                let opts = ReadOptions::default();
                let walked = read_batch(&[d.to_path_buf()], &opts);
                let explicit = read_batch(&paths, &opts);
                prop_assert_eq!(&walked.articles, &explicit.articles);
                prop_assert_eq!(&walked.skipped, &explicit.skipped);
                // Every file is accounted for: read, or skipped, or only holds records.
                let mut ids: Vec<&str> = walked.articles.iter().map(|a| a.id.as_str()).collect();
                let n = ids.len();
                ids.dedup();
                prop_assert_eq!(ids.len(), n, "ids are unique");
            }
        }
    }
}
