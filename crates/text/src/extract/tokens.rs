//! Tokens of the prose blocks: words (with abbreviations and apostrophes kept inside),
//! numbers, punctuation and quotation marks. Offsets are bytes into the document text;
//! conversion to code points happens once, on output.

use super::lexicon::{self, Cue, Entry};
use super::span::{ByteSpan, TokenSpan};
use crate::article::Block;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
    Quote(Mark),
}

/// A quotation mark: its family, and the role its neighbours suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub family: Family,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Double,
    Single,
    Guillemet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Open,
    Close,
    /// A straight mark between two words or spaces: decided when pairing.
    Either,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Index of the block (paragraph) the token is in.
    pub block: u32,
    lower_start: u32,
    lower_end: u32,
    /// A word starting with a capital: asked of nearly every token by the rules, so
    /// decided once here.
    cap: bool,
    /// What the lexicon says of the word, for the same reason.
    lex: Entry,
}

/// The tokens of a document, with their lower-cased forms.
pub struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    lower: String,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str, blocks: &[Block]) -> Self {
        let mut out = Tokens {
            text,
            toks: Vec::with_capacity(text.len() / 5),
            lower: String::with_capacity(text.len()),
        };
        for (b, block) in blocks.iter().enumerate() {
            out.tokenize_block(block.start, block.end, b as u32);
        }
        out
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The token as written.
    pub fn text(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// The token lower-cased.
    pub fn lower(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.lower[t.lower_start as usize..t.lower_end as usize]
    }

    /// The bytes tokens `span` cover.
    pub fn byte_span(&self, TokenSpan(s, e): TokenSpan) -> ByteSpan {
        ByteSpan {
            start: self.toks[s].start,
            end: self.toks[e - 1].end,
        }
    }

    pub fn kind(&self, i: usize) -> Kind {
        self.toks[i].kind
    }

    pub fn is_word(&self, i: usize) -> bool {
        matches!(self.toks[i].kind, Kind::Word | Kind::Number)
    }

    /// Starts with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        self.toks[i].cap
    }

    /// What the lexicon says of token `i`'s lower case; nothing past the last token, so
    /// rules may look ahead of a sentence's end.
    fn lex(&self, i: usize) -> Entry {
        self.toks.get(i).map_or_else(Entry::default, |t| t.lex)
    }

    /// The cue the word is in the lexicon, if any ([`lexicon::cue`] of its lower case).
    pub fn cue(&self, i: usize) -> Option<&'static Cue> {
        self.lex(i).cue
    }

    /// [`Entry::attribution_noun`] of its lower case.
    pub fn is_attribution_noun(&self, i: usize) -> bool {
        self.lex(i).attribution_noun
    }

    /// [`Entry::closed_class`] of its lower case.
    pub fn is_closed_class(&self, i: usize) -> bool {
        self.lex(i).closed_class
    }

    /// First token of a paragraph or of a line within one.
    pub fn starts_line(&self, i: usize) -> bool {
        i == 0
            || self.toks[i].block != self.toks[i - 1].block
            || self.text[self.toks[i - 1].end..self.toks[i].start].contains('\n')
    }

    /// False past the last token, so rules may look one token ahead of a sentence's end.
    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct && &self.text[t.start..t.end] == p)
    }

    pub fn quote(&self, i: usize) -> Option<Mark> {
        match self.toks[i].kind {
            Kind::Quote(m) => Some(m),
            _ => None,
        }
    }

    fn push(&mut self, start: usize, end: usize, kind: Kind, block: u32) {
        let lower_start = self.lower.len() as u32;
        let s = &self.text[start..end];
        if s.is_ascii() {
            self.lower
                .extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            self.lower.extend(s.chars().flat_map(char::to_lowercase));
        }
        let lower_end = self.lower.len() as u32;
        let lex = match kind {
            Kind::Word => lexicon::entry(&self.lower[lower_start as usize..lower_end as usize]),
            _ => Entry::default(),
        };
        self.toks.push(Token {
            start,
            end,
            kind,
            block,
            lower_start,
            lower_end,
            cap: kind == Kind::Word && s.chars().next().is_some_and(char::is_uppercase),
            lex,
        });
    }

    fn tokenize_block(&mut self, start: usize, end: usize, block: u32) {
        let text = self.text;
        let s = &text[start..end];
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let at = |i: usize| chars.get(i).map(|c| c.1);
        let mut i = 0;
        while i < chars.len() {
            let (off, c) = chars[i];
            let pos = start + off;
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            // Typewriter double quotes: '' and `` (the New York Times' archive style).
            if matches!(c, '\'' | '`') && at(i + 1) == Some(c) {
                let (prev, next) = (i.checked_sub(1).and_then(at), at(i + 2));
                let mark = quote_mark('"', prev, next).unwrap_or(Mark {
                    family: Family::Double,
                    role: Role::Either,
                });
                let role = if c == '`' { Role::Open } else { mark.role };
                self.push(pos, pos + 2, Kind::Quote(Mark { role, ..mark }), block);
                i += 2;
                continue;
            }
            if let Some(mark) = quote_mark(c, i.checked_sub(1).and_then(at), at(i + 1)) {
                self.push(pos, pos + c.len_utf8(), Kind::Quote(mark), block);
                i += 1;
                continue;
            }
            if c.is_alphanumeric() {
                let mut j = i + 1;
                while j < chars.len() {
                    let d = chars[j].1;
                    let next = at(j + 1);
                    let joins = d.is_alphanumeric()
                        || matches!(d, '\'' | '’' | '-' | '‑' | '&')
                            && next.is_some_and(char::is_alphanumeric)
                            && chars[j - 1].1.is_alphanumeric()
                        || matches!(d, '.' | ',' | ':' | '/')
                            && chars[j - 1].1.is_ascii_digit()
                            && next.is_some_and(|n| n.is_ascii_digit())
                        // Initialisms: U.S., a.m., D.C.
                        || d == '.'
                            && next.is_some_and(char::is_alphabetic)
                            && at(j + 2) == Some('.')
                            && single_letter_before(&chars, j);
                    if !joins {
                        break;
                    }
                    j += 1;
                }
                // Keep the period of an abbreviation ("Mr.", "U.S.", "Sept.") in the word.
                if at(j) == Some('.') {
                    let word = &s[off..chars[j].0];
                    if is_abbreviation(word) {
                        j += 1;
                    }
                }
                let end_off = chars.get(j).map_or(s.len(), |c| c.0);
                let kind = if c.is_ascii_digit() {
                    Kind::Number
                } else {
                    Kind::Word
                };
                self.push(pos, start + end_off, kind, block);
                i = j;
                continue;
            }
            // Runs of the same punctuation ("...", "--") are one token.
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 == c && matches!(c, '.' | '-' | '?' | '!') {
                j += 1;
            }
            let end_off = chars.get(j).map_or(s.len(), |c| c.0);
            self.push(pos, start + end_off, Kind::Punct, block);
            i = j;
        }
    }
}

