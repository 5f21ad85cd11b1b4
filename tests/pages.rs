//! The propagation pages: served by `claimtrace serve` and written by `trace --format html`,
//! looked at in headless Chromium (tests/clients/propagation_pages.py drives it, this file
//! holds what it saw to what the store says), and asked for over plain HTTP.

mod common;

use common::http;
use common::server::Server;
use common::{fresh_dir, path_str, polnear, repo, seed};
use serde_json::Value;

/// The examples (the seed among them), then the seed again as The Moscow Times a day later.
fn seed_read_twice() -> String {
    let store = fresh_dir("pages-store");
    let store = path_str(&store).to_string();
    let examples = repo().join("examples/articles");
    let out = common::run(&["--store", &store, "ingest", path_str(&examples)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut again = vec!["--store", &store, "ingest"];
    again.extend(common::SEED_AGAIN_AS_THE_MOSCOW_TIMES);
    let seed = seed();
    again.push(path_str(&seed));
    let out = common::run(&again);
    assert!(out.status.success(), "{}", common::stderr(&out));
    store
}

/// The claim of `speaker` among those whose words hold `words`, as the trace JSON has it.
fn claim_of(store: &str, words: &str, speaker: &str) -> Value {
    let out = common::run(&[
        "--store", store, "trace", "--claim", words, "--format", "json",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let trace: Value = serde_json::from_slice(&out.stdout).unwrap();
    trace["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["speaker"]["name"] == speaker)
        .unwrap_or_else(|| panic!("a claim by {speaker} in {trace:#}"))
        .clone()
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn has(list: &[String], needle: &str) -> bool {
    list.iter().any(|s| s.contains(needle))
}

/// What a claim page must show and do, served or standalone.
fn holds_the_claim_page(seen: &Value, claim: &Value, served: bool) {
    let carriers = claim["carriers"].as_array().unwrap();
    let first = carriers.iter().find(|c| c["first"] == true).unwrap();
    let later = carriers.iter().find(|c| c["first"] == false).unwrap();
    assert!(
        seen["header"]
            .as_str()
            .unwrap()
            .contains("behind closed doors")
    );
    assert_eq!(seen["articles"], 2, "both carriers are drawn");
    assert_eq!(
        texts(&seen["first"]),
        vec![first["article"]["iri"].as_str().unwrap().to_string()],
        "the first report is marked, and only it"
    );
    let first_panel = seen["first_panel"].as_str().unwrap();
    assert!(first_panel.contains("2025-08-27") && first_panel.contains("first report"));
    let other = seen["other_panel_meta"].as_str().unwrap();
    assert!(
        other.contains("The Moscow Times") && other.contains("2025-08-28T09:00:00+03:00"),
        "{other}"
    );
    // The sentence with its content, cue and source highlighted.
    let marks = &seen["marks"];
    assert!(
        has(&texts(&marks["content"]), "behind closed doors"),
        "{marks}"
    );
    assert!(has(&texts(&marks["cue"]), "said"), "{marks}");
    assert!(has(&texts(&marks["source"]), "Peskov"), "{marks}");
    assert!(seen["diff"].as_str().unwrap().contains("same words"));
    let sparql = seen["sparql"].as_str().unwrap();
    assert!(
        sparql.contains(later["statement"].as_str().unwrap()) && sparql.contains("ct:content"),
        "{sparql}"
    );
    assert_eq!(
        seen["run_link"].is_string(),
        served,
        "a query page only when served"
    );
    assert_eq!(seen["panel_closed_by_escape"], true);
    // The brush over one day keeps that day's carrier; clearing it brings both back.
    assert_eq!(seen["brushed_visible"], 1, "{seen}");
    assert!(
        seen["brushed_range"]
            .as_str()
            .unwrap()
            .contains("2025-08-27")
    );
    assert_eq!(seen["cleared_visible"], 2);
    assert_eq!(seen["stepped_visible"], 1);
    assert_eq!(
        seen["replay_visible_midway"], 1,
        "the replay shows the first first"
    );
    assert_eq!(seen["replay_visible_after"], 2);
    assert_eq!(seen["tab_reaches_an_article"], true);
    assert_eq!(seen["enter_opens_panel"], true);
    assert_eq!(seen["table_rows"], 2);
    assert_eq!(seen["table_sort"], "ascending");
    let csv = seen["download_csv"].as_str().unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("The Moscow Times"));
    let json: Value = serde_json::from_str(seen["download_json"].as_str().unwrap()).unwrap();
    assert_eq!(json["claims"][0]["iri"], claim["iri"]);
    assert_eq!(json["claims"][0]["carriers"].as_array().unwrap().len(), 2);
    let turtle = seen["download_turtle"].as_str().unwrap();
    let id = claim["iri"].as_str().unwrap().rsplit('/').next().unwrap();
    assert!(turtle.contains(id) && turtle.contains("Claim"), "{turtle}");
}

#[test]
fn the_pages_show_a_claim_travelling_in_headless_chromium_served_and_from_a_file() {
    let store = seed_read_twice();
    let claim = claim_of(&store, "behind closed doors", "Dmitry Peskov");
    let iri = claim["iri"].as_str().unwrap();
    let claim_path = format!("/claim/{}", iri.rsplit('/').next().unwrap());
    let dir = fresh_dir("pages-browser");
    let standalone = dir.join("claim.html");
    let out = common::run(&[
        "--store",
        &store,
        "trace",
        "--claim",
        iri,
        "--format",
        "html",
        "--output",
        path_str(&standalone),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));

    let server = Server::start(&["--store", &store], &[], false);
    // CLAIMTRACE_SCREENSHOTS=docs retakes the README's pictures.
    let shots = std::env::var_os("CLAIMTRACE_SCREENSHOTS")
        .map_or_else(|| dir.clone(), std::path::PathBuf::from);
    let out = std::process::Command::new("python3")
        .arg(repo().join("tests/clients/propagation_pages.py"))
        .arg(format!("http://{}", server.addr))
        .arg(&claim_path)
        .arg("/outlet/axios")
        .arg(&standalone)
        .arg(&shots)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the browser test: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "served_errors",
        "served_outside",
        "standalone_errors",
        "standalone_outside",
    ] {
        assert_eq!(seen[key], serde_json::json!([]), "{key}: {seen:#}");
    }
    holds_the_claim_page(&seen["served"], &claim, true);
    holds_the_claim_page(&seen["standalone"], &claim, false);
    assert!(seen["served"]["query_page_rows"].as_u64().unwrap() >= 1);

    // Axios's page leads to Putin's claim, with the chain it came through.
    assert_eq!(seen["outlet"]["title"], "Axios");
    assert!(seen["outlet"]["dots"].as_u64().unwrap() >= 1);
    let labels = texts(&seen["nested"]["labels"]);
    for who in [
        "Vladimir Putin, speaker of the claim",
        "Donald Trump, speaker it came through",
        "Axios, outlet named as source",
    ] {
        assert!(labels.iter().any(|l| l == who), "{who} in {labels:?}");
    }
    assert!(has(&texts(&seen["nested"]["edges"]), "enclosing"));
    assert_eq!(seen["speaker"]["title"], "Vladimir Putin");

    // Search by words, and "did you mean" for a misspelt name.
    assert!(texts(&seen["search"]["claims"]).contains(&claim_path));
    assert!(
        seen["search"]["did_you_mean"]
            .as_str()
            .unwrap()
            .contains("Dmitry Peskov")
    );
    // A phone's width: nothing wider than the screen but the graph's own scroller, the panel
    // a sheet at the bottom; dark when the reader asks for it.
    assert!(
        seen["phone"]["page_width"].as_u64().unwrap() <= 390,
        "{seen:#}"
    );
    assert!((seen["phone"]["panel_bottom"].as_f64().unwrap() - 844.0).abs() < 2.0);
    assert_eq!(seen["phone"]["background"], "rgb(18, 22, 31)");
    for png in [
        "claim-page.png",
        "outlet-page.png",
        "speaker-page.png",
        "claim-page-phone.png",
    ] {
        let bytes = std::fs::read(shots.join(png)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{png}");
    }
}

#[test]
fn pages_answer_with_the_status_that_tells_the_truth() {
    let store = seed_read_twice();
    let server = Server::start(&["--store", &store], &[], false);
    let get = |path: &str| http::request(server.addr, "GET", path, &[], None);
    let page = get("/speaker/person/dmitry-peskov");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Dmitry Peskov") && page.text().contains("/claim/"));
    assert_eq!(get("/outlet/bbc-russian").status, 200);
    assert_eq!(get("/outlet/group/russian-state-owned-media").status, 200);
    assert_eq!(get("/trace").status, 200);
    for (path, status) in [
        ("/claim/0000000000000000", 404),
        ("/claim/a/b", 404),
        ("/speaker/person/nobody-at-all", 404),
        ("/speaker/../../etc/passwd", 404),
        ("/speaker/person/dmitry-peskov?page=0", 400),
        ("/speaker/person/dmitry-peskov?page=x", 400),
        ("/speaker/person/dmitry-peskov?page=9", 404),
        ("/trace?q=%ZZ", 400),
    ] {
        let answer = get(path);
        assert_eq!(answer.status, status, "{path}: {}", answer.text());
    }
    let post = http::request(server.addr, "POST", "/trace", &[], Some(b"q=x"));
    assert_eq!(post.status, 405);
    let asset = get("/assets/d3.min.js");
    assert_eq!(asset.status, 200);
    assert!(asset.text().contains("d3js.org"));
    // A name from an article is text on the page, never markup.
    let hostile = get("/trace?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(hostile.status, 200);
    assert!(!hostile.text().contains("<script>alert"));
}

#[test]
fn a_speaker_with_many_claims_gets_pages_not_a_hairball() {
    let scratch = fresh_dir("pages-polnear");
    let Some(train) = polnear::train_jsonl(&scratch) else {
        return;
    };
    let store = scratch.join("store");
    let store = path_str(&store).to_string();
    let out = common::run(&["--store", &store, "ingest", path_str(&train)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let server = Server::start(&["--store", &store], &[], false);
    let first = http::request(
        server.addr,
        "GET",
        "/speaker/person/donald-trump",
        &[],
        None,
    );
    assert_eq!(first.status, 200);
    let text = first.text();
    let rows = |html: &str| html.matches("<tr").count() - 1;
    assert_eq!(
        rows(&text),
        claimtrace::pages::PER_PAGE,
        "a page holds 50 claims"
    );
    let pages: usize = text
        .split("Page 1 of ")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("a pager");
    assert!(pages >= 2, "{pages}");
    let last = http::request(
        server.addr,
        "GET",
        &format!("/speaker/person/donald-trump?page={pages}"),
        &[],
        None,
    );
    assert_eq!(last.status, 200);
    assert!(rows(&last.text()) <= claimtrace::pages::PER_PAGE);
    assert!(last.text().contains("rel=\"prev\""));
}
