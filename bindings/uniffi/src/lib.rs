//! Kotlin and Swift bindings for frontdesk (uniffi proc-macros): a thin layer
//! over the core crate. Each method converts its arguments, calls the core once
//! and converts the result; no rule lives here. Errors are mapped in
//! `errors.rs` only.
#![deny(missing_docs)]

mod errors;

use chrono::{DateTime, Utc};
use errors::{bad_time, poisoned, FrontdeskError};
use frontdesk as core;
use frontdesk::prioritize::{FiredRule, PriorityDecision, ResponseGoals, SlaWarningKind};
use frontdesk::query::sql::SqlContext;
use frontdesk::template::{TemplateMatch, TemplateMatchKind};
use frontdesk::{
    Actor, AiMode, AiReplySignals, Attachment, Audience, Author, Availability, BulkAction, Channel, Contact,
    ContactId, ContactNote, ContactRouting, ConversationId, ConversationMetrics, Cursor, CustomerPanel,
    Delivered, Event, Feed, FeedRow, FeedView, Filters, Identity, InboxMetrics, InvoiceId, ListRow, Message,
    MessageId, MessageKind, Mode, Origin, Page, PaymentKind, Presence, Priority, RelatedConversation, Role,
    RoutingDecision, RoutingOutcome, RoutingStrategy, SavedFilter, SavedFilterCount, SavedFilterId, Sort,
    Status, StatusCause, Team, TeamId, Tiles, TimeRange, Transcript, TranscriptEntry, UserId, View,
    Visibility, WatchedView,
};
use frontdesk_store::Backing;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

uniffi::setup_scaffolding!();

type R<T> = Result<T, FrontdeskError>;

// ----- types the core declares -------------------------------------------------------
//
// uniffi's remote types: each declaration below restates a core type for the
// generated code and is not compiled as a type of its own. The conversions
// uniffi derives from it match every variant and build every field, so a core
// variant or field missing here is a compile error. (`Channel` is
// `#[non_exhaustive]`, so for it the check is `tests/variants.rs`.) The core
// documents each type; the doc comments here are what Kotlin and Swift show.

/// A moment (Kotlin `Instant`, Swift `Date`).
pub type Timestamp = DateTime<Utc>;
uniffi::custom_type!(Timestamp, SystemTime, { remote, lower: |t| system_time(t), try_lift: |t| Ok(time(t)?) });
macro_rules! ids {
    ($($id:ident),*) => {$(
        uniffi::custom_type!($id, u64, { remote, lower: |v| v.0, try_lift: |v| Ok($id(v)) });
    )*};
}
ids!(UserId, TeamId, ContactId, ConversationId, MessageId, InvoiceId, SavedFilterId);
uniffi::custom_type!(Cursor, String, { remote, lower: |c| c.as_str().to_string(), try_lift: |s| Ok(Cursor::from_token(s)) });

