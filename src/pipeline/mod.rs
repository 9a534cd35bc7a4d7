//! The full scan, streaming: memory holds per-article metadata and compact sketches, not texts.
//!
//! - Pass 1 reads the batch a chunk at a time; each chunk is prepared (text stage), sketched
//!   (shingles, MinHash) and profiled (story features) in parallel. Memory keeps the metadata the
//!   report needs and the signature; the text, shingle set and story features go to a spill
//!   ([`spill`]) and are read back by locator.
//! - Clustering: LSH band by band over the signatures, signature prefilter, exact verification on
//!   shingle sets read back per pair; document frequencies from the same id-ordered sample as the
//!   in-memory path, profiles, story candidates and evidence; union-find into story groups.
//! - Pass 2, per story group in parallel: read the members' texts back, rebuild their documents,
//!   align, extract claims, find divergences, and drop the documents.
//!
//! Only story-group members carry their text and sentences into the report.

pub mod spill;

use crate::cluster::{self, reprints, stories, PendingGroup};
use crate::corpus::{Article, Skipped};
use crate::report::model::{self as m, Report};
use crate::sketch::{self, ArticleSketch, MinHasher};
use crate::text::{Document, Lang};
use crate::{diverge, report, Config, Progress};
use rayon::prelude::*;
use spill::{Locator, Record, Spill, SpillWriter};
use std::borrow::Cow;

/// Articles prepared and sketched per parallel step of pass 1.
const CHUNK: usize = 4096;

/// What the scan keeps in memory of one article for the whole batch.
struct Kept {
    id: String,
    outlet: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: String,
    /// The language tag the metadata gave (the text stage's hint).
    hint: Option<Lang>,
    /// The language the text stage settled on.
    lang: Lang,
    bytes: usize,
    content_hash: String,
    loc: Locator,
}

/// What pass 2 adds to a story-group member's report entry.
struct Member {
    index: usize,
    sentences: Vec<m::Span>,
    credits: Vec<String>,
    text: String,
}

