//! Who a source mention is: outlets from the gazetteer, people by full name, surname, title
//! or role ("The Kremlin spokesman"), pronouns and relative pronouns by the nearest compatible
//! speaker before them, groups ("Russian state-owned media", "officials") as unnamed groups.

use super::lexicon;
use super::tokens::Tokens;
use crate::gazetteer::Gazetteer;
use crate::names::label;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeakerKind {
    Person,
    Organization,
    Outlet,
    Group,
    /// A person the article names only by role ("a Kremlin spokesman", "the minister").
    Role,
}

impl SpeakerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organization => "organization",
            SpeakerKind::Outlet => "outlet",
            SpeakerKind::Group => "group",
            SpeakerKind::Role => "role",
        }
    }

    /// Whether the speaker is someone in particular, the same in every article: an unnamed
    /// role or group is only who the article means.
    pub fn is_named(self) -> bool {
        !matches!(self, SpeakerKind::Group | SpeakerKind::Role)
    }
}

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub kind: SpeakerKind,
    pub role: Option<String>,
    /// Gazetteer id when the speaker is a known outlet.
    pub outlet: Option<&'static str>,
    /// The organisation an unnamed role belongs to ("the Kremlin" for "a Kremlin spokesman").
    pub affiliation: Option<String>,
}

/// A person named in the article, with the role the text gives them.
#[derive(Debug, Clone)]
struct Person {
    name: String,
    /// Lower-cased name tokens.
    parts: Vec<String>,
    role: Option<String>,
    /// Token positions where the person is named.
    at: Vec<usize>,
}

fn is_person_name(parts: &[String]) -> bool {
    (2..=4).contains(&parts.len())
        && !parts
            .iter()
            .any(|p| lexicon::is_organisation_word(p) || lexicon::is_role_word(p))
}

