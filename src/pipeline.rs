//! The whole pipeline over a stream of documents: match, split, resolve, count co-mentions.
//!
//! [`Tagger`] holds what is built once (gazetteer, automaton, which kinds go into the graph) and
//! tags one document at a time. [`Pipeline::run`] reads documents in bounded batches, tags each
//! batch on every core with rayon, then hands results back **in input order**, so outputs are
//! the same bytes whatever the number of threads.

use rayon::prelude::*;

use crate::document::Document;
use crate::gazetteer::{ALIAS_KINDS_OFF_BY_DEFAULT, EntityIndex, Gazetteer, KIND_CUE};
use crate::graph::GraphBuilder;
use crate::input::{InputItem, Skipped};
use crate::matcher::{Hits, Matcher, MatcherError};
use crate::resolve::{Mention, resolve};
use crate::sentences::Segmentation;
use crate::window::{CoMention, CoMentionCounter, Window};

/// How documents are tagged and counted.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Entity kinds that become graph nodes; `None`: every kind but `cue`.
    pub kinds: Option<Vec<String>>,
    /// Alias kinds to match; `None`: all but those in [`ALIAS_KINDS_OFF_BY_DEFAULT`].
    pub alias_kinds: Option<Vec<String>>,
    /// The co-mention window.
    pub window: Window,
}

/// Tags documents: finds, resolves and places every mention.
#[derive(Debug)]
pub struct Tagger {
    gazetteer: Gazetteer,
    matcher: Matcher,
    in_graph: Vec<bool>,
    window: Window,
}

/// Buffers reused from one document to the next (one per thread).
#[derive(Debug, Default)]
pub struct Scratch {
    hits: Hits,
    segmentation: Segmentation,
    counter: CoMentionCounter,
}

/// One document, tagged.
#[derive(Debug)]
pub struct Tagged {
    /// The document.
    pub document: Document,
    /// Its mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Its co-mentions among graph entities, sorted by pair.
    pub co_mentions: Vec<CoMention>,
}

impl Tagger {
    /// Builds the matcher for `gazetteer` under `options`.
    pub fn new(gazetteer: Gazetteer, options: &Options) -> Result<Tagger, MatcherError> {
        let mut builder = Matcher::builder();
        match &options.alias_kinds {
            Some(kinds) => builder.alias_kinds(kinds.iter().cloned()),
            None => builder.alias_kinds(
                gazetteer
                    .alias_kinds()
                    .into_keys()
                    .filter(|k| !ALIAS_KINDS_OFF_BY_DEFAULT.contains(k)),
            ),
        };
        let matcher = builder.build(&gazetteer)?;
        let in_graph = gazetteer
            .entities()
            .iter()
            .map(|e| match &options.kinds {
                Some(kinds) => kinds.contains(&e.kind),
                None => e.kind != KIND_CUE,
            })
            .collect();
        Ok(Tagger {
            gazetteer,
            matcher,
            in_graph,
            window: options.window,
        })
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Whether `entity` is of a kind that goes into the graph.
    pub fn in_graph(&self, entity: EntityIndex) -> bool {
        self.in_graph[entity.as_usize()]
    }

    /// Tags one document.
    ///
    /// ```
    /// use comention::{Gazetteer, Tagger, pipeline::{Options, Scratch}};
    /// use comention::document::{Document, Origin};
    /// let mut g = Gazetteer::builder();
    /// g.add_reader("g.csv", "id,kind,label,aliases,aliases.short\n\
    ///     vladimir-putin,person,Vladimir Putin,Vladimir Putin,Putin\n\
    ///     kim-jong-un,person,Kim Jong Un,Kim Jong Un,Kim\n".as_bytes());
    /// let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
    /// let doc = Document {
    ///     id: "a1".into(),
    ///     text: "Vladimir Putin met Kim Jong Un. Putin smiled.".into(),
    ///     date: None,
    ///     origin: Origin { source: "-".into(), line: None },
    ///     repaired_utf8: false,
    ///     unparsed_date: false,
    /// };
    /// let tagged = tagger.tag(doc, &mut Scratch::default());
    /// assert_eq!(tagged.mentions.len(), 3);
    /// assert_eq!(tagged.mentions[2].sentence, 1);
    /// assert_eq!(tagged.co_mentions.len(), 1);
    /// ```
    pub fn tag(&self, document: Document, scratch: &mut Scratch) -> Tagged {
        let text = document.text.as_str();
        self.matcher.find(text, &mut scratch.hits);
        scratch.segmentation.split(text);
        scratch
            .segmentation
            .keep_together(scratch.hits.hits().iter().map(|h| (h.start, h.end)));
        let mut mentions = Vec::with_capacity(scratch.hits.hits().len());
        resolve(text, &scratch.hits, &scratch.segmentation, &mut mentions);
        let sentences = scratch.segmentation.sentences();
        let mut s = 0;
        for m in &mut mentions {
            // Mentions come in text order: walk the sentences alongside.
            while s + 1 < sentences.len() && sentences[s + 1].start <= m.start {
                s += 1;
            }
            m.sentence = s as u32;
            m.paragraph = sentences.get(s).map_or(0, |x| x.paragraph);
        }
        let mut co_mentions = vec![];
        scratch.counter.count(
            &mentions,
            self.window,
            |e| self.in_graph(e),
            &mut co_mentions,
        );
        Tagged {
            document,
            mentions,
            co_mentions,
        }
    }
}

/// What a run counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents tagged.
    pub documents: u64,
    /// Bytes of document text tagged.
    pub bytes: u64,
    /// Records or files skipped (each reported with its reason).
    pub skipped: u64,
    /// Mentions found, resolved or not.
    pub mentions: u64,
    /// Mentions left unresolved.
    pub unresolved: u64,
    /// Documents whose invalid UTF-8 was replaced.
    pub repaired_utf8: u64,
    /// Documents whose date field was not understood (kept without a date).
    pub unparsed_dates: u64,
}