/// Who acts: the host application (`System`), or a user (`User(id)`).
#[uniffi::remote(Enum)]
pub enum Actor {
    System,
    User(#[uniffi(name = "id")] UserId),
}
/// Where a conversation stands.
#[uniffi::remote(Enum)]
pub enum Status {
    Open,
    Pending,
    Resolved,
    Archived,
}
/// How urgent a conversation is.
#[uniffi::remote(Enum)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}
/// A communication channel.
#[uniffi::remote(Enum)]
#[non_exhaustive]
pub enum Channel {
    Webchat,
    Whatsapp,
    Sms,
    Email,
    Telephony,
    Linkedin,
    Internal,
}
/// Who answers the customer: the AI, nobody automatically, or humans only.
#[uniffi::remote(Enum)]
pub enum AiMode {
    Active,
    Paused,
    Manual,
}
/// What a user may do.
#[uniffi::remote(Enum)]
pub enum Role {
    Admin,
    Agent,
}
/// Whether a user takes conversations now.
#[uniffi::remote(Enum)]
pub enum Availability {
    Online,
    Away,
    Offline,
}
/// Who a transcript is for: the customer (no private notes) or the team.
#[uniffi::remote(Enum)]
pub enum Audience {
    Customer,
    Team,
}
/// Invoice (blocks closing while unpaid) or checkout (a payment link).
#[uniffi::remote(Enum)]
pub enum PaymentKind {
    Invoice,
    Checkout,
}
/// An inbox list, always seen by a viewer.
#[uniffi::remote(Enum)]
pub enum View {
    TeamInbox,
    Unassigned,
    InProgress,
    Closed,
    MyInbox,
    NeedsMyAttention,
    WaitingForCustomer,
    Active,
    Pending,
    ResolvedToday,
    ReadyToClose,
    NeedsReview,
    WebchatInbox,
    WhatsappInbox,
    SmsInbox,
    EmailInbox,
    TelephonyInbox,
    LinkedinInbox,
}
/// The quick "Mode" filter: who answers the customer (no filter is "all").
#[uniffi::remote(Enum)]
pub enum Mode {
    AiHandled,
    Manual,
}
/// The order of a list or of search results.
#[uniffi::remote(Enum)]
pub enum Sort {
    Recent,
    Oldest,
    Priority,
    Channel,
    Assignment,
}
/// One step of an auto-assignment chain.
#[uniffi::remote(Enum)]
pub enum RoutingStrategy {
    ContactOwner,
    SkillBased,
    PriorityBased,
    LoadBalancing,
    RoundRobin,
}
/// A last-activity window in the workspace time zone (`Between`: from included, to excluded).
#[uniffi::remote(Enum)]
pub enum TimeRange {
    LastHour,
    Today,
    ThisWeek,
    ThisMonth,
    Between { from: Timestamp, to: Timestamp },
}
/// Narrows a view; every filter set must match.
#[uniffi::remote(Record)]
#[uniffi(name = "Filters")]
pub struct Filters {
    channel: Option<Channel>,
    status: Option<Status>,
    priority: Option<Priority>,
    ai_mode: Option<AiMode>,
    tag: Option<String>,
    time: Option<TimeRange>,
    mode: Option<Mode>,
    campaign: Option<String>,
}
/// A saved filter.
#[uniffi::remote(Record)]
pub struct SavedFilter {
    id: SavedFilterId,
    name: String,
    owner: Option<UserId>,
    shared: bool,
    query: String,
    view: View,
    sort: Sort,
    filters: Filters,
    created_at: Timestamp,
}
/// A saved filter as a viewer lists it, with how many conversations it holds for that viewer now.
#[uniffi::remote(Record)]
pub struct SavedFilterCount {
    filter: SavedFilter,
    count: u64,
}
/// One conversation as a list shows it.
#[uniffi::remote(Record)]
pub struct ListRow {
    conversation: ConversationId,
    internal: bool,
    contact: Option<ContactId>,
    title: String,
    preview: String,
    last_activity_at: Timestamp,
    channel: Channel,
    unread: u32,
    unreplied: u32,
    status: Status,
    priority: Priority,
    assignees: Vec<UserId>,
    ai_mode: AiMode,
}
/// One page of a list; `next` is the cursor of the next page (null: last page).
#[uniffi::remote(Record)]
pub struct Page {
    rows: Vec<ListRow>,
    next: Option<Cursor>,
}
/// The dashboard tiles and the count of every view, for one viewer.
#[uniffi::remote(Record)]
pub struct Tiles {
    assigned_to_me: u64,
    my_unreplied_messages: u64,
    unassigned: u64,
    unreplied_messages: u64,
    unread_conversations: u64,
    team_inbox: u64,
    in_progress: u64,
    closed: u64,
    my_inbox: u64,
    needs_my_attention: u64,
    waiting_for_customer: u64,
}
/// Figures of one conversation (durations in ms).
#[uniffi::remote(Record)]
pub struct ConversationMetrics {
    duration_ms: i64,
    messages: u32,
    notes: u32,
    first_response_ms: Option<i64>,
    average_response_ms: Option<i64>,
    resolution_ms: Option<i64>,
    handled_by_human: bool,
    handled_by_ai: bool,
}
/// Figures of a set of customer conversations.
#[uniffi::remote(Record)]
pub struct InboxMetrics {
    conversations: u64,
    new_today: u64,
    resolved_today: u64,
    backlog: u64,
    average_first_response_ms: Option<i64>,
    resolution_rate: Option<f64>,
    handled_by_ai: u64,
    handled_by_humans: u64,
    ai_share: Option<f64>,
    satisfaction_ratings: u64,
    average_satisfaction: Option<f64>,
}
/// What auto-assignment decided.
#[uniffi::remote(Enum)]
pub enum RoutingOutcome {
    Assign { users: Vec<UserId>, strategy: RoutingStrategy },
    Queue,
    NotRouted,
}
/// A routing decision and why it was taken.
#[uniffi::remote(Record)]
pub struct RoutingDecision {
    conversation: ConversationId,
    outcome: RoutingOutcome,
    reason: String,
}
/// A priority rule that fired.
#[uniffi::remote(Record)]
pub struct FiredRule {
    rule_id: String,
    priority: Priority,
    reason: String,
}
/// What the priority rules ask for (null: none fired) and which fired.
#[uniffi::remote(Record)]
pub struct PriorityDecision {
    priority: Option<Priority>,
    fired: Vec<FiredRule>,
}
/// Response-time goals per priority, in seconds.
#[uniffi::remote(Record)]
pub struct ResponseGoals {
    urgent_secs: i64,
    high_secs: i64,
    normal_secs: i64,
    low_secs: i64,
}

/// Why a status changed.
#[uniffi::remote(Enum)]
pub enum StatusCause {
    Manual,
    Message,
    Timer,
    Handoff,
}
/// How a conversation came to be.
#[uniffi::remote(Enum)]
pub enum Origin {
    Inbound,
    Outbound,
    Continued,
    Internal,
}
/// Who wrote a message (`User(id)`: a person of the workspace).
#[uniffi::remote(Enum)]
pub enum Author {
    Contact,
    User(#[uniffi(name = "id")] UserId),
    Ai,
    AutoResponder,
    System,
}
/// Which response-time goal was missed.
#[uniffi::remote(Enum)]
pub enum SlaWarningKind {
    UrgentNotAnswered,
    PendingTooLong,
}
/// Who may see a conversation: every user, or only these users (and admins).
#[uniffi::remote(Enum)]
pub enum Visibility {
    Everyone,
    Users(#[uniffi(name = "users")] Vec<UserId>),
}
/// A domain event: what a command did, one case per kind (`Event.Assigned`, ...).
/// `tests/variants.rs` checks this list against the core's.
#[uniffi::remote(Enum)]
#[non_exhaustive]
pub enum Event {
    UserAdded {
        user: UserId,
    },
    UserRemoved {
        user: UserId,
    },
    AvailabilityChanged {
        user: UserId,
        availability: Availability,
    },
    TeamAdded {
        team: TeamId,
    },
    TeamMembersChanged {
        team: TeamId,
    },
    ContactCreated {
        contact: ContactId,
    },
    ContactUpdated {
        contact: ContactId,
    },
    ConversationCreated {
        conversation: ConversationId,
        contact: Option<ContactId>,
        channel: Channel,
        origin: Origin,
        continued_from: Option<ConversationId>,
    },
    MessageReceived {
        conversation: ConversationId,
        message: MessageId,
        channel: Channel,
    },
    MessageSent {
        conversation: ConversationId,
        message: MessageId,
        channel: Channel,
        author: Author,
    },
    NoteAdded {
        conversation: ConversationId,
        message: MessageId,
        author: UserId,
    },
    UserMentioned {
        conversation: ConversationId,
        message: MessageId,
        user: UserId,
        by: UserId,
    },
    MentionInCustomerMessage {
        conversation: ConversationId,
        message: MessageId,
        users: Vec<UserId>,
        by: UserId,
    },
    Assigned {
        conversation: ConversationId,
        user: UserId,
        by: Option<UserId>,
        note: Option<String>,
    },
    Queued {
        conversation: ConversationId,
        reason: String,
    },
    Unassigned {
        conversation: ConversationId,
        user: UserId,
        by: Option<UserId>,
    },
    TeamAssigned {
        conversation: ConversationId,
        team: TeamId,
        by: Option<UserId>,
    },
    StatusChanged {
        conversation: ConversationId,
        from: Status,
        to: Status,
        cause: StatusCause,
    },
    PriorityChanged {
        conversation: ConversationId,
        from: Priority,
        to: Priority,
        by: Option<UserId>,
        reason: Option<String>,
        pinned: bool,
    },
    VisibilityChanged {
        conversation: ConversationId,
        visibility: Visibility,
    },
    AiModeChanged {
        conversation: ConversationId,
        from: AiMode,
        to: AiMode,
        by: Option<UserId>,
    },
    AiHandoffRequested {
        conversation: ConversationId,
        reason: Option<String>,
    },
    TakenOver {
        conversation: ConversationId,
        by: UserId,
    },
    SlaWarning {
        conversation: ConversationId,
        kind: SlaWarningKind,
        priority: Priority,
        waiting_secs: i64,
        goal_secs: i64,
    },
    PendingTooLong {
        conversation: ConversationId,
        waiting_secs: i64,
    },
    ReplyCollision {
        conversation: ConversationId,
        message: MessageId,
        typing: Vec<UserId>,
    },
    TagAdded {
        conversation: ConversationId,
        tag: String,
    },
    TagRemoved {
        conversation: ConversationId,
        tag: String,
    },
    InvoiceSent {
        conversation: ConversationId,
        invoice: InvoiceId,
        kind: PaymentKind,
    },
    InvoicePaid {
        conversation: ConversationId,
        invoice: InvoiceId,
    },
    InvoiceCancelled {
        conversation: ConversationId,
        invoice: InvoiceId,
    },
    ConversationDeleted {
        conversation: ConversationId,
        by: Option<UserId>,
    },
    SummaryUpdated {
        conversation: ConversationId,
    },
    SatisfactionRated {
        conversation: ConversationId,
        rating: u32,
    },
}
/// An action applied to many conversations.
#[uniffi::remote(Enum)]
pub enum BulkAction {
    Assign { users: Vec<UserId>, note: Option<String> },
    AutoAssign,
    AssignTeam { team: TeamId },
    SetStatus { status: Status },
    SetPriority { priority: Priority, reason: Option<String> },
    Archive,
    Delete,
}

/// An address of a contact on a channel.
#[uniffi::remote(Record)]
pub struct Identity {
    channel: Channel,
    handle: String,
}
/// A note about a contact (`author` none: the host).
#[uniffi::remote(Record)]
pub struct ContactNote {
    author: Option<UserId>,
    at: Timestamp,
    text: String,
}
/// The predefined assignees and visibility of a contact's new conversations.
#[uniffi::remote(Record)]
pub struct ContactRouting {
    assignees: Vec<UserId>,
    visibility: Visibility,
}
/// A contact, as the viewer may see it.
#[uniffi::remote(Record)]
pub struct Contact {
    id: ContactId,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    company: Option<String>,
    segment: Option<String>,
    tags: Vec<String>,
    notes: Vec<ContactNote>,
    identities: Vec<Identity>,
    routing: ContactRouting,
    current_conversation: Option<ConversationId>,
    created_at: Timestamp,
}
/// Another conversation of the contact, as the customer panel lists it.
#[uniffi::remote(Record)]
pub struct RelatedConversation {
    conversation: ConversationId,
    status: Status,
    channel: Channel,
    created_at: Timestamp,
    last_message_at: Option<Timestamp>,
}
/// The customer panel: a contact as the viewer may see it, with the
/// conversations, notes and tags the viewer may see.
#[uniffi::remote(Record)]
pub struct CustomerPanel {
    contact: Contact,
    total_conversations: u32,
    related: Vec<RelatedConversation>,
    first_contact_at: Option<Timestamp>,
    notes: Vec<ContactNote>,
    tags: Vec<String>,
}
/// A team (`routing` none: the workspace's chain).
#[uniffi::remote(Record)]
pub struct Team {
    id: TeamId,
    name: String,
    members: Vec<UserId>,
    routing: Option<Vec<RoutingStrategy>>,
}

/// A file attached to a message (`reference`: the host's storage key).
#[uniffi::remote(Record)]
pub struct Attachment {
    name: String,
    mime: String,
    size: u64,
    reference: String,
}
/// What a message is: text, a private note, or an invoice or checkout request.
#[uniffi::remote(Enum)]
pub enum MessageKind {
    Text,
    Note,
    Invoice(#[uniffi(name = "invoice")] InvoiceId),
    Checkout(#[uniffi(name = "invoice")] InvoiceId),
}
/// What the host's AI says about its reply: confidence in percent (0 to 100),
/// reasoning and detected intent, each optional.
#[uniffi::remote(Record)]
pub struct AiReplySignals {
    confidence: Option<u32>,
    reasoning: Option<String>,
    intent: Option<String>,
}
/// One message of a conversation (`ai`: what the AI said about its reply).
#[uniffi::remote(Record)]
pub struct Message {
    id: MessageId,
    at: Timestamp,
    channel: Channel,
    author: Author,
    kind: MessageKind,
    body: String,
    attachments: Vec<Attachment>,
    ai: Option<Box<AiReplySignals>>,
}
/// One transcript entry (`ai`: team transcripts only).
#[uniffi::remote(Record)]
pub struct TranscriptEntry {
    message: MessageId,
    at: Timestamp,
    channel: Channel,
    from: String,
    kind: String,
    body: String,
    attachments: Vec<String>,
    ai: Option<AiReplySignals>,
}
/// A conversation's history for an audience (`summary`, `satisfaction`: team transcripts only).
#[uniffi::remote(Record)]
pub struct Transcript {
    conversation: ConversationId,
    with: String,
    status: Status,
    audience: Audience,
    entries: Vec<TranscriptEntry>,
    summary: Option<String>,
    satisfaction: Option<u32>,
}

/// Where a message landed (`contact`: null for internal chats).
#[uniffi::remote(Record)]
pub struct Delivered {
    conversation: ConversationId,
    message: MessageId,
    contact: Option<ContactId>,
}
/// Someone else viewing (or, with `typing`, typing) in a conversation.
#[uniffi::remote(Record)]
pub struct Presence {
    user: UserId,
    typing: bool,
    last_seen: Timestamp,
}
/// A view a user's screen watches, in an order.
#[uniffi::remote(Record)]
pub struct WatchedView {
    view: View,
    sort: Sort,
}
/// A row of a watched view as it is now: place it by `group` (ascending),
/// then the row's last activity and id; `cursor` is the same position as a
/// view cursor.
#[uniffi::remote(Record)]
pub struct FeedRow {
    row: ListRow,
    group: u16,
    cursor: Cursor,
}
/// What changed in one watched view: rows that entered, rows still in it
/// that changed or moved, ids that left (still visible), the new count when
/// it changed.
#[uniffi::remote(Record)]
pub struct FeedView {
    view: View,
    sort: Sort,
    entered: Vec<FeedRow>,
    changed: Vec<FeedRow>,
    left: Vec<ConversationId>,
    count: Option<u64>,
}
/// What changed for one viewer since their last `takeFeed`; `gone` lists
/// conversations the viewer can no longer see.
#[uniffi::remote(Record)]
pub struct Feed {
    viewer: UserId,
    reset: bool,
    views: Vec<FeedView>,
    tiles: Option<Tiles>,
    gone: Vec<ConversationId>,
}
/// How a template matched what the agent typed after `/`.
#[uniffi::remote(Enum)]
pub enum TemplateMatchKind {
    ExactName,
    NamePrefix,
    WordPrefix,
    NameContains,
    BodyContains,
}
/// A template found for what the agent typed after `/`.
#[uniffi::remote(Record)]
pub struct TemplateMatch {
    name: String,
    kind: TemplateMatchKind,
}

/// What compiled search SQL needs to run as a viewer.
#[uniffi::remote(Record)]
pub struct SqlContext {
    viewer: UserId,
    is_admin: bool,
    now: Timestamp,
    utc_offset_minutes: i32,
}

/// What a message to a closed conversation does.
#[derive(uniffi::Enum, Clone, Copy)]
pub enum ClosedPolicy {
    /// The closed conversation opens again.
    ReopenOnReply,
    /// A new conversation starts.
    NewConversationAfterClose,
}

/// Settings of a workspace (start from `reopenOnReply()` and `copy(...)`).
#[derive(uniffi::Record, Clone)]
pub struct WorkspaceConfig {
    /// What a message to a closed conversation does.
    pub closed_policy: ClosedPolicy,
    /// The business name.
    pub company_name: String,
    /// Open conversations with no message for this long become pending (null: never).
    pub pending_after_secs: Option<i64>,
    /// Resolved conversations archive after this long (null: never).
    pub archive_after_secs: Option<i64>,
    /// The time zone, minutes from UTC.
    pub utc_offset_minutes: i32,
    /// The AI mode of new customer conversations.
    pub default_ai_mode: AiMode,
    /// Country calling code for national numbers.
    pub default_country_code: Option<u16>,
    /// The longest message body, in bytes.
    pub max_message_bytes: u64,
    /// The auto-assignment chain (empty: off).
    pub routing: Vec<RoutingStrategy>,
    /// Priority rules as JSON text (`{"rules": [...]}`; null: none).
    pub priority_rules_json: Option<String>,
    /// Response-time goals behind SLA warnings (null: none).
    pub response_goals: Option<ResponseGoals>,
    /// Notification channels per alert kind for users without their own, as
    /// JSON text (`{"assigned_to_you": ["in_app", "email"]}`; null: the
    /// overview's settings).
    pub notification_defaults_json: Option<String>,
    /// A pending conversation with nothing exchanged this long raises
    /// "pending too long" (null: never).
    pub pending_alert_after_secs: Option<i64>,
    /// How long a viewing or typing signal lasts, in seconds.
    pub presence_ttl_secs: i64,
}

/// One person to tell about one thing, through the channels they chose.
#[derive(uniffi::Record, Clone)]
pub struct Notification {
    /// Who is told (a user id).
    pub recipient: u64,
    /// The alert kind (`assigned_to_you`, `new_conversation`, ...).
    pub kind: String,
    /// The conversation it concerns.
    pub conversation: u64,
    /// The delivery channels (`in_app`, `email`, ...), never empty.
    pub channels: Vec<String>,
    /// A short reason, in English.
    pub reason: String,
}

/// The channels of one alert kind in a user's notification settings.
#[derive(uniffi::Record, Clone)]
pub struct NotificationSetting {
    /// The alert kind.
    pub kind: String,
    /// Its channels (empty: off).
    pub channels: Vec<String>,
}

fn config_out(c: &core::WorkspaceConfig) -> WorkspaceConfig {
    WorkspaceConfig {
        closed_policy: match c.closed_policy {
            core::ClosedPolicy::ReopenOnReply => ClosedPolicy::ReopenOnReply,
            core::ClosedPolicy::NewConversation => ClosedPolicy::NewConversationAfterClose,
        },
        company_name: c.company_name.clone(),
        pending_after_secs: c.pending_after_secs,
        archive_after_secs: c.archive_after_secs,
        utc_offset_minutes: c.utc_offset_minutes,
        default_ai_mode: c.default_ai_mode,
        default_country_code: c.default_country_code,
        max_message_bytes: c.max_message_bytes as u64,
        routing: c.routing.to_vec(),
        priority_rules_json: if c.priority_rules.rules.is_empty() {
            None
        } else {
            serde_json::to_string(&c.priority_rules).ok()
        },
        response_goals: c.response_goals.map(|g| ResponseGoals {
            urgent_secs: g.urgent_secs,
            high_secs: g.high_secs,
            normal_secs: g.normal_secs,
            low_secs: g.low_secs,
        }),
        notification_defaults_json: serde_json::to_string(&c.notification_defaults).ok(),
        pending_alert_after_secs: c.pending_alert_after_secs,
        presence_ttl_secs: c.presence_ttl_secs,
    }
}

/// The settings of the AI-assisted inbox (pending after 1 hour, archive after 7 days, reopen on reply).
#[uniffi::export]
pub fn reopen_on_reply() -> WorkspaceConfig {
    config_out(&core::WorkspaceConfig::reopen_on_reply())
}

/// The settings of helpdesk tickets (a closed conversation stays closed).
#[uniffi::export]
pub fn new_conversation_after_close() -> WorkspaceConfig {
    config_out(&core::WorkspaceConfig::new_conversation_after_close())
}

/// Every stable error code.
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    core::Error::ALL_CODES.iter().map(|c| c.to_string()).collect()
}

/// A delivered message and the events.
#[derive(uniffi::Record)]
pub struct DeliveredResult {
    /// Where it landed.
    pub delivered: Delivered,
    /// What happened.
    pub events: Vec<Event>,
}

/// A new id and the events.
#[derive(uniffi::Record)]
pub struct Created {
    /// The new id.
    pub id: u64,
    /// What happened.
    pub events: Vec<Event>,
}

/// The member team routing chose (null: nobody available) and the events.
#[derive(uniffi::Record)]
pub struct Routed {
    /// The chosen user.
    pub chosen: Option<UserId>,
    /// What happened.
    pub events: Vec<Event>,
}

/// An inbound message for the batch call.
#[derive(uniffi::Record, Clone)]
pub struct Inbound {
    /// The channel.
    pub channel: Channel,
    /// The text.
    pub body: String,
    /// The sender's address (give this or `contact`).
    pub handle: Option<String>,
    /// A known contact.
    pub contact: Option<u64>,
    /// Source campaign.
    pub campaign: Option<String>,
}

/// The result for one message of `receiveMessages`.
#[derive(uniffi::Record)]
pub struct ReceiveResult {
    /// Where it landed.
    pub delivered: Option<Delivered>,
    /// The error code when refused.
    pub error_code: Option<String>,
}

/// What a bulk action did to one conversation.
#[derive(uniffi::Record)]
pub struct BulkOutcome {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its events, when applied.
    pub events: Option<Vec<Event>>,
    /// The error code when refused.
    pub error_code: Option<String>,
}

/// A conversation as the viewer may see it.
#[derive(uniffi::Record)]
pub struct Conversation {
    /// Its id.
    pub id: ConversationId,
    /// Whether it is an internal chat.
    pub internal: bool,
    /// The contact.
    pub contact: Option<ContactId>,
    /// How it came to be.
    pub origin: Origin,
    /// The closed conversation it continues.
    pub continued_from: Option<ConversationId>,
    /// Status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Whether a person pinned the priority.
    pub priority_pinned: bool,
    /// The channel of the latest message.
    pub channel: Channel,
    /// Assignees, ascending.
    pub assignees: Vec<UserId>,
    /// The team.
    pub team: Option<TeamId>,
    /// Who may see it.
    pub visibility: Visibility,
    /// Who answers the customer.
    pub ai_mode: AiMode,
    /// Tags.
    pub tags: Vec<String>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last closed.
    pub closed_at: Option<Timestamp>,
    /// Customer messages nobody answered.
    pub unreplied: u32,
    /// Customer messages answered only by the AI.
    pub answered_by_ai: u32,
    /// Messages, oldest first.
    pub messages: Vec<Message>,
    /// Invoices still due.
    pub outstanding_invoices: Vec<InvoiceId>,
    /// The conversation summary the host's AI wrote.
    pub summary: Option<String>,
    /// The customer's satisfaction rating, 1 to 5.
    pub satisfaction: Option<u32>,
    /// The customer's comment with their rating.
    pub satisfaction_comment: Option<String>,
}

/// One conversation of a bulk export: its transcript, or the refusal.
#[derive(uniffi::Record)]
pub struct ExportOutcome {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its transcript, when included.
    pub transcript: Option<Transcript>,
    /// The error code when refused.
    pub error_code: Option<String>,
}

/// A user (its notification settings: `notificationPreferences`).
#[derive(uniffi::Record)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Availability.
    pub availability: Availability,
    /// Routing skills, lowercase.
    pub skills: Vec<String>,
    /// The most open conversations routing may give the user (null: no limit).
    pub capacity: Option<u32>,
    /// The teams the user belongs to.
    pub teams: Vec<TeamId>,
    /// Whether the user was removed.
    pub removed: bool,
}

// ----- views, search, routing, priority and templates --------------------------------

/// What to save as a saved filter.
#[derive(uniffi::Record, Clone)]
pub struct NewSavedFilter {
    /// The name shown in the list (unique among the filters its owner lists).
    pub name: String,
    /// A query in the query language (empty: no query).
    pub query: String,
    /// The view it narrows.
    pub view: View,
    /// The order of its list (none: most recent first).
    pub sort: Option<Sort>,
    /// The view filters on top of the query.
    pub filters: Option<Filters>,
    /// Listed for the whole workspace rather than its owner alone.
    pub shared: bool,
}

/// A routing decision and the events of `autoAssign`.
#[derive(uniffi::Record)]
pub struct RoutingResult {
    /// The decision.
    pub decision: RoutingDecision,
    /// What happened.
    pub events: Vec<Event>,
}

/// A priority decision and the events of `recordAiSignals`.
#[derive(uniffi::Record)]
pub struct PriorityResult {
    /// The decision.
    pub decision: PriorityDecision,
    /// What happened.
    pub events: Vec<Event>,
}

/// A reply template.
#[derive(uniffi::Record)]
pub struct TemplateInfo {
    /// Its name.
    pub name: String,
    /// Its text.
    pub source: String,
    /// Whether it is WhatsApp-approved.
    pub whatsapp_approved: bool,
}

/// A span `[start, end)`.
#[derive(uniffi::Record)]
pub struct Span {
    /// Start, included.
    pub start: u64,
    /// End, excluded.
    pub end: u64,
}

/// A variable of a template.
#[derive(uniffi::Record)]
pub struct VariableInfo {
    /// The key as written.
    pub key: String,
    /// Where it appears (bytes).
    pub spans: Vec<Span>,
    /// Its default value.
    pub default_value: Option<String>,
    /// Whether a value is needed.
    pub required: bool,
}

/// The variables a template needs.
#[derive(uniffi::Record)]
pub struct TemplateVariables {
    /// Filled from the conversation.
    pub automatic: Vec<VariableInfo>,
    /// Filled in by the agent.
    pub manual: Vec<VariableInfo>,
}

fn u(v: usize) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

fn view_query(
    view: View,
    filters: Option<Filters>,
    sort: Option<Sort>,
    limit: Option<u32>,
    after: Option<Cursor>,
) -> core::ViewQuery {
    let mut q = core::ViewQuery::new(view);
    q.sort = sort.unwrap_or(q.sort);
    q.limit = limit.unwrap_or(q.limit);
    q.cursor = after;
    q.filters = filters.unwrap_or_default();
    q
}

fn search_options(sort: Option<Sort>, limit: Option<u32>, after: Option<Cursor>) -> core::SearchOptions {
    let mut o = core::SearchOptions::new();
    if let Some(s) = sort {
        o = o.sort(s);
    }
    if let Some(l) = limit {
        o = o.limit(l);
    }
    if let Some(a) = after {
        o = o.after(a);
    }
    o
}

/// Priority rules cross as JSON text (`{"rules": [...]}`): a deep, tagged
/// configuration hosts usually keep as JSON.
fn rules_in(json: &str) -> R<core::prioritize::PriorityRules> {
    serde_json::from_str(json).map_err(|e| {
        core::Error::InvalidArgument { field: "priority rules".into(), reason: e.to_string() }.into()
    })
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
                spans: i.spans.iter().map(|s| Span { start: u(s.start), end: u(s.end) }).collect(),
                default_value: i.default.clone(),
                required: i.required,
            })
            .collect()
    };
    TemplateVariables { automatic: list(&v.automatic), manual: list(&v.manual) }
}

