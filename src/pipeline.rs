//! The whole pipeline over a stream of documents: match, split, resolve, count co-mentions.
//!
//! [`Tagger`] holds what is built once (gazetteer, automaton, which kinds go into the graph) and
//! tags one document at a time. [`Pipeline::run`] reads records in bounded batches, parses and
//! tags batches on every core with rayon, then hands results back **in input order**, so
//! outputs are the same bytes whatever the number of threads. What must see documents in order
//! (duplicate detection, the graph counts, writing) runs there, after the parallel part; what
//! can be done per document before (parsing JSON lines, formatting output rows) is done in the
//! parallel part, so that the ordered part stays small.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use chrono::NaiveDate;

use crate::dedupe::{Deduper, Fingerprint, Original};
use crate::document::Document;
use crate::gazetteer::{
    ALIAS_KINDS_OFF_BY_DEFAULT, EntityIndex, Gazetteer, KIND_CUE, KINDS_OFF_BY_DEFAULT,
};
use crate::graph::GraphBuilder;
use crate::input::{InputItem, Record, Skipped};
use crate::matcher::{Hits, Matcher, MatcherError};
use crate::project::CountryProjection;
use crate::resolve::{Mention, resolve};
use crate::sentences::Segmentation;
use crate::window::{CoMentionCounter, Counting, DocumentCounts, Placed, Window};

/// The entity kind whose mentions, like cues, say that a meeting took place.
pub const KIND_EVENT: &str = "event";

/// How documents are tagged and counted.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Entity kinds that become graph nodes; `None`: every kind but those in
    /// [`KINDS_OFF_BY_DEFAULT`] (cues and regions).
    pub kinds: Option<Vec<String>>,
    /// Alias kinds to match; `None`: all but those in [`ALIAS_KINDS_OFF_BY_DEFAULT`].
    pub alias_kinds: Option<Vec<String>>,
    /// The co-mention window.
    pub window: Window,
    /// Full or fractional counting of each window's pairs.
    pub counting: Counting,
    /// Count people for their countries (`--project country`).
    pub project_countries: bool,
    /// Detect duplicate stories and count each once.
    pub dedupe: bool,
    /// Only documents dated on or after this day (undated ones are left out too).
    pub since: Option<NaiveDate>,
    /// Only documents dated on or before this day (undated ones are left out too).
    pub until: Option<NaiveDate>,
}

