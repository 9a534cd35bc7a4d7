//! The HTML report without a browser: the CLI writes it, it is deterministic and self-contained,
//! the fixture it is tested against is honest, and the checked-in example reports are fresh.

use crate::support::*;
use copydesk::report::html;
use copydesk::report::model::{Divergence, DivergenceKind, Evidence, Report, Severity, Span};
use std::path::Path;

/// The hand-checked fixture: real raqqa texts with clusters, alignments, divergences and
/// agreements (built by `tests/fixtures/html/make-sample.py`).
pub fn sample_report() -> Report {
    read_report(&root().join("tests/fixtures/html/sample-report.json"))
}

/// Hostile articles (`tests/fixtures/html/hostile.jsonl`) scanned by the binary, which writes
/// its own HTML report to `dir/hostile-scan.html`; the report is returned with a divergence and a
/// skipped input added whose every text field carries a payload, and the strings the page must
/// show literally.
pub fn hostile_report(dir: &Path) -> (Report, Vec<String>) {
    let batch = root().join("tests/fixtures/html/hostile.jsonl");
    let json = dir.join("hostile.json");
    let o = run(&[
        "scan",
        batch.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--html",
        dir.join("hostile-scan.html").to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let mut report = read_report(&json);
    assert_eq!(report.articles.len(), 2, "both hostile records are read");
    let articles = &report.articles;
    let mut payloads: Vec<String> = articles
        .iter()
        .flat_map(|a| [a.outlet.clone(), a.title.clone(), a.url.clone()])
        .flatten()
        .collect();
    payloads.push("</script><script>window.__pwned=1;document.title='PWNED'</script>".into());
    payloads.push("<img src=x onerror=window.__pwned=1>".into());
    // The detectors may not flag these yet: add a divergence and a skipped input by hand so the
    // cards, pins, filters and data island also carry hostile text.
    let a = &report.articles[0];
    let end = a.sentences.first().map_or(a.text.len(), |s| s.end);
    let explanation = "<script>window.__pwned=1</script> \u{2028}</script>".to_string();
    payloads.push("<script>window.__pwned=1</script>".into());
    report.divergences.push(Divergence {
        id: "d-0000000000000bad".into(),
        kind: DivergenceKind::Wording,
        severity: Severity::High,
        group: report
            .story_groups
            .first()
            .map_or_else(String::new, |g| g.id.clone()),
        explanation,
        evidence: vec![Evidence {
            article: a.id.clone(),
            sentence: 0,
            span: Span { start: 0, end },
            text: a.text[..end].to_string(),
            focus: Some(Span { start: 0, end: 9 }),
            claim: Some("<img src=y onerror=window.__pwned=1>".into()),
        }],
    });
    payloads.push("<img src=y onerror=window.__pwned=1>".into());
    report.skipped.push(copydesk::report::model::SkippedInput {
        source: "<script>window.__pwned=1</script>.txt".into(),
        reason: "\"><img src=z onerror=window.__pwned=1>".into(),
    });
    payloads.push("\"><img src=z onerror=window.__pwned=1>".into());
    (report, payloads)
}

#[test]
fn scan_writes_a_self_contained_html_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let o = run(&[
        "scan",
        raqqa().to_str().unwrap(),
        "--html",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("http-equiv=\"Content-Security-Policy\""));
    let csp = html::content_security_policy()
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;");
    assert!(page.contains(&csp), "the CSP meta tag carries the policy");
    for id in ["000_14bf34cf97b35a52", "004_d57b0667889300e5"] {
        assert!(page.contains(id), "{id}");
    }
    // Nothing is loaded from anywhere: no src/href/url() pointing off the page.
    for needle in ["src=\"http", "href=\"//", "src=\"//", "url(http", "@import"] {
        assert!(!page.contains(needle), "external reference {needle}");
    }
    assert!(dir.path().read_dir().unwrap().count() == 1, "one file only");
}

#[test]
fn html_report_is_deterministic() {
    let r = sample_report();
    assert_eq!(html::render(&r).unwrap(), html::render(&r).unwrap());
}

#[test]
fn html_fixture_spans_point_at_their_text() {
    // The fixture stands in for the pipeline: its spans must be as correct as the pipeline's.
    let r = sample_report();
    let text = |id: &str| {
        &r.articles
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("unknown article {id}"))
            .text
    };
    let evidence = r
        .divergences
        .iter()
        .flat_map(|d| &d.evidence)
        .chain(r.agreements.iter().flat_map(|a| &a.evidence));
    let mut n = 0;
    for e in evidence {
        let t = text(&e.article);
        let a = r.articles.iter().find(|a| a.id == e.article).unwrap();
        assert_eq!(a.sentences[e.sentence], e.span);
        assert_eq!(&t[e.span.start..e.span.end], e.text);
        let f = e.focus.unwrap();
        assert!(e.span.start <= f.start && f.end <= e.span.end);
        n += 1;
    }
    assert!(n >= 10);
    for p in r.alignments.iter().flat_map(|a| &a.pairs) {
        for l in &p.links {
            for op in &l.diff {
                if let Some(s) = op.a {
                    assert!(text(&p.a).get(s.start..s.end).is_some());
                }
                if let Some(s) = op.b {
                    assert!(text(&p.b).get(s.start..s.end).is_some());
                }
            }
        }
    }
}

#[test]
fn html_story_view_pins_divergences_and_marks_the_diff() {
    let r = sample_report();
    let page = html::render(&r).unwrap();
    // Each divergence has exactly one anchor, equal to its id.
    for d in &r.divergences {
        assert_eq!(
            page.matches(&format!("id=\"{}\"", d.id)).count(),
            1,
            "{}",
            d.id
        );
        assert!(page.contains(&format!("href=\"#{}\"", d.id)));
    }
    for needle in [
        "<ins class=\"add\"",
        "<ins class=\"chg\"",
        "<del class=\"old\"",
        "class=\"empty\"",
        "class=\"gap-row",
        "class=\"pin sev-high\"",
        "dir=\"rtl\"",
        "<mark class=\"focus\">",
        "agree-card",
        "does not credit AFP",
        "unsupported format",
    ] {
        assert!(page.contains(needle), "missing {needle}");
    }
}

#[test]
fn html_escapes_hostile_text_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (r, payloads) = hostile_report(dir.path());
    let from_binary = std::fs::read_to_string(dir.path().join("hostile-scan.html")).unwrap();
    for page in [&from_binary, &html::render(&r).unwrap()] {
        assert_eq!(
            page.matches("<script").count(),
            2,
            "only the page's own scripts"
        );
        assert!(
            !page.contains("<img") && !page.contains("<svg"),
            "no injected element"
        );
        assert!(
            !page.to_lowercase().contains("href=\"javascript"),
            "javascript: link"
        );
    }
    let page = html::render(&r).unwrap();
    assert_eq!(
        page.matches("<script").count(),
        2,
        "only the page's own scripts"
    );
    assert!(!page.contains("<img"), "no injected element");
    assert!(!page.contains("<svg"), "no injected element");
    assert!(!page.contains("href=\"javascript"), "javascript: link");
    assert!(!page.to_lowercase().contains("href=\"javascript"));
    assert!(!page.contains('\u{2028}') || !script_island(&page).contains('\u{2028}'));
    assert!(!script_island(&page).contains('<'));
    assert!(payloads.len() >= 6);
}

