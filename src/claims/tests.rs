//! Unit tests of claim extraction, Arabic and English.

use super::*;
use crate::text::{Document, Lang};

fn claims(text: &str, lang: Lang) -> (Document, Vec<SentenceClaims>) {
    let doc = Document::new(text, Some(lang));
    let c = extract(&doc, Some("2017-10-18"));
    (doc, c)
}

fn one(text: &str, lang: Lang) -> SentenceClaims {
    let (_, mut c) = claims(text, lang);
    assert_eq!(c.len(), 1, "one sentence expected in {text:?}");
    c.remove(0)
}

fn q(text: &str, lang: Lang) -> Vec<(f64, f64, Option<String>)> {
    one(text, lang)
        .quantities
        .into_iter()
        .map(|q| (q.lo, q.hi, q.head))
        .collect()
}

#[test]
fn arabic_digits_with_head_noun() {
    let v = q("أحصى المرصد مقتل 3250 شخصاً في المدينة", Lang::Ar);
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].0, v[0].1), (3250.0, 3250.0));
    let v2 = q("قتل 3250 شخص", Lang::Ar);
    assert_eq!(v[0].2, v2[0].2, "شخصاً and شخص count the same thing");
}

#[test]
fn arabic_number_words_equal_digits() {
    let words = one("خروج نحو ثلاثة آلاف مدني", Lang::Ar);
    let digits = one("خروج نحو 3000 مدني", Lang::Ar);
    assert_eq!(words.quantities.len(), 1);
    assert!(words.quantities[0].same_interval(&digits.quantities[0]));
    assert_eq!(words.quantities[0].stated, (3000.0, 3000.0));
    assert_eq!(words.quantities[0].head, digits.quantities[0].head);
    // Arabic-Indic digits are ASCII after normalisation
    let eastern = one("خروج نحو ٣٠٠٠ مدني", Lang::Ar);
    assert!(eastern.quantities[0].same_interval(&digits.quantities[0]));
}

#[test]
fn arabic_range_and_approximators() {
    let r = one("لم يعد هناك سوى 250 إلى 300 إرهابي أجنبي", Lang::Ar);
    assert_eq!((r.quantities[0].lo, r.quantities[0].hi), (250.0, 300.0));
    assert_eq!(r.quantities[0].qualifier, Qualifier::Range);
    let at_least = one("مقتل 1130 مدنياً على الأقل", Lang::Ar);
    let a = &at_least.quantities[0];
    assert_eq!(a.lo, 1130.0);
    assert!(a.hi.is_infinite());
    let more = one("خرج أكثر من ثلاثة آلاف مدني", Lang::Ar);
    assert!(more.quantities[0].lo_open && more.quantities[0].lo == 3000.0);
    let about = one("استسلم حوالى 100 من عناصر التنظيم", Lang::Ar);
    assert!(about.quantities[0].lo < 100.0 && about.quantities[0].hi > 100.0);
    assert_eq!(about.quantities[0].head.as_deref(), Some("t:fighter"));
}

#[test]
fn arabic_vague_quantities() {
    let d = one("انكفأ إليها العشرات من العناصر", Lang::Ar);
    assert_eq!((d.quantities[0].lo, d.quantities[0].hi), (20.0, 99.0));
    let tens_of_thousands = one("دفعت المعارك عشرات الآلاف من المدنيين إلى الفرار", Lang::Ar);
    assert_eq!(tens_of_thousands.quantities[0].lo, 20_000.0);
    let hundreds = one("وجود مئات المفقودين", Lang::Ar);
    assert_eq!(hundreds.quantities[0].lo, 200.0);
}

#[test]
fn english_numbers() {
    let v = q("At least 3,250 people were killed.", Lang::En);
    assert_eq!(v[0].0, 3250.0);
    let w = q("Three thousand civilians fled.", Lang::En);
    assert_eq!((w[0].0, w[0].1), (3000.0, 3000.0));
    let m = q("The fund holds 3.5 million dollars.", Lang::En);
    assert_eq!(m[0].0, 3_500_000.0);
    let r = q("Between 250 and 300 fighters remain.", Lang::En);
    assert_eq!((r[0].0, r[0].1), (250.0, 300.0));
    let c = q("Two hundred and fifty fighters remain.", Lang::En);
    assert_eq!(c[0].0, 250.0);
    let d = q("Dozens of fighters remain.", Lang::En);
    assert_eq!((d[0].0, d[0].1), (24.0, 99.0));
    assert_eq!(v[0].2, q("3250 people died.", Lang::En)[0].2);
    assert!(v[0].2.is_some());
}

