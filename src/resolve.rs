//! Resolution: deciding which entity each alias found in a document refers to.
//!
//! Most hits name one entity outright. Two kinds need the rest of the document:
//! - A **short form** ("Kim", "Putin") refers back to a person named in full in the same
//!   document. It resolves when exactly one of its candidates is named in full before it (or, if
//!   none is, to the first one named in full after it, as when a headline says "Putin" and the
//!   body "Vladimir Putin"). It stays unresolved when two candidates are named earlier, when none
//!   is named at all,
//!   or when it is the start or end of a longer capitalised name that the gazetteer does not know
//!   ("Kim In-Chul" is someone else, not Kim Jong Un).
//! - An **ambiguous alias**, claimed by several entities ("Congo"), resolves when the document
//!   names exactly one of the claimants unambiguously elsewhere.
//!
//! Nothing is guessed: an unresolved mention keeps its candidates and the reason, and is counted.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use crate::gazetteer::EntityIndex;
use crate::matcher::{Hit, Hits};
use crate::sentences::Segmentation;

/// How a mention was resolved, or why it was not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resolution {
    /// The alias names one entity.
    Alias,
    /// An alias claimed by several entities, decided by the one the document names elsewhere.
    Context,
    /// A short form referring back to the person named in full earlier.
    ShortForm,
    /// A short form referring ahead to the person named in full later (a headline, a caption).
    ShortFormAhead,
    /// Unresolved: several candidates are named earlier in the document (or, for an ambiguous
    /// alias, several or none anywhere in it).
    Ambiguous,
    /// Unresolved: a short form whose person is never named in full in the document.
    NoFullName,
    /// Unresolved: a short form that is part of a longer name the gazetteer does not know, or
    /// of a date ("24 May 2019").
    LongerName,
}

impl Resolution {
    /// Whether the mention has an entity.
    pub fn is_resolved(self) -> bool {
        matches!(
            self,
            Resolution::Alias
                | Resolution::Context
                | Resolution::ShortForm
                | Resolution::ShortFormAhead
        )
    }

    /// The name used in output files.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Alias => "alias",
            Resolution::Context => "context",
            Resolution::ShortForm => "short-form",
            Resolution::ShortFormAhead => "short-form-ahead",
            Resolution::Ambiguous => "ambiguous",
            Resolution::NoFullName => "no-full-name",
            Resolution::LongerName => "longer-name",
        }
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An alias found in a document, with the entity it refers to when resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the start in the document text.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// The entity, when resolved.
    pub entity: Option<EntityIndex>,
    /// How it was resolved, or why not.
    pub resolution: Resolution,
    /// The candidate entities of an unresolved mention (empty when resolved).
    pub candidates: Vec<EntityIndex>,
    /// Index of its sentence in the document, from 0.
    pub sentence: u32,
    /// Index of its paragraph in the document, from 0.
    pub paragraph: u32,
}

