//! Node bindings for frontdesk (napi-rs): a thin layer over the core crate.
//! Each method converts its arguments, calls the core once and converts the
//! result; no rule lives here. Errors are mapped in `errors.rs` only.
//!
//! Most methods are one line of the `commands!` and `reads!` tables at the end;
//! the records that mirror a core record, and the TypeScript union of the
//! events, are generated from the core's sources by `build.rs`.
#![deny(missing_docs)]

mod errors;

use chrono::{DateTime, Utc};
use errors::{bad_argument, check, poisoned, JsResult};
use frontdesk as core;
use frontdesk_store::Backing;
use napi::bindgen_prelude::*;
use napi::JsDate;
use napi_derive::napi;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};

/// The largest id a JavaScript number holds exactly (2^53 - 1).
const MAX_ID: f64 = 9_007_199_254_740_991.0;

// ----- shapes ----------------------------------------------------------------------

/// Settings of a workspace. Start from `reopenOnReply()` or
/// `newConversationAfterClose()` and spread your changes; an absent
/// (`undefined`) timer is off.
#[napi(object)]
pub struct WorkspaceConfig {
    /// What a message to a closed conversation does.
    pub closed_policy: ClosedPolicy,
    /// The business name.
    pub company_name: String,
    /// Open conversations with no message for this long become pending (undefined: never).
    pub pending_after_secs: Option<f64>,
    /// Resolved conversations archive after this long (undefined: never).
    pub archive_after_secs: Option<f64>,
    /// The workspace time zone, minutes from UTC.
    pub utc_offset_minutes: i32,
    /// The AI mode of new customer conversations.
    pub default_ai_mode: AiMode,
    /// Country calling code for national phone numbers.
    pub default_country_code: Option<u32>,
    /// The longest message body accepted, in bytes.
    pub max_message_bytes: f64,
    /// The auto-assignment chain (absent or empty: off).
    pub routing: Option<Vec<RoutingStrategy>>,
    /// Priority rules as JSON text (`{"rules": [...]}`; absent: none).
    pub priority_rules_json: Option<String>,
    /// Response-time goals behind SLA warnings (absent: none).
    pub response_goals: Option<ResponseGoals>,
    /// Notification channels per alert kind for users without their own, as
    /// JSON text (`{"assigned_to_you": ["in_app", "email"]}`; absent: the
    /// overview's settings).
    pub notification_defaults_json: Option<String>,
    /// A pending conversation with nothing exchanged this long raises
    /// "pending too long" (absent: never).
    pub pending_alert_after_secs: Option<f64>,
    /// How long a viewing or typing signal lasts, in seconds (absent: 30).
    pub presence_ttl_secs: Option<f64>,
    /// An AI reply whose confidence (percent) is below this raises "AI
    /// confidence low" (absent: 50).
    pub ai_confidence_alert_below: Option<u32>,
}

/// A view a user's screen watches, in an order (default `recent`).
#[napi(object)]
pub struct WatchedView {
    /// The view.
    pub view: View,
    /// The order positions are given in.
    pub sort: Option<Sort>,
}

/// The channels of one alert kind in a user's notification settings.
#[napi(object)]
pub struct NotificationSetting {
    /// The alert kind.
    pub kind: AlertKind,
    /// Its channels (empty: off).
    pub channels: Vec<DeliveryChannel>,
}

/// Narrows a view; every filter set must match.
#[napi(object)]
#[derive(Clone)]
pub struct ViewFilters {
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only this AI mode.
    pub ai_mode: Option<AiMode>,
    /// Only conversations with this tag.
    pub tag: Option<String>,
    /// Who answers: `'ai_handled'`, `'manual'` (paused or manual-only AI) or
    /// `'all'` (no filter).
    pub mode: Option<Mode>,
    /// Only conversations from this source campaign (case-insensitive).
    pub campaign: Option<String>,
    /// A named last-activity window.
    pub time_range: Option<TimeRangeName>,
    /// A custom window: activity at or after this time ...
    pub from: Option<DateTime<Utc>>,
    /// ... and before this one (both needed).
    pub to: Option<DateTime<Utc>>,
}

/// Order, page size and position of a list or of search results.
#[napi(object)]
#[derive(Clone)]
pub struct PageOptions {
    /// The order (default `'recent'`).
    pub sort: Option<Sort>,
    /// Rows per page, 1 to 1000 (default 50).
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// What auto-assignment decided and why.
#[napi(object)]
pub struct RoutingDecision {
    /// The conversation.
    pub conversation: f64,
    /// `'assign'`, `'queue'` or `'not_routed'`.
    #[napi(ts_type = "'assign' | 'queue' | 'not_routed'")]
    pub outcome: String,
    /// The chosen users (for `'assign'`).
    pub users: Vec<f64>,
    /// The step that chose them (for `'assign'`).
    pub strategy: Option<RoutingStrategy>,
    /// Why, for a person.
    pub reason: String,
}

/// What to save as a saved filter.
#[napi(object)]
#[derive(Clone)]
pub struct NewSavedFilter {
    /// The name shown in the list (unique among the filters its owner lists).
    pub name: String,
    /// A query in the query language (none or empty: no query).
    pub query: Option<String>,
    /// The view it narrows.
    pub view: View,
    /// The order of its list (default: most recent first).
    pub sort: Option<Sort>,
    /// The view filters on top of the query.
    pub filters: Option<ViewFilters>,
    /// Listed for the whole workspace rather than its owner alone.
    pub shared: Option<bool>,
}

/// A reply template.
#[napi(object)]
pub struct TemplateInfo {
    /// Its name.
    pub name: String,
    /// Its text.
    pub source: String,
    /// Whether it is a WhatsApp-approved template.
    pub whatsapp_approved: bool,
}

/// A template found for what the agent typed after `/`.
#[napi(object)]
pub struct TemplateMatch {
    /// The template's name.
    pub name: String,
    /// How it matched (`'exact'`, `'name_prefix'`, ...).
    pub kind: String,
}

/// A byte span `[start, end)`.
#[napi(object)]
pub struct Span {
    /// Start, included.
    pub start: u32,
    /// End, excluded.
    pub end: u32,
}

/// A variable of a template.
#[napi(object)]
pub struct VariableInfo {
    /// The key as written (`'customer_name'`, `'order_id'`, `'1'`).
    pub key: String,
    /// Where it appears (bytes).
    pub spans: Vec<Span>,
    /// Its default, if any.
    pub default: Option<String>,
    /// Whether a value is needed.
    pub required: bool,
}

/// The variables a template needs.
#[napi(object)]
pub struct TemplateVariables {
    /// Filled from the conversation.
    pub automatic: Vec<VariableInfo>,
    /// Filled in by the agent.
    pub manual: Vec<VariableInfo>,
}

/// One problem in a search query, with its spans in UTF-8 bytes and UTF-16
/// code units (JavaScript string indices) and suggested replacements.
#[napi(object)]
pub struct QueryDiagnostic {
    /// The stable code.
    pub code: String,
    /// `'error'` or `'warning'`.
    #[napi(ts_type = "'error' | 'warning'")]
    pub severity: String,
    /// A message for a person.
    pub message: String,
    /// Where, in bytes.
    pub span: Span,
    /// Where, in UTF-16 code units.
    pub utf16_span: Span,
    /// Suggested replacements of `span`, best first.
    pub replacements: Vec<String>,
}

/// The events of a command without a result.
#[napi(object)]
pub struct Applied {
    /// What happened, in order.
    pub events: Vec<FrontdeskEvent>,
}

/// A command's new id and its events.
#[napi(object)]
pub struct AppliedId {
    /// The new id.
    pub value: f64,
    /// What happened, in order.
    pub events: Vec<FrontdeskEvent>,
}

/// An error reported for one item of a batch or bulk call.
#[napi(object)]
pub struct ItemError {
    /// The stable code.
    pub code: String,
    /// The family: not_found, forbidden, invariant, invalid_input or storage.
    pub family: String,
    /// A message for a person.
    pub message: String,
}

/// The result for one message of `receiveMessages`.
#[napi(object)]
pub struct ReceiveResult {
    /// Where it landed, if delivered.
    pub delivered: Option<Delivered>,
    /// Why it was refused, if refused.
    pub error: Option<ItemError>,
}

/// What a bulk action did to one conversation.
#[napi(object)]
pub struct BulkOutcome {
    /// The conversation.
    pub conversation: f64,
    /// Its events, when applied.
    pub events: Option<Vec<FrontdeskEvent>>,
    /// Why it was left unchanged.
    pub error: Option<ItemError>,
}

/// One conversation of a bulk export: its transcript, or why it was refused.
#[napi(object)]
pub struct ExportOutcome {
    /// The conversation.
    pub conversation: f64,
    /// Its transcript, when included.
    pub transcript: Option<Transcript>,
    /// Why it was refused.
    pub error: Option<ItemError>,
}

/// The customer panel: a contact as the viewer may see it.
#[napi(object)]
pub struct CustomerPanel {
    /// The contact, as the viewer may see it.
    pub contact: Contact,
    /// How many of the contact's conversations the viewer may see.
    pub total_conversations: u32,
    /// The other conversations the viewer may see, newest first (ids).
    pub related: Vec<f64>,
    /// When the earliest conversation the viewer may see began.
    pub first_contact_at: Option<DateTime<Utc>>,
    /// The texts of the notes the viewer may see, oldest first.
    pub notes: Vec<String>,
    /// The contact's tags.
    pub tags: Vec<String>,
}

/// A bulk action and its arguments.
#[napi(object)]
pub struct BulkActionInput {
    /// The action.
    #[napi(ts_type = "BulkActionName")]
    pub action: String,
    /// For `assign`.
    pub users: Option<Vec<f64>>,
    /// For `assign`.
    pub note: Option<String>,
    /// For `assign_team`.
    pub team: Option<f64>,
    /// For `set_status`.
    pub status: Option<Status>,
    /// For `set_priority`.
    pub priority: Option<Priority>,
    /// For `set_priority`.
    pub reason: Option<String>,
}

/// An inbound customer message: give `handle` (an address on the channel) or
/// `contact` (a known contact id).
#[napi(object)]
#[derive(Clone)]
pub struct Inbound {
    /// The channel.
    pub channel: Channel,
    /// The text.
    pub body: String,
    /// The sender's address (phone number, email, handle).
    pub handle: Option<String>,
    /// A known contact.
    pub contact: Option<f64>,
    /// Attachments.
    pub attachments: Option<Vec<Attachment>>,
    /// Source campaign.
    pub campaign: Option<String>,
}

/// A new contact; at least one of name, phone, email.
#[napi(object)]
#[derive(Clone)]
pub struct NewContact {
    /// Name.
    pub name: Option<String>,
    /// Phone number (any spelling; stored as E.164).
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Segment such as "VIP".
    pub segment: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
}

/// A new user.
#[napi(object)]
#[derive(Clone)]
pub struct NewUser {
    /// Display name.
    pub name: String,
    /// Email address (unique).
    pub email: String,
    /// Admin or agent.
    pub role: Role,
    /// Initial availability (default offline).
    pub availability: Option<Availability>,
    /// Routing skills.
    pub skills: Option<Vec<String>>,
    /// Routing capacity.
    pub capacity: Option<u32>,
}

/// An invoice or checkout to send.
#[napi(object)]
#[derive(Clone)]
pub struct NewInvoice {
    /// Invoice or checkout.
    pub kind: PaymentKind,
    /// Amount in minor units (cents).
    pub amount_minor: f64,
    /// ISO 4217 code.
    pub currency: String,
    /// What it is for.
    pub description: String,
}

/// One message of a conversation.
#[napi(object)]
pub struct Message {
    /// Its id.
    pub id: f64,
    /// When.
    pub at: DateTime<Utc>,
    /// The channel it travelled on.
    pub channel: Channel,
    /// Who wrote it: a user id, or 'contact', 'ai', 'auto_responder', 'system'.
    #[napi(ts_type = "number | 'contact' | 'ai' | 'auto_responder' | 'system'")]
    pub author: Either<f64, String>,
    /// Text, note, invoice or checkout.
    #[napi(ts_type = "'text' | 'note' | 'invoice' | 'checkout'")]
    pub kind: String,
    /// The invoice or checkout it carries.
    pub invoice: Option<f64>,
    /// The text.
    pub body: String,
    /// Attachments.
    pub attachments: Vec<Attachment>,
    /// The AI's confidence in this reply, in percent (AI replies only).
    pub ai_confidence: Option<u32>,
    /// Why the AI responded that way (AI replies only).
    pub ai_reasoning: Option<String>,
    /// The customer intent the AI detected (AI replies only).
    pub ai_intent: Option<String>,
}

/// What the host's AI says about its reply: each field optional.
#[napi(object)]
pub struct AiReplySignals {
    /// Confidence in percent, 0 to 100.
    pub confidence: Option<f64>,
    /// Why the AI responded that way.
    pub reasoning: Option<String>,
    /// The customer intent the AI detected.
    pub intent: Option<String>,
}

/// A conversation as the viewer may see it.
#[napi(object)]
pub struct Conversation {
    /// Its id.
    pub id: f64,
    /// Customer conversation or internal chat.
    #[napi(ts_type = "'customer' | 'internal'")]
    pub kind: String,
    /// The contact (customer conversations).
    pub contact: Option<f64>,
    /// The users of an internal chat.
    pub participants: Vec<f64>,
    /// How it started.
    #[napi(ts_type = "'inbound' | 'outbound' | 'continued' | 'internal'")]
    pub origin: String,
    /// The closed conversation it continues.
    pub continued_from: Option<f64>,
    /// Lifecycle status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Whether a person pinned the priority.
    pub priority_pinned: bool,
    /// Why the priority was pinned.
    pub priority_reason: Option<String>,
    /// The channel of the latest message.
    pub channel: Channel,
    /// Assigned users, ascending.
    pub assignees: Vec<f64>,
    /// The team it is routed to.
    pub team: Option<f64>,
    /// 'everyone' or the listed user ids.
    pub visibility: Visibility,
    /// Who answers the customer.
    pub ai_mode: AiMode,
    /// Tags.
    pub tags: Vec<String>,
    /// Source campaign.
    pub campaign: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When anything last happened in it.
    pub updated_at: DateTime<Utc>,
    /// When it was last closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Customer messages nobody answered yet.
    pub unreplied: u32,
    /// Customer messages answered only by the AI.
    pub answered_by_ai: u32,
    /// When the oldest unreplied message arrived.
    pub waiting_since: Option<DateTime<Utc>>,
    /// Messages, oldest first.
    pub messages: Vec<Message>,
    /// Invoices and checkouts.
    pub invoices: Vec<Invoice>,
    /// The conversation summary the host's AI wrote.
    pub summary: Option<String>,
    /// The customer's satisfaction rating, 1 to 5.
    pub satisfaction: Option<u32>,
    /// The customer's comment with their rating.
    pub satisfaction_comment: Option<String>,
}

/// One entry of a transcript.
#[napi(object)]
#[derive(Clone)]
pub struct TranscriptEntry {
    /// The message.
    pub message: f64,
    /// When.
    pub at: DateTime<Utc>,
    /// Channel.
    pub channel: Channel,
    /// Who wrote it, as a person reads it.
    pub from: String,
    /// 'message', 'note', 'invoice' or 'checkout'.
    pub kind: String,
    /// The text.
    pub body: String,
    /// Attachment names.
    pub attachments: Vec<String>,
    /// The AI's confidence in percent (AI replies, team transcripts only).
    pub ai_confidence: Option<u32>,
    /// Why the AI responded that way (team transcripts only).
    pub ai_reasoning: Option<String>,
    /// The intent the AI detected (team transcripts only).
    pub ai_intent: Option<String>,
}

// ----- conversions in ----------------------------------------------------------------

/// A whole number for the core to range-check: anything that is not a whole
/// number from 0 to 2^32 - 1 becomes `u32::MAX`, which every range the core
/// checks (percentages, ratings) refuses with its own error code.
fn whole(v: f64) -> u32 {
    if v.is_finite() && v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
        v as u32
    } else {
        u32::MAX
    }
}

