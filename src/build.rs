//! The `build` job as one library call: documents in, every output file written atomically.
//!
//! [`build`] runs the [`Pipeline`] and streams the per-document tables (mentions, evidence,
//! documents, skipped records) as it goes, then builds the graph and writes it as GraphML, GEXF,
//! node-link JSON and CSV. Nothing appears in the output folder until every file is complete.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use crate::export::csv::CsvTable;
use crate::export::documents::{DocumentRow, DocumentWriter, Status};
use crate::export::evidence::{EvidenceWriter, evidence_rows};
use crate::export::gexf::Gexf;
use crate::export::graphml::GraphMl;
use crate::export::json::NodeLinkJson;
use crate::export::mentions::{MentionFormat, MentionWriter, mention_rows};
use crate::export::rows::CsvRows;
use crate::export::{OutputDir, OutputError, OutputFile, export, spreadsheet_safe};
use crate::graph::{GraphBuilder, GraphFilter};
use crate::input::{Record, Skipped};
use crate::merge::{COUNTS_FILE, Part, PartHeader};
use crate::pipeline::{Event, Pipeline, Summary, Tagged, Tagger};

/// The files `build` writes, in the order they are listed to the user.
pub const OUTPUT_FILES: &[&str] = &[
    "graph.graphml",
    "graph.gexf",
    "graph.json",
    "nodes.csv",
    "edges.csv",
    "mentions.csv",
    "evidence.csv",
    "documents.csv",
    "skipped.csv",
];

/// Where and what to write.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The output folder.
    pub out: PathBuf,
    /// Which nodes and edges to export.
    pub filter: GraphFilter,
    /// Stop at the first skipped record.
    pub strict: bool,
    /// Neutralise CSV text that a spreadsheet would run as a formula (see
    /// [`crate::export::spreadsheet_safe`]).
    pub formula_guard: bool,
    /// Also write `counts.json`, so that `comention merge` can combine this part with others.
    /// The filter must then keep everything (filters apply when merging).
    pub mergeable: bool,
}

impl BuildConfig {
    /// Every output into `out`, as `comention build -o OUT` writes them: no filter, CSV text
    /// guarded against formulas, skipped records counted (not fatal), no `counts.json`.
    pub fn new(out: impl Into<PathBuf>) -> BuildConfig {
        BuildConfig {
            out: out.into(),
            filter: GraphFilter::default(),
            strict: false,
            formula_guard: true,
            mergeable: false,
        }
    }
}

/// What a finished build reports.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The counts of the run.
    pub summary: Summary,
    /// Nodes exported.
    pub nodes: usize,
    /// Edges exported.
    pub edges: usize,
    /// The files written.
    pub files: Vec<PathBuf>,
}

/// Why a build failed. Nothing was written to the output folder.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// An output file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A temporary file could not be written or read back.
    #[error("cannot write a temporary file: {0}")]
    Temporary(#[source] io::Error),
    /// `--strict` and a record had to be skipped.
    #[error("{0} (--strict: stopping at the first skipped record)")]
    Strict(Skipped),
    /// Every input was skipped: no document was read.
    #[error(
        "no document was read: every input was skipped ({0} skip(s), each named on stderr unless \
         --quiet); the outputs are left as they were"
    )]
    NothingRead(u64),
    /// A mergeable part with a filter: merging it would lose what the filter left out.
    #[error(
        "a mergeable part must keep every node and edge: give --min-weight, --relation and \
         --drop-isolated to `comention merge` instead"
    )]
    FilteredPart,
}

