//! Command-line parsing and the pieces every subcommand shares. Each subcommand has its own file.

mod build;
mod eval;
mod gazetteer;
mod interrupt;
mod merge;
mod progress;
mod tag;

use std::io::{self, IsTerminal};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use comention::document::{DateOrder, Document, parse_date_in};
use comention::input::{Fields, InputFormat, Inputs, Skipped};
use comention::matcher::MatcherError;
use comention::pipeline::Summary;
use comention::{Gazetteer, TaggerError};

/// Find people, countries and events in news text, and build a graph of who is mentioned with
/// whom.
#[derive(Debug, Parser)]
#[command(name = "comention", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the co-mention graph of a corpus: GraphML, CSV nodes and edges, and every mention.
    #[command(after_help = build::EXAMPLES)]
    Build(build::BuildArgs),
    /// Stream every mention found in a corpus, as JSON lines or CSV.
    #[command(after_help = tag::EXAMPLES)]
    Tag(tag::TagArgs),
    /// Combine parts built with `build --mergeable` into the outputs of one run over them all.
    #[command(after_help = merge::EXAMPLES)]
    Merge(merge::MergeArgs),
    /// Measure tagging quality against gold annotations: precision, recall and F1 per kind.
    #[command(after_help = eval::EXAMPLES)]
    Eval(eval::EvalArgs),
    /// Work with gazetteers.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
}

/// How a run ended, as the exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read (exit 0).
    Clean,
    /// Finished, but some input was skipped (exit 2).
    Skipped,
}

/// Runs the command line and turns the outcome into an exit code: 0 clean, 1 error, 2 finished
/// with skipped input.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // clap would exit 2 on a usage error, which here means "finished, some input skipped".
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS // --help, --version
            };
        }
    };
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Tag(args) => tag::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Gazetteer(cmd) => gazetteer::run(cmd),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Skipped) => ExitCode::from(2),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("comention: error: {}", describe_error(&e));
            ExitCode::from(1)
        }
    }
}

