//! Word lists the rules consult: the cue lexicon (data in `ontology/cues.tsv`) and the small
//! closed classes of English (determiners, pronouns, prepositions, ...) that stand in for a
//! part-of-speech tagger.

use std::collections::HashMap;
use std::sync::LazyLock;

/// What kind of act a cue reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// What a cue verb takes after it (see `ontology/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Say,
    Tell,
    Volition,
    Belief,
    Finding,
    Object,
    /// Only a quotation: "continued: \"...\"", "\"...,\" he continued."
    Quote,
}

#[derive(Debug, Clone, Copy)]
pub struct Cue {
    pub lemma: &'static str,
    pub class: CueClass,
    pub frame: Frame,
    /// The gerund ("saying"), which takes its subject from the clause it hangs on.
    pub gerund: bool,
    /// A past participle form, which after "was" or "is" is passive.
    pub participle: bool,
    /// A form that is also a noun ("reports", "attack"), flagged `n` in the lexicon.
    pub noun: bool,
    /// Particles that join the cue phrase when they follow it ("pointed out", "called for").
    pub particles: &'static [&'static str],
    /// One of `particles` must follow: without it the word is no cue ("pointed" alone).
    pub particle_required: bool,
    /// A raising verb, flagged `r`: "Clinton seemed to be feeling better" attributes the
    /// subject with its complement to nobody named.
    pub raising: bool,
    /// Raising in the passive, flagged `p`: "The court is expected to rule", "he is said to
    /// be ill".
    pub passive_raising: bool,
}

static CUES: LazyLock<HashMap<String, Cue>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for line in include_str!("../../ontology/cues.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let (lemma, class, frame) = (cols[0], cols[1], cols[2]);
        let class = match class {
            "assert" => CueClass::Assert,
            "report" => CueClass::Report,
            "believe" => CueClass::Believe,
            "intend" => CueClass::Intend,
            "deny" => CueClass::Deny,
            other => panic!("cues.tsv: unknown class {other}"),
        };
        let frame = match frame {
            "S" => Frame::Say,
            "T" => Frame::Tell,
            "V" => Frame::Volition,
            "C" => Frame::Belief,
            "F" => Frame::Finding,
            "N" => Frame::Object,
            "Q" => Frame::Quote,
            other => panic!("cues.tsv: unknown frame {other}"),
        };
        let forms: Vec<String> = match cols.get(3).filter(|f| !f.is_empty()) {
            Some(f) => f.split(',').map(str::to_string).collect(),
            None => regular_forms(lemma),
        };
        let flags = cols.get(4).copied().unwrap_or("");
        let (flags, particles) = flags.split_once([':', '+']).unwrap_or((flags, ""));
        let particle_required = cols.get(4).is_some_and(|f| f.contains(':'));
        let particles: &'static [&'static str] = if particles.is_empty() {
            &[]
        } else {
            Vec::leak(particles.split('|').collect())
        };
        let noun = flags.contains('n');
        let raising = flags.contains('r');
        let passive_raising = flags.contains('p');
        let cue = |gerund, participle, noun| Cue {
            lemma,
            class,
            frame,
            gerund,
            participle,
            noun,
            particles,
            particle_required,
            raising,
            passive_raising,
        };
        if !flags.contains('x') {
            map.insert(lemma.to_string(), cue(false, false, noun));
            map.insert(forms[2].clone(), cue(false, false, noun));
        }
        map.insert(forms[0].clone(), cue(false, forms[0] == forms[1], false));
        map.insert(forms[1].clone(), cue(false, true, false));
        map.insert(forms[3].clone(), cue(true, false, false));
    }
    map
});

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
pub fn cue(form: &str) -> Option<Cue> {
    CUES.get(form).copied()
}

