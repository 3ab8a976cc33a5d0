//! Integration tests: the real `comention` binary on real-looking files.

mod common;

use std::fs;
use std::io::Write;

use assert_cmd::Command;
use common::{Row, build, comention, edge, fixtures, read_csv};
use predicates::prelude::*;

fn mentions_of<'a>(mentions: &'a [Row], doc: &str) -> Vec<&'a Row> {
    mentions
        .iter()
        .filter(|m| m["doc"].ends_with(doc))
        .collect()
}

#[test]
fn build_finds_resolves_and_links_on_scraped_articles() {
    let out = tempfile::tempdir().unwrap();
    build(&["articles"], out.path())
        .success()
        .stderr(predicate::str::contains(
            "3 documents (829 B), 37 mentions (3 unresolved, 7 meeting words), 11 nodes, \
             14 edges, 0 skipped",
        ));
    let mentions = read_csv(&out.path().join("mentions.csv"));
    assert_eq!(mentions.iter().filter(|m| m["kind"] == "cue").count(), 7);
    let text = fs::read_to_string(fixtures().join("articles/vladivostok.txt")).unwrap();
    let vlad = mentions_of(&mentions, "vladivostok.txt");
    // Every span slices the original text to the surface it reports.
    for m in &mentions {
        let doc = fs::read_to_string(fixtures().join(&m["doc"])).unwrap();
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        assert_eq!(&doc[s..e], m["text"], "span of {m:?}");
    }
    let find = |surface: &str, nth: usize| {
        vlad.iter()
            .filter(|m| m["text"] == surface)
            .nth(nth)
            .unwrap_or_else(|| panic!("no {surface} #{nth}"))
    };
    // The headline's "Putin" is the Vladimir Putin of the body, named later.
    let headline_putin = find("Putin", 0);
    assert_eq!(headline_putin["entity"], "vladimir-putin");
    assert_eq!(headline_putin["resolution"], "short-form-ahead");
    assert_eq!(
        headline_putin["start"],
        text.find("Putin and Kim").unwrap().to_string()
    );
    // The full names, with exact offsets.
    let full = find("Vladimir Putin", 0);
    let at = text.find("Vladimir Putin").unwrap();
    assert_eq!(
        (full["start"].as_str(), full["end"].as_str()),
        (at.to_string().as_str(), (at + 14).to_string().as_str())
    );
    assert_eq!(full["kind"], "person");
    assert_eq!(full["label"], "Vladimir Putin");
    // Hyphenated pair: two mentions, both resolved back.
    let pair_at = text.find("Putin-Kim").unwrap();
    let pair: Vec<_> = vlad
        .iter()
        .filter(|m| m["start"] == pair_at.to_string() || m["start"] == (pair_at + 6).to_string())
        .collect();
    assert_eq!(pair.len(), 2);
    assert!(pair.iter().all(|m| m["resolution"] == "short-form"));
    assert_eq!(pair[1]["entity"], "kim-jong-un");
    // Kim In-Chul is someone else; "Kim’s" (curly possessive) is Kim Jong Un again.
    let researcher = find("Kim", 3);
    assert_eq!(
        researcher["start"],
        text.find("Kim In-Chul").unwrap().to_string()
    );
    assert_eq!(
        (
            researcher["entity"].as_str(),
            researcher["resolution"].as_str()
        ),
        ("", "longer-name")
    );
    assert_eq!(researcher["candidates"], "kim-jong-un|kim-yo-jong");
    let possessive = find("Kim", 4);
    assert_eq!(possessive["start"], text.find("Kim’s").unwrap().to_string());
    assert_eq!(possessive["entity"], "kim-jong-un");
    // A surname whose full name never appears stays unresolved.
    let trump = find("Trump", 0);
    assert_eq!(
        (trump["entity"].as_str(), trump["resolution"].as_str()),
        ("", "no-full-name")
    );
    // Demonyms and case-sensitive exact aliases.
    assert_eq!(find("Russian", 0)["entity"], "RUS");
    let ankara = mentions_of(&mentions, "ankara.txt");
    let surfaces: Vec<&str> = ankara.iter().map(|m| m["text"].as_str()).collect();
    assert_eq!(
        surfaces,
        [
            "Erdogan",
            "Moon",
            "Recep Tayyip Erdogan",
            "Moon Jae-in",
            "ERDOĞAN",
            "Turkey",
            "South Korea"
        ],
        "diacritics folded, all-caps short form, 'roast turkey' not a country"
    );
    // Dates come from datelines.
    assert!(ankara.iter().all(|m| m["date"] == "2019-02-27"));

    let edges = read_csv(&out.path().join("edges.csv"));
    assert!(edges.iter().all(|e| e["Type"] == "Undirected"));
    // Headline, caption, body sentence and the Putin-Kim sentence.
    let pk = edge(&edges, "kim-jong-un", "vladimir-putin").unwrap();
    assert_eq!(
        (pk["Weight"].as_str(), pk["documents"].as_str()),
        ("4", "1")
    );
    assert_eq!(
        (pk["first_date"].as_str(), pk["last_date"].as_str()),
        ("2019-04-25", "2019-04-25")
    );
    // The headline's Kim in hanoi.txt is the Kim Jong-un introduced first.
    let tk = edge(&edges, "donald-trump", "kim-jong-un").unwrap();
    assert_eq!(tk["Weight"], "2");
    // Cues are matched but are not nodes.
    assert!(
        edges
            .iter()
            .all(|e| !e["Source"].starts_with("cue-") && !e["Target"].starts_with("cue-"))
    );
    // Kim Yo Jong shares no sentence with anyone.
    assert!(
        edges
            .iter()
            .all(|e| e["Source"] != "kim-yo-jong" && e["Target"] != "kim-yo-jong")
    );

    let nodes = read_csv(&out.path().join("nodes.csv"));
    let kim = nodes.iter().find(|n| n["Id"] == "kim-jong-un").unwrap();
    assert_eq!(kim["Label"], "Kim Jong Un");
    assert_eq!(kim["Kind"], "person");
    assert_eq!(
        (kim["mentions"].as_str(), kim["documents"].as_str()),
        ("8", "2")
    );
    assert_eq!(
        (kim["first_date"].as_str(), kim["last_date"].as_str()),
        ("2019-02-28", "2019-04-25")
    );
    assert_eq!(kim["country"], "PRK");
    assert!(
        nodes.iter().any(|n| n["Id"] == "kim-yo-jong"),
        "isolated nodes are kept"
    );
    let ids: Vec<&str> = nodes.iter().map(|n| n["Id"].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "nodes are sorted by id");

    let graphml = fs::read_to_string(out.path().join("graph.graphml")).unwrap();
    assert!(
        graphml.contains(r#"<key id="label" for="node" attr.name="label" attr.type="string"/>"#)
    );
    assert!(
        graphml.contains(r#"<key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#)
    );
    assert!(graphml.contains(r#"edgedefault="undirected""#));
    assert_eq!(graphml.matches("<node id=").count(), nodes.len());
    assert_eq!(graphml.matches("<edge id=").count(), edges.len());
    assert!(graphml.contains("<data key=\"label\">Recep Tayyip Erdoğan</data>"));
}

#[test]
fn windows_change_what_counts_as_together() {
    let weight = |window: &str| {
        let out = tempfile::tempdir().unwrap();
        build(&["articles/hanoi.txt", "--window", window], out.path()).success();
        let edges = read_csv(&out.path().join("edges.csv"));
        let w = |a, b| edge(&edges, a, b).map_or(0, |e| e["Weight"].parse::<u32>().unwrap());
        (
            w("donald-trump", "kim-jong-un"),
            w("kim-jong-un", "kim-yo-jong"),
            edges.len(),
        )
    };
    // Sentences: headline and first body sentence; Kim Yo Jong shares none.
    assert_eq!(weight("sentence"), (2, 0, 4));
    // Paragraphs: headline+dateline, body, last paragraph.
    assert_eq!(weight("paragraph").0, 2);
    assert_eq!(weight("paragraph").1, 0);
    // The document: every pair once.
    assert_eq!(weight("document"), (1, 1, 10));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    build(
        &["articles", "news.jsonl", "news.csv", "-j", "1"],
        one.path(),
    )
    .code(2);
    build(
        &["articles", "news.jsonl", "news.csv", "-j", "2"],
        two.path(),
    )
    .code(2);
    let mut files: Vec<_> = fs::read_dir(one.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    files.sort();
    assert_eq!(files.len(), 9, "every output: {files:?}");
    for file in files {
        let a = fs::read(one.path().join(&file)).unwrap();
        let b = fs::read(two.path().join(&file)).unwrap();
        assert!(a == b, "{file:?} differs between 1 and 2 threads");
    }
}

#[test]
fn jsonl_records_are_read_and_bad_lines_skipped_with_reasons() {
    let out = tempfile::tempdir().unwrap();
    build(&["news.jsonl"], out.path())
        .code(2)
        .stderr(predicate::str::contains(
            "skipped news.jsonl:5: invalid JSON",
        ))
        .stderr(predicate::str::contains(
            "skipped news.jsonl:6: no \"text\" field",
        ))
        .stderr(predicate::str::contains("4 documents"))
        .stderr(predicate::str::contains("2 skipped, 1 date not understood"))
        .stderr(predicate::str::contains(
            "comention: news.jsonl:7: date \"yesterday\" not understood, document kept undated",
        ));
    let skipped = read_csv(&out.path().join("skipped.csv"));
    assert_eq!(skipped.len(), 2);
    assert_eq!(
        (skipped[0]["source"].as_str(), skipped[0]["line"].as_str()),
        ("news.jsonl", "5")
    );
    let mentions = read_csv(&out.path().join("mentions.csv"));
    // The title comes first, then a blank line, then the text; offsets are into that.
    let j1: Vec<_> = mentions
        .iter()
        .filter(|m| m["doc"] == "j1" && m["kind"] != "cue")
        .collect();
    assert_eq!(j1[0]["text"], "Trump");
    assert_eq!(j1[0]["entity"], "donald-trump");
    assert_eq!(j1[0]["start"], "0");
    assert_eq!(j1[2]["text"], "Donald Trump");
    assert_eq!(j1[2]["start"], "18");
    assert_eq!(j1[2]["paragraph"], "1");
    assert!(j1.iter().all(|m| m["date"] == "2019-06-29"));
    let j2 = mentions.iter().find(|m| m["doc"] == "j2").unwrap();
    assert_eq!(
        j2["date"], "2019-06-30",
        "dates in other formats are understood"
    );
    let j6 = mentions.iter().find(|m| m["doc"] == "j6").unwrap();
    assert_eq!(
        j6["date"], "",
        "an unparsable date is left empty and counted"
    );
    let edges = read_csv(&out.path().join("edges.csv"));
    let tm = edge(&edges, "donald-trump", "moon-jae-in").unwrap();
    assert_eq!(tm["Weight"], "2");
    let uk = edge(&edges, "KOR", "USA").unwrap();
    assert_eq!(uk["first_date"], "2019-06-29");
}

#[test]
fn csv_gzip_and_stdin_inputs() {
    let out = tempfile::tempdir().unwrap();
    build(&["news.csv"], out.path()).success();
    let edges = read_csv(&out.path().join("edges.csv"));
    let pk = edge(&edges, "kim-jong-un", "vladimir-putin").unwrap();
    assert_eq!(pk["Weight"], "2", "title and text of record c1");
    assert_eq!(edge(&edges, "PRK", "RUS").unwrap()["Weight"], "1");

    // The same records gzip-compressed give the same edges.
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("news.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(fs::File::create(&gz).unwrap(), Default::default());
    enc.write_all(&fs::read(fixtures().join("news.csv")).unwrap())
        .unwrap();
    enc.finish().unwrap();
    let out_gz = tempfile::tempdir().unwrap();
    build(&[gz.to_str().unwrap()], out_gz.path()).success();
    assert_eq!(
        fs::read_to_string(out.path().join("edges.csv")).unwrap(),
        fs::read_to_string(out_gz.path().join("edges.csv")).unwrap()
    );

    // Standard input, sniffed as JSON lines.
    let out_stdin = tempfile::tempdir().unwrap();
    comention()
        .args(["build", "--no-default-gazetteers", "-g", "gazetteer", "-o"])
        .arg(out_stdin.path())
        .arg("-")
        .write_stdin("{\"id\": \"s1\", \"text\": \"Vladimir Putin met Kim Jong Un.\"}\n")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 document (31 B), 3 mentions (0 unresolved, 1 meeting word), 2 nodes, 1 edge,",
        ));
    let edges = read_csv(&out_stdin.path().join("edges.csv"));
    assert_eq!(edges.len(), 1);

    // A table on standard input, sniffed by its header: the same edges as the file; as TSV too.
    let csv = fs::read_to_string(fixtures().join("news.csv")).unwrap();
    let tsv = "id\ttext\nt1\tVladimir Putin met Kim Jong Un.\nt2\tKim Jong Un left Russia.\n";
    for (table, documents) in [(csv.as_str(), "2 documents"), (tsv, "2 documents")] {
        comention()
            .args(["build", "--no-default-gazetteers", "-g", "gazetteer", "-o"])
            .arg(out_stdin.path())
            .arg("-")
            .write_stdin(table)
            .assert()
            .success()
            .stderr(predicate::str::contains(documents));
    }
    assert_eq!(
        fs::read_to_string(out_stdin.path().join("documents.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["t1", "t2"]
    );
}

#[test]
fn filters_by_kind_and_weight() {
    let out = tempfile::tempdir().unwrap();
    build(
        &["articles", "--kinds", "person", "--min-weight", "2"],
        out.path(),
    )
    .success();
    let nodes = read_csv(&out.path().join("nodes.csv"));
    assert!(nodes.iter().all(|n| n["Kind"] == "person"));
    let edges = read_csv(&out.path().join("edges.csv"));
    let pairs: Vec<(&str, &str)> = edges
        .iter()
        .map(|e| (e["Source"].as_str(), e["Target"].as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("donald-trump", "kim-jong-un"),
            ("kim-jong-un", "vladimir-putin"),
            ("moon-jae-in", "recep-tayyip-erdogan")
        ]
    );
    // Evidence is kept for the kept edges only, and for every one of them.
    let evidence = read_csv(&out.path().join("evidence.csv"));
    let mut evidence_pairs: Vec<(&str, &str)> = evidence
        .iter()
        .map(|e| (e["source"].as_str(), e["target"].as_str()))
        .collect();
    evidence_pairs.dedup();
    evidence_pairs.sort();
    evidence_pairs.dedup();
    assert_eq!(evidence_pairs, pairs);
    build(&["articles"], out.path()).success();
    let unfiltered = read_csv(&out.path().join("evidence.csv"));
    assert!(unfiltered.len() > evidence.len());
    build(&["articles", "--kinds", "persons"], out.path())
        .code(1)
        .stderr(predicate::str::contains(
            "--kinds: no entity is of kind \"persons\"; the gazetteers have: country, cue, event, person",
        ));
    build(&["news.csv", "--date-field", "published"], out.path())
        .success()
        .stderr(predicate::str::contains(
            "no record has a date field (documents are dated by the datelines in their text, \
             where they have one); is --date-field \"published\" the name",
        ));
    // Also when --since leaves the undated documents out.
    build(
        &[
            "news.csv",
            "--date-field",
            "published",
            "--since",
            "2019-01-01",
        ],
        out.path(),
    )
    .success()
    .stderr(predicate::str::contains("no record has a date field"));
    // A dateline in the text gives a date, but not the named field.
    let dated = tempfile::tempdir().unwrap();
    let file = dated.path().join("dated.jsonl");
    fs::write(
        &file,
        "{\"text\": \"Published 25 April 2019\\n\\nVladimir Putin met Kim Jong Un.\"}\n",
    )
    .unwrap();
    build(
        &[file.to_str().unwrap(), "--date-field", "published"],
        out.path(),
    )
    .success()
    .stderr(predicate::str::contains("no record has a date field"));
    // A date field not understood: the dateline dates the document, and the note says so.
    fs::write(
        &file,
        "{\"date\": \"12/04/2025\", \"text\": \"Published 12 April 2025\\n\\nVladimir Putin met \
         Kim Jong Un.\"}\n",
    )
    .unwrap();
    build(&[file.to_str().unwrap()], out.path())
        .success()
        .stderr(predicate::str::contains(
            "date \"12/04/2025\" not understood (day and month could be either way round: pass \
             --date-order day-first or month-first), document dated 2025-04-12 by the dateline in \
             its text",
        ));
    assert!(
        fs::read_to_string(out.path().join("documents.csv"))
            .unwrap()
            .contains(",2025-04-12,")
    );
    build(&["news.csv"], out.path())
        .success()
        .stderr(predicate::str::contains("no record has a date field").not())
        .stderr(predicate::str::contains("warning").not());
    // A title or id field named wrongly: the headlines would go unread, the ids be FILE:LINE.
    build(
        &[
            "news.jsonl",
            "--title-field",
            "headline",
            "--id-field",
            "uid",
        ],
        out.path(),
    )
    .code(2)
    .stderr(predicate::str::contains(
        "no record has a title; is --title-field \"headline\" the name of the title field?",
    ))
    .stderr(predicate::str::contains(
        "no record has an id (documents are named by file and line); is --id-field \"uid\"",
    ));
    build(
        &["news.csv", "--title-field", "text", "--id-field", "date"],
        out.path(),
    )
    .success()
    .stderr(predicate::str::contains("warning").not());
    build(&["news.csv", "--title-field", "headline"], out.path())
        .success()
        .stderr(predicate::str::contains("no record has a title"))
        .stderr(predicate::str::contains("no record has an id").not());
    build(&["articles", "--alias-kinds", "name,shrt"], out.path())
        .code(1)
        .stderr(predicate::str::contains(
            "--alias-kinds: no alias is of kind \"shrt\"",
        ))
        .stderr(predicate::str::contains("name, short"));
}

/// An output folder holding a previous run's `edges.csv` (the text "previous").
fn previous_outputs() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("edges.csv"), "previous\n").unwrap();
    out
}

/// Whether the previous run's `edges.csv` is still there, unchanged.
fn still_previous(out: &tempfile::TempDir) -> bool {
    fs::read_to_string(out.path().join("edges.csv")).unwrap() == "previous\n"
}

#[test]
fn missing_input_is_an_error_and_leaves_outputs_alone() {
    let out = previous_outputs();
    build(&["no-such-folder"], out.path())
        .code(1)
        .stderr(predicate::str::contains(
            "no-such-folder: no such file or folder",
        ));
    assert!(still_previous(&out), "the previous outputs stay");
    // A folder with nothing to read (a subfolder, a hidden file) is said to be empty.
    let empty = tempfile::tempdir().unwrap();
    fs::create_dir(empty.path().join("sub")).unwrap();
    fs::write(empty.path().join(".hidden.txt"), "Putin met Kim.").unwrap();
    build(&[empty.path().to_str().unwrap()], out.path())
        .code(1)
        .stderr(predicate::str::contains("no file in this folder"))
        .stderr(predicate::str::contains("no document was read"));
    assert!(still_previous(&out), "the previous outputs stay");
    build(&[empty.path().to_str().unwrap(), "articles"], out.path())
        .code(2)
        .stderr(predicate::str::contains("3 documents"));
}

#[test]
fn strict_mode_stops_at_the_first_skip_without_writing() {
    let out = previous_outputs();
    build(&["news.jsonl", "--strict"], out.path())
        .code(1)
        .stderr(predicate::str::contains("news.jsonl:5: invalid JSON"));
    assert!(still_previous(&out), "the previous outputs stay");
    let leftovers: Vec<_> = fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn a_run_that_reads_nothing_is_an_error_and_keeps_the_previous_outputs() {
    let out = previous_outputs();
    build(&["news.csv", "--text-field", "body"], out.path())
        .code(1)
        .stderr(predicate::str::contains("no \"body\" column"))
        .stderr(predicate::str::contains("no document was read"));
    assert!(still_previous(&out), "the previous outputs stay");
    // Some input read, some skipped: a result, exit 2.
    build(&["news.csv", "news.jsonl"], out.path()).code(2);
    assert!(!still_previous(&out), "a result replaces them");
    // Into a new folder: none is left behind, however deep.
    let new = out.path().join("runs/2019");
    build(&["news.csv", "--text-field", "body"], &new).code(1);
    assert!(!out.path().join("runs").exists());
    build(&["news.csv"], &new).success();
    assert!(new.join("edges.csv").exists());
    // Only what the run made: an empty folder that was there stays.
    let existing = out.path().join("existing");
    fs::create_dir(&existing).unwrap();
    build(
        &["news.csv", "--text-field", "body"],
        &out.path().join("made/../existing"),
    )
    .code(1);
    assert!(existing.is_dir() && !out.path().join("made").exists());
}

#[cfg(unix)]
#[test]
fn tag_writes_through_links_pipes_and_dash() {
    let dir = tempfile::tempdir().unwrap();
    let tag = |out: &std::path::Path| {
        comention()
            .args(["tag", "--no-default-gazetteers", "-g", "gazetteer"])
            .args(["news.csv", "--format", "csv", "-q", "-o"])
            .arg(out)
            .assert()
            .success()
    };
    // A symbolic link: the file it points to gets the mentions, the link stays a link.
    let target = dir.path().join("target.csv");
    fs::write(&target, "previous\n").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("target.csv", &link).unwrap();
    tag(&link);
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("doc,date,entity"), "{written}");
    // A named pipe is written to, not replaced by a file.
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    tag(&fifo);
    assert_eq!(reader.join().unwrap(), written);
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // `-` is standard output, and so is /dev/stdout, a link to what standard output is (here
    // a pipe).
    for stdout in ["-", "/dev/stdout"] {
        let out = tag(std::path::Path::new(stdout));
        assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), written);
    }
    // A folder is refused before anything is read.
    comention()
        .args(["tag", "news.csv", "-o"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a folder; give a file name"));
}

#[test]
fn tag_strict_stops_at_the_first_skip_and_leaves_no_file() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("mentions.csv");
    fs::write(&file, "previous\n").unwrap();
    let tag = |strict: &[&str]| {
        comention()
            .args([
                "tag",
                "--no-default-gazetteers",
                "-g",
                "gazetteer",
                "news.jsonl",
            ])
            .args(["--format", "csv"])
            .args(strict)
            .arg("-o")
            .arg(&file)
            .assert()
    };
    tag(&["--strict"])
        .code(1)
        .stderr(predicate::str::contains("news.jsonl:5: invalid JSON"))
        .stderr(predicate::str::contains("--strict"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "previous\n");
    let leftovers: Vec<_> = fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    // Without --strict the same input is tagged, the bad line counted.
    tag(&[]).code(2).stderr(predicate::str::contains("skipped"));
    assert!(fs::read_to_string(&file).unwrap().starts_with("doc,"));
}

#[test]
fn broken_gazetteer_rows_are_named_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    fs::write(
        &bad,
        "id,kind,label,aliases\nputin,person,Putin,Vladimir Putin||Putin\nputin,person,Dup,Dup\nx,person,X\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    comention()
        .args(["build", "articles", "--no-default-gazetteers", "-o"])
        .arg(out.path())
        .arg("-g")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.csv:2: error: empty alias"))
        .stderr(predicate::str::contains(
            "bad.csv:3: error: duplicate id \"putin\"",
        ))
        .stderr(predicate::str::contains(
            "bad.csv:4: error: row has 3 field(s)",
        ))
        .stderr(predicate::str::contains("the gazetteer has 3 error(s)"));
    comention()
        .args(["gazetteer", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("3 error(s), 0 warning(s)"));
}

#[test]
fn gazetteer_check_counts_kinds_and_reports_ambiguity() {
    // The fixture stands alone (the tests run it with --no-default-gazetteers): its ids are
    // the defaults' too, which a check against them reports.
    comention()
        .args(["gazetteer", "check", "gazetteer", "--no-default-gazetteers"])
        .assert()
        .success()
        .stdout(predicate::str::contains("13 entities"))
        .stdout(predicate::str::contains("kind person: 6"))
        .stdout(predicate::str::contains("alias kind short: 6"))
        .stdout(predicate::str::contains("0 error(s), 0 warning(s)"));
    comention()
        .args(["gazetteer", "check", "gazetteer"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "people.csv:2: error: duplicate id \"vladimir-putin\", first defined at <default>/",
        ))
        .stderr(predicate::str::contains(
            "are clashes with the default gazetteers, which build loads too; to check files that \
             replace them (an edited copy of gazetteers/), pass --no-default-gazetteers",
        ));
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("congo.csv"),
        "id,kind,label,aliases\nCOD,country,DR Congo,DR Congo|Congo\nCOG,country,Congo-Brazzaville,Congo-Brazzaville|Congo\n",
    )
    .unwrap();
    comention()
        .args(["gazetteer", "check", "--no-default-gazetteers"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: ambiguous alias \"congo\" is claimed by COD, COG",
        ));
}

#[test]
fn gazetteer_find_names_who_an_alias_may_be() {
    // Equal names first, with their aliases by kind and their other columns.
    let found = comention()
        .args(["gazetteer", "find", "costa"])
        .assert()
        .success()
        .stderr(predicate::str::contains("with exactly that name"));
    let out = String::from_utf8(found.get_output().stdout.clone()).unwrap();
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("antonio-costa  person  António Costa  (<default>/people.csv:"));
    assert!(out.contains("  aliases (short): Costa\n"), "{out}");
    assert!(
        out.contains("president of the European Council;EU;"),
        "{out}"
    );
    // Costa Rica contains it too, after the people called Costa.
    let rica = out.find("CRI  country  Costa Rica").unwrap();
    assert!(rica > out.find("antonio-costa").unwrap());
    // Folded as the matcher folds, in the gazetteers given too.
    comention()
        .args(["gazetteer", "find", "ERDOĞAN"])
        .assert()
        .success()
        .stdout(predicate::str::contains("recep-tayyip-erdogan  person"));
    comention()
        .args([
            "gazetteer",
            "find",
            "Zzqx",
            "--no-default-gazetteers",
            "-g",
            "gazetteer",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no entity's id, label or alias contains \"Zzqx\"",
        ));
}

#[test]
fn gazetteer_export_writes_the_default_gazetteers() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mine");
    comention()
        .args(["gazetteer", "export"])
        .arg(&folder)
        .assert()
        .success();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
    for name in ["countries.csv", "people.csv", "events.csv"] {
        assert_eq!(
            fs::read(folder.join(name)).unwrap(),
            fs::read(root.join(name)).unwrap(),
            "{name}"
        );
    }
    // The exported files stand for the defaults; checked with them, every problem is a clash.
    comention()
        .args(["gazetteer", "check", "--no-default-gazetteers"])
        .arg(&folder)
        .assert()
        .success();
    let clashing = comention()
        .args(["gazetteer", "check"])
        .arg(&folder)
        .assert()
        .code(1);
    let out = String::from_utf8(clashing.get_output().stdout.clone()).unwrap();
    let err = String::from_utf8(clashing.get_output().stderr.clone()).unwrap();
    let errors = out.lines().last().unwrap().split(' ').next().unwrap();
    assert!(
        err.contains(&format!("{errors} of these are clashes")),
        "{errors}: {err}"
    );
}

#[test]
fn default_gazetteers_are_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("comention")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "-", "-o"])
        .arg(&out)
        .write_stdin("Vladimir Putin met Kim Jong Un in Vladivostok.")
        .assert()
        .success();
    let edges = read_csv(&out.join("edges.csv"));
    assert!(edge(&edges, "kim-jong-un", "vladimir-putin").is_some());
}

