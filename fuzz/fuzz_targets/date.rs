//! Text read as a date (metadata, `--published`): printed, it reads back the same.
#![no_main]

use claimtrace_text::invariants::check_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Err(broken) = check_date(text)
    {
        panic!("{broken}");
    }
});
