//! What a speaker's or an outlet's page shows: its claims on a timeline and in a table, a
//! page of [`PER_PAGE`] at a time (a speaker with hundreds of claims gets pages, not a
//! hairball), the outlets a speaker reaches or the speakers an outlet relays, and for an
//! outlet the claims it was the first to carry.

use std::collections::HashMap;

use oxigraph::model::{NamedNode, Term, Variable};
use serde::Serialize;

use super::links::{Kind, page_of};
use super::{PageError, agent_page};
use crate::query::Outcome;
use crate::source::Source;

pub const PER_PAGE: usize = 50;
/// An outlet's "first to carry it" is counted over all its claims up to this many; past it,
/// over the claims of the page shown (each claim's every carrier must be read).
const FIRST_COUNTED_UP_TO: usize = 2000;

const SPEAKER_CLAIMS: &str = include_str!("../../queries/pages/speaker-claims.rq");
const SPEAKER_OUTLETS: &str = include_str!("../../queries/pages/speaker-outlets.rq");
const OUTLET_CLAIMS: &str = include_str!("../../queries/pages/outlet-claims.rq");
const OUTLET_SPEAKERS: &str = include_str!("../../queries/pages/outlet-speakers.rq");
const CLAIMS_FIRST: &str = include_str!("../../queries/pages/claims-first.rq");

#[derive(Debug, Serialize)]
pub struct AgentPage {
    /// "speaker" or "outlet".
    pub kind: &'static str,
    pub iri: String,
    pub name: String,
    /// From 1.
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub claims: Vec<ClaimRow>,
    /// The outlets a speaker reaches, or the speakers an outlet relays.
    pub reach: Vec<Reach>,
    /// An outlet's claims it carried first, and over how many claims that was counted.
    pub first: Option<FirstCount>,
}

