//! Word lists the rules consult: the cue lexicon (`data/cues.tsv`), the open word lists of
//! `data/words/` (roles, times, occasions, ...), and the small closed classes of English
//! (determiners, pronouns, prepositions, ...) that stand in for a part-of-speech tagger.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::data::{self, DataError};

/// What kind of act a cue reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueClass {
    Assert,
    Report,
    Believe,
    Intend,
    Deny,
}

impl CueClass {
    pub fn as_str(self) -> &'static str {
        match self {
            CueClass::Assert => "assert",
            CueClass::Report => "report",
            CueClass::Believe => "believe",
            CueClass::Intend => "intend",
            CueClass::Deny => "deny",
        }
    }
}

/// What a cue verb takes after it (the frame column of `data/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Frame {
    #[serde(rename = "S")]
    Say,
    #[serde(rename = "T")]
    Tell,
    #[serde(rename = "V")]
    Volition,
    #[serde(rename = "C")]
    Belief,
    #[serde(rename = "F")]
    Finding,
    #[serde(rename = "N")]
    Object,
    /// Only a quotation: "continued: \"...\"", "\"...,\" he continued."
    #[serde(rename = "Q")]
    Quote,
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub lemma: String,
    pub class: CueClass,
    pub frame: Frame,
    /// The gerund ("saying"), which takes its subject from the clause it hangs on.
    pub gerund: bool,
    /// A past participle form, which after "was" or "is" is passive.
    pub participle: bool,
    /// A form that is also a noun ("reports", "attack"), flagged `n` in the lexicon.
    pub noun: bool,
    /// Particles that join the cue phrase when they follow it ("pointed out", "called for").
    pub particles: Vec<String>,
    /// One of `particles` must follow: without it the word is no cue ("pointed" alone).
    pub particle_required: bool,
    /// A raising verb, flagged `r`: "Clinton seemed to be feeling better" attributes the
    /// subject with its complement to nobody named.
    pub raising: bool,
    /// Raising in the passive, flagged `p`: "The court is expected to rule", "he is said to
    /// be ill".
    pub passive_raising: bool,
    /// A word read as a cue for the learned cue model, not one of the lexicon's
    /// (`attribution::open_cue`): its lemma and class are the lexicon's if it has the word.
    pub learned: bool,
}

impl Cue {
    /// Whether `w` is one of the particles that join this cue.
    pub fn takes_particle(&self, w: &str) -> bool {
        self.particles.iter().any(|p| p == w)
    }
}

/// One line of `data/cues.tsv`.
#[derive(Debug, Deserialize)]
struct CueRow {
    lemma: String,
    class: CueClass,
    frame: Frame,
    /// past,participle,3rd-person,gerund; empty for a regular verb.
    #[serde(default)]
    forms: Option<String>,
    #[serde(default)]
    flags: Option<String>,
}

const CUES_FILE: &str = "data/cues.tsv";

static CUES: LazyLock<FxHashMap<String, Cue>> =
    LazyLock::new(|| data::embedded(read_cues(include_str!("../../data/cues.tsv"))));

/// The cue lexicon: every form of every verb, with what the form says of it.
fn read_cues(text: &str) -> Result<FxHashMap<String, Cue>, DataError> {
    let mut map = FxHashMap::default();
    for (line, row) in data::tsv_rows::<CueRow>(CUES_FILE, 5, text)? {
        let forms: Vec<String> = match row.forms.as_deref() {
            Some(f) => f.split(',').map(str::to_string).collect(),
            None => regular_forms(&row.lemma),
        };
        if forms.len() != 4 {
            return Err(DataError {
                file: CUES_FILE,
                line,
                reason: format!(
                    "{:?}: irregular forms are four (past,participle,3rd-person,gerund)",
                    row.forms.unwrap_or_default()
                ),
            });
        }
        let all_flags = row.flags.unwrap_or_default();
        let (flags, particles) = all_flags
            .split_once([':', '+'])
            .unwrap_or((all_flags.as_str(), ""));
        if let Some(bad) = flags.chars().find(|c| !"nxrp".contains(*c)) {
            return Err(DataError {
                file: CUES_FILE,
                line,
                reason: format!("unknown flag {bad:?} (n, x, r, p, :particles, +particles)"),
            });
        }
        let particles: Vec<String> = particles
            .split('|')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let cue = |gerund, participle, noun| Cue {
            lemma: row.lemma.clone(),
            class: row.class,
            frame: row.frame,
            gerund,
            participle,
            noun,
            particles: particles.clone(),
            particle_required: all_flags.contains(':'),
            raising: flags.contains('r'),
            passive_raising: flags.contains('p'),
            learned: false,
        };
        let noun = flags.contains('n');
        if !flags.contains('x') {
            map.insert(row.lemma.clone(), cue(false, false, noun));
            map.insert(forms[2].clone(), cue(false, false, noun));
        }
        map.insert(forms[0].clone(), cue(false, forms[0] == forms[1], false));
        map.insert(forms[1].clone(), cue(false, true, false));
        map.insert(forms[3].clone(), cue(true, false, false));
    }
    Ok(map)
}

