//! Documents as the pipeline sees them, and the dates they carry.
//!
//! A date comes from the input's date field, or for plain text from a dateline near the top
//! ("Published 23 April 2019", "Updated: April 26, 2019 08:14 GMT", "2019-02-27").

use std::fmt;

use chrono::NaiveDate;

/// One article: an id, its text, and its date when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The id: the id field of a record, or the path of a plain-text file.
    pub id: String,
    /// The text searched; for records with a title, the title, a blank line, then the text
    /// (unless the text starts with a line that is the title).
    pub text: String,
    /// The publication date, when known.
    pub date: Option<NaiveDate>,
    /// Where the document was read.
    pub origin: Origin,
    /// Set when the input held invalid UTF-8 that was replaced by U+FFFD.
    pub repaired_utf8: bool,
    /// Set when a plain-text file or a CSV row was not UTF-8 at all and was read as
    /// Windows-1252.
    pub windows_1252: bool,
    /// The date field, when it was present but not understood.
    pub unparsed_date: Option<Box<str>>,
    /// Which optional fields the record had (none for a plain-text file).
    pub fields: RecordFields,
    /// Set by the pipeline, in input order, when an earlier document had the same id (the
    /// output tables name documents by id, so ids should be unique).
    pub repeated_id: bool,
}

/// Which optional fields of a JSONL or CSV record a [`Document`] was made with: the run warns
/// when a field named on the command line was in no record (its name is probably wrong).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordFields {
    /// The id came from the id field (otherwise it is the record's `FILE:LINE`).
    pub id: bool,
    /// The record had a title field.
    pub title: bool,
    /// The record had a date field (understood or not).
    pub date: bool,
}

impl Document {
    /// An undated document read from `origin`, its text valid as given.
    ///
    /// ```
    /// use comention::document::{Document, Origin};
    /// let doc = Document::new("a1", "Putin met Kim.", Origin { source: "-".into(), line: None });
    /// assert_eq!(doc.date_text(), "");
    /// ```
    pub fn new(id: impl Into<String>, text: impl Into<String>, origin: Origin) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            date: None,
            origin,
            repaired_utf8: false,
            windows_1252: false,
            unparsed_date: None,
            fields: RecordFields::default(),
            repeated_id: false,
        }
    }

    /// The date as the output tables write it (`YYYY-MM-DD`), or empty when unknown.
    pub fn date_text(&self) -> String {
        self.date.map(|d| d.to_string()).unwrap_or_default()
    }
}

/// A position in the input: a file (or `-` for standard input) and, for records, a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The path as given, or `-`.
    pub source: String,
    /// 1-based line of the record, for JSONL and CSV.
    pub line: Option<u64>,
}

impl Origin {
    /// A whole file or stream, `source` (no line): a plain-text file, standard input (`-`), or
    /// a text a program holds in memory under a name of its own.
    pub fn new(source: impl Into<String>) -> Origin {
        Origin {
            source: source.into(),
            line: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.source, line),
            None => write!(f, "{}", self.source),
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a date as news and exports write it: `2019-04-25`, `2019-04-25T10:00:00Z`,
/// `2019/04/25`, `25 April 2019`, `April 25, 2019`, `Apr 25 2019`, `25-Apr-2019`, `25.04.2019`,
/// each perhaps after a day name (`Thu, 25 Apr 2019 10:00:00 GMT`, as RSS and HTTP write dates).
/// Day and month in numbers with slashes are taken only when the order is clear (`25/04/2019`,
/// `04/25/2019`, `08/08/2019`): `08/05/2019` is 8 May in Britain and August 5 in the United
/// States.
///
/// ```
/// use chrono::NaiveDate;
/// use comention::document::parse_date;
/// let want = NaiveDate::from_ymd_opt(2019, 4, 25);
/// assert_eq!(parse_date("25 April 2019"), want);
/// assert_eq!(parse_date("April 25, 2019 08:14 GMT"), want);
/// assert_eq!(parse_date("2019-04-25T10:00:00Z"), want);
/// assert_eq!(parse_date("Thu, 25 Apr 2019 10:00:00 GMT"), want);
/// assert_eq!(parse_date("next Thursday"), None);
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_date_in(s, DateOrder::Clear)
}

/// How dates written in numbers only are read, where day and month could be either way round:
/// `05/06/2023` is 5 June in Europe and May 6 in the United States.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// Only when the order is clear: `25/04/2019`, `04/25/2019`, `08/08/2019`, and dates with
    /// dots, day first (`05.06.2023`). `05/06/2023` is not read.
    #[default]
    Clear,
    /// Day first, as Europe writes them: `05/06/2023` is 5 June.
    DayFirst,
    /// Month first, as the United States writes them: `05/06/2023` is May 6.
    MonthFirst,
}

