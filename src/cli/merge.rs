//! `comention merge`: combine parts built with `build --mergeable` into the outputs of one run.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::Args;

use comention::merge::merge;

use super::build::{RelationArg, describe, filter};
use super::{GazetteerArgs, Outcome, interrupt};

pub const EXAMPLES: &str = "\
Examples:
  comention build corpus/2019 -o parts/2019 --mergeable
  comention build corpus/2020 -o parts/2020 --mergeable
  comention merge parts/2019 parts/2020 -o output/ --min-weight 2";

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of `comention build --mergeable`, in input order.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,

    /// Output folder.
    #[arg(short, long, default_value = "output", value_name = "DIR")]
    out: PathBuf,

    /// Leave out edges whose weight is below this.
    #[arg(long, value_name = "W")]
    min_weight: Option<f64>,

    /// Which edges to export.
    #[arg(long, value_enum)]
    relation: Option<RelationArg>,

    /// Leave out nodes that have no edge (after the edge filters).
    #[arg(long)]
    drop_isolated: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,

    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

pub fn run(args: MergeArgs) -> Result<Outcome> {
    let started = Instant::now();
    let gazetteer = args.gazetteer.load(args.quiet)?;
    let filter = filter(args.min_weight, args.relation, args.drop_isolated);
    interrupt::remove_on_interrupt(&args.out);
    let report = merge(&args.parts, &gazetteer, &filter, &args.out)?;
    if !args.quiet {
        eprintln!(
            "comention: merged {} parts: {} — wrote {} files to {} in {:.1} s",
            args.parts.len(),
            describe(&report.summary, report.nodes, report.edges),
            report.files.len(),
            args.out.display(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(if report.summary.skipped > 0 {
        Outcome::Skipped
    } else {
        Outcome::Clean
    })
}
