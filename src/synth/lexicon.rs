//! Per-language word lists for the synthetic corpus: real function and news words at the top of
//! the Zipf ranking, synthesised words (English syllables; Arabic roots in morphological
//! patterns, real Arabic letters) for the long tail, plus names, places, outlets and agencies.

use super::rng::{AliasTable, Rng};
use std::collections::HashSet;

/// Language of a synthetic story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SynthLang {
    En,
    Ar,
}

impl SynthLang {
    /// The language tag written in the article metadata.
    pub fn tag(self) -> &'static str {
        match self {
            SynthLang::En => "en",
            SynthLang::Ar => "ar",
        }
    }
}

const EN_TOP: &[&str] = &[
    "the",
    "of",
    "to",
    "and",
    "a",
    "in",
    "that",
    "for",
    "is",
    "on",
    "was",
    "with",
    "he",
    "it",
    "as",
    "at",
    "by",
    "from",
    "his",
    "have",
    "has",
    "are",
    "be",
    "an",
    "they",
    "not",
    "but",
    "had",
    "were",
    "this",
    "which",
    "their",
    "been",
    "who",
    "will",
    "its",
    "after",
    "more",
    "would",
    "than",
    "people",
    "there",
    "also",
    "two",
    "new",
    "government",
    "into",
    "over",
    "city",
    "forces",
    "last",
    "year",
    "other",
    "about",
    "when",
    "could",
    "against",
    "state",
    "officials",
    "killed",
    "police",
    "military",
    "president",
    "minister",
    "week",
    "told",
    "three",
    "first",
    "since",
    "some",
    "region",
    "during",
    "security",
    "group",
    "country",
    "attack",
    "where",
    "before",
    "while",
    "still",
    "under",
    "local",
    "between",
    "support",
    "statement",
    "border",
    "control",
    "capital",
    "area",
    "army",
    "members",
    "talks",
    "fighting",
    "civilians",
    "aid",
    "health",
    "election",
    "court",
    "report",
    "according",
    "workers",
    "prices",
    "company",
    "market",
    "million",
    "water",
    "power",
    "residents",
    "deal",
    "war",
    "foreign",
    "national",
    "public",
    "several",
    "hundreds",
    "dozens",
    "least",
    "left",
    "took",
    "made",
    "held",
    "called",
    "began",
    "weeks",
    "days",
    "months",
    "ministry",
    "agency",
    "council",
    "united",
    "nations",
    "human",
    "rights",
    "camp",
    "refugees",
    "displaced",
    "streets",
    "building",
    "hospital",
];

const AR_TOP: &[&str] = &[
    "في",
    "من",
    "على",
    "إلى",
    "أن",
    "عن",
    "التي",
    "الذي",
    "مع",
    "هذا",
    "هذه",
    "كان",
    "بعد",
    "قبل",
    "بين",
    "حيث",
    "كما",
    "أو",
    "ما",
    "إن",
    "أنه",
    "خلال",
    "منذ",
    "حتى",
    "ضد",
    "عند",
    "وفق",
    "الى",
    "كانت",
    "قد",
    "لا",
    "لم",
    "أكثر",
    "نحو",
    "الحكومة",
    "القوات",
    "المدينة",
    "مقتل",
    "الرئيس",
    "الوزراء",
    "المسؤولين",
    "السلطات",
    "الأمن",
    "المدنيين",
    "الجيش",
    "العام",
    "اليوم",
    "الأسبوع",
    "الماضي",
    "المنطقة",
    "البلاد",
    "الدولة",
    "وزير",
    "وزارة",
    "المتحدة",
    "الأمم",
    "مجلس",
    "الشرطة",
    "الهجوم",
    "المعارضة",
    "الانتخابات",
    "المحكمة",
    "الصحة",
    "المياه",
    "الكهرباء",
    "الأسعار",
    "السوق",
    "مليون",
    "ألف",
    "عدد",
    "أيضا",
    "أمس",
    "الحدود",
    "العاصمة",
    "الحرب",
    "الاتفاق",
    "المساعدات",
    "اللاجئين",
    "النازحين",
    "المستشفى",
    "الشوارع",
    "السكان",
    "المحلية",
    "الأجنبية",
    "الوطنية",
    "العامة",
    "بيان",
    "تقرير",
    "مصادر",
    "عمليات",
    "قوات",
    "مناطق",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "مدينة",
    "آلاف",
    "مئات",
    "عشرات",
    "الأقل",
    "أشهر",
    "أيام",
    "اليومين",
];

