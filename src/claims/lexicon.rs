//! Per-language claim lexicons, kept as data files (`lexicon/<lang>.json`) so that a contributor
//! can add a language without touching the extractor or the detectors.
//!
//! A lexicon is parsed once, its entries are normalised with the same folding as the text
//! (so a contributor writes ordinary spelling) and compiled into a [`Matcher`] that finds cues
//! (single or multi-word, exact or prefix) at a word position.

use crate::text::{normalize, Lang};
use ahash::AHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How strongly an attribution verb vouches for what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// "claimed", "alleged": the outlet distances itself.
    Weak,
    /// "said", "announced", "according to".
    Neutral,
    /// "confirmed", "insisted".
    Strong,
}

impl Strength {
    /// Short name used in claim descriptions.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Weak => "claimed",
            Strength::Neutral => "said",
            Strength::Strong => "confirmed",
        }
    }
}

/// An approximator ("about", "more than", "على الأقل") as interval factors of the number.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Approximator {
    pub cue: String,
    /// Lower bound factor (`None`: unbounded below, i.e. 0).
    #[serde(default)]
    pub lo: Option<f64>,
    /// Upper bound factor (`None`: unbounded above).
    #[serde(default)]
    pub hi: Option<f64>,
    #[serde(default)]
    pub lo_open: bool,
    #[serde(default)]
    pub hi_open: bool,
    /// The cue follows the number and its head noun ("1130 civilians at least").
    #[serde(default)]
    pub after: bool,
}

/// A vague quantity word ("dozens", "مئات") with its interval.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Vague {
    pub cue: String,
    pub lo: f64,
    pub hi: f64,
}

fn yes() -> bool {
    true
}

/// A pair of opposite event poles ("rise" vs "fall", "leave" vs "stay").
#[derive(Debug, Clone, Deserialize)]
struct EventClassFile {
    class: String,
    /// Whether a change of this class named on one side of a near copy only is worth reporting
    /// (rose, stopped, left, opened). `false` for classes that judge rather than report a change
    /// (winning, support, mood, safety, calm, calls, presence: the tone detector weighs them)
    /// and for comparatives ("more", "أعلى"), which mostly qualify a figure.
    #[serde(default = "yes")]
    one_sided: bool,
    /// The class's plus words also serve as an aspect of the next event word ("يواصل الهبوط",
    /// "continues falling"): there the next word says what happened, and the aspect word is not
    /// a change of its own. Minus words ("توقف القتال", "stopped fighting") still are.
    #[serde(default)]
    aspect: bool,
    /// Classes whose words name the same move in other terms, pole for pole ("أعلى مستوى" for
    /// a rise, "lowest" for a fall): a one-sided event the other side states this way is the
    /// same report. Read both ways.
    #[serde(default)]
    kin: Vec<String>,
    plus: Vec<String>,
    minus: Vec<String>,
}

/// Neutral and loaded terms for the same referent ("fighters" vs "terrorists").
#[derive(Debug, Clone, Deserialize)]
struct TermClassFile {
    class: String,
    neutral: Vec<String>,
    loaded: Vec<String>,
}

