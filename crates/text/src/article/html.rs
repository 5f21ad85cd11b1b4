//! Saved article pages. Metadata comes from schema.org JSON-LD first (`NewsArticle` and its
//! kin), then OpenGraph and other meta tags, then the page itself. The body is the run of
//! paragraphs that carries most of the page's prose, without navigation, asides, comments,
//! promotions or captions.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector, node::Node};
use serde_json::Value;

use super::{Article, Published, depth_cap};

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("no article text found in the page (no paragraphs of prose, no JSON-LD articleBody)")]
    NoArticle,
}

/// Metadata as found, before it is checked.
#[derive(Debug, Default)]
struct Meta {
    headline: Option<String>,
    published: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    body: Option<String>,
}

impl Meta {
    /// Fills what is still missing from `other`.
    fn or(mut self, other: Meta) -> Meta {
        self.headline = self.headline.or(other.headline);
        self.published = self.published.or(other.published);
        self.author = self.author.or(other.author);
        self.publisher = self.publisher.or(other.publisher);
        self.url = self.url.or(other.url);
        self.body = self.body.or(other.body);
        self
    }
}

/// Reads one page; the notes say what could not be used as written (a malformed date).
pub fn read_page(name: &str, html: &str) -> Result<(Article, Vec<String>), PageError> {
    let doc = Html::parse_document(&depth_cap::cap_depth(html));
    let meta = json_ld(&doc).or(meta_tags(&doc)).or(page_meta(&doc));
    let mut paragraphs = body_paragraphs(doc.root_element());
    if paragraphs.is_empty()
        && let Some(body) = &meta.body
    {
        paragraphs = body
            .split('\n')
            .map(squeeze)
            .filter(|p| !p.is_empty())
            .collect();
    }
    if paragraphs.is_empty() {
        return Err(PageError::NoArticle);
    }
    let headline = meta
        .headline
        .as_deref()
        .map(|h| without_site_name(h, meta.publisher.as_deref()));
    let mut article = Article::compose(name, headline.as_deref(), &paragraphs);
    let mut notes = Vec::new();
    if let Some(d) = &meta.published {
        match Published::parse(d) {
            Ok(p) => article.published = Some(p),
            Err(e) => notes.push(format!("{e}; stored without a publication date")),
        }
    }
    article.author = meta.author;
    article.publisher = meta.publisher;
    article.url = meta.url;
    Ok((article, notes))
}

/// Paragraphs of prose in an HTML fragment (a feed item's content), without the choice of a
/// main container that a whole page needs.
pub fn fragment_paragraphs(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(&depth_cap::cap_depth(html));
    let found: Vec<String> = doc
        .select(&PROSE)
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "p")
        })
        .map(|e| squeeze(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .collect();
    if !found.is_empty() {
        return found;
    }
    // No paragraph markup: the text, split at line breaks.
    let text: String = doc.root_element().text().collect::<Vec<_>>().join("\n");
    text.split('\n')
        .map(squeeze)
        .filter(|t| !t.is_empty())
        .collect()
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

// Selectors used for every page or feed item, parsed once.
static PROSE: LazyLock<Selector> = LazyLock::new(|| selector("p, li, blockquote"));
static PARAGRAPH: LazyLock<Selector> = LazyLock::new(|| selector("p"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));

/// Collapses runs of whitespace; pages wrap their text anywhere.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Obama admits ... - BBC News" -> "Obama admits ...": the site name that `og:title` and
/// `<title>` often carry.
fn without_site_name(headline: &str, publisher: Option<&str>) -> String {
    let h = squeeze(headline);
    if let Some(p) = publisher {
        for sep in [" - ", " | ", " – ", " — ", " :: "] {
            if let Some(stripped) = h.strip_suffix(&format!("{sep}{p}")) {
                return stripped.to_string();
            }
        }
    }
    h
}

// ---- JSON-LD ----

fn json_ld(doc: &Html) -> Meta {
    for s in doc.select(&JSON_LD) {
        let raw: String = s.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(strip_cdata(&raw)) else {
            continue;
        };
        if let Some(article) = find_article(&value) {
            return Meta {
                headline: text_of(article.get("headline")).or(text_of(article.get("name"))),
                published: text_of(article.get("datePublished")),
                author: names_of(article.get("author")),
                publisher: names_of(article.get("publisher")),
                url: text_of(article.get("url")).or(id_of(article.get("mainEntityOfPage"))),
                body: text_of(article.get("articleBody")),
            };
        }
    }
    Meta::default()
}

/// `<![CDATA[ ... ]]>` wrappers (some with `//` before them) around the JSON.
fn strip_cdata(raw: &str) -> &str {
    let mut s = raw.trim();
    s = s.trim_start_matches("//").trim_start();
    if let Some(rest) = s.strip_prefix("<![CDATA[") {
        s = rest;
        s = s.trim_end();
        s = s.strip_suffix("]]>").unwrap_or(s).trim_end();
        s = s.strip_suffix("//").unwrap_or(s);
    }
    s.trim()
}

/// The first object typed as an article, in arrays, `@graph` and `mainEntity` too.
fn find_article(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    match v {
        Value::Array(items) => items.iter().find_map(find_article),
        Value::Object(o) => {
            let is_article = match o.get("@type") {
                Some(Value::String(t)) => is_article_type(t),
                Some(Value::Array(ts)) => {
                    ts.iter().any(|t| t.as_str().is_some_and(is_article_type))
                }
                _ => false,
            };
            if is_article {
                return Some(o);
            }
            o.get("@graph")
                .and_then(find_article)
                .or_else(|| o.get("mainEntity").and_then(find_article))
        }
        _ => None,
    }
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("Article") || t.ends_with("BlogPosting") || t == "Report"
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(squeeze(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|i| text_of(Some(i))),
        _ => None,
    }
}

fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(o) => text_of(o.get("@id")).or(text_of(o.get("url"))),
        other => text_of(Some(other)),
    }
}

