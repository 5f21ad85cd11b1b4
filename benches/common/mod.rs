//! What the ingest and interactive benchmarks share: the corpus they read and an observer
//! that fails the run on an error.

use std::path::{Path, PathBuf};

use claimtrace::ingest::Observer;
use claimtrace::input::Failure;

/// `$CLAIMTRACE_BENCH_CORPUS`, else the shared Reuters corpus.
pub fn corpus() -> PathBuf {
    std::env::var_os("CLAIMTRACE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578.jsonl")
        })
}

/// Reports nothing; an error ends the benchmark.
pub struct Quiet;

impl Observer for Quiet {
    fn report(&mut self, level: &str, failure: &Failure) {
        if level == "error" {
            panic!("{failure}");
        }
    }
}
