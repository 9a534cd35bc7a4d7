//! One synthetic story: a wire original in structured form (paragraphs -> sentences -> tokens),
//! the reprints outlets make of it, rewrites that tell it in other words, and the text rendering
//! that records where every planted change landed in the final text.

use super::lexicon::{Lexicon, SynthLang};
use super::rng::Rng;
use std::ops::Range;

/// Arabic proclitics attached to a word at render time (index into [`AR_PREFIXES`]).
const AR_PREFIXES: [&str; 8] = ["", "ال", "وال", "و", "ب", "بال", "ل", "لل"];
/// Token origin marker for text an outlet wrote itself.
pub const NEW: u32 = u32::MAX;

/// What a token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tk {
    /// A vocabulary word by Zipf rank, with an Arabic clitic prefix (0 = none).
    Word {
        rank: u32,
        prefix: u8,
    },
    /// One of the story's names (people, places).
    Name(u8),
    /// A quantity.
    Num(u32),
    /// An approximator before a number: `false` "about", `true` "more than".
    Approx(bool),
    Said,
    Claimed,
    Denied,
    Hedge,
    Comma,
    And,
}

/// A token with its provenance: `origin` is its position in the wire story (or [`NEW`]), and
/// `mark` (non-zero) asks the renderer to report its byte span.
#[derive(Debug, Clone, Copy)]
pub struct T {
    pub tk: Tk,
    pub origin: u32,
    pub mark: u32,
}

/// A sentence.
#[derive(Debug, Clone, Default)]
pub struct Sent {
    pub toks: Vec<T>,
}

/// A paragraph: its sentences, its wire paragraph index (or [`NEW`]) and a span mark.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub sents: Vec<Sent>,
    pub origin: u32,
    pub mark: u32,
}

/// How a text credits the wire agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    /// `PLACE (AGENCY) - ` before the first paragraph.
    Dateline,
    /// `PLACE - ` (agency removed).
    PlaceOnly,
    /// Nothing.
    None,
}

/// Rendering habits of an outlet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// English: write 3,250 rather than 3250.
    pub thousands_sep: bool,
    /// Arabic: write digits as Arabic-Indic (٣٢٥٠).
    pub arabic_indic: bool,
    /// Arabic: write bare alef for hamzated alef forms (أ إ -> ا).
    pub bare_alef: bool,
}

/// Facts shared by every text of a story.
#[derive(Debug, Clone)]
pub struct StoryFacts {
    pub names: Vec<String>,
    pub numbers: Vec<u32>,
    /// Index into `names` of the dateline place.
    pub place: u8,
    pub agency: &'static str,
}

/// A text in structured form.
#[derive(Debug, Clone)]
pub struct Doc {
    pub paras: Vec<Para>,
    pub credit: Credit,
}

/// A rendered text and the spans the renderer was asked to report.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub text: String,
    /// `(mark, byte range)` of marked tokens.
    pub token_spans: Vec<(u32, Range<usize>)>,
    /// `(mark, byte range)` of marked paragraphs.
    pub para_spans: Vec<(u32, Range<usize>)>,
    /// Byte range of the agency credit, if any.
    pub credit_span: Option<Range<usize>>,
    /// Byte span of every token by wire origin (only filled when asked, for the wire itself).
    pub origin_spans: Vec<Range<usize>>,
}

impl StoryFacts {
    /// Draw the facts of a new story.
    pub fn new(rng: &mut Rng, lex: &Lexicon) -> StoryFacts {
        let names: Vec<String> = (0..rng.range(3, 7)).map(|_| lex.name(rng)).collect();
        let numbers = (0..rng.range(3, 8)).map(|_| draw_number(rng)).collect();
        let place = rng.below(names.len()) as u8;
        StoryFacts {
            names,
            numbers,
            place,
            agency: rng.pick::<&str>(lex.agencies),
        }
    }
}

/// A quantity the way news copy has them: mostly small counts, sometimes thousands or millions.
fn draw_number(rng: &mut Rng) -> u32 {
    let exp = rng.uniform(0.3, 6.0);
    let v = 10f64.powf(exp);
    let v = if v > 1000.0 {
        (v / 10.0).round() * 10.0
    } else {
        v.round()
    };
    v.max(2.0) as u32
}

