//! Extraction: from an [`Article`] to its attributed statements. Pure text processing; it
//! knows nothing of RDF or the store.
//!
//! Stages: tokens -> quotations -> sentences -> attributions per sentence (cue, source,
//! content, nesting) -> floating quotes -> statements (speakers resolved across the article,
//! outlets that carried each statement, dates said; see `resolve`).

mod attribution;
pub mod cue_model;
mod dates;
mod entities;
mod floating;
pub mod lexicon;
mod quotes;
mod resolve;
mod sentences;
mod span;
mod statement;
mod tokens;

use crate::article::Article;
use crate::gazetteer::Gazetteer;
pub use entities::{Speaker, SpeakerKind};
pub use lexicon::CueClass;
pub use span::ByteSpan;
pub use statement::{Carrier, Statement, StatementKind};

use attribution::{Judge, Raw, Sentence};
use cue_model::CueModel;
use resolve::Found;
use tokens::Tokens;

/// Extracts every attributed statement in the article.
pub fn extract(article: &Article) -> Vec<Statement> {
    extract_with(article, &mut ModelJudge(CueModel::get()))
}

/// The learned cue model deciding.
struct ModelJudge(&'static CueModel);

impl Judge for ModelJudge {
    fn stands(&mut self, s: &Sentence<'_, '_>, raw: &Raw) -> bool {
        self.0.score(|feature| s.features(raw, feature)) > 0.0
    }
}

pub(crate) fn extract_with(article: &Article, judge: &mut dyn Judge) -> Vec<Statement> {
    let t = Tokens::new(&article.text, &article.blocks);
    if t.is_empty() {
        return Vec::new();
    }
    let q = quotes::Quotes::find(&t);
    let sents = sentences::split(&t, &q);
    let gazetteer = Gazetteer::get();
    let is_outlet = |s: &str| gazetteer.lookup(s).is_some();
    let mut found: Vec<Found> = Vec::new();
    for (n, s) in sents.iter().enumerate() {
        let sentence = Sentence {
            t: &t,
            q: &q,
            start: s.start,
            end: s.end,
        };
        let base = found.len();
        for raw in sentence.attributions(&is_outlet, judge) {
            let parent = raw.parent.map(|p| base + p);
            found.push(Found {
                raw,
                sentence: n,
                parent,
            });
        }
    }
    floating::attach(&t, &q, &sents, &mut found);
    resolve::statements(article, &t, &sents, &found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::read_text;

    /// (source, cue, content) of every statement in `body` (a headline is added).
    fn found(body: &str) -> Vec<(String, String, String)> {
        let article = read_text("t.txt", format!("Headline\n\n{body}\n"));
        let text = article.text.clone();
        extract(&article)
            .iter()
            .map(|s| {
                let span =
                    |o: Option<ByteSpan>| o.map_or(String::new(), |b| b.of(&text).to_string());
                (span(s.source), span(s.cue), s.content_text(&text))
            })
            .collect()
    }

    fn has(body: &str, source: &str, cue: &str, content: &str) {
        let got = found(body);
        assert!(
            got.iter()
                .any(|(s, c, t)| s == source && c == cue && t == content),
            "no ({source} | {cue} | {content}) in {got:#?}"
        );
    }

    #[test]
    fn sources_are_whole_noun_phrases_with_titles_and_appositives() {
        has(
            "Retired Lt. Gen. Michael Flynn said the deal was a disaster.",
            "Retired Lt. Gen. Michael Flynn",
            "said",
            "the deal was a disaster",
        );
        has(
            "Flynn, a top Trump surrogate, said the deal was a disaster.",
            "Flynn, a top Trump surrogate,",
            "said",
            "the deal was a disaster",
        );
        has(
            "The rules will change, a spokesperson for HMRC said.",
            "a spokesperson for HMRC",
            "said",
            "The rules will change",
        );
    }

    #[test]
    fn cue_phrases_keep_adverbs_and_times() {
        has(
            "Trump also said he would win.",
            "Trump",
            "also said",
            "he would win",
        );
        has(
            "The plan is dead, Peskov said Thursday morning.",
            "Peskov",
            "said Thursday morning",
            "The plan is dead",
        );
        has(
            "Clinton told CNN on Monday that she would run.",
            "Clinton",
            "told CNN on Monday",
            "that she would run",
        );
    }

    #[test]
    fn contents_follow_the_cue_frame() {
        has(
            "Putin wants to end the war.",
            "Putin",
            "wants",
            "to end the war",
        );
        has(
            "\u{201c}We will win,\u{201d} she said, \u{201c}and soon.\u{201d}",
            "she",
            "said",
            "\u{201c}We will win,\u{201d} … \u{201c}and soon.\u{201d}",
        );
        has(
            "The economy, according to Reuters, is slowing.",
            "Reuters",
            "according to",
            "The economy … is slowing",
        );
    }

    #[test]
    fn particles_join_the_cue_and_wrong_shaped_marks_are_read_by_place() {
        has(
            "Obama called for reducing the tax rate.",
            "Obama",
            "called for",
            "reducing the tax rate",
        );
        has(
            "\u{201d}He represents our greatest shame.\u{201d} \u{2015} Sonya Herridge\n\u{201c}He scares me.\u{201d}\u{2015} Carla Sanchez.",
            "Carla Sanchez",
            "\u{2015}",
            "\u{201c}He scares me.\u{201d}",
        );
        has(
            "\u{201d}He represents our greatest shame.\u{201d} \u{2015} Sonya Herridge",
            "Sonya Herridge",
            "\u{2015}",
            "\u{201d}He represents our greatest shame.\u{201d}",
        );
    }

    #[test]
    fn unnamed_sources_stay_empty() {
        has(
            "Clinton appeared to be feeling better.",
            "",
            "appeared",
            "Clinton … to be feeling better",
        );
        has(
            "The court is expected to rule next week.",
            "",
            "is expected",
            "The court … to rule next week",
        );
        has(
            "When asked whether he would quit, Trump laughed.",
            "",
            "asked",
            "whether he would quit",
        );
        has(
            "A reporter asked how he was feeling.",
            "A reporter",
            "asked",
            "how he was feeling",
        );
    }

    #[test]
    fn pronouns_resolve_to_the_nearest_compatible_speaker() {
        let article = read_text(
            "t.txt",
            "Headline\n\nJane Smith, the mayor, said taxes would rise. She added that schools would close.\n".into(),
        );
        let st = extract(&article);
        let names: Vec<&str> = st
            .iter()
            .filter_map(|s| s.speaker.as_ref())
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["Jane Smith", "Jane Smith"]);
    }

    #[test]
    fn outlets_that_carried_a_statement_are_recorded() {
        let article = read_text(
            "t.txt",
            "Headline\n\nTrump said in an interview with Fox News that the vote was rigged.\n\n\
             According to The New York Times, Clinton said she would not run.\n"
                .into(),
        );
        let st = extract(&article);
        let carried: Vec<Vec<String>> = st
            .iter()
            .map(|s| s.reported_by.iter().map(|c| c.name.clone()).collect())
            .collect();
        assert_eq!(carried[0], ["Fox News"]);
        assert_eq!(st[1].speaker.as_ref().unwrap().kind, SpeakerKind::Outlet);
        assert_eq!(carried[2], ["The New York Times"]);
        assert_eq!(st[2].parent, Some(1));
    }

    #[test]
    fn progressive_cues_keep_their_auxiliaries() {
        has(
            "Trump is defending his tweets.",
            "Trump",
            "is defending",
            "his tweets",
        );
        has(
            "Clinton has been calling for higher taxes.",
            "Clinton",
            "has been calling for",
            "higher taxes",
        );
        has(
            "The unions are saying that the deal is dead.",
            "The unions",
            "are saying",
            "that the deal is dead",
        );
    }

    #[test]
    fn objects_end_where_a_clause_of_their_own_begins() {
        // A which-clause describes the thing released; a who-clause turns to the person.
        has(
            "The ministry released a list of demands, which it sent to Kyiv last week.",
            "The ministry",
            "released",
            "a list of demands, which it sent to Kyiv last week",
        );
        has(
            "Obama praised the senator, who had opposed the bill for years.",
            "Obama",
            "praised",
            "the senator",
        );
        has(
            "She condemned the launch because it broke the truce.",
            "She",
            "condemned",
            "the launch",
        );
        // After a comma, a source of its own with its cue ends the content before it.
        has(
            "He said the plan would fail, Ham noted that it might not.",
            "He",
            "said",
            "the plan would fail",
        );
    }

    #[test]
    fn a_colon_closing_its_paragraph_introduces_the_quotation_below() {
        has(
            "He said:\n\n\"We have to bring back law and order. We will.\"",
            "He",
            "said",
            "\"We have to bring back law and order. We will.\"",
        );
    }

    #[test]
    fn a_study_finds_whatever_clause_follows_even_when_its_author_is_named() {
        has(
            "A 2014 study by law professor Justin Levitt found 31 incidents of fraud.",
            "A 2014 study by law professor Justin Levitt",
            "found",
            "31 incidents of fraud",
        );
    }

    #[test]
    fn the_cue_model_reads_verbs_the_lexicon_lacks() {
        for (body, source, cue, content) in [
            (
                "Analysts posited that the market would recover.",
                "Analysts",
                "posited",
                "that the market would recover",
            ),
            (
                "Investors fretted that rates would rise.",
                "Investors",
                "fretted",
                "that rates would rise",
            ),
        ] {
            assert!(lexicon::cue(cue).is_none(), "{cue} is in the lexicon");
            has(body, source, cue, content);
        }
        // Its lemma and class are unknown, and it is trusted less than the lexicon's cues.
        let article = read_text(
            "t.txt",
            "Headline\n\nAnalysts posited that the market would recover. Jones said it would not.\n"
                .into(),
        );
        let st = extract(&article);
        assert_eq!(st.len(), 2, "{st:#?}");
        assert_eq!((st[0].cue_lemma, st[0].cue_class), (None, None));
        assert_eq!(st[1].cue_lemma, Some("say"));
        assert!(st[0].confidence < st[1].confidence);
        // Nouns and adjectives stay what they are.
        assert!(found("The proposal was a giveaway to donors.").is_empty());
        assert!(found("Rates rose sharply in the third quarter.").is_empty());
    }

    #[test]
    fn odd_quote_counts_never_panic() {
        for body in [
            "\"",
            "\u{201c}\u{201c}\u{201d}",
            "' ' '",
            "He said \"",
            "\u{ab} x \u{bb} \u{bb}",
        ] {
            let _ = found(body);
        }
    }
}
