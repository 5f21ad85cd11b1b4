//! The `extract --format json` shape of `eval/FORMAT.md`, with offsets in Unicode code points.

use serde::Serialize;

use crate::article::Article;
use crate::extract::{ByteSpan, Statement};
use crate::offsets::CharOffsets;

#[derive(Serialize)]
pub struct Document<'a> {
    pub document: &'a str,
    pub article: ArticleJson<'a>,
    pub statements: Vec<StatementJson>,
}

#[derive(Serialize)]
pub struct ArticleJson<'a> {
    pub title: Option<&'a str>,
    pub published: Option<String>,
    pub author: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The outlets of the "Source:" line.
    pub sources: Vec<&'a str>,
    /// The "Source:" line's items that say more than an outlet: who spoke, on what occasion,
    /// citing whom.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source_items: Vec<SourceItemJson<'a>>,
    pub credits: Vec<CreditJson<'a>>,
}

#[derive(Serialize)]
pub struct SourceItemJson<'a> {
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occasion: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citing: Option<&'a str>,
}

#[derive(Serialize)]
pub struct CreditJson<'a> {
    pub what: &'a str,
    pub by: &'a str,
}

#[derive(Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum Spans {
    One(Span),
    /// A split span: `[[start, end], ...]`, with the joined text alongside in `text`.
    Many {
        spans: Vec<[usize; 2]>,
        text: String,
    },
}

#[derive(Serialize)]
pub struct SpeakerJson {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The organisation of an unnamed role ("Kremlin" for "a Kremlin spokesman").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

#[derive(Serialize)]
pub struct OutletJson {
    pub name: String,
}

#[derive(Serialize)]
pub struct StatementJson {
    pub id: String,
    pub kind: &'static str,
    pub content: Spans,
    pub cue: Option<Span>,
    pub source: Option<Span>,
    pub speaker: Option<SpeakerJson>,
    pub reported_by: Vec<OutletJson>,
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occasion: Option<String>,
    pub parent: Option<String>,
}

impl<'a> Document<'a> {
    pub fn new(article: &'a Article, statements: &[Statement]) -> Self {
        let text = article.text.as_str();
        let offsets = CharOffsets::new(text);
        let span = |b: ByteSpan| Span {
            start: offsets.char_at(b.start),
            end: offsets.char_at(b.end),
            text: b.of(text).to_string(),
        };
        let statements = statements
            .iter()
            .map(|st| StatementJson {
                id: st.id.clone(),
                kind: st.kind.as_str(),
                content: if st.content.len() == 1 {
                    Spans::One(span(st.content[0]))
                } else {
                    Spans::Many {
                        spans: st
                            .content
                            .iter()
                            .map(|b| [offsets.char_at(b.start), offsets.char_at(b.end)])
                            .collect(),
                        text: st.content_text(text),
                    }
                },
                cue: st.cue.map(span),
                source: st.source.map(span),
                speaker: st.speaker.as_ref().map(|s| SpeakerJson {
                    name: s.name.clone(),
                    kind: s.kind.as_str(),
                    role: s.role.clone(),
                    affiliation: s.affiliation.clone(),
                }),
                reported_by: st
                    .reported_by
                    .iter()
                    .map(|c| OutletJson {
                        name: c.name.clone(),
                    })
                    .collect(),
                date: st.date.map(|d| d.to_string()),
                occasion: st.occasion.clone(),
                parent: st.parent.map(|p| statements[p].id.clone()),
            })
            .collect();
        Document {
            document: &article.name,
            article: ArticleJson {
                title: article.headline.as_deref(),
                published: article.published.as_ref().map(|p| p.to_string()),
                author: article.author.as_deref(),
                publisher: article.publisher.as_deref(),
                url: article.url.as_deref(),
                sources: article
                    .sources
                    .iter()
                    .filter_map(|i| i.outlet.as_deref())
                    .collect(),
                source_items: article
                    .sources
                    .iter()
                    .filter(|i| i.says_more_than_an_outlet())
                    .map(|i| SourceItemJson {
                        text: &i.text,
                        outlet: i.outlet.as_deref(),
                        speaker: i.speaker.as_deref(),
                        occasion: i.occasion.as_deref(),
                        citing: i.citing.as_deref(),
                    })
                    .collect(),
                credits: article
                    .credits
                    .iter()
                    .map(|c| CreditJson {
                        what: &c.what,
                        by: &c.by,
                    })
                    .collect(),
            },
            statements,
        }
    }
}
