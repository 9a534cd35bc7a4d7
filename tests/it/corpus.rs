//! Reading a batch end to end through `copydesk scan`: every input format is read with its
//! metadata, and every kind of bad input is skipped with a reason while the rest goes on.

use crate::support::*;
use copydesk::report::model::Report;
use std::io::Write;
use std::path::Path;

const AR_1: &str = "خسر تنظيم داعش مدينة الرقة بعد أربعة أشهر من المعارك العنيفة.";
const AR_2: &str = "قالت قوات سوريا الديمقراطية إن المعركة انتهت في الرقة.";
const AR_3: &str = "أعلن التحالف الدولي أن المدينة باتت خالية من المسلحين.";

fn put(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

fn windows_1256(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The good articles of the batch, one per format.
fn write_good(b: &Path) {
    put(
        b,
        "fm.txt",
        "---\ntitle: \"Raqqa falls\"\noutlet: Front Matter Outlet\ndate: 2017-10-18T09:30:00+03:00\n\
         url: https://example.org/raqqa\nlang: en\ntags: [syria]\n---\n\n\
         US-backed forces took Raqqa on Tuesday after four months of fighting.\n",
    );
    put(
        b,
        "notes.md",
        "# Markdown headline\n\nThe coalition said the city was clear of fighters.\n",
    );
    put(
        b,
        "page.html",
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Page title | Daily Wire</title>
<meta property="og:site_name" content="Daily Wire">
<meta property="article:published_time" content="2017-10-17T22:00:00Z">
<link rel="canonical" href="https://dailywire.example/raqqa">
<script>var secret = "SCRIPT-TEXT";</script><style>.x{}</style>
</head><body><nav><a href="/">NAV-TEXT</a></nav>
<article><h1>Html headline</h1><p>Fighters surrendered in the stadium.</p>
<p>Officials said <b>3,000</b> people remained.</p></article>
<footer>FOOTER-TEXT</footer></body></html>"#,
    );
    put(
        b,
        "feed.jsonl",
        concat!(
            "{\"id\": \"rec-1\", \"text\": \"First record text.\", \"outlet\": \"AFP\", \"date\": \"2017-10-18\", \"lang\": \"en\", \"title\": \"R1\", \"url\": \"https://afp.example/1\"}\n",
            "{\"id\": \"rec-2\", \"text\": \"Second record text.\"}\n",
            "{\"id\": \"rec-3\", \"text\": \n",
            "{\"id\": \"rec-4\", \"outlet\": \"no text here\"}\n",
            "{\"text\": \"no id here\"}\n",
        ),
    );
    put(
        b,
        "arr.json",
        r#"[
  {"id": "arr-1", "text": "Array record one.", "outlet": "Reuters"},
  {"id": "arr-2", "text": "Array record two.", "date": "2017-10-19"}
]"#,
    );
    put(
        b,
        "wire.jsonl.gz",
        gzip(
            format!(
                "{{\"id\": \"gz-1\", \"text\": \"{AR_1}\", \"outlet\": \"Gzip Wire\", \"lang\": \"ar\"}}\n"
            )
            .as_bytes(),
        ),
    );
    put(b, "utf16.txt", utf16le_with_bom(AR_2));
    put(b, "cp1256.txt", windows_1256(AR_3));
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">\
         <meta property=\"og:site_name\" content=\"الحياة\"></head><body><main><p>{AR_1}</p><p>{AR_2}</p></main></body></html>"
    );
    put(b, "declared.html", windows_1256(&html));
    put(
        b,
        "manifest.jsonl",
        concat!(
            "{\"file\": \"fm.txt\", \"outlet\": \"Manifest Outlet\"}\n",
            "{\"file\": \"ghost.txt\", \"outlet\": \"Nobody\"}\n",
        ),
    );
    put(b, "ignored.pdf", "%PDF-1.4 not part of the batch");
}

/// The bad inputs of the batch (except those needing more than bytes: links, sizes).
fn write_bad(b: &Path) {
    put(b, "empty.txt", "");
    put(b, "blank.txt", "  \n\t\n  ");
    put(b, "binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    // UTF-16 with an unpaired surrogate: undecodable whatever --encoding says.
    put(b, "bad16.txt", [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]);
    put(
        b,
        "later/fm.txt",
        "Same id as fm.txt, found later in path order.",
    );
    // 50 MB of real text: refused from its size, never read.
    let line = format!("{AR_1}\n");
    put(
        b,
        "huge.txt",
        line.repeat(50 * 1024 * 1024 / line.len() + 1),
    );
    // Decompresses past the 8 MB limit.
    put(b, "bomb.txt.gz", gzip(&vec![b'a'; 9 * 1024 * 1024]));
    #[cfg(unix)]
    std::os::unix::fs::symlink(b.join("nowhere.txt"), b.join("gone.txt")).unwrap();
}

fn scan(dir: &Path, args: &[&str]) -> (std::process::Output, Option<Report>) {
    let out = dir.join("out.json");
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--json", out.to_str().unwrap(), "--quiet"]);
    let o = run_in(dir, &all);
    let report = out.exists().then(|| read_report(&out));
    (o, report)
}

fn skipped_reason<'a>(r: &'a Report, source: &str) -> &'a str {
    r.skipped
        .iter()
        .find(|s| s.source == source)
        .map(|s| s.reason.as_str())
        .unwrap_or_else(|| panic!("{source} is not in skipped: {:#?}", r.skipped))
}

