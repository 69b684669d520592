//! The search-query language of the inbox.
//!
//! ```text
//! WhatsApp + pending
//! "refund request" -tag:spam priority:>=high
//! assignee:me (status:open OR is:unread) created:>=-7d
//! ```
//!
//! [`parse`] reads a query strictly (any error fails it); [`parse_lenient`]
//! never fails and returns the best query it can make of the input, for
//! search-as-you-type. Both report problems as [`Diagnostic`]s with stable codes
//! and spans in bytes and UTF-16 code units. Every [`Query`] prints back to a
//! canonical string ([`Query::to_canonical`]) that parses to the same query.
//! [`sql::compile`] turns a query into parameterized SQL over the reference
//! schema for PostgreSQL or SQLite.
//!
//! The grammar, fields, date semantics and every diagnostic code are described
//! in `docs/query-language.md`.

mod ast;
mod dates;
mod fields;
mod lexer;
mod parser;
mod printer;
pub mod sql;

pub use ast::{ContactRef, EmailMatch, Expr, Flag, HasWhat, Person, Query, TeamRef, Term};
pub use dates::{
    resolve, DateCmp, DateExpr, DateField, DateFilter, Interval, NamedPeriod, RelUnit, TimeBounds,
    MAX_UTC_OFFSET_MINUTES,
};
pub use diagnostics::{Diagnostic, DiagnosticCode, Fix, Severity, Span};
pub(crate) use fields::is_full_phone_number;

// The diagnostics live in a leaf module (`crate::error` carries them).
use crate::query_diagnostics as diagnostics;
use diagnostics::Diags;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest query accepted by default, in bytes.
pub const DEFAULT_MAX_LEN: usize = 4096;
/// How deep parentheses may nest by default.
pub const DEFAULT_MAX_DEPTH: usize = 32;
/// The most nesting any options allow, whatever they ask for: the parser
/// recurses once per level and must not exhaust a thread's stack.
pub const HARD_MAX_DEPTH: usize = 128;

/// Limits for parsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ParseOptions {
    /// The longest query accepted, in bytes of UTF-8. Longer input is refused
    /// (strict) or cut (lenient) before it is read.
    pub max_len: usize,
    /// How deep parentheses may nest; capped at [`HARD_MAX_DEPTH`].
    pub max_depth: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { max_len: DEFAULT_MAX_LEN, max_depth: DEFAULT_MAX_DEPTH }
    }
}

impl ParseOptions {
    /// The default limits: 4096 bytes, 32 levels of parentheses.
    pub fn new() -> Self {
        ParseOptions::default()
    }

    /// The same options with another length limit, in bytes.
    pub fn with_max_len(mut self, max_len: usize) -> Self {
        self.max_len = max_len;
        self
    }

    /// The same options with another nesting limit (capped at [`HARD_MAX_DEPTH`]).
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }
}

/// Why a strict parse failed: every diagnostic found, errors and warnings, in
/// input order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseError {
    /// All diagnostics; at least one is an error.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseError {
    /// The diagnostics that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut errors = self.errors();
        match errors.next() {
            Some(first) => {
                write!(f, "invalid query: {first}")?;
                let more = errors.count();
                if more > 0 {
                    write!(f, " (and {more} more)")?;
                }
                Ok(())
            }
            None => f.write_str("invalid query"),
        }
    }
}

impl std::error::Error for ParseError {}

/// The result of [`parse_lenient`]: the best query that could be made of the
/// input, and everything found wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LenientParse {
    /// The query made of the valid parts: invalid terms are left out, unknown
    /// fields are searched as text, unclosed quotes and parentheses are closed.
    /// Its canonical form always parses strictly.
    pub query: Query,
    /// Errors and warnings, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LenientParse {
    /// Whether a strict parse of the same input would fail.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn run(input: &str, options: &ParseOptions) -> (Query, Diags) {
    let mut diags = Diags::new();
    let mut text = input;
    if input.len() > options.max_len {
        let mut cut = options.max_len;
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        diags.push(
            DiagnosticCode::QueryTooLong,
            Span::new(cut, input.len()),
            format!("the query is {} bytes long; the limit is {}", input.len(), options.max_len),
            Vec::new(),
        );
        text = input.get(..cut).unwrap_or("");
    }
    let tokens = lexer::lex(text, &mut diags);
    let depth = options.max_depth.min(HARD_MAX_DEPTH);
    let root = parser::Parser::new(text, tokens, &mut diags, depth).parse();
    (Query { root }, diags)
}

