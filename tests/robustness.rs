//! Bad input gets a clear answer and loses nothing: hostile corpora, broken files, atomic
//! outputs and safe exports, each run through the real binary.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use common::{build, comention, read_csv};
use predicates::prelude::*;

fn write(path: &Path, bytes: &[u8]) {
    fs::write(path, bytes).unwrap();
}

fn gazetteer_dir() -> String {
    common::fixtures().join("gazetteer").display().to_string()
}

/// `comention build` in `dir` with the fixture gazetteer.
fn build_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("comention")
        .unwrap()
        .current_dir(dir)
        .args(["build", "--no-default-gazetteers", "-g", &gazetteer_dir()])
        .args(args)
        .assert()
}

/// `build -` in `dir`, writing to `dir/out`, reading what the test writes to its standard input.
fn build_from_a_pipe(dir: &Path) -> std::process::Child {
    use std::process::Stdio;
    Process::new(assert_cmd::cargo::cargo_bin("comention"))
        .current_dir(dir)
        .args(["build", "--no-default-gazetteers", "-g", &gazetteer_dir()])
        .args(["-", "-o", "out"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn invalid_utf8_is_replaced_counted_and_the_rest_still_tagged() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-8 ("café") with two bytes that are not.
    let mut text = b"Vladimir Putin met Kim Jong Un \xff\xfe in Vladivostok.".to_vec();
    text.extend_from_slice("\n\nPutin left the café.".as_bytes());
    write(&dir.path().join("a.txt"), &text);
    build_in(dir.path(), &["a.txt", "-o", "out"])
        .success()
        .stderr(predicate::str::contains(
            "1 document with invalid UTF-8 replaced",
        ))
        .stderr(predicate::str::contains(
            "comention: a.txt: invalid UTF-8 replaced by U+FFFD",
        ));
    let mentions = read_csv(&dir.path().join("out/mentions.csv"));
    assert_eq!(mentions.len(), 4, "{mentions:?}");
    let doc = fs::read(dir.path().join("a.txt")).unwrap();
    // Offsets refer to the repaired text, in which each bad byte became U+FFFD (3 bytes).
    let repaired = String::from_utf8_lossy(&doc);
    for m in &mentions {
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        assert_eq!(&repaired[s..e], m["text"]);
    }
}

#[test]
fn a_file_in_windows_1252_is_read_as_such() {
    let dir = tempfile::tempdir().unwrap();
    // Saved by an old site or Windows tool: curly apostrophe 0x92, pound sign 0xA3, é 0xE9.
    let text = b"Vladimir Putin\x92s \xa35m deal with Kim Jong Un, caf\xe9 talks.";
    write(&dir.path().join("latin.txt"), text);
    build_in(dir.path(), &["latin.txt", "-o", "out"])
        .success()
        .stderr(predicate::str::contains("1 document read as Windows-1252"))
        .stderr(predicate::str::contains(
            "latin.txt: not UTF-8, read as Windows-1252",
        ));
    let read = "Vladimir Putin\u{2019}s \u{a3}5m deal with Kim Jong Un, caf\u{e9} talks.";
    let mentions = read_csv(&dir.path().join("out/mentions.csv"));
    assert_eq!(mentions.len(), 3, "Putin, Kim, talks: {mentions:?}");
    for m in &mentions {
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        assert_eq!(&read[s..e], m["text"]);
    }
    let evidence = read_csv(&dir.path().join("out/evidence.csv"));
    assert_eq!(evidence[0]["text"], read);
}

#[test]
fn empty_files_are_skipped_and_empty_records_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("empty.txt"), b"");
    write(&dir.path().join("blank.txt"), b"\n\n   \n");
    write(
        &dir.path().join("empty.jsonl"),
        b"{\"id\": \"e\", \"text\": \"\"}\n",
    );
    // A page that failed to download is not a document; a record with an empty text is one.
    build_in(dir.path(), &[".", "-o", "out"])
        .code(2)
        .stderr(predicate::str::contains("1 document ("))
        .stderr(predicate::str::contains("empty.txt: empty file"))
        .stderr(predicate::str::contains("blank.txt: empty file"));
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    assert_eq!(documents.len(), 1);
    assert!(documents[0]["mentions"] == "0" && documents[0]["status"] == "counted");
    let skipped = read_csv(&dir.path().join("out/skipped.csv"));
    assert_eq!(skipped.len(), 2);
}

