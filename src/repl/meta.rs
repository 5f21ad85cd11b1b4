//! Meta-commands, sqlite3 style. One table, [`COMMANDS`], gives each its name, usage, help,
//! what Tab offers after it and its handler: `.help`, completion and dispatch all read it.
//! Each handler reports its own errors and returns whether it succeeded.

use std::io::{self, Write};
use std::time::Duration;

use clap::{Parser, ValueEnum};
use oxigraph::model::Variable;

use super::session::Session;
use crate::cli::TraceArgs;
use crate::export::{self, ExportFormat};
use crate::ingest::{self, Reporter, Severity};
use crate::queries;
use crate::query::{self, ResultsFormat};
use crate::source::Source;
use crate::store::Store;
use claimtrace_text::input::Failure;

/// One meta-command.
pub struct MetaCommand {
    /// Without the dot.
    pub name: &'static str,
    /// Another name that runs it.
    pub alias: Option<&'static str>,
    /// What follows the name, for `.help`.
    pub usage: &'static str,
    pub help: &'static str,
    /// What Tab offers for the word after the name.
    pub arguments: fn() -> Vec<String>,
    /// Runs it on the text after the name.
    run: fn(&mut Session<'_>, &str) -> io::Result<bool>,
}

fn nothing() -> Vec<String> {
    Vec::new()
}

fn names_of<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_string())
        .collect()
}

pub const COMMANDS: &[MetaCommand] = &[
    MetaCommand {
        name: "help",
        alias: None,
        usage: "",
        help: "this list",
        arguments: nothing,
        run: help,
    },
    MetaCommand {
        name: "quit",
        alias: Some("exit"),
        usage: "",
        help: "leave (also Ctrl-D)",
        arguments: nothing,
        // The line loop leaves; piped input simply ends.
        run: |_, _| Ok(true),
    },
    MetaCommand {
        name: "mode",
        alias: None,
        usage: "table|vertical|csv|tsv|json|xml",
        help: "how results are shown",
        arguments: names_of::<ResultsFormat>,
        run: mode,
    },
    MetaCommand {
        name: "prefix",
        alias: None,
        usage: "[NAME IRI]",
        help: "list the prefixes, or declare one",
        arguments: nothing,
        run: prefix,
    },
    MetaCommand {
        name: "timer",
        alias: None,
        usage: "on|off",
        help: "show the time and row count after each query",
        arguments: || vec!["on".into(), "off".into()],
        run: timer,
    },
    MetaCommand {
        name: "timeout",
        alias: None,
        usage: "SECONDS",
        help: "cancel queries running longer (0: never)",
        arguments: nothing,
        run: timeout,
    },
    MetaCommand {
        name: "maxrows",
        alias: None,
        usage: "N",
        help: "rows shown in table and vertical mode (0: all)",
        arguments: nothing,
        run: max_rows,
    },
    MetaCommand {
        name: "explain",
        alias: None,
        usage: "QUERY",
        help: "run QUERY and show Oxigraph's plan with counts and times",
        arguments: nothing,
        run: explain,
    },
    MetaCommand {
        name: "queries",
        alias: None,
        usage: "",
        help: "the named queries (queries/*.rq)",
        arguments: nothing,
        run: list_queries,
    },
    MetaCommand {
        name: "run",
        alias: None,
        usage: "NAME [VAR=VALUE ...]",
        help: "run a named query, variables bound to values",
        arguments: || queries::names().into_iter().map(String::from).collect(),
        run: run_named,
    },
    MetaCommand {
        name: "load",
        alias: None,
        usage: "PATH...",
        help: "ingest files or folders",
        arguments: nothing,
        run: load,
    },
    MetaCommand {
        name: "export",
        alias: None,
        usage: "FORMAT [FILE]",
        help: "write the store as RDF (stdout without FILE)",
        arguments: names_of::<ExportFormat>,
        run: export_to,
    },
    MetaCommand {
        name: "graphs",
        alias: None,
        usage: "",
        help: "the articles' graphs: title, publisher, date, quads",
        arguments: nothing,
        run: |session, _| session.run_query(GRAPHS, &[]),
    },
    MetaCommand {
        name: "stats",
        alias: None,
        usage: "",
        help: "how much the store holds",
        arguments: nothing,
        run: |session, _| match session.source.named_query("stats") {
            Ok(stats) => session.run_query(stats.expect("built in"), &[]),
            Err(e) => fail(e.to_string()),
        },
    },
    MetaCommand {
        name: "trace",
        alias: None,
        usage: "--speaker|--outlet|--claim NAME [--format text|json|dot]",
        help: "follow claims across articles, as `claimtrace trace`",
        arguments: || {
            ["--speaker", "--outlet", "--claim", "--format"]
                .map(String::from)
                .to_vec()
        },
        run: trace,
    },
];

