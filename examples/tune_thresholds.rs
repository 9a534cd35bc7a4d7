//! Measure the reprint-clustering thresholds on planted partial reprints.
//!
//! Generates synthetic corpora (English and Arabic) with the `synth` generator, tunes on one seed
//! and reports on another (held out), as pairwise precision/recall of same-cluster pairs against
//! the planted gold. Run: `cargo run --release --example tune_thresholds [ARTICLES]`.
//! The method and the latest figures are in `docs/thresholds.md`.

use copydesk::cluster::{cluster_batch, ClusterInput};
use copydesk::synth::{Corpus, GoldKind, LangMix, SynthConfig};
use copydesk::{prepare, sketch_all, Config};
use std::collections::{BTreeSet, HashMap};

type Pairs = BTreeSet<(String, String)>;

fn pairs_of<'a>(clusters: impl Iterator<Item = &'a Vec<String>>) -> Pairs {
    let mut out = Pairs::new();
    for c in clusters {
        for i in 0..c.len() {
            for j in i + 1..c.len() {
                let (a, b) = if c[i] < c[j] {
                    (&c[i], &c[j])
                } else {
                    (&c[j], &c[i])
                };
                out.insert((a.clone(), b.clone()));
            }
        }
    }
    out
}

fn score(pred: &Pairs, gold: &Pairs) -> (f64, f64, f64) {
    let tp = pred.intersection(gold).count() as f64;
    let p = if pred.is_empty() {
        1.0
    } else {
        tp / pred.len() as f64
    };
    let r = if gold.is_empty() {
        1.0
    } else {
        tp / gold.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

struct Setting {
    lsh: f64,
    jac: f64,
    con: f64,
}

struct Prepared {
    prepared: Vec<copydesk::Prepared>,
    sketches: Vec<copydesk::sketch::ArticleSketch>,
    gold_reprint: Pairs,
    gold_story: Pairs,
}

fn load(lang: LangMix, seed: u64, n: usize) -> Prepared {
    let (articles, gold) = Corpus::generate(&SynthConfig::new(n, lang, seed));
    let gold_reprint = pairs_of(
        gold.clusters
            .iter()
            .filter(|c| c.kind == GoldKind::Reprint)
            .map(|c| &c.articles),
    );
    // story groups: the story line when there is one, else the reprint cluster
    let mut story: HashMap<String, Vec<String>> = HashMap::new();
    for c in &gold.clusters {
        let e = story.entry(c.wire.clone()).or_default();
        if c.kind == GoldKind::Story || e.is_empty() {
            *e = c.articles.clone();
        }
    }
    let gold_story = pairs_of(story.values());
    let mut articles = articles;
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let prepared = prepare(articles);
    let sketches = sketch_all(&prepared, &Config::default());
    Prepared {
        prepared,
        sketches,
        gold_reprint,
        gold_story,
    }
}

fn run(p: &Prepared, s: &Setting) -> ((f64, f64, f64), (f64, f64, f64), usize) {
    let mut cfg = Config::default();
    cfg.reprint.lsh_threshold = s.lsh;
    (cfg.reprint.bands, cfg.reprint.rows) = copydesk::sketch::optimal_bands(s.lsh, cfg.sketch.k);
    cfg.reprint.min_jaccard = s.jac;
    cfg.reprint.min_containment = s.con;
    let inputs: Vec<ClusterInput<'_>> = p
        .prepared
        .iter()
        .zip(&p.sketches)
        .map(|(a, sk)| ClusterInput {
            id: &a.article.id,
            date: a.article.date.as_deref(),
            doc: &a.doc,
            sketch: sk,
        })
        .collect();
    let c = cluster_batch(&inputs, &cfg);
    let pred = pairs_of(c.reprint_clusters.iter().map(|c| &c.articles));
    let story = pairs_of(c.story_groups.iter().map(|g| &g.0.articles));
    (
        score(&pred, &p.gold_reprint),
        score(&story, &p.gold_story),
        c.reprint_pairs.len(),
    )
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3000);
    let defaults = Config::default().reprint;
    for (name, lang) in [("en", LangMix::En), ("ar", LangMix::Ar)] {
        let tune = load(lang, 11, n);
        let held_out = load(lang, 21, n);
        println!(
            "## {name}: {n} articles, {} gold reprint pairs (tuning seed 11)",
            tune.gold_reprint.len()
        );
        println!("| lsh | min J | min C | P | R | F1 |");
        println!("|---|---|---|---|---|---|");
        let mut best = (0.0, 0.0, 0.0, 0.0);
        for lsh in [0.1, 0.15, 0.2, 0.3] {
            for jac in [0.3, 0.5, 0.7] {
                for con in [0.15, 0.2, 0.25, 0.3, 0.4, 0.5] {
                    let ((p, r, f), _, _) = run(&tune, &Setting { lsh, jac, con });
                    println!("| {lsh} | {jac} | {con} | {p:.4} | {r:.4} | {f:.4} |");
                    if f > best.0 {
                        best = (f, lsh, jac, con);
                    }
                }
            }
        }
        println!(
            "best on tuning seed: F1 {:.4} at lsh {} J {} C {}",
            best.0, best.1, best.2, best.3
        );
        let s = Setting {
            lsh: defaults.lsh_threshold,
            jac: defaults.min_jaccard,
            con: defaults.min_containment,
        };
        let (rp, st, verified) = run(&held_out, &s);
        println!(
            "held-out seed 21 with the defaults (lsh {}, J {}, C {}): reprint P {:.4} R {:.4} F1 {:.4} ({} verified pairs); story groups P {:.4} R {:.4} F1 {:.4}\n",
            s.lsh, s.jac, s.con, rp.0, rp.1, rp.2, verified, st.0, st.1, st.2
        );
    }
}
