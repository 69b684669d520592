//! Exports a workspace into the rows of the reference schema, so a host can
//! load (or re-sync) its database and run compiled queries there.

use crate::conversation::ConversationKind;
use crate::message::{Author, MessageKind, PaymentKind, PaymentState};
use crate::query::sql::{priority_rank, SqlDialect};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// A value in an exported row, bound as a parameter when inserted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum SqlValue {
    /// SQL `NULL`.
    Null,
    /// A boolean (`BOOLEAN`; SQLite stores 0 or 1).
    Bool(bool),
    /// An integer: ids, priority ranks, counters, timestamps in milliseconds.
    Int(i64),
    /// A text.
    Text(String),
}

/// The rows of one table of the reference schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlTable {
    /// The table name, as in `SQLITE_SCHEMA` / `POSTGRES_SCHEMA`.
    pub name: String,
    /// The column names, in the order of each row's values.
    pub columns: Vec<String>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<SqlValue>>,
}

/// A parameterized statement: SQL text with placeholders and their values in
/// order (`params[0]` is `$1` / `?1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlInsert {
    /// An `INSERT INTO table (columns) VALUES (...), (...)` statement.
    pub sql: String,
    /// The values of the placeholders.
    pub params: Vec<SqlValue>,
}

/// Every row of a workspace in the reference schema, table by table, in an
/// order that respects the foreign keys (users, teams, contacts,
/// conversations, then the tables that refer to them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlRows {
    /// The tables, parents first.
    pub tables: Vec<SqlTable>,
}

/// The most placeholders one exported statement uses: below SQLite's oldest
/// limit (999) and PostgreSQL's (65535).
pub const MAX_INSERT_PARAMS: usize = 900;

impl SqlRows {
    /// A table by name.
    pub fn table(&self, name: &str) -> Option<&SqlTable> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// How many rows all tables hold together.
    pub fn row_count(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }

    /// Parameterized `INSERT` statements for every row, for an empty database
    /// created from the dialect's schema. Rows are batched several per
    /// statement, at most [`MAX_INSERT_PARAMS`] placeholders each; run them in
    /// order, ideally in one transaction.
    pub fn inserts(&self, dialect: SqlDialect) -> Vec<SqlInsert> {
        let mut out = Vec::new();
        for t in &self.tables {
            let width = t.columns.len().max(1);
            let per = (MAX_INSERT_PARAMS / width).max(1);
            for chunk in t.rows.chunks(per) {
                let mut sql = format!("INSERT INTO {} ({}) VALUES ", t.name, t.columns.join(", "));
                let mut params = Vec::with_capacity(chunk.len() * width);
                for (r, row) in chunk.iter().enumerate() {
                    sql.push_str(if r == 0 { "(" } else { ", (" });
                    for (i, v) in row.iter().enumerate() {
                        params.push(v.clone());
                        if i > 0 {
                            sql.push_str(", ");
                        }
                        let n = params.len();
                        let _ = match dialect {
                            SqlDialect::Postgres => write!(sql, "${n}"),
                            SqlDialect::Sqlite => write!(sql, "?{n}"),
                        };
                    }
                    sql.push(')');
                }
                out.push(SqlInsert { sql, params });
            }
        }
        out
    }
}

