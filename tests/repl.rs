//! The REPL driven through a pseudo-terminal, as a person would use it.

mod common;

use std::time::Duration;

use common::*;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

fn session(store: &std::path::Path, history: &std::path::Path) -> OsSession {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrace"));
    cmd.args(["--store", path_str(store), "repl"])
        .env("CLAIMTRACE_HISTORY", history)
        .env("TERM", "xterm")
        .env("COLUMNS", "120");
    let mut s = Session::spawn(cmd).expect("spawn the REPL in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s
}

#[test]
fn multi_line_queries_run_when_complete_and_errors_keep_the_repl() {
    let store = fresh_dir("pty-store");
    let out = run(&["--store", path_str(&store), "ingest", path_str(&seed())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let history = fresh_dir("pty-history").join("history");
    let mut s = session(&store, &history);
    s.expect("claimtrace> ").unwrap();

    // An open brace: the REPL waits for more.
    s.send_line("SELECT ?name WHERE {").unwrap();
    s.send_line("  ?st ct:speaker/rdfs:label ?name . FILTER(?name = \"Axios\")")
        .unwrap();
    s.send_line("}").unwrap();
    s.expect("| Axios |").unwrap();
    s.expect("1 row").unwrap();
    s.expect("claimtrace> ").unwrap();

    // A broken query is reported after an empty line, and the REPL goes on.
    s.send_line("SELECT WHERE { ?s").unwrap();
    s.send_line("").unwrap();
    s.expect("SPARQL syntax error").unwrap();
    s.expect("claimtrace> ").unwrap();
    s.send_line("ASK { ?a a schema:NewsArticle }").unwrap();
    s.expect("true").unwrap();
    s.expect("claimtrace> ").unwrap();

    // The prefixes known to the REPL, and one declared.
    s.send_line(".prefix ex http://example.org/").unwrap();
    s.expect("claimtrace> ").unwrap();
    s.send_line(".prefix").unwrap();
    s.expect("PREFIX ex: <http://example.org/>").unwrap();
    s.expect("claimtrace> ").unwrap();
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
