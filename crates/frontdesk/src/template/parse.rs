//! The template parser: one left-to-right pass that resolves escapes, finds
//! placeholders and collects every diagnostic instead of stopping at the first.

use super::MAX_NUMBERED_PARAMETER;
use super::{Placeholder, Segment, TemplateDiagnostic, TemplateErrorCode, TemplateSyntaxError, Variable};
use crate::span::{Span, SpanMaker};

use TemplateErrorCode as Code;

pub(super) fn parse(source: &str, whatsapp_approved: bool) -> Result<Vec<Segment>, TemplateSyntaxError> {
    let mut p = Parser {
        src: source,
        b: source.as_bytes(),
        spans: SpanMaker::new(source),
        segments: Vec::new(),
        text: String::new(),
        diagnostics: Vec::new(),
    };
    p.run();
    p.check_parameters(whatsapp_approved);
    if p.diagnostics.is_empty() {
        Ok(p.segments)
    } else {
        let mut diagnostics = p.diagnostics;
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        Err(TemplateSyntaxError { diagnostics })
    }
}

struct Parser<'s> {
    src: &'s str,
    // Every byte the grammar cares about is ASCII, and ASCII bytes never occur
    // inside a multi-byte UTF-8 sequence, so scanning bytes only ever stops on
    // character boundaries.
    b: &'s [u8],
    spans: SpanMaker<'s>,
    segments: Vec<Segment>,
    text: String,
    diagnostics: Vec<TemplateDiagnostic>,
}

fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

impl<'s> Parser<'s> {
    fn starts(&self, i: usize, pat: &[u8]) -> bool {
        self.b.get(i..).is_some_and(|rest| rest.starts_with(pat))
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn slice(&self, start: usize, end: usize) -> &'s str {
        self.src.get(start..end).unwrap_or("")
    }

    fn error(&mut self, code: Code, start: usize, end: usize, message: impl Into<String>) {
        let span = self.spans.span(start, end);
        self.diagnostics.push(TemplateDiagnostic { code, message: message.into(), span });
    }

