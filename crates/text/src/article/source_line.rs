//! The items of a "Source:" line: who the article's report comes from, through which outlet,
//! on what occasion. "Source: Sikorski in an interview with Rzeczpospolita; Reuters" names a
//! speaker (Sikorski), an occasion ("in an interview") and two outlets; "Source: Reuters,
//! citing two sources familiar with the matter" one outlet and whom it cites.

use crate::extract::{Carrier, lexicon};
use crate::gazetteer::Gazetteer;

/// One item of a "Source:" line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceItem {
    /// The item as written.
    pub text: String,
    /// The outlet that carried the report: a gazetteer label, else the name as written.
    pub outlet: Option<String>,
    /// Whether `outlet` is a name ("Rzeczpospolita") rather than a description ("Russian
    /// state-owned media").
    pub named: bool,
    /// The person or body who spoke ("Sikorski", "Tusk").
    pub speaker: Option<String>,
    /// Where or how they spoke ("in an interview", "at a press conference in Warsaw").
    pub occasion: Option<String>,
    /// Whom the outlet cites ("two sources familiar with the matter").
    pub citing: Option<String>,
}

impl SourceItem {
    /// The outlet as a carrier of the statements the item sources.
    pub fn carrier(&self) -> Option<Carrier> {
        self.outlet.as_ref().map(|name| Carrier {
            name: name.clone(),
            named: self.named,
        })
    }

    /// Whether the item says more than which outlet: who spoke, how, citing whom.
    pub fn says_more_than_an_outlet(&self) -> bool {
        self.speaker.is_some() || self.occasion.is_some() || self.citing.is_some()
    }
}

/// Words that open the part of an item naming the outlet: "with Rzeczpospolita", "to PAP",
/// "on X", "via Telegram", "citing Reuters".
const TOWARD_OUTLET: [&str; 6] = ["with", "to", "on", "via", "citing", "quoting"];

/// Words that open an occasion: "in an interview", "at a press conference".
const OCCASION: [&str; 3] = ["in", "at", "during"];

/// The items of a "Source:"/"Sources:" line, or `None` when `line` is not one.
pub fn source_line(line: &str) -> Option<Vec<SourceItem>> {
    let t = line.trim();
    let rest = t
        .strip_prefix("Sources:")
        .or_else(|| t.strip_prefix("Source:"))?;
    // A long line is prose that happens to start so, not a list of sources.
    if rest.chars().count() > 300 {
        return None;
    }
    Some(split_items(rest).iter().filter_map(|i| item(i)).collect())
}

/// Items are `;`-separated; without a `;`, `,`-separated, where a part that opens with
/// "citing" belongs to the item before it ("Reuters, citing two sources").
fn split_items(rest: &str) -> Vec<String> {
    if rest.contains(';') {
        return rest.split(';').map(str::to_string).collect();
    }
    let mut items: Vec<String> = Vec::new();
    for part in rest.split(',') {
        let first = part.split_whitespace().next().unwrap_or("").to_lowercase();
        match items.last_mut() {
            Some(last) if matches!(first.as_str(), "citing" | "quoting") => {
                last.push(',');
                last.push_str(part);
            }
            _ => items.push(part.to_string()),
        }
    }
    items
}

fn item(raw: &str) -> Option<SourceItem> {
    let text = raw.trim().trim_end_matches('.').trim();
    if text.is_empty() {
        return None;
    }
    let mut item = SourceItem {
        text: text.to_string(),
        ..SourceItem::default()
    };
    // "X (Twitter)": the parenthesis names the same thing again.
    let body = match text.find(" (") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    };
    let gazetteer = Gazetteer::get();
    if let Some(o) = gazetteer.lookup(body) {
        item.outlet = Some(o.label.clone());
        item.named = true;
        return Some(item);
    }
    let words: Vec<(usize, &str)> = words(body);
    let lower = |w: &str| w.trim_matches(',').to_lowercase();
    let cut = words
        .iter()
        .position(|(_, w)| {
            let w = lower(w);
            TOWARD_OUTLET.contains(&w.as_str()) || OCCASION.contains(&w.as_str())
        })
        .filter(|&k| k > 0);
    let Some(cut) = cut else {
        // No speaker and no occasion: the whole item is the outlet, named or described.
        item.named = is_proper_name(body);
        item.outlet = Some(body.to_string());
        return Some(item);
    };
    let head = body[..words[cut].0].trim().trim_end_matches(',').trim();
    match gazetteer.lookup(head) {
        Some(o) => {
            item.outlet = Some(o.label.clone());
            item.named = true;
        }
        None => item.speaker = Some(head.to_string()),
    }
    // The rest, phrase by phrase: each opens with one of the words above.
    let mut k = cut;
    while k < words.len() {
        let opener = lower(words[k].1);
        let mut end = k + 1;
        // Whom an outlet cites runs to the end ("citing two sources familiar with the matter").
        let cites = matches!(opener.as_str(), "citing" | "quoting");
        while end < words.len() && (cites || !opens_phrase(&lower(words[end].1), &opener)) {
            end += 1;
        }
        let start_byte = words[k].0;
        let end_byte = words.get(end).map_or(body.len(), |w| w.0);
        let phrase = body[start_byte..end_byte]
            .trim()
            .trim_end_matches(',')
            .trim();
        let object = phrase[words[k].1.len()..].trim();
        if cites && item.outlet.is_some() {
            item.citing = Some(object.to_string());
        } else if let Some(outlet) = outlet_in(object, &opener) {
            if item.outlet.is_none() {
                item.outlet = Some(outlet.0);
                item.named = outlet.1;
            }
        } else if OCCASION.contains(&opener.as_str()) && item.occasion.is_none() {
            item.occasion = Some(phrase.to_string());
        } else if let Some(occasion) = &mut item.occasion {
            // "at a press conference in Warsaw": a place goes with the occasion.
            occasion.push(' ');
            occasion.push_str(phrase);
        }
        k = end;
    }
    Some(item)
}

