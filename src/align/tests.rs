use super::*;
use crate::text::Lang;
use proptest::prelude::*;

/// Original text of the raqqa demo article whose file name starts with `prefix`.
pub(super) fn load_raqqa(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/raqqa");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(prefix) && name.ends_with(".txt")
        })
        .collect();
    paths.sort();
    std::fs::read_to_string(&paths[0]).unwrap()
}

fn en(s: &str) -> Document {
    Document::new(s, Some(Lang::En))
}

fn ar(s: &str) -> Document {
    Document::new(s, Some(Lang::Ar))
}

fn links(al: &PairAlignment) -> Vec<(Vec<usize>, Vec<usize>, &str, bool)> {
    al.links
        .iter()
        .map(|l| {
            (
                l.a_sentences.clone(),
                l.b_sentences.clone(),
                l.kind.as_str(),
                l.moved,
            )
        })
        .collect()
}

const S1: &str = "Floods in Kassala killed at least 42 people and displaced 12,000 families, officials said on Sunday.";
const S2: &str = "Heavy rains began on Thursday and swept away hundreds of mud-brick homes along the Gash river.";
const S3: &str =
    "Aid groups warned of a risk of cholera because drinking water sources were contaminated.";
const S4: &str = "The government declared a state of emergency in the province for three months.";

#[test]
fn identical_articles_align_one_to_one_in_order() {
    let text = [S1, S2, S3, S4].join(" ");
    let (a, b) = (en(&text), en(&text));
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(
        links(&al),
        (0..4)
            .map(|i| (vec![i], vec![i], "1:1", false))
            .collect::<Vec<_>>()
    );
    assert!(al.unaligned_a.is_empty() && al.unaligned_b.is_empty());
    assert!(al.links.iter().all(|l| l.similarity == 1.0));
    assert!(al
        .links
        .iter()
        .all(|l| l.diff.len() == 1 && l.diff[0].op == "equal"));
}

#[test]
fn split_sentence_is_one_to_n() {
    let a = en(&[S1, S2, S3].join(" "));
    let b = en(&[
        S1,
        "Heavy rains began on Thursday.",
        "They swept away hundreds of mud-brick homes along the Gash river.",
        S3,
    ]
    .join(" "));
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(
        links(&al),
        vec![
            (vec![0], vec![0], "1:1", false),
            (vec![1], vec![1, 2], "1:n", false),
            (vec![2], vec![3], "1:1", false),
        ]
    );
}

#[test]
fn merged_sentences_are_n_to_one() {
    let a = en(&[
        S1,
        S3,
        "The World Health Organization is sending medical supplies for 50,000 people.",
        S4,
    ]
    .join(" "));
    let b = en(&[
        S1,
        "Aid groups warned of a risk of cholera because drinking water sources were contaminated, and the World Health Organization is sending medical supplies for 50,000 people.",
        S4,
    ]
    .join(" "));
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(
        links(&al),
        vec![
            (vec![0], vec![0], "1:1", false),
            (vec![1, 2], vec![1], "n:1", false),
            (vec![3], vec![2], "1:1", false),
        ]
    );
}

#[test]
fn reordered_sentence_is_marked_moved() {
    let a = en(&[S1, S2, S3, S4].join(" "));
    let b = en(&[S1, S3, S4, S2].join(" "));
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(
        links(&al),
        vec![
            (vec![0], vec![0], "1:1", false),
            (vec![1], vec![3], "1:1", true),
            (vec![2], vec![1], "1:1", false),
            (vec![3], vec![2], "1:1", false),
        ]
    );
}

#[test]
fn dropped_and_added_sentences_are_unaligned() {
    let a = en(&[S1, S2, S3].join(" "));
    let b = en(&[
        S1,
        "Neighbouring Eritrea also reported rainfall over the weekend.",
        S3,
    ]
    .join(" "));
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(al.unaligned_a, vec![1]);
    assert_eq!(al.unaligned_b, vec![1]);
    assert_eq!(al.links.len(), 2);
}

#[test]
fn arabic_clitics_and_spelling_variants_align_without_diffs() {
    let a = ar("وقالت «قوات سورية الديموقراطية» لـ«فرانس برس» إن 275 شخصاً خرجوا من الرقة. وأشار إلى وجود مئات المفقودين تحت الأنقاض.");
    let b = ar("وقالت قوات سوريا الديمقراطية ل «فرانس برس» إن 275 شخصاً خرجوا من الرقة. وتقع المدينة على نهر الفرات.");
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(links(&al), vec![(vec![0], vec![0], "1:1", false)]);
    let diff = &al.links[0].diff;
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(diff[0].op, "equal");
    assert_eq!(al.unaligned_a, vec![1]);
    assert_eq!(al.unaligned_b, vec![1]);
}

