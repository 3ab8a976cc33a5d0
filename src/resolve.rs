//! Resolution: deciding which entity each alias found in a document refers to.
//!
//! Most hits name one entity outright. Two kinds need the rest of the document:
//! - A **short form** ("Kim", "Putin") refers back to a person named in full in the same
//!   document. It resolves when exactly one of its candidates is named in full before it (or, if
//!   none is, to the first one named in full after it, as when a headline says "Putin" and the
//!   body "Vladimir Putin"). After a title of office ("President Biden", "Prime Minister
//!   Howard") or a country's possessive ("Turkey's Erdogan") it names the only candidate who
//!   held that office, or an office of that country, and counts as named in full. It
//!   stays unresolved when two candidates are named earlier, or someone the gazetteer does not
//!   know is named with that surname before them ("Mike Johnson"), when none is named at all, or
//!   when it is the start or end of a longer capitalised name that the gazetteer does not know
//!   ("Kim In-Chul" is someone else, not Kim Jong Un; so is "Howard Hughes").
//! - An **ambiguous alias**, claimed by several entities ("Congo"), resolves when the document
//!   names exactly one of the claimants unambiguously elsewhere.
//!
//! Nothing is guessed: an unresolved mention keeps its candidates and the reason, and is counted.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use chrono::NaiveDate;

