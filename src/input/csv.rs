//! CSV and TSV tables: a header row, then one record per row.
//!
//! A record whose quote is never closed (it runs to the end of the file) is skipped and reported,
//! with the rest of the file; see [`crate::quoting`].

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use super::{
    Fields, InputItem, Skipped, from_windows_1252, has_utf8_beyond_ascii, record_document,
};
use crate::document::Origin;
use crate::quoting::{
    CLOSED_LATER, NEVER_CLOSED, QuoteWatch, Unmarked, closed_later, header_quoting, runs_to_end,
    without_bom,
};

/// The records of a CSV file.
pub(super) struct Records {
    source: String,
    reader: csv::Reader<QuoteWatch<Unmarked<Box<dyn BufRead + Send>>>>,
    columns: Option<Result<Columns, String>>,
    fields: Fields,
    record: csv::ByteRecord,
    done: bool,
    /// Tab-separated.
    tab: bool,
}

struct Columns {
    /// Fields in the header.
    count: usize,
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
        let (reader, columns) = match without_bom(reader) {
            Ok(reader) => (reader, None),
            Err(e) => {
                let nothing: Box<dyn BufRead + Send> = Box::new(io::empty());
                let reader = io::Cursor::new(vec![]).chain(nothing);
                (reader, Some(Err(format!("cannot read: {e}"))))
            }
        };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(QuoteWatch::new(reader, delimiter));
        Records {
            source,
            reader,
            columns,
            fields: fields.clone(),
            record: csv::ByteRecord::new(),
            done: false,
            tab,
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
            count: headers.len(),
            id: find(&self.fields.id),
            text,
            title: find(&self.fields.title),
            date: find(&self.fields.date),
        })
    }
}

impl Records {
    /// The line a record starts on.
    fn line(&mut self, position: Option<&csv::Position>) -> Option<u64> {
        Some(self.reader.get_mut().line(position?))
    }

    /// The line the record just read starts on.
    fn record_line(&mut self) -> Option<u64> {
        let position = self.record.position().cloned();
        self.line(position.as_ref())
    }

