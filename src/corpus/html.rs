//! HTML pages: the declared charset, the article text, and the metadata in the page's head.
//!
//! The text comes from the main content: `[itemprop=articleBody]`, else the largest `<article>`,
//! else `<main>` / `[role=main]`, else `<body>`. Inside it, scripts, styles, navigation, headers,
//! footers, asides, forms, figures and hidden elements are dropped, and so are elements whose class
//! or id names boilerplate (share, related, comments, newsletter, ...) unless they hold most of
//! the text, and lists or boxes that are mostly links. Paragraphs, headings, list items, quotes and
//! table cells become paragraphs of the text, separated by blank lines, with whitespace collapsed.
//! A leading `<h1>` is the headline: it becomes the title when the page gives none, and it is not
//! part of the text (the article text never includes the title).
//!
//! Metadata, where obvious: title from `og:title`, `twitter:title`, the first `<h1>`, `<title>`;
//! outlet from `og:site_name`; date from `article:published_time` and the other usual meta tags;
//! url from `<link rel=canonical>` or `og:url`; language from `<html lang>`.

use super::meta::{normalize_date, Meta};
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "input", "label", "iframe", "object", "embed", "svg", "canvas",
    "figure", "picture", "video", "audio", "map", "dialog", "menu", "head", "title",
];

/// Elements that start and end a paragraph of the extracted text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "address",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "center",
    "details",
    "summary",
    "body",
];

/// Containers that are dropped when most of their text is link text (menus, "related" lists).
const LINK_LIST_CONTAINERS: &[&str] = &["ul", "ol", "dl", "div", "section", "table"];

/// Share of link text above which a container is navigation, not prose.
const MAX_LINK_DENSITY: f64 = 0.6;

/// Words in a class or id that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "sidebar",
    "footer",
    "header",
    "masthead",
    "banner",
    "popup",
    "modal",
    "outbrain",
    "taboola",
];

/// Whole class names that hide text from sighted readers.
const HIDDEN_CLASSES: &[&str] = &["sr-only", "visually-hidden", "screen-reader-text", "hidden"];

/// The article text and metadata of one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// Paragraphs separated by blank lines; empty when the page has no article text.
    pub text: String,
    pub meta: Meta,
}

