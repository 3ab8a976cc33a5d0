//! The benchmark's yardstick: a bare Aho-Corasick DFA scan over a corpus, with no word
//! boundaries, no folding and no other work. Issue 6 asks `comention build -j1`, end to end, to
//! be faster than this; `bench/bench.py` runs it side by side with comention on the same corpus
//! and gazetteer.
//!
//! ```sh
//! cargo run --release --example bare_scan -- --gazetteer G.csv CORPUS.jsonl [MORE_INPUTS…]
//! ```
//!
//! The gazetteer (`--gazetteer`/`-g`, repeatable) is loaded with [`Gazetteer::builder`], as `-g`
//! loads it, and every alias text goes into one `aho-corasick` DFA that ignores ASCII case and
//! takes the leftmost-longest match. The inputs are read with comention's own reader
//! ([`Inputs`]), so the text scanned is exactly the text comention matches (title, blank line,
//! text). Every text is loaded into memory first; only the scan is timed:
//! `find_iter(text).count()` over every text. One JSON line goes to standard output:
//! `text_bytes`, `seconds`, `mbs` (MB of 10^6 bytes per second), `matches`, `automaton_bytes`
//! (the DFA's heap size), `build_seconds`, `aliases`, `documents` and `skipped` (records that
//! could not be read, not scanned).

use std::path::PathBuf;
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::{Context, bail};
use comention::Gazetteer;
use comention::input::{Fields, InputFormat, InputItem, Inputs};

const USAGE: &str = "usage: bare_scan --gazetteer G.csv [--gazetteer …] CORPUS… ";

fn main() -> anyhow::Result<()> {
    let (mut gazetteers, mut inputs) = (Vec::new(), Vec::new());
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-g" | "--gazetteer") => {
                gazetteers.push(PathBuf::from(args.next().context(USAGE)?));
            }
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => inputs.push(PathBuf::from(arg)),
        }
    }
    if gazetteers.is_empty() || inputs.is_empty() {
        bail!(USAGE);
    }

    let mut builder = Gazetteer::builder();
    for g in &gazetteers {
        builder.add_path(g);
    }
    let gazetteer = builder.build()?;
    let aliases: Vec<&str> = gazetteer
        .entities()
        .iter()
        .flat_map(|e| e.aliases.iter().map(|a| a.text.as_str()))
        .collect();

    let start = Instant::now();
    let dfa = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&aliases)?;
    let build_seconds = start.elapsed().as_secs_f64();

    let (mut texts, mut skipped) = (Vec::new(), 0);
    for item in Inputs::new(&inputs, InputFormat::Auto, Fields::default())? {
        match item {
            InputItem::Document(d) => texts.push(d.text),
            InputItem::Skipped(s) => {
                eprintln!("bare_scan: skipped {s}");
                skipped += 1;
            }
        }
    }
    let text_bytes: usize = texts.iter().map(String::len).sum();

    let start = Instant::now();
    let matches: usize = texts.iter().map(|t| dfa.find_iter(t).count()).sum();
    let seconds = start.elapsed().as_secs_f64();

    let report = serde_json::json!({
        "text_bytes": text_bytes,
        "seconds": seconds,
        "mbs": text_bytes as f64 / 1e6 / seconds,
        "matches": matches,
        "automaton_bytes": dfa.memory_usage(),
        "build_seconds": build_seconds,
        "aliases": aliases.len(),
        "documents": texts.len(),
        "skipped": skipped,
    });
    println!("{report}");
    Ok(())
}
