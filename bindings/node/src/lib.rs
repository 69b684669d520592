//! Node bindings for frontdesk (napi-rs): a thin layer over the core crate.
//! Each method converts its arguments, calls the core once and converts the
//! result; no rule lives here. Errors are mapped in `errors.rs` only.
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
    #[napi(ts_type = "ClosedPolicy")]
    pub closed_policy: String,
    /// The business name.
    pub company_name: String,
    /// Open conversations with no message for this long become pending (undefined: never).
    pub pending_after_secs: Option<f64>,
    /// Resolved conversations archive after this long (undefined: never).
    pub archive_after_secs: Option<f64>,
    /// The workspace time zone, minutes from UTC.
    pub utc_offset_minutes: i32,
    /// The AI mode of new customer conversations.
    #[napi(ts_type = "AiMode")]
    pub default_ai_mode: String,
    /// Country calling code for national phone numbers.
    pub default_country_code: Option<u32>,
    /// The longest message body accepted, in bytes.
    pub max_message_bytes: f64,
    /// The auto-assignment chain (absent or empty: off).
    #[napi(ts_type = "RoutingStrategy[] | undefined")]
    pub routing: Option<Vec<String>>,
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
}

/// One person to tell about one thing, through the channels they chose.
#[napi(object)]
pub struct Notification {
    /// Who is told (a user id).
    pub recipient: f64,
    /// The alert kind.
    #[napi(ts_type = "AlertKind")]
    pub kind: String,
    /// The conversation it concerns.
    pub conversation: f64,
    /// The delivery channels, never empty.
    #[napi(ts_type = "DeliveryChannel[]")]
    pub channels: Vec<String>,
    /// A short reason, in English.
    pub reason: String,
}

/// The channels of one alert kind in a user's notification settings.
#[napi(object)]
pub struct NotificationSetting {
    /// The alert kind.
    #[napi(ts_type = "AlertKind")]
    pub kind: String,
    /// Its channels (empty: off).
    #[napi(ts_type = "DeliveryChannel[]")]
    pub channels: Vec<String>,
}

/// Someone else viewing or typing in a conversation.
#[napi(object)]
pub struct Presence {
    /// Who (a user id).
    pub user: f64,
    /// Whether they are typing (otherwise viewing).
    pub typing: bool,
    /// Their latest signal.
    pub last_seen: DateTime<Utc>,
}

/// A view a user's screen watches, in an order (default `recent`).
#[napi(object)]
pub struct WatchedView {
    /// The view.
    #[napi(ts_type = "View")]
    pub view: String,
    /// The order positions are given in.
    #[napi(ts_type = "Sort")]
    pub sort: Option<String>,
}

/// A row of a watched view as it is now: place it by `group` (ascending), then
/// `row.lastActivityAt` and `row.conversation` (descending; ascending for
/// `oldest`); `cursor` is the same position as a view cursor.
#[napi(object)]
pub struct FeedRow {
    /// The row, as `view` shows it now.
    pub row: ListRow,
    /// The group of the order.
    pub group: u32,
    /// The position as a cursor.
    pub cursor: String,
}

/// What changed in one watched view.
#[napi(object)]
pub struct FeedView {
    /// The view.
    #[napi(ts_type = "View")]
    pub view: String,
    /// Its order.
    #[napi(ts_type = "Sort")]
    pub sort: String,
    /// Rows that entered it.
    pub entered: Vec<FeedRow>,
    /// Rows still in it that changed or moved.
    pub changed: Vec<FeedRow>,
    /// Conversations that left it (still visible to the viewer).
    pub left: Vec<f64>,
    /// Its new row count, when it changed.
    pub count: Option<f64>,
}

/// What changed for one viewer since their last `takeFeed`.
#[napi(object)]
pub struct Feed {
    /// The viewer.
    pub viewer: f64,
    /// Read the views again (the viewer's role changed).
    pub reset: bool,
    /// Per watched view.
    pub views: Vec<FeedView>,
    /// The new tiles, when they changed.
    pub tiles: Option<Tiles>,
    /// Conversations the viewer can no longer see: drop them everywhere.
    pub gone: Vec<f64>,
}

fn feed_out(f: &core::Feed) -> Feed {
    let row = |r: &core::FeedRow| FeedRow {
        row: row_out(&r.row),
        group: u32::from(r.group),
        cursor: r.cursor.as_str().to_string(),
    };
    let ids = |list: &[core::ConversationId]| list.iter().map(|c| c.0 as f64).collect();
    Feed {
        viewer: f.viewer.0 as f64,
        reset: f.reset,
        views: f
            .views
            .iter()
            .map(|v| FeedView {
                view: v.view.as_str().into(),
                sort: v.sort.as_str().into(),
                entered: v.entered.iter().map(row).collect(),
                changed: v.changed.iter().map(row).collect(),
                left: ids(&v.left),
                count: v.count.map(|n| n as f64),
            })
            .collect(),
        tiles: f.tiles.as_ref().map(tiles_out),
        gone: ids(&f.gone),
    }
}

/// Response-time goals per priority, in seconds (SLA warnings).
#[napi(object)]
pub struct ResponseGoals {
    /// Goal for urgent conversations.
    pub urgent_secs: f64,
    /// Goal for high-priority conversations.
    pub high_secs: f64,
    /// Goal for normal conversations.
    pub normal_secs: f64,
    /// Goal for low-priority conversations.
    pub low_secs: f64,
}

/// Narrows a view; every filter set must match.
#[napi(object)]
pub struct ViewFilters {
    /// Only this channel.
    #[napi(ts_type = "Channel | undefined")]
    pub channel: Option<String>,
    /// Only this status.
    #[napi(ts_type = "Status | undefined")]
    pub status: Option<String>,
    /// Only this priority.
    #[napi(ts_type = "Priority | undefined")]
    pub priority: Option<String>,
    /// Only this AI mode.
    #[napi(ts_type = "AiMode | undefined")]
    pub ai_mode: Option<String>,
    /// Only conversations with this tag.
    pub tag: Option<String>,
    /// Who answers: `'ai_handled'`, `'manual'` (paused or manual-only AI) or
    /// `'all'` (no filter).
    #[napi(ts_type = "Mode | undefined")]
    pub mode: Option<String>,
    /// Only conversations from this source campaign (case-insensitive).
    pub campaign: Option<String>,
    /// A named last-activity window.
    #[napi(ts_type = "TimeRangeName | undefined")]
    pub time_range: Option<String>,
    /// A custom window: activity at or after this time ...
    pub from: Option<DateTime<Utc>>,
    /// ... and before this one (both needed).
    pub to: Option<DateTime<Utc>>,
}

