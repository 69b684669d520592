//! The canonical form: the one string each query prints as. It parses back to
//! the same tree, so saved filters can be stored as text. Printing walks the
//! tree with an explicit stack, so even a tree built by hand with no depth
//! limit cannot overflow the stack here.

use super::ast::{ContactRef, EmailMatch, Expr, Person, Query, TeamRef, Term};
use super::dates::{DateCmp, DateExpr};
use super::fields;
use super::lexer::{is_space, QUOTES};
use crate::Priority;
use std::fmt::{self, Write as _};

impl Query {
    /// The canonical query string: parsing it gives back this query.
    pub fn to_canonical(&self) -> String {
        print_expr(&self.root)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_canonical())
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print_expr(self))
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_term(&mut out, self);
        f.write_str(&out)
    }
}

enum Work<'a> {
    Expr(&'a Expr),
    Lit(&'static str),
}

fn is_group(e: &Expr) -> bool {
    matches!(e, Expr::And(v) | Expr::Or(v) if v.len() != 1)
}

fn print_expr(root: &Expr) -> String {
    let mut out = String::new();
    let mut stack = vec![Work::Expr(root)];
    while let Some(work) = stack.pop() {
        match work {
            Work::Lit(s) => out.push_str(s),
            Work::Expr(Expr::Term(t)) => write_term(&mut out, t),
            Work::Expr(Expr::Not(inner)) => {
                out.push('-');
                push_child(&mut stack, inner, is_group(inner));
            }
            Work::Expr(Expr::And(items)) => {
                for (i, item) in items.iter().enumerate().rev() {
                    // OR binds looser than AND, so an OR inside an AND needs parentheses.
                    push_child(&mut stack, item, matches!(item, Expr::Or(v) if v.len() != 1));
                    if i > 0 {
                        stack.push(Work::Lit(" "));
                    }
                }
            }
            Work::Expr(Expr::Or(items)) => {
                for (i, item) in items.iter().enumerate().rev() {
                    push_child(&mut stack, item, matches!(item, Expr::And(v) if v.is_empty()));
                    if i > 0 {
                        stack.push(Work::Lit(" OR "));
                    }
                }
            }
        }
    }
    out
}

fn push_child<'a>(stack: &mut Vec<Work<'a>>, e: &'a Expr, parens: bool) {
    if parens {
        stack.push(Work::Lit(")"));
        stack.push(Work::Expr(e));
        stack.push(Work::Lit("("));
    } else {
        stack.push(Work::Expr(e));
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// Whether free text can be printed without quotes and read back as the same
/// text (not as an operator, a filter or a shorthand word).
fn bare_text_ok(s: &str) -> bool {
    let lower = s.to_lowercase();
    let n = fields::ident_len(s);
    !s.is_empty()
        && s.chars().all(|c| !is_space(c) && !QUOTES.contains(&c) && c != '(' && c != ')' && c != ':')
        && !s.starts_with('-')
        // A number right after a phone value would be read as part of it.
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && !matches!(lower.as_str(), "+" | "&&" | "||" | "and" | "or" | "not")
        && fields::shorthand(&lower).is_none()
        && !(n > 0 && s.get(n..).is_some_and(|r| r.starts_with(['=', '!', '<', '>'])))
}

/// Whether a field value can be printed without quotes.
fn bare_value_ok(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| !is_space(c) && !QUOTES.contains(&c) && c != '(' && c != ')' && c != ',')
        && !s.starts_with(['>', '<', '!', '[', '{'])
}

fn value(out: &mut String, s: &str, reserved: bool) {
    if !reserved && bare_value_ok(s) {
        out.push_str(s);
    } else {
        quote(out, s);
    }
}

fn join<T: Copy>(out: &mut String, items: &[T], name: impl Fn(T) -> String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&name(*item));
    }
}

fn person(out: &mut String, p: &Person) {
    match p {
        Person::Me => out.push_str("me"),
        Person::Id(id) => {
            let _ = write!(out, "{}", id.get());
        }
        Person::Email(e) => value(out, e, false),
        Person::Name(n) => {
            value(out, n, n == "me" || n == "none" || fields::looks_like_id(n) || n.contains('@'))
        }
    }
}