#[test]
fn years_and_dates_are_not_quantities() {
    let c = one("أعلنها في البلدين منذ العام 2014", Lang::Ar);
    assert!(c.quantities.is_empty());
    assert_eq!(c.dates[0].year, Some(2014));
    let e = one("The city fell in 2017.", Lang::En);
    assert!(e.quantities.is_empty());
}

#[test]
fn both_arabic_month_systems_are_one_month() {
    let a = one("منذ الخامس من حزيران (يونيو)", Lang::Ar);
    let b = one("منذ الخامس من يونيو", Lang::Ar);
    assert_eq!(a.dates.len(), 1);
    assert_eq!(a.dates[0].month, Some(6));
    assert_eq!(a.dates[0].day, Some(5));
    assert_eq!(a.dates[0].resolved, b.dates[0].resolved);
    let oct = one("حتى يوم 13 تشرين الأول", Lang::Ar);
    let en = one("until October 13", Lang::En);
    assert_eq!(oct.dates[0].month, Some(10));
    assert_eq!(oct.dates[0].resolved, en.dates[0].resolved);
    assert_eq!(en.dates[0].describe(), "2017-10-13");
}

#[test]
fn relative_days_resolve_against_the_article_date() {
    let a = one("سيطرت على المدينة أمس", Lang::Ar);
    assert_eq!(a.dates[0].describe(), "2017-10-17");
    let b = one("The city fell yesterday.", Lang::En);
    assert_eq!(b.dates[0].describe(), "2017-10-17");
    let c = one("قافلة ستغادر السبت", Lang::Ar);
    assert_eq!(c.dates[0].describe(), "2017-10-14");
    let d = one("أول من أمس", Lang::Ar);
    assert_eq!(d.dates[0].describe(), "2017-10-16");
}

#[test]
fn negation_cues_and_exceptions() {
    assert!(one("لم يغادر المقاتلون المدينة", Lang::Ar).negated());
    assert!(one("أكدوا عدم مغادرة أي منهم", Lang::Ar).negated());
    assert!(!one("لا يزال التنظيم يحتفظ بسيطرته", Lang::Ar).negated());
    assert!(!one("لم يتبق سوى متشددين أجانب", Lang::Ar).negated());
    assert!(one("The army did not enter the market.", Lang::En).negated());
    assert!(one("Officials denied the report.", Lang::En).negated());
    assert!(!one("The army entered the market.", Lang::En).negated());
}

fn event_classes(text: &str, lang: Lang) -> Vec<&'static str> {
    one(text, lang).events.iter().map(|e| e.class).collect()
}

#[test]
fn a_verb_made_an_idiom_by_its_object_is_not_that_event() {
    assert!(event_classes("أردوغان يفتح النار على المحتالين", Lang::Ar).is_empty());
    assert!(event_classes("المحكمة تصدر حكما نهائيا", Lang::Ar).is_empty());
    assert!(event_classes("بوتن يرفع راية الإصلاح", Lang::Ar).is_empty());
    // must not flag: the same verbs with their own objects are still events
    assert_eq!(event_classes("السودان يفتح المعبر", Lang::Ar), ["open"]);
    assert_eq!(
        event_classes("البنك يرفع أسعار الفائدة", Lang::Ar),
        ["rise"]
    );
    assert_eq!(event_classes("مصر تصدر الغاز", Lang::Ar), ["import"]);
    assert!(event_classes("Troops open fire on protesters.", Lang::En).is_empty());
    assert!(event_classes("The mayor raised the flag at noon.", Lang::En).is_empty());
    assert_eq!(
        event_classes("The border opened on Monday.", Lang::En),
        ["open"]
    );
    assert_eq!(
        event_classes("The bank raised interest rates.", Lang::En),
        ["rise"]
    );
}

