//! `ingest --push`: each committed batch's new and changed article graphs pushed as soon as
//! they are stored, and once the input is read, a push of the rest (registry, claims, ingest
//! and ontology graphs, which every article adds to: sent once, not once a batch).

use oxigraph::model::NamedNode;

use super::send::{Options, PushError, Summary, push, push_graphs};
use crate::ingest::{Observer, Severity};
use crate::store::{Prepared, Store, Written};
use claimtrace_text::input::Failure;

/// An ingest observer that pushes what was stored, and passes everything on to `inner`.
pub struct AsStored<'o> {
    inner: &'o mut dyn Observer,
    options: Options,
    /// Article graphs stored since the last commit.
    pending: Vec<NamedNode>,
    summary: Summary,
    /// Why pushing stopped; ingest goes on.
    stopped: Option<PushError>,
}

impl<'o> AsStored<'o> {
    pub fn new(inner: &'o mut dyn Observer, options: Options) -> Self {
        let summary = Summary {
            graph_store: options.graph_store.clone(),
            ..Summary::default()
        };
        AsStored {
            inner,
            options,
            pending: Vec::new(),
            summary,
            stopped: None,
        }
    }

    /// Pushes what is left (a no-op for graphs already sent and unchanged since) and gives
    /// what the whole push did.
    pub fn finish(mut self, store: &Store) -> Result<Summary, PushError> {
        if let Some(e) = self.stopped {
            return Err(e);
        }
        self.summary
            .add(push(store, &self.options, &mut |_, _| {})?);
        Ok(self.summary)
    }
}

impl Observer for AsStored<'_> {
    fn start(&mut self, bytes: u64) {
        self.inner.start(bytes);
    }

    fn advance(&mut self, bytes: u64, articles: usize) {
        self.inner.advance(bytes, articles);
    }

    fn report(&mut self, severity: Severity, failure: &Failure) {
        self.inner.report(severity, failure);
    }

    fn stored(&mut self, article: &Prepared, written: &Written) {
        if matches!(written, Written::Added | Written::Replaced) {
            self.pending.push(article.mapped.article.clone());
        }
        self.inner.stored(article, written);
    }

    fn committed(&mut self, store: &Store) {
        self.inner.committed(store);
        let graphs = std::mem::take(&mut self.pending);
        if graphs.is_empty() || self.stopped.is_some() {
            return;
        }
        match push_graphs(store, &self.options, &graphs, &mut |_, _| {}) {
            Ok(done) => self.summary.add(done),
            Err(e) => self.stopped = Some(e),
        }
    }
}
