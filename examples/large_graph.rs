//! A large generated co-mention graph, exported as GraphML and CSV, with the time and memory it
//! takes: the benchmark behind `docs/INTEROP-REPORT.md`, and the input of the large-graph test in
//! `tests/interop.rs`, which loads the files in networkx and graphology.
//!
//! ```sh
//! cargo run --release --example large_graph -- OUT_DIR [NODES [EDGES]]   # default 100000 1000000
//! ```
//!
//! Everything is generated from a fixed seed, so the same arguments give the same files: a
//! gazetteer of NODES entities (built in memory through [`Gazetteer::builder`], as `-g` would),
//! then documents fed to [`GraphBuilder`] as the pipeline would, one per edge: every node is the
//! first end of about EDGES/NODES edges, the other end is drawn with a skew towards low ids (a
//! few hubs, many small nodes, as in news), and each pair shares 1 to 12 windows.
//!
//! The report gives the wall time of each step and the peak resident memory (`VmHWM` from
//! `/proc/self/status`) of the whole run and of the export alone (the peak is reset before the
//! export through `/proc/self/clear_refs`, where the kernel allows it).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use comention::export::csv::CsvTable;
use comention::export::graphml::GraphMl;
use comention::export::json::NodeLinkJson;
use comention::export::{OutputDir, export};
use comention::graph::{GraphBuilder, GraphFilter};
use comention::window::{CoMention, DocumentCounts};
use comention::{EntityIndex, Gazetteer};

/// Marsaglia's xorshift64: small, fast, and the same numbers on every machine.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const KINDS: &[&str] = &["person", "country", "event", "organisation"];
const COUNTRIES: &[&str] = &[
    "RUS", "USA", "CHN", "PRK", "KOR", "JPN", "DEU", "FRA", "GBR", "IND", "BRA", "ZAF", "TUR",
    "IRN", "ISR", "SAU", "EGY", "NGA", "MEX", "CAN", "AUS", "UKR", "POL", "ITA", "ESP",
];

/// The generated gazetteer, as CSV text: labels with characters that XML and CSV must escape.
fn gazetteer_csv(nodes: usize) -> String {
    let mut csv = String::with_capacity(nodes * 80);
    csv.push_str("id,kind,label,aliases,country\n");
    for i in 0..nodes {
        let kind = KINDS[i % KINDS.len()];
        let country = COUNTRIES[(i / KINDS.len()) % COUNTRIES.len()];
        // A comma and quotes in the label (CSV quoting), & and < (XML escaping).
        writeln!(
            csv,
            "ent-{i:06},{kind},\"Entity {i}, \"\"{kind}\"\" & <{country}>\",Entity {i},{country}"
        )
        .expect("writing to a String");
    }
    csv
}

/// Peak and current resident memory of this process, in KiB, from `/proc/self/status`.
fn memory_kib() -> (Option<u64>, Option<u64>) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: large_graph OUT_DIR [NODES [EDGES]]")?,
    );
    let nodes: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let edges: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    if nodes < 2 || edges > nodes * (nodes - 1) / 4 {
        return Err(format!("{nodes} nodes cannot hold {edges} edges here").into());
    }
    let started = Instant::now();

    let t = Instant::now();
    let mut builder = Gazetteer::builder();
    builder.add_reader("generated.csv", gazetteer_csv(nodes).as_bytes());
    let gazetteer = builder.build()?;
    let gazetteer_time = t.elapsed();

    let t = Instant::now();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut seen: HashSet<(u32, u32)> = HashSet::with_capacity(edges);
    let mut graph = GraphBuilder::default();
    let mut counts = DocumentCounts::default();
    let day0 = NaiveDate::from_ymd_opt(2015, 1, 1).expect("a valid date");
    let mut doc_id = String::new();
    for e in 0..edges {
        let a = (e % nodes) as u32;
        let b = loop {
            // Squaring a uniform number favours low ids: they become the hubs.
            let b = (rng.unit() * rng.unit() * nodes as f64) as u32;
            let pair = (a.min(b), a.max(b));
            if b != a && seen.insert(pair) {
                break b;
            }
        };
        let (a, b) = (EntityIndex(a.min(b)), EntityIndex(a.max(b)));
        let windows = 1 + (rng.below(4) * rng.below(4)) as u32;
        let extra = rng.below(3) as u32;
        counts.windows = windows + extra;
        counts.co_mentions.clear();
        counts.co_mentions.push(CoMention {
            a,
            b,
            windows,
            meetings: u32::from(rng.below(5) == 0),
            weight: f64::from(windows),
        });
        counts.node_windows.clear();
        counts.node_windows.push((a, windows + extra.min(1)));
        counts.node_windows.push((b, windows + extra / 2));
        let date = day0 + chrono::Days::new(rng.below(3650));
        doc_id.clear();
        write!(doc_id, "doc-{e:07}")?;
        let mentions = std::iter::repeat_n(a, windows as usize + 1)
            .chain(std::iter::repeat_n(b, windows as usize));
        graph.add_document(&doc_id, Some(date), mentions, &counts);
    }
    drop(seen);
    let graph = graph.finish(&gazetteer, &GraphFilter::default());
    let generate_time = t.elapsed();
    let (peak_before_export, rss_before_export) = memory_kib();
    // Writing 5 to clear_refs resets the peak to the current size (Linux 4.0 and later).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    let t = Instant::now();
    let dir = OutputDir::new(&out)?;
    let mut graphml = GraphMl::new(dir.create("graph.graphml")?);
    let mut node_table = CsvTable::nodes(dir.create("nodes.csv")?);
    let mut edge_table = CsvTable::edges(dir.create("edges.csv")?);
    let mut json = NodeLinkJson::new(dir.create("graph.json")?);
    // The formats the large-graph test loads at this size: GraphML (networkx, and graphology at
    // 100,000 edges), CSV (pandas) and node-link JSON (graphology at 1,000,000 edges).
    export(
        &graph,
        &gazetteer,
        &mut [&mut graphml, &mut node_table, &mut edge_table, &mut json],
    )
    .map_err(|e| format!("export: {e}"))?;
    let files = dir.commit(vec![
        graphml.into_inner(),
        node_table.into_inner()?,
        edge_table.into_inner()?,
        json.into_inner(),
    ])?;
    let export_time = t.elapsed();
    let (peak_after, _) = memory_kib();

    println!(
        "large_graph: {} nodes, {} edges",
        graph.node_count(),
        graph.edge_count()
    );
    println!("| step | wall time |");
    println!("| --- | --- |");
    println!(
        "| gazetteer of {nodes} entities | {:.2} s |",
        gazetteer_time.as_secs_f64()
    );
    println!(
        "| {edges} documents into GraphBuilder, finish | {:.2} s |",
        generate_time.as_secs_f64()
    );
    println!(
        "| export GraphML, nodes.csv, edges.csv, graph.json | {:.2} s |",
        export_time.as_secs_f64()
    );
    println!("| whole run | {:.2} s |", started.elapsed().as_secs_f64());
    println!("| memory | |");
    println!("| resident before export | {} |", mib(rss_before_export));
    if reset {
        println!("| peak during export | {} |", mib(peak_after));
        println!(
            "| peak of the whole run | {} |",
            mib(peak_before_export.max(peak_after))
        );
    } else {
        println!("| peak of the whole run | {} |", mib(peak_after));
    }
    for file in &files {
        let size = std::fs::metadata(file)?.len();
        println!(
            "| {} | {:.1} MiB |",
            file.file_name().unwrap_or_default().to_string_lossy(),
            size as f64 / (1024.0 * 1024.0)
        );
    }
    Ok(())
}
