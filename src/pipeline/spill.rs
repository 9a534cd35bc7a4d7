//! The scan's spill files: what pass 1 learns about an article that is too big to keep in memory
//! for the whole batch, written once, sequentially, to anonymous temporary files and read back by
//! [`Locator`] when a later stage needs it.
//!
//! An article's record has three parts, each in a spill of its own, because they are done with
//! at different times and a closed anonymous file gives its pages back at once:
//! - [`SketchSpill`]: its shingle set and their positions, read by reprint verification;
//! - [`StorySpill`]: its story features and each sentence's content keys, read by story linking;
//! - [`ArticleSpill`]: its text, sentence spans and metadata strings, read by pass 2 and the
//!   report.
//!
//! At 1M generated articles the first two are about 10 GB of the 14 GB: freed before pass 2 writes the
//! report's parts, they no longer push what pass 2 and the report read out of the page cache.
//!
//! A spill works for every input (folders, JSON lines, gzip, standard input) without re-parsing
//! it, and reads are positioned (`pread`), so any number of threads read at once.

use crate::cluster::stories::ArticleFeatures;
use std::fs::File;
use std::io::{self, BufWriter, Write};

/// Where one article's record parts sit in their spills, and the size of each piece.
#[derive(Debug, Clone, Copy, Default)]
pub struct Locator {
    sketch_at: u64,
    story_at: u64,
    article_at: u64,
    text: u32,
    shingles: u32,
    features: u32,
    sentences: u32,
    sentence_keys: u32,
    meta: u32,
}

impl Locator {
    /// Shingles in the article's set.
    pub fn shingle_count(&self) -> usize {
        self.shingles as usize
    }

    fn sketch_len(&self) -> usize {
        6 * self.shingles as usize
    }

    fn positions_at(&self) -> u64 {
        self.sketch_at + 4 * self.shingles as u64
    }

    fn story_len(&self) -> usize {
        12 * self.features as usize + 4 * self.sentences as usize + 8 * self.sentence_keys as usize
    }

    fn sentences_at(&self) -> u64 {
        self.story_at + 12 * self.features as u64
    }

    fn spans_at(&self) -> u64 {
        self.article_at + self.text as u64
    }

    fn meta_at(&self) -> u64 {
        self.spans_at() + 8 * self.sentences as u64
    }
}

/// An article's metadata strings, which only pass 2 and the report need: spilled with the
/// article's record instead of being kept in memory for the whole batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: String,
}

/// Length written for an absent string (a present one is shorter: records are under 4 GiB).
const ABSENT: u32 = u32::MAX;