fn parse_query(text: &str) -> R<core::query::Query> {
    Ok(core::query::parse(text, &core::query::ParseOptions::default())
        .map_err(|e| core::Error::QuerySyntax { diagnostics: e.diagnostics })?)
}

// ----- conversions ------------------------------------------------------------------

fn time(t: SystemTime) -> R<DateTime<Utc>> {
    let dt = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok().and_then(|s| DateTime::from_timestamp(s, d.subsec_nanos())),
        Err(e) => {
            let d = e.duration();
            i64::try_from(d.as_secs())
                .ok()
                .and_then(|s| DateTime::from_timestamp(-s, 0))
                .map(|t| t - chrono::Duration::nanoseconds(i64::from(d.subsec_nanos())))
        }
    };
    dt.ok_or_else(bad_time)
}

fn system_time(t: DateTime<Utc>) -> SystemTime {
    let (s, n) = (t.timestamp(), t.timestamp_subsec_nanos());
    if s >= 0 {
        UNIX_EPOCH + Duration::new(s as u64, n)
    } else {
        UNIX_EPOCH - Duration::from_secs(s.unsigned_abs()) + Duration::from_nanos(u64::from(n))
    }
}

fn conversation_out(c: &core::Conversation) -> Conversation {
    Conversation {
        id: c.id,
        internal: c.is_internal(),
        contact: c.contact(),
        origin: c.origin,
        continued_from: c.continued_from,
        status: c.status,
        priority: c.priority,
        priority_pinned: c.priority_pin.is_some(),
        channel: c.channel,
        assignees: c.assignees.clone(),
        team: c.team,
        visibility: c.visibility.clone(),
        ai_mode: c.ai_mode,
        tags: c.tags.clone(),
        created_at: c.created_at,
        closed_at: c.closed_at,
        unreplied: c.reply.unreplied,
        answered_by_ai: c.reply.answered_by_ai,
        messages: c.messages.clone(),
        outstanding_invoices: c.outstanding_invoices(),
        summary: c.summary.clone(),
        satisfaction: c.satisfaction.as_ref().map(|x| x.rating),
        satisfaction_comment: c.satisfaction.as_ref().and_then(|x| x.comment.clone()),
    }
}

