//! JSON inputs: `.jsonl` (one record per line, read as a stream) and `.json` (an array of
//! records, one record, or JSON lines; read whole).
//!
//! A record is an object with `id` (a string, or an integer) and `text` (a string); `title`,
//! `outlet`, `date`, `url` and `lang` are optional strings (`null` counts as absent). Other fields
//! are ignored. Each bad record is skipped on its own: `a.jsonl:7: invalid JSON: ...`,
//! `a.jsonl:9: record has no "text" field`, and the rest of the file is still read.
//!
//! Sources: `path:LINE` for records of a JSON-lines file, `path[INDEX]` (0-based, as in `jq
//! '.[3]'`) for the elements of a JSON array, and `path` for a file holding a single object.
//!
//! Bounds: a `.jsonl` line is kept only up to [`line_limit`] bytes (a record whose text is within
//! the article limit always fits, even with every character written as a `\uXXXX` escape); longer
//! lines are skipped without being held in memory. A `.json` document must be parsed whole and is
//! refused above [`MAX_JSON_DOCUMENT_BYTES`](super::MAX_JSON_DOCUMENT_BYTES). JSON-lines files in
//! UTF-16 (which cannot be split into lines before decoding) are read whole under the same limit.

use super::decode::{self, Opened};
use super::error::ReadError;
use super::meta::{clean, json_type, Meta};
use rayon::prelude::*;
use serde_json::Value;
use std::borrow::Cow;
use std::io::BufRead;

/// Where a record sits in its file; it becomes the record's `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Locator {
    /// A record of a JSON-lines file, or a parse error at this line.
    Line(u64),
    /// An element of a JSON array.
    Index(usize),
    /// The file holds one record.
    Whole,
}

impl Locator {
    /// The source string of a record in the file displayed as `path`.
    pub fn source(self, path: &str) -> String {
        match self {
            // without `format!`: every record of a JSON-lines file gets one
            Locator::Line(n) => {
                let mut digits = [0u8; 20];
                let mut at = digits.len();
                let mut rest = n;
                loop {
                    at -= 1;
                    digits[at] = b'0' + (rest % 10) as u8;
                    rest /= 10;
                    if rest == 0 {
                        break;
                    }
                }
                let digits = std::str::from_utf8(&digits[at..]).expect("ASCII digits");
                let mut source = String::with_capacity(path.len() + 1 + digits.len());
                source.push_str(path);
                source.push(':');
                source.push_str(digits);
                source
            }
            Locator::Index(i) => format!("{path}[{i}]"),
            Locator::Whole => path.to_string(),
        }
    }

    /// Line number for sorting (records of one file come out in file order anyway).
    pub fn line(self) -> u64 {
        match self {
            Locator::Line(n) => n,
            Locator::Index(i) => i as u64 + 1,
            Locator::Whole => 0,
        }
    }
}

/// One parsed (or unparseable) record.
#[derive(Debug)]
pub(crate) struct Record {
    pub at: Locator,
    pub value: Result<Value, ReadError>,
}

/// The fields of an article record, before the article is built.
#[derive(Debug)]
pub(crate) struct RecordFields {
    pub id: String,
    pub meta: Meta,
    pub text: String,
}

/// One line of a JSON-lines file, before it is parsed: its text, or why it has none (too long,
/// not decodable).
pub(crate) struct Line<'a> {
    pub at: Locator,
    pub text: Result<Cow<'a, str>, ReadError>,
}

impl Line<'_> {
    /// The line's record parsed as a JSON value.
    pub fn value(self) -> Result<Value, ReadError> {
        self.text.and_then(|text| parse_line(&text))
    }

    /// The article fields of the line's record: always the result (and the error) of
    /// [`record_fields`] of [`Line::value`]. A record of the usual shape (only the fields an
    /// article has, `id` a string, no field twice) is read by a byte scanner
    /// ([`usual_fields`](super::usual_record::usual_fields)) or, when the scanner leaves it,
    /// in place by serde without building a `Value`; any other record takes the general path.
    pub fn fields(self) -> Result<RecordFields, ReadError> {
        let text = self.text?;
        if let Some(fields) = super::usual_record::usual_fields(&text) {
            return Ok(fields);
        }
        match serde_json::from_str::<UsualRecord<'_>>(&text) {
            Ok(usual) => usual.fields(),
            Err(_) => parse_line(&text).and_then(record_fields),
        }
    }
}