/// Names of people or organisations: a string, {"name": ...} or a list of them.
fn names_of(v: Option<&Value>) -> Option<String> {
    let names: Vec<String> = match v? {
        Value::String(s) => vec![squeeze(s)],
        Value::Object(o) => text_of(o.get("name")).into_iter().collect(),
        Value::Array(items) => items.iter().filter_map(|i| names_of(Some(i))).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

// ---- meta tags ----

fn meta_tags(doc: &Html) -> Meta {
    let mut tags: HashMap<String, String> = HashMap::new();
    for m in doc.select(&META) {
        let e = m.value();
        let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, e.attr("content")) {
            let c = squeeze(c);
            if !c.is_empty() {
                tags.entry(k.to_ascii_lowercase()).or_insert(c);
            }
        }
    }
    let first = |keys: &[&str]| keys.iter().find_map(|k| tags.get(*k).cloned());
    let author = first(&[
        "author",
        "article:author",
        "og:article:author",
        "byl",
        "dc.creator",
    ])
    .filter(|a| !a.starts_with("http"));
    Meta {
        headline: first(&["og:title", "twitter:title", "headline", "title"]),
        published: first(&[
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "publish_date",
            "date",
            "dc.date.issued",
            "dc.date",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
        ]),
        author: author.map(|a| a.trim_start_matches("By ").to_string()),
        publisher: first(&["og:site_name", "application-name", "publisher"]),
        url: first(&["og:url"]),
        body: None,
    }
}

fn page_meta(doc: &Html) -> Meta {
    let text = |sel: &str| {
        doc.select(&selector(sel))
            .next()
            .map(|e| squeeze(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    };
    let attr = |sel: &str, name: &str| {
        doc.select(&selector(sel))
            .find_map(|e| e.value().attr(name).map(squeeze))
            .filter(|t| !t.is_empty())
    };
    Meta {
        headline: text("h1").or(text("title")),
        published: attr(r#"[itemprop="datePublished"]"#, "content")
            .or(attr(r#"[itemprop="datePublished"]"#, "datetime"))
            .or(attr("time[datetime]", "datetime")),
        url: attr(r#"link[rel="canonical"]"#, "href"),
        ..Meta::default()
    }
}

// ---- body ----

/// Elements whose text is never the article's.
const NOT_PROSE: &[&str] = &[
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "figure",
    "figcaption",
    "script",
    "style",
    "noscript",
    "button",
    "template",
    "select",
    "iframe",
    "svg",
];

/// Class and id words of page furniture: comments, promotions, sharing, captions.
const FURNITURE: &[&str] = &[
    "comment",
    "related",
    "share",
    "sharing",
    "social",
    "promo",
    "newsletter",
    "subscri",
    "advert",
    "sponsor",
    "footer",
    "nav",
    "menu",
    "sidebar",
    "caption",
    "recommend",
    "popular",
    "trending",
    "signup",
    "cookie",
    "banner",
    "breadcrumb",
    "outbrain",
    "taboola",
    "paywall",
    "modal",
    "disclaimer",
    "byline",
    "credit",
];

/// Whether an element's class or id names page furniture. Layout wrappers high above the
/// text carry such words too ("l-sidebar-fixed" around a whole article), so callers only ask
/// this of the elements close to a paragraph.
fn is_furniture(e: ElementRef<'_>) -> bool {
    let v = e.value();
    let words = v.attr("class").into_iter().chain(v.attr("id"));
    words
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase)
        .any(|w| {
            matches!(w.as_str(), "ad" | "ads" | "adv" | "advertisement")
                || FURNITURE.iter().any(|f| w.starts_with(f))
        })
}

/// The paragraphs of the page's main text. Each paragraph scores its container and, less,
/// the two containers above it (bodies split over several blocks); the best container's
/// paragraphs, and those of containers with its class (chunks of one body), are the article,
/// less those inside furniture within it.
fn body_paragraphs(root: ElementRef<'_>) -> Vec<String> {
    let mut kept = Vec::new();
    for e in root.select(&PARAGRAPH) {
        let mut above = e.ancestors().filter_map(ElementRef::wrap);
        if above
            .clone()
            .any(|a| NOT_PROSE.contains(&a.value().name()) || a.value().name() == "p")
            || above.by_ref().take(2).any(is_furniture)
        {
            continue;
        }
        let text = squeeze(&e.text().collect::<String>());
        // One-liners ("Advertisement", "Read more") are not prose.
        if text.split(' ').count() < 6 {
            continue;
        }
        kept.push((e, text));
    }
    let mut score = HashMap::new();
    for (e, text) in &kept {
        let mut up = e.parent();
        for weight in [1.0, 0.8, 0.6] {
            let Some(node) = up else { break };
            if !matches!(node.value(), Node::Element(_)) {
                break;
            }
            *score.entry(node.id()).or_insert(0.0) += weight * text.len() as f64;
            up = node.parent();
        }
    }
    let Some(best) = score
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| *id)
    else {
        return Vec::new();
    };
    let signature = |n: ego_tree::NodeRef<'_, Node>| {
        ElementRef::wrap(n).and_then(|e| {
            let v = e.value();
            v.attr("class")
                .map(|c| (v.name().to_string(), c.to_string()))
        })
    };
    let best_signature = root.tree().get(best).and_then(signature);
    let is_container = |a: ego_tree::NodeRef<'_, Node>| {
        a.id() == best || best_signature.is_some() && signature(a) == best_signature
    };
    let mut out: Vec<String> = Vec::new();
    for (e, text) in kept {
        let mut between_is_furniture = false;
        let mut inside = false;
        for a in e.ancestors() {
            if is_container(a) {
                inside = true;
                break;
            }
            between_is_furniture |= ElementRef::wrap(a).is_some_and(is_furniture);
        }
        if inside && !between_is_furniture && out.last() != Some(&text) {
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head>
<title>Deal agreed - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-01T10:00:00+02:00">
<script type="application/ld+json">//<![CDATA[
{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"Deal agreed","author":[{"@type":"Person","name":"Jane Doe"}],"publisher":{"name":"Example News"}}]}
//]]></script></head><body>
<nav><p>Home World Business Sport Culture Travel More</p></nav>
<article><h1>Deal agreed</h1>
<p>The two sides agreed a deal on Monday, the ministry said in a statement.</p>
<div class="related-links"><p>Read more: other stories you may like to read today</p></div>
<p>"We are pleased," the minister told reporters after the talks in Geneva.</p>
</article>
<div id="comments"><p>This is a reader comment that is long enough to count as prose.</p></div>
</body></html>"#;

    #[test]
    fn reads_json_ld_then_meta_and_keeps_only_the_article_prose() {
        let (a, notes) = read_page("p.html", PAGE).unwrap();
        assert!(notes.is_empty());
        assert_eq!(a.headline.as_deref(), Some("Deal agreed"));
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.publisher.as_deref(), Some("Example News"));
        assert_eq!(
            a.published.unwrap().to_string(),
            "2024-05-01T10:00:00+02:00"
        );
        assert_eq!(
            a.text,
            "Deal agreed\n\nThe two sides agreed a deal on Monday, the ministry said in a statement.\n\n\"We are pleased,\" the minister told reporters after the talks in Geneva."
        );
    }

    #[test]
    fn a_page_without_prose_is_no_article() {
        assert_eq!(
            read_page("p.html", "<html><body><nav>Home</nav></body></html>").unwrap_err(),
            PageError::NoArticle
        );
    }
}
