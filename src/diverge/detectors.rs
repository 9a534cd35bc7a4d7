//! The detectors: each compares the claims of two related sentences (or, for quantities, of two
//! articles) and reports findings with a severity and a one-line explanation.

use super::pairing::{self, PairRelations};
use super::{Finding, Side};
use crate::claims::{
    Attribution, DateClaim, EventMention, OrdinalMention, Qualifier, Quantity, Role,
    SentenceClaims, Strength, ToneMention, WordSlot,
};
use crate::report::model::{DivergenceKind as K, Severity as S};
use crate::text::Normalized;
use similar::{capture_diff_slices, Algorithm, DiffTag};
use std::collections::BTreeSet;

/// One article as the detectors see it.
pub struct Art<'a> {
    pub member: usize,
    pub id: &'a str,
    /// The normalised text, which claim spans index.
    pub norm: &'a Normalized,
    /// The text as published.
    pub original: &'a str,
    pub claims: &'a [SentenceClaims],
}

impl Art<'_> {
    /// The normalised words of a claim span: what the detectors compare.
    fn text(&self, r: &std::ops::Range<usize>) -> &str {
        &self.norm.text[r.clone()]
    }

    /// The same words as published (original spelling, diacritics and digits): what an
    /// explanation quotes, so a journalist can find them in the article.
    fn quote(&self, r: &std::ops::Range<usize>) -> &str {
        &self.original[self.norm.original_range(r.clone())]
    }
}

fn side(
    a: &Art<'_>,
    sentence: usize,
    focus: Option<std::ops::Range<usize>>,
    claim: String,
) -> Side {
    Side {
        member: a.member,
        sentence,
        focus,
        claim: Some(claim),
    }
}

/// One side of a [`replaced`] finding: the article, its sentence, the word's span and label.
type Replaced<'r, 'a> = (&'r Art<'a>, usize, std::ops::Range<usize>, String);

/// A medium finding about a word each side has in the same claim where the other has another
/// ("Different rank for the same thing: a has "الثالث", b has "الخامس"."), quoting both.
fn replaced(
    kind: K,
    what: &str,
    (a, i, sa, la): Replaced<'_, '_>,
    (b, j, sb, lb): Replaced<'_, '_>,
) -> Finding {
    let explanation = format!(
        "{what}: {} has \"{}\", {} has \"{}\".",
        a.id,
        a.quote(&sa),
        b.id,
        b.quote(&sb)
    );
    Finding::two_sided(
        kind,
        S::Medium,
        explanation,
        side(a, i, Some(sa), la),
        side(b, j, Some(sb), lb),
    )
}

/// Run the sentence-pair detectors on every same-claim and related pair of two articles.
pub fn detect_pair(a: &Art<'_>, b: &Art<'_>, rel: &PairRelations, out: &mut Vec<Finding>) {
    for &(i, j) in &rel.same {
        let (x, y) = (&a.claims[i], &b.claims[j]);
        let before = out.len();
        polarity(a, i, b, j, true, rel.is_strong(i, j), out);
        let had_polarity = out.len() > before;
        entity(a, i, b, j, out);
        city(a, i, b, j, out);
        role_swap(a, i, b, j, out);
        attribution(a, i, b, j, out);
        if !had_polarity {
            hedging(a, i, b, j, out);
            tone(a, i, b, j, out);
            if rel.is_strong(i, j) {
                one_sided_event(a, i, b, j, out);
            }
        }
        wording(a, i, b, j, out);
        let before_substitution = out.len();
        substitution(a, i, b, j, out);
        if out.len() == before_substitution {
            one_word_swap(a, i, b, j, out);
        }
        dates(a, i, b, j, out);
        ranks(a, i, b, j, out);
        temporal_order(a, i, b, j, out);
        duration_units(a, i, b, j, out);
        let _ = (x, y);
    }
    // related sentences: only event polarity, and only the best partner per sentence
    let mut best: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for &(i, j) in &rel.related {
        if let Some(s) = conflict_score(&a.claims[i], &b.claims[j]) {
            let e = best.entry(i).or_insert((j, s));
            if s > e.1 {
                *e = (j, s);
            }
        }
    }
    for (i, (j, _)) in best {
        polarity(a, i, b, j, false, false, out);
    }
    quantities(a, b, rel, out);
}

/// The first event class on which the two sentences take opposite sides: one negates what the
/// other asserts ("did not leave" vs "left"), or — within the same claim only — they use opposite
/// poles ("rose" vs "fell"). Across different sentences the asserted event must be a plain fact
/// (not future, modal or hedged) and share participants with the negated sentence.
fn event_conflict<'e>(
    ea: &'e [EventMention],
    eb: &'e [EventMention],
    same: bool,
    strong: bool,
    ctx_a: &[u64],
    ctx_b: &[u64],
    negation_echoed: impl Fn(&EventMention, bool) -> bool,
) -> Option<(&'e EventMention, &'e EventMention)> {
    let classes: BTreeSet<&str> = ea.iter().map(|e| e.class).collect();
    for c in classes {
        // a negated event whose negating word the other side writes too is left out: the two
        // differ in how far the negation reaches ("يرفض طلبا بزيادة" / "رفض زيادة")
        let ma: Vec<&EventMention> = ea
            .iter()
            .filter(|e| e.class == c && !(e.negated && negation_echoed(e, true)))
            .collect();
        let mb: Vec<&EventMention> = eb
            .iter()
            .filter(|e| e.class == c && !(e.negated && negation_echoed(e, false)))
            .collect();
        // explicit negation on one side, plain assertion of the same pole on the other
        for (xs, ys, other_ctx, flip) in [(&ma, &mb, ctx_a, false), (&mb, &ma, ctx_b, true)] {
            if ys.iter().any(|e| e.negated) {
                continue;
            }
            for n in xs.iter().filter(|e| e.negated && (same || !e.irrealis)) {
                let hit = ys
                    .iter()
                    .filter(|e| e.pole == n.pole && (same || !e.irrealis))
                    .filter(|e| {
                        same || pairing::shared(&e.local, other_ctx) >= pairing::RELATED_SHARED
                    })
                    .max_by_key(|e| {
                        (
                            pairing::shared(&e.local, other_ctx),
                            std::cmp::Reverse(e.word),
                        )
                    });
                if let Some(p) = hit {
                    return Some(if flip { (*p, *n) } else { (*n, *p) });
                }
            }
        }
        // opposite poles, each side consistent
        let pa: BTreeSet<i8> = ma.iter().map(|e| e.effective()).collect();
        let pb: BTreeSet<i8> = mb.iter().map(|e| e.effective()).collect();
        if same {
            // the same thing goes opposite ways ("الذهب يصعد مع تراجع الدولار" / "تراجع
            // بالذهب مع ارتفاع الدولار"), even when each side names both poles, also in a kin
            // class ("ضعف الدولار" / "ارتفاع الدولار")
            for x in &ma {
                if let Some(y) = eb.iter().find(|y| {
                    !(y.negated && negation_echoed(y, false))
                        && (y.class == c || x.kin.iter().any(|k| k == y.class))
                        && y.effective() != x.effective()
                        && x.head.is_some()
                        && x.head == y.head
                }) {
                    return Some((x, y));
                }
            }
            // near copies with one pole each: the edit flipped the event
            if strong && pa.len() == 1 && pb.len() == 1 && pa != pb {
                return Some((ma[0], mb[0]));
            }
        }
        // both poles on a side, one of them named alike on the other side too ("تقلص
        // توقعاتها لنمو الطلب" / "ترفع توقعاتها بشأن نمو الطلب"): the event both sides share
        // is set aside, and what is left must still take one pole each and share a participant
        if same && (pa.len() > 1 || pb.len() > 1) {
            let (ra, rb) = unshared_events(&ma, &mb);
            let qa: BTreeSet<i8> = ra.iter().map(|e| e.effective()).collect();
            let qb: BTreeSet<i8> = rb.iter().map(|e| e.effective()).collect();
            if qa.len() == 1 && qb.len() == 1 && qa != qb {
                for x in &ra {
                    if let Some(y) = rb.iter().find(|y| pairing::shared(&x.local, &y.local) > 0) {
                        return Some((x, y));
                    }
                }
            }
        }
        if pa.len() == 1 && pb.len() == 1 && pa != pb {
            // across different sentences poles are too often complementary views of one
            // event ("liberation" of the city, "defeat" of the group): same claim only
            // and the two events must share a participant ("275 left" vs "their families
            // stayed" are complementary, not contradictory)
            if same {
                for x in &ma {
                    if let Some(y) = mb.iter().find(|y| pairing::shared(&x.local, &y.local) > 0) {
                        return Some((x, y));
                    }
                }
            }
        }
    }
    None
}

