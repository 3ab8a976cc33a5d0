//! Partial results: `build --mergeable` writes its counts beside its outputs, and
//! [`merge`] combines several such parts into the outputs one run over all their input gives.
//!
//! This is what lets a scheduler fan a corpus out over machines: each part tags its share (the
//! expensive step) and saves `counts.json` (graph counts by entity id, unfiltered); merging adds
//! the counts in part order, then filters and exports once, and concatenates the per-document
//! tables. Parts must be built with the same gazetteer and options (checked). Duplicate stories
//! are detected within each part: a story copied across two parts is counted in both.

use std::fs::{self, File};
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::build::BuildReport;
use crate::export::csv::CsvTable;
use crate::export::gexf::Gexf;
use crate::export::graphml::GraphMl;
use crate::export::json::NodeLinkJson;
use crate::export::{OutputDir, OutputError, export, spreadsheet_safe};
use crate::gazetteer::Gazetteer;
use crate::graph::{GraphBuilder, GraphFilter, SavedCounts};
use crate::pipeline::{Options, Summary};

/// The file a mergeable part writes.
pub const COUNTS_FILE: &str = "counts.json";

/// The version of a part's format: `counts.json` and the tables beside it (2: mentions.csv
/// names each mention's graph node).
const FORMAT: u32 = 2;

/// What must be the same for parts to merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartHeader {
    /// The `counts.json` format version.
    pub format: u32,
    /// A fingerprint of the gazetteer (entities, aliases and attributes, in order).
    pub gazetteer: String,
    /// Window, counting, kinds, alias kinds, projection, duplicates, dates.
    pub options: String,
    /// Whether CSV text was guarded against formulas.
    pub formula_guard: bool,
}

impl PartHeader {
    /// The header of a part built with `gazetteer` and `options`.
    pub fn new(gazetteer: &Gazetteer, options: &Options, formula_guard: bool) -> PartHeader {
        let mut described = format!(
            "window={} counting={:?} kinds={:?} alias_kinds={:?} project_countries={} dedupe={} \
             since={:?} until={:?}",
            options.window,
            options.counting,
            options.kinds,
            options.alias_kinds,
            options.project_countries,
            options.dedupe,
            options.since,
            options.until
        );
        // Only when on, so that parts built before the option existed still merge.
        if options.skip_repeated_windows {
            described.push_str(" skip_repeated_windows=true");
        }
        PartHeader {
            format: FORMAT,
            gazetteer: fingerprint(gazetteer),
            options: described,
            formula_guard,
        }
    }
}

/// `counts.json`: everything a merge needs besides the part's CSV tables.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    /// What must match across parts.
    pub header: PartHeader,
    /// The part's summary.
    pub summary: Summary,
    /// The part's graph counts, unfiltered.
    pub counts: SavedCounts,
}

