//! JSON lines: one object per line with id, text, title and date fields.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};
use std::sync::Arc;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::{Fields, InputItem, Record, Skipped, record_document, strip_bom};
use crate::document::Origin;

/// The records of a JSONL file, one per non-blank line, read but not parsed: parsing is left
/// to the thread that tags them.
pub(super) struct Records {
    file: Arc<File>,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    /// The length of the last line, to size the next one's buffer.
    last_len: usize,
    /// Whether a line has been handed out (the first gets the hint of a sniffed file).
    started: bool,
    done: bool,
}

/// What the lines of one file share.
struct File {
    source: String,
    fields: Fields,
    /// Taken for JSON lines because it starts with `{` (standard input without
    /// `--input-format`): a first line that is not JSON says how to read it as text.
    sniffed: bool,
}

/// One line of a JSONL file.
pub(super) struct Line {
    file: Arc<File>,
    line: u64,
    bytes: Vec<u8>,
    /// The first line with something on it.
    first: bool,
}

impl Records {
    pub(super) fn new(
        source: String,
        reader: Box<dyn BufRead + Send>,
        fields: &Fields,
        sniffed: bool,
    ) -> Records {
        Records {
            file: Arc::new(File {
                source,
                fields: fields.clone(),
                sniffed,
            }),
            reader,
            line: 0,
            last_len: 0,
            started: false,
            done: false,
        }
    }
}

impl Line {
    /// The bytes read.
    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }

    fn skipped(&self, reason: String) -> InputItem {
        InputItem::Skipped(Skipped {
            origin: self.origin(),
            reason,
        })
    }

    fn origin(&self) -> Origin {
        Origin {
            source: self.file.source.clone(),
            line: Some(self.line),
        }
    }

    /// Parses the line into a document, or says why it is skipped.
    pub(super) fn parse(self) -> InputItem {
        let fields = &self.file.fields;
        let mut bytes = self.bytes.as_slice();
        if self.line == 1 {
            bytes = strip_bom(bytes);
        }
        // Without its line ending, so that an error's position is a column on this line.
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let record = match (RecordSeed(fields).deserialize(&mut de), de.end()) {
            (Ok(Some(record)), Ok(())) => record,
            (Ok(None), Ok(())) => return self.skipped("not a JSON object".into()),
            (Err(e), _) | (_, Err(e)) => {
                let mut reason = invalid_json(&e, bytes);
                if self.file.sniffed && self.first {
                    reason.push_str(
                        " (read as JSON lines because it starts with '{'; if it is plain text, \
                         give --input-format text)",
                    );
                }
                return self.skipped(reason);
            }
        };
        let text = match record.text {
            Value::Text(s) => s,
            Value::Null | Value::Missing => {
                return self.skipped(format!(
                    "no {:?} field (choose the text field with --text-field)",
                    fields.text
                ));
            }
            Value::Number(_) | Value::Other => {
                return self.skipped(format!("field {:?} is not a string", fields.text));
            }
        };
        let origin = self.origin();
        let id = match record.id {
            Value::Text(s) if !s.is_empty() => Some(s.into_owned()),
            Value::Number(n) => Some(n),
            _ => None,
        };
        let title = match &record.title {
            Value::Text(s) => Some(&**s),
            _ => None,
        };
        let date_field = match &record.date {
            Value::Text(s) => Some(&**s),
            Value::Number(n) => Some(n.as_str()),
            _ => None,
        };
        let order = self.file.fields.date_order;
        InputItem::Document(record_document(id, title, text, date_field, order, origin))
    }
}

/// The fields of one record that a document is made of; the others are skipped unread.
#[derive(Debug, Default, PartialEq)]
struct Picked<'a> {
    id: Value<'a>,
    text: Value<'a>,
    title: Value<'a>,
    date: Value<'a>,
}

/// One field's value, borrowed from the line when it has no escapes.
#[derive(Debug, Default, Clone, PartialEq)]
enum Value<'a> {
    Text(Cow<'a, str>),
    /// A number, as JSON writes it.
    Number(String),
    Null,
    /// An object, array or boolean.
    Other,
    /// No such field.
    #[default]
    Missing,
}

