//! Properties of the store over random sets of articles (proptest), the articles recombined
//! from the real corpora by claimtrace-corpus, so that some claims recur across them: an
//! export read back is the same dataset (sophia's isomorphism); the order articles are
//! ingested in, in one run or two, does not change the store; a changed article ingested
//! again leaves no quad of its old version.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use claimtrace::export::{self, ExportFormat};
use claimtrace::ingest::{self, Reporter};
use claimtrace::store::Store;
use claimtrace_corpus::Pools;
use oxigraph::io::{RdfFormat, RdfParser};
use proptest::prelude::*;
use proptest::sample::subsequence;
use sophia::api::source::QuadSource;
use sophia::inmem::dataset::FastDataset;
use sophia::isomorphism::isomorphic_datasets;

/// Articles in the pool: enough for claims to recur among a handful drawn from it.
const POOL: usize = 60;

/// The pool's articles, each a JSON Lines file of its own (its name, not its place in a
/// run, is the location its ingest record keeps), or `None` without the corpora.
fn pool() -> Option<&'static [String]> {
    static POOL_LINES: OnceLock<Option<Vec<String>>> = OnceLock::new();
    POOL_LINES
        .get_or_init(|| {
            let shared = common::shared("corpora")?.parent()?.to_path_buf();
            let pools = Pools::read(&shared, &common::repo().join("examples/articles")).ok()?;
            let mut out = Vec::new();
            claimtrace_corpus::generate(&pools, POOL, 0x9e37_79b9, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            Some(text.lines().map(str::to_string).collect())
        })
        .as_deref()
}

/// Writes the articles `picked` (indexes into the pool, `changed` standing in for one of
/// them) as files of their own; their paths, in the order given.
fn files(dir: &std::path::Path, picked: &[usize], changed: Option<(usize, &str)>) -> Vec<String> {
    let lines = pool().unwrap();
    picked
        .iter()
        .map(|&i| {
            let path: PathBuf = dir.join(format!("article-{i:02}.jsonl"));
            let line = match changed {
                Some((c, text)) if c == i => text,
                _ => lines[i].as_str(),
            };
            std::fs::write(&path, line).unwrap();
            common::path_str(&path).to_string()
        })
        .collect()
}

fn ingest(store: &Store, paths: &[String]) {
    let options = ingest::Options {
        jobs: 1,
        ..ingest::Options::default()
    };
    let summary = ingest::ingest(store, paths, &options, &mut Reporter(|_, _| {}));
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
}

/// The store's canonical N-Quads, the runs' own times aside.
fn canonical(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    export::export_canonical(store, None, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("#ingestedAt>"))
        .map(str::to_string)
        .collect()
}

/// The lines only one side has (canonical exports: blank nodes labelled alike).
fn difference(got: &[String], want: &[String]) -> String {
    let only = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter()
            .filter(|l| !b.contains(l))
            .take(6)
            .cloned()
            .collect()
    };
    format!(
        "only in the store: {:#?}\nonly in the expected: {:#?}",
        only(got, want),
        only(want, got)
    )
}

fn sophia(nquads: &[u8]) -> FastDataset {
    sophia::turtle::parser::nq::parse_str(std::str::from_utf8(nquads).unwrap())
        .collect_quads()
        .unwrap()
}

/// Some of the pool's articles, in an order of their own.
fn articles() -> impl Strategy<Value = Vec<usize>> {
    subsequence((0..POOL).collect::<Vec<_>>(), 2..8).prop_shuffle()
}

proptest! {
    // 24 cases each a test run; CLAIMTRACE_PROPERTY_CASES for more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("CLAIMTRACE_PROPERTY_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn an_export_read_back_is_the_same_dataset(
        picked in articles(),
        format in prop::sample::select(vec![ExportFormat::Nquads, ExportFormat::Trig, ExportFormat::Jsonld]),
    ) {
        let Some(_) = pool() else { return Ok(()) };
        let dir = common::fresh_dir("prop-export");
        let store = Store::memory().unwrap();
        ingest(&store, &files(&dir, &picked, None));
        let mut exported = Vec::new();
        export::export(&store, format, None, &mut exported).unwrap();
        let back = oxigraph::store::Store::new().unwrap();
        back.load_from_reader(RdfParser::from_format(format.rdf_format()), exported.as_slice())
            .unwrap();
        let mut dumped = Vec::new();
        back.dump_to_writer(RdfFormat::NQuads, &mut dumped).unwrap();
        let mut original = Vec::new();
        export::export(&store, ExportFormat::Nquads, None, &mut original).unwrap();
        prop_assert!(isomorphic_datasets(&sophia(&dumped), &sophia(&original)).unwrap());
    }

    #[test]
    fn the_order_of_ingest_does_not_change_the_store(
        picked in articles(),
        split in 0usize..8,
    ) {
        let Some(_) = pool() else { return Ok(()) };
        let dir = common::fresh_dir("prop-order");
        let mut sorted = picked.clone();
        sorted.sort_unstable();
        let in_order = Store::memory().unwrap();
        ingest(&in_order, &files(&dir, &sorted, None));
        // Shuffled, and in two runs.
        let shuffled = Store::memory().unwrap();
        let paths = files(&dir, &picked, None);
        let (first, second) = paths.split_at(split.min(paths.len()));
        ingest(&shuffled, first);
        ingest(&shuffled, second);
        let (got, want) = (canonical(&shuffled), canonical(&in_order));
        prop_assert!(got == want, "{}", difference(&got, &want));
    }

    #[test]
    fn a_changed_article_ingested_again_leaves_nothing_of_its_old_version(
        picked in articles(),
        which in any::<prop::sample::Index>(),
        change in 0usize..3,
    ) {
        let Some(lines) = pool() else { return Ok(()) };
        let dir = common::fresh_dir("prop-changed");
        let victim = *which.get(&picked);
        let mut record: serde_json::Value = serde_json::from_str(&lines[victim]).unwrap();
        let body = record["body"].as_str().unwrap().to_string();
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        match change {
            // A paragraph dropped (the first, often a statement), a new headline, or a
            // statement of someone else's added.
            0 => record["body"] = paragraphs[1..].join("\n\n").into(),
            1 => record["title"] = "A headline written later".into(),
            _ => {
                record["body"] = format!(
                    "{body}\n\n\"The figures will be revised,\" said Ana Duarte, a spokeswoman for the ministry."
                )
                .into();
            }
        }
        let changed = record.to_string();

        let store = Store::memory().unwrap();
        ingest(&store, &files(&dir, &picked, None));
        ingest(&store, &files(&dir, &[victim], Some((victim, &changed))));
        // What a store that never saw the old version holds.
        let others: Vec<usize> = picked.iter().copied().filter(|&i| i != victim).collect();
        let never = Store::memory().unwrap();
        ingest(&never, &files(&dir, &others, None));
        ingest(&never, &files(&dir, &[victim], Some((victim, &changed))));
        let (got, want) = (canonical(&store), canonical(&never));
        prop_assert!(got == want, "{}", difference(&got, &want));
    }
}