#[test]
fn a_document_id_used_twice_is_named_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // A scraper that fetched a live page twice (the id is its address) and an export that
    // numbered two stories alike.
    write(
        &dir.path().join("a.jsonl"),
        concat!(
            "{\"id\": \"live-1\", \"text\": \"Vladimir Putin met Kim Jong Un in Vladivostok.\"}\n",
            "{\"id\": \"7\", \"text\": \"Donald Trump flew to Seoul.\"}\n",
            "{\"id\": \"live-1\", \"text\": \"Vladimir Putin met Kim Jong Un in Vladivostok.\"}\n",
            "{\"id\": \"live-2\", \"text\": \"Vladimir Putin met Kim Jong Un in Vladivostok.\"}\n",
            "{\"id\": \"live-2\", \"text\": \"Vladimir Putin met Kim Jong Un in Vladivostok.\"}\n",
        )
        .as_bytes(),
    );
    write(
        &dir.path().join("b.jsonl"),
        b"{\"id\": 7, \"text\": \"Kim Jong Un met Donald Trump in Hanoi.\"}\n",
    );
    // A page read again is a duplicate story (documents.csv says so), under whatever id: no
    // warning. Two stories under one id are named, and counted in the summary.
    build_in(dir.path(), &["a.jsonl", "b.jsonl", "-o", "out"])
        .success()
        .stderr(predicate::str::contains(
            "b.jsonl:1: document id \"7\" was used by an earlier document",
        ))
        .stderr(predicate::str::contains("live-").not())
        .stderr(predicate::str::contains("1 document reusing an earlier id"))
        // No document has a date, the duplicate included: nothing to say about dates.
        .stderr(predicate::str::contains("without a date").not());
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    assert_eq!(documents[2]["status"], "duplicate");
    assert_eq!(documents[2]["duplicate_of"], "live-1");
    // Counted twice, the page is a repeated id too.
    build_in(
        dir.path(),
        &["a.jsonl", "b.jsonl", "-o", "out", "--keep-duplicates"],
    )
    .success()
    .stderr(predicate::str::contains(
        "a.jsonl:3: document id \"live-1\" was used by an earlier document",
    ))
    .stderr(predicate::str::contains(
        "a.jsonl:5: document id \"live-2\" was used by an earlier document",
    ))
    .stderr(predicate::str::contains(
        "3 documents reusing an earlier id",
    ));
    Command::cargo_bin("comention")
        .unwrap()
        .current_dir(dir.path())
        .args(["tag", "--no-default-gazetteers", "-g", &gazetteer_dir()])
        .args(["a.jsonl", "b.jsonl"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 documents reusing an earlier id",
        ));
    // Without an id field, documents are named by file and line: the same lines of two
    // files are two documents.
    for name in ["c.jsonl", "d.jsonl"] {
        write(
            &dir.path().join(name),
            b"{\"text\": \"Putin.\"}\n{\"text\": \"Kim.\"}\n",
        );
    }
    build_in(
        dir.path(),
        &["c.jsonl", "d.jsonl", "-o", "out2", "--keep-duplicates"],
    )
    .success()
    .stderr(predicate::str::contains("4 documents"))
    .stderr(predicate::str::contains("earlier id").not());
}

#[test]
fn truncated_gzip_keeps_what_was_read_and_says_what_was_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2000 {
        writeln!(
            gz,
            "{{\"id\": \"d{i}\", \"text\": \"Vladimir Putin met Kim Jong Un, meeting number {i}.\"}}"
        )
        .unwrap();
    }
    let bytes = gz.finish().unwrap();
    write(&dir.path().join("news.jsonl.gz"), &bytes[..bytes.len() / 2]);
    build_in(
        dir.path(),
        &["news.jsonl.gz", "-o", "out", "--keep-duplicates"],
    )
    .code(2)
    .stderr(predicate::str::contains("news.jsonl.gz:"))
    .stderr(predicate::str::contains("rest of file skipped"));
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    let skipped = read_csv(&dir.path().join("out/skipped.csv"));
    assert!(documents.len() > 100, "records before the break are kept");
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["reason"].contains("rest of file skipped"));
}

#[test]
fn a_csv_quote_never_closed_is_reported_not_swallowed_into_one_document() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("export.csv"),
        "id,date,text\n\
         a,2019-04-25,\"Vladimir Putin met Kim Jong Un in Vladivostok.\n\nThey talked.\"\n\
         b,2019-04-26,\"Kim Jong Un said \"\"goodbye\"\" and left.\n\
         c,2019-04-27,Donald Trump met Moon Jae-in.\n"
            .as_bytes(),
    );
    build_in(dir.path(), &["export.csv", "-o", "out"])
        .code(2)
        .stderr(predicate::str::contains("export.csv:5: a quoted field"))
        .stderr(predicate::str::contains("1 document ("));
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    let ids: Vec<&str> = documents.iter().map(|d| d["doc"].as_str()).collect();
    assert_eq!(ids, ["a"], "row b would otherwise carry row c as its text");
    let skipped = read_csv(&dir.path().join("out/skipped.csv"));
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["line"], "5", "row a spans lines 2 to 4");
    assert!(skipped[0]["reason"].contains("never closed"));
}