fn priorities(out: &mut String, set: &[Priority]) {
    let rank = |p: Priority| Priority::ALL.iter().position(|q| *q == p).unwrap_or(0);
    let contiguous = set.windows(2).all(|w| matches!(w, [a, b] if rank(*b) == rank(*a) + 1));
    match (set.first(), set.last()) {
        (Some(first), Some(Priority::Urgent)) if set.len() >= 2 && contiguous => {
            let _ = write!(out, ">={first}");
        }
        (Some(Priority::Low), Some(last)) if set.len() >= 2 && contiguous => {
            let _ = write!(out, "<={last}");
        }
        _ => join(out, set, |p| p.as_str().to_string()),
    }
}

fn date_cmp(out: &mut String, cmp: &DateCmp) {
    let _ = match cmp {
        DateCmp::Within(e @ DateExpr::Relative { .. }) => write!(out, ">={e}"),
        DateCmp::Within(e) => write!(out, "{e}"),
        DateCmp::Before(e) => write!(out, "<{e}"),
        DateCmp::OnOrBefore(e) => write!(out, "<={e}"),
        DateCmp::After(e) => write!(out, ">{e}"),
        DateCmp::OnOrAfter(e) => write!(out, ">={e}"),
        DateCmp::Between(a, b) => write!(out, "{a}..{b}"),
    };
}

fn write_term(out: &mut String, t: &Term) {
    match t {
        Term::Text(s) => {
            if bare_text_ok(s) {
                out.push_str(s);
            } else {
                quote(out, s);
            }
        }
        Term::Status(v) => {
            out.push_str("status:");
            join(out, v, |s| s.as_str().to_string());
        }
        Term::Priority(v) => {
            out.push_str("priority:");
            priorities(out, v);
        }
        Term::Channel(v) => {
            out.push_str("channel:");
            join(out, v, |c| c.as_str().to_string());
        }
        Term::Mode(v) => {
            out.push_str("mode:");
            join(out, v, |m| m.as_str().to_string());
        }
        Term::Id(v) => {
            out.push_str("id:");
            join(out, v, |id| id.get().to_string());
        }
        Term::Assignee(p) => {
            out.push_str("assignee:");
            person(out, p);
        }
        Term::Agent(p) => {
            out.push_str("agent:");
            person(out, p);
        }
        Term::Team(TeamRef::Id(id)) => {
            let _ = write!(out, "team:{}", id.get());
        }
        Term::Team(TeamRef::Name(n)) => {
            out.push_str("team:");
            value(out, n, n == "none" || fields::looks_like_id(n));
        }
        Term::Tag(s) => {
            out.push_str("tag:");
            value(out, s, s == "none");
        }
        Term::Contact(ContactRef::Id(id)) => {
            let _ = write!(out, "contact:{}", id.get());
        }
        Term::Contact(ContactRef::Text(s)) => {
            out.push_str("contact:");
            value(out, s, fields::looks_like_id(s));
        }
        Term::Name(s) => {
            out.push_str("name:");
            value(out, s, false);
        }
        Term::Phone(s) => {
            out.push_str("phone:");
            value(out, s, false);
        }
        Term::Email(m) => {
            out.push_str("email:");
            match m {
                EmailMatch::Domain(d) => value(out, &format!("@{d}"), false),
                EmailMatch::Address(a) => value(out, a, false),
                EmailMatch::Contains(s) => value(out, s, false),
            }
        }
        Term::Company(s) => {
            out.push_str("company:");
            value(out, s, false);
        }
        Term::Campaign(s) => {
            out.push_str("campaign:");
            value(out, s, false);
        }
        Term::Date(df) => {
            out.push_str(df.field.as_str());
            out.push(':');
            date_cmp(out, &df.cmp);
        }
        Term::Flag(f) => {
            out.push_str("is:");
            out.push_str(f.as_str());
        }
        Term::Has(h) => {
            out.push_str("has:");
            out.push_str(h.as_str());
        }
    }
}
