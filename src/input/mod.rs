//! Reading documents: plain-text files, JSON lines and CSV, from files, folders or standard input.
//!
//! [`Inputs`] walks the paths it is given (folders recursively, in sorted order), opens each file
//! (gzip-compressed ones transparently), and yields every document it reads or every record it
//! had to skip, with the reason. Nothing is dropped silently: a bad record is an
//! [`InputItem::Skipped`], and reading goes on with the next one.

mod csv;
mod jsonl;
mod text;

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::document::{DateOrder, Document, Origin, RecordFields, find_dateline_in, parse_date_in};

/// How to read an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension: `.jsonl`/`.ndjson` JSON lines, `.csv`/`.tsv` tables, anything else text.
    /// Standard input is sniffed: JSON lines if it starts with `{`, a CSV or TSV table if its
    /// first line is a header naming the text field, text otherwise.
    #[default]
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// A CSV (or, for `.tsv`, tab-separated) table with a header row.
    Csv,
}

/// Which fields of JSONL and CSV records hold what, and how dates are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The document id (default `id`). Records without one get `FILE:LINE`.
    pub id: String,
    /// The text (default `text`). Records without one are skipped.
    pub text: String,
    /// The title, put before the text when present (default `title`).
    pub title: String,
    /// The date (default `date`).
    pub date: String,
    /// How dates in numbers only are read, in date fields and in datelines of any input.
    pub date_order: DateOrder,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".into(),
            text: "text".into(),
            title: "title".into(),
            date: "date".into(),
            date_order: DateOrder::Clear,
        }
    }
}

/// A record that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where.
    pub origin: Origin,
    /// Why, in words a user can act on.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// What reading yields: a document, or a record skipped with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputItem {
    /// A document to process.
    Document(Document),
    /// A record or file that could not be read.
    Skipped(Skipped),
}

/// An input item as read, perhaps not parsed yet: JSON lines are parsed by [`Record::parse`] on
/// the thread that tags them, outside the lock that reading the input takes, which only splits
/// lines.
pub struct Record(Stage);

enum Stage {
    Item(InputItem),
    JsonLine(jsonl::Line),
}

impl Record {
    /// The document or skipped record.
    pub fn parse(self) -> InputItem {
        match self.0 {
            Stage::Item(item) => item,
            Stage::JsonLine(line) => line.parse(),
        }
    }

    /// About how many bytes of text it holds (for sizing batches).
    pub fn size(&self) -> usize {
        match &self.0 {
            Stage::Item(InputItem::Document(d)) => d.text.len(),
            Stage::Item(InputItem::Skipped(_)) => 0,
            Stage::JsonLine(line) => line.len(),
        }
    }
}

impl From<InputItem> for Record {
    fn from(item: InputItem) -> Record {
        Record(Stage::Item(item))
    }
}

/// A document a program holds in memory goes into [`crate::Pipeline`] or [`crate::build()`] as
/// it is.
impl From<Document> for Record {
    fn from(document: Document) -> Record {
        Record(Stage::Item(InputItem::Document(document)))
    }
}

impl From<jsonl::Line> for Record {
    fn from(line: jsonl::Line) -> Record {
        Record(Stage::JsonLine(line))
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Stage::Item(item) => item.fmt(f),
            Stage::JsonLine(line) => write!(f, "JsonLine({} bytes)", line.len()),
        }
    }
}