/// Resolves every hit of one document, appending mentions to `out` in text order.
///
/// `segmentation` gives the sentences, used to tell a capitalised word that starts a sentence from
/// one that is part of a name.
pub fn resolve(text: &str, hits: &Hits, segmentation: &Segmentation, out: &mut Vec<Mention>) {
    let list = hits.hits();
    // Where each entity is first named unambiguously in full.
    let mut anchors: HashMap<EntityIndex, usize> = HashMap::default();
    for hit in list {
        if let Some(e) = direct(hits, hit) {
            anchors.entry(e).or_insert(hit.start);
        }
    }
    let anchor = |e: EntityIndex| anchors.get(&e).copied();
    // Whether each sentence is a title-case headline, computed once per sentence.
    let mut title_case: HashMap<usize, bool> = HashMap::default();
    let mut full: Vec<EntityIndex> = vec![];
    let mut all: Vec<EntityIndex> = vec![];
    for (i, hit) in list.iter().enumerate() {
        full.clear();
        all.clear();
        let mut has_short = false;
        for c in hits.candidates(hit) {
            if !all.contains(&c.entity) {
                all.push(c.entity);
            }
            if c.short {
                has_short = true;
            } else if !full.contains(&c.entity) {
                full.push(c.entity);
            }
        }
        let one = |e: &[EntityIndex]| (e.len() == 1).then(|| e[0]);
        let (entity, resolution) = if !has_short {
            if let Some(e) = one(&full) {
                (Some(e), Resolution::Alias)
            } else {
                let named: Vec<EntityIndex> = full
                    .iter()
                    .copied()
                    .filter(|&e| anchor(e).is_some())
                    .collect();
                match one(&named) {
                    Some(e) => (Some(e), Resolution::Context),
                    None => (None, Resolution::Ambiguous),
                }
            }
        } else if part_of_longer_name(text, list, i, segmentation, &mut title_case) {
            (None, Resolution::LongerName)
        } else {
            let before: Vec<EntityIndex> = all
                .iter()
                .copied()
                .filter(|&e| anchor(e).is_some_and(|p| p < hit.start))
                .collect();
            let after: Vec<EntityIndex> = all
                .iter()
                .copied()
                .filter(|&e| anchor(e).is_some_and(|p| p > hit.start))
                .collect();
            let kind = |e: EntityIndex, short: Resolution| {
                if full.contains(&e) {
                    Resolution::Context
                } else {
                    short
                }
            };
            if before.len() > 1 {
                (None, Resolution::Ambiguous)
            } else if let Some(e) = one(&before) {
                (Some(e), kind(e, Resolution::ShortForm))
            } else if let Some(e) = first_named(&after, &anchor) {
                (Some(e), kind(e, Resolution::ShortFormAhead))
            } else if let Some(e) = one(&full) {
                (Some(e), Resolution::Alias)
            } else {
                (None, Resolution::NoFullName)
            }
        };
        out.push(Mention {
            start: hit.start,
            end: hit.end,
            entity,
            resolution,
            candidates: if entity.is_some() {
                vec![]
            } else {
                all.clone()
            },
            sentence: 0,
            paragraph: 0,
        });
    }
}

/// Of the candidates named in full later in the document, the one named first: a headline's
/// "Kim" is the Kim the article then introduces, even if another Kim appears further down.
fn first_named(
    after: &[EntityIndex],
    anchor: &impl Fn(EntityIndex) -> Option<usize>,
) -> Option<EntityIndex> {
    after.iter().copied().min_by_key(|&e| anchor(e))
}

/// The entity a hit names without any doubt: one candidate, not a short form.
fn direct(hits: &Hits, hit: &Hit) -> Option<EntityIndex> {
    let mut found = None;
    for c in hits.candidates(hit) {
        if c.short || found.is_some_and(|f| f != c.entity) {
            return None;
        }
        found = Some(c.entity);
    }
    found
}

/// Titles and honorifics that may stand before a surname without being part of the name.
const TITLES: &[&str] = &[
    "Acting",
    "Adm",
    "Admiral",
    "Ambassador",
    "Brother",
    "Capt",
    "Captain",
    "Chairman",
    "Chairwoman",
    "Chancellor",
    "Col",
    "Colonel",
    "Comrade",
    "Commander",
    "Crown",
    "Dame",
    "Defence",
    "Defense",
    "Deputy",
    "Dr",
    "Emir",
    "Emperor",
    "Envoy",
    "Father",
    "Foreign",
    "Former",
    "Gen",
    "General",
    "Gov",
    "Governor",
    "Herr",
    "Judge",
    "Justice",
    "King",
    "Lady",
    "Leader",
    "Lieutenant",
    "Lord",
    "Lt",
    "Madam",
    "Madame",
    "Marshal",
    "Mayor",
    "Minister",
    "Miss",
    "Mme",
    "Mr",
    "Mrs",
    "Ms",
    "Pope",
    "Premier",
    "President",
    "Prime",
    "Prince",
    "Princess",
    "Prof",
    "Professor",
    "Queen",
    "Rep",
    "Representative",
    "Rev",
    "Secretary",
    "Sen",
    "Senator",
    "Sheikh",
    "Sir",
    "Speaker",
    "Supreme",
    "Vice",
];

