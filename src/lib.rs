//! copydesk: audit syndicated news copy.
//!
//! The pipeline runs one way through its stages:
//! `corpus` (read) -> `text` (normalise, tokenise, split) -> `sketch` (shingles, MinHash, LSH)
//! -> `cluster` (reprint clusters, story groups) -> `align` + `claims` -> `diverge`
//! (divergences, agreements) -> `report` (JSON, HTML, terminal); `archive` keeps what was seen.

pub mod align;
pub mod archive;
pub mod claims;
pub mod cluster;
pub mod config;
pub mod corpus;
pub mod diverge;
mod pipeline;
pub mod report;
pub mod sketch;
pub mod synth;
pub mod text;

pub use config::Config;
pub use pipeline::ScanOutput;

use corpus::{Article, Batch};
use rayon::prelude::*;
use report::model::{self as m, Report};
use text::{Document, Lang};

/// An article after the text stage.
pub struct Prepared {
    pub article: Article,
    pub doc: Document,
}

/// Run the text stage over every article (in parallel).
pub fn prepare(articles: Vec<Article>) -> Vec<Prepared> {
    articles.into_par_iter().map(prepare_one).collect()
}

fn prepare_one(article: Article) -> Prepared {
    let lang = article.lang.as_deref().map(Lang::from_tag);
    let doc = Document::new(&article.text, lang);
    Prepared { article, doc }
}

/// Run the sketch stage over prepared articles (in parallel).
pub fn sketch_all(prepared: &[Prepared], cfg: &Config) -> Vec<sketch::ArticleSketch> {
    let hasher = sketch::MinHasher::new(cfg.sketch.k);
    prepared
        .par_iter()
        .map(|p| sketch::ArticleSketch::of(&p.doc, &hasher, cfg.sketch.shingle_words))
        .collect()
}

fn cluster_inputs<'a>(
    prepared: &'a [Prepared],
    sketches: &'a [sketch::ArticleSketch],
) -> Vec<cluster::ClusterInput<'a>> {
    prepared
        .iter()
        .zip(sketches)
        .map(|(p, s)| cluster::ClusterInput {
            id: &p.article.id,
            date: p.article.date.as_deref(),
            doc: &p.doc,
            sketch: s,
        })
        .collect()
}

/// A step of a long scan, for progress display (the library never prints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A stage starts with `total` units of work.
    Stage { name: &'static str, total: u64 },
    /// `n` more units of the current stage are done.
    Advance(u64),
    /// The scan is finished.
    Done,
}

/// The clustering stage alone (reprint clusters and story groups, no alignment or claims):
/// prepared articles sorted by id, and their clustering.
pub fn cluster_only(
    mut articles: Vec<Article>,
    cfg: &Config,
) -> (Vec<Prepared>, cluster::Clustering) {
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let prepared = prepare(articles);
    let sketches = sketch_all(&prepared, cfg);
    let clustering = cluster::cluster_batch(&cluster_inputs(&prepared, &sketches), cfg);
    (prepared, clustering)
}

/// Scan a batch: cluster reprints, group stories, align and compare each story group.
pub fn scan(batch: Batch, cfg: &Config) -> Report {
    scan_with_progress(batch, cfg, &|_| {})
}