/// The events of one class left on each side once those both sides name alike are paired off:
/// the same pole about the same participants (the same head, else shared participants), most
/// alike first, each event paired at most once.
fn unshared_events<'e>(
    ma: &[&'e EventMention],
    mb: &[&'e EventMention],
) -> (Vec<&'e EventMention>, Vec<&'e EventMention>) {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, x) in ma.iter().enumerate() {
        for (j, y) in mb.iter().enumerate() {
            if x.effective() != y.effective() {
                continue;
            }
            let same_head = x.head.is_some() && x.head == y.head;
            let score = pairing::shared(&x.local, &y.local) + 2 * usize::from(same_head);
            if score > 0 {
                pairs.push((score, i, j));
            }
        }
    }
    pairs.sort_by_key(|&(score, i, j)| (std::cmp::Reverse(score), i, j));
    let (mut used_a, mut used_b) = (vec![false; ma.len()], vec![false; mb.len()]);
    for (_, i, j) in pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
        }
    }
    let left = |m: &[&'e EventMention], used: &[bool]| -> Vec<&'e EventMention> {
        m.iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| *e)
            .collect()
    };
    (left(ma, &used_a), left(mb, &used_b))
}

/// The forms of a word its echo on the other side is compared on: as written and without
/// proclitics or the article ("بالتحرش" / "تحرش").
fn echo_forms(w: &str) -> Vec<&str> {
    let mut out = crate::claims::lexicon::arabic_bare_forms(w);
    out.insert(0, w);
    out
}

/// Is `v` a spelling variant of `w` or, with `full`, a form of the same full root (else a close
/// root), once proclitics are dropped from both?
fn echo_word(w: &str, v: &str, full: bool) -> bool {
    let (fw, fv) = (echo_forms(w), echo_forms(v));
    fw.iter().any(|f| {
        fv.iter().any(|g| {
            spelling_distance(f, g) < SPELLING_VARIANT
                || if full {
                    same_full_root(f, g)
                } else {
                    close_root(f, g)
                }
        })
    })
}

/// Is the negating word at `cue` of `na` written on the other side too, as the same word or a
/// form of its root ("يرفض" / "رفض", "يتراجع عن" / "تراجع")?
fn negation_word_echoed(
    na: &Art<'_>,
    cue: &std::ops::Range<usize>,
    oa: &Art<'_>,
    oc: &SentenceClaims,
) -> bool {
    let Some(first) = na.text(cue).split_whitespace().next() else {
        return false;
    };
    // particles ("لا", "لم") are in too many sentences to say the same negation is meant
    if first.chars().count() < 3 {
        return false;
    }
    let fs = echo_forms(first);
    oc.words.iter().any(|w| {
        let gs = echo_forms(oa.text(&w.span));
        fs.iter()
            .any(|f| gs.iter().any(|g| f == g || same_full_root(f, g)))
    })
}

/// Does the other side write the word that negates `e` (the nearest negation before it)? Then
/// both sides negate, and only the reach of the negation differs: "يرفض طلبا بزيادة
/// الرواتب" / "رفض زيادة الرواتب".
fn negation_echoed(
    na: &Art<'_>,
    nc: &SentenceClaims,
    e: &EventMention,
    oa: &Art<'_>,
    oc: &SentenceClaims,
) -> bool {
    nc.negations
        .iter()
        .chain(&nc.privatives)
        .filter(|ng| ng.span.end <= e.span.start)
        .max_by_key(|ng| ng.span.start)
        .is_some_and(|ng| negation_word_echoed(na, &ng.span, oa, oc))
}

/// Participant overlap score of a cross-sentence event conflict (for picking the best partner).
fn conflict_score(a: &SentenceClaims, b: &SentenceClaims) -> Option<usize> {
    let (ea, eb) = event_conflict(
        &a.events,
        &b.events,
        false,
        false,
        &a.context_keys,
        &b.context_keys,
        |_, _| false,
    )?;
    let la = pairing::shared(&ea.local, &b.context_keys);
    let lb = pairing::shared(&eb.local, &a.context_keys);
    Some(la.max(lb))
}

#[allow(clippy::too_many_arguments)] // reason: both sides and how they relate
fn polarity(
    a: &Art<'_>,
    i: usize,
    b: &Art<'_>,
    j: usize,
    same: bool,
    strong: bool,
    out: &mut Vec<Finding>,
) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    if let Some((ea, eb)) = event_conflict(
        &x.events,
        &y.events,
        same,
        strong,
        &x.context_keys,
        &y.context_keys,
        |e, on_a| {
            if on_a {
                negation_echoed(a, x, e, b, y)
            } else {
                negation_echoed(b, y, e, a, x)
            }
        },
    ) {
        let wa = a.quote(&ea.span);
        let wb = b.quote(&eb.span);
        let desc = |e: &EventMention, w: &str| {
            if e.negated {
                format!("not {w} ({})", e.class)
            } else {
                format!("{w} ({})", e.class)
            }
        };
        let explanation = if ea.negated || eb.negated {
            let (neg, pos) = if ea.negated {
                (a.id, b.id)
            } else {
                (b.id, a.id)
            };
            format!(
                "{neg} says it did not happen; {pos} reports that it did ({}).",
                ea.class
            )
        } else {
            // kin classes ("weakness" of one head against its "rise") name both classes
            let classes = if ea.class == eb.class {
                ea.class.to_string()
            } else {
                format!("{} / {}", ea.class, eb.class)
            };
            format!(
                "{} says \"{wa}\" where {} says \"{wb}\": opposite {classes} claims.",
                a.id, b.id
            )
        };
        out.push(Finding::two_sided(
            K::Polarity,
            S::High,
            explanation,
            side(a, i, Some(focus_with_negation(x, ea)), desc(ea, wa)),
            side(b, j, Some(focus_with_negation(y, eb)), desc(eb, wb)),
        ));
        return;
    }
    // "the same sentence with and without a not" needs near copies
    if !strong || x.negated() == y.negated() {
        return;
    }
    // the same sentence with and without a "not", unless the "not" only flips an event that the
    // other side names by its opposite ("did not rise" vs "fell"), which agrees
    let (neg_side, other) = if x.negated() { (x, y) } else { (y, x) };
    let explained = neg_side.events.iter().any(|e| {
        e.negated
            && other
                .events
                .iter()
                .any(|f| f.class == e.class && f.effective() == e.effective())
    });
    if explained {
        return;
    }
    // every negating word of one side is also on the other ("يحظر" / "حظر", "فشل" twice): the
    // two differ in how far the negation reaches, not in what they claim
    let (neg_pair, other_pair) = if x.negated() {
        ((a, x), (b, y))
    } else {
        ((b, y), (a, x))
    };
    if neg_pair
        .1
        .negations
        .iter()
        .all(|ng| negation_word_echoed(neg_pair.0, &ng.span, other_pair.0, other_pair.1))
    {
        return;
    }
    let (neg_art, neg_i, neg_c, pos_art, pos_i) = if x.negated() {
        (a, i, x, b, j)
    } else {
        (b, j, y, a, i)
    };
    let cue = neg_c.negations.last().map(|c| c.span.clone());
    let cue_text = cue
        .as_ref()
        .map_or(String::new(), |c| neg_art.quote(c).to_string());
    let explanation = format!(
        "{} negates the claim (\"{cue_text}\"); {} asserts it.",
        neg_art.id, pos_art.id
    );
    let mut sides = vec![
        side(neg_art, neg_i, cue, format!("negated: {cue_text}")),
        side(pos_art, pos_i, None, "asserted".to_string()),
    ];
    sides.sort_by_key(|s| s.member);
    out.push(Finding {
        kind: K::Polarity,
        severity: S::High,
        explanation,
        sides,
    });
}

