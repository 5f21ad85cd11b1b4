//! RSS 0.9x/1.0/2.0 and Atom feeds, parsed by feed-rs: one article per item, with the full
//! content where the feed carries it (`content:encoded`, `atom:content`), else the summary,
//! and then the article is marked as a summary. A feed whose XML breaks off keeps the items
//! before the break.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed};

use super::{Article, Published, html};

/// What one feed gave.
#[derive(Debug, Default)]
pub struct FeedItems {
    /// Each item's article with notes on what could not be used as written, or why the item
    /// gave none.
    pub items: Vec<Result<(Article, Vec<String>), String>>,
    /// Set when the feed is broken: what went wrong, and whether items before it were kept.
    pub broken: Option<String>,
}

/// Why a feed gave nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("not a readable feed: {0}")]
    Unreadable(String),
}

/// Reads a feed from its raw bytes (feed-rs honours the encoding its XML declaration names).
pub fn read_feed(name: &str, bytes: &[u8]) -> Result<FeedItems, FeedError> {
    match parse(bytes) {
        Ok((feed, dates)) => Ok(FeedItems {
            items: articles(name, &feed, &dates),
            broken: None,
        }),
        Err(e) => {
            // Keep what came before the break: cut after the last complete item and close
            // the document.
            let Some((feed, dates)) = truncated(bytes).and_then(|b| parse(&b).ok()) else {
                return Err(FeedError::Unreadable(e));
            };
            let items = articles(name, &feed, &dates);
            let broken = format!(
                "broken feed ({e}); the {} complete items before the break were read",
                items.len()
            );
            Ok(FeedItems {
                items,
                broken: Some(broken),
            })
        }
    }
}

/// Dates as written, by the instant feed-rs reduced them to: feed-rs keeps only UTC, and a
/// date keeps its own offset here.
type Dates = HashMap<DateTime<Utc>, Published>;

fn parse(bytes: &[u8]) -> Result<(Feed, Dates), String> {
    let seen: Arc<Mutex<Dates>> = Arc::default();
    let record = Arc::clone(&seen);
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(move |raw| {
            let p = Published::parse(raw).ok()?;
            let utc = p.instant_or_utc()?;
            let t =
                DateTime::<Utc>::from_timestamp(utc.as_second(), utc.subsec_nanosecond() as u32)?;
            record.lock().ok()?.insert(t, p);
            Some(t)
        })
        .build();
    let feed = crate::contain::contained(|| parser.parse(bytes))
        .map_err(|panic| format!("the feed reader failed: {panic}"))?
        .map_err(|e| e.to_string())?;
    let dates = std::mem::take(&mut *seen.lock().map_err(|e| e.to_string())?);
    Ok((feed, dates))
}

/// The bytes up to the last complete item, with the root closed again.
fn truncated(bytes: &[u8]) -> Option<Vec<u8>> {
    let find_last = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle);
    let (cut, close): (usize, &[u8]) = if let Some(i) = find_last(b"</entry>") {
        (i + b"</entry>".len(), b"</feed>")
    } else if let Some(i) = find_last(b"</item>") {
        let rdf = bytes.windows(8).any(|w| w == b"<rdf:RDF");
        let close: &[u8] = if rdf {
            b"</rdf:RDF>"
        } else {
            b"</channel></rss>"
        };
        (i + b"</item>".len(), close)
    } else {
        return None;
    };
    let mut out = bytes[..cut].to_vec();
    out.extend_from_slice(close);
    Some(out)
}

type Item = Result<(Article, Vec<String>), String>;

fn articles(name: &str, feed: &Feed, dates: &Dates) -> Vec<Item> {
    let publisher = feed.title.as_ref().map(|t| publisher_of(&t.content));
    feed.entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let (mut article, notes) = article(&format!("{name}#{}", n + 1), e, dates)
                .ok_or("item without a title, content or summary")?;
            article.publisher = publisher.clone();
            Ok((article, notes))
        })
        .collect()
}

