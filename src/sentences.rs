//! Splitting news text into paragraphs and sentences, the windows in which co-mentions count.
//!
//! The rules are made for news scraped to text:
//! - Paragraphs end at blank lines. A text without any blank line is taken to put one paragraph
//!   on each line (as many scrapers and JSON exports do).
//! - A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by
//!   space and a character that is not a lower-case letter, except after an abbreviation such as
//!   "Mr.", "Gen.", "Jan.", "U.S." or an initial ("Vladimir V. Putin").
//! - A line that ends without final punctuation (a headline, a caption, a navigation crumb) is a
//!   sentence of its own, unless the text looks hard-wrapped there: the next line starts in lower
//!   case, or the line ends with a comma or a little word such as "the", "of" or "and".
//!
//! Offsets are byte offsets into the text; sentence spans exclude surrounding whitespace.

/// A sentence: a byte span of the text and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// Index of its paragraph, from 0.
    pub paragraph: u32,
}

/// The sentences and paragraphs of one text. Reuse one value across documents.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    sentences: Vec<Sentence>,
    paragraphs: Vec<(usize, usize)>,
    lines: Vec<Line>,
    /// Whether blank lines end paragraphs (otherwise each line is one).
    blank_lines: bool,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// End of the line's text, without `\r\n`.
    end: usize,
    blank: bool,
}

/// Abbreviations that end with a full stop inside a sentence. Compared without the stop, by
/// binary search: keep them in byte order.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Ald", "Apr", "Aug", "Ave", "Brig", "Bros", "Capt", "Cdr", "Cmdr", "Co", "Col", "Corp",
    "Cpl", "Dec", "Dept", "Dr", "Feb", "Fig", "Fr", "Ft", "Gen", "Gov", "Hon", "Inc", "Jan", "Jr",
    "Jul", "Jun", "Lt", "Ltd", "Maj", "Messrs", "Mme", "Mr", "Mrs", "Ms", "Mt", "Nov", "Oct",
    "Pres", "Prof", "Pte", "Rep", "Rev", "Rt", "Sen", "Sep", "Sept", "Sgt", "Sr", "St", "Supt",
    "al", "approx", "ca", "cf", "etc", "vs",
];

/// Little words that do not end a headline, so a line ending in one was wrapped mid-sentence.
const CONTINUATION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "over", "said", "says", "than", "that", "the", "their", "to", "was", "were", "which", "who",
    "with",
];

