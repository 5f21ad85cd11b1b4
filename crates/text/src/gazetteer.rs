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
        let rows = data::tsv_rows::<OutletRow>(OUTLETS_FILE, 8, text)?;
        let outlets: Vec<Outlet> = rows
            .iter()
            .map(|(_, r)| Outlet {
                id: r.id.clone(),
                label: r.label.clone(),
                kind: r.kind,
                aliases: r
                    .aliases
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                country: r.country.clone(),
                parent: r.parent.clone(),
                wikidata: r.wikidata.clone(),
                timezone: r.timezone.clone(),
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
