//! Criterion benches for the hot loops: folding, matching, sentence splitting and whole-document
//! tagging, on news-like text and gazetteers generated here (nothing is read from disk), plus a
//! bare Aho-Corasick DFA scan of the same text as the baseline the issue names.
//!
//! `cargo bench --bench matching` runs them all; `cargo bench --bench matching -- find` only the
//! matcher. Throughput is in bytes of text per second. `bash bench/run.sh` measures the whole
//! program against FlashText and spaCy; these benches are for work on one stage.

use std::fmt::Write as _;
use std::hint::black_box;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

use comention::document::{Document, Origin};
use comention::fold::{Case, FoldedText};
use comention::matcher::Hits;
use comention::pipeline::{Options, Scratch};
use comention::sentences::Segmentation;
use comention::{Gazetteer, Matcher, Tagger};

/// A small deterministic generator (xorshift64*), so the inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &str = "\
    James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara \
    Richard Susan Joseph Ahmed Fatima Mohammed Aisha Omar Layla Hassan Yusuf Amina Wei Ming \
    Hiroshi Yuki Kenji Olga Ivan Sergei Natalia Dmitri Anna Pierre Marie Jean Claire Hans \
    Greta Klaus Carlos Maria José Lucía Miguel Sofia Raj Priya Arjun Kwame Kofi Chidi Ngozi \
    Lars Sven Astrid Pedro João Giorgio Giulia Andrzej Katarzyna Mehmet Ayşe Mustafa Nguyen";

const LAST: &str = "\
    Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez \
    Lopez Gonzalez Wilson Anderson Taylor Moore Jackson Martin Thompson White Harris Clark \
    Lewis Robinson Walker Khan Hussein Rahman Haddad Nasser Wang Zhang Chen Liu Yang Tanaka \
    Suzuki Sato Ivanov Petrov Smirnov Dubois Lefebvre Moreau Müller Schmidt Schneider \
    Fischer Rossi Russo Ferrari Silva Santos Oliveira Patel Sharma Singh Okafor Mensah \
    Diallo Kowalski Nowak Yılmaz Kaya Erdoğan Andersson Novak Kovacs Papadopoulos";

const MIDDLE: &str = "Ali Anne Paul Lee Marie Jun Karl Luis Maria Noor Ray Rose";

/// Countries: id, label, aliases, demonyms.
const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    (
        "USA",
        "United States",
        "United States|US|U.S.|United States of America",
        "American",
    ),
    (
        "GBR",
        "United Kingdom",
        "United Kingdom|UK|Britain|Great Britain",
        "British",
    ),
    ("RUS", "Russia", "Russia|Russian Federation", "Russian"),
    ("PRK", "North Korea", "North Korea|DPRK", "North Korean"),
    ("KOR", "South Korea", "South Korea|Korea", "South Korean"),
    (
        "CHN",
        "China",
        "China|People's Republic of China",
        "Chinese",
    ),
    ("FRA", "France", "France", "French"),
    ("DEU", "Germany", "Germany", "German"),
    ("TUR", "Turkey", "Turkey|Türkiye", "Turkish"),
    ("IRN", "Iran", "Iran", "Iranian"),
    ("IND", "India", "India", "Indian"),
    ("JPN", "Japan", "Japan", "Japanese"),
    ("BRA", "Brazil", "Brazil", "Brazilian"),
    (
        "CIV",
        "Côte d'Ivoire",
        "Côte d'Ivoire|Ivory Coast",
        "Ivorian",
    ),
    ("ZAF", "South Africa", "South Africa", "South African"),
    ("NGA", "Nigeria", "Nigeria", "Nigerian"),
    ("EGY", "Egypt", "Egypt", "Egyptian"),
    ("MEX", "Mexico", "Mexico", "Mexican"),
    ("POL", "Poland", "Poland", "Polish"),
    ("UKR", "Ukraine", "Ukraine", "Ukrainian"),
];

