//! Kotlin and Swift bindings for frontdesk (uniffi proc-macros): a thin layer
//! over the core crate. Each method converts its arguments, calls the core once
//! and converts the result; no rule lives here. Errors are mapped in
//! `errors.rs` only.
#![deny(missing_docs)]

mod errors;

use chrono::{DateTime, Utc};
use errors::{bad_time, poisoned, FrontdeskError};
use frontdesk as core;
use frontdesk_store::Backing;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

uniffi::setup_scaffolding!();

type R<T> = Result<T, FrontdeskError>;

/// Who acts: the host application, or a user of the workspace.
#[derive(uniffi::Enum, Clone, Copy)]
pub enum Actor {
    /// The host application (integrations, the AI agent, webhooks).
    System,
    /// A user, by id.
    User {
        /// The user id.
        id: u64,
    },
}

/// Who may see a conversation.
#[derive(uniffi::Enum, Clone)]
pub enum Visibility {
    /// Every user.
    Everyone,
    /// Only these users (and admins).
    Users {
        /// The user ids.
        users: Vec<u64>,
    },
}

macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident => $core:path { $($(#[$vdoc:meta])* $v:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(uniffi::Enum, Clone, Copy, PartialEq, Eq, Debug)]
        pub enum $name { $($(#[$vdoc])* $v),* }
        impl From<$name> for $core {
            fn from(v: $name) -> $core { match v { $($name::$v => <$core>::$v),* } }
        }
        impl From<$core> for $name {
            #[allow(unreachable_patterns)]
            fn from(v: $core) -> $name {
                match v { $(<$core>::$v => $name::$v,)* _ => unreachable_variant(stringify!($name)) }
            }
        }
    };
}

fn unreachable_variant<T>(what: &str) -> T {
    // The core added a variant this binding does not know yet; uniffi turns the
    // panic into an internal error rather than a crash.
    panic!("frontdesk binding is older than the core: unknown {what}")
}

mirror_enum!(
    /// Where a conversation stands.
    Status => core::Status { /** Ongoing. */ Open, /** Waiting. */ Pending, /** Closed. */ Resolved, /** Historical. */ Archived });
mirror_enum!(
    /// How urgent a conversation is.
    Priority => core::Priority { /** Low. */ Low, /** Normal. */ Normal, /** High. */ High, /** Urgent. */ Urgent });
mirror_enum!(
    /// A communication channel.
    Channel => core::Channel { /** Web chat. */ Webchat, /** WhatsApp. */ Whatsapp, /** SMS. */ Sms, /** Email. */ Email, /** Phone. */ Telephony, /** LinkedIn. */ Linkedin, /** Internal chat. */ Internal });
mirror_enum!(
    /// Who answers the customer.
    AiMode => core::AiMode { /** The AI. */ Active, /** Nobody automatically. */ Paused, /** Humans only. */ Manual });
mirror_enum!(
    /// What a user may do.
    Role => core::Role { /** Admin. */ Admin, /** Agent. */ Agent });
mirror_enum!(
    /// Whether a user takes conversations now.
    Availability => core::Availability { /** Online. */ Online, /** Away. */ Away, /** Offline. */ Offline });
mirror_enum!(
    /// Who a transcript is for.
    Audience => core::Audience { /** The customer: no private notes. */ Customer, /** The team. */ Team });
mirror_enum!(
    /// Invoice or checkout.
    PaymentKind => core::PaymentKind { /** Blocks closing while unpaid. */ Invoice, /** A payment link. */ Checkout });

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

/// Someone else viewing or typing in a conversation.
#[derive(uniffi::Record, Clone)]
pub struct Presence {
    /// Who (a user id).
    pub user: u64,
    /// Whether they are typing (otherwise viewing).
    pub typing: bool,
    /// Their latest signal.
    pub last_seen: SystemTime,
}

/// A view a user's screen watches, in an order.
#[derive(uniffi::Record, Clone)]
pub struct WatchedView {
    /// The view.
    pub view: View,
    /// The order positions are given in.
    pub sort: Sort,
}

/// A row of a watched view as it is now: place it by `group` (ascending), then
/// `row.lastActivityAt` and `row.conversation` (descending; ascending for
/// `OLDEST`); `cursor` is the same position as a view cursor.
#[derive(uniffi::Record)]
pub struct FeedRow {
    /// The row, as `view` shows it now.
    pub row: ListRow,
    /// The group of the order.
    pub group: u16,
    /// The position as a cursor.
    pub cursor: String,
}

/// What changed in one watched view.
#[derive(uniffi::Record)]
pub struct FeedView {
    /// The view.
    pub view: View,
    /// Its order.
    pub sort: Sort,
    /// Rows that entered it.
    pub entered: Vec<FeedRow>,
    /// Rows still in it that changed or moved.
    pub changed: Vec<FeedRow>,
    /// Conversations that left it (still visible to the viewer).
    pub left: Vec<u64>,
    /// Its new row count, when it changed.
    pub count: Option<u64>,
}

/// What changed for one viewer since their last `takeFeed`.
#[derive(uniffi::Record)]
pub struct Feed {
    /// The viewer.
    pub viewer: u64,
    /// Read the views again (the viewer's role changed).
    pub reset: bool,
    /// Per watched view.
    pub views: Vec<FeedView>,
    /// The new tiles, when they changed.
    pub tiles: Option<Tiles>,
    /// Conversations the viewer can no longer see: drop them everywhere.
    pub gone: Vec<u64>,
}

fn feed_out(f: &core::Feed) -> Feed {
    let row = |r: &core::FeedRow| {
        let l = &r.row;
        FeedRow {
            row: ListRow {
                conversation: l.conversation.0,
                internal: l.internal,
                contact: l.contact.map(|c| c.0),
                title: l.title.clone(),
                preview: l.preview.clone(),
                last_activity_at: system_time(l.last_activity_at),
                channel: l.channel.into(),
                unread: l.unread,
                unreplied: l.unreplied,
                status: l.status.into(),
                priority: l.priority.into(),
                assignees: l.assignees.iter().map(|u| u.0).collect(),
                ai_mode: l.ai_mode.into(),
            },
            group: r.group,
            cursor: r.cursor.as_str().to_string(),
        }
    };
    let ids = |list: &[core::ConversationId]| list.iter().map(|c| c.0).collect();
    Feed {
        viewer: f.viewer.0,
        reset: f.reset,
        views: f
            .views
            .iter()
            .map(|v| FeedView {
                view: v.view.into(),
                sort: v.sort.into(),
                entered: v.entered.iter().map(row).collect(),
                changed: v.changed.iter().map(row).collect(),
                left: ids(&v.left),
                count: v.count,
            })
            .collect(),
        tiles: f.tiles.map(|t| Tiles {
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
        }),
        gone: ids(&f.gone),
    }
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
        default_ai_mode: c.default_ai_mode.into(),
        default_country_code: c.default_country_code,
        max_message_bytes: c.max_message_bytes as u64,
        routing: c.routing.iter().map(|r| (*r).into()).collect(),
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

/// A domain event. `eventType` says what happened (`"assigned"`, ...);
/// `fields` holds its other fields as JSON text (`"user" -> "3"`).
#[derive(uniffi::Record, Clone)]
pub struct Event {
    /// The event type, snake_case.
    pub event_type: String,
    /// The conversation, when the event is about one.
    pub conversation: Option<u64>,
    /// Every other field, as JSON text.
    pub fields: HashMap<String, String>,
}

fn events(list: &[core::Event]) -> Vec<Event> {
    list.iter()
        .map(|e| {
            let mut fields = HashMap::new();
            let (mut event_type, mut conversation) = (String::new(), None);
            if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(e) {
                for (k, v) in map {
                    match (k.as_str(), &v) {
                        ("type", serde_json::Value::String(s)) => event_type = s.clone(),
                        ("conversation", v) => conversation = v.as_u64(),
                        _ => {
                            fields.insert(k, v.to_string());
                        }
                    }
                }
            }
            Event { event_type, conversation, fields }
        })
        .collect()
}

/// Where a message landed.
#[derive(uniffi::Record, Clone)]
pub struct Delivered {
    /// The conversation (possibly new).
    pub conversation: u64,
    /// The message.
    pub message: u64,
    /// The contact.
    pub contact: Option<u64>,
}

fn delivered(d: core::Delivered) -> Delivered {
    Delivered { conversation: d.conversation.0, message: d.message.0, contact: d.contact.map(|c| c.0) }
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
    pub chosen: Option<u64>,
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

/// An action applied to many conversations.
#[derive(uniffi::Enum, Clone)]
pub enum BulkAction {
    /// Add assignees.
    Assign {
        /// Users.
        users: Vec<u64>,
        /// Note.
        note: Option<String>,
    },
    /// Route to a team.
    AssignTeam {
        /// The team.
        team: u64,
    },
    /// Change the status.
    SetStatus {
        /// The status.
        status: Status,
    },
    /// Change the priority.
    SetPriority {
        /// The priority.
        priority: Priority,
        /// Why.
        reason: Option<String>,
    },
    /// Archive.
    Archive,
    /// Delete.
    Delete,
}

/// What a bulk action did to one conversation.
#[derive(uniffi::Record)]
pub struct BulkOutcome {
    /// The conversation.
    pub conversation: u64,
    /// Its events, when applied.
    pub events: Option<Vec<Event>>,
    /// The error code when refused.
    pub error_code: Option<String>,
}

/// One message of a conversation.
#[derive(uniffi::Record)]
pub struct Message {
    /// Its id.
    pub id: u64,
    /// When.
    pub at: SystemTime,
    /// The channel.
    pub channel: Channel,
    /// "contact", "user", "ai", "auto_responder" or "system".
    pub author: String,
    /// The user, when a person wrote it.
    pub author_user: Option<u64>,
    /// "text", "note", "invoice" or "checkout".
    pub kind: String,
    /// The text.
    pub body: String,
    /// The AI's confidence in this reply, in percent (AI replies only).
    pub ai_confidence: Option<u32>,
    /// Why the AI responded that way (AI replies only).
    pub ai_reasoning: Option<String>,
    /// The customer intent the AI detected (AI replies only).
    pub ai_intent: Option<String>,
}

/// A conversation as the viewer may see it.
#[derive(uniffi::Record)]
pub struct Conversation {
    /// Its id.
    pub id: u64,
    /// Whether it is an internal chat.
    pub internal: bool,
    /// The contact.
    pub contact: Option<u64>,
    /// "inbound", "outbound", "continued" or "internal".
    pub origin: String,
    /// The closed conversation it continues.
    pub continued_from: Option<u64>,
    /// Status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Whether a person pinned the priority.
    pub priority_pinned: bool,
    /// The channel of the latest message.
    pub channel: Channel,
    /// Assignees, ascending.
    pub assignees: Vec<u64>,
    /// The team.
    pub team: Option<u64>,
    /// Who may see it.
    pub visibility: Visibility,
    /// Who answers the customer.
    pub ai_mode: AiMode,
    /// Tags.
    pub tags: Vec<String>,
    /// When it was created.
    pub created_at: SystemTime,
    /// When it was last closed.
    pub closed_at: Option<SystemTime>,
    /// Customer messages nobody answered.
    pub unreplied: u32,
    /// Customer messages answered only by the AI.
    pub answered_by_ai: u32,
    /// Messages, oldest first.
    pub messages: Vec<Message>,
    /// Invoices still due.
    pub outstanding_invoices: Vec<u64>,
    /// The conversation summary the host's AI wrote.
    pub summary: Option<String>,
    /// The customer's satisfaction rating, 1 to 5.
    pub satisfaction: Option<u32>,
    /// The customer's comment with their rating.
    pub satisfaction_comment: Option<String>,
}

/// What the host's AI says about its reply: each field optional.
#[derive(uniffi::Record)]
pub struct AiReplySignals {
    /// Confidence in percent, 0 to 100.
    pub confidence: Option<u32>,
    /// Why the AI responded that way.
    pub reasoning: Option<String>,
    /// The customer intent the AI detected.
    pub intent: Option<String>,
}

/// A contact.
#[derive(uniffi::Record)]
pub struct Contact {
    /// Its id.
    pub id: u64,
    /// Name.
    pub name: Option<String>,
    /// Phone (E.164).
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// The conversation new messages join.
    pub current_conversation: Option<u64>,
}

/// The customer panel: a contact as the viewer may see it.
#[derive(uniffi::Record)]
pub struct CustomerPanel {
    /// The contact, as the viewer may see it.
    pub contact: Contact,
    /// How many of the contact's conversations the viewer may see.
    pub total_conversations: u32,
    /// The other conversations the viewer may see, newest first (ids).
    pub related: Vec<u64>,
    /// When the earliest conversation the viewer may see began.
    pub first_contact_at: Option<SystemTime>,
    /// The texts of the notes the viewer may see, oldest first.
    pub notes: Vec<String>,
    /// The contact's tags.
    pub tags: Vec<String>,
}

/// One conversation of a bulk export: its transcript, or the refusal.
#[derive(uniffi::Record)]
pub struct ExportOutcome {
    /// The conversation.
    pub conversation: u64,
    /// Its transcript, when included.
    pub transcript: Option<Transcript>,
    /// The error code when refused.
    pub error_code: Option<String>,
}

/// A user.
#[derive(uniffi::Record)]
pub struct User {
    /// Its id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Availability.
    pub availability: Availability,
    /// Whether the user was removed.
    pub removed: bool,
}

/// A team.
#[derive(uniffi::Record)]
pub struct Team {
    /// Its id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// Members.
    pub members: Vec<u64>,
}

/// One transcript entry.
#[derive(uniffi::Record)]
pub struct TranscriptEntry {
    /// The message.
    pub message: u64,
    /// When.
    pub at: SystemTime,
    /// Who wrote it, as a person reads it.
    pub from: String,
    /// "message", "note", "invoice" or "checkout".
    pub kind: String,
    /// The text.
    pub body: String,
    /// The AI's confidence in percent (AI replies, team transcripts only).
    pub ai_confidence: Option<u32>,
    /// Why the AI responded that way (team transcripts only).
    pub ai_reasoning: Option<String>,
    /// The intent the AI detected (team transcripts only).
    pub ai_intent: Option<String>,
}

/// A conversation's history.
#[derive(uniffi::Record)]
pub struct Transcript {
    /// The conversation.
    pub conversation: u64,
    /// Who it is with.
    pub with: String,
    /// Status when exported.
    pub status: Status,
    /// Entries.
    pub entries: Vec<TranscriptEntry>,
    /// The AI's summary (team transcripts only).
    pub summary: Option<String>,
    /// The customer's satisfaction rating (team transcripts only).
    pub satisfaction: Option<u32>,
}

// ----- views, search, routing, priority and templates --------------------------------

mirror_enum!(
    /// An inbox list, always seen by a viewer.
    View => core::View { /** Every conversation the viewer may list. */ TeamInbox, /** Not closed, nobody assigned. */ Unassigned, /** Not closed, assigned. */ InProgress, /** Resolved or archived. */ Closed, /** Assigned to me, plus my internal chats. */ MyInbox, /** Mine with unreplied messages. */ NeedsMyAttention, /** Mine with nothing unreplied. */ WaitingForCustomer, /** Customer conversations open. */ Active, /** Customer conversations pending. */ Pending, /** Closed today (the read's `now`, workspace time zone). */ ResolvedToday, /** Mine, nothing unreplied, a reply last, nothing unpaid. */ ReadyToClose, /** Not closed, unassigned, AI paused. */ NeedsReview, /** Web chat conversations. */ WebchatInbox, /** WhatsApp conversations. */ WhatsappInbox, /** SMS conversations. */ SmsInbox, /** Email conversations. */ EmailInbox, /** Telephony conversations. */ TelephonyInbox, /** LinkedIn conversations. */ LinkedinInbox });
mirror_enum!(
    /// The quick "Mode" filter: who answers the customer (no filter is "all").
    Mode => core::Mode { /** The AI agent answers (AI mode active). */ AiHandled, /** Humans answer (AI paused or manual only). */ Manual });
mirror_enum!(
    /// The order of a list or of search results.
    Sort => core::Sort { /** Most recent activity first. */ Recent, /** Oldest activity first. */ Oldest, /** Highest priority first. */ Priority, /** By channel. */ Channel, /** Unassigned first. */ Assignment });
mirror_enum!(
    /// One step of an auto-assignment chain.
    RoutingStrategy => core::RoutingStrategy { /** The contact's predefined assignees. */ ContactOwner, /** Only agents with every skill (a filter). */ SkillBased, /** Urgent to the least loaded. */ PriorityBased, /** Fewest open conversations. */ LoadBalancing, /** In turn. */ RoundRobin });

/// A last-activity window in the workspace time zone.
#[derive(uniffi::Enum, Clone)]
pub enum TimeRange {
    /// The last hour.
    LastHour,
    /// Today.
    Today,
    /// This week (from Monday).
    ThisWeek,
    /// This calendar month.
    ThisMonth,
    /// A custom window.
    Between {
        /// Start, included.
        from: SystemTime,
        /// End, excluded.
        to: SystemTime,
    },
}

/// Narrows a view; every filter set must match.
#[derive(uniffi::Record, Clone, Default)]
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
    /// Only this last-activity window.
    pub time_range: Option<TimeRange>,
    /// Only AI-handled or only manual conversations (none: all).
    pub mode: Option<Mode>,
    /// Only conversations from this source campaign (case-insensitive).
    pub campaign: Option<String>,
}

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
    pub filters: Option<ViewFilters>,
    /// Listed for the whole workspace rather than its owner alone.
    pub shared: bool,
}

/// A saved filter.
#[derive(uniffi::Record)]
pub struct SavedFilter {
    /// Its id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// Who saved it (none: the host, whose filters are always shared).
    pub owner: Option<u64>,
    /// Listed for every user, not only its owner.
    pub shared: bool,
    /// The query in canonical form (empty: no query).
    pub query: String,
    /// The view it narrows.
    pub view: View,
    /// The order of its list.
    pub sort: Sort,
    /// The view filters on top of the query.
    pub filters: ViewFilters,
    /// When it was saved.
    pub created_at: SystemTime,
}

/// A saved filter as a viewer lists it, with how many conversations it holds
/// for that viewer now.
#[derive(uniffi::Record)]
pub struct SavedFilterCount {
    /// The filter.
    pub filter: SavedFilter,
    /// The conversations of its view, filters and query that the viewer may see.
    pub count: u64,
}

fn saved_filter_out(f: &core::SavedFilter) -> SavedFilter {
    let x = &f.filters;
    SavedFilter {
        id: f.id.0,
        name: f.name.clone(),
        owner: f.owner.map(|u| u.0),
        shared: f.shared,
        query: f.query.clone(),
        view: f.view.into(),
        sort: f.sort.into(),
        filters: ViewFilters {
            channel: x.channel.map(Into::into),
            status: x.status.map(Into::into),
            priority: x.priority.map(Into::into),
            ai_mode: x.ai_mode.map(Into::into),
            tag: x.tag.clone(),
            time_range: x.time.map(|r| match r {
                core::TimeRange::LastHour => TimeRange::LastHour,
                core::TimeRange::Today => TimeRange::Today,
                core::TimeRange::ThisWeek => TimeRange::ThisWeek,
                core::TimeRange::ThisMonth => TimeRange::ThisMonth,
                core::TimeRange::Between { from, to } => {
                    TimeRange::Between { from: system_time(from), to: system_time(to) }
                }
            }),
            mode: x.mode.map(Into::into),
            campaign: x.campaign.clone(),
        },
        created_at: system_time(f.created_at),
    }
}

/// One conversation as a list shows it.
#[derive(uniffi::Record)]
pub struct ListRow {
    /// The conversation.
    pub conversation: u64,
    /// Whether it is an internal chat.
    pub internal: bool,
    /// The contact, for customer conversations.
    pub contact: Option<u64>,
    /// The contact's name or phone; for internal chats the other participant.
    pub title: String,
    /// The start of the last message.
    pub preview: String,
    /// The last activity.
    pub last_activity_at: SystemTime,
    /// The current channel.
    pub channel: Channel,
    /// Messages unread for the viewer.
    pub unread: u32,
    /// Customer messages waiting for a human reply.
    pub unreplied: u32,
    /// Status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Assignees, in id order.
    pub assignees: Vec<u64>,
    /// The AI mode.
    pub ai_mode: AiMode,
}

/// One page of a list; `next` is the cursor of the next page (null: last page).
#[derive(uniffi::Record)]
pub struct Page {
    /// The rows, in order.
    pub rows: Vec<ListRow>,
    /// Where the next page starts.
    pub next: Option<String>,
}

/// The dashboard tiles and the count of every view, for one viewer.
#[derive(uniffi::Record)]
pub struct Tiles {
    /// Customer conversations assigned to me, not closed.
    pub assigned_to_me: u64,
    /// Unreplied customer messages in those.
    pub my_unreplied_messages: u64,
    /// Customer conversations not closed and assigned to nobody.
    pub unassigned: u64,
    /// Unreplied customer messages in conversations not closed.
    pub unreplied_messages: u64,
    /// Conversations with at least one unread message.
    pub unread_conversations: u64,
    /// Rows of the Team inbox.
    pub team_inbox: u64,
    /// Rows of In progress.
    pub in_progress: u64,
    /// Rows of Closed.
    pub closed: u64,
    /// Rows of My inbox.
    pub my_inbox: u64,
    /// Rows of Needs my attention.
    pub needs_my_attention: u64,
    /// Rows of Waiting for customer.
    pub waiting_for_customer: u64,
}

/// Figures of one conversation (durations in ms).
#[derive(uniffi::Record)]
pub struct ConversationMetrics {
    /// From creation to the last activity.
    pub duration_ms: i64,
    /// Messages other than notes.
    pub messages: u32,
    /// Private notes.
    pub notes: u32,
    /// First response time.
    pub first_response_ms: Option<i64>,
    /// Average response time over answered customer turns.
    pub average_response_ms: Option<i64>,
    /// From creation to closing, while closed.
    pub resolution_ms: Option<i64>,
    /// Whether a human agent replied.
    pub handled_by_human: bool,
    /// Whether only the AI replied.
    pub handled_by_ai: bool,
}

/// Figures of a set of customer conversations.
#[derive(uniffi::Record)]
pub struct InboxMetrics {
    /// Conversations in the set.
    pub conversations: u64,
    /// Created today.
    pub new_today: u64,
    /// Closed today.
    pub resolved_today: u64,
    /// Not closed.
    pub backlog: u64,
    /// Average first response time, in ms.
    pub average_first_response_ms: Option<i64>,
    /// Closed / all.
    pub resolution_rate: Option<f64>,
    /// AI-handled conversations.
    pub handled_by_ai: u64,
    /// Human-handled conversations.
    pub handled_by_humans: u64,
    /// AI-handled share.
    pub ai_share: Option<f64>,
    /// Conversations the customer rated.
    pub satisfaction_ratings: u64,
    /// Average satisfaction rating (1 to 5) over those.
    pub average_satisfaction: Option<f64>,
}

/// What auto-assignment decided.
#[derive(uniffi::Enum)]
pub enum RoutingOutcome {
    /// Assign these users, chosen by this step.
    Assign {
        /// The chosen users.
        users: Vec<u64>,
        /// The step that chose them.
        strategy: RoutingStrategy,
    },
    /// Nobody is eligible: wait in the queue.
    Queue,
    /// Nothing to do.
    NotRouted,
}

/// A routing decision and why it was taken.
#[derive(uniffi::Record)]
pub struct RoutingDecision {
    /// The conversation.
    pub conversation: u64,
    /// The outcome.
    pub outcome: RoutingOutcome,
    /// Why, for a person.
    pub reason: String,
}

/// A routing decision and the events of `autoAssign`.
#[derive(uniffi::Record)]
pub struct RoutingResult {
    /// The decision.
    pub decision: RoutingDecision,
    /// What happened.
    pub events: Vec<Event>,
}

/// A priority rule that fired.
#[derive(uniffi::Record)]
pub struct FiredRule {
    /// The rule's id.
    pub rule_id: String,
    /// The priority it asks for.
    pub priority: Priority,
    /// Why, for a person.
    pub reason: String,
}

/// What the priority rules ask for (null: none fired) and which fired.
#[derive(uniffi::Record)]
pub struct PriorityDecision {
    /// The priority asked for.
    pub priority: Option<Priority>,
    /// The rules that fired.
    pub fired: Vec<FiredRule>,
}

/// A priority decision and the events of `recordAiSignals`.
#[derive(uniffi::Record)]
pub struct PriorityResult {
    /// The decision.
    pub decision: PriorityDecision,
    /// What happened.
    pub events: Vec<Event>,
}

/// Response-time goals per priority, in seconds.
#[derive(uniffi::Record, Clone, Copy)]
pub struct ResponseGoals {
    /// Urgent.
    pub urgent_secs: i64,
    /// High.
    pub high_secs: i64,
    /// Normal.
    pub normal_secs: i64,
    /// Low.
    pub low_secs: i64,
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

/// A template found for what the agent typed after `/`.
#[derive(uniffi::Record)]
pub struct TemplateMatch {
    /// The template's name.
    pub name: String,
    /// How it matched (`exact`, `name_prefix`, ...).
    pub kind: String,
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

/// What compiled search SQL needs to run as a viewer.
#[derive(uniffi::Record)]
pub struct SqlContext {
    /// The viewer.
    pub viewer: u64,
    /// Whether the viewer is an admin.
    pub is_admin: bool,
    /// The time relative dates resolve against.
    pub now: SystemTime,
    /// The workspace offset from UTC, in minutes.
    pub utc_offset_minutes: i32,
}

fn u(v: usize) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

fn view_query(
    view: View,
    filters: Option<ViewFilters>,
    sort: Option<Sort>,
    limit: Option<u32>,
    after: Option<String>,
) -> R<core::ViewQuery> {
    let mut q = core::ViewQuery::new(view.into());
    if let Some(s) = sort {
        q = q.sort(s.into());
    }
    if let Some(l) = limit {
        q = q.limit(l);
    }
    if let Some(a) = after {
        q = q.after(core::Cursor::from_token(a));
    }
    if let Some(f) = filters {
        q.filters = core::Filters {
            channel: f.channel.map(Into::into),
            status: f.status.map(Into::into),
            priority: f.priority.map(Into::into),
            ai_mode: f.ai_mode.map(Into::into),
            tag: f.tag,
            mode: f.mode.map(Into::into),
            campaign: f.campaign,
            time: match f.time_range {
                None => None,
                Some(TimeRange::LastHour) => Some(core::TimeRange::LastHour),
                Some(TimeRange::Today) => Some(core::TimeRange::Today),
                Some(TimeRange::ThisWeek) => Some(core::TimeRange::ThisWeek),
                Some(TimeRange::ThisMonth) => Some(core::TimeRange::ThisMonth),
                Some(TimeRange::Between { from, to }) => {
                    Some(core::TimeRange::Between { from: time(from)?, to: time(to)? })
                }
            },
        };
    }
    Ok(q)
}

fn search_options(sort: Option<Sort>, limit: Option<u32>, after: Option<String>) -> core::SearchOptions {
    let mut o = core::SearchOptions::new();
    if let Some(s) = sort {
        o = o.sort(s.into());
    }
    if let Some(l) = limit {
        o = o.limit(l);
    }
    if let Some(a) = after {
        o = o.after(core::Cursor::from_token(a));
    }
    o
}

fn page_out(p: &core::Page) -> Page {
    Page {
        rows: p
            .rows
            .iter()
            .map(|r| ListRow {
                conversation: r.conversation.0,
                internal: r.internal,
                contact: r.contact.map(|c| c.0),
                title: r.title.clone(),
                preview: r.preview.clone(),
                last_activity_at: system_time(r.last_activity_at),
                channel: r.channel.into(),
                unread: r.unread,
                unreplied: r.unreplied,
                status: r.status.into(),
                priority: r.priority.into(),
                assignees: r.assignees.iter().map(|u| u.0).collect(),
                ai_mode: r.ai_mode.into(),
            })
            .collect(),
        next: p.next.as_ref().map(|c| c.as_str().to_string()),
    }
}

fn inbox_metrics_out(m: &core::InboxMetrics) -> InboxMetrics {
    InboxMetrics {
        conversations: m.conversations,
        new_today: m.new_today,
        resolved_today: m.resolved_today,
        backlog: m.backlog,
        average_first_response_ms: m.average_first_response_ms,
        resolution_rate: m.resolution_rate,
        handled_by_ai: m.handled_by_ai,
        handled_by_humans: m.handled_by_humans,
        ai_share: m.ai_share,
        satisfaction_ratings: m.satisfaction_ratings,
        average_satisfaction: m.average_satisfaction,
    }
}

fn decision_out(d: &core::RoutingDecision) -> RoutingDecision {
    RoutingDecision {
        conversation: d.conversation.0,
        outcome: match &d.outcome {
            core::RoutingOutcome::Assign { users, strategy } => RoutingOutcome::Assign {
                users: users.iter().map(|u| u.0).collect(),
                strategy: (*strategy).into(),
            },
            core::RoutingOutcome::Queue => RoutingOutcome::Queue,
            core::RoutingOutcome::NotRouted => RoutingOutcome::NotRouted,
        },
        reason: d.reason.clone(),
    }
}

fn priority_out(d: &core::prioritize::PriorityDecision) -> PriorityDecision {
    PriorityDecision {
        priority: d.priority.map(Into::into),
        fired: d
            .fired
            .iter()
            .map(|f| FiredRule {
                rule_id: f.rule_id.clone(),
                priority: f.priority.into(),
                reason: f.reason.clone(),
            })
            .collect(),
    }
}

fn goals_in(g: ResponseGoals) -> core::prioritize::ResponseGoals {
    core::prioritize::ResponseGoals {
        urgent_secs: g.urgent_secs,
        high_secs: g.high_secs,
        normal_secs: g.normal_secs,
        low_secs: g.low_secs,
    }
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

fn actor(a: Actor) -> core::Actor {
    match a {
        Actor::System => core::Actor::System,
        Actor::User { id } => core::Actor::User(core::UserId(id)),
    }
}

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

fn users(v: Vec<u64>) -> Vec<core::UserId> {
    v.into_iter().map(core::UserId).collect()
}

fn visibility(v: Visibility) -> core::Visibility {
    match v {
        Visibility::Everyone => core::Visibility::Everyone,
        Visibility::Users { users: u } => core::Visibility::Users(users(u)),
    }
}

fn visibility_out(v: &core::Visibility) -> Visibility {
    match v {
        core::Visibility::Everyone => Visibility::Everyone,
        core::Visibility::Users(u) => Visibility::Users { users: u.iter().map(|u| u.0).collect() },
    }
}

fn conversation_out(c: &core::Conversation) -> Conversation {
    Conversation {
        id: c.id.0,
        internal: c.is_internal(),
        contact: c.contact().map(|x| x.0),
        origin: serde_json::to_value(c.origin)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        continued_from: c.continued_from.map(|x| x.0),
        status: c.status.into(),
        priority: c.priority.into(),
        priority_pinned: c.priority_pin.is_some(),
        channel: c.channel.into(),
        assignees: c.assignees.iter().map(|u| u.0).collect(),
        team: c.team.map(|t| t.0),
        visibility: visibility_out(&c.visibility),
        ai_mode: c.ai_mode.into(),
        tags: c.tags.clone(),
        created_at: system_time(c.created_at),
        closed_at: c.closed_at.map(system_time),
        unreplied: c.reply.unreplied,
        answered_by_ai: c.reply.answered_by_ai,
        messages: c
            .messages
            .iter()
            .map(|m| Message {
                id: m.id.0,
                at: system_time(m.at),
                channel: m.channel.into(),
                author: m.author.kind().into(),
                author_user: m.author.user().map(|u| u.0),
                kind: m.kind.kind().into(),
                body: m.body.clone(),
                ai_confidence: m.ai_confidence(),
                ai_reasoning: m.ai.as_ref().and_then(|x| x.reasoning.clone()),
                ai_intent: m.ai.as_ref().and_then(|x| x.intent.clone()),
            })
            .collect(),
        outstanding_invoices: c.outstanding_invoices().iter().map(|i| i.0).collect(),
        summary: c.summary.clone(),
        satisfaction: c.satisfaction.as_ref().map(|x| x.rating),
        satisfaction_comment: c.satisfaction.as_ref().and_then(|x| x.comment.clone()),
    }
}

fn transcript_out(t: core::Transcript) -> Transcript {
    Transcript {
        conversation: t.conversation.0,
        with: t.with,
        status: t.status.into(),
        entries: t
            .entries
            .into_iter()
            .map(|e| {
                let ai = e.ai.unwrap_or_default();
                TranscriptEntry {
                    message: e.message.0,
                    at: system_time(e.at),
                    from: e.from,
                    kind: e.kind,
                    body: e.body,
                    ai_confidence: ai.confidence,
                    ai_reasoning: ai.reasoning,
                    ai_intent: ai.intent,
                }
            })
            .collect(),
        summary: t.summary,
        satisfaction: t.satisfaction,
    }
}

fn created<T>(r: core::Result<core::Applied<T>>, f: impl FnOnce(T) -> u64) -> R<Created> {
    let a = r?;
    Ok(Created { events: events(&a.events), id: f(a.value) })
}

fn sent(r: core::Result<core::Applied<core::Delivered>>) -> R<DeliveredResult> {
    let a = r?;
    Ok(DeliveredResult { events: events(&a.events), delivered: delivered(a.value) })
}

fn unit(r: core::Result<core::Applied<()>>) -> R<Vec<Event>> {
    Ok(events(&r?.events))
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
    Ok(core::Inbound {
        from,
        channel: m.channel.into(),
        body: m.body,
        attachments: vec![],
        campaign: m.campaign,
    })
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
        default_ai_mode: config.default_ai_mode.into(),
        default_country_code: config.default_country_code,
        max_message_bytes: usize::try_from(config.max_message_bytes).unwrap_or(usize::MAX),
        routing: config.routing.into_iter().map(Into::into).collect(),
        priority_rules: match config.priority_rules_json {
            None => core::prioritize::PriorityRules::default(),
            Some(json) => rules_in(&json)?,
        },
        response_goals: config.response_goals.map(goals_in),
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

    /// The whole workspace as JSON (a versioned snapshot).
    pub fn to_json(&self) -> R<String> {
        Ok(self.read(|ws| ws.to_json())??)
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
        now: SystemTime,
        name: String,
        email: String,
        role: Role,
        availability: Availability,
    ) -> R<Created> {
        let new = core::NewUser::new(name, email, role.into()).availability(availability.into());
        let now = time(now)?;
        created(self.command(|ws| ws.add_user(self::actor(actor), now, new))?, |u| u.0)
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
    pub fn notification_preferences(&self, viewer: Actor, user: u64) -> R<Vec<NotificationSetting>> {
        let prefs = self.read(|ws| ws.notification_preferences(actor(viewer), core::UserId(user)))??;
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
        now: SystemTime,
        user: u64,
        kind: String,
        channels: Vec<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        let bad = |field: &str, what: &str| core::Error::InvalidArgument {
            field: field.into(),
            reason: format!("unknown {what}"),
        };
        let kind = core::AlertKind::parse(&kind).ok_or_else(|| bad("kind", "alert kind"))?;
        let channels = channels
            .iter()
            .map(|c| core::DeliveryChannel::parse(c).ok_or_else(|| bad("channels", "channel")))
            .collect::<Result<Vec<_>, _>>()?;
        unit(self.command(|ws| {
            ws.set_notification_channels(self::actor(actor), now, core::UserId(user), kind, channels)
        })?)
    }

    /// Drops `user`'s own notification settings (the workspace defaults apply).
    pub fn reset_notification_preferences(&self, actor: Actor, now: SystemTime, user: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(
            self.command(|ws| {
                ws.reset_notification_preferences(self::actor(actor), now, core::UserId(user))
            })?,
        )
    }

    /// Records that `actor` views the conversation (ephemeral, expires).
    pub fn viewing(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<()> {
        let now = time(now)?;
        Ok(self.lock()?.signal_presence(
            self::actor(actor),
            core::ConversationId(conversation),
            now,
            false,
        )?)
    }

    /// Records that `actor` types in the conversation (ephemeral, expires).
    pub fn typing(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<()> {
        let now = time(now)?;
        Ok(self.lock()?.signal_presence(self::actor(actor), core::ConversationId(conversation), now, true)?)
    }

    /// Who else is viewing or typing in the conversation at `now`.
    pub fn present(&self, viewer: Actor, now: SystemTime, conversation: u64) -> R<Vec<Presence>> {
        let now = time(now)?;
        let list = self.read(|ws| ws.present(actor(viewer), core::ConversationId(conversation), now))??;
        Ok(list
            .iter()
            .map(|p| Presence { user: p.user.0, typing: p.typing, last_seen: system_time(p.last_seen) })
            .collect())
    }

    /// Sets the views `viewer` watches (empty: stop). Ephemeral: never written.
    pub fn watch_views(&self, viewer: Actor, views: Vec<WatchedView>) -> R<()> {
        let views = views.into_iter().map(|w| core::WatchedView { view: w.view.into(), sort: w.sort.into() });
        Ok(self.lock()?.watch_views(actor(viewer), views.collect())?)
    }

    /// What changed for `viewer` in the views they watch since the last call.
    pub fn take_feed(&self, viewer: Actor) -> R<Feed> {
        Ok(feed_out(&self.lock()?.take_feed(actor(viewer))?))
    }

    /// Sets a user's availability.
    pub fn set_availability(
        &self,
        actor: Actor,
        now: SystemTime,
        user: u64,
        availability: Availability,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_availability(self::actor(actor), now, core::UserId(user), availability.into())
        })?)
    }

    /// Replaces a user's routing skills and capacity (admins).
    pub fn set_user_routing(
        &self,
        actor: Actor,
        now: SystemTime,
        user: u64,
        skills: Vec<String>,
        capacity: Option<u32>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_user_routing(self::actor(actor), now, core::UserId(user), skills, capacity)
        })?)
    }

    /// Removes a user (admins).
    pub fn remove_user(&self, actor: Actor, now: SystemTime, user: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.remove_user(self::actor(actor), now, core::UserId(user)))?)
    }

    /// Creates a team; returns its id.
    pub fn add_team(&self, actor: Actor, now: SystemTime, name: String, members: Vec<u64>) -> R<Created> {
        let now = time(now)?;
        created(self.command(|ws| ws.add_team(self::actor(actor), now, &name, users(members)))?, |t| t.0)
    }

    /// Replaces a team's members (admins).
    pub fn set_team_members(
        &self,
        actor: Actor,
        now: SystemTime,
        team: u64,
        members: Vec<u64>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(
            self.command(|ws| {
                ws.set_team_members(self::actor(actor), now, core::TeamId(team), users(members))
            })?,
        )
    }

    /// Creates a contact; returns its id.
    pub fn add_contact(
        &self,
        actor: Actor,
        now: SystemTime,
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    ) -> R<Created> {
        let new = core::NewContact { name, phone, email, ..core::NewContact::default() };
        let now = time(now)?;
        created(self.command(|ws| ws.add_contact(self::actor(actor), now, new))?, |c| c.0)
    }

    /// Changes a contact's details (null leaves a field, "" clears it).
    pub fn update_contact(
        &self,
        actor: Actor,
        now: SystemTime,
        contact: u64,
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    ) -> R<Vec<Event>> {
        let patch = core::ContactPatch { name, phone, email, ..core::ContactPatch::default() };
        let now = time(now)?;
        unit(self.command(|ws| ws.update_contact(self::actor(actor), now, core::ContactId(contact), patch))?)
    }

    /// Adds an address on a channel to a contact.
    pub fn add_contact_identity(
        &self,
        actor: Actor,
        now: SystemTime,
        contact: u64,
        channel: Channel,
        handle: String,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.add_contact_identity(
                self::actor(actor),
                now,
                core::ContactId(contact),
                channel.into(),
                &handle,
            )
        })?)
    }

    /// Adds a note about a contact.
    pub fn add_contact_note(
        &self,
        actor: Actor,
        now: SystemTime,
        contact: u64,
        text: String,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(
            self.command(|ws| ws.add_contact_note(self::actor(actor), now, core::ContactId(contact), &text))?,
        )
    }

    /// Tags a contact.
    pub fn tag_contact(&self, actor: Actor, now: SystemTime, contact: u64, tag: String) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.tag_contact(self::actor(actor), now, core::ContactId(contact), &tag))?)
    }

    /// Sets the predefined assignees and visibility of a contact's new conversations (admins).
    pub fn set_contact_routing(
        &self,
        actor: Actor,
        now: SystemTime,
        contact: u64,
        assignees: Vec<u64>,
        visibility: Visibility,
    ) -> R<Vec<Event>> {
        let routing =
            core::ContactRouting { assignees: users(assignees), visibility: self::visibility(visibility) };
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_contact_routing(self::actor(actor), now, core::ContactId(contact), routing)
        })?)
    }

    /// Delivers a message from a contact (the system only).
    pub fn receive_message(&self, actor: Actor, now: SystemTime, message: Inbound) -> R<DeliveredResult> {
        let m = inbound(message)?;
        let now = time(now)?;
        sent(self.command(|ws| ws.receive_message(self::actor(actor), now, m))?)
    }

    /// Delivers many inbound messages in one call; one result each, in order.
    pub fn receive_messages(
        &self,
        actor: Actor,
        now: SystemTime,
        messages: Vec<Inbound>,
    ) -> R<Vec<ReceiveResult>> {
        let (a, t) = (self::actor(actor), time(now)?);
        // One crossing and, on a stored workspace, one transaction: a refused
        // message changes nothing, the others are written together.
        Ok(self.command(|ws| {
            Ok(messages
                .into_iter()
                .map(|m| match inbound(m).and_then(|m| Ok(ws.receive_message(a, t, m)?)) {
                    Ok(d) => ReceiveResult { delivered: Some(delivered(d.value)), error_code: None },
                    Err(e) => ReceiveResult { delivered: None, error_code: Some(e.code().to_string()) },
                })
                .collect())
        })??)
    }

    /// Starts a conversation with a contact by sending the first message.
    pub fn start_conversation(
        &self,
        actor: Actor,
        now: SystemTime,
        contact: u64,
        channel: Channel,
        body: String,
    ) -> R<DeliveredResult> {
        let m = core::Outbound::text(body).on(channel.into());
        let now = time(now)?;
        sent(self.command(|ws| ws.start_conversation(self::actor(actor), now, core::ContactId(contact), m))?)
    }

    /// Sends a message written by a person (optionally on another channel).
    pub fn send_message(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        body: String,
        channel: Option<Channel>,
    ) -> R<DeliveredResult> {
        let m = core::Outbound { channel: channel.map(Into::into), body, attachments: vec![] };
        let now = time(now)?;
        sent(
            self.command(|ws| {
                ws.send_message(self::actor(actor), now, core::ConversationId(conversation), m)
            })?,
        )
    }

    /// Sends the AI agent's reply with what the host's AI says about it: its
    /// confidence in percent (0 to 100), reasoning and detected intent (the
    /// system only).
    pub fn send_ai_reply_with(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        body: String,
        signals: AiReplySignals,
    ) -> R<DeliveredResult> {
        let now = time(now)?;
        let signals = core::AiReplySignals {
            confidence: signals.confidence,
            reasoning: signals.reasoning,
            intent: signals.intent,
        };
        sent(self.command(|ws| {
            ws.send_ai_reply_with(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                core::AiReply { body, signals },
            )
        })?)
    }

    /// Sets (or, with null, clears) the conversation summary the host's AI
    /// wrote (the system only).
    pub fn set_summary(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        summary: Option<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_summary(self::actor(actor), now, core::ConversationId(conversation), summary.as_deref())
        })?)
    }

    /// Records the customer's satisfaction rating, 1 to 5, with an optional
    /// comment (the system only); a later rating replaces an earlier one.
    pub fn rate_satisfaction(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        rating: u32,
        comment: Option<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.rate_satisfaction(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                rating,
                comment.as_deref(),
            )
        })?)
    }

    /// Sends the AI agent's reply (the system only).
    pub fn send_ai_reply(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        body: String,
    ) -> R<DeliveredResult> {
        let now = time(now)?;
        sent(self.command(|ws| {
            ws.send_ai_reply(self::actor(actor), now, core::ConversationId(conversation), &body)
        })?)
    }

    /// Sends an automatic response; it answers nothing (the system only).
    pub fn send_auto_reply(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        body: String,
    ) -> R<DeliveredResult> {
        let now = time(now)?;
        sent(self.command(|ws| {
            ws.send_auto_reply(self::actor(actor), now, core::ConversationId(conversation), &body)
        })?)
    }

    /// Adds a system message (the system only).
    pub fn send_system_message(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        body: String,
    ) -> R<DeliveredResult> {
        let now = time(now)?;
        sent(self.command(|ws| {
            ws.send_system_message(self::actor(actor), now, core::ConversationId(conversation), &body)
        })?)
    }

    /// Adds a private note; returns the message id.
    pub fn add_note(&self, actor: Actor, now: SystemTime, conversation: u64, body: String) -> R<Created> {
        let now = time(now)?;
        created(
            self.command(|ws| {
                ws.add_note(self::actor(actor), now, core::ConversationId(conversation), &body)
            })?,
            |m| m.0,
        )
    }

    /// Sends an internal message to another user (or oneself).
    pub fn send_internal_message(
        &self,
        actor: Actor,
        now: SystemTime,
        to: u64,
        body: String,
    ) -> R<DeliveredResult> {
        let now = time(now)?;
        sent(self.command(|ws| {
            ws.send_internal_message(self::actor(actor), now, core::UserId(to), core::Outbound::text(body))
        })?)
    }

    /// Sends an invoice or checkout; returns the invoice id.
    #[allow(clippy::too_many_arguments)]
    pub fn send_invoice(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        kind: PaymentKind,
        amount_minor: i64,
        currency: String,
        description: String,
    ) -> R<Created> {
        let new = core::NewInvoice { kind: kind.into(), amount_minor, currency, description };
        let now = time(now)?;
        created(
            self.command(|ws| {
                ws.send_invoice(self::actor(actor), now, core::ConversationId(conversation), new)
            })?,
            |i| i.0,
        )
    }

    /// Records that an invoice was paid (the system or admins).
    pub fn mark_invoice_paid(&self, actor: Actor, now: SystemTime, invoice: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.mark_invoice_paid(self::actor(actor), now, core::InvoiceId(invoice)))?)
    }

    /// Cancels an invoice (the system or admins).
    pub fn cancel_invoice(&self, actor: Actor, now: SystemTime, invoice: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.cancel_invoice(self::actor(actor), now, core::InvoiceId(invoice)))?)
    }

    /// Assigns users, with an optional note.
    pub fn assign(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        users: Vec<u64>,
        note: Option<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.assign(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                self::users(users),
                note.as_deref(),
            )
        })?)
    }

    /// Removes assignees.
    pub fn unassign(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        users: Vec<u64>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.unassign(self::actor(actor), now, core::ConversationId(conversation), self::users(users))
        })?)
    }

    /// Transfers: the given users become the only assignees.
    pub fn transfer(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        to: Vec<u64>,
        note: Option<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.transfer(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                users(to),
                note.as_deref(),
            )
        })?)
    }

    /// Routes to a team; returns the chosen member.
    pub fn assign_team(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        team: u64,
        note: Option<String>,
    ) -> R<Routed> {
        let now = time(now)?;
        let a = self.command(|ws| {
            ws.assign_team(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                core::TeamId(team),
                note.as_deref(),
            )
        })??;
        Ok(Routed { chosen: a.value.map(|u| u.0), events: events(&a.events) })
    }

    /// Takes the conversation over from the AI.
    pub fn take_over(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.take_over(self::actor(actor), now, core::ConversationId(conversation)))?)
    }

    /// The AI asks for a human (the system only).
    pub fn request_handoff(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        reason: Option<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.request_handoff(self::actor(actor), now, core::ConversationId(conversation), reason.as_deref())
        })?)
    }

    /// Hands the conversation back to the AI.
    pub fn resume_ai(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.resume_ai(self::actor(actor), now, core::ConversationId(conversation)))?)
    }

    /// Sets the AI mode.
    pub fn set_ai_mode(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        mode: AiMode,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_ai_mode(self::actor(actor), now, core::ConversationId(conversation), mode.into())
        })?)
    }

    /// Sets the priority by hand (pinned).
    pub fn set_priority(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        priority: Priority,
        reason: Option<String>,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_priority(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                priority.into(),
                reason.as_deref(),
            )
        })?)
    }

    /// Clears a manual priority pin.
    pub fn clear_priority_pin(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.clear_priority_pin(self::actor(actor), now, core::ConversationId(conversation))
        })?)
    }

    /// Tags the conversation.
    pub fn tag_conversation(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        tag: String,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.tag_conversation(self::actor(actor), now, core::ConversationId(conversation), &tag)
        })?)
    }

    /// Removes a tag.
    pub fn untag_conversation(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        tag: String,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.untag_conversation(self::actor(actor), now, core::ConversationId(conversation), &tag)
        })?)
    }

    /// Sets who may see the conversation.
    pub fn set_visibility(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        visibility: Visibility,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_visibility(
                self::actor(actor),
                now,
                core::ConversationId(conversation),
                self::visibility(visibility),
            )
        })?)
    }

    /// Changes the status.
    pub fn set_status(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        status: Status,
    ) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.set_status(self::actor(actor), now, core::ConversationId(conversation), status.into())
        })?)
    }

    /// Closes (resolves) the conversation.
    pub fn close(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.close(self::actor(actor), now, core::ConversationId(conversation)))?)
    }

    /// Reopens the conversation.
    pub fn reopen(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.reopen(self::actor(actor), now, core::ConversationId(conversation)))?)
    }

    /// Archives the conversation.
    pub fn archive(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| ws.archive(self::actor(actor), now, core::ConversationId(conversation)))?)
    }

    /// Deletes the conversation (admins).
    pub fn delete_conversation(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let now = time(now)?;
        unit(self.command(|ws| {
            ws.delete_conversation(self::actor(actor), now, core::ConversationId(conversation))
        })?)
    }

    /// Applies one action to many conversations; one outcome each.
    pub fn bulk(
        &self,
        actor: Actor,
        now: SystemTime,
        conversations: Vec<u64>,
        action: BulkAction,
    ) -> R<Vec<BulkOutcome>> {
        let action = match action {
            BulkAction::Assign { users: u, note } => core::BulkAction::Assign { users: users(u), note },
            BulkAction::AssignTeam { team } => core::BulkAction::AssignTeam { team: core::TeamId(team) },
            BulkAction::SetStatus { status } => core::BulkAction::SetStatus { status: status.into() },
            BulkAction::SetPriority { priority, reason } => {
                core::BulkAction::SetPriority { priority: priority.into(), reason }
            }
            BulkAction::Archive => core::BulkAction::Archive,
            BulkAction::Delete => core::BulkAction::Delete,
        };
        let ids: Vec<core::ConversationId> = conversations.into_iter().map(core::ConversationId).collect();
        let (a, t) = (self::actor(actor), time(now)?);
        let outcomes = self.command(|ws| Ok(ws.bulk(a, t, &ids, &action)))??;
        Ok(outcomes
            .iter()
            .map(|o| match &o.result {
                Ok(ev) => {
                    BulkOutcome { conversation: o.conversation.0, events: Some(events(ev)), error_code: None }
                }
                Err(e) => BulkOutcome {
                    conversation: o.conversation.0,
                    events: None,
                    error_code: Some(e.code().into()),
                },
            })
            .collect())
    }

    /// Applies every timed transition due at `now`.
    pub fn tick(&self, now: SystemTime) -> R<Vec<Event>> {
        let t = time(now)?;
        Ok(events(&self.command(|ws| Ok(ws.tick(t)))??))
    }

    /// When the next timed transition is due.
    pub fn next_due(&self) -> R<Option<SystemTime>> {
        self.read(|ws| ws.next_due().map(system_time))
    }

    /// A conversation as `viewer` may see it.
    pub fn conversation(&self, viewer: Actor, conversation: u64) -> R<Conversation> {
        Ok(self.read(|ws| {
            ws.conversation(actor(viewer), core::ConversationId(conversation)).map(conversation_out)
        })??)
    }

    /// Every conversation `viewer` may see.
    pub fn conversations(&self, viewer: Actor) -> R<Vec<Conversation>> {
        Ok(self.read(|ws| {
            ws.conversations(actor(viewer)).map(|list| list.into_iter().map(conversation_out).collect())
        })??)
    }

    /// Whether `viewer` may see the conversation.
    pub fn can_see(&self, viewer: Actor, conversation: u64) -> R<bool> {
        self.read(|ws| ws.can_see(actor(viewer), core::ConversationId(conversation)))
    }

    /// How many live conversations `viewer` may see (all for the system).
    pub fn conversation_count(&self, viewer: Actor) -> R<u64> {
        Ok(self.read(|ws| ws.conversation_count(actor(viewer)))?? as u64)
    }

    /// A user by id.
    pub fn user(&self, user: u64) -> R<User> {
        self.read(|ws| {
            let u = ws.user(core::UserId(user))?;
            Ok(User {
                id: u.id.0,
                name: u.name.clone(),
                email: u.email.clone(),
                role: u.role.into(),
                availability: u.availability.into(),
                removed: u.removed,
            })
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
    pub fn team(&self, team: u64) -> R<Team> {
        self.read(|ws| {
            let t = ws.team(core::TeamId(team))?;
            Ok(Team { id: t.id.0, name: t.name.clone(), members: t.members.iter().map(|u| u.0).collect() })
        })?
    }

    /// Every team id.
    pub fn teams(&self) -> R<Vec<u64>> {
        self.read(|ws| ws.teams().iter().map(|t| t.id.0).collect())
    }

    /// A contact as `viewer` may see it: no current conversation the viewer
    /// may not see.
    pub fn contact(&self, viewer: Actor, contact: u64) -> R<Contact> {
        self.read(|ws| {
            let c = ws.contact(actor(viewer), core::ContactId(contact))?;
            Ok(Contact {
                id: c.id.0,
                name: c.name.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                current_conversation: c.current_conversation.map(|x| x.0),
            })
        })?
    }

    /// Every contact id (contacts are the shared directory; read one with
    /// [`Workspace::contact`] to see it as a viewer may).
    pub fn contacts(&self, viewer: Actor) -> R<Vec<u64>> {
        Ok(self.read(|ws| ws.contacts(actor(viewer)))??.iter().map(|c| c.id.0).collect())
    }

    /// The contact reached at `handle` on `channel`.
    pub fn find_contact(&self, channel: Channel, handle: String) -> R<Option<u64>> {
        self.read(|ws| ws.find_contact(channel.into(), &handle).map(|c| c.0))
    }

    /// The transcript for an audience.
    pub fn transcript(&self, viewer: Actor, conversation: u64, audience: Audience) -> R<Transcript> {
        let t = self
            .read(|ws| ws.transcript(actor(viewer), core::ConversationId(conversation), audience.into()))??;
        Ok(transcript_out(t))
    }

    /// Transcripts of many conversations; one outcome each, in order, a
    /// conversation the viewer may not see refused as not found.
    pub fn export_transcripts(
        &self,
        viewer: Actor,
        conversations: Vec<u64>,
        audience: Audience,
    ) -> R<Vec<ExportOutcome>> {
        let list: Vec<core::ConversationId> = conversations.into_iter().map(core::ConversationId).collect();
        let outcomes = self.read(|ws| ws.export_transcripts(actor(viewer), &list, audience.into()))?;
        Ok(outcomes
            .into_iter()
            .map(|o| match o.result {
                Ok(t) => ExportOutcome {
                    conversation: o.conversation.0,
                    transcript: Some(transcript_out(t)),
                    error_code: None,
                },
                Err(e) => ExportOutcome {
                    conversation: o.conversation.0,
                    transcript: None,
                    error_code: Some(e.code().into()),
                },
            })
            .collect())
    }

    /// The customer panel for a contact as `viewer` may see it, beside a
    /// conversation (left out of `related`) or null.
    pub fn customer_panel(&self, viewer: Actor, contact: u64, beside: Option<u64>) -> R<CustomerPanel> {
        self.read(|ws| {
            let p =
                ws.customer_panel(actor(viewer), core::ContactId(contact), beside.map(core::ConversationId))?;
            Ok(CustomerPanel {
                contact: Contact {
                    id: p.contact.id.0,
                    name: p.contact.name.clone(),
                    phone: p.contact.phone.clone(),
                    email: p.contact.email.clone(),
                    current_conversation: p.contact.current_conversation.map(|x| x.0),
                },
                total_conversations: p.total_conversations,
                related: p.related.iter().map(|r| r.conversation.0).collect(),
                first_contact_at: p.first_contact_at.map(system_time),
                notes: p.notes.iter().map(|n| n.text.clone()).collect(),
                tags: p.tags.clone(),
            })
        })?
    }

    /// The transcript as JSON.
    pub fn export_json(&self, viewer: Actor, conversation: u64, audience: Audience) -> R<String> {
        Ok(self.read(|ws| {
            ws.export_json(actor(viewer), core::ConversationId(conversation), audience.into())
        })??)
    }

    /// The transcript as plain text.
    pub fn export_text(&self, viewer: Actor, conversation: u64, audience: Audience) -> R<String> {
        Ok(self.read(|ws| {
            ws.export_text(actor(viewer), core::ConversationId(conversation), audience.into())
        })??)
    }

    // ----- unread, views, tiles and metrics --------------------------------------------

    /// Marks the conversation read for the acting user (users only).
    pub fn mark_read(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.mark_read(self::actor(actor), t, core::ConversationId(conversation)))?)
    }

    /// Makes the latest message someone else wrote unread again for the acting user.
    pub fn mark_unread(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.mark_unread(self::actor(actor), t, core::ConversationId(conversation)))?)
    }

    /// Messages of the conversation unread for `viewer` (0 for the host).
    pub fn unread_count(&self, viewer: Actor, conversation: u64) -> R<u32> {
        Ok(self.read(|ws| ws.unread_count(actor(viewer), core::ConversationId(conversation)))??)
    }

    /// How many messages of the conversation `viewer` has read.
    pub fn read_marker(&self, viewer: Actor, conversation: u64) -> R<u32> {
        Ok(self.read(|ws| ws.read_marker(actor(viewer), core::ConversationId(conversation)))??)
    }

    /// One page of a list for `viewer`; `after` is the `next` cursor of the previous page.
    #[allow(clippy::too_many_arguments)]
    pub fn view(
        &self,
        viewer: Actor,
        now: SystemTime,
        view: View,
        filters: Option<ViewFilters>,
        sort: Option<Sort>,
        limit: Option<u32>,
        after: Option<String>,
    ) -> R<Page> {
        let (t, q) = (time(now)?, view_query(view, filters, sort, limit, after)?);
        Ok(page_out(&self.read(|ws| ws.view(actor(viewer), &q, t))??))
    }

    /// How many rows a list holds for `viewer`.
    pub fn count(&self, viewer: Actor, now: SystemTime, view: View, filters: Option<ViewFilters>) -> R<u64> {
        let (t, q) = (time(now)?, view_query(view, filters, None, None, None)?);
        Ok(self.read(|ws| ws.count(actor(viewer), &q, t))??)
    }

    /// The dashboard tiles for `viewer`.
    pub fn tiles(&self, viewer: Actor) -> R<Tiles> {
        let t = self.read(|ws| ws.tiles(actor(viewer)))??;
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
    pub fn conversation_metrics(&self, viewer: Actor, conversation: u64) -> R<ConversationMetrics> {
        let m =
            self.read(|ws| ws.conversation_metrics(actor(viewer), core::ConversationId(conversation)))??;
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

    /// The figures of the conversations `viewer` may see.
    pub fn workspace_metrics(&self, viewer: Actor, now: SystemTime) -> R<InboxMetrics> {
        let t = time(now)?;
        Ok(inbox_metrics_out(&self.read(|ws| ws.workspace_metrics(actor(viewer), t))??))
    }

    /// The figures of one agent's assigned conversations.
    pub fn agent_metrics(&self, viewer: Actor, now: SystemTime, agent: u64) -> R<InboxMetrics> {
        let t = time(now)?;
        Ok(inbox_metrics_out(&self.read(|ws| ws.agent_metrics(actor(viewer), core::UserId(agent), t))??))
    }

    // ----- search -------------------------------------------------------------------------

    /// Searches with a query in the query language (the binding has no query
    /// tree: same as `searchText`).
    pub fn search(
        &self,
        viewer: Actor,
        now: SystemTime,
        query: String,
        sort: Option<Sort>,
        limit: Option<u32>,
        after: Option<String>,
    ) -> R<Page> {
        self.search_text(viewer, now, query, sort, limit, after)
    }

    /// Every conversation matching the query that `viewer` may see, in id order.
    pub fn search_ids(&self, viewer: Actor, now: SystemTime, query: String) -> R<Vec<u64>> {
        let (t, q) = (time(now)?, parse_query(&query)?);
        Ok(self.read(|ws| ws.search_ids(actor(viewer), &q, t))??.iter().map(|c| c.0).collect())
    }

    /// One page of the conversations matching the query.
    pub fn search_text(
        &self,
        viewer: Actor,
        now: SystemTime,
        query: String,
        sort: Option<Sort>,
        limit: Option<u32>,
        after: Option<String>,
    ) -> R<Page> {
        let (t, o) = (time(now)?, search_options(sort, limit, after));
        Ok(page_out(&self.read(|ws| ws.search_text(actor(viewer), &query, t, &o))??))
    }

    /// How many conversations match the query for `viewer` (the length of
    /// `searchIds`, counted on the index without listing them).
    pub fn search_count(&self, viewer: Actor, now: SystemTime, query: String) -> R<u64> {
        let (t, q) = (time(now)?, parse_query(&query)?);
        Ok(self.read(|ws| ws.search_count(actor(viewer), &q, t))??)
    }

    // ----- saved filters ------------------------------------------------------------------

    /// Saves a named query on a view with the view's filters, for the actor
    /// alone or, with `shared`, for everyone. Returns the new filter's id.
    pub fn save_filter(&self, actor: Actor, now: SystemTime, filter: NewSavedFilter) -> R<Created> {
        let t = time(now)?;
        let q = view_query(filter.view, filter.filters, filter.sort, None, None)?;
        let new = core::NewSavedFilter {
            name: filter.name,
            query: filter.query,
            view: q.view,
            sort: q.sort,
            filters: q.filters,
            shared: filter.shared,
        };
        created(self.command(|ws| ws.save_filter(self::actor(actor), t, new))?, |f| f.0)
    }

    /// Renames a saved filter (its owner or an admin).
    pub fn rename_saved_filter(
        &self,
        actor: Actor,
        now: SystemTime,
        filter: u64,
        name: String,
    ) -> R<Vec<Event>> {
        let t = time(now)?;
        let f = core::SavedFilterId(filter);
        unit(self.command(|ws| ws.rename_saved_filter(self::actor(actor), t, f, &name))?)
    }

    /// Deletes a saved filter (its owner or an admin).
    pub fn delete_saved_filter(&self, actor: Actor, now: SystemTime, filter: u64) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.delete_saved_filter(self::actor(actor), t, core::SavedFilterId(filter)))?)
    }

    /// The saved filters `viewer` lists (their own and the shared ones), each
    /// with how many conversations it holds for `viewer`.
    pub fn saved_filters(&self, viewer: Actor, now: SystemTime) -> R<Vec<SavedFilterCount>> {
        let t = time(now)?;
        let list = self.read(|ws| ws.saved_filters(actor(viewer), t))??;
        Ok(list
            .iter()
            .map(|c| SavedFilterCount { filter: saved_filter_out(&c.filter), count: c.count })
            .collect())
    }

    /// One saved filter that `viewer` lists.
    pub fn saved_filter(&self, viewer: Actor, filter: u64) -> R<SavedFilter> {
        Ok(saved_filter_out(&self.read(|ws| ws.saved_filter(actor(viewer), core::SavedFilterId(filter)))??))
    }

    /// What compiled search SQL needs to run as `viewer`.
    pub fn sql_context(&self, viewer: u64, now: SystemTime) -> R<SqlContext> {
        let t = time(now)?;
        let c = self.read(|ws| ws.sql_context(core::UserId(viewer), t))??;
        Ok(SqlContext {
            viewer: c.viewer.0,
            is_admin: c.is_admin,
            now: system_time(c.now),
            utc_offset_minutes: c.utc_offset_minutes,
        })
    }

    // ----- routing ------------------------------------------------------------------------

    /// Sets the workspace's auto-assignment chain (empty: off).
    pub fn set_routing(&self, actor: Actor, now: SystemTime, chain: Vec<RoutingStrategy>) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| {
            ws.set_routing(self::actor(actor), t, chain.into_iter().map(Into::into).collect())
        })?)
    }

    /// Sets a team's own chain (null: the workspace chain, or load balancing).
    pub fn set_team_routing(
        &self,
        actor: Actor,
        now: SystemTime,
        team: u64,
        chain: Option<Vec<RoutingStrategy>>,
    ) -> R<Vec<Event>> {
        let t = time(now)?;
        let c = chain.map(|c| c.into_iter().map(Into::into).collect());
        unit(self.command(|ws| ws.set_team_routing(self::actor(actor), t, core::TeamId(team), c))?)
    }

    /// Sets the skills a conversation needs.
    pub fn set_required_skills(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        skills: Vec<String>,
    ) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| {
            ws.set_required_skills(self::actor(actor), t, core::ConversationId(conversation), skills)
        })?)
    }

    /// Routes an unassigned conversation now.
    pub fn auto_assign(&self, actor: Actor, now: SystemTime, conversation: u64) -> R<RoutingResult> {
        let t = time(now)?;
        let r =
            self.command(|ws| ws.auto_assign(self::actor(actor), t, core::ConversationId(conversation)))??;
        Ok(RoutingResult { decision: decision_out(&r.value), events: events(&r.events) })
    }

    /// What auto-assignment would decide now, and why; changes nothing.
    pub fn explain_routing(&self, viewer: Actor, conversation: u64) -> R<RoutingDecision> {
        Ok(decision_out(
            &self.read(|ws| ws.explain_routing(actor(viewer), core::ConversationId(conversation)))??,
        ))
    }

    /// Conversations waiting for an eligible agent, in assignment order.
    pub fn routing_queue(&self, viewer: Actor) -> R<Vec<u64>> {
        Ok(self.read(|ws| ws.routing_queue(actor(viewer)))??.iter().map(|c| c.0).collect())
    }

    // ----- priority -----------------------------------------------------------------------

    /// Replaces the priority rules, given as JSON text (`{"rules": [...]}`). Admins only.
    pub fn set_priority_rules(&self, actor: Actor, now: SystemTime, rules_json: String) -> R<Vec<Event>> {
        let (t, r) = (time(now)?, rules_in(&rules_json)?);
        unit(self.command(|ws| ws.set_priority_rules(self::actor(actor), t, r))?)
    }

    /// Sets the response-time goals (null: no SLA warnings). Admins only.
    pub fn set_response_goals(
        &self,
        actor: Actor,
        now: SystemTime,
        goals: Option<ResponseGoals>,
    ) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.set_response_goals(self::actor(actor), t, goals.map(goals_in)))?)
    }

    /// Feeds the host AI's sentiment (-1 to 1) and intent to the priority rules (host only).
    pub fn record_ai_signals(
        &self,
        actor: Actor,
        now: SystemTime,
        conversation: u64,
        sentiment: Option<f32>,
        intent: Option<String>,
    ) -> R<PriorityResult> {
        let t = time(now)?;
        let r = self.command(|ws| {
            ws.record_ai_signals(
                self::actor(actor),
                t,
                core::ConversationId(conversation),
                sentiment,
                intent.as_deref(),
            )
        })??;
        Ok(PriorityResult { decision: priority_out(&r.value), events: events(&r.events) })
    }

    /// What the priority rules decide for the conversation now; changes nothing.
    pub fn explain_priority(&self, viewer: Actor, now: SystemTime, conversation: u64) -> R<PriorityDecision> {
        let t = time(now)?;
        Ok(priority_out(
            &self.read(|ws| ws.explain_priority(actor(viewer), t, core::ConversationId(conversation)))??,
        ))
    }

    // ----- templates ----------------------------------------------------------------------

    /// Adds a reply template (admins).
    pub fn add_template(
        &self,
        actor: Actor,
        now: SystemTime,
        name: String,
        source: String,
        whatsapp_approved: bool,
    ) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.add_template(self::actor(actor), t, &name, &source, whatsapp_approved))?)
    }

    /// Replaces a template's text (admins).
    pub fn update_template(
        &self,
        actor: Actor,
        now: SystemTime,
        name: String,
        source: String,
    ) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.update_template(self::actor(actor), t, &name, &source))?)
    }

    /// Removes a template (admins).
    pub fn remove_template(&self, actor: Actor, now: SystemTime, name: String) -> R<Vec<Event>> {
        let t = time(now)?;
        unit(self.command(|ws| ws.remove_template(self::actor(actor), t, &name))?)
    }

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
    pub fn template_variables(&self, name: String) -> R<TemplateVariables> {
        Ok(variables_out(&self.read(|ws| ws.template_variables(&name))??))
    }

    /// Renders a template for a reply in a conversation; `values` fills custom variables.
    pub fn render_template(
        &self,
        viewer: Actor,
        now: SystemTime,
        conversation: u64,
        name: String,
        values: HashMap<String, String>,
    ) -> R<String> {
        let t = time(now)?;
        let v = values.into_iter().collect();
        Ok(self.read(|ws| {
            ws.render_template(actor(viewer), t, core::ConversationId(conversation), &name, &v)
        })??)
    }
}

