//! Sentence splitting for Arabic and English over normalised text.
//!
//! Boundaries: `.` `!` `?` (Arabic `؟` is folded to `?`), Arabic `؛` (folded to `;`, only when the
//! text is Arabic), blank lines, and single line breaks that do not look like wrapped prose.
//! Not boundaries: decimals (`3.5`), abbreviations (`Mr.`, `U.S.`, `أ.ف.ب`), initials, ellipses
//! inside a sentence, and punctuation inside a quotation (closing quotes stay with their sentence).

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "rep", "sen", "gov",
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.n",
    "approx", "est", "fig",
];

/// A quotation or parenthesis longer than this no longer holds back a sentence boundary.
const MAX_QUOTE_BYTES: usize = 600;

/// Split normalised `text` into sentence byte ranges (trimmed, never empty).
/// `semicolon_ends` makes `;` a boundary (Arabic `؛`).
pub fn split_sentences(text: &str, semicolon_ends: bool) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut quote_open = false;
    let mut quote_start = 0usize;
    let mut paren_depth = 0i32;
    let mut i = 0usize;
    let push = |out: &mut Vec<Range<usize>>, s: usize, e: usize| {
        let seg = &text[s..e];
        let ls = seg.len() - seg.trim_start().len();
        let rs = seg.trim_end().len();
        if rs > ls && seg[ls..rs].chars().any(char::is_alphanumeric) {
            out.push(s + ls..s + rs);
        } else if rs > ls {
            // punctuation-only fragment: attach to the previous sentence
            if let Some(last) = out.last_mut() {
                if last.end <= s + ls {
                    last.end = s + rs;
                }
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => {
                quote_open = !quote_open;
                quote_start = i;
            }
            b'(' => paren_depth += 1,
            b')' => paren_depth = (paren_depth - 1).max(0),
            b'\n' => {
                // Blank line: always a boundary. Single line break: a boundary unless the next line
                // continues wrapped prose (starts with a lower-case Latin letter).
                let mut j = i + 1;
                while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                    j += 1;
                }
                let blank = j < b.len() && b[j] == b'\n';
                let prev = text[start..i].trim_end();
                let continues = !blank
                    && j < b.len()
                    && b[j].is_ascii_lowercase()
                    && !prev.ends_with(['.', '!', '?', ':', '"']);
                if !continues {
                    push(&mut out, start, i);
                    start = i + 1;
                    quote_open = false;
                    paren_depth = 0;
                }
            }
            b'.' | b'!' | b'?' | b';' => {
                if c == b';' && !semicolon_ends {
                    i += 1;
                    continue;
                }
                // swallow runs of terminal punctuation ("?!", "...")
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b'.' | b'!' | b'?') {
                    j += 1;
                }
                // closing quotes/brackets belong to this sentence
                let mut k = j;
                let mut closes_quote = false;
                while k < b.len() && matches!(b[k], b'"' | b'\'' | b')' | b']') {
                    if b[k] == b'"' {
                        closes_quote = true;
                    }
                    k += 1;
                }
                let at_end = k >= b.len();
                let followed_by_space = at_end || b[k] == b' ' || b[k] == b'\n';
                // exactly two dots followed by a space and more text on the same line join two
                // clauses of one sentence (Arabic headline style: "خسر داعش الرقة.. والتحالف يرحب"),
                // unlike a full stop or an ellipsis
                let clause_dots = c == b'.'
                    && j == i + 2
                    && k == j
                    && !at_end
                    && b[k] == b' '
                    && text[k..]
                        .trim_start_matches(' ')
                        .split('\n')
                        .next()
                        .is_some_and(|rest| rest.chars().any(char::is_alphanumeric));
                if clause_dots {
                    i = j;
                    continue;
                }
                if !followed_by_space || (c == b'.' && j == i + 1 && is_abbreviation(text, i)) {
                    i = j;
                    continue;
                }
                // an unbalanced quote mark must not swallow the rest of the paragraph
                let in_quote = quote_open && i - quote_start < MAX_QUOTE_BYTES;
                if (in_quote && !closes_quote) || (paren_depth > 0 && i - start < MAX_QUOTE_BYTES) {
                    i = j;
                    continue;
                }
                if closes_quote {
                    quote_open = false;
                }
                push(&mut out, start, k);
                start = k;
                i = k;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    push(&mut out, start, b.len());
    out
}

/// Is the period at byte `dot` the end of an abbreviation or initial rather than a sentence?
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap();
    // single letters (initials, "أ.ف.ب") and dotted acronyms
    if chars.next().is_none() && first.is_alphabetic() {
        return true;
    }
    if word.contains('.') {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        split_sentences(s, true)
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn english_basics() {
        assert_eq!(
            split("Mr. Smith paid 3.5 dollars. He left! Did he? Yes."),
            vec!["Mr. Smith paid 3.5 dollars.", "He left!", "Did he?", "Yes."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            split("He said \"It is over. We won.\" Then he left."),
            vec!["He said \"It is over. We won.\"", "Then he left."]
        );
    }

    #[test]
    fn arabic_marks_and_abbreviations() {
        let s = "قال المرصد ان 3250 قتلوا. هل انتهت المعركه? نعم; انتهت. عناصر من قسد | ا.ف.ب";
        assert_eq!(
            split(s),
            vec![
                "قال المرصد ان 3250 قتلوا.",
                "هل انتهت المعركه?",
                "نعم;",
                "انتهت.",
                "عناصر من قسد | ا.ف.ب"
            ]
        );
    }

    #[test]
    fn two_dots_join_clauses_on_one_line() {
        assert_eq!(
            split("خسر داعش الرقة.. والتحالف يرحب. انتهى...\nسطر.. \nآخر"),
            vec![
                "خسر داعش الرقة.. والتحالف يرحب.",
                "انتهى...",
                "سطر..",
                "آخر"
            ]
        );
    }

    #[test]
    fn paragraphs_and_wrapped_lines() {
        assert_eq!(
            split("Title line\nBody starts here and\nwraps here. Next.\n\nPara two"),
            vec![
                "Title line",
                "Body starts here and\nwraps here.",
                "Next.",
                "Para two"
            ]
        );
    }
}
