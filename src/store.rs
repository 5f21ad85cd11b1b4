//! The Oxigraph store, on RocksDB in a directory or in memory, sealed: callers ask it
//! questions by name (the claims of a speaker, the claim of a statement, whether an article
//! is stored, ...) and hand it SPARQL; the vocabulary of those questions comes from the
//! mapping. Each article is written whole (an atomic bulk load when new, a transaction when
//! replaced), and re-reading an article replaces its named graph, never duplicates it.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{
    GraphName, GraphNameRef, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term, Triple,
};
use oxigraph::sparql::{
    PreparedSparqlQuery, PreparedSparqlUpdate, QueryEvaluationError, QueryExplanation,
    QueryResults, SparqlEvaluator, UpdateEvaluationError,
};
use oxigraph::store::{StorageError, Store as OxStore, Transaction};

use crate::lock_holder::{self, Holder};
use crate::mapping::summary::{self, SpeakersChange, Tally};
use crate::mapping::vocab::ct;
use crate::mapping::{self, Ids, Mapped, Pattern, claims, meta, registry};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the store at {}: {} has it open (the store's lock is held); wait for it to end, or use another store",
        .path.display(),
        .holder.as_ref().map_or_else(|| "another process".to_string(), |h| h.to_string())
    )]
    Locked {
        path: PathBuf,
        holder: Option<Holder>,
    },
    #[error("cannot open the store at {}: {source}{}", .path.display(), unwritable_hint(.source))]
    Open {
        path: PathBuf,
        #[source]
        source: StorageError,
    },
    #[error("store error: {0}")]
    Storage(#[from] StorageError),
    #[error("store update failed: {0}")]
    Update(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Whether the store's disk (or its quota) is full.
    pub fn is_storage_full(&self) -> bool {
        matches!(
            self,
            StoreError::Storage(StorageError::Io(e)) | StoreError::Open { source: StorageError::Io(e), .. }
                if e.kind() == io::ErrorKind::StorageFull
        )
    }

    /// Whether the store cannot be written (a full disk, a read-only folder) though it may
    /// still be read.
    pub fn is_unwritable(&self) -> bool {
        let StoreError::Open { source, .. } = self else {
            return false;
        };
        self.is_storage_full() || is_folder_read_only(source)
    }
}

/// Whether the store's folder refuses writes. Oxigraph passes RocksDB's status on as text,
/// which names the cause.
fn is_folder_read_only(e: &StorageError) -> bool {
    let status = e.to_string();
    status.contains("Read-only file system") || status.contains("Permission denied")
}

/// What to do about a store whose folder cannot be written.
fn unwritable_hint(e: &StorageError) -> &'static str {
    if is_folder_read_only(e) {
        " (writing needs the store's folder writable: make it so, or copy the store to a folder that is)"
    } else {
        ""
    }
}

/// Whether opening failed because another process holds the store's lock. RocksDB reports it
/// as an IO-error status, "IO error: While lock file: DIR/LOCK: Resource temporarily
/// unavailable" (fcntl's EAGAIN), or "IO error: lock hold by current process ..." for a
/// second open in one process; it has no status code of its own, and Oxigraph keeps only the
/// status text inside an `io::ErrorKind::Other`. That text's lock-file context is the most
/// specific signal there is, so it is matched here and nowhere else.
fn is_lock_held(e: &StorageError) -> bool {
    let StorageError::Io(io) = e else {
        return false;
    };
    let status = io.to_string();
    let context = status.strip_prefix("IO error: ").unwrap_or(&status);
    io.kind() == io::ErrorKind::Other
        && (context.starts_with("While lock file") || context.starts_with("lock hold by"))
}

/// Cloning is cheap: the clones share the same Oxigraph store.
#[derive(Clone)]
pub struct Store {
    inner: OxStore,
    ids: Ids,
    path: Option<PathBuf>,
}

/// What writing an article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Added,
    /// It was stored by an earlier ingest, and differed.
    Replaced,
    /// It was stored by an earlier ingest as it is now: only its ingestion metadata changed.
    Unchanged,
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
    /// Stored before from the same input by the same rules (see `meta::input_digest`):
    /// `mapped` is empty and only the metadata is rewritten.
    pub unchanged: bool,
    /// What `mapped.quads` add to the summary's counts (made where the article was mapped,
    /// off the writing thread).
    pub tally: Tally,
}

/// New articles on their way into the store: one of Oxigraph's bulk loaders across
/// batches. Each batch's quads are sorted into files on a thread of their own (two at
/// most) while the next batch is prepared; RocksDB takes the files of many batches at once on
/// [`Loader::commit`], all or none. Until then the store does not show those articles.
/// (RocksDB puts each load's files in its first level and merges them into the next one
/// every two loads: loads of one batch each spent more time merging than loading.)
pub struct Loader<'a> {
    store: &'a OxStore,
    /// The store's folder, where a failed load leaves files (none in memory).
    dir: Option<&'a Path>,
    bulk: Option<oxigraph::store::BulkLoader<'a>>,
    /// The articles and shared descriptions it holds, each once.
    articles: HashSet<NamedNode>,
    shared: HashSet<Quad>,
    quads: usize,
    /// What the replaced versions of articles named and gave the registry.
    replaced: ReplacedVersions,
}

/// Count quads to remove from the summary and to insert into it.
type CountChanges = (Vec<Quad>, Vec<Quad>);

/// What the replaced versions of articles gave the registry, for [`Store::settle_registry`].
#[derive(Debug, Default)]
pub struct ReplacedVersions {
    /// Every IRI they named: agents the registry may describe for them alone.
    named: HashSet<NamedNode>,
    /// Their notes of the names and job titles they gave (`registry::given_in_registry`).
    notes: HashSet<Triple>,
}

impl<'a> Loader<'a> {
    /// Whether it holds `article`, not yet committed.
    pub fn holds(&self, article: &NamedNode) -> bool {
        self.articles.contains(article)
    }

    /// Quads it holds, not yet committed.
    pub fn len(&self) -> usize {
        self.quads
    }

    pub fn is_empty(&self) -> bool {
        self.quads == 0
    }

    /// What the versions of articles replaced so far named and gave, handed over once.
    pub fn take_replaced(&mut self) -> ReplacedVersions {
        std::mem::take(&mut self.replaced)
    }

