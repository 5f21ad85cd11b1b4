//! The paragraphs a corpus is recombined from, read from the real corpora: Reuters-21578
//! (JSON Lines), the BBC folders, PolNeAR's texts and the bundled example articles. A
//! paragraph that quotes someone with a reporting verb is also a claim that may recur.

use std::path::{Path, PathBuf};

/// What the generator draws from.
#[derive(Default)]
pub struct Pools {
    pub paragraphs: Vec<String>,
    /// Attributed paragraphs: the claims that recur across articles.
    pub claims: Vec<String>,
    pub titles: Vec<String>,
}

const CUES: [&str; 6] = [
    " said",
    " told ",
    " says",
    "according to",
    " added",
    " warned",
];

impl Pools {
    /// Reads every corpus found under `shared` (the `../shared` folder) and `examples`.
    pub fn read(shared: &Path, examples: &Path) -> Result<Pools, String> {
        let mut pools = Pools::default();
        let reuters = shared.join("corpora/reuters21578.jsonl");
        let text =
            std::fs::read_to_string(&reuters).map_err(|e| format!("{}: {e}", reuters.display()))?;
        for (n, line) in text.lines().enumerate() {
            let record: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", reuters.display(), n + 1))?;
            if let Some(title) = record["title"].as_str() {
                pools.titles.push(title.to_string());
            }
            let body = record["body"].as_str().unwrap_or_default();
            // Reuters indents each paragraph's first line and wraps the rest.
            for paragraph in body.split("\n    ") {
                pools.add(&paragraph.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        let mut files = text_files(&shared.join("corpora/bbc"));
        files.extend(text_files(&shared.join("eval/polnear/train/text")));
        files.extend(text_files(examples));
        for file in files {
            // Some BBC files are not UTF-8; they are passed over.
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let mut blocks = text.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
            if let Some(title) = blocks.next() {
                pools
                    .titles
                    .push(title.lines().next().unwrap_or(title).to_string());
            }
            for block in blocks {
                pools.add(&block.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        if pools.paragraphs.is_empty() || pools.claims.is_empty() {
            return Err(format!("no paragraphs found under {}", shared.display()));
        }
        Ok(pools)
    }

    fn add(&mut self, paragraph: &str) {
        if paragraph.split(' ').count() < 8 {
            return;
        }
        let quoted = paragraph.contains('"') || paragraph.contains('“');
        if quoted && CUES.iter().any(|c| paragraph.contains(c)) {
            self.claims.push(paragraph.to_string());
        }
        self.paragraphs.push(paragraph.to_string());
    }
}

/// The `.txt` files under `dir`, sorted (an absent folder has none).
fn text_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
