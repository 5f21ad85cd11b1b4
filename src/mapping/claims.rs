//! Claims in RDF. The linker (`crate::claims`) decides which claim each statement carries;
//! this turns its decisions into quads and says where stored claims are found. A link
//! (`statement ct:claim claim`, `claim schema:appearance article`) lives in the article's
//! graph, so replacing an article replaces its links; a claim's description (`ct:Claim`,
//! `schema:author`, `schema:text`) lives in the claims graph, written by every article that
//! links to it, only where absent.

use std::collections::HashSet;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

use super::article::Mapped;
use super::iri::Ids;
use super::pattern::Pattern;
use super::vocab::{ct, schema};

/// The linker's decision for one statement.
#[derive(Debug, Clone)]
pub struct ClaimLink {
    pub statement: NamedNode,
    pub claim: NamedNode,
    /// The claim's speaker.
    pub author: NamedNode,
    /// The content of the statement that founded the claim.
    pub text: String,
}

/// Adds the links to `mapped`: each into the article's graph, each claim's description into
/// its shared quads.
pub fn add_links(ids: &Ids, mapped: &mut Mapped, links: &[ClaimLink]) {
    let graph = GraphName::NamedNode(mapped.article.clone());
    let claims_graph = GraphName::NamedNode(ids.claims_graph());
    let mut appears = HashSet::new();
    for link in links {
        let claim = &link.claim;
        for (p, o) in [
            (rdf::TYPE, Term::from(ct::CLAIM)),
            (rdf::TYPE, Term::from(schema::CLAIM)),
            (schema::AUTHOR, Term::from(link.author.clone())),
            (
                schema::TEXT,
                Term::from(Literal::new_simple_literal(&link.text)),
            ),
        ] {
            mapped
                .shared
                .push(Quad::new(claim.clone(), p, o, claims_graph.clone()));
        }
        mapped.quads.push(Quad::new(
            link.statement.clone(),
            ct::CLAIM_P,
            claim.clone(),
            graph.clone(),
        ));
        if appears.insert(claim.clone()) {
            mapped.quads.push(Quad::new(
                claim.clone(),
                schema::APPEARANCE,
                mapped.article.clone(),
                graph.clone(),
            ));
        }
    }
}

/// The claims `speaker` is the author of (subjects of the matches).
pub fn authored_by(ids: &Ids, speaker: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: None,
        predicate: Some(schema::AUTHOR),
        object: Some(speaker.into_owned().into()),
        graph: Some(ids.claims_graph()),
    }
}

/// The words that founded `claim` (a literal object).
pub fn text_of(ids: &Ids, claim: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: Some(claim.into_owned()),
        predicate: Some(schema::TEXT),
        object: None,
        graph: Some(ids.claims_graph()),
    }
}

/// The claim `statement` carries in `article`'s graph (an IRI object).
pub fn carried_by(article: NamedNodeRef<'_>, statement: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: Some(statement.into_owned()),
        predicate: Some(ct::CLAIM_P),
        object: None,
        graph: Some(article.into_owned()),
    }
}

/// The query for the claims graph's triples about claims no statement carries any more
/// (their articles replaced), for removal.
pub fn orphan_quads(ids: &Ids) -> String {
    format!(
        "PREFIX ct: <{ct}>
         CONSTRUCT {{ ?claim ?p ?o }}
         WHERE {{
           GRAPH <{g}> {{ ?claim a ct:Claim ; ?p ?o }}
           FILTER NOT EXISTS {{ GRAPH ?article {{ ?statement ct:claim ?claim }} }}
         }}",
        ct = super::vocab::CT,
        g = ids.claims_graph().as_str()
    )
}
