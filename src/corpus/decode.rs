//! Bytes to text: bounded reading (file size checked before reading, gzip stopped past the
//! limit), gzip detected by its magic bytes, and decoding to UTF-8.
//!
//! Which encoding is used, first match wins:
//! 1. a byte-order mark (UTF-8, UTF-16 LE, UTF-16 BE);
//! 2. the charset an HTML page declares (`<meta charset>`, `http-equiv`), passed in as `declared`;
//! 3. UTF-8, when the bytes are valid UTF-8;
//! 4. the forced encoding (`--encoding`), when the bytes are not valid UTF-8.
//!
//! A page whose declared charset does not decode it (a page saved in windows-1256 that still says
//! UTF-8) falls back to the forced encoding when one is given.
//!
//! Valid UTF-8 is kept as UTF-8 even when an encoding is forced: batches that mix old
//! windows-1256 files with new UTF-8 ones are common in Arabic archives, and real windows-1256
//! Arabic text is practically never valid UTF-8. A forced UTF-16 encoding (which cannot be told
//! apart that way) always applies. Decoding never replaces bad bytes silently: an input with bytes
//! that are invalid in its encoding is skipped with the offset of the first bad byte.

use super::error::ReadError;
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use flate2::bufread::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The two bytes every gzip stream starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Advice appended when UTF-8 fails and no encoding was forced.
const SUGGEST_ENCODING: &str =
    "; if the file uses a legacy encoding, pass --encoding (e.g. --encoding windows-1256 for Arabic)";

/// An opened input: its (decompressed) bytes as a buffered stream.
pub(crate) struct Opened {
    /// The content, decompressed when the file is gzip.
    pub reader: Box<dyn BufRead + Send>,
    /// Whether the file is gzip.
    pub gzip: bool,
    /// Size of the file on disk.
    pub file_size: u64,
}

/// Open `path`, detecting gzip by its magic bytes (whatever the file is called).
pub(crate) fn open(path: &Path) -> Result<Opened, ReadError> {
    let file = File::open(path).map_err(ReadError::from_io)?;
    let meta = file.metadata().map_err(ReadError::from_io)?;
    if meta.is_dir() {
        return Err(ReadError::NotAFile);
    }
    let file_size = meta.len();
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let gzip = reader
        .fill_buf()
        .map_err(ReadError::from_io)?
        .starts_with(&GZIP_MAGIC);
    let reader: Box<dyn BufRead + Send> = if gzip {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    };
    Ok(Opened {
        reader,
        gzip,
        file_size,
    })
}

/// Read the whole (decompressed) content of `path`, refusing more than `limit` bytes.
///
/// A plain file over the limit is refused from its size alone, without reading it; a gzip file
/// is decompressed only up to one byte past the limit. `too_large` builds the error for a plain
/// file that is too large (articles and whole JSON documents have different limits).
pub(crate) fn read_to_limit(
    path: &Path,
    limit: u64,
    too_large: impl Fn(u64) -> ReadError,
) -> Result<Vec<u8>, ReadError> {
    let opened = open(path)?;
    if opened.file_size == 0 {
        return Err(ReadError::Empty);
    }
    if !opened.gzip && opened.file_size > limit {
        return Err(too_large(opened.file_size));
    }
    let capacity = if opened.gzip {
        opened.file_size.saturating_mul(4).min(limit)
    } else {
        opened.file_size
    };
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let read = opened
        .reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out);
    if let Err(e) = read {
        return Err(if opened.gzip {
            ReadError::Gzip(e)
        } else {
            ReadError::from_io(e)
        });
    }
    let len = out.len() as u64;
    if len > limit {
        return Err(if opened.gzip {
            ReadError::TooLargeDecompressed { limit }
        } else {
            // The file grew while it was read.
            too_large(len)
        });
    }
    if out.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(out)
}

