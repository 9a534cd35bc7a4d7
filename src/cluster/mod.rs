//! Cluster stage: LSH candidates -> exact verification -> union-find reprint clusters; story
//! groups from rewritten-copy evidence (shared distinctive words, names, numbers, sentences and
//! close dates) on top of the reprint links.

pub mod reprints;
pub mod stories;
mod union_find;

pub use union_find::UnionFind;

use crate::config::Config;
use crate::report::model::{LimitHit, PairScore, ReprintCluster, StoryGroup, StoryLink};
use crate::report::{round4, stable_id};
use crate::sketch::{self, ArticleSketch};
use crate::text::Document;
use rayon::prelude::*;

/// What the cluster stage sees of one article.
pub struct ClusterInput<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub doc: &'a Document,
    pub sketch: &'a ArticleSketch,
}

/// Reprint clusters and story groups of a batch. Article indices refer to the input slice.
#[derive(Debug, Default)]
pub struct Clustering {
    pub reprint_clusters: Vec<ReprintCluster>,
    /// Each story group with the indices of its articles (sorted).
    pub story_groups: Vec<(StoryGroup, Vec<usize>)>,
    /// Per article: share of its shingles found in one of its reprint partners.
    pub wire_share: Vec<f64>,
    /// Verified reprint pairs (indices), for callers that need them (archive).
    pub reprint_pairs: Vec<reprints::VerifiedPair>,
    pub limits_hit: Vec<LimitHit>,
}

/// LSH candidate pairs of sketches held by reference (band keys computed a few bands at a time
/// as LSH needs them, not stored for every document). A sketch is read once per pass of bands,
/// each time long after the cache dropped it: the pass's rows of its signature are asked for a
/// few documents before they are read, and the sketch itself (which holds the pointer to its
/// signature) [`SKETCH_AHEAD`] documents before that.
pub fn candidate_pairs(sketches: &[&ArticleSketch], cfg: &Config) -> sketch::Candidates {
    let (bands, rows) = (cfg.reprint.bands, cfg.reprint.rows);
    sketch::candidate_pairs_banded_ahead(
        sketches.len(),
        bands,
        |i, b| sketch::band_key(&sketches[i].signature, b, rows),
        |i, group| {
            if let Some(s) = sketches.get(i + SKETCH_AHEAD) {
                sketch::prefetch(std::ptr::from_ref(*s).cast(), 1);
            }
            if let Some(s) = sketches.get(i) {
                let rows = s.signature.get(group.start * rows..group.end * rows);
                let rows = rows.unwrap_or_default();
                sketch::prefetch(rows.as_ptr().cast(), size_of_val(rows));
            }
        },
    )
}

/// How many documents before its band's rows [`candidate_pairs`] asks for a sketch.
const SKETCH_AHEAD: usize = 8;