/// Scan the articles `visit` hands over (in any order), spilling to `spill`.
pub(crate) fn scan(
    visit: impl FnOnce(&mut dyn FnMut(Result<Article, Skipped>)),
    spill: SpillWriter,
    cfg: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<Report> {
    // Pass 1: read, prepare, sketch, spill.
    progress(Progress::Stage {
        name: "reading",
        total: 0,
    });
    let hasher = MinHasher::new(cfg.sketch.k);
    let mut writer = spill;
    let mut kept: Vec<Kept> = Vec::new();
    let mut signatures: Vec<Box<[u32]>> = Vec::new();
    let mut skipped: Vec<m::SkippedInput> = Vec::new();
    let mut chunk: Vec<Article> = Vec::with_capacity(CHUNK);
    let mut failed: Option<std::io::Error> = None;
    let flush = |chunk: &mut Vec<Article>,
                 writer: &mut SpillWriter,
                 kept: &mut Vec<Kept>,
                 signatures: &mut Vec<Box<[u32]>>|
     -> std::io::Result<()> {
        let n = chunk.len() as u64;
        let done: Vec<(Kept, Box<[u32]>, Record)> = chunk
            .par_drain(..)
            .map(|a| sketch_one(a, &hasher, cfg))
            .collect();
        for (k, sig, record) in done {
            let loc = writer.push(record)?;
            kept.push(Kept { loc, ..k });
            signatures.push(sig);
        }
        progress(Progress::Advance(n));
        Ok(())
    };
    visit(&mut |item| match item {
        Ok(a) => {
            chunk.push(a);
            if chunk.len() == CHUNK {
                if failed.is_none() {
                    if let Err(e) = flush(&mut chunk, &mut writer, &mut kept, &mut signatures) {
                        failed = Some(e);
                    }
                }
                chunk.clear();
            }
        }
        Err(s) => skipped.push(m::SkippedInput {
            source: s.source,
            reason: s.reason,
        }),
    });
    if let Some(e) = failed {
        return Err(e);
    }
    flush(&mut chunk, &mut writer, &mut kept, &mut signatures)?;
    let spill = writer.finish()?;

    // Articles in id order from here on.
    let mut order: Vec<usize> = (0..kept.len()).collect();
    order.sort_by(|&a, &b| kept[a].id.cmp(&kept[b].id));
    let kept = permute(kept, &order);
    let signatures = permute(signatures, &order);
    let n = kept.len();
    let ids: Vec<&str> = kept.iter().map(|k| k.id.as_str()).collect();

    // Reprints.
    progress(Progress::Stage {
        name: "clustering",
        total: 0,
    });
    let (bands, rows) = (cfg.reprint.bands, cfg.reprint.rows);
    let candidates =
        sketch::candidate_pairs_banded(n, bands, |i, b| sketch::band_key(&signatures[i], b, rows));
    let limits_hit: Vec<m::LimitHit> = cluster::lsh_limit(&candidates).into_iter().collect();
    let shingles_of =
        |i: usize| -> Cow<'static, [u64]> { Cow::Owned(spill.shingles(&kept[i].loc)) };
    let pairs = reprints::verify_with(
        &candidates.pairs,
        &cfg.reprint,
        |i| (&signatures[i], kept[i].loc.shingle_count()),
        shingles_of,
    );
    drop(candidates);
    drop(signatures);
    let wire_share = reprints::wire_shares_with(n, &pairs, shingles_of);
    let reprint_clusters = cluster::reprint_clusters(&ids, &pairs);

    // Story links.
    let sample = stories::df_sample(n);
    let sampled: Vec<Vec<(u64, u32)>> = sample
        .par_iter()
        .map(|&i| spill.features(&kept[i].loc))
        .collect();
    let df = stories::DocFrequencies::new(sampled.iter().map(Vec::as_slice), sample.len() == n);
    drop(sampled);
    let profiles: Vec<Box<[(u64, f32)]>> = kept
        .par_iter()
        .map(|k| stories::profile_keys(&spill.features(&k.loc), &df).into_boxed_slice())
        .collect();
    drop(df);
    let days: Vec<Option<i64>> = kept
        .iter()
        .map(|k| k.date.as_deref().and_then(stories::days_from_iso))
        .collect();
    let story_links: Vec<stories::StoryEvidence> = stories::candidates_of(&profiles)
        .par_iter()
        .map(|&(a, b)| {
            let (sa, sb) = (
                spill.sentence_keys(&kept[a].loc),
                spill.sentence_keys(&kept[b].loc),
            );
            stories::evidence_of(
                (a, &profiles[a], &sa, days[a]),
                (b, &profiles[b], &sb, days[b]),
            )
        })
        .filter(|e| stories::is_same_story(&cfg.story, e))
        .collect();
    drop(profiles);
    let groups = cluster::pending_groups(n, &pairs, story_links);
    drop(pairs);

    // Pass 2: compare each story group's members.
    progress(Progress::Stage {
        name: "comparing stories",
        total: groups.len() as u64,
    });
    let compared: Vec<(m::StoryGroup, diverge::GroupAnalysis, Vec<Member>)> = groups
        .into_par_iter()
        .map(|g| {
            let out = compare_group(g, &kept, &ids, &spill);
            progress(Progress::Advance(1));
            out
        })
        .collect();
    progress(Progress::Done);

    let mut members: Vec<Option<Member>> = (0..n).map(|_| None).collect();
    let mut story_groups = Vec::with_capacity(compared.len());
    let mut analyses = Vec::with_capacity(compared.len());
    for (g, a, ms) in compared {
        story_groups.push(g);
        analyses.push(a);
        for mem in ms {
            let i = mem.index;
            members[i] = Some(mem);
        }
    }
    let articles = kept
        .into_iter()
        .zip(members)
        .zip(wire_share)
        .map(|((k, mem), share)| {
            let (sentences, credits, text) = match mem {
                Some(mem) => (mem.sentences, mem.credits, mem.text),
                None => Default::default(),
            };
            m::ArticleEntry {
                id: k.id,
                outlet: k.outlet,
                date: k.date,
                title: k.title,
                url: k.url,
                lang: k.lang.as_str().to_string(),
                source: k.source,
                bytes: k.bytes,
                content_hash: k.content_hash,
                sentences,
                wire_share: report::round4(share),
                credits,
                text,
            }
        })
        .collect();
    Ok(crate::assemble_report(
        articles,
        skipped,
        reprint_clusters,
        story_groups,
        analyses,
        limits_hit,
        cfg,
    ))
}

/// Pass 1 for one article: text stage, sketch, story features; the document is dropped.
fn sketch_one(a: Article, hasher: &MinHasher, cfg: &Config) -> (Kept, Box<[u32]>, Record) {
    let hint = a.lang.as_deref().map(Lang::from_tag);
    let doc = Document::new(&a.text, hint);
    let sketch = ArticleSketch::of(&doc, hasher, cfg.sketch.shingle_words);
    let features = stories::article_features(&doc);
    let record = Record::new(&a.text, &sketch.shingles, &features);
    let kept = Kept {
        content_hash: report::content_hash(&a.text),
        bytes: a.text.len(),
        id: a.id,
        outlet: a.outlet,
        date: a.date,
        title: a.title,
        url: a.url,
        source: a.source,
        hint,
        lang: doc.lang,
        loc: Locator::default(),
    };
    (kept, sketch.signature.into_boxed_slice(), record)
}

/// Pass 2 for one story group: rebuild its members' documents from the spill, label its story
/// links, align and compare.
fn compare_group(
    mut g: PendingGroup,
    kept: &[Kept],
    ids: &[&str],
    spill: &Spill,
) -> (m::StoryGroup, diverge::GroupAnalysis, Vec<Member>) {
    let texts: Vec<String> = g
        .members
        .iter()
        .map(|&i| spill.text(&kept[i].loc))
        .collect();
    let docs: Vec<Document> = g
        .members
        .iter()
        .zip(&texts)
        .map(|(&i, t)| Document::new(t, kept[i].hint))
        .collect();
    for e in &mut g.story {
        let at = g
            .members
            .binary_search(&e.a)
            .expect("a story link joins members of its group");
        e.shared_labels = stories::labels_of(&docs[at], &e.shared_keys)
            .into_iter()
            .map(|l| l.1)
            .collect();
        e.shared_labels.sort();
    }
    let (group, members) = g.finish(ids);
    let analysis = {
        let gm: Vec<diverge::GroupMember<'_>> = members
            .iter()
            .zip(&texts)
            .zip(&docs)
            .map(|((&i, t), d)| diverge::GroupMember {
                id: &kept[i].id,
                date: kept[i].date.as_deref(),
                original: t,
                doc: d,
            })
            .collect();
        diverge::analyze_group(&group.id, &gm)
    };
    let out = members
        .iter()
        .zip(texts)
        .zip(&docs)
        .map(|((&i, text), d)| Member {
            index: i,
            sentences: crate::sentence_spans(d),
            credits: crate::wire_credits(d, kept[i].date.as_deref()),
            text,
        })
        .collect();
    (group, analysis, out)
}

/// `items` reordered so that `out[j] = items[order[j]]`.
fn permute<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| slots[i].take().expect("order is a permutation"))
        .collect()
}
