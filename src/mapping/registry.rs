//! The registry graph (every outlet of the gazetteer, with the agents articles name added as
//! they come) and the ontology graph (`ontology/claimtrace.ttl`, so the store can answer
//! questions about its own vocabulary).

use oxigraph::model::vocab::rdfs;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Triple};

use super::iri::Ids;
use super::out::Out;
use super::pattern::Pattern;
use super::vocab::{ct, owl, schema};
use claimtrace_text::gazetteer::Gazetteer;

/// Every outlet of the gazetteer with aliases, parent, country, Wikidata.
pub fn registry_quads(ids: &Ids) -> Vec<Quad> {
    let graph = GraphName::NamedNode(ids.registry_graph());
    let mut out = Out::new(&graph, ids);
    let g = Gazetteer::get();
    for o in &g.outlets {
        let n = ids.outlet(o);
        out.register(&n, &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET], &o.label);
        out.describe(
            &n,
            ct::OUTLET_KIND,
            Literal::new_simple_literal(o.kind.as_str()),
        );
        for alias in o.aliases.iter().filter(|a| **a != o.label) {
            out.describe(
                &n,
                schema::ALTERNATE_NAME,
                Literal::new_simple_literal(alias),
            );
        }
        if let Some(c) = &o.country {
            out.describe(&n, ct::COUNTRY, Literal::new_simple_literal(c));
        }
        if let Some(parent) = o.parent.as_deref().and_then(|p| g.by_id(p)) {
            out.describe(&n, schema::PARENT_ORGANIZATION, ids.outlet(parent));
        }
        if let Some(q) = &o.wikidata {
            let wd = NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{q}"));
            out.describe(&n, owl::SAME_AS, wd);
        }
    }
    out.agents
}

/// The registry quads that a note of an article's graph stands for: `ct:nameInArticle` for
/// the agent's `rdfs:label` and `schema:name`, `ct:jobTitleInArticle` for its
/// `schema:jobTitle`; none for any other triple.
pub fn given_in_registry(ids: &Ids, note: &Triple) -> Vec<Quad> {
    let properties: &[NamedNodeRef<'_>] = match note.predicate.as_ref() {
        p if p == ct::NAME_IN_ARTICLE => &[rdfs::LABEL, schema::NAME],
        p if p == ct::JOB_TITLE_IN_ARTICLE => &[schema::JOB_TITLE],
        _ => &[],
    };
    let graph = GraphName::NamedNode(ids.registry_graph());
    properties
        .iter()
        .map(|p| Quad::new(note.subject.clone(), *p, note.object.clone(), graph.clone()))
        .collect()
}

/// Whether `predicate` notes, in an article's graph, what the article gives the registry.
pub fn is_note(predicate: NamedNodeRef<'_>) -> bool {
    predicate == ct::NAME_IN_ARTICLE || predicate == ct::JOB_TITLE_IN_ARTICLE
}

/// The mark of a registry whose every article graph notes the names and job titles it gives
/// (`given_in_registry`), so that those only a replaced version gave can go. A store that
/// held articles before notes were written, or that took a write not an ingest's, has none
/// and keeps every name.
pub fn names_by_article(ids: &Ids) -> Quad {
    let registry = ids.registry_graph();
    Quad::new(
        registry.clone(),
        ct::NAMES_BY_ARTICLE,
        Literal::from(true),
        registry,
    )
}

/// The ontology as quads of the ontology graph.
pub fn ontology_quads(ids: &Ids) -> Vec<Quad> {
    let graph = ids.ontology_graph();
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(include_str!("../../ontology/claimtrace.ttl"))
        .map(|t| {
            let t = t.expect("the ontology parses (checked by a test)");
            Quad::new(t.subject, t.predicate, t.object, graph.clone())
        })
        .collect()
}

/// The name the registry gives `agent`.
pub fn label_of(ids: &Ids, agent: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: Some(agent.into_owned()),
        predicate: Some(rdfs::LABEL),
        object: None,
        graph: Some(ids.registry_graph()),
    }
}

/// The outlets whose parent organisation is `organisation` ("BBC": BBC News Russian, ...).
pub fn parts_of(ids: &Ids, organisation: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: None,
        predicate: Some(schema::PARENT_ORGANIZATION),
        object: Some(organisation.into_owned().into()),
        graph: Some(ids.registry_graph()),
    }
}
