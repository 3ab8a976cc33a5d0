//! Helpers shared by the integration tests: run the real binary, read its CSV outputs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The test fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `comention`, run from the fixtures folder.
pub fn comention() -> Command {
    let mut cmd = Command::cargo_bin("comention").unwrap();
    cmd.current_dir(fixtures());
    cmd
}

/// `comention build` with only the fixture gazetteer, writing to `out`.
pub fn build(args: &[&str], out: &Path) -> assert_cmd::assert::Assert {
    comention()
        .arg("build")
        .args(["--no-default-gazetteers", "-g", "gazetteer", "-o"])
        .arg(out)
        .args(args)
        .assert()
}

/// A CSV row by column name.
pub type Row = BTreeMap<String, String>;

/// Reads a CSV file with a header into rows.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The edge between `a` and `b`, whichever way round.
pub fn edge<'a>(edges: &'a [Row], a: &str, b: &str) -> Option<&'a Row> {
    edges
        .iter()
        .find(|e| (e["Source"] == a && e["Target"] == b) || (e["Source"] == b && e["Target"] == a))
}

/// A number from a CSV field.
pub fn num(row: &Row, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} is not a number in {row:?}"))
}
