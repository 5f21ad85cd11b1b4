//! The registry graph (every outlet of the gazetteer, with the agents articles name added as
//! they come) and the ontology graph (`ontology/claimtrace.ttl`, so the store can answer
//! questions about its own vocabulary).

use oxigraph::model::vocab::rdfs;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad};

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
        out.agent(&n, &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET], &o.label);
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
