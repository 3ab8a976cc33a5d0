//! The CSV and TSV reader: any bytes written to a `.csv` or `.tsv` file (plain, gzip-compressed
//! or corrupt `.gz`), read to the end with `Inputs`, every document tagged. The first byte of the
//! input chooses file name, compression, format and fields.
#![no_main]

use comention::input::InputFormat;
use comention_fuzz::{read_all, reader_case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    read_all(reader_case(
        data,
        &["in.csv", "in.tsv", "in.txt"],
        InputFormat::Csv,
    ));
});
