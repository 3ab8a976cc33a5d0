//! `comention gazetteer check`: load gazetteers and report counts and every problem.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Subcommand;

use comention::Gazetteer;
use comention::gazetteer::Severity;

use super::Outcome;

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Check gazetteer files or folders: counts per kind, then every problem with file and line.
    /// Exits 1 if any error is found. Without a path, checks the default gazetteers.
    #[command(
        after_help = "Examples:\n  comention gazetteer check my-people.csv\n  comention gazetteer check --no-default-gazetteers gazetteers/"
    )]
    Check {
        /// Gazetteer CSV files or folders.
        paths: Vec<PathBuf>,

        /// Do not check the files against the default gazetteers (as they would be used with
        /// `build --no-default-gazetteers`).
        #[arg(long)]
        no_default_gazetteers: bool,
    },
}

pub fn run(cmd: GazetteerCommand) -> Result<Outcome> {
    let GazetteerCommand::Check {
        paths,
        no_default_gazetteers,
    } = cmd;
    let load = |defaults: bool| {
        let mut builder = Gazetteer::builder();
        if defaults {
            builder.add_defaults();
        }
        for p in &paths {
            builder.add_path(p);
        }
        builder.check()
    };
    let (gazetteer, mut problems) = load(paths.is_empty())?;
    // Problems only found with the defaults loaded too.
    let mut clashes = 0;
    if !paths.is_empty() && !no_default_gazetteers {
        // As build loads them, on top of the defaults: what clashes with those (an id they
        // have, an alias they give another entity) is a problem of these files too. Every
        // problem of the files alone is found again, with the defaults' claimants added.
        let (_, together) = load(true)?;
        let alone = problems.len();
        problems = together
            .into_iter()
            .filter(|p| !p.origin.is_default())
            .collect();
        clashes = problems.len().saturating_sub(alone);
    }
    // Write through a handle, not println!, so that a closed pipe (`… | head`) ends quietly.
    let mut out = io::stdout().lock();
    let aliases: usize = gazetteer.entities().iter().map(|e| e.aliases.len()).sum();
    writeln!(
        out,
        "{} entities, {} aliases",
        gazetteer.entities().len(),
        aliases
    )?;
    for (kind, n) in gazetteer.kinds() {
        writeln!(out, "  kind {kind}: {n}")?;
    }
    for (kind, n) in gazetteer.alias_kinds() {
        writeln!(out, "  alias kind {kind}: {n}")?;
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    writeln!(out, "{errors} error(s), {warnings} warning(s)")?;
    if clashes > 0 {
        // Checking an edited copy of the default gazetteers clashes with every row.
        eprintln!(
            "comention: {clashes} of these are clashes with the default gazetteers, which build \
             loads too; to check files that replace them (an edited copy of gazetteers/), pass \
             --no-default-gazetteers"
        );
    }
    if errors > 0 {
        bail!("the gazetteer has {errors} error(s)");
    }
    Ok(Outcome::Clean)
}