/// Order, page size and position of a list or of search results.
#[napi(object)]
pub struct PageOptions {
    /// The order (default `'recent'`).
    #[napi(ts_type = "Sort | undefined")]
    pub sort: Option<String>,
    /// Rows per page, 1 to 1000 (default 50).
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// One conversation as a list shows it.
#[napi(object)]
pub struct ListRow {
    /// The conversation.
    pub conversation: f64,
    /// Whether it is an internal chat.
    pub internal: bool,
    /// The contact, for customer conversations.
    pub contact: Option<f64>,
    /// The contact's name or phone; for internal chats the other participant.
    pub title: String,
    /// The start of the last message.
    pub preview: String,
    /// The last activity.
    pub last_activity_at: DateTime<Utc>,
    /// The current channel.
    #[napi(ts_type = "Channel")]
    pub channel: String,
    /// Messages unread for the viewer.
    pub unread: u32,
    /// Customer messages waiting for a human reply.
    pub unreplied: u32,
    /// Status.
    #[napi(ts_type = "Status")]
    pub status: String,
    /// Priority.
    #[napi(ts_type = "Priority")]
    pub priority: String,
    /// Assignees, in id order.
    pub assignees: Vec<f64>,
    /// The AI mode.
    #[napi(ts_type = "AiMode")]
    pub ai_mode: String,
}

/// One page of a list; `next` is the cursor of the next page (absent: last page).
#[napi(object)]
pub struct Page {
    /// The rows, in order.
    pub rows: Vec<ListRow>,
    /// Where the next page starts.
    pub next: Option<String>,
}

/// The dashboard tiles and the count of every view, for one viewer.
#[napi(object)]
pub struct Tiles {
    /// Customer conversations assigned to me, not closed.
    pub assigned_to_me: f64,
    /// Unreplied customer messages in those.
    pub my_unreplied_messages: f64,
    /// Customer conversations not closed and assigned to nobody.
    pub unassigned: f64,
    /// Unreplied customer messages in conversations not closed.
    pub unreplied_messages: f64,
    /// Conversations with at least one unread message.
    pub unread_conversations: f64,
    /// Rows of the Team inbox.
    pub team_inbox: f64,
    /// Rows of In progress.
    pub in_progress: f64,
    /// Rows of Closed.
    pub closed: f64,
    /// Rows of My inbox.
    pub my_inbox: f64,
    /// Rows of Needs my attention.
    pub needs_my_attention: f64,
    /// Rows of Waiting for customer.
    pub waiting_for_customer: f64,
}

/// Figures of one conversation (durations in ms).
#[napi(object)]
pub struct ConversationMetrics {
    /// From creation to the last activity.
    pub duration_ms: f64,
    /// Messages other than notes.
    pub messages: u32,
    /// Private notes.
    pub notes: u32,
    /// First response time.
    pub first_response_ms: Option<f64>,
    /// Average response time over answered customer turns.
    pub average_response_ms: Option<f64>,
    /// From creation to closing, while closed.
    pub resolution_ms: Option<f64>,
    /// Whether a human agent replied.
    pub handled_by_human: bool,
    /// Whether only the AI replied.
    pub handled_by_ai: bool,
}

/// Figures of a set of customer conversations.
#[napi(object)]
pub struct InboxMetrics {
    /// Conversations in the set.
    pub conversations: f64,
    /// Created today.
    pub new_today: f64,
    /// Closed today.
    pub resolved_today: f64,
    /// Not closed.
    pub backlog: f64,
    /// Average first response time, in ms.
    pub average_first_response_ms: Option<f64>,
    /// Closed / all.
    pub resolution_rate: Option<f64>,
    /// AI-handled conversations.
    pub handled_by_ai: f64,
    /// Human-handled conversations.
    pub handled_by_humans: f64,
    /// AI-handled share.
    pub ai_share: Option<f64>,
    /// Conversations the customer rated.
    pub satisfaction_ratings: f64,
    /// Average satisfaction rating (1 to 5) over those.
    pub average_satisfaction: Option<f64>,
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
    #[napi(ts_type = "RoutingStrategy | undefined")]
    pub strategy: Option<String>,
    /// Why, for a person.
    pub reason: String,
}

/// A routing decision and the events of `autoAssign`.
#[napi(object)]
pub struct AppliedRouting {
    /// The decision.
    pub value: RoutingDecision,
    /// What happened, in order.
    #[napi(ts_type = "FrontdeskEvent[]")]
    pub events: Vec<serde_json::Value>,
}

/// A priority rule that fired.
#[napi(object)]
pub struct FiredRule {
    /// The rule's id.
    pub rule_id: String,
    /// The priority it asks for.
    #[napi(ts_type = "Priority")]
    pub priority: String,
    /// Why, for a person.
    pub reason: String,
}

/// What the priority rules ask for and which fired.
#[napi(object)]
pub struct PriorityDecision {
    /// The priority asked for (absent: none fired).
    #[napi(ts_type = "Priority | undefined")]
    pub priority: Option<String>,
    /// The rules that fired.
    pub fired: Vec<FiredRule>,
}

/// A priority decision and the events of `recordAiSignals`.
#[napi(object)]
pub struct AppliedPriority {
    /// The decision.
    pub value: PriorityDecision,
    /// What happened, in order.
    #[napi(ts_type = "FrontdeskEvent[]")]
    pub events: Vec<serde_json::Value>,
}

/// What to save as a saved filter.
#[napi(object)]
pub struct NewSavedFilter {
    /// The name shown in the list (unique among the filters its owner lists).
    pub name: String,
    /// A query in the query language (none or empty: no query).
    pub query: Option<String>,
    /// The view it narrows.
    #[napi(ts_type = "View")]
    pub view: String,
    /// The order of its list (default: most recent first).
    #[napi(ts_type = "Sort | undefined")]
    pub sort: Option<String>,
    /// The view filters on top of the query.
    pub filters: Option<ViewFilters>,
    /// Listed for the whole workspace rather than its owner alone.
    pub shared: Option<bool>,
}

/// A saved filter.
#[napi(object)]
pub struct SavedFilter {
    /// Its id.
    pub id: f64,
    /// Its name.
    pub name: String,
    /// Who saved it (none: the host, whose filters are always shared).
    pub owner: Option<f64>,
    /// Listed for every user, not only its owner.
    pub shared: bool,
    /// The query in canonical form (empty: no query).
    pub query: String,
    /// The view it narrows.
    #[napi(ts_type = "View")]
    pub view: String,
    /// The order of its list.
    #[napi(ts_type = "Sort")]
    pub sort: String,
    /// The view filters on top of the query.
    pub filters: ViewFilters,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// A saved filter as a viewer lists it, with how many conversations it holds
/// for that viewer now.
#[napi(object)]
pub struct SavedFilterCount {
    /// The filter.
    pub filter: SavedFilter,
    /// The conversations of its view, filters and query that the viewer may see.
    pub count: f64,
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

/// What compiled search SQL needs to run as a viewer.
#[napi(object)]
pub struct SqlContext {
    /// The viewer.
    pub viewer: f64,
    /// Whether the viewer is an admin.
    pub is_admin: bool,
    /// The time relative dates resolve against.
    pub now: DateTime<Utc>,
    /// The workspace offset from UTC, in minutes.
    pub utc_offset_minutes: i32,
}

/// One problem in a search query, with its spans in UTF-8 bytes and UTF-16
/// code units (JavaScript string indices) and suggested replacements.
#[napi(object)]
pub struct QueryDiagnostic {
    /// The stable code.
    pub code: String,
    /// `'error'` or `'warning'`.
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

/// Where a message landed.
#[napi(object)]
pub struct Delivered {
    /// The conversation (possibly new).
    pub conversation: f64,
    /// The message id.
    pub message: f64,
    /// The contact, for customer conversations.
    pub contact: Option<f64>,
}

/// The events of a command without a result.
#[napi(object)]
pub struct Applied {
    /// What happened, in order.
    #[napi(ts_type = "FrontdeskEvent[]")]
    pub events: Vec<serde_json::Value>,
}

/// A command's new id and its events.
#[napi(object)]
pub struct AppliedId {
    /// The new id.
    pub value: f64,
    /// What happened, in order.
    #[napi(ts_type = "FrontdeskEvent[]")]
    pub events: Vec<serde_json::Value>,
}

/// The member a team routing chose (none: nobody available) and the events.
#[napi(object)]
pub struct AppliedChoice {
    /// The chosen user.
    pub value: Option<f64>,
    /// What happened, in order.
    #[napi(ts_type = "FrontdeskEvent[]")]
    pub events: Vec<serde_json::Value>,
}

/// Where a message landed and the events.
#[napi(object)]
pub struct AppliedDelivered {
    /// Where the message landed.
    pub value: Delivered,
    /// What happened, in order.
    #[napi(ts_type = "FrontdeskEvent[]")]
    pub events: Vec<serde_json::Value>,
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
    #[napi(ts_type = "FrontdeskEvent[] | undefined")]
    pub events: Option<Vec<serde_json::Value>>,
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
    #[napi(ts_type = "'assign' | 'assign_team' | 'set_status' | 'set_priority' | 'archive' | 'delete'")]
    pub action: String,
    /// For `assign`.
    pub users: Option<Vec<f64>>,
    /// For `assign`.
    pub note: Option<String>,
    /// For `assign_team`.
    pub team: Option<f64>,
    /// For `set_status`.
    #[napi(ts_type = "Status")]
    pub status: Option<String>,
    /// For `set_priority`.
    #[napi(ts_type = "Priority")]
    pub priority: Option<String>,
    /// For `set_priority`.
    pub reason: Option<String>,
}

/// A file attached to a message (the host stores the bytes).
#[napi(object)]
pub struct Attachment {
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Size in bytes.
    pub size: f64,
    /// The host's reference to the stored file.
    pub reference: String,
}

/// An inbound customer message: give `handle` (an address on the channel) or
/// `contact` (a known contact id).
#[napi(object)]
pub struct Inbound {
    /// The channel.
    #[napi(ts_type = "Channel")]
    pub channel: String,
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
pub struct NewUser {
    /// Display name.
    pub name: String,
    /// Email address (unique).
    pub email: String,
    /// Admin or agent.
    #[napi(ts_type = "Role")]
    pub role: String,
    /// Initial availability (default offline).
    #[napi(ts_type = "Availability | undefined")]
    pub availability: Option<String>,
    /// Routing skills.
    pub skills: Option<Vec<String>>,
    /// Routing capacity.
    pub capacity: Option<u32>,
}

/// An invoice or checkout to send.
#[napi(object)]
pub struct NewInvoice {
    /// Invoice or checkout.
    #[napi(ts_type = "'invoice' | 'checkout'")]
    pub kind: String,
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
    #[napi(ts_type = "Channel")]
    pub channel: String,
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

/// An invoice or checkout in a conversation.
#[napi(object)]
pub struct Invoice {
    /// Its id.
    pub id: f64,
    /// Invoice or checkout.
    #[napi(ts_type = "'invoice' | 'checkout'")]
    pub kind: String,
    /// Amount in minor units.
    pub amount_minor: f64,
    /// ISO 4217 code.
    pub currency: String,
    /// What it is for.
    pub description: String,
    /// Payment state.
    #[napi(ts_type = "'unpaid' | 'paid' | 'cancelled'")]
    pub state: String,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
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
    #[napi(ts_type = "Status")]
    pub status: String,
    /// Priority.
    #[napi(ts_type = "Priority")]
    pub priority: String,
    /// Whether a person pinned the priority.
    pub priority_pinned: bool,
    /// Why the priority was pinned.
    pub priority_reason: Option<String>,
    /// The channel of the latest message.
    #[napi(ts_type = "Channel")]
    pub channel: String,
    /// Assigned users, ascending.
    pub assignees: Vec<f64>,
    /// The team it is routed to.
    pub team: Option<f64>,
    /// 'everyone' or the listed user ids.
    #[napi(ts_type = "Visibility")]
    pub visibility: Either<String, Vec<f64>>,
    /// Who answers the customer.
    #[napi(ts_type = "AiMode")]
    pub ai_mode: String,
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

/// A customer or lead.
#[napi(object)]
pub struct Contact {
    /// Its id.
    pub id: f64,
    /// Name.
    pub name: Option<String>,
    /// Phone number (E.164).
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Segment.
    pub segment: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The conversation new messages join.
    pub current_conversation: Option<f64>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// A user.
#[napi(object)]
pub struct User {
    /// Its id.
    pub id: f64,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Admin or agent.
    #[napi(ts_type = "Role")]
    pub role: String,
    /// Availability.
    #[napi(ts_type = "Availability")]
    pub availability: String,
    /// Teams.
    pub teams: Vec<f64>,
    /// Whether the user was removed.
    pub removed: bool,
}

/// A team.
#[napi(object)]
pub struct Team {
    /// Its id.
    pub id: f64,
    /// Its name.
    pub name: String,
    /// Members.
    pub members: Vec<f64>,
}

/// One entry of a transcript.
#[napi(object)]
pub struct TranscriptEntry {
    /// The message.
    pub message: f64,
    /// When.
    pub at: DateTime<Utc>,
    /// Channel.
    #[napi(ts_type = "Channel")]
    pub channel: String,
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

/// A conversation's history as exported.
#[napi(object)]
pub struct Transcript {
    /// The conversation.
    pub conversation: f64,
    /// Who it is with.
    pub with: String,
    /// Status when exported.
    #[napi(ts_type = "Status")]
    pub status: String,
    /// Who it is for.
    #[napi(ts_type = "Audience")]
    pub audience: String,
    /// Entries, oldest first.
    pub entries: Vec<TranscriptEntry>,
    /// The AI's summary (team transcripts only).
    pub summary: Option<String>,
    /// The customer's satisfaction rating (team transcripts only).
    pub satisfaction: Option<u32>,
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
        ai_confidence_alert_below: core::DEFAULT_AI_CONFIDENCE_ALERT_BELOW,
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
        response_goals: c.response_goals.as_ref().map(goals_out),
        notification_defaults_json: serde_json::to_string(&c.notification_defaults).ok(),
        pending_alert_after_secs: c.pending_alert_after_secs.map(|s| s as f64),
        presence_ttl_secs: Some(c.presence_ttl_secs as f64),
    }
}

// ----- views, search, routing, priority and templates: conversions -----------------

/// The serde name of an enum value (the names the bindings use), from its JSON.
fn serde_name(v: serde_json::Result<serde_json::Value>) -> String {
    v.ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn saved_filter_out(f: &core::SavedFilter) -> SavedFilter {
    let x = &f.filters;
    let (time_range, from, to) = match &x.time {
        None => (None, None, None),
        Some(core::TimeRange::Between { from, to }) => (None, Some(*from), Some(*to)),
        Some(r) => (TIME_RANGES.iter().find(|(_, v)| v == r).map(|(n, _)| n.to_string()), None, None),
    };
    SavedFilter {
        id: f.id.0 as f64,
        name: f.name.clone(),
        owner: f.owner.map(|u| u.0 as f64),
        shared: f.shared,
        query: f.query.clone(),
        view: serde_name(serde_json::to_value(f.view)),
        sort: serde_name(serde_json::to_value(f.sort)),
        filters: ViewFilters {
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
        },
        created_at: f.created_at,
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
            (Some(name), None, None) => Some(one_of("timeRange", name, TIME_RANGES)?),
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

const TIME_RANGES: &[(&str, core::TimeRange)] = &[
    ("last_hour", core::TimeRange::LastHour),
    ("today", core::TimeRange::Today),
    ("this_week", core::TimeRange::ThisWeek),
    ("this_month", core::TimeRange::ThisMonth),
];

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

fn goals_out(g: &core::prioritize::ResponseGoals) -> ResponseGoals {
    ResponseGoals {
        urgent_secs: g.urgent_secs as f64,
        high_secs: g.high_secs as f64,
        normal_secs: g.normal_secs as f64,
        low_secs: g.low_secs as f64,
    }
}

/// Priority rules cross as JSON text (`{"rules": [...]}`): a deep, tagged
/// configuration that hosts usually store as JSON anyway.
fn rules_in(json: &str) -> JsResult<core::prioritize::PriorityRules> {
    serde_json::from_str(json).map_err(|e| bad_argument("priority rules", e.to_string()))
}

fn row_out(r: &core::ListRow) -> ListRow {
    ListRow {
        conversation: r.conversation.0 as f64,
        internal: r.internal,
        contact: r.contact.map(|c| c.0 as f64),
        title: r.title.clone(),
        preview: r.preview.clone(),
        last_activity_at: r.last_activity_at,
        channel: r.channel.as_str().into(),
        unread: r.unread,
        unreplied: r.unreplied,
        status: r.status.as_str().into(),
        priority: r.priority.as_str().into(),
        assignees: r.assignees.iter().map(|u| u.0 as f64).collect(),
        ai_mode: r.ai_mode.as_str().into(),
    }
}

fn page_out(p: &core::Page) -> Page {
    Page { rows: p.rows.iter().map(row_out).collect(), next: p.next.as_ref().map(|c| c.as_str().to_string()) }
}

fn tiles_out(t: &core::Tiles) -> Tiles {
    Tiles {
        assigned_to_me: t.assigned_to_me as f64,
        my_unreplied_messages: t.my_unreplied_messages as f64,
        unassigned: t.unassigned as f64,
        unreplied_messages: t.unreplied_messages as f64,
        unread_conversations: t.unread_conversations as f64,
        team_inbox: t.team_inbox as f64,
        in_progress: t.in_progress as f64,
        closed: t.closed as f64,
        my_inbox: t.my_inbox as f64,
        needs_my_attention: t.needs_my_attention as f64,
        waiting_for_customer: t.waiting_for_customer as f64,
    }
}

fn inbox_metrics_out(m: &core::InboxMetrics) -> InboxMetrics {
    InboxMetrics {
        conversations: m.conversations as f64,
        new_today: m.new_today as f64,
        resolved_today: m.resolved_today as f64,
        backlog: m.backlog as f64,
        average_first_response_ms: m.average_first_response_ms.map(|v| v as f64),
        resolution_rate: m.resolution_rate,
        handled_by_ai: m.handled_by_ai as f64,
        handled_by_humans: m.handled_by_humans as f64,
        ai_share: m.ai_share,
        satisfaction_ratings: m.satisfaction_ratings as f64,
        average_satisfaction: m.average_satisfaction,
    }
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

fn priority_out(d: &core::prioritize::PriorityDecision) -> PriorityDecision {
    PriorityDecision {
        priority: d.priority.map(|p| p.as_str().to_string()),
        fired: d
            .fired
            .iter()
            .map(|f| FiredRule {
                rule_id: f.rule_id.clone(),
                priority: f.priority.as_str().into(),
                reason: f.reason.clone(),
            })
            .collect(),
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

/// Every diagnostic (errors and warnings) of a search query, for editors:
/// the thrown `query_syntax` error carries the code and the same diagnostics
/// in its message; this gives them as objects with both spans.
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

fn delivered(d: core::Delivered) -> Delivered {
    Delivered {
        conversation: d.conversation.0 as f64,
        message: d.message.0 as f64,
        contact: d.contact.map(|c| c.0 as f64),
    }
}

fn visibility_out(v: &core::Visibility) -> Either<String, Vec<f64>> {
    match v {
        core::Visibility::Everyone => Either::A("everyone".into()),
        core::Visibility::Users(u) => Either::B(u.iter().map(|u| u.0 as f64).collect()),
    }
}

fn attachment_out(a: &core::Attachment) -> Attachment {
    Attachment {
        name: a.name.clone(),
        mime: a.mime.clone(),
        size: a.size as f64,
        reference: a.reference.clone(),
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
                let (kind, invoice) = match m.kind {
                    core::MessageKind::Text => ("text", None),
                    core::MessageKind::Note => ("note", None),
                    core::MessageKind::Invoice(i) => ("invoice", Some(i.0 as f64)),
                    core::MessageKind::Checkout(i) => ("checkout", Some(i.0 as f64)),
                };
                Message {
                    id: m.id.0 as f64,
                    at: m.at,
                    channel: m.channel.as_str().into(),
                    author: match m.author {
                        core::Author::User(u) => Either::A(u.0 as f64),
                        core::Author::Contact => Either::B("contact".into()),
                        core::Author::Ai => Either::B("ai".into()),
                        core::Author::AutoResponder => Either::B("auto_responder".into()),
                        core::Author::System => Either::B("system".into()),
                    },
                    kind: kind.into(),
                    invoice,
                    body: m.body.clone(),
                    attachments: m.attachments.iter().map(attachment_out).collect(),
                    ai_confidence: m.ai_confidence(),
                    ai_reasoning: m.ai.as_ref().and_then(|x| x.reasoning.clone()),
                    ai_intent: m.ai.as_ref().and_then(|x| x.intent.clone()),
                }
            })
            .collect(),
        invoices: c
            .invoices
            .iter()
            .map(|i| Invoice {
                id: i.id.0 as f64,
                kind: i.kind.as_str().into(),
                amount_minor: i.amount_minor as f64,
                currency: i.currency.clone(),
                description: i.description.clone(),
                state: i.state.as_str().into(),
                created_at: i.created_at,
            })
            .collect(),
        summary: c.summary.clone(),
        satisfaction: c.satisfaction.as_ref().map(|x| x.rating),
        satisfaction_comment: c.satisfaction.as_ref().and_then(|x| x.comment.clone()),
    }
}

fn contact_out(c: &core::Contact) -> Contact {
    Contact {
        id: c.id.0 as f64,
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        company: c.company.clone(),
        segment: c.segment.clone(),
        tags: c.tags.clone(),
        current_conversation: c.current_conversation.map(|x| x.0 as f64),
        created_at: c.created_at,
    }
}

fn transcript_out(t: &core::Transcript) -> Transcript {
    Transcript {
        conversation: t.conversation.0 as f64,
        with: t.with.clone(),
        status: t.status.as_str().into(),
        audience: t.audience.as_str().to_string(),
        entries: t
            .entries
            .iter()
            .map(|e| TranscriptEntry {
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
            .collect(),
        summary: t.summary.clone(),
        satisfaction: t.satisfaction,
    }
}

fn user_out(u: &core::User) -> User {
    User {
        id: u.id.0 as f64,
        name: u.name.clone(),
        email: u.email.clone(),
        role: u.role.as_str().to_string(),
        availability: u.availability.as_str().to_string(),
        teams: u.teams.iter().map(|t| t.0 as f64).collect(),
        removed: u.removed,
    }
}

fn unit(a: core::Result<core::Applied<()>>) -> JsResult<Applied> {
    check(a).map(|a| Applied { events: events(&a.events) })
}

fn with_id<T>(a: core::Result<core::Applied<T>>, f: impl FnOnce(T) -> u64) -> JsResult<AppliedId> {
    check(a).map(|a| AppliedId { events: events(&a.events), value: f(a.value) as f64 })
}

fn with_delivered(a: core::Result<core::Applied<core::Delivered>>) -> JsResult<AppliedDelivered> {
    check(a).map(|a| AppliedDelivered { events: events(&a.events), value: delivered(a.value) })
}

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

    /// The whole workspace as JSON (a versioned snapshot).
    #[napi(catch_unwind)]
    pub fn to_json(&self) -> Result<String, String> {
        check(self.read(|ws| ws.to_json())?)
    }

    /// The settings.
    #[napi(catch_unwind)]
    pub fn config(&self) -> Result<WorkspaceConfig, String> {
        self.read(|ws| config_out(ws.config()))
    }

    /// The policy for messages to closed conversations.
    #[napi(catch_unwind, ts_return_type = "ClosedPolicy")]
    pub fn closed_policy(&self) -> Result<String, String> {
        self.read(|ws| ws.closed_policy().as_str().to_string())
    }

    /// Adds a user (admins or the system); returns the user id.
    #[napi(catch_unwind)]
    pub fn add_user(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        user: NewUser,
    ) -> Result<AppliedId, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        let new = core::NewUser {
            name: user.name,
            email: user.email,
            role: choice(&user.role)?,
            availability: match user.availability {
                None => core::Availability::Offline,
                Some(s) => choice(&s)?,
            },
            skills: user.skills.unwrap_or_default(),
            capacity: user.capacity,
        };
        with_id(self.command(|ws| ws.add_user(a, t, new))?, |u| u.0)
    }

    /// Sets a user's availability.
    #[napi(catch_unwind)]
    pub fn set_availability(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        user: f64,
        #[napi(ts_arg_type = "Availability")] availability: String,
    ) -> Result<Applied, String> {
        let (a, t, u) = (self::actor(&actor)?, time(&now)?, core::UserId(id(user, "user")?));
        let av = choice(&availability)?;
        unit(self.command(|ws| ws.set_availability(a, t, u, av))?)
    }

    /// Replaces a user's routing skills and capacity (admins).
    #[napi(catch_unwind)]
    pub fn set_user_routing(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        user: f64,
        skills: Vec<String>,
        capacity: Option<u32>,
    ) -> Result<Applied, String> {
        let (a, t, u) = (self::actor(&actor)?, time(&now)?, core::UserId(id(user, "user")?));
        unit(self.command(|ws| ws.set_user_routing(a, t, u, skills, capacity))?)
    }

    /// Removes a user (admins).
    #[napi(catch_unwind)]
    pub fn remove_user(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        user: f64,
    ) -> Result<Applied, String> {
        let (a, t, u) = (self::actor(&actor)?, time(&now)?, core::UserId(id(user, "user")?));
        unit(self.command(|ws| ws.remove_user(a, t, u))?)
    }

    /// Creates a team (admins); returns the team id.
    #[napi(catch_unwind)]
    pub fn add_team(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        name: String,
        members: Vec<f64>,
    ) -> Result<AppliedId, String> {
        let (a, t, m) = (self::actor(&actor)?, time(&now)?, users(&members, "members")?);
        with_id(self.command(|ws| ws.add_team(a, t, &name, m))?, |x| x.0)
    }

    /// Replaces a team's members (admins).
    #[napi(catch_unwind)]
    pub fn set_team_members(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        team: f64,
        members: Vec<f64>,
    ) -> Result<Applied, String> {
        let (a, t, tm, m) =
            (self::actor(&actor)?, time(&now)?, core::TeamId(id(team, "team")?), users(&members, "members")?);
        unit(self.command(|ws| ws.set_team_members(a, t, tm, m))?)
    }

    /// Creates a contact; returns the contact id.
    #[napi(catch_unwind)]
    pub fn add_contact(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: NewContact,
    ) -> Result<AppliedId, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        let new = core::NewContact {
            name: contact.name,
            phone: contact.phone,
            email: contact.email,
            company: contact.company,
            segment: contact.segment,
            tags: contact.tags.unwrap_or_default(),
            identities: Vec::new(),
        };
        with_id(self.command(|ws| ws.add_contact(a, t, new))?, |x| x.0)
    }

    /// Changes a contact's details; absent fields stay, '' clears.
    #[napi(catch_unwind)]
    pub fn update_contact(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: f64,
        patch: NewContact,
    ) -> Result<Applied, String> {
        let (a, t, c) = (self::actor(&actor)?, time(&now)?, core::ContactId(id(contact, "contact")?));
        let p = core::ContactPatch {
            name: patch.name,
            phone: patch.phone,
            email: patch.email,
            company: patch.company,
            segment: patch.segment,
        };
        unit(self.command(|ws| ws.update_contact(a, t, c, p))?)
    }

    /// Adds an address on a channel to a contact.
    #[napi(catch_unwind)]
    pub fn add_contact_identity(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: f64,
        #[napi(ts_arg_type = "Channel")] channel: String,
        handle: String,
    ) -> Result<Applied, String> {
        let (a, t, c, ch) =
            (self::actor(&actor)?, time(&now)?, core::ContactId(id(contact, "contact")?), choice(&channel)?);
        unit(self.command(|ws| ws.add_contact_identity(a, t, c, ch, &handle))?)
    }

    /// Adds a note about a contact.
    #[napi(catch_unwind)]
    pub fn add_contact_note(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: f64,
        text: String,
    ) -> Result<Applied, String> {
        let (a, t, c) = (self::actor(&actor)?, time(&now)?, core::ContactId(id(contact, "contact")?));
        unit(self.command(|ws| ws.add_contact_note(a, t, c, &text))?)
    }

    /// Tags a contact.
    #[napi(catch_unwind)]
    pub fn tag_contact(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: f64,
        tag: String,
    ) -> Result<Applied, String> {
        let (a, t, c) = (self::actor(&actor)?, time(&now)?, core::ContactId(id(contact, "contact")?));
        unit(self.command(|ws| ws.tag_contact(a, t, c, &tag))?)
    }

    /// Sets the assignees and visibility of the contact's new inbound conversations (admins).
    #[napi(catch_unwind)]
    pub fn set_contact_routing(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: f64,
        assignees: Vec<f64>,
        #[napi(ts_arg_type = "Visibility")] visibility: Either<String, Vec<f64>>,
    ) -> Result<Applied, String> {
        let (a, t, c) = (self::actor(&actor)?, time(&now)?, core::ContactId(id(contact, "contact")?));
        let routing = core::ContactRouting {
            assignees: users(&assignees, "assignees")?,
            visibility: self::visibility(&visibility)?,
        };
        unit(self.command(|ws| ws.set_contact_routing(a, t, c, routing))?)
    }

    /// Delivers a message from a contact (the system only).
    #[napi(catch_unwind)]
    pub fn receive_message(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        message: Inbound,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, m) = (self::actor(&actor)?, time(&now)?, inbound(message)?);
        with_delivered(self.command(|ws| ws.receive_message(a, t, m))?)
    }

    /// Delivers many inbound messages in one call (one crossing). Returns one
    /// result per message, in order: `{ delivered }` or `{ error }`.
    #[napi(catch_unwind)]
    pub fn receive_messages(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        messages: Vec<Inbound>,
    ) -> Result<Vec<ReceiveResult>, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        let batch: Vec<JsResult<core::Inbound>> = messages.into_iter().map(inbound).collect();
        // One crossing and, on a stored workspace, one transaction: a refused
        // message changes nothing, the others are written together.
        check(self.command(|ws| {
            Ok(batch
                .into_iter()
                .map(|m| {
                    let r = m.and_then(|m| ws.receive_message(a, t, m).map_err(|e| errors::js(&e)));
                    match r {
                        Ok(d) => ReceiveResult { delivered: Some(delivered(d.value)), error: None },
                        Err(e) => ReceiveResult {
                            delivered: None,
                            error: Some(ItemError {
                                code: e.status.clone(),
                                family: String::new(),
                                message: e.reason.clone(),
                            }),
                        },
                    }
                })
                .map(|mut r| {
                    if let Some(e) = &mut r.error {
                        e.family =
                            e.message.split(']').next().unwrap_or("").trim_start_matches('[').to_string();
                    }
                    r
                })
                .collect())
        })?)
    }

    /// Starts a conversation with a contact by sending the first message.
    #[napi(catch_unwind)]
    pub fn start_conversation(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        contact: f64,
        #[napi(ts_arg_type = "Channel")] channel: String,
        body: String,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, c) = (self::actor(&actor)?, time(&now)?, core::ContactId(id(contact, "contact")?));
        let m = core::Outbound { channel: Some(choice(&channel)?), body, attachments: vec![] };
        with_delivered(self.command(|ws| ws.start_conversation(a, t, c, m))?)
    }

    /// Sends a message written by a person (optionally on another channel).
    #[napi(catch_unwind)]
    pub fn send_message(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        body: String,
        #[napi(ts_arg_type = "Channel | undefined | null")] channel: Option<String>,
        attachments: Option<Vec<Attachment>>,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        let channel = channel.map(|c| choice(&c)).transpose()?;
        let m = core::Outbound { channel, body, attachments: self::attachments(attachments)? };
        with_delivered(self.command(|ws| ws.send_message(a, t, c, m))?)
    }

    /// Sends the AI agent's reply (the system only, while the AI is active).
    #[napi(catch_unwind)]
    pub fn send_ai_reply(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        body: String,
        signals: Option<AiReplySignals>,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        let signals = signals.map_or_else(core::AiReplySignals::default, |s| core::AiReplySignals {
            confidence: s.confidence.map(whole),
            reasoning: s.reasoning,
            intent: s.intent,
        });
        if signals.is_empty() {
            return with_delivered(self.command(|ws| ws.send_ai_reply(a, t, c, &body))?);
        }
        let reply = core::AiReply { body, signals };
        with_delivered(self.command(|ws| ws.send_ai_reply_with(a, t, c, reply))?)
    }

    /// Sets (or, with null, clears) the conversation summary the host's AI
    /// wrote (the system only).
    #[napi(catch_unwind)]
    pub fn set_summary(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        summary: Option<String>,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.set_summary(a, t, c, summary.as_deref()))?)
    }