/// The charset a page declares in its first bytes (`<meta charset>`, `<meta http-equiv=
/// "Content-Type" content="...; charset=...">`, or an XML declaration), if any.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>", 0).unwrap_or(lower.len());
        if let Some(enc) = attr_value(&lower[..end], b"encoding=") {
            return Encoding::for_label(enc);
        }
    }
    let mut at = 0;
    while let Some(start) = find(&lower, b"<meta", at) {
        let end = find(&lower, b">", start).unwrap_or(lower.len());
        if let Some(label) = attr_value(&lower[start..end], b"charset=") {
            if let Some(enc) = Encoding::for_label(label) {
                return Some(enc);
            }
        }
        at = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The value after `key` (`charset=`) in a tag, without quotes.
fn attr_value<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let i = find(tag, key, 0)? + key.len();
    let rest = tag[i..].strip_prefix(b"\"").unwrap_or(&tag[i..]);
    let rest = rest.strip_prefix(b"'").unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'>' | b'/' | b'\t' | b'\n'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

struct Selectors {
    article_body: Selector,
    article: Selector,
    main: Selector,
    body: Selector,
    h1: Selector,
    title: Selector,
    og_title: Selector,
    site_name: Selector,
    dates: Selector,
    canonical: Selector,
    og_url: Selector,
    html: Selector,
    content_language: Selector,
}

fn selectors() -> &'static Selectors {
    static SELECTORS: OnceLock<Selectors> = OnceLock::new();
    SELECTORS.get_or_init(|| {
        // The selectors are constants; a typo is caught by every HTML test.
        let s = |css: &str| Selector::parse(css).expect("constant CSS selector parses");
        Selectors {
            article_body: s("[itemprop=articleBody]"),
            article: s("article"),
            main: s("main, [role=main]"),
            body: s("body"),
            h1: s("h1"),
            title: s("title"),
            og_title: s(r#"meta[property="og:title"], meta[name="twitter:title"]"#),
            site_name: s(r#"meta[property="og:site_name"]"#),
            dates: s(concat!(
                r#"meta[property="article:published_time"], meta[name="article:published_time"], "#,
                r#"meta[itemprop="datePublished"], meta[name="pubdate"], meta[name="publish-date"], "#,
                r#"meta[name="date"], meta[name="dc.date"], meta[name="DC.date"], "#,
                r#"meta[property="og:published_time"], time[itemprop="datePublished"]"#
            )),
            canonical: s(r#"link[rel="canonical"]"#),
            og_url: s(r#"meta[property="og:url"]"#),
            html: s("html"),
            content_language: s(r#"meta[http-equiv="content-language"]"#),
        }
    })
}

/// Extract the article text and metadata of a decoded page.
pub(crate) fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let sel = selectors();
    let root = main_content(&doc);
    let mut blocks = blocks_of(root);
    if blocks.is_empty() {
        if let Some(body) = doc.select(&sel.body).next() {
            if body != root {
                blocks = blocks_of(body);
            }
        }
    }
    let mut meta = page_meta(&doc);
    let headline = match blocks.first() {
        Some(b) if b.heading == Some(1) => Some(blocks.remove(0).text),
        _ => None,
    };
    if meta.title.is_none() {
        let h1 = headline.or_else(|| doc.select(&sel.h1).next().map(|h| collapsed_text(h)));
        meta.title = h1
            .filter(|t| !t.is_empty())
            .or_else(|| document_title(&doc, meta.outlet.as_deref()));
    }
    let text = blocks
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join("\n\n");
    Page { text, meta }
}

/// `<title>`, without a trailing ` | Outlet` when the outlet is known.
fn document_title(doc: &Html, outlet: Option<&str>) -> Option<String> {
    let title = collapsed_text(doc.select(&selectors().title).next()?);
    let mut t = title.as_str();
    if let Some(outlet) = outlet {
        if let Some(rest) = t.strip_suffix(outlet) {
            let rest = rest.trim_end();
            for sep in ["|", "-", "–", "—", "::", "·"] {
                if let Some(r) = rest.strip_suffix(sep) {
                    t = r.trim_end();
                    break;
                }
            }
        }
    }
    (!t.is_empty()).then(|| t.to_string())
}

fn page_meta(doc: &Html) -> Meta {
    let sel = selectors();
    let content = |s: &Selector| {
        doc.select(s)
            .filter_map(|e| e.value().attr("content"))
            .find_map(super::meta::clean)
    };
    let date = doc
        .select(&sel.dates)
        .filter_map(|e| {
            e.value()
                .attr("content")
                .or_else(|| e.value().attr("datetime"))
        })
        .find(|d| normalize_date(d).is_some())
        .map(str::to_string);
    let url = doc
        .select(&sel.canonical)
        .filter_map(|e| e.value().attr("href"))
        .find_map(super::meta::clean)
        .or_else(|| content(&sel.og_url));
    let lang = doc
        .select(&sel.html)
        .filter_map(|e| e.value().attr("lang"))
        .find_map(super::meta::clean)
        .or_else(|| content(&sel.content_language));
    Meta {
        id: None,
        title: content(&sel.og_title),
        outlet: content(&sel.site_name),
        date,
        url,
        lang,
    }
}

/// The element holding the article: see the module documentation.
fn main_content(doc: &Html) -> ElementRef<'_> {
    let sel = selectors();
    if let Some(e) = doc.select(&sel.article_body).max_by_key(|e| text_len(*e)) {
        return e;
    }
    if let Some(e) = doc.select(&sel.article).max_by_key(|e| text_len(*e)) {
        return e;
    }
    if let Some(e) = doc.select(&sel.main).next() {
        return e;
    }
    doc.select(&sel.body).next().unwrap_or(doc.root_element())
}

/// One paragraph of extracted text.
#[derive(Debug)]
struct Block {
    text: String,
    /// `Some(1)` for `<h1>` ... `Some(6)` for `<h6>`.
    heading: Option<u8>,
}

/// The paragraphs under `root`, walking the tree with an explicit stack (pages can nest deeply).
fn blocks_of(root: ElementRef<'_>) -> Vec<Block> {
    let size = measure(root);
    let root_len = size(root).text;
    let mut out = BlockBuilder::default();
    // Each entry: the children still to visit, and whether leaving them ends a paragraph.
    let mut stack = vec![(root.children(), false)];
    while let Some((children, _)) = stack.last_mut() {
        let Some(node) = children.next() else {
            if let Some((_, true)) = stack.pop() {
                out.end_block();
            }
            continue;
        };
        let el = match node.value() {
            Node::Text(t) => {
                out.push_text(t);
                continue;
            }
            Node::Element(el) => el,
            _ => continue,
        };
        let name = el.name();
        if name == "br" || name == "hr" {
            out.end_block();
            continue;
        }
        let Some(el_ref) = ElementRef::wrap(node) else {
            continue;
        };
        if DROPPED.contains(&name) || is_hidden(el) {
            continue;
        }
        let el_size = size(el_ref);
        if is_boilerplate(el) && el_size.text * 2 < root_len {
            continue;
        }
        if LINK_LIST_CONTAINERS.contains(&name)
            && el_size.text > 0
            && el_size.link as f64 > MAX_LINK_DENSITY * el_size.text as f64
        {
            continue;
        }
        let heading = heading_level(name);
        let block = heading.is_some() || BLOCKS.contains(&name);
        if block {
            out.end_block();
            out.heading = heading;
        }
        stack.push((node.children(), block));
    }
    out.end_block();
    out.blocks
}

#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<Block>,
    current: String,
    heading: Option<u8>,
    pending_space: bool,
}

impl BlockBuilder {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.current.is_empty() {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.current.push(c);
            }
        }
    }

    fn end_block(&mut self) {
        if !self.current.is_empty() {
            self.blocks.push(Block {
                text: std::mem::take(&mut self.current),
                heading: self.heading,
            });
        }
        self.heading = None;
        self.pending_space = false;
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
        || el.classes().any(|c| HIDDEN_CLASSES.contains(&c))
}

fn is_boilerplate(el: &scraper::node::Element) -> bool {
    let names = el.classes().chain(el.id());
    names
        .flat_map(|n| n.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|word| {
            BOILERPLATE_WORDS
                .iter()
                .any(|b| b.eq_ignore_ascii_case(word))
        })
}

/// Characters of text under `el` (whitespace not counted).
fn text_len(el: ElementRef<'_>) -> usize {
    el.text()
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// Text and link-text sizes of an element, counted in non-whitespace characters.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    text: usize,
    link: usize,
}

/// The [`Size`] of every element under `root`, in one pass from the leaves up (so that checking
/// each container's link density stays linear in the size of the page).
fn measure(root: ElementRef<'_>) -> impl Fn(ElementRef<'_>) -> Size {
    let nodes: Vec<_> = root.descendants().collect();
    let mut sizes = HashMap::with_capacity(nodes.len());
    for node in nodes.into_iter().rev() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let mut size = Size::default();
        for child in node.children() {
            match child.value() {
                Node::Text(t) => size.text += t.chars().filter(|c| !c.is_whitespace()).count(),
                Node::Element(_) => {
                    let s: Size = sizes.get(&child.id()).copied().unwrap_or_default();
                    size.text += s.text;
                    size.link += s.link;
                }
                _ => {}
            }
        }
        if el.name() == "a" {
            size.link = size.text;
        }
        sizes.insert(node.id(), size);
    }
    move |el: ElementRef<'_>| sizes.get(&el.id()).copied().unwrap_or_default()
}

