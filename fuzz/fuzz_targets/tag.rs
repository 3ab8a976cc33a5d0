//! The whole tagger (match, split, resolve, count) on any text, with a fixed small gazetteer.
#![no_main]

use comention_fuzz::{tag_and_check, tagger};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tag_and_check(tagger(), &String::from_utf8_lossy(data));
});