    /// Records the customer's satisfaction rating, 1 to 5, with an optional
    /// comment (the system only); a later rating replaces an earlier one.
    #[napi(catch_unwind)]
    pub fn rate_satisfaction(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        rating: f64,
        comment: Option<String>,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.rate_satisfaction(a, t, c, whole(rating), comment.as_deref()))?)
    }

    /// Sends an automatic response; it answers nothing (the system only).
    #[napi(catch_unwind)]
    pub fn send_auto_reply(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        body: String,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        with_delivered(self.command(|ws| ws.send_auto_reply(a, t, c, &body))?)
    }

    /// Adds a system message (the system only).
    #[napi(catch_unwind)]
    pub fn send_system_message(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        body: String,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        with_delivered(self.command(|ws| ws.send_system_message(a, t, c, &body))?)
    }

    /// Adds a private note; returns the message id.
    #[napi(catch_unwind)]
    pub fn add_note(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        body: String,
    ) -> Result<AppliedId, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        with_id(self.command(|ws| ws.add_note(a, t, c, &body))?, |m| m.0)
    }

    /// Sends an internal message to another user (or oneself).
    #[napi(catch_unwind)]
    pub fn send_internal_message(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        to: f64,
        body: String,
    ) -> Result<AppliedDelivered, String> {
        let (a, t, u) = (self::actor(&actor)?, time(&now)?, core::UserId(id(to, "to")?));
        with_delivered(self.command(|ws| ws.send_internal_message(a, t, u, core::Outbound::text(body)))?)
    }

