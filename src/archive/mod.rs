//! Archive stage: the embedded SQLite archive of everything seen before, behind `check`.
//!
//! An archive is one SQLite file (WAL mode, schema version in `PRAGMA user_version`, forward
//! migrations in [`schema`]). `archive add` stores each article with its text, versions,
//! MinHash signature, LSH band keys, story keys and sentence signatures, one batch per
//! transaction. `check` finds the archived articles a new batch reprints or retells through the
//! indexed band keys and story keys (never by reading the whole archive), runs the normal
//! pipeline over the new articles plus those, and judges the divergences against a baseline.
//! `docs/archive.md` documents the tables.

mod baseline;
mod check;
mod error;
mod fingerprint;
mod ingest;
mod junit;
mod lookup;
mod resketch;
pub mod schema;

pub use baseline::{AcknowledgedDivergence, Baseline, BASELINE_SCHEMA_VERSION};
pub use check::{
    check, judge, ArchivedMatch, CheckOptions, CheckOutcome, CheckReport, CheckSection, NewArticle,
    NewReprint, CHECK_SCHEMA_VERSION,
};
pub use error::{ArchiveError, Result};
pub use fingerprint::{
    content_keys, fingerprint, signature_from_blob, signature_to_blob, Fingerprint,
    SentenceFingerprint, SketchSettings, MAX_QUERY_KEYS_PER_ARTICLE, SENTENCE_MINHASH_K,
    STORY_KEYS_PER_ARTICLE,
};
pub use ingest::{AddSummary, ArticleStatus};
pub use junit::write_junit;
pub use lookup::{Candidates, LookupLimits, StoredArticle};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to open an archive.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Create the file when it does not exist (`archive add`); `check` wants an existing one.
    pub create: bool,
    /// Open without write access (`check` without `--add`, `archive info`), so a check can run
    /// on a file the job may only read. An archive written by an older schema is still migrated
    /// first, through a short read-write open.
    pub read_only: bool,
    /// How long to wait for another writer before giving up with [`ArchiveError::Locked`].
    pub busy_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: false,
            read_only: false,
            busy_timeout: Duration::from_secs(30),
        }
    }
}

/// An open archive.
pub struct Archive {
    conn: Connection,
    path: PathBuf,
    busy_timeout: Duration,
    settings: Option<SketchSettings>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive").field("path", &self.path).finish()
    }
}

impl Archive {
    /// Open (or create) an archive, switch it to WAL mode and migrate it to the current schema.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Archive> {
        if (!opts.create || opts.read_only) && !path.exists() {
            return Err(ArchiveError::NotFound {
                path: path.to_path_buf(),
            });
        }
        if opts.read_only {
            let archive = Archive::connect(path, opts, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let found = archive.schema_version().map_err(|e| match e {
                ArchiveError::Sql { source, .. } => archive.classify(source, "read schema version"),
                other => other,
            })?;
            let archive = if found == schema::SCHEMA_VERSION {
                archive.with_settings()?
            } else {
                archive
            };
            let old_sketches = archive
                .settings
                .as_ref()
                .is_some_and(|s| s.sketch_version < crate::sketch::SKETCH_VERSION);
            if found != schema::SCHEMA_VERSION || old_sketches {
                // Too new, not an archive, or older (schema or sketches): the read-write open
                // reports, migrates or re-sketches it.
                drop(archive);
                let writable = OpenOptions {
                    read_only: false,
                    ..opts.clone()
                };
                drop(Archive::open(path, &writable).map_err(ArchiveError::in_upgrade)?);
                return Archive::open(path, opts);
            }
            return Ok(archive);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let mut archive = Archive::connect(path, opts, flags)?;
        archive.configure()?;
        archive.migrate()?;
        let mut archive = archive.with_settings()?;
        if archive
            .settings
            .as_ref()
            .is_some_and(|s| s.sketch_version < crate::sketch::SKETCH_VERSION)
        {
            archive.resketch()?;
            archive = archive.with_settings()?;
        }
        Ok(archive)
    }

    fn connect(path: &Path, opts: &OpenOptions, access: OpenFlags) -> Result<Archive> {
        let flags = access | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql(path, "open", e))?;
        conn.busy_timeout(opts.busy_timeout)
            .map_err(|e| sql(path, "set busy timeout", e))?;
        Ok(Archive {
            conn,
            path: path.to_path_buf(),
            busy_timeout: opts.busy_timeout,
            settings: None,
        })
    }