/// [`scan`], reporting progress to `progress` (called from worker threads).
pub fn scan_with_progress(
    batch: Batch,
    cfg: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> Report {
    let Batch { articles, skipped } = batch;
    let visit = |f: &mut dyn FnMut(Result<Article, corpus::Skipped>)| {
        articles.into_iter().map(Ok).for_each(&mut *f);
        skipped.into_iter().map(Err).for_each(f);
    };
    let memory = pipeline::spill::SpillWriter::in_memory;
    pipeline::scan(visit, memory(), memory(), cfg, progress)
        .expect("an in-memory spill cannot fail")
        .into_report()
}

/// Scan every article under `paths` (as [`corpus::visit_batch`] reads them), streaming: memory
/// holds each article's metadata and compact sketches, while texts, shingle sets and the
/// report's parts wait in temporary files. The output writes the same report as [`scan`] on the
/// same batch without holding it ([`ScanOutput::write_json`]). Fails only when a temporary file
/// cannot be written.
pub fn scan_paths(
    paths: &[std::path::PathBuf],
    opts: &corpus::ReadOptions,
    cfg: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<ScanOutput> {
    let disk = pipeline::spill::SpillWriter::on_disk;
    pipeline::scan(
        |f| corpus::visit_batch(paths, opts, f),
        disk()?,
        disk()?,
        cfg,
        progress,
    )
}

/// Compare two articles directly, as one story group whatever their similarity.
pub fn diff(a: Article, b: Article, cfg: &Config) -> Report {
    let mut articles = vec![a, b];
    articles.sort_by(|x, y| x.id.cmp(&y.id));
    let prepared = prepare(articles);
    let sketches = sketch_all(&prepared, cfg);
    let clustering = cluster::cluster_batch(&cluster_inputs(&prepared, &sketches), cfg);
    let ids: Vec<String> = prepared.iter().map(|p| p.article.id.clone()).collect();
    let group = m::StoryGroup {
        id: report::stable_id("s", &ids),
        articles: ids,
        links: Vec::new(),
    };
    let analysis = analyze(&group.id, prepared.iter());
    let articles = prepared
        .iter()
        .zip(&clustering.wire_share)
        .map(|(p, &share)| m::ArticleEntry {
            id: p.article.id.clone(),
            outlet: p.article.outlet.clone(),
            date: p.article.date.clone(),
            title: p.article.title.clone(),
            url: p.article.url.clone(),
            lang: p.doc.lang.as_str().to_string(),
            source: p.article.source.clone(),
            bytes: p.article.text.len(),
            content_hash: report::content_hash(&p.article.text),
            sentences: sentence_spans(&p.doc),
            wire_share: report::round4(share),
            credits: wire_credits(&p.doc, p.article.date.as_deref()),
            text: p.article.text.clone(),
        })
        .collect();
    assemble_report(
        articles,
        Vec::new(),
        clustering.reprint_clusters,
        vec![group],
        vec![analysis],
        clustering.limits_hit,
        cfg,
    )
}

fn analyze<'a>(
    group_id: &str,
    members: impl Iterator<Item = &'a Prepared>,
) -> diverge::GroupAnalysis {
    let members: Vec<diverge::GroupMember<'_>> = members
        .map(|p| diverge::GroupMember {
            id: &p.article.id,
            date: p.article.date.as_deref(),
            original: &p.article.text,
            doc: &p.doc,
        })
        .collect();
    diverge::analyze_group(group_id, &members)
}

/// Sentence boundaries of a document as original byte ranges.
fn sentence_spans(doc: &Document) -> Vec<m::Span> {
    doc.sentences
        .iter()
        .map(|s| m::Span {
            start: s.original.start,
            end: s.original.end,
        })
        .collect()
}

/// The wire agencies an article credits anywhere in its text, sorted and unique.
fn wire_credits(doc: &Document, date: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = claims::extract(doc, date)
        .iter()
        .flat_map(|s| s.credits.iter().map(|c| c.agency.to_string()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Put the report together from its parts (findings are sorted here).
pub(crate) fn assemble_report(
    articles: Vec<m::ArticleEntry>,
    skipped: Vec<m::SkippedInput>,
    reprint_clusters: Vec<m::ReprintCluster>,
    story_groups: Vec<m::StoryGroup>,
    analyses: Vec<diverge::GroupAnalysis>,
    limits_hit: Vec<m::LimitHit>,
    cfg: &Config,
) -> Report {
    let mut alignments = Vec::new();
    let mut divergences = Vec::new();
    let mut agreements = Vec::new();
    for a in analyses {
        alignments.extend(a.alignment);
        divergences.extend(a.divergences);
        agreements.extend(a.agreements);
    }
    report::sort_findings(&mut divergences, &mut agreements);
    Report {
        schema_version: m::SCHEMA_VERSION,
        tool: m::ToolInfo {
            name: "copydesk".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        config: serde_json::to_value(cfg).unwrap_or(serde_json::Value::Null),
        articles,
        skipped,
        reprint_clusters,
        story_groups,
        alignments,
        divergences,
        agreements,
        limits_hit,
    }
}

/// What `scan --only-tokenize` reports: the read-and-tokenise floor of the pipeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TokenizeSummary {
    pub articles: usize,
    /// Bytes of article text read.
    pub bytes: u64,
    /// Word keys of the clustering text path (normalised, lightly stemmed words).
    pub tokens: u64,
    /// Inputs that were not read (not part of the JSON; the CLI prints them).
    #[serde(skip)]
    pub skipped: Vec<corpus::Skipped>,
}

/// Read every article and run the clustering stage's text path on it (raw text to word keys)
/// and nothing else, streaming as [`reprint_clusters_streaming`] does: the floor the clustering
/// stage is measured against in docs/benchmarks.md.
pub fn tokenize_only(paths: &[std::path::PathBuf], opts: &corpus::ReadOptions) -> TokenizeSummary {
    let mut summary = TokenizeSummary::default();
    corpus::visit_batch_prepared(
        paths,
        opts,
        |a| {
            let text = std::mem::take(&mut a.text);
            let counts = KEY_BUFFERS.with_borrow_mut(|buf| {
                text::key_hashes_into(&text, &mut buf.scratch, &mut buf.keys);
                (text.len() as u64, buf.keys.len() as u64)
            });
            corpus::recycle_text(text);
            counts
        },
        |item| match item {
            Ok((_, (bytes, tokens))) => {
                summary.articles += 1;
                summary.bytes += bytes;
                summary.tokens += tokens;
            }
            Err(s) => summary.skipped.push(s),
        },
    );
    summary
}

/// One reprint cluster as `scan --only-clusters` writes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClusterMembers {
    pub id: String,
    /// Article ids, sorted.
    pub articles: Vec<String>,
}

/// What `scan --only-clusters` writes: reprint clusters and nothing else (no story groups,
/// alignment or divergences), for timing the clustering stage against other near-duplicate tools.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClustersOnly {
    pub articles: usize,
    pub candidate_pairs: usize,
    pub verified_pairs: usize,
    pub reprint_clusters: Vec<ClusterMembers>,
    /// Inputs that were not read (not part of the JSON; the CLI prints them).
    #[serde(skip)]
    pub skipped: Vec<corpus::Skipped>,
}

/// One worker's reusable buffers for sketching raw text without building a `Document`.
#[derive(Default)]
struct KeyBuffers {
    scratch: text::KeyScratch,
    keys: Vec<u64>,
    sketch: sketch::SketchScratch,
}

impl KeyBuffers {
    /// The sketch of an article's raw text: the same as `ArticleSketch::of(&Document::new(..))`.
    fn sketch(
        &mut self,
        text: &str,
        hasher: &sketch::MinHasher,
        shingle_words: usize,
    ) -> sketch::ArticleSketch {
        text::key_hashes_into(text, &mut self.scratch, &mut self.keys);
        sketch::ArticleSketch::from_keys_with(&self.keys, hasher, shingle_words, &mut self.sketch)
    }
}

std::thread_local! {
    /// The buffers of [`reprint_clusters_streaming`]'s sketching on each reader/worker thread.
    static KEY_BUFFERS: std::cell::RefCell<KeyBuffers> = std::cell::RefCell::default();
}

/// The clustering stage alone, streaming: articles are sketched on the threads that read them
/// ([`corpus::visit_batch_prepared`]: one large JSON-lines file is parsed and sketched in
/// parallel, a block of lines at a time) and only `(id, sketch)` is kept, so memory holds
/// shingle sets and signatures, not texts or documents. Same parameters, clusters and ids as
/// [`reprint_clusters_only`]; inputs that could not be read are in `skipped`.
pub fn reprint_clusters_streaming(
    paths: &[std::path::PathBuf],
    opts: &corpus::ReadOptions,
    cfg: &Config,
) -> ClustersOnly {
    let (clusters, sketches) = reprint_clusters_streaming_kept(paths, opts, cfg);
    drop_in_background(sketches);
    clusters
}

/// The memory of a clustering's sketches (see [`reprint_clusters_streaming_kept`]): freed when
/// dropped, as any value.
pub struct SketchStore(
    #[allow(dead_code, reason = "held only to be dropped or forgotten")]
    Vec<Vec<(String, sketch::ArticleSketch)>>,
);

/// [`reprint_clusters_streaming`], handing back the sketches' memory for the caller to drop.
/// A process that exits right after the clusters are written can leave that memory to the
/// exit (`std::mem::forget`): freeing 20,000 articles' sketches took 9-14 ms on the calling
/// thread, and on a thread of its own ([`reprint_clusters_streaming`]) it competed with the
/// writing of the result on a two-core machine (timed on 20k English articles: the write took
/// 5-7 ms instead of 1 in three runs of sixteen).
pub fn reprint_clusters_streaming_kept(
    paths: &[std::path::PathBuf],
    opts: &corpus::ReadOptions,
    cfg: &Config,
) -> (ClustersOnly, SketchStore) {
    let hasher = sketch::MinHasher::new(cfg.sketch.k);
    // Kept in blocks that never move: one growing vector would copy every sketch at each
    // doubling, into fresh pages the kernel zeroes, on the thread that emits every article.
    let mut sketched: Vec<Vec<(String, sketch::ArticleSketch)>> = Vec::new();
    let mut skipped = Vec::new();
    corpus::visit_batch_prepared(
        paths,
        opts,
        |a| {
            // the text's buffer goes back to the reader on this worker, for the next record
            let text = std::mem::take(&mut a.text);
            let sketch = KEY_BUFFERS
                .with_borrow_mut(|buf| buf.sketch(&text, &hasher, cfg.sketch.shingle_words));
            corpus::recycle_text(text);
            sketch
        },
        |item| match item {
            Ok((a, s)) => {
                if sketched
                    .last()
                    .is_none_or(|block| block.len() == SKETCH_BLOCK)
                {
                    sketched.push(Vec::with_capacity(SKETCH_BLOCK));
                }
                sketched
                    .last_mut()
                    .expect("a block with room")
                    .push((a.id, s));
            }
            Err(s) => skipped.push(s),
        },
    );
    let mut by_id: Vec<(&str, &sketch::ArticleSketch)> = sketched
        .iter()
        .flatten()
        .map(|(id, s)| (id.as_str(), s))
        .collect();
    // ids are unique (a repeated id is skipped as it is read), so an unstable sort, in
    // parallel, leaves the order a stable one would
    by_id.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let sketches: Vec<&sketch::ArticleSketch> = by_id.iter().map(|&(_, s)| s).collect();
    let clusters = clusters_of_sketches(|i| by_id[i].0, &sketches, cfg);
    drop((sketches, by_id));
    let clusters = ClustersOnly {
        skipped,
        ..clusters
    };
    (clusters, SketchStore(sketched))
}

/// Free `value` on a thread of its own, so the caller does not wait for it. The sketches of a
/// run are four allocations per article, made on the workers: freeing 20,000 articles' worth on
/// the calling thread took 9-14 ms (timed on 20k English articles), about a twentieth of
/// the whole clustering stage, after the clusters were already known. (The CLI, which exits
/// right after, leaves them to the exit: [`reprint_clusters_streaming_kept`].)
fn drop_in_background<T: Send + 'static>(value: T) {
    // when no thread can be started, `spawn` drops the closure, and `value` with it, here
    let _ = std::thread::Builder::new()
        .name("copydesk-free".into())
        .spawn(move || drop(value));
}

/// Sketches per block of [`reprint_clusters_streaming`]'s list (about 400 KB).
const SKETCH_BLOCK: usize = 4096;

/// The clustering stage alone: text stage, shingles and MinHash, LSH candidates, exact
/// verification (Jaccard and containment), union-find. Same parameters and ids as [`scan`].
pub fn reprint_clusters_only(batch: Batch, cfg: &Config) -> ClustersOnly {
    let mut articles = batch.articles;
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let hasher = sketch::MinHasher::new(cfg.sketch.k);
    let sketches: Vec<sketch::ArticleSketch> = articles
        .par_iter()
        // the threads' buffers, not one set (and one word memo) per rayon job
        .map(|a| {
            KEY_BUFFERS
                .with_borrow_mut(|buf| buf.sketch(&a.text, &hasher, cfg.sketch.shingle_words))
        })
        .collect();
    let refs: Vec<&sketch::ArticleSketch> = sketches.iter().collect();
    clusters_of_sketches(|i| &articles[i].id, &refs, cfg)
}

/// LSH candidates, verification and union-find over sketches sorted by id (`id(i)` is the id
/// of `sketches[i]`).
fn clusters_of_sketches<'a>(
    id: impl Fn(usize) -> &'a str + Sync,
    sketches: &[&sketch::ArticleSketch],
    cfg: &Config,
) -> ClustersOnly {
    let candidates = cluster::candidate_pairs(sketches, cfg);
    let pairs = cluster::reprints::verify(sketches, &candidates.pairs, &cfg.reprint);
    let mut uf = cluster::UnionFind::new(sketches.len());
    for p in &pairs {
        uf.union(p.a, p.b);
    }
    // the members' ids and the cluster's id (a hash of them) on the workers
    let reprint_clusters = uf
        .components(2)
        .into_par_iter()
        .map(|members| {
            let members: Vec<String> = members.iter().map(|&i| id(i).to_string()).collect();
            ClusterMembers {
                id: report::stable_id("r", &members),
                articles: members,
            }
        })
        .collect();
    ClustersOnly {
        articles: sketches.len(),
        candidate_pairs: candidates.pairs.len(),
        verified_pairs: pairs.len(),
        reprint_clusters,
        skipped: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    /// The streaming clusters are sorted by id whatever the order of the lines: a shard
    /// written backwards gives the batch path's clusters.
    #[test]
    fn streaming_clusters_do_not_depend_on_line_order() {
        use crate::synth::{write_corpus, LangMix, OutputFormat, SynthConfig};
        let written = tempfile::tempdir().unwrap();
        write_corpus(
            &SynthConfig::new(200, LangMix::Mixed, 5),
            written.path(),
            OutputFormat::Jsonl,
            1000,
        )
        .unwrap();
        let articles = written.path().join("articles");
        let mut lines = Vec::new();
        for entry in std::fs::read_dir(&articles).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            lines.extend(text.lines().map(str::to_string));
        }
        lines.sort();
        lines.reverse();
        let backwards = tempfile::tempdir().unwrap();
        std::fs::write(backwards.path().join("a.jsonl"), lines.join("\n")).unwrap();
        let (opts, cfg) = (
            crate::corpus::ReadOptions::default(),
            crate::Config::default(),
        );
        let streamed =
            crate::reprint_clusters_streaming(&[backwards.path().to_path_buf()], &opts, &cfg);
        let batched =
            crate::reprint_clusters_only(crate::corpus::read_batch(&[articles], &opts), &cfg);
        assert_eq!(streamed.articles, 200);
        assert!(!streamed.reprint_clusters.is_empty());
        assert_eq!(streamed, batched);
    }
}
