//! Ingestion: inputs -> records -> statements -> quads -> store. Records stream in and are
//! committed in batches, each article whole or not at all; a failure is reported with its
//! input (and line or item) and the reason, and the rest goes on.

use std::fmt;
use std::path::PathBuf;

use claimtrace_text::article::Overrides;
use claimtrace_text::extract;
use claimtrace_text::input::{self, Failure, Format, Record};
use claimtrace_text::pipeline;

use crate::claims::Linker;
use oxigraph::model::NamedNode;
use rustc_hash::FxHashSet as HashSet;

use crate::mapping::summary::Tally;
use crate::mapping::{self, Ids, Mapped, meta};
use crate::store::{Loader, Prepared, Store, StoreError, Written};

/// Quads per write to the store: new articles' go to the bulk loader, which sorts them into
/// files on a thread of its own while the next batch is prepared. Measured on Reuters:
/// 100,000 to 250,000 equally fast; a million, 15% slower and twice the memory.
const BATCH_QUADS: usize = 250_000;

/// Quads the loader holds before it commits: the files of 40 batches taken at once. Each
/// commit puts a file per index into RocksDB's first level, and every two there make it
/// rewrite the level below: committing every batch of 256 articles spent more time merging
/// than loading (a first load of Reuters 34.7 s; now 27 s).
/// Held meanwhile: the files on disk, and a set of the shared descriptions loaded.
const COMMIT_QUADS: usize = 10_000_000;

/// New counts for the summary that go through a bulk load (`Store::add_counts`): fewer are
/// quicker to insert in a transaction than to sort into files for RocksDB's first level.
const BULK_COUNTS: usize = 20_000;

/// How much an ingest holds before it writes: the constants above, unless
/// `CLAIMTRACE_COMMIT_QUADS` sets the quads per batch and per commit lower and the counts
/// per bulk load to a tenth of it, so that the crash tests (tests/reliability.rs) can kill
/// an ingest of a few dozen articles (a few hundred counts) between commits and while it
/// counts, as a million-article ingest is killed.
#[derive(Clone, Copy)]
struct Limits {
    batch_quads: usize,
    commit_quads: usize,
    bulk_counts: usize,
}

fn limits() -> Limits {
    static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();
    *LIMITS.get_or_init(|| {
        match std::env::var("CLAIMTRACE_COMMIT_QUADS")
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) if n > 0 => Limits {
                batch_quads: n.min(BATCH_QUADS),
                commit_quads: n.min(COMMIT_QUADS),
                bulk_counts: (n / 10).clamp(1, BULK_COUNTS),
            },
            _ => Limits {
                batch_quads: BATCH_QUADS,
                commit_quads: COMMIT_QUADS,
                bulk_counts: BULK_COUNTS,
            },
        }
    })
}

/// Articles per write at most: articles stored before are rewritten in transactions, which
/// hold their changes in memory until they commit.
const BATCH_ARTICLES: usize = 20_000;

/// Counts changed that an ingest holds before adding them to the summary: each addition is
/// a transaction between bulk loads (RocksDB then flushes its memtable), each held count a
/// few hundred bytes.
const TALLY_HELD: usize = 200_000;

/// What happened to the inputs of one ingest.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Records read: articles, and records that failed.
    pub read: usize,
    pub added: usize,
    /// Articles already in the store from an earlier ingest, replaced.
    pub replaced: usize,
    /// Articles already in the store from an earlier ingest, read again as they were.
    pub unchanged: usize,
    /// Articles that came again in this ingest (the same id or URL): the last one wins.
    pub duplicates: usize,
    /// Statements extracted (a duplicate's included).
    pub statements: usize,
    pub failures: Vec<Failure>,
    /// Records read, but not as written (a malformed date dropped, a line recoded).
    pub warnings: Vec<Failure>,
    /// Set when the store could not be written: the ingest stopped there.
    pub stopped: Option<Stopped>,
}

/// Why an ingest stopped before the end of its inputs: a write to the store failed (its
/// disk full, an I/O error), which would fail every article after it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    pub reason: String,
    /// The disk or quota is full: freeing space lets the same ingest go on.
    pub store_full: bool,
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl Summary {
    pub fn ingested(&self) -> usize {
        self.added + self.replaced + self.unchanged
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {}, ingested {} ({} new, {} replaced, {} unchanged), duplicates {}, failed {}, warnings {}; {} statements",
            self.read,
            self.ingested(),
            self.added,
            self.replaced,
            self.unchanged,
            self.duplicates,
            self.failures.len(),
            self.warnings.len(),
            self.statements
        )?;
        if self.stopped.is_some() {
            f.write_str("; stopped before the end")?;
        }
        Ok(())
    }
}

