//! The text stage's hot kernels on generated news copy: normalisation (with its offset map) and
//! tokenisation, English and Arabic. Throughput is reported in bytes of original text.

use copydesk::synth::{Corpus, LangMix, SynthConfig};
use copydesk::text::{key_hashes_into, normalize, normalize_into, tokenize, Document, KeyScratch};
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// 200 generated articles of one language, concatenated into one batch of texts.
fn texts(lang: &str) -> Vec<String> {
    let mix = if lang == "ar" {
        LangMix::Ar
    } else {
        LangMix::En
    };
    let (articles, _) = Corpus::generate(&SynthConfig::new(200, mix, 11));
    articles.into_iter().map(|a| a.text).collect()
}

fn bytes(texts: &[String]) -> BytesCount {
    BytesCount::new(texts.iter().map(String::len).sum::<usize>())
}

#[divan::bench(args = ["en", "ar"])]
fn normalise(bencher: Bencher, lang: &str) {
    let t = texts(lang);
    bencher
        .counter(bytes(&t))
        .bench(|| t.iter().map(|s| normalize(s).text.len()).sum::<usize>());
}

/// Normalisation without the offset map, into a reused buffer (the clustering path).
#[divan::bench(args = ["en", "ar"])]
fn normalise_text_only(bencher: Bencher, lang: &str) {
    let t = texts(lang);
    let mut buf = Vec::new();
    bencher.counter(bytes(&t)).bench_local(|| {
        t.iter()
            .map(|s| {
                normalize_into(s, &mut buf);
                buf.len()
            })
            .sum::<usize>()
    });
}

/// Raw text to word key hashes with reused buffers: what clustering needs of the text stage.
#[divan::bench(args = ["en", "ar"])]
fn key_hashes(bencher: Bencher, lang: &str) {
    bench_key_hashes(bencher, &texts(lang));
}

/// [`key_hashes`] on the normalising path: the generated texts are plain (read word by word
/// from their bytes); a leading tatweel, which is not plain, makes each one be normalised
/// and scanned whole, as text with other characters is.
#[divan::bench(args = ["en", "ar"])]
fn key_hashes_normalising(bencher: Bencher, lang: &str) {
    let t: Vec<String> = texts(lang).iter().map(|s| format!("\u{640} {s}")).collect();
    bench_key_hashes(bencher, &t);
}

fn bench_key_hashes(bencher: Bencher, t: &[String]) {
    let mut scratch = KeyScratch::default();
    let mut keys = Vec::new();
    bencher.counter(bytes(t)).bench_local(|| {
        t.iter()
            .map(|s| {
                key_hashes_into(s, &mut scratch, &mut keys);
                keys.len()
            })
            .sum::<usize>()
    });
}

#[divan::bench(args = ["en", "ar"])]
fn tokenise(bencher: Bencher, lang: &str) {
    let t = texts(lang);
    let normalised: Vec<String> = t.iter().map(|s| normalize(s).text).collect();
    bencher
        .counter(bytes(&t))
        .bench(|| normalised.iter().map(|s| tokenize(s).len()).sum::<usize>());
}

/// The whole text stage as the clusterer uses it: language guess, normalisation, tokens,
/// sentences.
#[divan::bench(args = ["en", "ar"])]
fn document(bencher: Bencher, lang: &str) {
    let t = texts(lang);
    bencher.counter(bytes(&t)).bench(|| {
        t.iter()
            .map(|s| Document::new(s, None).tokens.len())
            .sum::<usize>()
    });
}
