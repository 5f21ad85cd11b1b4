//! The ontology parses, and declares every `ct:` term the mapping writes, with a label, a
//! comment, and its place under PROV-O and schema.org.

mod common;

use claimtrace::mapping::vocab::{CT, ct};
use claimtrace::store::Store;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, vocab::rdfs};
use oxigraph::store::Store as OxStore;

fn ontology() -> OxStore {
    let store = OxStore::new().unwrap();
    let ttl = std::fs::read(common::repo().join("ontology/claimtrace.ttl")).unwrap();
    store
        .load_from_reader(RdfParser::from_format(RdfFormat::Turtle), ttl.as_slice())
        .expect("the ontology parses");
    store
}

fn has(store: &OxStore, s: &str, p: oxigraph::model::NamedNodeRef<'_>) -> Vec<Term> {
    let s = oxigraph::model::NamedNode::new(s).unwrap();
    store
        .quads_for_pattern(Some(s.as_ref().into()), Some(p), None, None)
        .map(|q| q.unwrap().object)
        .collect()
}

#[test]
fn every_term_the_mapping_writes_is_declared_with_label_and_comment() {
    let onto = ontology();
    // Terms the code can write, and terms the data actually holds after real articles.
    let mut terms: Vec<String> = ct::ALL.iter().map(|t| t.as_str().to_string()).collect();
    let store = Store::memory().unwrap();
    let paths = [common::path_str(&common::repo().join("examples/articles")).to_string()];
    let summary = claimtrace::ingest::ingest(
        &store,
        &paths,
        &claimtrace::ingest::Options::default(),
        &mut claimtrace::ingest::Reporter(|_, f: &claimtrace_text::input::Failure| panic!("{f}")),
    );
    assert_eq!(summary.ingested(), 3);
    for q in store.quads(None) {
        let q = q.unwrap();
        for t in [
            q.subject.to_string(),
            q.predicate.to_string(),
            q.object.to_string(),
        ] {
            if let Some(iri) = t.strip_prefix('<').and_then(|t| t.strip_suffix('>'))
                && iri.starts_with(CT)
                && !terms.iter().any(|x| x == iri)
            {
                terms.push(iri.to_string());
            }
        }
    }
    assert!(terms.len() >= 35, "{terms:?}");
    for t in &terms {
        assert!(
            !has(&onto, t, rdfs::LABEL).is_empty(),
            "{t} has no rdfs:label"
        );
        assert!(
            !has(&onto, t, rdfs::COMMENT).is_empty(),
            "{t} has no rdfs:comment"
        );
    }
}

#[test]
fn classes_and_properties_are_aligned_to_prov_and_schema() {
    let onto = ontology();
    let aligned = |t: &str, p| {
        has(&onto, &format!("{CT}{t}"), p).iter().any(|o| {
            o.to_string().contains("www.w3.org/ns/prov#") || o.to_string().contains("schema.org/")
        })
    };
    for class in ["Statement", "Claim", "Outlet", "UnnamedGroup"] {
        assert!(
            aligned(class, rdfs::SUB_CLASS_OF),
            "ct:{class} not under PROV-O or schema.org"
        );
    }
    for prop in [
        "speaker",
        "reportedBy",
        "within",
        "inArticle",
        "statedOn",
        "content",
        "basedOnReportsBy",
    ] {
        assert!(
            aligned(prop, rdfs::SUB_PROPERTY_OF),
            "ct:{prop} not under PROV-O or schema.org"
        );
    }
}

#[test]
fn the_store_holds_the_ontology_and_the_outlet_registry() {
    let store = Store::memory().unwrap();
    let ask = |q: &str| match claimtrace::query::execute(&store, q, &[], None).unwrap() {
        claimtrace::query::Outcome::Boolean(b) => b,
        _ => panic!("ASK"),
    };
    assert!(ask("ASK { ct:Statement rdfs:subClassOf prov:Entity }"));
    assert!(ask(
        "ASK { ?r a ct:Outlet ; rdfs:label \"Reuters\" ; owl:sameAs wd:Q130879 }"
    ));
    assert!(ask(
        "ASK { ?r rdfs:label \"BBC News Russian\" ; schema:parentOrganization/owl:sameAs wd:Q9531 }"
    ));
}
