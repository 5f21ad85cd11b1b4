//! Content negotiation: which of the forms a response can take the client prefers, by its
//! Accept header and q-values (RFC 9110, section 12.5.1).

/// The offer the client prefers, by index into `offers` (media types, the server's
/// preference first). Each offer takes the q-value of the most specific range that matches
/// it (`text/turtle` before `text/*` before `*/*`); the highest q wins, ties going to the
/// server's order. No header, or an empty one, accepts the first offer; `None` when the
/// client accepts none of them.
pub fn choose(accept: Option<&str>, offers: &[&str]) -> Option<usize> {
    let ranges = match accept.map(str::trim) {
        None | Some("") => return (!offers.is_empty()).then_some(0),
        Some(header) => parse(header),
    };
    let mut best: Option<(usize, f32)> = None;
    for (i, offer) in offers.iter().enumerate() {
        let Some((kind, sub)) = offer.split_once('/') else {
            continue;
        };
        let q = ranges
            .iter()
            .filter_map(|r| r.specificity(kind, sub).map(|s| (s, r.q)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, q)| q)
            .unwrap_or(0.0);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((i, q));
        }
    }
    best.map(|(i, _)| i)
}

struct Range {
    kind: String,
    sub: String,
    q: f32,
}

impl Range {
    /// How specifically this range names `kind/sub`, when it matches it at all.
    fn specificity(&self, kind: &str, sub: &str) -> Option<u8> {
        let kind_ok = self.kind == "*" || self.kind.eq_ignore_ascii_case(kind);
        let sub_ok = self.sub == "*" || self.sub.eq_ignore_ascii_case(sub);
        (kind_ok && sub_ok).then_some(u8::from(self.kind != "*") + u8::from(self.sub != "*"))
    }
}

/// The media ranges of an Accept header; a range that is not `type/subtype` is skipped, a
/// q-value that is not a number counts as 1 (lenient, as browsers are).
fn parse(header: &str) -> Vec<Range> {
    header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let (kind, sub) = parts.next()?.trim().split_once('/')?;
            let q = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(1.0));
            Some(Range {
                kind: kind.trim().to_string(),
                sub: sub.trim().to_string(),
                q: q.clamp(0.0, 1.0),
            })
        })
        .collect()
}

/// The media type of a Content-Type header, lower-cased, without its parameters.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The charset a Content-Type header declares, lower-cased.
pub fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESULTS: &[&str] = &[
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ];

    #[test]
    fn the_highest_q_wins_and_ties_go_to_the_server() {
        assert_eq!(choose(None, RESULTS), Some(0));
        assert_eq!(choose(Some("text/csv"), RESULTS), Some(2));
        assert_eq!(
            choose(
                Some("application/sparql-results+json;q=0.5, text/csv;q=0.9"),
                RESULTS
            ),
            Some(2)
        );
        assert_eq!(choose(Some("*/*"), RESULTS), Some(0));
        assert_eq!(choose(Some("text/*"), RESULTS), Some(2));
        assert_eq!(choose(Some("image/png"), RESULTS), None);
    }

    #[test]
    fn a_specific_range_sets_the_q_of_what_it_names() {
        // text/csv is refused outright though text/* is welcome.
        assert_eq!(
            choose(
                Some("text/*;q=0.8, text/csv;q=0"),
                &["text/csv", "text/tab-separated-values"]
            ),
            Some(1)
        );
        // SPARQLWrapper's JSON request, with a lenient fallback.
        assert_eq!(
            choose(
                Some(
                    "application/sparql-results+json,application/json,text/javascript;q=0.5,*/*;q=0.1"
                ),
                RESULTS
            ),
            Some(0)
        );
    }

    #[test]
    fn content_types_are_read_without_their_parameters() {
        assert_eq!(
            media_type("Application/SPARQL-Query; charset=UTF-16"),
            "application/sparql-query"
        );
        assert_eq!(
            charset("application/sparql-query; charset=\"UTF-16\"").as_deref(),
            Some("utf-16")
        );
        assert_eq!(charset("text/turtle"), None);
    }
}
