//! The terminal's size, for tables that fit it.

use std::io::{self, IsTerminal};

/// The terminal's height in rows (24 when unknown).
pub fn height() -> usize {
    console::Term::stdout()
        .size_checked()
        .map_or(24, |(rows, _)| usize::from(rows))
}

/// The terminal's width when stdout is a terminal (`COLUMNS` first, for tests and pipes
/// through `script`).
pub fn width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols))
        })
        .or(Some(160))
}
