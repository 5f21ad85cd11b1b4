//! PolNeAR's train articles as JSON Lines with their publisher, date, title and author from
//! its metadata.tsv, so an ingest knows who published each article and when. Shared by the
//! trace tests and the trace benchmark.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The publisher codes of metadata.tsv, as the outlets name themselves.
const PUBLISHERS: &[(&str, &str)] = &[
    ("breitbart", "Breitbart News"),
    ("huff-post", "HuffPost"),
    ("nyt", "The New York Times"),
    ("politico", "Politico"),
    ("usa-today", "USA Today"),
    ("wash-post", "The Washington Post"),
    ("west-journal", "The Western Journal"),
];

pub fn polnear() -> PathBuf {
    // The checkout `cargo test` runs in (a shared build directory may hold a binary built
    // in another); benches include this file without the rest of tests/common.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest.join("../shared/eval/polnear")
}

/// Writes `train.jsonl` into `dir`: one record per train article (the first line of the
/// text is its title), and returns its path; `None`, with a note, when PolNeAR is absent.
pub fn train_jsonl(dir: &Path) -> Option<PathBuf> {
    let root = polnear();
    if !root.exists() {
        eprintln!("SKIPPED: needs {}, which is absent", root.display());
        return None;
    }
    let meta = std::fs::read_to_string(root.join("metadata.tsv")).expect("PolNeAR metadata.tsv");
    let mut rows: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in meta.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 7 && f[0] == "train" {
            rows.insert(f[1], f);
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("train/text"))
        .expect("PolNeAR train texts")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let path = dir.join("polnear-train.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let Some(f) = rows.get(stem.as_str()) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let body = text.split_once('\n').map_or(text.as_str(), |(_, b)| b);
        let publisher = PUBLISHERS
            .iter()
            .find(|(code, _)| *code == f[4])
            .map_or(f[4], |(_, name)| name);
        let record = serde_json::json!({
            "id": stem,
            "title": f[7],
            "body": body.trim(),
            "publisher": publisher,
            "published": f[5],
            "author": f[6],
        });
        writeln!(out, "{record}").unwrap();
    }
    out.flush().unwrap();
    Some(path)
}
