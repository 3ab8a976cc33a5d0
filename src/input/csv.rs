//! CSV and TSV tables: a header row, then one record per row.

use std::io::BufRead;

use super::{Fields, InputItem, Skipped, with_title};
use crate::document::{Document, Origin, find_dateline, parse_date};

/// The records of a CSV file.
pub(super) struct Records {
    source: String,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
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
        let reader = csv::ReaderBuilder::new()
            .delimiter(if tab { b'\t' } else { b',' })
            .flexible(true)
            .from_reader(reader);
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
        let item = match self.reader.read_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                return None;
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
                        let text = with_title(get(c.title), body.into());
                        let date_field = get(c.date).filter(|d| !d.trim().is_empty());
                        let date = date_field.and_then(parse_date);
                        let unparsed_date = date_field.is_some() && date.is_none();
                        let date = date.or_else(|| {
                            date_field.is_none().then(|| find_dateline(&text)).flatten()
                        });
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
