//! The rustyline helper: decides when a multi-line query is complete, completes from the
//! index, highlights.

use std::borrow::Cow;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper, Result};

use std::sync::{Arc, RwLock};

use super::complete;
use super::highlight;
use super::index::Shared;
use super::lexical::balanced;

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

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> Result<ValidationResult> {
        let input = ctx.input();
        let t = input.trim();
        // Meta-commands, explicit ends and an empty last line (Enter twice) run at once; a
        // `;` inside braces separates predicates and is no end.
        let ended = t.ends_with(';') && balanced(t);
        if t.is_empty() || t.starts_with('.') || ended || input.ends_with("\n") {
            return Ok(ValidationResult::Valid(None));
        }
        // A one-line query runs on Enter once its braces close (a syntax error shows at
        // once); a longer one waits for `;` or an empty line, since a complete query may
        // still take ORDER BY or LIMIT lines.
        if input.contains('\n') || !balanced(t) {
            return Ok(ValidationResult::Incomplete);
        }
        if t.contains('}') {
            return Ok(ValidationResult::Valid(None));
        }
        let prefixes = self
            .shared
            .read()
            .map(|s| s.prefixes.clone())
            .unwrap_or_default();
        if crate::query::parse_check(t, &prefixes).is_ok() {
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