fn created<T>(r: core::Result<core::Applied<T>>, f: impl FnOnce(T) -> u64) -> R<Created> {
    let a = r?;
    Ok(Created { events: a.events, id: f(a.value) })
}

fn sent(r: core::Result<core::Applied<core::Delivered>>) -> R<DeliveredResult> {
    let a = r?;
    Ok(DeliveredResult { events: a.events, delivered: a.value })
}

fn unit(r: core::Result<core::Applied<()>>) -> R<Vec<Event>> {
    Ok(r?.events)
}

fn inbound(m: Inbound) -> R<core::Inbound> {
    let from = match (m.handle, m.contact) {
        (Some(handle), None) => core::Sender::Address { handle },
        (None, Some(c)) => core::Sender::Contact { contact: core::ContactId(c) },
        _ => {
            return Err(core::Error::InvalidArgument {
                field: "from".into(),
                reason: "give exactly one of handle or contact".into(),
            }
            .into())
        }
    };
    Ok(core::Inbound { from, channel: m.channel, body: m.body, attachments: vec![], campaign: m.campaign })
}

// ----- the workspace ---------------------------------------------------------------------

/// One team's inbox, in memory (`Workspace(config)`) or kept durable in
/// SQLite or PostgreSQL (`openWorkspace(url, workspaceId, config)`), with the
/// same methods. Safe to share between threads (calls are serialized).
#[derive(uniffi::Object)]
pub struct Workspace {
    inner: Mutex<Backing>,
}

