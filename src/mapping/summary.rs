//! The summary graph: counts kept up to date as articles are written, so that `stats`,
//! `outlets` and `speakers` read a few quads instead of scanning every article graph (at a
//! million articles a scan takes minutes). What is counted is exactly what the scanning
//! queries (`queries/scan/`) count; a test holds the two to the same answers.
//!
//! Totals hang off the summary graph's own IRI: articles, statements and quads in
//! claimtrace's graphs. Per agent: statements it spoke (`ct:statementCount`), statements
//! it spoke or reported (`ct:carriedCount`), articles whose graph names it
//! (`ct:articleCount`). Agents are only counted, never typed here: the queries keep their
//! filters on the registry's types and labels.
//!
//! `speakers` lists the leading speakers, not all of them (a million articles name nearly a
//! million, most once, and looking up each one's name takes minutes): the
//! [`LEADING_SPEAKERS`] with most statements and all tied with the last, each marked
//! `ct:leads` with its count, the least of those counts on the summary's IRI
//! (`ct:leadingCount`). While counts only grow (new articles), the leaders are found among
//! the last ones and the speakers whose counts changed; a count that fell means a read of
//! every count.
//!
//! `outlets` lists every outlet, in the order of their ranks (`ct:outletRank`), made anew
//! whenever an ingest ends or removes something, in the same transaction as the counts; the
//! number ranked (`ct:rankedOutlets`) on the summary's IRI says that the summary keeps ranks
//! (one without is made anew).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

use super::iri::Ids;
use super::pattern::Pattern;
use super::vocab::{ct, schema};

/// How many speakers `speakers` lists at least (all of them tied with the last too).
pub const LEADING_SPEAKERS: usize = 1000;

/// The leading speakers among `counts` (each speaker once): the [`LEADING_SPEAKERS`]
/// with most statements and all tied with the last, or everyone when there are fewer; and
/// the least count among them (1 when everyone leads).
pub fn leaders(mut counts: Vec<(NamedNode, i64)>) -> (Vec<(NamedNode, i64)>, i64) {
    counts.retain(|(_, n)| *n > 0);
    if counts.len() < LEADING_SPEAKERS {
        return (counts, 1);
    }
    let (_, nth, _) = counts.select_nth_unstable_by(LEADING_SPEAKERS - 1, |a, b| b.1.cmp(&a.1));
    let least = nth.1;
    counts.retain(|(_, n)| *n >= least);
    (counts, least)
}

/// Whom to choose the leaders from when counts only grew: the last `leaders`, whose counts
/// were at least `least`, and the speakers whose counts `grew` to at least `least` (their
/// new counts); every other speaker had fewer than `least` and still has.
pub fn candidates_after_growth(
    leaders: impl IntoIterator<Item = (NamedNode, i64)>,
    least: i64,
    grown: impl IntoIterator<Item = (NamedNode, i64)>,
) -> Vec<(NamedNode, i64)> {
    let mut counts: HashMap<NamedNode, i64> = leaders.into_iter().collect();
    counts.extend(grown.into_iter().filter(|(_, n)| *n >= least));
    counts.into_iter().collect()
}

/// An outlet (or unnamed group of outlets) that `outlets` lists, for ranking.
#[derive(Debug, Clone)]
pub struct ListedOutlet {
    pub outlet: NamedNode,
    /// Statements it spoke or reported (`ct:carriedCount`, 0 when none).
    pub carried: i64,
    /// The first of its names in code-point order (the query lists a row per name).
    pub name: String,
}

/// Each outlet's place in `outlets` (`ct:outletRank`, from 1): most statements carried
/// first, then by name, then by IRI. The query sorts by these numbers rather than by the
/// names, each of which Oxigraph reads from the store again for every comparison (0.45 s
/// of 1.2 for the 11,697 outlets of a million articles).
pub fn outlet_ranks(mut outlets: Vec<ListedOutlet>) -> Vec<(NamedNode, i64)> {
    outlets.sort_by(|a, b| {
        (b.carried, &a.name, a.outlet.as_str()).cmp(&(a.carried, &b.name, b.outlet.as_str()))
    });
    outlets
        .into_iter()
        .zip(1..)
        .map(|(o, rank)| (o.outlet, rank))
        .collect()
}

