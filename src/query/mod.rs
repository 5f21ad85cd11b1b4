//! Running SPARQL over the store: the union of all graphs as the default graph, the common
//! prefixes predeclared, cancellation by token. Syntax errors are explained in `diagnose`,
//! results written in `render`, plans in `plan`.

mod diagnose;
mod order;
mod outcome;
mod plan;
mod prefixes;
mod render;
mod value;

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, PreparedSparqlUpdate, QueryEvaluationError,
    QueryResults, SparqlEvaluator, SparqlSyntaxError, UpdateEvaluationError,
};
use spargebra::SparqlParser;

use crate::store::{Store, StoreError};
pub use order::Reorder;
pub use outcome::{Outcome, ResultsFormat};
pub use prefixes::all_prefixes;
pub use render::{View, display_term, render};
pub use value::parse_value;

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("SPARQL syntax error: {message}")]
    Syntax {
        /// Where and what, with the line and a caret (see `diagnose`).
        message: String,
        #[source]
        source: SparqlSyntaxError,
    },
    #[error("query failed: {0}")]
    Evaluation(#[source] QueryEvaluationError),
    #[error("query failed: {0}")]
    Update(#[source] UpdateEvaluationError),
    #[error("query cancelled")]
    Cancelled,
    #[error("an update has no plan to show; .explain takes a query")]
    NoPlan,
    #[error("the query's thread ended without an answer")]
    Lost,
    #[error("this is an update, not a query: {0}")]
    NotAQuery(&'static str),
    #[error("this is a query, not an update: {0}")]
    NotAnUpdate(&'static str),
    #[error("query failed: {0}")]
    Store(#[from] StoreError),
    #[error("query failed: {0}")]
    Remote(#[from] crate::remote::RemoteError),
}

impl From<QueryEvaluationError> for QueryError {
    fn from(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Cancelled => QueryError::Cancelled,
            e => QueryError::Evaluation(e),
        }
    }
}

impl From<UpdateEvaluationError> for QueryError {
    /// Oxigraph has no cancelled variant for updates: a cancelled query inside one comes
    /// boxed, and is found by its type.
    fn from(e: UpdateEvaluationError) -> Self {
        match &e {
            UpdateEvaluationError::Unexpected(inner)
                if matches!(
                    inner.downcast_ref::<QueryEvaluationError>(),
                    Some(QueryEvaluationError::Cancelled)
                ) =>
            {
                QueryError::Cancelled
            }
            _ => QueryError::Update(e),
        }
    }
}

fn evaluator(extra: &[(String, String)], cancel: Option<&CancellationToken>) -> SparqlEvaluator {
    let mut e = SparqlEvaluator::new();
    for (p, iri) in all_prefixes(extra) {
        e = e
            .with_prefix(p, iri)
            .expect("known prefixes are valid IRIs");
    }
    if let Some(c) = cancel {
        e = e.with_cancellation_token(c.clone());
    }
    e
}

/// A parsed query (the union of all graphs as its default graph) or update; cloned to run
/// again with other bindings.
#[derive(Clone)]
pub enum Parsed {
    Query(Box<PreparedQuery>),
    Update(Box<PreparedSparqlUpdate>),
}

/// A query for Oxigraph, with its ORDER BY lifted out to be done once the solutions are
/// decoded (see `order`).
#[derive(Clone)]
pub struct PreparedQuery {
    pub oxigraph: PreparedSparqlQuery,
    pub reorder: Option<Reorder>,
}

/// A parser with the common prefixes (and `extra`) declared, relative IRIs resolved against
/// `base` when it is a valid IRI.
fn parser(extra: &[(String, String)], base: Option<&str>) -> SparqlParser {
    let mut parser = SparqlParser::new();
    for (p, iri) in all_prefixes(extra) {
        parser = parser
            .with_prefix(p, iri)
            .expect("known prefixes are valid IRIs");
    }
    match base {
        // As `with_base`.
        Some(base) => parser.clone().with_base_iri(base).unwrap_or(parser),
        None => parser,
    }
}

/// `sparql` parsed as a query, its ORDER BY lifted out, for `e` to run over the union of all
/// graphs unless it names its own.
fn prepare_query(
    e: SparqlEvaluator,
    parser: SparqlParser,
    sparql: &str,
) -> Result<PreparedQuery, SparqlSyntaxError> {
    let (query, reorder) = order::lift(parser.parse_query(sparql)?);
    let mut prepared = e.for_query(query);
    union_unless_named(&mut prepared);
    Ok(PreparedQuery {
        oxigraph: prepared,
        reorder,
    })
}

/// Parses `sparql` as a query or, failing that, an update; the query's error when neither
/// parses (most input is a query).
pub fn parse(
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<Parsed, QueryError> {
    let e = evaluator(extra, cancel);
    let query_error = match prepare_query(e.clone(), parser(extra, None), sparql) {
        Ok(query) => return Ok(Parsed::Query(Box::new(query))),
        Err(err) => err,
    };
    e.parse_update(sparql)
        .map(|u| Parsed::Update(Box::new(u)))
        .map_err(|_| syntax(sparql, query_error))
}

fn syntax(sparql: &str, source: SparqlSyntaxError) -> QueryError {
    QueryError::Syntax {
        message: diagnose::syntax_message(sparql, &source.to_string()),
        source,
    }
}

/// The union of all graphs is the default graph, unless the query names its own (FROM).
fn union_unless_named(prepared: &mut PreparedSparqlQuery) {
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
}

/// Parses a query and only a query (the SPARQL protocol sends queries and updates apart),
/// relative IRIs resolved against `base`; an update given as a query is told as such.
pub fn parse_query_only(
    sparql: &str,
    base: &str,
    cancel: &CancellationToken,
) -> Result<PreparedQuery, QueryError> {
    let e = with_base(evaluator(&[], Some(cancel)), base);
    match prepare_query(e.clone(), parser(&[], Some(base)), sparql) {
        Ok(query) => Ok(query),
        Err(_) if e.parse_update(sparql).is_ok() => Err(QueryError::NotAQuery(
            "send it with POST, as update= in a form or as application/sparql-update",
        )),
        Err(err) => Err(syntax(sparql, err)),
    }
}

/// Parses an update and only an update; a query given as an update is told as such.
pub fn parse_update_only(
    sparql: &str,
    base: &str,
    cancel: &CancellationToken,
) -> Result<PreparedSparqlUpdate, QueryError> {
    let e = with_base(evaluator(&[], Some(cancel)), base);
    match e.clone().parse_update(sparql) {
        Ok(update) => Ok(update),
        Err(_) if e.parse_query(sparql).is_ok() => Err(QueryError::NotAnUpdate(
            "send it as query= (GET or a form) or as application/sparql-query",
        )),
        Err(err) => Err(syntax(sparql, err)),
    }
}

fn with_base(e: SparqlEvaluator, base: &str) -> SparqlEvaluator {
    // The base is the endpoint's own URL, built by the server: valid unless the Host header
    // is not, and then relative IRIs simply stay unresolvable.
    e.clone().with_base_iri(base).unwrap_or(e)
}

/// Whether `sparql` parses as a query or an update, with the error when it does not.
pub fn parse_check(sparql: &str, extra: &[(String, String)]) -> Result<(), QueryError> {
    parse(sparql, extra, None).map(|_| ())
}

/// Runs a query (or, failing that, an update) with the union of all graphs as default graph.
pub fn execute(
    store: &Store,
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<Outcome, QueryError> {
    run(store, parse(sparql, extra, cancel)?, &[])
}

/// Runs a parsed query or update, the query's variables in `bindings` bound to their values
/// (a named query's parameters).
pub fn run(
    store: &Store,
    parsed: Parsed,
    bindings: &[(Variable, Term)],
) -> Result<Outcome, QueryError> {
    match parsed {
        Parsed::Query(query) => {
            let PreparedQuery {
                oxigraph: mut prepared,
                reorder,
            } = *query;
            for (v, t) in bindings {
                prepared = prepared.substitute_variable(v.clone(), t.clone());
            }
            let mut outcome = collect(store.query(prepared)?)?;
            if let (Some(reorder), Outcome::Solutions { vars, rows }) = (reorder, &mut outcome) {
                reorder.apply(vars, rows);
            }
            Ok(outcome)
        }
        Parsed::Update(update) => {
            let before = store.len()?;
            // The summary the store drops after an update is not the update's doing.
            let dropped = store.update(*update)?;
            Ok(Outcome::Updated {
                before: before.saturating_sub(dropped),
                after: store.len()?,
            })
        }
    }
}

/// Oxigraph's plan for a query, as an indented tree with each step's result count and time
/// (the query runs to the end to measure them).
pub fn explain(
    store: &Store,
    sparql: &str,
    extra: &[(String, String)],
    cancel: Option<&CancellationToken>,
) -> Result<String, QueryError> {
    let Parsed::Query(query) = parse(sparql, extra, cancel)? else {
        return Err(QueryError::NoPlan);
    };
    let (results, explanation) = store.explain(query.oxigraph);
    collect(results?)?;
    let mut json = Vec::new();
    explanation
        .write_in_json(&mut json)
        .expect("writing JSON to memory does not fail");
    let tree: serde_json::Value =
        serde_json::from_slice(&json).expect("Oxigraph writes its plan as JSON");
    let mut plan = plan::describe(&tree);
    if query.reorder.is_some() {
        plan.push_str("then ordered by claimtrace once decoded (its ORDER BY, lifted out)\n");
    }
    Ok(plan)
}

fn collect(results: QueryResults<'_>) -> Result<Outcome, QueryError> {
    Ok(match results {
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for s in solutions {
                rows.push(s?.values().to_vec());
            }
            Outcome::Solutions { vars, rows }
        }
        QueryResults::Boolean(b) => Outcome::Boolean(b),
        QueryResults::Graph(triples) => Outcome::Graph(triples.collect::<Result<Vec<_>, _>>()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_query_or_update_is_told_by_its_variant() {
        let store = Store::memory().unwrap();
        let token = CancellationToken::new();
        token.cancel();
        let result = execute(&store, "SELECT * WHERE { ?s ?p ?o }", &[], Some(&token));
        assert!(
            matches!(result, Err(QueryError::Cancelled)),
            "{:?}",
            result.err()
        );
        // An update's query part cancelled reaches us the way Oxigraph wraps it.
        let wrapped = UpdateEvaluationError::from(QueryEvaluationError::Cancelled);
        assert!(matches!(QueryError::from(wrapped), QueryError::Cancelled));
        let other = UpdateEvaluationError::from(QueryEvaluationError::UnboundService);
        assert!(matches!(QueryError::from(other), QueryError::Update(_)));
    }

    #[test]
    fn syntax_errors_keep_their_source() {
        let Err(e) = parse("SELECT * WHERE { ?s ?p }", &[], None) else {
            panic!("parsed");
        };
        assert!(matches!(e, QueryError::Syntax { .. }));
        assert!(std::error::Error::source(&e).is_some());
        assert!(
            e.to_string()
                .starts_with("SPARQL syntax error: line 1, column"),
            "{e}"
        );
    }
}