/// How an ingest is run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: Format,
    pub overrides: Overrides,
    /// Stop at the first failure.
    pub strict: bool,
    /// Threads reading articles into statements and quads (0 or 1: the caller's alone);
    /// linking claims and writing the store stay on the caller's thread, in input order.
    pub jobs: usize,
}

/// How bad a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// An input, or part of one, was not stored.
    Error,
    /// It was stored, but not quite as written (a malformed date dropped, a guessed encoding).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Sees an ingest as it goes: the CLI draws a progress bar and prints reports with it.
pub trait Observer {
    /// The inputs are listed: `bytes` in all (0 when unknown, as for stdin).
    fn start(&mut self, _bytes: u64) {}
    /// `bytes` more of the input were read; `articles` stored so far.
    fn advance(&mut self, _bytes: u64, _articles: usize) {}
    /// A failure or a warning.
    fn report(&mut self, severity: Severity, failure: &Failure);
    /// An article was written (or found unchanged, or met again).
    fn stored(&mut self, _article: &Prepared, _written: &Written) {}
    /// A batch was committed: what `stored` named since is in the store.
    fn committed(&mut self, _store: &Store) {}
}

/// Reports through a closure, without progress.
pub struct Reporter<F: FnMut(Severity, &Failure)>(pub F);

impl<F: FnMut(Severity, &Failure)> Observer for Reporter<F> {
    fn report(&mut self, severity: Severity, failure: &Failure) {
        (self.0)(severity, failure);
    }
}

/// Ingests every input under `paths` (`-` is stdin).
pub fn ingest(
    store: &Store,
    paths: &[String],
    options: &Options,
    observer: &mut dyn Observer,
) -> Summary {
    let (files, failures) = input::files(paths);
    let mut run = Run::new(store, options, observer);
    let digests = run.count_once();
    for f in failures {
        run.fail(f);
    }
    run.observer.start(total_bytes(&files));
    pipeline::in_order(
        &files,
        options.format,
        &options.overrides,
        options.jobs,
        &|read| made(store, digests, read),
        &mut |made, bytes| {
            if !run.stop {
                run.record(made, bytes);
            }
            !run.stop
        },
    );
    run.finish()
}

/// Ingests one input held in memory (an HTTP request's body): `input` names it in reports,
/// `name` is its document's name (its extension guides the reader when the format is
/// `Auto`).
pub fn ingest_bytes(
    store: &Store,
    input: &str,
    name: &str,
    bytes: &[u8],
    options: &Options,
    observer: &mut dyn Observer,
) -> Summary {
    let mut run = Run::new(store, options, observer);
    let digests = run.count_once();
    run.observer.start(bytes.len() as u64);
    input::read_from(
        input,
        name,
        bytes,
        options.format,
        &options.overrides,
        &mut |r, n| {
            run.record(made(store, digests, r), n);
            !run.stop
        },
    );
    run.finish()
}

/// When this ingest ran, to the microsecond: it tells an article met twice in one run (a
/// duplicate) from one stored by an earlier run.
fn run_timestamp() -> String {
    let now = jiff::Timestamp::now();
    now.round(jiff::Unit::Microsecond)
        .unwrap_or(now)
        .to_string()
}

fn total_bytes(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// A record as the working threads make it: its statements found and its graph mapped, or
/// found stored as it is (the same input digest), which skips extraction altogether.
struct Made {
    record: Record,
    digest: String,
    statements: usize,
    work: Work,
}

enum Work {
    /// The article's graph, and what it adds to the store's counts.
    Mapped(Mapped, Tally),
    /// The store holds this article from the same input and rules.
    Stored(NamedNode),
}

/// `digests`: whether stored input digests can be trusted (the summary stands: see
/// `Store::ensure_summary`), decided once a run.
fn made(store: &Store, digests: bool, read: Result<Record, Failure>) -> Result<Made, Failure> {
    let record = read?;
    let digest = meta::input_digest(&record.article);
    let article = store.ids().article(&record.article);
    // A failed lookup only costs the shortcut: the article is extracted.
    if digests
        && let Ok(Some(stored)) = store.input_digest(article.as_ref())
        && stored == digest
        && let Ok(statements) = store.statements_in(article.as_ref())
    {
        return Ok(Made {
            record,
            digest,
            statements,
            work: Work::Stored(article),
        });
    }
    Ok(extracted(store.ids(), record, digest))
}

fn extracted(ids: &Ids, record: Record, digest: String) -> Made {
    let found = extract::extract(&record.article);
    let mapped = mapping::article_quads(ids, &record.article, &found);
    let mut tally = Tally::default();
    tally.article(ids, &mapped.article, &mapped.quads, 1);
    Made {
        statements: found.len(),
        work: Work::Mapped(mapped, tally),
        record,
        digest,
    }
}

/// The articles of the next write to the store.
#[derive(Default)]
struct Batch {
    items: Vec<Prepared>,
    articles: HashSet<NamedNode>,
    /// Quads the items write.
    quads: usize,
}

impl Batch {
    fn push(&mut self, p: Prepared) {
        self.quads += p.mapped.quads.len() + p.mapped.shared.len() + p.meta.len();
        self.articles.insert(p.mapped.article.clone());
        self.items.push(p);
    }

    fn is_full(&self) -> bool {
        self.quads >= limits().batch_quads || self.items.len() >= BATCH_ARTICLES
    }
}

struct Run<'a> {
    store: &'a Store,
    summary: Summary,
    batch: Batch,
    loader: Loader<'a>,
    /// Written to the loader, reported once it commits.
    loaded: Vec<(Prepared, Written)>,
    at: String,
    observer: &'a mut dyn Observer,
    stop: bool,
    strict: bool,
    linker: Linker,
    /// What the written batches change in the summary's counts, added at the end.
    tally: Tally,
}

