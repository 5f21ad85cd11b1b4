//! Meta-commands, sqlite3 style: `.help` lists them. Each reports its own errors and returns
//! whether it succeeded.

use std::io::{self, Write};
use std::time::Duration;

use oxigraph::model::Variable;

use super::Session;
use crate::export::{self, ExportFormat};
use crate::ingest::{self, Reporter};
use crate::query::{self, ResultsFormat};

const HELP: &[(&str, &str)] = &[
    (".help", "this list"),
    (".quit", "leave (also Ctrl-D)"),
    (
        ".mode table|vertical|csv|tsv|json|xml",
        "how results are shown",
    ),
    (".prefix [NAME IRI]", "list the prefixes, or declare one"),
    (
        ".timer on|off",
        "show the time and row count after each query",
    ),
    (
        ".timeout SECONDS",
        "cancel queries running longer (0: never)",
    ),
    (
        ".maxrows N",
        "rows shown in table and vertical mode (0: all)",
    ),
    (
        ".explain QUERY",
        "run QUERY and show Oxigraph's plan with counts and times",
    ),
    (".queries", "the named queries (queries/*.rq)"),
    (
        ".run NAME [VAR=VALUE ...]",
        "run a named query, variables bound to values",
    ),
    (".load PATH...", "ingest files or folders"),
    (
        ".export FORMAT [FILE]",
        "write the store as RDF (stdout without FILE)",
    ),
    (
        ".graphs",
        "the articles' graphs: title, publisher, date, quads",
    ),
    (".stats", "how much the store holds"),
    (
        ".trace --speaker|--outlet|--claim NAME [--format text|json|dot]",
        "follow claims across articles, as `claimtrace trace`",
    ),
];

fn fail(message: impl std::fmt::Display) -> io::Result<bool> {
    eprintln!("error: {message}");
    Ok(false)
}

/// Runs the meta-command `cmd` (without its dot).
pub fn run(session: &mut Session<'_>, cmd: &str) -> io::Result<bool> {
    let (name, rest) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
    let rest = rest.trim();
    let args: Vec<&str> = rest.split_whitespace().collect();
    match name {
        "help" => {
            let w = HELP.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
            for (c, what) in HELP {
                println!("{c:w$}  {what}");
            }
            println!("Ctrl-C cancels a running query; Tab completes.");
            Ok(true)
        }
        "quit" | "exit" => Ok(true),
        "mode" => match args.as_slice() {
            [m] => match <ResultsFormat as clap::ValueEnum>::from_str(m, true) {
                Ok(mode) => {
                    session.mode = mode;
                    Ok(true)
                }
                Err(_) => fail(format!(
                    "unknown mode {m:?}; usage: .mode table|vertical|csv|tsv|json|xml"
                )),
            },
            _ => fail("usage: .mode table|vertical|csv|tsv|json|xml"),
        },
        "prefix" => prefix(session, &args),
        "timer" => match args.as_slice() {
            ["on"] => {
                session.timer = true;
                Ok(true)
            }
            ["off"] => {
                session.timer = false;
                Ok(true)
            }
            _ => fail("usage: .timer on|off"),
        },
        "timeout" => match args.as_slice() {
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
                match session.timeout {
                    Some(t) => println!("timeout: {} s", t.as_secs_f64()),
                    None => println!("timeout: none"),
                }
                Ok(true)
            }
            _ => fail("usage: .timeout SECONDS (0: none)"),
        },
        "maxrows" => match args.as_slice() {
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
        },
        "explain" => {
            if rest.is_empty() {
                return fail("usage: .explain QUERY");
            }
            let watch = super::cancel::Watch::arm(session.timeout);
            match query::explain(
                session.store,
                rest.trim_end_matches(';'),
                &session.prefixes(),
                Some(&watch.token),
            ) {
                Ok(plan) => {
                    print!("{plan}");
                    Ok(true)
                }
                Err(e) => fail(e),
            }
        }
        "queries" => {
            for (n, q) in crate::queries::NAMED {
                let params = crate::queries::parameters(q);
                let params = if params.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", params.join(" "))
                };
                println!("{n:12} {}{params}", crate::queries::description(q));
            }
            Ok(true)
        }
        "run" => run_named(session, &args),
        "load" => {
            if args.is_empty() {
                return fail("usage: .load PATH...");
            }
            let paths: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            let summary = ingest::ingest(
                session.store,
                &paths,
                &ingest::Options::default(),
                &mut Reporter(|level: &str, f: &crate::input::Failure| eprintln!("{level}: {f}")),
            );
            eprintln!("{summary}");
            session.refresh_index();
            Ok(summary.failures.is_empty())
        }
        "export" => export_to(session, &args),
        "graphs" => session.run_query(GRAPHS, &[]),
        "stats" => session.run_query(crate::queries::get("stats").expect("built in"), &[]),
        "trace" => trace(session, rest),
        other => fail(format!("unknown command .{other}; .help lists commands")),
    }
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

