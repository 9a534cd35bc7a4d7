//! The HTML report: one self-contained page a journalist can open from disk, forward and print.
//!
//! The page is rendered by `minijinja` from `templates/report.html` with HTML auto-escaping, so
//! every piece of article text and metadata is escaped by the template engine. The only values
//! that bypass escaping are the page's own stylesheet and script (compile-time constants) and the
//! JSON index for the script, which is escaped here so it cannot leave its `<script>` element.
//! A Content-Security-Policy meta tag allows exactly that stylesheet and script (by hash) and
//! nothing else: no network, no other script, no other style.
//!
//! The view is computed here, in plain Rust, from the [`Report`] alone: this module never reaches
//! back into the pipeline, so any JSON report (old or new) can be rendered.

use super::model::{
    AlignedPair, ArticleEntry, Divergence, Report, Severity, Span, StoryAlignment, StoryGroup,
};
use base64::Engine as _;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const TEMPLATE: &str = include_str!("templates/report.html");
const CSS: &str = include_str!("templates/report.css");
const JS: &str = include_str!("templates/report.js");

/// Below this sentence similarity an aligned pair is a paraphrase, not an edit of the same copy:
/// a word diff would mark nearly every word, so none is shown.
const MIN_DIFF_SIMILARITY: f64 = 0.35;

/// Why the HTML report could not be rendered: a bug in the template (never in the data), or the
/// page could not be written.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The template failed to compile or render, or writing the page failed.
    #[error("cannot render the HTML report: {0:#}")]
    Template(#[from] minijinja::Error),
}

/// Render `report` as one self-contained HTML page (inline CSS and JS, no external request).
///
/// The output depends only on the report, so identical reports give byte-identical pages.
pub fn render(report: &Report) -> Result<String, HtmlError> {
    let mut page = Vec::new();
    render_to(report, &mut page)?;
    Ok(String::from_utf8(page).expect("the template engine writes UTF-8"))
}

/// Render `report` as [`render`] does, streaming the page into `out` (a large batch's page is
/// never held in memory whole).
pub fn render_to<W: std::io::Write>(report: &Report, out: W) -> Result<(), HtmlError> {
    let view = build_view(report);
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let tmpl = env.get_template("report.html")?;
    tmpl.render_captured_to(
        context! {
            r => Value::from_serialize(&view),
            css => Value::from_safe_string(CSS.to_string()),
            js => Value::from_safe_string(JS.to_string()),
            data_json => Value::from_safe_string(script_json(&view.data)),
            csp => content_security_policy(),
        },
        out,
    )?;
    Ok(())
}

/// The Content-Security-Policy of the page: only the page's own inline style and script (pinned
/// by their SHA-256), `data:` images (the empty favicon), nothing from the network.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(CSS),
        csp_hash(JS)
    )
}

fn csp_hash(source: &str) -> String {
    let digest = Sha256::digest(source.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Serialise data for a `<script type="application/json">` element so that nothing in it can end
/// the element or be read as markup: `<`, `>`, `&` and the JavaScript line separators U+2028 and
/// U+2029 become `\u` escapes (still the same JSON value).
pub fn script_json<T: Serialize>(data: &T) -> String {
    let json = serde_json::to_string(data).expect("view data is always serialisable");
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A link target for metadata URLs: only `http(s)` URLs become clickable; anything else
/// (`javascript:`, `data:`, relative paths) is shown as text.
pub fn safe_href(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| u.to_string())
}

/// Writing direction of a text block from its language tag: `rtl` for right-to-left scripts,
/// `auto` when the language is unknown, else `ltr`.
pub fn text_dir(lang: &str) -> &'static str {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "arz" | "apc" | "fa" | "he" | "iw" | "ur" | "ps" | "ckb" | "yi" | "dv" | "sd"
        | "ug" => "rtl",
        "" | "und" | "unknown" | "mul" | "zxx" => "auto",
        _ => "ltr",
    }
}

// ---------------------------------------------------------------------------------------------
// The view: what the template shows, computed from the report.

#[derive(Serialize)]
struct View {
    title: String,
    tool: String,
    stats: Stats,
    outlets: Vec<Count>,
    matrix: Vec<MatrixRow>,
    matrix_total: MatrixRow,
    articles: Vec<ArticleView>,
    skipped: Vec<(String, String)>,
    limits: Vec<(String, String)>,
    clusters: Vec<ClusterView>,
    groups: Vec<GroupView>,
    ungrouped: Option<GroupView>,
    divergences: Vec<DivView>,
    loose: Vec<DivView>,
    filters: Filters,
    data: ScriptData,
}

#[derive(Serialize)]
struct Stats {
    articles: usize,
    outlets: usize,
    skipped: usize,
    clusters: usize,
    groups: usize,
    divergences: usize,
    high: usize,
    agreements: usize,
}

#[derive(Serialize)]
struct Count {
    name: String,
    count: usize,
}

#[derive(Serialize, Clone)]
struct MatrixRow {
    kind: String,
    high: usize,
    medium: usize,
    low: usize,
    total: usize,
}

#[derive(Serialize)]
struct ArticleView {
    id: String,
    label: String,
    date: Option<String>,
    title: Option<String>,
    href: Option<String>,
    url: Option<String>,
    lang: String,
    dir: &'static str,
    source: String,
    sentences: usize,
    wire_share: f64,
    wire_pct: String,
    credits: Vec<String>,
    shares_with: Vec<String>,
    /// Agencies credited by articles this one shares text with, but not by this one.
    missing_credits: Vec<String>,
    group: Option<String>,
}

