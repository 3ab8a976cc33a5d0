//! `comention tag`: stream every mention of a corpus, as JSON lines or CSV.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};

use comention::build::BuildError;
use comention::export::mentions::{MentionFormat, MentionWriter, render_mentions};
use comention::export::{OutputDir, OutputFile};
use comention::graph::GraphBuilder;
use comention::pipeline::{Event, Options, Pipeline, Summary, Tagger};

use super::{
    AliasArgs, GazetteerArgs, InputArgs, InputReporter, Outcome, RunArgs, counted, interrupt,
    mentions_in_words, option_error,
};

pub const EXAMPLES: &str = "\
Examples:
  comention tag docs/sample/articles | head
  comention tag news.jsonl --format csv -o mentions.csv
  echo 'Vladimir Putin met Kim Jong Un.' | comention tag -";

/// Where the mentions go: standard output, a file that appears in its folder once complete, or
/// something that is not a regular file (`/dev/null`, a named pipe), written to directly.
enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File(OutputFile, OutputDir),
    Direct(BufWriter<fs::File>),
}

impl Sink {
    /// The sink for `-o path`: `-` is standard output; a symbolic link is followed, so that the
    /// file it points to is replaced, not the link; a device or named pipe is written to as it is
    /// (replacing `/dev/null` with a file would break the system).
    fn to(given: &Path) -> Result<Sink> {
        if given == Path::new("-") {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout())));
        }
        let cannot = |e: io::Error| anyhow::anyhow!("cannot write {}: {e}", given.display());
        let path = match fs::metadata(given) {
            Ok(m) if m.is_dir() => bail!("-o {}: a folder; give a file name", given.display()),
            // Opened by the name given, which the system follows (`/dev/stdout` is a link to
            // `/proc/self/fd/1`, itself a link to whatever standard output is).
            Ok(m) if !m.is_file() => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(given)
                    .map_err(cannot)?;
                return Ok(Sink::Direct(BufWriter::new(file)));
            }
            // A regular file, perhaps through links: the file itself is replaced.
            Ok(_) => fs::canonicalize(given).map_err(cannot)?,
            // A new file; or a link to a file yet to be made, which is made.
            Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::read_link(given) {
                Ok(target) => given.parent().unwrap_or(Path::new("")).join(target),
                Err(_) => given.to_path_buf(),
            },
            Err(e) => return Err(cannot(e)),
        };
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        let out = OutputDir::new(dir.unwrap_or(Path::new(".")))?;
        let name = path
            .file_name()
            .with_context(|| format!("-o {}: give a file name", path.display()))?;
        let file = out.create(&name.to_string_lossy())?;
        interrupt::remove_on_interrupt(out.path());
        Ok(Sink::File(file, out))
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(w, _) => w.write(buf),
            Sink::Direct(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(w, _) => w.flush(),
            Sink::Direct(w) => w.flush(),
        }
    }
}

/// The format of the mention stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    /// One JSON object per mention.
    Jsonl,
    /// A CSV table with a header row.
    Csv,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    gazetteer: GazetteerArgs,

    #[command(flatten)]
    aliases: AliasArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: TagFormat,

    /// Write to FILE instead of standard output (replaced only once complete; `-` is standard
    /// output, and a device or named pipe is written to directly).
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,

    /// With --format csv, write text exactly as found (by default a value starting with
    /// = + - @, a tab or a carriage return gets a leading apostrophe so that spreadsheets do
    /// not run it as a formula).
    #[arg(long)]
    raw_csv: bool,

    /// Stop with an error at the first skipped record instead of counting it (with -o, nothing
    /// is written then; on standard output, the mentions before it have gone out already).
    #[arg(long)]
    strict: bool,

    #[command(flatten)]
    run: RunArgs,
}

pub fn run(args: TagArgs) -> Result<Outcome> {
    let gazetteer = args.gazetteer.load(args.run.quiet)?;
    // Tagging keeps every document: no duplicate detection.
    let options = Options {
        alias_kinds: args.aliases.alias_kinds(),
        dedupe: false,
        ..Options::default()
    };
    let mut inputs = args.input.open()?;
    if let Some(out) = &args.out {
        inputs.exclude(out);
    }
    let pool = args.run.pool()?;
    // The automaton is built on the pool too, so that -j1 means one thread throughout.
    let tagger = pool
        .install(|| Tagger::new(gazetteer, &options))
        .map_err(option_error)?;
    let format = match args.format {
        TagFormat::Jsonl => MentionFormat::Jsonl,
        TagFormat::Csv => MentionFormat::Csv,
    };
    let sink = match &args.out {
        Some(path) => Sink::to(path)?,
        None => Sink::Stdout(BufWriter::new(io::stdout())),
    };
    let guard = !args.raw_csv;
    let mut writer = MentionWriter::new(sink, format).formula_guard(guard);
    let mut summary = Summary::default();
    let mut reporter = InputReporter::new(args.run.quiet);
    // Tagging needs no graph; the builder only counts.
    let mut graph = GraphBuilder::default();
    pool.install(|| {
        Pipeline::new(&tagger).run_rendered(
            inputs.records(),
            &mut graph,
            &mut summary,
            // Rows are formatted on the tagging threads; the ordered part only copies them.
            |tagged| render_mentions(format, guard, tagged, tagger.gazetteer()),
            |event, rows| -> Result<()> {
                match event {
                    Event::Tagged(tagged) => {
                        reporter.document(&tagged.document);
                        writer.write_rendered(&rows.expect("tagged documents are rendered"))?;
                    }
                    Event::Skipped(skipped) if args.strict => {
                        return Err(BuildError::Strict(skipped.clone()).into());
                    }
                    Event::Skipped(skipped) => reporter.skipped(skipped),
                    // Tagging keeps every document: no duplicate detection, no date range.
                    Event::Duplicate(..) | Event::OutOfRange(_) => {}
                }
                Ok(())
            },
        )
    })?;
    reporter.finish(&args.input);
    if summary.nothing_read() {
        return Err(BuildError::NothingRead(summary.skipped).into());
    }
    match writer.finish()? {
        Sink::File(file, out) => {
            out.commit(vec![file])?;
        }
        Sink::Stdout(mut stdout) => stdout.flush()?,
        Sink::Direct(mut file) => file.flush()?,
    }
    if !args.run.quiet {
        let ids = match summary.repeated_ids {
            0 => String::new(),
            n => format!(", {} reusing an earlier id", counted(n, "document")),
        };
        eprintln!(
            "comention: {}, {}{ids}, {} skipped",
            counted(summary.documents, "document"),
            mentions_in_words(&summary),
            summary.skipped
        );
    }
    // Freeing a large gazetteer and automaton piece by piece takes seconds, and the process is
    // about to exit: let the operating system take the memory back at once.
    std::mem::forget(tagger);
    Ok(if summary.skipped > 0 {
        Outcome::Skipped
    } else {
        Outcome::Clean
    })
}