    fn load(&mut self, quads: Vec<Quad>) -> Result<(), StorageError> {
        self.quads += quads.len();
        let store = self.store;
        self.bulk
            // Two batches sorted at once: with one, the writer waited for the sorting
            // thread and a core idled (a first load of Reuters 33.8 s, now 30.5 s).
            .get_or_insert_with(|| store.bulk_loader().with_num_threads(2))
            .load_quads(quads)
    }

    /// Drops what it holds (its files removed).
    pub fn discard(&mut self) {
        self.articles.clear();
        self.shared.clear();
        self.quads = 0;
        self.bulk = None;
        if let Some(dir) = self.dir {
            remove_bulk_leftovers(dir);
        }
    }

    /// Puts what it holds in the store, at once.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        self.articles.clear();
        self.shared.clear();
        self.quads = 0;
        let committed = self.bulk.take().map_or(Ok(()), |bulk| bulk.commit());
        if let (Err(_), Some(dir)) = (&committed, self.dir) {
            remove_bulk_leftovers(dir);
        }
        Ok(committed?)
    }
}

/// Removes the files bulk loads left in the store's folder `dir`. Oxigraph sorts a load into
/// files named `bulk-N.sst` there and removes them once RocksDB has taken them or the load
/// failed, except a file whose writing failed (the disk full) or any file of a process killed
/// mid-load: RocksDB never sees those, and they would hold their space for good. Only the
/// process holding the store's lock loads into it, and it calls this with no load running.
fn remove_bulk_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            // One left now is removed on the next open.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A claim as the claims graph holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredClaim {
    pub iri: NamedNode,
    /// The content of the statement that founded it.
    pub text: String,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let path = dir.to_path_buf();
        // RocksDB rotates its info log (LOG) before it takes the lock: a process refused the
        // lock still renames the holder's log, and two refused at once fail on each other's
        // renames ("while unlink() file: LOG.old..."). So a held lock is looked for first,
        // and again after any failure.
        if let Some(holder) = lock_holder::holder(dir) {
            let holder = Some(holder);
            return Err(StoreError::Locked { path, holder });
        }
        let inner = OxStore::open(dir).map_err(|source| match lock_holder::holder(dir) {
            Some(holder) => StoreError::Locked {
                path: path.clone(),
                holder: Some(holder),
            },
            None if is_lock_held(&source) => StoreError::Locked {
                path: path.clone(),
                holder: None,
            },
            None => StoreError::Open {
                path: path.clone(),
                source,
            },
        })?;
        remove_bulk_leftovers(dir);
        Self::init(inner, Some(dir.to_path_buf()))
    }

    /// Opens the store in `dir` to read it: read-write when it can be written, else, when its
    /// disk is full or its folder is read-only, with Oxigraph's read-only open (which writes
    /// nothing, and replays the store's log in memory), returning why as well. A store that
    /// cannot be written can still be queried, exported and traced.
    pub fn open_to_read(dir: &Path) -> Result<(Self, Option<StoreError>), StoreError> {
        match Self::open(dir) {
            Ok(store) => Ok((store, None)),
            Err(e) if e.is_unwritable() => match OxStore::open_read_only(dir) {
                Ok(inner) => {
                    let store = Store {
                        inner,
                        ids: Ids::default(),
                        path: Some(dir.to_path_buf()),
                    };
                    Ok((store, Some(e)))
                }
                Err(_) => Err(e),
            },
            Err(e) => Err(e),
        }
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

    /// The IRIs of this store's data.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Adds the gazetteer's outlets to the registry graph where they are missing (the
    /// registry also holds the agents that articles name, which stay), and writes the
    /// ontology graph when it differs from the ontology built in.
    fn ensure_registry(&self) -> Result<(), StoreError> {
        let mut missing = Vec::new();
        for q in registry::registry_quads(&self.ids) {
            if !self.inner.contains(&q)? {
                missing.push(q);
            }
        }
        // Only a store without articles can promise that every article graph notes its names.
        let mark = registry::names_by_article(&self.ids);
        if !self.inner.contains(&mark)? && !self.holds_articles()? {
            missing.push(mark);
        }
        // The ontology has blank nodes (lists), so compare it as a whole, by size and by its
        // triples without blank nodes; rewrite it when anything differs.
        let ontology = registry::ontology_quads(&self.ids);
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
            let mut tally = Tally::default();
            let mark = registry::names_by_article(&self.ids);
            let counted = missing.iter().filter(|q| **q != mark).count();
            tally.quads(&self.ids, counted as i64);
            let mut tx = self.inner.start_transaction()?;
            tx.extend(missing.iter());
            if !same {
                tally.quads(&self.ids, ontology.len() as i64 - in_store as i64);
                tx.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
                tx.extend(ontology.iter());
            }
            self.keep_summary(&mut tx, &tally)?;
            tx.commit()?;
        }
        Ok(())
    }

    // ---- writing articles ----

    /// A loader of new articles into this store, for [`Store::put_articles`].
    pub fn loader(&self) -> Loader<'_> {
        Loader {
            store: &self.inner,
            dir: self.path.as_deref(),
            bulk: None,
            articles: HashSet::new(),
            shared: HashSet::new(),
            quads: 0,
            replaced: ReplacedVersions::default(),
        }
    }

    /// Writes a batch of articles, each whole: its named graph replaced, the agents it names
    /// added to the registry, its ingestion metadata replaced. Articles new to the store go
    /// to `loader`, in the store once it commits (sorted files handed to RocksDB at once:
    /// about five times cheaper than a transaction's indexed write batch, and no memtable
    /// growth); the others (stored by an earlier run, or met earlier in this batch) are
    /// replaced now, each in its own transaction (measured 15% faster than one for all).
    /// `loader` must not hold an article of the batch. `run` is this ingest's timestamp: an
    /// article already written with it came earlier in the same ingest, a duplicate.
    /// What the batch changes in the summary's counts is added to `tally`, for
    /// [`Store::end_counting`].
    pub fn put_articles(
        &self,
        batch: &[Prepared],
        run: &str,
        tally: &mut Tally,
        loader: &mut Loader<'_>,
    ) -> Result<Vec<Written>, StoreError> {
        let mut seen = HashSet::new();
        let mut fresh = Vec::new();
        let mut known = Vec::new();
        for (i, p) in batch.iter().enumerate() {
            let article = p.mapped.article.as_ref();
            let new_here = seen.insert(article);
            if new_here && !self.knows(article)? {
                fresh.push(i);
            } else {
                known.push(i);
            }
        }
        let mut written = vec![Written::Added; batch.len()];
        if !fresh.is_empty() {
            // The shared descriptions new to the store, each once: only they add quads.
            // Each looked up once (an outlet's description comes with every article).
            let mut shared = Vec::new();
            for &i in &fresh {
                for q in &batch[i].mapped.shared {
                    if !loader.shared.contains(q) && !self.inner.contains(q)? {
                        loader.shared.insert(q.clone());
                        shared.push(q.clone());
                    }
                }
            }
            for &i in &fresh {
                let p = &batch[i];
                tally.merge(&p.tally);
                tally.quads(&self.ids, p.meta.len() as i64);
                loader.articles.insert(p.mapped.article.clone());
            }
            tally.quads(&self.ids, shared.len() as i64);
            let mut quads: Vec<Quad> = fresh
                .iter()
                .flat_map(|&i| batch[i].mapped.quads.iter().chain(&batch[i].meta))
                .cloned()
                .collect();
            quads.extend(shared);
            loader.load(quads)?;
        }
        // Articles stored as they are rewrite a quad or two each: one transaction for all.
        let (stored, changed): (Vec<usize>, Vec<usize>) =
            known.into_iter().partition(|&i| batch[i].unchanged);
        if !stored.is_empty() {
            let mut tx = self.inner.start_transaction()?;
            for &i in &stored {
                written[i] = self.write(&mut tx, &batch[i], run, tally, loader)?;
            }
            tx.commit()?;
        }
        for &i in &changed {
            let mut tx = self.inner.start_transaction()?;
            written[i] = self.write(&mut tx, &batch[i], run, tally, loader)?;
            tx.commit()?;
        }
        Ok(written)
    }

    /// Whether the store holds the article's graph or its ingestion metadata (a graph
    /// dropped by hand leaves the metadata, which a replacement removes).
    fn knows(&self, article: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        Ok(self.has_article(article)?
            || self.matches(&meta::of(&self.ids, article)).next().is_some())
    }

    fn write(
        &self,
        tx: &mut Transaction<'_>,
        prepared: &Prepared,
        run: &str,
        tally: &mut Tally,
        loader: &mut Loader<'_>,
    ) -> Result<Written, StoreError> {
        let Prepared { mapped, meta, .. } = prepared;
        let article = &mapped.article;
        let graph = NamedOrBlankNodeRef::NamedNode(article.as_ref());
        let existed = tx.contains_named_graph(graph)?;
        if prepared.unchanged && !existed {
            // The writer checked just before; only another writer could have removed it.
            return Err(StoreError::Update(
                format!("{article}: its stored graph went away while it was written").into(),
            ));
        }
        // Re-reading an unchanged article (the common re-run) rewrites only its metadata:
        // reads are far cheaper than a graph's removal and reinsertion.
        let old: Vec<Quad> = if existed && !prepared.unchanged {
            tx.quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(article.as_ref())),
            )
            .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let unchanged = existed && (prepared.unchanged || Self::same_quads(&old, &mapped.quads));
        if !unchanged {
            tx.clear_graph(GraphNameRef::NamedNode(article.as_ref()))?;
            if existed {
                tally.article(&self.ids, article, &old, -1);
                let replaced = &mut loader.replaced;
                for q in &old {
                    match &q.object {
                        Term::NamedNode(n) => {
                            replaced.named.insert(n.clone());
                        }
                        _ if registry::is_note(q.predicate.as_ref()) => {
                            replaced.notes.insert(Triple::from(q.clone()));
                        }
                        _ => {}
                    }
                }
            }
            tally.merge(&prepared.tally);
        }
        let old_meta: Vec<Quad> = Self::matches_in(tx, &meta::of(&self.ids, article.as_ref()))
            .collect::<Result<_, _>>()?;
        let recorded = meta::Recorded::from_quads(&old_meta);
        let same_run = recorded.ingested_at.as_deref() == Some(run);
        // Only what differs is written (an unchanged article read from the same place
        // differs in its ingest time alone): every write costs an entry per index.
        for q in old_meta.iter().filter(|q| !meta.contains(q)) {
            tx.remove(q);
            tally.quads(&self.ids, -1);
        }
        if !unchanged {
            tx.insert_named_graph(graph);
            tx.extend(mapped.quads.iter());
        }
        for q in &mapped.shared {
            if !loader.shared.contains(q) && !tx.contains(q)? {
                tx.insert(q);
                tally.quads(&self.ids, 1);
            }
        }
        for q in meta.iter().filter(|q| !old_meta.contains(q)) {
            tx.insert(q);
            tally.quads(&self.ids, 1);
        }
        Ok(match (existed, same_run) {
            (true, true) => Written::Duplicate {
                earlier: recorded.read_from.unwrap_or_default(),
            },
            (true, false) if unchanged => Written::Unchanged,
            (true, false) => Written::Replaced,
            (false, _) => Written::Added,
        })
    }

    /// Whether `stored` (a graph's quads) and `quads` hold the same quads.
    fn same_quads(stored: &[Quad], quads: &[Quad]) -> bool {
        let stored: HashSet<&Quad> = stored.iter().collect();
        // `quads` may name a triple twice (a speaker typed by two statements).
        let wanted: HashSet<&Quad> = quads.iter().collect();
        stored == wanted
    }

    /// Removes the claims that no statement carries (their articles replaced).
    pub fn drop_orphan_claims(&self) -> Result<(), StoreError> {
        let query = SparqlEvaluator::new()
            .parse_query(&claims::orphan_quads(&self.ids))
            .map_err(|e| StoreError::Update(Box::new(e)))?;
        let QueryResults::Graph(triples) = self
            .query(query)
            .map_err(|e| StoreError::Update(Box::new(e)))?
        else {
            return Err(StoreError::Update(
                "the orphan claims query is a CONSTRUCT".into(),
            ));
        };
        let graph = GraphName::NamedNode(self.ids.claims_graph());
        let orphans: Vec<Quad> = triples
            .map(|t| t.map(|t| t.in_graph(graph.clone())))
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Update(Box::new(e)))?;
        self.remove_counted(&orphans)
    }

    /// Removes from the registry what only replaced versions of articles gave it, in one
    /// transaction: the names and job titles no article's graph notes any more (when the
    /// registry is marked as noted by every article, see `registry::names_by_article`), and
    /// the agents that nothing names any more. The gazetteer's entries stay.
    pub fn settle_registry(&self, replaced: &ReplacedVersions) -> Result<(), StoreError> {
        if replaced.named.is_empty() && replaced.notes.is_empty() {
            return Ok(());
        }
        let listed: HashSet<Quad> = registry::registry_quads(&self.ids).into_iter().collect();
        let mut gone: HashSet<Quad> = self.orphan_agents(&replaced.named, &listed)?;
        if !replaced.notes.is_empty()
            && self
                .inner
                .contains(&registry::names_by_article(&self.ids))?
        {
            gone.extend(self.names_no_longer_given(&replaced.notes, &listed)?);
        }
        self.remove_counted(&gone.into_iter().collect::<Vec<_>>())
    }

    /// The registry's names and job titles among `notes` (a replaced version's) that no
    /// article graph notes any more, the gazetteer's `listed` aside.
    fn names_no_longer_given(
        &self,
        notes: &HashSet<Triple>,
        listed: &HashSet<Quad>,
    ) -> Result<Vec<Quad>, StoreError> {
        let mut stale = Vec::new();
        for note in notes {
            let still_given = self
                .inner
                .quads_for_pattern(
                    Some(note.subject.as_ref()),
                    Some(note.predicate.as_ref()),
                    Some(note.object.as_ref()),
                    None,
                )
                .next()
                .transpose()?
                .is_some();
            if still_given {
                continue;
            }
            for q in registry::given_in_registry(&self.ids, note) {
                if !listed.contains(&q) && self.inner.contains(&q)? {
                    stale.push(q);
                }
            }
        }
        Ok(stale)
    }

    /// The registry's descriptions of the agents among `named` (what replaced versions of
    /// articles named) that nothing names any more: no other graph mentions them, no
    /// registry entry points at them, and the gazetteer (`listed`) does not list them.
    fn orphan_agents(
        &self,
        named: &HashSet<NamedNode>,
        listed: &HashSet<Quad>,
    ) -> Result<HashSet<Quad>, StoreError> {
        let registry = self.ids.registry_graph();
        let in_registry = GraphNameRef::NamedNode(registry.as_ref());
        let listed: HashSet<&NamedOrBlankNode> = listed.iter().map(|q| &q.subject).collect();
        let mut orphans = HashSet::new();
        for agent in named {
            let subject = NamedOrBlankNodeRef::NamedNode(agent.as_ref());
            if listed.contains(&NamedOrBlankNode::NamedNode(agent.clone())) {
                continue;
            }
            let described: Vec<Quad> = self
                .inner
                .quads_for_pattern(Some(subject), None, None, Some(in_registry))
                .collect::<Result<_, _>>()?;
            if described.is_empty() {
                continue;
            }
            // Any quad elsewhere about it, or anything pointing at it, keeps it.
            let mut mentioned = false;
            for q in self
                .inner
                .quads_for_pattern(None, None, Some(agent.as_ref().into()), None)
                .chain(
                    self.inner
                        .quads_for_pattern(Some(subject), None, None, None),
                )
            {
                let q = q?;
                if q.graph_name.as_ref() != in_registry || q.subject.as_ref() != subject {
                    mentioned = true;
                    break;
                }
            }
            if !mentioned {
                orphans.extend(described);
            }
        }
        Ok(orphans)
    }

    /// Removes `quads` in one transaction, the summary's counts kept.
    fn remove_counted(&self, quads: &[Quad]) -> Result<(), StoreError> {
        if quads.is_empty() {
            return Ok(());
        }
        let mut tally = Tally::default();
        tally.quads(&self.ids, -(quads.len() as i64));
        let mut tx = self.inner.start_transaction()?;
        for q in quads {
            tx.remove(q);
        }
        self.keep_summary(&mut tx, &tally)?;
        // A name removed from the registry may change the outlets' order.
        let registry = GraphName::NamedNode(self.ids.registry_graph());
        if quads.iter().any(|q| q.graph_name == registry) {
            self.rank_outlets(&mut tx)?;
        }
        tx.commit()?;
        Ok(())
    }

    // ---- the summary graph (see mapping::summary) ----

    /// Whether the store keeps its counts in the summary graph.
    /// (A summary made before it ranked outlets counts as none: it is made anew.)
    pub fn has_summary(&self) -> Result<bool, StoreError> {
        let total = summary::total(&self.ids, ct::RANKED_OUTLETS);
        Ok(self.matches(&total).next().transpose()?.is_some())
    }

    /// Starts an ingest's counting: the summary made if missing, and marked as waiting for
    /// this run's counts (`ct:countsPending`), which [`Store::end_counting`] writes at once.
    /// Counts written batch by batch went through the memtable between bulk loads, which
    /// made RocksDB flush and compact all along (a first load 36% slower). A summary still
    /// marked when a run begins is from a run that never ended (killed): it is made anew.
    pub fn begin_counting(&self, run: &str) -> Result<(), StoreError> {
        let summary = self.ids.summary_graph();
        let pending = summary::total(&self.ids, ct::COUNTS_PENDING);
        if self.matches(&pending).next().is_some() {
            let mut tx = self.inner.start_transaction()?;
            self.forget_summary(&mut tx)?;
            tx.commit()?;
        }
        self.ensure_summary()?;
        self.inner.insert(QuadRef::new(
            &summary,
            ct::COUNTS_PENDING,
            LiteralRef::new_simple_literal(run),
            &summary,
        ))?;
        Ok(())
    }

    /// Adds an ingest's `tally` so far to the summary, which stays marked (a run's tally
    /// grows with the agents it meets: it is added when large, not held to the end).
    pub fn add_counts(&self, tally: &Tally, bulk_from: usize) -> Result<(), StoreError> {
        self.write_counts(tally, bulk_from)
    }

    /// Ends an ingest's counting: its `tally` added to the summary, the outlets ranked anew,
    /// the mark taken away.
    pub fn end_counting(&self, tally: &Tally, bulk_from: usize) -> Result<(), StoreError> {
        self.write_counts(tally, bulk_from)?;
        let mut tx = self.inner.start_transaction()?;
        self.rank_outlets(&mut tx)?;
        let pending = summary::total(&self.ids, ct::COUNTS_PENDING);
        let marks: Vec<Quad> = Self::matches_in(&tx, &pending).collect::<Result<_, _>>()?;
        for q in &marks {
            tx.remove(q);
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds an ingest's `tally` to the summary. While the summary is marked as waiting for
    /// the run's counts, new counts from `bulk_from` on go through a bulk load once the old
    /// ones are removed: inserted in a transaction, the 100,000 counts of Reuters took 2.8 s
    /// of a 24 s first load, on one core. A run killed between the two leaves the mark, and
    /// the next run makes the summary anew.
    fn write_counts(&self, tally: &Tally, bulk_from: usize) -> Result<(), StoreError> {
        let Some((remove, insert)) = self.summary_changes(tally)? else {
            return Ok(());
        };
        let mut tx = self.inner.start_transaction()?;
        for q in &remove {
            tx.remove(q);
        }
        let pending = summary::total(&self.ids, ct::COUNTS_PENDING);
        if insert.len() >= bulk_from && self.matches(&pending).next().is_some() {
            tx.commit()?;
            self.bulk_load(&insert)?;
            tx = self.inner.start_transaction()?;
        } else {
            tx.extend(insert.iter());
        }
        self.keep_leaders_after(&mut tx, tally, &insert)?;
        tx.commit()?;
        Ok(())
    }

    /// Applies `tally` to the summary in `tx`, if the store keeps one.
    fn keep_summary(&self, tx: &mut Transaction<'_>, tally: &Tally) -> Result<(), StoreError> {
        let Some((remove, insert)) = self.summary_changes(tally)? else {
            return Ok(());
        };
        for q in &remove {
            tx.remove(q);
        }
        tx.extend(insert.iter());
        self.keep_leaders_after(tx, tally, &insert)?;
        Ok(())
    }

    /// The count quads to remove and to insert so that the summary holds `tally`'s changes,
    /// if the store keeps a summary and they change anything.
    fn summary_changes(&self, tally: &Tally) -> Result<Option<CountChanges>, StoreError> {
        if tally.is_empty() || !self.has_summary()? {
            return Ok(None);
        }
        let stored = self.stored_counts(&tally.subjects())?;
        let changes = tally.apply(&self.ids, |subject, property| {
            Ok::<_, StorageError>(stored.get(subject).and_then(|counts| {
                counts
                    .iter()
                    .find(|(p, _)| p.as_ref() == property)
                    .map(|(_, n)| *n)
            }))
        })?;
        Ok(Some(changes))
    }

    /// Marks the leading speakers anew if `tally` changed speakers' counts (`written`, the
    /// counts it wrote).
    fn keep_leaders_after(
        &self,
        tx: &mut Transaction<'_>,
        tally: &Tally,
        written: &[Quad],
    ) -> Result<(), StorageError> {
        match tally.speakers_change() {
            SpeakersChange::None => Ok(()),
            SpeakersChange::OnlyGrew => self.keep_leaders(tx, Some(written)),
            SpeakersChange::SomeFell => self.keep_leaders(tx, None),
        }
    }

    /// Loads `quads` with Oxigraph's bulk loader, at once; the files of a failed load removed.
    fn bulk_load(&self, quads: &[Quad]) -> Result<(), StoreError> {
        let mut bulk = self.inner.bulk_loader();
        let loaded = bulk
            .load_quads(quads.iter().cloned())
            .and_then(|()| bulk.commit());
        if let (Err(_), Some(dir)) = (&loaded, self.path.as_deref()) {
            remove_bulk_leftovers(dir);
        }
        Ok(loaded?)
    }

    /// What the summary says of each of `subjects` (its counts, by property), read on every
    /// core outside the transaction (counts are only written from what is read here, one
    /// tally per transaction), a seek per subject: a seek per count, in the transaction,
    /// took 6.5 s of a 29.5 s first load of Reuters, on one core while the other idled.
    fn stored_counts(
        &self,
        subjects: &[&NamedNode],
    ) -> Result<HashMap<NamedNode, Vec<(NamedNode, i64)>>, StorageError> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        // Below a few thousand, a thread costs more than it saves.
        let share = subjects.len().div_ceil(threads).max(4096);
        std::thread::scope(|scope| {
            let reading: Vec<_> = subjects
                .chunks(share)
                .map(|part| scope.spawn(move || self.read_counts(part)))
                .collect();
            let mut stored = HashMap::default();
            for thread in reading {
                let part = thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                stored.extend(part);
            }
            Ok(stored)
        })
    }

    fn read_counts(
        &self,
        subjects: &[&NamedNode],
    ) -> Result<HashMap<NamedNode, Vec<(NamedNode, i64)>>, StorageError> {
        let mut stored = HashMap::default();
        for subject in subjects {
            let described = summary::described(&self.ids, subject);
            let counts = self
                .matches(&described)
                .map(|q| q.map(|q| (q.predicate, summary::read_count(&q.object))))
                .collect::<Result<Vec<_>, _>>()?;
            if !counts.is_empty() {
                stored.insert((*subject).clone(), counts);
            }
        }
        Ok(stored)
    }

    /// Marks the leading speakers anew (see `mapping::summary`) after counts were written in
    /// `tx`: from the last leaders and the counts just `written` when counts only grew, else
    /// from every speaker's count (a read of one quad per speaker).
    fn keep_leaders(
        &self,
        tx: &mut Transaction<'_>,
        written: Option<&[Quad]>,
    ) -> Result<(), StorageError> {
        let named = |q: &Quad| match &q.subject {
            NamedOrBlankNode::NamedNode(s) => Some((s.clone(), summary::read_count(&q.object))),
            NamedOrBlankNode::BlankNode(_) => None,
        };
        let marks: Vec<Quad> = Self::matches_in(tx, &summary::counts_of(&self.ids, ct::LEADS))
            .chain(Self::matches_in(
                tx,
                &summary::total(&self.ids, ct::LEADING_COUNT),
            ))
            .collect::<Result<_, _>>()?;
        let last_least = marks
            .iter()
            .find(|q| q.predicate == ct::LEADING_COUNT)
            .map(|q| summary::read_count(&q.object));
        let candidates: Vec<(NamedNode, i64)> = match (written, last_least) {
            (Some(written), Some(least)) => {
                let last = marks.iter().filter(|q| q.predicate == ct::LEADS);
                let grown = written
                    .iter()
                    .filter(|q| q.predicate == ct::STATEMENT_COUNT);
                summary::candidates_after_growth(
                    last.filter_map(named),
                    least,
                    grown.filter_map(named),
                )
            }
            _ => Self::matches_in(tx, &summary::counts_of(&self.ids, ct::STATEMENT_COUNT))
                .filter_map(|q| q.map(|q| named(&q)).transpose())
                .collect::<Result<_, _>>()?,
        };
        let (leading, least) = summary::leaders(candidates);
        for q in &marks {
            tx.remove(q);
        }
        let graph = GraphName::NamedNode(self.ids.summary_graph());
        let mark = |s: NamedNode, p, n| Quad::new(s, p, summary::count(n), graph.clone());
        tx.insert(&mark(self.ids.summary_graph(), ct::LEADING_COUNT, least));
        for (speaker, n) in leading {
            tx.insert(&mark(speaker, ct::LEADS, n));
        }
        Ok(())
    }

    /// Ranks anew, in `tx`, every outlet that `outlets` lists (see `summary::outlet_ranks`),
    /// if the store keeps a summary: a read of each news organisation's types, counts and
    /// names, and only the ranks that changed written. (The summary's own quads are not in
    /// its quad total.)
    fn rank_outlets(&self, tx: &mut Transaction<'_>) -> Result<(), StoreError> {
        let total = summary::total(&self.ids, ct::ARTICLE_TOTAL);
        if Self::matches_in(tx, &total).next().is_none() {
            return Ok(());
        }
        let count = |s: &NamedNode, p| -> Result<Option<i64>, StorageError> {
            let found = Self::matches_in(tx, &summary::value_of(&self.ids, s, p)).next();
            Ok(found.transpose()?.map(|q| summary::read_count(&q.object)))
        };
        let mut seen = HashSet::new();
        let mut listed = Vec::new();
        for q in Self::matches_in(tx, &summary::news_organisations()) {
            let NamedOrBlankNode::NamedNode(outlet) = q?.subject else {
                continue;
            };
            if !seen.insert(outlet.clone()) || count(&outlet, ct::ARTICLE_COUNT)?.is_none() {
                continue;
            }
            let subject = NamedOrBlankNodeRef::from(outlet.as_ref());
            let mut typed = false;
            for class in [ct::OUTLET, ct::UNNAMED_GROUP] {
                typed = typed
                    || tx
                        .quads_for_pattern(Some(subject), Some(rdf::TYPE), Some(class.into()), None)
                        .next()
                        .transpose()?
                        .is_some();
            }
            let mut name: Option<String> = None;
            for q in tx.quads_for_pattern(Some(subject), Some(rdfs::LABEL), None, None) {
                if let Term::Literal(l) = q?.object
                    && name.as_deref().is_none_or(|n| l.value() < n)
                {
                    name = Some(l.value().to_string());
                }
            }
            let (true, Some(name)) = (typed, name) else {
                continue;
            };
            let carried = count(&outlet, ct::CARRIED_COUNT)?.unwrap_or(0);
            listed.push(summary::ListedOutlet {
                outlet,
                carried,
                name,
            });
        }
        let graph = GraphName::NamedNode(self.ids.summary_graph());
        let ranked = listed.len() as i64;
        let mut new: HashSet<Quad> = summary::outlet_ranks(listed)
            .into_iter()
            .map(|(outlet, rank)| {
                Quad::new(outlet, ct::OUTLET_RANK, summary::count(rank), graph.clone())
            })
            .collect();
        new.insert(Quad::new(
            self.ids.summary_graph(),
            ct::RANKED_OUTLETS,
            summary::count(ranked),
            graph,
        ));
        let old: Vec<Quad> = Self::matches_in(tx, &summary::counts_of(&self.ids, ct::OUTLET_RANK))
            .chain(Self::matches_in(
                tx,
                &summary::total(&self.ids, ct::RANKED_OUTLETS),
            ))
            .collect::<Result<_, _>>()?;
        for q in &old {
            if !new.remove(q) {
                tx.remove(q);
            }
        }
        tx.extend(new.iter());
        Ok(())
    }

    /// Counts everything once into a new summary graph, if the store has none (a store made
    /// before summaries were kept, or written through SPARQL updates or the Graph Store
    /// Protocol, which drop it): a scan of the whole store, at the start of an ingest. The
    /// input digests go with it: after such a write an article's graph may not be what was
    /// read, so each is compared whole when next read (a summary present means every digest
    /// can be trusted).
    pub fn ensure_summary(&self) -> Result<(), StoreError> {
        if self.has_summary()? {
            return Ok(());
        }
        let mut tally = Tally::totals(&self.ids);
        let summary = self.ids.summary_graph();
        for graph in self.named_graphs()? {
            if !graph.as_str().starts_with(self.ids.base()) {
                continue;
            }
            let quads = self.inner.quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            );
            if self.ids.is_article(&graph) {
                let quads: Vec<Quad> = quads.collect::<Result<_, _>>()?;
                tally.article(&self.ids, &graph, &quads, 1);
            } else if graph != summary {
                let mut n = 0;
                for q in quads {
                    n += i64::from(!bookkeeping(q?.predicate.as_ref()));
                }
                tally.quads(&self.ids, n);
            }
        }
        let digests: Vec<Quad> = self
            .matches(&meta::digest_of(&self.ids, None))
            .collect::<Result<_, _>>()?;
        tally.quads(&self.ids, -(digests.len() as i64));
        let (_, insert) = tally.apply(&self.ids, |_, _| Ok::<_, StorageError>(None))?;
        let mut tx = self.inner.start_transaction()?;
        tx.remove_named_graph(summary.as_ref())?;
        for q in &digests {
            tx.remove(q);
        }
        tx.extend(insert.iter());
        self.keep_leaders(&mut tx, None)?;
        self.rank_outlets(&mut tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Drops the summary in `tx`: a write that is not an article's (an update, a Graph
    /// Store request) cannot say what it changed, so the counts are made again by the next
    /// ingest (the scanning queries answer until then), which also drops the input digests
    /// (see `ensure_summary`).
    fn forget_summary(&self, tx: &mut Transaction<'_>) -> Result<(), StoreError> {
        tx.remove_named_graph(self.ids.summary_graph().as_ref())?;
        Ok(())
    }

    /// Forgets in `tx` what a write that is not an article's leaves unknown: the counts, and
    /// whether every article graph notes the names it gives (the registry's mark).
    fn after_foreign_write(&self, tx: &mut Transaction<'_>) -> Result<(), StoreError> {
        self.forget_summary(tx)?;
        tx.remove(registry::names_by_article(&self.ids).as_ref());
        Ok(())
    }

    // ---- questions by name ----

    /// The input digest `article` was stored with, if its graph is stored.
    pub fn input_digest(&self, article: NamedNodeRef<'_>) -> Result<Option<String>, StoreError> {
        let Some(q) = self
            .matches(&meta::digest_of(&self.ids, Some(article)))
            .next()
        else {
            return Ok(None);
        };
        let Term::Literal(digest) = q?.object else {
            return Ok(None);
        };
        Ok(self
            .has_article(article)?
            .then(|| digest.value().to_string()))
    }

    /// How many statements `article`'s stored graph holds.
    pub fn statements_in(&self, article: NamedNodeRef<'_>) -> Result<usize, StoreError> {
        let mut n = 0;
        for q in self.matches(&mapping::statements_of(article)) {
            q?;
            n += 1;
        }
        Ok(n)
    }

    /// Whether the store holds any article's graph (the other graphs are a handful).
    fn holds_articles(&self) -> Result<bool, StoreError> {
        for graph in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(g) = graph?
                && self.ids.is_article(&g)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the store holds `article`'s graph.
    pub fn has_article(&self, article: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        self.has_graph(article)
    }

    /// Whether the store holds a named graph `graph`.
    pub fn has_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        Ok(self.inner.contains_named_graph(graph)?)
    }

    /// The stored claims of `speaker`, with the words that founded each.
    pub fn claims_of(&self, speaker: NamedNodeRef<'_>) -> Result<Vec<StoredClaim>, StoreError> {
        let mut out = Vec::new();
        for q in self.matches(&claims::authored_by(&self.ids, speaker)) {
            let NamedOrBlankNode::NamedNode(iri) = q?.subject else {
                continue;
            };
            let text = self
                .matches(&claims::text_of(&self.ids, iri.as_ref()))
                .next();
            if let Some(Term::Literal(l)) = text.transpose()?.map(|q| q.object) {
                out.push(StoredClaim {
                    iri,
                    text: l.value().to_string(),
                });
            }
        }
        Ok(out)
    }

    /// The claim `statement` carried when `article` was stored.
    pub fn claim_of(
        &self,
        article: NamedNodeRef<'_>,
        statement: NamedNodeRef<'_>,
    ) -> Result<Option<NamedNode>, StoreError> {
        let found = self
            .matches(&claims::carried_by(article, statement))
            .next()
            .transpose()?;
        Ok(found.and_then(|q| match q.object {
            Term::NamedNode(n) => Some(n),
            _ => None,
        }))
    }

    /// The name the registry gives `agent`.
    pub fn label(&self, agent: NamedNodeRef<'_>) -> Result<Option<String>, StoreError> {
        for q in self.matches(&registry::label_of(&self.ids, agent)) {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    }

    /// The outlets whose parent organisation is `organisation`.
    pub fn parts_of(&self, organisation: NamedNodeRef<'_>) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for q in self.matches(&registry::parts_of(&self.ids, organisation)) {
            if let NamedOrBlankNode::NamedNode(n) = q?.subject {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// What any graph says of `subject` for `property`.
    pub fn values(
        &self,
        subject: NamedNodeRef<'_>,
        property: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, StoreError> {
        self.inner
            .quads_for_pattern(Some(subject.into()), Some(property), None, None)
            .map(|q| Ok(q?.object))
            .collect()
    }

    /// Every quad of `graph`, or of the whole store.
    pub fn quads(
        &self,
        graph: Option<NamedNodeRef<'_>>,
    ) -> impl Iterator<Item = Result<Quad, StoreError>> + '_ {
        self.inner
            .quads_for_pattern(None, None, None, graph.map(GraphNameRef::NamedNode))
            .map(|q| q.map_err(StoreError::from))
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }

    fn matches(&self, p: &Pattern) -> impl Iterator<Item = Result<Quad, StorageError>> + '_ {
        self.inner.quads_for_pattern(
            p.subject.as_ref().map(|s| s.as_ref().into()),
            p.predicate,
            p.object.as_ref().map(Term::as_ref),
            p.graph
                .as_ref()
                .map(|g| GraphNameRef::NamedNode(g.as_ref())),
        )
    }

    fn matches_in<'t>(
        tx: &'t Transaction<'_>,
        p: &Pattern,
    ) -> impl Iterator<Item = Result<Quad, StorageError>> + 't {
        tx.quads_for_pattern(
            p.subject.as_ref().map(|s| s.as_ref().into()),
            p.predicate,
            p.object.as_ref().map(Term::as_ref),
            p.graph
                .as_ref()
                .map(|g| GraphNameRef::NamedNode(g.as_ref())),
        )
    }

    // ---- whole graphs, for the Graph Store Protocol ----

    /// Whether `graph` holds anything (the default graph always exists).
    pub fn graph_exists(&self, graph: GraphNameRef<'_>) -> Result<bool, StoreError> {
        Ok(match graph {
            GraphNameRef::DefaultGraph => true,
            GraphNameRef::NamedNode(g) => self.inner.contains_named_graph(g)?,
            GraphNameRef::BlankNode(g) => self.inner.contains_named_graph(g)?,
        })
    }

    /// The quads of one graph, or of every graph.
    pub fn graph_quads(
        &self,
        graph: Option<GraphNameRef<'_>>,
    ) -> impl Iterator<Item = Result<Quad, StorageError>> + 'static {
        self.inner.quads_for_pattern(None, None, None, graph)
    }

    /// Replaces `graph` by `quads` (or adds them, when `replace` is false), in one
    /// transaction; returns whether the graph existed before.
    pub fn write_graph(
        &self,
        graph: GraphNameRef<'_>,
        quads: &[Quad],
        replace: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.inner.start_transaction()?;
        let existed = match graph {
            GraphNameRef::DefaultGraph => true,
            GraphNameRef::NamedNode(g) => tx.contains_named_graph(g)?,
            GraphNameRef::BlankNode(g) => tx.contains_named_graph(g)?,
        };
        if replace {
            tx.clear_graph(graph)?;
        }
        if let GraphNameRef::NamedNode(g) = graph {
            tx.insert_named_graph(g);
        }
        tx.extend(quads);
        self.after_foreign_write(&mut tx)?;
        tx.commit()?;
        Ok(existed)
    }

    /// Removes `graph` (empties the default graph), in one transaction; returns whether it
    /// existed.
    pub fn drop_graph(&self, graph: GraphNameRef<'_>) -> Result<bool, StoreError> {
        let mut tx = self.inner.start_transaction()?;
        let existed = match graph {
            GraphNameRef::DefaultGraph => {
                tx.clear_graph(graph)?;
                true
            }
            GraphNameRef::NamedNode(g) => {
                let existed = tx.contains_named_graph(g)?;
                tx.remove_named_graph(g)?;
                existed
            }
            GraphNameRef::BlankNode(g) => {
                let existed = tx.contains_named_graph(g)?;
                tx.remove_named_graph(g)?;
                existed
            }
        };
        self.after_foreign_write(&mut tx)?;
        tx.commit()?;
        Ok(existed)
    }

    /// Replaces everything in the store by `quads` (nothing, to empty it), in one
    /// transaction.
    pub fn replace_all(&self, quads: &[Quad]) -> Result<(), StoreError> {
        let mut tx = self.inner.start_transaction()?;
        tx.clear()?;
        tx.extend(quads);
        self.after_foreign_write(&mut tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The named graphs of the store.
    pub fn named_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut graphs = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(g) = g? {
                graphs.push(g);
            }
        }
        Ok(graphs)
    }

    /// Replaces, in `graph`, everything said of each of `subjects` by `quads`, in one
    /// transaction.
    pub fn replace_subjects(
        &self,
        graph: NamedNodeRef<'_>,
        subjects: &[NamedNode],
        quads: &[Quad],
    ) -> Result<(), StoreError> {
        let mut tx = self.inner.start_transaction()?;
        for subject in subjects {
            let old: Vec<Quad> = tx
                .quads_for_pattern(Some(subject.into()), None, None, Some(graph.into()))
                .collect::<Result<_, _>>()?;
            for q in &old {
                tx.remove(q);
            }
        }
        tx.extend(quads);
        tx.commit()?;
        Ok(())
    }

    /// Adds `quads` to whichever graphs they name, in one transaction.
    pub fn add_all(&self, quads: &[Quad]) -> Result<(), StoreError> {
        let mut tx = self.inner.start_transaction()?;
        tx.extend(quads);
        self.after_foreign_write(&mut tx)?;
        tx.commit()?;
        Ok(())
    }

    // ---- SPARQL ----

    /// Runs a prepared query.
    pub fn query(
        &self,
        query: PreparedSparqlQuery,
    ) -> Result<QueryResults<'static>, QueryEvaluationError> {
        query.on_store(&self.inner).execute()
    }

    /// Runs a prepared query with statistics: its results and Oxigraph's plan.
    pub fn explain(
        &self,
        query: PreparedSparqlQuery,
    ) -> (
        Result<QueryResults<'static>, QueryEvaluationError>,
        QueryExplanation,
    ) {
        query.on_store(&self.inner).compute_statistics().explain()
    }

    /// Runs a prepared update, in one transaction; the summary is dropped after it (see
    /// `after_foreign_write`). Answers how many quads that took away, so that what the update
    /// itself changed can be told apart.
    pub fn update(&self, update: PreparedSparqlUpdate) -> Result<usize, UpdateEvaluationError> {
        update.on_store(&self.inner).execute()?;
        let forget = || -> Result<usize, StoreError> {
            let summary = self.ids.summary_graph();
            let dropped = self
                .inner
                .quads_for_pattern(None, None, None, Some(summary.as_ref().into()))
                .count()
                + usize::from(
                    self.inner
                        .contains(&registry::names_by_article(&self.ids))?,
                );
            let mut tx = self.inner.start_transaction()?;
            self.after_foreign_write(&mut tx)?;
            tx.commit()?;
            Ok(dropped)
        };
        forget().map_err(|e| match e {
            StoreError::Storage(e) => UpdateEvaluationError::from(e),
            e => UpdateEvaluationError::from(StorageError::Other(Box::new(e))),
        })
    }
}