/// The command `name` (or its alias) names.
pub fn find(name: &str) -> Option<&'static MetaCommand> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.alias == Some(name))
}

/// The local store, or `None` after saying that `command` needs one.
fn local_store<'s>(session: &Session<'s>, command: &str) -> Option<&'s Store> {
    match session.source {
        Source::Local(store) => Some(store),
        Source::Remote(endpoint) => {
            eprintln!(
                "error: {command} works on the local store; this session reads {} (ingest and export locally, push sends the graph)",
                endpoint.url()
            );
            None
        }
    }
}

fn remote_url(session: &Session<'_>) -> String {
    match session.source {
        Source::Remote(endpoint) => endpoint.url().to_string(),
        Source::Local(_) => String::new(),
    }
}

fn fail(message: impl std::fmt::Display) -> io::Result<bool> {
    eprintln!("error: {message}");
    Ok(false)
}

/// Runs the meta-command `cmd` (without its dot).
pub fn run(session: &mut Session<'_>, cmd: &str) -> io::Result<bool> {
    let (name, rest) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
    match find(name) {
        Some(command) => (command.run)(session, rest.trim()),
        None => fail(format!("unknown command .{name}; .help lists commands")),
    }
}

fn help(_: &mut Session<'_>, _: &str) -> io::Result<bool> {
    let usage = |c: &MetaCommand| {
        if c.usage.is_empty() {
            format!(".{}", c.name)
        } else {
            format!(".{} {}", c.name, c.usage)
        }
    };
    let w = COMMANDS.iter().map(|c| usage(c).len()).max().unwrap_or(0);
    let mut out = io::stdout().lock();
    for c in COMMANDS {
        writeln!(out, "{:w$}  {}", usage(c), c.help)?;
    }
    writeln!(out, "Ctrl-C cancels a running query; Tab completes.")?;
    Ok(true)
}

fn mode(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    let usage = "usage: .mode table|vertical|csv|tsv|json|xml";
    match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
        [m] => match ResultsFormat::from_str(m, true) {
            Ok(mode) => {
                session.mode = mode;
                Ok(true)
            }
            Err(_) => fail(format!("unknown mode {m:?}; {usage}")),
        },
        _ => fail(usage),
    }
}

fn timer(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    match rest {
        "on" => session.timer = true,
        "off" => session.timer = false,
        _ => return fail("usage: .timer on|off"),
    }
    Ok(true)
}

fn timeout(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
        [s] => match s.parse::<f64>() {
            Ok(0.0) => {
                session.timeout = None;
                Ok(true)
            }
            Ok(secs) if secs > 0.0 && secs.is_finite() => {
                session.timeout = Some(Duration::from_secs_f64(secs));
                Ok(true)
            }
            _ => fail(format!(
                "{s:?} is not a number of seconds; usage: .timeout SECONDS"
            )),
        },
        [] => {
            let mut out = io::stdout().lock();
            match session.timeout {
                Some(t) => writeln!(out, "timeout: {} s", t.as_secs_f64())?,
                None => writeln!(out, "timeout: none")?,
            }
            Ok(true)
        }
        _ => fail("usage: .timeout SECONDS (0: none)"),
    }
}

fn max_rows(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
        [n] => match n.parse::<usize>() {
            Ok(0) => {
                session.max_rows = None;
                Ok(true)
            }
            Ok(n) => {
                session.max_rows = Some(n);
                Ok(true)
            }
            Err(_) => fail(format!("{n:?} is not a row count; usage: .maxrows N")),
        },
        _ => fail("usage: .maxrows N (0: all)"),
    }
}

