//! What claimtrace promises when things go wrong, tested with real processes: an ingest
//! killed (SIGKILL) at any moment leaves only whole articles and resumes to the store a
//! clean run makes; a store one process has open is refused to others, naming it; a damaged
//! store is named with its damage; `--timeout` gives a query up and leaves nothing running.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::server::{Server, TOKEN};
use common::stores::{Oxigraph, assert_same_quads, remote_graphs};
use common::{
    bin, canonical_export as canonical, fresh_dir, path_str, repo, run, run_with_stdin, shared,
    stderr, stdout,
};

/// A store in `dir` holding the first `n` Reuters articles (none when the corpus is absent).
fn ingested_store(dir: &Path, n: usize) -> Option<PathBuf> {
    let slice = reuters_slice(dir, n)?;
    let store = dir.join("store");
    let out = run(&["--store", path_str(&store), "ingest", path_str(&slice)]);
    assert!(out.status.success(), "{}", stderr(&out));
    Some(store)
}

/// The first `n` articles of the Reuters corpus, as a file of their own.
fn reuters_slice(dir: &Path, n: usize) -> Option<PathBuf> {
    let corpus = shared("corpora/reuters21578.jsonl")?;
    let text = std::fs::read_to_string(corpus).unwrap();
    let path = dir.join(format!("reuters-{n}.jsonl"));
    let lines: Vec<&str> = text.lines().take(n).collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    Some(path)
}

/// A folder of real pages and feeds (the `n` smallest of each).
fn pages_and_feeds(dir: &Path, n: usize) -> Option<PathBuf> {
    let html = shared("corpora/html")?;
    let feeds = shared("corpora/feeds")?;
    let folder = dir.join("pages-and-feeds");
    std::fs::create_dir_all(&folder).unwrap();
    let smallest = |dir: PathBuf| {
        let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (std::fs::metadata(&path).unwrap().len(), path)
            })
            .collect();
        files.sort();
        files.into_iter().take(n).map(|(_, p)| p)
    };
    for path in smallest(html).chain(smallest(feeds)) {
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    Some(folder)
}

fn ingest(store: &Path, input: &Path) -> Child {
    bin()
        .args(["--store", path_str(store), "ingest", path_str(input)])
        // A commit every few articles, so that kills land between commits too; and 200
        // new counts or more go into the summary by a bulk load (80 articles count about
        // 490), so that kills land between the old counts' removal and the load.
        .env("CLAIMTRACE_COMMIT_QUADS", "2000")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("claimtrace runs")
}