/// A gazetteer with the countries above and people (full names, some with a middle name or an
/// initial, and a surname as short form) up to about `aliases` aliases.
fn gazetteer_csv(aliases: usize) -> (String, Vec<(String, String)>) {
    let mut csv = String::from("id,kind,label,aliases,aliases.short,aliases.demonym\n");
    let mut n = 0;
    for (id, label, names, demonym) in COUNTRIES {
        writeln!(csv, "{id},country,{label},{names},,{demonym}").unwrap();
        n += names.split('|').count() + 1;
    }
    let first: Vec<&str> = FIRST.split_whitespace().collect();
    let middle: Vec<&str> = MIDDLE.split_whitespace().collect();
    let last: Vec<&str> = LAST.split_whitespace().collect();
    let mut people = vec![];
    let mut rng = Rng(0x5eed);
    let mut k = 0;
    let mut seen = std::collections::HashSet::new();
    while n < aliases {
        let (f, l) = (rng.pick(&first), rng.pick(&last));
        let full = match rng.below(4) {
            0 | 1 => format!("{f} {l}"),
            2 => format!("{f} {} {l}", rng.pick(&middle)),
            _ => format!("{f} {}. {l}", (b'A' + rng.below(26) as u8) as char),
        };
        let full = if seen.contains(&full) {
            format!("{full} {}", ["Jr.", "II", "III", "Sr."][rng.below(4)])
        } else {
            full
        };
        if !seen.insert(full.clone()) {
            continue;
        }
        k += 1;
        writeln!(csv, "p{k},person,{full},{full},{l},").unwrap();
        people.push((full, l.to_string()));
        n += 2;
    }
    (csv, people)
}

fn gazetteer(aliases: usize) -> (Gazetteer, Vec<(String, String)>) {
    let (csv, people) = gazetteer_csv(aliases);
    let mut builder = Gazetteer::builder();
    builder.add_reader("bench.csv", csv.as_bytes());
    (builder.build().expect("bench gazetteer loads"), people)
}

const FILLER: &[&str] = &[
    "The government said on Tuesday that talks would continue next week.",
    "Analysts warned that markets remained cautious after the announcement.",
    "It was not immediately clear how the measures would be paid for.",
    "The figures, published on Wednesday, showed growth slowing for a third quarter.",
    "A spokesman declined to comment on the reports, citing the ongoing inquiry.",
    "Prices have risen sharply since the start of the year, according to official data.",
    "Mr. Brown, a former minister, said the plan was \u{201c}a step in the right direction\u{201d}.",
    "The opposition called for an inquiry into the spending plans announced this month.",
    "Shares in the company fell 3.2% in early trading \u{2013} their lowest since 2019.",
];

/// News-like documents of 1–8 KB: a headline, paragraphs of sentences, about one name per 230
/// bytes, with the variants folding deals with (curly apostrophes, dashes, capitals, accents).
fn documents(people: &[(String, String)], bytes: usize) -> Vec<String> {
    let mut rng = Rng(0xdecade);
    let countries: Vec<&str> = COUNTRIES.iter().map(|c| c.1).collect();
    let mut docs = vec![];
    let mut total = 0;
    while total < bytes {
        let mut text = String::new();
        let (a, sa) = &people[rng.below(people.len())];
        let (b, sb) = &people[rng.below(people.len())];
        writeln!(text, "{sa} and {sb} meet in {}\n", rng.pick(&countries)).unwrap();
        let paragraphs = 2 + rng.below(4);
        for p in 0..paragraphs {
            for s in 0..(1 + rng.below(3)) {
                let c = rng.pick(&countries);
                match (p + s + rng.below(7)) % 7 {
                    0 => write!(text, "{a} met {b} in {c} on Monday to discuss trade. "),
                    1 => write!(
                        text,
                        "{sa}\u{2019}s office said the {c} visit was postponed. "
                    ),
                    2 => write!(text, "Officials in the US and {c} said {sb} would attend. "),
                    3 => write!(
                        text,
                        "{} told reporters that {c}\u{2013}US ties had improved. ",
                        a.to_uppercase()
                    ),
                    4 => write!(text, "The {}-led talks with {c}'s envoy ended late. ", sb),
                    5 => write!(text, "Let us be clear, {sb} said of the {c} deal. "),
                    _ => write!(text, "{} ", rng.pick(FILLER)),
                }
                .unwrap();
                for _ in 0..5 + rng.below(4) {
                    text.push_str(rng.pick(FILLER));
                    text.push(' ');
                }
            }
            text.push_str("\n\n");
        }
        total += text.len();
        docs.push(text);
    }
    docs
}