#[derive(Serialize)]
struct ClusterView {
    id: String,
    members: Vec<String>,
    pairs: Vec<PairView>,
}

#[derive(Serialize)]
struct PairView {
    a: String,
    b: String,
    jaccard: String,
    containment: String,
}

#[derive(Serialize)]
struct GroupView {
    id: String,
    anchor: String,
    number: usize,
    columns: Vec<ColumnView>,
    rows: Vec<RowView>,
    aligned: bool,
    reference: Option<String>,
    links: Vec<LinkView>,
    agreements: Vec<AgreementView>,
    divergences: usize,
}

#[derive(Serialize)]
struct ColumnView {
    id: String,
    label: String,
    date: Option<String>,
    title: Option<String>,
    lang: String,
    dir: &'static str,
    reference: bool,
    wire_pct: String,
}

#[derive(Serialize)]
struct RowView {
    gap: bool,
    moved: bool,
    cells: Vec<CellView>,
    divs: Vec<DivView>,
}

#[derive(Serialize, Default)]
struct CellView {
    sents: Vec<SentView>,
    dir: &'static str,
    lang: String,
}

#[derive(Serialize)]
struct SentView {
    anchor: String,
    segs: Vec<Seg>,
    pins: Vec<PinView>,
    agrees: usize,
    sev: Option<&'static str>,
}

#[derive(Serialize, Clone)]
struct PinView {
    id: String,
    n: usize,
    sev: &'static str,
    kind: &'static str,
}

/// A run of text with an optional class: `add`, `chg`, `del`, `old` (diff) or `focus`.
#[derive(Serialize, Clone, Debug, PartialEq)]
struct Seg {
    t: String,
    c: Option<&'static str>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
struct ExplanationPart {
    t: String,
    q: bool,
}

/// Split an explanation at its double quotes; odd pieces are quotations.
fn explanation_parts(explanation: &str) -> Vec<ExplanationPart> {
    let pieces: Vec<&str> = explanation.split('"').collect();
    // an unbalanced quote mark: keep the text whole
    if pieces.len().is_multiple_of(2) {
        return vec![ExplanationPart {
            t: explanation.to_string(),
            q: false,
        }];
    }
    pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| ExplanationPart {
            t: p.to_string(),
            q: i % 2 == 1,
        })
        .collect()
}

#[derive(Serialize, Clone)]
struct DivView {
    id: String,
    n: usize,
    kind: &'static str,
    sev: &'static str,
    explanation: String,
    /// The explanation cut at its double quotes: quoted article text (`q: true`) is shown
    /// isolated (`<bdi>`) so Arabic quotes do not reorder the ids and words around them.
    explanation_parts: Vec<ExplanationPart>,
    group: String,
    group_anchor: Option<String>,
    outlets: Vec<String>,
    evidence: Vec<EvidenceView>,
}

#[derive(Serialize, Clone)]
struct EvidenceView {
    label: String,
    date: Option<String>,
    dir: &'static str,
    lang: String,
    claim: Option<String>,
    segs: Vec<Seg>,
    target: Option<String>,
}

#[derive(Serialize)]
struct AgreementView {
    id: String,
    summary: String,
    outlets: Vec<String>,
    evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
struct LinkView {
    a: String,
    b: String,
    kind: String,
    score: String,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct Filters {
    kinds: Vec<&'static str>,
    severities: Vec<&'static str>,
    outlets: Vec<String>,
}

/// What the page script needs: per divergence, the values the filters test.
#[derive(Serialize)]
struct ScriptData {
    divergences: Vec<ScriptDivergence>,
}

#[derive(Serialize)]
struct ScriptDivergence {
    id: String,
    kind: &'static str,
    severity: &'static str,
    outlets: Vec<String>,
}

/// Everything the view needs about one article, looked up by id.
struct Lookup<'r> {
    index: HashMap<&'r str, usize>,
    articles: &'r [ArticleEntry],
}

impl<'r> Lookup<'r> {
    fn new(articles: &'r [ArticleEntry]) -> Self {
        let index = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        Lookup { index, articles }
    }

    fn get(&self, id: &str) -> Option<&'r ArticleEntry> {
        self.index.get(id).map(|&i| &self.articles[i])
    }

    /// The outlet, or the article id when the outlet is unknown.
    fn label(&self, id: &str) -> String {
        match self.get(id) {
            Some(a) => outlet_label(a),
            None => id.to_string(),
        }
    }
}

fn outlet_label(a: &ArticleEntry) -> String {
    match a.outlet.as_deref().map(str::trim) {
        Some(o) if !o.is_empty() => o.to_string(),
        _ => a.id.clone(),
    }
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
    } else {
        "–".into()
    }
}