impl Segmentation {
    /// Splits `text`, replacing what this value held.
    ///
    /// ```
    /// use comention::sentences::Segmentation;
    /// let text = "Putin meets Kim\n\nMr. Putin met Kim Jong Un in Vladivostok. They talked.";
    /// let mut s = Segmentation::default();
    /// s.split(text);
    /// let spans: Vec<&str> = s.sentences().iter().map(|x| &text[x.start..x.end]).collect();
    /// assert_eq!(spans, ["Putin meets Kim", "Mr. Putin met Kim Jong Un in Vladivostok.", "They talked."]);
    /// assert_eq!(s.paragraphs().len(), 2);
    /// ```
    pub fn split(&mut self, text: &str) {
        self.sentences.clear();
        self.paragraphs.clear();
        self.lines.clear();
        let bytes = text.as_bytes();
        let mut start = 0;
        while start <= bytes.len() {
            let nl = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let mut end = nl;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let blank = text[start..end].trim().is_empty();
            self.lines.push(Line { start, end, blank });
            start = nl + 1;
        }
        // Blank lines before the first line of text or after the last (a final line break)
        // separate nothing.
        let first = self.lines.iter().position(|l| !l.blank);
        let last = self.lines.iter().rposition(|l| !l.blank);
        let blank_mode = match (first, last) {
            (Some(first), Some(last)) => self.lines[first..last].iter().any(|l| l.blank),
            _ => false,
        };
        self.blank_lines = blank_mode;
        let mut i = 0;
        while i < self.lines.len() {
            if self.lines[i].blank {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            if blank_mode {
                while j < self.lines.len() && !self.lines[j].blank {
                    j += 1;
                }
            } else {
                // One paragraph per line, but a wrapped line goes on in the next one.
                while j < self.lines.len()
                    && !self.lines[j].blank
                    && !self.line_end_breaks(text, self.lines[j - 1], self.lines[j])
                {
                    j += 1;
                }
            }
            let paragraph = self.paragraphs.len() as u32;
            let first = self.sentences.len();
            self.split_paragraph(text, i, j, paragraph);
            if self.sentences.len() > first {
                let start = self.sentences[first].start;
                let end = self.sentences.last().expect("non-empty").end;
                self.paragraphs.push((start, end));
            }
            i = j;
        }
    }

    /// The sentences, in text order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The paragraphs as byte spans, in text order.
    pub fn paragraphs(&self) -> &[(usize, usize)] {
        &self.paragraphs
    }

    /// The index of the sentence holding byte `offset`, or of the last sentence before it.
    pub fn sentence_at(&self, offset: usize) -> usize {
        self.sentences
            .partition_point(|s| s.start <= offset)
            .saturating_sub(1)
    }

    /// Merges sentences so that no span in `spans` (sorted by start) crosses a sentence end,
    /// for names broken over a line ("Kim Jong\nUn"), even where each line is a paragraph.
    /// Spans that cross a blank line are left alone.
    pub fn keep_together(&mut self, spans: impl IntoIterator<Item = (usize, usize)>) {
        for (start, end) in spans {
            let (a, b) = (
                self.sentence_at(start),
                self.sentence_at(end.saturating_sub(1)),
            );
            if a >= b {
                continue;
            }
            let (pa, pb) = (self.sentences[a].paragraph, self.sentences[b].paragraph);
            if pa != pb && self.blank_lines {
                continue;
            }
            self.sentences[a].end = self.sentences[b].end;
            self.sentences.drain(a + 1..=b);
            if pa != pb {
                // A text with one paragraph per line, and a name broken over a line: the
                // paragraphs it joins become one.
                let joined = (pb - pa) as usize;
                self.paragraphs[pa as usize].1 = self.paragraphs[pb as usize].1;
                self.paragraphs.drain(pa as usize + 1..=pb as usize);
                for s in &mut self.sentences[a..] {
                    s.paragraph = if s.paragraph <= pb {
                        pa
                    } else {
                        s.paragraph - joined as u32
                    };
                }
            }
        }
    }

    /// Splits lines `first..last` (one paragraph) into sentences.
    fn split_paragraph(&mut self, text: &str, first: usize, last: usize, paragraph: u32) {
        let bytes = text.as_bytes();
        let mut start = self.lines[first].start;
        for li in first..last {
            let line = self.lines[li];
            let next_line = (li + 1 < last).then(|| self.lines[li + 1]);
            // Sentence ends inside the line.
            let mut k = line.start;
            let mut ellipsis = find_ellipsis(bytes, k, line.end);
            while k < line.end {
                // The next terminator: memchr for . ! ? and, where there is one, an ellipsis.
                let ascii = memchr::memchr3(b'.', b'!', b'?', &bytes[k..line.end]).map(|i| k + i);
                if ellipsis.is_some_and(|e| e < k) {
                    ellipsis = find_ellipsis(bytes, k, line.end);
                }
                let Some(stop) = [ascii, ellipsis].into_iter().flatten().min() else {
                    break;
                };
                k = stop;
                let mut j = k;
                // The run of terminators and closing quotes or brackets.
                for c in text[k..line.end].chars() {
                    if matches!(
                        c,
                        '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
                    ) {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                k = j;
                if bytes[stop] == b'.' && is_abbreviation(&text[line.start..stop], &text[j..]) {
                    continue;
                }
                if j == line.end {
                    break; // Decided with the line end below.
                }
                if !text[j..].starts_with(char::is_whitespace) {
                    continue; // "3.5", "Yahoo!Inc", "U.S.-led".
                }
                let next = text[j..line.end].trim_start().chars().next();
                if next.is_none_or(|c| !c.is_lowercase()) {
                    self.push(text, start, j, paragraph);
                    start = j;
                }
            }
            // The line end.
            let Some(next_line) = next_line else {
                break;
            };
            if self.line_end_breaks(text, line, next_line) {
                self.push(text, start, line.end, paragraph);
                start = next_line.start;
            }
        }
        self.push(text, start, self.lines[last - 1].end, paragraph);
    }

    /// Whether a sentence ends at the end of `line`, given the line after it.
    fn line_end_breaks(&self, text: &str, line: Line, next: Line) -> bool {
        let body = text[line.start..line.end].trim_end();
        let Some(last) = body.chars().next_back() else {
            return true;
        };
        // A long line followed by one in lower case was wrapped; a short one ("Live" then
        // "facebook") is a navigation crumb.
        let next_first = text[next.start..next.end].trim_start().chars().next();
        if next_first.is_some_and(char::is_lowercase) && body.len() >= WRAPPED_LINE_MIN {
            return false;
        }
        if matches!(
            last,
            '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')' | ']' | '»'
        ) {
            // Final punctuation: a sentence end, unless an abbreviation ("Vladimir V.").
            let without = body.trim_end_matches(['"', '”', '’', ')', ']', '»']);
            let next_text = &text[next.start..next.end];
            return !(without.ends_with('.')
                && is_abbreviation(&without[..without.len() - 1], next_text));
        }
        if matches!(last, ',' | ';' | '-' | '–' | '—' | '(') {
            return false;
        }
        let last_word = body
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        !CONTINUATION_WORDS.contains(&last_word)
    }

    fn push(&mut self, text: &str, start: usize, end: usize, paragraph: u32) {
        let span = &text[start..end];
        let trimmed_start = start + (span.len() - span.trim_start().len());
        let trimmed_end = start + span.trim_end().len();
        if trimmed_start < trimmed_end {
            self.sentences.push(Sentence {
                start: trimmed_start,
                end: trimmed_end,
                paragraph,
            });
        }
    }
}

/// The offset of the next `…` in `bytes[from..to]`.
fn find_ellipsis(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    // By its first byte (a memchr, where memmem would set up a searcher at every line), which
    // curly quotes share: then the two others are checked.
    let mut at = from;
    while let Some(i) = memchr::memchr(0xE2, &bytes[at..to]) {
        let found = at + i;
        if bytes[found..to].starts_with("…".as_bytes()) {
            return Some(found);
        }
        at = found + 1;
    }
    None
}

/// Lines at least this long that are followed by a lower-case line were wrapped mid-sentence.
const WRAPPED_LINE_MIN: usize = 40;

/// Whether the word that ends `before` (the text before a full stop) is an abbreviation or an
/// initial, after which the stop does not end a sentence. `after` is the text after the stop.
fn is_abbreviation(before: &str, after: &str) -> bool {
    let word = last_word(before);
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().expect("non-empty");
    // An initial: "V." in "Vladimir V. Putin", "H." in "George H. W. Bush".
    if chars.next().is_none() && first.is_uppercase() {
        return true;
    }
    // Dotted abbreviations: "U.S", "U.N", "a.m", "e.g".
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true;
    }
    // "No. 10", but "He said no." ends a sentence.
    if matches!(word, "No" | "Nos") {
        return after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    word.len() <= LONGEST_ABBREVIATION && ABBREVIATION_KEYS.binary_search(&key(word)).is_ok()
}

/// A word of at most eight bytes as a number, so that looking it up compares numbers (this
/// runs at every full stop).
const fn key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut k = 0;
    let mut i = 0;
    while i < bytes.len() {
        k = k << 8 | bytes[i] as u64;
        i += 1;
    }
    k
}

