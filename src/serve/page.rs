//! The query page at `/`: YASGUI (vendored by `scripts/vendor-yasgui.sh`, embedded in the
//! binary, no CDN) on this server's endpoint, with the named queries of `queries/` one click
//! away, each with the prefixes it uses declared.

use hyper::{Method, Response, StatusCode};

use super::body::{Body, whole};
use super::problem::Problem;
use crate::queries;
use crate::query::all_prefixes;

const YASGUI_JS: &[u8] = include_bytes!("../../assets/yasgui/yasgui.min.js");
const YASGUI_CSS: &[u8] = include_bytes!("../../assets/yasgui/yasgui.min.css");

/// The page or one of its assets, for a GET or HEAD of `path`; `None` for other paths.
pub fn asset(method: &Method, path: &str) -> Option<Result<Response<Body>, Problem>> {
    let (content_type, bytes): (&str, Vec<u8>) = match path {
        "/" | "/index.html" => ("text/html; charset=utf-8", page().into_bytes()),
        "/assets/yasgui.min.js" => ("text/javascript; charset=utf-8", YASGUI_JS.to_vec()),
        "/assets/yasgui.min.css" => ("text/css; charset=utf-8", YASGUI_CSS.to_vec()),
        _ => return None,
    };
    if method != Method::GET && method != Method::HEAD {
        return Some(Err(Problem::method_not_allowed("GET, HEAD")));
    }
    Some(Ok(whole(StatusCode::OK, content_type, bytes)))
}

/// A named query as the page offers it: the prefixes it uses declared, then its text.
fn with_prefixes(sparql: &str) -> String {
    let mut declared = String::new();
    for (prefix, iri) in all_prefixes(&[]) {
        if sparql.contains(&format!("{prefix}:")) && !sparql.contains(&format!("PREFIX {prefix}:"))
        {
            declared.push_str(&format!("PREFIX {prefix}: <{iri}>\n"));
        }
    }
    format!("{declared}{sparql}")
}

fn page() -> String {
    let named: Vec<serde_json::Value> = queries::NAMED
        .iter()
        .map(|(name, sparql)| {
            serde_json::json!({
                "name": name,
                "description": queries::description(sparql),
                "query": with_prefixes(sparql),
            })
        })
        .collect();
    // `</` cannot end the script early: JSON may escape its slash.
    let named = serde_json::to_string(&named)
        .expect("strings serialise")
        .replace("</", "<\\/");
    PAGE.replace("/*NAMED*/[]", &named)
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>claimtrace · SPARQL</title>
<link rel="stylesheet" href="/assets/yasgui.min.css">
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; font-family: system-ui, sans-serif; display: flex; min-height: 100vh; }
  nav { width: 15rem; flex: none; padding: 0.75rem; border-right: 1px solid #8884; overflow-y: auto; }
  nav h1 { font-size: 1.1rem; margin: 0 0 0.25rem; }
  nav p { font-size: 0.8rem; margin: 0 0 0.75rem; opacity: 0.8; }
  nav button { display: block; width: 100%; text-align: left; margin: 0 0 0.4rem; padding: 0.4rem;
    border: 1px solid #8886; border-radius: 4px; background: none; color: inherit; cursor: pointer; font: inherit; }
  nav button:hover, nav button:focus { border-color: #36c; outline: none; }
  nav button b { display: block; font-size: 0.9rem; }
  nav button span { font-size: 0.75rem; opacity: 0.8; }
  main { flex: 1; min-width: 0; }
  @media (max-width: 700px) { body { flex-direction: column; } nav { width: auto; border-right: none; } }
</style>
</head>
<body>
<nav aria-label="Named queries">
  <h1>claimtrace</h1>
  <p>SPARQL endpoint: <code id="endpoint"></code>. Named queries:</p>
  <div id="named"></div>
</nav>
<main><div id="yasgui"></div></main>
<script src="/assets/yasgui.min.js"></script>
<script>
  const NAMED = /*NAMED*/[];
  // A page's "Run it in the query page" link, /#query=...: the query opens in a tab of its
  // own. Taken (and the address cleaned) before YASGUI reads the address itself.
  const asked = new URLSearchParams(window.location.hash.slice(1)).get("query");
  if (asked) { history.replaceState(null, "", window.location.pathname); }
  const endpoint = new URL("/sparql", window.location.href).href;
  document.getElementById("endpoint").textContent = endpoint;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: "claimtrace-" + window.location.host,
  });
  const list = document.getElementById("named");
  for (const q of NAMED) {
    const button = document.createElement("button");
    button.dataset.name = q.name;
    button.innerHTML = "<b></b><span></span>";
    button.querySelector("b").textContent = q.name;
    button.querySelector("span").textContent = q.description;
    button.addEventListener("click", () => {
      const tab = yasgui.getTab();
      tab.setQuery(q.query);
      tab.query();
    });
    list.appendChild(button);
  }
  const first = yasgui.getTab();
  if (first && !first.getQuery().includes("ct:") && NAMED.length) { first.setQuery(NAMED[0].query); }
  if (asked) {
    const tab = yasgui.addTab(true);
    tab.setQuery(asked);
    tab.query();
  }
</script>
</body>
</html>
"#;
