//! Bytes decoded to text (byte-order marks, declared charsets, guesses).
#![no_main]

use claimtrace_text::invariants::check_decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(broken) = check_decode(bytes) {
        panic!("{broken}");
    }
});