fn explain(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    if rest.is_empty() {
        return fail("usage: .explain QUERY");
    }
    let Source::Local(store) = session.source else {
        return fail(format!(
            "{} offers no query plan through the SPARQL protocol: .explain shows Oxigraph's plan, for a local store",
            remote_url(session)
        ));
    };
    let watch = super::cancel::Watch::arm(session.timeout);
    match query::explain(
        store,
        rest.trim_end_matches(';'),
        &session.prefixes(),
        Some(&watch.token),
    ) {
        Ok(plan) => {
            write!(io::stdout().lock(), "{plan}")?;
            Ok(true)
        }
        Err(e) => fail(e),
    }
}

fn list_queries(_: &mut Session<'_>, _: &str) -> io::Result<bool> {
    let mut out = io::stdout().lock();
    for (n, q) in queries::NAMED {
        let params = queries::parameters(q);
        let params = if params.is_empty() {
            String::new()
        } else {
            format!(" [{}]", params.join(" "))
        };
        writeln!(out, "{n:12} {}{params}", queries::description(q))?;
    }
    Ok(true)
}

fn load(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    let paths: Vec<String> = rest.split_whitespace().map(str::to_string).collect();
    if paths.is_empty() {
        return fail("usage: .load PATH...");
    }
    let Some(store) = local_store(session, ".load") else {
        return Ok(false);
    };
    let summary = ingest::ingest(
        store,
        &paths,
        &ingest::Options::default(),
        &mut Reporter(|severity: Severity, f: &Failure| eprintln!("{severity}: {f}")),
    );
    eprintln!("{summary}");
    if let Some(stopped) = &summary.stopped {
        eprintln!("error: {stopped}");
    }
    session.refresh_index();
    Ok(summary.failures.is_empty())
}

/// The articles' graphs with their titles, publishers, dates and sizes.
const GRAPHS: &str = "SELECT ?graph ?headline ?publisher ?published (COUNT(*) AS ?quads)
WHERE {
  GRAPH ?graph {
    ?graph a schema:NewsArticle .
    OPTIONAL { ?graph schema:headline ?headline }
    OPTIONAL { ?graph schema:publisher/schema:name ?publisher }
    OPTIONAL { ?graph schema:datePublished ?published }
    ?s ?p ?o
  }
}
GROUP BY ?graph ?headline ?publisher ?published
ORDER BY ?published ?graph";

fn prefix(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    match rest.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] => {
            let mut out = io::stdout().lock();
            for (p, iri) in query::all_prefixes(&session.prefixes()) {
                writeln!(out, "PREFIX {p}: <{iri}>")?;
            }
            Ok(true)
        }
        [p, iri] => {
            let p = p.trim_end_matches(':').to_string();
            let iri = iri
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string();
            if let Err(e) = oxigraph::model::NamedNode::new(&iri) {
                return fail(format!("{iri} is not an IRI: {e}"));
            }
            if let Ok(mut shared) = session.shared.write() {
                shared.prefixes.retain(|(q, _)| *q != p);
                shared.prefixes.push((p, iri));
            }
            Ok(true)
        }
        _ => fail("usage: .prefix NAME IRI"),
    }
}

/// `.trace` as the command line reads it.
#[derive(Parser)]
#[command(name = ".trace", no_binary_name = true, disable_version_flag = true)]
struct TraceLine {
    #[command(flatten)]
    args: TraceArgs,
}

/// `.trace --speaker NAME`, `--outlet NAME` or `--claim TEXT|IRI`, and `--format`, parsed by
/// the `trace` command's own definition. A value runs to the next option, so a name needs no
/// quotes ("--speaker Dmitry Peskov"); quotes around it are dropped.
fn trace(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    let mut words: Vec<String> = Vec::new();
    for w in rest.split_whitespace() {
        match words.last_mut() {
            Some(value) if !w.starts_with("--") && !value.starts_with("--") => {
                value.push(' ');
                value.push_str(w);
            }
            _ => words.push(w.to_string()),
        }
    }
    for w in &mut words {
        if !w.starts_with("--") {
            *w = w.trim_matches(|c| c == '"' || c == '\'').to_string();
        }
    }
    let args = match TraceLine::try_parse_from(&words) {
        Ok(line) => line.args,
        Err(e) if !e.use_stderr() => {
            // --help
            write!(io::stdout().lock(), "{e}")?;
            return Ok(true);
        }
        Err(e) => {
            eprint!("{}", e.render());
            return Ok(false);
        }
    };
    let t = match crate::trace::trace_window(session.source, &args.target(), args.window()) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .map_err(crate::pages::PageError::from)
            .and_then(|file| {
                let mut out = io::BufWriter::new(file);
                crate::pages::render(session.source, &t, args.format, &mut out)?;
                out.flush()?;
                Ok(())
            }),
        None => {
            let mut out = io::stdout().lock();
            crate::pages::render(session.source, &t, args.format, &mut out)
                .and_then(|()| Ok(out.flush()?))
        }
    };
    match written {
        Ok(()) => Ok(true),
        Err(e) => fail(e),
    }
}

