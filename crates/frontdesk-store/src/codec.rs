//! Entities to rows and back. The reference columns come from the core's own
//! row functions (`frontdesk::query::sql::*_row`), so the store's tables hold
//! exactly what `export_rows` would; the `data` column holds the rest of an
//! entity as JSON, and messages are stored column by column.

use chrono::{DateTime, Utc};
use frontdesk::query::sql::{self as ref_rows, SqlValue};
use frontdesk::{
    AiMode, AiReplySignals, Author, Channel, Conversation, ConversationId, ConversationKind, Error, Invoice,
    Message, MessageId, MessageKind, Origin, Priority, PriorityPin, ReplyState, Result, Satisfaction,
    SlaMark, Status, TeamId, UserId, Visibility,
};
use serde::{Deserialize, Serialize};

/// A conversation without its messages, as stored in `fd_conversations.data`.
/// Kept field for field with [`Conversation`]: [`ConversationHead::with`]
/// builds one with a struct literal, so a new field fails to compile here
/// until it is stored.
#[derive(Serialize)]
pub(crate) struct ConversationHeadRef<'a> {
    id: ConversationId,
    kind: &'a ConversationKind,
    origin: Origin,
    continued_from: Option<ConversationId>,
    status: Status,
    priority: Priority,
    priority_pin: &'a Option<Box<PriorityPin>>,
    channel: Channel,
    assignees: &'a [UserId],
    team: Option<TeamId>,
    visibility: &'a Visibility,
    ai_mode: AiMode,
    tags: &'a [String],
    campaign: &'a Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_message_at: Option<DateTime<Utc>>,
    last_exchange_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    reply: &'a ReplyState,
    invoices: &'a [Invoice],
    required_skills: &'a [String],
    awaiting_assignment: bool,
    sla_warned: Option<SlaMark>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending_alerted: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    satisfaction: &'a Option<Box<Satisfaction>>,
}

impl<'a> ConversationHeadRef<'a> {
    pub(crate) fn of(c: &'a Conversation) -> Self {
        ConversationHeadRef {
            id: c.id,
            kind: &c.kind,
            origin: c.origin,
            continued_from: c.continued_from,
            status: c.status,
            priority: c.priority,
            priority_pin: &c.priority_pin,
            channel: c.channel,
            assignees: &c.assignees,
            team: c.team,
            visibility: &c.visibility,
            ai_mode: c.ai_mode,
            tags: &c.tags,
            campaign: &c.campaign,
            created_at: c.created_at,
            updated_at: c.updated_at,
            last_message_at: c.last_message_at,
            last_exchange_at: c.last_exchange_at,
            closed_at: c.closed_at,
            reply: &c.reply,
            invoices: &c.invoices,
            required_skills: &c.required_skills,
            awaiting_assignment: c.awaiting_assignment,
            sla_warned: c.sla_warned,
            pending_alerted: c.pending_alerted,
            summary: &c.summary,
            satisfaction: &c.satisfaction,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct ConversationHead {
    id: ConversationId,
    kind: ConversationKind,
    origin: Origin,
    continued_from: Option<ConversationId>,
    status: Status,
    priority: Priority,
    priority_pin: Option<Box<PriorityPin>>,
    channel: Channel,
    assignees: Vec<UserId>,
    team: Option<TeamId>,
    visibility: Visibility,
    ai_mode: AiMode,
    tags: Vec<String>,
    campaign: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_message_at: Option<DateTime<Utc>>,
    last_exchange_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    reply: ReplyState,
    invoices: Vec<Invoice>,
    required_skills: Vec<String>,
    awaiting_assignment: bool,
    sla_warned: Option<SlaMark>,
    #[serde(default)]
    pending_alerted: Option<DateTime<Utc>>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    satisfaction: Option<Box<Satisfaction>>,
}

impl ConversationHead {
    pub(crate) fn with(self, messages: Vec<Message>) -> Conversation {
        Conversation {
            id: self.id,
            kind: self.kind,
            origin: self.origin,
            continued_from: self.continued_from,
            status: self.status,
            priority: self.priority,
            priority_pin: self.priority_pin,
            channel: self.channel,
            assignees: self.assignees,
            team: self.team,
            visibility: self.visibility,
            ai_mode: self.ai_mode,
            tags: self.tags,
            campaign: self.campaign,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_message_at: self.last_message_at,
            last_exchange_at: self.last_exchange_at,
            closed_at: self.closed_at,
            reply: self.reply,
            messages,
            invoices: self.invoices,
            required_skills: self.required_skills,
            awaiting_assignment: self.awaiting_assignment,
            sla_warned: self.sla_warned,
            pending_alerted: self.pending_alerted,
            summary: self.summary,
            satisfaction: self.satisfaction,
        }
    }
}

pub(crate) fn to_json<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::InvalidSnapshot { reason: format!("cannot encode the {what}: {e}") })
}

pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::InvalidSnapshot { reason: format!("stored {what} is invalid: {e}") })
}

/// The columns of `fd_messages` after the reference ones.
pub(crate) const MESSAGE_EXTRA: &[&str] =
    &["kind", "payment_id", "attachments", "at_nanos", "ai_reasoning", "ai_intent"];

