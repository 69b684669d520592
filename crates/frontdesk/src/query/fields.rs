//! The fields of the query language and how their values are read.

use super::ast::{ContactRef, EmailMatch, Expr, Flag, HasWhat, Person, TeamRef, Term};
use super::dates::{self, DateCmp, DateExpr, DateField, DateFilter};
use super::diagnostics::{closest, fix, DiagnosticCode, Diags, Span};
use crate::{AiMode, Channel, ContactId, ConversationId, Priority, Status, TeamId, UserId};

/// A field of the language, after resolving aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Status,
    Priority,
    Channel,
    Mode,
    Id,
    Assignee,
    Agent,
    Team,
    Tag,
    Contact,
    Name,
    Phone,
    Email,
    Company,
    Campaign,
    Created,
    Updated,
    Closed,
    Is,
    Has,
    No,
}

impl Field {
    /// Whether `<`, `>`, ranges apply (priority and dates).
    pub(crate) fn is_ordered(self) -> bool {
        matches!(self, Field::Priority | Field::Created | Field::Updated | Field::Closed)
    }
}

/// `"; expected one of: open, pending, ..."` for fields with a fixed set of
/// values (as `invalid_value` lists them), else `""`.
pub(crate) fn expected_values(field: Field) -> String {
    let names: Vec<&str> = match field {
        Field::Status => Status::ALL.iter().map(|v| v.as_str()).collect(),
        Field::Priority => Priority::ALL.iter().rev().map(|v| v.as_str()).collect(),
        Field::Channel => Channel::ALL.iter().map(|v| v.as_str()).collect(),
        Field::Mode => AiMode::ALL.iter().map(|v| v.as_str()).collect(),
        Field::Is => IS_VALUES.to_vec(),
        Field::Has | Field::No => HAS_VALUES.to_vec(),
        _ => return String::new(),
    };
    format!("; expected one of: {}", names.join(", "))
}

/// Every field name and alias, canonical name first for each field.
pub(crate) const FIELD_NAMES: &[(&str, Field)] = &[
    ("status", Field::Status),
    ("state", Field::Status),
    ("priority", Field::Priority),
    ("prio", Field::Priority),
    ("channel", Field::Channel),
    ("mode", Field::Mode),
    ("ai", Field::Mode),
    ("ai_mode", Field::Mode),
    ("id", Field::Id),
    ("assignee", Field::Assignee),
    ("assigned", Field::Assignee),
    ("assigned_to", Field::Assignee),
    ("agent", Field::Agent),
    ("team", Field::Team),
    ("tag", Field::Tag),
    ("tags", Field::Tag),
    ("label", Field::Tag),
    ("contact", Field::Contact),
    ("name", Field::Name),
    ("phone", Field::Phone),
    ("tel", Field::Phone),
    ("email", Field::Email),
    ("company", Field::Company),
    ("campaign", Field::Campaign),
    ("created", Field::Created),
    ("created_at", Field::Created),
    ("updated", Field::Updated),
    ("updated_at", Field::Updated),
    ("closed", Field::Closed),
    ("closed_at", Field::Closed),
    ("is", Field::Is),
    ("has", Field::Has),
    ("no", Field::No),
];

pub(crate) fn lookup(name: &str) -> Option<Field> {
    FIELD_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, f)| *f)
}

/// The length of the leading identifier (`[A-Za-z][A-Za-z0-9_]*`) of `word`.
pub(crate) fn ident_len(word: &str) -> usize {
    let mut n = 0;
    for (i, b) in word.bytes().enumerate() {
        let ok = if i == 0 { b.is_ascii_alphabetic() } else { b.is_ascii_alphanumeric() || b == b'_' };
        if !ok {
            break;
        }
        n = i + 1;
    }
    n
}

/// If `word` starts with `phone:` (or an alias), where its value begins.
pub(crate) fn phone_value_offset(word: &str) -> Option<usize> {
    let n = ident_len(word);
    let name = word.get(..n)?;
    (n > 0 && word.get(n..n + 1) == Some(":") && lookup(name) == Some(Field::Phone)).then_some(n + 1)
}

