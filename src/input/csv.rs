//! CSV and TSV tables: a header row, then one record per row.
//!
//! The csv crate reads a quote that is never closed as a field running to the end of the file,
//! without an error, so one stray quote would silently turn every later row into the text of
//! one document. [`QuoteWatch`] follows the quoting of the bytes the reader consumes, and a
//! record that ends only because the file does, inside quotes, is skipped and reported.

use std::io::{self, BufRead, Read};

use super::{Fields, InputItem, Skipped, record_document};
use crate::document::Origin;

/// The records of a CSV file.
pub(super) struct Records {
    source: String,
    reader: csv::Reader<QuoteWatch<Box<dyn BufRead + Send>>>,
    columns: Option<Result<Columns, String>>,
    fields: Fields,
    record: csv::StringRecord,
    done: bool,
}

struct Columns {
    id: Option<usize>,
    text: usize,
    title: Option<usize>,
    date: Option<usize>,
}

impl Records {
    pub(super) fn new(
        source: String,
        reader: Box<dyn BufRead + Send>,
        fields: &Fields,
        tab: bool,
    ) -> Records {
        let delimiter = if tab { b'\t' } else { b',' };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(QuoteWatch::new(reader, delimiter));
        Records {
            source,
            reader,
            columns: None,
            fields: fields.clone(),
            record: csv::StringRecord::new(),
            done: false,
        }
    }

    fn skipped(&self, line: Option<u64>, reason: String) -> InputItem {
        InputItem::Skipped(Skipped {
            origin: Origin {
                source: self.source.clone(),
                line,
            },
            reason,
        })
    }

    fn columns(&mut self) -> Result<Columns, String> {
        let headers = self.reader.headers().map_err(|e| e.to_string())?;
        let find = |name: &str| headers.iter().position(|h| h.trim() == name);
        let text = find(&self.fields.text).ok_or_else(|| {
            format!(
                "no {:?} column in the header (found: {}); choose it with --text-field",
                self.fields.text,
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })?;
        Ok(Columns {
            id: find(&self.fields.id),
            text,
            title: find(&self.fields.title),
            date: find(&self.fields.date),
        })
    }
}

impl Iterator for Records {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        if self.done {
            return None;
        }
        if self.columns.is_none() {
            let columns = self.columns();
            self.columns = Some(columns);
        }
        if let Some(Err(reason)) = &self.columns {
            self.done = true;
            return Some(self.skipped(Some(1), format!("file skipped: {reason}")));
        }
        let item =
            match self.reader.read_record(&mut self.record) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true)
                    if self
                        .reader
                        .get_ref()
                        .runs_to_end(self.reader.position().byte()) =>
                {
                    self.done = true;
                    let line = self.record.position().map(|p| p.line());
                    return Some(self.skipped(
                    line,
                    "a quoted field opened in this row is never closed, so every later row \
                     reads as part of it: row and rest of file skipped; close the quote, or \
                     double the quotes inside the field (\"\")"
                        .into(),
                ));
                }
                Ok(true) => {
                    let line = self.record.position().map(|p| p.line());
                    let Some(Ok(c)) = &self.columns else {
                        unreachable!("columns are checked above")
                    };
                    let get = |i: Option<usize>| i.and_then(|i| self.record.get(i));
                    match get(Some(c.text)) {
                        None => self.skipped(
                            line,
                            format!(
                                "row has {} field(s), no {:?}",
                                self.record.len(),
                                self.fields.text
                            ),
                        ),
                        Some(body) => {
                            let origin = Origin {
                                source: self.source.clone(),
                                line,
                            };
                            let id = get(c.id)
                                .filter(|s| !s.is_empty())
                                .map_or_else(|| origin.to_string(), str::to_string);
                            InputItem::Document(record_document(
                                id,
                                get(c.title),
                                body.into(),
                                get(c.date),
                                origin,
                            ))
                        }
                    }
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    let reason = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in row".to_string(),
                        _ => e.to_string(),
                    };
                    // An I/O error (e.g. a truncated .gz) repeats: stop at it.
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.done = true;
                        return Some(self.skipped(line, format!("{reason}; rest of file skipped")));
                    }
                    self.skipped(line, reason)
                }
            };
        Some(item)
    }
}