/// past, participle, 3rd person, gerund of a regular verb.
fn regular_forms(lemma: &str) -> Vec<String> {
    let consonant_y =
        lemma.ends_with('y') && !lemma[..lemma.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    let stem_y = &lemma[..lemma.len() - 1];
    let past = if lemma.ends_with('e') {
        format!("{lemma}d")
    } else if consonant_y {
        format!("{stem_y}ied")
    } else {
        format!("{lemma}ed")
    };
    let third =
        if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("ch") || lemma.ends_with("sh") {
            format!("{lemma}es")
        } else if consonant_y {
            format!("{stem_y}ies")
        } else {
            format!("{lemma}s")
        };
    let gerund = if lemma.ends_with('e') && !lemma.ends_with("ee") {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    };
    vec![past.clone(), past, third, gerund]
}

/// The cue a lower-cased word form is, if any.
pub fn cue(form: &str) -> Option<&'static Cue> {
    CUES.get(form)
}

/// What the rules ask of nearly every word, decided once per token (see [`entry`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry {
    pub cue: Option<&'static Cue>,
    /// Attributes what follows to its possessor: "Trump's claim that ...", "her warning".
    pub attribution_noun: bool,
    /// See [`CLOSED_CLASS`].
    pub closed_class: bool,
}

/// The [`Entry`] of a lower-cased word: one lookup in a table of every word with one, where
/// asking the cue lexicon and each word list in turn took four.
pub fn entry(w: &str) -> Entry {
    static ENTRIES: LazyLock<FxHashMap<&'static str, Entry>> = LazyLock::new(|| {
        let mut entries: FxHashMap<&'static str, Entry> = FxHashMap::default();
        for (form, cue) in CUES.iter() {
            entries.entry(form.as_str()).or_default().cue = Some(cue);
        }
        for &w in &WORDS.attribution_nouns {
            entries.entry(w).or_default().attribution_noun = true;
        }
        for &w in CLOSED_CLASS.iter() {
            entries.entry(w).or_default().closed_class = true;
        }
        entries
    });
    let mut entry = ENTRIES.get(w).copied().unwrap_or_default();
    entry.closed_class |= is_ly_adverb(w);
    entry
}

/// The open word lists of `data/words/`, read once.
struct Words {
    roles: FxHashSet<&'static str>,
    role_modifiers: FxHashSet<&'static str>,
    offices: FxHashSet<&'static str>,
    honorifics: FxHashSet<&'static str>,
    time_words: FxHashSet<&'static str>,
    occasions: FxHashSet<&'static str>,
    attribution_nouns: FxHashSet<&'static str>,
    finding_nouns: FxHashSet<&'static str>,
    group_nouns: FxHashSet<&'static str>,
    verb_modifiers: FxHashSet<&'static str>,
    irregular_verbs: FxHashSet<&'static str>,
    organisation_words: FxHashSet<&'static str>,
}

macro_rules! word_lists {
    ($($field:ident: $file:literal),* $(,)?) => {
        /// Every word list, file name and text, for the tests.
        #[cfg(test)]
        const WORD_FILES: &[(&str, &str)] = &[$(($file, include_str!(concat!("../../", $file)))),*];

        fn read_words() -> Result<Words, DataError> {
            Ok(Words {
                $($field: data::word_list($file, include_str!(concat!("../../", $file)))?,)*
            })
        }
    };
}