/// Does the tone word at `t` in `x` have a counterpart in `y` (a form of the same root or a
/// spelling variant among y's content words or the words its cues were read from: "مكاسبه" /
/// "يكسب", read as an event)? Then both sides say the same thing in other words.
fn tone_echoed(
    a: &Art<'_>,
    x: &SentenceClaims,
    t: &ToneMention,
    b: &Art<'_>,
    y: &SentenceClaims,
) -> bool {
    // an event word ("تنهار") echoed by the same move on the other side ("انخفاض"), in its
    // class or a kin one ("ضعف" / "انخفاض")
    let same_move = x
        .events
        .iter()
        .filter(|e| e.span == t.span)
        .any(|e| y.events.iter().any(|f| e.same_move(f)));
    if same_move || synonym_in(x, t.word, y) {
        return true;
    }
    let w = a.text(&t.span);
    y.key_spans
        .iter()
        .map(|(_, r)| r)
        .chain(cue_spans(y))
        .any(|r| echo_word(w, b.text(r), false))
}

/// Stricter than [`same_root`]: both words keep at least two root letters and the roots differ
/// by at most one letter ("خسائر" / "يخسر", "تراجع" / "يتراجع"), so that a short word does not
/// count as a form of every tone word.
fn close_root(a: &str, b: &str) -> bool {
    let (short, long) = roots_by_length(a, b);
    short.len() >= 2 && long.len() <= short.len() + 1 && is_subsequence(&short, &long)
}

fn tone_words(art: &Art<'_>, ts: &[&ToneMention]) -> String {
    ts.iter()
        .map(|t| art.quote(&t.span))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same claim framed as good news on one side and bad news on the other ("نجاح" / "فشل",
/// "agreement" / "dispute"), or framed as good or bad news on one side only. Paraphrases keep
/// the framing of what happened; a reprint that turns a success into a failure does not.
fn tone(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let poles =
        |c: &SentenceClaims| -> BTreeSet<i8> { c.tone.iter().map(|t| t.effective()).collect() };
    let (pa, pb) = (poles(x), poles(y));
    let name = |p: i8| if p > 0 { "good news" } else { "bad news" };
    if pa.len() == 1 && pb.len() == 1 && pa != pb {
        let (ta, tb): (Vec<&ToneMention>, Vec<&ToneMention>) =
            (x.tone.iter().collect(), y.tone.iter().collect());
        let (wa, wb) = (tone_words(a, &ta), tone_words(b, &tb));
        let p = *pa.iter().next().unwrap_or(&1);
        out.push(Finding::two_sided(
            K::Polarity,
            S::Medium,
            format!(
                "{} frames it as {} (\"{wa}\"), {} as {} (\"{wb}\").",
                a.id,
                name(p),
                b.id,
                name(-p)
            ),
            side(a, i, Some(ta[0].span.clone()), format!("{}: {wa}", name(p))),
            side(
                b,
                j,
                Some(tb[0].span.clone()),
                format!("{}: {wb}", name(-p)),
            ),
        ));
        return;
    }
    if !TONE_ONE_SIDED {
        return;
    }
    // framed on one side only: a pole one side uses and the other neither uses nor echoes; a
    // question frames nothing ("هل نجحت العقوبات؟")
    for (l, li, lx, n, ni, ny) in [(a, i, x, b, j, y), (b, j, y, a, i, x)] {
        if lx.question {
            continue;
        }
        let other: BTreeSet<i8> = ny.tone.iter().map(|t| t.effective()).collect();
        for p in [-1i8, 1] {
            if other.contains(&p) {
                continue;
            }
            let own: Vec<&ToneMention> = lx
                .tone
                .iter()
                .filter(|t| t.effective() == p && !tone_echoed(l, lx, t, n, ny))
                .collect();
            if own.is_empty() || own.len() < lx.tone.iter().filter(|t| t.effective() == p).count() {
                continue;
            }
            let w = tone_words(l, &own);
            let mut sides = vec![
                side(
                    l,
                    li,
                    Some(own[0].span.clone()),
                    format!("{}: {w}", name(p)),
                ),
                side(n, ni, None, format!("not framed as {}", name(p))),
            ];
            sides.sort_by_key(|s| s.member);
            out.push(Finding {
                kind: K::Wording,
                severity: S::Medium,
                explanation: format!(
                    "{} frames it as {} (\"{w}\"); {} does not.",
                    l.id,
                    name(p),
                    n.id
                ),
                sides,
            });
            return;
        }
    }
}

/// A near copy in which one side reports a change (rose, stopped, left, opened, began, was
/// convicted) and the other names no event of that kind nor a form of the same word: the edit
/// added or removed what happened ("النفط يستقر" / "النفط يرتفع", "وقف قطار الحرمين" / "بدء
/// تشغيل قطار الحرمين" when only one pole is named). Only classes whose lexicon entry keeps
/// `one_sided` (the default) are weighed: evaluative classes and comparatives set it to `false`.
fn one_sided_event(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    for (l, li, lx, n, ni, ny) in [(a, i, x, b, j, y), (b, j, y, a, i, x)] {
        // a question asks whether it happened ("لماذا يهز اقتصاد إيطاليا الأسواق؟")
        if lx.question {
            continue;
        }
        for e in lx.events.iter().filter(|e| !e.irrealis && e.one_sided) {
            // the other side still names what changed (the event's nearest participant, else
            // one of its participants), so the edit replaced the event rather than cutting the
            // clause that carries it
            let kept = match e.head {
                Some(h) => ny.context_keys.binary_search(&h).is_ok(),
                None => pairing::shared(&e.local, &ny.context_keys) > 0,
            };
            // the other side names the same class, or the same move in a kin class ("ارتفاع"
            // / "أعلى مستوى"), for any class the word is read in ("تخسر": a fall and losses)
            let named = lx.events.iter().filter(|d| d.span == e.span).any(|d| {
                ny.events
                    .iter()
                    .any(|f| f.class == d.class || d.same_move(f))
            });
            if !kept || named {
                continue;
            }
            let w = l.text(&e.span);
            let echoed = ny
                .key_spans
                .iter()
                .any(|(_, r)| echo_word(w, n.text(r), false))
                || cue_spans(ny).any(|r| echo_word(w, n.text(r), true));
            if echoed || synonym_in(lx, e.word, ny) {
                continue;
            }
            let mut sides = vec![
                side(l, li, Some(e.span.clone()), format!("{}: {w}", e.class)),
                side(n, ni, None, format!("no {} event", e.class)),
            ];
            sides.sort_by_key(|s| s.member);
            out.push(Finding {
                kind: K::Wording,
                severity: S::Medium,
                explanation: format!("{} reports \"{w}\" ({}); {} does not.", l.id, e.class, n.id),
                sides,
            });
            return;
        }
    }
}

/// Does word `w` of `x` have a synonym (a word of one of its synonym sets in the lexicon) among
/// the words of `y`? Then `y` says the same thing in other words ("تزود" / "تدعم").
fn synonym_in(x: &SentenceClaims, w: usize, y: &SentenceClaims) -> bool {
    x.words
        .get(w)
        .is_some_and(|s| !s.synonyms.is_empty() && y.words.iter().any(|v| s.synonym_of(v)))
}

/// The word slot of `c` at normalised span `r`.
fn slot_at<'c>(c: &'c SentenceClaims, r: &std::ops::Range<usize>) -> Option<&'c WordSlot> {
    c.words.iter().find(|w| w.span == *r)
}

/// A word replaced by a synonym the lexicon lists ("تزود" / "تدعم"): the same claim in other
/// words, still a wording change a desk may want to see, so a low `wording` finding.
const SYNONYMS: &str = "synonyms: the same claim in other words";
const SYNONYM_LABELS: [&str; 2] = ["word", "synonym"];

