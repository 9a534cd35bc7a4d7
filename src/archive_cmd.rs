//! Glue for `archive add`, `archive info`, `check` and `baseline`: read inputs, call the archive
//! stage, write outputs, pick the exit code.

use crate::cli::{ArchiveAddArgs, ArchiveInfoArgs, BaselineArgs, CheckArgs, DbArgs, InputArgs};
use crate::{display_paths, exit, read_options};
use anyhow::{Context, Result};
use copydesk::archive::{self, Archive, Baseline, CheckOptions, LookupLimits, OpenOptions};
use copydesk::corpus::{self, Batch};
use copydesk::report::model::{Report, Severity};
use copydesk::sketch::MinHasher;
use copydesk::Config;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Test hook: sleep this many milliseconds after each article written inside the `archive add`
/// transaction and report progress on stderr, so tests can kill the process mid-batch.
const SLOW_INGEST_ENV: &str = "COPYDESK_TEST_SLOW_INGEST_MS";

fn config(input: &InputArgs) -> Result<Config> {
    let mut cfg = Config::default();
    input.apply(&mut cfg).map_err(anyhow::Error::msg)?;
    Ok(cfg)
}

/// How a command uses the archive.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// `archive add`: create the file if needed.
    Create,
    /// `check --add`: an existing archive, written to.
    Write,
    /// `archive info`, `check`: an existing archive, only read.
    Read,
}

fn open(db: &DbArgs, access: Access) -> Result<Archive> {
    let busy_timeout = db.busy_timeout().map_err(anyhow::Error::msg)?;
    Ok(Archive::open(
        &db.db,
        &OpenOptions {
            create: access == Access::Create,
            read_only: access == Access::Read,
            busy_timeout,
        },
    )?)
}

fn read(paths: &[PathBuf], cfg: &Config) -> Result<Batch> {
    let batch = corpus::read_batch(paths, &read_options(cfg));
    for s in &batch.skipped {
        eprintln!("copydesk: skipped {}: {}", s.source, s.reason);
    }
    if batch.articles.is_empty() {
        anyhow::bail!("no readable article in {}", display_paths(paths));
    }
    Ok(batch)
}

