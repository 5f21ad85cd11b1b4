//! Plain-text articles, including the layout of the seed article: a `date YYYY-MM-DD` header,
//! the headline, a byline ending in the publication date, a photo caption with its credit, the
//! body, a "Source: A; B" line, labelled paragraphs ("Details:") and a "Background:" section
//! of bullets. Plain text without that layout works too: the first line is the headline.

use super::source_line::source_line;
use super::{Article, Block, Credit, Published, Section, date};

/// Reads one text document. `name` becomes the document name.
pub fn read_text(name: &str, text: String) -> Article {
    let mut article = Article {
        name: name.to_string(),
        ..Article::default()
    };
    let paragraphs = paragraphs(&text);
    let mut section = Section::Body;
    let mut seen_headline = false;
    for (index, para) in paragraphs.iter().enumerate() {
        let (start, end) = *para;
        let line = &text[start..end];
        if index == 0
            && let Some(day) = date_header(line)
        {
            article.published = Some(Published::day(day));
            continue;
        }
        if !seen_headline {
            seen_headline = true;
            article.headline = Some(line.trim().to_string());
            article.blocks.push(Block {
                start,
                end,
                section: Section::Headline,
            });
            continue;
        }
        // Metadata lines may sit inside a paragraph (a byline right above a caption): look at
        // each line, and keep the runs of other lines as prose.
        let mut pending: Option<(usize, usize)> = None;
        let mut offset = start;
        for raw in text[start..end].split_inclusive('\n') {
            let (ls, le) = (offset, offset + raw.trim_end().len());
            offset += raw.len();
            let line = &text[ls..le];
            if metadata(&mut article, line, &mut section) {
                flush(&mut article, &text, pending.take(), section);
            } else {
                pending = Some((pending.map_or(ls, |p| p.0), le));
            }
        }
        flush(&mut article, &text, pending, section);
    }
    article.text = text;
    article
}

/// Takes a metadata line (byline, credit, "Source:", "Background:") into the article.
fn metadata(article: &mut Article, line: &str, section: &mut Section) -> bool {
    let before_body = article.blocks.len() <= 1;
    if before_body
        && article.author.is_none()
        && let Some((author, published)) = byline(line)
    {
        if !author.is_empty() {
            article.author = Some(author);
        }
        article.published = Some(published);
        return true;
    }
    if let Some(credit) = credit(line) {
        article.credits.push(credit);
        return true;
    }
    if let Some(sources) = source_line(line) {
        article.sources.extend(sources);
        return true;
    }
    if let Some(("background", rest)) = label(line)
        && rest.trim().is_empty()
    {
        *section = Section::Background;
        return true;
    }
    false
}

/// Adds prose lines `range` as a block, without a leading label ("Details:") or bullet.
fn flush(article: &mut Article, text: &str, range: Option<(usize, usize)>, section: Section) {
    let Some((mut start, end)) = range else {
        return;
    };
    if let Some((_, rest)) = label(&text[start..end]) {
        start = end - rest.len();
    }
    let trimmed = text[start..end].trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c));
    start = end - trimmed.len();
    if !trimmed.trim().is_empty() {
        article.blocks.push(Block {
            start,
            end,
            section,
        });
    }
}

/// Paragraphs as byte ranges (trailing whitespace trimmed): a blank line ends a paragraph, and
/// so does a line that starts indented or with a bullet (newswire and list layouts). The first
/// line is always a paragraph of its own (the headline).
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        if line.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        let starts_new = line.starts_with([' ', '\t'])
            || line.trim_start().starts_with(is_bullet)
            || out.is_empty();
        let line_end = line_start + line.len();
        current = match current {
            Some(p) if !starts_new => Some((p.0, line_end)),
            Some(p) => {
                out.push(p);
                Some((line_start, line_end))
            }
            None => Some((line_start, line_end)),
        };
        // The headline stands alone even without a blank line after it.
        if out.is_empty() {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out.into_iter()
        .map(|(s, e)| {
            let lead = text[s..e].len() - text[s..e].trim_start().len();
            (s + lead, e)
        })
        .collect()
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '●' | '▪' | '◦' | '‣' | '·')
}

/// ` date 2025-08-27 All Sections` -> 2025-08-27.
fn date_header(line: &str) -> Option<jiff::civil::Date> {
    let rest = line.trim_start().strip_prefix("date ")?;
    rest.get(..10)?.parse().ok()
}