/// Evaluative words: what a headline frames as good news (success, agreement, recovery) or bad
/// news (failure, crisis, dispute). Paraphrases keep the framing; contradictions flip it.
#[derive(Debug, Clone, Default, Deserialize)]
struct ToneFile {
    positive: Vec<String>,
    negative: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct AttributionFile {
    neutral: Vec<String>,
    strong: Vec<String>,
    weak: Vec<String>,
}

/// The lexicon file as written by contributors.
#[derive(Debug, Clone, Deserialize)]
struct LexiconFile {
    negation: Vec<String>,
    negative_predicates: Vec<String>,
    negation_exceptions: Vec<String>,
    event_exceptions: Vec<String>,
    exclusives: Vec<String>,
    hedges: Vec<String>,
    hedges_before_imperfect: Vec<String>,
    imperfect_prefixes: Vec<String>,
    attribution: AttributionFile,
    source_markers: Vec<String>,
    credits: BTreeMap<String, Vec<String>>,
    approximators: Vec<Approximator>,
    vague_quantities: Vec<Vague>,
    number_words: BTreeMap<String, f64>,
    multipliers: BTreeMap<String, f64>,
    number_joiners: Vec<String>,
    range_to: Vec<String>,
    range_from: Vec<String>,
    of_words: Vec<String>,
    percent: Vec<String>,
    year_markers: Vec<String>,
    months: Vec<Vec<String>>,
    /// The Hijri months, Muharram first: a month system of its own, never equal to a Gregorian
    /// month (they overlap).
    #[serde(default)]
    hijri_months: Vec<Vec<String>>,
    /// Words that make a Hijri month name right after them a date ("شهر", "في", "during"):
    /// "رمضان" and "رجب" are also given names.
    #[serde(default)]
    hijri_month_markers: Vec<String>,
    weekdays: Vec<Vec<String>>,
    relative_days: BTreeMap<String, i32>,
    ordinals: BTreeMap<String, u32>,
    events: Vec<EventClassFile>,
    terms: Vec<TermClassFile>,
    entities: BTreeMap<String, Vec<String>>,
    /// Cities per country id, each city with its own id and forms: a city is its own entity
    /// with its country as parent ("الإسكندرية" and "أسوان" are two places of "EG").
    #[serde(default)]
    cities: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    entity_classes: BTreeMap<String, String>,
    stopwords: Vec<String>,
    /// Words that make the next event irrealis ("will", "سوف").
    #[serde(default)]
    irrealis: Vec<String>,
    /// Verb prefixes marking the future ("سي", "ست").
    #[serde(default)]
    future_prefixes: Vec<String>,
    /// Privative words negating one word ("غير معلن" = undeclared): they negate the event
    /// they stand in front of, not the sentence.
    #[serde(default)]
    privative: Vec<String>,
    /// Expectation and report words ("expected", "توقعات"): hedges of low weight.
    #[serde(default)]
    weak_hedges: Vec<String>,
    /// Units of time, one list of forms per unit ("month", "months"): the same figure in two
    /// units is two durations.
    #[serde(default)]
    durations: Vec<Vec<String>>,
    /// Good-news and bad-news words.
    #[serde(default)]
    tone: ToneFile,
    /// Words that say how much or how suddenly something changed ("sharp", "حاد", "جديد"),
    /// not what changed: never taken as the participant an event word is about.
    #[serde(default)]
    degree_words: Vec<String>,
    /// Words that measure the noun after them ("سعر الدولار", "the price of gold"): an event
    /// about one is about that noun.
    #[serde(default)]
    measure_words: Vec<String>,
    /// Words that begin a new conjunct or clause ("and", "while", "مع", "بينما"): a participant
    /// on the far side of one belongs to another event.
    #[serde(default)]
    conjunctions: Vec<String>,
    /// Words that open a reported clause ("that", "أن"): the source named after a speech verb
    /// ends before one ("أكد التحالف أن ..." is said by the coalition, not by "التحالف أن ...").
    #[serde(default)]
    complementizers: Vec<String>,
    /// Words that frame a headline rather than state its claim ("تعرف على", "حكاية", "here's"):
    /// one replaced by another, or by a question, is not a substitution.
    #[serde(default)]
    frames: Vec<String>,
    /// Words that open a question ("كيف", "how"): in a question, the word right after one is
    /// part of how the headline is framed ("كيف أصبحت ...؟").
    #[serde(default)]
    interrogatives: Vec<String>,
    /// Conjunctions written as a prefix of the next word (Arabic "و"). A word starting with one
    /// begins a conjunct when the rest is a word the lexicon knows or starts with an article.
    #[serde(default)]
    conjunction_prefixes: Vec<String>,
    /// Definite articles written as a prefix (Arabic "ال").
    #[serde(default)]
    article_prefixes: Vec<String>,
    /// Synonym sets: words a dictionary gives one meaning in news language ("تزود" / "تدعم",
    /// "خسارة" / "فقدان", "slump" / "plunge"). A word may sit in several sets. Two words of one set
    /// are the same claim in other words: a replacement of one by the other, or a framing one
    /// side carries with one word and the other with its synonym, is not a medium finding.
    /// Entries are single words, written like every other entry (`*`, `+`).
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    /// Who does what to whom: the words before a name that make it the one acting or the one
    /// acted on (see [`RoleMarkers`]).
    #[serde(default)]
    roles: RoleMarkers,
    /// Words that place an event before or after another ("قبيل العقوبات" / "بعد العقوبات",
    /// "before the sanctions" / "after the sanctions").
    #[serde(default)]
    temporal_order: TemporalOrder,
}

/// Words of time order: before and after the event named next.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TemporalOrder {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// Words that give a name its role in a clause. A name opening a clause is its agent, a name
/// right after the agent's verb its patient; these words mark the rest.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RoleMarkers {
    /// Before the one acting in a clause it does not open ("طلب من X" / "by X").
    pub agent: Vec<String>,
    /// Before the one acted on or for ("لصالح X", "ضد X" / "for X", "against X").
    pub patient: Vec<String>,
    /// Prepositions written as a prefix of the name, marking the one acted on or for ("لمصر").
    pub patient_prefixes: Vec<String>,
    /// The entity classes that can act (countries, people, companies): a currency or a
    /// commodity after "ل" is what moves ("هبوط للإسترليني"), not whom it is done to.
    pub classes: Vec<String>,
}

