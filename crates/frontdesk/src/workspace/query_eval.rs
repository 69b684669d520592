//! Evaluates a [`Query`](crate::query::Query) against one conversation of a
//! workspace, with the semantics of the SQL compiler ([`crate::query::sql`]) over the
//! rows [`crate::query::sql::export_rows`] writes: every term below says which SQL
//! condition it mirrors. `Workspace::search` decides which conversations to
//! test; this module only says whether one matches.

use crate::contact::Contact;
use crate::conversation::Conversation;
use crate::ids::UserId;
use crate::message::{Author, PaymentKind};
use crate::query::{ContactRef, EmailMatch, Expr, Flag, HasWhat, Person, TeamRef, Term};
use crate::query::{DateField, DateFilter};
use crate::read_types::unread_in;
use crate::view_index::is_reply;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use std::cell::OnceCell;

/// Who evaluates and when: what `me`, `is:unread` and relative dates depend on.
pub(crate) struct EvalContext<'w> {
    pub(crate) ws: &'w Workspace,
    /// The viewing user; `None` for the host, for whom `me` is nobody and
    /// nothing is unread.
    pub(crate) viewer: Option<UserId>,
    pub(crate) now: DateTime<Utc>,
    pub(crate) utc_offset_minutes: i32,
}

/// One conversation under test, with its lowercased texts computed at most
/// once however many text terms the query has.
pub(crate) struct Row<'a> {
    c: &'a Conversation,
    contact: Option<&'a Contact>,
    bodies: OnceCell<Vec<String>>,
    contact_fields: OnceCell<[Option<String>; 4]>,
}

impl<'a> Row<'a> {
    pub(crate) fn new(ws: &'a Workspace, c: &'a Conversation) -> Row<'a> {
        let contact = c.contact().and_then(|id| ws.contact_record(id).ok());
        Row { c, contact, bodies: OnceCell::new(), contact_fields: OnceCell::new() }
    }

    /// Message bodies (notes, invoices and automated messages included),
    /// lowercased: SQL `lower(m.body)`.
    fn bodies(&self) -> &[String] {
        self.bodies.get_or_init(|| self.c.messages.iter().map(|m| m.body.to_lowercase()).collect())
    }

    /// The contact's name, email, phone and company, lowercased.
    fn contact_fields(&self) -> &[Option<String>; 4] {
        self.contact_fields.get_or_init(|| match self.contact {
            Some(k) => {
                [&k.name, &k.email, &k.phone, &k.company].map(|f| f.as_ref().map(|s| s.to_lowercase()))
            }
            None => [None, None, None, None],
        })
    }

    fn contact_field(&self, i: usize) -> Option<&str> {
        self.contact_fields().get(i).and_then(|f| f.as_deref())
    }
}

const NAME: usize = 0;
const EMAIL: usize = 1;
const PHONE: usize = 2;
const COMPANY: usize = 3;

