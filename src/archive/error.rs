//! Errors of the archive stage: each names the file and says what to do.

use std::path::PathBuf;

/// Everything that can go wrong opening, reading or writing an archive or a baseline.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(
        "archive {path} does not exist; create it with `copydesk archive add --db {path} PATH...`"
    )]
    NotFound { path: PathBuf },

    #[error("archive {path} is locked by another writer (waited {waited_secs}s); retry or raise --busy-timeout")]
    Locked { path: PathBuf, waited_secs: f64 },

    #[error(
        "{path} is not a copydesk archive ({detail}); point --db at an archive or a new file name"
    )]
    NotAnArchive { path: PathBuf, detail: String },

    #[error("archive {path} has schema version {found}, newer than this copydesk supports ({supported}); upgrade copydesk")]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error("archive {path}: migration to schema version {to} failed: {source}; the archive was left at version {from}")]
    Migration {
        path: PathBuf,
        from: u32,
        to: u32,
        source: rusqlite::Error,
    },

    #[error("archive {path} was built with {name} = {stored}, this run uses {wanted}; use the archive's settings or start a new archive")]
    SettingsMismatch {
        path: PathBuf,
        name: String,
        stored: String,
        wanted: String,
    },

    #[error("archive {path} holds sketches (MinHash signatures, LSH band keys) of sketch version {stored}, this copydesk makes version {current}, and the two never match; an older archive is re-sketched from its stored text when opened for writing (`copydesk archive add --db {path}`), a newer one needs a newer copydesk (or re-ingest its articles into a new archive with `copydesk archive add --db NEW.db PATH...`)")]
    SketchVersionMismatch {
        path: PathBuf,
        stored: u32,
        current: u32,
    },

    #[error("archive {path} was written by an older copydesk and is upgraded (schema migration or re-sketching) on its first open with write access, which this run does not have ({source}); run `copydesk archive add --db {path}` once where the file and its folder are writable, then run this again")]
    UpgradeNeedsWrite {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("archive {path}: stored data for article {article} is damaged ({detail}); run `sqlite3 {path} 'PRAGMA integrity_check'`")]
    Damaged {
        path: PathBuf,
        article: String,
        detail: String,
    },

    #[error("archive {path}: {action} failed: {source}")]
    Sql {
        path: PathBuf,
        action: &'static str,
        source: rusqlite::Error,
    },

    #[error("cannot read baseline {path}: {source}; write one with `copydesk baseline --from REPORT.json --out {path}`")]
    BaselineRead {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("baseline {path} is not a copydesk baseline: {detail}")]
    BaselineParse { path: PathBuf, detail: String },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Result alias of the archive stage.
pub type Result<T, E = ArchiveError> = std::result::Result<T, E>;

/// True when SQLite gave up waiting for a lock.
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// True when SQLite could not write the file (opened read-only, or no permission).
pub(crate) fn is_read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::PermissionDenied
            )
    )
}

impl ArchiveError {
    /// This error, or [`ArchiveError::UpgradeNeedsWrite`] when it is SQLite failing to write
    /// during the upgrade a read-only open asked for.
    pub(crate) fn in_upgrade(self) -> ArchiveError {
        match self {
            ArchiveError::Sql { path, source, .. }
            | ArchiveError::Migration { path, source, .. }
                if is_read_only(&source) =>
            {
                ArchiveError::UpgradeNeedsWrite { path, source }
            }
            other => other,
        }
    }
}

/// True when the file is not an SQLite database at all.
pub(crate) fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase
    )
}
