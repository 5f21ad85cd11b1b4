//! claimtrace's text side: from bytes to attributed statements, knowing nothing of RDF or of
//! a store.
//!
//! Data flow: [`input`] walks the inputs and decodes them, an [`article`] reader turns each
//! into an [`article::Article`], [`extract`] finds its statements, and [`json`] gives them the
//! shape of `extract --format json`. The [`gazetteer`] of news outlets serves the readers
//! (publishers, credits) and extraction (outlets that carried a statement). Every offset this
//! crate hands out is a byte offset into the article text; [`offsets`] turns them into the
//! code-point offsets that output formats use.

#![forbid(unsafe_code)]

pub mod article;
mod contain;
mod data;
pub mod extract;
pub mod gazetteer;
pub mod input;
pub mod invariants;
pub mod json;
mod names;
pub mod offsets;
pub mod pipeline;
