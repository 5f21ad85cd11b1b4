//! What every request shares: the store, the options, the one writer's lock, the permits to
//! run work, the bearer token's digest and the work running now (cancelled together at
//! shutdown).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oxigraph::sparql::CancellationToken;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::store::Store;

/// How `claimtrace serve` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub bind: SocketAddr,
    /// Queries and updates are cancelled after this long; `None`: never.
    pub timeout: Option<Duration>,
    /// A SELECT answering more rows than this fails (with 422) instead of being cut short.
    pub max_rows: Option<usize>,
    /// The bearer token that allows updates; `None`: the server is read-only.
    pub update_token: Option<String>,
    /// The origin allowed to call from a browser (`*` for any), if any.
    pub cors: Option<String>,
}

#[derive(Clone)]
pub struct State {
    pub store: Store,
    pub options: Arc<Options>,
    /// Held by whoever writes: one writer at a time, readers never wait for it.
    pub writer: Arc<Mutex<()>>,
    /// One permit per core: queries and updates past that many wait their turn, rather than
    /// all slowing down together.
    pub work: Arc<Semaphore>,
    pub running: Running,
    token_digest: Option<[u8; 32]>,
}

impl State {
    pub fn new(store: Store, options: Options) -> Self {
        let token_digest = options.update_token.as_deref().map(digest);
        State {
            store,
            options: Arc::new(options),
            writer: Arc::new(Mutex::new(())),
            work: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(2, usize::from),
            )),
            running: Running::default(),
            token_digest,
        }
    }

    pub fn updates_allowed(&self) -> bool {
        self.token_digest.is_some()
    }

    /// Whether `authorization` (the header's value) carries the update token. Digests are
    /// compared, so the time taken tells nothing about the token.
    pub fn authorised(&self, authorization: Option<&str>) -> bool {
        let (Some(expected), Some(given)) = (self.token_digest, authorization) else {
            return false;
        };
        let Some(token) = given
            .strip_prefix("Bearer ")
            .or_else(|| given.strip_prefix("bearer "))
        else {
            return false;
        };
        digest(token.trim()) == expected
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The cancellation tokens of the work running now.
#[derive(Clone, Default)]
pub struct Running {
    tokens: Arc<Mutex<HashMap<u64, CancellationToken>>>,
    next: Arc<AtomicU64>,
}

impl Running {
    pub fn register(&self, token: CancellationToken) -> Registration {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, token);
        Registration {
            running: self.clone(),
            id,
        }
    }

    /// Cancels everything running; returns how much that was.
    pub fn cancel_all(&self) -> usize {
        let tokens = self.lock();
        tokens.values().for_each(CancellationToken::cancel);
        tokens.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, CancellationToken>> {
        // A panic elsewhere cannot leave the map half-changed: take it as it is.
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Removes its work from [`Running`] when dropped.
pub struct Registration {
    running: Running,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.running.lock().remove(&self.id);
    }
}
