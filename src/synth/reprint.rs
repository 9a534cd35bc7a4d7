//! How outlets make reprints of a wire story, and how a rewrite differs from a reprint.
//!
//! A reprint keeps part of the wire (the lead paragraphs, then a random share of the rest),
//! may add the outlet's own paragraphs, substitutes a few words, changes a number, a qualifier,
//! an attribution verb or adds a hedge, splits and merges sentences, and often drops the agency
//! credit. Every change a divergence detector should (or should not) notice is returned as an
//! [`Edit`] that points into the wire and the reprint by token/paragraph marks.

use super::lexicon::{Lexicon, SynthLang};
use super::rng::Rng;
use super::story::{paragraphs, Credit, Doc, Para, Sent, StoryFacts, Style, Tk, NEW, T};

/// Where an edit sits in the wire text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireRef {
    /// Nothing in the wire (an addition).
    None,
    /// Wire tokens with origins `first..=last`.
    Tokens(u32, u32),
    /// Wire paragraph.
    Para(u32),
    /// The agency credit of the wire dateline.
    Credit,
}

/// Where an edit sits in the reprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkRef {
    /// Nothing in the reprint (an omission).
    None,
    /// The token carrying this mark.
    Token(u32),
    /// The paragraph carrying this mark.
    Para(u32),
}

/// One planted change.
#[derive(Debug, Clone)]
pub struct Edit {
    /// Detector family: `quantity`, `attribution`, `polarity`, `hedging`, `omission`, `addition`.
    pub kind: &'static str,
    /// What was done, e.g. `number_changed`, `credit_removed`.
    pub detail: &'static str,
    /// Severity a detector should give it: `high`, `medium`, `low`.
    pub expect: &'static str,
    pub wire: WireRef,
    pub reprint: MarkRef,
}

/// Counts of the benign edits (which must not be flagged at medium or high).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BenignEdits {
    pub substituted_words: u32,
    pub sentences_split: u32,
    pub sentences_merged: u32,
}

/// A reprint in structured form with its rendering style and planted edits.
#[derive(Debug, Clone)]
pub struct Reprint {
    pub doc: Doc,
    pub style: Style,
    pub edits: Vec<Edit>,
    pub benign: BenignEdits,
}