use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::matcher::{Candidate, Hit, Hits};
use crate::project::{Period, roles};
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
    /// A short form after a title of office ("President Biden", "Prime Minister Howard"): the
    /// only candidate who held that office.
    Office,
    /// Unresolved: several candidates are named earlier in the document, or one is and someone
    /// else of that surname too ("Mike Johnson", unknown to the gazetteer); for an ambiguous
    /// alias, several claimants or none are named anywhere in it.
    Ambiguous,
    /// Unresolved: a short form whose person is never named in full in the document.
    NoFullName,
    /// Unresolved: a short form that is part of a longer name the gazetteer does not know
    /// ("Kim In-Chul", "Trump Tower").
    LongerName,
    /// Unresolved: a short form that is a month in a date ("24 May 2019", "since May"), not
    /// the person.
    Date,
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
                | Resolution::Office
        )
    }

    /// The name used in output files.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Alias => "alias",
            Resolution::Context => "context",
            Resolution::ShortForm => "short-form",
            Resolution::ShortFormAhead => "short-form-ahead",
            Resolution::Office => "office",
            Resolution::Ambiguous => "ambiguous",
            Resolution::NoFullName => "no-full-name",
            Resolution::LongerName => "longer-name",
            Resolution::Date => "date",
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
/// one that is part of a name; `offices` the offices people held, for short forms after a title
/// ("President Biden"), and `date` the document's, for a title that several held ("President
/// Bush").
pub fn resolve(
    text: &str,
    hits: &Hits,
    segmentation: &Segmentation,
    offices: &Offices,
    date: Option<NaiveDate>,
    out: &mut Vec<Mention>,
) {
    let list = hits.hits();
    // Which sentences are headlines, and the names the others write out, found once.
    let mut headlines = Headlines::default();
    // Where each entity is first named unambiguously: in full, or by a short form after a title
    // of office that only it held.
    let mut anchors: HashMap<EntityIndex, usize> = HashMap::default();
    for hit in list {
        if let Some(e) = direct(hits, hit) {
            anchors.entry(e).or_insert(hit.start);
        }
    }
    let mut titled: Vec<(usize, EntityIndex)> = vec![];
    // Country names that are names too, beside a name ("Michael Jordan"): where, and how.
    let mut name_countries: Vec<(usize, Option<Longer>)> = vec![];
    for (i, hit) in list.iter().enumerate() {
        if GIVEN_NAME_COUNTRIES.contains(&&text[hit.start..hit.end]) {
            let longer = longer_name(text, hits, i, segmentation, &anchors, &mut headlines);
            name_countries.push((i, longer));
        }
        if direct(hits, hit).is_none()
            && let Some(e) = office_holder(text, hits, i, segmentation, offices, date)
            && longer_name(text, hits, i, segmentation, &anchors, &mut headlines).is_none()
        {
            titled.push((i, e));
        }
    }
    for &(i, e) in &titled {
        let at = list[i].start;
        anchors
            .entry(e)
            .and_modify(|a| *a = (*a).min(at))
            .or_insert(at);
    }
    let anchor = |e: EntityIndex| anchors.get(&e).copied();
    // The titled hits, in text order, met one by one below.
    let mut next_titled = titled.iter().peekable();
    // The short forms seen as the surname of someone the gazetteer does not know ("Mike
    // Johnson"): a later bare "Johnson" may be them. Each surname once, where first seen.
    let mut namesakes: Vec<(usize, &str)> = vec![];
    // Someone called Jordan, Chad, Georgia or Holland anywhere in the document: the headline's
    // "Jordan" may be Michael Jordan, named below it.
    let people_named: Vec<&str> = name_countries
        .iter()
        .filter(|(_, longer)| *longer == Some(Longer::Namesake))
        .map(|&(i, _)| &text[list[i].start..list[i].end])
        .collect();
    let mut next_name_country = name_countries.iter().peekable();
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
        let surface = &text[hit.start..hit.end];
        let title_holder = next_titled.next_if(|&&(t, _)| t == i).map(|&(_, e)| e);
        let name_country = next_name_country.next_if(|&&(n, _)| n == i);
        let (entity, resolution) = if !has_short {
            if let Some(&(_, Some(longer))) = name_country {
                if longer == Longer::Namesake {
                    note_namesake(&mut namesakes, hit.start, surface);
                }
                (None, Resolution::LongerName)
            } else if name_country.is_some()
                && people_named.contains(&surface)
                && !after_place_preposition(&text[..hit.start])
            {
                // "Jordan scored 22 points", with "Michael Jordan" in the document (but not with
                // "Chad Wolf" or "Georgia Tech", which may be a name or an institution).
                (None, Resolution::Ambiguous)
            } else if let Some(e) = one(&full) {
                (Some(e), Resolution::Alias)
            } else if let Some(e) = title_holder {
                (Some(e), Resolution::Office)
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
        } else if let Some(e) = title_holder {
            (Some(e), Resolution::Office)
        } else if let Some(longer) =
            longer_name(text, hits, i, segmentation, &anchors, &mut headlines)
        {
            match longer {
                Longer::Date => (None, Resolution::Date),
                Longer::Namesake => {
                    note_namesake(&mut namesakes, hit.start, surface);
                    (None, Resolution::LongerName)
                }
                Longer::Name => (None, Resolution::LongerName),
            }
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
            // A namesake named before the person the gazetteer knows is one more candidate ("Mike
            // Johnson met … Johnson said", with Boris Johnson named later). One named after is
            // not: a wife or son named after the president does not take "Trump" from him —
            // unless the surname comes after "Mrs" or "Ms": "Mrs. Obama" after "Michelle Obama"
            // is rather her. (A woman leader whose husband is named, "Theresa May … Philip
            // May … Mrs May", is then left unresolved too: a lost mention, not a wrong one.)
            let first_known = before.iter().filter_map(|&e| anchor(e)).min();
            let female = female_honorific_before(&text[..hit.start]);
            let namesake = namesakes.iter().any(|&(at, n)| {
                n.eq_ignore_ascii_case(surface) && (female || first_known.is_none_or(|k| at < k))
            });
            let known = !before.is_empty() || !after.is_empty() || one(&full).is_some();
            if before.len() > 1 || (namesake && known) {
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

/// The offices people held, read from the gazetteer's `roles` column (`role;COUNTRY;start;end|…`),
/// for the titles that name them: "President Biden" is the only Biden who was a head of state,
/// and "President Bush" in a document of 1991 the only Bush in office then.
#[derive(Debug, Clone, Default)]
pub struct Offices {
    /// Per entity, the spells of the roles that titles name.
    spells: Vec<Vec<Spell>>,
    /// Per entity, whether it is a country (else a role's place is an organisation).
    countries: Vec<bool>,
}

/// One role held: its [`OFFICE_TITLES`] bit, its country and when.
#[derive(Debug, Clone, Copy)]
struct Spell {
    office: u8,
    country: Option<EntityIndex>,
    period: Period,
}

const HEAD_OF_STATE: u8 = 1;
const HEAD_OF_GOVERNMENT: u8 = 2;
const FOREIGN_MINISTER: u8 = 4;
const SECRETARY_GENERAL: u8 = 8;
const SUPREME_LEADER: u8 = 16;

/// The roles of the `roles` column that titles name. Archigos calls effective leaders `leader`
/// where the office is not recorded (presidents of Switzerland, military rulers, some prime
/// ministers): they may go by either title.
const ROLES: &[(&str, u8)] = &[
    ("foreign minister", FOREIGN_MINISTER),
    ("head of government", HEAD_OF_GOVERNMENT),
    ("head of state", HEAD_OF_STATE),
    ("leader", HEAD_OF_STATE | HEAD_OF_GOVERNMENT),
    ("president of the European Commission", HEAD_OF_STATE),
    ("president of the European Council", HEAD_OF_STATE),
    ("secretary-general", SECRETARY_GENERAL),
    ("supreme leader", SUPREME_LEADER),
];

/// Titles of office, as words, and the roles they name. Honorifics ("Mr", "Dr", "Lord") and
/// lesser offices ("Senator", "General") are not here: the gazetteer lists heads of state and
/// government and foreign ministers, and "Mr Howard" in British news is Michael Howard, not the
/// Australian prime minister.
const OFFICE_TITLES: &[(&[&str], u8)] = &[
    (&["President"], HEAD_OF_STATE),
    (&["Prime", "Minister"], HEAD_OF_GOVERNMENT),
    (&["PM"], HEAD_OF_GOVERNMENT),
    (&["Premier"], HEAD_OF_GOVERNMENT),
    (&["Chancellor"], HEAD_OF_GOVERNMENT),
    (&["King"], HEAD_OF_STATE),
    (&["Queen"], HEAD_OF_STATE),
    (&["Emperor"], HEAD_OF_STATE),
    (&["Emir"], HEAD_OF_STATE),
    (&["Sultan"], HEAD_OF_STATE),
    (&["Supreme", "Leader"], SUPREME_LEADER),
    (&["Ayatollah"], SUPREME_LEADER),
    (&["Secretary-General"], SECRETARY_GENERAL),
    (&["Secretary", "General"], SECRETARY_GENERAL),
    (&["Foreign", "Minister"], FOREIGN_MINISTER),
    (&["Foreign", "Secretary"], FOREIGN_MINISTER),
    (&["Secretary", "of", "State"], FOREIGN_MINISTER),
];

/// Words before a title that make it another office ("Vice President", "Deputy Prime Minister").
const NOT_THE_OFFICE: &[&str] = &[
    "Assistant",
    "Deputy",
    "Vice",
    "Under",
    "assistant",
    "deputy",
    "vice",
    "under",
];

impl Offices {
    /// Reads the `roles` column of every entity of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Offices {
        let spells = gazetteer
            .entities()
            .iter()
            .map(|e| {
                roles(gazetteer, e)
                    .filter_map(|role| {
                        let &(_, office) = ROLES.iter().find(|(r, _)| *r == role.name)?;
                        Some(Spell {
                            office,
                            country: role.country,
                            period: role.period,
                        })
                    })
                    .collect()
            })
            .collect();
        let countries = gazetteer
            .entities()
            .iter()
            .map(|e| e.kind == "country")
            .collect();
        Offices { spells, countries }
    }

    fn is_country(&self, e: EntityIndex) -> bool {
        self.countries.get(e.as_usize()).copied().unwrap_or(false)
    }

    /// Of `candidates`, the only one who held an office that `office` accepts, at the time
    /// `when` says.
    fn holder(
        &self,
        candidates: &[Candidate],
        office: impl Fn(&Spell) -> bool,
        when: When,
    ) -> Option<EntityIndex> {
        let held = |e: EntityIndex| {
            self.spells
                .get(e.as_usize())
                .into_iter()
                .flatten()
                .any(|s| {
                    office(s)
                        && match when {
                            When::Ever => true,
                            When::On(d) => s.period.covers(d),
                            When::Before(d) => s.period.end.is_some_and(|b| b < d),
                        }
                })
        };
        let mut found = candidates.iter().map(|c| c.entity).filter(|&e| held(e));
        let first = found.next()?;
        found.all(|e| e == first).then_some(first)
    }
}

/// When the office named was held: on the document's date ("President Bush" in 1992), before it
/// ("former President Bush"), or at any time (an undated document).
#[derive(Debug, Clone, Copy)]
enum When {
    Ever,
    On(NaiveDate),
    Before(NaiveDate),
}

/// A title of office just before a short form, and the word before the title.
struct Title<'a> {
    office: u8,
    /// The word before the title ("former", "Russian", "Bank"), or "".
    word_before: &'a str,
    /// Where that word ends, in the text the title was looked for in.
    word_before_end: usize,
}

/// Capitalised words before a title that leave it the office held, or held before (a
/// capitalised word otherwise names another body: "World Bank President").
const BEFORE_TITLES: &[&str] = &[
    "Acting", "Ex", "Former", "Interim", "Late", "Outgoing", "The", "Then",
];

/// The title of office that `before` ends with, before whitespace ("President ", "Ukraine's
/// Prime Minister\n"). A title is written as in [`OFFICE_TITLES`] or in lower case ("prime
/// minister"), but "PM" only in capitals and not after a number ("7 PM").
fn title_before(before: &str) -> Option<Title<'_>> {
    if !before.ends_with(char::is_whitespace) {
        return None;
    }
    // The last five words, last first, with where each starts.
    let mut words = [(0, ""); 5];
    let mut count = 0;
    let mut rest = before.trim_end();
    while count < words.len() && !rest.is_empty() {
        let start = rest
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        words[count] = (start, &rest[start..]);
        count += 1;
        rest = rest[..start].trim_end();
    }
    let same = |word: &str, title: &str| {
        // A quotation may open with the title ("“President Putin” said").
        let word = word.trim_start_matches(OPENERS);
        word == title
            || (title != "PM"
                && word.len() == title.len()
                && word.starts_with(|c: char| c.is_ascii_lowercase())
                && word[1..] == title[1..]
                && word[..1].eq_ignore_ascii_case(&title[..1]))
    };
    let (title, office) = OFFICE_TITLES.iter().find(|(title, _)| {
        title.len() <= count && title.iter().rev().zip(&words).all(|(t, (_, w))| same(w, t))
    })?;
    let (start, word_before) = words.get(title.len()).copied().unwrap_or((0, ""));
    let after_number = word_before.ends_with(|c: char| c.is_ascii_digit());
    if NOT_THE_OFFICE.contains(&word_before) || (title == &["PM"] && after_number) {
        return None;
    }
    Some(Title {
        office: *office,
        word_before,
        word_before_end: start + word_before.len(),
    })
}

/// The person a short-form hit, or a name that several people share, names by a title of office
/// before it ("President Biden", "President George Bush"), or by its country's possessive
/// ("Turkey's Erdogan"): the only candidate who held that office, or an office of that country.
fn office_holder(
    text: &str,
    hits: &Hits,
    i: usize,
    segmentation: &Segmentation,
    offices: &Offices,
    date: Option<NaiveDate>,
) -> Option<EntityIndex> {
    let hit = &hits.hits()[i];
    let candidates = hits.candidates(hit);
    let sentence_start = segmentation
        .sentences()
        .get(segmentation.sentence_at(hit.start))
        .map_or(0, |s| s.start.min(hit.start));
    let before = &text[sentence_start..hit.start];
    // Whether a hit of the text ends at `end` of `before` (a country or demonym before a title,
    // a country before a possessive).
    let hit_ending = |end: usize| {
        hits.hits()[..i]
            .iter()
            .rev()
            .take_while(|h| h.end >= sentence_start + end)
            .find(|h| h.end == sentence_start + end)
    };
    if let Some(title) = title_before(before) {
        let word = title.word_before.trim_start_matches(OPENERS);
        let possessive = without_possessive(word).map_or(0, |w| word.len() - w.len());
        // A country, demonym or organisation named just before the title is where the office
        // was held ("US President Biden", "Russia's President Putin", "UN Secretary-General
        // Guterres"; "World Bank President Kim" is no Kim who held an office of the World
        // Bank). Another capitalised word makes it another body's president ("FIFA President
        // Infantino"; "Islam, President Musharraf" has a comma between).
        let mut place: Option<&[Candidate]> = None;
        if word.starts_with(char::is_uppercase)
            && word.ends_with(char::is_alphanumeric)
            && !BEFORE_TITLES.contains(&word)
            && !not_a_given_name(&word.to_lowercase())
        {
            // Every entity the name may be: "Congolese" is either Congo.
            place = Some(hits.candidates(hit_ending(title.word_before_end - possessive)?));
        }
        let former = ["Former", "Late", "ex", "former", "late"].contains(&word);
        let when = match date {
            None => When::Ever,
            Some(d) if former => When::Before(d),
            Some(d) => When::On(d),
        };
        let there = |s: &Spell| {
            place.is_none_or(|place| {
                s.country
                    .is_some_and(|c| place.iter().any(|p| !p.short && p.entity == c))
            })
        };
        let holder = offices.holder(
            candidates,
            |s| s.office & title.office != 0 && there(s),
            when,
        );
        // A body of an organisation other than the one its roles name ("European Council
        // President Tusk", the roles saying EU): an office of any organisation will do.
        let body = place.is_some_and(|place| place.iter().all(|p| !offices.is_country(p.entity)));
        if holder.is_none() && body {
            return offices.holder(
                candidates,
                |s| {
                    s.office & title.office != 0
                        && s.country.is_some_and(|c| !offices.is_country(c))
                },
                when,
            );
        }
        return holder;
    }
    // The country named just before, with a possessive: "Russia's Putin", "Turkey’s Erdogan".
    let possessive = before
        .strip_suffix([' ', '\u{a0}'])
        .and_then(without_possessive)?;
    let country = hit_ending(possessive.len()).and_then(|h| direct(hits, h))?;
    let when = date.map_or(When::Ever, When::On);
    offices.holder(candidates, |s| s.country == Some(country), when)
}

/// Characters that may open a quotation or a bracket before a title ("“President Putin” said").
const OPENERS: [char; 6] = ['"', '“', '‘', '\'', '(', '['];

/// `word` without its possessive ending ("Ukraine's", "Turkey’s"), if it has one.
fn without_possessive(word: &str) -> Option<&str> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
}