#[test]
fn negated_events() {
    let c = one("أكدوا عدم مغادرة أي منهم", Lang::Ar);
    let e = c
        .events
        .iter()
        .find(|e| e.class == "leave")
        .expect("leave event");
    assert!(e.negated);
    assert_eq!(e.effective(), -1);
    let f = one("وصلت حافلات لإجلاء بقية الإرهابيين الأجانب", Lang::Ar);
    let g = f
        .events
        .iter()
        .find(|e| e.class == "leave")
        .expect("leave event");
    assert!(!g.negated && !g.irrealis);
    let fut = one("سيغادرون المدينة", Lang::Ar);
    assert!(fut.events[0].irrealis, "future is not an assertion");
}

#[test]
fn hedges() {
    assert!(!one("قد تخلو المدينة من المقاتلين", Lang::Ar)
        .hedges
        .is_empty());
    assert!(
        one("قد انتهى وجود داعش", Lang::Ar).hedges.is_empty(),
        "قد + past is not a hedge"
    );
    assert!(!one("ربما لا نتفق دائماً", Lang::Ar).hedges.is_empty());
    assert!(!one("Forces reportedly retook the town.", Lang::En)
        .hedges
        .is_empty());
    assert!(one("Forces retook the town.", Lang::En).hedges.is_empty());
}

#[test]
fn attribution_and_credits() {
    let (doc, c) = claims(
        "وقال المقاتل الشاب شفكر هيمو ل «فرانس برس» من دوار النعيم",
        Lang::Ar,
    );
    let c = &c[0];
    assert_eq!(c.credits[0].agency, "AFP");
    assert_eq!(c.attributions[0].strength, Strength::Neutral);
    let src = c.attributions[0].source_span.clone().expect("source");
    assert!(doc.norm.text[src].contains("المقاتل"));
    let r = one("صرح عمر علوش أمس لرويترز", Lang::Ar);
    assert_eq!(r.credits[0].agency, "Reuters");
    let ap = one("The statement was confirmed, according to AP.", Lang::En);
    assert_eq!(ap.credits[0].agency, "AP");
    let weak = one("Officials claimed the town was retaken.", Lang::En);
    assert_eq!(weak.attributions[0].strength, Strength::Weak);
    let strong = one("أكد سلو أن 275 شخصاً خرجوا", Lang::Ar);
    assert_eq!(strong.attributions[0].strength, Strength::Strong);
}

/// The source named by an attribution, as normalised text ("" when none is named).
fn sources(text: &str, lang: Lang) -> Vec<String> {
    let (doc, c) = claims(text, lang);
    c[0].attributions
        .iter()
        .map(|a| {
            a.source_span
                .clone()
                .map_or(String::new(), |s| doc.norm.text[s].to_string())
        })
        .collect()
}

#[test]
fn the_source_ends_where_what_was_said_begins() {
    // before "that" / "أن"
    assert_eq!(
        sources("أكد التحالف الدولي أن المقاتلين غادروا", Lang::Ar),
        ["التحالف الدولي"]
    );
    assert_eq!(
        sources("Reported by Reuters that the talks had stalled", Lang::En),
        ["reuters"]
    );
    // a quotation right after the verb is what was said, not who said it
    assert_eq!(
        sources("وأضاف «لم يعد هناك أي مقاتل في المدينة»", Lang::Ar),
        [""]
    );
    assert_eq!(
        sources("He said: \"The fighters have left\"", Lang::En),
        [""]
    );
    // the source before the colon is kept
    assert_eq!(
        sources("وقال المتحدث باسم التحالف: «انتهى الأمر»", Lang::Ar),
        ["المتحدث باسم التحالف"]
    );
}

#[test]
fn a_speech_verb_inside_a_name_is_the_name() {
    // "states" in "the United States" is no attribution, and the name is the source
    assert_eq!(
        sources(
            "Officials in the United States confirmed the deal",
            Lang::En
        ),
        ["united states"]
    );
    assert!(one("The United States sent aid to the region", Lang::En)
        .attributions
        .is_empty());
    // Arabic: a speech verb after a name stays a speech verb
    assert_eq!(
        sources("الولايات المتحدة قالت إن المساعدات وصلت", Lang::Ar).len(),
        1
    );
}