/// A record with only the fields of an article, each of its usual type (strings, or `null` for
/// the optional ones); unescaped strings are borrowed from the line.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UsualRecord<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    title: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    outlet: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    date: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    lang: Option<Cow<'a, str>>,
}

impl UsualRecord<'_> {
    /// What [`record_fields`] gives for the same record.
    fn fields(self) -> Result<RecordFields, ReadError> {
        let id = clean(&self.id).ok_or(ReadError::EmptyId)?;
        let opt = |field: Option<Cow<'_, str>>| field.as_deref().and_then(clean);
        Ok(RecordFields {
            id,
            meta: Meta {
                id: None,
                title: opt(self.title),
                outlet: opt(self.outlet),
                date: opt(self.date),
                url: opt(self.url),
                lang: opt(self.lang),
            },
            text: self.text.into_owned(),
        })
    }
}

/// Check a record and take its fields.
pub(crate) fn record_fields(value: Value) -> Result<RecordFields, ReadError> {
    let mut obj = match value {
        Value::Object(obj) => obj,
        other => {
            return Err(ReadError::NotAnObject {
                found: json_type(&other),
            })
        }
    };
    const NEED: &str = "every record needs \"id\" and \"text\"";
    let id = match obj.get("id") {
        None | Some(Value::Null) => {
            return Err(ReadError::MissingField {
                field: "id",
                need: NEED,
            })
        }
        Some(Value::String(s)) => clean(s).ok_or(ReadError::EmptyId)?,
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        Some(other) => {
            return Err(ReadError::WrongType {
                field: "id",
                expected: "a string or an integer",
                found: json_type(other),
            })
        }
    };
    let text = match obj.remove("text") {
        None | Some(Value::Null) => {
            return Err(ReadError::MissingField {
                field: "text",
                need: NEED,
            })
        }
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(ReadError::WrongType {
                field: "text",
                expected: "a string",
                found: json_type(&other),
            })
        }
    };
    let meta = Meta::from_json(&obj)?;
    Ok(RecordFields { id, meta, text })
}

/// Longest `.jsonl` line kept for an article limit of `limit` bytes of text: every character may
/// be a 6-byte `\uXXXX` escape (2 bytes of UTF-8 for most Arabic letters, so 3x is the worst for
/// real text, but ASCII escapes like `\u0041` are 6x), plus room for the other fields.
pub(crate) fn line_limit(limit: u64) -> u64 {
    limit.saturating_mul(6).saturating_add(1024 * 1024)
}

/// Read the records of a JSON-lines file: each record's line is passed to `handle` on the worker
/// threads, a block of lines at a time, and `handle`'s results go to `emit` in file order (see
/// [`stream_lines`]). Returns how many records (good or bad) were found.
///
/// Returns an error when the file as a whole cannot be read (missing, empty, binary, corrupt
/// gzip); the records before a mid-file failure have been passed to `emit`.
pub(crate) fn read_lines_file<R: Send>(
    path: &std::path::Path,
    forced: Option<&'static encoding_rs::Encoding>,
    article_limit: u64,
    handle: &(dyn Fn(Line<'_>) -> R + Sync),
    emit: &mut dyn FnMut(R),
) -> Result<usize, ReadError> {
    let mut opened = decode::open(path)?;
    if opened.file_size == 0 {
        return Err(ReadError::Empty);
    }
    let head = opened.reader.fill_buf().map_err(|e| {
        if opened.gzip {
            ReadError::Gzip(e)
        } else {
            ReadError::from_io(e)
        }
    })?;
    let utf16 = matches!(
        encoding_rs::Encoding::for_bom(head),
        Some((enc, _)) if decode::is_utf16(enc)
    ) || forced.is_some_and(decode::is_utf16);
    if utf16 {
        let bytes = decode::read_to_limit(path, super::MAX_JSON_DOCUMENT_BYTES, |_| {
            ReadError::DocumentTooLarge {
                limit: super::MAX_JSON_DOCUMENT_BYTES,
            }
        })?;
        let text = decode::decode(bytes, None, forced)?;
        let lines = lines_of(&text);
        let n = lines.len();
        let results: Vec<R> = lines.into_par_iter().map(handle).collect();
        results.into_iter().for_each(emit);
        return Ok(n);
    }
    if let Some(offset) = head.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary {
            offset: offset as u64,
        });
    }
    let mut n = 0;
    stream_lines(opened, forced, article_limit, handle, &mut |r| {
        n += 1;
        emit(r)
    })?;
    Ok(n)
}