fn id(v: f64, what: &str) -> JsResult<u64> {
    if !v.is_finite() || v.fract() != 0.0 || !(0.0..=MAX_ID).contains(&v) {
        return Err(bad_argument(what, format!("must be an integer id from 0 to 2^53 - 1, got {v}")));
    }
    Ok(v as u64)
}

fn ids(v: &[f64], what: &str) -> JsResult<Vec<u64>> {
    v.iter().map(|x| id(*x, what)).collect()
}

fn users(v: &[f64], what: &str) -> JsResult<Vec<core::UserId>> {
    Ok(ids(v, what)?.into_iter().map(core::UserId).collect())
}

fn actor(a: &Either<f64, String>) -> JsResult<core::Actor> {
    match a {
        Either::A(n) => Ok(core::Actor::User(core::UserId(id(*n, "actor")?))),
        Either::B(s) if s == "system" => Ok(core::Actor::System),
        Either::B(s) => Err(bad_argument("actor", format!("must be 'system' or a user id, got {s:?}"))),
    }
}

fn time(d: &JsDate<'_>) -> JsResult<DateTime<Utc>> {
    let ms = d.value_of().map_err(|e| bad_argument("now", e.to_string()))?;
    if !ms.is_finite() {
        return Err(bad_argument("now", "is an invalid Date"));
    }
    DateTime::from_timestamp_millis(ms as i64).ok_or_else(|| bad_argument("now", "is out of range"))
}

fn choice<T: FromStr<Err = core::Error>>(s: &str) -> JsResult<T> {
    check(T::from_str(s))
}

fn one_of<T: Copy>(field: &str, s: &str, options: &[(&str, T)]) -> JsResult<T> {
    options.iter().find(|(n, _)| *n == s).map(|(_, v)| *v).ok_or_else(|| {
        errors::js(&core::Error::InvalidValue {
            field: field.into(),
            input: s.into(),
            allowed: options.iter().map(|(n, _)| n.to_string()).collect(),
        })
    })
}

fn visibility(v: &Either<String, Vec<f64>>) -> JsResult<core::Visibility> {
    match v {
        Either::A(s) if s == "everyone" => Ok(core::Visibility::Everyone),
        Either::A(s) => {
            Err(bad_argument("visibility", format!("must be 'everyone' or a list of user ids, got {s:?}")))
        }
        Either::B(list) => Ok(core::Visibility::Users(users(list, "visibility")?)),
    }
}

fn attachments(a: Option<Vec<Attachment>>) -> JsResult<Vec<core::Attachment>> {
    a.unwrap_or_default()
        .into_iter()
        .map(|a| {
            Ok(core::Attachment {
                size: id(a.size, "attachment size")?,
                name: a.name,
                mime: a.mime,
                reference: a.reference,
            })
        })
        .collect()
}

fn inbound(m: Inbound) -> JsResult<core::Inbound> {
    let from = match (m.handle, m.contact) {
        (Some(handle), None) => core::Sender::Address { handle },
        (None, Some(c)) => core::Sender::Contact { contact: core::ContactId(id(c, "contact")?) },
        _ => return Err(bad_argument("from", "give exactly one of handle or contact")),
    };
    Ok(core::Inbound {
        from,
        channel: choice(&m.channel)?,
        body: m.body,
        attachments: attachments(m.attachments)?,
        campaign: m.campaign,
    })
}

fn secs(v: Option<f64>, what: &str) -> JsResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(s) if s.is_finite() && s.fract() == 0.0 && s.abs() <= MAX_ID => Ok(Some(s as i64)),
        Some(s) => Err(bad_argument(what, format!("must be a whole number of seconds, got {s}"))),
    }
}

fn config_in(c: WorkspaceConfig) -> JsResult<core::WorkspaceConfig> {
    Ok(core::WorkspaceConfig {
        company_name: c.company_name,
        closed_policy: choice(&c.closed_policy)?,
        pending_after_secs: secs(c.pending_after_secs, "pendingAfterSecs")?,
        archive_after_secs: secs(c.archive_after_secs, "archiveAfterSecs")?,
        utc_offset_minutes: c.utc_offset_minutes,
        default_ai_mode: choice(&c.default_ai_mode)?,
        default_country_code: match c.default_country_code {
            None => None,
            Some(n) => Some(
                u16::try_from(n).map_err(|_| bad_argument("defaultCountryCode", "must be below 65536"))?,
            ),
        },
        max_message_bytes: id(c.max_message_bytes, "maxMessageBytes")? as usize,
        routing: chain_in(c.routing.as_deref().unwrap_or_default())?,
        priority_rules: c.priority_rules_json.as_deref().map(rules_in).transpose()?.unwrap_or_default(),
        response_goals: c.response_goals.map(goals_in).transpose()?,
        notification_defaults: match c.notification_defaults_json.as_deref() {
            None => core::NotificationPreferences::overview_defaults(),
            Some(j) => serde_json::from_str(j)
                .map_err(|e| bad_argument("notificationDefaultsJson", e.to_string()))?,
        },
        pending_alert_after_secs: secs(c.pending_alert_after_secs, "pendingAlertAfterSecs")?,
        presence_ttl_secs: secs(c.presence_ttl_secs, "presenceTtlSecs")?.unwrap_or(30),
        ai_confidence_alert_below: c
            .ai_confidence_alert_below
            .unwrap_or(core::DEFAULT_AI_CONFIDENCE_ALERT_BELOW),
    })
}

