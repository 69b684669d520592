//! Writing what a command changed, reading a whole workspace, and reading
//! what other processes committed since a version.

use crate::codec::{self, from_json, int, message_from, to_json, uint, upsert_sql, with_ws};
use crate::db::Db;
use frontdesk::query::sql::columns as cols;
use frontdesk::query::sql::{self as ref_rows, SqlValue};
use frontdesk::{
    Changes, Conversation, ConversationId, Error, Message, ReadMarker, Result, Rows, Snapshot, UserId,
    Workspace, WorkspaceConfig, SNAPSHOT_FORMAT_VERSION,
};
use std::sync::OnceLock;

/// The tables a deleted conversation's rows are removed from, with the
/// column naming the conversation.
const CONVERSATION_TABLES: [(&str, &str); 7] = [
    ("fd_conversations", "id"),
    ("fd_conversation_visible_users", "conversation_id"),
    ("fd_conversation_assignees", "conversation_id"),
    ("fd_conversation_tags", "conversation_id"),
    ("fd_messages", "conversation_id"),
    ("fd_invoices", "conversation_id"),
    ("fd_read_markers", "conversation_id"),
];

/// The write statements, built once per process: formatting them per row
/// cost more than SQLite's own work for a small command.
struct Statements {
    user: String,
    team: String,
    contact: String,
    conversation: String,
    /// Per relation table: delete a conversation's rows, insert one row.
    relations: [(String, String); 3],
    message: String,
    invoice: String,
    marker: String,
    deleted: String,
    delete_conversation: Vec<String>,
}

fn statements() -> &'static Statements {
    static STATEMENTS: OnceLock<Statements> = OnceLock::new();
    STATEMENTS.get_or_init(|| {
        let relation = |table: &str, columns: &[&str]| {
            (
                format!("DELETE FROM {table} WHERE ws = $1 AND conversation_id = $2"),
                codec::insert_sql(table, &with_ws(columns, &[])),
            )
        };
        Statements {
            user: upsert_sql("fd_users", &with_ws(cols::USERS, &["data", "version"]), &["ws", "id"]),
            team: upsert_sql("fd_teams", &with_ws(cols::TEAMS, &["data", "version"]), &["ws", "id"]),
            contact: upsert_sql("fd_contacts", &with_ws(cols::CONTACTS, &["data", "version"]), &["ws", "id"]),
            conversation: upsert_sql(
                "fd_conversations",
                &with_ws(cols::CONVERSATIONS, &["data", "version"]),
                &["ws", "id"],
            ),
            relations: [
                relation("fd_conversation_visible_users", cols::VISIBLE_USERS),
                relation("fd_conversation_assignees", cols::ASSIGNEES),
                relation("fd_conversation_tags", cols::TAGS),
            ],
            message: codec::insert_sql("fd_messages", &with_ws(cols::MESSAGES, codec::MESSAGE_EXTRA)),
            invoice: codec::insert_sql("fd_invoices", &with_ws(cols::INVOICES, &[])),
            marker: upsert_sql(
                "fd_read_markers",
                &with_ws(cols::READ_MARKERS, &["messages_read"]),
                &["ws", "conversation_id", "user_id"],
            ),
            deleted: upsert_sql(
                "fd_deleted_conversations",
                &["ws", "id", "visibility", "version"],
                &["ws", "id"],
            ),
            delete_conversation: CONVERSATION_TABLES
                .iter()
                .map(|(table, key)| format!("DELETE FROM {table} WHERE ws = $1 AND {key} = $2"))
                .collect(),
        }
    })
}

/// The workspace row: its version, counters and settings.
pub(crate) struct Header {
    pub(crate) version: i64,
    pub(crate) next_conversation: u64,
    pub(crate) next_message: u64,
    pub(crate) next_invoice: u64,
    pub(crate) config: String,
    pub(crate) config_version: i64,
    pub(crate) templates: String,
    pub(crate) templates_version: i64,
    pub(crate) round_robin: String,
    pub(crate) round_robin_version: i64,
    pub(crate) latest_time: Option<String>,
    pub(crate) saved_filters: String,
    pub(crate) saved_filters_version: i64,
}

