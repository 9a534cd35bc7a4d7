//! Article metadata shared by every format: the optional fields, how layers of metadata combine
//! (front matter < page meta < manifest), and date normalisation.

use super::error::ReadError;
use serde_json::{Map, Value};

/// Optional metadata of one article, as found in one place (front matter, a page's meta tags,
/// a JSON record, a manifest entry). Values are trimmed; empty values are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// As written; normalised by [`normalize_date`] when the article is built.
    pub date: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

impl Meta {
    /// `self` with every field that `over` has replaced by `over`'s value.
    pub fn overlaid_by(mut self, over: &Meta) -> Meta {
        fn take(field: &mut Option<String>, over: &Option<String>) {
            if over.is_some() {
                field.clone_from(over);
            }
        }
        take(&mut self.id, &over.id);
        take(&mut self.title, &over.title);
        take(&mut self.outlet, &over.outlet);
        take(&mut self.date, &over.date);
        take(&mut self.url, &over.url);
        take(&mut self.lang, &over.lang);
        self
    }

    /// `self` with its missing fields filled from `defaults` (never the id).
    pub fn filled_from(mut self, defaults: &Meta) -> Meta {
        fn fill(field: &mut Option<String>, d: &Option<String>) {
            if field.is_none() {
                field.clone_from(d);
            }
        }
        fill(&mut self.title, &defaults.title);
        fill(&mut self.outlet, &defaults.outlet);
        fill(&mut self.date, &defaults.date);
        fill(&mut self.url, &defaults.url);
        fill(&mut self.lang, &defaults.lang);
        self
    }

    /// Set a field by its front-matter key (case-insensitive). Unknown keys are ignored and
    /// return `false`: front matter often carries tags, authors and the like.
    pub fn set_key(&mut self, key: &str, value: &str) -> bool {
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "id" => &mut self.id,
            "title" => &mut self.title,
            "outlet" => &mut self.outlet,
            "date" => &mut self.date,
            "url" => &mut self.url,
            "lang" | "language" => &mut self.lang,
            _ => return false,
        };
        *slot = clean(value);
        true
    }

    /// Read the optional string fields of a JSON object. `null` counts as absent; any other
    /// non-string value is an error naming the field.
    pub fn from_json(obj: &Map<String, Value>) -> Result<Meta, ReadError> {
        Ok(Meta {
            id: None,
            title: opt_string(obj, "title")?,
            outlet: opt_string(obj, "outlet")?,
            date: opt_string(obj, "date")?,
            url: opt_string(obj, "url")?,
            lang: opt_string(obj, "lang")?,
        })
    }
}

/// Trimmed value, `None` when empty.
pub(crate) fn clean(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// An optional string field of a JSON object.
pub(crate) fn opt_string(
    obj: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, ReadError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(clean(s)),
        Some(other) => Err(ReadError::WrongType {
            field,
            expected: "a string",
            found: json_type(other),
        }),
    }
}

/// The JSON type of a value, for messages.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Normalise a date to `YYYY-MM-DD`.
///
/// Accepted: an ISO 8601 date or date-time (`2017-10-18`, `2017-10-18T09:30:00+03:00`,
/// `2017-10-18 09:30`), the same with `/` separators, and the compact `20171018`. The calendar
/// date is kept as written: a time zone offset is not applied, because the publisher's local date
/// is the one that matters for "dates close together". Anything else (`18 Oct 2017`, `yesterday`,
/// an impossible date like `2017-02-30`) gives `None`: `Article::date` is always ISO or absent,
/// so later stages can compare dates without guessing.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim().as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let [yr, mr, dr] = if s.len() >= 10 && (s[4] == b'-' || s[4] == b'/') && s[7] == s[4] {
        [0..4, 5..7, 8..10]
    } else {
        [0..4, 4..6, 6..8]
    };
    let (y, m, d) = (
        digits(yr.clone())?,
        digits(mr.clone())?,
        digits(dr.clone())?,
    );
    let rest = &s[dr.end..];
    match rest.first() {
        None | Some(b'T' | b't' | b' ') => {}
        Some(_) => return None,
    }
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    // `{y:04}-{m:02}-{d:02}`: the digits as written, which have those widths (without `format!`,
    // which costs more than the rest of reading a record's metadata)
    let mut iso = String::with_capacity(10);
    for (i, part) in [yr, mr, dr].into_iter().enumerate() {
        if i > 0 {
            iso.push('-');
        }
        iso.push_str(std::str::from_utf8(&s[part]).ok()?);
    }
    Some(iso)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_and_datetimes_normalise() {
        for (raw, want) in [
            ("2017-10-18", "2017-10-18"),
            (" 2017-10-18 ", "2017-10-18"),
            ("2017-10-18T23:30:00-05:00", "2017-10-18"),
            ("2017-10-18T09:30:00Z", "2017-10-18"),
            ("2017-10-18 09:30", "2017-10-18"),
            ("2017/10/18", "2017-10-18"),
            ("20171018", "2017-10-18"),
            ("20171018T0930", "2017-10-18"),
            ("2016-02-29", "2016-02-29"),
        ] {
            assert_eq!(normalize_date(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn other_dates_are_dropped() {
        for raw in [
            "",
            "18 Oct 2017",
            "yesterday",
            "2017-13-01",
            "2017-02-30",
            "2017-02-29",
            "2017-10-1",
            "2017-10/18",
            "2017-10-18x",
            "١٨-١٠-٢٠١٧",
        ] {
            assert_eq!(normalize_date(raw), None, "{raw}");
        }
    }

    #[test]
    fn overlay_replaces_only_present_fields() {
        let base = Meta {
            title: Some("front".into()),
            outlet: Some("A".into()),
            ..Meta::default()
        };
        let over = Meta {
            outlet: Some("B".into()),
            ..Meta::default()
        };
        let m = base.overlaid_by(&over);
        assert_eq!(m.title.as_deref(), Some("front"));
        assert_eq!(m.outlet.as_deref(), Some("B"));
    }

    #[test]
    fn json_fields_null_is_absent_other_types_are_errors() {
        let obj: Map<String, Value> =
            serde_json::from_str(r#"{"title": null, "outlet": " AFP ", "date": 2017}"#).unwrap();
        let err = Meta::from_json(&obj).unwrap_err().to_string();
        assert!(
            err.contains("\"date\" must be a string, found a number"),
            "{err}"
        );
        let obj: Map<String, Value> =
            serde_json::from_str(r#"{"title": null, "outlet": " AFP "}"#).unwrap();
        let m = Meta::from_json(&obj).unwrap();
        assert_eq!(m.title, None);
        assert_eq!(m.outlet.as_deref(), Some("AFP"));
    }
}
