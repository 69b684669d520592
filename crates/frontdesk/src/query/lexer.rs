//! Splits a query into tokens. Context-free except for one thing: a `phone:`
//! value may contain spaces and parentheses (`phone:+1 (555) 123-4567`), because
//! that is how people paste numbers.

use super::diagnostics::{fix, DiagnosticCode, Diags, Span};
use super::fields;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    LParen,
    RParen,
    /// A `-` at the start of a token: negation of what follows without space.
    Minus,
    /// A run of characters up to whitespace, a parenthesis or a quote; its
    /// text is the input at the token's span.
    Word,
    /// A quoted phrase, unescaped.
    Quoted {
        text: String,
        closed: bool,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokKind,
    pub span: Span,
}

/// Quote characters that open a phrase: straight and typographic.
pub(crate) const QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];

/// Whitespace, and control characters, which are read as whitespace.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

fn ends_word(c: char) -> bool {
    is_space(c) || c == '(' || c == ')' || QUOTES.contains(&c)
}

fn check_char(c: char, at: usize, diags: &mut Diags) {
    if c.is_control() && !c.is_whitespace() {
        diags.push(
            DiagnosticCode::ControlCharacter,
            Span::new(at, at + c.len_utf8()),
            format!("control character U+{:04X} is read as a space", u32::from(c)),
            vec![fix(Span::new(at, at + c.len_utf8()), " ")],
        );
    } else if c == '\u{FFFD}' {
        diags.push(
            DiagnosticCode::ReplacementCharacter,
            Span::new(at, at + c.len_utf8()),
            "U+FFFD usually stands for a character that was lost in transit (a lone surrogate)",
            Vec::new(),
        );
    }
}

pub(crate) fn lex(input: &str, diags: &mut Diags) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = input.get(i..).and_then(|r| r.chars().next()) {
        let start = i;
        let len = c.len_utf8();
        if is_space(c) {
            check_char(c, i, diags);
            i += len;
            continue;
        }
        let kind = match c {
            '(' => {
                i += len;
                TokKind::LParen
            }
            ')' => {
                i += len;
                TokKind::RParen
            }
            '-' => {
                i += len;
                TokKind::Minus
            }
            c if QUOTES.contains(&c) => {
                let (kind, end) = lex_quoted(input, start, c, diags);
                i = end;
                kind
            }
            _ => {
                i = lex_word(input, start, diags);
                TokKind::Word
            }
        };
        tokens.push(Token { kind, span: Span::new(start, i) });
    }
    tokens
}

fn lex_word(input: &str, start: usize, diags: &mut Diags) -> usize {
    let mut i = start;
    while let Some(c) = input.get(i..).and_then(|r| r.chars().next()) {
        if ends_word(c) {
            break;
        }
        check_char(c, i, diags);
        i += c.len_utf8();
    }
    let word = input.get(start..i).unwrap_or("");
    if let Some(value_at) = fields::phone_value_offset(word) {
        if let Some(end) = phone_extent(input, start + value_at) {
            if end > i {
                return end;
            }
        }
    }
    i
}

/// Where a phone number starting at `start` ends, if it reaches past
/// whitespace or parentheses to a token boundary.
fn phone_extent(input: &str, start: usize) -> Option<usize> {
    let b = input.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let digit = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let mut j = start;
    if at(j) == Some(b'!') && at(j + 1) == Some(b'=') {
        j += 2;
    }
    while at(j) == Some(b' ') {
        j += 1;
    }
    if at(j) == Some(b'+') {
        j += 1;
    }
    let mut digits = 0usize;
    loop {
        match at(j) {
            Some(c) if c.is_ascii_digit() => {
                digits += 1;
                j += 1;
            }
            Some(b'.' | b'-') => j += 1,
            Some(b'(') => {
                let mut k = j + 1;
                while digit(k) {
                    k += 1;
                }
                if k > j + 1 && at(k) == Some(b')') {
                    digits += k - j - 1;
                    j = k + 1;
                } else {
                    break;
                }
            }
            Some(b' ') => {
                let mut k = j;
                while at(k) == Some(b' ') {
                    k += 1;
                }
                if digit(k) || (at(k) == Some(b'(') && digit(k + 1)) {
                    j = k;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    let boundary = match input.get(j..).and_then(|r| r.chars().next()) {
        None => true,
        Some(c) => is_space(c) || c == ')',
    };
    (digits > 0 && boundary).then_some(j)
}

fn lex_quoted(input: &str, start: usize, open: char, diags: &mut Diags) -> (TokKind, usize) {
    // A straight quote closes only on a straight quote, so typographic quotes
    // can appear inside; a typographic opening accepts any closing quote.
    let closes =
        |c: char| if open == '"' { c == '"' } else { c == '"' || c == '\u{201C}' || c == '\u{201D}' };
    let mut i = start + open.len_utf8();
    let mut text = String::new();
    let mut chars = input.get(i..).unwrap_or("").chars().peekable();
    while let Some(c) = chars.next() {
        let at = i;
        i += c.len_utf8();
        if closes(c) {
            return (TokKind::Quoted { text, closed: true }, i);
        }
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n == '\\' || QUOTES.contains(&n) {
                    chars.next();
                    i += n.len_utf8();
                    text.push(n);
                    continue;
                }
            }
            text.push('\\');
            continue;
        }
        check_char(c, at, diags);
        // Line breaks and tabs in a phrase become spaces, which the canonical
        // form can print back.
        text.push(if c.is_control() { ' ' } else { c });
    }
    diags.push(
        DiagnosticCode::UnterminatedQuote,
        Span::new(start, input.len()),
        "this quote is never closed",
        vec![fix(Span::at(input.len()), "\"")],
    );
    (TokKind::Quoted { text, closed: false }, input.len())
}
