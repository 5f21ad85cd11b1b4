//! The pages' HTML: one shell for all of them, with their styles and scripts linked (served:
//! `/assets/...`) or inlined (a standalone file that opens offline), and the data a page's
//! script reads embedded as JSON.

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// How a page reaches its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// By `claimtrace serve`: assets linked, links to the other pages and the query page.
    Served,
    /// One self-contained file: everything inlined, no link that needs a server.
    Standalone,
}

/// A style sheet or script the pages use, as served at `/assets/NAME`.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

pub const PAGES_CSS: Asset = Asset {
    name: "pages.css",
    content_type: "text/css; charset=utf-8",
    body: include_bytes!("../../assets/pages/pages.css"),
};
pub const D3_JS: Asset = Asset {
    name: "d3.min.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_bytes!("../../assets/d3/d3.min.js"),
};
pub const CLAIM_JS: Asset = Asset {
    name: "claim.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_bytes!("../../assets/pages/claim.js"),
};
pub const AGENT_JS: Asset = Asset {
    name: "agent.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_bytes!("../../assets/pages/agent.js"),
};

/// Every asset, for the server.
pub const ASSETS: &[Asset] = &[PAGES_CSS, D3_JS, CLAIM_JS, AGENT_JS];

/// A page: the bar (with the search form when served), `body`, the data `scripts` read, and
/// the scripts.
pub fn shell(
    title: &str,
    delivery: Delivery,
    body: &Markup,
    data: Option<&serde_json::Value>,
    scripts: &[&Asset],
) -> String {
    let served = delivery == Delivery::Served;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No icon to fetch: a browser would ask the server for /favicon.ico.
                link rel="icon" href="data:,";
                title { (title) " · claimtrace" }
                @if served {
                    link rel="stylesheet" href={ "/assets/" (PAGES_CSS.name) };
                } @else {
                    style { (PreEscaped(text_of(&PAGES_CSS))) }
                }
            }
            body {
                header.bar {
                    @if served {
                        a.brand href="/trace" { "claimtrace" }
                        form action="/trace" method="get" role="search" {
                            input type="search" name="q" placeholder="A speaker, an outlet, or words of a claim"
                                aria-label="Search speakers, outlets and claims";
                            button type="submit" { "Search" }
                        }
                        a href="/" { "SPARQL" }
                    } @else {
                        span.brand { "claimtrace" }
                        span.note { "A standalone page: the data is in the file, nothing is fetched." }
                    }
                }
                main { (body) }
                @if let Some(data) = data {
                    script type="application/json" id="claimtrace-data" { (PreEscaped(embedded_json(data))) }
                }
                @for script in scripts {
                    @if served {
                        script src={ "/assets/" (script.name) } {}
                    } @else {
                        script { (PreEscaped(inline_script(script))) }
                    }
                }
            }
        }
    }
    .into_string()
}

/// JSON that cannot end its script element or open a comment: every `<` escaped (it only
/// occurs inside strings, where `\u003c` means the same).
fn embedded_json(data: &serde_json::Value) -> String {
    serde_json::to_string(data)
        .unwrap_or_else(|_| "null".to_string())
        .replace('<', "\\u003c")
}

fn text_of(asset: &Asset) -> &'static str {
    std::str::from_utf8(asset.body).unwrap_or("")
}

/// A script to inline: `</script` would end the element early, so it is broken up (the
/// vendored d3 holds none; our scripts neither; this keeps it so).
fn inline_script(asset: &Asset) -> String {
    text_of(asset).replace("</script", "<\\/script")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_cannot_close_its_script() {
        let data = serde_json::json!({ "text": "</script><script>alert(1)</script><!--" });
        let page = shell("t", Delivery::Standalone, &html! {}, Some(&data), &[]);
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
        assert!(!page.contains("<!--"));
    }

    #[test]
    fn a_served_page_links_its_assets_and_a_standalone_one_holds_them() {
        let served = shell("t", Delivery::Served, &html! {}, None, &[&D3_JS]);
        assert!(served.contains("src=\"/assets/d3.min.js\""));
        let standalone = shell("t", Delivery::Standalone, &html! {}, None, &[&D3_JS]);
        assert!(!standalone.contains("/assets/"));
        assert!(standalone.contains("d3js.org"));
    }
}