/// What a matched cue means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cue {
    Negation,
    /// A verb that negates its complement ("denied", "refused", "رفض").
    NegativePredicate,
    /// A sequence that looks like a negation but is not ("لا يزال" = still, "not only").
    NegationException,
    /// A sequence whose first word looks like an event but is an idiom with its object
    /// ("يفتح النار" = open fire, "raise a flag").
    EventException,
    /// "except", "سوى": "not ... except" is an affirmation.
    Exclusive,
    Hedge,
    /// A hedge of low weight (expectation, "reports of").
    WeakHedge,
    /// Negates the next word only ("غير").
    Privative,
    /// A hedge only before an imperfect verb (Arabic قد + يفعل = "may").
    HedgeBeforeImperfect,
    Attribution(Strength),
    SourceMarker,
    /// Index into [`Lexicon::credit_names`].
    Credit(u16),
    /// Index into [`Lexicon::approximators`].
    Approx(u16),
    /// Index into [`Lexicon::vague`].
    Vague(u16),
    NumberWord(f64),
    Multiplier(f64),
    Joiner,
    RangeTo,
    RangeFrom,
    Of,
    Percent,
    YearMarker,
    /// Month number 1..=12.
    Month(u8),
    /// Hijri month number 1..=12 (9 = Ramadan).
    HijriMonth(u8),
    /// Weekday 0 = Sunday.
    Weekday(u8),
    RelativeDay(i32),
    Ordinal(u32),
    /// Event class index and pole (+1 / -1).
    Event(u16, i8),
    /// Term class index, loaded or neutral.
    Term(u16, bool),
    /// Index into [`Lexicon::entity_ids`].
    Entity(u16),
    /// A unit of time ("months", "أشهر"), by its index in the file's `durations`: a quantity
    /// counting it is a duration.
    Duration(u8),
    /// "will", "سوف": the next event is not (yet) a fact.
    Irrealis,
    /// How much or how suddenly something changed ("sharp", "حاد"): not a participant.
    Degree,
    /// A word that measures the noun after it ("سعر", "price"): not an event's head itself.
    Measure,
    /// A word that begins a new conjunct ("and", "while", "مع").
    Conjunction,
    /// A word that opens a reported clause ("that", "أن").
    Complementizer,
    /// A word that frames a headline ("تعرف على", "here's").
    Frame,
    /// A word that opens a question ("كيف", "how").
    Interrogative,
    /// A good-news (+1) or bad-news (-1) word.
    Tone(i8),
    Stop,
}

impl Cue {
    /// A grammatical cue (negation, hedge, attribution, quantity and date words, joiners): the
    /// word carries the sentence's frame, not its content, so it is never a content key and a
    /// replacement of it is left to its own detector.
    pub fn is_grammatical(&self) -> bool {
        matches!(
            self,
            Cue::Stop
                | Cue::Negation
                | Cue::NegativePredicate
                | Cue::NegationException
                | Cue::Exclusive
                | Cue::Hedge
                | Cue::HedgeBeforeImperfect
                | Cue::WeakHedge
                | Cue::Privative
                | Cue::Irrealis
                | Cue::Attribution(_)
                | Cue::SourceMarker
                | Cue::Credit(_)
                | Cue::Approx(_)
                | Cue::Vague(_)
                | Cue::Joiner
                | Cue::RangeTo
                | Cue::RangeFrom
                | Cue::Of
                | Cue::Percent
                | Cue::RelativeDay(_)
                | Cue::Weekday(_)
        )
    }
}

