//! Compiles a [`Query`] to parameterized SQL over the reference schema
//! (`docs/sql-schema.md`, and [`SQLITE_SCHEMA`] / [`POSTGRES_SCHEMA`]).
//!
//! Every value from the query or the viewer travels as a parameter; the SQL
//! text holds only structure and the schema's own constants. Each term compiles
//! to a condition that is never NULL (EXISTS, or `col IS NOT NULL AND ...` on
//! nullable columns), so `NOT` means exactly "does not match".
//!
//! Text matching is `lower(column) LIKE pattern ESCAPE '\'`, with the pattern
//! lowercased by Rust (full Unicode) and `%`, `_`, `\` escaped. PostgreSQL's
//! `lower()` folds Unicode in a UTF-8 database; SQLite's built-in `lower()`
//! folds ASCII only, so in SQLite `MÜLLER` in the data is not found by
//! `müller` (while `Müller` is).

use super::ast::{ContactRef, EmailMatch, Expr, Flag, HasWhat, Person, Query, TeamRef, Term};
use super::dates::{DateField, DateFilter};
use crate::{Priority, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::workspace::sql_rows::{
    columns, contact_row, conversation_row, export_rows, invoice_row, message_row, read_marker_row,
    relation_rows, team_row, user_row, SqlInsert, SqlRows, SqlTable, SqlValue, MAX_INSERT_PARAMS,
};

/// Which database the SQL is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlDialect {
    /// PostgreSQL: placeholders `$1`, `$2`...
    Postgres,
    /// SQLite: placeholders `?1`, `?2`...
    Sqlite,
}

/// Who runs the query and when: visibility, `me`, `is:unread` and relative
/// dates depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SqlContext {
    /// The user running the query.
    pub viewer: UserId,
    /// Admins see every conversation, restricted or not.
    pub is_admin: bool,
    /// The current time, for relative dates and named periods.
    pub now: DateTime<Utc>,
    /// The workspace's fixed offset from UTC in minutes (east positive), for
    /// calendar days and periods.
    pub utc_offset_minutes: i32,
}

/// A value bound to a placeholder.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum SqlParam {
    /// An integer (ids, priority ranks, timestamps in milliseconds).
    Int(i64),
    /// A text.
    Text(String),
}

/// SQL text and the parameters for its placeholders, in order (`params[0]` is
/// `$1` / `?1`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompiledSql {
    /// A `SELECT c.id FROM conversations c WHERE ... ORDER BY c.id` statement.
    pub sql: String,
    /// The values of the placeholders.
    pub params: Vec<SqlParam>,
}

/// The deepest query tree [`compile`] accepts. Parsed queries stay far below;
/// the limit protects the compiler's recursion and the database's expression
/// depth (SQLite allows 1000) from trees built by hand.
pub const MAX_COMPILE_DEPTH: usize = 4 * super::HARD_MAX_DEPTH;

/// Compiles `query` into a statement selecting the ids of the conversations
/// that match it and that `ctx.viewer` may see, ordered by id.
///
/// Fails only for a tree nested deeper than [`MAX_COMPILE_DEPTH`].
pub fn compile(query: &Query, ctx: &SqlContext, dialect: SqlDialect) -> crate::Result<CompiledSql> {
    let depth = query.depth();
    if depth > MAX_COMPILE_DEPTH {
        return Err(crate::Error::invalid_argument(
            "query",
            format!("the query nests {depth} levels deep; the limit is {MAX_COMPILE_DEPTH}"),
        ));
    }
    let mut c = Compiler { ctx, dialect, sql: String::new(), params: Vec::new(), viewer_param: None };
    c.sql.push_str("SELECT c.id FROM conversations c WHERE ");
    if let Some(visible) = crate::access::sql_visible(ctx.is_admin, || c.viewer()) {
        c.sql.push_str(&visible);
        c.sql.push_str(" AND ");
    }
    c.expr(&query.root);
    c.sql.push_str(" ORDER BY c.id");
    Ok(CompiledSql { sql: c.sql, params: c.params })
}

struct Compiler<'a> {
    ctx: &'a SqlContext,
    dialect: SqlDialect,
    sql: String,
    params: Vec<SqlParam>,
    viewer_param: Option<String>,
}

/// Escapes LIKE wildcards so the text matches literally with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn contains_pattern(s: &str) -> String {
    format!("%{}%", like_escape(s))
}

/// What a person-valued term compares on a user row (or user id column).
enum UserCond {
    /// `{col} = param`, for ids and `me`.
    Id(String),
    /// A condition on `u` (users joined on the id column).
    User(String),
}