/// A byline that ends in the publication date: "STANISLAV POHORILOVWednesday, 27 August 2025,
/// 14:02" (name and weekday run together in the seed), "By Jane Doe, 27 August 2025".
fn byline(line: &str) -> Option<(String, Published)> {
    let line = line.trim();
    if line.len() > 120 {
        return None;
    }
    for (pos, c) in line.char_indices() {
        if !c.is_ascii_alphanumeric() {
            continue;
        }
        let rest = &line[pos..];
        let date_like = c.is_ascii_digit()
            || c.is_ascii_uppercase() && {
                let word = &rest[..rest
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len())];
                date::weekday(word).is_some() || date::month_number(word).is_some()
            };
        if !date_like {
            continue;
        }
        if let Ok(published) = Published::parse(rest) {
            let author = line[..pos].trim().trim_end_matches([',', '|', '-', '–']);
            let author = author.strip_prefix("By ").unwrap_or(author).trim();
            // "53 weeks to April 4, 1987" is a table's line, not a byline.
            if !looks_like_a_name(author) {
                return None;
            }
            return Some((crate::names::label(author), published));
        }
    }
    None
}

/// A byline's author: nothing, or up to six words that each start with a capital (joining
/// words like "and", "de" aside), without digits.
fn looks_like_a_name(author: &str) -> bool {
    let words: Vec<&str> = author.split_whitespace().collect();
    words.len() <= 6
        && !author.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    *w,
                    "and" | "de" | "van" | "von" | "der" | "da" | "di" | "al"
                )
        })
}

const CREDIT_LABELS: [(&str, &str); 6] = [
    ("Photo:", "photo"),
    ("Photo by", "photo"),
    ("Photograph:", "photo"),
    ("Image:", "image"),
    ("Video:", "video"),
    ("Illustration:", "illustration"),
];

/// A caption line with a credit: "Vladimir Putin and Donald Trump. Photo: RIA Novosti".
fn credit(line: &str) -> Option<Credit> {
    // Every label holds ':' or "by": most lines (a hard-wrapped body's) hold neither, and
    // six substring searches a line were a visible share of extraction's time.
    if line.len() > 400 || !(line.contains(':') || line.contains("by")) {
        return None;
    }
    CREDIT_LABELS.iter().find_map(|(label, what)| {
        let at = line.find(label)?;
        let before = line[..at].trim_end();
        // The label opens the line or follows a finished caption sentence.
        if !(before.is_empty() || before.ends_with(['.', '(', '|', '/'])) {
            return None;
        }
        let text = line[at + label.len()..].trim().trim_end_matches(')').trim();
        let by = crate::gazetteer::Gazetteer::get()
            .lookup(text)
            .map_or(text, |o| o.label.as_str());
        (!text.is_empty()).then(|| Credit {
            what: what.to_string(),
            by: by.to_string(),
            text: text.to_string(),
        })
    })
}

const LABELS: [&str; 8] = [
    "Background",
    "Details",
    "Quote",
    "Context",
    "Update",
    "Reminder",
    "Note",
    "Previously",
];

/// A paragraph label such as "Details:" or "Background:": the label lower-cased and the text
/// after it.
fn label(line: &str) -> Option<(&'static str, &str)> {
    let t = line.trim_start();
    LABELS.iter().find_map(|l| {
        let rest = t.strip_prefix(l)?.strip_prefix(':')?;
        let lower: &'static str = match *l {
            "Background" => "background",
            _ => "label",
        };
        Some((lower, rest.trim_start()))
    })
}

/// Every paragraph of `text` as a body block: for tests of the stages after reading.
#[cfg(test)]
pub fn body_blocks(text: &str) -> Vec<Block> {
    paragraphs(text)
        .into_iter()
        .map(|(start, end)| Block {
            start,
            end,
            section: Section::Body,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paragraphs_at_blank_lines_indents_and_bullets() {
        let text =
            "Head\nFirst line\ncontinues.\n    Indented starts.\n\n  • bullet one\n  • two\n";
        let got: Vec<&str> = paragraphs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Head",
                "First line\ncontinues.",
                "Indented starts.",
                "• bullet one",
                "• two"
            ]
        );
    }

    #[test]
    fn reads_bylines_credits_sources_and_labels() {
        let (author, date) = byline("STANISLAV POHORILOVWednesday, 27 August 2025, 14:02").unwrap();
        assert_eq!(author, "Stanislav Pohorilov");
        assert_eq!(date.to_string(), "2025-08-27T14:02:00");
        assert!(byline("Moscow believes that talks should be held on 27 August.").is_none());
        assert!(byline("53 weeks to April 4, 1987").is_none());
        assert!(byline("net profit of 11 billion yen in the year ending March 31, 1987").is_none());
        let c = credit("Putin and Trump. Photo: RIA Novosti").unwrap();
        assert_eq!((c.what.as_str(), c.by.as_str()), ("photo", "RIA Novosti"));
        assert!(credit("He saw the Photo: it was fake").is_none());
        assert_eq!(
            label("Details: Peskov said"),
            Some(("label", "Peskov said"))
        );
        assert_eq!(label("Background:"), Some(("background", "")));
    }

    #[test]
    fn plain_text_takes_the_first_line_as_headline() {
        let a = read_text("x.txt", "A headline\nBody text said so.\n".to_string());
        assert_eq!(a.headline.as_deref(), Some("A headline"));
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(a.blocks[1].section, Section::Body);
    }
}