    /// Sends an invoice or checkout (WhatsApp or SMS); returns the invoice id.
    #[napi(catch_unwind)]
    pub fn send_invoice(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        invoice: NewInvoice,
    ) -> Result<AppliedId, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        if !invoice.amount_minor.is_finite()
            || invoice.amount_minor.fract() != 0.0
            || invoice.amount_minor.abs() > MAX_ID
        {
            return Err(bad_argument("amountMinor", "must be a whole number of minor units"));
        }
        let new = core::NewInvoice {
            kind: choice(&invoice.kind)?,
            amount_minor: invoice.amount_minor as i64,
            currency: invoice.currency,
            description: invoice.description,
        };
        with_id(self.command(|ws| ws.send_invoice(a, t, c, new))?, |i| i.0)
    }

    /// Records that an invoice was paid (the system or admins).
    #[napi(catch_unwind)]
    pub fn mark_invoice_paid(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        invoice: f64,
    ) -> Result<Applied, String> {
        let (a, t, i) = (self::actor(&actor)?, time(&now)?, core::InvoiceId(id(invoice, "invoice")?));
        unit(self.command(|ws| ws.mark_invoice_paid(a, t, i))?)
    }

    /// Cancels an invoice (the system or admins).
    #[napi(catch_unwind)]
    pub fn cancel_invoice(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        invoice: f64,
    ) -> Result<Applied, String> {
        let (a, t, i) = (self::actor(&actor)?, time(&now)?, core::InvoiceId(id(invoice, "invoice")?));
        unit(self.command(|ws| ws.cancel_invoice(a, t, i))?)
    }

