//! `claimtrace push` against real servers on 127.0.0.1: Oxigraph's (`pip install oxigraph`,
//! installed by scripts/setup.sh) and `claimtrace serve` (Virtuoso's in tests/remote.rs). The
//! pushed store answers every named query with the local store's rows; pushing again sends
//! nothing; a changed article sends only what changed; a server that refuses is named with
//! its status.

mod common;

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::http::{self, encode};
use common::server::{Server, TOKEN};
use common::stores::{Oxigraph, assert_same_quads, remote_graphs};
use common::{path_str, polnear, repo};

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

/// The named query's rows from the server at `addr`, which push leaves without this store's
/// summary graph: so the query as `query --endpoint` runs it there, the scan where one exists.
fn remote_rows(addr: SocketAddr, name: &str) -> Vec<Vec<Option<String>>> {
    let scan = repo().join(format!("queries/scan/{name}.rq"));
    let file = if scan.exists() {
        scan
    } else {
        repo().join(format!("queries/{name}.rq"))
    };
    let sparql = std::fs::read_to_string(file).unwrap();
    remote_rows_of(addr, &sparql)
}

fn remote_rows_of(addr: SocketAddr, sparql: &str) -> Vec<Vec<Option<String>>> {
    let body = format!("query={}", encode(sparql));
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
    assert_eq!(answer.status, 200, "{sparql}: {}", answer.text());
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
    // Oxigraph's server is told by its Server header and takes graphs in bulk.
    assert!(
        common::stderr(&first).contains("(bulk loads)"),
        "{}",
        common::stderr(&first)
    );
    assert!(
        sent >= 7,
        "3 articles, registry, claims, ingest, ontology: {sent}"
    );
    assert_eq!(unchanged, 0);
    let names = common::query_names();
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
    // No quad of the article's old version is left on the server.
    assert_same_quads(server.addr, &store);
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
    // A server that does not name itself Oxigraph gets one PUT per graph.
    assert!(common::stderr(&out).contains("(PUT per graph)"));
    // Nothing was recorded for the server that refused: it gets everything when it opens.
    assert_same_quads(writable.addr, &store);

    let gone = push(&store, &["--graph-store", "http://127.0.0.1:9/store"]);
    assert_eq!(gone.status.code(), Some(2));
    assert!(
        common::stderr(&gone).contains("cannot reach the graph store"),
        "{}",
        common::stderr(&gone)
    );
}

/// Starts a push and kills it (SIGKILL) once the server holds `graphs` graphs.
fn killed_push(store: &str, addr: SocketAddr, args: &[&str], graphs: usize) {
    let graph_store = format!("http://{addr}/store");
    let mut first = common::bin()
        .args(["--store", store, "push", "--graph-store", &graph_store])
        .args(args)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while remote_graphs(addr) < graphs && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = first.kill();
    let killed = first.wait().unwrap();
    assert!(!killed.success(), "the push was stopped before it ended");
}

#[test]
fn an_interrupted_push_completes_on_the_next_run_with_the_quads_of_an_uninterrupted_one() {
    let scratch = common::fresh_dir("push-interrupted");
    let Some(train) = polnear::train_jsonl(&scratch) else {
        return;
    };
    let store_dir = scratch.join("store");
    let store = path_str(&store_dir).to_string();
    let ingest = common::run(&["--store", &store, "ingest", path_str(&train)]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));

    // One graph per PUT, records written after every graph: killed while it sends.
    let by_put = Oxigraph::start();
    killed_push(
        &store,
        by_put.addr,
        &["--loading", "put", "--batch", "1"],
        100,
    );
    let graph_store = format!("http://{}/store", by_put.addr);
    let resumed = push(&store, &["--graph-store", &graph_store, "--loading", "put"]);
    assert!(resumed.status.success(), "{}", common::stderr(&resumed));
    let (sent, unchanged) = counts(&resumed);
    // At most the graphs in flight (4 at once) and one unrecorded batch (1) go again.
    assert!(
        unchanged + 5 >= 100,
        "what was sent before is not sent again: {unchanged}"
    );
    assert!(sent > 0, "the rest is sent: {sent}");
    assert_same_quads(by_put.addr, &store);
    for name in ["speakers", "outlets", "chains"] {
        assert_eq!(
            remote_rows(by_put.addr, name),
            local_rows(&store, name),
            "{name}"
        );
    }
    assert_eq!(counts(&push(&store, &["--graph-store", &graph_store])).0, 0);

    // Bulk loads of 16 graphs, not transactions: a kill can leave a graph half loaded,
    // and the next push, which finds it unrecorded, replaces it whole.
    let in_bulk = Oxigraph::start();
    killed_push(
        &store,
        in_bulk.addr,
        &["--loading", "bulk", "--batch", "16"],
        200,
    );
    let graph_store = format!("http://{}/store", in_bulk.addr);
    let resumed = push(&store, &["--graph-store", &graph_store]);
    assert!(resumed.status.success(), "{}", common::stderr(&resumed));
    assert!(common::stderr(&resumed).contains("(bulk loads)"));
    let (sent, unchanged) = counts(&resumed);
    assert!(unchanged > 0 && sent > 0, "{}", common::stderr(&resumed));
    assert_same_quads(in_bulk.addr, &store);
    assert_eq!(counts(&push(&store, &["--graph-store", &graph_store])).0, 0);
}

