//! Why an input was not turned into an article: one typed error per kind of bad input.
//!
//! The message of each variant is the `reason` of a [`Skipped`](super::Skipped) entry. It says
//! what is wrong and what to do; the file (and line or record) is named by the entry's `source`,
//! so the CLI prints `copydesk: skipped a.jsonl:7: invalid JSON: ...`.

use std::io;
use thiserror::Error;

/// Why one input (a path, a file, or one JSON record) was skipped.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The path named on the command line (or in a manifest) does not exist.
    #[error("does not exist (check the path)")]
    NotFound,
    /// A symbolic link whose target is missing.
    #[error("broken symbolic link: its target does not exist")]
    BrokenLink,
    /// The operating system refused to open or list the path.
    #[error("permission denied (check the permissions of the file or folder)")]
    PermissionDenied,
    /// Any other I/O failure while reading.
    #[error("cannot read: {0}")]
    Io(io::Error),
    /// A folder whose entries cannot be listed.
    #[error("cannot list folder: {0}")]
    ListDir(io::Error),
    /// A device, socket or pipe.
    #[error("not a regular file or folder")]
    NotAFile,
    /// Zero bytes.
    #[error("empty file")]
    Empty,
    /// Text that is only whitespace.
    #[error("no text: the article is empty or only whitespace")]
    Blank,
    /// An HTML page with no article text left after dropping scripts, navigation and boilerplate.
    #[error("no article text found in the HTML page (only scripts, navigation or boilerplate)")]
    NoHtmlText,
    /// NUL bytes: a binary file (image, PDF, archive...), not text.
    #[error("binary file, not text (NUL byte at byte offset {offset})")]
    Binary {
        /// Offset of the first NUL byte (in the decompressed content for gzip).
        offset: u64,
    },
    /// Bytes that are not valid in the encoding used to read the input.
    #[error("undecodable bytes: not valid {encoding} at byte offset {offset}{advice}")]
    Undecodable {
        /// Name of the encoding that failed.
        encoding: &'static str,
        /// Offset of the first bad byte (in the decompressed content for gzip).
        offset: u64,
        /// What to do about it (starts with "; " when present).
        advice: &'static str,
    },
    /// A file (or text) larger than `max_article_bytes`; the file was not read.
    #[error(
        "too large: {} is over the article limit of {} (raise --max-article-mb to read it)",
        size_text(.size),
        size_text(.limit)
    )]
    TooLarge {
        /// Size in bytes of the file or text.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A gzip file that decompresses past the limit; decompression stopped there.
    #[error(
        "too large: more than {} after decompression, over the limit (raise --max-article-mb to read it)",
        size_text(.limit)
    )]
    TooLargeDecompressed {
        /// The limit in bytes.
        limit: u64,
    },
    /// A JSONL line longer than any record within the article limit could be; it was not kept.
    #[error(
        "line too long: more than {} (the article limit allows at most {} of text; raise --max-article-mb to read it)",
        size_text(.line_limit),
        size_text(.limit)
    )]
    LineTooLong {
        /// Longest line accepted, in bytes.
        line_limit: u64,
        /// The article limit in bytes.
        limit: u64,
    },
    /// A `.json` document larger than [`MAX_JSON_DOCUMENT_BYTES`](super::MAX_JSON_DOCUMENT_BYTES).
    #[error(
        "JSON document too large: more than {} must be read whole; write it as JSON lines (.jsonl), which is read line by line",
        size_text(.limit)
    )]
    DocumentTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Corrupt or truncated gzip data.
    #[error("corrupt gzip data: {0}")]
    Gzip(io::Error),
    /// A JSON record or document that does not parse.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A JSON or JSON-lines file without a single record.
    #[error("no records: the JSON file holds no article")]
    NoRecords,
    /// A JSON record that is not an object.
    #[error("record is not a JSON object (found {found}); each record must be an object with \"id\" and \"text\"")]
    NotAnObject {
        /// What was found instead.
        found: &'static str,
    },
    /// A required field (`id`, `text`, or `file` in a manifest) is missing.
    #[error("record has no \"{field}\" field ({need})")]
    MissingField {
        /// The missing field.
        field: &'static str,
        /// Which fields are required.
        need: &'static str,
    },
    /// A field with the wrong JSON type.
    #[error("field \"{field}\" must be {expected}, found {found}")]
    WrongType {
        /// The field.
        field: &'static str,
        /// The type it must have.
        expected: &'static str,
        /// What was found.
        found: &'static str,
    },
    /// An `id` that is empty or only whitespace.
    #[error("field \"id\" is empty")]
    EmptyId,
    /// A second article with an id already read; the first one (by sorted source) is kept.
    #[error(
        "duplicate id \"{id}\": already read from {first} (ids must be unique; the first is kept)"
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// Source of the article that kept the id.
        first: String,
    },
    /// A manifest entry naming a file that is not there.
    #[error("manifest entry names \"{file}\", which does not exist (in {dir})")]
    ManifestMissingFile {
        /// The file as written in the manifest.
        file: String,
        /// The manifest's folder.
        dir: String,
    },
    /// Two manifest entries for the same file; the first is used.
    #[error("manifest entry for \"{file}\" repeats the entry at {first}; the first is used")]
    ManifestDuplicate {
        /// The file as written in the manifest.
        file: String,
        /// Source of the entry that is used.
        first: String,
    },
}

impl ReadError {
    /// Map an I/O error from opening or reading a file to the clearest variant.
    pub fn from_io(e: io::Error) -> ReadError {
        match e.kind() {
            io::ErrorKind::NotFound => ReadError::NotFound,
            io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            _ => ReadError::Io(e),
        }
    }
}

/// `52428800 bytes (50.0 MiB)`: exact for tests and scripts, readable for people.
fn size_text(bytes: &u64) -> String {
    let mib = *bytes as f64 / (1024.0 * 1024.0);
    if mib >= 0.1 {
        format!("{bytes} bytes ({mib:.1} MiB)")
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_names_size_and_limit() {
        let e = ReadError::TooLarge {
            size: 50 * 1024 * 1024,
            limit: 8 * 1024 * 1024,
        };
        let s = e.to_string();
        assert!(s.contains("52428800 bytes (50.0 MiB)"), "{s}");
        assert!(s.contains("8388608 bytes (8.0 MiB)"), "{s}");
        assert!(s.contains("--max-article-mb"), "{s}");
    }

    #[test]
    fn io_errors_map_to_clear_variants() {
        let nf = io::Error::new(io::ErrorKind::NotFound, "x");
        assert!(matches!(ReadError::from_io(nf), ReadError::NotFound));
        let pd = io::Error::new(io::ErrorKind::PermissionDenied, "x");
        assert!(matches!(
            ReadError::from_io(pd),
            ReadError::PermissionDenied
        ));
    }
}