/// An input path that cannot be used at all (checked before any reading starts).
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct InputError {
    /// The path as given.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// Where the documents come from: files, folders and `-` for standard input.
pub struct Inputs {
    format: InputFormat,
    fields: Fields,
    pending: VecDeque<Result<PathBuf, Skipped>>,
    current: Option<Box<dyn Iterator<Item = Record> + Send>>,
    /// Paths left out of folders (canonical): the run's own outputs.
    excluded: Vec<PathBuf>,
}

impl fmt::Debug for Inputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inputs")
            .field("format", &self.format)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Inputs {
    /// Checks that every path exists, and prepares to read them in order.
    pub fn new(
        paths: &[PathBuf],
        format: InputFormat,
        fields: Fields,
    ) -> Result<Inputs, InputError> {
        for p in paths {
            if p.as_os_str() != "-" && !p.exists() {
                return Err(InputError {
                    path: p.display().to_string(),
                    reason: "no such file or folder".into(),
                });
            }
        }
        if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err(InputError {
                path: "-".into(),
                reason: "standard input can be read only once".into(),
            });
        }
        Ok(Inputs {
            format,
            fields,
            pending: paths.iter().cloned().map(Ok).collect(),
            current: None,
            excluded: vec![],
        })
    }

    /// The records of `reader` (text in memory, a socket, a decompressor), read as a file named
    /// `source` in `format` would be (`Auto` looks at the start, as for standard input).
    ///
    /// ```
    /// use comention::input::{Fields, InputFormat, InputItem, Inputs};
    /// let export = "{\"id\": \"a1\", \"date\": \"2019-04-25\", \"text\": \"Putin met Kim.\"}\n\
    ///               not json\n";
    /// let items: Vec<InputItem> =
    ///     Inputs::from_reader("export", export.as_bytes(), InputFormat::Jsonl, Fields::default())
    ///         .collect();
    /// assert!(matches!(&items[0], InputItem::Document(d) if d.id == "a1" && d.date.is_some()));
    /// assert!(matches!(&items[1], InputItem::Skipped(s) if s.origin.to_string() == "export:2"));
    /// ```
    pub fn from_reader(
        source: impl Into<String>,
        reader: impl Read + Send + 'static,
        format: InputFormat,
        fields: Fields,
    ) -> Inputs {
        let mut inputs = Inputs {
            format,
            fields,
            pending: VecDeque::new(),
            current: None,
            excluded: vec![],
        };
        let reader = Box::new(BufReader::with_capacity(1 << 16, reader));
        inputs.current = Some(inputs.reader(source.into(), reader, format));
        inputs
    }

    /// Leaves `path` out when it turns up inside a folder being read: a run's output folder
    /// (or file) inside its input folder (`comention build .`) is not read back as input the
    /// next time. Paths given as inputs themselves are still read.
    pub fn exclude(&mut self, path: &Path) {
        if let Ok(path) = path.canonicalize() {
            self.excluded.push(path);
        }
    }

    /// Whether a folder's entry is one of the [`excluded`](Self::exclude) paths.
    fn is_excluded(&self, entry: &walkdir::DirEntry) -> bool {
        // By name first, unless the entry is a link (whose name may differ from its target's):
        // resolving every entry's path would cost a call per file.
        !self.excluded.is_empty()
            && (entry.path_is_symlink()
                || self
                    .excluded
                    .iter()
                    .any(|x| x.file_name() == Some(entry.file_name())))
            && entry
                .path()
                .canonicalize()
                .is_ok_and(|p| self.excluded.contains(&p))
    }

    /// Opens the next path: expands a folder into its files, or starts reading a file.
    fn open_next(&mut self) -> Option<Result<(), Skipped>> {
        let path = match self.pending.pop_front()? {
            Ok(path) => path,
            Err(skipped) => return Some(Err(skipped)),
        };
        if path.as_os_str() == "-" {
            let reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(io::stdin()));
            self.current = Some(self.reader("-".into(), reader, self.format));
            return Some(Ok(()));
        }
        let source = path.display().to_string();
        let skipped = |reason: String| Skipped {
            origin: Origin {
                source: source.clone(),
                line: None,
            },
            reason,
        };
        if path.is_dir() {
            // Walk the whole folder first: a file or subfolder that cannot be read is reported
            // as skipped, and the walk goes on.
            let mut found = vec![];
            for entry in walkdir::WalkDir::new(&path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !(is_hidden(e.path()) || self.is_excluded(e)))
            {
                match entry {
                    Ok(e) if e.file_type().is_file() => found.push(Ok(e.into_path())),
                    Ok(e) if e.file_type().is_dir() => {}
                    Ok(e) => found.push(Err(Skipped {
                        origin: Origin {
                            source: e.path().display().to_string(),
                            line: None,
                        },
                        reason: "not a regular file (a device, pipe or socket)".into(),
                    })),
                    Err(e) => {
                        let at = e.path().map_or(source.clone(), |p| p.display().to_string());
                        let reason = match e.io_error() {
                            Some(io) => io.to_string(),
                            None => e.to_string(),
                        };
                        found.push(Err(Skipped {
                            origin: Origin {
                                source: at,
                                line: None,
                            },
                            reason: format!("cannot read: {reason}"),
                        }));
                    }
                }
            }
            if found.is_empty() {
                // Said, not passed over: a run over it would write empty outputs.
                return Some(Err(skipped(
                    "no file in this folder (hidden files and folders are left out)".into(),
                )));
            }
            for f in found.into_iter().rev() {
                self.pending.push_front(f);
            }
            return Some(Ok(()));
        }
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return Some(Err(skipped(format!("cannot open: {e}")))),
        };
        let gz = has_extension(&path, "gz");
        let inner = if gz {
            path.file_stem().map(PathBuf::from).unwrap_or_default()
        } else {
            path.clone()
        };
        let format = match self.format {
            InputFormat::Auto => format_by_extension(&inner),
            f => f,
        };
        let reader: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        let tab = has_extension(&inner, "tsv");
        self.current = Some(match format {
            InputFormat::Csv => {
                Box::new(csv::Records::new(source, reader, &self.fields, tab).map(Record::from))
            }
            _ => self.reader(source, reader, format),
        });
        Some(Ok(()))
    }

    fn reader(
        &self,
        source: String,
        mut reader: Box<dyn BufRead + Send>,
        format: InputFormat,
    ) -> Box<dyn Iterator<Item = Record> + Send> {
        let mut tab = false;
        let sniffed = format == InputFormat::Auto;
        let format = match format {
            InputFormat::Auto => {
                // Standard input: JSON lines if the first non-blank byte opens an object; a
                // table if the first line is a header with the text field. The first line with
                // something on it is read whole (up to 64 KiB), however the pipe delivers it,
                // and put back in front.
                let mut first = vec![];
                let mut limited = (&mut reader).take(64 * 1024);
                while let Ok(n) = limited.read_until(b'\n', &mut first) {
                    if n == 0 || first.iter().any(|b| !b.is_ascii_whitespace()) {
                        break;
                    }
                }
                let head = strip_bom(&first).trim_ascii_start();
                let sniffed = if head.first() == Some(&b'{') {
                    InputFormat::Jsonl
                } else if let Some(delimiter) = table_header(head, &self.fields.text) {
                    tab = delimiter == b'\t';
                    InputFormat::Csv
                } else {
                    InputFormat::Text
                };
                reader = Box::new(io::Cursor::new(first).chain(reader));
                sniffed
            }
            f => f,
        };
        match format {
            InputFormat::Jsonl => {
                Box::new(jsonl::Records::new(source, reader, &self.fields, sniffed))
            }
            InputFormat::Csv => {
                Box::new(csv::Records::new(source, reader, &self.fields, tab).map(Record::from))
            }
            _ => Box::new(
                text::Records::new(source, reader, self.fields.date_order).map(Record::from),
            ),
        }
    }
}

