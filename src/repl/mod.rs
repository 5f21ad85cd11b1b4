//! The SPARQL REPL: multi-line input that runs when a query is complete, history in a file,
//! tables with prefixed IRIs, errors reported without leaving. Piped input runs each
//! statement and prints only results.

mod helper;

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};

use crate::graph::vocab::PREFIXES;
use crate::query::{self, ResultsFormat};
use crate::store::Store;
use helper::ReplHelper;

/// Session state that meta-commands change.
pub struct Session<'s> {
    pub store: &'s Store,
    /// Prefixes declared with `.prefix NAME IRI`, on top of the built-in ones.
    pub prefixes: Vec<(String, String)>,
    pub mode: ResultsFormat,
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
            prefixes: Vec::new(),
            mode: ResultsFormat::Table,
        }
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
            if !buf.trim().is_empty() && (line.trim().is_empty() || starts_statement(&line)) {
                ok &= self.submit(&std::mem::take(&mut buf))?;
            }
            buf.push_str(&line);
            buf.push('\n');
            if line.trim_end().ends_with(';') || line.trim_start().starts_with('.') {
                ok &= self.submit(&std::mem::take(&mut buf))?;
            }
        }
        if !buf.trim().is_empty() {
            ok &= self.submit(&buf)?;
        }
        Ok(ok)
    }

    fn interactive(&mut self) -> io::Result<bool> {
        let config = Config::builder().auto_add_history(false).build();
        let mut ed: Editor<ReplHelper, FileHistory> =
            Editor::with_config(config).map_err(io::Error::other)?;
        ed.set_helper(Some(ReplHelper::new()));
        let history = history_path();
        if let Some(h) = &history {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = ed.load_history(h);
        }
        println!("claimtrace SPARQL REPL: queries run when complete (or end them with ';').");
        println!("The default graph is the union of all graphs; .help lists commands.");
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
            return self.meta(cmd);
        }
        let mut stdout = io::stdout().lock();
        match query::execute(self.store, text, &self.prefixes, None) {
            Ok(outcome) => {
                let width = terminal_width();
                query::render(&outcome, self.mode, &mut stdout, width)?;
                stdout.flush()?;
                Ok(true)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(false)
            }
        }
    }

    fn meta(&mut self, cmd: &str) -> io::Result<bool> {
        let mut words = cmd.split_whitespace();
        let name = words.next().unwrap_or("");
        let args: Vec<&str> = words.collect();
        match name {
            "help" => {
                println!(".help                 this list");
                println!(".quit                 leave (also Ctrl-D)");
                println!(".prefix [NAME IRI]    list prefixes, or declare one");
                println!(".mode table|csv|tsv|json|xml   how results are shown");
                println!(".queries              the named queries");
                println!(".run NAME             run a named query");
                Ok(true)
            }
            "quit" | "exit" => Ok(true),
            "prefix" => match args.as_slice() {
                [] => {
                    for (p, iri) in PREFIXES
                        .iter()
                        .map(|(p, i)| (p.to_string(), i.to_string()))
                        .chain(self.prefixes.iter().cloned())
                    {
                        println!("PREFIX {p}: <{iri}>");
                    }
                    Ok(true)
                }
                [p, iri] => {
                    let p = p.trim_end_matches(':').to_string();
                    let iri = iri
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string();
                    self.prefixes.retain(|(q, _)| *q != p);
                    self.prefixes.push((p, iri));
                    Ok(true)
                }
                _ => {
                    eprintln!("error: usage: .prefix NAME IRI");
                    Ok(false)
                }
            },
            "mode" => {
                let mode = match args.first().copied() {
                    Some("table") => ResultsFormat::Table,
                    Some("csv") => ResultsFormat::Csv,
                    Some("tsv") => ResultsFormat::Tsv,
                    Some("json") => ResultsFormat::Json,
                    Some("xml") => ResultsFormat::Xml,
                    _ => {
                        eprintln!("error: usage: .mode table|csv|tsv|json|xml");
                        return Ok(false);
                    }
                };
                self.mode = mode;
                Ok(true)
            }
            "queries" => {
                for (n, q) in crate::queries::NAMED {
                    println!("{n:12} {}", crate::queries::description(q));
                }
                Ok(true)
            }
            "run" => match args.first().and_then(|n| crate::queries::get(n)) {
                Some(q) => self.submit(q),
                None => {
                    eprintln!(
                        "error: unknown query {:?}; known: {}",
                        args.first().unwrap_or(&""),
                        crate::queries::names().join(", ")
                    );
                    Ok(false)
                }
            },
            other => {
                eprintln!("error: unknown command .{other}; .help lists commands");
                Ok(false)
            }
        }
    }
}

/// The terminal's width when stdout is a terminal.
pub fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or(Some(160))
}