/// Runs a build into `dir/out` from a pipe that gets `line` and then stays open, so that the run
/// waits for more while its outputs are being written, and interrupts it (SIGINT) once a
/// temporary output file is there.
#[cfg(unix)]
fn interrupt_while_writing(dir: &Path, line: &[u8]) -> std::process::Output {
    use std::time::{Duration, Instant};
    let out = dir.join("out");
    let mut child = build_from_a_pipe(dir);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(line).unwrap();
    stdin.flush().unwrap();
    let started = Instant::now();
    while !out.exists() || temporaries(&out) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no output started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Process::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    output
}

/// The temporary output files in `dir`.
#[cfg(unix)]
fn temporaries(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .count()
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_removes_its_unfinished_outputs_and_keeps_the_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    write(&out.join("edges.csv"), b"previous\n");
    let output = interrupt_while_writing(
        dir.path(),
        b"{\"id\": \"a\", \"text\": \"Vladimir Putin met Kim Jong Un.\"}\n",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(temporaries(&out), 0, "unfinished outputs are removed");
    assert_eq!(
        fs::read_to_string(out.join("edges.csv")).unwrap(),
        "previous\n"
    );
    // A run into a folder it created leaves no empty folder.
    fs::remove_dir_all(&out).unwrap();
    let output = interrupt_while_writing(dir.path(), b"{\"text\": \"Kim Jong Un.\"}\n");
    assert_eq!(output.status.code(), Some(130));
    assert!(!out.exists(), "the new folder is removed");
}

#[test]
fn a_table_on_standard_input_is_recognised_however_the_pipe_delivers_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = build_from_a_pipe(dir.path());
    let mut stdin = child.stdin.take().unwrap();
    // The header arrives in two pieces, after a blank line.
    stdin.write_all(b"\nid,").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    stdin
        .write_all(b"text\nt1,Vladimir Putin met Kim Jong Un.\nt2,Kim Jong Un left.\n")
        .unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("2 documents"), "{stderr}");
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    let ids: Vec<&str> = documents.iter().map(|d| d["doc"].as_str()).collect();
    assert_eq!(ids, ["t1", "t2"]);
}

#[cfg(unix)]
#[test]
fn unreadable_entries_in_a_folder_are_listed_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    write(&corpus.join("a.txt"), b"Vladimir Putin met Kim Jong Un.");
    write(&corpus.join("c.txt"), b"Donald Trump met Kim Jong Un.");
    std::os::unix::fs::symlink(corpus.join("missing.txt"), corpus.join("b-broken.txt")).unwrap();
    let fifo = corpus.join("d.fifo");
    let made = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    write(&corpus.join("e.bin"), b"\x00\x01\x02 binary \x00");
    build_in(dir.path(), &["corpus", "-o", "out"]).code(2);
    let skipped = read_csv(&dir.path().join("out/skipped.csv"));
    let reasons: Vec<(String, String)> = skipped
        .iter()
        .map(|s| {
            let name = Path::new(&s["source"])
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            (name, s["reason"].clone())
        })
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(reasons[0].0, "b-broken.txt");
    assert!(reasons[0].1.starts_with("cannot read"), "{reasons:?}");
    assert_eq!(
        reasons[1],
        (
            "d.fifo".into(),
            "not a regular file (a device, pipe or socket)".into()
        )
    );
    assert_eq!(reasons[2].0, "e.bin");
    assert!(reasons[2].1.contains("binary"));
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    assert_eq!(documents.len(), 2, "a.txt and c.txt");
}

#[test]
fn every_input_record_is_accounted_for() {
    let out = tempfile::tempdir().unwrap();
    // news.jsonl: 6 records (one not JSON, one without text); meetings.jsonl: 5 (one copy).
    build(&["news.jsonl", "meetings.jsonl"], out.path()).code(2);
    let documents = read_csv(&out.path().join("documents.csv"));
    let skipped = read_csv(&out.path().join("skipped.csv"));
    assert_eq!(documents.len() + skipped.len(), 11);
    let counted = documents
        .iter()
        .filter(|d| d["status"] == "counted")
        .count();
    let duplicates = documents
        .iter()
        .filter(|d| d["status"] == "duplicate")
        .count();
    assert_eq!((counted, duplicates, skipped.len()), (8, 1, 2));
}

