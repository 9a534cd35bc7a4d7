//! The full scan, streaming: memory holds per-article metadata and compact sketches, not texts.
//!
//! - Pass 1 reads the batch a chunk at a time; each chunk is prepared (text stage), sketched
//!   (shingles, MinHash) and profiled (story features) in parallel. Memory keeps the id, a few
//!   numbers and the signature; the text, shingle set, story features and metadata strings go to
//!   three spills ([`spill`]), each closed when the last stage that reads it is done, and are
//!   read back by locator.
//! - Clustering: LSH band by band over the signatures, signature prefilter, exact verification on
//!   shingle sets read back per pair; document frequencies from the same id-ordered sample as the
//!   in-memory path, profiles, story candidates and evidence; union-find into story groups.
//!   Story profiles are spilled too: memory holds their keys only while the candidate index is
//!   built; candidates are scored with profiles read back, and story links are kept without
//!   their shared keys (pass 2 recomputes them from the two profiles).
//! - Pass 2, a chunk of story groups at a time, each group in parallel: read the members' texts
//!   and metadata back, rebuild their documents, align, extract claims, find divergences, and
//!   drop the documents. Findings wait as compact sort keys ([`FindingKey`]) and locators.
//!
//! - Output: the report's parts are spilled as ready-made JSON and written out in report order
//!   ([`ScanOutput`]), read back a batch at a time in parallel; articles outside story groups get
//!   their text and sentences from the spill.

mod output;
pub mod spill;

pub use output::ScanOutput;

use crate::cluster::{self, reprints, stories, PendingGroup};
use crate::config::ReportOptions;
use crate::corpus::{Article, Skipped};
use crate::report::model as m;
use crate::sketch::{self, ArticleSketch, MinHasher};
use crate::text::{Document, Lang};
use crate::{diverge, report, Config, Progress};
use rayon::prelude::*;
use spill::{ArticleSpill, Blob, Locator, Meta, Record, RecordWriter, Records, Spill, SpillWriter};
use std::borrow::Cow;

/// Articles prepared and sketched per parallel step of pass 1.
const CHUNK: usize = 4096;

/// What the scan keeps in memory of one article for the whole batch: its id and numbers. The
/// other metadata strings ([`spill::Meta`]) wait in the spill with the text.
pub(crate) struct Kept {
    id: Box<str>,
    /// Days since the epoch of the article's date, when it has one (story linking).
    day: Option<i64>,
    /// The language tag the metadata gave (the text stage's hint).
    hint: Option<Lang>,
    /// The language the text stage settled on.
    lang: Lang,
    bytes: u32,
    /// xxh3 of the text (the report writes it as hex).
    content_hash: u64,
    loc: Locator,
}

impl Kept {
    /// The article's entry in the report, with its metadata read back from the spill.
    fn entry(
        &self,
        meta: Meta,
        sentences: Vec<m::Span>,
        wire_share: f64,
        credits: Vec<String>,
        text: String,
    ) -> m::ArticleEntry {
        m::ArticleEntry {
            id: self.id.to_string(),
            outlet: meta.outlet,
            date: meta.date,
            title: meta.title,
            url: meta.url,
            lang: self.lang.as_str().to_string(),
            source: meta.source,
            bytes: self.bytes as usize,
            content_hash: report::content_hash_hex(self.content_hash),
            sentences,
            wire_share: report::round4(wire_share),
            credits,
            text,
        }
    }
}

