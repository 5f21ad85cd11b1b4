//! Ingest what people have: the Reuters JSON Lines dump (also with garbage in it), the BBC
//! text folders, real publishers' pages and feeds, and a folder of bad inputs.

mod common;

use std::io::Write;

use common::*;

/// Articles in a store that lives only as long as the process: counted through the REPL in
/// the same run.
fn count_articles_in_memory(paths: &[&str]) -> (u64, std::process::Output) {
    let mut args = vec!["--memory", "repl"];
    args.extend_from_slice(paths);
    let out = run_with_stdin(
        &args,
        ".mode csv\nSELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a schema:NewsArticle } }\n",
    );
    let text = stdout(&out);
    let n = text
        .lines()
        .skip_while(|l| l.trim() != "n")
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count in {text:?}"));
    (n, out)
}

#[test]
fn the_reuters_dump_is_stored_whole_and_its_bad_date_named() {
    let Some(reuters) = shared("corpora/reuters21578.jsonl") else {
        return;
    };
    let (n, out) = count_articles_in_memory(&[path_str(&reuters)]);
    let err = stderr(&out);
    assert_eq!(n, 19_043, "{err}");
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("malformed date \"31-MAR-1987 605:12:19")
            && err.contains("reuters21578.jsonl:"),
        "{err}"
    );
}

#[test]
fn garbage_lines_are_named_and_every_good_record_still_goes_in() {
    let Some(reuters) = shared("corpora/reuters21578.jsonl") else {
        return;
    };
    let dir = fresh_dir("garbage");
    let copy = dir.join("reuters-with-garbage.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&copy).unwrap());
    let original = std::fs::read_to_string(reuters).unwrap();
    let garbage: [&[u8]; 5] = [
        b"this is not JSON",
        b"{\"id\": \"cut-off\", \"body\": \"The record stops",
        b"[1, 2, 3]",
        b"{\"id\": \"no-body\", \"title\": \"Headline only\"}",
        b"\x00\x01\x02\xff binary junk",
    ];
    let mut bad_lines = Vec::new();
    let mut line = 0;
    for (i, record) in original.lines().enumerate() {
        if i % 4000 == 17 {
            for g in garbage {
                w.write_all(g).unwrap();
                w.write_all(b"\n").unwrap();
                line += 1;
                bad_lines.push(line);
            }
        }
        w.write_all(record.as_bytes()).unwrap();
        w.write_all(b"\n").unwrap();
        line += 1;
    }
    drop(w);
    let (n, out) = count_articles_in_memory(&[path_str(&copy)]);
    let err = stderr(&out);
    assert_eq!(n, 19_043, "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    for l in &bad_lines {
        assert!(
            err.contains(&format!("reuters-with-garbage.jsonl:{l}: ")),
            "line {l} not named: {err}"
        );
    }
    assert!(err.contains("not JSON"), "{err}");
    assert!(err.contains("no article body"), "{err}");
    assert!(err.contains("a JSON array, not an object"), "{err}");
}

#[test]
fn the_bbc_folders_are_stored_whole_one_file_recoded() {
    let Some(bbc) = shared("corpora/bbc") else {
        return;
    };
    let (n, out) = count_articles_in_memory(&[path_str(&bbc)]);
    let err = stderr(&out);
    assert_eq!(n, 2_225, "{err}");
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.matches("not valid UTF-8; read as windows-1252").count(),
        1,
        "{err}"
    );
}