fn config_out(c: &core::WorkspaceConfig) -> WorkspaceConfig {
    WorkspaceConfig {
        closed_policy: c.closed_policy.as_str().to_string(),
        company_name: c.company_name.clone(),
        pending_after_secs: c.pending_after_secs.map(|s| s as f64),
        archive_after_secs: c.archive_after_secs.map(|s| s as f64),
        utc_offset_minutes: c.utc_offset_minutes,
        default_ai_mode: c.default_ai_mode.as_str().to_string(),
        default_country_code: c.default_country_code.map(u32::from),
        max_message_bytes: c.max_message_bytes as f64,
        routing: Some(c.routing.iter().map(|r| r.as_str().to_string()).collect()),
        priority_rules_json: if c.priority_rules.rules.is_empty() {
            None
        } else {
            serde_json::to_string(&c.priority_rules).ok()
        },
        response_goals: c.response_goals.as_ref().and_then(|g| g.out().ok()),
        notification_defaults_json: serde_json::to_string(&c.notification_defaults).ok(),
        pending_alert_after_secs: c.pending_alert_after_secs.map(|s| s as f64),
        presence_ttl_secs: Some(c.presence_ttl_secs as f64),
        ai_confidence_alert_below: Some(c.ai_confidence_alert_below),
    }
}

// ----- views, search, routing, priority and templates: conversions -----------------

/// The serde name of an enum value (the names the bindings use), from its JSON.
fn serde_name(v: serde_json::Result<serde_json::Value>) -> String {
    v.ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// The view filters as JavaScript takes them (a named time range, or `from` and `to`).
impl Out<ViewFilters> for core::Filters {
    fn out(self) -> JsResult<ViewFilters> {
        let x = self;
        let (time_range, from, to) = match &x.time {
            None => (None, None, None),
            Some(core::TimeRange::Between { from, to }) => (None, Some(*from), Some(*to)),
            Some(r) => (r.name().map(str::to_string), None, None),
        };
        Ok(ViewFilters {
            channel: x.channel.map(|v| v.as_str().into()),
            status: x.status.map(|v| v.as_str().into()),
            priority: x.priority.map(|v| v.as_str().into()),
            ai_mode: x.ai_mode.map(|v| v.as_str().into()),
            tag: x.tag.clone(),
            mode: x.mode.map(|m| serde_name(serde_json::to_value(m))),
            campaign: x.campaign.clone(),
            time_range,
            from,
            to,
        })
    }
}

fn view_query(
    view: &str,
    filters: Option<ViewFilters>,
    page: Option<PageOptions>,
) -> JsResult<core::ViewQuery> {
    let mut q = core::ViewQuery::new(choice(view)?);
    if let Some(p) = page {
        if let Some(s) = p.sort {
            q = q.sort(choice(&s)?);
        }
        if let Some(l) = p.limit {
            q = q.limit(l);
        }
        if let Some(a) = p.after {
            q = q.after(core::Cursor::from_token(a));
        }
    }
    if let Some(f) = filters {
        let time = match (f.time_range.as_deref(), f.from, f.to) {
            (None, None, None) => None,
            (None, Some(from), Some(to)) => Some(core::TimeRange::Between { from, to }),
            (Some(name), None, None) => Some(check(core::TimeRange::named("timeRange", name))?),
            _ => return Err(bad_argument("filters", "give timeRange, or both from and to")),
        };
        q.filters = core::Filters {
            channel: f.channel.as_deref().map(choice).transpose()?,
            status: f.status.as_deref().map(choice).transpose()?,
            priority: f.priority.as_deref().map(choice).transpose()?,
            ai_mode: f.ai_mode.as_deref().map(choice).transpose()?,
            tag: f.tag,
            time,
            mode: match f.mode.as_deref() {
                Some(m) => check(core::Mode::parse_filter(m))?,
                None => None,
            },
            campaign: f.campaign,
        };
    }
    Ok(q)
}

fn search_options(page: Option<PageOptions>) -> JsResult<core::SearchOptions> {
    let mut o = core::SearchOptions::new();
    if let Some(p) = page {
        if let Some(s) = p.sort {
            o = o.sort(choice(&s)?);
        }
        if let Some(l) = p.limit {
            o = o.limit(l);
        }
        if let Some(a) = p.after {
            o = o.after(core::Cursor::from_token(a));
        }
    }
    Ok(o)
}

fn chain_in(chain: &[String]) -> JsResult<Vec<core::RoutingStrategy>> {
    chain.iter().map(|s| choice(s)).collect()
}

fn secs_in(v: f64, what: &str) -> JsResult<i64> {
    if !v.is_finite() || v.fract() != 0.0 || v.abs() > MAX_ID {
        return Err(bad_argument(what, "must be a whole number of seconds"));
    }
    Ok(v as i64)
}

fn goals_in(g: ResponseGoals) -> JsResult<core::prioritize::ResponseGoals> {
    Ok(core::prioritize::ResponseGoals {
        urgent_secs: secs_in(g.urgent_secs, "urgentSecs")?,
        high_secs: secs_in(g.high_secs, "highSecs")?,
        normal_secs: secs_in(g.normal_secs, "normalSecs")?,
        low_secs: secs_in(g.low_secs, "lowSecs")?,
    })
}

/// Priority rules cross as JSON text (`{"rules": [...]}`): a deep, tagged
/// configuration that hosts usually store as JSON anyway.
fn rules_in(json: &str) -> JsResult<core::prioritize::PriorityRules> {
    serde_json::from_str(json).map_err(|e| bad_argument("priority rules", e.to_string()))
}

fn decision_out(d: &core::RoutingDecision) -> RoutingDecision {
    let (outcome, users, strategy) = match &d.outcome {
        core::RoutingOutcome::Assign { users, strategy } => {
            ("assign", users.iter().map(|u| u.0 as f64).collect(), Some(strategy.as_str().to_string()))
        }
        core::RoutingOutcome::Queue => ("queue", Vec::new(), None),
        core::RoutingOutcome::NotRouted => ("not_routed", Vec::new(), None),
    };
    RoutingDecision {
        conversation: d.conversation.0 as f64,
        outcome: outcome.into(),
        users,
        strategy,
        reason: d.reason.clone(),
    }
}

fn span_out(start: usize, end: usize) -> Span {
    Span { start: u32::try_from(start).unwrap_or(u32::MAX), end: u32::try_from(end).unwrap_or(u32::MAX) }
}

fn template_out(t: &core::template::Template) -> TemplateInfo {
    TemplateInfo {
        name: t.name().to_string(),
        source: t.body().source().to_string(),
        whatsapp_approved: t.body().is_whatsapp_approved(),
    }
}

fn variables_out(v: &core::template::TemplateVariables) -> TemplateVariables {
    let list = |items: &[core::template::VariableInfo]| {
        items
            .iter()
            .map(|i| VariableInfo {
                key: i.variable.key(),
                spans: i.spans.iter().map(|s| span_out(s.start, s.end)).collect(),
                default: i.default.clone(),
                required: i.required,
            })
            .collect()
    };
    TemplateVariables { automatic: list(&v.automatic), manual: list(&v.manual) }
}

fn diagnostic_out(d: &core::query::Diagnostic) -> QueryDiagnostic {
    QueryDiagnostic {
        code: d.code.as_str().into(),
        severity: d.severity.as_str().into(),
        message: d.message.clone(),
        span: span_out(d.span.start, d.span.end),
        utf16_span: span_out(d.utf16_span.start, d.utf16_span.end),
        replacements: d.fixes.iter().map(|f| f.replacement.clone()).collect(),
    }
}

fn parse_query(text: &str) -> JsResult<core::query::Query> {
    check(
        core::query::parse(text, &core::query::ParseOptions::default())
            .map_err(|e| core::Error::QuerySyntax { diagnostics: e.diagnostics }),
    )
}

/// Every diagnostic (errors and warnings) of a search query with both spans,
/// for editors, without throwing (a `query_syntax` error carries them too).
#[napi(catch_unwind)]
pub fn query_diagnostics(query: String) -> Vec<QueryDiagnostic> {
    core::query::parse_lenient(&query, &core::query::ParseOptions::default())
        .diagnostics
        .iter()
        .map(diagnostic_out)
        .collect()
}

// ----- conversions out ----------------------------------------------------------------

fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for ch in key.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn camel_keys(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => {
            serde_json::Value::Object(map.into_iter().map(|(k, v)| (camel(&k), camel_keys(v))).collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(camel_keys).collect())
        }
        other => other,
    }
}

/// Events as plain objects with a `type` field and camelCase keys.
fn events(events: &[core::Event]) -> Vec<serde_json::Value> {
    events.iter().map(|e| camel_keys(serde_json::to_value(e).unwrap_or(serde_json::Value::Null))).collect()
}

fn visibility_out(v: &core::Visibility) -> Either<String, Vec<f64>> {
    match v {
        core::Visibility::Everyone => Either::A("everyone".into()),
        core::Visibility::Users(u) => Either::B(u.iter().map(|u| u.0 as f64).collect()),
    }
}