/// Whether an encoding is UTF-16 (which is not ASCII-compatible: lines and markup cannot be
/// found in its raw bytes).
pub(crate) fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// Decode a whole input to UTF-8 (see the module documentation for which encoding is used).
pub(crate) fn decode(
    bytes: Vec<u8>,
    declared: Option<&'static Encoding>,
    forced: Option<&'static Encoding>,
) -> Result<String, ReadError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        let text = decode_strict(enc, &bytes[bom_len..], bom_len as u64)?;
        return reject_nul_chars(text, bom_len as u64, enc);
    }
    if let Some(enc) = forced.filter(|e| is_utf16(e)) {
        let text = decode_strict(enc, &bytes, 0)?;
        return reject_nul_chars(text, 0, enc);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary {
            offset: offset as u64,
        });
    }
    // A page declaring UTF-16 in ASCII bytes is not UTF-16 (HTML standard: treat as UTF-8).
    if let Some(enc) = declared.filter(|e| !is_utf16(e) && *e != UTF_8) {
        return match decode_strict(enc, &bytes, 0) {
            Ok(text) => Ok(text),
            Err(e) => match forced {
                Some(f) => decode_strict(f, &bytes, 0),
                None => Err(e),
            },
        };
    }
    decode_utf8_or(bytes, forced)
}

/// Valid UTF-8 as is; otherwise the forced encoding; otherwise an error with the offset.
pub(crate) fn decode_utf8_or(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<String, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to() as u64;
            match forced {
                Some(enc) if enc != UTF_8 => decode_strict(enc, e.as_bytes(), 0),
                Some(_) => Err(ReadError::Undecodable {
                    encoding: "UTF-8",
                    offset,
                    advice: "; --encoding utf-8 was given: pass the file's real encoding",
                }),
                None => Err(ReadError::Undecodable {
                    encoding: "UTF-8",
                    offset,
                    advice: SUGGEST_ENCODING,
                }),
            }
        }
    }
}

/// Decode `bytes` (which start at offset `base` of the input) with `enc`, refusing bad bytes.
fn decode_strict(enc: &'static Encoding, bytes: &[u8], base: u64) -> Result<String, ReadError> {
    if enc == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => Err(ReadError::Undecodable {
                encoding: "UTF-8",
                offset: base + e.valid_up_to() as u64,
                advice: "",
            }),
        };
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let mut read_total = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(bytes.len() - read_total + 16),
            DecoderResult::Malformed(bad, extra) => {
                let offset = read_total - usize::from(bad) - usize::from(extra);
                return Err(ReadError::Undecodable {
                    encoding: enc.name(),
                    offset: base + offset as u64,
                    advice: "",
                });
            }
        }
    }
}