impl Workspace {
    fn with(backing: Backing) -> Arc<Self> {
        Arc::new(Workspace { inner: Mutex::new(backing) })
    }

    fn lock(&self) -> R<MutexGuard<'_, Backing>> {
        self.inner.lock().map_err(|_| poisoned())
    }

    /// Runs a read on the workspace in memory.
    fn read<T>(&self, f: impl FnOnce(&core::Workspace) -> T) -> R<T> {
        Ok(self.lock()?.read(f)?)
    }

    /// Runs a command; on a stored workspace it is durable when this returns.
    /// The outer error is the lock's, the inner one the command's.
    fn command<T>(&self, f: impl FnOnce(&mut core::Workspace) -> core::Result<T>) -> R<core::Result<T>> {
        Ok(self.lock()?.command(f))
    }
}

/// Opens (creating when absent) the workspace `workspace_id` kept in the
/// database at `url`: `sqlite:///abs/path.db`, `sqlite://relative.db` or
/// `postgres://...`. `config` is used only when the workspace is created
/// (default: `reopenOnReply()`). Every command is durable when it returns;
/// several processes may open the same workspace. Blocks while it connects.
#[uniffi::export]
pub fn open_workspace(
    url: String,
    workspace_id: String,
    config: Option<WorkspaceConfig>,
) -> R<Arc<Workspace>> {
    let config = config.map(config_in).transpose()?;
    Ok(Workspace::with(Backing::Stored(frontdesk_store::open(&url, &workspace_id, config)?)))
}

fn config_in(config: WorkspaceConfig) -> R<core::WorkspaceConfig> {
    Ok(core::WorkspaceConfig {
        company_name: config.company_name,
        closed_policy: match config.closed_policy {
            ClosedPolicy::ReopenOnReply => core::ClosedPolicy::ReopenOnReply,
            ClosedPolicy::NewConversationAfterClose => core::ClosedPolicy::NewConversation,
        },
        pending_after_secs: config.pending_after_secs,
        archive_after_secs: config.archive_after_secs,
        utc_offset_minutes: config.utc_offset_minutes,
        default_ai_mode: config.default_ai_mode,
        default_country_code: config.default_country_code,
        max_message_bytes: usize::try_from(config.max_message_bytes).unwrap_or(usize::MAX),
        routing: config.routing.into_iter().collect(),
        priority_rules: match config.priority_rules_json {
            None => core::prioritize::PriorityRules::default(),
            Some(json) => rules_in(&json)?,
        },
        response_goals: config.response_goals,
        notification_defaults: match config.notification_defaults_json {
            None => core::NotificationPreferences::overview_defaults(),
            Some(json) => serde_json::from_str(&json).map_err(|e| core::Error::InvalidArgument {
                field: "notification_defaults_json".into(),
                reason: e.to_string(),
            })?,
        },
        pending_alert_after_secs: config.pending_alert_after_secs,
        presence_ttl_secs: config.presence_ttl_secs,
        ai_confidence_alert_below: core::DEFAULT_AI_CONFIDENCE_ALERT_BELOW,
    })
}

#[uniffi::export]
impl Workspace {
    /// An empty workspace with the given settings.
    #[uniffi::constructor]
    pub fn new(config: WorkspaceConfig) -> R<Arc<Self>> {
        Ok(Workspace::with(Backing::Memory(core::Workspace::new(config_in(config)?)?)))
    }

