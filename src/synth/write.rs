//! Writing a generated corpus to disk as it is generated: `articles/` holds JSONL shards (or one
//! `.txt` file per article with front matter), beside it `gold.jsonl`, `planted.jsonl` and
//! `manifest.json`. Point `copydesk scan` at `DIR/articles`.

use super::{Generator, SynthConfig};
use crate::corpus::Article;
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Article file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// `articles/articles-00000.jsonl`, ... one record per line (`id`, `outlet`, `date`, `lang`, `title`,
    /// `text`), `shard_size` records per file.
    Jsonl,
    /// `articles/00000/<id>.txt` with `---` front matter (title, outlet, date, lang).
    Txt,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "jsonl" => Ok(OutputFormat::Jsonl),
            "txt" => Ok(OutputFormat::Txt),
            _ => Err(format!("unknown format '{s}' (use jsonl or txt)")),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WriteSummary {
    pub articles: usize,
    /// Bytes of article text (UTF-8), the denominator of MB/s figures.
    pub text_bytes: u64,
    pub reprint_clusters: usize,
    pub articles_in_reprint_clusters: usize,
    pub story_groups: usize,
    pub planted: usize,
    /// Article files written (shards or txt files).
    pub files: usize,
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    outlet: &'a Option<String>,
    date: &'a Option<String>,
    lang: &'a Option<String>,
    title: &'a Option<String>,
    text: &'a str,
}

#[derive(Serialize)]
struct Manifest<'a> {
    generator: &'static str,
    version: &'static str,
    config: &'a SynthConfig,
    format: OutputFormat,
    shard_size: usize,
    summary: &'a WriteSummary,
}

fn create(path: &Path) -> io::Result<BufWriter<File>> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())))
}

fn json_line<T: Serialize>(w: &mut impl Write, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, v)?;
    w.write_all(b"\n")
}

/// Generate `cfg` into `dir` (created if missing), streaming: memory stays bounded by one
/// generation chunk whatever the article count.
pub fn write_corpus(
    cfg: &SynthConfig,
    dir: &Path,
    format: OutputFormat,
    shard_size: usize,
) -> io::Result<WriteSummary> {
    std::fs::create_dir_all(dir.join("articles"))?;
    let shard_size = shard_size.max(1);
    let mut gold = create(&dir.join("gold.jsonl"))?;
    let mut planted = create(&dir.join("planted.jsonl"))?;
    let mut summary = WriteSummary::default();
    let mut shard: Option<BufWriter<File>> = None;
    for chunk in Generator::new(cfg) {
        for a in &chunk.articles {
            let n = summary.articles;
            match format {
                OutputFormat::Jsonl => {
                    if n % shard_size == 0 {
                        if let Some(mut s) = shard.take() {
                            s.flush()?;
                        }
                        let p = dir
                            .join("articles")
                            .join(format!("articles-{:05}.jsonl", n / shard_size));
                        shard = Some(create(&p)?);
                        summary.files += 1;
                    }
                    if let Some(s) = shard.as_mut() {
                        json_line(s, &record(a))?;
                    }
                }
                OutputFormat::Txt => {
                    let sub: PathBuf = dir.join("articles").join(format!("{:05}", n / shard_size));
                    if n % shard_size == 0 {
                        std::fs::create_dir_all(&sub)?;
                    }
                    let mut f = create(&sub.join(format!("{}.txt", a.id)))?;
                    write_txt(&mut f, a)?;
                    f.flush()?;
                    summary.files += 1;
                }
            }
            summary.articles += 1;
            summary.text_bytes += a.text.len() as u64;
        }
        for c in &chunk.gold.clusters {
            json_line(&mut gold, c)?;
            match c.kind {
                super::GoldKind::Reprint => {
                    summary.reprint_clusters += 1;
                    summary.articles_in_reprint_clusters += c.articles.len();
                }
                super::GoldKind::Story => summary.story_groups += 1,
            }
        }
        for p in &chunk.gold.planted {
            json_line(&mut planted, p)?;
            summary.planted += 1;
        }
    }
    if let Some(mut s) = shard.take() {
        s.flush()?;
    }
    gold.flush()?;
    planted.flush()?;
    let manifest = Manifest {
        generator: "copydesk-gen",
        version: env!("CARGO_PKG_VERSION"),
        config: cfg,
        format,
        shard_size,
        summary: &summary,
    };
    let mut m = create(&dir.join("manifest.json"))?;
    serde_json::to_writer_pretty(&mut m, &manifest)?;
    m.write_all(b"\n")?;
    m.flush()?;
    Ok(summary)
}

fn record(a: &Article) -> Record<'_> {
    Record {
        id: &a.id,
        outlet: &a.outlet,
        date: &a.date,
        lang: &a.lang,
        title: &a.title,
        text: &a.text,
    }
}

fn write_txt(w: &mut impl Write, a: &Article) -> io::Result<()> {
    writeln!(w, "---")?;
    for (k, v) in [
        ("title", &a.title),
        ("outlet", &a.outlet),
        ("date", &a.date),
        ("lang", &a.lang),
    ] {
        if let Some(v) = v {
            writeln!(w, "{k}: {v}")?;
        }
    }
    writeln!(w, "---")?;
    writeln!(w)?;
    w.write_all(a.text.as_bytes())?;
    writeln!(w)
}