#[test]
fn ingest_push_sends_each_committed_batch_and_the_shared_graphs_and_leaves_nothing_to_push() {
    let Some(reuters) = common::shared("corpora/reuters21578.jsonl") else {
        return;
    };
    // 600 articles: three committed batches of up to 256.
    let dir = common::fresh_dir("ingest-push");
    let input = dir.join("articles.jsonl");
    let text = std::fs::read_to_string(reuters).unwrap();
    let lines: Vec<&str> = text.lines().take(600).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let store = path_str(&dir.join("store")).to_string();
    let server = Oxigraph::start();
    let graph_store = format!("http://{}/store", server.addr);

    let ingest = common::run(&[
        "--store",
        &store,
        "ingest",
        path_str(&input),
        "--push",
        &graph_store,
    ]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));
    let (sent, unchanged) = counts(&ingest);
    assert!(sent >= 604, "600 articles and the shared graphs: {sent}");
    assert_eq!(unchanged, 600, "articles sent as stored are not sent again");
    for name in ["stats", "outlets", "speakers"] {
        assert_eq!(
            remote_rows(server.addr, name),
            local_rows(&store, name),
            "{name}"
        );
    }
    let again = push(&store, &["--graph-store", &graph_store]);
    assert_eq!(counts(&again).0, 0, "{}", common::stderr(&again));

    // A server gone: the articles are still stored, and the exit code says the push failed.
    drop(server);
    let more = dir.join("more.jsonl");
    std::fs::write(
        &more,
        text.lines()
            .skip(600)
            .take(20)
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let gone = common::run(&[
        "--store",
        &store,
        "ingest",
        path_str(&more),
        "--push",
        &graph_store,
    ]);
    assert_eq!(gone.status.code(), Some(2), "{}", common::stderr(&gone));
    let err = common::stderr(&gone);
    assert!(
        err.contains("ingested 20") && err.contains("cannot reach the graph store"),
        "{err}"
    );
}

#[test]
fn push_since_a_time_sends_the_articles_ingested_after_it_and_the_shared_graphs() {
    let dir = common::fresh_dir("push-since");
    let store = path_str(&dir.join("store")).to_string();
    let examples = repo().join("examples/articles");
    let first = common::run(&["--store", &store, "ingest", path_str(&examples)]);
    assert!(first.status.success(), "{}", common::stderr(&first));
    std::thread::sleep(Duration::from_millis(50));
    // An instant between the two ingests, written with an offset: compared as an instant.
    let between = jiff::Timestamp::now()
        .display_with_offset(jiff::tz::offset(2))
        .to_string();
    std::thread::sleep(Duration::from_millis(50));
    let later = dir.join("later.txt");
    std::fs::write(
        &later,
        "Port strike talks to resume, union says\n\nDock workers will return to talks on Monday, \
         the union's general secretary said on Friday. \"We are ready to listen,\" she told \
         reporters, according to Reuters.\n",
    )
    .unwrap();
    let second = common::run(&["--store", &store, "ingest", path_str(&later)]);
    assert!(second.status.success(), "{}", common::stderr(&second));

    let server = Oxigraph::start();
    let endpoint = format!("http://{}/query", server.addr);
    let since = push(&store, &["--endpoint", &endpoint, "--since", &between]);
    assert!(since.status.success(), "{}", common::stderr(&since));
    let (sent, _) = counts(&since);
    assert_eq!(
        sent, 5,
        "the later article, registry, claims, ingest, ontology"
    );
    let articles = |addr| {
        remote_rows_of(
            addr,
            "SELECT ?a WHERE { ?a a <http://schema.org/NewsArticle> }",
        )
        .len()
    };
    assert_eq!(articles(server.addr), 1);
    let rest = push(&store, &["--endpoint", &endpoint]);
    assert_eq!(counts(&rest).0, 3, "{}", common::stderr(&rest));
    assert_eq!(articles(server.addr), 4);

    let bad = push(
        &store,
        &["--endpoint", &endpoint, "--since", "last Tuesday"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        common::stderr(&bad).contains("malformed date \"last Tuesday\""),
        "{}",
        common::stderr(&bad)
    );
}
