//! The readers on real inputs, through the library: publishers' saved pages and feeds (from
//! `../shared/corpora`, skipped with a note when it is absent), and inputs made here in the
//! encodings and layouts people have.

use std::path::{Path, PathBuf};

use claimtrace_text::article::{Overrides, Published};
use claimtrace_text::input::{self, Failure, Format, Record};

/// `../shared/RELATIVE` beside the repository, or `None` with a note when this machine does
/// not have it (the test then checks nothing and says so).
fn shared(relative: &str) -> Option<PathBuf> {
    let path = manifest_dir().join("../../../shared").join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("SKIPPED: needs {}, which is absent", path.display());
        None
    }
}

/// A new empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every record and failure of one input.
fn read_all(path: &Path) -> (Vec<Record>, Vec<Failure>) {
    let mut records = Vec::new();
    let mut failures = Vec::new();
    input::read_input(path, Format::Auto, &Overrides::default(), &mut |r, _| {
        match r {
            Ok(rec) => records.push(rec),
            Err(f) => failures.push(f),
        }
        true
    });
    (records, failures)
}

fn tsv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn real_pages_give_their_headline_publisher_and_date() {
    let Some(html) = shared("corpora/html") else {
        return;
    };
    let mut publishers = 0;
    let rows = tsv(&html.join("index.tsv"));
    for row in &rows {
        let (records, failures) = read_all(&html.join(&row["file"]));
        assert!(failures.is_empty(), "{}: {failures:?}", row["file"]);
        let a = &records[0].article;
        assert_eq!(
            norm(a.headline.as_deref().unwrap_or("")),
            norm(&row["headline"]),
            "{}",
            row["file"]
        );
        let want_date = &row["datePublished"];
        if !want_date.is_empty() {
            let want = Published::parse(want_date).unwrap();
            assert_eq!(a.published.as_ref(), Some(&want), "{}", row["file"]);
        }
        let got = norm(a.publisher.as_deref().unwrap_or(""));
        let want = norm(&row["publisher"]);
        if !got.is_empty() && (got.contains(&want) || want.contains(&got)) {
            publishers += 1;
        }
        // The body is the article's prose, not the page's furniture.
        assert!(
            a.text.len() > 1000,
            "{}: {} bytes of text",
            row["file"],
            a.text.len()
        );
    }
    // Two New York Times pages name their site nowhere in their metadata.
    assert!(
        publishers >= 28,
        "{publishers} of {} publishers",
        rows.len()
    );
}

#[test]
fn real_feeds_give_every_item_with_full_content_or_a_marked_summary() {
    let Some(feeds) = shared("corpora/feeds") else {
        return;
    };
    for row in tsv(&feeds.join("index.tsv")) {
        let (records, failures) = read_all(&feeds.join(&row["file"]));
        assert!(failures.is_empty(), "{}: {failures:?}", row["file"]);
        let want: usize = row["item_count"].parse().unwrap();
        assert_eq!(records.len(), want, "{}", row["file"]);
        let full = !row["content"].starts_with("summaries only");
        for r in &records {
            assert_eq!(r.article.summary_only, !full, "{}", r.location);
            assert!(r.location.contains(&format!("{}#", row["file"])));
        }
        let dated = records
            .iter()
            .filter(|r| r.article.published.is_some())
            .count();
        assert_eq!(dated.to_string(), row["items_dated"], "{}", row["file"]);
    }
    // A feed in ISO-8859-1 is decoded as declared.
    let (records, _) = read_all(&feeds.join("jn-pt-ultimas.rss"));
    assert!(records.iter().any(|r| r.article.text.contains('ç')
        || r.article.text.contains('ã')
        || r.article.text.contains('é')));
}

#[test]
fn a_date_without_a_zone_is_kept_without_one() {
    let dir = scratch("zone");
    std::fs::write(
        dir.join("r.jsonl"),
        "{\"id\": \"z\", \"title\": \"T\", \"body\": \"The mayor said so.\", \"published\": \"1987-02-26T15:01:01\"}\n",
    )
    .unwrap();
    let (records, failures) = read_all(&dir.join("r.jsonl"));
    assert!(failures.is_empty());
    assert_eq!(
        records[0].article.published.as_ref().unwrap().to_string(),
        "1987-02-26T15:01:01"
    );
}