fn contains(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

pub fn is_determiner(w: &str) -> bool {
    contains(
        &[
            "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these",
            "those", "some", "many", "several", "other", "another", "both", "all", "most", "few",
            "each", "every", "any", "no", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "one", "numerous", "various", "top", "senior",
        ],
        w,
    )
}

/// Articles, possessives and demonstratives: what makes the next word a noun ("the report").
pub fn is_article(w: &str) -> bool {
    contains(
        &[
            "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these",
            "those",
        ],
        w,
    )
}

pub fn is_subject_pronoun(w: &str) -> bool {
    contains(&["he", "she", "they", "we", "i", "it", "you", "there"], w)
}

pub fn is_object_pronoun(w: &str) -> bool {
    contains(&["him", "her", "them", "me", "us", "you", "it"], w)
}

/// Relative pronouns that stand for the noun phrase before them.
pub fn is_relative(w: &str) -> bool {
    contains(&["who", "which", "whom"], w)
}

/// Words that open a clause: a subject never reaches back across them.
pub fn is_clause_boundary(w: &str) -> bool {
    contains(
        &[
            "that", "and", "but", "or", "nor", "because", "as", "while", "when", "whereas", "if",
            "although", "though", "since", "so", "where", "whether", "than", "until", "unless",
            "after", "before", "how", "what", "why", "yet", "then", "once", "who", "which", "whom",
            "whose", "while", "amid", "despite", "however",
        ],
        w,
    )
}

pub fn is_coordinator(w: &str) -> bool {
    contains(&["and", "but", "or", "while", "whereas"], w)
}

/// Words between a subject and its verb: auxiliaries and adverbs ("has also said").
pub fn is_verb_modifier(w: &str) -> bool {
    contains(
        &[
            "also",
            "has",
            "have",
            "had",
            "'s",
            "’s",
            "previously",
            "recently",
            "later",
            "then",
            "repeatedly",
            "reportedly",
            "once",
            "first",
            "publicly",
            "privately",
            "frequently",
            "often",
            "again",
            "already",
            "never",
            "always",
            "just",
            "similarly",
            "further",
            "earlier",
            "separately",
            "specifically",
            "initially",
            "subsequently",
            "ultimately",
            "finally",
            "explicitly",
            "openly",
            "flatly",
            "quickly",
            "simply",
            "still",
            "even",
            "would",
            "will",
            "could",
            "can",
            "may",
            "might",
            "should",
            "must",
            "did",
            "does",
            "do",
            "allegedly",
            "apparently",
            "clearly",
            "reportedly",
            "long",
            "herself",
            "himself",
            "themselves",
            "itself",
            "personally",
            "directly",
            "indeed",
            "now",
            "only",
            "yesterday",
            "today",
            "not",
            "n't",
            "never",
            "ever",
            "continues",
            "continued",
            "to",
            "going",
        ],
        w,
    ) || w.len() > 5 && w.ends_with("ly") && !contains(&["family", "rally", "italy", "ally"], w)
}

/// Nouns that attribute what follows them to their possessor: "Trump's claim that ...",
/// "her warning that ...".
pub fn is_attribution_noun(w: &str) -> bool {
    contains(
        &[
            "claim",
            "claims",
            "assertion",
            "assertions",
            "statement",
            "statements",
            "remark",
            "remarks",
            "comment",
            "comments",
            "warning",
            "warnings",
            "promise",
            "promises",
            "pledge",
            "pledges",
            "belief",
            "beliefs",
            "view",
            "views",
            "argument",
            "arguments",
            "suggestion",
            "accusation",
            "accusations",
            "allegation",
            "allegations",
            "insistence",
            "fear",
            "fears",
            "hope",
            "hopes",
            "concern",
            "concerns",
            "denial",
            "denials",
            "contention",
            "prediction",
            "predictions",
            "vow",
            "threat",
            "threats",
            "admission",
            "announcement",
            "assurance",
            "assurances",
            "boast",
            "charge",
            "charges",
            "complaint",
            "complaints",
            "criticism",
            "demand",
            "demands",
            "insistence",
            "proposal",
            "suspicion",
        ],
        w,
    )
}

/// Possessive determiners: "his claim", "their view".
pub fn is_possessive_pronoun(w: &str) -> bool {
    contains(&["his", "her", "their", "its", "my", "our", "your"], w)
}

/// Forms of "be", which make a following participle passive.
pub fn is_modal(w: &str) -> bool {
    contains(
        &[
            "would", "will", "could", "can", "should", "may", "might", "must", "shall",
        ],
        w,
    )
}

pub fn is_be(w: &str) -> bool {
    contains(
        &[
            "is", "are", "was", "were", "be", "been", "being", "'s", "’s", "am", "get", "got",
        ],
        w,
    )
}

/// Function words that cannot sit inside a noun phrase that is a subject.
pub fn is_verbish(w: &str) -> bool {
    is_be(w)
        || contains(
            &[
                "has", "have", "had", "do", "does", "did", "will", "would", "can", "could",
                "should", "may", "might", "must", "not", "to", "it's", "there", "him", "them",
                "me", "us", "very", "too",
            ],
            w,
        )
}

pub fn is_preposition(w: &str) -> bool {
    contains(
        &[
            "in",
            "on",
            "at",
            "during",
            "after",
            "before",
            "with",
            "from",
            "by",
            "for",
            "of",
            "to",
            "about",
            "over",
            "under",
            "into",
            "through",
            "following",
            "since",
            "amid",
            "despite",
            "via",
            "against",
            "without",
            "within",
            "across",
            "among",
            "between",
            "toward",
            "towards",
            "upon",
            "like",
            "per",
            "outside",
            "inside",
        ],
        w,
    )
}

/// Words that name a time and may follow a cue: "said Monday", "told CNN on Thursday morning".
pub fn is_time_word(w: &str) -> bool {
    contains(
        &[
            "yesterday",
            "today",
            "tonight",
            "earlier",
            "later",
            "recently",
            "morning",
            "afternoon",
            "evening",
            "night",
            "week",
            "weekend",
            "month",
            "year",
            "day",
            "days",
            "weeks",
            "months",
            "years",
            "ago",
            "last",
            "this",
            "next",
            "past",
            "previous",
            "late",
            "early",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "jan.",
            "feb.",
            "aug.",
            "sept.",
            "oct.",
            "nov.",
            "dec.",
            "mon.",
            "tues.",
            "wed.",
            "thurs.",
            "fri.",
        ],
        w,
    )
}

/// Nouns of the occasion a statement was made on: "in a statement", "at a rally".
pub fn is_occasion_noun(w: &str) -> bool {
    contains(
        &[
            "statement",
            "statements",
            "interview",
            "interviews",
            "tweet",
            "tweets",
            "post",
            "posts",
            "email",
            "e-mail",
            "letter",
            "speech",
            "conference",
            "briefing",
            "rally",
            "debate",
            "appearance",
            "hearing",
            "event",
            "meeting",
            "call",
            "release",
            "op-ed",
            "memo",
            "report",
            "twitter",
            "facebook",
            "instagram",
            "telegram",
            "x",
            "radio",
            "television",
            "tv",
            "podcast",
            "video",
            "message",
            "remarks",
            "address",
            "session",
            "testimony",
            "broadcast",
            "show",
            "program",
            "programme",
            "town",
            "hall",
            "summit",
            "visit",
            "trip",
            "stop",
            "gathering",
            "forum",
            "luncheon",
            "dinner",
            "breakfast",
            "reporters",
            "journalists",
            "camera",
            "cameras",
            "media",
            "press",
            "audience",
            "crowd",
            "supporters",
            "voters",
            "students",
        ],
        w,
    )
}

/// Honorifics: they mark a person but are not a role ("Dr Fox", "Mr. Trump").
pub fn is_honorific(w: &str) -> bool {
    contains(
        &[
            "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "mx",
        ],
        w.trim_end_matches('.'),
    )
}

/// Words that name a role or title before a person's name ("Kremlin spokesman Dmitry Peskov",
/// "Tory co-chairman Liam Fox").
pub fn is_role_word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    let w = w.rsplit('-').next().unwrap_or(w);
    contains(
        &[
            "president",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "leader",
            "minister",
            "secretary",
            "senator",
            "sen",
            "rep",
            "representative",
            "gov",
            "governor",
            "mayor",
            "chairman",
            "chairwoman",
            "chair",
            "director",
            "chief",
            "ceo",
            "head",
            "official",
            "adviser",
            "advisor",
            "aide",
            "ambassador",
            "general",
            "gen",
            "lt",
            "col",
            "sgt",
            "maj",
            "capt",
            "adm",
            "judge",
            "justice",
            "attorney",
            "lawyer",
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "professor",
            "king",
            "queen",
            "prince",
            "princess",
            "pope",
            "speaker",
            "candidate",
            "nominee",
            "commissioner",
            "chancellor",
            "premier",
            "deputy",
            "vice",
            "former",
            "retired",
            "ex",
            "analyst",
            "economist",
            "strategist",
            "pollster",
            "manager",
            "chairperson",
            "founder",
            "executive",
            "editor",
            "correspondent",
            "reporter",
            "columnist",
            "host",
            "anchor",
            "congressman",
            "congresswoman",
            "lawmaker",
            "legislator",
            "councilman",
            "councilwoman",
            "sheriff",
            "officer",
            "commander",
            "admiral",
            "colonel",
            "lieutenant",
            "sergeant",
            "captain",
            "major",
            "ayatollah",
            "sheikh",
            "emir",
            "sultan",
            "lord",
            "lady",
            "sir",
            "dame",
            "rev",
            "reverend",
            "bishop",
            "cardinal",
            "rabbi",
            "imam",
            "coach",
            "owner",
            "partner",
            "counsel",
            "prosecutor",
            "detective",
            "inspector",
            "superintendent",
            "supt",
            "pres",
            "hon",
            "amb",
            "atty",
            "presidential",
            "press",
            "campaign",
            "state",
            "foreign",
            "defense",
            "defence",
            "interior",
            "finance",
            "justice",
            "prime",
            "first",
            "top",
            "senior",
            "acting",
            "interim",
            "shadow",
            "assistant",
            "associate",
            "general",
            "u.s.",
            "us",
            "uk",
            "eu",
            "un",
            "white",
            "house",
            "democratic",
            "republican",
            "gop",
            "democrat",
            "labour",
            "conservative",
            "tory",
            "party",
            "national",
            "security",
            "intelligence",
            "homeland",
            "trade",
            "industry",
            "health",
            "education",
            "energy",
            "treasury",
            "commerce",
            "transport",
            "environment",
        ],
        w,
    )
}

