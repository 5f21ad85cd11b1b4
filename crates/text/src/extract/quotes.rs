//! Pairs quotation marks into quoted passages, per paragraph.
//!
//! Straight marks are decided by context, curly marks and guillemets by shape. An opening mark
//! while a double quote is still open closes the earlier passage (writers often drop the closing
//! mark before a new quoted sentence). A passage left open at the end of a paragraph runs to the
//! paragraph's end: the convention for quotes that go on into the next paragraph. Single marks
//! that never close are apostrophes and are ignored. Nothing here can fail on an odd count.

use super::tokens::{Family, Role, Tokens};

/// A quoted passage: token indices of its marks, and the bytes it covers (marks included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub open: usize,
    /// The closing mark, or `None` when the passage runs to the end of its paragraph.
    pub close: Option<usize>,
    /// Last token of the passage (the closing mark, or the paragraph's last token).
    pub last: usize,
    pub start: usize,
    pub end: usize,
}

/// The quoted passages of a document, and for each token the passage it lies in.
pub struct Quotes {
    pub list: Vec<Quote>,
    inside: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Quotes {
    pub fn find(t: &Tokens<'_>) -> Quotes {
        let mut list = Vec::new();
        let mut i = 0;
        while i < t.len() {
            let block = t.toks[i].block;
            let mut j = i;
            while j < t.len() && t.toks[j].block == block {
                j += 1;
            }
            pair_block(t, i, j, &mut list);
            i = j;
        }
        list.sort_by_key(|q| q.open);
        let mut inside = vec![NONE; t.len()];
        for (n, q) in list.iter().enumerate() {
            for slot in &mut inside[q.open..=q.last] {
                if *slot == NONE {
                    *slot = n as u32;
                }
            }
        }
        Quotes { list, inside }
    }

    /// The passage token `i` belongs to (marks included).
    pub fn of(&self, i: usize) -> Option<&Quote> {
        match self.inside.get(i) {
            Some(&n) if n != NONE => Some(&self.list[n as usize]),
            _ => None,
        }
    }

    /// The passage that opens at token `i`.
    pub fn opening_at(&self, i: usize) -> Option<&Quote> {
        self.of(i).filter(|q| q.open == i)
    }
}

fn pair_block(t: &Tokens<'_>, from: usize, to: usize, out: &mut Vec<Quote>) {
    // Open marks: (token, family). Doubles and guillemets are quotations; singles are
    // quotations only when they close.
    let mut stack: Vec<(usize, Family)> = Vec::new();
    let make = |open: usize, close: Option<usize>, last: usize| Quote {
        open,
        close,
        last,
        start: t.toks[open].start,
        end: t.toks[last].end,
    };
    for i in from..to {
        let Some(mark) = t.quote(i) else { continue };
        let open_pos = stack.iter().rposition(|(_, f)| *f == mark.family);
        match (mark.role, open_pos) {
            (Role::Close | Role::Either, Some(p)) => {
                let (o, _) = stack[p];
                stack.truncate(p);
                // A quotation inside a quotation is part of the outer one.
                if !stack.iter().any(|(_, f)| *f != Family::Single) {
                    out.push(make(o, Some(i), i));
                }
            }
            (Role::Open, Some(p)) if mark.family != Family::Single => {
                // A new quotation before the last one closed: the last one ends here.
                let (o, _) = stack[p];
                stack.truncate(p);
                if i > o + 1 {
                    out.push(make(o, None, i - 1));
                }
                stack.push((i, mark.family));
            }
            (Role::Open | Role::Either, _) => stack.push((i, mark.family)),
            (Role::Close, None) => {}
        }
    }
    // Doubles still open run to the paragraph's end; singles were apostrophes.
    if let Some(&(o, _)) = stack.iter().find(|(_, f)| *f != Family::Single)
        && to > o + 1
    {
        out.push(make(o, None, to - 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passages(s: &str) -> Vec<&str> {
        let blocks = crate::article::text::body_blocks(s);
        let t = Tokens::new(s, &blocks);
        let q = Quotes::find(&t);
        q.list.iter().map(|q| &s[q.start..q.end]).collect()
    }

    #[test]
    fn pairs_curly_straight_and_single_marks() {
        assert_eq!(
            passages("x\n“One,” he said, \"two 'three' four.\" ‘Five’ o’clock voters’ say."),
            ["“One,”", "\"two 'three' four.\"", "‘Five’"]
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_paragraph_end_and_never_panics() {
        assert_eq!(
            passages("x\n\"We doubled it. \"We will extend it,\" she said.\n\n\"Open\n\n”"),
            ["\"We doubled it.", "\"We will extend it,\"", "\"Open"]
        );
        assert!(passages("x\n\" \" \"").len() <= 2);
    }
}
