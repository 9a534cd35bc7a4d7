//! Aligning article pairs: the aligner runs on every pair of every story group, so it must stay
//! cheap on long articles. Inputs are built from the raqqa demo batch (Arabic wire copy).

use copydesk::align::{align_pair, PairScorer};
use copydesk::text::{Document, Lang};

fn main() {
    divan::main();
}

fn raqqa(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/raqqa");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("data/raqqa exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    paths.sort();
    std::fs::read_to_string(&paths[0]).expect("readable article")
}

/// A long pair: `copies` rounds of the five raqqa articles, in a different order on each side,
/// so both reprinted and rewritten sentences, moves and gaps occur.
fn long_pair(copies: usize) -> (Document, Document) {
    let texts: Vec<String> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| raqqa(p))
        .collect();
    let mut a = String::new();
    let mut b = String::new();
    for _ in 0..copies {
        for i in [0, 3, 2] {
            a.push_str(&texts[i]);
            a.push_str("\n\n");
        }
        for i in [1, 4, 0] {
            b.push_str(&texts[i]);
            b.push_str("\n\n");
        }
    }
    (
        Document::new(&a, Some(Lang::Ar)),
        Document::new(&b, Some(Lang::Ar)),
    )
}

/// Two reprints of one story (raqqa 000 vs 001: 27 x 22 sentences).
#[divan::bench]
fn reprint_pair(bencher: divan::Bencher) {
    let a = Document::new(&raqqa("000"), Some(Lang::Ar));
    let b = Document::new(&raqqa("001"), Some(Lang::Ar));
    bencher.bench(|| align_pair("000", divan::black_box(&a), "001", divan::black_box(&b)));
}

/// Long articles: about 80 x 70 sentences per copy.
#[divan::bench(args = [1, 4])]
fn long_articles(bencher: divan::Bencher, copies: usize) {
    let (a, b) = long_pair(copies);
    bencher.bench(|| align_pair("a", divan::black_box(&a), "b", divan::black_box(&b)));
}

/// Profiling both articles only (what a detector pays to compare unaligned sentences).
#[divan::bench]
fn scorer_only(bencher: divan::Bencher) {
    let (a, b) = long_pair(1);
    bencher.bench(|| PairScorer::new(divan::black_box(&a), divan::black_box(&b)));
}