fn collapsed_text(el: ElementRef<'_>) -> String {
    let mut b = BlockBuilder::default();
    for t in el.text() {
        b.push_text(t);
    }
    b.current
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Raqqa falls | Wire Daily</title>
<meta property="og:site_name" content="Wire Daily">
<meta property="article:published_time" content="2017-10-18T08:00:00+03:00">
<link rel="canonical" href="https://wire.example/raqqa">
<style>p { color: red }</style>
<script>var tracking = "do not read me";</script>
</head><body>
<header><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li><a href="/a">Politics</a></li><li><a href="/b">Sport</a></li></ul></nav>
<article>
  <h1>Raqqa falls</h1>
  <div class="share-buttons">Share on Facebook</div>
  <p>US-backed forces   took the city
     on Tuesday.</p>
  <h2>Four months of fighting</h2>
  <p>The battle lasted <b>four</b> months.<br>Officials said 3,000 fighters died.</p>
  <figure><img src="x.jpg"><figcaption>Photo: AFP</figcaption></figure>
  <ul class="related"><li><a href="/c">Related story one</a></li><li><a href="/d">Related two</a></li></ul>
  <p style="display: none">hidden text</p>
</article>
<aside>Most read: something else</aside>
<footer>Copyright Wire Daily</footer>
<form><input value="search"></form>
</body></html>"#;

    #[test]
    fn extracts_article_paragraphs_and_drops_boilerplate() {
        let page = extract(PAGE);
        assert_eq!(
            page.text,
            "US-backed forces took the city on Tuesday.\n\nFour months of fighting\n\n\
             The battle lasted four months.\n\nOfficials said 3,000 fighters died."
        );
        for junk in [
            "tracking",
            "color",
            "Home",
            "Politics",
            "Share",
            "Photo",
            "Related",
            "hidden",
            "Most read",
            "Copyright",
            "search",
        ] {
            assert!(!page.text.contains(junk), "{junk} leaked: {}", page.text);
        }
    }

    #[test]
    fn reads_metadata_from_the_head() {
        let m = extract(PAGE).meta;
        assert_eq!(m.title.as_deref(), Some("Raqqa falls"));
        assert_eq!(m.outlet.as_deref(), Some("Wire Daily"));
        assert_eq!(m.date.as_deref(), Some("2017-10-18T08:00:00+03:00"));
        assert_eq!(m.url.as_deref(), Some("https://wire.example/raqqa"));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn og_title_wins_and_h1_leaves_the_text() {
        let page = extract(
            r#"<html><head><meta property="og:title" content="OG headline"></head>
            <body><main><h1>Page headline</h1><p>Body text.</p></main></body></html>"#,
        );
        assert_eq!(page.meta.title.as_deref(), Some("OG headline"));
        assert_eq!(page.text, "Body text.");
    }

    #[test]
    fn title_tag_without_outlet_suffix_when_no_h1() {
        let page = extract(
            r#"<html><head><title>Story name - Paper</title>
            <meta property="og:site_name" content="Paper"></head><body><p>Text.</p></body></html>"#,
        );
        assert_eq!(page.meta.title.as_deref(), Some("Story name"));
        assert_eq!(page.text, "Text.");
    }

    #[test]
    fn no_article_element_uses_body_and_largest_article_wins() {
        let page = extract("<p>One.</p><p>Two.</p>");
        assert_eq!(page.text, "One.\n\nTwo.");
        let page = extract(
            "<body><article><p>Teaser.</p></article><article><p>The real story, much longer than the teaser.</p></article></body>",
        );
        assert_eq!(page.text, "The real story, much longer than the teaser.");
    }

    #[test]
    fn wrapper_with_boilerplate_class_is_kept_when_it_holds_the_text() {
        let page = extract(
            r#"<body><div class="layout has-sidebar"><p>Main story text that is the article.</p></div>
            <div class="sidebar"><p>Short.</p></div></body>"#,
        );
        assert_eq!(page.text, "Main story text that is the article.");
    }

    #[test]
    fn deeply_nested_markup_is_extracted() {
        // The walk uses an explicit stack; the depth is kept moderate because html5ever's own
        // parsing of nested elements is quadratic.
        let html = format!(
            "{}<p>deep</p>{}",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        assert!(extract(&html).text.contains("deep"));
    }

    #[test]
    fn arabic_page() {
        let page = extract(
            r#"<html lang="ar" dir="rtl"><head><meta property="og:site_name" content="الحياة"></head>
            <body><article><h1>الرقة</h1><p>خسر «تنظيم داعش» الرقة.</p><p>بدعم من التحالف الدولي.</p></article></body></html>"#,
        );
        assert_eq!(
            page.text,
            "خسر «تنظيم داعش» الرقة.\n\nبدعم من التحالف الدولي."
        );
        assert_eq!(page.meta.title.as_deref(), Some("الرقة"));
        assert_eq!(page.meta.outlet.as_deref(), Some("الحياة"));
        assert_eq!(page.meta.lang.as_deref(), Some("ar"));
    }

    #[test]
    fn declared_charsets_are_found() {
        let w1256 = encoding_rs::WINDOWS_1256;
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1256\">"),
            Some(w1256)
        );
        assert_eq!(
            declared_charset(
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1256\">"
            ),
            Some(w1256)
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding='windows-1256'?><html>"),
            Some(w1256)
        );
        assert_eq!(
            declared_charset(b"<meta charset=utf-8>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_charset(b"<html><p>charset=none</p>"), None);
        assert_eq!(declared_charset(b"<meta charset=\"klingon\">"), None);
    }
}
