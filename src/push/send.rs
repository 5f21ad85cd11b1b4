//! Sending, as a pipeline with bounded queues: graphs read and hashed by one reader per
//! core, unchanged ones passed over, the rest gathered into batches (one graph per request
//! for PUT, up to `batch` graphs for a bulk load), sent by `parallel` workers, and their
//! outcomes taken and recorded on the caller's thread (the store has one writer).

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use oxigraph::model::NamedNode;

use super::content::Content;
use super::records;
use crate::remote::{Auth, Failure, GraphStore, Loading};
use crate::store::{Store, StoreError};

/// Graphs sent between writes of the push records (and at most in one bulk load), unless
/// told otherwise.
pub const BATCH: usize = 256;
/// Requests sent at once, unless told otherwise.
pub const PARALLEL: usize = 4;
/// The most N-Quads one bulk load carries.
const BULK_BYTES: usize = 8 << 20;

/// How a push runs.
pub struct Options {
    /// The remote Graph Store Protocol URL (`http://host/store` for Oxigraph and `serve`).
    pub graph_store: String,
    pub auth: Auth,
    /// Push records are written after this many graphs are sent: an interrupted push sends
    /// at most this many again (and what was in flight). A bulk load carries at most this
    /// many graphs.
    pub batch: usize,
    /// Requests sent at once.
    pub parallel: usize,
    /// Only the articles ingested since then (and every graph that is not an article's).
    pub since: Option<jiff::Timestamp>,
    /// How graphs reach the server; none: as the server takes them best.
    pub loading: Option<Loading>,
}

/// A graph the server refused, and what it said.
#[derive(Debug)]
pub struct Refused {
    pub graph: String,
    pub status: u16,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub graph_store: String,
    /// How graphs were sent, once any was.
    pub loading: Option<Loading>,
    pub sent: usize,
    pub quads: usize,
    pub unchanged: usize,
    pub refused: Vec<Refused>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let by = match self.loading {
            Some(Loading::Put) => " (PUT per graph)",
            Some(Loading::Bulk) => " (bulk loads)",
            None => "",
        };
        write!(
            f,
            "pushed to {}{by}: {} graphs sent ({} quads), {} unchanged, {} refused",
            self.graph_store,
            self.sent,
            self.quads,
            self.unchanged,
            self.refused.len()
        )
    }
}

impl Summary {
    /// Adds what another push to the same graph store did.
    pub fn add(&mut self, other: Summary) {
        self.loading = self.loading.or(other.loading);
        self.sent += other.sent;
        self.quads += other.quads;
        self.unchanged += other.unchanged;
        self.refused.extend(other.refused);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "cannot reach the graph store {url}: {reason} ({sent} graphs were sent and recorded before)"
    )]
    Unreachable {
        url: String,
        reason: String,
        sent: usize,
    },
}

