//! Reading statements: from a terminal with the line editor (multi-line input that runs when
//! a query is complete, history in a file), or from a pipe, where each statement runs and
//! only results are printed. A line starting with a dot is a meta-command.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, Editor};

use super::helper::ReplHelper;
use super::lexical::balanced;
use super::session::Session;
use super::{cancel, meta};
use crate::source::Source;

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

impl Session<'_> {
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
        self.fit_screen();
        let history = history_path();
        if let Some(h) = &history {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = ed.load_history(h);
        }
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "claimtrace SPARQL REPL: a one-line query runs on Enter, a longer one on ';' or an empty line."
        )?;
        match self.source {
            Source::Local(_) => writeln!(
                out,
                "The default graph is the union of all graphs; .help lists commands;"
            )?,
            // What the default graph is, the server decides.
            Source::Remote(endpoint) => writeln!(
                out,
                "Reading {} (.load, .export and .explain need a local store); .help lists commands;",
                endpoint.url()
            )?,
        }
        writeln!(out, "Tab completes, Ctrl-C cancels a running query.")?;
        drop(out);
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
}
