//! The sentence splitter: any text, then names kept together across every line break.
#![no_main]

use comention::sentences::Segmentation;
use comention_fuzz::check_segmentation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut s = Segmentation::default();
    s.split(&text);
    check_segmentation(&text, &s);
    // Spans from the word before each line break to the word after it, as a name broken over
    // a line ("Kim Jong\nUn") would be.
    let spans: Vec<(usize, usize)> = text
        .match_indices('\n')
        .map(|(i, _)| {
            let start = text[..i]
                .rfind(char::is_whitespace)
                .map_or(0, |j| j + 1)
                .min(i);
            let end = text[i + 1..]
                .find(char::is_whitespace)
                .map_or(text.len(), |j| i + 1 + j);
            (start, end)
        })
        .collect();
    s.keep_together(spans);
    check_segmentation(&text, &s);
});
