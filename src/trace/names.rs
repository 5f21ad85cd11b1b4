//! Which agents or claims a name or text means: exact names first (by IRI, cheap), then a
//! scan of the registry's names (surnames, any case), and names close to it when nothing
//! matches.

use std::collections::BTreeMap;

use oxigraph::model::{NamedNode, Term};

use super::model::{Agent, TraceError};
use crate::claims::Words;
use crate::mapping::vocab;
use crate::query::{Outcome, QueryError};
use crate::source::Source;
use claimtrace_text::extract::SpeakerKind;
use claimtrace_text::gazetteer::Gazetteer;

/// The agents a name means: by their IRI's name (case does not matter), a gazetteer alias,
/// else any label or alternate name equal to it, or ending in it (a surname); with the
/// outlets whose parent organisation it is ("BBC": BBC News Russian too).
pub fn resolve(
    source: Source<'_>,
    name: &str,
    what: &'static str,
) -> Result<Vec<Agent>, TraceError> {
    let ids = source.ids();
    let mut candidates: Vec<NamedNode> = [
        SpeakerKind::Person,
        SpeakerKind::Organization,
        SpeakerKind::Outlet,
        SpeakerKind::Group,
    ]
    .into_iter()
    .map(|k| ids.agent(k, name, None))
    .collect();
    if let Some(o) = Gazetteer::get().lookup(name) {
        candidates.insert(0, ids.outlet(o));
    }
    let mut found: Vec<Agent> = Vec::new();
    // Adds an agent the registry names, once.
    let add = |found: &mut Vec<Agent>, agent: NamedNode| -> Result<(), TraceError> {
        if !found.iter().any(|a| a.iri == agent.as_str())
            && let Some(name) = source.label(agent.as_ref())?
        {
            found.push(Agent {
                iri: agent.into_string(),
                name,
            });
        }
        Ok(())
    };
    for c in candidates {
        add(&mut found, c)?;
    }
    let mut names: Vec<(String, String)> = Vec::new();
    if found.is_empty() {
        names = registry_names(source)?;
        let wanted = name.trim().to_lowercase();
        for (agent, n) in &names {
            let lower = n.to_lowercase();
            let surname = !wanted.contains(' ')
                && lower.rsplit(' ').next() == Some(wanted.as_str())
                && agent.contains("/person/");
            if lower == wanted || surname {
                add(&mut found, NamedNode::new_unchecked(agent.as_str()))?;
            }
        }
    }
    // Outlets under a matched parent organisation.
    let mut i = 0;
    while i < found.len() {
        let parent = NamedNode::new_unchecked(found[i].iri.as_str());
        for child in source.parts_of(parent.as_ref())? {
            add(&mut found, child)?;
        }
        i += 1;
    }
    if found.is_empty() {
        return Err(TraceError::NoMatch {
            what,
            name: name.to_string(),
            suggestions: suggestions(name, &names),
        });
    }
    Ok(found)
}

/// Every (agent, label or alternate name) of the registry: a scan, done only when a name
/// is not found directly.
fn registry_names(source: Source<'_>) -> Result<Vec<(String, String)>, QueryError> {
    let sparql = format!(
        "SELECT ?agent ?name WHERE {{ GRAPH <{}> {{ ?agent rdfs:label|schema:alternateName ?name }} }}",
        source.ids().registry_graph().as_str()
    );
    match source.execute(&sparql)? {
        Outcome::Solutions { rows, .. } => Ok(rows
            .into_iter()
            .filter_map(|r| match (r.first()?.as_ref()?, r.get(1)?.as_ref()?) {
                (Term::NamedNode(a), Term::Literal(l)) => {
                    Some((a.as_str().to_string(), l.value().to_string()))
                }
                _ => None,
            })
            .collect()),
        _ => Ok(Vec::new()),
    }
}

/// Up to three names close to `name` (Jaro-Winkler similarity of 0.85 or more), compared
/// with each whole name and with each run of as many of its words, so a misspelt surname
/// ("Peskow") finds the full name ("Dmitry Peskov").
fn suggestions(name: &str, names: &[(String, String)]) -> Vec<String> {
    let wanted = name.trim().to_lowercase();
    let width = wanted.split_whitespace().count().max(1);
    let mut scored: BTreeMap<String, f64> = BTreeMap::new();
    for (_, n) in names {
        let lower = n.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let runs = words.windows(width).map(|run| run.join(" "));
        let score = std::iter::once(lower.clone())
            .chain(runs)
            .map(|candidate| strsim::jaro_winkler(&wanted, &candidate))
            .fold(0.0, f64::max);
        if score >= 0.85 {
            let best = scored.entry(n.clone()).or_insert(0.0);
            *best = best.max(score);
        }
    }
    let mut ranked: Vec<(String, f64)> = scored.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(3).map(|(n, _)| n).collect()
}

/// The claims `text` names: an IRI (`<...>`, `ctid:...` or absolute), else the claims of
/// the statements whose words contain its words.
pub fn find_claims(source: Source<'_>, text: &str) -> Result<Vec<String>, QueryError> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        return Ok(vec![inner.to_string()]);
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        return Ok(vec![t.to_string()]);
    }
    if let Some(full) = vocab::expand(t).filter(|_| !t.contains(' ')) {
        return Ok(vec![full]);
    }
    let wanted = Words::of(t).key;
    // The longest word narrows the scan in SPARQL; the words are compared here.
    let Some(longest) = wanted.split(' ').max_by_key(|w| w.len()) else {
        return Ok(Vec::new());
    };
    // The words may run over the source and cue too ("Reuters released an outline").
    let sparql = format!(
        "SELECT DISTINCT ?claim ?content ?said WHERE {{ \
           ?s ct:claim ?claim ; ct:content ?content . \
           OPTIONAL {{ ?s ct:sourceText ?source }} OPTIONAL {{ ?s ct:cue ?cue }} \
           BIND(CONCAT(COALESCE(?source, \"\"), \" \", COALESCE(?cue, \"\"), \" \", ?content) AS ?said) \
           FILTER(CONTAINS(LCASE(?said), \"{longest}\")) }} ORDER BY ?claim"
    );
    let mut out: Vec<String> = Vec::new();
    if let Outcome::Solutions { rows, .. } = source.execute(&sparql)? {
        for r in rows {
            let Some(Term::NamedNode(claim)) = &r[0] else {
                continue;
            };
            let holds = r[1..].iter().flatten().any(|t| match t {
                Term::Literal(l) => {
                    format!(" {} ", Words::of(l.value()).key).contains(&format!(" {wanted} "))
                }
                _ => false,
            });
            if holds && !out.iter().any(|o| o == claim.as_str()) {
                out.push(claim.as_str().to_string());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::suggestions;

    fn names(list: &[&str]) -> Vec<(String, String)> {
        list.iter()
            .map(|n| (format!("agent:{n}"), (*n).to_string()))
            .collect()
    }

    #[test]
    fn a_misspelt_surname_suggests_the_full_name() {
        let known = names(&["Dmitry Peskov", "Vladimir Putin", "Reuters"]);
        assert_eq!(suggestions("Peskow", &known), vec!["Dmitry Peskov"]);
        assert_eq!(suggestions("Vladimr Putin", &known), vec!["Vladimir Putin"]);
        assert_eq!(suggestions("Reutres", &known), vec!["Reuters"]);
    }

    #[test]
    fn unrelated_words_suggest_nothing() {
        let known = names(&["Dmitry Peskov", "Vladimir Putin"]);
        assert!(suggestions("Bloomberg", &known).is_empty());
        assert!(suggestions("", &known).is_empty());
    }
}