/// The comparison written after the colon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub(crate) fn is_order(self) -> bool {
        matches!(self, Op::Gt | Op::Ge | Op::Lt | Op::Le)
    }
}

/// Splits a leading operator off a value; returns it and its length.
pub(crate) fn split_op(rest: &str) -> (Op, usize) {
    for (text, op) in [(">=", Op::Ge), ("<=", Op::Le), ("!=", Op::Ne), (">", Op::Gt), ("<", Op::Lt)] {
        if rest.starts_with(text) {
            return (op, text.len());
        }
    }
    (Op::Eq, 0)
}

/// A field value as found in the query.
pub(crate) struct Value {
    pub text: String,
    pub span: Span,
    /// Quoted values are taken literally: no lists, no keywords like `me`.
    pub quoted: bool,
}

/// Words that stand for a filter when written alone, unquoted.
pub(crate) fn shorthand(lower: &str) -> Option<Expr> {
    if let Some(c) = Channel::ALL.iter().find(|c| c.as_str() == lower) {
        return Some(term(Term::Channel(vec![*c])));
    }
    if matches!(lower, "open" | "pending" | "resolved" | "archived" | "active" | "closed") {
        return Status::parse(lower).map(|s| term(Term::Status(vec![s])));
    }
    Some(match lower {
        "unread" => term(Term::Flag(Flag::Unread)),
        "unreplied" => term(Term::Flag(Flag::Unreplied)),
        "new" => term(Term::Flag(Flag::New)),
        "unassigned" => Expr::not(term(Term::Has(HasWhat::Assignee))),
        _ => return None,
    })
}

fn term(t: Term) -> Expr {
    Expr::Term(t)
}

