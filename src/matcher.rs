//! Finding aliases in text: Aho-Corasick automata over every folded alias.
//!
//! A match must start at the start of a word, so the automaton is never run over the whole text:
//! one pass over the folded text (see [`crate::fold`]) hashes each word and looks it, and the pair
//! it makes with the next word, up in small Bloom filters of the aliases' one-word forms ("putin")
//! and first two words ("north korea", "kim jong"). Only where a word can begin an alias does the
//! automaton run, anchored, leftmost-longest — so "North Korea" wins over "Korea" and "Kim Jong
//! Un" over "Kim". Most words of news text ("the", "said", and "the" before anything but
//! "hague") are dismissed by a table lookup, which keeps matching fast however large the
//! gazetteer. Large gazetteers are split by first byte over several automata, built in parallel.
//!
//! Each hit is then checked: it must end on a word boundary ("Iran" is not in "Iranian"), and
//! exact aliases ("US", short forms) must match their case. When the longest hit fails a check,
//! the shorter aliases starting at the same place are tried, so a failed long candidate never
//! hides a valid short one.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::fold::{Case, FoldedText, fold_str, is_invisible, is_word_char};
use crate::gazetteer::{ALIAS_SHORT, EntityIndex, Gazetteer, first_unknown};

/// Why a matcher could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MatcherError {
    /// The automaton could not be built (too many or too long aliases).
    #[error("cannot build the alias automaton: {0}")]
    Build(String),
    /// No alias is left to match once the alias kinds are selected.
    #[error("no alias to match: the gazetteer is empty, or --alias-kinds excludes every alias")]
    Empty,
    /// An alias kind asked for that no alias has (a typo would drop every alias of the kind
    /// meant).
    #[error("no alias is of kind {kind:?}; the gazetteers have: {}", known.join(", "))]
    UnknownAliasKind {
        /// The kind asked for.
        kind: String,
        /// The alias kinds the gazetteer has, sorted.
        known: Vec<String>,
    },
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

    /// Builds the automaton over every selected alias of `gazetteer`. Fails if an alias kind
    /// asked for is not in the gazetteer.
    pub fn build(&self, gazetteer: &Gazetteer) -> Result<Matcher, MatcherError> {
        if let Some((kind, known)) = first_unknown(&self.alias_kinds, gazetteer.alias_kinds()) {
            return Err(MatcherError::UnknownAliasKind { kind, known });
        }
        // Folded alias -> pattern id, and each alias's entry with its pattern id.
        let aliases: usize = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
        let mut by_text: FxHashMap<Box<str>, u32> =
            FxHashMap::with_capacity_and_hasher(aliases, Default::default());
        let mut found: Vec<(u32, Candidate, Option<ExactForm>)> = Vec::with_capacity(aliases);
        for (i, entity) in gazetteer.entities().iter().enumerate() {
            for alias in &entity.aliases {
                let folded = fold_str(&alias.text, Case::Fold);
                let next_id = by_text.len() as u32;
                let id = *by_text.entry(folded.into()).or_insert(next_id);
                // An alias of a kind left out still claims its words, with no entity: "Mexico
                // City" (a capital) is no mention of Mexico when capitals are off.
                let wanted = match &self.alias_kinds {
                    Some(kinds) => kinds.contains(&alias.kind),
                    None => true,
                };
                if !wanted {
                    continue;
                }
                let exact = alias
                    .exact
                    .then(|| ExactForm::new(fold_str(&alias.text, Case::Keep)));
                let candidate = Candidate {
                    entity: EntityIndex(i as u32),
                    short: alias.kind == ALIAS_SHORT,
                };
                found.push((id, candidate, exact));
            }
        }
        if found.is_empty() {
            return Err(MatcherError::Empty);
        }
        // Entries grouped by pattern, in gazetteer order within each, without repeats; a
        // pattern of left-out aliases only has none.
        found.sort_by_key(|&(id, ..)| id);
        let mut entries = Vec::with_capacity(found.len());
        let mut exact_forms = vec![];
        let mut pattern_starts = Vec::with_capacity(by_text.len() + 1);
        pattern_starts.push(0);
        let mut groups = found.chunk_by(|a, b| a.0 == b.0).peekable();
        for id in 0..by_text.len() as u32 {
            let Some(group) = groups.next_if(|g| g[0].0 == id) else {
                pattern_starts.push(entries.len() as u32);
                continue;
            };
            let first = entries.len();
            for (_, candidate, exact) in group {
                let seen = entries[first..].iter().any(|e: &Entry| {
                    e.candidate == *candidate
                        && e.exact.map(|x| &exact_forms[x as usize]) == exact.as_ref()
                });
                if !seen {
                    let exact = exact.clone().map(|form| {
                        exact_forms.push(form);
                        (exact_forms.len() - 1) as u32
                    });
                    entries.push(Entry {
                        candidate: *candidate,
                        exact,
                    });
                }
            }
            pattern_starts.push(entries.len() as u32);
        }
        drop(found);
        // The aliases in pattern order (the automaton reports pattern ids).
        let mut texts: Vec<(&str, u32)> = by_text.iter().map(|(t, &id)| (&**t, id)).collect();
        texts.sort_unstable_by_key(|&(_, id)| id);
        let word_filter = WordFilter::new(texts.iter().map(|&(text, _)| text));
        let automata = Automata::build(&texts)?;
        Ok(Matcher {
            automata,
            pattern_starts,
            entries,
            exact_forms,
            word_filter,
        })
    }
}

