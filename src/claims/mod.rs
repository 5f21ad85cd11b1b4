//! Claims across articles: statements with the same speaker and the same content, up to
//! quoting, punctuation, case and small word changes, carry one `ct:Claim`.
//!
//! The method, in order:
//! 1. Content is reduced to its words: lower case, quotes and punctuation dropped, a leading
//!    "that" dropped ("that X" and "X" report the same words).
//! 2. Same words, same speaker: the same claim. Its IRI is a hash of the speaker's IRI and
//!    those words, so it is the same on every run and machine whichever article came first.
//! 3. Else, among the speaker's claims, the one whose words are closest (Dice coefficient of
//!    the word sets) when it is at least [`SIMILAR`], both have at least [`MIN_WORDS`] words,
//!    and they agree on numbers and negations ("grew 3%" and "grew 2%", "will" and "will
//!    not", stay apart however alike the rest is; "Sept. 11" and "Sept. 11, 2001" agree). A quotation cut short by one outlet also
//!    counts: when the shorter has at least [`MIN_PART_WORDS`] words, at least half as many
//!    as the longer, [`CONTAINED`] of them are in the longer, and numbers and negations
//!    agree.
//! 4. Relaying cuts and wraps quotations, so the pieces of a content count too: a content
//!    one article runs together from several quotations ("X," he said. "Y.") joins another
//!    whose content is one of them (X alone) by rules 2 and 3 applied to the parts; and a
//!    quotation of at least [`QUOTED_WORDS`] words inside indirect speech ("told reporters
//!    the ceasefire was \"the only way to peace in Europe\"") joins a content that holds
//!    those words in that order; and a content of at least [`QUOTED_WORDS`] words that is, to the
//!    sentence, a run of the sentences of another (one outlet ran the first sentence of a
//!    quotation, another the whole) joins it.
//! 5. Else a new claim, named by rule 2.
//!
//! Statements by unnamed groups ("officials", "Russian state-owned media") link only within
//! their article: two articles' "officials" need not be the same people. Statements without a
//! speaker carry no claim.
//!
//! Linking is incremental: a [`Linker`] reads from the store only the claims of the speakers
//! it meets, once per run, and keeps those it creates; nothing else is recomputed. The
//! mapping turns its decisions into quads (`mapping::claims`).

use std::collections::{HashMap, HashSet};

use oxigraph::model::NamedNode;

mod scope;

use scope::Scope;

use crate::mapping::Mapped;
use crate::mapping::claims::{self as claim_quads, ClaimLink};
use crate::store::{Store, StoreError};

/// Least Dice coefficient of two contents' word sets for one claim.
pub const SIMILAR: f64 = 0.85;
/// Contents shorter than this (in words) join a claim only with the very same words.
pub const MIN_WORDS: usize = 6;
/// Share of a shorter quotation's words found in a longer one for one claim.
pub const CONTAINED: f64 = 0.9;
/// The fewest words of a quotation that joins a longer one.
pub const MIN_PART_WORDS: usize = 10;
/// The fewest words of a part or a quoted piece that joins a claim by itself (rule 4).
pub const QUOTED_WORDS: usize = 5;

/// A content reduced to what comparing claims looks at.
#[derive(Debug, Clone)]
pub struct Words {
    /// The words in order, joined by single spaces: equal keys, equal words.
    pub key: String,
    /// The distinct words, sorted.
    set: Vec<String>,
    /// Negations, sorted: these must be the same.
    negations: Vec<String>,
    /// Numbers, sorted: one content's must be among the other's ("Sept. 11" and "Sept. 11,
    /// 2001" agree, "3 percent" and "2 percent" do not).
    numbers: Vec<String>,
    /// The parts of a content quoted in pieces ("X," he said, "Y."), when there are several.
    parts: Vec<Words>,
    /// The keys of quotations inside indirect speech, of at least [`QUOTED_WORDS`] words.
    quoted: Vec<String>,
    /// The keys of the content's sentences, in order.
    sentences: Vec<String>,
}

const NEGATIONS: &[&str] = &["not", "no", "never", "nor", "neither", "none", "cannot"];

