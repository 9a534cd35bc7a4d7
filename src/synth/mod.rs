//! Synthetic news corpora with planted reprint clusters, for benchmarks and threshold tuning.
//!
//! The generator writes English and Arabic articles with a Zipf-like vocabulary, realistic
//! sentence lengths (English around 20 words, Arabic news sentences around 32) and paragraphs,
//! and plants reprint clusters the way outlets make them: partial copies of a wire story with
//! paragraphs dropped or added, words substituted, numbers changed, sentences split or merged and
//! credits removed. Beside the articles it returns the gold: reprint clusters (with each reprint's
//! exact Jaccard and containment against the wire) and story groups, and the planted divergences
//! with byte spans into both texts.
//!
//! Output is a pure function of [`SynthConfig`]: the same seed gives the same bytes on every
//! machine and for any thread count. Generation streams in chunks ([`Generator`]), so a million
//! articles never sit in memory at once; [`Corpus::generate`] collects a small corpus for tests and
//! [`planted_pairs`] gives labelled pairs for measuring reprint thresholds.

mod lexicon;
mod reprint;
pub mod rng;
mod story;
mod write;

pub use lexicon::SynthLang;
pub use write::{write_corpus, OutputFormat, WriteSummary};

use crate::corpus::Article;
use lexicon::Lexicon;
use rayon::prelude::*;
use reprint::{MarkRef, WireRef};
use rng::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use story::{Rendered, StoryFacts, Style};

/// Which languages a corpus holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangMix {
    En,
    Ar,
    /// Each story English or Arabic with equal odds.
    Mixed,
}

impl std::str::FromStr for LangMix {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(LangMix::En),
            "ar" => Ok(LangMix::Ar),
            "mixed" => Ok(LangMix::Mixed),
            _ => Err(format!("unknown language mix '{s}' (use en, ar or mixed)")),
        }
    }
}

/// What to generate. [`SynthConfig::new`] gives the documented defaults.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SynthConfig {
    /// Number of articles (exact).
    pub articles: usize,
    pub lang: LangMix,
    pub seed: u64,
    /// Share of stories that are wire stories reprinted by outlets (the rest are one outlet's
    /// own reporting).
    pub wire_share: f64,
    /// Mean number of reprints of a wire story (at least one, geometric tail, at most 12).
    pub mean_reprints: f64,
    /// Share of reprints that copy every paragraph (the rest are partial).
    pub full_share: f64,
    /// Share of wire stories that other outlets also tell in their own words (story group
    /// members that are not reprints).
    pub rewrite_share: f64,
}

impl SynthConfig {
    /// Defaults: 30% wire stories, 3 reprints on average, a quarter of them full copies, 20% of
    /// wire stories also rewritten. About 55% of articles end up in reprint clusters.
    pub fn new(articles: usize, lang: LangMix, seed: u64) -> SynthConfig {
        SynthConfig {
            articles,
            lang,
            seed,
            wire_share: 0.3,
            mean_reprints: 3.0,
            full_share: 0.25,
            rewrite_share: 0.2,
        }
    }
}

/// An article's part in its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The agency original.
    Wire,
    /// An outlet's (partial) copy of the wire.
    Reprint,
    /// The same story in an outlet's own words (same story group, not a reprint).
    Rewrite,
}

/// One member of a gold cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldMember {
    pub id: String,
    pub role: Role,
    /// Exact Jaccard of [`reference_shingles`] against the wire (1 for the wire itself).
    pub jaccard: f64,
    /// Share of the smaller shingle set contained in the larger, against the wire.
    pub containment: f64,
    /// Benign edits (must not be flagged at medium or high): words substituted...
    #[serde(default)]
    pub substituted_words: u32,
    /// ...sentences split at a comma...
    #[serde(default)]
    pub sentences_split: u32,
    /// ...and neighbouring sentences merged.
    #[serde(default)]
    pub sentences_merged: u32,
}

/// Kind of gold grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoldKind {
    /// Wire + reprints: what reprint clustering should find.
    Reprint,
    /// Wire + reprints + rewrites: what story grouping should find (written only for stories
    /// that have rewrites; otherwise the story group equals the reprint cluster).
    Story,
}

/// A gold cluster: one line of `gold.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldCluster {
    pub kind: GoldKind,
    /// `r<story>` for reprint clusters, `s<story>` for story groups.
    pub id: String,
    pub lang: String,
    /// The wire original.
    pub wire: String,
    /// Article ids, sorted.
    pub articles: Vec<String>,
    /// Per member details (wire first, then as in `articles`).
    pub members: Vec<GoldMember>,
}

