//! Following the quoting of CSV text as the csv crate reads it, for what the crate does not
//! report.
//!
//! The csv crate reads a quote that is never closed as a field running to the end of the file,
//! without an error: one stray quote would silently turn every later row into one field (of a
//! document's text, or of a gazetteer row). And a record's position is where the crate started
//! reading it: before the blank lines that precede it, and on the line feed of a CR LF line
//! ending, before counting that line, so its line number can be too low. [`QuoteWatch`] sits
//! between the crate and the bytes it reads, and tells both.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// A reader after [`without_bom`]: what it read ahead and put back, then the rest.
pub(crate) type Unmarked<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `reader` without the UTF-8 byte order mark it may start with, for the csv crate (and
/// [`QuoteWatch`], whose offsets must be the crate's). The crate drops a mark only when its
/// first read returns more than the mark, and a pipe may deliver the mark alone (it then read no
/// header at all).
pub(crate) fn without_bom<R: BufRead>(mut reader: R) -> io::Result<Unmarked<R>> {
    let mut head = Vec::with_capacity(BOM.len());
    loop {
        let buf = reader.fill_buf()?;
        if head.is_empty() && buf.len() >= BOM.len() {
            // Decided on the first read, as almost always: nothing to put back.
            if buf.starts_with(BOM) {
                reader.consume(BOM.len());
            }
            break;
        }
        let take = buf.len().min(BOM.len() - head.len());
        head.extend_from_slice(&buf[..take]);
        reader.consume(take);
        if take == 0 || head.len() == BOM.len() || !BOM.starts_with(&head) {
            break;
        }
    }
    if head == BOM {
        head.clear();
    }
    Ok(io::Cursor::new(head).chain(reader))
}

/// Why a record is left out when a quote in it is never closed.
pub(crate) const NEVER_CLOSED: &str = "a quoted field opened in this row is never \
    closed, so the rest of the file (if any) reads as part of it: row and rest of file skipped; \
    close the quote, or double the quotes inside the field (\"\")";

/// Why a record is left out when a quoted field in it ran over lines and was closed by a quote
/// with text after it: a quote left open, closed by the first quote of a later row.
pub(crate) const CLOSED_LATER: &str = "a quoted field opened in this row runs over the next \
    line(s) and is closed by a quote followed by text (as when a quote left open is closed by a \
    later row's quote): row skipped, with any rows it took in; close the quote, or double the \
    quotes inside the field (\"\")";

/// Why the header row `csv` has just read cannot be used, if its quoting went wrong: a quote
/// never closed (it takes the whole file with it), or [closed later](CLOSED_LATER).
pub(crate) fn header_quoting<R: Read>(csv: &mut csv::Reader<QuoteWatch<R>>) -> Option<String> {
    let closed = closed_later(csv);
    if runs_to_end(csv) {
        Some(NEVER_CLOSED.replace("this row", "the header row"))
    } else if closed {
        Some(
            CLOSED_LATER
                .replace("this row", "the header row")
                .replace(": row skipped, with any rows it took in", ""),
        )
    } else {
        None
    }
}

/// Whether the record `csv` has just read ended only because the input did, inside quotes.
pub(crate) fn runs_to_end<R: Read>(csv: &csv::Reader<QuoteWatch<R>>) -> bool {
    csv.get_ref().runs_to_end(csv.position().byte())
}

/// Whether the record `csv` has just read holds a quoted field that ran over lines and was
/// closed by a quote with text after it (see [`CLOSED_LATER`]).
pub(crate) fn closed_later<R: Read>(csv: &mut csv::Reader<QuoteWatch<R>>) -> bool {
    let end = csv.position().byte();
    csv.get_mut().closed_later(end)
}

/// Follows the quoting of a CSV byte stream as the csv crate reads it: a quote opens a quoted
/// field only at the start of a field, and inside one a doubled quote is a quote.
pub(crate) struct QuoteWatch<R> {
    inner: R,
    delimiter: u8,
    state: Quoting,
    /// Bytes read so far.
    read: u64,
    /// Whether the end of the input has been read.
    eof: bool,
    /// Where each record's first byte is, with its line, from the reader's position on (see
    /// [`QuoteWatch::line`]); whether the next byte outside quotes that ends no line starts one.
    starts: VecDeque<(u64, u64)>,
    at_record_start: bool,
    /// The line of the next byte read.
    line: u64,
    /// Whether the quoted field being read holds a line break.
    quoted_lines: bool,
    /// Where a quoted field holding a line break was closed by a quote with text after it:
    /// offsets of that text, in order (see [`QuoteWatch::closed_later`]).
    closed_later: VecDeque<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: it closes the field unless another quote follows.
    QuoteInQuoted,
}

impl<R> QuoteWatch<R> {
    pub(crate) fn new(inner: R, delimiter: u8) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            delimiter,
            state: Quoting::FieldStart,
            read: 0,
            eof: false,
            starts: VecDeque::new(),
            at_record_start: true,
            line: 1,
            quoted_lines: false,
            closed_later: VecDeque::new(),
        }
    }

    /// Whether a record that ends before offset `end` (and after the records asked about
    /// before) holds a quoted field that ran over lines and was closed by a quote followed by
    /// text: most likely a quote left open that took in the rows after it.
    fn closed_later(&mut self, end: u64) -> bool {
        let mut found = false;
        while self.closed_later.front().is_some_and(|&at| at < end) {
            self.closed_later.pop_front();
            found = true;
        }
        found
    }

    /// Whether a reader that has consumed `consumed` bytes has read the whole input, and it
    /// ended inside a quoted field.
    fn runs_to_end(&self, consumed: u64) -> bool {
        self.eof && self.state == Quoting::Quoted && consumed == self.read
    }

    /// The line a record at `position` starts on: the line of its first byte. Records are
    /// asked about in order.
    pub(crate) fn line(&mut self, position: &csv::Position) -> u64 {
        while self
            .starts
            .front()
            .is_some_and(|&(at, _)| at < position.byte())
        {
            self.starts.pop_front();
        }
        self.starts
            .front()
            .map_or(position.line(), |&(_, line)| line)
    }

    /// Follows `bytes`, read from offset `offset` of the input.
    fn follow(&mut self, bytes: &[u8], offset: u64) {
        use Quoting::*;
        // Line feeds are counted up to `counted`, as far as a record start needs its line.
        let mut counted = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            self.state = match self.state {
                Quoted => {
                    let at = memchr::memchr(b'"', &bytes[i..]);
                    let inside = &bytes[i..at.map_or(bytes.len(), |at| i + at)];
                    self.quoted_lines |= memchr::memchr2(b'\n', b'\r', inside).is_some();
                    match at {
                        Some(at) => {
                            i += at;
                            QuoteInQuoted
                        }
                        None => break,
                    }
                }
                Unquoted => match memchr::memchr3(self.delimiter, b'\n', b'\r', &bytes[i..]) {
                    Some(at) => {
                        i += at;
                        self.at_record_start = bytes[i] != self.delimiter;
                        FieldStart
                    }
                    None => break,
                },
                QuoteInQuoted if b == b'"' => Quoted,
                QuoteInQuoted
                    if self.quoted_lines && b != self.delimiter && b != b'\n' && b != b'\r' =>
                {
                    self.closed_later.push_back(offset + i as u64);
                    Unquoted
                }
                FieldStart | QuoteInQuoted => {
                    let ends_line = b == b'\n' || b == b'\r';
                    if self.at_record_start && !ends_line {
                        self.line += memchr::memchr_iter(b'\n', &bytes[counted..i]).count() as u64;
                        counted = i;
                        self.starts.push_back((offset + i as u64, self.line));
                        self.at_record_start = false;
                    }
                    self.at_record_start |= ends_line;
                    if b == b'"' && self.state != QuoteInQuoted {
                        self.quoted_lines = false;
                        Quoted
                    } else if b == self.delimiter || ends_line {
                        FieldStart
                    } else {
                        Unquoted
                    }
                }
            };
            i += 1;
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[counted..]).count() as u64;
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof = true;
        }
        let offset = self.read;
        self.read += n as u64;
        self.follow(&buf[..n], offset);
        Ok(n)
    }
}