/// The aliases' automata. Searches are anchored at word starts, so the automaton is a trie
/// walked from its root, and the contiguous NFA keeps it compact however many aliases there are.
/// An anchored search only ever follows aliases that start with the byte it starts on, so large
/// gazetteers are split by first byte into shards that are built in parallel (at least one per
/// thread), and one at a time per thread, which bounds the memory the build needs on top of the
/// result.
#[derive(Debug, Clone)]
struct Automata {
    /// The shard of the aliases that start with each byte.
    shard_of: [u8; 256],
    /// Each shard's automaton, with the pattern ids of its patterns.
    shards: Vec<(AhoCorasick, Vec<u32>)>,
}

/// Gazetteers with fewer aliases are one automaton: the build is quick anyway.
const ALIASES_PER_SHARD: usize = 50_000;
const MAX_SHARDS: usize = 16;
/// From this many aliases on, there is at least one shard per thread, so that every thread
/// helps build (the build is most of the start-up time of a run).
const ALIASES_PER_THREAD: usize = 10_000;

impl Automata {
    fn build(texts: &[(&str, u32)]) -> Result<Automata, MatcherError> {
        let mut shard_count = texts.len().div_ceil(ALIASES_PER_SHARD);
        if texts.len() >= ALIASES_PER_THREAD {
            shard_count = shard_count.max(rayon::current_num_threads());
        }
        let shard_count = shard_count.clamp(1, MAX_SHARDS);
        // Spread the first bytes over the shards, the most frequent first, each to the shard
        // with the fewest aliases so far.
        let mut by_first = [0usize; 256];
        for (text, _) in texts {
            by_first[text.as_bytes()[0] as usize] += 1;
        }
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.sort_by_key(|&b| std::cmp::Reverse(by_first[b as usize]));
        let mut load = vec![0usize; shard_count];
        let mut shard_of = [0u8; 256];
        for b in bytes {
            let lightest = (0..shard_count)
                .min_by_key(|&i| load[i])
                .expect("one shard");
            shard_of[b as usize] = lightest as u8;
            load[lightest] += by_first[b as usize];
        }
        let mut groups: Vec<Vec<(&str, u32)>> = vec![vec![]; shard_count];
        for &(text, id) in texts {
            groups[shard_of[text.as_bytes()[0] as usize] as usize].push((text, id));
        }
        let shards = groups
            .into_par_iter()
            .map(|group| {
                let automaton = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .prefilter(false)
                    .build(group.iter().map(|&(t, _)| t.as_bytes()))
                    .map_err(|e| MatcherError::Build(e.to_string()))?;
                Ok((automaton, group.into_iter().map(|(_, id)| id).collect()))
            })
            .collect::<Result<Vec<_>, MatcherError>>()?;
        Ok(Automata { shard_of, shards })
    }

    /// The longest alias starting at `start` of `text` and ending by `end`, as a pattern id
    /// and its end.
    fn find_in(&self, text: &str, start: usize, end: usize) -> Option<(u32, usize)> {
        let (automaton, ids) =
            &self.shards[self.shard_of[text.as_bytes()[start] as usize] as usize];
        let input = Input::new(text).span(start..end).anchored(Anchored::Yes);
        let m = automaton.find(input)?;
        Some((ids[m.pattern().as_usize()], m.end()))
    }

