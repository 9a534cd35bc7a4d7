//! Measurement of the aligner on a small hand-made gold corpus (English and Arabic): edited
//! reprints (sentences split, merged, reordered, lightly paraphrased, dropped, added, a number
//! changed, a negation dropped, spelling variants) and independently written copy of the same
//! story (where nothing should be linked). Run with `--nocapture` to see the numbers.

use super::*;
use crate::text::Lang;
use std::collections::BTreeSet;

/// One article pair with its gold links. `optional` links are neither required nor penalised
/// (two outlets stating the same fact in different words).
pub(super) struct GoldPair {
    pub name: &'static str,
    pub lang: Lang,
    pub a: &'static [&'static str],
    pub b: &'static [&'static str],
    pub links: &'static [(&'static [usize], &'static [usize])],
    pub optional: &'static [(usize, usize)],
    /// Links (by first `a` sentence) that must be marked moved.
    pub moved: &'static [usize],
}

const EN_A: &[&str] = &[
    "Floods in the northern province of Kassala killed at least 42 people and displaced more than 12,000 families, the civil defence agency said on Sunday.",
    "Heavy rains began on Thursday and swept away hundreds of mud-brick homes in the villages along the Gash river.",
    "The agency said rescue teams had recovered 42 bodies, and that 17 people were still missing.",
    "Governor Ahmed Salih told AFP that the water level was falling but that more rain was expected later in the week.",
    "“We have never seen anything like this,” said Fatima Idris, a mother of five who lost her house.",
    "Aid groups warned of a risk of cholera because drinking water sources had been contaminated.",
    "The World Health Organization said it was sending medical supplies for 50,000 people.",
    "The main road linking Kassala to Port Sudan was cut in three places, delaying deliveries.",
    "Last year, floods across the country killed more than 100 people.",
    "The government has declared a state of emergency in the province for three months.",
];

const EN_B: &[&str] = &[
    "At least 42 people were killed and more than 12,000 families displaced by floods in the northern province of Kassala, the civil defence agency said Sunday.",
    "Heavy rains began on Thursday.",
    "They swept away hundreds of mud-brick homes in villages along the Gash river.",
    "Governor Ahmed Salih told AFP the water level was falling, but more rain was expected later this week.",
    "Rescue teams had recovered 42 bodies and 23 people were still missing, the agency said.",
    "\"We have never seen anything like this,\" said Fatima Idris, a mother of five who lost her house.",
    "Aid groups warned of a risk of cholera because drinking water sources had been contaminated, and the World Health Organization said it was sending medical supplies for 50,000 people.",
    "Neighbouring Eritrea also reported heavy rainfall over the weekend.",
    "The government declared a three-month state of emergency in the province.",
];

const EN_C: &[&str] = &[
    "Sudan's Kassala province was hit by its worst flooding in a decade this week.",
    "Local officials put the death toll at 40, while the United Nations said it could not confirm the figure.",
    "Thousands of residents spent the night on rooftops and higher ground.",
    "A spokesman for the UN refugee agency said camps housing Eritrean refugees were also affected.",
    "Farmers said the harvest of sorghum and millet had been destroyed weeks before it was due.",
    "The authorities have appealed for tents, blankets and water purification tablets.",
];

const AR_A: &[&str] = &[
    "قتل 42 شخصاً على الأقل وأصيب العشرات في قصف استهدف سوقاً شعبية في مدينة إدلب شمال غرب سورية، وفق ما أفاد المرصد السوري لحقوق الإنسان الأحد.",
    "وقال مدير المرصد رامي عبد الرحمن لوكالة فرانس برس إن الحصيلة مرشحة للارتفاع بسبب وجود جرحى في حالات خطرة.",
    "وأظهرت صور بثها ناشطون دماراً واسعاً في السوق واحتراق عدد من السيارات والمحال التجارية.",
    "ونفت وزارة الدفاع الروسية أن تكون طائراتها قد نفذت أي غارات على المنطقة.",
    "وقالت أم محمد التي فقدت زوجها في القصف: «كنا نشتري الخبز عندما سقطت القذائف».",
    "وتسيطر هيئة تحرير الشام على الجزء الأكبر من محافظة إدلب منذ العام 2019.",
    "ودعت الأمم المتحدة إلى تحقيق مستقل في الهجوم، وحذرت من تدهور الوضع الإنساني.",
    "ويقيم في المحافظة نحو ثلاثة ملايين شخص، نصفهم تقريباً من النازحين.",
    "وكانت قوات سورية الديموقراطية قد أعلنت الأسبوع الماضي سيطرتها على بلدات في ريف دير الزور.",
];

const AR_B: &[&str] = &[
    "قُتل 42 شخصاً على الأقل وأصيب عشرات آخرون في قصف استهدف السوق الشعبية بمدينة إدلب في شمال غرب سوريا، بحسب المرصد السوري لحقوق الإنسان.",
    "وأظهرت صور بثها ناشطون دماراً واسعاً في السوق.",
    "كما احترق عدد من السيارات والمحال التجارية.",
    "وأوضح رامي عبد الرحمن مدير المرصد لـ«فرانس برس» أن الحصيلة مرشحة للارتفاع لوجود جرحى في حالات خطرة.",
    "وقالت وزارة الدفاع الروسية إن طائراتها نفذت غارات على المنطقة.",
    "وتسيطر «هيئة تحرير الشام» على الجزء الأكبر من محافظة ادلب منذ عام 2019.",
    "ودعت الأمم المتحدة إلى تحقيق مستقل في الهجوم على محافظة يقيم فيها نحو ثلاثة ملايين شخص نصفهم من النازحين، محذرة من تدهور الوضع الإنساني.",
    "وكانت قوات سوريا الديمقراطية أعلنت الأسبوع الماضي السيطرة على بلدات بريف دير الزور.",
    "ولم تعلق الحكومة على الهجوم حتى الآن.",
];

