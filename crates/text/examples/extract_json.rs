//! `extract --format json` for many files at once, built without the RDF side: writes
//! OUTDIR/NAME.json for each FILE, as `claimtrace extract FILE` prints it (the same three
//! library calls). scripts/score.sh uses it, so scoring a rule change waits on this crate
//! only, not on RocksDB.
//!
//!     cargo run -p claimtrace-text --release --example extract_json -- OUTDIR FILE...

use std::path::Path;
use std::process::ExitCode;

use claimtrace_text::article::Overrides;
use claimtrace_text::extract;
use claimtrace_text::input::{self, Format};
use claimtrace_text::json::Document;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: extract_json OUTDIR FILE...");
        return ExitCode::from(2);
    };
    let mut failed = false;
    for file in args {
        let path = Path::new(&file);
        let article = match input::read_article(path, Format::Auto, &Overrides::default()) {
            Ok((article, _)) => article,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let statements = extract::extract(&article);
        let json = serde_json::to_string_pretty(&Document::new(&article, &statements))
            .expect("a document serialises");
        let stem = path
            .file_stem()
            .map_or("out".into(), |s| s.to_string_lossy());
        let target = Path::new(&out).join(format!("{stem}.json"));
        if let Err(e) = std::fs::write(&target, json + "\n") {
            eprintln!("error: {}: {e}", target.display());
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
