//! What the benchmarks share: the corpus they read, a slice of it as a file, and an observer
//! that fails the run on an error.

// Each benchmark uses a part of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use claimtrace::ingest::{Observer, Severity};
use claimtrace_text::input::Failure;

/// `$CLAIMTRACE_BENCH_CORPUS`, else the shared Reuters corpus (see [`corpus_or_skip`]).
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
    fn report(&mut self, severity: Severity, failure: &Failure) {
        if severity == Severity::Error {
            panic!("{failure}");
        }
    }
}

/// The corpus, or `None` with a note when this machine does not have it.
pub fn corpus_or_skip() -> Option<PathBuf> {
    let c = corpus();
    if c.exists() {
        Some(c)
    } else {
        eprintln!("SKIPPED: no corpus at {}", c.display());
        None
    }
}

/// The first `n` articles of the corpus (all with `None`) as a file in `dir`.
pub fn slice(dir: &Path, n: Option<usize>) -> PathBuf {
    let text = std::fs::read_to_string(corpus()).expect("the Reuters corpus");
    let lines: Vec<&str> = text.lines().take(n.unwrap_or(usize::MAX)).collect();
    let path = dir.join("articles.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("a scratch file");
    path
}
