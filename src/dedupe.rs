//! Duplicate stories: wire copies republished under another headline or with a trimmed footer.
//!
//! Each document gets a [`Fingerprint`] from its folded text (computed in parallel while
//! tagging): a hash of its whole word sequence, for identical copies, and a one-permutation
//! MinHash sketch of its 5-word shingles, for near-identical ones. The [`Deduper`] then sees
//! documents in input order: the first of a group is the original, later ones whose words are
//! identical, or whose estimated shingle resemblance is at least [`NEAR_DUPLICATE`], are its
//! copies. Candidates are found by locality-sensitive hashing (16 bands of 4 sketch slots), so
//! the cost per document stays constant however large the corpus; memory is about 350 bytes per
//! original document (`--keep-duplicates` turns detection off).

use rustc_hash::FxHashMap as HashMap;

use crate::matcher::{HIGH_BITS, ascii_word_bytes, word_hash};

/// Sketch slots per document.
const SLOTS: usize = 64;
/// Slots per band: documents sharing a band are compared in full.
const BAND: usize = 4;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Shingles a document needs before near-duplicate detection applies (shorter ones are only
/// matched when identical).
const MIN_SHINGLES: usize = 20;
/// Estimated resemblance from which a document is a copy of an earlier one. A wire copy with
/// another headline and a trimmed footer stays above it even for short stories; distinct
/// stories on one topic share few 5-word shingles and stay far below.
pub const NEAR_DUPLICATE: f64 = 0.7;
const EMPTY: u16 = u16::MAX;

/// What duplicate detection needs to know of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// No words at all: nothing to copy, never a duplicate.
    empty: bool,
    exact: u64,
    sketch: Option<[u16; SLOTS]>,
}