/// Make one reprint of `wire`. `full` keeps every paragraph (light edits only).
pub fn reprint(
    rng: &mut Rng,
    lex: &Lexicon,
    facts: &StoryFacts,
    wire: &Doc,
    full: bool,
) -> Reprint {
    let mut edits = Vec::new();
    let mut benign = BenignEdits::default();
    let mut next_mark = 0u32;
    let mut mark = || {
        next_mark += 1;
        next_mark
    };

    // 1. Which wire paragraphs survive: the lead, then a random share of the rest.
    let n = wire.paras.len();
    let keep: Vec<bool> = if full {
        vec![true; n]
    } else {
        let f = rng.uniform(0.3, 0.95);
        let lead = ((n as f64 * f * 0.6).round() as usize).clamp(1, n);
        let rest_p = if n > lead {
            ((f * n as f64 - lead as f64) / (n - lead) as f64).clamp(0.0, 1.0)
        } else {
            1.0
        };
        (0..n).map(|i| i < lead || rng.chance(rest_p)).collect()
    };
    let mut paras: Vec<Para> = Vec::with_capacity(n + 4);
    for (i, p) in wire.paras.iter().enumerate() {
        if keep[i] {
            paras.push(p.clone());
        } else {
            let claim = p
                .sents
                .iter()
                .flat_map(|s| &s.toks)
                .any(|t| matches!(t.tk, Tk::Num(_) | Tk::Said));
            edits.push(Edit {
                kind: "omission",
                detail: "paragraph_dropped",
                expect: if claim { "medium" } else { "low" },
                wire: WireRef::Para(i as u32),
                reprint: MarkRef::None,
            });
        }
    }
    let kept_words: usize = paras
        .iter()
        .flat_map(|p| &p.sents)
        .map(|s| s.toks.len())
        .sum();

    // 2. Token edits on the kept wire material.
    let sub_rate = if full { 0.01 } else { 0.02 };
    for p in &mut paras {
        for s in &mut p.sents {
            for t in &mut s.toks {
                if let Tk::Word { rank, prefix } = t.tk {
                    if rank as usize >= lex.real_words && rng.chance(sub_rate) {
                        let delta = (rank / 8).max(3);
                        let lo = rank.saturating_sub(delta).max(lex.real_words as u32);
                        let hi = (rank + delta).min(lex.words.len() as u32 - 1);
                        let new_rank = lo + rng.below((hi - lo + 1) as usize) as u32;
                        if new_rank != rank {
                            t.tk = Tk::Word {
                                rank: new_rank,
                                prefix,
                            };
                            benign.substituted_words += 1;
                        }
                    }
                }
            }
        }
    }
    let positions = |paras: &[Para], want: &dyn Fn(Tk) -> bool| -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        for (pi, p) in paras.iter().enumerate() {
            for (si, s) in p.sents.iter().enumerate() {
                for (ti, t) in s.toks.iter().enumerate() {
                    if t.origin != NEW && want(t.tk) {
                        v.push((pi, si, ti));
                    }
                }
            }
        }
        v
    };
    let mut token_edit = |rng: &mut Rng,
                          paras: &mut [Para],
                          p: f64,
                          want: &dyn Fn(Tk) -> bool,
                          change: &dyn Fn(&mut Rng, Tk) -> Tk,
                          kind: &'static str,
                          detail: &'static str,
                          expect: &'static str| {
        if !rng.chance(p) {
            return;
        }
        let cands = positions(paras, want);
        if cands.is_empty() {
            return;
        }
        let (pi, si, ti) = *rng.pick(&cands);
        let t = &mut paras[pi].sents[si].toks[ti];
        t.tk = change(rng, t.tk);
        t.mark = mark();
        edits.push(Edit {
            kind,
            detail,
            expect,
            wire: WireRef::Tokens(t.origin, t.origin),
            reprint: MarkRef::Token(t.mark),
        });
    };
    token_edit(
        rng,
        &mut paras,
        0.3,
        &|t| matches!(t, Tk::Num(_)),
        &|rng, t| match t {
            Tk::Num(v) => {
                let f = rng.uniform(0.1, 0.5);
                let nv = if rng.chance(0.5) {
                    v as f64 * (1.0 + f)
                } else {
                    v as f64 * (1.0 - f)
                };
                let nv = (nv.round() as u32).max(1);
                Tk::Num(if nv == v { v + 1 } else { nv })
            }
            t => t,
        },
        "quantity",
        "number_changed",
        "high",
    );
    token_edit(
        rng,
        &mut paras,
        0.1,
        &|t| matches!(t, Tk::Approx(_)),
        &|_, t| match t {
            Tk::Approx(m) => Tk::Approx(!m),
            t => t,
        },
        "quantity",
        "qualifier_changed",
        "low",
    );
    token_edit(
        rng,
        &mut paras,
        0.12,
        &|t| t == Tk::Said,
        &|_, _| Tk::Claimed,
        "attribution",
        "said_to_claimed",
        "medium",
    );
    token_edit(
        rng,
        &mut paras,
        0.06,
        &|t| t == Tk::Said,
        &|_, _| Tk::Denied,
        "polarity",
        "said_to_denied",
        "high",
    );
    // A hedge inserted into a kept wire sentence.
    if rng.chance(0.1) {
        let cands: Vec<(usize, usize)> = paras
            .iter()
            .enumerate()
            .flat_map(|(pi, p)| {
                p.sents
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.toks.len() > 3 && s.toks.iter().all(|t| t.origin != NEW))
                    .map(move |(si, _)| (pi, si))
            })
            .collect();
        if !cands.is_empty() {
            let (pi, si) = *rng.pick(&cands);
            let s = &mut paras[pi].sents[si];
            let (first, last) = (s.toks[0].origin, s.toks[s.toks.len() - 1].origin);
            let m = mark();
            s.toks.insert(
                1,
                T {
                    tk: Tk::Hedge,
                    origin: NEW,
                    mark: m,
                },
            );
            edits.push(Edit {
                kind: "hedging",
                detail: "hedge_added",
                expect: "medium",
                wire: WireRef::Tokens(first, last),
                reprint: MarkRef::Token(m),
            });
        }
    }

    // 3. Sentences split at a comma, neighbours merged with "and".
    for p in &mut paras {
        let mut out: Vec<Sent> = Vec::with_capacity(p.sents.len() + 2);
        for s in p.sents.drain(..) {
            let len = s.toks.len();
            let comma = s
                .toks
                .iter()
                .enumerate()
                .position(|(i, t)| t.tk == Tk::Comma && i >= 4 && i + 5 < len);
            match comma {
                Some(c) if len >= 14 && rng.chance(0.3) => {
                    let mut a = s.toks;
                    let b = a.split_off(c + 1);
                    a.pop();
                    out.push(Sent { toks: a });
                    out.push(Sent { toks: b });
                    benign.sentences_split += 1;
                }
                _ => out.push(s),
            }
        }
        let mut merged: Vec<Sent> = Vec::with_capacity(out.len());
        for s in out {
            if let Some(prev) = merged.last_mut() {
                if prev.toks.len() + s.toks.len() <= 55 && rng.chance(0.25) {
                    let glue = |tk| T {
                        tk,
                        origin: NEW,
                        mark: 0,
                    };
                    prev.toks.push(glue(Tk::Comma));
                    prev.toks.push(glue(Tk::And));
                    prev.toks.extend(s.toks);
                    benign.sentences_merged += 1;
                    continue;
                }
            }
            merged.push(s);
        }
        p.sents = merged;
    }

    // 4. The outlet's own paragraphs.
    if rng.chance(if full { 0.15 } else { 0.65 }) {
        let words = (kept_words as f64 * rng.uniform(0.05, 0.8)) as usize;
        let own = paragraphs(rng, lex, facts, words, 0.06);
        let at = match rng.below(10) {
            0..=3 => paras.len(),
            4..=6 => 0,
            _ => rng.below(paras.len() + 1),
        };
        for (i, mut p) in own.into_iter().enumerate() {
            p.mark = mark();
            edits.push(Edit {
                kind: "addition",
                detail: "paragraph_added",
                expect: "low",
                wire: WireRef::None,
                reprint: MarkRef::Para(p.mark),
            });
            paras.insert(at + i, p);
        }
    }

    // 5. The credit.
    let credit = match rng.below(10) {
        0..=4 => Credit::Dateline,
        5..=7 => Credit::PlaceOnly,
        _ => Credit::None,
    };
    if credit != Credit::Dateline {
        edits.push(Edit {
            kind: "attribution",
            detail: "credit_removed",
            expect: "medium",
            wire: WireRef::Credit,
            reprint: MarkRef::None,
        });
    }

    let style = match lex.lang {
        SynthLang::En => Style {
            thousands_sep: rng.chance(0.7),
            ..Style::default()
        },
        SynthLang::Ar => Style {
            arabic_indic: rng.chance(0.25),
            bare_alef: rng.chance(0.2),
            ..Style::default()
        },
    };
    Reprint {
        doc: Doc { paras, credit },
        style,
        edits,
        benign,
    }
}

/// The same story told in an outlet's own words: the story's names and numbers, new sentences,
/// sometimes one wire sentence quoted verbatim. Not a reprint.
pub fn rewrite(rng: &mut Rng, lex: &Lexicon, facts: &StoryFacts, wire: &Doc) -> Doc {
    let words = (wire.token_count() as f64 * rng.uniform(0.5, 1.2)) as usize;
    let mut paras = paragraphs(rng, lex, facts, words, 0.12);
    if rng.chance(0.5) {
        let all: Vec<&Sent> = wire.paras.iter().flat_map(|p| &p.sents).collect();
        if !all.is_empty() {
            let s = (*rng.pick(&all)).clone();
            let pi = rng.below(paras.len());
            paras[pi].sents.push(s);
        }
    }
    Doc {
        paras,
        credit: if rng.chance(0.5) {
            Credit::PlaceOnly
        } else {
            Credit::None
        },
    }
}
