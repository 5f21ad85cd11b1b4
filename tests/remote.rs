//! The graph pushed to other stores and read back through `--endpoint`: the seed, the example
//! articles and PolNeAR train pushed to Oxigraph's server and to Virtuoso (both started here
//! on 127.0.0.1), then every named query, `stats` and `trace --speaker/--outlet/--claim`
//! give the same rows from each server as from the local store.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::stores::{Oxigraph, VIRTUOSO_PASSWORD, VIRTUOSO_USER, Virtuoso};
use common::{path_str, polnear, repo};

/// The store every test here copies: the seed, the examples and PolNeAR train, ingested
/// once; `None` when PolNeAR is absent.
fn ingested() -> Option<&'static Path> {
    static STORE: OnceLock<Option<PathBuf>> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let scratch = common::fresh_dir("remote-ingested");
            let train = polnear::train_jsonl(&scratch)?;
            let store = scratch.join("store");
            let examples = repo().join("examples/articles");
            let out = common::run(&[
                "--store",
                path_str(&store),
                "ingest",
                path_str(&examples),
                path_str(&common::seed()),
                path_str(&train),
            ]);
            assert!(out.status.success(), "{}", common::stderr(&out));
            Some(store)
        })
        .as_deref()
}

/// A copy of the ingested store of its own for one test (a store is one process's at a time).
fn own_store(name: &str) -> Option<String> {
    let from = ingested()?;
    let to = common::fresh_dir(name).join("store");
    copy_dir(from, &to);
    Some(path_str(&to).to_string())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn with_store(store: &str, args: &[&str]) -> Output {
    let mut all = vec!["--store", store];
    all.extend_from_slice(args);
    common::run(&all)
}

fn with_endpoint(endpoint: &str, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--endpoint", endpoint]);
    common::run(&all)
}

/// Rows as sets: sorted, and a joined list ("BBC; Reuters") sorted within, since
/// GROUP_CONCAT's order is each store's own.
fn rows(out: &Output, what: &str) -> Vec<Vec<Option<String>>> {
    assert!(out.status.success(), "{what}: {}", common::stderr(out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: {e}: {}", common::stdout(out)));
    let mut rows: Vec<Vec<Option<String>>> = common::sparql_rows(&json)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|value| {
                    value.map(|v| {
                        let mut items: Vec<&str> = v.split("; ").collect();
                        items.sort_unstable();
                        items.join("; ")
                    })
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// The named queries; `with_parameters` too, those that take a `?parameter` (unbound, some
/// walk every path of a large graph: trace binds them).
fn query_names(with_parameters: bool) -> Vec<String> {
    let takes_parameters = |name: &str| {
        std::fs::read_to_string(repo().join(format!("queries/{name}.rq")))
            .unwrap()
            .lines()
            .any(|l| l.starts_with("# ?"))
    };
    common::query_names()
        .into_iter()
        .filter(|name| with_parameters || !takes_parameters(name))
        .collect()
}

/// The speakers with the most statements, the outlets that carried the most, and words of
/// the first claims of the top speaker: what a user would trace first.
fn trace_targets(store: &str) -> Vec<(&'static str, String)> {
    let top = |name: &str, column: usize, count: usize| -> Vec<String> {
        let out = with_store(store, &["query", "--name", name, "--results", "json"]);
        let mut rows = rows(&out, name);
        rows.sort_by_key(|r| {
            std::cmp::Reverse(
                r[count]
                    .as_deref()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0),
            )
        });
        rows.into_iter()
            .filter_map(|r| r[column].clone())
            .take(3)
            .collect()
    };
    let mut targets: Vec<(&str, String)> = Vec::new();
    for s in top("speakers", 1, 4) {
        targets.push(("--speaker", s));
    }
    for o in top("outlets", 1, 3) {
        targets.push(("--outlet", o));
    }
    targets.push(("--outlet", "BBC".to_string()));
    let first = &targets[0].1;
    let traced = with_store(store, &["trace", "--speaker", first, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&traced.stdout).unwrap();
    for claim in json["claims"].as_array().unwrap().iter().take(2) {
        let words: Vec<&str> = claim["text"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(6)
            .collect();
        targets.push(("--claim", words.join(" ")));
    }
    targets
}

/// The named queries give the same rows from `endpoint` as from `store`.
fn queries_answer_as_the_local_store(store: &str, endpoint: &str, names: &[String]) {
    for name in names {
        let args = ["query", "--name", name, "--results", "json"];
        let local = rows(&with_store(store, &args), name);
        let remote = rows(&with_endpoint(endpoint, &args), name);
        assert!(
            !local.is_empty() || name == "suspect-people",
            "{name}: no rows"
        );
        assert!(local == remote, "{name}: {endpoint} answers otherwise");
    }
}

/// The named queries without parameters, stats and the traces give the same from
/// `endpoint` as from `store`.
fn answers_as_the_local_store(store: &str, endpoint: &str) {
    let names = query_names(false);
    assert!(names.len() >= 7, "{names:?}");
    queries_answer_as_the_local_store(store, endpoint, &names);
    let local = with_store(store, &["stats"]);
    let remote = with_endpoint(endpoint, &["stats"]);
    assert!(remote.status.success(), "{}", common::stderr(&remote));
    assert_eq!(common::stdout(&remote), common::stdout(&local), "stats");

    let targets = trace_targets(store);
    assert!(targets.len() >= 8, "{targets:?}");
    for (flag, name) in &targets {
        let args = ["trace", flag, name, "--format", "json"];
        let local = with_store(store, &args);
        let remote = with_endpoint(endpoint, &args);
        assert!(
            local.status.success(),
            "{flag} {name}: {}",
            common::stderr(&local)
        );
        assert!(
            remote.status.success(),
            "{flag} {name}: {}",
            common::stderr(&remote)
        );
        assert!(
            common::stdout(&remote) == common::stdout(&local),
            "trace {flag} {name:?}: {endpoint} traces otherwise"
        );
    }
}

/// "N graphs sent" from push's summary line.
fn sent(out: &Output) -> usize {
    let err = common::stderr(out);
    let line = err
        .lines()
        .find(|l| l.starts_with("pushed to"))
        .unwrap_or_else(|| panic!("{err}"));
    line.split(": ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap()
        .parse()
        .unwrap()
}

fn sent_every_article(push: &Output) {
    assert!(push.status.success(), "{}", common::stderr(push));
    assert!(
        sent(push) > 840,
        "every article's graph: {}",
        common::stderr(push)
    );
}

#[test]
fn an_oxigraph_server_pushed_to_answers_queries_stats_and_traces_as_the_local_store() {
    let Some(store) = own_store("remote-oxigraph") else {
        return;
    };
    let server = Oxigraph::start();
    let push = with_store(&store, &["push", "--endpoint", &server.query_url()]);
    sent_every_article(&push);
    answers_as_the_local_store(&store, &server.query_url());
}

fn push_to_virtuoso(store: &str, server: &Virtuoso, extra: &[&str]) -> Output {
    common::bin()
        .args([
            "--store",
            store,
            "push",
            "--graph-store",
            &server.graph_store_url(),
        ])
        .args([
            "--user",
            VIRTUOSO_USER,
            "--password-env",
            "VIRTUOSO_PASSWORD",
        ])
        .args(extra)
        .env("VIRTUOSO_PASSWORD", VIRTUOSO_PASSWORD)
        .output()
        .unwrap()
}

#[test]
fn virtuoso_pushed_to_with_digest_answers_queries_stats_and_traces_as_the_local_store() {
    let Some(store) = own_store("remote-virtuoso") else {
        return;
    };
    let Some(server) = Virtuoso::start(1_000_000) else {
        return;
    };
    // Virtuoso asks for Digest: the default answers the challenge, --auth digest says so.
    let push = push_to_virtuoso(&store, &server, &["--auth", "digest"]);
    sent_every_article(&push);
    answers_as_the_local_store(&store, &server.query_url());
    let again = push_to_virtuoso(&store, &server, &[]);
    assert!(again.status.success(), "{}", common::stderr(&again));
    assert_eq!(sent(&again), 0, "{}", common::stderr(&again));
}

#[test]
fn virtuoso_as_configured_by_its_sample_answers_every_named_query_and_its_row_cap_is_an_error() {
    let scratch = common::fresh_dir("remote-capped");
    let store = path_str(&scratch.join("store")).to_string();
    let examples = repo().join("examples/articles");
    assert!(
        with_store(&store, &["ingest", path_str(&examples)])
            .status
            .success()
    );
    // The sample virtuoso.ini's cap.
    let Some(server) = Virtuoso::start(10_000) else {
        return;
    };
    let wrong = common::bin()
        .args([
            "--store",
            &store,
            "push",
            "--graph-store",
            &server.graph_store_url(),
        ])
        .args(["--user", VIRTUOSO_USER, "--password-env", "WRONG_PASSWORD"])
        .env("WRONG_PASSWORD", "not-the-password")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1), "{}", common::stderr(&wrong));
    assert!(
        common::stderr(&wrong).contains("refused with 401"),
        "{}",
        common::stderr(&wrong)
    );
    assert_eq!(sent(&wrong), 0);

    let push = push_to_virtuoso(&store, &server, &[]);
    assert!(push.status.success(), "{}", common::stderr(&push));
    let names = query_names(true);
    assert!(names.len() >= 10, "{names:?}");
    queries_answer_as_the_local_store(&store, &server.query_url(), &names);

    // 56 statements cubed: past the cap, an error naming it, never a short table.
    let wide =
        "SELECT ?a ?b ?c WHERE { ?a a ct:Statement . ?b a ct:Statement . ?c a ct:Statement }";
    let capped = with_endpoint(&server.query_url(), &["query", wide]);
    assert_eq!(capped.status.code(), Some(2), "{}", common::stderr(&capped));
    assert!(
        common::stderr(&capped).contains("cut the result at 10000 rows")
            && common::stderr(&capped).contains("ResultSetMaxRows"),
        "{}",
        common::stderr(&capped)
    );
    assert!(common::stdout(&capped).is_empty(), "no partial table");
    // An update is not sent: push is how the graph changes there.
    let update = with_endpoint(&server.query_url(), &["query", "CLEAR ALL"]);
    assert_eq!(update.status.code(), Some(1));
    assert!(
        common::stderr(&update).contains("push"),
        "{}",
        common::stderr(&update)
    );
    // A query the server refuses is the user's to fix (exit 1), with the server's reason.
    let broken = with_endpoint(&server.query_url(), &["query", "SELECT ?s WHERE { ?s"]);
    assert_eq!(broken.status.code(), Some(1), "{}", common::stderr(&broken));
    assert!(
        common::stderr(&broken).contains("refused with 400"),
        "{}",
        common::stderr(&broken)
    );
}
