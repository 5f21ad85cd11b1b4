//! The SPARQL REPL: multi-line input that runs when a query is complete, history in a file,
//! completion from an index of the store, highlighting, meta-commands (`meta`), Ctrl-C and
//! timeouts that cancel a running query (`cancel`), tables that fit the terminal. Piped input
//! runs each statement and prints only results.

mod cancel;

pub use cancel::queries_left_behind;
pub mod complete;
mod helper;
mod highlight;
mod lexical;
mod meta;

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use oxigraph::model::{Term, Variable};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, Editor};

use crate::query::{self, QueryError, ResultsFormat, View};
use crate::store::Store;
use complete::{CompletionIndex, InData};
use helper::{ReplHelper, Shared};
use lexical::balanced;

/// Session state that meta-commands change.
pub struct Session<'s> {
    pub store: &'s Store,
    /// The completion index and the prefixes declared with `.prefix` (on top of the
    /// built-in ones), shared with the line editor.
    shared: Arc<RwLock<Shared>>,
    pub mode: ResultsFormat,
    /// Print the time and row count after each query.
    pub timer: bool,
    /// Queries running longer are cancelled.
    pub timeout: Option<Duration>,
    /// Rows shown in table and vertical mode before "N more"; `None` shows all.
    pub max_rows: Option<usize>,
}

/// Where the history is kept: `$CLAIMTRACE_HISTORY`, else `~/.local/state/claimtrace/history`.
pub fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CLAIMTRACE_HISTORY") {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME")?;
    Some(PathBuf::from(home).join(".local/state/claimtrace/history"))
}

/// Statement keywords that start a new statement in piped input.
const STARTS: &[&str] = &[
    "select",
    "construct",
    "describe",
    "ask",
    "prefix",
    "base",
    "insert",
    "delete",
    "with",
    "load",
    "clear",
    "drop",
    "create",
    "add",
    "move",
    "copy",
];

fn starts_statement(line: &str) -> bool {
    let l = line.trim_start();
    if l.starts_with('.') {
        return true;
    }
    let word: String = l
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    STARTS.contains(&word.as_str())
}

impl<'s> Session<'s> {
    pub fn new(store: &'s Store) -> Self {
        Session {
            store,
            shared: Arc::new(RwLock::new(Shared::default())),
            mode: ResultsFormat::Table,
            timer: false,
            timeout: None,
            max_rows: None,
        }
    }

    /// The prefixes declared in this session.
    pub fn prefixes(&self) -> Vec<(String, String)> {
        self.shared
            .read()
            .map(|s| s.prefixes.clone())
            .unwrap_or_default()
    }

    /// Rebuilds the completion index: the ontology's terms now, what the data uses on
    /// another thread (a scan of the store), so the prompt never waits for it; until then
    /// completion offers what the data used before.
    pub fn refresh_index(&self) {
        if let Ok(mut s) = self.shared.write() {
            s.index.terms = CompletionIndex::ontology(self.store);
        }
        let store = self.store.clone();
        let shared = Arc::clone(&self.shared);
        std::thread::spawn(move || {
            let data = InData::read(&store);
            if let Ok(mut s) = shared.write() {
                s.index.data = data;
            }
        });
    }

    /// Runs the REPL: interactive on a terminal, else statements read from stdin.
    /// Returns whether every statement succeeded.
    pub fn run(&mut self) -> io::Result<bool> {
        if io::stdin().is_terminal() {
            self.interactive()
        } else {
            self.piped(io::stdin().lock())
        }
    }

    /// Piped input: a statement ends at a line ending in ";", a blank line, the start of the
    /// next statement, or the end of input. Only results go to stdout.
    pub fn piped(&mut self, input: impl BufRead) -> io::Result<bool> {
        let mut ok = true;
        let mut buf = String::new();
        for line in input.lines() {
            let line = line?;
            // A new statement starts at a blank line or at a statement's first keyword,
            // unless that keyword is indented inside braces (a subquery).
            let starts = line.trim().is_empty()
                || starts_statement(&line)
                    && (balanced(&buf) || !line.starts_with(char::is_whitespace));
            if !buf.trim().is_empty() && starts {
                ok &= self.submit(&std::mem::take(&mut buf))?;
            }
            buf.push_str(&line);
            buf.push('\n');
            // `;` inside braces separates predicates; outside them it ends the statement.
            let ended = line.trim_end().ends_with(';') && balanced(&buf);
            if ended || line.trim_start().starts_with('.') {
                ok &= self.submit(&std::mem::take(&mut buf))?;
            }
        }
        if !buf.trim().is_empty() {
            ok &= self.submit(&buf)?;
        }
        Ok(ok)
    }

