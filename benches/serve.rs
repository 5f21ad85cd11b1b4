//! Load on `claimtrace serve` against Oxigraph's own server on the same data: N clients
//! (N = 1, 8, 64) each sending a mix of named queries for a bounded time, the throughput and
//! the p50/p99 latency per server and N, every answer checked (status 200, a complete body).
//!
//! `cargo bench --bench serve`: ingests the Reuters corpus into a fresh store and copies its
//! files for Oxigraph's server, so both serve the same quads laid out the same way; serves
//! both on loopback (`oxigraph serve --union-default-graph`, the default graph `serve`
//! gives); checks that both give the same rows for every query of the mix; then runs each
//! load level for 20 s per server. The mix is what a dashboard or a notebook asks about one
//! speaker: `said-by`, `trace-statements` and `trace-claims`, for the four speakers with the
//! most statements and four from further down the list, one query each in turn.
//! Under `cargo test` (no `--bench` flag) it checks itself on 200 articles, 1 s per level.
//! Without `oxigraph` on PATH (scripts/setup.sh installs it) the comparison is skipped.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[path = "../tests/common/http.rs"]
#[allow(dead_code)]
mod http;

mod common;

use common::{corpus_or_skip, slice};

fn main() {
    if corpus_or_skip().is_none() {
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let (articles, levels, per_level) = if benchmarking {
        (None, vec![1, 8, 64], Duration::from_secs(20))
    } else {
        (Some(200), vec![1, 8], Duration::from_secs(1))
    };
    let dir = std::env::temp_dir().join(format!("claimtrace-bench-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let input = slice(&dir, articles);
    let store = dir.join("store");
    claimtrace(&["--store", path(&store), "ingest", path(&input)]);
    // Oxigraph's server gets a copy of the very store files, so the two serve the same
    // quads laid out the same way: what differs is the server alone.
    let copy = dir.join("store-for-oxigraph");
    let copied = Command::new("cp")
        .args(["-a", path(&store), path(&copy)])
        .status();
    assert!(copied.is_ok_and(|s| s.success()), "copying the store");

    let ours = Served::claimtrace(&store);
    let mix = mix(ours.addr);
    let mut servers = vec![ours];
    if let Some(peer) = Served::oxigraph(&copy) {
        servers.push(peer);
    }
    if let [ours, peer] = &servers[..] {
        for sparql in &mix {
            assert_eq!(
                rows(ours.addr, sparql),
                rows(peer.addr, sparql),
                "both servers answer {sparql}"
            );
        }
    }
    println!(
        "serve load: {} queries in the mix, {} s per level, {} articles",
        mix.len(),
        per_level.as_secs(),
        std::fs::read_to_string(&input).map_or(0, |t| t.lines().count())
    );
    println!(
        "{:<12} {:>8} {:>10} {:>10} {:>10} {:>7}",
        "server", "clients", "queries/s", "p50 ms", "p99 ms", "errors"
    );
    let mut throughput = Vec::new();
    for &clients in &levels {
        for server in &servers {
            let load = load(server.addr, &mix, clients, per_level);
            println!(
                "{:<12} {:>8} {:>10.1} {:>10.2} {:>10.2} {:>7}",
                server.name,
                clients,
                load.per_second(),
                load.percentile(0.50),
                load.percentile(0.99),
                load.errors.len()
            );
            assert!(
                load.errors.is_empty(),
                "{} with {clients} clients: {:?}",
                server.name,
                &load.errors[..load.errors.len().min(5)]
            );
            assert!(
                !load.latencies.is_empty(),
                "{} answered nothing in {per_level:?}",
                server.name
            );
            throughput.push((server.name, clients, load.per_second()));
        }
    }
    for &clients in &levels {
        let of = |name| {
            throughput
                .iter()
                .find(|t| t.0 == name && t.1 == clients)
                .map(|t| t.2)
        };
        if let (Some(ours), Some(peer)) = (of("claimtrace"), of("oxigraph")) {
            println!(
                "{clients} clients: claimtrace serves {:.2}x Oxigraph's throughput",
                ours / peer
            );
        }
    }
    drop(servers);
    let _ = std::fs::remove_dir_all(&dir);
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 scratch path")
}

fn claimtrace(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimtrace"))
        .args(args)
        .output()
        .expect("claimtrace runs");
    assert!(
        out.status.success(),
        "claimtrace {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A server process on a loopback port, killed when dropped.
struct Served {
    name: &'static str,
    addr: SocketAddr,
    child: Child,
}

impl Served {
    fn claimtrace(store: &Path) -> Served {
        let addr = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_claimtrace"))
            .args(["--store", path(store), "serve", "--bind", &addr.to_string()])
            .stderr(Stdio::null())
            .spawn()
            .expect("claimtrace serve starts");
        Served::ready("claimtrace", addr, child)
    }

    /// Oxigraph's server on the store in `location`; `None` without it.
    fn oxigraph(location: &Path) -> Option<Served> {
        if let Err(e) = Command::new("oxigraph").arg("--version").output() {
            println!(
                "SKIPPED the comparison: no oxigraph to run ({e}); scripts/setup.sh installs it"
            );
            return None;
        }
        let addr = free_port();
        let child = Command::new("oxigraph")
            .args([
                "serve",
                "--location",
                path(location),
                "--union-default-graph",
                "--bind",
                &addr.to_string(),
            ])
            .stderr(Stdio::null())
            .spawn()
            .expect("oxigraph serve starts");
        Some(Served::ready("oxigraph", addr, child))
    }

    fn ready(name: &'static str, addr: SocketAddr, child: Child) -> Served {
        let served = Served { name, addr, child };
        let deadline = Instant::now() + Duration::from_secs(120);
        while TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "{name} did not listen on {addr}");
            std::thread::sleep(Duration::from_millis(50));
        }
        served
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback address no one listens on (taken, then let go for the server to bind).
fn free_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    listener.local_addr().expect("its address")
}

fn named(name: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("queries/{name}.rq"));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// `sparql` with its parameters bound: a VALUES block opening its WHERE group (the protocol
/// has no parameters, so a client binds them in the text).
fn bound(sparql: &str, values: &[(&str, String)]) -> String {
    let names: Vec<String> = values.iter().map(|(n, _)| format!("?{n}")).collect();
    let terms: Vec<&str> = values.iter().map(|(_, t)| t.as_str()).collect();
    let block = format!(
        "WHERE {{\n  VALUES ({}) {{ ({}) }}",
        names.join(" "),
        terms.join(" ")
    );
    sparql.replacen("WHERE {", &block, 1)
}

/// The queries of the load: for each of eight speakers (the four with the most statements,
/// four from further down), what they said, their statements as trace reads them, and their
/// claims with every carrier.
fn mix(addr: SocketAddr) -> Vec<String> {
    let ranked = "PREFIX ct: <https://w3id.org/claimtrace/ontology#>\n\
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
        SELECT ?speaker (SAMPLE(?label) AS ?name) WHERE { ?s ct:speaker ?speaker . ?speaker rdfs:label ?label }\n\
        GROUP BY ?speaker ORDER BY DESC(COUNT(?s)) ?speaker";
    let answer = query(addr, ranked, "application/sparql-results+json").expect("the speakers");
    let json: serde_json::Value = serde_json::from_slice(&answer.body).expect("SPARQL JSON");
    let speakers = json["results"]["bindings"].as_array().expect("bindings");
    assert!(
        speakers.len() >= 8,
        "the store has speakers: {}",
        speakers.len()
    );
    let n = speakers.len();
    let picked = [0, 1, 2, 3, n / 8, n / 4, n / 2, 3 * n / 4];
    let (said_by, statements, claims) = (
        named("said-by"),
        named("trace-statements"),
        named("trace-claims"),
    );
    let mut mix = Vec::new();
    for row in picked.iter().map(|&i| &speakers[i]) {
        let iri = format!("<{}>", row["speaker"]["value"].as_str().expect("an IRI"));
        let name = serde_json::to_string(row["name"]["value"].as_str().expect("a name"))
            .expect("a string");
        mix.push(bound(&said_by, &[("name", name)]));
        mix.push(bound(
            &statements,
            &[
                (
                    "by",
                    "<https://w3id.org/claimtrace/ontology#speaker>".to_string(),
                ),
                ("who", iri.clone()),
            ],
        ));
        mix.push(bound(&claims, &[("speaker", iri)]));
    }
    mix
}

fn query(addr: SocketAddr, sparql: &str, accept: &str) -> std::io::Result<http::Answer> {
    let body = format!("query={}", http::encode(sparql));
    http::try_request(
        addr,
        "POST",
        "/sparql",
        &[
            ("Accept", accept),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(body.as_bytes()),
    )
}

/// A query's CSV rows, sorted (the two servers may order ties differently).
fn rows(addr: SocketAddr, sparql: &str) -> Vec<String> {
    let answer = query(addr, sparql, "text/csv").expect("an answer");
    assert_eq!(answer.status, 200, "{}", answer.text());
    let mut rows: Vec<String> = answer.text().lines().map(str::to_string).collect();
    rows.sort();
    rows
}

struct Load {
    latencies: Vec<Duration>,
    errors: Vec<String>,
    elapsed: Duration,
}

impl Load {
    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at `q` (0.5: the median), in milliseconds.
    fn percentile(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[i].as_secs_f64() * 1e3
    }
}

/// `clients` threads, each on its own kept-alive connection, sending the mix in turn until
/// `duration` has passed; requests started before the deadline are waited for and counted.
fn load(addr: SocketAddr, mix: &[String], clients: usize, duration: Duration) -> Load {
    let mix = Arc::new(mix.to_vec());
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (mix, next) = (mix.clone(), next.clone());
            std::thread::spawn(move || {
                let (mut latencies, mut errors) = (Vec::new(), Vec::new());
                let mut connection = None;
                while Instant::now() < deadline {
                    let sparql = &mix[next.fetch_add(1, Ordering::Relaxed) % mix.len()];
                    let sent = Instant::now();
                    match kept_alive(&mut connection, addr, sparql) {
                        Ok(a) if a.status == 200 && a.complete => latencies.push(sent.elapsed()),
                        Ok(a) => errors.push(format!(
                            "status {} (complete: {}): {}",
                            a.status,
                            a.complete,
                            a.text()
                        )),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut load = Load {
        latencies: Vec::new(),
        errors: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for thread in threads {
        let (latencies, errors) = thread.join().expect("a client thread");
        load.latencies.extend(latencies);
        load.errors.extend(errors);
    }
    load.elapsed = started.elapsed();
    load.latencies.sort();
    load
}

/// One query on the client's connection, opened first if it has none (or the server closed
/// it); a server that says it closes the connection gets a new one next time.
fn kept_alive(
    connection: &mut Option<BufReader<TcpStream>>,
    addr: SocketAddr,
    sparql: &str,
) -> std::io::Result<http::Answer> {
    let body = format!("query={}", http::encode(sparql));
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nAccept: application/sparql-results+json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    loop {
        let reused = connection.is_some();
        if !reused {
            let stream = TcpStream::connect(addr)?;
            stream.set_read_timeout(Some(Duration::from_secs(120)))?;
            *connection = Some(BufReader::new(stream));
        }
        let reader = connection.as_mut().expect("opened above");
        let sent = reader
            .get_mut()
            .write_all(head.as_bytes())
            .and_then(|()| reader.get_mut().write_all(body.as_bytes()));
        let answer = sent.and_then(|()| http::read_answer(reader, false));
        match answer {
            Ok(answer) => {
                if answer
                    .header("connection")
                    .is_some_and(|c| c.eq_ignore_ascii_case("close"))
                {
                    *connection = None;
                }
                return Ok(answer);
            }
            // A kept-alive connection the server had closed while idle: again on a new one.
            Err(_) if reused => *connection = None,
            Err(e) => return Err(e),
        }
    }
}