/// The spans of the words a sentence's cues were read from (events, tone, attribution verbs):
/// not content keys, yet a form of the same word there echoes an event word on the other side
/// ("تخسر" / "خسائر", a tone word; "يتهم" / "أتهم", read as an attribution verb).
fn cue_spans(c: &SentenceClaims) -> impl Iterator<Item = &std::ops::Range<usize>> {
    c.events
        .iter()
        .map(|e| &e.span)
        .chain(c.tone.iter().map(|t| &t.span))
        .chain(c.attributions.iter().map(|a| &a.verb))
}

/// The same root of at least three letters ("تخسر" / "خسائر"): stricter than [`close_root`],
/// for words that are cues themselves, where a two-letter root ("توقف" -> "قف") would make
/// "توقف" a form of "قصف".
fn same_full_root(a: &str, b: &str) -> bool {
    let (short, long) = roots_by_length(a, b);
    short.len() >= 3 && short == long
}

/// Report a claim framed as good or bad news on one side only.
pub const TONE_ONE_SIDED: bool = true;

fn focus_with_negation(c: &SentenceClaims, e: &EventMention) -> std::ops::Range<usize> {
    if !e.negated {
        return e.span.clone();
    }
    let start = c
        .negations
        .iter()
        .filter(|n| n.span.end <= e.span.start)
        .map(|n| n.span.start)
        .max()
        .unwrap_or(e.span.start);
    start..e.span.end
}

fn entity(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let classes: BTreeSet<&str> = x.entities.iter().map(|e| e.class).collect();
    for c in classes {
        let ia: BTreeSet<&str> = x
            .entities
            .iter()
            .filter(|e| e.class == c)
            .map(|e| e.id)
            .collect();
        let ib: BTreeSet<&str> = y
            .entities
            .iter()
            .filter(|e| e.class == c)
            .map(|e| e.id)
            .collect();
        let only_a: Vec<&str> = ia.difference(&ib).copied().collect();
        let only_b: Vec<&str> = ib.difference(&ia).copied().collect();
        if only_a.is_empty() || only_b.is_empty() {
            continue;
        }
        let ea = x
            .entities
            .iter()
            .find(|e| e.id == only_a[0])
            .expect("present");
        let eb = y
            .entities
            .iter()
            .find(|e| e.id == only_b[0])
            .expect("present");
        out.push(replaced(
            K::Entity,
            &format!("Different {c} in the same claim"),
            (a, i, ea.span.clone(), format!("{c}: {}", ea.id)),
            (b, j, eb.span.clone(), format!("{c}: {}", eb.id)),
        ));
    }
}

/// Two cities of one country, each named on one side of the same claim only ("الإسكندرية" /
/// "أسوان", "Aleppo" / "Homs"). A city and its own country are one place ("القاهرة" /
/// "مصر"); a city and another country are already two (see [`entity`]).
fn city(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let cities = |c: &SentenceClaims, country: &str| -> BTreeSet<&str> {
        c.entities
            .iter()
            .filter(|e| e.id == country)
            .filter_map(|e| e.city)
            .collect()
    };
    let countries: BTreeSet<&str> = x
        .entities
        .iter()
        .filter(|e| e.city.is_some())
        .map(|e| e.id)
        .collect();
    for country in countries {
        let (ca, cb) = (cities(x, country), cities(y, country));
        let (Some(only_a), Some(only_b)) = (
            ca.difference(&cb).next().copied(),
            cb.difference(&ca).next().copied(),
        ) else {
            continue;
        };
        let mention = |c: &SentenceClaims, id: &str| {
            c.entities
                .iter()
                .find(|e| e.city == Some(id))
                .expect("present")
                .span
                .clone()
        };
        let (sa, sb) = (mention(x, only_a), mention(y, only_b));
        out.push(replaced(
            K::Entity,
            "Different city in the same claim",
            (a, i, sa, format!("city: {only_a}")),
            (b, j, sb, format!("city: {only_b}")),
        ));
    }
}

/// At most this many content words between the two names on each side of a role swap.
pub const ROLE_SWAP_MAX_BETWEEN: usize = 2;

/// Two entities of one class that trade places around the same word: "الصين تتحدى الولايات
/// المتحدة" / "أميركا تتحدى الصين", "Canada sues the United States" / "The United States sues
/// Canada". Who acts on whom changed. A content word (a form of the same word on both sides)
/// must stand between the two names on each side, and at most [`ROLE_SWAP_MAX_BETWEEN`], so "talks between
/// A and B" / "B and A hold talks" is not a swap.
fn role_swap(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    // the same words in another order (up to spelling) are on the must-not-flag list: a
    // reordering alone is never reported, even when it moves the names
    // (content words, or every word: "إيرباص تهدد بريطانيا" / "بريطانيا تهدد إيرباص")
    let covered = |p: &[&str], q: &[&str]| {
        p.iter().all(|u| {
            q.iter()
                .any(|v| u == v || spelling_distance(u, v) < SPELLING_VARIANT)
        })
    };
    let reordered = |wx: Vec<&str>, wy: Vec<&str>| {
        wx.len() == wy.len() && covered(&wx, &wy) && covered(&wy, &wx)
    };
    fn content<'t>(art: &Art<'t>, c: &SentenceClaims) -> Vec<&'t str> {
        c.key_spans
            .iter()
            .map(|(_, r)| &art.norm.text[r.clone()])
            .collect()
    }
    fn every<'t>(art: &Art<'t>, c: &SentenceClaims) -> Vec<&'t str> {
        c.words
            .iter()
            .map(|w| &art.norm.text[w.span.clone()])
            .collect()
    }
    if reordered(content(a, x), content(b, y)) || reordered(every(a, x), every(b, y)) {
        return;
    }
    let first = |c: &SentenceClaims, id: &str| {
        c.entities
            .iter()
            .filter(|e| e.id == id)
            .min_by_key(|e| e.span.start)
            .cloned()
    };
    let between = |c: &SentenceClaims, lo: usize, hi: usize| -> Vec<std::ops::Range<usize>> {
        c.key_spans
            .iter()
            .filter(|(_, r)| r.start >= lo && r.end <= hi)
            .filter(|(_, r)| {
                !c.entities
                    .iter()
                    .any(|e| e.span.start < r.end && r.start < e.span.end)
            })
            .map(|(_, r)| r.clone())
            .collect()
    };
    for (n, p) in x.entities.iter().enumerate() {
        for q in &x.entities[n + 1..] {
            if p.class != q.class || p.id == q.id {
                continue;
            }
            let (Some(pa), Some(qa)) = (first(x, p.id), first(x, q.id)) else {
                continue;
            };
            let (Some(pb), Some(qb)) = (first(y, p.id), first(y, q.id)) else {
                continue;
            };
            // the same two names on both sides, in opposite orders
            if (pa.span.start < qa.span.start) == (pb.span.start < qb.span.start) {
                continue;
            }
            let (ea, fa) = if pa.span.start < qa.span.start {
                (&pa, &qa)
            } else {
                (&qa, &pa)
            };
            let (eb, fb) = if pb.span.start < qb.span.start {
                (&pb, &qb)
            } else {
                (&qb, &pb)
            };
            let wa = between(x, ea.span.end, fa.span.start);
            let wb = between(y, eb.span.end, fb.span.start);
            // "A acts on B": a short clause between the names, not two clauses around them
            if wa.len() > ROLE_SWAP_MAX_BETWEEN || wb.len() > ROLE_SWAP_MAX_BETWEEN {
                continue;
            }
            let shared = wa.iter().find(|s| {
                wb.iter().any(|t| {
                    let (u, v) = (a.text(s), b.text(t));
                    u == v || spelling_distance(u, v) < SPELLING_VARIANT || close_root(u, v)
                })
            });
            let Some(w) = shared else {
                continue;
            };
            let verb = a.quote(w);
            let (ta, tb) = (a.quote(&ea.span), b.quote(&eb.span));
            out.push(Finding::two_sided(K::Entity, S::Medium, format!(
                    "Roles swapped around \"{verb}\": {} puts \"{ta}\" first, {} puts \"{tb}\" first.",
                    a.id, b.id
                ), side(a, i, Some(ea.span.start..fa.span.end), format!("{}: {ta}", p.class)), side(b, j, Some(eb.span.start..fb.span.end), format!("{}: {tb}", p.class))));
            return;
        }
    }
    out.extend(exchanged_roles(a, i, b, j));
}

