//! The outlet gazetteer: news outlets and agencies with their aliases, country, parent
//! organisation and Wikidata id, read from `ontology/outlets.tsv` (data, not code).

use std::sync::LazyLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    /// Stable identifier, used in IRIs.
    pub id: &'static str,
    pub label: &'static str,
    /// outlet | agency | broadcaster
    pub kind: &'static str,
    pub aliases: Vec<&'static str>,
    pub country: Option<&'static str>,
    /// Identifier of the parent organisation (BBC News Russian -> bbc).
    pub parent: Option<&'static str>,
    pub wikidata: Option<&'static str>,
    /// IANA zone of the newsroom, used to give a publication time its offset.
    pub timezone: Option<&'static str>,
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

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse(include_str!("../ontology/outlets.tsv")));

fn opt(s: Option<&&'static str>) -> Option<&'static str> {
    s.copied().filter(|s| !s.is_empty())
}

impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    fn parse(data: &'static str) -> Gazetteer {
        let mut outlets = Vec::new();
        for line in data.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&'static str> = line.split('\t').collect();
            outlets.push(Outlet {
                id: c[0],
                label: c[1],
                kind: c[2],
                aliases: c[3].split('|').filter(|a| !a.is_empty()).collect(),
                country: opt(c.get(4)),
                parent: opt(c.get(5)),
                wikidata: opt(c.get(6)),
                timezone: opt(c.get(7)),
            });
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
            .expect("outlets.tsv aliases build an automaton");
        Gazetteer { outlets, automaton }
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
        assert_eq!(g.by_id("reuters").unwrap().wikidata, Some("Q130879"));
        assert_eq!(g.by_id("bbc-russian").unwrap().parent, Some("bbc"));
        for o in &g.outlets {
            if let Some(p) = o.parent {
                assert!(g.by_id(p).is_some(), "{} has unknown parent {p}", o.id);
            }
            if let Some(tz) = o.timezone {
                assert!(
                    jiff::tz::TimeZone::get(tz).is_ok(),
                    "{}: bad zone {tz}",
                    o.id
                );
            }
        }
    }

    #[test]
    fn finds_outlets_as_whole_words() {
        let g = Gazetteer::get();
        let text = "Axios reported, citing BBC News Russian and the APnews wire, RIA Novosti.";
        let ids: Vec<&str> = g.find_all(text).iter().map(|f| f.outlet.id).collect();
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
