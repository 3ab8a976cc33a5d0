//! `comention build`: the co-mention graph of a corpus, written to an output folder.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use clap::{Args, ValueEnum};

use comention::build::{BuildConfig, OUTPUT_FILES, build};
use comention::document::parse_date;
use comention::graph::{GraphFilter, Relation};
use comention::merge::COUNTS_FILE;
use comention::pipeline::{Event, Options, Summary, Tagger};
use comention::{Counting, Window};

use super::interrupt;
use super::progress::Progress;
use super::{
    AliasArgs, GazetteerArgs, InputArgs, InputReporter, Outcome, RunArgs, counted, human_bytes,
    list, mentions_in_words, option_error,
};

pub const EXAMPLES: &str = "\
Examples:
  comention build docs/sample/articles              # writes output/graph.graphml, nodes.csv, …
  comention build news.jsonl --window paragraph -o out/
  comention build corpus/ --kinds person,country --min-weight 2
  comention build corpus/ --relation meets --counting fractional
  comention build corpus/ --project country --since 2019-01-01 --until 2019-12-31
  zcat dump.jsonl.gz | comention build - --input-format jsonl
  comention build part1/ -o out/part1 --mergeable   # then: comention merge out/part1 out/part2 …";

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

/// How a window's pairs are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CountingArg {
    /// Every pair in a window gains 1.
    Full,
    /// A window's pairs share a weight of 1 (a 40-name round-up weighs like one meeting).
    Fractional,
}

/// Which edges to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RelationArg {
    /// Every pair mentioned together.
    Comentioned,
    /// Only pairs mentioned together at least once with a meeting cue or a named event.
    Meets,
}

/// What to aggregate nodes onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProjectArg {
    /// People count for the country of their role on the document's date.
    Country,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    gazetteer: GazetteerArgs,

    #[command(flatten)]
    aliases: AliasArgs,

    /// Output folder (created if missing; files in it are replaced only when all are written).
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    out: PathBuf,

    /// Entities count as mentioned together when in the same sentence, paragraph or document.
    #[arg(short, long, value_enum, default_value = "sentence")]
    window: WindowArg,

    /// Entity kinds that become nodes, comma-separated (default: all but cue and region).
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    kinds: Option<Vec<String>>,

    /// How each window's pairs are weighted.
    #[arg(long, value_enum, default_value = "full")]
    counting: CountingArg,

    /// Which edges to export [default: every pair mentioned together].
    #[arg(long, value_enum)]
    relation: Option<RelationArg>,

    /// Aggregate people onto their countries.
    #[arg(long, value_enum, value_name = "ONTO")]
    project: Option<ProjectArg>,

    /// Only documents dated on or after this day (2019-04-25, 25 April 2019), or the first day
    /// of this month (2019-04) or year (2019); undated ones are left out.
    #[arg(long, value_name = "DATE", value_parser = since)]
    since: Option<NaiveDate>,

    /// Only documents dated on or before this day, or the last day of this month (2019-04) or
    /// year (2019); undated ones are left out.
    #[arg(long, value_name = "DATE", value_parser = until)]
    until: Option<NaiveDate>,

    /// Count identical and near-identical copies of a story (wire copies) again.
    #[arg(long)]
    keep_duplicates: bool,

    /// A window (sentence, paragraph or document) whose text, naming the same entities, an
    /// earlier document already had adds no co-mentions: text repeated on every page (a
    /// sidebar of headlines, a stock caption, a list of related links) counts once.
    #[arg(long)]
    skip_repeated_windows: bool,

    /// Leave out edges whose weight is below this.
    #[arg(long, value_name = "W")]
    min_weight: Option<f64>,

    /// Leave out nodes that have no edge (after the edge filters).
    #[arg(long)]
    drop_isolated: bool,

    /// Stop with an error at the first skipped record instead of counting it.
    #[arg(long)]
    strict: bool,

    /// Also write counts.json, so that `comention merge` can combine this output with others
    /// (edge filters are then given to merge, not here).
    #[arg(long, conflicts_with_all = ["min_weight", "relation", "drop_isolated"])]
    mergeable: bool,

    /// Write CSV text exactly as found. By default a value starting with = + - @, a tab or a
    /// carriage return gets a leading apostrophe so that spreadsheets do not run it as a
    /// formula; notebooks may prefer raw.
    #[arg(long)]
    raw_csv: bool,

    #[command(flatten)]
    run: RunArgs,
}