/// Two names whose roles trade places (see [`crate::claims::Role`]): "إيرباص تهدد بريطانيا" /
/// "بريطانيا تهدد إيرباص", "a request from Korea to the US" / "from the US to Korea", "China:
/// the US hurts itself" / "Washington: China hurts itself". Each name must have a role on both
/// sides, and the two roles must differ: names joined by "and" or "between" have none, so a
/// symmetric predicate ("talks between A and B" / "B and A agree") is never an exchange.
fn exchanged_roles(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize) -> Option<Finding> {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    // each name's first mention, with its role
    let roles = |c: &SentenceClaims| -> Vec<(&'static str, Role, std::ops::Range<usize>)> {
        let mut seen = BTreeSet::new();
        c.entities
            .iter()
            .filter(|e| seen.insert(e.id))
            .filter_map(|e| Some((e.id, e.role?, e.span.clone())))
            .collect()
    };
    let (rx, ry) = (roles(x), roles(y));
    let in_y = |id: &str| ry.iter().find(|(e, _, _)| *e == id);
    for (n, (p, rp, sp)) in rx.iter().enumerate() {
        for (q, rq, sq) in &rx[n + 1..] {
            let (Some((_, rp2, tp)), Some((_, rq2, tq))) = (in_y(p), in_y(q)) else {
                continue;
            };
            if rp == rq || rp2 != rq || rq2 != rp {
                continue;
            }
            let (pa, qa, pb, qb) = (a.quote(sp), a.quote(sq), b.quote(tp), b.quote(tq));
            let (r1, r2) = (rp.name(), rq.name());
            let explanation = format!(
                "Roles exchanged: {} has \"{pa}\" as {r1} and \"{qa}\" as {r2}, \
                 {} has \"{pb}\" as {r2} and \"{qb}\" as {r1}.",
                a.id, b.id
            );
            let around = |u: &std::ops::Range<usize>, v: &std::ops::Range<usize>| {
                u.start.min(v.start)..u.end.max(v.end)
            };
            return Some(Finding::two_sided(
                K::Entity,
                S::Medium,
                explanation,
                side(a, i, Some(around(sp, sq)), format!("{r1}: {p}, {r2}: {q}")),
                side(b, j, Some(around(tp, tq)), format!("{r1}: {q}, {r2}: {p}")),
            ));
        }
    }
    None
}

fn attribution(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    // wire credits
    let ca: BTreeSet<&str> = x.credits.iter().map(|c| c.agency).collect();
    let cb: BTreeSet<&str> = y.credits.iter().map(|c| c.agency).collect();
    if ca != cb {
        let (with, wi, wc, without, wo) = if ca.len() >= cb.len() {
            (a, i, x, b, j)
        } else {
            (b, j, y, a, i)
        };
        let other: BTreeSet<&str> = if ca.len() >= cb.len() {
            cb.clone()
        } else {
            ca.clone()
        };
        let credit = wc
            .credits
            .iter()
            .find(|c| !other.contains(c.agency))
            .expect("differs");
        let wo_c = &without.claims[wo];
        let explanation = if other.is_empty() {
            format!(
                "{} credits {}; {} carries the same claim without the credit.",
                with.id, credit.agency, without.id
            )
        } else {
            format!(
                "{} credits {}, {} credits {} for the same claim.",
                with.id,
                credit.agency,
                without.id,
                other.iter().copied().collect::<Vec<_>>().join(", ")
            )
        };
        out.push(Finding::two_sided(
            K::Attribution,
            S::Medium,
            explanation,
            side(
                with,
                wi,
                Some(credit.span.clone()),
                format!("credit: {}", credit.agency),
            ),
            side(
                without,
                wo,
                wo_c.credits.first().map(|c| c.span.clone()),
                if other.is_empty() {
                    "no credit".to_string()
                } else {
                    format!(
                        "credit: {}",
                        other.iter().copied().collect::<Vec<_>>().join(", ")
                    )
                },
            ),
        ));
    }
    // said -> claimed
    let (wa, wb) = (weak(x), weak(y));
    if wa.is_some() != wb.is_some() {
        let (wk_art, wk_i, wk, other, oi, oc) = if let Some(w) = wa {
            (a, i, w, b, j, y)
        } else {
            (b, j, wb.expect("one side"), a, i, x)
        };
        if let Some(f) = firm(oc) {
            let (tw, tf) = (wk_art.quote(&wk.verb), other.quote(&f.verb));
            out.push(Finding::two_sided(
                K::Attribution,
                S::Medium,
                format!(
                    "{} reports it as a claim (\"{tw}\") where {} has \"{tf}\".",
                    wk_art.id, other.id
                ),
                side(wk_art, wk_i, Some(wk.verb.clone()), "claimed".to_string()),
                side(
                    other,
                    oi,
                    Some(f.verb.clone()),
                    f.strength.as_str().to_string(),
                ),
            ));
            return;
        }
    }
    // source dropped or changed
    match (x.attributions.first(), y.attributions.first()) {
        (Some(_), None) | (None, Some(_)) => {
            let (has, hi, hc, not, ni) = if x.attributions.is_empty() {
                (b, j, y, a, i)
            } else {
                (a, i, x, b, j)
            };
            let t = &hc.attributions[0];
            let src = t
                .source_span
                .as_ref()
                .map_or(String::new(), |s| format!(" {}", has.quote(s)));
            out.push(Finding::two_sided(
                K::Attribution,
                S::Low,
                format!(
                    "{} attributes the claim (\"{}{src}\"); {} states it without a source.",
                    has.id,
                    has.quote(&t.verb),
                    not.id
                ),
                side(
                    has,
                    hi,
                    Some(t.verb.clone()),
                    format!("attributed: {}", t.strength.as_str()),
                ),
                side(not, ni, None, "unattributed".to_string()),
            ));
        }
        (Some(_), Some(_)) => {
            let sa: BTreeSet<u64> = x
                .attributions
                .iter()
                .flat_map(|t| t.source.iter().copied())
                .collect();
            let sb: BTreeSet<u64> = y
                .attributions
                .iter()
                .flat_map(|t| t.source.iter().copied())
                .collect();
            let named =
                x.attributions[0].source_span.is_some() && y.attributions[0].source_span.is_some();
            if named && !sa.is_empty() && !sb.is_empty() && sa.is_disjoint(&sb) {
                let (ta, tb) = (&x.attributions[0], &y.attributions[0]);
                let srca = ta.source_span.as_ref().map_or("", |s| a.quote(s));
                let srcb = tb.source_span.as_ref().map_or("", |s| b.quote(s));
                out.push(Finding::two_sided(K::Attribution, S::Medium, format!(
                        "Different source for the same claim: {} cites \"{srca}\", {} cites \"{srcb}\".",
                        a.id, b.id
                    ), side(a, i, ta.source_span.clone(), format!("source: {srca}")), side(b, j, tb.source_span.clone(), format!("source: {srcb}"))));
            }
        }
        (None, None) => {}
    }
}

fn weak(c: &SentenceClaims) -> Option<&Attribution> {
    c.attributions.iter().find(|t| t.strength == Strength::Weak)
}

fn firm(c: &SentenceClaims) -> Option<&Attribution> {
    c.attributions.iter().find(|t| t.strength != Strength::Weak)
}

