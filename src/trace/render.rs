//! A trace written out: an indented tree per claim (the speaker at the root, then who it
//! came through, then the articles), JSON (the `Trace` structure), or Graphviz DOT.

use std::io::{self, Write};

use super::model::{ClaimTrace, Trace};
use crate::mapping::vocab;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Dot,
    /// The claim page as one self-contained file (written by `pages::render`, which reads
    /// more of the store than the trace holds).
    Html,
}

/// Writes `trace` as text, JSON or DOT; HTML is `pages::render`'s.
pub fn render(trace: &Trace, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text(trace, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, trace)?;
            writeln!(out)
        }
        Format::Dot => dot(trace, out),
        Format::Html => Err(io::Error::other(
            "a trace as HTML is written by pages::render",
        )),
    }
}

/// One node of a claim's propagation tree.
struct Node {
    label: String,
    /// An article leaf in the earliest article carrying the claim.
    first: bool,
    article: bool,
    children: Vec<Node>,
}

impl Node {
    fn new(label: String, article: bool) -> Self {
        Node {
            label,
            first: false,
            article,
            children: Vec::new(),
        }
    }

    fn child(&mut self, label: String, article: bool) -> &mut Node {
        let i = match self.children.iter().position(|c| c.label == label) {
            Some(i) => i,
            None => {
                self.children.push(Node::new(label, article));
                self.children.len() - 1
            }
        };
        &mut self.children[i]
    }
}

/// The speaker, then for each carrier the steps it came through, then its article.
fn tree(claim: &ClaimTrace) -> Node {
    let mut root = Node::new(claim.speaker.name.clone(), false);
    for c in &claim.carriers {
        let mut node = &mut root;
        let steps = c.via.last().map_or(0, |l| l.step);
        for step in 1..=steps {
            let links: Vec<String> = c
                .via
                .iter()
                .filter(|l| l.step == step)
                .map(|l| match &l.cue {
                    Some(cue) if l.role == "speaker" => format!("{} ({cue})", l.name),
                    _ => l.name.clone(),
                })
                .collect();
            node = node.child(links.join("; "), false);
        }
        let a = &c.article;
        let mut label = format!(
            "{}  {}",
            a.published.as_deref().unwrap_or("undated"),
            a.headline
                .as_ref()
                .map_or_else(|| short(&a.iri), |h| format!("\"{h}\"")),
        );
        if let Some(p) = &a.publisher {
            label.push_str(&format!(" ({})", p.name));
        }
        if let Some(d) = &c.said_on {
            label.push_str(&format!(", said on {d}"));
        }
        if c.order_uncertain {
            label.push_str(" (same day as another carrier, no time to order by)");
        }
        let first = c.first;
        let leaf = node.child(label, true);
        leaf.first |= first;
    }
    root
}

fn short(iri: &str) -> String {
    vocab::shorten(iri).unwrap_or_else(|| format!("<{iri}>"))
}

fn text(trace: &Trace, out: &mut dyn Write) -> io::Result<()> {
    let n = trace.claims.len();
    let claims = match trace.page {
        None => format!("{n} claim{}", if n == 1 { "" } else { "s" }),
        Some(page) if n == 0 => format!("no claims from {} of {}", page.offset + 1, page.total),
        Some(page) => {
            let next = page.offset + n;
            let more = if next < page.total {
                format!("; --offset {next} for the next")
            } else {
                String::new()
            };
            format!("claims {}-{next} of {}{more}", page.offset + 1, page.total)
        }
    };
    if trace.matched.is_empty() {
        writeln!(out, "{} \"{}\": {claims}", trace.kind, trace.query)?;
    } else {
        let names: Vec<String> = trace
            .matched
            .iter()
            .map(|a| format!("{} <{}>", a.name, short(&a.iri)))
            .collect();
        writeln!(out, "{} {}: {claims}", trace.kind, names.join(", "))?;
    }
    for claim in &trace.claims {
        writeln!(out)?;
        writeln!(out, "claim {}  \"{}\"", short(&claim.iri), claim.text)?;
        if let Some(first) = claim.outlet_first {
            let answer = if first { "yes" } else { "no" };
            writeln!(out, "first in the store to carry it: {answer}")?;
        }
        let root = tree(claim);
        writeln!(out, "{}", root.label)?;
        branches(&root, "", out)?;
    }
    Ok(())
}

fn branches(node: &Node, indent: &str, out: &mut dyn Write) -> io::Result<()> {
    for (i, child) in node.children.iter().enumerate() {
        let last = i + 1 == node.children.len();
        let mark = if child.first {
            "  [first reported]"
        } else {
            ""
        };
        writeln!(
            out,
            "{indent}{}{}{mark}",
            if last { "└─ " } else { "├─ " },
            child.label
        )?;
        let deeper = format!("{indent}{}", if last { "   " } else { "│  " });
        branches(child, &deeper, out)?;
    }
    Ok(())
}

/// A DOT string literal.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn dot(trace: &Trace, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph trace {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box, fontname=\"Helvetica\"];")?;
    for (i, claim) in trace.claims.iter().enumerate() {
        writeln!(out, "  subgraph cluster_{i} {{")?;
        let text: String = claim.text.chars().take(80).collect();
        writeln!(out, "    label={};", quoted(&format!("claim: {text}")))?;
        let mut next = 0;
        dot_node(&tree(claim), &format!("c{i}"), &mut next, None, out)?;
        writeln!(out, "  }}")?;
    }
    writeln!(out, "}}")
}

fn dot_node(
    node: &Node,
    prefix: &str,
    next: &mut usize,
    parent: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let id = format!("{prefix}n{next}");
    *next += 1;
    let style = match (node.article, node.first, parent) {
        (_, _, None) => ", shape=ellipse, style=bold",
        (true, true, _) => ", shape=note, penwidth=3, xlabel=\"first reported\"",
        (true, false, _) => ", shape=note",
        _ => "",
    };
    writeln!(out, "    {id} [label={}{style}];", quoted(&node.label))?;
    if let Some(p) = parent {
        writeln!(out, "    {p} -> {id};")?;
    }
    for child in &node.children {
        dot_node(child, prefix, next, Some(&id), out)?;
    }
    Ok(())
}