/// Runs the whole job; `observe` sees every event (for progress and messages) in input order.
pub fn build<I>(
    tagger: &Tagger,
    inputs: I,
    config: &BuildConfig,
    mut observe: impl FnMut(&Event<'_>) + Send,
) -> Result<BuildReport, BuildError>
where
    I: IntoIterator,
    I::Item: Into<Record>,
    I::IntoIter: Send,
{
    if config.mergeable && (config.filter.drop_isolated || !config.filter.keeps_every_edge()) {
        return Err(BuildError::FilteredPart);
    }
    let mut out = OutputDir::new(&config.out)?;
    let gazetteer = tagger.gazetteer();
    let window = tagger.options().window;
    let tmp = |e| BuildError::Temporary(e);
    let out_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| {
            BuildError::Output(OutputError {
                path: path.clone(),
                source,
            })
        }
    };

    let guard = config.formula_guard;
    let mut mentions =
        MentionWriter::new(out.create("mentions.csv")?, MentionFormat::Csv).formula_guard(guard);
    let mut skipped = csv::Writer::from_writer(out.create("skipped.csv")?);
    let skipped_err = out_err(&config.out.join("skipped.csv"));
    skipped
        .write_record(["source", "line", "reason"])
        .map_err(|e| skipped_err(e.into()))?;
    // Documents get a second pass at the end (copy counts), and so does evidence when edges
    // are filtered, so they go to anonymous temporary files first.
    let evidence_err = out_err(&config.out.join("evidence.csv"));
    let mut evidence = if config.filter.keeps_every_edge() {
        EvidenceSink::Final(
            EvidenceWriter::new(out.create("evidence.csv")?).map_err(&evidence_err)?,
        )
    } else {
        EvidenceSink::Filtered(
            EvidenceWriter::new(BufWriter::new(tempfile::tempfile().map_err(tmp)?)).map_err(tmp)?,
        )
    };
    let documents_err = out_err(&config.out.join("documents.csv"));
    let dedupe = tagger.options().dedupe;
    let mut documents = if dedupe {
        DocumentSink::Copies(
            DocumentWriter::new(BufWriter::new(tempfile::tempfile().map_err(tmp)?))
                .formula_guard(guard),
        )
    } else {
        DocumentSink::Final(DocumentWriter::new(out.create("documents.csv")?).formula_guard(guard))
    };

    let mut graph = GraphBuilder::default();
    let mut summary = Summary::default();
    let mut pipeline = Pipeline::new(tagger);
    let mentions_err = out_err(&config.out.join("mentions.csv"));
    // The mention and evidence rows of a document are formatted on the tagging threads.
    let render = |tagged: &Tagged| {
        // Room for rows of a typical size: most documents need no second allocation.
        let mut mentions = CsvRows::with_capacity(guard, 128 * tagged.mentions.len());
        mention_rows(tagged, gazetteer, &mut mentions);
        let mut evidence = CsvRows::with_capacity(guard, 512 * tagged.counts.pairs.len());
        evidence_rows(tagged, gazetteer, window, &mut evidence);
        (mentions, evidence)
    };
    pipeline.run_rendered(inputs, &mut graph, &mut summary, render, |event, rows| {
        observe(&event);
        match event {
            Event::Tagged(tagged) => {
                let (mention_rows, mut evidence_rows) =
                    rows.expect("tagged documents are rendered");
                if !tagged.repeated_windows.is_empty() {
                    // Windows an earlier document had were left out after the rows were made.
                    evidence_rows.clear();
                    self::evidence_rows(tagged, gazetteer, window, &mut evidence_rows);
                }
                mentions
                    .write_rendered(mention_rows.as_bytes())
                    .map_err(&mentions_err)?;
                match &mut evidence {
                    EvidenceSink::Final(w) => w.write_rows(evidence_rows.as_bytes()),
                    EvidenceSink::Filtered(w) => w.write_rows(evidence_rows.as_bytes()),
                }
                .map_err(&evidence_err)?;
                let mut row = DocumentRow::new(&tagged.document, Status::Counted);
                row.mentions = tagged.mentions.len();
                row.unresolved = tagged.unresolved();
                documents.write(&row, &documents_err)?;
            }
            Event::Duplicate(tagged, original) => {
                let mut row = DocumentRow::new(&tagged.document, Status::Duplicate);
                row.duplicate_of = original.id;
                row.resemblance = Some((original.resemblance * 1000.0).round() / 1000.0);
                row.mentions = tagged.mentions.len();
                row.unresolved = tagged.unresolved();
                documents.write(&row, &documents_err)?;
            }
            Event::OutOfRange(doc) => {
                documents.write(&DocumentRow::new(doc, Status::OutOfRange), &documents_err)?;
            }
            Event::Skipped(s) => {
                if config.strict {
                    return Err(BuildError::Strict(s.clone()));
                }
                let line = s.origin.line.map(|l| l.to_string()).unwrap_or_default();
                let source = spreadsheet_safe(&s.origin.source, guard);
                let reason = spreadsheet_safe(&s.reason, guard);
                skipped
                    .write_record([source.as_ref(), &line, reason.as_ref()])
                    .map_err(|e| skipped_err(e.into()))?;
            }
        }
        Ok(())
    })?;
    if summary.nothing_read() {
        return Err(BuildError::NothingRead(summary.skipped));
    }

    let part = config.mergeable.then(|| Part {
        header: PartHeader::new(gazetteer, tagger.options(), guard),
        summary: summary.clone(),
        counts: graph.save(gazetteer),
    });
    let graph = graph.finish(gazetteer, &config.filter);
    let mut graphml = GraphMl::new(out.create("graph.graphml")?);
    let mut gexf = Gexf::new(out.create("graph.gexf")?);
    let mut json = NodeLinkJson::new(out.create("graph.json")?);
    let mut nodes = CsvTable::nodes(out.create("nodes.csv")?).formula_guard(guard);
    let mut edges = CsvTable::edges(out.create("edges.csv")?).formula_guard(guard);
    export(
        &graph,
        gazetteer,
        &mut [&mut graphml, &mut gexf, &mut json, &mut nodes, &mut edges],
    )
    .map_err(out_err(&config.out))?;

    let evidence = match evidence {
        EvidenceSink::Final(w) => w.finish().map_err(&evidence_err)?,
        EvidenceSink::Filtered(w) => {
            // Evidence of the edges that were kept, by their ids as the rows write them.
            let id = |e: crate::EntityIndex| {
                spreadsheet_safe(&gazetteer.entity(e).id, guard).into_owned()
            };
            let kept: HashSet<(String, String)> = graph
                .edges()
                .map(|(a, b, _)| (id(a.entity), id(b.entity)))
                .collect();
            let mut kept_evidence = csv::Writer::from_writer(out.create("evidence.csv")?);
            for_each_row(w.finish().map_err(tmp)?, |i, row| {
                if i == 0 || kept.contains(&(row[0].to_string(), row[1].to_string())) {
                    kept_evidence.write_record(row)?;
                }
                Ok(())
            })
            .map_err(&evidence_err)?;
            kept_evidence
                .into_inner()
                .map_err(|e| evidence_err(e.into_error()))?
        }
    };

    let documents = match documents {
        DocumentSink::Final(w) => w.finish().map_err(&documents_err)?,
        DocumentSink::Copies(w) => {
            // Copies found of each counted document (the k-th counted row is the k-th original).
            let mut with_copies = csv::Writer::from_writer(out.create("documents.csv")?);
            let mut originals = 0u32;
            for_each_row(w.finish().map_err(tmp)?, |i, row| {
                if i > 0 && &row[4] == "counted" {
                    let copies = pipeline.copies(originals).to_string();
                    originals += 1;
                    let fields: Vec<&str> = row
                        .iter()
                        .enumerate()
                        .map(|(k, f)| if k == 7 { copies.as_str() } else { f })
                        .collect();
                    with_copies.write_record(&fields)
                } else {
                    with_copies.write_record(row)
                }
            })
            .map_err(&documents_err)?;
            with_copies
                .into_inner()
                .map_err(|e| documents_err(e.into_error()))?
        }
    };

    let files = vec![
        graphml.into_inner(),
        gexf.into_inner(),
        json.into_inner(),
        nodes
            .into_inner()
            .map_err(out_err(&config.out.join("nodes.csv")))?,
        edges
            .into_inner()
            .map_err(out_err(&config.out.join("edges.csv")))?,
        mentions.finish().map_err(&mentions_err)?,
        evidence,
        documents,
        skipped
            .into_inner()
            .map_err(|e| skipped_err(e.into_error()))?,
    ];
    let mut files = files;
    if let Some(part) = part {
        let mut counts = out.create(COUNTS_FILE)?;
        let counts_err = out_err(&config.out.join(COUNTS_FILE));
        serde_json::to_writer(&mut counts, &part).map_err(|e| counts_err(e.into()))?;
        counts.write_all(b"\n").map_err(&counts_err)?;
        files.push(counts);
    } else {
        out.retire(COUNTS_FILE);
    }
    let files = out.commit(files)?;
    Ok(BuildReport {
        summary,
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        files,
    })
}

