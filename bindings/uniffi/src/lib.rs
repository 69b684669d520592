//! Kotlin and Swift bindings for frontdesk (uniffi proc-macros): a thin layer
//! over the core crate. Each method converts its arguments, calls the core once
//! and converts the result; no rule lives here. Errors are mapped in
//! `errors.rs` only.
#![deny(missing_docs)]

mod errors;

use chrono::{DateTime, Utc};
use errors::{poisoned, FrontdeskError};
use frontdesk as core;
use frontdesk::prioritize::{PriorityDecision, ResponseGoals};
use frontdesk::query::sql::SqlContext;
use frontdesk::template::TemplateMatch;
use frontdesk::{
    Actor, AiMode, AiReplySignals, Audience, Availability, BulkAction, Channel, Contact, ContactId,
    Conversation, ConversationId, ConversationMetrics, Cursor, CustomerPanel, Delivered, Event, Feed,
    Filters, InboxMetrics, InvoiceId, Notification, Page, PaymentKind, Presence, Priority, Role,
    RoutingDecision, RoutingStrategy, SavedFilter, SavedFilterCount, SavedFilterId, Sort, Status, Team,
    TeamId, Tiles, Transcript, User, UserId, View, Visibility, WatchedView,
};
use frontdesk_store::Backing;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

uniffi::setup_scaffolding!();

type R<T> = Result<T, FrontdeskError>;

// ----- types the core declares -------------------------------------------------------
//
// The core's value types and enums derive uniffi themselves (feature `uniffi` of
// `frontdesk`, Kotlin package `dev.frontdesk.core`, Swift module `FrontdeskCore`),
// so every core field and variant crosses as the core declares it. Ids, moments
// and cursors are the core's custom types (`frontdesk::uniffi_types`).

/// A moment (Kotlin `Instant`, Swift `Date`). The binding's own arguments and
/// records convert it here so that a moment chrono cannot hold is refused with
/// `invalid_argument` like any other bad argument.
pub type Timestamp = DateTime<Utc>;
uniffi::custom_type!(Timestamp, SystemTime, {
    remote,
    lower: |t| frontdesk::uniffi_types::system_time(t),
    try_lift: |t| Ok(frontdesk::uniffi_types::time(t).map_err(FrontdeskError::from)?),
});

/// What a message to a closed conversation does.
#[derive(uniffi::Enum, Clone, Copy)]
pub enum ClosedPolicy {
    /// The closed conversation opens again.
    ReopenOnReply,
    /// A new conversation starts.
    NewConversationAfterClose,
}

// The one record still declared here rather than derived in the core
// (`Conversation`, `User` and `Notification` derive uniffi where they are
// declared): the core's `WorkspaceConfig::max_message_bytes` is a `usize`,
// which uniffi cannot carry (it has fixed-width integers only), and making
// it `u64` would change the core's public API. The JSON-text fields
// (`priority_rules_json`, `notification_defaults_json`) and the
// `NewConversationAfterClose` name follow from keeping this shape.
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
    /// An AI reply whose confidence (percent) is below this raises "AI
    /// confidence low" (default 50).
    pub ai_confidence_alert_below: u32,
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
        response_goals: c.response_goals,
        notification_defaults_json: serde_json::to_string(&c.notification_defaults).ok(),
        pending_alert_after_secs: c.pending_alert_after_secs,
        presence_ttl_secs: c.presence_ttl_secs,
        ai_confidence_alert_below: c.ai_confidence_alert_below,
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