/// Reads a record's fields by the names in [`Fields`]; `None` for JSON that is not an object.
struct RecordSeed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Option<Picked<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Option<Picked<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let fields = self.0;
        let mut record = Picked::default();
        while let Some(Key(key)) = map.next_key()? {
            // As with any JSON object, the last of repeated keys wins; one key may fill several
            // fields (`--id-field published --date-field published`).
            let names = [&fields.text, &fields.id, &fields.title, &fields.date];
            let wanted = (0..4)
                .filter(|&i| *names[i] == key)
                .fold(0u8, |m, i| m | 1 << i);
            if wanted == 0 {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value: Value<'de> = map.next_value()?;
            let slots = [
                &mut record.text,
                &mut record.id,
                &mut record.title,
                &mut record.date,
            ];
            let last = 7 - wanted.leading_zeros() as usize;
            for (i, slot) in slots.into_iter().enumerate() {
                if i < last && wanted & (1 << i) != 0 {
                    *slot = value.clone();
                } else if i == last {
                    *slot = value;
                    break;
                }
            }
        }
        Ok(Some(record))
    }

    // Any other JSON value is a record that is not an object.
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_str(StrVisitor).map(Key)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Value::Text(Cow::Borrowed(s)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Value::Text(Cow::Owned(s.to_owned())))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Value::Text(Cow::Owned(s)))
    }
    // Numbers are written back as serde_json writes them.
    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Value::Number(serde_json::Number::from(n).to_string()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Value::Number(serde_json::Number::from(n).to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(n).map_or(Value::Other, |n| Value::Number(n.to_string())))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Value::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Other)
    }
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        while !self.done {
            let mut bytes = Vec::with_capacity(self.last_len + 64);
            self.line += 1;
            match read_line(&mut *self.reader, &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.last_len = bytes.len();
                    let content = if self.line == 1 {
                        strip_bom(&bytes)
                    } else {
                        &bytes
                    };
                    if content.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let first = !std::mem::replace(&mut self.started, true);
                    return Some(Record::from(Line {
                        file: self.file.clone(),
                        line: self.line,
                        bytes,
                        first,
                    }));
                }
                Err(e) => {
                    self.done = true;
                    let line = Line {
                        file: self.file.clone(),
                        line: self.line,
                        bytes: vec![],
                        first: false,
                    };
                    let reason = format!("read error, rest of file skipped: {e}");
                    return Some(Record::from(line.skipped(reason)));
                }
            }
        }
        None
    }
}

/// Why a line is not JSON, with where on the line: serde_json says "at line 1 column N" of a
/// record that is one line of the file (whose number the skip names already). Invalid UTF-8 is
/// named as such, not as serde_json's "invalid unicode code point".
fn invalid_json(e: &serde_json::Error, line: &[u8]) -> String {
    // serde_json checks UTF-8 only in the strings it reads: in another field a bad byte is
    // skipped, and the syntax error is the reason.
    if let Err(bad) = std::str::from_utf8(line)
        && e.to_string().starts_with("invalid unicode code point")
    {
        return format!(
            "invalid UTF-8 at column {} (byte 0x{:02X}); save the file as UTF-8",
            bad.valid_up_to() + 1,
            line[bad.valid_up_to()]
        );
    }
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let why = text.strip_suffix(&position).unwrap_or(&text);
    format!("invalid JSON at column {}: {why}", e.column())
}

