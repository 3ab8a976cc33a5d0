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
            excerpt_into(&doc.text[start..end], &mut text);
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
#[derive(Debug)]
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
    excerpt_into(text, &mut out);
    out
}

/// [`excerpt`] into `out`, replacing what it held. Runs of ASCII without whitespace (most of
/// news text) are copied in one piece.
fn excerpt_into(text: &str, out: &mut String) {
    out.clear();
    let text = text.trim();
    let bytes = text.as_bytes();
    let is_ascii_space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let mut chars = 0;
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        // The next piece: a run of ASCII without whitespace, or one other character.
        let (len, piece_chars) = if bytes[i] < 0x80 {
            if is_ascii_space(bytes[i]) {
                space = true;
                i += 1;
                continue;
            }
            let run = bytes[i..]
                .iter()
                .position(|&b| b >= 0x80 || is_ascii_space(b))
                .unwrap_or(bytes.len() - i);
            (run, run)
        } else {
            let c = text[i..].chars().next().expect("a character boundary");
            if c.is_whitespace() {
                space = true;
                i += c.len_utf8();
                continue;
            }
            (c.len_utf8(), 1)
        };
        // No room for the space and a character after it: cut here (a space would make the
        // excerpt one character too long, or end it in a space).
        if chars + usize::from(space) >= EVIDENCE_TEXT_CHARS {
            out.push('…');
            return;
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
        }
        // The piece's first character is in; the others while there is room.
        let room = 1 + EVIDENCE_TEXT_CHARS.saturating_sub(chars + 1);
        if piece_chars > room {
            out.push_str(&text[i..i + room]);
            out.push('…');
            return;
        }
        out.push_str(&text[i..i + len]);
        chars += piece_chars;
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition of an excerpt, one character at a time.
    fn excerpt_by_chars(text: &str) -> String {
        let mut out = String::new();
        let mut chars = 0;
        let mut space = false;
        for c in text.trim().chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if chars + usize::from(space) >= EVIDENCE_TEXT_CHARS {
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

    proptest! {
        #[test]
        fn excerpts_are_cut_by_characters(
            words in proptest::collection::vec("[a-zé’\u{3000}]{0,40}", 0..30),
            gaps in proptest::collection::vec("[ \t\n\r\u{b}\u{a0}\u{2003}]{1,3}", 30),
        ) {
            let mut text = String::new();
            for (word, gap) in words.iter().zip(&gaps) {
                text.push_str(word);
                text.push_str(gap);
            }
            prop_assert_eq!(excerpt(&text), excerpt_by_chars(&text));
        }
    }

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
        // A space at the last place: never more than the limit before the ellipsis.
        for at in EVIDENCE_TEXT_CHARS - 3..EVIDENCE_TEXT_CHARS + 2 {
            let text = format!("{} {}", "a".repeat(at), "b".repeat(20));
            let cut = excerpt(&text);
            assert!(cut.chars().count() <= EVIDENCE_TEXT_CHARS + 1, "{at}");
            assert!(cut.ends_with('…') && !cut.ends_with(" …"), "{at}");
        }
    }
}
