//! Digests the sources that decide what an article becomes in the store (the text crate's
//! rules and data, the mapping, claim linking, the ontology) into `CLAIMTRACE_RULES`. An
//! article stored under the same digest and read again unchanged is not extracted again;
//! any change to these sources (released or not) makes every article be read afresh.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const INPUTS: &[&str] = &[
    "crates/text/src",
    "crates/text/data",
    "crates/text/Cargo.toml",
    "src/mapping",
    "src/claims",
    "ontology",
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(&root.join(input), &mut files);
    }
    files.sort();
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    for f in &files {
        let relative = f.strip_prefix(&root).unwrap_or(f);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(fs::read(f).unwrap_or_default());
        hasher.update([0]);
    }
    let digest: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=CLAIMTRACE_RULES={digest}");
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in fs::read_dir(path).into_iter().flatten().flatten() {
            collect(&entry.path(), out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}
