//! Any bytes as a record file: the loader accepts them or refuses them
//! with a diagnostic, and never panics.
#![no_main]

use itreg::load::{LoadOptions, RawFile, parse_record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = RawFile::new("records/assets/hn-q1/HN-Q1-PC-0001.yaml", data.to_vec());
    if let Err(diagnostic) = parse_record(file, &LoadOptions::default()) {
        assert!(diagnostic.line >= 1);
    }
});
