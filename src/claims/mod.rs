//! Claims stage: per-sentence claims — quantities as intervals with their head noun, polarity,
//! attribution and wire credits, hedging, dates — driven by per-language lexicon data files.
//!
//! Extraction is deliberately shallow and explainable: every claim is a lexicon cue (or a number)
//! at a known span, plus a little local context (the counted noun, the negation in front of an
//! event word). Spans are byte ranges of the normalised text; [`Document::norm`] maps them back to
//! the original.

mod dates;
pub mod lexicon;

pub use lexicon::{lexicon, Cue, Lexicon, RoleMarkers, Strength, TemporalOrder, Word};

use crate::text::{arabic_stem, key_hash, latin_stem, Document, Lang};
use std::ops::Range;

/// How a quantity was qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualifier {
    Exact,
    /// An approximator or bound ("about", "more than", "على الأقل").
    Approximate,
    /// "250 to 300".
    Range,
    /// "dozens", "مئات".
    Vague,
}

/// A quantity as an interval `[lo, hi]` (open ends when the text says "more/less than").
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
    pub qualifier: Qualifier,
    /// The approximator text, if any ("more than").
    pub approximator: Option<String>,
    /// The figure as stated, before the approximator widened it ("at least 1130" -> 1130).
    pub stated: (f64, f64),
    /// The counted thing as a comparison key (variant key of the noun, or `%`, or a term class).
    pub head: Option<String>,
    /// The counted noun as written (normalised).
    pub head_text: Option<String>,
    /// The head is a unit of time ("months"): a duration, compared only within one claim; the
    /// unit's index in the lexicon's `durations`.
    pub duration: Option<u8>,
    /// Normalised byte span of the whole quantity expression.
    pub span: Range<usize>,
}

impl Quantity {
    /// Do the two intervals share at least one value?
    pub fn overlaps(&self, o: &Quantity) -> bool {
        let lo_ok = if self.lo_open || o.hi_open {
            self.lo < o.hi
        } else {
            self.lo <= o.hi
        };
        let hi_ok = if o.lo_open || self.hi_open {
            o.lo < self.hi
        } else {
            o.lo <= self.hi
        };
        lo_ok && hi_ok
    }

    /// A lower bound only ("more than 80": `1`), an upper bound only ("less than 80": `-1`), or
    /// neither (`0`).
    pub fn bound(&self) -> i8 {
        if self.approximator.is_none() {
            0
        } else if self.hi.is_infinite() {
            1
        } else if self.lo == 0.0 && self.stated.0 > 0.0 {
            -1
        } else {
            0
        }
    }

    /// Same interval (same value and qualifier semantics).
    pub fn same_interval(&self, o: &Quantity) -> bool {
        close(self.lo, o.lo)
            && close(self.hi, o.hi)
            && self.lo_open == o.lo_open
            && self.hi_open == o.hi_open
    }

    /// Human-readable interval ("3250", "[250, 300]", "> 3000").
    pub fn describe(&self) -> String {
        let v = |x: f64| {
            let r = (x * 100.0).round() / 100.0;
            if r.fract() == 0.0 && r.abs() < 1e15 {
                format!("{}", r as i64)
            } else {
                format!("{r}")
            }
        };
        let noun = self.head_text.as_deref().unwrap_or("");
        let stated = if close(self.stated.0, self.stated.1) {
            v(self.stated.0)
        } else {
            format!("{}-{}", v(self.stated.0), v(self.stated.1))
        };
        let body = match &self.approximator {
            Some(a) => format!("{a} {stated}"),
            None => stated,
        };
        format!("{body} {noun}").trim().to_string()
    }

    /// Interval notation ("[1130, inf)"), for claim descriptions.
    pub fn interval(&self) -> String {
        let v = |x: f64| {
            if x.is_infinite() {
                "inf".to_string()
            } else {
                let r = (x * 100.0).round() / 100.0;
                if r.fract() == 0.0 {
                    format!("{}", r as i64)
                } else {
                    format!("{r}")
                }
            }
        };
        format!(
            "{}{}, {}{}",
            if self.lo_open { '(' } else { '[' },
            v(self.lo),
            v(self.hi),
            if self.hi_open || self.hi.is_infinite() {
                ')'
            } else {
                ']'
            }
        )
    }
}

fn close(a: f64, b: f64) -> bool {
    (a == b) || ((a - b).abs() <= 1e-9 * a.abs().max(b.abs()))
}

/// A cue word at a normalised span.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSpan {
    pub span: Range<usize>,
    /// Word index inside the sentence.
    pub word: usize,
}

/// Who said it, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub strength: Strength,
    /// Span of the verb or marker ("said", "بحسب").
    pub verb: Range<usize>,
    /// Variant keys of the source's words ("المرصد السوري" -> its keys).
    pub source: Vec<u64>,
    /// Normalised span of the source, when found.
    pub source_span: Option<Range<usize>>,
}

/// A wire agency credited in the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    pub agency: &'static str,
    pub span: Range<usize>,
}

/// A date or time reference, resolved to a calendar day when the article date allows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DateClaim {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u32>,
    /// Day of the week (0 = Sunday) when the text names one ("الأربعاء", "on Wednesday").
    pub weekday: Option<u8>,
    /// Hijri month (9 = Ramadan) when the text names one ("في رمضان"): compared only with
    /// another Hijri month.
    pub hijri_month: Option<u8>,
    /// Days since 1970-01-01 when resolved.
    pub resolved: Option<i64>,
    pub span: Range<usize>,
}

impl DateClaim {
    /// `YYYY-MM-DD`, `MM-DD`, `YYYY-MM`, or `YYYY`, whatever is known.
    pub fn describe(&self) -> String {
        if let Some(d) = self.resolved {
            let (y, m, dd) = dates::civil_from_days(d);
            return format!("{y:04}-{m:02}-{dd:02}");
        }
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (None, Some(m), None) => format!("--{m:02}"),
            (Some(y), None, _) => format!("{y:04}"),
            _ => match (self.weekday, self.hijri_month) {
                (Some(w), _) => WEEKDAY_NAMES[usize::from(w) % 7].to_string(),
                (None, Some(m)) => format!("Hijri month {m}"),
                (None, None) => "date".to_string(),
            },
        }
    }
}

/// Weekday names for descriptions, 0 = Sunday.
const WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// An event word of a polar class ("rose"/"fell", "left"/"stayed"), with its negation.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMention {
    pub class: &'static str,
    /// +1 or -1: which pole of the class the word names.
    pub pole: i8,
    /// A negation cue governs it ("did not leave").
    pub negated: bool,
    /// Future, modal, threatened, expected or hedged ("will leave", "سيغادرون", "may rise",
    /// "تهدد بإغلاق", "توقعات بانخفاض"): not an assertion.
    pub irrealis: bool,
    pub span: Range<usize>,
    /// Context keys of the words around it (its participants), sorted.
    pub local: Vec<u64>,
    /// Word index inside the sentence.
    pub word: usize,
    /// Context key of the nearest participant word, when one is nearer than any other: what
    /// rose in "تراجع الدولار" / "الذهب يصعد".
    pub head: Option<u64>,
    /// The class is one whose change is reported when only one side of a near copy names it
    /// (`one_sided` in the lexicon file); not for an aspect word right before another event.
    pub one_sided: bool,
    /// The class's plus words can be an aspect of the next event ("يواصل الهبوط"): `aspect` in
    /// the lexicon file. Its minus words ("توقف القتال") still report a change.
    pub aspect: bool,
    /// Classes that name the same move pole for pole (`kin` in the lexicon file: a rise and
    /// "أعلى مستوى" / "highest").
    pub kin: &'static [String],
}