fn conversation_out(c: &core::Conversation) -> Conversation {
    let (kind, participants) = match &c.kind {
        core::ConversationKind::Customer { .. } => ("customer", vec![]),
        core::ConversationKind::Internal { participants } => {
            ("internal", participants.iter().map(|u| u.0 as f64).collect())
        }
    };
    Conversation {
        id: c.id.0 as f64,
        kind: kind.into(),
        contact: c.contact().map(|x| x.0 as f64),
        participants,
        origin: c.origin.as_str().into(),
        continued_from: c.continued_from.map(|x| x.0 as f64),
        status: c.status.as_str().into(),
        priority: c.priority.as_str().into(),
        priority_pinned: c.priority_pin.is_some(),
        priority_reason: c.priority_pin.as_ref().and_then(|p| p.reason.clone()),
        channel: c.channel.as_str().into(),
        assignees: c.assignees.iter().map(|u| u.0 as f64).collect(),
        team: c.team.map(|t| t.0 as f64),
        visibility: visibility_out(&c.visibility),
        ai_mode: c.ai_mode.as_str().into(),
        tags: c.tags.clone(),
        campaign: c.campaign.clone(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        closed_at: c.closed_at,
        unreplied: c.reply.unreplied,
        answered_by_ai: c.reply.answered_by_ai,
        waiting_since: c.reply.waiting_since,
        messages: c
            .messages
            .iter()
            .map(|m| {
                let invoice = match m.kind {
                    core::MessageKind::Invoice(i) | core::MessageKind::Checkout(i) => Some(i.0 as f64),
                    core::MessageKind::Text | core::MessageKind::Note => None,
                };
                Message {
                    id: m.id.0 as f64,
                    at: m.at,
                    channel: m.channel.as_str().into(),
                    // A user by id; any other author by the core's name of its kind.
                    author: match m.author {
                        core::Author::User(u) => Either::A(u.0 as f64),
                        other => Either::B(other.kind().into()),
                    },
                    kind: m.kind.kind().into(),
                    invoice,
                    body: m.body.to_string(),
                    attachments: m.attachments.iter().filter_map(|a| a.out().ok()).collect(),
                    ai_confidence: m.ai_confidence(),
                    ai_reasoning: m.ai.as_ref().and_then(|x| x.reasoning.clone()),
                    ai_intent: m.ai.as_ref().and_then(|x| x.intent.clone()),
                }
            })
            .collect(),
        // Converting plain fields cannot fail.
        invoices: c.invoices.iter().filter_map(|i| i.out().ok()).collect(),
        summary: c.summary.clone(),
        satisfaction: c.satisfaction.as_ref().map(|x| x.rating),
        satisfaction_comment: c.satisfaction.as_ref().and_then(|x| x.comment.clone()),
    }
}

impl Out<TranscriptEntry> for core::TranscriptEntry {
    fn out(self) -> JsResult<TranscriptEntry> {
        let e = self;
        Ok(TranscriptEntry {
            message: e.message.0 as f64,
            at: e.at,
            channel: e.channel.as_str().into(),
            from: e.from.clone(),
            kind: e.kind.clone(),
            body: e.body.clone(),
            attachments: e.attachments.clone(),
            ai_confidence: e.ai.as_ref().and_then(|x| x.confidence),
            ai_reasoning: e.ai.as_ref().and_then(|x| x.reasoning.clone()),
            ai_intent: e.ai.as_ref().and_then(|x| x.intent.clone()),
        })
    }
}

impl Out<CustomerPanel> for core::CustomerPanel {
    fn out(self) -> JsResult<CustomerPanel> {
        let p = self;
        Ok(CustomerPanel {
            contact: p.contact.out()?,
            total_conversations: p.total_conversations,
            related: p.related.iter().map(|r| r.conversation.0 as f64).collect(),
            first_contact_at: p.first_contact_at,
            notes: p.notes.iter().map(|n| n.text.clone()).collect(),
            tags: p.tags.clone(),
        })
    }
}

// ----- one conversion per type, used by the operation tables below ---------------------

/// A JavaScript argument the core takes as `T`; `what` names it in errors.
/// Which impl applies follows from the core method's parameter type, so an
/// operation's table line only names the JavaScript types.
trait In<'a, T> {
    fn conv(&'a self, what: &str) -> JsResult<T>;
}

/// A core result as the JavaScript value of type `J`.
trait Out<J> {
    fn out(self) -> JsResult<J>;
}

impl<'a> In<'a, &'a str> for String {
    fn conv(&'a self, _: &str) -> JsResult<&'a str> {
        Ok(self)
    }
}

/// Values that cross unchanged.
macro_rules! same {
    ($($t:ty),*) => {$(
        impl In<'_, $t> for $t {
            fn conv(&self, _: &str) -> JsResult<$t> {
                Ok(self.clone())
            }
        }
        impl Out<$t> for $t {
            fn out(self) -> JsResult<$t> {
                Ok(self)
            }
        }
    )*};
}
same!(bool, u32, i32, f64, String, (), DateTime<Utc>, ViewFilters, PageOptions);

impl Out<u32> for u16 {
    fn out(self) -> JsResult<u32> {
        Ok(u32::from(self))
    }
}

impl Out<f64> for i64 {
    fn out(self) -> JsResult<f64> {
        Ok(self as f64)
    }
}

impl Out<String> for Box<str> {
    fn out(self) -> JsResult<String> {
        Ok(self.into())
    }
}

impl Out<String> for core::Cursor {
    fn out(self) -> JsResult<String> {
        Ok(self.as_str().to_string())
    }
}

impl Out<String> for core::AlertKind {
    fn out(self) -> JsResult<String> {
        Ok(self.as_str().to_string())
    }
}

impl Out<String> for core::DeliveryChannel {
    fn out(self) -> JsResult<String> {
        Ok(self.as_str().to_string())
    }
}

// The records that mirror a core record field for field, generated by build.rs.
include!(concat!(env!("OUT_DIR"), "/records.rs"));

impl<'a, T, J: In<'a, T>> In<'a, Option<T>> for Option<J> {
    fn conv(&'a self, what: &str) -> JsResult<Option<T>> {
        self.as_ref().map(|j| j.conv(what)).transpose()
    }
}

impl<'a, T, J: In<'a, T>> In<'a, Vec<T>> for Vec<J> {
    fn conv(&'a self, what: &str) -> JsResult<Vec<T>> {
        self.iter().map(|j| j.conv(what)).collect()
    }
}

impl In<'_, core::Actor> for Actor {
    fn conv(&self, _: &str) -> JsResult<core::Actor> {
        actor(self)
    }
}

impl In<'_, DateTime<Utc>> for JsDate<'_> {
    fn conv(&self, _: &str) -> JsResult<DateTime<Utc>> {
        time(self)
    }
}

impl In<'_, core::Visibility> for Visibility {
    fn conv(&self, _: &str) -> JsResult<core::Visibility> {
        visibility(self)
    }
}

impl In<'_, f32> for f64 {
    fn conv(&self, _: &str) -> JsResult<f32> {
        Ok(*self as f32)
    }
}

impl<J, X: Out<J>> Out<J> for core::Result<X> {
    fn out(self) -> JsResult<J> {
        check(self)?.out()
    }
}

impl<J, X: Out<J>> Out<Option<J>> for Option<X> {
    fn out(self) -> JsResult<Option<J>> {
        self.map(X::out).transpose()
    }
}

impl<J, X: Out<J>> Out<Vec<J>> for Vec<X> {
    fn out(self) -> JsResult<Vec<J>> {
        self.into_iter().map(X::out).collect()
    }
}

impl<'a, J, X> Out<Vec<J>> for &'a [X]
where
    &'a X: Out<J>,
{
    fn out(self) -> JsResult<Vec<J>> {
        self.iter().map(<&X>::out).collect()
    }
}

impl Out<f64> for usize {
    fn out(self) -> JsResult<f64> {
        Ok(self as f64)
    }
}

impl Out<f64> for u64 {
    fn out(self) -> JsResult<f64> {
        Ok(self as f64)
    }
}

impl Out<u32> for usize {
    fn out(self) -> JsResult<u32> {
        Ok(u32::try_from(self).unwrap_or(u32::MAX))
    }
}

/// Ids cross as numbers (exact up to 2^53 - 1, checked on the way in).
macro_rules! ids {
    ($($t:ident),*) => {$(
        impl In<'_, core::$t> for f64 {
            fn conv(&self, what: &str) -> JsResult<core::$t> {
                id(*self, what).map(core::$t)
            }
        }
        impl Out<f64> for core::$t {
            fn out(self) -> JsResult<f64> {
                Ok(self.0 as f64)
            }
        }
        impl Out<AppliedId> for core::Applied<core::$t> {
            fn out(self) -> JsResult<AppliedId> {
                Ok(AppliedId { events: events(&self.events), value: self.value.0 as f64 })
            }
        }
    )*};
}
ids!(UserId, TeamId, ContactId, ConversationId, MessageId, InvoiceId, SavedFilterId);

/// Plain enums cross as their stable names; each name below is also the
/// TypeScript type of the same name in `types-header.d.ts` (napi-rs writes a
/// Rust alias's name into `index.d.ts` as is). Parsing is the core's
/// `FromStr`, so an unknown name throws `invalid_value` listing the allowed ones.
macro_rules! names {
    ($($js:ident => $core:ty),* $(,)?) => {$(
        #[doc = concat!("A `", stringify!($js), "` name (see `types-header.d.ts`).")]
        pub type $js = String;
        impl In<'_, $core> for String {
            fn conv(&self, _: &str) -> JsResult<$core> {
                choice(self)
            }
        }
        impl Out<String> for $core {
            fn out(self) -> JsResult<String> {
                Ok(self.as_str().to_string())
            }
        }
    )*
        /// The stable names of every plain enum, by TypeScript type name (for
        /// pickers; a test checks each type in index.d.ts lists them all).
        #[napi(catch_unwind)]
        pub fn enum_names() -> std::collections::HashMap<String, Vec<String>> {
            let all = |names: Vec<&str>| names.into_iter().map(String::from).collect::<Vec<_>>();
            let mut map = std::collections::HashMap::new();
            $(map.insert(stringify!($js).to_string(), all(<$core>::ALL.iter().map(|v| v.as_str()).collect()));)*
            map.insert("AlertKind".into(), all(core::AlertKind::ALL.iter().map(|v| v.as_str()).collect()));
            map.insert("DeliveryChannel".into(), all(core::DeliveryChannel::ALL.iter().map(|v| v.as_str()).collect()));
            map.insert("Mode".into(), all(core::Mode::ALL.iter().map(|v| v.as_str()).collect()));
            map.insert("TimeRangeName".into(), all(core::TimeRange::NAMED.iter().map(|(n, _)| *n).collect()));
            map.insert("BulkActionName".into(), all(core::BulkAction::NAMES.to_vec()));
            map
        }
    };
}
names!(
    Channel => core::Channel,
    Status => core::Status,
    Priority => core::Priority,
    AiMode => core::AiMode,
    Role => core::Role,
    Availability => core::Availability,
    Audience => core::Audience,
    RoutingStrategy => core::RoutingStrategy,
    View => core::View,
    Sort => core::Sort,
    ClosedPolicy => core::ClosedPolicy,
    PaymentKind => core::PaymentKind,
    PaymentState => core::PaymentState,
);

