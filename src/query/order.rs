//! ORDER BY done once the solutions are decoded. Oxigraph's sort decodes both terms of every
//! comparison, so each IRI or string key is read from the store again about log2(n) times
//! per row (most of the time of `said-by` for a speaker of 22,000 statements). A SELECT's
//! ORDER BY is lifted out of the query: its keys become columns of the solutions (those not
//! already projected are added after the others), the solutions are sorted here by the
//! same order as Oxigraph's (unbound first, then blank nodes, IRIs, literals; literals by
//! value where SPARQL compares them, else by lexical form, datatype and language), then
//! the slice (OFFSET, LIMIT) is taken and the added columns dropped.

use std::cmp::Ordering;

use oxigraph::model::{NamedNode, Term, Variable};
use spareval::ExpressionTerm;
use spargebra::Query;
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};

/// A solution's values, by column.
type Row = Vec<Option<Term>>;

/// How to order a lifted query's solutions: each key's column and direction, how many
/// columns the query asked for, and its slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reorder {
    /// (column, descending)
    keys: Vec<(usize, bool)>,
    width: usize,
    start: usize,
    length: Option<usize>,
}

/// The query without its ORDER BY (nor the slice after it), and how to order its solutions.
/// A query whose ORDER BY cannot be lifted is left whole: not a SELECT, or a DISTINCT or
/// REDUCED one ordered by more than its columns (an added column would change what is
/// distinct).
pub fn lift(mut query: Query) -> (Query, Option<Reorder>) {
    let reorder = match &mut query {
        Query::Select { pattern, .. } => lift_pattern(pattern),
        _ => None,
    };
    (query, reorder)
}

/// A pattern in no need of its content, to swap one out of its box.
fn empty() -> GraphPattern {
    GraphPattern::Bgp {
        patterns: Vec::new(),
    }
}

/// The shape a SELECT takes: Slice? (Distinct | Reduced)? Project OrderBy.
fn lift_pattern(pattern: &mut GraphPattern) -> Option<Reorder> {
    let (mut start, mut length) = (0, None);
    let mut at = &mut *pattern;
    if let GraphPattern::Slice {
        inner,
        start: s,
        length: l,
    } = at
    {
        (start, length) = (*s, *l);
        at = inner;
    }
    let distinct = matches!(
        at,
        GraphPattern::Distinct { .. } | GraphPattern::Reduced { .. }
    );
    if let GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } = at {
        at = inner;
    }
    let GraphPattern::Project { inner, variables } = at else {
        return None;
    };
    let GraphPattern::OrderBy { expression, .. } = inner.as_ref() else {
        return None;
    };
    let width = variables.len();
    let mut keys = Vec::new();
    let mut added: Vec<(Variable, Expression)> = Vec::new();
    for (i, order) in expression.iter().enumerate() {
        let (expression, descending) = match order {
            OrderExpression::Asc(e) => (e, false),
            OrderExpression::Desc(e) => (e, true),
        };
        let projected = match expression {
            Expression::Variable(v) => variables.iter().position(|p| p == v),
            _ => None,
        };
        let column = match projected {
            Some(column) => column,
            None if distinct => return None,
            None => {
                let key = Variable::new_unchecked(format!("_claimtrace_order_{i}"));
                added.push((key, expression.clone()));
                width + added.len() - 1
            }
        };
        keys.push((column, descending));
    }
    // The OrderBy's input, each added key bound by an Extend, in the OrderBy's place.
    if let GraphPattern::OrderBy { inner: source, .. } = std::mem::replace(&mut **inner, empty()) {
        let mut extended = *source;
        for (variable, expression) in added {
            variables.push(variable.clone());
            extended = GraphPattern::Extend {
                inner: Box::new(extended),
                variable,
                expression,
            };
        }
        **inner = extended;
    }
    if let GraphPattern::Slice { inner, .. } = pattern {
        let unsliced = std::mem::replace(&mut **inner, empty());
        *pattern = unsliced;
    }
    Some(Reorder {
        keys,
        width,
        start,
        length,
    })
}

impl Reorder {
    /// Puts `rows` (solutions of the lifted query, `vars` its columns) in order, takes the
    /// slice, and leaves the columns the query asked for.
    pub fn apply(&self, vars: &mut Vec<Variable>, rows: &mut Vec<Row>) {
        // Each key converted once, not at every comparison.
        let mut keyed: Vec<(Vec<Option<ExpressionTerm>>, Row)> = rows
            .drain(..)
            .map(|row| {
                let key = self
                    .keys
                    .iter()
                    .map(|(c, _)| row.get(*c).cloned().flatten().map(ExpressionTerm::from))
                    .collect();
                (key, row)
            })
            .collect();
        keyed.sort_by(|(a, _), (b, _)| {
            for ((x, y), (_, descending)) in a.iter().zip(b).zip(&self.keys) {
                let order = compare(x.as_ref(), y.as_ref());
                let order = if *descending { order.reverse() } else { order };
                if order != Ordering::Equal {
                    return order;
                }
            }
            Ordering::Equal
        });
        *rows = keyed
            .into_iter()
            .skip(self.start)
            .take(self.length.unwrap_or(usize::MAX))
            .map(|(_, mut row)| {
                row.truncate(self.width);
                row
            })
            .collect();
        vars.truncate(self.width);
    }
}