/// Parses a query strictly: any error fails the parse. Warnings (such as a
/// lowercase `or`) do not; use [`parse_lenient`] to see them.
///
/// Never panics, and takes time and memory linear in the input, whose length is
/// checked before anything else.
pub fn parse(input: &str, options: &ParseOptions) -> Result<Query, ParseError> {
    if input.len() > options.max_len {
        let mut diags = Diags::new();
        let mut cut = options.max_len;
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        diags.push(
            DiagnosticCode::QueryTooLong,
            Span::new(cut, input.len()),
            format!("the query is {} bytes long; the limit is {}", input.len(), options.max_len),
            Vec::new(),
        );
        return Err(ParseError { diagnostics: diags.finish(input) });
    }
    let (query, diags) = run(input, options);
    if diags.has_errors() {
        return Err(ParseError { diagnostics: diags.finish(input) });
    }
    Ok(query)
}

/// Parses as much of a query as makes sense and never fails: for
/// search-as-you-type, where the input is often half-written.
pub fn parse_lenient(input: &str, options: &ParseOptions) -> LenientParse {
    let (query, diags) = run(input, options);
    LenientParse { query, diagnostics: diags.finish(input) }
}

impl FromStr for Query {
    type Err = ParseError;

    /// Parses strictly with the default options.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s, &ParseOptions::default())
    }
}

/// Checks the parser's promises on one input and says which one broke: both
/// parses return; every diagnostic span and fix lies on character boundaries
/// of the input; a strict parse prints to a canonical form that parses back to
/// the same query; a lenient parse prints to a form that parses strictly to the
/// same query. The fuzz target and the corpus regression test run it; binding
/// test suites can too.
pub fn check_parse(input: &str) -> Result<(), String> {
    let options = ParseOptions::default().with_max_len(1 << 16);
    let check_spans = |diagnostics: &[Diagnostic]| -> Result<(), String> {
        for d in diagnostics {
            let spans = std::iter::once(d.span).chain(d.fixes.iter().map(|f| f.span));
            for s in spans {
                if s.start > s.end || input.get(s.start..s.end).is_none() {
                    return Err(format!("{d}: span {s} is not a slice of the input"));
                }
            }
            if d.utf16_span.start > d.utf16_span.end {
                return Err(format!("{d}: inverted UTF-16 span"));
            }
        }
        Ok(())
    };
    match parse(input, &options) {
        Ok(q) => {
            let canonical = q.to_canonical();
            match parse(&canonical, &options) {
                Ok(again) if again == q => {}
                Ok(again) => return Err(format!("{input:?} -> {canonical:?} -> {:?}", again.to_canonical())),
                Err(e) => return Err(format!("{input:?} -> {canonical:?} fails: {e}")),
            }
        }
        Err(e) => {
            check_spans(&e.diagnostics)?;
            if e.errors().next().is_none() {
                return Err(format!("{input:?} failed without an error"));
            }
        }
    }
    let lenient = parse_lenient(input, &options);
    check_spans(&lenient.diagnostics)?;
    let canonical = lenient.query.to_canonical();
    match parse(&canonical, &options) {
        Ok(q) if q == lenient.query => Ok(()),
        Ok(q) => Err(format!("lenient {input:?} -> {canonical:?} -> {:?}", q.to_canonical())),
        Err(e) => Err(format!("lenient {input:?} -> {canonical:?} fails: {e}")),
    }
}
