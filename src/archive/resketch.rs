//! Re-sketching an archive whose signatures and band keys were made by an older sketch version
//! (`crate::sketch::SKETCH_VERSION`): they never match new ones, so they are computed again
//! from the stored text, as a data migration of the read-write open.
//!
//! Every stored article version gets its signature, shingle count and sentence signatures
//! again; the current version gets its LSH band keys again. Story keys are token keys (the text
//! stage's, not the sketch stage's) and stay. One transaction: an error or a killed process
//! leaves the archive as it was, and the next open tries again.

use super::fingerprint::{fingerprint, signature_to_blob, SketchSettings};
use super::ingest::{write_bands, write_sentences};
use super::lookup::stored_article;
use super::{begin_write, classify, sql, Archive, Result};
use crate::corpus::Article;
use crate::sketch::{MinHasher, SKETCH_VERSION};
use rayon::prelude::*;
use rusqlite::{params, OptionalExtension};

/// Article versions prepared and sketched at a time (bounds the texts held in memory).
const CHUNK: usize = 1024;

/// One stored article version to re-sketch.
struct StoredVersion {
    rowid: i64,
    version: i64,
    current: bool,
    article: Article,
}

impl Archive {
    /// Re-sketch every stored article version with this build's sketch version and record it.
    /// Does nothing when the archive has no sketches or they are already of this version
    /// (another process may have re-sketched while this one waited for the lock).
    pub(super) fn resketch(&mut self) -> Result<()> {
        let path = self.path.clone();
        let timeout = self.busy_timeout;
        let tx = begin_write(&mut self.conn, &path, timeout, "start re-sketching")?;
        let err = |action: &'static str| {
            let path = path.clone();
            move |e: rusqlite::Error| sql(&path, action, e)
        };
        let stored: Option<String> = tx
            .query_row(
                "SELECT value FROM archive_settings WHERE name = 'sketch_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(err("read the sketch version"))?;
        let stored = stored.and_then(|v| v.parse::<u32>().ok()).unwrap_or(1);
        let Some(settings) = self.settings.clone() else {
            return Ok(());
        };
        if stored >= SKETCH_VERSION {
            return Ok(());
        }
        let settings = SketchSettings {
            sketch_version: SKETCH_VERSION,
            ..settings
        };
        let hasher = MinHasher::new(settings.k);
        let mut after = (0i64, 0i64);
        loop {
            let chunk: Vec<StoredVersion> = {
                let mut st = tx
                    .prepare_cached(
                        "SELECT v.article_rowid, v.version, a.current_version, a.article_id,
                                a.outlet, a.date, a.title, a.url, a.lang, v.text
                         FROM article_versions v JOIN articles a ON a.article_rowid = v.article_rowid
                         WHERE (v.article_rowid, v.version) > (?1, ?2)
                         ORDER BY v.article_rowid, v.version LIMIT ?3",
                    )
                    .map_err(err("read stored texts"))?;
                st.query_map(params![after.0, after.1, CHUNK as i64], |r| {
                    let version: i64 = r.get(1)?;
                    Ok(StoredVersion {
                        rowid: r.get(0)?,
                        version,
                        current: r.get::<_, i64>(2)? == version,
                        article: stored_article(r, version, 3, 9)?,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(err("read stored texts"))?
            };
            let Some(last) = chunk.last() else {
                break;
            };
            after = (last.rowid, last.version);
            let keys: Vec<(i64, i64, bool)> = chunk
                .iter()
                .map(|v| (v.rowid, v.version, v.current))
                .collect();
            let prepared = crate::prepare(chunk.into_iter().map(|v| v.article).collect());
            let fingerprints: Vec<_> = prepared
                .par_iter()
                .map(|p| fingerprint(p, &settings, &hasher))
                .collect();
            for ((rowid, version, current), fp) in keys.into_iter().zip(&fingerprints) {
                tx.execute(
                    "UPDATE article_versions SET minhash = ?3, shingle_count = ?4
                     WHERE article_rowid = ?1 AND version = ?2",
                    params![
                        rowid,
                        version,
                        signature_to_blob(&fp.signature),
                        fp.shingle_count as i64
                    ],
                )
                .map_err(err("store a new signature"))?;
                tx.execute(
                    "DELETE FROM sentences WHERE article_rowid = ?1 AND version = ?2",
                    params![rowid, version],
                )
                .map_err(err("store new sentence signatures"))?;
                write_sentences(&tx, rowid, version, fp)
                    .map_err(err("store new sentence signatures"))?;
                if current {
                    tx.execute(
                        "DELETE FROM article_bands WHERE article_rowid = ?1",
                        [rowid],
                    )
                    .map_err(err("store new band keys"))?;
                    write_bands(&tx, rowid, fp).map_err(err("store new band keys"))?;
                }
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO archive_settings (name, value) VALUES ('sketch_version', ?1)",
            [SKETCH_VERSION.to_string()],
        )
        .map_err(err("record the sketch version"))?;
        tx.commit()
            .map_err(|e| classify(&path, timeout, e, "commit re-sketching"))?;
        Ok(())
    }
}
