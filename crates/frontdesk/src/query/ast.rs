//! The parsed form of a query. Values are normalized when parsed (enum values
//! resolved, text lowercased, phone numbers in E.164, sets sorted), so two
//! queries that mean the same thing through aliases compare equal.
//!
//! Shape invariants kept by [`parse`](crate::query::parse) and by the
//! constructors [`Expr::and`], [`Expr::or`] and [`Expr::not`]:
//! `And` and `Or` have at least two children (except the empty `And` of the
//! empty query), an `And` never directly holds an `And` (likewise `Or`), and a
//! `Not` never directly holds a `Not`. Sets in terms are sorted, deduplicated and
//! non-empty. The canonical printer relies on them to reproduce the same tree.

use super::dates::DateFilter;
use crate::{AiMode, Channel, ContactId, ConversationId, Priority, Status, TeamId, UserId};
use serde::{Deserialize, Serialize};

/// A parsed search query.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Query {
    /// The condition a conversation must meet. The empty query is `And([])`,
    /// which every conversation meets.
    pub root: Expr,
}

impl Query {
    /// The query that matches every conversation (the empty string).
    pub fn all() -> Query {
        Query { root: Expr::And(Vec::new()) }
    }

    /// Whether this is the empty query.
    pub fn is_empty(&self) -> bool {
        matches!(&self.root, Expr::And(v) if v.is_empty())
    }

    /// How deep the tree nests; computed without recursion.
    pub fn depth(&self) -> usize {
        self.root.depth()
    }
}

impl Default for Query {
    fn default() -> Self {
        Query::all()
    }
}

/// A boolean combination of terms.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// Every child matches (space, `AND` or `+` between terms).
    And(Vec<Expr>),
    /// At least one child matches (`OR`).
    Or(Vec<Expr>),
    /// The child does not match (`-` or `NOT`).
    Not(Box<Expr>),
    /// A single condition.
    Term(Term),
}

impl Expr {
    /// All of `items`, flattening nested `And`s; one item stands alone.
    pub fn and(items: Vec<Expr>) -> Expr {
        Expr::flatten(items, true)
    }

    /// Any of `items`, flattening nested `Or`s; one item stands alone.
    pub fn or(items: Vec<Expr>) -> Expr {
        Expr::flatten(items, false)
    }

    /// The negation of `e`; negating a negation gives back the inner expression.
    #[allow(clippy::should_implement_trait)]
    pub fn not(e: Expr) -> Expr {
        match e {
            Expr::Not(inner) => *inner,
            other => Expr::Not(Box::new(other)),
        }
    }

    fn flatten(items: Vec<Expr>, is_and: bool) -> Expr {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Expr::And(inner) if is_and => out.extend(inner),
                Expr::Or(inner) if !is_and && !inner.is_empty() => out.extend(inner),
                other => out.push(other),
            }
        }
        if out.len() == 1 {
            if let Some(only) = out.pop() {
                return only;
            }
        }
        if is_and {
            Expr::And(out)
        } else {
            Expr::Or(out)
        }
    }

    /// How deep the tree nests (a term is 1); computed without recursion so it
    /// is safe on trees built by hand.
    pub fn depth(&self) -> usize {
        let mut max = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((e, d)) = stack.pop() {
            max = max.max(d);
            match e {
                Expr::And(v) | Expr::Or(v) => stack.extend(v.iter().map(|c| (c, d + 1))),
                Expr::Not(inner) => stack.push((inner, d + 1)),
                Expr::Term(_) => {}
            }
        }
        max
    }
}

/// One condition on a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// Free text (a word or a quoted phrase), lowercased: matches as a substring
    /// of any message body or the contact's name, email, phone or company.
    Text(String),
    /// `status:` any of these statuses.
    Status(Vec<Status>),
    /// `priority:` any of these priorities (comparisons and ranges become sets).
    Priority(Vec<Priority>),
    /// `channel:` the conversation's current channel is any of these.
    Channel(Vec<Channel>),
    /// `mode:` the AI mode is any of these.
    Mode(Vec<AiMode>),
    /// `id:` the conversation is any of these.
    Id(Vec<ConversationId>),
    /// `assignee:` one of the assignees is this person.
    Assignee(Person),
    /// `agent:` this person is an assignee or wrote a message or note.
    Agent(Person),
    /// `team:` the conversation is routed to this team.
    Team(TeamRef),
    /// `tag:` the conversation carries this tag (lowercased, exact).
    Tag(String),
    /// `contact:` the contact is this one.
    Contact(ContactRef),
    /// `name:` the contact's name contains this text.
    Name(String),
    /// `phone:` with a full international number (`+`, a valid E.164 number):
    /// the contact's E.164 phone is exactly that number; otherwise the
    /// contact's phone contains these digits (a `+` prefix anchors them at
    /// the start).
    Phone(String),
    /// `email:` the contact's email matches.
    Email(EmailMatch),
    /// `company:` the contact's company contains this text.
    Company(String),
    /// `campaign:` the conversation came from this campaign (exact, lowercased).
    Campaign(String),
    /// `created:`, `updated:` or `closed:` compared with a date.
    Date(DateFilter),
    /// `is:` a state that depends on messages or on the viewer.
    Flag(Flag),
    /// `has:` the conversation has at least one of these.
    Has(HasWhat),
}

/// A person named in `assignee:` or `agent:`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Person {
    /// `me`: the user running the query.
    Me,
    /// A user id (`assignee:7` or `assignee:#7`).
    Id(UserId),
    /// An email address (contains `@`), lowercased, matched exactly.
    Email(String),
    /// Part of a user's name, lowercased, matched as a substring.
    Name(String),
}

/// A team named in `team:`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRef {
    /// A team id (`team:3`).
    Id(TeamId),
    /// A team name, lowercased, matched exactly.
    Name(String),
}

/// A contact named in `contact:`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRef {
    /// A contact id (`contact:12`).
    Id(ContactId),
    /// Text found in the contact's name, email, phone or company.
    Text(String),
}

/// How `email:` matches the contact's address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailMatch {
    /// `email:@acme.com`: the address is at this domain (text after the `@`).
    Domain(String),
    /// `email:sarah@acme.com`: this exact address.
    Address(String),
    /// `email:sarah`: the address contains this text (no `@`).
    Contains(String),
}

/// States that `is:` can test beyond status, channel and assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The viewer has not read the newest message written by someone else.
    Unread,
    /// A customer message is waiting for an answer.
    Unreplied,
    /// A customer conversation that no agent or AI has answered yet.
    New,
}

impl Flag {
    /// The name after `is:`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Unread => "unread",
            Flag::Unreplied => "unreplied",
            Flag::New => "new",
        }
    }
}

/// What `has:` (and, negated, `no:`) can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HasWhat {
    /// Any invoice, paid or not.
    Invoice,
    /// An invoice that is not paid yet.
    UnpaidInvoice,
    /// A message with an attachment.
    Attachment,
    /// At least one assignee.
    Assignee,
    /// At least one tag.
    Tag,
    /// A team.
    Team,
}

impl HasWhat {
    /// The name after `has:`.
    pub fn as_str(self) -> &'static str {
        match self {
            HasWhat::Invoice => "invoice",
            HasWhat::UnpaidInvoice => "unpaid_invoice",
            HasWhat::Attachment => "attachment",
            HasWhat::Assignee => "assignee",
            HasWhat::Tag => "tag",
            HasWhat::Team => "team",
        }
    }
}
