//! The pages drawn on the server: a speaker's or an outlet's (its timeline drawn by
//! `agent.js` from the embedded data; all else readable without scripts), the search page,
//! and a page for what is not there.

use maud::{Markup, html};

use super::agent::{AgentPage, ClaimRow};
use super::html::{self, Delivery};
use super::search::Found;

/// A time as the pages show it: the day, and the time of day with its offset if given.
fn shown(at: &Option<String>) -> String {
    match at {
        None => "no date".to_string(),
        Some(t) => t.replacen('T', " ", 1),
    }
}

fn link_or_text(url: &Option<String>, text: &str) -> Markup {
    html! {
        @if let Some(url) = url { a href=(url) { (text) } } @else { (text) }
    }
}

pub fn agent(page: &AgentPage) -> String {
    let outlet = page.kind == "outlet";
    let pager = html! {
        @if page.pages > 1 {
            nav.pager aria-label="Pages" {
                @if page.page > 1 { a href={ "?page=" (page.page - 1) } rel="prev" { "← Earlier claims" } }
                span { "Page " (page.page) " of " (page.pages) }
                @if page.page < page.pages { a href={ "?page=" (page.page + 1) } rel="next" { "Later claims →" } }
            }
        }
    };
    let body = html! {
        section.claim-head {
            p.note { (if outlet { "Outlet" } else { "Speaker" }) }
            h1 { (page.name) }
            ul.counts aria-label="Counts" {
                li { b { (page.total) } (if page.total == 1 { " claim" } else { " claims" }) (if outlet { " carried" } else { "" }) }
                @if let Some(first) = &page.first {
                    li.first-count {
                        "first to carry " b { (first.first) } " of " (first.of)
                        (if first.all { "" } else { " on this page" })
                    }
                }
                li { b { (page.reach.len()) } (if outlet { " speakers relayed" } else { " outlets reached" })
                    (if page.reach.len() == 20 { " (the top 20)" } else { "" }) }
            }
        }
        section.timeline aria-label="Claims over time" { div #timeline {} }
        div.cols {
            section {
                h2 { (if outlet { "Claims it carried" } else { "Claims" }) }
                (pager)
                table aria-label="Claims" {
                    thead { tr {
                        th scope="col" { (if outlet { "Carried" } else { "First reported" }) }
                        th scope="col" { "Claim" }
                        @if outlet { th scope="col" { "Speaker" } th scope="col" { "First?" } }
                        th scope="col" { "Articles" }
                        @if !outlet { th scope="col" { "Outlets" } }
                    } }
                    tbody {
                        @for c in &page.claims { (claim_row(c, outlet)) }
                    }
                }
                (pager)
            }
            aside {
                h2 { (if outlet { "Speakers it relays" } else { "Outlets it reaches" }) }
                @if page.reach.is_empty() { p.note { "None the store knows of." } }
                ol {
                    @for r in &page.reach {
                        li {
                            (link_or_text(&r.agent.url, &r.agent.name)) " · "
                            @if let Some(a) = r.articles { (a) (if a == 1 { " article" } else { " articles" }) ", " }
                            (r.claims) (if r.claims == 1 { " claim" } else { " claims" })
                        }
                    }
                }
            }
        }
    };
    let data = serde_json::json!({ "agent": page });
    html::shell(
        &page.name,
        Delivery::Served,
        &body,
        Some(&data),
        &[&html::D3_JS, &html::AGENT_JS],
    )
}

fn claim_row(c: &ClaimRow, outlet: bool) -> Markup {
    html! {
        tr.is-first[c.carried_first == Some(true)] {
            td { (shown(if outlet { &c.carried } else { &c.first })) }
            td { (link_or_text(&c.url, &c.text)) }
            @if outlet {
                td { @if let Some(s) = &c.speaker { (link_or_text(&s.url, &s.name)) } }
                td { @if c.carried_first == Some(true) { span.first-badge { "first" } } }
            }
            td { (c.articles.map_or(String::new(), |n| n.to_string())) }
            @if !outlet { td { (c.outlets.map_or(String::new(), |n| n.to_string())) } }
        }
    }
}

pub fn search(q: &str, found: Option<&Found>) -> String {
    let body = html! {
        h1 { "Who said it, who relayed it" }
        form.search action="/trace" method="get" role="search" {
            input type="search" name="q" value=(q) aria-label="Search speakers, outlets and claims"
                placeholder="Dmitry Peskov · BBC · behind closed doors";
            " " button type="submit" { "Search" }
        }
        @if let Some(found) = found {
            div.results {
                (agents_found("Speakers", &found.speakers))
                (agents_found("Outlets", &found.outlets))
                section aria-label="Claims" {
                    h2 { "Claims" }
                    @if found.claims.is_empty() { p.note { "No claim holds these words." } }
                    ul {
                        @for c in &found.claims {
                            li { (link_or_text(&c.url, &c.text)) " — "
                                @if let Some(s) = &c.speaker { (link_or_text(&s.url, &s.name)) } }
                        }
                    }
                    @if found.more_claims > 0 { p.note { (found.more_claims) " more: add words to narrow it." } }
                }
            }
        } @else {
            p.note { "A speaker (a name or a surname), an outlet (\"BBC\" takes in BBC News Russian), or words of a claim: each claim's page shows how it travelled." }
        }
    };
    let title = if q.is_empty() {
        "Search".to_string()
    } else {
        format!("{q} · search")
    };
    html::shell(&title, Delivery::Served, &body, None, &[])
}

fn agents_found(title: &str, found: &super::search::Agents) -> Markup {
    html! {
        section aria-label=(title) {
            h2 { (title) }
            @if found.agents.is_empty() {
                p.note { "None by that name"
                    @if !found.suggestions.is_empty() {
                        "; did you mean "
                        @for (i, s) in found.suggestions.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "/trace?q=" (super::search::encode(s)) } { (s) }
                        }
                        "?"
                    }
                }
            }
            ul { @for a in &found.agents { li { (link_or_text(&a.url, &a.name)) } } }
        }
    }
}

/// A page saying what is not there (or went wrong), with the search form above it.
pub fn message(title: &str, text: &str) -> String {
    let body = html! {
        h1 { (title) }
        p { (text) }
        p { a href="/trace" { "Search speakers, outlets and claims" } }
    };
    html::shell(title, Delivery::Served, &body, None, &[])
}
