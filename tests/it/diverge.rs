//! `copydesk diff` end to end: the English regression fixtures (`tests/fixtures/diverge/`) and the
//! foreign-fighters disagreement of the demo batch.

use crate::support::*;
use copydesk::report::model::{DivergenceKind as K, Report, Severity as S};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/diverge").join(name)
}

fn diff(a: &std::path::Path, b: &std::path::Path) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let o = run(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--json",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    read_report(&out)
}

fn serious(r: &Report) -> Vec<(K, S, &str)> {
    r.divergences
        .iter()
        .filter(|d| d.severity >= S::Medium)
        .map(|d| (d.kind, d.severity, d.explanation.as_str()))
        .collect()
}

#[test]
fn reprint_with_changed_number_is_flagged() {
    let r = diff(&fixture("wire.txt"), &fixture("changed_number.txt"));
    let s = serious(&r);
    assert_eq!(s.len(), 1, "{s:#?}");
    assert_eq!(s[0].0, K::Quantity);
    let ev = &r.divergences[0].evidence;
    assert!(ev.iter().any(|e| e.text.contains("2,400")));
    assert!(ev.iter().any(|e| e.text.contains("1,130")));
}

#[test]
fn reprint_with_dropped_not_is_flagged() {
    let r = diff(&fixture("wire.txt"), &fixture("dropped_not.txt"));
    let s = serious(&r);
    assert_eq!(s.len(), 1, "{s:#?}");
    assert_eq!((s[0].0, s[0].1), (K::Polarity, S::High));
}

#[test]
fn reprint_with_dropped_afp_credit_is_flagged() {
    let r = diff(&fixture("wire.txt"), &fixture("dropped_credit.txt"));
    let s = serious(&r);
    assert!(!s.is_empty(), "{s:#?}");
    assert!(s.iter().all(|d| d.0 == K::Attribution), "{s:#?}");
    assert!(s.iter().any(|d| d.2.contains("AFP")));
}

#[test]
fn reprint_with_added_hedge_is_flagged() {
    let r = diff(&fixture("wire.txt"), &fixture("hedged.txt"));
    let s = serious(&r);
    assert_eq!(s.len(), 1, "{s:#?}");
    assert_eq!(s[0].0, K::Hedging);
    let focus = r.divergences[0]
        .evidence
        .iter()
        .find_map(|e| e.focus.map(|f| (e, f)))
        .expect("the hedge is the focus");
    let article = r.articles.iter().find(|a| a.id == focus.0.article).unwrap();
    assert_eq!(&article.text[focus.1.start..focus.1.end], "reportedly");
}

#[test]
fn reprint_with_said_turned_into_claimed_is_flagged() {
    let r = diff(&fixture("wire.txt"), &fixture("claimed.txt"));
    let s = serious(&r);
    assert_eq!(s.len(), 1, "{s:#?}");
    assert_eq!(s[0].0, K::Attribution);
}

#[test]
fn rewrite_with_reordering_number_words_and_punctuation_is_not_flagged() {
    let r = diff(&fixture("wire.txt"), &fixture("rewritten.txt"));
    assert!(serious(&r).is_empty(), "{:#?}", serious(&r));
    assert!(!r.agreements.is_empty());
}

#[test]
fn raqqa_000_vs_003_reports_the_foreign_fighters_disagreement() {
    let a = raqqa().join("000_14bf34cf97b35a52.txt");
    let b = raqqa().join("003_a8d392ad4671d965.txt");
    let r = diff(&a, &b);
    let d = r
        .divergences
        .iter()
        .find(|d| {
            d.kind == K::Polarity
                && d.evidence
                    .iter()
                    .any(|e| e.text.contains("عدم مغادرة أي منهم"))
                && d.evidence
                    .iter()
                    .any(|e| e.text.contains("لإجلاء بقية الإرهابيين الأجانب"))
        })
        .unwrap_or_else(|| panic!("{:#?}", r.divergences));
    assert_eq!(d.severity, S::High);
    let arts: Vec<&str> = d.evidence.iter().map(|e| e.article.as_str()).collect();
    assert_eq!(arts, ["000_14bf34cf97b35a52", "003_a8d392ad4671d965"]);
    // evidence spans point into the original text
    for e in &d.evidence {
        let art = r.articles.iter().find(|x| x.id == e.article).unwrap();
        assert_eq!(&art.text[e.span.start..e.span.end], e.text);
    }
}

#[test]
fn diff_is_deterministic_and_order_independent() {
    let a = raqqa().join("000_14bf34cf97b35a52.txt");
    let b = raqqa().join("001_46747d5c7beb1e50.txt");
    let r1 = diff(&a, &b);
    let r2 = diff(&b, &a);
    let ids = |r: &Report| {
        r.divergences
            .iter()
            .map(|d| d.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&r1), ids(&r2));
}

#[test]
fn scan_of_the_demo_batch_reports_the_disagreement_and_no_spurious_serious_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let o = run(&[
        "scan",
        raqqa().to_str().unwrap(),
        "--json",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let r = read_report(&out);
    assert!(r.divergences.iter().any(|d| d.kind == K::Polarity
        && d.severity == S::High
        && d.evidence
            .iter()
            .any(|e| e.text.contains("عدم مغادرة أي منهم"))
        && d.evidence
            .iter()
            .any(|e| e.text.contains("لإجلاء بقية الإرهابيين الأجانب"))));
    // spelling variants, month systems, number words, shared quotes: never medium or high
    for d in r.divergences.iter().filter(|d| d.severity >= S::Medium) {
        assert!(
            matches!(d.kind, K::Polarity | K::Quantity | K::Attribution),
            "{d:#?}"
        );
    }
    assert!(!r.agreements.is_empty());
}

/// Two one-line articles written to a temp dir (the ANS evaluation's `copydesk diff` path).
fn diff_lines(a: &str, b: &str) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&pa, a).unwrap();
    std::fs::write(&pb, b).unwrap();
    diff(&pa, &pb)
}

#[test]
fn headline_turned_from_success_into_failure_is_flagged() {
    let r = diff_lines(
        "نجاح المفاوضات بين الحكومة والنقابات\n",
        "فشل المفاوضات بين الحكومة والنقابات\n",
    );
    assert!(!serious(&r).is_empty(), "{:#?}", r.divergences);
    let r = diff_lines(
        "Talks between the government and the unions ended in success.\n",
        "Talks between the government and the unions ended in failure.\n",
    );
    assert!(!serious(&r).is_empty(), "{:#?}", r.divergences);
}

#[test]
fn headline_with_a_change_added_is_flagged_and_the_same_move_in_other_words_is_not() {
    let r = diff_lines(
        "النفط يستقر قبيل العقوبات الأميركية على إيران\n",
        "النفط يرتفع قبيل العقوبات الأميركية على إيران\n",
    );
    assert!(!serious(&r).is_empty(), "{:#?}", r.divergences);
    let r = diff_lines(
        "الليرة التركية تنهار أمام الدولار\n",
        "انخفاض الليرة التركية أمام الدولار\n",
    );
    assert!(serious(&r).is_empty(), "{:#?}", r.divergences);
}