#[test]
fn tag_streams_mentions_as_json_lines() {
    let assert = comention()
        .args(["tag", "--no-default-gazetteers", "-g", "gazetteer", "-"])
        .write_stdin("Putin met Kim Jong Un. Vladimir Putin left.")
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Putin, the cue "met", Kim Jong Un, Vladimir Putin.
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["entity"], "vladimir-putin");
    assert_eq!(lines[0]["resolution"], "short-form-ahead");
    assert_eq!(lines[1]["kind"], "cue");
    assert_eq!(lines[2]["text"], "Kim Jong Un");
    assert_eq!(lines[2]["start"], 10);
    assert_eq!(lines[2]["end"], 21);
    assert_eq!(lines[3]["sentence"], 1);
    // The node a graph would count it for: the entity, but for cues.
    assert_eq!(lines[0]["node"], "vladimir-putin");
    assert_eq!(lines[1]["node"], "");
    for field in [
        "doc",
        "entity",
        "kind",
        "label",
        "text",
        "start",
        "end",
        "sentence",
        "paragraph",
    ] {
        assert!(lines[0].get(field).is_some(), "field {field}");
    }
}

#[test]
fn tag_writes_csv_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.csv");
    comention()
        .args([
            "tag",
            "--no-default-gazetteers",
            "-g",
            "gazetteer",
            "--format",
            "csv",
            "articles/ankara.txt",
            "-o",
        ])
        .arg(&file)
        .assert()
        .success();
    let rows = read_csv(&file);
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[5]["entity"], "TUR");
}