/// Records of a `.json` file (read whole; see [`document`]).
pub(crate) fn read_document_file(
    path: &std::path::Path,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<Record>, ReadError> {
    let limit = super::MAX_JSON_DOCUMENT_BYTES;
    let bytes = decode::read_to_limit(path, limit, |_| ReadError::DocumentTooLarge { limit })?;
    let text = decode::decode(bytes, None, forced)?;
    Ok(document(&text))
}

/// Lines read before a block is parsed: enough for every worker to have a share, few enough
/// to bound what is held (two blocks of raw lines and two of results, see [`stream_lines`]).
/// Small blocks keep that memory warm: every megabyte a run touches for the first time costs
/// the kernel a page-zeroing fault (a quarter of a one-thread `--only-clusters` run with
/// blocks of 2,048 lines, by `perf`).
const BLOCK_LINES: usize = 512;
/// Lines of the first block: nothing is parsed while it is read, so it is short, and each
/// block after it twice as long as the one before, up to [`BLOCK_LINES`] (a block is read
/// while the one before it is parsed, many times longer).
const FIRST_BLOCK_LINES: usize = 32;
/// Bytes of raw lines after which a block is parsed even if it has fewer lines.
const BLOCK_BYTES: usize = 2 * 1024 * 1024;

/// The most lines a worker parses as one job. Rayon halves a range only so often before a
/// worker runs the rest of it alone: a block of 512 lines left jobs of up to 128 records, about
/// a millisecond of work, and when the last of them ran on one worker the other waited for it
/// at the end of the block (process CPU time over wall time while reading 20k English
/// articles on two threads: 1.89-1.91 with such jobs, 1.94-1.96 with jobs of four lines).
const JOB_LINES: usize = 4;

/// One line of a [`LineBlock`].
struct RawLine {
    /// 1-based line number in the file.
    no: u64,
    /// File offset of the line's first byte.
    offset: u64,
    /// The line's bytes in the block (without `\n` or `\r\n`; empty when too long).
    bytes: std::ops::Range<usize>,
    /// Longer than the line limit: not kept.
    too_long: bool,
}

/// Raw lines read in file order, parsed together. Reading lines is a cheap serial scan; parsing
/// them (UTF-8 validation, JSON) and the caller's work on each record are the costly part and
/// run in parallel, so one large file keeps every worker busy.
#[derive(Default)]
struct LineBlock {
    bytes: Vec<u8>,
    lines: Vec<RawLine>,
}

impl LineBlock {
    fn is_full(&self, lines: usize) -> bool {
        self.lines.len() >= lines || self.bytes.len() >= BLOCK_BYTES
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.lines.clear();
    }

    /// `handle` of each of the block's lines that holds a record (`None` for a blank line), in
    /// order, in parallel, written into `out` (its allocation reused from block to block): the
    /// record is parsed in `handle`, so parsing and the caller's work are one pass.
    fn parse<R: Send>(
        &self,
        forced: Option<&'static encoding_rs::Encoding>,
        max: usize,
        article_limit: u64,
        handle: &(dyn Fn(Line<'_>) -> R + Sync),
        out: &mut Vec<Option<R>>,
    ) {
        self.lines
            .par_iter()
            // (short jobs: see `JOB_LINES`)
            .with_max_len(JOB_LINES)
            .map(|line| self.line(line, forced, max, article_limit).map(handle))
            .collect_into_vec(out);
    }

    fn line(
        &self,
        line: &RawLine,
        forced: Option<&'static encoding_rs::Encoding>,
        max: usize,
        article_limit: u64,
    ) -> Option<Line<'_>> {
        let at = Locator::Line(line.no);
        if line.too_long {
            return Some(Line {
                at,
                text: Err(ReadError::LineTooLong {
                    line_limit: max as u64,
                    limit: article_limit,
                }),
            });
        }
        let whole = &self.bytes[line.bytes.clone()];
        let mut bytes = whole;
        if line.no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        // Valid UTF-8 (nearly every line) is parsed in place; anything else takes the decoding
        // path, which gives the same text or the error naming the offset. (simdutf8 validates
        // with SIMD: several times faster than the standard library on Arabic text.)
        let text = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(_) => decode::decode_utf8_or(bytes.to_vec(), forced)
                .map(Cow::Owned)
                .map_err(|e| shift_offset(e, line.offset + (whole.len() - bytes.len()) as u64)),
        };
        Some(Line { at, text })
    }
}

/// Splits an input into [`LineBlock`]s, counting lines and offsets across blocks.
struct LineReader {
    reader: Box<dyn BufRead + Send>,
    max: usize,
    line_no: u64,
    offset: u64,
}

impl LineReader {
    /// Append lines to `block` until it is full (`lines` lines, or [`BLOCK_BYTES`]: `Ok(false)`)
    /// or the input ends (`Ok(true)`). On an error, the lines read before it stay in `block`.
    fn fill(&mut self, block: &mut LineBlock, lines: usize) -> std::io::Result<bool> {
        while !block.is_full(lines) {
            let start = block.bytes.len();
            let Some(line) = read_line_bounded(&mut self.reader, &mut block.bytes, self.max)?
            else {
                return Ok(true);
            };
            self.line_no += 1;
            block.lines.push(RawLine {
                no: self.line_no,
                offset: self.offset,
                bytes: start..block.bytes.len(),
                too_long: line.too_long,
            });
            self.offset += line.consumed;
        }
        Ok(false)
    }
}

/// Stream the records of an opened JSON-lines input: each record's line is passed to `handle`
/// on the worker threads, and the results go to `emit` in file order.
///
/// Three things overlap, a block of lines at a time (see [`LineBlock`]): while the workers parse
/// and handle block `n` (one parallel pass), one of them reads block `n + 1`, and the calling
/// thread emits the results of block `n - 1` (the CLI calls from one of the workers, so that
/// `--threads N` is N threads in all: that worker emits, then joins the parse). Memory holds
/// two blocks of raw lines (their buffers are reused) and two blocks of results.
///
/// Returns an error only when the file itself cannot be read further (corrupt gzip, I/O error);
/// the records before that point have been passed to `emit`.
pub(crate) fn stream_lines<R: Send>(
    opened: Opened,
    forced: Option<&'static encoding_rs::Encoding>,
    article_limit: u64,
    handle: &(dyn Fn(Line<'_>) -> R + Sync),
    emit: &mut dyn FnMut(R),
) -> Result<(), ReadError> {
    let gzip = opened.gzip;
    let max = usize::try_from(line_limit(article_limit)).unwrap_or(usize::MAX);
    let mut reader = LineReader {
        reader: opened.reader,
        max,
        line_no: 0,
        offset: 0,
    };
    // sized once (a longer line grows its block), not doubled from empty
    let block = || LineBlock {
        bytes: Vec::with_capacity(BLOCK_BYTES + BLOCK_BYTES / 4),
        lines: Vec::with_capacity(BLOCK_LINES),
    };
    let (mut current, mut next) = (block(), block());
    // Ok(true) once the input is exhausted; an error ends the input too.
    let mut lines = FIRST_BLOCK_LINES;
    let mut state = reader.fill(&mut current, lines);
    // results of the block being emitted and of the block being parsed (buffers reused)
    let mut pending: Vec<Option<R>> = Vec::new();
    let mut handled: Vec<Option<R>> = Vec::new();
    loop {
        let done = !matches!(state, Ok(false));
        if current.lines.is_empty() && done {
            break;
        }
        let mut read = Ok(true);
        next.clear();
        lines = (2 * lines).min(BLOCK_LINES);
        rayon::in_place_scope(|scope| {
            // The read is spawned first: another worker steals the oldest job first (as the
            // pool does from outside it), before it starts stealing parts of the parse; a
            // calling worker takes its newest, the parse, once it has emitted.
            if !done {
                let (reader, next, read) = (&mut reader, &mut next, &mut read);
                scope.spawn(move |_| *read = reader.fill(next, lines));
            }
            let block = &current;
            let handled = &mut handled;
            scope.spawn(move |_| block.parse(forced, max, article_limit, handle, handled));
            pending.drain(..).flatten().for_each(&mut *emit);
        });
        std::mem::swap(&mut pending, &mut handled);
        std::mem::swap(&mut current, &mut next);
        if !done {
            state = read;
        } else {
            current.clear();
        }
    }
    pending.into_iter().flatten().for_each(&mut *emit);
    match state {
        Err(e) if gzip => Err(ReadError::Gzip(e)),
        Err(e) => Err(ReadError::from_io(e)),
        Ok(_) => Ok(()),
    }
}

/// Records of JSON-lines text held in memory (a decoded UTF-16 file, a manifest).
pub(crate) fn lines_in(text: &str) -> Vec<Record> {
    lines_of(text)
        .into_iter()
        .map(|line| Record {
            at: line.at,
            value: line.value(),
        })
        .collect()
}

/// The lines of JSON-lines text held in memory that hold a record (not blank).
fn lines_of(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| Line {
            at: Locator::Line(i as u64 + 1),
            text: Ok(Cow::Borrowed(line)),
        })
        .collect()
}

/// Records of a `.json` document: the elements of an array, one value, or JSON lines.
pub(crate) fn document(text: &str) -> Vec<Record> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = skip_ws(text, 0);
    if text[start..].starts_with('[') {
        return array(text, start + 1);
    }
    let mut records = values(text);
    if let [only] = records.as_mut_slice() {
        if only.value.is_ok() {
            only.at = Locator::Whole;
        }
    }
    records
}

fn array(text: &str, mut pos: usize) -> Vec<Record> {
    let mut lines = LineCounter::new(text);
    let mut records = Vec::new();
    let fail = |lines: &mut LineCounter<'_>, at: usize, msg: String| Record {
        at: Locator::Line(lines.line_at(at)),
        value: Err(ReadError::Json(format!(
            "{msg}; the rest of the array was not read"
        ))),
    };
    pos = skip_ws(text, pos);
    if text[pos..].starts_with(']') {
        pos = skip_ws(text, pos + 1);
    } else {
        loop {
            let mut values = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Value>();
            match values.next() {
                Some(Ok(value)) => {
                    records.push(Record {
                        at: Locator::Index(records.len()),
                        value: Ok(value),
                    });
                    pos = skip_ws(text, pos + values.byte_offset());
                }
                Some(Err(e)) => {
                    let line = lines.line_at(pos) + e.line().saturating_sub(1) as u64;
                    records.push(Record {
                        at: Locator::Line(line),
                        value: Err(ReadError::Json(format!(
                            "{}; the rest of the array was not read",
                            error_message(&e)
                        ))),
                    });
                    return records;
                }
                None => {
                    records.push(fail(&mut lines, pos, "unexpected end of the array".into()));
                    return records;
                }
            }
            match text[pos..].chars().next() {
                Some(',') => pos = skip_ws(text, pos + 1),
                Some(']') => {
                    pos = skip_ws(text, pos + 1);
                    break;
                }
                Some(c) => {
                    records.push(fail(
                        &mut lines,
                        pos,
                        format!(
                            "expected ',' or ']' after element {}, found '{c}'",
                            records.len() - 1
                        ),
                    ));
                    return records;
                }
                None => {
                    records.push(fail(&mut lines, pos, "unexpected end of the array".into()));
                    return records;
                }
            }
        }
    }
    if pos < text.len() {
        records.push(Record {
            at: Locator::Line(lines.line_at(pos)),
            value: Err(ReadError::Json(
                "trailing characters after the array".into(),
            )),
        });
    }
    records
}

