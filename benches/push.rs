//! `claimtrace push` against each server's own bulk loader on the same quads: Oxigraph's
//! server (`oxigraph load` into its store) and Virtuoso (`ld_dir` + `rdf_loader_run` from
//! `isql-vt`), each on a fresh database on loopback.
//!
//! `cargo bench --bench push`: ingests the Reuters corpus, exports it as N-Quads for the
//! loaders (timed too: the way to a loader from a claimtrace store), then per server times
//! a first push (quads/s; to Oxigraph both as push chooses, in bulk, and one PUT per graph)
//! and the bulk load of the same N-Quads, and checks both hold what the store holds (`stats`
//! through `--endpoint`).
//! Under `cargo test` (no `--bench` flag) it checks itself on 200 articles. A server not
//! installed (scripts/setup.sh installs both) is skipped with a note.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod testing;

mod common;

use common::{corpus_or_skip, slice};
use testing::stores::{Oxigraph, VIRTUOSO_PASSWORD, VIRTUOSO_USER, Virtuoso};
use testing::{path_str, stderr, stdout};

fn main() {
    if corpus_or_skip().is_none() {
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let dir = testing::fresh_dir("bench-push");
    let input = slice(&dir, (!benchmarking).then_some(200));
    let store = dir.join("store");
    let store = path_str(&store);
    run(&["--store", store, "ingest", path_str(&input)]);
    let nquads = dir.join("loader").join("all.nq");
    std::fs::create_dir_all(nquads.parent().unwrap()).unwrap();
    let export = timed(|| {
        run(&[
            "--store",
            store,
            "export",
            "--format",
            "nquads",
            "--output",
            path_str(&nquads),
        ]);
    });
    let expected = stats(&["--store", store]);
    let quads: f64 = expected
        .split('|')
        .rev()
        .nth(1)
        .and_then(|q| q.trim().parse().ok())
        .expect("stats gives a quad count");

    println!(
        "push against bulk loaders: {quads} quads; export as N-Quads {:.1} s",
        export.as_secs_f64()
    );
    println!(
        "{:<10} {:>8} {:>12} {:>10} {:>12} {:>16}",
        "server", "push s", "push quads/s", "loader s", "loader q/s", "push/loader"
    );
    let print = |server: &str, push: Duration, load: Duration| {
        println!(
            "{server:<10} {:>8.1} {:>12.0} {:>10.1} {:>12.0} {:>15.2}x",
            push.as_secs_f64(),
            quads / push.as_secs_f64(),
            load.as_secs_f64(),
            quads / load.as_secs_f64(),
            load.as_secs_f64() / push.as_secs_f64(),
        );
    };

    if has("oxigraph") {
        // One PUT (one transaction) per graph, as any graph store takes them.
        let server = Oxigraph::start();
        let put = timed(|| {
            run(&[
                "--store",
                store,
                "push",
                "--endpoint",
                &server.query_url(),
                "--loading",
                "put",
            ]);
        });
        assert_eq!(stats(&["--endpoint", &server.query_url()]), expected);
        drop(server);
        // As push chooses for Oxigraph's server: batches into its bulk loader.
        let server = Oxigraph::start();
        let push = timed(|| {
            run(&["--store", store, "push", "--endpoint", &server.query_url()]);
        });
        assert_eq!(stats(&["--endpoint", &server.query_url()]), expected);
        drop(server);
        let location = dir.join("oxigraph-loaded");
        let load = timed(|| {
            let out = Command::new("oxigraph")
                .args(["load", "--location", path_str(&location)])
                .args(["--file", path_str(&nquads)])
                .output()
                .expect("oxigraph load runs");
            assert!(out.status.success(), "{}", stderr(&out));
        });
        let loaded = Oxigraph::serve(&location);
        assert_eq!(stats(&["--endpoint", &loaded.query_url()]), expected);
        print("oxigraph", push, load);
        print("oxi (put)", put, load);
    } else {
        eprintln!("SKIPPED oxigraph: not installed");
    }

    if let Some(server) = Virtuoso::start(1_000_000) {
        let push = timed(|| {
            let out = testing::bin()
                .args(["--store", store, "push"])
                .args(["--graph-store", &server.graph_store_url()])
                .args([
                    "--user",
                    VIRTUOSO_USER,
                    "--password-env",
                    "VIRTUOSO_PASSWORD",
                ])
                .env("VIRTUOSO_PASSWORD", VIRTUOSO_PASSWORD)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        });
        assert_eq!(stats(&["--endpoint", &server.query_url()]), expected);
        drop(server);
        let loaded = Virtuoso::start(1_000_000).expect("virtuoso starts again");
        let file = loaded.dir.join("all.nq");
        std::fs::copy(&nquads, &file).unwrap();
        let load = timed(|| {
            // ld_dir registers the file (its quads name their graphs), rdf_loader_run loads
            // it, checkpoint makes it durable, as a push's commits are.
            let script = format!(
                "ld_dir('{}', 'all.nq', 'urn:claimtrace:unused'); rdf_loader_run(); checkpoint;",
                path_str(&loaded.dir)
            );
            let out = Command::new("isql-vt")
                .arg(loaded.sql.to_string())
                .args([VIRTUOSO_USER, VIRTUOSO_PASSWORD])
                .arg(format!("exec={script}"))
                .stdin(Stdio::null())
                .output()
                .expect("isql-vt runs (virtuoso-opensource-7-bin)");
            assert!(
                out.status.success() && !stdout(&out).contains("Error"),
                "{}{}",
                stdout(&out),
                stderr(&out)
            );
        });
        assert_eq!(stats(&["--endpoint", &loaded.query_url()]), expected);
        print("virtuoso", push, load);
    }
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn timed(work: impl FnOnce()) -> Duration {
    let started = Instant::now();
    work();
    started.elapsed()
}

fn run(args: &[&str]) -> Output {
    let out = testing::run(args);
    assert!(
        out.status.success(),
        "claimtrace {args:?}: {}",
        stderr(&out)
    );
    out
}

/// `stats` as a table, from the store or a server.
fn stats(place: &[&str]) -> String {
    let mut args = vec!["stats"];
    args.extend_from_slice(place);
    stdout(&run(&args))
}