    fn memory_usage(&self) -> usize {
        self.shards
            .iter()
            .map(|(a, ids)| a.memory_usage() + ids.len() * 4)
            .sum()
    }
}

/// Finds gazetteer aliases in text. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    automata: Automata,
    /// Each pattern's entries: `entries[pattern_starts[p]..pattern_starts[p + 1]]`.
    pattern_starts: Vec<u32>,
    entries: Vec<Entry>,
    exact_forms: Vec<ExactForm>,
    word_filter: WordFilter,
}

/// What may start an alias, as Bloom filters of word hashes. The first holds the aliases of one
/// word ("putin", "iran") and the first words of the longer ones ("north", "kim"); then each
/// first word has a filter of the words that follow it in some alias ("korea" after "north",
/// "jong" after "kim", "s" after "u" for "u.s."). A word can start an alias only if it is a
/// one-word alias, or if it is a first word and the word after it is one of its second words, so
/// the common words that merely begin some alias ("the" of "the hague", "new" of "new york") are
/// dismissed without running the automaton.
///
/// Every word of the text is looked up in the first filter, so it is kept small enough for the
/// L1/L2 cache; each first word's filter of second words lies in one place, so those of the
/// frequent first words ("the", "new") stay in cache too. The filters are blocked: all bits of
/// one key lie in one 64-bit block, so a lookup is one load. A false positive only costs an
/// anchored search, but that walks automaton memory far out of the cache, so the one-word keys
/// get three bits for a rate near 0.1%.
#[derive(Debug, Clone)]
struct WordFilter {
    starts: Vec<u64>,
    /// Blocks of `starts`, as a shift: a block is the top `64 - shift` bits of a hash.
    starts_shift: u32,
    /// Where each first word's filter of second words lies in `seconds`.
    firsts: FxHashMap<u64, Segment>,
    seconds: Vec<u64>,
    /// Characters that start an alias without being word characters (rare: "'s-Hertogenbosch").
    odd_starts: Vec<char>,
    /// The first words of those aliases ("s"): such an alias can start only in the gap just
    /// before one of them, so that the apostrophe of every "'s" is not tried for "'Oman".
    odd_words: Vec<u64>,
    /// Whether some such alias has no word once folded (the gazetteer checks that every alias
    /// has a letter or digit, so this is only a safeguard): then every odd start is tried.
    odd_wordless: bool,
    /// How the word scan treats each byte of folded text: see [`ByteClasses`].
    classes: ByteClasses,
}

/// A run of blocks of [`WordFilter::seconds`]: `blocks` is a power of two.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: u32,
    blocks: u32,
}

/// The class of each byte for the word scan, as bit flags: [`WORD`] for ASCII letters and
/// digits, [`MULTI`] for the bytes of other characters (decoded to be classified), and [`ODD`]
/// added to the first byte of an odd start's UTF-8 form. One table lookup per byte of text.
type ByteClasses = [u8; 256];

const WORD: u8 = 1;
const MULTI: u8 = 2;
const ODD: u8 = 4;

const BASE_CLASSES: ByteClasses = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        t[b] = if byte >= 0x80 {
            MULTI
        } else if byte.is_ascii_alphanumeric() {
            WORD
        } else {
            0
        };
        b += 1;
    }
    t
};