// The results pairing a command's value with its events, one line each:
// `Name { field: CoreType }` (the value crosses as the core derives it).
macro_rules! applied {
    ($($(#[$doc:meta])* $name:ident { $(#[$fdoc:meta])* $field:ident: $ty:ty })*) => {$(
        $(#[$doc])*
        #[derive(uniffi::Record)]
        pub struct $name {
            $(#[$fdoc])*
            pub $field: $ty,
            /// What happened.
            pub events: Vec<Event>,
        }
        impl Out<core::Applied<$ty>> for $name {
            fn out(a: core::Applied<$ty>) -> Self {
                $name { $field: a.value, events: a.events }
            }
        }
    )*};
}
applied! {
    /// A delivered message and the events.
    DeliveredResult { /** Where it landed. */ delivered: Delivered }
    /// The member team routing chose (null: nobody available) and the events.
    Routed { /** The chosen user. */ chosen: Option<UserId> }
    /// A routing decision and the events of `autoAssign`.
    RoutingResult { /** The decision. */ decision: RoutingDecision }
    /// A priority decision and the events of `recordAiSignals`.
    PriorityResult { /** The decision. */ decision: PriorityDecision }
}

/// A new id and the events.
#[derive(uniffi::Record)]
pub struct Created {
    /// The new id.
    pub id: u64,
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

fn parse_query(text: &str) -> R<core::query::Query> {
    Ok(core::query::parse(text, &core::query::ParseOptions::default())
        .map_err(|e| core::Error::QuerySyntax { diagnostics: e.diagnostics })?)
}

fn saved_filter_in(f: NewSavedFilter) -> core::NewSavedFilter {
    let q = view_query(f.view, f.filters, f.sort, None, None);
    core::NewSavedFilter {
        name: f.name,
        query: f.query,
        view: q.view,
        sort: q.sort,
        filters: q.filters,
        shared: f.shared,
    }
}

fn unknown(field: &str, what: &str) -> core::Error {
    core::Error::InvalidArgument { field: field.into(), reason: format!("unknown {what}") }
}

fn alert_kind(kind: &str) -> R<core::AlertKind> {
    Ok(core::AlertKind::parse(kind).ok_or_else(|| unknown("kind", "alert kind"))?)
}

fn delivery_channels(channels: &[String]) -> R<Vec<core::DeliveryChannel>> {
    let parse = |c: &String| core::DeliveryChannel::parse(c).ok_or_else(|| unknown("channels", "channel"));
    Ok(channels.iter().map(parse).collect::<Result<_, _>>()?)
}

// ----- how results cross --------------------------------------------------------------

/// A core read's result, a `Result` or a plain value, as a `Result`.
trait Lift {
    type T;
    fn lift(self) -> core::Result<Self::T>;
}
impl<T> Lift for core::Result<T> {
    type T = T;
    fn lift(self) -> core::Result<T> {
        self
    }
}
macro_rules! plain {
    ($(<$($g:lifetime)?> $t:ty),*) => {$(impl<$($g)?> Lift for $t {
        type T = Self;
        fn lift(self) -> core::Result<Self> { Ok(self) }
    })*};
}
plain!(<> bool, <'a> Option<&'a core::User>, <> Option<ContactId>, <> Option<Timestamp>, <'a> &'a [core::User],
    <'a> &'a [core::Team], <'a> Vec<&'a core::template::Template>, <> Vec<TemplateMatch>, <> Vec<core::ExportOutcome>);

/// How a core result becomes the binding's: the same type (derived by the
/// core), or one of the conversions below.
trait Out<T> {
    fn out(t: T) -> Self;
}
impl<T> Out<T> for T {
    fn out(t: T) -> T {
        t
    }
}
// `from => to: |value| conversion`, one line each.
macro_rules! out {
    ($(<$($g:lifetime)?> $from:ty => $to:ty: |$v:ident| $e:expr;)*) => {$(impl<$($g)?> Out<$from> for $to {
        fn out($v: $from) -> Self { $e }
    })*};
}
out! {
    <> core::Applied<()> => Vec<Event>: |a| a.events;
    <> core::Applied<UserId> => Created: |a| Created { id: a.value.0, events: a.events };
    <> core::Applied<TeamId> => Created: |a| Created { id: a.value.0, events: a.events };
    <> core::Applied<ContactId> => Created: |a| Created { id: a.value.0, events: a.events };
    <> core::Applied<core::MessageId> => Created: |a| Created { id: a.value.0, events: a.events };
    <> core::Applied<InvoiceId> => Created: |a| Created { id: a.value.0, events: a.events };
    <> core::Applied<SavedFilterId> => Created: |a| Created { id: a.value.0, events: a.events };
    <> usize => u64: |n| u(n);
    <'a> &'a Team => Team: |t| t.clone();
    <'a> Option<&'a core::User> => Option<u64>: |u| u.map(|u| u.id.0);
    <'a> &'a [core::User] => Vec<u64>: |list| list.iter().map(|u| u.id.0).collect();
    <'a> &'a [core::Team] => Vec<u64>: |list| list.iter().map(|t| t.id.0).collect();
    <> Vec<Contact> => Vec<u64>: |list| list.iter().map(|c| c.id.0).collect();
    <'a> &'a Conversation => Conversation: |c| c.clone();
    <'a> Vec<&'a Conversation> => Vec<Conversation>: |list| list.into_iter().cloned().collect();
    <'a> &'a core::template::Template => TemplateInfo: |t| template_out(t);
    <'a> Vec<&'a core::template::Template> => Vec<TemplateInfo>: |list| list.into_iter().map(template_out).collect();
    <> core::template::TemplateVariables => TemplateVariables: |v| variables_out(&v);
    <'a> &'a User => User: |u| u.clone();
    <> core::NotificationPreferences => Vec<NotificationSetting>: |p| settings_out(&p);
    <> Vec<core::ExportOutcome> => Vec<ExportOutcome>: |list| list.into_iter().map(export_out).collect();
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

fn settings_out(prefs: &core::NotificationPreferences) -> Vec<NotificationSetting> {
    let names = |list: &[core::DeliveryChannel]| list.iter().map(|c| c.as_str().to_string()).collect();
    let setting = |k: &core::AlertKind| NotificationSetting {
        kind: k.as_str().into(),
        channels: names(&prefs.channels_for(*k)),
    };
    core::AlertKind::ALL.iter().map(setting).collect()
}

fn export_out(o: core::ExportOutcome) -> ExportOutcome {
    let (transcript, error_code) = split(o.result);
    ExportOutcome { conversation: o.conversation, transcript, error_code }
}

/// A per-item result as (value, error code).
fn split<T>(r: core::Result<T>) -> (Option<T>, Option<String>) {
    match r {
        Ok(v) => (Some(v), None),
        Err(e) => (None, Some(e.code().to_string())),
    }
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
        ai_confidence_alert_below: config.ai_confidence_alert_below,
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
        Ok(self.config()?.closed_policy)
    }

    /// Starts (or stops) collecting notifications for `takeNotifications`.
    pub fn collect_notifications(&self, on: bool) -> R<()> {
        Ok(self.lock()?.collect_notifications(on)?)
    }

    /// The notifications the commands and ticks caused since the last call.
    pub fn take_notifications(&self) -> R<Vec<Notification>> {
        Ok(self.lock()?.take_notifications()?)
    }

    /// Records that `actor` views the conversation (ephemeral, expires).
    pub fn viewing(&self, actor: Actor, now: Timestamp, conversation: ConversationId) -> R<()> {
        Ok(self.lock()?.signal_presence(actor, conversation, now, false)?)
    }

    /// Records that `actor` types in the conversation (ephemeral, expires).
    pub fn typing(&self, actor: Actor, now: Timestamp, conversation: ConversationId) -> R<()> {
        Ok(self.lock()?.signal_presence(actor, conversation, now, true)?)
    }

    /// Sets the views `viewer` watches (empty: stop). Ephemeral: never written.
    pub fn watch_views(&self, viewer: Actor, views: Vec<WatchedView>) -> R<()> {
        Ok(self.lock()?.watch_views(viewer, views)?)
    }

    /// What changed for `viewer` in the views they watch since the last call.
    pub fn take_feed(&self, viewer: Actor) -> R<Feed> {
        Ok(self.lock()?.take_feed(viewer)?)
    }

    /// One drain round for every watching user, shared: one feed per group
    /// of viewers whose feeds are equal.
    pub fn take_feed_groups(&self) -> R<Vec<frontdesk::FeedGroup>> {
        Ok(self.lock()?.take_feed_groups()?)
    }

    /// Delivers many inbound messages in one call; one result each, in order.
    pub fn receive_messages(
        &self,
        actor: Actor,
        now: Timestamp,
        messages: Vec<Inbound>,
    ) -> R<Vec<ReceiveResult>> {
        // One crossing and, on a stored workspace, one transaction: a refused
        // message changes nothing, the others are written together.
        let receive = |ws: &mut core::Workspace, m| -> R<Delivered> {
            Ok(ws.receive_message(actor, now, inbound(m)?)?.value)
        };
        let result = |r: R<Delivered>| match r {
            Ok(d) => ReceiveResult { delivered: Some(d), error_code: None },
            Err(e) => ReceiveResult { delivered: None, error_code: Some(e.code().to_string()) },
        };
        Ok(self.command(|ws| Ok(messages.into_iter().map(|m| result(receive(ws, m))).collect()))??)
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
        let out = |o: core::BulkOutcome| {
            let (events, error_code) = split(o.result);
            BulkOutcome { conversation: o.conversation, events, error_code }
        };
        Ok(outcomes.into_iter().map(out).collect())
    }

    /// Applies every timed transition due at `now`.
    pub fn tick(&self, now: Timestamp) -> R<Vec<Event>> {
        Ok(self.command(|ws| Ok(ws.tick(now)))??)
    }
}

// The commands and reads are tables, one entry each: `name(arg: Type, ...)`,
// where `arg: Type => expression` converts an argument first (`&tag`,
// `note.as_deref()`, `inbound(message)?`), `-> Type` names the binding's result
// (default: the events; the core's result converts through `Out`), and
// `= core_name(expressions)` calls the core with other arguments than the
// binding's, in order. A command becomes `Workspace.name(actor, now, args...)`.
macro_rules! commands {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty $(=> $conv:expr)?),*) $(-> $ret:ty)? $(= $core:ident $call:tt)?;)*) => {
        #[uniffi::export]
        impl Workspace {$(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $name(&self, actor: Actor, now: Timestamp, $($arg: $ty),*) -> R<commands!(@ret $($ret)?)> {
                $(commands!(@let $arg $($conv)?);)*
                Ok(Out::out(self.command(|ws| commands!(@call ws $name (actor, now) ($($arg),*) $($core $call)?))??))
            }
        )*}
    };
    (@ret) => { Vec<Event> };
    (@ret $ret:ty) => { $ret };
    (@let $arg:ident) => {};
    (@let $arg:ident $conv:expr) => { let $arg = $conv; };
    (@call $ws:ident $name:ident ($($pre:ident),*) ($($arg:expr),*)) => { $ws.$name($($pre,)* $($arg),*) };
    (@call $ws:ident $name:ident ($($pre:ident),*) $_args:tt $core:ident ($($arg:expr),*)) => {
        $ws.$core($($pre,)* $($arg),*)
    };
}

