//! The search page's findings: speakers and outlets by name, matched as `claimtrace trace`
//! matches them (with its "did you mean"), and claims by their words.

use oxigraph::model::{NamedNode, Term};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::agent::Named;
use super::links::{Kind, page_of};
use super::{PageError, agent_page};
use crate::mapping::vocab::schema;
use crate::source::Source;
use crate::trace::{self, TraceError};

/// Claims listed at most.
const CLAIMS_SHOWN: usize = 50;

pub struct Found {
    pub speakers: Agents,
    pub outlets: Agents,
    pub claims: Vec<FoundClaim>,
    /// Claims that matched beyond those listed.
    pub more_claims: usize,
}

pub struct Agents {
    pub agents: Vec<Named>,
    pub suggestions: Vec<String>,
}

pub struct FoundClaim {
    pub text: String,
    pub url: Option<String>,
    pub speaker: Option<Named>,
}

pub fn find(source: Source<'_>, q: &str) -> Result<Found, PageError> {
    let ids = source.ids();
    let agents = |what: &'static str| -> Result<Agents, PageError> {
        match trace::resolve(source, q, what) {
            Ok(found) => Ok(Agents {
                agents: found
                    .into_iter()
                    .map(|a| Named {
                        url: agent_page(&ids, &a.iri),
                        iri: a.iri,
                        name: a.name,
                    })
                    .collect(),
                suggestions: Vec::new(),
            }),
            Err(TraceError::NoMatch { suggestions, .. }) => Ok(Agents {
                agents: Vec::new(),
                suggestions,
            }),
            Err(e) => Err(e.into()),
        }
    };
    let speakers = agents("speaker")?;
    let outlets = agents("outlet")?;
    let iris = trace::find_claims(source, q)?;
    let shown: Vec<&str> = iris.iter().take(CLAIMS_SHOWN).map(String::as_str).collect();
    let described = source.describe(&shown, &[schema::TEXT, schema::AUTHOR])?;
    let mut claims = Vec::new();
    for iri in &shown {
        let props = described.get(*iri);
        let value = |p: &str| props.and_then(|p2| p2.get(p)).and_then(|v| v.first());
        let Some(Term::Literal(text)) = value(schema::TEXT.as_str()) else {
            continue;
        };
        let speaker = match value(schema::AUTHOR.as_str()) {
            Some(Term::NamedNode(author)) => source.label(author.as_ref())?.map(|name| Named {
                url: agent_page(&ids, author.as_str()),
                iri: author.as_str().to_string(),
                name,
            }),
            _ => None,
        };
        claims.push(FoundClaim {
            text: text.value().to_string(),
            url: page_of(&ids, Kind::Claim, NamedNode::new_unchecked(*iri).as_str()),
            speaker,
        });
    }
    Ok(Found {
        speakers,
        outlets,
        claims,
        more_claims: iris.len().saturating_sub(CLAIMS_SHOWN),
    })
}

/// `text` as a query string value.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}
