//! Accuracy of copydesk's MinHash: the RMSE of the Jaccard estimate against the exact Jaccard of
//! copydesk's own shingle sets, on planted pairs (reprints, rewrites, unrelated), compared with
//! the ideal k-permutation RMSE sqrt(J(1-J)/k).
//!
//! `cargo run --release --example minhash_rmse [PAIRS] [en|ar|mixed]`

use copydesk::sketch::{estimate_jaccard, ArticleSketch, MinHasher};
use copydesk::synth::{planted_pairs, LangMix};
use copydesk::text::Document;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(6000);
    let lang: LangMix = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(LangMix::Mixed);
    let k = 128;
    let hasher = MinHasher::new(k);
    let sketch = |t: &str| ArticleSketch::of(&Document::new(t, None), &hasher, 3);
    // (exact J, estimate) per pair
    let mut obs: Vec<(f64, f64)> = Vec::new();
    for seed in 1..=4u64 {
        for p in planted_pairs(seed, n / 4, lang) {
            let (a, b) = (sketch(&p.a.text), sketch(&p.b.text));
            let (exact, _, _) = copydesk::cluster::reprints::exact_scores(&a.shingles, &b.shingles);
            obs.push((exact, estimate_jaccard(&a.signature, &b.signature)));
        }
    }
    println!("pairs: {} (k = {k}, lang {lang:?})", obs.len());
    println!("| J bin     | pairs | RMSE    | ideal   | ratio |");
    println!("|-----------|-------|---------|---------|-------|");
    let bins = [
        (0.0, 0.05),
        (0.05, 0.2),
        (0.2, 0.4),
        (0.4, 0.6),
        (0.6, 0.8),
        (0.8, 1.0001),
    ];
    for (lo, hi) in bins.iter().copied().chain([(0.0, 1.0001)]) {
        let sel: Vec<&(f64, f64)> = obs.iter().filter(|(j, _)| *j >= lo && *j < hi).collect();
        if sel.is_empty() {
            continue;
        }
        let mse = sel.iter().map(|(j, e)| (e - j).powi(2)).sum::<f64>() / sel.len() as f64;
        let ideal = sel
            .iter()
            .map(|(j, _)| j * (1.0 - j) / k as f64)
            .sum::<f64>()
            / sel.len() as f64;
        let label = if lo == 0.0 && hi > 1.0 {
            "all".to_string()
        } else {
            format!("{lo:.2}-{:.2}", hi.min(1.0))
        };
        println!(
            "| {label:9} | {:5} | {:.5} | {:.5} | {:.3} |",
            sel.len(),
            mse.sqrt(),
            ideal.sqrt(),
            (mse / ideal).sqrt()
        );
    }
}
