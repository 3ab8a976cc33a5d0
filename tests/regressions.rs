//! Regression tests: minimized inputs from the property tests (`tests/properties.rs`) and the
//! fuzz targets (`fuzz/`), each named after what it guards.

use comention::document::{Document, Origin};
use comention::fold::{Case, FoldedText};
use comention::pipeline::{Options, Scratch};
use comention::{Gazetteer, Tagger};

/// Every folded character boundary of `original` maps to an original character boundary, and
/// the map never goes back.
fn assert_offset_map_sound(original: &str) {
    for case in [Case::Fold, Case::Keep] {
        let mut folded = FoldedText::default();
        folded.fold_into(original, case);
        let f = folded.as_str();
        let mut previous = 0;
        for (pos, _) in f.char_indices().chain([(f.len(), ' ')]) {
            let o = folded.to_original(pos);
            assert!(
                original.is_char_boundary(o),
                "{original:?} folds to {f:?} ({case:?}): folded {pos} maps to {o}, \
                 inside a character"
            );
            assert!(
                o >= previous,
                "{original:?} folds to {f:?} ({case:?}): folded {pos} maps to {o}, back \
                 before {previous}"
            );
            previous = o;
        }
        assert_eq!(folded.to_original(f.len()), original.len());
    }
}

/// Found by `offset_map_is_monotonic_on_char_boundaries` and the `fold` fuzz target: a Hangul
/// syllable decomposes canonically into two or three jamo (3 bytes → 6 or 9), an expansion that
/// is not recorded as one, so offsets inside it run on past the syllable into the next
/// characters ("각éé": folded 6 maps to 6, inside the second "é") and then jump back (folded 9
/// maps to 3).
#[test]
fn hangul_syllables_keep_the_offset_map_on_char_boundaries() {
    assert_offset_map_sound("각éé");
    assert_offset_map_sound("각À");
    assert_offset_map_sound("서울 김정은 Seoul");
}

/// Found by the `fold` fuzz target: text that starts with characters folded away (a soft
/// hyphen, a zero-width space, a combining mark) is reported as identity-mapped although every
/// offset is shifted by their length.
#[test]
fn leading_characters_folded_away_are_not_an_identity_map() {
    for original in ["\u{ad}abc", "\u{200b}Kim", "\u{5bc}\u{1}F", "\u{301}x"] {
        let folded = FoldedText::new(original);
        if folded.is_identity_mapped() {
            for pos in 0..=folded.as_str().len() {
                assert_eq!(
                    folded.to_original(pos),
                    pos,
                    "{original:?} claims an identity map"
                );
            }
        }
    }
}

fn tagger() -> Tagger {
    let mut g = Gazetteer::builder();
    g.add_reader(
        "g.csv",
        "id,kind,label,aliases,aliases.short\n\
         vladimir-putin,person,Vladimir Putin,Vladimir Putin,Putin\n\
         kim-jong-un,person,Kim Jong Un,Kim Jong Un,Kim\n"
            .as_bytes(),
    );
    Tagger::new(g.build().unwrap(), &Options::default()).unwrap()
}

fn document(text: &str) -> Document {
    let origin = Origin {
        source: "-".into(),
        line: None,
    };
    Document::new("d", text, origin)
}

/// Found by `mentions_lie_in_their_sentences`: in a text without blank lines every line is a
/// paragraph, so a name broken over a line ("Kim Jong⏎Un") spans two paragraphs, which
/// `keep_together` leaves apart. The mention is placed in the first line's sentence and misses
/// the entities of the rest of its sentence. docs/FORMATS.md: "A name broken over a line ("Kim
/// Jong⏎Un") keeps its sentence together."
#[test]
fn name_broken_over_a_line_keeps_its_sentence_without_blank_lines() {
    let tagger = tagger();
    let text = "Kim Jong\nUn met Vladimir Putin.\nNext line.";
    let tagged = tagger.tag(document(text), &mut Scratch::default());
    let found: Vec<(&str, u32)> = tagged
        .mentions
        .iter()
        .map(|m| (&text[m.start..m.end], m.sentence))
        .collect();
    assert_eq!(
        found,
        [("Kim Jong\nUn", 0), ("Vladimir Putin", 0)],
        "both names are in the first sentence"
    );
    assert_eq!(
        tagged.counts.co_mentions.len(),
        1,
        "Kim Jong Un and Putin share a sentence"
    );
}

/// The same text with blank lines already worked; keep it working.
#[test]
fn name_broken_over_a_line_keeps_its_sentence_with_blank_lines() {
    let tagger = tagger();
    let text = "Headline\n\nKim Jong\nUn met Vladimir Putin.\n\nNext paragraph.";
    let tagged = tagger.tag(document(text), &mut Scratch::default());
    let sentences: Vec<u32> = tagged.mentions.iter().map(|m| m.sentence).collect();
    assert_eq!(sentences, [1, 1]);
    assert_eq!(tagged.counts.co_mentions.len(), 1);
}
