//! Cues the lexicon lacks. PolNeAR's cues are a long tail ("is seizing on", "unleashed",
//! "spoke of"): no word list ends it. Any word that could head a verb phrase is read as a cue
//! with the frame its next word suggests, the ordinary rules build the attribution, and the
//! learned cue model (`extract::cue_model`) decides from its features (`features`) whether it
//! stands.

use std::sync::LazyLock;

use super::sentence::{Raw, Sentence};
use crate::extract::lexicon::{self, Cue, CueClass, Frame};
use crate::extract::span::TokenSpan;
use crate::extract::tokens::Kind;

const FRAMES: [Frame; 3] = [Frame::Say, Frame::Volition, Frame::Object];

/// The three frames an unknown cue may take, each as neither gerund nor participle, a
/// gerund, or a participle: indexed by frame (in `FRAMES` order) * 3 + form (in that order).
static OPEN_CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    FRAMES
        .iter()
        .flat_map(|&frame| {
            [(false, false), (true, false), (false, true)].map(|(gerund, participle)| Cue {
                // The word's base form and class are unknown (`learned`).
                lemma: String::new(),
                class: CueClass::Assert,
                frame,
                gerund,
                participle,
                noun: false,
                particles: ["about", "of", "for", "on", "against", "with"]
                    .map(str::to_string)
                    .to_vec(),
                particle_required: false,
                raising: false,
                passive_raising: false,
                learned: true,
            })
        })
        .collect()
});

impl Sentence<'_, '_> {
    /// Every attribution the rules build when a word outside the cue phrases in `taken` is
    /// read as a cue: a word the lexicon lacks, or one of its words where the lexicon's rules
    /// found nothing. Not inside another statement's content: PolNeAR flattens nesting, so
    /// it cannot teach the model those (under 1% of them were right on PolNeAR train).
    pub(super) fn open_cues(&self, taken: &[TokenSpan], found: &[Raw]) -> Vec<Raw> {
        let mut out = Vec::new();
        for h in self.start..self.end {
            if !self.could_head_verb(h)
                || taken.iter().any(|span| span.contains(h))
                || found.iter().any(|r| r.contains_token(h))
            {
                continue;
            }
            let cue = self.open_cue(h);
            if let Some(raw) = self.verb(h, cue, found)
                && !raw.content.is_empty()
            {
                out.push(raw);
            }
        }
        out
    }

    /// A lower-case word outside quotations that is no name, number or closed-class word
    /// (capitalised only at the start of the sentence).
    fn could_head_verb(&self, h: usize) -> bool {
        if self.t.kind(h) != Kind::Word || self.t.is_cap(h) && h != self.start || self.in_quote(h) {
            return false;
        }
        let w = self.low(h);
        w.len() >= 3
            && w.bytes().all(|b| b.is_ascii_alphabetic())
            && !self.t.is_closed_class(h)
            && (verb_shaped(w) || self.after_subject_or_auxiliary(h))
    }

    /// "they support", "would reveal", "to discuss", "did not mention": a base form where a
    /// verb goes.
    fn after_subject_or_auxiliary(&self, h: usize) -> bool {
        h > self.start && {
            let p = self.low(h - 1);
            lexicon::is_subject_pronoun(p)
                || lexicon::is_modal(p)
                || matches!(p, "to" | "not" | "n't" | "never" | "do" | "does" | "did")
        }
    }

    /// The frame the next word suggests: "to" an intention, a preposition an object ("spoke
    /// of"), anything else a clause or a quotation.
    fn open_cue(&self, h: usize) -> &'static Cue {
        let next = (h + 1 < self.end).then(|| self.low(h + 1));
        let frame = match next {
            Some("to") => 1,
            Some(w) if lexicon::is_preposition(w) => 2,
            _ => 0,
        };
        let w = self.low(h);
        let form = if w.ends_with("ing") {
            1
        } else if w.ends_with("ed") || w.ends_with("en") {
            2
        } else {
            0
        };
        &OPEN_CUES[frame * 3 + form]
    }
}

/// A word with a verb's ending ("-ed", "-ing", "-s"), an irregular past ("spoke"), or one
/// of the lexicon's. The other words are mostly nouns and adjectives (on PolNeAR train three
/// in five candidates, of which the model took one in forty), and trying each cost more than
/// all the rest of extraction.
fn verb_shaped(w: &str) -> bool {
    w.ends_with("ed")
        || w.ends_with("ing")
        || w.ends_with('s')
        || lexicon::is_irregular_verb(w)
        || lexicon::cue(w).is_some()
}