const AR_C: &[&str] = &[
    "سقط عشرات القتلى والجرحى في هجوم على سوق في إدلب.",
    "واتهم ناشطون الطيران الروسي بتنفيذ الهجوم، فيما لم يصدر تعليق رسمي من دمشق.",
    "وتشهد المنطقة تصعيداً عسكرياً منذ أسابيع رغم اتفاق وقف إطلاق النار.",
    "وتقول منظمات إنسانية إن المستشفيات في الشمال السوري تعاني نقصاً حاداً في الأدوية.",
];

/// The gold corpus.
pub(super) const GOLD: &[GoldPair] = &[
    GoldPair {
        name: "en edited reprint",
        lang: Lang::En,
        a: EN_A,
        b: EN_B,
        links: &[
            (&[0], &[0]),
            (&[1], &[1, 2]),
            (&[2], &[4]),
            (&[3], &[3]),
            (&[4], &[5]),
            (&[5, 6], &[6]),
            (&[9], &[8]),
        ],
        optional: &[],
        moved: &[3],
    },
    GoldPair {
        name: "en rewritten copy",
        lang: Lang::En,
        a: EN_A,
        b: EN_C,
        links: &[],
        optional: &[(0, 1)],
        moved: &[],
    },
    GoldPair {
        name: "ar edited reprint",
        lang: Lang::Ar,
        a: AR_A,
        b: AR_B,
        links: &[
            (&[0], &[0]),
            (&[1], &[3]),
            (&[2], &[1, 2]),
            (&[3], &[4]),
            (&[5], &[5]),
            (&[6, 7], &[6]),
            (&[8], &[7]),
        ],
        optional: &[],
        moved: &[1],
    },
    GoldPair {
        name: "ar rewritten copy",
        lang: Lang::Ar,
        a: AR_A,
        b: AR_C,
        links: &[],
        optional: &[(0, 0)],
        moved: &[],
    },
];

pub(super) fn doc_of(sentences: &[&str], lang: Lang) -> Document {
    let d = Document::new(&sentences.join(" "), Some(lang));
    assert_eq!(
        d.sentences.len(),
        sentences.len(),
        "gold sentences must split as written"
    );
    d
}

fn pairs_of(links: &[(Vec<usize>, Vec<usize>)]) -> BTreeSet<(usize, usize)> {
    links
        .iter()
        .flat_map(|(a, b)| a.iter().flat_map(move |&i| b.iter().map(move |&j| (i, j))))
        .collect()
}

/// Sentence-pair precision and recall of `align_pair` over the gold corpus, plus exact links.
fn measure() -> (usize, usize, usize, usize, usize) {
    let (mut tp, mut fp, mut fn_, mut exact, mut gold_links) = (0, 0, 0, 0, 0);
    for g in GOLD {
        let a = doc_of(g.a, g.lang);
        let b = doc_of(g.b, g.lang);
        let al = align_pair("a", &a, "b", &b);
        let got: Vec<(Vec<usize>, Vec<usize>)> = al
            .links
            .iter()
            .map(|l| (l.a_sentences.clone(), l.b_sentences.clone()))
            .collect();
        let want: Vec<(Vec<usize>, Vec<usize>)> = g
            .links
            .iter()
            .map(|(a, b)| (a.to_vec(), b.to_vec()))
            .collect();
        let got_pairs = pairs_of(&got);
        let want_pairs = pairs_of(&want);
        let optional: BTreeSet<(usize, usize)> = g.optional.iter().copied().collect();
        let (mut p_tp, mut p_fp) = (0, 0);
        for p in &got_pairs {
            if want_pairs.contains(p) {
                p_tp += 1;
            } else if !optional.contains(p) {
                p_fp += 1;
            }
        }
        let p_fn = want_pairs.difference(&got_pairs).count();
        let p_exact = want.iter().filter(|w| got.contains(w)).count();
        println!(
            "{:<20} tp {p_tp:>2} fp {p_fp:>2} fn {p_fn:>2} exact links {p_exact}/{} got {:?}",
            g.name,
            want.len(),
            al.links
                .iter()
                .map(|l| (
                    &l.a_sentences,
                    &l.b_sentences,
                    l.similarity,
                    if l.moved { "moved" } else { "" }
                ))
                .collect::<Vec<_>>()
        );
        for &m in g.moved {
            let l = al.links.iter().find(|l| l.a_sentences[0] == m);
            assert!(l.is_some_and(|l| l.moved), "{}: link of a{m} moved", g.name);
        }
        tp += p_tp;
        fp += p_fp;
        fn_ += p_fn;
        exact += p_exact;
        gold_links += want.len();
    }
    (tp, fp, fn_, exact, gold_links)
}

#[test]
fn gold_corpus_precision_and_recall() {
    let (tp, fp, fn_, exact, gold_links) = measure();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "sentence pairs: precision {precision:.3} recall {recall:.3}; exact links {exact}/{gold_links}"
    );
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
}
