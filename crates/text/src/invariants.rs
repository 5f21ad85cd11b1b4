//! What every read article and every extraction must satisfy, whatever the input: byte spans
//! on character boundaries inside the text, code-point offsets that slice the text to the
//! span's own text, parents that point at earlier statements, and a JSON document of the
//! shape of `eval/FORMAT.md`. The fuzz targets (`fuzz/`) and the tests on generated inputs
//! check these; each check answers the first broken promise.

use serde_json::Value;

use crate::article::{Article, Overrides, Published};
use crate::extract::{ByteSpan, Statement, extract};
use crate::input::{self, Format};
use crate::json::Document;

/// Reads `bytes` as `format` (as `ingest` reads a file of them), extracts each article read
/// and checks every promise; answers how many statements were checked. Inputs that cannot
/// be read are fine: they are reported, which is not what this checks.
pub fn read_and_check(format: Format, bytes: &[u8]) -> Result<usize, String> {
    let mut checked = Ok(0);
    let overrides = Overrides::default();
    input::read_from(
        "input",
        "input",
        bytes,
        format,
        &overrides,
        &mut |read, _| {
            let Ok(record) = read else {
                return true;
            };
            let statements = extract(&record.article);
            let verdict = check_statements(&record.article, &statements);
            match (&mut checked, verdict) {
                (Ok(n), Ok(())) => *n += statements.len(),
                (_, Err(e)) => checked = Err(format!("{}: {e}", record.location)),
                (Err(_), Ok(())) => {}
            }
            checked.is_ok()
        },
    );
    checked
}

/// A date as given on the command line or in metadata: parsed, it prints as a form that
/// parses back to the same date, and its instant (if any) can be had.
pub fn check_date(text: &str) -> Result<(), String> {
    let Ok(date) = Published::parse(text) else {
        return Ok(());
    };
    let printed = date.to_string();
    match Published::parse(&printed) {
        Ok(again) if again == date => {}
        again => {
            return Err(format!(
                "{text:?} prints as {printed:?}, read back as {again:?}"
            ));
        }
    }
    let _ = date.instant_or_utc();
    Ok(())
}

/// Bytes decoded: valid UTF-8 without a byte-order mark is kept as it is, and a document's
/// declared charset never makes decoding fail.
pub fn check_decode(bytes: &[u8]) -> Result<(), String> {
    let plain = input::decode::decode(bytes.to_vec(), None);
    if let Ok(text) = std::str::from_utf8(bytes)
        && !text.starts_with('\u{feff}')
        && plain.text != text
    {
        return Err("valid UTF-8 was changed".into());
    }
    let declared = input::decode::declared_charset(bytes);
    let _ = input::decode::decode(bytes.to_vec(), declared);
    Ok(())
}

/// The article as read: its blocks are byte ranges on character boundaries of its text.
pub fn check_article(article: &Article) -> Result<(), String> {
    for block in &article.blocks {
        byte_span(&article.text, block.start, block.end)
            .map_err(|e| format!("block {}..{}: {e}", block.start, block.end))?;
    }
    Ok(())
}

/// The statements extracted from `article`, and their JSON document.
pub fn check_statements(article: &Article, statements: &[Statement]) -> Result<(), String> {
    check_article(article)?;
    let text = &article.text;
    for (i, st) in statements.iter().enumerate() {
        let spans = st.content.iter().chain(&st.cue).chain(&st.source);
        for &ByteSpan { start, end } in spans {
            byte_span(text, start, end).map_err(|e| format!("{}: {start}..{end}: {e}", st.id))?;
        }
        if st.content.is_empty() {
            return Err(format!("{}: no content", st.id));
        }
        // Each chain of parents ends, inside the list (a parent may come later in the text:
        // "X, Trump told leaders, Axios reported").
        let mut at = i;
        for _ in 0..statements.len() {
            match statements[at].parent {
                None => break,
                Some(p) if p < statements.len() && p != at => at = p,
                Some(p) => return Err(format!("{}: parent #{p} is no other statement", st.id)),
            }
        }
        if statements[at].parent.is_some() {
            return Err(format!("{}: its parents go round in a circle", st.id));
        }
    }
    let json = serde_json::to_value(Document::new(article, statements))
        .map_err(|e| format!("the document does not serialise: {e}"))?;
    check_document(text, &json)
}

fn byte_span(text: &str, start: usize, end: usize) -> Result<(), String> {
    if start > end || end > text.len() {
        return Err(format!("outside the text ({} bytes)", text.len()));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err("not on character boundaries".into());
    }
    Ok(())
}

const KINDS: [&str; 4] = ["direct", "indirect", "mixed", "according_to"];
const SPEAKER_TYPES: [&str; 5] = ["person", "organization", "outlet", "group", "role"];