/// Sends every graph whose content changed since it was last pushed to `options.graph_store`;
/// `progress` hears of each graph done, with the total.
pub fn push(
    store: &Store,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, PushError> {
    let mut graphs = store.named_graphs()?;
    // The summary is this store's own bookkeeping, dropped by the first Graph Store write a
    // claimtrace server takes: the remote store answers by scanning instead.
    let summary = store.ids().summary_graph();
    graphs.retain(|g| *g != summary);
    if let Some(since) = options.since {
        let earlier = records::ingested_before(store, since)?;
        graphs.retain(|g| !earlier.contains(g.as_str()));
    }
    push_graphs(store, options, &graphs, progress)
}

/// Graphs to send in one request.
struct Batch {
    contents: Vec<Content>,
    bytes: usize,
}

/// What became of a graph.
enum Outcome {
    Unchanged,
    /// Sent, or refused, or not sent because the push stopped.
    Tried(Content, Result<(), Failure>),
    NotSent,
    Unreadable(StoreError),
}

/// [`push`] for `graphs` only.
pub fn push_graphs(
    store: &Store,
    options: &Options,
    graphs: &[NamedNode],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, PushError> {
    let unreachable = |reason: String| PushError::Unreachable {
        url: options.graph_store.clone(),
        reason,
        sent: 0,
    };
    if graphs.is_empty() {
        return Ok(Summary {
            graph_store: options.graph_store.clone(),
            ..Summary::default()
        });
    }
    let remote = GraphStore::new(&options.graph_store, options.auth.clone());
    let loading = match options.loading {
        Some(loading) => loading,
        None => remote
            .best_loading()
            .map_err(|e| unreachable(e.to_string()))?,
    };
    let recorded = records::digests(store, &options.graph_store)?;
    let readers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let parallel = options.parallel.max(1);
    let per_request = match loading {
        Loading::Put => 1,
        Loading::Bulk => options.batch.max(1),
    };

    let pipeline = Pipeline {
        store,
        graphs,
        recorded: &recorded,
        remote: &remote,
        loading,
        per_request,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    let (read, to_batch) = mpsc::sync_channel::<Content>(readers * 2);
    let (batched, to_send) = mpsc::sync_channel::<Batch>(parallel);
    let to_send = Mutex::new(to_send);
    let (report, outcomes) = mpsc::channel::<Outcome>();
    let mut tally = Tally::new(options, loading);
    // Each thread owns its ends of the queues: a queue closes when its last sender ends.
    let (pipeline, to_send) = (&pipeline, &to_send);
    std::thread::scope(|scope| {
        for _ in 0..readers {
            let (read, report) = (read.clone(), report.clone());
            scope.spawn(move || pipeline.read(&read, &report));
        }
        drop(read);
        scope.spawn(move || pipeline.batch(to_batch, &batched));
        for _ in 0..parallel {
            let report = report.clone();
            scope.spawn(move || pipeline.send(to_send, &report));
        }
        drop(report);
        for outcome in outcomes {
            if !tally.take(outcome, store) {
                pipeline.stop.store(true, Ordering::SeqCst);
            }
            progress(tally.seen, graphs.len());
        }
    });
    tally.finish(store)
}

/// What the push's threads share.
struct Pipeline<'a> {
    store: &'a Store,
    graphs: &'a [NamedNode],
    recorded: &'a HashMap<String, String>,
    remote: &'a GraphStore,
    loading: Loading,
    per_request: usize,
    /// The next graph to read.
    next: AtomicUsize,
    /// Set when the push must end (the server is gone, the store failed).
    stop: AtomicBool,
}

impl Pipeline<'_> {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// A reader: reads graphs until none is left, passing on those that changed.
    fn read(&self, read: &mpsc::SyncSender<Content>, report: &mpsc::Sender<Outcome>) {
        while !self.stopped() {
            let Some(graph) = self.graphs.get(self.next.fetch_add(1, Ordering::SeqCst)) else {
                break;
            };
            let outcome = match Content::read(self.store, graph) {
                Ok(c) if self.recorded.get(graph.as_str()) == Some(&c.digest) => Outcome::Unchanged,
                Ok(content) => match read.send(content) {
                    Ok(()) => continue,
                    Err(_) => break,
                },
                Err(e) => Outcome::Unreadable(e),
            };
            if report.send(outcome).is_err() {
                break;
            }
        }
    }

    /// Gathers what the readers pass on into requests.
    fn batch(&self, read: mpsc::Receiver<Content>, batched: &mpsc::SyncSender<Batch>) {
        let mut batch = Batch::new();
        for content in read {
            if self.stopped() {
                return;
            }
            batch.add(content);
            if batch.contents.len() >= self.per_request || batch.bytes >= BULK_BYTES {
                let full = std::mem::replace(&mut batch, Batch::new());
                if batched.send(full).is_err() {
                    return;
                }
            }
        }
        if !batch.contents.is_empty() {
            let _ = batched.send(batch);
        }
    }

    /// A sender: sends requests until none is left, reporting each graph's outcome.
    fn send(&self, to_send: &Mutex<mpsc::Receiver<Batch>>, report: &mpsc::Sender<Outcome>) {
        loop {
            let next = to_send.lock().unwrap_or_else(|e| e.into_inner()).recv();
            let Ok(batch) = next else { break };
            let tried = if self.stopped() {
                batch.contents.iter().map(|_| Outcome::NotSent).collect()
            } else {
                send_batch(self.remote, self.loading, batch)
            };
            for outcome in tried {
                if report.send(outcome).is_err() {
                    return;
                }
            }
        }
    }
}

impl Batch {
    fn new() -> Self {
        Batch {
            contents: Vec::new(),
            bytes: 0,
        }
    }

    fn add(&mut self, content: Content) {
        self.bytes += content.ntriples.len();
        self.contents.push(content);
    }
}

/// Sends `batch` as `loading` says; a bulk load the server refuses for a reason other than
/// the credentials is tried again graph by graph, so the refusal names the graph at fault
/// and the others go in.
fn send_batch(remote: &GraphStore, loading: Loading, batch: Batch) -> Vec<Outcome> {
    let tried = |contents: Vec<Content>, result: &Result<(), Failure>| -> Vec<Outcome> {
        contents
            .into_iter()
            .map(|c| Outcome::Tried(c, result.clone()))
            .collect()
    };
    let one_by_one = |contents: Vec<Content>| -> Vec<Outcome> {
        contents
            .into_iter()
            .map(|c| {
                let result = remote.put(c.graph.as_str(), &c.ntriples);
                Outcome::Tried(c, result)
            })
            .collect()
    };
    match loading {
        Loading::Put => one_by_one(batch.contents),
        Loading::Bulk => {
            let mut nquads = Vec::with_capacity(batch.bytes * 2);
            for c in &batch.contents {
                c.write_nquads(&mut nquads);
            }
            let graphs: Vec<&str> = batch.contents.iter().map(|c| c.graph.as_str()).collect();
            match remote.load(&graphs, &nquads) {
                Err(Failure::Refused { status, .. }) if !matches!(status, 401 | 403) => {
                    one_by_one(batch.contents)
                }
                result => tried(batch.contents, &result),
            }
        }
    }
}

/// What the push has met so far.
struct Tally<'o> {
    options: &'o Options,
    loading: Loading,
    summary: Summary,
    /// Sent, not yet recorded.
    done: Vec<(NamedNode, String)>,
    /// Why the server could not be reached, once it could not.
    unreachable: Option<String>,
    /// The first failure to read or record, which ends the push.
    failed: Option<StoreError>,
    seen: usize,
}

