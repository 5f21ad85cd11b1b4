//! Publication dates: parsed from the forms publishers write, keeping the timezone when one is
//! given and never inventing one when it is not.

use std::fmt;

use jiff::civil::{Date, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};

/// A publication date: a day, maybe a time of day, maybe a UTC offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed date {input:?}: {reason}")]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month number (1-12) for a month name or its usual abbreviation ("Aug", "Sept.").
pub fn month_number(word: &str) -> Option<i8> {
    // Asked of every capitalised word: compared in place, without a lower-cased copy.
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    if w.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(w) || w.len() == 3 && starts_with_ignoring_case(m, w))
        .map(|i| i as i8 + 1)
}

/// Whether `word` begins with `prefix`, ASCII letters compared without their case.
fn starts_with_ignoring_case(word: &str, prefix: &str) -> bool {
    word.len() >= prefix.len()
        && word.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Weekday for a day name or its abbreviation ("Wed", "Thurs.").
pub fn weekday(word: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    let i = WEEKDAYS.iter().position(|d| {
        d.eq_ignore_ascii_case(w) || w.len() <= 5 && starts_with_ignoring_case(d, w)
    })?;
    Some(
        [
            Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
        ][i],
    )
}

impl Published {
    pub fn day(date: Date) -> Self {
        Published {
            date,
            time: None,
            offset: None,
        }
    }

    /// Parses ISO 8601 / RFC 3339 (with or without time and offset, "+0000" offsets and
    /// fractional seconds included), RFC 2822 ("Sat, 09 Oct 2010 07:15:45 EST") and the
    /// written forms "Wednesday, 27 August 2025, 14:02", "27 August 2025" and "August 27, 2025".
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let s = input.trim();
        let fail = |reason: &str| DateError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        if s.is_empty() {
            return Err(fail("empty"));
        }
        if s.as_bytes()[0].is_ascii_digit()
            && let Some(p) = parse_iso(s)
        {
            return Ok(p);
        }
        if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
            let dt = z.datetime();
            return Ok(Published {
                date: dt.date(),
                time: Some(dt.time()),
                offset: Some(z.offset()),
            });
        }
        let written = parse_written(s).ok_or_else(|| {
            fail("expected ISO 8601 (2025-08-27T14:02:00+03:00), RFC 2822 or \"27 August 2025\"")
        })?;
        // "27 August -202": a year before the common era is no publication date, and
        // ISO 8601 would write it in a form (-000202) that no reader here takes back.
        if written.date.year() < 1 {
            return Err(fail("a year before year 1"));
        }
        Ok(written)
    }

    /// Gives the time an offset from `zone` when it has a time of day but no offset.
    pub fn in_zone(mut self, zone: &TimeZone) -> Self {
        if let (Some(time), None) = (self.time, self.offset)
            && let Ok(z) = self.date.to_datetime(time).to_zoned_datetime(zone.clone())
        {
            self.offset = Some(z.offset());
        }
        self
    }

    /// The instant, reading a time without an offset as UTC (for libraries that keep only
    /// instants); a date alone is its midnight.
    pub fn instant_or_utc(&self) -> Option<jiff::Timestamp> {
        let dt = self.date.to_datetime(self.time.unwrap_or(Time::midnight()));
        let offset = self.offset.unwrap_or(Offset::UTC);
        offset.to_timestamp(dt).ok()
    }

    /// A UTC instant, as a library that keeps no offset gives it.
    pub fn from_utc(t: chrono::DateTime<chrono::Utc>) -> Self {
        let ts = jiff::Timestamp::new(t.timestamp(), t.timestamp_subsec_nanos() as i32)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let dt = Offset::UTC.to_datetime(ts);
        Published {
            date: dt.date(),
            time: Some(dt.time()),
            offset: Some(Offset::UTC),
        }
    }

    /// The XSD datatype of [`fmt::Display`]'s form: `dateTime` with a time, else `date`.
    pub fn xsd_type(&self) -> &'static str {
        if self.time.is_some() {
            "dateTime"
        } else {
            "date"
        }
    }
}

impl fmt::Display for Published {
    /// XSD lexical form: `2025-08-27`, `2025-08-27T14:02:00` or `2025-08-27T14:02:00+03:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        let Some(t) = self.time else {
            return Ok(());
        };
        write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
        let ns = t.subsec_nanosecond();
        if ns != 0 {
            let frac = format!("{ns:09}");
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        if let Some(o) = self.offset {
            let secs = o.seconds();
            if secs == 0 {
                write!(f, "Z")?;
            } else {
                let sign = if secs < 0 { '-' } else { '+' };
                let a = secs.abs();
                write!(f, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)?;
            }
        }
        Ok(())
    }
}

