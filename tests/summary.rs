//! The counts kept at ingest (the summary graph) answer `stats`, `outlets` and `speakers`
//! exactly as the scans of the whole store (queries/scan/) do: after a first load of articles
//! in every shape (more speakers than `speakers` lists), after adding and replacing some, and after a SPARQL update, which drops the summary
//! until the next ingest counts the store again.

mod common;

use std::path::Path;

use common::*;

const SUMMARIZED: [&str; 3] = ["stats", "outlets", "speakers"];

fn named(store: &Path, name: &str) -> String {
    let out = run(&[
        "--store",
        path_str(store),
        "query",
        "--name",
        name,
        "--results",
        "csv",
    ]);
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    stdout(&out)
}

fn scanned(store: &Path, name: &str) -> String {
    let file = repo().join(format!("queries/scan/{name}.rq"));
    let out = run(&[
        "--store",
        path_str(store),
        "query",
        "--file",
        path_str(&file),
        "--results",
        "csv",
    ]);
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    stdout(&out)
}

fn has_summary(store: &Path) -> bool {
    let out = run(&[
        "--store",
        path_str(store),
        "query",
        "ASK { GRAPH ctid:graph\\/summary { ?s ?p ?o } }",
        "--results",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).contains("true")
}

fn counts_agree(store: &Path, when: &str) {
    for name in SUMMARIZED {
        let (kept, scan) = (named(store, name), scanned(store, name));
        assert!(kept.lines().count() > 1, "{when}: {name} is empty");
        assert_eq!(
            kept, scan,
            "{when}: {name} from the summary and from a scan"
        );
    }
}

/// Ingests `inputs`; `commit_quads`, when given, sets `CLAIMTRACE_COMMIT_QUADS`, which
/// also makes counts from a tenth of that many on go into the summary through a bulk load.
fn ingest_with(store: &Path, inputs: &[&Path], commit_quads: Option<&str>) -> String {
    let mut command = bin();
    command.args(["--store", path_str(store), "ingest"]);
    command.args(inputs.iter().map(|p| path_str(p)));
    if let Some(n) = commit_quads {
        command.env("CLAIMTRACE_COMMIT_QUADS", n);
    }
    let out = command.stdin(std::process::Stdio::null()).output().unwrap();
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    stderr(&out)
}

fn ingest(store: &Path, inputs: &[&Path]) -> String {
    ingest_with(store, inputs, None)
}

#[test]
fn kept_counts_answer_as_scans_do_through_loads_replacements_and_updates() {
    let Some(store) = load_add_replace("summary", None) else {
        return;
    };

    // An update says nothing of what it changed: the summary goes, the scans answer.
    let out = run(&[
        "--store",
        path_str(&store),
        "query",
        "DELETE WHERE { GRAPH ?g { ?s ct:speaker ?o } }",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!has_summary(&store));
    let stats = run(&["--store", path_str(&store), "stats"]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    for name in SUMMARIZED {
        assert_eq!(
            named(&store, name),
            scanned(&store, name),
            "{name} with no summary"
        );
    }

    // The next ingest counts the store once, then keeps the counts again.
    ingest(&store, &[&repo().join("examples/articles")]);
    assert!(has_summary(&store));
    counts_agree(&store, "counted again");
}

/// A first load of articles in every shape, more articles, then some replaced, each
/// ingest's counts checked against the scans; the store, unless the corpora are absent.
fn load_add_replace(name: &str, commit_quads: Option<&str>) -> Option<std::path::PathBuf> {
    let (Some(reuters), Some(pages), Some(feed)) = (
        shared("corpora/reuters21578.jsonl"),
        shared("corpora/html"),
        shared("corpora/feeds/guardian-us.rss"),
    ) else {
        return None;
    };
    let dir = fresh_dir(name);
    let store = dir.join("store");
    let text = std::fs::read_to_string(reuters).unwrap();
    let all: Vec<&str> = text.lines().take(500).collect();
    let (lines, more) = all.split_at(400);
    let first = dir.join("first.jsonl");
    std::fs::write(&first, lines.join("\n") + "\n").unwrap();

    ingest_with(
        &store,
        &[
            &first,
            &pages,
            &feed,
            &repo().join("examples/articles"),
            &seed(),
        ],
        commit_quads,
    );
    assert!(has_summary(&store));
    counts_agree(&store, "first load");

    // More articles: counts only grow, and the leading speakers (past the first thousand,
    // `speakers` lists those) are found among the last ones and those just counted.
    let next = dir.join("next.jsonl");
    std::fs::write(&next, more.join("\n") + "\n").unwrap();
    ingest_with(&store, &[&next], commit_quads);
    counts_agree(&store, "more articles");

    // Every tenth record again with another record's body: graphs replaced, statements and
    // speakers gone and come, claims left orphaned and dropped.
    let changed: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 10 == 0)
        .map(|(i, line)| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            let other: serde_json::Value =
                serde_json::from_str(lines[(i + 7) % lines.len()]).unwrap();
            record["body"] = other["body"].clone();
            record.to_string()
        })
        .collect();
    let second = dir.join("second.jsonl");
    std::fs::write(&second, changed.join("\n") + "\n").unwrap();
    let report = ingest_with(&store, &[&second], commit_quads);
    assert!(report.contains(" replaced,"), "{report}");
    assert!(!report.contains(" 0 replaced"), "{report}");
    counts_agree(&store, "after replacements");
    Some(store)
}

#[test]
fn counts_written_by_bulk_loads_answer_as_scans_do() {
    load_add_replace("summary-bulk", Some("1000"));
}