fn document(id: usize, text: &str) -> Document {
    let origin = Origin {
        source: "bench".into(),
        line: Some(id as u64 + 1),
    };
    Document::new(format!("doc-{id}"), text, origin)
}

const TEXT_BYTES: usize = 1 << 20;

fn hot_loops(c: &mut Criterion) {
    let (gazetteer, people) = gazetteer(10_000);
    let docs = documents(&people, TEXT_BYTES);
    let bytes: usize = docs.iter().map(String::len).sum();

    let mut group = c.benchmark_group("1MB news, 10k aliases");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);

    let mut folded = FoldedText::default();
    group.bench_function("fold", |b| {
        b.iter(|| {
            for d in &docs {
                folded.fold_into(black_box(d), Case::Fold);
            }
        })
    });

    let matcher = Matcher::new(&gazetteer).expect("matcher builds");
    let mut hits = Hits::default();
    let found: usize = docs
        .iter()
        .map(|d| {
            matcher.find(d, &mut hits);
            hits.hits().len()
        })
        .sum();
    eprintln!(
        "bench text: {} documents, {bytes} bytes, one name per {} bytes",
        docs.len(),
        bytes / found.max(1)
    );
    group.bench_function("find", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                matcher.find(black_box(d), &mut hits);
                n += hits.hits().len();
            }
            n
        })
    });

    let mut segmentation = Segmentation::default();
    group.bench_function("split", |b| {
        b.iter(|| {
            for d in &docs {
                segmentation.split(black_box(d));
            }
        })
    });

    // Tagging alone, as `comention tag` does it: no duplicate fingerprints.
    let options = Options {
        dedupe: false,
        ..Options::default()
    };
    let tagger = Tagger::new(gazetteer.clone(), &options).expect("tagger builds");
    let mut scratch = Scratch::default();
    let records: Vec<Document> = docs
        .iter()
        .enumerate()
        .map(|(i, t)| document(i, t))
        .collect();
    group.bench_function("tag", |b| {
        b.iter_batched(
            || records.clone(),
            |records| {
                let mut n = 0;
                for d in records {
                    n += tagger.tag(d, &mut scratch).mentions.len();
                }
                n
            },
            BatchSize::LargeInput,
        )
    });

    // The baseline of the issue: a bare Aho-Corasick DFA over the same aliases, ignoring ASCII
    // case, with no folding and no word boundaries.
    let aliases: Vec<String> = gazetteer
        .entities()
        .iter()
        .flat_map(|e| e.aliases.iter().map(|a| a.text.clone()))
        .collect();
    let dfa = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&aliases)
        .expect("DFA builds");
    group.bench_function("baseline aho-corasick DFA", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                n += dfa.find_iter(black_box(d.as_str())).count();
            }
            n
        })
    });
    group.finish();
}

/// Matching alone as the gazetteer grows; the text stays the same.
fn find_by_gazetteer_size(c: &mut Criterion) {
    let (_, people) = gazetteer(10_000);
    let docs = documents(&people, TEXT_BYTES);
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("find by gazetteer size");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for size in [1_000, 10_000, 100_000] {
        let (gazetteer, _) = gazetteer(size);
        let matcher = Matcher::new(&gazetteer).expect("matcher builds");
        let mut hits = Hits::default();
        group.bench_function(format!("{size} aliases"), |b| {
            b.iter(|| {
                let mut n = 0;
                for d in &docs {
                    matcher.find(black_box(d), &mut hits);
                    n += hits.hits().len();
                }
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, hot_loops, find_by_gazetteer_size);
criterion_main!(benches);
