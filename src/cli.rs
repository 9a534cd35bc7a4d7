//! Command-line definitions (clap derive). Parsing does no I/O; [`ScanArgs::config`] builds the
//! frozen [`Config`] the pipeline reads.

use clap::{Args, Parser, Subcommand};
use copydesk::Config;
use std::path::PathBuf;

/// Audit syndicated news copy: find wire-copy reprints, group articles by story, and show where
/// outlets agree and where they quietly changed a number, a "not", a source or a hedge.
#[derive(Debug, Parser)]
#[command(
    name = "copydesk",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
#[command(
    after_help = "Examples:\n  copydesk scan data/raqqa --json out.json --html out.html\n  copydesk diff a.txt b.txt\n\nExit codes: 0 done (no findings at the --fail-on level), 1 findings at or above --fail-on, 2 usage error or nothing readable."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a batch, cluster reprints, group stories, flag divergences, write reports.
    Scan(ScanArgs),
    /// Compare two articles directly (treated as one story group whatever their similarity).
    Diff(DiffArgs),
    /// Keep an archive (SQLite) of every batch seen, for `check`.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Compare a new batch with the archive and with itself; exit 1 on unacknowledged findings.
    Check(CheckArgs),
    /// Write a baseline of acknowledged divergences (by stable id) for `check --baseline`.
    Baseline(BaselineArgs),
}

impl Command {
    /// The command's `--threads` (0: one per core).
    pub fn threads(&self) -> usize {
        match self {
            Command::Scan(a) => a.input.threads,
            Command::Diff(a) => a.input.threads,
            Command::Archive(ArchiveCommand::Add(a)) => a.input.threads,
            Command::Archive(ArchiveCommand::Info(_)) => 0,
            Command::Check(a) => a.input.threads,
            Command::Baseline(a) => a.input.threads,
        }
    }
}

/// The most `--threads` takes: each thread is a stack and a set of buffers, and a count
/// beyond any machine's cores is a typo, not a wish.
const MAX_THREADS: usize = 1024;

fn thread_count(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("not a number of threads: {s:?}"))?;
    if n > MAX_THREADS {
        return Err(format!("at most {MAX_THREADS} (0: one per core)"));
    }
    Ok(n)
}

/// Options shared by every command that reads articles.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Decode inputs that are not valid UTF-8 (and have no BOM or declared charset) with this
    /// encoding, e.g. windows-1256 for Arabic archives. Valid UTF-8 stays UTF-8.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Threads to use in all, 1 to 1024 (default, or 0: one per core). The report is
    /// identical for any value.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = thread_count)]
    pub threads: usize,
    /// Skip articles larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 8)]
    pub max_article_mb: usize,
}

/// Where to write reports.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Write the JSON report here (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the HTML report here: one self-contained page (no network), side by side, printable.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Do not print the terminal summary or the progress bar (errors and skipped inputs are
    /// still reported on standard error).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders (read recursively): .txt .md .html .htm .jsonl .json, optionally .gz.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Jaccard similarity the LSH bands are tuned for (candidate generation).
    #[arg(long, value_name = "J")]
    pub lsh_threshold: Option<f64>,
    /// Verified pairs with at least this share of the shorter article inside the longer are reprints.
    #[arg(long, value_name = "C")]
    pub min_containment: Option<f64>,
    /// Verified pairs with at least this Jaccard similarity are reprints.
    #[arg(long, value_name = "J")]
    pub min_jaccard: Option<f64>,
    /// MinHash signature length.
    #[arg(long, value_name = "K")]
    pub k: Option<usize>,
    /// Benchmark mode: read and run the clustering text path only (raw text to normalised,
    /// stemmed word keys), then print counts as JSON (the speed floor in docs/benchmarks.md).
    #[arg(long, conflicts_with = "only_clusters")]
    pub only_tokenize: bool,
    /// Benchmark mode: reprint clusters only (no story groups, alignment or divergences); `--json`
    /// gets just the clusters.
    #[arg(long)]
    pub only_clusters: bool,
    /// Write the JSON report without indentation or line breaks (about half the size of the
    /// default pretty report; same content).
    #[arg(long)]
    pub compact_json: bool,
    /// Leave parts out of the JSON report, for batches whose full report is too large (3.3 GB of
    /// pretty JSON at 100k articles): `texts` (article texts written as ""), `alignments`,
    /// `agreements` (those sections written empty). Comma-separated or repeated; the report
    /// lists what it left out in `limits_hit`. Not with --html.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "PART",
        conflicts_with = "html"
    )]
    pub omit: Vec<ReportPart>,
}

