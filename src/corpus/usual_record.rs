//! A record of the usual shape read by a byte scanner, without serde: `{"id": "...", "text":
//! "...", ...}` with only an article's fields, each a string (or `null` for the optional ones),
//! no field twice.
//!
//! The scanner only ever *accepts*: whatever it does not read itself — another shape, a number,
//! a `\u` escape of a surrogate, a control character, invalid JSON — gives `None`, and the
//! caller reads the line with serde, which gives the fields or the error it always gave. So the
//! scanner changes no result and no error message (property-tested against the general path in
//! `jsonl.rs`). It is several times cheaper than serde on the text, which is most of a line:
//! the string's end and its escapes are found with `memchr`, control characters eight bytes at
//! a time, and the pieces between escapes are copied whole.

use super::jsonl::RecordFields;
use super::meta::{clean, Meta};

/// The fields of `line` when it is a record of the usual shape that the scanner reads on its
/// own (see the module docs); `None` otherwise, with nothing decided.
pub(crate) fn usual_fields(line: &str) -> Option<RecordFields> {
    let mut scan = Scanner { line, at: 0 };
    // id, text, title, outlet, date, url, lang
    let mut fields: [Option<Option<String>>; 7] = Default::default();
    scan.skip_ws();
    scan.eat(b'{')?;
    scan.skip_ws();
    loop {
        scan.eat(b'"')?;
        let name = scan.plain_string()?;
        let slot = match name {
            b"id" => 0,
            b"text" => 1,
            b"title" => 2,
            b"outlet" => 3,
            b"date" => 4,
            b"url" => 5,
            b"lang" => 6,
            _ => return None,
        };
        if fields[slot].is_some() {
            return None;
        }
        scan.skip_ws();
        scan.eat(b':')?;
        scan.skip_ws();
        let value = match scan.peek()? {
            b'"' => {
                scan.at += 1;
                let buffer = match slot {
                    1 => RECYCLED_TEXT.take(),
                    _ => String::new(),
                };
                Some(scan.string(buffer)?)
            }
            // `id` and `text` must be strings: serde says what else they were
            b'n' if slot >= 2 && scan.rest().starts_with(b"null") => {
                scan.at += 4;
                None
            }
            _ => return None,
        };
        fields[slot] = Some(value);
        scan.skip_ws();
        match scan.peek()? {
            b',' => {
                scan.at += 1;
                scan.skip_ws();
            }
            b'}' => {
                scan.at += 1;
                break;
            }
            _ => return None,
        }
    }
    scan.skip_ws();
    if !scan.rest().is_empty() {
        return None;
    }
    let [id, text, title, outlet, date, url, lang] = fields;
    // an empty id is an error: serde's path gives it
    let id = cleaned(id??)?;
    let opt = |field: Option<Option<String>>| field.flatten().and_then(cleaned);
    Some(RecordFields {
        id,
        meta: Meta {
            id: None,
            title: opt(title),
            outlet: opt(outlet),
            date: opt(date),
            url: opt(url),
            lang: opt(lang),
        },
        text: text??,
    })
}

/// [`clean`] of a string the scanner decoded: the string itself when it has no surrounding
/// whitespace (nearly always), rather than a copy.
fn cleaned(value: String) -> Option<String> {
    match value.trim() {
        "" => None,
        trimmed if trimmed.len() == value.len() => Some(value),
        _ => clean(&value),
    }
}

/// Texts above this size are not kept for reuse (a rare huge article would hold its memory).
const RECYCLE_MAX_BYTES: usize = 1 << 20;

