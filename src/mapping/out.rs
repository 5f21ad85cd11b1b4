//! Collecting an article's quads, and the descriptions of agents it names for the registry.

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use super::iri::Ids;
use super::vocab::{ct, prov, schema};

/// Collects quads into one graph, and descriptions of agents into the registry graph.
pub(super) struct Out<'a> {
    graph: &'a GraphName,
    registry: GraphName,
    pub(super) quads: Vec<Quad>,
    pub(super) agents: Vec<Quad>,
}

impl<'a> Out<'a> {
    pub(super) fn new(graph: &'a GraphName, ids: &Ids) -> Self {
        Out {
            graph,
            registry: GraphName::NamedNode(ids.registry_graph()),
            quads: Vec::new(),
            agents: Vec::new(),
        }
    }

    pub(super) fn add(
        &mut self,
        s: impl Into<NamedOrBlankNode>,
        p: NamedNodeRef<'_>,
        o: impl Into<Term>,
    ) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }

    /// A triple about an agent, for the registry graph.
    pub(super) fn describe(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.agents
            .push(Quad::new(s.clone(), p, o, self.registry.clone()));
    }

    /// Types and names an agent in the registry.
    pub(super) fn register(&mut self, s: &NamedNode, classes: &[NamedNodeRef<'_>], name: &str) {
        for c in classes.iter().chain([&prov::AGENT]) {
            self.describe(s, rdf::TYPE, *c);
        }
        self.describe(s, rdfs::LABEL, Literal::new_simple_literal(name));
        self.describe(s, schema::NAME, Literal::new_simple_literal(name));
    }

    /// An agent the article names, registered, with the name it gives noted in the
    /// article's graph: the registry's names are every article's, and a replaced version's
    /// name goes once no article gives it (`registry::given_in_registry`).
    pub(super) fn agent(&mut self, s: &NamedNode, classes: &[NamedNodeRef<'_>], name: &str) {
        self.register(s, classes, name);
        self.add(
            s.clone(),
            ct::NAME_IN_ARTICLE,
            Literal::new_simple_literal(name),
        );
    }

    /// A registered agent's job title as the article gives it, noted like its name.
    pub(super) fn job_title(&mut self, s: &NamedNode, title: &str) {
        self.describe(s, schema::JOB_TITLE, Literal::new_simple_literal(title));
        self.add(
            s.clone(),
            ct::JOB_TITLE_IN_ARTICLE,
            Literal::new_simple_literal(title),
        );
    }

    /// Types and names an agent that only this article knows (an unnamed role or group), in
    /// the article's graph: it goes when the article goes.
    pub(super) fn local_agent(&mut self, s: &NamedNode, classes: &[NamedNodeRef<'_>], name: &str) {
        for c in classes.iter().chain([&prov::AGENT]) {
            self.add(s.clone(), rdf::TYPE, *c);
        }
        self.add(s.clone(), rdfs::LABEL, Literal::new_simple_literal(name));
        self.add(s.clone(), schema::NAME, Literal::new_simple_literal(name));
    }
}
