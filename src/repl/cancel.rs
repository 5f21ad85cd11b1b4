//! Stopping a running query: Ctrl-C (SIGINT while the terminal is not in the line editor's
//! raw mode) and the `.timeout` deadline both cancel the query's CancellationToken. Oxigraph
//! checks the token as it reads the store, but not while it joins rows already in memory (a
//! cross join's product), so a query runs on its own thread and the prompt comes back at once
//! either way; a query left behind stops at its next read of the store, or at the end. A
//! remote query runs on a client of its own, whose connection Ctrl-C closes (the server sees
//! its client go); its HTTP request carries the timeout too, so at the deadline the client
//! closes the connection as well.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, Once};
use std::thread;
use std::time::Duration;

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::CancellationToken;

use crate::query::{self, Outcome, Parsed, QueryError};
use crate::store::Store;

/// The token of the query now running, if any.
static RUNNING: Mutex<Option<CancellationToken>> = Mutex::new(None);
static INSTALL: Once = Once::new();
/// Whether a cancelled query was left running.
static LEFT_BEHIND: AtomicBool = AtomicBool::new(false);
/// Store reads running on threads of their own that nobody waits for (the completion
/// index's scan of the data).
static BACKGROUND_READS: AtomicUsize = AtomicUsize::new(0);

/// Whether a cancelled query is (or was) still running on its thread, or a background read
/// still is: either would be inside RocksDB while the process shuts it down (a piped session
/// can end before the completion index is read).
pub fn queries_left_behind() -> bool {
    LEFT_BEHIND.load(Ordering::SeqCst) || BACKGROUND_READS.load(Ordering::SeqCst) > 0
}

/// Marks work given up but still running (a command's deadline passed): the process will
/// not wait for it at exit.
pub fn leave_behind() {
    LEFT_BEHIND.store(true, Ordering::SeqCst);
}

/// Runs `read` on a thread of its own; the process will not wait for it at exit.
pub fn in_background(read: impl FnOnce() + Send + 'static) {
    BACKGROUND_READS.fetch_add(1, Ordering::SeqCst);
    thread::spawn(move || {
        read();
        BACKGROUND_READS.fetch_sub(1, Ordering::SeqCst);
    });
}

/// Makes Ctrl-C cancel the running query instead of ending the process. Called once, by
/// interactive sessions only (a piped session stops on Ctrl-C as any program does).
pub fn install_ctrl_c() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if let Some(token) = RUNNING.lock().ok().and_then(|r| r.clone()) {
                token.cancel();
            }
        });
    });
}

/// A query's cancellation, armed for as long as it lives.
pub struct Watch {
    pub token: CancellationToken,
    timed_out: Arc<AtomicBool>,
    done: Option<mpsc::Sender<()>>,
}

impl Watch {
    /// Arms a new token: Ctrl-C cancels it, and so does `timeout` when it passes.
    pub fn arm(timeout: Option<Duration>) -> Self {
        let token = CancellationToken::new();
        if let Ok(mut r) = RUNNING.lock() {
            *r = Some(token.clone());
        }
        let timed_out = Arc::new(AtomicBool::new(false));
        let done = timeout.map(|t| {
            let (tx, rx) = mpsc::channel::<()>();
            let token = token.clone();
            let flag = Arc::clone(&timed_out);
            thread::spawn(move || {
                if rx.recv_timeout(t) == Err(RecvTimeoutError::Timeout) {
                    flag.store(true, Ordering::SeqCst);
                    token.cancel();
                }
            });
            tx
        });
        Watch {
            token,
            timed_out,
            done,
        }
    }

    /// Whether the timeout (rather than Ctrl-C) stopped the query.
    pub fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::SeqCst)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // Dropping the sender wakes the timer thread, which then ends without cancelling.
        self.done.take();
        if let Ok(mut r) = RUNNING.lock() {
            *r = None;
        }
    }
}

/// How long a cancelled query is given to stop by itself before it is left behind.
const GRACE: Duration = Duration::from_millis(300);
/// How often the waiting prompt looks at the token.
const POLL: Duration = Duration::from_millis(20);

/// Runs a parsed query on its own thread and waits for it, or for `token` (the one the query
/// was parsed with) to be cancelled.
pub fn run_cancellable(
    store: &Store,
    parsed: Parsed,
    bindings: &[(Variable, Term)],
    token: &CancellationToken,
) -> Result<Outcome, QueryError> {
    let (store, bindings) = (store.clone(), bindings.to_vec());
    wait_cancellable(move || query::run(&store, parsed, &bindings), token, || {}).unwrap_or_else(
        || {
            LEFT_BEHIND.store(true, Ordering::SeqCst);
            Err(QueryError::Cancelled)
        },
    )
}

/// Runs `work` on its own thread and waits for it, or for `token` to be cancelled: then
/// `interrupt` is called (a remote request's connection closed), `work` is given a moment to
/// stop, and otherwise left behind (`None`); the process does not wait for it at exit.
pub fn wait_cancellable(
    work: impl FnOnce() -> Result<Outcome, QueryError> + Send + 'static,
    token: &CancellationToken,
    interrupt: impl FnOnce(),
) -> Option<Result<Outcome, QueryError>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(work());
    });
    loop {
        match rx.recv_timeout(POLL) {
            Ok(result) => return Some(result),
            Err(RecvTimeoutError::Timeout) if token.is_cancelled() => {
                interrupt();
                // Whatever broke off (an interrupted request fails) was cancelled.
                return rx
                    .recv_timeout(GRACE)
                    .ok()
                    .map(|r| r.map_err(|_| QueryError::Cancelled));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Some(Err(QueryError::Lost)),
        }
    }
}
