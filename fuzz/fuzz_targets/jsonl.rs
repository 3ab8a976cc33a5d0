//! The JSON lines reader: any bytes written to a `.jsonl` (or `.ndjson`, gzip-compressed or
//! corrupt `.gz`) file, read to the end with `Inputs`, every document tagged. The first byte of
//! the input chooses file name, compression, format and fields.
#![no_main]

use comention::input::InputFormat;
use comention_fuzz::{read_all, reader_case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    read_all(reader_case(
        data,
        &["in.jsonl", "in.ndjson", "in.txt"],
        InputFormat::Jsonl,
    ));
});