impl Inputs {
    /// The records as read, leaving the parsing of JSON lines to [`Record::parse`] (the
    /// pipeline does it on the tagging threads).
    pub fn records(mut self) -> impl Iterator<Item = Record> + Send {
        std::iter::from_fn(move || self.next_record())
    }

    fn next_record(&mut self) -> Option<Record> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(record) = current.next() {
                    return Some(record);
                }
                self.current = None;
            }
            match self.open_next()? {
                Ok(()) => {}
                Err(skipped) => return Some(Record::from(InputItem::Skipped(skipped))),
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        self.next_record().map(Record::parse)
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The format of a file by its extension (after removing `.gz`).
pub fn format_by_extension(path: &Path) -> InputFormat {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "jsonlines" => InputFormat::Jsonl,
        "csv" | "tsv" => InputFormat::Csv,
        _ => InputFormat::Text,
    }
}

/// Reads all of `reader` as bytes, reporting how far it got on an error.
fn read_all(reader: &mut dyn Read, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    reader.read_to_end(buf).map(|_| ())
}

/// Strips a UTF-8 byte-order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// How a plain-text file's bytes became its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoded {
    Utf8,
    /// Invalid UTF-8 replaced by U+FFFD.
    Repaired,
    /// No UTF-8 character beyond ASCII at all: a single-byte encoding, read as Windows-1252.
    Windows1252,
}

