//! The table of every mention: `mentions.csv` from `build`, and the stream written by `tag`.
//!
//! One row per alias found, resolved or not, with its byte span in the document text, its
//! sentence and paragraph, and how it was resolved. Unresolved mentions name their candidates.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;
use crate::gazetteer::Gazetteer;
use crate::resolve::Mention;

use super::{decimal, spreadsheet_safe};

/// One row of the mention table.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MentionRow<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Document date (`YYYY-MM-DD`), or empty.
    pub date: Cow<'a, str>,
    /// Entity id, or empty when unresolved.
    pub entity: &'a str,
    /// Entity kind (for an unresolved mention, its candidates' kind when they share one).
    pub kind: &'a str,
    /// Entity label, or empty.
    pub label: &'a str,
    /// The text as it appears in the document.
    pub text: &'a str,
    /// Byte offset of the start in the document text.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// Sentence index in the document, from 0.
    pub sentence: u32,
    /// Paragraph index in the document, from 0.
    pub paragraph: u32,
    /// How it was resolved: `alias`, `context`, `short-form`, `short-form-ahead`, or why not:
    /// `ambiguous`, `no-full-name`, `longer-name`.
    pub resolution: &'static str,
    /// Candidate entity ids of an unresolved mention, joined by `|`.
    pub candidates: Cow<'a, str>,
}

impl<'a> MentionRow<'a> {
    /// The row of `mention` in `doc`.
    pub fn new(doc: &'a Document, mention: &Mention, gazetteer: &'a Gazetteer) -> MentionRow<'a> {
        MentionRow {
            date: Cow::Owned(doc.date_text()),
            ..MentionRow::with_date(doc, "", mention, gazetteer)
        }
    }

    /// The row of `mention` in `doc`, whose date is already written out as `date` (done once per
    /// document rather than once per mention).
    pub fn with_date(
        doc: &'a Document,
        date: &'a str,
        mention: &Mention,
        gazetteer: &'a Gazetteer,
    ) -> MentionRow<'a> {
        let entity = mention.entity.map(|e| gazetteer.entity(e));
        let kind = match entity {
            Some(e) => e.kind.as_str(),
            None => {
                let mut kinds = mention
                    .candidates
                    .iter()
                    .map(|&c| gazetteer.entity(c).kind.as_str());
                let first = kinds.next().unwrap_or("");
                if kinds.all(|k| k == first) { first } else { "" }
            }
        };
        let candidates = match mention.candidates.as_slice() {
            [] => Cow::Borrowed(""),
            [one] => Cow::Borrowed(gazetteer.entity(*one).id.as_str()),
            many => Cow::Owned(
                many.iter()
                    .map(|&c| gazetteer.entity(c).id.as_str())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
        };
        MentionRow {
            doc: &doc.id,
            date: Cow::Borrowed(date),
            entity: entity.map_or("", |e| e.id.as_str()),
            kind,
            label: entity.map_or("", |e| e.label.as_str()),
            text: &doc.text[mention.start..mention.end],
            start: mention.start,
            end: mention.end,
            sentence: mention.sentence,
            paragraph: mention.paragraph,
            resolution: mention.resolution.as_str(),
            candidates,
        }
    }
}

/// The formats mention rows can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MentionFormat {
    /// CSV with a header row.
    #[default]
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Writes mention rows as CSV or JSON lines.
pub struct MentionWriter<W: Write> {
    inner: Inner<W>,
    guard: bool,
    rows: u64,
}

enum Inner<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> MentionWriter<W> {
    /// A writer of `format` to `out`.
    pub fn new(out: W, format: MentionFormat) -> MentionWriter<W> {
        let inner = match format {
            MentionFormat::Csv => Inner::Csv(Box::new(csv::Writer::from_writer(out))),
            MentionFormat::Jsonl => Inner::Jsonl(out),
        };
        MentionWriter {
            inner,
            guard: true,
            rows: 0,
        }
    }

    /// Whether CSV text values starting with `=`, `+`, `-` or `@` get an apostrophe (on by
    /// default; see [`super::spreadsheet_safe`]). JSON is never changed.
    pub fn formula_guard(mut self, guard: bool) -> MentionWriter<W> {
        self.guard = guard;
        self
    }

    /// Writes one row.
    pub fn write(&mut self, row: &MentionRow<'_>) -> io::Result<()> {
        let first = self.rows == 0;
        self.rows += 1;
        match &mut self.inner {
            Inner::Csv(w) => {
                if first {
                    w.write_record(HEADER).map_err(io::Error::other)?;
                }
                let g = |s| spreadsheet_safe(s, self.guard);
                let mut buffers = [[0u8; 20]; 4];
                let [b0, b1, b2, b3] = &mut buffers;
                w.write_record([
                    g(row.doc).as_bytes(),
                    row.date.as_bytes(),
                    g(row.entity).as_bytes(),
                    g(row.kind).as_bytes(),
                    g(row.label).as_bytes(),
                    g(row.text).as_bytes(),
                    decimal(row.start as u64, b0),
                    decimal(row.end as u64, b1),
                    decimal(u64::from(row.sentence), b2),
                    decimal(u64::from(row.paragraph), b3),
                    row.resolution.as_bytes(),
                    g(&row.candidates).as_bytes(),
                ])
                .map_err(io::Error::other)
            }
            Inner::Jsonl(w) => {
                serde_json::to_writer(&mut *w, row)?;
                w.write_all(b"\n")
            }
        }
    }

    /// Flushes and returns the writer. An empty CSV table still gets its header.
    pub fn finish(self) -> io::Result<W> {
        match self.inner {
            Inner::Csv(mut w) => {
                if self.rows == 0 {
                    w.write_record(HEADER).map_err(io::Error::other)?;
                }
                w.into_inner().map_err(|e| e.into_error())
            }
            Inner::Jsonl(mut w) => {
                w.flush()?;
                Ok(w)
            }
        }
    }
}

/// The CSV header.
const HEADER: &[&str] = &[
    "doc",
    "date",
    "entity",
    "kind",
    "label",
    "text",
    "start",
    "end",
    "sentence",
    "paragraph",
    "resolution",
    "candidates",
];