impl Compiler<'_> {
    fn param(&mut self, p: SqlParam) -> String {
        self.params.push(p);
        let n = self.params.len();
        match self.dialect {
            SqlDialect::Postgres => format!("${n}"),
            SqlDialect::Sqlite => format!("?{n}"),
        }
    }

    fn text(&mut self, s: impl Into<String>) -> String {
        self.param(SqlParam::Text(s.into()))
    }

    fn int(&mut self, n: i64) -> String {
        self.param(SqlParam::Int(n))
    }

    /// The viewer's id, bound once and reused.
    fn viewer(&mut self) -> String {
        if let Some(p) = &self.viewer_param {
            return p.clone();
        }
        let id = i64::try_from(self.ctx.viewer.get()).unwrap_or(i64::MAX);
        let p = self.int(id);
        self.viewer_param = Some(p.clone());
        p
    }

    fn id(&mut self, id: u64) -> String {
        self.int(i64::try_from(id).unwrap_or(i64::MAX))
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::And(items) | Expr::Or(items) if items.is_empty() => {
                self.sql.push_str(if matches!(e, Expr::And(_)) { "TRUE" } else { "FALSE" });
            }
            Expr::And(items) | Expr::Or(items) => {
                let sep = if matches!(e, Expr::And(_)) { " AND " } else { " OR " };
                self.sql.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.sql.push_str(sep);
                    }
                    self.expr(item);
                }
                self.sql.push(')');
            }
            Expr::Not(inner) => {
                self.sql.push_str("NOT ");
                let group = !matches!(**inner, Expr::And(_) | Expr::Or(_));
                if group {
                    self.sql.push('(');
                }
                self.expr(inner);
                if group {
                    self.sql.push(')');
                }
            }
            Expr::Term(t) => {
                let s = self.term(t);
                self.sql.push_str(&s);
            }
        }
    }

    fn in_list(&mut self, column: &str, values: Vec<SqlParam>) -> String {
        let ps: Vec<String> = values.into_iter().map(|v| self.param(v)).collect();
        format!("{column} IN ({})", ps.join(", "))
    }

    fn user_cond(&mut self, p: &Person) -> UserCond {
        match p {
            Person::Me => UserCond::Id(self.viewer()),
            Person::Id(id) => UserCond::Id(self.id(id.get())),
            Person::Email(e) => UserCond::User(format!("lower(u.email) = {}", self.text(e.as_str()))),
            Person::Name(n) => {
                let p = self.text(contains_pattern(n));
                UserCond::User(format!("lower(u.name) LIKE {p} ESCAPE '\\'"))
            }
        }
    }

    /// A condition on rows of `table alias` whose user id is in `col`.
    fn person_exists(&self, from: &str, col: &str, extra: &str, cond: &UserCond) -> String {
        match cond {
            UserCond::Id(p) => format!("EXISTS (SELECT 1 FROM {from} WHERE {extra}{col} = {p})"),
            UserCond::User(c) => {
                format!("EXISTS (SELECT 1 FROM {from} JOIN users u ON u.id = {col} WHERE {extra}{c})")
            }
        }
    }

    fn contact_like(&mut self, columns: &[&str], pattern: String) -> String {
        let p = self.text(pattern);
        let conds: Vec<String> =
            columns.iter().map(|c| format!("lower(ct.{c}) LIKE {p} ESCAPE '\\'")).collect();
        format!("EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c.contact_id AND ({}))", conds.join(" OR "))
    }

    fn date(&mut self, df: &DateFilter) -> String {
        let col = match df.field {
            DateField::Created => "c.created_at",
            DateField::Updated => "c.updated_at",
            DateField::Closed => "c.closed_at",
        };
        let bounds = df.bounds(self.ctx.now, self.ctx.utc_offset_minutes);
        let mut parts = vec![format!("{col} IS NOT NULL")];
        if let Some(s) = bounds.start {
            parts.push(format!("{col} >= {}", self.int(s.timestamp_millis())));
        }
        if let Some(e) = bounds.end {
            parts.push(format!("{col} < {}", self.int(e.timestamp_millis())));
        }
        format!("({})", parts.join(" AND "))
    }

    fn term(&mut self, t: &Term) -> String {
        match t {
            Term::Text(s) => {
                let p = self.text(contains_pattern(s));
                format!(
                    "(EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND lower(m.body) LIKE {p} ESCAPE '\\') \
                     OR EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c.contact_id AND (lower(ct.name) LIKE {p} ESCAPE '\\' \
                     OR lower(ct.email) LIKE {p} ESCAPE '\\' OR lower(ct.phone) LIKE {p} ESCAPE '\\' \
                     OR lower(ct.company) LIKE {p} ESCAPE '\\')) \
                     OR (c.summary IS NOT NULL AND lower(c.summary) LIKE {p} ESCAPE '\\'))"
                )
            }
            Term::Status(v) => {
                let vals = v.iter().map(|s| SqlParam::Text(s.as_str().into())).collect();
                self.in_list("c.status", vals)
            }
            Term::Priority(v) => {
                let vals = v.iter().map(|p| SqlParam::Int(priority_rank(*p))).collect();
                self.in_list("c.priority", vals)
            }
            Term::Channel(v) => {
                let vals = v.iter().map(|c| SqlParam::Text(c.as_str().into())).collect();
                self.in_list("c.channel", vals)
            }
            Term::Mode(v) => {
                let vals = v.iter().map(|m| SqlParam::Text(m.as_str().into())).collect();
                self.in_list("c.ai_mode", vals)
            }
            Term::Id(v) => {
                let vals =
                    v.iter().map(|id| SqlParam::Int(i64::try_from(id.get()).unwrap_or(i64::MAX))).collect();
                self.in_list("c.id", vals)
            }
            Term::Assignee(p) => {
                let cond = self.user_cond(p);
                self.person_exists(
                    "conversation_assignees a",
                    "a.user_id",
                    "a.conversation_id = c.id AND ",
                    &cond,
                )
            }
            Term::Agent(p) => {
                let cond = self.user_cond(p);
                let assigned = self.person_exists(
                    "conversation_assignees a",
                    "a.user_id",
                    "a.conversation_id = c.id AND ",
                    &cond,
                );
                let wrote = self.person_exists(
                    "messages m",
                    "m.author_user_id",
                    "m.conversation_id = c.id AND m.author_kind = 'agent' AND ",
                    &cond,
                );
                format!("({assigned} OR {wrote})")
            }
            Term::Team(TeamRef::Id(id)) => {
                let p = self.id(id.get());
                format!("(c.team_id IS NOT NULL AND c.team_id = {p})")
            }
            Term::Team(TeamRef::Name(n)) => {
                let p = self.text(n.as_str());
                format!("EXISTS (SELECT 1 FROM teams t WHERE t.id = c.team_id AND lower(t.name) = {p})")
            }
            Term::Tag(s) => {
                let p = self.text(s.as_str());
                format!("EXISTS (SELECT 1 FROM conversation_tags g WHERE g.conversation_id = c.id AND lower(g.tag) = {p})")
            }
            Term::Contact(ContactRef::Id(id)) => {
                let p = self.id(id.get());
                format!("(c.contact_id IS NOT NULL AND c.contact_id = {p})")
            }
            Term::Contact(ContactRef::Text(s)) => {
                self.contact_like(&["name", "email", "phone", "company"], contains_pattern(s))
            }
            Term::Name(s) => self.contact_like(&["name"], contains_pattern(s)),
            Term::Company(s) => self.contact_like(&["company"], contains_pattern(s)),
            // A full number is that number (LIKE without wildcards is
            // equality); a fragment matches anywhere in the number.
            Term::Phone(s) if super::is_full_phone_number(s) => self.contact_like(&["phone"], like_escape(s)),
            Term::Phone(s) => self.contact_like(&["phone"], contains_pattern(s)),
            Term::Email(EmailMatch::Domain(d)) => {
                self.contact_like(&["email"], format!("%@{}", like_escape(d)))
            }
            Term::Email(EmailMatch::Contains(s)) => self.contact_like(&["email"], contains_pattern(s)),
            Term::Email(EmailMatch::Address(a)) => {
                let p = self.text(a.as_str());
                format!(
                    "EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c.contact_id AND lower(ct.email) = {p})"
                )
            }
            Term::Campaign(s) => {
                let p = self.text(s.as_str());
                format!("(c.campaign IS NOT NULL AND lower(c.campaign) = {p})")
            }
            Term::Date(df) => self.date(df),
            Term::Flag(Flag::Unread) => {
                let v = self.viewer();
                format!(
                    "EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
                     AND (m.author_user_id IS NULL OR m.author_user_id <> {v}) \
                     AND m.id > COALESCE((SELECT r.last_read_message_id FROM read_markers r \
                     WHERE r.conversation_id = c.id AND r.user_id = {v}), 0))"
                )
            }
            Term::Flag(Flag::Unreplied) => "c.unreplied_count > 0".to_string(),
            Term::Flag(Flag::New) => "(c.kind = 'customer' AND NOT EXISTS (SELECT 1 FROM messages m \
                 WHERE m.conversation_id = c.id AND m.author_kind IN ('agent', 'ai') AND m.is_note = FALSE))"
                .to_string(),
            Term::Has(h) => match h {
                HasWhat::Invoice => {
                    "EXISTS (SELECT 1 FROM invoices i WHERE i.conversation_id = c.id AND i.kind = 'invoice')"
                        .to_string()
                }
                HasWhat::UnpaidInvoice => "EXISTS (SELECT 1 FROM invoices i WHERE i.conversation_id = c.id \
                     AND i.kind = 'invoice' AND i.state = 'unpaid')"
                    .to_string(),
                HasWhat::Attachment => "EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
                     AND m.has_attachment = TRUE)"
                    .to_string(),
                HasWhat::Assignee => {
                    "EXISTS (SELECT 1 FROM conversation_assignees a WHERE a.conversation_id = c.id)"
                        .to_string()
                }
                HasWhat::Tag => {
                    "EXISTS (SELECT 1 FROM conversation_tags g WHERE g.conversation_id = c.id)".to_string()
                }
                HasWhat::Team => "(c.team_id IS NOT NULL)".to_string(),
            },
        }
    }
}

