//! An article and its statements as quads of the article's graph, with the descriptions of
//! the agents it names for the registry graph.

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad};

use super::iri::Ids;
use super::out::Out;
use super::pattern::Pattern;
use super::vocab::{ct, nif, prov, schema};
use claimtrace_text::article::{Article, Section};
use claimtrace_text::extract::{
    ByteSpan, Carrier, CueClass, Speaker, SpeakerKind, Statement, StatementKind,
};
use claimtrace_text::gazetteer::Gazetteer;
use claimtrace_text::offsets::CharOffsets;

/// Who carried a statement: an outlet of the gazetteer (described in the registry already),
/// an outlet known by name only ("Rzeczpospolita"), else an unnamed group kept as written
/// ("Russian state-owned media").
fn carrier(ids: &Ids, out: &mut Out<'_>, c: &Carrier) -> NamedNode {
    if let Some(o) = Gazetteer::get().lookup(&c.name) {
        return ids.outlet(o);
    }
    if c.named {
        let node = ids.outlet_named(&c.name);
        out.agent(
            &node,
            &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET],
            &c.name,
        );
        return node;
    }
    let node = ids.agent(SpeakerKind::Group, &c.name, None);
    out.agent(
        &node,
        &[ct::UNNAMED_GROUP, schema::NEWS_MEDIA_ORGANIZATION],
        &c.name,
    );
    node
}

