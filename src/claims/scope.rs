//! One scope's claims (a named speaker's, or an unnamed group's in one article), indexed so
//! that a new content is compared only with the claims it could join, not with all of them:
//! the most quoted speakers have tens of thousands.
//!
//! Each rule of [`super::Words::same_claim`] implies something an index can find, so the
//! candidates are a superset of the claims the rules accept, and the choice among them is the
//! one a comparison with every claim makes:
//! * the same words: the key;
//! * close word sets (rule 3, whole contents or their parts): at least a share `t` of the
//!   content's words in common, so any `n - t + 1` of its `n` words include one of the
//!   claim's ("prefix filtering"); the words taken are those with the fewest claims;
//! * a part the same as a whole or a part (rule 4): the part keys;
//! * a quotation found in a content (rule 4): its first [`super::QUOTED_WORDS`] words, which
//!   are some run of the content's words; the other way round, every word of the quotation
//!   is in the claim, so the claims holding its rarest word;
//! * a content whole sentences of another (rule 4): the first sentence's key is one of the
//!   other's; the other way round, every word of its first sentence is in the claim.

use std::collections::HashMap;

use oxigraph::model::NamedNode;

use super::{Known, QUOTED_WORDS, Words};

/// Least share of a content's words that rule 3 leaves in common with a claim it joins:
/// Dice 0.85 needs 0.85/1.15 > 0.739 of both; a content contained in a claim at least twice
/// as long, 0.9 of the half, 0.45. Rounded down: the filter only has to let through more.
const DICE_SHARE: f64 = 0.739;
const CONTAINED_SHARE: f64 = 0.45;

#[derive(Default)]
pub(super) struct Scope {
    pub(super) claims: Vec<Known>,
    /// When the linker last met it (see `Linker::shed`).
    pub(super) used: u64,
    /// The first claim of each key.
    by_key: HashMap<String, usize>,
    by_iri: HashMap<NamedNode, usize>,
    /// The claims whose word set holds the word.
    by_word: HashMap<String, Vec<usize>>,
    /// Keys of a claim's units (its parts, or itself when it has none).
    by_unit: HashMap<String, Vec<usize>>,
    /// Keys of a claim's parts long enough to stand alone.
    by_long_part: HashMap<String, Vec<usize>>,
    /// The first words of the quotations inside a claim's indirect speech.
    by_quote_head: HashMap<String, Vec<usize>>,
    /// The key of a claim's first sentence.
    by_first_sentence: HashMap<String, Vec<usize>>,
}

/// The words of a key, `n` at a time, each run joined by single spaces.
fn runs(key: &str, n: usize) -> impl Iterator<Item = String> + '_ {
    let words: Vec<&str> = key.split(' ').collect();
    let count = words.len().saturating_sub(n - 1);
    (0..count).map(move |i| words[i..i + n].join(" "))
}

fn long(w: &Words) -> bool {
    w.key.split(' ').count() >= QUOTED_WORDS
}

fn units(w: &Words) -> &[Words] {
    if w.parts.is_empty() {
        std::slice::from_ref(w)
    } else {
        &w.parts
    }
}

impl Scope {
    pub(super) fn add(&mut self, known: Known) -> usize {
        let i = self.claims.len();
        let w = &known.words;
        self.by_key.entry(w.key.clone()).or_insert(i);
        self.by_iri.entry(known.iri.clone()).or_insert(i);
        for word in &w.set {
            self.by_word.entry(word.clone()).or_default().push(i);
        }
        for unit in units(w) {
            self.by_unit.entry(unit.key.clone()).or_default().push(i);
        }
        for part in w.parts.iter().filter(|p| long(p)) {
            self.by_long_part
                .entry(part.key.clone())
                .or_default()
                .push(i);
        }
        for quote in &w.quoted {
            if let Some(head) = runs(quote, QUOTED_WORDS).next() {
                self.by_quote_head.entry(head).or_default().push(i);
            }
        }
        if let Some(first) = w.sentences.first() {
            self.by_first_sentence
                .entry(first.clone())
                .or_default()
                .push(i);
        }
        self.claims.push(known);
        i
    }

    /// The claim `iri`, if `words` still joins it.
    pub(super) fn kept(&self, iri: &NamedNode, words: &Words) -> Option<usize> {
        self.by_iri
            .get(iri)
            .copied()
            .filter(|&i| self.claims[i].words.same_claim(words))
    }

    /// The claim `words` carries: the same words, else the most alike (ties to the smaller
    /// IRI, so the choice does not depend on reading order).
    pub(super) fn best_match(&self, words: &Words) -> Option<usize> {
        if let Some(&i) = self.by_key.get(&words.key) {
            return Some(i);
        }
        let mut candidates = self.candidates(words);
        candidates.sort_unstable();
        candidates.dedup();
        closest(candidates.into_iter().map(|i| (i, &self.claims[i])), words)
    }

