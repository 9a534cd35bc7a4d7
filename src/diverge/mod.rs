//! Diverge stage: compare the claims of a story group's articles and report divergences
//! (with severity, explanation and evidence) and agreements.
//!
//! For every pair of articles the sentences are related twice: *same claim* (aligned, or sharing
//! most content keys) and *related* (sharing participants), see [`pairing`]. Detectors compare
//! claims on those pairs, so a contradiction is found even when the two outlets wrote different
//! sentences. Group-level passes add omissions/additions and agreements. Every divergence id is a
//! fingerprint of its content, independent of input order and thread count.

mod detectors;
pub mod pairing;

use crate::align;
use crate::claims::{self, SentenceClaims};
use crate::report::model::{
    Agreement, Divergence, DivergenceKind, Evidence, Severity, Span, StoryAlignment,
};
use crate::text::Document;
use std::collections::BTreeMap;
use std::ops::Range;

/// One article of a story group, as the divergence detectors see it.
pub struct GroupMember<'a> {
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub original: &'a str,
    pub doc: &'a Document,
}

/// Everything found in one story group.
#[derive(Debug, Default)]
pub struct GroupAnalysis {
    pub alignment: Option<StoryAlignment>,
    pub divergences: Vec<Divergence>,
    pub agreements: Vec<Agreement>,
}

/// One side of a finding, before it is turned into report evidence.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub member: usize,
    pub sentence: usize,
    /// Normalised byte span of the decisive words.
    pub focus: Option<Range<usize>>,
    pub claim: Option<String>,
}

/// A divergence before ids and original spans.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub kind: DivergenceKind,
    pub severity: Severity,
    pub explanation: String,
    pub sides: Vec<Side>,
}

impl Finding {
    /// A finding with one side in each of two articles (most detectors compare two sentences).
    fn two_sided(
        kind: DivergenceKind,
        severity: Severity,
        explanation: String,
        a: Side,
        b: Side,
    ) -> Finding {
        Finding {
            kind,
            severity,
            explanation,
            sides: vec![a, b],
        }
    }
}

/// A group of at least this many articles gets omission and addition checks ("most of the group"
/// needs a majority that can differ from a single outlet).
pub const MIN_GROUP_FOR_OMISSION: usize = 3;
/// Share of an article's sentences another article carries from which the other is a reprint of
/// it: cutting a claim from a reprint matters more than not having written it.
pub const REPRINT_SHARE: f64 = 0.3;

/// Align a story group and run every detector on it. `members` are sorted by id.
pub fn analyze_group(group_id: &str, members: &[GroupMember<'_>]) -> GroupAnalysis {
    let claims: Vec<Vec<SentenceClaims>> = members
        .iter()
        .map(|m| claims::extract(m.doc, m.date))
        .collect();
    let mut pairs = Vec::new();
    for a in 0..members.len() {
        for b in a + 1..members.len() {
            pairs.push(align::align_pair(
                members[a].id,
                members[a].doc,
                members[b].id,
                members[b].doc,
            ));
        }
    }
    let arts: Vec<detectors::Art<'_>> = members
        .iter()
        .enumerate()
        .map(|(k, m)| detectors::Art {
            member: k,
            id: m.id,
            norm: &m.doc.norm,
            original: m.original,
            claims: &claims[k],
        })
        .collect();
    let weights = pairing::KeyWeights::new(claims.iter().flatten());
    let mut findings = Vec::new();
    // relations[a][b] for a < b
    let mut relations: BTreeMap<(usize, usize), pairing::PairRelations> = BTreeMap::new();
    let mut p = 0;
    for a in 0..members.len() {
        for b in a + 1..members.len() {
            let rel = pairing::relate(&claims[a], &claims[b], Some(&pairs[p]), &weights);
            p += 1;
            detectors::detect_pair(&arts[a], &arts[b], &rel, &mut findings);
            // quantities are checked from both sides (a figure only one article qualifies)
            let flipped = pairing::relate(&claims[b], &claims[a], None, &weights);
            detectors::quantities(&arts[b], &arts[a], &flipped, &mut findings);
            relations.insert((a, b), rel);
        }
    }
    omissions(members, &claims, &relations, &mut findings);
    let mut divergences: Vec<Divergence> = findings
        .into_iter()
        .map(|f| to_divergence(group_id, members, f))
        .collect();
    divergences.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.id.cmp(&b.id))
    });
    divergences.dedup_by(|a, b| a.id == b.id);
    // the same pair of figures (or cues) found through two sentences of one article: keep one
    let mut seen = std::collections::BTreeSet::new();
    divergences.retain(|d| {
        let mut key: Vec<(String, String)> = d
            .evidence
            .iter()
            .map(|e| {
                let focus = e.focus.map_or(e.text.clone(), |f| {
                    members
                        .iter()
                        .find(|m| m.id == e.article)
                        .and_then(|m| m.original.get(f.start..f.end))
                        .unwrap_or("")
                        .to_string()
                });
                (e.article.clone(), focus)
            })
            .collect();
        key.sort();
        seen.insert((d.kind, key))
    });
    let agreements = agreements(group_id, members, &claims, &relations);
    GroupAnalysis {
        alignment: (members.len() >= 2).then(|| StoryAlignment {
            group: group_id.to_string(),
            pairs,
        }),
        divergences,
        agreements,
    }
}

