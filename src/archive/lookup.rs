//! Finding the archived articles a new batch may reprint or retell, through the indexes only.
//!
//! Reprint candidates share an LSH band key (`article_bands`, index on `(band, key)`) and pass a
//! cheap check on the stored signature. Story candidates share several story keys
//! (`story_keys`, index on `(key, day)`) within the story date window. Both reads touch only
//! index entries of the new articles' keys, so the cost grows with the batch, not the archive.

use super::fingerprint::{key_to_sql, signature_from_blob, Fingerprint};
use super::{Archive, ArchiveError, Result};
use crate::corpus::Article;
use crate::report::model::LimitHit;
use crate::sketch::estimate_jaccard;
use rusqlite::{params, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Named bounds of the archive lookup (reported in `limits_hit` when reached).
#[derive(Debug, Clone)]
pub struct LookupLimits {
    /// Reprint candidates kept per new article (best estimated similarity first).
    pub max_reprint_candidates: usize,
    /// An LSH bucket holding more archived articles than this is boilerplate shared by
    /// everything (a stock phrase, a dateline) and is not read.
    pub max_band_postings: usize,
    /// Same-story candidates kept per new article (most shared story keys first).
    pub max_story_candidates: usize,
    /// A story key with more archived articles than this in the date window is too common to
    /// tell stories apart and is not used.
    pub max_key_postings: usize,
    /// Story keys a new and an archived article must share to be compared...
    pub min_shared_story_keys: usize,
    /// ...with at least this score, each shared key weighing `1 / (1 + ln n)` where `n` is the
    /// number of archived articles in the window that carry it (a key only they share weighs 1).
    pub min_story_score: f64,
    /// Days either side of a new article's date searched for the same story.
    pub story_days: i64,
}

impl LookupLimits {
    /// Defaults tied to the run configuration (the story window is the story stage's).
    pub fn from_config(cfg: &crate::Config) -> LookupLimits {
        LookupLimits {
            max_reprint_candidates: 16,
            max_band_postings: 1_000,
            max_story_candidates: 8,
            max_key_postings: 200,
            min_shared_story_keys: 3,
            min_story_score: 1.0,
            story_days: i64::from(cfg.story.max_days_apart),
        }
    }
}

/// A reprint candidate: estimated Jaccard and containment from the signatures.
#[derive(Debug, Clone, PartialEq)]
pub struct ReprintCandidate {
    pub rowid: i64,
    pub jaccard: f64,
    pub containment: f64,
}

/// A same-story candidate: how many story keys it shares with the new article.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryCandidate {
    pub rowid: i64,
    pub shared_keys: usize,
    pub score: f64,
}

/// Candidates for every new article (same order as the fingerprints).
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    pub reprints: Vec<Vec<ReprintCandidate>>,
    pub stories: Vec<Vec<StoryCandidate>>,
    pub limits_hit: Vec<LimitHit>,
    /// Index rows read (band and story postings): the measure of lookup work.
    pub index_rows_read: u64,
}

/// An archived article as loaded for comparison (its current version).
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub rowid: i64,
    pub version: i64,
    pub content_hash: String,
    pub article: Article,
}

