//! Helpers shared by the integration tests: the built binary, temp dirs, the demo batch.

#![allow(dead_code)] // reason: each test module uses a different subset of helpers

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of the `copydesk` binary built for this test run.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_copydesk"))
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The demo batch.
pub fn raqqa() -> PathBuf {
    root().join("data/raqqa")
}

/// Run copydesk with `args`, returning its output.
pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .output()
        .expect("copydesk runs")
}

/// Run copydesk in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("copydesk runs")
}

/// Standard output and error as text, for assertion messages.
pub fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Read and parse a JSON report.
pub fn read_report(path: &Path) -> copydesk::report::model::Report {
    let s = std::fs::read_to_string(path).expect("report written");
    serde_json::from_str(&s).expect("report parses back into the model")
}

/// Scan the demo batch into a temp dir and return its parsed JSON report.
pub fn scan_raqqa_report() -> copydesk::report::model::Report {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let o = run(&[
        "scan",
        raqqa().to_str().unwrap(),
        "--json",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    read_report(&out)
}