/// Scan the articles `visit` hands over (in any order), spilling to `spill`.
pub(crate) fn scan(
    visit: impl FnOnce(&mut dyn FnMut(Result<Article, Skipped>)),
    spill: SpillWriter,
    parts: SpillWriter,
    cfg: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<ScanOutput> {
    // Pass 1: read, prepare, sketch, spill.
    progress(Progress::Stage {
        name: "reading",
        total: 0,
    });
    let hasher = MinHasher::new(cfg.sketch.k);
    let options = cfg.report;
    let mut writer = RecordWriter::new(spill)?;
    let mut kept: Vec<Kept> = Vec::new();
    // Signatures in reading order, `k` values each, in one allocation (freed in one piece).
    let k = cfg.sketch.k;
    let mut signatures: Vec<u32> = Vec::new();
    let mut skipped: Vec<m::SkippedInput> = Vec::new();
    let mut chunk: Vec<Article> = Vec::with_capacity(CHUNK);
    let mut failed: Option<std::io::Error> = None;
    let flush = |chunk: &mut Vec<Article>,
                 writer: &mut RecordWriter,
                 kept: &mut Vec<Kept>,
                 signatures: &mut Vec<u32>|
     -> std::io::Result<()> {
        let n = chunk.len() as u64;
        let done: Vec<(Kept, Vec<u32>, Record)> = chunk
            .par_drain(..)
            .map(|a| sketch_one(a, &hasher, cfg))
            .collect();
        for (k, sig, record) in done {
            let loc = writer.push(record)?;
            kept.push(Kept { loc, ..k });
            assert_eq!(sig.len(), hasher.k(), "a signature has k values");
            signatures.extend_from_slice(&sig);
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
    let Records {
        sketch: sketch_spill,
        story: story_spill,
        article: spill,
    } = writer.finish()?;

    // Articles in id order from here on.
    let mut order: Vec<usize> = (0..kept.len()).collect();
    order.sort_by(|&a, &b| kept[a].id.cmp(&kept[b].id));
    let kept = permute(kept, &order);
    signatures.shrink_to_fit();
    let signature = |i: usize| &signatures[order[i] * k..][..k];
    let n = kept.len();
    let ids: Vec<&str> = kept.iter().map(|k| &*k.id).collect();

    // Reprints.
    progress(Progress::Stage {
        name: "clustering",
        total: 0,
    });
    let (bands, rows) = (cfg.reprint.bands, cfg.reprint.rows);
    let candidates =
        sketch::candidate_pairs_banded(n, bands, |i, b| sketch::band_key(signature(i), b, rows));
    let mut limits_hit: Vec<m::LimitHit> = cluster::lsh_limit(&candidates).into_iter().collect();
    limits_hit.extend(omissions(options));
    let shingles_of =
        |i: usize| -> Cow<'static, [u32]> { Cow::Owned(sketch_spill.shingles(&kept[i].loc)) };
    let pairs = reprints::verify_with(
        &candidates.pairs,
        &cfg.reprint,
        |i| (signature(i), kept[i].loc.shingle_count()),
        shingles_of,
        |i| Cow::Owned(sketch_spill.positions(&kept[i].loc)),
    );
    drop(candidates);
    drop(signatures);
    drop(order);
    let wire_share = reprints::wire_shares_with(n, &pairs, shingles_of);
    sketch_spill.check()?;
    // Shingle sets are done with: their spill's pages go back now, before the story stages.
    drop(sketch_spill);
    // The report's parts wait in a second spill, as ready-made JSON; the reprint clusters go
    // there at once.
    let mut parts = parts;
    let reprint_clusters: Vec<Blob> = cluster::reprint_clusters(&ids, &pairs)
        .iter()
        .map(|c| parts.push_bytes(&output::element_json(c, options.compact)))
        .collect::<std::io::Result<_>>()?;

    // Story links.
    let sample = stories::df_sample(n);
    let sampled: Vec<Vec<(u64, u32)>> = sample
        .par_iter()
        .map(|&i| story_spill.features(&kept[i].loc))
        .collect();
    let df = stories::DocFrequencies::new(sampled.iter().map(Vec::as_slice), sample.len() == n);
    drop(sampled);
    // Story profiles go to a spill of their own; memory holds only their keys, flat, until the
    // candidate index is built. Candidates are then scored with profiles read back (only the
    // links are kept), and pass 2 recomputes the keys a link's two articles share from them.
    let mut profiles_out = parts.sibling()?;
    let mut profile_at: Vec<Blob> = Vec::with_capacity(n);
    let mut keys: Vec<u64> = Vec::new();
    let mut keys_at: Vec<usize> = Vec::with_capacity(n + 1);
    keys_at.push(0);
    for chunk in kept.chunks(CHUNK) {
        let profiles: Vec<Vec<(u64, f32)>> = chunk
            .par_iter()
            .map(|k| stories::profile_keys(&story_spill.features(&k.loc), &df))
            .collect();
        for p in &profiles {
            profile_at.push(profiles_out.push_profile(p)?);
            keys.extend(p.iter().map(|k| k.0));
            keys_at.push(keys.len());
        }
    }
    drop(df);
    let profiles = profiles_out.finish()?;
    story_spill.check()?;
    keys.shrink_to_fit();
    let index = stories::CandidateIndex::new(n, |i| &keys[keys_at[i]..keys_at[i + 1]]);
    drop(keys);
    drop(keys_at);
    let days: Vec<Option<i64>> = kept.iter().map(|k| k.day).collect();
    let mut story_links: Vec<stories::StoryEvidence> = Vec::new();
    index.for_each_candidate(|pass| {
        story_links.par_extend(pass.par_iter().filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            if !stories::dates_allow(&cfg.story, days[a], days[b]) {
                return None;
            }
            let (sa, sb) = (
                story_spill.sentence_keys(&kept[a].loc),
                story_spill.sentence_keys(&kept[b].loc),
            );
            let (pa, pb) = (
                profiles.profile(profile_at[a]),
                profiles.profile(profile_at[b]),
            );
            let mut e = stories::evidence_of(
                (a, stories::Profile::new(&pa.0, &pa.1), &sa, days[a]),
                (b, stories::Profile::new(&pb.0, &pb.1), &sb, days[b]),
            );
            // Pass 2 recomputes the shared keys from the two profiles: links are many, and
            // their keys would be most of their memory.
            e.shared_keys = Vec::new();
            stories::is_same_story(&cfg.story, &e).then_some(e)
        }));
    });
    drop(index);
    profiles.check()?;
    story_spill.check()?;
    // Features and sentence keys are done with too: pass 2 reads texts, metadata and profiles.
    drop(story_spill);
    let groups = cluster::pending_groups(n, &pairs, story_links);
    drop(pairs);

    let parts = std::sync::Mutex::new(parts);
    let push = |bytes: &[u8]| -> std::io::Result<Blob> {
        parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_bytes(bytes)
    };

    // Pass 2: compare each story group's members.
    let context = GroupContext {
        kept: &kept,
        ids: &ids,
        spill: &spill,
        profiles: (&profiles, &profile_at),
        wire_share: &wire_share,
        options,
    };
    progress(Progress::Stage {
        name: "comparing stories",
        total: groups.len() as u64,
    });
    // A chunk of groups at a time, so only a chunk's parts lists wait to be collected.
    let mut members: Vec<Option<Blob>> = vec![None; n];
    let mut story_groups = Vec::with_capacity(groups.len());
    let mut alignments = Vec::new();
    let mut divergences: Vec<(DivergenceKey, Blob)> = Vec::new();
    let mut agreements: Vec<(AgreementKey, Blob)> = Vec::new();
    let mut groups = groups.into_iter();
    loop {
        let chunk: Vec<PendingGroup> = groups.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let compared: Vec<std::io::Result<ComparedGroup>> = chunk
            .into_par_iter()
            .map(|g| {
                let out = compare_group(g, &context, &push);
                progress(Progress::Advance(1));
                out
            })
            .collect();
        for c in compared {
            let c = c?;
            story_groups.push(c.group);
            alignments.extend(c.alignment);
            append_numbered(&mut divergences, c.divergences)?;
            append_numbered(&mut agreements, c.agreements)?;
            for (i, b) in c.members {
                members[i] = Some(b);
            }
        }
    }
    progress(Progress::Done);
    drop(groups);
    spill.check()?;
    profiles.check()?;
    drop(profile_at);

    sort_findings(&mut divergences);
    sort_findings(&mut agreements);
    divergences.shrink_to_fit();
    agreements.shrink_to_fit();
    drop(ids);
    Ok(ScanOutput {
        config: serde_json::to_value(cfg).unwrap_or(serde_json::Value::Null),
        kept,
        wire_share,
        members,
        skipped,
        reprint_clusters,
        story_groups,
        alignments,
        divergences: divergences.into_iter().map(|d| d.1).collect(),
        agreements: agreements.into_iter().map(|a| a.1).collect(),
        limits_hit,
        options,
        parts: parts
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .finish()?,
        spill,
    })
}

/// A finding's place in the report, in 16 bytes: [`DivergenceKey`] or [`AgreementKey`], then
/// discovery order (`at`: the finding's position among all of the batch's findings of its kind,
/// in group order), as a stable sort would leave ties.
///
/// Finding ids are `{prefix}-{16 hex digits}` (`diverge::fingerprint`), so the hex digits read
/// as a `u64` order them as their strings do; [`finding_id`] refuses any other id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct FindingKey<R: Ord> {
    rank: R,
    id: u64,
    at: u32,
}