impl Archive {
    /// Archived (rowid, current version, content hash) of each id, `None` when not archived.
    pub fn lookup_ids(&self, ids: &[&str]) -> Result<Vec<Option<(i64, i64, String)>>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT article_rowid, current_version, content_hash FROM articles WHERE article_id = ?1",
            )
            .map_err(|e| self.err("look up article ids", e))?;
        ids.iter()
            .map(|id| {
                st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
                    .map_err(|e| self.err("look up article ids", e))
            })
            .collect()
    }

    /// Find reprint and story candidates for new articles. Archived rows in `exclude` (the
    /// archived copies of the new articles themselves) are never candidates.
    pub fn find_candidates(
        &self,
        fps: &[Fingerprint],
        exclude: &BTreeSet<i64>,
        cfg: &crate::Config,
        limits: &LookupLimits,
    ) -> Result<Candidates> {
        self.require_current_sketch()?;
        let mut out = Candidates {
            reprints: vec![Vec::new(); fps.len()],
            stories: vec![Vec::new(); fps.len()],
            ..Default::default()
        };
        self.reprint_candidates(fps, exclude, cfg, limits, &mut out)?;
        self.story_candidates(fps, exclude, limits, &mut out)?;
        Ok(out)
    }

    fn reprint_candidates(
        &self,
        fps: &[Fingerprint],
        exclude: &BTreeSet<i64>,
        cfg: &crate::Config,
        limits: &LookupLimits,
        out: &mut Candidates,
    ) -> Result<()> {
        // Distinct (band, key) probes of the whole batch, each read once.
        let mut probes: BTreeMap<(usize, u64), Vec<usize>> = BTreeMap::new();
        for (i, fp) in fps.iter().enumerate() {
            if let Some(keys) = &fp.band_keys {
                for (b, &k) in keys.iter().enumerate() {
                    probes.entry((b, k)).or_default().push(i);
                }
            }
        }
        let mut hits: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); fps.len()];
        let mut crowded = 0usize;
        {
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT article_rowid FROM article_bands WHERE band = ?1 AND key = ?2 LIMIT ?3",
                )
                .map_err(|e| self.err("look up band keys", e))?;
            let cap = limits.max_band_postings as i64 + 1;
            for ((b, k), articles) in &probes {
                let rows: Vec<i64> = st
                    .query_map(params![*b as i64, key_to_sql(*k), cap], |r| r.get(0))
                    .and_then(|r| r.collect())
                    .map_err(|e| self.err("look up band keys", e))?;
                out.index_rows_read += rows.len() as u64;
                if rows.len() as i64 >= cap {
                    crowded += 1;
                    continue;
                }
                for &i in articles {
                    hits[i].extend(rows.iter().filter(|r| !exclude.contains(r)));
                }
            }
        }
        if crowded > 0 {
            out.limits_hit.push(LimitHit {
                limit: "archive.max_band_postings".into(),
                detail: format!(
                    "{crowded} LSH buckets held more than {} archived articles (shared boilerplate) and were not read",
                    limits.max_band_postings
                ),
            });
        }
        let all: BTreeSet<i64> = hits.iter().flatten().copied().collect();
        let stored = self.load_signatures(&all)?;
        let min_j = cfg.reprint.lsh_threshold / 2.0;
        let min_c = cfg.reprint.min_containment / 2.0;
        let mut capped = 0usize;
        for (i, fp) in fps.iter().enumerate() {
            let mut c: Vec<ReprintCandidate> = hits[i]
                .iter()
                .filter_map(|rowid| {
                    let (sig, count) = stored.get(rowid)?;
                    let j = estimate_jaccard(&fp.signature, sig);
                    let (a, b) = (fp.shingle_count as f64, *count as f64);
                    let inter = j * (a + b) / (1.0 + j);
                    let containment = if a.min(b) > 0.0 {
                        (inter / a.min(b)).min(1.0)
                    } else {
                        0.0
                    };
                    (j >= min_j || containment >= min_c).then_some(ReprintCandidate {
                        rowid: *rowid,
                        jaccard: j,
                        containment,
                    })
                })
                .collect();
            c.sort_by(|x, y| {
                y.containment
                    .total_cmp(&x.containment)
                    .then(y.jaccard.total_cmp(&x.jaccard))
                    .then(x.rowid.cmp(&y.rowid))
            });
            capped += usize::from(keep_best(&mut c, limits.max_reprint_candidates));
            out.reprints[i] = c;
        }
        if capped > 0 {
            out.limits_hit.push(LimitHit {
                limit: "archive.max_reprint_candidates".into(),
                detail: format!(
                    "{capped} new articles had more than {} archived reprint candidates; the most similar were compared",
                    limits.max_reprint_candidates
                ),
            });
        }
        Ok(())
    }

    fn load_signatures(&self, rowids: &BTreeSet<i64>) -> Result<HashMap<i64, (Vec<u32>, usize)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.article_id, v.minhash, v.shingle_count FROM articles a
                 JOIN article_versions v ON v.article_rowid = a.article_rowid AND v.version = a.current_version
                 WHERE a.article_rowid = ?1",
            )
            .map_err(|e| self.err("read signatures", e))?;
        let mut out = HashMap::with_capacity(rowids.len());
        for &rowid in rowids {
            let row: Option<(String, Vec<u8>, i64)> = st
                .query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .map_err(|e| self.err("read signatures", e))?;
            let Some((id, blob, count)) = row else {
                continue;
            };
            let sig = signature_from_blob(&blob).ok_or_else(|| ArchiveError::Damaged {
                path: self.path.clone(),
                article: id,
                detail: format!("minhash blob of {} bytes", blob.len()),
            })?;
            out.insert(rowid, (sig, count.max(0) as usize));
        }
        Ok(out)
    }

    fn story_candidates(
        &self,
        fps: &[Fingerprint],
        exclude: &BTreeSet<i64>,
        limits: &LookupLimits,
        out: &mut Candidates,
    ) -> Result<()> {
        // Distinct (key, day) probes: new articles of the same day share their reads, and each
        // read covers only that day's window (an undated article reads the key unbounded).
        let mut probes: BTreeSet<(u64, Option<i64>)> = BTreeSet::new();
        for fp in fps {
            for &k in &fp.query_keys {
                probes.insert((k, fp.day));
            }
        }
        let cap = limits.max_key_postings as i64 + 1;
        let mut postings: HashMap<(u64, Option<i64>), Vec<i64>> = HashMap::new();
        let mut too_common = 0usize;
        {
            let mut windowed = self
                .conn
                .prepare_cached(
                    "SELECT article_rowid FROM story_keys WHERE key = ?1 AND day BETWEEN ?2 AND ?3 LIMIT ?4",
                )
                .map_err(|e| self.err("look up story keys", e))?;
            let mut unbounded = self
                .conn
                .prepare_cached("SELECT article_rowid FROM story_keys WHERE key = ?1 LIMIT ?2")
                .map_err(|e| self.err("look up story keys", e))?;
            for &(k, day) in &probes {
                let rows: Vec<i64> = match day {
                    Some(d) => windowed
                        .query_map(
                            params![
                                key_to_sql(k),
                                d - limits.story_days,
                                d + limits.story_days,
                                cap
                            ],
                            |r| r.get(0),
                        )
                        .and_then(|r| r.collect()),
                    None => unbounded
                        .query_map(params![key_to_sql(k), cap], |r| r.get(0))
                        .and_then(|r| r.collect()),
                }
                .map_err(|e| self.err("look up story keys", e))?;
                out.index_rows_read += rows.len() as u64;
                if rows.len() as i64 >= cap {
                    too_common += 1;
                    continue;
                }
                postings.insert((k, day), rows);
            }
        }
        if too_common > 0 {
            out.limits_hit.push(LimitHit {
                limit: "archive.max_key_postings".into(),
                detail: format!(
                    "{too_common} story keys matched more than {} archived articles in their date window and were not used",
                    limits.max_key_postings
                ),
            });
        }
        let mut capped = 0usize;
        for (i, fp) in fps.iter().enumerate() {
            let mut tally: BTreeMap<i64, (usize, f64)> = BTreeMap::new();
            for &k in &fp.query_keys {
                let Some(rows) = postings.get(&(k, fp.day)) else {
                    continue;
                };
                let weight = 1.0 / (1.0 + (rows.len() as f64).ln());
                for rowid in rows {
                    if exclude.contains(rowid) {
                        continue;
                    }
                    let t = tally.entry(*rowid).or_insert((0, 0.0));
                    t.0 += 1;
                    t.1 += weight;
                }
            }
            let mut c: Vec<StoryCandidate> = tally
                .into_iter()
                .filter(|(_, (n, score))| {
                    *n >= limits.min_shared_story_keys && *score >= limits.min_story_score
                })
                .map(|(rowid, (shared_keys, score))| StoryCandidate {
                    rowid,
                    shared_keys,
                    score,
                })
                .collect();
            c.sort_by(|x, y| {
                y.score
                    .total_cmp(&x.score)
                    .then(y.shared_keys.cmp(&x.shared_keys))
                    .then(x.rowid.cmp(&y.rowid))
            });
            capped += usize::from(keep_best(&mut c, limits.max_story_candidates));
            out.stories[i] = c;
        }
        if capped > 0 {
            out.limits_hit.push(LimitHit {
                limit: "archive.max_story_candidates".into(),
                detail: format!(
                    "{capped} new articles had more than {} archived same-story candidates; those sharing the most story keys were compared",
                    limits.max_story_candidates
                ),
            });
        }
        Ok(())
    }

    /// Load the current version of archived articles (sorted by article id).
    pub fn load_articles(&self, rowids: &BTreeSet<i64>) -> Result<Vec<StoredArticle>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.article_id, a.outlet, a.date, a.title, a.url, a.lang, a.current_version,
                        v.content_hash, v.text
                 FROM articles a
                 JOIN article_versions v ON v.article_rowid = a.article_rowid AND v.version = a.current_version
                 WHERE a.article_rowid = ?1",
            )
            .map_err(|e| self.err("load archived articles", e))?;
        let mut out = Vec::with_capacity(rowids.len());
        for &rowid in rowids {
            let row = st
                .query_row([rowid], |r| {
                    let version: i64 = r.get(6)?;
                    Ok(StoredArticle {
                        rowid,
                        version,
                        content_hash: r.get(7)?,
                        article: stored_article(r, version, 0, 8)?,
                    })
                })
                .optional()
                .map_err(|e| self.err("load archived articles", e))?;
            out.extend(row);
        }
        out.sort_by(|a, b| a.article.id.cmp(&b.article.id));
        Ok(out)
    }
}

/// Keep the `max` best of ranked candidates; true when some were dropped (a limit was hit).
fn keep_best<T>(ranked: &mut Vec<T>, max: usize) -> bool {
    let over = ranked.len() > max;
    ranked.truncate(max);
    over
}

/// The article of a stored version from a row holding its id at column `id_at`, then outlet,
/// date, title, url and language, and its text at column `text_at`.
pub(super) fn stored_article(
    r: &rusqlite::Row,
    version: i64,
    id_at: usize,
    text_at: usize,
) -> rusqlite::Result<Article> {
    let id: String = r.get(id_at)?;
    Ok(Article {
        source: format!("archive:{id}@v{version}"),
        id,
        outlet: r.get(id_at + 1)?,
        date: r.get(id_at + 2)?,
        title: r.get(id_at + 3)?,
        url: r.get(id_at + 4)?,
        lang: r.get(id_at + 5)?,
        text: r.get(text_at)?,
    })
}
