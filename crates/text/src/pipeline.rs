//! Extraction on several cores, results in input order: one thread reads the inputs, `jobs`
//! threads extract (and whatever else the caller asks of each record, such as mapping it to
//! quads), and the caller is handed each outcome (or the failure of what could not be read)
//! in the order the inputs hold them. Reading runs at most a window
//! of records ahead of the record the caller waits for, so memory stays flat whatever the
//! corpus size, and one slow article holds the others back rather than piling them up.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};

use crate::article::Overrides;
use crate::extract::{self, Statement};
use crate::input::{self, Failure, Format, Record};

/// What one record of the inputs came to.
pub enum Extracted {
    Article {
        /// Boxed: outcomes wait in channels, whose slots are as large as the largest variant.
        record: Box<Record>,
        statements: Vec<Statement>,
    },
    /// An input, or a record of one, that could not be read.
    Failed(Failure),
}

/// Records read ahead of the one the caller waits for, per extracting thread.
const AHEAD_PER_JOB: usize = 16;

/// Reads `paths` (files, folders, `-` for stdin) and extracts every article on `jobs`
/// threads (1: on the caller's thread alone), handing each outcome to `each` in input order.
/// `each` returns `false` to stop (the reader and the extractors stop soon after).
pub fn extract_in_order(
    paths: &[String],
    format: Format,
    overrides: &Overrides,
    jobs: usize,
    each: &mut dyn FnMut(Extracted) -> bool,
) {
    let (files, unlisted) = input::files(paths);
    for failure in unlisted {
        if !each(Extracted::Failed(failure)) {
            return;
        }
    }
    in_order(
        &files,
        format,
        overrides,
        jobs,
        &extracted,
        &mut |outcome, _| each(outcome),
    );
}

/// Reads `files` (`-` for stdin; [`input::files`] lists a folder's) and runs `work` on each record (or its failure) on `jobs` threads (1: on
/// the caller's), handing each result to `each` in input order with the number of input
/// bytes its record accounts for. `each` returns `false` to stop.
pub fn in_order<T: Send>(
    files: &[PathBuf],
    format: Format,
    overrides: &Overrides,
    jobs: usize,
    work: &(dyn Fn(Result<Record, Failure>) -> T + Sync),
    each: &mut dyn FnMut(T, u64) -> bool,
) {
    if jobs <= 1 {
        read_all(files, format, overrides, &mut |read, bytes| {
            each(work(read), bytes)
        });
        return;
    }
    let window = jobs * AHEAD_PER_JOB;
    // One permit per record in flight: the reader takes one before it passes a record on,
    // the caller gives one back for each outcome it has been handed.
    let (permits, permit) = bounded::<()>(window);
    for _ in 0..window {
        let _ = permits.send(());
    }
    let (to_work, queue) = bounded::<(usize, Result<Record, Failure>, u64)>(window);
    let (done, outcomes) = bounded::<(usize, T, u64)>(window);
    thread::scope(|scope| {
        scope.spawn(move || read_ahead(files, format, overrides, &permit, &to_work));
        for _ in 0..jobs {
            let queue = queue.clone();
            let done = done.clone();
            scope.spawn(move || work_on(&queue, work, &done));
        }
        drop(done);
        drop(queue);
        hand_over_in_order(&outcomes, &permits, each);
        // Before the scope waits for the threads: without them, those still reading or
        // working after the caller stopped find the channels closed and stop too.
        drop(outcomes);
        drop(permits);
    });
}

/// Every record of `files`, or why it could not be read, in input order; stops when `each`
/// returns `false`.
fn read_all(
    files: &[PathBuf],
    format: Format,
    overrides: &Overrides,
    each: &mut dyn FnMut(Result<Record, Failure>, u64) -> bool,
) {
    let mut going = true;
    for file in files {
        input::read_input(file, format, overrides, &mut |read, bytes| {
            going = each(read, bytes);
            going
        });
        if !going {
            return;
        }
    }
}

fn extracted(read: Result<Record, Failure>) -> Extracted {
    match read {
        Ok(record) => Extracted::Article {
            statements: extract::extract(&record.article),
            record: Box::new(record),
        },
        Err(failure) => Extracted::Failed(failure),
    }
}

