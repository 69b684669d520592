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

fn opt_text<S: std::ops::Deref<Target = str>>(s: &Option<S>) -> SqlValue {
    s.as_deref().map_or(SqlValue::Null, text)
}

/// The columns of each reference table, in the order of the values the row
/// functions below return.
pub mod columns {
    /// `users`
    pub const USERS: &[&str] = &["id", "name", "email", "role", "deleted"];
    /// `teams`
    pub const TEAMS: &[&str] = &["id", "name"];
    /// `contacts`
    pub const CONTACTS: &[&str] = &["id", "name", "phone", "email", "company", "segment"];
    /// `conversations`
    pub const CONVERSATIONS: &[&str] = &[
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
        "summary",
        "satisfaction",
    ];
    /// `conversation_visible_users`
    pub const VISIBLE_USERS: &[&str] = &["conversation_id", "user_id"];
    /// `conversation_assignees`
    pub const ASSIGNEES: &[&str] = &["conversation_id", "user_id"];
    /// `conversation_tags`
    pub const TAGS: &[&str] = &["conversation_id", "tag"];
    /// `messages`
    pub const MESSAGES: &[&str] = &[
        "id",
        "conversation_id",
        "channel",
        "author_kind",
        "author_user_id",
        "is_note",
        "body",
        "has_attachment",
        "created_at",
        "ai_confidence",
    ];
    /// `invoices`
    pub const INVOICES: &[&str] = &["id", "conversation_id", "kind", "state"];
    /// `read_markers`
    pub const READ_MARKERS: &[&str] = &["conversation_id", "user_id", "last_read_message_id"];
}

/// A user's row of `users`.
pub fn user_row(u: &crate::User) -> Vec<SqlValue> {
    let role = if u.role == crate::Role::Admin { "admin" } else { "agent" };
    vec![id(u.id.0), text(&u.name), text(&u.email), text(role), SqlValue::Bool(u.removed)]
}

/// A team's row of `teams`.
pub fn team_row(t: &crate::Team) -> Vec<SqlValue> {
    vec![id(t.id.0), text(&t.name)]
}

/// A contact's row of `contacts`.
pub fn contact_row(k: &crate::Contact) -> Vec<SqlValue> {
    vec![
        id(k.id.0),
        opt_text(&k.name),
        opt_text(&k.phone),
        opt_text(&k.email),
        opt_text(&k.company),
        opt_text(&k.segment),
    ]
}

/// A conversation's row of `conversations`.
pub fn conversation_row(c: &crate::Conversation) -> Vec<SqlValue> {
    let kind = match c.kind {
        ConversationKind::Customer { .. } => "customer",
        ConversationKind::Internal { .. } => "internal",
    };
    vec![
        id(c.id.0),
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
        opt_text(&c.summary),
        c.satisfaction.as_ref().map_or(SqlValue::Null, |s| SqlValue::Int(i64::from(s.rating))),
    ]
}

/// The rows of `conversation_visible_users`, `conversation_assignees` and
/// `conversation_tags` for a conversation.
pub fn relation_rows(c: &crate::Conversation) -> [Vec<Vec<SqlValue>>; 3] {
    let cid = id(c.id.0);
    let visible = match &c.visibility {
        crate::Visibility::Users(list) => list.iter().map(|u| vec![cid.clone(), id(u.0)]).collect(),
        _ => Vec::new(),
    };
    let assignees = c.assignees.iter().map(|u| vec![cid.clone(), id(u.0)]).collect();
    let tags = c.tags.iter().map(|t| vec![cid.clone(), text(t)]).collect();
    [visible, assignees, tags]
}

/// A message's row of `messages`.
pub fn message_row(conversation: crate::ConversationId, m: &crate::Message) -> Vec<SqlValue> {
    let (author_kind, author_user) = match m.author {
        Author::Contact => ("contact", SqlValue::Null),
        Author::User(u) => ("agent", id(u.0)),
        Author::Ai => ("ai", SqlValue::Null),
        Author::AutoResponder => ("auto_responder", SqlValue::Null),
        Author::System => ("system", SqlValue::Null),
    };
    vec![
        id(m.id.0),
        id(conversation.0),
        text(m.channel.as_str()),
        text(author_kind),
        author_user,
        SqlValue::Bool(m.kind == MessageKind::Note),
        text(&m.body),
        SqlValue::Bool(!m.attachments.is_empty()),
        ms(m.at),
        m.ai_confidence().map_or(SqlValue::Null, |c| SqlValue::Int(i64::from(c))),
    ]
}

/// An invoice's or checkout's row of `invoices`.
pub fn invoice_row(conversation: crate::ConversationId, i: &crate::Invoice) -> Vec<SqlValue> {
    let state = match i.state {
        PaymentState::Unpaid => "unpaid",
        PaymentState::Paid => "paid",
        PaymentState::Cancelled => "void",
    };
    let kind = match i.kind {
        PaymentKind::Invoice => "invoice",
        PaymentKind::Checkout => "checkout",
    };
    vec![id(i.id.0), id(conversation.0), text(kind), text(state)]
}

/// A read marker's row of `read_markers` (the id of the last message read),
/// or none when the user has read nothing.
pub fn read_marker_row(c: &crate::Conversation, user: crate::UserId, read: u32) -> Option<Vec<SqlValue>> {
    let read = usize::try_from(read).unwrap_or(usize::MAX).min(c.messages.len());
    let last = read.checked_sub(1).and_then(|i| c.messages.get(i))?;
    Some(vec![id(c.id.0), id(user.0), id(last.id.0)])
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
    use columns as k;
    let mut users = table("users", k::USERS);
    users.rows.extend(ws.users().iter().map(user_row));
    let mut teams = table("teams", k::TEAMS);
    teams.rows.extend(ws.teams().iter().map(team_row));
    let mut contacts = table("contacts", k::CONTACTS);
    contacts.rows.extend(ws.contacts.iter().map(|k| contact_row(k)));
    let mut conversations = table("conversations", k::CONVERSATIONS);
    let mut visible = table("conversation_visible_users", k::VISIBLE_USERS);
    let mut assignees = table("conversation_assignees", k::ASSIGNEES);
    let mut tags = table("conversation_tags", k::TAGS);
    let mut messages = table("messages", k::MESSAGES);
    let mut invoices = table("invoices", k::INVOICES);
    let mut markers = table("read_markers", k::READ_MARKERS);
    for c in ws.conversations.iter().flatten() {
        conversations.rows.push(conversation_row(c));
        let [v, a, t] = relation_rows(c);
        visible.rows.extend(v);
        assignees.rows.extend(a);
        tags.rows.extend(t);
        messages.rows.extend(c.messages.iter().map(|m| message_row(c.id, m)));
        invoices.rows.extend(c.invoices.iter().map(|i| invoice_row(c.id, i)));
        if let Some(list) = ws.reads.markers.get(&c.id) {
            markers.rows.extend(list.iter().filter_map(|(user, read)| read_marker_row(c, *user, *read)));
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
