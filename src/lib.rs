//! comention finds people, countries and events in news text and builds a weighted graph of who
//! is mentioned with whom.
#![forbid(unsafe_code)]

pub mod fold;
pub mod gazetteer;
pub mod matcher;

pub use gazetteer::{Entity, EntityIndex, Gazetteer, GazetteerError};
pub use matcher::{Hits, Matcher};
