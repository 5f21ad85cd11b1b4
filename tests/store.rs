//! Ingest into a RocksDB store, query it by name and by hand, and use the REPL through a pipe.

mod common;

use common::*;

fn ingest(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--store", path_str(store), "ingest"];
    all.extend_from_slice(args);
    run(&all)
}

fn query(store: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["--store", path_str(store), "query"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(out.status.success(), "query failed: {}", stderr(&out));
    stdout(&out)
}

fn quad_count(store: &std::path::Path) -> u64 {
    let csv = query(
        store,
        &[
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--results",
            "csv",
        ],
    );
    csv.lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn the_seed_becomes_a_graph_of_outlets_speakers_and_chains() {
    let store = fresh_dir("store-seed");
    let out = ingest(&store, &[path_str(&seed())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("ingested 1 (1 new, 0 replaced, 0 unchanged), duplicates 0, failed 0"),
        "{}",
        stderr(&out)
    );

    let outlets = query(&store, &["--name", "outlets", "--results", "csv"]);
    for name in [
        "RIA Novosti",
        "BBC News Russian",
        "Axios",
        "Bloomberg",
        "Reuters",
    ] {
        let row = outlets
            .lines()
            .find(|l| l.contains(&format!(",{name},")))
            .unwrap_or_else(|| panic!("{name} missing:\n{outlets}"));
        assert!(row.contains("#Outlet"), "{row}");
    }
    let group = outlets
        .lines()
        .find(|l| l.contains("Russian state-owned media"))
        .expect("the unnamed group");
    assert!(group.contains("#UnnamedGroup"), "{group}");

    let speakers = query(&store, &["--name", "speakers", "--results", "csv"]);
    for name in ["Dmitry Peskov", "Donald Trump", "Vladimir Putin"] {
        let row = speakers
            .lines()
            .find(|l| l.contains(&format!(",{name},")))
            .unwrap_or_else(|| panic!("{name} missing:\n{speakers}"));
        assert!(row.contains("schema.org/Person"), "{row}");
    }

    let chains = query(&store, &["--name", "chains", "--results", "csv"]);
    assert!(
        chains.contains("Axios -> Donald Trump -> Vladimir Putin"),
        "{chains}"
    );
    assert!(
        chains.contains("Bloomberg -> Donald Trump -> Vladimir Putin"),
        "{chains}"
    );

    // The standard terms are there for tools that know only those.
    let ask = query(
        &store,
        &[
            "ASK { ?a a schema:NewsArticle ; schema:datePublished ?d ; schema:author/schema:name \"Stanislav Pohorilov\" . ?s prov:wasAttributedTo ?p . ?p schema:name \"Dmitry Peskov\" }",
        ],
    );
    assert_eq!(ask.trim(), "true");
    let timeline = query(&store, &["--name", "timeline", "--results", "csv"]);
    let reuters = timeline
        .lines()
        .find(|l| l.contains("Reuters"))
        .expect("Reuters in the timeline");
    assert!(reuters.starts_with("2025-08-17,"), "{reuters}");
}

#[test]
fn ingesting_again_replaces_the_article_graph() {
    let store = fresh_dir("store-twice");
    assert!(
        ingest(&store, &[path_str(&repo().join("examples/articles"))])
            .status
            .success()
    );
    let first = quad_count(&store);
    let out = ingest(&store, &[path_str(&repo().join("examples/articles"))]);
    assert!(
        stderr(&out).contains("(0 new, 0 replaced, 3 unchanged)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(quad_count(&store), first);
    let graphs = query(
        &store,
        &[
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }",
            "--results",
            "csv",
        ],
    );
    assert_eq!(graphs.lines().nth(1), Some("3"));
    // The same article read with another date: its graph is replaced, not added to.
    let out = ingest(&store, &[path_str(&seed()), "--published", "2025-08-29"]);
    assert!(
        stderr(&out).contains("(0 new, 1 replaced, 0 unchanged)"),
        "{}",
        stderr(&out)
    );
    let dates = query(
        &store,
        &[
            "SELECT ?d WHERE { GRAPH ?g { ?g schema:datePublished ?d } }",
            "--results",
            "csv",
        ],
    );
    assert_eq!(dates.lines().skip(1).collect::<Vec<_>>(), ["2025-08-29"]);
    assert_eq!(quad_count(&store), first);
    // Another outlet's copy (other URL) is another article.
    let out = ingest(
        &store,
        &[
            path_str(&seed()),
            "--publisher",
            "Kyiv Independent",
            "--url",
            "https://kyivindependent.com/x",
            "--published",
            "2025-08-28",
        ],
    );
    assert!(
        stderr(&out).contains("(1 new, 0 replaced, 0 unchanged)"),
        "{}",
        stderr(&out)
    );
}

/// The names and job titles the registry gives an agent, as "name | title" lines.
fn registry_description(store: &std::path::Path, person: &str) -> Vec<String> {
    let csv = query(
        store,
        &[
            &format!(
                "SELECT ?v WHERE {{ GRAPH <https://w3id.org/claimtrace/id/graph/registry> {{ <https://w3id.org/claimtrace/id/person/{person}> rdfs:label|schema:jobTitle ?v }} }} ORDER BY ?v"
            ),
            "--results",
            "csv",
        ],
    );
    csv.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn what_only_a_replaced_version_gave_an_agent_leaves_the_registry() {
    let dir = fresh_dir("store-registry-names");
    let store = dir.join("store");
    let record = |id: &str, author: &str, body: &str| {
        let file = dir.join(format!("{id}.jsonl"));
        let line =
            serde_json::json!({"id": id, "title": "Port news", "author": author, "body": body});
        std::fs::write(&file, format!("{line}\n")).unwrap();
        let out = ingest(&store, &[path_str(&file)]);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    record(
        "a",
        "ana duarte",
        "Ministry spokeswoman Ana Duarte said on Monday that the port would reopen within a week.",
    );
    record(
        "b",
        "Mara Lindqvist",
        "\"The port will stay closed until the inspection ends,\" Ana Duarte said on Tuesday.",
    );
    assert_eq!(
        registry_description(&store, "ana-duarte"),
        ["Ana Duarte", "Ministry spokeswoman", "ana duarte"],
        "both articles' names and the first's job title"
    );
    // The first article changes: no job title, another author. Its old version alone gave
    // "ana duarte" and "Ministry spokeswoman"; the second still names her "Ana Duarte".
    let said = record(
        "a",
        "Mara Lindqvist",
        "A spokesman for the port said on Monday that it would reopen within a week.",
    );
    assert!(said.contains("1 replaced"), "{said}");
    assert_eq!(registry_description(&store, "ana-duarte"), ["Ana Duarte"]);

    // A store whose article graphs may not all note their names (here: one that took an
    // update) keeps every name it has while she is named...
    query(
        &store,
        &["INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> 1 } }"],
    );
    record(
        "b",
        "ana duarte",
        "\"The port will stay closed until the inspection ends,\" Ana Duarte said on Tuesday.",
    );
    record("b", "Ana Duarte", "The port stayed closed on Tuesday.");
    assert_eq!(
        registry_description(&store, "ana-duarte"),
        ["Ana Duarte", "ana duarte"]
    );
    // ...and drops her, names and all, once nothing names her.
    record("b", "Mara Lindqvist", "The port stayed closed on Tuesday.");
    assert_eq!(
        registry_description(&store, "ana-duarte"),
        Vec::<String>::new()
    );
}

#[test]
fn failures_are_named_and_the_rest_goes_in() {
    let dir = fresh_dir("inputs");
    std::fs::copy(seed(), dir.join("seed.txt")).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("binary.bin"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 owner quits\n\nThe owner said the caf\xe9 would close.\n",
    )
    .unwrap();
    let store = fresh_dir("store-bad");
    let out = ingest(&store, &[path_str(&dir), path_str(&dir.join("nope.txt"))]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("empty.txt: empty file"), "{err}");
    assert!(err.contains("binary.bin: binary file"), "{err}");
    assert!(err.contains("nope.txt: cannot read"), "{err}");
    assert!(
        err.contains("latin1.txt: not valid UTF-8; read as windows-1252"),
        "{err}"
    );
    assert!(
        err.contains("ingested 2 (2 new, 0 replaced, 0 unchanged), duplicates 0, failed 3"),
        "{err}"
    );
    let csv = query(
        &store,
        &["SELECT ?c WHERE { ?s ct:content ?c }", "--results", "csv"],
    );
    assert!(csv.contains("the café would close"), "{csv}");
}

#[test]
fn queries_render_tables_and_standard_formats() {
    let store = fresh_dir("store-formats");
    assert!(ingest(&store, &[path_str(&seed())]).status.success());
    let q = "SELECT ?name WHERE { ?o a ct:Outlet ; rdfs:label ?name FILTER(?name = \"Axios\") }";
    let table = query(&store, &[q]);
    assert!(
        table.contains("| Axios |") && table.contains("1 row"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&query(&store, &[q, "--results", "json"])).unwrap();
    assert_eq!(json["results"]["bindings"][0]["name"]["value"], "Axios");
    assert!(query(&store, &[q, "--results", "xml"]).contains("<literal>Axios</literal>"));
    assert_eq!(
        query(&store, &[q, "--results", "tsv"]).lines().nth(1),
        Some("\"Axios\"")
    );
    // Prefixed IRIs and visible datatypes in tables.
    let t = query(
        &store,
        &["SELECT ?s ?c WHERE { ?s ct:confidence ?c } LIMIT 1"],
    );
    assert!(t.contains("ctid:article/"), "{t}");
    // Vertical mode: one field per line, values whole, a rule per record.
    let v = query(
        &store,
        &[
            "SELECT ?name ?text WHERE { ?s ct:speaker/rdfs:label ?name ; ct:content ?text FILTER(?name = \"Dmitry Peskov\") } ORDER BY ?text LIMIT 2",
            "--results",
            "vertical",
        ],
    );
    assert!(v.contains("name | Dmitry Peskov"), "{v}");
    assert!(
        v.lines()
            .any(|l| l.starts_with("text | ") && l.chars().count() > 80),
        "{v}"
    );
    assert!(v.contains("2 rows"), "{v}");
    // A syntax error names the line and column and points at them.
    let out = run(&[
        "--store",
        path_str(&store),
        "query",
        "SELECT *\nWHERE {\n  ?s ?p ?o . ?s nosuch:p ?x }",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("SPARQL syntax error: line 3, column 25"),
        "{err}"
    );
    assert!(err.contains("unknown prefix `nosuch:`"), "{err}");
    assert!(
        err.contains("\n    ?s ?p ?o . ?s nosuch:p ?x }\n                          ^"),
        "{err}"
    );
    let out = run(&["--store", path_str(&store), "query", "--name", "nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("known: outlets"), "{}", stderr(&out));
}

#[test]
fn the_repl_reads_statements_from_a_pipe() {
    let store = fresh_dir("store-repl");
    assert!(ingest(&store, &[path_str(&seed())]).status.success());
    let input = "SELECT ?name\nWHERE {\n  ?s ct:speaker/rdfs:label ?name .\n  FILTER(?name = \"Axios\")\n}\nSELECT broken {\nASK { ?a a schema:NewsArticle };\n.mode csv\nSELECT (COUNT(*) AS ?n) WHERE { ?s a ct:Statement }\nSELECT (COUNT(*) AS ?m) WHERE {\n  ?s a ct:Statement ;\n     ct:speaker ?p .\n  ?p <http://www.w3.org/2000/01/rdf-schema#label> \"Dmitry Peskov\" }\n";
    let out = run_with_stdin(&["--store", path_str(&store), "repl"], input);
    let text = stdout(&out);
    assert!(text.contains("| Axios |"), "{text}");
    assert!(text.contains("true"), "{text}");
    assert!(
        text.contains("\nn\n19\n") || text.contains("n\r\n19"),
        "{text}"
    );
    // A `;` at a line's end inside braces and a `#` inside an IRI do not end the statement.
    assert!(
        text.contains("\nm\n5\n") || text.contains("m\r\n5"),
        "{text}"
    );
    // The broken statement is reported, the others still ran, and the exit code says so.
    assert!(
        stderr(&out).contains("SPARQL syntax error"),
        "{}",
        stderr(&out)
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !text.contains("claimtrace>"),
        "no prompt in piped mode: {text}"
    );
}

#[test]
fn a_store_in_use_is_reported_not_crashed_on() {
    let store = fresh_dir("store-locked");
    assert!(ingest(&store, &[path_str(&seed())]).status.success());
    let mut holder = bin()
        .args(["--store", path_str(&store), "repl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the holder answers a query, it has the store open.
    use std::io::{BufRead, Write};
    let mut stdin = holder.stdin.take().unwrap();
    stdin.write_all(b"ASK {};\n").unwrap();
    stdin.flush().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "true");
    let out = run(&["--store", path_str(&store), "stats"]);
    drop(stdin);
    holder.wait().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("process {} (", holder.id()))
            && stderr(&out).contains("repl) has it open"),
        "{}",
        stderr(&out)
    );
}

/// Runs the binary with stdout a pipe whose reader stops after one line, as `| head -1` does.
fn read_one_line_and_close(args: &[&str], input: &str) -> (String, std::process::Output) {
    use std::io::{BufRead, Write};
    let mut child = bin()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone: the rest of the output meets a closed pipe.
    (first, child.wait_with_output().unwrap())
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let store = fresh_dir("store-pipe");
    assert!(ingest(&store, &[path_str(&seed())]).status.success());
    let s = path_str(&store);
    // Each writes far more than a pipe holds (4,000 quads and more).
    for (args, input) in [
        (
            vec![
                "--store",
                s,
                "query",
                "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                "--results",
                "csv",
            ],
            "",
        ),
        (vec!["--store", s, "export", "--format", "nquads"], ""),
        (
            vec!["--store", s, "repl"],
            ".mode tsv\nSELECT * WHERE { ?s ?p ?o };\n.export ntriples\n",
        ),
    ] {
        let (first, out) = read_one_line_and_close(&args, input);
        assert!(!first.is_empty(), "{args:?} wrote nothing");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?} said: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
