//! Claim extraction throughput on the demo batch (Arabic) and an English fixture.
//!
//! `cargo bench --bench claims`

use copydesk::text::{Document, Lang};
use std::path::Path;

fn main() {
    divan::main();
}

fn load(dir: &str, lang: Lang) -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("bench data present")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| Document::new(&std::fs::read_to_string(p).expect("readable"), Some(lang)))
        .collect()
}

#[divan::bench]
fn arabic_raqqa_batch(bencher: divan::Bencher) {
    let docs = load("data/raqqa", Lang::Ar);
    bencher.bench(|| {
        docs.iter()
            .map(|d| copydesk::claims::extract(divan::black_box(d), Some("2017-10-18")).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn english_fixtures(bencher: divan::Bencher) {
    let docs = load("tests/fixtures/diverge", Lang::En);
    bencher.bench(|| {
        docs.iter()
            .map(|d| copydesk::claims::extract(divan::black_box(d), None).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn group_analysis_raqqa(bencher: divan::Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/raqqa");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("demo batch present")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).expect("readable"),
            )
        })
        .collect();
    let docs: Vec<Document> = texts
        .iter()
        .map(|(_, t)| Document::new(t, Some(Lang::Ar)))
        .collect();
    bencher.bench(|| {
        let members: Vec<copydesk::diverge::GroupMember<'_>> = texts
            .iter()
            .zip(&docs)
            .map(|((id, t), d)| copydesk::diverge::GroupMember {
                id,
                date: None,
                original: t,
                doc: d,
            })
            .collect();
        copydesk::diverge::analyze_group("s-bench", &members)
            .divergences
            .len()
    });
}
