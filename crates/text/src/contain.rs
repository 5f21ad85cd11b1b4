//! A panic inside a parser claimtrace depends on, contained: the input that caused it is
//! reported as unreadable and the rest of the batch goes on. feed-rs's XML reader
//! (quick-xml 0.42) panics on some malformed encodings: "set_encoding() called after prefix
//! buffer was drained" (a fuzz find, fuzz/regressions/feed/). The panic's own message is not
//! printed; the caller reports the input with it instead.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`contained`] (its panics are reported, not printed).
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `parse`, turning a panic inside it into an error carrying the panic's message.
pub fn contained<T>(parse: impl FnOnce() -> T) -> Result<T, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = CONTAINING.with(|c| c.replace(true));
    // What `parse` touched is dropped with it: nothing half-changed is seen afterwards.
    let result = panic::catch_unwind(AssertUnwindSafe(parse));
    CONTAINING.with(|c| c.set(outer));
    result.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_next_call_runs() {
        let broken: Result<(), String> = contained(|| panic!("set_encoding() called after"));
        assert_eq!(broken.unwrap_err(), "set_encoding() called after");
        assert_eq!(contained(|| 7), Ok(7));
    }
}
