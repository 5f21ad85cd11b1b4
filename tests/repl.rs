//! The REPL driven through a pseudo-terminal, as a person would use it.

mod common;

use std::time::Duration;

use common::stores::Oxigraph;
use common::*;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

fn session(store: &std::path::Path, history: &std::path::Path) -> OsSession {
    spawn(&["--store", path_str(store), "repl"], history)
}

fn spawn(args: &[&str], history: &std::path::Path) -> OsSession {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrace"));
    cmd.args(args)
        .env("CLAIMTRACE_HISTORY", history)
        .env("TERM", "xterm")
        .env("COLUMNS", "120");
    let mut s = Session::spawn(cmd).expect("spawn the REPL in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s
}

#[test]
fn multi_line_queries_run_at_an_empty_line_and_errors_keep_the_repl() {
    let store = fresh_dir("pty-store");
    let out = run(&["--store", path_str(&store), "ingest", path_str(&seed())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let history = fresh_dir("pty-history").join("history");
    let mut s = session(&store, &history);
    s.expect(PROMPT).unwrap();

    // An open brace: the REPL waits for more; a query on several lines may go on after its
    // closing brace, and runs at an empty line.
    s.send_line("SELECT ?name WHERE {").unwrap();
    s.send_line("  ?st ct:speaker/rdfs:label ?name . FILTER(?name = \"Axios\")")
        .unwrap();
    s.send_line("}").unwrap();
    s.send_line("LIMIT 1").unwrap();
    line_shows(&mut s, "", &["| Axios |", "1 row"]);

    // A broken query is reported after an empty line, and the REPL goes on.
    s.send_line("SELECT WHERE { ?s").unwrap();
    line_shows(&mut s, "", &["SPARQL syntax error", "line 1, column"]);
    line_shows(&mut s, "ASK { ?a a schema:NewsArticle }", &["true"]);
    // On one line, closed braces are enough to run it: its error shows at once.
    line_shows(
        &mut s,
        "SELECT * { ?s nosuch:p ?o }",
        &["unknown prefix `nosuch:`", "^"],
    );

    // The prefixes known to the REPL, and one declared.
    line(&mut s, ".prefix ex http://example.org/");
    line_shows(&mut s, ".prefix", &["PREFIX ex: <http://example.org/>"]);
    s.send_line(".quit").unwrap();
    s.expect(Eof).unwrap();

    let saved = std::fs::read_to_string(&history).expect("history file written");
    assert!(
        saved.contains("FILTER(?name = \\\"Axios\\\")")
            || saved.contains("FILTER(?name = \"Axios\")"),
        "{saved}"
    );
    assert!(saved.contains("ASK { ?a a schema:NewsArticle }"), "{saved}");

    // History survives into the next session: Up recalls the last entry, ".quit".
    let mut s = session(&store, &history);
    s.expect("claimtrace> ").unwrap();
    s.send("\x1b[A").unwrap();
    s.expect(".quit").unwrap();
    s.send("\r").unwrap();
    s.expect(Eof).unwrap();
}

/// An empty prompt: the line editor redraws "claimtrace> " with the text at each keystroke,
/// so only the prompt followed by a carriage return marks a command done.
const PROMPT: &str = "claimtrace> \r";

/// Sends `text` and a Tab, and expects the line to read `expected` after it.
fn tab(s: &mut OsSession, text: &str, expected: &str) {
    s.send(text).unwrap();
    s.send("\t").unwrap();
    s.expect(expected)
        .unwrap_or_else(|e| panic!("Tab after {text:?}: no {expected:?}: {e}"));
    // Ctrl-C at the prompt clears the line.
    s.send("\x03").unwrap();
    s.expect(PROMPT).unwrap();
}

/// Sends a line and waits for the prompt after it: input typed while a command runs would
/// be flushed when the line editor takes the terminal back.
fn line(s: &mut OsSession, text: &str) {
    s.send_line(text).unwrap();
    s.expect(PROMPT).unwrap();
}

/// As `tab`, for what the REPL reads from the store on another thread after it starts
/// (names, predicates in use): tries again until it has arrived, for up to 10 s.
fn tab_once_read(s: &mut OsSession, text: &str, expected: &str) {
    s.set_expect_timeout(Some(Duration::from_millis(200)));
    let mut found = false;
    for _ in 0..50 {
        s.send(text).unwrap();
        s.send("\t").unwrap();
        found = s.expect(expected).is_ok();
        s.send("\x03").unwrap();
        s.expect(PROMPT).unwrap();
        if found {
            break;
        }
    }
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    assert!(found, "Tab after {text:?}: no {expected:?}");
}

/// Sends a line, expects each of `outputs` in order, then the prompt.
fn line_shows(s: &mut OsSession, text: &str, outputs: &[&str]) {
    s.send_line(text).unwrap();
    for o in outputs {
        s.expect(*o)
            .unwrap_or_else(|e| panic!("{text:?} did not show {o:?}: {e}"));
    }
    s.expect(PROMPT).unwrap();
}

#[test]
fn tab_completes_from_the_store_and_every_meta_command_works() {
    let store = fresh_dir("pty-meta-store");
    let out = run(&["--store", path_str(&store), "ingest", path_str(&seed())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let history = fresh_dir("pty-meta-history").join("history");
    let mut s = session(&store, &history);
    s.expect(PROMPT).unwrap();

    tab(&mut s, "SEL", "SELECT");
    // The ontology's classes after `a`, predicates after a subject.
    tab(&mut s, "SELECT * { ?s a ct:UnnamedG", "ct:UnnamedGroup");
    tab(&mut s, "SELECT * { ?s ct:speak", "ct:speaker");
    // A speaker's name inside a string.
    tab_once_read(
        &mut s,
        "SELECT * { ?s rdfs:label \"Dmitry P",
        "Dmitry Peskov",
    );
    tab(&mut s, ".tim", ".time");

    line_shows(
        &mut s,
        ".help",
        &[
            ".mode", ".prefix", ".timer", ".timeout", ".explain", ".queries", ".run", ".load",
            ".export", ".graphs", ".stats", ".trace",
        ],
    );
    line(&mut s, ".timer on");
    line_shows(
        &mut s,
        ".run said-by name=\"Dmitry Peskov\"",
        &["BBC News Russian", "5 rows", "time: "],
    );
    line(&mut s, ".timer off");
    line(&mut s, ".mode vertical");
    line_shows(
        &mut s,
        "SELECT ?h WHERE { ?a schema:headline ?h }",
        &[
            "-[ row 1 ]-",
            "h | Kremlin says it wants to hold secret talks with US on security guarantees for Ukraine",
        ],
    );
    line(&mut s, ".mode table");
    line_shows(
        &mut s,
        ".explain SELECT ?s WHERE { ?s a ct:Statement }",
        &["QuadPattern", "results"],
    );
    line_shows(&mut s, ".queries", &["said-by", "[name]"]);
    line_shows(&mut s, ".graphs", &["Kremlin says"]);
    line_shows(&mut s, ".stats", &["statements"]);
    line_shows(
        &mut s,
        ".trace --speaker Dmitry Peskov",
        &["5 claims", "BBC News Russian", "[first reported]"],
    );
    line_shows(
        &mut s,
        ".trace --outlet \"Axios\" --format dot",
        &["digraph trace", "Vladimir Putin"],
    );
    line(&mut s, ".maxrows 2");
    line_shows(&mut s, ".run statements", &["more not shown"]);
    line(&mut s, ".maxrows 0");

    let dir = fresh_dir("pty-meta-export");
    let file = dir.join("all.ttl");
    line_shows(
        &mut s,
        &format!(".export turtle {}", path_str(&file)),
        &["exported "],
    );
    line_shows(
        &mut s,
        &format!(".load {}", path_str(&repo().join("examples/articles"))),
        &["(2 new, 0 replaced, 1 unchanged)"],
    );
    line_shows(
        &mut s,
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> rdfs:label \"x\" } }",
        &["update done: +1 quads"],
    );
    line(&mut s, ".timeout 0.2");
    line_shows(&mut s, ".timeout", &["timeout: 0.2 s"]);
    line_shows(&mut s, ".nonsense", &["unknown command .nonsense"]);
    s.send("\x04").unwrap();
    s.expect(Eof).unwrap();
    let turtle = std::fs::read_to_string(&file).expect("the export");
    assert!(turtle.contains("Dmitry Peskov"));
}

#[test]
fn ctrl_c_cancels_a_cross_join_on_the_reuters_store_and_the_next_query_runs() {
    let store = fresh_dir("pty-reuters-store");
    let Some(reuters) = shared("corpora/reuters21578.jsonl") else {
        return;
    };
    let out = run(&["--store", path_str(&store), "ingest", path_str(&reuters)]);
    assert!(stderr(&out).contains("ingested 19043"), "{}", stderr(&out));
    let history = fresh_dir("pty-reuters-history").join("history");
    let mut s = session(&store, &history);
    s.expect(PROMPT).unwrap();
    s.send_line("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f };")
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let sent = std::time::Instant::now();
    s.send("\x03").unwrap();
    s.expect("query cancelled").unwrap();
    s.expect(PROMPT).unwrap();
    let waited = sent.elapsed();
    assert!(waited < Duration::from_secs(1), "took {waited:?}");
    s.send_line("SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:NewsArticle };")
        .unwrap();
    s.expect("19043").unwrap();
    s.expect(PROMPT).unwrap();
    // A timeout cancels the same way.
    line(&mut s, ".timeout 1");
    line_shows(
        &mut s,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f };",
        &["stopped by the 1 s timeout"],
    );
    s.send("\x04").unwrap();
    s.expect(Eof).unwrap();
}

#[test]
fn on_an_oxigraph_server_the_repl_queries_completes_traces_and_cancels_the_request() {
    let store = fresh_dir("pty-remote-store");
    let store = path_str(&store);
    let examples = repo().join("examples/articles");
    let out = run(&["--store", store, "ingest", path_str(&examples)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let server = Oxigraph::start();
    let url = server.query_url();
    let out = run(&["--store", store, "push", "--endpoint", &url]);
    assert!(out.status.success(), "{}", stderr(&out));

    let history = fresh_dir("pty-remote-history").join("history");
    let mut s = spawn(&["repl", "--endpoint", &url], &history);
    s.expect(format!("Reading {url}").as_str()).unwrap();
    s.expect(PROMPT).unwrap();
    // Names and the ontology's terms, read from the server in the background.
    tab_once_read(
        &mut s,
        "SELECT * { ?s rdfs:label \"Dmitry P",
        "Dmitry Peskov",
    );
    tab_once_read(&mut s, "SELECT * { ?s a ct:UnnamedG", "ct:UnnamedGroup");
    line_shows(
        &mut s,
        ".run said-by name=\"Dmitry Peskov\"",
        &["| Dmitry Peskov | said", "5 rows"],
    );
    // A prefix declared in the session goes to the server with the query.
    line(&mut s, ".prefix kr https://w3id.org/claimtrace/id/person/");
    line_shows(
        &mut s,
        "SELECT ?name WHERE { kr:dmitry-peskov rdfs:label ?name }",
        &["| Dmitry Peskov |", "1 row"],
    );
    line_shows(&mut s, ".stats", &["statements"]);
    line_shows(
        &mut s,
        ".trace --speaker Dmitry Peskov",
        &["5 claims", "BBC News Russian", "[first reported]"],
    );
    line_shows(
        &mut s,
        ".explain SELECT * { ?s ?p ?o }",
        &["offers no query plan"],
    );
    line_shows(&mut s, ".load x", &["works on the local store"]);
    line_shows(&mut s, ".export turtle", &["works on the local store"]);
    line_shows(
        &mut s,
        "INSERT DATA { <http://example.org/a> rdfs:label \"x\" }",
        &["updates are not sent to remote stores"],
    );
    line_shows(&mut s, "SELECT * WHERE { ?s ?p }", &["refused with 400"]);

    // The server never answers a cross join of every quad three times over: Ctrl-C gives
    // the prompt back at once, the timeout gives the request up.
    let endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i };";
    s.send_line(endless).unwrap();
    std::thread::sleep(Duration::from_secs(1));
    let sent = std::time::Instant::now();
    s.send("\x03").unwrap();
    s.expect("query cancelled").unwrap();
    s.expect(PROMPT).unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(1),
        "{:?}",
        sent.elapsed()
    );
    line(&mut s, ".timeout 1");
    line_shows(&mut s, endless, &["stopped by the 1 s timeout"]);
    line_shows(&mut s, "ASK { ?a a schema:NewsArticle }", &["true"]);
    s.send("\x04").unwrap();
    s.expect(Eof).unwrap();

    // A remote session ingests nothing.
    let out = run(&["repl", "--endpoint", &url, path_str(&examples)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ingest the PATHs locally"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ctrl_c_in_a_remote_repl_closes_the_request_and_the_server_sees_its_client_go() {
    let examples = repo().join("examples/articles");
    // claimtrace serve stops a query whose client has gone, and logs it as 499.
    let server = server::Server::start(
        &["--memory"],
        &[path_str(&examples), "--timeout", "0"],
        false,
    );
    let url = format!("http://{}/sparql", server.addr);
    let history = fresh_dir("pty-hangup-history").join("history");
    let mut s = spawn(&["repl", "--endpoint", &url], &history);
    s.expect(PROMPT).unwrap();
    s.send_line("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i };")
        .unwrap();
    std::thread::sleep(Duration::from_secs(1));
    s.send("\x03").unwrap();
    s.expect("query cancelled").unwrap();
    s.expect(PROMPT).unwrap();
    assert!(server.logged(" 499 "), "{:?}", server.log());
    line_shows(&mut s, "ASK { ?a a schema:NewsArticle }", &["true"]);
    s.send("\x04").unwrap();
    s.expect(Eof).unwrap();
}