impl EventMention {
    /// The pole after negation: "did not rise" counts as the falling pole.
    pub fn effective(&self) -> i8 {
        if self.negated {
            -self.pole
        } else {
            self.pole
        }
    }

    /// `other` names the same move: the same pole in this class or in a kin one ("ضعف" /
    /// "انخفاض" on the same head).
    pub fn same_move(&self, other: &EventMention) -> bool {
        other.effective() == self.effective()
            && (other.class == self.class || self.kin.iter().any(|k| k == other.class))
    }
}

/// A good-news or bad-news word ("نجاح", "فشل", "crisis"), with its negation.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneMention {
    /// +1 good news, -1 bad news, as the word itself says.
    pub pole: i8,
    /// A negation cue governs it ("لم ينجح" = did not succeed).
    pub negated: bool,
    pub span: Range<usize>,
    /// Word index inside the sentence.
    pub word: usize,
}

impl ToneMention {
    /// The framing after negation: "did not succeed" is bad news.
    pub fn effective(&self) -> i8 {
        if self.negated {
            -self.pole
        } else {
            self.pole
        }
    }
}

/// A term of a class with a neutral and a loaded vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct TermMention {
    pub class: &'static str,
    pub loaded: bool,
    pub span: Range<usize>,
}

/// A time order word and the event it is anchored on ("قبيل العقوبات", "after the vote").
#[derive(Debug, Clone, PartialEq)]
pub struct OrderMention {
    /// -1 before, +1 after.
    pub pole: i8,
    /// Context key of the first content word after it: the anchor event.
    pub anchor: u64,
    /// The order word and its anchor.
    pub span: Range<usize>,
}

/// What a name does in its clause, read off its position and the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The name alone before a colon opening the sentence: who speaks, or whose story it is
    /// ("الصين: ...", "China: ...").
    Speaker,
    /// The one acting: the name opening a clause ("إيرباص تهدد ...", "Canada sues ..."), or
    /// after an agent marker ("طلب من كوريا", "by Canada").
    Agent,
    /// The one acted on or for: right after the agent's verb ("تهدد بريطانيا", "sues the
    /// United States"), or after a patient marker ("لصالح قطر", "لمصر", "against Canada").
    Patient,
}

impl Role {
    /// The role's name in an explanation.
    pub fn name(self) -> &'static str {
        match self {
            Role::Speaker => "speaker",
            Role::Agent => "agent",
            Role::Patient => "patient",
        }
    }
}

/// A named place or other gazetteer entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMention {
    /// The entity's id; for a city, its country's ("EG" for Alexandria), so a city and its
    /// country are the same place to every detector but the one comparing cities.
    pub id: &'static str,
    /// A city's own id ("EG/alexandria").
    pub city: Option<&'static str>,
    pub class: &'static str,
    pub span: Range<usize>,
    /// Its role in the clause, when its class can act and its position or the word before it
    /// says (see [`Role`]).
    pub role: Option<Role>,
}

/// An ordinal and the word it ranks ("عامها الرابع والخمسين", "من الدرجة الأولى", "the
/// fourth term"): the same thing ranked differently is a different claim.
#[derive(Debug, Clone, PartialEq)]
pub struct OrdinalMention {
    /// The rank, tens included ("الرابع والخمسين" = 54).
    pub value: u32,
    /// Context keys of the content words right before and right after it (an ordinal joined to
    /// the one before it, "الأولى والثالثة", ranks the same word).
    pub nouns: Vec<u64>,
    pub span: Range<usize>,
}

/// Everything extracted from one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceClaims {
    /// Sentence index in the document.
    pub sentence: usize,
    pub quantities: Vec<Quantity>,
    pub negations: Vec<CueSpan>,
    /// Word-level negations ("غير معلن"): they flip the event they precede only.
    pub privatives: Vec<CueSpan>,
    pub hedges: Vec<CueSpan>,
    /// Low-weight hedges ("expected", "reports of").
    pub weak_hedges: Vec<CueSpan>,
    pub attributions: Vec<Attribution>,
    pub credits: Vec<Credit>,
    pub dates: Vec<DateClaim>,
    /// Ranks and the word they rank, outside dates ("الخامس من حزيران" is a day).
    pub ordinals: Vec<OrdinalMention>,
    /// Before or after an anchor event ("قبيل العقوبات", "after the vote").
    pub order: Vec<OrderMention>,
    pub events: Vec<EventMention>,
    /// Good-news and bad-news words: how the sentence frames what happened.
    pub tone: Vec<ToneMention>,
    pub terms: Vec<TermMention>,
    pub entities: Vec<EntityMention>,
    /// Sorted, deduplicated content keys (word variants, entity ids, event and term classes,
    /// numbers): what "about the same thing" is measured on.
    pub keys: Vec<u64>,
    /// Keys of the content words only (no event classes): the participants of the claim.
    pub context_keys: Vec<u64>,
    /// For each participant key, the normalised span of its first word, sorted by key.
    pub key_spans: Vec<(u64, Range<usize>)>,
    /// Every word of the sentence in order: for comparing two copies word by word.
    pub words: Vec<WordSlot>,
    /// The sentence ends with a question mark ("هل نجحت العقوبات؟", "Will oil recover?"): it
    /// asks about what it names rather than reporting it.
    pub question: bool,
}

/// One word of a sentence as the word-by-word comparison of two copies sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct WordSlot {
    /// Spelling-tolerant key (numbers by value, month names by month number).
    pub key: u64,
    pub span: Range<usize>,
    /// What the lexicon says the word means, when it says: two words of one sense are not a
    /// swap (one event class and pole, one tone pole, one term class, one entity class).
    pub sense: Option<u64>,
    /// A content word whose replacement changes the claim: false for function words and for
    /// words other detectors weigh (negation, hedges, attribution, credits, numbers, dates).
    pub swappable: bool,
    /// The lexicon's synonym sets the word belongs to, sorted: two words sharing one say the
    /// same thing in other words ("تزود" / "تدعم").
    pub synonyms: Vec<u16>,
    /// The word frames the headline rather than states its claim: a frame word ("تعرف على",
    /// "حكاية", "here's") or, in a question, the word right after its interrogative ("كيف
    /// أصبحت ...؟"). Replacing it changes how the headline is put, not what it says.
    pub frame: bool,
}

impl WordSlot {
    /// Do the two words share a synonym set?
    pub fn synonym_of(&self, other: &WordSlot) -> bool {
        self.synonyms
            .iter()
            .any(|s| other.synonyms.binary_search(s).is_ok())
    }
}

impl SentenceClaims {
    /// An odd number of negation cues: the sentence as a whole is negative.
    pub fn negated(&self) -> bool {
        self.negations.len() % 2 == 1
    }
    /// Does the sentence carry anything a detector compares?
    pub fn is_claim_bearing(&self) -> bool {
        !self.quantities.is_empty()
            || !self.negations.is_empty()
            || !self.attributions.is_empty()
            || !self.events.is_empty()
            || !self.credits.is_empty()
    }
}