/// Every agent typed a news organisation, in any graph: the outlets `outlets` may list.
pub fn news_organisations() -> Pattern {
    Pattern {
        subject: None,
        predicate: Some(rdf::TYPE),
        object: Some(schema::NEWS_MEDIA_ORGANIZATION.into()),
        graph: None,
    }
}

/// How a tally changes speakers' statement counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakersChange {
    None,
    OnlyGrew,
    SomeFell,
}

/// Changes to the summary's counts, gathered over a batch of writes, then applied at once.
#[derive(Debug, Default)]
pub struct Tally {
    /// Per (subject, count property): the change.
    changes: HashMap<(NamedNode, NamedNodeRef<'static>), i64>,
}

impl Tally {
    /// No changes yet, but the totals written even if they stay 0 (a new summary).
    pub fn totals(ids: &Ids) -> Self {
        let summary = ids.summary_graph();
        let mut tally = Tally::default();
        for total in [ct::ARTICLE_TOTAL, ct::STATEMENT_TOTAL, ct::QUAD_TOTAL] {
            tally.changes.insert((summary.clone(), total), 0);
        }
        tally
    }

    /// How it changes how many statements agents spoke (and so, perhaps, who leads).
    pub fn speakers_change(&self) -> SpeakersChange {
        let deltas = self
            .changes
            .iter()
            .filter(|((_, p), d)| *p == ct::STATEMENT_COUNT && **d != 0)
            .map(|(_, d)| *d);
        let mut change = SpeakersChange::None;
        for d in deltas {
            if d < 0 {
                return SpeakersChange::SomeFell;
            }
            change = SpeakersChange::OnlyGrew;
        }
        change
    }

    /// The subjects whose counts it changes, each once.
    pub fn subjects(&self) -> Vec<&NamedNode> {
        let subjects: HashSet<&NamedNode> = self.changes.keys().map(|(s, _)| s).collect();
        subjects.into_iter().collect()
    }

    /// How many counts it changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.values().all(|&d| d == 0)
    }

    /// Adds `other`'s changes to these.
    pub fn merge(&mut self, other: &Tally) {
        for ((subject, property), by) in &other.changes {
            self.add(subject, *property, *by);
        }
    }

    fn add(&mut self, subject: &NamedNode, property: NamedNodeRef<'static>, by: i64) {
        if by != 0 {
            *self.changes.entry((subject.clone(), property)).or_default() += by;
        }
    }

    /// `by` quads more (or fewer) in claimtrace's graphs.
    pub fn quads(&mut self, ids: &Ids, by: i64) {
        self.add(&ids.summary_graph(), ct::QUAD_TOTAL, by);
    }

