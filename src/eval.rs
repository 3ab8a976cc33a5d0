//! Measuring tagging quality against gold annotations.
//!
//! A gold file is JSON lines, one document each: `{"id", "text", "spans": [{"start", "end",
//! "kind", "entity"}]}` with UTF-8 byte offsets (see `docs/EVALUATION.md`). [`Evaluation`]
//! compares the resolved mentions comention finds with the gold spans in two ways, per entity
//! kind:
//! - **spans**: a found mention is right when a gold span has the same start, end and entity;
//! - **entity per document**: did it find that this entity is in this document at all.
//!
//! Gold spans without an entity id name something outside the gazetteer (a researcher named
//! Kim): they are not counted as misses, but a found mention on one is a false alarm. Found
//! mentions of kinds the gold set does not annotate (meeting cues) are not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::gazetteer::Gazetteer;
use crate::resolve::Mention;

/// One annotated span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct GoldSpan {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// Entity kind.
    pub kind: String,
    /// Entity id, when the entity is one the gazetteer should know.
    #[serde(default)]
    pub entity: Option<String>,
}

/// One annotated document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct GoldDocument {
    /// Document id.
    pub id: String,
    /// Date, if any (`YYYY-MM-DD`).
    #[serde(default)]
    pub date: Option<String>,
    /// The text the offsets refer to.
    pub text: String,
    /// Every annotated mention.
    pub spans: Vec<GoldSpan>,
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// Found and right.
    pub true_positives: u64,
    /// Found but wrong.
    pub false_positives: u64,
    /// Not found.
    pub false_negatives: u64,
    /// TP / (TP + FP), 1 when nothing was found.
    pub precision: f64,
    /// TP / (TP + FN), 1 when there was nothing to find.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn add(&mut self, tp: u64, fp: u64, fn_: u64) {
        self.true_positives += tp;
        self.false_positives += fp;
        self.false_negatives += fn_;
        let (tp, fp, fn_) = (
            self.true_positives as f64,
            self.false_positives as f64,
            self.false_negatives as f64,
        );
        self.precision = if tp + fp == 0.0 { 1.0 } else { tp / (tp + fp) };
        self.recall = if tp + fn_ == 0.0 {
            1.0
        } else {
            tp / (tp + fn_)
        };
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

/// A miss or a false alarm, with context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    /// Document id.
    pub doc: String,
    /// `miss` or `false-alarm`.
    pub error: &'static str,
    /// Whether it is about spans or entities per document.
    pub level: &'static str,
    /// Entity kind.
    pub kind: String,
    /// The gold entity (for a miss) or the found one (for a false alarm).
    pub entity: String,
    /// The surface text, when the error is about a span.
    pub text: String,
    /// Byte offsets, when the error is about a span.
    pub start: Option<usize>,
    /// End offset.
    pub end: Option<usize>,
    /// Up to 40 characters on each side.
    pub context: String,
}

/// The scores of a run over a gold set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    /// Documents compared.
    pub documents: u64,
    /// Span scores per kind, and `all`.
    pub spans: BTreeMap<String, Score>,
    /// Entity-per-document scores per kind, and `all`.
    pub entities: BTreeMap<String, Score>,
    /// Gold spans without an entity id (outside the gazetteer), not counted as misses.
    pub unlinked_gold_spans: u64,
    /// Every miss and false alarm.
    pub errors: Vec<Error>,
}

/// Everything the gold set annotates: the kinds with at least one span.
pub fn gold_kinds(gold: &[GoldDocument]) -> BTreeSet<String> {
    gold.iter()
        .flat_map(|d| d.spans.iter().map(|s| s.kind.clone()))
        .collect()
}

fn context(text: &str, start: usize, end: usize) -> String {
    let before: String = text[..start]
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[end..].chars().take(40).collect();
    format!("{before}[{}]{after}", &text[start..end]).replace(['\n', '\r', '\t'], " ")
}

impl Evaluation {
    /// Adds one document: its gold annotations and the mentions found in `gold.text`.
    pub fn add(
        &mut self,
        gold: &GoldDocument,
        found: &[Mention],
        gazetteer: &Gazetteer,
        kinds: &BTreeSet<String>,
    ) {
        self.documents += 1;
        let text = &gold.text;
        // Found: resolved mentions of annotated kinds.
        let found: Vec<(usize, usize, &str, &str)> = found
            .iter()
            .filter_map(|m| {
                let e = gazetteer.entity(m.entity?);
                kinds
                    .contains(&e.kind)
                    .then_some((m.start, m.end, e.kind.as_str(), e.id.as_str()))
            })
            .collect();
        let linked: Vec<(usize, usize, &str, &str)> = gold
            .spans
            .iter()
            .filter_map(|s| Some((s.start, s.end, s.kind.as_str(), s.entity.as_deref()?)))
            .collect();
        self.unlinked_gold_spans += (gold.spans.len() - linked.len()) as u64;

        // Spans.
        let mut per_kind: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
        for &(s, e, kind, id) in &found {
            let slot = per_kind.entry(kind).or_default();
            if linked.contains(&(s, e, kind, id)) {
                slot.0 += 1;
            } else {
                slot.1 += 1;
                self.error(gold, "false-alarm", "span", kind, id, Some((s, e)));
            }
        }
        for &(s, e, kind, id) in &linked {
            if !found.contains(&(s, e, kind, id)) {
                per_kind.entry(kind).or_default().2 += 1;
                self.error(gold, "miss", "span", kind, id, Some((s, e)));
            }
        }
        for (kind, (tp, fp, fn_)) in per_kind {
            self.spans
                .entry(kind.to_string())
                .or_default()
                .add(tp, fp, fn_);
            self.spans.entry("all".into()).or_default().add(tp, fp, fn_);
        }

        // Entities per document.
        let found_set: BTreeSet<(&str, &str)> =
            found.iter().map(|&(_, _, k, id)| (k, id)).collect();
        let gold_set: BTreeSet<(&str, &str)> =
            linked.iter().map(|&(_, _, k, id)| (k, id)).collect();
        let mut per_kind: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
        for &(kind, id) in &found_set {
            let slot = per_kind.entry(kind).or_default();
            if gold_set.contains(&(kind, id)) {
                slot.0 += 1;
            } else {
                slot.1 += 1;
                let at = found.iter().find(|f| f.3 == id).map(|f| (f.0, f.1));
                self.error(gold, "false-alarm", "entity", kind, id, at);
            }
        }
        for &(kind, id) in gold_set.difference(&found_set) {
            per_kind.entry(kind).or_default().2 += 1;
            let at = linked.iter().find(|g| g.3 == id).map(|g| (g.0, g.1));
            self.error(gold, "miss", "entity", kind, id, at);
        }
        for (kind, (tp, fp, fn_)) in per_kind {
            self.entities
                .entry(kind.to_string())
                .or_default()
                .add(tp, fp, fn_);
            self.entities
                .entry("all".into())
                .or_default()
                .add(tp, fp, fn_);
        }
        let _ = text;
    }