/// Month names, some of which are also surnames ("May").
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that open sentences, capitalised, before a surname ("But Kim said", "Yesterday Putin
/// met", "Should Trump win") without being part of the name; with days and months ("Monday Kim
/// said"). Compared in lower case, sorted; adverbs in "-ly" are recognised by their ending.
const NOT_GIVEN_NAMES: &[&str] = &[
    "a",
    "about",
    "after",
    "afterwards",
    "again",
    "against",
    "ahead",
    "all",
    "almost",
    "already",
    "also",
    "although",
    "always",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyway",
    "april",
    "are",
    "around",
    "as",
    "at",
    "august",
    "barely",
    "because",
    "before",
    "besides",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "december",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "either",
    "elsewhere",
    "even",
    "ever",
    "every",
    "february",
    "few",
    "following",
    "for",
    "friday",
    "from",
    "fully",
    "furthermore",
    "had",
    "hardly",
    "has",
    "have",
    "he",
    "hence",
    "her",
    "here",
    "his",
    "how",
    "however",
    "if",
    "in",
    "indeed",
    "instead",
    "is",
    "it",
    "its",
    "january",
    "july",
    "june",
    "just",
    "largely",
    "last",
    "later",
    "like",
    "likewise",
    "mainly",
    "many",
    "march",
    "may",
    "maybe",
    "meanwhile",
    "merely",
    "might",
    "monday",
    "moreover",
    "most",
    "mostly",
    "much",
    "must",
    "nearly",
    "neither",
    "never",
    "nevertheless",
    "newly",
    "next",
    "no",
    "nonetheless",
    "nor",
    "not",
    "november",
    "now",
    "october",
    "of",
    "often",
    "on",
    "once",
    "only",
    "or",
    "other",
    "otherwise",
    "our",
    "over",
    "overnight",
    "partly",
    "perhaps",
    "rarely",
    "rather",
    "really",
    "saturday",
    "september",
    "several",
    "shall",
    "she",
    "should",
    "simply",
    "since",
    "so",
    "solely",
    "some",
    "soon",
    "still",
    "such",
    "sunday",
    "surely",
    "that",
    "the",
    "their",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thursday",
    "thus",
    "to",
    "today",
    "together",
    "tomorrow",
    "tonight",
    "too",
    "tuesday",
    "under",
    "unless",
    "unlike",
    "until",
    "upon",
    "very",
    "was",
    "we",
    "wednesday",
    "were",
    "what",
    "whatever",
    "when",
    "whenever",
    "where",
    "whereas",
    "wherever",
    "whether",
    "which",
    "whichever",
    "while",
    "whilst",
    "who",
    "whoever",
    "why",
    "will",
    "with",
    "without",
    "would",
    "yesterday",
    "yet",
];

/// Whether a capitalised word that opens a sentence before a surname is a sentence opener, a
/// day or a month (see [`NOT_GIVEN_NAMES`]), not a given name.
fn opens_sentence_only(word: &str) -> bool {
    let lower = word.to_lowercase();
    // "Finally", "Separately", "Reportedly"; short ones are often names ("Kelly", "Emily"), and
    // so are a few long ones.
    let adverb = lower.ends_with("ly")
        && lower.chars().count() >= 7
        && !["beverly", "kimberly"].contains(&lower.as_str());
    adverb || not_a_given_name(&lower)
}

/// Whether `lower` (in lower case) is in [`NOT_GIVEN_NAMES`].
fn not_a_given_name(lower: &str) -> bool {
    NOT_GIVEN_NAMES.binary_search(&lower).is_ok()
}

/// Whether the hit `text[start..end]` is a month name in a date: with a number just before or
/// after ("24 May 2019", "May 26"), or after a word that makes it one ("in May", "since March",
/// "mid-May") unless a possessive or a verb follows ("in May's plan", "since May took office").
fn in_a_date(text: &str, start: usize, end: usize, sentence_start: usize) -> bool {
    if !MONTHS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(&text[start..end]))
    {
        return false;
    }
    let after = &text[end..];
    let number_after = after
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    let number_before = text[..start]
        .strip_suffix(' ')
        .is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit()));
    if number_after || number_before {
        return true;
    }
    let word_before = text[sentence_start.min(start)..start]
        .strip_suffix([' ', '-'])
        .and_then(|r| r.rsplit(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    let person_after = after.starts_with(['\'', '\u{2019}'])
        || after
            .strip_prefix(' ')
            .and_then(leading_word)
            .is_some_and(|w| {
                w.starts_with(char::is_lowercase) && !not_a_given_name(&w.to_lowercase())
            });
    BEFORE_MONTHS.contains(&word_before.to_lowercase().as_str()) && !person_after
}

/// Days of the week: capitalised before a surname anywhere ("on Monday Kim said").
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words that make a month name after them a date ("in May", "since March", "mid-May").
const BEFORE_MONTHS: &[&str] = &[
    "during", "early", "in", "last", "late", "mid", "next", "since", "this", "till", "until",
];

/// Whether the short-form hit `list[i]` is the start or end of a longer capitalised name:
/// "Kim In-Chul", "Andrew Kim", "Madikizela-Mandela" — or part of a date ("24 May 2019", "in
/// May"). Title-case headlines, titles ("President Putin"), possessives ("Russia's Putin"),
/// sentence openers ("But Putin") and neighbouring hits ("Putin-Kim") do not count.
fn part_of_longer_name(
    text: &str,
    list: &[Hit],
    i: usize,
    segmentation: &Segmentation,
    title_case: &mut HashMap<usize, bool>,
) -> bool {
    let hit = &list[i];
    let index = segmentation.sentence_at(hit.start);
    let sentence = segmentation
        .sentences()
        .get(index)
        .map_or((0, text.len()), |s| (s.start, s.end));
    // A date first, even in a headline ("VOTE SET FOR 24 MAY").
    if in_a_date(text, hit.start, hit.end, sentence.0) {
        return true;
    }
    let headline = *title_case
        .entry(index)
        .or_insert_with(|| is_title_case(&text[sentence.0..sentence.1.max(sentence.0)]));
    if headline {
        return false;
    }
    // The word after: one space or hyphen, then a capitalised word.
    let after = &text[hit.end..];
    if let Some(rest) = after.strip_prefix([' ', '-', '\u{2010}', '\u{2011}'])
        && let Some(word) = leading_word(rest)
        && word.starts_with(char::is_uppercase)
        // Days, months and "I" follow a surname without being part of the name.
        && !DAYS.contains(&word)
        && !MONTHS.contains(&word)
        && word != "I"
    {
        let word_start = text.len() - rest.len();
        let is_hit = list.get(i + 1).is_some_and(|h| h.start == word_start);
        if !is_hit {
            return true;
        }
    }
    // The word before: a capitalised word, one space or hyphen away ("Winnie
    // Madikizela-Mandela", "Andrew Kim" at the start of a sentence too), that is not a title, a
    // possessive, a hit, a day, or at the start of a sentence, a word that opens sentences ("But
    // Kim", "Yesterday Kim").
    let before = &text[sentence.0.min(hit.start)..hit.start];
    if let Some(rest) = before
        .strip_suffix(' ')
        .or_else(|| before.strip_suffix('-'))
    {
        let word = rest
            .rsplit(|c: char| c.is_whitespace() || "\"“‘(".contains(c))
            .next()
            .unwrap_or("");
        let word_start = hit.start - 1 - word.len();
        let is_hit = i > 0 && list[i - 1].end == word_start + word.len();
        let starts_sentence = text[sentence.0..word_start]
            .trim_start_matches(|c: char| c.is_whitespace() || "\"“‘'(".contains(c))
            .is_empty();
        // Letters and hyphens only: possessives ("Russia's") and abbreviations are not names.
        if word.starts_with(char::is_uppercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '-')
            && !is_hit
            && !TITLES.contains(&word)
            && !DAYS.contains(&word)
            && (!starts_sentence || !opens_sentence_only(word))
        {
            return true;
        }
    }
    false
}

/// The word at the start of `s`: letters, digits and inner apostrophes.
fn leading_word(s: &str) -> Option<&str> {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    (end > 0).then(|| &s[..end])
}

/// Whether a sentence is a title-case headline ("Putin Meets Kim In Vladivostok") or in capitals
/// ("KIM SPOKE."), where capitals say nothing about names.
fn is_title_case(sentence: &str) -> bool {
    if !sentence.chars().any(char::is_lowercase) {
        return true;
    }
    let long: Vec<&str> = sentence
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let lower = long
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    long.len() >= 3 && lower == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::matcher::Matcher;

    const GAZETTEER: &str = "\
id,kind,label,aliases,aliases.short
kim-jong-un,person,Kim Jong Un,Kim Jong Un|Kim Jong-un,Kim
kim-yo-jong,person,Kim Yo Jong,Kim Yo Jong,Kim
kim-il-sung,person,Kim Il Sung,Kim Il Sung,Kim
vladimir-putin,person,Vladimir Putin,Vladimir Putin,Putin
donald-trump,person,Donald Trump,Donald Trump,Trump
theresa-may,person,Theresa May,Theresa May,May
COD,country,DR Congo,Democratic Republic of the Congo|DR Congo|Congo,
COG,country,Republic of the Congo,Republic of the Congo|Congo,
";

    /// Resolves `text` and returns `(surface, entity id or "", resolution)` per mention.
    fn resolved(text: &str) -> Vec<(String, String, &'static str)> {
        let mut b = Gazetteer::builder();
        b.add_reader("t.csv", GAZETTEER.as_bytes());
        let g = b.build().unwrap();
        let m = Matcher::new(&g).unwrap();
        let mut hits = Hits::default();
        m.find(text, &mut hits);
        let mut seg = Segmentation::default();
        seg.split(text);
        let mut out = vec![];
        resolve(text, &hits, &seg, &mut out);
        out.iter()
            .map(|m| {
                let id = m.entity.map_or(String::new(), |e| g.entity(e).id.clone());
                (text[m.start..m.end].to_string(), id, m.resolution.as_str())
            })
            .collect()
    }

    fn check(text: &str, want: &[(&str, &str, &str)]) {
        let got = resolved(text);
        let got: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|(s, i, r)| (s.as_str(), i.as_str(), *r))
            .collect();
        assert_eq!(got, want, "in {text:?}");
    }

    #[test]
    fn short_forms_refer_back() {
        check(
            "Vladimir Putin met Kim Jong Un. Putin said Kim was welcome.",
            &[
                ("Vladimir Putin", "vladimir-putin", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Putin", "vladimir-putin", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
            ],
        );
    }

    #[test]
    fn headline_short_forms_refer_ahead() {
        check(
            "Putin meets Kim\n\nVladimir Putin met Kim Jong Un.",
            &[
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Kim", "kim-jong-un", "short-form-ahead"),
                ("Vladimir Putin", "vladimir-putin", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
            ],
        );
    }

    #[test]
    fn headline_short_form_takes_the_first_person_named_after_it() {
        check(
            "Kim arrives\n\nKim Jong Un arrived with Kim Yo Jong. Kim spoke.",
            &[
                ("Kim", "kim-jong-un", "short-form-ahead"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Kim Yo Jong", "kim-yo-jong", "alias"),
                ("Kim", "", "ambiguous"),
            ],
        );
    }

    #[test]
    fn namesakes_named_earlier_leave_it_unresolved() {
        check(
            "Kim Jong Un and his sister Kim Yo Jong arrived. Kim spoke first.",
            &[
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Kim Yo Jong", "kim-yo-jong", "alias"),
                ("Kim", "", "ambiguous"),
            ],
        );
    }

    #[test]
    fn a_namesake_named_later_does_not_disturb_earlier_mentions() {
        check(
            "Kim Jong Un arrived. Kim spoke. Later Kim Yo Jong came.",
            &[
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim Yo Jong", "kim-yo-jong", "alias"),
            ],
        );
    }

    #[test]
    fn longer_unknown_names_are_someone_else() {
        check(
            "Kim Jong Un arrived. Kim In-Chul, a researcher, said Andrew Kim agreed. Kim waved.",
            &[
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Kim", "", "longer-name"),
                ("Kim", "", "longer-name"),
                ("Kim", "kim-jong-un", "short-form"),
            ],
        );
    }

    #[test]
    fn titles_possessives_pairs_and_days_are_not_name_parts() {
        check(
            "Vladimir Putin met Kim Jong Un. President Putin and Russia's Putin. \
             The Putin-Kim summit. Kim Monday said so. Mr Kim agreed.",
            &[
                ("Vladimir Putin", "vladimir-putin", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Putin", "vladimir-putin", "short-form"),
                ("Putin", "vladimir-putin", "short-form"),
                ("Putin", "vladimir-putin", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
            ],
        );
    }

    #[test]
    fn dates_and_double_barrelled_names_are_not_short_forms() {
        check(
            "Published 24 May 2019\n\nTheresa May met Kim Jong Un. Results on 26 May. \
             Kim and Ri Sol-Kim waved. May left.",
            &[
                ("May", "", "longer-name"),
                ("Theresa May", "theresa-may", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("May", "", "longer-name"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "", "longer-name"),
                ("May", "theresa-may", "short-form"),
            ],
        );
    }

    #[test]
    fn a_given_name_at_the_start_of_a_sentence_is_still_a_name() {
        check(
            "Kim Jong Un spoke. Andrew Kim disagreed. But Kim smiled. Yesterday Kim left. \
             \"Separately Kim said so.\" On Monday Kim slept. The Kim regime held. Should Kim \
             go? The poet June Kim and the critic Will Kim wrote.",
            &[
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Kim", "", "longer-name"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
                // Within a sentence, a month or "Will" before a surname is a given name.
                ("Kim", "", "longer-name"),
                ("Kim", "", "longer-name"),
            ],
        );
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(NOT_GIVEN_NAMES.is_sorted());
        assert!(NOT_GIVEN_NAMES.iter().all(|w| *w == w.to_lowercase()));
    }

    #[test]
    fn a_month_after_in_or_since_is_a_date() {
        check(
            "Theresa May spoke in May. In May, she resigned. Talks since May and in \
             mid-May. Early May was wet. May said no. Voters backed May. They lost confidence \
             in May's plan. Since May took office, talks stalled. VOTE SET FOR 24 MAY 2019.",
            &[
                ("Theresa May", "theresa-may", "alias"),
                ("May", "", "longer-name"),
                ("May", "", "longer-name"),
                ("May", "", "longer-name"),
                ("May", "", "longer-name"),
                ("May", "", "longer-name"),
                ("May", "theresa-may", "short-form"),
                ("May", "theresa-may", "short-form"),
                // A possessive or a verb after it: the person.
                ("May", "theresa-may", "short-form"),
                ("May", "theresa-may", "short-form"),
                // A date in a sentence in capitals is still a date.
                ("MAY", "", "longer-name"),
            ],
        );
    }

    #[test]
    fn sentences_in_capitals_do_not_trigger_the_longer_name_rule() {
        check(
            "Kim Jong Un spoke. KIM SPOKE AGAIN. Then Kim Ji-woo left.",
            &[
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("KIM", "kim-jong-un", "short-form"),
                ("Kim", "", "longer-name"),
            ],
        );
    }

    #[test]
    fn title_case_headlines_do_not_trigger_the_longer_name_rule() {
        check(
            "Putin Meets Kim In Vladivostok\n\nVladimir Putin met Kim Jong Un.",
            &[
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Kim", "kim-jong-un", "short-form-ahead"),
                ("Vladimir Putin", "vladimir-putin", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
            ],
        );
    }

    #[test]
    fn short_form_without_full_name_is_unresolved() {
        check("Trump tweeted.", &[("Trump", "", "no-full-name")]);
    }

    #[test]
    fn ambiguous_aliases_resolve_from_context() {
        check(
            "Fighting in Congo spread. The Democratic Republic of the Congo asked for help.",
            &[
                ("Congo", "COD", "context"),
                ("Democratic Republic of the Congo", "COD", "alias"),
            ],
        );
        check("Fighting in Congo spread.", &[("Congo", "", "ambiguous")]);
    }
}