/// Who acts: `'system'` or a user id (the TypeScript type `Actor`).
pub type Actor = Either<f64, String>;
/// `'everyone'` or user ids (the TypeScript type `Visibility`).
pub type Visibility = Either<String, Vec<f64>>;
/// An alert kind name (the TypeScript type `AlertKind`).
pub type AlertKind = String;
/// A delivery channel name (the TypeScript type `DeliveryChannel`).
pub type DeliveryChannel = String;
/// A quick "Mode" filter name (the TypeScript type `Mode`).
pub type Mode = String;
/// A named time range (the TypeScript type `TimeRangeName`).
pub type TimeRangeName = String;
/// A domain event as the core's JSON (the TypeScript type `FrontdeskEvent`,
/// generated by build.rs below).
pub type FrontdeskEvent = serde_json::Value;

// The TypeScript union of every event, generated from the core's `Event`.
include!(concat!(env!("OUT_DIR"), "/events.rs"));

/// Links the record conversions below to `Out`, one line per record.
macro_rules! records {
    ($($core:ty => $js:ident: $f:ident),* $(,)?) => {$(
        impl Out<$js> for &$core {
            fn out(self) -> JsResult<$js> {
                Ok($f(self))
            }
        }
        impl Out<$js> for $core {
            fn out(self) -> JsResult<$js> {
                Ok($f(&self))
            }
        }
    )*};
}

impl Out<Applied> for core::Applied<()> {
    fn out(self) -> JsResult<Applied> {
        Ok(Applied { events: events(&self.events) })
    }
}

/// The results pairing a command's value with its events, one line each:
/// `"doc" Name("value doc" JavaScriptType) <- CoreType;`.
macro_rules! applied {
    ($($doc:literal $name:ident($vdoc:literal $js:ty) <- $core:ty;)*) => {$(
        #[doc = $doc]
        #[napi(object)]
        pub struct $name {
            #[doc = $vdoc]
            pub value: $js,
            #[doc = "What happened, in order."]
            pub events: Vec<FrontdeskEvent>,
        }
        impl Out<$name> for core::Applied<$core> {
            fn out(self) -> JsResult<$name> {
                Ok($name { value: self.value.out()?, events: events(&self.events) })
            }
        }
    )*};
}
applied! {
    "The member a team routing chose (none: nobody available) and the events."
    AppliedChoice("The chosen user." Option<f64>) <- Option<core::UserId>;
    "Where a message landed and the events."
    AppliedDelivered("Where the message landed." Delivered) <- core::Delivered;
    "A routing decision and the events of `autoAssign`."
    AppliedRouting("The decision." RoutingDecision) <- core::RoutingDecision;
    "A priority decision and the events of `recordAiSignals`."
    AppliedPriority("The decision." PriorityDecision) <- core::prioritize::PriorityDecision;
}

/// The operations that take `(actor, now, ...)` and call the core method of
/// the same name with the same arguments in the same order: one line each
/// (or ending with `= |ws, actor, now| call` when the core call differs),
/// after its doc lines (string literals: napi-rs copies those into index.d.ts,
/// and would print the raw strings `///` becomes inside a macro as `r"...`).
/// The JavaScript types are written once here; the core types are inferred.
macro_rules! commands {
    ($($($doc:literal)* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $(= |$ws:ident, $a:ident, $t:ident| $call:expr)?;)*) => {
        #[napi]
        impl Workspace {$(
            $(#[doc = $doc])*
            #[napi(catch_unwind)]
            #[allow(clippy::too_many_arguments)]
            pub fn $name(&self, actor: Actor, now: JsDate<'_>, $($arg: $ty),*) -> Result<$ret, String> {
                let (a, t) = (actor.conv("actor")?, now.conv("now")?);
                $(let $arg = $arg.conv(stringify!($arg))?;)*
                self.command(command_call!($name(a, t, $($arg),*) $(= |$ws, $a, $t| $call)?))?.out()
            }
        )*}
    };
}

/// The core call of a `commands!` line.
macro_rules! command_call {
    ($name:ident($a:ident, $t:ident, $($arg:ident),*)) => {
        |ws: &mut core::Workspace| ws.$name($a, $t, $($arg),*)
    };
    ($name:ident($a0:ident, $t0:ident, $($arg:ident),*) = |$ws:ident, $a:ident, $t:ident| $call:expr) => {
        |$ws: &mut core::Workspace| {
            let ($a, $t) = ($a0, $t0);
            $call
        }
    };
}

/// The reads that call the core method of the same name with the same
/// arguments in the same order: one line each.
/// A line may end with `= |ws| call` when the core method differs in name or
/// argument order.
macro_rules! reads {
    ($($($doc:literal)* $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $(= |$ws:ident| $call:expr)?;)*) => {
        #[napi]
        impl Workspace {$(
            $(#[doc = $doc])*
            #[napi(catch_unwind)]
            pub fn $name(&self, $($arg: $ty),*) -> Result<$ret, String> {
                $(let $arg = $arg.conv(stringify!($arg))?;)*
                self.read(read_call!($name($($arg),*) $(= |$ws| $call)?))?
            }
        )*}
    };
}

/// The core call of a `reads!` line.
macro_rules! read_call {
    ($name:ident($($arg:ident),*)) => {
        |ws: &core::Workspace| ws.$name($($arg),*).out()
    };
    ($name:ident($($arg:ident),*) = |$ws:ident| $call:expr) => {
        |$ws: &core::Workspace| $call.out()
    };
}
impl In<'_, Vec<core::Attachment>> for Option<Vec<Attachment>> {
    fn conv(&self, _: &str) -> JsResult<Vec<core::Attachment>> {
        attachments(self.clone())
    }
}

impl In<'_, core::AlertKind> for String {
    fn conv(&self, what: &str) -> JsResult<core::AlertKind> {
        core::AlertKind::parse(self).ok_or_else(|| bad_argument(what, format!("unknown alert kind {self:?}")))
    }
}

impl In<'_, core::DeliveryChannel> for String {
    fn conv(&self, what: &str) -> JsResult<core::DeliveryChannel> {
        core::DeliveryChannel::parse(self)
            .ok_or_else(|| bad_argument(what, format!("unknown channel {self:?}")))
    }
}

impl In<'_, std::collections::BTreeMap<String, String>>
    for Option<std::collections::HashMap<String, String>>
{
    fn conv(&self, _: &str) -> JsResult<std::collections::BTreeMap<String, String>> {
        Ok(self.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

impl In<'_, core::BulkAction> for BulkActionInput {
    fn conv(&self, _: &str) -> JsResult<core::BulkAction> {
        let need = |v: &Option<String>, what: &str| {
            v.clone().ok_or_else(|| bad_argument(what, "is required for this bulk action"))
        };
        Ok(match self.action.as_str() {
            "assign" => core::BulkAction::Assign {
                users: users(self.users.as_deref().unwrap_or_default(), "users")?,
                note: self.note.clone(),
            },
            "assign_team" => core::BulkAction::AssignTeam {
                team: core::TeamId(id(
                    self.team.ok_or_else(|| bad_argument("team", "is required"))?,
                    "team",
                )?),
            },
            "set_status" => core::BulkAction::SetStatus { status: choice(&need(&self.status, "status")?)? },
            "set_priority" => core::BulkAction::SetPriority {
                priority: choice(&need(&self.priority, "priority")?)?,
                reason: self.reason.clone(),
            },
            "auto_assign" => core::BulkAction::AutoAssign,
            "archive" => core::BulkAction::Archive,
            "delete" => core::BulkAction::Delete,
            other => {
                return Err(errors::js(&core::Error::InvalidValue {
                    field: "action".into(),
                    input: other.into(),
                    allowed: core::BulkAction::NAMES.map(String::from).to_vec(),
                }))
            }
        })
    }
}

impl Out<BulkOutcome> for core::BulkOutcome {
    fn out(self) -> JsResult<BulkOutcome> {
        Ok(BulkOutcome {
            conversation: self.conversation.0 as f64,
            events: self.result.as_ref().ok().map(|ev| events(ev)),
            error: self.result.as_ref().err().map(errors::item),
        })
    }
}

impl In<'_, core::AiReplySignals> for Option<AiReplySignals> {
    fn conv(&self, _: &str) -> JsResult<core::AiReplySignals> {
        Ok(self.as_ref().map_or_else(core::AiReplySignals::default, |s| core::AiReplySignals {
            confidence: s.confidence.map(whole),
            reasoning: s.reasoning.clone(),
            intent: s.intent.clone(),
        }))
    }
}

impl Out<TemplateMatch> for core::template::TemplateMatch {
    fn out(self) -> JsResult<TemplateMatch> {
        Ok(TemplateMatch { name: self.name, kind: serde_name(serde_json::to_value(self.kind)) })
    }
}

impl Out<ExportOutcome> for core::ExportOutcome {
    fn out(self) -> JsResult<ExportOutcome> {
        Ok(ExportOutcome {
            conversation: self.conversation.0 as f64,
            transcript: self.result.as_ref().ok().and_then(|t| t.out().ok()),
            error: self.result.as_ref().err().map(errors::item),
        })
    }
}

impl Out<Vec<NotificationSetting>> for core::NotificationPreferences {
    fn out(self) -> JsResult<Vec<NotificationSetting>> {
        let names = |list: Vec<core::DeliveryChannel>| list.iter().map(|c| c.as_str().to_string()).collect();
        let setting = |k: &core::AlertKind| NotificationSetting {
            kind: k.as_str().to_string(),
            channels: names(self.channels_for(*k)),
        };
        Ok(core::AlertKind::ALL.iter().map(setting).collect())
    }
}

// ----- argument records the tables take ------------------------------------------------

impl In<'_, core::Inbound> for Inbound {
    fn conv(&self, _: &str) -> JsResult<core::Inbound> {
        inbound(self.clone())
    }
}