#[test]
fn spans_map_back_to_original_bytes() {
    let text = "أحصى «المرصد» مقتل ٣٢٥٠ شخصاً.";
    let (doc, c) = claims(text, Lang::Ar);
    let qs = &c[0].quantities[0];
    let orig = doc.norm.original_range(qs.span.clone());
    // the focus ends at the last letter; a trailing diacritic (tanwin) is outside the mapped range
    assert!(text[orig].starts_with("٣٢٥٠ شخصا"));
}

#[test]
fn spelling_variants_share_keys() {
    let a = one("قوات سورية الديموقراطية", Lang::Ar);
    let b = one("قوات سوريا الديمقراطية", Lang::Ar);
    assert_eq!(a.keys, b.keys);
    let c = one("الكولونيل رايان ديلون", Lang::Ar);
    let d = one("الكولونيل ريان ديلون", Lang::Ar);
    assert_eq!(c.keys, d.keys);
}

#[test]
fn tone_words_with_negation_arabic_and_english() {
    let c = one("لم تنجح المفاوضات بين الطرفين", Lang::Ar);
    assert_eq!(c.tone.len(), 1, "{:?}", c.tone);
    assert_eq!((c.tone[0].pole, c.tone[0].effective()), (1, -1));
    let c = one("أزمة جديدة في أسواق المال", Lang::Ar);
    assert_eq!(
        c.tone.iter().map(|t| t.effective()).collect::<Vec<_>>(),
        [-1]
    );
    let e = one("The talks did not succeed.", Lang::En);
    assert_eq!(
        e.tone.iter().map(|t| t.effective()).collect::<Vec<_>>(),
        [-1]
    );
    let e = one("Markets face a new crisis.", Lang::En);
    assert_eq!(
        e.tone.iter().map(|t| t.effective()).collect::<Vec<_>>(),
        [-1]
    );
}

#[test]
fn accusative_alef_is_matched_like_the_bare_word() {
    // "انخفاضا" (tanween written as alef) is the event word "انخفاض"
    let c = one("الخام الأميركي يسبب انخفاضا في أسعار النفط", Lang::Ar);
    assert!(
        c.events.iter().any(|e| e.class == "rise" && e.pole == -1),
        "{:?}",
        c.events
    );
}

#[test]
fn event_head_is_the_nearest_participant() {
    let c = one("الذهب يصعد مع تراجع الدولار", Lang::Ar);
    let rise: Vec<_> = c.events.iter().filter(|e| e.class == "rise").collect();
    assert_eq!(rise.len(), 2, "{:?}", c.events);
    assert!(rise.iter().all(|e| e.head.is_some()), "{:?}", c.events);
    assert_ne!(rise[0].head, rise[1].head);
}

#[test]
fn names_match_after_a_preposition_that_absorbs_the_article() {
    // "للسودان" = ل + السودان: the gazetteer entry "السودان" matches it
    let c = one("السعودية تعلن تزويدها للسودان بالنفط", Lang::Ar);
    let ids: Vec<&str> = c.entities.iter().map(|e| e.id).collect();
    assert!(ids.contains(&"SD"), "{ids:?}");
    // a function word is not matched without its article: "يوم" (a day) is not "اليوم"
    let d = one("الخسارة الأكبر في يوم", Lang::Ar);
    assert!(d.dates.is_empty(), "{:?}", d.dates);
    // only where the preposition absorbed the article: "ورقة" (paper) is not و + "رقة" (Raqqa)
    let ids =
        |text: &str| -> Vec<&str> { one(text, Lang::Ar).entities.iter().map(|e| e.id).collect() };
    assert_eq!(ids("ورقة نقدية جديدة"), Vec::<&str>::new());
    assert_eq!(ids("قوافل وللرقة"), ["SY"]);
}