/// Standard input is named `-`, and a lone `-` is no formula: the CSV keeps it as it is, like
/// the JSON lines.
#[test]
fn standard_input_keeps_its_name_in_csv() {
    let assert = comention()
        .args([
            "tag",
            "--no-default-gazetteers",
            "-g",
            "gazetteer",
            "--format",
            "csv",
            "-",
        ])
        .write_stdin("Vladimir Putin met Kim Jong Un.")
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let mut rows = csv::Reader::from_reader(stdout.as_bytes());
    let docs: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert!(!docs.is_empty());
    assert!(docs.iter().all(|d| d == "-"), "{docs:?}");
}

/// A usage error is an error (exit 1): exit 2 means a finished run that skipped some input.
#[test]
fn usage_errors_exit_1_not_the_code_for_skipped_input() {
    for args in [
        &["build", "--bogus", "x"][..],
        &["build", "articles", "-j", "0"],
        &["tag", "-", "--format", "xml"],
    ] {
        comention()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("error:"));
    }
    comention().args(["tag", "--help"]).assert().code(0);
}

#[test]
fn help_has_examples_and_version_is_printed() {
    for sub in ["build", "tag"] {
        comention()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    comention()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    // More output than a pipe holds, read by `head -1`: the writer meets a closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let mut gazetteer = String::from("id,kind,label,aliases\n");
    let mut text = String::new();
    for i in 0..3000 {
        // Pairs sharing an alias: one warning line each for `gazetteer check`.
        gazetteer.push_str(&format!(
            "a{i},person,A,Shared{i}|Name{i}\nb{i},person,B,Shared{i}\n"
        ));
        text.push_str(&format!("Name{i} spoke. "));
    }
    fs::write(dir.path().join("g.csv"), gazetteer).unwrap();
    // A gold document with none of those names annotated: 3000 false alarms to list.
    let gold = serde_json::json!({"id": "g", "text": text, "spans": []});
    fs::write(dir.path().join("gold.jsonl"), format!("{gold}\n")).unwrap();
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("comention");
    for args in [
        "gazetteer check g.csv",
        "tag --no-default-gazetteers -g g.csv a.txt",
        "eval --no-default-gazetteers -g g.csv --gold gold.jsonl --json",
    ] {
        let out = std::process::Command::new("bash")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!(
                "'{}' {args} | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}",
                bin.display()
            ))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args}: {stderr}");
    }
}