/// Where document rows go while documents stream: into `documents.csv` itself when duplicates
/// are kept, else into a temporary file, to which the copies found of each original are added
/// once every document has been seen.
enum DocumentSink {
    Final(DocumentWriter<OutputFile>),
    Copies(DocumentWriter<BufWriter<File>>),
}

impl DocumentSink {
    /// Writes `row`; an error writing `documents.csv` itself becomes `final_err`'s.
    fn write(
        &mut self,
        row: &DocumentRow<'_>,
        final_err: impl Fn(io::Error) -> BuildError,
    ) -> Result<(), BuildError> {
        match self {
            DocumentSink::Final(w) => w.write(row).map_err(final_err),
            DocumentSink::Copies(w) => w.write(row).map_err(BuildError::Temporary),
        }
    }
}

/// Where evidence rows go while documents stream: into `evidence.csv` itself when the filter
/// keeps every edge, else into a temporary file that is filtered once the graph is known.
enum EvidenceSink {
    Final(EvidenceWriter<OutputFile>),
    Filtered(EvidenceWriter<BufWriter<File>>),
}

/// Reads back a temporary CSV file, calling `each` with every record's index (0 = header).
fn for_each_row(
    writer: BufWriter<File>,
    mut each: impl FnMut(usize, &csv::StringRecord) -> csv::Result<()>,
) -> io::Result<()> {
    let mut file = writer.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(BufReader::new(file));
    let mut record = csv::StringRecord::new();
    let mut i = 0;
    while reader.read_record(&mut record).map_err(io::Error::other)? {
        each(i, &record).map_err(io::Error::other)?;
        i += 1;
    }
    Ok(())
}

impl From<io::Error> for BuildError {
    fn from(e: io::Error) -> BuildError {
        BuildError::Temporary(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::graph::Relation;
    use crate::pipeline::Options;

    #[test]
    fn a_mergeable_part_keeps_everything() {
        let mut g = Gazetteer::builder();
        g.add_reader(
            "g.csv",
            "id,kind,label,aliases\nRUS,country,Russia,Russia\n".as_bytes(),
        );
        let tagger = Tagger::new(g.build().unwrap(), &Options::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("part");
        for filter in [
            GraphFilter {
                min_weight: 2.0,
                ..GraphFilter::default()
            },
            GraphFilter {
                relation: Relation::Meets,
                ..GraphFilter::default()
            },
            GraphFilter {
                drop_isolated: true,
                ..GraphFilter::default()
            },
        ] {
            let config = BuildConfig {
                out: out.clone(),
                filter,
                strict: false,
                formula_guard: true,
                mergeable: true,
            };
            let built = build(&tagger, Vec::<Record>::new(), &config, |_| ());
            assert!(matches!(built, Err(BuildError::FilteredPart)));
            assert!(!out.exists());
        }
    }
}
