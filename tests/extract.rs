//! `claimtrace extract` on real articles: the seed against its gold annotation, PolNeAR dev
//! against its annotations (the rules must generalise), and the JSON contract itself.

mod common;

use common::*;
use serde_json::Value;

fn extract_json(path: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["extract", path_str(path), "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "extract failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("extract prints JSON")
}

/// Runs the official scorer; returns its figures as JSON.
fn score(scorer: &std::path::Path, gold: &std::path::Path, pred: &std::path::Path) -> Value {
    let out = std::process::Command::new("python3")
        .arg(scorer)
        .args([gold, pred])
        .arg("--json")
        .output()
        .expect("python3 runs the scorer");
    assert!(
        out.status.success(),
        "score.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn at_least(figures: &Value, bars: &[(&str, f64)]) {
    for (key, bar) in bars {
        let got = figures[key].as_f64().unwrap_or(0.0);
        assert!(got >= *bar, "{key} = {got:.3} < {bar}\n{figures:#}");
    }
}

#[test]
fn the_seed_meets_its_gold_annotation() {
    let (Some(scorer), Some(gold)) = (
        shared("eval/score.py"),
        shared("eval/seed/2025-08-27-kremlin-secret-talks.json"),
    ) else {
        return;
    };
    let dir = fresh_dir("seed-pred");
    let doc = extract_json(&seed(), &[]);
    let pred = dir.join("2025-08-27-kremlin-secret-talks.json");
    std::fs::write(&pred, serde_json::to_vec(&doc).unwrap()).unwrap();
    let figures = score(&scorer, &gold, &pred);
    at_least(
        &figures,
        &[
            ("content_lenient_f1", 0.90),
            ("source_f1", 0.90),
            ("cue_f1", 0.85),
            ("speaker_acc", 0.90),
            ("outlets_acc", 0.90),
            ("nesting_acc", 0.85),
            ("date_acc", 1.0),
        ],
    );
}

/// Extracts every text of a PolNeAR split and scores it with the official scorer; `None`
/// when the split is absent.
fn score_split(name: &str) -> Option<Value> {
    let scorer = shared("eval/score.py")?;
    let split = shared(&format!("eval/polnear/{name}"))?;
    let dir = fresh_dir(&format!("{name}-pred"));
    for entry in std::fs::read_dir(split.join("text")).unwrap() {
        let path = entry.unwrap().path();
        let doc = extract_json(&path, &[]);
        let name = path.file_stem().unwrap().to_str().unwrap();
        std::fs::write(
            dir.join(format!("{name}.json")),
            serde_json::to_vec(&doc).unwrap(),
        )
        .unwrap();
    }
    Some(score(&scorer, &split, &dir))
}

#[test]
fn the_rules_generalise_to_polnear_dev() {
    let Some(figures) = score_split("dev") else {
        return;
    };
    at_least(
        &figures,
        &[
            // The bars of the quality issue; measured 0.733 / 0.588 / 0.692 / 0.686.
            ("content_lenient_f1", 0.72),
            ("content_strict_f1", 0.58),
            ("source_f1", 0.68),
            ("cue_f1", 0.68),
        ],
    );
}

/// A second, larger split scored the same way shows rules fitted to dev alone (and the cue
/// model, trained on it, not memorising it). Measured 0.718 / 0.567 / 0.672 / 0.666.
#[test]
fn the_rules_hold_on_polnear_train() {
    let Some(figures) = score_split("train") else {
        return;
    };
    at_least(
        &figures,
        &[
            ("content_lenient_f1", 0.70),
            ("content_strict_f1", 0.55),
            ("source_f1", 0.65),
            ("cue_f1", 0.65),
        ],
    );
}

#[test]
fn the_seed_layout_gives_the_article_metadata() {
    let doc = extract_json(&seed(), &[]);
    let a = &doc["article"];
    assert_eq!(
        a["title"],
        "Kremlin says it wants to hold secret talks with US on security guarantees for Ukraine"
    );
    assert_eq!(a["author"], "Stanislav Pohorilov");
    // The text gives no timezone, and none is invented.
    assert_eq!(a["published"], "2025-08-27T14:02:00");
    assert_eq!(
        a["sources"],
        serde_json::json!(["Russian state-owned media", "BBC News Russian"])
    );
    assert_eq!(
        a["credits"],
        serde_json::json!([{"what": "photo", "by": "RIA Novosti"}])
    );
    // Given the publisher, the newsroom's zone gives the time its offset.
    let doc = extract_json(&seed(), &["--publisher", "Ukrainska Pravda"]);
    assert_eq!(doc["article"]["published"], "2025-08-27T14:02:00+03:00");
    assert_eq!(doc["article"]["publisher"], "Ukrainska Pravda");
}

#[test]
fn offsets_count_code_points_and_match_the_text() {
    let text = std::fs::read_to_string(seed()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let doc = extract_json(&seed(), &[]);
    let statements = doc["statements"].as_array().unwrap();
    assert!(statements.len() >= 15);
    let mut checked = 0;
    for st in statements {
        for field in ["content", "cue", "source"] {
            let span = &st[field];
            if let (Some(s), Some(e)) = (span["start"].as_u64(), span["end"].as_u64()) {
                let got: String = chars[s as usize..e as usize].iter().collect();
                assert_eq!(
                    got,
                    span["text"].as_str().unwrap(),
                    "{field} of {}",
                    st["id"]
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 45);
    // The seed has curly quotes and dashes before its last statements: bytes would differ.
    assert_ne!(text.len(), chars.len());
}

#[test]
fn nested_chains_and_outlets_are_found() {
    let doc = extract_json(&seed(), &[]);
    let statements = doc["statements"].as_array().unwrap();
    let by_id = |id: &str| statements.iter().find(|s| s["id"] == id).unwrap();
    let speaker = |s: &Value| s["speaker"]["name"].as_str().unwrap_or("").to_string();
    // Walk every chain up from a statement naming Putin.
    let chains: Vec<Vec<String>> = statements
        .iter()
        .filter(|s| speaker(s) == "Vladimir Putin" && !s["parent"].is_null())
        .map(|s| {
            let mut chain = vec![speaker(s)];
            let mut p = s["parent"].clone();
            while let Some(id) = p.as_str() {
                let parent = by_id(id);
                chain.insert(0, speaker(parent));
                p = parent["parent"].clone();
            }
            chain
        })
        .collect();
    assert!(
        chains.contains(&vec![
            "Axios".into(),
            "Donald Trump".into(),
            "Vladimir Putin".into()
        ]),
        "{chains:?}"
    );
    assert!(
        chains.contains(&vec![
            "Bloomberg".into(),
            "Donald Trump".into(),
            "Vladimir Putin".into()
        ]),
        "{chains:?}"
    );
    let peskov: Vec<&Value> = statements
        .iter()
        .filter(|s| speaker(s) == "Dmitry Peskov")
        .collect();
    assert!(peskov.len() >= 4);
    for s in &peskov {
        let outlets: Vec<&str> = s["reported_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(outlets, ["Russian state-owned media", "BBC News Russian"]);
        assert_eq!(s["speaker"]["type"], "person");
    }
    let kinds: Vec<&str> = statements
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    for k in ["direct", "indirect", "mixed", "according_to"] {
        assert!(kinds.contains(&k), "no {k} statement");
    }
}

#[test]
fn plain_text_takes_metadata_from_the_command_line() {
    let dir = fresh_dir("plain");
    let path = dir.join("note.txt");
    std::fs::write(&path, "Minister resigns\n\n\u{201c}I am leaving today,\u{201d} the minister told Reuters on Monday.\n").unwrap();
    let doc = extract_json(
        &path,
        &[
            "--publisher",
            "The Guardian",
            "--published",
            "2024-03-06T09:00:00Z",
            "--url",
            "https://example.com/a",
        ],
    );
    assert_eq!(doc["article"]["title"], "Minister resigns");
    assert_eq!(doc["article"]["publisher"], "The Guardian");
    assert_eq!(doc["article"]["published"], "2024-03-06T09:00:00Z");
    let st = &doc["statements"][0];
    assert_eq!(st["kind"], "direct");
    assert_eq!(st["content"]["text"], "\u{201c}I am leaving today,\u{201d}");
    assert_eq!(st["reported_by"][0]["name"], "Reuters");
    // Monday before Wednesday 6 March 2024.
    assert_eq!(st["date"], "2024-03-04");
}

#[test]
fn bad_input_gets_a_clear_message_and_an_honest_exit_code() {
    let dir = fresh_dir("bad");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let out = run(&["extract", path_str(&empty)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("empty.txt") && stderr(&out).contains("empty"),
        "{}",
        stderr(&out)
    );
    let missing = dir.join("missing.txt");
    let out = run(&["extract", path_str(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt"));
    let out = run(&[
        "extract",
        path_str(&seed()),
        "--published",
        "31-MAR-1987 605:12:19",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("31-MAR-1987 605:12:19"),
        "{}",
        stderr(&out)
    );
}

/// scripts/score.sh scores the text crate's `extract_json` example, which makes the document
/// with the library calls below; the binary must print the same document.
#[test]
fn the_binary_prints_what_the_library_extracts() {
    use claimtrace_text::article::Overrides;
    use claimtrace_text::input::{self, Format};
    let articles = repo().join("crates/text/tests/articles");
    let mut paths: Vec<_> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.push(seed());
    for path in paths {
        let (article, _) = input::read_article(&path, Format::Auto, &Overrides::default()).unwrap();
        let statements = claimtrace_text::extract::extract(&article);
        let library =
            serde_json::to_value(claimtrace_text::json::Document::new(&article, &statements))
                .unwrap();
        assert_eq!(extract_json(&path, &[]), library, "{}", path.display());
    }
}

/// Many articles: one compact document a line, in input order, the same for any number of
/// threads; a broken line named on stderr and the rest extracted.
#[test]
fn many_articles_stream_as_json_lines_in_input_order_on_any_number_of_threads() {
    let Some(corpus) = shared("corpora/reuters21578.jsonl") else {
        return;
    };
    let dir = fresh_dir("extract-many");
    let text = std::fs::read_to_string(corpus).unwrap();
    let mut lines: Vec<&str> = text.lines().take(400).collect();
    lines.insert(200, "{\"id\": \"broken\", \"text\": ");
    let input = dir.join("slice.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();

    let one = run(&["extract", path_str(&input), "--jobs", "1"]);
    assert_eq!(one.status.code(), Some(1), "a broken line fails the run");
    assert!(
        stderr(&one).contains("slice.jsonl") && stderr(&one).contains("201"),
        "the broken line is named: {}",
        stderr(&one)
    );
    let docs: Vec<Value> = stdout(&one)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON document a line"))
        .collect();
    assert_eq!(docs.len(), 400);
    let expected: Vec<Value> = text
        .lines()
        .take(400)
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    let ids: Vec<Value> = docs.iter().map(|d| d["document"].clone()).collect();
    assert_eq!(ids, expected, "in input order");
    let statements: usize = docs
        .iter()
        .map(|d| d["statements"].as_array().unwrap().len())
        .sum();
    assert!(statements > 400, "{statements} statements in 400 articles");
    for jobs in ["2", "5"] {
        let many = run(&["extract", path_str(&input), "--jobs", jobs]);
        assert_eq!(
            many.stdout, one.stdout,
            "--jobs {jobs} writes the same bytes"
        );
        assert_eq!(many.status.code(), Some(1));
    }
    // Several paths, folders among them, are many too; one article stays one document.
    let seed_dir = dir.join("two");
    std::fs::create_dir_all(&seed_dir).unwrap();
    std::fs::copy(seed(), seed_dir.join("a.txt")).unwrap();
    std::fs::copy(seed(), seed_dir.join("b.txt")).unwrap();
    let two = run(&["extract", path_str(&seed_dir)]);
    assert!(two.status.success(), "{}", stderr(&two));
    assert_eq!(stdout(&two).lines().count(), 2);
    let single = run(&["extract", path_str(&seed_dir.join("a.txt"))]);
    assert!(
        stdout(&single).starts_with("{\n"),
        "one article is indented"
    );
}