fn parse_iso(s: &str) -> Option<Published> {
    // jiff's Temporal parser wants "+00:00"; publishers also write "+0000".
    let normalised;
    let tail_at = s.len().checked_sub(5).filter(|&i| s.is_char_boundary(i));
    let s = match tail_at.map(|i| s.split_at(i)) {
        Some((head, tail))
            if (tail.starts_with('+') || tail.starts_with('-'))
                && tail[1..].bytes().all(|b| b.is_ascii_digit())
                && head.contains('T') =>
        {
            normalised = format!("{head}{}:{}", &tail[..3], &tail[3..]);
            normalised.as_str()
        }
        _ => s,
    };
    let pieces = Pieces::parse(s).ok()?;
    let offset = match pieces.offset() {
        Some(PiecesOffset::Zulu) => Some(Offset::UTC),
        // An offset of seconds ("+00:05:01", local mean time) has no xsd:dateTime form.
        Some(PiecesOffset::Numeric(n)) if n.offset().seconds() % 60 != 0 => return None,
        Some(PiecesOffset::Numeric(n)) => Some(n.offset()),
        _ => None,
    };
    Some(Published {
        date: pieces.date(),
        time: pieces.time(),
        offset: pieces.time().and(offset),
    })
}

/// "Wednesday, 27 August 2025, 14:02", "27 August 2025", "August 27, 2025 10:30".
fn parse_written(s: &str) -> Option<Published> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    if words.first().and_then(|w| weekday(w)).is_some() {
        i = 1;
    }
    let rest = &words[i..];
    let (day, month, year, next) = match rest {
        [d, m, y, ..] if d.parse::<i8>().is_ok() && month_number(m).is_some() => {
            (d.parse().ok()?, month_number(m)?, y.parse().ok()?, 3)
        }
        [m, d, y, ..] if month_number(m).is_some() => {
            let d = d.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            (d.parse().ok()?, month_number(m)?, y.parse().ok()?, 3)
        }
        _ => return None,
    };
    let date = Date::new(year, month, day).ok()?;
    let mut time = match rest.get(next) {
        Some(t) => Some(parse_clock(t)?),
        None => None,
    };
    // "02:02:33 PM"
    let meridiem = rest.get(next + 1).map(|m| m.to_ascii_lowercase());
    let used = match (meridiem.as_deref(), time) {
        (Some(m @ ("am" | "pm")), Some(t)) if (1..=12).contains(&t.hour()) => {
            let hour = t.hour() % 12 + if m == "pm" { 12 } else { 0 };
            time = Some(t.with().hour(hour).build().ok()?);
            next + 2
        }
        _ => next + 1,
    };
    if rest.len() > used {
        return None;
    }
    Some(Published {
        date,
        time,
        offset: None,
    })
}

fn parse_clock(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    let (m, sec) = m.split_once(':').unwrap_or((m, "0"));
    Time::new(h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        Published::parse(s)
            .map(|p| p.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn reads_the_forms_publishers_write() {
        assert_eq!(show("2025-08-27"), "2025-08-27");
        assert_eq!(
            show("2025-08-27T14:02:00+03:00"),
            "2025-08-27T14:02:00+03:00"
        );
        assert_eq!(show("2017-11-16T14:15+0000"), "2017-11-16T14:15:00Z");
        assert_eq!(
            show("2014-10-02T14:52:39.4770000"),
            "2014-10-02T14:52:39.477"
        );
        assert_eq!(show("1987-02-26T15:01:01"), "1987-02-26T15:01:01");
        assert_eq!(
            show("Sat, 09 Oct 2010 07:15:45 EST"),
            "2010-10-09T07:15:45-05:00"
        );
        assert_eq!(
            show("Wednesday, 27 August 2025, 14:02"),
            "2025-08-27T14:02:00"
        );
        assert_eq!(show("August 27, 2025"), "2025-08-27");
        assert_eq!(show("Sat, Dec 16 2023 02:02:33 PM"), "2023-12-16T14:02:33");
    }

    #[test]
    fn rejects_malformed_dates_with_the_input_named() {
        let e = Published::parse("31-MAR-1987 605:12:19").unwrap_err();
        assert!(e.to_string().contains("31-MAR-1987 605:12:19"), "{e}");
        assert!(Published::parse("").is_err());
        assert!(Published::parse("2025-02-30").is_err());
    }

    #[test]
    fn attaches_a_zone_only_when_asked() {
        let p = Published::parse("27 August 2025, 14:02").unwrap();
        assert_eq!(p.offset, None);
        let kyiv = TimeZone::get("Europe/Kyiv").unwrap();
        assert_eq!(p.in_zone(&kyiv).to_string(), "2025-08-27T14:02:00+03:00");
    }
}