struct Entry {
    /// Remaining tokens after the first (exact forms).
    rest: Vec<String>,
    cue: Cue,
    /// A name's form without its article: it matches only where a preposition absorbed the
    /// article ("للرقة" = ل + الرقة), not after any prefix ("ورقة" is not و + رقة).
    bare: bool,
}

/// A compiled lexicon for one language.
pub struct Lexicon {
    pub lang: Lang,
    exact: AHashMap<String, Vec<Entry>>,
    prefix: Vec<(String, Cue)>,
    /// Agency names, indexed by [`Cue::Credit`].
    pub credit_names: Vec<String>,
    /// Indexed by [`Cue::Approx`].
    pub approximators: Vec<Approximator>,
    /// Indexed by [`Cue::Vague`].
    pub vague: Vec<Vague>,
    /// Event class names, indexed by [`Cue::Event`].
    pub event_classes: Vec<String>,
    /// Per event class: reported when named on one side of a near copy only.
    pub event_one_sided: Vec<bool>,
    /// Per event class: its plus words are an aspect of an event word right after them.
    pub event_aspect: Vec<bool>,
    /// Per event class: the classes that name the same move pole for pole (both ways).
    pub event_kin: Vec<Vec<String>>,
    /// Term class names, indexed by [`Cue::Term`].
    pub term_classes: Vec<String>,
    /// Entity ids, indexed by [`Cue::Entity`].
    pub entity_ids: Vec<String>,
    /// Entity class per entity id (`place` unless the file says otherwise).
    pub entity_class: Vec<String>,
    /// Per entity id: the index of its parent, a city's country; an entity without a parent is
    /// its own.
    pub entity_parent: Vec<u16>,
    /// Words that make a Hijri month name after them a date (normalised).
    pub hijri_month_markers: Vec<String>,
    /// Prefixes that mark an imperfect verb (for [`Cue::HedgeBeforeImperfect`]).
    pub imperfect_prefixes: Vec<String>,
    /// Prefixes that mark a future verb.
    pub future_prefixes: Vec<String>,
    /// Conjunctions written as a prefix (see [`Lexicon::starts_conjunct`]).
    conjunction_prefixes: Vec<String>,
    article_prefixes: Vec<String>,
    /// Synonym set ids per exact word form (see [`Lexicon::synonym_sets`]).
    synonym_exact: AHashMap<String, Vec<u16>>,
    /// Synonym set ids per word prefix (entries written with a trailing `*`).
    synonym_prefix: Vec<(String, u16)>,
    /// Role words, normalised (see [`RoleMarkers`]).
    pub roles: RoleMarkers,
    /// Time order words, normalised (see [`TemporalOrder`]).
    pub temporal_order: TemporalOrder,
}

/// Arabic nisba and plural endings added by a trailing `+` in an entry.
const NISBA_ENDINGS: [&str; 7] = ["", "ه", "ين", "ون", "ان", "تين", "تان"];

fn norm_entry(s: &str) -> String {
    normalize(s.trim()).text
}