    fn with_settings(mut self) -> Result<Archive> {
        self.settings = self.load_settings()?;
        Ok(self)
    }

    /// The archive's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<u32> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err("read schema version", e))
    }

    /// The sketch settings the stored signatures were made with (`None` for an empty archive).
    pub fn settings(&self) -> Option<&SketchSettings> {
        self.settings.as_ref()
    }

    /// Number of archived articles (each counted once, whatever its number of versions).
    pub fn article_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
            .map_err(|e| self.err("count articles", e))
    }

    /// Result of `PRAGMA integrity_check` (`"ok"` for a sound file).
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err("check integrity", e))?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err("check integrity", e))?;
        Ok(rows.join("\n"))
    }

    /// The underlying connection, for tools that read the archive directly (benchmarks, tests).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn configure(&self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| self.classify(e, "switch to WAL mode"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(ArchiveError::NotAnArchive {
                path: self.path.clone(),
                detail: format!("cannot use WAL journal mode (got {mode})"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(|e| self.classify(e, "configure"))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.schema_version().map_err(|e| match e {
            ArchiveError::Sql { source, .. } => self.classify(source, "read schema version"),
            other => other,
        })?;
        if found > schema::SCHEMA_VERSION {
            return Err(ArchiveError::TooNew {
                path: self.path.clone(),
                found,
                supported: schema::SCHEMA_VERSION,
            });
        }
        if found == schema::SCHEMA_VERSION {
            return Ok(());
        }
        if found == 0 {
            let tables: i64 = self
                .conn
                .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|e| self.classify(e, "read schema"))?;
            if tables > 0 {
                return Err(ArchiveError::NotAnArchive {
                    path: self.path.clone(),
                    detail: "an SQLite database with other tables".into(),
                });
            }
        }
        let path = self.path.clone();
        let tx = begin_write(&mut self.conn, &path, self.busy_timeout, "migrate")?;
        // Another process may have migrated while we waited for the lock.
        let now: u32 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sql(&path, "read schema version", e))?;
        for m in schema::MIGRATIONS.iter().filter(|m| m.to > now) {
            tx.execute_batch(m.sql)
                .and_then(|_| tx.execute_batch(&format!("PRAGMA user_version = {}", m.to)))
                .map_err(|source| ArchiveError::Migration {
                    path: path.clone(),
                    from: found,
                    to: m.to,
                    source,
                })?;
        }
        tx.commit()
            .map_err(|e| classify(&path, self.busy_timeout, e, "migrate"))?;
        Ok(())
    }

    fn load_settings(&self) -> Result<Option<SketchSettings>> {
        let get = |name: &str| -> Result<Option<usize>> {
            let v: Option<String> = self
                .conn
                .query_row(
                    "SELECT value FROM archive_settings WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err("read settings", e))?;
            Ok(v.and_then(|v| v.parse().ok()))
        };
        match (
            get("sketch_k")?,
            get("shingle_words")?,
            get("lsh_bands")?,
            get("lsh_rows")?,
        ) {
            (Some(k), Some(shingle_words), Some(bands), Some(rows)) => Ok(Some(SketchSettings {
                // archives written before sketch versions were recorded hold version 1
                sketch_version: get("sketch_version")?.map_or(1, |v| v as u32),
                k,
                shingle_words,
                bands,
                rows,
            })),
            _ => Ok(None),
        }
    }

    /// An error unless the stored sketches (if any) were made by this build's sketch version,
    /// so that new signatures and band keys can be compared with them.
    pub fn require_current_sketch(&self) -> Result<()> {
        match &self.settings {
            Some(s) if s.sketch_version != crate::sketch::SKETCH_VERSION => {
                Err(ArchiveError::SketchVersionMismatch {
                    path: self.path.clone(),
                    stored: s.sketch_version,
                    current: crate::sketch::SKETCH_VERSION,
                })
            }
            _ => Ok(()),
        }
    }

    /// The settings to sketch with: the archive's own, or (for an empty archive) the run's.
    /// The sketch version is always this build's (the only one it can make); `add_batch` and
    /// `check` refuse an archive whose sketches are of another ([`Archive::require_current_sketch`]).
    pub fn effective_settings(&self, cfg: &crate::Config) -> SketchSettings {
        let mut s = self
            .settings
            .clone()
            .unwrap_or_else(|| SketchSettings::from_config(cfg));
        s.sketch_version = crate::sketch::SKETCH_VERSION;
        s
    }

    /// A copy of `cfg` whose sketch parameters are the archive's, so new signatures and band
    /// keys are comparable with the stored ones.
    pub fn config_for(&self, cfg: &crate::Config) -> crate::Config {
        let s = self.effective_settings(cfg);
        let mut c = cfg.clone();
        c.sketch.k = s.k;
        c.sketch.shingle_words = s.shingle_words;
        c.reprint.bands = s.bands;
        c.reprint.rows = s.rows;
        c
    }

    fn err(&self, action: &'static str, e: rusqlite::Error) -> ArchiveError {
        sql(&self.path, action, e)
    }

    fn classify(&self, e: rusqlite::Error, action: &'static str) -> ArchiveError {
        classify(&self.path, self.busy_timeout, e, action)
    }
}