fn run_named(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    let args: Vec<&str> = rest.split_whitespace().collect();
    let Some((name, assignments)) = args.split_first() else {
        return fail(format!(
            "usage: .run NAME [VAR=VALUE ...]; known: {}",
            queries::names().join(", ")
        ));
    };
    let sparql = match session.source.named_query(name) {
        Ok(sparql) => sparql,
        Err(e) => return fail(e.to_string()),
    };
    let Some(sparql) = sparql else {
        return fail(format!(
            "unknown query {name:?}; known: {}",
            queries::names().join(", ")
        ));
    };
    let mut bindings = Vec::new();
    // Values may hold spaces ("speaker=Dmitry Peskov"): a word without '=' continues the
    // value before it.
    let mut pairs: Vec<(String, String)> = Vec::new();
    for a in assignments {
        match a.split_once('=') {
            Some((var, value)) => pairs.push((var.to_string(), value.to_string())),
            None => match pairs.last_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(a);
                }
                None => return fail(format!("{a:?}: expected VAR=VALUE")),
            },
        }
    }
    let known = queries::parameters(sparql);
    for (var, value) in pairs {
        let var = var.trim_start_matches(['?', '$']);
        if !known.iter().any(|k| k == var) {
            return fail(format!(
                "query {name} has no parameter {var:?}; it has: {}",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
        match query::parse_value(&value, &session.prefixes()) {
            Ok(term) => bindings.push((Variable::new_unchecked(var), term)),
            Err(e) => return fail(e),
        }
    }
    session.run_query(sparql, &bindings)
}

fn export_to(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    let args: Vec<&str> = rest.split_whitespace().collect();
    let (format, file) = match args.as_slice() {
        [f] => (*f, None),
        [f, file] => (*f, Some(*file)),
        _ => return fail("usage: .export FORMAT [FILE]"),
    };
    let Ok(format) = ExportFormat::from_str(format, true) else {
        return fail(format!(
            "unknown format {format:?}; one of {}",
            names_of::<ExportFormat>().join(", ")
        ));
    };
    let Some(store) = local_store(session, ".export") else {
        return Ok(false);
    };
    let mut sink: Box<dyn Write> = match file {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => return fail(format!("cannot write {path}: {e}")),
        },
        None => Box::new(io::stdout().lock()),
    };
    match export::export(store, format, None, &mut sink) {
        Ok(n) => {
            sink.flush()?;
            if let Some(path) = file {
                let what = if format.rdf_format().supports_datasets() {
                    "quads"
                } else {
                    "triples"
                };
                eprintln!("exported {n} {what} to {path}");
            }
            Ok(true)
        }
        // A closed stdout ends the session quietly (see main); any other failure is reported.
        Err(export::ExportError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Err(e),
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_command_is_described() {
        for (i, c) in COMMANDS.iter().enumerate() {
            assert!(!c.help.is_empty(), ".{} has no help", c.name);
            assert!(
                COMMANDS[i + 1..]
                    .iter()
                    .all(|d| d.name != c.name && d.alias.is_none_or(|a| a != c.name)),
                ".{} is defined twice",
                c.name
            );
        }
        assert_eq!(find("exit").map(|c| c.name), Some("quit"));
    }

    #[test]
    fn the_trace_line_uses_the_trace_command_options() {
        let line =
            TraceLine::try_parse_from(["--speaker", "Dmitry Peskov", "--format", "json"]).unwrap();
        assert!(matches!(line.args.format, crate::trace::Format::Json));
        assert!(TraceLine::try_parse_from(["--format", "json"]).is_err());
        assert!(TraceLine::try_parse_from(["--speaker", "a", "--outlet", "b"]).is_err());
    }
}