#[test]
fn a_city_has_its_own_id_and_its_country_as_id() {
    let c = one("حادث قطار في القاهرة بمصر", Lang::Ar);
    let ids: Vec<(&str, Option<&str>)> = c.entities.iter().map(|e| (e.id, e.city)).collect();
    assert_eq!(ids, [("EG", Some("EG/cairo")), ("EG", None)]);
    let c = one("A train crash in Cairo, Egypt", Lang::En);
    let ids: Vec<(&str, Option<&str>)> = c.entities.iter().map(|e| (e.id, e.city)).collect();
    assert_eq!(ids, [("EG", Some("EG/cairo")), ("EG", None)]);
}

#[test]
fn a_hijri_month_is_a_date_only_where_it_reads_as_one() {
    let c = one("يواجهن الأفكار النمطية في شهر رمضان", Lang::Ar);
    let months: Vec<Option<u8>> = c.dates.iter().map(|d| d.hijri_month).collect();
    assert_eq!(months, [Some(9)]);
    let c = one("Stereotypes during the month of Ramadan", Lang::En);
    let months: Vec<Option<u8>> = c.dates.iter().map(|d| d.hijri_month).collect();
    assert_eq!(months, [Some(9)]);
    // a given name
    assert!(one("الممثل محمد رمضان يفوز بجائزة", Lang::Ar)
        .dates
        .is_empty());
    assert!(one("Tariq Ramadan wins a prize", Lang::En).dates.is_empty());
}

#[test]
fn a_negation_governs_the_first_content_word_after_it() {
    let negated = |text: &str, lang: Lang, class: &str| -> Vec<bool> {
        let c = one(text, lang);
        c.events
            .iter()
            .filter(|e| e.class == class)
            .map(|e| e.negated)
            .collect()
    };
    // past function words
    assert_eq!(negated("لن تكون هناك حرب", Lang::Ar, "calm"), [true]);
    assert_eq!(
        negated("There will not be any war", Lang::En, "calm"),
        [true]
    );
    // not past a content word: the rise is not what is denied
    assert_eq!(
        negated("الشركة لم تصرح بينما ارتفعت الأسعار", Lang::Ar, "rise"),
        [false]
    );
    assert_eq!(
        negated(
            "The company did not comment as prices rose",
            Lang::En,
            "rise"
        ),
        [false]
    );
}

#[test]
fn event_head_skips_degree_words_and_other_conjuncts() {
    let c = one("صعود كبير للإسترليني وهبوط حاد للدولار", Lang::Ar);
    // the rises and falls ("كبير" is also read as a degree of scale)
    let heads: Vec<Option<u64>> = c
        .events
        .iter()
        .filter(|e| e.class == "rise")
        .map(|e| e.head)
        .collect();
    assert_eq!(heads.len(), 2, "{:?}", c.events);
    assert!(heads.iter().all(Option::is_some), "{heads:?}");
    assert_ne!(heads[0], heads[1], "sterling rose, the dollar fell");
    let e = one(
        "A sharp rise for sterling and a steep fall for the dollar",
        Lang::En,
    );
    let heads: Vec<Option<u64>> = e.events.iter().map(|e| e.head).collect();
    assert!(
        heads.len() >= 2 && heads.iter().all(Option::is_some),
        "{heads:?}"
    );
    assert_ne!(heads[0], heads[heads.len() - 1]);
}

#[test]
fn events_after_verbs_of_intention_are_not_yet_facts() {
    for (text, lang) in [
        ("تسلا تستعد لإطلاق أول مصانعها في الصين", Lang::Ar),
        ("الحكومة تعتزم رفع الأسعار", Lang::Ar),
        (
            "Tesla prepares to launch its first factory in China",
            Lang::En,
        ),
    ] {
        let c = one(text, lang);
        assert!(!c.events.is_empty(), "{text}: {:?}", c.events);
        assert!(
            c.events.iter().all(|e| e.irrealis),
            "{text}: {:?}",
            c.events
        );
    }
    // without the intention verb the launch is a fact
    let c = one("تسلا تطلق أول مصانعها في الصين", Lang::Ar);
    assert!(c.events.iter().any(|e| !e.irrealis), "{:?}", c.events);
}