    /// Every claim the rules could join `words` to, some more than once.
    fn candidates(&self, w: &Words) -> Vec<usize> {
        let mut out = Vec::new();
        let mut look = |map: &HashMap<String, Vec<usize>>, key: &str| {
            if let Some(found) = map.get(key) {
                out.extend_from_slice(found);
            }
        };
        // A part of a claim the same as this content or one of its parts, and the other way.
        for unit in units(w) {
            look(&self.by_long_part, &unit.key);
        }
        for part in w.parts.iter().filter(|p| long(p)) {
            look(&self.by_unit, &part.key);
        }
        // A claim's quotation among this content's words.
        for run in runs(&w.key, QUOTED_WORDS) {
            look(&self.by_quote_head, &run);
        }
        // A claim that is some of this content's sentences.
        for sentence in &w.sentences {
            look(&self.by_first_sentence, sentence);
        }
        // Close word sets, of the whole or of the parts on either side.
        if w.len() >= super::MIN_WORDS {
            self.sharing(&w.set, share(w.len(), CONTAINED_SHARE), &mut out);
        }
        // (A content without parts is its own unit: the whole's filter above takes more.)
        for unit in &w.parts {
            if unit.len() >= super::MIN_WORDS {
                self.sharing(&unit.set, share(unit.len(), DICE_SHARE), &mut out);
            }
        }
        // This content's quotation in a claim, or this content sentences of a claim: every
        // word of the quotation or of the first sentence is in the claim.
        for quote in w.quoted.iter().filter(|q| **q != w.key) {
            self.sharing_all(quote.split(' '), &mut out);
        }
        if let Some(first) = w.sentences.first() {
            self.sharing_all(first.split(' '), &mut out);
        }
        out
    }

    /// The claims holding at least one of the `words.len() - at_least + 1` words with the
    /// fewest claims: all those sharing `at_least` of `words`, and some others.
    fn sharing(&self, words: &[String], at_least: usize, out: &mut Vec<usize>) {
        let mut postings: Vec<&[usize]> = words
            .iter()
            .map(|word| self.by_word.get(word).map_or(&[][..], Vec::as_slice))
            .collect();
        postings.sort_by_key(|p| p.len());
        let take = words.len() + 1 - at_least.clamp(1, words.len());
        for p in &postings[..take] {
            out.extend_from_slice(p);
        }
    }

    /// The claims holding the rarest of `words`: all those holding every one, and some others.
    fn sharing_all<'w>(&self, words: impl Iterator<Item = &'w str>, out: &mut Vec<usize>) {
        let rarest = words
            .map(|word| self.by_word.get(word).map_or(&[][..], Vec::as_slice))
            .min_by_key(|p| p.len());
        if let Some(p) = rarest {
            out.extend_from_slice(p);
        }
    }
}

/// Among `claims`, the one `words` joins that is most alike, ties to the smaller IRI.
fn closest<'k>(claims: impl Iterator<Item = (usize, &'k Known)>, words: &Words) -> Option<usize> {
    claims
        .filter(|(_, k)| k.words.same_claim(words))
        .max_by(|(_, a), (_, b)| {
            a.words
                .dice(words)
                .total_cmp(&b.words.dice(words))
                .then_with(|| b.iri.cmp(&a.iri))
        })
        .map(|(i, _)| i)
}

/// `share` of `n` words, rounded down.
fn share(n: usize, share: f64) -> usize {
    (n as f64 * share).floor() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every claim, compared one by one: what the index must agree with.
    fn by_comparing_all(scope: &Scope, words: &Words) -> Option<usize> {
        if let Some(i) = scope.claims.iter().position(|k| k.words.key == words.key) {
            return Some(i);
        }
        closest(scope.claims.iter().enumerate(), words)
    }

    /// Contents in the shapes relaying gives them: sentences of the example articles, cut
    /// short, run together from pieces, quoted inside indirect speech, a word changed.
    fn contents() -> Vec<String> {
        let manifest = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        let dir = format!("{manifest}/examples/articles");
        let mut sentences = Vec::new();
        for entry in std::fs::read_dir(dir).expect("the example articles") {
            let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("text");
            sentences.extend(
                text.split_inclusive(['.', '?', '!'])
                    .map(str::trim)
                    .filter(|s| s.split(' ').count() >= 4)
                    .map(str::to_string),
            );
        }
        let mut out = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            let next = &sentences[(i + 1) % sentences.len()];
            let words: Vec<&str> = s.split(' ').collect();
            out.push(s.clone());
            out.push(format!("{s} {next}"));
            out.push(format!("\"{s}\" \u{2026} \"{next}\""));
            out.push(words[..words.len() * 2 / 3].join(" "));
            out.push(format!("that officials said \"{s}\""));
            out.push(words.iter().rev().copied().collect::<Vec<_>>().join(" "));
            let mut changed = words.clone();
            changed[words.len() / 2] = "reportedly";
            out.push(changed.join(" "));
        }
        out
    }

    #[test]
    fn the_index_finds_what_comparing_with_every_claim_finds() {
        let contents = contents();
        assert!(contents.len() > 300, "{} contents", contents.len());
        let mut scope = Scope::default();
        let (mut joined, mut new) = (0, 0);
        for (n, content) in contents.iter().enumerate() {
            let words = Words::of(content);
            let found = scope.best_match(&words);
            assert_eq!(found, by_comparing_all(&scope, &words), "{content:?}");
            if found.is_some() {
                joined += 1;
            } else {
                new += 1;
                let iri =
                    NamedNode::new_unchecked(format!("https://w3id.org/claimtrace/id/claim/{n}"));
                scope.add(Known {
                    author: iri.clone(),
                    iri,
                    text: content.clone(),
                    words,
                });
            }
        }
        // Both outcomes are exercised.
        assert!(joined > 100 && new > 50, "{joined} joined, {new} new");
    }
}
