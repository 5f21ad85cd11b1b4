//! Trains the cue model (`src/extract/cue_model/`) from a PolNeAR split and prints its
//! weights; the committed ones were made by
//!
//!     cargo run --release -p claimtrace-text --example train_cue_model -- \
//!         ../shared/eval/polnear/train > crates/text/data/cue-model.tsv
//!
//! (about 5 s). `--weight W` weighs a missed positive against a false one (the default is
//! the committed model's).

use std::path::Path;
use std::process::ExitCode;

use claimtrace_text::extract::cue_model::train::{POSITIVE_WEIGHT, weights_file};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (split, weight) = match args.as_slice() {
        [split] => (split, POSITIVE_WEIGHT),
        [split, flag, w] if flag == "--weight" => match w.parse() {
            Ok(w) => (split, w),
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    match weights_file(Path::new(split), weight) {
        Ok((file, figures)) => {
            eprintln!("{figures}");
            print!("{file}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: train_cue_model POLNEAR_SPLIT_DIR [--weight W] > cue-model.tsv");
    ExitCode::from(2)
}
