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

/// Cluster a batch. Inputs must be sorted by id (the output then is deterministic).
pub fn cluster_batch(inputs: &[ClusterInput<'_>], cfg: &Config) -> Clustering {
    let n = inputs.len();
    let sketches: Vec<&ArticleSketch> = inputs.iter().map(|i| i.sketch).collect();
    let (bands, rows) = (cfg.reprint.bands, cfg.reprint.rows);
    let keys: Vec<Option<Vec<u64>>> = sketches
        .par_iter()
        .map(|s| sketch::band_keys(&s.signature, bands, rows))
        .collect();
    let candidates = sketch::candidate_pairs(&keys, bands);
    let mut limits_hit = Vec::new();
    if candidates.oversized_buckets > 0 {
        limits_hit.push(LimitHit {
            limit: "lsh.max_bucket".into(),
            detail: format!(
                "{} LSH buckets held more than {} articles; their members were chained instead of paired",
                candidates.oversized_buckets,
                sketch::MAX_BUCKET
            ),
        });
    }
    let pairs = reprints::verify(&sketches, &candidates.pairs, &cfg.reprint);
    let wire_share = reprints::wire_shares(&sketches, &pairs);

    // Reprint clusters.
    let mut uf = UnionFind::new(n);
    for p in &pairs {
        uf.union(p.a, p.b);
    }
    let reprint_components = uf.components(2);
    let mut reprint_clusters: Vec<ReprintCluster> = reprint_components
        .iter()
        .map(|members| {
            let ids: Vec<String> = members.iter().map(|&i| inputs[i].id.to_string()).collect();
            let in_cluster: Vec<PairScore> = pairs
                .iter()
                .filter(|p| members.binary_search(&p.a).is_ok())
                .map(|p| PairScore {
                    a: inputs[p.a].id.to_string(),
                    b: inputs[p.b].id.to_string(),
                    jaccard: round4(p.jaccard),
                    containment: round4(p.containment),
                })
                .collect();
            ReprintCluster {
                id: stable_id("r", &ids),
                articles: ids,
                pairs: in_cluster,
            }
        })
        .collect();
    reprint_clusters.sort_by(|a, b| a.articles[0].cmp(&b.articles[0]));

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
    let mut suf = UnionFind::new(n);
    for p in &pairs {
        suf.union(p.a, p.b);
    }
    for e in &story_links {
        suf.union(e.a, e.b);
    }
    let mut story_groups = Vec::new();
    for members in suf.components(2) {
        let ids: Vec<String> = members.iter().map(|&i| inputs[i].id.to_string()).collect();
        let mut links: Vec<StoryLink> = Vec::new();
        for p in pairs.iter().filter(|p| members.binary_search(&p.a).is_ok()) {
            links.push(StoryLink {
                a: inputs[p.a].id.to_string(),
                b: inputs[p.b].id.to_string(),
                kind: "reprint".into(),
                score: round4(p.containment),
                reasons: vec![format!(
                    "{} shared shingles: jaccard {:.2}, containment {:.2}",
                    p.shared, p.jaccard, p.containment
                )],
            });
        }
        for e in story_links
            .iter()
            .filter(|e| members.binary_search(&e.a).is_ok())
        {
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
                a: inputs[e.a].id.to_string(),
                b: inputs[e.b].id.to_string(),
                kind: "story".into(),
                score: round4(e.cosine),
                reasons,
            });
        }
        links.sort_by(|x, y| (&x.a, &x.b, &x.kind).cmp(&(&y.a, &y.b, &y.kind)));
        story_groups.push((
            StoryGroup {
                id: stable_id("s", &ids),
                articles: ids,
                links,
            },
            members,
        ));
    }
    story_groups.sort_by(|a, b| a.0.articles[0].cmp(&b.0.articles[0]));
    Clustering {
        reprint_clusters,
        story_groups,
        wire_share,
        reprint_pairs: pairs,
        limits_hit,
    }
}
