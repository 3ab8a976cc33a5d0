//! Duplicate stories: wire copies republished under another headline or with a trimmed footer.
//!
//! Each document gets a [`Fingerprint`] from the words of its folded text (built in parallel
//! while tagging, from the word hashes the matcher computes anyway as it scans the text): a hash
//! of its whole word sequence, for identical copies, and a one-permutation MinHash sketch of its
//! 5-word shingles, for near-identical ones. The [`Deduper`] then sees
//! documents in input order: the first of a group is the original, later ones whose words are
//! identical, or whose estimated shingle resemblance is at least [`NEAR_DUPLICATE`], are its
//! copies. Candidates are found by locality-sensitive hashing (16 bands of 4 sketch slots), so
//! the cost per document stays constant however large the corpus; memory is about 500 bytes per
//! original document (`--keep-duplicates` turns detection off).
//!
//! With `--skip-repeated-windows`, [`RepeatedWindows`] does the same for single windows: text
//! that scraped pages repeat (a sidebar of headlines, a stock photo caption, a list of related
//! links) adds its co-mentions once, not once per page.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::matcher::word_hashes;

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
    /// punctuation or spacing: words are the runs of letters and digits that the matcher sees
    /// (while tagging, the fingerprint is built from the matcher's own scan).
    pub fn new(folded: &str) -> Fingerprint {
        let mut builder = FingerprintBuilder::default();
        for hash in word_hashes(folded) {
            builder.push(hash);
        }
        builder.finish()
    }
}

/// Builds a [`Fingerprint`] from the hashes of a document's words (as the matcher computes
/// them), pushed in text order.
///
/// Every word of every document goes through [`push`](Self::push), so it keeps the chain of
/// dependent operations from one word to the next short: the whole-text hash is one multiply
/// per word, and the hash of the last five words is updated by rotating it and swapping the
/// oldest word out, not recomputed from all five.
#[derive(Debug, Clone)]
pub(crate) struct FingerprintBuilder {
    exact: u64,
    /// The last SHINGLE word hashes, as a ring: the next one goes to `recent[words % SHINGLE]`.
    recent: [u64; SHINGLE],
    next: usize,
    /// The hash of the last SHINGLE words: each word rotated left by 13 bits per later word.
    shingle: u64,
    words: usize,
    sketch: [u16; SLOTS],
}

impl Default for FingerprintBuilder {
    fn default() -> FingerprintBuilder {
        FingerprintBuilder {
            exact: 0x9e37_79b9_7f4a_7c15,
            recent: [0; SHINGLE],
            next: 0,
            shingle: 0,
            words: 0,
            sketch: [EMPTY; SLOTS],
        }
    }
}

impl FingerprintBuilder {
    /// Adds the next word, as its hash.
    #[inline(always)]
    pub(crate) fn push(&mut self, hash: u64) {
        self.exact = (self.exact ^ hash)
            .wrapping_mul(0xff51_afd7_ed55_8ccd)
            .rotate_left(31);
        // The word that leaves the shingle was rotated by 13 bits for each of the SHINGLE
        // words since, 65 = 1 bit in all.
        let oldest = std::mem::replace(&mut self.recent[self.next], hash);
        self.next = if self.next + 1 == SHINGLE {
            0
        } else {
            self.next + 1
        };
        self.shingle =
            self.shingle.rotate_left(13) ^ hash ^ oldest.rotate_left(13 * SHINGLE as u32);
        self.words += 1;
        if self.words >= SHINGLE {
            let s = mix(self.shingle);
            // One-permutation hashing: the top bits pick a slot, the rest compete for its
            // minimum.
            let slot = (s >> 58) as usize;
            let value = (s as u16) & 0x7fff;
            self.sketch[slot] = self.sketch[slot].min(value);
        }
    }

    /// The fingerprint of the words pushed.
    pub(crate) fn finish(self) -> Fingerprint {
        let shingles = self.words.saturating_sub(SHINGLE - 1);
        Fingerprint {
            empty: self.words == 0,
            exact: mix(self.exact ^ self.words as u64),
            sketch: (shingles >= MIN_SHINGLES).then_some(self.sketch),
        }
    }
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

/// Recent 64-bit keys, in bounded memory: two sets of `generation` keys take turns, so the
/// last `generation` to `2 × generation` distinct keys are remembered, and a key seen again is
/// remembered afresh.
#[derive(Clone)]
pub struct RecentKeys {
    current: HashSet<u64>,
    previous: HashSet<u64>,
    generation: usize,
}

impl std::fmt::Debug for RecentKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RecentKeys({} + {} keys)",
            self.current.len(),
            self.previous.len()
        )
    }
}