/// Variant key of a word: light stem, Arabic long vowels and final ta-marbuta dropped, so that
/// spelling variants (سورية/سوريا, الديموقراطية/الديمقراطية, رايان/ريان) share a key.
pub fn variant_key(w: &Word<'_>) -> String {
    if w.is_number {
        return format!("n:{}", number_digits(w.text));
    }
    let first = w.text.chars().next().unwrap_or(' ');
    if is_arabic(first) {
        // only the conjunction and the article are stripped (arabic_stem); a bare ب/ل/ك is
        // ambiguous ("بتكوين" is not ب + "تكوين")
        let base = w.text;
        let stem = &base[arabic_stem(base)];
        let skeleton = |t: &str| -> String {
            let mut sk: String = t
                .chars()
                .enumerate()
                .filter(|&(i, c)| i == 0 || !matches!(c, 'ا' | 'و' | 'ي'))
                .map(|(_, c)| c)
                .collect();
            if sk.ends_with('ه') && sk.chars().count() > 2 {
                sk.pop();
            }
            sk
        };
        // short names lose too much to suffix stripping ("رايان" is not "راي" + "ان")
        let sk = skeleton(stem);
        if sk.chars().count() >= 2 {
            return sk;
        }
        let whole = skeleton(&base[arabic_stem(base).start..]);
        if whole.chars().count() >= 2 {
            whole
        } else {
            stem.to_string()
        }
    } else {
        let mut st = &w.text[latin_stem(w.text)];
        // light English verb endings: "entered" / "enter", "killing" / "kill"
        for suf in ["ing", "ed"] {
            if st.len() > suf.len() + 3 {
                if let Some(r) = st.strip_suffix(suf) {
                    st = r;
                    break;
                }
            }
        }
        st.strip_suffix('e')
            .filter(|r| r.len() >= 3)
            .unwrap_or(st)
            .to_string()
    }
}

fn number_digits(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// Parse the digits of a token (`3,250`, `3.5`, `ال80`, `90عرضا`): value and the letters after.
fn parse_digits(t: &str) -> Option<(f64, &str)> {
    let p = t.find(|c: char| c.is_ascii_digit())?;
    let prefix = &t[..p];
    if prefix.chars().count() > 3 || !prefix.chars().all(char::is_alphabetic) {
        return None;
    }
    let rest = &t[p..];
    let b = rest.as_bytes();
    let mut q = 0;
    while q < b.len()
        && (b[q].is_ascii_digit()
            || ((b[q] == b',' || b[q] == b'.') && q + 1 < b.len() && b[q + 1].is_ascii_digit()))
    {
        q += 1;
    }
    let num = &rest[..q];
    let suffix = &rest[q..];
    // "3,250" groups thousands; "3.5" is a decimal; "3,5" (European decimal) is rare in news copy.
    let clean: String = num.chars().filter(|&c| c != ',').collect();
    let v: f64 = clean.parse().ok()?;
    if !suffix.is_empty() && !suffix.chars().all(char::is_alphabetic) {
        return None;
    }
    Some((v, suffix))
}

struct Ctx<'d> {
    doc: &'d Document,
    lex: &'static Lexicon,
    words: Vec<Word<'d>>,
    cues: Vec<Vec<(usize, Cue)>>,
}

impl Ctx<'_> {
    fn has(&self, i: usize, f: impl Fn(&Cue) -> bool) -> Option<(usize, Cue)> {
        self.cues
            .get(i)?
            .iter()
            .filter(|(_, c)| f(c))
            .max_by_key(|(l, _)| *l)
            .copied()
    }
    /// Which words are inside a sequence matched as a cue `f` accepts.
    fn inside(&self, f: impl Fn(&Cue) -> bool) -> Vec<bool> {
        let mut inside = vec![false; self.words.len()];
        for i in 0..self.words.len() {
            if let Some((l, _)) = self.has(i, &f) {
                for flag in inside.iter_mut().skip(i).take(l) {
                    *flag = true;
                }
            }
        }
        inside
    }
    fn span(&self, a: usize, b: usize) -> Range<usize> {
        self.words[a].span.start..self.words[b.max(a + 1) - 1].span.end
    }
    fn text_between(&self, a: usize, b: usize) -> &str {
        &self.doc.norm.text[self.words[a].span.end..self.words[b].span.start]
    }
}

/// Extract the claims of every sentence of `doc`. `article_date` (`YYYY-MM-DD`) resolves
/// relative days ("yesterday", "أمس") and weekdays.
pub fn extract(doc: &Document, article_date: Option<&str>) -> Vec<SentenceClaims> {
    let today = article_date.and_then(dates::parse_iso);
    (0..doc.sentences.len())
        .map(|i| extract_sentence(doc, i, today))
        .collect()
}

fn build_words(doc: &Document, s: usize) -> Vec<Word<'_>> {
    let base = doc.sentences[s].tokens.start;
    let text = &doc.norm.text;
    doc.sentence_tokens(s)
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_clitic)
        .map(|(k, t)| {
            let w = t.text(text);
            let first = w.chars().next().unwrap_or(' ');
            let bare = if is_arabic(first) {
                lexicon::arabic_bare_forms(w)
            } else if t.is_number {
                Vec::new()
            } else {
                let st = &w[latin_stem(w)];
                if st != w && !st.is_empty() {
                    vec![st]
                } else {
                    Vec::new()
                }
            };
            Word {
                text: w,
                bare,
                span: t.norm.start as usize..t.norm.end as usize,
                token: base + k,
                is_number: t.is_number || parse_digits(w).is_some(),
            }
        })
        .collect()
}

