//! Unit tests of the detectors: each kind in Arabic and English, and what must not be flagged.

use super::*;
use crate::report::model::{DivergenceKind as K, Severity as S};
use crate::text::{Document, Lang};

struct Doc {
    id: &'static str,
    text: &'static str,
    doc: Document,
}

fn docs(lang: Lang, items: &[(&'static str, &'static str)]) -> Vec<Doc> {
    items
        .iter()
        .map(|&(id, text)| Doc {
            id,
            text,
            doc: Document::new(text, Some(lang)),
        })
        .collect()
}

fn run(d: &[Doc]) -> GroupAnalysis {
    let members: Vec<GroupMember<'_>> = d
        .iter()
        .map(|x| GroupMember {
            id: x.id,
            date: Some("2017-10-18"),
            original: x.text,
            doc: &x.doc,
        })
        .collect();
    analyze_group("s-test", &members)
}

fn pair(lang: Lang, a: &'static str, b: &'static str) -> GroupAnalysis {
    run(&docs(lang, &[("a", a), ("b", b)]))
}

fn serious(g: &GroupAnalysis) -> Vec<&Divergence> {
    g.divergences
        .iter()
        .filter(|d| d.severity >= S::Medium)
        .collect()
}

fn has(g: &GroupAnalysis, kind: K, sev: S) -> bool {
    g.divergences
        .iter()
        .any(|d| d.kind == kind && d.severity == sev)
}

fn nothing_serious(g: &GroupAnalysis) {
    let s = serious(g);
    assert!(s.is_empty(), "unexpected: {s:#?}");
}

/// Each pair is reported as a high `polarity` divergence.
fn polarity_high_in_each(cases: &[(Lang, &'static str, &'static str)]) {
    for &(lang, x, y) in cases {
        let g = pair(lang, x, y);
        assert!(
            has(&g, K::Polarity, S::High),
            "{x} / {y}: {:#?}",
            g.divergences
        );
    }
}

/// No pair is reported as a high `polarity` divergence (the same claim in other words).
fn no_high_polarity(cases: &[(Lang, &'static str, &'static str)]) {
    for &(lang, x, y) in cases {
        let g = pair(lang, x, y);
        assert!(
            !has(&g, K::Polarity, S::High),
            "{x} / {y}: {:#?}",
            g.divergences
        );
    }
}

#[test]
fn quantity_incompatible_is_high_arabic() {
    let g = pair(
        Lang::Ar,
        "أحصى المرصد السوري مقتل 3250 شخصاً في مدينة الرقة.",
        "أحصى المرصد السوري مقتل 2500 شخص في مدينة الرقة.",
    );
    assert!(has(&g, K::Quantity, S::High), "{:#?}", g.divergences);
    let d = &g.divergences[0];
    assert_eq!(d.evidence.len(), 2);
    let f = d.evidence[0].focus.expect("focus");
    assert!(d.evidence[0].text.len() >= f.end - d.evidence[0].span.start);
}

#[test]
fn quantity_incompatible_is_high_english() {
    let g = pair(
        Lang::En,
        "The monitor said 3,250 people were killed in Raqqa.",
        "The monitor said 2,500 people were killed in Raqqa.",
    );
    assert!(has(&g, K::Quantity, S::High), "{:#?}", g.divergences);
}

#[test]
fn explanations_quote_the_words_as_published() {
    // Arabic-Indic digits, alef maqsura and ta marbuta as written; the detectors compare the
    // normalised forms ("حوالي 100", "المرتزقه"), the explanation quotes the article's own
    let g = pair(
        Lang::Ar,
        "قال التحالف إن حوالى ١٠٠ من عناصر التنظيم استسلموا في الرقة.",
        "قال التحالف إن 275 من عناصر التنظيم استسلموا في الرقة.",
    );
    let d = g
        .divergences
        .iter()
        .find(|d| d.kind == K::Quantity && d.severity == S::High)
        .unwrap_or_else(|| panic!("{:#?}", g.divergences));
    assert!(d.explanation.contains("حوالى ١٠٠"), "{}", d.explanation);
    assert!(!d.explanation.contains("100"), "{}", d.explanation);
    // English: the figure as printed, with its thousands separator and capital letters
    let g = pair(
        Lang::En,
        "The Monitor said About 3,250 people were killed in Raqqa.",
        "The Monitor said 2,500 people were killed in Raqqa.",
    );
    let d = g
        .divergences
        .iter()
        .find(|d| d.kind == K::Quantity)
        .unwrap_or_else(|| panic!("{:#?}", g.divergences));
    assert!(d.explanation.contains("About 3,250"), "{}", d.explanation);
    // a word replaced in a word-for-word copy is quoted with its hamza and capitals
    for (lang, x, y, word) in [
        (
            Lang::Ar,
            "هل النساء أكثر سعادة من الرجال",
            "هل الأطفال أكثر سعادة من الرجال",
            "الأطفال",
        ),
        (
            Lang::En,
            "Are Women happier than men?",
            "Are Children happier than men?",
            "Children",
        ),
    ] {
        let g = pair(lang, x, y);
        let d = g
            .divergences
            .iter()
            .find(|d| d.explanation.contains("one word replaced"))
            .unwrap_or_else(|| panic!("{:#?}", g.divergences));
        assert!(d.explanation.contains(word), "{}", d.explanation);
    }
}

#[test]
fn different_qualifier_same_figure_is_low() {
    let g = pair(
        Lang::En,
        "About 3,000 civilians fled the city on Saturday.",
        "More than 3,000 civilians fled the city on Saturday.",
    );
    nothing_serious(&g);
    assert!(has(&g, K::Quantity, S::Low), "{:#?}", g.divergences);
    let a = pair(
        Lang::Ar,
        "خرج نحو ثلاثة آلاف مدني من المدينة مساء السبت.",
        "خرج أكثر من ثلاثة آلاف مدني من المدينة مساء السبت.",
    );
    nothing_serious(&a);
    assert!(has(&a, K::Quantity, S::Low), "{:#?}", a.divergences);
}

#[test]
fn polarity_dropped_negation_arabic_and_english() {
    let a = pair(
        Lang::Ar,
        "أكد مسؤولون محليون أن المقاتلين الأجانب غادروا المدينة.",
        "أكد مسؤولون محليون أن المقاتلين الأجانب لم يغادروا المدينة.",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The army did not enter the old market, a spokesman said.",
        "The army entered the old market, a spokesman said.",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
}

#[test]
fn polarity_antonyms() {
    let a = pair(
        Lang::Ar,
        "ارتفاع أسعار النفط في الأسواق العالمية",
        "انخفاض أسعار النفط في الأسواق العالمية",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Oil prices rose sharply in Asian trade.",
        "Oil prices fell sharply in Asian trade.",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // "did not rise" and "fell" agree
    no_high_polarity(&[(
        Lang::En,
        "Oil prices did not rise in Asian trade.",
        "Oil prices fell in Asian trade.",
    )]);
}

#[test]
fn custody_forms_prison_detention_release_and_conviction() {
    // the noun "سجن" (with a preposition), "تحبس", "تخلي سبيل", "إدانتهم": opposite poles of
    // custody and of a verdict
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "حكم بالسجن على الناشط المعارض",
            "السلطات تفرج عن الناشط المعارض",
        ),
        (
            Lang::Ar,
            "النيابة تحبس الناشط المعارض على ذمة التحقيق",
            "النيابة تخلي سبيل الناشط المعارض",
        ),
        (
            Lang::Ar,
            "القضاء يثبت إدانتهم في قضية الفساد",
            "القضاء يثبت براءة الموظفين في قضية الفساد",
        ),
    ]);
    // the same release in other words
    no_high_polarity(&[(
        Lang::Ar,
        "النيابة تخلي سبيل الناشط المعارض",
        "الإفراج عن الناشط المعارض",
    )]);
}

#[test]
fn denouncing_is_the_opposite_of_backing() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "الحكومة تستنكر قرار الانسحاب من الاتفاق",
            "الحكومة تساند قرار الانسحاب من الاتفاق",
        ),
        (
            Lang::Ar,
            "نواب يشجبون قرار الانسحاب من الاتفاق",
            "نواب يدعمون قرار الانسحاب من الاتفاق",
        ),
        (
            Lang::En,
            "The government denounced the decision to leave the deal.",
            "The government backed the decision to leave the deal.",
        ),
    ]);
    // the same condemnation in other words
    no_high_polarity(&[
        (
            Lang::Ar,
            "الحكومة تستنكر قرار الانسحاب من الاتفاق",
            "الحكومة تندد بقرار الانسحاب من الاتفاق",
        ),
        (
            Lang::En,
            "The government denounced the decision to leave the deal.",
            "The government condemned the decision to leave the deal.",
        ),
    ]);
}

#[test]
fn abundance_and_shortage_are_opposite_poles() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "قرار حكومي عاجل بسبب وفرة القمح",
            "الحكومة تؤجل قرارا بسبب ندرة القمح",
        ),
        (
            Lang::En,
            "Bakers welcome a glut of wheat.",
            "Bakers warn of a shortage of wheat.",
        ),
    ]);
    // supply is a kin of rise: more against scarce output of the same thing
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "زيادة إنتاج القمح هذا العام",
            "قلة إنتاج القمح هذا العام",
        ),
        (
            Lang::En,
            "An increase in wheat output this year.",
            "A shortage of wheat output this year.",
        ),
    ]);
    no_high_polarity(&[(
        Lang::Ar,
        "زيادة إنتاج القمح هذا العام",
        "وفرة إنتاج القمح هذا العام",
    )]);
    // one pole in other words
    no_high_polarity(&[
        (
            Lang::Ar,
            "قرار حكومي عاجل بسبب ندرة القمح",
            "الحكومة تتخذ قرارا عاجلا بسبب نقص القمح",
        ),
        (
            Lang::En,
            "Bakers warn of a shortage of wheat.",
            "Bakers warn that wheat is scarce.",
        ),
    ]);
}

