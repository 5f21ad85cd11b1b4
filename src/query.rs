//! Running SPARQL over the store (the union of all graphs as the default graph, the common
//! prefixes predeclared) and rendering results as a table or in the standard formats.

use std::io::{self, Write};

use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use unicode_width::UnicodeWidthStr;

use crate::graph::vocab::{self, PREFIXES};
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    #[error("query failed: {0}")]
    Evaluation(String),
    #[error("query cancelled")]
    Cancelled,
}

/// What a query or update gave.
pub enum Outcome {
    Solutions {
        vars: Vec<Variable>,
        rows: Vec<Vec<Option<Term>>>,
    },
    Boolean(bool),
    Graph(Vec<Triple>),
    /// An update: quads in the store before and after.
    Updated {
        before: usize,
        after: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultsFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

fn evaluator(extra: &[(String, String)], cancel: Option<&CancellationToken>) -> SparqlEvaluator {
    let mut e = SparqlEvaluator::new();
    for (p, iri) in PREFIXES
        .iter()
        .map(|(p, i)| (p.to_string(), i.to_string()))
        .chain(extra.iter().cloned())
    {
        e = e
            .with_prefix(p, iri)
            .expect("known prefixes are valid IRIs");
    }
    if let Some(c) = cancel {
        e = e.with_cancellation_token(c.clone());
    }
    e
}

/// Whether `sparql` parses as a query or an update, with the error when it does not.
pub fn parse_check(sparql: &str, extra: &[(String, String)]) -> Result<(), QueryError> {
    let e = evaluator(extra, None);
    if e.clone().parse_query(sparql).is_ok() || e.clone().parse_update(sparql).is_ok() {
        return Ok(());
    }
    Err(QueryError::Syntax(syntax_message(
        sparql,
        &e.parse_query(sparql)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default(),
    )))
}

/// Runs a query (or, failing that, an update) with the union of all graphs as default graph.
pub fn execute(
    store: &Store,
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<Outcome, QueryError> {
    let e = evaluator(extra, cancel);
    let query_error = match e.clone().parse_query(sparql) {
        Ok(mut prepared) => {
            prepared.dataset_mut().set_default_graph_as_union();
            let results = prepared
                .on_store(&store.inner)
                .execute()
                .map_err(eval_error)?;
            return collect(results);
        }
        Err(err) => err,
    };
    match e.parse_update(sparql) {
        Ok(update) => {
            let before = store
                .inner
                .len()
                .map_err(|e| QueryError::Evaluation(e.to_string()))?;
            update
                .on_store(&store.inner)
                .execute()
                .map_err(|e| QueryError::Evaluation(e.to_string()))?;
            let after = store
                .inner
                .len()
                .map_err(|e| QueryError::Evaluation(e.to_string()))?;
            Ok(Outcome::Updated { before, after })
        }
        // Report the query error: most input is a query.
        Err(_) => Err(QueryError::Syntax(syntax_message(
            sparql,
            &query_error.to_string(),
        ))),
    }
}

/// "error at 1:31: expected one of <a hundred tokens>" -> "line 1, column 31, at `}`:
/// expected one of ..." with the list cut short.
fn syntax_message(sparql: &str, raw: &str) -> String {
    let Some(rest) = raw.strip_prefix("error at ") else {
        return raw.to_string();
    };
    let Some((place, what)) = rest.split_once(": ") else {
        return raw.to_string();
    };
    let Some((line, column)) = place.split_once(':') else {
        return raw.to_string();
    };
    let found = line
        .parse::<usize>()
        .ok()
        .and_then(|l| sparql.lines().nth(l.saturating_sub(1)))
        .zip(column.parse::<usize>().ok())
        .and_then(|(text, c)| text.chars().nth(c.saturating_sub(1)))
        .map_or_else(|| "the end".to_string(), |c| format!("`{c}`"));
    let mut what = what.replace('\n', " ");
    if what.chars().count() > 90 {
        what = what.chars().take(90).collect::<String>() + " …";
    }
    format!("line {line}, column {column}, at {found}: {what}")
}

fn eval_error(e: oxigraph::sparql::QueryEvaluationError) -> QueryError {
    let msg = e.to_string();
    if msg.to_lowercase().contains("cancel") {
        QueryError::Cancelled
    } else {
        QueryError::Evaluation(msg)
    }
}

fn collect(results: QueryResults<'_>) -> Result<Outcome, QueryError> {
    Ok(match results {
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for s in solutions {
                let s = s.map_err(eval_error)?;
                rows.push(s.values().to_vec());
            }
            Outcome::Solutions { vars, rows }
        }
        QueryResults::Boolean(b) => Outcome::Boolean(b),
        QueryResults::Graph(triples) => {
            Outcome::Graph(triples.collect::<Result<Vec<_>, _>>().map_err(eval_error)?)
        }
    })
}

/// A term as shown in a table: prefixed IRIs, plain strings bare, language tags and
/// non-string datatypes kept visible.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            vocab::shorten(n.as_str()).unwrap_or_else(|| format!("<{}>", n.as_str()))
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => {
            if let Some(lang) = l.language() {
                format!("\"{}\"@{lang}", l.value())
            } else {
                let dt = l.datatype().as_str();
                let xsd = "http://www.w3.org/2001/XMLSchema#";
                match dt.strip_prefix(xsd) {
                    Some("string") => l.value().to_string(),
                    Some("integer" | "decimal" | "double" | "boolean" | "date" | "dateTime") => {
                        l.value().to_string()
                    }
                    _ => format!(
                        "{}^^{}",
                        l.value(),
                        vocab::shorten(dt).unwrap_or_else(|| format!("<{dt}>"))
                    ),
                }
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn is_numeric(t: &Term) -> bool {
    matches!(t, Term::Literal(l) if matches!(
        l.datatype().as_str().strip_prefix("http://www.w3.org/2001/XMLSchema#"),
        Some("integer" | "decimal" | "double" | "float" | "int" | "long")
    ))
}

/// Renders an outcome. `width` bounds table rows (long cells are cut with "…").
pub fn render(
    outcome: &Outcome,
    format: ResultsFormat,
    out: &mut dyn Write,
    width: Option<usize>,
) -> io::Result<()> {
    match (outcome, format) {
        (Outcome::Updated { before, after }, _) => {
            let (sign, n) = if after >= before {
                ('+', after - before)
            } else {
                ('-', before - after)
            };
            writeln!(out, "update done: {sign}{n} quads ({after} in the store)")
        }
        (Outcome::Boolean(b), ResultsFormat::Table) => writeln!(out, "{b}"),
        (Outcome::Boolean(b), f) => {
            QueryResultsSerializer::from_format(results_format(f))
                .serialize_boolean_to_writer(&mut *out, *b)?;
            writeln!(out)
        }
        (Outcome::Solutions { vars, rows }, ResultsFormat::Table) => {
            let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
            let cells: Vec<Vec<(String, bool)>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| {
                            t.as_ref().map_or((String::new(), false), |t| {
                                (display_term(t), is_numeric(t))
                            })
                        })
                        .collect()
                })
                .collect();
            table(out, &header, &cells, width)
        }
        (Outcome::Solutions { vars, rows }, f) => {
            let mut ser = QueryResultsSerializer::from_format(results_format(f))
                .serialize_solutions_to_writer(&mut *out, vars.clone())?;
            for r in rows {
                ser.serialize(
                    vars.iter()
                        .zip(r)
                        .filter_map(|(v, t)| t.as_ref().map(|t| (v, t))),
                )?;
            }
            ser.finish()?;
            if f == ResultsFormat::Json || f == ResultsFormat::Xml {
                writeln!(out)?;
            }
            Ok(())
        }
        (Outcome::Graph(triples), ResultsFormat::Table) => {
            let header = ["subject", "predicate", "object"]
                .map(String::from)
                .to_vec();
            let cells: Vec<Vec<(String, bool)>> = triples
                .iter()
                .map(|t| {
                    vec![
                        (display_term(&t.subject.clone().into()), false),
                        (display_term(&t.predicate.clone().into()), false),
                        (display_term(&t.object), is_numeric(&t.object)),
                    ]
                })
                .collect();
            table(out, &header, &cells, width)
        }
        (Outcome::Graph(triples), _) => {
            for t in triples {
                writeln!(out, "{t} .")?;
            }
            Ok(())
        }
    }
}

fn results_format(f: ResultsFormat) -> QueryResultsFormat {
    match f {
        ResultsFormat::Csv => QueryResultsFormat::Csv,
        ResultsFormat::Tsv => QueryResultsFormat::Tsv,
        ResultsFormat::Xml => QueryResultsFormat::Xml,
        ResultsFormat::Json | ResultsFormat::Table => QueryResultsFormat::Json,
    }
}

/// Cuts `s` to `w` display columns, ending in "…" when cut.
fn fit(s: &str, w: usize) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    if s.width() <= w {
        return s;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

fn table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<(String, bool)>],
    width: Option<usize>,
) -> io::Result<()> {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, (c, _)) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.replace(['\n', '\r', '\t'], " ").width());
        }
    }
    if let Some(total) = width {
        // Borders take 3 columns per cell plus one; shrink the widest column until it fits.
        let budget = total.saturating_sub(3 * n + 1).max(n * 4);
        while widths.iter().sum::<usize>() > budget {
            let (i, &w) = widths
                .iter()
                .enumerate()
                .max_by_key(|(_, w)| **w)
                .expect("columns");
            if w <= 4 {
                break;
            }
            widths[i] = w - 1;
        }
    }
    let line = |out: &mut dyn Write| -> io::Result<()> {
        write!(out, "+")?;
        for w in &widths {
            write!(out, "{}+", "-".repeat(w + 2))?;
        }
        writeln!(out)
    };
    let row = |out: &mut dyn Write, cells: &[(String, bool)]| -> io::Result<()> {
        write!(out, "|")?;
        for (i, (c, numeric)) in cells.iter().enumerate() {
            let c = fit(c, widths[i]);
            let pad = widths[i].saturating_sub(c.width());
            if *numeric {
                write!(out, " {}{} |", " ".repeat(pad), c)?;
            } else {
                write!(out, " {}{} |", c, " ".repeat(pad))?;
            }
        }
        writeln!(out)
    };
    line(out)?;
    row(
        out,
        &header
            .iter()
            .map(|h| (h.clone(), false))
            .collect::<Vec<_>>(),
    )?;
    line(out)?;
    for r in rows {
        row(out, r)?;
    }
    line(out)?;
    writeln!(
        out,
        "{} row{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}
