//! The query text as a remote server gets it: claimtrace's prefixes declared (the local store
//! predeclares them, a remote server does not), a named query's parameters bound by an inline
//! `VALUES` (the local store substitutes them in the parsed query), and the query's form, which
//! decides what to ask the server for.

use oxigraph::model::{Term, Variable};

use crate::query::all_prefixes;

/// What a query gives, so the request can ask for the matching media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// SELECT or ASK: a SPARQL result.
    Results,
    /// CONSTRUCT or DESCRIBE: RDF.
    Graph,
    /// Anything else (INSERT, DELETE, LOAD, ...): an update.
    Update,
}

/// The form of `sparql`, by its first keyword after the prologue and comments.
pub fn form(sparql: &str) -> Form {
    let mut rest = sparql;
    loop {
        rest = rest.trim_start();
        if let Some(comment) = rest.strip_prefix('#') {
            rest = comment.split_once('\n').map_or("", |(_, r)| r);
            continue;
        }
        let word: String = rest
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_uppercase();
        match word.as_str() {
            // PREFIX p: <iri> and BASE <iri>: skip past the IRI.
            "PREFIX" | "BASE" => rest = rest.split_once('>').map_or("", |(_, r)| r),
            "SELECT" | "ASK" => return Form::Results,
            "CONSTRUCT" | "DESCRIBE" => return Form::Graph,
            _ => return Form::Update,
        }
    }
}

/// `sparql` with a PREFIX line for each of claimtrace's prefixes and `extra` it uses but
/// does not declare, and `bindings` as an inline `VALUES` opening its WHERE clause.
pub fn self_contained(
    sparql: &str,
    extra: &[(String, String)],
    bindings: &[(Variable, Term)],
) -> String {
    let lower = sparql.to_ascii_lowercase();
    let mut out = String::new();
    for (prefix, iri) in all_prefixes(extra) {
        let folded = prefix.to_ascii_lowercase();
        let used = lower.contains(&format!("{folded}:"));
        let declared = lower.contains(&format!("prefix {folded}:"));
        if used && !declared {
            out.push_str(&format!("PREFIX {prefix}: <{iri}>\n"));
        }
    }
    if bindings.is_empty() {
        out.push_str(sparql);
        return out;
    }
    let values = format!(
        " VALUES ({}) {{ ({}) }} ",
        bindings
            .iter()
            .map(|(v, _)| v.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        bindings
            .iter()
            .map(|(_, t)| t.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    match pattern_brace(sparql) {
        Some(i) => {
            out.push_str(&sparql[..=i]);
            out.push_str(&values);
            out.push_str(&sparql[i + 1..]);
        }
        None => out.push_str(sparql),
    }
    out
}

/// Where the query's pattern opens: the first `{` at the outer level, past a CONSTRUCT
/// template (`CONSTRUCT { template } WHERE { pattern }`).
fn pattern_brace(sparql: &str) -> Option<usize> {
    let mut outer = braces(sparql)
        .into_iter()
        .scan(0usize, |depth, (i, c)| {
            let at = *depth;
            *depth = if c == '{' {
                at + 1
            } else {
                at.saturating_sub(1)
            };
            Some((i, c, at))
        })
        .filter(|&(_, c, depth)| c == '{' && depth == 0)
        .map(|(i, _, _)| i);
    let first = outer.next()?;
    let before = sparql[..first].trim_end().to_ascii_uppercase();
    if before.ends_with("CONSTRUCT") {
        outer.next()
    } else {
        Some(first)
    }
}

/// The `{` and `}` of the query's syntax: those outside comments, strings and IRIs.
fn braces(sparql: &str) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut chars = sparql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' | '}' => found.push((i, c)),
            '#' => {
                chars.by_ref().find(|(_, c)| *c == '\n');
            }
            '"' | '\'' => {
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    if d == c && !escaped {
                        break;
                    }
                    escaped = d == '\\' && !escaped;
                }
            }
            // An IRI, not a less-than (which whitespace or `=` follows).
            '<' if chars
                .peek()
                .is_some_and(|(_, d)| !d.is_whitespace() && *d != '=') =>
            {
                chars.by_ref().find(|(_, c)| *c == '>');
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn the_form_is_read_past_comments_and_prologue() {
        let q = "# who\nPREFIX ex: <http://e/>\nbase <http://b/>\n  select * { ?s ?p ?o }";
        assert_eq!(form(q), Form::Results);
        assert_eq!(form("ASK {}"), Form::Results);
        assert_eq!(
            form("PREFIX a: <x:>\nCONSTRUCT WHERE { ?s ?p ?o }"),
            Form::Graph
        );
        assert_eq!(form("DESCRIBE <x:a>"), Form::Graph);
        assert_eq!(form("INSERT DATA { <x:a> <x:b> <x:c> }"), Form::Update);
    }

    #[test]
    fn used_prefixes_are_declared_once_and_bindings_open_the_pattern() {
        let q = "PREFIX ct: <https://w3id.org/claimtrace/ontology#>\n\
                 SELECT ?s WHERE { ?s ct:speaker ?who ; rdfs:label ?l }";
        let who = NamedNode::new("https://w3id.org/claimtrace/id/person/x").unwrap();
        let out = self_contained(q, &[], &[(Variable::new("who").unwrap(), who.into())]);
        assert!(out.starts_with("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"));
        assert_eq!(out.matches("PREFIX ct:").count(), 1, "{out}");
        assert!(
            out.contains(
                "WHERE { VALUES (?who) { (<https://w3id.org/claimtrace/id/person/x>) }  ?s"
            ),
            "{out}"
        );
        assert!(
            oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(&out)
                .is_ok(),
            "{out}"
        );
    }

    #[test]
    fn the_pattern_opens_at_the_first_brace_outside_comments_strings_and_iris() {
        let q = "# where {a comment}\nPREFIX x: <http://e/{odd}>\nSELECT ?s WHERE { ?s ?p \"{\" }";
        assert_eq!(pattern_brace(q), q.find("{ ?s"));
        assert_eq!(pattern_brace("ASK { FILTER(1 < 2) }"), Some(4));
        assert_eq!(pattern_brace("no pattern"), None);
    }

    #[test]
    fn a_construct_template_is_passed_over() {
        let q = "CONSTRUCT { ?s ?p ?o } WHERE { { ?c ?p ?o } UNION { ?s ?p ?c } }";
        assert_eq!(pattern_brace(q), q.find("{ {"));
        let q = "construct\n{ ?s a ?o }\nwhere { ?s a ?o }";
        assert_eq!(pattern_brace(q), q.rfind("{ ?s"));
        let short = "CONSTRUCT WHERE { ?s ?p ?o }";
        assert_eq!(pattern_brace(short), Some(16));
        let c = NamedNode::new("http://e/c").unwrap();
        let out = self_contained(q, &[], &[(Variable::new("c").unwrap(), c.into())]);
        assert!(
            oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(&out)
                .is_ok(),
            "{out}"
        );
    }
}