#[test]
fn diff_spans_point_into_the_original_text() {
    let ta = "The agency said rescue teams had recovered 42 bodies, and that 17 people were still missing.";
    let tb = "The agency said rescue teams had recovered 42 bodies and that 23 people were “still” missing.";
    let (a, b) = (en(ta), en(tb));
    let al = align_pair("a", &a, "b", &b);
    assert_eq!(al.links.len(), 1);
    let diff = &al.links[0].diff;
    let ops: Vec<(&str, Option<&str>, Option<&str>)> = diff
        .iter()
        .map(|d| {
            (
                d.op.as_str(),
                d.a.map(|s| &ta[s.start..s.end]),
                d.b.map(|s| &tb[s.start..s.end]),
            )
        })
        .collect();
    assert_eq!(
        ops,
        vec![
            (
                "equal",
                Some("The agency said rescue teams had recovered 42 bodies, and that"),
                Some("The agency said rescue teams had recovered 42 bodies and that")
            ),
            ("delete", Some("17"), None),
            ("insert", None, Some("23")),
            (
                "equal",
                Some("people were still missing"),
                Some("people were “still” missing")
            ),
        ]
    );
}

#[test]
fn arabic_diff_spans_round_trip() {
    let ta = "وأحصى «المرصد السوري لحقوق الإنسان» مقتل 3250 شخصاً بينهم 1130 مدنياً على الأقل في مدينة الرقة.";
    let tb = "وأحصى المرصد السوري مقتل ٣٢٥٠ شخصاً، بينهم 1130 مدنياً على الأقل في مدينة الرقة.";
    let al = align_pair("a", &ar(ta), "b", &ar(tb));
    let diff = &al.links[0].diff;
    let kinds: Vec<&str> = diff.iter().map(|d| d.op.as_str()).collect();
    assert_eq!(kinds, vec!["equal", "delete", "equal"]);
    let deleted = diff[1].a.unwrap();
    assert_eq!(&ta[deleted.start..deleted.end], "لحقوق الإنسان");
    let last = &diff[2];
    let (sa, sb) = (last.a.unwrap(), last.b.unwrap());
    assert!(ta[sa.start..sa.end].starts_with("مقتل 3250"));
    assert!(tb[sb.start..sb.end].starts_with("مقتل ٣٢٥٠"));
    assert!(tb[sb.start..sb.end].ends_with("الرقة"));
}

#[test]
fn raqqa_death_toll_sentence_of_000_aligns_with_001() {
    let (t0, t1) = (load_raqqa("000"), load_raqqa("001"));
    let (d0, d1) = (ar(&t0), ar(&t1));
    let find = |t: &str, d: &Document| {
        (0..d.sentences.len())
            .find(|&i| {
                let s = &t[d.sentences[i].original.clone()];
                s.contains("3250") && s.contains("1130")
            })
            .unwrap()
    };
    let (i, j) = (find(&t0, &d0), find(&t1, &d1));
    let al = align_pair("000", &d0, "001", &d1);
    let link = al
        .links
        .iter()
        .find(|l| l.a_sentences.contains(&i))
        .expect("the death-toll sentence is aligned");
    assert_eq!(link.b_sentences, vec![j]);
    assert_eq!(link.kind, "1:1");
    assert!(link.similarity > 0.8, "{}", link.similarity);
    // 000 sentence 1 (the "setback" paragraph) is not in 001.
    assert!(al.unaligned_a.contains(&1));
}

#[test]
fn limits_are_reported_and_respected() {
    let text = [S1, S2, S3, S4].join(" ");
    let (a, b) = (en(&text), en(&text));
    let limits = AlignLimits {
        max_sentences: 2,
        ..AlignLimits::default()
    };
    let out = align_pair_with("a", &a, "b", &b, &limits);
    assert_eq!(out.alignment.links.len(), 2);
    assert_eq!(out.alignment.unaligned_a, vec![2, 3]);
    assert!(out
        .limits_hit
        .iter()
        .any(|l| l.limit == "align.max_sentences"));
    let limits = AlignLimits {
        max_diff_tokens: 3,
        ..AlignLimits::default()
    };
    let out = align_pair_with("a", &a, "b", &b, &limits);
    assert!(out
        .limits_hit
        .iter()
        .any(|l| l.limit == "align.max_diff_tokens"));
    assert_eq!(out.alignment.links[0].diff.len(), 2);
}

#[test]
fn empty_articles_align_to_nothing() {
    let (a, b) = (en(""), en(S1));
    let al = align_pair("a", &a, "b", &b);
    assert!(al.links.is_empty());
    assert_eq!(al.unaligned_b, vec![0]);
}

