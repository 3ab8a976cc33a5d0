//! JSON lines: one object per line with id, text, title and date fields.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::{Fields, InputItem, Skipped, strip_bom, with_title};
use crate::document::{Document, Origin, find_dateline, parse_date};

/// The records of a JSONL file, one per non-blank line.
pub(super) struct Records {
    source: String,
    reader: Box<dyn BufRead + Send>,
    fields: Fields,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl Records {
    pub(super) fn new(source: String, reader: Box<dyn BufRead + Send>, fields: &Fields) -> Records {
        Records {
            source,
            reader,
            fields: fields.clone(),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn skipped(&self, reason: String) -> InputItem {
        InputItem::Skipped(Skipped {
            origin: Origin {
                source: self.source.clone(),
                line: Some(self.line),
            },
            reason,
        })
    }

    fn record(&self, bytes: &[u8]) -> InputItem {
        let object: Map<String, Value> = match serde_json::from_slice(bytes) {
            Ok(Value::Object(o)) => o,
            Ok(_) => return self.skipped("not a JSON object".into()),
            Err(e) => return self.skipped(format!("invalid JSON: {e}")),
        };
        let text = match object.get(&self.fields.text) {
            Some(Value::String(s)) => s.as_str(),
            Some(Value::Null) | None => {
                return self.skipped(format!(
                    "no {:?} field (choose the text field with --text-field)",
                    self.fields.text
                ));
            }
            Some(_) => {
                return self.skipped(format!("field {:?} is not a string", self.fields.text));
            }
        };
        let origin = Origin {
            source: self.source.clone(),
            line: Some(self.line),
        };
        let id = match object.get(&self.fields.id) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => origin.to_string(),
        };
        let title = match object.get(&self.fields.title) {
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let text = with_title(title, text);
        let date_field = match object.get(&self.fields.date) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
            _ => None,
        };
        let date = date_field.and_then(parse_date);
        let unparsed_date = date_field.is_some() && date.is_none();
        let date = date.or_else(|| date_field.is_none().then(|| find_dateline(&text)).flatten());
        InputItem::Document(Document {
            id,
            text,
            date,
            origin,
            repaired_utf8: false,
            unparsed_date,
        })
    }
}

impl Iterator for Records {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let mut bytes = self.buf.as_slice();
                    if self.line == 1 {
                        bytes = strip_bom(bytes);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(self.record(bytes));
                }
                Err(e) => {
                    self.done = true;
                    return Some(self.skipped(format!("read error, rest of file skipped: {e}")));
                }
            }
        }
        None
    }
}