    /// Restores a workspace from JSON written by `toJson`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> R<Arc<Self>> {
        Ok(Workspace::with(Backing::Memory(core::Workspace::from_json(&json)?)))
    }

    /// Applies what other processes committed to a stored workspace since this
    /// object's last command or refresh; returns whether anything was new.
    /// Reads are served from memory, so they see others' commits after a
    /// refresh (or after this object's next command). Always `false` in memory.
    pub fn refresh(&self) -> R<bool> {
        Ok(self.lock()?.refresh()?)
    }

    /// Closes a stored workspace's database connection (`close` is the
    /// conversation command); every acknowledged command is already durable.
    /// Later calls fail with `storage_unavailable`. Does nothing in memory;
    /// closing twice is fine. (Releasing the object, Kotlin `close()` with no
    /// arguments or Swift deinit, also closes the connection.)
    pub fn close_store(&self) -> R<()> {
        self.lock()?.close();
        Ok(())
    }

    /// The settings.
    pub fn config(&self) -> R<WorkspaceConfig> {
        self.read(|ws| config_out(ws.config()))
    }

    /// The policy for messages to closed conversations.
    pub fn closed_policy(&self) -> R<ClosedPolicy> {
        Ok(self.read(|ws| config_out(ws.config()))?.closed_policy)
    }

    /// Adds a user; returns its id.
    pub fn add_user(
        &self,
        actor: Actor,
        now: Timestamp,
        name: String,
        email: String,
        role: Role,
        availability: Availability,
    ) -> R<Created> {
        let new = core::NewUser::new(name, email, role).availability(availability);
        created(self.command(|ws| ws.add_user(actor, now, new))?, |u| u.0)
    }

    /// Starts (or stops) collecting notifications for `takeNotifications`.
    pub fn collect_notifications(&self, on: bool) -> R<()> {
        Ok(self.lock()?.collect_notifications(on)?)
    }

    /// The notifications the commands and ticks caused since the last call.
    pub fn take_notifications(&self) -> R<Vec<Notification>> {
        let list = self.lock()?.take_notifications()?;
        Ok(list
            .iter()
            .map(|n| Notification {
                recipient: n.recipient.0,
                kind: n.kind.as_str().to_string(),
                conversation: n.conversation.0,
                channels: n.channels.iter().map(|c| c.as_str().to_string()).collect(),
                reason: n.reason.clone(),
            })
            .collect())
    }

    /// The notification settings in force for `user`, one entry per alert kind.
    pub fn notification_preferences(&self, viewer: Actor, user: UserId) -> R<Vec<NotificationSetting>> {
        let prefs = self.read(|ws| ws.notification_preferences(viewer, user))??;
        Ok(core::AlertKind::ALL
            .iter()
            .map(|k| NotificationSetting {
                kind: k.as_str().to_string(),
                channels: prefs.channels_for(*k).iter().map(|c| c.as_str().to_string()).collect(),
            })
            .collect())
    }

    /// Sets the channels `user` is told about `kind` through (empty: not told).
    pub fn set_notification_channels(
        &self,
        actor: Actor,
        now: Timestamp,
        user: UserId,
        kind: String,
        channels: Vec<String>,
    ) -> R<Vec<Event>> {
        let bad = |field: &str, what: &str| core::Error::InvalidArgument {
            field: field.into(),
            reason: format!("unknown {what}"),
        };
        let kind = core::AlertKind::parse(&kind).ok_or_else(|| bad("kind", "alert kind"))?;
        let channels = channels
            .iter()
            .map(|c| core::DeliveryChannel::parse(c).ok_or_else(|| bad("channels", "channel")))
            .collect::<Result<Vec<_>, _>>()?;
        unit(self.command(|ws| ws.set_notification_channels(actor, now, user, kind, channels))?)
    }

    /// Records that `actor` views the conversation (ephemeral, expires).
    pub fn viewing(&self, actor: Actor, now: Timestamp, conversation: ConversationId) -> R<()> {
        Ok(self.lock()?.signal_presence(actor, conversation, now, false)?)
    }

    /// Records that `actor` types in the conversation (ephemeral, expires).
    pub fn typing(&self, actor: Actor, now: Timestamp, conversation: ConversationId) -> R<()> {
        Ok(self.lock()?.signal_presence(actor, conversation, now, true)?)
    }

    /// Who else is viewing or typing in the conversation at `now`.
    pub fn present(&self, viewer: Actor, now: Timestamp, conversation: ConversationId) -> R<Vec<Presence>> {
        Ok(self.read(|ws| ws.present(viewer, conversation, now))??)
    }

    /// Sets the views `viewer` watches (empty: stop). Ephemeral: never written.
    pub fn watch_views(&self, viewer: Actor, views: Vec<WatchedView>) -> R<()> {
        Ok(self.lock()?.watch_views(viewer, views)?)
    }

    /// What changed for `viewer` in the views they watch since the last call.
    pub fn take_feed(&self, viewer: Actor) -> R<Feed> {
        Ok(self.lock()?.take_feed(viewer)?)
    }

    /// Creates a team; returns its id.
    pub fn add_team(&self, actor: Actor, now: Timestamp, name: String, members: Vec<UserId>) -> R<Created> {
        created(self.command(|ws| ws.add_team(actor, now, &name, members))?, |t| t.0)
    }

    /// Creates a contact; returns its id.
    pub fn add_contact(
        &self,
        actor: Actor,
        now: Timestamp,
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    ) -> R<Created> {
        let new = core::NewContact { name, phone, email, ..core::NewContact::default() };
        created(self.command(|ws| ws.add_contact(actor, now, new))?, |c| c.0)
    }

    /// Changes a contact's details (null leaves a field, "" clears it).
    pub fn update_contact(
        &self,
        actor: Actor,
        now: Timestamp,
        contact: ContactId,
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    ) -> R<Vec<Event>> {
        let patch = core::ContactPatch { name, phone, email, ..core::ContactPatch::default() };
        unit(self.command(|ws| ws.update_contact(actor, now, contact, patch))?)
    }

    /// Sets the predefined assignees and visibility of a contact's new conversations (admins).
    pub fn set_contact_routing(
        &self,
        actor: Actor,
        now: Timestamp,
        contact: ContactId,
        assignees: Vec<UserId>,
        visibility: Visibility,
    ) -> R<Vec<Event>> {
        let routing = core::ContactRouting { assignees, visibility };
        unit(self.command(|ws| ws.set_contact_routing(actor, now, contact, routing))?)
    }

    /// Delivers a message from a contact (the system only).
    pub fn receive_message(&self, actor: Actor, now: Timestamp, message: Inbound) -> R<DeliveredResult> {
        let m = inbound(message)?;
        sent(self.command(|ws| ws.receive_message(actor, now, m))?)
    }

    /// Delivers many inbound messages in one call; one result each, in order.
    pub fn receive_messages(
        &self,
        actor: Actor,
        now: Timestamp,
        messages: Vec<Inbound>,
    ) -> R<Vec<ReceiveResult>> {
        let (a, t) = (actor, now);
        // One crossing and, on a stored workspace, one transaction: a refused
        // message changes nothing, the others are written together.
        Ok(self.command(|ws| {
            Ok(messages
                .into_iter()
                .map(|m| match inbound(m).and_then(|m| Ok(ws.receive_message(a, t, m)?)) {
                    Ok(d) => ReceiveResult { delivered: Some(d.value), error_code: None },
                    Err(e) => ReceiveResult { delivered: None, error_code: Some(e.code().to_string()) },
                })
                .collect())
        })??)
    }

    /// Starts a conversation with a contact by sending the first message.
    pub fn start_conversation(
        &self,
        actor: Actor,
        now: Timestamp,
        contact: ContactId,
        channel: Channel,
        body: String,
    ) -> R<DeliveredResult> {
        let m = core::Outbound::text(body).on(channel);
        sent(self.command(|ws| ws.start_conversation(actor, now, contact, m))?)
    }

    /// Sends a message written by a person (optionally on another channel).
    pub fn send_message(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        body: String,
        channel: Option<Channel>,
    ) -> R<DeliveredResult> {
        let m = core::Outbound { channel, body, attachments: vec![] };
        sent(self.command(|ws| ws.send_message(actor, now, conversation, m))?)
    }

    /// Sends the AI agent's reply with what the host's AI says about it: its
    /// confidence in percent (0 to 100), reasoning and detected intent (the
    /// system only).
    pub fn send_ai_reply_with(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        body: String,
        signals: AiReplySignals,
    ) -> R<DeliveredResult> {
        sent(
            self.command(|ws| {
                ws.send_ai_reply_with(actor, now, conversation, core::AiReply { body, signals })
            })?,
        )
    }

    /// Sends the AI agent's reply (the system only).
    pub fn send_ai_reply(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        body: String,
    ) -> R<DeliveredResult> {
        sent(self.command(|ws| ws.send_ai_reply(actor, now, conversation, &body))?)
    }

    /// Sends an automatic response; it answers nothing (the system only).
    pub fn send_auto_reply(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        body: String,
    ) -> R<DeliveredResult> {
        sent(self.command(|ws| ws.send_auto_reply(actor, now, conversation, &body))?)
    }

    /// Adds a system message (the system only).
    pub fn send_system_message(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        body: String,
    ) -> R<DeliveredResult> {
        sent(self.command(|ws| ws.send_system_message(actor, now, conversation, &body))?)
    }

    /// Adds a private note; returns the message id.
    pub fn add_note(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        body: String,
    ) -> R<Created> {
        created(self.command(|ws| ws.add_note(actor, now, conversation, &body))?, |m| m.0)
    }

    /// Sends an internal message to another user (or oneself).
    pub fn send_internal_message(
        &self,
        actor: Actor,
        now: Timestamp,
        to: UserId,
        body: String,
    ) -> R<DeliveredResult> {
        sent(self.command(|ws| ws.send_internal_message(actor, now, to, core::Outbound::text(body)))?)
    }

    /// Sends an invoice or checkout; returns the invoice id.
    #[allow(clippy::too_many_arguments)]
    pub fn send_invoice(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        kind: PaymentKind,
        amount_minor: i64,
        currency: String,
        description: String,
    ) -> R<Created> {
        let new = core::NewInvoice { kind, amount_minor, currency, description };
        created(self.command(|ws| ws.send_invoice(actor, now, conversation, new))?, |i| i.0)
    }

    /// Routes to a team; returns the chosen member.
    pub fn assign_team(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        team: TeamId,
        note: Option<String>,
    ) -> R<Routed> {
        let a = self.command(|ws| ws.assign_team(actor, now, conversation, team, note.as_deref()))??;
        Ok(Routed { chosen: a.value, events: a.events })
    }

    /// Applies one action to many conversations; one outcome each.
    pub fn bulk(
        &self,
        actor: Actor,
        now: Timestamp,
        conversations: Vec<ConversationId>,
        action: BulkAction,
    ) -> R<Vec<BulkOutcome>> {
        let outcomes = self.command(|ws| Ok(ws.bulk(actor, now, &conversations, &action)))??;
        Ok(outcomes
            .iter()
            .map(|o| match &o.result {
                Ok(ev) => {
                    BulkOutcome { conversation: o.conversation, events: Some(ev.clone()), error_code: None }
                }
                Err(e) => BulkOutcome {
                    conversation: o.conversation,
                    events: None,
                    error_code: Some(e.code().into()),
                },
            })
            .collect())
    }

    /// Applies every timed transition due at `now`.
    pub fn tick(&self, now: Timestamp) -> R<Vec<Event>> {
        Ok(self.command(|ws| Ok(ws.tick(now)))??)
    }

    /// When the next timed transition is due.
    pub fn next_due(&self) -> R<Option<Timestamp>> {
        self.read(|ws| ws.next_due())
    }

    /// A conversation as `viewer` may see it.
    pub fn conversation(&self, viewer: Actor, conversation: ConversationId) -> R<Conversation> {
        Ok(self.read(|ws| ws.conversation(viewer, conversation).map(conversation_out))??)
    }

    /// Every conversation `viewer` may see.
    pub fn conversations(&self, viewer: Actor) -> R<Vec<Conversation>> {
        Ok(self.read(|ws| {
            ws.conversations(viewer).map(|list| list.into_iter().map(conversation_out).collect())
        })??)
    }

    /// Whether `viewer` may see the conversation.
    pub fn can_see(&self, viewer: Actor, conversation: ConversationId) -> R<bool> {
        self.read(|ws| ws.can_see(viewer, conversation))
    }

    /// How many live conversations `viewer` may see (all for the system).
    pub fn conversation_count(&self, viewer: Actor) -> R<u64> {
        Ok(self.read(|ws| ws.conversation_count(viewer))?? as u64)
    }

    /// A user by id.
    pub fn user(&self, user: UserId) -> R<User> {
        self.read(|ws| {
            let u = ws.user(user)?.clone();
            let core::User {
                id,
                name,
                email,
                role,
                availability,
                skills,
                capacity,
                teams,
                removed,
                notifications: _,
            } = u;
            Ok(User { id, name, email, role, availability, skills, capacity, teams, removed })
        })?
    }

    /// A user by email.
    pub fn user_by_email(&self, email: String) -> R<Option<u64>> {
        self.read(|ws| ws.user_by_email(&email).map(|u| u.id.0))
    }

    /// Every user id (removed ones included).
    pub fn users(&self) -> R<Vec<u64>> {
        self.read(|ws| ws.users().iter().map(|u| u.id.0).collect())
    }

    /// A team by id.
    pub fn team(&self, team: TeamId) -> R<Team> {
        Ok(self.read(|ws| ws.team(team).cloned())??)
    }

    /// Every team id.
    pub fn teams(&self) -> R<Vec<u64>> {
        self.read(|ws| ws.teams().iter().map(|t| t.id.0).collect())
    }

    /// Every contact id (contacts are the shared directory; read one with
    /// [`Workspace::contact`] to see it as a viewer may).
    pub fn contacts(&self, viewer: Actor) -> R<Vec<u64>> {
        Ok(self.read(|ws| ws.contacts(viewer))??.iter().map(|c| c.id.0).collect())
    }

    /// The contact reached at `handle` on `channel`.
    pub fn find_contact(&self, channel: Channel, handle: String) -> R<Option<ContactId>> {
        self.read(|ws| ws.find_contact(channel, &handle))
    }

    /// Transcripts of many conversations; one outcome each, in order, a
    /// conversation the viewer may not see refused as not found.
    pub fn export_transcripts(
        &self,
        viewer: Actor,
        conversations: Vec<ConversationId>,
        audience: Audience,
    ) -> R<Vec<ExportOutcome>> {
        let outcomes = self.read(|ws| ws.export_transcripts(viewer, &conversations, audience))?;
        Ok(outcomes
            .into_iter()
            .map(|o| match o.result {
                Ok(t) => {
                    ExportOutcome { conversation: o.conversation, transcript: Some(t), error_code: None }
                }
                Err(e) => ExportOutcome {
                    conversation: o.conversation,
                    transcript: None,
                    error_code: Some(e.code().into()),
                },
            })
            .collect())
    }

    // ----- unread, views, tiles and metrics --------------------------------------------

    /// One page of a list for `viewer`; `after` is the `next` cursor of the previous page.
    #[allow(clippy::too_many_arguments)]
    pub fn view(
        &self,
        viewer: Actor,
        now: Timestamp,
        view: View,
        filters: Option<Filters>,
        sort: Option<Sort>,
        limit: Option<u32>,
        after: Option<Cursor>,
    ) -> R<Page> {
        let q = view_query(view, filters, sort, limit, after);
        Ok(self.read(|ws| ws.view(viewer, &q, now))??)
    }

    /// How many rows a list holds for `viewer`.
    pub fn count(&self, viewer: Actor, now: Timestamp, view: View, filters: Option<Filters>) -> R<u64> {
        let q = view_query(view, filters, None, None, None);
        Ok(self.read(|ws| ws.count(viewer, &q, now))??)
    }

    /// The dashboard tiles for `viewer`.
    pub fn tiles(&self, viewer: Actor) -> R<Tiles> {
        let t = self.read(|ws| ws.tiles(viewer))??;
        Ok(Tiles {
            assigned_to_me: t.assigned_to_me,
            my_unreplied_messages: t.my_unreplied_messages,
            unassigned: t.unassigned,
            unreplied_messages: t.unreplied_messages,
            unread_conversations: t.unread_conversations,
            team_inbox: t.team_inbox,
            in_progress: t.in_progress,
            closed: t.closed,
            my_inbox: t.my_inbox,
            needs_my_attention: t.needs_my_attention,
            waiting_for_customer: t.waiting_for_customer,
        })
    }

    /// The figures of one conversation.
    pub fn conversation_metrics(
        &self,
        viewer: Actor,
        conversation: ConversationId,
    ) -> R<ConversationMetrics> {
        let m = self.read(|ws| ws.conversation_metrics(viewer, conversation))??;
        Ok(ConversationMetrics {
            duration_ms: m.duration_ms,
            messages: m.messages,
            notes: m.notes,
            first_response_ms: m.first_response_ms,
            average_response_ms: m.average_response_ms,
            resolution_ms: m.resolution_ms,
            handled_by_human: m.handled_by_human,
            handled_by_ai: m.handled_by_ai,
        })
    }

    /// The figures of one agent's assigned conversations.
    pub fn agent_metrics(&self, viewer: Actor, now: Timestamp, agent: UserId) -> R<InboxMetrics> {
        Ok(self.read(|ws| ws.agent_metrics(viewer, agent, now))??)
    }

    // ----- search -------------------------------------------------------------------------

    /// Searches with a query in the query language (the binding has no query
    /// tree: same as `searchText`).
    pub fn search(
        &self,
        viewer: Actor,
        now: Timestamp,
        query: String,
        sort: Option<Sort>,
        limit: Option<u32>,
        after: Option<Cursor>,
    ) -> R<Page> {
        self.search_text(viewer, now, query, sort, limit, after)
    }

    /// Every conversation matching the query that `viewer` may see, in id order.
    pub fn search_ids(&self, viewer: Actor, now: Timestamp, query: String) -> R<Vec<ConversationId>> {
        let q = parse_query(&query)?;
        Ok(self.read(|ws| ws.search_ids(viewer, &q, now))??)
    }

    /// One page of the conversations matching the query.
    pub fn search_text(
        &self,
        viewer: Actor,
        now: Timestamp,
        query: String,
        sort: Option<Sort>,
        limit: Option<u32>,
        after: Option<Cursor>,
    ) -> R<Page> {
        let o = search_options(sort, limit, after);
        Ok(self.read(|ws| ws.search_text(viewer, &query, now, &o))??)
    }

    /// How many conversations match the query for `viewer` (the length of
    /// `searchIds`, counted on the index without listing them).
    pub fn search_count(&self, viewer: Actor, now: Timestamp, query: String) -> R<u64> {
        let q = parse_query(&query)?;
        Ok(self.read(|ws| ws.search_count(viewer, &q, now))??)
    }

    // ----- saved filters ------------------------------------------------------------------

    /// Saves a named query on a view with the view's filters, for the actor
    /// alone or, with `shared`, for everyone. Returns the new filter's id.
    pub fn save_filter(&self, actor: Actor, now: Timestamp, filter: NewSavedFilter) -> R<Created> {
        let q = view_query(filter.view, filter.filters, filter.sort, None, None);
        let new = core::NewSavedFilter {
            name: filter.name,
            query: filter.query,
            view: q.view,
            sort: q.sort,
            filters: q.filters,
            shared: filter.shared,
        };
        created(self.command(|ws| ws.save_filter(actor, now, new))?, |f| f.0)
    }

    /// Renames a saved filter (its owner or an admin).
    pub fn rename_saved_filter(
        &self,
        actor: Actor,
        now: Timestamp,
        filter: SavedFilterId,
        name: String,
    ) -> R<Vec<Event>> {
        let f = filter;
        unit(self.command(|ws| ws.rename_saved_filter(actor, now, f, &name))?)
    }

    // ----- routing ------------------------------------------------------------------------

    /// Sets a team's own chain (null: the workspace chain, or load balancing).
    pub fn set_team_routing(
        &self,
        actor: Actor,
        now: Timestamp,
        team: TeamId,
        chain: Option<Vec<RoutingStrategy>>,
    ) -> R<Vec<Event>> {
        let c = chain.map(|c| c.into_iter().collect());
        unit(self.command(|ws| ws.set_team_routing(actor, now, team, c))?)
    }

    /// Routes an unassigned conversation now.
    pub fn auto_assign(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
    ) -> R<RoutingResult> {
        let r = self.command(|ws| ws.auto_assign(actor, now, conversation))??;
        Ok(RoutingResult { decision: r.value, events: r.events })
    }

    // ----- priority -----------------------------------------------------------------------

    /// Replaces the priority rules, given as JSON text (`{"rules": [...]}`). Admins only.
    pub fn set_priority_rules(&self, actor: Actor, now: Timestamp, rules_json: String) -> R<Vec<Event>> {
        let r = rules_in(&rules_json)?;
        unit(self.command(|ws| ws.set_priority_rules(actor, now, r))?)
    }

    /// Feeds the host AI's sentiment (-1 to 1) and intent to the priority rules (host only).
    pub fn record_ai_signals(
        &self,
        actor: Actor,
        now: Timestamp,
        conversation: ConversationId,
        sentiment: Option<f32>,
        intent: Option<String>,
    ) -> R<PriorityResult> {
        let r =
            self.command(|ws| ws.record_ai_signals(actor, now, conversation, sentiment, intent.as_deref()))??;
        Ok(PriorityResult { decision: r.value, events: r.events })
    }

    // ----- templates ----------------------------------------------------------------------

    /// A template by name, ignoring case.
    pub fn template(&self, name: String) -> R<TemplateInfo> {
        Ok(self.read(|ws| ws.template(&name).map(template_out))??)
    }

    /// Every template, in the order they were added.
    pub fn templates(&self) -> R<Vec<TemplateInfo>> {
        self.read(|ws| ws.templates().into_iter().map(template_out).collect())
    }

    /// Templates matching what the agent typed after `/`, best first.
    pub fn find_templates(&self, query: String, limit: u32) -> R<Vec<TemplateMatch>> {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        self.read(|ws| ws.find_templates(&query, limit))
    }

    /// The variables a template needs.
    pub fn template_variables(&self, name: String) -> R<TemplateVariables> {
        Ok(variables_out(&self.read(|ws| ws.template_variables(&name))??))
    }

    /// Renders a template for a reply in a conversation; `values` fills custom variables.
    pub fn render_template(
        &self,
        viewer: Actor,
        now: Timestamp,
        conversation: ConversationId,
        name: String,
        values: HashMap<String, String>,
    ) -> R<String> {
        let v = values.into_iter().collect();
        Ok(self.read(|ws| ws.render_template(viewer, now, conversation, &name, &v))??)
    }
}

