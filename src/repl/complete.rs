//! Tab completion from an index of the store, built once (and again after `.load`), never a
//! store scan per keystroke: keywords and functions, declared prefixes, the local names that
//! exist under a prefix (classes after `a`, predicates after a subject), speakers' and
//! outlets' labels inside string literals, variables of the query, meta-commands.

use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Term};

use crate::query::Outcome;
use crate::store::Store;

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

/// Meta-commands, for completion after a leading dot.
pub const META: &[&str] = &[
    ".help", ".quit", ".mode", ".prefix", ".timer", ".timeout", ".explain", ".queries", ".run",
    ".load", ".export", ".graphs", ".stats", ".maxrows", ".trace",
];

/// What completion knows of the store.
#[derive(Debug, Default, Clone)]
pub struct CompletionIndex {
    /// Every IRI the ontology describes, sorted.
    pub terms: Vec<String>,
    /// What the data uses: read by a scan, off the prompt's thread.
    pub data: InData,
}

/// What completion reads from the data: seconds on a large store (tens of thousands of names
/// to decode), so a session reads it on another thread and keeps the last one until then.
#[derive(Debug, Default, Clone)]
pub struct InData {
    /// IRIs used as predicates, sorted.
    pub predicates: Vec<String>,
    /// IRIs used as classes (objects of rdf:type), sorted.
    pub classes: Vec<String>,
    /// Names of speakers and outlets.
    pub labels: Labels,
}

impl CompletionIndex {
    /// The ontology's terms: a small graph, read at once.
    pub fn ontology(store: &Store) -> Vec<String> {
        let graph = store.ids.ontology_graph();
        let mut terms = Vec::new();
        for q in store
            .inner
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .flatten()
        {
            if let NamedOrBlankNode::NamedNode(n) = q.subject {
                terms.push(n.into_string());
            }
            terms.push(q.predicate.into_string());
        }
        terms.sort();
        terms.dedup();
        terms
    }
}

impl InData {
    /// The predicates and classes in use and the registry's names (the registry describes
    /// every agent once).
    pub fn read(store: &Store) -> Self {
        let column = |sparql: &str| -> Vec<Term> {
            match crate::query::execute(store, sparql, &[], None) {
                Ok(Outcome::Solutions { rows, .. }) => rows
                    .into_iter()
                    .filter_map(|row| row.into_iter().next().flatten())
                    .collect(),
                _ => Vec::new(),
            }
        };
        let iris = |sparql: &str| -> Vec<String> {
            let mut iris: Vec<String> = column(sparql)
                .into_iter()
                .filter_map(|t| match t {
                    Term::NamedNode(n) => Some(n.into_string()),
                    _ => None,
                })
                .collect();
            iris.sort();
            iris
        };
        let names = column(&format!(
            "SELECT DISTINCT ?name WHERE {{ GRAPH <{}> {{ ?agent <http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}",
            store.ids.registry_graph().as_str()
        ))
        .into_iter()
        .filter_map(|t| match t {
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        });
        InData {
            predicates: iris("SELECT DISTINCT ?p WHERE { ?s ?p ?o }"),
            classes: iris("SELECT DISTINCT ?c WHERE { ?s a ?c }"),
            labels: Labels::new(names),
        }
    }
}

/// Names sorted by their lower-case form, so the names that start with what was typed are
/// found by binary search (a large store names tens of thousands of agents).
#[derive(Debug, Default, Clone)]
pub struct Labels {
    folded: Vec<String>,
    names: Vec<String>,
}

impl Labels {
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        let mut pairs: Vec<(String, String)> =
            names.into_iter().map(|n| (n.to_lowercase(), n)).collect();
        pairs.sort();
        pairs.dedup();
        let (folded, names) = pairs.into_iter().unzip();
        Labels { folded, names }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.names.get(i).map(String::as_str)
    }

    /// The names starting with `typed`, ignoring case, at most `limit`.
    pub fn starting_with(&self, typed: &str, limit: usize) -> Vec<String> {
        let typed = typed.to_lowercase();
        let first = self.folded.partition_point(|f| f.as_str() < typed.as_str());
        self.folded[first..]
            .iter()
            .zip(&self.names[first..])
            .take_while(|(f, _)| f.starts_with(&typed))
            .take(limit)
            .map(|(_, n)| n.clone())
            .collect()
    }
}

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
        return (start, starting_with(META.iter().copied(), word));
    }
    if let Some((name, args)) = meta_argument(before) {
        let s = pos - args.len();
        let options: Vec<&str> = match name {
            "run" => crate::queries::names(),
            "mode" => vec!["table", "vertical", "csv", "tsv", "json", "xml"],
            "timer" => vec!["on", "off"],
            "export" => vec!["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"],
            "trace" => vec!["--speaker", "--outlet", "--claim"],
            _ => Vec::new(),
        };
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

fn starting_with<'a>(options: impl Iterator<Item = &'a str>, typed: &str) -> Vec<String> {
    options
        .filter(|o| o.starts_with(typed))
        .map(str::to_string)
        .collect()
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
    use crate::graph::vocab::PREFIXES;

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
