//! Bytes to text with encoding_rs. A byte-order mark wins, then the charset the document
//! declares (an HTML page's `<meta charset>`), then UTF-8 when the bytes are valid UTF-8, and
//! only then a guess from the bytes themselves (chardetng, the detector Firefox uses for
//! unlabelled pages). Decoding never fails and never drops a byte silently: the caller is told
//! when the text was not read as plain or declared UTF-8.

use encoding_rs::{Encoding, UTF_8};

/// Text decoded from bytes, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub read_as: ReadAs,
}

/// How bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    /// Valid UTF-8, with nothing saying otherwise.
    Utf8,
    /// A byte-order mark named the encoding.
    Bom(&'static Encoding),
    /// The document declared its encoding, and its bytes fit it.
    Declared(&'static Encoding),
    /// Nothing said which encoding, and the bytes are not UTF-8: a guess from the bytes.
    Guessed(&'static Encoding),
    /// The document declared an encoding its bytes do not fit: a guess from the bytes.
    Misdeclared {
        declared: &'static Encoding,
        guessed: &'static Encoding,
    },
}

impl Decoded {
    /// A note for the reader of a report when the text was guessed at, else nothing.
    pub fn note(&self) -> Option<String> {
        match self.read_as {
            ReadAs::Utf8 | ReadAs::Bom(_) | ReadAs::Declared(_) => None,
            ReadAs::Guessed(e) => Some(format!("not valid UTF-8; read as {}", e.name())),
            ReadAs::Misdeclared { declared, guessed } => Some(format!(
                "declared {} but not valid {}; read as {}",
                declared.name(),
                declared.name(),
                guessed.name()
            )),
        }
    }
}

/// Decodes `bytes`, honouring `declared` (an encoding the document names for itself).
pub fn decode(bytes: Vec<u8>, declared: Option<&'static Encoding>) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Decoded {
            text: text.into_owned(),
            read_as: ReadAs::Bom(encoding),
        };
    }
    if let Some(encoding) = declared.filter(|e| *e != UTF_8) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        if !had_errors {
            return Decoded {
                text: text.into_owned(),
                read_as: ReadAs::Declared(encoding),
            };
        }
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            let read_as = match declared {
                Some(e) if e != UTF_8 => ReadAs::Misdeclared {
                    declared: e,
                    guessed: UTF_8,
                },
                Some(e) => ReadAs::Declared(e),
                None => ReadAs::Utf8,
            };
            return Decoded { text, read_as };
        }
        Err(e) => e.into_bytes(),
    };
    let guessed = guess(&bytes);
    let (text, _) = guessed.decode_without_bom_handling(&bytes);
    Decoded {
        text: text.into_owned(),
        read_as: match declared {
            Some(declared) => ReadAs::Misdeclared { declared, guessed },
            None => ReadAs::Guessed(guessed),
        },
    }
}

/// Fewer non-ASCII bytes than this give chardetng too little to tell regional encodings
/// apart: its scores then hinge on single characters (a lone 0xA3 before digits scores as
/// Polish "Ł", not "£"), so such text is read as Windows-1252, the web's default for
/// undeclared Western text. Text in Cyrillic, Greek or Central European scripts has far more.
const MIN_EVIDENCE: usize = 16;

/// The encoding the bytes most likely are in, UTF-8 excluded (the caller has tried it).
fn guess(bytes: &[u8]) -> &'static Encoding {
    if bytes.iter().filter(|b| !b.is_ascii()).count() < MIN_EVIDENCE {
        return encoding_rs::WINDOWS_1252;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The charset an HTML page declares in its first 1024 bytes: `<meta charset="...">`, the
/// `charset=` of a `<meta http-equiv="Content-Type" content="...">`, or an XML declaration's
/// `encoding="..."`. This is the HTML standard's prescan cut to what pages write; it is
/// hand-written because encoding_rs leaves the prescan to its caller and html5ever (under
/// scraper) takes text that is already decoded. A UTF-16 label in a page read as bytes means
/// UTF-8, as the standard says.
pub fn declared_charset(html: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&html[..html.len().min(1024)]).to_ascii_lowercase();
    let label = if head.trim_start().starts_with("<?xml") {
        let decl = &head[..head.find("?>")?];
        attribute_value(decl, "encoding")
    } else {
        head.match_indices("<meta")
            .filter_map(|(at, _)| {
                let tag = &head[at..];
                let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                attribute_value(tag, "charset")
            })
            .next()
    }?;
    let encoding = Encoding::for_label(label.as_bytes())?;
    Some(if encoding.output_encoding() == UTF_8 {
        UTF_8
    } else {
        encoding
    })
}