#[derive(Debug, Serialize)]
pub struct ClaimRow {
    pub iri: String,
    pub url: Option<String>,
    pub text: String,
    /// An outlet's page names each claim's speaker.
    pub speaker: Option<Named>,
    /// When the claim was first carried, by anyone.
    pub first: Option<String>,
    /// When this outlet first carried it (outlet pages).
    pub carried: Option<String>,
    /// Whether this outlet carried it first (outlet pages).
    pub carried_first: Option<bool>,
    pub articles: Option<usize>,
    pub outlets: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Named {
    pub iri: String,
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Reach {
    pub agent: Named,
    pub claims: usize,
    pub articles: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct FirstCount {
    pub first: usize,
    pub of: usize,
    /// Whether `of` is every claim the outlet carried (else: those of this page).
    pub all: bool,
}

/// The page of the agent `iri` seen as `kind`; none when the store does not name it.
pub fn read(
    source: Source<'_>,
    kind: Kind,
    iri: &str,
    page: usize,
) -> Result<Option<AgentPage>, PageError> {
    let node = NamedNode::new_unchecked(iri);
    let Some(name) = source.label(node.as_ref())? else {
        return Ok(None);
    };
    let page = page.max(1);
    let ids = source.ids();
    let named = |iri: String, name: String| Named {
        url: agent_page(&ids, &iri),
        iri,
        name,
    };
    let (claims_query, reach_query, variable) = match kind {
        Kind::Outlet => (OUTLET_CLAIMS, OUTLET_SPEAKERS, "outlet"),
        _ => (SPEAKER_CLAIMS, SPEAKER_OUTLETS, "speaker"),
    };
    let bindings = [(Variable::new_unchecked(variable), node.into())];
    // The aggregate is computed for every claim before it is sorted, so all rows are read
    // once and the page cut here.
    let rows = table(source.execute_bound(claims_query, &bindings)?);
    let total = rows.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    if page > pages {
        return Err(PageError::NoSuchPage { page, pages });
    }
    let mut claims: Vec<ClaimRow> = rows
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|r| ClaimRow {
            iri: r.string("claim"),
            url: page_of(&ids, Kind::Claim, &r.string("claim")),
            text: r.string("text"),
            speaker: (kind == Kind::Outlet)
                .then(|| named(r.string("speaker"), r.string("speakerName"))),
            first: r.value("first"),
            carried: r.value("carried"),
            carried_first: None,
            articles: r.number("articles"),
            outlets: r.number("outlets"),
        })
        .collect();
    let reach = table(source.execute_bound(reach_query, &bindings)?)
        .into_iter()
        .map(|r| match kind {
            Kind::Outlet => Reach {
                agent: named(r.string("speaker"), r.string("name")),
                claims: r.number("claims").unwrap_or(0),
                articles: None,
            },
            _ => Reach {
                agent: named(r.string("outlet"), r.string("name")),
                claims: r.number("claims").unwrap_or(0),
                articles: r.number("articles"),
            },
        })
        .collect();
    let mut first = None;
    if kind == Kind::Outlet {
        // Every claim's first carriage when all are counted (the page's among them), else
        // the page's alone: one read either way.
        let counted_all = total <= FIRST_COUNTED_UP_TO;
        let iris: Vec<String> = if counted_all {
            rows.iter().map(|r| r.string("claim")).collect()
        } else {
            claims.iter().map(|c| c.iri.clone()).collect()
        };
        let earliest = earliest(source, iris.iter().map(String::as_str))?;
        for c in &mut claims {
            if let Some((at, articles)) = earliest.get(&c.iri) {
                c.first = at.clone();
                c.articles = Some(*articles);
                c.carried_first = Some(at.is_some() && c.carried == *at);
            }
        }
        first = Some(if counted_all {
            FirstCount {
                first: rows
                    .iter()
                    .filter(|r| {
                        let at = r.value("carried");
                        at.is_some()
                            && earliest
                                .get(&r.string("claim"))
                                .is_some_and(|(e, _)| *e == at)
                    })
                    .count(),
                of: total,
                all: true,
            }
        } else {
            FirstCount {
                first: claims
                    .iter()
                    .filter(|c| c.carried_first == Some(true))
                    .count(),
                of: claims.len(),
                all: false,
            }
        });
    }
    Ok(Some(AgentPage {
        kind: match kind {
            Kind::Outlet => "outlet",
            _ => "speaker",
        },
        iri: iri.to_string(),
        name,
        page,
        pages,
        total,
        claims,
        reach,
        first,
    }))
}

/// When each claim was first carried (by anyone), and by how many articles; a request per
/// 200 claims.
fn earliest<'a>(
    source: Source<'_>,
    claims: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, (Option<String>, usize)>, PageError> {
    let claims: Vec<&str> = claims.collect();
    let mut out = HashMap::new();
    for chunk in claims.chunks(200) {
        let values: Vec<String> = chunk.iter().map(|c| format!("<{c}>")).collect();
        let sparql = CLAIMS_FIRST.replacen(
            "WHERE {",
            &format!("WHERE {{\n  VALUES ?claim {{ {} }}", values.join(" ")),
            1,
        );
        for r in table(source.execute(&sparql)?) {
            out.insert(
                r.string("claim"),
                (r.value("first"), r.number("articles").unwrap_or(0)),
            );
        }
    }
    Ok(out)
}

/// A result row, its values by variable name.
struct Row(HashMap<String, Term>);

impl Row {
    fn value(&self, var: &str) -> Option<String> {
        match self.0.get(var)? {
            Term::Literal(l) => Some(l.value().to_string()),
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        }
    }

    fn string(&self, var: &str) -> String {
        self.value(var).unwrap_or_default()
    }

    fn number(&self, var: &str) -> Option<usize> {
        self.value(var)?.parse().ok()
    }
}

fn table(outcome: Outcome) -> Vec<Row> {
    let Outcome::Solutions { vars, rows } = outcome else {
        return Vec::new();
    };
    rows.into_iter()
        .map(|r| {
            Row(vars
                .iter()
                .zip(r)
                .filter_map(|(v, t)| Some((v.as_str().to_string(), t?)))
                .collect())
        })
        .collect()
}