/// Adds a namesake's surname to `namesakes`, unless it is there already (with an earlier
/// position), so that the list stays as short as the document's distinct surnames.
fn note_namesake<'t>(namesakes: &mut Vec<(usize, &'t str)>, at: usize, surface: &'t str) {
    if !namesakes
        .iter()
        .any(|(_, n)| n.eq_ignore_ascii_case(surface))
    {
        namesakes.push((at, surface));
    }
}

/// Whether `before` ends with a preposition that puts a country after it as a place: "King
/// Abdullah of Jordan", "in Georgia" ("to" and "from" do not: "laid it off to Holland").
fn after_place_preposition(before: &str) -> bool {
    word_before(before).is_some_and(|w| ["across", "in", "into", "of"].contains(&w))
}

/// The word that `before` ends with, before one space.
fn word_before(before: &str) -> Option<&str> {
    let before = before.strip_suffix(' ')?;
    before.rsplit(char::is_whitespace).next()
}

/// Whether `before` ends with a woman's honorific and a space: "Mrs. ", "Ms ", "Madame ".
fn female_honorific_before(before: &str) -> bool {
    word_before(before)
        .is_some_and(|w| ["Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Madame", "Mme", "Mme."].contains(&w))
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
    "PM",
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

/// Country names that are also given names or surnames: beside another capitalised name, they
/// are a person's name ("Jordan Bardella", "Michael Jordan", "Chad Hurley", "Tom Holland") or,
/// for Georgia, the US state's ("Georgia Senate"); alone after such a name in the document, they
/// may be that person ("Jordan scored").
const GIVEN_NAME_COUNTRIES: &[&str] = &["Chad", "Georgia", "Holland", "Jordan"];

/// Words after a country that name an office of it, not a person ("Chad President", "Jordan
/// Foreign Minister"). US state offices are not here: "Georgia Governor" is the state.
const NATIONAL_OFFICES: &[&str] = &[
    "Ambassador",
    "Defence",
    "Defense",
    "Emir",
    "Envoy",
    "Foreign",
    "Interior",
    "King",
    "Minister",
    "PM",
    "Premier",
    "President",
    "Prime",
    "Queen",
];

/// Capitalised words before a surname or a country that are no given names ("Neighbouring
/// Chad", "Soviet Georgia", "Hashemite Jordan").
const NOT_NAMES: &[&str] = &[
    "Ancient",
    "Candidate",
    "Central",
    "Eastern",
    "Greater",
    "Hashemite",
    "Independent",
    "Landlocked",
    "Modern",
    "Neighboring",
    "Neighbouring",
    "Nominee",
    "Northern",
    "Occupied",
    "Southern",
    "Soviet",
    "Western",
];

/// Words that make a place of a surname after them ("County Kerry", "Fort Worth"), not someone
/// else of that name.
const PLACE_WORDS: &[&str] = &[
    "Bay", "Camp", "Cape", "County", "Fort", "Glen", "Lake", "Mount", "Port", "Saint", "San",
    "Santa", "St",
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
/// "mid-May") unless a possessive follows ("in May's plan"), or a verb after a word that may
/// open a clause ("since May took office"; but "the talks in May ended").
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
    // Another month beside it, capitalised: "May and June", "April or May", "May-June", "MAY
    // AND JUNE" (not "march to May's office").
    let is_month = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        w.starts_with(char::is_uppercase) && MONTHS.iter().any(|m| m.eq_ignore_ascii_case(w))
    };
    let mut after_words = after
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2013}')
        .filter(|w| !w.is_empty());
    let before_text = &text[sentence_start.min(start)..start];
    let mut before_words = before_text
        .rsplit(|c: char| c.is_whitespace() || c == '-' || c == '\u{2013}')
        .filter(|w| !w.is_empty());
    let joined = |w: Option<&str>| {
        w.is_some_and(|w| {
            ["and", "or", "to", "through", "until"]
                .iter()
                .any(|j| j.eq_ignore_ascii_case(w))
        })
    };
    let dash_after = after.starts_with(['-', '\u{2013}']);
    let dash_before = before_text.ends_with(['-', '\u{2013}']);
    // A month after it that is not a given name: "May and June Sarpong" are two people.
    // After a dash the month comes next; else after and/or/to.
    let month = if dash_after || joined(after_words.next()) {
        after_words.next()
    } else {
        None
    };
    let mut given_name = |month: &str| {
        month.ends_with(char::is_alphabetic)
            && after_words.next().is_some_and(|next| {
                next.starts_with(char::is_uppercase) && next.chars().skip(1).any(char::is_lowercase)
            })
    };
    let month_after = month.is_some_and(|m| is_month(m) && !given_name(m));
    let month_before = if dash_before {
        before_words.next().is_some_and(is_month)
    } else {
        joined(before_words.next()) && before_words.next().is_some_and(is_month)
    };
    if month_after || month_before {
        return true;
    }
    let word_before = before_text
        .strip_suffix([' ', '-'])
        .and_then(|r| r.rsplit(|c: char| !c.is_alphabetic()).next())
        .unwrap_or("");
    let word_before = word_before.to_lowercase();
    // Only a word that may open a clause may have her as the subject of a verb after it: "since
    // May took office", but "the talks in May ended".
    let clause = matches!(word_before.as_str(), "since" | "till" | "until");
    let person_after = after.starts_with(['\'', '\u{2019}'])
        || clause
            && after
                .strip_prefix(' ')
                .and_then(leading_word)
                .is_some_and(|w| {
                    w.starts_with(char::is_lowercase) && !not_a_given_name(&w.to_lowercase())
                });
    BEFORE_MONTHS.contains(&word_before.as_str()) && !person_after
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

