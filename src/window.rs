//! Windows and co-mentions: which entities are mentioned together in one document.
//!
//! A [`Window`] is a sentence, a paragraph or the whole document. Two distinct entities
//! mentioned in the same window co-occur once for that window, however often each is named in
//! it; a document's [`CoMention`]s count, per pair, the windows they share, and how many of
//! those also say that a meeting happened (a cue such as "met" or a named event such as "the G20
//! summit"). Every pair in every window is kept as a [`WindowPair`], the evidence behind an edge.

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

/// How much one window adds to the weight of each pair in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Counting {
    /// Every pair in a window gains 1.
    #[default]
    Full,
    /// A window's pairs share a total of 1: a window naming *k* entities gives each of its
    /// *k(k−1)/2* pairs *2/(k(k−1))*, so a round-up of 40 names weighs no more than one meeting.
    Fractional,
}

impl FromStr for Counting {
    type Err = String;

    fn from_str(s: &str) -> Result<Counting, String> {
        match s {
            "full" => Ok(Counting::Full),
            "fractional" => Ok(Counting::Fractional),
            _ => Err(format!("unknown counting {s:?}: use full or fractional")),
        }
    }
}

/// Two entities mentioned together in one document: `a < b`, and what their shared windows add.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoMention {
    /// The entity with the lower index.
    pub a: EntityIndex,
    /// The entity with the higher index.
    pub b: EntityIndex,
    /// Windows of the document that mention both.
    pub windows: u32,
    /// Of those, windows that also hold a meeting cue or a named event.
    pub meetings: u32,
    /// The weight these windows add (`windows` under full counting).
    pub weight: f64,
}

/// One pair in one window: the evidence behind an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowPair {
    /// The entity with the lower index.
    pub a: EntityIndex,
    /// The entity with the higher index.
    pub b: EntityIndex,
    /// The window's index in the document (sentence, paragraph, or 0 for the document).
    pub window: u32,
    /// Whether the window holds a meeting cue or a named event.
    pub meeting: bool,
}

/// One mention as the counter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index of its window.
    pub window: u32,
    /// The graph node it counts for, if any.
    pub node: Option<EntityIndex>,
    /// Whether it says that a meeting happened (a cue such as "met", or a named event).
    pub meeting_marker: bool,
}

/// What one document adds to the graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentCounts {
    /// Per pair, sorted by pair.
    pub co_mentions: Vec<CoMention>,
    /// Every pair of every window, in window order, then pair order.
    pub pairs: Vec<WindowPair>,
    /// Per node, sorted: the number of windows that mention it.
    pub node_windows: Vec<(EntityIndex, u32)>,
    /// Every window that mentions a node, with each of its nodes (sorted), in window order.
    pub window_nodes: Vec<(u32, EntityIndex)>,
    /// Windows in the document.
    pub windows: u32,
}

impl DocumentCounts {
    /// Sums [`pairs`](Self::pairs) into [`co_mentions`](Self::co_mentions), in pair order.
    fn sum_pairs(&mut self, counting: Counting) {
        self.co_mentions.clear();
        let mut sorted: Vec<(WindowPair, f64)> = Vec::with_capacity(self.pairs.len());
        for window in self.pairs.chunk_by(|p, q| p.window == q.window) {
            let share = match counting {
                Counting::Full => 1.0,
                Counting::Fractional => 1.0 / window.len() as f64,
            };
            sorted.extend(window.iter().map(|&p| (p, share)));
        }
        sorted.sort_by_key(|(p, _)| (p.a, p.b));
        for (p, share) in sorted {
            match self.co_mentions.last_mut() {
                Some(last) if last.a == p.a && last.b == p.b => {
                    last.windows += 1;
                    last.meetings += u32::from(p.meeting);
                    last.weight += share;
                }
                _ => self.co_mentions.push(CoMention {
                    a: p.a,
                    b: p.b,
                    windows: 1,
                    meetings: u32::from(p.meeting),
                    weight: share,
                }),
            }
        }
    }

