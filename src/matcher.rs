//! Finding aliases in text: one Aho-Corasick automaton over every folded alias.
//!
//! A match must start at the start of a word, so the automaton is never run over the whole text:
//! one pass over the folded text (see [`crate::fold`]) hashes each word and looks it up in a
//! small bit table of the aliases' first words ("north", "kim", "vladimir"…). Only where a word
//! can begin an alias does the automaton run, anchored, leftmost-longest — so "North Korea" wins
//! over "Korea" and "Kim Jong Un" over "Kim". Most words of news text ("the", "said") are
//! dismissed by one table lookup, which keeps matching fast however large the gazetteer.
//!
//! Each hit is then checked: it must end on a word boundary ("Iran" is not in "Iranian"), and
//! exact aliases ("US", short forms) must match their case. When the longest hit fails a check,
//! the shorter aliases starting at the same place are tried, so a failed long candidate never
//! hides a valid short one.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::fold::{Case, FoldedText, fold_str, is_word_char};
use crate::gazetteer::{ALIAS_SHORT, EntityIndex, Gazetteer};

/// Why a matcher could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MatcherError {
    /// The automaton could not be built (too many or too long aliases).
    #[error("cannot build the alias automaton: {0}")]
    Build(String),
    /// No alias is left to match once the alias kinds are selected.
    #[error("no alias to match: the gazetteer is empty, or --alias-kinds excludes every alias")]
    Empty,
}

/// One entity that a matched alias may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The entity.
    pub entity: EntityIndex,
    /// Whether the alias is a short form (resolved against full names in the document).
    pub short: bool,
}

/// An alias found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the start, in the original text.
    pub start: usize,
    /// Byte offset of the end (exclusive), in the original text.
    pub end: usize,
    /// The entities this alias may refer to: a range of [`Hits::candidates`].
    candidates: (u32, u32),
}

/// The hits in one text, with their candidates. Reuse one value across documents.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    hits: Vec<Hit>,
    candidates: Vec<Candidate>,
    folded: FoldedText,
}

impl Hits {
    /// The hits, in text order, never overlapping.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The candidate entities of `hit`, at least one.
    pub fn candidates(&self, hit: &Hit) -> &[Candidate] {
        &self.candidates[hit.candidates.0 as usize..hit.candidates.1 as usize]
    }

    /// The folded form of the last text searched.
    pub fn folded(&self) -> &FoldedText {
        &self.folded
    }
}

/// Which aliases a [`Matcher`] looks for.
#[derive(Debug, Clone, Default)]
pub struct MatcherBuilder {
    alias_kinds: Option<Vec<String>>,
}

impl MatcherBuilder {
    /// Only aliases of these alias kinds (`name`, `short`, `demonym`, `capital`, …); all by
    /// default.
    pub fn alias_kinds<I, S>(&mut self, kinds: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.alias_kinds = Some(kinds.into_iter().map(Into::into).collect());
        self
    }

    /// Builds the automaton over every selected alias of `gazetteer`.
    pub fn build(&self, gazetteer: &Gazetteer) -> Result<Matcher, MatcherError> {
        let mut by_text: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut patterns: Vec<Pattern> = vec![];
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            let wanted = entity.aliases.iter().filter(|a| match &self.alias_kinds {
                Some(kinds) => kinds.contains(&a.kind),
                None => true,
            });
            for alias in wanted {
                let folded = fold_str(&alias.text, Case::Fold);
                let id = match by_text.get(folded.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = patterns.len() as u32;
                        patterns.push(Pattern { entries: vec![] });
                        by_text.insert(folded.into(), id);
                        id
                    }
                };
                let exact = alias.exact.then(|| {
                    let form = fold_str(&alias.text, Case::Keep);
                    ExactForm {
                        upper: form.to_uppercase().into(),
                        form: form.into(),
                    }
                });
                let entry = Entry {
                    candidate: Candidate {
                        entity: EntityIndex(i as u32),
                        short: alias.kind == ALIAS_SHORT,
                    },
                    exact,
                };
                let entries = &mut patterns[id as usize].entries;
                if !entries.contains(&entry) {
                    entries.push(entry);
                }
            }
        }
        if patterns.is_empty() {
            return Err(MatcherError::Empty);
        }
        // The aliases in pattern order (the automaton reports pattern ids).
        let mut texts: Vec<(&str, u32)> = by_text.iter().map(|(t, &id)| (&**t, id)).collect();
        texts.sort_unstable_by_key(|&(_, id)| id);
        let mut first_words = FirstWords::default();
        for &(text, _) in &texts {
            first_words.insert(text);
        }
        // Searches are anchored at word starts: the automaton is a trie walked from its root,
        // and the contiguous NFA keeps it compact however many aliases there are.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(texts.iter().map(|&(t, _)| t.as_bytes()))
            .map_err(|e| MatcherError::Build(e.to_string()))?;
        drop(texts);
        Ok(Matcher {
            automaton,
            patterns,
            by_text,
            first_words,
        })
    }
}