/// Begin a write transaction that takes the write lock at once (waiting up to the busy timeout),
/// so a concurrent writer is reported as `Locked` before anything is written.
fn begin_write<'c>(
    conn: &'c mut Connection,
    path: &Path,
    timeout: Duration,
    action: &'static str,
) -> Result<rusqlite::Transaction<'c>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| classify(path, timeout, e, action))
}

fn sql(path: &Path, action: &'static str, source: rusqlite::Error) -> ArchiveError {
    ArchiveError::Sql {
        path: path.to_path_buf(),
        action,
        source,
    }
}

fn classify(
    path: &Path,
    timeout: Duration,
    e: rusqlite::Error,
    action: &'static str,
) -> ArchiveError {
    if error::is_busy(&e) {
        ArchiveError::Locked {
            path: path.to_path_buf(),
            waited_secs: timeout.as_secs_f64(),
        }
    } else if error::is_not_a_database(&e) {
        ArchiveError::NotAnArchive {
            path: path.to_path_buf(),
            detail: "not an SQLite database".into(),
        }
    } else {
        sql(path, action, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(create: bool, read_only: bool) -> OpenOptions {
        OpenOptions {
            create,
            read_only,
            ..Default::default()
        }
    }

    /// A new empty archive in `dir`, and a read-only open of it.
    fn read_only_archive(dir: &tempfile::TempDir) -> (PathBuf, Archive) {
        let path = dir.path().join("a.db");
        drop(Archive::open(&path, &opts(true, false)).unwrap());
        let ro = Archive::open(&path, &opts(false, true)).unwrap();
        (path, ro)
    }

    #[test]
    fn a_read_only_open_reads_but_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let (path, ro) = read_only_archive(&dir);
        assert_eq!(ro.schema_version().unwrap(), schema::SCHEMA_VERSION);
        assert_eq!(ro.article_count().unwrap(), 0);
        let write = ro.connection().execute("DELETE FROM articles", []);
        assert!(write.is_err(), "a read-only archive accepted a write");
        let rw = Archive::open(&path, &opts(false, false)).unwrap();
        assert!(rw.connection().execute("DELETE FROM articles", []).is_ok());
    }

    #[test]
    fn an_upgrade_that_cannot_write_says_how_to_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let (path, ro) = read_only_archive(&dir);
        // a write to a file SQLite may only read is an upgrade that needs write access; any
        // other failure keeps its own message
        for (statement, needs_write) in [
            ("DELETE FROM articles", true),
            ("SELECT * FROM nowhere", false),
        ] {
            let failure = ro.connection().execute(statement, []).unwrap_err();
            let e = sql(&path, "start re-sketching", failure).in_upgrade();
            let msg = e.to_string();
            assert_eq!(
                matches!(e, ArchiveError::UpgradeNeedsWrite { .. }),
                needs_write,
                "{msg}"
            );
            assert_eq!(
                msg.contains("copydesk archive add --db"),
                needs_write,
                "{msg}"
            );
            assert!(msg.contains(&path.display().to_string()), "{msg}");
        }
    }

    #[test]
    fn a_read_only_open_needs_an_existing_archive() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.db");
        let e = Archive::open(&missing, &opts(true, true)).unwrap_err();
        assert!(matches!(e, ArchiveError::NotFound { .. }), "{e}");
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let e = Archive::open(&other, &opts(false, true)).unwrap_err();
        assert!(matches!(e, ArchiveError::NotAnArchive { .. }), "{e}");
    }
}