fn evidence(members: &[GroupMember<'_>], s: &Side) -> Evidence {
    let m = &members[s.member];
    let sent = &m.doc.sentences[s.sentence];
    Evidence {
        article: m.id.to_string(),
        sentence: s.sentence,
        span: Span {
            start: sent.original.start,
            end: sent.original.end,
        },
        text: m.original[sent.original.clone()].to_string(),
        focus: s.focus.clone().map(|r| {
            let o = m.doc.norm.original_range(r);
            Span {
                start: o.start,
                end: extend_over_marks(m.original, o.end),
            }
        }),
        claim: s.claim.clone(),
    }
}

/// Move `end` past combining marks (Arabic tanwin, shadda) that normalisation dropped, so that
/// a focus span covers the whole written word.
fn extend_over_marks(original: &str, mut end: usize) -> usize {
    while let Some(c) = original.get(end..).and_then(|r| r.chars().next()) {
        if matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}') {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Stable fingerprint: kind, sorted article ids, sorted normalised evidence (sentence and focus).
fn fingerprint(
    prefix: &str,
    kind: &str,
    members: &[GroupMember<'_>],
    sides: &[Side],
    extra: &[String],
) -> String {
    let mut ids: Vec<&str> = sides.iter().map(|s| members[s.member].id).collect();
    ids.extend(extra.iter().map(String::as_str));
    ids.sort_unstable();
    ids.dedup();
    let mut texts: Vec<String> = sides
        .iter()
        .map(|s| {
            let d = members[s.member].doc;
            let focus = s.focus.clone().map_or("", |r| &d.norm.text[r]);
            format!("{}\u{1f}{}", d.sentence_norm(s.sentence), focus)
        })
        .collect();
    texts.sort_unstable();
    let mut h = xxhash_rust::xxh3::Xxh3::with_seed(0);
    h.update(kind.as_bytes());
    h.update(&[0]);
    for id in ids {
        h.update(id.as_bytes());
        h.update(&[0]);
    }
    for t in texts {
        h.update(t.as_bytes());
        h.update(&[0]);
    }
    format!("{prefix}-{:016x}", h.digest())
}

fn to_divergence(group_id: &str, members: &[GroupMember<'_>], mut f: Finding) -> Divergence {
    f.sides.sort_by(|x, y| {
        members[x.member]
            .id
            .cmp(members[y.member].id)
            .then(x.sentence.cmp(&y.sentence))
    });
    // omissions name the outlet that lacks the sentence in the explanation only; keep it in the id
    let extra: Vec<String> = if matches!(f.kind, DivergenceKind::Omission) {
        vec![f.explanation.clone()]
    } else {
        Vec::new()
    };
    Divergence {
        id: fingerprint("d", f.kind.as_str(), members, &f.sides, &extra),
        kind: f.kind,
        severity: f.severity,
        group: group_id.to_string(),
        explanation: f.explanation,
        evidence: f.sides.iter().map(|s| evidence(members, s)).collect(),
    }
}

fn summary_of(c: &SentenceClaims) -> String {
    let mut parts = Vec::new();
    if let Some(q) = c.quantities.first() {
        parts.push(q.describe());
    }
    if c.negated() {
        parts.push("negated".to_string());
    }
    if let Some(cr) = c.credits.first() {
        parts.push(format!("credit {}", cr.agency));
    }
    if parts.is_empty() && !c.attributions.is_empty() {
        parts.push("attributed".to_string());
    }
    if parts.is_empty() {
        parts.push("claim".to_string());
    }
    parts.join(", ")
}

/// Omission: a claim-bearing sentence most of the group carries and one outlet lacks.
/// Addition: a claim-bearing sentence only one outlet of a reprint cluster carries.
fn omissions(
    members: &[GroupMember<'_>],
    claims: &[Vec<SentenceClaims>],
    relations: &BTreeMap<(usize, usize), pairing::PairRelations>,
    out: &mut Vec<Finding>,
) {
    let n = members.len();
    if n < MIN_GROUP_FOR_OMISSION {
        return;
    }
    // partner[x][s] = for each other member y, the first sentence of y carrying (x, s)
    let mut partner: Vec<Vec<BTreeMap<usize, usize>>> = claims
        .iter()
        .map(|c| vec![BTreeMap::new(); c.len()])
        .collect();
    for (&(a, b), rel) in relations {
        for &(i, j) in &rel.same {
            partner[a][i].entry(b).or_insert(j);
            partner[b][j].entry(a).or_insert(i);
        }
    }
    // share of x's sentences that y carries
    let share = |x: usize, y: usize| {
        let total = claims[x].len().max(1);
        partner[x].iter().filter(|p| p.contains_key(&y)).count() as f64 / total as f64
    };
    for x in 0..n {
        for (s, c) in claims[x].iter().enumerate() {
            if !c.is_claim_bearing() {
                continue;
            }
            let carriers = &partner[x][s];
            let weighty =
                !c.quantities.is_empty() || !c.negations.is_empty() || !c.credits.is_empty();
            if carriers.is_empty() {
                // addition: only x carries it, though x reprints another member
                let reprint = (0..n).any(|y| y != x && share(x, y) >= REPRINT_SHARE);
                if reprint {
                    out.push(Finding {
                        kind: DivergenceKind::Addition,
                        severity: Severity::Low,
                        explanation: format!(
                            "Only {} carries this claim ({}).",
                            members[x].id,
                            summary_of(c)
                        ),
                        sides: vec![Side {
                            member: x,
                            sentence: s,
                            focus: None,
                            claim: Some(summary_of(c)),
                        }],
                    });
                }
                continue;
            }
            if (carriers.len() + 1) * 2 <= n {
                continue;
            }
            // report each omission once: from the carrier with the smallest index
            if carriers.keys().next().is_some_and(|&first| first < x) {
                continue;
            }
            for z in 0..n {
                if z == x || carriers.contains_key(&z) {
                    continue;
                }
                let reprint = share(x, z) >= REPRINT_SHARE || share(z, x) >= REPRINT_SHARE;
                let severity = if reprint && weighty {
                    Severity::Medium
                } else {
                    Severity::Low
                };
                let mut sides = vec![Side {
                    member: x,
                    sentence: s,
                    focus: c.quantities.first().map(|q| q.span.clone()),
                    claim: Some(summary_of(c)),
                }];
                for (&y, &j) in carriers {
                    sides.push(Side {
                        member: y,
                        sentence: j,
                        focus: None,
                        claim: Some(summary_of(&claims[y][j])),
                    });
                }
                let mut by: Vec<&str> = std::iter::once(x)
                    .chain(carriers.keys().copied())
                    .map(|k| members[k].id)
                    .collect();
                by.sort_unstable();
                out.push(Finding {
                    kind: DivergenceKind::Omission,
                    severity,
                    explanation: format!(
                        "{} leaves out a claim carried by {} ({}).",
                        members[z].id,
                        by.join(", "),
                        summary_of(c)
                    ),
                    sides,
                });
            }
        }
    }
}

/// Claims carried consistently by several outlets: the same figure for the same thing, the same
/// wire credit on the same claim.
fn agreements(
    group_id: &str,
    members: &[GroupMember<'_>],
    claims: &[Vec<SentenceClaims>],
    relations: &BTreeMap<(usize, usize), pairing::PairRelations>,
) -> Vec<Agreement> {
    // key -> member -> first side
    let mut found: BTreeMap<String, BTreeMap<usize, Side>> = BTreeMap::new();
    let mut add = |key: String, side: Side| {
        found
            .entry(key)
            .or_default()
            .entry(side.member)
            .or_insert(side);
    };
    for (&(a, b), rel) in relations {
        for (i, x) in claims[a].iter().enumerate() {
            for (j, y) in claims[b].iter().enumerate() {
                let same = rel.is_same(i, j);
                let ctx = pairing::shared(&x.context_keys, &y.context_keys);
                if !same && ctx < 3 {
                    continue;
                }
                for qa in &x.quantities {
                    // "dozens" agreeing with "dozens" corroborates nothing
                    if qa.head.is_none() || qa.qualifier == claims::Qualifier::Vague {
                        continue;
                    }
                    for qb in y
                        .quantities
                        .iter()
                        .filter(|qb| qb.head == qa.head && qa.same_interval(qb))
                    {
                        let key = format!("figure: {}", qa.describe());
                        add(
                            key.clone(),
                            Side {
                                member: a,
                                sentence: i,
                                focus: Some(qa.span.clone()),
                                claim: Some(qa.describe()),
                            },
                        );
                        add(
                            key,
                            Side {
                                member: b,
                                sentence: j,
                                focus: Some(qb.span.clone()),
                                claim: Some(qb.describe()),
                            },
                        );
                    }
                }
                if same {
                    for ca in &x.credits {
                        if let Some(cb) = y.credits.iter().find(|c| c.agency == ca.agency) {
                            let key = format!("credit: {}", ca.agency);
                            add(
                                key.clone(),
                                Side {
                                    member: a,
                                    sentence: i,
                                    focus: Some(ca.span.clone()),
                                    claim: Some(key.clone()),
                                },
                            );
                            add(
                                key.clone(),
                                Side {
                                    member: b,
                                    sentence: j,
                                    focus: Some(cb.span.clone()),
                                    claim: Some(key),
                                },
                            );
                        }
                    }
                }
            }
        }
    }
    let mut out: Vec<Agreement> = found
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(key, m)| {
            let sides: Vec<Side> = m.into_values().collect();
            let articles: Vec<String> = sides
                .iter()
                .map(|s| members[s.member].id.to_string())
                .collect();
            let summary = format!("{} outlets agree on {}.", articles.len(), key);
            Agreement {
                id: fingerprint("a", &key, members, &sides, &[]),
                group: group_id.to_string(),
                summary,
                articles,
                evidence: sides.iter().map(|s| evidence(members, s)).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests;