/// Finds gazetteer aliases in text. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    by_text: FxHashMap<Box<str>, u32>,
    first_words: FirstWords,
}

/// The first words of all aliases, as a bit table of word hashes: a word whose bit is clear
/// cannot start an alias. A set bit may be a hash collision, which only costs one anchored
/// search. 2^20 bits (128 KiB) stay in cache and keep collisions rare up to about 100,000
/// distinct first words.
#[derive(Debug, Clone)]
struct FirstWords {
    bits: Vec<u64>,
    /// Characters that start an alias without being word characters (rare: "'s-Hertogenbosch").
    odd_starts: Vec<char>,
}

const FIRST_WORD_BITS: u32 = 18;

impl Default for FirstWords {
    fn default() -> FirstWords {
        FirstWords {
            bits: vec![0; 1 << (FIRST_WORD_BITS - 6)],
            odd_starts: vec![],
        }
    }
}

impl FirstWords {
    fn insert(&mut self, folded_alias: &str) {
        let first = folded_alias.chars().next().expect("aliases are not empty");
        if !is_word_char(first) {
            if !self.odd_starts.contains(&first) {
                self.odd_starts.push(first);
            }
            return;
        }
        let end = folded_alias
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(folded_alias.len(), |(i, _)| i);
        let slot = word_slot(&folded_alias.as_bytes()[..end]);
        self.bits[slot >> 6] |= 1 << (slot & 63);
    }

    fn may_start(&self, word: &[u8]) -> bool {
        let slot = word_slot(word);
        self.bits[slot >> 6] & (1 << (slot & 63)) != 0
    }
}

/// The bit of a word in [`FirstWords`]: a multiply-mix hash over 8-byte chunks.
fn word_slot(word: &[u8]) -> usize {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ v).wrapping_mul(K).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    (h >> (64 - FIRST_WORD_BITS)) as usize
}

#[derive(Debug, Clone)]
struct Pattern {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    candidate: Candidate,
    exact: Option<ExactForm>,
}

/// The case-sensitive forms an exact alias accepts: as written, or in all capitals (headlines).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ExactForm {
    form: Box<str>,
    upper: Box<str>,
}

