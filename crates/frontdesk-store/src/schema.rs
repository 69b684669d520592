//! The store's tables: the reference schema of `docs/sql-schema.md` with a
//! workspace column, plus what a lossless rebuild needs. One DDL serves both
//! databases (`BIGINT`, `TEXT` and `BOOLEAN` mean the same to both).
//!
//! Every table is keyed by `(ws, id)`: many workspaces share one database.
//! [`scope_views`] creates, per connection, temporary views named exactly as
//! the reference tables and filtered to one workspace, so SQL compiled by
//! `frontdesk::query::sql::compile` runs on the store unchanged.

use crate::db::Db;
use frontdesk::query::sql::SqlValue;
use frontdesk::{Error, Result};

/// The newest schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = 4;

/// Each migration brings the schema from version `i` to `i + 1`.
///
/// Enumerations are checked as `x = 'a' OR x = 'b'`, not `x IN (...)`:
/// SQLite evaluates an `IN` list in a `CHECK` by building a temporary index
/// for every row written, which cost a quarter of a command's time.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the tables.
    "
CREATE TABLE fd_workspaces (
    ws BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL,
    next_conversation BIGINT NOT NULL,
    next_message BIGINT NOT NULL,
    next_invoice BIGINT NOT NULL,
    config TEXT NOT NULL,
    config_version BIGINT NOT NULL,
    templates TEXT NOT NULL,
    templates_version BIGINT NOT NULL,
    round_robin TEXT NOT NULL,
    round_robin_version BIGINT NOT NULL
);
CREATE TABLE fd_users (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role = 'admin' OR role = 'agent'),
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (ws, id)
);
CREATE TABLE fd_teams (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (ws, id)
);
CREATE TABLE fd_contacts (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    name TEXT,
    phone TEXT,
    email TEXT,
    company TEXT,
    segment TEXT,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (ws, id)
);
CREATE INDEX fd_contacts_by_version ON fd_contacts (ws, version);
CREATE TABLE fd_conversations (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind = 'customer' OR kind = 'internal'),
    contact_id BIGINT,
    status TEXT NOT NULL CHECK (status = 'open' OR status = 'pending' OR status = 'resolved' OR status = 'archived'),
    priority BIGINT NOT NULL CHECK (priority BETWEEN 0 AND 3),
    channel TEXT NOT NULL,
    team_id BIGINT,
    ai_mode TEXT NOT NULL CHECK (ai_mode = 'active' OR ai_mode = 'paused' OR ai_mode = 'manual'),
    campaign TEXT,
    visibility_restricted BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    unreplied_count BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (ws, id)
);
CREATE INDEX fd_conversations_by_version ON fd_conversations (ws, version);
CREATE TABLE fd_conversation_visible_users (
    ws BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (ws, conversation_id, user_id)
);
CREATE TABLE fd_conversation_assignees (
    ws BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (ws, conversation_id, user_id)
);
CREATE TABLE fd_conversation_tags (
    ws BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (ws, conversation_id, tag)
);
CREATE TABLE fd_messages (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    author_kind TEXT NOT NULL CHECK (author_kind = 'contact' OR author_kind = 'agent' OR author_kind = 'ai' OR author_kind = 'auto_responder' OR author_kind = 'system'),
    author_user_id BIGINT,
    is_note BOOLEAN NOT NULL DEFAULT FALSE,
    body TEXT NOT NULL,
    has_attachment BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind = 'text' OR kind = 'note' OR kind = 'invoice' OR kind = 'checkout'),
    payment_id BIGINT,
    attachments TEXT,
    at_nanos BIGINT NOT NULL,
    PRIMARY KEY (ws, id)
);
CREATE INDEX fd_messages_by_conversation ON fd_messages (ws, conversation_id, id);
CREATE TABLE fd_invoices (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind = 'invoice' OR kind = 'checkout'),
    state TEXT NOT NULL CHECK (state = 'unpaid' OR state = 'paid' OR state = 'void'),
    PRIMARY KEY (ws, id)
);
CREATE INDEX fd_invoices_by_conversation ON fd_invoices (ws, conversation_id);
CREATE TABLE fd_read_markers (
    ws BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    last_read_message_id BIGINT NOT NULL,
    messages_read BIGINT NOT NULL,
    PRIMARY KEY (ws, conversation_id, user_id)
);
CREATE TABLE fd_deleted_conversations (
    ws BIGINT NOT NULL,
    id BIGINT NOT NULL,
    visibility TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (ws, id)
);
",
    // 1 -> 2: the latest time a command was applied at, so that a command
    // dated earlier (another process's clock) is clamped after a reopen too.
    "ALTER TABLE fd_workspaces ADD COLUMN latest_time TEXT;",
    // 2 -> 3: saved filters, one JSON document per workspace (they are few
    // and always read whole), versioned like the templates.
    "ALTER TABLE fd_workspaces ADD COLUMN saved_filters TEXT NOT NULL DEFAULT '{\"next_id\":1,\"filters\":[]}';
