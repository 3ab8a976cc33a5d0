//! `comention build`: the co-mention graph of a corpus, written to an output folder.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};

use comention::export::csv::CsvTable;
use comention::export::graphml::GraphMl;
use comention::export::mentions::{MentionFormat, MentionRow, MentionWriter};
use comention::export::{OutputDir, export};
use comention::graph::{GraphBuilder, GraphFilter};
use comention::pipeline::{Event, Options, Pipeline, Summary, Tagger};
use comention::{Gazetteer, Window};

use super::progress::Progress;
use super::{GazetteerArgs, InputArgs, Outcome, RunArgs, SkipReporter, human_bytes, list};

pub const EXAMPLES: &str = "\
Examples:
  comention build docs/sample/articles              # writes output/graph.graphml, nodes.csv, …
  comention build news.jsonl --window paragraph -o out/
  comention build corpus/ --kinds person,country --min-weight 2
  zcat dump.jsonl.gz | comention build - --input-format jsonl";

/// The co-mention window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WindowArg {
    /// Entities in the same sentence.
    Sentence,
    /// Entities in the same paragraph.
    Paragraph,
    /// Entities in the same document.
    Document,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    gazetteer: GazetteerArgs,

    /// Output folder (created if missing; files in it are replaced only when all are written).
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    out: PathBuf,

    /// Entities count as mentioned together when in the same sentence, paragraph or document.
    #[arg(short, long, value_enum, default_value = "sentence")]
    window: WindowArg,

    /// Entity kinds that become nodes, comma-separated (default: all but cue).
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    kinds: Option<Vec<String>>,

    /// Leave out edges whose weight is below N.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_weight: u64,

    /// Leave out nodes that have no edge (after --min-weight).
    #[arg(long)]
    drop_isolated: bool,

    /// Stop with an error at the first skipped record instead of counting it.
    #[arg(long)]
    strict: bool,

    #[command(flatten)]
    run: RunArgs,
}

/// Names of the files `build` writes.
const GRAPHML: &str = "graph.graphml";
const NODES: &str = "nodes.csv";
const EDGES: &str = "edges.csv";
const MENTIONS: &str = "mentions.csv";
const SKIPPED: &str = "skipped.csv";

pub fn run(args: BuildArgs) -> Result<Outcome> {
    let started = Instant::now();
    let gazetteer = args.gazetteer.load()?;
    let kinds = list(&args.kinds);
    check_kinds(&gazetteer, kinds.as_deref())?;
    let options = Options {
        kinds,
        alias_kinds: list(&args.gazetteer.alias_kinds),
        window: match args.window {
            WindowArg::Sentence => Window::Sentence,
            WindowArg::Paragraph => Window::Paragraph,
            WindowArg::Document => Window::Document,
        },
    };
    let tagger = Tagger::new(gazetteer, &options)?;
    let inputs = args.input.open()?;
    let out = OutputDir::new(&args.out)?;
    let mut skipped_file = csv::Writer::from_writer(out.create(SKIPPED)?);
    let pool = args.run.pool()?;
    let mut progress = Progress::new(&args.input.inputs, args.run.quiet);

    let mut graph = GraphBuilder::default();
    let mut summary = Summary::default();
    let mut reporter = SkipReporter::new(args.run.quiet);
    let mut mention_rows = 0u64;
    skipped_file.write_record(["source", "line", "reason"])?;
    let mut mentions = MentionWriter::new(out.create(MENTIONS)?, MentionFormat::Csv);
    {
        pool.install(|| {
            Pipeline::new(&tagger).run(inputs, &mut graph, &mut summary, |event| -> Result<()> {
                match event {
                    Event::Tagged(tagged) => {
                        progress.document(tagged.document.text.len());
                        for m in &tagged.mentions {
                            let row = MentionRow::new(&tagged.document, m, tagger.gazetteer());
                            mentions.write(&row).context("cannot write mentions.csv")?;
                            mention_rows += 1;
                        }
                    }
                    Event::Skipped(skipped) => {
                        if args.strict {
                            bail!("{skipped} (--strict: stopping at the first skipped record)");
                        }
                        reporter.report(skipped);
                        let line = skipped
                            .origin
                            .line
                            .map(|l| l.to_string())
                            .unwrap_or_default();
                        skipped_file.write_record([
                            skipped.origin.source.as_str(),
                            &line,
                            &skipped.reason,
                        ])?;
                    }
                }
                Ok(())
            })
        })?;
    }
    progress.finish();
    let mentions = mentions.finish(mention_rows)?;
    let skipped_file = skipped_file.into_inner().map_err(|e| e.into_error())?;

    let filter = GraphFilter {
        min_weight: args.min_weight,
        drop_isolated: args.drop_isolated,
    };
    let graph = graph.finish(tagger.gazetteer(), &filter);
    let mut graphml = GraphMl::new(out.create(GRAPHML)?);
    let mut nodes = CsvTable::nodes(out.create(NODES)?);
    let mut edges = CsvTable::edges(out.create(EDGES)?);
    export(
        &graph,
        tagger.gazetteer(),
        &mut [&mut graphml, &mut nodes, &mut edges],
    )?;
    let files = vec![
        graphml.into_inner(),
        nodes.into_inner()?,
        edges.into_inner()?,
        mentions,
        skipped_file,
    ];
    let written = out.commit(files)?;
    if !args.run.quiet {
        eprintln!(
            "comention: {} documents ({}), {} mentions ({} unresolved), {} nodes, {} edges, {} skipped{}{} — wrote {} files to {} in {:.1} s",
            summary.documents,
            human_bytes(summary.bytes),
            summary.mentions,
            summary.unresolved,
            graph.node_count(),
            graph.edge_count(),
            summary.skipped,
            if summary.unparsed_dates > 0 {
                format!(", {} dates not understood", summary.unparsed_dates)
            } else {
                String::new()
            },
            if summary.repaired_utf8 > 0 {
                format!(
                    ", {} documents with invalid UTF-8 replaced",
                    summary.repaired_utf8
                )
            } else {
                String::new()
            },
            written.len(),
            args.out.display(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(if summary.skipped > 0 {
        Outcome::Skipped
    } else {
        Outcome::Clean
    })
}

/// Rejects `--kinds` that name no kind of the gazetteer (a typo would silently empty the graph).
fn check_kinds(gazetteer: &Gazetteer, kinds: Option<&[String]>) -> Result<()> {
    let known = gazetteer.kinds();
    for k in kinds.unwrap_or_default() {
        if !known.contains_key(k.as_str()) {
            let names: Vec<&str> = known.keys().copied().collect();
            bail!(
                "--kinds: no entity is of kind {k:?}; the gazetteers have: {}",
                names.join(", ")
            );
        }
    }
    Ok(())
}
