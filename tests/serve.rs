//! `claimtrace serve` as a client meets it: the SPARQL protocol on the bundled articles,
//! content negotiation, updates and their token, errors that tell the truth (syntax, timeout,
//! a transfer cut off, a client gone), hostile requests, and a clean shutdown.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::http::{encode, get, request};
use common::server::{Server, TOKEN};
use common::{path_str, repo};

fn examples() -> String {
    path_str(&repo().join("examples/articles")).to_string()
}

fn memory_server(serve_args: &[&str], writable: bool) -> Server {
    let examples = examples();
    let mut args: Vec<&str> = serve_args.to_vec();
    args.push(&examples);
    Server::start(&["--memory"], &args, writable)
}

fn query_path(sparql: &str) -> String {
    format!("/sparql?query={}", encode(sparql))
}

const CROSS_JOIN: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
const COUNTED_CROSS_JOIN: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn named_queries_answer_over_http_as_on_the_command_line() {
    let store = common::fresh_dir("serve-named");
    let store_arg = path_str(&store).to_string();
    let ingest = common::run(&["--store", &store_arg, "ingest", &examples()]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));
    let mut expected = Vec::new();
    for name in ["outlets", "speakers", "chains", "timeline", "statements"] {
        let out = common::run(&[
            "--store",
            &store_arg,
            "query",
            "--name",
            name,
            "--results",
            "csv",
        ]);
        assert!(out.status.success(), "{name}: {}", common::stderr(&out));
        expected.push((name, common::stdout(&out)));
    }
    let server = Server::start(&["--store", &store_arg], &[], false);
    for (name, cli) in expected {
        let sparql = std::fs::read_to_string(repo().join(format!("queries/{name}.rq"))).unwrap();
        let answer = get(server.addr, &query_path(&sparql), "text/csv");
        assert_eq!(answer.status, 200, "{name}: {}", answer.text());
        assert!(answer.complete);
        let mut served: Vec<String> = answer.text().lines().map(str::to_string).collect();
        let mut local: Vec<String> = cli.lines().map(str::to_string).collect();
        assert!(local.len() > 1, "{name} finds rows on the examples");
        // The same rows (SPARQL CSV writes IRIs bare, as the command line does).
        served.sort();
        local.sort();
        assert_eq!(served, local, "{name}");
    }
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn answers_take_the_form_the_client_prefers() {
    let server = memory_server(&[], false);
    let ask = query_path("ASK { ?s ?p ?o }");
    let json = get(server.addr, &ask, "application/sparql-results+json");
    assert_eq!(
        json.header("content-type"),
        Some("application/sparql-results+json; charset=utf-8")
    );
    assert!(json.text().contains("\"boolean\":true"), "{}", json.text());
    let xml = get(
        server.addr,
        &ask,
        "application/sparql-results+json;q=0.5, application/sparql-results+xml",
    );
    assert!(
        xml.header("content-type")
            .unwrap()
            .starts_with("application/sparql-results+xml")
    );
    let select = query_path("SELECT ?name WHERE { ?a schema:name ?name } ORDER BY ?name LIMIT 3");
    let tsv = get(server.addr, &select, "text/tab-separated-values");
    assert_eq!(tsv.text().lines().next(), Some("?name"));
    assert_eq!(tsv.text().lines().count(), 4);
    let construct = query_path("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5");
    let nt = get(server.addr, &construct, "application/n-triples");
    assert_eq!(nt.status, 200);
    assert_eq!(nt.text().lines().count(), 5, "{}", nt.text());
    assert!(nt.text().lines().all(|l| l.ends_with(" .")));
    let jsonld = get(server.addr, &construct, "application/ld+json");
    assert!(
        jsonld
            .header("content-type")
            .unwrap()
            .starts_with("application/ld+json")
    );
    serde_json::from_slice::<serde_json::Value>(&jsonld.body).expect("JSON-LD is JSON");
    let refused = get(server.addr, &ask, "image/png");
    assert_eq!(refused.status, 406);
    assert!(
        refused.text().contains("application/sparql-results+json"),
        "{}",
        refused.text()
    );
    // SPARQLWrapper's extra parameters change nothing.
    let wrapped = get(
        server.addr,
        &format!("{ask}&format=json&output=json&results=json"),
        "application/sparql-results+json",
    );
    assert_eq!(wrapped.status, 200);
    // A bare GET describes the service.
    let sd = get(server.addr, "/sparql", "text/turtle");
    assert_eq!(sd.status, 200);
    assert!(
        sd.text().contains("sd:UnionDefaultGraph") && sd.text().contains("sd:SPARQL11Query"),
        "{}",
        sd.text()
    );
    assert!(
        !sd.text().contains("SPARQL11Update"),
        "a read-only server takes no updates"
    );
}