/// Parses a date as [`parse_date`] does, reading day and month in numbers in `order`.
///
/// ```
/// use comention::document::{DateOrder, parse_date_in};
/// assert_eq!(parse_date_in("05/06/2023", DateOrder::DayFirst).unwrap().to_string(), "2023-06-05");
/// assert_eq!(parse_date_in("05/06/2023", DateOrder::MonthFirst).unwrap().to_string(), "2023-05-06");
/// assert_eq!(parse_date_in("05/06/2023", DateOrder::Clear), None);
/// ```
pub fn parse_date_in(s: &str, order: DateOrder) -> Option<NaiveDate> {
    // A day name may come first: "Tue, 23 Apr 2019 10:00:00 GMT" (RSS), "Thursday 25 April".
    let s = s.trim_start();
    let s = s
        .split_once([' ', ','])
        .filter(|(first, _)| is_day_name(first))
        .map_or(s, |(_, rest)| rest);
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | 'T' | '.'))
        .filter(|t| !t.is_empty())
        .take(4)
        .collect();
    let number = |t: &str| -> Option<u32> {
        (t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
    };
    let month = |t: &str| -> Option<u32> {
        let t = t.to_ascii_lowercase();
        if t.len() < 3 {
            return None;
        }
        let full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let i = MONTHS.iter().position(|m| t.starts_with(m))?;
        (full[i].starts_with(t.as_str()) || t == "sept").then_some(i as u32 + 1)
    };
    let day = |t: &str| -> Option<u32> {
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 25th
        number(digits).filter(|_| digits.len() <= 2)
    };
    let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d);
    match tokens.as_slice() {
        [y, m, d, ..] if y.len() == 4 && number(y).is_some() => {
            ymd(number(y)?, number(m)?, number(d)?)
        }
        // Numbers only: day first with dots ("30.06.2023", as Europe writes it); with slashes or
        // dashes only when one of the two cannot be a month ("30/06/2023", "06/30/2023").
        [a, b, y, ..] if y.len() == 4 && number(a).is_some() && number(b).is_some() => {
            // Written as one word, with one separator twice ("30.06.2023", not "1. 12 2000").
            let start = a.as_ptr() as usize - s.as_ptr() as usize;
            let written = &s[start..];
            let sep = written[a.len()..].chars().next()?;
            let rest = written[a.len()..]
                .strip_prefix(sep)?
                .strip_prefix(b)?
                .strip_prefix(sep)?
                .strip_prefix(y)?;
            if !matches!(sep, '.' | '/' | '-') || rest.starts_with(|c: char| c.is_alphanumeric()) {
                return None;
            }
            let dotted = sep == '.';
            let (a, b, y) = (number(a)?, number(b)?, number(y)?);
            match (a, b, order) {
                _ if dotted || a == b => ymd(y, b, a),
                (13.., ..=12, _) | (_, _, DateOrder::DayFirst) => ymd(y, b, a),
                (..=12, 13.., _) | (_, _, DateOrder::MonthFirst) => ymd(y, a, b),
                _ => None,
            }
        }
        [d, m, y, ..] if month(m).is_some() => ymd(number(y)?, month(m)?, day(d)?),
        [m, d, y, ..] if month(m).is_some() => ymd(number(y)?, month(m)?, day(d)?),
        _ => None,
    }
}

