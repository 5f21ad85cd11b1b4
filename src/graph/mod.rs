//! The mapping from articles and statements to RDF quads: the only place that knows the
//! vocabulary. One named graph per article (named by the article's IRI), one registry graph
//! (the outlet gazetteer), one graph of ingestion metadata.

pub mod vocab;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

use crate::claims::Utterance;

use crate::article::{Article, Section};
use crate::extract::json::CharOffsets;
use crate::extract::{CueClass, SpeakerKind, Statement, StatementKind};
use crate::outlets::{Gazetteer, Outlet};
use vocab::{ct, nif, owl, prov, schema};

/// Mints the IRIs of data: stable across runs and machines.
#[derive(Debug, Clone)]
pub struct Ids {
    base: String,
}

impl Default for Ids {
    fn default() -> Self {
        Ids::new(vocab::DEFAULT_BASE)
    }
}

/// "Dmitry Peskov" -> "dmitry-peskov"; letters of any script are kept.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

fn hash16(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Ids {
    pub fn new(base: &str) -> Self {
        let mut base = base.to_string();
        if !base.ends_with(['/', '#']) {
            base.push('/');
        }
        Ids { base }
    }

    fn node(&self, path: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{path}", self.base))
    }

    /// From the canonical URL when there is one, else from the record's id, else from the
    /// document name and text: the same article gets the same IRI however often it is read.
    pub fn article(&self, article: &Article) -> NamedNode {
        let key = match (&article.url, &article.id) {
            (Some(u), _) => format!("url:{}", u.trim()),
            // An id is unique within its publisher's records.
            (None, Some(id)) => format!(
                "id:{}:{}",
                article.publisher.as_deref().unwrap_or(""),
                id.trim()
            ),
            // Two files may hold the same text (the BBC corpus files some stories twice):
            // each file is an article, and the same file read again is the same one.
            (None, None) => format!("text:{}:{}", article.name, article.text),
        };
        self.node(&format!("article/{}", hash16(&key)))
    }

    pub fn outlet(&self, o: &Outlet) -> NamedNode {
        self.node(&format!("outlet/{}", o.id))
    }

    /// An outlet by name: the gazetteer's when known, else one minted from the name.
    pub fn outlet_named(&self, name: &str) -> NamedNode {
        match Gazetteer::get().lookup(name) {
            Some(o) => self.outlet(o),
            None => self.node(&format!("outlet/{}", slug(name))),
        }
    }

    pub fn agent(&self, kind: SpeakerKind, name: &str, outlet: Option<&str>) -> NamedNode {
        match (kind, outlet) {
            (_, Some(id)) => self.node(&format!("outlet/{id}")),
            (SpeakerKind::Person, _) => self.node(&format!("person/{}", slug(name))),
            (SpeakerKind::Organization, _) => self.node(&format!("organization/{}", slug(name))),
            (SpeakerKind::Outlet, _) => self.node(&format!("outlet/{}", slug(name))),
            (SpeakerKind::Group, _) => self.node(&format!("group/{}", slug(name))),
        }
    }

    /// A claim by its scope (the speaker's IRI, or an unnamed group's with the article's)
    /// and its words (see `claims`).
    pub fn claim(&self, scope: &str, words: &str) -> NamedNode {
        self.node(&format!("claim/{}", hash16(&format!("{scope}\n{words}"))))
    }

    pub fn claims_graph(&self) -> NamedNode {
        self.node("graph/claims")
    }

    pub fn registry_graph(&self) -> NamedNode {
        self.node("graph/registry")
    }

    pub fn ingest_graph(&self) -> NamedNode {
        self.node("graph/ingest")
    }

    pub fn ontology_graph(&self) -> NamedNode {
        self.node("graph/ontology")
    }
}

/// Collects quads into one graph, and descriptions of agents into the registry graph.
///
/// Every triple lives in exactly one graph: an agent named by many articles is described once,
/// in the registry, not once per article. (Oxigraph 0.5 counts a triple once per graph in the
/// union default graph, so copies across graphs would show as duplicate rows.)
struct Out<'a> {
    graph: &'a GraphName,
    registry: GraphName,
    quads: Vec<Quad>,
    agents: Vec<Quad>,
}

impl<'a> Out<'a> {
    fn new(graph: &'a GraphName, ids: &Ids) -> Self {
        Out {
            graph,
            registry: GraphName::NamedNode(ids.registry_graph()),
            quads: Vec::new(),
            agents: Vec::new(),
        }
    }

