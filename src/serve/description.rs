//! The SPARQL 1.1 Service Description, answered to a bare GET on the endpoint: what the
//! service speaks, the formats it answers in, and that its default graph is the union of all
//! graphs.

use oxigraph::io::{RdfFormat, RdfParser};

use super::formats;
use super::problem::Problem;

/// The description of the endpoint at `endpoint`, in the format the Accept header asks.
pub fn describe(
    endpoint: &str,
    updates: bool,
    accept: Option<&str>,
) -> Result<(String, Vec<u8>), Problem> {
    let update = if updates { ", sd:SPARQL11Update" } else { "" };
    let turtle = format!(
        r#"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query{update} ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
    formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle,
    formats:N-Triples, formats:N-Quads, formats:JSON-LD, formats:RDF_XML ;
  sd:inputFormat formats:Turtle, formats:N-Triples, formats:N-Quads, formats:TriG,
    formats:RDF_XML, formats:JSON-LD ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"#
    );
    let (media, format) = formats::graph(accept)?;
    if format == RdfFormat::Turtle {
        return Ok((formats::content_type(media), turtle.into_bytes()));
    }
    let mut writer = crate::export::serializer(format).for_writer(Vec::new());
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        let quad = quad.map_err(|e| Problem::internal(format!("the service description: {e}")))?;
        writer
            .serialize_quad(&quad)
            .map_err(|e| Problem::internal(format!("the service description: {e}")))?;
    }
    let bytes = writer
        .finish()
        .map_err(|e| Problem::internal(format!("the service description: {e}")))?;
    Ok((formats::content_type(media), bytes))
}
