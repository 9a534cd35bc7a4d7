//! The archive's schema and its forward migrations.
//!
//! `PRAGMA user_version` holds the schema version. [`MIGRATIONS`] lists the steps from an empty
//! file (version 0) to [`SCHEMA_VERSION`]; opening an archive runs every step it has not seen yet,
//! all in one transaction, so an archive is always at exactly one version. Migrations are only
//! ever appended: a released step is never edited. `docs/archive.md` documents every table.

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 2;

/// One forward step: `sql` turns an archive at version `to - 1` into one at version `to`.
pub struct Migration {
    pub to: u32,
    pub summary: &'static str,
    pub sql: &'static str,
}

/// Version 1: articles with versions, sentences, LSH band keys, story keys, reprints,
/// divergences, batches and the sketch settings the stored signatures were made with.
pub const V1_SQL: &str = r#"
CREATE TABLE archive_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE batches (
    batch_id           INTEGER PRIMARY KEY,
    added_at           TEXT NOT NULL,
    tool_version       TEXT NOT NULL,
    inputs             TEXT NOT NULL,
    articles_added     INTEGER NOT NULL,
    versions_added     INTEGER NOT NULL,
    articles_unchanged INTEGER NOT NULL
);
CREATE TABLE articles (
    article_rowid   INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL UNIQUE,
    current_version INTEGER NOT NULL,
    content_hash    TEXT NOT NULL,
    outlet          TEXT,
    date            TEXT,
    title           TEXT,
    url             TEXT,
    lang            TEXT NOT NULL,
    source          TEXT NOT NULL,
    first_batch     INTEGER NOT NULL REFERENCES batches(batch_id),
    last_batch      INTEGER NOT NULL REFERENCES batches(batch_id)
);
CREATE TABLE article_versions (
    article_rowid INTEGER NOT NULL REFERENCES articles(article_rowid),
    version       INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    bytes         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    shingle_count INTEGER NOT NULL,
    minhash       BLOB NOT NULL,
    batch_id      INTEGER NOT NULL REFERENCES batches(batch_id),
    PRIMARY KEY (article_rowid, version)
);
CREATE TABLE sentences (
    article_rowid  INTEGER NOT NULL REFERENCES articles(article_rowid),
    version        INTEGER NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_byte     INTEGER NOT NULL,
    end_byte       INTEGER NOT NULL,
    minhash        BLOB NOT NULL,
    PRIMARY KEY (article_rowid, version, sentence_index)
);
CREATE TABLE article_bands (
    band          INTEGER NOT NULL,
    key           INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL REFERENCES articles(article_rowid)
);
CREATE INDEX article_bands_by_band_key ON article_bands(band, key);
CREATE INDEX article_bands_by_article ON article_bands(article_rowid);
CREATE TABLE story_keys (
    key           INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL REFERENCES articles(article_rowid),
    weight        REAL NOT NULL
);
CREATE INDEX story_keys_by_key ON story_keys(key);
CREATE INDEX story_keys_by_article ON story_keys(article_rowid);
CREATE TABLE reprints (
    article_rowid     INTEGER NOT NULL REFERENCES articles(article_rowid),
    reprint_of_rowid  INTEGER NOT NULL REFERENCES articles(article_rowid),
    jaccard           REAL NOT NULL,
    containment       REAL NOT NULL,
    batch_id          INTEGER NOT NULL REFERENCES batches(batch_id),
    PRIMARY KEY (article_rowid, reprint_of_rowid)
);
CREATE TABLE divergences (
    divergence_id TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    story_group   TEXT NOT NULL,
    articles      TEXT NOT NULL,
    explanation   TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    batch_id      INTEGER NOT NULL REFERENCES batches(batch_id)
);
"#;

/// Version 2: story keys carry the article's day (Julian day number of its date) and are
/// indexed by (key, day), so a story lookup reads only the days around the new article's date.
pub const V2_SQL: &str = r#"
ALTER TABLE story_keys ADD COLUMN day INTEGER;
UPDATE story_keys SET day = (
    SELECT CAST(julianday(a.date) AS INTEGER) FROM articles a
    WHERE a.article_rowid = story_keys.article_rowid
);
DROP INDEX story_keys_by_key;
CREATE INDEX story_keys_by_key_day ON story_keys(key, day);
"#;

/// Every forward step, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        to: 1,
        summary: "initial schema",
        sql: V1_SQL,
    },
    Migration {
        to: 2,
        summary: "story keys indexed by (key, day)",
        sql: V2_SQL,
    },
];

/// Julian day number (as SQLite's `CAST(julianday(date) AS INTEGER)` computes it) of an ISO
/// date `YYYY-MM-DD`; `None` when the text is not such a date.
pub fn julian_day(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from 1970-01-01 (H. Hinnant's days_from_civil), then shift to the Julian day number
    // whose noon falls on that date minus one half, as SQLite truncates it.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days + 2_440_587)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_consecutive_and_end_at_the_current_version() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.to as usize, i + 1);
        }
        assert_eq!(MIGRATIONS.last().unwrap().to, SCHEMA_VERSION);
    }

    #[test]
    fn julian_day_matches_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for date in [
            "1970-01-01",
            "2017-10-15",
            "2017-10-18",
            "2000-02-29",
            "1999-12-31",
        ] {
            let sql: i64 = conn
                .query_row("SELECT CAST(julianday(?1) AS INTEGER)", [date], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(julian_day(date), Some(sql), "{date}");
        }
        assert_eq!(julian_day("yesterday"), None);
        assert_eq!(julian_day("2017-13-01"), None);
    }
}
