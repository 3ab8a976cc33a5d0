//! Property tests over the public API: folding and its offset map, matching, sentence
//! splitting, tagging and merging graph counts, on generated text that mixes gazetteer aliases
//! with awkward Unicode (combining marks, ß, curly quotes, dashes, odd spaces, zero-width
//! characters, Hangul, CJK, right-to-left scripts, emoji).
//!
//! Each property runs proptest's default 256 cases or fewer, so the file takes a few seconds
//! even in a debug build. Failures found here and by `fuzz/` are kept as plain tests in
//! `tests/regressions.rs`.

use std::sync::LazyLock;

use chrono::NaiveDate;
use comention::document::{Document, Origin, find_dateline, parse_date};
use comention::fold::{Case, FoldedText, fold_str};
use comention::graph::{GraphFilter, Relation};
use comention::input::InputItem;
use comention::matcher::Hits;
use comention::pipeline::{Options, Pipeline, Scratch, Summary};
use comention::sentences::Segmentation;
use comention::{EntityIndex, Gazetteer, GraphBuilder, Tagger};
use proptest::prelude::*;
use proptest::sample::select;

#[path = "common/checks.rs"]
mod checks;

/// A small gazetteer whose aliases exercise every kind of folding: diacritics, ß, ligatures,
/// dotted capital I, curly apostrophes, hyphens, short capitals, exact and short forms, an
/// ambiguous alias, and non-Latin scripts.
const GAZETTEER: &str = "\
id,kind,label,aliases,aliases.short,aliases.capital,exact
PRK,country,North Korea,North Korea|DPRK,,Pyongyang,
KOR,country,South Korea,South Korea|Korea,,Seoul|서울,
USA,country,United States,United States|US|U.S.,,Washington,
TUR,country,Turkey,Turkey|Türkiye,,Ankara,Turkey
CIV,country,Côte d'Ivoire,Côte d’Ivoire|Ivory Coast,,,
COD,country,DR Congo,Democratic Republic of the Congo|Congo,,,
COG,country,Republic of the Congo,Republic of the Congo|Congo,,,
CHN,country,China,China|中国|中華人民共和國,,北京,
EGY,country,Egypt,Egypt|مصر,,,
GRC,country,Greece,Greece|Ελλάδα,,Αθήνα,
ISL,country,Iceland,Iceland|Ísland|Þingvellir,,,
DNK,country,Denmark,Denmark|Ærø,,,
kim-jong-un,person,Kim Jong Un,Kim Jong Un|Kim Jong-un|김정은,Kim,,
kim-yo-jong,person,Kim Yo Jong,Kim Yo Jong,Kim,,
vladimir-putin,person,Vladimir Putin,Vladimir Putin|Vladimir V. Putin,Putin,,
erdogan,person,Recep Tayyip Erdoğan,Recep Tayyip Erdoğan,Erdoğan,,
strauss,person,Johann Strauß,Johann Strauß|Strauss,,,
istanbul,city,Istanbul,İstanbul|Constantinople,,,
lodz,city,Łódź,Łódź,,,
g20,event,G20,G20|G-20|Group of 20,,,
cue-meet,cue,meet,meet|met|summit,,,
";

static TAGGER: LazyLock<Tagger> = LazyLock::new(|| tagger(true));

/// Duplicate stories are detected within each part of a merge only (a story copied across two
/// parts counts in both, as `merge` documents): merging equals one run without detection.
static TAGGER_KEEPING_DUPLICATES: LazyLock<Tagger> = LazyLock::new(|| tagger(false));

fn tagger(dedupe: bool) -> Tagger {
    let mut builder = Gazetteer::builder();
    builder.add_reader("properties.csv", GAZETTEER.as_bytes());
    let gazetteer = builder.build().expect("the test gazetteer loads");
    // Every alias kind, capitals included, so that every alias below can match.
    let options = Options {
        alias_kinds: Some(vec!["name".into(), "short".into(), "capital".into()]),
        dedupe,
        ..Options::default()
    };
    Tagger::new(gazetteer, &options).expect("the test gazetteer has aliases")
}