/// An error and its causes, each once: most of the library's errors say their cause already
/// ("cannot write out: File exists"), and would otherwise end with it twice.
fn describe_error(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let cause = cause.to_string();
        if !text.ends_with(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

/// A closed pipe (`comention tag … | head`) is how a reader says it has enough: not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Options choosing the gazetteers.
#[derive(Debug, Args)]
pub struct GazetteerArgs {
    /// A gazetteer CSV file, or a folder of them (repeatable). Added to the default gazetteers
    /// unless --no-default-gazetteers.
    #[arg(short = 'g', long = "gazetteer", value_name = "PATH")]
    pub gazetteers: Vec<PathBuf>,

    /// Do not load the default gazetteers built into comention.
    #[arg(long)]
    pub no_default_gazetteers: bool,
}

/// Which aliases of the gazetteers to match (`merge` has none: its parts were matched already).
#[derive(Debug, Args)]
pub struct AliasArgs {
    /// Alias kinds to match, comma-separated (name, short, demonym, capital, …). Default: all
    /// but capital.
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub alias_kinds: Option<Vec<String>>,
}

impl AliasArgs {
    /// The `--alias-kinds` asked for ([`Tagger::new`] checks them against the gazetteers:
    /// map its error with [`option_error`]).
    pub fn alias_kinds(&self) -> Option<Vec<String>> {
        list(&self.alias_kinds)
    }
}

/// "37 mentions (3 unresolved, 5 meeting words)": meeting words ("met", "talks") are counted
/// among the mentions, but they are not entities.
pub fn mentions_in_words(s: &Summary) -> String {
    let cues = match s.cues {
        0 => String::new(),
        1 => ", 1 meeting word".to_string(),
        n => format!(", {n} meeting words"),
    };
    format!(
        "{} ({} unresolved{cues})",
        counted(s.mentions, "mention"),
        s.unresolved
    )
}

/// A [`TaggerError`] told in terms of the command line: the option that named a kind the
/// gazetteers do not have.
pub fn option_error(e: TaggerError) -> anyhow::Error {
    match e {
        TaggerError::UnknownKind { .. } => anyhow!("--kinds: {e}"),
        TaggerError::Matcher(MatcherError::UnknownAliasKind { .. }) => {
            anyhow!("--alias-kinds: {e}")
        }
        e => e.into(),
    }
}

impl GazetteerArgs {
    /// Loads the gazetteers, with every error named, and the warnings of the user's gazetteers
    /// unless `quiet`.
    pub fn load(&self, quiet: bool) -> Result<Gazetteer> {
        if self.no_default_gazetteers && self.gazetteers.is_empty() {
            bail!("no gazetteer: give one with -g PATH, or drop --no-default-gazetteers");
        }
        let mut builder = Gazetteer::builder();
        if !self.no_default_gazetteers {
            builder.add_defaults();
        }
        for path in &self.gazetteers {
            builder.add_path(path);
        }
        match builder.build() {
            Ok(g) => {
                // The default gazetteers' own warnings are known; the user's rows' are news
                // (an alias that the defaults give another entity leaves its mentions
                // unresolved).
                let mine: Vec<_> = g
                    .warnings()
                    .iter()
                    .filter(|w| !quiet && !w.origin.is_default())
                    .collect();
                for w in mine.iter().take(SHOWN) {
                    eprintln!("comention: {w}");
                }
                if mine.len() > SHOWN {
                    eprintln!(
                        "comention: … and {} more gazetteer warning(s): `comention gazetteer \
                         check PATH` lists them",
                        mine.len() - SHOWN
                    );
                }
                Ok(g)
            }
            Err(comention::GazetteerError::Invalid(problems)) => {
                for p in &problems {
                    eprintln!("comention: {p}");
                }
                bail!(
                    "the gazetteer has {} error(s); fix them (`comention gazetteer check PATH` lists them)",
                    problems.len()
                )
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// The format of input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// By extension: .jsonl/.ndjson, .csv/.tsv, anything else plain text.
    Auto,
    /// A file is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// A table with a header row.
    Csv,
}

/// Options choosing the input documents.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders to read (folders recursively); `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// How to read the inputs (.gz files are decompressed first).
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub input_format: FormatArg,

    /// JSONL/CSV field holding the document id (missing: FILE:LINE).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// JSONL/CSV field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,

    /// JSONL/CSV field holding a title, put before the text when present.
    #[arg(long, default_value = "title", value_name = "NAME")]
    pub title_field: String,

    /// JSONL/CSV field holding the date (2019-04-25, 25 April 2019, April 25, 2019, …).
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_field: String,

    /// How to read dates in numbers whose day and month could be either way round (05/06/2023),
    /// in date fields and datelines. Default: only when the order is clear (25/06/2023).
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
}

/// `--date-order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// 05/06/2023 is 5 June, as Europe writes it.
    DayFirst,
    /// 05/06/2023 is May 6, as the United States writes it.
    MonthFirst,
}

impl InputArgs {
    /// Checks the paths and prepares to read them.
    pub fn open(&self) -> Result<Inputs> {
        let format = match self.input_format {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Jsonl => InputFormat::Jsonl,
            FormatArg::Csv => InputFormat::Csv,
        };
        let fields = Fields {
            id: self.id_field.clone(),
            text: self.text_field.clone(),
            title: self.title_field.clone(),
            date: self.date_field.clone(),
            date_order: match self.date_order {
                None => DateOrder::Clear,
                Some(DateOrderArg::DayFirst) => DateOrder::DayFirst,
                Some(DateOrderArg::MonthFirst) => DateOrder::MonthFirst,
            },
        };
        Inputs::new(&self.inputs, format, fields).context("cannot read input")
    }
}

/// Options of how a run uses the machine and talks to the user.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Worker threads (default: one per core). Output is the same whatever the number.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

impl RunArgs {
    /// A rayon pool with the requested number of threads.
    pub fn pool(&self) -> Result<rayon::ThreadPool> {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            builder = builder.num_threads(n.get());
        }
        builder.build().context("cannot start worker threads")
    }
}

/// `n` and the noun, in the plural unless `n` is 1.
pub fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Reports on stderr what could not be read as given: skipped input, and documents kept with a
/// repair (invalid UTF-8 replaced, a date not understood). The first few of each in full, then
/// only the summary's count.
#[derive(Debug, Default)]
pub struct InputReporter {
    skips_shown: usize,
    notes_shown: usize,
    ids_shown: usize,
    quiet: bool,
    /// Documents counted, and of those read from a record with an id, a title, a date field.
    documents: u64,
    with_id: u64,
    with_title: u64,
    with_date: u64,
}

/// `s` quoted, cut to its first `chars` characters and "…" when longer.
fn quoted_start(s: &str, chars: usize) -> String {
    let shown: String = s.chars().take(chars).collect();
    let cut = if shown.len() < s.len() { "…" } else { "" };
    format!("{shown:?}{cut}")
}

/// How many skipped records, and how many repaired documents, are named on stderr before only
/// counting them.
const SHOWN: usize = 20;

impl InputReporter {
    /// A reporter; `quiet` silences it.
    pub fn new(quiet: bool) -> InputReporter {
        InputReporter {
            quiet,
            ..InputReporter::default()
        }
    }

    /// Reports one skipped record.
    pub fn skipped(&mut self, skipped: &Skipped) {
        if Self::show(self.quiet, &mut self.skips_shown, "skipped input") {
            eprintln!("comention: skipped {skipped}");
        }
    }

    /// Counts a document read, for [`finish`](Self::finish) (those outside `--since`/`--until`
    /// and duplicates too: undated ones are), and reports an id an earlier document had.
    pub fn read(&mut self, doc: &Document) {
        self.documents += 1;
        self.with_id += u64::from(doc.fields.id);
        self.with_title += u64::from(doc.fields.title);
        self.with_date += u64::from(doc.fields.date);
        if doc.repeated_id && Self::show(self.quiet, &mut self.ids_shown, "repeated ids") {
            eprintln!(
                "comention: {}: document id {} was used by an earlier document; \
                 the output tables name documents by id, so give each its own (or drop the id \
                 field to name them by file and line)",
                doc.origin,
                quoted_start(&doc.id, 60)
            );
        }
    }

    /// Counts a document that is tagged, and reports what was repaired in it.
    pub fn document(&mut self, doc: &Document) {
        self.read(doc);
        if let Some(date) = &doc.unparsed_date
            && Self::show(self.quiet, &mut self.notes_shown, "repaired input")
        {
            // Day and month either way round: the user knows which.
            let hint = if parse_date_in(date, DateOrder::DayFirst).is_some() {
                " (day and month could be either way round: pass --date-order day-first or \
                 month-first)"
            } else {
                ""
            };
            let kept = match doc.date {
                Some(d) => format!("document dated {d} by the dateline in its text"),
                None => "document kept undated".to_string(),
            };
            eprintln!(
                "comention: {}: date {} not understood{hint}, {kept}",
                doc.origin,
                quoted_start(date, 40)
            );
        }
        if doc.windows_1252 && Self::show(self.quiet, &mut self.notes_shown, "repaired input") {
            eprintln!(
                "comention: {}: not UTF-8, read as Windows-1252 (byte offsets refer to the text \
                 in UTF-8)",
                doc.origin
            );
        }
        if doc.repaired_utf8 && Self::show(self.quiet, &mut self.notes_shown, "repaired input") {
            eprintln!(
                "comention: {}: invalid UTF-8 replaced by U+FFFD (byte offsets refer to the \
                 repaired text)",
                doc.origin
            );
        }
    }

    /// At the end of a run: warns when a field was asked for by name and no record had it (the
    /// name is probably wrong): without the date field every document is left out of time
    /// slices but those with a dateline in their text, no title leaves the headlines unread, no
    /// id names documents by file and line.
    pub fn finish(&self, input: &InputArgs) {
        if self.quiet || self.documents == 0 {
            return;
        }
        let missing = [
            (
                self.with_date,
                &input.date_field,
                "date",
                "no record has a date field (documents are dated by the datelines in their \
                 text, where they have one)",
            ),
            (
                self.with_title,
                &input.title_field,
                "title",
                "no record has a title",
            ),
            (
                self.with_id,
                &input.id_field,
                "id",
                "no record has an id (documents are named by file and line)",
            ),
        ];
        for (count, name, default, what) in missing {
            if count == 0 && name != default {
                eprintln!(
                    "comention: warning: {what}; is --{default}-field {name:?} the name of the \
                     {default} field?"
                );
            }
        }
    }

    /// Whether to show the next report of a kind, `shown` counting them; says once when the
    /// rest are only counted.
    fn show(quiet: bool, shown: &mut usize, what: &str) -> bool {
        if quiet {
            return false;
        }
        *shown += 1;
        if *shown == SHOWN + 1 {
            eprintln!("comention: (further {what}: counted in the summary, not shown)");
        }
        *shown <= SHOWN
    }
}

/// Whether to draw progress (stderr is a terminal and not --quiet).
pub fn show_progress(quiet: bool) -> bool {
    !quiet && io::stderr().is_terminal()
}

/// Formats a byte count for people.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut x = n as f64;
    let mut unit = 0;
    while x >= 1000.0 && unit < UNITS.len() - 1 {
        x /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{x:.1} {}", UNITS[unit])
    }
}

/// Splits `--kinds`-style lists given as several values or comma-separated.
pub fn list(values: &Option<Vec<String>>) -> Option<Vec<String>> {
    values.as_ref().map(|v| {
        v.iter()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reports_of_a_kind_are_shown_then_only_counted() {
        let mut shown = 0;
        let verdicts: Vec<bool> = (0..SHOWN + 3)
            .map(|_| InputReporter::show(false, &mut shown, "skipped input"))
            .collect();
        assert!(verdicts[..SHOWN].iter().all(|&v| v));
        assert!(verdicts[SHOWN..].iter().all(|&v| !v));
        let mut quiet = 0;
        assert!(!InputReporter::show(true, &mut quiet, "skipped input"));
    }

    #[test]
    fn an_error_names_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "File exists");
        let e = anyhow::Error::new(comention::export::OutputError {
            path: "out".into(),
            source: io,
        });
        assert_eq!(describe_error(&e), "cannot write out: File exists");
        let e = anyhow::anyhow!("no such folder").context("cannot merge");
        assert_eq!(describe_error(&e), "cannot merge: no such folder");
    }

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(counted(0, "edge"), "0 edges");
        assert_eq!(counted(1, "edge"), "1 edge");
        assert_eq!(counted(2, "document"), "2 documents");
    }
}
