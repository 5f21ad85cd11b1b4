//! Running SPARQL over the store (the union of all graphs as the default graph, the common
//! prefixes predeclared) and rendering results as a table or in the standard formats.

use std::io::{self, Write};

use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, PreparedSparqlUpdate, QueryResults, SparqlEvaluator,
};
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

impl Outcome {
    /// How much came back: "3 rows", "1 triple", "a boolean", "12 quads changed".
    pub fn size(&self) -> String {
        let n = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        match self {
            Outcome::Solutions { rows, .. } => n(rows.len(), "row"),
            Outcome::Boolean(_) => "a boolean".to_string(),
            Outcome::Graph(t) => n(t.len(), "triple"),
            Outcome::Updated { before, after } => {
                format!("{} changed", n(before.abs_diff(*after), "quad"))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultsFormat {
    Table,
    /// One field per line, values whole.
    Vertical,
    Csv,
    Tsv,
    Json,
    Xml,
}

fn evaluator(extra: &[(String, String)], cancel: Option<&CancellationToken>) -> SparqlEvaluator {
    let mut e = SparqlEvaluator::new();
    for (p, iri) in all_prefixes(extra) {
        e = e
            .with_prefix(p, iri)
            .expect("known prefixes are valid IRIs");
    }
    if let Some(c) = cancel {
        e = e.with_cancellation_token(c.clone());
    }
    e
}

/// The prefixes a query may use: the built-in ones, then `extra` (declared in a session).
pub fn all_prefixes(extra: &[(String, String)]) -> impl Iterator<Item = (String, String)> + '_ {
    PREFIXES
        .iter()
        .map(|(p, i)| (p.to_string(), i.to_string()))
        .chain(extra.iter().cloned())
}

/// A parsed query (the union of all graphs as its default graph) or update; cloned to run
/// again with other bindings.
#[derive(Clone)]
pub enum Parsed {
    Query(Box<PreparedSparqlQuery>),
    Update(Box<PreparedSparqlUpdate>),
}

/// Parses `sparql` as a query or, failing that, an update; the query's error when neither
/// parses (most input is a query).
pub fn parse(
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<Parsed, QueryError> {
    let e = evaluator(extra, cancel);
    let query_error = match e.clone().parse_query(sparql) {
        Ok(mut prepared) => {
            prepared.dataset_mut().set_default_graph_as_union();
            return Ok(Parsed::Query(Box::new(prepared)));
        }
        Err(err) => err,
    };
    e.parse_update(sparql)
        .map(|u| Parsed::Update(Box::new(u)))
        .map_err(|_| QueryError::Syntax(syntax_message(sparql, &query_error.to_string())))
}

/// Whether `sparql` parses as a query or an update, with the error when it does not.
pub fn parse_check(sparql: &str, extra: &[(String, String)]) -> Result<(), QueryError> {
    parse(sparql, extra, None).map(|_| ())
}

/// Runs a query (or, failing that, an update) with the union of all graphs as default graph.
pub fn execute(
    store: &Store,
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<Outcome, QueryError> {
    run(store, parse(sparql, extra, cancel)?, &[])
}

/// Runs a parsed query or update, the query's variables in `bindings` bound to their values
/// (a named query's parameters).
pub fn run(
    store: &Store,
    parsed: Parsed,
    bindings: &[(Variable, Term)],
) -> Result<Outcome, QueryError> {
    match parsed {
        Parsed::Query(prepared) => {
            let mut prepared = *prepared;
            for (v, t) in bindings {
                prepared = prepared.substitute_variable(v.clone(), t.clone());
            }
            collect(
                prepared
                    .on_store(&store.inner)
                    .execute()
                    .map_err(eval_error)?,
            )
        }
        Parsed::Update(update) => {
            let len = || {
                store
                    .inner
                    .len()
                    .map_err(|e| QueryError::Evaluation(e.to_string()))
            };
            let before = len()?;
            (*update)
                .on_store(&store.inner)
                .execute()
                .map_err(|e| QueryError::Evaluation(e.to_string()))?;
            Ok(Outcome::Updated {
                before,
                after: len()?,
            })
        }
    }
}

/// Oxigraph's plan for a query, as an indented tree with each step's result count and time
/// (the query runs to the end to measure them).
pub fn explain(
    store: &Store,
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<String, QueryError> {
    let Parsed::Query(prepared) = parse(sparql, extra, cancel)? else {
        return Err(QueryError::Evaluation(
            "an update has no plan to show; .explain takes a query".into(),
        ));
    };
    let (results, explanation) = (*prepared)
        .on_store(&store.inner)
        .compute_statistics()
        .explain();
    collect(results.map_err(eval_error)?)?;
    let mut json = Vec::new();
    explanation
        .write_in_json(&mut json)
        .map_err(|e| QueryError::Evaluation(e.to_string()))?;
    let tree: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| QueryError::Evaluation(e.to_string()))?;
    let mut out = String::new();
    if let Some(p) = tree["planning duration in seconds"].as_f64() {
        out += &format!("planned in {:.1} ms\n", p * 1000.0);
    }
    plan_node(&tree["plan"], 0, &mut out);
    Ok(out)
}

fn plan_node(node: &serde_json::Value, depth: usize, out: &mut String) {
    let name = shorten_iris(node["name"].as_str().unwrap_or("?"));
    out.push_str(&"  ".repeat(depth));
    out.push_str(&name);
    if let Some(n) = node["number of results"].as_u64() {
        out.push_str(&format!("  [{n} result{}", if n == 1 { "" } else { "s" }));
        if let Some(d) = node["duration in seconds"].as_f64() {
            out.push_str(&format!(", {:.2} ms", d * 1000.0));
        }
        out.push(']');
    }
    out.push('\n');
    for child in node["children"].as_array().into_iter().flatten() {
        plan_node(child, depth + 1, out);
    }
}

/// `<http://schema.org/name>` -> `schema:name` wherever a known namespace allows.
fn shorten_iris(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('>') {
            Some(end) => {
                let iri = &after[..end];
                match vocab::shorten(iri) {
                    Some(short) => out.push_str(&short),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A value given on the command line for a query parameter: `<IRI>`, `prefix:name`, a
/// number, `true`/`false`, a quoted or bare string.
pub fn parse_value(value: &str, extra: &[(String, String)]) -> Result<Term, String> {
    use oxigraph::model::{Literal, NamedNode};
    let v = value.trim();
    if let Some(iri) = v.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return NamedNode::new(iri)
            .map(Term::from)
            .map_err(|e| format!("{value}: not an IRI: {e}"));
    }
    if let Some(q) = v
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
    {
        return Ok(Literal::new_simple_literal(q).into());
    }
    if let Some((p, local)) = v.split_once(':') {
        let ns = all_prefixes(extra).find(|(q, _)| q == p);
        if let Some((_, ns)) = ns
            && !local.contains(char::is_whitespace)
        {
            return NamedNode::new(format!("{ns}{local}"))
                .map(Term::from)
                .map_err(|e| format!("{value}: not an IRI: {e}"));
        }
    }
    if let Ok(n) = v.parse::<i64>() {
        return Ok(Literal::from(n).into());
    }
    if let Ok(b) = v.parse::<bool>() {
        return Ok(Literal::from(b).into());
    }
    Ok(Literal::new_simple_literal(v).into())
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
    let text = line
        .parse::<usize>()
        .ok()
        .and_then(|l| sparql.lines().nth(l.saturating_sub(1)));
    let column_at = column.parse::<usize>().unwrap_or(1).max(1);
    let found = text
        .and_then(|t| t.chars().nth(column_at - 1))
        .map_or_else(|| "the end".to_string(), |c| format!("`{c}`"));
    let mut what = what.replace('\n', " ");
    if what.contains("Prefix not found") {
        // The parser lists this among a hundred expected tokens; say it plainly.
        let before: String =
            text.map_or(String::new(), |t| t.chars().take(column_at - 1).collect());
        let name: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let prefix = name.split(':').next().unwrap_or_default();
        what =
            format!("unknown prefix `{prefix}:` (declare it with PREFIX, or .prefix in the REPL)");
    }
    if what.chars().count() > 90 {
        what = what.chars().take(90).collect::<String>() + " …";
    }
    let mut message = format!("line {line}, column {column}, at {found}: {what}");
    // The line itself with a caret under the column (tabs kept so the caret lines up).
    if let Some(text) = text {
        let pad: String = text
            .chars()
            .take(column_at - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        message.push_str(&format!("\n  {text}\n  {pad}^"));
    }
    message
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

/// How much of a terminal results may take.
#[derive(Debug, Clone, Copy, Default)]
pub struct View {
    /// Table rows are cut to this many columns (long cells end in "…").
    pub width: Option<usize>,
    /// Tables and vertical listings stop after this many rows, with a "N more rows" line.
    pub max_rows: Option<usize>,
}

/// Renders an outcome as `format`, within `view` for tables and vertical listings.
pub fn render(
    outcome: &Outcome,
    format: ResultsFormat,
    out: &mut dyn Write,
    view: View,
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
        (Outcome::Boolean(b), ResultsFormat::Table | ResultsFormat::Vertical) => {
            writeln!(out, "{b}")
        }
        (Outcome::Boolean(b), f) => {
            QueryResultsSerializer::from_format(results_format(f))
                .serialize_boolean_to_writer(&mut *out, *b)?;
            writeln!(out)
        }
        (Outcome::Solutions { vars, rows }, ResultsFormat::Vertical) => {
            let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| t.as_ref().map(display_term).unwrap_or_default())
                        .collect()
                })
                .collect();
            vertical(out, &header, &cells, view.max_rows)
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
            table(out, &header, &cells, view)
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
        (Outcome::Graph(triples), ResultsFormat::Table | ResultsFormat::Vertical) => {
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
            if format == ResultsFormat::Vertical {
                let cells: Vec<Vec<String>> = cells
                    .into_iter()
                    .map(|r| r.into_iter().map(|(c, _)| c).collect())
                    .collect();
                return vertical(out, &header, &cells, view.max_rows);
            }
            table(out, &header, &cells, view)
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
        ResultsFormat::Json | ResultsFormat::Table | ResultsFormat::Vertical => {
            QueryResultsFormat::Json
        }
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
    view: View,
) -> io::Result<()> {
    let (shown, more) = split_rows(rows, view.max_rows);
    let rows = shown;
    let width = view.width;
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
    count_line(out, rows.len(), more)
}

/// The rows to show, and how many are left out.
fn split_rows<T>(rows: &[T], max: Option<usize>) -> (&[T], usize) {
    match max {
        Some(m) if rows.len() > m => (&rows[..m], rows.len() - m),
        _ => (rows, 0),
    }
}

fn count_line(out: &mut dyn Write, shown: usize, more: usize) -> io::Result<()> {
    let total = shown + more;
    let plural = if total == 1 { "" } else { "s" };
    if more == 0 {
        writeln!(out, "{total} row{plural}")
    } else {
        writeln!(
            out,
            "{total} row{plural}: {more} more not shown (.maxrows 0 shows all; .mode csv writes them)"
        )
    }
}

/// One field per line, values whole; records separated by a rule with their number.
fn vertical(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
    max_rows: Option<usize>,
) -> io::Result<()> {
    let (shown, more) = split_rows(rows, max_rows);
    let name_width = header.iter().map(|h| h.width()).max().unwrap_or(0);
    for (i, r) in shown.iter().enumerate() {
        writeln!(out, "-[ row {} ]-", i + 1)?;
        for (h, v) in header.iter().zip(r) {
            let pad = name_width - h.width();
            writeln!(out, "{h}{} | {v}", " ".repeat(pad))?;
        }
    }
    count_line(out, shown.len(), more)
}
