//! Following the quoting of CSV text as the csv crate reads it, for what the crate does not
//! report.
//!
//! The csv crate reads a quote that is never closed as a field running to the end of the file,
//! without an error: one stray quote would silently turn every later row into one field (of a
//! document's text, or of a gazetteer row). And it places a record that follows a CR LF line
//! ending on its line feed, before counting that line, so its line number is one too low.
//! [`QuoteWatch`] sits between the crate and the bytes it reads, and tells both.

use std::collections::VecDeque;
use std::io::{self, Read};

/// Why a record is left out when a quote in it is never closed.
pub(crate) const NEVER_CLOSED: &str = "a quoted field opened in this row is never \
    closed, so the rest of the file (if any) reads as part of it: row and rest of file skipped; \
    close the quote, or double the quotes inside the field (\"\")";

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
    /// Where the line feeds of CR LF line endings outside quotes are, from the reader's position
    /// on (see [`QuoteWatch::starts_after_crlf`]), and whether the last byte read was a carriage return.
    crlf: VecDeque<u64>,
    after_cr: bool,
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
    pub(crate) fn new(inner: R, delimiter: u8) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            delimiter,
            state: Quoting::Start,
            read: 0,
            eof: false,
            crlf: VecDeque::new(),
            after_cr: false,
        }
    }

    /// Whether a reader that has consumed `consumed` bytes has read the whole input, and it
    /// ended inside a quoted field.
    pub(crate) fn runs_to_end(&self, consumed: u64) -> bool {
        self.eof && self.state == Quoting::Quoted && consumed == self.read
    }

    /// Whether a record that starts at byte `at` starts on the line feed of a CR LF (as the
    /// csv crate places records after one). Records are asked about in order.
    fn starts_after_crlf(&mut self, at: u64) -> bool {
        while self.crlf.front().is_some_and(|&lf| lf < at) {
            self.crlf.pop_front();
        }
        self.crlf.front() == Some(&at)
    }

    /// The line a record at `position` starts on (the csv crate's line, corrected after CR LF).
    /// Records are asked about in order.
    pub(crate) fn line(&mut self, position: &csv::Position) -> u64 {
        position.line() + u64::from(self.starts_after_crlf(position.byte()))
    }

    /// Follows `bytes`, read from offset `offset` of the input.
    fn follow(&mut self, mut bytes: &[u8], mut offset: u64) {
        use Quoting::*;
        if self.state == Start {
            let bom = b"\xEF\xBB\xBF";
            if bytes.starts_with(bom) {
                bytes = &bytes[bom.len()..];
                offset += bom.len() as u64;
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
                    None => break,
                },
                Unquoted => match memchr::memchr3(self.delimiter, b'\n', b'\r', &bytes[i..]) {
                    Some(at) => {
                        i += at;
                        FieldStart
                    }
                    None => break,
                },
                QuoteInQuoted if b == b'"' => Quoted,
                FieldStart | QuoteInQuoted | Start => {
                    let after_cr = if i == 0 {
                        self.after_cr
                    } else {
                        bytes[i - 1] == b'\r'
                    };
                    if b == b'\n' && after_cr {
                        self.crlf.push_back(offset + i as u64);
                    }
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
        if let Some(&last) = bytes.last() {
            self.after_cr = last == b'\r';
        }
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