// Keys hold eight bytes.
const _: () = assert!(LONGEST_ABBREVIATION <= 8);

/// The [`key`]s of [`ABBREVIATIONS`], sorted.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = key(ABBREVIATIONS[i]);
        // Insertion sort: it is a small list.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// The length of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

/// The last word of `before`: what follows its last whitespace, opening bracket or quote. This
/// runs at every full stop, so a word of ASCII letters, digits and dots after an ASCII space or
/// quote is found without decoding characters.
fn last_word(before: &str) -> &str {
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    if start == 0 || matches!(bytes[start - 1], b'\t'..=b'\r' | b' ' | b'(' | b'"' | b'\'') {
        return &before[start..];
    }
    before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '\''))
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut s = Segmentation::default();
        s.split(text);
        s.sentences()
            .iter()
            .map(|x| &text[x.start..x.end])
            .collect()
    }

    #[test]
    fn the_longest_abbreviation_is_known() {
        let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    #[test]
    fn ellipses_are_found_past_curly_quotes_and_only_whole() {
        let text = "“Well” he said… and ’tis…";
        let b = text.as_bytes();
        let first = text.find('…').unwrap();
        assert_eq!(find_ellipsis(b, 0, b.len()), Some(first));
        let second = text.rfind('…').unwrap();
        assert_eq!(find_ellipsis(b, first + 1, b.len()), Some(second));
        // Cut short of its last byte, the ellipsis is not there.
        assert_eq!(find_ellipsis(b, first + 1, b.len() - 1), None);
    }

    #[test]
    fn every_abbreviation_and_only_they_are_found_by_key() {
        for a in ABBREVIATIONS {
            assert!(ABBREVIATION_KEYS.binary_search(&key(a)).is_ok(), "{a}");
        }
        for word in [
            "Mrs", "Messrs", "vs", "M", "Mx", "Gens", "gen", "said", "Sep.", "",
        ] {
            let known = ABBREVIATIONS.contains(&word);
            assert_eq!(
                ABBREVIATION_KEYS.binary_search(&key(word)).is_ok(),
                known,
                "{word}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_last_word_is_what_follows_the_last_separator(
            before in "[aZ9.\\- \t\n\x0b\x0c\r(\"'“‘\u{a0}é,]{0,12}",
        ) {
            let by_chars = before
                .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '\''))
                .next()
                .unwrap_or("");
            proptest::prop_assert_eq!(last_word(&before), by_chars);
        }
    }

    #[test]
    fn abbreviations_are_in_byte_order() {
        assert!(ABBREVIATIONS.is_sorted());
        assert!(is_abbreviation("Vladimir Putin met (Gen", " Gerasimov"));
        assert!(is_abbreviation("10 a.m", " on"));
        assert!(!is_abbreviation("he said", " Then"));
    }

    #[test]
    fn splitting_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "Mr. Putin arrived. Gen. Kim left.",
                &["Mr. Putin arrived.", "Gen. Kim left."],
            ),
            (
                "Vladimir V. Putin met George H. W. Bush.",
                &["Vladimir V. Putin met George H. W. Bush."],
            ),
            (
                "The U.S. envoy met him. He left.",
                &["The U.S. envoy met him.", "He left."],
            ),
            ("Talks on Jan. 5 ended.", &["Talks on Jan. 5 ended."]),
            (
                "He lives at No. 10 now. He said no. Then",
                &["He lives at No. 10 now.", "He said no.", "Then"],
            ),
            (
                "He said \"No.\" Then he left.",
                &["He said \"No.\"", "Then he left."],
            ),
            ("Why? Because.", &["Why?", "Because."]),
            (
                "Growth was 3.5 per cent. Next.",
                &["Growth was 3.5 per cent.", "Next."],
            ),
            ("the U.S.-led talks. Next", &["the U.S.-led talks.", "Next"]),
            ("e.g. this. and that.", &["e.g. this. and that."]),
            ("Wait… He came.", &["Wait…", "He came."]),
            ("", &[]),
            ("   \n\n  ", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "splitting {text:?}");
        }
    }

    #[test]
    fn lines_without_final_punctuation_are_sentences() {
        let text = "Live\nfacebook\nPutin and Kim hold first summit\nPublished 25 April 2019\n\n\
                    Image caption: The two leaders shook hands\n\n\
                    Vladimir Putin met Kim Jong Un. It was their first meeting.\n\n\
                    RELATED: Kim arrives by train\nComments (12)";
        assert_eq!(
            sentences(text),
            [
                "Live",
                "facebook",
                "Putin and Kim hold first summit",
                "Published 25 April 2019",
                "Image caption: The two leaders shook hands",
                "Vladimir Putin met Kim Jong Un.",
                "It was their first meeting.",
                "RELATED: Kim arrives by train",
                "Comments (12)",
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_continue_the_sentence() {
        let text = "The two leaders met in\nVladivostok on Thursday, and\nthe talks lasted hours.\n\nNext.";
        assert_eq!(
            sentences(text),
            [
                "The two leaders met in\nVladivostok on Thursday, and\nthe talks lasted hours.",
                "Next."
            ]
        );
    }

    #[test]
    fn paragraphs_follow_blank_lines_or_lines() {
        let mut s = Segmentation::default();
        s.split("A one. A two.\nA three.\n\nB one.\r\n\r\nC one.");
        let paras: Vec<u32> = s.sentences().iter().map(|x| x.paragraph).collect();
        assert_eq!(paras, [0, 0, 0, 1, 2]);
        s.split("Line one.\nLine two.\nLine three.");
        assert_eq!(s.paragraphs().len(), 3);
        // Line breaks before the first line or after the last are no blank line between two.
        for text in [
            "Line one.\nLine two.\nLine three.\n",
            "\r\n\nLine one.\nLine two.\nLine three.\n\n",
        ] {
            s.split(text);
            assert_eq!(s.paragraphs().len(), 3, "{text:?}");
        }
        s.split("\nA one.\nA two.\n\nB one.\n");
        let paras: Vec<u32> = s.sentences().iter().map(|x| x.paragraph).collect();
        assert_eq!(paras, [0, 0, 1]);
    }

    #[test]
    fn names_over_a_line_break_stay_in_one_sentence() {
        let text = "Talks with Kim Jong\nUn ended. Then more.\n\nNext.";
        let mut s = Segmentation::default();
        s.split(text);
        assert_eq!(s.sentences().len(), 4);
        let start = text.find("Kim").unwrap();
        s.keep_together([(start, start + "Kim Jong\nUn".len())]);
        let got: Vec<&str> = s
            .sentences()
            .iter()
            .map(|x| &text[x.start..x.end])
            .collect();
        assert_eq!(
            got,
            ["Talks with Kim Jong\nUn ended.", "Then more.", "Next."]
        );
    }

    #[test]
    fn sentence_at_finds_the_holder() {
        let mut s = Segmentation::default();
        s.split("One two. Three four.");
        assert_eq!(s.sentence_at(0), 0);
        assert_eq!(s.sentence_at(10), 1);
        assert_eq!(s.sentence_at(8), 0);
    }
}