impl Meta {
    /// `outlet | date | title | url | source`, each a little-endian `u32` length ([`ABSENT`] for
    /// none) and its UTF-8 bytes.
    fn write(&self, out: &mut Vec<u8>) {
        let fields = [&self.outlet, &self.date, &self.title, &self.url];
        for f in fields
            .into_iter()
            .map(Option::as_deref)
            .chain([Some(&*self.source)])
        {
            match f {
                None => out.extend_from_slice(&ABSENT.to_le_bytes()),
                Some(s) => {
                    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
    }

    /// The metadata [`Meta::write`] wrote, or `None` when `bytes` is not such a record.
    fn read(mut bytes: &[u8]) -> Option<Meta> {
        let mut next = || -> Option<Option<String>> {
            let (len, rest) = bytes.split_first_chunk::<4>()?;
            let len = u32::from_le_bytes(*len);
            if len == ABSENT {
                bytes = rest;
                return Some(None);
            }
            let (s, rest) = rest.split_at_checked(len as usize)?;
            bytes = rest;
            Some(Some(String::from_utf8(s.to_vec()).ok()?))
        };
        let meta = Meta {
            outlet: next()?,
            date: next()?,
            title: next()?,
            url: next()?,
            source: next()??,
        };
        bytes.is_empty().then_some(meta)
    }
}

/// Where bytes stored by [`SpillWriter::push_bytes`] are.
#[derive(Debug, Clone, Copy)]
pub struct Blob {
    at: u64,
    len: u32,
}

/// One article's record, serialised in a worker thread and appended by [`RecordWriter`]: its
/// three parts end to end.
pub struct Record {
    bytes: Vec<u8>,
    loc: Locator,
}

impl Record {
    /// Serialise, little-endian, the sketch part `shingles (u32, as `ArticleSketch::shingles`) |
    /// their positions (u16)`, the story part `feature keys (u64) | feature counts (u32) |
    /// sentence key counts (u32) | sentence keys (u64)` and the article part `text | sentence
    /// spans (u32 start, end) | metadata ([`Meta`])`. `spans` has one entry per sentence, like
    /// `features.sentence_keys`.
    pub fn new(
        text: &str,
        shingles: &[u32],
        positions: &[u16],
        features: &ArticleFeatures,
        spans: &[(u32, u32)],
        meta: &Meta,
    ) -> Record {
        debug_assert_eq!(spans.len(), features.sentence_keys.len());
        debug_assert_eq!(positions.len(), shingles.len());
        let keys: usize = features.sentence_keys.iter().map(Vec::len).sum();
        let mut bytes = Vec::with_capacity(
            6 * shingles.len()
                + 12 * features.tf.len()
                + 4 * features.sentence_keys.len()
                + 8 * keys
                + text.len()
                + 8 * spans.len(),
        );
        shingles
            .iter()
            .for_each(|s| bytes.extend_from_slice(&s.to_le_bytes()));
        positions
            .iter()
            .for_each(|p| bytes.extend_from_slice(&p.to_le_bytes()));
        features
            .tf
            .iter()
            .for_each(|f| bytes.extend_from_slice(&f.0.to_le_bytes()));
        features
            .tf
            .iter()
            .for_each(|f| bytes.extend_from_slice(&f.1.to_le_bytes()));
        for s in &features.sentence_keys {
            bytes.extend_from_slice(&(s.len() as u32).to_le_bytes());
        }
        for k in features.sentence_keys.iter().flatten() {
            bytes.extend_from_slice(&k.to_le_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        for &(start, end) in spans {
            bytes.extend_from_slice(&start.to_le_bytes());
            bytes.extend_from_slice(&end.to_le_bytes());
        }
        let meta_at = bytes.len();
        meta.write(&mut bytes);
        let meta_len = (bytes.len() - meta_at) as u32;
        Record {
            bytes,
            loc: Locator {
                text: text.len() as u32,
                shingles: shingles.len() as u32,
                features: features.tf.len() as u32,
                sentences: features.sentence_keys.len() as u32,
                sentence_keys: keys as u32,
                meta: meta_len,
                ..Locator::default()
            },
        }
    }
}

/// Appends records, each part to its own spill.
pub struct RecordWriter {
    sketch: SpillWriter,
    story: SpillWriter,
    article: SpillWriter,
}

/// The finished spills of a [`RecordWriter`], to be dropped one by one as the scan is done with
/// them.
pub struct Records {
    pub sketch: SketchSpill,
    pub story: StorySpill,
    pub article: ArticleSpill,
}

impl RecordWriter {
    /// Records whose parts go to `article` and to two new spills kept where it is.
    pub fn new(article: SpillWriter) -> io::Result<RecordWriter> {
        Ok(RecordWriter {
            sketch: article.sibling()?,
            story: article.sibling()?,
            article,
        })
    }

    /// Append a record and say where its parts are.
    pub fn push(&mut self, record: Record) -> io::Result<Locator> {
        let loc = record.loc;
        let (sketch, rest) = record.bytes.split_at(loc.sketch_len());
        let (story, article) = rest.split_at(loc.story_len());
        Ok(Locator {
            sketch_at: self.sketch.push_bytes(sketch)?.at,
            story_at: self.story.push_bytes(story)?.at,
            article_at: self.article.push_bytes(article)?.at,
            ..loc
        })
    }

    /// Finish writing; the spills can now be read.
    pub fn finish(self) -> io::Result<Records> {
        Ok(Records {
            sketch: SketchSpill(self.sketch.finish()?),
            story: StorySpill(self.story.finish()?),
            article: ArticleSpill(self.article.finish()?),
        })
    }
}

/// Appends records to the spill.
pub struct SpillWriter {
    out: Backing<BufWriter<File>>,
    len: u64,
}

enum Backing<F> {
    /// An anonymous temporary file (deleted when closed).
    File(F),
    /// In memory, for batches that are in memory already.
    Memory(Vec<u8>),
}

impl SpillWriter {
    /// A new, empty spill in the system's temporary directory (deleted when dropped).
    pub fn on_disk() -> io::Result<SpillWriter> {
        Ok(SpillWriter {
            out: Backing::File(BufWriter::with_capacity(1 << 20, tempfile::tempfile()?)),
            len: 0,
        })
    }

    /// A new, empty spill in memory.
    pub fn in_memory() -> SpillWriter {
        SpillWriter {
            out: Backing::Memory(Vec::new()),
            len: 0,
        }
    }

    /// A new, empty spill kept where this one is (on disk or in memory).
    pub fn sibling(&self) -> io::Result<SpillWriter> {
        match self.out {
            Backing::File(_) => SpillWriter::on_disk(),
            Backing::Memory(_) => Ok(SpillWriter::in_memory()),
        }
    }

    /// Append a story profile, `(key, weight)` pairs, as its keys (`u64`) then its weights
    /// (`f32`), little-endian; read back by [`Spill::profile`].
    pub fn push_profile(&mut self, profile: &[(u64, f32)]) -> io::Result<Blob> {
        let mut bytes = Vec::with_capacity(12 * profile.len());
        profile
            .iter()
            .for_each(|p| bytes.extend_from_slice(&p.0.to_le_bytes()));
        profile
            .iter()
            .for_each(|p| bytes.extend_from_slice(&p.1.to_le_bytes()));
        self.push_bytes(&bytes)
    }

    /// Append raw bytes and say where they are.
    pub fn push_bytes(&mut self, bytes: &[u8]) -> io::Result<Blob> {
        match &mut self.out {
            Backing::File(f) => f.write_all(bytes)?,
            Backing::Memory(m) => m.extend_from_slice(bytes),
        }
        let at = self.len;
        self.len += bytes.len() as u64;
        Ok(Blob {
            at,
            len: bytes.len() as u32,
        })
    }

    /// Finish writing; the spill can now be read.
    pub fn finish(self) -> io::Result<Spill> {
        let backing = match self.out {
            Backing::File(f) => Backing::File(f.into_inner().map_err(|e| e.into_error())?),
            Backing::Memory(m) => Backing::Memory(m),
        };
        Ok(Spill {
            backing,
            failed: std::sync::Mutex::new(None),
        })
    }
}

/// A finished spill, read by positioned reads from any thread.
///
/// A read that fails (the temporary file was truncated, the disk failed) returns zeros and is
/// remembered; stages call [`Spill::check`] when they are done, so the scan ends with an error
/// naming the spill instead of a panic in a worker thread.
pub struct Spill {
    backing: Backing<File>,
    failed: std::sync::Mutex<Option<io::Error>>,
}

impl Spill {
    fn read(&self, at: u64, len: usize) -> Vec<u8> {
        match &self.backing {
            Backing::File(file) => {
                let mut buf = vec![0u8; len];
                if let Err(e) = read_exact_at(file, &mut buf, at) {
                    buf.fill(0);
                    self.remember(e);
                }
                buf
            }
            Backing::Memory(m) => m[at as usize..at as usize + len].to_vec(),
        }
    }

    /// Keep `e` for [`Spill::check`] unless an earlier failure is kept already.
    fn remember(&self, e: io::Error) {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed.get_or_insert(e);
    }

    /// The first failed read since the spill was finished, as an error naming the spill (what
    /// was read after it is zeros and must be discarded).
    pub fn check(&self) -> io::Result<()> {
        let failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        match &*failed {
            None => Ok(()),
            Some(e) => Err(io::Error::new(
                e.kind(),
                format!(
                    "cannot read back the scan's temporary spill file ({e}); \
                     check TMPDIR's disk and free space"
                ),
            )),
        }
    }

    /// Bytes stored by [`SpillWriter::push_bytes`].
    pub fn blob(&self, b: Blob) -> Vec<u8> {
        self.read(b.at, b.len as usize)
    }

    /// A story profile stored by [`SpillWriter::push_profile`]: its keys and their weights.
    pub fn profile(&self, b: Blob) -> (Vec<u64>, Vec<f32>) {
        let bytes = self.read(b.at, b.len as usize);
        let (keys, weights) = bytes.split_at(8 * (bytes.len() / 12));
        let weights = weights
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        (u64s(keys), weights)
    }
}

/// The sketch parts of the records: shingle sets and their positions.
pub struct SketchSpill(Spill);

impl SketchSpill {
    /// The article's sorted shingle set.
    pub fn shingles(&self, loc: &Locator) -> Vec<u32> {
        self.0
            .read(loc.sketch_at, 4 * loc.shingles as usize)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect()
    }

    /// Where each shingle of the article's set first stands (as `ArticleSketch::positions`).
    pub fn positions(&self, loc: &Locator) -> Vec<u16> {
        self.0
            .read(loc.positions_at(), 2 * loc.shingles as usize)
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect()
    }

    /// As [`Spill::check`].
    pub fn check(&self) -> io::Result<()> {
        self.0.check()
    }
}

/// The story parts of the records: story features and each sentence's content keys.
pub struct StorySpill(Spill);

impl StorySpill {
    /// The article's story features with their counts, sorted by key.
    pub fn features(&self, loc: &Locator) -> Vec<(u64, u32)> {
        let n = loc.features as usize;
        let bytes = self.0.read(loc.story_at, 12 * n);
        let (keys, counts) = bytes.split_at(8 * n);
        u64s(keys)
            .into_iter()
            .zip(counts.chunks_exact(4))
            .map(|(k, c)| (k, u32::from_le_bytes(c.try_into().expect("4 bytes"))))
            .collect()
    }

    /// The content keys of each sentence.
    pub fn sentence_keys(&self, loc: &Locator) -> Vec<Vec<u64>> {
        let n = loc.sentences as usize;
        let bytes = self
            .0
            .read(loc.sentences_at(), 4 * n + 8 * loc.sentence_keys as usize);
        let (lens, keys) = bytes.split_at(4 * n);
        let keys = u64s(keys);
        let mut at = 0;
        lens.chunks_exact(4)
            .map(|c| {
                let len = u32::from_le_bytes(c.try_into().expect("4 bytes")) as usize;
                let s = keys[at..at + len].to_vec();
                at += len;
                s
            })
            .collect()
    }

    /// As [`Spill::check`].
    pub fn check(&self) -> io::Result<()> {
        self.0.check()
    }
}

/// The article parts of the records: texts, sentence spans and metadata strings.
pub struct ArticleSpill(Spill);

impl ArticleSpill {
    /// The article's original text.
    pub fn text(&self, loc: &Locator) -> String {
        let bytes = self.0.read(loc.article_at, loc.text as usize);
        String::from_utf8(bytes).expect("the spill holds the UTF-8 text it was given")
    }

    /// The sentence boundaries (original byte ranges).
    pub fn sentence_spans(&self, loc: &Locator) -> Vec<(u32, u32)> {
        self.0
            .read(loc.spans_at(), 8 * loc.sentences as usize)
            .chunks_exact(8)
            .map(|c| {
                let (a, b) = c.split_at(4);
                (
                    u32::from_le_bytes(a.try_into().expect("4 bytes")),
                    u32::from_le_bytes(b.try_into().expect("4 bytes")),
                )
            })
            .collect()
    }

    /// The article's metadata strings. A record that does not read back (a failed read gives
    /// zeros) gives empty metadata and is remembered like a failed read: see [`Spill::check`].
    pub fn meta(&self, loc: &Locator) -> Meta {
        let bytes = self.0.read(loc.meta_at(), loc.meta as usize);
        Meta::read(&bytes).unwrap_or_else(|| {
            self.0.remember(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "an article's metadata at byte {} does not read back",
                    loc.meta_at()
                ),
            ));
            Meta::default()
        })
    }

    /// As [`Spill::check`].
    pub fn check(&self) -> io::Result<()> {
        self.0.check()
    }
}

fn u64s(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect()
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back() {
        for w in [SpillWriter::on_disk().unwrap(), SpillWriter::in_memory()] {
            records_read_back_through(w);
        }
    }

    fn records_read_back_through(w: SpillWriter) {
        let mut w = RecordWriter::new(w).unwrap();
        let f = ArticleFeatures {
            tf: vec![(3, 1), (9, 4)],
            sentence_keys: vec![vec![1, 2], vec![], vec![7]],
        };
        let spans = [(0, 2), (2, 4), (4, 6)];
        let meta = Meta {
            outlet: Some("Agence".into()),
            date: None,
            title: Some("Ünïcode title".into()),
            url: Some(String::new()),
            source: "in.jsonl:3".into(),
        };
        let a = w
            .push(Record::new(
                "héllo",
                &[5, 6, 7],
                &[4, 0, 9],
                &f,
                &spans,
                &meta,
            ))
            .unwrap();
        let b = w
            .push(Record::new(
                "x",
                &[],
                &[],
                &ArticleFeatures::default(),
                &[],
                &Meta::default(),
            ))
            .unwrap();
        let c = w
            .push(Record::new(
                "third",
                &[u32::MAX],
                &[u16::MAX],
                &ArticleFeatures {
                    tf: vec![(u64::MAX, 2)],
                    sentence_keys: vec![vec![u64::MAX]],
                },
                &[(0, 5)],
                &Meta::default(),
            ))
            .unwrap();
        let Records {
            sketch,
            story,
            article,
        } = w.finish().unwrap();
        assert_eq!(article.text(&a), "héllo");
        assert_eq!(sketch.shingles(&a), vec![5, 6, 7]);
        assert_eq!(sketch.positions(&a), vec![4, 0, 9]);
        assert_eq!(story.features(&a), f.tf);
        assert_eq!(story.sentence_keys(&a), f.sentence_keys);
        assert_eq!(article.sentence_spans(&a), spans);
        assert_eq!(article.meta(&a), meta);
        assert_eq!(article.meta(&b), Meta::default());
        assert_eq!(article.text(&b), "x");
        assert!(sketch.shingles(&b).is_empty());
        assert!(sketch.positions(&b).is_empty());
        assert!(story.features(&b).is_empty());
        assert!(story.sentence_keys(&b).is_empty());
        // A record after an empty one: each part where its own spill put it.
        assert_eq!(article.text(&c), "third");
        assert_eq!(sketch.shingles(&c), vec![u32::MAX]);
        assert_eq!(sketch.positions(&c), vec![u16::MAX]);
        assert_eq!(story.features(&c), vec![(u64::MAX, 2)]);
        assert_eq!(story.sentence_keys(&c), vec![vec![u64::MAX]]);
        assert_eq!(article.sentence_spans(&c), vec![(0, 5)]);
        // The story spill outlives the sketch spill, and the article spill both.
        drop(sketch);
        assert_eq!(story.features(&a), f.tf);
        drop(story);
        assert_eq!(article.meta(&a), meta);
        assert!(article.check().is_ok());
    }

    #[test]
    fn profiles_read_back_from_a_sibling_spill() {
        for w in [SpillWriter::on_disk().unwrap(), SpillWriter::in_memory()] {
            let mut s = w.sibling().unwrap();
            assert_eq!(
                matches!(s.out, Backing::File(_)),
                matches!(w.out, Backing::File(_))
            );
            let a = s
                .push_profile(&[(1, 0.5), (u64::MAX, f32::MIN_POSITIVE), (7, 3.25)])
                .unwrap();
            let b = s.push_profile(&[]).unwrap();
            let c = s.push_profile(&[(42, 1.0)]).unwrap();
            let spill = s.finish().unwrap();
            assert_eq!(
                spill.profile(a),
                (vec![1, u64::MAX, 7], vec![0.5, f32::MIN_POSITIVE, 3.25])
            );
            assert_eq!(spill.profile(b), (vec![], vec![]));
            assert_eq!(spill.profile(c), (vec![42], vec![1.0]));
            assert!(spill.check().is_ok());
        }
    }

    #[test]
    fn a_failed_read_is_an_error_not_a_panic() {
        let mut w = RecordWriter::new(SpillWriter::on_disk().unwrap()).unwrap();
        let a = w
            .push(Record::new(
                "some text",
                &[1, 2],
                &[0, 1],
                &ArticleFeatures::default(),
                &[],
                &Meta::default(),
            ))
            .unwrap();
        let Records { sketch, story, .. } = w.finish().unwrap();
        let Backing::File(file) = &sketch.0.backing else {
            panic!("an on-disk spill has a file");
        };
        file.set_len(3).unwrap();
        assert_eq!(sketch.shingles(&a), vec![0, 0]);
        // Each spill remembers its own failures.
        assert!(story.check().is_ok());
        let e = sketch.check().unwrap_err();
        assert!(e.to_string().contains("temporary spill file"), "{e}");
    }

    #[test]
    fn metadata_that_does_not_read_back_is_an_error() {
        let meta = Meta {
            outlet: Some("AFP".into()),
            source: "a.txt".into(),
            ..Meta::default()
        };
        let mut bytes = Vec::new();
        meta.write(&mut bytes);
        assert_eq!(Meta::read(&bytes), Some(meta.clone()));
        // Truncated, overlong, not UTF-8, or zeros where a record was: not metadata.
        assert_eq!(Meta::read(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Meta::read(&[bytes.as_slice(), &[0]].concat()), None);
        let mut bad = bytes.clone();
        let at = bad.len() - 1;
        bad[at] = 0xff;
        assert_eq!(Meta::read(&bad), None);
        assert_eq!(Meta::read(&vec![0; bytes.len()]), None);

        // Through a spill whose record was overwritten: the scan's check fails, naming it.
        let mut w = RecordWriter::new(SpillWriter::in_memory()).unwrap();
        let loc = w
            .push(Record::new(
                "t",
                &[],
                &[],
                &ArticleFeatures::default(),
                &[],
                &meta,
            ))
            .unwrap();
        let mut spill = w.finish().unwrap().article;
        if let Backing::Memory(m) = &mut spill.0.backing {
            let n = m.len();
            m[n - 1] = 0xff;
        }
        assert_eq!(spill.meta(&loc), Meta::default());
        let e = spill.check().unwrap_err();
        assert!(e.to_string().contains("metadata"), "{e}");
    }
}