/// A body alone is a text message on the conversation's channel.
impl In<'_, core::Outbound> for String {
    fn conv(&self, _: &str) -> JsResult<core::Outbound> {
        Ok(core::Outbound::text(self.clone()))
    }
}

/// A rating, percentage or count the core range-checks itself (see `whole`).
impl In<'_, u32> for f64 {
    fn conv(&self, _: &str) -> JsResult<u32> {
        Ok(whole(*self))
    }
}

/// An optional flag: absent is `false`.
impl In<'_, bool> for Option<bool> {
    fn conv(&self, _: &str) -> JsResult<bool> {
        Ok(self.unwrap_or(false))
    }
}

/// An optional audience: absent is the team's transcript.
impl In<'_, core::Audience> for Option<Audience> {
    fn conv(&self, _: &str) -> JsResult<core::Audience> {
        choice(self.as_deref().unwrap_or("team"))
    }
}

impl In<'_, core::query::Query> for String {
    fn conv(&self, _: &str) -> JsResult<core::query::Query> {
        parse_query(self)
    }
}

impl In<'_, core::SearchOptions> for Option<PageOptions> {
    fn conv(&self, _: &str) -> JsResult<core::SearchOptions> {
        search_options(self.clone())
    }
}

impl In<'_, core::prioritize::PriorityRules> for String {
    fn conv(&self, _: &str) -> JsResult<core::prioritize::PriorityRules> {
        rules_in(self)
    }
}

impl In<'_, core::prioritize::ResponseGoals> for ResponseGoals {
    fn conv(&self, _: &str) -> JsResult<core::prioritize::ResponseGoals> {
        goals_in(self.clone())
    }
}

impl In<'_, core::NewUser> for NewUser {
    fn conv(&self, _: &str) -> JsResult<core::NewUser> {
        Ok(core::NewUser {
            name: self.name.clone(),
            email: self.email.clone(),
            role: choice(&self.role)?,
            availability: match &self.availability {
                None => core::Availability::Offline,
                Some(s) => choice(s)?,
            },
            skills: self.skills.clone().unwrap_or_default(),
            capacity: self.capacity,
        })
    }
}

impl In<'_, core::NewContact> for NewContact {
    fn conv(&self, _: &str) -> JsResult<core::NewContact> {
        let c = self.clone();
        Ok(core::NewContact {
            name: c.name,
            phone: c.phone,
            email: c.email,
            company: c.company,
            segment: c.segment,
            tags: c.tags.unwrap_or_default(),
            identities: Vec::new(),
        })
    }
}

/// A contact patch: absent fields stay, '' clears.
impl In<'_, core::ContactPatch> for NewContact {
    fn conv(&self, _: &str) -> JsResult<core::ContactPatch> {
        let c = self.clone();
        Ok(core::ContactPatch {
            name: c.name,
            phone: c.phone,
            email: c.email,
            company: c.company,
            segment: c.segment,
        })
    }
}

impl In<'_, core::NewInvoice> for NewInvoice {
    fn conv(&self, _: &str) -> JsResult<core::NewInvoice> {
        let amount = self.amount_minor;
        if !amount.is_finite() || amount.fract() != 0.0 || amount.abs() > MAX_ID {
            return Err(bad_argument("amountMinor", "must be a whole number of minor units"));
        }
        Ok(core::NewInvoice {
            kind: choice(&self.kind)?,
            amount_minor: amount as i64,
            currency: self.currency.clone(),
            description: self.description.clone(),
        })
    }
}

impl In<'_, core::NewSavedFilter> for NewSavedFilter {
    fn conv(&self, _: &str) -> JsResult<core::NewSavedFilter> {
        let f = self.clone();
        let q = view_query(&f.view, f.filters, None)?;
        Ok(core::NewSavedFilter {
            name: f.name,
            query: f.query.unwrap_or_default(),
            view: q.view,
            sort: f.sort.as_deref().map(choice).transpose()?.unwrap_or_default(),
            filters: q.filters,
            shared: f.shared.unwrap_or(false),
        })
    }
}

records!(
    core::WorkspaceConfig => WorkspaceConfig: config_out,
    core::Conversation => Conversation: conversation_out,
    core::RoutingDecision => RoutingDecision: decision_out,
    core::template::Template => TemplateInfo: template_out,
    core::template::TemplateVariables => TemplateVariables: variables_out,
);

// ----- the workspace -------------------------------------------------------------------

/// The settings of the AI-assisted inbox: pending after 1 hour, archived 7 days
/// after resolution, any message reopens a closed conversation.
#[napi(catch_unwind)]
pub fn reopen_on_reply() -> WorkspaceConfig {
    config_out(&core::WorkspaceConfig::reopen_on_reply())
}

/// The settings of helpdesk tickets: a closed conversation stays closed, new
/// messages start a new one.
#[napi(catch_unwind)]
pub fn new_conversation_after_close() -> WorkspaceConfig {
    config_out(&core::WorkspaceConfig::new_conversation_after_close())
}

/// Every stable error code.
#[napi(catch_unwind)]
pub fn error_codes() -> Vec<String> {
    core::Error::ALL_CODES.iter().map(|c| c.to_string()).collect()
}

/// Normalizes a phone number to E.164.
#[napi(catch_unwind)]
pub fn normalize_phone(number: String, default_country_code: Option<u32>) -> Result<String, String> {
    let cc = default_country_code.map(|c| u16::try_from(c).unwrap_or(u16::MAX));
    check(core::normalize_phone(&number, cc))
}

/// One team's inbox. Every command takes the actor (`'system'` or a user id)
/// and `now` (a `Date`), and returns its events; a refused command throws an
/// `Error` with a stable `code` and changes nothing.
///
/// `new Workspace(config)` keeps everything in memory; `open(url,
/// workspaceId)` opens one kept durable in SQLite or PostgreSQL, with the same
/// methods plus `refresh()` and `closeStore()`.
#[napi]
pub struct Workspace {
    inner: Mutex<Backing>,
}

impl Workspace {
    fn with(backing: Backing) -> Self {
        Workspace { inner: Mutex::new(backing) }
    }

    fn lock(&self) -> JsResult<MutexGuard<'_, Backing>> {
        self.inner.lock().map_err(|_| poisoned())
    }

    /// Runs a read on the workspace in memory.
    fn read<R>(&self, f: impl FnOnce(&core::Workspace) -> R) -> JsResult<R> {
        check(self.lock()?.read(f))
    }

    /// Runs a command; on a stored workspace it is durable when this returns.
    /// The outer error is the lock's, the inner one the command's.
    fn command<T>(
        &self,
        f: impl FnOnce(&mut core::Workspace) -> core::Result<T>,
    ) -> JsResult<core::Result<T>> {
        Ok(self.lock()?.command(f))
    }
}

/// Opens (creating when absent) the workspace `workspaceId` kept in the
/// database at `url`: `sqlite:///abs/path.db`, `sqlite://relative.db` or
/// `postgres://...`. `config` is used only when the workspace is created
/// (default: `reopenOnReply()`). Every command is durable when it returns;
/// several processes may open the same workspace. Blocks while it connects.
#[napi(catch_unwind)]
pub fn open(url: String, workspace_id: String, config: Option<WorkspaceConfig>) -> Result<Workspace, String> {
    let config = config.map(config_in).transpose()?;
    Ok(Workspace::with(Backing::Stored(check(frontdesk_store::open(&url, &workspace_id, config))?)))
}

#[napi]
impl Workspace {
    /// An empty workspace (default settings: `reopenOnReply()`).
    #[napi(constructor, catch_unwind)]
    pub fn new(config: Option<WorkspaceConfig>) -> Result<Self, String> {
        let config = match config {
            None => core::WorkspaceConfig::default(),
            Some(c) => config_in(c)?,
        };
        Ok(Workspace::with(Backing::Memory(check(core::Workspace::new(config))?)))
    }

    /// Restores a workspace from JSON written by `toJson`.
    #[napi(factory, catch_unwind)]
    pub fn from_json(json: String) -> Result<Self, String> {
        Ok(Workspace::with(Backing::Memory(check(core::Workspace::from_json(&json))?)))
    }

    /// Applies what other processes committed to a stored workspace since this
    /// object's last command or refresh; returns whether anything was new.
    /// Reads are served from memory, so they see others' commits after a
    /// refresh (or after this object's next command). Always `false` in memory.
    #[napi(catch_unwind)]
    pub fn refresh(&self) -> Result<bool, String> {
        check(self.lock()?.refresh())
    }

    /// Closes a stored workspace's database connection (`close` is the
    /// conversation command); every acknowledged command is already durable.
    /// Later calls throw `storage_unavailable`. Does nothing in memory;
    /// closing twice is fine.
    #[napi(catch_unwind)]
    pub fn close_store(&self) -> Result<(), String> {
        self.lock()?.close();
        Ok(())
    }

    /// Delivers many inbound messages in one call (one crossing). Returns one
    /// result per message, in order: `{ delivered }` or `{ error }`.
    #[napi(catch_unwind)]
    pub fn receive_messages(
        &self,
        actor: Actor,
        now: JsDate<'_>,
        messages: Vec<Inbound>,
    ) -> Result<Vec<ReceiveResult>, String> {
        let (a, t) = (actor.conv("actor")?, now.conv("now")?);
        let batch: Vec<JsResult<core::Inbound>> = messages.into_iter().map(inbound).collect();
        // One crossing and, on a stored workspace, one transaction: a refused
        // message changes nothing, the others are written together.
        check(self.command(|ws| {
            Ok(batch
                .into_iter()
                .map(|m| match m.and_then(|m| ws.receive_message(a, t, m).map_err(|e| errors::js(&e))) {
                    Ok(d) => ReceiveResult { delivered: d.value.out().ok(), error: None },
                    Err(e) => ReceiveResult {
                        delivered: None,
                        error: Some(ItemError {
                            code: e.status.clone(),
                            family: e
                                .reason
                                .split(']')
                                .next()
                                .unwrap_or("")
                                .trim_start_matches('[')
                                .to_string(),
                            message: e.reason.clone(),
                        }),
                    },
                })
                .collect())
        })?)
    }

    /// Applies every timed transition due at `now`; returns the events.
    #[napi(catch_unwind)]
    pub fn tick(&self, now: JsDate<'_>) -> Result<Vec<FrontdeskEvent>, String> {
        let t = time(&now)?;
        Ok(events(&check(self.command(|ws| Ok(ws.tick(t)))?)?))
    }

