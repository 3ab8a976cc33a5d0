//! `comention eval`: precision, recall and F1 against gold annotations.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use comention::document::{Document, Origin, parse_date};
use comention::eval::{Evaluation, GoldDocument, gold_kinds};
use comention::input::InputItem;
use comention::pipeline::{Options, Scratch, Tagger};

use super::{AliasArgs, FormatArg, GazetteerArgs, InputArgs, Outcome, option_error};

pub const EXAMPLES: &str = "\
Examples:
  comention eval --gold tests/gold/gold.jsonl           # the gold texts themselves
  comention eval --gold gold.jsonl articles/ --json     # texts read from files, ids matched";

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotations: JSON lines {id, text, spans: [{start, end, kind, entity}]}.
    #[arg(long, value_name = "GOLD.jsonl")]
    gold: PathBuf,

    /// Documents to tag, matched to the gold by id (default: the texts in the gold file).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Write the scores and every error as JSON.
    #[arg(long)]
    json: bool,

    /// How to read the inputs.
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    input_format: FormatArg,

    /// JSONL/CSV field of the inputs holding the document id, matched to the gold's.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,

    /// JSONL/CSV field of the inputs holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,

    /// JSONL/CSV field of the inputs holding a title, put before the text when present (the
    /// result must be the gold text).
    #[arg(long, default_value = "title", value_name = "NAME")]
    title_field: String,

    #[command(flatten)]
    gazetteer: GazetteerArgs,

    #[command(flatten)]
    aliases: AliasArgs,
}

pub fn run(args: EvalArgs) -> Result<Outcome> {
    let gold = read_gold(&args.gold)?;
    let gazetteer = args.gazetteer.load(false)?;
    let options = Options {
        alias_kinds: args.aliases.alias_kinds(),
        dedupe: false,
        ..Options::default()
    };
    let tagger = Tagger::new(gazetteer, &options).map_err(option_error)?;
    let kinds = gold_kinds(&gold);
    let mut texts: HashMap<String, String> = HashMap::new();
    if !args.inputs.is_empty() {
        let input = InputArgs {
            inputs: args.inputs.clone(),
            input_format: args.input_format,
            id_field: args.id_field.clone(),
            text_field: args.text_field.clone(),
            title_field: args.title_field.clone(),
            // Gold documents are dated by the gold file.
            date_field: "date".into(),
            date_order: None,
        };
        for item in input.open()? {
            match item {
                InputItem::Document(d) => {
                    texts.insert(d.id, d.text);
                }
                InputItem::Skipped(s) => eprintln!("comention: skipped {s}"),
            }
        }
    }
    let mut eval = Evaluation::default();
    let mut scratch = Scratch::default();
    for g in &gold {
        let text = if args.inputs.is_empty() {
            g.text.clone()
        } else {
            match texts.remove(&g.id) {
                Some(t) if t == g.text => t,
                Some(_) => bail!(
                    "document {:?}: its text differs from the gold text, so the offsets cannot be compared",
                    g.id
                ),
                None => bail!("document {:?} of the gold set is not in the inputs", g.id),
            }
        };
        let origin = Origin {
            source: args.gold.display().to_string(),
            line: None,
        };
        let doc = Document {
            date: g.date.as_deref().and_then(parse_date),
            ..Document::new(g.id.clone(), text, origin)
        };
        let tagged = tagger.tag(doc, &mut scratch);
        eval.add(g, &tagged.mentions, tagger.gazetteer(), &kinds);
    }
    // Through a handle, not println!, so that a closed pipe (`… | head`) ends quietly.
    let mut out = std::io::stdout().lock();
    if args.json {
        // As an io::Error, so that a closed pipe is recognised as one.
        serde_json::to_writer_pretty(&mut out, &eval).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        write!(out, "{eval}")?;
    }
    Ok(Outcome::Clean)
}

/// Reads and checks a gold file: every span inside its text, on character boundaries.
fn read_gold(path: &PathBuf) -> Result<Vec<GoldDocument>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut gold = vec![];
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDocument = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a gold document", path.display(), i + 1))?;
        for s in &doc.spans {
            let ok = s.start < s.end
                && s.end <= doc.text.len()
                && doc.text.is_char_boundary(s.start)
                && doc.text.is_char_boundary(s.end);
            if !ok {
                bail!(
                    "{}:{}: span {}..{} of {:?} does not slice its text",
                    path.display(),
                    i + 1,
                    s.start,
                    s.end,
                    doc.id
                );
            }
        }
        gold.push(doc);
    }
    Ok(gold)
}