/// A one-word name needs a title noun before it ("President Trump"); "former England" or a
/// lone letter is nobody.
fn is_one_word_name(word: &str, titled: bool) -> bool {
    titled && !word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// "Germany's", "Kremlin’s".
fn is_possessive(token: &str) -> bool {
    token.ends_with("'s") || token.ends_with("\u{2019}s")
}

impl Speaker {
    fn person(name: &str, role: Option<String>) -> Self {
        Speaker {
            name: label(name),
            kind: SpeakerKind::Person,
            role: role.map(|r| label(&r)),
            outlet: None,
            affiliation: None,
        }
    }

    fn other(name: &str, kind: SpeakerKind) -> Self {
        Speaker {
            name: label(name),
            kind,
            role: None,
            outlet: None,
            affiliation: None,
        }
    }
}

pub struct Resolver<'a, 't> {
    t: &'a Tokens<'t>,
    people: Vec<Person>,
    gazetteer: &'static Gazetteer,
}

impl<'a, 't> Resolver<'a, 't> {
    /// Collects the people named anywhere in the article, with their roles.
    pub fn new(t: &'a Tokens<'t>) -> Self {
        let mut r = Resolver {
            t,
            people: Vec::new(),
            gazetteer: Gazetteer::get(),
        };
        let mut i = 0;
        while i < t.len() {
            if !t.is_cap(i) {
                i += 1;
                continue;
            }
            // "Germany's Merz": the possessive ends a run; the name is Merz's own.
            let mut j = i + 1;
            while j < t.len()
                && t.toks[j].block == t.toks[i].block
                && t.is_cap(j)
                && !is_possessive(t.text(j - 1))
            {
                j += 1;
            }
            if !is_possessive(t.text(j - 1)) {
                r.register(i, j);
            }
            i = j;
        }
        r
    }

    /// A run of capitalised tokens `i..j`: a title first, then maybe a name.
    fn register(&mut self, i: usize, j: usize) {
        let t = self.t;
        let n = self.name_start(i, j);
        if n >= j || lexicon::is_role_word(t.lower(j - 1)) {
            return;
        }
        let parts: Vec<String> = (n..j).map(|k| t.lower(k).to_string()).collect();
        let titled = (i..n).any(|k| lexicon::is_title_noun(t.lower(k)))
            || n > 0 && lexicon::is_title_noun(t.lower(n - 1))
            || self.office_before(i);
        let org = parts.iter().any(|p| lexicon::is_organisation_word(p));
        if org
            || !(is_person_name(&parts) || parts.len() == 1 && is_one_word_name(&parts[0], titled))
        {
            return;
        }
        let text = &t.text[t.toks[n].start..t.toks[j - 1].end];
        if self.gazetteer.lookup(text).is_some() {
            return;
        }
        let role = self.role_before(n);
        let name = label(text);
        match self.people.iter_mut().find(|p| p.name == name) {
            Some(p) => {
                p.at.push(n);
                if p.role.is_none() {
                    p.role = role;
                }
            }
            None => self.people.push(Person {
                name,
                parts,
                role,
                at: vec![n],
            }),
        }
    }

    /// Where the name starts in the capitalised run `i..j`: after the run's last role word
    /// ("Polish Foreign Minister | Radosław Sikorski"), and in a run that goes on naming an
    /// office ("Chancellor of the | Exchequer Nigel Lawson") at its last two words.
    fn name_start(&self, i: usize, j: usize) -> usize {
        let t = self.t;
        let mut n = i;
        for k in i..j.saturating_sub(1) {
            let w = t.lower(k);
            if lexicon::is_role_word(w) || lexicon::is_determiner(w) {
                n = k + 1;
            }
        }
        if self.office_before(i) && j - n > 2 {
            n = j - 2;
        }
        n
    }

    /// Whether the run at `i` continues a title with "of" ("Minister of | Foreign Affairs",
    /// "Chancellor of the | Exchequer").
    fn office_before(&self, i: usize) -> bool {
        let t = self.t;
        let same_block = |k: usize| t.toks[k].block == t.toks[i].block;
        let of = match i {
            0 | 1 => return false,
            _ if t.lower(i - 1) == "of" => i - 1,
            _ if t.lower(i - 1) == "the" && t.lower(i - 2) == "of" => i - 2,
            _ => return false,
        };
        of > 0 && same_block(of - 1) && lexicon::is_title_noun(t.lower(of - 1))
    }

    /// The title right before a name that starts at `n`: "Kremlin spokesman", "US
    /// President", "Trump adviser", "Chancellor of the Exchequer".
    fn role_before(&self, n: usize) -> Option<String> {
        let t = self.t;
        let same_block = |k: usize| t.toks[k].block == t.toks[n].block;
        let mut s = n;
        while s > 0 && same_block(s - 1) && n - s < 8 {
            let w = t.lower(s - 1);
            if lexicon::is_determiner(w) {
                break;
            }
            // "Chancellor of the Exchequer": "of" and "the" inside an office's title.
            let in_title = lexicon::is_role_word(w)
                || t.is_cap(s - 1)
                || w == "of" && s < n && self.office_before(s)
                || w == "the" && s < n && s >= 2 && t.lower(s - 2) == "of";
            if !in_title {
                break;
            }
            s -= 1;
        }
        // "Dr Fox": an honorific alone is not a role.
        let titled =
            (s..n).any(|k| lexicon::is_role_word(t.lower(k)) && !lexicon::is_honorific(t.lower(k)));
        (s < n && titled).then(|| label(&t.text[t.toks[s].start..t.toks[n - 1].end]))
    }

    /// Resolves the mention in tokens `s..e`. `before` lists the speakers resolved so far,
    /// nearest last, for pronouns.
    pub fn resolve(&self, s: usize, e: usize, before: &[(usize, Speaker)]) -> Option<Speaker> {
        let t = self.t;
        let text = t.text[t.toks[s].start..t.toks[e - 1].end].trim();
        let first = t.lower(s);
        if e - s == 1 && (lexicon::is_subject_pronoun(first) || lexicon::is_object_pronoun(first)) {
            return self.pronoun(first, s, before);
        }
        if e - s == 1 && (lexicon::is_relative(first) || first == "that") {
            return self.antecedent(s, before);
        }
        if let Some(o) = self.gazetteer.lookup(text) {
            return Some(outlet_speaker(o));
        }
        // Skip determiners: "The Kremlin spokesman" -> "Kremlin spokesman".
        let mut a = s;
        while a < e && lexicon::is_determiner(t.lower(a)) {
            a += 1;
        }
        if a >= e {
            return None;
        }
        // A name inside the mention: the last capitalised run, after the title in it.
        let mut name_end = e;
        while name_end > a && !t.is_cap(name_end - 1) {
            name_end -= 1;
        }
        let mut run_start = name_end;
        while run_start > a && t.is_cap(run_start - 1) && !is_possessive(t.text(run_start - 1)) {
            run_start -= 1;
        }
        let bare = {
            let from = (s..e)
                .find(|&k| !lexicon::is_article(t.lower(k)))
                .unwrap_or(a);
            &t.text[t.toks[from].start..t.toks[e - 1].end]
        };
        // "officials in Brussels", "sources close to the Kremlin": a group heads the mention.
        if let Some(p) = (a + 1..e).find(|&k| lexicon::is_preposition(t.lower(k)))
            && (a..p).any(|k| lexicon::is_group_noun(t.lower(k)))
        {
            return Some(Speaker::other(bare, SpeakerKind::Group));
        }
        let name_start = if run_start < name_end && lexicon::is_role_word(t.lower(name_end - 1)) {
            name_end
        } else {
            self.name_start(run_start, name_end)
        };
        let last = t.lower(e - 1);
        if name_end == e && name_start < name_end {
            return Some(self.named(a, (run_start, name_start), name_end, s));
        }
        // A role without a name: "the Kremlin spokesman" is whoever the text gave that role.
        let role_words: Vec<&str> = (a..e).map(|k| t.lower(k)).collect();
        if let Some(p) = self
            .person_with_role(&role_words, s)
            .or_else(|| self.sole_office_holder(s, e))
        {
            return Some(Speaker::person(&p.name, p.role.clone()));
        }
        if lexicon::is_group_noun(last) || last.ends_with('s') && !t.is_cap(e - 1) {
            return Some(Speaker::other(bare, SpeakerKind::Group));
        }
        if lexicon::is_role_word(last) {
            return Some(self.unnamed_role(a, e));
        }
        Some(Speaker::other(bare, SpeakerKind::Organization))
    }

    /// The mention `a..name_end` ends in the name `name_start..name_end`: a person of the
    /// article, else a new one or an organisation, else a role of one ("a spokesperson for
    /// HMRC").
    fn named(
        &self,
        a: usize,
        (run_start, name_start): (usize, usize),
        name_end: usize,
        at: usize,
    ) -> Speaker {
        let t = self.t;
        let parts: Vec<String> = (name_start..name_end)
            .map(|k| t.lower(k).to_string())
            .collect();
        // The title given here ("Kremlin spokesman Dmitry Peskov"), else the one given
        // before; an honorific ("Dr Fox") is no title.
        let title_start = (a..name_start)
            .find(|&k| !lexicon::is_honorific(t.lower(k)))
            .unwrap_or(name_start);
        // "Germany's Merz": a possessive before the name is no title.
        let title = (title_start..name_start)
            .any(|k| lexicon::is_role_word(t.lower(k)))
            .then(|| &t.text[t.toks[title_start].start..t.toks[name_start - 1].end]);
        if let Some(p) = self.person_for(&parts, at) {
            let role = title.map(str::to_string).or_else(|| p.role.clone());
            return Speaker::person(&p.name, role);
        }
        let name = &t.text[t.toks[name_start].start..t.toks[name_end - 1].end];
        // "a spokesperson for HMRC": the role of an organisation, not a person called HMRC.
        if name_start > a
            && matches!(t.lower(name_start - 1), "for" | "of" | "at" | "from")
            && name_start >= a + 2
            && lexicon::is_title_noun(t.lower(name_start - 2))
        {
            let mut role = self.unnamed_role(a, name_start - 1);
            role.affiliation = Some(label(name));
            role.name = label(&t.text[t.toks[a].start..t.toks[name_end - 1].end]);
            return role;
        }
        let org = parts.iter().any(|p| lexicon::is_organisation_word(p));
        if org {
            // "The Treasury Department": the whole capitalised run names the body.
            let whole = &t.text[t.toks[run_start].start..t.toks[name_end - 1].end];
            return Speaker::other(whole, SpeakerKind::Organization);
        }
        let titled = (a..name_start).any(|k| lexicon::is_title_noun(t.lower(k)))
            || self.office_before(name_start);
        let person =
            is_person_name(&parts) || parts.len() == 1 && is_one_word_name(&parts[0], titled);
        if person {
            return Speaker::person(name, title.map(str::to_string));
        }
        Speaker::other(name, SpeakerKind::Organization)
    }

    /// "a Kremlin spokesman", "the Pentagon spokeswoman", "the minister": a person known by
    /// role only, with the organisation the role names.
    fn unnamed_role(&self, a: usize, e: usize) -> Speaker {
        let t = self.t;
        let affiliation: Vec<usize> = (a..e)
            .filter(|&k| t.is_cap(k) && !lexicon::is_role_word(t.lower(k)))
            .collect();
        let affiliation = match (affiliation.first(), affiliation.last()) {
            (Some(&f), Some(&l)) if (f..=l).all(|k| t.is_cap(k)) => {
                Some(label(&t.text[t.toks[f].start..t.toks[l].end]))
            }
            _ => None,
        };
        // "SPOKESMAN", "Spokesman" opening a line: the same words as "spokesman".
        let name = (a..e)
            .map(|k| {
                if lexicon::is_role_word(t.lower(k)) || !t.is_cap(k) {
                    t.lower(k).to_string()
                } else {
                    label(t.text(k))
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        Speaker {
            role: Some(name.clone()),
            name,
            kind: SpeakerKind::Role,
            outlet: None,
            affiliation,
        }
    }

    /// The person whose name ends (or starts) with `parts`, named nearest before token `at`,
    /// else first after it.
    fn person_for(&self, parts: &[String], at: usize) -> Option<&Person> {
        let matches = |p: &&Person| {
            p.parts.ends_with(parts) || parts.len() == 1 && p.parts.first() == parts.first()
        };
        // A full name wins over a bare surname ("Dr Fox" is "Liam Fox"); then the person
        // named nearest before, else the first named after.
        let rank = |p: &Person| {
            let before = p.at.iter().filter(|&&k| k <= at).max().copied();
            let after = p.at.iter().min().copied().unwrap_or(usize::MAX);
            (
                p.parts.len() > parts.len(),
                before.is_some(),
                before.unwrap_or(0),
                usize::MAX - after,
            )
        };
        self.people.iter().filter(matches).max_by_key(|p| rank(p))
    }

    /// The person last named before `at` whose role contains all of `words`.
    fn person_with_role(&self, words: &[&str], at: usize) -> Option<&Person> {
        let significant: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !lexicon::is_determiner(w))
            .collect();
        if significant.is_empty() {
            return None;
        }
        self.people
            .iter()
            .filter(|p| {
                p.role.as_ref().is_some_and(|r| {
                    let r = r.to_lowercase();
                    significant
                        .iter()
                        .all(|w| r.split_whitespace().any(|x| x == *w))
                })
            })
            .filter_map(|p| p.at.iter().filter(|&&k| k <= at).max().map(|&k| (k, p)))
            .max_by_key(|(k, _)| *k)
            .map(|(_, p)| p)
    }

    /// "the chancellor" (`s..e`), an office with no one given it in the text, is the one
    /// person the article has named before it, when it has named only one.
    fn sole_office_holder(&self, s: usize, e: usize) -> Option<&Person> {
        let t = self.t;
        let bare_office = t.lower(s) == "the"
            && e >= s + 2
            && (s + 1..e).all(|k| lexicon::is_role_word(t.lower(k)))
            && lexicon::is_office_noun(t.lower(e - 1));
        if !bare_office {
            return None;
        }
        let mut named = self.people.iter().filter(|p| {
            // Named before, below the headline (an all-capital headline makes "people"
            // of "MLN DLRS"), and not a phrase such as "In March".
            p.parts.len() >= 2
                && p.at.iter().any(|&k| k < s && t.toks[k].block > 0)
                && !lexicon::is_preposition(&p.parts[0])
                && !lexicon::is_determiner(&p.parts[0])
        });
        match (named.next(), named.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }

    fn pronoun(&self, w: &str, at: usize, before: &[(usize, Speaker)]) -> Option<Speaker> {
        let person = matches!(w, "he" | "she" | "him" | "her" | "i");
        let of_person = |s: &Speaker| matches!(s.kind, SpeakerKind::Person | SpeakerKind::Role);
        let wanted = |s: &Speaker| {
            if person {
                of_person(s)
            } else {
                !of_person(s) || w == "they" || w == "we"
            }
        };
        if let Some((_, s)) = before.iter().rev().find(|(_, s)| wanted(s)) {
            return Some(s.clone());
        }
        if person {
            // Nobody spoke yet: the last person named before the pronoun.
            let p = self
                .people
                .iter()
                .filter(|p| p.parts.len() >= 2)
                .filter_map(|p| p.at.iter().filter(|&&k| k < at).max().map(|&k| (k, p)))
                .max_by_key(|(k, _)| *k)?
                .1;
            return Some(Speaker::person(&p.name, p.role.clone()));
        }
        None
    }

    /// "Trump, who said": the noun phrase before the comma in front of the relative pronoun.
    fn antecedent(&self, rel: usize, before: &[(usize, Speaker)]) -> Option<Speaker> {
        let t = self.t;
        let mut e = rel;
        if e > 0 && t.is_punct(e - 1, ",") {
            e -= 1;
        }
        let mut s = e;
        while s > 0
            && e - s < 6
            && t.toks[s - 1].block == t.toks[rel].block
            && (t.is_cap(s - 1) || lexicon::is_role_word(t.lower(s - 1)))
        {
            s -= 1;
        }
        if s < e {
            return self.resolve(s, e, before);
        }
        before.last().map(|(_, s)| s.clone())
    }

    /// Outlets named in tokens `s..e` ("CNN" in "told CNN").
    pub fn outlets_in(&self, s: usize, e: usize) -> Vec<&'static str> {
        let t = self.t;
        let text = &t.text[t.toks[s].start..t.toks[e - 1].end];
        self.gazetteer
            .find_all(text)
            .iter()
            .map(|f| f.outlet.label.as_str())
            .collect()
    }
}

pub fn outlet_speaker(o: &'static crate::gazetteer::Outlet) -> Speaker {
    Speaker {
        name: o.label.clone(),
        kind: SpeakerKind::Outlet,
        role: None,
        outlet: Some(o.id.as_str()),
        affiliation: None,
    }
}