// The commands that only pass their arguments on and return their events, one
// line each: `name(arg: Type)`, or `arg: Type => expression` when the core takes
// it in another form (`&tag`, `note.as_deref()`). Each becomes
// `Workspace.name(actor, now, args...)` returning the events.
macro_rules! commands {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty $(=> $conv:expr)?),*);)*) => {
        #[uniffi::export]
        impl Workspace {$(
            $(#[$doc])*
            pub fn $name(&self, actor: Actor, now: Timestamp, $($arg: $ty),*) -> R<Vec<Event>> {
                unit(self.command(|ws| ws.$name(actor, now, $(commands!(@arg $arg $($conv)?)),*))?)
            }
        )*}
    };
    (@arg $arg:ident) => { $arg };
    (@arg $arg:ident $conv:expr) => { $conv };
}

commands! {
    /// Sets a user's availability.
    set_availability(user: UserId, availability: Availability);
    /// Replaces a team's members (admins).
    set_team_members(team: TeamId, members: Vec<UserId>);
    /// Sets (or, with null, clears) the conversation summary the host's AI
    /// wrote (the system only).
    set_summary(conversation: ConversationId, summary: Option<String> => summary.as_deref());
    /// Records that an invoice was paid (the system or admins).
    mark_invoice_paid(invoice: InvoiceId);
    /// Takes the conversation over from the AI.
    take_over(conversation: ConversationId);
    /// Marks the conversation read for the acting user (users only).
    mark_read(conversation: ConversationId);
    /// Sets the workspace's auto-assignment chain (empty: off).
    set_routing(chain: Vec<RoutingStrategy> => chain.into_iter().collect());
    /// Adds a reply template (admins).
    add_template(name: String => &name, source: String => &source, whatsapp_approved: bool);
    /// Drops `user`'s own notification settings (the workspace defaults apply).
    reset_notification_preferences(user: UserId);
    /// Replaces a user's routing skills and capacity (admins).
    set_user_routing(user: UserId, skills: Vec<String>, capacity: Option<u32>);
    /// Removes a user (admins).
    remove_user(user: UserId);
    /// Adds an address on a channel to a contact.
    add_contact_identity(contact: ContactId, channel: Channel, handle: String => &handle);
    /// Adds a note about a contact.
    add_contact_note(contact: ContactId, text: String => &text);
    /// Tags a contact.
    tag_contact(contact: ContactId, tag: String => &tag);
    /// Records the customer's satisfaction rating, 1 to 5, with an optional
    /// comment (the system only); a later rating replaces an earlier one.
    rate_satisfaction(conversation: ConversationId, rating: u32, comment: Option<String> => comment.as_deref());
    /// Cancels an invoice (the system or admins).
    cancel_invoice(invoice: InvoiceId);
    /// Assigns users, with an optional note.
    assign(conversation: ConversationId, users: Vec<UserId>, note: Option<String> => note.as_deref());
    /// Removes assignees.
    unassign(conversation: ConversationId, users: Vec<UserId>);
    /// Transfers: the given users become the only assignees.
    transfer(conversation: ConversationId, to: Vec<UserId>, note: Option<String> => note.as_deref());
    /// The AI asks for a human (the system only).
    request_handoff(conversation: ConversationId, reason: Option<String> => reason.as_deref());
    /// Hands the conversation back to the AI.
    resume_ai(conversation: ConversationId);
    /// Sets the AI mode.
    set_ai_mode(conversation: ConversationId, mode: AiMode);
    /// Sets the priority by hand (pinned).
    set_priority(conversation: ConversationId, priority: Priority, reason: Option<String> => reason.as_deref());
    /// Clears a manual priority pin.
    clear_priority_pin(conversation: ConversationId);
    /// Tags the conversation.
    tag_conversation(conversation: ConversationId, tag: String => &tag);
    /// Removes a tag.
    untag_conversation(conversation: ConversationId, tag: String => &tag);
    /// Sets who may see the conversation.
    set_visibility(conversation: ConversationId, visibility: Visibility);
    /// Changes the status.
    set_status(conversation: ConversationId, status: Status);
    /// Closes (resolves) the conversation.
    close(conversation: ConversationId);
    /// Reopens the conversation.
    reopen(conversation: ConversationId);
    /// Archives the conversation.
    archive(conversation: ConversationId);
    /// Deletes the conversation (admins).
    delete_conversation(conversation: ConversationId);
    /// Makes the latest message someone else wrote unread again for the acting user.
    mark_unread(conversation: ConversationId);
    /// Deletes a saved filter (its owner or an admin).
    delete_saved_filter(filter: SavedFilterId);
    /// Sets the skills a conversation needs.
    set_required_skills(conversation: ConversationId, skills: Vec<String>);
    /// Sets the response-time goals (null: no SLA warnings). Admins only.
    set_response_goals(goals: Option<ResponseGoals>);
    /// Replaces a template's text (admins).
    update_template(name: String => &name, source: String => &source);
    /// Removes a template (admins).
    remove_template(name: String => &name);
}