impl RecentKeys {
    /// An empty memory of `generation` to twice as many keys.
    pub fn new(generation: usize) -> RecentKeys {
        RecentKeys {
            current: HashSet::default(),
            previous: HashSet::default(),
            generation,
        }
    }

    /// Whether `key` is remembered.
    pub fn contains(&self, key: u64) -> bool {
        self.current.contains(&key) || self.previous.contains(&key)
    }

    /// Remembers `key`.
    pub fn insert(&mut self, key: u64) {
        self.current.insert(key);
        if self.current.len() >= self.generation {
            self.previous = std::mem::take(&mut self.current);
        }
    }
}

/// Remembers, in input order, the windows that named graph nodes (their text and those nodes),
/// so that a window an earlier document already had adds nothing again. The memory is bounded
/// (see [`RecentKeys`]): the last 512 k to 1 M distinct windows are remembered; text repeated
/// page after page stays, while a repeat farther from its last occurrence than that counts once
/// more.
#[derive(Clone, Debug)]
pub struct RepeatedWindows(RecentKeys);

/// Keys per generation of [`RepeatedWindows`] (with the set's overhead, about 8 MB each).
pub const REPEAT_GENERATION: usize = 1 << 19;

impl Default for RepeatedWindows {
    fn default() -> RepeatedWindows {
        RepeatedWindows(RecentKeys::new(REPEAT_GENERATION))
    }
}

impl RepeatedWindows {
    /// The windows (indices, sorted) among `keys` (window index, key) that an earlier document
    /// had; then remembers all of them. The same window twice in one document is no repeat.
    pub fn check(&mut self, keys: &[(u32, u64)]) -> Vec<u32> {
        let mut repeated: Vec<u32> = keys
            .iter()
            .filter(|&&(_, key)| self.0.contains(key))
            .map(|&(w, _)| w)
            .collect();
        repeated.sort_unstable();
        for &(_, key) in keys {
            self.0.insert(key);
        }
        repeated
    }
}

/// Document ids per generation of [`Deduper`]'s memory of ids: a repeated id is noticed when
/// fewer than about a million other documents lie between the two (at most about 32 MB).
pub const ID_GENERATION: usize = 1 << 20;

/// The key of a window for [`RepeatedWindows`]: its words, whatever the white space between
/// them, and the nodes it names.
pub fn window_key(
    text: &str,
    nodes: impl IntoIterator<Item = crate::gazetteer::EntityIndex>,
) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    for word in text.split_whitespace() {
        word.bytes().chain([b' ']).for_each(&mut feed);
    }
    for node in nodes {
        feed(0xff);
        node.0.to_le_bytes().into_iter().for_each(&mut feed);
    }
    h
}

/// Decides, in input order, which documents are copies of earlier ones.
#[derive(Debug)]
pub struct Deduper {
    exact: HashMap<u64, u32>,
    /// Band key → the first original with it (later ones with the same band are rare, and
    /// usually copies themselves).
    bands: HashMap<u32, u32>,
    sketches: Vec<Option<[u16; SLOTS]>>,
    ids: Vec<Box<str>>,
    copies: Vec<u32>,
    /// With `--skip-repeated-windows`: the windows seen, and how pairs are counted.
    pub(crate) repeats: Option<(RepeatedWindows, crate::window::Counting)>,
    /// The ids of recent documents (hashed), to notice one used again.
    recent_ids: RecentKeys,
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

impl Default for Deduper {
    fn default() -> Deduper {
        Deduper {
            exact: HashMap::default(),
            bands: HashMap::default(),
            sketches: vec![],
            ids: vec![],
            copies: vec![],
            repeats: None,
            recent_ids: RecentKeys::new(ID_GENERATION),
        }
    }
}

impl Deduper {
    /// A deduper that also skips repeated windows (see [`RepeatedWindows`]), counting pairs
    /// as given, when `repeats` is set.
    pub fn with_repeats(repeats: Option<(RepeatedWindows, crate::window::Counting)>) -> Deduper {
        Deduper {
            repeats,
            ..Deduper::default()
        }
    }

    /// Whether an earlier document, of those seen through this method, had the id `id`; then
    /// remembers it. Ids are hashed to 64 bits, and memory is bounded (see [`ID_GENERATION`]).
    pub fn repeated_id(&mut self, id: &str) -> bool {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        // SipHash with fixed keys: well mixed for ids that differ in one character, and the
        // same in every run.
        let key = BuildHasherDefault::<DefaultHasher>::default().hash_one(id);
        let repeated = self.recent_ids.contains(key);
        self.recent_ids.insert(key);
        repeated
    }

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

