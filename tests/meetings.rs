//! Who meets whom: meetings, evidence, time, weights and duplicate stories, on a corpus with
//! known answers (`tests/fixtures/meetings.jsonl`):
//!
//! - m1 (2019-04-25): "Vladimir Putin met Kim Jong Un in Vladivostok. Putin praised Kim." — a
//!   meeting sentence, then a co-mention without a meeting.
//! - m2 (2019-05-01): Trump praises Kim Yo Jong — mentioned together, never met.
//! - m3 (2019-06-29): a G20 round-up naming five leaders (the named event makes it a meeting).
//! - m4 (2019-06-30): Trump and Moon hold talks in Seoul (headline + body, 7 sentences).
//! - m5 (2019-06-30): a wire copy of m4 with another headline and no footer.
//!
//! Sentence windows in counted documents: m1 2, m2 1, m3 1, m4 7 — N = 11.

mod common;

use std::fs;

use common::{Row, build, edge, num, read_csv};
use predicates::prelude::*;

fn run(args: &[&str]) -> (tempfile::TempDir, Vec<Row>) {
    let out = tempfile::tempdir().unwrap();
    let mut all = vec!["meetings.jsonl"];
    all.extend_from_slice(args);
    build(&all, out.path()).success();
    let edges = read_csv(&out.path().join("edges.csv"));
    (out, edges)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn meetings_are_counted_beside_the_weight() {
    let (_out, edges) = run(&[]);
    assert_eq!(
        edges.len(),
        16,
        "15 pairs from the round-up, plus Trump–Kim Yo Jong"
    );
    let kp = edge(&edges, "kim-jong-un", "vladimir-putin").unwrap();
    assert_eq!(
        (num(kp, "Weight"), num(kp, "windows"), num(kp, "meetings")),
        (3.0, 3.0, 2.0)
    );
    assert_eq!(kp["documents"], "2");
    assert_eq!(kp["doc_ids"], "m1|m3");
    assert_eq!(
        (kp["first_date"].as_str(), kp["last_date"].as_str()),
        ("2019-04-25", "2019-06-29")
    );
    let tk = edge(&edges, "donald-trump", "kim-yo-jong").unwrap();
    assert_eq!(num(tk, "meetings"), 0.0);
    // The named event links to everyone in its sentence.
    let g20: Vec<_> = edges
        .iter()
        .filter(|e| e["Source"] == "g20" || e["Target"] == "g20")
        .collect();
    assert_eq!(g20.len(), 5);
    assert!(g20.iter().all(|e| e["meetings"] == "1"));
}

#[test]
fn relation_meets_keeps_only_pairs_that_met() {
    let (_out, edges) = run(&["--relation", "meets"]);
    assert_eq!(edges.len(), 15);
    assert!(edge(&edges, "donald-trump", "kim-yo-jong").is_none());
    // The weight of a kept edge is still its total.
    assert_eq!(
        num(
            edge(&edges, "kim-jong-un", "vladimir-putin").unwrap(),
            "Weight"
        ),
        3.0
    );
}

#[test]
fn association_measures_match_a_hand_computation() {
    let (_out, edges) = run(&[]);
    // Trump–Moon: c = 3 (m3, m4 headline, m4 first sentence), n_trump = 4 (adds m2),
    // n_moon = 3, N = 11.
    let tm = edge(&edges, "donald-trump", "moon-jae-in").unwrap();
    assert_eq!(num(tm, "windows"), 3.0);
    assert!(close(
        num(tm, "association_strength"),
        3.0 * 11.0 / (4.0 * 3.0)
    ));
    assert!(close(num(tm, "jaccard"), 3.0 / (4.0 + 3.0 - 3.0)));
    let npmi = (3.0f64 * 11.0 / 12.0).ln() / -(3.0f64 / 11.0).ln();
    assert!(
        (num(tm, "npmi") - npmi).abs() < 1e-5,
        "npmi {} vs {npmi}",
        tm["npmi"]
    );
    // Kim Jong Un and Putin always appear together: Jaccard and NPMI are 1.
    let kp = edge(&edges, "kim-jong-un", "vladimir-putin").unwrap();
    assert_eq!((num(kp, "jaccard"), num(kp, "npmi")), (1.0, 1.0));
    assert!(close(num(kp, "association_strength"), 11.0 / 3.0));
}

#[test]
fn fractional_counting_keeps_round_ups_from_dominating() {
    let (_out, full) = run(&[]);
    let (_out2, frac) = run(&["--counting", "fractional"]);
    // The round-up's sentence names six entities: 15 pairs share a weight of 1.
    let tp_full = num(
        edge(&full, "donald-trump", "vladimir-putin").unwrap(),
        "Weight",
    );
    let tp_frac = num(
        edge(&frac, "donald-trump", "vladimir-putin").unwrap(),
        "Weight",
    );
    assert_eq!(tp_full, 1.0);
    assert!(close(tp_frac, 1.0 / 15.0));
    // A two-person sentence keeps its full weight.
    let kp = edge(&frac, "kim-jong-un", "vladimir-putin").unwrap();
    assert!(close(num(kp, "Weight"), 2.0 + 1.0 / 15.0));
    assert_eq!(num(kp, "windows"), 3.0, "raw counts stay beside the weight");
    // Every window adds 1 in all: 2 (m1) + 1 (m2) + 1 (m3) + 2 (m4) = 6.
    let total: f64 = frac.iter().map(|e| num(e, "Weight")).sum();
    assert!(
        (total - 6.0).abs() < 1e-4,
        "total {total} (weights are written with 6 decimals)"
    );
}

#[test]
fn evidence_traces_every_edge_to_its_windows() {
    let (out, edges) = run(&[]);
    let evidence = read_csv(&out.path().join("evidence.csv"));
    let total: f64 = edges.iter().map(|e| num(e, "windows")).sum();
    assert_eq!(
        evidence.len() as f64,
        total,
        "one evidence row per supporting window"
    );
    let kp: Vec<&Row> = evidence
        .iter()
        .filter(|r| r["source"] == "kim-jong-un" && r["target"] == "vladimir-putin")
        .collect();
    assert_eq!(kp.len(), 3);
    let first = kp[0];
    assert_eq!(
        (first["doc"].as_str(), first["date"].as_str()),
        ("m1", "2019-04-25")
    );
    assert_eq!(
        (first["window"].as_str(), first["index"].as_str()),
        ("sentence", "0")
    );
    assert_eq!(
        (first["start"].as_str(), first["end"].as_str()),
        ("0", "46")
    );
    assert_eq!(first["meeting"], "true");
    assert_eq!(
        first["text"],
        "Vladimir Putin met Kim Jong Un in Vladivostok."
    );
    assert_eq!(
        (kp[1]["index"].as_str(), kp[1]["meeting"].as_str()),
        ("1", "false")
    );
    assert_eq!(kp[1]["text"], "Putin praised Kim.");
    assert_eq!(kp[2]["doc"], "m3");
    // Filters apply to evidence too.
    let (out, _) = run(&["--relation", "meets"]);
    let evidence = read_csv(&out.path().join("evidence.csv"));
    assert!(evidence.iter().all(|r| r["target"] != "kim-yo-jong"));
}

#[test]
fn wire_copies_are_counted_once_and_listed() {
    let out = tempfile::tempdir().unwrap();
    build(&["meetings.jsonl"], out.path())
        .success()
        .stderr(predicate::str::contains("1 duplicate not counted again"));
    let documents = read_csv(&out.path().join("documents.csv"));
    let status: Vec<(&str, &str)> = documents
        .iter()
        .map(|d| (d["doc"].as_str(), d["status"].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("m1", "counted"),
            ("m2", "counted"),
            ("m3", "counted"),
            ("m4", "counted"),
            ("m5", "duplicate")
        ]
    );
    assert_eq!(documents[4]["duplicate_of"], "m4");
    assert!(num(&documents[4], "resemblance") >= 0.7);
    assert_eq!(documents[3]["copies"], "1");
    let edges = read_csv(&out.path().join("edges.csv"));
    assert_eq!(
        num(
            edge(&edges, "donald-trump", "moon-jae-in").unwrap(),
            "windows"
        ),
        3.0
    );
    let mentions = read_csv(&out.path().join("mentions.csv"));
    assert!(
        mentions.iter().all(|m| m["doc"] != "m5"),
        "a copy's mentions are not listed again"
    );

    let (_out, kept) = run(&["--keep-duplicates"]);
    // m5 adds its two sentences naming both (headline and first sentence).
    assert_eq!(
        num(
            edge(&kept, "donald-trump", "moon-jae-in").unwrap(),
            "windows"
        ),
        5.0
    );
}

#[test]
fn since_and_until_filter_by_document_date() {
    let out = tempfile::tempdir().unwrap();
    build(
        &[
            "meetings.jsonl",
            "--since",
            "2019-06-01",
            "--until",
            "2019-06-29",
        ],
        out.path(),
    )
    .success()
    .stderr(predicate::str::contains("4 outside --since/--until,"))
    .stderr(predicate::str::contains("without a date").not());
    // An undated document is left out too, and said to be.
    let undated = tempfile::tempdir().unwrap();
    let file = undated.path().join("undated.jsonl");
    std::fs::write(&file, "{\"text\": \"Vladimir Putin met Kim Jong Un.\"}\n").unwrap();
    let with_undated = |extra: &[&str]| {
        let mut args = vec!["meetings.jsonl", file.to_str().unwrap()];
        args.extend(extra);
        build(&args, &undated.path().join("out")).success()
    };
    with_undated(&["--since", "2019-06-01", "--until", "2019-06-29"]).stderr(
        predicate::str::contains("5 outside --since/--until (1 of them undated)"),
    );
    with_undated(&[]).stderr(
        predicate::str::contains("6 documents").and(predicate::str::contains("1 without a date")),
    );
    let edges = read_csv(&out.path().join("edges.csv"));
    assert_eq!(edges.len(), 15, "only the round-up");
    assert!(edges.iter().all(|e| e["first_date"] == "2019-06-29"));
    let documents = read_csv(&out.path().join("documents.csv"));
    let out_of_range = documents
        .iter()
        .filter(|d| d["status"] == "out-of-range")
        .count();
    assert_eq!(out_of_range, 4, "m1, m2 before; m4, m5 after");
    assert_eq!(documents.len(), 5, "every document is accounted for");
    // A month is from its first day to its last: the same run.
    let month = tempfile::tempdir().unwrap();
    build(
        &[
            "meetings.jsonl",
            "--since",
            "2019-06",
            "--until",
            "29 June 2019",
        ],
        month.path(),
    )
    .success();
    assert_eq!(
        fs::read(month.path().join("edges.csv")).unwrap(),
        fs::read(out.path().join("edges.csv")).unwrap()
    );
    // A year in June: the round-up and the two of June 30.
    build(
        &["meetings.jsonl", "--since", "2019-06", "--until", "2019"],
        month.path(),
    )
    .success()
    .stderr(predicate::str::contains("2 outside --since/--until"));
    // Something else is said to be wrong, not chrono's "premature end of input".
    build(&["meetings.jsonl", "--since", "2019-6-"], out.path())
        .code(1)
        .stderr(predicate::str::contains(
            "invalid value '2019-6-' for '--since <DATE>': give a day (2019-04-25, 25 April \
             2019), a month (2019-04) or a year (2019)",
        ));
}

#[test]
fn people_project_onto_their_countries() {
    let (_out, edges) = run(&["--project", "country", "--kinds", "country"]);
    // m1: Putin and Kim → Russia and North Korea (both sentences); m3: all five countries.
    let pr = edge(&edges, "PRK", "RUS").unwrap();
    assert_eq!(num(pr, "windows"), 3.0);
    // m2: Trump and Kim Yo Jong → United States and North Korea.
    let up = edge(&edges, "PRK", "USA").unwrap();
    assert_eq!((num(up, "windows"), num(up, "meetings")), (2.0, 1.0));
    assert!(
        edges
            .iter()
            .all(|e| e["Source"].len() == 3 && e["Target"].len() == 3)
    );
}

#[test]
fn mentions_name_the_node_they_count_for() {
    for args in [
        &["--project", "country", "--kinds", "country"][..],
        &["--kinds", "person"][..],
        &[][..],
    ] {
        let (out, _) = run(args);
        let mentions = read_csv(&out.path().join("mentions.csv"));
        let nodes = read_csv(&out.path().join("nodes.csv"));
        // The mention table, grouped by node, gives the nodes' mention counts.
        let mut by_node = std::collections::BTreeMap::<&str, usize>::new();
        for m in mentions.iter().filter(|m| !m["node"].is_empty()) {
            *by_node.entry(&m["node"]).or_default() += 1;
        }
        let counted: std::collections::BTreeMap<&str, usize> = nodes
            .iter()
            .map(|n| (n["Id"].as_str(), n["mentions"].parse().unwrap()))
            .collect();
        assert_eq!(by_node, counted, "{args:?}");
        // Unresolved mentions and cues count for no node.
        for m in &mentions {
            if m["entity"].is_empty() || m["kind"] == "cue" {
                assert_eq!(m["node"], "", "{m:?}");
            }
        }
        let putin = mentions
            .iter()
            .find(|m| m["entity"] == "vladimir-putin")
            .unwrap();
        let expected = match args.first() {
            Some(&"--project") => "RUS",
            _ => "vladimir-putin",
        };
        assert_eq!(putin["node"], expected, "{args:?}");
        // A country left out by --kinds counts for nothing.
        let north_korea = mentions.iter().find(|m| m["entity"] == "PRK").unwrap();
        let expected = if args == ["--kinds", "person"] {
            ""
        } else {
            "PRK"
        };
        assert_eq!(north_korea["node"], expected, "{args:?}");
    }
}

#[test]
fn gexf_carries_time_and_json_carries_the_same_graph() {
    let (out, edges) = run(&[]);
    let nodes = read_csv(&out.path().join("nodes.csv"));
    let gexf = fs::read_to_string(out.path().join("graph.gexf")).unwrap();
    assert!(gexf.contains(r#"<gexf xmlns="http://gexf.net/1.3""#));
    assert!(gexf.contains(r#"mode="dynamic" defaultedgetype="undirected" timeformat="date" timerepresentation="interval""#));
    assert_eq!(gexf.matches("<node id=").count(), nodes.len());
    assert_eq!(gexf.matches("<edge id=").count(), edges.len());
    assert!(
        gexf.contains(r#"<edge id="e12" source="kim-jong-un" target="vladimir-putin" weight="3">"#)
    );
    assert!(gexf.contains(
        r#"<attvalue for="windows_by_date" value="2" start="2019-04-25" end="2019-04-25"/>"#
    ));
    assert!(gexf.contains(r#"<spell start="2019-06-29" end="2019-06-29"/>"#));

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(json["directed"], false);
    assert_eq!(json["nodes"].as_array().unwrap().len(), nodes.len());
    let links = json["links"].as_array().unwrap();
    assert_eq!(links.len(), edges.len());
    let kp = links
        .iter()
        .find(|l| l["source"] == "kim-jong-un" && l["target"] == "vladimir-putin")
        .unwrap();
    assert_eq!(kp["weight"], 3.0);
    assert_eq!(kp["meetings"], 2);
    assert_eq!(kp["doc_ids"], "m1|m3");
}