/// SPARQL's ORDER BY order, as Oxigraph gives it (spareval's `cmp_terms`).
fn compare(a: Option<&ExpressionTerm>, b: Option<&ExpressionTerm>) -> Ordering {
    use ExpressionTerm as T;
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        (a, b) => return a.is_some().cmp(&b.is_some()),
    };
    match (a, b) {
        (T::BlankNode(a), T::BlankNode(b)) => a.as_str().cmp(b.as_str()),
        (T::BlankNode(_), _) => Ordering::Less,
        (_, T::BlankNode(_)) => Ordering::Greater,
        (T::NamedNode(a), T::NamedNode(b)) => a.as_str().cmp(b.as_str()),
        (T::NamedNode(_), _) => Ordering::Less,
        (_, T::NamedNode(_)) => Ordering::Greater,
        _ => compare_literals(a, b).unwrap_or_else(|| lexical(a).cmp(&lexical(b))),
    }
}

/// A literal's lexical form, datatype and language: the order of literals SPARQL does not
/// compare (an integer and a string).
fn lexical(t: &ExpressionTerm) -> Option<(String, NamedNode, Option<String>)> {
    match Term::from(t.clone()) {
        Term::Literal(l) => Some((
            l.value().to_string(),
            l.datatype().into_owned(),
            l.language().map(str::to_string),
        )),
        _ => None,
    }
}

