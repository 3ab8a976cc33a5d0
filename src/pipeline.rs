//! The whole pipeline over a stream of documents: match, split, resolve, count co-mentions.
//!
//! [`Tagger`] holds what is built once (gazetteer, automaton, which kinds go into the graph) and
//! tags one document at a time. [`Pipeline::run`] reads records in bounded batches and parses
//! and tags them on as many worker threads as the rayon pool has, then consumes the results
//! **in input order**, so outputs are the same bytes whatever the number of threads. What must
//! see documents in order (duplicate detection, the graph counts, writing) is done by whichever
//! worker finds the next batch ready, between batches of its own; what can be done per document
//! before (parsing JSON lines, formatting output rows) is done while tagging, so that the
//! ordered part stays small.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, TryLockError};

use chrono::NaiveDate;

use crate::dedupe::{
    Deduper, Fingerprint, FingerprintBuilder, Original, RepeatedWindows, window_key,
};
use crate::document::Document;
use crate::gazetteer::{
    ALIAS_KINDS_OFF_BY_DEFAULT, EntityIndex, Gazetteer, KIND_CUE, KINDS_OFF_BY_DEFAULT,
    first_unknown,
};
use crate::graph::GraphBuilder;
use crate::input::{InputItem, Record, Skipped};
use crate::matcher::{Hits, Matcher, MatcherError};
use crate::project::CountryProjection;
use crate::resolve::{Mention, Offices, resolve};
use crate::sentences::Segmentation;
use crate::window::{CoMentionCounter, Counting, DocumentCounts, Placed, Window};

/// Why a [`Tagger`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// The matcher could not be built, or an alias kind asked for is unknown.
    #[error(transparent)]
    Matcher(#[from] MatcherError),
    /// An entity kind asked for that no entity has (a typo would leave the graph empty).
    #[error("no entity is of kind {kind:?}; the gazetteers have: {}", known.join(", "))]
    UnknownKind {
        /// The kind asked for.
        kind: String,
        /// The entity kinds the gazetteer has, sorted.
        known: Vec<String>,
    },
}

/// The entity kind whose mentions, like cues, say that a meeting took place.
pub const KIND_EVENT: &str = "event";

/// How documents are tagged and counted. The default is what `comention build` does without
/// options: sentence windows, full counting, duplicate stories counted once.
#[derive(Debug, Clone)]
pub struct Options {
    /// Entity kinds that become graph nodes; `None`: every kind but those in
    /// [`KINDS_OFF_BY_DEFAULT`] (cues and regions). [`Tagger::new`] refuses a kind that no
    /// entity of the gazetteer has.
    pub kinds: Option<Vec<String>>,
    /// Alias kinds to match; `None`: all but those in [`ALIAS_KINDS_OFF_BY_DEFAULT`].
    /// [`Tagger::new`] refuses a kind that no alias of the gazetteer has.
    pub alias_kinds: Option<Vec<String>>,
    /// The co-mention window.
    pub window: Window,
    /// Full or fractional counting of each window's pairs.
    pub counting: Counting,
    /// Count people for their countries (`--project country`).
    pub project_countries: bool,
    /// Detect duplicate stories and count each once (on by default; off with
    /// `--keep-duplicates`). Only [`Pipeline`] uses it: [`Tagger::tag`] then fingerprints each
    /// document.
    pub dedupe: bool,
    /// Only documents dated on or after this day (undated ones are left out too, by
    /// [`Pipeline`]; [`Tagger::tag`] tags whatever it is given).
    pub since: Option<NaiveDate>,
    /// Only documents dated on or before this day (as `since`).
    pub until: Option<NaiveDate>,
    /// A window whose text an earlier document already had adds no co-mentions (page furniture
    /// repeated on every page counts once).
    pub skip_repeated_windows: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            kinds: None,
            alias_kinds: None,
            window: Window::default(),
            counting: Counting::default(),
            project_countries: false,
            dedupe: true,
            since: None,
            until: None,
            skip_repeated_windows: false,
        }
    }
}

/// Tags documents: finds, resolves and places every mention.
#[derive(Debug)]
pub struct Tagger {
    gazetteer: Gazetteer,
    matcher: Matcher,
    in_graph: Vec<bool>,
    /// Per entity, whether its mentions say that a meeting took place, and how.
    meeting_marker: Vec<Option<MeetingMarker>>,
    projection: Option<CountryProjection>,
    offices: Offices,
    options: Options,
}

/// What makes a mention say that a meeting took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MeetingMarker {
    /// A meeting word ("met", "talks"): an entity of kind `cue`.
    Cue,
    /// A named event ("the G20"): an entity of kind `event`.
    Event,
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
    /// How many of its mentions are meeting words ("met", "talks": entities of kind `cue`).
    pub cues: usize,
    /// For each mention, the graph node it counts for (after `--kinds` and projection).
    pub nodes: Vec<Option<EntityIndex>>,
    /// Its co-mentions, per pair and per window.
    pub counts: DocumentCounts,
    /// Byte spans of its windows, by window index.
    pub windows: Vec<(usize, usize)>,
    /// For duplicate detection, when on.
    pub fingerprint: Option<Fingerprint>,
    /// With [`Options::skip_repeated_windows`]: each window with co-mentions, and the key of
    /// its text.
    pub window_keys: Vec<(u32, u64)>,
    /// The windows left out of the counts because an earlier document had their text (their
    /// co-mentions are gone from [`counts`](Self::counts)).
    pub repeated_windows: Vec<u32>,
}

impl Tagged {
    /// How many of its mentions no entity was chosen for.
    pub fn unresolved(&self) -> usize {
        self.mentions.iter().filter(|m| m.entity.is_none()).count()
    }
}

