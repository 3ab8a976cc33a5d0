//! `documents.csv`: the ledger of every document read — counted, found to be a copy of an
//! earlier one, or left out by date — so that documents in = counted + duplicates + out of range
//! (and records that could not be read at all are in `skipped.csv`).

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;

use super::spreadsheet_safe;

/// What became of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Tagged and counted in the graph.
    Counted,
    /// Tagged, but a copy of an earlier document: not counted again.
    Duplicate,
    /// Outside `--since`/`--until` (or undated while those are set): not tagged.
    OutOfRange,
}

/// One row of `documents.csv`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentRow<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The file it was read from (`-` for standard input).
    pub source: &'a str,
    /// The line of the record, for JSONL and CSV.
    pub line: Option<u64>,
    /// Document date, or empty.
    pub date: String,
    /// What became of it.
    pub status: Status,
    /// For a duplicate, the id of the document it copies.
    pub duplicate_of: &'a str,
    /// For a duplicate, the resemblance to it (1 for identical words).
    pub resemblance: Option<f64>,
    /// For a counted document, the copies of it found later.
    pub copies: Option<u32>,
    /// Bytes of text.
    pub bytes: usize,
    /// Mentions found (0 when not tagged).
    pub mentions: usize,
    /// Of those, unresolved ones.
    pub unresolved: usize,
}

impl<'a> DocumentRow<'a> {
    /// The row of `doc`, with counts left at zero.
    pub fn new(doc: &'a Document, status: Status) -> DocumentRow<'a> {
        DocumentRow {
            doc: &doc.id,
            source: &doc.origin.source,
            line: doc.origin.line,
            date: doc.date_text(),
            status,
            duplicate_of: "",
            resemblance: None,
            copies: None,
            bytes: doc.text.len(),
            mentions: 0,
            unresolved: 0,
        }
    }
}

/// Writes document rows as CSV.
#[derive(Debug)]
pub struct DocumentWriter<W: Write> {
    csv: csv::Writer<W>,
    rows: u64,
    guard: bool,
}

const HEADER: &[&str] = &[
    "doc",
    "source",
    "line",
    "date",
    "status",
    "duplicate_of",
    "resemblance",
    "copies",
    "bytes",
    "mentions",
    "unresolved",
];

impl<W: Write> DocumentWriter<W> {
    /// A document table writing to `out`.
    pub fn new(out: W) -> DocumentWriter<W> {
        DocumentWriter {
            csv: csv::Writer::from_writer(out),
            rows: 0,
            guard: true,
        }
    }

    /// Whether text values starting with `=`, `+`, `-` or `@` get an apostrophe (on by
    /// default; see [`super::spreadsheet_safe`]).
    pub fn formula_guard(mut self, guard: bool) -> DocumentWriter<W> {
        self.guard = guard;
        self
    }

    /// Writes one row.
    pub fn write(&mut self, row: &DocumentRow<'_>) -> io::Result<()> {
        if self.rows == 0 {
            self.csv.write_record(HEADER).map_err(io::Error::other)?;
        }
        self.rows += 1;
        let g = |s: &str| spreadsheet_safe(s, self.guard).into_owned();
        let opt = |v: Option<String>| v.unwrap_or_default();
        let status = match row.status {
            Status::Counted => "counted",
            Status::Duplicate => "duplicate",
            Status::OutOfRange => "out-of-range",
        };
        let record = [
            g(row.doc),
            g(row.source),
            opt(row.line.map(|l| l.to_string())),
            row.date.clone(),
            status.to_string(),
            g(row.duplicate_of),
            opt(row.resemblance.map(super::format_double)),
            opt(row.copies.map(|c| c.to_string())),
            row.bytes.to_string(),
            row.mentions.to_string(),
            row.unresolved.to_string(),
        ];
        self.csv.write_record(&record).map_err(io::Error::other)
    }

    /// Flushes and returns the writer (with the header alone if there was no row).
    pub fn finish(mut self) -> io::Result<W> {
        if self.rows == 0 {
            self.csv.write_record(HEADER).map_err(io::Error::other)?;
        }
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}
