//! Values given for a named query's parameters (`.run NAME VAR=VALUE`).

use oxigraph::model::{Literal, NamedNode, Term};

use super::prefixes::all_prefixes;

/// A value given on the command line for a query parameter: `<IRI>`, `prefix:name`, a
/// number, `true`/`false`, a quoted or bare string.
pub fn parse_value(value: &str, extra: &[(String, String)]) -> Result<Term, String> {
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