fn hedging(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let hedged = |c: &SentenceClaims| !c.hedges.is_empty() || !c.weak_hedges.is_empty();
    if hedged(x) == hedged(y) {
        return;
    }
    let (h_art, hi, hc, f_art, fi) = if hedged(x) {
        (a, i, x, b, j)
    } else {
        (b, j, y, a, i)
    };
    // "may", "reportedly" weigh more than "expected" or "reports of"; a side that does not
    // state it as fact either ("أوبك تتجه لزيادة الإنتاج", "OPEC plans to raise output": an
    // intended, future or modal event, or a question: "هل فقدت ...؟") differs from "may" in
    // degree only
    let fact = &f_art.claims[fi];
    let intended = fact.events.iter().any(|e| e.irrealis);
    let (cue, severity) = match hc.hedges.first() {
        Some(c) if !intended && !fact.question => (c, S::Medium),
        Some(c) => (c, S::Low),
        None => (&hc.weak_hedges[0], S::Low),
    };
    let t = h_art.quote(&cue.span);
    let other = if fact.question {
        "asks whether it is so"
    } else if intended {
        "reports it as intended or to come"
    } else {
        "states it as fact"
    };
    out.push(Finding::two_sided(
        K::Hedging,
        severity,
        format!(
            "{} hedges the claim (\"{t}\"); {} {other}.",
            h_art.id, f_art.id
        ),
        side(h_art, hi, Some(cue.span.clone()), format!("hedged: {t}")),
        side(f_art, fi, None, "stated as fact".to_string()),
    ));
}

fn wording(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    if !loaded_against_neutral(a, i, b, j, out) {
        loaded_against_neutral(b, j, a, i, out);
    }
}

/// The first loaded term of `l`'s claim whose class `n`'s claim names only neutrally, as a
/// low `wording` finding; whether there was one.
fn loaded_against_neutral(
    l: &Art<'_>,
    li: usize,
    n: &Art<'_>,
    ni: usize,
    out: &mut Vec<Finding>,
) -> bool {
    let (x, y) = (&l.claims[li], &n.claims[ni]);
    for t in x.terms.iter().filter(|t| t.loaded) {
        if y.terms.iter().any(|u| u.class == t.class && u.loaded) {
            continue;
        }
        if let Some(u) = y.terms.iter().find(|u| u.class == t.class && !u.loaded) {
            let (ls, ns) = (t.span.clone(), u.span.clone());
            push_wording(l, li, ls, n, ni, ns, t.class, ["loaded", "neutral"], out);
            return true;
        }
    }
    false
}

#[allow(clippy::too_many_arguments)] // reason: both sides of the finding, spelled out
fn push_wording(
    l: &Art<'_>,
    li: usize,
    ls: std::ops::Range<usize>,
    n: &Art<'_>,
    ni: usize,
    ns: std::ops::Range<usize>,
    what: &str,
    labels: [&str; 2],
    out: &mut Vec<Finding>,
) {
    let (tl, tn) = (l.quote(&ls).to_string(), n.quote(&ns).to_string());
    out.push(Finding::two_sided(
        K::Wording,
        S::Low,
        format!(
            "{} says \"{tl}\" where {} says \"{tn}\" ({what}).",
            l.id, n.id
        ),
        side(l, li, Some(ls), format!("{}: {tl}", labels[0])),
        side(n, ni, Some(ns), format!("{}: {tn}", labels[1])),
    ));
}

/// Keys in `a` and not in `b` (both sorted).
fn only_in(a: &[u64], b: &[u64]) -> Vec<u64> {
    a.iter()
        .copied()
        .filter(|k| b.binary_search(k).is_err())
        .collect()
}

/// Character edit distance over the shorter length: small for spelling variants.
fn spelling_distance(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] as f64 / a.len().min(b.len()).max(1) as f64
}

/// Minimum keys two sentences share besides the swapped word for a substitution.
pub const SUBSTITUTION_CONTEXT: usize = 3;

/// Letters that Arabic morphology adds around a root (article, imperfect and derivation
/// prefixes, long vowels, feminine and plural endings).
const AFFIX_LETTERS: &[char] = &['ا', 'و', 'ي', 'ت', 'ن', 'م', 'س', 'ه', 'ء'];

/// Are two words forms of one root ("يزور" / "زيارة", "يعترف" / "اعتراف")? Compares the
/// letters left once affix letters are dropped. A word with fewer than two letters left
/// ("الروائي", "الصينية": mostly long vowels and endings) cannot be placed and is not a form of
/// the other word: spelling distance still pairs off variants of it. Latin words compare by
/// stem prefix.
fn same_root(a: &str, b: &str) -> bool {
    let arabic = a
        .chars()
        .next()
        .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if !arabic {
        let n = a.len().min(b.len()).min(5);
        return n >= 4 && a.get(..n) == b.get(..n);
    }
    let (short, long) = roots_by_length(a, b);
    short.len() >= 2 && is_subsequence(&short, &long)
}

/// The letters left of two Arabic words once ال and affix letters are dropped, shorter first.
fn roots_by_length(a: &str, b: &str) -> (Vec<char>, Vec<char>) {
    let root = |w: &str| -> Vec<char> {
        let w = w.strip_prefix("ال").unwrap_or(w);
        w.chars().filter(|c| !AFFIX_LETTERS.contains(c)).collect()
    };
    let (ra, rb) = (root(a), root(b));
    if ra.len() <= rb.len() {
        (ra, rb)
    } else {
        (rb, ra)
    }
}

/// Do the letters of `short` appear in `long` in the same order?
fn is_subsequence(short: &[char], long: &[char]) -> bool {
    let mut it = long.iter();
    short.iter().all(|c| it.any(|d| d == c))
}
/// Spelling distance below which two words are variants of one another, not a substitution.
pub const SPELLING_VARIANT: f64 = 0.34;

/// Most content words each side may change for a near copy to count as the same claim with
/// words substituted (a two-word edit: "الممثل الشهير" -> "المغني المعروف").
pub const SUBSTITUTION_MAX_WORDS: usize = 2;

/// The same sentence with one or two words swapped for different ones ("Cannes" -> "Oscars",
/// "women" -> "men"): an edit that changes what the claim is about. Words on the two sides that
/// are spelling variants or forms of one root pair off first; what is left on both sides is the
/// substitution. With two changed words the sentences must share more context.
fn substitution(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let oa = only_in(&x.keys, &y.keys);
    let ob = only_in(&y.keys, &x.keys);
    let changed = oa.len().max(ob.len());
    if oa.is_empty()
        || ob.is_empty()
        || changed > SUBSTITUTION_MAX_WORDS
        || pairing::shared(&x.keys, &y.keys) < SUBSTITUTION_CONTEXT + changed - 1
    {
        return;
    }
    let find = |c: &SentenceClaims, k: u64| {
        c.key_spans
            .binary_search_by_key(&k, |(kk, _)| *kk)
            .ok()
            .map(|p| c.key_spans[p].1.clone())
    };
    let spans = |art: &Art<'_>, c: &SentenceClaims, keys: &[u64]| -> Option<Vec<_>> {
        keys.iter()
            .map(|&k| find(c, k))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().filter(|s| !art.text(s).is_empty()).collect())
    };
    let (Some(mut sa), Some(mut sb)) = (spans(a, x, &oa), spans(b, y, &ob)) else {
        return;
    };
    // spelling variants and forms of one root pair off: not a substitution
    let variant =
        |ta: &str, tb: &str| spelling_distance(ta, tb) < SPELLING_VARIANT || same_root(ta, tb);
    let (sa0, sb0) = (sa.clone(), sb.clone());
    sa.retain(|s| !sb0.iter().any(|t| variant(a.text(s), b.text(t))));
    sb.retain(|t| !sa0.iter().any(|s| variant(a.text(s), b.text(t))));
    if sa.is_empty() || sb.is_empty() {
        return;
    }
    // synonyms the lexicon lists pair off too, and leave a low finding when nothing else changed
    let synonym = |s: &std::ops::Range<usize>, t: &std::ops::Range<usize>| {
        slot_at(x, s)
            .zip(slot_at(y, t))
            .is_some_and(|(u, v)| u.synonym_of(v))
    };
    let (sa0, sb0) = (sa.clone(), sb.clone());
    sa.retain(|s| !sb0.iter().any(|t| synonym(s, t)));
    sb.retain(|t| !sa0.iter().any(|s| synonym(s, t)));
    if sa.is_empty() || sb.is_empty() {
        if let Some((s, t)) = sa0
            .iter()
            .find_map(|s| sb0.iter().find(|t| synonym(s, t)).map(|t| (s, t)))
        {
            push_wording(
                a,
                i,
                s.clone(),
                b,
                j,
                t.clone(),
                SYNONYMS,
                SYNONYM_LABELS,
                out,
            );
        }
        return;
    }
    // a substitution takes the place of the word it replaces: the nearest unchanged content
    // word before or after it is the same on both sides (a paraphrase moves words around)
    let slot = |c: &SentenceClaims, own: &[u64], at: usize| -> (Option<u64>, Option<u64>) {
        let mut pos: Vec<(usize, u64)> = c
            .key_spans
            .iter()
            .filter(|(k, _)| !own.contains(k))
            .map(|(k, r)| (r.start, *k))
            .collect();
        pos.sort_unstable();
        let before = pos.iter().rev().find(|(p, _)| *p < at).map(|&(_, k)| k);
        let after = pos.iter().find(|(p, _)| *p > at).map(|&(_, k)| k);
        (before, after)
    };
    let in_place = sa.iter().any(|s| {
        let (pa, na) = slot(x, &oa, s.start);
        sb.iter().any(|t| {
            let (pb, nb) = slot(y, &ob, t.start);
            (pa.is_some() && pa == pb) || (na.is_some() && na == nb)
        })
    });
    if !in_place || moves_words(x, y) {
        return;
    }
    // a word that frames the headline ("حكاية" / "تعرف على", "كيف أصبحت ...؟" / "أسرار")
    let frame =
        |c: &SentenceClaims, r: &std::ops::Range<usize>| slot_at(c, r).is_some_and(|w| w.frame);
    if sa.iter().any(|r| frame(x, r)) || sb.iter().any(|r| frame(y, r)) {
        return;
    }
    // entities have their own detector
    if sa.iter().all(|s| x.entities.iter().any(|e| e.span == *s))
        && sb.iter().all(|t| y.entities.iter().any(|e| e.span == *t))
    {
        return;
    }
    let words = |art: &Art<'_>, v: &[std::ops::Range<usize>]| {
        v.iter().map(|s| art.quote(s)).collect::<Vec<_>>().join(" ")
    };
    let (ta, tb) = (words(a, &sa), words(b, &sb));
    let explanation = if sa.len() == 1 && sb.len() == 1 {
        format!(
            "The same claim with one word changed: {} has \"{ta}\", {} has \"{tb}\".",
            a.id, b.id
        )
    } else {
        format!(
            "The same claim with words replaced: {} has \"{ta}\", {} has \"{tb}\".",
            a.id, b.id
        )
    };
    out.push(Finding::two_sided(
        K::Wording,
        S::Medium,
        explanation,
        side(a, i, Some(sa[0].clone()), format!("word: {ta}")),
        side(b, j, Some(sb[0].clone()), format!("word: {tb}")),
    ));
}