    fn add(
        &mut self,
        s: impl Into<oxigraph::model::NamedOrBlankNode>,
        p: NamedNodeRef,
        o: impl Into<Term>,
    ) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }

    /// A triple about an agent, for the registry graph.
    fn describe(&mut self, s: &NamedNode, p: NamedNodeRef, o: impl Into<Term>) {
        self.agents
            .push(Quad::new(s.clone(), p, o, self.registry.clone()));
    }

    /// Types and names an agent in the registry.
    fn agent(&mut self, s: &NamedNode, classes: &[NamedNodeRef], name: &str) {
        for c in classes.iter().chain([&prov::AGENT]) {
            self.describe(s, rdf::TYPE, *c);
        }
        self.describe(s, rdfs::LABEL, Literal::new_simple_literal(name));
        self.describe(s, schema::NAME, Literal::new_simple_literal(name));
    }
}

/// Who carried a statement: an outlet of the gazetteer (described in the registry already),
/// else an unnamed group kept as written ("Russian state-owned media").
fn carrier(ids: &Ids, out: &mut Out, name: &str) -> NamedNode {
    if let Some(o) = Gazetteer::get().lookup(name) {
        return ids.outlet(o);
    }
    let node = ids.agent(SpeakerKind::Group, name, None);
    out.agent(
        &node,
        &[ct::UNNAMED_GROUP, schema::NEWS_MEDIA_ORGANIZATION],
        name,
    );
    node
}

/// "Russian state-owned media", "local newspapers": a group of outlets, not of people.
fn names_media(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "media"
                | "press"
                | "newspaper"
                | "newspapers"
                | "outlets"
                | "agency"
                | "agencies"
                | "broadcaster"
                | "broadcasters"
                | "television"
                | "tv"
                | "radio"
                | "news"
                | "tabloids"
                | "channels"
        )
    })
}

fn kind_node(kind: StatementKind) -> NamedNodeRef<'static> {
    match kind {
        StatementKind::Direct => ct::DIRECT,
        StatementKind::Indirect => ct::INDIRECT,
        StatementKind::Mixed => ct::MIXED,
        StatementKind::AccordingTo => ct::ACCORDING_TO,
    }
}

fn class_node(class: CueClass) -> NamedNodeRef<'static> {
    match class {
        CueClass::Assert => ct::ASSERT,
        CueClass::Report => ct::REPORT,
        CueClass::Believe => ct::BELIEVE,
        CueClass::Intend => ct::INTEND,
        CueClass::Deny => ct::DENY,
    }
}

fn int(n: usize) -> Literal {
    Literal::from(n as i64)
}

/// An xsd:decimal in its canonical form, to two places ("0.8", "1"): the form Oxigraph
/// stores and returns, so an article read again compares equal to the stored one.
fn decimal(x: f64) -> String {
    let fixed = format!("{x:.2}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    match trimmed {
        "" | "-" | "-0" => "0".to_string(),
        t => t.to_string(),
    }
}

