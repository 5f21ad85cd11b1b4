//! Who a source mention is: outlets from the gazetteer, people by full name, surname, title
//! or role ("The Kremlin spokesman"), pronouns and relative pronouns by the nearest compatible
//! speaker before them, groups ("Russian state-owned media", "officials") as unnamed groups.

use super::lexicon;
use super::tokens::Tokens;
use crate::gazetteer::Gazetteer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeakerKind {
    Person,
    Organization,
    Outlet,
    Group,
}

impl SpeakerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organization => "organization",
            SpeakerKind::Outlet => "outlet",
            SpeakerKind::Group => "group",
        }
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
            let mut j = i;
            while j < t.len() && t.toks[j].block == t.toks[i].block && t.is_cap(j) {
                j += 1;
            }
            r.register(i, j);
            i = j;
        }
        r
    }

    /// A run of capitalised tokens `i..j`: titles and roles first, then maybe a name.
    fn register(&mut self, i: usize, j: usize) {
        let t = self.t;
        let mut n = i;
        while n < j && (lexicon::is_role_word(t.lower(n)) || lexicon::is_determiner(t.lower(n))) {
            n += 1;
        }
        if n >= j {
            return;
        }
        let parts: Vec<String> = (n..j).map(|k| t.lower(k).to_string()).collect();
        let titled = (i..n).any(|k| lexicon::is_role_word(t.lower(k)))
            || i > 0 && lexicon::is_role_word(t.lower(i - 1));
        let org = parts.iter().any(|p| lexicon::is_organisation_word(p));
        if org || !(is_person_name(&parts) || titled && parts.len() == 1) {
            return;
        }
        let text = &t.text[t.toks[n].start..t.toks[j - 1].end];
        if self.gazetteer.lookup(text).is_some() {
            return;
        }
        let role = self.role_before(n);
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
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

    /// The role right before a name: "Kremlin spokesman", "US President", "Trump adviser".
    fn role_before(&self, n: usize) -> Option<String> {
        let t = self.t;
        let same_block = |k: usize| t.toks[k].block == t.toks[n].block;
        if n == 0 || !same_block(n - 1) || !lexicon::is_role_word(t.lower(n - 1)) {
            return None;
        }
        // "Dr Fox": an honorific alone is not a role.
        if lexicon::is_honorific(t.lower(n - 1)) {
            return None;
        }
        let mut s = n - 1;
        while s > 0
            && same_block(s - 1)
            && n - s < 5
            && (lexicon::is_role_word(t.lower(s - 1)) || t.is_cap(s - 1))
            && !lexicon::is_determiner(t.lower(s - 1))
        {
            s -= 1;
        }
        Some(t.text[t.toks[s].start..t.toks[n - 1].end].to_string())
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
        // A name inside the mention: the last capitalised run that is not a role.
        let mut name_end = e;
        while name_end > a && !t.is_cap(name_end - 1) {
            name_end -= 1;
        }
        let mut name_start = name_end;
        while name_start > a && t.is_cap(name_start - 1) {
            name_start -= 1;
        }
        while name_start < name_end && lexicon::is_role_word(t.lower(name_start)) {
            name_start += 1;
        }
        let last = t.lower(e - 1);
        let ends_in_name = name_end == e && name_start < name_end;
        if ends_in_name {
            let parts: Vec<String> = (name_start..name_end)
                .map(|k| t.lower(k).to_string())
                .collect();
            if let Some(p) = self.person_for(&parts, s) {
                // The role given here ("Kremlin spokesman Dmitry Peskov"), else the one given
                // before; an honorific ("Dr Fox") is no role.
                let role_start = (a..name_start)
                    .find(|&k| !lexicon::is_honorific(t.lower(k)))
                    .unwrap_or(name_start);
                let role = (role_start < name_start)
                    .then(|| {
                        t.text[t.toks[role_start].start..t.toks[name_start - 1].end].to_string()
                    })
                    .or_else(|| p.role.clone());
                return Some(Speaker {
                    name: p.name.clone(),
                    kind: SpeakerKind::Person,
                    role,
                    outlet: None,
                });
            }
            let name = t.text[t.toks[name_start].start..t.toks[name_end - 1].end].to_string();
            let org = parts.iter().any(|p| lexicon::is_organisation_word(p));
            let kind = if !org && (parts.len() >= 2 || name_start > a) {
                SpeakerKind::Person
            } else {
                SpeakerKind::Organization
            };
            return Some(Speaker {
                name,
                kind,
                role: None,
                outlet: None,
            });
        }
        // A role without a name: "the Kremlin spokesman" is whoever the text gave that role.
        let role_words: Vec<&str> = (a..e).map(|k| t.lower(k)).collect();
        if let Some(p) = self.person_with_role(&role_words, s) {
            return Some(Speaker {
                name: p.name.clone(),
                kind: SpeakerKind::Person,
                role: p.role.clone(),
                outlet: None,
            });
        }
        let bare = t.text[t.toks[a].start..t.toks[e - 1].end].to_string();
        let kind = if lexicon::is_group_noun(last) || last.ends_with('s') && !t.is_cap(e - 1) {
            SpeakerKind::Group
        } else if lexicon::is_role_word(last) {
            SpeakerKind::Person
        } else {
            SpeakerKind::Organization
        };
        Some(Speaker {
            name: bare,
            kind,
            role: None,
            outlet: None,
        })
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

    fn pronoun(&self, w: &str, at: usize, before: &[(usize, Speaker)]) -> Option<Speaker> {
        let person = matches!(w, "he" | "she" | "him" | "her" | "i");
        let wanted = |s: &Speaker| {
            if person {
                s.kind == SpeakerKind::Person
            } else {
                s.kind != SpeakerKind::Person || w == "they" || w == "we"
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
            return Some(Speaker {
                name: p.name.clone(),
                kind: SpeakerKind::Person,
                role: p.role.clone(),
                outlet: None,
            });
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
    }
}
