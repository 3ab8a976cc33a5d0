//! The text normaliser and its offset map: any text, both case modes.
#![no_main]

use comention::fold::Case;
use comention_fuzz::check_offset_map;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_offset_map(&text, Case::Fold);
    check_offset_map(&text, Case::Keep);
});
