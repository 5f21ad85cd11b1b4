//! Syntax errors said plainly: Oxigraph's "error at 1:31: expected one of <a hundred
//! tokens>" becomes the line and column, the character there, what was expected (cut short),
//! an unknown prefix named, and the line itself with a caret under the column. The place is
//! read from the message: Oxigraph's `SparqlSyntaxError` gives it nowhere else.

/// "error at 1:31: expected one of <a hundred tokens>" -> "line 1, column 31, at `}`:
/// expected one of ..." with the list cut short.
pub(super) fn syntax_message(sparql: &str, raw: &str) -> String {
    let Some(rest) = raw.strip_prefix("error at ") else {
        return raw.to_string();
    };
    let Some((place, what)) = rest.split_once(": ") else {
        return raw.to_string();
    };
    let Some((line, column)) = place.split_once(':') else {
        return raw.to_string();
    };
    let text = line
        .parse::<usize>()
        .ok()
        .and_then(|l| sparql.lines().nth(l.saturating_sub(1)));
    let column_at = column.parse::<usize>().unwrap_or(1).max(1);
    let found = text
        .and_then(|t| t.chars().nth(column_at - 1))
        .map_or_else(|| "the end".to_string(), |c| format!("`{c}`"));
    let mut what = what.replace('\n', " ");
    if what.contains("Prefix not found") {
        // The parser lists this among a hundred expected tokens; say it plainly.
        let before: String =
            text.map_or(String::new(), |t| t.chars().take(column_at - 1).collect());
        let name: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let prefix = name.split(':').next().unwrap_or_default();
        what =
            format!("unknown prefix `{prefix}:` (declare it with PREFIX, or .prefix in the REPL)");
    }
    if what.chars().count() > 90 {
        what = what.chars().take(90).collect::<String>() + " …";
    }
    let mut message = format!("line {line}, column {column}, at {found}: {what}");
    // The line itself with a caret under the column (tabs kept so the caret lines up).
    if let Some(text) = text {
        let pad: String = text
            .chars()
            .take(column_at - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        message.push_str(&format!("\n  {text}\n  {pad}^"));
    }
    message
}
