//! The `copydesk` binary: parse arguments, call the library, map errors to exit codes.

mod archive_cmd;
mod cli;

use anyhow::{Context, Result};
use clap::Parser;
use cli::{Cli, Command, OutputArgs};
use copydesk::corpus::{self, ReadOptions};
use copydesk::report::{self, model::Report};
use copydesk::Config;
use std::io::Write;
use std::path::PathBuf;

/// mimalloc: every worker allocates per article (words, shingles, records); with glibc's
/// malloc that was ~14% of the clustering stage's CPU time (perf, 20k English articles).
///
/// Its v2 line (the `v2` feature in Cargo.toml), not v3: with two workers, v3's arena spread the
/// sketches over more 2 MB huge pages, each zeroed by the kernel on first touch (peak RSS
/// 132 MB against 111-113 MB on 20k Arabic articles, `--only-clusters --threads 2`; one thread
/// 114 against 105 MB), and the two-thread runs were slower: see docs/benchmarks.md, "the
/// allocator's v2 line".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes (documented in `--help` and the README).
mod exit {
    pub const OK: u8 = 0;
    /// `check`: a divergence at or above `--fail-on` is not acknowledged in the baseline.
    pub const FINDINGS: u8 = 1;
    pub const USAGE_OR_FATAL: u8 = 2;
}

fn main() {
    let cli = Cli::parse();
    // The whole command runs on one of the `--threads` workers, so that it uses that many
    // threads in all. Run from the main thread, the step that gathers what the workers
    // produce (in file order) ran beside them: `--threads 1` kept up to two cores busy.
    let result = thread_pool(cli.command.threads()).and_then(|pool| pool.install(|| run(cli)));
    let code = match result {
        Ok(code) => code,
        // A closed pipe (`copydesk ... | head`) is the reader's choice, not an error.
        Err(e) if is_broken_pipe(&e) => exit::OK,
        Err(e) => {
            eprintln!("copydesk: error: {e:#}");
            exit::USAGE_OR_FATAL
        }
    };
    end_process(code)
}