/// Word count of a sentence for this language (Arabic news sentences run long).
fn sentence_len(rng: &mut Rng, lang: SynthLang) -> usize {
    match lang {
        SynthLang::En => rng.normal_int(20.0, 7.0, 6, 45),
        SynthLang::Ar => rng.normal_int(32.0, 8.0, 12, 60),
    }
}

/// A fresh word token of this language (Arabic content words get clitics).
fn word(rng: &mut Rng, lex: &Lexicon, top: usize) -> Tk {
    let rank = lex.zipf.sample(rng) as u32;
    let prefix = if lex.lang == SynthLang::Ar && rank as usize >= top {
        let x = rng.f64();
        if x < 0.30 {
            1
        } else if x < 0.36 {
            2
        } else if x < 0.42 {
            3
        } else if x < 0.46 {
            4
        } else if x < 0.49 {
            5
        } else if x < 0.52 {
            6
        } else if x < 0.54 {
            7
        } else {
            0
        }
    } else {
        0
    };
    Tk::Word { rank, prefix }
}

/// Number of real (non-synthesised) words at the top of a lexicon; only the rest take clitics.
fn top_len(lex: &Lexicon) -> usize {
    match lex.lang {
        SynthLang::En => 0,
        SynthLang::Ar => lex.real_words,
    }
}

/// A new sentence about the story.
pub fn sentence(rng: &mut Rng, lex: &Lexicon, facts: &StoryFacts, fact_rate: f64) -> Sent {
    let len = sentence_len(rng, lex.lang);
    let top = top_len(lex);
    let mut toks = Vec::with_capacity(len + 4);
    let new = |tk| T {
        tk,
        origin: NEW,
        mark: 0,
    };
    let attributed = rng.chance(0.3);
    let speaker = rng.below(facts.names.len()) as u8;
    if attributed && lex.lang == SynthLang::Ar {
        toks.push(new(Tk::Said));
        toks.push(new(Tk::Name(speaker)));
    }
    for i in 0..len {
        let x = rng.f64();
        if x < fact_rate {
            toks.push(new(Tk::Name(rng.below(facts.names.len()) as u8)));
        } else if x < fact_rate * 1.5 {
            if rng.chance(0.3) {
                toks.push(new(Tk::Approx(rng.chance(0.4))));
            }
            let v = if rng.chance(0.7) {
                *rng.pick(&facts.numbers)
            } else {
                draw_number(rng)
            };
            toks.push(new(Tk::Num(v)));
        } else {
            toks.push(new(word(rng, lex, top)));
        }
        if i + 2 < len && i > 2 && rng.chance(0.06) {
            toks.push(new(Tk::Comma));
        }
    }
    if attributed && lex.lang == SynthLang::En {
        toks.push(new(Tk::Comma));
        toks.push(new(Tk::Name(speaker)));
        toks.push(new(Tk::Said));
    }
    Sent { toks }
}

/// New paragraphs of roughly `words` words.
pub fn paragraphs(
    rng: &mut Rng,
    lex: &Lexicon,
    facts: &StoryFacts,
    words: usize,
    fact_rate: f64,
) -> Vec<Para> {
    let mut out = Vec::new();
    let mut n = 0;
    while n < words.max(1) {
        let sents: Vec<Sent> = (0..rng.range(1, 3))
            .map(|_| sentence(rng, lex, facts, fact_rate))
            .collect();
        n += sents.iter().map(|s| s.toks.len()).sum::<usize>();
        out.push(Para {
            sents,
            origin: NEW,
            mark: 0,
        });
    }
    out
}

/// The wire original: 10-35 English sentences or 8-22 long Arabic ones, with a dateline credit.
/// Token and paragraph origins are their wire positions.
pub fn wire(rng: &mut Rng, lex: &Lexicon, facts: &StoryFacts) -> Doc {
    let target_words = match lex.lang {
        SynthLang::En => rng.range(10, 35) * 20,
        SynthLang::Ar => rng.range(8, 22) * 32,
    };
    let mut paras = paragraphs(rng, lex, facts, target_words, 0.06);
    let mut pos = 0u32;
    for (pi, p) in paras.iter_mut().enumerate() {
        p.origin = pi as u32;
        for s in &mut p.sents {
            for t in &mut s.toks {
                t.origin = pos;
                pos += 1;
            }
        }
    }
    Doc {
        paras,
        credit: Credit::Dateline,
    }
}

