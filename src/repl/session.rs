//! What a REPL session holds and how it runs a query: the store, the results mode, timer,
//! timeout and row limit that meta-commands set, and the completion index shared with the
//! line editor.

use std::io::{self, Write};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use oxigraph::model::{Term, Variable};

use super::cancel;
use super::index::{CompletionIndex, InData, Shared};
use super::terminal;
use crate::query::{self, QueryError, ResultsFormat, View};
use crate::store::Store;

/// Session state that meta-commands change.
pub struct Session<'s> {
    pub store: &'s Store,
    /// The completion index and the prefixes declared with `.prefix` (on top of the
    /// built-in ones), shared with the line editor.
    pub(super) shared: Arc<RwLock<Shared>>,
    pub mode: ResultsFormat,
    /// Print the time and row count after each query.
    pub timer: bool,
    /// Queries running longer are cancelled.
    pub timeout: Option<Duration>,
    /// Rows shown in table and vertical mode before "N more"; `None` shows all.
    pub max_rows: Option<usize>,
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
        cancel::in_background(move || {
            let data = InData::read(&store);
            // The store goes before the read counts as ended, so no handle outlives it.
            drop(store);
            if let Ok(mut s) = shared.write() {
                s.index.data = data;
            }
        });
    }

    /// Runs a query or update with `bindings`, cancellable by Ctrl-C and the timeout.
    /// Reports errors on stderr; returns whether it succeeded.
    pub fn run_query(&mut self, text: &str, bindings: &[(Variable, Term)]) -> io::Result<bool> {
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
                    width: terminal::width(),
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

    /// Sets the rows shown before "N more" to one screen.
    pub(super) fn fit_screen(&mut self) {
        self.max_rows = Some(terminal::height().saturating_sub(6).max(10));
    }
}
