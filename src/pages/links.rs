//! Where each page is: `/claim/<id>`, `/speaker/<path>`, `/outlet/<id>`, named by the IRI's
//! path under the store's base (`…/id/claim/ce15…` is `/claim/ce15…`, `…/id/person/dmitry-peskov`
//! is `/speaker/person/dmitry-peskov`, `…/id/outlet/bbc-news` is `/outlet/bbc-news`, an outlet
//! of another kind keeps its kind: `/outlet/group/russian-state-owned-media`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::mapping::Ids;

/// What a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Claim,
    Speaker,
    Outlet,
}

impl Kind {
    fn segment(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Speaker => "speaker",
            Kind::Outlet => "outlet",
        }
    }
}

/// Characters kept as they are in a page's path: the IRI path's own separators and the
/// unreserved ones.
const KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The page of `iri`, when it is one of this store's.
pub fn page_of(ids: &Ids, kind: Kind, iri: &str) -> Option<String> {
    let path = iri.strip_prefix(ids.base())?;
    let id = match kind {
        Kind::Claim => path.strip_prefix("claim/")?,
        Kind::Speaker => path,
        Kind::Outlet => path.strip_prefix("outlet/").unwrap_or(path),
    };
    if id.is_empty() || id.contains(['#', '?']) {
        return None;
    }
    Some(format!(
        "/{}/{}",
        kind.segment(),
        utf8_percent_encode(id, KEPT)
    ))
}

/// The IRI a page's path names (its part after `/claim/`, `/speaker/` or `/outlet/`,
/// percent-encoded); none when it cannot name one.
pub fn iri_of(ids: &Ids, kind: Kind, id: &str) -> Option<String> {
    let id = percent_decode_str(id).decode_utf8().ok()?;
    let id = id.trim_matches('/');
    if id.is_empty() || id.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return None;
    }
    // A '%' left after decoding was no escape.
    if id.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '#' | '?' | '%')) {
        return None;
    }
    let path = match kind {
        Kind::Claim if id.contains('/') => return None,
        Kind::Claim => format!("claim/{id}"),
        Kind::Speaker => id.to_string(),
        Kind::Outlet if id.contains('/') => id.to_string(),
        Kind::Outlet => format!("outlet/{id}"),
    };
    Some(format!("{}{path}", ids.base()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_iris_go_both_ways() {
        let ids = Ids::default();
        let base = ids.base().to_string();
        for (kind, path, page) in [
            (
                Kind::Claim,
                "claim/ce15d26b22d707ec",
                "/claim/ce15d26b22d707ec",
            ),
            (
                Kind::Speaker,
                "person/dmitry-peskov",
                "/speaker/person/dmitry-peskov",
            ),
            (Kind::Outlet, "outlet/bbc-news", "/outlet/bbc-news"),
            (
                Kind::Outlet,
                "group/russian-state-owned-media",
                "/outlet/group/russian-state-owned-media",
            ),
            (
                Kind::Speaker,
                "person/jos\u{e9}",
                "/speaker/person/jos%C3%A9",
            ),
        ] {
            let iri = format!("{base}{path}");
            assert_eq!(page_of(&ids, kind, &iri).as_deref(), Some(page));
            let id = page.splitn(3, '/').nth(2).unwrap();
            assert_eq!(iri_of(&ids, kind, id), Some(iri));
        }
        assert_eq!(page_of(&ids, Kind::Claim, "http://elsewhere/claim/x"), None);
        assert_eq!(iri_of(&ids, Kind::Speaker, "../../etc/passwd"), None);
        assert_eq!(iri_of(&ids, Kind::Claim, "a/b"), None);
        assert_eq!(iri_of(&ids, Kind::Speaker, "person/%ZZ"), None);
    }
}
