//! Every input a fuzz run found breaking a promise (`fuzz/regressions/TARGET/`, kept by
//! scripts/fuzz.sh) and the committed seeds, checked again as the fuzz target checks them.

use std::path::Path;

use claimtrace_text::input::Format;
use claimtrace_text::invariants::{check_date, check_decode, read_and_check};

fn check(target: &str, bytes: &[u8]) -> Result<(), String> {
    let read = |format| read_and_check(format, bytes).map(|_| ());
    match target {
        "text" => read(Format::Text),
        "jsonl" => read(Format::Jsonl),
        "html" => read(Format::Html),
        "feed" => read(Format::Feed),
        "auto" => read(Format::Auto),
        "date" => std::str::from_utf8(bytes).map_or(Ok(()), check_date),
        "decode" => check_decode(bytes),
        other => panic!("fuzz/regressions/{other}: no such fuzz target"),
    }
}

#[test]
fn inputs_the_fuzzers_found_and_the_seeds_keep_every_promise() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let fuzz = Path::new(&manifest).join("../../fuzz");
    let mut checked = 0;
    for kind in ["regressions", "seeds"] {
        let Ok(targets) = std::fs::read_dir(fuzz.join(kind)) else {
            continue;
        };
        for target in targets {
            let target = target.unwrap().path();
            let name = target.file_name().unwrap().to_str().unwrap().to_string();
            for input in std::fs::read_dir(&target).unwrap() {
                let input = input.unwrap().path();
                let bytes = std::fs::read(&input).unwrap();
                if let Err(broken) = check(&name, &bytes) {
                    panic!("{}: {broken}", input.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 12, "only {checked} inputs");
}
