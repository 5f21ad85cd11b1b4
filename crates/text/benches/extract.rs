//! Extraction speed on the Reuters-21578 corpus (19,043 newswire articles), one core.
//!
//! `cargo bench --bench extract` runs every article through the JSON Lines reader and the
//! extraction rules (no store, no RDF), five times, and prints the median rate and the peak
//! resident memory. Run under `cargo test` (no `--bench` flag) it checks itself on 200 articles.
//! The corpus path is `$CLAIMTRACE_BENCH_CORPUS`, else `../shared/corpora/reuters21578.jsonl`
//! beside the repository; without it the benchmark says so and does nothing.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use claimtrace_text::article::jsonl::read_record;
use claimtrace_text::extract::extract;

fn corpus() -> PathBuf {
    std::env::var_os("CLAIMTRACE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/corpora/reuters21578.jsonl")
        })
}

/// One pass over the corpus, streamed line by line through the JSON Lines reader:
/// (articles, bytes of text, statements).
fn pass(limit: usize) -> (usize, usize, usize) {
    let file = std::fs::File::open(corpus()).expect("the Reuters corpus");
    let (mut articles, mut bytes, mut statements) = (0, 0, 0);
    for (n, line) in BufReader::new(file).lines().take(limit).enumerate() {
        let line = line.expect("readable corpus");
        let (article, _) = read_record(&n.to_string(), &line).expect("a Reuters record");
        bytes += article.text.len();
        statements += extract(&article).len();
        articles += 1;
    }
    (articles, bytes, statements)
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    if !corpus().exists() {
        eprintln!("SKIPPED: no corpus at {}", corpus().display());
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    if !benchmarking {
        let (articles, _, statements) = pass(200);
        assert_eq!(articles, 200);
        assert!(
            statements > 50,
            "only {statements} statements in 200 Reuters articles"
        );
        return;
    }
    let mut rates = Vec::new();
    let mut last = (0, 0, 0);
    for round in 0..5 {
        let t = Instant::now();
        last = pass(usize::MAX);
        let secs = t.elapsed().as_secs_f64();
        rates.push(last.0 as f64 / secs);
        eprintln!("round {round}: {} articles in {secs:.2} s", last.0);
    }
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    let (articles, bytes, statements) = last;
    println!(
        "extract: {articles} articles ({:.1} MB), {statements} statements; median {median:.0} articles/s ({:.1} MB/s) on one core; peak RSS {} MiB",
        bytes as f64 / 1e6,
        median * bytes as f64 / articles as f64 / 1e6,
        peak_rss_kib().map_or(0, |k| k / 1024)
    );
}