fn single_letter_before(chars: &[(usize, char)], j: usize) -> bool {
    j == 1 || !chars[j - 2].1.is_alphanumeric() || chars[j - 2].1 == '.'
}

/// Classifies a quotation mark by the characters around it.
fn quote_mark(c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
    use Family::*;
    use Role::*;
    let space_before = prev.is_none_or(|p| p.is_whitespace() || "([{—–―-/".contains(p));
    let space_after = next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]}—–―".contains(n));
    let letter_before = prev.is_some_and(char::is_alphanumeric);
    let letter_after = next.is_some_and(char::is_alphanumeric);
    let (family, role) = match c {
        // A mark of the wrong shape is read by its place: ”Like this,“ writers and their
        // software sometimes type.
        '“' | '”' if letter_before && space_after => (Double, Close),
        '“' | '”' if space_before && letter_after => (Double, Open),
        '“' | '„' | '‟' => (Double, Open),
        '”' => (Double, Close),
        '«' => (Guillemet, Open),
        '»' => (Guillemet, Close),
        '"' => (
            Double,
            match (space_before, space_after) {
                (true, false) => Open,
                (false, true) => Close,
                _ => Either,
            },
        ),
        '‘' if !letter_before => (Single, Open),
        // An apostrophe inside a word ("Russia’s") is part of the word, and is never
        // offered here; one after a letter may close a single-quoted passage or be a
        // plural possessive ("voters’"), which pairing decides.
        '’' | '\'' if letter_before && letter_after => return None,
        '’' | '\'' if letter_before || prev.is_some_and(|p| ".,!?".contains(p)) => {
            (Single, Close)
        }
        '\'' if space_before && letter_after => (Single, Open),
        _ => return None,
    };
    Some(Mark { family, role })
}

