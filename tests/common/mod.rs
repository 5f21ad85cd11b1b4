//! Helpers shared by the integration tests: the binary, fresh folders, the shared data.
#![allow(dead_code)]

pub mod disk;
pub mod http;
pub mod polnear;
pub mod server;
pub mod stores;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimtrace"));
    c.env_remove("CLAIMTRACE_STORE");
    c.env("CLAIMTRACE_HISTORY", fresh_dir("history").join("history"));
    c
}

/// Runs the binary and returns its output (stdout, stderr, status).
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("claimtrace runs")
}

/// Runs the binary with `input` on stdin.
pub fn run_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimtrace runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A new empty folder under cargo's scratch space for integration tests.
pub fn fresh_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The repository: as `cargo test` says when it runs the test (a build directory shared by
/// two checkouts may run a binary built in the other), else as it was built.
pub fn repo() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// `../shared/RELATIVE` beside the repository (gold, PolNeAR, corpora), or `None` with a
/// note when this machine does not have it: a test that needs it then returns early, and
/// says so in its output (`cargo test -- --nocapture` shows it).
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = repo().join("../shared").join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("SKIPPED: needs {}, which is absent", path.display());
        None
    }
}

pub fn seed() -> PathBuf {
    repo().join("examples/articles/2025-08-27-kremlin-secret-talks.txt")
}

/// `ingest`'s options for the seed carried again by another outlet a day later.
pub const SEED_AGAIN_AS_THE_MOSCOW_TIMES: [&str; 6] = [
    "--publisher",
    "The Moscow Times",
    "--url",
    "https://www.themoscowtimes.com/2025/08/28/kremlin-secret-talks",
    "--published",
    "2025-08-28T09:00:00+03:00",
];

/// The names of the named queries in queries/, sorted.
pub fn query_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".rq")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// The store's canonical export (RDFC-1.0) as lines, the runs' own times (`ct:ingestedAt`)
/// aside: what two ingests of the same articles must agree on.
pub fn canonical_export(store: &Path) -> Vec<String> {
    let out = run(&[
        "--store",
        path_str(store),
        "export",
        "--format",
        "nquads",
        "--canonical",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .filter(|l| !l.contains("#ingestedAt>"))
        .map(str::to_string)
        .collect()
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A query's rows as lexical values, sorted: the forms the clients and `query --results json`
/// both give.
pub fn sparql_rows(json: &serde_json::Value) -> Vec<Vec<Option<String>>> {
    let names: Vec<&str> = json["head"]["vars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut rows: Vec<Vec<Option<String>>> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            names
                .iter()
                .map(|n| b[n]["value"].as_str().map(str::to_string))
                .collect()
        })
        .collect();
    rows.sort();
    rows
}
