//! Partial results merge into the outputs of one run: split a corpus in three, build each part
//! with `--mergeable`, merge, and compare every file byte for byte with a single run.

mod common;

use std::fs;
use std::path::Path;

use common::{build, comention};
use predicates::prelude::*;

const PARTS: [&[&str]; 3] = [
    &["articles"],
    &["news.jsonl", "news.csv"],
    &["meetings.jsonl"],
];
const FILES: [&str; 9] = [
    "graph.graphml",
    "graph.gexf",
    "graph.json",
    "nodes.csv",
    "edges.csv",
    "mentions.csv",
    "evidence.csv",
    "documents.csv",
    "skipped.csv",
];

fn merge(parts: &[&Path], out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    comention()
        .args(["merge", "--no-default-gazetteers", "-g", "gazetteer", "-o"])
        .arg(out)
        .args(parts)
        .args(extra)
        .assert()
}

fn same_files(a: &Path, b: &Path) {
    for file in FILES {
        let (x, y) = (
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
        );
        assert!(
            x == y,
            "{file} differs between the single run and the merge"
        );
    }
}

#[test]
fn three_parts_merge_into_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    let all: Vec<&str> = PARTS.iter().flat_map(|p| p.iter().copied()).collect();
    build(&all, &single).code(2);
    let mut parts = vec![];
    for (i, inputs) in PARTS.iter().enumerate() {
        let part = dir.path().join(format!("part{i}"));
        let mut args = inputs.to_vec();
        args.push("--mergeable");
        build(&args, &part).code(predicate::in_iter([0, 2]));
        assert!(part.join("counts.json").exists());
        parts.push(part);
    }
    let refs: Vec<&Path> = parts.iter().map(|p| p.as_path()).collect();
    let merged = dir.path().join("merged");
    merge(&refs, &merged, &[])
        .code(2)
        .stderr(predicate::str::contains("merged 3 parts"));
    same_files(&single, &merged);

    // Filters apply at merge time, as in a single run.
    let single_filtered = dir.path().join("single-filtered");
    let mut args = all.clone();
    args.extend(["--min-weight", "2", "--relation", "meets"]);
    build(&args, &single_filtered).code(2);
    let merged_filtered = dir.path().join("merged-filtered");
    merge(
        &refs,
        &merged_filtered,
        &["--min-weight", "2", "--relation", "meets"],
    )
    .code(2);
    same_files(&single_filtered, &merged_filtered);
}

#[test]
fn parts_built_differently_do_not_merge() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&["articles", "--mergeable"], &a).success();
    build(
        &["meetings.jsonl", "--mergeable", "--window", "paragraph"],
        &b,
    )
    .success();
    merge(&[&a, &b], &dir.path().join("out"), &[])
        .code(1)
        .stderr(predicate::str::contains(
            "was built with other options than the first part's: window=paragraph (first part: \
             window=sentence)",
        ));
    // Another gazetteer.
    comention()
        .args(["merge", "-o"])
        .arg(dir.path().join("out2"))
        .arg(&a)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "another gazetteer than the one merge loaded (give merge the same -g",
        ));
    // Not a part at all; not there; the same part twice (counts added twice).
    merge(&[dir.path()], &dir.path().join("out3"), &[])
        .code(1)
        .stderr(predicate::str::contains("is not a part"));
    merge(
        &[&dir.path().join("missing")],
        &dir.path().join("out3"),
        &[],
    )
    .code(1)
    .stderr(predicate::str::contains("missing: no such folder"));
    let a_again = dir.path().join(".").join("a");
    merge(&[&a, &a_again], &dir.path().join("out3"), &[])
        .code(1)
        .stderr(predicate::str::contains("is given twice"));
    // Matching options belong to the parts, filters to merge: usage errors.
    merge(&[&a], &dir.path().join("out3"), &["--alias-kinds", "name"])
        .code(1)
        .stderr(predicate::str::contains(
            "unexpected argument '--alias-kinds'",
        ));
    build(
        &["articles", "--mergeable", "--min-weight", "2"],
        &dir.path().join("c"),
    )
    .code(1)
    .stderr(predicate::str::contains("cannot be used with"));
    // A part whose tables have other columns (another comention version, or edited by hand).
    let c = dir.path().join("c");
    build(&["meetings.jsonl", "--mergeable"], &c).success();
    let mentions = c.join("mentions.csv");
    let table = fs::read_to_string(&mentions).unwrap();
    fs::write(
        &mentions,
        table.replacen(",candidates,node\n", ",candidates\n", 1),
    )
    .unwrap();
    merge(&[&a, &c], &dir.path().join("out4"), &[])
        .code(1)
        .stderr(predicate::str::contains(
            "was built with the columns doc,date,entity,kind,label,text,start,end,sentence,\
             paragraph,resolution,candidates (first part: ",
        ));
}

#[test]
fn a_folder_rebuilt_or_merged_into_is_no_longer_a_part() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&["articles", "--mergeable"], &a).success();
    build(&["meetings.jsonl", "--mergeable"], &b).success();
    // Merged into a part's folder: its tables are the merge's now, its counts are gone.
    let merged = dir.path().join("merged");
    fs::create_dir(&merged).unwrap();
    fs::copy(a.join("counts.json"), merged.join("counts.json")).unwrap();
    merge(&[&a, &b], &merged, &[]).success();
    assert!(!merged.join("counts.json").exists());
    // Rebuilt without --mergeable: counts of the earlier run would merge with the new tables.
    build(&["news.csv"], &a).success();
    assert!(!a.join("counts.json").exists());
    merge(&[&a, &b], &dir.path().join("out"), &[])
        .code(1)
        .stderr(predicate::str::contains("is not a part"));
}