/// Parses a status name as people write it ("active" is open, "closed" is resolved).
#[uniffi::export]
pub fn parse_status(text: String) -> R<Status> {
    Ok(text.parse::<core::Status>()?.into())
}

/// Parses a priority name ("medium" is normal).
#[uniffi::export]
pub fn parse_priority(text: String) -> R<Priority> {
    Ok(text.parse::<core::Priority>()?.into())
}

/// Parses a channel name ("wa" is WhatsApp, "phone" is telephony).
#[uniffi::export]
pub fn parse_channel(text: String) -> R<Channel> {
    Ok(text.parse::<core::Channel>()?.into())
}

/// Parses an AI mode name ("ai" is active).
#[uniffi::export]
pub fn parse_ai_mode(text: String) -> R<AiMode> {
    Ok(text.parse::<core::AiMode>()?.into())
}

/// Parses a routing step name ("round_robin", ...).
#[uniffi::export]
pub fn parse_routing_strategy(text: String) -> R<RoutingStrategy> {
    Ok(text.parse::<core::RoutingStrategy>()?.into())
}

/// Parses a view name ("team_inbox", ...).
#[uniffi::export]
pub fn parse_view(text: String) -> R<View> {
    Ok(text.parse::<core::View>()?.into())
}

/// Parses a sort name ("recent", ...).
#[uniffi::export]
pub fn parse_sort(text: String) -> R<Sort> {
    Ok(text.parse::<core::Sort>()?.into())
}