/// The reader's thread: numbers the records and passes them on, a permit for each.
fn read_ahead(
    files: &[PathBuf],
    format: Format,
    overrides: &Overrides,
    permit: &Receiver<()>,
    to_work: &Sender<(usize, Result<Record, Failure>, u64)>,
) {
    let mut seq = 0;
    read_all(files, format, overrides, &mut |read, bytes| {
        let passed = permit.recv().is_ok() && to_work.send((seq, read, bytes)).is_ok();
        seq += 1;
        passed
    });
}

/// A working thread: until the reader is done or the caller has stopped.
fn work_on<T>(
    queue: &Receiver<(usize, Result<Record, Failure>, u64)>,
    work: &(dyn Fn(Result<Record, Failure>) -> T + Sync),
    done: &Sender<(usize, T, u64)>,
) {
    for (seq, read, bytes) in queue {
        if done.send((seq, work(read), bytes)).is_err() {
            return;
        }
    }
}

/// The caller's side: outcomes put back in input order and handed to `each`, a permit
/// returned for each.
fn hand_over_in_order<T>(
    outcomes: &Receiver<(usize, T, u64)>,
    permits: &Sender<()>,
    each: &mut dyn FnMut(T, u64) -> bool,
) {
    let mut next = 0;
    let mut early: BTreeMap<usize, (T, u64)> = BTreeMap::new();
    for (seq, outcome, bytes) in outcomes {
        early.insert(seq, (outcome, bytes));
        while let Some((outcome, bytes)) = early.remove(&next) {
            next += 1;
            let _ = permits.send(());
            if !each(outcome, bytes) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON Lines file of `n` short articles, each naming its number.
    fn corpus(n: usize) -> (PathBuf, Vec<String>) {
        let dir = std::env::temp_dir().join(format!("ct-pipeline-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("articles.jsonl");
        let mut lines = String::new();
        let mut ids = Vec::new();
        for i in 0..n {
            let id = format!("a{i}");
            let text = format!(
                "Minister Anna Berg{i} said on Monday that the plan number {i} would go ahead. \
                 \"We will not wait,\" she told reporters."
            );
            lines.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
            lines.push('\n');
            if i == n / 2 {
                lines.push_str("{ not json\n");
            }
            ids.push(id);
        }
        std::fs::write(&path, lines).unwrap();
        (path, ids)
    }

    fn run(path: &std::path::Path, jobs: usize) -> Vec<String> {
        let mut seen = Vec::new();
        extract_in_order(
            &[path.display().to_string()],
            Format::Auto,
            &Overrides::default(),
            jobs,
            &mut |outcome| {
                seen.push(match outcome {
                    Extracted::Article { record, statements } => {
                        let id = record.article.id.unwrap_or_default();
                        format!("{id} {}", statements.len())
                    }
                    Extracted::Failed(f) => format!("failed {}", f.input),
                });
                true
            },
        );
        seen
    }

    #[test]
    fn outcomes_come_in_input_order_whatever_the_threads() {
        let (path, ids) = corpus(300);
        let one = run(&path, 1);
        assert_eq!(one.len(), 301, "300 articles and the broken line");
        assert!(one[151].starts_with("failed"), "{}", one[151]);
        assert!(one[0].starts_with(&format!("{} ", ids[0])));
        assert!(one[300].starts_with(&format!("{} ", ids[299])));
        assert!(
            one.iter()
                .filter(|s| !s.starts_with("failed"))
                .all(|s| !s.ends_with(" 0"))
        );
        for jobs in [2, 3, 8] {
            assert_eq!(run(&path, jobs), one, "{jobs} threads");
        }
    }

    #[test]
    fn the_caller_can_stop_early() {
        let (path, _) = corpus(2_000);
        let mut handed = 0;
        extract_in_order(
            &[path.display().to_string()],
            Format::Auto,
            &Overrides::default(),
            4,
            &mut |_| {
                handed += 1;
                handed < 10
            },
        );
        assert_eq!(handed, 10);
    }
}