commands! {
    /// Adds a user; returns its id.
    add_user(name: String, email: String, role: Role, availability: Availability) -> Created
        = add_user(core::NewUser::new(name, email, role).availability(availability));
    /// Sets a user's availability.
    set_availability(user: UserId, availability: Availability);
    /// Replaces a user's routing skills and capacity (admins).
    set_user_routing(user: UserId, skills: Vec<String>, capacity: Option<u32>);
    /// Sets a user's routing capacity and keeps their skills (admins).
    set_user_capacity(user: UserId, capacity: Option<u32>);
    /// Removes a user (admins).
    remove_user(user: UserId);
    /// Sets the channels `user` is told about `kind` through (empty: not told).
    set_notification_channels(user: UserId, kind: String => alert_kind(&kind)?,
        channels: Vec<String> => delivery_channels(&channels)?);
    /// Drops `user`'s own notification settings (the workspace defaults apply).
    reset_notification_preferences(user: UserId);
    /// Creates a team; returns its id.
    add_team(name: String => &name, members: Vec<UserId>) -> Created;
    /// Replaces a team's members (admins).
    set_team_members(team: TeamId, members: Vec<UserId>);
    /// Creates a contact; returns its id.
    add_contact(name: Option<String>, phone: Option<String>, email: Option<String>) -> Created
        = add_contact(core::NewContact { name, phone, email, ..core::NewContact::default() });
    /// Changes a contact's details (null leaves a field, "" clears it).
    update_contact(contact: ContactId, name: Option<String>, phone: Option<String>, email: Option<String>)
        = update_contact(contact, core::ContactPatch { name, phone, email, ..core::ContactPatch::default() });
    /// Sets the predefined assignees and visibility of a contact's new conversations (admins).
    set_contact_routing(contact: ContactId, assignees: Vec<UserId>, visibility: Visibility)
        = set_contact_routing(contact, core::ContactRouting { assignees, visibility });
    /// Adds an address on a channel to a contact.
    add_contact_identity(contact: ContactId, channel: Channel, handle: String => &handle);
    /// Adds a note about a contact.
    add_contact_note(contact: ContactId, text: String => &text);
    /// Tags a contact.
    tag_contact(contact: ContactId, tag: String => &tag);
    /// Delivers a message from a contact (the system only).
    receive_message(message: Inbound => inbound(message)?) -> DeliveredResult;
    /// Starts a conversation with a contact by sending the first message.
    start_conversation(contact: ContactId, channel: Channel, body: String) -> DeliveredResult
        = start_conversation(contact, core::Outbound::text(body).on(channel));
    /// Sends a message written by a person (optionally on another channel).
    send_message(conversation: ConversationId, body: String, channel: Option<Channel>) -> DeliveredResult
        = send_message(conversation, core::Outbound { channel, body, attachments: vec![] });
    /// Sends the AI agent's reply with what the host's AI says about it: its
    /// confidence in percent (0 to 100), reasoning and detected intent (the
    /// system only).
    send_ai_reply_with(conversation: ConversationId, body: String, signals: AiReplySignals) -> DeliveredResult
        = send_ai_reply_with(conversation, core::AiReply { body, signals });
    /// Sends the AI agent's reply (the system only).
    send_ai_reply(conversation: ConversationId, body: String => &body) -> DeliveredResult;
    /// Sends an automatic response; it answers nothing (the system only).
    send_auto_reply(conversation: ConversationId, body: String => &body) -> DeliveredResult;
    /// Adds a system message (the system only).
    send_system_message(conversation: ConversationId, body: String => &body) -> DeliveredResult;
    /// Adds a private note; returns the message id.
    add_note(conversation: ConversationId, body: String => &body) -> Created;
    /// Sends an internal message to another user (or oneself).
    send_internal_message(to: UserId, body: String => core::Outbound::text(body)) -> DeliveredResult;
    /// Sends an invoice or checkout; returns the invoice id.
    send_invoice(conversation: ConversationId, kind: PaymentKind, amount_minor: i64, currency: String, description: String)
        -> Created = send_invoice(conversation, core::NewInvoice { kind, amount_minor, currency, description });
    /// Records that an invoice was paid (the system or admins).
    mark_invoice_paid(invoice: InvoiceId);
    /// Cancels an invoice (the system or admins).
    cancel_invoice(invoice: InvoiceId);
    /// Sets (or, with null, clears) the conversation summary the host's AI
    /// wrote (the system only).
    set_summary(conversation: ConversationId, summary: Option<String> => summary.as_deref());
    /// Records the customer's satisfaction rating, 1 to 5, with an optional
    /// comment (the system only); a later rating replaces an earlier one.
    rate_satisfaction(conversation: ConversationId, rating: u32, comment: Option<String> => comment.as_deref());
    /// Takes the conversation over from the AI.
    take_over(conversation: ConversationId);
    /// Marks the conversation read for the acting user (users only).
    mark_read(conversation: ConversationId);
    /// Makes the latest message someone else wrote unread again for the acting user.
    mark_unread(conversation: ConversationId);
    /// Assigns users, with an optional note.
    assign(conversation: ConversationId, users: Vec<UserId>, note: Option<String> => note.as_deref());
    /// Routes to a team; returns the chosen member.
    assign_team(conversation: ConversationId, team: TeamId, note: Option<String> => note.as_deref()) -> Routed;
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
    /// Saves a named query on a view with the view's filters, for the actor
    /// alone or, with `shared`, for everyone. Returns the new filter's id.
    save_filter(filter: NewSavedFilter => saved_filter_in(filter)) -> Created;
    /// Renames a saved filter (its owner or an admin).
    rename_saved_filter(filter: SavedFilterId, name: String => &name);
    /// Deletes a saved filter (its owner or an admin).
    delete_saved_filter(filter: SavedFilterId);
    /// Sets the workspace's auto-assignment chain (empty: off).
    set_routing(chain: Vec<RoutingStrategy> => chain.into_iter().collect());
    /// Sets a team's own chain (null: the workspace chain, or load balancing).
    set_team_routing(team: TeamId, chain: Option<Vec<RoutingStrategy>> => chain.map(|c| c.into_iter().collect()));
    /// Routes an unassigned conversation now.
    auto_assign(conversation: ConversationId) -> RoutingResult;
    /// Sets the skills a conversation needs.
    set_required_skills(conversation: ConversationId, skills: Vec<String>);
    /// Replaces the priority rules, given as JSON text (`{"rules": [...]}`). Admins only.
    set_priority_rules(rules_json: String => rules_in(&rules_json)?) = set_priority_rules(rules_json);
    /// Feeds the host AI's sentiment (-1 to 1) and intent to the priority rules (host only).
    record_ai_signals(conversation: ConversationId, sentiment: Option<f32>, intent: Option<String> => intent.as_deref())
        -> PriorityResult;
    /// Sets the response-time goals (null: no SLA warnings). Admins only.
    set_response_goals(goals: Option<ResponseGoals>);
    /// Adds a reply template (admins).
    add_template(name: String => &name, source: String => &source, whatsapp_approved: bool);
    /// Replaces a template's text (admins).
    update_template(name: String => &name, source: String => &source);
    /// Removes a template (admins).
    remove_template(name: String => &name);
}

