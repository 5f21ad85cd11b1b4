//! A cap on how deep a page's elements nest, applied before the HTML parser sees it.
//!
//! The HTML standard's tree builder looks through every open element for some start tags ("has
//! a p element in button scope"), so a page nested thousands deep parses in time quadratic in
//! its depth (html5ever: 10,000 deep 0.44 s, 20,000 deep 1.5 s). Browsers cap the depth
//! (Chromium at 512). Here the start tags deeper than [`MAX_DEPTH`], and their end tags, are
//! left out, so what they held joins the element at the cap: the text stays, only the
//! markup that no page needs goes. Real pages nest tens deep and pass through untouched.
//!
//! The scan is a tokenizer for tags only, not a parser: it skips comments, declarations and
//! the content of raw-text elements (script, style, ...), and it counts only elements that
//! nest (void elements and those whose end tags are optional, such as p and li, are not
//! counted and never left out).

use std::borrow::Cow;

/// How deep counted elements may nest.
pub const MAX_DEPTH: usize = 512;

/// `html` with every start tag nested deeper than [`MAX_DEPTH`] left out, with its end tag;
/// `html` itself when nothing nests that deep.
pub fn cap_depth(html: &str) -> Cow<'_, str> {
    let cuts = deep_tags(html, MAX_DEPTH);
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// The byte ranges of the tags to leave out, in order.
fn deep_tags(html: &str, max: usize) -> Vec<(usize, usize)> {
    let bytes = html.as_bytes();
    // The open counted elements: name, and whether its start tag was left out.
    let mut open: Vec<(String, bool)> = Vec::new();
    // How many of them are svg or math, inside which "<path/>" closes itself.
    let mut foreign = 0;
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(lt) = find(html, i, "<") {
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            i = find(html, lt + 4, "-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = find(html, lt, ">").map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = lt + if closing { 2 } else { 1 };
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .map_or(bytes.len(), |n| name_start + n);
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            // Not a tag ("a < b"): text.
            i = lt + 1;
            continue;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        let Some(tag_end) = tag_end(bytes, name_end) else {
            break;
        };
        let self_closing = bytes[tag_end - 2] == b'/';
        if closing {
            if let Some(k) = open.iter().rev().take(SEARCH).position(|(n, _)| *n == name) {
                // Closes that element and any left open inside it, as the parser would.
                let at = open.len() - 1 - k;
                if open[at].1 {
                    cuts.push((lt, tag_end));
                }
                foreign -= open[at..].iter().filter(|(n, _)| is_foreign(n)).count();
                open.truncate(at);
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            let content_end = find_ignoring_case(html, tag_end, &close).unwrap_or(bytes.len());
            i = content_end;
            continue;
        } else if !(UNCOUNTED.contains(&name.as_str()) || self_closing && foreign > 0) {
            // "<div/>" opens a div in HTML: only foreign elements close themselves.
            let deep = open.len() >= max;
            if deep {
                cuts.push((lt, tag_end));
            }
            foreign += usize::from(is_foreign(&name));
            open.push((name, deep));
        }
        i = tag_end;
    }
    cuts
}

fn is_foreign(name: &str) -> bool {
    matches!(name, "svg" | "math")
}

/// How far down the open elements an end tag looks for its start tag: far enough for any
/// real page's misnesting, near enough to keep the scan linear.
const SEARCH: usize = 32;

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Void elements, and those the parser closes itself (their end tags optional): they do not
/// nest in the parser's stack the way their tags would suggest.
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
    "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// The byte after the `>` that ends the tag whose name ends at `from`; quoted attribute
/// values may hold `>`.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(from + k + 1),
            _ => {}
        }
    }
    None
}

fn find(html: &str, from: usize, needle: &str) -> Option<usize> {
    html.get(from..)?.find(needle).map(|k| from + k)
}

fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let n = needle.len();
    (from..bytes.len().saturating_sub(n - 1))
        .find(|&k| bytes[k] == b'<' && bytes[k..k + n].eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_page_passes_untouched() {
        let page = "<html><body><div class=\"a>b\"><p>One<p>Two<br><img src=x>\
                    <script>if (a <div> b) {}</script><!-- <div> --></div></body></html>";
        assert!(matches!(cap_depth(page), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_cap_go_and_their_text_stays() {
        let depth = MAX_DEPTH + 100;
        let page = format!(
            "<body>{}<p>Deep text.</p>{}<p>After.</p></body>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let capped = cap_depth(&page);
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        assert!(capped.contains("<p>Deep text.</p>") && capped.contains("<p>After.</p>"));
    }

    #[test]
    fn self_closing_tags_nest_outside_svg_only() {
        let paths = "<path d='M0 0'/>".repeat(MAX_DEPTH + 10);
        let svg = format!("<body><svg>{paths}</svg><div>Text</div></body>");
        assert!(matches!(cap_depth(&svg), Cow::Borrowed(_)));
        let divs = format!("<body>{}Text</body>", "<div/>".repeat(MAX_DEPTH + 10));
        assert_eq!(cap_depth(&divs).matches("<div/>").count(), MAX_DEPTH);
    }

    #[test]
    fn broken_markup_ends_the_scan_without_a_panic() {
        for page in [
            "<div",
            "<",
            "</",
            "<!--",
            "<script>",
            "<a b='>",
            "x < y",
            "<é>",
            "<div\u{e9}>",
        ] {
            let _ = cap_depth(page);
        }
    }
}
