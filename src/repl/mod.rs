//! The SPARQL REPL. A [`Session`] (`session`) holds the store and the settings meta-commands
//! change and runs queries, cancellable by Ctrl-C and timeouts (`cancel`); `lines` reads
//! statements from the line editor or a pipe; `meta` is the table of meta-commands; `index`
//! and `complete` give Tab completion from the store, `helper` ties them, `highlight` and
//! `lexical` to rustyline; tables fit the `terminal`.

mod cancel;
pub mod complete;
mod helper;
mod highlight;
pub mod index;
mod lexical;
mod lines;
mod meta;
mod session;
pub mod terminal;

pub use cancel::{leave_behind, queries_left_behind};
pub use lines::history_path;
pub use session::Session;
