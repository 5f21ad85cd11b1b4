//! Latency of what a person waits for, on a store holding the Reuters-21578 corpus (19,043
//! articles) and PolNeAR's 840 train articles (with their publishers and dates): one Tab
//! completion in the REPL, in each context the completer knows, and one `trace --speaker`.
//!
//! `cargo bench --bench interactive`: ingests both into a fresh RocksDB store; builds the
//! completion index as a session does (the ontology's terms, then what the data uses) and
//! times each Tab many times: the median and the slowest per context, and the median over
//! all; then traces the speakers with the most claims and a few well-known ones, each many
//! times (the trace built and rendered as text): median per speaker and over all. Then the
//! propagation pages as `serve` makes them: the claim pages of the claims with the most
//! carrying statements and of claims spread over the rest (the trace, each carrier's
//! sentence, diff and query, the claim's Turtle, the HTML), and the first page of the
//! speakers and outlets with the most claims and of some spread over the rest: median and
//! p95 per kind. Run under
//! `cargo test` (no `--bench` flag) it checks itself on 200 Reuters articles. With
//! `$CLAIMTRACE_BENCH_STORE` set to a store made beforehand (`scripts/scale.sh`), it only
//! times the named queries on that store, each argument once (only those named in
//! `$CLAIMTRACE_BENCH_QUERIES`, comma-separated, if set: at a million articles the
//! queries that list every statement take many minutes each). The corpus
//! path is `$CLAIMTRACE_BENCH_CORPUS`, else `../shared/corpora/reuters21578.jsonl`.

use std::time::{Duration, Instant};

use claimtrace::ingest::{self, Options};
use claimtrace::pages::{self, Delivery, Kind};
use claimtrace::repl::complete;
use claimtrace::repl::index::{CompletionIndex, InData};
use claimtrace::source::Source;
use claimtrace::store::Store;
use claimtrace::trace::{self, Target};

#[path = "../tests/common/polnear.rs"]
mod polnear;

mod common;