impl WordFilter {
    /// Filters for the first words and first pairs of `aliases` (folded).
    fn new<'a>(aliases: impl Iterator<Item = &'a str>) -> WordFilter {
        let mut classes = BASE_CLASSES;
        let mut odd_starts = vec![];
        let mut odd_words = vec![];
        let mut odd_wordless = false;
        let mut singles = vec![];
        let mut pairs: Vec<(u64, u64)> = vec![];
        for alias in aliases {
            match alias_start(alias) {
                AliasStart::Odd(c, word) => {
                    match word {
                        Some(word) => odd_words.push(word),
                        None => odd_wordless = true,
                    }
                    if !odd_starts.contains(&c) {
                        odd_starts.push(c);
                        let mut utf8 = [0; 4];
                        classes[c.encode_utf8(&mut utf8).as_bytes()[0] as usize] |= ODD;
                    }
                }
                AliasStart::Single(word) => singles.push(word),
                AliasStart::Pair(first, second) => pairs.push((first, second)),
            }
        }
        // Each first word with its second words, in hash order (so that the layout does not
        // depend on the order of the gazetteer).
        pairs.sort_unstable();
        pairs.dedup();
        odd_words.sort_unstable();
        odd_words.dedup();
        let first_words = pairs.chunk_by(|a, b| a.0 == b.0).count();
        // About 16 bits per key, in a power of two of 64-bit blocks.
        let blocks = |keys: usize| (keys * 16).div_ceil(64).next_power_of_two();
        let starts_blocks = blocks(singles.len() + first_words).clamp(1 << 8, 1 << 22);
        let starts_shift = 64 - starts_blocks.trailing_zeros();
        let mut starts = vec![0; starts_blocks];
        for word in singles {
            starts[(word >> starts_shift) as usize] |= single_bits(word);
        }
        let mut firsts = FxHashMap::with_capacity_and_hasher(first_words, Default::default());
        let mut seconds = vec![];
        for followers in pairs.chunk_by(|a, b| a.0 == b.0) {
            let first = followers[0].0;
            starts[(first >> starts_shift) as usize] |= first_bits(first);
            let segment = Segment {
                start: seconds.len() as u32,
                blocks: blocks(followers.len()) as u32,
            };
            seconds.resize(seconds.len() + segment.blocks as usize, 0);
            for &(_, second) in followers {
                let (block, bits) = segment.place(second);
                seconds[block] |= bits;
            }
            firsts.insert(first, segment);
        }
        WordFilter {
            starts,
            starts_shift,
            firsts,
            seconds,
            odd_starts,
            odd_words,
            odd_wordless,
            classes,
        }
    }

    /// Whether an alias may start with `word`, followed by `next` (if there is a next word).
    #[inline(always)]
    fn may_start(&self, word: u64, next: Option<u64>) -> bool {
        let block = self.starts[(word >> self.starts_shift) as usize];
        let (single, first) = (single_bits(word), first_bits(word));
        if block & single == single {
            return true;
        }
        match next {
            Some(next) if block & first == first => self.firsts.get(&word).is_some_and(|s| {
                let (block, bits) = s.place(next);
                self.seconds[block] & bits == bits
            }),
            _ => false,
        }
    }

    /// Whether an alias may start at an odd start in the gap before the word `next` (`None`
    /// after the last word).
    fn odd_may_start(&self, next: Option<u64>) -> bool {
        self.odd_wordless || next.is_some_and(|w| self.odd_words.binary_search(&w).is_ok())
    }
}

impl Segment {
    /// The block of [`WordFilter::seconds`] and the bits in it for the second word `word`.
    #[inline(always)]
    fn place(self, word: u64) -> (usize, u64) {
        // Mixed again: within a first word's few blocks, the bits must not depend on the block.
        let h = (word ^ (word >> 29)).wrapping_mul(WORD_HASH_K);
        let block = self.start + ((h >> 40) as u32 & (self.blocks - 1));
        (block as usize, 1 << (h >> 58) | 1 << ((h >> 52) & 63))
    }
}

/// How a folded alias starts, for the word filter.
enum AliasStart {
    /// With a character that is not a word character, then its first word (if it has one).
    Odd(char, Option<u64>),
    /// With its only word (a hash).
    Single(u64),
    /// With these two words.
    Pair(u64, u64),
}

fn alias_start(folded_alias: &str) -> AliasStart {
    let first = folded_alias.chars().next().expect("aliases are not empty");
    let mut words = Words::new(folded_alias.as_bytes(), &BASE_CLASSES);
    if !is_word_char(first) {
        return AliasStart::Odd(first, words.next().map(|w| w.hash));
    }
    let first = words
        .next()
        .expect("the alias starts with a word character");
    match words.next() {
        None => AliasStart::Single(first.hash),
        Some(second) => AliasStart::Pair(first.hash, second.hash),
    }
}

/// The bits of a hash's block that a key sets, from the hash's low bits (its block comes from
/// the high ones): three for one-word aliases, two for first words.
#[inline(always)]
fn single_bits(hash: u64) -> u64 {
    1 << (hash & 63) | 1 << ((hash >> 6) & 63) | 1 << ((hash >> 12) & 63)
}

