//! How a person's name is written once read: one label, whatever the source's line breaks
//! and capitals. Bylines and speakers share it.

/// A name as one label: whitespace (line breaks of the source) made single spaces, and a
/// name written in capitals ("CLAYTON YEUTTER") in the case names are written in.
pub(crate) fn label(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let shouting = words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
        && !text.chars().any(char::is_lowercase);
    if !shouting {
        return words.join(" ");
    }
    words
        .iter()
        .map(|w| {
            let mut out = String::new();
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.push(c);
                } else {
                    out.extend(c.to_lowercase());
                }
                start = !c.is_alphabetic();
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}