/// Turns bytes into text. A file that is not UTF-8 is read as Windows-1252 (Latin-1 and its
/// extensions, as older sites and Windows tools save text) when it holds no valid UTF-8
/// character beyond ASCII; otherwise its invalid bytes are replaced by U+FFFD.
fn decode(bytes: Vec<u8>) -> (String, Decoded) {
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return (s, Decoded::Utf8),
        Err(e) => e.into_bytes(),
    };
    if has_utf8_beyond_ascii(&bytes) {
        return (
            String::from_utf8_lossy(&bytes).into_owned(),
            Decoded::Repaired,
        );
    }
    (from_windows_1252(&bytes), Decoded::Windows1252)
}

/// Whether bytes that are not valid UTF-8 still hold a UTF-8 character beyond ASCII: then they
/// are UTF-8 with errors, not text in a single-byte encoding.
pub(super) fn has_utf8_beyond_ascii(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

/// `bytes` read as Windows-1252.
pub(super) fn from_windows_1252(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| windows_1252(b)).collect()
}

/// The character of a Windows-1252 byte (the WHATWG mapping: its five unassigned bytes are the
/// C1 controls of the same number).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// A record's document: its id is the id field's, or without one the record's `FILE:LINE`; its
/// text is the title (if any) and the body; its date is the date field's, or without a date
/// field, or with one not understood, the dateline's in the text. A date field that is not
/// understood is marked so (and the document undated, if its text has no dateline either).
fn record_document(
    id: Option<String>,
    title: Option<&str>,
    body: Cow<'_, str>,
    date_field: Option<&str>,
    date_order: DateOrder,
    origin: Origin,
) -> Document {
    let date_field = date_field.filter(|d| !d.trim().is_empty());
    let fields = RecordFields {
        id: id.is_some(),
        title: title.is_some(),
        date: date_field.is_some(),
    };
    let id = id.unwrap_or_else(|| origin.to_string());
    let text = with_title(title, body);
    let date = date_field.and_then(|d| field_date(d, date_order));
    let unparsed_date = date_field.filter(|_| date.is_none()).map(Into::into);
    // Without a date field, or with one not understood ("12/04/2025", either way round), the
    // dateline in the text ("Published 12 April 2025") dates the document, if it has one.
    let date = date.or_else(|| find_dateline_in(&text, date_order));
    Document {
        id,
        text,
        date,
        origin,
        repaired_utf8: false,
        windows_1252: false,
        unparsed_date,
        fields,
        repeated_id: false,
    }
}

/// A date field's date: as [`parse_date`] reads dates, or written compactly, `20190425` (also
/// with a time, `201904251015` or `20190425101500`, as GDELT and many databases export them),
/// or as a Unix time, in seconds (`1556186400`) or milliseconds (`1556186400000`), in UTC.
fn field_date(value: &str, order: DateOrder) -> Option<NaiveDate> {
    parse_date_in(value, order).or_else(|| {
        let value = value.trim();
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match value.len() {
            9 | 10 | 13 => {
                let n: i64 = value.parse().ok()?;
                let seconds = if value.len() == 13 { n / 1000 } else { n };
                return chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive());
            }
            8 | 12 | 14 => {}
            _ => return None,
        }
        let part = |at: usize| value.get(at..at + 2).map(|p| p.parse::<u32>().ok());
        // The time, if any, must be one: hours, minutes and seconds in range.
        let time_ok = [(8, 24), (10, 60), (12, 60)]
            .iter()
            .all(|&(at, limit)| part(at).is_none_or(|p| p.is_some_and(|p| p < limit)));
        let year = value[..4].parse().ok()?;
        let date = NaiveDate::from_ymd_opt(year, part(4)??, part(6)??)?;
        time_ok.then_some(date)
    })
}

