//! What the parser reports about a query: errors and warnings, each with a
//! stable code, a byte span, a UTF-16 span (what editors in JavaScript, Java and
//! Kotlin count in) and, where one exists, suggested replacements.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open range `[start, end)` of offsets into the query text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The first offset inside the range.
    pub start: usize,
    /// The first offset after the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` (inclusive) to `end` (exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at `at`, where a fix inserts text.
    pub fn at(at: usize) -> Span {
        Span { start: at, end: at }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// How many offsets the span covers.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing (an insertion point).
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Whether a diagnostic stops a strict parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The query is malformed; [`parse`](crate::query::parse) fails.
    Error,
    /// The query parses, but probably not as the person meant.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $name:literal, $severity:ident;)*) => {
        /// The stable identifier of a diagnostic, the same in every language
        /// binding. Listed with examples in `docs/query-language.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $($(#[$doc])* $variant,)*
        }

        impl DiagnosticCode {
            /// Every code, in documentation order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant,)*];

            /// The snake_case name of the code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $name,)*
                }
            }

            /// Whether this code is an error or a warning.
            pub fn severity(self) -> Severity {
                match self {
                    $(DiagnosticCode::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    /// The query is longer than [`ParseOptions::max_len`](crate::query::ParseOptions).
    QueryTooLong => "query_too_long", Error;
    /// A quoted phrase has no closing quote.
    UnterminatedQuote => "unterminated_quote", Error;
    /// A `(` without its `)`, or a `)` without its `(`.
    UnbalancedParenthesis => "unbalanced_parenthesis", Error;
    /// `()` with nothing inside.
    EmptyGroup => "empty_group", Error;
    /// `field:` with no value, or an empty item in a comma list.
    EmptyValue => "empty_value", Error;
    /// `""`: a quoted phrase with nothing but spaces inside.
    EmptyPhrase => "empty_phrase", Error;
    /// `AND`, `OR` or `+` with nothing on one side.
    DanglingOperator => "dangling_operator", Error;
    /// `-` or `NOT` with nothing to negate.
    DanglingNegation => "dangling_negation", Error;
    /// `name:value` where `name` is not a known field.
    UnknownField => "unknown_field", Error;
    /// A value the field does not accept (an unknown status, an empty range...).
    InvalidValue => "invalid_value", Error;
    /// A date that does not exist or cannot be read.
    InvalidDate => "invalid_date", Error;
    /// A phone number that cannot be normalized.
    InvalidPhone => "invalid_phone", Error;
    /// A relative date in `m`, which could be minutes or months.
    AmbiguousUnit => "ambiguous_unit", Error;
    /// A range whose start is after its end.
    InvertedRange => "inverted_range", Error;
    /// A comparison (`>`, `<`...) on a field that has no order.
    UnsupportedOperator => "unsupported_operator", Error;
    /// Parentheses nested deeper than [`ParseOptions::max_depth`](crate::query::ParseOptions).
    NestingTooDeep => "nesting_too_deep", Error;
    /// Syntax from another query language (`&&`, `[a TO b]`, `field=value`).
    ForeignSyntax => "foreign_syntax", Error;
    /// Lowercase `or` is searched as a word; `OR` is the operator.
    LowercaseOr => "lowercase_or", Warning;
    /// Lowercase `and` or `not` is searched as a word.
    LowercaseOperator => "lowercase_operator", Warning;
    /// `field: value` with a space after the colon; read as `field:value`.
    SpaceAfterColon => "space_after_colon", Warning;
    /// A control character, read as a space.
    ControlCharacter => "control_character", Warning;
    /// U+FFFD, usually what is left of a broken character (a lone surrogate).
    ReplacementCharacter => "replacement_character", Warning;
    /// The diagnostics were cut short; fix these first.
    TooManyDiagnostics => "too_many_diagnostics", Warning;
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A suggested edit: replace the text at `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// The byte range to replace (empty to insert).
    pub span: Span,
    /// The same range counted in UTF-16 code units.
    pub utf16_span: Span,
    /// The text to put there.
    pub replacement: String,
}

impl Fix {
    /// The query with this fix applied, or `None` if the span does not fit
    /// `input` (the fix was made for another text).
    pub fn apply(&self, input: &str) -> Option<String> {
        let before = input.get(..self.span.start)?;
        let after = input.get(self.span.end..)?;
        Some(format!("{before}{}{after}", self.replacement))
    }
}

/// One problem found in a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stable code.
    pub code: DiagnosticCode,
    /// Error or warning.
    pub severity: Severity,
    /// An explanation for a person, in English.
    pub message: String,
    /// Where the problem is, in bytes of the UTF-8 query.
    pub span: Span,
    /// Where the problem is, in UTF-16 code units.
    pub utf16_span: Span,
    /// Suggested edits, best first; empty when there is no obvious fix.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] at {}: {}", self.severity.as_str(), self.code, self.span, self.message)?;
        if let Some(fix) = self.fixes.first() {
            write!(f, " (fix: replace {} with {:?})", fix.span, fix.replacement)?;
        }
        Ok(())
    }
}

/// Collects diagnostics during one parse, up to a cap, so that a hostile query
/// (a megabyte of `)`) cannot make the report itself unbounded.
pub(crate) struct Diags {
    list: Vec<Diagnostic>,
    truncated: bool,
}

/// Diagnostics kept per parse; the rest are summarized by one warning.
const MAX_DIAGNOSTICS: usize = 64;

impl Diags {
    pub(crate) fn new() -> Diags {
        Diags { list: Vec::new(), truncated: false }
    }

    pub(crate) fn push(
        &mut self,
        code: DiagnosticCode,
        span: Span,
        message: impl Into<String>,
        fixes: Vec<Fix>,
    ) {
        if self.list.len() >= MAX_DIAGNOSTICS {
            self.truncated = true;
            return;
        }
        self.list.push(Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            utf16_span: span,
            fixes,
        });
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics in input order, with their UTF-16 spans filled in.
    pub(crate) fn finish(mut self, input: &str) -> Vec<Diagnostic> {
        if self.truncated {
            let at = Span::at(input.len());
            self.list.push(Diagnostic {
                code: DiagnosticCode::TooManyDiagnostics,
                severity: Severity::Warning,
                message: format!("only the first {MAX_DIAGNOSTICS} problems are reported"),
                span: at,
                utf16_span: at,
                fixes: Vec::new(),
            });
        }
        self.list.sort_by_key(|d| (d.span.start, d.span.end));
        let index = Utf16Index::new(input, &self.list);
        for d in &mut self.list {
            d.utf16_span = index.span(d.span);
            for fix in &mut d.fixes {
                fix.utf16_span = index.span(fix.span);
            }
        }
        self.list
    }
}

/// A fix whose UTF-16 span is filled in by [`Diags::finish`].
pub(crate) fn fix(span: Span, replacement: impl Into<String>) -> Fix {
    Fix { span, utf16_span: span, replacement: replacement.into() }
}

/// Byte offsets and their UTF-16 counterparts for every offset a report
/// mentions, found in one walk over the input (reports can point at both ends
/// of a megabyte-long query).
struct Utf16Index {
    pairs: Vec<(usize, usize)>,
}

impl Utf16Index {
    fn new(input: &str, list: &[Diagnostic]) -> Self {
        let mut wanted: Vec<usize> = list
            .iter()
            .flat_map(|d| {
                std::iter::once(d.span).chain(d.fixes.iter().map(|f| f.span)).flat_map(|s| [s.start, s.end])
            })
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut pairs = Vec::with_capacity(wanted.len());
        let mut chars = input.char_indices().peekable();
        let mut utf16 = 0;
        for byte in wanted {
            // Offsets inside a character (never produced by the parser) round down.
            while let Some(&(i, c)) = chars.peek() {
                if i + c.len_utf8() > byte {
                    break;
                }
                utf16 += c.len_utf16();
                chars.next();
            }
            pairs.push((byte, utf16));
        }
        Utf16Index { pairs }
    }

    fn offset(&self, byte: usize) -> usize {
        match self.pairs.binary_search_by_key(&byte, |(b, _)| *b) {
            Ok(i) => self.pairs.get(i).map_or(0, |(_, u)| *u),
            Err(_) => 0,
        }
    }

    fn span(&self, span: Span) -> Span {
        Span { start: self.offset(span.start), end: self.offset(span.end) }
    }
}

/// Levenshtein distance between two short strings, in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest candidate within a small edit distance, for "did you mean".
pub(crate) fn closest<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    // Long inputs are not typos of short names, and this keeps the cost bounded.
    if input.chars().count() > 32 {
        return None;
    }
    let input = input.to_lowercase();
    let limit = if input.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (edit_distance(&input, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