    /// Starts (or stops) collecting notifications for `takeNotifications`.
    #[napi(catch_unwind)]
    pub fn collect_notifications(&self, on: bool) -> Result<(), String> {
        check(self.lock()?.collect_notifications(on))
    }

    /// The notifications the commands and ticks caused since the last call.
    #[napi(catch_unwind)]
    pub fn take_notifications(&self) -> Result<Vec<Notification>, String> {
        self.lock()?.take_notifications().out()
    }

    /// Sets the views `viewer` watches (empty: stop). Ephemeral: never written.
    #[napi(catch_unwind)]
    pub fn watch_views(&self, viewer: Actor, views: Vec<WatchedView>) -> Result<(), String> {
        let a = viewer.conv("viewer")?;
        let views = views
            .iter()
            .map(|w| {
                let sort = w.sort.as_deref().map(choice).transpose()?.unwrap_or_default();
                Ok(core::WatchedView { view: choice(&w.view)?, sort })
            })
            .collect::<JsResult<Vec<_>>>()?;
        check(self.lock()?.watch_views(a, views))
    }

    /// What changed for `viewer` in the views they watch since the last call.
    #[napi(catch_unwind)]
    pub fn take_feed(&self, viewer: Actor) -> Result<Feed, String> {
        let a = viewer.conv("viewer")?;
        check(self.lock()?.take_feed(a))?.out()
    }

    /// One drain round for every watching user, shared: one feed per group
    /// of viewers whose feeds are equal.
    #[napi(catch_unwind)]
    pub fn take_feed_groups(&self) -> Result<Vec<FeedGroup>, String> {
        check(self.lock()?.take_feed_groups())?.out()
    }

    /// Records that `actor` views the conversation (ephemeral, expires).
    #[napi(catch_unwind)]
    pub fn viewing(&self, actor: Actor, now: JsDate<'_>, conversation: f64) -> Result<(), String> {
        let (a, t, c) = (actor.conv("actor")?, now.conv("now")?, conversation.conv("conversation")?);
        check(self.lock()?.signal_presence(a, c, t, false))
    }

    /// Records that `actor` types in the conversation (ephemeral, expires).
    #[napi(catch_unwind)]
    pub fn typing(&self, actor: Actor, now: JsDate<'_>, conversation: f64) -> Result<(), String> {
        let (a, t, c) = (actor.conv("actor")?, now.conv("now")?, conversation.conv("conversation")?);
        check(self.lock()?.signal_presence(a, c, t, true))
    }
}

commands! {
    "Sets the assignees and visibility of the contact's new inbound conversations (admins)."
    set_contact_routing(contact: f64, assignees: Vec<f64>, visibility: Visibility) -> Applied
        = |ws, a, t| ws.set_contact_routing(a, t, contact, core::ContactRouting { assignees, visibility });
    "Starts a conversation with a contact by sending the first message."
    start_conversation(contact: f64, channel: Channel, body: String) -> AppliedDelivered
        = |ws, a, t| ws.start_conversation(a, t, contact, core::Outbound { channel: Some(channel), body, attachments: vec![] });
    "Sends a message written by a person (optionally on another channel)."
    send_message(conversation: f64, body: String, channel: Option<Channel>, attachments: Option<Vec<Attachment>>)
        -> AppliedDelivered = |ws, a, t| ws.send_message(a, t, conversation, core::Outbound { channel, body, attachments });
    "Applies one action to many conversations; one outcome each."
    bulk(conversations: Vec<f64>, action: BulkActionInput) -> Vec<BulkOutcome>
        = |ws, a, t| Ok(ws.bulk(a, t, &std::convert::identity::<Vec<core::ConversationId>>(conversations), &action));
    "Sends the AI agent's reply (the system only, while the AI is active)."
    send_ai_reply(conversation: f64, body: String, signals: Option<AiReplySignals>) -> AppliedDelivered
        = |ws, a, t| match signals.is_empty() {
            true => ws.send_ai_reply(a, t, conversation, body),
            false => ws.send_ai_reply_with(a, t, conversation, core::AiReply { body: body.into(), signals }),
        };
    "Sets the channels `user` is told about `kind` through (empty: not told)."
    set_notification_channels(user: f64, kind: AlertKind, channels: Vec<DeliveryChannel>) -> Applied;
    "Adds a user (admins or the system); returns the user id."
    add_user(user: NewUser) -> AppliedId;
    "Sets a user's availability."
    set_availability(user: f64, availability: Availability) -> Applied;
    "Replaces a user's routing skills and capacity (admins)."
    set_user_routing(user: f64, skills: Vec<String>, capacity: Option<u32>) -> Applied;
    "Sets a user's routing capacity and keeps their skills (admins)."
    set_user_capacity(user: f64, capacity: Option<u32>) -> Applied;
    "Removes a user (admins)."
    remove_user(user: f64) -> Applied;
    "Creates a team (admins); returns the team id."
    add_team(name: String, members: Vec<f64>) -> AppliedId;
    "Replaces a team's members (admins)."
    set_team_members(team: f64, members: Vec<f64>) -> Applied;
    "Creates a contact; returns the contact id."
    add_contact(contact: NewContact) -> AppliedId;
    "Changes a contact's details; absent fields stay, '' clears."
    update_contact(contact: f64, patch: NewContact) -> Applied;
    "Adds an address on a channel to a contact."
    add_contact_identity(contact: f64, channel: Channel, handle: String) -> Applied;
    "Adds a note about a contact."
    add_contact_note(contact: f64, text: String) -> Applied;
    "Tags a contact."
    tag_contact(contact: f64, tag: String) -> Applied;
    "Delivers a message from a contact (the system only)."
    receive_message(message: Inbound) -> AppliedDelivered;
    "Sets (or, with null, clears) the conversation summary the host's AI"
    "wrote (the system only)."
    set_summary(conversation: f64, summary: Option<String>) -> Applied;
    "Records the customer's satisfaction rating, 1 to 5, with an optional"
    "comment (the system only); a later rating replaces an earlier one."
    rate_satisfaction(conversation: f64, rating: f64, comment: Option<String>) -> Applied;
    "Sends an automatic response; it answers nothing (the system only)."
    send_auto_reply(conversation: f64, body: String) -> AppliedDelivered;
    "Adds a system message (the system only)."
    send_system_message(conversation: f64, body: String) -> AppliedDelivered;
    "Adds a private note; returns the message id."
    add_note(conversation: f64, body: String) -> AppliedId;
    "Sends an internal message to another user (or oneself)."
    send_internal_message(to: f64, body: String) -> AppliedDelivered;
    "Sends an invoice or checkout (WhatsApp or SMS); returns the invoice id."
    send_invoice(conversation: f64, invoice: NewInvoice) -> AppliedId;
    "Records that an invoice was paid (the system or admins)."
    mark_invoice_paid(invoice: f64) -> Applied;
    "Cancels an invoice (the system or admins)."
    cancel_invoice(invoice: f64) -> Applied;
    "Assigns users (added to the current assignees), with an optional note."
    assign(conversation: f64, users: Vec<f64>, note: Option<String>) -> Applied;
    "Removes assignees."
    unassign(conversation: f64, users: Vec<f64>) -> Applied;
    "Transfers: the given users become the only assignees."
    transfer(conversation: f64, to: Vec<f64>, note: Option<String>) -> Applied;
    "Routes to a team; `value` is the chosen member, or undefined."
    assign_team(conversation: f64, team: f64, note: Option<String>) -> AppliedChoice;
    "Takes the conversation over from the AI."
    take_over(conversation: f64) -> Applied;
    "The AI asks for a human (the system only)."
    request_handoff(conversation: f64, reason: Option<String>) -> Applied;
    "Hands the conversation back to the AI."
    resume_ai(conversation: f64) -> Applied;
    "Sets the AI mode."
    set_ai_mode(conversation: f64, mode: AiMode) -> Applied;
    "Sets the priority by hand (pinned), with an optional reason."
    set_priority(conversation: f64, priority: Priority, reason: Option<String>) -> Applied;
    "Clears a manual priority pin."
    clear_priority_pin(conversation: f64) -> Applied;
    "Tags the conversation."
    tag_conversation(conversation: f64, tag: String) -> Applied;
    "Removes a tag."
    untag_conversation(conversation: f64, tag: String) -> Applied;
    "Sets who may see the conversation: 'everyone' or a list of user ids."
    set_visibility(conversation: f64, visibility: Visibility) -> Applied;
    "Changes the status."
    set_status(conversation: f64, status: Status) -> Applied;
    "Closes (resolves) the conversation."
    close(conversation: f64) -> Applied;
    "Reopens the conversation."
    reopen(conversation: f64) -> Applied;
    "Archives the conversation."
    archive(conversation: f64) -> Applied;
    "Deletes the conversation and everything in it (admins)."
    delete_conversation(conversation: f64) -> Applied;
    "Drops `user`'s own notification settings (the workspace defaults apply)."
    reset_notification_preferences(user: f64) -> Applied;
    "Marks the conversation read for the acting user (users only)."
    mark_read(conversation: f64) -> Applied;
    "Makes the latest message someone else wrote unread again for the acting user."
    mark_unread(conversation: f64) -> Applied;
    "Saves a named query on a view with the view's filters, for the actor"
    "alone or, with `shared`, for everyone. The value is the new filter's id."
    save_filter(filter: NewSavedFilter) -> AppliedId;
    "Renames a saved filter (its owner or an admin)."
    rename_saved_filter(filter: f64, name: String) -> Applied;
    "Deletes a saved filter (its owner or an admin)."
    delete_saved_filter(filter: f64) -> Applied;
    "Sets the workspace's auto-assignment chain (empty: off)."
    set_routing(chain: Vec<RoutingStrategy>) -> Applied;
    "Sets a team's own chain (null: the workspace chain, or load balancing)."
    set_team_routing(team: f64, chain: Option<Vec<RoutingStrategy>>) -> Applied;
    "Sets the skills a conversation needs."
    set_required_skills(conversation: f64, skills: Vec<String>) -> Applied;
    "Routes an unassigned conversation now."
    auto_assign(conversation: f64) -> AppliedRouting;
    "Replaces the priority rules, given as JSON text (`{\"rules\": [...]}`). Admins only."
    set_priority_rules(rules_json: String) -> Applied;
    "Sets the response-time goals (null: no SLA warnings). Admins only."
    set_response_goals(goals: Option<ResponseGoals>) -> Applied;
    "Feeds the host AI's sentiment (-1 to 1) and intent to the priority rules (host only)."
    record_ai_signals(conversation: f64, sentiment: Option<f64>, intent: Option<String>) -> AppliedPriority;
    "Adds a reply template (admins)."
    add_template(name: String, source: String, whatsapp_approved: Option<bool>) -> Applied;
    "Replaces a template's text (admins)."
    update_template(name: String, source: String) -> Applied;
    "Removes a template (admins)."
    remove_template(name: String) -> Applied;
}