impl<'a> Run<'a> {
    fn new(store: &'a Store, options: &Options, observer: &'a mut dyn Observer) -> Self {
        Run {
            store,
            summary: Summary::default(),
            batch: Batch::default(),
            loader: store.loader(),
            loaded: Vec::new(),
            at: run_timestamp(),
            observer,
            stop: false,
            strict: options.strict,
            linker: Linker::default(),
            tally: Tally::default(),
        }
    }

    /// Makes the store's summary if it has none and marks it as waiting for this run's
    /// counts (see `Store::begin_counting`); answers whether it stands, and with it the
    /// stored input digests.
    fn count_once(&mut self) -> bool {
        let Err(e) = self.store.begin_counting(&self.at) else {
            return true;
        };
        self.warn(Failure {
            input: "the summary graph".into(),
            reason: format!("the store's counts were not made: {e}"),
        });
        false
    }

    /// Writes what is left, drops the claims that replaced articles no longer carry.
    fn finish(mut self) -> Summary {
        self.flush();
        self.commit();
        // The linker's index of claims is freed on another core while the counts are
        // written: freeing it took half a second at the end of a first load of Reuters.
        let linker = std::mem::take(&mut self.linker);
        let counted = std::thread::scope(|scope| {
            scope.spawn(move || drop(linker));
            self.store.end_counting(&self.tally, limits().bulk_counts)
        });
        if let Err(e) = counted {
            self.warn(Failure {
                input: "the summary graph".into(),
                reason: format!("this ingest's counts were not added: {e}"),
            });
        }
        if self.summary.replaced > 0
            && let Err(e) = self.store.drop_orphan_claims()
        {
            self.warn(Failure {
                input: "the claims graph".into(),
                reason: format!("claims no longer carried were not removed: {e}"),
            });
        }
        let replaced = self.loader.take_replaced();
        if let Err(e) = self.store.settle_registry(&replaced) {
            self.warn(Failure {
                input: "the registry graph".into(),
                reason: format!("names and agents no article gives any more were not removed: {e}"),
            });
        }
        self.summary
    }

    fn fail(&mut self, f: Failure) {
        self.observer.report(Severity::Error, &f);
        self.summary.failures.push(f);
        self.stop |= self.strict;
    }

    fn warn(&mut self, w: Failure) {
        self.observer.report(Severity::Warning, &w);
        self.summary.warnings.push(w);
    }

    fn record(&mut self, made: Result<Made, Failure>, bytes: u64) {
        self.summary.read += 1;
        match made {
            Ok(made) => {
                let made = self.still_stored(made);
                self.prepare(made);
            }
            Err(f) => self.fail(f),
        }
        self.observer
            .advance(bytes, self.summary.ingested() + self.unreported());
    }

    /// A record a worker found stored as it is, checked again now that every record before
    /// it is written (an earlier record of this ingest may have replaced that article with
    /// another version); extracted here if it changed.
    fn still_stored(&mut self, made: Made) -> Made {
        let Work::Stored(article) = &made.work else {
            return made;
        };
        self.flush_if_holding(article);
        match self.store.input_digest(article.as_ref()) {
            Ok(Some(d)) if d == made.digest => made,
            _ => extracted(self.store.ids(), made.record, made.digest),
        }
    }