/// Report order of divergences (`report::sort_findings`): severity, high first; kind; id.
type DivergenceKey = FindingKey<(std::cmp::Reverse<m::Severity>, m::DivergenceKind)>;
/// Report order of agreements: more articles first, then id.
type AgreementKey = FindingKey<std::cmp::Reverse<u32>>;

/// The order of a finding id `{prefix}-{16 lowercase hex digits}` as a number: among ids of one
/// prefix, numbers order as the strings do.
fn finding_id(id: &str, prefix: &str) -> std::io::Result<u64> {
    id.strip_prefix(prefix)
        .and_then(|h| h.strip_prefix('-'))
        .filter(|h| h.len() == 16 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .ok_or_else(|| {
            std::io::Error::other(format!(
                "finding id {id:?} is not \"{prefix}-\" and 16 hex digits (an internal error: \
                 the scan sorts findings by that number)"
            ))
        })
}

/// Sort `findings` into report order (keys are unique, so an unstable sort, which needs no
/// buffer, leaves them as a stable one would).
fn sort_findings<R: Ord>(findings: &mut [(FindingKey<R>, Blob)]) {
    findings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
}

/// Append a group's findings to the batch's, numbering them in discovery order.
fn append_numbered<R: Ord>(
    all: &mut Vec<(FindingKey<R>, Blob)>,
    group: Vec<(FindingKey<R>, Blob)>,
) -> std::io::Result<()> {
    for (mut key, blob) in group {
        key.at = u32::try_from(all.len())
            .map_err(|_| std::io::Error::other("more than 4,294,967,295 findings of one kind"))?;
        all.push((key, blob));
    }
    Ok(())
}

/// One story group's parts of the report, spilled.
struct ComparedGroup {
    group: Blob,
    alignment: Option<Blob>,
    /// Keys with `at` still to set (the batch-wide position is known when groups are collected).
    divergences: Vec<(DivergenceKey, Blob)>,
    agreements: Vec<(AgreementKey, Blob)>,
    /// Report entries of the members (with text and sentences).
    members: Vec<(usize, Blob)>,
}

/// Pass 1 for one article: text stage, sketch, story features; the document is dropped.
fn sketch_one(a: Article, hasher: &MinHasher, cfg: &Config) -> (Kept, Vec<u32>, Record) {
    let hint = a.lang.as_deref().map(Lang::from_tag);
    let doc = Document::new(&a.text, hint);
    let sketch = ArticleSketch::of(&doc, hasher, cfg.sketch.shingle_words);
    let features = stories::article_features(&doc);
    let spans: Vec<(u32, u32)> = doc
        .sentences
        .iter()
        .map(|s| (s.original.start as u32, s.original.end as u32))
        .collect();
    let meta = Meta {
        outlet: a.outlet,
        date: a.date,
        title: a.title,
        url: a.url,
        source: a.source,
    };
    let record = Record::new(
        &a.text,
        &sketch.shingles,
        &sketch.positions,
        &features,
        &spans,
        &meta,
    );
    let kept = Kept {
        content_hash: report::content_hash_u64(&a.text),
        bytes: u32::try_from(a.text.len()).expect("article texts are bounded far below 4 GiB"),
        id: a.id.into_boxed_str(),
        day: meta.date.as_deref().and_then(stories::days_from_iso),
        hint,
        lang: doc.lang,
        loc: Locator::default(),
    };
    (kept, sketch.signature, record)
}

/// Pass 2 for one story group: rebuild its members' documents from the spill, label its story
/// links, align and compare; spill the group's parts of the report.
/// What pass 2 reads for every story group.
struct GroupContext<'a> {
    kept: &'a [Kept],
    ids: &'a [&'a str],
    spill: &'a ArticleSpill,
    /// The story profiles: their spill and where each article's is.
    profiles: (&'a Spill, &'a [Blob]),
    wire_share: &'a [f64],
    options: ReportOptions,
}

