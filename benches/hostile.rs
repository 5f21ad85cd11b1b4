//! No quadratic blow-up: hostile inputs (benches/common/hostile.rs) at two sizes, each read
//! and extracted by `claimtrace extract` as a whole process; the time (median of 3) and peak
//! memory of each, and the ratio of the times: 2.0 is linear in size, 4.0 quadratic.
//!
//! `cargo bench --bench hostile` runs half and full sizes (10 MB on one line, 1 MB of nested
//! quotes, 100,000 quote marks, a feed of 100,000 items, HTML 10,000 deep); under
//! `cargo test`, a twentieth and a tenth, once each, checking each input is read whole.

#[path = "common/hostile.rs"]
mod hostile;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hostile::Hostile;

struct Measure {
    time: Duration,
    peak_mib: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path] = args.as_slice()
        && flag == MEASURE
    {
        measure_one(Path::new(path));
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let (scales, runs) = if benchmarking {
        ([0.5, 1.0], 3)
    } else {
        ([0.05, 0.1], 1)
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    println!("| input | size | time | peak RSS | size | time | peak RSS | time ratio |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (small, large) in hostile::all(scales[0])
        .into_iter()
        .zip(hostile::all(scales[1]))
    {
        let (a, b) = (measure(&dir, &small, runs), measure(&dir, &large, runs));
        println!(
            "| {} | {} | {:.3} s | {:.0} MiB | {} | {:.3} s | {:.0} MiB | {:.2} |",
            small.name,
            size(&small),
            a.time.as_secs_f64(),
            a.peak_mib,
            size(&large),
            b.time.as_secs_f64(),
            b.peak_mib,
            b.time.as_secs_f64() / a.time.as_secs_f64()
        );
    }
}

fn size(h: &Hostile) -> String {
    format!("{:.2} MB", h.bytes.len() as f64 / 1e6)
}

/// The median time of `runs` runs, and the largest peak.
fn measure(dir: &Path, input: &Hostile, runs: usize) -> Measure {
    let path = dir.join(input.file);
    std::fs::write(&path, &input.bytes).unwrap();
    let mut times = Vec::new();
    let mut peak_kib = 0;
    for _ in 0..runs {
        let started = Instant::now();
        // Through a small process of its own: a child's peak counts its parent's memory
        // at the fork (Linux carries the high-water mark across exec), and this one holds
        // every input.
        let out = Command::new(std::env::current_exe().unwrap())
            .arg(MEASURE)
            .arg(&path)
            .output()
            .unwrap();
        times.push(started.elapsed());
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {said}{}",
            input.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let kib: i64 = said.trim().parse().unwrap();
        peak_kib = peak_kib.max(kib);
    }
    times.sort();
    Measure {
        time: times[runs / 2],
        peak_mib: peak_kib as f64 / 1024.0,
    }
}

/// The argument that makes this program measure one run: `MEASURE FILE` runs `claimtrace
/// extract` on FILE, checks its output, and prints its peak resident memory (KiB).
const MEASURE: &str = "--measure-one";

// The child is reaped by wait4 (wait_with_peak), which clippy does not see.
#[allow(clippy::zombie_processes)]
fn measure_one(path: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimtrace"))
        .args(["extract", "--jobs", "1"])
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let (status, kib) = wait_with_peak(&child);
    assert!(status == 0, "exit status {status}: {err}");
    check(path, &std::fs::read(path).unwrap(), &out);
    println!("{kib}");
}

/// What each input must give: every item of the feed an article, a statement in the rest.
fn check(path: &Path, input: &[u8], out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    let name = path.file_name().unwrap().to_string_lossy();
    if name == "feed.xml" {
        let items = input.windows(6).filter(|w| w == b"<item>").count();
        assert_eq!(text.lines().count(), items, "every item read");
    } else if name != "quote-marks.txt" {
        assert!(text.contains("\"cue\""), "{name}: no statement found");
    }
}

/// Waits for `child`; its exit status and peak resident memory (KiB), from wait4(2).
#[allow(unsafe_code)]
fn wait_with_peak(child: &Child) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child's pid, with pointers to locals that outlive the call;
    // `child` is not waited on again.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss)
}
