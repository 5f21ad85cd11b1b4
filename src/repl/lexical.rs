//! Where a SPARQL text stands at its end: how deep in brackets, inside a string or not. One
//! scan for both the line editor (is the statement complete?) and completion (is the cursor
//! inside a string?), skipping strings, IRIs and comments alike.

pub struct End {
    /// Open braces, brackets and parentheses minus closed ones.
    pub depth: i32,
    /// The byte offset just after the quote of a string still open at the end.
    pub open_string: Option<usize>,
}

/// Scans `s` to its end.
pub fn scan(s: &str) -> End {
    let mut depth: i32 = 0;
    let mut open: Option<(char, usize)> = None;
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let mut next = i + c.len_utf8();
        match open {
            Some((q, _)) => {
                if c == '\\' {
                    next += s[next..].chars().next().map_or(0, char::len_utf8);
                } else if c == q {
                    open = None;
                }
            }
            None => match c {
                '"' | '\'' => open = Some((c, next)),
                '<' => next = i + iri_len(&s[i..]).unwrap_or(1),
                '#' => next = s[i..].find('\n').map_or(s.len(), |n| i + n),
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth -= 1,
                _ => {}
            },
        }
        i = next;
    }
    End {
        depth,
        open_string: open.map(|(_, at)| at),
    }
}

/// Braces, brackets and parentheses balanced and no string left open.
pub fn balanced(s: &str) -> bool {
    let end = scan(s);
    end.depth <= 0 && end.open_string.is_none()
}

/// The length in bytes of the IRI reference (`<...>`) that `s` starts with, if it starts
/// with one; `<` alone is the less-than operator (`?a < ?b`, `?a<?b`).
fn iri_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('<')?;
    let end = rest.find(|c: char| {
        c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\')
    })?;
    rest[end..].starts_with('>').then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use super::{balanced, scan};

    #[test]
    fn balance_ignores_strings_iris_and_comments() {
        assert!(balanced("SELECT * { ?s ?p \"}\" }"));
        assert!(!balanced("SELECT * { ?s ?p ?o"));
        assert!(balanced("SELECT * { # {\n ?s ?p ?o }"));
        // `#` inside an IRI is no comment; `<` alone is an operator.
        assert!(balanced("SELECT * { ?s <http://x.org/o#p> ?o }"));
        assert!(balanced("SELECT * { ?s ?p ?o FILTER(?o<?p) }"));
        assert!(!balanced("SELECT * { ?s ?p ?o . # }\n"));
    }

    #[test]
    fn open_strings_are_found_after_their_quote() {
        assert_eq!(scan("x \"Dm").open_string, Some(3));
        assert_eq!(scan("x \"a\" 'b").open_string, Some(7));
        assert_eq!(scan("x <http://e.org/a'b> \"c\"").open_string, None);
        assert_eq!(scan("# \"x\n").open_string, None);
    }
}
