//! `copydesk-gen`: write a synthetic news corpus with planted reprint clusters, for benchmarks
//! and threshold tuning. See `copydesk::synth` and docs/benchmarks.md.
//!
//! Exit codes: 0 written, 2 usage error or I/O failure.

use anyhow::{Context, Result};
use clap::Parser;
use copydesk::synth::{self, LangMix, OutputFormat, SynthConfig};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Write N synthetic articles (English, Arabic or both) with planted reprint clusters, plus
/// gold.jsonl (reprint clusters, story groups), planted.jsonl (planted divergences) and
/// manifest.json. Output is identical for the same arguments on every machine.
#[derive(Debug, Parser)]
#[command(name = "copydesk-gen", version)]
#[command(
    after_help = "Example:\n  copydesk-gen --articles 20000 --lang en --out bench/work/en --seed 1\n\nExit codes: 0 written, 2 usage error or I/O failure."
)]
struct Args {
    /// Number of articles to write.
    #[arg(long, value_name = "N")]
    articles: usize,
    /// Languages: en, ar or mixed (each story English or Arabic).
    #[arg(long, value_name = "LANG", default_value = "mixed")]
    lang: LangMix,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Random seed: the same seed gives the same corpus.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Article format: jsonl shards or one txt file per article.
    #[arg(long, value_name = "FORMAT", default_value = "jsonl")]
    format: OutputFormat,
    /// Articles per JSONL shard (or per txt sub-folder).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    shard_size: usize,
    /// Worker threads for generation (default: all cores). Output does not depend on it.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Share of stories that are reprinted wire stories.
    #[arg(long, value_name = "P")]
    wire_share: Option<f64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("copydesk-gen: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<()> {
    if args.threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build_global()
            .context("cannot start worker threads")?;
    }
    let mut cfg = SynthConfig::new(args.articles, args.lang, args.seed);
    if let Some(p) = args.wire_share {
        anyhow::ensure!((0.0..=1.0).contains(&p), "--wire-share must be in [0, 1]");
        cfg.wire_share = p;
    }
    let t = Instant::now();
    let s = synth::write_corpus(&cfg, &args.out, args.format, args.shard_size)
        .with_context(|| format!("cannot write the corpus to {}", args.out.display()))?;
    eprintln!(
        "copydesk-gen: {} articles ({:.1} MB of text) in {} file(s), {} reprint clusters ({} articles), {} story groups with rewrites, {} planted divergences -> {} [{:.1}s]",
        s.articles,
        s.text_bytes as f64 / 1e6,
        s.files,
        s.reprint_clusters,
        s.articles_in_reprint_clusters,
        s.story_groups,
        s.planted,
        args.out.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
