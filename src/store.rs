//! The Oxigraph store: on RocksDB in a directory, or in memory. Each article is written in one
//! transaction that replaces its named graph, so re-reading an article never duplicates it.

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad};
use oxigraph::store::{StorageError, Store as OxStore};

use crate::graph::{self, Ids};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Added,
    Replaced,
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

    /// Writes the outlet registry graph when it is missing or out of date.
    fn ensure_registry(&self) -> Result<(), StoreError> {
        let quads = graph::registry_quads(&self.ids);
        let g = self.ids.registry_graph();
        let current = self
            .inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
            .count();
        if current == quads.len()
            && quads
                .iter()
                .all(|q| self.inner.contains(q).unwrap_or(false))
        {
            return Ok(());
        }
        let mut tx = self.inner.start_transaction()?;
        tx.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
        tx.extend(quads.iter());
        tx.commit()?;
        Ok(())
    }

    /// Replaces the named graph `article` with `quads`, and its ingestion metadata with
    /// `meta`, in one transaction.
    pub fn put_article(
        &self,
        article: &NamedNode,
        quads: &[Quad],
        meta: &[Quad],
    ) -> Result<Written, StoreError> {
        let mut tx = self.inner.start_transaction()?;
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
        for q in &old_meta {
            tx.remove(q);
        }
        tx.insert_named_graph(graph);
        tx.extend(quads.iter());
        tx.extend(meta.iter());
        tx.commit()?;
        Ok(if existed {
            Written::Replaced
        } else {
            Written::Added
        })
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }
}
