//! `copydesk archive add`, `check` and `baseline` end to end: idempotence, versions, crash
//! safety, concurrency, old schemas, baselines, exit codes, and the raqqa acceptance flow.

use crate::support::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SLOW: &str = "COPYDESK_TEST_SLOW_INGEST_MS";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Copy the named raqqa articles (by number prefix) into a new folder.
fn raqqa_subset(dir: &Path, name: &str, prefixes: &[&str]) -> PathBuf {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(raqqa()).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        if prefixes.iter().any(|x| file.starts_with(x)) && file.ends_with(".txt") {
            std::fs::copy(&p, out.join(&file)).unwrap();
        }
    }
    // Keep the manifest lines of the copied files so metadata readers see outlet/date/lang.
    if let Ok(m) = std::fs::read_to_string(raqqa().join("manifest.jsonl")) {
        let lines: Vec<&str> = m
            .lines()
            .filter(|l| prefixes.iter().any(|x| l.contains(&format!("\"{x}_"))))
            .collect();
        std::fs::write(out.join("manifest.jsonl"), lines.join("\n") + "\n").unwrap();
    }
    out
}

/// `n` synthetic English articles with distinct vocabularies (no two are reprints or stories).
fn synthetic_batch(dir: &Path, name: &str, n: usize, seed: u64) -> PathBuf {
    let out = dir.join(name);
    std::fs::create_dir_all(&out).unwrap();
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut word = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut w = String::new();
        let mut v = x;
        for _ in 0..6 {
            w.push((b'a' + (v % 26) as u8) as char);
            v /= 26;
        }
        w
    };
    for i in 0..n {
        let mut text = String::new();
        for s in 0..4 {
            let words: Vec<String> = (0..12).map(|_| word()).collect();
            text.push_str(&format!("Item {i} part {s}: {}. ", words.join(" ")));
        }
        std::fs::write(out.join(format!("{name}-{i:05}.txt")), text).unwrap();
    }
    out
}

fn conn(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).unwrap();
    c.busy_timeout(Duration::from_secs(30)).unwrap();
    c
}

fn count(db: &Path, table: &str) -> i64 {
    conn(db)
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn integrity(db: &Path) -> String {
    conn(db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Every row of every table, in a stable order: the archive's logical contents.
fn dump(db: &Path) -> String {
    let c = conn(db);
    let mut tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.sort();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("== {t}\n"));
        let mut st = c.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.push_str(&rows.join("\n"));
        out.push('\n');
    }
    out
}

fn add(db: &Path, paths: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["archive", "add", "--db", s(db)];
    args.extend_from_slice(extra);
    args.extend(paths.iter().map(|p| s(p)));
    run(&args)
}

/// Spawn `copydesk archive add` slowed down inside its transaction; returns once it has written
/// `after` articles (so the transaction is open), with the rest of stderr drained in a thread.
fn spawn_slow_add(db: &Path, batch: &Path, ms: u64, after: usize, extra: &[&str]) -> Child {
    let mut cmd = Command::new(bin());
    cmd.args(["archive", "add", "--no-analysis", "--db", s(db)])
        .args(extra)
        .arg(batch)
        .env(SLOW, ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let marker = format!("wrote {after}/");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = lines
            .next()
            .expect("the writer reports progress")
            .expect("stderr is text");
        if line.contains(&marker) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the writer never reached {after} articles"
        );
    }
    std::thread::spawn(move || for _ in lines {});
    child
}

fn check_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn adding_the_same_batch_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let batch = raqqa_subset(dir.path(), "old", &["003", "004"]);
    let o = add(&db, &[&batch], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "articles"), 2);
    let before = dump(&db);
    let o = add(&db, &[&batch], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("2 unchanged"),
        "{}",
        text(&o)
    );
    assert_eq!(
        dump(&db),
        before,
        "a second add of the same batch must not change any row"
    );
    assert_eq!(count(&db, "batches"), 1);
}