/// Mixes a 64-bit value (the splitmix64 finaliser).
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Fingerprint {
    /// The fingerprint of a folded text (see [`crate::fold`]): only its words count, not case,
    /// punctuation or spacing.
    pub fn new(folded: &str) -> Fingerprint {
        let mut exact: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut window = [0u64; SHINGLE];
        let mut words = 0usize;
        let mut sketch = [EMPTY; SLOTS];
        let bytes = folded.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Words are runs of ASCII alphanumerics or non-ASCII bytes (letters of other scripts).
            if !is_word_byte(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            i = word_end(bytes, i);
            let h = word_hash(bytes, start, i);
            exact = mix(exact ^ h);
            // The last SHINGLE words, oldest first.
            window.copy_within(1.., 0);
            window[SHINGLE - 1] = h;
            words += 1;
            if words >= SHINGLE {
                let s = mix(window.iter().fold(0, |s, &w| s.rotate_left(13) ^ w));
                // One-permutation hashing: the top bits pick a slot, the rest compete for its
                // minimum.
                let slot = (s >> 58) as usize;
                let value = (s as u16) & 0x7fff;
                sketch[slot] = sketch[slot].min(value);
            }
        }
        let shingles = words.saturating_sub(SHINGLE - 1);
        Fingerprint {
            empty: words == 0,
            exact,
            sketch: (shingles >= MIN_SHINGLES).then_some(sketch),
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Where the word going on at `at` ends: eight bytes at a time while the text goes on (this runs
/// over every byte of every document).
fn word_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(eight) = bytes.get(at..at + 8) {
        let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        let stop = !(ascii_word_bytes(v) | v) & HIGH_BITS;
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && is_word_byte(bytes[at]) {
        at += 1;
    }
    at
}

/// The share of slots on which two sketches agree, among slots either one fills.
fn resemblance(a: &[u16; SLOTS], b: &[u16; SLOTS]) -> f64 {
    let mut same = 0;
    let mut used = 0;
    for (x, y) in a.iter().zip(b) {
        if *x == EMPTY && *y == EMPTY {
            continue;
        }
        used += 1;
        if x == y {
            same += 1;
        }
    }
    if used == 0 {
        0.0
    } else {
        f64::from(same) / f64::from(used)
    }
}

/// Decides, in input order, which documents are copies of earlier ones.
#[derive(Debug, Default)]
pub struct Deduper {
    exact: HashMap<u64, u32>,
    /// Band key → the first original with it (later ones with the same band are rare, and
    /// usually copies themselves).
    bands: HashMap<u32, u32>,
    sketches: Vec<Option<[u16; SLOTS]>>,
    ids: Vec<Box<str>>,
    copies: Vec<u32>,
}

/// An earlier document that a new one copies.
#[derive(Debug, Clone, PartialEq)]
pub struct Original<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its index among originals, in input order.
    pub index: u32,
    /// 1.0 for identical words, else the estimated resemblance.
    pub resemblance: f64,
}

impl Deduper {
    /// Checks the next document: the original it copies, or `None` if it is new (and then
    /// remembered as an original).
    pub fn check(&mut self, id: &str, fp: &Fingerprint) -> Option<Original<'_>> {
        if fp.empty {
            // Remembered as an original (so originals stay numbered in input order) that
            // nothing can copy.
            self.sketches.push(None);
            self.ids.push(id.into());
            self.copies.push(0);
            return None;
        }
        if let Some(&o) = self.exact.get(&fp.exact) {
            self.copies[o as usize] += 1;
            return Some(self.original(o, 1.0));
        }
        let keys = fp.sketch.as_ref().map(band_keys);
        if let (Some(sketch), Some(keys)) = (&fp.sketch, &keys) {
            let mut best: Option<(u32, f64)> = None;
            for key in keys {
                if let Some(&o) = self.bands.get(key)
                    && let Some(theirs) = &self.sketches[o as usize]
                {
                    let r = resemblance(sketch, theirs);
                    // The earliest original wins ties, so the result does not depend on band
                    // order.
                    if r >= NEAR_DUPLICATE
                        && best.is_none_or(|(b, br)| r > br || (r == br && o < b))
                    {
                        best = Some((o, r));
                    }
                }
            }
            if let Some((o, r)) = best {
                self.copies[o as usize] += 1;
                return Some(self.original(o, r));
            }
        }
        let index = self.ids.len() as u32;
        self.exact.insert(fp.exact, index);
        if let Some(keys) = keys {
            for key in keys {
                self.bands.entry(key).or_insert(index);
            }
        }
        self.sketches.push(fp.sketch);
        self.ids.push(id.into());
        self.copies.push(0);
        None
    }

    fn original(&self, index: u32, resemblance: f64) -> Original<'_> {
        Original {
            id: &self.ids[index as usize],
            index,
            resemblance,
        }
    }

    /// Copies found of the `index`-th original so far (every document that was not found to be
    /// a copy is an original, numbered in input order).
    pub fn copies(&self, index: u32) -> u32 {
        self.copies[index as usize]
    }
}

fn band_keys(sketch: &[u16; SLOTS]) -> [u32; SLOTS / BAND] {
    let mut keys = [0u32; SLOTS / BAND];
    for (b, key) in keys.iter_mut().enumerate() {
        let mut h = mix(b as u64 + 1);
        for &v in &sketch[b * BAND..(b + 1) * BAND] {
            h = mix(h ^ u64::from(v));
        }
        *key = h as u32;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::{Case, fold_str};

    const BODY: &str = "Russian President Vladimir Putin and North Korean leader Kim Jong Un held \
        their first summit on Thursday on an island off the Pacific port of Vladivostok. The two \
        men spent about two hours in one-on-one talks before their delegations joined them for a \
        longer session and a working dinner. Kim arrived by armoured train on Wednesday and was \
        greeted with bread and salt. Analysts said Moscow wanted to show it still had a role to \
        play in the nuclear standoff.";

    fn fp(text: &str) -> Fingerprint {
        Fingerprint::new(&fold_str(text, Case::Fold))
    }

    #[test]
    fn identical_words_are_duplicates_whatever_the_case_and_spacing() {
        let mut d = Deduper::default();
        assert_eq!(d.check("a", &fp("Putin met Kim.")), None);
        let copy = d.check("b", &fp("PUTIN  met kim!")).unwrap();
        assert_eq!((copy.id, copy.resemblance), ("a", 1.0));
        assert_eq!(d.check("c", &fp("Putin met Moon.")), None);
        assert_eq!(d.copies(0), 1);
        assert_eq!(d.check("e1", &fp("")), None);
        assert_eq!(
            d.check("e2", &fp(" … ")),
            None,
            "documents without words copy nothing"
        );
    }

    #[test]
    fn wire_copies_with_new_headline_and_trimmed_footer_are_found() {
        let mut d = Deduper::default();
        let original = format!(
            "Putin and Kim hold first summit\n\n{BODY}\n\nComments (12)\nShare this article"
        );
        let copy = format!("Kim meets Putin in Russia’s Far East\n\n{BODY}");
        assert_eq!(d.check("orig", &fp(&original)), None);
        let found = d.check("wire", &fp(&copy)).expect("near-duplicate");
        assert_eq!(found.id, "orig");
        assert!(found.resemblance >= NEAR_DUPLICATE);
    }

    #[test]
    fn different_stories_on_the_same_topic_are_not_duplicates() {
        let mut d = Deduper::default();
        let other = "Vladimir Putin told reporters after the summit in Vladivostok that North \
            Korea would need international security guarantees before giving up its nuclear \
            weapons, and that such guarantees could not come from one country alone. He said he \
            would brief Washington and Beijing on the talks with Kim Jong Un, which ended \
            without a joint statement.";
        assert_eq!(d.check("a", &fp(BODY)), None);
        assert_eq!(d.check("b", &fp(other)), None);
    }
}
