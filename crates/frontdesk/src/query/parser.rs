//! Recursive descent over the tokens, with error recovery: every problem is
//! reported and parsing goes on, so one pass serves both the strict parse and
//! the lenient one. Recursion happens only at `(`, and stops at the depth limit.

use super::ast::{Expr, Term};
use super::diagnostics::{closest, fix, DiagnosticCode, Diags, Span};
use super::fields::{self, Field, Op, Value};
use super::lexer::{TokKind, Token};

pub(crate) struct Parser<'a, 'd> {
    input: &'a str,
    toks: Vec<Token>,
    pos: usize,
    diags: &'d mut Diags,
    max_depth: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpTok {
    /// `AND`, `+`, or the foreign `&&`.
    And {
        foreign: bool,
    },
    /// `OR`, or the foreign `||`.
    Or {
        foreign: bool,
    },
    Not,
}

/// What parsing an operand produced. `present` is false when there was nothing
/// to parse at all (so a neighbouring operator dangles); `expr` can still be
/// `None` when something was there but was dropped as invalid.
struct Operand {
    expr: Option<Expr>,
    present: bool,
}

impl<'a, 'd> Parser<'a, 'd> {
    pub(crate) fn new(input: &'a str, toks: Vec<Token>, diags: &'d mut Diags, max_depth: usize) -> Self {
        Parser { input, toks, pos: 0, diags, max_depth }
    }

    pub(crate) fn parse(mut self) -> Expr {
        self.parse_or(0).unwrap_or(Expr::And(Vec::new()))
    }

    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn text(&self, span: Span) -> &'a str {
        self.input.get(span.start..span.end).unwrap_or("")
    }

    fn op_at(&self, idx: usize) -> Option<OpTok> {
        let tok = self.toks.get(idx)?;
        if tok.kind != TokKind::Word {
            return None;
        }
        Some(match self.text(tok.span) {
            "AND" | "+" => OpTok::And { foreign: false },
            "&&" => OpTok::And { foreign: true },
            "OR" => OpTok::Or { foreign: false },
            "||" => OpTok::Or { foreign: true },
            "NOT" => OpTok::Not,
            _ => return None,
        })
    }

    fn parse_or(&mut self, depth: usize) -> Option<Expr> {
        let mut parts = vec![self.parse_and(depth)];
        let mut ors = Vec::new();
        while let Some(OpTok::Or { foreign }) = self.op_at(self.pos) {
            let span = self.toks.get(self.pos).map(|t| t.span).unwrap_or_default();
            if foreign {
                self.diags.push(
                    DiagnosticCode::ForeignSyntax,
                    span,
                    "`||` is written OR here",
                    vec![fix(span, "OR")],
                );
            }
            ors.push(span);
            self.pos += 1;
            parts.push(self.parse_and(depth));
        }
        for (i, span) in ors.iter().enumerate() {
            let left = parts.get(i).is_some_and(|p| p.present);
            let right = parts.get(i + 1).is_some_and(|p| p.present);
            if !left || !right {
                self.diags.push(
                    DiagnosticCode::DanglingOperator,
                    *span,
                    if left { "OR needs a term after it" } else { "OR needs a term before it" },
                    vec![fix(*span, "")],
                );
            }
        }
        let alts: Vec<Expr> = parts.into_iter().filter_map(|p| p.expr).collect();
        (!alts.is_empty()).then(|| Expr::or(alts))
    }