/// Abbreviations in any case: titles, company suffixes, Latin.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "maj", "capt",
    "adm", "cmdr", "rev", "st", "jr", "sr", "hon", "pres", "supt", "insp", "amb", "atty", "inc",
    "corp", "ltd", "llc", "bros", "vs", "etc", "approx", "dept", "u.s", "u.k", "u.n", "d.c", "a.m",
    "p.m", "e.g", "i.e",
];

/// Abbreviations that are also ordinary words ("Ill." / "ill."): only when capitalised.
const CAPITAL_ABBREVIATIONS: &[&str] = &[
    "co", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "ala", "ariz",
    "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex",
    "va", "vt", "wash", "wis", "wyo", "mt", "ft",
];

/// Titles that always precede a name, so their period never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "maj", "capt",
    "adm", "cmdr", "rev", "hon", "pres", "supt", "insp", "amb", "atty", "st",
];

/// Words written with a final period that does not end a sentence by itself.
pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
    // Single capitals are initials ("J. Smith"); dotted initialisms ("U.S") are abbreviations.
    (word.len() == 1 && capitalised)
        || ABBREVIATIONS.contains(&lower.as_str())
        || capitalised && CAPITAL_ABBREVIATIONS.contains(&lower.as_str())
        || lower.len() >= 3 && lower.contains('.') && lower.split('.').all(|p| p.len() == 1)
}

/// A title or an initial ("Gen.", "J."): what follows is always part of the same sentence.
pub fn is_title_or_initial(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    (w.len() == 1 && w.starts_with(|c: char| c.is_ascii_uppercase()))
        || TITLES.contains(&w.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Section;

    fn toks(s: &str) -> Vec<String> {
        let blocks = [Block {
            start: 0,
            end: s.len(),
            section: Section::Body,
        }];
        let t = Tokens::new(s, &blocks);
        (0..t.len()).map(|i| t.text(i).to_string()).collect()
    }

    #[test]
    fn keeps_abbreviations_apostrophes_and_numbers_whole() {
        assert_eq!(
            toks("Lt. Gen. Flynn said the U.S. won’t pay $1,000.5 at 3 p.m. Russia’s."),
            [
                "Lt.",
                "Gen.",
                "Flynn",
                "said",
                "the",
                "U.S.",
                "won’t",
                "pay",
                "$",
                "1,000.5",
                "at",
                "3",
                "p.m.",
                "Russia’s",
                "."
            ]
        );
    }

    #[test]
    fn reads_typewriter_double_quotes_as_one_mark() {
        assert_eq!(
            toks("''It's over,'' he said. ``Yes''"),
            [
                "''", "It's", "over", ",", "''", "he", "said", ".", "``", "Yes", "''"
            ]
        );
    }

    #[test]
    fn classifies_quote_marks_by_context() {
        let s = "\"Yes,\" he said. “No” and ‘maybe’ «oui» voters’ rights";
        let blocks = [Block {
            start: 0,
            end: s.len(),
            section: Section::Body,
        }];
        let t = Tokens::new(s, &blocks);
        let roles: Vec<Role> = (0..t.len())
            .filter_map(|i| t.quote(i))
            .map(|m| m.role)
            .collect();
        use Role::*;
        assert_eq!(
            roles,
            [Open, Close, Open, Close, Open, Close, Open, Close, Close]
        );
    }
}