#[test]
fn fleeing_and_displacement_are_leaving() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "آلاف السكان يفرون من المدينة المحاصرة",
            "السكان في المدينة المحاصرة يتمسكون بالبقاء",
        ),
        (
            Lang::Ar,
            "تهجير آلاف السكان من المدينة المحاصرة",
            "بقاء آلاف السكان في المدينة المحاصرة",
        ),
        (
            Lang::En,
            "The mayor flees the besieged city.",
            "The mayor stays in the besieged city.",
        ),
    ]);
    // the same flight in other words
    no_high_polarity(&[(
        Lang::Ar,
        "آلاف السكان يفرون من المدينة المحاصرة",
        "فرار آلاف السكان من المدينة المحاصرة",
    )]);
}

#[test]
fn resuming_is_the_opposite_of_stopping() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "استئناف الرحلات الجوية بين البلدين",
            "توقف جديد لرحلات الطيران بين البلدين",
        ),
        (
            Lang::En,
            "Flights between the two countries resumed.",
            "Flights between the two countries stopped again.",
        ),
    ]);
    // the same resumption in other words
    no_high_polarity(&[(
        Lang::Ar,
        "استئناف الرحلات الجوية بين البلدين",
        "الرحلات الجوية بين البلدين تستأنف",
    )]);
}

#[test]
fn large_and_weak_are_opposite_degrees() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "إقبال كبير على التصويت في الانتخابات البلدية",
            "إقبال ضعيف على التصويت في الانتخابات البلدية",
        ),
        (
            Lang::Ar,
            "الصادرات تحقق أرقاما قياسية هذا العام",
            "الصادرات تحقق نموا طفيفا هذا العام",
        ),
        (
            Lang::En,
            "Heavy turnout in the local elections.",
            "Weak turnout in the local elections.",
        ),
    ]);
    // one degree in other words, and a degree on one side only
    no_high_polarity(&[
        (
            Lang::Ar,
            "إقبال كبير على التصويت في الانتخابات البلدية",
            "إقبال كثيف على التصويت في الانتخابات البلدية",
        ),
        (
            Lang::Ar,
            "إقبال ضعيف على التصويت في الانتخابات البلدية",
            "إقبال على التصويت في الانتخابات البلدية",
        ),
        (
            Lang::En,
            "Heavy turnout in the local elections.",
            "Huge turnout in the local elections.",
        ),
    ]);
}

#[test]
fn cancelling_is_the_opposite_of_continuing() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "الوزير يواصل زيارته إلى باريس",
            "ألغى الوزير زيارته إلى باريس",
        ),
        (
            Lang::En,
            "The minister continues his visit to Paris.",
            "Visit to Paris cancelled by the minister.",
        ),
    ]);
    // the same cancellation in other words
    no_high_polarity(&[(
        Lang::Ar,
        "ألغى الوزير زيارته إلى باريس",
        "إلغاء زيارة الوزير إلى باريس بعد الهجوم",
    )]);
}

#[test]
fn arrests_in_the_plural_and_with_a_pronoun() {
    polarity_high_in_each(&[
        (
            Lang::Ar,
            "الشرطة تعتقل عشرات المحتجين في العاصمة",
            "العاصمة بدون أي اعتقالات",
        ),
        (
            Lang::Ar,
            "الحكومة تعلن اعتقاله بعد الحفل",
            "الحكومة تعلن الإفراج عنه بعد الحفل",
        ),
    ]);
    // the same arrests in other words
    no_high_polarity(&[(
        Lang::Ar,
        "اعتقالات في صفوف المحتجين في العاصمة",
        "الشرطة تعتقل عشرات المحتجين في العاصمة",
    )]);
}

#[test]
fn polarity_across_different_sentences() {
    let g = pair(
        Lang::Ar,
        "وتضاربت المعلومات حول خروج مقاتلين أجانب أيضاً، لكن مسؤولين محليين أكدوا عدم مغادرة أي منهم.",
        "وأفاد المرصد بأن عناصر التنظيم غادروا المدينة بالفعل، وأن حافلات وصلت لإجلاء بقية الإرهابيين الأجانب وعائلاتهم.",
    );
    assert!(has(&g, K::Polarity, S::High), "{:#?}", g.divergences);
}

