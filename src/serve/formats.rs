//! The forms an answer can take, as media types to negotiate: SPARQL results (JSON, XML,
//! CSV, TSV) for SELECT and ASK, RDF for CONSTRUCT, DESCRIBE, graphs and the service
//! description. Each list starts with the default and holds the aliases clients send
//! (`application/json`, `text/plain`, ...).

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

use super::negotiate;
use super::problem::Problem;

const RESULTS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
];

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// Graph formats: what a CONSTRUCT, a DESCRIBE or one graph of the store can be written as.
const GRAPHS: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/n-quads", RdfFormat::NQuads),
    ("application/ld+json", JSON_LD),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/trig", RdfFormat::TriG),
    ("application/x-turtle", RdfFormat::Turtle),
    ("text/plain", RdfFormat::NTriples),
    ("application/json", JSON_LD),
    ("application/xml", RdfFormat::RdfXml),
];

/// Dataset formats: what the whole store can be written as.
const DATASETS: &[(&str, RdfFormat)] = &[
    ("application/n-quads", RdfFormat::NQuads),
    ("application/trig", RdfFormat::TriG),
    ("application/ld+json", JSON_LD),
    ("text/x-nquads", RdfFormat::NQuads),
    ("application/json", JSON_LD),
];

fn pick<F: Copy>(
    accept: Option<&str>,
    table: &[(&'static str, F)],
) -> Result<(&'static str, F), Problem> {
    let offers: Vec<&str> = table.iter().map(|(m, _)| *m).collect();
    negotiate::choose(accept, &offers)
        .map(|i| table[i])
        .ok_or_else(|| Problem::not_acceptable(&offers))
}

/// The results format for SELECT and ASK, with the media type to answer with.
pub fn results(accept: Option<&str>) -> Result<(&'static str, QueryResultsFormat), Problem> {
    pick(accept, RESULTS)
}

pub fn graph(accept: Option<&str>) -> Result<(&'static str, RdfFormat), Problem> {
    pick(accept, GRAPHS)
}

pub fn dataset(accept: Option<&str>) -> Result<(&'static str, RdfFormat), Problem> {
    pick(accept, DATASETS)
}

/// The RDF format of a request body, by its Content-Type.
pub fn of_body(content_type: Option<&str>) -> Result<RdfFormat, Problem> {
    let Some(content_type) = content_type else {
        return Err(Problem::unsupported_media_type(
            "the request has no Content-Type; send RDF as text/turtle, application/n-triples, application/n-quads, application/trig, application/rdf+xml or application/ld+json",
        ));
    };
    let media = negotiate::media_type(content_type);
    GRAPHS
        .iter()
        .chain(DATASETS)
        .find(|(m, _)| *m == media)
        .map(|(_, f)| *f)
        .or_else(|| RdfFormat::from_media_type(&media))
        .ok_or_else(|| {
            Problem::unsupported_media_type(format!(
                "{media} is not an RDF format this server reads (text/turtle, application/n-triples, application/n-quads, application/trig, application/rdf+xml, application/ld+json)"
            ))
        })
}

/// The media type to answer with, with the charset for text formats.
pub fn content_type(media: &str) -> String {
    if media.starts_with("text/")
        || media.ends_with("json")
        || media.ends_with("xml")
        || media.starts_with("application/n-")
        || media == "application/trig"
    {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    }
}