    /// Leaves the windows `dropped` (indices of windows that mention a node, sorted) out of
    /// the counts, as if the document did not have them: their pairs, the windows they add to
    /// their nodes, and the document's number of windows.
    pub fn drop_windows(&mut self, dropped: &[u32], counting: Counting) {
        if dropped.is_empty() {
            return;
        }
        let is_dropped = |w: u32| dropped.binary_search(&w).is_ok();
        for window in self.window_nodes.chunk_by(|x, y| x.0 == y.0) {
            if !is_dropped(window[0].0) {
                continue;
            }
            self.windows -= 1;
            for &(_, e) in window {
                if let Ok(i) = self.node_windows.binary_search_by_key(&e, |&(n, _)| n) {
                    self.node_windows[i].1 -= 1;
                }
            }
        }
        self.node_windows.retain(|&(_, n)| n > 0);
        self.window_nodes.retain(|&(w, _)| !is_dropped(w));
        self.pairs.retain(|p| !is_dropped(p.window));
        self.sum_pairs(counting);
    }
}

/// Counts the co-mentions of one document. Reuse one value across documents.
#[derive(Debug, Clone, Default)]
pub struct CoMentionCounter {
    group: Vec<EntityIndex>,
    nodes: Vec<EntityIndex>,
}

impl CoMentionCounter {
    /// Counts the co-mentions of `placed` (mentions in text order) in a document of
    /// `windows` windows, replacing the contents of `out`.
    pub fn count(
        &mut self,
        placed: impl IntoIterator<Item = Placed>,
        windows: u32,
        counting: Counting,
        out: &mut DocumentCounts,
    ) {
        out.co_mentions.clear();
        out.pairs.clear();
        out.node_windows.clear();
        out.window_nodes.clear();
        out.windows = windows;
        self.nodes.clear();
        let mut current: Option<u32> = None;
        let mut meeting = false;
        for p in placed {
            if current != Some(p.window) {
                if let Some(w) = current {
                    self.flush(w, meeting, out);
                }
                current = Some(p.window);
                meeting = false;
            }
            meeting |= p.meeting_marker;
            if let Some(node) = p.node {
                self.group.push(node);
            }
        }
        if let Some(w) = current {
            self.flush(w, meeting, out);
        }
        out.sum_pairs(counting);
        self.nodes.sort_unstable();
        for &e in &self.nodes {
            match out.node_windows.last_mut() {
                Some((last, n)) if *last == e => *n += 1,
                _ => out.node_windows.push((e, 1)),
            }
        }
    }