#[inline(always)]
fn first_bits(hash: u64) -> u64 {
    1 << ((hash >> 18) & 63) | 1 << ((hash >> 24) & 63)
}

const WORD_HASH_K: u64 = 0x9e37_79b9_7f4a_7c15;

/// A word of folded text: a run of word characters, with its hash.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    hash: u64,
    /// Whether the gap before the word holds a byte that may start an odd start.
    odd_before: bool,
}

/// The words of folded text, in order. ASCII bytes are classified by one table lookup; other
/// characters are decoded.
struct Words<'a> {
    bytes: &'a [u8],
    classes: &'a ByteClasses,
    at: usize,
}

impl<'a> Words<'a> {
    fn new(bytes: &'a [u8], classes: &'a ByteClasses) -> Words<'a> {
        Words {
            bytes,
            classes,
            at: 0,
        }
    }
}

impl Iterator for Words<'_> {
    type Item = Word;

    // Inlined into the matcher's loop, so that the scan position stays in a register.
    #[inline(always)]
    fn next(&mut self) -> Option<Word> {
        let (bytes, classes) = (self.bytes, self.classes);
        let mut i = self.at;
        let mut odd_before = false;
        let start = loop {
            let &b = bytes.get(i)?;
            let class = classes[b as usize];
            if class & WORD != 0 {
                break i;
            }
            odd_before |= class & ODD != 0;
            if class & MULTI == 0 {
                i += 1;
                continue;
            }
            let (c, len) = char_at(bytes, i);
            if is_word_char(c) {
                break i;
            }
            i += len;
        };
        let mut end = start;
        loop {
            // Eight bytes at a time while the text goes on: most words end within one step.
            if let Some(eight) = bytes.get(end..end + 8) {
                let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
                let stop = !ascii_word_bytes(v) & HIGH_BITS;
                if stop == 0 {
                    end += 8;
                    continue;
                }
                end += (stop.trailing_zeros() / 8) as usize;
            }
            let Some(&b) = bytes.get(end) else { break };
            let class = classes[b as usize];
            if class & WORD != 0 {
                end += 1;
                continue;
            }
            if class & MULTI == 0 {
                break;
            }
            let (c, len) = char_at(bytes, end);
            if !is_word_char(c) {
                break;
            }
            end += len;
        }
        self.at = end;
        Some(Word {
            start,
            end,
            hash: word_hash(bytes, start, end),
            odd_before,
        })
    }
}

/// The hashes of the words of folded text, in order: the words the matcher looks up.
pub(crate) fn word_hashes(folded: &str) -> impl Iterator<Item = u64> + '_ {
    Words::new(folded.as_bytes(), &BASE_CLASSES).map(|w| w.hash)
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The ASCII letters and digits among eight bytes, as the high bit of each byte (SWAR: the
/// range checks are additions that set the high bit, on bytes with it cleared first so that no
/// carry crosses into the next byte).
#[inline(always)]
fn ascii_word_bytes(v: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = v & !HIGH_BITS;
    let lower = low | (0x20 * ONES);
    let letter = (lower + (0x80 - 0x61) * ONES) & !(lower + (0x80 - 0x7b) * ONES);
    let digit = (low + (0x80 - 0x30) * ONES) & !(low + (0x80 - 0x3a) * ONES);
    (letter | digit) & !v & HIGH_BITS
}

/// The hash of the word `bytes[start..end]`: a multiply-mix over its 8-byte chunks, the last
/// one padded with zeros, so that most words cost one multiplication. The last chunk is read
/// as one 8-byte load and masked when the text goes on far enough (copying it out instead
/// stalls the load that follows).
#[inline(always)]
fn word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let load = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let mut h = (end - start) as u64;
    let mut at = start;
    while end - at >= 8 {
        h = (h ^ load(at)).wrapping_mul(WORD_HASH_K).rotate_left(29);
        at += 8;
    }
    let rest = end - at;
    let tail = if at + 8 <= bytes.len() {
        load(at) & ((1u64 << (8 * rest)) - 1)
    } else {
        let mut tail = [0u8; 8];
        tail[..rest].copy_from_slice(&bytes[at..end]);
        u64::from_le_bytes(tail)
    };
    h = (h ^ tail).wrapping_mul(WORD_HASH_K);
    h ^ (h >> 32)
}