/// A stable fingerprint of a gazetteer (FNV-1a over its entities, in order).
pub fn fingerprint(gazetteer: &Gazetteer) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes().chain([0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for name in gazetteer.attribute_names() {
        feed(name);
    }
    for e in gazetteer.entities() {
        feed(&e.id);
        feed(&e.kind);
        feed(&e.label);
        for a in &e.aliases {
            feed(&a.text);
            feed(&a.kind);
            feed(if a.exact { "exact" } else { "folded" });
        }
        for (i, v) in &e.attributes {
            feed(&i.to_string());
            feed(v);
        }
    }
    format!("{h:016x}")
}

/// The options of [`PartHeader::options`], in order.
const OPTIONS: [&str; 9] = [
    "window",
    "counting",
    "kinds",
    "alias_kinds",
    "project_countries",
    "dedupe",
    "since",
    "until",
    "skip_repeated_windows",
];

/// Options of [`OPTIONS`] that [`PartHeader::options`] names only when they are on.
const OPTIONS_OFF_WHEN_MISSING: [&str; 1] = ["skip_repeated_windows"];

/// The options that differ between two parts' [`PartHeader::options`], as `name=this (first:
/// name=that)`.
fn options_differ(first: &str, this: &str) -> String {
    // Each option's value runs to the space before the next option's name. The options that
    // parts write only when on are off where they are missing; any other missing one means a
    // part of another version.
    let values = |options: &str| -> Option<Vec<String>> {
        let mut starts: Vec<(usize, &str)> = OPTIONS
            .iter()
            .filter_map(|&name| {
                let key = format!("{name}=");
                if options.starts_with(&key) {
                    Some((0, name))
                } else {
                    options.find(&format!(" {key}")).map(|i| (i + 1, name))
                }
            })
            .collect();
        starts.sort_unstable();
        let ends: Vec<usize> = starts.iter().skip(1).map(|&(i, _)| i - 1).collect();
        OPTIONS
            .iter()
            .map(|&name| match starts.iter().position(|&(_, n)| n == name) {
                Some(k) => {
                    Some(options[starts[k].0..*ends.get(k).unwrap_or(&options.len())].into())
                }
                None => OPTIONS_OFF_WHEN_MISSING
                    .contains(&name)
                    .then(|| format!("{name}=false")),
            })
            .collect()
    };
    let (Some(first), Some(this)) = (values(first), values(this)) else {
        return "options of another comention version".into();
    };
    let differ: Vec<String> = this
        .iter()
        .zip(&first)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a} (first part: {b})"))
        .collect();
    if differ.is_empty() {
        "options of another comention version".into()
    } else {
        differ.join(", ")
    }
}

/// Why parts could not be merged. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A part's file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: io::Error,
    },
    /// A part's `counts.json` is not valid.
    #[error(
        "{path} is not a comention part ({reason}); build parts with `comention build --mergeable`"
    )]
    NotAPart {
        /// The file.
        path: PathBuf,
        /// The reason.
        reason: String,
    },
    /// A part folder does not exist.
    #[error("{0}: no such folder")]
    NoSuchFolder(PathBuf),
    /// A folder without `counts.json`.
    #[error("{0} is not a part: build it with `comention build … -o {0} --mergeable`")]
    NoCounts(PathBuf),
    /// The same part twice.
    #[error("{0} is given twice: its counts would be added twice")]
    GivenTwice(PathBuf),
    /// Parts were built differently.
    #[error("{path} was built with {what}: parts must use the same gazetteer and options")]
    Mismatch {
        /// The part.
        path: PathBuf,
        /// What differs.
        what: String,
    },
    /// An output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Merges the parts in `parts` (folders written by `build --mergeable`, in input order) into