fn prefix(session: &mut Session<'_>, args: &[&str]) -> io::Result<bool> {
    match args {
        [] => {
            for (p, iri) in query::all_prefixes(&session.prefixes()) {
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

/// `.trace --speaker NAME`, `--outlet NAME` or `--claim TEXT|IRI`, and `--format`: a value
/// runs to the next option, quotes around it optional.
fn trace(session: &mut Session<'_>, rest: &str) -> io::Result<bool> {
    let usage = "usage: .trace --speaker|--outlet|--claim NAME [--format text|json|dot]";
    let mut target = None;
    let mut format = crate::trace::Format::Text;
    let mut words = rest.split_whitespace().peekable();
    while let Some(option) = words.next() {
        let mut value = Vec::new();
        while let Some(w) = words.next_if(|w| !w.starts_with("--")) {
            value.push(w);
        }
        let value = value.join(" ");
        let value = value.trim_matches(|c| c == '"' || c == '\'').to_string();
        if value.is_empty() {
            return fail(usage);
        }
        match option {
            "--speaker" => target = Some(crate::trace::Target::Speaker(value)),
            "--outlet" => target = Some(crate::trace::Target::Outlet(value)),
            "--claim" => target = Some(crate::trace::Target::Claim(value)),
            "--format" => match clap::ValueEnum::from_str(&value, true) {
                Ok(f) => format = f,
                Err(_) => return fail("--format: text, json or dot"),
            },
            _ => return fail(usage),
        }
    }
    let Some(target) = target else {
        return fail(usage);
    };
    match crate::trace::trace(session.store, &target) {
        Ok(t) => {
            let mut out = io::stdout().lock();
            crate::trace::render(&t, format, &mut out)?;
            out.flush()?;
            Ok(true)
        }
        Err(e) => fail(e),
    }
}

fn run_named(session: &mut Session<'_>, args: &[&str]) -> io::Result<bool> {
    let Some((name, assignments)) = args.split_first() else {
        return fail(format!(
            "usage: .run NAME [VAR=VALUE ...]; known: {}",
            crate::queries::names().join(", ")
        ));
    };
    let Some(sparql) = crate::queries::get(name) else {
        return fail(format!(
            "unknown query {name:?}; known: {}",
            crate::queries::names().join(", ")
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
    let known = crate::queries::parameters(sparql);
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

fn export_to(session: &Session<'_>, args: &[&str]) -> io::Result<bool> {
    let (format, file) = match args {
        [f] => (f, None),
        [f, file] => (f, Some(*file)),
        _ => return fail("usage: .export FORMAT [FILE]"),
    };
    let Ok(format) = <ExportFormat as clap::ValueEnum>::from_str(format, true) else {
        return fail(format!(
            "unknown format {format:?}; one of turtle, ntriples, nquads, trig, rdfxml, jsonld"
        ));
    };
    let mut sink: Box<dyn Write> = match file {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(io::BufWriter::new(f)),
            Err(e) => return fail(format!("cannot write {path}: {e}")),
        },
        None => Box::new(io::stdout().lock()),
    };
    match export::export(session.store, format, None, &mut sink) {
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
        Err(e) => fail(e),
    }
}