#[test]
fn scan_reads_every_format_and_skips_every_bad_input_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let b = root.join("batch");
    write_good(&b);
    write_bad(&b);
    let (o, report) = scan(
        root,
        &["batch", "missing-folder", "--encoding", "windows-1256"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = report.expect("report written");

    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "arr-1", "arr-2", "cp1256", "declared", "fm", "gz-1", "notes", "page", "rec-1",
            "rec-2", "utf16"
        ],
        "articles are sorted by id"
    );
    let art = |id: &str| r.articles.iter().find(|a| a.id == id).unwrap();

    let fm = art("fm");
    assert_eq!(fm.source, "batch/fm.txt", "relative paths stay relative");
    assert_eq!(fm.title.as_deref(), Some("Raqqa falls"));
    assert_eq!(
        fm.outlet.as_deref(),
        Some("Manifest Outlet"),
        "manifest beats front matter"
    );
    assert_eq!(fm.date.as_deref(), Some("2017-10-18"));
    assert_eq!(fm.url.as_deref(), Some("https://example.org/raqqa"));
    assert!(fm.text.starts_with("US-backed forces"), "{:?}", fm.text);

    let md = art("notes");
    assert_eq!(md.title.as_deref(), Some("Markdown headline"));
    assert_eq!(
        md.text,
        "The coalition said the city was clear of fighters.\n"
    );

    let page = art("page");
    assert_eq!(
        page.text,
        "Fighters surrendered in the stadium.\n\nOfficials said 3,000 people remained."
    );
    assert_eq!(page.title.as_deref(), Some("Html headline"));
    assert_eq!(page.outlet.as_deref(), Some("Daily Wire"));
    assert_eq!(page.date.as_deref(), Some("2017-10-17"));
    assert_eq!(page.url.as_deref(), Some("https://dailywire.example/raqqa"));

    let rec = art("rec-1");
    assert_eq!(rec.source, "batch/feed.jsonl:1");
    assert_eq!(rec.text, "First record text.");
    assert_eq!(rec.outlet.as_deref(), Some("AFP"));
    assert_eq!(rec.date.as_deref(), Some("2017-10-18"));
    assert_eq!(rec.title.as_deref(), Some("R1"));
    assert_eq!(rec.url.as_deref(), Some("https://afp.example/1"));
    assert_eq!(art("rec-2").source, "batch/feed.jsonl:2");

    assert_eq!(art("arr-1").source, "batch/arr.json[0]");
    assert_eq!(art("arr-1").outlet.as_deref(), Some("Reuters"));
    assert_eq!(art("arr-2").date.as_deref(), Some("2017-10-19"));

    let gz = art("gz-1");
    assert_eq!(gz.text, AR_1);
    assert_eq!(gz.outlet.as_deref(), Some("Gzip Wire"));
    assert_eq!(gz.source, "batch/wire.jsonl.gz:1");

    assert_eq!(art("utf16").text, AR_2);
    assert_eq!(art("cp1256").text, AR_3);
    let declared = art("declared");
    assert_eq!(declared.text, format!("{AR_1}\n\n{AR_2}"));
    assert_eq!(declared.outlet.as_deref(), Some("الحياة"));

    // Byte offsets refer to the extracted text.
    for a in &r.articles {
        assert_eq!(a.bytes, a.text.len(), "{}", a.id);
        for s in &a.sentences {
            assert!(a.text.get(s.start..s.end).is_some(), "{} {s:?}", a.id);
        }
    }

    for (source, want) in [
        ("batch/empty.txt", "empty file"),
        ("batch/blank.txt", "only whitespace"),
        ("batch/binary.txt", "binary file"),
        ("batch/bad16.txt", "not valid UTF-16LE at byte offset 4"),
        ("batch/feed.jsonl:3", "invalid JSON"),
        ("batch/feed.jsonl:4", "no \"text\" field"),
        ("batch/feed.jsonl:5", "no \"id\" field"),
        (
            "batch/later/fm.txt",
            "duplicate id \"fm\": already read from batch/fm.txt",
        ),
        (
            "batch/huge.txt",
            "is over the article limit of 8388608 bytes",
        ),
        (
            "batch/bomb.txt.gz",
            "more than 8388608 bytes (8.0 MiB) after decompression",
        ),
        (
            "batch/manifest.jsonl:2",
            "\"ghost.txt\", which does not exist",
        ),
        ("missing-folder", "does not exist"),
    ] {
        let reason = skipped_reason(&r, source);
        assert!(reason.contains(want), "{source}: {reason}");
        let line = format!("copydesk: skipped {source}: {reason}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(&line),
            "stderr lacks {line:?}\n{}",
            text(&o)
        );
    }
    let huge = skipped_reason(&r, "batch/huge.txt");
    assert!(huge.contains("(50.0 MiB)"), "{huge}");
    #[cfg(unix)]
    assert!(skipped_reason(&r, "batch/gone.txt").contains("broken symbolic link"));
    let expected_skips = if cfg!(unix) { 13 } else { 12 };
    assert_eq!(r.skipped.len(), expected_skips, "{:#?}", r.skipped);
    assert!(
        !r.skipped.iter().any(|s| s.source.contains("ignored.pdf")),
        "unknown extensions in folders are ignored"
    );
}