word_lists! {
    roles: "data/words/roles.txt",
    role_modifiers: "data/words/role-modifiers.txt",
    offices: "data/words/offices.txt",
    honorifics: "data/words/honorifics.txt",
    time_words: "data/words/time-words.txt",
    occasions: "data/words/occasions.txt",
    attribution_nouns: "data/words/attribution-nouns.txt",
    finding_nouns: "data/words/finding-nouns.txt",
    group_nouns: "data/words/group-nouns.txt",
    verb_modifiers: "data/words/verb-modifiers.txt",
    irregular_verbs: "data/words/irregular-verbs.txt",
    organisation_words: "data/words/organisation-words.txt",
}

static WORDS: LazyLock<Words> = LazyLock::new(|| data::embedded(read_words()));

/// A list of words, and the test of one word against it. The test is a `match`, which
/// compiles to a dispatch on the length and comparisons with constants: the rules ask these
/// of nearly every word, and a search of the list called `memcmp` for each word of its length.
macro_rules! word_set {
    ($(#[$doc:meta])* $list:ident, $is:ident: [$($w:literal),* $(,)?]) => {
        const $list: &[&str] = &[$($w),*];

        $(#[$doc])*
        pub fn $is(w: &str) -> bool {
            matches!(w, $($w)|*)
        }
    };
}

word_set!(DETERMINERS, is_determiner: [
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those",
    "some", "many", "several", "other", "another", "both", "all", "most", "few", "each", "every",
    "any", "no", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one",
    "numerous", "various", "top", "senior",
]);

/// Articles, possessives and demonstratives: what makes the next word a noun ("the report").
pub fn is_article(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
    )
}

word_set!(SUBJECT_PRONOUNS, is_subject_pronoun: ["he", "she", "they", "we", "i", "it", "you", "there"]);

word_set!(OBJECT_PRONOUNS, is_object_pronoun: ["him", "her", "them", "me", "us", "you", "it"]);

word_set!(
    /// Relative pronouns that stand for the noun phrase before them.
    RELATIVES, is_relative: ["who", "which", "whom"]
);

word_set!(
    /// Words that open a clause: a subject never reaches back across them.
    CLAUSE_BOUNDARIES, is_clause_boundary: [
        "that", "and", "but", "or", "nor", "because", "as", "while", "when", "whereas", "if",
        "although", "though", "since", "so", "where", "whether", "than", "until", "unless", "after",
        "before", "how", "what", "why", "yet", "then", "once", "who", "which", "whom", "whose",
        "amid", "despite", "however",
    ]
);

word_set!(COORDINATORS, is_coordinator: ["and", "but", "or", "while", "whereas"]);

/// Words between a subject and its verb: auxiliaries and adverbs ("has also said").
pub fn is_verb_modifier(w: &str) -> bool {
    WORDS.verb_modifiers.contains(w) || is_ly_adverb(w)
}

/// "quickly", "reportedly"; not "family".
fn is_ly_adverb(w: &str) -> bool {
    w.len() > 5 && w.ends_with("ly") && !matches!(w, "family" | "rally" | "italy" | "ally")
}

word_set!(
    /// Possessive determiners: "his claim", "their view".
    POSSESSIVE_PRONOUNS, is_possessive_pronoun: ["his", "her", "their", "its", "my", "our", "your"]
);

word_set!(MODALS, is_modal: [
    "would", "will", "could", "can", "should", "may", "might", "must", "shall",
]);

word_set!(
    /// Forms of "be", which make a following participle passive.
    BE_FORMS, is_be: ["is", "are", "was", "were", "be", "been", "being", "'s", "’s", "am", "get", "got"]
);

/// Function words that cannot sit inside a noun phrase that is a subject.
pub fn is_verbish(w: &str) -> bool {
    is_be(w)
        || matches!(
            w,
            "has"
                | "have"
                | "had"
                | "do"
                | "does"
                | "did"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "may"
                | "might"
                | "must"
                | "not"
                | "to"
                | "it's"
                | "there"
                | "him"
                | "them"
                | "me"
                | "us"
                | "very"
                | "too"
        )
}

word_set!(PREPOSITIONS, is_preposition: [
    "in", "on", "at", "during", "after", "before", "with", "from", "by", "for", "of", "to",
    "about", "over", "under", "into", "through", "following", "since", "amid", "despite", "via",
    "against", "without", "within", "across", "among", "between", "toward", "towards", "upon",
    "like", "per", "outside", "inside",
]);

/// Function words, auxiliaries, verb modifiers and time words (and "-ly" adverbs, added in
/// [`entry`]): never the head of a cue phrase the lexicon lacks (see `attribution::open_cue`).
static CLOSED_CLASS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    [
        DETERMINERS,
        SUBJECT_PRONOUNS,
        OBJECT_PRONOUNS,
        RELATIVES,
        CLAUSE_BOUNDARIES,
        COORDINATORS,
        POSSESSIVE_PRONOUNS,
        MODALS,
        BE_FORMS,
        PREPOSITIONS,
    ]
    .into_iter()
    .flatten()
    .copied()
    .chain(WORDS.verb_modifiers.iter().copied())
    .chain(WORDS.time_words.iter().copied())
    .collect()
});