impl Tagger {
    /// Builds the matcher for `gazetteer` under `options`. Fails if `options` names an entity
    /// kind or alias kind that the gazetteer does not have, or if no alias is left to match.
    pub fn new(gazetteer: Gazetteer, options: &Options) -> Result<Tagger, TaggerError> {
        if let Some((kind, known)) = first_unknown(&options.kinds, gazetteer.kinds()) {
            return Err(TaggerError::UnknownKind { kind, known });
        }
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
        let entities = gazetteer.entities();
        let in_graph = entities
            .iter()
            .map(|e| match &options.kinds {
                Some(kinds) => kinds.contains(&e.kind),
                None => !KINDS_OFF_BY_DEFAULT.contains(&e.kind.as_str()),
            })
            .collect();
        let meeting_marker = entities
            .iter()
            .map(|e| match e.kind.as_str() {
                KIND_CUE => Some(MeetingMarker::Cue),
                KIND_EVENT => Some(MeetingMarker::Event),
                _ => None,
            })
            .collect();
        let projection = options
            .project_countries
            .then(|| CountryProjection::new(&gazetteer));
        Ok(Tagger {
            offices: Offices::new(&gazetteer),
            gazetteer,
            matcher,
            in_graph,
            meeting_marker,
            projection,
            options: options.clone(),
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

    /// The options it was built with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Whether `entity` is of a kind that goes into the graph.
    pub fn in_graph(&self, entity: EntityIndex) -> bool {
        self.in_graph[entity.as_usize()]
    }

    /// The graph node that a mention of `entity` counts for in a document of `date`: itself
    /// or, with projection, its country; `None` if that is of a kind not in the graph.
    pub fn node(&self, entity: EntityIndex, date: Option<NaiveDate>) -> Option<EntityIndex> {
        let node = match &self.projection {
            Some(p) => p.project(entity, date),
            None => entity,
        };
        self.in_graph(node).then_some(node)
    }

    /// Whether `date` passes `--since` and `--until` (undated documents pass only when
    /// neither is set).
    pub fn in_range(&self, date: Option<NaiveDate>) -> bool {
        let (since, until) = (self.options.since, self.options.until);
        if since.is_none() && until.is_none() {
            return true;
        }
        date.is_some_and(|d| since.is_none_or(|s| s <= d) && until.is_none_or(|u| d <= u))
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
    /// let text = "Vladimir Putin met Kim Jong Un. Putin smiled.";
    /// let doc = Document::new("a1", text, Origin { source: "-".into(), line: None });
    /// let tagged = tagger.tag(doc, &mut Scratch::default());
    /// assert_eq!(tagged.mentions.len(), 3);
    /// assert_eq!(tagged.mentions[2].sentence, 1);
    /// assert_eq!(tagged.counts.co_mentions.len(), 1);
    /// assert_eq!(tagged.counts.windows, 2);
    /// ```
    pub fn tag(&self, document: Document, scratch: &mut Scratch) -> Tagged {
        let text = document.text.as_str();
        let fingerprint = if self.options.dedupe {
            let mut builder = FingerprintBuilder::default();
            self.matcher
                .find_visiting_words(text, &mut scratch.hits, |hash| builder.push(hash));
            Some(builder.finish())
        } else {
            self.matcher.find(text, &mut scratch.hits);
            None
        };
        scratch.segmentation.split(text);
        scratch
            .segmentation
            .keep_together(scratch.hits.hits().iter().map(|h| (h.start, h.end)));
        let mut mentions = Vec::with_capacity(scratch.hits.hits().len());
        resolve(
            text,
            &scratch.hits,
            &scratch.segmentation,
            &self.offices,
            document.date,
            &mut mentions,
        );
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
        let date = document.date;
        let nodes: Vec<Option<EntityIndex>> = mentions
            .iter()
            .map(|m| m.entity.and_then(|e| self.node(e, date)))
            .collect();
        let window = self.options.window;
        let windows: Vec<(usize, usize)> = match window {
            Window::Sentence => sentences.iter().map(|s| (s.start, s.end)).collect(),
            Window::Paragraph => scratch.segmentation.paragraphs().to_vec(),
            Window::Document => vec![(0, text.len())],
        };
        let placed = mentions.iter().zip(&nodes).map(|(m, &node)| Placed {
            window: window.of(m),
            node,
            // "met President Biden" is a meeting; "European Council President" is none.
            // "did not meet", "skipped the summit": no meeting either.
            meeting_marker: match m.entity.and_then(|e| self.meeting_marker[e.as_usize()]) {
                Some(marker) => {
                    let sentence_start = sentences.get(m.sentence as usize).map_or(0, |s| s.start);
                    !negated(&text[sentence_start.min(m.start)..m.start])
                        && (marker == MeetingMarker::Cue || !in_a_title(&text[m.end..]))
                }
                None => false,
            },
        });
        let mut counts = DocumentCounts::default();
        let window_count = windows.len().max(1) as u32;
        scratch
            .counter
            .count(placed, window_count, self.options.counting, &mut counts);
        let mut window_keys = vec![];
        if self.options.skip_repeated_windows {
            // The text, and the nodes it names here: the same words may name others elsewhere
            // ("Kim" after another full name).
            for window in counts.window_nodes.chunk_by(|x, y| x.0 == y.0) {
                let w = window[0].0;
                let (start, end) = windows.get(w as usize).copied().unwrap_or((0, text.len()));
                let nodes = window.iter().map(|&(_, e)| e);
                window_keys.push((w, window_key(&text[start..end], nodes)));
            }
        }
        let cues = mentions
            .iter()
            .filter(|m| {
                m.entity.and_then(|e| self.meeting_marker[e.as_usize()]) == Some(MeetingMarker::Cue)
            })
            .count();
        Tagged {
            document,
            mentions,
            cues,
            nodes,
            counts,
            windows,
            fingerprint,
            window_keys,
            repeated_windows: vec![],
        }
    }
}

impl Tagged {
    /// Adds this document's nodes and co-mentions to `graph` (what [`Pipeline`] does for each
    /// document it counts).
    ///
    /// ```
    /// use comention::{Gazetteer, Tagger, pipeline::{Options, Scratch}};
    /// use comention::document::{Document, Origin};
    /// use comention::graph::{GraphBuilder, GraphFilter};
    /// let mut g = Gazetteer::builder();
    /// g.add_reader("g.csv", "id,kind,label,aliases\n\
    ///     vladimir-putin,person,Vladimir Putin,Vladimir Putin\n\
    ///     kim-jong-un,person,Kim Jong Un,Kim Jong Un\n\
    ///     cue-meet,cue,meet,met\n".as_bytes());
    /// let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
    /// let mut graph = GraphBuilder::default();
    /// let mut scratch = Scratch::default();
    /// for (id, text) in [("a1", "Vladimir Putin met Kim Jong Un."), ("a2", "Kim Jong Un met Vladimir Putin.")] {
    ///     let doc = Document::new(id, text, Origin { source: "-".into(), line: None });
    ///     tagger.tag(doc, &mut scratch).count_into(&mut graph);
    /// }
    /// let graph = graph.finish(tagger.gazetteer(), &GraphFilter::default());
    /// // The cue "met" is no node: two people, one edge of weight 2, met twice.
    /// assert_eq!((graph.node_count(), graph.edge_count()), (2, 1));
    /// let (_, _, edge) = graph.edges().next().unwrap();
    /// assert_eq!((edge.weight, edge.meetings), (2.0, 2));
    /// ```
    pub fn count_into(&self, graph: &mut GraphBuilder) {
        let doc = &self.document;
        let nodes = self.nodes.iter().filter_map(|n| *n);
        graph.add_document(&doc.id, doc.date, nodes, &self.counts);
    }
}

/// What a run counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Documents read and tagged (duplicates included, out-of-range ones not).
    pub documents: u64,
    /// Bytes of document text tagged.
    pub bytes: u64,
    /// Records or files skipped (each reported with its reason).
    pub skipped: u64,
    /// Mentions found in counted documents, resolved or not.
    pub mentions: u64,
    /// Of those, mentions left unresolved.
    pub unresolved: u64,
    /// Of those, meeting words ("met", "talks": entities of kind `cue`).
    #[serde(default)]
    pub cues: u64,
    /// Documents whose invalid UTF-8 was replaced.
    pub repaired_utf8: u64,
    /// Plain-text files and CSV rows read as Windows-1252 (not UTF-8 at all).
    #[serde(default)]
    pub windows_1252: u64,
    /// Documents whose date field was not understood (dated by the dateline in their text, or
    /// else kept without a date).
    pub unparsed_dates: u64,
    /// Documents found to copy an earlier one, and not counted again.
    pub duplicates: u64,
    /// Documents left out by `--since`/`--until` (undated ones included).
    pub out_of_range: u64,
    /// Of those, the undated ones.
    #[serde(default)]
    pub undated_out_of_range: u64,
    /// Counted documents without a date (no date field or dateline understood): they are in
    /// the graph, but in no time slice.
    #[serde(default)]
    pub undated: u64,
    /// Windows left out of the counts because an earlier document had them
    /// (`--skip-repeated-windows`).
    #[serde(default)]
    pub repeated_windows: u64,
    /// Documents read, counted or out of range (not duplicates: the same story read twice),
    /// whose id an earlier document had.
    #[serde(default)]
    pub repeated_ids: u64,
}

impl Summary {
    /// Whether every input was skipped and no document read (a wrong `--text-field`, say): not
    /// a result to replace earlier outputs with.
    pub fn nothing_read(&self) -> bool {
        self.documents == 0 && self.out_of_range == 0 && self.skipped > 0
    }
}

/// What [`Pipeline::run`] reports, in input order.
#[derive(Debug)]
pub enum Event<'a> {
    /// A document was tagged and counted in the graph.
    Tagged(&'a Tagged),
    /// A document was tagged but copies an earlier one, so it is not counted again.
    Duplicate(&'a Tagged, Original<'a>),
    /// A document outside `--since`/`--until`, not tagged.
    OutOfRange(&'a Document),
    /// A record or file was skipped.
    Skipped(&'a Skipped),
}

/// One item of a batch after the parallel part, with what was rendered of a tagged document.
enum Done<T> {
    Tagged(Box<Tagged>, T),
    OutOfRange(Document),
    Skipped(Skipped),
}

/// Runs a [`Tagger`] over a stream of documents and counts the graph.
#[derive(Debug)]
pub struct Pipeline<'t> {
    tagger: &'t Tagger,
    batch_bytes: usize,
    batch_documents: usize,
    deduper: Deduper,
}

impl<'t> Pipeline<'t> {
    /// A pipeline with batches of about 1 MB or 512 documents, whichever comes first.
    pub fn new(tagger: &'t Tagger) -> Pipeline<'t> {
        Pipeline {
            tagger,
            // Small enough that the last batch, tagged by one worker while the others have
            // nothing left, is over quickly; large enough that handing it over costs nothing.
            batch_bytes: 1 << 20,
            batch_documents: 512,
            deduper: Deduper::with_repeats(
                tagger
                    .options
                    .skip_repeated_windows
                    .then(|| (RepeatedWindows::default(), tagger.options.counting)),
            ),
        }
    }

    /// Tags every document of `inputs` on the current rayon pool, adds the originals to the
    /// graph counts, and calls `on_event` for every document and skipped record in input order.
    /// Stops at the first error `on_event` returns.
    ///
    /// On a pool of one thread, everything runs in turn on the calling thread. Otherwise as
    /// many threads as the current rayon pool has (the calling thread and scoped threads) each
    /// in turn read a batch of records, parse and tag it, and hand it over; whichever thread
    /// finds the next batch in input order ready consumes it (duplicates, graph counts,
    /// `on_event`, one document at a time) while the others go on tagging. At most four batches
    /// per thread are read and not yet consumed at any time, however slow one of them is.
    pub fn run<I, F, E>(
        &mut self,
        inputs: I,
        graph: &mut GraphBuilder,
        summary: &mut Summary,
        mut on_event: F,
    ) -> Result<(), E>
    where
        I: IntoIterator,
        I::Item: Into<Record>,
        I::IntoIter: Send,
        F: FnMut(Event<'_>) -> Result<(), E> + Send,
        E: Send,
    {
        self.run_rendered(inputs, graph, summary, |_| (), |event, _| on_event(event))
    }

    /// As [`Pipeline::run`], and `render` is called on every tagged document on the tagging
    /// threads; `on_event` gets what it returned with [`Event::Tagged`] and
    /// [`Event::Duplicate`]. This is where per-document output is formatted, so that the
    /// ordered part (`on_event`, called for one document at a time, in input order, on
    /// whichever thread consumes the batch) has little left to do. With
    /// [`Options::skip_repeated_windows`], `render` sees the counts before repeated windows are
    /// left out: what depends on them must be made again for a document whose
    /// [`Tagged::repeated_windows`] is not empty.
    pub fn run_rendered<I, R, T, F, E>(
        &mut self,
        inputs: I,
        graph: &mut GraphBuilder,
        summary: &mut Summary,
        render: R,
        on_event: F,
    ) -> Result<(), E>
    where
        I: IntoIterator,
        I::Item: Into<Record>,
        I::IntoIter: Send,
        R: Fn(&Tagged) -> T + Sync,
        T: Send,
        F: FnMut(Event<'_>, Option<T>) -> Result<(), E> + Send,
        E: Send,
    {
        let tagger = self.tagger;
        let deduper = &mut self.deduper;
        let render = &render;
        if rayon::current_num_threads() == 1 {
            // One thread: read, tag and consume each document in turn, with no threads to
            // hand batches between.
            let mut scratch = Scratch::default();
            let mut on_event = on_event;
            for record in inputs {
                let done = tag_item(tagger, record.into(), &mut scratch, render);
                consume_one(done, deduper, graph, summary, &mut on_event)?;
            }
            return Ok(());
        }
        let workers = rayon::current_num_threads();
        let shared = Shared {
            reader: Mutex::new(Reader {
                inputs: inputs.into_iter(),
                next: 0,
                done: false,
            }),
            ready: Mutex::new(BTreeMap::new()),
            commit: Mutex::new(Commit {
                deduper,
                graph,
                summary,
                on_event,
                error: None,
            }),
            consumed: AtomicU64::new(0),
            progress: Mutex::new(()),
            advanced: Condvar::new(),
            stop: AtomicBool::new(false),
            // At most four batches per worker are read and not yet consumed, so a slow batch
            // cannot let the others pile up ahead of it.
            in_flight: 4 * workers as u64,
            batch_bytes: self.batch_bytes,
            batch_documents: self.batch_documents,
        };
        // Plain threads, not rayon jobs: a worker blocks (on the reader, or while too many
        // batches wait), and a rayon job may be run by any thread of the pool waiting inside a
        // rayon call, such as one made by `render` or `on_event` while it holds a batch.
        std::thread::scope(|s| {
            let others: Vec<_> = (1..workers)
                .map(|_| s.spawn(|| shared.work(tagger, render)))
                .collect();
            let mine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                shared.work(tagger, render)
            }));
            let mut panic = mine.err();
            for other in others {
                if let Err(payload) = other.join() {
                    panic.get_or_insert(payload);
                }
            }
            if let Some(payload) = panic {
                std::panic::resume_unwind(payload);
            }
        });
        let commit = shared
            .commit
            .into_inner()
            .expect("a panic would have reached the caller");
        match commit.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The number of copies found so far of the `index`-th original document.
    pub fn copies(&self, index: u32) -> u32 {
        self.deduper.copies(index)
    }
}

/// How often a worker waiting to read, while too many batches wait to be consumed, checks
/// whether it should stop.
const STOP_CHECK: std::time::Duration = std::time::Duration::from_millis(50);

/// Tells the other workers to stop when the worker holding it panics.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// What the workers of a run share. Each worker in turn reads a batch, parses and tags it, and
/// commits it: batches are consumed in input order by whichever worker finds the next one
/// ready, and those tagged ahead of their turn wait in `ready`. So there are no threads but the
/// workers, and no worker waits while another consumes (only while too many batches wait to
/// be consumed). With two workers, about three batches in four are read, tagged and consumed
/// by one thread, which keeps their memory in its cache and its allocator.
struct Shared<'a, I, T, F, E> {
    reader: Mutex<Reader<I>>,
    /// Batches tagged and not yet consumed, by index.
    ready: Mutex<BTreeMap<u64, Vec<Done<T>>>>,
    /// The ordered part, held by the worker consuming batches.
    commit: Mutex<Commit<'a, F, E>>,
    /// How many batches have been consumed: the index of the next one.
    consumed: AtomicU64,
    /// With `advanced`, lets a worker that may not read yet wait for batches to be consumed.
    progress: Mutex<()>,
    advanced: Condvar,
    /// Set when a worker panics or `on_event` fails, so that the others stop.
    stop: AtomicBool,
    in_flight: u64,
    batch_bytes: usize,
    batch_documents: usize,
}

/// The input, read a batch at a time.
struct Reader<I> {
    inputs: I,
    /// The index of the next batch.
    next: u64,
    done: bool,
}

/// The ordered part of a run: duplicates, graph counts and `on_event`.
struct Commit<'a, F, E> {
    deduper: &'a mut Deduper,
    graph: &'a mut GraphBuilder,
    summary: &'a mut Summary,
    on_event: F,
    error: Option<E>,
}

impl<I, T, F, E> Shared<'_, I, T, F, E>
where
    I: Iterator,
    I::Item: Into<Record>,
    F: FnMut(Event<'_>, Option<T>) -> Result<(), E>,
{
    /// A worker: reads, tags and commits batches until the input ends or the run stops.
    fn work(&self, tagger: &Tagger, render: &impl Fn(&Tagged) -> T) {
        let _stop_on_panic = StopOnPanic(&self.stop);
        let mut scratch = Scratch::default();
        while let Some((index, batch)) = self.read() {
            let results = batch
                .into_iter()
                .map(|record| tag_item(tagger, record, &mut scratch, render))
                .collect();
            if !self.commit(index, results) {
                break;
            }
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// The next batch of records and its index; `None` at the end of the input, or when the
    /// run stops. Waits while `in_flight` batches are read and not consumed.
    fn read(&self) -> Option<(u64, Vec<Record>)> {
        let mut reader = self.reader.lock().ok()?;
        if reader.done {
            return None;
        }
        let index = reader.next;
        let mut progress = self.progress.lock().ok()?;
        while index >= self.consumed.load(Ordering::Acquire) + self.in_flight {
            if self.stopped() {
                return None;
            }
            // With a timeout, to see a stop set by a panic on a worker.
            progress = self.advanced.wait_timeout(progress, STOP_CHECK).ok()?.0;
        }
        drop(progress);
        if self.stopped() {
            return None;
        }
        let mut batch = Vec::new();
        let mut size = 0;
        while batch.len() < self.batch_documents && size < self.batch_bytes {
            let Some(record) = reader.inputs.next() else {
                reader.done = true;
                break;
            };
            let record = record.into();
            size += record.size();
            batch.push(record);
        }
        if batch.is_empty() {
            return None;
        }
        reader.next += 1;
        Some((index, batch))
    }

    /// Hands the tagged batch `index` over, and consumes the batches whose turn has come if no
    /// other worker is doing so. Returns whether the run goes on.
    fn commit(&self, index: u64, results: Vec<Done<T>>) -> bool {
        match self.ready.lock() {
            Ok(mut ready) => ready.insert(index, results),
            Err(_) => return false,
        };
        loop {
            let mut guard = match self.commit.try_lock() {
                Ok(guard) => guard,
                // The worker consuming will see this batch: it looks at `ready` again after
                // letting go of the lock.
                Err(TryLockError::WouldBlock) => return !self.stopped(),
                Err(TryLockError::Poisoned(_)) => return false, // A panic in `on_event`.
            };
            let commit = &mut *guard;
            loop {
                let next = self.consumed.load(Ordering::Relaxed);
                let Some(results) = self.ready.lock().ok().and_then(|mut r| r.remove(&next)) else {
                    break;
                };
                for result in results {
                    let consumed = consume_one(
                        result,
                        commit.deduper,
                        commit.graph,
                        commit.summary,
                        &mut commit.on_event,
                    );
                    if let Err(e) = consumed {
                        commit.error = Some(e);
                        self.stop.store(true, Ordering::Relaxed);
                        self.wake();
                        return false;
                    }
                }
                self.consumed.store(next + 1, Ordering::Release);
                self.wake();
            }
            drop(guard);
            // A batch handed over while this worker held the lock is consumed now.
            let next = self.consumed.load(Ordering::Relaxed);
            match self.ready.lock() {
                Ok(ready) if ready.contains_key(&next) => continue,
                Ok(_) => return !self.stopped(),
                Err(_) => return false,
            }
        }
    }

    /// Wakes the workers waiting to read.
    fn wake(&self) {
        // Taking the lock orders this after a waiter's check of `consumed`.
        drop(self.progress.lock());
        self.advanced.notify_all();
    }
}

/// Parses and tags one input record (or passes it through when it is skipped or out of range).
fn tag_item<T>(
    tagger: &Tagger,
    record: Record,
    scratch: &mut Scratch,
    render: &impl Fn(&Tagged) -> T,
) -> Done<T> {
    match record.parse() {
        InputItem::Document(d) if !tagger.in_range(d.date) => Done::OutOfRange(d),
        InputItem::Document(d) => {
            let tagged = tagger.tag(d, scratch);
            let rendered = render(&tagged);
            Done::Tagged(Box::new(tagged), rendered)
        }
        InputItem::Skipped(s) => Done::Skipped(s),
    }
}

/// Consumes one result, in input order: decides whether it is a duplicate, counts it and
/// reports it.
fn consume_one<T, F, E>(
    result: Done<T>,
    deduper: &mut Deduper,
    graph: &mut GraphBuilder,
    summary: &mut Summary,
    on_event: &mut F,
) -> Result<(), E>
where
    F: FnMut(Event<'_>, Option<T>) -> Result<(), E>,
{
    match result {
        Done::Tagged(mut tagged, rendered) => {
            summary.documents += 1;
            summary.bytes += tagged.document.text.len() as u64;
            let repeated_id = deduper.repeated_id(&tagged.document.id);
            let original = match &tagged.fingerprint {
                Some(fp) => deduper.check(&tagged.document.id, fp),
                None => None,
            };
            // A copy is not counted: its id names nothing in the other tables, and when it is
            // an earlier document's, it is that story read twice (a page fetched again).
            tagged.document.repeated_id = repeated_id && original.is_none();
            summary.repeated_ids += u64::from(tagged.document.repeated_id);
            match original {
                Some(original) => {
                    summary.duplicates += 1;
                    on_event(Event::Duplicate(&tagged, original), Some(rendered))
                }
                None => {
                    if let Some((repeats, counting)) = &mut deduper.repeats {
                        let repeated = repeats.check(&tagged.window_keys);
                        summary.repeated_windows += repeated.len() as u64;
                        tagged.counts.drop_windows(&repeated, *counting);
                        tagged.repeated_windows = repeated;
                    }
                    count(&tagged, graph, summary);
                    on_event(Event::Tagged(&tagged), Some(rendered))
                }
            }
        }
        Done::OutOfRange(mut doc) => {
            doc.repeated_id = deduper.repeated_id(&doc.id);
            summary.repeated_ids += u64::from(doc.repeated_id);
            summary.out_of_range += 1;
            summary.undated_out_of_range += u64::from(doc.date.is_none());
            on_event(Event::OutOfRange(&doc), None)
        }
        Done::Skipped(skipped) => {
            summary.skipped += 1;
            on_event(Event::Skipped(&skipped), None)
        }
    }
}

/// Whether the text after an event begins an office held in it: "European Council President
/// António Costa", "COP28 President Sultan Al Jaber" name no meeting.
fn in_a_title(after: &str) -> bool {
    const OFFICES: &[&str] = &[
        "Chair",
        "Chairman",
        "Chairwoman",
        "President",
        "Secretary-General",
        "chair",
        "chairman",
        "chairwoman",
        "chief",
        "president",
        "spokesman",
        "spokesperson",
        "spokeswoman",
    ];
    let Some(after) = after.strip_prefix(' ') else {
        return false;
    };
    let word = after
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("");
    OFFICES.contains(&word)
}

/// Words that deny or call off a meeting named after them, sorted for binary search.
const NEGATIONS: &[&str] = &[
    "boycott",
    "boycotted",
    "boycotting",
    "boycotts",
    "cancel",
    "canceled",
    "cancelled",
    "cancels",
    "cannot",
    "declined",
    "declines",
    "never",
    "no",
    "nor",
    "not",
    "postponed",
    "refused",
    "refuses",
    "skip",
    "skipped",
    "skipping",
    "skips",
    "snub",
    "snubbed",
    "snubbing",
    "snubs",
    "without",
];

/// Whether the clause before a meeting word denies or calls off the meeting: a negation or a
/// verb of refusal among its last four words, not across a comma or a word joining clauses
/// ("did not meet", "no talks", "declined to attend the summit", "skipped the summit"; but "Xi,
/// who had not come, met Biden" and "did not fly but met Kim" are meetings).
fn negated(before: &str) -> bool {
    const CLAUSE_JOINS: &[&str] = &[
        "after", "although", "and", "as", "before", "but", "instead", "then", "though", "when",
        "whereas", "while",
    ];
    // Four words lie within the last few dozen bytes: never look further back (a long sentence
    // of many meeting words would otherwise be read again for each).
    let mut from = before.len().saturating_sub(160);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let tail = &before[from..];
    let clause = tail
        .rsplit([
            ',', ';', ':', '(', ')', '\u{2014}', '\u{2013}', '"', '\u{201c}', '\u{201d}', '.', '\n',
        ])
        .next()
        .unwrap_or(tail);
    // Hyphenated words are one word: "no-deal talks" are talks.
    let words: Vec<String> = clause
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-')))
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .map(str::to_lowercase)
        .take_while(|word| !CLAUSE_JOINS.contains(&word.as_str()))
        .collect();
    words.iter().enumerate().any(|(i, word)| {
        // The word after it (nearer the meeting word), if any.
        let next = i.checked_sub(1).map(|n| words[n].as_str());
        match word.as_str() {
            // "not only met" is a meeting.
            "not" if next == Some("only") => false,
            // "without talks", "without formal talks"; not "Without delay Biden met".
            "without" => i <= 1,
            w => {
                w.ends_with("n't")
                    || w.ends_with("n\u{2019}t")
                    || NEGATIONS.binary_search(&w).is_ok()
            }
        }
    })
}

/// Adds a tagged, original document to the graph and the summary.
fn count(tagged: &Tagged, graph: &mut GraphBuilder, summary: &mut Summary) {
    let doc = &tagged.document;
    summary.mentions += tagged.mentions.len() as u64;
    summary.unresolved += tagged.unresolved() as u64;
    summary.cues += tagged.cues as u64;
    summary.repaired_utf8 += u64::from(doc.repaired_utf8);
    summary.windows_1252 += u64::from(doc.windows_1252);
    summary.unparsed_dates += u64::from(doc.unparsed_date.is_some());
    summary.undated += u64::from(doc.date.is_none());
    tagged.count_into(graph);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;
    use crate::input::{Fields, InputFormat, Inputs};
    use std::sync::atomic::AtomicUsize;

    fn two_countries() -> Tagger {
        let mut g = Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\nPRK,country,North Korea,North Korea\n\
             RUS,country,Russia,Russia\n"
                .as_bytes(),
        );
        // The documents below repeat one text: each must be counted, in order.
        let options = Options {
            dedupe: false,
            ..Options::default()
        };
        Tagger::new(g.build().unwrap(), &options).unwrap()
    }

    #[test]
    fn an_event_in_an_office_names_no_meeting() {
        let mut g = Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\neuco,event,European Council,European Council\n\
             costa,person,António Costa,António Costa\norban,person,Viktor Orbán,Viktor Orbán\n"
                .as_bytes(),
        );
        let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
        let meetings = |text: &str| {
            let doc = Document::new("d", text, Origin::new("-"));
            let tagged = tagger.tag(doc, &mut Scratch::default());
            let pair = tagged.counts.co_mentions.iter().find(|c| {
                let ids = [c.a, c.b].map(|e| tagger.gazetteer().entity(e).id.as_str());
                ids.contains(&"costa") && ids.contains(&"orban")
            });
            pair.map(|c| c.meetings)
        };
        assert_eq!(
            meetings("European Council President António Costa said Viktor Orbán was wrong."),
            Some(0)
        );
        assert_eq!(
            meetings("At the European Council, António Costa and Viktor Orbán disagreed."),
            Some(1)
        );
        // A meeting word before a title is still one.
        let mut g = Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\nmet,cue,meet,met\n\
             costa,person,António Costa,António Costa\norban,person,Viktor Orbán,Viktor Orbán\n"
                .as_bytes(),
        );
        let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
        let doc = Document::new(
            "d",
            "Viktor Orbán met President António Costa.",
            Origin::new("-"),
        );
        let tagged = tagger.tag(doc, &mut Scratch::default());
        assert_eq!(tagged.counts.co_mentions[0].meetings, 1);
    }

    #[test]
    fn a_meeting_denied_or_called_off_is_none() {
        let mut g = Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\nmeet,cue,meet,met|meet|talks\ng20,event,G20,G20 summit\n\
             xi,person,Xi Jinping,Xi Jinping\nbiden,person,Joe Biden,Joe Biden\n"
                .as_bytes(),
        );
        let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
        let meetings = |text: &str| {
            let doc = Document::new("d", text, Origin::new("-"));
            let tagged = tagger.tag(doc, &mut Scratch::default());
            tagged.counts.co_mentions[0].meetings
        };
        for text in [
            "Joe Biden and Xi Jinping did not meet.",
            "Joe Biden and Xi Jinping didn\u{2019}t meet.",
            "Joe Biden and Xi Jinping held no talks.",
            "Joe Biden declined to attend the G20 summit with Xi Jinping.",
            "Joe Biden skipped the G20 summit that Xi Jinping attended.",
            "Joe Biden never met Xi Jinping.",
        ] {
            assert_eq!(meetings(text), 0, "{text}");
        }
        for text in [
            "Joe Biden met Xi Jinping.",
            "Xi Jinping, who had not come last year, met Joe Biden.",
            "Xi Jinping did not fly to Rome but met Joe Biden.",
            "Joe Biden and Xi Jinping held talks that did not go well.",
            "Joe Biden held no-deal talks with Xi Jinping.",
            "Joe Biden not only met Xi Jinping but dined with him.",
            "Without delay Joe Biden met Xi Jinping.",
            "Xi Jinping had not flown. Joe Biden met Xi Jinping.",
        ] {
            assert_eq!(meetings(text), 1, "{text}");
        }
        assert_eq!(meetings("Joe Biden left without talks with Xi Jinping."), 0);
    }

    #[test]
    fn negations_are_sorted_for_binary_search() {
        assert!(NEGATIONS.is_sorted());
    }

    #[test]
    fn kinds_the_gazetteer_lacks_are_refused() {
        let gazetteer = || {
            let mut g = Gazetteer::builder();
            g.add_reader(
                "g.csv",
                "id,kind,label,aliases,aliases.short\nPRK,country,North Korea,North Korea|DPRK,\n\
                 P1,person,Kim Jong Un,Kim Jong Un,Kim\n"
                    .as_bytes(),
            );
            g.build().unwrap()
        };
        let refused = |options: Options| Tagger::new(gazetteer(), &options).err().unwrap();
        let e = refused(Options {
            kinds: Some(vec!["person".into(), "persons".into()]),
            ..Options::default()
        });
        assert!(matches!(&e, TaggerError::UnknownKind { kind, .. } if kind == "persons"));
        assert_eq!(
            e.to_string(),
            "no entity is of kind \"persons\"; the gazetteers have: country, person"
        );
        let e = refused(Options {
            alias_kinds: Some(vec!["name".into(), "shrt".into()]),
            ..Options::default()
        });
        assert_eq!(
            e.to_string(),
            "no alias is of kind \"shrt\"; the gazetteers have: name, short"
        );
        // Kinds it has are taken, and only their aliases match.
        let tagger = Tagger::new(
            gazetteer(),
            &Options {
                kinds: Some(vec!["person".into()]),
                alias_kinds: Some(vec!["short".into()]),
                ..Options::default()
            },
        )
        .unwrap();
        let mut hits = Default::default();
        tagger
            .matcher()
            .find("Kim said North Korea would talk.", &mut hits);
        let found: Vec<_> = hits.hits().iter().map(|h| (h.start, h.end)).collect();
        assert_eq!(found, [(0, 3)]);
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    fn documents(n: usize) -> Vec<InputItem> {
        (0..n)
            .map(|i| {
                let origin = Origin {
                    source: "-".into(),
                    line: None,
                };
                InputItem::Document(Document::new(format!("d{i}"), "Russia met.", origin))
            })
            .collect()
    }

    /// Runs `inputs` through a pipeline over `tagger` on a pool of `threads`, in batches of at
    /// most `batch` bytes and documents; returns what the run returned, and its summary.
    fn run<I, T, E>(
        tagger: &Tagger,
        threads: usize,
        batch: (usize, usize),
        inputs: I,
        render: impl Fn(&Tagged) -> T + Sync,
        on_event: impl FnMut(Event<'_>, Option<T>) -> Result<(), E> + Send,
    ) -> (Result<(), E>, Summary)
    where
        I: IntoIterator,
        I::Item: Into<Record>,
        I::IntoIter: Send,
        T: Send,
        E: Send,
    {
        let mut pipeline = Pipeline::new(tagger);
        (pipeline.batch_bytes, pipeline.batch_documents) = batch;
        let (mut graph, mut summary) = (GraphBuilder::default(), Summary::default());
        let (inputs, render) = (inputs.into_iter(), &render);
        let result = pool(threads)
            .install(|| pipeline.run_rendered(inputs, &mut graph, &mut summary, render, on_event));
        (result, summary)
    }

    /// A batch that takes long does not let the ones after it pile up in memory.
    #[test]
    fn a_slow_batch_holds_back_the_reading() {
        let rendered = AtomicUsize::new(0);
        let mut rendered_when_first_consumed = None;
        let (result, summary) = run(
            &two_countries(),
            3,
            (usize::MAX, 1),
            documents(2000),
            |t| {
                if t.document.id == "d0" {
                    std::thread::sleep(std::time::Duration::from_millis(300));
                }
                rendered.fetch_add(1, Ordering::SeqCst);
            },
            |_, _| {
                rendered_when_first_consumed.get_or_insert(rendered.load(Ordering::SeqCst));
                Ok::<(), ()>(())
            },
        );
        result.unwrap();
        assert_eq!(summary.documents, 2000);
        // Four batches per worker at most were read before the first was consumed.
        let held = rendered_when_first_consumed.unwrap();
        assert!(
            held <= 4 * 3,
            "{held} documents tagged while the first was slow"
        );
    }

    /// The first error `on_event` returns ends the run and is what it returns; no event
    /// comes after it, and the other workers stop soon.
    #[test]
    fn an_error_from_on_event_stops_the_run() {
        let rendered = AtomicUsize::new(0);
        let mut seen = vec![];
        let (result, _) = run(
            &two_countries(),
            3,
            (usize::MAX, 2),
            documents(20_000),
            |_| {
                rendered.fetch_add(1, Ordering::SeqCst);
            },
            |event, _| match event {
                Event::Tagged(t) if t.document.id == "d41" => Err(t.document.id.clone()),
                Event::Tagged(t) => {
                    seen.push(t.document.id.clone());
                    Ok(())
                }
                _ => Ok(()),
            },
        );
        assert_eq!(result, Err("d41".to_string()));
        let expected: Vec<String> = (0..41).map(|i| format!("d{i}")).collect();
        assert_eq!(seen, expected);
        let tagged = rendered.load(Ordering::SeqCst);
        assert!(tagged < 200, "{tagged} documents tagged after the error");
    }

    /// `render` and `on_event` may use rayon themselves: a worker waiting inside a rayon call
    /// must not run another worker's job there and block on the batch it holds.
    #[test]
    fn render_and_on_event_may_use_rayon() {
        use rayon::prelude::*;
        let par_sum = || -> u64 {
            (0..64u32)
                .into_par_iter()
                .with_max_len(1)
                .map(u64::from)
                .sum()
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let tagger = two_countries();
            for _ in 0..10 {
                let (result, summary) = run(
                    &tagger,
                    8,
                    (usize::MAX, 1),
                    documents(3000),
                    |_| par_sum(),
                    |_, rendered| {
                        assert_eq!(rendered, Some(par_sum()));
                        Ok::<(), ()>(())
                    },
                );
                result.unwrap();
                assert_eq!(summary.documents, 3000);
            }
            tx.send(()).unwrap();
        });
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("the runs finish");
    }

    /// Under random delays in tagging and consuming, with 2 to 8 threads on however many
    /// cores, batches of 1 to 4 records and inputs of 0 to 400: every record comes back once, in
    /// order, with what was rendered of it, and no more than four batches per thread are read
    /// ahead of the last one consumed.
    #[test]
    fn order_and_read_ahead_hold_under_random_delays() {
        let tagger = two_countries();
        // splitmix64: a deterministic stream of choices from one seed.
        let mix = |mut x: u64| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            x ^ (x >> 31)
        };
        let delay = |seed: u64, id: u64| match mix(seed ^ mix(id)) % 16 {
            0 => std::thread::sleep(std::time::Duration::from_micros(mix(id) % 2000)),
            1..=3 => std::thread::yield_now(),
            _ => {}
        };
        for seed in 0..40 {
            let r = mix(seed);
            let threads = 2 + (r % 7) as usize;
            let n = [0, 1, 2, (r >> 8) as usize % 400][(r >> 20) as usize % 4];
            let batch = 1 + (r >> 40) as usize % 4;
            let read = AtomicUsize::new(0);
            let inputs = documents(n).into_iter().inspect(|_| {
                read.fetch_add(1, Ordering::SeqCst);
            });
            let (mut seen, mut most_ahead) = (vec![], 0);
            let (result, summary) = run(
                &tagger,
                threads,
                (usize::MAX, batch),
                inputs,
                |t| {
                    let id: u64 = t.document.id[1..].parse().unwrap();
                    delay(seed, id);
                    id
                },
                |event, rendered| {
                    let Event::Tagged(t) = event else {
                        panic!("only tagged documents here")
                    };
                    let id: u64 = t.document.id[1..].parse().unwrap();
                    assert_eq!(rendered, Some(id));
                    most_ahead = most_ahead.max(read.load(Ordering::SeqCst) - seen.len());
                    seen.push(id);
                    delay(seed + 1000, id);
                    Ok::<(), ()>(())
                },
            );
            result.unwrap();
            let case = format!("seed {seed}: {threads} threads, {n} records, batches of {batch}");
            assert_eq!(seen, (0..n as u64).collect::<Vec<_>>(), "{case}");
            assert_eq!(summary.documents, n as u64, "{case}");
            assert!(
                most_ahead <= 4 * threads * batch,
                "{case}: {most_ahead} read ahead"
            );
        }
    }

    /// A panic on one worker stops the others, and reaches the caller.
    #[test]
    fn a_panic_on_a_worker_stops_the_run() {
        let tagger = two_countries();
        let rendered = AtomicUsize::new(0);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(
                &tagger,
                2,
                (usize::MAX, 1),
                documents(20_000),
                |t| {
                    assert_ne!(t.document.id, "d3", "a bug in rendering");
                    rendered.fetch_add(1, Ordering::SeqCst);
                },
                |_, _| Ok::<(), ()>(()),
            )
        }));
        assert!(outcome.is_err());
        let tagged = rendered.load(Ordering::SeqCst);
        assert!(tagged < 100, "{tagged} documents tagged after the panic");
    }