use common::{Quiet, corpus_or_skip, slice};

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// This process's resident memory, from /proc (0 where there is none).
fn resident_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    if let Some(path) = std::env::var_os("CLAIMTRACE_BENCH_STORE") {
        let store = Store::open(std::path::Path::new(&path)).expect("the store to time");
        let rss = resident_mib();
        let t = Instant::now();
        let data = InData::read(Source::Local(&store));
        println!(
            "completion index: what the data uses read in {:.1} s ({} predicates, {} classes, {} names), {} MiB more resident",
            t.elapsed().as_secs_f64(),
            data.predicates.len(),
            data.classes.len(),
            data.labels.len(),
            resident_mib().saturating_sub(rss)
        );
        drop(data);
        println!(
            "named queries (query --name) on {}:",
            path.to_string_lossy()
        );
        time_named_queries(&store, 1, &mut |line| println!("{line}"));
        return;
    }
    if corpus_or_skip().is_none() {
        return;
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let (articles, repeats) = if benchmarking {
        (None, 1_000)
    } else {
        (Some(200), 20)
    };
    let dir = std::env::temp_dir().join(format!("claimtrace-bench-tab-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let input = slice(&dir, articles);
    let store = Store::open(&dir.join("store")).expect("a fresh store");
    let mut inputs = vec![input.to_string_lossy().into_owned()];
    if benchmarking && let Some(train) = polnear::train_jsonl(&dir) {
        inputs.push(train.to_string_lossy().into_owned());
    }
    let summary = ingest::ingest(&store, &inputs, &Options::default(), &mut Quiet);

    let t = Instant::now();
    let terms = CompletionIndex::ontology(Source::Local(&store));
    let ontology_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let data = InData::read(Source::Local(&store));
    let scan_secs = t.elapsed().as_secs_f64();
    let index = CompletionIndex { terms, data };

    // A label from the store's own registry, so the string case has candidates.
    let label = index
        .data
        .labels
        .get(index.data.labels.len() / 2)
        .expect("labels");
    let label_start: String = label.chars().take(2).collect();
    let contexts = [
        ("keyword", "SEL".to_string()),
        (
            "variable",
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?".to_string(),
        ),
        ("class after a", "SELECT * WHERE { ?s a ct:".to_string()),
        ("predicate", "SELECT * WHERE { ?s ct:".to_string()),
        ("any term", "SELECT * WHERE { ?s ?p schema:".to_string()),
        (
            "label in a string",
            format!("SELECT * WHERE {{ ?a rdfs:label \"{label_start}"),
        ),
        ("meta-command", ".ru".to_string()),
        ("meta argument", ".run sa".to_string()),
    ];
    let mut all = Vec::new();
    let mut lines = Vec::new();
    for (what, buffer) in &contexts {
        let mut times = Vec::with_capacity(repeats);
        let mut found = 0;
        for _ in 0..repeats {
            let t = Instant::now();
            let (_, candidates) = complete::complete(&index, &[], buffer, buffer.len());
            times.push(t.elapsed());
            found = candidates.len();
        }
        assert!(found > 0, "no candidates for {what}: {buffer}");
        all.extend_from_slice(&times);
        let slowest = *times.iter().max().unwrap();
        let med = median(&mut times);
        lines.push(format!(
            "  {what:<18} {found:>5} candidates, median {:.3} ms, slowest {:.3} ms",
            ms(med),
            ms(slowest)
        ));
    }
    let overall = median(&mut all);
    let (trace_lines, trace_overall) = time_traces(&store, repeats / 50);
    let page_lines = time_pages(&store, repeats / 50);
    let mut query_lines = Vec::new();
    time_named_queries(&store, if benchmarking { 5 } else { 1 }, &mut |line| {
        query_lines.push(line);
    });
    let quads = store.len().unwrap_or(0);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        overall < Duration::from_millis(20),
        "median Tab {:.3} ms",
        ms(overall)
    );
    if !benchmarking {
        return;
    }
    println!(
        "store: {} articles, {} quads; index: ontology terms {:.0} ms, read from the data (on a thread in the REPL) {scan_secs:.1} s; {} ontology terms, {} predicates, {} classes, {} names",
        summary.ingested(),
        quads,
        ontology_secs * 1e3,
        index.terms.len(),
        index.data.predicates.len(),
        index.data.classes.len(),
        index.data.labels.len(),
    );
    println!("Tab completion, {repeats} times per context:");
    for line in lines {
        println!("{line}");
    }
    println!(
        "  all contexts: median {:.3} ms per Tab (bar: 20 ms)",
        ms(overall)
    );
    println!("trace --speaker, {} times per speaker:", repeats / 50);
    for line in trace_lines {
        println!("{line}");
    }
    println!(
        "  all speakers: median {:.1} ms per trace (bar: 100 ms)",
        ms(trace_overall)
    );
    println!(
        "pages, as served (claims {} times each, others {}):",
        repeats / 50,
        repeats / 200
    );
    for line in page_lines {
        println!("{line}");
    }
    println!("named queries (query --name), 5 times per argument:");
    for line in query_lines {
        println!("{line}");
    }
    // The bar holds for the release build the benchmark runs, not for the test profile.
    assert!(
        trace_overall < Duration::from_millis(100),
        "median trace {:.1} ms",
        ms(trace_overall)
    );
}

/// Times `trace --speaker` (built and rendered as text) for the five speakers with the most
/// claims, five spread over the rest (every 20th percentile of speakers with two claims or
/// more) and well-known ones present: a line per speaker, and the median over all.
fn time_traces(store: &Store, repeats: usize) -> (Vec<String>, Duration) {
    let ranked = claimtrace::query::execute(
        store,
        "SELECT ?name (COUNT(*) AS ?n) WHERE { ?c a ct:Claim ; schema:author ?s . ?s a schema:Person ; rdfs:label ?name } GROUP BY ?name HAVING (COUNT(*) > 1) ORDER BY DESC(?n) ?name",
        &[],
        None,
    )
    .expect("the speakers by claims");
    let claimtrace::query::Outcome::Solutions { rows, .. } = ranked else {
        unreachable!("a SELECT")
    };
    let ranked: Vec<String> = rows
        .iter()
        .filter_map(|r| match r[0].as_ref()? {
            oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        })
        .collect();
    let mut names: Vec<String> = ranked.iter().take(5).cloned().collect();
    for i in 1..=5 {
        if let Some(n) = ranked.get(ranked.len() * i / 6) {
            names.push(n.clone());
        }
    }
    for known in ["Donald Trump", "Dmitry Peskov", "Hillary Clinton", "Reagan"] {
        if !names.iter().any(|n| n == known) {
            names.push(known.to_string());
        }
    }
    names.dedup();
    let mut all = Vec::new();
    let mut lines = Vec::new();
    for name in names {
        let target = Target::Speaker(name.clone());
        let mut times = Vec::with_capacity(repeats);
        let mut claims = 0;
        for _ in 0..repeats.max(1) {
            let t = Instant::now();
            let Ok(found) = trace::trace(Source::Local(store), &target) else {
                break;
            };
            let mut text = Vec::new();
            trace::render(&found, trace::Format::Text, &mut text).expect("rendered");
            times.push(t.elapsed());
            claims = found.claims.len();
        }
        if times.is_empty() {
            continue;
        }
        all.extend_from_slice(&times);
        let slowest = *times.iter().max().unwrap();
        let med = median(&mut times);
        lines.push(format!(
            "  {name:<20} {claims:>5} claims, median {:.1} ms, slowest {:.1} ms",
            ms(med),
            ms(slowest)
        ));
    }
    assert!(!all.is_empty(), "no speaker to trace");
    let overall = median(&mut all);
    (lines, overall)
}

/// The first column of `sparql`'s rows, as IRIs or literals' values.
/// Times every named query as `query --name` runs it (from the summary graph where the
/// store keeps one), the results read whole: those with a parameter once per argument, for
/// the five speakers or outlets with the most statements and five spread over the rest. A
/// line per query, handed to `report` as soon as it is timed: median and p95 over every run.
fn time_named_queries(store: &Store, repeats: usize, report: &mut dyn FnMut(String)) {
    use oxigraph::model::{NamedNode, Term, Variable};
    let source = Source::Local(store);
    let ranked = |name: &str| {
        let sparql = source.named_query(name).unwrap().unwrap();
        top_and_spread(&first_column(store, sparql))
    };
    let speakers = ranked("speakers");
    let outlets = ranked("outlets");
    let iri = |s: &String| Term::from(NamedNode::new_unchecked(s.as_str()));
    let chosen = std::env::var("CLAIMTRACE_BENCH_QUERIES").ok();
    let chosen = |name: &str| {
        chosen
            .as_deref()
            .is_none_or(|list| list.split(',').any(|n| n.trim() == name))
    };
    for name in claimtrace::queries::names()
        .into_iter()
        .filter(|n| chosen(n))
    {
        let sparql = source.named_query(name).unwrap().unwrap();
        let parameters = claimtrace::queries::parameters(sparql);
        let arguments: Vec<Vec<(Variable, Term)>> = match name {
            "said-by" => {
                let names = first_column(
                    store,
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                     SELECT ?name WHERE { VALUES ?s { PLACEHOLDER } ?s rdfs:label ?name }"
                        .replace(
                            "PLACEHOLDER",
                            &speakers
                                .iter()
                                .map(|s| format!("<{s}>"))
                                .collect::<Vec<_>>()
                                .join(" "),
                        )
                        .as_str(),
                );
                names
                    .iter()
                    .map(|n| {
                        vec![(
                            Variable::new_unchecked("name"),
                            oxigraph::model::Literal::new_simple_literal(n).into(),
                        )]
                    })
                    .collect()
            }
            "trace-claims" => speakers
                .iter()
                .map(|s| vec![(Variable::new_unchecked("speaker"), iri(s))])
                .collect(),
            "trace-outlet" => outlets
                .iter()
                .map(|o| vec![(Variable::new_unchecked("outlet"), iri(o))])
                .collect(),
            "trace-statements" => speakers
                .iter()
                .map(|s| {
                    vec![
                        (
                            Variable::new_unchecked("by"),
                            NamedNode::new_unchecked(
                                "https://w3id.org/claimtrace/ontology#speaker",
                            )
                            .into(),
                        ),
                        (Variable::new_unchecked("who"), iri(s)),
                    ]
                })
                .collect(),
            _ => {
                assert!(parameters.is_empty(), "{name}: arguments to pick");
                vec![Vec::new()]
            }
        };
        let mut times = Vec::new();
        let mut rows = 0;
        for bindings in &arguments {
            for _ in 0..repeats {
                let t = Instant::now();
                let outcome = source.execute_bound(sparql, bindings).expect(name);
                let took = t.elapsed();
                times.push(took);
                if let claimtrace::query::Outcome::Solutions { rows: r, .. } = outcome {
                    rows = rows.max(r.len());
                }
                // A slow one is measured once: the bench stays bounded in time.
                if took > Duration::from_secs(5) {
                    break;
                }
            }
        }
        let p95 = p95(&mut times);
        report(format!(
            "  {name:<17} {:>2} argument(s), median {:.1} ms, p95 {:.1} ms, up to {rows} rows",
            arguments.len(),
            ms(median(&mut times)),
            ms(p95)
        ));
    }
}

fn first_column(store: &Store, sparql: &str) -> Vec<String> {
    let outcome = claimtrace::query::execute(store, sparql, &[], None).expect(sparql);
    let claimtrace::query::Outcome::Solutions { rows, .. } = outcome else {
        unreachable!("a SELECT")
    };
    rows.iter()
        .filter_map(|r| match r[0].as_ref()? {
            oxigraph::model::Term::NamedNode(n) => Some(n.as_str().to_string()),
            oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        })
        .collect()
}

/// The first five of `ranked` and five spread over the rest.
fn top_and_spread(ranked: &[String]) -> Vec<String> {
    let mut picked: Vec<String> = ranked.iter().take(5).cloned().collect();
    for i in 1..=5 {
        if let Some(n) = ranked.get(ranked.len() * i / 6)
            && !picked.contains(n)
        {
            picked.push(n.clone());
        }
    }
    picked
}

fn p95(times: &mut [Duration]) -> Duration {
    times.sort();
    times[(times.len() - 1) * 95 / 100]
}

/// Makes one page of an IRI; answers its size in bytes.
type PageMaker<'a> = dyn Fn(&String) -> usize + 'a;

/// Times the claim pages (the trace of the claim's IRI and its page, as `/claim/<id>` makes
/// them) and the speakers' and outlets' first pages: a line per kind, its median and p95
/// over every page made.
fn time_pages(store: &Store, repeats: usize) -> Vec<String> {
    let source = Source::Local(store);
    let claims = top_and_spread(&first_column(
        store,
        "SELECT ?claim (COUNT(?s) AS ?n) WHERE { ?s ct:claim ?claim } GROUP BY ?claim ORDER BY DESC(?n) ?claim",
    ));
    let speakers = top_and_spread(&first_column(
        store,
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?c a ct:Claim ; schema:author ?s . ?s a schema:Person } GROUP BY ?s ORDER BY DESC(?n) ?s",
    ));
    let outlets = top_and_spread(&first_column(
        store,
        "SELECT ?o (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a schema:publisher ?o } GROUP BY ?o ORDER BY DESC(?n) ?o",
    ));
    let claim_page = |iri: &String| {
        let found = trace::trace(source, &Target::Claim(iri.clone())).expect("traced");
        pages::claim_page(source, &found, Delivery::Served)
            .expect("a claim page")
            .len()
    };
    let agent_page = |kind: Kind| {
        move |iri: &String| {
            pages::agent_page_html(source, kind, iri, 1)
                .expect("an agent page")
                .map_or(0, |html| html.len())
        }
    };
    // An agent's page reads all its claims (the publisher of the whole corpus carries most
    // of the store's): fewer rounds.
    let kinds: [(&str, &[String], &PageMaker<'_>, usize); 3] = [
        ("claim", &claims, &claim_page, repeats),
        (
            "speaker",
            &speakers,
            &agent_page(Kind::Speaker),
            repeats / 4,
        ),
        ("outlet", &outlets, &agent_page(Kind::Outlet), repeats / 4),
    ];
    let mut lines = Vec::new();
    for (what, iris, make, rounds) in kinds {
        let mut times = Vec::new();
        let mut largest = 0;
        for iri in iris {
            for _ in 0..rounds.max(1) {
                let t = Instant::now();
                largest = largest.max(make(iri));
                times.push(t.elapsed());
            }
        }
        assert!(!times.is_empty(), "no {what} page to make");
        let slow = p95(&mut times);
        lines.push(format!(
            "  {what:<8} {:>2} pages, median {:.1} ms, p95 {:.1} ms, largest {} KiB",
            iris.len(),
            ms(median(&mut times)),
            ms(slow),
            largest / 1024
        ));
    }
    lines
}