/// Whitespace-separated JSON values. After an error the rest of the line is skipped when the
/// text is JSON lines (its first line is a complete value); otherwise parsing stops there.
fn values(text: &str) -> Vec<Record> {
    let mut lines = LineCounter::new(text);
    let mut records = Vec::new();
    let first_line = text.trim_start().lines().next().unwrap_or("");
    let line_shaped = serde_json::from_str::<Value>(first_line).is_ok();
    let mut pos = skip_ws(text, 0);
    while pos < text.len() {
        let line = lines.line_at(pos);
        let mut values = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Value>();
        match values.next() {
            Some(Ok(value)) => {
                records.push(Record {
                    at: Locator::Line(line),
                    value: Ok(value),
                });
                pos = skip_ws(text, pos + values.byte_offset());
            }
            Some(Err(e)) => {
                let bad_line = line + e.line().saturating_sub(1) as u64;
                let mut msg = error_message(&e);
                if !line_shaped {
                    msg.push_str("; the rest of the file was not read");
                }
                records.push(Record {
                    at: Locator::Line(bad_line),
                    value: Err(ReadError::Json(msg)),
                });
                if !line_shaped {
                    break;
                }
                pos = match text[pos..].find('\n') {
                    // The error may be on a later line than `pos` only inside one value spanning
                    // lines, which JSON lines do not have: resume at the next line.
                    Some(i) => skip_ws(text, pos + i + 1),
                    None => text.len(),
                };
            }
            None => break,
        }
    }
    records
}

