//! The Oxigraph store: on RocksDB in a directory, or in memory. Each article is written in one
//! transaction that replaces its named graph, so re-reading an article never duplicates it.

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term};
use oxigraph::store::{StorageError, Store as OxStore, Transaction};

use crate::graph::{self, Ids, Mapped};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the store at {path}: it is in use by another claimtrace process (RocksDB lock held); close it or use --memory"
    )]
    Locked { path: PathBuf },
    #[error("cannot open the store at {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: StorageError,
    },
    #[error("store error: {0}")]
    Storage(#[from] StorageError),
}

pub struct Store {
    pub inner: OxStore,
    pub ids: Ids,
    path: Option<PathBuf>,
}

/// What writing an article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Added,
    /// It was stored by an earlier ingest.
    Replaced,
    /// It came earlier in this same ingest, from `earlier` (a file, line or item).
    Duplicate {
        earlier: String,
    },
}

/// An article ready to be written: its quads and its ingestion metadata.
pub struct Prepared {
    pub mapped: Mapped,
    pub meta: Vec<Quad>,
    /// Where it was read from, for reports.
    pub location: String,
    pub statements: usize,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let inner = OxStore::open(dir).map_err(|e| {
            let msg = e.to_string();
            if msg.contains("lock") || msg.contains("Resource temporarily unavailable") {
                StoreError::Locked {
                    path: dir.to_path_buf(),
                }
            } else {
                StoreError::Open {
                    path: dir.to_path_buf(),
                    source: e,
                }
            }
        })?;
        Self::init(inner, Some(dir.to_path_buf()))
    }

    /// A throwaway store in memory.
    pub fn memory() -> Result<Self, StoreError> {
        Self::init(OxStore::new()?, None)
    }

    fn init(inner: OxStore, path: Option<PathBuf>) -> Result<Self, StoreError> {
        let store = Store {
            inner,
            ids: Ids::default(),
            path,
        };
        store.ensure_registry()?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Adds the gazetteer's outlets to the registry graph where they are missing (the
    /// registry also holds the agents that articles name, which stay), and writes the
    /// ontology graph when it differs from `ontology/claimtrace.ttl`.
    fn ensure_registry(&self) -> Result<(), StoreError> {
        let mut missing = Vec::new();
        for q in graph::registry_quads(&self.ids) {
            if !self.inner.contains(&q)? {
                missing.push(q);
            }
        }
        // The ontology has blank nodes (lists), so compare it as a whole, by size and by its
        // triples without blank nodes; rewrite it when anything differs.
        let ontology = graph::ontology_quads(&self.ids);
        let g = self.ids.ontology_graph();
        let in_store = self
            .inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
            .count();
        let mut same = in_store == ontology.len();
        for q in ontology
            .iter()
            .filter(|q| !q.subject.is_blank_node() && !q.object.is_blank_node())
        {
            if !same {
                break;
            }
            same = self.inner.contains(q)?;
        }
        if !missing.is_empty() || !same {
            let mut tx = self.inner.start_transaction()?;
            tx.extend(missing.iter());
            if !same {
                tx.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
                tx.extend(ontology.iter());
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// In one transaction: replaces the named graph of `mapped.article` with its quads, adds
    /// the agents it names to the registry, and replaces its ingestion metadata with `meta`.
    pub fn put_article(&self, mapped: &Mapped, meta: &[Quad]) -> Result<Written, StoreError> {
        let mut tx = self.inner.start_transaction()?;
        let written = self.write(&mut tx, mapped, meta, None)?;
        tx.commit()?;
        Ok(written)
    }

    /// Writes a batch of articles in one transaction, each as [`Store::put_article`] does.
    /// `run` is this ingest's timestamp: an article already written with it came earlier in
    /// the same ingest, a duplicate.
    pub fn put_articles(&self, batch: &[Prepared], run: &str) -> Result<Vec<Written>, StoreError> {
        let mut tx = self.inner.start_transaction()?;
        let written = batch
            .iter()
            .map(|p| self.write(&mut tx, &p.mapped, &p.meta, Some(run)))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok(written)
    }

    fn write(
        &self,
        tx: &mut Transaction<'_>,
        mapped: &Mapped,
        meta: &[Quad],
        run: Option<&str>,
    ) -> Result<Written, StoreError> {
        let article = &mapped.article;
        let graph = NamedOrBlankNodeRef::NamedNode(article.as_ref());
        let existed = tx.contains_named_graph(graph)?;
        tx.clear_graph(GraphNameRef::NamedNode(article.as_ref()))?;
        let ingest = self.ids.ingest_graph();
        let old_meta: Vec<Quad> = tx
            .quads_for_pattern(
                Some(graph),
                None,
                None,
                Some(GraphNameRef::NamedNode(ingest.as_ref())),
            )
            .collect::<Result<_, _>>()?;
        let literal_of = |p: NamedNodeRef<'_>| {
            old_meta.iter().find_map(|q| match &q.object {
                Term::Literal(l) if q.predicate.as_ref() == p => Some(l.value().to_string()),
                _ => None,
            })
        };
        let same_run =
            run.is_some_and(|r| literal_of(graph::vocab::ct::INGESTED_AT).as_deref() == Some(r));
        let earlier = literal_of(graph::vocab::ct::READ_FROM);
        for q in &old_meta {
            tx.remove(q);
        }
        tx.insert_named_graph(graph);
        tx.extend(mapped.quads.iter());
        tx.extend(mapped.registry.iter());
        tx.extend(meta.iter());
        Ok(match (existed, same_run) {
            (true, true) => Written::Duplicate {
                earlier: earlier.unwrap_or_default(),
            },
            (true, false) => Written::Replaced,
            (false, _) => Written::Added,
        })
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }
}
