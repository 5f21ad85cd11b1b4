//! Tab completion from an index of the store (`index`), never a store scan per keystroke:
//! keywords and functions, declared prefixes, the local names that exist under a prefix
//! (classes after `a`, predicates after a subject), speakers' and outlets' labels inside
//! string literals, variables of the query, meta-commands and their arguments.

use super::index::CompletionIndex;
use super::meta;

/// SPARQL keywords and built-in functions, completed in upper case.
pub const KEYWORDS: &[&str] = &[
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
    "USING",
    "NAMED",
    "FROM",
    "CLEAR",
    "DROP",
    "CREATE",
    "LOAD",
    "SILENT",
    "DEFAULT",
    "ALL",
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
    "LANGMATCHES",
    "DATATYPE",
    "IRI",
    "URI",
    "BNODE",
    "RAND",
    "ABS",
    "CEIL",
    "FLOOR",
    "ROUND",
    "CONCAT",
    "STRLEN",
    "UCASE",
    "LCASE",
    "ENCODE_FOR_URI",
    "CONTAINS",
    "STRSTARTS",
    "STRENDS",
    "STRBEFORE",
    "STRAFTER",
    "YEAR",
    "MONTH",
    "DAY",
    "HOURS",
    "MINUTES",
    "SECONDS",
    "TIMEZONE",
    "TZ",
    "NOW",
    "UUID",
    "STRUUID",
    "MD5",
    "SHA1",
    "SHA256",
    "SHA512",
    "COALESCE",
    "IF",
    "STRLANG",
    "STRDT",
    "SAMETERM",
    "ISIRI",
    "ISURI",
    "ISBLANK",
    "ISLITERAL",
    "ISNUMERIC",
    "REGEX",
    "SUBSTR",
    "REPLACE",
    "BOUND",
    "TRUE",
    "FALSE",
];

/// Where in a triple pattern the cursor is.
#[derive(Debug, PartialEq, Eq)]
enum Position {
    Subject,
    Predicate,
    /// Right after `a`.
    Class,
    Object,
}

/// Completes the text before `pos` in `buffer` (the whole, possibly multi-line, input):
/// where the replaced word starts, and the candidates.
pub fn complete(
    index: &CompletionIndex,
    prefixes: &[(String, String)],
    buffer: &str,
    pos: usize,
) -> (usize, Vec<String>) {
    let before = &buffer[..pos];
    if let Some(open) = super::lexical::scan(before).open_string {
        return (open, index.data.labels.starting_with(&before[open..], 200));
    }
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '?' | '$' | '.' | '-')))
        .map_or(0, |i| i + 1);
    let word = &before[start..];
    if word.starts_with('.') && before[..start].trim().is_empty() {
        let names = meta::COMMANDS.iter().map(|c| format!(".{}", c.name));
        return (start, starting_with(names, word));
    }
    if let Some((name, args)) = meta_argument(before) {
        let s = pos - args.len();
        let options = meta::find(name).map_or_else(Vec::new, |c| (c.arguments)());
        return (s, starting_with(options.into_iter(), args));
    }
    if word.is_empty() {
        return (pos, Vec::new());
    }
    if word.starts_with('?') || word.starts_with('$') {
        let mut vars: Vec<String> = variables(buffer)
            .into_iter()
            .filter(|v| v.starts_with(&word[1..]) && v.len() > word.len() - 1)
            .map(|v| format!("{}{v}", &word[..1]))
            .collect();
        vars.sort();
        vars.dedup();
        return (start, vars);
    }
    let all_prefixes: Vec<(String, String)> = crate::query::all_prefixes(prefixes)
        .chain(declared_prefixes(buffer))
        .collect();
    if let Some((p, local)) = word.split_once(':') {
        let Some((_, ns)) = all_prefixes.iter().rev().find(|(q, _)| q == p) else {
            return (start, Vec::new());
        };
        // The ontology's terms follow the usual casing: classes capitalised, properties not.
        let capitalised = |iri: &&String| {
            iri.rsplit(['#', '/'])
                .next()
                .and_then(|local| local.chars().next())
                .is_some_and(char::is_uppercase)
        };
        let pool: Vec<&String> = match position(&before[..start]) {
            Position::Class => index
                .data
                .classes
                .iter()
                .chain(index.terms.iter().filter(capitalised))
                .collect(),
            Position::Predicate => index
                .data
                .predicates
                .iter()
                .chain(index.terms.iter().filter(|t| !capitalised(t)))
                .collect(),
            _ => index
                .terms
                .iter()
                .chain(&index.data.predicates)
                .chain(&index.data.classes)
                .collect(),
        };
        let wanted = format!("{ns}{local}");
        let mut out: Vec<String> = pool
            .into_iter()
            .filter(|iri| iri.starts_with(&wanted))
            .filter_map(|iri| {
                let rest = &iri[ns.len()..];
                // Only names that stay a prefixed name ("ct:Claim", not "ct:a/b").
                (!rest.is_empty() && rest.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    .then(|| format!("{p}:{rest}"))
            })
            .collect();
        out.sort();
        out.dedup();
        return (start, out);
    }
    let upper = word.to_ascii_uppercase();
    let place = position(&before[..start]);
    // No keyword goes where a predicate or class does.
    let mut out: Vec<String> = KEYWORDS
        .iter()
        .filter(|k| k.starts_with(&upper))
        .filter(|_| !matches!(place, Position::Predicate | Position::Class))
        .map(|k| k.to_string())
        .collect();
    out.extend(
        all_prefixes
            .iter()
            .map(|(p, _)| format!("{p}:"))
            .filter(|p| p.starts_with(word)),
    );
    if place == Position::Class {
        out.clear();
    }
    out.dedup();
    (start, out)
}