/// `out`, with `gazetteer` (the one the parts were built with) and `filter`.
pub fn merge(
    parts: &[PathBuf],
    gazetteer: &Gazetteer,
    filter: &GraphFilter,
    out: &Path,
) -> Result<BuildReport, MergeError> {
    for (i, p) in parts.iter().enumerate() {
        if !p.exists() {
            return Err(MergeError::NoSuchFolder(p.clone()));
        }
        let same = |q: &PathBuf| match (p.canonicalize(), q.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => p == q,
        };
        if parts[..i].iter().any(same) {
            return Err(MergeError::GivenTwice(p.clone()));
        }
        if !is_part(p) {
            return Err(MergeError::NoCounts(p.clone()));
        }
    }
    let mut header: Option<PartHeader> = None;
    let mut graph = GraphBuilder::default();
    let mut summary = Summary::default();
    let our_gazetteer = fingerprint(gazetteer);
    for dir in parts {
        let path = dir.join(COUNTS_FILE);
        let file = File::open(&path).map_err(|source| MergeError::Read {
            path: path.clone(),
            source,
        })?;
        let part: Part =
            serde_json::from_reader(BufReader::new(file)).map_err(|e| MergeError::NotAPart {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        if part.header.format != FORMAT {
            return Err(MergeError::NotAPart {
                path,
                reason: format!(
                    "format {} (this comention reads {FORMAT})",
                    part.header.format
                ),
            });
        }
        if part.header.gazetteer != our_gazetteer {
            return Err(MergeError::Mismatch {
                path,
                what: "another gazetteer than the one merge loaded (give merge the same -g and \
                       --no-default-gazetteers options as build)"
                    .into(),
            });
        }
        match &header {
            None => header = Some(part.header.clone()),
            Some(first) if first.options != part.header.options => {
                return Err(MergeError::Mismatch {
                    path,
                    what: format!(
                        "other options than the first part's: {}",
                        options_differ(&first.options, &part.header.options)
                    ),
                });
            }
            Some(first) if first.formula_guard != part.header.formula_guard => {
                return Err(MergeError::Mismatch {
                    path,
                    what: "--raw-csv set differently from the first part".into(),
                });
            }
            Some(_) => {}
        }
        let counts = GraphBuilder::load(part.counts, gazetteer)
            .map_err(|reason| MergeError::NotAPart { path, reason })?;
        graph.merge(counts);
        add(&mut summary, &part.summary);
    }
    let guard = header.as_ref().is_none_or(|h| h.formula_guard);

    let mut dir = OutputDir::new(out)?;
    let out_err = |name: &str| {
        let path = out.join(name);
        move |source: io::Error| {
            MergeError::Output(OutputError {
                path: path.clone(),
                source,
            })
        }
    };
    let graph = graph.finish(gazetteer, filter);
    let mut graphml = GraphMl::new(dir.create("graph.graphml")?);
    let mut gexf = Gexf::new(dir.create("graph.gexf")?);
    let mut json = NodeLinkJson::new(dir.create("graph.json")?);
    let mut nodes = CsvTable::nodes(dir.create("nodes.csv")?).formula_guard(guard);
    let mut edges = CsvTable::edges(dir.create("edges.csv")?).formula_guard(guard);
    export(
        &graph,
        gazetteer,
        &mut [&mut graphml, &mut gexf, &mut json, &mut nodes, &mut edges],
    )
    .map_err(out_err("graph files"))?;
    let mut files = vec![
        graphml.into_inner(),
        gexf.into_inner(),
        json.into_inner(),
        nodes.into_inner().map_err(out_err("nodes.csv"))?,
        edges.into_inner().map_err(out_err("edges.csv"))?,
    ];
    for name in ["mentions.csv", "documents.csv", "skipped.csv"] {
        let mut file = dir.create(name)?;
        concatenate(parts, name, &mut file, |_| true)?;
        files.push(file);
    }
    // Evidence of the edges kept, in the parts' CSV form (guarded like them).
    let kept: std::collections::HashSet<(String, String)> = graph
        .edges()
        .map(|(a, b, _)| {
            let id = |n: &crate::graph::Node| {
                spreadsheet_safe(&gazetteer.entity(n.entity).id, guard).into_owned()
            };
            (id(a), id(b))
        })
        .collect();
    let mut evidence = dir.create("evidence.csv")?;
    concatenate(parts, "evidence.csv", &mut evidence, |record| {
        kept.contains(&(record[0].to_string(), record[1].to_string()))
    })?;
    files.push(evidence);
    dir.retire(COUNTS_FILE);
    let files = dir.commit(files)?;
    Ok(BuildReport {
        summary,
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        files,
    })
}

/// Writes the header of the first part's `name`, then every part's records that `keep`.
fn concatenate(
    parts: &[PathBuf],
    name: &str,
    out: &mut impl Write,
    keep: impl Fn(&csv::StringRecord) -> bool,
) -> Result<(), MergeError> {
    let mut writer = csv::Writer::from_writer(out);
    let mut first_header: Option<csv::StringRecord> = None;
    for dir in parts {
        let path = dir.join(name);
        let read_err = |source: io::Error| MergeError::Read {
            path: path.clone(),
            source,
        };
        let file = File::open(&path).map_err(read_err)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(BufReader::new(file));
        let mut record = csv::StringRecord::new();
        let mut first = true;
        while reader
            .read_record(&mut record)
            .map_err(|e| read_err(io::Error::other(e)))?
        {
            let is_header = first;
            first = false;
            if is_header {
                match &first_header {
                    Some(h) if *h != record => {
                        return Err(MergeError::Mismatch {
                            path,
                            what: format!(
                                "the columns {} (first part: {})",
                                record.iter().collect::<Vec<_>>().join(","),
                                h.iter().collect::<Vec<_>>().join(",")
                            ),
                        });
                    }
                    Some(_) => continue,
                    None => first_header = Some(record.clone()),
                }
            }
            if is_header || keep(&record) {
                writer
                    .write_record(&record)
                    .map_err(|e| read_err(io::Error::other(e)))?;
            }
        }
    }
    writer.flush().map_err(|source| MergeError::Read {
        path: PathBuf::from(name),
        source,
    })
}

fn add(total: &mut Summary, part: &Summary) {
    total.documents += part.documents;
    total.bytes += part.bytes;
    total.skipped += part.skipped;
    total.mentions += part.mentions;
    total.unresolved += part.unresolved;
    total.cues += part.cues;
    total.repaired_utf8 += part.repaired_utf8;
    total.windows_1252 += part.windows_1252;
    total.unparsed_dates += part.unparsed_dates;
    total.duplicates += part.duplicates;
    total.out_of_range += part.out_of_range;
    total.undated_out_of_range += part.undated_out_of_range;
    total.undated += part.undated;
    total.repeated_windows += part.repeated_windows;
    total.repeated_ids += part.repeated_ids;
}

/// Whether `dir` holds a mergeable part.
pub fn is_part(dir: &Path) -> bool {
    fs::metadata(dir.join(COUNTS_FILE)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_checked_before_anything_is_read_or_written() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("part");
        std::fs::create_dir(&part).unwrap();
        let gazetteer = Gazetteer::builder().build().unwrap();
        let out = dir.path().join("out");
        let merged = |parts: &[PathBuf]| {
            merge(parts, &gazetteer, &GraphFilter::default(), &out)
                .unwrap_err()
                .to_string()
        };
        assert!(
            merged(std::slice::from_ref(&part))
                .contains("part is not a part: build it with `comention build")
        );
        std::fs::write(part.join(COUNTS_FILE), "{}").unwrap();
        // The same folder under another name: its counts would be added twice.
        let again = dir.path().join(".").join("part");
        assert!(
            merged(&[part.clone(), again])
                .ends_with("is given twice: its counts would be added twice")
        );
        assert!(merged(&[dir.path().join("gone")]).ends_with("gone: no such folder"));
        assert!(!out.exists());
    }

    #[test]
    fn the_options_that_differ_are_named() {
        let header = |window, kinds: Option<Vec<&str>>| {
            let options = crate::pipeline::Options {
                window,
                kinds: kinds.map(|k| k.into_iter().map(String::from).collect()),
                ..Default::default()
            };
            let gazetteer = Gazetteer::builder().build().unwrap();
            PartHeader::new(&gazetteer, &options, true).options
        };
        let first = header(crate::Window::Sentence, Some(vec!["person", "country"]));
        let this = header(crate::Window::Paragraph, Some(vec!["person"]));
        assert_eq!(
            options_differ(&first, &this),
            "window=paragraph (first part: window=sentence), kinds=Some([\"person\"]) (first \
             part: kinds=Some([\"person\", \"country\"]))"
        );
        assert_eq!(
            options_differ(&first, "window=sentence"),
            "options of another comention version"
        );
        let skipping = format!("{first} skip_repeated_windows=true");
        assert_eq!(
            options_differ(&first, &skipping),
            "skip_repeated_windows=true (first part: skip_repeated_windows=false)"
        );
    }
}
