//! The outlet gazetteer: news outlets and agencies with their aliases, country, parent
//! organisation and Wikidata id, read from `data/outlets.tsv` (data, not code).

use std::sync::LazyLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::data::{self, DataError};

/// What an outlet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutletKind {
    Outlet,
    Agency,
    Broadcaster,
}

impl OutletKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutletKind::Outlet => "outlet",
            OutletKind::Agency => "agency",
            OutletKind::Broadcaster => "broadcaster",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    /// Stable identifier, used in IRIs.
    pub id: String,
    pub label: String,
    pub kind: OutletKind,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    /// Identifier of the parent organisation (BBC News Russian -> bbc).
    pub parent: Option<String>,
    pub wikidata: Option<String>,
    /// IANA zone of the newsroom, used to give a publication time its offset.
    pub timezone: Option<String>,
    /// Where the outlet publishes: a host ("nytimes.com"), or a host and a path
    /// ("bbc.com/russian").
    pub domains: Vec<String>,
}

/// One line of `data/outlets.tsv`.
#[derive(Debug, Deserialize)]
struct OutletRow {
    id: String,
    label: String,
    kind: OutletKind,
    /// `|`-separated, as written in text.
    aliases: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    wikidata: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    /// `|`-separated.
    #[serde(default)]
    domains: String,
}

pub struct Gazetteer {
    pub outlets: Vec<Outlet>,
    automaton: CharwiseDoubleArrayAhoCorasick<u32>,
}

/// An outlet named in a text: byte range and the outlet.
#[derive(Debug, Clone, Copy)]
pub struct Found<'g> {
    pub start: usize,
    pub end: usize,
    pub outlet: &'g Outlet,
}

const OUTLETS_FILE: &str = "data/outlets.tsv";

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| data::embedded(Gazetteer::parse(include_str!("../data/outlets.tsv"))));

impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    fn parse(text: &str) -> Result<Gazetteer, DataError> {
        let rows = data::tsv_rows::<OutletRow>(OUTLETS_FILE, 9, text)?;
        let outlets: Vec<Outlet> = rows
            .iter()
            .map(|(_, r)| Outlet {
                id: r.id.clone(),
                label: r.label.clone(),
                kind: r.kind,
                aliases: pipe_list(&r.aliases),
                country: r.country.clone(),
                parent: r.parent.clone(),
                wikidata: r.wikidata.clone(),
                timezone: r.timezone.clone(),
                domains: pipe_list(&r.domains),
            })
            .collect();
        for ((line, _), o) in rows.iter().zip(&outlets) {
            let fail = |reason: String| DataError {
                file: OUTLETS_FILE,
                line: *line,
                reason,
            };
            if let Some(p) = &o.parent
                && !outlets.iter().any(|q| &q.id == p)
            {
                return Err(fail(format!("{}: unknown parent id {p:?}", o.id)));
            }
            if outlets.iter().filter(|q| q.id == o.id).count() > 1 {
                return Err(fail(format!("id {:?} is given twice", o.id)));
            }
        }
        let mut patterns: Vec<(&str, u32)> = Vec::new();
        for (i, o) in outlets.iter().enumerate() {
            for a in o.aliases.iter().chain(std::iter::once(&o.label)) {
                if !patterns.iter().any(|(p, _)| p == a) {
                    patterns.push((a, i as u32));
                }
            }
        }
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(patterns)
            .map_err(|e| DataError {
                file: OUTLETS_FILE,
                line: 0,
                reason: format!("the aliases build no automaton: {e}"),
            })?;
        Ok(Gazetteer { outlets, automaton })
    }

    pub fn by_id(&self, id: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.id == id)
    }

    /// The outlet that publishes at `url` ("https://www.nytimes.com/2024/..." -> The New
    /// York Times): the longest of its domains that the URL's host (or a subdomain of it) and
    /// path start with.
    pub fn by_url(&self, url: &str) -> Option<&Outlet> {
        let parsed = url::Url::parse(url.trim()).ok()?;
        let host = parsed.host_str()?.trim_start_matches("www.").to_lowercase();
        self.outlets
            .iter()
            .flat_map(|o| o.domains.iter().map(move |d| (d, o)))
            .filter(|(d, _)| {
                let (d_host, d_path) = d.split_once('/').unwrap_or((d, ""));
                let host_ok = host == d_host || host.ends_with(&format!(".{d_host}"));
                let path_ok =
                    d_path.is_empty() || parsed.path().trim_start_matches('/').starts_with(d_path);
                host_ok && path_ok
            })
            .max_by_key(|(d, _)| d.len())
            .map(|(_, o)| o)
    }

    /// Every outlet named in `text`, as whole words, longest alias first.
    pub fn find_all<'g>(&'g self, text: &str) -> Vec<Found<'g>> {
        self.automaton
            .leftmost_find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
            })
            .map(|m| Found {
                start: m.start(),
                end: m.end(),
                outlet: &self.outlets[m.value() as usize],
            })
            .collect()
    }

    /// The outlet `name` is, when the whole name (after "the") is one of its aliases, or ends
    /// in one after a description ("Kremlin-aligned Russian news agency RIA Novosti").
    pub fn lookup(&self, name: &str) -> Option<&Outlet> {
        let name = name.trim().trim_end_matches([',', '.', ';']);
        let bare = name
            .strip_prefix("the ")
            .or_else(|| name.strip_prefix("The "))
            .unwrap_or(name);
        let found = self.find_all(bare);
        let last = found.last()?;
        let whole = last.start == 0 && last.end == bare.len();
        let described = last.end == bare.len() && described_as_outlet(&bare[..last.start]);
        (whole || described).then_some(last.outlet)
    }
}

