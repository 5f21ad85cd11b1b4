//! Other RDF stores, started for a test on a free loopback port in a fresh folder and killed
//! when dropped: Oxigraph's server (`pip install oxigraph`) and Virtuoso (Debian
//! `virtuoso-opensource-7-bin`), both installed by scripts/setup.sh.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{fresh_dir, http, path_str};

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn wait_for(addr: SocketAddr, what: &str, child: &mut Child, log: Option<&Path>) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect(addr).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let said = log.map(|l| std::fs::read_to_string(l).unwrap_or_default());
            panic!("{what} exited ({status}) before listening on {addr}: {said:?}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `oxigraph serve`, its default graph the union of all graphs (as claimtrace's queries
/// expect).
pub struct Oxigraph {
    pub addr: SocketAddr,
    child: Child,
}

impl Oxigraph {
    pub fn start() -> Oxigraph {
        Oxigraph::serve(&fresh_dir("oxigraph-server"))
    }

    /// The server on the store in `location` (`oxigraph load` may have filled it).
    pub fn serve(location: &Path) -> Oxigraph {
        let addr = free_port();
        let mut child = Command::new("oxigraph")
            .args([
                "serve",
                "--union-default-graph",
                "--location",
                path_str(location),
            ])
            .args(["--bind", &addr.to_string()])
            .stderr(Stdio::null())
            .spawn()
            .expect("the oxigraph server (scripts/setup.sh installs it: pip install oxigraph)");
        wait_for(addr, "oxigraph", &mut child, None);
        Oxigraph { addr, child }
    }

    pub fn query_url(&self) -> String {
        format!("http://{}/query", self.addr)
    }
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Virtuoso 7 on a fresh database (user dba, password dba), its result-row cap
/// (`ResultSetMaxRows`) as given.
pub struct Virtuoso {
    /// The HTTP server: `/sparql`, `/sparql-graph-crud-auth`.
    pub addr: SocketAddr,
    /// The SQL server, for `isql-vt`.
    pub sql: SocketAddr,
    /// Files under it may be bulk loaded (`DirsAllowed`).
    pub dir: PathBuf,
    child: Child,
}

pub const VIRTUOSO_USER: &str = "dba";
pub const VIRTUOSO_PASSWORD: &str = "dba";

impl Virtuoso {
    /// `None`, with a note, when `virtuoso-t` is not installed.
    pub fn start(max_rows: usize) -> Option<Virtuoso> {
        if Command::new("virtuoso-t")
            .arg("-?")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            eprintln!(
                "SKIPPED: needs virtuoso-t (scripts/setup.sh installs virtuoso-opensource-7-bin)"
            );
            return None;
        }
        let dir = fresh_dir("virtuoso");
        let db = dir.join("db");
        std::fs::create_dir_all(&db).unwrap();
        std::fs::create_dir_all(dir.join("vsp")).unwrap();
        let (sql, addr) = (free_port(), free_port());
        let d = path_str(&db);
        // The least the server needs: its files in the folder, both ports on loopback, no
        // plugins, and room for claimtrace's results.
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
             LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
             xa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\
             [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\n\
             TransactionFile = {d}/virtuoso-temp.trx\n\
             [Parameters]\nServerPort = {sql}\nDisableUnixSocket = 1\nCaseMode = 2\n\
             DirsAllowed = ., {dir}\nNumberOfBuffers = 170000\nMaxDirtyBuffers = 130000\n\
             [HTTPServer]\nServerPort = {addr}\nServerRoot = {dir}/vsp\nServerThreads = 10\n\
             MaxKeepAlives = 10\nKeepAliveTimeout = 10\nCharset = UTF-8\n\
             [SPARQL]\nResultSetMaxRows = {max_rows}\nMaxQueryExecutionTime = 120\n",
            dir = path_str(&dir),
        );
        let config = dir.join("virtuoso.ini");
        std::fs::write(&config, ini).unwrap();
        let log = dir.join("out.log");
        let mut child = Command::new("virtuoso-t")
            .args(["+foreground", "+configfile", path_str(&config)])
            .current_dir(&dir)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("virtuoso-t starts");
        wait_for(addr, "virtuoso", &mut child, Some(&log));
        // The HTTP port opens before the SPARQL service is ready.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = http::try_request(
                addr,
                "GET",
                &format!("/sparql?query={}", http::encode("ASK {}")),
                &[("Accept", "application/sparql-results+json")],
                None,
            )
            .is_ok_and(|a| a.status == 200);
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "virtuoso's /sparql did not open");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(Virtuoso {
            addr,
            sql,
            dir,
            child,
        })
    }

    pub fn query_url(&self) -> String {
        format!("http://{}/sparql", self.addr)
    }

    pub fn graph_store_url(&self) -> String {
        format!("http://{}/sparql-graph-crud-auth", self.addr)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A dataset's quads, sorted, without push records and the registry's `ct:namesByArticle`
/// mark (never sent); quads with blank nodes (the ontology's OWL lists, labelled anew by every
/// store) only counted.
fn quads_of(nquads: &str) -> (Vec<String>, usize) {
    let lines = nquads.lines().filter(|l| {
        !l.is_empty()
            && !l.contains("claimtrace/ontology#pushed")
            && !l.contains("claimtrace/ontology#namesByArticle")
    });
    let (blank, mut named): (Vec<&str>, Vec<&str>) = lines.partition(|l| l.contains("_:"));
    named.sort_unstable();
    (named.into_iter().map(str::to_string).collect(), blank.len())
}

/// Whether the server holds exactly the local store's quads.
pub fn assert_same_quads(addr: SocketAddr, store: &str) {
    let answer = http::request(
        addr,
        "GET",
        "/store",
        &[("Accept", "application/n-quads")],
        None,
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let remote = quads_of(&answer.text());
    let export = super::run(&["--store", store, "export", "--format", "nquads"]);
    assert!(export.status.success(), "{}", super::stderr(&export));
    let local = quads_of(&super::stdout(&export));
    if remote != local {
        let missing: Vec<_> = local
            .0
            .iter()
            .filter(|q| !remote.0.contains(q))
            .take(3)
            .collect();
        let extra: Vec<_> = remote
            .0
            .iter()
            .filter(|q| !local.0.contains(q))
            .take(3)
            .collect();
        panic!(
            "the server holds {} quads ({} with blank nodes), the store {} ({}); missing {missing:?}; extra {extra:?}",
            remote.0.len(),
            remote.1,
            local.0.len(),
            local.1
        );
    }
}

/// How many named graphs the server at `addr` holds.
pub fn remote_graphs(addr: SocketAddr) -> usize {
    let body = format!(
        "query={}",
        http::encode("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {} }")
    );
    let answer = http::request(
        addr,
        "POST",
        "/query",
        &[
            ("Accept", "text/csv"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(body.as_bytes()),
    );
    answer
        .text()
        .lines()
        .nth(1)
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}
