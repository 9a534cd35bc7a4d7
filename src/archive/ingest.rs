//! `archive add`: store a batch in one transaction.
//!
//! An article already archived with the same content hash is left alone; a changed text under
//! the same id becomes a new version (the newest is current, and only the current version's band
//! keys and story keys are indexed). When nothing at all changes, the transaction is rolled back,
//! so adding the same batch twice leaves the file's contents exactly as they were.

use super::fingerprint::{key_to_sql, signature_to_blob, Fingerprint, SketchSettings};
use super::{begin_write, classify, Archive, ArchiveError, Result};
use crate::report::model::Report;
use crate::Prepared;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

/// What `archive add` did with one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    /// Not in the archive before: stored as version 1.
    Added,
    /// Same id, different text: stored as a new current version.
    Updated,
    /// Same id and same content hash: nothing changed.
    Unchanged,
}

/// Outcome of adding one batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddSummary {
    /// The new `batches` row, `None` when nothing changed (and nothing was written).
    pub batch_id: Option<i64>,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub reprints_recorded: usize,
    pub divergences_recorded: usize,
    /// Per article id, what happened (sorted by id).
    pub articles: Vec<(String, ArticleStatus)>,
}

impl Archive {
    /// Add a prepared batch in one transaction. `fingerprints[i]` belongs to `prepared[i]` and
    /// must be made with [`Archive::effective_settings`]. `findings` (a scan or check report over
    /// these articles) supplies reprint pairs and divergences to record. `progress(i, n)` is
    /// called after each article is written, inside the transaction.
    ///
    /// Either the whole batch is stored or none of it: an error or a killed process leaves the
    /// archive as it was.
    pub fn add_batch(
        &mut self,
        prepared: &[Prepared],
        fingerprints: &[Fingerprint],
        settings: &SketchSettings,
        findings: Option<&Report>,
        inputs: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AddSummary> {
        assert_eq!(
            prepared.len(),
            fingerprints.len(),
            "one fingerprint per article"
        );
        if let Some(stored) = &self.settings {
            check_settings(self, stored, settings)?;
        }
        let path = self.path.clone();
        let timeout = self.busy_timeout;
        let tx = begin_write(
            &mut self.conn,
            &path,
            timeout,
            "start the batch transaction",
        )?;
        let err = |action: &'static str| {
            let path = path.clone();
            move |e: rusqlite::Error| classify(&path, timeout, e, action)
        };
        tx.execute(
            "INSERT INTO batches (added_at, tool_version, inputs, articles_added, versions_added, articles_unchanged)
             VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, 0, 0, 0)",
            params![env!("CARGO_PKG_VERSION"), inputs],
        )
        .map_err(err("record the batch"))?;
        let batch_id = tx.last_insert_rowid();
        if self.settings.is_none() {
            write_settings(&tx, settings).map_err(err("record sketch settings"))?;
        }
        let mut summary = AddSummary::default();
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        order.sort_by(|&a, &b| prepared[a].article.id.cmp(&prepared[b].article.id));
        let n = order.len();
        for (done, &i) in order.iter().enumerate() {
            let status = store_article(&tx, &prepared[i], &fingerprints[i], batch_id)
                .map_err(err("store an article"))?;
            match status {
                ArticleStatus::Added => summary.added += 1,
                ArticleStatus::Updated => summary.updated += 1,
                ArticleStatus::Unchanged => summary.unchanged += 1,
            }
            summary
                .articles
                .push((prepared[i].article.id.clone(), status));
            progress(done + 1, n);
        }
        if let Some(report) = findings {
            let (r, d) = record_findings(&tx, report, batch_id).map_err(err("record findings"))?;
            summary.reprints_recorded = r;
            summary.divergences_recorded = d;
        }
        if summary.added
            + summary.updated
            + summary.reprints_recorded
            + summary.divergences_recorded
            == 0
        {
            tx.rollback().map_err(err("roll back an empty batch"))?;
            return Ok(summary);
        }
        tx.execute(
            "UPDATE batches SET articles_added = ?1, versions_added = ?2, articles_unchanged = ?3
             WHERE batch_id = ?4",
            params![
                summary.added as i64,
                summary.updated as i64,
                summary.unchanged as i64,
                batch_id
            ],
        )
        .map_err(err("record the batch"))?;
        tx.commit().map_err(err("commit the batch"))?;
        summary.batch_id = Some(batch_id);
        if self.settings.is_none() {
            self.settings = Some(settings.clone());
        }
        Ok(summary)
    }
}

