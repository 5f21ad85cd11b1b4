//! Ingest speed and memory on the Reuters-21578 corpus (19,043 articles) into a RocksDB
//! store, and the same quads loaded by Oxigraph's own bulk loader, for comparison.
//!
//! `cargo bench --bench ingest`, each phase timed with its own peak resident memory:
//! a quarter of the corpus into a fresh store, then the whole corpus into another (new
//! articles: reading, extraction and mapping on every core, bulk-loaded batches), the whole
//! corpus again (unchanged articles), 2,000 articles whose text changed (replaced in
//! transactions); then the store's quads written as N-Quads and bulk-loaded into a fresh
//! store (quads/s, peak memory, ratio per quad). Run under `cargo test` (no `--bench` flag)
//! it checks itself on 200 articles. The corpus path is `$CLAIMTRACE_BENCH_CORPUS`, else
//! `../shared/corpora/reuters21578.jsonl`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimtrace::ingest::{self, Options, Summary};
use claimtrace::store::Store;
use oxigraph::io::RdfFormat;

mod common;

use common::{Quiet, corpus, corpus_or_skip};

fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

/// Starts a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claimtrace-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The first `n` lines of the corpus (all with `None`), each passed through `edit`, as a file.
fn slice(name: &str, n: Option<usize>, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = scratch(name);
    let path = dir.join(format!("{name}.jsonl"));
    let mut w = BufWriter::new(std::fs::File::create(&path).unwrap());
    let file = std::fs::File::open(corpus()).expect("the Reuters corpus");
    for line in BufReader::new(file).lines().take(n.unwrap_or(usize::MAX)) {
        writeln!(w, "{}", edit(&line.unwrap())).unwrap();
    }
    w.flush().unwrap();
    path
}

/// One timed ingest of `input` into `store`: the summary, seconds and peak RSS (MiB).
fn timed_ingest(store: &Store, input: &Path) -> (Summary, f64, u64) {
    reset_peak_rss();
    let t = Instant::now();
    let summary = ingest::ingest(
        store,
        &[input.to_string_lossy().into_owned()],
        &Options {
            // As `claimtrace ingest` runs by default: reading on every core.
            jobs: std::thread::available_parallelism().map_or(1, usize::from),
            ..Options::default()
        },
        &mut Quiet,
    );
    (summary, t.elapsed().as_secs_f64(), peak_rss_mib())
}

fn report(what: &str, summary: &Summary, secs: f64, peak: u64) {
    println!(
        "{what}: {} articles in {secs:.1} s: {:.0} articles/s, peak RSS {peak} MiB",
        summary.ingested(),
        summary.ingested() as f64 / secs,
    );
}

fn main() {
    if corpus_or_skip().is_none() {
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    // The whole corpus and a quarter of it (peak memory must not follow corpus size), and a
    // slice whose titles changed (articles replaced); a small slice for the self-check.
    let (full, part, changed) = if benchmarking {
        (None, Some(4_761), Some(2_000))
    } else {
        (Some(200), Some(50), Some(50))
    };
    let full_input = slice("full", full, str::to_string);
    let part_input = slice("part", part, str::to_string);
    let changed_input = slice("changed", changed, |l| {
        l.replacen("\"body\": \"", "\"body\": \"Revised. ", 1)
    });

    let small = scratch("ingest-part");
    let store = Store::open(&small.join("store")).expect("a fresh store");
    let (part_summary, part_secs, part_peak) = timed_ingest(&store, &part_input);
    drop(store);

    let ours = scratch("ingest");
    let store = Store::open(&ours.join("store")).expect("a fresh store");
    let (summary, ingest_secs, ingest_peak) = timed_ingest(&store, &full_input);
    let quads = store.len().expect("a countable store") as f64;
    let (again, again_secs, again_peak) = timed_ingest(&store, &full_input);
    let (replaced, replaced_secs, replaced_peak) = timed_ingest(&store, &changed_input);

    let nquads = ours.join("all.nq");
    let mut w = oxigraph::io::RdfSerializer::from_format(RdfFormat::NQuads)
        .for_writer(BufWriter::new(std::fs::File::create(&nquads).unwrap()));
    for q in store.quads(None) {
        w.serialize_quad(&q.expect("a readable store"))
            .expect("a dump");
    }
    w.finish().expect("a dump").flush().unwrap();
    drop(store);

    let theirs = scratch("bulk");
    reset_peak_rss();
    let t = Instant::now();
    let bulk = oxigraph::store::Store::open(theirs.join("store")).expect("a fresh store");
    let mut loader = bulk.bulk_loader();
    loader
        .load_from_reader(
            RdfFormat::NQuads,
            BufReader::new(std::fs::File::open(&nquads).unwrap()),
        )
        .expect("a bulk load");
    loader.commit().expect("a bulk commit");
    let bulk_secs = t.elapsed().as_secs_f64();
    let bulk_peak = peak_rss_mib();
    let bulk_quads = bulk.len().unwrap() as f64;

    for dir in [&small, &ours, &theirs] {
        let _ = std::fs::remove_dir_all(dir);
    }
    for input in [&full_input, &part_input, &changed_input] {
        let _ = std::fs::remove_dir_all(input.parent().unwrap());
    }
    assert_eq!(summary.added, summary.ingested());
    assert_eq!(again.unchanged, summary.ingested());
    assert_eq!(replaced.replaced, replaced.ingested());
    if !benchmarking {
        assert_eq!(summary.ingested(), 200);
        assert_eq!(part_summary.ingested(), 50);
        assert!(quads > 1_000.0);
        return;
    }
    report(
        "ingest, new articles, a quarter of the corpus",
        &part_summary,
        part_secs,
        part_peak,
    );
    println!(
        "ingest, new articles, the whole corpus: {} articles, {quads:.0} quads in {ingest_secs:.1} s: {:.0} articles/s, {:.0} quads/s, peak RSS {ingest_peak} MiB",
        summary.ingested(),
        summary.ingested() as f64 / ingest_secs,
        quads / ingest_secs,
    );
    report("ingest again, unchanged", &again, again_secs, again_peak);
    report(
        "ingest again, texts changed (replaced)",
        &replaced,
        replaced_secs,
        replaced_peak,
    );
    println!(
        "oxigraph bulk loader, the store's quads from N-Quads: {bulk_quads:.0} quads in {bulk_secs:.1} s: {:.0} quads/s, peak RSS {bulk_peak} MiB; claimtrace ingest of new articles takes {:.2}x its time per quad",
        bulk_quads / bulk_secs,
        (ingest_secs / quads) / (bulk_secs / bulk_quads),
    );
}
