//! Byte offsets into a text as Unicode code-point offsets: extraction works in bytes, every
//! output (the JSON of `extract`, NIF offsets in RDF) counts code points.

/// Converts byte offsets into code-point offsets for one text.
pub struct CharOffsets {
    /// For each multi-byte character: the byte offset just after it, and the bytes beyond one
    /// per character accumulated up to there. Empty for ASCII text.
    marks: Vec<(usize, usize)>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (byte, c) in text.char_indices() {
                let width = c.len_utf8();
                if width > 1 {
                    extra += width - 1;
                    marks.push((byte + width, extra));
                }
            }
        }
        CharOffsets { marks }
    }

    /// The code-point offset of byte offset `b`, which must be a char boundary.
    pub fn char_at(&self, b: usize) -> usize {
        match self.marks.partition_point(|&(end, _)| end <= b) {
            0 => b,
            n => b - self.marks[n - 1].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "a’b – “c” 😀d";
        let o = CharOffsets::new(text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(o.char_at(byte), chars);
        }
        assert_eq!(o.char_at(text.len()), text.chars().count());
    }
}