fn compare_group(
    mut g: PendingGroup,
    context: &GroupContext<'_>,
    push: &(dyn Fn(&[u8]) -> std::io::Result<Blob> + Sync),
) -> std::io::Result<ComparedGroup> {
    let GroupContext {
        kept,
        ids,
        spill,
        profiles: (profiles, profile_at),
        wire_share,
        options,
    } = *context;
    let json = |v: &dyn erased_element::Element| v.json(options.compact);
    let texts: Vec<String> = g
        .members
        .iter()
        .map(|&i| spill.text(&kept[i].loc))
        .collect();
    let metas: Vec<Meta> = g
        .members
        .iter()
        .map(|&i| spill.meta(&kept[i].loc))
        .collect();
    let docs: Vec<Document> = g
        .members
        .iter()
        .zip(&texts)
        .map(|(&i, t)| Document::new(t, kept[i].hint))
        .collect();
    let profiles: Vec<Vec<u64>> = match g.story.is_empty() {
        true => Vec::new(),
        false => g
            .members
            .iter()
            .map(|&i| profiles.profile(profile_at[i]).0)
            .collect(),
    };
    let at = |i: usize| {
        g.members
            .binary_search(&i)
            .expect("a story link joins members of its group")
    };
    for e in &mut g.story {
        let (at, bt) = (at(e.a), at(e.b));
        e.shared_keys = shared_keys(&profiles[at], &profiles[bt]);
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
            .zip(&metas)
            .map(|(((&i, t), d), meta)| diverge::GroupMember {
                id: &kept[i].id,
                date: meta.date.as_deref(),
                original: t,
                doc: d,
            })
            .collect();
        diverge::analyze_group(&group.id, &gm)
    };
    let entries: Vec<(usize, Vec<u8>)> = members
        .iter()
        .zip(texts)
        .zip(&docs)
        .zip(metas)
        .map(|(((&i, text), d), meta)| {
            let k = &kept[i];
            let text = if options.omit_texts {
                String::new()
            } else {
                text
            };
            let credits = crate::wire_credits(d, meta.date.as_deref());
            let entry = k.entry(meta, crate::sentence_spans(d), wire_share[i], credits, text);
            (i, json(&entry))
        })
        .collect();
    drop(docs);
    let group_json = json(&group);
    let alignment_json = match options.omit_alignments {
        true => None,
        false => analysis.alignment.as_ref().map(|a| json(a)),
    };
    let divergences: Vec<(DivergenceKey, Vec<u8>)> = analysis
        .divergences
        .iter()
        .map(|d| {
            let key = FindingKey {
                rank: (std::cmp::Reverse(d.severity), d.kind),
                id: finding_id(&d.id, "d")?,
                at: 0,
            };
            Ok((key, json(d)))
        })
        .collect::<std::io::Result<_>>()?;
    let agreements: Vec<(AgreementKey, Vec<u8>)> = analysis
        .agreements
        .iter()
        .filter(|_| !options.omit_agreements)
        .map(|a| {
            let key = FindingKey {
                rank: std::cmp::Reverse(u32::try_from(a.articles.len()).unwrap_or(u32::MAX)),
                id: finding_id(&a.id, "a")?,
                at: 0,
            };
            Ok((key, json(a)))
        })
        .collect::<std::io::Result<_>>()?;
    Ok(ComparedGroup {
        group: push(&group_json)?,
        alignment: alignment_json.map(|j| push(&j)).transpose()?,
        divergences: divergences
            .into_iter()
            .map(|(k, j)| Ok((k, push(&j)?)))
            .collect::<std::io::Result<_>>()?,
        agreements: agreements
            .into_iter()
            .map(|(k, j)| Ok((k, push(&j)?)))
            .collect::<std::io::Result<_>>()?,
        members: entries
            .into_iter()
            .map(|(i, j)| Ok((i, push(&j)?)))
            .collect::<std::io::Result<_>>()?,
    })
}