// The reads that only pass their arguments on, one line each (the same
// argument forms as `commands!`); each becomes `Workspace.name(args...)`.
macro_rules! reads {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty $(=> $conv:expr)?),*) -> $ret:ty;)*) => {
        #[uniffi::export]
        impl Workspace {$(
            $(#[$doc])*
            pub fn $name(&self, $($arg: $ty),*) -> R<$ret> {
                Ok(self.read(|ws| ws.$name($(commands!(@arg $arg $($conv)?)),*))??)
            }
        )*}
    };
}

reads! {
    /// The whole workspace as JSON (a versioned snapshot).
    to_json() -> String;
    /// A contact as `viewer` may see it: no current conversation the viewer
    /// may not see.
    contact(viewer: Actor, contact: ContactId) -> Contact;
    /// The transcript for an audience.
    transcript(viewer: Actor, conversation: ConversationId, audience: Audience) -> Transcript;
    /// The customer panel for a contact as `viewer` may see it, beside a
    /// conversation (left out of `related`) or null.
    customer_panel(viewer: Actor, contact: ContactId, beside: Option<ConversationId>) -> CustomerPanel;
    /// The transcript as JSON.
    export_json(viewer: Actor, conversation: ConversationId, audience: Audience) -> String;
    /// The transcript as plain text.
    export_text(viewer: Actor, conversation: ConversationId, audience: Audience) -> String;
    /// Messages of the conversation unread for `viewer` (0 for the host).
    unread_count(viewer: Actor, conversation: ConversationId) -> u32;
    /// How many messages of the conversation `viewer` has read.
    read_marker(viewer: Actor, conversation: ConversationId) -> u32;
    /// The figures of the conversations `viewer` may see.
    workspace_metrics(viewer: Actor, now: Timestamp) -> InboxMetrics;
    /// The saved filters `viewer` lists (their own and the shared ones), each
    /// with how many conversations it holds for `viewer`.
    saved_filters(viewer: Actor, now: Timestamp) -> Vec<SavedFilterCount>;
    /// One saved filter that `viewer` lists.
    saved_filter(viewer: Actor, filter: SavedFilterId) -> SavedFilter;
    /// What compiled search SQL needs to run as `viewer`.
    sql_context(viewer: UserId, now: Timestamp) -> SqlContext;
    /// What auto-assignment would decide now, and why; changes nothing.
    explain_routing(viewer: Actor, conversation: ConversationId) -> RoutingDecision;
    /// Conversations waiting for an eligible agent, in assignment order.
    routing_queue(viewer: Actor) -> Vec<ConversationId>;
    /// What the priority rules decide for the conversation now; changes nothing.
    explain_priority(viewer: Actor, now: Timestamp, conversation: ConversationId) -> PriorityDecision;
}

// The parsers of the names people type, with the core's aliases; unknown names fail with `invalid_value`.
macro_rules! parsers {
    ($($(#[$doc:meta])* $name:ident -> $ty:ty;)*) => {$(
        $(#[$doc])*
        #[uniffi::export]
        pub fn $name(text: String) -> R<$ty> {
            Ok(text.parse::<$ty>()?)
        }
    )*};
}
parsers! {
    /// Parses a status name as people write it ("active" is open, "closed" is resolved).
    parse_status -> Status;
    /// Parses a priority name ("medium" is normal).
    parse_priority -> Priority;
    /// Parses a channel name ("wa" is WhatsApp, "phone" is telephony).
    parse_channel -> Channel;
    /// Parses an AI mode name ("ai" is active).
    parse_ai_mode -> AiMode;
    /// Parses a routing step name ("round_robin", ...).
    parse_routing_strategy -> RoutingStrategy;
    /// Parses a view name ("team_inbox", ...).
    parse_view -> View;
    /// Parses a sort name ("recent", ...).
    parse_sort -> Sort;
}