fn check_settings(a: &Archive, stored: &SketchSettings, wanted: &SketchSettings) -> Result<()> {
    if stored.sketch_version != wanted.sketch_version {
        return Err(ArchiveError::SketchVersionMismatch {
            path: a.path.clone(),
            stored: stored.sketch_version,
            current: wanted.sketch_version,
        });
    }
    for (name, s, w) in [
        ("sketch_k", stored.k, wanted.k),
        ("shingle_words", stored.shingle_words, wanted.shingle_words),
        ("lsh_bands", stored.bands, wanted.bands),
        ("lsh_rows", stored.rows, wanted.rows),
    ] {
        if s != w {
            return Err(ArchiveError::SettingsMismatch {
                path: a.path.clone(),
                name: name.into(),
                stored: s.to_string(),
                wanted: w.to_string(),
            });
        }
    }
    Ok(())
}

fn write_settings(tx: &Transaction<'_>, s: &SketchSettings) -> rusqlite::Result<()> {
    for (name, v) in [
        ("sketch_version", s.sketch_version as usize),
        ("sketch_k", s.k),
        ("shingle_words", s.shingle_words),
        ("lsh_bands", s.bands),
        ("lsh_rows", s.rows),
    ] {
        tx.execute(
            "INSERT OR REPLACE INTO archive_settings (name, value) VALUES (?1, ?2)",
            params![name, v.to_string()],
        )?;
    }
    Ok(())
}

fn store_article(
    tx: &Transaction<'_>,
    p: &Prepared,
    fp: &Fingerprint,
    batch_id: i64,
) -> rusqlite::Result<ArticleStatus> {
    let a = &p.article;
    let existing: Option<(i64, i64, String)> = tx
        .query_row(
            "SELECT article_rowid, current_version, content_hash FROM articles WHERE article_id = ?1",
            [&a.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let lang = p.doc.lang.as_str();
    let (rowid, version, status) = match existing {
        Some((_, _, hash)) if hash == fp.content_hash => return Ok(ArticleStatus::Unchanged),
        Some((rowid, version, _)) => {
            tx.execute(
                "UPDATE articles SET current_version = ?2, content_hash = ?3, outlet = ?4, date = ?5,
                 title = ?6, url = ?7, lang = ?8, source = ?9, last_batch = ?10
                 WHERE article_rowid = ?1",
                params![
                    rowid,
                    version + 1,
                    fp.content_hash,
                    a.outlet,
                    a.date,
                    a.title,
                    a.url,
                    lang,
                    a.source,
                    batch_id
                ],
            )?;
            tx.execute(
                "DELETE FROM article_bands WHERE article_rowid = ?1",
                [rowid],
            )?;
            tx.execute("DELETE FROM story_keys WHERE article_rowid = ?1", [rowid])?;
            (rowid, version + 1, ArticleStatus::Updated)
        }
        None => {
            tx.execute(
                "INSERT INTO articles (article_id, current_version, content_hash, outlet, date, title,
                 url, lang, source, first_batch, last_batch)
                 VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                params![
                    a.id,
                    fp.content_hash,
                    a.outlet,
                    a.date,
                    a.title,
                    a.url,
                    lang,
                    a.source,
                    batch_id
                ],
            )?;
            (tx.last_insert_rowid(), 1, ArticleStatus::Added)
        }
    };
    tx.execute(
        "INSERT INTO article_versions (article_rowid, version, content_hash, bytes, text,
         shingle_count, minhash, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            rowid,
            version,
            fp.content_hash,
            a.text.len() as i64,
            a.text,
            fp.shingle_count as i64,
            signature_to_blob(&fp.signature),
            batch_id
        ],
    )?;
    write_sentences(tx, rowid, version, fp)?;
    write_bands(tx, rowid, fp)?;
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO story_keys (key, day, article_rowid, weight) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for &(k, w) in &fp.story_keys {
            st.execute(params![key_to_sql(k), fp.day, rowid, w])?;
        }
    }
    Ok(status)
}

