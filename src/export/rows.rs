//! CSV rows formatted into memory.
//!
//! The mention and evidence tables are most of what a run writes (about half a byte of CSV per
//! byte of text). [`CsvRows`] lets the tagging threads format a document's rows into a buffer,
//! so that the ordered part of a run, which writes files in input order, only copies bytes.
//! Fields are quoted exactly as the `csv` crate's default writer quotes them (only when they
//! hold a comma, a quote, a line feed or a carriage return; quotes doubled), so the files read
//! the same with any CSV reader; a property test holds the two writers to the same bytes.

/// CSV rows being formatted, as bytes.
#[derive(Debug, Clone)]
pub struct CsvRows {
    bytes: Vec<u8>,
    guard: bool,
    row_start: bool,
}

impl CsvRows {
    /// An empty buffer; `guard` neutralises text that a spreadsheet would run as a formula (see
    /// [`super::spreadsheet_safe`]).
    pub fn new(guard: bool) -> CsvRows {
        CsvRows {
            bytes: Vec::new(),
            guard,
            row_start: true,
        }
    }

    /// As [`CsvRows::new`], with room for `bytes` bytes.
    pub fn with_capacity(guard: bool, bytes: usize) -> CsvRows {
        CsvRows {
            bytes: Vec::with_capacity(bytes),
            ..CsvRows::new(guard)
        }
    }

    /// The rows formatted, as bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// A text field, formula-guarded.
    pub fn text(&mut self, s: &str) {
        let guarded = self.guard && super::runs_as_formula(s);
        self.write(guarded, s.as_bytes());
    }

    /// A field written as given (numbers, dates, fixed words).
    pub fn raw(&mut self, s: &[u8]) {
        self.write(false, s);
    }

    /// A whole number.
    pub fn number(&mut self, n: u64) {
        let mut buf = [0; 20];
        self.delimiter();
        self.bytes.extend_from_slice(super::decimal(n, &mut buf));
    }

    /// Ends the current row.
    pub fn end_row(&mut self) {
        self.bytes.push(b'\n');
        self.row_start = true;
    }

    /// A row of column names.
    pub fn header(&mut self, names: &[&str]) {
        for name in names {
            self.raw(name.as_bytes());
        }
        self.end_row();
    }

    /// The rows so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Forgets the rows so far, keeping the memory.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.row_start = true;
    }

    fn delimiter(&mut self) {
        if !self.row_start {
            self.bytes.push(b',');
        }
        self.row_start = false;
    }

    fn write(&mut self, apostrophe: bool, field: &[u8]) {
        // A delimiter, quotes and an apostrophe at most, besides the field.
        self.bytes.reserve(field.len() + 4);
        self.delimiter();
        if !needs_quotes(field) {
            if apostrophe {
                self.bytes.push(b'\'');
            }
            self.bytes.extend_from_slice(field);
            return;
        }
        self.bytes.push(b'"');
        if apostrophe {
            self.bytes.push(b'\'');
        }
        for (i, part) in field.split(|&b| b == b'"').enumerate() {
            if i > 0 {
                self.bytes.extend_from_slice(b"\"\"");
            }
            self.bytes.extend_from_slice(part);
        }
        self.bytes.push(b'"');
    }
}

/// Writes a header row of column names to `out`.
pub fn write_header(out: &mut impl std::io::Write, names: &[&str]) -> std::io::Result<()> {
    let mut header = CsvRows::new(false);
    header.header(names);
    out.write_all(header.as_bytes())
}

/// Whether a field holds a comma, a quote, a line feed or a carriage return; eight bytes at a
/// time (SWAR), as the larger fields (evidence excerpts, labels) are text.
fn needs_quotes(field: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bytes equal to `b` get their high bit set (and no others do, unless one before is set).
    let has = |v: u64, b: u8| {
        let x = v ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut chunks = field.chunks_exact(8);
    for chunk in &mut chunks {
        let v = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        if has(v, b',') | has(v, b'"') | has(v, b'\n') | has(v, b'\r') != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same row through the `csv` crate's writer.
    fn by_csv_crate(fields: &[String], guard: bool) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(vec![]);
        let fields: Vec<_> = fields
            .iter()
            .map(|f| super::super::spreadsheet_safe(f, guard))
            .collect();
        w.write_record(fields.iter().map(|f| f.as_bytes())).unwrap();
        w.into_inner().unwrap()
    }

    #[test]
    fn quotes_only_what_needs_quotes() {
        let mut rows = CsvRows::new(true);
        for f in [
            "Kim Jong Un",
            "Seoul, Korea",
            "say \"hi\"",
            "-1",
            "",
            "a\r\nb",
        ] {
            rows.text(f);
        }
        rows.number(1410);
        rows.end_row();
        assert_eq!(
            std::str::from_utf8(rows.as_bytes()).unwrap(),
            "Kim Jong Un,\"Seoul, Korea\",\"say \"\"hi\"\"\",'-1,,\"a\r\nb\",1410\n"
        );
    }

    #[test]
    fn every_special_byte_is_seen_in_every_position() {
        for len in 1..20 {
            for at in 0..len {
                for special in [b',', b'"', b'\n', b'\r'] {
                    let mut field = vec![b'a'; len];
                    field[at] = special;
                    assert!(needs_quotes(&field), "{field:?}");
                }
                // Bytes next to the special ones in value do not count.
                let mut field = vec![b'a'; len];
                field[at] = [b'+', b'-', b'!', b'\t', 0x0b, 0xac][at % 6];
                assert!(!needs_quotes(&field), "{field:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn rows_are_the_bytes_the_csv_crate_writes(
            fields in proptest::collection::vec("[a-z=+@\\-\t\r\n,\" é]{0,12}", 2..6),
            guard in any::<bool>(),
        ) {
            let mut rows = CsvRows::new(guard);
            for f in &fields {
                rows.text(f);
            }
            rows.end_row();
            let expected = by_csv_crate(&fields, guard);
            prop_assert_eq!(rows.as_bytes(), expected.as_slice());
        }
    }
}