    fn interactive(&mut self) -> io::Result<bool> {
        let config = Config::builder()
            .auto_add_history(false)
            .completion_type(CompletionType::List)
            .build();
        let mut ed: Editor<ReplHelper, FileHistory> =
            Editor::with_config(config).map_err(io::Error::other)?;
        ed.set_helper(Some(ReplHelper::new(Arc::clone(&self.shared))));
        self.refresh_index();
        cancel::install_ctrl_c();
        // A table longer than the screen stops with "N more rows".
        self.max_rows = Some(terminal_height().saturating_sub(6).max(10));
        let history = history_path();
        if let Some(h) = &history {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = ed.load_history(h);
        }
        println!(
            "claimtrace SPARQL REPL: a one-line query runs on Enter, a longer one on ';' or an empty line."
        );
        println!("The default graph is the union of all graphs; .help lists commands;");
        println!("Tab completes, Ctrl-C cancels a running query.");
        loop {
            match ed.readline("claimtrace> ") {
                Ok(line) => {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let _ = ed.add_history_entry(line.trim_end());
                    if let Some(h) = &history {
                        let _ = ed.append_history(h);
                    }
                    if matches!(line.trim(), ".quit" | ".exit") {
                        break;
                    }
                    self.submit(&line)?;
                }
                Err(ReadlineError::Interrupted) => continue,
                Err(ReadlineError::Eof) => break,
                Err(e) => return Err(io::Error::other(e)),
            }
        }
        Ok(true)
    }

    /// Runs one statement or meta-command; reports errors on stderr. Returns success.
    pub fn submit(&mut self, input: &str) -> io::Result<bool> {
        let text = input.trim().trim_end_matches(';').trim();
        if text.is_empty() {
            return Ok(true);
        }
        if let Some(cmd) = text.strip_prefix('.') {
            return meta::run(self, cmd);
        }
        self.run_query(text, &[])
    }

    /// Runs a query or update with `bindings`, cancellable by Ctrl-C and the timeout.
    fn run_query(&mut self, text: &str, bindings: &[(Variable, Term)]) -> io::Result<bool> {
        let watch = cancel::Watch::arm(self.timeout);
        let started = Instant::now();
        let result = match query::parse(text, &self.prefixes(), Some(&watch.token)) {
            // An update is never left behind: it runs to its commit or its cancellation.
            Ok(update @ query::Parsed::Update(_)) => query::run(self.store, update, bindings),
            Ok(parsed) => cancel::run_cancellable(self.store, parsed, bindings, &watch.token),
            Err(e) => Err(e),
        };
        let elapsed = started.elapsed();
        match result {
            Ok(outcome) => {
                let mut stdout = io::stdout().lock();
                let view = View {
                    width: terminal_width(),
                    max_rows: self.max_rows,
                };
                query::render(&outcome, self.mode, &mut stdout, view)?;
                if self.timer {
                    writeln!(
                        stdout,
                        "time: {:.1} ms, {}",
                        elapsed.as_secs_f64() * 1000.0,
                        outcome.size()
                    )?;
                }
                stdout.flush()?;
                if matches!(outcome, query::Outcome::Updated { .. }) {
                    self.refresh_index();
                }
                Ok(true)
            }
            Err(QueryError::Cancelled) if watch.timed_out() => {
                eprintln!(
                    "error: query stopped by the {} s timeout (.timeout 0 removes it)",
                    self.timeout.map_or(0.0, |t| t.as_secs_f64())
                );
                Ok(false)
            }
            Err(QueryError::Cancelled) => {
                eprintln!("query cancelled after {:.1} s", elapsed.as_secs_f64());
                Ok(false)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(false)
            }
        }
    }
}

/// The terminal's height in rows (24 when unknown).
fn terminal_height() -> usize {
    console::Term::stdout()
        .size_checked()
        .map_or(24, |(rows, _)| usize::from(rows))
}

/// The terminal's width when stdout is a terminal (`COLUMNS` first, for tests and pipes
/// through `script`).
pub fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols))
        })
        .or(Some(160))
}