/// One entity a pattern may refer to, and the case it must then be written in (an index in
/// [`Matcher::exact_forms`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    candidate: Candidate,
    exact: Option<u32>,
}

/// The case-sensitive forms an exact alias accepts: as written, in all capitals (headlines),
/// or with its first letter capitalised ("da Silva" as "Da Silva", "el-Sisi" as "El-Sisi",
/// as at the start of a sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ExactForm {
    form: Box<str>,
    upper: Box<str>,
    capitalised: Box<str>,
}

impl ExactForm {
    fn new(form: String) -> ExactForm {
        let mut chars = form.chars();
        let capitalised = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        ExactForm {
            upper: form.to_uppercase().into(),
            capitalised: capitalised.into(),
            form: form.into(),
        }
    }

    fn accepts(&self, surface: &str) -> bool {
        surface == &*self.form || surface == &*self.upper || surface == &*self.capitalised
    }
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

    /// Number of distinct folded aliases in the automaton (with those of alias kinds left out,
    /// which claim their words without a hit).
    pub fn pattern_count(&self) -> usize {
        self.pattern_starts.len() - 1
    }

    /// Bytes of heap used by the automaton.
    pub fn memory_usage(&self) -> usize {
        self.automata.memory_usage()
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
        self.find_visiting_words(text, hits, |_| ());
    }

    /// Like [`find`](Self::find), and calls `visit` with the hash of every word of the folded
    /// text, in order, as [`word_hashes`] gives them: what needs the words (duplicate
    /// detection) gets them from the matcher's scan instead of scanning the text again.
    pub(crate) fn find_visiting_words(
        &self,
        text: &str,
        hits: &mut Hits,
        mut visit: impl FnMut(u64),
    ) {
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
        let odd_starts = &self.word_filter.odd_starts;
        let mut words = Words::new(bytes, &self.word_filter.classes);
        let mut current = words.next();
        // Where the last hit ended: hits never overlap.
        let mut free = 0;
        let mut gap_start = 0;
        while let Some(word) = current {
            visit(word.hash);
            if word.odd_before && self.word_filter.odd_may_start(Some(word.hash)) {
                self.try_odd_starts(&mut out, gap_start.max(free), word.start, &mut free);
            }
            let next = words.next();
            if word.start >= free
                && self.word_filter.may_start(word.hash, next.map(|n| n.hash))
                && let Some(end) = self.try_at(&mut out, word.start)
            {
                free = end;
            }
            gap_start = word.end;
            current = next;
        }
        if !odd_starts.is_empty() && self.word_filter.odd_may_start(None) {
            self.try_odd_starts(&mut out, gap_start.max(free), bytes.len(), &mut free);
        }
    }

    /// Tries the aliases that start with a non-word character ("'s-Hertogenbosch") at such
    /// characters in `from..to`, a stretch without word characters.
    fn try_odd_starts(&self, out: &mut Out<'_>, from: usize, to: usize, free: &mut usize) {
        let folded = out.folding.as_str();
        let bytes = folded.as_bytes();
        let mut at = from;
        while at < to {
            if self.word_filter.classes[bytes[at] as usize] & ODD == 0 {
                at += 1;
                continue;
            }
            let (c, len) = char_at(bytes, at);
            if at >= *free
                && self.word_filter.odd_starts.contains(&c)
                && starts_word(folded, at)
                && let Some(end) = self.try_at(out, at)
            {
                *free = end;
                at = end;
                continue;
            }
            at += len;
        }
    }

    /// Runs the automaton anchored at `start` (a word start) and records the longest alias
    /// there that passes the checks. Returns where it ends (also for an alias of a kind left
    /// out, which claims its words without a hit).
    fn try_at(&self, out: &mut Out<'_>, start: usize) -> Option<usize> {
        let folded = out.folding.as_str();
        let (mut pattern, mut end) = self.automata.find_in(folded, start, folded.len())?;
        loop {
            // A pattern with no entries (aliases of kinds left out) only needs a word end.
            let p = pattern as usize;
            let claimed = if self.pattern_starts[p] == self.pattern_starts[p + 1] {
                ends_word(folded, end)
            } else {
                self.accept(out, pattern, start, end)
            };
            if claimed {
                return Some(end);
            }
            // The longest alias starting here failed a check: try the next shorter one, which
            // ends before it.
            (pattern, end) = self.automata.find_in(folded, start, end - 1)?;
        }
    }

