//! A graph as it is sent: its triples as sorted N-Triples (so the digest does not depend on
//! the store's order), without push records nor the registry's mark, and the SHA-256 of those
//! bytes.

use oxigraph::model::NamedNode;
use sha2::{Digest, Sha256};

use super::records::is_push_record;
use crate::mapping::registry;
use crate::store::{Store, StoreError};

pub struct Content {
    pub graph: NamedNode,
    pub ntriples: Vec<u8>,
    pub digest: String,
    pub triples: usize,
}

impl Content {
    pub fn read(store: &Store, graph: &NamedNode) -> Result<Content, StoreError> {
        // The registry's mark that every article graph notes its names is a promise about
        // this store's history, which the store pushed to cannot make: never sent.
        let mark = registry::names_by_article(store.ids());
        let mut lines = Vec::new();
        for q in store.quads(Some(graph.as_ref())) {
            let q = q?;
            if !is_push_record(&q) && q != mark {
                lines.push(format!("{} {} {} .\n", q.subject, q.predicate, q.object));
            }
        }
        lines.sort_unstable();
        let ntriples = lines.concat().into_bytes();
        Ok(Content {
            graph: graph.clone(),
            digest: hex(&Sha256::digest(&ntriples)),
            ntriples,
            triples: lines.len(),
        })
    }

    /// Appends the triples to `out` as N-Quads in this graph.
    pub fn write_nquads(&self, out: &mut Vec<u8>) {
        let graph = format!(" {} .\n", self.graph);
        for line in self.ntriples.split_inclusive(|b| *b == b'\n') {
            // Each line ends " .\n"; an N-Triples line never holds a raw line break.
            out.extend_from_slice(line.strip_suffix(b" .\n").unwrap_or(line));
            out.extend_from_slice(graph.as_bytes());
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triples_become_quads_of_their_graph() {
        let content = Content {
            graph: NamedNode::new_unchecked("http://example.org/g"),
            ntriples: b"<http://a> <http://b> \"x .\\n\" .\n_:c <http://b> <http://d> .\n".to_vec(),
            digest: String::new(),
            triples: 2,
        };
        let mut out = Vec::new();
        content.write_nquads(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<http://a> <http://b> \"x .\\n\" <http://example.org/g> .\n\
             _:c <http://b> <http://d> <http://example.org/g> .\n"
        );
    }
}