/// A planted divergence: one line of `planted.jsonl`. Spans are byte ranges in the article texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlantedDivergence {
    /// The reprint that diverges.
    pub article: String,
    /// The wire it was copied from.
    pub wire: String,
    /// Detector family: `quantity`, `attribution`, `polarity`, `hedging`, `omission`, `addition`.
    pub kind: String,
    /// What was done: `number_changed`, `qualifier_changed`, `said_to_claimed`,
    /// `said_to_denied`, `hedge_added`, `paragraph_dropped`, `paragraph_added`, `credit_removed`.
    pub detail: String,
    /// Severity a detector should give it.
    pub expect: String,
    /// Byte range in the wire text (`None` for additions).
    pub wire_span: Option<[usize; 2]>,
    /// The wire text at `wire_span` when it is short (a token or a phrase; not for paragraphs).
    pub wire_text: Option<String>,
    /// Byte range in the reprint (`None` for omissions and removed credits).
    pub article_span: Option<[usize; 2]>,
    /// The reprint text at `article_span` when it is short.
    pub article_text: Option<String>,
}

/// The gold of a corpus (or of one chunk of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Gold {
    pub clusters: Vec<GoldCluster>,
    pub planted: Vec<PlantedDivergence>,
}

impl Gold {
    /// Reprint clusters only.
    pub fn reprint_clusters(&self) -> impl Iterator<Item = &GoldCluster> {
        self.clusters.iter().filter(|c| c.kind == GoldKind::Reprint)
    }
}

/// One chunk of generated output, articles in emission order.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub articles: Vec<Article>,
    pub gold: Gold,
}

/// Stories generated per chunk (in parallel) before their articles are interleaved and emitted.
const STORIES_PER_CHUNK: usize = 4096;
/// Stories dated on the same day.
const STORIES_PER_DAY: u64 = 150;
const PLAN_STREAM: u64 = 1;
const STORY_STREAM: u64 = 2;
const SHUFFLE_STREAM: u64 = 3;

/// What a story will contain (decided sequentially so the article count is exact).
#[derive(Debug, Clone, Copy)]
struct StoryPlan {
    index: u64,
    lang: SynthLang,
    /// False: one outlet's own article.
    wire: bool,
    reprints: usize,
    rewrites: usize,
}

impl StoryPlan {
    fn size(&self) -> usize {
        1 + self.reprints + self.rewrites
    }
}

/// Streams a corpus chunk by chunk. Memory is bounded by one chunk.
pub struct Generator {
    cfg: SynthConfig,
    en: Arc<Lexicon>,
    ar: Arc<Lexicon>,
    plan_rng: Rng,
    emitted: usize,
    next_story: u64,
    chunk_index: u64,
    id_width: usize,
}

impl Generator {
    /// A generator for `cfg`.
    pub fn new(cfg: &SynthConfig) -> Generator {
        Generator {
            cfg: cfg.clone(),
            en: Arc::new(Lexicon::new(SynthLang::En, 40_000)),
            ar: Arc::new(Lexicon::new(SynthLang::Ar, 60_000)),
            plan_rng: Rng::for_item(cfg.seed, PLAN_STREAM, 0),
            emitted: 0,
            next_story: 0,
            chunk_index: 0,
            id_width: cfg.articles.max(1).to_string().len().max(7),
        }
    }

    fn plan(&mut self) -> Option<StoryPlan> {
        let remaining = self.cfg.articles - self.emitted;
        if remaining == 0 {
            return None;
        }
        let rng = &mut self.plan_rng;
        let lang = match self.cfg.lang {
            LangMix::En => SynthLang::En,
            LangMix::Ar => SynthLang::Ar,
            LangMix::Mixed => {
                if rng.chance(0.5) {
                    SynthLang::En
                } else {
                    SynthLang::Ar
                }
            }
        };
        let wire = rng.chance(self.cfg.wire_share);
        let (mut reprints, mut rewrites) = (0, 0);
        if wire {
            // 1 + geometric with the configured mean, capped.
            let p = 1.0 / self.cfg.mean_reprints.max(1.0);
            reprints = 1;
            while reprints < 12 && !rng.chance(p) {
                reprints += 1;
            }
            if rng.chance(self.cfg.rewrite_share) {
                rewrites = rng.range(1, 2);
            }
        }
        // Truncate the last story to hit the article count exactly.
        rewrites = rewrites.min(remaining.saturating_sub(1 + reprints));
        reprints = reprints.min(remaining - 1);
        let plan = StoryPlan {
            index: self.next_story,
            lang,
            wire: wire && reprints > 0,
            reprints,
            rewrites,
        };
        self.next_story += 1;
        self.emitted += plan.size();
        Some(plan)
    }

