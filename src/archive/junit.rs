//! JUnit XML for CI systems: one test case per story group of the checked batch, one failure per
//! unacknowledged divergence at or above `--fail-on`. Acknowledged and lower divergences are
//! listed in the test case's `system-out`, so the CI page shows them without failing.

use super::CheckReport;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Render a check report as JUnit XML.
pub fn write_junit(r: &CheckReport) -> String {
    let failing: std::collections::BTreeSet<&str> =
        r.check.failing.iter().map(String::as_str).collect();
    // Test cases: the story groups, plus one for divergences whose group is not listed.
    let mut cases: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for g in &r.report.story_groups {
        let members: Vec<String> = g
            .articles
            .iter()
            .map(|a| {
                if r.is_archived(a) {
                    format!("{a} (archived)")
                } else {
                    a.clone()
                }
            })
            .collect();
        cases.insert(
            g.id.clone(),
            (
                format!("story {}: {}", g.id, members.join(", ")),
                Vec::new(),
            ),
        );
    }
    for (i, d) in r.report.divergences.iter().enumerate() {
        cases
            .entry(d.group.clone())
            .or_insert_with(|| (format!("story {}", d.group), Vec::new()))
            .1
            .push(i);
    }
    let tests = cases.len();
    let failures = cases
        .values()
        .filter(|(_, ds)| {
            ds.iter()
                .any(|&i| failing.contains(r.report.divergences[i].id.as_str()))
        })
        .count();
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"copydesk check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        x,
        "  <testsuite name=\"copydesk check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    for (name, ds) in cases.values() {
        let _ = writeln!(
            x,
            "    <testcase classname=\"copydesk.story\" name=\"{}\">",
            escape(name)
        );
        let mut out = String::new();
        for &i in ds {
            let d = &r.report.divergences[i];
            let evidence: String = d
                .evidence
                .iter()
                .map(|e| {
                    let tag = if r.is_archived(&e.article) {
                        " (archived)"
                    } else {
                        ""
                    };
                    format!("{}{tag} sentence {}: {}\n", e.article, e.sentence, e.text)
                })
                .collect();
            if failing.contains(d.id.as_str()) {
                let _ = writeln!(
                    x,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    escape(d.kind.as_str()),
                    escape(&format!(
                        "[{}] {} {}: {}",
                        d.severity.as_str(),
                        d.id,
                        d.kind.as_str(),
                        d.explanation
                    )),
                    escape(&evidence)
                );
            } else {
                let why = if r.check.acknowledged.contains(&d.id) {
                    "acknowledged"
                } else {
                    "below --fail-on"
                };
                let _ = writeln!(
                    out,
                    "[{}] {} {} ({why}): {}",
                    d.severity.as_str(),
                    d.id,
                    d.kind.as_str(),
                    d.explanation
                );
            }
        }
        if !out.is_empty() {
            let _ = writeln!(x, "      <system-out>{}</system-out>", escape(&out));
        }
        x.push_str("    </testcase>\n");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// Escape text for XML attribute values and element content. Characters XML 1.0 cannot carry
/// at all (control characters other than tab, newline and carriage return, lone surrogates are
/// impossible in `str`, U+FFFE/U+FFFF) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_invalid_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\u{FFFF}\tقال"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}\u{FFFD}\tقال"
        );
        assert_eq!(escape("]]>"), "]]&gt;");
    }
}
