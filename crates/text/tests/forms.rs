//! Extraction on articles written here in the forms real copy takes (tests/articles/): Source
//! lines with speakers, occasions and outlets the gazetteer does not know; statements with
//! carriers of their own; speakers given by title, by a country's possessive, by role only;
//! groups and parties; names broken over lines or written in capitals; direct quotations with
//! a time after them.

use std::path::PathBuf;

use claimtrace_text::article::{Overrides, text::read_text};
use claimtrace_text::extract::{self, SpeakerKind, Statement};
use claimtrace_text::input::{self, Format};

/// The article of `tests/articles/NAME` and its statements.
fn article(name: &str) -> (claimtrace_text::article::Article, Vec<Statement>) {
    let path = manifest_dir().join("tests/articles").join(name);
    let (a, _) = input::read_article(&path, Format::Auto, &Overrides::default()).unwrap();
    let st = extract::extract(&a);
    (a, st)
}

/// The statement whose source mention is `source`.
fn by_source<'s>(
    a: &claimtrace_text::article::Article,
    st: &'s [Statement],
    source: &str,
) -> &'s Statement {
    st.iter()
        .find(|s| s.source.is_some_and(|b| b.of(&a.text) == source))
        .unwrap_or_else(|| panic!("no statement with source {source:?}"))
}

fn carriers(s: &Statement) -> Vec<&str> {
    s.reported_by.iter().map(|c| c.name.as_str()).collect()
}

fn speaker(s: &Statement) -> (&str, SpeakerKind, Option<&str>) {
    let sp = s.speaker.as_ref().expect("a speaker");
    (sp.name.as_str(), sp.kind, sp.role.as_deref())
}

#[test]
fn a_source_line_with_an_interview_names_speaker_occasion_and_outlets() {
    let (a, st) = article("poland-troops-source-interview.txt");
    let outlets: Vec<_> = a
        .sources
        .iter()
        .filter_map(|i| i.outlet.as_deref())
        .collect();
    assert_eq!(outlets, ["Rzeczpospolita", "Reuters"]);
    assert_eq!(a.sources[0].speaker.as_deref(), Some("Sikorski"));
    assert!(
        a.sources[0].named,
        "Rzeczpospolita is a name, kept as an outlet"
    );
    let lead = by_source(&a, &st, "Polish Foreign Minister Radosław Sikorski");
    assert_eq!(
        speaker(lead),
        (
            "Radosław Sikorski",
            SpeakerKind::Person,
            Some("Polish Foreign Minister")
        )
    );
    assert_eq!(carriers(lead), ["Rzeczpospolita", "Reuters"]);
    assert_eq!(lead.occasion.as_deref(), Some("in an interview"));
    // "The minister" is the minister named before.
    assert_eq!(
        speaker(by_source(&a, &st, "The minister")).0,
        "Radosław Sikorski"
    );
    // A statement with a carrier of its own keeps it alone.
    let sybiha = by_source(&a, &st, "Ukrainian Foreign Minister Andrii Sybiha");
    assert_eq!(carriers(sybiha), ["Financial Times"]);
    assert_eq!(sybiha.occasion, None);
    // The speaker's item of the line is not another speaker's carrier; the outlet item is.
    let merz = by_source(&a, &st, "Germany's Merz");
    assert_eq!(
        speaker(merz),
        (
            "Friedrich Merz",
            SpeakerKind::Person,
            Some("German Chancellor")
        )
    );
    assert_eq!(carriers(merz), ["Reuters"]);
    // An unnamed role stays a role, with the organisation it names.
    let kremlin = by_source(&a, &st, "A Kremlin spokesman");
    assert_eq!(kremlin.speaker.as_ref().unwrap().kind, SpeakerKind::Role);
    assert_eq!(
        kremlin.speaker.as_ref().unwrap().affiliation.as_deref(),
        Some("Kremlin")
    );
    // Background has no carrier from the line.
    let officials = by_source(&a, &st, "Officials in Brussels");
    assert_eq!(speaker(officials).1, SpeakerKind::Group);
    assert!(carriers(officials).is_empty());
}

#[test]
fn a_press_conference_is_an_occasion_and_only_the_outlet_carries() {
    let (a, st) = article("tusk-press-conference.txt");
    let tusk = by_source(&a, &st, "Polish Prime Minister Donald Tusk");
    assert_eq!(carriers(tusk), ["Polish Press Agency"]);
    assert_eq!(
        tusk.occasion.as_deref(),
        Some("at a press conference in Warsaw")
    );
    let later = by_source(&a, &st, "Poland's Tusk");
    assert_eq!(speaker(later).0, "Donald Tusk");
    assert!(
        carriers(later).is_empty(),
        "background keeps no carrier from the line"
    );
    assert_eq!(later.occasion, None);
    assert_eq!(
        carriers(by_source(&a, &st, "Lithuanian President Gitanas Nausėda")),
        ["BBC"]
    );
}

#[test]
fn an_outlet_citing_sources_carries_and_the_sources_are_groups() {
    let (a, st) = article("reuters-citing-sources.txt");
    assert_eq!(a.sources[0].outlet.as_deref(), Some("Reuters"));
    assert_eq!(
        a.sources[0].citing.as_deref(),
        Some("two sources familiar with the matter")
    );
    let people = by_source(&a, &st, "two people familiar with the discussions");
    assert_eq!(speaker(people).1, SpeakerKind::Group);
    assert_eq!(carriers(people), ["Reuters"]);
    let dept = by_source(&a, &st, "The Treasury Department");
    assert_eq!(
        speaker(dept),
        ("Treasury Department", SpeakerKind::Organization, None)
    );
}