/// The article's named graph: the article, its statements, speakers and carriers.
pub fn article_quads(ids: &Ids, article: &Article, statements: &[Statement]) -> Mapped {
    let a = ids.article(article);
    let graph = GraphName::NamedNode(a.clone());
    let mut out = Out::new(&graph, ids);
    article_node(ids, &mut out, &a, article);
    let offsets = CharOffsets::new(&article.text);
    let text = article.text.as_str();
    let span = |out: &mut Out, (s, e): (usize, usize)| {
        let (b, f) = (offsets.char_at(s), offsets.char_at(e));
        let node = NamedNode::new_unchecked(format!("{}#char={b},{f}", a.as_str()));
        out.add(node.clone(), rdf::TYPE, nif::STRING);
        out.add(node.clone(), nif::BEGIN_INDEX, int(b));
        out.add(node.clone(), nif::END_INDEX, int(f));
        out.add(
            node.clone(),
            nif::ANCHOR_OF,
            Literal::new_simple_literal(&text[s..e]),
        );
        out.add(node.clone(), nif::REFERENCE_CONTEXT, a.clone());
        node
    };
    let st_nodes: Vec<NamedNode> = statements
        .iter()
        .map(|st| {
            let (s, e) = st.content.first().copied().unwrap_or((0, 0));
            NamedNode::new_unchecked(format!(
                "{}/statement/{}-{}",
                a.as_str(),
                offsets.char_at(s),
                offsets.char_at(e)
            ))
        })
        .collect();
    let mut utterances = Vec::new();
    for (st, node) in statements.iter().zip(&st_nodes) {
        out.add(node.clone(), rdf::TYPE, ct::STATEMENT);
        out.add(node.clone(), rdf::TYPE, prov::ENTITY);
        out.add(node.clone(), ct::KIND, kind_node(st.kind));
        out.add(node.clone(), ct::IN_ARTICLE, a.clone());
        out.add(
            node.clone(),
            ct::CONTENT,
            Literal::new_simple_literal(st.content_text(text)),
        );
        for &c in &st.content {
            let sp = span(&mut out, c);
            out.add(node.clone(), ct::CONTENT_SPAN, sp);
        }
        if let Some(c) = st.cue {
            out.add(
                node.clone(),
                ct::CUE,
                Literal::new_simple_literal(&text[c.0..c.1]),
            );
            let sp = span(&mut out, c);
            out.add(node.clone(), ct::CUE_SPAN, sp);
        }
        if let Some(l) = st.cue_lemma {
            out.add(node.clone(), ct::CUE_LEMMA, Literal::new_simple_literal(l));
        }
        if let Some(c) = st.cue_class {
            out.add(node.clone(), ct::CUE_CLASS_P, class_node(c));
        }
        if let Some(s) = st.source {
            out.add(
                node.clone(),
                ct::SOURCE_TEXT,
                Literal::new_simple_literal(&text[s.0..s.1]),
            );
            let sp = span(&mut out, s);
            out.add(node.clone(), ct::SOURCE_SPAN, sp);
        }
        if let Some(sp) = &st.speaker {
            let agent = ids.agent(sp.kind, &sp.name, sp.outlet);
            utterances.push(Utterance {
                statement: node.clone(),
                speaker: agent.clone(),
                content: st.content_text(text),
                named: sp.kind != SpeakerKind::Group,
            });
            out.add(node.clone(), ct::SPEAKER, agent.clone());
            out.add(node.clone(), prov::WAS_ATTRIBUTED_TO, agent.clone());
            // Gazetteer outlets are described in the registry from the start.
            if sp.outlet.is_none() {
                let classes: &[NamedNodeRef] = match sp.kind {
                    SpeakerKind::Person => &[schema::PERSON],
                    SpeakerKind::Organization => &[schema::ORGANIZATION],
                    SpeakerKind::Outlet => &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET],
                    SpeakerKind::Group if names_media(&sp.name) => {
                        &[ct::UNNAMED_GROUP, schema::NEWS_MEDIA_ORGANIZATION]
                    }
                    SpeakerKind::Group => &[ct::UNNAMED_GROUP],
                };
                out.agent(&agent, classes, &sp.name);
            }
            if let Some(role) = &sp.role {
                out.describe(&agent, schema::JOB_TITLE, Literal::new_simple_literal(role));
            }
        }
        for name in &st.reported_by {
            let c = carrier(ids, &mut out, name);
            out.add(node.clone(), ct::REPORTED_BY, c);
        }
        if let Some(d) = st.date {
            out.add(
                node.clone(),
                ct::STATED_ON,
                Literal::new_typed_literal(d.to_string(), xsd::DATE),
            );
        }
        if let Some(p) = st.parent {
            out.add(node.clone(), ct::WITHIN, st_nodes[p].clone());
        }
        let section = match st.section {
            Section::Headline => "headline",
            Section::Body => "body",
            Section::Background => "background",
        };
        out.add(
            node.clone(),
            ct::SECTION,
            Literal::new_simple_literal(section),
        );
        out.add(
            node.clone(),
            ct::CONFIDENCE,
            Literal::new_typed_literal(decimal(f64::from(st.confidence)), xsd::DECIMAL),
        );
    }
    Mapped {
        article: a,
        quads: out.quads,
        shared: out.agents,
        utterances,
    }
}

/// An article mapped to RDF: its IRI (also its graph's name), the quads of its graph, and the
/// descriptions of the agents it names, for the registry graph.
pub struct Mapped {
    pub article: NamedNode,
    pub quads: Vec<Quad>,
    /// Descriptions shared with other articles (agents in the registry graph, claims in the
    /// claims graph): written where absent, never removed with the article.
    pub shared: Vec<Quad>,
    /// The statements with a speaker, for linking to claims.
    pub utterances: Vec<Utterance>,
}

