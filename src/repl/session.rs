//! What a REPL session holds and how it runs a query: the store (local, or a remote
//! endpoint), the results mode, timer, timeout and row limit that meta-commands set, and the
//! completion index shared with the line editor.

use std::io::{self, Write};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use oxigraph::model::{Term, Variable};

use super::cancel;
use super::index::{CompletionIndex, InData, Shared};
use super::terminal;
use crate::query::{self, QueryError, ResultsFormat, View};
use crate::source::Source;

/// Session state that meta-commands change.
pub struct Session<'s> {
    pub source: Source<'s>,
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
    pub fn new(source: Source<'s>) -> Self {
        Session {
            source,
            shared: Arc::new(RwLock::new(Shared::default())),
            mode: ResultsFormat::Table,
            timer: false,
            timeout: None,
            max_rows: None,
        }
    }

    /// Each query given up after `timeout` (`.timeout` changes it).
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The prefixes declared in this session.
    pub fn prefixes(&self) -> Vec<(String, String)> {
        self.shared
            .read()
            .map(|s| s.prefixes.clone())
            .unwrap_or_default()
    }

    /// Rebuilds the completion index: the local ontology's terms now, what the data uses
    /// (and a remote store's ontology) on another thread, so the prompt never waits for a
    /// scan or a server; until then completion offers what it knew before.
    pub fn refresh_index(&self) {
        let local = matches!(self.source, Source::Local(_));
        if local && let Ok(mut s) = self.shared.write() {
            s.index.terms = CompletionIndex::ontology(self.source);
        }
        let owned = self.source.owned();
        let shared = Arc::clone(&self.shared);
        cancel::in_background(move || {
            let terms = (!local).then(|| CompletionIndex::ontology(owned.source()));
            let data = InData::read(owned.source());
            // The store goes before the read counts as ended, so no handle outlives it.
            drop(owned);
            if let Ok(mut s) = shared.write() {
                s.index.data = data;
                if let Some(terms) = terms {
                    s.index.terms = terms;
                }
            }
        });
    }

    /// Runs a query or update with `bindings`, cancellable by Ctrl-C and the timeout.
    /// Reports errors on stderr; returns whether it succeeded.
    pub fn run_query(&mut self, text: &str, bindings: &[(Variable, Term)]) -> io::Result<bool> {
        let watch = cancel::Watch::arm(self.timeout);
        let started = Instant::now();
        let result = match self.source {
            // Sent as typed: the server parses it (its own extensions included).
            Source::Remote(endpoint) => {
                let ((endpoint, hangup), text) = (endpoint.detached(), text.to_string());
                let (prefixes, bindings) = (self.prefixes(), bindings.to_vec());
                // A second after the session's deadline: the watch reports the timeout,
                // then the client gives the request up and closes its connection.
                let timeout = self.timeout.map(|t| t + Duration::from_secs(1));
                cancel::wait_cancellable(
                    move || Ok(endpoint.query_with(&text, &prefixes, &bindings, timeout)?),
                    &watch.token,
                    || hangup.hang_up(),
                )
                .unwrap_or(Err(QueryError::Cancelled))
            }
            Source::Local(store) => {
                match query::parse(text, &self.prefixes(), Some(&watch.token)) {
                    // An update is never left behind: it runs to its commit or its cancellation.
                    Ok(update @ query::Parsed::Update(_)) => query::run(store, update, bindings),
                    Ok(parsed) => cancel::run_cancellable(store, parsed, bindings, &watch.token),
                    Err(e) => Err(e),
                }
            }
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