// The reads, in the same table form; each becomes `Workspace.name(args...)`.
macro_rules! reads {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty $(=> $conv:expr)?),*) -> $ret:ty $(= $core:ident $call:tt)?;)*) => {
        #[uniffi::export]
        impl Workspace {$(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $name(&self, $($arg: $ty),*) -> R<$ret> {
                $(commands!(@let $arg $($conv)?);)*
                Ok(self.read(|ws| commands!(@call ws $name () ($($arg),*) $($core $call)?).lift().map(<$ret>::out))??)
            }
        )*}
    };
}

reads! {
    /// The whole workspace as JSON (a versioned snapshot).
    to_json() -> String;
    /// When the next timed transition is due.
    next_due() -> Option<Timestamp>;
    /// A user by id.
    user(user: UserId) -> User;
    /// A user by email.
    user_by_email(email: String => &email) -> Option<u64>;
    /// Every user id (removed ones included).
    users() -> Vec<u64>;
    /// A team by id.
    team(team: TeamId) -> Team;
    /// Every team id.
    teams() -> Vec<u64>;
    /// Every contact id (contacts are the shared directory; read one with
    /// [`Workspace::contact`] to see it as a viewer may).
    contacts(viewer: Actor) -> Vec<u64>;
    /// A contact as `viewer` may see it: no current conversation the viewer
    /// may not see.
    contact(viewer: Actor, contact: ContactId) -> Contact;
    /// The contact reached at `handle` on `channel`.
    find_contact(channel: Channel, handle: String => &handle) -> Option<ContactId>;
    /// The customer panel for a contact as `viewer` may see it, beside a
    /// conversation (left out of `related`) or null.
    customer_panel(viewer: Actor, contact: ContactId, beside: Option<ConversationId>) -> CustomerPanel;
    /// The notification settings in force for `user`, one entry per alert kind.
    notification_preferences(viewer: Actor, user: UserId) -> Vec<NotificationSetting>;
    /// Who else is viewing or typing in the conversation at `now`.
    present(viewer: Actor, now: Timestamp, conversation: ConversationId) -> Vec<Presence>
        = present(viewer, conversation, now);
    /// A conversation as `viewer` may see it.
    conversation(viewer: Actor, conversation: ConversationId) -> Conversation;
    /// Every conversation `viewer` may see.
    conversations(viewer: Actor) -> Vec<Conversation>;
    /// Whether `viewer` may see the conversation.
    can_see(viewer: Actor, conversation: ConversationId) -> bool;
    /// How many live conversations `viewer` may see (all for the system).
    conversation_count(viewer: Actor) -> u64;
    /// The transcript for an audience.
    transcript(viewer: Actor, conversation: ConversationId, audience: Audience) -> Transcript;
    /// The transcript as JSON.
    export_json(viewer: Actor, conversation: ConversationId, audience: Audience) -> String;
    /// The transcript as plain text.
    export_text(viewer: Actor, conversation: ConversationId, audience: Audience) -> String;
    /// Transcripts of many conversations; one outcome each, in order, a
    /// conversation the viewer may not see refused as not found.
    export_transcripts(viewer: Actor, conversations: Vec<ConversationId> => &conversations, audience: Audience)
        -> Vec<ExportOutcome>;
    /// Messages of the conversation unread for `viewer` (0 for the host).
    unread_count(viewer: Actor, conversation: ConversationId) -> u32;
    /// How many messages of the conversation `viewer` has read.
    read_marker(viewer: Actor, conversation: ConversationId) -> u32;
    /// One page of a list for `viewer`; `after` is the `next` cursor of the previous page.
    view(viewer: Actor, now: Timestamp, view: View, filters: Option<Filters>, sort: Option<Sort>, limit: Option<u32>,
        after: Option<Cursor>) -> Page = view(viewer, &view_query(view, filters, sort, limit, after), now);
    /// How many rows a list holds for `viewer`.
    count(viewer: Actor, now: Timestamp, view: View, filters: Option<Filters>) -> u64
        = count(viewer, &view_query(view, filters, None, None, None), now);
    /// The dashboard tiles for `viewer`.
    tiles(viewer: Actor) -> Tiles;
    /// The figures of one conversation.
    conversation_metrics(viewer: Actor, conversation: ConversationId) -> ConversationMetrics;
    /// The figures of one agent's assigned conversations.
    agent_metrics(viewer: Actor, now: Timestamp, agent: UserId) -> InboxMetrics = agent_metrics(viewer, agent, now);
    /// The figures of the conversations `viewer` may see.
    workspace_metrics(viewer: Actor, now: Timestamp) -> InboxMetrics;
    /// Every conversation matching the query that `viewer` may see, in id order.
    search_ids(viewer: Actor, now: Timestamp, query: String => parse_query(&query)?) -> Vec<ConversationId>
        = search_ids(viewer, &query, now);
    /// One page of the conversations matching a query in the query language
    /// (the core's `search_text`: the binding has no query tree, so this is
    /// the one search call).
    search(viewer: Actor, now: Timestamp, query: String, sort: Option<Sort>, limit: Option<u32>, after: Option<Cursor>)
        -> Page = search_text(viewer, &query, now, &search_options(sort, limit, after));
    /// How many conversations match the query for `viewer` (the length of
    /// `searchIds`, counted on the index without listing them).
    search_count(viewer: Actor, now: Timestamp, query: String => parse_query(&query)?) -> u64
        = search_count(viewer, &query, now);
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
    /// A template by name, ignoring case.
    template(name: String => &name) -> TemplateInfo;
    /// Every template, in the order they were added.
    templates() -> Vec<TemplateInfo>;
    /// Templates matching what the agent typed after `/`, best first.
    find_templates(query: String => &query, limit: u32 => usize::try_from(limit).unwrap_or(usize::MAX))
        -> Vec<TemplateMatch>;
    /// The variables a template needs.
    template_variables(name: String => &name) -> TemplateVariables;
    /// Renders a template for a reply in a conversation; `values` fills custom variables.
    render_template(viewer: Actor, now: Timestamp, conversation: ConversationId, name: String => &name,
        values: HashMap<String, String> => values.into_iter().collect::<std::collections::BTreeMap<_, _>>())
        -> String = render_template(viewer, now, conversation, name, &values);
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