const HEADER_SELECT: &str =
    "SELECT version, next_conversation, next_message, next_invoice, config, config_version, \
     templates, templates_version, round_robin, round_robin_version, latest_time, saved_filters, \
     saved_filters_version FROM fd_workspaces WHERE ws = $1";

pub(crate) fn header(db: &mut dyn Db, ws: i64, lock: bool) -> Result<Header> {
    let sql: std::borrow::Cow<'_, str> = match db.for_update() {
        lock_clause if lock && !lock_clause.is_empty() => format!("{HEADER_SELECT}{lock_clause}").into(),
        _ => HEADER_SELECT.into(),
    };
    let mut out = None;
    db.query(&sql, &[SqlValue::Int(ws)], &mut |r| {
        let missing = || Error::StorageUnavailable { reason: "the workspace row is incomplete".into() };
        out = Some(Header {
            version: r.int(0)?.ok_or_else(missing)?,
            next_conversation: uint(r.int(1)?).ok_or_else(missing)?,
            next_message: uint(r.int(2)?).ok_or_else(missing)?,
            next_invoice: uint(r.int(3)?).ok_or_else(missing)?,
            config: r.text(4)?.ok_or_else(missing)?,
            config_version: r.int(5)?.ok_or_else(missing)?,
            templates: r.text(6)?.ok_or_else(missing)?,
            templates_version: r.int(7)?.ok_or_else(missing)?,
            round_robin: r.text(8)?.ok_or_else(missing)?,
            round_robin_version: r.int(9)?.ok_or_else(missing)?,
            latest_time: r.text(10)?,
            saved_filters: r.text(11)?.ok_or_else(missing)?,
            saved_filters_version: r.int(12)?.ok_or_else(missing)?,
        });
        Ok(())
    })?;
    out.ok_or_else(|| Error::StorageUnavailable { reason: format!("workspace {ws} is not in the database") })
}

/// Finds the workspace named `name`, creating it (empty, with `config`) when
/// absent. Runs inside a write transaction.
pub(crate) fn find_or_create(db: &mut dyn Db, name: &str, config: &WorkspaceConfig) -> Result<(i64, bool)> {
    let mut found = None;
    db.query("SELECT ws FROM fd_workspaces WHERE name = $1", &[SqlValue::Text(name.into())], &mut |r| {
        found = r.int(0)?;
        Ok(())
    })?;
    if let Some(ws) = found {
        return Ok((ws, false));
    }
    let mut next = 1;
    db.query("SELECT COALESCE(MAX(ws), 0) + 1 FROM fd_workspaces", &[], &mut |r| {
        next = r.int(0)?.unwrap_or(1);
        Ok(())
    })?;
    let empty = Workspace::new(config.clone())?;
    db.exec(
        "INSERT INTO fd_workspaces (ws, name, version, next_conversation, next_message, next_invoice, config, \
         config_version, templates, templates_version, round_robin, round_robin_version, latest_time) \
         VALUES ($1, $2, 0, 1, 1, 1, $3, 0, $4, 0, $5, 0, NULL)",
        &[
            SqlValue::Int(next),
            SqlValue::Text(name.into()),
            SqlValue::Text(to_json("settings", empty.config())?),
            SqlValue::Text(to_json("templates", empty.template_library())?),
            SqlValue::Text(to_json("round robin", empty.round_robin_positions())?),
        ],
    )?;
    Ok((next, true))
}