    /// Adds every pair of distinct nodes of the window just read.
    fn flush(&mut self, window: u32, meeting: bool, out: &mut DocumentCounts) {
        self.group.sort_unstable();
        self.group.dedup();
        self.nodes.extend_from_slice(&self.group);
        out.window_nodes
            .extend(self.group.iter().map(|&e| (window, e)));
        for (i, &a) in self.group.iter().enumerate() {
            for &b in &self.group[i + 1..] {
                out.pairs.push(WindowPair {
                    a,
                    b,
                    window,
                    meeting,
                });
            }
        }
        self.group.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(window: u32, e: u32) -> Placed {
        Placed {
            window,
            node: Some(EntityIndex(e)),
            meeting_marker: false,
        }
    }

    fn cue(window: u32) -> Placed {
        Placed {
            window,
            node: None,
            meeting_marker: true,
        }
    }

    fn counts(placed: &[Placed], counting: Counting) -> DocumentCounts {
        let mut out = DocumentCounts::default();
        CoMentionCounter::default().count(placed.iter().copied(), 5, counting, &mut out);
        out
    }

    fn summary(out: &DocumentCounts) -> Vec<(u32, u32, u32, u32)> {
        out.co_mentions
            .iter()
            .map(|c| (c.a.0, c.b.0, c.windows, c.meetings))
            .collect()
    }

    #[test]
    fn dropping_windows_counts_as_if_the_document_lacked_them() {
        // Window 0: 1, 2, cue; window 1: 2, 1, 3; window 2: 3 alone; window 3: 1, 3.
        let placed = [
            node(0, 1),
            node(0, 2),
            cue(0),
            node(1, 2),
            node(1, 1),
            node(1, 3),
            node(2, 3),
            node(3, 1),
            node(3, 3),
        ];
        for counting in [Counting::Full, Counting::Fractional] {
            for dropped in [&[0][..], &[1], &[2], &[0, 3], &[0, 1, 2, 3]] {
                let mut got = counts(&placed, counting);
                got.drop_windows(dropped, counting);
                let kept: Vec<Placed> = placed
                    .iter()
                    .copied()
                    .filter(|p| !dropped.contains(&p.window))
                    .collect();
                let mut want = DocumentCounts::default();
                let windows = 5 - dropped.len() as u32;
                CoMentionCounter::default().count(kept, windows, counting, &mut want);
                assert_eq!(got, want, "dropping {dropped:?}, {counting:?}");
            }
        }
    }

    #[test]
    fn pairs_count_once_per_window_and_meetings_follow_cues() {
        // Window 0: 1, 2, 1 again and a cue; window 1: 2, 1, 3; window 2: 3 alone.
        let placed = [
            node(0, 1),
            node(0, 2),
            cue(0),
            node(0, 1),
            node(1, 2),
            node(1, 1),
            node(1, 3),
            node(2, 3),
        ];
        let out = counts(&placed, Counting::Full);
        assert_eq!(summary(&out), [(1, 2, 2, 1), (1, 3, 1, 0), (2, 3, 1, 0)]);
        assert!(
            out.co_mentions
                .iter()
                .all(|c| c.weight == f64::from(c.windows))
        );
        let evidence: Vec<(u32, u32, u32, bool)> = out
            .pairs
            .iter()
            .map(|p| (p.a.0, p.b.0, p.window, p.meeting))
            .collect();
        assert_eq!(
            evidence,
            [
                (1, 2, 0, true),
                (1, 2, 1, false),
                (1, 3, 1, false),
                (2, 3, 1, false)
            ]
        );
        let windows: Vec<(u32, u32)> = out.node_windows.iter().map(|&(e, n)| (e.0, n)).collect();
        assert_eq!(windows, [(1, 2), (2, 2), (3, 2)]);
        assert_eq!(out.windows, 5);
    }

    #[test]
    fn fractional_counting_gives_each_window_a_total_of_one() {
        // Window 0: a two-person meeting; window 1: a round-up of four.
        let placed = [
            node(0, 1),
            node(0, 2),
            node(1, 1),
            node(1, 2),
            node(1, 3),
            node(1, 4),
        ];
        let out = counts(&placed, Counting::Fractional);
        let total: f64 = out.co_mentions.iter().map(|c| c.weight).sum();
        assert!(
            (total - 2.0).abs() < 1e-12,
            "two windows, total weight 2, got {total}"
        );
        let pair12 = out
            .co_mentions
            .iter()
            .find(|c| c.a.0 == 1 && c.b.0 == 2)
            .unwrap();
        assert!((pair12.weight - (1.0 + 1.0 / 6.0)).abs() < 1e-12);
        assert_eq!(pair12.windows, 2);
        let full = counts(&placed, Counting::Full);
        assert_eq!(full.co_mentions.iter().map(|c| c.weight).sum::<f64>(), 7.0);
    }

    #[test]
    fn mentions_without_node_do_not_pair() {
        let placed = [
            node(0, 1),
            Placed {
                window: 0,
                node: None,
                meeting_marker: false,
            },
            node(0, 2),
        ];
        assert_eq!(summary(&counts(&placed, Counting::Full)), [(1, 2, 1, 0)]);
    }

    #[test]
    fn names_round_trip() {
        for w in [Window::Sentence, Window::Paragraph, Window::Document] {
            assert_eq!(w.as_str().parse::<Window>(), Ok(w));
        }
        assert!(
            "line"
                .parse::<Window>()
                .unwrap_err()
                .contains("sentence, paragraph")
        );
        assert_eq!("fractional".parse::<Counting>(), Ok(Counting::Fractional));
    }
}