#[test]
fn regex_like_aliases_match_literally() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("g.csv"),
        "id,kind,label,aliases\ncpp,language,C++,C++ (lang)*|C++\ndot,thing,Dot,a.b\n".as_bytes(),
    );
    let assert = Command::cargo_bin("comention")
        .unwrap()
        .current_dir(dir.path())
        .args(["tag", "--no-default-gazetteers", "-g", "g.csv", "-"])
        .write_stdin("We use C++ (lang)* daily, and C++ too; axb is not a.b's twin.")
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let texts: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(texts, ["C++ (lang)*", "C++", "a.b"]);
}

#[test]
fn an_output_folder_that_cannot_be_created_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("file"), b"not a folder");
    write(
        &dir.path().join("a.txt"),
        b"Vladimir Putin met Kim Jong Un.",
    );
    build_in(dir.path(), &["a.txt", "-o", "file/out"])
        .code(1)
        .stderr(predicate::str::contains("cannot write file/out"));
    build_in(dir.path(), &["a.txt", "-o", "file"])
        .code(1)
        .stderr(predicate::str::contains(
            "cannot write file: it is a file, not a folder",
        ))
        .stderr(predicate::str::contains("folder: give a folder's name\n"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_not_a_silent_truncation() {
    let out = fs::File::create("/dev/full").unwrap();
    let run = Process::new(assert_cmd::cargo::cargo_bin("comention"))
        .current_dir(common::fixtures())
        .args([
            "tag",
            "--no-default-gazetteers",
            "-g",
            "gazetteer",
            "articles",
        ])
        .stdout(out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_run_killed_mid_write_leaves_the_previous_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A first, complete run.
    write(
        &dir.path().join("small.txt"),
        b"Vladimir Putin met Kim Jong Un.",
    );
    build_in(dir.path(), &["small.txt", "-o", "out"]).success();
    let before = fs::read(out.join("mentions.csv")).unwrap();
    // A second run over a large corpus, killed by the file-size limit (SIGXFSZ) while writing.
    let mut big = fs::File::create(dir.path().join("big.jsonl")).unwrap();
    for i in 0..20_000 {
        writeln!(
            big,
            "{{\"id\": \"d{i}\", \"text\": \"Donald Trump met Kim Jong Un, talks number {i}.\"}}"
        )
        .unwrap();
    }
    drop(big);
    let bin = assert_cmd::cargo::cargo_bin("comention");
    let status = Process::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "ulimit -f 256; exec '{}' build --no-default-gazetteers -g '{}' --keep-duplicates -q big.jsonl -o out",
            bin.display(),
            gazetteer_dir()
        ))
        .status()
        .unwrap();
    assert!(
        !status.success(),
        "the run must have been stopped by the size limit"
    );
    assert_eq!(
        fs::read(out.join("mentions.csv")).unwrap(),
        before,
        "previous outputs intact"
    );
    for name in [
        "graph.graphml",
        "nodes.csv",
        "edges.csv",
        "evidence.csv",
        "documents.csv",
    ] {
        let text = fs::read_to_string(out.join(name)).unwrap();
        assert!(!text.contains("Trump"), "{name} is from the first run");
    }
}

#[test]
fn csv_text_that_looks_like_a_formula_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("g.csv"),
        "id,kind,label,aliases,note\n\
         x,person,\"=HYPERLINK(\"\"http://evil\"\")\",Xavier Evil,@SUM(A1)\n\
         y,person,Yolanda,Yolanda Good,-3\n"
            .as_bytes(),
    );
    write(&dir.path().join("a.txt"), b"Xavier Evil met Yolanda Good.");
    let run = |extra: &[&str]| {
        Command::cargo_bin("comention")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "build",
                "--no-default-gazetteers",
                "-g",
                "g.csv",
                "a.txt",
                "-o",
                "out",
            ])
            .args(extra)
            .assert()
            .success();
        read_csv(&dir.path().join("out/nodes.csv"))
    };
    let nodes = run(&[]);
    let x = nodes.iter().find(|n| n["Id"] == "x").unwrap();
    assert_eq!(x["Label"], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(x["note"], "'@SUM(A1)");
    let y = nodes.iter().find(|n| n["Id"] == "y").unwrap();
    assert_eq!(y["note"], "'-3");
    assert_eq!(y["mentions"], "1", "numbers are never changed");
    let raw = run(&["--raw-csv"]);
    let x = raw.iter().find(|n| n["Id"] == "x").unwrap();
    assert_eq!(x["Label"], "=HYPERLINK(\"http://evil\")");
    // GraphML carries the text unchanged, escaped.
    let graphml = fs::read_to_string(dir.path().join("out/graph.graphml")).unwrap();
    assert!(graphml.contains(">=HYPERLINK(\"http://evil\")</data>"));
}

