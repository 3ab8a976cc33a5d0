//! The table of every mention: `mentions.csv` from `build`, and the stream written by `tag`.
//!
//! One row per alias found, resolved or not, with its byte span in the document text, its
//! sentence and paragraph, and how it was resolved. Unresolved mentions name their candidates;
//! resolved ones the graph node they count for.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;
use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::pipeline::Tagged;
use crate::resolve::Mention;

use super::rows::{CsvRows, write_header};

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
    /// `ambiguous`, `no-full-name`, `longer-name`, `date`.
    pub resolution: &'static str,
    /// Candidate entity ids of an unresolved mention, joined by `|`.
    pub candidates: Cow<'a, str>,
    /// The id of the graph node the mention counts for (the entity, or its country with
    /// `--project country`), or empty when it counts for none (unresolved, or of a kind left
    /// out of the graph).
    pub node: &'a str,
}

impl<'a> MentionRow<'a> {
    /// The row of `mention` in `doc`, counting for the graph node `node` (one of
    /// [`Tagged::nodes`]).
    pub fn new(
        doc: &'a Document,
        mention: &Mention,
        node: Option<EntityIndex>,
        gazetteer: &'a Gazetteer,
    ) -> MentionRow<'a> {
        MentionRow {
            date: Cow::Owned(doc.date_text()),
            ..MentionRow::with_date(doc, "", mention, node, gazetteer)
        }
    }

    /// As [`new`](Self::new), with the document's date already written out as `date` (done once
    /// per document rather than once per mention).
    pub fn with_date(
        doc: &'a Document,
        date: &'a str,
        mention: &Mention,
        node: Option<EntityIndex>,
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
            node: node.map_or("", |n| gazetteer.entity(n).id.as_str()),
        }
    }
}

impl MentionRow<'_> {
    /// Formats the row as CSV.
    pub fn write_csv(&self, rows: &mut CsvRows) {
        rows.text(self.doc);
        rows.raw(self.date.as_bytes());
        rows.text(self.entity);
        rows.text(self.kind);
        rows.text(self.label);
        rows.text(self.text);
        rows.number(self.start as u64);
        rows.number(self.end as u64);
        rows.number(u64::from(self.sentence));
        rows.number(u64::from(self.paragraph));
        rows.raw(self.resolution.as_bytes());
        rows.text(&self.candidates);
        rows.text(self.node);
        rows.end_row();
    }
}

/// The rows of every mention of a tagged document, in text order.
fn rows_of<'a>(
    tagged: &'a Tagged,
    date: &'a str,
    gazetteer: &'a Gazetteer,
) -> impl Iterator<Item = MentionRow<'a>> {
    let doc = &tagged.document;
    (tagged.mentions.iter().zip(&tagged.nodes))
        .map(move |(m, &node)| MentionRow::with_date(doc, date, m, node, gazetteer))
}

/// Formats the CSV rows of every mention of a tagged document, in text order.
pub fn mention_rows(tagged: &Tagged, gazetteer: &Gazetteer, rows: &mut CsvRows) {
    let date = tagged.document.date_text();
    for row in rows_of(tagged, &date, gazetteer) {
        row.write_csv(rows);
    }
}

