//! A small disk of its own for a test: a tmpfs mounted on a fresh folder (root only: a test
//! that needs one skips, saying so, where mounting is not allowed), unmounted when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::path_str;

pub struct Tmpfs {
    pub path: PathBuf,
}

impl Tmpfs {
    /// A tmpfs of `size` (`64m`) on `path`, or `None` with a note.
    pub fn mount(path: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).unwrap();
        let options = format!("size={size}");
        if !mount(&["-t", "tmpfs", "-o", &options, "tmpfs", path_str(path)]) {
            eprintln!(
                "SKIPPED: needs to mount a tmpfs on {} (root, or CAP_SYS_ADMIN)",
                path.display()
            );
            return None;
        }
        Some(Tmpfs {
            path: path.to_path_buf(),
        })
    }

    /// Makes the file system read-only (`false`: writable again).
    pub fn read_only(&self, read_only: bool) {
        let options = if read_only {
            "remount,ro"
        } else {
            "remount,rw"
        };
        assert!(
            mount(&["-o", options, path_str(&self.path)]),
            "mount -o {options} {}",
            self.path.display()
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: a process the test killed may still hold a file there for a moment.
        let _ = Command::new("umount")
            .args(["-l", path_str(&self.path)])
            .status();
    }
}

fn mount(args: &[&str]) -> bool {
    Command::new("mount")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
