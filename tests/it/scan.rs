//! `copydesk scan` end to end on the demo batch.

use crate::support::*;

#[test]
fn scan_demo_batch_writes_a_report_that_parses_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let o = run(&[
        "scan",
        raqqa().to_str().unwrap(),
        "--json",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let r = read_report(&out);
    assert_eq!(r.schema_version, 1);
    assert_eq!(r.articles.len(), 5);
}