/// Local bookkeeping, which the counts leave aside: push's records in the ingest graph and the
/// registry's `ct:namesByArticle` mark.
fn bookkeeping(predicate: NamedNodeRef<'_>) -> bool {
    [
        ct::PUSHED_GRAPH,
        ct::PUSHED_TO,
        ct::PUSHED_DIGEST,
        ct::PUSHED_AT,
        ct::NAMES_BY_ARTICLE,
    ]
    .contains(&predicate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_open_elsewhere_is_locked_and_says_so() {
        let dir = std::env::temp_dir().join(format!("claimtrace-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = Store::open(&dir).unwrap();
        let Err(e) = Store::open(&dir) else {
            panic!("opened twice");
        };
        assert!(matches!(e, StoreError::Locked { .. }), "{e:?}");
        assert!(e.to_string().contains("another process has it open"));
        drop(first);
        assert!(Store::open(&dir).is_ok(), "the lock goes with the store");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn questions_by_name_read_what_the_mapping_wrote() {
        let store = Store::memory().unwrap();
        let reuters = NamedNode::new_unchecked("https://w3id.org/claimtrace/id/outlet/reuters");
        assert_eq!(
            store.label(reuters.as_ref()).unwrap().as_deref(),
            Some("Reuters")
        );
        let bbc = NamedNode::new_unchecked("https://w3id.org/claimtrace/id/outlet/bbc");
        let parts = store.parts_of(bbc.as_ref()).unwrap();
        assert!(
            parts
                .iter()
                .any(|p| p.as_str().ends_with("/outlet/bbc-russian")),
            "{parts:?}"
        );
        let nobody = NamedNode::new_unchecked("https://w3id.org/claimtrace/id/person/nobody");
        assert!(store.claims_of(nobody.as_ref()).unwrap().is_empty());
    }
}