/// The delimiter of a table whose first line (in `head`) is a header naming the text field
/// (`id,date,text`), if it is one: a comma, else a tab.
fn table_header(head: &[u8], text_field: &str) -> Option<u8> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line.strip_suffix(b"\r").unwrap_or(line)).ok()?;
    [b',', b'\t'].into_iter().find(|&d| {
        let fields: Vec<&str> = line
            .split(char::from(d))
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        fields.len() > 1 && fields.contains(&text_field)
    })
}

/// Builds the document text from a title and a body: the title, a blank line and the body,
/// unless one of the body's first lines is the title already (as in many scraped exports, after
/// the page's crumbs and share buttons), so that a headline is not counted twice.
fn with_title(title: Option<&str>, body: Cow<'_, str>) -> String {
    let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return body.into_owned();
    };
    // Most exports that repeat the headline start with it as it is: no need to normalise.
    let first = body.trim_start().lines().next().map(str::trim_end);
    if first == Some(t) {
        return body.into_owned();
    }
    let mut normal_title = None;
    let repeated = body.lines().take(TITLE_LINES).any(|line| {
        // Cheap test first: most lines are not the headline.
        line.trim().len().abs_diff(t.len()) <= t.len() / 4
            && normal_headline(line) == *normal_title.get_or_insert_with(|| normal_headline(t))
    });
    if repeated {
        body.into_owned()
    } else {
        format!("{t}\n\n{body}")
    }
}

/// How many lines from the top of a body its headline is looked for in (as many as a dateline).
const TITLE_LINES: usize = 15;

/// A line as [`with_title`] compares it with the title, so that the headline a page writes
/// with other quotes and apostrophes ("Mexico’s" for "Mexico's"), other spacing or in capitals
/// is the title.
fn normal_headline(s: &str) -> String {
    s.split_whitespace()
        .flat_map(|word| {
            word.chars()
                .map(|c| match c {
                    '\u{2018}' | '\u{2019}' | '`' => '\'',
                    '\u{201c}' | '\u{201d}' => '"',
                    _ => c,
                })
                .flat_map(char::to_lowercase)
                .chain([' '])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_input_is_a_table_when_its_first_line_is_a_header_with_the_text_field() {
        let header = |head: &str| table_header(head.as_bytes(), "text");
        assert_eq!(header("id,date,text\na,2019,Kim met Putin."), Some(b','));
        assert_eq!(header("\"id\",\"text\"\r\n"), Some(b','));
        assert_eq!(header("id\ttext\n"), Some(b'\t'));
        assert_eq!(header("Putin and Kim: the text, in full\n"), None);
        assert_eq!(
            header("text\nKim met Putin."),
            None,
            "one field is not a table"
        );
        assert_eq!(header("id,body\n"), None);
    }

    #[test]
    fn a_title_comes_first_once() {
        let text = |title, body: &str| with_title(title, body.into());
        assert_eq!(
            text(Some(" Summit "), "Kim met Putin."),
            "Summit\n\nKim met Putin."
        );
        assert_eq!(text(Some(""), "Kim met Putin."), "Kim met Putin.");
        assert_eq!(text(None, "Kim met Putin."), "Kim met Putin.");
        // The body starts with the headline line already.
        assert_eq!(
            text(
                Some("Kim meets Putin"),
                "\nKim meets Putin \r\n\nThe two met."
            ),
            "\nKim meets Putin \r\n\nThe two met."
        );
        // A first sentence that merely begins like the title is not the headline.
        assert_eq!(
            text(Some("Kim meets Putin"), "Kim meets Putin in Vladivostok."),
            "Kim meets Putin\n\nKim meets Putin in Vladivostok."
        );
        // A scraped page: crumbs first, then the headline with a curly apostrophe, in capitals.
        let page = "Home > World\nLive\nShare on facebook\n\nSHEINBAUM WINS MEXICO\u{2019}S \
                    PRESIDENCY\nPublished 3 June 2024\n\nClaudia Sheinbaum won.";
        assert_eq!(text(Some("Sheinbaum wins Mexico's presidency"), page), page);
        // Further down, a line like the title is a sentence of the story: the title is added.
        let late = format!("{}Kim meets Putin\n", "Line.\n".repeat(TITLE_LINES));
        assert!(text(Some("Kim meets Putin"), &late).starts_with("Kim meets Putin\n\nLine."));
    }
}
