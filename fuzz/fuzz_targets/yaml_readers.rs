//! The fast YAML readers (`block_yaml`, `plain_yaml`) against serde-saphyr:
//! on any text, each fast reader declines it or reads the same value with
//! the same positions (issue 22).
#![no_main]

use itreg::load::yaml::fast_reader_difference;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(difference) = fast_reader_difference(text) {
        panic!("{difference}\ninput: {text:?}");
    }
});