impl Matcher {
    /// A matcher over every alias of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher, MatcherError> {
        MatcherBuilder::default().build(gazetteer)
    }

    /// Starts configuring a matcher.
    pub fn builder() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// Number of distinct folded aliases in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Bytes of heap used by the automaton.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Finds every alias in `text`, replacing what `hits` held.
    ///
    /// ```
    /// use comention::{Gazetteer, Matcher};
    /// let mut g = Gazetteer::builder();
    /// g.add_reader("g.csv", "id,kind,label,aliases\nPRK,country,North Korea,North Korea|DPRK\n\
    ///                        KOR,country,Korea,Korea\n".as_bytes());
    /// let gazetteer = g.build().unwrap();
    /// let matcher = Matcher::new(&gazetteer).unwrap();
    /// let mut hits = Default::default();
    /// matcher.find("North Korea’s envoy; Koreans", &mut hits);
    /// let found: Vec<_> = hits.hits().iter().map(|h| (h.start, h.end)).collect();
    /// assert_eq!(found, [(0, 11)]);
    /// ```
    pub fn find(&self, text: &str, hits: &mut Hits) {
        let Hits {
            hits,
            candidates,
            folded: folding,
        } = hits;
        hits.clear();
        candidates.clear();
        folding.fold_into(text, Case::Fold);
        let folded = folding.as_str();
        let mut out = Out {
            text,
            folding,
            hits,
            candidates,
        };
        let bytes = folded.as_bytes();
        let odd_starts = !self.first_words.odd_starts.is_empty();
        let mut at = 0;
        while at < bytes.len() {
            // Skip to the next word start: ASCII by table, other characters decoded.
            let b = bytes[at];
            let is_word = if b < 0x80 {
                b.is_ascii_alphanumeric()
            } else {
                is_word_char(char_at(bytes, at).0)
            };
            if !is_word {
                let (c, len) = char_at(bytes, at);
                if odd_starts
                    && self.first_words.odd_starts.contains(&c)
                    && starts_word(folded, at)
                    && let Some(end) = self.try_at(&mut out, at)
                {
                    at = end;
                    continue;
                }
                at += len;
                continue;
            }
            let word_end = next_non_word(folded, at);
            if self.first_words.may_start(&bytes[at..word_end])
                && let Some(end) = self.try_at(&mut out, at)
            {
                at = end;
                continue;
            }
            at = word_end;
        }
    }

    /// Runs the automaton anchored at `start` (a word start) and records the longest alias
    /// there that passes the checks. Returns where it ends.
    fn try_at(&self, out: &mut Out<'_>, start: usize) -> Option<usize> {
        let folded = out.folding.as_str();
        let input = Input::new(folded)
            .span(start..folded.len())
            .anchored(Anchored::Yes);
        let m = self.automaton.find(input)?;
        let end = m.end();
        if self.accept(out, m.pattern().as_u32(), start, end) {
            return Some(end);
        }
        // Try the shorter aliases that start here, longest first.
        let mut cut = end;
        while let Some(shorter) = previous_cut(folded, start, cut) {
            cut = shorter;
            if let Some(&p) = self.by_text.get(&folded[start..cut])
                && self.accept(out, p, start, cut)
            {
                return Some(cut);
            }
        }
        None
    }

    /// Checks the hit `[start, end)` of the folded text for pattern `p`, and records it if it
    /// passes. Returns whether it did.
    fn accept(&self, out: &mut Out<'_>, p: u32, start: usize, end: usize) -> bool {
        if !ends_word(out.folding.as_str(), end) {
            return false;
        }
        let (o_start, o_end) = (out.folding.to_original(start), out.folding.to_original(end));
        let surface = &out.text[o_start..o_end];
        let first = out.candidates.len();
        let mut kept: Cow<str> = Cow::Borrowed("");
        let mut kept_done = false;
        for entry in &self.patterns[p as usize].entries {
            if let Some(exact) = &entry.exact {
                if !kept_done {
                    kept = keep_case(surface);
                    kept_done = true;
                }
                if *kept != *exact.form && *kept != *exact.upper {
                    continue;
                }
            }
            out.candidates.push(entry.candidate);
        }
        let last = out.candidates.len();
        if first == last {
            return false;
        }
        out.hits.push(Hit {
            start: o_start,
            end: o_end,
            candidates: (first as u32, last as u32),
        });
        true
    }
}

/// Where [`Matcher::accept`] records hits.
struct Out<'a> {
    text: &'a str,
    folding: &'a FoldedText,
    hits: &'a mut Vec<Hit>,
    candidates: &'a mut Vec<Candidate>,
}

/// Whether a hit may start at `pos`: the text before it does not end in a word character, or
/// the alias itself does not start with one.
fn starts_word(folded: &str, pos: usize) -> bool {
    let before = folded[..pos].chars().next_back();
    let first = folded[pos..].chars().next();
    !matches!((before, first), (Some(b), Some(f)) if is_word_char(b) && is_word_char(f))
}

/// Whether a hit may end at `pos`: the text after it does not start with a word character, or
/// the alias itself does not end with one.
fn ends_word(folded: &str, pos: usize) -> bool {
    let last = folded[..pos].chars().next_back();
    let after = folded[pos..].chars().next();
    !matches!((last, after), (Some(l), Some(a)) if is_word_char(l) && is_word_char(a))
}

/// The first offset after `pos` whose character is not a word character.
fn next_non_word(folded: &str, pos: usize) -> usize {
    let bytes = folded.as_bytes();
    let mut i = pos;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                return i;
            }
            i += 1;
        } else {
            let (c, len) = char_at(bytes, i);
            if !is_word_char(c) {
                return i;
            }
            i += len;
        }
    }
    bytes.len()
}

/// The character at byte `pos` (a character boundary) and its length; ASCII without decoding.
fn char_at(bytes: &[u8], pos: usize) -> (char, usize) {
    let b = bytes[pos];
    if b < 0x80 {
        return (b as char, 1);
    }
    let len = match b {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    };
    let c = std::str::from_utf8(&bytes[pos..pos + len])
        .ok()
        .and_then(|s| s.chars().next())
        .unwrap_or('\u{FFFD}');
    (c, len)
}

/// The largest offset in `(start, cut)` where a shorter alias could end: a character boundary
/// next to a non-word character.
fn previous_cut(folded: &str, start: usize, cut: usize) -> Option<usize> {
    let mut chars = folded[start..cut].char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        let before = chars.peek().map(|&(_, b)| b);
        if i > 0 && (!is_word_char(c) || before.is_some_and(|b| !is_word_char(b))) {
            return Some(start + i);
        }
    }
    None
}