/// Formats the rows of every mention of `doc` in `format` (CSV with the formula guard `guard`,
/// or JSON lines), on a tagging thread, for [`MentionWriter::write_rendered`].
pub fn render_mentions(
    format: MentionFormat,
    guard: bool,
    tagged: &Tagged,
    gazetteer: &Gazetteer,
) -> Vec<u8> {
    let mentions = tagged.mentions.len();
    match format {
        MentionFormat::Csv => {
            let mut rows = CsvRows::with_capacity(guard, 128 * mentions);
            mention_rows(tagged, gazetteer, &mut rows);
            rows.into_bytes()
        }
        MentionFormat::Jsonl => {
            let mut lines = Vec::with_capacity(256 * mentions);
            let date = tagged.document.date_text();
            for row in rows_of(tagged, &date, gazetteer) {
                serde_json::to_writer(&mut lines, &row).expect("a row serializes to memory");
                lines.push(b'\n');
            }
            lines
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
#[derive(Debug)]
pub struct MentionWriter<W: Write> {
    out: W,
    format: MentionFormat,
    rows: CsvRows,
    header_written: bool,
}

impl<W: Write> MentionWriter<W> {
    /// A writer of `format` to `out`.
    pub fn new(out: W, format: MentionFormat) -> MentionWriter<W> {
        MentionWriter {
            out,
            format,
            rows: CsvRows::new(true),
            header_written: false,
        }
    }

    /// Whether CSV text values starting with `=`, `+`, `-` or `@` get an apostrophe (on by
    /// default; see [`super::spreadsheet_safe`]). JSON is never changed.
    pub fn formula_guard(mut self, guard: bool) -> MentionWriter<W> {
        self.rows = CsvRows::new(guard);
        self
    }

    /// Writes one row.
    pub fn write(&mut self, row: &MentionRow<'_>) -> io::Result<()> {
        match self.format {
            MentionFormat::Csv => {
                self.header()?;
                self.rows.clear();
                row.write_csv(&mut self.rows);
                self.out.write_all(self.rows.as_bytes())
            }
            MentionFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, row)?;
                self.out.write_all(b"\n")
            }
        }
    }

    /// Writes rows formatted on a tagging thread in this writer's format (with the same
    /// formula guard): by [`render_mentions`], or for CSV by [`mention_rows`].
    pub fn write_rendered(&mut self, rows: &[u8]) -> io::Result<()> {
        if self.format == MentionFormat::Csv {
            self.header()?;
        }
        self.out.write_all(rows)
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            write_header(&mut self.out, HEADER)?;
        }
        Ok(())
    }

    /// Flushes and returns the writer. An empty CSV table still gets its header.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == MentionFormat::Csv {
            self.header()?;
        }
        self.out.flush()?;
        Ok(self.out)
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
    "node",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;
    use crate::pipeline::{Options, Scratch, Tagger};

    /// Rows rendered on a tagging thread are the bytes the writer writes row by row, in both
    /// formats, with and without the formula guard.
    #[test]
    fn rendered_rows_are_what_the_writer_writes() {
        let mut g = Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\n-putin,person,\"Putin, Vladimir\",Vladimir Putin|Putin\n\
             PRK,country,North Korea,North Korea\n"
                .as_bytes(),
        );
        let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
        let origin = Origin {
            source: "news.txt".into(),
            line: None,
        };
        let text = "Vladimir Putin flew to North Korea. \"Putin\" said =1+1.";
        let doc = Document::new("=d1".to_string(), text, origin);
        let tagged = tagger.tag(doc, &mut Scratch::default());
        assert_eq!(tagged.mentions.len(), 3);
        for format in [MentionFormat::Csv, MentionFormat::Jsonl] {
            for guard in [true, false] {
                let rows = |rendered: bool| {
                    let mut w = MentionWriter::new(vec![], format).formula_guard(guard);
                    if rendered {
                        let bytes = render_mentions(format, guard, &tagged, tagger.gazetteer());
                        w.write_rendered(&bytes).unwrap();
                    } else {
                        let date = tagged.document.date_text();
                        for (m, &node) in tagged.mentions.iter().zip(&tagged.nodes) {
                            let row = MentionRow::with_date(
                                &tagged.document,
                                &date,
                                m,
                                node,
                                tagger.gazetteer(),
                            );
                            w.write(&row).unwrap();
                        }
                    }
                    String::from_utf8(w.finish().unwrap()).unwrap()
                };
                let (rendered, by_row) = (rows(true), rows(false));
                assert_eq!(rendered, by_row, "{format:?}, guard {guard}");
                assert_eq!(
                    rendered.lines().count(),
                    3 + usize::from(format == MentionFormat::Csv)
                );
            }
        }
    }
}
