//! Folding text for matching, with a map back to the original byte offsets.
//!
//! Matching ignores case, diacritics and apostrophe style, and treats hyphens, dashes and any run
//! of whitespace as one space, so "ERDOĞAN’S" and "Erdogan's" fold to the same text, and so do
//! "Kim Jong-un" and "Kim  Jong\nUn". A run of whitespace holding a blank line folds to one line
//! break instead, so that no name is found across a paragraph end. The matcher runs over the folded copy;
//! every offset it reports is mapped back to the original text through [`FoldedText::to_original`].
//!
//! Folding keeps byte length for ASCII text (upper to lower case only), so for most news the map
//! is a single entry and costs nothing. Only characters whose folded form has another length, and
//! runs of whitespace, add an entry.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Text folded for matching, with the map back to the original text.
///
/// Reuse one value across documents ([`FoldedText::fold_into`]) to avoid allocating per document.
#[derive(Debug, Default, Clone)]
pub struct FoldedText {
    text: String,
    /// Points where the folded and original offsets drift apart, sorted by `folded`: from
    /// `folded` on (up to the next entry), original = `original + (pos - folded)`.
    shifts: Vec<Shift>,
    original_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    folded: usize,
    original: usize,
    /// Set on the start of one character folded to several ("ß" → "ss"): offsets inside its
    /// folded form map to the character's end.
    expansion: bool,
}

/// Whether folding lowers the case of letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Lower-case every letter (the matching form).
    Fold,
    /// Keep case; fold only diacritics, apostrophes, dashes and whitespace (for exact aliases).
    Keep,
}

impl FoldedText {
    /// Folds `original` into a new value.
    ///
    /// ```
    /// use comention::fold::FoldedText;
    /// let original = "President Erdoğan’s  visit";
    /// let folded = FoldedText::new(original);
    /// assert_eq!(folded.as_str(), "president erdogan's visit");
    /// // "visit" starts at byte 20 of the folded text and at byte 24 of the original.
    /// assert_eq!(folded.to_original(20), 24);
    /// assert_eq!(&original[24..], "visit");
    /// ```
    pub fn new(original: &str) -> FoldedText {
        let mut folded = FoldedText::default();
        folded.fold_into(original, Case::Fold);
        folded
    }

