//! Windows and co-mentions: which entities are mentioned together in one document.
//!
//! A [`Window`] is a sentence, a paragraph or the whole document. Two distinct entities
//! mentioned in the same window co-occur once for that window, however often each is named in
//! it; a document's [`CoMention`]s count, per pair, the windows they share.

use std::fmt;
use std::str::FromStr;

use crate::gazetteer::EntityIndex;
use crate::resolve::Mention;

/// The span within which mentions count as together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Window {
    /// The same sentence (the default: the closest link news text makes).
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document.
    Document,
}

impl Window {
    /// The name used on the command line and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        }
    }

    /// The index of the window holding `mention`.
    pub fn of(self, mention: &Mention) -> u32 {
        match self {
            Window::Sentence => mention.sentence,
            Window::Paragraph => mention.paragraph,
            Window::Document => 0,
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Window {
    type Err = String;

    fn from_str(s: &str) -> Result<Window, String> {
        match s {
            "sentence" => Ok(Window::Sentence),
            "paragraph" => Ok(Window::Paragraph),
            "document" => Ok(Window::Document),
            _ => Err(format!(
                "unknown window {s:?}: use sentence, paragraph or document"
            )),
        }
    }
}

/// Two entities mentioned together in one document: `a < b`, and the number of windows in
/// which both occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CoMention {
    /// The entity with the lower index.
    pub a: EntityIndex,
    /// The entity with the higher index.
    pub b: EntityIndex,
    /// Windows of the document that mention both.
    pub windows: u32,
}

/// Counts the co-mentions of one document. Reuse one value across documents.
#[derive(Debug, Clone, Default)]
pub struct CoMentionCounter {
    group: Vec<EntityIndex>,
    pairs: Vec<(EntityIndex, EntityIndex)>,
}

impl CoMentionCounter {
    /// Counts the co-mentions among the resolved `mentions` (in text order) whose entity passes
    /// `include`, replacing the contents of `out`, sorted by pair.
    pub fn count(
        &mut self,
        mentions: &[Mention],
        window: Window,
        include: impl Fn(EntityIndex) -> bool,
        out: &mut Vec<CoMention>,
    ) {
        out.clear();
        self.pairs.clear();
        let mut current = None;
        self.group.clear();
        for m in mentions {
            let Some(e) = m.entity.filter(|&e| include(e)) else {
                continue;
            };
            let w = window.of(m);
            if current != Some(w) {
                self.flush_group();
                current = Some(w);
            }
            self.group.push(e);
        }
        self.flush_group();
        self.pairs.sort_unstable();
        for &(a, b) in &self.pairs {
            match out.last_mut() {
                Some(last) if last.a == a && last.b == b => last.windows += 1,
                _ => out.push(CoMention { a, b, windows: 1 }),
            }
        }
    }

    /// Adds every pair of distinct entities in the window just read.
    fn flush_group(&mut self) {
        self.group.sort_unstable();
        self.group.dedup();
        for (i, &a) in self.group.iter().enumerate() {
            for &b in &self.group[i + 1..] {
                self.pairs.push((a, b));
            }
        }
        self.group.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Resolution;

    fn mention(entity: u32, sentence: u32, paragraph: u32) -> Mention {
        Mention {
            start: 0,
            end: 0,
            entity: Some(EntityIndex(entity)),
            resolution: Resolution::Alias,
            candidates: vec![],
            sentence,
            paragraph,
        }
    }

    fn counts(mentions: &[Mention], window: Window) -> Vec<(u32, u32, u32)> {
        let mut out = vec![];
        CoMentionCounter::default().count(mentions, window, |_| true, &mut out);
        out.iter().map(|c| (c.a.0, c.b.0, c.windows)).collect()
    }

    #[test]
    fn pairs_count_once_per_window() {
        // Sentence 0: 1, 2, 1 again; sentence 1: 2, 1, 3; sentence 2 (paragraph 1): 3 alone.
        let m = [
            mention(1, 0, 0),
            mention(2, 0, 0),
            mention(1, 0, 0),
            mention(2, 1, 0),
            mention(1, 1, 0),
            mention(3, 1, 0),
            mention(3, 2, 1),
        ];
        assert_eq!(
            counts(&m, Window::Sentence),
            [(1, 2, 2), (1, 3, 1), (2, 3, 1)]
        );
        assert_eq!(
            counts(&m, Window::Paragraph),
            [(1, 2, 1), (1, 3, 1), (2, 3, 1)]
        );
        assert_eq!(
            counts(&m, Window::Document),
            [(1, 2, 1), (1, 3, 1), (2, 3, 1)]
        );
    }

    #[test]
    fn unresolved_and_excluded_mentions_do_not_pair() {
        let mut unresolved = mention(9, 0, 0);
        unresolved.entity = None;
        let m = [
            mention(1, 0, 0),
            unresolved,
            mention(2, 0, 0),
            mention(4, 0, 0),
        ];
        let mut out = vec![];
        CoMentionCounter::default().count(&m, Window::Sentence, |e| e.0 != 4, &mut out);
        assert_eq!(
            out,
            [CoMention {
                a: EntityIndex(1),
                b: EntityIndex(2),
                windows: 1
            }]
        );
    }

    #[test]
    fn window_names_round_trip() {
        for w in [Window::Sentence, Window::Paragraph, Window::Document] {
            assert_eq!(w.as_str().parse::<Window>(), Ok(w));
        }
        assert!(
            "line"
                .parse::<Window>()
                .unwrap_err()
                .contains("sentence, paragraph")
        );
    }
}