/// Cluster a batch. Inputs must be sorted by id (the output then is deterministic).
pub fn cluster_batch(inputs: &[ClusterInput<'_>], cfg: &Config) -> Clustering {
    let n = inputs.len();
    let sketches: Vec<&ArticleSketch> = inputs.iter().map(|i| i.sketch).collect();
    let candidates = candidate_pairs(&sketches, cfg);
    let limits_hit: Vec<LimitHit> = lsh_limit(&candidates).into_iter().collect();
    let pairs = reprints::verify(&sketches, &candidates.pairs, &cfg.reprint);
    let wire_share = reprints::wire_shares(&sketches, &pairs);
    let ids: Vec<&str> = inputs.iter().map(|i| i.id).collect();
    let reprint_clusters = reprint_clusters(&ids, &pairs);

    // Story groups: reprint links plus story evidence.
    let docs: Vec<&Document> = inputs.iter().map(|i| i.doc).collect();
    let dates: Vec<Option<&str>> = inputs.iter().map(|i| i.date).collect();
    let profiles = stories::profiles(&docs, &dates);
    let story_candidates = stories::candidates(&profiles);
    let story_links: Vec<stories::StoryEvidence> = story_candidates
        .par_iter()
        .map(|&(a, b)| stories::evidence(a, b, &profiles[a], &profiles[b]))
        .filter(|e| stories::is_same_story(&cfg.story, e))
        .collect();
    let story_groups = pending_groups(n, &pairs, story_links)
        .into_iter()
        .map(|g| g.finish(&ids))
        .collect();
    Clustering {
        reprint_clusters,
        story_groups,
        wire_share,
        reprint_pairs: pairs,
        limits_hit,
    }
}

/// The `limits_hit` entry for oversized LSH buckets, if any.
pub fn lsh_limit(candidates: &sketch::Candidates) -> Option<LimitHit> {
    (candidates.oversized_buckets > 0).then(|| LimitHit {
        limit: "lsh.max_bucket".into(),
        detail: format!(
            "{} LSH buckets held more than {} articles; their members were chained instead of paired",
            candidates.oversized_buckets,
            sketch::MAX_BUCKET
        ),
    })
}

/// Reprint clusters (union-find over the verified pairs), ordered by their first article.
/// `ids` are the articles' ids in index order (sorted).
pub fn reprint_clusters(ids: &[&str], pairs: &[reprints::VerifiedPair]) -> Vec<ReprintCluster> {
    let mut uf = UnionFind::new(ids.len());
    for p in pairs {
        uf.union(p.a, p.b);
    }
    let components = uf.components(2);
    let mut slot_of = vec![u32::MAX; ids.len()];
    for (c, members) in components.iter().enumerate() {
        for &i in members {
            slot_of[i] = c as u32;
        }
    }
    let mut in_cluster: Vec<Vec<PairScore>> = vec![Vec::new(); components.len()];
    for p in pairs {
        in_cluster[slot_of[p.a] as usize].push(PairScore {
            a: ids[p.a].to_string(),
            b: ids[p.b].to_string(),
            jaccard: round4(p.jaccard),
            containment: round4(p.containment),
        });
    }
    let mut clusters: Vec<ReprintCluster> = components
        .into_iter()
        .zip(in_cluster)
        .map(|(members, pairs)| {
            let ids: Vec<String> = members.iter().map(|&i| ids[i].to_string()).collect();
            ReprintCluster {
                id: stable_id("r", &ids),
                articles: ids,
                pairs,
            }
        })
        .collect();
    clusters.sort_by(|a, b| a.articles[0].cmp(&b.articles[0]));
    clusters
}

/// A story group before its links are written out: members and the links that joined them.
#[derive(Debug, Clone, Default)]
pub struct PendingGroup {
    /// Article indices, sorted.
    pub members: Vec<usize>,
    /// Reprint pairs inside the group, sorted by `(a, b)`.
    pub reprints: Vec<reprints::VerifiedPair>,
    /// Story links inside the group, in candidate order.
    pub story: Vec<stories::StoryEvidence>,
}

/// Story groups: connected components (two or more articles) of reprint pairs and story links,
/// ordered by their first member.
pub fn pending_groups(
    n: usize,
    pairs: &[reprints::VerifiedPair],
    story_links: Vec<stories::StoryEvidence>,
) -> Vec<PendingGroup> {
    let mut uf = UnionFind::new(n);
    for p in pairs {
        uf.union(p.a, p.b);
    }
    for e in &story_links {
        uf.union(e.a, e.b);
    }
    let components = uf.components(2);
    let mut slot_of = vec![u32::MAX; n];
    for (c, members) in components.iter().enumerate() {
        for &i in members {
            slot_of[i] = c as u32;
        }
    }
    let mut groups: Vec<PendingGroup> = components
        .into_iter()
        .map(|members| PendingGroup {
            members,
            ..PendingGroup::default()
        })
        .collect();
    for p in pairs {
        groups[slot_of[p.a] as usize].reprints.push(*p);
    }
    for e in story_links {
        groups[slot_of[e.a] as usize].story.push(e);
    }
    groups
}

impl PendingGroup {
    /// The report's story group (links sorted, with their reasons) and its member indices.
    /// Story links must carry their `shared_labels`.
    pub fn finish(self, ids: &[&str]) -> (StoryGroup, Vec<usize>) {
        let members = self.members;
        let names: Vec<String> = members.iter().map(|&i| ids[i].to_string()).collect();
        let mut links: Vec<StoryLink> = Vec::new();
        for p in &self.reprints {
            links.push(StoryLink {
                a: ids[p.a].to_string(),
                b: ids[p.b].to_string(),
                kind: "reprint".into(),
                score: round4(p.containment),
                reasons: vec![format!(
                    "{} shared shingles: jaccard {:.2}, containment {:.2}",
                    p.shared, p.jaccard, p.containment
                )],
            });
        }
        for e in &self.story {
            let mut reasons = vec![format!("distinctive-word similarity {:.2}", e.cosine)];
            if e.shared_sentences > 0 {
                reasons.push(format!("{} near-identical sentences", e.shared_sentences));
            }
            if !e.shared_labels.is_empty() {
                let shown: Vec<&str> = e
                    .shared_labels
                    .iter()
                    .take(12)
                    .map(String::as_str)
                    .collect();
                reasons.push(format!(
                    "shared names, numbers and rare words: {}",
                    shown.join(", ")
                ));
            }
            if let Some(d) = e.days_apart {
                reasons.push(format!("published {d} days apart"));
            }
            links.push(StoryLink {
                a: ids[e.a].to_string(),
                b: ids[e.b].to_string(),
                kind: "story".into(),
                score: round4(e.cosine),
                reasons,
            });
        }
        links.sort_by(|x, y| (&x.a, &x.b, &x.kind).cmp(&(&y.a, &y.b, &y.kind)));
        (
            StoryGroup {
                id: stable_id("s", &names),
                articles: names,
                links,
            },
            members,
        )
    }
}
