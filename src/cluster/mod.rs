//! Cluster stage: LSH candidates -> exact verification -> union-find reprint clusters; story
//! groups from rewritten-copy evidence.

use crate::config::Config;
use crate::report::model::{ReprintCluster, StoryGroup};
use crate::text::Document;

/// What the cluster stage sees of one article.
pub struct ClusterInput<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub doc: &'a Document,
}

/// Reprint clusters and story groups of a batch. Article indices refer to the input slice.
#[derive(Debug, Default)]
pub struct Clustering {
    pub reprint_clusters: Vec<ReprintCluster>,
    /// Each story group with the indices of its articles (sorted).
    pub story_groups: Vec<(StoryGroup, Vec<usize>)>,
    /// Per article: share of its shingles found in another article of the batch.
    pub wire_share: Vec<f64>,
    pub limits_hit: Vec<crate::report::model::LimitHit>,
}

/// Cluster a batch (inputs sorted by id).
pub fn cluster_batch(inputs: &[ClusterInput<'_>], _cfg: &Config) -> Clustering {
    Clustering {
        wire_share: vec![0.0; inputs.len()],
        ..Default::default()
    }
}