/// What [`Pipeline::run`] reports, in input order.
#[derive(Debug)]
pub enum Event<'a> {
    /// A document was tagged.
    Tagged(&'a Tagged),
    /// A record or file was skipped.
    Skipped(&'a Skipped),
}

/// Runs a [`Tagger`] over a stream of documents and counts the graph.
#[derive(Debug)]
pub struct Pipeline<'t> {
    tagger: &'t Tagger,
    batch_bytes: usize,
    batch_documents: usize,
}

impl<'t> Pipeline<'t> {
    /// A pipeline with batches of about 8 MB or 4,096 documents, whichever comes first.
    pub fn new(tagger: &'t Tagger) -> Pipeline<'t> {
        Pipeline {
            tagger,
            batch_bytes: 8 << 20,
            batch_documents: 4096,
        }
    }

    /// Tags every document of `inputs` on the current rayon pool, adds it to the graph counts,
    /// and calls `on_event` for every document and skipped record in input order. Stops at the
    /// first error `on_event` returns.
    pub fn run<I, F, E>(
        &self,
        inputs: I,
        graph: &mut GraphBuilder,
        summary: &mut Summary,
        mut on_event: F,
    ) -> Result<(), E>
    where
        I: IntoIterator<Item = InputItem>,
        F: FnMut(Event<'_>) -> Result<(), E>,
    {
        let mut inputs = inputs.into_iter().peekable();
        let mut batch: Vec<InputItem> = Vec::new();
        while inputs.peek().is_some() {
            batch.clear();
            let mut bytes = 0;
            while batch.len() < self.batch_documents && bytes < self.batch_bytes {
                let Some(item) = inputs.next() else { break };
                if let InputItem::Document(d) = &item {
                    bytes += d.text.len();
                }
                batch.push(item);
            }
            let results: Vec<Result<Tagged, Skipped>> = std::mem::take(&mut batch)
                .into_par_iter()
                .map_init(Scratch::default, |scratch, item| match item {
                    InputItem::Document(d) => Ok(self.tagger.tag(d, scratch)),
                    InputItem::Skipped(s) => Err(s),
                })
                .collect();
            for result in &results {
                match result {
                    Ok(tagged) => {
                        self.count(tagged, graph, summary);
                        on_event(Event::Tagged(tagged))?;
                    }
                    Err(skipped) => {
                        summary.skipped += 1;
                        on_event(Event::Skipped(skipped))?;
                    }
                }
            }
        }
        Ok(())
    }

    fn count(&self, tagged: &Tagged, graph: &mut GraphBuilder, summary: &mut Summary) {
        let doc = &tagged.document;
        summary.documents += 1;
        summary.bytes += doc.text.len() as u64;
        summary.mentions += tagged.mentions.len() as u64;
        summary.unresolved += tagged
            .mentions
            .iter()
            .filter(|m| m.entity.is_none())
            .count() as u64;
        summary.repaired_utf8 += u64::from(doc.repaired_utf8);
        summary.unparsed_dates += u64::from(doc.unparsed_date);
        graph.add_document(
            doc.date,
            &tagged.mentions,
            |e| self.tagger.in_graph(e),
            &tagged.co_mentions,
        );
    }
}