#[test]
fn filtered_evidence_keeps_guarded_ids() {
    // Ids that a spreadsheet would run as formulas are written with an apostrophe; the evidence
    // of a kept edge must still be found when edges are filtered.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.csv"),
        "id,kind,label,aliases\n-kim,person,Kim Jong Un,Kim Jong Un\nputin,person,Putin,Vladimir Putin\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Kim Jong Un met Vladimir Putin.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    comention()
        .current_dir(dir.path())
        .args([
            "build",
            "a.txt",
            "--no-default-gazetteers",
            "-g",
            "g.csv",
            "--min-weight",
            "0.5",
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let edges = read_csv(&out.join("edges.csv"));
    assert_eq!(edges.len(), 1);
    let evidence = read_csv(&out.join("evidence.csv"));
    assert_eq!(evidence.len(), 1, "{evidence:?}");
    assert_eq!(evidence[0]["source"], "'-kim");
}

#[test]
fn a_folder_built_into_itself_does_not_read_its_outputs_back() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixtures().join("articles")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let gazetteer = fixtures().join("gazetteer");
    let run = |out: &str| {
        comention()
            .current_dir(dir.path())
            .args(["build", ".", "--no-default-gazetteers", "-g"])
            .arg(&gazetteer)
            .args(["-o", out])
            .assert()
            .success()
            .stderr(predicate::str::contains("3 documents"))
    };
    // The default output folder, then the same by another name, then a tag file beside them.
    run("output");
    run("output");
    run("./output/");
    fs::remove_dir_all(dir.path().join("output")).unwrap();
    // Into the input folder itself.
    run(".");
    run(".");
    for name in comention::build::OUTPUT_FILES {
        fs::remove_file(dir.path().join(name)).unwrap();
    }
    // Through a link to a folder elsewhere.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("linked")).unwrap();
        run("linked");
        run("linked");
        fs::remove_file(dir.path().join("linked")).unwrap();
    }
    comention()
        .current_dir(dir.path())
        .args(["tag", ".", "--no-default-gazetteers", "-g"])
        .arg(&gazetteer)
        .args(["--format", "csv", "-o", "mentions.csv"])
        .assert()
        .success();
    comention()
        .current_dir(dir.path())
        .args(["tag", ".", "--no-default-gazetteers", "-g"])
        .arg(&gazetteer)
        .args(["--format", "csv", "-o", "mentions.csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 documents"));
}

