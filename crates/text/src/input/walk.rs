//! The files an ingest reads: each path given, folders walked recursively (walkdir) in name
//! order, hidden entries (a leading dot) inside folders left out, symbolic links followed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::record::Failure;

/// Every file under `paths`, in order; `-` is stdin and stays as it is. A path or folder entry
/// that cannot be read is a failure naming it; the walk goes on.
pub fn files(paths: &[String]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut out = Vec::new();
    let mut failures = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(PathBuf::from("-"));
            continue;
        }
        let walk = WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            // A path given by name is read even when hidden ("./.drafts"); only what a
            // folder holds is filtered.
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => out.push(e.into_path()),
                Err(e) => failures.push(walk_failure(Path::new(p), &e)),
            }
        }
    }
    (out, failures)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// "cannot read: ..." for a path, "cannot list folder: ..." for a folder's entries.
fn walk_failure(given: &Path, e: &walkdir::Error) -> Failure {
    let path = e.path().unwrap_or(given);
    let reason = match e.io_error() {
        Some(io) if path.is_dir() => format!("cannot list folder: {io}"),
        Some(io) => format!("cannot read: {io}"),
        // A loop of symbolic links.
        None => format!("cannot read: {e}"),
    };
    Failure {
        input: path.display().to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_in_name_order_without_hidden_entries_and_names_what_is_missing() {
        let root = std::env::temp_dir().join(format!("claimtrace-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for f in ["b/2.txt", "b/1.txt", "a.txt", ".hidden/x.txt", "b/.swp"] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let missing = root.join("missing.txt");
        let (files, failures) = files(&[
            root.display().to_string(),
            "-".into(),
            missing.display().to_string(),
        ]);
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(&root)
                    .unwrap_or(f)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.txt", "b/1.txt", "b/2.txt", "-"]);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].input, missing.display().to_string());
        assert!(
            failures[0].reason.starts_with("cannot read: "),
            "{failures:?}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