/// Ways of writing an alias of the gazetteer that must be found when they stand between
/// separators: other case, other apostrophes and dashes, decomposed diacritics, odd spaces,
/// invisible characters, line breaks.
const SURFACES: &[&str] = &[
    "North Korea",
    "NORTH KOREA",
    "north  korea",
    "North\u{A0}Korea",
    "North\nKorea",
    "North\u{3000}Korea",
    "Korea",
    "South Korea",
    "DPRK",
    "US",
    "U.S.",
    "United States",
    "Turkey",
    "TURKEY",
    "Türkiye",
    "TÜRKİYE",
    "Tu\u{308}rkiye",
    "Côte d’Ivoire",
    "Côte d'Ivoire",
    "Cote d`Ivoire",
    "Co\u{302}te d\u{2019}Ivoire",
    "COTE D'IVOIRE",
    "Congo",
    "Republic of the Congo",
    "China",
    "中国",
    "中華人民共和國",
    "北京",
    "مصر",
    "Ελλάδα",
    "ΕΛΛΆΔΑ",
    "Αθήνα",
    "Iceland",
    "Ísland",
    "ISLAND",
    "Þingvellir",
    "Thingvellir",
    "Ærø",
    "AERO",
    "aero",
    "Seoul",
    "서울",
    "김정은",
    "Kim Jong Un",
    "Kim Jong-un",
    "Kim Jong–Un",
    "Kim Jong\u{2011}un",
    "KIM JONG UN",
    "Kim\u{200B} Jong Un",
    "Kim Yo Jong",
    "Kim",
    "KIM",
    "Vladimir Putin",
    "Vladimir V. Putin",
    "Putin",
    "PUTIN",
    "Recep Tayyip Erdoğan",
    "Recep Tayyip Erdogan",
    "Erdoğan",
    "Erdogan",
    "ERDOĞAN",
    "Johann Strauß",
    "JOHANN STRAUSS",
    "Strauss",
    "Strauß",
    "STRAUSS",
    "İstanbul",
    "Istanbul",
    "istanbul",
    "Łódź",
    "Lodz",
    "LODZ",
    "G20",
    "G-20",
    "G–20",
    "Group of 20",
    "met",
    "summit",
    "Pyongyang",
    "Ankara",
    "Washington",
];

/// Separators that no alias can reach across: each holds punctuation that no alias contains.
const SEPARATORS: &[&str] = &[
    ", ",
    "; ",
    " (",
    ") ",
    ". ",
    ".\n\n",
    "!\n",
    "?\r\n",
    ",\u{A0}",
    " \u{201C}",
    "\u{201D} ",
    "\u{2026} ",
    "\n\n\n",
    ".\u{2028}",
    "/",
];

/// Characters that folding, matching and splitting treat specially, and a sample of scripts.
fn awkward_char() -> impl Strategy<Value = char> {
    let specials: Vec<char> = "ßẞæÆœŒøØłŁđĐðÐıħĦþÞİ’‘ʼʻ′´`'\"“”«»‐‑‒–—―−﹘﹣－ \t\n\r\u{b}\u{c}\
         \u{a0}\u{2000}\u{2009}\u{200a}\u{2028}\u{2029}\u{3000}\u{85}\u{ad}\u{200b}\u{200c}\
         \u{200d}\u{2060}\u{feff}\u{200e}\u{200f}\u{202b}\u{202c}.!?…;,:()[]/\\&|-_\u{1fef}\
         \u{1ffd}\u{212a}\u{212b}\u{2126}\u{390}\u{344}\u{f73}\u{fb1d}\u{e9}\u{c9}\u{fffd}\
         \u{1f600}\u{1f1f0}\u{1f1f5}\u{1f3fd}\u{fe0f}"
        .chars()
        .collect();
    prop_oneof![
        4 => select(specials),
        3 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        1 => proptest::char::range('0', '9'),
        2 => proptest::char::range('\u{300}', '\u{36f}'),
        1 => proptest::char::range('\u{c0}', '\u{17f}'),
        1 => proptest::char::range('\u{370}', '\u{3ff}'),
        1 => proptest::char::range('\u{400}', '\u{4ff}'),
        1 => proptest::char::range('\u{590}', '\u{6ff}'),
        1 => proptest::char::range('\u{4e00}', '\u{9fff}'),
        1 => proptest::char::range('\u{ac00}', '\u{d7a3}'),
        1 => proptest::char::range('\u{1f300}', '\u{1f6ff}'),
        1 => any::<char>(),
    ]
}

/// Pieces of datelines ("Published", "Sat,", "10:42", "p.m.", "5", ".", "2023"), separators and
/// awkward characters, to be put together in any order.
fn date_piece() -> impl Strategy<Value = String> {
    let pieces: Vec<&str> = vec![
        "Published ",
        "Updated: ",
        "Sat,",
        "Monday ",
        "5",
        "05",
        "12",
        "31",
        "2023",
        "1999",
        ".",
        "/",
        "-",
        ":",
        ",",
        " ",
        "\u{a0}",
        "\u{2009}",
        "\n",
        "10:42",
        "PM",
        "p.m.",
        "GMT",
        "May",
        "June",
        "Sept",
        "25th",
        "T",
        "By ",
        "LONDON",
    ];
    prop_oneof![
        4 => select(pieces).prop_map(str::to_string),
        1 => awkward_char().prop_map(String::from),
    ]
}