/// Does one sentence carry a content word of the other in another place? A word swapped in a
/// copy leaves the rest of the sentence where it was; a reworded sentence moves it ("the army
/// retook the town" / "the town was retaken by the army").
fn moves_words(x: &SentenceClaims, y: &SentenceClaims) -> bool {
    let content = |c: &SentenceClaims| -> Vec<u64> {
        c.words
            .iter()
            .filter(|w| w.swappable)
            .map(|w| w.key)
            .collect()
    };
    let (kx, ky) = (content(x), content(y));
    let (mut dropped, mut added) = (BTreeSet::<u64>::new(), BTreeSet::new());
    for op in capture_diff_slices(Algorithm::Myers, &kx, &ky) {
        let (tag, rx, ry) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            dropped.extend(&kx[rx]);
        }
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            added.extend(&ky[ry]);
        }
    }
    !dropped.is_disjoint(&added)
}

/// A copy of the same sentence, word for word, with one content word replaced in its place
/// ("مهرجان كان" / "مهرجان أوسكار", "في يوم" / "في عام", "the women" / "the children"): the
/// one edit changes what the claim says. Spelling variants and forms of one root are the same
/// word; two words the lexicon gives one sense (one event class and pole, one tone, one term or
/// entity class) are left to the detectors of that sense; function words, numbers, dates,
/// negation, hedges and attribution have their own detectors.
fn one_word_swap(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    if x.words.len() != y.words.len() || x.words.len() < ONE_WORD_SWAP_MIN_WORDS {
        return;
    }
    let mut diff = x.words.iter().zip(&y.words).filter(|(u, v)| u.key != v.key);
    let (Some((u, v)), None) = (diff.next(), diff.next()) else {
        return;
    };
    if !u.swappable || !v.swappable || (u.sense.is_some() && u.sense == v.sense) {
        return;
    }
    let (wa, wb) = (a.text(&u.span), b.text(&v.span));
    if spelling_distance(wa, wb) < SPELLING_VARIANT || same_root(wa, wb) {
        return;
    }
    if u.frame || v.frame {
        return;
    }
    if u.synonym_of(v) {
        push_wording(
            a,
            i,
            u.span.clone(),
            b,
            j,
            v.span.clone(),
            SYNONYMS,
            SYNONYM_LABELS,
            out,
        );
        return;
    }
    let (qa, qb) = (a.quote(&u.span), b.quote(&v.span));
    out.push(Finding::two_sided(K::Wording, S::Medium, format!(
            "The same sentence word for word with one word replaced: {} has \"{qa}\", {} has \"{qb}\".",
            a.id, b.id
        ), side(a, i, Some(u.span.clone()), format!("word: {qa}")), side(b, j, Some(v.span.clone()), format!("word: {qb}"))));
}

/// Fewest words a sentence needs for a one-word swap to be weighed.
pub const ONE_WORD_SWAP_MIN_WORDS: usize = 3;

/// Two sentences of one claim that put it on different dates: different calendar days when
/// both sides resolve theirs, else a field of the date both sides state and no value of it in
/// common ("عام 2018" / "عام 2020", "كذبة أبريل" / "كذبة نوفمبر", "الأربعاء" / "الثلاثاء").
/// Only fields the text states are compared: a year is never read off the article date.
fn dates(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let Some((da, db)) = date_conflict(&x.dates, &y.dates) else {
        return;
    };
    out.push(Finding::two_sided(
        K::Quantity,
        S::Medium,
        format!(
            "Different date for the same claim: {} {} (\"{}\"), {} {} (\"{}\").",
            a.id,
            da.describe(),
            a.quote(&da.span),
            b.id,
            db.describe(),
            b.quote(&db.span)
        ),
        side(
            a,
            i,
            Some(da.span.clone()),
            format!("date: {}", da.describe()),
        ),
        side(
            b,
            j,
            Some(db.span.clone()),
            format!("date: {}", db.describe()),
        ),
    ));
}

/// The dates of two sentences that disagree, by the first field (resolved day, year, month,
/// day of month with its month, weekday, Hijri month) both sides state with no value in common.
/// A Hijri and a Gregorian month are two fields, never compared.
fn date_conflict<'d>(
    xa: &'d [DateClaim],
    xb: &'d [DateClaim],
) -> Option<(&'d DateClaim, &'d DateClaim)> {
    let fields: [fn(&DateClaim) -> Option<i64>; 6] = [
        |d| d.resolved,
        |d| d.year.map(i64::from),
        |d| d.month.map(i64::from),
        |d| Some(i64::from(d.month?) * 100 + i64::from(d.day?)),
        |d| d.weekday.map(i64::from),
        |d| d.hijri_month.map(i64::from),
    ];
    for f in fields {
        let va: BTreeSet<i64> = xa.iter().filter_map(f).collect();
        let vb: BTreeSet<i64> = xb.iter().filter_map(f).collect();
        if va.is_empty() || vb.is_empty() || !va.is_disjoint(&vb) {
            continue;
        }
        let da = xa.iter().find(|d| f(d).is_some())?;
        let db = xb.iter().find(|d| f(d).is_some())?;
        return Some((da, db));
    }
    None
}

