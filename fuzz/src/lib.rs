//! Checks shared by the fuzz targets. Each one panics (which libFuzzer reports as a crash) when
//! an invariant of comention's public API does not hold.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use comention::document::{Document, Origin};
use comention::fold::Case;
use comention::input::{Fields, InputFormat, InputItem, Inputs};
use comention::matcher::Hits;
use comention::pipeline::{Options, Scratch, Tagged};
use comention::sentences::Segmentation;
use comention::{Gazetteer, Tagger};

/// The fixed gazetteer of the `tag`, `jsonl` and `csv` targets: folding-heavy aliases, short and
/// exact forms, an ambiguous alias, non-Latin scripts.
pub const GAZETTEER: &str = "\
id,kind,label,aliases,aliases.short,aliases.capital,exact
PRK,country,North Korea,North Korea|DPRK,,Pyongyang,
KOR,country,South Korea,South Korea|Korea,,Seoul|서울,
USA,country,United States,United States|US|U.S.,,Washington,
TUR,country,Turkey,Turkey|Türkiye,,Ankara,Turkey
CIV,country,Côte d'Ivoire,Côte d’Ivoire|Ivory Coast,,,
COD,country,DR Congo,Democratic Republic of the Congo|Congo,,,
COG,country,Republic of the Congo,Republic of the Congo|Congo,,,
CHN,country,China,China|中国,,北京,
EGY,country,Egypt,Egypt|مصر,,,
ISL,country,Iceland,Iceland|Ísland|Þingvellir,,,
kim-jong-un,person,Kim Jong Un,Kim Jong Un|Kim Jong-un|김정은,Kim,,
kim-yo-jong,person,Kim Yo Jong,Kim Yo Jong,Kim,,
vladimir-putin,person,Vladimir Putin,Vladimir Putin|Vladimir V. Putin,Putin,,
erdogan,person,Recep Tayyip Erdoğan,Recep Tayyip Erdoğan,Erdoğan,,
strauss,person,Johann Strauß,Johann Strauß|Strauss,,,
istanbul,city,Istanbul,İstanbul,,,
g20,event,G20,G20|G-20,,,
cue-meet,cue,meet,meet|met|summit,,,
";

/// Every alias kind, capitals included.
pub fn all_alias_kinds() -> Options {
    Options {
        alias_kinds: Some(vec!["name".into(), "short".into(), "capital".into()]),
        ..Options::default()
    }
}

/// The tagger over [`GAZETTEER`], built once per process.
pub fn tagger() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| {
        let mut builder = Gazetteer::builder();
        builder.add_reader("fuzz.csv", GAZETTEER.as_bytes());
        let gazetteer = builder.build().expect("the fuzz gazetteer loads");
        Tagger::new(gazetteer, &all_alias_kinds()).expect("the fuzz gazetteer has aliases")
    })
}

/// A document with `text` and nothing else.
pub fn document(text: &str) -> Document {
    let origin = Origin {
        source: "fuzz".into(),
        line: None,
    };
    Document::new("fuzz", text, origin)
}

/// The invariants, shared with the property tests.
#[path = "../../tests/common/checks.rs"]
mod checks;

/// Panics with the message of a failed check, which libFuzzer reports as a crash.
fn crash_on(check: Result<(), String>) {
    if let Err(message) = check {
        panic!("{message}");
    }
}

/// The offset map of `original` folded with `case` is sound (see `tests/common/checks.rs`).
pub fn check_offset_map(original: &str, case: Case) {
    crash_on(checks::offset_map(original, case));
}

/// Sentences and paragraphs of `text` are sound.
pub fn check_segmentation(text: &str, s: &Segmentation) {
    crash_on(checks::segmentation(text, s));
}

/// Every hit of `text` is sound.
pub fn check_hits(tagger: &Tagger, text: &str, hits: &Hits) {
    crash_on(checks::hits(tagger.gazetteer(), text, hits));
}