    fn push_text(&mut self, start: usize, end: usize) {
        let piece = self.slice(start, end);
        self.text.push_str(piece);
    }

    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        // Start of literal text not yet copied into `self.text`.
        let mut lit = 0;
        let mut escaped_open = false;
        while i < n {
            match self.b[i] {
                b'\\' => {
                    let mut j = i;
                    while self.at(j) == Some(b'\\') {
                        j += 1;
                    }
                    let braces = self.starts(j, b"{{") || self.starts(j, b"}}");
                    if !braces {
                        i = j;
                        continue;
                    }
                    // A run of k backslashes before `{{` or `}}` stands for k/2
                    // backslashes; an odd one out makes the braces literal.
                    self.push_text(lit, i);
                    let k = j - i;
                    self.text.extend(std::iter::repeat_n('\\', k / 2));
                    if k % 2 == 1 {
                        let pair = self.slice(j, j + 2);
                        self.text.push_str(pair);
                        escaped_open = pair == "{{";
                        i = j + 2;
                    } else {
                        i = j;
                    }
                    lit = i;
                }
                b'{' if self.starts(i, b"{{") => {
                    let mut j = i;
                    while self.at(j) == Some(b'{') {
                        j += 1;
                    }
                    // In `{{{name}}` the last two braces open the placeholder, so
                    // a literal `{` can stand right before one.
                    let open = j - 2;
                    escaped_open = false;
                    self.push_text(lit, open);
                    let next = self.placeholder(open);
                    i = next;
                    lit = next;
                }
                b'}' if self.starts(i, b"}}") && escaped_open => {
                    // `\{{name}}` is literal `{{name}}` as a whole, as in
                    // Handlebars: the escape also covers the next `}}`.
                    escaped_open = false;
                    i += 2;
                }
                b'}' if self.starts(i, b"}}") => {
                    self.error(
                        Code::StrayClosingBraces,
                        i,
                        i + 2,
                        "`}}` without an opening `{{`; write `\\}}` for literal braces",
                    );
                    i += 2;
                }
                _ => i += 1,
            }
        }
        self.push_text(lit, n);
        self.flush_text();
    }

    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.segments.push(Segment::Text { text });
        }
    }

    /// Parses the placeholder opening at `open` and returns where scanning
    /// resumes. An unclosed `{{` is kept as literal text (for recovery only:
    /// it is reported, so the body never renders).
    fn placeholder(&mut self, open: usize) -> usize {
        let n = self.b.len();
        let body = open + 2;
        let mut p = body;
        let mut quote: Option<usize> = None;
        let mut close = None;
        while p < n {
            let c = self.b[p];
            if quote.is_some() {
                match c {
                    b'\\' => p += 2,
                    b'"' => {
                        quote = None;
                        p += 1;
                    }
                    _ => p += 1,
                }
                continue;
            }
            if c == b'"' {
                quote = Some(p);
            } else if self.starts(p, b"}}") {
                close = Some(p);
                break;
            } else if self.starts(p, b"{{") {
                break;
            }
            p += 1;
        }
        if close.is_none() {
            if let Some(q) = quote {
                // The quote never closed: the `}}` it swallowed most likely ends
                // the placeholder, and the default is reported as unterminated.
                close = (q..n).take_while(|&i| !self.starts(i, b"{{")).find(|&i| self.starts(i, b"}}"));
            }
        }
        let Some(close) = close else {
            self.error(
                Code::UnclosedBraces,
                open,
                open + 2,
                "`{{` is never closed with `}}`; write `\\{{` for literal braces",
            );
            self.push_text(open, open + 2);
            return open + 2;
        };
        let end = close + 2;
        if let Some((variable, default)) = self.content(open, body, close, end) {
            self.flush_text();
            let span = self.spans.span(open, end);
            self.segments.push(Segment::Placeholder(Placeholder { variable, default, span }));
        }
        end
    }

    fn skip_space(&self, mut i: usize, end: usize) -> usize {
        while i < end && self.at(i).is_some_and(is_space) {
            i += 1;
        }
        i
    }

    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.at(end - 1).is_some_and(is_space) {
            end -= 1;
        }
        end
    }

    /// Parses `name`, `name | "default"` between `body` and `close`.
    fn content(
        &mut self,
        open: usize,
        body: usize,
        close: usize,
        end: usize,
    ) -> Option<(Variable, Option<String>)> {
        let p = self.skip_space(body, close);
        let mut t = p;
        while t < close && !matches!(self.b[t], b'|' | b'"') && !is_space(self.b[t]) {
            t += 1;
        }
        if t == p {
            self.error(
                Code::EmptyVariable,
                open,
                end,
                "a placeholder needs a variable name, e.g. {{customer_name}}",
            );
            return None;
        }
        let q = self.skip_space(t, close);
        if q < close && self.b[q] != b'|' {
            let name_end = (q..close).find(|&i| self.b[i] == b'|').unwrap_or(close);
            let name_end = self.trim_end(p, name_end);
            self.error(
                Code::InvalidVariableName,
                p,
                name_end,
                "variable names cannot contain spaces or quotes; use letters, digits and `_`, e.g. order_id",
            );
            return None;
        }
        let variable = self.variable(p, t);
        let default = if q < close { self.default(q, close) } else { Some(None) };
        Some((variable?, default?))
    }

    fn variable(&mut self, start: usize, end: usize) -> Option<Variable> {
        let token = self.slice(start, end);
        if token.bytes().all(|c| c.is_ascii_digit()) {
            let value = token.parse::<u32>().ok().filter(|&v| v <= MAX_NUMBERED_PARAMETER);
            return match value {
                Some(0) => {
                    self.error(Code::NumberedParameterZero, start, end, "numbered parameters start at {{1}}");
                    None
                }
                Some(v) if !token.starts_with('0') => Some(Variable::Numbered(v)),
                _ => {
                    self.error(
                        Code::InvalidNumberedParameter,
                        start,
                        end,
                        format!(
                            "numbered parameters are written 1 to {MAX_NUMBERED_PARAMETER} without leading zeros"
                        ),
                    );
                    None
                }
            };
        }
        let mut chars = token.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.error(
                Code::InvalidVariableName,
                start,
                end,
                "variable names use ASCII letters, digits and `_` and start with a letter or `_`",
            );
            return None;
        }
        Some(Variable::from_name(token.to_ascii_lowercase()))
    }

    /// Parses `| "default"` starting at the `|` at `bar`. The outer `Option`
    /// is `None` when an error was reported.
    fn default(&mut self, bar: usize, close: usize) -> Option<Option<String>> {
        let r = self.skip_space(bar + 1, close);
        if self.at(r) != Some(b'"') || r >= close {
            let end = self.trim_end(bar, close).max(bar + 1);
            self.error(
                Code::DefaultNotQuoted,
                bar,
                end,
                "a default is written in double quotes: {{name | \"there\"}}",
            );
            return None;
        }
        let mut value = String::new();
        let mut ok = true;
        let mut i = r + 1;
        let mut seg = i;
        let mut closed = None;
        while i < close {
            match self.b[i] {
                b'"' => {
                    closed = Some(i);
                    break;
                }
                b'\\' => {
                    value.push_str(self.slice(seg, i));
                    match self.at(i + 1).filter(|_| i + 1 < close) {
                        Some(c @ (b'"' | b'\\')) => value.push(char::from(c)),
                        _ => {
                            let len = self.slice(i + 1, close).chars().next().map_or(0, char::len_utf8);
                            self.error(
                                Code::InvalidDefaultEscape,
                                i,
                                i + 1 + len,
                                "inside a default only `\\\"` and `\\\\` are escapes",
                            );
                            ok = false;
                        }
                    }
                    i += 2;
                    seg = i;
                }
                _ => i += 1,
            }
        }
        let Some(closing) = closed else {
            let end = self.trim_end(r, close);
            self.error(Code::UnterminatedDefault, r, end, "the default's closing `\"` is missing");
            return None;
        };
        value.push_str(self.slice(seg, closing));
        let rest = self.skip_space(closing + 1, close);
        if rest < close {
            let end = self.trim_end(rest, close);
            self.error(
                Code::UnexpectedTextInVariable,
                rest,
                end,
                "nothing may follow the default inside the braces",
            );
            return None;
        }
        ok.then_some(Some(value))
    }

    /// Numbered parameters belong to WhatsApp-approved templates, alone, and
    /// numbered 1..n without gaps, because the provider fills them by position.
    fn check_parameters(&mut self, whatsapp_approved: bool) {
        let placeholders: Vec<(Span, Option<u32>)> = self
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Placeholder(p) => Some((
                    p.span,
                    match p.variable {
                        Variable::Numbered(n) => Some(n),
                        _ => None,
                    },
                )),
                Segment::Text { .. } => None,
            })
            .collect();
        let Some(first_numbered) = placeholders.iter().find(|(_, n)| n.is_some()) else { return };
        if !whatsapp_approved {
            for (span, _) in placeholders.iter().filter(|(_, n)| n.is_some()) {
                self.push_at(
                    Code::NumberedParameterNotAllowed,
                    *span,
                    "numbered parameters are only for WhatsApp-approved templates; use a name like {{order_id}}",
                );
            }
            return;
        }
        if let Some(first_named) = placeholders.iter().find(|(_, n)| n.is_none()) {
            let later =
                if first_named.0.start > first_numbered.0.start { first_named.0 } else { first_numbered.0 };
            self.push_at(
                Code::MixedParameters,
                later,
                "a template uses either named placeholders or numbered parameters, not both",
            );
            return;
        }
        let mut seen = [false; MAX_NUMBERED_PARAMETER as usize + 1];
        for n in placeholders.iter().filter_map(|(_, n)| *n) {
            if let Some(slot) = seen.get_mut(n as usize) {
                *slot = true;
            }
        }
        let highest = seen.iter().rposition(|&s| s).unwrap_or(0);
        let Some(gap) = (1..highest).find(|&i| !seen.get(i).copied().unwrap_or(false)) else { return };
        let culprit = placeholders.iter().find(|(_, n)| n.is_some_and(|n| n as usize > gap));
        if let Some((span, _)) = culprit {
            self.push_at(
                Code::NumberedParameterGap,
                *span,
                format!("parameter {{{{{gap}}}}} is missing; numbered parameters run from 1 without gaps"),
            );
        }
    }

    fn push_at(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.diagnostics.push(TemplateDiagnostic { code, message: message.into(), span });
    }
}