/// End the process with `code` once the command is done, without the allocator's cleanup.
///
/// At a normal exit mimalloc v3 gave back every page it held, 64 KiB at a time, splitting the
/// huge pages its arenas are made of: on 20k English articles (`--only-clusters`) the process
/// ended about 1.1 ms sooner after writing its result (median 2.1 -> 1.0 ms), with 2-12 ms less
/// system time in alternated runs, for memory the kernel takes back with the process anyway.
/// Everything the command opened was closed when `run` returned (its writers flushed and
/// dropped, its temporary files removed); only the standard streams' buffers are left, flushed
/// here.
fn end_process(code: u8) -> ! {
    // a stream that cannot be flushed (a closed pipe) has no reader left to lose output
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` ends the process at once, running no destructors and no `atexit`
    // handlers; nothing of the process needs them (see above), and no other thread holds
    // state that must be written: the worker pool is idle once `run` has returned.
    unsafe { libc::_exit(i32::from(code)) }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn read_options(cfg: &Config) -> ReadOptions {
    ReadOptions {
        encoding: cfg
            .encoding
            .as_deref()
            .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())),
        max_article_bytes: cfg.max_article_bytes,
    }
}

/// The worker threads of a command: `n` of them, or one per core when `n` is 0.
fn thread_pool(n: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("copydesk-{i}"))
        // the main thread's stack: the command runs on a worker
        .stack_size(8 << 20)
        .build()
        .context("cannot start worker threads")
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Scan(args) => {
            let cfg = args.config().map_err(anyhow::Error::msg)?;
            if args.only_clusters {
                let (clusters, sketches) = copydesk::reprint_clusters_streaming_kept(
                    &args.paths,
                    &read_options(&cfg),
                    &cfg,
                );
                // the process ends once the clusters are written: its exit returns the
                // sketches' memory at once, where freeing them one by one costs milliseconds
                std::mem::forget(sketches);
                print_skipped(&clusters.skipped);
                if clusters.articles == 0 {
                    anyhow::bail!("no readable article in {}", display_paths(&args.paths));
                }
                emit_json(&clusters, &args.output)?;
                return Ok(exit::OK);
            }
            if args.only_tokenize {
                let summary = copydesk::tokenize_only(&args.paths, &read_options(&cfg));
                print_skipped(&summary.skipped);
                if summary.articles == 0 {
                    anyhow::bail!("no readable article in {}", display_paths(&args.paths));
                }
                println!("{}", serde_json::to_string(&summary)?);
                return Ok(exit::OK);
            }
            let bar = progress_bar(args.output.quiet);
            let report =
                copydesk::scan_paths(&args.paths, &read_options(&cfg), &cfg, &|p| {
                    update_bar(&bar, p)
                })
                .context("cannot use a temporary file for the scan (set TMPDIR to a writable folder with room for the batch)")?;
            for s in report.skipped() {
                eprintln!("copydesk: skipped {}: {}", s.source, s.reason);
            }
            if report.article_count() == 0 {
                anyhow::bail!("no readable article in {}", display_paths(&args.paths));
            }
            emit_scan(report, &args.output)?;
            Ok(exit::OK)
        }
        Command::Diff(args) => {
            let mut cfg = Config::default();
            args.input.apply(&mut cfg).map_err(anyhow::Error::msg)?;
            let opts = read_options(&cfg);
            let a = first_article(&args.a, &opts)?;
            let b = first_article(&args.b, &opts)?;
            let report = copydesk::diff(a, b, &cfg);
            emit(&report, &args.output)?;
            Ok(exit::OK)
        }
        Command::Archive(cli::ArchiveCommand::Add(args)) => archive_cmd::add(args),
        Command::Archive(cli::ArchiveCommand::Info(args)) => archive_cmd::info(args),
        Command::Check(args) => archive_cmd::check(args),
        Command::Baseline(args) => archive_cmd::baseline(args),
    }
}

/// The progress bar appears once a scan has run this long (when standard error is a terminal),
/// so a quick run prints nothing but its summary and a slow one, small or large, shows progress.
const PROGRESS_AFTER: std::time::Duration = std::time::Duration::from_millis(800);

/// A progress bar that stays hidden until the scan has run for [`PROGRESS_AFTER`].
fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    bar.set_style(bar_style(false));
    Some(bar)
}

fn bar_style(known_total: bool) -> indicatif::ProgressStyle {
    let template = if known_total {
        "{msg:>18} [{bar:40}] {pos}/{len} ({per_sec}, {eta})"
    } else {
        "{msg:>18} {pos} articles ({per_sec})"
    };
    indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ")
}

fn update_bar(bar: &Option<indicatif::ProgressBar>, p: copydesk::Progress) {
    let Some(bar) = bar else { return };
    match p {
        copydesk::Progress::Stage { name, total } => {
            bar.set_message(name);
            bar.set_style(bar_style(total > 0));
            bar.set_length(total);
            bar.set_position(0);
            reveal_when_slow(bar);
        }
        copydesk::Progress::Advance(n) => {
            bar.inc(n);
            reveal_when_slow(bar);
        }
        copydesk::Progress::Done => bar.finish_and_clear(),
    }
}

fn reveal_when_slow(bar: &indicatif::ProgressBar) {
    if bar.is_hidden() && bar.elapsed() >= PROGRESS_AFTER {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
}

fn print_skipped(skipped: &[corpus::Skipped]) {
    for s in skipped {
        eprintln!("copydesk: skipped {}: {}", s.source, s.reason);
    }
}

fn first_article(path: &PathBuf, opts: &ReadOptions) -> Result<corpus::Article> {
    // The first article in reading order (file order for JSON lines), not the smallest id.
    let mut first = None;
    let mut first_skip = None;
    corpus::visit_batch(std::slice::from_ref(path), opts, |item| match item {
        Ok(a) => {
            first.get_or_insert(a);
        }
        Err(s) => {
            first_skip.get_or_insert(s);
        }
    });
    if let Some(a) = first {
        return Ok(a);
    }
    let why = first_skip
        .map(|s| {
            if s.source == path.display().to_string() {
                s.reason
            } else {
                format!("{}: {}", s.source, s.reason)
            }
        })
        .unwrap_or_else(|| "no article found".into());
    anyhow::bail!("cannot read {}: {why}", path.display())
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Write a benchmark-mode result as JSON to `--json` (or a one-line count to standard output).
fn emit_json(clusters: &copydesk::ClustersOnly, out: &OutputArgs) -> Result<()> {
    let json = serde_json::to_string(clusters)?;
    match &out.json {
        Some(p) if p.as_os_str() == "-" => println!("{json}"),
        Some(p) => {
            std::fs::write(p, json).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => {}
    }
    if !out.quiet {
        eprintln!(
            "{} articles, {} candidate pairs, {} verified reprint pairs, {} reprint clusters",
            clusters.articles,
            clusters.candidate_pairs,
            clusters.verified_pairs,
            clusters.reprint_clusters.len()
        );
    }
    Ok(())
}

/// Write a scan's report: JSON streamed part by part, the HTML view (which holds the whole
/// report in memory) only when asked for.
fn emit_scan(report: copydesk::ScanOutput, out: &OutputArgs) -> Result<()> {
    if let Some(path) = &out.json {
        if path.as_os_str() == "-" {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            report.write_json(&mut w)?;
            w.flush()?;
        } else {
            let write = || -> std::io::Result<()> {
                let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
                report.write_json(&mut w)?;
                w.flush()
            };
            write().with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    if !out.quiet {
        let stdout_taken = out.json.as_ref().is_some_and(|p| p.as_os_str() == "-");
        if stdout_taken {
            report.write_summary(&mut std::io::stderr())?;
        } else {
            report.write_summary(&mut std::io::stdout())?;
        }
    }
    if let Some(path) = &out.html {
        write_html(path, &report.into_report())?;
    }
    Ok(())
}

/// Write the HTML report to `path`, streamed.
pub(crate) fn write_html(path: &std::path::Path, report: &Report) -> Result<()> {
    let cannot = || format!("cannot write {}", path.display());
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).with_context(cannot)?);
    report::html::render_to(report, &mut out).with_context(cannot)?;
    out.flush().with_context(cannot)
}

fn emit(report: &Report, out: &OutputArgs) -> Result<()> {
    if let Some(path) = &out.json {
        let json = report::to_json(report);
        if path.as_os_str() == "-" {
            std::io::stdout().write_all(json.as_bytes())?;
        } else {
            std::fs::write(path, json)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    if let Some(path) = &out.html {
        write_html(path, report)?;
    }
    if !out.quiet {
        let stdout_taken = out.json.as_ref().is_some_and(|p| p.as_os_str() == "-");
        if stdout_taken {
            report::write_summary(report, &mut std::io::stderr())?;
        } else {
            report::write_summary(report, &mut std::io::stdout())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_runs_on_as_many_threads_as_asked() {
        for (args, n) in [
            (&["copydesk", "scan", "x", "--threads", "1"][..], 1),
            (&["copydesk", "diff", "a", "b", "--threads", "3"][..], 3),
            (
                &["copydesk", "check", "x", "--db", "d", "--threads", "2"][..],
                2,
            ),
        ] {
            let cli = Cli::try_parse_from(args).expect("valid arguments");
            assert_eq!(cli.command.threads(), n, "{args:?}");
            // the command itself runs on one of the `n` workers, not beside them
            let (on_a_worker, threads) = thread_pool(n).expect("a pool").install(|| {
                (
                    rayon::current_thread_index().is_some(),
                    rayon::current_num_threads(),
                )
            });
            assert!(on_a_worker);
            assert_eq!(threads, n);
        }
    }

    #[test]
    fn an_absurd_thread_count_is_a_usage_error() {
        let err = Cli::try_parse_from(["copydesk", "scan", "x", "--threads", "100000"])
            .expect_err("too many threads");
        assert!(err.to_string().contains("at most 1024"), "{err}");
        let ok = Cli::try_parse_from(["copydesk", "scan", "x", "--threads", "1024"]);
        assert_eq!(ok.expect("1024 threads").command.threads(), 1024);
    }
}