/// Finds a dateline in the first lines of a plain-text article.
///
/// A dateline is a line that is a date, possibly after "Published", "Updated", "Posted" or
/// "First published" (with an optional colon, "on" or "at" and a time: "Page last updated at
/// 14:02 GMT, Thursday, 5 May 2005"), and possibly followed by a time; or a byline ending in a
/// date ("By Nick Assinder, BBC News, 5 May 2005"); or a wire dateline, a place and a date
/// ("LONDON, 5 May 2005 (Reuters) -"). Dates in numbers are read as [`parse_date`] reads them:
/// 08/05/2005, which is 8 May in Britain and August 5 in the United States, is not taken.
///
/// ```
/// use comention::document::find_dateline;
/// let text = "Live\nPutin meets Kim\nPublished 25 April 2019\n\nVladimir Putin met …";
/// assert_eq!(find_dateline(text).unwrap().to_string(), "2019-04-25");
/// ```
pub fn find_dateline(text: &str) -> Option<NaiveDate> {
    find_dateline_in(text, DateOrder::Clear)
}

/// Finds a dateline as [`find_dateline`] does, reading day and month in numbers in `order`.
pub fn find_dateline_in(text: &str, order: DateOrder) -> Option<NaiveDate> {
    const PREFIXES: &[&str] = &[
        "first published",
        "page last updated",
        "last updated",
        "published",
        "updated",
        "posted",
        "date",
    ];
    let mut lines = text;
    for _ in 0..DATELINE_LINES {
        // Lines found with memchr: most of a text's first lines are long paragraphs.
        let (line, after) = match memchr::memchr(b'\n', lines.as_bytes()) {
            Some(i) => (&lines[..i], &lines[i + 1..]),
            None => (lines, ""),
        };
        lines = after;
        let line = line.trim();
        // Every date has a digit: most lines are dismissed here, before any parsing.
        if line.len() > 80 || !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut rest = line;
        for p in PREFIXES {
            if line
                .as_bytes()
                .get(..p.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(p.as_bytes()))
            {
                rest = line[p.len()..].trim_start_matches([':', ' ']);
                let r = rest
                    .strip_prefix("on ")
                    .or_else(|| rest.strip_prefix("at "))
                    .unwrap_or(rest);
                rest = after_time(r);
                break;
            }
        }
        if let Some(date) = parse_date_in(rest, order).or_else(|| byline_or_wire_date(line, order))
        {
            return Some(date);
        }
    }
    None
}

/// `text` after a time of day at its start ("14:02 GMT, Thursday, …" → "Thursday, …"), or
/// `text` as it is.
fn after_time(text: &str) -> &str {
    let Some((time, rest)) = text.split_once(' ') else {
        return text;
    };
    // "10:42PM" as well as "10:42 PM".
    let time = time.trim_end_matches(',');
    let time = ["AM", "PM", "am", "pm"]
        .iter()
        .find_map(|m| time.strip_suffix(m))
        .unwrap_or(time);
    let is_time = time.split(':').count() == 2
        && time.split(':').all(|p| !p.is_empty() && p.len() <= 2)
        && time.bytes().all(|b| b.is_ascii_digit() || b == b':');
    if !is_time {
        return text;
    }
    // "10:42 PM GMT, October 30, 2022" (AP), "11:30 a.m. EDT", "9:05 p.m., Oct. 30, 2022".
    let rest = ["AM", "PM", "am", "pm", "a.m.", "p.m."]
        .iter()
        .find_map(|m| rest.strip_prefix(m).filter(|r| r.starts_with([' ', ','])))
        .map_or(rest, |r| r.trim_start_matches([',', ' ']));
    // A time zone in capitals, then the comma before the date.
    let rest = match rest.split_once([' ', ',']) {
        Some((zone, after))
            if (2..=4).contains(&zone.len()) && zone.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            after
        }
        _ => rest,
    };
    rest.trim_start_matches([',', ' '])
}

/// The date of a byline ("By Nick Assinder, BBC News, 5 May 2005": a later part of it) or of a
/// wire dateline ("LONDON, 5 May 2005 (Reuters) -": a place of at most three capitalised words,
/// then the date).
fn byline_or_wire_date(line: &str, order: DateOrder) -> Option<NaiveDate> {
    let parse_date = |s: &str| parse_date_in(s, order);
    let (first, _) = line.split_once(',')?;
    // What follows each comma, for dates with a comma of their own ("April 26, 2019").
    let mut after_commas = line
        .match_indices(',')
        .map(|(i, _)| line[i + 1..].trim_start());
    let byline = first
        .get(..3)
        .is_some_and(|by| by.eq_ignore_ascii_case("by "));
    if byline {
        return after_commas.find_map(parse_date);
    }
    let place = (1..=3).contains(&first.split(' ').count())
        && first
            .split(' ')
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    place
        .then(|| after_commas.next().and_then(parse_date))
        .flatten()
}

