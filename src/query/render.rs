//! Results rendered: tables that fit the terminal, one field per line (vertical), and the
//! standard result formats (SPARQL JSON, XML, CSV, TSV; N-Triples for graphs).

use std::io::{self, Write};

use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use unicode_width::UnicodeWidthStr;

use super::outcome::{Outcome, ResultsFormat};
use crate::mapping::vocab;

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