    /// With many small batches and parsing on the workers, every record comes back in input
    /// order, skipped ones in their place, each with what was rendered of it.
    #[test]
    fn records_come_back_in_input_order_with_what_was_rendered_of_them() {
        let tagger = two_countries();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.jsonl");
        let mut lines = String::new();
        let mut expected = vec![];
        for i in 1..=500 {
            if i % 97 == 3 {
                lines.push_str("{\"id\": \"broken\n");
                expected.push(format!("skipped line {i}"));
                continue;
            }
            let text = if i % 2 == 0 {
                "North Korea and Russia met."
            } else {
                "Russia alone."
            };
            lines.push_str(&format!("{{\"id\":\"d{i}\",\"text\":\"{text}\"}}\n"));
            expected.push(format!("d{i}"));
        }
        std::fs::write(&path, lines).unwrap();
        for threads in [1, 3] {
            let inputs = Inputs::new(
                std::slice::from_ref(&path),
                InputFormat::Auto,
                Fields::default(),
            )
            .unwrap();
            let mut seen = vec![];
            let (result, summary) = run(
                &tagger,
                threads,
                (300, 7),
                inputs.records(),
                |tagged| format!("{} {}", tagged.document.id, tagged.mentions.len()),
                |event, rendered| {
                    match event {
                        Event::Tagged(t) => {
                            let id = &t.document.id;
                            let want = format!("{id} {}", t.mentions.len());
                            assert_eq!(rendered, Some(want));
                            seen.push(id.clone());
                        }
                        Event::Skipped(s) => {
                            assert_eq!(rendered, None);
                            seen.push(format!("skipped line {}", s.origin.line.unwrap()));
                        }
                        other => panic!("unexpected {other:?}"),
                    }
                    Ok::<(), ()>(())
                },
            );
            result.unwrap();
            assert_eq!(seen, expected, "{threads} threads");
            assert_eq!(summary.skipped, 6);
            // Lines 3, 100, 197, 294, 391 and 488 are broken: 247 documents name both
            // countries, 247 only Russia.
            assert_eq!(summary.mentions, 247 * 2 + 247);
        }
    }
}