#[test]
fn a_long_single_line_document_is_tagged_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Vladimir Putin met Kim Jong Un and Putin praised Kim, ";
    let mut text = String::with_capacity(8 << 20);
    while text.len() < 8 << 20 {
        text.push_str(sentence);
    }
    write(&dir.path().join("long.txt"), text.as_bytes());
    let n = text.len() / sentence.len();
    build_in(
        dir.path(),
        &["long.txt", "-o", "out", "--window", "document"],
    )
    .success();
    let edges = read_csv(&dir.path().join("out/edges.csv"));
    assert_eq!(edges.len(), 1);
    let nodes = read_csv(&dir.path().join("out/nodes.csv"));
    let putin = nodes.iter().find(|x| x["Id"] == "vladimir-putin").unwrap();
    assert_eq!(putin["mentions"], (2 * n).to_string());
}

#[test]
fn closed_or_empty_standard_input_is_one_empty_document() {
    let out = tempfile::tempdir().unwrap();
    comention()
        .args([
            "build",
            "--no-default-gazetteers",
            "-g",
            "gazetteer",
            "-",
            "-o",
        ])
        .arg(out.path())
        .write_stdin("")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 document (0 B), 0 mentions"));
}

#[test]
fn text_on_standard_input_that_starts_with_a_brace_gets_a_hint() {
    let out = tempfile::tempdir().unwrap();
    let text = "\n\n{Editor's note: updated} Vladimir Putin met Kim Jong Un.\nMore text.\n";
    let run = |extra: &[&str]| {
        comention()
            .args(["tag", "--no-default-gazetteers", "-g", "gazetteer", "-"])
            .args(extra)
            .write_stdin(text)
            .assert()
    };
    // Taken for JSON lines, the first line says how to read it as text (after blank lines too);
    // the second does not repeat it.
    let assert = run(&[]).code(1).stderr(predicate::str::contains(
        "skipped -:3: invalid JSON at column 2: key must be a string (read as JSON lines because \
         it starts with '{'; if it is plain text, give --input-format text)",
    ));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(stderr.matches("--input-format text").count(), 1, "{stderr}");
    run(&["--input-format", "text"])
        .success()
        .stdout(predicate::str::contains("\"entity\":\"kim-jong-un\""));
    // A JSON lines file named as such gets no hint: its first line is broken, not misread.
    let file = out.path().join("a.jsonl");
    fs::write(&file, text).unwrap();
    comention()
        .args(["tag", "--no-default-gazetteers", "-g", "gazetteer"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--input-format").not());
}

/// A 200 MB document on one line (a scraper that lost every line break), through the release
/// binary: the debug build would take minutes over it. It is read, folded and tagged as one text,
/// with every mention counted.
#[test]
fn a_200_mb_single_line_document_is_tagged_whole() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Process::new(&cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--release", "--quiet", "--bin", "comention"])
        .status()
        .expect("cannot run cargo");
    assert!(built.success(), "cargo build --release failed");
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let release = tmp.parent().unwrap_or(tmp).join("release/comention");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    let filler = "officials said the talks went on for hours while reporters waited outside, ";
    let names = "Vladimir Putin met Kim Jong Un and Putin praised Kim, ";
    let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let (mut size, mut blocks) = (0, 0);
    while size < 200 << 20 {
        for _ in 0..25 {
            out.write_all(filler.as_bytes()).unwrap();
        }
        out.write_all(names.as_bytes()).unwrap();
        size += 25 * filler.len() + names.len();
        blocks += 1;
    }
    out.flush().unwrap();
    drop(out);
    let run = Process::new(&release)
        .current_dir(dir.path())
        .args(["build", "--no-default-gazetteers", "-g", &gazetteer_dir()])
        .args(["one-line.txt", "-o", "out", "--window", "document", "-q"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let documents = read_csv(&dir.path().join("out/documents.csv"));
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["bytes"], size.to_string());
    let nodes = read_csv(&dir.path().join("out/nodes.csv"));
    for id in ["vladimir-putin", "kim-jong-un"] {
        let node = nodes.iter().find(|x| x["Id"] == id).unwrap();
        assert_eq!(node["mentions"], (2 * blocks).to_string(), "{id}");
    }
    let edges = read_csv(&dir.path().join("out/edges.csv"));
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["Weight"], "1");
}