/// UTF-16 text with NUL characters is a binary file read as UTF-16.
fn reject_nul_chars(text: String, base: u64, enc: &'static Encoding) -> Result<String, ReadError> {
    match text.find('\0') {
        None => Ok(text),
        Some(i) => {
            let units = text[..i].encode_utf16().count() as u64;
            let offset = if is_utf16(enc) {
                base + 2 * units
            } else {
                base + i as u64
            };
            Err(ReadError::Binary { offset })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1256;
    use std::io::Write;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"abc".to_vec(), None, None).unwrap(), "abc");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("مرحبا".as_bytes());
        assert_eq!(decode(b, None, None).unwrap(), "مرحبا");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        assert_eq!(
            decode(utf16le("الرقة news", true), None, None).unwrap(),
            "الرقة news"
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "الرقة".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(be, None, None).unwrap(), "الرقة");
    }

    #[test]
    fn utf16_without_bom_is_binary_unless_forced() {
        let raw = utf16le("Raqqa", false);
        assert!(matches!(
            decode(raw.clone(), None, None),
            Err(ReadError::Binary { offset: 1 })
        ));
        assert_eq!(decode(raw, None, Some(UTF_16LE)).unwrap(), "Raqqa");
    }

    #[test]
    fn invalid_utf8_reports_offset_and_suggests_encoding() {
        let (bytes, _, _) = WINDOWS_1256.encode("abc الرقة");
        let err = decode(bytes.into_owned(), None, None).unwrap_err();
        assert!(matches!(err, ReadError::Undecodable { offset: 4, .. }));
        let msg = err.to_string();
        assert!(msg.contains("byte offset 4"), "{msg}");
        assert!(msg.contains("--encoding"), "{msg}");
    }

    #[test]
    fn forced_encoding_applies_to_invalid_utf8_only() {
        let (bytes, _, _) = WINDOWS_1256.encode("خسر تنظيم داعش الرقة");
        let text = decode(bytes.into_owned(), None, Some(WINDOWS_1256)).unwrap();
        assert_eq!(text, "خسر تنظيم داعش الرقة");
        // A UTF-8 file in a windows-1256 batch stays UTF-8.
        let utf8 = "خسر تنظيم داعش".as_bytes().to_vec();
        assert_eq!(
            decode(utf8, None, Some(WINDOWS_1256)).unwrap(),
            "خسر تنظيم داعش"
        );
    }

    #[test]
    fn declared_charset_beats_utf8() {
        // Bytes that are valid UTF-8 but declared windows-1256 are read as declared.
        let bytes = "é".as_bytes().to_vec();
        let text = decode(bytes, Some(WINDOWS_1256), None).unwrap();
        assert_ne!(text, "é");
        assert_eq!(text.chars().count(), 2);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"GIF89a\0\x01".to_vec(), None, None).unwrap_err();
        assert!(matches!(err, ReadError::Binary { offset: 6 }), "{err}");
    }

    #[test]
    fn malformed_utf16_reports_offset() {
        // An unpaired high surrogate after the BOM and one character.
        let bytes = vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        let err = decode(bytes, None, None).unwrap_err();
        assert!(
            matches!(err, ReadError::Undecodable { offset: 4, .. }),
            "{err}"
        );
    }

    #[test]
    fn read_to_limit_checks_size_before_reading_and_bounds_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("big.txt");
        std::fs::write(&plain, vec![b'a'; 2000]).unwrap();
        let err = read_to_limit(&plain, 1000, |size| ReadError::TooLarge {
            size,
            limit: 1000,
        })
        .unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { size: 2000, .. }));

        let gz = dir.path().join("big.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&vec![b'a'; 1_000_000]).unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        let err =
            read_to_limit(&gz, 1000, |size| ReadError::TooLarge { size, limit: 1000 }).unwrap_err();
        assert!(matches!(
            err,
            ReadError::TooLargeDecompressed { limit: 1000 }
        ));
        let ok = read_to_limit(&gz, 2_000_000, |size| ReadError::TooLarge {
            size,
            limit: 2_000_000,
        })
        .unwrap();
        assert_eq!(ok.len(), 1_000_000);
    }

    #[test]
    fn gzip_is_detected_by_magic_not_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("looks-plain.txt");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"hello").unwrap();
        std::fs::write(&p, enc.finish().unwrap()).unwrap();
        let got = read_to_limit(&p, 100, |size| ReadError::TooLarge { size, limit: 100 });
        assert_eq!(got.unwrap(), b"hello");
    }

    #[test]
    fn corrupt_gzip_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt.gz");
        std::fs::write(&p, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]).unwrap();
        let err =
            read_to_limit(&p, 100, |size| ReadError::TooLarge { size, limit: 100 }).unwrap_err();
        assert!(err.to_string().starts_with("corrupt gzip data"), "{err}");
    }

    #[test]
    fn empty_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.txt");
        std::fs::write(&p, b"").unwrap();
        let err =
            read_to_limit(&p, 100, |size| ReadError::TooLarge { size, limit: 100 }).unwrap_err();
        assert!(matches!(err, ReadError::Empty));
    }
}
