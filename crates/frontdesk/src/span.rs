//! Positions in a text, for diagnostics and highlights.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` inside a text, given twice: in bytes of the
/// UTF-8 text (what Rust, Python `bytes` and most servers index by) and in
/// UTF-16 code units (what JavaScript strings, browser editors, Kotlin and
/// Java index by). Both ranges always lie on character boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// UTF-16 offset of the first character.
    pub start_utf16: usize,
    /// UTF-16 offset just past the last character.
    pub end_utf16: usize,
}

impl Span {
    /// The span's length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no character.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text the span covers inside `text` (the text it was computed for);
    /// `None` if the span does not fit that text.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

/// Turns byte offsets into spans for one text. Each call costs the distance
/// from the previous offset, so a left-to-right scanner builds every span of a
/// text in time linear in its length.
pub(crate) struct SpanMaker<'t> {
    text: &'t str,
    byte: usize,
    utf16: usize,
}

impl<'t> SpanMaker<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        SpanMaker { text, byte: 0, utf16: 0 }
    }

    /// UTF-16 offset of a byte offset; offsets that are not on a character
    /// boundary are rounded down to one, so a span can never split a character.
    fn utf16_at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        // Moving costs the distance moved, either way, so the occasional step
        // back (a diagnostic found after a later span) stays local.
        let utf16_len = |s: &str| s.chars().map(char::len_utf16).sum::<usize>();
        if byte < self.byte {
            self.utf16 -= utf16_len(self.text.get(byte..self.byte).unwrap_or(""));
        } else {
            self.utf16 += utf16_len(self.text.get(self.byte..byte).unwrap_or(""));
        }
        self.byte = byte;
        self.utf16
    }

    pub(crate) fn span(&mut self, start: usize, end: usize) -> Span {
        let start_utf16 = self.utf16_at(start);
        let start = self.byte;
        let end_utf16 = self.utf16_at(end.max(start));
        Span { start, end: self.byte, start_utf16, end_utf16 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs_twice() {
        let text = "a😀b é";
        let mut m = SpanMaker::new(text);
        let s = m.span(5, 6);
        assert_eq!(s.slice(text), Some("b"));
        assert_eq!((s.start_utf16, s.end_utf16), (3, 4));
        let back = m.span(0, 1);
        assert_eq!((back.start_utf16, back.end_utf16), (0, 1));
    }

    #[test]
    fn offsets_inside_a_character_are_rounded_down_to_its_start() {
        let text = "é";
        let s = SpanMaker::new(text).span(1, 2);
        assert_eq!((s.start, s.end), (0, 2));
    }
}