const EN_ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z",
    "br", "cr", "dr", "fr", "gr", "pr", "tr", "bl", "cl", "fl", "gl", "pl", "sl", "st", "sp", "sk",
    "sh", "ch", "th", "wh", "str", "sc",
];
const EN_VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "i", "o", "ea", "ai", "ou", "io", "ee", "oo", "y",
];
const EN_CODAS: &[&str] = &[
    "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "nt", "rd", "ll", "ss", "x",
];

/// Arabic consonants used for synthetic roots (no weak letters at the edges, like most roots).
const AR_ROOT_LETTERS: &[char] = &[
    'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف',
    'ق', 'ك', 'ل', 'م', 'ن', 'ه',
];

/// Morphological patterns; `1`, `2`, `3` are the root letters.
const AR_PATTERNS: &[&str] = &[
    "123", "1a23", "m123", "12y3", "t123", "123h", "a123", "m12w3", "12a3", "1a23at", "m1a23",
    "ist123", "t1a23", "in123", "12a3at", "1w23", "m123h", "a12a3", "mt1a23", "1a2y3",
];

const EN_AGENCIES: &[&str] = &["AFP", "Reuters", "AP"];
const AR_AGENCIES: &[&str] = &["فرانس برس", "رويترز", "أ ف ب"];

const EN_OUTLETS: &[&str] = &[
    "The Daily Ledger",
    "Morning Courier",
    "The Harbour Times",
    "Evening Standard Post",
    "The Northern Star",
    "Metro Herald",
    "The Valley Gazette",
    "City Chronicle",
    "The Observer Desk",
    "Global Dispatch",
    "The Westside Journal",
    "Capital Record",
    "The Sentinel",
    "Coastal Tribune",
    "The Weekly Press",
    "Frontline News",
    "The Plain Register",
    "Union Bulletin",
];
const AR_OUTLETS: &[&str] = &[
    "الحياة اليوم",
    "صوت المدينة",
    "الخبر العربي",
    "النهار الجديد",
    "الشرق المسائي",
    "البوابة",
    "الوطن اليوم",
    "المرصد الإخباري",
    "الرأي الحر",
    "القدس الجديدة",
    "الساحل",
    "أخبار الخليج الجديدة",
    "الجريدة",
    "المستقبل",
    "الأنباء",
    "الشروق الجديد",
];

/// Everything the generator needs for one language.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub lang: SynthLang,
    /// Words by Zipf rank.
    pub words: Vec<String>,
    /// How many of the top-ranked words are real words (the rest are synthesised).
    pub real_words: usize,
    /// Sampler of ranks.
    pub zipf: AliasTable,
    /// Wire agencies (credited in wire copy).
    pub agencies: &'static [&'static str],
    /// Outlets that reprint.
    pub outlets: &'static [&'static str],
    /// "said", "claimed", "denied", hedge, "about", "more than", "and" for this language.
    pub said: &'static str,
    pub claimed: &'static str,
    pub denied: &'static str,
    pub hedge: &'static str,
    pub approx_about: &'static str,
    pub approx_more: &'static str,
    pub and: &'static str,
}