/// A past form or participle of an irregular verb ("made", "spoken").
pub fn is_irregular_verb(w: &str) -> bool {
    WORDS.irregular_verbs.contains(w)
}

/// Words that name a time and may follow a cue: "said Monday", "told CNN on Thursday morning".
pub fn is_time_word(w: &str) -> bool {
    WORDS.time_words.contains(w)
}

/// Nouns of the occasion a statement was made on: "in a statement", "at a rally".
pub fn is_occasion_noun(w: &str) -> bool {
    WORDS.occasions.contains(w)
}

/// Honorifics: they mark a person but are not a role ("Dr Fox", "Mr. Trump").
pub fn is_honorific(w: &str) -> bool {
    WORDS.honorifics.contains(w.trim_end_matches('.'))
}

/// Words of a role or title before a person's name ("Kremlin spokesman Dmitry Peskov",
/// "Tory co-chairman Liam Fox", "former", "U.S."): title nouns and the words that qualify them.
pub fn is_role_word(w: &str) -> bool {
    let w = role_form(w);
    WORDS.roles.contains(w) || WORDS.role_modifiers.contains(w)
}

/// Nouns of a role or title: "spokesman", "minister", "chancellor"; not "former" or "U.S.".
pub fn is_title_noun(w: &str) -> bool {
    WORDS.roles.contains(role_form(w))
}

/// Offices one person holds ("chancellor", "president"), unlike a spokesman's or an aide's.
pub fn is_office_noun(w: &str) -> bool {
    WORDS.offices.contains(role_form(w))
}

/// "Co-Chairman." -> "chairman": the last part of a hyphenated word, without a final '.'.
fn role_form(w: &str) -> &str {
    let w = w.trim_end_matches('.');
    w.rsplit('-').next().unwrap_or(w)
}

/// Nouns of documents and bodies whose findings are reported: "a study found the rate rose".
pub fn is_finding_noun(w: &str) -> bool {
    WORDS.finding_nouns.contains(w)
}

/// Plain nouns that make a group or anonymous source: "sources said", "officials say".
pub fn is_group_noun(w: &str) -> bool {
    WORDS.group_nouns.contains(w)
}

/// Words that make a capitalised name an organisation or a place ("Justice Department").
pub fn is_organisation_word(w: &str) -> bool {
    WORDS.organisation_words.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_read_and_bad_lines_are_named() {
        let cues = read_cues(include_str!("../../data/cues.tsv")).unwrap();
        assert!(cues.len() > 500, "{} cue forms", cues.len());
        for (file, text) in WORD_FILES {
            data::word_list(file, text).unwrap();
        }
        assert!(cue("points").is_some_and(|c| c.particles == ["out", "to"] && c.particle_required));
        let bad = |text: &str| read_cues(text).unwrap_err().to_string();
        assert_eq!(
            bad("say\tassert\tS\nwhine\tmoan\tS\n"),
            "data/cues.tsv, line 2: unknown variant `moan`, expected one of `assert`, `report`, `believe`, `intend`, `deny`"
        );
        assert!(bad("go\tassert\tS\twent,gone\n").starts_with("data/cues.tsv, line 1: "));
        assert!(bad("# c\nsay\tassert\tS\t\tq\n").contains("line 2: unknown flag 'q'"));
    }

    #[test]
    fn inflects_the_lexicon() {
        assert_eq!(cue("said").unwrap().lemma, "say");
        assert!(cue("saying").unwrap().gerund);
        assert_eq!(cue("denied").unwrap().class, CueClass::Deny);
        assert_eq!(cue("wants").unwrap().frame, Frame::Volition);
        assert_eq!(cue("noted").unwrap().lemma, "note");
        assert_eq!(cue("urges").unwrap().lemma, "urge");
        assert_eq!(cue("worries").unwrap().lemma, "worry");
        assert!(cue("told").unwrap().participle);
        assert!(cue("table").is_none());
    }
}