/// One JSON value on one line.
fn parse_line(line: &str) -> Result<Value, ReadError> {
    serde_json::from_str(line).map_err(|e| {
        let msg = error_message(&e);
        ReadError::Json(if e.column() > 0 {
            format!("{msg} (column {})", e.column())
        } else {
            msg
        })
    })
}

/// serde_json's message without its `at line L column C` suffix (we give our own location).
fn error_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_string(),
        _ => full,
    }
}

/// Move a decoding error's offset from line-relative to file-relative.
fn shift_offset(e: ReadError, by: u64) -> ReadError {
    match e {
        ReadError::Undecodable {
            encoding,
            offset,
            advice,
        } => ReadError::Undecodable {
            encoding,
            offset: offset + by,
            advice,
        },
        other => other,
    }
}

fn skip_ws(text: &str, pos: usize) -> usize {
    pos + text[pos..].len() - text[pos..].trim_start().len()
}

/// One line read by [`read_line_bounded`].
struct LineRead {
    /// Bytes consumed, newline included.
    consumed: u64,
    /// The line was longer than the bound; what was kept is incomplete.
    too_long: bool,
}

/// Read one line (without its `\n`, and `\r\n`'s `\r`) and append it to `buf`, keeping at most
/// `max` bytes of it and discarding the rest (a line too long leaves `buf` as it was). `None` at
/// the end of the input.
fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<LineRead>> {
    let start = buf.len();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let available = r.fill_buf()?;
        if available.is_empty() {
            if consumed == 0 {
                return Ok(None);
            }
            break;
        }
        let (chunk, used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        if buf.len() - start + chunk.len() > max {
            too_long = true;
            buf.truncate(start);
        } else if !too_long {
            buf.extend_from_slice(chunk);
        }
        consumed += used as u64;
        r.consume(used);
        if done {
            break;
        }
    }
    if buf.len() > start && buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(LineRead { consumed, too_long }))
}

