//! Tagging quality on the gold set (`tests/gold/`): the default gazetteers must reach at least
//! 0.95 precision and 0.90 recall for entities per document, every kind together.

mod common;

use assert_cmd::Command;

#[test]
fn default_gazetteers_reach_the_quality_targets_on_the_gold_set() {
    let root = env!("CARGO_MANIFEST_DIR");
    let assert = Command::cargo_bin("comention")
        .unwrap()
        .current_dir(root)
        .args(["eval", "--gold", "tests/gold/gold.jsonl", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(report["documents"], 45);
    let all = &report["entities"]["all"];
    let (p, r) = (
        all["precision"].as_f64().unwrap(),
        all["recall"].as_f64().unwrap(),
    );
    let misses: Vec<String> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["level"] == "entity")
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["doc"], e["error"], e["entity"], e["context"]
            )
        })
        .collect();
    assert!(
        p >= 0.95,
        "entity precision {p:.3} < 0.95; errors:\n{}",
        misses.join("\n")
    );
    assert!(
        r >= 0.90,
        "entity recall {r:.3} < 0.90; errors:\n{}",
        misses.join("\n")
    );
    // Every annotated kind is scored, and spans are scored too.
    for kind in ["person", "country", "event", "organisation"] {
        assert!(report["entities"][kind].is_object(), "no score for {kind}");
    }
    assert!(report["spans"]["all"]["true_positives"].as_u64().unwrap() > 1000);
}

#[test]
fn eval_prints_a_table_and_names_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let text = "Vladimir Putin met Kim Jong Un. Donald Trump stayed home.";
    let span = |s: &str, kind: &str, id: &str| {
        let start = text.find(s).unwrap();
        serde_json::json!({"start": start, "end": start + s.len(), "kind": kind, "entity": id})
    };
    let doc = serde_json::json!({
        "id": "g1",
        "text": text,
        "spans": [
            span("Vladimir Putin", "person", "vladimir-putin"),
            span("Kim Jong Un", "person", "kim-jong-un"),
        ],
    });
    std::fs::write(&gold, format!("{doc}\n")).unwrap();
    let assert = common::comention()
        .args([
            "eval",
            "--no-default-gazetteers",
            "-g",
            "gazetteer",
            "--gold",
        ])
        .arg(&gold)
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.contains("entity per document"), "{out}");
    // Trump is in the gazetteer but not annotated: one false alarm, with its context.
    assert!(
        out.contains("g1 false-alarm entity person donald-trump"),
        "{out}"
    );
    assert!(out.contains("[Donald Trump]"), "{out}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("person"))
        .unwrap();
    assert!(line.contains("0.667"), "precision 2/3 for people: {line}");
}

#[test]
fn inputs_are_read_with_the_field_names_given() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let text = "Vladimir Putin met Kim Jong Un.";
    let doc = serde_json::json!({
        "id": "g1",
        "text": text,
        "spans": [{"start": 0, "end": 14, "kind": "person", "entity": "vladimir-putin"}],
    });
    std::fs::write(&gold, format!("{doc}\n")).unwrap();
    let export = dir.path().join("export.jsonl");
    let record = serde_json::json!({"ident": "g1", "body": text});
    std::fs::write(&export, format!("{record}\n")).unwrap();
    let eval = |fields: &[&str]| {
        common::comention()
            .args(["eval", "--gold"])
            .arg(&gold)
            .arg(&export)
            .args(fields)
            .assert()
    };
    // With the default names, the record has no text: skipped, and the gold document missing.
    eval(&[])
        .code(1)
        .stderr(predicates::str::contains("no \"text\" field"))
        .stderr(predicates::str::contains("not in the inputs"));
    eval(&["--id-field", "ident", "--text-field", "body"])
        .success()
        .stdout(predicates::str::contains("entity per document"));
}