/// The same word ranked differently in the same claim ("في عامها الرابع والخمسين" / "في عامها
/// الرابع والثلاثين", "from the first and third degree" / "from the second degree"): for a word
/// both sides rank, no rank in common.
fn ranks(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    for oa in &x.ordinals {
        for &noun in &oa.nouns {
            let ranked = |o: &&OrdinalMention| o.nouns.contains(&noun);
            let va: BTreeSet<u32> = x.ordinals.iter().filter(ranked).map(|o| o.value).collect();
            let vb: BTreeSet<u32> = y.ordinals.iter().filter(ranked).map(|o| o.value).collect();
            if vb.is_empty() || !va.is_disjoint(&vb) {
                continue;
            }
            let ob = y.ordinals.iter().find(|o| o.nouns.contains(&noun));
            let Some(ob) = ob else { continue };
            out.push(replaced(
                K::Quantity,
                "Different rank for the same thing",
                (a, i, oa.span.clone(), format!("rank: {}", oa.value)),
                (b, j, ob.span.clone(), format!("rank: {}", ob.value)),
            ));
            return;
        }
    }
}

/// The same claim placed before an event on one side and after it on the other ("قبيل
/// العقوبات" / "بعد العقوبات", "before the vote" / "after the vote"). An anchor the other
/// side also places the same way is not reversed.
fn temporal_order(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let poles = |c: &SentenceClaims, anchor: u64| -> BTreeSet<i8> {
        c.order
            .iter()
            .filter(|o| o.anchor == anchor)
            .map(|o| o.pole)
            .collect()
    };
    for oa in &x.order {
        let Some(ob) = y.order.iter().find(|o| o.anchor == oa.anchor) else {
            continue;
        };
        if poles(x, oa.anchor).len() != 1 || poles(y, oa.anchor).len() != 1 || oa.pole == ob.pole {
            continue;
        }
        let name = |p: i8| if p < 0 { "before" } else { "after" };
        out.push(replaced(
            K::Quantity,
            "Before and after reversed",
            (
                a,
                i,
                oa.span.clone(),
                format!("time order: {}", name(oa.pole)),
            ),
            (
                b,
                j,
                ob.span.clone(),
                format!("time order: {}", name(ob.pole)),
            ),
        ));
        return;
    }
}

/// The same figure counting a different unit of time in the same claim ("عشرة أشهر" / "عشرة
/// سنين", "ten months" / "ten years"). A unit one side also counts elsewhere in the claim is
/// not a replaced one ("ten years and ten months").
fn duration_units(a: &Art<'_>, i: usize, b: &Art<'_>, j: usize, out: &mut Vec<Finding>) {
    let (x, y) = (&a.claims[i], &b.claims[j]);
    let units = |c: &SentenceClaims| -> BTreeSet<u8> {
        c.quantities.iter().filter_map(|q| q.duration).collect()
    };
    let (ua, ub) = (units(x), units(y));
    for qa in &x.quantities {
        let Some(da) = qa.duration.filter(|u| !ub.contains(u)) else {
            continue;
        };
        let qb = y.quantities.iter().find(|qb| {
            qb.duration.is_some_and(|db| db != da && !ua.contains(&db))
                && close(qa.stated.0, qb.stated.0)
                && close(qa.stated.1, qb.stated.1)
        });
        let Some(qb) = qb else { continue };
        out.push(replaced(
            K::Quantity,
            "The same figure in another unit of time",
            (
                a,
                i,
                qa.span.clone(),
                format!("duration: {}", qa.describe()),
            ),
            (
                b,
                j,
                qb.span.clone(),
                format!("duration: {}", qb.describe()),
            ),
        ));
        return;
    }
}

/// Participants (besides the counted noun) two sentences must share for their figures to be
/// compared when the sentences are not the same claim.
pub const QUANTITY_CONTEXT: usize = 3;

/// Score bonus of a candidate figure in the same claim (outranks any participant overlap).
const SAME_CLAIM_SCORE: usize = 100;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Same counted thing? Heads match by key; two head-less figures only in the same claim.
fn same_head(qa: &Quantity, qb: &Quantity, same_sentence: bool) -> bool {
    match (&qa.head, &qb.head) {
        (Some(x), Some(y)) => x == y,
        (None, None) => same_sentence,
        _ => false,
    }
}

pub fn quantities(a: &Art<'_>, b: &Art<'_>, rel: &PairRelations, out: &mut Vec<Finding>) {
    for (i, x) in a.claims.iter().enumerate() {
        for qa in &x.quantities {
            // candidates: same counted thing, in the same claim or a related sentence
            let mut compatible = false;
            let mut best: Option<(usize, usize, &Quantity)> = None; // (score, j, q)
            let mut qualifier: Option<(usize, usize, &Quantity)> = None;
            for (j, y) in b.claims.iter().enumerate() {
                let same = rel.is_same(i, j);
                let ctx = pairing::shared(&x.context_keys, &y.context_keys);
                let head_is_ctx = usize::from(qa.head.is_some());
                let ctx_wo_head = ctx.saturating_sub(head_is_ctx);
                if !same && (ctx_wo_head < QUANTITY_CONTEXT || qa.duration.is_some()) {
                    continue;
                }
                // different events ("killed" vs "left") are different things, whatever the noun
                if !same
                    && !x.events.is_empty()
                    && !y.events.is_empty()
                    && !x
                        .events
                        .iter()
                        .any(|e| y.events.iter().any(|f| f.class == e.class))
                {
                    continue;
                }
                let score = ctx + if same { SAME_CLAIM_SCORE } else { 0 };
                for qb in &y.quantities {
                    if !same_head(qa, qb, same) {
                        continue;
                    }
                    // "more than 35 years" vs "35 years": the same figure, qualified differently;
                    // "more than 80" vs "less than 80" bound it from opposite sides
                    let same_stated = close(qa.stated.0, qb.stated.0)
                        && close(qa.stated.1, qb.stated.1)
                        && qa.bound() * qb.bound() >= 0;
                    if qa.overlaps(qb) || same_stated {
                        compatible = true;
                        let differs = !qa.same_interval(qb)
                            && qa.qualifier != Qualifier::Vague
                            && qb.qualifier != Qualifier::Vague;
                        if differs && qualifier.is_none_or(|(s, _, _)| score > s) {
                            qualifier = Some((score, j, qb));
                        }
                    } else if best.is_none_or(|(s, _, _)| score > s) {
                        best = Some((score, j, qb));
                    }
                }
            }
            if compatible {
                if let Some((score, j, qb)) = qualifier {
                    let (da, db) = (qa.describe(), qb.describe());
                    // "at least 1130" vs "at least 2400": compatible bounds, different figures
                    let same_claim = score >= SAME_CLAIM_SCORE;
                    let stated_differs =
                        !close(qa.stated.0, qb.stated.0) || !close(qa.stated.1, qb.stated.1);
                    let same_cue = qa.approximator == qb.approximator;
                    let (severity, explanation) = if stated_differs && same_claim && same_cue {
                        (
                            S::Medium,
                            format!("Different figures (both hedged or bounded): {} \"{da}\", {} \"{db}\".", a.id, b.id),
                        )
                    } else {
                        (
                            S::Low,
                            format!("Compatible figures, different qualifier: {} \"{da}\", {} \"{db}\".", a.id, b.id),
                        )
                    };
                    out.push(Finding::two_sided(
                        K::Quantity,
                        severity,
                        explanation,
                        side(
                            a,
                            i,
                            Some(qa.span.clone()),
                            format!("{da} {}", qa.interval()),
                        ),
                        side(
                            b,
                            j,
                            Some(qb.span.clone()),
                            format!("{db} {}", qb.interval()),
                        ),
                    ));
                }
                continue;
            }
            if let Some((_, j, qb)) = best {
                let (da, db) = (qa.describe(), qb.describe());
                let what = if qa.bound() * qb.bound() < 0 {
                    "Opposite bounds on the same figure"
                } else {
                    "Different figures for the same thing"
                };
                out.push(Finding::two_sided(
                    K::Quantity,
                    S::High,
                    format!(
                        "{what}: {} says \"{}\", {} says \"{}\".",
                        a.id,
                        a.quote(&qa.span),
                        b.id,
                        b.quote(&qb.span)
                    ),
                    side(a, i, Some(qa.span.clone()), da),
                    side(b, j, Some(qb.span.clone()), db),
                ));
            }
        }
    }
}