    /// The next chunk, or `None` when the corpus is complete.
    pub fn next_chunk(&mut self) -> Option<Chunk> {
        let mut plans = Vec::with_capacity(STORIES_PER_CHUNK);
        while plans.len() < STORIES_PER_CHUNK {
            match self.plan() {
                Some(p) => plans.push(p),
                None => break,
            }
        }
        if plans.is_empty() {
            return None;
        }
        let first_id = self.emitted - plans.iter().map(StoryPlan::size).sum::<usize>();
        let (seed, en, ar) = (self.cfg.seed, self.en.clone(), self.ar.clone());
        let stories: Vec<StoryOut> = plans
            .par_iter()
            .map(|p| {
                let lex = match p.lang {
                    SynthLang::En => &*en,
                    SynthLang::Ar => &*ar,
                };
                generate_story(seed, p, lex)
            })
            .collect();
        // Interleave the chunk's articles (reprints arrive spread over the feed), then number them.
        let mut order: Vec<(u32, u32)> = stories
            .iter()
            .enumerate()
            .flat_map(|(s, st)| (0..st.articles.len() as u32).map(move |m| (s as u32, m)))
            .collect();
        Rng::for_item(seed, SHUFFLE_STREAM, self.chunk_index).shuffle(&mut order);
        self.chunk_index += 1;
        let mut ids: Vec<Vec<String>> = stories
            .iter()
            .map(|s| vec![String::new(); s.articles.len()])
            .collect();
        for (n, &(s, m)) in order.iter().enumerate() {
            ids[s as usize][m as usize] = format!("a{:0w$}", first_id + n, w = self.id_width);
        }
        let mut chunk = Chunk::default();
        let mut slots: Vec<Vec<Option<Article>>> = Vec::with_capacity(stories.len());
        for (st, ids) in stories.into_iter().zip(&ids) {
            slots.push(st.finish(ids, &mut chunk.gold));
        }
        chunk.articles = order
            .iter()
            .map(|&(s, m)| slots[s as usize][m as usize].take().unwrap_or_default())
            .collect();
        Some(chunk)
    }
}

impl Iterator for Generator {
    type Item = Chunk;
    fn next(&mut self) -> Option<Chunk> {
        self.next_chunk()
    }
}

/// A planted change resolved against the rendered texts (member index instead of id).
struct PlantedLocal {
    member: usize,
    kind: &'static str,
    detail: &'static str,
    expect: &'static str,
    wire_span: Option<std::ops::Range<usize>>,
    article_span: Option<std::ops::Range<usize>>,
}

/// One generated story: its articles (member 0 is the wire or the lone article) and gold.
struct StoryOut {
    lang: SynthLang,
    articles: Vec<Article>,
    roles: Vec<Role>,
    members: Vec<GoldMember>,
    planted: Vec<PlantedLocal>,
}