/// As [`BufRead::read_until`] a line feed, with the memchr crate's vectorised search (the
/// standard library's is a plain loop, and this runs over every byte of the input).
fn read_line(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (done, used) = match memchr::memchr(b'\n', buf) {
            Some(i) => (true, i + 1),
            None => (buf.is_empty(), buf.len()),
        };
        line.extend_from_slice(&buf[..used]);
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(lines: &str) -> Vec<InputItem> {
        read_bytes(lines.as_bytes())
    }

    fn read_bytes(lines: &[u8]) -> Vec<InputItem> {
        let reader = Box::new(std::io::Cursor::new(lines.to_vec()));
        Records::new("f.jsonl".into(), reader, &Fields::default(), false)
            .map(Record::parse)
            .collect()
    }

    fn document(item: &InputItem) -> (&str, &str, Option<String>) {
        match item {
            InputItem::Document(d) => (&d.id, &d.text, d.date.map(|d| d.to_string())),
            InputItem::Skipped(s) => panic!("skipped: {}", s.reason),
        }
    }

    fn reason(item: &InputItem) -> &str {
        match item {
            InputItem::Skipped(s) => &s.reason,
            InputItem::Document(d) => panic!("read: {d:?}"),
        }
    }

    proptest! {
        #[test]
        fn lines_are_read_as_read_until_reads_them(
            text in "[a\n{}é]{0,40}",
            capacity in 1usize..8,
        ) {
            let lines = |with_memchr: bool| {
                let mut reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
                let mut lines = vec![];
                loop {
                    let mut line = vec![];
                    let n = if with_memchr {
                        read_line(&mut reader, &mut line).unwrap()
                    } else {
                        reader.read_until(b'\n', &mut line).unwrap()
                    };
                    if n == 0 {
                        return lines;
                    }
                    assert_eq!(n, line.len());
                    lines.push(line);
                }
            };
            prop_assert_eq!(lines(true), lines(false));
        }
    }

    #[test]
    fn reads_the_named_fields_and_skips_the_others() {
        let items = read(concat!(
            r#"{"id": 7, "extra": {"a": [1, {"b": null}], "text": "no"}, "title": "Summit", "#,
            r#""text": "Kim met Putin.", "date": "2019-04-25", "tags": ["x", true]}"#,
            "\n",
            r#"{"id": "a\\b", "text": "North Korea\u2019s \"envoy\"\nsaid"}"#,
            "\n\n",
            r#"{"id": -3.5, "text": "first", "text": "last", "date": "soon"}"#,
            "\n",
            r#"{"id": "", "title": "Kim meets Putin", "text": "Kim meets Putin  \n\nThe two met."}"#,
        ));
        assert_eq!(items.len(), 4);
        assert_eq!(
            document(&items[0]),
            ("7", "Summit\n\nKim met Putin.", Some("2019-04-25".into()))
        );
        assert_eq!(
            document(&items[1]),
            ("a\\b", "North Korea\u{2019}s \"envoy\"\nsaid", None)
        );
        assert_eq!(document(&items[2]), ("-3.5", "last", None));
        match &items[2] {
            InputItem::Document(d) => assert_eq!(d.unparsed_date.as_deref(), Some("soon")),
            _ => unreachable!(),
        }
        // The text starts with the title already: it is not repeated; no id: file and line.
        assert_eq!(
            document(&items[3]),
            ("f.jsonl:5", "Kim meets Putin  \n\nThe two met.", None)
        );
    }

    #[test]
    fn dates_may_be_numbers_compact_or_unix_times() {
        let items = read(concat!(
            r#"{"text": "a", "date": 20190425}"#,
            "\n",
            r#"{"text": "b", "date": "20190425101500"}"#,
            "\n",
            r#"{"text": "c", "date": 1556150400}"#,
            "\n",
            r#"{"text": "d", "date": "20191345"}"#,
            "\n",
            r#"{"text": "e", "date": "20190425999999"}"#,
            "\n",
            r#"{"text": "f", "date": 201904251015}"#,
            "\n",
            r#"{"text": "g", "date": "1556150400000"}"#,
            "\n",
            // Not understood (either way round), but the text has a dateline.
            r#"{"text": "Live\nPublished 12 April 2025\nh", "date": "12/04/2025"}"#,
            "\n",
        ));
        let dates: Vec<_> = items
            .iter()
            .map(|item| match item {
                InputItem::Document(d) => (
                    d.date.map(|d| d.to_string()),
                    d.unparsed_date.as_deref().map(str::to_string),
                    d.fields.date,
                ),
                _ => unreachable!(),
            })
            .collect();
        let at = || Some("2019-04-25".to_string());
        assert_eq!(
            dates,
            [
                (at(), None, true),
                (at(), None, true),
                // A Unix time, in seconds.
                (at(), None, true),
                // No 13th month, no 99th hour: not understood, and said so.
                (None, Some("20191345".into()), true),
                (None, Some("20190425999999".into()), true),
                (at(), None, true),
                // A Unix time in milliseconds.
                (at(), None, true),
                (Some("2025-04-12".into()), Some("12/04/2025".into()), true),
            ]
        );
    }

    #[test]
    fn one_key_may_fill_several_fields() {
        let reader = Box::new(std::io::Cursor::new(
            br#"{"text": "Kim met Putin.", "published": "2019-04-25"}"#.to_vec(),
        ));
        let fields = Fields {
            id: "published".into(),
            date: "published".into(),
            ..Fields::default()
        };
        let items: Vec<InputItem> = Records::new("f.jsonl".into(), reader, &fields, false)
            .map(Record::parse)
            .collect();
        assert_eq!(
            document(&items[0]),
            ("2019-04-25", "Kim met Putin.", Some("2019-04-25".into()))
        );
    }

    #[test]
    fn says_why_a_record_is_skipped() {
        let items = read(concat!(
            "[1, 2]\n",
            "\"text\"\n",
            "{\"text\": null}\n",
            "{\"id\": 1}\n",
            "{\"text\": 5}\n",
            "{\"text\": \"a\"} x\n",
            "{\"text\": \"a\"\n",
        ));
        let reasons: Vec<&str> = items.iter().map(reason).collect();
        assert_eq!(reasons[..2], ["not a JSON object", "not a JSON object"]);
        assert!(reasons[2].starts_with("no \"text\" field"));
        assert!(reasons[3].starts_with("no \"text\" field"));
        assert_eq!(reasons[4], "field \"text\" is not a string");
        assert_eq!(reasons[5], "invalid JSON at column 15: trailing characters");
        assert_eq!(
            reasons[6],
            "invalid JSON at column 12: EOF while parsing an object"
        );
        // Latin-1, not UTF-8; and a syntax error is named as such, before or after a bad byte.
        let latin1 = read_bytes(
            b"{\"text\": \"Caf\xE9 au lait\"}\n{\"text\" \"Caf\xE9\"}\n\
              {\"src\": \"Caf\xE9\", \"text\": \"x\" oops}\n",
        );
        let reasons: Vec<&str> = latin1.iter().map(reason).collect();
        assert_eq!(
            reasons,
            [
                "invalid UTF-8 at column 14 (byte 0xE9); save the file as UTF-8",
                "invalid JSON at column 9: expected `:`",
                "invalid JSON at column 29: expected `,` or `}`",
            ]
        );
    }

    /// What the fields mean when the whole line is parsed into a `serde_json::Value`.
    fn reference(line: &str) -> Result<(String, String), String> {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|_| "invalid")?;
        let object = value.as_object().ok_or("not an object")?;
        let text = match object.get("text") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => return Err("no text".into()),
            Some(_) => return Err("not a string".into()),
        };
        let id = match object.get("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => "f.jsonl:1".into(),
        };
        Ok((id, text))
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::btree_map(
                    prop_oneof![Just("text".to_string()), ".{0,3}"],
                    inner,
                    0..4
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn agrees_with_a_full_parse(
            text in prop::option::weighted(0.9, prop_oneof![
                4 => any::<String>().prop_map(serde_json::Value::from),
                1 => json_value(),
            ]),
            id in prop::option::weighted(0.8, prop_oneof![
                any::<i64>().prop_map(serde_json::Value::from),
                any::<u64>().prop_map(serde_json::Value::from),
                any::<f64>().prop_map(serde_json::Value::from),
                json_value(),
            ]),
            others in prop::collection::vec((".{0,4}", json_value()), 0..4),
        ) {
            let mut object: serde_json::Map<String, serde_json::Value> =
                others.into_iter().collect();
            object.extend(text.map(|t| ("text".to_string(), t)));
            object.extend(id.map(|i| ("id".to_string(), i)));
            let line = serde_json::Value::Object(object).to_string();
            let items = read(&line);
            prop_assert_eq!(items.len(), 1);
            match (&items[0], reference(&line)) {
                (InputItem::Document(d), Ok((id, text))) => {
                    prop_assert_eq!(&d.id, &id);
                    prop_assert_eq!(&d.text, &text);
                }
                (InputItem::Skipped(_), Err(_)) => {}
                (item, expected) => prop_assert!(false, "{:?} but expected {:?}", item, expected),
            }
        }
    }
}