fn date_separator() -> impl Strategy<Value = &'static str> {
    select(vec![
        ".", "/", "-", " ", ". ", ",", ",\u{a0}", "\u{a0}", "\u{2009}", "", ":",
    ])
}

fn awkward_string(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(awkward_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// One piece of generated text.
#[derive(Debug, Clone)]
enum Piece {
    /// `SURFACES[i]`.
    Alias(usize),
    /// Anything.
    Noise(String),
    /// `SEPARATORS[i]`.
    Sep(usize),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => (0..SURFACES.len()).prop_map(Piece::Alias),
        2 => awkward_string(12).prop_map(Piece::Noise),
        3 => (0..SEPARATORS.len()).prop_map(Piece::Sep),
    ]
}

/// Text built from pieces, with the span of every alias that stands between two separators
/// (or the ends of the text): those must be found exactly.
fn news_text() -> impl Strategy<Value = (String, Vec<(usize, usize)>)> {
    proptest::collection::vec(piece(), 0..24).prop_map(|pieces| {
        let mut text = String::new();
        let mut expected = vec![];
        for (i, p) in pieces.iter().enumerate() {
            match p {
                Piece::Alias(a) => {
                    let separated = |j: Option<usize>| match j.map(|j| pieces.get(j)) {
                        None | Some(None) => true,
                        Some(Some(Piece::Sep(_))) => true,
                        Some(Some(_)) => false,
                    };
                    let start = text.len();
                    text.push_str(SURFACES[*a]);
                    if separated(i.checked_sub(1)) && separated(Some(i + 1)) {
                        expected.push((start, text.len()));
                    }
                }
                Piece::Noise(s) => text.push_str(s),
                Piece::Sep(s) => text.push_str(SEPARATORS[*s]),
            }
        }
        (text, expected)
    })
}

/// Whether `surface` holds a blank line: a line break, only whitespace, another line break.
fn crosses_blank_line(surface: &str) -> bool {
    let lines: Vec<&str> = surface.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

fn document(id: &str, text: &str, date: Option<NaiveDate>) -> Document {
    let origin = Origin {
        source: "properties".into(),
        line: None,
    };
    Document {
        date,
        ..Document::new(id, text, origin)
    }
}

proptest! {
    /// (a) For any string, each folded character boundary maps to an original one, the map never
    /// goes back, and the end maps to the end.
    #[test]
    fn offset_map_is_monotonic_on_char_boundaries(original in awkward_string(40)) {
        checks::offset_map(&original, Case::Fold).map_err(TestCaseError::fail)?;
        checks::offset_map(&original, Case::Keep).map_err(TestCaseError::fail)?;
    }

    /// (a) The same for arbitrary strings, not only the awkward ones.
    #[test]
    fn offset_map_holds_for_any_string(original in any::<String>()) {
        checks::offset_map(&original, Case::Fold).map_err(TestCaseError::fail)?;
    }

    /// (b) Every hit is a whole alias of its candidates, on character boundaries, and every alias
    /// written between separators is found exactly.
    #[test]
    fn hits_slice_the_text_and_fold_to_their_alias((text, expected) in news_text()) {
        let mut hits = Hits::default();
        TAGGER.matcher().find(&text, &mut hits);
        checks::hits(TAGGER.gazetteer(), &text, &hits).map_err(TestCaseError::fail)?;
        let found: Vec<(usize, usize)> = hits.hits().iter().map(|h| (h.start, h.end)).collect();
        for span in expected {
            prop_assert!(
                found.contains(&span),
                "alias {:?} at {span:?} not found in {text:?}; found {:?}",
                &text[span.0..span.1],
                found.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>()
            );
        }
    }

    /// (b) The same for arbitrary strings around the aliases.
    #[test]
    fn hits_are_sound_in_any_text(
        before in any::<String>(),
        alias in select(SURFACES),
        after in any::<String>(),
    ) {
        let text = format!("{before}{alias}{after}");
        let mut hits = Hits::default();
        TAGGER.matcher().find(&text, &mut hits);
        checks::hits(TAGGER.gazetteer(), &text, &hits).map_err(TestCaseError::fail)?;
    }

    /// (c) Folding ASCII text without runs of whitespace or hyphens changes no offset.
    #[test]
    fn ascii_without_space_runs_is_identity_mapped(
        original in "([a-zA-Z0-9.,;:'`\"()!?]{1,8}[ \t\n\r\u{b}\u{c}-]?){0,12}"
    ) {
        for case in [Case::Fold, Case::Keep] {
            let mut folded = FoldedText::default();
            folded.fold_into(&original, case);
            prop_assert_eq!(folded.as_str().len(), original.len());
            prop_assert!(folded.is_identity_mapped(), "{:?}", original);
            for pos in 0..=original.len() {
                prop_assert_eq!(folded.to_original(pos), pos);
            }
        }
    }

    /// (c) Text before an ASCII passage shifts its hits by exactly its own length, whatever
    /// Unicode it holds: folding it changes no offset after it.
    #[test]
    fn text_before_shifts_hits_by_its_length(
        prefix in awkward_string(30),
        words in proptest::collection::vec(
            select(&[
                "North Korea", "Kim Jong Un", "Kim", "US", "U.S.", "Putin", "Turkey",
                "Strauss", "G-20", "said", "the", "us", "  ", "\n", "-", "met", "turkey",
            ][..]),
            1..10,
        ),
    ) {
        let ascii = format!("; {}", words.join(" "));
        let text = format!("{prefix}{ascii}");
        let mut alone = Hits::default();
        TAGGER.matcher().find(&ascii, &mut alone);
        let mut after = Hits::default();
        TAGGER.matcher().find(&text, &mut after);
        let shifted: Vec<(usize, usize)> = alone
            .hits()
            .iter()
            .map(|h| (h.start + prefix.len(), h.end + prefix.len()))
            .collect();
        let found: Vec<(usize, usize)> = after
            .hits()
            .iter()
            .filter(|h| h.start >= prefix.len())
            .map(|h| (h.start, h.end))
            .collect();
        prop_assert_eq!(found, shifted, "in {:?}", text);
        // Folding the ASCII part maps it by the same shift.
        let folded = FoldedText::new(&text);
        let tail = fold_str(&ascii, Case::Fold);
        let f = folded.as_str();
        if let Some(tail_start) = f.len().checked_sub(tail.len()).filter(|&t| f.get(t..) == Some(tail.as_str())) {
            // The leading "; " is plain: every offset from there on is the ASCII offset.
            let start = folded.to_original(tail_start);
            prop_assert_eq!(start, prefix.len());
        }
    }

    /// (d) Splitting never panics, and sentences are sound.
    #[test]
    fn sentences_are_ordered_trimmed_and_cover_the_text(text in awkward_string(80)) {
        let mut s = Segmentation::default();
        s.split(&text);
        checks::segmentation(&text, &s).map_err(TestCaseError::fail)?;
    }

    /// (d) The same on text that looks like news, with the names kept together as the tagger
    /// does, and every mention in the sentence it is assigned to.
    #[test]
    fn mentions_lie_in_their_sentences((text, _) in news_text()) {
        let mut hits = Hits::default();
        TAGGER.matcher().find(&text, &mut hits);
        let mut s = Segmentation::default();
        s.split(&text);
        checks::segmentation(&text, &s).map_err(TestCaseError::fail)?;
        s.keep_together(hits.hits().iter().map(|h| (h.start, h.end)));
        checks::segmentation(&text, &s).map_err(TestCaseError::fail)?;
        let tagged = TAGGER.tag(document("d", &text, None), &mut Scratch::default());
        prop_assert_eq!(tagged.mentions.len(), hits.hits().len());
        for m in &tagged.mentions {
            let x = s.sentences().get(m.sentence as usize);
            prop_assert!(
                x.is_some_and(|x| x.start <= m.start && m.start < x.end),
                "mention {:?} at {}..{} is assigned to sentence {} {x:?} in {text:?}",
                &text[m.start..m.end], m.start, m.end, m.sentence
            );
            let x = x.expect("checked above");
            prop_assert_eq!(m.paragraph, x.paragraph);
            // A name is kept in one sentence, unless it runs across a blank line (the fold
            // treats any whitespace run as one space, paragraph breaks included).
            prop_assert!(
                crosses_blank_line(&text[m.start..m.end]) || m.end <= x.end,
                "mention {:?} at {}..{} runs past its sentence {x:?} in {text:?}",
                &text[m.start..m.end], m.start, m.end
            );
        }
    }

    /// (e) Tagging arbitrary text never panics, and mentions are sound.
    #[test]
    fn reading_dates_never_panics(
        head in select(vec!["", "Published ", "Sat,", "Monday ", "Updated: Sat,", "By A, "]),
        numbers in proptest::collection::vec(
            (select(vec!["5", "05", "12", "31", "2023", "1999"]), date_separator()),
            3..5,
        ),
        tail in proptest::collection::vec(date_piece(), 0..4),
    ) {
        // Numbers after separators: "Sat," then "\u{a0}5", ".06", ".2023", then " GMT".
        let middle: String = numbers.iter().map(|(n, s)| format!("{s}{n}")).collect();
        let text = format!("{head}{middle}{}", tail.concat());
        let _ = parse_date(&text);
        let _ = find_dateline(&text);
    }

    #[test]
    fn tagging_any_text_never_panics(text in any::<String>()) {
        let tagged = TAGGER.tag(document("any", &text, None), &mut Scratch::default());
        for m in &tagged.mentions {
            prop_assert!(m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
    }

    /// (e) The same on awkward text full of aliases.
    #[test]
    fn tagging_news_like_text_never_panics((text, _) in news_text()) {
        let tagged = TAGGER.tag(document("news", &text, None), &mut Scratch::default());
        let mut previous_end = 0;
        for m in &tagged.mentions {
            prop_assert!(m.start >= previous_end && m.start < m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            prop_assert_eq!(m.entity.is_some(), m.resolution.is_resolved());
            prop_assert!(m.entity.is_some() || !m.candidates.is_empty());
            previous_end = m.end;
        }
        for c in &tagged.counts.co_mentions {
            prop_assert!(c.a < c.b, "{:?}", c);
        }
    }

    /// (f) Counting documents in parts and merging the parts gives the graph of one run.
    #[test]
    fn merging_parts_equals_one_run(
        docs in proptest::collection::vec(
            (news_text(), proptest::option::of(0u32..2000), 0usize..4),
            0..12,
        ),
        min_weight in 0u32..3,
        meets in any::<bool>(),
        drop_isolated in any::<bool>(),
    ) {
        let documents: Vec<(Document, usize)> = docs
            .iter()
            .enumerate()
            .map(|(i, ((text, _), day, part))| {
                let date = day.and_then(|d| {
                    NaiveDate::from_ymd_opt(2019, 1, 1)?.checked_add_days(chrono::Days::new(d.into()))
                });
                (document(&format!("d{i}"), text, date), *part)
            })
            .collect();
        let run = |docs: Vec<Document>| {
            let mut graph = GraphBuilder::default();
            Pipeline::new(&TAGGER_KEEPING_DUPLICATES)
                .run(
                    docs.into_iter().map(InputItem::Document),
                    &mut graph,
                    &mut Summary::default(),
                    |_| Ok::<(), ()>(()),
                )
                .expect("the callback never fails");
            graph
        };
        // The input is the parts one after the other (edges keep their first few document ids
        // in input order, so parts merge in input order, as `comention merge` takes them).
        let mut in_order = documents.clone();
        in_order.sort_by_key(|(_, part)| *part);
        let one = run(in_order.iter().map(|(d, _)| d.clone()).collect());
        let mut parts: Vec<GraphBuilder> = (0..4)
            .map(|p| run(documents.iter().filter(|(_, q)| *q == p).map(|(d, _)| d.clone()).collect()))
            .collect();
        // Merge in another grouping: part 3 into part 2, part 1 into part 0, then the two.
        let (p3, mut p2) = (parts.pop().expect("4 parts"), parts.pop().expect("4 parts"));
        p2.merge(p3);
        let p1 = parts.pop().expect("4 parts");
        let mut p0 = parts.pop().expect("4 parts");
        p0.merge(p1);
        p0.merge(p2);
        let filter = GraphFilter {
            min_weight: f64::from(min_weight),
            relation: if meets { Relation::Meets } else { Relation::CoMentioned },
            drop_isolated,
        };
        let gazetteer = TAGGER_KEEPING_DUPLICATES.gazetteer();
        let (a, b) = (one.finish(gazetteer, &filter), p0.finish(gazetteer, &filter));
        let ids = |g: &comention::CoMentionGraph| -> Vec<String> {
            g.nodes().map(|n| gazetteer.entity(n.entity).id.clone()).collect()
        };
        prop_assert_eq!(ids(&a), ids(&b));
        prop_assert_eq!(a.nodes().collect::<Vec<_>>(), b.nodes().collect::<Vec<_>>());
        prop_assert_eq!(a.edges().collect::<Vec<_>>(), b.edges().collect::<Vec<_>>());
        // Edge endpoints are sorted by id, and both ends are nodes.
        for (s, t, _) in a.edges() {
            let (s, t): (EntityIndex, EntityIndex) = (s.entity, t.entity);
            prop_assert!(gazetteer.entity(s).id < gazetteer.entity(t).id);
        }
    }
}
