//! `evidence.csv`: one row per window supporting an edge, so every edge can be traced to the
//! sentences (or paragraphs, or documents) it comes from.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::gazetteer::Gazetteer;
use crate::pipeline::Tagged;
use crate::window::Window;

use super::rows::{CsvRows, write_header};

/// How many characters of a window's text an evidence row keeps.
pub const EVIDENCE_TEXT_CHARS: usize = 300;

/// One row of `evidence.csv`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EvidenceRow<'a> {
    /// The entity id that sorts first.
    pub source: &'a str,
    /// The other entity id.
    pub target: &'a str,
    /// Document id.
    pub doc: &'a str,
    /// Document date, or empty.
    pub date: Cow<'a, str>,
    /// `sentence`, `paragraph` or `document`.
    pub window: &'static str,
    /// Index of the window in the document, from 0.
    pub index: u32,
    /// Byte offset of the window's start in the document text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// Whether the window also holds a meeting cue or a named event.
    pub meeting: bool,
    /// The window's text, whitespace collapsed, cut to [`EVIDENCE_TEXT_CHARS`] characters.
    pub text: Cow<'a, str>,
}

impl EvidenceRow<'_> {
    /// Formats the row as CSV.
    pub fn write_csv(&self, rows: &mut CsvRows) {
        rows.text(self.source);
        rows.text(self.target);
        rows.text(self.doc);
        rows.raw(self.date.as_bytes());
        rows.raw(self.window.as_bytes());
        rows.number(u64::from(self.index));
        rows.number(self.start as u64);
        rows.number(self.end as u64);
        rows.raw(if self.meeting { b"true" } else { b"false" });
        rows.text(&self.text);
        rows.end_row();
    }
}

/// Formats the evidence rows of one counted document.
pub fn evidence_rows(tagged: &Tagged, gazetteer: &Gazetteer, window: Window, rows: &mut CsvRows) {
    let doc = &tagged.document;
    let date = doc.date_text();
    // Pairs come window by window: cut each window's excerpt once.
    let mut excerpt_of: Option<u32> = None;
    let mut text = String::new();
    for pair in &tagged.counts.pairs {
        let (a, b) = (&gazetteer.entity(pair.a).id, &gazetteer.entity(pair.b).id);
        let (source, target) = if a <= b { (a, b) } else { (b, a) };
        let (start, end) = tagged
            .windows
            .get(pair.window as usize)
            .copied()
            .unwrap_or((0, doc.text.len()));
        if excerpt_of != Some(pair.window) {
            text = excerpt(&doc.text[start..end]);
            excerpt_of = Some(pair.window);
        }
        EvidenceRow {
            source,
            target,
            doc: &doc.id,
            date: Cow::Borrowed(&date),
            window: window.as_str(),
            index: pair.window,
            start,
            end,
            meeting: pair.meeting,
            text: Cow::Borrowed(&text),
        }
        .write_csv(rows);
    }
}

/// Writes `evidence.csv`: its header, then rows formatted by [`evidence_rows`].
pub struct EvidenceWriter<W: Write> {
    out: W,
}

/// The header.
const HEADER: &[&str] = &[
    "source", "target", "doc", "date", "window", "index", "start", "end", "meeting", "text",
];

impl<W: Write> EvidenceWriter<W> {
    /// An evidence table writing to `out`, starting with its header.
    pub fn new(mut out: W) -> io::Result<EvidenceWriter<W>> {
        write_header(&mut out, HEADER)?;
        Ok(EvidenceWriter { out })
    }

    /// Writes rows formatted by [`evidence_rows`] or [`EvidenceRow::write_csv`].
    pub fn write_rows(&mut self, rows: &[u8]) -> io::Result<()> {
        self.out.write_all(rows)
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A readable excerpt: whitespace runs become one space, and long texts are cut at a character
/// boundary with an ellipsis.
pub fn excerpt(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(EVIDENCE_TEXT_CHARS * 4));
    let mut chars = 0;
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if chars >= EVIDENCE_TEXT_CHARS {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
        }
        out.push(c);
        chars += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_collapse_whitespace_and_cut_long_text() {
        assert_eq!(
            excerpt("  Kim Jong\n  Un met\tPutin. "),
            "Kim Jong Un met Putin."
        );
        let long = "é".repeat(EVIDENCE_TEXT_CHARS + 10);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EVIDENCE_TEXT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(
            excerpt(&"a".repeat(EVIDENCE_TEXT_CHARS)).len(),
            EVIDENCE_TEXT_CHARS
        );
    }
}