/// Writes what `changes` says a command touched, as of `version`.
pub(crate) fn write(
    db: &mut dyn Db,
    ws_id: i64,
    version: i64,
    ws: &Workspace,
    changes: &Changes,
) -> Result<()> {
    let w = SqlValue::Int(ws_id);
    let v = SqlValue::Int(version);
    if changes.settings {
        db.exec(
            "UPDATE fd_workspaces SET config = $1, config_version = $2 WHERE ws = $3",
            &[SqlValue::Text(to_json("settings", ws.config())?), v.clone(), w.clone()],
        )?;
    }
    if changes.templates {
        db.exec(
            "UPDATE fd_workspaces SET templates = $1, templates_version = $2 WHERE ws = $3",
            &[SqlValue::Text(to_json("templates", ws.template_library())?), v.clone(), w.clone()],
        )?;
    }
    if changes.saved_filters {
        db.exec(
            "UPDATE fd_workspaces SET saved_filters = $1, saved_filters_version = $2 WHERE ws = $3",
            &[SqlValue::Text(to_json("saved filters", ws.saved_filter_state())?), v.clone(), w.clone()],
        )?;
    }
    if changes.round_robin {
        db.exec(
            "UPDATE fd_workspaces SET round_robin = $1, round_robin_version = $2 WHERE ws = $3",
            &[SqlValue::Text(to_json("round robin", ws.round_robin_positions())?), v.clone(), w.clone()],
        )?;
    }
    db.exec(
        "UPDATE fd_workspaces SET version = $1, next_conversation = $2, next_message = $3, next_invoice = $4, \
         latest_time = $5 WHERE ws = $6",
        &[
            v.clone(),
            int(ws.conversation_slots() + 1),
            int(ws.next_message_id()),
            int(ws.next_invoice_id()),
            latest_time(ws)?,
            w.clone(),
        ],
    )?;
    let sql = statements();
    for id in &changes.users {
        let u = ws.user(*id)?;
        let mut row = vec![w.clone()];
        row.extend(ref_rows::user_row(u));
        row.push(SqlValue::Text(to_json("user", u)?));
        row.push(v.clone());
        db.exec(&sql.user, &row)?;
    }
    for id in &changes.teams {
        let t = ws.team(*id)?;
        let mut row = vec![w.clone()];
        row.extend(ref_rows::team_row(t));
        row.push(SqlValue::Text(to_json("team", t)?));
        row.push(v.clone());
        db.exec(&sql.team, &row)?;
    }
    for id in &changes.contacts {
        let k = ws.contact_record(*id)?;
        let mut row = vec![w.clone()];
        row.extend(ref_rows::contact_row(k));
        row.push(SqlValue::Text(to_json("contact", k)?));
        row.push(v.clone());
        db.exec(&sql.contact, &row)?;
    }
    for (id, change) in &changes.conversations {
        let Some(c) = ws.conversation_row(*id) else { continue };
        write_conversation(db, &w, &v, ws, c, change.messages_before, change.relations)?;
    }
    for id in &changes.deleted {
        let cid = int(id.0);
        for delete in &sql.delete_conversation {
            db.exec(delete, &[w.clone(), cid.clone()])?;
        }
        let visibility = ws.deleted_conversations().get(id).cloned().unwrap_or_default();
        db.exec(
            &sql.deleted,
            &[w.clone(), cid, SqlValue::Text(to_json("visibility", &visibility)?), v.clone()],
        )?;
    }
    Ok(())
}

fn latest_time(ws: &Workspace) -> Result<SqlValue> {
    Ok(match ws.latest_time() {
        Some(t) => SqlValue::Text(to_json("latest time", &t)?),
        None => SqlValue::Null,
    })
}

fn write_conversation(
    db: &mut dyn Db,
    w: &SqlValue,
    v: &SqlValue,
    ws: &Workspace,
    c: &Conversation,
    messages_before: usize,
    relations: bool,
) -> Result<()> {
    let sql = statements();
    let cid = int(c.id.0);
    let mut row = vec![w.clone()];
    row.extend(ref_rows::conversation_row(c));
    row.push(SqlValue::Text(to_json("conversation", &codec::ConversationHeadRef::of(c))?));
    row.push(v.clone());
    db.exec(&sql.conversation, &row)?;
    if relations {
        for ((delete, insert), rows) in sql.relations.iter().zip(ref_rows::relation_rows(c)) {
            db.exec(delete, &[w.clone(), cid.clone()])?;
            for r in rows {
                let mut full = vec![w.clone()];
                full.extend(r);
                db.exec(insert, &full)?;
            }
        }
    }
    for m in c.messages.get(messages_before..).unwrap_or_default() {
        let mut full = vec![w.clone()];
        full.extend(codec::message_values(c.id, m)?);
        db.exec(&sql.message, &full)?;
    }
    if relations || !c.invoices.is_empty() {
        db.exec("DELETE FROM fd_invoices WHERE ws = $1 AND conversation_id = $2", &[w.clone(), cid.clone()])?;
        for i in &c.invoices {
            let mut full = vec![w.clone()];
            full.extend(ref_rows::invoice_row(c.id, i));
            db.exec(&sql.invoice, &full)?;
        }
    }
    let markers = ws.read_markers_of(c.id);
    if markers.is_empty() {
        db.exec(
            "DELETE FROM fd_read_markers WHERE ws = $1 AND conversation_id = $2",
            &[w.clone(), cid.clone()],
        )?;
    }
    for (user, read) in markers {
        // The reference row names the last message read; a user who has read
        // nothing gets 0, which compiled queries treat like no row.
        let last = ref_rows::read_marker_row(c, *user, *read)
            .and_then(|r| r.get(2).cloned())
            .unwrap_or(SqlValue::Int(0));
        db.exec(&sql.marker, &[w.clone(), cid.clone(), int(user.0), last, SqlValue::Int(i64::from(*read))])?;
    }
    Ok(())
}

