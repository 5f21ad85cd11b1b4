//! Oxigraph's query plan as an indented tree, each step with its result count and time, IRIs
//! shortened by the known prefixes.

use crate::mapping::vocab;

/// The plan of Oxigraph's JSON explanation.
pub(super) fn describe(tree: &serde_json::Value) -> String {
    let mut out = String::new();
    if let Some(p) = tree["planning duration in seconds"].as_f64() {
        out += &format!("planned in {:.1} ms\n", p * 1000.0);
    }
    plan_node(&tree["plan"], 0, &mut out);
    out
}

fn plan_node(node: &serde_json::Value, depth: usize, out: &mut String) {
    let name = shorten_iris(node["name"].as_str().unwrap_or("?"));
    out.push_str(&"  ".repeat(depth));
    out.push_str(&name);
    if let Some(n) = node["number of results"].as_u64() {
        out.push_str(&format!("  [{n} result{}", if n == 1 { "" } else { "s" }));
        if let Some(d) = node["duration in seconds"].as_f64() {
            out.push_str(&format!(", {:.2} ms", d * 1000.0));
        }
        out.push(']');
    }
    out.push('\n');
    for child in node["children"].as_array().into_iter().flatten() {
        plan_node(child, depth + 1, out);
    }
}

/// `<http://schema.org/name>` -> `schema:name` wherever a known namespace allows.
fn shorten_iris(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('>') {
            Some(end) => {
                let iri = &after[..end];
                match vocab::shorten(iri) {
                    Some(short) => out.push_str(&short),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