/// A `|`-separated column as its items.
fn pipe_list(column: &str) -> Vec<String> {
    column
        .split('|')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// "Kremlin-aligned Russian news agency " / "the newspaper " before an outlet's name.
fn described_as_outlet(prefix: &str) -> bool {
    let p = prefix.to_lowercase();
    [
        "agency",
        "newspaper",
        "daily",
        "broadcaster",
        "channel",
        "outlet",
        "magazine",
        "network",
        "service",
        "website",
        "tabloid",
        "weekly",
        "radio",
        "television",
        "news site",
    ]
    .iter()
    .any(|w| p.trim_end().ends_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_gazetteer() {
        let g = Gazetteer::get();
        assert!(g.outlets.len() >= 200);
        assert_eq!(
            g.by_id("reuters").unwrap().wikidata.as_deref(),
            Some("Q130879")
        );
        assert_eq!(
            g.by_id("bbc-russian").unwrap().parent.as_deref(),
            Some("bbc")
        );
        assert_eq!(g.by_id("ap").unwrap().kind, OutletKind::Agency);
        for o in &g.outlets {
            if let Some(tz) = &o.timezone {
                assert!(
                    jiff::tz::TimeZone::get(tz).is_ok(),
                    "{}: bad zone {tz}",
                    o.id
                );
            }
        }
    }

    #[test]
    fn outlets_are_found_by_their_sites_and_spellings() {
        let g = Gazetteer::get();
        let site = |url: &str| g.by_url(url).map(|o| o.label.as_str());
        assert_eq!(
            site("https://www.nytimes.com/2024/03/01/us/politics/x.html"),
            Some("The New York Times")
        );
        assert_eq!(
            site("https://eu.usatoday.com/story/news/"),
            Some("USA Today")
        );
        assert_eq!(
            site("https://www.bbc.com/russian/articles/c1"),
            Some("BBC News Russian")
        );
        assert_eq!(site("https://www.bbc.com/news/world-1"), Some("BBC"));
        assert_eq!(site("https://notnytimes.com/a"), None);
        assert_eq!(site("not a url"), None);
        assert_eq!(
            g.lookup("HeraldSun").map(|o| o.label.as_str()),
            Some("Herald Sun")
        );
    }

    #[test]
    fn a_bad_line_is_named() {
        let bad = |text: &str| Gazetteer::parse(text).err().unwrap().to_string();
        assert_eq!(
            bad("# head\nx\tX\tpaper\tX\n"),
            "data/outlets.tsv, line 2: unknown variant `paper`, expected one of `outlet`, `agency`, `broadcaster`"
        );
        assert!(
            bad("x\tX\toutlet\tX\tGB\tnone\n").contains("line 1: x: unknown parent id \"none\""),
            "{}",
            bad("x\tX\toutlet\tX\tGB\tnone\n")
        );
    }

    #[test]
    fn finds_outlets_as_whole_words() {
        let g = Gazetteer::get();
        let text = "Axios reported, citing BBC News Russian and the APnews wire, RIA Novosti.";
        let ids: Vec<&str> = g
            .find_all(text)
            .iter()
            .map(|f| f.outlet.id.as_str())
            .collect();
        assert_eq!(ids, ["axios", "bbc-russian", "ria-novosti"]);
        assert_eq!(
            g.lookup("Kremlin-aligned Russian news agency RIA Novosti")
                .unwrap()
                .id,
            "ria-novosti"
        );
        assert_eq!(g.lookup("the New York Times").unwrap().id, "nyt");
        assert!(g.lookup("Trump told Axios").is_none());
    }
}