    fn document(&mut self) -> InputItem {
        let line = self.record_line();
        let Some(Ok(c)) = &self.columns else {
            unreachable!("columns are checked before records are read")
        };
        if self
            .record
            .iter()
            .skip(c.count)
            .any(|f| !f.trim_ascii().is_empty())
        {
            // A comma left unquoted: the fields after it are shifted, the text cut short. (Empty
            // fields past the header's are a trailing delimiter, which some exports write.)
            return self.skipped(
                line,
                format!(
                    "row has {} fields but the header has {}: quote fields that contain {}",
                    self.record.len(),
                    c.count,
                    if self.tab { "tabs" } else { "commas" }
                ),
            );
        }
        // UTF-8, or a row saved in Windows-1252 (as Excel writes CSV on Windows): one with no
        // UTF-8 character beyond ASCII. Invalid UTF-8 among valid characters is skipped.
        let utf8 = std::str::from_utf8(self.record.as_slice()).is_ok();
        if !utf8 && has_utf8_beyond_ascii(self.record.as_slice()) {
            return self.skipped(line, "invalid UTF-8 in row".into());
        }
        let get = |i: Option<usize>| -> Option<Cow<'_, str>> {
            let field = self.record.get(i?)?;
            Some(match std::str::from_utf8(field) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => Cow::Owned(from_windows_1252(field)),
            })
        };
        let Some(body) = get(Some(c.text)) else {
            return self.skipped(
                line,
                format!(
                    "row has {} field(s), no {:?}",
                    self.record.len(),
                    self.fields.text
                ),
            );
        };
        let origin = Origin {
            source: self.source.clone(),
            line,
        };
        let id = get(c.id).filter(|s| !s.is_empty()).map(Cow::into_owned);
        let mut document = record_document(
            id,
            get(c.title).as_deref(),
            body,
            get(c.date).as_deref(),
            self.fields.date_order,
            origin,
        );
        document.windows_1252 = !utf8;
        InputItem::Document(document)
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
            self.columns = Some(match header_quoting(&mut self.reader) {
                Some(reason) => Err(reason),
                None => columns,
            });
        }
        if let Some(Err(reason)) = &self.columns {
            self.done = true;
            return Some(self.skipped(Some(1), format!("file skipped: {reason}")));
        }
        let read = self.reader.read_byte_record(&mut self.record);
        // Asked after every read, so that what one unreadable row held is not blamed on the next.
        let closed = closed_later(&mut self.reader);
        let item = match read {
            Ok(false) => {
                self.done = true;
                return None;
            }
            Ok(true) if runs_to_end(&self.reader) => {
                self.done = true;
                let line = self.record_line();
                let also = match std::str::from_utf8(self.record.as_slice()) {
                    Ok(_) => "",
                    Err(_) => " (and holds invalid UTF-8)",
                };
                self.skipped(line, format!("{NEVER_CLOSED}{also}"))
            }
            Ok(true) if closed => {
                let line = self.record_line();
                self.skipped(line, CLOSED_LATER.into())
            }
            Ok(true) => self.document(),
            Err(e) => {
                let line = self.line(e.position());
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    // An I/O error (e.g. a truncated .gz) repeats: stop at it.
                    self.done = true;
                    self.skipped(line, format!("{e}; rest of file skipped"))
                } else {
                    self.skipped(line, e.to_string())
                }
            }
        };
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Fields;
    use std::io::{self, Read};

    /// Each item read from `table`, as `id: text` or `skipped at LINE: reason`.
    fn read(table: &str, tab: bool) -> Vec<String> {
        read_bytes(table.as_bytes(), tab)
    }

    fn read_bytes(table: &[u8], tab: bool) -> Vec<String> {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(table.to_vec()));
        Records::new("t.csv".into(), reader, &Fields::default(), tab)
            .map(|item| match item {
                InputItem::Document(d) => format!("{}: {}", d.id, d.text),
                InputItem::Skipped(s) => {
                    format!("skipped at {}: {}", s.origin.line.unwrap_or(0), s.reason)
                }
            })
            .collect()
    }

    /// A pipe that delivers `pieces` one read at a time.
    struct Pieces(std::collections::VecDeque<&'static [u8]>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some(piece) = self.0.pop_front() else {
                return Ok(0);
            };
            buf[..piece.len()].copy_from_slice(piece);
            Ok(piece.len())
        }
    }

    #[test]
    fn a_byte_order_mark_is_dropped_however_the_pipe_delivers_it() {
        let deliveries: [&[&'static [u8]]; 5] = [
            &[b"\xEF\xBB\xBF", b"id,text\n", b"a,Kim met Putin.\n"],
            &[b"\xEF", b"\xBB\xBFid,text\na,Kim met Putin.\n"],
            &[b"\xEF\xBB", b"\xBF", b"id,text\na,Kim met Putin.\n"],
            &[b"i", b"d,text\n", b"a,Kim met Putin.\n"],
            &[b"\xEF\xBB\xBFid,text\na,Kim met Putin.\n"],
        ];
        for pieces in deliveries {
            let pipe = Pieces(pieces.iter().copied().collect());
            let reader: Box<dyn BufRead + Send> = Box::new(io::BufReader::new(pipe));
            let items: Vec<String> = Records::new("-".into(), reader, &Fields::default(), false)
                .map(|item| match item {
                    InputItem::Document(d) => {
                        format!("{}: {} (line {:?})", d.id, d.text, d.origin.line)
                    }
                    InputItem::Skipped(s) => format!("skipped: {}", s.reason),
                })
                .collect();
            assert_eq!(items, ["a: Kim met Putin. (line Some(2))"], "{pieces:?}");
        }
        // Bytes that begin like a mark but are not one are put back: "！" is EF BC 81.
        let pipe = Pieces([&b"\xEF"[..], b"\xBC\x81,text\na,Kim\n"].into());
        let reader: Box<dyn BufRead + Send> = Box::new(io::BufReader::new(pipe));
        let items: Vec<_> = Records::new("-".into(), reader, &Fields::default(), false).collect();
        assert!(
            matches!(&items[..], [InputItem::Document(d)] if d.text == "Kim"),
            "{items:?}"
        );
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
    fn a_quote_left_open_and_closed_by_a_later_row_skips_what_it_took_in() {
        let table = "id,date,text\n\
                     1,2019-01-01,\"Putin visited China.\n\
                     2,2019-01-02,Angela Merkel met Emmanuel Macron.\n\
                     3,2019-01-03,\"Iran and Iraq\"\n\
                     4,2019-01-04,Xi spoke.\n";
        let items = read(table, false);
        assert_eq!(items.len(), 2, "{items:#?}");
        assert!(
            items[0].starts_with("skipped at 2: a quoted field opened in this row runs over"),
            "{}",
            items[0]
        );
        assert_eq!(items[1], "4: Xi spoke.");
        // A row also holding invalid UTF-8 takes its quoting trouble with it: the next is read.
        let items = read_bytes(
            b"id,text\n1,\"Putin m\xc3\xa9t\nXi\" and \xff\n2,Kim met Putin.\n",
            false,
        );
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].starts_with("skipped at 2: a quoted field opened in this row runs over"));
        assert_eq!(items[1], "2: Kim met Putin.");
        // Text after a closing quote on one line is only sloppy quoting, and a quoted field over
        // lines closed before a delimiter or line end is well formed: both are read.
        let table = "id,text,date\n\
                     a,\"Yes\" he said,2019\n\
                     b,\"Kim said \"\"no\"\"\nand left\",2019\n";
        assert_eq!(
            read(table, false),
            ["a: Yes he said", "b: Kim said \"no\"\nand left"]
        );
    }

    #[test]
    fn rows_saved_in_windows_1252_are_read_as_such() {
        // Excel on Windows: "é" is E9, "£" A3, the curly apostrophe 92.
        let items = read_bytes(
            b"id,title,text\nc1,Caf\xe9 talks,Putin\x92s \xa35m deal\nc2,,Kim left.\n\
              c3,Mixed,Erdo\xc4\x9fan \xff\n",
            false,
        );
        assert_eq!(
            items,
            [
                "c1: Caf\u{e9} talks\n\nPutin\u{2019}s \u{a3}5m deal",
                "c2: Kim left.",
                // Valid UTF-8 ("ğ") beside a byte that is not: not Windows-1252, skipped.
                "skipped at 4: invalid UTF-8 in row",
            ]
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

    #[test]
    fn a_row_with_more_fields_than_the_header_is_skipped_not_cut_short() {
        // (A trailing delimiter, row d, adds an empty field: that is not a shifted row.)
        let items = read(
            "id,text,date\n\
             a,Kim met Putin, then Moon.,2019-04-25\n\
             b,\"Kim met Putin, then Moon.\",2019-04-25\n\
             c,Xi\n\
             d,Moon,2019-04-26,\n",
            false,
        );
        assert_eq!(
            items,
            [
                "skipped at 2: row has 4 fields but the header has 3: quote fields that \
                 contain commas",
                "b: Kim met Putin, then Moon.",
                "c: Xi",
                "d: Moon",
            ]
        );
    }

    #[test]
    fn a_quote_never_closed_in_the_header_or_before_invalid_utf8_is_named() {
        let items = read("id,text,\"date\na,Kim met Putin.,2019\nb,Xi,2020\n", false);
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(
            items[0].starts_with("skipped at 1: file skipped: a quoted field opened in the header"),
            "{items:?}"
        );
        let items = read_bytes(b"id,text\na,\"Caf\xE9 talks\nb,Kim met Putin.\n", false);
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(
            items[0].starts_with("skipped at 2: a quoted field opened in this row is never closed")
                && items[0].ends_with("(and holds invalid UTF-8)"),
            "{items:?}"
        );
    }

    #[test]
    fn lines_are_the_files_with_blank_lines_and_any_line_ending() {
        let lf = "text\nKim met Putin.\n\"Moon\nsaid no.\"\nXi\n\"x\"y\"\n\n\nTrump\n";
        let crlf = lf.replace('\n', "\r\n");
        let expected = [
            "t.csv:2: Kim met Putin.",
            "t.csv:3: Moon\nsaid no.",
            "t.csv:5: Xi",
            "t.csv:6: xy\"",
            "t.csv:9: Trump",
        ];
        assert_eq!(read(lf, false), expected);
        let crlf_expected: Vec<String> = expected.iter().map(|e| e.replace('\n', "\r\n")).collect();
        assert_eq!(read(&crlf, false), crlf_expected);
        // CR CR LF, as Python's csv module writes on Windows.
        let crcrlf = lf.replace('\n', "\r\r\n");
        let lines: Vec<String> = read(&crcrlf, false)
            .iter()
            .map(|item| item.split(':').take(2).collect::<Vec<_>>().join(":"))
            .collect();
        assert_eq!(
            lines,
            ["t.csv:2", "t.csv:3", "t.csv:5", "t.csv:6", "t.csv:9"]
        );
        // Every CR LF split across two reads: one byte per read.
        struct Trickle(io::Cursor<&'static str>);
        impl Read for Trickle {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(1);
                self.0.read(&mut buf[..n])
            }
        }
        let split = Box::new(io::BufReader::with_capacity(
            1,
            Trickle(io::Cursor::new("text\r\nKim\r\n\r\nXi\r\n")),
        ));
        let lines: Vec<Option<u64>> =
            Records::new("t.csv".into(), split, &Fields::default(), false)
                .map(|item| match item {
                    InputItem::Document(d) => d.origin.line,
                    InputItem::Skipped(s) => panic!("{s}"),
                })
                .collect();
        assert_eq!(lines, [Some(2), Some(4)]);
    }
}