fn script_island(page: &str) -> &str {
    let start = page.find("id=\"copydesk-data\">").unwrap();
    let rest = &page[start..];
    &rest[..rest.find("</script>").unwrap()]
}

#[test]
fn checked_in_reports_are_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new("bash")
        .arg(root().join("scripts/make-reports.sh"))
        .arg(dir.path())
        .env("COPYDESK", bin())
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{}", text(&o));
    let fresh = listing(dir.path());
    let checked_in = listing(&root().join("reports"));
    let hint = "reports/ is stale: refresh it with `scripts/make-reports.sh` and review the diff";
    assert_eq!(fresh, checked_in, "{hint}");
    for name in &fresh {
        let a = std::fs::read(dir.path().join(name)).unwrap();
        let b = std::fs::read(root().join("reports").join(name)).unwrap();
        assert!(a == b, "reports/{name} differs from a fresh run. {hint}");
    }
    assert!(fresh.contains(&"raqqa.html".to_string()));
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") || n.ends_with(".html"))
        // reports/README.md documents the folder; only reports are compared.
        .collect();
    v.sort();
    v
}

#[test]
fn html_story_table_shows_every_sentence_of_every_article_exactly_once() {
    // Aligned rows, gap rows and the unaligned fallback must neither drop nor repeat a sentence.
    let mut scanned = scan_raqqa_report();
    // Also with no story group at all: every article lands in the "not in any story" table.
    let mut ungrouped = sample_report();
    ungrouped.story_groups.clear();
    ungrouped.alignments.clear();
    ungrouped.divergences.clear();
    ungrouped.agreements.clear();
    scanned.divergences.clear();
    for r in [sample_report(), scanned, ungrouped] {
        let page = html::render(&r).unwrap();
        for (ai, a) in r.articles.iter().enumerate() {
            for s in 0..a.sentences.len() {
                let suffix = format!("-a{ai}-s{s}\"");
                // Count element ids only, not links to them (`href="#story-1-a0-s4"`).
                let n = page
                    .match_indices(&suffix)
                    .filter(|(i, _)| {
                        let open = page[..*i].rfind('"').unwrap();
                        page[..open].ends_with(" id=")
                    })
                    .count();
                assert_eq!(n, 1, "article {} sentence {s} shown {n} times", a.id);
            }
        }
    }
}

