//! `claimtrace push` against real servers on 127.0.0.1: Oxigraph's (`pip install oxigraph`,
//! installed by scripts/setup.sh) and `claimtrace serve`. The pushed store answers every
//! named query with the local store's rows; pushing again sends nothing; a changed article
//! sends only what changed; a server that refuses is named with its status.

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::{self, encode};
use common::server::{Server, TOKEN};
use common::{path_str, polnear, repo};

/// `oxigraph serve` on a fresh folder, its default graph the union of all graphs (as
/// claimtrace's queries expect); killed when dropped.
struct Oxigraph {
    addr: SocketAddr,
    child: Child,
}

impl Oxigraph {
    fn start() -> Oxigraph {
        let location = common::fresh_dir("push-oxigraph");
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let child = Command::new("oxigraph")
            .args([
                "serve",
                "--union-default-graph",
                "--location",
                path_str(&location),
            ])
            .args(["--bind", &addr.to_string()])
            .stderr(Stdio::null())
            .spawn()
            .expect("the oxigraph server (scripts/setup.sh installs it: pip install oxigraph)");
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "oxigraph did not listen on {addr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Oxigraph { addr, child }
    }
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn local_rows(store: &str, name: &str) -> Vec<Vec<Option<String>>> {
    let out = common::run(&[
        "--store",
        store,
        "query",
        "--name",
        name,
        "--results",
        "json",
    ]);
    assert!(out.status.success(), "{name}: {}", common::stderr(&out));
    common::sparql_rows(&serde_json::from_slice(&out.stdout).unwrap())
}

fn remote_rows(addr: SocketAddr, name: &str) -> Vec<Vec<Option<String>>> {
    let sparql = std::fs::read_to_string(repo().join(format!("queries/{name}.rq"))).unwrap();
    let body = format!("query={}", encode(&sparql));
    let answer = http::request(
        addr,
        "POST",
        "/query",
        &[
            ("Accept", "application/sparql-results+json"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(body.as_bytes()),
    );
    assert_eq!(answer.status, 200, "{name}: {}", answer.text());
    common::sparql_rows(&serde_json::from_slice(&answer.body).unwrap())
}

fn push(store: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--store", store, "push"];
    all.extend_from_slice(args);
    common::run(&all)
}

/// "N graphs sent" and "M unchanged" from the summary line.
fn counts(out: &std::process::Output) -> (usize, usize) {
    let err = common::stderr(out);
    let line = err
        .lines()
        .find(|l| l.starts_with("pushed to"))
        .unwrap_or_else(|| panic!("{err}"));
    let number_before = |word: &str| {
        let at = line.find(word).unwrap();
        line[..at]
            .split_whitespace()
            .last()
            .unwrap()
            .trim_start_matches('(')
            .parse()
            .unwrap()
    };
    (number_before(" graphs sent"), number_before(" unchanged"))
}

#[test]
fn a_pushed_store_answers_as_the_local_one_and_a_second_push_sends_only_what_changed() {
    let articles = common::fresh_dir("push-articles");
    for entry in std::fs::read_dir(repo().join("examples/articles")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), articles.join(entry.file_name())).unwrap();
    }
    let store_dir = common::fresh_dir("push-store");
    let store = path_str(&store_dir).to_string();
    let ingest = common::run(&["--store", &store, "ingest", path_str(&articles)]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));

    let server = Oxigraph::start();
    let endpoint = format!("http://{}/query", server.addr);
    let first = push(&store, &["--endpoint", &endpoint]);
    assert!(first.status.success(), "{}", common::stderr(&first));
    let (sent, unchanged) = counts(&first);
    assert!(
        sent >= 7,
        "3 articles, registry, claims, ingest, ontology: {sent}"
    );
    assert_eq!(unchanged, 0);
    let names: Vec<String> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".rq")
                .map(str::to_string)
        })
        .collect();
    assert!(names.len() >= 10);
    for name in &names {
        assert_eq!(
            remote_rows(server.addr, name),
            local_rows(&store, name),
            "{name}"
        );
    }

    let again = push(&store, &["--endpoint", &endpoint]);
    assert!(again.status.success(), "{}", common::stderr(&again));
    assert_eq!(counts(&again), (0, sent), "nothing changed, nothing sent");

    // One article changes: its graph and the graphs that record it go, the others stay.
    let file = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .expect("a text article among the examples");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n\nThe minister told reporters that the talks would resume next week.\n");
    std::fs::write(&file, text).unwrap();
    let reingest = common::run(&["--store", &store, "ingest", path_str(&articles)]);
    assert!(reingest.status.success(), "{}", common::stderr(&reingest));
    let third = push(&store, &["--endpoint", &endpoint]);
    assert!(third.status.success(), "{}", common::stderr(&third));
    let (resent, kept) = counts(&third);
    assert!(
        (1..=4).contains(&resent),
        "the changed article and what records it: {resent}"
    );
    assert!(kept >= 2, "the unchanged articles stay: {kept}");
    for name in &names {
        assert_eq!(
            remote_rows(server.addr, name),
            local_rows(&store, name),
            "{name} after the change"
        );
    }
}

