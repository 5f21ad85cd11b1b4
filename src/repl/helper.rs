//! The rustyline helper: decides when a multi-line query is complete, and completes
//! keywords and prefixes.

use std::borrow::Cow;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper, Result};

use crate::graph::vocab::PREFIXES;

const KEYWORDS: &[&str] = &[
    "SELECT",
    "DISTINCT",
    "REDUCED",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "SERVICE",
    "BIND",
    "VALUES",
    "GROUP",
    "BY",
    "HAVING",
    "ORDER",
    "ASC",
    "DESC",
    "LIMIT",
    "OFFSET",
    "CONSTRUCT",
    "DESCRIBE",
    "ASK",
    "PREFIX",
    "BASE",
    "INSERT",
    "DELETE",
    "DATA",
    "WITH",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "SAMPLE",
    "GROUP_CONCAT",
    "SEPARATOR",
    "AS",
    "NOT",
    "EXISTS",
    "IN",
    "STR",
    "LANG",
    "DATATYPE",
    "CONTAINS",
    "STRSTARTS",
    "REGEX",
    "LCASE",
    "UCASE",
    "COALESCE",
    "IF",
    "BOUND",
    "CONCAT",
    "YEAR",
    "NOW",
];

pub struct ReplHelper;

impl ReplHelper {
    pub fn new() -> Self {
        ReplHelper
    }
}

/// Braces, brackets and parentheses balanced outside strings, IRIs and comments.
fn balanced(s: &str) -> bool {
    let mut depth: i32 = 0;
    let mut chars = s.chars().peekable();
    let mut in_str: Option<char> = None;
    while let Some(c) = chars.next() {
        match in_str {
            Some(q) => {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    in_str = None;
                }
            }
            None => match c {
                '"' | '\'' => in_str = Some(c),
                '#' => {
                    for d in chars.by_ref() {
                        if d == '\n' {
                            break;
                        }
                    }
                }
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth -= 1,
                _ => {}
            },
        }
    }
    depth <= 0 && in_str.is_none()
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> Result<ValidationResult> {
        let input = ctx.input();
        let t = input.trim();
        // Meta-commands, explicit ends and an empty last line (Enter twice) run at once.
        if t.is_empty() || t.starts_with('.') || t.ends_with(';') || input.ends_with("\n") {
            return Ok(ValidationResult::Valid(None));
        }
        if balanced(t) && crate::query::parse_check(t, &[]).is_ok() {
            return Ok(ValidationResult::Valid(None));
        }
        Ok(ValidationResult::Incomplete)
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |i| i + 1);
        let word = &line[start..pos];
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let upper = word.to_ascii_uppercase();
        let mut out: Vec<Pair> = KEYWORDS
            .iter()
            .filter(|k| k.starts_with(&upper))
            .map(|k| Pair {
                display: k.to_string(),
                replacement: k.to_string(),
            })
            .collect();
        out.extend(
            PREFIXES
                .iter()
                .map(|(p, _)| format!("{p}:"))
                .filter(|p| p.starts_with(word))
                .map(|p| Pair {
                    display: p.clone(),
                    replacement: p,
                }),
        );
        Ok((start, out))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Borrowed(line)
    }
}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::balanced;

    #[test]
    fn balance_ignores_strings_and_comments() {
        assert!(balanced("SELECT * { ?s ?p \"}\" }"));
        assert!(!balanced("SELECT * { ?s ?p ?o"));
        assert!(balanced("SELECT * { # {\n ?s ?p ?o }"));
    }
}