    fn parse_and(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        let mut present = false;
        let mut has_left = false;
        let mut pending: Option<Span> = None;
        while let Some(tok) = self.peek() {
            let span = tok.span;
            if tok.kind == TokKind::RParen {
                if depth > 0 {
                    break;
                }
                self.diags.push(
                    DiagnosticCode::UnbalancedParenthesis,
                    span,
                    "this ) has no matching (",
                    vec![fix(span, "")],
                );
                self.pos += 1;
                continue;
            }
            match self.op_at(self.pos) {
                Some(OpTok::Or { .. }) => break,
                Some(OpTok::And { foreign }) => {
                    if foreign {
                        self.diags.push(
                            DiagnosticCode::ForeignSyntax,
                            span,
                            "`&&` is written AND here (or just a space)",
                            vec![fix(span, "AND")],
                        );
                    }
                    if has_left {
                        pending = Some(span);
                    } else {
                        self.diags.push(
                            DiagnosticCode::DanglingOperator,
                            span,
                            "AND needs a term before it",
                            vec![fix(span, "")],
                        );
                    }
                    has_left = false;
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let operand = self.parse_unary(depth);
            if operand.present {
                present = true;
                has_left = true;
                pending = None;
            }
            items.extend(operand.expr);
        }
        if let Some(span) = pending {
            self.diags.push(
                DiagnosticCode::DanglingOperator,
                span,
                "AND needs a term after it",
                vec![fix(span, "")],
            );
        }
        Operand { expr: (!items.is_empty()).then(|| Expr::and(items)), present }
    }

    fn parse_unary(&mut self, depth: usize) -> Operand {
        let mut negate = false;
        let mut after_minus = false;
        let mut last_not: Option<Span> = None;
        let mut consumed = false;
        while let Some(tok) = self.peek() {
            let span = tok.span;
            if tok.kind == TokKind::Minus {
                let next = self.toks.get(self.pos + 1);
                let attached = next.is_some_and(|n| n.span.start == span.end && n.kind != TokKind::RParen);
                self.pos += 1;
                consumed = true;
                if attached {
                    negate = !negate;
                    after_minus = true;
                } else {
                    self.diags.push(
                        DiagnosticCode::DanglingNegation,
                        span,
                        "`-` negates the term right after it, without a space (e.g. -tag:spam)",
                        vec![fix(span, "")],
                    );
                }
                continue;
            }
            if !after_minus && self.op_at(self.pos) == Some(OpTok::Not) {
                negate = !negate;
                last_not = Some(span);
                self.pos += 1;
                consumed = true;
                continue;
            }
            break;
        }
        let starts_primary = match self.peek() {
            None => false,
            Some(t) if t.kind == TokKind::RParen => false,
            Some(_) => {
                after_minus || !matches!(self.op_at(self.pos), Some(OpTok::And { .. } | OpTok::Or { .. }))
            }
        };
        if !starts_primary {
            if let Some(span) = last_not {
                self.diags.push(
                    DiagnosticCode::DanglingNegation,
                    span,
                    "NOT needs a term after it",
                    vec![fix(span, "")],
                );
            }
            return Operand { expr: None, present: consumed };
        }
        let expr = self.parse_primary(depth);
        Operand { expr: expr.map(|e| if negate { Expr::not(e) } else { e }), present: true }
    }

    fn parse_primary(&mut self, depth: usize) -> Option<Expr> {
        let tok = self.peek()?.clone();
        match tok.kind {
            TokKind::LParen => self.group(depth, tok.span),
            TokKind::RParen | TokKind::Minus => None,
            TokKind::Quoted { text, .. } => {
                self.pos += 1;
                self.phrase(&text, tok.span)
            }
            TokKind::Word => {
                self.pos += 1;
                self.word(tok.span)
            }
        }
    }

    fn group(&mut self, depth: usize, open: Span) -> Option<Expr> {
        let open_idx = self.pos;
        if depth >= self.max_depth {
            self.diags.push(
                DiagnosticCode::NestingTooDeep,
                open,
                format!("parentheses nest deeper than {} levels", self.max_depth),
                Vec::new(),
            );
            // Skip the whole group without recursing, so depth stays bounded.
            let mut level = 0usize;
            while let Some(kind) = self.peek().map(|t| t.kind.clone()) {
                self.pos += 1;
                match kind {
                    TokKind::LParen => level += 1,
                    TokKind::RParen => {
                        level = level.saturating_sub(1);
                        if level == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            return None;
        }
        self.pos += 1;
        let inner = self.parse_or(depth + 1);
        match self.peek() {
            Some(t) if t.kind == TokKind::RParen => {
                let close = t.span;
                self.pos += 1;
                if self.pos == open_idx + 2 {
                    let whole = open.to(close);
                    self.diags.push(
                        DiagnosticCode::EmptyGroup,
                        whole,
                        "empty parentheses",
                        vec![fix(whole, "")],
                    );
                }
            }
            _ => {
                self.diags.push(
                    DiagnosticCode::UnbalancedParenthesis,
                    open,
                    "this ( is never closed",
                    vec![fix(Span::at(self.input.len()), ")")],
                );
            }
        }
        inner
    }

    fn phrase(&mut self, text: &str, span: Span) -> Option<Expr> {
        if text.trim().is_empty() {
            self.diags.push(DiagnosticCode::EmptyPhrase, span, "empty quoted phrase", vec![fix(span, "")]);
            return None;
        }
        Some(Expr::Term(Term::Text(text.to_lowercase())))
    }

    fn word(&mut self, span: Span) -> Option<Expr> {
        let raw = self.text(span);
        let n = fields::ident_len(raw);
        let after = raw.get(n..).unwrap_or("");
        if n > 0 {
            let name = raw.get(..n).unwrap_or("");
            let field = fields::lookup(name);
            if after.starts_with(':') {
                match field {
                    Some(f) => return self.field(f, span, n, 1),
                    None if !after.starts_with("://") => {
                        self.unknown_field(name, span, n);
                        return Some(Expr::Term(Term::Text(raw.to_lowercase())));
                    }
                    None => {}
                }
            } else if let Some(f) = field {
                let (op, op_len) = fields::split_op(after);
                if op.is_order() && !f.is_ordered() {
                    // `status<solved`: `status:<solved` would only trade this
                    // error for unsupported_operator, so the fix drops the
                    // comparison (and corrects the value when it needs it).
                    let value = after.get(op_len..).unwrap_or("");
                    self.diags.push(
                        DiagnosticCode::ForeignSyntax,
                        span,
                        format!(
                            "filters are written {name}:value (with a colon); {name} has no order, so {} does not apply",
                            after.get(..op_len).unwrap_or("")
                        ),
                        checked_fix(span, format!("{name}:{value}")),
                    );
                    return None;
                }
                // `status=open` and `status==open` alike: every `=` is the separator.
                let eqs = after.len() - after.trim_start_matches('=').len();
                let (fixed, sep_len) = if eqs > 0 {
                    (Some(format!("{name}:{}", after.get(eqs..).unwrap_or(""))), eqs)
                } else if after.starts_with("!=") || after.starts_with('>') || after.starts_with('<') {
                    (Some(format!("{name}:{after}")), 0)
                } else {
                    (None, 0)
                };
                if let Some(fixed) = fixed {
                    self.diags.push(
                        DiagnosticCode::ForeignSyntax,
                        span,
                        format!("filters are written {name}:value (with a colon)"),
                        checked_fix(span, fixed),
                    );
                    return self.field(f, span, n, sep_len);
                }
            }
        }
        let lower = raw.to_lowercase();
        if let Some(e) = fields::shorthand(&lower) {
            return Some(e);
        }
        // An all-uppercase keyword here came after `-` and is meant as text.
        if raw != raw.to_uppercase() {
            let upper = lower.to_uppercase();
            match lower.as_str() {
                "or" => self.diags.push(
                    DiagnosticCode::LowercaseOr,
                    span,
                    "lowercase `or` is searched as a word; write OR to match either side",
                    vec![fix(span, upper), fix(span, "\"or\"")],
                ),
                "and" | "not" => self.diags.push(
                    DiagnosticCode::LowercaseOperator,
                    span,
                    format!("lowercase `{lower}` is searched as a word; the operator is {upper}"),
                    vec![fix(span, upper), fix(span, format!("\"{lower}\""))],
                ),
                _ => {}
            }
        }
        Some(Expr::Term(Term::Text(lower)))
    }

    fn unknown_field(&mut self, name: &str, span: Span, n: usize) {
        let name_span = Span::new(span.start, span.start + n);
        let mut fixes = Vec::new();
        if let Some(c) = closest(name, fields::FIELD_NAMES.iter().map(|(n, _)| *n)) {
            fixes.push(fix(name_span, c));
        }
        let raw = self.text(span);
        fixes.push(fix(span, format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\""))));
        let hint =
            fixes.first().filter(|_| fixes.len() > 1).map(|f| format!(" (did you mean {}?)", f.replacement));
        self.diags.push(
            DiagnosticCode::UnknownField,
            name_span,
            format!(
                "unknown field {name:?}{}; quote the term to search for the text",
                hint.unwrap_or_default()
            ),
            fixes,
        );
    }

    /// Whether the token at `idx` can be the value of `field:` written with a
    /// space after the colon.
    fn can_be_value(&self, idx: usize) -> bool {
        let Some(tok) = self.toks.get(idx) else { return false };
        match &tok.kind {
            TokKind::Quoted { .. } => true,
            TokKind::Minus => self
                .toks
                .get(idx + 1)
                .is_some_and(|n| n.kind == TokKind::Word && n.span.start == tok.span.end),
            TokKind::Word => {
                let raw = self.text(tok.span);
                let n = fields::ident_len(raw);
                self.op_at(idx).is_none() && !(n > 0 && raw.get(n..n + 1) == Some(":"))
            }
            TokKind::LParen | TokKind::RParen => false,
        }
    }

    fn field(&mut self, field: Field, span: Span, name_len: usize, sep_len: usize) -> Option<Expr> {
        let value_start = span.start + name_len + sep_len;
        let rest = self.input.get(value_start..span.end).unwrap_or("");
        let (mut op, op_len) = fields::split_op(rest);
        let mut op_span = Span::new(value_start, value_start + op_len);
        let mut vtext = rest.get(op_len..).unwrap_or("");
        let mut vstart = value_start + op_len;
        let trimmed = vtext.trim_start();
        if trimmed.len() < vtext.len() && !trimmed.is_empty() {
            // Only a phone value can hold spaces; `phone: +1 234` means `phone:+1 234`.
            let gap = Span::new(vstart, vstart + vtext.len() - trimmed.len());
            self.space_after_colon(gap);
            vstart = gap.end;
            vtext = trimmed;
        }
        let field_text = self.text(Span::new(span.start, value_start)).to_string();
        let value = if !vtext.is_empty() {
            if vtext.starts_with('[') || vtext.starts_with('{') {
                if let Some(v) = self.foreign_range(vtext, span, &field_text, op_len, value_start) {
                    v
                } else {
                    Value { text: vtext.to_string(), span: Span::new(vstart, span.end), quoted: false }
                }
            } else {
                Value { text: vtext.to_string(), span: Span::new(vstart, span.end), quoted: false }
            }
        } else {
            let next = self.peek().cloned();
            match next {
                Some(t) if t.span.start == span.end && matches!(t.kind, TokKind::Quoted { .. }) => {
                    self.pos += 1;
                    let TokKind::Quoted { text, .. } = t.kind else { return None };
                    Value { text, span: t.span, quoted: true }
                }
                Some(t) if t.span.start > span.end && self.can_be_value(self.pos) => {
                    self.space_after_colon(Span::new(span.end, t.span.start));
                    self.pos += 1;
                    match t.kind {
                        TokKind::Quoted { text, .. } => Value { text, span: t.span, quoted: true },
                        _ => {
                            let mut vspan = t.span;
                            if t.kind == TokKind::Minus {
                                if let Some(w) = self.peek() {
                                    vspan = t.span.to(w.span);
                                    self.pos += 1;
                                }
                            }
                            let mut text = self.text(vspan);
                            if op == Op::Eq {
                                let (op2, len2) = fields::split_op(text);
                                op = op2;
                                op_span = Span::new(vspan.start, vspan.start + len2);
                                text = text.get(len2..).unwrap_or("");
                                vspan.start += len2;
                            }
                            Value { text: text.to_string(), span: vspan, quoted: false }
                        }
                    }
                }
                next => {
                    let grouped = next.is_some_and(|t| t.kind == TokKind::LParen && t.span.start == span.end);
                    let message = if grouped {
                        format!("{field_text} cannot take a group; list values with commas, e.g. status:open,pending")
                    } else {
                        format!("{field_text} needs a value{}", fields::expected_values(field))
                    };
                    self.diags.push(DiagnosticCode::EmptyValue, span, message, Vec::new());
                    return None;
                }
            }
        };
        fields::interpret(field, op, op_span, value, self.diags)
    }

    fn space_after_colon(&mut self, gap: Span) {
        self.diags.push(
            DiagnosticCode::SpaceAfterColon,
            gap,
            "read as a filter: write it without the space after the colon",
            vec![fix(gap, "")],
        );
    }

    /// `created:[2026-01-01 TO 2026-01-31]` (Lucene, Elasticsearch) is read as
    /// `created:2026-01-01..2026-01-31`, and reported.
    fn foreign_range(
        &mut self,
        vtext: &str,
        span: Span,
        field_text: &str,
        op_len: usize,
        value_start: usize,
    ) -> Option<Value> {
        let to = self.toks.get(self.pos)?;
        let end = self.toks.get(self.pos + 1)?;
        if to.kind != TokKind::Word
            || !self.text(to.span).eq_ignore_ascii_case("TO")
            || end.kind != TokKind::Word
        {
            return None;
        }
        let end_text = self.text(end.span);
        let b = end_text.strip_suffix(']').or_else(|| end_text.strip_suffix('}'))?;
        let a = vtext.get(1..)?;
        let whole = span.to(end.span);
        let end_span = end.span;
        let op = self.input.get(value_start..value_start + op_len).unwrap_or("");
        self.diags.push(
            DiagnosticCode::ForeignSyntax,
            whole,
            "ranges are written a..b, both ends included (use * for an open end)",
            vec![fix(whole, format!("{field_text}{op}{a}..{b}"))],
        );
        self.pos += 2;
        Some(Value {
            text: format!("{a}..{b}"),
            span: Span::new(value_start + op_len, end_span.end),
            quoted: true,
        })
    }
}

/// A fix replacing the word at `span` with `fixed`, offered only if it leads
/// to no other error: `fixed` must parse on its own, or parse after the first
/// fix of its one remaining error (then that combined text is offered).
/// Suggested fixes never lead to another error.
fn checked_fix(span: Span, fixed: String) -> Vec<super::diagnostics::Fix> {
    let options = super::ParseOptions::default();
    match super::parse(&fixed, &options) {
        Ok(_) => vec![fix(span, fixed)],
        Err(e) => {
            let errors: Vec<_> = e.errors().collect();
            let next = match errors.as_slice() {
                [only] => only.fixes.first().and_then(|f| f.apply(&fixed)),
                _ => None,
            };
            next.filter(|t| super::parse(t, &options).is_ok()).map(|t| fix(span, t)).into_iter().collect()
        }
    }
}