#[test]
fn diff_writes_an_html_report_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.html");
    let a = raqqa().join("000_14bf34cf97b35a52.txt");
    let b = raqqa().join("002_bbbc06b0482fae28.txt");
    let o = run(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--html",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let page = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        page.matches("<table class=\"story").count(),
        1,
        "one story table"
    );
    assert!(page.contains("data-article=\"000_14bf34cf97b35a52\""));
    assert!(page.contains("data-article=\"002_bbbc06b0482fae28\""));
}

/// The raqqa scan with its story group aligned by the real aligner (`align::align_group`), as
/// the pipeline will do once alignment is wired into `scan`.
fn raqqa_aligned() -> Report {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let o = run(&["scan", "data/raqqa", "--json", out.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    let mut r = read_report(&out);
    let docs: Vec<copydesk::text::Document> = r
        .articles
        .iter()
        .map(|a| {
            copydesk::text::Document::new(&a.text, Some(copydesk::text::Lang::from_tag(&a.lang)))
        })
        .collect();
    let group = r.story_groups.first().expect("raqqa is one story").clone();
    let members: Vec<(&str, &copydesk::text::Document)> = group
        .articles
        .iter()
        .map(|id| {
            let i = r.articles.iter().position(|a| &a.id == id).unwrap();
            (id.as_str(), &docs[i])
        })
        .collect();
    let (alignment, _) = copydesk::align::align_group(&group.id, &members, &Default::default());
    r.alignments = vec![alignment];
    r
}

#[test]
fn html_renders_the_real_aligner_output_side_by_side() {
    let r = raqqa_aligned();
    assert!(r.alignments[0].pairs.iter().any(|p| !p.links.is_empty()));
    let page = html::render(&r).unwrap();
    assert!(
        page.contains("Sentences aligned with"),
        "aligned layout used"
    );
    assert!(
        page.contains("class=\"gap-row"),
        "unaligned sentences shown as gaps"
    );
    assert!(page.contains("<ins class="), "word diff shown");
    for (ai, a) in r.articles.iter().enumerate() {
        for s in 0..a.sentences.len() {
            let id = format!(" id=\"story-1-a{ai}-s{s}\"");
            assert_eq!(page.matches(&id).count(), 1, "{} sentence {s}", a.id);
        }
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("browser-artifacts");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("raqqa-aligned.html"), page).unwrap();
}
