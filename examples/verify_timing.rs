//! Time reprint verification alone on a corpus, as `scan --only-clusters` runs it: articles
//! sketched on the reading threads and kept in blocks, sorted by id, LSH candidates, then
//! `verify` repeated at each thread count. Prints the milliseconds of every repeat (median and
//! minimum; the caches are flushed before each) and a digest of the verified pairs (every field), which must not change.
//!
//! Run: `cargo run --release --example verify_timing CORPUS_DIR [REPEATS] [THREADS...]`
//! (CORPUS_DIR holds `articles`; default 30 repeats at 1 and 2 threads; `VERIFY_WARM=1`: no
//! flush).

use copydesk::cluster::reprints;
use copydesk::config::Config;
use copydesk::corpus::{visit_batch_prepared, ReadOptions};
use copydesk::sketch::{self, ArticleSketch, MinHasher, SketchScratch};
use copydesk::text::{key_hashes_into, KeyScratch};
use std::cell::RefCell;

std::thread_local! {
    static BUFFERS: RefCell<(KeyScratch, Vec<u64>, SketchScratch)> = RefCell::default();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("corpus dir"));
    let repeats: usize = args.next().map_or(30, |r| r.parse().expect("repeats"));
    let mut threads: Vec<usize> = args.map(|t| t.parse().expect("threads")).collect();
    if threads.is_empty() {
        threads = vec![1, 2];
    }
    let cfg = Config::default();
    let hasher = MinHasher::new(cfg.sketch.k);
    let mut blocks: Vec<Vec<(String, ArticleSketch)>> = Vec::new();
    visit_batch_prepared(
        &[dir.join("articles")],
        &ReadOptions::default(),
        |a| {
            BUFFERS.with_borrow_mut(|(scratch, keys, sk)| {
                key_hashes_into(&a.text, scratch, keys);
                ArticleSketch::from_keys_with(keys, &hasher, cfg.sketch.shingle_words, sk)
            })
        },
        |item| {
            if let Ok((a, s)) = item {
                if blocks.last().is_none_or(|b| b.len() == 4096) {
                    blocks.push(Vec::with_capacity(4096));
                }
                blocks.last_mut().unwrap().push((a.id, s));
            }
        },
    );
    let mut by_id: Vec<(&str, &ArticleSketch)> = blocks
        .iter()
        .flatten()
        .map(|(id, s)| (id.as_str(), s))
        .collect();
    by_id.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let sketches: Vec<&ArticleSketch> = by_id.iter().map(|&(_, s)| s).collect();
    let (bands, rows) = (cfg.reprint.bands, cfg.reprint.rows);
    let candidates = sketch::candidate_pairs_banded(sketches.len(), bands, |i, b| {
        sketch::band_key(&sketches[i].signature, b, rows)
    });
    let mut flush = vec![0u64; 8 << 20];
    let warm = std::env::var_os("VERIFY_WARM").is_some();
    for &n in &threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        let mut ms = Vec::new();
        let mut digest = 0u64;
        let mut verified = 0;
        for _ in 0..repeats {
            // as in a run, the sketches are not in the cache: they were written long before
            if !warm {
                flush.iter_mut().for_each(|x| *x = x.wrapping_add(1));
            }
            let start = std::time::Instant::now();
            let pairs =
                pool.install(|| reprints::verify(&sketches, &candidates.pairs, &cfg.reprint));
            ms.push(start.elapsed().as_secs_f64() * 1e3);
            verified = pairs.len();
            digest = pairs.iter().fold(0xcbf2_9ce4_8422_2325, |h, p| {
                [
                    p.a as u64,
                    p.b as u64,
                    p.jaccard.to_bits(),
                    p.containment.to_bits(),
                    p.shared as u64,
                ]
                .iter()
                .fold(h, |h, &x| (h ^ x).wrapping_mul(0x100_0000_01b3))
            });
        }
        let mut sorted = ms.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "threads {n}: {} candidates, {verified} verified, digest {digest:016x}; \
             verify ms median {:.2} min {:.2} max {:.2} ({repeats} repeats)",
            candidates.pairs.len(),
            sorted[sorted.len() / 2],
            sorted[0],
            sorted[sorted.len() - 1],
        );
        assert_ne!(flush[0], u64::MAX);
    }
}