pub fn run(args: BuildArgs) -> Result<Outcome> {
    let started = Instant::now();
    if let (Some(s), Some(u)) = (args.since, args.until)
        && s > u
    {
        bail!("--since {s} is after --until {u}: no document can be in range");
    }
    let gazetteer = args.gazetteer.load(args.run.quiet)?;
    let options = Options {
        kinds: list(&args.kinds),
        alias_kinds: args.aliases.alias_kinds(),
        window: match args.window {
            WindowArg::Sentence => Window::Sentence,
            WindowArg::Paragraph => Window::Paragraph,
            WindowArg::Document => Window::Document,
        },
        counting: match args.counting {
            CountingArg::Full => Counting::Full,
            CountingArg::Fractional => Counting::Fractional,
        },
        project_countries: args.project == Some(ProjectArg::Country),
        dedupe: !args.keep_duplicates,
        since: args.since,
        until: args.until,
        skip_repeated_windows: args.skip_repeated_windows,
    };
    let mut inputs = args.input.open()?;
    // The outputs, also when they go into an input folder itself (`-o .`).
    inputs.exclude(&args.out);
    for name in OUTPUT_FILES.iter().chain([&COUNTS_FILE]) {
        inputs.exclude(&args.out.join(name));
    }
    let pool = args.run.pool()?;
    // The automaton is built on the pool too, so that -j1 means one thread throughout.
    let tagger = pool
        .install(|| Tagger::new(gazetteer, &options))
        .map_err(option_error)?;
    let config = BuildConfig {
        out: args.out.clone(),
        filter: filter(args.min_weight, args.relation, args.drop_isolated),
        strict: args.strict,
        formula_guard: !args.raw_csv,
        mergeable: args.mergeable,
    };
    let mut progress = Progress::new(&args.input.inputs, args.run.quiet);
    let mut reporter = InputReporter::new(args.run.quiet);
    interrupt::remove_on_interrupt(&config.out);
    let report = pool.install(|| {
        build(&tagger, inputs.records(), &config, |event| match event {
            Event::Tagged(t) => {
                progress.document(t.document.text.len());
                reporter.document(&t.document);
            }
            Event::Duplicate(t, _) => {
                progress.document(t.document.text.len());
                reporter.read(&t.document);
            }
            Event::OutOfRange(d) => {
                progress.document(d.text.len());
                reporter.read(d);
            }
            Event::Skipped(s) if !config.strict => reporter.skipped(s),
            Event::Skipped(_) => {}
        })
    });
    progress.finish();
    reporter.finish(&args.input);
    let report = report?;
    if !args.run.quiet {
        eprintln!(
            "comention: {} — wrote {} files to {} in {:.1} s",
            describe(&report.summary, report.nodes, report.edges),
            report.files.len(),
            args.out.display(),
            started.elapsed().as_secs_f64(),
        );
    }
    // Freeing a large gazetteer and automaton piece by piece takes seconds, and the process is
    // about to exit: let the operating system take the memory back at once.
    std::mem::forget(tagger);
    Ok(if report.summary.skipped > 0 {
        Outcome::Skipped
    } else {
        Outcome::Clean
    })
}

/// The edge filters of `build` and `merge`.
pub fn filter(
    min_weight: Option<f64>,
    relation: Option<RelationArg>,
    drop_isolated: bool,
) -> GraphFilter {
    GraphFilter {
        min_weight: min_weight.unwrap_or(0.0),
        relation: match relation {
            None | Some(RelationArg::Comentioned) => Relation::CoMentioned,
            Some(RelationArg::Meets) => Relation::Meets,
        },
        drop_isolated,
    }
}

fn since(s: &str) -> std::result::Result<NaiveDate, String> {
    period(s, false)
}