/// The value after `name=` in `tag`, unquoted: `charset="utf-8"`, `charset=utf-8;`.
fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(name)? + name.len();
    let rest = tag[at..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| matches!(c, '"' | '\'' | ';' | '>' | '/') || c.is_whitespace())
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_boms_are_read_as_such() {
        let d = decode(b"caf\xC3\xA9".to_vec(), None);
        assert_eq!((d.text.as_str(), d.read_as), ("café", ReadAs::Utf8));
        let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9".to_vec(), None);
        assert_eq!((d.text.as_str(), d.read_as), ("café", ReadAs::Bom(UTF_8)));
        let d = decode(b"\xFF\xFEc\0a\0f\0\xE9\0".to_vec(), None);
        assert_eq!(d.text, "café");
        assert!(d.note().is_none());
    }

    #[test]
    fn undeclared_legacy_text_is_guessed_and_said_so() {
        let d = decode(
            b"The owner said the caf\xe9 would close; \x93we tried\x94, he said.".to_vec(),
            None,
        );
        assert_eq!(
            d.text,
            "The owner said the café would close; “we tried”, he said."
        );
        assert_eq!(
            d.note().as_deref(),
            Some("not valid UTF-8; read as windows-1252")
        );
    }

    #[test]
    fn a_few_symbols_are_read_as_windows_1252_and_a_script_by_its_bytes() {
        let d = decode(
            b"Mutu, a \xa315.8m signing from Parma, was sacked.".to_vec(),
            None,
        );
        assert_eq!(d.text, "Mutu, a £15.8m signing from Parma, was sacked.");
        let (russian, _, _) = encoding_rs::WINDOWS_1251
            .encode("Песков заявил журналистам, что переговоры должны быть закрытыми.");
        let d = decode(russian.into_owned(), None);
        assert!(d.text.starts_with("Песков заявил"), "{}", d.text);
        assert_eq!(d.read_as, ReadAs::Guessed(encoding_rs::WINDOWS_1251));
    }

    #[test]
    fn a_declared_charset_is_honoured_unless_the_bytes_contradict_it() {
        let koi8 = Encoding::for_label(b"koi8-r").unwrap();
        let d = decode(b"\xf0\xd2\xc9\xd7\xc5\xd4".to_vec(), Some(koi8));
        assert_eq!(
            (d.text.as_str(), d.read_as),
            ("Привет", ReadAs::Declared(koi8))
        );
        // Declared UTF-8, written in Windows-1252.
        let d = decode(b"caf\xe9 au lait".to_vec(), Some(UTF_8));
        assert_eq!(d.text, "café au lait");
        assert!(matches!(d.read_as, ReadAs::Misdeclared { .. }), "{d:?}");
    }

    #[test]
    fn pages_declare_their_charset_in_the_first_bytes() {
        let page = |head: &str| declared_charset(head.as_bytes()).map(|e| e.name());
        assert_eq!(
            page("<html><head><meta charset=\"ISO-8859-2\">"),
            Some("ISO-8859-2")
        );
        assert_eq!(
            page(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\" />"
            ),
            Some("windows-1251")
        );
        assert_eq!(
            page("<?xml version=\"1.0\" encoding='koi8-r'?><html>"),
            Some("KOI8-R")
        );
        // Latin-1 labels mean Windows-1252 on the web; UTF-16 in a byte-read page is UTF-8.
        assert_eq!(page("<meta charset=latin1>"), Some("windows-1252"));
        assert_eq!(page("<meta charset=utf-16>"), Some("UTF-8"));
        assert_eq!(page("<html><head><title>x</title>"), None);
        assert_eq!(page("<meta charset=\"no-such-charset\">"), None);
    }
}