impl EvalContext<'_> {
    /// Whether the row matches `e`. Recursion is bounded by the caller, which
    /// refuses trees deeper than [`crate::query::sql::MAX_COMPILE_DEPTH`].
    pub(crate) fn matches(&self, row: &Row<'_>, e: &Expr) -> bool {
        match e {
            Expr::And(items) => items.iter().all(|i| self.matches(row, i)),
            Expr::Or(items) => items.iter().any(|i| self.matches(row, i)),
            Expr::Not(inner) => !self.matches(row, inner),
            Expr::Term(t) => self.term(row, t),
        }
    }

    /// `person` names `user`: SQL `{col} = $id`, `lower(u.email) = $e` or
    /// `lower(u.name) LIKE %n%` (removed users included, as in `users`).
    fn person(&self, p: &Person, user: UserId) -> bool {
        match p {
            Person::Me => self.viewer == Some(user),
            Person::Id(id) => *id == user,
            Person::Email(e) => self.ws.user(user).is_ok_and(|u| u.email.to_lowercase() == *e),
            Person::Name(n) => self.ws.user(user).is_ok_and(|u| u.name.to_lowercase().contains(n.as_str())),
        }
    }

    fn date(&self, c: &Conversation, df: &DateFilter) -> bool {
        let t = match df.field {
            DateField::Created => Some(c.created_at),
            DateField::Updated => Some(c.updated_at),
            DateField::Closed => c.closed_at,
        };
        let Some(t) = t else { return false };
        // SQL stores and compares integer milliseconds; so do we.
        let t = t.timestamp_millis();
        let b = df.bounds(self.now, self.utc_offset_minutes);
        b.start.is_none_or(|s| t >= s.timestamp_millis()) && b.end.is_none_or(|e| t < e.timestamp_millis())
    }

    pub(crate) fn term(&self, row: &Row<'_>, t: &Term) -> bool {
        let c = row.c;
        let contains = |i: usize, s: &str| row.contact_field(i).is_some_and(|f| f.contains(s));
        match t {
            Term::Text(s) => {
                row.bodies().iter().any(|b| b.contains(s.as_str()))
                    || [NAME, EMAIL, PHONE, COMPANY].iter().any(|i| contains(*i, s))
                    || c.summary.as_ref().is_some_and(|x| x.to_lowercase().contains(s.as_str()))
            }
            Term::Status(v) => v.contains(&c.status),
            Term::Priority(v) => v.contains(&c.priority),
            Term::Channel(v) => v.contains(&c.channel),
            Term::Mode(v) => v.contains(&c.ai_mode),
            Term::Id(v) => v.contains(&c.id),
            Term::Assignee(p) => c.assignees.iter().any(|u| self.person(p, *u)),
            Term::Agent(p) => {
                c.assignees.iter().any(|u| self.person(p, *u))
                    || c.messages.iter().any(|m| matches!(m.author, Author::User(u) if self.person(p, u)))
            }
            Term::Team(TeamRef::Id(id)) => c.team == Some(*id),
            Term::Team(TeamRef::Name(n)) => {
                c.team.and_then(|t| self.ws.team(t).ok()).is_some_and(|t| t.name.to_lowercase() == *n)
            }
            Term::Tag(s) => c.tags.iter().any(|t| t.to_lowercase() == *s),
            Term::Contact(ContactRef::Id(id)) => c.contact() == Some(*id),
            Term::Contact(ContactRef::Text(s)) => {
                [NAME, EMAIL, PHONE, COMPANY].iter().any(|i| contains(*i, s))
            }
            Term::Name(s) => contains(NAME, s),
            Term::Company(s) => contains(COMPANY, s),
            // SQL: `lower(ct.phone) LIKE '+49301234567'` for a full number.
            Term::Phone(s) if crate::query::is_full_phone_number(s) => {
                row.contact_field(PHONE) == Some(s.as_str())
            }
            Term::Phone(s) => contains(PHONE, s),
            Term::Email(EmailMatch::Domain(d)) => row
                .contact_field(EMAIL)
                .is_some_and(|e| e.strip_suffix(d.as_str()).is_some_and(|l| l.ends_with('@'))),
            Term::Email(EmailMatch::Address(a)) => row.contact_field(EMAIL) == Some(a.as_str()),
            Term::Email(EmailMatch::Contains(s)) => contains(EMAIL, s),
            Term::Campaign(s) => c.campaign.as_ref().is_some_and(|k| k.to_lowercase() == *s),
            Term::Date(df) => self.date(c, df),
            Term::Flag(Flag::Unread) => match self.viewer {
                Some(u) => unread_in(c, u, self.ws.reads.marker(c.id, u)) > 0,
                None => false,
            },
            Term::Flag(Flag::Unreplied) => c.reply.unreplied > 0,
            Term::Flag(Flag::New) => {
                !c.is_internal() && !c.messages.iter().any(|m| is_reply(m.author, m.kind))
            }
            Term::Has(h) => match h {
                HasWhat::Invoice => c.invoices.iter().any(|i| i.kind == PaymentKind::Invoice),
                HasWhat::UnpaidInvoice => c.invoices.iter().any(|i| i.is_outstanding()),
                HasWhat::Attachment => c.messages.iter().any(|m| !m.attachments.is_empty()),
                HasWhat::Assignee => !c.assignees.is_empty(),
                HasWhat::Tag => !c.tags.is_empty(),
                HasWhat::Team => c.team.is_some(),
            },
        }
    }
}

/// What a query says about the parts of a conversation the view index keys
/// rows by (status, priority, channel, assigned, unreplied).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CellFacts {
    pub(crate) status: crate::Status,
    pub(crate) priority: crate::Priority,
    pub(crate) channel: crate::Channel,
    pub(crate) assigned: bool,
    pub(crate) unreplied: bool,
}

/// Whether `e` depends only on [`CellFacts`], so whole index cells can be
/// kept or skipped without reading a row.
pub(crate) fn is_cell_expr(e: &Expr) -> bool {
    match e {
        Expr::And(items) | Expr::Or(items) => items.iter().all(is_cell_expr),
        Expr::Not(inner) => is_cell_expr(inner),
        Expr::Term(t) => matches!(
            t,
            Term::Status(_)
                | Term::Priority(_)
                | Term::Channel(_)
                | Term::Has(HasWhat::Assignee)
                | Term::Flag(Flag::Unreplied)
        ),
    }
}

/// Evaluates a cell expression (one for which [`is_cell_expr`] holds) on a
/// cell. Only call it on such expressions: other terms read as true.
pub(crate) fn cell_matches(f: &CellFacts, e: &Expr) -> bool {
    match e {
        Expr::And(items) => items.iter().all(|i| cell_matches(f, i)),
        Expr::Or(items) => items.iter().any(|i| cell_matches(f, i)),
        Expr::Not(inner) => !cell_matches(f, inner),
        Expr::Term(t) => match t {
            Term::Status(v) => v.contains(&f.status),
            Term::Priority(v) => v.contains(&f.priority),
            Term::Channel(v) => v.contains(&f.channel),
            Term::Has(HasWhat::Assignee) => f.assigned,
            Term::Flag(Flag::Unreplied) => f.unreplied,
            _ => true,
        },
    }
}
