//! `evidence.csv`: one row per window supporting an edge, so every edge can be traced to the
//! sentences (or paragraphs, or documents) it comes from.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::gazetteer::Gazetteer;
use crate::pipeline::Tagged;
use crate::window::Window;

use super::{decimal, spreadsheet_safe};

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

/// Writes evidence rows as CSV.
pub struct EvidenceWriter<W: Write> {
    csv: csv::Writer<W>,
    rows: u64,
    guard: bool,
}

/// The header, for a table without rows.
const HEADER: &[&str] = &[
    "source", "target", "doc", "date", "window", "index", "start", "end", "meeting", "text",
];

impl<W: Write> EvidenceWriter<W> {
    /// An evidence table writing to `out`.
    pub fn new(out: W) -> EvidenceWriter<W> {
        EvidenceWriter {
            csv: csv::Writer::from_writer(out),
            rows: 0,
            guard: true,
        }
    }

    /// Whether text values starting with `=`, `+`, `-` or `@` get an apostrophe (on by
    /// default; see [`super::spreadsheet_safe`]).
    pub fn formula_guard(mut self, guard: bool) -> EvidenceWriter<W> {
        self.guard = guard;
        self
    }

    /// Writes the evidence of one counted document.
    pub fn document(
        &mut self,
        tagged: &Tagged,
        gazetteer: &Gazetteer,
        window: Window,
    ) -> io::Result<()> {
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
            self.write(&EvidenceRow {
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
            })?;
        }
        Ok(())
    }

    /// Writes one row.
    pub fn write(&mut self, row: &EvidenceRow<'_>) -> io::Result<()> {
        if self.rows == 0 {
            self.csv.write_record(HEADER).map_err(io::Error::other)?;
        }
        self.rows += 1;
        let g = |s| spreadsheet_safe(s, self.guard);
        let mut buffers = [[0u8; 20]; 3];
        let [b0, b1, b2] = &mut buffers;
        self.csv
            .write_record([
                g(row.source).as_bytes(),
                g(row.target).as_bytes(),
                g(row.doc).as_bytes(),
                row.date.as_bytes(),
                row.window.as_bytes(),
                decimal(u64::from(row.index), b0),
                decimal(row.start as u64, b1),
                decimal(row.end as u64, b2),
                if row.meeting { b"true" } else { b"false" },
                g(&row.text).as_bytes(),
            ])
            .map_err(io::Error::other)
    }

    /// Flushes and returns the writer (with the header alone if there was no row).
    pub fn finish(mut self) -> io::Result<W> {
        if self.rows == 0 {
            self.csv.write_record(HEADER).map_err(io::Error::other)?;
        }
        self.csv.into_inner().map_err(|e| e.into_error())
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