#[test]
fn attribution_dropped_credit_arabic_and_english() {
    let a = pair(
        Lang::Ar,
        "وقال المتحدث باسم القوات لوكالة فرانس برس إن القتال انتهى في المدينة.",
        "وقال المتحدث باسم القوات إن القتال انتهى في المدينة.",
    );
    assert!(has(&a, K::Attribution, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The fighting is over in the city, the spokesman told AFP.",
        "The fighting is over in the city, the spokesman said.",
    );
    assert!(has(&e, K::Attribution, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn attribution_said_turned_into_claimed() {
    let e = pair(
        Lang::En,
        "Government forces retook the town on Tuesday, officials said.",
        "Government forces retook the town on Tuesday, officials claimed.",
    );
    assert!(has(&e, K::Attribution, S::Medium), "{:#?}", e.divergences);
    let a = pair(
        Lang::Ar,
        "قال المسؤولون إن القوات استعادت البلدة يوم الثلاثاء.",
        "زعم المسؤولون أن القوات استعادت البلدة يوم الثلاثاء.",
    );
    assert!(has(&a, K::Attribution, S::Medium), "{:#?}", a.divergences);
}

#[test]
fn hedging_arabic_and_english() {
    let a = pair(
        Lang::Ar,
        "انسحب المقاتلون من المدينة باتجاه دير الزور.",
        "ربما انسحب المقاتلون من المدينة باتجاه دير الزور.",
    );
    assert!(has(&a, K::Hedging, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The fighters withdrew from the city towards Deir ez-Zor.",
        "The fighters reportedly withdrew from the city towards Deir ez-Zor.",
    );
    assert!(has(&e, K::Hedging, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn wording_loaded_terms_are_low() {
    let a = pair(
        Lang::Ar,
        "قتل 22 مرتزقاً أجنبياً في المستشفى الوطني.",
        "قتل 22 مقاتلاً أجنبياً في المستشفى الوطني.",
    );
    nothing_serious(&a);
    assert!(has(&a, K::Wording, S::Low), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Twenty-two foreign terrorists were killed at the hospital.",
        "Twenty-two foreign fighters were killed at the hospital.",
    );
    nothing_serious(&e);
    assert!(has(&e, K::Wording, S::Low), "{:#?}", e.divergences);
}

#[test]
fn entity_substitution() {
    let a = pair(
        Lang::Ar,
        "اختطاف 100 عائلة من شرقي سوريا على يد التنظيم",
        "اختطاف 100 عائلة من اليمن على يد التنظيم",
    );
    assert!(has(&a, K::Entity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Militants abducted 100 families in eastern Syria.",
        "Militants abducted 100 families in eastern Iraq.",
    );
    assert!(has(&e, K::Entity, S::Medium), "{:#?}", e.divergences);
}

const WIRE_AR: &str = "خسر التنظيم مدينة الرقة بعد أربعة أشهر من المعارك. وأحصى المرصد مقتل 3250 شخصاً بينهم 1130 مدنياً على الأقل منذ حزيران. وقال المقاتل شفكر هيمو إن الفرحة عادت إلى المدينة. ورفع المقاتلون راياتهم الصفراء في دوار النعيم.";

#[test]
fn omission_and_addition_in_a_group() {
    let d = docs(
        Lang::Ar,
        &[
            ("a", WIRE_AR),
            ("b", WIRE_AR),
            (
                "c",
                "خسر التنظيم مدينة الرقة بعد أربعة أشهر من المعارك. وقال المقاتل شفكر هيمو إن الفرحة عادت إلى المدينة. ورفع المقاتلون راياتهم الصفراء في دوار النعيم. وأعلن المتحدث أن 40 لغماً أزيلت من الملعب البلدي.",
            ),
        ],
    );
    let g = run(&d);
    let om: Vec<_> = g
        .divergences
        .iter()
        .filter(|d| d.kind == K::Omission)
        .collect();
    assert_eq!(om.len(), 1, "{:#?}", g.divergences);
    assert_eq!(om[0].severity, S::Medium);
    assert!(om[0].explanation.starts_with("c leaves out"));
    assert!(g
        .divergences
        .iter()
        .any(|d| d.kind == K::Addition && d.evidence[0].article == "c"));
    // the figure carried by a and b is an agreement
    assert!(
        g.agreements.iter().any(|a| a.summary.contains("3250")),
        "{:#?}",
        g.agreements
    );
}

#[test]
fn not_flagged_spelling_variants_and_month_systems() {
    let a = pair(
        Lang::Ar,
        "قاتلت قوات سورية الديموقراطية منذ حزيران (يونيو) لطرد التنظيم، وقال الكولونيل رايان ديلون إن القتال صعب.",
        "قاتلت قوات سوريا الديمقراطية منذ يونيو/حزيران لطرد التنظيم، وقال الكولونيل ريان ديلون إن القتال صعب.",
    );
    assert!(a.divergences.is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The offensive began on 5 June, Colonel Ryan Dillon said.",
        "The offensive began on June 5, Col. Ryan Dillon said.",
    );
    nothing_serious(&e);
}

#[test]
fn not_flagged_digits_vs_number_words() {
    let a = pair(
        Lang::Ar,
        "خرج نحو ثلاثة آلاف مدني من المدينة.",
        "خرج نحو 3000 مدني من المدينة.",
    );
    assert!(a.divergences.is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Some three thousand residents fled the town.",
        "Some 3,000 residents fled the town.",
    );
    assert!(e.divergences.is_empty(), "{:#?}", e.divergences);
}

#[test]
fn not_flagged_identical_quote_reordered_sentences_and_punctuation() {
    let a = pair(
        Lang::Ar,
        "وأضاف «انتهى كل شيء في الرقة». وأحصى المرصد مقتل 3250 شخصاً. ورفع المقاتلون راياتهم.",
        "ورفع المقاتلون راياتهم! وأحصى المرصد مقتل 3,250 شخصاً. وأضاف \"انتهى كل شيء في الرقة\".",
    );
    assert!(a.divergences.is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "He added: \u{201c}It is all over in Raqqa.\u{201d} The monitor counted 3,250 dead. Fighters raised their flags.",
        "Fighters raised their flags! The monitor counted 3250 dead. He added: \"It is all over in Raqqa.\"",
    );
    assert!(e.divergences.is_empty(), "{:#?}", e.divergences);
}

#[test]
fn ids_are_stable_fingerprints() {
    let a = "The monitor said 3,250 people were killed in Raqqa.";
    let b = "The monitor said 2,500 people were killed in Raqqa.";
    let g1 = pair(Lang::En, a, b);
    let g2 = pair(Lang::En, a, b);
    let ids1: Vec<&str> = g1.divergences.iter().map(|d| d.id.as_str()).collect();
    let ids2: Vec<&str> = g2.divergences.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids1, ids2);
    assert!(ids1.iter().all(|id| id.starts_with("d-") && id.len() == 18));
    // the same content in the other member order gives the same ids
    let d = docs(Lang::En, &[("b", b), ("a", a)]);
    let members: Vec<GroupMember<'_>> = d
        .iter()
        .map(|x| GroupMember {
            id: x.id,
            date: None,
            original: x.text,
            doc: &x.doc,
        })
        .collect();
    let g3 = analyze_group("s-test", &members);
    let mut ids3: Vec<&str> = g3.divergences.iter().map(|d| d.id.as_str()).collect();
    let mut s1 = ids1.clone();
    s1.sort_unstable();
    ids3.sort_unstable();
    assert_eq!(s1, ids3);
}

#[test]
fn tone_flipped_from_good_to_bad_news_arabic_and_english() {
    let a = pair(
        Lang::Ar,
        "نجاح المفاوضات بين الحكومة والنقابات",
        "فشل المفاوضات بين الحكومة والنقابات",
    );
    assert!(
        serious(&a).iter().any(|d| d.kind == K::Polarity),
        "{:#?}",
        a.divergences
    );
    let e = pair(
        Lang::En,
        "Talks between the government and the unions ended in success.",
        "Talks between the government and the unions ended in failure.",
    );
    assert!(
        serious(&e).iter().any(|d| d.kind == K::Polarity),
        "{:#?}",
        e.divergences
    );
}

#[test]
fn tone_on_one_side_only_is_medium_wording() {
    let a = pair(
        Lang::Ar,
        "الحكومة تطلق خطة جديدة للإسكان في العاصمة",
        "الحكومة تتجاهل خطة جديدة للإسكان في العاصمة",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The minister met the protesters in the capital on Monday.",
        "The minister ignored the protesters in the capital on Monday.",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn tone_said_in_other_words_is_not_flagged() {
    // the same bad news, once as a tone word and once as the matching event
    let a = pair(
        Lang::Ar,
        "الليرة التركية تنهار أمام الدولار",
        "انخفاض الليرة التركية أمام الدولار",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Tension rises between the two neighbours.",
        "Tensions rise between the two neighbours.",
    );
    nothing_serious(&e);
}

#[test]
fn opposite_moves_of_the_same_thing_when_both_poles_appear() {
    let a = pair(
        Lang::Ar,
        "الذهب يصعد مع تراجع الدولار",
        "تراجع الذهب مع صعود الدولار",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Gold rises as the dollar falls.",
        "Gold falls as the dollar rises.",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // the same moves said in another order agree
    no_high_polarity(&[(
        Lang::Ar,
        "الذهب يصعد مع تراجع الدولار",
        "تراجع الدولار يدفع الذهب للصعود",
    )]);
}

#[test]
fn opposite_moves_beside_an_event_both_sides_share() {
    // both sides name the growth; one cuts the forecast for it, the other raises it
    let a = pair(
        Lang::Ar,
        "الحكومة تخفض توقعاتها لنمو الاقتصاد",
        "الحكومة ترفع توقعاتها بشأن نمو الاقتصاد",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Analysts cut forecasts for growth.",
        "Analysts raise forecasts for growth.",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // the same cut in other words, and a shared event with nothing opposite beside it
    for (lang, x, y) in [
        (
            Lang::Ar,
            "الحكومة تخفض توقعاتها لنمو الاقتصاد",
            "الحكومة تقلص توقعاتها بشأن نمو الاقتصاد",
        ),
        (
            Lang::En,
            "Analysts cut forecasts for growth.",
            "Growth: analysts cut forecasts.",
        ),
        (
            Lang::Ar,
            "الحكومة تخفض توقعاتها لنمو الاقتصاد",
            "نمو الاقتصاد في توقعات الحكومة",
        ),
    ] {
        let g = pair(lang, x, y);
        assert!(!has(&g, K::Polarity, S::High), "{:#?}", g.divergences);
    }
}

#[test]
fn near_copy_with_an_event_on_one_side_only() {
    let a = pair(
        Lang::Ar,
        "النفط يستقر قبيل العقوبات الأميركية على إيران",
        "النفط يرتفع قبيل العقوبات الأميركية على إيران",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Oil steady ahead of US sanctions on Iran.",
        "Oil climbs ahead of US sanctions on Iran.",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn role_swap_around_the_same_verb_arabic_and_english() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "الصين تتحدى الولايات المتحدة بإجراءات جديدة.",
            "أميركا تتحدى الصين في إجراءات جديدة.",
        ),
        (
            Lang::En,
            "Canada sues the United States over new tariffs.",
            "The United States sues Canada over new steel tariffs.",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(
            g.divergences.iter().any(|d| d.kind == K::Entity
                && d.severity == S::Medium
                && d.explanation.contains("Roles swapped")),
            "{lang:?}: {:#?}",
            g.divergences
        );
    }
}

fn roles_exchanged(g: &GroupAnalysis) -> bool {
    g.divergences.iter().any(|d| {
        d.kind == K::Entity && d.severity == S::Medium && d.explanation.contains("Roles exchanged")
    })
}

#[test]
fn roles_exchanged_between_agent_patient_and_speaker_arabic_and_english() {
    for (lang, a, b) in [
        // from whom to whom
        (
            Lang::Ar,
            "طلب خاص من كوريا الجنوبية للولايات المتحدة.",
            "رسالة عاجلة من الولايات المتحدة إلى كوريا الجنوبية.",
        ),
        // who speaks about whom
        (
            Lang::Ar,
            "الصين: الولايات المتحدة تضر نفسها بالرسوم.",
            "واشنطن: الصين تضر نفسها.",
        ),
        // who warns whom; from whom to whom
        (
            Lang::En,
            "Germany warns France of a trade war.",
            "France warns Germany of a trade war over new tariffs.",
        ),
        (
            Lang::En,
            "A special request from Canada to the United States.",
            "An urgent letter from the United States to Canada.",
        ),
        // a company and a country
        (
            Lang::Ar,
            "إيرباص تهدد بريطانيا بالرحيل.",
            "بريطانيا تهدد إيرباص بالترحيل من البلاد.",
        ),
        (
            Lang::En,
            "China: the United States is hurting itself with tariffs.",
            "Washington: China is hurting itself.",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(roles_exchanged(&g), "{lang:?} {a}: {:#?}", g.divergences);
    }
}

#[test]
fn roles_not_exchanged_by_symmetric_predicates_passives_or_reordered_clauses() {
    for (lang, a, b) in [
        // names joined by "and" or "between" have no role
        (
            Lang::Ar,
            "مصر وإثيوبيا تتفقان على تشغيل سد النهضة.",
            "اتفاق بين إثيوبيا ومصر على تشغيل السد.",
        ),
        (
            Lang::En,
            "Egypt and Ethiopia agree on the dam.",
            "A deal between Ethiopia and Egypt on the dam.",
        ),
        // a nominalised or passive form keeps who acts on whom
        (
            Lang::Ar,
            "بكين تعاقب واشنطن برسوم جديدة.",
            "عقاب صيني لواشنطن برسوم جديدة.",
        ),
        (
            Lang::En,
            "China punishes the United States with new tariffs.",
            "The United States punished by China with new tariffs.",
        ),
        // two clauses in another order: each keeps its own agent
        (
            Lang::Ar,
            "أميركا تعاقب الصين، والصين ترد بالرسوم.",
            "الصين ترد بالرسوم، وأميركا تعاقب الصين.",
        ),
        (
            Lang::En,
            "Canada sues the United States, and the United States replies.",
            "The United States replies, and Canada sues the United States.",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(!roles_exchanged(&g), "{lang:?} {a}: {:#?}", g.divergences);
    }
}

fn order_reversed(g: &GroupAnalysis) -> bool {
    g.divergences.iter().any(|d| {
        d.kind == K::Quantity
            && d.severity == S::Medium
            && d.explanation.contains("Before and after reversed")
    })
}

#[test]
fn before_and_after_the_same_event_arabic_and_english() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "خمس طائرات للخطوط الإيرانية قبيل العقوبات.",
            "طائرات للخطوط الإيرانية بعد العقوبات.",
        ),
        (
            Lang::En,
            "Iran Air receives five planes before the sanctions.",
            "Iran Air receives new planes after the sanctions.",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(order_reversed(&g), "{lang:?}: {:#?}", g.divergences);
    }
    for (lang, a, b) in [
        // the same order in other words
        (
            Lang::Ar,
            "خمس طائرات للخطوط الإيرانية قبل العقوبات.",
            "طائرات للخطوط الإيرانية قبيل العقوبات.",
        ),
        // before one event, after another: not the same anchor
        (
            Lang::En,
            "Iran Air receives five planes before the sanctions.",
            "Iran Air receives five planes after the elections.",
        ),
    ] {
        assert!(!order_reversed(&pair(lang, a, b)), "{a}");
    }
}

#[test]
fn role_swap_not_flagged_when_only_the_order_changes() {
    // the names move, but no word stands between them on one side: not who acts on whom
    nothing_serious(&pair(
        Lang::Ar,
        "محادثات بين مصر وإثيوبيا حول سد النهضة.",
        "محادثات بين إثيوبيا ومصر حول سد النهضة.",
    ));
    nothing_serious(&pair(
        Lang::En,
        "Talks between Canada and the United States over new tariffs.",
        "The United States and Canada hold talks over new tariffs.",
    ));
    // the same words in another order are on the must-not-flag list, even when names move
    nothing_serious(&pair(
        Lang::Ar,
        "مصر تطمئن إثيوبيا حول سد النهضة.",
        "إثيوبيا تطمئن مصر حول سد النهضة.",
    ));
    nothing_serious(&pair(
        Lang::En,
        "Canada sues the United States over new tariffs.",
        "The United States sues Canada over new tariffs.",
    ));
}

#[test]
fn profession_substitution_arabic_and_english() {
    let a = pair(
        Lang::Ar,
        "الصين تفرض قيودا على أجور الممثلين.",
        "الصين تفرض قيودا على أجور الملحنين.",
    );
    assert!(has(&a, K::Entity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "China caps the pay of actors.",
        "China caps the pay of composers.",
    );
    assert!(has(&e, K::Entity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn opposite_moves_found_past_degree_words_and_conjuncts() {
    // "كبير" / "sharp" say how much, not what moved; "والدولار" / "and the dollar" begin the
    // next conjunct: sterling is what fell on one side and rose on the other
    let a = pair(
        Lang::Ar,
        "الإسترليني يهبط والدولار يصعد",
        "صعود كبير للإسترليني وهبوط حاد للدولار",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Sterling fell and the dollar rose.",
        "A sharp rise for sterling and a steep fall for the dollar.",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // the same moves in other words and another order agree
    let ok = pair(
        Lang::Ar,
        "الإسترليني يهبط والدولار يصعد",
        "هبوط حاد للإسترليني وصعود كبير للدولار",
    );
    nothing_serious(&ok);
    let ok = pair(
        Lang::En,
        "Sterling fell and the dollar rose.",
        "A steep fall for sterling and a sharp rise for the dollar.",
    );
    nothing_serious(&ok);
}

#[test]
fn event_echoed_by_a_word_read_as_another_cue_is_not_one_sided() {
    // "يتهم" is an event word on one side; "أتهم" on the other is read as an attribution
    // verb, yet it is the same word: no event is added or removed
    let a = pair(
        Lang::Ar,
        "روحاني يتهم واشنطن بالسعي لتغيير نظام الحكم في إيران",
        "أتهم روحانى واشنطن بالسعى لتغيير نظام الحكم الإيرانى",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Rouhani accuses Washington of seeking regime change in Iran.",
        "Rouhani accused Washington of seeking regime change in Iran.",
    );
    nothing_serious(&e);
}

#[test]
fn one_word_swapped_in_a_word_for_word_copy() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "هل النساء اكثر سعادة من الرجال",
            "هل الأطفال اكثر سعادة من الرجال",
        ),
        (
            Lang::Ar,
            "الخسارة الأكبر للشركات الأمريكية في يوم",
            "الخسارة الأكبر للشركات الأمريكية في عام",
        ),
        (
            Lang::En,
            "Are women happier than men?",
            "Are children happier than men?",
        ),
        (
            Lang::En,
            "The biggest loss for American companies in a day",
            "The biggest loss for American companies in a year",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(
            has(&g, K::Wording, S::Medium),
            "{a} / {b}: {:#?}",
            g.divergences
        );
    }
}

#[test]
fn one_word_swap_not_flagged_for_variants_synonyms_of_one_sense_and_numbers() {
    for (lang, a, b) in [
        // spelling variants, one month in two systems, digits vs a number word
        (
            Lang::Ar,
            "هل النساء اكثر سعادة في سورية",
            "هل النساء اكثر سعادة في سوريا",
        ),
        (
            Lang::Ar,
            "انتهت المعارك في الرقة في حزيران",
            "انتهت المعارك في الرقة في يونيو",
        ),
        (
            Lang::Ar,
            "قتل 3 مدنيين في قصف على المدينة",
            "قتل ثلاثة مدنيين في قصف على المدينة",
        ),
        // one event class and pole: the lexicon says they mean the same
        (
            Lang::Ar,
            "أسعار النفط ترتفع في آسيا",
            "أسعار النفط تصعد في آسيا",
        ),
        (
            Lang::En,
            "Oil prices rise in Asia",
            "Oil prices climb in Asia",
        ),
        (
            Lang::En,
            "Three civilians were killed in the city",
            "3 civilians were killed in the city",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(
            !g.divergences
                .iter()
                .any(|d| d.severity >= S::Medium && d.kind == K::Wording),
            "{a} / {b}: {:#?}",
            g.divergences
        );
    }
}

#[test]
fn an_intended_event_on_one_side_is_not_a_one_sided_change() {
    let a = pair(
        Lang::Ar,
        "الصين تستعد لإطلاق قطار هايبرلوب بسرعة صاروخية",
        "قطار هايبرلوب ذو السرعة الصاروخية قريبا في الصين",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "China prepares to launch a hyperloop train at rocket speed",
        "A hyperloop train at rocket speed soon in China",
    );
    nothing_serious(&e);
}

#[test]
fn bad_news_said_with_an_adverb_is_not_one_sided() {
    let a = pair(
        Lang::Ar,
        "قوة الدولار تؤذي الذهب",
        "الذهب يتأثر سلباً بقوة الدولار",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Dollar strength hurts gold",
        "Gold is affected negatively by dollar strength",
    );
    nothing_serious(&e);
}

#[test]
fn tone_word_in_a_leading_topic_label_is_not_framing() {
    // "War in Syria:", "Wage crisis:" name the story; the headline after it is the same on both
    // sides
    let a = pair(
        Lang::Ar,
        "الحرب في سوريا: خروج 7 آلاف مدني ومسلح من الغوطة الشرقية",
        "خروج 7 آلاف مدني ومسلح من الغوطة الشرقية",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Wage crisis: workers at the northern steel plant hold a vote",
        "Wages: workers at the northern steel plant hold a vote",
    );
    nothing_serious(&e);
    // a speaker and a verb before the colon frame what follows
    let a = pair(
        Lang::Ar,
        "الإمارات تحذر: سوق النفط يتغير",
        "الإمارات: سوق النفط يتغير",
    );
    assert!(frames(&a), "{:#?}", a.divergences);
    // past the label's length the opening is part of what is said
    let e = pair(
        Lang::En,
        "Two years of crisis over wages: workers at the northern steel plant hold a vote",
        "Two years over wages: workers at the northern steel plant hold a vote",
    );
    assert!(frames(&e), "{:#?}", e.divergences);
}

/// A one-sided framing among the medium/high findings.
fn frames(g: &GroupAnalysis) -> bool {
    serious(g)
        .iter()
        .any(|d| d.explanation.contains("frames it as"))
}

#[test]
fn opposite_bounds_on_the_same_figure_are_high() {
    let a = pair(Lang::Ar, "أكثر من ٨٠ دولار للنفط", "النفط يقل عن ٨٠ دولار");
    assert!(has(&a, K::Quantity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Oil closed at more than 80 dollars a barrel on Monday.",
        "Oil closed at less than 80 dollars a barrel on Monday.",
    );
    assert!(has(&e, K::Quantity, S::High), "{:#?}", e.divergences);
    // one bound and the bare figure stay compatible
    let a = pair(
        Lang::Ar,
        "افتتاح أول دار عرض في السعودية منذ أكثر من 35 عاما",
        "افتتاح أول دار عرض في السعودية منذ 35 عاما",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Oil closed at more than 80 dollars a barrel on Monday.",
        "Oil closed at 80 dollars a barrel on Monday.",
    );
    nothing_serious(&e);
}

#[test]
fn died_turned_into_killed_is_an_opposite_claim() {
    let a = pair(
        Lang::Ar,
        "وفاة المخرج التشيكي ميلوش فورمان في الولايات المتحدة",
        "مقتل المخرج التشيكي ميلوش فورمان في الولايات المتحدة",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The Czech director Milos Forman died in Connecticut.",
        "The Czech director Milos Forman was murdered in Connecticut.",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // two words for a violent death are one claim
    let a = pair(
        Lang::Ar,
        "مقتل 12 شخصا في هجوم انتحاري على مفوضية الانتخابات في ليبيا",
        "مصرع 12 شخصا في هجوم انتحاري على مفوضية الانتخابات في ليبيا",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Twelve people were killed in an attack on the election office in Tripoli.",
        "Twelve people died in an attack on the election office in Tripoli.",
    );
    nothing_serious(&e);
}

#[test]
fn continuing_an_event_named_on_both_sides_is_not_a_one_sided_change() {
    let a = pair(
        Lang::Ar,
        "الريال الإيراني يواصل الانهيار الكبير",
        "انهيار كبير للريال الإيراني",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "The Iranian rial keeps falling against the dollar in Tehran",
        "The Iranian rial is falling against the dollar in Tehran",
    );
    nothing_serious(&e);
    // stopping it is still a change
    let a = pair(
        Lang::Ar,
        "الجيش يواصل القصف على المدينة الشرقية",
        "الجيش يوقف القصف على المدينة الشرقية",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The army keeps shelling the eastern town",
        "The army stopped shelling the eastern town",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn prepositions_of_topic_are_function_words() {
    // "بشأن" / "بخصوص", "regarding" / "concerning": the same preposition in other words
    let a = pair(
        Lang::Ar,
        "روسيا: لا يوجد اتفاق في مجلس الأمن بشأن الهدنة في سوريا",
        "روسيا: لا يوجد اتفاق في مجلس الأمن بخصوص الهدنة في سوريا",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Russia says there is no agreement in the Security Council regarding the truce in Syria",
        "Russia says there is no agreement in the Security Council concerning the truce in Syria",
    );
    nothing_serious(&e);
    // what the preposition governs still counts
    let a = pair(
        Lang::Ar,
        "روسيا: لا يوجد اتفاق في مجلس الأمن بشأن الهدنة في سوريا",
        "روسيا: لا يوجد اتفاق في مجلس الأمن بشأن الميزانية في سوريا",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Russia says there is no agreement in the Security Council regarding the truce in Syria",
        "Russia says there is no agreement in the Security Council regarding the budget in Syria",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn decline_verbs_are_the_falling_pole() {
    let a = pair(
        Lang::Ar,
        "الليرة التركية تنحدر مجددا",
        "ارتفاع جديد لليرة التركية",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The Turkish lira declines again",
        "A new rise for the Turkish lira",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // the same fall said with another verb
    let a = pair(
        Lang::Ar,
        "الليرة التركية تنحدر مجددا",
        "انخفاض جديد لليرة التركية",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "The Turkish lira declines again",
        "A new fall for the Turkish lira",
    );
    nothing_serious(&e);
}

#[test]
fn a_hedge_against_an_intended_event_is_low() {
    let a = pair(
        Lang::Ar,
        "أسعار النفط تتراجع وأوبك قد تزيد الإنتاج",
        "أسعار النفط تتراجع وأوبك تتجه لزيادة الإنتاج",
    );
    assert!(!has(&a, K::Hedging, S::Medium), "{:#?}", a.divergences);
    assert!(has(&a, K::Hedging, S::Low), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Oil prices fall and OPEC may raise output next month",
        "Oil prices fall and OPEC plans to raise output next month",
    );
    assert!(!has(&e, K::Hedging, S::Medium), "{:#?}", e.divergences);
    // against a plain fact the hedge stays medium
    let a = pair(
        Lang::Ar,
        "أسعار النفط تتراجع وأوبك قد تزيد الإنتاج",
        "أسعار النفط تتراجع وأوبك تزيد الإنتاج",
    );
    assert!(has(&a, K::Hedging, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Oil prices fall and OPEC may raise output next month",
        "Oil prices fall and OPEC raises output next month",
    );
    assert!(has(&e, K::Hedging, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn believed_and_thought_are_one_hedge() {
    let a = pair(
        Lang::Ar,
        "اكتشاف مومياء في تابوت فرعوني كان يعتقد أنه فارغ طوال 150 عاما",
        "اكتشاف مومياء في تابوت فرعوني كان يظن العلماء أنه فارغ طوال 150 عاما",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "A mummy found in a coffin that was believed to be empty for 150 years",
        "A mummy found in a coffin that scientists thought to be empty for 150 years",
    );
    nothing_serious(&e);
    // dropping the hedge is still reported
    let a = pair(
        Lang::Ar,
        "اكتشاف مومياء في تابوت فرعوني كان يظن العلماء أنه فارغ طوال 150 عاما",
        "اكتشاف مومياء في تابوت فرعوني كان فارغا طوال 150 عاما",
    );
    assert!(has(&a, K::Hedging, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "A mummy found in a coffin that scientists thought to be empty for 150 years",
        "A mummy found in a coffin that was empty for 150 years",
    );
    assert!(has(&e, K::Hedging, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn a_word_replaced_by_a_listed_synonym_is_low() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "تباين الآراء بشأن إلغاء المدارس التجريبية في مصر",
            "اختلاف الآراء بشأن إلغاء المدارس التجريبية في مصر",
        ),
        (
            Lang::Ar,
            "شابة لبنانية تطلق مشروع رسم على إنستغرام",
            "فتاة لبنانية تطلق مشروع رسم على إنستغرام",
        ),
        (
            Lang::Ar,
            "فيلم بريطاني يتوج بخمس جوائز في المهرجان",
            "فيلم بريطاني يفوز بخمس جوائز في المهرجان",
        ),
        (
            Lang::En,
            "Officials weigh new rules for the city schools",
            "Officials consider new rules for the city schools",
        ),
        (
            Lang::En,
            "A British film bags five awards at the festival",
            "A British film wins five awards at the festival",
        ),
    ] {
        let g = pair(lang, a, b);
        nothing_serious(&g);
        assert!(
            g.divergences
                .iter()
                .any(|d| d.severity == S::Low && d.explanation.contains("synonym")),
            "{a} / {b}: {:#?}",
            g.divergences
        );
    }
    // a word the thesaurus does not give the same meaning is still a medium swap
    let g = pair(
        Lang::Ar,
        "شابة لبنانية تطلق مشروع رسم على إنستغرام",
        "ممثلة لبنانية تطلق مشروع رسم على إنستغرام",
    );
    assert!(has(&g, K::Wording, S::Medium), "{:#?}", g.divergences);
    let g = pair(
        Lang::En,
        "Officials weigh new rules for the city schools",
        "Officials reject new rules for the city schools",
    );
    assert!(!serious(&g).is_empty(), "{:#?}", g.divergences);
}

#[test]
fn framing_or_event_echoed_by_a_synonym_is_not_one_sided() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "كوريا الشمالية تزود سوريا بمواد لإنتاج أسلحة كيماوية",
            "كوريا الشمالية تدعم سوريا بمواد لإنتاج أسلحة كيماوية",
        ),
        (
            Lang::Ar,
            "نجم هوليود بيرت رينولدز يرحل عن عالمنا",
            "وفاة نجم هوليود بيرت رينولدز",
        ),
        (
            Lang::Ar,
            "فيدرر يفقد لقبه في ميامي",
            "خسارة فيدرر لقبه في ميامي",
        ),
        (
            Lang::En,
            "Currency crisis hits Turkish banks",
            "Currency woes hit Turkish banks",
        ),
    ] {
        let g = pair(lang, a, b);
        nothing_serious(&g);
    }
    // a framing with no synonym on the other side is still reported
    let g = pair(
        Lang::Ar,
        "كوريا الشمالية تدعم سوريا بمواد لإنتاج أسلحة كيماوية",
        "كوريا الشمالية تبيع سوريا مواد لإنتاج أسلحة كيماوية",
    );
    assert!(!serious(&g).is_empty(), "{:#?}", g.divergences);
    let g = pair(
        Lang::En,
        "Currency crisis hits Turkish banks",
        "Currency reform hits Turkish banks",
    );
    assert!(!serious(&g).is_empty(), "{:#?}", g.divergences);
}

#[test]
fn continuing_losses_are_not_a_one_sided_change() {
    // "keeps losing" / "loses": the aspect word goes with the tone word after it
    let a = pair(
        Lang::Ar,
        "الليرة التركية تواصل خسائرها أمام الدولار",
        "الليرة التركية تخسر الكثير أمام الدولار",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "The lira continues losses against the dollar",
        "The lira loses ground against the dollar",
    );
    nothing_serious(&e);
}

#[test]
fn framing_echoed_by_a_form_of_the_word_read_as_an_event_is_not_one_sided() {
    // "its first gains" / "gains": the other side's form of the word is an event, not a tone word
    let a = pair(
        Lang::Ar,
        "بعد عام من الخسائر.. الشركة تحقق أولى مكاسبها",
        "الشركة تكسب بعد عام من الخسائر",
    );
    assert!(!frames(&a), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Car sales see a recovery in March",
        "Car sales recover in March",
    );
    nothing_serious(&e);
    // no form of the word on the other side: still framed on one side only
    let a = pair(
        Lang::Ar,
        "بعد عام من الخسائر.. الشركة تحقق أولى مكاسبها",
        "بعد عام من الخسائر.. الشركة تعلن نتائجها",
    );
    assert!(frames(&a), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Car sales see a recovery in March",
        "Car sales see a change in March",
    );
    assert!(frames(&e), "{:#?}", e.divergences);
}

#[test]
fn a_question_frames_nothing_and_reports_no_event() {
    // a headline that asks whether it succeeded, or why prices fell, asserts neither
    for (lang, a, b) in [
        (
            Lang::Ar,
            "هل نجحت خطة الحكومة في خفض أسعار الخبز؟",
            "هل أدت خطة الحكومة إلى خفض أسعار الخبز؟",
        ),
        (
            Lang::Ar,
            "لماذا تراجعت أسعار النفط في مارس؟",
            "ما الذي حرك أسعار النفط في مارس؟",
        ),
        (
            Lang::En,
            "Did the housing plan of the government succeed?",
            "What did the housing plan of the government bring?",
        ),
        (
            Lang::En,
            "Why did oil prices fall in March?",
            "What moved oil prices in March?",
        ),
    ] {
        nothing_serious(&pair(lang, a, b));
    }
    // the same headlines as statements are still reported
    for (lang, a, b) in [
        (
            Lang::Ar,
            "نجحت خطة الحكومة في خفض أسعار الخبز",
            "أدت خطة الحكومة إلى خفض أسعار الخبز",
        ),
        (
            Lang::Ar,
            "تراجعت أسعار النفط في مارس",
            "تحركت أسعار النفط في مارس",
        ),
        (
            Lang::En,
            "The housing plan of the government succeeded.",
            "The housing plan of the government was presented.",
        ),
        (
            Lang::En,
            "Oil prices fell in March.",
            "Oil prices moved in March.",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(!serious(&g).is_empty(), "{a} / {b}: {:#?}", g.divergences);
    }
}

#[test]
fn a_move_echoed_by_a_record_level_the_same_way_is_not_one_sided() {
    // "rises" / "at its highest": the same move, told as the level it reached
    let a = pair(
        Lang::Ar,
        "الدولار يرتفع مقابل الين في أسبوع",
        "الدولار عند أعلى مستوى مقابل الين في أسبوع",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "The dollar rises against the yen this week",
        "The dollar at its highest against the yen this week",
    );
    nothing_serious(&e);
    // a fall is not echoed by the highest level
    let a = pair(
        Lang::Ar,
        "الدولار يتراجع مقابل الين في أسبوع",
        "الدولار عند أعلى مستوى مقابل الين في أسبوع",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The dollar falls against the yen this week",
        "The dollar at its highest against the yen this week",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn amid_is_not_a_one_sided_stay() {
    let a = pair(
        Lang::Ar,
        "الخام الأميركي يهبط في ظل توترات تجارية",
        "الخام الأميركي يهبط مع توترات تجارية",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "US crude falls on the back of trade tensions",
        "US crude falls amid trade tensions",
    );
    nothing_serious(&e);
    // "remained" against "fell" is still reported
    let a = pair(
        Lang::Ar,
        "ظل الخام الأميركي مستقرا مع توترات تجارية",
        "الخام الأميركي يهبط مع توترات تجارية",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
}

#[test]
fn claiming_a_life_is_a_death() {
    // "يودي بحياة" / "claims the lives of" tell the death "مقتل" / "killed" tells
    let a = pair(
        Lang::Ar,
        "حادث مروري يودي بحياة ثلاثة سياح في الأقصر",
        "مقتل ثلاثة سياح في حادث مروري في الأقصر",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "A road crash claims the lives of three tourists in Luxor",
        "Three tourists killed in a road crash in Luxor",
    );
    nothing_serious(&e);
    // against survival it is a contradiction
    let a = pair(
        Lang::Ar,
        "حادث مروري يودي بحياة ثلاثة سياح في الأقصر",
        "نجاة ثلاثة سياح من حادث مروري في الأقصر",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "A road crash claims the lives of three tourists in Luxor",
        "Three tourists survive a road crash in Luxor",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
}

#[test]
fn a_threat_is_not_a_one_sided_event() {
    let a = pair(
        Lang::Ar,
        "واشنطن تهدد بفرض رسوم على واردات الصلب",
        "واشنطن تهدد بعقوبات على واردات الصلب",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Iran threatens closure of the Strait of Hormuz",
        "Iran threatens action in the Strait of Hormuz",
    );
    nothing_serious(&e);
    // imposing is not threatening
    let a = pair(
        Lang::Ar,
        "واشنطن تفرض رسوما على واردات الصلب",
        "واشنطن تهدد بعقوبات على واردات الصلب",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Iran announces closure of the Strait of Hormuz",
        "Iran threatens action in the Strait of Hormuz",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn an_expected_event_is_not_a_one_sided_change() {
    // "expectations of a fall": the fall is forecast, not reported (the hedge stays, low)
    for (lang, expected, reported, plain) in [
        (
            Lang::Ar,
            "توقعات بانخفاض عجز الموازنة المغربية في 2019",
            "انخفاض عجز الموازنة المغربية في 2019",
            "عجز الموازنة المغربية في 2019",
        ),
        (
            Lang::En,
            "An expected fall in the Moroccan budget deficit in 2019",
            "A fall in the Moroccan budget deficit in 2019",
            "The Moroccan budget deficit in 2019",
        ),
    ] {
        let g = pair(lang, expected, plain);
        nothing_serious(&g);
        assert!(has(&g, K::Hedging, S::Low), "{:#?}", g.divergences);
        let g = pair(lang, reported, plain);
        assert!(!serious(&g).is_empty(), "{:#?}", g.divergences);
    }
}

#[test]
fn a_one_sided_change_in_a_reprinted_sentence_is_still_medium() {
    // long reprint sentences, identical but for one event word; the question, the expectation
    // and "amid" around it must not hide the change
    const EN_A: &str = "The central bank of Jordan said on Tuesday that it closed the northern branch of the state lender in Irbid after an audit found irregularities in its foreign currency accounts, according to a statement carried by the official news agency. Why did the audit take so long? Officials expect the review of the other branches to end in March amid pressure from lawmakers.";
    const EN_B: &str = "The central bank of Jordan said on Tuesday that it inspected the northern branch of the state lender in Irbid after an audit found irregularities in its foreign currency accounts, according to a statement carried by the official news agency. Why did the audit take so long? Officials expect the review of the other branches to end in March amid pressure from lawmakers.";
    const AR_A: &str = "قال البنك المركزي الأردني يوم الثلاثاء إنه أغلق الفرع الشمالي للمصرف الحكومي في إربد بعد أن كشف تدقيق عن مخالفات في حسابات العملات الأجنبية، وفق بيان نقلته وكالة الأنباء الرسمية. لماذا استغرق التدقيق كل هذا الوقت؟ ويتوقع المسؤولون أن تنتهي مراجعة الفروع الأخرى في آذار في ظل ضغوط من النواب.";
    const AR_B: &str = "قال البنك المركزي الأردني يوم الثلاثاء إنه فحص الفرع الشمالي للمصرف الحكومي في إربد بعد أن كشف تدقيق عن مخالفات في حسابات العملات الأجنبية، وفق بيان نقلته وكالة الأنباء الرسمية. لماذا استغرق التدقيق كل هذا الوقت؟ ويتوقع المسؤولون أن تنتهي مراجعة الفروع الأخرى في آذار في ظل ضغوط من النواب.";
    for (lang, a, b) in [(Lang::En, EN_A, EN_B), (Lang::Ar, AR_A, AR_B)] {
        let g = pair(lang, a, b);
        assert!(
            g.divergences.iter().any(|d| d.kind == K::Wording
                && d.severity == S::Medium
                && d.explanation.contains("reports")),
            "{:#?}",
            g.divergences
        );
        nothing_serious(&pair(lang, a, a));
    }
}

#[test]
fn leads_to_is_not_a_fatal_outcome_and_arrest_verbs_are_one_class() {
    // "يؤدي إلى" (leads to) folds to the spelling of "يودي بحياة" (claims a life): only the
    // two-word phrase is bad news
    let a = pair(
        Lang::Ar,
        "النفط يتراجع بسبب الإعفاء الإيراني",
        "الإعفاء الإيراني يؤدي إلى تراجع سعر النفط",
    );
    nothing_serious(&a);
    let a = pair(
        Lang::Ar,
        "الأمن المصري يقبض على الصحفي بعد تصريحاته",
        "الشرطة المصرية تعتقل الصحفي بعد تصريحاته",
    );
    nothing_serious(&a);
    // the opposite pole is still a contradiction
    let a = pair(
        Lang::Ar,
        "الأمن المصري يقبض على الصحفي بعد تصريحاته",
        "الأمن المصري يفرج عن الصحفي بعد تصريحاته",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Police detain the journalist after his remarks",
        "Police release the journalist after his remarks",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
}

#[test]
fn a_different_year_month_or_weekday_in_the_same_claim_is_medium() {
    let a = pair(
        Lang::Ar,
        "فيلم باربي يؤجل عرضه لعام 2020",
        "فيلم باربي يؤجل عرضه لعام 2030",
    );
    assert!(has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let a = pair(
        Lang::Ar,
        "كذبة أبريل .. من أين جاءت ؟",
        "كذبة نوفمبر.. من أين جاءت ؟",
    );
    assert!(has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The Barbie film release is postponed to 2020",
        "The Barbie film release is postponed to 2030",
    );
    assert!(has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
    let e = pair(
        Lang::En,
        "The festival opens in April in Cannes",
        "The festival opens in November in Cannes",
    );
    assert!(has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn a_year_is_not_read_off_the_article_date() {
    // "اليوم" resolves against the article date (2017); the other side's 2018 is the year of
    // the budget, not a different day for the claim
    let a = pair(
        Lang::Ar,
        "وزارة المالية تنشر اليوم موازنة عام 2018",
        "وزارة المالية تنشر موازنة عام 2018",
    );
    nothing_serious(&a);
    let a = pair(
        Lang::Ar,
        "الحكومة تعلن اليوم خطة الإصلاح",
        "الحكومة تعلن خطة الإصلاح لعام 2018",
    );
    assert!(!has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The ministry publishes the budget today",
        "The ministry publishes the budget for 2018",
    );
    assert!(!has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn the_same_thing_ranked_differently_is_medium() {
    let a = pair(
        Lang::Ar,
        "بريجيت نيلسن تنجب مولودا في عامها الرابع والخمسين",
        "بريجيت نيلسن تنجب مولودا في عامها الرابع والثلاثين",
    );
    assert!(has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let a = pair(
        Lang::Ar,
        "المحكمة توجه تهم الاغتصاب من الدرجة الأولى والثالثة للمنتج",
        "المحكمة توجه للمنتج تهم الاغتصاب من الدرجة الثانية",
    );
    assert!(has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Putin begins his fourth term with economic reforms",
        "Putin begins his fifth term with economic reforms",
    );
    assert!(has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn ranks_of_different_things_and_month_names_are_not_compared() {
    // the second world war and the first time rank different things
    let a = pair(
        Lang::Ar,
        "ألمانيا تعتذر للمرة الأولى عن جرائم الحرب",
        "ألمانيا تعتذر عن جرائم الحرب العالمية الثانية",
    );
    assert!(!has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    // "تشرين الأول" is a month, not a rank
    let a = pair(
        Lang::Ar,
        "بدأت المعركة في تشرين الأول الماضي",
        "بدأت المعركة في أكتوبر الماضي",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Germany apologises for the first time for war crimes",
        "Germany apologises for crimes of the second world war",
    );
    assert!(!has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn a_bare_trillion_is_a_figure() {
    let a = pair(
        Lang::Ar,
        "شركة جديدة تصل قيمتها إلى تريليون دولار",
        "شركة جديدة تصل قيمتها إلى مليون دولار",
    );
    assert!(has(&a, K::Quantity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "A new company is worth a trillion dollars",
        "A new company is worth a million dollars",
    );
    assert!(has(&e, K::Quantity, S::High), "{:#?}", e.divergences);
    // the same figure written two ways
    let a = pair(
        Lang::Ar,
        "شركة جديدة تصل قيمتها إلى تريليون دولار",
        "شركة جديدة تصل قيمتها إلى 1000 مليار دولار",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "A new company is worth a trillion dollars",
        "A new company is worth 1,000 billion dollars",
    );
    nothing_serious(&e);
}

#[test]
fn escaping_a_trial_negates_it() {
    let a = pair(
        Lang::Ar,
        "محاكمة مواطن فرنسي في القدس بتهمة تهريب أسلحة",
        "مواطن فرنسي يفلت من المحاكمة في القدس",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The French citizen faces trial in Jerusalem",
        "The French citizen escapes trial in Jerusalem",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
    // two ways of saying the same escape
    let a = pair(
        Lang::Ar,
        "مواطن فرنسي يفلت من المحاكمة في القدس",
        "مواطن فرنسي يتهرب من المحاكمة في القدس",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "The French citizen dodges trial in Jerusalem",
        "The French citizen evades trial in Jerusalem",
    );
    nothing_serious(&e);
}

#[test]
fn absence_and_rejection_with_attached_pronouns_negate() {
    let a = pair(
        Lang::Ar,
        "ترامب وزوجته من بين حضور حفل افتتاح السفارة الأمريكية في القدس",
        "ترامب وزوجته يغيبان عن حضور حفل افتتاح السفارة الأمريكية في القدس",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let a = pair(
        Lang::Ar,
        "تعلن الحكومة اللبنانية عن رفضها لرجوع اللاجئين السوريين",
        "أعلنت الحكومة اللبنانية عن تأييدها لرجوع اللاجئين السوريين",
    );
    assert!(!serious(&a).is_empty(), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Trump and his wife attend the embassy opening in Jerusalem",
        "Trump and his wife skip the embassy opening in Jerusalem",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
    // the same refusal or absence in other words
    let a = pair(
        Lang::Ar,
        "تعلن الحكومة اللبنانية عن رفضها لرجوع اللاجئين السوريين",
        "الحكومة اللبنانية تعلن رفضها رجوع اللاجئين السوريين",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Trump skips the embassy opening in Jerusalem",
        "Trump is absent from the embassy opening in Jerusalem",
    );
    nothing_serious(&e);
}

#[test]
fn a_move_to_a_record_level_is_a_rise_or_a_fall() {
    let a = pair(
        Lang::Ar,
        "تراجع نسبة البطالة في مصر",
        "نسبة البطالة لأعلى مستوى في مصر",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Unemployment in Egypt falls",
        "Unemployment in Egypt rises to a record high",
    );
    assert!(!serious(&e).is_empty(), "{:#?}", e.divergences);
    let e = pair(
        Lang::En,
        "Unemployment in Egypt falls",
        "Unemployment in Egypt to a record high",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // a high the price falls *from* is where the move started, not a rise
    let a = pair(
        Lang::Ar,
        "الذهب يتراجع من أعلى مستوى في 5 أسابيع",
        "تراجع لأسعار الذهب من أعلى مستوى في خمسة أسابيع",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Gold falls from its highest level in five weeks",
        "Gold prices fall from the highest level in 5 weeks",
    );
    nothing_serious(&e);
}

#[test]
fn a_different_world_region_is_medium() {
    let a = pair(
        Lang::Ar,
        "أوبر وكريم تندمجان في الشرق الأوسط",
        "أوبر وكريم تندمجان في الشرق الأدنى",
    );
    assert!(has(&a, K::Entity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Uber and Careem merge in the Middle East",
        "Uber and Careem merge in Latin America",
    );
    assert!(has(&e, K::Entity, S::Medium), "{:#?}", e.divergences);
    // the region on one side only is not a different region
    let a = pair(
        Lang::Ar,
        "أوبر وكريم تندمجان في الشرق الأوسط",
        "اندماج أوبر وكريم في المنطقة",
    );
    assert!(!has(&a, K::Entity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Uber and Careem merge in the Middle East",
        "Uber and Careem merge in the region",
    );
    assert!(!has(&e, K::Entity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn a_different_city_of_one_country_is_medium() {
    let a = pair(
        Lang::Ar,
        "مصر: اكتشاف تابوت يعود إلى ما قبل الميلاد بالإسكندرية",
        "مصر: اكتشاف تابوت يعود إلى ما قبل الميلاد بأسوان",
    );
    assert!(has(&a, K::Entity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Egypt: a coffin older than Christ found in Alexandria",
        "Egypt: a coffin older than Christ found in Aswan",
    );
    assert!(has(&e, K::Entity, S::Medium), "{:#?}", e.divergences);
    // a city and its own country are one place; the capital stands for its country
    let a = pair(
        Lang::Ar,
        "اكتشاف تابوت يعود إلى ما قبل الميلاد بالإسكندرية",
        "اكتشاف تابوت يعود إلى ما قبل الميلاد في مصر",
    );
    nothing_serious(&a);
    let a = pair(
        Lang::Ar,
        "بكين تحذر من حرب تجارية",
        "الصين تحذر من حرب تجارية",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "A coffin older than Christ found in Alexandria",
        "A coffin older than Christ found in Egypt",
    );
    nothing_serious(&e);
}

#[test]
fn the_same_figure_in_another_unit_of_time_is_medium() {
    let a = pair(
        Lang::Ar,
        "النجم لم يستخدم الهاتف المحمول منذ عشرة أشهر",
        "عشرة سنين لم يستخدم فيها النجم الهاتف المحمول",
    );
    assert!(has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The star has not used a mobile phone for ten months",
        "The star has not used a mobile phone for ten years",
    );
    assert!(has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
    // a unit both sides count is not replaced; another figure is not the same figure
    let a = pair(
        Lang::Ar,
        "سجن المتهم عشرة أعوام وعشرة أشهر",
        "سجن المتهم عشرة أعوام",
    );
    assert!(!has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "The talks lasted three days",
        "The talks lasted 72 hours",
    );
    assert!(!has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
}

#[test]
fn a_different_hijri_month_is_a_different_date() {
    let a = pair(
        Lang::Ar,
        "مسلمات يواجهن الأفكار النمطية في رمضان",
        "مسلمات يواجهن الأفكار النمطية في شوال",
    );
    assert!(has(&a, K::Quantity, S::Medium), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Muslim women face stereotypes during Ramadan",
        "Muslim women face stereotypes during Shawwal",
    );
    assert!(has(&e, K::Quantity, S::Medium), "{:#?}", e.divergences);
    // a Hijri and a Gregorian month overlap: not compared
    let a = pair(
        Lang::Ar,
        "مسلمات يواجهن الأفكار النمطية في رمضان",
        "مسلمات يواجهن الأفكار النمطية في يونيو",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Muslim women face stereotypes during Ramadan",
        "Muslim women face stereotypes during June",
    );
    nothing_serious(&e);
}

#[test]
fn a_negation_reaches_past_function_words() {
    let a = pair(
        Lang::Ar,
        "المرشد الإيراني: لن تكون هناك حرب مع أمريكا",
        "المرشد الإيراني يعلن الحرب على أمريكا",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Iran's leader: there will not be any war with America",
        "Iran's leader declares war on America",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
}

#[test]
fn recouping_losses_negates_them() {
    let a = pair(
        Lang::Ar,
        "تصريحات ترامب تعوض خسائر النفط الأخيرة",
        "تصريحات ترامب تلحق خسائر بالغة بأسعار النفط",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Oil recoups its losses after Trump's statement",
        "Oil extends its losses after Trump's statement",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // both sides recoup the losses
    let a = pair(
        Lang::Ar,
        "النفط يعوض خسائره بعد تصريحات ترامب",
        "تصريحات ترامب تجعل النفط يعوض خسائره",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Oil recoups its losses after Trump's statement",
        "Trump's statement lets oil recoup its losses",
    );
    nothing_serious(&e);
}

#[test]
fn an_event_about_a_price_is_about_what_is_priced() {
    let a = pair(
        Lang::Ar,
        "الذهب يرتفع مع هبوط الدولار",
        "انخفاض على أسعار الذهب مع ارتفاع في قيمة الدولار",
    );
    assert!(has(&a, K::Polarity, S::High), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Gold rises as the dollar falls",
        "A fall in the price of gold as the value of the dollar rises",
    );
    assert!(has(&e, K::Polarity, S::High), "{:#?}", e.divergences);
    // the same moves, told through the price
    let a = pair(
        Lang::Ar,
        "الذهب يرتفع مع هبوط الدولار",
        "ارتفاع في أسعار الذهب مع انخفاض في قيمة الدولار",
    );
    nothing_serious(&a);
    let e = pair(
        Lang::En,
        "Gold rises as the dollar falls",
        "A rise in the price of gold as the value of the dollar falls",
    );
    nothing_serious(&e);
}

/// Wording findings that replace words in the same claim (not a word-for-word copy).
fn replaced(g: &GroupAnalysis) -> bool {
    g.divergences.iter().any(|d| {
        d.kind == K::Wording
            && d.severity == S::Medium
            && d.explanation.contains("The same claim with")
    })
}

#[test]
fn words_replaced_in_a_copy_that_keeps_its_order() {
    let a = pair(
        Lang::Ar,
        "ارتفاع أعداد السياح الراغبين في زيارة تونس هذا الصيف",
        "ارتفاع أعداد العمال الراغبين في زيارة تونس",
    );
    assert!(replaced(&a), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "More tourists wish to visit Tunisia this summer",
        "More workers wish to visit Tunisia",
    );
    assert!(replaced(&e), "{:#?}", e.divergences);
}

#[test]
fn words_replaced_in_a_reworded_sentence_are_not_a_substitution() {
    // the verb moved to the front: a reworded sentence, and the replaced word a paraphrase
    let a = pair(
        Lang::Ar,
        "أعداد التوانسة الراغبين في الهجرة إلى أوروبا تتضاعف",
        "تتضاعف أعداد التوانسة الطامحين في الهجرة إلى أوروبا",
    );
    assert!(!replaced(&a), "{:#?}", a.divergences);
    let e = pair(
        Lang::En,
        "Tunisians wishing to migrate to Europe double in number",
        "The number of Tunisians hoping to migrate to Europe doubles",
    );
    assert!(!replaced(&e), "{:#?}", e.divergences);
}

#[test]
fn adjective_and_noun_antonyms_in_the_same_claim_are_opposite_poles() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "أغلى المدن للوافدين في العالم: آسيا في الصدارة",
            "أغلى المدن للوافدين في العالم: آسيا في المؤخرة",
        ),
        (
            Lang::Ar,
            "الأغلبية في البرلمان العراقي تدعم القانون الجديد",
            "الأقلية في البرلمان العراقي تدعم القانون الجديد",
        ),
        // nisba with the article and the feminine ending
        (
            Lang::Ar,
            "الحكومة تعلن ارتفاع الديون الداخلية للبلاد",
            "الحكومة تعلن ارتفاع الديون الخارجية للبلاد",
        ),
        (
            Lang::En,
            "Asia is at the top of the list of expensive cities",
            "Asia is at the bottom of the list of expensive cities",
        ),
        (
            Lang::En,
            "The majority in the Iraqi parliament backs the new law",
            "The minority in the Iraqi parliament backs the new law",
        ),
        (
            Lang::En,
            "The government reports a rise in the country's domestic debt",
            "The government reports a rise in the country's foreign debt",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(
            has(&g, K::Polarity, S::High),
            "{a} / {b}: {:#?}",
            g.divergences
        );
    }
    // one pole in other words, or named on one side only
    for (lang, a, b) in [
        (
            Lang::Ar,
            "الأغلبية في البرلمان العراقي تدعم القانون الجديد",
            "غالبية البرلمان العراقي تدعم القانون الجديد",
        ),
        (
            Lang::Ar,
            "الحكومة تعلن ارتفاع الديون الخارجية للبلاد",
            "ارتفاع الدين الخارجي للبلاد",
        ),
        (
            Lang::En,
            "The government reports a rise in the country's foreign debt",
            "The country's external debt rises",
        ),
        (
            Lang::En,
            "The majority in the Iraqi parliament backs the new law",
            "The Iraqi parliament backs the new law",
        ),
    ] {
        nothing_serious(&pair(lang, a, b));
    }
}

#[test]
fn an_event_word_of_two_classes_is_echoed_by_either() {
    // "يخسر" / "losses" are read as a fall and as losses: a fall on the other side echoes both
    for (lang, a, b) in [
        (
            Lang::Ar,
            "تراجع كبير في سعر الذهب اليوم",
            "الذهب يخسر مجددا اليوم",
        ),
        (
            Lang::En,
            "A sharp fall in the price of gold today",
            "Gold posts losses again today",
        ),
    ] {
        nothing_serious(&pair(lang, a, b));
    }
    // neither class named on the other side: still one-sided
    for (lang, a, b) in [
        (
            Lang::Ar,
            "الذهب يخسر في الأسواق الآسيوية اليوم",
            "الذهب في الأسواق الآسيوية اليوم",
        ),
        (
            Lang::En,
            "Gold posts losses in Asian markets today",
            "Gold in Asian markets today",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(!serious(&g).is_empty(), "{a} / {b}: {:#?}", g.divergences);
    }
}

#[test]
fn a_hedge_against_a_question_is_low() {
    for (lang, a, b) in [
        (
            Lang::Ar,
            "هل انسحب المقاتلون من المدينة باتجاه دير الزور؟",
            "ربما انسحب المقاتلون من المدينة باتجاه دير الزور",
        ),
        (
            Lang::En,
            "Did the fighters withdraw from the city towards Deir ez-Zor?",
            "The fighters reportedly withdrew from the city towards Deir ez-Zor",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(
            has(&g, K::Hedging, S::Low),
            "{a} / {b}: {:#?}",
            g.divergences
        );
        nothing_serious(&g);
    }
}

#[test]
fn weakness_and_strength_are_kin_of_fall_and_rise() {
    // the same move in a kin class echoes a weakness framed as bad news
    for (lang, a, b) in [
        (
            Lang::Ar,
            "الذهب يرتفع مع ضعف الدولار في الأسواق",
            "ارتفاع في أسعار الذهب مع انخفاض الدولار في الأسواق",
        ),
        (
            Lang::En,
            "Gold rises as the dollar weakens in markets",
            "A rise in gold prices as the dollar falls in markets",
        ),
    ] {
        nothing_serious(&pair(lang, a, b));
    }
    // the same head going the other way in the kin class is opposite
    for (lang, a, b) in [
        (
            Lang::Ar,
            "الذهب يرتفع مع ضعف الدولار في الأسواق",
            "الذهب يرتفع مع ارتفاع الدولار في الأسواق",
        ),
        (
            Lang::En,
            "Gold rises as the dollar weakens in markets",
            "Gold rises as the dollar rises in markets",
        ),
    ] {
        let g = pair(lang, a, b);
        assert!(
            has(&g, K::Polarity, S::High),
            "{a} / {b}: {:#?}",
            g.divergences
        );
        // the explanation names both classes, not the weakness side's alone
        assert!(
            g.divergences.iter().any(|d| d.kind == K::Polarity
                && (d.explanation.contains("opposite strength / rise claims")
                    || d.explanation.contains("opposite rise / strength claims"))),
            "{:#?}",
            g.divergences
        );
    }
}

#[test]
fn a_negating_word_both_sides_write_differs_in_reach_only() {
    // the refusal reaches the raise on one side only: both refuse it
    assert!(!has(
        &pair(
            Lang::Ar,
            "وزير الداخلية الألماني يرفض طلبا نقابيا بزيادة الرواتب",
            "رفض زيادة الرواتب في ألمانيا",
        ),
        K::Polarity,
        S::High
    ));
    assert!(!has(
        &pair(
            Lang::Ar,
            "العراق يحظر زراعة الأرز في الجنوب هذا الصيف",
            "حظر زراعة الأرز في الجنوب العراقي هذا الصيف",
        ),
        K::Polarity,
        S::High
    ));
    assert!(!has(
        &pair(
            Lang::En,
            "The minister rejected a union demand for raising wages",
            "The minister rejected raising wages",
        ),
        K::Polarity,
        S::High
    ));
    // a negation the other side does not write is still a contradiction, and a word one
    // letter away from the negating one is another word ("منحت" / "منعت")
    assert!(has(
        &pair(
            Lang::Ar,
            "وزير الداخلية الألماني يوافق على زيادة الرواتب",
            "وزير الداخلية الألماني يرفض زيادة الرواتب",
        ),
        K::Polarity,
        S::High
    ));
    assert!(has(
        &pair(
            Lang::Ar,
            "منحت إسرائيل أكثر من 16 ألف طالب الإقامة الدائمة",
            "منعت إسرائيل أكثر من 16 ألف طالب من الإقامة الدائمة",
        ),
        K::Polarity,
        S::High
    ));
    assert!(has(
        &pair(
            Lang::En,
            "The minister approved raising wages",
            "The minister rejected raising wages",
        ),
        K::Polarity,
        S::High
    ));
}

#[test]
fn a_word_after_a_proclitic_echoes_the_same_word_without_it() {
    // "بالتحرش" is ب + التحرش: "تحرشت" on the other side names the same thing
    nothing_serious(&pair(
        Lang::Ar,
        "إحدى متهمات المنتج الأميركي بالتحرش تحرشت بصبي",
        "واحدة من متهمات المنتج الأميركي تحرشت بصبي",
    ));
    // a bad-news word the other side does not echo is still one-sided
    assert!(has(
        &pair(
            Lang::Ar,
            "إحدى متهمات المنتج الأميركي بالتحرش تعمل في هوليوود",
            "واحدة من متهمات المنتج الأميركي تعمل في هوليوود",
        ),
        K::Wording,
        S::Medium
    ));
}

#[test]
fn a_word_that_frames_a_headline_is_not_a_substitution() {
    nothing_serious(&pair(
        Lang::Ar,
        "حكاية الطبيب السوري الذي أنقذ مئات الأطفال في حلب",
        "تعرف على الطبيب السوري الذي أنقذ مئات الأطفال في حلب",
    ));
    nothing_serious(&pair(
        Lang::Ar,
        "كيف أصبحت بشرة الملكة المصرية بيضاء؟",
        "أسرار بشرة الملكة المصرية البيضاء",
    ));
    nothing_serious(&pair(
        Lang::En,
        "The story of the Syrian doctor who saved hundreds of children in Aleppo",
        "Meet the Syrian doctor who saved hundreds of children in Aleppo",
    ));
    // a content word swapped under the same frame is still reported
    assert!(!serious(&pair(
        Lang::Ar,
        "حكاية الطبيب السوري الذي أنقذ مئات الأطفال في حلب",
        "حكاية الطبيب السوري الذي أنقذ مئات القطط في حلب",
    ))
    .is_empty());
    assert!(!serious(&pair(
        Lang::En,
        "Meet the Syrian doctor who saved hundreds of children in Aleppo",
        "Meet the Syrian doctor who saved hundreds of cats in Aleppo",
    ))
    .is_empty());
}