    #[test]
    fn recent_keys_remember_one_to_two_generations() {
        let mut keys = RecentKeys::new(2);
        keys.insert(1);
        keys.insert(2);
        keys.insert(3);
        assert!(keys.contains(1) && keys.contains(2) && keys.contains(3));
        // Seen again, a key is remembered afresh: 1 outlives 2.
        keys.insert(1);
        keys.insert(4);
        assert!(keys.contains(1) && keys.contains(4) && !keys.contains(2));
        assert!(!keys.contains(5));
    }

    #[test]
    fn a_repeated_id_is_noticed_whatever_lies_between() {
        let mut deduper = Deduper::default();
        assert!(!deduper.repeated_id("https://example.com/live/1"));
        for n in 0..1000 {
            assert!(!deduper.repeated_id(&format!("https://example.com/news/{n}")));
        }
        assert!(deduper.repeated_id("https://example.com/live/1"));
        assert!(!deduper.repeated_id("https://example.com/live/2"));
    }

    #[test]
    fn a_window_repeats_only_what_an_earlier_document_had() {
        use crate::gazetteer::EntityIndex;
        let mut seen = RepeatedWindows::default();
        let (trump, moon, kim) = (EntityIndex(1), EntityIndex(2), EntityIndex(3));
        let sidebar = window_key("Top stories\nTrump and Moon meet", [trump, moon]);
        let story = window_key("Putin met Kim.", [kim]);
        // Within one document, the same window twice is no repeat.
        assert_eq!(
            seen.check(&[(0, story), (2, sidebar), (3, sidebar)]),
            [] as [u32; 0]
        );
        // Later, whatever the white space, it is.
        let again = window_key("Top  stories Trump and\tMoon meet", [trump, moon]);
        assert_eq!(again, sidebar);
        assert_eq!(
            seen.check(&[(0, window_key("Kim left.", [kim])), (4, again)]),
            [4]
        );
        // The same words naming someone else ("Kim" after another full name) are another window.
        let other_kim = window_key("Putin met Kim.", [EntityIndex(4)]);
        assert_eq!(seen.check(&[(1, other_kim)]), [] as [u32; 0]);
        assert_eq!(seen.check(&[(1, story)]), [1]);
    }
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

    /// The sketch as defined: each shingle hashed from its five words afresh.
    fn sketch_from_scratch(hashes: &[u64]) -> [u16; SLOTS] {
        let mut sketch = [EMPTY; SLOTS];
        for shingle in hashes.windows(SHINGLE) {
            let s = mix(shingle.iter().fold(0, |s, &w| s.rotate_left(13) ^ w));
            let slot = (s >> 58) as usize;
            sketch[slot] = sketch[slot].min((s as u16) & 0x7fff);
        }
        sketch
    }

    proptest::proptest! {
        #[test]
        fn rolling_shingle_hashes_match_hashing_each_shingle_afresh(
            hashes in proptest::collection::vec(proptest::num::u64::ANY, 0..80),
        ) {
            let mut builder = FingerprintBuilder::default();
            for &h in &hashes {
                builder.push(h);
            }
            proptest::prop_assert_eq!(builder.sketch, sketch_from_scratch(&hashes));
            proptest::prop_assert_eq!(builder.words, hashes.len());
        }
    }

    #[test]
    fn the_matchers_scan_gives_the_same_fingerprint() {
        let mut g = crate::Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\nputin,person,Vladimir Putin,Vladimir Putin|Putin\n\
             hertogenbosch,place,'s-Hertogenbosch,'s-Hertogenbosch\n"
                .as_bytes(),
        );
        let matcher = crate::Matcher::new(&g.build().unwrap()).unwrap();
        let texts = [
            format!("ERDOĞAN — Putin’s «talks» in 's-Hertogenbosch…\n\n{BODY}"),
            String::new(),
            " … ".to_string(),
            "日本の首相 Putin".to_string(),
        ];
        for text in &texts {
            let mut hits = Default::default();
            let mut builder = FingerprintBuilder::default();
            matcher.find_visiting_words(text, &mut hits, |h| builder.push(h));
            assert_eq!(builder.finish(), fp(text), "{text:?}");
        }
        let mut hits = Default::default();
        let mut words = 0;
        matcher.find_visiting_words("Putin’s talks, in 's-Hertogenbosch", &mut hits, |_| {
            words += 1
        });
        assert_eq!(words, 6, "putin, s, talks, in, s, hertogenbosch");
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
