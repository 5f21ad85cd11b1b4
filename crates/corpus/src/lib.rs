//! Large corpora for claimtrace's benchmarks, recombined from the real ones: each article has
//! a publisher, a publication time with its zone, a real headline and paragraphs drawn from
//! real articles; a few percent of its paragraphs are attributed statements that recur in
//! other articles, from other outlets and on other days, a few claims often and most rarely,
//! so that claim linking and trace are exercised and not only parsing. The same seed gives
//! the same corpus, byte for byte.

mod rng;
mod sources;

use std::io::{self, Write};

use jiff::Timestamp;
use jiff::tz::offset;

pub use rng::Rng;
pub use sources::Pools;

/// Outlets that publish the articles (the names claimtrace's gazetteer knows).
const PUBLISHERS: [&str; 16] = [
    "Reuters",
    "BBC News",
    "Associated Press",
    "Bloomberg",
    "Axios",
    "The Moscow Times",
    "RIA Novosti",
    "CNN",
    "The Guardian",
    "The New York Times",
    "The Washington Post",
    "Al Jazeera",
    "Agence France-Presse",
    "Politico",
    "The Wall Street Journal",
    "Deutsche Welle",
];

/// The offsets publication times are written with, in hours.
const ZONES: [i8; 5] = [0, 1, -5, 3, 9];

/// The corpus's publication times span this many days, in article order with some jitter.
const DAYS: i64 = 730;

/// The chance that an article carries one recurring claim.
const RECURRING: f64 = 0.25;

/// What was written.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Made {
    pub articles: usize,
    pub bytes: u64,
    /// Articles that carry a recurring claim.
    pub recurring: usize,
}

/// Writes `articles` articles as JSON Lines to `out`.
pub fn generate(
    pools: &Pools,
    articles: usize,
    seed: u64,
    out: &mut dyn Write,
) -> io::Result<Made> {
    let mut rng = Rng::new(seed);
    let mut made = Made::default();
    // 2016-01-01T00:00:00Z.
    let start = 1_451_606_400_i64;
    let step = DAYS * 86_400 / articles.max(1) as i64;
    for i in 0..articles {
        let publisher = *rng.pick(&PUBLISHERS);
        let jitter = rng.below(6 * 3600) as i64;
        let hours = *rng.pick(&ZONES);
        let instant =
            Timestamp::from_second(start + i as i64 * step + jitter).map_err(io::Error::other)?;
        let local = offset(hours).to_datetime(instant);
        let sign = if hours < 0 { '-' } else { '+' };
        let published = format!(
            "{}{sign}{:02}:00",
            local.strftime("%Y-%m-%dT%H:%M:%S"),
            hours.unsigned_abs()
        );
        let mut paragraphs: Vec<&str> = (0..3 + rng.below(6))
            .map(|_| rng.pick(&pools.paragraphs).as_str())
            .collect();
        if rng.chance(RECURRING) {
            let claim = pools.claims[rng.skewed(pools.claims.len())].as_str();
            let at = rng.below(paragraphs.len() + 1);
            paragraphs.insert(at, claim);
            made.recurring += 1;
        }
        let record = serde_json::json!({
            "id": format!("synthetic-{seed}-{i}"),
            "publisher": publisher,
            "published": published,
            "url": format!("https://example.org/{}/{seed}/{i}", slug(publisher)),
            "title": rng.pick(&pools.titles),
            "body": paragraphs.join("\n\n"),
        });
        let line = record.to_string();
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        made.articles += 1;
        made.bytes += line.len() as u64 + 1;
    }
    out.flush()?;
    Ok(made)
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn pools() -> Option<Pools> {
        let manifest = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        let root = Path::new(&manifest).join("../..");
        let shared = root.join("../shared");
        if !shared.exists() {
            eprintln!("SKIPPED: needs {}, which is absent", shared.display());
            return None;
        }
        Some(Pools::read(&shared, &root.join("examples/articles")).expect("the corpora"))
    }

    #[test]
    fn a_seed_gives_the_same_corpus_and_claims_recur() {
        let Some(pools) = pools() else {
            return;
        };
        let make = |seed| {
            let mut out = Vec::new();
            let made = generate(&pools, 400, seed, &mut out).unwrap();
            (out, made)
        };
        let (a, made) = make(1);
        assert_eq!(make(1).0, a, "the same bytes from the same seed");
        assert_ne!(make(2).0, a);
        assert_eq!(made.articles, 400);
        assert!((60..160).contains(&made.recurring), "{made:?}");
        let text = String::from_utf8(a).unwrap();
        let records: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), 400);
        let published: Vec<&str> = records
            .iter()
            .map(|r| r["published"].as_str().unwrap())
            .collect();
        assert!(published.iter().all(|p| p.len() == 25), "{published:?}");
        // Some claim paragraph stands in several articles from different outlets.
        let mut seen: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
            std::collections::HashMap::new();
        for r in &records {
            for p in r["body"].as_str().unwrap().split("\n\n") {
                if pools.claims.iter().any(|c| c == p) {
                    seen.entry(p)
                        .or_default()
                        .insert(r["publisher"].as_str().unwrap());
                }
            }
        }
        assert!(
            seen.values().any(|outlets| outlets.len() >= 2),
            "no claim recurs"
        );
    }
}
