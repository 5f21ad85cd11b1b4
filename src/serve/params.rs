//! Parameters of a query string or a form body (`application/x-www-form-urlencoded`),
//! decoded strictly: `form_urlencoded` keeps a malformed escape as it is and replaces bytes
//! that are not UTF-8, which would run a query the client never sent. Here either is an
//! error naming the parameter.

use percent_encoding::percent_decode;

/// Name-value pairs in the order given; a name may repeat.
#[derive(Debug, Default, Clone)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(encoded: &str) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for field in encoded.split('&').filter(|f| !f.is_empty()) {
            let (name, value) = field.split_once('=').unwrap_or((field, ""));
            let name = decode(name)?;
            let value = decode(value).map_err(|e| format!("parameter {name}: {e}"))?;
            pairs.push((name, value));
        }
        Ok(Params(pairs))
    }

    pub fn all<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The one value of `name`; an error when it is given more than once.
    pub fn one(&self, name: &str) -> Result<Option<&str>, String> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(format!("the parameter {name} is given more than once"));
        }
        Ok(first)
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    pub fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }
}

fn decode(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    for (i, _) in raw.match_indices('%') {
        let valid = bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !valid {
            let shown: String = raw[i..].chars().take(3).collect();
            return Err(format!("malformed percent-encoding \"{shown}\""));
        }
    }
    let spaced = raw.replace('+', " ");
    percent_decode(spaced.as_bytes())
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| "percent-encoded bytes that are not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_decode_once_and_repeat_in_order() {
        let p =
            Params::parse("query=ASK%20%7B%7D&default-graph-uri=a&default-graph-uri=b+c").unwrap();
        assert_eq!(p.one("query").unwrap(), Some("ASK {}"));
        assert_eq!(p.all("default-graph-uri").collect::<Vec<_>>(), ["a", "b c"]);
        assert!(p.one("default-graph-uri").is_err());
        assert_eq!(
            Params::parse("graph=http://x/%2531")
                .unwrap()
                .one("graph")
                .unwrap(),
            Some("http://x/%31")
        );
        assert!(Params::parse("default").unwrap().has("default"));
    }

    #[test]
    fn malformed_escapes_and_bytes_that_are_not_utf8_are_refused() {
        let e = Params::parse("query=SELECT%2").unwrap_err();
        assert!(e.contains("malformed percent-encoding \"%2\""), "{e}");
        assert!(Params::parse("query=%zz").is_err());
        let e = Params::parse("query=%FF%FE").unwrap_err();
        assert!(e.contains("query") && e.contains("not UTF-8"), "{e}");
    }
}