fn table(name: &str, columns: &[&str]) -> SqlTable {
    SqlTable { name: name.into(), columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
}

fn id(n: u64) -> SqlValue {
    SqlValue::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn ms(t: DateTime<Utc>) -> SqlValue {
    SqlValue::Int(t.timestamp_millis())
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

fn opt_text(s: &Option<String>) -> SqlValue {
    s.as_deref().map_or(SqlValue::Null, text)
}

/// Exports every user, team, contact and live conversation of `ws` (with its
/// visibility list, assignees, tags, messages, invoices and read markers) into
/// the rows of the reference schema (`docs/sql-schema.md`). Queries compiled by
/// [`compile`](crate::query::sql::compile) over these rows return the same
/// conversations as `Workspace::search_ids` (see `docs/query-language.md` for
/// the one documented difference, SQLite's ASCII-only `lower()`).
///
/// Deleted conversations are left out; removed users are kept (with
/// `deleted = TRUE`) because old messages name them. Checkouts are exported
/// to `invoices` with `kind = 'checkout'`; a cancelled one has state `void`. A read
/// marker (the number of messages read) becomes the id of the last message
/// read; users who read nothing get no row. Costs O(size of the workspace).
pub fn export_rows(ws: &Workspace) -> SqlRows {
    let mut users = table("users", &["id", "name", "email", "role", "deleted"]);
    for u in ws.users() {
        let role = if u.role == crate::Role::Admin { "admin" } else { "agent" };
        users.rows.push(vec![
            id(u.id.0),
            text(&u.name),
            text(&u.email),
            text(role),
            SqlValue::Bool(u.removed),
        ]);
    }
    let mut teams = table("teams", &["id", "name"]);
    for t in ws.teams() {
        teams.rows.push(vec![id(t.id.0), text(&t.name)]);
    }
    let mut contacts = table("contacts", &["id", "name", "phone", "email", "company", "segment"]);
    for k in ws.contacts() {
        contacts.rows.push(vec![
            id(k.id.0),
            opt_text(&k.name),
            opt_text(&k.phone),
            opt_text(&k.email),
            opt_text(&k.company),
            opt_text(&k.segment),
        ]);
    }
    let mut conversations = table(
        "conversations",
        &[
            "id",
            "kind",
            "contact_id",
            "status",
            "priority",
            "channel",
            "team_id",
            "ai_mode",
            "campaign",
            "visibility_restricted",
            "created_at",
            "updated_at",
            "closed_at",
            "unreplied_count",
            "last_message_at",
        ],
    );
    let mut visible = table("conversation_visible_users", &["conversation_id", "user_id"]);
    let mut assignees = table("conversation_assignees", &["conversation_id", "user_id"]);
    let mut tags = table("conversation_tags", &["conversation_id", "tag"]);
    let mut messages = table(
        "messages",
        &[
            "id",
            "conversation_id",
            "channel",
            "author_kind",
            "author_user_id",
            "is_note",
            "body",
            "has_attachment",
            "created_at",
        ],
    );
    let mut invoices = table("invoices", &["id", "conversation_id", "kind", "state"]);
    let mut markers = table("read_markers", &["conversation_id", "user_id", "last_read_message_id"]);
    for c in ws.conversations.iter().flatten() {
        let cid = id(c.id.0);
        let kind = match c.kind {
            ConversationKind::Customer { .. } => "customer",
            ConversationKind::Internal { .. } => "internal",
        };
        conversations.rows.push(vec![
            cid.clone(),
            text(kind),
            c.contact().map_or(SqlValue::Null, |k| id(k.0)),
            text(c.status.as_str()),
            SqlValue::Int(priority_rank(c.priority)),
            text(c.channel.as_str()),
            c.team.map_or(SqlValue::Null, |t| id(t.0)),
            text(c.ai_mode.as_str()),
            opt_text(&c.campaign),
            SqlValue::Bool(c.visibility.is_restricted()),
            ms(c.created_at),
            ms(c.updated_at),
            c.closed_at.map_or(SqlValue::Null, ms),
            SqlValue::Int(i64::from(c.reply.unreplied)),
            c.last_message_at.map_or(SqlValue::Null, ms),
        ]);
        if let crate::Visibility::Users(list) = &c.visibility {
            for u in list {
                visible.rows.push(vec![cid.clone(), id(u.0)]);
            }
        }
        for u in &c.assignees {
            assignees.rows.push(vec![cid.clone(), id(u.0)]);
        }
        for t in &c.tags {
            tags.rows.push(vec![cid.clone(), text(t)]);
        }
        for m in &c.messages {
            let (author_kind, author_user) = match m.author {
                Author::Contact => ("contact", SqlValue::Null),
                Author::User(u) => ("agent", id(u.0)),
                Author::Ai => ("ai", SqlValue::Null),
                Author::AutoResponder => ("auto_responder", SqlValue::Null),
                Author::System => ("system", SqlValue::Null),
            };
            messages.rows.push(vec![
                id(m.id.0),
                cid.clone(),
                text(m.channel.as_str()),
                text(author_kind),
                author_user,
                SqlValue::Bool(m.kind == MessageKind::Note),
                text(&m.body),
                SqlValue::Bool(!m.attachments.is_empty()),
                ms(m.at),
            ]);
        }
        for i in &c.invoices {
            let state = match i.state {
                PaymentState::Unpaid => "unpaid",
                PaymentState::Paid => "paid",
                PaymentState::Cancelled => "void",
            };
            let kind = match i.kind {
                PaymentKind::Invoice => "invoice",
                PaymentKind::Checkout => "checkout",
            };
            invoices.rows.push(vec![id(i.id.0), cid.clone(), text(kind), text(state)]);
        }
        if let Some(list) = ws.reads.markers.get(&c.id) {
            for (user, read) in list {
                let read = usize::try_from(*read).unwrap_or(usize::MAX).min(c.messages.len());
                if let Some(last) = read.checked_sub(1).and_then(|i| c.messages.get(i)) {
                    markers.rows.push(vec![cid.clone(), id(user.0), id(last.id.0)]);
                }
            }
        }
    }
    SqlRows {
        tables: vec![
            users,
            teams,
            contacts,
            conversations,
            visible,
            assignees,
            tags,
            messages,
            invoices,
            markers,
        ],
    }
}