/// How many lines from the top a dateline is looked for in.
const DATELINE_LINES: usize = 15;

fn is_day_name(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
    .contains(&w.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_table() {
        let cases = [
            ("2019-04-25", Some("2019-04-25")),
            ("2019-04-25T10:00:00+02:00", Some("2019-04-25")),
            ("2019/04/25", Some("2019-04-25")),
            ("25 April 2019", Some("2019-04-25")),
            ("25th April 2019", Some("2019-04-25")),
            ("April 26, 2019 08:14 GMT", Some("2019-04-26")),
            ("Sept 3 2020", Some("2020-09-03")),
            ("3 Sep. 2020", Some("2020-09-03")),
            ("25-Apr-2019", Some("2019-04-25")),
            ("Tue, 23 Apr 2019 10:00:00 GMT", Some("2019-04-23")),
            ("Tuesday, April 23, 2019", Some("2019-04-23")),
            ("Tuesday 23 April 2019", Some("2019-04-23")),
            ("Tuesday", None),
            ("2019-02-30", None),
            ("Mayday 3 2020", None),
            ("", None),
            ("Comments (12)", None),
            ("30.06.2023", Some("2023-06-30")),
            ("05.06.2023", Some("2023-06-05")),
            ("30/06/2023 | 18:22 CET", Some("2023-06-30")),
            ("06/30/2023", Some("2023-06-30")),
            ("08/05/2005", None),
            ("08/08/2024", Some("2024-08-08")),
            // After a day name and a no-break space; not numbers that only look like one.
            ("Sat,\u{a0}5.6.2023", Some("2023-06-05")),
            ("Mon, 05.06.2023", Some("2023-06-05")),
            ("1. 12 2000 people fled", None),
            ("3.10.2024b", None),
            ("30/06.2023", None),
            ("31/02/2023", None),
        ];
        for (s, want) in cases {
            assert_eq!(
                parse_date(s).map(|d| d.to_string()).as_deref(),
                want,
                "{s:?}"
            );
        }
    }

    #[test]
    fn datelines_table() {
        let cases = [
            (
                "Home\nHeadline\nPublished 23 April 2019\nText.",
                Some("2019-04-23"),
            ),
            ("Updated: April 26, 2019 08:14 GMT\n", Some("2019-04-26")),
            (
                "First published on Thursday 25 April 2019",
                Some("2019-04-25"),
            ),
            ("Headline\n2019-02-27\nBody", Some("2019-02-27")),
            (
                "News | UK Politics\nPage last updated at 14:02 GMT, Thursday, 5 May 2005\n",
                Some("2005-05-05"),
            ),
            ("Last updated at 09:30, 6 May 2005", Some("2005-05-06")),
            (
                "Published 10:42 PM GMT, October 30, 2022",
                Some("2022-10-30"),
            ),
            ("Updated 11:30 a.m. EDT, Aug. 4, 2022", Some("2022-08-04")),
            ("Updated 9:05 p.m., Oct. 30, 2022", Some("2022-10-30")),
            (
                "Published 10:42PM GMT, October 30, 2022",
                Some("2022-10-30"),
            ),
            (
                "Home | World\n30/06/2023 | 18:22 CET\nText.",
                Some("2023-06-30"),
            ),
            (
                "Blair returns\nBy Nick Assinder, BBC News, 5 May 2005\nText.",
                Some("2005-05-05"),
            ),
            (
                "LONDON, 5 May 2005 (Reuters) - Tony Blair won.",
                Some("2005-05-05"),
            ),
            ("New York City, April 26, 2019 -", Some("2019-04-26")),
            // Numbers only, day and month in an order that differs by country.
            ("08/05/2005", None),
            // Not a place before the comma, or not a date after it.
            ("Asked why, 5 May 2005 was chosen", None),
            ("Paris, 12 injured\nOxford United 2, Chelsea 1", None),
            ("Kim met Putin on 25 April 2019 in Vladivostok.", None),
            ("No date here.\nNone at all.", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                find_dateline(text).map(|d| d.to_string()).as_deref(),
                want,
                "{text:?}"
            );
        }
    }
}