/// A part of the JSON report `--omit` can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportPart {
    Texts,
    Alignments,
    Agreements,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first article (any supported format; the first article in the file is used).
    pub a: PathBuf,
    /// The second article.
    pub b: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl InputArgs {
    /// Apply the input options to a configuration.
    pub fn apply(&self, cfg: &mut Config) -> Result<(), String> {
        cfg.threads = self.threads;
        cfg.max_article_bytes = self.max_article_mb.saturating_mul(1024 * 1024);
        if let Some(label) = &self.encoding {
            if encoding_rs::Encoding::for_label(label.as_bytes()).is_none() {
                return Err(format!(
                    "unknown encoding '{label}' (try utf-8, windows-1256, iso-8859-6, utf-16le)"
                ));
            }
            cfg.encoding = Some(label.clone());
        }
        Ok(())
    }
}

impl ScanArgs {
    /// Build the frozen configuration, validating ranges.
    pub fn config(&self) -> Result<Config, String> {
        let mut cfg = Config::default();
        self.input.apply(&mut cfg)?;
        if let Some(k) = self.k {
            if !(16..=1024).contains(&k) {
                return Err("--k must be between 16 and 1024".into());
            }
            cfg.sketch.k = k;
        }
        for (name, v) in [
            ("--lsh-threshold", self.lsh_threshold),
            ("--min-containment", self.min_containment),
            ("--min-jaccard", self.min_jaccard),
        ] {
            if let Some(v) = v {
                if !(0.0..=1.0).contains(&v) || v == 0.0 {
                    return Err(format!("{name} must be in (0, 1]"));
                }
            }
        }
        if let Some(t) = self.lsh_threshold {
            cfg.reprint.lsh_threshold = t;
        }
        if self.k.is_some() || self.lsh_threshold.is_some() {
            // the defaults' bands and rows are already those of the default k and threshold
            let (b, r) = copydesk::sketch::optimal_bands(cfg.reprint.lsh_threshold, cfg.sketch.k);
            cfg.reprint.bands = b;
            cfg.reprint.rows = r;
        }
        if let Some(c) = self.min_containment {
            cfg.reprint.min_containment = c;
        }
        if let Some(j) = self.min_jaccard {
            cfg.reprint.min_jaccard = j;
        }
        cfg.report = copydesk::config::ReportOptions {
            compact: self.compact_json,
            omit_texts: self.omit.contains(&ReportPart::Texts),
            omit_alignments: self.omit.contains(&ReportPart::Alignments),
            omit_agreements: self.omit.contains(&ReportPart::Agreements),
        };
        Ok(cfg)
    }
}

/// `copydesk archive ...`
#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// Add a batch to the archive in one transaction (created when missing). Articles already
    /// archived with the same text change nothing; a changed text becomes a new version.
    Add(ArchiveAddArgs),
    /// Print the archive's schema version, settings and counts.
    Info(ArchiveInfoArgs),
}

/// Where the archive is and how long to wait for another writer.
#[derive(Debug, Args, Clone)]
pub struct DbArgs {
    /// The archive file (SQLite).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Seconds to wait while another process writes to the archive.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub busy_timeout: f64,
}

#[derive(Debug, Args)]
pub struct ArchiveAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Files or folders to add.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Store articles and fingerprints only; skip the scan that records the batch's reprint
    /// pairs and divergences.
    #[arg(long)]
    pub no_analysis: bool,
    /// Do not print the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ArchiveInfoArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// Severity threshold for failing a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    High,
    Medium,
    Low,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Files or folders of the new batch.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Exit 1 when a divergence at or above this severity is not acknowledged in the baseline.
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "high")]
    pub fail_on: FailOn,
    /// Divergences acknowledged by stable id (written by `copydesk baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the JSON check report here (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the HTML report here (one self-contained page; archived articles have an
    /// `archive:ID@vN` source).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write JUnit XML here: one test case per story group, a failure per unacknowledged
    /// divergence at or above --fail-on.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// After the check (pass or fail), add the batch to the archive. Not done on error (exit 2).
    #[arg(long)]
    pub add: bool,
    /// Do not print the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["from", "db"]))]
pub struct BaselineArgs {
    /// Acknowledge every divergence of this JSON report (from `scan` or `check`).
    #[arg(long, value_name = "REPORT.json")]
    pub from: Option<PathBuf>,
    /// Or run a check of PATH... against this archive and acknowledge its divergences.
    #[arg(long, value_name = "FILE", requires = "paths")]
    pub db: Option<PathBuf>,
    /// The batch to check (with --db).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the baseline.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

impl DbArgs {
    /// Validate and convert the busy timeout.
    pub fn busy_timeout(&self) -> Result<std::time::Duration, String> {
        if !self.busy_timeout.is_finite() || self.busy_timeout < 0.0 {
            return Err("--busy-timeout must be a number of seconds >= 0".into());
        }
        Ok(std::time::Duration::from_secs_f64(self.busy_timeout))
    }
}

impl FailOn {
    /// The severity it stands for.
    pub fn severity(self) -> copydesk::report::model::Severity {
        use copydesk::report::model::Severity;
        match self {
            FailOn::High => Severity::High,
            FailOn::Medium => Severity::Medium,
            FailOn::Low => Severity::Low,
        }
    }
}
