//! Who holds a store's lock. RocksDB locks `DIR/LOCK` with `fcntl` (a write lock on the
//! whole file, held by the writing process until it closes the store), so asking `fcntl`
//! which lock would stand in the way of ours names that process; `/proc` gives its command.

use std::fmt;
use std::os::fd::AsRawFd;
use std::path::Path;

/// The process holding a store's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: i32,
    /// Its command line, when `/proc` shows it (cut short).
    pub command: Option<String>,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "process {}", self.pid)?;
        if let Some(command) = &self.command {
            write!(f, " ({command})")?;
        }
        Ok(())
    }
}

/// The process holding the lock of the store in `dir`, if another process holds it. A lock
/// this process holds is not reported (`fcntl` locks belong to processes).
pub fn holder(dir: &Path) -> Option<Holder> {
    let file = std::fs::File::open(dir.join("LOCK")).ok()?;
    // SAFETY: an all-zero `flock` is a valid value of that plain C struct.
    #[allow(unsafe_code)]
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    // SAFETY: F_GETLK reads and writes the `flock` it is given, which outlives the call, on
    // a descriptor this function owns.
    #[allow(unsafe_code)]
    let status = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut lock) };
    if status != 0 || lock.l_type == libc::F_UNLCK as libc::c_short || lock.l_pid <= 0 {
        return None;
    }
    Some(Holder {
        pid: lock.l_pid,
        command: command_of(lock.l_pid),
    })
}

/// The command line of process `pid`, its arguments joined by spaces, cut at 240 characters.
fn command_of(pid: i32) -> Option<String> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let words: Vec<String> = raw
        .split(|&b| b == 0)
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    if words.is_empty() {
        return None;
    }
    let command = words.join(" ");
    const MOST: usize = 240;
    Some(match command.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{}…", &command[..cut]),
        None => command,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_held_by_another_process_names_it() {
        let dir = std::env::temp_dir().join(format!("claimtrace-holder-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let lock = dir.join("LOCK");
        std::fs::write(&lock, b"").unwrap();
        assert_eq!(holder(&dir), None, "nobody holds it");
        // flock(1) takes BSD locks, which fcntl does not see; python's fcntl.lockf takes the
        // POSIX lock RocksDB takes.
        let mut child = std::process::Command::new("python3")
            .args([
                "-c",
                "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)",
            ])
            .arg(&lock)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        let found = holder(&dir);
        child.kill().unwrap();
        child.wait().unwrap();
        let found = found.expect("the holder is found");
        assert_eq!(found.pid, child.id() as i32);
        assert!(found.to_string().contains("python3"), "{found}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