#[test]
fn undecodable_bytes_are_skipped_with_an_encoding_hint_without_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("batch");
    write_good(&b);
    let (o, report) = scan(tmp.path(), &["batch"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = report.unwrap();
    let reason = skipped_reason(&r, "batch/cp1256.txt");
    assert!(
        reason.contains("not valid UTF-8 at byte offset 0") && reason.contains("--encoding"),
        "{reason}"
    );
    // The page that declares its charset needs no --encoding.
    let declared = r.articles.iter().find(|a| a.id == "declared").unwrap();
    assert_eq!(declared.text, format!("{AR_1}\n\n{AR_2}"));
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_skipped_when_permissions_apply() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("batch");
    put(&b, "ok.txt", "Readable article text.");
    put(&b, "secret.txt", "Locked article text.");
    let secret = b.join("secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop reading, so there is nothing to observe.
        eprintln!("skipping the permission check: this user can read mode-000 files");
        return;
    }
    let (o, report) = scan(tmp.path(), &["batch"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = report.unwrap();
    assert!(skipped_reason(&r, "batch/secret.txt").contains("permission denied"));
    assert_eq!(r.articles.len(), 1);
}

#[test]
fn nothing_readable_exits_2_and_names_every_input() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("bad");
    put(&b, "empty.txt", "");
    put(&b, "binary.txt", b"\0\0\0");
    put(&b, "feed.jsonl", "{oops\n");
    let o = run_in(tmp.path(), &["scan", "bad", "nope.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    for source in [
        "bad/empty.txt",
        "bad/binary.txt",
        "bad/feed.jsonl:1",
        "nope.txt",
    ] {
        assert!(
            err.contains(&format!("skipped {source}: ")),
            "{source}\n{err}"
        );
    }
    assert!(err.contains("no readable article"), "{err}");
}

#[test]
fn output_does_not_depend_on_argument_order() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    put(
        root,
        "a/x.txt",
        "Article x in folder a about the fall of Raqqa.",
    );
    put(root, "b/x.txt", "Article x in folder b, a different text.");
    put(
        root,
        "b/y.jsonl",
        "{\"id\": \"y\", \"text\": \"Record y.\"}\n{broken\n",
    );
    put(root, "c.md", "# C\n\nMarkdown c.");
    let (o1, r1) = scan(root, &["b", "c.md", "a"]);
    let (o2, r2) = scan(root, &["a", "b", "c.md"]);
    assert!(o1.status.success() && o2.status.success());
    let (r1, r2) = (r1.unwrap(), r2.unwrap());
    assert_eq!(r1.articles, r2.articles);
    assert_eq!(r1.skipped, r2.skipped);
    assert_eq!(
        r1.articles.iter().find(|a| a.id == "x").unwrap().source,
        "a/x.txt",
        "the first by path keeps the id"
    );
    let sources: Vec<&str> = r1.skipped.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(sources, ["b/x.txt", "b/y.jsonl:2"]);
}

#[test]
fn a_file_named_explicitly_with_an_unknown_extension_is_read_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "story.text2",
        "A story saved with an odd extension.",
    );
    put(tmp.path(), "photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0");
    let (o, report) = scan(tmp.path(), &["story.text2", "photo.jpg"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = report.unwrap();
    assert_eq!(r.articles.len(), 1);
    assert_eq!(r.articles[0].id, "story");
    assert!(skipped_reason(&r, "photo.jpg").contains("binary file"));
}

#[test]
fn diff_takes_the_first_record_in_file_order_not_the_smallest_id() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "f.jsonl",
        "{\"id\": \"zulu\", \"text\": \"First in the file.\"}\n{\"id\": \"alpha\", \"text\": \"Second.\"}\n",
    );
    put(tmp.path(), "b.txt", "Another article entirely.");
    let out = tmp.path().join("d.json");
    let o = run_in(
        tmp.path(),
        &[
            "diff",
            "f.jsonl",
            "b.txt",
            "--json",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let ids: Vec<String> = read_report(&out)
        .articles
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, ["b", "zulu"]);
    let o = run_in(tmp.path(), &["diff", "missing.txt", "b.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot read missing.txt: does not exist"),
        "{}",
        text(&o)
    );
}