fn until(s: &str) -> std::result::Result<NaiveDate, String> {
    period(s, true)
}

/// A `--since`/`--until` value: a day as dates are read in documents (2019-04-25, 25 April 2019),
/// or a month (2019-04) or year (2019), as its first day, or with `last` its last.
fn period(s: &str, last: bool) -> std::result::Result<NaiveDate, String> {
    let s = s.trim();
    if let Some(day) = parse_date(s) {
        return Ok(day);
    }
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let first = match s.split('-').collect::<Vec<_>>()[..] {
        [y] => number(y, 4).and_then(|y| NaiveDate::from_ymd_opt(y as i32, 1, 1)),
        [y, m] => number(y, 4)
            .zip(number(m, 2))
            .and_then(|(y, m)| NaiveDate::from_ymd_opt(y as i32, m, 1)),
        _ => None,
    }
    .ok_or("give a day (2019-04-25, 25 April 2019), a month (2019-04) or a year (2019)")?;
    if !last {
        return Ok(first);
    }
    // The day before the next month or year starts.
    let next = if s.contains('-') {
        first.checked_add_months(chrono::Months::new(1))
    } else {
        first.with_year(first.year() + 1)
    };
    Ok(next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX))
}

/// The summary in words, leaving out what is zero and unusual.
pub fn describe(s: &Summary, nodes: usize, edges: usize) -> String {
    let mut parts = vec![
        format!(
            "{} ({})",
            counted(s.documents, "document"),
            human_bytes(s.bytes)
        ),
        mentions_in_words(s),
        format!(
            "{}, {}",
            counted(nodes as u64, "node"),
            counted(edges as u64, "edge")
        ),
    ];
    if s.duplicates > 0 {
        parts.push(format!(
            "{} not counted again",
            counted(s.duplicates, "duplicate")
        ));
    }
    if s.out_of_range > 0 {
        let undated = match s.undated_out_of_range {
            0 => String::new(),
            n if n == s.out_of_range => " (all undated)".into(),
            n => format!(" ({n} of them undated)"),
        };
        parts.push(format!(
            "{} outside --since/--until{undated}",
            s.out_of_range
        ));
    }
    if s.repeated_windows > 0 {
        parts.push(format!(
            "{} skipped as repeated",
            counted(s.repeated_windows, "window")
        ));
    }
    // Only worth saying when some documents have dates: then the others are in no time slice.
    if s.undated > 0 && s.undated < s.documents - s.duplicates {
        parts.push(format!("{} without a date", s.undated));
    }
    if s.repeated_ids > 0 {
        parts.push(format!(
            "{} reusing an earlier id",
            counted(s.repeated_ids, "document")
        ));
    }
    parts.push(format!("{} skipped", s.skipped));
    if s.unparsed_dates > 0 {
        parts.push(format!(
            "{} not understood",
            counted(s.unparsed_dates, "date")
        ));
    }
    if s.windows_1252 > 0 {
        parts.push(format!(
            "{} read as Windows-1252",
            counted(s.windows_1252, "document")
        ));
    }
    if s.repaired_utf8 > 0 {
        parts.push(format!(
            "{} with invalid UTF-8 replaced",
            counted(s.repaired_utf8, "document")
        ));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_and_until_take_days_months_and_years() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (given, from, to) in [
            ("2019-04-25", "2019-04-25", "2019-04-25"),
            ("25 April 2019", "2019-04-25", "2019-04-25"),
            ("2019-04", "2019-04-01", "2019-04-30"),
            ("2019-12", "2019-12-01", "2019-12-31"),
            ("2020-02", "2020-02-01", "2020-02-29"),
            ("2019", "2019-01-01", "2019-12-31"),
        ] {
            assert_eq!(since(given), Ok(d(from)), "{given}");
            assert_eq!(until(given), Ok(d(to)), "{given}");
        }
        for wrong in ["2019-13", "19", "April", "2019-4-", "08/05/2005"] {
            assert!(since(wrong).is_err(), "{wrong}");
        }
    }
}
