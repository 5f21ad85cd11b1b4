//! The rustyline helper: decides when a multi-line query is complete, completes from the
//! index, highlights.

use std::borrow::Cow;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper, Result};

use std::sync::{Arc, RwLock};

use super::complete::{self, CompletionIndex};
use super::highlight;

/// What the helper shares with the session: the completion index (rebuilt after `.load`)
/// and the prefixes declared with `.prefix`.
#[derive(Default)]
pub struct Shared {
    pub index: CompletionIndex,
    pub prefixes: Vec<(String, String)>,
}

pub struct ReplHelper {
    pub shared: Arc<RwLock<Shared>>,
    /// Colours on, unless NO_COLOR is set.
    colour: bool,
}

impl ReplHelper {
    pub fn new(shared: Arc<RwLock<Shared>>) -> Self {
        ReplHelper {
            shared,
            colour: std::env::var_os("NO_COLOR").is_none(),
        }
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
        let prefixes = self
            .shared
            .read()
            .map(|s| s.prefixes.clone())
            .unwrap_or_default();
        if balanced(t) && crate::query::parse_check(t, &prefixes).is_ok() {
            return Ok(ValidationResult::Valid(None));
        }
        Ok(ValidationResult::Incomplete)
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Result<(usize, Vec<Pair>)> {
        let Ok(shared) = self.shared.read() else {
            return Ok((pos, Vec::new()));
        };
        let (start, words) = complete::complete(&shared.index, &shared.prefixes, line, pos);
        Ok((
            start,
            words
                .into_iter()
                .map(|w| Pair {
                    display: w.clone(),
                    replacement: w,
                })
                .collect(),
        ))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.colour {
            Cow::Owned(highlight::highlight(line))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.colour
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