/// A JSON document of `extract` against FORMAT.md's shape, its offsets (code points) against
/// the article `text`.
pub fn check_document(text: &str, doc: &Value) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    doc["document"].as_str().ok_or("document: not a string")?;
    let article = doc["article"].as_object().ok_or("article: not an object")?;
    for key in ["title", "published", "author", "publisher"] {
        let v = article.get(key).ok_or(format!("article.{key}: missing"))?;
        if !(v.is_null() || v.is_string()) {
            return Err(format!("article.{key}: neither null nor a string"));
        }
    }
    for key in ["sources", "credits"] {
        article
            .get(key)
            .and_then(Value::as_array)
            .ok_or(format!("article.{key}: not a list"))?;
    }
    let statements = doc["statements"]
        .as_array()
        .ok_or("statements: not a list")?;
    let mut ids = Vec::new();
    for st in statements {
        let id = st["id"].as_str().ok_or("statement id: not a string")?;
        if ids.contains(&id) {
            return Err(format!("{id}: id given twice"));
        }
        ids.push(id);
    }
    for st in statements {
        let id = st["id"].as_str().unwrap_or_default();
        let at = |what: &str| format!("{id}.{what}");
        let kind = st["kind"].as_str().ok_or(at("kind: not a string"))?;
        if !KINDS.contains(&kind) {
            return Err(at(&format!("kind: {kind:?} is not one of {KINDS:?}")));
        }
        content(&chars, &st["content"]).map_err(|e| at(&format!("content: {e}")))?;
        for key in ["cue", "source"] {
            if !st[key].is_null() {
                span(&chars, &st[key]).map_err(|e| at(&format!("{key}: {e}")))?;
            }
        }
        if !st["speaker"].is_null() {
            st["speaker"]["name"]
                .as_str()
                .ok_or(at("speaker.name: not a string"))?;
            let kind = st["speaker"]["type"]
                .as_str()
                .ok_or(at("speaker.type: not a string"))?;
            if !SPEAKER_TYPES.contains(&kind) {
                return Err(at(&format!("speaker.type: {kind:?}")));
            }
        }
        let carriers = st["reported_by"]
            .as_array()
            .ok_or(at("reported_by: not a list"))?;
        if carriers.iter().any(|c| c["name"].as_str().is_none()) {
            return Err(at("reported_by: an outlet without a name"));
        }
        match &st["date"] {
            Value::Null => {}
            Value::String(d) if d.parse::<jiff::civil::Date>().is_ok() => {}
            d => return Err(at(&format!("date: {d} is not YYYY-MM-DD"))),
        }
        match &st["parent"] {
            Value::Null => {}
            Value::String(p) if p != id && ids.contains(&p.as_str()) => {}
            p => return Err(at(&format!("parent: {p} is no other statement"))),
        }
    }
    Ok(())
}

/// `{start, end, text}`, or a split span `{spans: [[start, end], ...], text}` whose parts
/// joined by " … " are its text.
fn content(chars: &[char], v: &Value) -> Result<(), String> {
    if v.get("spans").is_none() {
        return span(chars, v);
    }
    let parts = v["spans"].as_array().ok_or("spans: not a list")?;
    let mut texts = Vec::new();
    for part in parts {
        let pair = part
            .as_array()
            .filter(|p| p.len() == 2)
            .ok_or("a part is not a pair")?;
        let (start, end) = (offset(&pair[0])?, offset(&pair[1])?);
        texts.push(slice(chars, start, end)?);
    }
    let text = v["text"].as_str().ok_or("text: not a string")?;
    if texts.join(" … ") != text {
        return Err(format!("the parts do not make {text:?}"));
    }
    Ok(())
}

/// `{start, end, text}` whose offsets slice the article to `text`.
fn span(chars: &[char], v: &Value) -> Result<(), String> {
    let (start, end) = (offset(&v["start"])?, offset(&v["end"])?);
    let text = v["text"].as_str().ok_or("text: not a string")?;
    let found = slice(chars, start, end)?;
    if found != text {
        return Err(format!("{start}..{end} is {found:?}, not {text:?}"));
    }
    Ok(())
}

fn offset(v: &Value) -> Result<usize, String> {
    v.as_u64()
        .map(|n| n as usize)
        .ok_or(format!("offset {v} is not a number"))
}

fn slice(chars: &[char], start: usize, end: usize) -> Result<String, String> {
    if start > end || end > chars.len() {
        return Err(format!(
            "{start}..{end} outside the text ({} code points)",
            chars.len()
        ));
    }
    Ok(chars[start..end].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::read_text;
    use crate::extract::extract;

    #[test]
    fn the_seed_keeps_every_promise_and_a_broken_offset_is_caught() {
        // The checkout `cargo test` runs in (a shared build directory may hold a binary
        // built in another).
        let manifest = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        let path =
            format!("{manifest}/../../examples/articles/2025-08-27-kremlin-secret-talks.txt");
        let article = read_text("seed", std::fs::read_to_string(path).unwrap());
        let statements = extract(&article);
        assert!(statements.len() > 5);
        check_statements(&article, &statements).unwrap();
        let mut doc = serde_json::to_value(Document::new(&article, &statements)).unwrap();
        let start = doc["statements"][0]["content"]["start"].as_u64().unwrap();
        doc["statements"][0]["content"]["start"] = (start + 1).into();
        let broken = check_document(&article.text, &doc).unwrap_err();
        assert!(broken.contains("s1.content"), "{broken}");
    }
}