/// What a short form is part of, when it is not a name on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Longer {
    /// A date: "24 May 2019", "in May".
    Date,
    /// Someone else's name, of which it is the surname: after a given name ("Mike Johnson") or
    /// before a hyphenated given name ("Kim In-chul").
    Namesake,
    /// A longer name otherwise: "Trump Tower", or a first name ("Howard Hughes").
    Name,
}

/// Whether the short-form hit `hits.hits()[i]` is the start or end of a longer capitalised name:
/// "Kim In-Chul", "Andrew Kim", "Madikizela-Mandela", "Howard Hughes" (two short forms side by
/// side) — or part of a date ("24 May 2019", "in May"). Title-case headlines, titles
/// ("President Putin"), possessives ("Russia's Putin"), sentence openers ("But Putin") and
/// hyphenated hits ("Putin-Kim") do not count.
fn longer_name(
    text: &str,
    hits: &Hits,
    i: usize,
    segmentation: &Segmentation,
    named: &HashMap<EntityIndex, usize>,
    headlines: &mut Headlines,
) -> Option<Longer> {
    let list = hits.hits();
    let hit = &list[i];
    let index = segmentation.sentence_at(hit.start);
    let sentence = segmentation
        .sentences()
        .get(index)
        .map_or((0, text.len()), |s| (s.start, s.end));
    // A date first, even in a headline ("VOTE SET FOR 24 MAY").
    if in_a_date(text, hit.start, hit.end, sentence.0) {
        return Some(Longer::Date);
    }
    if headlines.is_headline(text, segmentation, index) {
        return named_in_the_body(text, hits, i, segmentation, sentence.0, headlines)
            .then_some(Longer::Namesake);
    }
    // A neighbouring hit is another name ("Putin-Kim summit"), unless it is a bare surname one
    // space away: then the two are one name ("Howard Hughes", "Park Chung-hee") — but not two
    // people the document names in full elsewhere ("the Biden Xi meeting").
    let named_here = |h: &Hit| {
        hits.candidates(h)
            .iter()
            .any(|c| named.contains_key(&c.entity))
    };
    let other_name = |h: &Hit, spaced: bool| {
        !(spaced && hits.candidates(h).iter().all(|c| c.short))
            || (named_here(h) && named_here(hit))
    };
    // The word after: one space or hyphen, then a capitalised word.
    let after = &text[hit.end..];
    if let Some(rest) = after.strip_prefix([' ', '-', '\u{2010}', '\u{2011}'])
        && let Some(word) = leading_word(rest)
        && word.starts_with(char::is_uppercase)
        // Days, months, "I" and national offices follow a surname or a country without being
        // part of the name ("Chad President Mahamat Déby").
        && !DAYS.contains(&word)
        && !MONTHS.contains(&word)
        && word != "I"
        && !NATIONAL_OFFICES.contains(&word)
    {
        let word_start = text.len() - rest.len();
        let hit_after = list
            .get(i + 1)
            .filter(|h| h.start == word_start)
            .is_some_and(|h| other_name(h, after.starts_with(' ')));
        if !hit_after {
            // "Kim In-chul", "Kim Keon-hee": a Korean given name after the surname.
            let hyphenated = rest[word.len()..]
                .strip_prefix('-')
                .is_some_and(|r| r.starts_with(char::is_alphabetic));
            return Some(if hyphenated && after.starts_with(' ') {
                Longer::Namesake
            } else {
                Longer::Name
            });
        }
    }
    // The word before: a capitalised word, one space or hyphen away ("Winnie
    // Madikizela-Mandela", "Andrew Kim" at the start of a sentence too), that is not a title, a
    // possessive, a hit, a day, or at the start of a sentence, a word that opens sentences ("But
    // Kim", "Yesterday Kim").
    let before = &text[sentence.0.min(hit.start)..hit.start];
    let spaced = before.ends_with(' ');
    if let Some(rest) = before
        .strip_suffix(' ')
        .or_else(|| before.strip_suffix('-'))
    {
        let word = rest
            .rsplit(|c: char| c.is_whitespace() || "\"“‘(".contains(c))
            .next()
            .unwrap_or("");
        let word_start = hit.start - 1 - word.len();
        let hit_before = i
            .checked_sub(1)
            .map(|p| &list[p])
            .filter(|h| h.end == word_start + word.len())
            .is_some_and(|h| other_name(h, spaced));
        let starts_sentence = text[sentence.0..word_start]
            .trim_start_matches(|c: char| c.is_whitespace() || "\"“‘'(".contains(c))
            .is_empty();
        // Letters and hyphens only: possessives ("Russia's") and abbreviations are not names;
        // a middle initial is ("Michael B. Jordan").
        let initial = word.len() == 2 && word.ends_with('.');
        if word.starts_with(char::is_uppercase)
            && (initial || word.chars().all(|c| c.is_alphabetic() || c == '-'))
            && !hit_before
            // "Vice-President", "President-elect", "Ex-President" are titles too.
            && !word.split('-').any(|part| TITLES.contains(&part))
            && !NOT_NAMES.contains(&word)
            && title_before(before).is_none()
            && !DAYS.contains(&word)
            && (!starts_sentence || !opens_sentence_only(word))
        {
            // A reporter in a byline is no namesake the story's short forms may mean.
            let namesake = spaced
                && !PLACE_WORDS.contains(&word)
                && !is_byline(&text[sentence.0..sentence.1.max(sentence.0)]);
            return Some(if namesake {
                Longer::Namesake
            } else {
                Longer::Name
            });
        }
    }
    None
}