/// Line numbers of byte offsets, counted incrementally (offsets are asked in increasing order).
struct LineCounter<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, pos: usize) -> u64 {
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let pos = pos.min(self.text.len());
        self.line += self.text.as_bytes()[self.pos..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.pos = pos;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn stream(input: &[u8], limit: u64) -> Vec<(Locator, Result<Value, String>)> {
        let opened = Opened {
            reader: Box::new(Cursor::new(input.to_vec())),
            gzip: false,
            file_size: input.len() as u64,
        };
        let mut out = Vec::new();
        stream_lines(
            opened,
            None,
            limit,
            &|line: Line<'_>| (line.at, line.value().map_err(|e| e.to_string())),
            &mut |r| out.push(r),
        )
        .unwrap();
        out
    }

    #[test]
    fn jsonl_records_with_line_numbers_and_bad_lines() {
        let input = b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}\r\n\n{bad json\n{\"id\":\"b\",\"text\":\"y\"}";
        let got = stream(input, 1000);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, Locator::Line(1));
        assert!(got[0].1.is_ok());
        assert_eq!(got[1].0, Locator::Line(3));
        let err = got[1].1.as_ref().unwrap_err();
        assert!(
            err.starts_with("invalid JSON: key must be a string (column 2)"),
            "{err}"
        );
        assert_eq!(got[2].0, Locator::Line(4));
        assert_eq!(got[2].1.as_ref().unwrap()["id"], "b");
    }

    #[test]
    fn overlong_line_is_skipped_and_the_next_is_read() {
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}\n", "a".repeat(3000));
        let input = format!("{long}{{\"id\":\"small\",\"text\":\"ok\"}}\n");
        let mut buf = Vec::new();
        let mut r = Cursor::new(input.as_bytes().to_vec());
        let first = read_line_bounded(&mut r, &mut buf, 100).unwrap().unwrap();
        assert!(first.too_long);
        assert!(buf.is_empty());
        buf.clear();
        let second = read_line_bounded(&mut r, &mut buf, 100).unwrap().unwrap();
        assert!(!second.too_long);
        assert_eq!(buf, b"{\"id\":\"small\",\"text\":\"ok\"}");
        assert!(read_line_bounded(&mut r, &mut buf, 100).unwrap().is_none());
    }

