//! Date expressions in text ("on Wednesday 27 August", "On 17 August", "Feb. 3", "Thursday
//! morning", "yesterday"), normalised against the publication date. A phrase that does not
//! name one day ("last week", "in March") gives no date: never a guess.

use jiff::ToSpan;
use jiff::civil::Date;

use super::tokens::{Kind, Tokens};
use crate::article::date::{month_number, weekday};

/// A day named in the text: tokens `start..end` and the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub date: Date,
}

/// Every day named in tokens `from..to`, resolved against `anchor` (the publication date).
/// Without an anchor only dates with a year resolve.
pub fn find(t: &Tokens<'_>, from: usize, to: usize, anchor: Option<Date>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        match read_at(t, i, to, anchor) {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

/// Token `i` as a year ("2025").
fn year_at(t: &Tokens<'_>, i: usize, to: usize) -> Option<i16> {
    if i >= to || t.kind(i) != Kind::Number || t.text(i).len() != 4 {
        return None;
    }
    t.text(i).parse().ok().filter(|y| (1800..=2200).contains(y))
}

/// Token `i` as a number such as "17" or "17th" (the tokenizer keeps "17th" as one word).
fn day_number(t: &Tokens<'_>, i: usize, to: usize) -> Option<i8> {
    if i >= to {
        return None;
    }
    let s = t.lower(i);
    // Most tokens are words: a cheap test first.
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() {
        return None;
    }
    let n: i8 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn read_at(t: &Tokens<'_>, i: usize, to: usize, anchor: Option<Date>) -> Option<DateMention> {
    let w = t.lower(i);
    let relative = |days: i64, len: usize| {
        let a = anchor?;
        Some(DateMention {
            start: i,
            end: i + len,
            date: a.checked_add(days.days()).ok()?,
        })
    };
    match w {
        "yesterday" => return relative(-1, 1),
        "today" | "tonight" => return relative(0, 1),
        "last" if i + 1 < to && t.lower(i + 1) == "night" => return relative(-1, 2),
        "this" if i + 1 < to && matches!(t.lower(i + 1), "morning" | "afternoon" | "evening") => {
            return relative(0, 2);
        }
        _ => {}
    }
    // [weekday[,]] (day month | month day) [[,] year]
    let mut k = i;
    let mut weekday_end = i + 1;
    let day_of_week = if t.kind(i) == Kind::Word && t.is_cap(i) {
        weekday(t.text(i))
    } else {
        None
    };
    if day_of_week.is_some() {
        k += 1;
        if k < to && matches!(t.lower(k), "morning" | "afternoon" | "evening" | "night") {
            k += 1;
        }
        weekday_end = k;
        if k < to && t.is_punct(k, ",") {
            k += 1;
        }
    }
    let month_at = |j: usize| {
        (j < to && t.is_cap(j))
            .then(|| month_number(t.text(j)))
            .flatten()
            .filter(|_| t.lower(j) != "may" || j + 1 < to && day_number(t, j + 1, to).is_some())
    };
    let (day, month, mut end) = if let (Some(d), Some(m)) = (day_number(t, k, to), month_at(k + 1))
    {
        (Some(d), Some(m), k + 2)
    } else if let (Some(m), Some(d)) = (month_at(k), day_number(t, k + 1, to)) {
        (Some(d), Some(m), k + 2)
    } else {
        (None, None, k)
    };
    let mut year = None;
    if day.is_some() {
        let mut y = end;
        if y < to && t.is_punct(y, ",") {
            y += 1;
        }
        if let Some(n) = year_at(t, y, to) {
            year = Some(n);
            end = y + 1;
        }
    }
    let date = match (day, month, day_of_week) {
        (Some(d), Some(m), _) => {
            let y = match (year, anchor) {
                (Some(y), _) => y,
                (None, Some(a)) => {
                    // Without a year, the latest such day not after publication.
                    let this_year = Date::new(a.year(), m, d).ok()?;
                    if this_year > a {
                        a.year() - 1
                    } else {
                        a.year()
                    }
                }
                (None, None) => return None,
            };
            Date::new(y, m, d).ok()?
        }
        (_, _, Some(wd)) => {
            let a = anchor?;
            // "on Wednesday" in an article of Thursday: the latest Wednesday up to that day.
            if a.weekday() == wd {
                a
            } else {
                a.nth_weekday(-1, wd).ok()?
            }
        }
        _ => return None,
    };
    Some(DateMention {
        start: i,
        end: if day.is_some() { end } else { weekday_end },
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, Section};

    fn dates(s: &str, anchor: &str) -> Vec<String> {
        let blocks = [Block {
            start: 0,
            end: s.len(),
            section: Section::Body,
        }];
        let t = Tokens::new(s, &blocks);
        find(&t, 0, t.len(), Some(anchor.parse().unwrap()))
            .iter()
            .map(|m| m.date.to_string())
            .collect()
    }

    #[test]
    fn normalises_against_the_publication_date() {
        let a = "2025-08-28";
        assert_eq!(dates("said on Wednesday 27 August.", a), ["2025-08-27"]);
        assert_eq!(dates("On 17 August, Reuters", a), ["2025-08-17"]);
        assert_eq!(dates("said on Wednesday", a), ["2025-08-27"]);
        assert_eq!(dates("said Thursday morning", a), ["2025-08-28"]);
        assert_eq!(
            dates("on Feb. 3 and Sept. 2, 2023", a),
            ["2025-02-03", "2023-09-02"]
        );
        assert_eq!(dates("on 30 December", a), ["2024-12-30"]);
        assert_eq!(dates("yesterday", a), ["2025-08-27"]);
        assert!(dates("last week in March, as they may", a).is_empty());
    }
}