#[test]
fn adverbs_of_effect_carry_tone() {
    // "يتأثر سلباً" / "affected negatively" frame what happened as bad news
    for (text, lang, pole) in [
        ("الذهب يتأثر سلباً بقوة الدولار", Lang::Ar, -1),
        ("التضخم يؤثر إيجاباً على الذهب", Lang::Ar, 1),
        (
            "Gold is affected negatively by the strong dollar",
            Lang::En,
            -1,
        ),
        ("Inflation affects gold positively", Lang::En, 1),
    ] {
        let c = one(text, lang);
        assert!(
            c.tone.iter().any(|t| t.effective() == pole),
            "{text}: {:?}",
            c.tone
        );
    }
}

#[test]
fn weekdays_are_kept_when_the_article_has_no_date() {
    let doc = Document::new("الإيزيديون يحتفلون بالأربعاء الأحمر", Some(Lang::Ar));
    let c = extract(&doc, None);
    assert_eq!(c[0].dates.len(), 1);
    assert_eq!(
        (c[0].dates[0].weekday, c[0].dates[0].resolved),
        (Some(3), None)
    );
    let doc = Document::new("Yazidis celebrate Red Wednesday", Some(Lang::En));
    let c = extract(&doc, None);
    assert_eq!(c[0].dates[0].weekday, Some(3));
    assert_eq!(c[0].dates[0].describe(), "Wednesday");
}

#[test]
fn ordinals_with_their_tens_and_the_word_they_rank() {
    let c = one("في عامها الرابع والخمسين تنجب مولودا", Lang::Ar);
    assert_eq!(c.ordinals.len(), 1);
    assert_eq!(c.ordinals[0].value, 54);
    assert_eq!(
        c.ordinals[0].nouns.len(),
        2,
        "عامها and تنجب, the words next to it"
    );
    let c = one("تهم من الدرجة الأولى والثالثة", Lang::Ar);
    assert_eq!(c.ordinals.len(), 2);
    assert_eq!(c.ordinals[0].nouns, c.ordinals[1].nouns);
    // a day of a month is a date, not a rank
    let c = one("بدأت المعركة في الخامس من حزيران", Lang::Ar);
    assert!(c.ordinals.is_empty());
    let c = one("Putin begins his fourth term", Lang::En);
    assert_eq!((c.ordinals.len(), c.ordinals[0].value), (1, 4));
}

#[test]
fn a_two_word_negative_predicate_governs_the_word_after_it() {
    let c = one("مواطن فرنسي يفلت من المحاكمة", Lang::Ar);
    let trial: Vec<_> = c.events.iter().filter(|e| e.pole > 0).collect();
    assert_eq!(trial.len(), 1);
    assert!(trial[0].negated, "{:#?}", c.events);
    let c = one("محاكمة مواطن فرنسي في القدس", Lang::Ar);
    assert!(c.events.iter().all(|e| !e.negated));
}

#[test]
fn kin_classes_are_read_both_ways_and_a_question_is_marked() {
    for (text, lang) in [
        ("الدولار يرتفع ثم يبلغ أعلى مستوى", Lang::Ar),
        ("The dollar rises to its highest", Lang::En),
    ] {
        let c = one(text, lang);
        let rise = c.events.iter().find(|e| e.class == "rise").expect("rise");
        let extent = c
            .events
            .iter()
            .find(|e| e.class == "extent")
            .expect("extent");
        assert!(rise.kin.iter().any(|k| k == "extent"), "{:?}", rise.kin);
        assert!(extent.kin.iter().any(|k| k == "rise"), "{:?}", extent.kin);
        assert!(!c.question);
    }
    assert!(one("هل يرتفع الدولار؟", Lang::Ar).question);
    assert!(one("Will the dollar rise?", Lang::En).question);
}

#[test]
fn a_word_inside_a_multi_word_connective_is_not_an_event() {
    // "في ظل" = amid: "ظل" is not "stayed"; "on the back of": "back" is not "support"
    let c = one("الذهب يهبط في ظل توترات تجارية", Lang::Ar);
    assert!(
        c.events.iter().all(|e| e.class != "leave"),
        "{:?}",
        c.events
    );
    let c = one("Stocks fall on the back of weak earnings", Lang::En);
    assert!(
        c.events.iter().all(|e| e.class != "support"),
        "{:?}",
        c.events
    );
    // the same words outside the connective still are
    let c = one("ظل الذهب مستقرا طوال الأسبوع", Lang::Ar);
    assert!(
        c.events.iter().any(|e| e.class == "leave"),
        "{:?}",
        c.events
    );
    let c = one("Unions back the plan", Lang::En);
    assert!(
        c.events.iter().any(|e| e.class == "support"),
        "{:?}",
        c.events
    );
}