#[test]
fn bad_inputs_are_each_named_and_the_rest_goes_in() {
    let dir = fresh_dir("bad-inputs");
    std::fs::write(dir.join("empty.jsonl"), "").unwrap();
    std::fs::write(dir.join("binary.dat"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 owner quits\n\nThe owner said the caf\xe9 would close.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("no-article.html"),
        "<html><head><title>Home</title></head><body><nav><a href=/>Home</a></nav></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.rss"),
        "<rss version=\"2.0\"><channel><title>Example News</title>\
         <item><title>Kept</title><description>The mayor said the bridge would reopen.</description></item>\
         <item><title>Cut</title><description>The XML stops <b>here",
    )
    .unwrap();
    let mut records = std::fs::File::create(dir.join("records.jsonl")).unwrap();
    writeln!(records, r#"{{"id": "a1", "title": "First", "body": "The minister said taxes would rise.", "published": "2024-05-01T10:00:00"}}"#).unwrap();
    writeln!(
        records,
        r#"{{"id": "a2", "title": "Truncated", "body": "The rec"#
    )
    .unwrap();
    writeln!(records, r#"{{"id": "a3", "title": "No body"}}"#).unwrap();
    writeln!(
        records,
        r#"{{"id": "a4", "body": "Officials said the plan was dead.", "date": "yesterday-ish"}}"#
    )
    .unwrap();
    // A 100 MB line is skipped without being held in memory.
    records
        .write_all(b"{\"id\": \"huge\", \"body\": \"")
        .unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..100 {
        records.write_all(&chunk).unwrap();
    }
    records.write_all(b"\"}\n").unwrap();
    writeln!(records, r#"{{"id": "a1", "title": "First, corrected", "body": "The minister said taxes would not rise."}}"#).unwrap();
    drop(records);

    let store = fresh_dir("store-bad-inputs");
    let out = run(&["--store", path_str(&store), "ingest", path_str(&dir)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for expected in [
        "empty.jsonl",
        "binary.dat: binary file",
        "latin1.txt: not valid UTF-8; read as windows-1252",
        "no-article.html: no article text found",
        "broken.rss: broken feed",
        "records.jsonl:2: not JSON",
        "records.jsonl:3: no article body",
        "records.jsonl:4: malformed date \"yesterday-ish\"",
        "records.jsonl:5: record of 104857",
        "records.jsonl:6: same article (id or URL) as",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // latin1.txt, broken.rss#1, records a1 (twice, last kept) and a4.
    assert!(
        err.contains("ingested 4 (4 new, 0 replaced, 0 unchanged), duplicates 1"),
        "{err}"
    );
    let csv = run(&[
        "--store",
        path_str(&store),
        "query",
        "SELECT ?h ?d WHERE { ?a schema:headline ?h . OPTIONAL { ?a schema:datePublished ?d } } ORDER BY ?h",
        "--results",
        "csv",
    ]);
    let csv = stdout(&csv);
    assert!(csv.contains("\"First, corrected\""), "{csv}");
    assert!(
        !csv.contains("First,2024"),
        "the first a1 is replaced: {csv}"
    );
    assert!(csv.contains("Kept"), "{csv}");

    // --strict stops at the first failure.
    let strict = fresh_dir("store-strict");
    let out = run(&[
        "--store",
        path_str(&strict),
        "ingest",
        "--strict",
        path_str(&dir.join("records.jsonl")),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("read 2,"), "{err}");
}

#[test]
fn ingesting_the_same_inputs_twice_changes_nothing() {
    let (Some(feed), Some(page)) = (
        shared("corpora/feeds/guardian-us.rss"),
        shared("corpora/html/bbc-obama-gun-laws.html"),
    ) else {
        return;
    };
    let store = fresh_dir("store-idempotent");
    let inputs = [
        path_str(&feed).to_string(),
        path_str(&page).to_string(),
        path_str(&repo().join("examples/articles")).to_string(),
    ];
    let ingest = || {
        let mut args = vec!["--store", path_str(&store), "ingest"];
        args.extend(inputs.iter().map(String::as_str));
        run(&args)
    };
    let quads = || {
        let out = run(&[
            "--store",
            path_str(&store),
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--results",
            "csv",
        ]);
        stdout(&out)
    };
    let first = ingest();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("(59 new, 0 replaced, 0 unchanged)"),
        "{}",
        stderr(&first)
    );
    let before = quads();
    let second = ingest();
    assert!(
        stderr(&second).contains("(0 new, 0 replaced, 59 unchanged)"),
        "{}",
        stderr(&second)
    );
    assert_eq!(quads(), before);
}

/// Articles are read into statements and quads on several threads, claims linked and the
/// store written on one in input order: the same store for any number of threads (the run's
/// own time, `ct:ingestedAt`, aside).
#[test]
fn ingest_on_one_thread_or_several_stores_the_same_graph() {
    let Some(corpus) = shared("corpora/reuters21578.jsonl") else {
        return;
    };
    let dir = fresh_dir("ingest-jobs");
    let text = std::fs::read_to_string(corpus).unwrap();
    let slice = dir.join("slice.jsonl");
    let lines: Vec<&str> = text.lines().take(300).collect();
    std::fs::write(&slice, lines.join("\n")).unwrap();
    let canonical = |jobs: &str| {
        let store = dir.join(format!("store-{jobs}"));
        let out = run(&[
            "--store",
            path_str(&store),
            "ingest",
            "--jobs",
            jobs,
            path_str(&slice),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        canonical_export(&store)
    };
    let one = canonical("1");
    assert!(one.len() > 10_000, "{} quads", one.len());
    assert!(one == canonical("3"), "3 threads store another graph");
}

/// An article read again as it was is found by its input digest and not extracted again; a
/// record the workers found stored is checked again when written, so a newer version met
/// earlier in the same ingest cannot hide it: the last record still wins.
#[test]
fn a_stored_article_read_again_is_kept_and_the_last_version_wins() {
    let dir = fresh_dir("ingest-digest");
    let store = dir.join("store");
    let record = |text: &str| {
        serde_json::json!({
            "id": "story-1", "publisher": "Reuters", "headline": "Budget talks",
            "date": "2026-03-02T09:00:00+01:00", "body": text,
        })
        .to_string()
    };
    let first = record("The budget will pass next week, Finance Minister Anna Berg said.");
    let second = record("The budget will not pass this year, Finance Minister Anna Berg said.");
    let write = |name: &str, lines: &[&str]| {
        let path = dir.join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    let ingest = |path: &std::path::Path| {
        let out = run(&["--store", path_str(&store), "ingest", path_str(path)]);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let contents = || {
        let out = run(&[
            "--store",
            path_str(&store),
            "query",
            "SELECT ?c WHERE { ?s a ct:Statement ; ct:content ?c } ORDER BY ?c",
            "--results",
            "csv",
        ]);
        stdout(&out)
    };
    let digests = || {
        let out = run(&[
            "--store",
            path_str(&store),
            "query",
            "SELECT ?d WHERE { ?a ct:inputDigest ?d }",
            "--results",
            "csv",
        ]);
        stdout(&out)
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };

    let v1 = write("v1.jsonl", &[&first]);
    assert!(ingest(&v1).contains("(1 new, 0 replaced, 0 unchanged)"));
    let stored = contents();
    assert!(stored.contains("will pass next week"), "{stored}");
    let digest = digests();
    assert_eq!(digest.len(), 1, "{digest:?}");

    assert!(ingest(&v1).contains("(0 new, 0 replaced, 1 unchanged)"));
    assert_eq!(contents(), stored);
    assert_eq!(digests(), digest);

    // The second version, then the first again, in one input: the first is what the store
    // held when the workers looked, but it is the last record, so it is written back.
    let both = write("both.jsonl", &[&second, &first]);
    let report = ingest(&both);
    assert!(report.contains("duplicates 1"), "{report}");
    assert_eq!(contents(), stored, "{report}");
    assert_eq!(digests(), digest);

    let v2 = write("v2.jsonl", &[&second]);
    assert!(ingest(&v2).contains("(0 new, 1 replaced, 0 unchanged)"));
    let replaced = contents();
    assert!(replaced.contains("will not pass this year"), "{replaced}");
    assert!(!replaced.contains("next week"), "{replaced}");
    assert_ne!(digests(), digest);
}