/// Literals SPARQL compares: strings, numbers of any numeric type, and dates, times and
/// durations of one type each (spareval's `partial_cmp_literals`).
fn compare_literals(a: &ExpressionTerm, b: &ExpressionTerm) -> Option<Ordering> {
    use ExpressionTerm as T;
    match (a, b) {
        (T::StringLiteral(a), T::StringLiteral(b)) => a.partial_cmp(b),
        (
            T::LangStringLiteral {
                value: va,
                language: la,
            },
            T::LangStringLiteral {
                value: vb,
                language: lb,
            },
        ) if la == lb => va.partial_cmp(vb),
        (T::FloatLiteral(a), T::FloatLiteral(b)) => a.partial_cmp(b),
        (T::FloatLiteral(a), T::DoubleLiteral(b)) => {
            b.partial_cmp(&(*a).into()).map(Ordering::reverse)
        }
        (T::FloatLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::FloatLiteral(a), T::DecimalLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::DoubleLiteral(a), T::FloatLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::DoubleLiteral(a), T::DoubleLiteral(b)) => a.partial_cmp(b),
        (T::DoubleLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::DoubleLiteral(a), T::DecimalLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::IntegerLiteral(a), T::FloatLiteral(b)) => {
            b.partial_cmp(&(*a).into()).map(Ordering::reverse)
        }
        (T::IntegerLiteral(a), T::DoubleLiteral(b)) => {
            b.partial_cmp(&(*a).into()).map(Ordering::reverse)
        }
        (T::IntegerLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(b),
        (T::IntegerLiteral(a), T::DecimalLiteral(b)) => {
            b.partial_cmp(&(*a).into()).map(Ordering::reverse)
        }
        (T::DecimalLiteral(a), T::FloatLiteral(b)) => {
            b.partial_cmp(&(*a).into()).map(Ordering::reverse)
        }
        (T::DecimalLiteral(a), T::DoubleLiteral(b)) => {
            b.partial_cmp(&(*a).into()).map(Ordering::reverse)
        }
        (T::DecimalLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::DecimalLiteral(a), T::DecimalLiteral(b)) => a.partial_cmp(b),
        (T::DateTimeLiteral(a), T::DateTimeLiteral(b)) => a.partial_cmp(b),
        (T::DateLiteral(a), T::DateLiteral(b)) => a.partial_cmp(b),
        (T::TimeLiteral(a), T::TimeLiteral(b)) => a.partial_cmp(b),
        (T::GYearMonthLiteral(a), T::GYearMonthLiteral(b)) => a.partial_cmp(b),
        (T::GYearLiteral(a), T::GYearLiteral(b)) => a.partial_cmp(b),
        (T::GMonthDayLiteral(a), T::GMonthDayLiteral(b)) => a.partial_cmp(b),
        (T::GDayLiteral(a), T::GDayLiteral(b)) => a.partial_cmp(b),
        (T::GMonthLiteral(a), T::GMonthLiteral(b)) => a.partial_cmp(b),
        (T::DurationLiteral(a), T::DurationLiteral(b)) => a.partial_cmp(b),
        (T::DurationLiteral(a), T::YearMonthDurationLiteral(b)) => a.partial_cmp(b),
        (T::DurationLiteral(a), T::DayTimeDurationLiteral(b)) => a.partial_cmp(b),
        (T::YearMonthDurationLiteral(a), T::DurationLiteral(b)) => a.partial_cmp(b),
        (T::YearMonthDurationLiteral(a), T::YearMonthDurationLiteral(b)) => a.partial_cmp(b),
        (T::YearMonthDurationLiteral(a), T::DayTimeDurationLiteral(b)) => a.partial_cmp(b),
        (T::DayTimeDurationLiteral(a), T::DurationLiteral(b)) => a.partial_cmp(b),
        (T::DayTimeDurationLiteral(a), T::YearMonthDurationLiteral(b)) => a.partial_cmp(b),
        (T::DayTimeDurationLiteral(a), T::DayTimeDurationLiteral(b)) => a.partial_cmp(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Outcome, execute};
    use crate::store::Store;
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};

    fn lifted(sparql: &str) -> Option<Reorder> {
        lift(spargebra::SparqlParser::new().parse_query(sparql).unwrap()).1
    }

    #[test]
    fn keys_among_the_columns_add_none_the_others_come_after_them() {
        let r = lifted("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY DESC(?b) ?a").unwrap();
        assert_eq!((r.keys, r.width), (vec![(1, true), (0, false)], 2));
        let r = lifted("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b LIMIT 5 OFFSET 2").unwrap();
        assert_eq!(
            (r.keys, r.width, r.start, r.length),
            (vec![(1, false)], 1, 2, Some(5))
        );
        // DISTINCT ordered by its columns is lifted; by anything else it is left whole.
        assert!(lifted("SELECT DISTINCT ?a WHERE { ?a ?p ?b } ORDER BY ?a").is_some());
        assert!(lifted("SELECT DISTINCT ?a WHERE { ?a ?p ?b } ORDER BY ?b").is_none());
        assert!(lifted("SELECT ?a WHERE { ?a ?p ?b } LIMIT 3").is_none());
        assert!(lifted("ASK { ?a ?p ?b }").is_none());
    }

    /// Oxigraph's own answer: its ORDER BY, the union of all graphs as the default graph.
    fn oxigraph_rows(store: &Store, sparql: &str) -> Vec<Row> {
        let mut prepared = SparqlEvaluator::new().parse_query(sparql).unwrap();
        prepared.dataset_mut().set_default_graph_as_union();
        let QueryResults::Solutions(solutions) = store.query(prepared).unwrap() else {
            panic!("a SELECT");
        };
        solutions.map(|s| s.unwrap().values().to_vec()).collect()
    }

    #[test]
    fn solutions_come_in_oxigraph_s_order_for_terms_of_every_kind() {
        let store = Store::memory().unwrap();
        let data = r#"
            PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
            PREFIX : <http://example.org/>
            INSERT DATA { GRAPH :g {
                :n1 :num 10 . :n2 :num 9.5 . :n3 :num "2e0"^^xsd:double . :n4 :num -3 .
                :n5 :num "1.5"^^xsd:float . :n6 :num 10.0 .
                :d1 :when "2020-01-01T10:00:00+02:00"^^xsd:dateTime .
                :d2 :when "2020-01-01T09:00:00Z"^^xsd:dateTime .
                :d3 :when "2019-12-31T23:30:00-01:00"^^xsd:dateTime .
                :s1 :text "apple" . :s2 :text "Apple"@en . :s3 :text "banana"@fr .
                :s4 :text "Éclair" . :s5 :text "zebra" . :s6 :text "apple"@en .
                :k1 :any :iri . :k2 :any _:b . :k3 :any "lit" . :k4 :any 4 .
                :k1 :tag "one" . :k3 :tag "three" .
            } }"#;
        execute(&store, data, &[], None).unwrap();
        for sparql in [
            "SELECT ?s ?o WHERE { ?s <http://example.org/num> ?o } ORDER BY ?o ?s",
            "SELECT ?s WHERE { ?s <http://example.org/num> ?o } ORDER BY DESC(?o) ?s",
            "SELECT ?s ?o WHERE { ?s <http://example.org/when> ?o } ORDER BY ?o",
            "SELECT ?s WHERE { ?s <http://example.org/when> ?o } ORDER BY DESC(?o)",
            "SELECT ?o WHERE { ?s <http://example.org/text> ?o } ORDER BY ?o",
            "SELECT ?s WHERE { ?s <http://example.org/text> ?o } ORDER BY STR(?o) ?s LIMIT 3 OFFSET 1",
            "SELECT ?s ?t WHERE { ?s <http://example.org/any> ?o OPTIONAL { ?s <http://example.org/tag> ?t } } ORDER BY ?o",
            "SELECT ?s WHERE { ?s <http://example.org/any> ?o OPTIONAL { ?s <http://example.org/tag> ?t } } ORDER BY DESC(?t) ?s",
            "SELECT (MIN(?o) AS ?least) ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isNumeric(?o)) } GROUP BY ?g ORDER BY ?least",
            "SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY DESC(?p)",
        ] {
            let Outcome::Solutions { rows, .. } = execute(&store, sparql, &[], None).unwrap()
            else {
                panic!("{sparql}: not solutions");
            };
            assert_eq!(rows, oxigraph_rows(&store, sparql), "{sparql}");
        }
    }
}