#[test]
fn the_default_graph_is_the_union_unless_the_request_names_graphs() {
    let server = memory_server(&[], false);
    let count = |target: String| {
        let a = get(server.addr, &target, "text/csv");
        assert_eq!(a.status, 200, "{}", a.text());
        a.text()
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse::<u64>()
            .unwrap()
    };
    let union = count(query_path("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"));
    assert!(union > 100);
    let registry = "https://w3id.org/claimtrace/id/graph/registry";
    let one = count(format!(
        "{}&default-graph-uri={}",
        query_path("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        encode(registry)
    ));
    assert!(one > 0 && one < union, "{one} of {union}");
    let from = count(query_path(&format!(
        "SELECT (COUNT(*) AS ?n) FROM <{registry}> WHERE {{ ?s ?p ?o }}"
    )));
    assert_eq!(
        from, one,
        "FROM names the default graph as the parameter does"
    );
}

#[test]
fn errors_say_what_was_wrong_with_the_right_status() {
    let server = memory_server(&[], false);
    let syntax = get(
        server.addr,
        &query_path("SELECT * WHERE {\n  ?s ?p \n}"),
        "*/*",
    );
    assert_eq!(syntax.status, 400);
    assert!(
        syntax.text().contains("line 3, column"),
        "{}",
        syntax.text()
    );
    let update_as_query = get(
        server.addr,
        &query_path("INSERT DATA { <a:s> <a:p> <a:o> }"),
        "*/*",
    );
    assert_eq!(update_as_query.status, 400);
    assert!(
        update_as_query
            .text()
            .contains("this is an update, not a query"),
        "{}",
        update_as_query.text()
    );
    let query_as_update = request(
        server.addr,
        "POST",
        "/sparql",
        &[("Content-Type", "application/sparql-update")],
        Some(b"SELECT * WHERE { ?s ?p ?o }"),
    );
    assert_eq!(
        query_as_update.status,
        403,
        "a read-only server refuses updates first: {}",
        query_as_update.text()
    );
    let read_only = request(
        server.addr,
        "POST",
        "/update",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(b"update=CLEAR%20ALL"),
    );
    assert_eq!(read_only.status, 403);
    assert!(
        read_only.text().contains("--allow-update"),
        "{}",
        read_only.text()
    );
    let gsp_write = request(server.addr, "DELETE", "/store", &[], None);
    assert_eq!(gsp_write.status, 403);
    let missing = get(
        server.addr,
        "/store?graph=http%3A%2F%2Fnowhere.example%2Fg",
        "text/turtle",
    );
    assert_eq!(missing.status, 404);
    let no_type = request(server.addr, "POST", "/sparql", &[], Some(b"ASK {}"));
    assert_eq!(no_type.status, 400);
    let wrong_type = request(
        server.addr,
        "POST",
        "/sparql",
        &[("Content-Type", "text/plain")],
        Some(b"ASK {}"),
    );
    assert_eq!(wrong_type.status, 415);
    // The store is untouched and the server answers on.
    let ask = get(
        server.addr,
        &query_path("ASK { ?s ?p ?o }"),
        "application/sparql-results+json",
    );
    assert!(ask.text().contains("true"));
}

#[test]
fn updates_need_the_token_and_then_run_in_one_transaction() {
    let server = memory_server(&[], true);
    let update = |auth: Option<&str>, body: &[u8]| {
        let mut headers = vec![("Content-Type", "application/sparql-update")];
        let bearer;
        if let Some(token) = auth {
            bearer = format!("Bearer {token}");
            headers.push(("Authorization", bearer.as_str()));
        }
        request(server.addr, "POST", "/update", &headers, Some(body))
    };
    let insert = b"INSERT DATA { GRAPH <http://example.org/notes> { <http://example.org/a> <http://example.org/says> \"hello\" } }";
    assert_eq!(update(None, insert).status, 401);
    assert_eq!(update(Some("wrong"), insert).status, 401);
    let ok = update(Some(TOKEN), insert);
    assert_eq!(ok.status, 204, "{}", ok.text());
    let query_as_update = update(Some(TOKEN), b"SELECT * WHERE { ?s ?p ?o }");
    assert_eq!(query_as_update.status, 400);
    assert!(
        query_as_update
            .text()
            .contains("this is a query, not an update"),
        "{}",
        query_as_update.text()
    );
    // A failing update changes nothing: the first part is undone with the second.
    let failing = update(Some(TOKEN), b"INSERT DATA { GRAPH <http://example.org/notes> { <http://example.org/b> <http://example.org/says> \"x\" } } ; CREATE GRAPH <http://example.org/notes>");
    assert_eq!(failing.status, 400, "{}", failing.text());
    let graph = get(
        server.addr,
        "/store?graph=http%3A%2F%2Fexample.org%2Fnotes",
        "application/n-triples",
    );
    assert_eq!(graph.status, 200);
    assert_eq!(graph.text().lines().count(), 1, "{}", graph.text());
    // The service says it takes updates.
    assert!(
        get(server.addr, "/sparql", "text/turtle")
            .text()
            .contains("SPARQL11Update")
    );
}

#[test]
fn a_query_past_the_timeout_gets_an_error_status_and_the_server_goes_on() {
    let server = memory_server(&["--timeout", "1"], false);
    let addr = server.addr;
    // More cross joins than this machine has cores: each is answered at its deadline, even
    // the ones that waited for a turn, and the engine running on gives its turn back.
    let joins: Vec<_> = (0..3)
        .map(|_| {
            std::thread::spawn(move || {
                let started = Instant::now();
                let answer = get(
                    addr,
                    &query_path(COUNTED_CROSS_JOIN),
                    "application/sparql-results+json",
                );
                (answer, started.elapsed())
            })
        })
        .collect();
    for join in joins {
        let (answer, took) = join.join().unwrap();
        assert_eq!(answer.status, 503, "{}", answer.text());
        assert!(answer.text().contains("--timeout"), "{}", answer.text());
        assert!(took < Duration::from_secs(2), "answered after {took:?}");
        assert!(answer.complete);
    }
    let next = get(
        addr,
        &query_path("ASK { ?s ?p ?o }"),
        "application/sparql-results+json",
    );
    assert_eq!(next.status, 200, "{}", next.text());
    assert!(server.logged(" 503 "), "{:?}", server.log());
}

#[test]
fn a_timeout_while_rows_stream_ends_the_transfer_as_failed() {
    let server = memory_server(&["--timeout", "1"], false);
    let answer = get(
        server.addr,
        &query_path(CROSS_JOIN),
        "text/tab-separated-values",
    );
    assert_eq!(
        answer.status, 200,
        "rows were streaming when the limit came"
    );
    assert!(answer.body.len() > 4 << 20, "{} bytes", answer.body.len());
    assert!(!answer.complete, "the transfer must not end cleanly");
    assert!(server.logged("transfer aborted"), "{:?}", server.log());
}

#[test]
fn ordered_answers_come_sorted_then_sliced() {
    let server = memory_server(&[], false);
    // Ordered by a key the answer does not show (claimtrace sorts once the rows are read).
    let sparql = "SELECT ?name WHERE { ?a schema:name ?name } ORDER BY DESC(STRLEN(?name)) ?name";
    let all = get(server.addr, &query_path(sparql), "text/csv");
    assert_eq!(all.status, 200, "{}", all.text());
    let text = all.text();
    let names: Vec<&str> = text.lines().skip(1).collect();
    assert!(names.len() > 5, "{text}");
    for pair in names.windows(2) {
        let (a, b) = (pair[0].chars().count(), pair[1].chars().count());
        assert!(
            a > b || a == b && pair[0] <= pair[1],
            "{pair:?} out of order"
        );
    }
    let page = get(
        server.addr,
        &query_path(&format!("{sparql} LIMIT 3 OFFSET 2")),
        "text/csv",
    );
    assert_eq!(page.status, 200, "{}", page.text());
    let page_text = page.text();
    assert_eq!(page_text.lines().skip(1).collect::<Vec<_>>(), names[2..5]);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn more_rows_than_allowed_is_refused_not_cut() {
    let server = memory_server(&["--max-rows", "10"], false);
    let many = get(
        server.addr,
        &query_path("SELECT * WHERE { ?s ?p ?o }"),
        "text/csv",
    );
    assert_eq!(many.status, 422, "{}", many.text());
    assert!(many.text().contains("--max-rows"));
    let few = get(
        server.addr,
        &query_path("SELECT * WHERE { ?s ?p ?o } LIMIT 10"),
        "text/csv",
    );
    assert_eq!(few.status, 200);
    assert_eq!(few.text().lines().count(), 11);
}

#[test]
fn a_client_that_goes_away_cancels_its_query() {
    let server = memory_server(&["--timeout", "0"], false);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n",
        query_path(COUNTED_CROSS_JOIN)
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(stream);
    assert!(server.logged(" 499 "), "{:?}", server.log());
    assert!(server.logged("went away"), "{:?}", server.log());
}

#[test]
fn hostile_requests_get_a_4xx_or_a_closed_connection_and_the_server_stays_up() {
    let server = memory_server(&[], false);
    let addr = server.addr;
    let alive = || {
        let a = get(
            addr,
            &query_path("ASK { ?s ?p ?o }"),
            "application/sparql-results+json",
        );
        assert_eq!(a.status, 200, "the server answers: {}", a.text());
    };
    // A 10 MB query.
    let huge = format!("SELECT * WHERE {{ ?s ?p \"{}\" }}", "x".repeat(10 << 20));
    let mut big = TcpStream::connect(addr).unwrap();
    write!(
        big,
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n",
        huge.len()
    )
    .unwrap();
    // The server answers and closes before the body is all sent: the write may then fail.
    let mut sender = big.try_clone().unwrap();
    let sending = std::thread::spawn(move || sender.write_all(huge.as_bytes()).is_ok());
    let answer = common::http::read_answer(&mut std::io::BufReader::new(big), false);
    match answer {
        Ok(answer) => assert_eq!(answer.status, 413, "{}", answer.text()),
        Err(e) => assert_eq!(
            e.kind(),
            std::io::ErrorKind::ConnectionReset,
            "refused or closed: {e}"
        ),
    }
    sending.join().unwrap();
    alive();
    // Malformed percent-encoding; a path outside.
    let malformed = get(addr, "/sparql?query=SELECT%2", "*/*");
    assert_eq!(malformed.status, 400);
    assert!(
        malformed.text().contains("percent-encoding"),
        "{}",
        malformed.text()
    );
    let outside = get(addr, "/../../etc/passwd", "*/*");
    assert_eq!(outside.status, 404);
    assert!(!outside.text().contains("root:"));
    alive();
    // 1,000 connections opened and dropped, some with half a request.
    for i in 0..1000 {
        if let Ok(mut s) = TcpStream::connect(addr)
            && i % 2 == 0
        {
            let _ = s.write_all(b"GET /sparql?query=ASK");
        }
    }
    alive();
    // A slow client, a byte a second: cut off, while others are served.
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let started = Instant::now();
    let request_bytes = b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n";
    let mut cut_off = false;
    for b in request_bytes {
        if slow.write_all(&[*b]).is_err() {
            cut_off = true;
            break;
        }
        alive();
        std::thread::sleep(Duration::from_millis(1000));
        if started.elapsed() > Duration::from_secs(25) {
            break;
        }
        let mut probe = [0u8; 512];
        slow.set_nonblocking(true).unwrap();
        let read = slow.read(&mut probe);
        slow.set_nonblocking(false).unwrap();
        if matches!(read, Ok(0)) || matches!(read, Ok(n) if n > 0) {
            cut_off = true;
            break;
        }
    }
    assert!(cut_off, "a client sending a byte a second is cut off");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    alive();
}

#[test]
fn sigterm_shuts_down_cleanly_and_the_store_opens_again() {
    let store = common::fresh_dir("serve-stop");
    let store_arg = path_str(&store).to_string();
    let server = Server::start(&["--store", &store_arg], &[&examples()], false);
    let answer = get(
        server.addr,
        &query_path("ASK { ?s ?p ?o }"),
        "application/sparql-results+json",
    );
    assert_eq!(answer.status, 200);
    assert!(
        server.logged("GET /sparql 200 rows=1"),
        "{:?}",
        server.log()
    );
    assert_eq!(server.stop(), Some(0));
    let reopened = common::run(&["--store", &store_arg, "stats"]);
    assert!(reopened.status.success(), "{}", common::stderr(&reopened));
}

#[test]
fn the_graph_store_reads_and_writes_whole_graphs() {
    let server = memory_server(&[], true);
    let auth = format!("Bearer {TOKEN}");
    let graph = "/store?graph=http%3A%2F%2Fexample.org%2Fg";
    let put = request(
        server.addr,
        "PUT",
        graph,
        &[("Content-Type", "text/turtle"), ("Authorization", &auth)],
        Some(b"<http://example.org/a> <http://example.org/p> 1, 2 ."),
    );
    assert_eq!(put.status, 201, "{}", put.text());
    let bad = request(
        server.addr,
        "PUT",
        graph,
        &[("Content-Type", "text/turtle"), ("Authorization", &auth)],
        Some(b"<http://example.org/a> <http://example.org/p> .\n"),
    );
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("line 1"), "{}", bad.text());
    let read = get(server.addr, graph, "application/n-triples");
    assert_eq!(
        read.text().lines().count(),
        2,
        "the bad PUT changed nothing: {}",
        read.text()
    );
    let head = request(
        server.addr,
        "HEAD",
        graph,
        &[("Accept", "text/turtle")],
        None,
    );
    assert_eq!(head.status, 200);
    let dataset = get(server.addr, "/store", "application/n-quads");
    assert!(dataset.text().lines().count() > 100);
    assert!(dataset.text().contains("<http://example.org/g>"));
    let deleted = request(
        server.addr,
        "DELETE",
        graph,
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(deleted.status, 204);
    assert_eq!(get(server.addr, graph, "text/turtle").status, 404);
    let emptied = request(
        server.addr,
        "DELETE",
        "/store",
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(emptied.status, 204);
    let none = get(
        server.addr,
        &query_path("ASK { ?s ?p ?o }"),
        "application/sparql-results+json",
    );
    assert!(none.text().contains("false"), "{}", none.text());
}

#[test]
fn articles_posted_to_ingest_are_stored_as_the_command_line_stores_them() {
    let seed = repo().join("examples/articles/2025-08-27-kremlin-secret-talks.txt");
    let text = std::fs::read(&seed).unwrap();
    let server = Server::start(&["--memory"], &[], true);
    let auth = format!("Bearer {TOKEN}");
    let refused = request(
        server.addr,
        "POST",
        "/ingest",
        &[("Content-Type", "text/plain")],
        Some(&text),
    );
    assert_eq!(refused.status, 401);
    let posted = request(
        server.addr,
        "POST",
        "/ingest?name=2025-08-27-kremlin-secret-talks.txt",
        &[("Content-Type", "text/plain"), ("Authorization", &auth)],
        Some(&text),
    );
    assert_eq!(posted.status, 200, "{}", posted.text());
    let answer: serde_json::Value = serde_json::from_slice(&posted.body).unwrap();
    assert_eq!(answer["added"], 1, "{answer}");
    let article = answer["articles"][0]["iri"].as_str().unwrap().to_string();
    let statements = answer["articles"][0]["statements"].as_u64().unwrap();
    assert!(statements > 5, "{answer}");
    // The same graph as `claimtrace ingest` writes for the same file.
    let store = common::fresh_dir("serve-ingest");
    let store_arg = path_str(&store).to_string();
    let cli = common::run(&["--store", &store_arg, "ingest", path_str(&seed)]);
    assert!(cli.status.success(), "{}", common::stderr(&cli));
    let exported = common::run(&[
        "--store", &store_arg, "export", "--format", "ntriples", "--graph", &article,
    ]);
    assert!(exported.status.success(), "{}", common::stderr(&exported));
    let served = get(
        server.addr,
        &format!("/store?graph={}", encode(&article)),
        "application/n-triples",
    );
    assert_eq!(served.status, 200);
    let mut a: Vec<String> = common::stdout(&exported)
        .lines()
        .map(str::to_string)
        .collect();
    let mut b: Vec<String> = served.text().lines().map(str::to_string).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // A batch with a bad line: the good ones go in, the bad one is named.
    let batch = concat!(
        r#"{"id": "n1", "title": "Minister speaks", "text": "The minister said that the plan would work.", "publisher": "Reuters"}"#,
        "\n{not json\n",
        r#"{"id": "n2", "title": "Envoy speaks", "text": "The envoy told reporters the talks had failed.", "publisher": "Reuters"}"#,
        "\n"
    );
    let partial = request(
        server.addr,
        "POST",
        "/ingest",
        &[
            ("Content-Type", "application/x-ndjson"),
            ("Authorization", &auth),
        ],
        Some(batch.as_bytes()),
    );
    assert_eq!(partial.status, 207, "{}", partial.text());
    let answer: serde_json::Value = serde_json::from_slice(&partial.body).unwrap();
    assert_eq!(answer["added"], 2, "{answer}");
    assert_eq!(
        answer["failures"][0]["input"], "the request body:2",
        "{answer}"
    );
    assert!(
        answer["failures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not JSON"),
        "{answer}"
    );
    let empty = request(
        server.addr,
        "POST",
        "/ingest",
        &[("Authorization", &auth)],
        Some(b""),
    );
    assert_eq!(empty.status, 400);
}

#[test]
fn readers_never_see_half_an_article_while_articles_are_posted() {
    let server = Server::start(&["--memory"], &[], true);
    let addr = server.addr;
    let auth = format!("Bearer {TOKEN}");
    let writer = std::thread::spawn(move || {
        for i in 0..20 {
            let body = format!(
                r#"{{"id": "w{i}", "title": "Story {i}", "text": "The spokesman said that talk {i} went well. The minister said that talk {i} would go on.", "publisher": "Reuters"}}"#
            );
            let a = request(
                addr,
                "POST",
                "/ingest?format=jsonl",
                &[("Authorization", &auth)],
                Some(body.as_bytes()),
            );
            assert_eq!(a.status, 200, "{}", a.text());
        }
    });
    // Every article a reader sees has all its statements: as many as at the end.
    let sparql = "SELECT ?article (COUNT(?s) AS ?n) WHERE { ?s a ct:Statement ; ct:inArticle ?article } GROUP BY ?article";
    let mut seen = Vec::new();
    while !writer.is_finished() || seen.is_empty() {
        let a = get(addr, &query_path(sparql), "text/csv");
        assert_eq!(a.status, 200, "{}", a.text());
        seen.extend(a.text().lines().skip(1).map(str::to_string));
    }
    writer.join().unwrap();
    let last = get(addr, &query_path(sparql), "text/csv").text();
    let last: std::collections::HashSet<&str> = last.lines().skip(1).collect();
    assert_eq!(last.len(), 20, "{last:?}");
    assert!(last.iter().all(|l| !l.ends_with(",0")));
    for line in &seen {
        assert!(last.contains(line.as_str()), "half an article: {line}");
    }
}

#[test]
fn sparqlwrapper_and_rdflib_get_the_rows_claimtrace_query_gives() {
    let store = common::fresh_dir("serve-clients");
    let store_arg = path_str(&store).to_string();
    assert!(
        common::run(&["--store", &store_arg, "ingest", &examples()])
            .status
            .success()
    );
    let names = common::query_names();
    let mut expected = std::collections::BTreeMap::new();
    for name in &names {
        let out = common::run(&[
            "--store",
            &store_arg,
            "query",
            "--name",
            name,
            "--results",
            "json",
        ]);
        assert!(out.status.success(), "{name}: {}", common::stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        expected.insert(name.clone(), common::sparql_rows(&json));
    }
    let server = Server::start(&["--store", &store_arg], &[], false);
    let files: Vec<String> = names
        .iter()
        .map(|n| path_str(&repo().join(format!("queries/{n}.rq"))).to_string())
        .collect();
    let out = std::process::Command::new("python3")
        .arg(repo().join("tests/clients/query_with_python_clients.py"))
        .arg(format!("http://{}/sparql", server.addr))
        .args(&files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (name, file) in names.iter().zip(&files) {
        for client in ["sparqlwrapper", "rdflib"] {
            let mut rows: Vec<Vec<Option<String>>> =
                serde_json::from_value(answers[file][client].clone()).unwrap();
            rows.sort();
            assert_eq!(&rows, &expected[name], "{client} on {name}");
        }
    }
}

#[test]
fn the_query_page_runs_a_named_query_in_headless_chromium() {
    let store = common::fresh_dir("serve-page");
    let store_arg = path_str(&store).to_string();
    assert!(
        common::run(&["--store", &store_arg, "ingest", &examples()])
            .status
            .success()
    );
    let cli = common::run(&[
        "--store",
        &store_arg,
        "query",
        "--name",
        "speakers",
        "--results",
        "json",
    ]);
    assert!(cli.status.success(), "{}", common::stderr(&cli));
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    let cli_rows = common::sparql_rows(&cli);
    let mut names: Vec<String> = cli_rows.iter().map(|r| r[1].clone().unwrap()).collect();
    names.sort();

    let server = Server::start(&["--store", &store_arg], &[], false);
    // CLAIMTRACE_SCREENSHOTS=docs remakes the README's picture.
    let screenshot = std::env::var_os("CLAIMTRACE_SCREENSHOTS")
        .map_or_else(|| store.clone(), std::path::PathBuf::from)
        .join("query-page.png");
    let out = std::process::Command::new("python3")
        .arg(repo().join("tests/clients/query_page.py"))
        .arg(format!("http://{}/", server.addr))
        .arg("speakers")
        .arg(&screenshot)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the page test: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        page["errors"],
        serde_json::json!([]),
        "no script error on the page"
    );
    assert_eq!(
        page["outside"],
        serde_json::json!([]),
        "the page loads nothing from elsewhere"
    );
    let headers: Vec<String> = serde_json::from_value(page["headers"].clone()).unwrap();
    for column in ["speaker", "name", "type", "role", "statements"] {
        assert!(
            headers.iter().any(|h| h == column),
            "column {column} in {headers:?}"
        );
    }
    let name_column = headers.iter().position(|h| h == "name").unwrap();
    let rows: Vec<Vec<String>> = serde_json::from_value(page["rows"].clone()).unwrap();
    assert_eq!(
        rows.len(),
        cli_rows.len(),
        "one table row per row of `query --name speakers`"
    );
    let mut shown: Vec<String> = rows.iter().map(|r| r[name_column].clone()).collect();
    shown.sort();
    assert_eq!(shown, names, "the speakers' names the page shows");
    let png = std::fs::read(&screenshot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a screenshot of the page"
    );
}