/// A message's row of `fd_messages` (reference columns, then [`MESSAGE_EXTRA`]).
pub(crate) fn message_values(conversation: ConversationId, m: &Message) -> Result<Vec<SqlValue>> {
    let mut row = ref_rows::message_row(conversation, m);
    let (kind, payment) = match m.kind {
        MessageKind::Text => ("text", SqlValue::Null),
        MessageKind::Note => ("note", SqlValue::Null),
        MessageKind::Invoice(i) => ("invoice", int(i.0)),
        MessageKind::Checkout(i) => ("checkout", int(i.0)),
    };
    row.push(SqlValue::Text(kind.into()));
    row.push(payment);
    row.push(if m.attachments.is_empty() {
        SqlValue::Null
    } else {
        SqlValue::Text(to_json("attachments", &m.attachments)?)
    });
    row.push(SqlValue::Int(i64::from(m.at.timestamp_subsec_nanos() % 1_000_000)));
    let ai = m.ai.as_ref();
    for field in [ai.and_then(|a| a.reasoning.as_ref()), ai.and_then(|a| a.intent.as_ref())] {
        row.push(field.map_or(SqlValue::Null, |t| SqlValue::Text(t.clone())));
    }
    Ok(row)
}

/// The select list that [`message_from`] reads.
pub(crate) const MESSAGE_SELECT: &str =
    "conversation_id, id, channel, author_kind, author_user_id, body, created_at, kind, payment_id, attachments, at_nanos, \
     ai_confidence, ai_reasoning, ai_intent";

/// A message read with [`MESSAGE_SELECT`], and its conversation.
pub(crate) fn message_from(r: &dyn crate::db::Row) -> Result<(u64, Message)> {
    let bad = |what: &str| Error::InvalidSnapshot { reason: format!("stored message has an invalid {what}") };
    let conversation = uint(r.int(0)?).ok_or_else(|| bad("conversation id"))?;
    let id = uint(r.int(1)?).ok_or_else(|| bad("id"))?;
    let channel: Channel = r.str(2)?.ok_or_else(|| bad("channel"))?.parse()?;
    let user = uint(r.int(4)?).map(UserId);
    let author = match (r.str(3)?, user) {
        (Some("contact"), None) => Author::Contact,
        (Some("agent"), Some(u)) => Author::User(u),
        (Some("ai"), None) => Author::Ai,
        (Some("auto_responder"), None) => Author::AutoResponder,
        (Some("system"), None) => Author::System,
        _ => return Err(bad("author")),
    };
    let body = r.text(5)?.ok_or_else(|| bad("body"))?;
    let ms = r.int(6)?.ok_or_else(|| bad("time"))?;
    let payment = uint(r.int(8)?).map(frontdesk::InvoiceId);
    let kind = match (r.str(7)?, payment) {
        (Some("text"), None) => MessageKind::Text,
        (Some("note"), None) => MessageKind::Note,
        (Some("invoice"), Some(i)) => MessageKind::Invoice(i),
        (Some("checkout"), Some(i)) => MessageKind::Checkout(i),
        _ => return Err(bad("kind")),
    };
    let attachments = match r.str(9)? {
        Some(json) => from_json("attachments", json)?,
        None => Vec::new(),
    };
    let nanos = r.int(10)?.filter(|n| (0..1_000_000).contains(n)).ok_or_else(|| bad("time"))?;
    let at = DateTime::from_timestamp_millis(ms)
        .and_then(|t| t.checked_add_signed(chrono::Duration::nanoseconds(nanos)))
        .ok_or_else(|| bad("time"))?;
    let confidence = match r.int(11)? {
        None => None,
        Some(c) => Some(u32::try_from(c).ok().filter(|c| *c <= 100).ok_or_else(|| bad("AI confidence"))?),
    };
    let signals = AiReplySignals { confidence, reasoning: r.text(12)?, intent: r.text(13)? };
    let ai = (!signals.is_empty()).then(|| Box::new(signals));
    Ok((
        conversation,
        Message {
            id: MessageId(id),
            at,
            channel,
            author,
            kind,
            body: body.into_boxed_str(),
            attachments: attachments.into(),
            ai,
        },
    ))
}

pub(crate) fn int(n: u64) -> SqlValue {
    SqlValue::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(crate) fn uint(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

/// `INSERT ... ON CONFLICT (keys) DO UPDATE SET` every other column, with
/// `$1, $2, ...` in column order.
pub(crate) fn upsert_sql(table: &str, cols: &[&str], keys: &[&str]) -> String {
    let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
    let updates: Vec<String> =
        cols.iter().filter(|c| !keys.contains(c)).map(|c| format!("{c} = excluded.{c}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
        cols.join(", "),
        placeholders.join(", "),
        keys.join(", "),
        updates.join(", ")
    )
}

/// `INSERT INTO table (cols) VALUES ($1, ...)`.
pub(crate) fn insert_sql(table: &str, cols: &[&str]) -> String {
    let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
    format!("INSERT INTO {table} ({}) VALUES ({})", cols.join(", "), placeholders.join(", "))
}

/// `ws` followed by `cols`.
pub(crate) fn with_ws<'a>(cols: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let mut out = vec!["ws"];
    out.extend_from_slice(cols);
    out.extend_from_slice(extra);
    out
}