#[test]
fn group_alignment_covers_every_pair() {
    let (a, b, c) = (en(S1), en(S2), en(S3));
    let (g, hits) = align_group(
        "s-1",
        &[("a", &a), ("b", &b), ("c", &c)],
        &AlignLimits::default(),
    );
    let pairs: Vec<(&str, &str)> = g
        .pairs
        .iter()
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    assert_eq!(pairs, vec![("a", "b"), ("a", "c"), ("b", "c")]);
    assert!(hits.is_empty());
}

const POOL: &[&str] = &[
    S1,
    S2,
    S3,
    S4,
    "Heavy rains began on Thursday.",
    "They swept away hundreds of mud-brick homes along the Gash river.",
    "The World Health Organization is sending medical supplies for 50,000 people.",
    "Neighbouring Eritrea also reported rainfall over the weekend.",
    "قتل 42 شخصاً على الأقل في قصف استهدف سوقاً شعبية في مدينة إدلب.",
    "وقالت قوات سوريا الديمقراطية إن 275 شخصاً خرجوا من الرقة.",
    "The governor told AFP that 17 people were still missing.",
    "Officials said 23 people were still missing.",
    "وقالت «قوات سورية الديموقراطية» لـ«فرانس برس» إن 275 شخصاً غادروا الرقة.",
    "The organization's governor said 17 people were missing in Kassala.",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every sentence index of each article appears exactly once across links and unaligned
    /// lists, links are sorted and well-formed, and diff spans stay inside the linked sentences.
    #[test]
    fn every_sentence_is_accounted_for_exactly_once(
        xs in proptest::collection::vec(0..POOL.len(), 0..14),
        ys in proptest::collection::vec(0..POOL.len(), 0..14),
    ) {
        let ta: String = xs.iter().map(|&i| POOL[i]).collect::<Vec<_>>().join(" ");
        let tb: String = ys.iter().map(|&i| POOL[i]).collect::<Vec<_>>().join(" ");
        let (a, b) = (Document::new(&ta, None), Document::new(&tb, None));
        let al = align_pair("a", &a, "b", &b);
        let mut seen_a = vec![0u32; a.sentences.len()];
        let mut seen_b = vec![0u32; b.sentences.len()];
        for l in &al.links {
            prop_assert!(!l.a_sentences.is_empty() && !l.b_sentences.is_empty());
            prop_assert!(l.a_sentences.len() == 1 || l.b_sentences.len() == 1);
            prop_assert!((0.0..=1.0).contains(&l.similarity));
            for &i in &l.a_sentences { seen_a[i] += 1; }
            for &j in &l.b_sentences { seen_b[j] += 1; }
            let lo_a = a.sentences[l.a_sentences[0]].original.start;
            let hi_a = a.sentences[*l.a_sentences.last().unwrap()].original.end;
            let lo_b = b.sentences[l.b_sentences[0]].original.start;
            let hi_b = b.sentences[*l.b_sentences.last().unwrap()].original.end;
            for d in &l.diff {
                if let Some(s) = d.a { prop_assert!(lo_a <= s.start && s.end <= hi_a); }
                if let Some(s) = d.b { prop_assert!(lo_b <= s.start && s.end <= hi_b); }
            }
        }
        for &i in &al.unaligned_a { seen_a[i] += 1; }
        for &j in &al.unaligned_b { seen_b[j] += 1; }
        prop_assert!(seen_a.iter().all(|&n| n == 1), "a: {:?}", seen_a);
        prop_assert!(seen_b.iter().all(|&n| n == 1), "b: {:?}", seen_b);
        prop_assert!(al.links.windows(2).all(|w| w[0].a_sentences[0] < w[1].a_sentences[0]));
        // The pruned candidate index finds exactly the pairs brute force accepts.
        let scorer = PairScorer::new(&a, &b);
        let (cands, _) = super::sentences::score_candidates(
            &scorer, a.sentences.len(), b.sentences.len(), usize::MAX, LINK_MIN_SIMILARITY,
        );
        let got: Vec<(usize, usize)> = {
            let mut v: Vec<_> = cands.iter().map(|&(_, i, j)| (i, j)).collect();
            v.sort_unstable();
            v
        };
        let mut brute = Vec::new();
        for i in 0..a.sentences.len() {
            for j in 0..b.sentences.len() {
                let ov = scorer.overlap(i, j);
                let need = 2.min(scorer.a[i].len()).min(scorer.b[j].len()).max(1);
                if ov.dice() >= LINK_MIN_SIMILARITY && ov.matched_keys >= need {
                    brute.push((i, j));
                }
            }
        }
        prop_assert_eq!(got, brute);
        // Deterministic: the same input gives the same alignment.
        prop_assert_eq!(&al, &align_pair("a", &a, "b", &b));
    }
}
