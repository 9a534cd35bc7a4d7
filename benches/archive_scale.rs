//! Scale benchmark of `check`: 1,000 new articles against a generated archive of N articles.
//!
//! ```text
//! ARCHIVE_N=1000000 cargo bench --bench archive_scale
//! ```
//!
//! The archive is built once through the normal ingest path (`Archive::add_batch`, in batches
//! of 20,000, with the lookup indexes rebuilt once at the end) from short synthetic articles whose words follow a Zipf-like law over a 200,000-word
//! vocabulary whose most frequent ranks are English function words, dated over ten years, and kept in `target/archive-bench/` for later runs. The new
//! batch has 100 partial reprints of archived articles (their text plus a new paragraph), 100
//! same-story rewrites (the archived article's rarest words in new sentences, same day) and 800
//! unrelated articles. The figures printed are wall-clock times of one run on this machine: the
//! index lookups alone, and the whole `check` (lookups + the pipeline over new + matched articles).
//! This is a benchmark, not a test: it asserts nothing about time.

use copydesk::archive::{self, Archive, Baseline, CheckOptions, LookupLimits, OpenOptions};
use copydesk::corpus::{Article, Batch};
use copydesk::report::model::Severity;
use copydesk::sketch::MinHasher;
use copydesk::Config;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const VOCABULARY: f64 = 200_000.0;
const DAYS: u64 = 3_650;
const FIRST_DAY: u64 = 2_455_000; // a Julian day in 2009
const NEW: usize = 1_000;

fn rng(mut x: u64) -> impl FnMut() -> u64 {
    x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

/// The most frequent words of real news are function words; the synthetic vocabulary's top ranks
/// are too, so story keys and shingles see a realistic mix.
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "that", "on", "for", "was", "with", "as", "by", "at",
    "from", "it", "is", "were", "be", "has", "had", "have", "which", "who", "after", "their",
    "this", "an", "but", "or", "they", "he", "his", "are", "been", "will", "would", "than",
    "there", "when", "its", "into", "over", "about", "before", "between", "through", "these",
];

fn word(i: u64) -> String {
    if let Some(w) = FUNCTION_WORDS.get(i as usize) {
        return (*w).to_string();
    }
    let mut w = String::from("w");
    let mut v = i;
    loop {
        w.push((b'a' + (v % 26) as u8) as char);
        v /= 26;
        if v == 0 {
            break;
        }
    }
    while w.len() < 4 {
        w.push('q');
    }
    w
}

/// Text of archived article `i`: four sentences of Zipf-distributed words.
fn text(i: u64) -> String {
    let mut r = rng(i + 1);
    let mut s = String::new();
    for _ in 0..4 {
        let words: Vec<String> = (0..18)
            .map(|_| {
                let u = (r() >> 11) as f64 / (1u64 << 53) as f64;
                word(VOCABULARY.powf(u) as u64)
            })
            .collect();
        s.push_str(&words.join(" "));
        s.push_str(". ");
    }
    s
}

fn date_of_day(jd: u64) -> String {
    // Inverse of the Julian day number for the Gregorian calendar (Fliegel & Van Flandern).
    let l = jd as i64 + 68_569;
    let n = 4 * l / 146_097;
    let l = l - (146_097 * n + 3) / 4;
    let i = 4_000 * (l + 1) / 1_461_001;
    let l = l - 1_461 * i / 4 + 31;
    let j = 80 * l / 2_447;
    let d = l - 2_447 * j / 80;
    let l = j / 11;
    let m = j + 2 - 12 * l;
    let y = 100 * (n - 49) + i + l;
    format!("{y:04}-{m:02}-{d:02}")
}

fn archived(i: u64, n: u64) -> Article {
    Article {
        id: format!("arch-{i:07}"),
        date: Some(date_of_day(FIRST_DAY + i * DAYS / n)),
        lang: Some("en".into()),
        source: "synthetic".into(),
        text: text(i),
        ..Default::default()
    }
}

fn build(path: &Path, n: u64, cfg: &Config) -> Duration {
    let start = Instant::now();
    let mut a = Archive::open(
        path,
        &OpenOptions {
            create: true,
            ..Default::default()
        },
    )
    .unwrap();
    // Bulk load: the lookup indexes are dropped during the load and rebuilt once at the end
    // (sorting once is much faster than inserting 75M random keys into live B-trees). The rows are
    // exactly those `archive add` writes.
    a.connection()
        .execute_batch(
            "PRAGMA cache_size = -1000000;
             DROP INDEX article_bands_by_band_key; DROP INDEX article_bands_by_article;
             DROP INDEX story_keys_by_key_day; DROP INDEX story_keys_by_article;",
        )
        .unwrap();
    let cfg = a.config_for(cfg);
    let settings = a.effective_settings(&cfg);
    let hasher = MinHasher::new(settings.k);
    let chunk = 20_000u64;
    let mut lo = 0;
    while lo < n {
        let hi = (lo + chunk).min(n);
        let prepared = copydesk::prepare((lo..hi).map(|i| archived(i, n)).collect());
        let fps: Vec<_> = prepared
            .par_iter()
            .map(|p| archive::fingerprint(p, &settings, &hasher))
            .collect();
        a.add_batch(
            &prepared,
            &fps,
            &settings,
            None,
            "synthetic",
            &mut |_, _| {},
        )
        .unwrap();
        lo = hi;
        eprintln!("  built {hi}/{n} ({:.0?})", start.elapsed());
    }
    a.connection()
        .execute_batch(
            "CREATE INDEX article_bands_by_band_key ON article_bands(band, key);
             CREATE INDEX article_bands_by_article ON article_bands(article_rowid);
             CREATE INDEX story_keys_by_key_day ON story_keys(key, day);
             CREATE INDEX story_keys_by_article ON story_keys(article_rowid);
             PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;",
        )
        .unwrap();
    start.elapsed()
}