#[test]
fn a_threatened_event_is_not_a_fact() {
    for (threat, fact, lang) in [
        (
            "إيران تهدد بإغلاق مضيق هرمز",
            "إيران تعلن إغلاق مضيق هرمز",
            Lang::Ar,
        ),
        (
            "Iran threatens closure of the Strait of Hormuz",
            "Iran announces closure of the Strait of Hormuz",
            Lang::En,
        ),
    ] {
        let c = one(threat, lang);
        assert!(
            c.events.iter().any(|e| e.class == "open" && e.irrealis),
            "{:?}",
            c.events
        );
        let c = one(fact, lang);
        assert!(
            c.events.iter().any(|e| e.class == "open" && !e.irrealis),
            "{:?}",
            c.events
        );
    }
}

fn roles(text: &str, lang: Lang) -> Vec<(&'static str, Option<Role>)> {
    one(text, lang)
        .entities
        .iter()
        .map(|e| (e.id, e.role))
        .collect()
}

#[test]
fn names_take_the_role_their_position_or_marker_gives() {
    use Role::{Agent, Patient, Speaker};
    for (text, lang, want) in [
        (
            "إيرباص تهدد بريطانيا بالرحيل",
            Lang::Ar,
            [("CO:AIRBUS", Agent), ("GB", Patient)],
        ),
        (
            "طلب خاص من كوريا للولايات المتحدة",
            Lang::Ar,
            [("KR", Agent), ("US", Patient)],
        ),
        (
            "الصين: الولايات المتحدة تضر نفسها",
            Lang::Ar,
            [("CN", Speaker), ("US", Agent)],
        ),
        (
            "Canada sues the United States",
            Lang::En,
            [("CA", Agent), ("US", Patient)],
        ),
        (
            "A request from Canada to the United States",
            Lang::En,
            [("CA", Agent), ("US", Patient)],
        ),
    ] {
        let want: Vec<_> = want.into_iter().map(|(id, r)| (id, Some(r))).collect();
        assert_eq!(roles(text, lang), want, "{text}");
    }
}

#[test]
fn names_without_a_role() {
    // "ل" is part of the name, not a preposition: Lebanon opens the clause
    assert_eq!(
        roles("لبنان يحصد مليارات الدولارات", Lang::Ar)[0],
        ("LB", Some(Role::Agent))
    );
    // joined by "and" or after "between": no one acts on the other
    for (text, lang) in [
        ("مصر وإثيوبيا تتفقان على السد", Lang::Ar),
        ("محادثات بين مصر وإثيوبيا", Lang::Ar),
        ("Egypt and Ethiopia agree on the dam", Lang::En),
    ] {
        assert!(
            roles(text, lang).iter().all(|(_, r)| r.is_none()),
            "{text}: {:?}",
            roles(text, lang)
        );
    }
    // a currency is what moves, not whom something is done to
    assert!(roles("هبوط للإسترليني", Lang::Ar)
        .iter()
        .all(|(_, r)| r.is_none()));
}

#[test]
fn time_order_words_keep_their_anchor() {
    for (text, lang) in [
        ("طائرات للخطوط الإيرانية قبيل العقوبات", Lang::Ar),
        ("planes for Iran Air before the new sanctions", Lang::En),
    ] {
        let c = one(text, lang);
        assert_eq!(c.order.len(), 1, "{text}");
        assert_eq!(c.order[0].pole, -1);
    }
    let after = one("طائرات بعد العقوبات", Lang::Ar);
    let before = one("طائرات قبل العقوبات", Lang::Ar);
    assert_eq!(after.order[0].anchor, before.order[0].anchor);
    assert_eq!(after.order[0].pole, 1);
    // an order word ending the sentence has no anchor ("لم يصل بعد" = not yet)
    assert!(one("الوفد لم يصل بعد", Lang::Ar).order.is_empty());
}
