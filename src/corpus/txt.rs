//! Plain text and Markdown articles: optional front matter, and a Markdown title heading.
//!
//! Front matter is a block at the very top that opens with a `---` line and closes with a `---`
//! (or `...`) line, holding YAML-style `key: value` lines. The keys `id`, `title`, `outlet`,
//! `date`, `url`, `lang` (or `language`) are read; other keys (tags, author...) are ignored, as are
//! comments (`# ...`) and indented continuation lines. Values may be quoted. A block that does not
//! look like this (a line without a colon, no closing line within [`MAX_FRONT_MATTER_LINES`]) is
//! not front matter: the text is kept whole, so a story that starts with a `---` rule is not eaten.
//!
//! In Markdown, a first line `# Heading` becomes the title (and leaves the text) when no title
//! was given in front matter. The rest of the Markdown is kept as written.

use super::meta::Meta;

/// Front matter longer than this is not front matter.
pub const MAX_FRONT_MATTER_LINES: usize = 100;

/// Split front matter off `text`: the metadata it gives, and the article body.
pub(crate) fn split_front_matter(text: &str) -> (Meta, &str) {
    let mut meta = Meta::default();
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return (Meta::default(), text),
    }
    let mut consumed = text.split_inclusive('\n').next().map_or(0, str::len);
    for (i, line) in lines.enumerate() {
        if i >= MAX_FRONT_MATTER_LINES {
            break;
        }
        consumed += line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return (meta, skip_blank_lines(&text[consumed..]));
        }
        if trimmed.trim().is_empty()
            || trimmed.trim_start().starts_with('#')
            || trimmed.starts_with([' ', '\t', '-'])
        {
            continue;
        }
        match trimmed.split_once(':') {
            Some((key, value)) if is_key(key) => {
                meta.set_key(key, unquote(value.trim()));
            }
            _ => return (Meta::default(), text),
        }
    }
    (Meta::default(), text)
}

/// For Markdown: a leading `# Heading` line as the title, and the text after it.
pub(crate) fn markdown_title(body: &str) -> (Option<String>, &str) {
    let body = skip_blank_lines(body);
    let (first, rest) = match body.split_once('\n') {
        Some((first, rest)) => (first, rest),
        None => (body, ""),
    };
    match first.trim_end().strip_prefix("# ") {
        Some(title) if !title.trim().is_empty() => (
            Some(title.trim().trim_end_matches('#').trim().to_string()),
            skip_blank_lines(rest),
        ),
        _ => (None, body),
    }
}

/// A YAML-ish key: letters, digits, `_`, `-`, no spaces.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

fn skip_blank_lines(text: &str) -> &str {
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !line.trim().is_empty() {
            break;
        }
        rest = after;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_metadata_and_body() {
        let text = "---\ntitle: \"Raqqa falls\"\noutlet: AFP\ndate: 2017-10-18T10:00:00Z\nurl: https://x/y\nlang: en\ntags:\n  - syria\nauthor: someone\n---\n\nBody one.\n\nBody two.\n";
        let (meta, body) = split_front_matter(text);
        assert_eq!(meta.title.as_deref(), Some("Raqqa falls"));
        assert_eq!(meta.outlet.as_deref(), Some("AFP"));
        assert_eq!(meta.date.as_deref(), Some("2017-10-18T10:00:00Z"));
        assert_eq!(meta.url.as_deref(), Some("https://x/y"));
        assert_eq!(meta.lang.as_deref(), Some("en"));
        assert_eq!(body, "Body one.\n\nBody two.\n");
    }

    #[test]
    fn crlf_front_matter_works() {
        let (meta, body) = split_front_matter("---\r\nid: a1\r\n---\r\nText\r\n");
        assert_eq!(meta.id.as_deref(), Some("a1"));
        assert_eq!(body, "Text\r\n");
    }

    #[test]
    fn a_leading_rule_that_is_not_front_matter_keeps_the_text() {
        let text = "---\nThe war is over, he said.\n---\nMore.";
        let (meta, body) = split_front_matter(text);
        assert_eq!(meta, Meta::default());
        assert_eq!(body, text);
        let unclosed = "---\ntitle: x\nno closing line";
        assert_eq!(split_front_matter(unclosed).1, unclosed);
    }

    #[test]
    fn no_front_matter_is_identity() {
        let text = "خسر «تنظيم داعش» الرقة.";
        assert_eq!(split_front_matter(text).1, text);
    }

    #[test]
    fn markdown_heading_becomes_title() {
        let (title, rest) = markdown_title("\n# Raqqa falls\n\nFirst paragraph.");
        assert_eq!(title.as_deref(), Some("Raqqa falls"));
        assert_eq!(rest, "First paragraph.");
        let (title, rest) = markdown_title("## Not a title\nText");
        assert_eq!(title, None);
        assert_eq!(rest, "## Not a title\nText");
    }

    proptest::proptest! {
        /// Front matter splitting never panics and only ever removes a prefix.
        #[test]
        fn body_is_a_suffix(text in "(---\n)?([a-z]{0,5}(: ?[a-z\"]{0,5})?\n){0,6}(---\n)?[a-z \n]{0,20}") {
            let (_, body) = split_front_matter(&text);
            proptest::prop_assert!(text.ends_with(body));
            let (_, rest) = markdown_title(body);
            proptest::prop_assert!(body.ends_with(rest));
        }
    }
}