    /// Folds `original` into this value, replacing what it held and reusing its buffers.
    pub fn fold_into(&mut self, original: &str, case: Case) {
        self.text.clear();
        self.shifts.clear();
        self.shifts.push(Shift {
            folded: 0,
            original: 0,
            expansion: false,
        });
        self.original_len = original.len();
        let bytes = original.as_bytes();
        let mut i = 0;
        let mut last_was_space = false;
        // Line breaks in the current run of whitespace (counted up to 2).
        let mut newlines = 0u8;
        // Runs of plain ASCII are copied in one go; only whitespace runs and non-ASCII
        // characters need a closer look.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 && is_plain(b) && !(b == b' ' && last_was_space) {
                // A run of ASCII that folds to itself lower-cased, single spaces included.
                let start = i;
                let mut space = last_was_space;
                // Eight bytes at a time while they are all plain, then byte by byte up to the
                // byte that ends the run.
                while let Some(eight) = bytes.get(i..i + 8) {
                    let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
                    if !plain_eight(v, space) {
                        break;
                    }
                    space = eight[7] == b' ';
                    i += 8;
                }
                while i < bytes.len() {
                    let c = bytes[i];
                    if c >= 0x80 || !is_plain(c) || (c == b' ' && space) {
                        break;
                    }
                    space = c == b' ';
                    i += 1;
                }
                let before = self.text.len();
                self.text.push_str(&original[start..i]);
                if case == Case::Fold {
                    self.text[before..].make_ascii_lowercase();
                }
                last_was_space = space;
                newlines = 0;
                continue;
            }
            if b < 0x80 {
                if b == b'`' {
                    self.text.push('\'');
                    last_was_space = false;
                } else if last_was_space {
                    if b == b'\n' {
                        newlines = newlines.saturating_add(1);
                        if newlines == 2 {
                            // A blank line: no name goes on across it.
                            self.text.pop();
                            self.text.push('\n');
                        }
                    }
                    i += 1;
                    self.mark(i);
                    continue;
                } else {
                    self.text.push(' ');
                    last_was_space = true;
                    newlines = u8::from(b == b'\n');
                }
                i += 1;
                continue;
            }
            let c = original[i..]
                .chars()
                .next()
                .expect("i is on a char boundary");
            let len = c.len_utf8();
            let before = self.text.len();
            match fold_char(c) {
                Folded::Space => {
                    if !last_was_space {
                        self.text.push(' ');
                        newlines = 0;
                    }
                    last_was_space = true;
                }
                Folded::Remove => {}
                Folded::Char(f) => {
                    self.push_folded(f, case);
                    last_was_space = false;
                }
                Folded::Str(s) => {
                    for f in s.chars() {
                        self.push_folded(f, case);
                    }
                    last_was_space = false;
                }
            }
            let start = i;
            i += len;
            if self.text[before..].chars().nth(1).is_some() {
                // One character folded to several ("ß" → "ss", "Æ" → "ae"): offsets inside
                // them map to the character's end.
                self.start_expansion_at(before, start);
                self.push_shift(i);
            } else if self.text.len() - before != len {
                self.mark(i);
            }
        }
    }

    /// Pushes one folded character: lowered (if asked) and without combining marks.
    fn push_folded(&mut self, c: char, case: Case) {
        let mut push = |c: char| {
            // Hangul syllables decompose into jamo, which are letters, not marks: keep them whole
            // so that one syllable stays one character.
            if is_hangul_syllable(c) {
                self.text.push(c);
                return;
            }
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    self.text.push(d);
                }
            })
        };
        match case {
            Case::Fold => c.to_lowercase().for_each(&mut push),
            Case::Keep => push(c),
        }
    }

    /// Records that folded offset `text.len()` corresponds to original offset `original`.
    fn mark(&mut self, original: usize) {
        let folded = self.text.len();
        let last = self.shifts.last_mut().expect("shifts starts non-empty");
        if last.folded == folded {
            last.original = original;
        } else if last.expansion || last.original + (folded - last.folded) != original {
            self.push_shift(original);
        }
    }

    /// Records that one character starting at `original` folds to several, starting at folded
    /// offset `folded`.
    fn start_expansion_at(&mut self, folded: usize, original: usize) {
        let last = self.shifts.last_mut().expect("shifts starts non-empty");
        if last.folded == folded {
            last.original = original;
            last.expansion = true;
        } else {
            self.shifts.push(Shift {
                folded,
                original,
                expansion: true,
            });
        }
    }

    fn push_shift(&mut self, original: usize) {
        let folded = self.text.len();
        self.shifts.push(Shift {
            folded,
            original,
            expansion: false,
        });
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether folding changed any offsets (false for most ASCII text).
    pub fn is_identity_mapped(&self) -> bool {
        self.shifts.len() == 1 && self.shifts[0].original == 0
    }

    /// Maps a byte offset of the folded text to the byte offset of the original text.
    ///
    /// Offsets at folded character boundaries map to original character boundaries. An offset
    /// inside the folded form of one original character maps to that character's end.
    pub fn to_original(&self, folded: usize) -> usize {
        let at = self.shifts.partition_point(|s| s.folded <= folded) - 1;
        let shift = self.shifts[at];
        match self.shifts.get(at + 1) {
            Some(next) if shift.expansion && folded > shift.folded => next.original,
            _ => (shift.original + (folded - shift.folded)).min(self.original_len),
        }
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// ASCII bytes that fold to themselves (lower-cased); the others are whitespace other than a
/// space and hyphens (which become one space) and the backtick (an apostrophe).
fn is_plain(b: u8) -> bool {
    const PLAIN: [bool; 128] = {
        let mut t = [true; 128];
        let special = [b'\t', b'\n', b'\r', 0x0b, 0x0c, b'-', b'`'];
        let mut i = 0;
        while i < special.len() {
            t[special[i] as usize] = false;
            i += 1;
        }
        t
    };
    PLAIN[b as usize]
}

/// Whether eight bytes (little-endian in `v`) are all plain ASCII with no two spaces in a row,
/// `space` telling whether the byte before them is a space. SWAR: each test sets the high bit of
/// the bytes it finds, on values whose bytes have that bit clear, so no carry crosses bytes.
fn plain_eight(v: u64, space: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    if v & HIGH != 0 {
        return false;
    }
    // The high bit of each byte equal to `b`.
    let equal = |b: u8| {
        let x = v ^ (u64::from(b) * ONES);
        !(((x & !HIGH) + !HIGH) | x) & HIGH
    };
    // Tab, line feed, vertical tab, form feed, carriage return: 0x09..=0x0d.
    let controls = (v + (0x80 - 0x09) * ONES) & !(v + (0x80 - 0x0e) * ONES) & HIGH;
    let spaces = equal(b' ');
    let doubled = spaces & ((spaces << 8) | u64::from(space) << 7);
    controls | equal(b'-') | equal(b'`') | doubled == 0
}

enum Folded {
    Space,
    Remove,
    Char(char),
    Str(&'static str),
}

/// Invisible characters that break words apart in the source but not on screen (a soft hyphen,
/// zero-width spaces and joiners, a byte-order mark): folding drops them.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// How one non-ASCII character folds, before case and diacritics are dealt with.
fn fold_char(c: char) -> Folded {
    match c {
        // Apostrophes and quote-like marks used as apostrophes.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' | '\u{00B4}' => {
            Folded::Char('\'')
        }
        // Hyphens, dashes and the minus sign separate words like a space does.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Folded::Space
        }
        c if is_invisible(c) => Folded::Remove,
        // Letters that do not decompose into a base letter and a mark.
        'ß' => Folded::Str("ss"),
        'ẞ' => Folded::Str("SS"),
        'æ' => Folded::Str("ae"),
        'Æ' => Folded::Str("AE"),
        'œ' => Folded::Str("oe"),
        'Œ' => Folded::Str("OE"),
        'ø' => Folded::Char('o'),
        'Ø' => Folded::Char('O'),
        'ł' => Folded::Char('l'),
        'Ł' => Folded::Char('L'),
        'đ' | 'ð' => Folded::Char('d'),
        'Đ' | 'Ð' => Folded::Char('D'),
        'ı' => Folded::Char('i'),
        'ħ' => Folded::Char('h'),
        'Ħ' => Folded::Char('H'),
        'þ' => Folded::Str("th"),
        'Þ' => Folded::Str("TH"),
        // Full-width forms of ASCII ("ＫＩＭ", "ＵＳ", "２０１９"), as East Asian text writes them.
        '\u{FF40}' => Folded::Char('\''),
        '\u{FF01}'..='\u{FF5E}' => {
            Folded::Char(char::from_u32(c as u32 - 0xFEE0).expect("an ASCII character"))
        }
        c if c.is_whitespace() => Folded::Space,
        c => Folded::Char(c),
    }
}

/// Folds a short string on its own (aliases, surfaces of exact aliases).
pub fn fold_str(s: &str, case: Case) -> String {
    let mut folded = FoldedText::default();
    folded.fold_into(s, case);
    folded.text
}

/// Whether `c` is part of a word for the purpose of match boundaries.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_table() {
        let cases = [
            ("Kim Jong Un", "kim jong un"),
            ("ERDOĞAN", "erdogan"),
            ("Korea’s", "korea's"),
            ("Putin–Kim", "putin kim"),
            ("Kim Jong-un", "kim jong un"),
            ("U.S. - led", "u.s. led"),
            ("Kim  Jong\r\nUn", "kim jong un"),
            ("Côte d’Ivoire", "cote d'ivoire"),
            ("São Tomé", "sao tome"),
            ("Łukaszenka", "lukaszenka"),
            ("Straße", "strasse"),
            ("İstanbul", "istanbul"),
            ("Ku\u{00AD}wait", "kuwait"),
            ("a\u{00A0}b", "a b"),
            ("Αθήνα", "αθηνα"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold_str(input, Case::Fold), want, "folding {input:?}");
        }
    }

    #[test]
    fn keep_case_folds_everything_else() {
        assert_eq!(fold_str("Erdoğan’s", Case::Keep), "Erdogan's");
        assert_eq!(fold_str("U.S.\u{2013}led", Case::Keep), "U.S. led");
    }

    #[test]
    fn ascii_is_identity_mapped() {
        let folded = FoldedText::new("Vladimir Putin met Kim Jong Un.");
        assert!(folded.is_identity_mapped());
        assert_eq!(folded.to_original(9), 9);
    }

    #[test]
    fn offsets_map_back_through_multibyte_and_spaces() {
        let original = "Erdoğan  and Zelenskyy’s";
        let folded = FoldedText::new(original);
        assert_eq!(folded.as_str(), "erdogan and zelenskyy's");
        let f = folded.as_str();
        let start = f.find("zelenskyy").unwrap();
        let end = start + "zelenskyy".len();
        let (s, e) = (folded.to_original(start), folded.to_original(end));
        assert_eq!(&original[s..e], "Zelenskyy");
        let e = folded.to_original(f.find("erdogan").unwrap() + 7);
        assert_eq!(&original[..e], "Erdoğan");
    }

    #[test]
    fn offsets_inside_expansion_stay_on_char_boundaries() {
        for original in ["Straße", "ßß æ", "aß", "a  ßb"] {
            let folded = FoldedText::new(original);
            for pos in 0..=folded.as_str().len() {
                let o = folded.to_original(pos);
                assert!(
                    original.is_char_boundary(o),
                    "{original:?}: {pos} mapped to {o}"
                );
            }
        }
    }

    #[test]
    fn a_blank_line_folds_to_a_line_break() {
        let original = "North Korea\n\nKorea's\r\n \r\nNorth\nKorea";
        let folded = FoldedText::new(original);
        assert_eq!(folded.as_str(), "north korea\nkorea's\nnorth korea");
        let f = folded.as_str();
        let last = f.rfind("north").unwrap();
        assert_eq!(&original[folded.to_original(last)..], "North\nKorea");
    }

    #[test]
    fn hangul_stays_whole() {
        let folded = FoldedText::new("김정은 Kim");
        assert_eq!(folded.as_str(), "김정은 kim");
        assert!(folded.is_identity_mapped());
    }

    #[test]
    fn eight_bytes_at_a_time_agree_with_one_at_a_time() {
        // Every byte value in every position, and the space pairs that cross chunks.
        let one_at_a_time = |bytes: &[u8], mut space: bool| {
            bytes.iter().all(|&b| {
                let ok = b < 0x80 && is_plain(b) && !(b == b' ' && space);
                space = b == b' ';
                ok
            })
        };
        let mut chunk = *b"Kim Jong";
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut c = chunk;
                c[pos] = b;
                for space in [false, true] {
                    let v = u64::from_le_bytes(c);
                    assert_eq!(
                        plain_eight(v, space),
                        one_at_a_time(&c, space),
                        "{c:?} {space}"
                    );
                }
            }
        }
        chunk = *b" a  b c ";
        for space in [false, true] {
            let v = u64::from_le_bytes(chunk);
            assert!(!plain_eight(v, space));
        }
        assert!(plain_eight(u64::from_le_bytes(*b" a b c d"), false));
        assert!(!plain_eight(u64::from_le_bytes(*b" a b c d"), true));
    }
}