impl Doc {
    /// Total tokens.
    pub fn token_count(&self) -> usize {
        self.paras
            .iter()
            .flat_map(|p| &p.sents)
            .map(|s| s.toks.len())
            .sum()
    }

    /// Render to text. `record_origins` fills [`Rendered::origin_spans`] (for the wire).
    pub fn render(
        &self,
        lex: &Lexicon,
        facts: &StoryFacts,
        style: Style,
        record_origins: bool,
    ) -> Rendered {
        let mut r = Rendered::default();
        let ar = lex.lang == SynthLang::Ar;
        if record_origins {
            r.origin_spans = vec![0..0; self.token_count()];
        }
        for (pi, p) in self.paras.iter().enumerate() {
            if pi > 0 {
                r.text.push_str("\n\n");
            }
            let para_start = r.text.len();
            if pi == 0 && self.credit != Credit::None {
                r.text
                    .push_str(&facts.names[facts.place as usize].to_uppercase());
                if self.credit == Credit::Dateline {
                    r.text.push(' ');
                    let s = r.text.len();
                    r.text.push('(');
                    r.text.push_str(facts.agency);
                    r.text.push(')');
                    r.credit_span = Some(s..r.text.len());
                }
                r.text.push_str(" - ");
            }
            for (si, s) in p.sents.iter().enumerate() {
                if si > 0 {
                    r.text.push(' ');
                }
                let mut first = true;
                for t in &s.toks {
                    if t.tk == Tk::Comma {
                        r.text.push_str(if ar { "،" } else { "," });
                        continue;
                    }
                    if !first {
                        r.text.push(' ');
                    }
                    let start = r.text.len();
                    push_token(&mut r.text, t.tk, lex, facts, style);
                    if first && !ar {
                        capitalize_from(&mut r.text, start);
                    }
                    first = false;
                    let span = start..r.text.len();
                    if t.mark != 0 {
                        r.token_spans.push((t.mark, span.clone()));
                    }
                    if record_origins && t.origin != NEW {
                        r.origin_spans[t.origin as usize] = span;
                    }
                }
                r.text.push('.');
            }
            if p.mark != 0 {
                r.para_spans.push((p.mark, para_start..r.text.len()));
            }
        }
        r
    }
}

fn capitalize_from(s: &mut String, start: usize) {
    if let Some(c) = s[start..].chars().next() {
        if c.is_ascii_lowercase() {
            let up = c.to_ascii_uppercase();
            s.replace_range(start..start + 1, up.encode_utf8(&mut [0u8; 4]));
        }
    }
}

fn push_token(out: &mut String, tk: Tk, lex: &Lexicon, facts: &StoryFacts, style: Style) {
    let ar = lex.lang == SynthLang::Ar;
    match tk {
        Tk::Word { rank, prefix } => {
            let w = &lex.words[rank as usize];
            let prefix = AR_PREFIXES[prefix as usize];
            out.push_str(prefix);
            if style.bare_alef && ar {
                for c in w.chars() {
                    out.push(match c {
                        'أ' | 'إ' => 'ا',
                        c => c,
                    });
                }
            } else {
                out.push_str(w);
            }
        }
        Tk::Name(i) => out.push_str(&facts.names[i as usize]),
        Tk::Num(v) => push_number(out, v, ar, style),
        Tk::Approx(more) => out.push_str(if more {
            lex.approx_more
        } else {
            lex.approx_about
        }),
        Tk::Said => out.push_str(lex.said),
        Tk::Claimed => out.push_str(lex.claimed),
        Tk::Denied => out.push_str(lex.denied),
        Tk::Hedge => out.push_str(lex.hedge),
        Tk::And => out.push_str(lex.and),
        Tk::Comma => {}
    }
}

/// Write a number in an outlet's style.
pub fn push_number(out: &mut String, v: u32, ar: bool, style: Style) {
    let digits = v.to_string();
    let grouped = if !ar && style.thousands_sep && v >= 1000 {
        let mut g = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                g.push(',');
            }
            g.push(c);
        }
        g
    } else {
        digits
    };
    if ar && style.arabic_indic {
        for c in grouped.chars() {
            out.push(match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                None => c,
            });
        }
    } else {
        out.push_str(&grouped);
    }
}
