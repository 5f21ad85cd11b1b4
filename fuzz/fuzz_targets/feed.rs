//! Bytes read as feed input, as `ingest` reads a file, then extracted and checked.
#![no_main]

use claimtrace_text::input::Format;
use claimtrace_text::invariants::read_and_check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(broken) = read_and_check(Format::Feed, bytes) {
        panic!("{broken}");
    }
});
