//! Word-bounded, case-insensitive matching of many keywords and phrases in
//! one pass over a message.
//!
//! Every keyword of every rule goes into one regex of escaped literals (which
//! the regex crate runs as a multi-literal search), compiled once. The message
//! is lowercased and its whitespace runs collapsed to one space into a scratch
//! buffer, so matching is a plain literal search; word boundaries are checked
//! by hand around each hit, with the rule described in [`needs_boundary`].

use regex::{Regex, RegexBuilder};

/// Regex size limit: generous, because 200 rules of a dozen phrases is still
/// well under a megabyte of literals and a refusal would be a config error.
const SIZE_LIMIT: usize = 64 << 20;

#[derive(Clone, Debug)]
struct Keyword {
    /// Normalized text (lowercase, single spaces).
    text: String,
    /// Rules listing this keyword.
    rules: Vec<usize>,
    left_bounded: bool,
    right_bounded: bool,
    /// Shorter keywords that are prefixes of this one: the leftmost-longest
    /// search reports only this one at a position, so those are checked here.
    prefixes: Vec<usize>,
}

/// The compiled keywords of a rule set.
#[derive(Clone, Debug)]
pub(super) struct KeywordMatcher {
    regex: Option<Regex>,
    keywords: Vec<Keyword>,
    /// Keyword index by regex alternation order (longest first).
    by_pattern: Vec<usize>,
}

/// Lowercases and collapses whitespace runs into single spaces, the form both
/// keywords and messages are compared in.
pub(super) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let bytes = text.as_bytes();
    // Start of the pending run of bytes that are copied unchanged; most of a
    // message is lowercase ASCII, so it moves in slices, not characters.
    let mut run = 0;
    let mut i = 0;
    let mut in_space = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_lowercase() || (b.is_ascii() && !b.is_ascii_uppercase() && !is_ascii_space(b)) {
            in_space = false;
            i += 1;
            continue;
        }
        out.push_str(text.get(run..i).unwrap_or(""));
        let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            in_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_lowercase() || !c.is_alphabetic() {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
        }
        i += len;
        run = i;
    }
    out.push_str(text.get(run..).unwrap_or(""));
}

/// The ASCII characters `char::is_whitespace` accepts.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text.trim(), &mut out);
    out
}

/// Scripts written without spaces between words (Han, Hiragana, Katakana,
/// Thai, Lao, Khmer, Myanmar). There a keyword cannot wait for a word
/// boundary, so its edges in such a script match anywhere.
pub(super) fn is_spaceless_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3005..=0x3007 // 々 〆 〇
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // Halfwidth Katakana
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// Combining marks that continue a word (accents written separately,
/// Hebrew and Arabic points, Indic vowel signs and viramas) and the zero-width
/// joiners; a coarse table is enough because letters are checked first.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06ED
        | 0x0900..=0x0963 // Devanagari signs (dandas U+0964/5 are punctuation)
        | 0x0966..=0x0DFF // other Indic scripts
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D
        | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F
    )
}

/// A character that is part of a word: a letter, digit, combining mark or `_`.
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// Whether a keyword edge character needs a word boundary next to it: only
/// word characters of scripts written with spaces do. So `down` does not
/// match inside `shutdown`, but `緊急` matches inside `至急緊急対応`.
fn needs_boundary(c: Option<char>) -> bool {
    c.is_some_and(|c| is_word_char(c) && !is_spaceless_script(c))
}

/// Whether `c` (the text character next to a hit) breaks a word: anything but
/// a word character of a spaced script. Spaceless-script characters do, so
/// `SIM` matches in `新しいSIMカード`.
fn is_boundary(c: Option<char>) -> bool {
    !needs_boundary(c)
}

impl KeywordMatcher {
    /// Compiles `(rule index, keyword)` pairs. Keywords must be normalized and
    /// non-empty.
    pub(super) fn new(
        pairs: impl IntoIterator<Item = (usize, String)>,
    ) -> Result<KeywordMatcher, regex::Error> {
        let mut keywords: Vec<Keyword> = Vec::new();
        for (rule, text) in pairs {
            match keywords.iter_mut().find(|k| k.text == text) {
                Some(k) => {
                    if !k.rules.contains(&rule) {
                        k.rules.push(rule);
                    }
                }
                None => keywords.push(Keyword {
                    left_bounded: needs_boundary(text.chars().next()),
                    right_bounded: needs_boundary(text.chars().next_back()),
                    text,
                    rules: vec![rule],
                    prefixes: Vec::new(),
                }),
            }
        }
        if keywords.is_empty() {
            return Ok(KeywordMatcher { regex: None, keywords, by_pattern: Vec::new() });
        }
        let mut by_pattern: Vec<usize> = (0..keywords.len()).collect();
        by_pattern.sort_by(|&a, &b| {
            let (ka, kb) = (&keywords[a].text, &keywords[b].text);
            kb.len().cmp(&ka.len()).then_with(|| ka.cmp(kb))
        });
        let texts: Vec<String> = keywords.iter().map(|k| k.text.clone()).collect();
        for (i, k) in keywords.iter_mut().enumerate() {
            k.prefixes = (0..texts.len())
                .filter(|&j| j != i && texts[j].len() < k.text.len() && k.text.starts_with(texts[j].as_str()))
                .collect();
        }
        let pattern =
            by_pattern.iter().map(|&i| regex::escape(&keywords[i].text)).collect::<Vec<_>>().join("|");
        let regex = RegexBuilder::new(&pattern).size_limit(SIZE_LIMIT).dfa_size_limit(SIZE_LIMIT).build()?;
        Ok(KeywordMatcher { regex: Some(regex), keywords, by_pattern })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.keywords.is_empty()
    }

    /// Calls `hit(rule, keyword)` for every rule with a keyword in the
    /// normalized text, in text order (a rule may be reported more than once).
    pub(super) fn scan(&self, text: &str, mut hit: impl FnMut(usize, &str)) {
        let Some(regex) = &self.regex else { return };
        let mut at = 0;
        while let Some(m) = regex.find_at(text, at) {
            let start = m.start();
            let before = text.get(..start).and_then(|s| s.chars().next_back());
            if let Some(ki) = self.pattern_of(m.as_str()) {
                let left_ok = self.keywords.get(ki).is_some_and(|k| !k.left_bounded || is_boundary(before));
                let prefixes = self.keywords.get(ki).map_or(&[][..], |k| k.prefixes.as_slice());
                for &i in std::iter::once(&ki).chain(prefixes).filter(|_| left_ok) {
                    let Some(kw) = self.keywords.get(i) else { continue };
                    let after = text.get(start + kw.text.len()..).and_then(|s| s.chars().next());
                    if !kw.right_bounded || is_boundary(after) {
                        for &rule in &kw.rules {
                            hit(rule, &kw.text);
                        }
                    }
                }
            }
            // Step one character, not past the match, so overlapping keywords
            // (`not working` / `working now`) are all found.
            let step = text.get(start..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
            at = start + step;
            if at > text.len() {
                break;
            }
        }
    }

    fn pattern_of(&self, matched: &str) -> Option<usize> {
        // Distinct keywords have distinct texts, so the matched text names its
        // keyword; a binary search over the longest-first order finds it.
        let found = self.by_pattern.binary_search_by(|&i| {
            let t = self.keywords.get(i).map_or("", |k| k.text.as_str());
            matched.len().cmp(&t.len()).then_with(|| t.cmp(matched))
        });
        found.ok().and_then(|p| self.by_pattern.get(p).copied())
    }
}
