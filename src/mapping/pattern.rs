//! How the mapping says where to read back what it wrote.

use oxigraph::model::{NamedNode, NamedNodeRef, Term};

/// A quad pattern for the store to look up; `None` matches anything.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub subject: Option<NamedNode>,
    pub predicate: Option<NamedNodeRef<'static>>,
    pub object: Option<Term>,
    pub graph: Option<NamedNode>,
}