    /// An article's graph `quads` added (`sign` 1) or removed (-1): the article, its
    /// statements, its quads (each once), who spoke, who carried, who was named.
    pub fn article<'q>(
        &mut self,
        ids: &Ids,
        article: &NamedNode,
        quads: impl IntoIterator<Item = &'q Quad>,
        sign: i64,
    ) {
        let distinct: HashSet<&Quad> = quads.into_iter().collect();
        let summary = ids.summary_graph();
        self.add(&summary, ct::ARTICLE_TOTAL, sign);
        self.add(&summary, ct::QUAD_TOTAL, sign * distinct.len() as i64);
        let mut statements = 0;
        let mut spoken: HashMap<&NamedNode, i64> = HashMap::default();
        // A statement both spoken and reported by one agent is carried by it once.
        let mut carried: HashSet<(&NamedNode, &NamedNode)> = HashSet::default();
        let mut named: HashSet<&NamedNode> = HashSet::default();
        // Each quad is distinct, so each (statement, speaker) pair below is counted once.
        for q in &distinct {
            let Term::NamedNode(object) = &q.object else {
                continue;
            };
            let p = q.predicate.as_ref();
            if p == rdf::TYPE && object.as_ref() == ct::STATEMENT {
                statements += 1;
            }
            if !names_an_agent(ids, article, object) {
                continue;
            }
            named.insert(object);
            if p == ct::SPEAKER {
                *spoken.entry(object).or_default() += 1;
            }
            if (p == ct::SPEAKER || p == ct::REPORTED_BY)
                && let oxigraph::model::NamedOrBlankNode::NamedNode(statement) = &q.subject
            {
                carried.insert((statement, object));
            }
        }
        self.add(&summary, ct::STATEMENT_TOTAL, sign * statements);
        for (agent, n) in spoken {
            self.add(agent, ct::STATEMENT_COUNT, sign * n);
        }
        for (_, agent) in carried {
            self.add(agent, ct::CARRIED_COUNT, sign);
        }
        for agent in named {
            self.add(agent, ct::ARTICLE_COUNT, sign);
        }
    }

    /// The quads to remove and to insert so that the summary holds its counts with these
    /// changes; `current` reads a count as stored (`None` when absent).
    pub fn apply<E>(
        &self,
        ids: &Ids,
        mut current: impl FnMut(&NamedNode, NamedNodeRef<'static>) -> Result<Option<i64>, E>,
    ) -> Result<(Vec<Quad>, Vec<Quad>), E> {
        let graph = GraphName::NamedNode(ids.summary_graph());
        let quad = |s: &NamedNode, p: NamedNodeRef<'static>, n: i64| {
            Quad::new(s.clone(), p, count(n), graph.clone())
        };
        let (mut remove, mut insert) = (Vec::new(), Vec::new());
        // Sorted, so that the same changes always write in the same order.
        let summary = ids.summary_graph();
        let mut changes: Vec<_> = self
            .changes
            .iter()
            .filter(|((s, _), d)| **d != 0 || *s == summary)
            .collect();
        changes.sort_by(|a, b| {
            (a.0.0.as_str(), a.0.1.as_str()).cmp(&(b.0.0.as_str(), b.0.1.as_str()))
        });
        for ((subject, property), delta) in changes {
            let stored = current(subject, *property)?;
            let was = stored.unwrap_or(0);
            let now = (was + delta).max(0);
            if stored.is_some() {
                remove.push(quad(subject, *property, was));
            }
            // Totals stay even at 0 (they mark the summary as kept); an agent's count of 0
            // is no entry at all, as the scanning queries would not list it.
            if now != 0 || *subject == summary {
                insert.push(quad(subject, *property, now));
            }
        }
        Ok((remove, insert))
    }
}