/// Extract the claims of sentence `s` (`today`: article date as days since 1970, if known).
pub fn extract_sentence(doc: &Document, s: usize, today: Option<i64>) -> SentenceClaims {
    let lang = if doc.lang == Lang::Und {
        Lang::En
    } else {
        doc.lang
    };
    let lex = lexicon(lang);
    let words = build_words(doc, s);
    let mut cues = Vec::with_capacity(words.len());
    let mut buf = Vec::new();
    for i in 0..words.len() {
        lex.matches_at(&words, i, &mut buf);
        cues.push(buf.clone());
    }
    let cx = Ctx {
        doc,
        lex,
        words,
        cues,
    };
    let n = cx.words.len();
    let mut out = SentenceClaims {
        sentence: s,
        question: doc.sentence_norm(s).trim_end().ends_with('?'),
        ..Default::default()
    };
    // words consumed by a multi-word cue (so that "according to" is not also "to")
    let mut covered = vec![false; n];

    // negation, with exceptions ("لا يزال" = still) and "not ... except" (= only)
    let no_neg = cx.inside(|c| matches!(c, Cue::NegationException));
    let mut i = 0;
    while i < n {
        if no_neg[i] {
            i += 1;
            continue;
        }
        if let Some((l, c)) = cx.has(i, |c| matches!(c, Cue::Negation | Cue::NegativePredicate)) {
            let before_number = cx.words.get(i + l).is_some_and(|w| w.is_number);
            let exclusive = matches!(c, Cue::Negation)
                && (i + l..(i + l + 6).min(n))
                    .any(|k| cx.has(k, |c| matches!(c, Cue::Exclusive)).is_some());
            if !before_number && !exclusive {
                out.negations.push(CueSpan {
                    span: cx.span(i, i + l),
                    word: i,
                });
                for c in covered.iter_mut().skip(i).take(l) {
                    *c = true;
                }
            }
            i += l;
            continue;
        }
        i += 1;
    }

    // hedges
    for i in 0..n {
        if let Some((l, _)) = cx.has(i, |c| matches!(c, Cue::Privative)) {
            out.privatives.push(CueSpan {
                span: cx.span(i, i + l),
                word: i,
            });
        }
        if let Some((l, _)) = cx.has(i, |c| matches!(c, Cue::WeakHedge)) {
            out.weak_hedges.push(CueSpan {
                span: cx.span(i, i + l),
                word: i,
            });
            continue;
        }
        if let Some((l, _)) = cx.has(i, |c| matches!(c, Cue::Hedge)) {
            out.hedges.push(CueSpan {
                span: cx.span(i, i + l),
                word: i,
            });
        } else if cx
            .has(i, |c| matches!(c, Cue::HedgeBeforeImperfect))
            .is_some()
        {
            let imperfect = cx.words.get(i + 1).is_some_and(|w| {
                w.text.chars().count() >= 3
                    && lex
                        .imperfect_prefixes
                        .iter()
                        .any(|p| w.text.starts_with(p.as_str()))
            });
            if imperfect {
                out.hedges.push(CueSpan {
                    span: cx.span(i, i + 1),
                    word: i,
                });
            }
        }
    }

    // credits
    let mut i = 0;
    while i < n {
        if let Some((l, Cue::Credit(k))) = cx.has(i, |c| matches!(c, Cue::Credit(_))) {
            out.credits.push(Credit {
                agency: lex.credit_names[k as usize].as_str(),
                span: cx.span(i, i + l),
            });
            for c in covered.iter_mut().skip(i).take(l) {
                *c = true;
            }
            i += l;
            continue;
        }
        i += 1;
    }

    // attributions: verb (or "according to") and the source next to it
    // a speech verb inside a name ("states" in "the United States") is part of the name
    let in_name = cx.inside(|c| matches!(c, Cue::Entity(_)));
    let is_content = |cx: &Ctx<'_>, k: usize| {
        !cx.words[k].is_number
            && (in_name[k]
                || cx
                    .has(k, |c| {
                        matches!(
                            c,
                            Cue::Stop
                                | Cue::Attribution(_)
                                | Cue::SourceMarker
                                | Cue::Negation
                                | Cue::Hedge
                                | Cue::RelativeDay(_)
                        )
                    })
                    .is_none())
    };
    let mut i = 0;
    while i < n {
        if let Some((l, c)) = cx
            .has(i, |c| matches!(c, Cue::Attribution(_) | Cue::SourceMarker))
            .filter(|_| !in_name[i])
        {
            let strength = match c {
                Cue::Attribution(s) => s,
                _ => Strength::Neutral,
            };
            // the source: content words after the cue (Arabic VSO, "according to X"), else
            // before it (English "X said"). It ends at a comma, and before a colon, a quotation
            // mark (what "said: \"...\"" opens is what was said) or "that" / "أن".
            let after: Vec<usize> = (i + l..n)
                .take_while(|&k| {
                    let gap = cx.text_between(k - 1, k);
                    !(gap.contains(['"', ':']) || (k > i + l && gap.contains(',')))
                        && cx.has(k, |c| matches!(c, Cue::Complementizer)).is_none()
                })
                .filter(|&k| is_content(&cx, k))
                .take(3)
                .collect();
            // back to the clause boundary: "..., a spokesman told AFP"
            let clause_start = (i.saturating_sub(4)..i)
                .rev()
                .find(|&k| k > 0 && cx.text_between(k - 1, k).contains([',', ';', ':', '"']))
                .unwrap_or(i.saturating_sub(4));
            let before: Vec<usize> = (clause_start..i).filter(|&k| is_content(&cx, k)).collect();
            let src = if lang == Lang::En && !before.is_empty() && matches!(c, Cue::Attribution(_))
            {
                before
            } else {
                after
            };
            out.attributions.push(Attribution {
                strength,
                verb: cx.span(i, i + l),
                source: src
                    .iter()
                    .map(|&k| key_hash(&variant_key(&cx.words[k])))
                    .collect(),
                source_span: match (src.first(), src.last()) {
                    (Some(&a), Some(&b)) => Some(cx.span(a, b + 1)),
                    _ => None,
                },
            });
            for c in covered.iter_mut().skip(i).take(l) {
                *c = true;
            }
            i += l;
            continue;
        }
        i += 1;
    }

    // the source of an attribution says who, not what: it does not make two claims the same
    let mut in_source = vec![false; n];
    for t in &out.attributions {
        if let Some(sp) = &t.source_span {
            for (k, w) in cx.words.iter().enumerate() {
                if w.span.start >= sp.start && w.span.end <= sp.end {
                    in_source[k] = true;
                }
            }
        }
    }

    // a leading label ("الحرب في سوريا: ...", "Syria war: ...") names the story's topic: its
    // tone words do not frame what the headline reports. A verb there ("الإمارات تحذر: ...")
    // makes it a speaker and what they do, which does frame it.
    let label_end = (1..=LABEL_MAX_WORDS.min(n.saturating_sub(1)))
        .find(|&k| cx.text_between(k - 1, k).contains(':'))
        .unwrap_or(0);
    let in_label = |i: usize| {
        let w = cx.words[i].text;
        i < label_end
            && !lex.imperfect_prefixes.iter().any(|p| {
                w.strip_prefix(p.as_str())
                    .is_some_and(|r| r.chars().count() >= 3)
            })
    };

    // a negation cue governs the first content word after its last word: "يتراجع عن قرار",
    // "يفلت من المحاكمة" negate the word after the preposition, "لن تكون هناك حرب" the word
    // after the function words
    let governs = |ng: &CueSpan, i: usize| {
        let last = ng.word
            + cx.words[ng.word..]
                .iter()
                .take_while(|w| w.span.end <= ng.span.end)
                .count()
                .max(1)
            - 1;
        ng.word < i
            && i > last
            && (last + 1..i)
                .filter(|&k| cx.has(k, |c| matches!(c, Cue::Stop)).is_none())
                .count()
                < NEGATION_REACH
    };
    // a word inside a multi-word connective ("في ظل" = amid, "on the back of") is part of it,
    // not an event or a participant of its own ("ظل" = stayed, "back" = support)
    let mut in_connective = vec![false; n];
    for i in 0..n {
        if let Some((l, _)) = cx.has(i, |c| matches!(c, Cue::Conjunction)) {
            in_connective[i + 1..i + l].fill(true);
        }
    }
    for (c, &inside) in covered.iter_mut().zip(&in_connective) {
        *c |= inside;
    }
    // a verb whose object makes it an idiom ("يفتح النار" = open fire) is not that event
    let idiom = cx.inside(|c| matches!(c, Cue::EventException));
    // events, terms, entities
    for (i, &in_idiom) in idiom.iter().enumerate() {
        for &(l, c) in &cx.cues[i] {
            match c {
                Cue::Event(..) if in_idiom => {}
                Cue::Event(k, pole) => {
                    let negated = out
                        .negations
                        .iter()
                        .chain(&out.privatives)
                        .any(|ng| governs(ng, i));
                    let w = cx.words[i].text;
                    let future = lex.future_prefixes.iter().any(|p| {
                        w.strip_prefix(p.as_str())
                            .is_some_and(|r| r.chars().count() >= 3)
                    });
                    let modal = (i.saturating_sub(2)..i).any(|k| {
                        cx.has(k, |c| {
                            matches!(
                                c,
                                Cue::Irrealis
                                    | Cue::Hedge
                                    | Cue::HedgeBeforeImperfect
                                    | Cue::WeakHedge
                            )
                        })
                        .is_some()
                    });
                    out.events.push(EventMention {
                        class: lex.event_classes[k as usize].as_str(),
                        pole,
                        negated,
                        irrealis: future || modal,
                        span: cx.span(i, i + l),
                        local: Vec::new(),
                        word: i,
                        head: None,
                        one_sided: lex.event_one_sided[k as usize],
                        aspect: lex.event_aspect[k as usize],
                        kin: &lex.event_kin[k as usize],
                    });
                }
                Cue::Tone(pole) => {
                    if in_label(i) || out.tone.last().is_some_and(|t| t.word == i) {
                        continue;
                    }
                    let negated = out
                        .negations
                        .iter()
                        .chain(&out.privatives)
                        .any(|ng| governs(ng, i));
                    out.tone.push(ToneMention {
                        pole,
                        negated,
                        span: cx.span(i, i + l),
                        word: i,
                    });
                }
                Cue::Term(k, loaded) => out.terms.push(TermMention {
                    class: lex.term_classes[k as usize].as_str(),
                    loaded,
                    span: cx.span(i, i + l),
                }),
                Cue::Entity(k) => out.entities.push(EntityMention {
                    id: lex.entity_country(k),
                    city: (lex.entity_parent[k as usize] != k)
                        .then(|| lex.entity_ids[k as usize].as_str()),
                    class: lex.entity_class[k as usize].as_str(),
                    span: cx.span(i, i + l),
                    role: None,
                }),
                _ => {}
            }
        }
    }
    entity_roles(&cx, label_end, &mut out.entities);
    out.events.retain(|e| !in_connective[e.word]);
    out.events
        .dedup_by(|a, b| a.span == b.span && a.class == b.class && a.pole == b.pole);
    // an aspect word right before another event or a tone word ("يواصل الانهيار", "تواصل
    // خسائرها", "continues to fall"): the next word names the change, so the aspect alone is
    // not a change on one side
    let aspect_of_next: Vec<usize> = out
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.aspect
                && e.pole > 0
                && (out
                    .events
                    .iter()
                    .any(|f| f.class != e.class && f.word == e.word + 1)
                    || out.tone.iter().any(|t| t.word == e.word + 1))
        })
        .map(|(k, _)| k)
        .collect();
    for k in aspect_of_next {
        out.events[k].one_sided = false;
    }

    // quantities and dates
    quantities_and_dates(&cx, today, &mut out, &mut covered);

    // content keys
    let mut keys = Vec::new();
    let mut ctx_keys = Vec::new();
    let mut word_ctx: Vec<Option<u64>> = vec![None; n];
    // a multi-word name ("قوات سوريا الديمقراطية") is one key, not one per word
    let mut inside_name = 0usize;
    for i in 0..n {
        if covered[i] || inside_name > i {
            continue;
        }
        let cs = &cx.cues[i];
        let mut special = false;
        if let Some((l, _)) = cx.has(i, |c| matches!(c, Cue::Entity(_) | Cue::Term(..))) {
            inside_name = i + l;
        }
        for &(_, c) in cs {
            match c {
                Cue::Event(k, _) => {
                    keys.push(key_hash(&format!("v:{}", lex.event_classes[k as usize])));
                    special = true;
                }
                Cue::Term(k, _) => {
                    let h = key_hash(&format!("t:{}", lex.term_classes[k as usize]));
                    keys.push(h);
                    ctx_keys.push(h);
                    word_ctx[i] = Some(h);
                    special = true;
                }
                Cue::Entity(k) => {
                    let h = key_hash(&format!("e:{}", lex.entity_country(k)));
                    keys.push(h);
                    ctx_keys.push(h);
                    word_ctx[i] = Some(h);
                    special = true;
                }
                Cue::Month(m) => {
                    keys.push(key_hash(&format!("m:{m}")));
                    special = true;
                }
                Cue::YearMarker => special = true,
                c if c.is_grammatical() => special = true,
                _ => {}
            }
        }
        if special {
            continue;
        }
        let k = variant_key(&cx.words[i]);
        if k.chars().count() < 2 && !cx.words[i].is_number {
            continue;
        }
        let h = key_hash(&k);
        if !in_source[i] {
            keys.push(h);
        }
        if !cx.words[i].is_number {
            ctx_keys.push(h);
            word_ctx[i] = Some(h);
        }
    }
    let mut key_spans: Vec<(u64, Range<usize>)> = word_ctx
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, cx.words[i].span.clone())))
        .collect();
    key_spans.sort_by_key(|(k, r)| (*k, r.start));
    key_spans.dedup_by_key(|(k, _)| *k);
    out.key_spans = key_spans;
    for e in &mut out.events {
        let lo = e.word.saturating_sub(EVENT_WINDOW);
        let hi = (e.word + EVENT_WINDOW + 1).min(n);
        let mut local: Vec<u64> = word_ctx[lo..hi].iter().flatten().copied().collect();
        local.sort_unstable();
        local.dedup();
        e.local = local;
        e.head = event_head(&cx, &word_ctx, e.word);
    }
    out.ordinals = ordinals(&cx, &word_ctx, &out.dates);
    out.order = temporal_order(&cx, &word_ctx);
    out.words = word_slots(&cx, &out);
    keys.sort_unstable();
    keys.dedup();
    ctx_keys.sort_unstable();
    ctx_keys.dedup();
    out.keys = keys;
    out.context_keys = ctx_keys;
    out
}

