//! The scan's spill file: what pass 1 learns about an article that is too big to keep in memory
//! for the whole batch (its text, shingle set, story features), written once, sequentially, to
//! an anonymous temporary file and read back by [`Locator`] when a later stage needs it.
//!
//! A spill works for every input (folders, JSON lines, gzip, standard input) without re-parsing
//! it, and reads are positioned (`pread`), so any number of threads read at once.

use crate::cluster::stories::ArticleFeatures;
use std::fs::File;
use std::io::{self, BufWriter, Write};

/// Where one article's record sits in the spill, and the size of each part.
#[derive(Debug, Clone, Copy, Default)]
pub struct Locator {
    offset: u64,
    text: u32,
    shingles: u32,
    features: u32,
    sentences: u32,
    sentence_keys: u32,
}

impl Locator {
    /// Shingles in the article's set.
    pub fn shingle_count(&self) -> usize {
        self.shingles as usize
    }

    fn shingles_at(&self) -> u64 {
        self.offset + self.text as u64
    }

    fn features_at(&self) -> u64 {
        self.shingles_at() + 8 * self.shingles as u64
    }

    fn sentences_at(&self) -> u64 {
        self.features_at() + 12 * self.features as u64
    }

    fn spans_at(&self) -> u64 {
        self.sentences_at() + 4 * self.sentences as u64 + 8 * self.sentence_keys as u64
    }
}

/// Where bytes stored by [`SpillWriter::push_bytes`] are.
#[derive(Debug, Clone, Copy)]
pub struct Blob {
    at: u64,
    len: u32,
}

/// One article's record, serialised in a worker thread and appended by [`SpillWriter`].
pub struct Record {
    bytes: Vec<u8>,
    loc: Locator,
}

impl Record {
    /// Serialise `text | shingles (u64) | feature keys (u64) | feature counts (u32) |
    /// sentence key counts (u32) | sentence keys (u64) | sentence spans (u32 start, end)`,
    /// little-endian. `spans` has one entry per sentence, like `features.sentence_keys`.
    pub fn new(
        text: &str,
        shingles: &[u64],
        features: &ArticleFeatures,
        spans: &[(u32, u32)],
    ) -> Record {
        debug_assert_eq!(spans.len(), features.sentence_keys.len());
        let keys: usize = features.sentence_keys.iter().map(Vec::len).sum();
        let mut bytes = Vec::with_capacity(
            text.len()
                + 8 * shingles.len()
                + 12 * features.tf.len()
                + 4 * features.sentence_keys.len()
                + 8 * keys
                + 8 * spans.len(),
        );
        bytes.extend_from_slice(text.as_bytes());
        shingles
            .iter()
            .for_each(|s| bytes.extend_from_slice(&s.to_le_bytes()));
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
        for &(start, end) in spans {
            bytes.extend_from_slice(&start.to_le_bytes());
            bytes.extend_from_slice(&end.to_le_bytes());
        }
        Record {
            bytes,
            loc: Locator {
                offset: 0,
                text: text.len() as u32,
                shingles: shingles.len() as u32,
                features: features.tf.len() as u32,
                sentences: features.sentence_keys.len() as u32,
                sentence_keys: keys as u32,
            },
        }
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

    /// Append a record and say where it is.
    pub fn push(&mut self, record: Record) -> io::Result<Locator> {
        match &mut self.out {
            Backing::File(f) => f.write_all(&record.bytes)?,
            Backing::Memory(m) => m.extend_from_slice(&record.bytes),
        }
        let loc = Locator {
            offset: self.len,
            ..record.loc
        };
        self.len += record.bytes.len() as u64;
        Ok(loc)
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
                    let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                    failed.get_or_insert(e);
                }
                buf
            }
            Backing::Memory(m) => m[at as usize..at as usize + len].to_vec(),
        }
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

    /// The article's original text.
    pub fn text(&self, loc: &Locator) -> String {
        let bytes = self.read(loc.offset, loc.text as usize);
        String::from_utf8(bytes).expect("the spill holds the UTF-8 text it was given")
    }

    /// The article's sorted shingle set.
    pub fn shingles(&self, loc: &Locator) -> Vec<u64> {
        u64s(&self.read(loc.shingles_at(), 8 * loc.shingles as usize))
    }

    /// The article's story features with their counts, sorted by key.
    pub fn features(&self, loc: &Locator) -> Vec<(u64, u32)> {
        let n = loc.features as usize;
        let bytes = self.read(loc.features_at(), 12 * n);
        let (keys, counts) = bytes.split_at(8 * n);
        u64s(keys)
            .into_iter()
            .zip(counts.chunks_exact(4))
            .map(|(k, c)| (k, u32::from_le_bytes(c.try_into().expect("4 bytes"))))
            .collect()
    }

    /// The sentence boundaries (original byte ranges).
    pub fn sentence_spans(&self, loc: &Locator) -> Vec<(u32, u32)> {
        self.read(loc.spans_at(), 8 * loc.sentences as usize)
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

    /// The content keys of each sentence.
    pub fn sentence_keys(&self, loc: &Locator) -> Vec<Vec<u64>> {
        let n = loc.sentences as usize;
        let bytes = self.read(loc.sentences_at(), 4 * n + 8 * loc.sentence_keys as usize);
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
        let mut w = SpillWriter::on_disk().unwrap();
        let f = ArticleFeatures {
            tf: vec![(3, 1), (9, 4)],
            sentence_keys: vec![vec![1, 2], vec![], vec![7]],
        };
        let spans = [(0, 2), (2, 4), (4, 6)];
        let a = w
            .push(Record::new("héllo", &[5, 6, 7], &f, &spans))
            .unwrap();
        let b = w
            .push(Record::new("x", &[], &ArticleFeatures::default(), &[]))
            .unwrap();
        let spill = w.finish().unwrap();
        assert_eq!(spill.text(&a), "héllo");
        assert_eq!(spill.shingles(&a), vec![5, 6, 7]);
        assert_eq!(spill.features(&a), f.tf);
        assert_eq!(spill.sentence_keys(&a), f.sentence_keys);
        assert_eq!(spill.sentence_spans(&a), spans);
        assert_eq!(spill.text(&b), "x");
        assert!(spill.shingles(&b).is_empty());
        assert!(spill.sentence_keys(&b).is_empty());
        assert!(spill.check().is_ok());
    }

    #[test]
    fn a_failed_read_is_an_error_not_a_panic() {
        let mut w = SpillWriter::on_disk().unwrap();
        let a = w
            .push(Record::new(
                "some text",
                &[1, 2],
                &ArticleFeatures::default(),
                &[],
            ))
            .unwrap();
        let spill = w.finish().unwrap();
        let Backing::File(file) = &spill.backing else {
            panic!("an on-disk spill has a file");
        };
        file.set_len(3).unwrap();
        assert_eq!(spill.shingles(&a), vec![0, 0]);
        let e = spill.check().unwrap_err();
        assert!(e.to_string().contains("temporary spill file"), "{e}");
    }
}
