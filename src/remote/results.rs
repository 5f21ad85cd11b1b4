//! A server's answer as an [`Outcome`]: SPARQL results (JSON, XML, TSV; CSV loses term
//! types and is not asked for) or RDF, by the media type the server says it sent.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};

use crate::query::Outcome;

/// Reads `body`, sent as `content_type`; the reason when it is not a result claimtrace reads.
pub fn read(content_type: &str, body: &[u8]) -> Result<Outcome, String> {
    let media = content_type.split(';').next().unwrap_or("").trim();
    if let Some(format) =
        QueryResultsFormat::from_media_type(media).filter(|f| *f != QueryResultsFormat::Csv)
    {
        let output = QueryResultsParser::from_format(format)
            .for_slice(body)
            .map_err(|e| e.to_string())?;
        return Ok(match output {
            SliceQueryResultsParserOutput::Boolean(b) => Outcome::Boolean(b),
            SliceQueryResultsParserOutput::Solutions(solutions) => {
                let vars = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for s in solutions {
                    rows.push(s.map_err(|e| e.to_string())?.values().to_vec());
                }
                Outcome::Solutions { vars, rows }
            }
        });
    }
    if let Some(format) = RdfFormat::from_media_type(media) {
        let mut triples = Vec::new();
        for quad in RdfParser::from_format(format).for_slice(body) {
            triples.push(quad.map_err(|e| e.to_string())?.into());
        }
        return Ok(Outcome::Graph(triples));
    }
    Err(format!(
        "the answer is {}, not a SPARQL result or RDF",
        if media.is_empty() { "untyped" } else { media }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtuoso_s_json_with_typed_literals_is_read() {
        let body = br#"{ "head": { "link": [], "vars": ["n", "d"] },
          "results": { "distinct": false, "ordered": true, "bindings": [
            { "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "2496" },
              "d": { "type": "literal", "xml:lang": "en", "value": "x" } } ] } }"#;
        let Ok(Outcome::Solutions { vars, rows }) =
            read("application/sparql-results+json; charset=UTF-8", body)
        else {
            panic!("not read as solutions");
        };
        assert_eq!(vars.len(), 2);
        assert_eq!(
            rows[0][0].as_ref().unwrap().to_string(),
            "\"2496\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        assert_eq!(rows[0][1].as_ref().unwrap().to_string(), "\"x\"@en");
    }

    #[test]
    fn rdf_is_read_as_triples_and_html_is_refused() {
        let Ok(Outcome::Graph(t)) = read("text/turtle", b"<http://a> <http://b> \"c\" .") else {
            panic!("not read as a graph");
        };
        assert_eq!(t.len(), 1);
        let refused = read("text/html; charset=UTF-8", b"<html></html>")
            .err()
            .unwrap();
        assert!(refused.contains("text/html"), "{refused}");
    }
}