impl<'o> Tally<'o> {
    fn new(options: &'o Options, loading: Loading) -> Self {
        Tally {
            options,
            loading,
            summary: Summary {
                graph_store: options.graph_store.clone(),
                ..Summary::default()
            },
            done: Vec::new(),
            unreachable: None,
            failed: None,
            seen: 0,
        }
    }

    /// Counts `outcome`, writing the records once a batch is sent; whether the push goes on.
    fn take(&mut self, outcome: Outcome, store: &Store) -> bool {
        self.seen += 1;
        match outcome {
            Outcome::Unchanged => self.summary.unchanged += 1,
            Outcome::NotSent => {}
            Outcome::Unreadable(e) => {
                self.failed.get_or_insert(e);
            }
            Outcome::Tried(content, Ok(())) => {
                self.summary.loading = Some(self.loading);
                self.summary.sent += 1;
                self.summary.quads += content.triples;
                self.done.push((content.graph, content.digest));
                if self.done.len() >= self.options.batch.max(1)
                    && let Err(e) = records::write(store, &self.options.graph_store, &mut self.done)
                {
                    self.failed.get_or_insert(e);
                }
            }
            Outcome::Tried(content, Err(Failure::Refused { status, message })) => {
                self.summary.refused.push(Refused {
                    graph: content.graph.to_string(),
                    status,
                    message,
                });
            }
            Outcome::Tried(_, Err(Failure::Unreachable(reason))) => {
                self.unreachable.get_or_insert(reason);
            }
        }
        self.unreachable.is_none() && self.failed.is_none()
    }

    /// Records what is sent and not yet recorded, and gives the push's end.
    fn finish(mut self, store: &Store) -> Result<Summary, PushError> {
        records::write(store, &self.options.graph_store, &mut self.done)?;
        if let Some(e) = self.failed {
            return Err(e.into());
        }
        match self.unreachable {
            Some(reason) => Err(PushError::Unreachable {
                url: self.options.graph_store.clone(),
                reason,
                sent: self.summary.sent,
            }),
            None => Ok(self.summary),
        }
    }
}

/// Graphs refused for one reason.
pub struct Refusal<'a> {
    pub status: u16,
    pub message: &'a str,
    pub graphs: Vec<&'a str>,
}

impl Summary {
    /// The graphs refused, by status and message: one line per reason, not per graph.
    pub fn refusals(&self) -> Vec<Refusal<'_>> {
        let mut by_reason: HashMap<(u16, &str), Vec<&str>> = HashMap::new();
        for r in &self.refused {
            by_reason
                .entry((r.status, r.message.as_str()))
                .or_default()
                .push(r.graph.as_str());
        }
        let mut refusals: Vec<Refusal<'_>> = by_reason
            .into_iter()
            .map(|((status, message), graphs)| Refusal {
                status,
                message,
                graphs,
            })
            .collect();
        refusals.sort_by_key(|r| (r.status, r.message));
        refusals
    }
}