    /// Assigns users (added to the current assignees), with an optional note.
    #[napi(catch_unwind)]
    pub fn assign(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        users: Vec<f64>,
        note: Option<String>,
    ) -> Result<Applied, String> {
        let (a, t, c, u) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            self::users(&users, "users")?,
        );
        unit(self.command(|ws| ws.assign(a, t, c, u, note.as_deref()))?)
    }

    /// Removes assignees.
    #[napi(catch_unwind)]
    pub fn unassign(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        users: Vec<f64>,
    ) -> Result<Applied, String> {
        let (a, t, c, u) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            self::users(&users, "users")?,
        );
        unit(self.command(|ws| ws.unassign(a, t, c, u))?)
    }

    /// Transfers: the given users become the only assignees.
    #[napi(catch_unwind)]
    pub fn transfer(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        to: Vec<f64>,
        note: Option<String>,
    ) -> Result<Applied, String> {
        let (a, t, c, u) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            users(&to, "to")?,
        );
        unit(self.command(|ws| ws.transfer(a, t, c, u, note.as_deref()))?)
    }

    /// Routes to a team; `value` is the chosen member, or undefined.
    #[napi(catch_unwind)]
    pub fn assign_team(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        team: f64,
        note: Option<String>,
    ) -> Result<AppliedChoice, String> {
        let (a, t, c, tm) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            core::TeamId(id(team, "team")?),
        );
        check(self.command(|ws| ws.assign_team(a, t, c, tm, note.as_deref()))?)
            .map(|r| AppliedChoice { value: r.value.map(|u| u.0 as f64), events: events(&r.events) })
    }

    /// Takes the conversation over from the AI.
    #[napi(catch_unwind)]
    pub fn take_over(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.take_over(a, t, c))?)
    }

    /// The AI asks for a human (the system only).
    #[napi(catch_unwind)]
    pub fn request_handoff(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        reason: Option<String>,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.request_handoff(a, t, c, reason.as_deref()))?)
    }

    /// Hands the conversation back to the AI.
    #[napi(catch_unwind)]
    pub fn resume_ai(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.resume_ai(a, t, c))?)
    }

    /// Sets the AI mode.
    #[napi(catch_unwind)]
    pub fn set_ai_mode(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        #[napi(ts_arg_type = "AiMode")] mode: String,
    ) -> Result<Applied, String> {
        let (a, t, c, m) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            choice(&mode)?,
        );
        unit(self.command(|ws| ws.set_ai_mode(a, t, c, m))?)
    }

    /// Sets the priority by hand (pinned), with an optional reason.
    #[napi(catch_unwind)]
    pub fn set_priority(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        #[napi(ts_arg_type = "Priority")] priority: String,
        reason: Option<String>,
    ) -> Result<Applied, String> {
        let (a, t, c, p) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            choice(&priority)?,
        );
        unit(self.command(|ws| ws.set_priority(a, t, c, p, reason.as_deref()))?)
    }

    /// Clears a manual priority pin.
    #[napi(catch_unwind)]
    pub fn clear_priority_pin(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.clear_priority_pin(a, t, c))?)
    }

    /// Tags the conversation.
    #[napi(catch_unwind)]
    pub fn tag_conversation(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        tag: String,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.tag_conversation(a, t, c, &tag))?)
    }

    /// Removes a tag.
    #[napi(catch_unwind)]
    pub fn untag_conversation(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        tag: String,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.untag_conversation(a, t, c, &tag))?)
    }

    /// Sets who may see the conversation: 'everyone' or a list of user ids.
    #[napi(catch_unwind)]
    pub fn set_visibility(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        #[napi(ts_arg_type = "Visibility")] visibility: Either<String, Vec<f64>>,
    ) -> Result<Applied, String> {
        let (a, t, c, v) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            self::visibility(&visibility)?,
        );
        unit(self.command(|ws| ws.set_visibility(a, t, c, v))?)
    }

    /// Changes the status.
    #[napi(catch_unwind)]
    pub fn set_status(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        #[napi(ts_arg_type = "Status")] status: String,
    ) -> Result<Applied, String> {
        let (a, t, c, s) = (
            self::actor(&actor)?,
            time(&now)?,
            core::ConversationId(id(conversation, "conversation")?),
            choice(&status)?,
        );
        unit(self.command(|ws| ws.set_status(a, t, c, s))?)
    }

    /// Closes (resolves) the conversation.
    #[napi(catch_unwind)]
    pub fn close(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.close(a, t, c))?)
    }

    /// Reopens the conversation.
    #[napi(catch_unwind)]
    pub fn reopen(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.reopen(a, t, c))?)
    }

    /// Archives the conversation.
    #[napi(catch_unwind)]
    pub fn archive(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.archive(a, t, c))?)
    }

    /// Deletes the conversation and everything in it (admins).
    #[napi(catch_unwind)]
    pub fn delete_conversation(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.delete_conversation(a, t, c))?)
    }

    /// Applies one action to many conversations; one outcome each.
    #[napi(catch_unwind)]
    pub fn bulk(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversations: Vec<f64>,
        action: BulkActionInput,
    ) -> Result<Vec<BulkOutcome>, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        let list: Vec<core::ConversationId> =
            ids(&conversations, "conversations")?.into_iter().map(core::ConversationId).collect();
        let need = |v: Option<String>, what: &str| {
            v.ok_or_else(|| bad_argument(what, "is required for this bulk action"))
        };
        let act = match action.action.as_str() {
            "assign" => core::BulkAction::Assign {
                users: users(&action.users.unwrap_or_default(), "users")?,
                note: action.note,
            },
            "assign_team" => core::BulkAction::AssignTeam {
                team: core::TeamId(id(
                    action.team.ok_or_else(|| bad_argument("team", "is required"))?,
                    "team",
                )?),
            },
            "set_status" => core::BulkAction::SetStatus { status: choice(&need(action.status, "status")?)? },
            "set_priority" => core::BulkAction::SetPriority {
                priority: choice(&need(action.priority, "priority")?)?,
                reason: action.reason,
            },
            "archive" => core::BulkAction::Archive,
            "delete" => core::BulkAction::Delete,
            other => return Err(bad_argument("action", format!("unknown bulk action {other:?}"))),
        };
        let outcomes = check(self.command(|ws| Ok(ws.bulk(a, t, &list, &act)))?)?;
        Ok(outcomes
            .iter()
            .map(|o| match &o.result {
                Ok(ev) => BulkOutcome {
                    conversation: o.conversation.0 as f64,
                    events: Some(events(ev)),
                    error: None,
                },
                Err(e) => BulkOutcome {
                    conversation: o.conversation.0 as f64,
                    events: None,
                    error: Some(errors::item(e)),
                },
            })
            .collect())
    }

    /// Applies every timed transition due at `now`; returns the events.
    #[napi(catch_unwind, ts_return_type = "FrontdeskEvent[]")]
    pub fn tick(&self, now: JsDate<'_>) -> Result<Vec<serde_json::Value>, String> {
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
        let list = check(self.lock()?.take_notifications())?;
        Ok(list
            .iter()
            .map(|n| Notification {
                recipient: n.recipient.0 as f64,
                kind: n.kind.as_str().to_string(),
                conversation: n.conversation.0 as f64,
                channels: n.channels.iter().map(|c| c.as_str().to_string()).collect(),
                reason: n.reason.clone(),
            })
            .collect())
    }

    /// The notification settings in force for `user`, one entry per alert kind.
    #[napi(catch_unwind)]
    pub fn notification_preferences(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        user: f64,
    ) -> Result<Vec<NotificationSetting>, String> {
        let (a, u) = (actor(&viewer)?, core::UserId(id(user, "user")?));
        let prefs = check(self.read(|ws| ws.notification_preferences(a, u))?)?;
        Ok(core::AlertKind::ALL
            .iter()
            .map(|k| NotificationSetting {
                kind: k.as_str().to_string(),
                channels: prefs.channels_for(*k).iter().map(|c| c.as_str().to_string()).collect(),
            })
            .collect())
    }

    /// Sets the channels `user` is told about `kind` through (empty: not told).
    #[napi(catch_unwind)]
    pub fn set_notification_channels(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        user: f64,
        #[napi(ts_arg_type = "AlertKind")] kind: String,
        #[napi(ts_arg_type = "DeliveryChannel[]")] channels: Vec<String>,
    ) -> Result<Applied, String> {
        let (a, t, u) = (self::actor(&actor)?, time(&now)?, core::UserId(id(user, "user")?));
        let kind = core::AlertKind::parse(&kind)
            .ok_or_else(|| bad_argument("kind", format!("unknown alert kind {kind:?}")))?;
        let channels = channels
            .iter()
            .map(|c| {
                core::DeliveryChannel::parse(c)
                    .ok_or_else(|| bad_argument("channels", format!("unknown channel {c:?}")))
            })
            .collect::<JsResult<Vec<_>>>()?;
        unit(self.command(|ws| ws.set_notification_channels(a, t, u, kind, channels))?)
    }

    /// Drops `user`'s own notification settings (the workspace defaults apply).
    #[napi(catch_unwind)]
    pub fn reset_notification_preferences(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        user: f64,
    ) -> Result<Applied, String> {
        let (a, t, u) = (self::actor(&actor)?, time(&now)?, core::UserId(id(user, "user")?));
        unit(self.command(|ws| ws.reset_notification_preferences(a, t, u))?)
    }

    /// Records that `actor` views the conversation (ephemeral, expires).
    #[napi(catch_unwind)]
    pub fn viewing(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<(), String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.lock()?.signal_presence(a, c, t, false))
    }

    /// Records that `actor` types in the conversation (ephemeral, expires).
    #[napi(catch_unwind)]
    pub fn typing(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<(), String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.lock()?.signal_presence(a, c, t, true))
    }

    /// Who else is viewing or typing in the conversation at `now`.
    #[napi(catch_unwind)]
    pub fn present(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Vec<Presence>, String> {
        let (a, t, c) =
            (actor(&viewer)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        let list = check(self.read(|ws| ws.present(a, c, t))?)?;
        Ok(list
            .iter()
            .map(|p| Presence { user: p.user.0 as f64, typing: p.typing, last_seen: p.last_seen })
            .collect())
    }

    /// Sets the views `viewer` watches (empty: stop). Ephemeral: never written.
    #[napi(catch_unwind)]
    pub fn watch_views(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        views: Vec<WatchedView>,
    ) -> Result<(), String> {
        let a = actor(&viewer)?;
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
    pub fn take_feed(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
    ) -> Result<Feed, String> {
        let a = actor(&viewer)?;
        Ok(feed_out(&check(self.lock()?.take_feed(a))?))
    }

    /// When the next timed transition is due (null: nothing waits).
    #[napi(catch_unwind)]
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>, String> {
        self.read(|ws| ws.next_due())
    }

    /// A conversation as `viewer` may see it (hidden ones throw `not_found`).
    #[napi(catch_unwind)]
    pub fn conversation(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
    ) -> Result<Conversation, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.read(|ws| ws.conversation(a, c).map(conversation_out))?)
    }

    /// Every conversation `viewer` may see, in id order.
    #[napi(catch_unwind)]
    pub fn conversations(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
    ) -> Result<Vec<Conversation>, String> {
        let a = actor(&viewer)?;
        check(
            self.read(|ws| ws.conversations(a).map(|list| list.into_iter().map(conversation_out).collect()))?,
        )
    }

    /// Whether `viewer` may see the conversation (false for unknown ids).
    #[napi(catch_unwind)]
    pub fn can_see(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
    ) -> Result<bool, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        self.read(|ws| ws.can_see(a, c))
    }

    /// How many live conversations `viewer` may see (all for the host).
    #[napi(catch_unwind)]
    pub fn conversation_count(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
    ) -> Result<u32, String> {
        let a = actor(&viewer)?;
        Ok(check(self.read(|ws| ws.conversation_count(a))?)? as u32)
    }

    /// A user by id.
    #[napi(catch_unwind)]
    pub fn user(&self, user: f64) -> Result<User, String> {
        let u = core::UserId(id(user, "user")?);
        check(self.read(|ws| ws.user(u).map(user_out))?)
    }

    /// A user by email, or null.
    #[napi(catch_unwind)]
    pub fn user_by_email(&self, email: String) -> Result<Option<User>, String> {
        self.read(|ws| ws.user_by_email(&email).map(user_out))
    }

    /// Every user (removed ones included).
    #[napi(catch_unwind)]
    pub fn users(&self) -> Result<Vec<User>, String> {
        self.read(|ws| ws.users().iter().map(user_out).collect())
    }

    /// A team by id.
    #[napi(catch_unwind)]
    pub fn team(&self, team: f64) -> Result<Team, String> {
        let t = core::TeamId(id(team, "team")?);
        check(self.read(|ws| {
            ws.team(t).map(|t| Team {
                id: t.id.0 as f64,
                name: t.name.clone(),
                members: t.members.iter().map(|u| u.0 as f64).collect(),
            })
        })?)
    }

    /// Every team.
    #[napi(catch_unwind)]
    pub fn teams(&self) -> Result<Vec<Team>, String> {
        self.read(|ws| {
            ws.teams()
                .iter()
                .map(|t| Team {
                    id: t.id.0 as f64,
                    name: t.name.clone(),
                    members: t.members.iter().map(|u| u.0 as f64).collect(),
                })
                .collect()
        })
    }

    /// A contact as `viewer` may see it: no current conversation the viewer
    /// may not see, no notes unless the viewer is inside the contact's
    /// predefined visibility (admins and the system always are).
    #[napi(catch_unwind)]
    pub fn contact(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        contact: f64,
    ) -> Result<Contact, String> {
        let (a, c) = (actor(&viewer)?, core::ContactId(id(contact, "contact")?));
        check(self.read(|ws| ws.contact(a, c).map(|k| contact_out(&k)))?)
    }

    /// Every contact, each as `viewer` may see it.
    #[napi(catch_unwind)]
    pub fn contacts(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
    ) -> Result<Vec<Contact>, String> {
        let a = actor(&viewer)?;
        check(self.read(|ws| ws.contacts(a).map(|list| list.iter().map(contact_out).collect()))?)
    }

    /// The contact reached at `handle` on `channel`, or null.
    #[napi(catch_unwind)]
    pub fn find_contact(
        &self,
        #[napi(ts_arg_type = "Channel")] channel: String,
        handle: String,
    ) -> Result<Option<f64>, String> {
        let ch: core::Channel = choice(&channel)?;
        self.read(|ws| ws.find_contact(ch, &handle).map(|c| c.0 as f64))
    }

    /// The transcript for an audience ('customer' leaves private notes out).
    #[napi(catch_unwind)]
    pub fn transcript(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
        #[napi(ts_arg_type = "Audience | undefined")] audience: Option<String>,
    ) -> Result<Transcript, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        let au = choice(audience.as_deref().unwrap_or("team"))?;
        let t = check(self.read(|ws| ws.transcript(a, c, au))?)?;
        Ok(transcript_out(&t))
    }

    /// Transcripts of many conversations; one outcome each, in order, a
    /// conversation the viewer may not see refused as not found.
    #[napi(catch_unwind)]
    pub fn export_transcripts(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversations: Vec<f64>,
        #[napi(ts_arg_type = "Audience | undefined")] audience: Option<String>,
    ) -> Result<Vec<ExportOutcome>, String> {
        let a = actor(&viewer)?;
        let list: Vec<core::ConversationId> =
            ids(&conversations, "conversations")?.into_iter().map(core::ConversationId).collect();
        let au = choice(audience.as_deref().unwrap_or("team"))?;
        let outcomes = self.read(|ws| ws.export_transcripts(a, &list, au))?;
        Ok(outcomes
            .iter()
            .map(|o| match &o.result {
                Ok(t) => ExportOutcome {
                    conversation: o.conversation.0 as f64,
                    transcript: Some(transcript_out(t)),
                    error: None,
                },
                Err(e) => ExportOutcome {
                    conversation: o.conversation.0 as f64,
                    transcript: None,
                    error: Some(errors::item(e)),
                },
            })
            .collect())
    }

    /// The customer panel for a contact as `viewer` may see it, beside a
    /// conversation (left out of `related`) or none.
    #[napi(catch_unwind)]
    pub fn customer_panel(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        contact: f64,
        beside: Option<f64>,
    ) -> Result<CustomerPanel, String> {
        let (a, k) = (actor(&viewer)?, core::ContactId(id(contact, "contact")?));
        let b = match beside {
            Some(v) => Some(core::ConversationId(id(v, "beside")?)),
            None => None,
        };
        let p = check(self.read(|ws| ws.customer_panel(a, k, b))?)?;
        Ok(CustomerPanel {
            contact: contact_out(&p.contact),
            total_conversations: p.total_conversations,
            related: p.related.iter().map(|r| r.conversation.0 as f64).collect(),
            first_contact_at: p.first_contact_at,
            notes: p.notes.iter().map(|n| n.text.clone()).collect(),
            tags: p.tags.clone(),
        })
    }

    /// The transcript as pretty-printed JSON.
    #[napi(catch_unwind)]
    pub fn export_json(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
        #[napi(ts_arg_type = "Audience | undefined")] audience: Option<String>,
    ) -> Result<String, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        let au = choice(audience.as_deref().unwrap_or("team"))?;
        check(self.read(|ws| ws.export_json(a, c, au))?)
    }

    /// The transcript as plain text.
    #[napi(catch_unwind)]
    pub fn export_text(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
        #[napi(ts_arg_type = "Audience | undefined")] audience: Option<String>,
    ) -> Result<String, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        let au = choice(audience.as_deref().unwrap_or("team"))?;
        check(self.read(|ws| ws.export_text(a, c, au))?)
    }
    // ----- unread, views, tiles and metrics --------------------------------------------

    /// Marks the conversation read for the acting user (users only).
    #[napi(catch_unwind)]
    pub fn mark_read(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.mark_read(a, t, c))?)
    }

    /// Makes the latest message someone else wrote unread again for the acting user.
    #[napi(catch_unwind)]
    pub fn mark_unread(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.mark_unread(a, t, c))?)
    }

    /// Messages of the conversation unread for `viewer` (0 for the host).
    #[napi(catch_unwind)]
    pub fn unread_count(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
    ) -> Result<u32, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.read(|ws| ws.unread_count(a, c))?)
    }

    /// How many messages of the conversation `viewer` has read.
    #[napi(catch_unwind)]
    pub fn read_marker(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
    ) -> Result<u32, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.read(|ws| ws.read_marker(a, c))?)
    }

    /// One page of a list for `viewer`.
    #[napi(catch_unwind)]
    pub fn view(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        #[napi(ts_arg_type = "View")] view: String,
        filters: Option<ViewFilters>,
        page: Option<PageOptions>,
    ) -> Result<Page, String> {
        let (a, t, q) = (actor(&viewer)?, time(&now)?, view_query(&view, filters, page)?);
        check(self.read(|ws| ws.view(a, &q, t))?).map(|p| page_out(&p))
    }

    /// How many rows a list holds for `viewer`.
    #[napi(catch_unwind)]
    pub fn count(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        #[napi(ts_arg_type = "View")] view: String,
        filters: Option<ViewFilters>,
    ) -> Result<f64, String> {
        let (a, t, q) = (actor(&viewer)?, time(&now)?, view_query(&view, filters, None)?);
        check(self.read(|ws| ws.count(a, &q, t))?).map(|n| n as f64)
    }

    /// The dashboard tiles for `viewer`.
    #[napi(catch_unwind)]
    pub fn tiles(&self, #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>) -> Result<Tiles, String> {
        let a = actor(&viewer)?;
        check(self.read(|ws| ws.tiles(a))?).map(|t| tiles_out(&t))
    }

    /// The figures of one conversation.
    #[napi(catch_unwind)]
    pub fn conversation_metrics(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
    ) -> Result<ConversationMetrics, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        let m = check(self.read(|ws| ws.conversation_metrics(a, c))?)?;
        Ok(ConversationMetrics {
            duration_ms: m.duration_ms as f64,
            messages: m.messages,
            notes: m.notes,
            first_response_ms: m.first_response_ms.map(|v| v as f64),
            average_response_ms: m.average_response_ms.map(|v| v as f64),
            resolution_ms: m.resolution_ms.map(|v| v as f64),
            handled_by_human: m.handled_by_human,
            handled_by_ai: m.handled_by_ai,
        })
    }

    /// The figures of the conversations `viewer` may see.
    #[napi(catch_unwind)]
    pub fn workspace_metrics(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
    ) -> Result<InboxMetrics, String> {
        let (a, t) = (actor(&viewer)?, time(&now)?);
        check(self.read(|ws| ws.workspace_metrics(a, t))?).map(|m| inbox_metrics_out(&m))
    }

    /// The figures of one agent's assigned conversations.
    #[napi(catch_unwind)]
    pub fn agent_metrics(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        agent: f64,
    ) -> Result<InboxMetrics, String> {
        let (a, t, u) = (actor(&viewer)?, time(&now)?, core::UserId(id(agent, "agent")?));
        check(self.read(|ws| ws.agent_metrics(a, u, t))?).map(|m| inbox_metrics_out(&m))
    }

    // ----- search -------------------------------------------------------------------------

    /// Searches with a query in the query language (the binding has no query
    /// tree: same as `searchText`).
    #[napi(catch_unwind)]
    pub fn search(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        query: String,
        page: Option<PageOptions>,
    ) -> Result<Page, String> {
        self.search_text(viewer, now, query, page)
    }

    /// Every conversation matching the query that `viewer` may see, in id order.
    #[napi(catch_unwind)]
    pub fn search_ids(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        query: String,
    ) -> Result<Vec<f64>, String> {
        let (a, t, q) = (actor(&viewer)?, time(&now)?, parse_query(&query)?);
        check(self.read(|ws| ws.search_ids(a, &q, t))?).map(|ids| ids.iter().map(|c| c.0 as f64).collect())
    }

    /// One page of the conversations matching the query.
    #[napi(catch_unwind)]
    pub fn search_text(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        query: String,
        page: Option<PageOptions>,
    ) -> Result<Page, String> {
        let (a, t, o) = (actor(&viewer)?, time(&now)?, search_options(page)?);
        check(self.read(|ws| ws.search_text(a, &query, t, &o))?).map(|p| page_out(&p))
    }

    /// How many conversations match the query for `viewer` (the length of
    /// `searchIds`, counted on the index without listing them).
    #[napi(catch_unwind)]
    pub fn search_count(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        query: String,
    ) -> Result<f64, String> {
        let (a, t, q) = (actor(&viewer)?, time(&now)?, parse_query(&query)?);
        check(self.read(|ws| ws.search_count(a, &q, t))?).map(|n| n as f64)
    }

    // ----- saved filters ------------------------------------------------------------------

    /// Saves a named query on a view with the view's filters, for the actor
    /// alone or, with `shared`, for everyone. The value is the new filter's id.
    #[napi(catch_unwind)]
    pub fn save_filter(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        filter: NewSavedFilter,
    ) -> Result<AppliedId, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        let q = view_query(&filter.view, filter.filters, None)?;
        let new = core::NewSavedFilter {
            name: filter.name,
            query: filter.query.unwrap_or_default(),
            view: q.view,
            sort: filter.sort.as_deref().map(choice).transpose()?.unwrap_or_default(),
            filters: q.filters,
            shared: filter.shared.unwrap_or(false),
        };
        with_id(self.command(|ws| ws.save_filter(a, t, new))?, |f| f.0)
    }

    /// Renames a saved filter (its owner or an admin).
    #[napi(catch_unwind)]
    pub fn rename_saved_filter(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        filter: f64,
        name: String,
    ) -> Result<Applied, String> {
        let (a, t, f) = (self::actor(&actor)?, time(&now)?, core::SavedFilterId(id(filter, "filter")?));
        unit(self.command(|ws| ws.rename_saved_filter(a, t, f, &name))?)
    }

    /// Deletes a saved filter (its owner or an admin).
    #[napi(catch_unwind)]
    pub fn delete_saved_filter(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        filter: f64,
    ) -> Result<Applied, String> {
        let (a, t, f) = (self::actor(&actor)?, time(&now)?, core::SavedFilterId(id(filter, "filter")?));
        unit(self.command(|ws| ws.delete_saved_filter(a, t, f))?)
    }

    /// The saved filters `viewer` lists (their own and the shared ones), each
    /// with how many conversations it holds for `viewer`.
    #[napi(catch_unwind)]
    pub fn saved_filters(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
    ) -> Result<Vec<SavedFilterCount>, String> {
        let (a, t) = (actor(&viewer)?, time(&now)?);
        let list = check(self.read(|ws| ws.saved_filters(a, t))?)?;
        Ok(list
            .iter()
            .map(|c| SavedFilterCount { filter: saved_filter_out(&c.filter), count: c.count as f64 })
            .collect())
    }

    /// One saved filter that `viewer` lists.
    #[napi(catch_unwind)]
    pub fn saved_filter(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        filter: f64,
    ) -> Result<SavedFilter, String> {
        let (a, f) = (actor(&viewer)?, core::SavedFilterId(id(filter, "filter")?));
        check(self.read(|ws| ws.saved_filter(a, f))?).map(|f| saved_filter_out(&f))
    }

    /// What compiled search SQL needs to run as `viewer`.
    #[napi(catch_unwind)]
    pub fn sql_context(&self, viewer: f64, now: JsDate<'_>) -> Result<SqlContext, String> {
        let (u, t) = (core::UserId(id(viewer, "viewer")?), time(&now)?);
        let c = check(self.read(|ws| ws.sql_context(u, t))?)?;
        Ok(SqlContext {
            viewer: c.viewer.0 as f64,
            is_admin: c.is_admin,
            now: c.now,
            utc_offset_minutes: c.utc_offset_minutes,
        })
    }

    // ----- routing ------------------------------------------------------------------------

    /// Sets the workspace's auto-assignment chain (empty: off).
    #[napi(catch_unwind)]
    pub fn set_routing(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        #[napi(ts_arg_type = "RoutingStrategy[]")] chain: Vec<String>,
    ) -> Result<Applied, String> {
        let (a, t, c) = (self::actor(&actor)?, time(&now)?, chain_in(&chain)?);
        unit(self.command(|ws| ws.set_routing(a, t, c))?)
    }

    /// Sets a team's own chain (null: the workspace chain, or load balancing).
    #[napi(catch_unwind)]
    pub fn set_team_routing(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        team: f64,
        #[napi(ts_arg_type = "RoutingStrategy[] | null")] chain: Option<Vec<String>>,
    ) -> Result<Applied, String> {
        let (a, t, tm) = (self::actor(&actor)?, time(&now)?, core::TeamId(id(team, "team")?));
        let c = chain.as_deref().map(chain_in).transpose()?;
        unit(self.command(|ws| ws.set_team_routing(a, t, tm, c))?)
    }

    /// Sets the skills a conversation needs.
    #[napi(catch_unwind)]
    pub fn set_required_skills(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        skills: Vec<String>,
    ) -> Result<Applied, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        unit(self.command(|ws| ws.set_required_skills(a, t, c, skills))?)
    }

    /// Routes an unassigned conversation now.
    #[napi(catch_unwind)]
    pub fn auto_assign(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<AppliedRouting, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        let r = check(self.command(|ws| ws.auto_assign(a, t, c))?)?;
        Ok(AppliedRouting { value: decision_out(&r.value), events: events(&r.events) })
    }

    /// What auto-assignment would decide now, and why; changes nothing.
    #[napi(catch_unwind)]
    pub fn explain_routing(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        conversation: f64,
    ) -> Result<RoutingDecision, String> {
        let (a, c) = (actor(&viewer)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.read(|ws| ws.explain_routing(a, c))?).map(|d| decision_out(&d))
    }

    /// Conversations waiting for an eligible agent, in assignment order.
    #[napi(catch_unwind)]
    pub fn routing_queue(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
    ) -> Result<Vec<f64>, String> {
        let a = actor(&viewer)?;
        check(self.read(|ws| ws.routing_queue(a))?).map(|ids| ids.iter().map(|c| c.0 as f64).collect())
    }

    // ----- priority -----------------------------------------------------------------------

    /// Replaces the priority rules, given as JSON text (`{"rules": [...]}`). Admins only.
    #[napi(catch_unwind)]
    pub fn set_priority_rules(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        rules_json: String,
    ) -> Result<Applied, String> {
        let (a, t, r) = (self::actor(&actor)?, time(&now)?, rules_in(&rules_json)?);
        unit(self.command(|ws| ws.set_priority_rules(a, t, r))?)
    }

    /// Sets the response-time goals (null: no SLA warnings). Admins only.
    #[napi(catch_unwind)]
    pub fn set_response_goals(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        goals: Option<ResponseGoals>,
    ) -> Result<Applied, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        let g = goals.map(goals_in).transpose()?;
        unit(self.command(|ws| ws.set_response_goals(a, t, g))?)
    }

    /// Feeds the host AI's sentiment (-1 to 1) and intent to the priority rules (host only).
    #[napi(catch_unwind)]
    pub fn record_ai_signals(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        sentiment: Option<f64>,
        intent: Option<String>,
    ) -> Result<AppliedPriority, String> {
        let (a, t, c) =
            (self::actor(&actor)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        let r =
            check(self.command(|ws| {
                ws.record_ai_signals(a, t, c, sentiment.map(|s| s as f32), intent.as_deref())
            })?)?;
        Ok(AppliedPriority { value: priority_out(&r.value), events: events(&r.events) })
    }

    /// What the priority rules decide for the conversation now; changes nothing.
    #[napi(catch_unwind)]
    pub fn explain_priority(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
    ) -> Result<PriorityDecision, String> {
        let (a, t, c) =
            (actor(&viewer)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        check(self.read(|ws| ws.explain_priority(a, t, c))?).map(|d| priority_out(&d))
    }

    // ----- templates ----------------------------------------------------------------------

    /// Adds a reply template (admins).
    #[napi(catch_unwind)]
    pub fn add_template(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        name: String,
        source: String,
        whatsapp_approved: Option<bool>,
    ) -> Result<Applied, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        unit(self.command(|ws| ws.add_template(a, t, &name, &source, whatsapp_approved.unwrap_or(false)))?)
    }

    /// Replaces a template's text (admins).
    #[napi(catch_unwind)]
    pub fn update_template(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        name: String,
        source: String,
    ) -> Result<Applied, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        unit(self.command(|ws| ws.update_template(a, t, &name, &source))?)
    }

    /// Removes a template (admins).
    #[napi(catch_unwind)]
    pub fn remove_template(
        &self,
        #[napi(ts_arg_type = "Actor")] actor: Either<f64, String>,
        now: JsDate<'_>,
        name: String,
    ) -> Result<Applied, String> {
        let (a, t) = (self::actor(&actor)?, time(&now)?);
        unit(self.command(|ws| ws.remove_template(a, t, &name))?)
    }

    /// A template by name, ignoring case.
    #[napi(catch_unwind)]
    pub fn template(&self, name: String) -> Result<TemplateInfo, String> {
        check(self.read(|ws| ws.template(&name).map(template_out))?)
    }

    /// Every template, in the order they were added.
    #[napi(catch_unwind)]
    pub fn templates(&self) -> Result<Vec<TemplateInfo>, String> {
        self.read(|ws| ws.templates().into_iter().map(template_out).collect())
    }

    /// Templates matching what the agent typed after `/`, best first.
    #[napi(catch_unwind)]
    pub fn find_templates(&self, query: String, limit: Option<u32>) -> Result<Vec<TemplateMatch>, String> {
        let limit = usize::try_from(limit.unwrap_or(10)).unwrap_or(usize::MAX);
        self.read(|ws| {
            ws.find_templates(&query, limit)
                .into_iter()
                .map(|m| TemplateMatch {
                    name: m.name,
                    kind: serde_json::to_value(m.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                })
                .collect()
        })
    }

    /// The variables a template needs.
    #[napi(catch_unwind)]
    pub fn template_variables(&self, name: String) -> Result<TemplateVariables, String> {
        check(self.read(|ws| ws.template_variables(&name))?).map(|v| variables_out(&v))
    }

    /// Renders a template for a reply in a conversation; `values` fills custom variables.
    #[napi(catch_unwind)]
    pub fn render_template(
        &self,
        #[napi(ts_arg_type = "Actor")] viewer: Either<f64, String>,
        now: JsDate<'_>,
        conversation: f64,
        name: String,
        values: Option<std::collections::HashMap<String, String>>,
    ) -> Result<String, String> {
        let (a, t, c) =
            (actor(&viewer)?, time(&now)?, core::ConversationId(id(conversation, "conversation")?));
        let v = values.unwrap_or_default().into_iter().collect();
        check(self.read(|ws| ws.render_template(a, t, c, &name, &v))?)
    }
}