    fn error(
        &mut self,
        gold: &GoldDocument,
        error: &'static str,
        level: &'static str,
        kind: &str,
        entity: &str,
        at: Option<(usize, usize)>,
    ) {
        let text = &gold.text;
        self.errors.push(Error {
            doc: gold.id.clone(),
            error,
            level,
            kind: kind.to_string(),
            entity: entity.to_string(),
            text: at.map_or(String::new(), |(s, e)| text[s..e].to_string()),
            start: at.map(|a| a.0),
            end: at.map(|a| a.1),
            context: at.map_or(String::new(), |(s, e)| context(text, s, e)),
        });
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} documents", self.documents)?;
        for (title, table) in [
            ("entity per document", &self.entities),
            ("exact spans", &self.spans),
        ] {
            writeln!(f)?;
            writeln!(
                f,
                "{title:<22} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
                "precision", "recall", "F1", "TP", "FP", "FN"
            )?;
            for (kind, s) in table {
                writeln!(
                    f,
                    "  {kind:<20} {:>9.3} {:>9.3} {:>9.3} {:>6} {:>6} {:>6}",
                    s.precision,
                    s.recall,
                    s.f1,
                    s.true_positives,
                    s.false_positives,
                    s.false_negatives
                )?;
            }
        }
        writeln!(
            f,
            "\n{} gold spans name entities outside the gazetteer (not counted as misses)",
            self.unlinked_gold_spans
        )?;
        if !self.errors.is_empty() {
            writeln!(f, "\nerrors:")?;
            for e in &self.errors {
                writeln!(
                    f,
                    "  {} {:<11} {:<6} {} {}: {}",
                    e.doc, e.error, e.level, e.kind, e.entity, e.context
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Origin};
    use crate::pipeline::{Options, Scratch, Tagger};

    #[test]
    fn scores_spans_and_entities_per_document() {
        let mut b = Gazetteer::builder();
        b.add_reader(
            "g.csv",
            "id,kind,label,aliases,aliases.short\n\
             vladimir-putin,person,Vladimir Putin,Vladimir Putin,Putin\n\
             kim-jong-un,person,Kim Jong Un,Kim Jong Un,Kim\n\
             RUS,country,Russia,Russia,\n\
             cue-meet,cue,meet,met,\n"
                .as_bytes(),
        );
        let tagger = Tagger::new(b.build().unwrap(), &Options::default()).unwrap();
        let text =
            "Vladimir Putin met Kim Jong Un. Kim In-Chul said Putin and Russia agreed. Kim left.";
        let span = |s: &str, nth: usize, kind: &str, entity: Option<&str>| {
            let start = text.match_indices(s).nth(nth).unwrap().0;
            GoldSpan {
                start,
                end: start + s.len(),
                kind: kind.into(),
                entity: entity.map(Into::into),
            }
        };
        let gold = GoldDocument {
            id: "d".into(),
            date: None,
            text: text.into(),
            spans: vec![
                span("Vladimir Putin", 0, "person", Some("vladimir-putin")),
                span("Kim Jong Un", 0, "person", Some("kim-jong-un")),
                span("Kim In-Chul", 0, "person", None),
                span("Putin", 1, "person", Some("vladimir-putin")),
                span("Russia", 0, "country", Some("RUS")),
                // Annotated, but comention cannot know "Kim" after a namesake: the last "Kim"
                // resolves (one Kim named in full), so this is found.
                span("Kim", 2, "person", Some("kim-jong-un")),
            ],
        };
        let origin = Origin {
            source: "-".into(),
            line: None,
        };
        let doc = Document::new("d", text, origin);
        let tagged = tagger.tag(doc, &mut Scratch::default());
        let mut eval = Evaluation::default();
        let kinds = gold_kinds(std::slice::from_ref(&gold));
        eval.add(&gold, &tagged.mentions, tagger.gazetteer(), &kinds);
        let all = eval.spans["all"];
        assert_eq!(
            (all.true_positives, all.false_positives, all.false_negatives),
            (5, 0, 0)
        );
        assert_eq!(eval.unlinked_gold_spans, 1);
        let ents = eval.entities["person"];
        assert_eq!((ents.true_positives, ents.false_positives), (2, 0));
        assert_eq!(eval.entities["country"].recall, 1.0);
        assert!(eval.errors.is_empty(), "{:?}", eval.errors);
        assert!(
            !eval.spans.contains_key("cue"),
            "cues are not annotated, so not scored"
        );
    }
}
