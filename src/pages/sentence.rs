//! The sentence around a statement, cut into pieces marked content, cue or source, so a page
//! can highlight them without counting characters (offsets in the store are code points; a
//! browser counts UTF-16 units).

use serde::Serialize;

/// What a piece of the sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Content,
    Cue,
    Source,
}

/// A run of the sentence, marked or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
}

/// At most this many characters of context on either side of the marked spans.
const CONTEXT: usize = 300;

/// The sentence (or sentences) of `text` holding `spans` (code point ranges), cut at the
/// spans' edges. A span past the text's end is cut to it; no span gives nothing.
pub fn pieces(text: &str, spans: &[(usize, usize, Mark)]) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let spans: Vec<(usize, usize, Mark)> = spans
        .iter()
        .map(|&(b, e, m)| (b.min(chars.len()), e.min(chars.len()), m))
        .filter(|(b, e, _)| b < e)
        .collect();
    let (Some(first), Some(last)) = (
        spans.iter().map(|s| s.0).min(),
        spans.iter().map(|s| s.1).max(),
    ) else {
        return Vec::new();
    };
    let start = sentence_start(&chars, first);
    let end = sentence_end(&chars, last);
    // Where spans overlap, the narrower role wins: a cue inside a content stays a cue.
    let rank = |m: Mark| match m {
        Mark::Content => 0,
        Mark::Source => 1,
        Mark::Cue => 2,
    };
    let mut marks: Vec<Option<Mark>> = vec![None; end - start];
    for &(b, e, m) in &spans {
        for slot in &mut marks[b.max(start) - start..e.min(end) - start] {
            if slot.is_none_or(|old| rank(m) > rank(old)) {
                *slot = Some(m);
            }
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    for (c, mark) in chars[start..end].iter().zip(marks) {
        match out.last_mut() {
            Some(piece) if piece.mark == mark => piece.text.push(*c),
            _ => out.push(Piece {
                text: c.to_string(),
                mark,
            }),
        }
    }
    out
}

fn ends_sentence(chars: &[char], i: usize) -> bool {
    chars[i] == '\n'
        || (matches!(chars[i], '.' | '!' | '?')
            && chars.get(i + 1).is_none_or(|c| c.is_whitespace()))
}

/// Just after the end of the sentence before `at`, at most [`CONTEXT`] back.
fn sentence_start(chars: &[char], at: usize) -> usize {
    let floor = at.saturating_sub(CONTEXT);
    let mut i = at;
    while i > floor {
        if ends_sentence(chars, i - 1) {
            break;
        }
        i -= 1;
    }
    while i < at && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

/// Just after the end of the sentence that holds `at - 1`, at most [`CONTEXT`] on.
fn sentence_end(chars: &[char], at: usize) -> usize {
    let ceiling = (at + CONTEXT).min(chars.len());
    let mut i = at;
    while i < ceiling {
        if ends_sentence(chars, i) {
            return if chars[i] == '\n' { i } else { i + 1 };
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.mark {
                None => p.text.clone(),
                Some(m) => format!("[{m:?}:{}]", p.text),
            })
            .collect()
    }

    #[test]
    fn the_sentence_is_cut_at_the_spans_and_nothing_else() {
        let text = "First one. «Talks», Peskov said, «must wait». Next one.";
        // Code points, not bytes: the guillemets are two bytes each.
        let at = |s: &str| text.find(s).map(|b| text[..b].chars().count()).unwrap();
        let spans = [
            (at("Talks"), at("Talks") + 5, Mark::Content),
            (at("Peskov"), at("Peskov") + 6, Mark::Source),
            (at("said"), at("said") + 4, Mark::Cue),
            (at("must"), at("must") + 9, Mark::Content),
        ];
        assert_eq!(
            shown(&pieces(text, &spans)),
            "«[Content:Talks]», [Source:Peskov] [Cue:said], «[Content:must wait]»."
        );
    }

    #[test]
    fn a_cue_inside_a_content_stays_a_cue_and_a_paragraph_ends_the_sentence() {
        let text = "Intro line\nHe has been calling for peace\nOther";
        let spans = [(11, 40, Mark::Content), (14, 31, Mark::Cue)];
        assert_eq!(
            shown(&pieces(text, &spans)),
            "[Content:He ][Cue:has been calling ][Content:for peace]"
        );
        assert!(pieces(text, &[]).is_empty());
        assert!(pieces(text, &[(90, 95, Mark::Cue)]).is_empty());
    }
}
