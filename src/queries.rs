//! The named queries of `queries/`, built into the binary so `query --name NAME` works
//! anywhere. Each file starts with a one-line `# description`.

/// (name, SPARQL text)
pub const NAMED: &[(&str, &str)] = &[
    ("outlets", include_str!("../queries/outlets.rq")),
    ("speakers", include_str!("../queries/speakers.rq")),
    ("statements", include_str!("../queries/statements.rq")),
    ("said-by", include_str!("../queries/said-by.rq")),
    ("chains", include_str!("../queries/chains.rq")),
    ("timeline", include_str!("../queries/timeline.rq")),
    ("stats", include_str!("../queries/stats.rq")),
    ("trace-claims", include_str!("../queries/trace-claims.rq")),
    (
        "trace-statements",
        include_str!("../queries/trace-statements.rq"),
    ),
    ("trace-outlet", include_str!("../queries/trace-outlet.rq")),
    (
        "suspect-people",
        include_str!("../queries/suspect-people.rq"),
    ),
];

/// The named queries that read the summary graph kept at ingest, as scans of the whole store,
/// for a store without it (see `Source::named_query`).
const SCANS: &[(&str, &str)] = &[
    ("outlets", include_str!("../queries/scan/outlets.rq")),
    ("speakers", include_str!("../queries/scan/speakers.rq")),
    ("stats", include_str!("../queries/scan/stats.rq")),
];

/// The scanning version of the named query `name`, if it reads the summary graph.
pub fn scan(name: &str) -> Option<&'static str> {
    SCANS.iter().find(|(n, _)| *n == name).map(|(_, q)| *q)
}

pub fn get(name: &str) -> Option<&'static str> {
    NAMED.iter().find(|(n, _)| *n == name).map(|(_, q)| *q)
}

/// The first comment line of a query.
pub fn description(sparql: &str) -> &str {
    sparql
        .lines()
        .next()
        .and_then(|l| l.strip_prefix('#'))
        .map_or("", str::trim)
}

/// The variables a query invites binding (`.run NAME VAR=VALUE`): comment lines of the form
/// `# ?var: what it is`.
pub fn parameters(sparql: &str) -> Vec<String> {
    sparql
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# ?"))
        .filter_map(|l| l.split_once(':').map(|(v, _)| v.trim().to_string()))
        .collect()
}

pub fn names() -> Vec<&'static str> {
    NAMED.iter().map(|(n, _)| *n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_query_parses_and_is_described() {
        for (name, q) in NAMED.iter().chain(SCANS) {
            assert!(!description(q).is_empty(), "{name} has no description");
            crate::query::parse_check(q, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
            for p in parameters(q) {
                assert!(q.contains(&format!("?{p} ")), "{name}: ?{p} is not used");
            }
        }
    }
}
