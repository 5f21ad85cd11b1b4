//! Articles as read from input, before any extraction.
//!
//! A reader turns bytes into an [`Article`]: the document text exactly as read (all offsets
//! point into it), its metadata, and the prose blocks that extraction should look at. Readers
//! never touch the store or RDF.

pub mod date;
pub mod text;

pub use date::Published;

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
    /// Outlets named on a "Source:" line: where the article got its main report from.
    pub sources: Vec<String>,
    /// Media credits ("Photo: RIA Novosti"), kept apart from claims.
    pub credits: Vec<Credit>,
    /// Prose paragraphs to extract from, in text order (byte ranges into `text`).
    pub blocks: Vec<Block>,
}

/// A paragraph of prose, with the part of the article it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub section: Section,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Sets what was given, then gives a publication time without an offset the offset of
    /// the publisher's newsroom when the gazetteer knows it.
    pub fn apply(&self, article: &mut Article) {
        if let Some(p) = &self.publisher {
            article.publisher = Some(p.clone());
        }
        if let Some(u) = &self.url {
            article.url = Some(u.clone());
        }
        if let Some(d) = &self.published {
            article.published = Some(d.clone());
        }
        let zone = article
            .publisher
            .as_deref()
            .and_then(|p| crate::outlets::Gazetteer::get().lookup(p))
            .and_then(|o| o.timezone)
            .and_then(|z| jiff::tz::TimeZone::get(z).ok());
        if let Some(zone) = zone {
            article.published = article.published.take().map(|p| p.in_zone(&zone));
        }
    }
}