reads! {
    "One page of a list for `viewer`."
    view(viewer: Actor, now: JsDate<'_>, view: View, filters: Option<ViewFilters>, page: Option<PageOptions>) -> Page
        = |ws| ws.view(viewer, &view_query(view, filters, page)?, now);
    "How many rows a list holds for `viewer`."
    count(viewer: Actor, now: JsDate<'_>, view: View, filters: Option<ViewFilters>) -> f64
        = |ws| ws.count(viewer, &view_query(view, filters, None)?, now);
    "Templates matching what the agent typed after `/`, best first."
    find_templates(query: String, limit: Option<u32>) -> Vec<TemplateMatch>
        = |ws| Ok::<_, core::Error>(ws.find_templates(query, usize::try_from(limit.unwrap_or(10)).unwrap_or(usize::MAX)));
    "The notification settings in force for `user`, one entry per alert kind."
    notification_preferences(viewer: Actor, user: f64) -> Vec<NotificationSetting>;
    "Transcripts of many conversations; one outcome each, in order, a"
    "conversation the viewer may not see refused as not found."
    export_transcripts(viewer: Actor, conversations: Vec<f64>, audience: Option<Audience>) -> Vec<ExportOutcome>
        = |ws| ws.export_transcripts(viewer, &std::convert::identity::<Vec<core::ConversationId>>(conversations), audience);
    "Renders a template for a reply in a conversation; `values` fills custom variables."
    render_template(viewer: Actor, now: JsDate<'_>, conversation: f64, name: String,
        values: Option<std::collections::HashMap<String, String>>) -> String
        = |ws| ws.render_template(viewer, now, conversation, name, &values);
    "The whole workspace as JSON (a versioned snapshot)."
    to_json() -> String;
    "The settings."
    config() -> WorkspaceConfig;
    "The policy for messages to closed conversations."
    closed_policy() -> ClosedPolicy;
    "When the next timed transition is due (null: nothing waits)."
    next_due() -> Option<DateTime<Utc>>;
    "A conversation as `viewer` may see it (hidden ones throw `not_found`)."
    conversation(viewer: Actor, conversation: f64) -> Conversation;
    "Every conversation `viewer` may see, in id order."
    conversations(viewer: Actor) -> Vec<Conversation>;
    "Whether `viewer` may see the conversation (false for unknown ids)."
    can_see(viewer: Actor, conversation: f64) -> bool;
    "How many live conversations `viewer` may see (all for the host)."
    conversation_count(viewer: Actor) -> u32;
    "A user by id."
    user(user: f64) -> User;
    "A user by email, or null."
    user_by_email(email: String) -> Option<User>;
    "Every user (removed ones included)."
    users() -> Vec<User>;
    "A team by id."
    team(team: f64) -> Team;
    "Every team."
    teams() -> Vec<Team>;
    "A contact as `viewer` may see it: no current conversation the viewer"
    "may not see, no notes unless the viewer is inside the contact's"
    "predefined visibility (admins and the system always are)."
    contact(viewer: Actor, contact: f64) -> Contact;
    "Every contact, each as `viewer` may see it."
    contacts(viewer: Actor) -> Vec<Contact>;
    "The contact reached at `handle` on `channel`, or null."
    find_contact(channel: Channel, handle: String) -> Option<f64>;
    "The transcript for an audience ('customer' leaves private notes out)."
    transcript(viewer: Actor, conversation: f64, audience: Option<Audience>) -> Transcript;
    "The customer panel for a contact as `viewer` may see it, beside a"
    "conversation (left out of `related`) or none."
    customer_panel(viewer: Actor, contact: f64, beside: Option<f64>) -> CustomerPanel;
    "The transcript as pretty-printed JSON."
    export_json(viewer: Actor, conversation: f64, audience: Option<Audience>) -> String;
    "The transcript as plain text."
    export_text(viewer: Actor, conversation: f64, audience: Option<Audience>) -> String;
    "Messages of the conversation unread for `viewer` (0 for the host)."
    unread_count(viewer: Actor, conversation: f64) -> u32;
    "How many messages of the conversation `viewer` has read."
    read_marker(viewer: Actor, conversation: f64) -> u32;
    "The dashboard tiles for `viewer`."
    tiles(viewer: Actor) -> Tiles;
    "The figures of one conversation."
    conversation_metrics(viewer: Actor, conversation: f64) -> ConversationMetrics;
    "The figures of the conversations `viewer` may see."
    workspace_metrics(viewer: Actor, now: JsDate<'_>) -> InboxMetrics;
    "The saved filters `viewer` lists (their own and the shared ones), each"
    "with how many conversations it holds for `viewer`."
    saved_filters(viewer: Actor, now: JsDate<'_>) -> Vec<SavedFilterCount>;
    "One saved filter that `viewer` lists."
    saved_filter(viewer: Actor, filter: f64) -> SavedFilter;
    "Who else is viewing or typing in the conversation at `now`."
    present(viewer: Actor, now: JsDate<'_>, conversation: f64) -> Vec<Presence> = |ws| ws.present(viewer, conversation, now);
    "The figures of one agent's assigned conversations."
    agent_metrics(viewer: Actor, now: JsDate<'_>, agent: f64) -> InboxMetrics = |ws| ws.agent_metrics(viewer, agent, now);
    "One page of the conversations matching a query in the query language"
    "(the core's `search_text`: the package has no query tree, so this is the"
    "one search call)."
    search(viewer: Actor, now: JsDate<'_>, query: String, page: Option<PageOptions>) -> Page
        = |ws| ws.search_text(viewer, query, now, &page);
    "Every conversation matching the query that `viewer` may see, in id order."
    search_ids(viewer: Actor, now: JsDate<'_>, query: String) -> Vec<f64> = |ws| ws.search_ids(viewer, &query, now);
    "How many conversations match the query for `viewer` (the length of"
    "`searchIds`, counted on the index without listing them)."
    search_count(viewer: Actor, now: JsDate<'_>, query: String) -> f64 = |ws| ws.search_count(viewer, &query, now);
    "What compiled search SQL needs to run as `viewer`."
    sql_context(viewer: f64, now: JsDate<'_>) -> SqlContext;
    "What auto-assignment would decide now, and why; changes nothing."
    explain_routing(viewer: Actor, conversation: f64) -> RoutingDecision;
    "Conversations waiting for an eligible agent, in assignment order."
    routing_queue(viewer: Actor) -> Vec<f64>;
    "What the priority rules decide for the conversation now; changes nothing."
    explain_priority(viewer: Actor, now: JsDate<'_>, conversation: f64) -> PriorityDecision;
    "A template by name, ignoring case."
    template(name: String) -> TemplateInfo;
    "Every template, in the order they were added."
    templates() -> Vec<TemplateInfo>;
    "The variables a template needs."
    template_variables(name: String) -> TemplateVariables;
}

// ----- SQL: the compiler and the rows of the reference schema ----------------------------

/// A search query compiled to SQL over the reference schema
/// (docs/sql-schema.md): the statement and its placeholder values in order.
#[napi(object)]
pub struct CompiledSql {
    /// A `SELECT c.id FROM conversations c WHERE ... ORDER BY c.id` statement.
    pub sql: String,
    /// The values of `$1`, `$2`... (PostgreSQL) or `?1`, `?2`... (SQLite).
    pub params: Vec<Either<f64, String>>,
}

/// The rows of one table of the reference schema.
#[napi(object)]
pub struct SqlTable {
    /// The table name.
    pub name: String,
    /// The column names, in the order of each row's values.
    pub columns: Vec<String>,
    /// The rows, one value per column (`null`, a boolean, an integer or a text).
    #[napi(ts_type = "Array<Array<null | boolean | number | string>>")]
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// Compiles a search query into SQL selecting the ids of the conversations it
/// matches that `context.viewer` may see (get the context from
/// `Workspace.sqlContext`), for `'postgres'` or `'sqlite'`. Run it over rows
/// written from `Workspace.exportRows()`; it answers like `searchIds`.
#[napi(catch_unwind)]
pub fn compile_sql(
    query: String,
    context: SqlContext,
    #[napi(ts_arg_type = "'postgres' | 'sqlite'")] dialect: String,
) -> Result<CompiledSql, String> {
    use core::query::sql;
    let ctx = sql::SqlContext {
        viewer: context.viewer.conv("viewer")?,
        is_admin: context.is_admin,
        now: context.now,
        utc_offset_minutes: context.utc_offset_minutes,
    };
    let dialect = one_of(
        "dialect",
        &dialect,
        &[("postgres", sql::SqlDialect::Postgres), ("sqlite", sql::SqlDialect::Sqlite)],
    )?;
    let c = check(sql::compile(&parse_query(&query)?, &ctx, dialect))?;
    let params = c.params.into_iter().map(|p| match p {
        sql::SqlParam::Int(i) => Either::A(i as f64),
        sql::SqlParam::Text(s) => Either::B(s),
    });
    Ok(CompiledSql { sql: c.sql, params: params.collect() })
}

#[napi]
impl Workspace {
    /// Every user, team, contact and live conversation as rows of the
    /// reference schema (docs/sql-schema.md), parents first, for a database
    /// that `compileSql` statements then query.
    #[napi(catch_unwind)]
    pub fn export_rows(&self) -> Result<Vec<SqlTable>, String> {
        use core::query::sql::SqlValue as V;
        let value = |v: V| match v {
            V::Null => serde_json::Value::Null,
            V::Bool(b) => b.into(),
            V::Int(i) => i.into(),
            V::Text(s) => s.into(),
        };
        let rows = self.read(core::query::sql::export_rows)?;
        let table = |t: core::query::sql::SqlTable| SqlTable {
            name: t.name,
            columns: t.columns,
            rows: t.rows.into_iter().map(|r| r.into_iter().map(value).collect()).collect(),
        };
        Ok(rows.tables.into_iter().map(table).collect())
    }
}