fn build_view(report: &Report) -> View {
    let lookup = Lookup::new(&report.articles);
    let group_of: HashMap<&str, &StoryGroup> = report
        .story_groups
        .iter()
        .flat_map(|g| g.articles.iter().map(move |a| (a.as_str(), g)))
        .collect();
    let group_anchor: HashMap<&str, String> = report
        .story_groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), format!("story-{}", i + 1)))
        .collect();

    // Divergences, numbered in report order (the report sorts them by severity, kind, id).
    let divs: Vec<DivView> = report
        .divergences
        .iter()
        .enumerate()
        .map(|(i, d)| div_view(d, i + 1, &lookup, &group_anchor))
        .collect();

    let stats = Stats {
        articles: report.articles.len(),
        outlets: report
            .articles
            .iter()
            .map(outlet_label)
            .collect::<BTreeSet<_>>()
            .len(),
        skipped: report.skipped.len(),
        clusters: report.reprint_clusters.len(),
        groups: report.story_groups.len(),
        divergences: report.divergences.len(),
        high: report
            .divergences
            .iter()
            .filter(|d| d.severity == Severity::High)
            .count(),
        agreements: report.agreements.len(),
    };

    let mut outlet_counts: BTreeMap<String, usize> = BTreeMap::new();
    for a in &report.articles {
        *outlet_counts.entry(outlet_label(a)).or_default() += 1;
    }
    let outlets = outlet_counts
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();

    let (matrix, matrix_total) = severity_matrix(&report.divergences);
    let articles = article_views(report, &lookup, &group_of, &group_anchor);

    let clusters = report
        .reprint_clusters
        .iter()
        .map(|c| ClusterView {
            id: c.id.clone(),
            members: c
                .articles
                .iter()
                .map(|a| member_label(&lookup, a))
                .collect(),
            pairs: c
                .pairs
                .iter()
                .map(|p| PairView {
                    a: member_label(&lookup, &p.a),
                    b: member_label(&lookup, &p.b),
                    jaccard: pct(p.jaccard),
                    containment: pct(p.containment),
                })
                .collect(),
        })
        .collect();

    let alignment_of: HashMap<&str, &StoryAlignment> = report
        .alignments
        .iter()
        .map(|a| (a.group.as_str(), a))
        .collect();
    // Each group's divergences, with the report entry each view was made from (same order).
    let mut divs_of: HashMap<&str, Vec<(&DivView, &Divergence)>> = HashMap::new();
    for (v, d) in divs.iter().zip(&report.divergences) {
        divs_of.entry(v.group.as_str()).or_default().push((v, d));
    }
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let groups: Vec<GroupView> = report
        .story_groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let gv = group_view(
                report,
                g,
                i + 1,
                alignment_of.get(g.id.as_str()).copied(),
                divs_of.get(g.id.as_str()).map_or(&[], Vec::as_slice),
                &lookup,
            );
            for row in &gv.rows {
                placed.extend(row.divs.iter().map(|d| d.id.clone()));
            }
            gv
        })
        .collect();
    let loose: Vec<DivView> = divs
        .iter()
        .filter(|d| !placed.contains(&d.id))
        .cloned()
        .collect();

    let ungrouped_ids: Vec<String> = report
        .articles
        .iter()
        .filter(|a| !group_of.contains_key(a.id.as_str()))
        .map(|a| a.id.clone())
        .collect();
    let ungrouped = (!ungrouped_ids.is_empty()).then(|| {
        let pseudo = StoryGroup {
            id: String::new(),
            articles: ungrouped_ids,
            links: Vec::new(),
        };
        group_view(report, &pseudo, 0, None, &[], &lookup)
    });

    let mut kinds: Vec<_> = report.divergences.iter().map(|d| d.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut sevs: Vec<_> = report.divergences.iter().map(|d| d.severity).collect();
    sevs.sort_by(|a, b| b.cmp(a));
    sevs.dedup();
    let filter_outlets: BTreeSet<String> = divs.iter().flat_map(|d| d.outlets.clone()).collect();
    let filters = Filters {
        kinds: kinds.iter().map(|k| k.as_str()).collect(),
        severities: sevs.iter().map(|s| s.as_str()).collect(),
        outlets: filter_outlets.into_iter().collect(),
    };
    let data = ScriptData {
        divergences: divs
            .iter()
            .map(|d| ScriptDivergence {
                id: d.id.clone(),
                kind: d.kind,
                severity: d.sev,
                outlets: d.outlets.clone(),
            })
            .collect(),
    };

    let title = if stats.divergences > 0 {
        format!(
            "copydesk: {} articles, {} divergences",
            stats.articles, stats.divergences
        )
    } else {
        format!("copydesk: {} articles", stats.articles)
    };
    View {
        title,
        tool: format!("{} {}", report.tool.name, report.tool.version),
        stats,
        outlets,
        matrix,
        matrix_total,
        articles,
        skipped: report
            .skipped
            .iter()
            .map(|s| (s.source.clone(), s.reason.clone()))
            .collect(),
        limits: report
            .limits_hit
            .iter()
            .map(|l| (l.limit.clone(), l.detail.clone()))
            .collect(),
        clusters,
        groups,
        ungrouped,
        divergences: divs,
        loose,
        filters,
        data,
    }
}

/// `Outlet · date` (or the id), to tell apart two articles of the same outlet.
fn member_label(lookup: &Lookup<'_>, id: &str) -> String {
    match lookup.get(id) {
        Some(a) => match &a.date {
            Some(d) => format!("{} · {}", outlet_label(a), d),
            None => outlet_label(a),
        },
        None => id.to_string(),
    }
}

fn severity_matrix(divergences: &[Divergence]) -> (Vec<MatrixRow>, MatrixRow) {
    let mut rows: BTreeMap<_, MatrixRow> = BTreeMap::new();
    let mut total = MatrixRow {
        kind: "all kinds".into(),
        high: 0,
        medium: 0,
        low: 0,
        total: 0,
    };
    for d in divergences {
        let row = rows.entry(d.kind).or_insert_with(|| MatrixRow {
            kind: d.kind.as_str().into(),
            high: 0,
            medium: 0,
            low: 0,
            total: 0,
        });
        for r in [row, &mut total] {
            match d.severity {
                Severity::High => r.high += 1,
                Severity::Medium => r.medium += 1,
                Severity::Low => r.low += 1,
            }
            r.total += 1;
        }
    }
    (rows.into_values().collect(), total)
}