    /// Checks the hit `[start, end)` of the folded text for pattern `p`, and records it if it
    /// passes. Returns whether it did.
    fn accept(&self, out: &mut Out<'_>, p: u32, start: usize, end: usize) -> bool {
        if !ends_word(out.folding.as_str(), end) {
            return false;
        }
        let o_start = out.folding.to_original(start);
        // Folding drops invisible characters: one right after the alias is not part of it.
        let o_end = out.text[..out.folding.to_original(end)]
            .trim_end_matches(is_invisible)
            .len()
            .max(o_start);
        let surface = &out.text[o_start..o_end];
        let first = out.candidates.len();
        let mut kept: Cow<str> = Cow::Borrowed("");
        let mut kept_done = false;
        let entries =
            self.pattern_starts[p as usize] as usize..self.pattern_starts[p as usize + 1] as usize;
        for entry in &self.entries[entries] {
            if let Some(exact) = entry.exact {
                let exact = &self.exact_forms[exact as usize];
                if !kept_done {
                    kept = keep_case(surface);
                    kept_done = true;
                }
                if !exact.accepts(&kept) {
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
/// the alias itself does not end with one; nor with an apostrophe that letters follow other than
/// a possessive's or an English clitic's ("Putin's", "Kim'll"): "Ma'ruf" is no "Ma".
fn ends_word(folded: &str, pos: usize) -> bool {
    if !folded[..pos].chars().next_back().is_some_and(is_word_char) {
        return true;
    }
    let after = &folded[pos..];
    match after.chars().next() {
        Some(a) if is_word_char(a) => false,
        Some('\'') => {
            let rest = &after[1..];
            let end = rest
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(rest.len(), |(i, _)| i);
            matches!(&rest[..end], "" | "s" | "d" | "ll" | "re" | "ve")
        }
        _ => true,
    }
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
lula,person,Lula da Silva,Lula da Silva,da Silva,
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
            // An apostrophe inside a word: "Ma'ruf" is no "Ma"; a possessive is the name's.
            (
                "Kim\u{2019}ruf, Kim's, Kim\u{2019}s, Kim'll, Kim' and 'Kim'",
                &["Kim", "Kim", "Kim", "Kim", "Kim"],
            ),
            // A short form starting with a particle, capitalised as at a sentence start.
            (
                "da Silva, Da Silva, DA SILVA; dA Silva",
                &["da Silva", "Da Silva", "DA SILVA"],
            ),
            ("PUTIN MEETS KIM", &["PUTIN", "KIM"]),
            ("New York City and New Yorkers", &["New York City"]),
            ("New York Cityscape", &["New York"]),
            ("Vladimir V. Putin arrived", &["Vladimir V. Putin"]),
            // Full-width letters are the letters, in case-sensitive aliases too.
            (
                "ＫＩＭ ＪＯＮＧ ＵＮ and ＵＳ envoys",
                &["ＫＩＭ ＪＯＮＧ ＵＮ", "ＵＳ"],
            ),
            // Invisible characters: inside a name it still matches; after it, they stay out.
            (
                "Pu\u{AD}tin and Putin\u{200B}\u{AD} met Iran\u{FEFF}",
                &["Pu\u{AD}tin", "Putin", "Iran"],
            ),
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
        let unknown = Matcher::builder().alias_kinds(["demonym"]).build(&g);
        assert!(
            matches!(unknown, Err(MatcherError::UnknownAliasKind { kind, known })
                if kind == "demonym" && known == ["name", "short"])
        );
        let none = Matcher::builder()
            .alias_kinds(Vec::<String>::new())
            .build(&g);
        assert!(matches!(none, Err(MatcherError::Empty)));
        // An alias of a kind left out still claims its words: "Mexico City" is no "Mexico".
        let mut b = Gazetteer::builder();
        b.add_reader(
            "t.csv",
            "id,kind,label,aliases,aliases.capital\nMEX,country,Mexico,Mexico,Mexico City\n"
                .as_bytes(),
        );
        let g = b.build().unwrap();
        let text = "Mexico City is in Mexico; Mexico City's mayor";
        let surfaces = |m: &Matcher| {
            let mut hits = Hits::default();
            m.find(text, &mut hits);
            let s: Vec<&str> = hits.hits().iter().map(|h| &text[h.start..h.end]).collect();
            s.join("|")
        };
        let names = Matcher::builder().alias_kinds(["name"]).build(&g).unwrap();
        assert_eq!(surfaces(&names), "Mexico");
        let all = Matcher::new(&g).unwrap();
        assert_eq!(surfaces(&all), "Mexico City|Mexico|Mexico City");
    }

    #[test]
    fn word_filter_passes_every_alias_start() {
        let mut b = Gazetteer::builder();
        b.add_reader(
            "t.csv",
            "id,kind,label,aliases\n\
             hague,place,The Hague,The Hague\n\
             den-bosch,place,'s-Hertogenbosch,'s-Hertogenbosch\n\
             usa,country,United States,U.S.\n\
             seoul,place,Seoul,서울\n"
                .as_bytes(),
        );
        let g = b.build().unwrap();
        let m = Matcher::new(&g).unwrap();
        let mut hits = Hits::default();
        let text = "The the Hague; the court in The  Hague, 's-Hertogenbosch and the U.S., 서울.";
        m.find(text, &mut hits);
        let found: Vec<&str> = hits.hits().iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(
            found,
            [
                "the Hague",
                "The  Hague",
                "'s-Hertogenbosch",
                "U.S.",
                "서울"
            ]
        );
    }

    #[test]
    fn odd_starts_are_tried_before_their_first_word() {
        let mut b = Gazetteer::builder();
        b.add_reader(
            "t.csv",
            "id,kind,label,aliases\n\
             OMN,country,Oman,'Oman\n\
             den-bosch,place,'s-Hertogenbosch,'s-Hertogenbosch\n"
                .as_bytes(),
        );
        let m = Matcher::new(&b.build().unwrap()).unwrap();
        let hash = |word: &str| word_hashes(word).next().unwrap();
        // The apostrophes of "Putin's" and "don't" are not worth a search; the one before
        // "Oman" or "s" is.
        let filter = &m.word_filter;
        assert!(filter.odd_may_start(Some(hash("oman"))));
        assert!(filter.odd_may_start(Some(hash("s"))));
        assert!(!filter.odd_may_start(Some(hash("t"))));
        assert!(!filter.odd_may_start(None));
        let mut hits = Hits::default();
        for (text, want) in [
            (
                "Putin's 'Oman trip; don't 's-Hertogenbosch, Putin's-Hertogenbosch",
                &["'Oman", "'s-Hertogenbosch", "'s-Hertogenbosch"][..],
            ),
            ("«'OMAN»'", &["'OMAN"]),
            ("''Oman", &["'Oman"]),
            ("Oman's '", &[]),
        ] {
            m.find(text, &mut hits);
            let found: Vec<&str> = hits.hits().iter().map(|h| &text[h.start..h.end]).collect();
            assert_eq!(found, want, "in {text:?}");
        }
    }

    #[test]
    fn sharded_automata_find_aliases_of_every_shard() {
        // More aliases than one shard holds, starting with many different bytes.
        let mut csv = String::from("id,kind,label,aliases\n");
        let starts = ["a", "b", "k", "p", "z", "9", "é", "ж"];
        for i in 0..2 * ALIASES_PER_SHARD {
            let start = starts[i % starts.len()];
            csv.push_str(&format!("e{i},person,{start}x{i},{start}x{i} Smith\n"));
        }
        let mut b = Gazetteer::builder();
        b.add_reader("big.csv", csv.as_bytes());
        let g = b.build().unwrap();
        let m = Matcher::new(&g).unwrap();
        assert!(m.automata.shards.len() >= 2);
        let text = "Ax0 Smith met px3 smith, Жx7 Smith and 9x5 Smith; éx6 Smith; zx4 Smithson.";
        let mut hits = Hits::default();
        m.find(text, &mut hits);
        let found: Vec<&str> = hits.hits().iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(
            found,
            [
                "Ax0 Smith",
                "px3 smith",
                "Жx7 Smith",
                "9x5 Smith",
                "éx6 Smith"
            ]
        );
    }
}