    fn prepare(&mut self, made: Made) {
        let Made {
            record,
            digest,
            statements,
            work,
        } = made;
        for w in record.warnings {
            self.warn(w);
        }
        let (mapped, unchanged, tally) = match work {
            Work::Mapped(mut mapped, mut tally) => {
                // The linker keeps the claims of an article stored before: written first,
                // one met earlier in this ingest is, whatever the batch's size.
                self.flush_if_holding(&mapped.article);
                let unlinked = mapped.quads.len();
                if let Err(e) = self.linker.link(self.store, &mut mapped) {
                    self.fail(Failure {
                        input: record.location,
                        reason: format!("not stored: reading its speakers' claims: {e}"),
                    });
                    return;
                }
                // The links (a statement's claim, a claim's appearance) are new quads of
                // the graph, each once, naming no agent.
                tally.quads(self.store.ids(), (mapped.quads.len() - unlinked) as i64);
                (mapped, false, tally)
            }
            Work::Stored(article) => (Mapped::stored(article), true, Tally::default()),
        };
        let meta = meta::ingest_quads(
            self.store.ids(),
            &mapped.article,
            &record.location,
            &self.at,
            &digest,
        );
        self.batch.push(Prepared {
            mapped,
            meta,
            location: record.location,
            statements,
            unchanged,
            tally,
        });
        if self.batch.is_full() {
            self.flush();
        }
    }

    /// Articles read, not yet reported as written.
    fn unreported(&self) -> usize {
        self.batch.items.len() + self.loaded.len()
    }

    /// Writes the batch and commits the loader if either holds `article`: what follows
    /// sees it stored.
    fn flush_if_holding(&mut self, article: &NamedNode) {
        if self.batch.articles.contains(article) || self.loader.holds(article) {
            self.flush();
            self.commit();
        }
    }

    /// Writes the batch: new articles to the loader, committed once it holds
    /// [`COMMIT_QUADS`].
    fn flush(&mut self) {
        if self.batch.items.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.batch).items;
        let written = self
            .store
            .put_articles(&items, &self.at, &mut self.tally, &mut self.loader);
        if self.tally.len() > TALLY_HELD {
            let tally = std::mem::take(&mut self.tally);
            if let Err(e) = self.store.add_counts(&tally, limits().bulk_counts) {
                self.warn(Failure {
                    input: "the summary graph".into(),
                    reason: format!("counts not added: {e}"),
                });
            }
        }
        let written = match written {
            Ok(written) => written,
            Err(e) => {
                // What the loader took of the batch is lost with it.
                self.not_stored(items, &e);
                self.loader.discard();
                let loaded = std::mem::take(&mut self.loaded);
                self.not_stored(loaded.into_iter().map(|(p, _)| p).collect(), &e);
                return;
            }
        };
        let mut now = Vec::new();
        for (mut p, w) in items.into_iter().zip(written) {
            if self.loader.holds(&p.mapped.article) {
                // Reported once committed; its quads are the loader's now.
                p.mapped.quads = Vec::new();
                p.mapped.shared = Vec::new();
                p.meta = Vec::new();
                p.tally = Default::default();
                self.loaded.push((p, w));
            } else {
                now.push((p, w));
            }
        }
        self.account(&now);
        if self.loader.len() >= limits().commit_quads {
            self.commit();
        }
    }

    /// Puts the loader's articles in the store, then reports them.
    fn commit(&mut self) {
        let loaded = std::mem::take(&mut self.loaded);
        match self.loader.commit() {
            Ok(()) => {
                // Every claim made so far is in the store now, unless a batch is waiting.
                if self.batch.items.is_empty() {
                    self.linker.shed();
                }
                self.account(&loaded);
            }
            Err(e) => self.not_stored(loaded.into_iter().map(|(p, _)| p).collect(), &e),
        }
    }

    fn account(&mut self, written: &[(Prepared, Written)]) {
        for (p, w) in written {
            self.summary.statements += p.statements;
            self.observer.stored(p, w);
            match w {
                Written::Added => self.summary.added += 1,
                Written::Replaced => self.summary.replaced += 1,
                Written::Unchanged => self.summary.unchanged += 1,
                Written::Duplicate { earlier } => {
                    self.summary.duplicates += 1;
                    self.warn(Failure {
                        input: p.location.clone(),
                        reason: format!(
                            "same article (id or URL) as {earlier}; the last one is kept"
                        ),
                    });
                }
            }
        }
        self.observer.committed(self.store);
    }

    /// Reports the articles of a failed write, and stops: every write after it would fail
    /// the same way.
    fn not_stored(&mut self, batch: Vec<Prepared>, e: &StoreError) {
        for p in batch {
            self.fail(Failure {
                input: p.location,
                reason: format!("not stored: {e}"),
            });
        }
        self.observer.committed(self.store);
        if self.summary.stopped.is_none() {
            let store = self.store.path().map_or_else(
                || "in memory".to_string(),
                |p| format!("at {}", p.display()),
            );
            let (store_full, remedy) = if e.is_storage_full() {
                (true, "free space on its disk")
            } else {
                (false, "fix the cause")
            };
            self.summary.stopped = Some(Stopped {
                reason: format!(
                    "ingest stopped: the store {store} cannot be written ({e}); the articles stored before stay whole: {remedy} and run the same ingest again to go on"
                ),
                store_full,
            });
        }
        self.stop = true;
    }
}