/// Tags documents: finds, resolves and places every mention.
#[derive(Debug)]
pub struct Tagger {
    gazetteer: Gazetteer,
    matcher: Matcher,
    in_graph: Vec<bool>,
    meeting_marker: Vec<bool>,
    projection: Option<CountryProjection>,
    options: Options,
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
    /// For each mention, the graph node it counts for (after `--kinds` and projection).
    pub nodes: Vec<Option<EntityIndex>>,
    /// Its co-mentions, per pair and per window.
    pub counts: DocumentCounts,
    /// Byte spans of its windows, by window index.
    pub windows: Vec<(usize, usize)>,
    /// For duplicate detection, when on.
    pub fingerprint: Option<Fingerprint>,
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
            .map(|e| e.kind == KIND_CUE || e.kind == KIND_EVENT)
            .collect();
        let projection = options
            .project_countries
            .then(|| CountryProjection::new(&gazetteer));
        Ok(Tagger {
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
            meeting_marker: m.entity.is_some_and(|e| self.meeting_marker[e.as_usize()]),
        });
        let mut counts = DocumentCounts::default();
        let window_count = windows.len().max(1) as u32;
        scratch
            .counter
            .count(placed, window_count, self.options.counting, &mut counts);
        let fingerprint = self
            .options
            .dedupe
            .then(|| Fingerprint::new(scratch.hits.folded().as_str()));
        Tagged {
            document,
            mentions,
            nodes,
            counts,
            windows,
            fingerprint,
        }
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
    /// Documents whose invalid UTF-8 was replaced.
    pub repaired_utf8: u64,
    /// Documents whose date field was not understood (kept without a date).
    pub unparsed_dates: u64,
    /// Documents found to copy an earlier one, and not counted again.
    pub duplicates: u64,
    /// Documents left out by `--since`/`--until` (undated ones included).
    pub out_of_range: u64,
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
            deduper: Deduper::default(),
        }
    }

    /// Tags every document of `inputs` on the current rayon pool, adds the originals to the
    /// graph counts, and calls `on_event` for every document and skipped record in input order.
    /// Stops at the first error `on_event` returns.
    ///
    /// On a pool of one thread, everything runs in turn on the calling thread. Otherwise three
    /// stages overlap: one thread reads input into batches, each thread of the rayon pool parses
    /// and tags a whole batch at a time, and one thread consumes the batches in input order
    /// (duplicates, graph counts, `on_event`). At most four batches per worker are read and not
    /// yet consumed at any time, however slow one of them is.
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
    /// [`Event::Duplicate`]. This is where per-document output is formatted, so that the one
    /// thread that sees documents in order has little left to do.
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
        let (batch_bytes, batch_documents) = (self.batch_bytes, self.batch_documents);
        let workers = rayon::current_num_threads();
        // Batches read and not yet consumed are bounded by tokens: the reader takes one for
        // each batch and the consumer gives it back once the batch is consumed, so a slow batch
        // cannot let the others pile up ahead of it.
        let in_flight = 4 * workers;
        let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            token_tx
                .send(())
                .expect("the channel has room for every token");
        }
        let (batch_tx, batch_rx) = mpsc::sync_channel::<(u64, Vec<Record>)>(in_flight);
        let (done_tx, done_rx) = mpsc::sync_channel::<(u64, Vec<Done<T>>)>(in_flight);
        let batch_rx = Mutex::new(batch_rx);
        // Set when a worker panics, so that the others stop instead of tagging the rest of
        // the input before the panic is seen.
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let inputs = inputs.into_iter();
            scope.spawn(move || {
                read_batches(inputs, batch_bytes, batch_documents, token_rx, batch_tx)
            });
            let consumer =
                scope.spawn(move || consume(done_rx, token_tx, deduper, graph, summary, on_event));
            // Each worker takes the next batch as soon as it is done with one, so no worker
            // waits for another at the end of a batch; the consumer puts batches back in order.
            let work = || {
                let _stop_on_panic = StopOnPanic(&stop);
                let mut scratch = Scratch::default();
                while !stop.load(Ordering::Relaxed) {
                    // Waiting in turns, so that a worker waiting for a batch that will not come
                    // (another worker panicked and the reader waits for its batch to be
                    // consumed) sees the stop.
                    let next = match batch_rx.lock() {
                        Ok(rx) => rx.recv_timeout(STOP_CHECK),
                        Err(_) => break, // Another worker panicked.
                    };
                    let (index, batch) = match next {
                        Ok(batch) => batch,
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    let results = batch
                        .into_iter()
                        .map(|record| tag_item(tagger, record, &mut scratch, render))
                        .collect();
                    if done_tx.send((index, results)).is_err() {
                        break; // The consumer stopped on an error.
                    }
                }
            };
            rayon::scope(|s| {
                for _ in 1..workers {
                    s.spawn(|_| work());
                }
                work();
            });
            drop(done_tx);
            // Stop the reader if the consumer stopped early.
            drop(batch_rx);
            consumer.join().expect("the consumer thread does not panic")
        })
    }

    /// The number of copies found so far of the `index`-th original document.
    pub fn copies(&self, index: u32) -> u32 {
        self.deduper.copies(index)
    }
}

/// The reading stage: gathers records into batches of about `bytes` bytes or `documents`
/// records.
fn read_batches(
    inputs: impl Iterator<Item = impl Into<Record>>,
    bytes: usize,
    documents: usize,
    tokens: mpsc::Receiver<()>,
    tx: mpsc::SyncSender<(u64, Vec<Record>)>,
) {
    let mut batch = Vec::new();
    let mut size = 0;
    let mut index = 0;
    let send = |batch| tokens.recv().is_ok() && tx.send(batch).is_ok();
    for record in inputs {
        let record = record.into();
        size += record.size();
        batch.push(record);
        if batch.len() >= documents || size >= bytes {
            if !send((index, std::mem::take(&mut batch))) {
                return; // Tagging stopped.
            }
            index += 1;
            size = 0;
        }
    }
    if !batch.is_empty() {
        send((index, batch));
    }
}

/// How often a worker waiting for a batch checks whether it should stop.
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

