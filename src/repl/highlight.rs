//! Syntax colours for the line being edited: keywords, variables, IRIs and prefixed names,
//! literals, comments. ANSI escapes only; the text itself is never changed.

use super::complete::KEYWORDS;

const KEYWORD: &str = "\x1b[1;34m";
const VARIABLE: &str = "\x1b[32m";
const IRI: &str = "\x1b[36m";
const LITERAL: &str = "\x1b[33m";
const COMMENT: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `line` with colours.
pub fn highlight(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() * 2);
    let mut i = 0;
    let paint = |out: &mut String, colour: &str, text: &[char]| {
        out.push_str(colour);
        out.extend(text);
        out.push_str(RESET);
    };
    while i < chars.len() {
        let c = chars[i];
        let end = match c {
            '#' => chars[i..]
                .iter()
                .position(|&d| d == '\n')
                .map_or(chars.len(), |p| i + p),
            '"' | '\'' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != c {
                    j += if chars[j] == '\\' { 2 } else { 1 };
                }
                (j + 1).min(chars.len())
            }
            '<' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != '=') =>
            {
                chars[i..]
                    .iter()
                    .position(|&d| d == '>' || d.is_whitespace())
                    .map_or(chars.len(), |p| i + p + usize::from(chars[i + p] == '>'))
            }
            '?' | '$' => word_end(&chars, i + 1),
            c if c.is_alphabetic() => word_end(&chars, i),
            _ => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        let text = &chars[i..end];
        match c {
            '#' => paint(&mut out, COMMENT, text),
            '"' | '\'' => paint(&mut out, LITERAL, text),
            '<' => paint(&mut out, IRI, text),
            '?' | '$' => paint(&mut out, VARIABLE, text),
            _ => {
                let word: String = text.iter().collect();
                if word.contains(':') {
                    paint(&mut out, IRI, text);
                } else if word == "a" || KEYWORDS.contains(&word.to_ascii_uppercase().as_str()) {
                    paint(&mut out, KEYWORD, text);
                } else {
                    out.push_str(&word);
                }
            }
        }
        i = end.max(i + 1);
    }
    out
}

fn word_end(chars: &[char], from: usize) -> usize {
    let mut j = from;
    while j < chars.len() && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | ':' | '-')) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut esc = false;
        for c in s.chars() {
            match (esc, c) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn colours_never_change_the_text() {
        for line in [
            "SELECT ?s WHERE { ?s a ct:Statement ; rdfs:label \"x \\\" y\"@en } # c",
            "ASK { <http://e/x> ?p 'q' FILTER(?p < 3) }",
            "unterminated \"string",
        ] {
            assert_eq!(strip(&highlight(line)), line);
        }
        let h = highlight("SELECT ?s");
        assert!(h.starts_with(KEYWORD) && h.contains(VARIABLE));
    }
}