fn ingest_progress() -> impl FnMut(usize, usize) {
    let slow: Option<u64> = std::env::var(SLOW_INGEST_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
    move |done, total| {
        if let Some(ms) = slow {
            eprintln!("copydesk: archive add: wrote {done}/{total}");
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}

/// `copydesk archive add`.
pub fn add(args: ArchiveAddArgs) -> Result<u8> {
    let cfg = config(&args.input)?;
    let batch = read(&args.paths, &cfg)?;
    let mut archive = open(&args.db, Access::Create)?;
    let cfg = archive.config_for(&cfg);
    let settings = archive.effective_settings(&cfg);
    let findings: Option<Report> = (!args.no_analysis).then(|| copydesk::scan(batch.clone(), &cfg));
    let prepared = copydesk::prepare(batch.articles);
    let hasher = MinHasher::new(settings.k);
    let fps: Vec<_> = prepared
        .par_iter()
        .map(|p| archive::fingerprint(p, &settings, &hasher))
        .collect();
    let summary = archive.add_batch(
        &prepared,
        &fps,
        &settings,
        findings.as_ref(),
        &display_paths(&args.paths),
        &mut ingest_progress(),
    )?;
    if !args.quiet {
        println!(
            "copydesk: archive {}: {} added, {} new versions, {} unchanged, {} reprint pairs and {} divergences recorded{}",
            args.db.db.display(),
            summary.added,
            summary.updated,
            summary.unchanged,
            summary.reprints_recorded,
            summary.divergences_recorded,
            match summary.batch_id {
                Some(id) => format!(" (batch {id})"),
                None => " (nothing changed)".into(),
            }
        );
    }
    Ok(exit::OK)
}

/// `copydesk archive info`.
pub fn info(args: ArchiveInfoArgs) -> Result<u8> {
    let archive = open(&args.db, Access::Read)?;
    let c = archive.connection();
    let count = |table: &str| -> Result<i64> {
        Ok(c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    println!("archive {}", archive.path().display());
    println!("  schema version   {}", archive.schema_version()?);
    if let Some(s) = archive.settings() {
        println!(
            "  sketch           k={} shingle_words={} bands={} rows={}",
            s.k, s.shingle_words, s.bands, s.rows
        );
    }
    for t in [
        "batches",
        "articles",
        "article_versions",
        "sentences",
        "reprints",
        "divergences",
    ] {
        println!("  {t:<16} {}", count(t)?);
    }
    Ok(exit::OK)
}

fn run_check(
    db: &DbArgs,
    paths: &[PathBuf],
    input: &InputArgs,
    baseline: &Baseline,
    fail_on: Severity,
    access: Access,
) -> Result<(Archive, archive::CheckOutcome)> {
    let cfg = config(input)?;
    let batch = read(paths, &cfg)?;
    let archive = open(db, access)?;
    let opts = CheckOptions {
        fail_on,
        limits: LookupLimits::from_config(&cfg),
    };
    let outcome = archive::check(&archive, batch, &cfg, baseline, &opts)?;
    Ok((archive, outcome))
}

/// `copydesk check`.
pub fn check(args: CheckArgs) -> Result<u8> {
    let baseline = match &args.baseline {
        Some(p) => Baseline::read(p)?,
        None => Baseline::default(),
    };
    let (mut archive, outcome) = run_check(
        &args.db,
        &args.paths,
        &args.input,
        &baseline,
        args.fail_on.severity(),
        if args.add {
            Access::Write
        } else {
            Access::Read
        },
    )?;
    let report = &outcome.report;
    if let Some(path) = &args.json {
        write_out(path, &report.to_json())?;
    }
    if let Some(path) = &args.junit {
        write_out(path, &archive::write_junit(report))?;
    }
    if let Some(path) = &args.html {
        crate::write_html(path, &report.report)?;
    }
    if !args.quiet {
        let stdout_taken = args.json.as_ref().is_some_and(|p| p.as_os_str() == "-");
        if stdout_taken {
            report.write_summary(&mut std::io::stderr())?;
        } else {
            report.write_summary(&mut std::io::stdout())?;
        }
    }
    let code = if outcome.failed() {
        exit::FINDINGS
    } else {
        exit::OK
    };
    if args.add {
        let summary = archive.add_batch(
            &outcome.prepared,
            &outcome.fingerprints,
            &outcome.settings,
            Some(&outcome.report.report),
            &display_paths(&args.paths),
            &mut ingest_progress(),
        )?;
        if !args.quiet {
            eprintln!(
                "copydesk: added to archive {}: {} added, {} new versions, {} unchanged",
                args.db.db.display(),
                summary.added,
                summary.updated,
                summary.unchanged
            );
        }
    }
    Ok(code)
}

/// `copydesk baseline`.
pub fn baseline(args: BaselineArgs) -> Result<u8> {
    let baseline = if let Some(from) = &args.from {
        let text = std::fs::read_to_string(from)
            .with_context(|| format!("cannot read report {}", from.display()))?;
        let report: Report = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not a copydesk JSON report (write one with `scan --json` or `check --json`)",
                from.display()
            )
        })?;
        Baseline::from_report(&report)
    } else {
        let db = DbArgs {
            db: args.db.clone().context("--db or --from is required")?,
            busy_timeout: 30.0,
        };
        let (_, outcome) = run_check(
            &db,
            &args.paths,
            &args.input,
            &Baseline::default(),
            Severity::Low,
            Access::Read,
        )?;
        Baseline::from_report(&outcome.report.report)
    };
    baseline.write(&args.out)?;
    eprintln!(
        "copydesk: wrote {} acknowledged divergences to {}",
        baseline.acknowledged.len(),
        args.out.display()
    );
    Ok(exit::OK)
}

fn write_out(path: &Path, text: &str) -> Result<()> {
    if path.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