impl StoryOut {
    /// Give the articles their ids, append the gold to `gold`, return the articles as slots.
    fn finish(self, ids: &[String], gold: &mut Gold) -> Vec<Option<Article>> {
        let StoryOut {
            lang,
            mut articles,
            roles,
            mut members,
            planted,
        } = self;
        for (a, id) in articles.iter_mut().zip(ids) {
            a.id = id.clone();
            a.source = format!("synth:{id}");
        }
        for (m, id) in members.iter_mut().zip(ids) {
            m.id = id.clone();
        }
        if articles.len() > 1 {
            let wire = ids[0].clone();
            for p in planted {
                // Texts are copied for token-level changes only; paragraphs are given by span.
                let text = |a: &Article, r: &Option<std::ops::Range<usize>>| {
                    r.as_ref()
                        .filter(|r| r.len() <= 200)
                        .map(|r| a.text[r.clone()].to_string())
                };
                gold.planted.push(PlantedDivergence {
                    article: ids[p.member].clone(),
                    wire: wire.clone(),
                    kind: p.kind.into(),
                    detail: p.detail.into(),
                    expect: p.expect.into(),
                    wire_span: p.wire_span.as_ref().map(|r| [r.start, r.end]),
                    wire_text: text(&articles[0], &p.wire_span),
                    article_span: p.article_span.as_ref().map(|r| [r.start, r.end]),
                    article_text: text(&articles[p.member], &p.article_span),
                });
            }
            let story_no = &ids[0][1..];
            let cluster = |kind: GoldKind, keep: &dyn Fn(Role) -> bool| {
                let ms: Vec<GoldMember> = members
                    .iter()
                    .zip(&roles)
                    .filter(|(_, r)| keep(**r))
                    .map(|(m, _)| m.clone())
                    .collect();
                let mut arts: Vec<String> = ms.iter().map(|m| m.id.clone()).collect();
                arts.sort();
                GoldCluster {
                    kind,
                    id: format!(
                        "{}{story_no}",
                        if kind == GoldKind::Reprint { 'r' } else { 's' }
                    ),
                    lang: lang.tag().into(),
                    wire: wire.clone(),
                    articles: arts,
                    members: ms,
                }
            };
            gold.clusters
                .push(cluster(GoldKind::Reprint, &|r| r != Role::Rewrite));
            if roles.contains(&Role::Rewrite) {
                gold.clusters.push(cluster(GoldKind::Story, &|_| true));
            }
        }
        articles.into_iter().map(Some).collect()
    }
}