/// What resolution finds out once per document about its sentences: which are headlines (title
/// case or capitals), and the two-word names the others write out.
#[derive(Default)]
struct Headlines {
    /// Per sentence index, whether it is a headline.
    headline: HashMap<usize, bool>,
    /// `(word, surname)` in lower case for every short form that a capitalised word precedes
    /// outside the headlines ("Raisa Gorbachev"); found when first needed.
    written: Option<HashSet<(String, String)>>,
}

impl Headlines {
    fn is_headline(&mut self, text: &str, segmentation: &Segmentation, index: usize) -> bool {
        *self.headline.entry(index).or_insert_with(|| {
            let sentence = segmentation
                .sentences()
                .get(index)
                .map_or((0, text.len()), |s| (s.start, s.end));
            is_title_case(&text[sentence.0..sentence.1.max(sentence.0)])
        })
    }

    /// Whether the sentences that are no headlines write `word` (capitalised as a name, not in
    /// capitals) just before the short form `surname`.
    fn written(
        &mut self,
        text: &str,
        hits: &Hits,
        segmentation: &Segmentation,
        word: &str,
        surname: &str,
    ) -> bool {
        if self.written.is_none() {
            let mut written = HashSet::default();
            for hit in hits.hits() {
                let index = segmentation.sentence_at(hit.start);
                let start = segmentation.sentences().get(index).map_or(0, |s| s.start);
                let Some(before) = letters_before(&text[start.min(hit.start)..hit.start]) else {
                    continue;
                };
                let name_like = before.starts_with(char::is_uppercase)
                    && before.chars().skip(1).any(char::is_lowercase);
                if name_like && !self.is_headline(text, segmentation, index) {
                    written.insert((
                        before.to_lowercase(),
                        text[hit.start..hit.end].to_lowercase(),
                    ));
                }
            }
            self.written = Some(written);
        }
        let key = (word.to_lowercase(), surname.to_lowercase());
        self.written.as_ref().is_some_and(|w| w.contains(&key))
    }
}

/// Whether the short form `hits.hits()[i]`, in a headline or another line in capitals, follows a
/// capitalised word with which the rest of the document writes out someone else's name:
/// capitals say nothing in a headline, but the body does ("Raisa Gorbachev Remembered" above
/// "Raisa Gorbachev, his widow, …" is her, not him). Only the body's sentences count, and only
/// with the name capitalised as a name: "Biden Says Putin Must Pay" above "Biden says Putin
/// must pay" names nobody else.
fn named_in_the_body(
    text: &str,
    hits: &Hits,
    i: usize,
    segmentation: &Segmentation,
    sentence_start: usize,
    headlines: &mut Headlines,
) -> bool {
    let list = hits.hits();
    let hit = &list[i];
    let before = &text[sentence_start.min(hit.start)..hit.start];
    let Some(word) = letters_before(before) else {
        return false;
    };
    let word_start = hit.start - 1 - word.len();
    if word.is_empty()
        || i.checked_sub(1).is_some_and(|p| list[p].end > word_start)
        || word
            .split('-')
            .any(|part| TITLES.iter().any(|t| t.eq_ignore_ascii_case(part)))
        || NOT_NAMES.iter().any(|w| w.eq_ignore_ascii_case(word))
        || title_before(before).is_some()
        || opens_sentence_only(word)
    {
        return false;
    }
    headlines.written(text, hits, segmentation, word, &text[hit.start..hit.end])
}

/// The letters that `before` ends with, after one space ("Raisa " gives "Raisa", "Mr. " gives
/// ""), or `None` when it does not end with a space.
fn letters_before(before: &str) -> Option<&str> {
    let rest = before.strip_suffix(' ')?;
    Some(
        rest.rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or(""),
    )
}

/// The word at the start of `s`: letters, digits and inner apostrophes.
fn leading_word(s: &str) -> Option<&str> {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    (end > 0).then(|| &s[..end])
}

/// Whether a sentence is a byline: "By Pieter De Vries and Ana Costa, Brussels" — a short
/// line of names after "By" (not "By then Mike Johnson had spoken", "By Tuesday …").
fn is_byline(sentence: &str) -> bool {
    let trimmed = sentence.trim_start();
    let Some(rest) = trimmed
        .strip_prefix("By ")
        .or_else(|| trimmed.strip_prefix("BY "))
    else {
        return false;
    };
    let first = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphabetic());
    first.starts_with(char::is_uppercase)
        && !opens_sentence_only(first)
        && trimmed.split_whitespace().count() <= 12
}

/// Whether a sentence is a title-case headline ("Putin Meets Kim In Vladivostok") or in capitals
/// ("KIM SPOKE."), where capitals say nothing about names. A byline ("By Pieter De Vries and Ana
/// Costa") is none: its capitals are names.
fn is_title_case(sentence: &str) -> bool {
    if is_byline(sentence) {
        return false;
    }
    if !sentence.chars().any(char::is_lowercase) {
        return true;
    }
    // Headlines leave only short function words in lower case ("Putin Meets Kim in
    // Vladivostok"); a short verb or pronoun in lower case is a sentence ("He met Jordan
    // Bardella in Paris").
    // Each word by its first letters: "Jong-un", "Putin’s" and "al-Assad" by "Jong", "Putin"
    // and "al"; numbers and amounts ("21st", "$2bn") say nothing.
    let mut long = 0;
    for token in sentence.split_whitespace() {
        let token = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        if token.starts_with(|c: char| !c.is_alphabetic()) {
            continue;
        }
        let word = token
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if word.is_empty() {
            continue;
        }
        if word.starts_with(char::is_lowercase) && !HEADLINE_LOWER.contains(&word) {
            return false;
        }
        long += usize::from(word.chars().count() >= 4);
    }
    long >= 3
}

