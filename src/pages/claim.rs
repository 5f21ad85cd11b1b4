//! What a claim page shows, beyond the trace itself: for each carrying statement the sentence
//! with its content, cue and source marked, how its words differ from the earliest
//! carrier's, and the SPARQL that returns what its panel shows; for each claim its subgraph as
//! Turtle. Read through a [`Source`], so a page can be made from a remote store too.

use std::collections::HashMap;

use oxigraph::io::RdfFormat;
use oxigraph::model::{NamedNode, NamedNodeRef, Term, Variable};
use serde::Serialize;

use super::PageError;
use super::diff::{self, Change};
use super::sentence::{self, Mark, Piece};
use crate::mapping::vocab::{ct, nif};
use crate::query::{Outcome, QueryError};
use crate::source::Source;
use crate::trace::{ClaimTrace, Trace};

/// The query the panel of a carrier shows (`?statement` bound).
pub const CARRIER_QUERY: &str = include_str!("../../queries/pages/carrier.rq");
/// A claim's subgraph (`?claim` bound).
const CLAIM_GRAPH_QUERY: &str = include_str!("../../queries/pages/claim-graph.rq");

/// The data of a claim page: the trace, and what its panels and downloads show.
#[derive(Debug, Serialize)]
pub struct ClaimPage<'t> {
    pub trace: &'t Trace,
    /// By statement IRI.
    pub details: HashMap<String, Detail>,
    /// Each claim's subgraph as Turtle, by claim IRI.
    pub turtle: HashMap<String, String>,
}

/// What the panel of one carrying statement shows.
#[derive(Debug, Serialize)]
pub struct Detail {
    /// The sentence, its content, cue and source marked.
    pub sentence: Vec<Piece>,
    /// How its words differ from the claim's earliest carrier; none for the earliest, empty
    /// when the words are the same.
    pub diff: Option<Vec<Change>>,
    /// The query that returns what the panel shows.
    pub sparql: String,
}

impl<'t> ClaimPage<'t> {
    pub fn read(source: Source<'_>, trace: &'t Trace) -> Result<Self, PageError> {
        let mut details = HashMap::new();
        let sentences = sentences(source, &trace.claims)?;
        for claim in &trace.claims {
            let earliest = claim.carriers.first().map(|c| c.content.as_str());
            for (i, carrier) in claim.carriers.iter().enumerate() {
                let statement = NamedNode::new_unchecked(&carrier.statement);
                details.insert(
                    carrier.statement.clone(),
                    Detail {
                        sentence: sentences
                            .get(&carrier.statement)
                            .cloned()
                            .unwrap_or_default(),
                        diff: earliest
                            .filter(|_| i > 0)
                            .map(|first| diff::words(first, &carrier.content)),
                        sparql: crate::remote::self_contained(
                            CARRIER_QUERY,
                            &[],
                            &[(Variable::new_unchecked("statement"), statement.into())],
                        ),
                    },
                );
            }
        }
        let mut turtle = HashMap::new();
        for claim in &trace.claims {
            turtle.insert(claim.iri.clone(), claim_turtle(source, &claim.iri)?);
        }
        Ok(ClaimPage {
            trace,
            details,
            turtle,
        })
    }
}

/// Each carrying statement's sentence, marked: its spans and its article's text read in
/// three requests, whatever the number of carriers.
fn sentences(
    source: Source<'_>,
    claims: &[ClaimTrace],
) -> Result<HashMap<String, Vec<Piece>>, QueryError> {
    let statements: Vec<&str> = claims
        .iter()
        .flat_map(|c| c.carriers.iter().map(|k| k.statement.as_str()))
        .collect();
    let parts: [(NamedNodeRef<'_>, Mark); 3] = [
        (ct::CONTENT_SPAN, Mark::Content),
        (ct::CUE_SPAN, Mark::Cue),
        (ct::SOURCE_SPAN, Mark::Source),
    ];
    let mut properties: Vec<NamedNodeRef<'_>> = parts.iter().map(|(p, _)| *p).collect();
    properties.push(ct::IN_ARTICLE);
    let described = source.describe(&statements, &properties)?;
    let named = |values: Option<&Vec<Term>>| -> Vec<String> {
        values
            .into_iter()
            .flatten()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
            .collect()
    };
    let mut spans = Vec::new();
    let mut articles = Vec::new();
    for props in described.values() {
        for (p, _) in &parts {
            spans.extend(named(props.get(p.as_str())));
        }
        articles.extend(named(props.get(ct::IN_ARTICLE.as_str())));
    }
    articles.sort_unstable();
    articles.dedup();
    let span_refs: Vec<&str> = spans.iter().map(String::as_str).collect();
    let offsets = source.describe(&span_refs, &[nif::BEGIN_INDEX, nif::END_INDEX])?;
    let article_refs: Vec<&str> = articles.iter().map(String::as_str).collect();
    let texts = source.describe(&article_refs, &[nif::IS_STRING])?;

    let number = |span: &str, p: NamedNodeRef<'_>| -> Option<usize> {
        match offsets.get(span)?.get(p.as_str())?.first()? {
            Term::Literal(l) => l.value().parse().ok(),
            _ => None,
        }
    };
    let mut out = HashMap::new();
    for (statement, props) in &described {
        let Some(article) = named(props.get(ct::IN_ARTICLE.as_str())).into_iter().next() else {
            continue;
        };
        let Some(Term::Literal(text)) = texts
            .get(&article)
            .and_then(|p| p.get(nif::IS_STRING.as_str()))
            .and_then(|v| v.first())
        else {
            continue;
        };
        let mut marked = Vec::new();
        for (p, mark) in &parts {
            for span in named(props.get(p.as_str())) {
                if let (Some(b), Some(e)) = (
                    number(&span, nif::BEGIN_INDEX),
                    number(&span, nif::END_INDEX),
                ) {
                    marked.push((b, e, *mark));
                }
            }
        }
        out.insert(statement.clone(), sentence::pieces(text.value(), &marked));
    }
    Ok(out)
}

/// The claim's subgraph as Turtle, with claimtrace's prefixes.
fn claim_turtle(source: Source<'_>, claim: &str) -> Result<String, PageError> {
    let bindings = [(
        Variable::new_unchecked("claim"),
        NamedNode::new_unchecked(claim).into(),
    )];
    let Outcome::Graph(mut triples) = source.execute_bound(CLAIM_GRAPH_QUERY, &bindings)? else {
        return Ok(String::new());
    };
    triples.sort_by_cached_key(ToString::to_string);
    let mut serializer = crate::export::serializer(RdfFormat::Turtle).for_writer(Vec::new());
    for t in &triples {
        serializer.serialize_triple(t)?;
    }
    Ok(String::from_utf8_lossy(&serializer.finish()?).into_owned())
}
