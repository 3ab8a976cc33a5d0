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
        after_help = "Examples:\n  comention gazetteer check gazetteers/\n  comention gazetteer check my-people.csv"
    )]
    Check {
        /// Gazetteer CSV files or folders.
        paths: Vec<PathBuf>,
    },
}

pub fn run(cmd: GazetteerCommand) -> Result<Outcome> {
    let GazetteerCommand::Check { paths } = cmd;
    let mut builder = Gazetteer::builder();
    if paths.is_empty() {
        for (name, text) in comention::gazetteer::DEFAULT_GAZETTEERS {
            builder.add_reader(&format!("<default>/{name}"), text.as_bytes());
        }
    }
    for p in &paths {
        builder.add_path(p);
    }
    let (gazetteer, problems) = builder.check()?;
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
    if errors > 0 {
        bail!("the gazetteer has {errors} error(s)");
    }
    Ok(Outcome::Clean)
}
