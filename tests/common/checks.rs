//! Invariants of folding, matching and sentence splitting, checked on any text. Shared by the
//! property tests (tests/properties.rs, which shrink a failing case) and the fuzz targets
//! (fuzz/src/lib.rs, which turn a failure into a crash): each check says what went wrong as an
//! `Err` and leaves it to the caller how to fail.

use comention::Gazetteer;
use comention::fold::{Case, FoldedText, fold_str};
use comention::matcher::Hits;
use comention::sentences::Segmentation;

/// Returns `Err(message)` from the enclosing check unless `condition` holds.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err(format!($($message)+));
        }
    };
}

/// Every folded character boundary, including the end.
fn folded_boundaries(folded: &str) -> impl Iterator<Item = usize> + '_ {
    folded
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(folded.len()))
}

/// The offset map of `original` folded with `case`: every folded character boundary maps to an
/// original character boundary, never going back, the end to the end, and the start past
/// nothing but characters that fold away; a map said to be the identity is one.
pub fn offset_map(original: &str, case: Case) -> Result<(), String> {
    let mut folded = FoldedText::default();
    folded.fold_into(original, case);
    let f = folded.as_str();
    ensure!(
        f == fold_str(original, case),
        "fold_into and fold_str disagree on {original:?}"
    );
    let mut previous = 0;
    for pos in folded_boundaries(f) {
        let o = folded.to_original(pos);
        ensure!(
            o <= original.len() && original.is_char_boundary(o),
            "{original:?} folds to {f:?}; folded {pos} maps to {o}, not a char boundary"
        );
        ensure!(
            o >= previous,
            "{original:?} folds to {f:?}; folded {pos} maps to {o}, before {previous}"
        );
        previous = o;
    }
    let end = folded.to_original(f.len());
    ensure!(
        end == original.len(),
        "end of {original:?} (folded {f:?}) maps to {end}"
    );
    if folded.is_identity_mapped() {
        for pos in folded_boundaries(f) {
            ensure!(
                folded.to_original(pos) == pos,
                "{original:?} folds to {f:?}, said to be identity-mapped, but {pos} moves"
            );
        }
    }
    let first = folded.to_original(0);
    ensure!(
        fold_str(&original[..first], case).is_empty(),
        "{original:?}: folded 0 maps to {first}, past characters that do not fold away"
    );
    Ok(())
}

/// Hits: non-empty, in bounds, on char boundaries, in order without overlap, each surface
/// folding to an alias of one of its candidates.
pub fn hits(gazetteer: &Gazetteer, text: &str, hits: &Hits) -> Result<(), String> {
    let mut previous_end = 0;
    for hit in hits.hits() {
        ensure!(
            hit.start < hit.end && hit.end <= text.len(),
            "empty or out-of-range hit {hit:?} in {text:?}"
        );
        ensure!(
            text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end),
            "hit {hit:?} is not on char boundaries of {text:?}"
        );
        ensure!(
            hit.start >= previous_end,
            "hit {hit:?} overlaps the one before in {text:?}"
        );
        previous_end = hit.end;
        let surface = fold_str(&text[hit.start..hit.end], Case::Fold);
        let candidates = hits.candidates(hit);
        ensure!(!candidates.is_empty(), "hit {hit:?} without candidates");
        let aliases: Vec<String> = candidates
            .iter()
            .flat_map(|c| &gazetteer.entity(c.entity).aliases)
            .map(|a| fold_str(&a.text, Case::Fold))
            .collect();
        ensure!(
            aliases.contains(&surface),
            "surface {:?} (folded {surface:?}) of {hit:?} is no alias of its candidates \
             {aliases:?}, in {text:?}",
            &text[hit.start..hit.end]
        );
    }
    Ok(())
}

/// Sentences: ordered, disjoint, in bounds, on char boundaries, trimmed, non-empty, inside their
/// paragraphs, and covering every character that is not whitespace.
pub fn segmentation(text: &str, s: &Segmentation) -> Result<(), String> {
    let mut previous_end = 0;
    let mut previous_paragraph = 0;
    for (i, x) in s.sentences().iter().enumerate() {
        ensure!(
            x.start < x.end && x.end <= text.len(),
            "sentence {i} {x:?} is empty or out of bounds in {text:?}"
        );
        ensure!(
            text.is_char_boundary(x.start) && text.is_char_boundary(x.end),
            "sentence {i} {x:?} is not on char boundaries of {text:?}"
        );
        ensure!(
            x.start >= previous_end,
            "sentence {i} {x:?} overlaps the one before in {text:?}"
        );
        let span = &text[x.start..x.end];
        ensure!(
            span.trim() == span,
            "sentence {i} is not trimmed in {text:?}"
        );
        ensure!(
            x.paragraph >= previous_paragraph && x.paragraph <= previous_paragraph + 1,
            "sentence {i} {x:?}: paragraph does not follow {previous_paragraph} in {text:?}"
        );
        let p = s.paragraphs().get(x.paragraph as usize).copied();
        ensure!(
            p.is_some_and(|(a, b)| a <= x.start && x.end <= b),
            "sentence {i} {x:?} is not inside its paragraph {p:?} in {text:?}"
        );
        previous_end = x.end;
        previous_paragraph = x.paragraph;
    }
    let mut previous_end = 0;
    for &(a, b) in s.paragraphs() {
        ensure!(
            a < b && b <= text.len() && a >= previous_end,
            "paragraph {a}..{b} is empty, out of bounds or out of order in {text:?}"
        );
        previous_end = b;
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            let x = s.sentences().get(s.sentence_at(i));
            ensure!(
                x.is_some_and(|x| x.start <= i && i < x.end),
                "{c:?} at {i} is in no sentence of {text:?} (nearest {x:?})"
            );
        }
    }
    Ok(())
}