fn new_batch(n: u64) -> Vec<Article> {
    let mut r = rng(4242);
    let last = FIRST_DAY + DAYS - 1;
    let mut out = Vec::with_capacity(NEW);
    for k in 0..NEW as u64 {
        let pick = r() % n;
        let base = archived(pick, n);
        let (text, date) = match k % 10 {
            // partial reprint: the archived text plus a paragraph of the outlet's own
            0 => (
                format!("{} {}", base.text, text(10_000_000 + k)),
                base.date.clone(),
            ),
            // same-story rewrite: the rarest (longest-named) words of the archived article
            1 => {
                let mut words: Vec<&str> = base.text.split_whitespace().collect();
                words.sort_by_key(|w| std::cmp::Reverse(w.len()));
                let rare = words[..12].join(" ");
                (
                    format!("{rare}. {}", text(20_000_000 + k)),
                    base.date.clone(),
                )
            }
            _ => (text(30_000_000 + k), Some(date_of_day(last))),
        };
        out.push(Article {
            id: format!("new-{k:04}"),
            date,
            lang: Some("en".into()),
            source: "synthetic".into(),
            text,
            ..Default::default()
        });
    }
    out
}

fn main() {
    let n: u64 = std::env::var("ARCHIVE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/archive-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("archive-{n}.db"));
    let cfg = Config::default();
    if !path.exists() {
        eprintln!("building {} ({n} articles)...", path.display());
        let t = build(&path, n, &cfg);
        println!("archive_scale: built {n} archived articles in {t:.1?}");
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let archive = Archive::open(&path, &OpenOptions::default()).unwrap();
    let cfg = archive.config_for(&cfg);
    let settings = archive.effective_settings(&cfg);
    let new = new_batch(n);

    // Lookups alone.
    let t = Instant::now();
    let prepared = copydesk::prepare(new.clone());
    let hasher = MinHasher::new(settings.k);
    let fps: Vec<_> = prepared
        .par_iter()
        .map(|p| archive::fingerprint(p, &settings, &hasher))
        .collect();
    let t_prep = t.elapsed();
    let t = Instant::now();
    let limits = LookupLimits::from_config(&cfg);
    let c = archive
        .find_candidates(&fps, &BTreeSet::new(), &cfg, &limits)
        .unwrap();
    let t_lookup = t.elapsed();
    let reprint_hits = (0..NEW)
        .filter(|&k| k % 10 == 0 && !c.reprints[k].is_empty())
        .count();
    let story_hits = (0..NEW)
        .filter(|&k| k % 10 == 1 && !c.stories[k].is_empty())
        .count();
    let distinct: BTreeSet<i64> = c
        .reprints
        .iter()
        .flatten()
        .map(|x| x.rowid)
        .chain(c.stories.iter().flatten().map(|x| x.rowid))
        .collect();

    // The whole check.
    let t = Instant::now();
    let outcome = archive::check(
        &archive,
        Batch {
            articles: new,
            skipped: Vec::new(),
        },
        &cfg,
        &Baseline::default(),
        &CheckOptions {
            fail_on: Severity::High,
            limits,
        },
    )
    .unwrap();
    let t_check = t.elapsed();
    let r = &outcome.report;
    println!(
        "archive_scale: {NEW} new articles vs {n} archived ({:.0} MB file)",
        size as f64 / 1e6
    );
    println!("  text stage + fingerprints of the new batch: {t_prep:.2?}");
    println!(
        "  index lookups: {t_lookup:.2?} ({} index rows read, {} distinct archived candidates)",
        c.index_rows_read,
        distinct.len()
    );
    println!(
        "  planted reprints with a reprint candidate: {reprint_hits}/100; planted rewrites with a story candidate: {story_hits}/100"
    );
    println!(
        "  whole check: {t_check:.2?} ({} archived loaded, {} new reprints, {} story groups, {} limits hit)",
        r.check.archived_articles.len(),
        r.check.new_reprints.len(),
        r.report.story_groups.len(),
        r.report.limits_hit.len()
    );
    for l in &r.report.limits_hit {
        println!("    limit {}: {}", l.limit, l.detail);
    }
}