/// Marks that open or close a quotation inside a content (single quotes are left out: they
/// are apostrophes too often).
const QUOTE_MARKS: &[char] = &['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];

impl Words {
    pub fn of(content: &str) -> Self {
        let mut words = Self::plain(content);
        // Statement contents join their parts with " … " (`Statement::content_text`).
        let parts: Vec<&str> = content.split(" \u{2026} ").collect();
        if parts.len() > 1 {
            words.parts = parts.into_iter().map(Self::plain).collect();
        }
        words.sentences = sentences(content)
            .map(|sentence| Self::plain(sentence).key)
            .filter(|key| !key.is_empty())
            .collect();
        words.quoted = quoted_pieces(content)
            .into_iter()
            .map(|piece| Self::plain(&piece).key)
            .filter(|key| key.split(' ').count() >= QUOTED_WORDS)
            .collect();
        words
    }

    /// The words of `content` without looking at its parts or quotations.
    fn plain(content: &str) -> Self {
        let lowered = content.to_lowercase().replace("n't", " not");
        let mut words: Vec<&str> = lowered
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.first() == Some(&"that") {
            words.remove(0);
        }
        let key = words.join(" ");
        let mut set: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        set.sort();
        set.dedup();
        let negations = set
            .iter()
            .filter(|w| NEGATIONS.contains(&w.as_str()))
            .cloned()
            .collect();
        let numbers = set
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .cloned()
            .collect();
        Words {
            key,
            set,
            negations,
            numbers,
            parts: Vec::new(),
            quoted: Vec::new(),
            sentences: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.set.len()
    }

    /// 2 |A ∩ B| / (|A| + |B|) over the word sets.
    fn dice(&self, other: &Words) -> f64 {
        let total = self.set.len() + other.set.len();
        if total == 0 {
            return 0.0;
        }
        2.0 * self.common(other) as f64 / total as f64
    }

    /// Whether the shorter of the two is, but for a few words, part of the longer.
    fn contained(&self, other: &Words) -> bool {
        let (short, long) = if self.len() <= other.len() {
            (self, other)
        } else {
            (other, self)
        };
        short.len() >= MIN_PART_WORDS
            && 2 * short.len() >= long.len()
            && short.common(long) as f64 >= CONTAINED * short.len() as f64
    }

    /// |A ∩ B| over the word sets.
    fn common(&self, other: &Words) -> usize {
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < self.set.len() && j < other.set.len() {
            match self.set[i].cmp(&other.set[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        common
    }

    /// Whether two contents by one speaker carry the same claim (rules 2 to 4).
    pub fn same_claim(&self, other: &Words) -> bool {
        self.alike(other)
            || self.part_alike(other)
            || other.part_alike(self)
            || self.quotes_in(other)
            || other.quotes_in(self)
            || self.sentences_of(other)
            || other.sentences_of(self)
    }

    /// Whether this content, long enough to stand alone, is whole sentences of `other`, in
    /// order.
    fn sentences_of(&self, other: &Words) -> bool {
        let n = self.sentences.len();
        n > 0
            && n < other.sentences.len()
            && self.key.split(' ').count() >= QUOTED_WORDS
            && other.sentences.windows(n).any(|w| w == self.sentences)
    }

    /// The same negations, and the numbers of one among the other's.
    fn agrees_with(&self, other: &Words) -> bool {
        let within = |a: &[String], b: &[String]| a.iter().all(|n| b.binary_search(n).is_ok());
        self.negations == other.negations
            && (within(&self.numbers, &other.numbers) || within(&other.numbers, &self.numbers))
    }

    /// Rules 2 and 3 on two whole contents.
    fn alike(&self, other: &Words) -> bool {
        self.nearly_equal(other)
            || (self.len() >= MIN_WORDS
                && other.len() >= MIN_WORDS
                && self.agrees_with(other)
                && self.contained(other))
    }

    /// Rule 2, or rule 3's Dice coefficient alone.
    fn nearly_equal(&self, other: &Words) -> bool {
        self.key == other.key
            || (self.len() >= MIN_WORDS
                && other.len() >= MIN_WORDS
                && self.agrees_with(other)
                && self.dice(other) >= SIMILAR)
    }

    /// Whether a part of this content, long enough to stand alone, is `other` or one of its
    /// parts, the same words or nearly (a part's words contained in a longer content do not
    /// count: that is how a phrase inside a long quotation looks).
    fn part_alike(&self, other: &Words) -> bool {
        let theirs: &[Words] = if other.parts.is_empty() {
            std::slice::from_ref(other)
        } else {
            &other.parts
        };
        self.parts
            .iter()
            .filter(|part| part.key.split(' ').count() >= QUOTED_WORDS)
            .any(|part| theirs.iter().any(|t| part.nearly_equal(t)))
    }

    /// Whether a quotation inside this content's indirect speech is, word for word, in
    /// `other`, and the two agree on numbers and negations ("is not \"the only way\"").
    fn quotes_in(&self, other: &Words) -> bool {
        if self.quoted.is_empty() || !self.agrees_with(other) {
            return false;
        }
        let padded = format!(" {} ", other.key);
        self.quoted
            .iter()
            .any(|q| q != &self.key && padded.contains(&format!(" {q} ")))
    }
}

/// The sentences of `content`: it is cut after a '.', '!' or '?' that a space, a quotation
/// mark or the end follows. Abbreviations cut too ("Mr. Obama"), alike on both sides.
fn sentences(content: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut chars = content.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let ends = matches!(c, '.' | '!' | '?')
                && next.is_none_or(|n| n.is_whitespace() || QUOTE_MARKS.contains(&n));
            if ends || next.is_none() {
                let end = i + c.len_utf8();
                let sentence = &content[start..end];
                start = end;
                return Some(sentence);
            }
        }
        None
    })
}

/// The stretches of `content` between quotation marks, when the content also holds words
/// outside them (a content that is all quotation has no quotation inside it).
fn quoted_pieces(content: &str) -> Vec<String> {
    // Some papers quote with two apostrophes (''like this'').
    let content = content.replace("''", "\"");
    let pieces: Vec<&str> = content.split(QUOTE_MARKS).collect();
    let outside_words = pieces
        .iter()
        .step_by(2)
        .any(|p| p.chars().any(char::is_alphanumeric));
    if !outside_words {
        return Vec::new();
    }
    pieces
        .into_iter()
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A claim known to the linker.
struct Known {
    iri: NamedNode,
    author: NamedNode,
    /// The content that founded it, its `schema:text`.
    text: String,
    words: Words,
}

/// Links statements to claims, reading and extending the claims held in the store.
#[derive(Default)]
pub struct Linker {
    /// Claims by named speaker (unnamed groups' claims are kept per article, in `link`).
    by_scope: HashMap<String, Scope>,
    /// Speakers whose stored claims have been read.
    loaded: HashSet<NamedNode>,
    /// Statements linked so far: the time for `Scope::used`.
    clock: u64,
}

/// Claims the linker holds before it lets go of the speakers it met longest ago: their
/// claims are read from the store again if they speak again.
const HELD_CLAIMS: usize = 300_000;

impl Linker {
    /// Links each statement of `mapped` to its claim; the mapping adds the links to the
    /// article's quads and a new claim's description to its shared quads.
    pub fn link(&mut self, store: &Store, mapped: &mut Mapped) -> Result<(), StoreError> {
        let mut in_article: HashMap<String, Scope> = HashMap::new();
        // An article read before keeps the claims its statements carried while they still
        // qualify: a claim founded later by a closer statement must not move them, or the
        // same corpus read twice would not give the same graph.
        let stored = store.has_article(mapped.article.as_ref())?;
        let mut links = Vec::with_capacity(mapped.utterances.len());
        for u in std::mem::take(&mut mapped.utterances) {
            if u.named && self.loaded.insert(u.speaker.clone()) {
                self.load(store, &u.speaker)?;
            }
            let scope = if u.named {
                u.speaker.as_str().to_string()
            } else {
                format!("{} {}", u.speaker.as_str(), mapped.article.as_str())
            };
            let words = Words::of(&u.content);
            let before = if stored && u.named {
                store.claim_of(mapped.article.as_ref(), u.statement.as_ref())?
            } else {
                None
            };
            let scopes = if u.named {
                &mut self.by_scope
            } else {
                &mut in_article
            };
            let known = scopes.entry(scope.clone()).or_default();
            self.clock += 1;
            known.used = self.clock;
            let kept = before.and_then(|c| known.kept(&c, &words));
            let i = match kept.or_else(|| known.best_match(&words)) {
                Some(i) => i,
                None => known.add(Known {
                    iri: store.ids().claim(&scope, &words.key),
                    author: u.speaker.clone(),
                    text: u.content.clone(),
                    words,
                }),
            };
            let known = &known.claims;
            links.push(ClaimLink {
                statement: u.statement,
                claim: known[i].iri.clone(),
                author: known[i].author.clone(),
                text: known[i].text.clone(),
            });
        }
        claim_quads::add_links(store.ids(), mapped, &links);
        Ok(())
    }

    /// Lets go of the speakers met longest ago while it holds more than [`HELD_CLAIMS`]
    /// claims, so memory stays flat however long the ingest. Only when every claim it made
    /// is in the store: they are read again from there.
    pub fn shed(&mut self) {
        let held: usize = self.by_scope.values().map(|s| s.claims.len()).sum();
        if held <= HELD_CLAIMS {
            return;
        }
        let mut by_use: Vec<(u64, String)> = self
            .by_scope
            .iter()
            .map(|(speaker, s)| (s.used, speaker.clone()))
            .collect();
        by_use.sort_unstable();
        let mut left = held;
        for (_, speaker) in by_use {
            if left <= HELD_CLAIMS / 2 {
                break;
            }
            if let Some(scope) = self.by_scope.remove(&speaker) {
                left -= scope.claims.len();
                self.loaded.remove(&NamedNode::new_unchecked(speaker));
            }
        }
    }

    /// Reads the stored claims of `speaker`.
    fn load(&mut self, store: &Store, speaker: &NamedNode) -> Result<(), StoreError> {
        let known = self
            .by_scope
            .entry(speaker.as_str().to_string())
            .or_default();
        for claim in store.claims_of(speaker.as_ref())? {
            known.add(Known {
                iri: claim.iri,
                author: speaker.clone(),
                words: Words::of(&claim.text),
                text: claim.text,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    fn same(a: &str, b: &str) -> bool {
        Words::of(a).same_claim(&Words::of(b))
    }

    #[test]
    fn quoting_punctuation_and_case_do_not_matter() {
        assert!(same(
            "\u{201c}Undoubtedly, this is one of the key issues,\u{201d}",
            "undoubtedly this is one of the key issues"
        ));
        assert!(same(
            "that talks should be held behind closed doors",
            "Talks should be held behind closed doors."
        ));
    }

    #[test]
    fn small_word_changes_join_a_long_claim() {
        assert!(same(
            "Moscow believes that talks between Russia and the United States on security guarantees should be held behind closed doors",
            "Moscow believes talks between Russia and the United States on security guarantees must be held behind closed doors"
        ));
    }

    #[test]
    fn a_quotation_cut_short_joins_the_whole() {
        let whole = "\"A lot will have to do with Israel and whether or not Israel wants to make the deal - whether or not Israel's willing to sacrifice certain things,\" … \"They may not be, and I understand that, and I'm okay with that. But then you're just not going to have a deal.\"";
        let cut = "\"A lot will have to do with Israel and whether or not Israel wants to make the deal — whether or not Israel's willing to sacrifice certain things,\" … \"They may not be.\"";
        assert!(same(whole, cut));
        // A short phrase inside a long quotation is not the same claim.
        assert!(!same(
            whole,
            "Israel wants to make the deal whether or not Israel is willing"
        ));
    }

    #[test]
    fn a_quotation_run_together_with_the_next_joins_its_first_part() {
        let joined = "\u{201c}The ceasefire must hold through the winter,\u{201d} … \u{201c}Nobody in Berlin wants a frozen conflict.\u{201d}";
        assert!(same(joined, "The ceasefire must hold through the winter"));
        assert!(same("Nobody in Berlin wants a frozen conflict", joined));
        // A part too short to stand alone does not link by itself.
        assert!(!same(
            "\u{201c}We agree,\u{201d} … \u{201c}the talks go on.\u{201d}",
            "We agree"
        ));
    }

    #[test]
    fn the_first_sentences_of_a_quotation_join_the_whole() {
        let whole = "\u{201c}No, I meant he is the founder of the group. I do. He was the most valuable player,\u{201d}";
        assert!(same(
            "\u{201c}No, I meant he is the founder of the group.\u{201d}",
            whole
        ));
        // Words inside a sentence are not a sentence of it.
        assert!(!same(
            "\u{201c}he is the founder of the group\u{201d}",
            whole
        ));
        assert!(!same("\u{201c}I do.\u{201d}", whole));
    }

    #[test]
    fn a_quotation_inside_indirect_speech_joins_the_direct_quote() {
        let direct = "\u{201c}This ceasefire is the only way to peace in Europe,\u{201d}";
        assert!(same(
            "the agreement was \u{201c}the only way to peace in Europe\u{201d}",
            direct
        ));
        assert!(same(
            "that ''the only way to peace in Europe'' lay through Kyiv",
            direct
        ));
        assert!(same(
            "that \"the ceasefire must hold\"",
            "\u{201c}The ceasefire must hold,\u{201d}"
        ));
        // The quoted words must be there in order, and enough of them.
        assert!(!same(
            "the agreement was \u{201c}the only way to peace\u{201d}, he said",
            "peace is the only way, in Europe and beyond it"
        ));
        assert!(!same(
            "the deal was \u{201c}the only way to peace in Europe\u{201d}",
            "\u{201c}A deal on Moscow's terms is not the only way to peace in Europe,\u{201d}"
        ));
        assert!(!same(
            "the plan was \u{201c}a good start\u{201d} for the region",
            "\u{201c}This is a good start,\u{201d}"
        ));
    }

    #[test]
    fn numbers_negations_and_short_contents_keep_claims_apart() {
        assert!(!same(
            "the economy grew 3 percent in the first quarter of the year compared with last year",
            "the economy grew 2 percent in the first quarter of the year compared with last year"
        ));
        assert!(!same(
            "the United States will supply weapons to Ukraine through its NATO allies this year",
            "the United States will not supply weapons to Ukraine through its NATO allies this year"
        ));
        assert!(!same(
            "the talks won't resume before the summer recess in Brussels ends",
            "the talks will resume before the summer recess in Brussels ends"
        ));
        assert!(!same("the talks failed", "the talks succeeded"));
        assert!(!same(
            "the issue of security guarantees is one of the most important",
            "talks between Russia and the United States should be held behind closed doors"
        ));
    }
}