// ----- reading ----------------------------------------------------------------------

/// Reads a whole workspace (in the caller's transaction) as a snapshot, and
/// the version it is at.
pub(crate) fn load(db: &mut dyn Db, ws: i64) -> Result<(Snapshot, i64)> {
    let h = header(db, ws, false)?;
    let w = [SqlValue::Int(ws)];
    let users = load_data(db, "fd_users", &w, "")?;
    let teams = load_data(db, "fd_teams", &w, "")?;
    let contacts = load_data(db, "fd_contacts", &w, "")?;
    let mut heads: Vec<codec::ConversationHead> = Vec::new();
    db.query("SELECT data FROM fd_conversations WHERE ws = $1 ORDER BY id", &w, &mut |r| {
        heads.push(from_json("conversation", r.str(0)?.unwrap_or_default())?);
        Ok(())
    })?;
    // Messages come ordered by conversation: one run of messages per
    // conversation, matched with the heads (also ordered) in one pass.
    let mut runs: Vec<(u64, Vec<Message>)> = Vec::with_capacity(heads.len());
    db.query(
        &format!(
            "SELECT {} FROM fd_messages WHERE ws = $1 ORDER BY conversation_id, id",
            codec::MESSAGE_SELECT
        ),
        &w,
        &mut |r| {
            let (c, m) = message_from(r)?;
            match runs.last_mut() {
                Some((last, list)) if *last == c => list.push(m),
                _ => runs.push((c, vec![m])),
            }
            Ok(())
        },
    )?;
    let mut runs = runs.into_iter().peekable();
    let mut conversations = Vec::with_capacity(heads.len());
    for head in heads {
        let c = head.with(Vec::new());
        let mut list = Vec::new();
        while let Some((id, _)) = runs.peek() {
            if *id > c.id.0 {
                break;
            }
            let (id, messages) = runs.next().unwrap_or_default();
            if id < c.id.0 {
                return Err(Error::InvalidSnapshot {
                    reason: format!("messages belong to unknown conversation {id}"),
                });
            }
            list = messages;
        }
        conversations.push(Conversation { messages: list, ..c });
    }
    if let Some((orphan, _)) = runs.next() {
        return Err(Error::InvalidSnapshot {
            reason: format!("messages belong to unknown conversation {orphan}"),
        });
    }
    let mut read_markers = Vec::new();
    db.query(
        "SELECT conversation_id, user_id, messages_read FROM fd_read_markers WHERE ws = $1 \
         ORDER BY conversation_id, user_id",
        &w,
        &mut |r| {
            read_markers.push(marker_from(r)?);
            Ok(())
        },
    )?;
    let deleted = load_deleted(db, ws, None)?.into_iter().collect();
    let snapshot = Snapshot {
        format_version: SNAPSHOT_FORMAT_VERSION,
        config: from_json("settings", &h.config)?,
        users,
        teams,
        contacts,
        conversations,
        next_conversation: h.next_conversation,
        next_message: h.next_message,
        next_invoice: h.next_invoice,
        deleted,
        templates: from_json("templates", &h.templates)?,
        round_robin: from_json("round robin", &h.round_robin)?,
        read_markers,
        latest_time: h.latest_time.as_deref().map(|t| from_json("latest time", t)).transpose()?,
        saved_filters: from_json("saved filters", &h.saved_filters)?,
    };
    Ok((snapshot, h.version))
}

fn marker_from(r: &dyn crate::db::Row) -> Result<ReadMarker> {
    let bad = || Error::InvalidSnapshot { reason: "stored read marker is invalid".into() };
    Ok(ReadMarker {
        conversation: ConversationId(uint(r.int(0)?).ok_or_else(bad)?),
        user: UserId(uint(r.int(1)?).ok_or_else(bad)?),
        read: r.int(2)?.and_then(|n| u32::try_from(n).ok()).ok_or_else(bad)?,
    })
}

