//! JSON Lines: one article per line, as scrapers and corpus converters write them. Field names
//! vary between tools, so each field is looked up under its usual names.

use serde_json::{Map, Value};

use super::{Article, Published, text};

const TITLE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &["body", "text", "content", "articleBody", "article_body"];
const PUBLISHED: &[&str] = &[
    "published",
    "date",
    "datePublished",
    "date_published",
    "pubDate",
    "published_at",
];
const PUBLISHER: &[&str] = &["publisher", "outlet", "source", "site_name", "site"];
const URL: &[&str] = &["url", "link", "canonical_url"];
const AUTHOR: &[&str] = &["author", "authors", "byline"];
const ID: &[&str] = &["id", "_id", "guid", "uid"];

/// Why a line gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("a JSON {0}, not an object")]
    NotObject(&'static str),
    #[error("no article body (expected a non-empty \"body\", \"text\" or \"content\" field)")]
    NoBody,
}

/// One record as an article, with a note for each field that could not be used as written
/// (a malformed date is dropped, never guessed).
pub fn read_record(name: &str, line: &str) -> Result<(Article, Vec<String>), RecordError> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| RecordError::NotJson(e.to_string()))?;
    let Value::Object(record) = value else {
        return Err(RecordError::NotObject(kind(&value)));
    };
    let body = string_field(&record, BODY)
        .filter(|b| !b.trim().is_empty())
        .ok_or(RecordError::NoBody)?;
    let title = string_field(&record, TITLE).filter(|t| !t.trim().is_empty());
    let id = string_field(&record, ID);
    let name = match &id {
        Some(id) => id.clone(),
        None => name.to_string(),
    };
    // The body keeps its own paragraph layout (blank lines, indented newswire paragraphs).
    let mut article = match &title {
        Some(t) => {
            let mut a = text::read_text(&name, format!("{}\n\n{body}", one_line(t)));
            a.headline = Some(one_line(t));
            a
        }
        None => text::read_text(&name, body),
    };
    let mut notes = Vec::new();
    if let Some(d) = string_field(&record, PUBLISHED) {
        match Published::parse(&d) {
            Ok(p) => article.published = Some(p),
            Err(e) => notes.push(format!("{e}; stored without a publication date")),
        }
    }
    article.publisher = string_field(&record, PUBLISHER).or(article.publisher);
    article.url = string_field(&record, URL);
    article.author = string_field(&record, AUTHOR).or(article.author);
    article.id = id;
    Ok((article, notes))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The first of `names` that holds a usable value: a string, a number (ids), a list of names
/// (authors, joined) or an object with a name ({"name": "Reuters"}).
fn string_field(record: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|n| record.get(*n))
        .find_map(as_text)
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(as_text).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(as_text),
        _ => None,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_field_names() {
        let (a, notes) = read_record(
            "x",
            r#"{"id": 7, "headline": "Deal  agreed", "text": "Talks ended.\n\nBoth sides said so.", "datePublished": "2024-05-01T10:00:00+02:00", "source": {"name": "Reuters"}, "authors": ["A. B", "C. D"]}"#,
        )
        .unwrap();
        assert!(notes.is_empty());
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.headline.as_deref(), Some("Deal agreed"));
        assert_eq!(a.publisher.as_deref(), Some("Reuters"));
        assert_eq!(a.author.as_deref(), Some("A. B, C. D"));
        assert_eq!(
            a.published.unwrap().to_string(),
            "2024-05-01T10:00:00+02:00"
        );
        assert!(a.text.starts_with("Deal agreed\n\nTalks ended."));
    }

    #[test]
    fn names_what_is_wrong_with_a_record() {
        assert!(matches!(
            read_record("x", "{\"title\": \"t\""),
            Err(RecordError::NotJson(_))
        ));
        assert_eq!(
            read_record("x", "[1, 2]").unwrap_err(),
            RecordError::NotObject("array")
        );
        assert_eq!(
            read_record("x", r#"{"title": "t", "body": "  "}"#).unwrap_err(),
            RecordError::NoBody
        );
        let (a, notes) = read_record(
            "x",
            r#"{"body": "Text.", "published": "31-MAR-1987 605:12:19"}"#,
        )
        .unwrap();
        assert!(a.published.is_none());
        assert!(notes[0].contains("31-MAR-1987 605:12:19"), "{notes:?}");
    }
}