impl Lexicon {
    fn parse(lang: Lang, json: &str) -> Lexicon {
        let f: LexiconFile = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("lexicon for {} is not valid: {e}", lang.as_str()));
        let mut lx = Lexicon {
            lang,
            exact: AHashMap::new(),
            prefix: Vec::new(),
            credit_names: Vec::new(),
            approximators: Vec::new(),
            vague: Vec::new(),
            event_classes: Vec::new(),
            event_one_sided: Vec::new(),
            event_aspect: Vec::new(),
            event_kin: Vec::new(),
            term_classes: Vec::new(),
            entity_ids: Vec::new(),
            entity_class: Vec::new(),
            entity_parent: Vec::new(),
            hijri_month_markers: f
                .hijri_month_markers
                .iter()
                .map(|s| norm_entry(s))
                .collect(),
            imperfect_prefixes: f.imperfect_prefixes.iter().map(|s| norm_entry(s)).collect(),
            future_prefixes: f.future_prefixes.iter().map(|s| norm_entry(s)).collect(),
            conjunction_prefixes: f
                .conjunction_prefixes
                .iter()
                .map(|s| norm_entry(s))
                .collect(),
            article_prefixes: f.article_prefixes.iter().map(|s| norm_entry(s)).collect(),
            synonym_exact: AHashMap::new(),
            synonym_prefix: Vec::new(),
            roles: RoleMarkers {
                agent: f.roles.agent.iter().map(|s| norm_entry(s)).collect(),
                patient: f.roles.patient.iter().map(|s| norm_entry(s)).collect(),
                patient_prefixes: f
                    .roles
                    .patient_prefixes
                    .iter()
                    .map(|s| norm_entry(s))
                    .collect(),
                classes: f.roles.classes.clone(),
            },
            temporal_order: TemporalOrder {
                before: f
                    .temporal_order
                    .before
                    .iter()
                    .map(|s| norm_entry(s))
                    .collect(),
                after: f
                    .temporal_order
                    .after
                    .iter()
                    .map(|s| norm_entry(s))
                    .collect(),
            },
        };
        let add_all = |lx: &mut Lexicon, list: &[String], cue: Cue| {
            for e in list {
                lx.add(e, cue);
            }
        };
        add_all(&mut lx, &f.stopwords, Cue::Stop);
        add_all(&mut lx, &f.irrealis, Cue::Irrealis);
        add_all(&mut lx, &f.privative, Cue::Privative);
        add_all(&mut lx, &f.weak_hedges, Cue::WeakHedge);
        for (u, forms) in f.durations.iter().enumerate() {
            add_all(&mut lx, forms, Cue::Duration(u as u8));
        }
        add_all(&mut lx, &f.negation, Cue::Negation);
        add_all(&mut lx, &f.negative_predicates, Cue::NegativePredicate);
        add_all(&mut lx, &f.negation_exceptions, Cue::NegationException);
        add_all(&mut lx, &f.event_exceptions, Cue::EventException);
        add_all(&mut lx, &f.exclusives, Cue::Exclusive);
        add_all(&mut lx, &f.hedges, Cue::Hedge);
        add_all(
            &mut lx,
            &f.hedges_before_imperfect,
            Cue::HedgeBeforeImperfect,
        );
        add_all(
            &mut lx,
            &f.attribution.neutral,
            Cue::Attribution(Strength::Neutral),
        );
        add_all(
            &mut lx,
            &f.attribution.strong,
            Cue::Attribution(Strength::Strong),
        );
        add_all(
            &mut lx,
            &f.attribution.weak,
            Cue::Attribution(Strength::Weak),
        );
        add_all(&mut lx, &f.source_markers, Cue::SourceMarker);
        for (name, forms) in &f.credits {
            let i = lx.credit_names.len() as u16;
            lx.credit_names.push(name.clone());
            add_all(&mut lx, forms, Cue::Credit(i));
        }
        for a in &f.approximators {
            let i = lx.approximators.len() as u16;
            let mut a = a.clone();
            a.cue = norm_entry(&a.cue);
            lx.add(&a.cue.clone(), Cue::Approx(i));
            lx.approximators.push(a);
        }
        for v in &f.vague_quantities {
            let i = lx.vague.len() as u16;
            lx.add(&v.cue, Cue::Vague(i));
            lx.vague.push(v.clone());
        }
        for (w, &v) in &f.number_words {
            lx.add(w, Cue::NumberWord(v));
        }
        for (w, &v) in &f.multipliers {
            lx.add(w, Cue::Multiplier(v));
        }
        add_all(&mut lx, &f.number_joiners, Cue::Joiner);
        add_all(&mut lx, &f.range_to, Cue::RangeTo);
        add_all(&mut lx, &f.range_from, Cue::RangeFrom);
        add_all(&mut lx, &f.of_words, Cue::Of);
        add_all(&mut lx, &f.percent, Cue::Percent);
        add_all(&mut lx, &f.year_markers, Cue::YearMarker);
        for (m, names) in f.months.iter().enumerate() {
            add_all(&mut lx, names, Cue::Month(m as u8 + 1));
        }
        for (m, names) in f.hijri_months.iter().enumerate() {
            add_all(&mut lx, names, Cue::HijriMonth(m as u8 + 1));
        }
        for (d, names) in f.weekdays.iter().enumerate() {
            add_all(&mut lx, names, Cue::Weekday(d as u8));
        }
        for (w, &d) in &f.relative_days {
            lx.add(w, Cue::RelativeDay(d));
        }
        for (w, &n) in &f.ordinals {
            lx.add(w, Cue::Ordinal(n));
        }
        for ev in &f.events {
            let i = lx.event_classes.len() as u16;
            lx.event_classes.push(ev.class.clone());
            lx.event_one_sided.push(ev.one_sided);
            lx.event_aspect.push(ev.aspect);
            add_all(&mut lx, &ev.plus, Cue::Event(i, 1));
            add_all(&mut lx, &ev.minus, Cue::Event(i, -1));
        }
        lx.event_kin = vec![Vec::new(); f.events.len()];
        for (k, ev) in f.events.iter().enumerate() {
            for other in &ev.kin {
                let Some(o) = f.events.iter().position(|e| e.class == *other) else {
                    continue;
                };
                for (from, to) in [(k, o), (o, k)] {
                    let name = &f.events[to].class;
                    if !lx.event_kin[from].contains(name) {
                        lx.event_kin[from].push(name.clone());
                    }
                }
            }
        }
        add_all(&mut lx, &f.degree_words, Cue::Degree);
        add_all(&mut lx, &f.measure_words, Cue::Measure);
        add_all(&mut lx, &f.conjunctions, Cue::Conjunction);
        add_all(&mut lx, &f.complementizers, Cue::Complementizer);
        add_all(&mut lx, &f.frames, Cue::Frame);
        add_all(&mut lx, &f.interrogatives, Cue::Interrogative);
        add_all(&mut lx, &f.tone.positive, Cue::Tone(1));
        add_all(&mut lx, &f.tone.negative, Cue::Tone(-1));
        for t in &f.terms {
            let i = lx.term_classes.len() as u16;
            lx.term_classes.push(t.class.clone());
            add_all(&mut lx, &t.neutral, Cue::Term(i, false));
            add_all(&mut lx, &t.loaded, Cue::Term(i, true));
        }
        for (id, forms) in &f.entities {
            let i = lx.entity_ids.len() as u16;
            lx.entity_ids.push(id.clone());
            lx.entity_class.push(
                f.entity_classes
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "place".to_string()),
            );
            lx.entity_parent.push(i);
            add_all(&mut lx, forms, Cue::Entity(i));
        }
        for (country, cities) in &f.cities {
            let parent = lx
                .entity_ids
                .iter()
                .position(|id| id == country)
                .unwrap_or_else(|| {
                    panic!(
                        "lexicon for {}: the cities of \"{country}\" need an entity of that id",
                        lang.as_str()
                    )
                });
            for (city, forms) in cities {
                let i = lx.entity_ids.len() as u16;
                lx.entity_ids.push(format!("{country}/{city}"));
                lx.entity_class.push(lx.entity_class[parent].clone());
                lx.entity_parent.push(parent as u16);
                add_all(&mut lx, forms, Cue::Entity(i));
            }
        }
        for (i, set) in f.synonyms.iter().enumerate() {
            for e in set {
                lx.add_synonym(e, i as u16);
            }
        }
        lx
    }

    fn add_synonym(&mut self, raw: &str, set: u16) {
        let raw = raw.trim();
        let put = |lx: &mut Lexicon, w: String| {
            let v = lx.synonym_exact.entry(w).or_default();
            if !v.contains(&set) {
                v.push(set);
            }
        };
        if let Some(stem) = raw.strip_suffix('+') {
            let base = norm_entry(stem);
            for end in NISBA_ENDINGS {
                put(self, format!("{base}{end}"));
            }
        } else if let Some(p) = raw.strip_suffix('*') {
            self.synonym_prefix.push((norm_entry(p), set));
        } else {
            put(self, norm_entry(raw));
        }
    }

    /// The synonym sets word `w` belongs to (through any of its forms), sorted.
    pub fn synonym_sets(&self, w: &Word<'_>) -> Vec<u16> {
        let mut out: Vec<u16> = Vec::new();
        for form in w.forms() {
            if let Some(v) = self.synonym_exact.get(form) {
                out.extend_from_slice(v);
            }
        }
        for (p, set) in &self.synonym_prefix {
            if w.forms()
                .any(|f| f.starts_with(p.as_str()) && f.len() > p.len())
            {
                out.push(*set);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn add(&mut self, raw: &str, cue: Cue) {
        let raw = raw.trim();
        if let Some(stem) = raw.strip_suffix('+') {
            let base = norm_entry(stem);
            for end in NISBA_ENDINGS {
                self.add_normalized(&format!("{base}{end}"), cue);
            }
            return;
        }
        if let Some(p) = raw.strip_suffix('*') {
            self.prefix.push((norm_entry(p), cue));
            return;
        }
        self.add_normalized(&norm_entry(raw), cue);
    }

    fn add_normalized(&mut self, entry: &str, cue: Cue) {
        let mut parts = entry.split_whitespace();
        let Some(first) = parts.next() else { return };
        let rest: Vec<String> = parts.map(str::to_string).collect();
        // a name with the article also matches the word without it: after a preposition
        // that absorbs the article's alef ("للسودان" = ل + السودان, bare form "سودان"); names
        // only, since a function word without its article is often another word ("اليوم" =
        // today, "يوم" = a day)
        let bare = matches!(cue, Cue::Entity(_))
            .then_some(())
            .and_then(|()| {
                self.article_prefixes
                    .iter()
                    .find_map(|a| first.strip_prefix(a.as_str()))
            })
            .filter(|r| r.chars().count() >= 3)
            .map(str::to_string);
        if let Some(b) = bare {
            self.exact.entry(b).or_default().push(Entry {
                rest: rest.clone(),
                cue,
                bare: true,
            });
        }
        self.exact
            .entry(first.to_string())
            .or_default()
            .push(Entry {
                rest,
                cue,
                bare: false,
            });
    }

    /// The id entity `k` is keyed and compared by: a city's country, else its own id (a city
    /// is told apart from its neighbours by its own id, see [`Lexicon::entity_parent`]).
    pub fn entity_country(&self, k: u16) -> &str {
        &self.entity_ids[self.entity_parent[k as usize] as usize]
    }

    /// Does `w` begin a new conjunct through a conjunction prefix ("والدولار", "وهبوط")? The
    /// prefix counts when the rest of the word starts with an article or is itself a lexicon
    /// word while the whole word is not (so "وقف", a word of its own, is not "و" + "قف").
    pub fn starts_conjunct(&self, w: &Word<'_>) -> bool {
        if self.exact.contains_key(w.text) {
            return false;
        }
        self.conjunction_prefixes.iter().any(|p| {
            w.text.strip_prefix(p.as_str()).is_some_and(|rest| {
                rest.chars().count() >= 2
                    && (self.exact.contains_key(rest)
                        || self.article_prefixes.iter().any(|a| {
                            rest.strip_prefix(a.as_str())
                                .is_some_and(|r| r.chars().count() >= 2)
                        }))
            })
        })
    }

    /// Does `w` carry a preposition prefix marking the one acted on or for ("لمصر", "للولايات")?
    /// Not when the whole word is a lexicon word ("لبنان" is a name, not "ل" + "بنان").
    pub fn patient_prefix(&self, w: &Word<'_>) -> bool {
        !self.exact.contains_key(w.text)
            && self.roles.patient_prefixes.iter().any(|p| {
                w.text
                    .strip_prefix(p.as_str())
                    .is_some_and(|r| r.chars().count() >= 2)
            })
    }

    /// Is `form` the end of `word` after a preposition that absorbed an article's alef ("للرقه"
    /// ends in "ل" + "ل" + "رقه")?
    fn absorbed_article(&self, word: &str, form: &str) -> bool {
        word.strip_suffix(form).is_some_and(|before| {
            self.article_prefixes.iter().any(|a| {
                let kept = a.strip_prefix('ا').unwrap_or(a);
                before.ends_with(&format!("ل{kept}"))
            })
        })
    }

    /// Every cue that starts at word `i` of `words`, with the number of words it spans.
    pub fn matches_at(&self, words: &[Word<'_>], i: usize, out: &mut Vec<(usize, Cue)>) {
        out.clear();
        let w = &words[i];
        for form in w.forms() {
            if let Some(entries) = self.exact.get(form) {
                for e in entries {
                    if e.bare && !self.absorbed_article(w.text, form) {
                        continue;
                    }
                    if e.rest.len() + i < words.len()
                        && e.rest
                            .iter()
                            .enumerate()
                            .all(|(k, r)| words[i + 1 + k].forms().any(|f| f == r))
                    {
                        let m = (e.rest.len() + 1, e.cue);
                        if !out.contains(&m) {
                            out.push(m);
                        }
                    }
                }
            }
        }
        for (p, cue) in &self.prefix {
            if w.forms()
                .any(|f| f.starts_with(p.as_str()) && f.len() > p.len())
            {
                let m = (1, *cue);
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
    }
}

/// A word of a sentence with the forms the lexicon is matched against.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    /// Normalised text of the word.
    pub text: &'a str,
    /// The word without proclitics / article (Arabic) or plural ending (English).
    pub bare: Vec<&'a str>,
    /// Byte range in the normalised document text.
    pub span: std::ops::Range<usize>,
    /// Index of the token in the document.
    pub token: usize,
    pub is_number: bool,
}

impl<'a> Word<'a> {
    /// The word and its bare forms.
    pub fn forms(&self) -> impl Iterator<Item = &'a str> + '_ {
        std::iter::once(self.text).chain(self.bare.iter().copied())
    }
}

/// Bare forms of an Arabic word: conjunctions و/ف, prepositions ب/ل/ك and the article stripped.
pub fn arabic_bare_forms(w: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(4);
    let long_enough = |s: &str| s.chars().count() >= 2;
    let mut cur = w;
    if let Some(s) = cur.strip_prefix(['و', 'ف']) {
        if long_enough(s) {
            out.push(s);
            cur = s;
        }
    }
    if let Some(s) = cur.strip_prefix(['ب', 'ل', 'ك']) {
        if long_enough(s) {
            out.push(s);
            cur = s;
        }
    }
    let _ = cur;
    let n = out.len();
    for k in 0..=n {
        let s = if k == 0 { w } else { out[k - 1] };
        for art in ["ال", "لل"] {
            if let Some(r) = s.strip_prefix(art) {
                if r.chars().count() >= 2 && !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    // accusative tanween written as a final alef: "انخفاضا" is "انخفاض"
    let m = out.len();
    for k in 0..=m {
        let s = if k == 0 { w } else { out[k - 1] };
        if let Some(r) = s.strip_suffix('ا') {
            if r.chars().count() >= 4 && !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out.retain(|f| *f != w);
    out
}

static AR: OnceLock<Lexicon> = OnceLock::new();
static EN: OnceLock<Lexicon> = OnceLock::new();

/// The lexicon for `lang` (English for undetermined text), parsed once.
pub fn lexicon(lang: Lang) -> &'static Lexicon {
    match lang {
        Lang::Ar => AR.get_or_init(|| Lexicon::parse(Lang::Ar, include_str!("lexicon/ar.json"))),
        Lang::En | Lang::Und => {
            EN.get_or_init(|| Lexicon::parse(Lang::En, include_str!("lexicon/en.json")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse() {
        let ar = lexicon(Lang::Ar);
        let en = lexicon(Lang::En);
        for lx in [ar, en] {
            assert!(lx.credit_names.contains(&"AFP".to_string()));
            assert!(lx.credit_names.contains(&"Reuters".to_string()));
            assert!(lx.event_classes.contains(&"rise".to_string()));
            assert!(lx.event_classes.contains(&"leave".to_string()));
            assert!(lx.term_classes.contains(&"fighter".to_string()));
        }
    }

    #[test]
    fn bare_forms_strip_clitics_and_article() {
        assert!(arabic_bare_forms("والتحالف").contains(&"تحالف"));
        assert!(arabic_bare_forms("ولم").contains(&"لم"));
        assert!(arabic_bare_forms("لرويترز").contains(&"رويترز"));
        assert!(arabic_bare_forms("بحسب").contains(&"حسب"));
    }
}