/// Whether `w` opens a new phrase after one opened by `opener`: an outlet phrase always; an
/// occasion's own "in Warsaw" stays inside it.
fn opens_phrase(w: &str, opener: &str) -> bool {
    TOWARD_OUTLET.contains(&w) || OCCASION.contains(&w) && !OCCASION.contains(&opener)
}

/// The outlet an object names ("Rzeczpospolita", "the Financial Times", "X"): a gazetteer
/// outlet anywhere in it, else a capitalised name after a word that leads to outlets.
fn outlet_in(object: &str, opener: &str) -> Option<(String, bool)> {
    let gazetteer = Gazetteer::get();
    if let Some(found) = gazetteer.find_all(object).first() {
        return Some((found.outlet.label.clone(), true));
    }
    if !TOWARD_OUTLET.contains(&opener) {
        return None;
    }
    let bare = object
        .strip_prefix("the ")
        .or_else(|| object.strip_prefix("The "))
        .unwrap_or(object);
    (is_proper_name(bare) && !is_time(bare)).then(|| (bare.to_string(), true))
}

/// "on Friday", "on 12 March": a day, not a platform.
fn is_time(s: &str) -> bool {
    s.split_whitespace()
        .all(|w| lexicon::is_time_word(&w.to_lowercase()) || w.chars().all(|c| c.is_ascii_digit()))
}

/// Every word capitalised, but for joining words ("Voice of America"), and no word a common
/// noun of groups ("Russian state-owned media" is a description).
fn is_proper_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.first().is_some_and(|w| starts_upper(w))
        && words.iter().all(|w| {
            starts_upper(w) || matches!(*w, "of" | "the" | "and" | "for" | "de" | "la" | "&")
        })
        && !words
            .iter()
            .any(|w| lexicon::is_group_noun(&w.to_lowercase()))
}

fn starts_upper(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Words with their byte offsets.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (outlet, speaker, occasion, citing) of each item.
    type Parts = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    fn one(line: &str) -> Vec<Parts> {
        source_line(line)
            .unwrap()
            .into_iter()
            .map(|i| (i.outlet, i.speaker, i.occasion, i.citing))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn plain_items_are_outlets_named_or_described() {
        let items = source_line("Source: Russian state-owned media; BBC News Russian").unwrap();
        assert_eq!(items[0].outlet, s("Russian state-owned media"));
        assert!(!items[0].named);
        assert_eq!(items[1].outlet, s("BBC News Russian"));
        assert!(items[1].named);
    }

    #[test]
    fn speakers_occasions_and_outlets_are_told_apart() {
        assert_eq!(
            one("Source: Sikorski in an interview with Rzeczpospolita; Reuters"),
            [
                (
                    s("Rzeczpospolita"),
                    s("Sikorski"),
                    s("in an interview"),
                    None
                ),
                (s("Reuters"), None, None, None)
            ]
        );
        assert_eq!(
            one("Source: Tusk at a press conference in Warsaw; PAP"),
            [
                (None, s("Tusk"), s("at a press conference in Warsaw"), None),
                (s("Polish Press Agency"), None, None, None)
            ]
        );
        assert_eq!(
            one("Source: Reuters, citing two sources familiar with the matter"),
            [(
                s("Reuters"),
                None,
                None,
                s("two sources familiar with the matter")
            )]
        );
        assert_eq!(
            one("Source: Sybiha on X (Twitter)"),
            [(s("X"), s("Sybiha"), None, None)]
        );
        assert_eq!(
            one("Sources: the General Staff on Facebook, Ukrinform"),
            [
                (s("Facebook"), s("the General Staff"), None, None),
                (s("Ukrinform"), None, None, None)
            ]
        );
    }

    #[test]
    fn a_day_is_not_a_platform_and_prose_is_no_source_line() {
        assert_eq!(
            one("Source: Zelensky on Friday"),
            [(None, s("Zelensky"), None, None)]
        );
        assert!(source_line("The source of the leak is unknown.").is_none());
    }
}