/// Follows the quoting of a CSV byte stream as the csv crate reads it: a quote opens a quoted
/// field only at the start of a field, and inside one a doubled quote is a quote.
pub(super) struct QuoteWatch<R> {
    inner: R,
    delimiter: u8,
    state: Quoting,
    /// Bytes read so far.
    read: u64,
    /// Whether the end of the input has been read.
    eof: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of the input (where a byte order mark may come).
    Start,
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: it closes the field unless another quote follows.
    QuoteInQuoted,
}

impl<R> QuoteWatch<R> {
    fn new(inner: R, delimiter: u8) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            delimiter,
            state: Quoting::Start,
            read: 0,
            eof: false,
        }
    }

    /// Whether a reader that has consumed `consumed` bytes has read the whole input, and it
    /// ended inside a quoted field.
    fn runs_to_end(&self, consumed: u64) -> bool {
        self.eof && self.state == Quoting::Quoted && consumed == self.read
    }

    fn follow(&mut self, mut bytes: &[u8]) {
        use Quoting::*;
        if self.state == Start {
            let bom = b"\xEF\xBB\xBF";
            if bytes.starts_with(bom) {
                bytes = &bytes[bom.len()..];
            }
            self.state = FieldStart;
        }
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            self.state = match self.state {
                Quoted => match memchr::memchr(b'"', &bytes[i..]) {
                    Some(at) => {
                        i += at;
                        QuoteInQuoted
                    }
                    None => return,
                },
                Unquoted => match memchr::memchr3(self.delimiter, b'\n', b'\r', &bytes[i..]) {
                    Some(at) => {
                        i += at;
                        FieldStart
                    }
                    None => return,
                },
                QuoteInQuoted if b == b'"' => Quoted,
                FieldStart | QuoteInQuoted | Start => {
                    if b == b'"' && self.state != QuoteInQuoted {
                        Quoted
                    } else if b == self.delimiter || b == b'\n' || b == b'\r' {
                        FieldStart
                    } else {
                        Unquoted
                    }
                }
            };
            i += 1;
        }
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof = true;
        }
        self.read += n as u64;
        self.follow(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Fields;

    /// Each item read from `table`, as `id: text` or `skipped at LINE: reason`.
    fn read(table: &str, tab: bool) -> Vec<String> {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(table.to_string()));
        Records::new("t.csv".into(), reader, &Fields::default(), tab)
            .map(|item| match item {
                InputItem::Document(d) => format!("{}: {}", d.id, d.text),
                InputItem::Skipped(s) => {
                    format!("skipped at {}: {}", s.origin.line.unwrap_or(0), s.reason)
                }
            })
            .collect()
    }

    #[test]
    fn a_quote_never_closed_skips_its_row_and_says_where_the_file_ends() {
        let table = "id,text\n\
                     a,Kim met Putin.\n\
                     b,\"Moon said \"\"no\"\" to Abe.\n\
                     c,Xi went to Pyongyang.\n\
                     d,Trump met Kim.\n";
        let items = read(table, false);
        assert_eq!(items.len(), 2, "{items:#?}");
        assert_eq!(items[0], "a: Kim met Putin.");
        assert!(
            items[1].starts_with("skipped at 3: a quoted field opened in this row is never closed")
                && items[1].contains("rest of file skipped"),
            "{}",
            items[1]
        );
    }

    #[test]
    fn well_formed_quoting_reads_every_row() {
        // A byte order mark, a quoted header, quoted line breaks and doubled quotes, a stray
        // quote inside an unquoted field, and a last quoted field closed right at the end.
        let table = "\u{feff}\"id\",\"text\"\n\
                     a,\"Kim met Putin.\n\nThey talked.\"\n\
                     b,\"Moon said \"\"no\"\".\"\r\n\
                     c,The 5\" screen\n\
                     d,\"Xi, in Seoul\"";
        assert_eq!(
            read(table, false),
            [
                "a: Kim met Putin.\n\nThey talked.",
                "b: Moon said \"no\".",
                "c: The 5\" screen",
                "d: Xi, in Seoul",
            ]
        );
        let tsv = "id\ttext\na\t\"Kim, Putin\"\nb\tMoon \"said\n";
        assert_eq!(read(tsv, true), ["a: Kim, Putin", "b: Moon \"said"]);
        let tsv_open = "id\ttext\na\tKim\nb\t\"Moon said\n";
        let items = read(tsv_open, true);
        assert_eq!(items[0], "a: Kim");
        assert!(items[1].starts_with("skipped at 3: a quoted"), "{items:?}");
    }
}