std::thread_local! {
    /// A text's buffer handed back by [`recycle_text`], for the next text read on this thread.
    static RECYCLED_TEXT: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// Keep `text`'s buffer for the next record's text that this thread reads (see
/// [`super::recycle_text`]).
pub(crate) fn recycle_text(text: String) {
    if text.capacity() <= RECYCLE_MAX_BYTES {
        RECYCLED_TEXT.set(text);
    }
}

/// A position in a line.
struct Scanner<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a [u8] {
        &self.line.as_bytes()[self.at..]
    }

    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The rest of a string without escapes (a field name), after its opening quote.
    fn plain_string(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest();
        let end = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[end] != b'"' || has_control(&rest[..end]) {
            return None;
        }
        self.at += end + 1;
        Some(&rest[..end])
    }

    /// The rest of a string, after its opening quote, decoded into `out` (cleared first; a
    /// recycled buffer or a new one). Pieces between escapes are copied whole (they end at an
    /// ASCII quote or backslash, so at a character boundary).
    fn string(&mut self, mut out: String) -> Option<String> {
        out.clear();
        loop {
            let rest = self.rest();
            let end = memchr::memchr2(b'"', b'\\', rest)?;
            if has_control(&rest[..end]) {
                return None;
            }
            let piece = &self.line[self.at..self.at + end];
            self.at += end + 1;
            if rest[end] == b'"' {
                if out.capacity() == 0 {
                    // no escape and no buffer: one copy at the exact size
                    return Some(piece.to_string());
                }
                out.push_str(piece);
                return Some(out);
            }
            // room for the rest of the line, which is longer than what it decodes to: the
            // string grows at most once
            out.reserve(rest.len());
            out.push_str(piece);
            let unescaped = match self.peek()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let hex = self.line.get(self.at + 1..self.at + 5)?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    // a surrogate (half of a pair, or lone) is left to serde
                    self.at += 4;
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            };
            out.push(unescaped);
            self.at += 1;
        }
    }
}

/// Does `bytes` hold a control character (below U+0020), which a JSON string may not hold
/// raw? Eight bytes at a time: `(x - 0x20..) & !x` has a byte's top bit set for some byte
/// exactly when some byte of `x` is below 0x20.
fn has_control(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut seen = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("chunks of eight bytes"));
        seen |= x.wrapping_sub(ONES * 0x20) & !x;
    }
    seen & TOPS != 0 || words.remainder().iter().any(|&b| b < 0x20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_in_any_byte() {
        let clean_bytes: Vec<u8> = (0x20..=0xff).collect();
        assert!(!has_control(&clean_bytes));
        for len in 0..20 {
            for at in 0..len {
                for bad in [0x00, 0x09, 0x0a, 0x1f] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = bad;
                    assert!(has_control(&bytes), "{len} {at} {bad}");
                }
                let mut bytes = vec![0xff; len];
                bytes[at] = 0x20;
                assert!(!has_control(&bytes));
            }
        }
    }

    #[test]
    fn usual_lines_are_read_by_the_scanner() {
        let line = "{\"id\":\"a1\",\"outlet\":\"AFP\",\"date\":\"2017-01-21\",\"lang\":\"en\",\
                    \"title\":null,\"text\":\"BEIRUT \\u00e9 \\\"x\\\"\\n\\nNext\\/\\\\ \\t\"}";
        let f = usual_fields(line).expect("a usual record");
        assert_eq!(f.id, "a1");
        assert_eq!(f.text, "BEIRUT \u{e9} \"x\"\n\nNext/\\ \t");
        assert_eq!(f.meta.outlet.as_deref(), Some("AFP"));
        assert_eq!(f.meta.title, None);
        let plain = usual_fields(r#" { "text" : "x" , "id" : " b " } "#).unwrap();
        assert_eq!((plain.id.as_str(), plain.text.as_str()), ("b", "x"));
    }

    #[test]
    fn anything_else_is_left_to_serde() {
        for line in [
            r#"{"id": 7, "text": "x"}"#,
            r#"{"id": "a", "text": "x", "n": 1}"#,
            r#"{"id": "a", "text": "x", "id": "b"}"#,
            r#"{"id": "a", "text": null}"#,
            r#"{"id": " ", "text": "x"}"#,
            r#"{"id": "a"}"#,
            r#"{"id": "a", "text": "x",}"#,
            r#"{"id": "a", "text": "x"} x"#,
            r#"{"id": "a", "t\u0065xt": "x"}"#,
            r#"{"id": "a", "text": "\ud83d\ude00"}"#,
            r#"{"id": "a", "text": "\x"}"#,
            "{\"id\": \"a\", \"text\": \"x\ty\"}",
            r#"{"id": "a", "text": "x""#,
            r#"["a"]"#,
        ] {
            assert!(usual_fields(line).is_none(), "{line}");
        }
    }
}
