//! Ingest speed on the Reuters-21578 corpus (19,043 articles) into a RocksDB store, and the
//! same quads loaded by Oxigraph's own bulk loader, for comparison.
//!
//! `cargo bench --bench ingest` ingests the corpus into a fresh store in a temporary folder
//! (reading, extraction, mapping, per-article replacement, batched transactions), reports
//! articles/s, quads/s and peak resident memory; then writes the store's quads as N-Quads and
//! bulk-loads them into a second fresh store, reporting quads/s, its peak memory and the
//! ratio. Run under `cargo test` (no `--bench` flag) it checks itself on 200 articles. The
//! corpus path is `$CLAIMTRACE_BENCH_CORPUS`, else `../shared/corpora/reuters21578.jsonl`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimtrace::ingest::{self, Observer, Options};
use claimtrace::input::Failure;
use claimtrace::store::Store;
use oxigraph::io::RdfFormat;

fn corpus() -> PathBuf {
    std::env::var_os("CLAIMTRACE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578.jsonl")
        })
}

struct Quiet;

impl Observer for Quiet {
    fn report(&mut self, level: &str, failure: &Failure) {
        if level == "error" {
            panic!("{failure}");
        }
    }
}

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

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let input = if benchmarking {
        corpus()
    } else {
        // A small slice of the corpus for the self-check.
        let dir = scratch("slice");
        let slice = dir.join("slice.jsonl");
        let mut w = BufWriter::new(std::fs::File::create(&slice).unwrap());
        let file = std::fs::File::open(corpus()).expect("the Reuters corpus");
        for line in BufReader::new(file).lines().take(200) {
            writeln!(w, "{}", line.unwrap()).unwrap();
        }
        w.flush().unwrap();
        slice
    };

    let ours = scratch("ingest");
    reset_peak_rss();
    let t = Instant::now();
    let store = Store::open(&ours.join("store")).expect("a fresh store");
    let summary = ingest::ingest(
        &store,
        &[input.to_string_lossy().into_owned()],
        &Options::default(),
        &mut Quiet,
    );
    let ingest_secs = t.elapsed().as_secs_f64();
    let ingest_peak = peak_rss_mib();
    let quads = store.len().expect("a countable store") as f64;

    let nquads = ours.join("all.nq");
    let mut w = BufWriter::new(std::fs::File::create(&nquads).unwrap());
    store
        .inner
        .dump_to_writer(RdfFormat::NQuads, &mut w)
        .expect("a dump");
    w.flush().unwrap();
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
    assert_eq!(bulk.len().unwrap() as f64, quads);

    let _ = std::fs::remove_dir_all(&ours);
    let _ = std::fs::remove_dir_all(&theirs);
    if !benchmarking {
        assert_eq!(summary.ingested(), 200);
        assert!(quads > 1_000.0);
        return;
    }
    println!(
        "ingest: {} articles, {quads:.0} quads in {ingest_secs:.1} s: {:.0} articles/s, {:.0} quads/s, peak RSS {ingest_peak} MiB",
        summary.ingested(),
        summary.ingested() as f64 / ingest_secs,
        quads / ingest_secs,
    );
    println!(
        "oxigraph bulk loader, same quads from N-Quads: {bulk_secs:.1} s: {:.0} quads/s, peak RSS {bulk_peak} MiB; claimtrace ingest takes {:.2}x its time",
        quads / bulk_secs,
        ingest_secs / bulk_secs,
    );
}
