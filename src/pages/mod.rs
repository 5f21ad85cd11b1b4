//! The propagation pages, to look at rather than read: a claim's page (who said it, whom it
//! came through, which outlets carried it and when, the first report marked), a speaker's and
//! an outlet's, and a search page. `claimtrace serve` serves them; `trace --format html`
//! writes a claim page as one self-contained file.

mod agent;
mod claim;
mod diff;
mod html;
mod links;
mod render;
mod search;
mod sentence;

pub use agent::PER_PAGE;
pub use claim::{CARRIER_QUERY, ClaimPage};
pub use html::{ASSETS, Asset, Delivery};
pub use links::{Kind, iri_of, page_of};

use std::collections::HashMap;

use maud::html;

use crate::mapping::Ids;
use crate::query::QueryError;
use crate::source::Source;
use crate::trace::{Trace, TraceError};

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Trace(#[from] TraceError),
    #[error("cannot write the page: {0}")]
    Write(#[from] std::io::Error),
    #[error("there is no page {page}: the last is {pages}")]
    NoSuchPage { page: usize, pages: usize },
}

/// The page of an agent: outlets have theirs, anyone else a speaker's.
fn agent_page(ids: &Ids, iri: &str) -> Option<String> {
    let kind = if iri
        .strip_prefix(ids.base())
        .is_some_and(|p| p.starts_with("outlet/"))
    {
        Kind::Outlet
    } else {
        Kind::Speaker
    };
    page_of(ids, kind, iri)
}

/// The claim page of `trace` (one claim, or a choice of the claims it holds).
pub fn claim_page(
    source: Source<'_>,
    trace: &Trace,
    delivery: Delivery,
) -> Result<String, PageError> {
    let page = ClaimPage::read(source, trace)?;
    let ids = source.ids();
    let mut links: HashMap<&str, String> = HashMap::new();
    if delivery == Delivery::Served {
        for claim in &trace.claims {
            let mut agents = vec![claim.speaker.iri.as_str()];
            for c in &claim.carriers {
                agents.extend(c.via.iter().map(|l| l.iri.as_str()));
                agents.extend(c.article.publisher.iter().map(|p| p.iri.as_str()));
            }
            for iri in agents {
                if let Some(url) = agent_page(&ids, iri) {
                    links.insert(iri, url);
                }
            }
            if let Some(url) = page_of(&ids, Kind::Claim, &claim.iri) {
                links.insert(&claim.iri, url);
            }
        }
    }
    let title = match trace.claims.as_slice() {
        [one] => clipped(&format!("{}: {}", one.speaker.name, one.text), 90),
        _ => format!("Claims matching {}", trace.query),
    };
    let data = serde_json::json!({
        "served": delivery == Delivery::Served,
        "links": links,
        "page": page,
    });
    let body = html! {
        div #app {
            noscript { "This page draws the claim's spread with JavaScript; its data is in the page as JSON." }
        }
    };
    Ok(html::shell(
        &title,
        delivery,
        &body,
        Some(&data),
        &[&html::D3_JS, &html::CLAIM_JS],
    ))
}

/// The page of the speaker or outlet `iri` (`kind`), its claims' `page` (from 1); none when
/// the store does not name it.
pub fn agent_page_html(
    source: Source<'_>,
    kind: Kind,
    iri: &str,
    page: usize,
) -> Result<Option<String>, PageError> {
    Ok(agent::read(source, kind, iri, page)?.map(|p| render::agent(&p)))
}

/// The search page, with what `q` finds when given.
pub fn search_page(source: Source<'_>, q: Option<&str>) -> Result<String, PageError> {
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    let found = q.map(|q| search::find(source, q)).transpose()?;
    Ok(render::search(q.unwrap_or(""), found.as_ref()))
}

/// A page saying what is not there.
pub fn message_page(title: &str, text: &str) -> String {
    render::message(title, text)
}

/// Writes `trace` in `format`: the claim page for HTML (a standalone file), else as
/// `trace::render` does.
pub fn render(
    source: Source<'_>,
    trace: &Trace,
    format: crate::trace::Format,
    out: &mut dyn std::io::Write,
) -> Result<(), PageError> {
    match format {
        crate::trace::Format::Html => {
            out.write_all(claim_page(source, trace, Delivery::Standalone)?.as_bytes())?;
        }
        other => crate::trace::render(trace, other, out)?,
    }
    Ok(())
}

fn clipped(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n - 1).collect();
        out.push('…');
        out
    }
}
