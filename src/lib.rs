//! comention finds people, countries and events in news text and builds a weighted graph of who
//! is mentioned with whom.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module |
//! | --- | --- |
//! | gazetteers: entities and their aliases, from CSV | [`gazetteer`] |
//! | reading documents: text, JSONL, CSV, gzip, stdin | [`input`], [`document`] |
//! | folding text for matching, with offsets mapped back | [`fold`] |
//! | matching aliases with one Aho-Corasick automaton | [`matcher`] |
//! | sentences and paragraphs | [`sentences`] |
//! | resolving short forms and ambiguous aliases | [`resolve`] |
//! | windows, co-mentions and meetings | [`window`] |
//! | duplicate stories | [`dedupe`] |
//! | people counted for their countries | [`project`] |
//! | the weighted graph | [`graph`] |
//! | GraphML, CSV and mention tables, written atomically | [`export`] |
//! | all of it over a stream of documents, on every core | [`pipeline`] |
//! | the `build` job: every output file of a corpus | [`build`](mod@build) |
//! | tagging quality against gold annotations | [`eval`] |
//! | partial results combined (`build --mergeable`, `merge`) | [`merge`] |
//!
//! ```
//! use comention::{Gazetteer, Tagger, pipeline::{Options, Scratch}};
//! use comention::document::{Document, Origin};
//!
//! let mut gazetteer = Gazetteer::builder();
//! gazetteer.add_reader("people.csv", "\
//! id,kind,label,aliases,aliases.short,country
//! vladimir-putin,person,Vladimir Putin,Vladimir Putin|Vladimir V. Putin,Putin,RUS
//! kim-jong-un,person,Kim Jong Un,Kim Jong Un|Kim Jong-un,Kim,PRK
//! ".as_bytes());
//! let tagger = Tagger::new(gazetteer.build()?, &Options::default())?;
//!
//! let text = "Putin meets Kim\n\nVladimir Putin met Kim Jong-un in Vladivostok. \
//!             Kim In-Chul, a researcher, said Kim’s train arrived late.";
//! let doc = Document::new("vladivostok", text, Origin::new("-"));
//! let tagged = tagger.tag(doc, &mut Scratch::default());
//! let found: Vec<(&str, &str)> = tagged.mentions.iter().map(|m| {
//!     let id = m.entity.map_or("?", |e| tagger.gazetteer().entity(e).id.as_str());
//!     (&text[m.start..m.end], id)
//! }).collect();
//! assert_eq!(found, [
//!     ("Putin", "vladimir-putin"), ("Kim", "kim-jong-un"),        // headline, named later
//!     ("Vladimir Putin", "vladimir-putin"), ("Kim Jong-un", "kim-jong-un"),
//!     ("Kim", "?"),                                                // Kim In-Chul: someone else
//!     ("Kim", "kim-jong-un"),                                      // Kim’s
//! ]);
//! // The headline and the first sentence each link Putin and Kim Jong Un.
//! assert_eq!(tagged.counts.co_mentions[0].windows, 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod build;
pub mod dedupe;
pub mod document;
pub mod eval;
pub mod export;
pub mod fold;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod matcher;
pub mod merge;
pub mod pipeline;
pub mod project;
pub(crate) mod quoting;
pub mod resolve;
pub mod sentences;
pub mod window;

// Their types appear in the public API (dates, the graph).
pub use chrono;
pub use petgraph;

pub use build::{BuildConfig, build};
pub use document::Document;
pub use gazetteer::{Entity, EntityIndex, Gazetteer, GazetteerError};
pub use graph::{CoMentionGraph, GraphBuilder};
pub use matcher::{Hits, Matcher};
pub use pipeline::{Pipeline, Tagger, TaggerError};
pub use resolve::{Mention, Resolution};
pub use window::{CoMention, Counting, Window};