/// The consuming stage: in input order, decides duplicates, counts the graph and reports.
fn consume<T, F, E>(
    rx: mpsc::Receiver<(u64, Vec<Done<T>>)>,
    tokens: mpsc::SyncSender<()>,
    deduper: &mut Deduper,
    graph: &mut GraphBuilder,
    summary: &mut Summary,
    mut on_event: F,
) -> Result<(), E>
where
    F: FnMut(Event<'_>, Option<T>) -> Result<(), E>,
{
    // Batches finished ahead of their turn (bounded by the reader's tokens).
    let mut ahead = BTreeMap::new();
    let mut next = 0;
    for (index, results) in rx {
        ahead.insert(index, results);
        while let Some(results) = ahead.remove(&next) {
            for result in results {
                consume_one(result, deduper, graph, summary, &mut on_event)?;
            }
            next += 1;
            // The reader may read one batch more. (It may have stopped: nothing to tell.)
            let _ = tokens.try_send(());
        }
    }
    Ok(())
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
        Done::Tagged(tagged, rendered) => {
            summary.documents += 1;
            summary.bytes += tagged.document.text.len() as u64;
            let original = match &tagged.fingerprint {
                Some(fp) => deduper.check(&tagged.document.id, fp),
                None => None,
            };
            match original {
                Some(original) => {
                    summary.duplicates += 1;
                    on_event(Event::Duplicate(&tagged, original), Some(rendered))
                }
                None => {
                    count(&tagged, graph, summary);
                    on_event(Event::Tagged(&tagged), Some(rendered))
                }
            }
        }
        Done::OutOfRange(doc) => {
            summary.out_of_range += 1;
            on_event(Event::OutOfRange(&doc), None)
        }
        Done::Skipped(skipped) => {
            summary.skipped += 1;
            on_event(Event::Skipped(&skipped), None)
        }
    }
}

/// Adds a tagged, original document to the graph and the summary.
fn count(tagged: &Tagged, graph: &mut GraphBuilder, summary: &mut Summary) {
    let doc = &tagged.document;
    summary.mentions += tagged.mentions.len() as u64;
    summary.unresolved += tagged
        .mentions
        .iter()
        .filter(|m| m.entity.is_none())
        .count() as u64;
    summary.repaired_utf8 += u64::from(doc.repaired_utf8);
    summary.unparsed_dates += u64::from(doc.unparsed_date);
    graph.add_document(
        &doc.id,
        doc.date,
        tagged.nodes.iter().filter_map(|n| *n),
        &tagged.counts,
    );
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
        Tagger::new(g.build().unwrap(), &Options::default()).unwrap()
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

    /// A batch that takes long does not let the ones after it pile up in memory.
    #[test]
    fn a_slow_batch_holds_back_the_reading() {
        let tagger = two_countries();
        let pool = pool(3);
        let mut pipeline = Pipeline::new(&tagger);
        pipeline.batch_documents = 1;
        let rendered = AtomicUsize::new(0);
        let mut rendered_when_first_consumed = None;
        let (mut graph, mut summary) = (GraphBuilder::default(), Summary::default());
        pool.install(|| {
            pipeline.run_rendered(
                documents(2000),
                &mut graph,
                &mut summary,
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
            )
        })
        .unwrap();
        assert_eq!(summary.documents, 2000);
        // Four batches per worker at most were read before the first was consumed.
        let held = rendered_when_first_consumed.unwrap();
        assert!(
            held <= 4 * 3,
            "{held} documents tagged while the first was slow"
        );
    }

    /// A panic on one worker stops the others and the reader, and reaches the caller.
    #[test]
    fn a_panic_on_a_worker_stops_the_run() {
        let tagger = two_countries();
        let pool = pool(2);
        let mut pipeline = Pipeline::new(&tagger);
        pipeline.batch_documents = 1;
        let rendered = AtomicUsize::new(0);
        let (mut graph, mut summary) = (GraphBuilder::default(), Summary::default());
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.install(|| {
                pipeline.run_rendered(
                    documents(20_000),
                    &mut graph,
                    &mut summary,
                    |t| {
                        assert_ne!(t.document.id, "d3", "a bug in rendering");
                        rendered.fetch_add(1, Ordering::SeqCst);
                    },
                    |_, _| Ok::<(), ()>(()),
                )
            })
        }));
        assert!(run.is_err());
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
            let pool = pool(threads);
            let inputs = Inputs::new(
                std::slice::from_ref(&path),
                InputFormat::Auto,
                Fields::default(),
            )
            .unwrap();
            let mut pipeline = Pipeline::new(&tagger);
            (pipeline.batch_bytes, pipeline.batch_documents) = (300, 7);
            let (mut graph, mut summary) = (GraphBuilder::default(), Summary::default());
            let mut seen = vec![];
            pool.install(|| {
                pipeline.run_rendered(
                    inputs.records(),
                    &mut graph,
                    &mut summary,
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
                )
            })
            .unwrap();
            assert_eq!(seen, expected, "{threads} threads");
            assert_eq!(summary.skipped, 6);
            // Lines 3, 100, 197, 294, 391 and 488 are broken: 247 documents name both
            // countries, 247 only Russia.
            assert_eq!(summary.mentions, 247 * 2 + 247);
        }
    }
}
