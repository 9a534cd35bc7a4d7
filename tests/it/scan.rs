//! `copydesk scan` end to end on the demo batch: clusters, story groups, determinism.

use crate::support::*;
use std::path::Path;

fn scan_to(dir: &Path, name: &str, extra: &[&str], inputs: &[&Path]) -> Vec<u8> {
    let out = dir.join(name);
    let mut args: Vec<String> = vec!["scan".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--json".into(), out.display().to_string(), "--quiet".into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&argv);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::read(out).unwrap()
}

#[test]
fn raqqa_reprints_cluster_and_all_five_are_one_story() {
    let dir = tempfile::tempdir().unwrap();
    scan_to(dir.path(), "out.json", &[], &[&raqqa()]);
    let r = read_report(&dir.path().join("out.json"));
    assert_eq!(r.schema_version, 1);
    assert_eq!(r.articles.len(), 5);
    assert_eq!(r.reprint_clusters.len(), 1, "{:?}", r.reprint_clusters);
    let c = &r.reprint_clusters[0];
    assert_eq!(
        c.articles,
        vec![
            "000_14bf34cf97b35a52",
            "001_46747d5c7beb1e50",
            "002_bbbc06b0482fae28"
        ]
    );
    // Partial reprints: low Jaccard, higher containment, both reported per pair.
    assert_eq!(c.pairs.len(), 3);
    for p in &c.pairs {
        assert!(p.containment > p.jaccard, "{p:?}");
    }
    assert_eq!(r.story_groups.len(), 1, "{:?}", r.story_groups);
    assert_eq!(r.story_groups[0].articles.len(), 5);
    assert!(r.story_groups[0].links.iter().any(|l| l.kind == "story"));
}

#[test]
fn report_is_byte_identical_for_thread_counts_and_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let one = scan_to(dir.path(), "t1.json", &["--threads", "1"], &[&raqqa()]);
    let two = scan_to(dir.path(), "t2.json", &["--threads", "2"], &[&raqqa()]);
    assert_eq!(one, two, "1 vs 2 threads");
    // Same files named in a different order (and as files, not a folder).
    let mut files: Vec<_> = std::fs::read_dir(raqqa())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.reverse();
    let copy = dir.path().join("raqqa");
    std::fs::create_dir(&copy).unwrap();
    for f in files
        .iter()
        .chain(std::iter::once(&raqqa().join("manifest.jsonl")))
    {
        std::fs::copy(f, copy.join(f.file_name().unwrap())).unwrap();
    }
    let a = scan_to(dir.path(), "a.json", &[], &[&copy]);
    let b = scan_to(dir.path(), "b.json", &["--threads", "2"], &[&copy]);
    assert_eq!(a, b);
}

#[test]
fn sentence_spans_are_original_byte_ranges() {
    let dir = tempfile::tempdir().unwrap();
    scan_to(dir.path(), "out.json", &[], &[&raqqa()]);
    let r = read_report(&dir.path().join("out.json"));
    for a in &r.articles {
        assert!(!a.sentences.is_empty());
        for s in &a.sentences {
            let piece = a.text.get(s.start..s.end).expect("span on char boundaries");
            assert_eq!(piece.trim(), piece, "sentence spans are trimmed");
            assert!(!piece.is_empty());
        }
    }
}

#[test]
fn nothing_readable_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["scan", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no readable article"));
}

/// The benchmark floor counts what the clustering text path makes of every readable article,
/// and a bad line is reported with its file and line while the rest is still counted.
#[test]
fn only_tokenize_counts_the_clustering_text_path() {
    let batch = copydesk::corpus::read_batch(&[raqqa()], &Default::default());
    let mut scratch = copydesk::text::KeyScratch::default();
    let mut keys = Vec::new();
    let (mut bytes, mut tokens) = (0, 0);
    let texts = batch.articles.iter().map(|a| a.text.as_str());
    for t in texts.chain(["Two words.", "Three more words"]) {
        copydesk::text::key_hashes_into(t, &mut scratch, &mut keys);
        bytes += t.len();
        tokens += keys.len();
    }
    assert!(tokens > 1000, "{tokens}");

    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("more.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\":\"x1\",\"text\":\"Two words.\"}\n{not json\n{\"id\":\"x2\",\"text\":\"Three more words\"}\n",
    )
    .unwrap();
    let o = run(&[
        "scan",
        &raqqa().display().to_string(),
        &jsonl.display().to_string(),
        "--only-tokenize",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["articles"], 5 + 2);
    assert_eq!(summary["bytes"], bytes);
    assert_eq!(summary["tokens"], tokens);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("more.jsonl:2: invalid JSON"), "{err}");
}