fn article_views(
    report: &Report,
    lookup: &Lookup<'_>,
    group_of: &HashMap<&str, &StoryGroup>,
    group_anchor: &HashMap<&str, String>,
) -> Vec<ArticleView> {
    // Who shares wire text with whom: members of the same reprint cluster.
    let mut mates: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for c in &report.reprint_clusters {
        for a in &c.articles {
            for b in &c.articles {
                if a != b {
                    mates.entry(a.as_str()).or_default().insert(b.as_str());
                }
            }
        }
    }
    report
        .articles
        .iter()
        .map(|a| {
            let my_mates = mates.get(a.id.as_str());
            let shares_with = my_mates
                .map(|m| m.iter().map(|b| member_label(lookup, b)).collect())
                .unwrap_or_default();
            let own: BTreeSet<String> = a.credits.iter().map(|c| c.to_lowercase()).collect();
            let missing_credits: BTreeSet<String> = my_mates
                .into_iter()
                .flatten()
                .filter_map(|b| lookup.get(b))
                .flat_map(|b| b.credits.iter())
                .filter(|c| !own.contains(&c.to_lowercase()))
                .cloned()
                .collect();
            ArticleView {
                id: a.id.clone(),
                label: outlet_label(a),
                date: a.date.clone(),
                title: a.title.clone(),
                href: a.url.as_deref().and_then(safe_href),
                url: a.url.clone(),
                lang: a.lang.clone(),
                dir: text_dir(&a.lang),
                source: a.source.clone(),
                sentences: a.sentences.len(),
                wire_share: if a.wire_share.is_finite() {
                    a.wire_share.clamp(0.0, 1.0)
                } else {
                    0.0
                },
                wire_pct: pct(a.wire_share),
                credits: a.credits.clone(),
                shares_with,
                missing_credits: missing_credits.into_iter().collect(),
                group: group_of
                    .get(a.id.as_str())
                    .and_then(|g| group_anchor.get(g.id.as_str()).cloned()),
            }
        })
        .collect()
}

fn div_view(
    d: &Divergence,
    n: usize,
    lookup: &Lookup<'_>,
    group_anchor: &HashMap<&str, String>,
) -> DivView {
    let mut outlets: Vec<String> = d
        .evidence
        .iter()
        .map(|e| lookup.label(&e.article))
        .collect();
    outlets.sort();
    outlets.dedup();
    let gi = group_anchor.get(d.group.as_str()).cloned();
    DivView {
        id: d.id.clone(),
        n,
        kind: d.kind.as_str(),
        sev: d.severity.as_str(),
        explanation: d.explanation.clone(),
        explanation_parts: explanation_parts(&d.explanation),
        group: d.group.clone(),
        evidence: d
            .evidence
            .iter()
            .map(|e| {
                evidence_view(
                    lookup,
                    &e.article,
                    e.sentence,
                    e.span,
                    &e.text,
                    e.focus,
                    e.claim.clone(),
                    gi.as_deref(),
                )
            })
            .collect(),
        group_anchor: gi,
        outlets,
    }
}

#[allow(clippy::too_many_arguments)] // reason: the fields of one evidence record, unpacked
fn evidence_view(
    lookup: &Lookup<'_>,
    article: &str,
    sentence: usize,
    span: Span,
    text: &str,
    focus: Option<Span>,
    claim: Option<String>,
    group_anchor: Option<&str>,
) -> EvidenceView {
    let entry = lookup.get(article);
    let lang = entry.map(|a| a.lang.clone()).unwrap_or_default();
    // Highlight the focus inside the original sentence when the span really is that sentence.
    let segs = match entry {
        Some(a) if a.text.get(span.start..span.end) == Some(text) => {
            let marks: Vec<(Span, &'static str)> =
                focus.map(|f| (f, "focus")).into_iter().collect();
            build_segs(&a.text, span, &marks, &[])
        }
        _ => vec![Seg {
            t: text.to_string(),
            c: None,
        }],
    };
    let target = match (group_anchor, lookup.index.get(article)) {
        (Some(g), Some(&ai)) => Some(sentence_anchor(g, ai, sentence)),
        _ => None,
    };
    EvidenceView {
        label: lookup.label(article),
        date: entry.and_then(|a| a.date.clone()),
        dir: text_dir(&lang),
        lang,
        claim,
        segs,
        target,
    }
}

fn sentence_anchor(group_anchor: &str, article_index: usize, sentence: usize) -> String {
    format!("{group_anchor}-a{article_index}-s{sentence}")
}

// ---------------------------------------------------------------------------------------------
// The side-by-side table of one story group.

/// One alignment link seen from the reference article: `r` sentences of the reference,
/// `x` sentences of the other article, the diff with `a` = reference side.
struct OrientedLink<'a> {
    r: Vec<usize>,
    x: Vec<usize>,
    moved: bool,
    link: &'a AlignedPair,
    swapped: bool,
}