/// The count literal as the scanning queries' COUNT gives it: an xsd:integer.
pub fn count(n: i64) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// Reads a count literal back (0 for anything else).
pub fn read_count(term: &Term) -> i64 {
    match term {
        Term::Literal(l) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

/// Whether `object`, met in `article`'s graph, is an agent (a registry agent under the base,
/// or one of the article's own unnamed agents), not one of the article's own nodes (its
/// statements, spans, images), a claim or a vocabulary term.
fn names_an_agent(ids: &Ids, article: &NamedNode, object: &NamedNode) -> bool {
    let iri = object.as_str();
    let Some(path) = iri.strip_prefix(ids.base()) else {
        return false;
    };
    match iri.strip_prefix(article.as_str()) {
        Some(own) => own.starts_with("/agent/"),
        None => !path.starts_with("claim/") && !path.starts_with("article/"),
    }
}

/// What the summary graph says of `subject` for `property` (a count, a total, the mark).
pub fn value_of(ids: &Ids, subject: &NamedNode, property: NamedNodeRef<'static>) -> Pattern {
    Pattern {
        subject: Some(subject.clone()),
        predicate: Some(property),
        object: None,
        graph: Some(ids.summary_graph()),
    }
}

/// Everything the summary graph says of `subject`.
pub fn described(ids: &Ids, subject: &NamedNode) -> Pattern {
    Pattern {
        subject: Some(subject.clone()),
        predicate: None,
        object: None,
        graph: Some(ids.summary_graph()),
    }
}

/// Every agent's count of `property` (`ct:statementCount`, ...).
pub fn counts_of(ids: &Ids, property: NamedNodeRef<'static>) -> Pattern {
    Pattern {
        subject: None,
        predicate: Some(property),
        object: None,
        graph: Some(ids.summary_graph()),
    }
}

/// A total, or the mark of an ingest under way, on the summary graph's own IRI.
pub fn total(ids: &Ids, property: NamedNodeRef<'static>) -> Pattern {
    value_of(ids, &ids.summary_graph(), property)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leaders_are_the_first_thousand_with_all_tied_or_everyone() {
        let speaker = |i: usize| NamedNode::new_unchecked(format!("http://example.org/{i}"));
        let few: Vec<_> = (0..5).map(|i| (speaker(i), i as i64)).collect();
        let (leading, least) = leaders(few);
        assert_eq!((leading.len(), least), (4, 1), "everyone with a statement");

        let n = LEADING_SPEAKERS + 500;
        let many: Vec<_> = (0..n).map(|i| (speaker(i), (n - i) as i64)).collect();
        let (leading, least) = leaders(many);
        assert_eq!((leading.len(), least), (LEADING_SPEAKERS, 501));

        // Ties at the cut: every speaker tied with the last leads.
        let tied: Vec<_> = (0..LEADING_SPEAKERS + 13)
            .map(|i| {
                (
                    speaker(i),
                    if i < 3 {
                        40
                    } else if i < 1010 {
                        7
                    } else {
                        2
                    },
                )
            })
            .collect();
        let (leading, least) = leaders(tied);
        assert_eq!((leading.len(), least), (1010, 7));
    }

    #[test]
    fn outlets_rank_by_statements_then_name_then_iri() {
        let outlet = |iri: &str, carried, name: &str| ListedOutlet {
            outlet: NamedNode::new_unchecked(format!("http://example.org/{iri}")),
            carried,
            name: name.into(),
        };
        let ranks = outlet_ranks(vec![
            outlet("z", 3, "Zeit"),
            outlet("b", 9, "Bloomberg"),
            outlet("a2", 3, "Axios"),
            outlet("a1", 3, "Axios"),
            outlet("r", 0, "Reuters"),
        ]);
        let order: Vec<(&str, i64)> = ranks
            .iter()
            .map(|(o, r)| (o.as_str().rsplit('/').next().unwrap(), *r))
            .collect();
        assert_eq!(order, [("b", 1), ("a1", 2), ("a2", 3), ("z", 4), ("r", 5)]);
    }

    #[test]
    fn leaders_found_after_growth_are_those_of_every_count() {
        let speaker = |i: u64| NamedNode::new_unchecked(format!("http://example.org/{i}"));
        let sorted = |(mut l, least): (Vec<(NamedNode, i64)>, i64)| {
            l.sort();
            (l, least)
        };
        let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |below: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % below
        };
        let mut counts: HashMap<u64, i64> = HashMap::default();
        let mut last = leaders(Vec::new());
        // Batches of new statements, small then large, over few then many speakers.
        for round in 0..40 {
            let speakers = 50 + round * 100;
            let mut grown: HashMap<u64, i64> = HashMap::default();
            for _ in 0..(200 + round * 50) {
                let who = next(speakers);
                let n = counts.entry(who).or_default();
                *n += 1 + next(3) as i64;
                grown.insert(who, *n);
            }
            let candidates = candidates_after_growth(
                last.0.clone(),
                last.1,
                grown.into_iter().map(|(s, n)| (speaker(s), n)),
            );
            let every = counts.iter().map(|(s, n)| (speaker(*s), *n)).collect();
            last = sorted(leaders(candidates));
            assert_eq!(last, sorted(leaders(every)), "round {round}");
        }
        assert!(
            last.0.len() >= LEADING_SPEAKERS && last.1 > 1,
            "the cut was reached"
        );
    }
}