impl Lexicon {
    /// Build the lexicon of `lang` with `size` words (deterministic).
    pub fn new(lang: SynthLang, size: usize) -> Lexicon {
        let mut rng = Rng::new(match lang {
            SynthLang::En => 0x656e_6c65_7869_636f,
            SynthLang::Ar => 0x0061_726c_6578_6963,
        });
        let top: &[&str] = match lang {
            SynthLang::En => EN_TOP,
            SynthLang::Ar => AR_TOP,
        };
        let mut seen: HashSet<String> = top.iter().map(|s| s.to_string()).collect();
        let mut words: Vec<String> = top.iter().map(|s| s.to_string()).collect();
        while words.len() < size {
            let rank = words.len();
            let w = match lang {
                SynthLang::En => english_word(&mut rng, rank),
                SynthLang::Ar => arabic_word(&mut rng),
            };
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let zipf = AliasTable::zipf(words.len(), 1.05);
        match lang {
            SynthLang::En => Lexicon {
                lang,
                real_words: top.len(),
                words,
                zipf,
                agencies: EN_AGENCIES,
                outlets: EN_OUTLETS,
                said: "said",
                claimed: "claimed",
                denied: "denied",
                hedge: "reportedly",
                approx_about: "about",
                approx_more: "more than",
                and: "and",
            },
            SynthLang::Ar => Lexicon {
                lang,
                real_words: top.len(),
                words,
                zipf,
                agencies: AR_AGENCIES,
                outlets: AR_OUTLETS,
                said: "قال",
                claimed: "زعم",
                denied: "نفى",
                hedge: "ربما",
                approx_about: "نحو",
                approx_more: "أكثر من",
                and: "و",
            },
        }
    }

    /// A proper name (person or place) for a story.
    pub fn name(&self, rng: &mut Rng) -> String {
        match self.lang {
            SynthLang::En => {
                let mut w = english_word(rng, 3000);
                if let Some(f) = w.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                w
            }
            SynthLang::Ar => {
                // Names are root patterns without the article, sometimes with a long vowel.
                let mut w = arabic_word(rng);
                if rng.chance(0.3) {
                    w.push('ي');
                }
                w
            }
        }
    }
}

fn english_word(rng: &mut Rng, rank: usize) -> String {
    // Frequent words are short, rare words longer.
    let syllables = if rank < 2000 {
        1
    } else if rank < 15_000 {
        rng.range(1, 2)
    } else {
        rng.range(2, 3)
    };
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick::<&str>(EN_ONSETS));
        w.push_str(rng.pick::<&str>(EN_VOWELS));
    }
    w.push_str(rng.pick::<&str>(EN_CODAS));
    if rng.chance(0.15) {
        w.push_str(rng.pick::<&str>(&["ing", "ed", "er", "ion", "ly", "al", "ment"]));
    }
    w
}

fn arabic_word(rng: &mut Rng) -> String {
    let root = [
        *rng.pick(AR_ROOT_LETTERS),
        *rng.pick(AR_ROOT_LETTERS),
        *rng.pick(AR_ROOT_LETTERS),
    ];
    let pattern = rng.pick(AR_PATTERNS);
    let mut w = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '1' => w.push(root[0]),
            '2' => w.push(root[1]),
            '3' => w.push(root[2]),
            'a' if w.is_empty() => w.push('أ'), // initial hamza-on-alef (spelling varies by outlet)
            'a' => w.push('ا'),
            'm' => w.push('م'),
            't' => w.push('ت'),
            'y' => w.push('ي'),
            'w' => w.push('و'),
            'h' => w.push('ة'),
            'i' => {
                if chars.peek() == Some(&'n') {
                    chars.next();
                    w.push_str("ان");
                } else {
                    w.push('ا');
                }
            }
            's' => w.push('س'),
            'n' => w.push('ن'),
            _ => {}
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_deterministic_and_unique() {
        let a = Lexicon::new(SynthLang::Ar, 5000);
        let b = Lexicon::new(SynthLang::Ar, 5000);
        assert_eq!(a.words, b.words);
        let set: HashSet<_> = a.words.iter().collect();
        assert_eq!(set.len(), a.words.len());
        assert!(a.words[4000]
            .chars()
            .all(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
        let e = Lexicon::new(SynthLang::En, 5000);
        assert!(e.words[4000].chars().all(|c| c.is_ascii_lowercase()));
    }
}
