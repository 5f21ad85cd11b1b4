//! Ingestion: inputs -> articles -> statements -> quads -> store, one transaction per
//! article. A failure is reported with its input and reason, and the rest goes on.

use std::path::Path;

use crate::article::Overrides;
use crate::input::{self, Failure};
use crate::store::{Store, Written};
use crate::{extract, graph};

/// What happened to the inputs of one ingest.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub read: usize,
    pub added: usize,
    pub replaced: usize,
    pub statements: usize,
    pub failures: Vec<Failure>,
    /// Inputs read, but not as written (e.g. decoded as Windows-1252).
    pub warnings: Vec<Failure>,
}

impl Summary {
    pub fn ingested(&self) -> usize {
        self.added + self.replaced
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "read {}, ingested {} ({} new, {} replaced), failed {}; {} statements",
            self.read,
            self.ingested(),
            self.added,
            self.replaced,
            self.failures.len(),
            self.statements
        )
    }
}

/// Ingests every file under `paths` (`-` is stdin). `report` sees each failure and warning
/// as it happens.
pub fn ingest(
    store: &Store,
    paths: &[String],
    overrides: &Overrides,
    report: &mut dyn FnMut(&str, &Failure),
) -> Summary {
    let (files, failures) = input::files(paths);
    let mut summary = Summary::default();
    for f in failures {
        report("error", &f);
        summary.failures.push(f);
    }
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now());
    for path in &files {
        summary.read += 1;
        if let Err(f) = ingest_file(
            store,
            path,
            overrides,
            &now.to_string(),
            &mut summary,
            report,
        ) {
            report("error", &f);
            summary.failures.push(f);
        }
    }
    summary
}

fn ingest_file(
    store: &Store,
    path: &Path,
    overrides: &Overrides,
    now: &str,
    summary: &mut Summary,
    report: &mut dyn FnMut(&str, &Failure),
) -> Result<(), Failure> {
    let (article, warnings) = input::read_article(path, overrides)?;
    for w in warnings {
        report("warning", &w);
        summary.warnings.push(w);
    }
    let found = extract::extract(&article);
    let mapped = graph::article_quads(&store.ids, &article, &found);
    let meta = graph::ingest_quads(
        &store.ids,
        &mapped.article,
        &path.display().to_string(),
        now,
    );
    match store.put_article(&mapped, &meta) {
        Ok(Written::Added) => summary.added += 1,
        Ok(Written::Replaced) => summary.replaced += 1,
        Err(e) => {
            return Err(Failure {
                input: path.display().to_string(),
                reason: e.to_string(),
            });
        }
    }
    summary.statements += found.len();
    Ok(())
}