    #[test]
    fn invalid_utf8_in_a_line_names_the_file_offset() {
        let input = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"\xE4\"}\n";
        let got = stream(input, 1000);
        let err = got[1].1.as_ref().unwrap_err();
        let bad = input.iter().position(|&b| b == 0xE4).unwrap();
        assert!(err.contains(&format!("byte offset {bad}")), "{err}");
    }

    #[test]
    fn record_fields_require_id_and_text() {
        let f =
            |s: &str| record_fields(serde_json::from_str(s).unwrap()).map_err(|e| e.to_string());
        let ok = f(r#"{"id": 7, "text": "t", "outlet": "AFP", "extra": [1]}"#).unwrap();
        assert_eq!(ok.id, "7");
        assert_eq!(ok.meta.outlet.as_deref(), Some("AFP"));
        assert!(f(r#"{"id": "a"}"#)
            .unwrap_err()
            .contains("no \"text\" field"));
        assert!(f(r#"{"text": "a"}"#)
            .unwrap_err()
            .contains("no \"id\" field"));
        assert!(f(r#"{"id": " ", "text": "a"}"#)
            .unwrap_err()
            .contains("empty"));
        assert!(f(r#"{"id": 1.5, "text": "a"}"#)
            .unwrap_err()
            .contains("\"id\" must be a string or an integer, found a number"));
        assert!(f(r#"{"id": "a", "text": 3}"#)
            .unwrap_err()
            .contains("\"text\" must be a string"));
        assert!(f(r#"["a"]"#).unwrap_err().contains("not a JSON object"));
    }

    #[test]
    fn json_array_elements_are_indexed() {
        let recs = document(
            "[\n {\"id\": \"a\", \"text\": \"x\"},\n {\"id\": \"b\", \"text\": \"y\"}\n]\n",
        );
        let at: Vec<_> = recs.iter().map(|r| r.at).collect();
        assert_eq!(at, [Locator::Index(0), Locator::Index(1)]);
        assert!(recs.iter().all(|r| r.value.is_ok()));
        assert!(document("[]").is_empty());
    }

    #[test]
    fn broken_array_reports_the_line_and_keeps_earlier_elements() {
        let recs =
            document("[\n{\"id\": \"a\", \"text\": \"x\"},\n{\"id\": \"b\" \"text\": \"y\"}\n]");
        assert_eq!(recs.len(), 2);
        assert!(recs[0].value.is_ok());
        assert_eq!(recs[1].at, Locator::Line(3));
        let err = recs[1].value.as_ref().unwrap_err().to_string();
        assert!(err.contains("rest of the array was not read"), "{err}");
    }

    #[test]
    fn single_object_and_json_lines_in_a_json_file() {
        let one = document("{\n  \"id\": \"a\",\n  \"text\": \"x\"\n}\n");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].at, Locator::Whole);
        let lines =
            document("{\"id\":\"a\",\"text\":\"x\"}\n{oops\n{\"id\":\"b\",\"text\":\"y\"}\n");
        let at: Vec<_> = lines.iter().map(|r| r.at).collect();
        assert_eq!(at, [Locator::Line(1), Locator::Line(2), Locator::Line(3)]);
        assert!(lines[1].value.is_err());
        assert!(lines[2].value.is_ok());
    }

    #[test]
    fn broken_pretty_object_stops_without_a_cascade() {
        let recs = document("{\n  \"id\": \"a\",\n  \"text\": \"x\",\n}\n");
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].at, Locator::Line(4));
    }

    #[test]
    fn sources() {
        assert_eq!(Locator::Line(7).source("a.jsonl"), "a.jsonl:7");
        for n in [0, 10, 1203, u64::MAX] {
            assert_eq!(Locator::Line(n).source("a"), format!("a:{n}"));
        }
        assert_eq!(Locator::Index(3).source("a.json"), "a.json[3]");
        assert_eq!(Locator::Whole.source("a.json"), "a.json");
    }

    /// A record line built from fields: known and unknown names, every JSON type, escapes,
    /// repeated names.
    fn record_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let name = prop_oneof![
            Just("id"),
            Just("text"),
            Just("title"),
            Just("outlet"),
            Just("date"),
            Just("url"),
            Just("lang"),
            Just("t\\u0065xt"),
            Just("extra"),
        ];
        let value = prop_oneof![
            "[a-z \\\\n]{0,6}".prop_map(|s| format!("\"{s}\"")),
            Just("\"  \"".to_string()),
            Just("\"\\u00e9t\\u00e9\"".to_string()),
            Just("\"a\\u0041\\/\\\"b\\\\\\t\"".to_string()),
            Just("\"\\ud83d\\ude00\"".to_string()),
            Just("\"\\ud83d\"".to_string()),
            Just("\"x\ty\"".to_string()),
            Just("\"\\u12\"".to_string()),
            Just("null".to_string()),
            Just("7".to_string()),
            Just("-2".to_string()),
            Just("1.5".to_string()),
            Just("1e400".to_string()),
            Just("true".to_string()),
            Just("[1, \"a\"]".to_string()),
            Just("{\"k\": null}".to_string()),
        ];
        prop::collection::vec((name, value), 0..9).prop_map(|fields| {
            let body: Vec<String> = fields
                .iter()
                .map(|(n, v)| format!("\"{n}\": {v}"))
                .collect();
            format!("{{{}}}", body.join(", "))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Reading a record in place gives what the general path gives: the same fields or the
        /// same error.
        #[test]
        fn fields_in_place_equal_fields_of_the_value(
            line in proptest::prop_oneof![record_line(), "[{}\\[\\]\":,a-z0-9 ]{0,30}"]
        ) {
            let fields = Line { at: Locator::Line(1), text: Ok(Cow::Borrowed(&line)) }.fields();
            let general = parse_line(&line).and_then(record_fields);
            proptest::prop_assert_eq!(
                format!("{:?}", fields.map_err(|e| e.to_string())),
                format!("{:?}", general.map_err(|e| e.to_string()))
            );
        }
    }

    #[test]
    fn usual_records_are_read_in_place() {
        let line = r#"{"id": " a ", "text": "x\ny", "title": null, "lang": "EN"}"#;
        assert!(serde_json::from_str::<UsualRecord<'_>>(line).is_ok());
        let f = Line {
            at: Locator::Line(1),
            text: Ok(Cow::Borrowed(line)),
        }
        .fields()
        .unwrap();
        assert_eq!((f.id.as_str(), f.text.as_str()), ("a", "x\ny"));
        assert_eq!((f.meta.title, f.meta.lang.as_deref()), (None, Some("EN")));
        for other in [
            r#"{"id": 7, "text": "x"}"#,
            r#"{"id": "a", "text": "x", "n": 1}"#,
        ] {
            assert!(serde_json::from_str::<UsualRecord<'_>>(other).is_err());
        }
    }

    proptest::proptest! {
        /// Arbitrary text never panics the parsers, and every record of JSON lines is located.
        #[test]
        fn parsers_never_panic(text in "[\\[\\]{}\":,a-z0-9 \n]{0,60}") {
            let _ = document(&text);
            for r in lines_in(&text) {
                proptest::prop_assert!(matches!(r.at, Locator::Line(n) if n >= 1));
            }
        }
    }
}