#[test]
fn the_sample_readme_says_what_a_default_run_gives() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("docs/sample/README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = tempfile::tempdir().unwrap();
    let run = comention()
        .current_dir(root)
        .args([
            "build",
            "docs/sample/articles",
            "docs/sample/articles.jsonl",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    // "The result is 15 documents, 608 mentions (11 unresolved, 140 meeting words), 62 nodes
    // and 239 edges."
    let sentence = readme.split("The result is ").nth(1).unwrap();
    let sentence = &sentence[..sentence.find('.').unwrap()];
    let numbers: Vec<&str> = sentence
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let [docs, mentions, unresolved, cues, nodes, edges] = numbers[..] else {
        panic!("{sentence}");
    };
    for said in [
        format!("{docs} documents ("),
        format!(
            "{mentions} mentions ({unresolved} unresolved, {cues} meeting words), {nodes} nodes, \
             {edges} edges"
        ),
    ] {
        assert!(stderr.contains(&said), "the run says {stderr}, not {said}");
    }
    let documents = read_csv(&out.path().join("documents.csv"));
    let wire = documents
        .iter()
        .find(|d| d["doc"].ends_with("02-kim-putin-russky-island-wire.txt"))
        .unwrap();
    let said = format!("(resemblance {})", wire["resemblance"]);
    assert!(readme.contains(&said), "the README should say {said}");
}

#[test]
fn text_repeated_on_every_page_counts_once_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    let sidebar = "Top stories\nDonald Trump and Moon Jae-in meet at the border";
    for (name, story) in [
        ("a.txt", "Vladimir Putin met Kim Jong Un in Vladivostok."),
        ("b.txt", "Kim Jong Un left by train, Vladimir Putin said."),
        ("c.txt", "Tayyip Erdoğan spoke in Ankara."),
    ] {
        fs::write(pages.join(name), format!("{story}\n\n{sidebar}\n")).unwrap();
    }
    let run = |extra: &[&str], out: &str| {
        comention()
            .args(["build", "--no-default-gazetteers", "-g", "gazetteer", "-o"])
            .arg(dir.path().join(out))
            .arg(&pages)
            .args(extra)
            .assert()
            .success()
            .stderr(
                predicate::str::contains("2 windows skipped as repeated")
                    .count(usize::from(extra.contains(&"--skip-repeated-windows"))),
            );
        let out = dir.path().join(out);
        let edges = read_csv(&out.join("edges.csv"));
        let evidence = read_csv(&out.join("evidence.csv"));
        (edges, evidence, out)
    };
    let (edges, _, _) = run(&[], "every");
    let trump_moon = edge(&edges, "donald-trump", "moon-jae-in").unwrap();
    assert_eq!(trump_moon["Weight"], "3", "once per page");
    let (edges, evidence, once) = run(&["--skip-repeated-windows", "-j1"], "once");
    let trump_moon = edge(&edges, "donald-trump", "moon-jae-in").unwrap();
    assert_eq!(trump_moon["Weight"], "1", "once in all");
    assert_eq!(trump_moon["documents"], "1");
    // A story's own sentence, even a similar one, still counts.
    let putin_kim = edge(&edges, "kim-jong-un", "vladimir-putin").unwrap();
    assert_eq!(putin_kim["Weight"], "2");
    let sidebar_rows = evidence
        .iter()
        .filter(|e| e["source"] == "donald-trump")
        .count();
    assert_eq!(sidebar_rows, 1, "its evidence once, from the first page");
    // The mentions themselves are all kept.
    let nodes = read_csv(&once.join("nodes.csv"));
    let trump = nodes.iter().find(|n| n["Id"] == "donald-trump").unwrap();
    assert_eq!(trump["mentions"], "3");
    // The same bytes on two threads.
    let (_, _, twice) = run(&["--skip-repeated-windows", "-j2"], "once-j2");
    for name in comention::build::OUTPUT_FILES {
        assert_eq!(
            fs::read(once.join(name)).unwrap(),
            fs::read(twice.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn numbers_only_dates_are_read_in_the_order_asked() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.csv");
    fs::write(
        &export,
        "id,date,text\na,05/06/2023,Vladimir Putin met Kim Jong Un.\n\
         b,25/06/2023,Vladimir Putin met Kim Jong Un again.\n",
    )
    .unwrap();
    let page = dir.path().join("page.txt");
    fs::write(
        &page,
        "Home\nPublished 05/06/2023\n\nVladimir Putin met Kim Jong Un.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let dates = |order: &[&str]| {
        let mut args = vec![export.to_str().unwrap(), page.to_str().unwrap()];
        args.extend(order);
        let run = build(&args, &out).success();
        let documents = read_csv(&out.join("documents.csv"));
        let dates: Vec<String> = documents.iter().map(|d| d["date"].clone()).collect();
        (
            dates,
            String::from_utf8_lossy(&run.get_output().stderr).into_owned(),
        )
    };
    // Either way round: not read, and the note says what to pass.
    let (got, stderr) = dates(&[]);
    assert_eq!(got, ["", "2023-06-25", ""]);
    assert!(
        stderr.contains(
            "date \"05/06/2023\" not understood (day and month could be either way round: \
             pass --date-order day-first or month-first)"
        ),
        "{stderr}"
    );
    let (got, _) = dates(&["--date-order", "day-first"]);
    assert_eq!(got, ["2023-06-05", "2023-06-25", "2023-06-05"]);
    let (got, _) = dates(&["--date-order", "month-first"]);
    assert_eq!(got, ["2023-05-06", "2023-06-25", "2023-05-06"]);
}