/// Insert the sentence rows of one article version.
pub(super) fn write_sentences(
    tx: &Transaction<'_>,
    rowid: i64,
    version: i64,
    fp: &Fingerprint,
) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO sentences (article_rowid, version, sentence_index, start_byte, end_byte, minhash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, s) in fp.sentences.iter().enumerate() {
        st.execute(params![
            rowid,
            version,
            i as i64,
            s.start as i64,
            s.end as i64,
            signature_to_blob(&s.minhash)
        ])?;
    }
    Ok(())
}

/// Insert the LSH band keys of an article's current version.
pub(super) fn write_bands(
    tx: &Transaction<'_>,
    rowid: i64,
    fp: &Fingerprint,
) -> rusqlite::Result<()> {
    if let Some(keys) = &fp.band_keys {
        let mut st = tx.prepare_cached(
            "INSERT INTO article_bands (band, key, article_rowid) VALUES (?1, ?2, ?3)",
        )?;
        for (band, &k) in keys.iter().enumerate() {
            st.execute(params![band as i64, key_to_sql(k), rowid])?;
        }
    }
    Ok(())
}

/// Record the reprint pairs and divergences of `report` whose articles are all archived now.
fn record_findings(
    tx: &Transaction<'_>,
    report: &Report,
    batch_id: i64,
) -> rusqlite::Result<(usize, usize)> {
    let rowid = |id: &str| -> rusqlite::Result<Option<(i64, Option<String>)>> {
        tx.query_row(
            "SELECT article_rowid, date FROM articles WHERE article_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
    };
    let mut reprints = 0;
    for c in &report.reprint_clusters {
        for p in &c.pairs {
            let (Some(a), Some(b)) = (rowid(&p.a)?, rowid(&p.b)?) else {
                continue;
            };
            // The later article (by date, then id) is recorded as the reprint of the earlier.
            let a_later = (a.1.as_deref(), p.a.as_str()) > (b.1.as_deref(), p.b.as_str());
            let (later, earlier) = if a_later { (a.0, b.0) } else { (b.0, a.0) };
            reprints += tx.execute(
                "INSERT OR IGNORE INTO reprints (article_rowid, reprint_of_rowid, jaccard, containment, batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![later, earlier, p.jaccard, p.containment, batch_id],
            )?;
        }
    }
    let mut divergences = 0;
    for d in &report.divergences {
        let mut arts: Vec<&str> = d.evidence.iter().map(|e| e.article.as_str()).collect();
        arts.sort_unstable();
        arts.dedup();
        let mut all_archived = true;
        for a in &arts {
            all_archived &= rowid(a)?.is_some();
        }
        if !all_archived {
            continue;
        }
        let evidence = serde_json::to_string(&d.evidence).unwrap_or_else(|_| "[]".into());
        divergences += tx.execute(
            "INSERT OR IGNORE INTO divergences (divergence_id, kind, severity, story_group, articles,
             explanation, evidence_json, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                d.id,
                d.kind.as_str(),
                d.severity.as_str(),
                d.group,
                arts.join(","),
                d.explanation,
                evidence,
                batch_id
            ],
        )?;
    }
    Ok((reprints, divergences))
}