fn article_node(ids: &Ids, out: &mut Out, a: &NamedNode, article: &Article) {
    out.add(a.clone(), rdf::TYPE, schema::NEWS_ARTICLE);
    out.add(a.clone(), rdf::TYPE, nif::CONTEXT);
    out.add(
        a.clone(),
        nif::IS_STRING,
        Literal::new_simple_literal(&article.text),
    );
    out.add(
        a.clone(),
        ct::DOCUMENT_NAME,
        Literal::new_simple_literal(&article.name),
    );
    if let Some(h) = &article.headline {
        out.add(a.clone(), schema::HEADLINE, Literal::new_simple_literal(h));
    }
    if article.summary_only {
        out.add(a.clone(), ct::SUMMARY_ONLY, Literal::from(true));
    }
    if let Some(p) = &article.published {
        let dt = if p.xsd_type() == "date" {
            xsd::DATE
        } else {
            xsd::DATE_TIME
        };
        out.add(
            a.clone(),
            schema::DATE_PUBLISHED,
            Literal::new_typed_literal(p.to_string(), dt),
        );
    }
    if let Some(name) = &article.author {
        let au = ids.agent(SpeakerKind::Person, name, None);
        out.agent(&au, &[schema::PERSON], name);
        out.add(a.clone(), schema::AUTHOR, au);
    }
    if let Some(name) = &article.publisher {
        let p = ids.outlet_named(name);
        if Gazetteer::get().lookup(name).is_none() {
            out.agent(&p, &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET], name);
        }
        out.add(a.clone(), schema::PUBLISHER, p);
    }
    if let Some(u) = &article.url {
        match NamedNode::new(u.trim()) {
            Ok(n) => out.add(a.clone(), schema::URL, n),
            Err(_) => out.add(
                a.clone(),
                schema::URL,
                Literal::new_typed_literal(u, xsd::ANY_URI),
            ),
        }
    }
    for s in &article.sources {
        let c = carrier(ids, out, s);
        out.add(a.clone(), ct::BASED_ON_REPORTS_BY, c);
    }
    // Images get IRIs under the article's, not blank nodes: the graph of an article read
    // again is then the same graph, term for term.
    for (n, credit) in article.credits.iter().enumerate() {
        let img = NamedNode::new_unchecked(format!("{}/image/{}", a.as_str(), n + 1));
        out.add(a.clone(), schema::IMAGE, img.clone());
        out.add(img.clone(), rdf::TYPE, schema::IMAGE_OBJECT);
        out.add(
            img.clone(),
            schema::ADDITIONAL_TYPE,
            Literal::new_simple_literal(&credit.what),
        );
        out.add(
            img.clone(),
            schema::CREDIT_TEXT,
            Literal::new_simple_literal(&credit.text),
        );
        if Gazetteer::get().lookup(&credit.by).is_some() {
            let c = carrier(ids, out, &credit.by);
            out.add(img, prov::WAS_ATTRIBUTED_TO, c);
        }
    }
}

/// The registry graph: every outlet of the gazetteer with aliases, parent, country, Wikidata.
pub fn registry_quads(ids: &Ids) -> Vec<Quad> {
    let graph = GraphName::NamedNode(ids.registry_graph());
    let mut out = Out::new(&graph, ids);
    let g = Gazetteer::get();
    for o in &g.outlets {
        let n = ids.outlet(o);
        out.agent(&n, &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET], o.label);
        out.describe(&n, ct::OUTLET_KIND, Literal::new_simple_literal(o.kind));
        for alias in o.aliases.iter().filter(|a| **a != o.label) {
            out.describe(
                &n,
                schema::ALTERNATE_NAME,
                Literal::new_simple_literal(*alias),
            );
        }
        if let Some(c) = o.country {
            out.describe(&n, ct::COUNTRY, Literal::new_simple_literal(c));
        }
        if let Some(parent) = o.parent.and_then(|p| g.by_id(p)) {
            out.describe(&n, schema::PARENT_ORGANIZATION, ids.outlet(parent));
        }
        if let Some(q) = o.wikidata {
            let wd = NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{q}"));
            out.describe(&n, owl::SAME_AS, wd);
        }
    }
    out.agents
}

/// The ontology (`ontology/claimtrace.ttl`) as quads of the ontology graph, so the store can
/// answer questions about its own vocabulary.
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

/// Ingestion metadata for one article, in the ingest graph.
pub fn ingest_quads(ids: &Ids, article: &NamedNode, read_from: &str, at: &str) -> Vec<Quad> {
    let graph = GraphName::NamedNode(ids.ingest_graph());
    let mut out = Out::new(&graph, ids);
    out.add(
        article.clone(),
        ct::READ_FROM,
        Literal::new_simple_literal(read_from),
    );
    out.add(
        article.clone(),
        ct::INGESTED_AT,
        Literal::new_typed_literal(at, xsd::DATE_TIME),
    );
    out.add(
        article.clone(),
        ct::EXTRACTOR_VERSION,
        Literal::new_simple_literal(env!("CARGO_PKG_VERSION")),
    );
    out.quads
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals_are_canonical() {
        assert_eq!(decimal(0.8), "0.8");
        assert_eq!(decimal(0.85), "0.85");
        assert_eq!(decimal(1.0), "1");
        assert_eq!(decimal(10.0), "10");
        assert_eq!(decimal(0.0), "0");
        assert_eq!(decimal(-0.0), "0");
    }
}