ALTER TABLE fd_workspaces ADD COLUMN saved_filters_version BIGINT NOT NULL DEFAULT 0;",
    // 3 -> 4: the AI's signals and the customer's rating. The summary and the
    // rating are reference columns of conversations (the rest of a
    // conversation is in `data`); the AI's confidence is a reference column of
    // messages, its reasoning and detected intent are kept beside it.
    "
ALTER TABLE fd_conversations ADD COLUMN summary TEXT;
ALTER TABLE fd_conversations ADD COLUMN satisfaction BIGINT;
ALTER TABLE fd_messages ADD COLUMN ai_confidence BIGINT;
ALTER TABLE fd_messages ADD COLUMN ai_reasoning TEXT;
ALTER TABLE fd_messages ADD COLUMN ai_intent TEXT;
",
];

/// The reference tables and the columns each exposes through its view.
const VIEWS: &[(&str, &str)] = &[
    ("users", "id, name, email, role, deleted"),
    ("teams", "id, name"),
    ("contacts", "id, name, phone, email, company, segment"),
    (
        "conversations",
        "id, kind, contact_id, status, priority, channel, team_id, ai_mode, campaign, \
         visibility_restricted, created_at, updated_at, closed_at, unreplied_count, last_message_at, summary, \
         satisfaction",
    ),
    ("conversation_visible_users", "conversation_id, user_id"),
    ("conversation_assignees", "conversation_id, user_id"),
    ("conversation_tags", "conversation_id, tag"),
    (
        "messages",
        "id, conversation_id, channel, author_kind, author_user_id, is_note, body, has_attachment, created_at, \
         ai_confidence",
    ),
    ("invoices", "id, conversation_id, kind, state"),
    ("read_markers", "conversation_id, user_id, last_read_message_id"),
];

/// Brings the database to [`SCHEMA_VERSION`], creating it when empty, in one
/// transaction. A database written by a newer build is refused with
/// `storage_too_new` and left untouched.
pub(crate) fn migrate(db: &mut dyn Db, schema_lock: &str) -> Result<()> {
    db.begin_write()?;
    let r = migrate_in_transaction(db, schema_lock);
    match r {
        Ok(()) => db.commit(),
        Err(e) => {
            db.rollback();
            Err(e)
        }
    }
}

fn migrate_in_transaction(db: &mut dyn Db, schema_lock: &str) -> Result<()> {
    if !schema_lock.is_empty() {
        db.batch(schema_lock)?;
    }
    db.batch("CREATE TABLE IF NOT EXISTS fd_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")?;
    let mut found: Option<String> = None;
    db.query("SELECT value FROM fd_meta WHERE key = 'schema_version'", &[], &mut |r| {
        found = r.text(0)?;
        Ok(())
    })?;
    let current: u32 = match found {
        None => 0,
        Some(v) => v.parse().map_err(|_| Error::StorageUnavailable {
            reason: format!("the database's schema version {v:?} is not a number"),
        })?,
    };
    if current > SCHEMA_VERSION {
        return Err(Error::StorageTooNew { found: current, supported: SCHEMA_VERSION });
    }
    for step in MIGRATIONS.iter().skip(current as usize) {
        db.batch(step)?;
    }
    if current < SCHEMA_VERSION {
        let v = SqlValue::Text(SCHEMA_VERSION.to_string());
        if current == 0 {
            db.exec("INSERT INTO fd_meta (key, value) VALUES ('schema_version', $1)", &[v])?;
        } else {
            db.exec("UPDATE fd_meta SET value = $1 WHERE key = 'schema_version'", &[v])?;
        }
    }
    Ok(())
}

/// Creates a database at an older schema version, for migration tests.
pub(crate) fn create_at_version(db: &mut dyn Db, version: u32) -> Result<()> {
    db.begin_write()?;
    db.batch("CREATE TABLE IF NOT EXISTS fd_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")?;
    for step in MIGRATIONS.iter().take(version as usize) {
        db.batch(step)?;
    }
    db.exec(
        "INSERT INTO fd_meta (key, value) VALUES ('schema_version', $1)",
        &[SqlValue::Text(version.to_string())],
    )?;
    db.commit()
}

/// Creates this connection's temporary views of one workspace, named as the
/// reference tables.
pub(crate) fn scope_views(db: &mut dyn Db, ws: i64) -> Result<()> {
    let sql: String = VIEWS
        .iter()
        .map(|(name, cols)| {
            format!("CREATE TEMP VIEW {name} AS SELECT {cols} FROM fd_{name} WHERE ws = {ws};\n")
        })
        .collect();
    db.batch(&sql)
}
