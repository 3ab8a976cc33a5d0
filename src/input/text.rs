//! Plain-text files: one document per file, its id the path, its date from a dateline.

use std::io::BufRead;

use super::{Decoded, InputItem, Skipped, decode, read_all, strip_bom};
use crate::document::{DateOrder, Document, Origin, RecordFields, find_dateline_in};

/// The single document of a plain-text file.
pub(super) struct Records {
    source: String,
    reader: Option<Box<dyn BufRead + Send>>,
    date_order: DateOrder,
}

impl Records {
    pub(super) fn new(
        source: String,
        reader: Box<dyn BufRead + Send>,
        date_order: DateOrder,
    ) -> Records {
        Records {
            source,
            reader: Some(reader),
            date_order,
        }
    }
}

/// How many bytes from the start are looked at to tell a binary file from text.
const SNIFF_LEN: usize = 8192;

impl Iterator for Records {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        let mut reader = self.reader.take()?;
        let origin = Origin {
            source: self.source.clone(),
            line: None,
        };
        let mut bytes = Vec::new();
        if let Err(e) = read_all(&mut reader, &mut bytes) {
            return Some(InputItem::Skipped(Skipped {
                origin,
                reason: format!("read error after {} bytes: {e}", bytes.len()),
            }));
        }
        if bytes[..bytes.len().min(SNIFF_LEN)].contains(&0) {
            return Some(InputItem::Skipped(Skipped {
                origin,
                reason: "binary file (holds NUL bytes), not text".into(),
            }));
        }
        let body = strip_bom(&bytes);
        if self.source != "-" && body.trim_ascii().is_empty() {
            // A page that failed to download, most often: a document of nothing would count.
            return Some(InputItem::Skipped(Skipped {
                origin,
                reason: "empty file (nothing but white space)".into(),
            }));
        }
        let body = if body.len() == bytes.len() {
            bytes
        } else {
            body.to_vec()
        };
        let (text, decoded) = decode(body);
        let date = find_dateline_in(&text, self.date_order);
        Some(InputItem::Document(Document {
            id: self.source.clone(),
            text,
            date,
            origin,
            repaired_utf8: decoded == Decoded::Repaired,
            windows_1252: decoded == Decoded::Windows1252,
            unparsed_date: None,
            fields: RecordFields::default(),
            repeated_id: false,
        }))
    }
}
