//! comention as a library: the default gazetteers and one of your own, a few texts held in
//! memory, their mentions, the graph in memory, and every output file written as
//! `comention build` writes them.
//!
//! ```sh
//! cargo run --example library -- output/library
//! ```

use comention::document::{Document, Origin};
use comention::graph::GraphFilter;
use comention::pipeline::{Event, Options, Summary};
use comention::{BuildConfig, Gazetteer, GraphBuilder, Pipeline, Tagger};

const MY_GAZETTEER: &str = "\
id,kind,label,aliases,aliases.short,country
kim-in-chul,person,Kim In-Chul,Kim In-Chul,,KOR
";

const TEXTS: &[(&str, &str)] = &[
    (
        "vladivostok",
        "Putin-Kim summit\n\nVladimir Putin met Kim Jong Un in Vladivostok on Thursday. \
         Kim In-Chul, a researcher in Seoul, said Kim’s train arrived late.",
    ),
    (
        "hanoi",
        "Donald Trump and Kim Jong Un held talks in Hanoi. Trump left early; North Korea’s \
         state media blamed the U.S.-North Korea stalemate on Washington.",
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or("output/library".into());
    let mut gazetteer = Gazetteer::builder();
    gazetteer
        .add_defaults()
        .add_reader("my.csv", MY_GAZETTEER.as_bytes());
    let gazetteer = gazetteer.build()?;
    // The defaults of `comention build`: sentence windows, duplicate stories counted once.
    let tagger = Tagger::new(gazetteer, &Options::default())?;
    let documents = || {
        TEXTS
            .iter()
            .map(|&(id, text)| Document::new(id, text, Origin::new(id)))
    };

    // Mentions and the graph in memory, in input order, on every core.
    let mut graph = GraphBuilder::default();
    let mut summary = Summary::default();
    Pipeline::new(&tagger).run(documents(), &mut graph, &mut summary, |event| {
        if let Event::Tagged(tagged) = event {
            for (m, node) in tagged.mentions.iter().zip(&tagged.nodes) {
                let text = &tagged.document.text[m.start..m.end];
                let entity = m.entity.map(|e| tagger.gazetteer().entity(e).id.as_str());
                let node = node.map(|n| tagger.gazetteer().entity(n).id.as_str());
                println!(
                    "{}: {text:?} → {} ({}; node {})",
                    tagged.document.id,
                    entity.unwrap_or("?"),
                    m.resolution,
                    node.unwrap_or("none")
                );
            }
        }
        Ok::<(), std::convert::Infallible>(())
    })?;
    let graph = graph.finish(tagger.gazetteer(), &GraphFilter::default());
    for (a, b, edge) in graph.edges() {
        let id = |n: &comention::graph::Node| tagger.gazetteer().entity(n.entity).id.as_str();
        println!("{} — {}: weight {}", id(a), id(b), edge.weight);
    }

    // Or every output file, as `comention build -o OUT` writes them.
    let report = comention::build(&tagger, documents(), &BuildConfig::new(&out), |_| ())?;
    println!(
        "{} documents, {} nodes, {} edges: wrote {} files to {out}",
        report.summary.documents,
        report.nodes,
        report.edges,
        report.files.len()
    );
    Ok(())
}
