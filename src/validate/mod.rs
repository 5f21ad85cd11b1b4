//! `claimtrace validate`: the store checked against SHACL shapes (`ontology/shapes.ttl`
//! unless others are given), violations reported by focus node.
//!
//! Hand-written rather than rudof's `shacl_validation`: that crate validates a copy of the
//! data in its own in-memory graph and brings a second HTTP and TLS stack (over 300 crates);
//! compiling each constraint to one SPARQL query ([`shapes`]) checks a store of any size in
//! place with the engine it already has. pySHACL checks the same shapes in the tests, and
//! they agree on what they name.

pub mod shapes;

use std::collections::BTreeMap;
use std::io::{self, Write};

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::mapping::vocab;
use crate::query::{self, Parsed, QueryError};
use crate::store::Store;
pub use shapes::{Check, ShapesError, compile};

/// The shapes every graph claimtrace writes must pass.
pub const SHAPES: &str = include_str!("../../ontology/shapes.ttl");

/// One node breaking one constraint.
#[derive(Debug, Serialize)]
pub struct Violation {
    pub focus: String,
    pub shape: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub checks: usize,
    pub violations: Vec<Violation>,
    /// Constraints with more violations than the limit: only the first are listed.
    pub cut_short: Vec<String>,
}

impl Report {
    pub fn conforms(&self) -> bool {
        self.violations.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error(transparent)]
    Shapes(#[from] ShapesError),
    #[error("checking {shape}: {source}")]
    Query {
        shape: String,
        #[source]
        source: QueryError,
    },
}

/// Checks `store` against `checks`, listing at most `limit` violations per constraint.
pub fn validate(store: &Store, checks: &[Check], limit: usize) -> Result<Report, ValidateError> {
    let mut violations = Vec::new();
    let mut cut_short = Vec::new();
    for check in checks {
        let failed = |source| ValidateError::Query {
            shape: check.shape.clone(),
            source,
        };
        let sparql = format!("{} LIMIT {}", check.sparql, limit + 1);
        // A check has no ORDER BY: its solutions come straight from Oxigraph.
        let Parsed::Query(check_query) = query::parse(&sparql, &[], None).map_err(failed)? else {
            unreachable!("a check is a SELECT query");
        };
        let QueryResults::Solutions(solutions) = store
            .query(check_query.oxigraph)
            .map_err(|e| failed(QueryError::from(e)))?
        else {
            unreachable!("a SELECT answers solutions");
        };
        for (n, solution) in solutions.enumerate() {
            let solution = solution.map_err(|e| failed(QueryError::from(e)))?;
            if n == limit {
                cut_short.push(format!(
                    "{} {}",
                    check.shape,
                    check.path.as_deref().unwrap_or("")
                ));
                break;
            }
            let Some(focus) = solution.get("this") else {
                continue;
            };
            violations.push(Violation {
                focus: focus.to_string(),
                shape: check.shape.clone(),
                path: check.path.clone(),
                value: solution.get("value").map(Term::to_string),
                message: fill(&check.message, |var| {
                    solution.get(var).map(|t| match t {
                        Term::Literal(l) => l.value().to_string(),
                        other => other.to_string(),
                    })
                }),
            });
        }
    }
    violations.sort_by(|a, b| (&a.focus, &a.shape, &a.path).cmp(&(&b.focus, &b.shape, &b.path)));
    Ok(Report {
        checks: checks.len(),
        violations,
        cut_short,
    })
}

/// `message` with each `{?var}` (or `{$var}`) replaced by the variable's value.
fn fill(message: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(start) = rest.find("{?").or_else(|| rest.find("{$")) {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let var = &rest[start + 2..start + len];
        out.push_str(&value(var).unwrap_or_else(|| rest[start..=start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// `text` with each `<IRI>` in a known namespace written short (`ct:kind`, `cts:Statement`).
fn shortened(text: &str) -> String {
    const SHAPES_NS: &str = "https://w3id.org/claimtrace/shapes#";
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&rest[..start]);
        let iri = &rest[start + 1..start + len];
        match iri.strip_prefix(SHAPES_NS) {
            Some(local) => out.push_str(&format!("cts:{local}")),
            None => match vocab::shorten(iri) {
                Some(short) if !short.starts_with("ctid:") => out.push_str(&short),
                _ => out.push_str(&rest[start..=start + len]),
            },
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The report for people: each focus node once (its IRI whole, to paste into a query), its
/// violations under it, names of shapes and terms short.
pub fn render_text(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let mut by_focus: BTreeMap<&str, Vec<&Violation>> = BTreeMap::new();
    for v in &report.violations {
        by_focus.entry(&v.focus).or_default().push(v);
    }
    for (focus, violations) in &by_focus {
        writeln!(out, "{focus}")?;
        for v in violations {
            let value = v
                .value
                .as_deref()
                .map(|x| format!(" (value {x})"))
                .unwrap_or_default();
            let line = format!("{}: {}{value}", v.shape, v.message);
            writeln!(out, "  {}", shortened(&line))?;
        }
    }
    for c in &report.cut_short {
        writeln!(out, "{}: more violations than listed", shortened(c))?;
    }
    if report.conforms() {
        writeln!(
            out,
            "conforms: {} constraints checked, no violation",
            report.checks
        )
    } else {
        writeln!(
            out,
            "does not conform: {} violations on {} focus nodes ({} constraints checked)",
            report.violations.len(),
            by_focus.len(),
            report.checks
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_take_the_values_of_their_variables() {
        let got = fill("no person's name: {?name}, of {$this}", |v| {
            Some(format!("<{v}>"))
        });
        assert_eq!(got, "no person's name: <name>, of <this>");
        assert_eq!(fill("left {?open", |_| None), "left {?open");
    }

    #[test]
    fn the_shapes_compile_to_queries_that_parse() {
        let checks = compile(SHAPES).unwrap();
        assert!(checks.len() > 40, "{} checks", checks.len());
        for c in &checks {
            query::parse_check(&c.sparql, &[])
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", c.shape, c.sparql));
        }
    }

    #[test]
    fn what_the_compiler_does_not_know_is_refused() {
        let ttl = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<s> a sh:NodeShape ; sh:targetClass <C> ; sh:property [ sh:path <p> ; sh:xone () ] .";
        let e = compile(
            &ttl.replace("<s>", "<http://e/s>")
                .replace("<C>", "<http://e/C>")
                .replace("<p>", "<http://e/p>"),
        )
        .err()
        .unwrap();
        assert!(e.to_string().contains("sh:xone"), "{e}");
    }
}