/// The keys two story profiles share, sorted (the shared keys of `stories::evidence_of`).
fn shared_keys(a: &[u64], b: &[u64]) -> Vec<u64> {
    let (mut i, mut j) = (0, 0);
    let mut shared = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// What the report leaves out on request, as `limits_hit` entries (so a report says so itself).
fn omissions(options: ReportOptions) -> Vec<m::LimitHit> {
    [
        (
            options.omit_texts,
            "report.omit_texts",
            "article texts written as \"\" (--omit texts); sentence spans point into the input",
        ),
        (
            options.omit_alignments,
            "report.omit_alignments",
            "alignments section left empty (--omit alignments)",
        ),
        (
            options.omit_agreements,
            "report.omit_agreements",
            "agreements section left empty (--omit agreements)",
        ),
    ]
    .into_iter()
    .filter(|o| o.0)
    .map(|(_, limit, detail)| m::LimitHit {
        limit: limit.into(),
        detail: detail.into(),
    })
    .collect()
}

/// Report parts of different types serialised through `&dyn` by [`output::element_json`].
mod erased_element {
    pub(super) trait Element {
        fn json(&self, compact: bool) -> Vec<u8>;
    }

    impl<T: serde::Serialize> Element for T {
        fn json(&self, compact: bool) -> Vec<u8> {
            super::output::element_json(self, compact)
        }
    }
}

/// `items` reordered so that `out[j] = items[order[j]]`.
fn permute<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| slots[i].take().expect("order is a permutation"))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::corpus::{self, ReadOptions};
    use crate::synth::{Corpus, LangMix, SynthConfig};
    use std::path::PathBuf;

    #[test]
    fn streamed_json_is_the_in_memory_report() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/raqqa");
        let cfg = crate::Config::default();
        let opts = ReadOptions::default();
        let streamed = crate::scan_paths(std::slice::from_ref(&dir), &opts, &cfg, &|_| {}).unwrap();
        let mut bytes = Vec::new();
        streamed.write_json(&mut bytes).unwrap();
        let report = crate::scan(corpus::read_batch(&[dir], &opts), &cfg);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            crate::report::to_json(&report)
        );
        assert_eq!(streamed.into_report(), report);
    }

    #[test]
    fn streamed_json_of_a_synthetic_batch_round_trips() {
        let (articles, _) = Corpus::generate(&SynthConfig::new(400, LangMix::Mixed, 7));
        let cfg = crate::Config::default();
        let batch = corpus::Batch {
            articles,
            skipped: Vec::new(),
        };
        let memory = super::spill::SpillWriter::in_memory;
        let out = super::scan(
            |f| batch.articles.iter().cloned().map(Ok).for_each(f),
            memory(),
            memory(),
            &cfg,
            &|_| {},
        )
        .unwrap();
        let mut bytes = Vec::new();
        out.write_json(&mut bytes).unwrap();
        let report = out.into_report();
        assert!(!report.divergences.is_empty() && !report.story_groups.is_empty());
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            crate::report::to_json(&report)
        );
    }

    #[test]
    fn streamed_report_of_a_synthetic_batch_is_the_in_memory_report() {
        // Guards what the streaming scan rebuilds instead of keeping: metadata read back from
        // the spill, story links' shared keys recomputed in pass 2, findings sorted by compact
        // keys. Some articles lack metadata, so absent fields round-trip too.
        let (mut articles, _) = Corpus::generate(&SynthConfig::new(400, LangMix::Mixed, 5));
        for (i, a) in articles.iter_mut().enumerate() {
            if i % 7 == 0 {
                a.outlet = None;
                a.title = None;
            }
            if i % 5 == 0 {
                a.url = Some(format!("https://example.org/{i}"));
            }
        }
        let cfg = crate::Config::default();
        let memory = super::spill::SpillWriter::in_memory;
        let out = super::scan(
            |f| articles.iter().cloned().map(Ok).for_each(f),
            memory(),
            memory(),
            &cfg,
            &|_| {},
        )
        .unwrap();
        let streamed = out.into_report();
        let batch = corpus::Batch {
            articles,
            skipped: Vec::new(),
        };
        let report = crate::scan(batch, &cfg);
        assert!(report.story_groups.iter().any(|g| g
            .links
            .iter()
            .any(|l| l.reasons.iter().any(|r| r.starts_with("shared names")))));
        assert!(report.articles.iter().any(|a| a.outlet.is_none()));
        assert!(report.articles.iter().any(|a| a.url.is_some()));
        assert_eq!(streamed, report);
    }

    #[test]
    fn finding_ids_order_as_numbers_as_they_do_as_strings() {
        let ids = [
            "d-0000000000000000",
            "d-00000000000000ff",
            "d-0a00000000000000",
            "d-f000000000000001",
            "d-ffffffffffffffff",
        ];
        let keys: Vec<u64> = ids
            .iter()
            .map(|id| super::finding_id(id, "d").unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        assert_eq!(std::mem::size_of::<super::DivergenceKey>(), 16);
        assert_eq!(std::mem::size_of::<super::AgreementKey>(), 16);
        for bad in [
            "a-0000000000000000",
            "d-000000000000000",
            "d-00000000000000000",
            "d-000000000000000G",
            "d-ABCDEF0000000000",
            "d_0000000000000000",
        ] {
            let e = super::finding_id(bad, "d").unwrap_err();
            assert!(e.to_string().contains(bad), "{e}");
        }
    }

    fn synthetic_scan(cfg: &crate::Config) -> (Vec<u8>, crate::report::model::Report) {
        let (articles, _) = Corpus::generate(&SynthConfig::new(300, LangMix::Mixed, 11));
        let memory = super::spill::SpillWriter::in_memory;
        let out = super::scan(
            |f| articles.iter().cloned().map(Ok).for_each(f),
            memory(),
            memory(),
            cfg,
            &|_| {},
        )
        .unwrap();
        let mut bytes = Vec::new();
        out.write_json(&mut bytes).unwrap();
        (bytes, out.into_report())
    }

    #[test]
    fn compact_json_is_the_same_report_without_whitespace() {
        let (pretty, report) = synthetic_scan(&crate::Config::default());
        let mut cfg = crate::Config::default();
        cfg.report.compact = true;
        let (compact, compact_report) = synthetic_scan(&cfg);
        assert_eq!(compact_report, report);
        let mut expected = serde_json::to_string(&report).unwrap();
        expected.push('\n');
        assert_eq!(String::from_utf8(compact.clone()).unwrap(), expected);
        assert!(
            compact.len() * 3 < pretty.len() * 2,
            "{} vs {}",
            compact.len(),
            pretty.len()
        );
        let parsed: crate::report::model::Report = serde_json::from_slice(&compact).unwrap();
        assert_eq!(parsed, report);
    }

    #[test]
    fn omitted_parts_are_empty_and_said_so() {
        let (_, full) = synthetic_scan(&crate::Config::default());
        assert!(!full.alignments.is_empty() && !full.agreements.is_empty());
        let mut cfg = crate::Config::default();
        cfg.report.omit_texts = true;
        cfg.report.omit_alignments = true;
        cfg.report.omit_agreements = true;
        let (bytes, _) = synthetic_scan(&cfg);
        let slim: crate::report::model::Report = serde_json::from_slice(&bytes).unwrap();
        assert!(slim.alignments.is_empty() && slim.agreements.is_empty());
        assert!(slim.articles.iter().all(|a| a.text.is_empty()));
        // Everything else is the full report's.
        assert_eq!(slim.divergences, full.divergences);
        assert_eq!(slim.story_groups, full.story_groups);
        assert_eq!(slim.reprint_clusters, full.reprint_clusters);
        let sentences = |r: &crate::report::model::Report| -> Vec<_> {
            r.articles.iter().map(|a| a.sentences.clone()).collect()
        };
        assert_eq!(sentences(&slim), sentences(&full));
        let limits: Vec<&str> = slim.limits_hit.iter().map(|l| l.limit.as_str()).collect();
        assert_eq!(
            limits,
            [
                "report.omit_texts",
                "report.omit_alignments",
                "report.omit_agreements"
            ]
        );
        assert!(full.limits_hit.is_empty());
    }
}