fn load_data<T: for<'de> serde::Deserialize<'de>>(
    db: &mut dyn Db,
    table: &str,
    w: &[SqlValue],
    since: &str,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    db.query(&format!("SELECT data FROM {table} WHERE ws = $1{since} ORDER BY id"), w, &mut |r| {
        out.push(from_json(table.trim_start_matches("fd_"), r.str(0)?.unwrap_or_default())?);
        Ok(())
    })?;
    Ok(out)
}

fn load_deleted(
    db: &mut dyn Db,
    ws: i64,
    since: Option<i64>,
) -> Result<Vec<(ConversationId, frontdesk::Visibility)>> {
    let mut out = Vec::new();
    let mut params = vec![SqlValue::Int(ws)];
    let filter = match since {
        Some(v) => {
            params.push(SqlValue::Int(v));
            " AND version > $2"
        }
        None => "",
    };
    db.query(
        &format!("SELECT id, visibility FROM fd_deleted_conversations WHERE ws = $1{filter} ORDER BY id"),
        &params,
        &mut |r| {
            let id =
                uint(r.int(0)?).ok_or_else(|| Error::InvalidSnapshot { reason: "bad deleted id".into() })?;
            out.push((ConversationId(id), from_json("visibility", &r.text(1)?.unwrap_or_default())?));
            Ok(())
        },
    )?;
    Ok(out)
}

/// What was committed after `since`, as rows to apply, and the version they
/// bring the workspace to.
pub(crate) fn since(db: &mut dyn Db, ws: i64, since: i64) -> Result<(Rows, i64)> {
    let h = header(db, ws, false)?;
    let params = [SqlValue::Int(ws), SqlValue::Int(since)];
    let after = " AND version > $2";
    let mut rows = Rows {
        settings: (h.config_version > since).then(|| from_json("settings", &h.config)).transpose()?,
        templates: (h.templates_version > since).then(|| from_json("templates", &h.templates)).transpose()?,
        round_robin: (h.round_robin_version > since)
            .then(|| from_json("round robin", &h.round_robin))
            .transpose()?,
        saved_filters: (h.saved_filters_version > since)
            .then(|| from_json("saved filters", &h.saved_filters))
            .transpose()?,
        users: load_data(db, "fd_users", &params, after)?,
        teams: load_data(db, "fd_teams", &params, after)?,
        contacts: load_data(db, "fd_contacts", &params, after)?,
        conversations: Vec::new(),
        deleted: load_deleted(db, ws, Some(since))?,
        next_conversation: h.next_conversation,
        next_message: h.next_message,
        next_invoice: h.next_invoice,
        latest_time: h.latest_time.as_deref().map(|t| from_json("latest time", t)).transpose()?,
    };
    let mut heads: Vec<codec::ConversationHead> = Vec::new();
    db.query(
        "SELECT data FROM fd_conversations WHERE ws = $1 AND version > $2 ORDER BY id",
        &params,
        &mut |r| {
            heads.push(from_json("conversation", r.str(0)?.unwrap_or_default())?);
            Ok(())
        },
    )?;
    let message_sql = format!(
        "SELECT {} FROM fd_messages WHERE ws = $1 AND conversation_id = $2 ORDER BY id",
        codec::MESSAGE_SELECT
    );
    let marker_sql = "SELECT conversation_id, user_id, messages_read FROM fd_read_markers \
                      WHERE ws = $1 AND conversation_id = $2 ORDER BY user_id";
    for head in heads {
        let c = head.with(Vec::new());
        let key = [SqlValue::Int(ws), int(c.id.0)];
        let mut messages = Vec::new();
        db.query(&message_sql, &key, &mut |r| {
            messages.push(message_from(r)?.1);
            Ok(())
        })?;
        let mut markers = Vec::new();
        db.query(marker_sql, &key, &mut |r| {
            let m = marker_from(r)?;
            markers.push((m.user, m.read));
            Ok(())
        })?;
        rows.conversations.push((Conversation { messages, ..c }, markers));
    }
    Ok((rows, h.version))
}