/// The node of a statement's speaker, described where it belongs: a named agent in the
/// registry, shared by every article; an unnamed role or group ("a Kremlin spokesman",
/// "officials") in the article's graph, since another article's is someone else.
fn speaker(ids: &Ids, out: &mut Out<'_>, article: &NamedNode, sp: &Speaker) -> NamedNode {
    if !sp.kind.is_named() {
        let node = ids.local_agent(article, &sp.name);
        let classes: &[NamedNodeRef<'_>] = match sp.kind {
            SpeakerKind::Role => &[ct::UNNAMED_ROLE],
            _ if names_media(&sp.name) => &[ct::UNNAMED_GROUP, schema::NEWS_MEDIA_ORGANIZATION],
            _ => &[ct::UNNAMED_GROUP],
        };
        out.local_agent(&node, classes, &sp.name);
        if let Some(role) = &sp.role {
            out.add(
                node.clone(),
                schema::JOB_TITLE,
                Literal::new_simple_literal(role),
            );
        }
        if let Some(org) = &sp.affiliation {
            let o = match Gazetteer::get().lookup(org) {
                Some(outlet) => ids.outlet(outlet),
                None => {
                    let o = ids.agent(SpeakerKind::Organization, org, None);
                    out.agent(&o, &[schema::ORGANIZATION], org);
                    o
                }
            };
            out.add(node.clone(), schema::MEMBER_OF, o);
        }
        return node;
    }
    let agent = ids.agent(sp.kind, &sp.name, sp.outlet);
    // Gazetteer outlets are described in the registry from the start.
    if sp.outlet.is_none() {
        let classes: &[NamedNodeRef<'_>] = match sp.kind {
            SpeakerKind::Person => &[schema::PERSON],
            SpeakerKind::Outlet => &[schema::NEWS_MEDIA_ORGANIZATION, ct::OUTLET],
            _ => &[schema::ORGANIZATION],
        };
        out.agent(&agent, classes, &sp.name);
    }
    if let Some(role) = &sp.role {
        out.job_title(&agent, role);
    }
    agent
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
    let span = |out: &mut Out<'_>, span: ByteSpan| {
        let (b, f) = (offsets.char_at(span.start), offsets.char_at(span.end));
        let node = ids.span(&a, b, f);
        out.add(node.clone(), rdf::TYPE, nif::STRING);
        out.add(node.clone(), nif::BEGIN_INDEX, int(b));
        out.add(node.clone(), nif::END_INDEX, int(f));
        out.add(
            node.clone(),
            nif::ANCHOR_OF,
            Literal::new_simple_literal(span.of(text)),
        );
        out.add(node.clone(), nif::REFERENCE_CONTEXT, a.clone());
        node
    };
    // Statements are named by their content's span; two with the same span (one sentence
    // attributed twice) are told apart by their order.
    let mut st_nodes: Vec<NamedNode> = Vec::with_capacity(statements.len());
    for st in statements {
        let (s, e) = st.content.first().map_or((0, 0), |c| (c.start, c.end));
        let base = ids.statement(&a, offsets.char_at(s), offsets.char_at(e));
        let mut node = base.clone();
        let mut n = 1;
        while st_nodes.contains(&node) {
            n += 1;
            node = NamedNode::new_unchecked(format!("{}/{n}", base.as_str()));
        }
        st_nodes.push(node);
    }
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
                Literal::new_simple_literal(c.of(text)),
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
                Literal::new_simple_literal(s.of(text)),
            );
            let sp = span(&mut out, s);
            out.add(node.clone(), ct::SOURCE_SPAN, sp);
        }
        if let Some(sp) = &st.speaker {
            let agent = speaker(ids, &mut out, &a, sp);
            utterances.push(Utterance {
                statement: node.clone(),
                speaker: agent.clone(),
                content: st.content_text(text),
                named: sp.kind.is_named(),
            });
            out.add(node.clone(), ct::SPEAKER, agent.clone());
            out.add(node.clone(), prov::WAS_ATTRIBUTED_TO, agent);
        }
        if let Some(occasion) = &st.occasion {
            out.add(
                node.clone(),
                ct::OCCASION,
                Literal::new_simple_literal(occasion),
            );
        }
        for c in &st.reported_by {
            let c = carrier(ids, &mut out, c);
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
#[derive(Debug)]
pub struct Mapped {
    pub article: NamedNode,
    pub quads: Vec<Quad>,
    /// Descriptions shared with other articles (agents in the registry graph, claims in the
    /// claims graph): written where absent, never removed with the article.
    pub shared: Vec<Quad>,
    /// The statements with a speaker, for linking to claims.
    pub utterances: Vec<Utterance>,
}

impl Mapped {
    /// An article whose stored graph stays as it is: nothing to write but its metadata.
    pub fn stored(article: NamedNode) -> Self {
        Mapped {
            article,
            quads: Vec::new(),
            shared: Vec::new(),
            utterances: Vec::new(),
        }
    }
}

/// The statements of `article`'s graph.
pub fn statements_of(article: NamedNodeRef<'_>) -> Pattern {
    Pattern {
        subject: None,
        predicate: Some(rdf::TYPE),
        object: Some(ct::STATEMENT.into()),
        graph: Some(article.into_owned()),
    }
}

/// A statement with a speaker, as the mapping produced it, for linking to a claim.
#[derive(Debug, Clone)]
pub struct Utterance {
    pub statement: NamedNode,
    pub speaker: NamedNode,
    pub content: String,
    /// False for unnamed groups: linked within the article only.
    pub named: bool,
}

fn article_node(ids: &Ids, out: &mut Out<'_>, a: &NamedNode, article: &Article) {
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
    for item in &article.sources {
        if let Some(c) = item.carrier() {
            let c = carrier(ids, out, &c);
            out.add(a.clone(), ct::BASED_ON_REPORTS_BY, c);
        }
        // An item that says more than an outlet ("Sikorski in an interview with ...") is kept
        // as written.
        if item.says_more_than_an_outlet() {
            out.add(
                a.clone(),
                ct::SOURCE_LINE,
                Literal::new_simple_literal(&item.text),
            );
        }
    }
    for (n, credit) in article.credits.iter().enumerate() {
        let img = ids.image(a, n + 1);
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
            let c = carrier(ids, out, &Carrier::named(&credit.by));
            out.add(img, prov::WAS_ATTRIBUTED_TO, c);
        }
    }
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
