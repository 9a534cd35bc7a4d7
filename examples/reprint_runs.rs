//! List the candidate pairs of a generated corpus that share at least 10 shingles (containment
//! at least 0.12 or Jaccard at least 0.3) with the gold's label (`true`: same reprint cluster,
//! `story`: same story group only, `false`) and where their shared shingles lie in each article:
//! runs of consecutive shared windows (`runs`, longest `long`), passages (runs merged across
//! gaps of up to 8 windows), the span from first to last shared window as a share of the
//! article, sentences touched, shared shingles crossing a sentence boundary and the first shared
//! window. Windows here count every occurrence; verification keeps each shingle's first.
//! The tuning method and figures are in docs/benchmarks.md ("Cluster precision: quotes").
//!
//! Run: `cargo run --release --example reprint_runs CORPUS_DIR > pairs.tsv`.

use copydesk::config::Config;
use copydesk::corpus::{visit_batch_prepared, ReadOptions};
use copydesk::sketch::{self, ArticleSketch, MinHasher};
use copydesk::text::{key_hashes_into, KeyScratch};
use std::collections::{HashMap, HashSet};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("corpus dir"));
    let cfg = Config::default();
    let hasher = MinHasher::new(cfg.sketch.k);
    let mut arts: Vec<(String, Vec<u64>, Vec<u32>)> = Vec::new();
    visit_batch_prepared(
        &[dir.join("articles")],
        &ReadOptions::default(),
        |a| {
            let mut keys = Vec::new();
            key_hashes_into(&a.text, &mut KeyScratch::default(), &mut keys);
            let doc = copydesk::text::Document::new(&a.text, None);
            let mut sent = Vec::new();
            for (si, s) in doc.sentences.iter().enumerate() {
                for t in &doc.tokens[s.tokens.clone()] {
                    if !t.is_clitic {
                        sent.push(si as u32);
                    }
                }
            }
            let dk: Vec<u64> = doc.key_hashes().collect();
            assert_eq!(dk, keys);
            assert_eq!(sent.len(), keys.len());
            (keys, sent)
        },
        |item| {
            if let Ok((a, keys)) = item {
                arts.push((a.id, keys.0, keys.1));
            }
        },
    );
    arts.sort_by(|a, b| a.0.cmp(&b.0));
    // each window's hash as verification keeps it (`ArticleSketch::shingles`)
    let seqs: Vec<Vec<u32>> = arts
        .iter()
        .map(|(_, k, _)| {
            let windows = if k.len() < 3 {
                sketch::shingles(k, 3)
            } else {
                k.windows(3).map(|w| sketch::shingles(w, 3)[0]).collect()
            };
            windows.into_iter().map(sketch::verification_key).collect()
        })
        .collect();
    let sketches: Vec<ArticleSketch> = arts
        .iter()
        .map(|(_, k, _)| ArticleSketch::from_keys(k, &hasher, 3))
        .collect();
    let cands = sketch::candidate_pairs_banded(sketches.len(), cfg.reprint.bands, |i, b| {
        sketch::band_key(&sketches[i].signature, b, cfg.reprint.rows)
    });
    // gold
    let gold = std::fs::read_to_string(dir.join("gold.jsonl")).unwrap();
    let mut reprint_of: HashMap<String, String> = HashMap::new();
    let mut story_of: HashMap<String, String> = HashMap::new();
    for line in gold.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        for a in v["articles"].as_array().unwrap() {
            let a = a.as_str().unwrap().to_string();
            if v["kind"] == "reprint" {
                reprint_of.insert(a, id.clone());
            } else {
                story_of.insert(a, id.clone());
            }
        }
    }
    println!("a\tb\tlabel\tj\tc\tshared\tna\tnb\truns_a\truns_b\tlong_a\tlong_b\tpass_a\tpass_b\tspan_a\tspan_b\tsents_a\tsents_b\tcross_a\tcross_b\tfirst_a\tfirst_b");
    for &(a, b) in &cands.pairs {
        let (a, b) = (a as usize, b as usize);
        let (sa, sb) = (&sketches[a].shingles, &sketches[b].shingles);
        let (j, c, shared) = copydesk::cluster::reprints::exact_scores(sa, sb);
        if shared < 10 || (c < 0.12 && j < 0.3) {
            continue;
        }
        let set_a: HashSet<u32> = sa.iter().copied().collect();
        let common: HashSet<u32> = sb.iter().copied().filter(|x| set_a.contains(x)).collect();
        let ra = runs(&seqs[a], &common);
        let rb = runs(&seqs[b], &common);
        let sa2 = sents(&seqs[a], &arts[a].2, &common);
        let sb2 = sents(&seqs[b], &arts[b].2, &common);
        let (ia, ib) = (&arts[a].0, &arts[b].0);
        let label = match (reprint_of.get(ia), reprint_of.get(ib)) {
            (Some(x), Some(y)) if x == y => "true",
            _ => match (story_of.get(ia), story_of.get(ib)) {
                (Some(x), Some(y)) if x == y => "story",
                _ => "false",
            },
        };
        println!(
            "{ia}\t{ib}\t{label}\t{j:.4}\t{c:.4}\t{shared}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{:.3}\t{}\t{}\t{}\t{}\t{}\t{}",
            sa.len(),
            sb.len(),
            ra.0,
            rb.0,
            ra.1,
            rb.1,
            ra.2,
            rb.2,
            ra.3,
            rb.3,
            sa2.0,
            sb2.0,
            sa2.1,
            sb2.1,
            sa2.2,
            sb2.2
        );
    }
}

/// (runs of consecutive shared positions, longest run, passages = runs merged across gaps of at
/// most 8 positions, span of shared positions as a share of the sequence)
fn runs(seq: &[u32], common: &HashSet<u32>) -> (usize, usize, usize, f64) {
    let (mut runs, mut longest, mut cur, mut passages) = (0, 0, 0, 0);
    let mut last: Option<usize> = None;
    let (mut first, mut lastpos) = (usize::MAX, 0);
    for (i, s) in seq.iter().enumerate() {
        if common.contains(s) {
            if cur == 0 {
                runs += 1;
            }
            cur += 1;
            longest = longest.max(cur);
            if last.is_none_or(|l| i - l > 9) {
                passages += 1;
            }
            last = Some(i);
            first = first.min(i);
            lastpos = i;
        } else {
            cur = 0;
        }
    }
    let span = if first == usize::MAX {
        0.0
    } else {
        (lastpos - first + 1) as f64 / seq.len() as f64
    };
    (runs, longest, passages, span)
}

/// (sentences holding a shared shingle, shared shingles crossing a sentence boundary)
fn sents(seq: &[u32], sent: &[u32], common: &HashSet<u32>) -> (usize, usize, usize) {
    let mut seen = std::collections::BTreeSet::new();
    let mut cross = 0;
    for (i, s) in seq.iter().enumerate() {
        if common.contains(s) {
            let (f, l) = (sent[i], sent[(i + 2).min(sent.len() - 1)]);
            seen.insert(f);
            seen.insert(l);
            cross += usize::from(f != l);
        }
    }
    let first = seq
        .iter()
        .position(|s| common.contains(s))
        .unwrap_or(usize::MAX);
    (seen.len(), cross, first)
}
