//! What a query or update gave, and the forms it can be shown in.

use oxigraph::model::{Term, Triple, Variable};

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