#[test]
fn a_page_in_a_declared_legacy_charset_is_read_as_declared() {
    let dir = scratch("charset");
    // Windows-1251, declared in the page: "Песков заявил, что переговоры должны быть закрытыми."
    let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
<title>Kremlin</title></head><body><article><h1>Kremlin</h1><p>"
        .to_vec();
    let (body, _, _) = encoding_rs::WINDOWS_1251
        .encode("Песков заявил журналистам, что переговоры должны быть закрытыми.");
    page.extend_from_slice(&body);
    page.extend_from_slice(b"</p></article></body></html>");
    std::fs::write(dir.join("page.html"), &page).unwrap();
    let (records, failures) = read_all(&dir.join("page.html"));
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        records[0]
            .article
            .text
            .contains("Песков заявил журналистам"),
        "{}",
        records[0].article.text
    );
    // Read as declared: nothing to warn about.
    assert!(records[0].warnings.is_empty(), "{:?}", records[0].warnings);
}

#[test]
fn undeclared_legacy_text_is_guessed_and_the_guess_reported() {
    let dir = scratch("guess");
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 owner quits\n\nThe owner said the caf\xe9 would close, citing a \xa315,000 bill.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bom.txt"),
        b"\xEF\xBB\xBFBOM headline\n\nThe mayor said the caf\xC3\xA9 would stay.\n",
    )
    .unwrap();
    let (records, _) = read_all(&dir.join("latin1.txt"));
    let a = &records[0].article;
    assert!(
        a.text.contains("café would close, citing a £15,000 bill"),
        "{}",
        a.text
    );
    assert_eq!(
        records[0].warnings[0].reason,
        "not valid UTF-8; read as windows-1252"
    );
    let (records, _) = read_all(&dir.join("bom.txt"));
    assert_eq!(records[0].article.headline.as_deref(), Some("BOM headline"));
    assert!(records[0].warnings.is_empty());
}

#[test]
fn folders_are_walked_in_name_order_without_hidden_files() {
    let dir = scratch("walk");
    for (name, text) in [
        ("b.txt", "B\n\nThe mayor said so."),
        ("a/2.txt", "A2\n\nThe mayor said so."),
        ("a/1.txt", "A1\n\nThe mayor said so."),
        (".git/HEAD", "ref: refs/heads/main"),
        ("a/.draft.txt", "Draft\n\nThe mayor said so."),
    ] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (files, failures) = input::files(&[dir.display().to_string()]);
    assert!(failures.is_empty(), "{failures:?}");
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["a/1.txt", "a/2.txt", "b.txt"]);
}

#[test]
fn the_bbc_file_in_windows_1252_keeps_its_pound_sign() {
    let Some(file) = shared("corpora/bbc/sport/199.txt") else {
        return;
    };
    let (records, _) = read_all(&file);
    assert!(
        records[0].article.text.contains("a £15.8m signing"),
        "{}",
        records[0].article.text
    );
}

#[test]
fn a_latin1_feed_without_an_xml_declaration_is_read() {
    let dir = scratch("latin1-feed");
    let feed = dir.join("journal.rss");
    std::fs::write(
        &feed,
        b"<rss version=\"2.0\"><channel><title>Le Journal</title><item><title>Caf\xe9 cr\xe8me</title>\
          <link>https://www.lemonde.fr/a/1.html</link><description>Le ministre a d\xe9clar\xe9 que la \
          r\xe9forme \xe9tait n\xe9cessaire, said Jean-No\xebl Barrot.</description></item></channel></rss>",
    )
    .unwrap();
    let (records, failures) = read_all(&feed);
    assert!(failures.is_empty(), "{failures:?}");
    let a = &records[0].article;
    assert_eq!(a.headline.as_deref(), Some("Café crème"));
    assert!(a.text.contains("said Jean-Noël Barrot"), "{}", a.text);
    assert!(
        records[0].warnings[0]
            .reason
            .starts_with("not valid UTF-8; read as "),
        "{:?}",
        records[0].warnings
    );
}

#[test]
fn the_publisher_comes_from_the_site_when_the_record_names_none() {
    let dir = scratch("publisher");
    let batch = dir.join("batch.jsonl");
    std::fs::write(
        &batch,
        concat!(
            r#"{"id":"1","url":"https://www.nytimes.com/2026/03/01/us/x.html","title":"T","text":"Biden said it would work."}"#,
            "\n",
            r#"{"id":"2","url":"https://edition.cnn.com/x","publisher":"HeraldSun","title":"T","text":"He said so."}"#,
            "\n",
            r#"{"id":"3","url":"https://example.net/x","title":"T","text":"He said so."}"#,
            "\n",
        ),
    )
    .unwrap();
    let (records, _) = read_all(&batch);
    let publishers: Vec<Option<&str>> = records
        .iter()
        .map(|r| r.article.publisher.as_deref())
        .collect();
    // The record's own publisher wins over its URL's site, spelt as the gazetteer spells it.
    assert_eq!(
        publishers,
        [Some("The New York Times"), Some("Herald Sun"), None]
    );
}

/// This crate's folder: as `cargo test` says when it runs the test (a build directory shared
/// by two checkouts may run a binary built in the other), else as it was built.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}
