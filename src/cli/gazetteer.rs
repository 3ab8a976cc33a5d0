//! `comention gazetteer`: check gazetteers (counts and every problem), find who they name, and
//! export the default gazetteers built into the binary.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Subcommand;

use comention::Gazetteer;
use comention::export::OutputDir;
use comention::fold::{Case, fold_str};
use comention::gazetteer::{ALIAS_SHORT, DEFAULT_GAZETTEERS, Entity, Severity};

use super::{GazetteerArgs, Outcome};

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

    /// Find the entities whose id, label or aliases contain a text (ignoring case, accents and
    /// dash styles): each with its kind, its aliases by kind, its other columns and where it is
    /// defined. Exits 1 if none is found.
    #[command(
        after_help = "Examples:\n  comention gazetteer find Costa\n  comention gazetteer find \"north korea\" -g my-people.csv"
    )]
    Find {
        /// The text to look for (several words are one text).
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,

        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },

    /// Write the default gazetteers built into comention (countries.csv, people.csv,
    /// events.csv) into a folder, to read or to edit and load with -g and
    /// --no-default-gazetteers.
    #[command(after_help = "Example:\n  comention gazetteer export my-gazetteers/")]
    Export {
        /// The folder to write into (created if needed; files of those names are replaced).
        #[arg(value_name = "FOLDER")]
        folder: PathBuf,
    },
}

pub fn run(cmd: GazetteerCommand) -> Result<Outcome> {
    match cmd {
        GazetteerCommand::Check {
            paths,
            no_default_gazetteers,
        } => check(paths, no_default_gazetteers),
        GazetteerCommand::Find { text, gazetteer } => find(&text.join(" "), &gazetteer),
        GazetteerCommand::Export { folder } => export(&folder),
    }
}

/// `gazetteer find`: the entities whose id, label or aliases contain `text`, folded as the
/// matcher folds, those with an alias equal to it first.
fn find(text: &str, args: &GazetteerArgs) -> Result<Outcome> {
    let gazetteer = args.load(true)?;
    let wanted = fold_str(text.trim(), Case::Fold);
    if wanted.is_empty() {
        bail!("nothing to find: give a name, such as `comention gazetteer find Costa`");
    }
    let names = |e: &Entity| {
        [e.id.as_str(), e.label.as_str()]
            .into_iter()
            .chain(e.aliases.iter().map(|a| a.text.as_str()))
            .map(|t| fold_str(t, Case::Fold))
            .collect::<Vec<_>>()
    };
    let mut found: Vec<(bool, &Entity)> = gazetteer
        .entities()
        .iter()
        .filter_map(|e| {
            let names = names(e);
            let equal = names.contains(&wanted);
            (equal || names.iter().any(|n| n.contains(&wanted))).then_some((equal, e))
        })
        .collect();
    // Equal names first, the rest in gazetteer order.
    found.sort_by_key(|&(equal, _)| !equal);
    let mut out = io::stdout().lock();
    for (_, e) in &found {
        writeln!(out, "{}  {}  {}  ({})", e.id, e.kind, e.label, e.origin)?;
        let mut kinds: Vec<&str> = e.aliases.iter().map(|a| a.kind.as_str()).collect();
        kinds.dedup();
        for kind in kinds {
            let of_kind: Vec<String> = e
                .aliases
                .iter()
                .filter(|a| a.kind == kind)
                .map(|a| {
                    // Short forms always match case as written: said once, in the docs.
                    if a.exact && a.kind != ALIAS_SHORT {
                        format!("{} (case as written)", a.text)
                    } else {
                        a.text.clone()
                    }
                })
                .collect();
            writeln!(out, "  aliases ({kind}): {}", of_kind.join(" | "))?;
        }
        for (index, value) in &e.attributes {
            let name = &gazetteer.attribute_names()[*index];
            writeln!(out, "  {name}: {value}")?;
        }
    }
    if found.is_empty() {
        bail!(
            "no entity's id, label or alias contains {:?}; a gazetteer of your own can add it \
             (-g, see docs/FORMATS.md)",
            text.trim()
        );
    }
    let equal = found.iter().filter(|(e, _)| *e).count();
    eprintln!(
        "comention: {} found ({equal} with exactly that name)",
        found.len()
    );
    Ok(Outcome::Clean)
}

/// `gazetteer export`: the built-in gazetteers, written atomically into `folder`.
fn export(folder: &std::path::Path) -> Result<Outcome> {
    let dir = OutputDir::new(folder)?;
    let mut files = vec![];
    for (name, text) in DEFAULT_GAZETTEERS {
        let mut file = dir.create(name)?;
        file.write_all(text.as_bytes())?;
        files.push(file);
    }
    let written = dir.commit(files)?;
    for path in &written {
        eprintln!("comention: wrote {}", path.display());
    }
    Ok(Outcome::Clean)
}

fn check(paths: Vec<PathBuf>, no_default_gazetteers: bool) -> Result<Outcome> {
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
        let alone: std::collections::HashSet<String> =
            problems.iter().map(ToString::to_string).collect();
        problems = together
            .into_iter()
            .filter(|p| !p.origin.is_default())
            .collect();
        // What the files alone do not have (a warning alone may come back as another problem).
        clashes = problems
            .iter()
            .filter(|p| !alone.contains(&p.to_string()))
            .count();
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
