//! The gazetteer parser: any bytes as gazetteer CSV must load or be rejected with problems,
//! never panic. A gazetteer that loads is then matched against text: the bytes after the first
//! NUL, or else the gazetteer's own text (which holds every alias).
#![no_main]

use comention::{Gazetteer, GazetteerError, Tagger};
use comention_fuzz::{all_alias_kinds, tag_and_check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (csv, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let mut checker = Gazetteer::builder();
    checker.add_reader("fuzz.csv", csv);
    if let Ok((_, problems)) = checker.check() {
        for p in &problems {
            assert!(
                !p.message.is_empty() && &*p.origin.source == "fuzz.csv",
                "{p:?}"
            );
        }
    }
    let mut builder = Gazetteer::builder();
    builder.add_reader("fuzz.csv", csv);
    let gazetteer = match builder.build() {
        Ok(g) => g,
        Err(GazetteerError::Invalid(problems)) => {
            assert!(!problems.is_empty(), "rejected without a reason");
            return;
        }
        Err(e) => panic!("reading from memory cannot fail with {e}"),
    };
    for e in gazetteer.entities() {
        assert_eq!(
            gazetteer.find(&e.id).map(|i| &gazetteer.entity(i).id),
            Some(&e.id)
        );
        assert!(
            !e.aliases.is_empty(),
            "entity {:?} loaded without aliases",
            e.id
        );
    }
    let Ok(tagger) = Tagger::new(gazetteer, &all_alias_kinds()) else {
        return;
    };
    tag_and_check(&tagger, &String::from_utf8_lossy(text));
});
