//! Articles as read from input, before any extraction.
//!
//! A reader turns bytes into an [`Article`]: the document text exactly as read (all offsets
//! point into it), its metadata, and the prose blocks that extraction should look at. Readers
//! never touch the store or RDF.

pub mod date;
mod depth_cap;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod source_line;
pub mod text;

pub use date::Published;
pub use source_line::SourceItem;

/// One news article.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Document name, e.g. the file name; used as the JSON `document` field.
    pub name: String,
    /// The document text as read; every offset refers to it.
    pub text: String,
    pub headline: Option<String>,
    pub published: Option<Published>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// The record's own identifier (a JSON Lines `id`, a feed item's guid): the same id
    /// names the same article, so a later record with it replaces the earlier one.
    pub id: Option<String>,
    /// The text is only a summary of the article (a feed item without its full content).
    pub summary_only: bool,
    /// The items of a "Source:" line: where the article got its main report from.
    pub sources: Vec<SourceItem>,
    /// Media credits ("Photo: RIA Novosti"), kept apart from claims.
    pub credits: Vec<Credit>,
    /// Prose paragraphs to extract from, in text order (byte ranges into `text`).
    pub blocks: Vec<Block>,
}

impl Article {
    /// An article from a headline and its paragraphs, as HTML pages, feeds and JSON records
    /// give them: the text is the headline and the paragraphs, a blank line apart.
    pub fn compose(name: &str, headline: Option<&str>, paragraphs: &[String]) -> Article {
        let mut text = String::new();
        let mut blocks = Vec::new();
        let mut push = |part: &str, section: Section, text: &mut String| {
            let part = part.trim();
            if part.is_empty() {
                return;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(part);
            blocks.push(Block {
                start,
                end: text.len(),
                section,
            });
        };
        if let Some(h) = headline {
            push(h, Section::Headline, &mut text);
        }
        for p in paragraphs {
            push(p, Section::Body, &mut text);
        }
        Article {
            name: name.to_string(),
            text,
            headline: headline
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty()),
            blocks,
            ..Article::default()
        }
    }

    /// Whether there is any prose besides the headline.
    pub fn has_body(&self) -> bool {
        self.blocks.iter().any(|b| b.section != Section::Headline)
    }
}

/// A paragraph of prose, with the part of the article it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub section: Section,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Headline,
    /// The article's own report; a "Source:" line applies to it.
    Body,
    /// Context the publisher adds ("Background:"); the "Source:" line does not apply.
    Background,
}

/// A media credit such as a photo credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// What is credited: "photo", "video", "image", ...
    pub what: String,
    /// Who is credited: the outlet's name when one is recognised, else the text.
    pub by: String,
    /// The credit as written ("Kremlin-aligned Russian news agency RIA Novosti").
    pub text: String,
}

/// Metadata given on the command line, which wins over what the text says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<Published>,
}

impl Overrides {
    /// Sets what was given.
    pub fn apply(&self, article: &mut Article) {
        if let Some(u) = &self.url {
            article.url = Some(u.clone());
        }
        self.apply_to_one_of_many(article);
    }

    /// As [`Overrides::apply`], for one of the many articles of a file (JSON Lines, a feed):
    /// a URL names one article, so it is not given to all of them.
    pub fn apply_to_one_of_many(&self, article: &mut Article) {
        if let Some(p) = &self.publisher {
            article.publisher = Some(p.clone());
        }
        if let Some(d) = &self.published {
            article.published = Some(d.clone());
        }
    }
}

impl Article {
    /// What the input leaves out or spells its own way that the gazetteer knows: the
    /// publisher by the URL's domain when no metadata names it (nytimes.com -> The New York
    /// Times), and a publisher's alias as the outlet's label ("HeraldSun" -> Herald Sun).
    pub fn complete_publisher(&mut self) {
        let gazetteer = crate::gazetteer::Gazetteer::get();
        let known = match &self.publisher {
            Some(p) => gazetteer.lookup(p),
            None => self.url.as_deref().and_then(|u| gazetteer.by_url(u)),
        };
        if let Some(outlet) = known {
            self.publisher = Some(outlet.label.clone());
        }
    }

    /// A plain-text article's byline gives the newsroom's local time: when the publisher is
    /// an outlet the gazetteer places, the time gets that zone's offset. Structured inputs
    /// (JSON, pages, feeds) say what they mean, and a time without an offset stays so there.
    pub fn place_in_newsroom_zone(&mut self) {
        let zone = self
            .publisher
            .as_deref()
            .and_then(|p| crate::gazetteer::Gazetteer::get().lookup(p))
            .and_then(|o| o.timezone.as_deref())
            .and_then(|z| jiff::tz::TimeZone::get(z).ok());
        if let Some(zone) = zone {
            self.published = self.published.take().map(|p| p.in_zone(&zone));
        }
    }
}
