//! Measure the divergence detectors on the ANS stance corpus (Khouja 2020).
//!
//! Each row `s1,s2,stance` becomes two one-line articles compared with [`copydesk::diff`] — the
//! same library call `copydesk diff A B` makes — in-process instead of spawning a process per
//! pair. A pair counts as flagged when its report has at least one divergence of severity medium
//! or high. Prints precision, recall and F1 of the `disagree` class.
//!
//! ```text
//! cargo run --release --example ans_eval -- ../shared/data/ans/stance-dev.csv \
//!     [--errors errors.tsv [--all]] [--pairs every-pair.tsv]
//! ```
//!
//! Also prints the figures on two fixed parts of the file: `check` (about 20% of the stories:
//! rows joined through shared headlines, see [`check_parts`]) and `tune` (the rest), so rules
//! tuned on train can be checked on stories they were not read from. The part is a column of
//! the errors file.

use copydesk::corpus::Article;
use copydesk::report::model::Severity;
use copydesk::Config;
use std::io::Write;

/// Parse RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn article(id: &str, text: &str) -> Article {
    Article {
        id: id.to_string(),
        outlet: None,
        date: None,
        url: None,
        title: None,
        lang: Some("ar".to_string()),
        source: id.to_string(),
        text: text.to_string(),
    }
}

/// Names of the two parts of the file, indexed by [`check_parts`].
const PART_NAMES: [&str; 2] = ["tune", "check"];

/// Which rows are in the held-out `check` part. ANS writes several pairs from one source
/// headline, so a split by pair would put pairs of one story on both sides: rows are joined into
/// components through the headlines they share (either column), and a component is in `check`
/// when a stable hash (xxh3, fixed seed) of its smallest headline is 0 mod 5. The split is the
/// same on every run and machine and does not depend on row order.
fn check_parts(rows: &[&Vec<String>]) -> Vec<bool> {
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut index: std::collections::HashMap<&str, usize> = Default::default();
    let mut names: Vec<&str> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut firsts = Vec::with_capacity(rows.len());
    for r in rows {
        let [a, b] = [&r[0], &r[1]].map(|s| {
            *index.entry(s.as_str()).or_insert_with(|| {
                names.push(s);
                parent.push(parent.len());
                parent.len() - 1
            })
        });
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        // the smaller headline becomes the root, so a root is its component's smallest
        if names[ra] <= names[rb] {
            parent[rb] = ra;
        } else {
            parent[ra] = rb;
        }
        firsts.push(a);
    }
    firsts
        .into_iter()
        .map(|a| {
            let r = root(&mut parent, a);
            xxhash_rust::xxh3::xxh3_64(names[r].as_bytes()).is_multiple_of(5)
        })
        .collect()
}

/// Precision, recall and F1 of the `disagree` class.
fn scores(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let rc = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + rc > 0.0 {
        2.0 * p * rc / (p + rc)
    } else {
        0.0
    };
    (p, rc, f1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: ans_eval FILE.csv [--errors OUT.tsv]");
    let errors = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1));
    // write every pair to the errors file (TP/TN too), for reading what each detector catches
    let all = args.iter().any(|a| a == "--all");
    let pairs_out = args
        .iter()
        .position(|a| a == "--pairs")
        .and_then(|i| args.get(i + 1));
    let mut pairs_file = pairs_out.map(|p| std::fs::File::create(p).expect("writable pairs file"));
    let text = std::fs::read_to_string(path).expect("readable CSV");
    let rows = parse_csv(&text);
    let cfg = Config::default();
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut out = errors.map(|p| std::fs::File::create(p).expect("writable error file"));
    // [tune, check] counts: tp, fp, fn, tn.
    let mut parts = [[0usize; 4]; 2];
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let rows: Vec<&Vec<String>> = rows.iter().skip(1).filter(|r| r.len() >= 3).collect();
    let check = check_parts(&rows);
    for (r, &in_check) in rows.iter().zip(&check) {
        let report = copydesk::diff(article("s1", &r[0]), article("s2", &r[1]), &cfg);
        let flags: Vec<_> = report
            .divergences
            .iter()
            .filter(|d| d.severity >= Severity::Medium)
            .collect();
        let flagged = !flags.is_empty();
        let gold = r[2].trim() == "disagree";
        for d in &flags {
            let e = by_kind.entry(d.kind.as_str().to_string()).or_default();
            if gold {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        if let Some(f) = pairs_file.as_mut() {
            writeln!(
                f,
                "{}\t{}\t{}\t{}",
                u8::from(flagged),
                r[2].trim(),
                r[0],
                r[1]
            )
            .expect("write pairs file");
        }
        let part = usize::from(in_check);
        let cell = match (flagged, gold) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        };
        parts[part][cell] += 1;
        match cell {
            0 => tp += 1,
            1 => fp += 1,
            2 => fn_ += 1,
            _ => tn += 1,
        }
        if let Some(f) = out.as_mut() {
            if all || flagged != gold {
                let why: Vec<String> = report
                    .divergences
                    .iter()
                    .map(|d| {
                        format!(
                            "{}/{}: {}",
                            d.kind.as_str(),
                            d.severity.as_str(),
                            d.explanation
                        )
                    })
                    .collect();
                writeln!(
                    f,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    match (flagged, gold) {
                        (true, true) => "TP",
                        (true, false) => "FP",
                        (false, true) => "FN",
                        (false, false) => "TN",
                    },
                    PART_NAMES[part],
                    r[2].trim(),
                    r[0],
                    r[1],
                    why.join(" | ")
                )
                .expect("write error file");
            }
        }
    }
    let (p, rc, f1) = scores(tp, fp, fn_);
    println!("pairs: {}", tp + fp + fn_ + tn);
    println!("disagree: tp {tp} fp {fp} fn {fn_} tn {tn}");
    println!("precision {p:.3} recall {rc:.3} f1 {f1:.4}");
    for (name, [tp, fp, fn_, tn]) in PART_NAMES.iter().zip(parts) {
        let (p, rc, f1) = scores(tp, fp, fn_);
        println!(
            "  part {name}: pairs {} tp {tp} fp {fp} fn {fn_} tn {tn} precision {p:.3} recall {rc:.3} f1 {f1:.4}",
            tp + fp + fn_ + tn
        );
    }
    for (k, (t, f)) in by_kind {
        println!("  {k}: flags on disagree {t}, on agree/other {f}");
    }
}
