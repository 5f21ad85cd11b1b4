//! Spans of the two kinds extraction deals in: token ranges, as the rules see a sentence, and
//! byte ranges into the article text, as statements carry them. Distinct types, so one is
//! never taken for the other; output formats turn byte ranges into code points
//! ([`crate::offsets`]).

/// Tokens `start..end` (indices into the article's tokens, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenSpan(pub usize, pub usize);

impl TokenSpan {
    pub fn len(self) -> usize {
        self.1 - self.0
    }

    pub fn contains(self, token: usize) -> bool {
        self.0 <= token && token < self.1
    }
}

/// Bytes `start..end` of the article text (end exclusive), on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSpan {
    pub start: usize,
    pub end: usize,
}

impl ByteSpan {
    /// The text the span covers.
    pub fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}
