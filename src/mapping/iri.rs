//! Minting the IRIs of data: stable across runs and machines, from canonical URLs, record ids,
//! content hashes and normalised names.

use oxigraph::model::NamedNode;
use sha2::{Digest, Sha256};

use super::vocab;
use claimtrace_text::article::Article;
use claimtrace_text::extract::SpeakerKind;
use claimtrace_text::gazetteer::{Gazetteer, Outlet};

/// Mints the IRIs of data under one base.
#[derive(Debug, Clone)]
pub struct Ids {
    base: String,
}

impl Default for Ids {
    fn default() -> Self {
        Ids::new(vocab::DEFAULT_BASE)
    }
}

/// "Dmitry Peskov" -> "dmitry-peskov"; letters of any script are kept.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// The first 8 bytes of the SHA-256 of `s`, in hex.
fn hash16(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Ids {
    pub fn new(base: &str) -> Self {
        let mut base = base.to_string();
        if !base.ends_with(['/', '#']) {
            base.push('/');
        }
        Ids { base }
    }

    /// What every IRI of data starts with.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn node(&self, path: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{path}", self.base))
    }

    /// From the canonical URL when there is one, else from the record's id, else from the
    /// document name and text: the same article gets the same IRI however often it is read.
    pub fn article(&self, article: &Article) -> NamedNode {
        let key = match (&article.url, &article.id) {
            (Some(u), _) => format!("url:{}", u.trim()),
            // An id is unique within its publisher's records.
            (None, Some(id)) => format!(
                "id:{}:{}",
                article.publisher.as_deref().unwrap_or(""),
                id.trim()
            ),
            // Two files may hold the same text (the BBC corpus files some stories twice):
            // each file is an article, and the same file read again is the same one.
            (None, None) => format!("text:{}:{}", article.name, article.text),
        };
        self.node(&format!("article/{}", hash16(&key)))
    }

    /// Whether `iri` is an article's (and so its graph's) under this base.
    pub fn is_article(&self, iri: &NamedNode) -> bool {
        iri.as_str()
            .strip_prefix(self.base.as_str())
            .is_some_and(|path| path.starts_with("article/"))
    }

    /// A statement of `article`, by the code-point offsets of its first content span.
    pub fn statement(&self, article: &NamedNode, start: usize, end: usize) -> NamedNode {
        NamedNode::new_unchecked(format!("{}/statement/{start}-{end}", article.as_str()))
    }

    /// A span of `article`'s text by code points (NIF's RFC 5147 fragment).
    pub fn span(&self, article: &NamedNode, start: usize, end: usize) -> NamedNode {
        NamedNode::new_unchecked(format!("{}#char={start},{end}", article.as_str()))
    }

    /// The `n`th image credited in `article` (from 1): an IRI, not a blank node, so the graph
    /// of an article read again is the same graph, term for term.
    pub fn image(&self, article: &NamedNode, n: usize) -> NamedNode {
        NamedNode::new_unchecked(format!("{}/image/{n}", article.as_str()))
    }

    pub fn outlet(&self, o: &Outlet) -> NamedNode {
        self.node(&format!("outlet/{}", o.id))
    }

    /// An outlet by name: the gazetteer's when known, else one minted from the name.
    pub fn outlet_named(&self, name: &str) -> NamedNode {
        match Gazetteer::get().lookup(name) {
            Some(o) => self.outlet(o),
            None => self.node(&format!("outlet/{}", slug(name))),
        }
    }

    pub fn agent(&self, kind: SpeakerKind, name: &str, outlet: Option<&str>) -> NamedNode {
        match (kind, outlet) {
            (_, Some(id)) => self.node(&format!("outlet/{id}")),
            (SpeakerKind::Person, _) => self.node(&format!("person/{}", slug(name))),
            (SpeakerKind::Organization, _) => self.node(&format!("organization/{}", slug(name))),
            (SpeakerKind::Outlet, _) => self.node(&format!("outlet/{}", slug(name))),
            (SpeakerKind::Group | SpeakerKind::Role, _) => {
                self.node(&format!("group/{}", slug(name)))
            }
        }
    }

    /// An agent only `article` knows: an unnamed role or group it names.
    pub fn local_agent(&self, article: &NamedNode, name: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}/agent/{}", article.as_str(), slug(name)))
    }

    /// A claim by its scope (the speaker's IRI, or an unnamed group's with the article's)
    /// and its words (see `claims`).
    pub fn claim(&self, scope: &str, words: &str) -> NamedNode {
        self.node(&format!("claim/{}", hash16(&format!("{scope}\n{words}"))))
    }

    pub fn claims_graph(&self) -> NamedNode {
        self.node("graph/claims")
    }

    pub fn registry_graph(&self) -> NamedNode {
        self.node("graph/registry")
    }

    pub fn ingest_graph(&self) -> NamedNode {
        self.node("graph/ingest")
    }

    /// The counts kept at ingest (see `mapping::summary`).
    pub fn summary_graph(&self) -> NamedNode {
        self.node("graph/summary")
    }

    pub fn ontology_graph(&self) -> NamedNode {
        self.node("graph/ontology")
    }

    /// The record of what `push` sent of `graph` to the graph store at `to`.
    pub fn push_record(&self, to: &str, graph: &str) -> NamedNode {
        self.node(&format!("push/{}", hash16(&format!("{to}\n{graph}"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_slugs_in_any_script() {
        assert_eq!(slug("Dmitry Peskov"), "dmitry-peskov");
        assert_eq!(slug("  Дмитрий  Песков! "), "дмитрий-песков");
        assert_eq!(slug("?!"), "_");
    }

    #[test]
    fn iris_are_stable_and_under_the_base() {
        let ids = Ids::new("https://example.net/id");
        assert_eq!(
            ids.claim("s", "words").as_str(),
            Ids::new("https://example.net/id/")
                .claim("s", "words")
                .as_str()
        );
        assert!(
            ids.registry_graph()
                .as_str()
                .starts_with("https://example.net/id/graph/")
        );
    }
}