/// The words of the sentence in order with their keys, senses and whether a replacement of
/// the word is a swap worth weighing.
fn word_slots(cx: &Ctx<'_>, out: &SentenceClaims) -> Vec<WordSlot> {
    let lex = cx.lex;
    (0..cx.words.len())
        .map(|i| {
            let w = &cx.words[i];
            let mut key = None;
            let mut sense = None;
            let mut swappable = !w.is_number;
            for &(_, c) in &cx.cues[i] {
                match c {
                    Cue::Month(m) => {
                        key = Some(key_hash(&format!("m:{m}")));
                        swappable = false;
                    }
                    Cue::NumberWord(v) | Cue::Multiplier(v) => {
                        key = Some(key_hash(&format!("n:{v}")));
                        swappable = false;
                    }
                    Cue::Entity(k) => {
                        sense = Some(key_hash(&format!("ec:{}", lex.entity_class[k as usize])));
                    }
                    Cue::Term(k, _) => {
                        sense = Some(key_hash(&format!("t:{}", lex.term_classes[k as usize])));
                    }
                    Cue::Ordinal(_) | Cue::Conjunction => swappable = false,
                    c if c.is_grammatical() => swappable = false,
                    // "عام 2018" is a date; "في عام" (in a year) is a unit of time
                    Cue::YearMarker if cx.words.get(i + 1).is_some_and(|n| n.is_number) => {
                        swappable = false;
                    }
                    _ => {}
                }
            }
            // events and tone by their effective pole, so "did not rise" is "fell"
            if let Some(e) = out.events.iter().find(|e| e.word == i) {
                sense = Some(key_hash(&format!("v:{}:{}", e.class, e.effective())));
            } else if let Some(t) = out.tone.iter().find(|t| t.word == i) {
                sense = Some(key_hash(&format!("tone:{}", t.effective())));
            }
            let frame = cx.has(i, |c| matches!(c, Cue::Frame)).is_some()
                || (out.question
                    && (1..=2).contains(&i)
                    && cx.has(i - 1, |c| matches!(c, Cue::Interrogative)).is_some());
            WordSlot {
                key: key.unwrap_or_else(|| key_hash(&variant_key(w))),
                span: w.span.clone(),
                sense,
                swappable,
                synonyms: lex.synonym_sets(w),
                frame,
            }
        })
        .collect()
}