/// The store's quads as N-Quads lines, by graph (no graph of articles has blank nodes).
fn graphs(store: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let out = run(&["--store", path_str(store), "export", "--format", "nquads"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut graphs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in stdout(&out).lines() {
        let body = line.trim_end().strip_suffix(" .").expect("an N-Quads line");
        let (_, graph) = body.rsplit_once(' ').expect("a quad with its graph");
        graphs
            .entry(graph.to_string())
            .or_default()
            .insert(line.to_string());
    }
    graphs
}

const ARTICLE: &str = "<https://w3id.org/claimtrace/id/article/";
const INGEST_GRAPH: &str = "<https://w3id.org/claimtrace/id/graph/ingest>";
const CLAIMS_GRAPH: &str = "<https://w3id.org/claimtrace/id/graph/claims>";
const CLAIM: &str = "<https://w3id.org/claimtrace/ontology#claim>";

/// Whether `store` (after a killed ingest) holds whole articles only: each article graph is
/// the clean run's, quad for quad, or absent; each has its ingest record and nothing else
/// has one; each claim a statement points at is in the claims graph, and each claim there
/// is carried by a statement. Returns how many articles it holds.
fn assert_whole(store: &Path, clean: &BTreeMap<String, BTreeSet<String>>, trial: &str) -> usize {
    let found = graphs(store);
    let articles: BTreeSet<&String> = found.keys().filter(|g| g.starts_with(ARTICLE)).collect();
    let mut claims_pointed_at = BTreeSet::new();
    for &g in &articles {
        assert_eq!(
            found.get(g),
            clean.get(g),
            "{trial}: article graph {g} is not the clean run's"
        );
        for line in &found[g] {
            if let Some((_, rest)) = line.split_once(&format!(" {CLAIM} ")) {
                claims_pointed_at.insert(rest.split(' ').next().unwrap().to_string());
            }
        }
    }
    let subject = |line: &str| line.split(' ').next().unwrap().to_string();
    let recorded: BTreeSet<String> = found
        .get(INGEST_GRAPH)
        .into_iter()
        .flatten()
        .map(|l| subject(l))
        .filter(|s| s.starts_with(ARTICLE))
        .collect();
    for &g in &articles {
        assert!(
            recorded.contains(g),
            "{trial}: article {g} has no ingest record"
        );
        let theirs: BTreeSet<&String> = clean[INGEST_GRAPH]
            .iter()
            .filter(|l| l.starts_with(&format!("{g} ")) && !l.contains("#ingestedAt>"))
            .collect();
        for line in theirs {
            assert!(
                found[INGEST_GRAPH].contains(line),
                "{trial}: {g} lacks {line}"
            );
        }
    }
    for s in &recorded {
        assert!(
            articles.contains(s),
            "{trial}: an ingest record for {s}, which is absent"
        );
    }
    let claims: BTreeSet<String> = found
        .get(CLAIMS_GRAPH)
        .into_iter()
        .flatten()
        .map(|l| subject(l))
        .collect();
    for c in &claims_pointed_at {
        assert!(
            claims.contains(c),
            "{trial}: a statement points at missing claim {c}"
        );
    }
    for c in &claims {
        assert!(
            claims_pointed_at.contains(c),
            "{trial}: claim {c} is carried by no statement"
        );
    }
    articles.len()
}

/// Trials per corpus or mode: `CLAIMTRACE_CRASH_TRIALS`, else 10.
fn crash_trials() -> usize {
    std::env::var("CLAIMTRACE_CRASH_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(10)
}

/// A small deterministic generator for the kill moments (no dependency for six lines).
struct Moments(u64);

impl Moments {
    /// A fraction of a whole run's time, between 0.1 and 0.95 (the first tenth is the
    /// process starting: no store yet).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        0.1 + (self.0 % 1000) as f64 / 1000.0 * 0.85
    }
}

/// kill -9 at random moments of an ingest (Reuters, then a folder of pages and feeds): the
/// store opens, holds whole articles only, and the same ingest run again ends with the clean
/// run's canonical export. `CLAIMTRACE_CRASH_TRIALS` sets the trials per corpus (10).
#[test]
fn an_ingest_killed_at_any_moment_keeps_whole_articles_and_resumes_to_the_clean_store() {
    let dir = fresh_dir("crash");
    let (Some(reuters), Some(pages)) = (reuters_slice(&dir, 80), pages_and_feeds(&dir, 6)) else {
        return;
    };
    let trials = crash_trials();
    let mut moments = Moments(0x5eed_c0ff_ee00_0001);
    let scanned_stats = repo().join("queries/scan/stats.rq");
    for (name, input) in [("reuters", &reuters), ("pages", &pages)] {
        let clean_store = dir.join(format!("{name}-clean"));
        let started = Instant::now();
        let out = ingest(&clean_store, input).wait_with_output().unwrap();
        let took = started.elapsed();
        assert!(out.status.success(), "{}", stderr(&out));
        let clean = graphs(&clean_store);
        let clean_canonical = canonical(&clean_store);
        let (mut killed, mut kept) = (0, Vec::new());
        // The kill moments are fractions of a whole run's time, the shortest seen so far
        // (the other tests make the machine busier at some moments than others).
        let mut took = took;
        for t in 0..trials {
            let trial = format!("{name} trial {t}");
            let store = dir.join(format!("{name}-{t}"));
            let mut child = ingest(&store, input);
            std::thread::sleep(took.mul_f64(moments.next()));
            if child.try_wait().unwrap().is_none() {
                killed += 1;
            }
            child.kill().unwrap();
            child.wait().unwrap();
            kept.push(assert_whole(&store, &clean, &trial));
            assert_no_bulk_leftovers(&store, &trial);
            let resumed = Instant::now();
            let out = ingest(&store, input).wait_with_output().unwrap();
            assert!(out.status.success(), "{trial}: {}", stderr(&out));
            took = took.min(resumed.elapsed());
            assert!(
                canonical(&store) == clean_canonical,
                "{trial}: resumed, the store is not the clean run's"
            );
            assert_eq!(
                counts(&store, &["query", "--name", "stats"]),
                counts(&store, &["query", "--file", path_str(&scanned_stats)]),
                "{trial}: resumed, the summary's counts are not a scan's"
            );
            std::fs::remove_dir_all(&store).unwrap();
        }
        eprintln!(
            "{name}: {trials} trials, {killed} killed while running; articles kept: {kept:?} of {}",
            clean.keys().filter(|g| g.starts_with(ARTICLE)).count()
        );
        assert!(
            killed * 2 >= trials,
            "{killed} of {trials} kills landed while the ingest ran"
        );
    }
}

/// What `stats` counts in `store`, as the query `how` answers it (CSV).
fn counts(store: &Path, how: &[&str]) -> String {
    let mut args = vec!["--store", path_str(store)];
    args.extend(how);
    args.extend(["--results", "csv"]);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// While one process ingests, every other one on the same store (query, export, trace,
/// stats, the REPL, a second ingest), all started at once, is refused with exit code 2 and
/// the process holding the store named, never crashes, and the store ends whole. (Oxigraph's
/// read-only open beside a writer is undefined behaviour: tried here, readers now and then
/// died of a signal or hung.)
#[test]
fn a_store_being_written_is_refused_to_others_with_the_writer_named() {
    let dir = fresh_dir("one-writer");
    let Some(slice) = reuters_slice(&dir, 600) else {
        return;
    };
    let store = dir.join("store");
    let first = dir.join("first.jsonl");
    let text = std::fs::read_to_string(&slice).unwrap();
    std::fs::write(&first, text.lines().take(20).collect::<Vec<_>>().join("\n")).unwrap();
    let out = run(&["--store", path_str(&store), "ingest", path_str(&first)]);
    assert!(out.status.success(), "{}", stderr(&out));

    let mut writer = ingest(&store, &slice);
    let pid = writer.id() as i32;
    // The others come once the writer holds the store.
    while claimtrace::lock_holder::holder(&store).map(|h| h.pid) != Some(pid) {
        assert!(
            writer.try_wait().unwrap().is_none(),
            "the writer ended at once"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let s = path_str(&store);
    let others: [Vec<&str>; 6] = [
        vec!["--store", s, "stats"],
        vec![
            "--store",
            s,
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }",
        ],
        vec!["--store", s, "export", "--format", "nquads"],
        vec!["--store", s, "trace", "--outlet", "Reuters", "--limit", "5"],
        vec!["--store", s, "repl"],
        vec!["--store", s, "ingest", path_str(&first)],
    ];
    let (mut refused_by_the_writer, mut rounds) = (0, 0);
    let started = Instant::now();
    while writer.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(120) {
        rounds += 1;
        let children: Vec<Child> = others
            .iter()
            .map(|args| {
                bin()
                    .args(args)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (args, child) in others.iter().zip(children) {
            let out = child.wait_with_output().unwrap();
            let said = stderr(&out);
            // Each ends by itself: 0 when it came after the writer (and the others), 2
            // when refused, naming the process that had the store: the writer or another
            // of these.
            match out.status.code() {
                Some(0) => {}
                Some(2) => {
                    assert!(
                        said.contains("has it open") && said.contains(&format!("--store {s} ")),
                        "{args:?}: {said}"
                    );
                    refused_by_the_writer += usize::from(said.contains(&format!("process {pid} ")));
                }
                code => panic!("{args:?} ended with {code:?}: {said}"),
            }
        }
    }
    let out = writer.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        refused_by_the_writer >= 6,
        "{refused_by_the_writer} refusals naming the writer in {rounds} rounds"
    );
    let out = run(&["--store", s, "stats"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("600"), "{}", stdout(&out));
    let out = run(&["--store", s, "validate"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

/// `--timeout` gives a query, a trace and each REPL query up, with exit code 1 and a message
/// saying so, and the process ends at once: nothing left running.
#[test]
fn timeouts_give_up_and_leave_nothing_running() {
    let dir = fresh_dir("timeouts");
    let Some(store) = ingested_store(&dir, 300) else {
        return;
    };
    let s = path_str(&store);
    let cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

    let started = Instant::now();
    let out = run(&["--store", s, "query", "--timeout", "1", cross]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the query took longer than --timeout 1 s"),
        "{}",
        stderr(&out)
    );
    assert!(
        took < Duration::from_secs(10),
        "the process ended after {took:?}"
    );

    let out = run(&[
        "--store",
        s,
        "trace",
        "--outlet",
        "Reuters",
        "--timeout",
        "0.001",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the trace took longer"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty(), "no half page: {}", stdout(&out));

    let started = Instant::now();
    let out = run_with_stdin(
        &["--store", s, "repl", "--timeout", "1"],
        &format!("{cross};\nSELECT (COUNT(*) AS ?n) WHERE {{ ?a a schema:NewsArticle }};\n"),
    );
    let took = started.elapsed();
    assert!(
        stderr(&out).contains("stopped by the 1 s timeout"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("300"),
        "the next query ran: {}",
        stdout(&out)
    );
    assert!(
        took < Duration::from_secs(20),
        "the process ended after {took:?}"
    );

    let out = run(&["--store", s, "query", "--timeout=-1", "ASK {}"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--timeout -1"), "{}", stderr(&out));
}

/// A store whose files were damaged: every command says which store and what RocksDB found,
/// with exit code 2, and changes nothing.
#[test]
fn a_damaged_store_is_named_with_the_damage() {
    let dir = fresh_dir("damaged");
    let examples = repo().join("examples/articles");
    let store = dir.join("store");
    let s = path_str(&store);
    let out = run(&["--store", s, "ingest", path_str(&examples)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pristine = dir.join("pristine");
    copy_store(&store, &pristine);
    let damage = |file: &Path, at: u64| {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(file).unwrap();
        f.seek(SeekFrom::Start(at)).unwrap();
        f.write_all(&[0x5a; 64]).unwrap();
    };
    let tables: Vec<PathBuf> = std::fs::read_dir(&store)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "sst"))
        .collect();
    assert!(!tables.is_empty(), "the store has table files");
    // A table file's end: its footer, which RocksDB reads when it opens the store.
    let footer = std::fs::metadata(&tables[0]).unwrap().len() - 64;
    for (what, file, at) in [
        ("CURRENT", store.join("CURRENT"), 0),
        ("a table file", tables[0].clone(), footer),
    ] {
        damage(&file, at);
        for command in [vec!["stats"], vec!["export", "--format", "nquads"]] {
            let mut args = vec!["--store", s];
            args.extend(&command);
            let out = run(&args);
            let said = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{what}, {command:?}: {said}");
            assert!(
                said.contains(&format!("cannot open the store at {s}"))
                    && said.contains("Corruption"),
                "{what}, {command:?}: {said}"
            );
        }
        std::fs::copy(pristine.join(file.file_name().unwrap()), &file).unwrap();
        let out = run(&["--store", s, "stats"]);
        assert!(out.status.success(), "repaired: {}", stderr(&out));
        // Opened, the store may have merged its files: back to the copy for the next case.
        std::fs::remove_dir_all(&store).unwrap();
        copy_store(&pristine, &store);
    }
}

/// The files a bulk load leaves in the store's folder when it is killed or fails: none may
/// stay once the store has been opened again.
fn assert_no_bulk_leftovers(store: &Path, trial: &str) {
    let left: Vec<String> = std::fs::read_dir(store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    assert!(left.is_empty(), "{trial}: files of a load left: {left:?}");
}

/// A store on a small disk (a 64 MiB tmpfs, most of it taken by other files): an ingest
/// that fills it stops at once with exit code 2, naming the store and the articles not
/// written; the store opens with whole articles only and no files of the failed load; once
/// space is freed, the same ingest goes on to the clean run's store.
#[test]
fn a_full_disk_stops_the_ingest_naming_the_store_and_it_resumes_once_space_is_freed() {
    let dir = fresh_dir("disk-full");
    // About 25 MB of store, with the files of its loads.
    let Some(slice) = reuters_slice(&dir, 600) else {
        return;
    };
    let Some(disk) = common::disk::Tmpfs::mount(&dir.join("disk"), "64m") else {
        return;
    };
    let other_files = disk.path.join("other-files");
    std::fs::write(&other_files, vec![0u8; 52 << 20]).unwrap();
    let store = disk.path.join("store");

    let out = ingest(&store, &slice).wait_with_output().unwrap();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    let last = said.lines().last().unwrap_or_default();
    assert!(
        last.contains(&format!(
            "ingest stopped: the store at {} cannot be written",
            path_str(&store)
        )) && last.contains("No space left on device")
            && last.contains("free space on its disk"),
        "{said}"
    );
    let not_stored = said
        .lines()
        .filter(|l| l.starts_with(&format!("error: {}:", path_str(&slice))))
        .filter(|l| l.contains("not stored: ") && l.contains("No space left on device"))
        .count();
    assert!(not_stored > 0, "the articles not written are named: {said}");
    // Stopped at the first failed write: not every article after it reported.
    let read: usize = said
        .lines()
        .find_map(|l| l.strip_prefix("read ")?.split(',').next()?.parse().ok())
        .expect("a summary line");
    assert!(read < 600, "it stopped reading: {said}");

    // With not a byte left, the store cannot be opened to write (RocksDB starts a new log
    // and manifest even to read): the commands that read it open it read-only and say so.
    let filler = disk.path.join("filler");
    fill(&filler);
    let out = run(&["--store", path_str(&store), "stats"]);
    let said = stderr(&out);
    assert!(out.status.success(), "stats on a full disk: {said}");
    assert!(
        said.contains("No space left on device") && said.contains("it is opened read-only"),
        "{said}"
    );

    let clean_store = dir.join("clean");
    let clean_run = ingest(&clean_store, &slice).wait_with_output().unwrap();
    assert!(clean_run.status.success(), "{}", stderr(&clean_run));
    let clean = graphs(&clean_store);
    let kept = assert_whole(&store, &clean, "full disk");
    assert_no_bulk_leftovers(&store, "full disk");
    eprintln!("full disk: {kept} articles of 600 committed, {not_stored} named as not stored");

    std::fs::remove_file(&other_files).unwrap();
    std::fs::remove_file(&filler).unwrap();
    let out = ingest(&store, &slice).wait_with_output().unwrap();
    assert!(out.status.success(), "space freed: {}", stderr(&out));
    assert!(
        canonical(&store) == canonical(&clean_store),
        "resumed, the store is not the clean run's"
    );
}

/// Writes `path` until its disk is full.
fn fill(path: &Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 64 << 10];
    while file.write_all(&block).is_ok() {}
    // The last partial block may have left a few bytes.
    while file.write_all(&[0]).is_ok() {}
}

/// A store whose file system is read-only: the commands that read it open it read-only and
/// say so; ingest says which store, why, and what to do, with exit code 2; writable again,
/// the store is as it was.
#[test]
fn a_read_only_store_is_named_with_the_reason_and_what_to_do() {
    let dir = fresh_dir("read-only");
    let Some(disk) = common::disk::Tmpfs::mount(&dir.join("disk"), "64m") else {
        return;
    };
    let store = disk.path.join("store");
    let s = path_str(&store);
    let examples = repo().join("examples/articles");
    let out = run(&["--store", s, "ingest", path_str(&examples)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = canonical(&store);

    disk.read_only(true);
    let says_why = |said: &str| {
        said.contains(&format!("cannot open the store at {s}"))
            && said.contains("Read-only file system")
    };
    for command in [
        vec!["stats"],
        vec!["query", "ASK { ?s ?p ?o }"],
        vec!["trace", "--outlet", "Reuters"],
    ] {
        let mut args = vec!["--store", s];
        args.extend(&command);
        let out = run(&args);
        let said = stderr(&out);
        assert!(out.status.success(), "{command:?}: {said}");
        assert!(
            says_why(&said) && said.contains("it is opened read-only"),
            "{command:?}: {said}"
        );
        assert!(!stdout(&out).is_empty(), "{command:?} answered nothing");
    }
    assert!(canonical(&store) == before, "read-only, the export differs");
    let out = run(&["--store", s, "ingest", path_str(&examples)]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        says_why(&said) && said.contains("make it so, or copy the store"),
        "{said}"
    );
    disk.read_only(false);
    assert!(canonical(&store) == before, "the store changed");
}

/// kill -9 of `claimtrace push` at random points of its progress (graph by graph, then in
/// bulk loads): the local store keeps every quad it had, and the next push leaves the
/// server with exactly the store's quads.
#[test]
fn a_push_killed_at_any_moment_leaves_the_store_whole_and_the_next_push_completes_it() {
    let dir = fresh_dir("push-crash");
    let Some(store) = ingested_store(&dir, 80) else {
        return;
    };
    let s = path_str(&store);
    let unpushed = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|l| !l.contains("claimtrace/ontology#pushed"))
            .collect()
    };
    let before = unpushed(canonical(&store));
    let trials = crash_trials() / 2;
    let mut moments = Moments(0x5eed_c0ff_ee00_0002);
    for loading in [
        ["--loading", "put", "--batch", "1"],
        ["--loading", "bulk", "--batch", "8"],
    ] {
        let push = |store: &str, server: &Oxigraph| {
            let graph_store = format!("http://{}/store", server.addr);
            bin()
                .args(["--store", store, "push", "--graph-store", &graph_store])
                .args(loading)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        // The points are graphs the server holds, of all it holds after a whole push (the
        // store's push records forgotten: a copy pushes).
        let copy = dir.join("copy");
        copy_store(&store, &copy);
        let server = Oxigraph::start();
        let out = push(path_str(&copy), &server).wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let all = remote_graphs(server.addr);
        std::fs::remove_dir_all(&copy).unwrap();
        let mut killed = 0;
        for t in 0..trials {
            let trial = format!("push {loading:?} trial {t}");
            let server = Oxigraph::start();
            let mut child = push(s, &server);
            let point = ((all as f64 * moments.next()) as usize).max(1);
            while remote_graphs(server.addr) < point && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(10));
            }
            if child.try_wait().unwrap().is_none() {
                killed += 1;
            }
            child.kill().unwrap();
            child.wait().unwrap();
            assert!(
                unpushed(canonical(&store)) == before,
                "{trial}: the store changed beyond its push records"
            );
            let out = push(s, &server).wait_with_output().unwrap();
            assert!(out.status.success(), "{trial}: {}", stderr(&out));
            assert_same_quads(server.addr, s);
        }
        eprintln!(
            "push {loading:?}: {trials} trials, {killed} killed while running, of {all} graphs"
        );
        assert!(
            killed * 2 >= trials,
            "{killed} of {trials} kills landed while the push ran"
        );
    }
}

fn copy_store(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in std::fs::read_dir(from).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
    }
}

/// kill -9 of `claimtrace serve` at random moments while it stores a batch posted to
/// /ingest: the store opens with whole articles only, and the same batch posted to a new
/// server on it ends with the store a clean run makes.
#[test]
fn a_server_killed_while_it_ingests_keeps_whole_articles_and_resumes_to_the_clean_store() {
    let dir = fresh_dir("serve-crash");
    let Some(slice) = reuters_slice(&dir, 80) else {
        return;
    };
    let batch = std::fs::read(&slice).unwrap();
    let post = |store: &Path| {
        let server = Server::start_with_env(
            &["--store", path_str(store)],
            &[],
            true,
            &[("CLAIMTRACE_COMMIT_QUADS", "2000")],
        );
        let (addr, body) = (server.addr, batch.clone());
        let answer = std::thread::spawn(move || {
            let bearer = format!("Bearer {TOKEN}");
            common::http::try_request(
                addr,
                "POST",
                "/ingest?format=jsonl",
                &[
                    ("Authorization", &bearer),
                    ("Content-Type", "application/x-ndjson"),
                ],
                Some(&body),
            )
        });
        (server, answer)
    };
    let clean_store = dir.join("clean");
    let started = Instant::now();
    let (server, answer) = post(&clean_store);
    let answer = answer.join().unwrap().expect("an answer");
    let took = started.elapsed();
    assert_eq!(answer.status, 200, "{}", answer.text());
    server.stop();
    let clean = graphs(&clean_store);
    let clean_canonical = canonical(&clean_store);

    let trials = crash_trials() / 2;
    let (mut moments, mut killed) = (Moments(0x5eed_c0ff_ee00_0003), 0);
    for t in 0..trials {
        let trial = format!("serve trial {t}");
        let store = dir.join(format!("store-{t}"));
        let started = Instant::now();
        let (server, answer) = post(&store);
        // Within the first three quarters of a clean run's time: the clean run may have met
        // a busier machine than this trial.
        let at = took.mul_f64(moments.next() * 0.75);
        std::thread::sleep(at.saturating_sub(started.elapsed()));
        server.kill();
        // The answer, if it came before the kill, or the connection's end.
        if answer.join().unwrap().is_err() {
            killed += 1;
        }
        assert_whole(&store, &clean, &trial);
        assert_no_bulk_leftovers(&store, &trial);
        let (server, answer) = post(&store);
        let answer = answer.join().unwrap().expect("an answer");
        assert_eq!(answer.status, 200, "{trial}: {}", answer.text());
        server.stop();
        assert!(
            canonical(&store) == clean_canonical,
            "{trial}: resumed, the store is not the clean run's"
        );
    }
    eprintln!("serve: {trials} trials, {killed} killed while ingesting");
    assert!(
        killed * 2 >= trials,
        "{killed} of {trials} kills landed while the server ingested"
    );
}