/// The integer stored in `conversations.priority`: low 0, normal 1, high 2,
/// urgent 3.
pub fn priority_rank(p: Priority) -> i64 {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

/// The reference schema for SQLite (`docs/sql-schema.md`). Timestamps are
/// integer milliseconds since 1970-01-01 UTC; booleans are 0/1.
pub const SQLITE_SCHEMA: &str = r#"CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    deleted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    name TEXT,
    phone TEXT,
    email TEXT,
    company TEXT,
    segment TEXT
);
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('customer', 'internal')),
    contact_id INTEGER REFERENCES contacts (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'archived')),
    priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
    channel TEXT NOT NULL,
    team_id INTEGER REFERENCES teams (id),
    ai_mode TEXT NOT NULL CHECK (ai_mode IN ('active', 'paused', 'manual')),
    campaign TEXT,
    visibility_restricted BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    unreplied_count INTEGER NOT NULL DEFAULT 0,
    last_message_at INTEGER,
    summary TEXT,
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5)
);
CREATE TABLE conversation_visible_users (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE conversation_assignees (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE conversation_tags (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (conversation_id, tag)
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    channel TEXT NOT NULL,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('contact', 'agent', 'ai', 'auto_responder', 'system')),
    author_user_id INTEGER REFERENCES users (id),
    is_note BOOLEAN NOT NULL DEFAULT FALSE,
    body TEXT NOT NULL,
    has_attachment BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    ai_confidence INTEGER CHECK (ai_confidence BETWEEN 0 AND 100)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id);
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'checkout')),
    state TEXT NOT NULL CHECK (state IN ('unpaid', 'paid', 'void'))
);
CREATE INDEX invoices_by_conversation ON invoices (conversation_id);
CREATE TABLE read_markers (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    last_read_message_id INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
"#;

/// The reference schema for PostgreSQL: the SQLite one with 64-bit integers.
pub const POSTGRES_SCHEMA: &str = r#"CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    deleted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE teams (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE contacts (
    id BIGINT PRIMARY KEY,
    name TEXT,
    phone TEXT,
    email TEXT,
    company TEXT,
    segment TEXT
);
CREATE TABLE conversations (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('customer', 'internal')),
    contact_id BIGINT REFERENCES contacts (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'archived')),
    priority BIGINT NOT NULL CHECK (priority BETWEEN 0 AND 3),
    channel TEXT NOT NULL,
    team_id BIGINT REFERENCES teams (id),
    ai_mode TEXT NOT NULL CHECK (ai_mode IN ('active', 'paused', 'manual')),
    campaign TEXT,
    visibility_restricted BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    unreplied_count BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT,
    summary TEXT,
    satisfaction BIGINT CHECK (satisfaction BETWEEN 1 AND 5)
);
CREATE TABLE conversation_visible_users (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE conversation_assignees (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE TABLE conversation_tags (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (conversation_id, tag)
);
CREATE TABLE messages (
    id BIGINT PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    channel TEXT NOT NULL,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('contact', 'agent', 'ai', 'auto_responder', 'system')),
    author_user_id BIGINT REFERENCES users (id),
    is_note BOOLEAN NOT NULL DEFAULT FALSE,
    body TEXT NOT NULL,
    has_attachment BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    ai_confidence BIGINT CHECK (ai_confidence BETWEEN 0 AND 100)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id);
CREATE TABLE invoices (
    id BIGINT PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'checkout')),
    state TEXT NOT NULL CHECK (state IN ('unpaid', 'paid', 'void'))
);
CREATE INDEX invoices_by_conversation ON invoices (conversation_id);
CREATE TABLE read_markers (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    last_read_message_id BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
"#;