#[test]
fn a_server_that_refuses_is_named_with_its_status_and_a_token_opens_it() {
    let store_dir = common::fresh_dir("push-refused");
    let store = path_str(&store_dir).to_string();
    let examples = path_str(&repo().join("examples/articles")).to_string();
    assert!(
        common::run(&["--store", &store, "ingest", &examples])
            .status
            .success()
    );

    let read_only = Server::start(&["--memory"], &[], false);
    let refused = push(
        &store,
        &["--endpoint", &format!("http://{}/sparql", read_only.addr)],
    );
    assert_eq!(
        refused.status.code(),
        Some(1),
        "{}",
        common::stderr(&refused)
    );
    let err = common::stderr(&refused);
    assert!(
        err.contains("refused with 403") && err.contains("read-only"),
        "{err}"
    );
    assert_eq!(counts(&refused).0, 0);

    let writable = Server::start(&["--memory"], &[], true);
    let graph_store = format!("http://{}/store", writable.addr);
    let out = common::bin()
        .args(["--store", &store, "push", "--graph-store", &graph_store])
        .args(["--token-env", "CLAIMTRACE_PUSH_TOKEN"])
        .env("CLAIMTRACE_PUSH_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(counts(&out).0 >= 7);
    // Nothing was recorded for the server that refused: it gets everything when it opens.
    assert_eq!(
        remote_count(writable.addr),
        local_count(&store),
        "the served store holds what was pushed"
    );

    let gone = push(&store, &["--graph-store", "http://127.0.0.1:9/store"]);
    assert_eq!(gone.status.code(), Some(2));
    assert!(
        common::stderr(&gone).contains("cannot reach the graph store"),
        "{}",
        common::stderr(&gone)
    );
}

fn local_count(store: &str) -> String {
    local_rows(store, "stats")[0][4].clone().unwrap()
}

fn remote_count(addr: SocketAddr) -> String {
    remote_rows(addr, "stats")[0][4].clone().unwrap()
}

#[test]
fn an_interrupted_push_completes_on_the_next_run() {
    let scratch = common::fresh_dir("push-interrupted");
    let Some(train) = polnear::train_jsonl(&scratch) else {
        return;
    };
    let store_dir = scratch.join("store");
    let store = path_str(&store_dir).to_string();
    let ingest = common::run(&["--store", &store, "ingest", path_str(&train)]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));

    let server = Oxigraph::start();
    let graph_store = format!("http://{}/store", server.addr);
    // Killed while it sends, its records written after every graph.
    let mut first = common::bin()
        .args([
            "--store",
            &store,
            "push",
            "--graph-store",
            &graph_store,
            "--batch",
            "1",
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while remote_graphs(server.addr) < 100 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = first.kill();
    let killed = first.wait().unwrap();
    assert!(!killed.success(), "the push was stopped before it ended");

    let resumed = push(&store, &["--graph-store", &graph_store]);
    assert!(resumed.status.success(), "{}", common::stderr(&resumed));
    let (sent, unchanged) = counts(&resumed);
    // At most the graphs in flight (4 at once) and one unrecorded batch (1) go again.
    assert!(
        unchanged + 5 >= 100,
        "what was sent before is not sent again: {unchanged}"
    );
    assert!(sent > 0, "the rest is sent: {sent}");
    assert_eq!(remote_count(server.addr), local_count(&store));
    for name in ["speakers", "outlets", "chains"] {
        assert_eq!(
            remote_rows(server.addr, name),
            local_rows(&store, name),
            "{name}"
        );
    }
    assert_eq!(counts(&push(&store, &["--graph-store", &graph_store])).0, 0);
}

fn remote_graphs(addr: SocketAddr) -> usize {
    let body = format!(
        "query={}",
        encode("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {} }")
    );
    let answer = http::request(
        addr,
        "POST",
        "/query",
        &[
            ("Accept", "text/csv"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(body.as_bytes()),
    );
    answer
        .text()
        .lines()
        .nth(1)
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}
