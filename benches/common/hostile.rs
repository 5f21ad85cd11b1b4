//! Hostile inputs, made at any size: what a reader and the extractor must take in time
//! linear in its size and in bounded memory (benches/hostile.rs times two sizes of each).

/// One input: its file name (the extension picks the reader) and its bytes.
pub struct Hostile {
    pub name: &'static str,
    pub file: &'static str,
    pub bytes: Vec<u8>,
}

/// Sentences of the kinds the extractor looks for (quotes, cues, according to, nested
/// reports), written for these inputs.
const SENTENCES: [&str; 6] = [
    "\"We will not sign this agreement,\" the trade minister said on Tuesday.",
    "According to the port authority, shipments fell by a third in March.",
    "Analysts told Bloomberg that the central bank would hold rates steady.",
    "The agency reported that officials had told lenders the plan was dead.",
    "Prices rose again in the capital, where fuel is scarce.",
    "\"It is a question of weeks,\" said Maria Keller, a spokeswoman for the union.",
];

/// Every kind, each at `scale` times its full size (1.0: 10 MB on one line, 1 MB of
/// nested quotes, 100,000 quote marks, a feed of 100,000 items, HTML 10,000 deep).
pub fn all(scale: f64) -> Vec<Hostile> {
    let n = |full: usize| ((full as f64 * scale) as usize).max(1);
    vec![
        one_line(n(10 << 20)),
        nested_quotes(n(1 << 20)),
        quote_marks(n(100_000)),
        feed(n(100_000)),
        deep_html(n(10_000)),
    ]
}

/// A JSON Lines record whose body is `bytes` of sentences with no line break.
pub fn one_line(bytes: usize) -> Hostile {
    let mut body = String::with_capacity(bytes + 100);
    for s in SENTENCES.iter().cycle() {
        if body.len() >= bytes {
            break;
        }
        body.push_str(s);
        body.push(' ');
    }
    let record = serde_json::json!({
        "id": "one-line",
        "title": "One line",
        "publisher": "Reuters",
        "published": "2026-03-04T10:00:00+01:00",
        "body": body,
    });
    Hostile {
        name: "one line",
        file: "one-line.jsonl",
        bytes: record.to_string().into_bytes(),
    }
}

/// A headline, then one paragraph of `bytes` of reports nested in quotes, double and
/// single by turns, none closed until the end.
pub fn nested_quotes(bytes: usize) -> Hostile {
    let mut text = String::from("Nested\n\nThe minister said ");
    let mut depth = 0;
    while text.len() < bytes {
        let (open, who) = if depth % 2 == 0 {
            ('\u{201c}', "the envoy told reporters that ")
        } else {
            ('\u{2018}', "an aide said ")
        };
        text.push(open);
        text.push_str(who);
        depth += 1;
    }
    text.push_str("talks would go on.");
    for d in (0..depth).rev() {
        text.push(if d % 2 == 0 { '\u{201d}' } else { '\u{2019}' });
    }
    text.push('\n');
    Hostile {
        name: "nested quotes",
        file: "nested-quotes.txt",
        bytes: text.into_bytes(),
    }
}

/// A headline, then `marks` straight quote marks among words, on a few lines.
pub fn quote_marks(marks: usize) -> Hostile {
    let mut text = String::from("Quote marks\n\n");
    for i in 0..marks {
        text.push_str(if i % 3 == 0 { "\"he said " } else { "\"" });
        if i % 2_000 == 1_999 {
            text.push_str("\n\n");
        }
    }
    text.push('\n');
    Hostile {
        name: "quote marks",
        file: "quote-marks.txt",
        bytes: text.into_bytes(),
    }
}

/// An RSS feed of `items` items, each a short article.
pub fn feed(items: usize) -> Hostile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Wire</title><link>https://wire.example.org/</link><description>Items</description>\n",
    );
    for i in 0..items {
        let sentence = SENTENCES[i % SENTENCES.len()]
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        xml.push_str(&format!(
            "<item><title>Item {i}</title><link>https://wire.example.org/{i}</link><pubDate>Tue, 03 Mar 2026 10:{:02}:00 +0100</pubDate><description>{sentence}</description></item>\n",
            i % 60
        ));
    }
    xml.push_str("</channel></rss>\n");
    Hostile {
        name: "feed items",
        file: "feed.xml",
        bytes: xml.into_bytes(),
    }
}

/// A page whose statement sits inside `depth` nested elements.
pub fn deep_html(depth: usize) -> Hostile {
    let mut html =
        String::from("<!DOCTYPE html><html><head><title>Deep</title></head><body><article>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str(&format!("<p>{}</p>", SENTENCES[0]));
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</article></body></html>\n");
    Hostile {
        name: "nested elements",
        file: "deep.html",
        bytes: html.into_bytes(),
    }
}