/// Nouns of documents and bodies whose findings are reported: "a study found the rate rose".
pub fn is_finding_noun(w: &str) -> bool {
    contains(
        &[
            "study",
            "studies",
            "report",
            "reports",
            "survey",
            "surveys",
            "poll",
            "polls",
            "analysis",
            "research",
            "review",
            "investigation",
            "audit",
            "inquiry",
            "panel",
            "court",
            "judge",
            "jury",
            "data",
            "researchers",
            "auditors",
            "investigators",
            "authors",
            "census",
        ],
        w,
    )
}

/// Plain nouns that make a group or anonymous source: "sources said", "officials say".
pub fn is_group_noun(w: &str) -> bool {
    contains(
        &[
            "sources",
            "officials",
            "experts",
            "analysts",
            "critics",
            "observers",
            "diplomats",
            "people",
            "residents",
            "witnesses",
            "lawmakers",
            "democrats",
            "republicans",
            "aides",
            "advisers",
            "advisors",
            "supporters",
            "opponents",
            "voters",
            "economists",
            "investors",
            "traders",
            "dealers",
            "media",
            "reports",
            "polls",
            "surveys",
            "studies",
            "activists",
            "protesters",
            "leaders",
            "members",
            "officers",
            "police",
            "authorities",
            "scientists",
            "researchers",
            "doctors",
            "insiders",
            "allies",
            "others",
            "many",
            "some",
            "several",
            "both",
        ],
        w,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_file_is_well_formed() {
        for line in include_str!("../../ontology/cues.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert!((3..=5).contains(&cols.len()), "bad columns: {line:?}");
            if let Some(forms) = cols.get(3).filter(|f| !f.is_empty()) {
                assert_eq!(forms.split(',').count(), 4, "four forms: {line:?}");
            }
        }
        assert!(cue("points").is_some_and(|c| c.particles == ["out", "to"] && c.particle_required));
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