/// ISO date of day `d` after 2017-01-01 (civil-from-days, Howard Hinnant's algorithm).
fn iso_date(d: u64) -> String {
    let z = d as i64 + 17_167 + 719_468; // 2017-01-01 is day 17167 of the Unix epoch
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn generate_story(seed: u64, plan: &StoryPlan, lex: &Lexicon) -> StoryOut {
    let mut rng = Rng::for_item(seed, STORY_STREAM, plan.index);
    let facts = StoryFacts::new(&mut rng, lex);
    let day = plan.index / STORIES_PER_DAY;
    let title = |rng: &mut Rng| {
        let mut s = story::sentence(rng, lex, &facts, 0.15);
        s.toks.truncate(rng.range(6, 12));
        s.toks.retain(|t| t.tk != story::Tk::Comma);
        let d = story::Doc {
            paras: vec![story::Para {
                sents: vec![s],
                origin: story::NEW,
                mark: 0,
            }],
            credit: story::Credit::None,
        };
        let mut t = d.render(lex, &facts, Style::default(), false).text;
        t.pop(); // the full stop
        t
    };
    let meta = |rng: &mut Rng, outlet: &str, day: u64, text: String| Article {
        outlet: Some(outlet.to_string()),
        date: Some(iso_date(day)),
        title: Some(title(rng)),
        lang: Some(lex.lang.tag().to_string()),
        text,
        ..Article::default()
    };
    let mut out = StoryOut {
        lang: lex.lang,
        articles: Vec::with_capacity(plan.size()),
        roles: Vec::with_capacity(plan.size()),
        members: Vec::with_capacity(plan.size()),
        planted: Vec::new(),
    };
    if !plan.wire {
        let mut doc = story::wire(&mut rng, lex, &facts);
        doc.credit = if rng.chance(0.5) {
            story::Credit::PlaceOnly
        } else {
            story::Credit::None
        };
        let text = doc.render(lex, &facts, Style::default(), false).text;
        let outlet = *rng.pick(lex.outlets);
        out.articles.push(meta(&mut rng, outlet, day, text));
        out.roles.push(Role::Wire);
        return out;
    }
    let wire = story::wire(&mut rng, lex, &facts);
    let wire_style = Style {
        thousands_sep: true,
        ..Style::default()
    };
    let w: Rendered = wire.render(lex, &facts, wire_style, true);
    let wire_sh = reference_shingles(&w.text);
    let mut wire_para_spans = Vec::with_capacity(wire.paras.len());
    {
        // Paragraph spans of the wire from its token spans.
        for p in &wire.paras {
            let toks: Vec<u32> = p
                .sents
                .iter()
                .flat_map(|s| &s.toks)
                .map(|t| t.origin)
                .collect();
            let (a, b) = (toks[0] as usize, toks[toks.len() - 1] as usize);
            wire_para_spans.push(w.origin_spans[a].start..w.origin_spans[b].end + 1);
        }
        if let (Some(first), Some(c)) = (wire_para_spans.first_mut(), &w.credit_span) {
            first.start = first.start.min(c.start);
        }
    }
    out.articles
        .push(meta(&mut rng, facts.agency, day, w.text.clone()));
    out.roles.push(Role::Wire);
    out.members.push(GoldMember {
        id: String::new(),
        role: Role::Wire,
        jaccard: 1.0,
        containment: 1.0,
        substituted_words: 0,
        sentences_split: 0,
        sentences_merged: 0,
    });
    let mut outlets: Vec<&str> = lex.outlets.to_vec();
    rng.shuffle(&mut outlets);
    for r in 0..plan.reprints {
        let full = rng.chance(0.25);
        let rp = reprint::reprint(&mut rng, lex, &facts, &wire, full);
        let rr = rp.doc.render(lex, &facts, rp.style, false);
        let (jaccard, containment) = jaccard_containment(&wire_sh, &reference_shingles(&rr.text));
        let member = out.articles.len();
        for e in &rp.edits {
            let wire_span = match e.wire {
                WireRef::None => None,
                WireRef::Tokens(a, b) => {
                    Some(w.origin_spans[a as usize].start..w.origin_spans[b as usize].end)
                }
                WireRef::Para(p) => Some(wire_para_spans[p as usize].clone()),
                WireRef::Credit => w.credit_span.clone(),
            };
            let article_span = match e.reprint {
                MarkRef::None => None,
                MarkRef::Token(m) => rr
                    .token_spans
                    .iter()
                    .find(|(mm, _)| *mm == m)
                    .map(|(_, r)| r.clone()),
                MarkRef::Para(m) => rr
                    .para_spans
                    .iter()
                    .find(|(mm, _)| *mm == m)
                    .map(|(_, r)| r.clone()),
            };
            out.planted.push(PlantedLocal {
                member,
                kind: e.kind,
                detail: e.detail,
                expect: e.expect,
                wire_span,
                article_span,
            });
        }
        let outlet = outlets[r % outlets.len()];
        let d = day + u64::from(rng.chance(0.3));
        out.articles.push(meta(&mut rng, outlet, d, rr.text));
        out.roles.push(Role::Reprint);
        out.members.push(GoldMember {
            id: String::new(),
            role: Role::Reprint,
            jaccard: round4(jaccard),
            containment: round4(containment),
            substituted_words: rp.benign.substituted_words,
            sentences_split: rp.benign.sentences_split,
            sentences_merged: rp.benign.sentences_merged,
        });
    }
    for r in 0..plan.rewrites {
        let doc = reprint::rewrite(&mut rng, lex, &facts, &wire);
        let text = doc.render(lex, &facts, Style::default(), false).text;
        let (jaccard, containment) = jaccard_containment(&wire_sh, &reference_shingles(&text));
        let outlet = outlets[(plan.reprints + r) % outlets.len()];
        let d = day + u64::from(rng.chance(0.5));
        out.articles.push(meta(&mut rng, outlet, d, text));
        out.roles.push(Role::Rewrite);
        out.members.push(GoldMember {
            id: String::new(),
            role: Role::Rewrite,
            jaccard: round4(jaccard),
            containment: round4(containment),
            substituted_words: 0,
            sentences_split: 0,
            sentences_merged: 0,
        });
    }
    out
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The reference shingle set the benchmarks give every tool: the text lower-cased, split into
/// words at every character that is not alphanumeric (Unicode), word 3-shingles (a shorter text
/// gives one shingle), each hashed with xxh3; sorted and de-duplicated. `bench/compare.py`
/// implements the same definition for the peers.
pub fn reference_shingles(text: &str) -> Vec<u64> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<u64> = if words.len() < 3 {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![xxhash_rust::xxh3::xxh3_64(words.join(" ").as_bytes())]
        }
    } else {
        let mut buf = String::new();
        words
            .windows(3)
            .map(|w| {
                buf.clear();
                buf.push_str(w[0]);
                buf.push(' ');
                buf.push_str(w[1]);
                buf.push(' ');
                buf.push_str(w[2]);
                xxhash_rust::xxh3::xxh3_64(buf.as_bytes())
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard and containment (intersection over the smaller set) of two sorted,
/// de-duplicated sets: the reprint verification's own scores.
pub fn jaccard_containment(a: &[u64], b: &[u64]) -> (f64, f64) {
    let (jaccard, containment, _) = crate::cluster::reprints::exact_scores(a, b);
    (jaccard, containment)
}

/// A small corpus held in memory, for tests.
pub struct Corpus;

impl Corpus {
    /// Generate the whole corpus of `cfg` in memory (articles in emission order) with its gold.
    /// Use [`Generator`] or [`write_corpus`] for large corpora.
    pub fn generate(cfg: &SynthConfig) -> (Vec<Article>, Gold) {
        let mut articles = Vec::with_capacity(cfg.articles);
        let mut gold = Gold::default();
        for chunk in Generator::new(cfg) {
            articles.extend(chunk.articles);
            gold.clusters.extend(chunk.gold.clusters);
            gold.planted.extend(chunk.gold.planted);
        }
        (articles, gold)
    }
}

/// How the two articles of a [`PlantedPair`] relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Wire and a (partial) reprint of it.
    Reprint,
    /// Wire and a rewrite of the same story: same story group, not a reprint.
    SameStory,
    /// Articles from different stories.
    Unrelated,
}

/// A labelled pair for measuring reprint thresholds.
#[derive(Debug, Clone)]
pub struct PlantedPair {
    pub a: Article,
    pub b: Article,
    pub relation: Relation,
    /// True exactly for [`Relation::Reprint`].
    pub is_reprint: bool,
    /// Exact Jaccard and containment of [`reference_shingles`] (not copydesk's own shingles).
    pub jaccard: f64,
    pub containment: f64,
}

/// About `n` labelled pairs of language `lang`: every wire/reprint pair of a generated corpus
/// (positives, containment mostly 0.3-1.0), every wire/rewrite pair (hard negatives) and as many
/// unrelated pairs as there are positives. Deterministic for `seed`.
pub fn planted_pairs(seed: u64, n: usize, lang: LangMix) -> Vec<PlantedPair> {
    // About 3 reprints per wire story and 0.9 reprint pairs per article.
    let cfg = SynthConfig {
        wire_share: 0.6,
        ..SynthConfig::new((n / 2).max(8), lang, seed)
    };
    let (articles, gold) = Corpus::generate(&cfg);
    let by_id: std::collections::HashMap<&str, &Article> =
        articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut pairs = Vec::new();
    let mut seen_wires = std::collections::HashSet::new();
    for c in &gold.clusters {
        if !seen_wires.insert(c.wire.clone()) {
            continue; // the story line repeats the reprint members
        }
        let wire = by_id[c.wire.as_str()];
        for m in c.members.iter().filter(|m| m.role != Role::Wire) {
            let relation = if m.role == Role::Reprint {
                Relation::Reprint
            } else {
                Relation::SameStory
            };
            pairs.push(PlantedPair {
                a: wire.clone(),
                b: by_id[m.id.as_str()].clone(),
                relation,
                is_reprint: relation == Relation::Reprint,
                jaccard: m.jaccard,
                containment: m.containment,
            });
        }
    }
    // Story rewrites are listed only on story lines; add those the reprint lines missed.
    for c in gold.clusters.iter().filter(|c| c.kind == GoldKind::Story) {
        let wire = by_id[c.wire.as_str()];
        for m in c.members.iter().filter(|m| m.role == Role::Rewrite) {
            pairs.push(PlantedPair {
                a: wire.clone(),
                b: by_id[m.id.as_str()].clone(),
                relation: Relation::SameStory,
                is_reprint: false,
                jaccard: m.jaccard,
                containment: m.containment,
            });
        }
    }
    let story_of: std::collections::HashMap<&str, &str> = gold
        .clusters
        .iter()
        .flat_map(|c| {
            c.articles
                .iter()
                .map(move |a| (a.as_str(), c.wire.as_str()))
        })
        .collect();
    let positives = pairs.iter().filter(|p| p.is_reprint).count();
    let mut rng = Rng::for_item(seed, 99, 0);
    let mut added = 0;
    while added < positives && articles.len() > 1 {
        let (i, j) = (rng.below(articles.len()), rng.below(articles.len()));
        let (a, b) = (&articles[i], &articles[j]);
        let same = i == j
            || story_of
                .get(a.id.as_str())
                .is_some_and(|s| story_of.get(b.id.as_str()) == Some(s));
        if same {
            continue;
        }
        let (jaccard, containment) =
            jaccard_containment(&reference_shingles(&a.text), &reference_shingles(&b.text));
        pairs.push(PlantedPair {
            a: a.clone(),
            b: b.clone(),
            relation: Relation::Unrelated,
            is_reprint: false,
            jaccard: round4(jaccard),
            containment: round4(containment),
        });
        added += 1;
    }
    pairs
}

#[cfg(test)]
mod tests;