/// The surface folded for an exact comparison: case kept, everything else folded. Plain ASCII
/// words fold to themselves, which spares an allocation for the common "us" against "US".
fn keep_case(surface: &str) -> Cow<'_, str> {
    let plain = surface
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_whitespace() && b != b'-' && b != b'`');
    if plain {
        Cow::Borrowed(surface)
    } else {
        Cow::Owned(fold_str(surface, Case::Keep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GAZETTEER: &str = "\
id,kind,label,aliases,aliases.short,exact
PRK,country,North Korea,North Korea|DPRK,,
KOR,country,South Korea,South Korea|Korea,,
USA,country,United States,United States|US|U.S.|America,,
IRN,country,Iran,Iran,,
OMN,country,Oman,Oman,,
TUR,country,Turkey,Turkey|Türkiye,,Turkey
kim-jong-un,person,Kim Jong Un,Kim Jong Un|Kim Jong-un,Kim,
vladimir-putin,person,Vladimir Putin,Vladimir Putin|Vladimir V. Putin,Putin,
recep-tayyip-erdogan,person,Recep Tayyip Erdoğan,Recep Tayyip Erdoğan,Erdoğan,
new-york,place,New York,New York|New York City,,
";

    fn find(text: &str) -> Vec<(String, Vec<String>)> {
        let mut b = Gazetteer::builder();
        b.add_reader("t.csv", GAZETTEER.as_bytes());
        let g = b.build().unwrap();
        let m = Matcher::new(&g).unwrap();
        let mut hits = Hits::default();
        m.find(text, &mut hits);
        hits.hits()
            .iter()
            .map(|h| {
                let ids = hits
                    .candidates(h)
                    .iter()
                    .map(|c| g.entity(c.entity).id.clone())
                    .collect();
                (text[h.start..h.end].to_string(), ids)
            })
            .collect()
    }

    fn surfaces(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn matching_table() {
        let cases: &[(&str, &[&str])] = &[
            ("North Korea and Korea", &["North Korea", "Korea"]),
            ("Kim Jong Un met Kim", &["Kim Jong Un", "Kim"]),
            (
                "Kim Jong-un, Kim Jong-Un and KIM JONG UN",
                &["Kim Jong-un", "Kim Jong-Un", "KIM JONG UN"],
            ),
            ("Kim Jong\nUn arrived", &["Kim Jong\nUn"]),
            ("Kim  Jong   Un arrived", &["Kim  Jong   Un"]),
            ("the Putin-Kim summit", &["Putin", "Kim"]),
            ("the Putin–Kim summit", &["Putin", "Kim"]),
            ("U.S.-North Korea talks", &["U.S.", "North Korea"]),
            ("Korea’s envoy and Korea's", &["Korea", "Korea"]),
            ("Iranian oil, Iran’s oil", &["Iran"]),
            ("a woman from Oman", &["Oman"]),
            (
                "Erdogan, ERDOĞAN, Erdoğan, erdogan",
                &["Erdogan", "ERDOĞAN", "Erdoğan"],
            ),
            ("Recep Tayyip Erdogan spoke", &["Recep Tayyip Erdogan"]),
            ("let us go; Us Weekly; the US said", &["US"]),
            ("the U.S. said", &["U.S."]),
            ("roast turkey in Turkey and TURKEY", &["Turkey", "TURKEY"]),
            ("Türkiye and türkiye", &["Türkiye", "türkiye"]),
            ("putin said", &[]),
            ("PUTIN MEETS KIM", &["PUTIN", "KIM"]),
            ("New York City and New Yorkers", &["New York City"]),
            ("New York Cityscape", &["New York"]),
            ("Vladimir V. Putin arrived", &["Vladimir V. Putin"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(surfaces(text), *want, "in {text:?}");
        }
    }

    #[test]
    fn candidates_carry_shortness() {
        let got = find("Kim and Putin");
        assert_eq!(got[0].1, ["kim-jong-un"]);
        assert_eq!(got[1].1, ["vladimir-putin"]);
    }

    #[test]
    fn alias_kinds_select_aliases() {
        let mut b = Gazetteer::builder();
        b.add_reader("t.csv", GAZETTEER.as_bytes());
        let g = b.build().unwrap();
        let m = Matcher::builder().alias_kinds(["name"]).build(&g).unwrap();
        let mut hits = Hits::default();
        m.find("Putin met Vladimir Putin", &mut hits);
        assert_eq!(hits.hits().len(), 1);
        assert_eq!(hits.hits()[0].start, 10);
        let none = Matcher::builder().alias_kinds(["demonym"]).build(&g);
        assert!(matches!(none, Err(MatcherError::Empty)));
    }
}