fn group_view(
    report: &Report,
    g: &StoryGroup,
    number: usize,
    alignment: Option<&StoryAlignment>,
    divs: &[(&DivView, &Divergence)],
    lookup: &Lookup<'_>,
) -> GroupView {
    let anchor = if number == 0 {
        "unstoried".to_string()
    } else {
        format!("story-{number}")
    };
    let members: Vec<&ArticleEntry> = g.articles.iter().filter_map(|a| lookup.get(a)).collect();
    let pairs = alignment.map(|a| a.pairs.as_slice()).unwrap_or(&[]);

    // Reference column: the member aligned with the most others (ties: group order).
    let reference = if pairs.is_empty() {
        None
    } else {
        let mut aligned: HashMap<&str, usize> = HashMap::new();
        for p in pairs {
            *aligned.entry(p.a.as_str()).or_default() += 1;
            if p.b != p.a {
                *aligned.entry(p.b.as_str()).or_default() += 1;
            }
        }
        members
            .iter()
            .enumerate()
            .max_by_key(|(i, m)| {
                let n = aligned.get(m.id.as_str()).copied().unwrap_or(0);
                (n, std::cmp::Reverse(*i))
            })
            .map(|(i, _)| i)
    };
    let mut order: Vec<usize> = (0..members.len()).collect();
    if let Some(r) = reference {
        order.retain(|&i| i != r);
        order.insert(0, r);
    }
    let cols: Vec<&ArticleEntry> = order.iter().map(|&i| members[i]).collect();
    let art_index = |a: &ArticleEntry| lookup.index[a.id.as_str()];

    // Pins: which divergences / agreements point at which sentence.
    let mut pins: HashMap<(&str, usize), Vec<PinView>> = HashMap::new();
    for (d, src) in divs {
        for e in &src.evidence {
            let list = pins.entry((e.article.as_str(), e.sentence)).or_default();
            if !list.iter().any(|p| p.id == d.id) {
                list.push(PinView {
                    id: d.id.clone(),
                    n: d.n,
                    sev: d.sev,
                    kind: d.kind,
                });
            }
        }
    }
    let mut agree_pins: HashMap<(&str, usize), usize> = HashMap::new();
    for a in report.agreements.iter().filter(|a| a.group == g.id) {
        for e in &a.evidence {
            *agree_pins
                .entry((e.article.as_str(), e.sentence))
                .or_default() += 1;
        }
    }

    // Row layout: a list of rows, each with the sentence indices per column.
    struct RowPlan {
        gap: bool,
        moved: bool,
        cells: Vec<Vec<usize>>,
    }
    let ncols = cols.len();
    let mut plans: Vec<RowPlan> = Vec::new();
    // Marks per (column, sentence): diff highlights and removed-text ghosts.
    let mut marks: HashMap<(usize, usize), Vec<(Span, &'static str)>> = HashMap::new();
    let mut ghosts: HashMap<usize, Vec<(usize, String, &'static str)>> = HashMap::new();

    match reference {
        None => {
            // No alignment: every article's sentences in one row, side by side.
            plans.push(RowPlan {
                gap: false,
                moved: false,
                cells: cols
                    .iter()
                    .map(|a| (0..a.sentences.len()).collect())
                    .collect(),
            });
        }
        Some(_) => {
            let rref = cols[0];
            let n_ref = rref.sentences.len();
            // Each column's links to the reference, in report order.
            let col_of: HashMap<&str, usize> = cols
                .iter()
                .enumerate()
                .skip(1)
                .map(|(c, a)| (a.id.as_str(), c))
                .collect();
            let mut oriented: Vec<Vec<OrientedLink<'_>>> = (0..ncols).map(|_| Vec::new()).collect();
            for p in pairs {
                let (other, swapped) = if p.a == rref.id {
                    (&p.b, false)
                } else if p.b == rref.id {
                    (&p.a, true)
                } else {
                    continue;
                };
                let Some(&c) = col_of.get(other.as_str()) else {
                    continue;
                };
                let n_x = cols[c].sentences.len();
                for l in &p.links {
                    let (r, xs) = if swapped {
                        (&l.b_sentences, &l.a_sentences)
                    } else {
                        (&l.a_sentences, &l.b_sentences)
                    };
                    let r: Vec<usize> = r.iter().copied().filter(|&i| i < n_ref).collect();
                    let xs: Vec<usize> = xs.iter().copied().filter(|&i| i < n_x).collect();
                    if !r.is_empty() && !xs.is_empty() {
                        oriented[c].push(OrientedLink {
                            r,
                            x: xs,
                            moved: l.moved,
                            link: l,
                            swapped,
                        });
                    }
                }
            }

            // Merge reference sentences covered by one link into one row.
            let mut row_start: Vec<usize> = (0..n_ref).collect();
            let mut intervals: Vec<(usize, usize)> = oriented
                .iter()
                .flatten()
                .map(|l| (*l.r.iter().min().unwrap(), *l.r.iter().max().unwrap()))
                .collect();
            intervals.sort();
            for (lo, hi) in intervals {
                let start = row_start[lo];
                for s in row_start.iter_mut().take(hi + 1).skip(lo) {
                    *s = start;
                }
            }
            let mut row_of_ref = vec![0usize; n_ref];
            let mut n_rows = 0;
            for i in 0..n_ref {
                if i > 0 && row_start[i] == row_start[i - 1] {
                    row_of_ref[i] = n_rows - 1;
                } else {
                    row_of_ref[i] = n_rows;
                    n_rows += 1;
                }
            }
            let mut rows: Vec<RowPlan> = (0..n_rows)
                .map(|_| RowPlan {
                    gap: false,
                    moved: false,
                    cells: vec![Vec::new(); ncols],
                })
                .collect();
            for i in 0..n_ref {
                rows[row_of_ref[i]].cells[0].push(i);
            }
            // Gap rows: index 0 = before the first row, k = after row k-1.
            let mut gaps: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); ncols]; n_rows + 1];
            for (c, links) in oriented.iter().enumerate().skip(1) {
                let x = cols[c];
                let mut row_of_x: BTreeMap<usize, usize> = BTreeMap::new();
                for l in links {
                    let row = row_of_ref[*l.r.iter().min().unwrap()];
                    if l.moved {
                        rows[row].moved = true;
                    }
                    let mut fresh = false;
                    for &xi in &l.x {
                        if let std::collections::btree_map::Entry::Vacant(e) = row_of_x.entry(xi) {
                            e.insert(row);
                            rows[row].cells[c].push(xi);
                            fresh = true;
                        }
                    }
                    if fresh && l.link.similarity >= MIN_DIFF_SIMILARITY {
                        diff_marks(rref, x, c, l, &mut marks, &mut ghosts);
                    }
                }
                for cell in rows.iter_mut().map(|r| &mut r.cells[c]) {
                    cell.sort_unstable();
                }
                for xi in 0..x.sentences.len() {
                    if !row_of_x.contains_key(&xi) {
                        let slot = gap_slot(&row_of_x, xi, x.sentences.len(), n_rows);
                        gaps[slot][c].push(xi);
                    }
                }
            }
            for (k, gap) in gaps.into_iter().enumerate() {
                if k > 0 {
                    plans.push(std::mem::replace(
                        &mut rows[k - 1],
                        RowPlan {
                            gap: false,
                            moved: false,
                            cells: Vec::new(),
                        },
                    ));
                }
                if gap.iter().any(|c| !c.is_empty()) {
                    plans.push(RowPlan {
                        gap: true,
                        moved: false,
                        cells: gap,
                    });
                }
            }
        }
    }

    // Place each divergence card after the first row holding one of its sentences.
    let mut row_of_sentence: HashMap<(usize, usize), usize> = HashMap::new();
    for (ri, p) in plans.iter().enumerate() {
        for (c, cell) in p.cells.iter().enumerate() {
            for &s in cell {
                row_of_sentence.entry((c, s)).or_insert(ri);
            }
        }
    }
    let col_of: HashMap<&str, usize> = cols
        .iter()
        .enumerate()
        .map(|(c, a)| (a.id.as_str(), c))
        .collect();
    let mut cards: Vec<Vec<DivView>> = (0..plans.len()).map(|_| Vec::new()).collect();
    let mut n_divs = 0;
    for (d, src) in divs {
        let row = src
            .evidence
            .iter()
            .filter_map(|e| {
                let c = *col_of.get(e.article.as_str())?;
                row_of_sentence.get(&(c, e.sentence)).copied()
            })
            .min();
        if let Some(r) = row {
            cards[r].push((*d).clone());
            n_divs += 1;
        }
    }

    let rows: Vec<RowView> = plans
        .into_iter()
        .zip(cards)
        .map(|(p, divs)| RowView {
            gap: p.gap,
            moved: p.moved,
            cells: p
                .cells
                .iter()
                .enumerate()
                .map(|(c, sents)| {
                    let a = cols[c];
                    let ai = art_index(a);
                    let cell_ghosts = ghosts.get(&c).map(Vec::as_slice).unwrap_or(&[]);
                    CellView {
                        dir: text_dir(&a.lang),
                        lang: a.lang.clone(),
                        sents: sents
                            .iter()
                            .enumerate()
                            .map(|(k, &s)| {
                                let span = a.sentences[s];
                                // A removed-text ghost belongs to the first sentence of the cell
                                // that contains its position (or touches it at the end).
                                let mine: Vec<(usize, String, &'static str)> = cell_ghosts
                                    .iter()
                                    .filter(|(pos, _, _)| {
                                        *pos >= span.start
                                            && *pos <= span.end
                                            && !sents[..k].iter().any(|&o| {
                                                let os = a.sentences[o];
                                                *pos >= os.start && *pos <= os.end
                                            })
                                    })
                                    .cloned()
                                    .collect();
                                let m = marks.get(&(c, s)).map(Vec::as_slice).unwrap_or(&[]);
                                let my_pins =
                                    pins.get(&(a.id.as_str(), s)).cloned().unwrap_or_default();
                                let sev = my_pins.iter().map(|p| p.sev).max_by_key(|s| match *s {
                                    "high" => 2,
                                    "medium" => 1,
                                    _ => 0,
                                });
                                SentView {
                                    anchor: sentence_anchor(&anchor, ai, s),
                                    segs: build_segs(&a.text, span, m, &mine),
                                    agrees: agree_pins
                                        .get(&(a.id.as_str(), s))
                                        .copied()
                                        .unwrap_or(0),
                                    pins: my_pins,
                                    sev,
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
            divs,
        })
        .collect();

    let agreements = report
        .agreements
        .iter()
        .filter(|a| a.group == g.id && number > 0)
        .map(|a| AgreementView {
            id: a.id.clone(),
            summary: a.summary.clone(),
            outlets: a.articles.iter().map(|x| member_label(lookup, x)).collect(),
            evidence: a
                .evidence
                .iter()
                .map(|e| {
                    evidence_view(
                        lookup,
                        &e.article,
                        e.sentence,
                        e.span,
                        &e.text,
                        e.focus,
                        e.claim.clone(),
                        Some(&anchor),
                    )
                })
                .collect(),
        })
        .collect();

    GroupView {
        id: g.id.clone(),
        number,
        columns: cols
            .iter()
            .enumerate()
            .map(|(c, a)| ColumnView {
                id: a.id.clone(),
                label: outlet_label(a),
                date: a.date.clone(),
                title: a.title.clone(),
                lang: a.lang.clone(),
                dir: text_dir(&a.lang),
                reference: reference.is_some() && c == 0,
                wire_pct: pct(a.wire_share),
            })
            .collect(),
        rows,
        aligned: reference.is_some(),
        reference: reference.map(|_| outlet_label(cols[0])),
        links: g
            .links
            .iter()
            .map(|l| LinkView {
                a: member_label(lookup, &l.a),
                b: member_label(lookup, &l.b),
                kind: l.kind.clone(),
                score: pct(l.score),
                reasons: l.reasons.clone(),
            })
            .collect(),
        agreements,
        divergences: n_divs,
        anchor,
    }
}

/// The gap slot (0 = before the first row, `k` = after row `k - 1`) for unaligned sentence `xi`
/// of an article whose aligned sentences sit in `row_of_x`. The sentences between two aligned
/// ones are spread evenly over the slots between those rows, in their own order, so a loosely
/// aligned article reads alongside the reference instead of piling up in one gap.
fn gap_slot(row_of_x: &BTreeMap<usize, usize>, xi: usize, n_x: usize, n_rows: usize) -> usize {
    // Previous and next aligned sentence as (sentence, slot just after / just before its row).
    let (k1, g1) = row_of_x
        .range(..xi)
        .next_back()
        .map_or((-1i64, 0i64), |(&k, &r)| (k as i64, r as i64 + 1));
    let (k2, g2) = row_of_x
        .range(xi + 1..)
        .next()
        .map_or((n_x as i64, n_rows as i64), |(&k, &r)| (k as i64, r as i64));
    if g2 <= g1 {
        return g1 as usize; // moved sentences: stay after the previous aligned one
    }
    let step = (xi as i64 - k1) * (g2 - g1 + 1) / (k2 - k1);
    (g1 + step).clamp(g1, g2) as usize
}

/// Record the token diff of one link as marks on the other article's sentences (added and
/// changed words) and ghosts of the reference's removed words at their place in that text.
fn diff_marks(
    rref: &ArticleEntry,
    x: &ArticleEntry,
    col: usize,
    l: &OrientedLink<'_>,
    marks: &mut HashMap<(usize, usize), Vec<(Span, &'static str)>>,
    ghosts: &mut HashMap<usize, Vec<(usize, String, &'static str)>>,
) {
    let ops = &l.link.diff;
    // Each op seen from the reference: (op, reference span, other span).
    let oriented: Vec<(&str, Option<Span>, Option<Span>)> = ops
        .iter()
        .map(|o| {
            let op = match (o.op.as_str(), l.swapped) {
                ("insert", true) => "delete",
                ("delete", true) => "insert",
                (op, _) => op,
            };
            if l.swapped {
                (op, o.b, o.a)
            } else {
                (op, o.a, o.b)
            }
        })
        .collect();
    let first_x = l.x.iter().map(|&i| x.sentences[i].start).min().unwrap_or(0);
    let mut cursor = first_x;
    for (k, (op, rs, xs)) in oriented.iter().enumerate() {
        if *op == "equal" {
            if let Some(s) = xs {
                cursor = s.end;
            }
            continue;
        }
        let neighbour_changes = |want: &str| {
            (k > 0 && oriented[k - 1].0 == want) || oriented.get(k + 1).is_some_and(|n| n.0 == want)
        };
        if let Some(s) = xs {
            let cls = if *op == "replace" || neighbour_changes("delete") {
                "chg"
            } else {
                "add"
            };
            if let Some(si) = x
                .sentences
                .iter()
                .position(|t| s.start >= t.start && s.start < t.end)
            {
                marks.entry((col, si)).or_default().push((*s, cls));
            }
            cursor = s.end;
        }
        if let Some(s) = rs {
            if let Some(t) = rref.text.get(s.start..s.end) {
                let cls = if *op == "replace" || neighbour_changes("insert") {
                    "old"
                } else {
                    "del"
                };
                ghosts
                    .entry(col)
                    .or_default()
                    .push((cursor, t.to_string(), cls));
            }
        }
    }
}

/// Cut `text[span]` into runs: `marks` give classes to byte ranges (the first mark covering a run
/// wins), `ghosts` insert other text (removed words) at byte positions. Invalid spans are
/// ignored rather than trusted: a report is data, and a bad span must not break the page.
fn build_segs(
    text: &str,
    span: Span,
    marks: &[(Span, &'static str)],
    ghosts: &[(usize, String, &'static str)],
) -> Vec<Seg> {
    let (s, e) = (span.start, span.end.min(text.len()));
    if s > e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return Vec::new();
    }
    let valid = |p: usize| p >= s && p <= e && text.is_char_boundary(p);
    let mut cuts: Vec<usize> = vec![s, e];
    for (m, _) in marks {
        cuts.extend([m.start, m.end].into_iter().filter(|&p| valid(p)));
    }
    cuts.extend(ghosts.iter().map(|g| g.0).filter(|&p| valid(p)));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Seg> = Vec::new();
    let push = |out: &mut Vec<Seg>, t: &str, c: Option<&'static str>| {
        if t.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.c == c => last.t.push_str(t),
            _ => out.push(Seg {
                t: t.to_string(),
                c,
            }),
        }
    };
    let emit_ghosts = |out: &mut Vec<Seg>, p: usize| {
        for (_, g, cls) in ghosts.iter().filter(|g| g.0 == p) {
            // Keep removed words apart from their neighbours (Arabic letters would join).
            let before = text[..p].chars().next_back();
            let after = text[p..].chars().next();
            if p > s && before.is_some_and(|c| !c.is_whitespace()) {
                push(out, " ", None);
            }
            push(out, g.trim(), Some(cls));
            if p < e && after.is_some_and(|c| !c.is_whitespace()) {
                push(out, " ", None);
            }
        }
    };
    for w in cuts.windows(2) {
        let (p, q) = (w[0], w[1]);
        emit_ghosts(&mut out, p);
        let cls = marks
            .iter()
            .find(|(m, _)| m.start <= p && m.end >= q && m.start < m.end)
            .map(|(_, c)| *c);
        push(&mut out, &text[p..q], cls);
    }
    emit_ghosts(&mut out, e);
    out
}

#[cfg(test)]
mod explanation_tests {
    use super::*;

    #[test]
    fn quotes_are_isolated_parts() {
        let p = explanation_parts("a says \"نحو 3000\", b says \"x\".");
        assert_eq!(p.len(), 5);
        assert!(p[1].q && p[1].t == "نحو 3000" && !p[2].q && p[3].q);
        assert_eq!(explanation_parts("odd \" mark").len(), 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(t: &str) -> Seg {
        Seg {
            t: t.into(),
            c: None,
        }
    }

    #[test]
    fn unaligned_sentences_spread_between_their_anchors_in_order() {
        // No anchor at all: 10 sentences over 5 rows -> 6 slots, in order, first and last used.
        let none = BTreeMap::new();
        let slots: Vec<usize> = (0..10).map(|i| gap_slot(&none, i, 10, 5)).collect();
        assert!(slots.windows(2).all(|w| w[0] <= w[1]), "{slots:?}");
        assert_eq!((slots[0], slots[9]), (0, 5));
        // Anchors: sentence 0 in row 1, sentence 4 in row 3 -> 1..=3 go to slots 2..=3.
        let anchors = BTreeMap::from([(0, 1), (4, 3)]);
        let mid: Vec<usize> = (1..4).map(|i| gap_slot(&anchors, i, 6, 5)).collect();
        assert!(mid.iter().all(|&g| (2..=3).contains(&g)), "{mid:?}");
        // After the last anchor: slots after row 3 up to the end.
        assert!((4..=5).contains(&gap_slot(&anchors, 5, 6, 5)));
        // Crossing (moved) anchors: stay right after the previous one.
        let crossed = BTreeMap::from([(0, 3), (2, 1)]);
        assert_eq!(gap_slot(&crossed, 1, 3, 5), 4);
    }

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let s = script_json(&vec!["</script><!-- & \u{2028}\u{2029}"]);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0], "</script><!-- & \u{2028}\u{2029}");
    }

    #[test]
    fn only_http_urls_are_clickable() {
        assert_eq!(
            safe_href(" https://example.com/a?b=1 ").as_deref(),
            Some("https://example.com/a?b=1")
        );
        assert!(safe_href("HTTP://x.y").is_some());
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "/etc/passwd",
            "https://x.y/\u{0}a",
            "vbscript:x",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn direction_follows_language() {
        assert_eq!(text_dir("ar"), "rtl");
        assert_eq!(text_dir("ar-SY"), "rtl");
        assert_eq!(text_dir("en"), "ltr");
        assert_eq!(text_dir("und"), "auto");
    }

    #[test]
    fn segments_mark_ranges_and_place_ghosts_with_spaces() {
        let text = "one two three";
        let segs = build_segs(
            text,
            Span { start: 0, end: 13 },
            &[(Span { start: 4, end: 7 }, "chg")],
            &[(3, "zwei".into(), "old")],
        );
        assert_eq!(
            segs,
            vec![
                plain("one "),
                Seg {
                    t: "zwei".into(),
                    c: Some("old")
                },
                plain(" "),
                Seg {
                    t: "two".into(),
                    c: Some("chg")
                },
                plain(" three"),
            ]
        );
    }

    #[test]
    fn segments_ignore_spans_that_split_a_character() {
        let text = "قتل 3250";
        // 1 is inside the first Arabic letter (2 bytes): the mark is dropped, the text kept.
        let segs = build_segs(
            text,
            Span {
                start: 0,
                end: text.len(),
            },
            &[(Span { start: 1, end: 3 }, "add")],
            &[],
        );
        let joined: String = segs.iter().map(|s| s.t.as_str()).collect();
        assert_eq!(joined, text);
        assert!(build_segs(text, Span { start: 1, end: 4 }, &[], &[]).is_empty());
        assert!(build_segs(text, Span { start: 5, end: 2 }, &[], &[]).is_empty());
    }

    #[test]
    fn csp_pins_the_exact_inline_style_and_script() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'"));
        assert!(csp.contains(&csp_hash(CSS)) && csp.contains(&csp_hash(JS)));
        assert!(!CSS.contains("</style") && !JS.contains("</script"));
    }
}