/// Normalizes a phone number in a query to E.164 style: `+` and digits.
/// Separators are dropped (the same set as `frontdesk::normalize_phone` for
/// stored numbers) and a leading `00` becomes `+`. Unlike stored numbers, the
/// digits may be a fragment to search for, so there is no minimum length.
pub(crate) fn normalize_phone(input: &str) -> Result<String, String> {
    let mut plus = false;
    let mut digits = String::with_capacity(input.len());
    for c in input.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '+' && !plus && digits.is_empty() {
            plus = true;
        } else if !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}') {
            return Err(format!(
                "{c:?} cannot appear in a phone number: use digits, spaces, dashes, dots, parentheses and a leading +"
            ));
        }
    }
    // The 00 prefix is looked for after separators are gone, so `(00) 1` and
    // `001` normalize alike and the result is stable when parsed again.
    if !plus {
        if let Some(rest) = digits.strip_prefix("00") {
            plus = true;
            digits = rest.to_string();
        }
    }
    if digits.is_empty() {
        return Err("a phone number needs digits".into());
    }
    if digits.len() > 15 {
        return Err("E.164 phone numbers have at most 15 digits".into());
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

/// Whether a normalized `phone:` value is a full number rather than a
/// fragment: it starts with `+` (written `+` or `00`) and is a valid E.164
/// number as stored contact phones are (a country code not starting with 0,
/// 8 to 15 digits in all). A full number matches exactly that number; any
/// other value matches the contact phones containing its digits.
pub(crate) fn is_full_phone_number(value: &str) -> bool {
    value.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// A full number in the form stored contact phones have: libphonenumber's
/// E.164, so `phone:+44 (0)20 7946 0958` finds `+442079460958`. A fragment, or
/// a full-looking number libphonenumber cannot parse, is kept as written.
fn canonical_full_number(value: String) -> String {
    if is_full_phone_number(&value) {
        if let Ok(e164) = crate::phone::normalize_phone(&value, None) {
            return e164;
        }
    }
    value
}

fn parse_id(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('#').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether a bare value would be read as an id rather than a name.
pub(crate) fn looks_like_id(text: &str) -> bool {
    let digits = text.strip_prefix('#').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

const IS_VALUES: &[&str] = &[
    "unread",
    "unreplied",
    "new",
    "assigned",
    "unassigned",
    "mine",
    "open",
    "pending",
    "resolved",
    "archived",
    "webchat",
    "whatsapp",
    "sms",
    "email",
    "telephony",
    "linkedin",
    "internal",
];

const HAS_VALUES: &[&str] = &["invoice", "unpaid_invoice", "attachment", "assignee", "tag", "team"];

struct Reader<'d> {
    diags: &'d mut Diags,
}

impl Reader<'_> {
    fn invalid(&mut self, span: Span, message: String, fixes: Vec<super::diagnostics::Fix>) -> Option<Expr> {
        self.diags.push(DiagnosticCode::InvalidValue, span, message, fixes);
        None
    }

    fn unknown(&mut self, what: &str, text: &str, span: Span, allowed: &[&str]) -> Option<Expr> {
        let fixes = closest(text, allowed.iter().copied()).map(|c| vec![fix(span, c)]).unwrap_or_default();
        self.invalid(span, format!("unknown {what} {text:?}; expected one of: {}", allowed.join(", ")), fixes)
    }

    fn enum_value<T: Copy>(
        &mut self,
        what: &str,
        text: &str,
        span: Span,
        parsed: Option<T>,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<Vec<T>> {
        if let Some(v) = parsed {
            return Some(vec![v]);
        }
        let allowed: Vec<&str> = all.iter().map(|v| name(*v)).collect();
        self.unknown(what, text, span, &allowed);
        None
    }
}

/// Splits a bare value on commas; reports empty items.
fn split_items(field: Field, value: &Value, diags: &mut Diags) -> Vec<(String, Span)> {
    if value.quoted {
        let t = value.text.trim();
        if t.is_empty() {
            let message = format!("the quoted value is empty{}", expected_values(field));
            diags.push(DiagnosticCode::EmptyValue, value.span, message, Vec::new());
            return Vec::new();
        }
        return vec![(t.to_string(), value.span)];
    }
    let mut items = Vec::new();
    let mut offset = value.span.start;
    let pieces: Vec<&str> = value.text.split(',').collect();
    let count = pieces.len();
    for (k, piece) in pieces.into_iter().enumerate() {
        let span = Span::new(offset, offset + piece.len());
        if piece.trim().is_empty() {
            // Remove the comma next to the empty item.
            let comma = if k + 1 < count {
                Span::new(span.end, span.end + 1)
            } else {
                Span::new(span.start.saturating_sub(1), span.start)
            };
            let fixes = if count > 1 { vec![fix(comma, "")] } else { Vec::new() };
            diags.push(
                DiagnosticCode::EmptyValue,
                if count > 1 { comma } else { span },
                if count > 1 {
                    "empty value in the list".to_string()
                } else {
                    format!("empty value{}", expected_values(field))
                },
                fixes,
            );
        } else {
            items.push((piece.trim().to_string(), span));
        }
        offset = span.end + 1;
    }
    items
}

/// The span of `part` inside an item, when the item's text is the input itself.
fn sub_span(item: Span, item_text: &str, start: usize, len: usize, quoted: bool) -> Span {
    if quoted || item.len() != item_text.len() {
        item
    } else {
        Span::new(item.start + start, item.start + start + len)
    }
}

/// Reads `field:value` (with `op` after the colon) into an expression; `None`
/// when nothing usable remains (diagnostics say why).
pub(crate) fn interpret(
    field: Field,
    op: Op,
    op_span: Span,
    value: Value,
    diags: &mut Diags,
) -> Option<Expr> {
    let ordered = field.is_ordered();
    if op.is_order() && !ordered {
        diags.push(
            DiagnosticCode::UnsupportedOperator,
            op_span,
            "comparisons (<, <=, >, >=) work on priority and dates only; this field has no order",
            vec![fix(op_span, "")],
        );
        return None;
    }
    let items = split_items(field, &value, diags);
    if op.is_order() && items.len() > 1 {
        diags.push(
            DiagnosticCode::InvalidValue,
            value.span,
            "a comparison takes a single value, not a list",
            Vec::new(),
        );
        return None;
    }
    let mut reader = Reader { diags };
    let mut exprs = Vec::new();
    for (text, span) in items {
        if let Some(e) = reader.item(field, op, &text, span, value.quoted) {
            exprs.push(e);
        }
    }
    if exprs.is_empty() {
        return None;
    }
    let e = merge_any(exprs);
    Some(if op == Op::Ne { Expr::not(e) } else { e })
}

/// Joins list items with OR, merging values of set-valued terms into one set.
fn merge_any(exprs: Vec<Expr>) -> Expr {
    let mut out: Vec<Expr> = Vec::new();
    for e in exprs {
        let merged = match (&e, out.iter_mut().find(|o| same_set_kind(o, &e))) {
            (Expr::Term(t), Some(Expr::Term(existing))) => {
                merge_sets(existing, t);
                true
            }
            _ => false,
        };
        if !merged {
            out.push(e);
        }
    }
    for e in &mut out {
        if let Expr::Term(t) = e {
            normalize_sets(t);
        }
    }
    Expr::or(out)
}

fn same_set_kind(a: &Expr, b: &Expr) -> bool {
    matches!(
        (a, b),
        (Expr::Term(Term::Status(_)), Expr::Term(Term::Status(_)))
            | (Expr::Term(Term::Priority(_)), Expr::Term(Term::Priority(_)))
            | (Expr::Term(Term::Channel(_)), Expr::Term(Term::Channel(_)))
            | (Expr::Term(Term::Mode(_)), Expr::Term(Term::Mode(_)))
            | (Expr::Term(Term::Id(_)), Expr::Term(Term::Id(_)))
    )
}

fn merge_sets(into: &mut Term, from: &Term) {
    match (into, from) {
        (Term::Status(a), Term::Status(b)) => a.extend(b),
        (Term::Priority(a), Term::Priority(b)) => a.extend(b),
        (Term::Channel(a), Term::Channel(b)) => a.extend(b),
        (Term::Mode(a), Term::Mode(b)) => a.extend(b),
        (Term::Id(a), Term::Id(b)) => a.extend(b),
        _ => {}
    }
}

/// Sorts and deduplicates the set inside a term, so equal sets compare equal.
pub(crate) fn normalize_sets(t: &mut Term) {
    fn sd<T: Ord>(v: &mut Vec<T>) {
        v.sort();
        v.dedup();
    }
    match t {
        Term::Status(v) => sd(v),
        Term::Priority(v) => sd(v),
        Term::Channel(v) => sd(v),
        Term::Mode(v) => sd(v),
        Term::Id(v) => sd(v),
        _ => {}
    }
}

impl Reader<'_> {
    fn item(&mut self, field: Field, op: Op, text: &str, span: Span, quoted: bool) -> Option<Expr> {
        let lower = text.to_lowercase();
        let keyword = |k: &str| !quoted && lower == k;
        match field {
            Field::Status => self
                .enum_value("status", text, span, Status::parse(text), &Status::ALL, Status::as_str)
                .map(|v| term(Term::Status(v))),
            Field::Channel => self
                .enum_value("channel", text, span, Channel::parse(text), &Channel::ALL, Channel::as_str)
                .map(|v| term(Term::Channel(v))),
            Field::Mode => self
                .enum_value("mode", text, span, AiMode::parse(text), &AiMode::ALL, AiMode::as_str)
                .map(|v| term(Term::Mode(v))),
            Field::Priority => self.priority(op, text, span, quoted),
            Field::Id => match parse_id(text) {
                Some(n) => Some(term(Term::Id(vec![ConversationId(n)]))),
                None => self.invalid(
                    span,
                    format!("{text:?} is not a conversation id (digits, e.g. id:42)"),
                    Vec::new(),
                ),
            },
            Field::Assignee | Field::Agent => {
                let agent = field == Field::Agent;
                let make = |p: Person| term(if agent { Term::Agent(p) } else { Term::Assignee(p) });
                if keyword("me") {
                    return Some(make(Person::Me));
                }
                if keyword("none") {
                    if agent {
                        return self.invalid(
                            span,
                            "agent:none is not supported; use no:assignee".into(),
                            Vec::new(),
                        );
                    }
                    return Some(Expr::not(term(Term::Has(HasWhat::Assignee))));
                }
                if !quoted {
                    if let Some(n) = parse_id(text) {
                        return Some(make(Person::Id(UserId(n))));
                    }
                }
                if lower.contains('@') {
                    let ok = lower.split_once('@').is_some_and(|(l, d)| !l.is_empty() && !d.is_empty());
                    if !ok {
                        return self.invalid(span, format!("{text:?} is not an email address"), Vec::new());
                    }
                    return Some(make(Person::Email(lower)));
                }
                Some(make(Person::Name(lower)))
            }
            Field::Team => {
                if keyword("none") {
                    return Some(Expr::not(term(Term::Has(HasWhat::Team))));
                }
                if !quoted {
                    if let Some(n) = parse_id(text) {
                        return Some(term(Term::Team(TeamRef::Id(TeamId(n)))));
                    }
                }
                Some(term(Term::Team(TeamRef::Name(lower))))
            }
            Field::Tag => {
                if keyword("none") {
                    return Some(Expr::not(term(Term::Has(HasWhat::Tag))));
                }
                Some(term(Term::Tag(lower)))
            }
            Field::Contact => {
                if !quoted {
                    if let Some(n) = parse_id(text) {
                        return Some(term(Term::Contact(ContactRef::Id(ContactId(n)))));
                    }
                }
                Some(term(Term::Contact(ContactRef::Text(lower))))
            }
            Field::Name => Some(term(Term::Name(lower))),
            Field::Company => Some(term(Term::Company(lower))),
            Field::Campaign => Some(term(Term::Campaign(lower))),
            Field::Phone => match normalize_phone(text) {
                Ok(p) => Some(term(Term::Phone(canonical_full_number(p)))),
                Err(message) => {
                    self.diags.push(DiagnosticCode::InvalidPhone, span, message, Vec::new());
                    None
                }
            },
            Field::Email => {
                if let Some(domain) = lower.strip_prefix('@') {
                    if domain.is_empty() {
                        return self.invalid(
                            span,
                            "give a domain after @, e.g. email:@acme.com".into(),
                            Vec::new(),
                        );
                    }
                    return Some(term(Term::Email(EmailMatch::Domain(domain.to_string()))));
                }
                if lower.contains('@') {
                    return Some(term(Term::Email(EmailMatch::Address(lower))));
                }
                Some(term(Term::Email(EmailMatch::Contains(lower))))
            }
            Field::Created | Field::Updated | Field::Closed => {
                let df = match field {
                    Field::Created => DateField::Created,
                    Field::Updated => DateField::Updated,
                    _ => DateField::Closed,
                };
                self.date(df, op, text, span, quoted)
            }
            Field::Is => self.is_value(&lower, text, span),
            Field::Has | Field::No => {
                let what = match lower.as_str() {
                    "invoice" | "invoices" => HasWhat::Invoice,
                    "unpaid_invoice" | "unpaid_invoices" | "unpaid" => HasWhat::UnpaidInvoice,
                    "attachment" | "attachments" => HasWhat::Attachment,
                    "assignee" | "assignees" => HasWhat::Assignee,
                    "tag" | "tags" => HasWhat::Tag,
                    "team" => HasWhat::Team,
                    _ => {
                        return self.unknown(
                            if field == Field::Has { "has: value" } else { "no: value" },
                            text,
                            span,
                            HAS_VALUES,
                        )
                    }
                };
                let e = term(Term::Has(what));
                Some(if field == Field::No { Expr::not(e) } else { e })
            }
        }
    }

    fn is_value(&mut self, lower: &str, text: &str, span: Span) -> Option<Expr> {
        let e = match lower {
            "unread" => term(Term::Flag(Flag::Unread)),
            "unreplied" => term(Term::Flag(Flag::Unreplied)),
            "new" => term(Term::Flag(Flag::New)),
            "assigned" => term(Term::Has(HasWhat::Assignee)),
            "unassigned" => Expr::not(term(Term::Has(HasWhat::Assignee))),
            "mine" => term(Term::Assignee(Person::Me)),
            _ => {
                if let Some(s) = Status::parse(lower) {
                    term(Term::Status(vec![s]))
                } else if let Some(c) = Channel::parse(lower) {
                    term(Term::Channel(vec![c]))
                } else {
                    return self.unknown("is: value", text, span, IS_VALUES);
                }
            }
        };
        Some(e)
    }

    fn priority(&mut self, op: Op, text: &str, span: Span, quoted: bool) -> Option<Expr> {
        let allowed: Vec<&str> = Priority::ALL.iter().map(|p| p.as_str()).collect();
        let one = |s: &str, sp: Span, this: &mut Self| -> Option<Priority> {
            let p = Priority::parse(s);
            if p.is_none() {
                this.unknown("priority", s, sp, &allowed);
            }
            p
        };
        let set: Vec<Priority> = if let Some((a, b)) = text.split_once("..") {
            if op.is_order() {
                return self.invalid(span, "use either a comparison or a range, not both".into(), Vec::new());
            }
            let a_span = sub_span(span, text, 0, a.len(), quoted);
            let b_span = sub_span(span, text, a.len() + 2, b.len(), quoted);
            if a == "*" && b == "*" {
                return self.invalid(span, "a range needs at least one end".into(), Vec::new());
            }
            let lo = if a == "*" { Some(Priority::Low) } else { one(a, a_span, self) };
            let hi = if b == "*" { Some(Priority::Urgent) } else { one(b, b_span, self) };
            let (lo, hi) = (lo?, hi?);
            if lo > hi {
                self.diags.push(
                    DiagnosticCode::InvertedRange,
                    span,
                    format!("the range starts at {lo} but ends at the lower {hi}"),
                    vec![fix(span, format!("{b}..{a}"))],
                );
                return None;
            }
            Priority::ALL.iter().copied().filter(|p| *p >= lo && *p <= hi).collect()
        } else {
            let p = one(text, span, self)?;
            Priority::ALL
                .iter()
                .copied()
                .filter(|q| match op {
                    Op::Eq | Op::Ne => *q == p,
                    Op::Gt => *q > p,
                    Op::Ge => *q >= p,
                    Op::Lt => *q < p,
                    Op::Le => *q <= p,
                })
                .collect()
        };
        if set.is_empty() {
            return self.invalid(span, "no priority is in that range".into(), Vec::new());
        }
        Some(term(Term::Priority(set)))
    }

    fn date(&mut self, field: DateField, op: Op, text: &str, span: Span, quoted: bool) -> Option<Expr> {
        let make = |cmp: DateCmp| Some(term(Term::Date(DateFilter { field, cmp })));
        if let Some((a, b)) = text.split_once("..") {
            if op.is_order() {
                return self.invalid(span, "use either a comparison or a range, not both".into(), Vec::new());
            }
            let a_span = sub_span(span, text, 0, a.len(), quoted);
            let b_span = sub_span(span, text, a.len() + 2, b.len(), quoted);
            let open_a = a == "*" || a.is_empty();
            let open_b = b == "*" || b.is_empty();
            if open_a && open_b {
                return self.invalid(span, "a range needs at least one end".into(), Vec::new());
            }
            let da = if open_a { None } else { Some(dates::parse_date(a, a_span, self.diags)) };
            let db = if open_b { None } else { Some(dates::parse_date(b, b_span, self.diags)) };
            return match (da, db) {
                (Some(Some(x)), Some(Some(y))) => {
                    if dates::is_inverted(&x, &y) {
                        self.diags.push(
                            DiagnosticCode::InvertedRange,
                            span,
                            format!("the range starts at {x}, after its end {y}"),
                            vec![fix(span, format!("{b}..{a}"))],
                        );
                        return None;
                    }
                    make(DateCmp::Between(x, y))
                }
                (Some(Some(x)), None) => make(DateCmp::OnOrAfter(x)),
                (None, Some(Some(y))) => make(DateCmp::OnOrBefore(y)),
                _ => None,
            };
        }
        let d = dates::parse_date(text, span, self.diags)?;
        make(match op {
            Op::Eq | Op::Ne => match d {
                DateExpr::Relative { .. } => DateCmp::OnOrAfter(d),
                _ => DateCmp::Within(d),
            },
            Op::Gt => DateCmp::After(d),
            Op::Ge => DateCmp::OnOrAfter(d),
            Op::Lt => DateCmp::Before(d),
            Op::Le => DateCmp::OnOrBefore(d),
        })
    }
}