fn starting_with(options: impl Iterator<Item = String>, typed: &str) -> Vec<String> {
    options.filter(|o| o.starts_with(typed)).collect()
}

/// For ".run sta", the command name and its argument typed so far.
fn meta_argument(before: &str) -> Option<(&str, &str)> {
    let line = before.trim_start();
    let rest = line.strip_prefix('.')?;
    let (name, args) = rest.split_once(' ')?;
    (!args.contains(' ')).then_some((name, args))
}

/// The variables named anywhere in the input, without their `?`.
fn variables(buffer: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = buffer;
    while let Some(i) = rest.find(['?', '$']) {
        let name: String = rest[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name.clone());
        }
        rest = &rest[i + 1 + name.len()..];
    }
    out
}

/// `PREFIX name: <iri>` declarations in the input.
fn declared_prefixes(buffer: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lower = buffer.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("prefix") {
        let at = from + i + "prefix".len();
        from = at;
        let rest = buffer[at..].trim_start();
        let Some((name, after)) = rest.split_once(':') else {
            continue;
        };
        let Some(iri) = after
            .trim_start()
            .strip_prefix('<')
            .and_then(|r| r.split_once('>'))
            .map(|(iri, _)| iri)
        else {
            continue;
        };
        if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.push((name.to_string(), iri.to_string()));
        }
    }
    out
}

/// Where the next token goes, from the tokens since the last `{`, `.` or `;`.
fn position(before: &str) -> Position {
    let cut = before.rfind(['{', '}', '.', ';', ',']).map_or(0, |i| i + 1);
    let mark = before[..cut].chars().last();
    let tokens: Vec<&str> = before[cut..].split_whitespace().collect();
    match (mark, tokens.as_slice()) {
        (_, [.., "a"]) => Position::Class,
        // Outside a group: a query's clauses, not a triple pattern.
        (None | Some('}'), _) => Position::Subject,
        (Some(';'), []) => Position::Predicate,
        (Some(','), []) => Position::Object,
        (_, []) => Position::Subject,
        (_, [_]) => Position::Predicate,
        _ => Position::Object,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::vocab::PREFIXES;
    use crate::repl::index::{InData, Labels};

    fn known_namespace(prefix: &str) -> Option<&'static str> {
        PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, i)| *i)
    }

    fn index() -> CompletionIndex {
        let ct = known_namespace("ct").unwrap();
        let schema = known_namespace("schema").unwrap();
        CompletionIndex {
            terms: vec![
                format!("{ct}Statement"),
                format!("{ct}speaker"),
                format!("{ct}Outlet"),
            ],
            data: InData {
                predicates: vec![format!("{ct}speaker"), format!("{schema}name")],
                classes: vec![format!("{ct}Statement"), format!("{schema}Person")],
                // Not in order: Labels sorts them.
                labels: Labels::new([
                    "RIA Novosti".into(),
                    "Donald Trump".into(),
                    "Dmitry Peskov".into(),
                ]),
            },
        }
    }

    fn words(buffer: &str) -> Vec<String> {
        complete(&index(), &[], buffer, buffer.len()).1
    }

    #[test]
    fn keywords_complete_in_upper_case() {
        assert_eq!(words("SEL"), ["SELECT"]);
        assert_eq!(words("sel"), ["SELECT"]);
        assert_eq!(words("SELECT DIS"), ["DISTINCT"]);
        assert!(words("SELECT * { ?s ?p ?o } ORDER B").contains(&"BY".to_string()));
    }

    #[test]
    fn context_picks_classes_or_predicates() {
        assert_eq!(words("SELECT * { ?s a ct:"), ["ct:Outlet", "ct:Statement"]);
        assert_eq!(words("SELECT * { ?s ct:sp"), ["ct:speaker"]);
        assert_eq!(words("SELECT * { ?s schema:"), ["schema:name"]);
        assert!(words("SELECT * { ?s a schema:").contains(&"schema:Person".to_string()));
    }

    #[test]
    fn labels_complete_inside_strings() {
        assert_eq!(
            words("SELECT * { ?s rdfs:label \"d"),
            ["Dmitry Peskov", "Donald Trump"]
        );
        assert_eq!(complete(&index(), &[], "x \"Dm", 5).0, 3);
    }

    #[test]
    fn variables_meta_commands_and_prefixes() {
        assert_eq!(words("SELECT ?speaker WHERE { ?sp"), ["?speaker"]);
        assert_eq!(words(".ti"), [".timer", ".timeout"]);
        assert_eq!(words(".run sp"), ["speakers"]);
        assert_eq!(words("PREFIX ex: <http://e/> SELECT * { ?s e"), ["ex:"]);
        assert!(words("sch").contains(&"schema:".to_string()));
    }
}