#[test]
fn a_platform_in_the_source_line_is_the_carrier() {
    let (a, st) = article("sybiha-on-x.txt");
    assert_eq!(a.sources[0].outlet.as_deref(), Some("X"));
    let quote = by_source(&a, &st, "Sybiha");
    assert_eq!(speaker(quote).0, "Andrii Sybiha");
    assert_eq!(carriers(quote), ["X"]);
}

/// (source, speaker name, kind, role) of the one statement of `body`.
fn one(body: &str) -> (String, String, SpeakerKind, Option<String>, String) {
    let a = read_text("t.txt", format!("Headline\n\n{body}\n"));
    let st = extract::extract(&a);
    let s = st
        .first()
        .unwrap_or_else(|| panic!("no statement in {body:?}"));
    let sp = s.speaker.clone().unwrap();
    (
        s.source
            .map(|b| b.of(&a.text).to_string())
            .unwrap_or_default(),
        sp.name,
        sp.kind,
        sp.role,
        s.content_text(&a.text),
    )
}

#[test]
fn titles_of_office_lines_and_capitals_do_not_make_names() {
    let (_, name, kind, role, _) =
        one("Chancellor of the Exchequer Nigel Lawson said the pound was stable.");
    assert_eq!((name.as_str(), kind), ("Nigel Lawson", SpeakerKind::Person));
    assert_eq!(role.as_deref(), Some("Chancellor of the Exchequer"));
    let (_, name, _, role, _) =
        one("U.S. Trade Representative\nClayton Yeutter said talks would resume.");
    assert_eq!(name, "Clayton Yeutter");
    assert_eq!(role.as_deref(), Some("U.S. Trade Representative"));
    let (_, name, kind, _, _) = one("A SPOKESMAN said the company would appeal.");
    assert_eq!((name.as_str(), kind), ("spokesman", SpeakerKind::Role));
    let (_, name, kind, _, _) = one("Lib Dems said the plan was unfair.");
    assert_eq!(
        (name.as_str(), kind),
        ("Lib Dems", SpeakerKind::Organization)
    );
    let (_, _, kind, _, _) = one("The Pentagon said the strike was lawful.");
    assert_eq!(kind, SpeakerKind::Organization);
    let (_, _, kind, _, _) = one("A source said the deal was close.");
    assert_eq!(kind, SpeakerKind::Group);
    let (_, _, kind, _, _) = one("Former England captain said the team was tired.");
    assert_eq!(
        kind,
        SpeakerKind::Role,
        "a country after a title is no person"
    );
}

#[test]
fn a_quotation_with_a_time_after_it_is_direct() {
    let a = read_text(
        "t.txt",
        " date 2026-03-04 All Sections\nHeadline\n\nPutin said \"hello\" on Monday.\n".into(),
    );
    let st = extract::extract(&a);
    assert_eq!(st[0].kind, extract::StatementKind::Direct);
    assert_eq!(st[0].content_text(&a.text), "\"hello\"");
    assert_eq!(
        st[0].date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-02")
    );
}

/// The speaker of the statement whose source mention is `source` in `body`.
fn speaker_of(body: &str, source: &str) -> (String, SpeakerKind) {
    let a = read_text("t.txt", format!("Headline\n\n{body}\n"));
    let st = extract::extract(&a);
    let (name, kind, _) = speaker(by_source(&a, &st, source));
    (name.to_string(), kind)
}

#[test]
fn an_office_is_the_one_person_named_before_it() {
    let body = "Angela Novak has spent the week holding her coalition together.\n\n\"The budget will pass,\" the chancellor said.";
    assert_eq!(
        speaker_of(body, "the chancellor"),
        ("Angela Novak".to_string(), SpeakerKind::Person)
    );
    // Two people named: which one holds the office, the text does not say.
    let body = "Angela Novak met Pavel Dvorak on Monday.\n\n\"The budget will pass,\" the chancellor said.";
    assert_eq!(speaker_of(body, "the chancellor").1, SpeakerKind::Role);
    // Capitals in a headline are no one's name.
    let a = read_text(
        "t.txt",
        "QUAKE TO CUT OIL REVENUES 800 MLN DLRS\n\nHundreds were feared dead.\n\n\"We will rebuild,\" the president said.\n".to_string(),
    );
    let st = extract::extract(&a);
    assert_eq!(
        speaker(by_source(&a, &st, "the president")).1,
        SpeakerKind::Role
    );
    // A spokesman speaks for the person named, and is not that person.
    let body = "Angela Novak has spent the week holding her coalition together.\n\n\"The budget will pass,\" the spokesman said.";
    assert_eq!(speaker_of(body, "the spokesman").1, SpeakerKind::Role);
}

/// Texts cut off anywhere, as recombined or truncated copy is: right after a cue and its
/// comma, after a lone quotation mark, after "according". Found by the corpus generator
/// (claimtrace-corpus), whose recombined paragraphs once ended a text at "said,".
#[test]
fn a_text_that_ends_in_the_middle_of_an_attribution_is_read_without_a_panic() {
    for ending in [
        "The plan is dead, the minister said,",
        "The good news, Woolson said,",
        "Prices will rise, according",
        "\"We will not wait,\" she said \"",
        "He told reporters:",
        "The talks failed, officials said, and",
    ] {
        for text in [
            ending.to_string(),
            format!("Officials met on Monday.\n\n{ending}"),
        ] {
            let a = read_text("cut.txt", text);
            let statements = extract::extract(&a);
            for s in &statements {
                assert!(s.content.iter().all(|c| c.end <= a.text.len()), "{ending}");
            }
        }
    }
}

/// This crate's folder: as `cargo test` says when it runs the test (a build directory shared
/// by two checkouts may run a binary built in the other), else as it was built.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}