/// "NYT > Home Page", "Home | Mail Online": the outlet the gazetteer finds in a feed's title,
/// else the title.
fn publisher_of(title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let gazetteer = crate::gazetteer::Gazetteer::get();
    title
        .split([' ', '|', '>', '-', ':', '–'])
        .filter(|part| !part.is_empty())
        .find_map(|part| gazetteer.lookup(part).map(|o| o.label.to_string()))
        .or_else(|| gazetteer.lookup(&title).map(|o| o.label.to_string()))
        .unwrap_or(title)
}

/// One item; `None` when it has no text at all (no title, content or summary).
fn article(name: &str, e: &Entry, dates: &Dates) -> Option<(Article, Vec<String>)> {
    let full = e
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(html::fragment_paragraphs)
        .filter(|p| !p.is_empty());
    let (paragraphs, summary_only) = match full {
        Some(p) => (p, false),
        None => (
            e.summary
                .as_ref()
                .map(|s| html::fragment_paragraphs(&s.content))
                .unwrap_or_default(),
            true,
        ),
    };
    // An item with a title only is still an article, marked as a summary.
    let headline = e.title.as_ref().map(|t| t.content.clone());
    if paragraphs.is_empty() && headline.as_deref().is_none_or(|h| h.trim().is_empty()) {
        return None;
    }
    let mut article = Article::compose(name, headline.as_deref(), &paragraphs);
    article.summary_only = summary_only;
    article.id = Some(e.id.clone()).filter(|id| !id.is_empty());
    article.url = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.clone());
    let authors: Vec<&str> = e.authors.iter().filter_map(|p| p.name.as_deref()).collect();
    article.author = (!authors.is_empty()).then(|| authors.join(", "));
    article.published = e.published.or(e.updated).map(|t| {
        dates
            .get(&t)
            .cloned()
            .unwrap_or_else(|| Published::from_utc(t))
    });
    Some((article, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example News</title><link>https://example.com/</link>
<item><title>First</title><link>https://example.com/1</link><guid>g1</guid>
<pubDate>Sat, 09 Oct 2010 07:15:45 EST</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Full text, the minister said.</p><p>Second paragraph.</p>]]></content:encoded></item>
<item><title>Second</title><guid>g2</guid><pubDate>2014-10-02T14:52:39.4770000</pubDate>
<description>&lt;p&gt;Only a summary, officials said.&lt;/p&gt;</description></item>
"#;

    #[test]
    fn reads_items_with_full_content_or_a_marked_summary() {
        let feed = read_feed("f.rss", format!("{RSS}</channel></rss>").as_bytes()).unwrap();
        assert!(feed.broken.is_none());
        let [Ok((first, _)), Ok((second, _))] = &feed.items[..] else {
            panic!("two items: {:?}", feed.items)
        };
        assert_eq!(
            first.text,
            "First\n\nFull text, the minister said.\n\nSecond paragraph."
        );
        assert!(!first.summary_only);
        assert_eq!(
            first.published.as_ref().unwrap().to_string(),
            "2010-10-09T07:15:45-05:00"
        );
        assert_eq!(first.publisher.as_deref(), Some("Example News"));
        assert!(second.summary_only);
        assert_eq!(second.text, "Second\n\nOnly a summary, officials said.");
        assert_eq!(
            second.published.as_ref().unwrap().to_string(),
            "2014-10-02T14:52:39.477"
        );
    }

    #[test]
    fn a_broken_feed_keeps_the_items_before_the_break() {
        let broken = format!("{RSS}<item><title>Third</title><description>cut <b>off");
        let feed = read_feed("f.rss", broken.as_bytes()).unwrap();
        assert_eq!(feed.items.len(), 2);
        assert!(feed.broken.unwrap().contains("2 complete items"));
        assert!(read_feed("f.rss", b"<rss><channel><title>x").is_err());
    }
}