/// Ordinals outside dates and month names, with the tens joined to them ("الرابع والخمسين") and
/// the content words right next to them.
fn ordinals(cx: &Ctx<'_>, word_ctx: &[Option<u64>], dates: &[DateClaim]) -> Vec<OrdinalMention> {
    let n = cx.words.len();
    let ordinal = |k: usize| match cx.has(k, |c| matches!(c, Cue::Ordinal(_))) {
        Some((_, Cue::Ordinal(v))) => Some(v),
        _ => None,
    };
    let tens = |k: usize| match cx.has(k, |c| matches!(c, Cue::NumberWord(_))) {
        Some((1, Cue::NumberWord(t))) if (20.0..=90.0).contains(&t) && t % 10.0 == 0.0 => {
            Some(t as u32)
        }
        _ => None,
    };
    // inside a date or a month name ("تشرين الأول", "كانون الثاني")
    let in_date = |k: usize| {
        let sp = &cx.words[k].span;
        dates
            .iter()
            .any(|d| d.span.start <= sp.start && sp.end <= d.span.end)
            || cx
                .has(k, |c| matches!(c, Cue::Month(_) | Cue::HijriMonth(_)))
                .is_some()
            || (k > 0
                && cx
                    .has(k - 1, |c| matches!(c, Cue::Month(_) | Cue::HijriMonth(_)))
                    .is_some_and(|(l, _)| l > 1))
    };
    let noun = |k: usize| {
        word_ctx[k].filter(|_| ordinal(k).is_none() && !cx.words[k].is_number && tens(k).is_none())
    };
    let mut out: Vec<OrdinalMention> = Vec::new();
    let mut last_end = usize::MAX;
    let mut i = 0;
    while i < n {
        let Some(mut value) = ordinal(i).filter(|_| !in_date(i)) else {
            i += 1;
            continue;
        };
        // "الرابع والخمسين": the tens, glued to the joiner or after it
        let mut end = i + 1;
        if let Some(t) = tens(end) {
            value += t;
            end += 1;
        } else if cx.has(end, |c| matches!(c, Cue::Joiner)).is_some() {
            if let Some(t) = tens(end + 1) {
                value += t;
                end += 2;
            }
        }
        let nouns = match out.last() {
            // "الأولى والثالثة": the second ordinal ranks the same word as the first
            Some(prev) if last_end == i => prev.nouns.clone(),
            _ => {
                let mut v: Vec<u64> = i
                    .checked_sub(1)
                    .and_then(noun)
                    .into_iter()
                    .chain((end < n).then(|| noun(end)).flatten())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        };
        out.push(OrdinalMention {
            value,
            nouns,
            span: cx.span(i, end),
        });
        last_end = end;
        i = end;
    }
    out
}

/// The participant an event word is about: the nearest context word within [`EVENT_WINDOW`],
/// skipping degree words ("sharp", "حاد") and anything past the start of another conjunct
/// ("الاسترليني يهبط والدولار يصعد": the dollar is not what fell). A participant on each side at
/// the same distance leaves it unclear which one moved: no head.
fn event_head(cx: &Ctx<'_>, word_ctx: &[Option<u64>], e: usize) -> Option<u64> {
    let n = word_ctx.len();
    let conj = |k: usize| {
        cx.has(k, |c| matches!(c, Cue::Conjunction)).is_some()
            || cx.lex.starts_conjunct(&cx.words[k])
    };
    let degree = |k: usize| cx.has(k, |c| matches!(c, Cue::Degree)).is_some();
    // a measure word stands for the noun it measures, the next participant within two words:
    // "سعر الدولار", "the price of gold"
    let measured = |k: usize| {
        if cx.has(k, |c| matches!(c, Cue::Measure)).is_some() {
            (k + 1..(k + 3).min(n))
                .find_map(|m| word_ctx[m])
                .or(word_ctx[k])
        } else {
            word_ctx[k]
        }
    };
    let candidate = |k: usize| measured(k).filter(|_| !degree(k));
    for d in 1..=EVENT_WINDOW {
        // after the event: no conjunct may start between the event and the participant
        let after = (e + d < n && !(e + 1..=e + d).any(conj))
            .then(|| candidate(e + d))
            .flatten();
        // before: neither the event word nor anything between may start a new conjunct
        let before = e
            .checked_sub(d)
            .filter(|&p| !(p + 1..=e).any(conj))
            .and_then(candidate);
        match (before, after) {
            (Some(_), Some(_)) => return None,
            (None, None) => continue,
            (b, a) => return b.or(a),
        }
    }
    None
}

/// Time order words with their anchor, the first content word within [`ORDER_REACH`] words
/// after them ("قبيل العقوبات", "before the new sanctions").
fn temporal_order(cx: &Ctx<'_>, word_ctx: &[Option<u64>]) -> Vec<OrderMention> {
    let order = &cx.lex.temporal_order;
    let n = cx.words.len();
    (0..n)
        .filter_map(|i| {
            let w = cx.words[i].text;
            let pole = if order.before.iter().any(|b| b == w) {
                -1
            } else if order.after.iter().any(|a| a == w) {
                1
            } else {
                return None;
            };
            let k = (i + 1..(i + 1 + ORDER_REACH).min(n)).find(|&k| word_ctx[k].is_some())?;
            Some(OrderMention {
                pole,
                anchor: word_ctx[k]?,
                span: cx.span(i, k + 1),
            })
        })
        .collect()
}

/// How far after a time order word its anchor may stand ("before the new sanctions").
pub const ORDER_REACH: usize = 3;

/// Give each name of a class that can act its role in the clause (see [`Role`]): the
/// speaker of a label (`label_end`: first word after it, 0 without one), the agent opening a
/// clause (only function words before it, something after it, no "and" joining it to the next
/// name: "X و Y يتفقان" has no agent), the patient right after the agent's verb, or the role a
/// marker word or prefix before it gives.
fn entity_roles(cx: &Ctx<'_>, label_end: usize, entities: &mut [EntityMention]) {
    let lex = cx.lex;
    let n = cx.words.len();
    let stop = |k: usize| cx.has(k, |c| matches!(c, Cue::Stop)).is_some();
    let joins = |k: usize| {
        cx.has(k, |c| matches!(c, Cue::Conjunction)).is_some() || lex.starts_conjunct(&cx.words[k])
    };
    let can_act = |k: u16| lex.roles.classes.contains(&lex.entity_class[k as usize]);
    // a name of a class that can act ("غاز قبرص" is Cyprus's gas, "كوريا الجنوبية" one name)
    let actor = |k: usize| {
        cx.has(k, |c| matches!(c, Cue::Entity(e) if can_act(*e)))
            .is_some()
    };
    // a clause's opening name: only function words before it, or one word that is neither a
    // function word nor a name, the noun it qualifies or the verb it is the subject of ("عقاب
    // صيني", "غاز قبرص", "حذر ترامب")
    let opens = |clause: usize, i: usize| {
        (clause..i).all(stop)
            || (i == clause + 1 && !stop(clause) && !joins(clause) && !actor(clause))
    };
    let word_at = |pos: usize| cx.words.iter().position(|w| w.span.start == pos);
    // the word right after the agent: its verb
    let mut verb: Option<usize> = None;
    for e in entities.iter_mut() {
        if !lex.roles.classes.iter().any(|c| c == e.class) {
            continue;
        }
        let Some(i) = word_at(e.span.start) else {
            continue;
        };
        let end = cx.words.partition_point(|w| w.span.end <= e.span.end);
        let clause = if i >= label_end { label_end } else { 0 };
        // the nearest marker before the name, past function words ("to the United States")
        let marker = (0..i)
            .rev()
            .take_while(|&k| k + 1 == i || stop(k + 1))
            .map(|k| cx.words[k].text)
            .find_map(|w| {
                if lex.roles.agent.iter().any(|m| m == w) {
                    Some(Role::Agent)
                } else if lex.roles.patient.iter().any(|m| m == w) {
                    Some(Role::Patient)
                } else {
                    None
                }
            });
        e.role = if i == 0 && end == label_end {
            Some(Role::Speaker)
        } else if opens(clause, i) && end < n && !joins(end) && !actor(end) {
            verb = Some(end);
            Some(Role::Agent)
        } else if marker.is_some() {
            marker
        } else if lex.patient_prefix(&cx.words[i])
            || verb.is_some_and(|v| i > v && !stop(v) && (v + 1..i).all(stop))
        {
            Some(Role::Patient)
        } else {
            None
        };
    }
}

/// At most this many words before a colon at the start of a sentence are a label naming the
/// topic ("الصراع في سوريا:", "Syria war:"), whose tone words are not the sentence's framing.
/// A longer opening ("بعد عام من الحرمان من الرواتب:") is part of what is said.
pub const LABEL_MAX_WORDS: usize = 3;

/// How many content words after a negation cue it governs: the first, whatever function words
/// stand between ("لن تكون هناك حرب", "there will not be any war").
pub const NEGATION_REACH: usize = 1;

/// Words on each side of an event word that count as its participants.
pub const EVENT_WINDOW: usize = 3;

/// A number expression starting at a word.
struct NumParse {
    lo: f64,
    hi: f64,
    /// Word index just past the expression.
    end: usize,
    vague: bool,
    multiplied: bool,
    /// Letters glued to the digits ("90عرضا"): the counted noun.
    inline_head: Option<String>,
}

fn parse_number(cx: &Ctx<'_>, i: usize) -> Option<NumParse> {
    let n = cx.words.len();
    if i >= n {
        return None;
    }
    let w = &cx.words[i];
    if w.is_number {
        let (mut v, suffix) = parse_digits(w.text)?;
        let mut j = i + 1;
        let mut multiplied = false;
        if suffix.is_empty() {
            while let Some((l, Cue::Multiplier(m))) = cx.has(j, |c| matches!(c, Cue::Multiplier(_)))
            {
                v *= m;
                j += l;
                multiplied = true;
            }
        }
        return Some(NumParse {
            lo: v,
            hi: v,
            end: j,
            vague: false,
            multiplied,
            inline_head: (!suffix.is_empty()).then(|| suffix.to_string()),
        });
    }
    if let Some((l, Cue::Vague(k))) = cx.has(i, |c| matches!(c, Cue::Vague(_))) {
        let vq = &cx.lex.vague[k as usize];
        let (mut lo, mut hi) = (vq.lo, vq.hi);
        let mut j = i + l;
        let skip_of = cx.has(j, |c| matches!(c, Cue::Of)).map_or(0, |(l, _)| l);
        if let Some((l2, Cue::Multiplier(m))) =
            cx.has(j + skip_of, |c| matches!(c, Cue::Multiplier(_)))
        {
            lo *= m;
            hi *= m;
            j += skip_of + l2;
        }
        return Some(NumParse {
            lo,
            hi,
            end: j,
            vague: true,
            multiplied: false,
            inline_head: None,
        });
    }
    // number words: total/current accumulation ("two hundred and fifty", "ثلاثة آلاف")
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut seen = 0;
    let mut multiplied = false;
    let mut only_stop = true;
    loop {
        if let Some((l, Cue::NumberWord(v))) = cx.has(j, |c| matches!(c, Cue::NumberWord(_))) {
            if cx.has(j, |c| matches!(c, Cue::Stop)).is_none() {
                only_stop = false;
            }
            current += v;
            j += l;
            seen += 1;
        } else if let Some((l, Cue::Multiplier(m))) = cx.has(j, |c| matches!(c, Cue::Multiplier(_)))
        {
            // a plural multiplier alone ("آلاف") is vague and was handled above
            only_stop = false;
            if current == 0.0 {
                current = 1.0;
            }
            if m < 1000.0 {
                current *= m;
            } else {
                total += current * m;
                current = 0.0;
            }
            multiplied = true;
            j += l;
            seen += 1;
        } else if seen > 0
            && cx.has(j, |c| matches!(c, Cue::Joiner)).is_some()
            && cx
                .has(j + 1, |c| {
                    matches!(c, Cue::NumberWord(_) | Cue::Multiplier(_))
                })
                .is_some()
        {
            j += 1;
        } else {
            break;
        }
    }
    if seen == 0 || only_stop {
        return None;
    }
    let v = total + current;
    Some(NumParse {
        lo: v,
        hi: v,
        end: j,
        vague: false,
        multiplied,
        inline_head: None,
    })
}

fn quantities_and_dates(
    cx: &Ctx<'_>,
    today: Option<i64>,
    out: &mut SentenceClaims,
    covered: &mut [bool],
) {
    let n = cx.words.len();
    let mut i = 0;
    let mut used_month = vec![false; n];
    while i < n {
        if covered[i] {
            i += 1;
            continue;
        }
        // approximator before the number
        let mut start = i;
        let mut approx = None;
        if let Some((l, Cue::Approx(k))) = cx.has(i, |c| matches!(c, Cue::Approx(_))) {
            let a = &cx.lex.approximators[k as usize];
            if !a.after {
                // "يتخطى حاجز الـ80": one word may stand between the cue and the number
                let gap = usize::from(
                    parse_number(cx, i + l).is_none()
                        && cx.words.get(i + l).is_some_and(|w| !w.is_number)
                        && parse_number(cx, i + l + 1).is_some(),
                );
                if parse_number(cx, i + l + gap).is_some() {
                    approx = Some(k);
                    start = i + l + gap;
                }
            }
        }
        let range_from = start > 0 && cx.has(start - 1, |c| matches!(c, Cue::RangeFrom)).is_some();
        let Some(np) = parse_number(cx, start) else {
            i += 1;
            continue;
        };
        let mut lo = np.lo;
        let mut hi = np.hi;
        let mut end = np.end;
        let mut qualifier = if np.vague {
            Qualifier::Vague
        } else {
            Qualifier::Exact
        };
        // range "250 إلى 300", "between 250 and 300", "250-300"
        if np.inline_head.is_none() {
            let dash = end < n
                && end == start + 1
                && cx.words[end].is_number
                && cx.text_between(end - 1, end).contains('-');
            if dash {
                if let Some(np2) = parse_number(cx, end) {
                    if np2.lo > lo {
                        hi = np2.hi;
                        end = np2.end;
                        qualifier = Qualifier::Range;
                    }
                }
            } else if let Some((l, _)) = cx.has(end, |c| matches!(c, Cue::RangeTo)) {
                let is_and = cx.has(end, |c| matches!(c, Cue::Joiner)).is_some();
                if !is_and || range_from {
                    if let Some(np2) = parse_number(cx, end + l) {
                        if np2.lo > lo {
                            hi = np2.hi;
                            end = np2.end;
                            qualifier = Qualifier::Range;
                        }
                    }
                }
            }
        }
        // dates: "5 June", "June 5", "الخامس من حزيران", "عام 2014"
        let int = lo == hi && lo.fract() == 0.0 && !np.multiplied && !np.vague;
        let next_month = cx.has(end, |c| matches!(c, Cue::Month(_)));
        let prev_month = start > 0 && cx.has(start - 1, |c| matches!(c, Cue::Month(_))).is_some();
        let year_like =
            int && (1800.0..=2100.0).contains(&lo) && !cx.words[start].text.contains(',');
        if int
            && qualifier == Qualifier::Exact
            && (next_month.is_some() || prev_month)
            && approx.is_none()
        {
            // handled with the month below; mark the number as part of a date
            i = end;
            continue;
        }
        let prev_year_marker = start > 0
            && cx
                .has(start - 1, |c| matches!(c, Cue::YearMarker))
                .is_some();
        // head noun
        let mut h = end;
        let mut is_percent = false;
        if let Some((l, _)) = cx.has(h, |c| matches!(c, Cue::Percent)) {
            is_percent = true;
            h += l;
        } else if np.inline_head.is_none() && h <= n {
            let after = if h < n {
                &cx.doc.norm.text[cx.words[h - 1].span.end..cx.words[h].span.start]
            } else {
                &cx.doc.norm.text
                    [cx.words[h - 1].span.end..cx.doc.sentences[out.sentence].normalized.end]
            };
            if after.trim_start().starts_with('%') {
                is_percent = true;
            }
        }
        let mut head = None;
        let mut head_text = None;
        let mut duration = None;
        let mut head_end = h;
        if is_percent {
            head = Some("%".to_string());
            head_text = Some("%".to_string());
        } else if let Some(t) = &np.inline_head {
            head = Some(variant_key(&Word {
                text: t,
                bare: Vec::new(),
                span: 0..0,
                token: 0,
                is_number: false,
            }));
            head_text = Some(t.clone());
        } else {
            let mut k = h;
            if let Some((l, _)) = cx.has(k, |c| matches!(c, Cue::Of)) {
                k += l;
            }
            if k < n && !cx.words[k].is_number {
                let blocked = cx.has(k, |c| {
                    matches!(
                        c,
                        Cue::Stop
                            | Cue::Approx(_)
                            | Cue::Negation
                            | Cue::Attribution(_)
                            | Cue::Month(_)
                            | Cue::RangeTo
                            | Cue::RelativeDay(_)
                            | Cue::Weekday(_)
                            | Cue::Hedge
                    )
                });
                if blocked.is_none() {
                    let key = match cx.has(k, |c| matches!(c, Cue::Term(..))) {
                        Some((_, Cue::Term(t, _))) => {
                            format!("t:{}", cx.lex.term_classes[t as usize])
                        }
                        _ => variant_key(&cx.words[k]),
                    };
                    head = Some(key);
                    head_text = Some(cx.words[k].text.to_string());
                    if let Some((_, Cue::Duration(u))) =
                        cx.has(k, |c| matches!(c, Cue::Duration(_)))
                    {
                        duration = Some(u);
                    }
                    head_end = k + 1;
                }
            }
        }
        if year_like
            && qualifier == Qualifier::Exact
            && approx.is_none()
            && (prev_year_marker || head.is_none())
        {
            out.dates.push(DateClaim {
                year: Some(lo as i32),
                month: None,
                day: None,
                weekday: None,
                hijri_month: None,
                resolved: None,
                span: cx.span(start, end),
            });
            i = end;
            continue;
        }
        // approximator after ("1130 مدنياً على الأقل")
        let mut qend = head_end;
        if approx.is_none() {
            if let Some((l, Cue::Approx(k))) = cx.has(head_end, |c| matches!(c, Cue::Approx(_))) {
                if cx.lex.approximators[k as usize].after {
                    approx = Some(k);
                    qend = head_end + l;
                }
            }
        }
        let mut lo_open = false;
        let mut hi_open = false;
        let mut approximator = None;
        let stated = (lo, hi);
        if let Some(k) = approx {
            let a = &cx.lex.approximators[k as usize];
            let (blo, bhi) = (lo, hi);
            lo = a.lo.map_or(0.0, |f| f * blo);
            hi = a.hi.map_or(f64::INFINITY, |f| f * bhi);
            lo_open = a.lo_open;
            hi_open = a.hi_open;
            approximator = Some(a.cue.clone());
            qualifier = Qualifier::Approximate;
        }
        let qstart = if approx.is_some() && start > i {
            i
        } else {
            start
        };
        out.quantities.push(Quantity {
            lo,
            hi,
            lo_open,
            hi_open,
            qualifier,
            approximator,
            head,
            head_text,
            duration,
            stated,
            span: cx.span(qstart, qend.max(end)),
        });
        for c in covered.iter_mut().take(end).skip(qstart) {
            *c = true;
        }
        i = end.max(i + 1);
    }

    // month names, with their day and year
    for i in 0..n {
        if used_month[i] {
            continue;
        }
        let Some((l, Cue::Month(m))) = cx.has(i, |c| matches!(c, Cue::Month(_))) else {
            continue;
        };
        // English "may" is a modal far more often than a month
        if cx.lex.lang == Lang::En && cx.words[i].text == "may" {
            let num_near = (i > 0 && cx.words[i - 1].is_number)
                || cx.words.get(i + l).is_some_and(|w| w.is_number);
            if !num_near {
                continue;
            }
        }
        let mut first = i;
        let mut last = i + l;
        // the other calendar system right after: "حزيران (يونيو)", "نوفمبر/تشرين الثاني"
        if let Some((l2, Cue::Month(m2))) = cx.has(last, |c| matches!(c, Cue::Month(_))) {
            if m2 == m {
                for u in used_month.iter_mut().skip(last).take(l2) {
                    *u = true;
                }
                last += l2;
            }
        }
        let mut day = None;
        if i > 0 {
            if let Some((v, s)) = parse_digits(cx.words[i - 1].text) {
                if s.is_empty() && v.fract() == 0.0 && (1.0..=31.0).contains(&v) {
                    day = Some(v as u32);
                    first = i - 1;
                }
            } else if i > 1 && cx.has(i - 1, |c| matches!(c, Cue::Of)).is_some() {
                if let Some((_, Cue::Ordinal(d))) = cx.has(i - 2, |c| matches!(c, Cue::Ordinal(_)))
                {
                    day = Some(d);
                    first = i - 2;
                }
            } else if let Some((_, Cue::Ordinal(d))) =
                cx.has(i - 1, |c| matches!(c, Cue::Ordinal(_)))
            {
                day = Some(d);
                first = i - 1;
            }
        }
        let mut year = None;
        if let Some(w) = cx.words.get(last) {
            if let Some((v, s)) = parse_digits(w.text) {
                if s.is_empty() && (1800.0..=2100.0).contains(&v) {
                    year = Some(v as i32);
                    last += 1;
                } else if day.is_none()
                    && s.is_empty()
                    && (1.0..=31.0).contains(&v)
                    && v.fract() == 0.0
                {
                    day = Some(v as u32);
                    last += 1;
                }
            }
        }
        let resolved = match (day, today) {
            (Some(d), Some(t)) => {
                let (ty, tm, _) = dates::civil_from_days(t);
                let y = year.unwrap_or(if u32::from(m) > tm { ty - 1 } else { ty });
                Some(dates::days_from_civil(y, u32::from(m), d))
            }
            (Some(d), None) => year.map(|y| dates::days_from_civil(y, u32::from(m), d)),
            _ => None,
        };
        out.dates.push(DateClaim {
            year,
            month: Some(m),
            day,
            weekday: None,
            hijri_month: None,
            resolved,
            span: cx.span(first, last),
        });
    }
    // Hijri months where the text reads as a date: after a month word or a preposition of
    // time ("شهر رمضان", "في رمضان", "during Ramadan") or next to a number ("15 رمضان",
    // "رمضان 1439"); "رمضان", "رجب", "شعبان" are also given names
    for i in 0..n {
        let Some((l, Cue::HijriMonth(m))) = cx.has(i, |c| matches!(c, Cue::HijriMonth(_))) else {
            continue;
        };
        let marked = i > 0
            && cx.words[i - 1]
                .forms()
                .any(|f| cx.lex.hijri_month_markers.iter().any(|mk| mk == f));
        let numbered = (i > 0 && cx.words[i - 1].is_number)
            || cx.words.get(i + l).is_some_and(|w| w.is_number);
        if marked || numbered {
            out.dates.push(DateClaim {
                year: None,
                month: None,
                day: None,
                weekday: None,
                hijri_month: Some(m),
                resolved: None,
                span: cx.span(i, i + l),
            });
        }
    }
    // relative days and weekdays
    let mut i = 0;
    while i < n {
        if let Some((l, c)) = cx.has(i, |c| matches!(c, Cue::RelativeDay(_) | Cue::Weekday(_))) {
            let resolved = match (c, today) {
                (Cue::RelativeDay(d), Some(t)) => Some(t + i64::from(d)),
                (Cue::Weekday(w), Some(t)) => {
                    let back = (i64::from(dates::weekday(t)) - i64::from(w)).rem_euclid(7);
                    Some(t - back)
                }
                _ => None,
            };
            out.dates.push(DateClaim {
                year: None,
                month: None,
                day: None,
                weekday: match c {
                    Cue::Weekday(w) => Some(w),
                    _ => None,
                },
                hijri_month: None,
                resolved,
                span: cx.span(i, i + l),
            });
            i += l;
            continue;
        }
        i += 1;
    }
    out.dates.sort_by_key(|d| d.span.start);
}

#[cfg(test)]
mod tests;