/// Tags `text` with `tagger` and checks hits, sentences and mentions.
pub fn tag_and_check(tagger: &Tagger, text: &str) -> Tagged {
    let mut hits = Hits::default();
    tagger.matcher().find(text, &mut hits);
    check_hits(tagger, text, &hits);
    let mut s = Segmentation::default();
    s.split(text);
    check_segmentation(text, &s);
    s.keep_together(hits.hits().iter().map(|h| (h.start, h.end)));
    check_segmentation(text, &s);
    let tagged = tagger.tag(document(text), &mut Scratch::default());
    assert_eq!(tagged.mentions.len(), hits.hits().len());
    for (m, h) in tagged.mentions.iter().zip(hits.hits()) {
        assert_eq!((m.start, m.end), (h.start, h.end));
        assert_eq!(m.entity.is_some(), m.resolution.is_resolved(), "{m:?}");
        assert!(m.entity.is_some() || !m.candidates.is_empty(), "{m:?}");
        let x = s.sentences().get(m.sentence as usize);
        assert!(
            x.is_some_and(|x| x.start <= m.start && m.start < x.end && m.paragraph == x.paragraph),
            "mention {m:?} assigned to sentence {x:?} in {text:?}"
        );
    }
    for c in &tagged.counts.co_mentions {
        assert!(c.a < c.b, "{c:?}");
    }
    tagged
}

/// A folder for the reader targets' input files, made once per process: in memory (`/dev/shm`)
/// where there is one, since rewriting a file on disk can wait for the disk at every run.
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let builder = tempfile::Builder::new().prefix("comention-fuzz-").clone();
        builder
            .tempdir_in("/dev/shm")
            .or_else(|_| builder.tempdir())
            .expect("a temporary folder")
    })
    .path()
}

/// How a reader target writes its input: the first byte of the fuzz input chooses.
pub struct ReaderCase {
    /// The file to read.
    pub path: PathBuf,
    /// The bytes to write to it.
    pub bytes: Vec<u8>,
    /// `--input-format`.
    pub format: InputFormat,
    /// `--id-field` and the like.
    pub fields: Fields,
    /// Whether the input may decompress to more records than it has bytes.
    pub unbounded: bool,
}

/// Chooses file name, compression, format and fields from the first byte of `data`.
/// `extensions` are the plain file names to pick from (`in.jsonl`, `in.csv`, …).
pub fn reader_case(data: &[u8], extensions: &[&str], format: InputFormat) -> ReaderCase {
    let (&mode, body) = data.split_first().unwrap_or((&0, &[]));
    // Bits 0-2: file name; 3-4: compression; 5: odd fields; 6: format forced.
    let name = extensions[usize::from(mode & 0x07) % extensions.len()];
    let compression = (mode >> 3) & 0x03;
    let fields = if mode & 0x20 != 0 {
        // Fields that overlap and are often missing.
        Fields {
            id: "text".into(),
            text: "body".into(),
            title: "text".into(),
            date: "id".into(),
        }
    } else {
        Fields::default()
    };
    let format = if mode & 0x40 != 0 {
        format
    } else {
        InputFormat::Auto
    };
    let dir = scratch_dir();
    let (path, bytes, unbounded) = match compression {
        // Valid gzip around the input.
        1 => {
            use std::io::Write;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(body).expect("writing to memory");
            (
                dir.join(format!("{name}.gz")),
                gz.finish().expect("gzip"),
                false,
            )
        }
        // The input itself as gzip: mostly corrupt, sometimes a tiny bomb.
        2 => (dir.join(format!("{name}.gz")), body.to_vec(), true),
        _ => (dir.join(name), body.to_vec(), false),
    };
    ReaderCase {
        path,
        bytes,
        format,
        fields,
        unbounded,
    }
}

/// Writes the case's file, reads it with [`Inputs`] to the end, and tags every document.
pub fn read_all(case: ReaderCase) {
    std::fs::write(&case.path, &case.bytes).expect("writing the input file");
    let inputs = Inputs::new(
        std::slice::from_ref(&case.path),
        case.format,
        case.fields.clone(),
    )
    .expect("the input file exists");
    // Every record takes at least one byte (a line, a row), plus one file-level skip.
    let bound = case.bytes.len() + 2;
    let mut items = 0;
    for item in inputs {
        items += 1;
        if case.unbounded {
            if items > 100_000 {
                break;
            }
        } else {
            assert!(
                items <= bound,
                "more items than input bytes: reading does not advance"
            );
        }
        match item {
            InputItem::Document(d) => {
                assert!(!d.id.is_empty(), "empty document id: {d:?}");
                let tagged = tagger().tag(d, &mut Scratch::default());
                let text = &tagged.document.text;
                for m in &tagged.mentions {
                    assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                }
            }
            InputItem::Skipped(s) => assert!(!s.reason.is_empty(), "skipped without reason"),
        }
    }
}
