//! The sketch stage's hot kernels on generated news copy: word shingles plus MinHash signature
//! (k = 128, one-permutation hashing with densification), LSH band keys, and LSH bucketing into
//! candidate pairs over a batch with planted reprints.

use copydesk::sketch::{
    band_keys, candidate_pairs, optimal_bands, shingles, shingles_with_positions_into,
    ArticleSketch, MinHasher, ShingleScratch, SketchScratch,
};
use copydesk::synth::{Corpus, LangMix, SynthConfig};
use copydesk::text::{key_hashes_into, KeyScratch};
use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;

fn main() {
    divan::main();
}

const K: usize = 128;
const LSH_THRESHOLD: f64 = 0.15;

/// Token key hashes of `n` generated articles and their total text bytes.
fn keys(n: usize, lang: &str) -> (Vec<Vec<u64>>, usize) {
    let mix = if lang == "ar" {
        LangMix::Ar
    } else {
        LangMix::En
    };
    let (articles, _) = Corpus::generate(&SynthConfig::new(n, mix, 13));
    let bytes = articles.iter().map(|a| a.text.len()).sum();
    let mut scratch = KeyScratch::default();
    let keys = articles
        .iter()
        .map(|a| {
            let mut k = Vec::new();
            key_hashes_into(&a.text, &mut scratch, &mut k);
            k
        })
        .collect();
    (keys, bytes)
}

/// Raw text to sketch, as `scan --only-clusters` does per article: key hashes and shingles
/// with reused buffers, shingles (sorted, unique), signature.
#[divan::bench(args = ["en", "ar"])]
fn text_to_sketch(bencher: Bencher, lang: &str) {
    let mix = if lang == "ar" {
        LangMix::Ar
    } else {
        LangMix::En
    };
    let (articles, _) = Corpus::generate(&SynthConfig::new(200, mix, 13));
    let bytes = articles.iter().map(|a| a.text.len()).sum::<usize>();
    let hasher = MinHasher::new(K);
    let mut scratch = KeyScratch::default();
    let mut keys = Vec::new();
    let mut sketch = SketchScratch::default();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        articles
            .iter()
            .map(|a| {
                key_hashes_into(&a.text, &mut scratch, &mut keys);
                ArticleSketch::from_keys_with(&keys, &hasher, 3, &mut sketch).signature[0] as u64
            })
            .sum::<u64>()
    });
}

#[divan::bench(args = ["en", "ar"])]
fn shingle_and_sign(bencher: Bencher, lang: &str) {
    let (keys, bytes) = keys(200, lang);
    let hasher = MinHasher::new(K);
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        keys.iter()
            .map(|k| hasher.signature(&shingles(k, 3))[0] as u64)
            .sum::<u64>()
    });
}

/// Shingles and their positions with reused buffers (as `scan --only-clusters`).
#[divan::bench(args = ["en", "ar"])]
fn shingles_only(bencher: Bencher, lang: &str) {
    let (keys, bytes) = keys(200, lang);
    let mut scratch = ShingleScratch::default();
    let (mut set, mut positions) = (Vec::new(), Vec::new());
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        keys.iter()
            .map(|k| {
                shingles_with_positions_into(k, 3, &mut scratch, &mut set, &mut positions);
                set.len()
            })
            .sum::<usize>()
    });
}

#[divan::bench]
fn signature_only(bencher: Bencher) {
    let (keys, _) = keys(200, "en");
    let sets: Vec<Vec<u64>> = keys.iter().map(|k| shingles(k, 3)).collect();
    let hasher = MinHasher::new(K);
    bencher
        .counter(ItemsCount::new(sets.iter().map(Vec::len).sum::<usize>()))
        .bench(|| {
            sets.iter()
                .map(|s| hasher.signature(s)[0] as u64)
                .sum::<u64>()
        });
}

/// Band keys and candidate pairs for a batch of `n` articles (about half in reprint clusters).
#[divan::bench(args = [2_000, 10_000])]
fn lsh_bucketing(bencher: Bencher, n: usize) {
    let (keys, _) = keys(n, "en");
    let hasher = MinHasher::new(K);
    let sigs: Vec<Vec<u32>> = keys
        .iter()
        .map(|k| hasher.signature(&shingles(k, 3)))
        .collect();
    let (bands, rows) = optimal_bands(LSH_THRESHOLD, K);
    bencher.counter(ItemsCount::new(n)).bench(|| {
        let band: Vec<Option<Vec<u64>>> = sigs.iter().map(|s| band_keys(s, bands, rows)).collect();
        candidate_pairs(&band, bands).pairs.len()
    });
}
