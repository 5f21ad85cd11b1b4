//! Sending: each graph read and hashed on the caller's thread, sent by `parallel` workers,
//! its outcome taken and recorded on the caller's thread (the store has one writer).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Mutex, mpsc};

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};

use crate::mapping::vocab::ct;
use crate::remote::{Auth, Failure, GraphStore};
use crate::store::{Store, StoreError};

/// Graphs sent between writes of the push records, unless told otherwise.
pub const BATCH: usize = 64;
/// Graphs sent at once, unless told otherwise.
pub const PARALLEL: usize = 4;

/// How a push runs.
pub struct Options {
    /// The remote Graph Store Protocol URL (`http://host/store` for Oxigraph and `serve`).
    pub graph_store: String,
    pub auth: Auth,
    /// Push records are written after this many graphs are sent: an interrupted push sends
    /// at most this many again (and what was in flight).
    pub batch: usize,
    /// Graphs sent at once.
    pub parallel: usize,
    /// Only the articles ingested since then (and every graph that is not an article's).
    pub since: Option<jiff::Timestamp>,
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
    pub sent: usize,
    pub quads: usize,
    pub unchanged: usize,
    pub refused: Vec<Refused>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pushed to {}: {} graphs sent ({} quads), {} unchanged, {} refused",
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

/// Sends every graph whose content changed since it was last pushed to `options.graph_store`,
/// `options.parallel` at a time; `progress` hears of each graph done, with the total.
pub fn push(
    store: &Store,
    options: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, PushError> {
    let mut graphs = store.named_graphs()?;
    if let Some(since) = options.since {
        let earlier = ingested_before(store, since)?;
        graphs.retain(|g| !earlier.contains(g.as_str()));
    }
    push_graphs(store, options, &graphs, progress)
}

/// The articles the ingest graph records as last ingested before `since` (an instant). A
/// record that does not read as a time keeps its article in the push: never skip unknowingly.
fn ingested_before(store: &Store, since: jiff::Timestamp) -> Result<HashSet<String>, StoreError> {
    let ingest = store.ids().ingest_graph();
    let mut latest: HashMap<String, Option<jiff::Timestamp>> = HashMap::new();
    for q in store.quads(Some(ingest.as_ref())) {
        let q = q?;
        let (NamedOrBlankNode::NamedNode(article), Term::Literal(at)) = (&q.subject, &q.object)
        else {
            continue;
        };
        if q.predicate.as_ref() != ct::INGESTED_AT {
            continue;
        }
        let at = at.value().parse::<jiff::Timestamp>().ok();
        let entry = latest.entry(article.as_str().to_string()).or_insert(at);
        *entry = match (*entry, at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    Ok(latest
        .into_iter()
        .filter(|(_, at)| at.is_some_and(|at| at < since))
        .map(|(article, _)| article)
        .collect())
}

/// [`push`] for `graphs` only.
pub fn push_graphs(
    store: &Store,
    options: &Options,
    graphs: &[NamedNode],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, PushError> {
    let remote = GraphStore::new(&options.graph_store, options.auth.clone());
    let recorded = recorded_digests(store, &options.graph_store)?;
    let mut tally = Tally {
        summary: Summary {
            graph_store: options.graph_store.clone(),
            ..Summary::default()
        },
        done: Vec::new(),
        unreachable: None,
        seen: 0,
    };
    let parallel = options.parallel.max(1);
    // Graphs are read and hashed here, sent by the workers, and their outcomes taken (and
    // recorded) here: the store has one writer.
    let (jobs, queue) = mpsc::sync_channel::<Job>(parallel * 2);
    let queue = Mutex::new(queue);
    let (report, outcomes) = mpsc::channel::<(Job, Result<(), Failure>)>();
    std::thread::scope(|scope| -> Result<(), PushError> {
        for _ in 0..parallel {
            let (queue, report, remote) = (&queue, report.clone(), &remote);
            scope.spawn(move || {
                while let Ok(job) = queue.lock().unwrap_or_else(|e| e.into_inner()).recv() {
                    let sent = remote.put(job.graph.as_str(), &job.body);
                    if report.send((job, sent)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(report);
        for graph in graphs {
            while let Ok(outcome) = outcomes.try_recv() {
                tally.take(outcome, store, options)?;
                progress(tally.seen, graphs.len());
            }
            if tally.unreachable.is_some() {
                break;
            }
            let (body, quads) = ntriples(store, graph)?;
            let digest = hex(&Sha256::digest(&body));
            if recorded.get(graph.as_str()) == Some(&digest) {
                tally.summary.unchanged += 1;
                tally.seen += 1;
                progress(tally.seen, graphs.len());
                continue;
            }
            let job = Job {
                graph: graph.clone(),
                digest,
                body,
                quads,
            };
            if jobs.send(job).is_err() {
                break;
            }
        }
        drop(jobs);
        for outcome in outcomes {
            tally.take(outcome, store, options)?;
            progress(tally.seen, graphs.len());
        }
        Ok(())
    })?;
    record(store, &options.graph_store, &mut tally.done)?;
    match tally.unreachable {
        Some(reason) => Err(PushError::Unreachable {
            url: options.graph_store.clone(),
            reason,
            sent: tally.summary.sent,
        }),
        None => Ok(tally.summary),
    }
}

/// One graph to send.
struct Job {
    graph: NamedNode,
    digest: String,
    body: Vec<u8>,
    quads: usize,
}

/// What the push has met so far.
struct Tally {
    summary: Summary,
    /// Sent, not yet recorded.
    done: Vec<(NamedNode, String)>,
    /// Why the server could not be reached, once it could not.
    unreachable: Option<String>,
    seen: usize,
}

impl Tally {
    fn take(
        &mut self,
        (job, sent): (Job, Result<(), Failure>),
        store: &Store,
        options: &Options,
    ) -> Result<(), StoreError> {
        self.seen += 1;
        match sent {
            Ok(()) => {
                self.summary.sent += 1;
                self.summary.quads += job.quads;
                self.done.push((job.graph, job.digest));
                if self.done.len() >= options.batch.max(1) {
                    record(store, &options.graph_store, &mut self.done)?;
                }
            }
            Err(Failure::Refused { status, message }) => self.summary.refused.push(Refused {
                graph: job.graph.to_string(),
                status,
                message,
            }),
            Err(Failure::Unreachable(reason)) => {
                self.unreachable.get_or_insert(reason);
            }
        }
        Ok(())
    }
}

fn is_push_record(q: &Quad) -> bool {
    [
        ct::PUSHED_GRAPH,
        ct::PUSHED_TO,
        ct::PUSHED_DIGEST,
        ct::PUSHED_AT,
    ]
    .iter()
    .any(|p| q.predicate.as_ref() == *p)
}

/// The graph as sorted N-Triples (the digest is of what is sent, so it does not depend on
/// the store's order), without push records; and how many triples.
fn ntriples(store: &Store, graph: &NamedNode) -> Result<(Vec<u8>, usize), StoreError> {
    let mut lines = Vec::new();
    for q in store.quads(Some(graph.as_ref())) {
        let q = q?;
        if !is_push_record(&q) {
            lines.push(format!("{} {} {} .\n", q.subject, q.predicate, q.object));
        }
    }
    lines.sort_unstable();
    let count = lines.len();
    Ok((lines.concat().into_bytes(), count))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest last pushed of each graph, to the graph store at `to`.
fn recorded_digests(store: &Store, to: &str) -> Result<HashMap<String, String>, StoreError> {
    let ingest = store.ids().ingest_graph();
    let mut by_record: HashMap<Term, (Option<String>, Option<String>, bool)> = HashMap::new();
    for q in store.quads(Some(ingest.as_ref())) {
        let q = q?;
        if !is_push_record(&q) {
            continue;
        }
        let entry = by_record.entry(q.subject.clone().into()).or_default();
        match &q.object {
            Term::NamedNode(n) if q.predicate.as_ref() == ct::PUSHED_GRAPH => {
                entry.0 = Some(n.as_str().to_string());
            }
            Term::Literal(l) if q.predicate.as_ref() == ct::PUSHED_DIGEST => {
                entry.1 = Some(l.value().to_string());
            }
            Term::NamedNode(n) if q.predicate.as_ref() == ct::PUSHED_TO => {
                entry.2 = n.as_str() == to;
            }
            _ => {}
        }
    }
    Ok(by_record
        .into_values()
        .filter_map(|(graph, digest, here)| Some((graph?, digest?)).filter(|_| here))
        .collect())
}

/// Writes the records of the graphs in `done` (sent to `to`), in one transaction, and
/// empties it.
fn record(store: &Store, to: &str, done: &mut Vec<(NamedNode, String)>) -> Result<(), StoreError> {
    if done.is_empty() {
        return Ok(());
    }
    let ids = store.ids();
    let ingest = ids.ingest_graph();
    let now = jiff::Timestamp::now();
    let at = now
        .round(jiff::Unit::Microsecond)
        .unwrap_or(now)
        .to_string();
    let to_node = NamedNode::new(to).ok();
    let mut subjects = Vec::new();
    let mut quads = Vec::new();
    for (graph, digest) in done.drain(..) {
        let record = ids.push_record(to, graph.as_str());
        let quad = |p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
            Quad::new(record.clone(), p, o, GraphName::NamedNode(ingest.clone()))
        };
        quads.push(quad(ct::PUSHED_GRAPH, graph.into()));
        if let Some(to) = &to_node {
            quads.push(quad(ct::PUSHED_TO, to.clone().into()));
        }
        quads.push(quad(
            ct::PUSHED_DIGEST,
            Literal::new_simple_literal(digest).into(),
        ));
        quads.push(quad(
            ct::PUSHED_AT,
            Literal::new_typed_literal(&at, xsd::DATE_TIME).into(),
        ));
        subjects.push(record);
    }
    store.replace_subjects(ingest.as_ref(), &subjects, &quads)
}
