//! The frozen run configuration the pipeline reads (built once from CLI arguments).

use serde::Serialize;

/// Parameters of the sketch stage.
#[derive(Debug, Clone, Serialize)]
pub struct SketchConfig {
    /// MinHash signature length.
    pub k: usize,
    /// Words per shingle.
    pub shingle_words: usize,
}

/// Parameters of reprint clustering.
#[derive(Debug, Clone, Serialize)]
pub struct ReprintConfig {
    /// Jaccard similarity the LSH bands are tuned for (candidate generation).
    pub lsh_threshold: f64,
    /// LSH bands and rows per band (derived from `lsh_threshold` and `k` unless overridden).
    pub bands: usize,
    pub rows: usize,
    /// A verified pair is a reprint when its exact Jaccard reaches this...
    pub min_jaccard: f64,
    /// ...or when this share of the shorter article is contained in the longer one...
    pub min_containment: f64,
    /// ...and they share at least this many shingles (guards short texts).
    pub min_shared_shingles: usize,
}

/// Parameters of story grouping.
#[derive(Debug, Clone, Serialize)]
pub struct StoryConfig {
    /// Minimum weighted-term cosine for two articles to tell the same story.
    pub min_similarity: f64,
    /// Articles dated further apart than this many days are never grouped by story evidence.
    pub max_days_apart: u32,
    /// Story groups larger than this are split at their weakest links (named limit).
    pub max_group_size: usize,
}

/// Everything a run needs, after defaults and validation.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Worker threads (0 = all cores). Not part of the report: output never depends on it.
    #[serde(skip)]
    pub threads: usize,
    pub sketch: SketchConfig,
    pub reprint: ReprintConfig,
    pub story: StoryConfig,
    /// Articles larger than this are skipped.
    pub max_article_bytes: usize,
    /// Encoding forced for inputs without BOM or declared charset.
    pub encoding: Option<String>,
    /// How the streamed JSON report is written. Not part of the report's `config` (it changes
    /// the report's form, not its findings); the report says what it left out in `limits_hit`.
    #[serde(skip)]
    pub report: ReportOptions,
}

/// Form of the streamed JSON report (`copydesk scan --compact-json --omit ...`), for batches whose
/// full pretty report would be too large to write (3.3 GB at 100k articles).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// JSON without indentation or line breaks (about half the size of the pretty report).
    pub compact: bool,
    /// Article texts are written as `""` (sentence spans still point into the input's text).
    pub omit_texts: bool,
    /// The `alignments` section is written empty (about half of a pretty report).
    pub omit_alignments: bool,
    /// The `agreements` section is written empty.
    pub omit_agreements: bool,
}

/// `optimal_bands(0.1, 128)`, the banding of the default threshold and `k`, as a constant:
/// computing it integrates 128 collision curves, about 5 M instructions at every start (a
/// tenth of clustering 2,000 articles). Pinned by a test.
const DEFAULT_BANDING: (usize, usize) = (64, 2);

impl Default for Config {
    fn default() -> Self {
        let k = 128;
        let lsh_threshold = 0.1;
        let (bands, rows) = DEFAULT_BANDING;
        Config {
            threads: 0,
            sketch: SketchConfig {
                k,
                shingle_words: 3,
            },
            reprint: ReprintConfig {
                lsh_threshold,
                bands,
                rows,
                min_jaccard: 0.5,
                min_containment: 0.25,
                min_shared_shingles: 20,
            },
            story: StoryConfig {
                min_similarity: 0.2,
                max_days_apart: 3,
                max_group_size: 200,
            },
            max_article_bytes: 8 * 1024 * 1024,
            encoding: None,
            report: ReportOptions::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_banding_is_the_optimal_one() {
        let cfg = super::Config::default();
        assert_eq!(
            crate::sketch::optimal_bands(cfg.reprint.lsh_threshold, cfg.sketch.k),
            super::DEFAULT_BANDING
        );
    }
}