/// The words a title-case headline may write in lower case: articles, prepositions and
/// conjunctions (some styles lower-case long ones too: "Talks with Trump"), particles of names
/// ("da Silva", "von der Leyen"), and the "s" of a possessive.
const HEADLINE_LOWER: &[&str] = &[
    "a", "about", "above", "across", "after", "against", "al", "amid", "among", "an", "and",
    "around", "as", "at", "before", "behind", "below", "between", "beyond", "bin", "but", "by",
    "da", "de", "del", "der", "des", "di", "do", "dos", "du", "during", "el", "en", "for", "from",
    "if", "in", "into", "la", "le", "near", "nor", "of", "off", "on", "onto", "or", "out", "over",
    "past", "per", "s", "since", "so", "t", "than", "the", "through", "to", "toward", "towards",
    "under", "until", "up", "upon", "van", "via", "von", "vs", "with", "within", "without", "yet",
];

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

    /// People with their offices, for the titles that name them.
    const OFFICE_GAZETTEER: &str = "\
id,kind,label,aliases,aliases.short,roles
vladimir-putin,person,Vladimir Putin,Vladimir Putin,Putin,head of state;RUS;2000-05-07;
joe-biden,person,Joe Biden,Joe Biden,Biden,head of state;USA;2021-01-20;2025-01-20
hunter-biden,person,Hunter Biden,Hunter Biden,Biden,
john-howard,person,John Howard,John Howard,Howard,head of government;AUS;1996-03-11;2007-12-03
boris-johnson,person,Boris Johnson,Boris Johnson,Johnson,head of government;GBR;2019-07-24;2022-09-06
john-kerry,person,John Kerry,John Kerry,Kerry,foreign minister;USA;2013-02-01;2017-01-20
kim-jong-un,person,Kim Jong Un,Kim Jong Un,Kim,head of state;PRK;2011-12-17;
kim-dae-jung,person,Kim Dae-jung,Kim Dae-jung,Kim,head of state;KOR;1998-02-25;2003-02-24
";

    /// Resolves `text` and returns `(surface, entity id or "", resolution)` per mention.
    fn resolved_with(gazetteer: &str, text: &str) -> Vec<(String, String, &'static str)> {
        resolved_on(gazetteer, text, None)
    }

    fn resolved_on(
        gazetteer: &str,
        text: &str,
        date: Option<NaiveDate>,
    ) -> Vec<(String, String, &'static str)> {
        let mut b = Gazetteer::builder();
        b.add_reader("t.csv", gazetteer.as_bytes());
        let g = b.build().unwrap();
        let m = Matcher::new(&g).unwrap();
        let mut hits = Hits::default();
        m.find(text, &mut hits);
        let mut seg = Segmentation::default();
        seg.split(text);
        let mut out = vec![];
        resolve(text, &hits, &seg, &Offices::new(&g), date, &mut out);
        out.iter()
            .map(|m| {
                let id = m.entity.map_or(String::new(), |e| g.entity(e).id.clone());
                (text[m.start..m.end].to_string(), id, m.resolution.as_str())
            })
            .collect()
    }

    fn check(text: &str, want: &[(&str, &str, &str)]) {
        check_with(GAZETTEER, text, want);
    }

    fn check_with(gazetteer: &str, text: &str, want: &[(&str, &str, &str)]) {
        let got = resolved_with(gazetteer, text);
        let got: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|(s, i, r)| (s.as_str(), i.as_str(), *r))
            .collect();
        assert_eq!(got, want, "in {text:?}");
    }

    #[test]
    fn bylines_and_headlines_name_namesakes_the_body_writes_out() {
        // A reporter in a byline is not the leader, and no namesake of his either.
        check(
            "Trump talks stall\n\nBy Pieter De Vries and Ana Trump, Brussels\n\nDonald Trump \
             spoke. Trump smiled.",
            &[
                ("Trump", "donald-trump", "short-form-ahead"),
                ("Trump", "", "longer-name"),
                ("Donald Trump", "donald-trump", "alias"),
                ("Trump", "donald-trump", "short-form"),
            ],
        );
        // "By then" opens no byline: the namesake rule holds.
        check(
            "By then Ivana Trump had spoken. Donald Trump replied. Trump said no.",
            &[
                ("Trump", "", "longer-name"),
                ("Donald Trump", "donald-trump", "alias"),
                ("Trump", "", "ambiguous"),
            ],
        );
        // In a headline capitals say nothing, but the body writes out her name.
        check(
            "Ivana Trump Remembered at New York Gala\n\nDonald Trump spoke. Ivana Trump, his \
             first wife, died in 2022.",
            &[
                ("Trump", "", "longer-name"),
                ("Donald Trump", "donald-trump", "alias"),
                ("Trump", "", "longer-name"),
            ],
        );
        // The same words in lower case, or another copy of the headline, name nobody else.
        check(
            "Trump Says Putin Must Pay\n\nDonald Trump says Putin must pay. Vladimir Putin \
             smiled.\n\nTrump Says Putin Must Pay",
            &[
                ("Trump", "donald-trump", "short-form-ahead"),
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Donald Trump", "donald-trump", "alias"),
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Vladimir Putin", "vladimir-putin", "alias"),
                ("Trump", "donald-trump", "short-form"),
                ("Putin", "vladimir-putin", "short-form"),
            ],
        );
        // Without it, or after a title, the headline's short form is still the person.
        check(
            "President Trump Meets Kim\n\nDonald Trump met Kim Jong Un. President Trump smiled.",
            &[
                ("Trump", "donald-trump", "short-form-ahead"),
                ("Kim", "kim-jong-un", "short-form-ahead"),
                ("Donald Trump", "donald-trump", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Trump", "donald-trump", "short-form"),
            ],
        );
    }

    #[test]
    fn a_title_of_office_names_the_one_who_held_it() {
        check_with(
            OFFICE_GAZETTEER,
            "Putin lands in Hanoi.\n\n“President Putin” met Prime Minister Howard. Biden waved. \
             President Biden smiled, and Biden left. President Kim spoke.",
            &[
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Putin", "vladimir-putin", "office"),
                ("Howard", "john-howard", "office"),
                ("Biden", "joe-biden", "short-form-ahead"),
                ("Biden", "joe-biden", "office"),
                ("Biden", "joe-biden", "short-form"),
                // Both Kims were heads of state.
                ("Kim", "", "no-full-name"),
            ],
        );
        // Honorifics, other offices and "pm" after a time are not titles of office.
        check_with(
            OFFICE_GAZETTEER,
            "Mr Howard left. Vice President Biden stayed. Deputy Prime Minister Johnson came \
             at 5 pm Kerry said.",
            &[
                ("Howard", "", "no-full-name"),
                ("Biden", "", "no-full-name"),
                ("Johnson", "", "no-full-name"),
                ("Kerry", "", "no-full-name"),
            ],
        );
    }

    #[test]
    fn a_title_is_read_with_the_words_around_it() {
        let gazetteer = "id,kind,label,aliases,aliases.short,roles\n\
            USA,country,United States,United States|US,,\n\
            TUR,country,Turkey,Turkey,,\n\
            george-h-w-bush,person,George H. W. Bush,George H. W. Bush,Bush,\
            head of state;USA;1989-01-20;1993-01-20\n\
            george-w-bush,person,George W. Bush,George W. Bush,Bush,\
            head of state;USA;2001-01-20;2009-01-20\n\
            ferdinand-marcos-jr,person,Ferdinand Marcos Jr,Ferdinand Marcos Jr,Marcos,\
            head of state;PHL;2022-06-30;\n\
            antti-rinne,person,Antti Rinne,Antti Rinne,Rinne,leader;FIN;2019-06-06;2019-12-10\n\
            kim-jong-un,person,Kim Jong Un,Kim Jong Un,Kim,head of state;PRK;2011-12-17;\n\
            recep-tayyip-erdogan,person,Recep Tayyip Erdogan,Recep Tayyip Erdogan,Erdogan,\
            head of state;TUR;2014-08-28;\n\
            joe-biden,person,Joe Biden,Joe Biden,Biden,head of state;USA;2021-01-20;2025-01-20\n\
            world-bank,organisation,World Bank,World Bank,,\n\
            un,organisation,United Nations,United Nations|UN,,\n\
            antonio-guterres,person,António Guterres,António Guterres,Guterres,\
            head of government;PRT;1995-10-28;2002-04-06|secretary-general;UN;2017-01-01;\n";
        let on = |text: &str, date: &str| {
            let got = resolved_on(gazetteer, text, Some(date.parse().unwrap()));
            got.into_iter()
                .filter(|(_, _, r)| *r != "alias")
                .map(|(s, id, r)| format!("{s} {id} {r}"))
                .collect::<Vec<_>>()
        };
        // Out of office on the date, or an office ended before it.
        assert_eq!(
            on("President Marcos denied any role.", "1983-05-01"),
            ["Marcos  no-full-name"]
        );
        assert_eq!(
            on("The former President Bush spoke.", "2005-03-01"),
            ["Bush george-h-w-bush office"]
        );
        // Another body's president; a time; a title after a line break or a no-break space; an
        // effective leader called prime minister; a US president.
        assert_eq!(
            on("World Bank President Kim urged donors.", "2015-05-01"),
            ["Kim  no-full-name"]
        );
        // A body the gazetteer knows names where the office was held: no Kim held one at the
        // World Bank; Guterres holds one at the UN (a role naming "UN" for the id "un").
        assert_eq!(
            on(
                "World Bank President Kim and UN Secretary-General Guterres met.",
                "2021-05-01"
            ),
            ["Kim  no-full-name", "Guterres antonio-guterres office"]
        );
        assert_eq!(
            on("US Secretary-General Guterres spoke.", "2021-05-01"),
            ["Guterres  no-full-name"]
        );
        assert_eq!(
            on("The game starts at 7 PM Rinne said.", "2019-07-01"),
            ["Rinne  no-full-name"]
        );
        assert_eq!(
            on(
                "He spoke on behalf of\nPrime Minister Rinne and US President Biden, and \
                 Turkey’s\u{a0}Erdogan agreed.",
                "2019-07-01",
            ),
            [
                "Rinne antti-rinne office",
                "Biden  no-full-name",
                "Erdogan recep-tayyip-erdogan office",
            ]
        );
        // A hyphenated title is no given name: Biden stays Joe Biden.
        assert_eq!(
            on(
                "Vice-President Biden came. Later Joe Biden spoke. Biden left.",
                "2015-05-01",
            ),
            [
                "Biden joe-biden short-form-ahead",
                "Biden joe-biden short-form"
            ]
        );
    }

    #[test]
    fn a_title_after_a_body_or_an_ambiguous_demonym_names_who_held_it_there() {
        let gazetteer = "id,kind,label,aliases,aliases.short,aliases.demonym,roles\n\
            COD,country,DR Congo,DR Congo|Congo,,Congolese,\n\
            COG,country,Congo-Brazzaville,Congo-Brazzaville|Congo,,Congolese,\n\
            eu,organisation,European Union,European Union|EU,,,\n\
            european-council,organisation,European Council,European Council,,,\n\
            felix-tshisekedi,person,Félix Tshisekedi,Félix Tshisekedi,Tshisekedi,,\
            head of state;COD;2019-01-24;\n\
            donald-tusk,person,Donald Tusk,Donald Tusk,Tusk,,\
            head of government;POL;2007-11-16;2014-09-22|president of the European Council;EU;2014-12-01;2019-11-30\n";
        let got = resolved_on(
            gazetteer,
            "Congolese President Tshisekedi met European Council President Tusk.",
            Some("2019-05-01".parse().unwrap()),
        );
        let people: Vec<_> = got
            .iter()
            .filter(|(_, id, _)| id.contains('-') && id != "european-council")
            .map(|(s, id, r)| format!("{s} {id} {r}"))
            .collect();
        assert_eq!(
            people,
            [
                "Tshisekedi felix-tshisekedi office",
                "Tusk donald-tusk office"
            ]
        );
    }

    #[test]
    fn a_countrys_possessive_names_the_one_who_held_office_there() {
        let gazetteer = "id,kind,label,aliases,aliases.short,roles\n\
            RUS,country,Russia,Russia,,\n\
            TUR,country,Turkey,Turkey,,\n\
            vladimir-putin,person,Vladimir Putin,Vladimir Putin,Putin,head of state;RUS;2000-05-07;\n\
            recep-tayyip-erdogan,person,Recep Tayyip Erdogan,Recep Tayyip Erdogan,Erdogan,\
            head of state;TUR;2014-08-28;\n";
        check_with(
            gazetteer,
            "Turkey’s Erdogan and Putin to meet. Turkey's Putin, a joke. Russia's Putin spoke.",
            &[
                ("Turkey", "TUR", "alias"),
                ("Erdogan", "recep-tayyip-erdogan", "office"),
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Turkey", "TUR", "alias"),
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Russia", "RUS", "alias"),
                ("Putin", "vladimir-putin", "office"),
            ],
        );
        check_with(
            gazetteer,
            "Turkey and Erdogan.",
            &[("Turkey", "TUR", "alias"), ("Erdogan", "", "no-full-name")],
        );
    }

    #[test]
    fn a_title_several_held_names_the_one_in_office_on_the_documents_date() {
        let gazetteer = "id,kind,label,aliases,aliases.short,roles\n\
            george-h-w-bush,person,George H. W. Bush,George H. W. Bush|George Bush,Bush,\
            head of state;USA;1989-01-20;1993-01-20\n\
            george-w-bush,person,George W. Bush,George W. Bush|George Bush,Bush,\
            head of state;USA;2001-01-20;2009-01-20\n";
        let text = "President Bush telephoned the coach. Bush smiled.";
        let on = |date: Option<&str>| {
            let date = date.map(|d| d.parse().unwrap());
            let got = resolved_on(gazetteer, text, date);
            got.into_iter()
                .map(|(_, id, r)| (id, r))
                .collect::<Vec<_>>()
        };
        let both = |id: &str| vec![(id.to_string(), "office"), (id.to_string(), "short-form")];
        assert_eq!(on(Some("1992-08-08")), both("george-h-w-bush"));
        assert_eq!(on(Some("2005-03-01")), both("george-w-bush"));
        let unresolved = vec![(String::new(), "no-full-name"); 2];
        assert_eq!(on(None), unresolved);
        assert_eq!(on(Some("1997-06-01")), unresolved);
        // A full name that both had, too.
        let got = resolved_on(
            gazetteer,
            "President George Bush praised Gorbachev.",
            Some("1991-12-25".parse().unwrap()),
        );
        assert_eq!(got[0].1, "george-h-w-bush");
        assert_eq!(got[0].2, "office");
    }

    #[test]
    fn a_namesake_named_before_the_known_person_leaves_it_unresolved() {
        check_with(
            OFFICE_GAZETTEER,
            "House Speaker Mike Johnson met allies. Johnson, a Republican, spoke. Boris Johnson \
             agreed.",
            &[
                ("Johnson", "", "longer-name"),
                ("Johnson", "", "ambiguous"),
                ("Boris Johnson", "boris-johnson", "alias"),
            ],
        );
        // Named after, a namesake (a father, a wife) does not take the surname from them, but
        // "Mrs" may be her.
        check_with(
            OFFICE_GAZETTEER,
            "Boris Johnson came with his wife Carrie Johnson. Johnson spoke. Mrs. Johnson smiled.",
            &[
                ("Boris Johnson", "boris-johnson", "alias"),
                ("Johnson", "", "longer-name"),
                ("Johnson", "boris-johnson", "short-form"),
                ("Johnson", "", "ambiguous"),
            ],
        );
        // A place is no namesake.
        check_with(
            OFFICE_GAZETTEER,
            "County Kerry welcomed Secretary of State Kerry. Kerry laughed.",
            &[
                ("Kerry", "", "longer-name"),
                ("Kerry", "john-kerry", "office"),
                ("Kerry", "john-kerry", "short-form"),
            ],
        );
    }

    #[test]
    fn countries_that_are_given_names_beside_a_name_are_the_name() {
        let gazetteer = "id,kind,label,aliases\nJOR,country,Jordan,Jordan\n\
                         TCD,country,Chad,Chad\nGEO,country,Georgia,Georgia\n";
        check_with(
            gazetteer,
            "Jordan Bardella won, said Michael Jordan. Chad Wolf later met Georgia Governor \
             Brian Kemp. King Abdullah of Jordan and Chad's leader flew to Georgia on Monday. \
             Jordan scored 22 points.",
            &[
                ("Jordan", "", "longer-name"),
                ("Jordan", "", "longer-name"),
                ("Chad", "", "longer-name"),
                ("Georgia", "", "longer-name"),
                ("Jordan", "JOR", "alias"),
                ("Chad", "TCD", "alias"),
                ("Georgia", "GEO", "alias"),
                // Michael Jordan may be meant: he was named.
                ("Jordan", "", "ambiguous"),
            ],
        );
        // Also when he is named after it, as below a headline.
        check_with(
            gazetteer,
            "Dream Team wins as Jordan scores 22\n\nMichael Jordan was the star.",
            &[("Jordan", "", "ambiguous"), ("Jordan", "", "longer-name")],
        );
        // A title-case headline says nothing about names; an office or an adjective is no name.
        check_with(
            gazetteer,
            "Jordan Hosts Talks On Syria",
            &[("Jordan", "JOR", "alias")],
        );
        check_with(
            gazetteer,
            "The Chad President met the Jordan Foreign Minister, as neighbouring states did. \
             Neighbouring Chad agreed, and so did Soviet Georgia.",
            &[
                ("Chad", "TCD", "alias"),
                ("Jordan", "JOR", "alias"),
                ("Chad", "TCD", "alias"),
                ("Georgia", "GEO", "alias"),
            ],
        );
    }

    #[test]
    fn two_surnames_side_by_side_are_one_name() {
        check_with(
            OFFICE_GAZETTEER,
            "The actor Howard Kim was there, not at the Howard-Kim talks.",
            &[
                ("Howard", "", "longer-name"),
                ("Kim", "", "longer-name"),
                ("Howard", "", "no-full-name"),
                ("Kim", "", "no-full-name"),
            ],
        );
        // Two people the document names in full are two names, side by side or not.
        check_with(
            OFFICE_GAZETTEER,
            "John Howard met Kim Jong Un. The Howard Kim talks ended.",
            &[
                ("John Howard", "john-howard", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Howard", "john-howard", "short-form"),
                ("Kim", "kim-jong-un", "short-form"),
            ],
        );
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
                ("May", "", "date"),
                ("Theresa May", "theresa-may", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("May", "", "date"),
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
             in May's plan. Since May took office, talks stalled. VOTE SET FOR 24 MAY 2019. \
             The talks in May ended. The months of May and June, April or May, May-June. \
             Labour and May agreed. Thousands march to May's office. Corbyn wrote to May and \
             June Sarpong replied. VOTE SET FOR MAY AND JUNE.",
            &[
                ("Theresa May", "theresa-may", "alias"),
                ("May", "", "date"),
                ("May", "", "date"),
                ("May", "", "date"),
                ("May", "", "date"),
                ("May", "", "date"),
                ("May", "theresa-may", "short-form"),
                ("May", "theresa-may", "short-form"),
                // A possessive or a verb after it: the person.
                ("May", "theresa-may", "short-form"),
                ("May", "theresa-may", "short-form"),
                // A date in a sentence in capitals is still a date.
                ("MAY", "", "date"),
                // "In" opens no clause: a verb after the month does not make it her.
                ("May", "", "date"),
                // Beside another month.
                ("May", "", "date"),
                ("May", "", "date"),
                ("May", "", "date"),
                ("May", "theresa-may", "short-form"),
                ("May", "theresa-may", "short-form"),
                ("May", "theresa-may", "short-form"),
                ("MAY", "", "date"),
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
        // Headline styles that lower-case long prepositions, and particles of names.
        check(
            "Putin Meets Kim after Talks with Trump\n\nVladimir Putin met Kim Jong Un.",
            &[
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Kim", "kim-jong-un", "short-form-ahead"),
                ("Trump", "", "no-full-name"),
                ("Vladimir Putin", "vladimir-putin", "alias"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
            ],
        );
        // Hyphenated given names and amounts in a headline leave it one.
        check(
            "Kim Jong-un Hails Putin in Pyongyang for $2bn Deal\n\nKim Jong Un hailed \
             Vladimir Putin.",
            &[
                ("Kim Jong-un", "kim-jong-un", "alias"),
                ("Putin", "vladimir-putin", "short-form-ahead"),
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Vladimir Putin", "vladimir-putin", "alias"),
            ],
        );
        // A short sentence of capitalised names is no headline if a verb is in lower case.
        check(
            "Kim Jong Un spoke. He met Andrew Kim in South Korea.",
            &[
                ("Kim Jong Un", "kim-jong-un", "alias"),
                ("Kim", "", "longer-name"),
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
