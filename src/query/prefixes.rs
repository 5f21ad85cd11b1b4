//! The prefixes every query may use without declaring them.

use crate::mapping::vocab::PREFIXES;

/// The prefixes a query may use: the built-in ones, then `extra` (declared in a session).
pub fn all_prefixes(extra: &[(String, String)]) -> impl Iterator<Item = (String, String)> + '_ {
    PREFIXES
        .iter()
        .map(|(p, i)| (p.to_string(), i.to_string()))
        .chain(extra.iter().cloned())
}