#[test]
fn a_changed_text_under_the_same_id_becomes_a_new_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let batch = dir.path().join("b");
    std::fs::create_dir_all(&batch).unwrap();
    let file = batch.join("story.txt");
    std::fs::write(
        &file,
        "Officials said 120 people were killed in the flood on Monday.",
    )
    .unwrap();
    assert!(add(&db, &[&batch], &[]).status.success());
    std::fs::write(
        &file,
        "Officials said 150 people were killed in the flood on Monday, up from 120.",
    )
    .unwrap();
    let o = add(&db, &[&batch], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("1 new versions"),
        "{}",
        text(&o)
    );
    let c = conn(&db);
    let (current, hash): (i64, String) = c
        .query_row(
            "SELECT current_version, content_hash FROM articles WHERE article_id = 'story'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(current, 2);
    let versions: Vec<(i64, String)> = c
        .prepare("SELECT version, text FROM article_versions ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(versions.len(), 2);
    assert!(versions[0].1.contains("120 people"));
    assert!(versions[1].1.contains("150 people"));
    let v2_hash: String = c
        .query_row(
            "SELECT content_hash FROM article_versions WHERE version = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        hash, v2_hash,
        "the article row points at the newest version"
    );
    // Only the current version is indexed for lookups.
    let bands: i64 = c
        .query_row("SELECT COUNT(DISTINCT band) FROM article_bands", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(count(&db, "article_bands"), bands);
    // Re-adding the new text changes nothing; re-adding the old one makes version 3.
    let before = dump(&db);
    assert!(add(&db, &[&batch], &[]).status.success());
    assert_eq!(dump(&db), before);
}

#[test]
fn killing_archive_add_mid_batch_leaves_the_archive_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let first = synthetic_batch(dir.path(), "first", 5, 1);
    assert!(add(&db, &[&first], &["--no-analysis"]).status.success());
    let before = dump(&db);
    let big = synthetic_batch(dir.path(), "big", 2000, 2);
    let mut child = spawn_slow_add(&db, &big, 2, 300, &[]);
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the writer was killed, not finished");
    assert_eq!(
        count(&db, "articles"),
        5,
        "no article of the killed batch is visible"
    );
    assert_eq!(integrity(&db), "ok");
    assert_eq!(
        dump(&db),
        before,
        "the archive is exactly as before the batch"
    );
    // The archive is still usable: the same batch can be added afterwards.
    let o = add(&db, &[&big], &["--no-analysis"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(count(&db, "articles"), 2005);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn two_writers_are_serialised_and_both_batches_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let seed = synthetic_batch(dir.path(), "seed", 3, 3);
    assert!(add(&db, &[&seed], &["--no-analysis"]).status.success());
    let a = synthetic_batch(dir.path(), "a", 150, 4);
    let b = synthetic_batch(dir.path(), "b", 150, 5);
    let first = spawn_slow_add(&db, &a, 5, 1, &[]);
    // The second writer starts while the first holds the write lock, and must wait for it.
    let second = Command::new(bin())
        .args(["archive", "add", "--no-analysis", "--db", s(&db), s(&b)])
        .output()
        .unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "first writer failed");
    assert!(second.status.success(), "{}", text(&second));
    assert_eq!(count(&db, "articles"), 303);
    assert_eq!(count(&db, "batches"), 3);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_says_so_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let seed = synthetic_batch(dir.path(), "seed", 3, 6);
    assert!(add(&db, &[&seed], &["--no-analysis"]).status.success());
    let slow = synthetic_batch(dir.path(), "slow", 200, 7);
    let other = synthetic_batch(dir.path(), "other", 5, 8);
    let first = spawn_slow_add(&db, &slow, 10, 1, &[]);
    let o = add(&db, &[&other], &["--no-analysis", "--busy-timeout", "0.2"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is locked by another writer") && err.contains("--busy-timeout"),
        "{err}"
    );
    assert!(err.contains(s(&db)), "the message names the archive: {err}");
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success());
    assert_eq!(
        count(&db, "articles"),
        203,
        "the first batch landed, the refused one did not"
    );
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn checks_read_concurrently_and_are_not_blocked_by_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = raqqa_subset(dir.path(), "old", &["003", "004"]);
    let new = raqqa_subset(dir.path(), "new", &["000", "001", "002"]);
    assert!(add(&db, &[&old], &[]).status.success());
    let filler = synthetic_batch(dir.path(), "filler", 400, 9);
    // A writer holds the write lock for several seconds...
    let mut writer = spawn_slow_add(&db, &filler, 30, 1, &[]);
    // ...while two checks read the archive at the same time.
    let spawn_check = |out: &Path| {
        Command::new(bin())
            .args(["check", "--db", s(&db), s(&new), "--json", s(out), "-q"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (j1, j2) = (dir.path().join("c1.json"), dir.path().join("c2.json"));
    let c1 = spawn_check(&j1);
    let c2 = spawn_check(&j2);
    let o1 = c1.wait_with_output().unwrap();
    let o2 = c2.wait_with_output().unwrap();
    assert!(o1.status.code().is_some_and(|c| c <= 1), "{}", text(&o1));
    assert!(o2.status.code().is_some_and(|c| c <= 1), "{}", text(&o2));
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the checks finished while the writer still held its transaction"
    );
    let r1 = check_json(&j1);
    let r2 = check_json(&j2);
    assert_eq!(r1, r2, "concurrent readers see the same archive");
    assert_eq!(
        r1["check"]["archive_articles"], 2,
        "readers see the archive before the open batch"
    );
    assert!(writer.wait().unwrap().success());
    assert_eq!(count(&db, "articles"), 402);
}

#[test]
fn opens_an_archive_written_by_schema_version_1() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/archive");
    let db = dir.path().join("v1.db");
    std::fs::copy(fixtures.join("v1.db"), &db).unwrap();
    let version = |db: &Path| -> i64 {
        conn(db)
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&db), 1);
    let o = run(&["archive", "info", "--db", s(&db)]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("schema version   2"),
        "{}",
        text(&o)
    );
    assert_eq!(version(&db), 2);
    assert_eq!(integrity(&db), "ok");
    // The v2 migration backfilled the story keys' day from the article's date.
    let (days, expected): (i64, i64) = conn(&db)
        .query_row(
            "SELECT COUNT(DISTINCT day), MAX(day) FROM story_keys",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(days, 1);
    assert_eq!(
        expected,
        copydesk::archive::schema::julian_day("2017-10-17").unwrap()
    );
    // The stored band keys still find the archived wire story for a reprint of it.
    let out = dir.path().join("c.json");
    let o = run(&[
        "check",
        "--db",
        s(&db),
        s(&fixtures.join("articles/reprint-raqqa-en.txt")),
        "--json",
        s(&out),
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let r = check_json(&out);
    let archived = r["check"]["archived_articles"].as_array().unwrap();
    assert_eq!(archived.len(), 1, "{r:#}");
    assert_eq!(archived[0]["id"], "wire-raqqa-en");
    assert!(archived[0]["matched_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "reprint"));
    assert_eq!(
        r["check"]["new_reprints"][0]["reprint_of"][0],
        "wire-raqqa-en"
    );
    // Adding the archived article again changes nothing.
    let o = add(&db, &[&fixtures.join("articles/wire-raqqa-en.txt")], &[]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("1 unchanged"),
        "{}",
        text(&o)
    );
}

/// The sketch-dependent rows of an archive (signatures, shingle counts, sentence signatures,
/// band keys), by article id, and its recorded sketch version.
fn sketches(db: &Path) -> (Vec<String>, Option<String>) {
    let c = conn(db);
    let mut rows = Vec::new();
    for q in [
        "SELECT a.article_id || ' v' || v.version || ' ' || v.shingle_count || ' ' || hex(v.minhash)
         FROM article_versions v JOIN articles a USING (article_rowid)",
        "SELECT a.article_id || ' v' || s.version || ' s' || s.sentence_index || ' ' || s.start_byte
                || '-' || s.end_byte || ' ' || hex(s.minhash)
         FROM sentences s JOIN articles a USING (article_rowid)",
        "SELECT a.article_id || ' band ' || b.band || ' ' || b.key
         FROM article_bands b JOIN articles a USING (article_rowid)",
    ] {
        let mut st = c.prepare(q).unwrap();
        rows.extend(st.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
    }
    rows.sort();
    let version = c
        .query_row(
            "SELECT value FROM archive_settings WHERE name = 'sketch_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    (rows, version)
}

/// The schema-1 fixture was written by sketch version 1 (four mixes per shingle): opening it
/// for writing re-sketches it from the stored text, to exactly what a new archive of the same
/// article holds.
#[test]
fn an_archive_of_sketch_version_1_is_resketched_from_its_stored_text() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/archive");
    let db = dir.path().join("v1.db");
    std::fs::copy(fixtures.join("v1.db"), &db).unwrap();
    let (old, version) = sketches(&db);
    assert_eq!(version, None, "the fixture predates sketch versions");
    let o = run(&["archive", "info", "--db", s(&db)]);
    assert!(o.status.success(), "{}", text(&o));
    let (resketched, version) = sketches(&db);
    assert_eq!(version.as_deref(), Some("2"));
    assert_eq!(integrity(&db), "ok");

    let fresh = dir.path().join("fresh.db");
    let o = add(&fresh, &[&fixtures.join("articles/wire-raqqa-en.txt")], &[]);
    assert!(o.status.success(), "{}", text(&o));
    // The fixture's banding (51 bands of 2 rows) is not today's default: compare the signatures
    // and sentence signatures with the new archive's, and the band keys with those of the
    // signature under the fixture's banding.
    let (fresh_rows, _) = sketches(&fresh);
    let not_bands = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .filter(|r| !r.contains(" band "))
            .cloned()
            .collect()
    };
    assert_eq!(not_bands(&resketched), not_bands(&fresh_rows));
    let signature: Vec<u8> = conn(&db)
        .query_row("SELECT minhash FROM article_versions", [], |r| r.get(0))
        .unwrap();
    let signature = copydesk::archive::signature_from_blob(&signature).unwrap();
    let mut expected: Vec<String> = copydesk::sketch::band_keys(&signature, 51, 2)
        .unwrap()
        .iter()
        .enumerate()
        .map(|(b, &k)| format!("wire-raqqa-en band {b} {}", k as i64))
        .collect();
    expected.sort();
    let bands: Vec<String> = resketched
        .iter()
        .filter(|r| r.contains(" band "))
        .cloned()
        .collect();
    assert_eq!(bands, expected);
    assert_eq!(old.len(), resketched.len());
    assert_ne!(old, resketched, "version 1 sketches differ from version 2");
}

/// An archive without a `sketch_version` setting holds version-1 sketches: a read-only check
/// re-sketches it first (through a read-write open, as for an older schema), so its band keys
/// are comparable again; here the version-1 sketches are simulated by damaging the keys. One
/// article has two versions: both get their signatures again, only the current its band keys.
#[test]
fn an_archive_without_a_sketch_version_is_resketched_before_a_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = raqqa_subset(dir.path(), "old", &["000", "003"]);
    let new = raqqa_subset(dir.path(), "new", &["001"]);
    let story = dir.path().join("story");
    std::fs::create_dir_all(&story).unwrap();
    let file = story.join("story.txt");
    std::fs::write(
        &file,
        "Officials said 120 people were killed in the flood on Monday. Rescuers searched the river banks.",
    )
    .unwrap();
    assert!(add(&db, &[&old, &story], &[]).status.success());
    std::fs::write(
        &file,
        "Officials said 150 people were killed in the flood on Monday, up from 120. Rescuers searched the banks.",
    )
    .unwrap();
    assert!(add(&db, &[&story], &[]).status.success());
    assert_eq!(count(&db, "article_versions"), 4);
    let before = dump(&db);
    let (_, version) = sketches(&db);
    assert_eq!(version.as_deref(), Some("2"));
    conn(&db)
        .execute_batch(
            "DELETE FROM archive_settings WHERE name = 'sketch_version';
             UPDATE article_bands SET key = key + 1;
             UPDATE article_versions SET minhash = zeroblob(length(minhash));
             UPDATE sentences SET minhash = zeroblob(length(minhash));",
        )
        .unwrap();
    assert_ne!(dump(&db), before);
    let out = dir.path().join("c.json");
    let o = run(&["check", "--db", s(&db), s(&new), "--json", s(&out), "-q"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    assert_eq!(
        dump(&db),
        before,
        "re-sketched to what `archive add` stored"
    );
    let r = check_json(&out);
    assert!(
        r["check"]["archived_articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["matched_by"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "reprint")),
        "{r:#}"
    );
}

/// Sketches of a newer version than this build makes are never compared or overwritten: check
/// and add stop with an error naming the archive and what to do, and change nothing.
#[test]
fn an_archive_of_a_newer_sketch_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = raqqa_subset(dir.path(), "old", &["000"]);
    let new = raqqa_subset(dir.path(), "new", &["001"]);
    assert!(add(&db, &[&old], &[]).status.success());
    conn(&db)
        .execute(
            "UPDATE archive_settings SET value = '99' WHERE name = 'sketch_version'",
            [],
        )
        .unwrap();
    let before = dump(&db);
    for o in [
        run(&["check", "--db", s(&db), s(&new)]),
        run(&["check", "--db", s(&db), s(&new), "--add"]),
        add(&db, &[&new], &[]),
    ] {
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(s(&db)), "{}", text(&o));
        assert!(err.contains("sketch version 99"), "{}", text(&o));
        assert!(err.contains("newer copydesk"), "{}", text(&o));
    }
    assert_eq!(dump(&db), before);
    // It can still be inspected.
    let o = run(&["archive", "info", "--db", s(&db)]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn check_exit_codes_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    let new = raqqa_subset(dir.path(), "new", &["000"]);
    // No archive: exit 2, the message says how to create one.
    let o = run(&["check", "--db", s(&db), s(&new)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("archive add"),
        "{}",
        text(&o)
    );
    assert!(!db.exists(), "check never creates an archive");
    // Not an archive: exit 2.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    let o = run(&["check", "--db", s(&junk), s(&new)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not a copydesk archive"),
        "{}",
        text(&o)
    );
    // Nothing readable: exit 2.
    let good = dir.path().join("a.db");
    assert!(add(&good, &[&new], &[]).status.success());
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = run(&["check", "--db", s(&good), s(&empty)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // A bad baseline file: exit 2, named.
    let bad = dir.path().join("baseline.json");
    std::fs::write(&bad, "{\"ids\": []}").unwrap();
    let o = run(&["check", "--db", s(&good), s(&new), "--baseline", s(&bad)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(s(&bad)),
        "{}",
        text(&o)
    );
    // A batch with nothing to disagree about: exit 0 even at --fail-on low.
    let o = run(&["check", "--db", s(&good), s(&new), "--fail-on", "low"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn check_add_ingests_the_batch_after_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = raqqa_subset(dir.path(), "old", &["003", "004"]);
    let new = raqqa_subset(dir.path(), "new", &["000", "001", "002"]);
    assert!(add(&db, &[&old], &[]).status.success());
    let o = run(&["check", "--db", s(&db), s(&new), "--add", "-q"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    assert_eq!(count(&db, "articles"), 5);
    // The reprints among the new articles are recorded with the batch.
    assert!(count(&db, "reprints") >= 2, "{}", dump(&db));
    // A second check sees them as archived and unchanged.
    let out = dir.path().join("c.json");
    let o = run(&["check", "--db", s(&db), s(&new), "--json", s(&out), "-q"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let r = check_json(&out);
    for a in r["check"]["new_articles"].as_array().unwrap() {
        assert_eq!(a["status"], "unchanged", "{a}");
    }
}

/// Archive 003 and 004, check 000-002: the rewritten 003 (not a reprint, dated three days
/// earlier) is found through the story keys and grouped with the new articles; the new reprint
/// cluster is reported; JUnit has one test case for the story with the archived members marked.
#[test]
fn raqqa_check_finds_the_archived_same_story_article() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = raqqa_subset(dir.path(), "old", &["003", "004"]);
    let new = raqqa_subset(dir.path(), "new", &["000", "001", "002"]);
    assert!(add(&db, &[&old], &[]).status.success());
    let (out, junit) = (dir.path().join("c.json"), dir.path().join("j.xml"));
    let html = dir.path().join("c.html");
    let o = run(&[
        "check",
        "--db",
        s(&db),
        s(&new),
        "--json",
        s(&out),
        "--junit",
        s(&junit),
        "--html",
        s(&html),
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let r = check_json(&out);
    let a003 = r["check"]["archived_articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "003_a8d392ad4671d965")
        .cloned()
        .unwrap_or_else(|| panic!("003 not looked up: {:#}", r["check"]));
    assert!(a003["matched_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "story"));
    assert!(a003["found_for"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "000_14bf34cf97b35a52"));
    assert_eq!(a003["grouped"], true);
    let group = r["story_groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["articles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "000_14bf34cf97b35a52")
        })
        .expect("000 is in a story group");
    assert!(group["articles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "003_a8d392ad4671d965"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("003_a8d392ad4671d965 (archived)"), "{xml}");
    assert!(xml.starts_with("<?xml"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("003_a8d392ad4671d965"),
        "the HTML report shows the archived article"
    );
    // Same input, same archive: byte-identical report.
    let out2 = dir.path().join("c2.json");
    run(&["check", "--db", s(&db), s(&new), "--json", s(&out2), "-q"]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
}

/// The issue 5 acceptance flow: the foreign-fighters disagreement between the new 000 and the
/// archived 003 fails the check until a baseline acknowledges it.
#[test]
fn raqqa_foreign_fighters_divergence_fails_the_check_until_baselined() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let old = raqqa_subset(dir.path(), "old", &["003", "004"]);
    let new = raqqa_subset(dir.path(), "new", &["000", "001", "002"]);
    assert!(add(&db, &[&old], &[]).status.success());
    let out = dir.path().join("c.json");
    let o = run(&[
        "check",
        "--db",
        s(&db),
        s(&new),
        "--fail-on",
        "medium",
        "--json",
        s(&out),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let r = check_json(&out);
    let against_003 = r["divergences"].as_array().unwrap().iter().any(|d| {
        let arts: Vec<&str> = d["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["article"].as_str().unwrap())
            .collect();
        arts.contains(&"000_14bf34cf97b35a52")
            && arts.contains(&"003_a8d392ad4671d965")
            && d["severity"] != "low"
            && d["kind"] == "polarity"
    });
    assert!(
        against_003,
        "no medium/high divergence between 000 and archived 003: {r:#}"
    );
    let baseline = dir.path().join("baseline.json");
    let o = run(&["baseline", "--from", s(&out), "--out", s(&baseline)]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&[
        "check",
        "--db",
        s(&db),
        s(&new),
        "--fail-on",
        "medium",
        "--baseline",
        s(&baseline),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn baseline_from_a_report_lists_its_divergences_by_id() {
    let dir = tempfile::tempdir().unwrap();
    // A minimal report with two divergences, as `scan --json` or `check --json` writes it.
    let mut report: serde_json::Value = serde_json::json!({
        "schema_version": 1,
        "tool": {"name": "copydesk", "version": "0"},
        "config": null, "articles": [], "skipped": [], "reprint_clusters": [],
        "story_groups": [],
        "divergences": [
            {"id": "d-00000000000000b2", "kind": "polarity", "severity": "high", "group": "s-1",
             "explanation": "000 says none left; 003 says buses evacuated them", "evidence": [
                {"article": "003", "sentence": 4, "span": {"start": 0, "end": 5}, "text": "<x & y>"},
                {"article": "000", "sentence": 9, "span": {"start": 0, "end": 5}, "text": "z"}]},
            {"id": "d-00000000000000a1", "kind": "quantity", "severity": "low", "group": "s-1",
             "explanation": "about 100 vs 100", "evidence": []}
        ]
    });
    let path = dir.path().join("r.json");
    std::fs::write(&path, serde_json::to_string(&report).unwrap()).unwrap();
    let out = dir.path().join("b.json");
    let o = run(&["baseline", "--from", s(&path), "--out", s(&out)]);
    assert!(o.status.success(), "{}", text(&o));
    let b: serde_json::Value = check_json(&out);
    assert_eq!(b["schema_version"], 1);
    let ids: Vec<&str> = b["acknowledged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["d-00000000000000a1", "d-00000000000000b2"]);
    assert_eq!(
        b["acknowledged"][1]["articles"],
        serde_json::json!(["000", "003"])
    );
    assert_eq!(b["acknowledged"][1]["kind"], "polarity");
    // Not a report: exit 2 with the file named.
    report = serde_json::json!({"hello": 1});
    std::fs::write(&path, report.to_string()).unwrap();
    let o = run(&["baseline", "--from", s(&path), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(s(&path)),
        "{}",
        text(&o)
    );
}
