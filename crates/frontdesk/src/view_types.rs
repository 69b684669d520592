//! The values of inbox views: which list, filters, sort orders, cursors,
//! pages and dashboard tiles.

use crate::channel::Channel;
use crate::error::{Error, Result};
use crate::ids::{ContactId, ConversationId, UserId};
use crate::priority::Priority;
use crate::status::{AiMode, Status};
use crate::view_index::{channel_rank, Cell, Key};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A list of conversations, always seen by a given viewer and only over what
/// that viewer may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum View {
    /// Every conversation the viewer may list: customer conversations they
    /// can see (any status) and their own internal chats.
    TeamInbox,
    /// Team inbox part: customer conversations not closed and assigned to
    /// nobody.
    Unassigned,
    /// Team inbox part: customer conversations not closed and assigned to
    /// somebody.
    InProgress,
    /// Customer conversations that are resolved or archived.
    Closed,
    /// The viewer's to-do list: customer conversations assigned to them and
    /// not closed, plus their internal chats.
    MyInbox,
    /// My inbox part: my customer conversations with unreplied messages.
    NeedsMyAttention,
    /// My inbox part: my customer conversations whose last exchanged message
    /// is ours (nothing unreplied).
    WaitingForCustomer,
    /// All conversations part: customer conversations that are open
    /// ("Active").
    Active,
    /// All conversations part: customer conversations that are pending.
    Pending,
    /// All conversations part: customer conversations closed (resolved or
    /// archived) since the start of the day of the read's `now`, in the
    /// workspace's time zone.
    ResolvedToday,
    /// My inbox part: my customer conversations, open or pending, with
    /// nothing unreplied, whose last message other than notes and system
    /// messages is a reply (by a human agent or the AI agent), and with no
    /// invoice or checkout left unpaid. A part of
    /// [`View::WaitingForCustomer`].
    ReadyToClose,
    /// Team inbox part: customer conversations not closed, assigned to
    /// nobody, whose AI agent stopped (paused: it asked for a hand-off or a
    /// human took over and left) — a human should review them.
    NeedsReview,
    /// By channel: every customer conversation currently on web chat.
    WebchatInbox,
    /// By channel: every customer conversation currently on WhatsApp.
    WhatsappInbox,
    /// By channel: every customer conversation currently on SMS.
    SmsInbox,
    /// By channel: every customer conversation currently on email.
    EmailInbox,
    /// By channel: every customer conversation currently on telephony.
    TelephonyInbox,
    /// By channel: every customer conversation currently on LinkedIn.
    LinkedinInbox,
}

impl View {
    /// Every view.
    pub const ALL: [View; 18] = [
        View::TeamInbox,
        View::Unassigned,
        View::InProgress,
        View::Closed,
        View::MyInbox,
        View::NeedsMyAttention,
        View::WaitingForCustomer,
        View::Active,
        View::Pending,
        View::ResolvedToday,
        View::ReadyToClose,
        View::NeedsReview,
        View::WebchatInbox,
        View::WhatsappInbox,
        View::SmsInbox,
        View::EmailInbox,
        View::TelephonyInbox,
        View::LinkedinInbox,
    ];

    /// Other names accepted when parsing: the quick filter labels "mine"
    /// (My inbox), "all" (Team inbox); "unassigned" and "closed" are already
    /// view names.
    pub const ALIASES: [(&'static str, View); 2] = [("mine", View::MyInbox), ("all", View::TeamInbox)];

    /// The per-channel view of a customer channel (none for internal chats).
    pub fn for_channel(channel: Channel) -> Option<View> {
        Some(match channel {
            Channel::Webchat => View::WebchatInbox,
            Channel::Whatsapp => View::WhatsappInbox,
            Channel::Sms => View::SmsInbox,
            Channel::Email => View::EmailInbox,
            Channel::Telephony => View::TelephonyInbox,
            Channel::Linkedin => View::LinkedinInbox,
            Channel::Internal => return None,
        })
    }

    /// The channel of a per-channel view.
    pub fn channel(self) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| View::for_channel(*c) == Some(self))
    }

    /// The stable snake_case name (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            View::TeamInbox => "team_inbox",
            View::Unassigned => "unassigned",
            View::InProgress => "in_progress",
            View::Closed => "closed",
            View::MyInbox => "my_inbox",
            View::NeedsMyAttention => "needs_my_attention",
            View::WaitingForCustomer => "waiting_for_customer",
            View::Active => "active",
            View::Pending => "pending",
            View::ResolvedToday => "resolved_today",
            View::ReadyToClose => "ready_to_close",
            View::NeedsReview => "needs_review",
            View::WebchatInbox => "webchat_inbox",
            View::WhatsappInbox => "whatsapp_inbox",
            View::SmsInbox => "sms_inbox",
            View::EmailInbox => "email_inbox",
            View::TelephonyInbox => "telephony_inbox",
            View::LinkedinInbox => "linkedin_inbox",
        }
    }
}

/// Parses the snake_case name or an alias ([`View::ALIASES`]), case-
/// insensitively, so that every binding accepts the same names and fails with
/// the same `invalid_value`.
impl std::str::FromStr for View {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let name = s.trim().to_lowercase();
        View::ALL
            .into_iter()
            .find(|v| v.as_str() == name)
            .or_else(|| View::ALIASES.iter().find(|(a, _)| *a == name).map(|(_, v)| *v))
            .ok_or_else(|| {
                Error::invalid_value(
                    "view",
                    s,
                    View::ALL.iter().map(|v| v.as_str()).chain(View::ALIASES.iter().map(|(a, _)| *a)),
                )
            })
    }
}

/// The quick "Mode" filter: who answers the customer, coarser than
/// [`AiMode`]. "all" is no mode filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Mode {
    /// The AI agent answers: AI mode `active`.
    AiHandled,
    /// Humans answer: AI mode `paused` or `manual`.
    Manual,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 2] = [Mode::AiHandled, Mode::Manual];

    /// The stable snake_case name (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::AiHandled => "ai_handled",
            Mode::Manual => "manual",
        }
    }

    /// Whether a conversation in `ai_mode` falls under this mode.
    pub fn includes(self, ai_mode: AiMode) -> bool {
        match self {
            Mode::AiHandled => ai_mode == AiMode::Active,
            Mode::Manual => ai_mode != AiMode::Active,
        }
    }

    /// Parses a mode name case-insensitively; "all" is `None` (no filter).
    pub fn parse_filter(s: &str) -> Result<Option<Mode>> {
        let name = s.trim().to_lowercase().replace(['-', ' '], "_");
        if name == "all" {
            return Ok(None);
        }
        Mode::ALL.into_iter().find(|m| m.as_str() == name).map(Some).ok_or_else(|| {
            Error::invalid_value(
                "mode",
                s,
                std::iter::once("all").chain(Mode::ALL.iter().map(|m| m.as_str())),
            )
        })
    }
}

/// The order of a list. Every order ends with the most recent activity first
/// and then the highest conversation id, so it is total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Sort {
    /// Most recent activity (last message of any kind) first. The default.
    #[default]
    Recent,
    /// Oldest activity first (ties: lowest id first).
    Oldest,
    /// Highest priority first (urgent, high, normal, low), then most recent.
    Priority,
    /// By channel in [`Channel::ALL`] order, then most recent.
    Channel,
    /// Unassigned first, then assigned, then most recent.
    Assignment,
}

impl Sort {
    /// Every order.
    pub const ALL: [Sort; 5] = [Sort::Recent, Sort::Oldest, Sort::Priority, Sort::Channel, Sort::Assignment];

    /// The stable snake_case name (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Recent => "recent",
            Sort::Oldest => "oldest",
            Sort::Priority => "priority",
            Sort::Channel => "channel",
            Sort::Assignment => "assignment",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Sort::Recent => "r",
            Sort::Oldest => "o",
            Sort::Priority => "p",
            Sort::Channel => "c",
            Sort::Assignment => "a",
        }
    }

    pub(crate) fn ascending(self) -> bool {
        self == Sort::Oldest
    }

    /// The group a cell falls in; groups are listed in increasing order.
    pub(crate) fn group(self, cell: Cell) -> u16 {
        match self {
            Sort::Recent | Sort::Oldest => 0,
            Sort::Priority => match cell.priority {
                Priority::Urgent => 0,
                Priority::High => 1,
                Priority::Normal => 2,
                Priority::Low => 3,
            },
            Sort::Channel => channel_rank(cell.channel),
            Sort::Assignment => u16::from(cell.assigned),
        }
    }
}

/// Parses the snake_case name (see [`View`]'s `FromStr`).
impl std::str::FromStr for Sort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Sort::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| Error::invalid_value("sort", s, Sort::ALL.iter().map(|v| v.as_str())))
    }
}

/// A time window on a conversation's last activity, in the workspace's time
/// zone ([`WorkspaceConfig::utc_offset_minutes`](crate::WorkspaceConfig)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "range", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TimeRange {
    /// Activity at or after one hour before `now`.
    LastHour,
    /// Activity during today (local midnight to the next).
    Today,
    /// Activity during this week (Monday 00:00 local to the next Monday).
    ThisWeek,
    /// Activity during this calendar month (local).
    ThisMonth,
    /// Activity at or after `from` and before `to`.
    Between {
        /// Start, included.
        from: DateTime<Utc>,
        /// End, excluded.
        to: DateTime<Utc>,
    },
}

impl TimeRange {
    /// The ranges people pick by name, with the name every binding takes
    /// (`Between` is given by its two moments instead).
    pub const NAMED: [(&'static str, TimeRange); 4] = [
        ("last_hour", TimeRange::LastHour),
        ("today", TimeRange::Today),
        ("this_week", TimeRange::ThisWeek),
        ("this_month", TimeRange::ThisMonth),
    ];

    /// The range's name in [`TimeRange::NAMED`]; `None` for `Between`. The
    /// match is exhaustive, so a new range cannot be left without a name.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            TimeRange::LastHour => Some("last_hour"),
            TimeRange::Today => Some("today"),
            TimeRange::ThisWeek => Some("this_week"),
            TimeRange::ThisMonth => Some("this_month"),
            TimeRange::Between { .. } => None,
        }
    }

    /// The range called `name`; an unknown name is `invalid_value` listing the
    /// names (reported under `field`).
    pub fn named(field: &str, name: &str) -> crate::error::Result<TimeRange> {
        TimeRange::NAMED.iter().find(|(n, _)| *n == name).map(|(_, r)| *r).ok_or_else(|| {
            crate::error::Error::InvalidValue {
                field: field.into(),
                input: name.into(),
                allowed: TimeRange::NAMED.iter().map(|(n, _)| n.to_string()).collect(),
            }
        })
    }
}

/// Narrows a view. Every filter set must match (AND).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Filters {
    /// Only conversations currently on this channel.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Only conversations with this status.
    #[serde(default)]
    pub status: Option<Status>,
    /// Only conversations with this priority.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Only conversations in this AI mode (AI-handled, paused, manual).
    #[serde(default)]
    pub ai_mode: Option<AiMode>,
    /// Only conversations with this tag (case-insensitive).
    #[serde(default)]
    pub tag: Option<String>,
    /// Only conversations whose last activity falls in this window.
    #[serde(default)]
    pub time: Option<TimeRange>,
    /// Only conversations handled this way (AI-handled or manual); none is
    /// "all".
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Only conversations from this source campaign (case-insensitive, after
    /// trimming).
    #[serde(default)]
    pub campaign: Option<String>,
}

/// An opaque position in a list: the sort key of the last row of a page.
/// Pass it back in [`ViewQuery::cursor`] for the rows strictly after it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

impl Cursor {
    /// The cursor as a string token, to hand to a client.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A cursor from a token a client sent back; checked when used.
    pub fn from_token(token: impl Into<String>) -> Cursor {
        Cursor(token.into())
    }

    /// `v1.<sort>.<cell>.<seconds>.<nanoseconds>.<id>` (the live feed
    /// gives one per row told: written without the formatting machinery).
    pub(crate) fn encode(sort: Sort, key: Key) -> Cursor {
        let at = key.at();
        let mut digits = itoa::Buffer::new();
        let mut out = String::with_capacity(48);
        out.push_str("v1.");
        out.push_str(sort.tag());
        out.push('.');
        out.push_str(digits.format(key.cell()));
        out.push('.');
        out.push_str(digits.format(at.timestamp()));
        out.push('.');
        out.push_str(digits.format(at.timestamp_subsec_nanos()));
        out.push('.');
        out.push_str(digits.format(key.id().0));
        Cursor(out)
    }

    pub(crate) fn decode(&self, sort: Sort) -> Result<(Cell, Key)> {
        let bad = || Error::invalid_argument("cursor", "not a cursor of this list's sort order");
        let parts: Vec<&str> = self.0.split('.').collect();
        let [version, tag, cell, secs, nanos, id] = parts.as_slice() else { return Err(bad()) };
        if *version != "v1" || *tag != sort.tag() {
            return Err(bad());
        }
        let cell: u16 = cell.parse().map_err(|_| bad())?;
        let decoded = Cell::decode(cell).ok_or_else(bad)?;
        let secs: i64 = secs.parse().map_err(|_| bad())?;
        let nanos: u32 = nanos.parse().map_err(|_| bad())?;
        let at = DateTime::<Utc>::from_timestamp(secs, nanos).ok_or_else(bad)?;
        let id: u64 = id.parse().map_err(|_| bad())?;
        Ok((decoded, Key::new(cell, at, ConversationId(id))))
    }
}

/// What to list: a view, filters, an order, a page size and where to start.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ViewQuery {
    /// The list.
    pub view: View,
    /// Narrowing filters.
    #[serde(default)]
    pub filters: Filters,
    /// The order.
    #[serde(default)]
    pub sort: Sort,
    /// Rows per page, 1 to 1000.
    pub limit: u32,
    /// Start strictly after this position (none: the first page).
    #[serde(default)]
    pub cursor: Option<Cursor>,
}

impl ViewQuery {
    /// The first page of 50 rows of `view`, most recent first, unfiltered.
    pub fn new(view: View) -> ViewQuery {
        ViewQuery { view, filters: Filters::default(), sort: Sort::Recent, limit: 50, cursor: None }
    }

    /// Sets the order.
    pub fn sort(mut self, sort: Sort) -> ViewQuery {
        self.sort = sort;
        self
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> ViewQuery {
        self.limit = limit;
        self
    }

    /// Continues after a cursor from a previous page.
    pub fn after(mut self, cursor: Cursor) -> ViewQuery {
        self.cursor = Some(cursor);
        self
    }

    /// Sets the filters.
    pub fn filters(mut self, filters: Filters) -> ViewQuery {
        self.filters = filters;
        self
    }
}

/// One conversation as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ListRow {
    /// The conversation.
    pub conversation: ConversationId,
    /// Whether it is an internal chat.
    pub internal: bool,
    /// The contact, for customer conversations.
    pub contact: Option<ContactId>,
    /// What to call it: the contact's name, else phone, else email, else
    /// address; for an internal chat, the other participant's name (one's
    /// own for notes to self).
    pub title: String,
    /// The start of the last message (any kind, notes included), at most 100
    /// characters.
    pub preview: String,
    /// The time of the last activity (last message, else creation).
    pub last_activity_at: DateTime<Utc>,
    /// The current channel.
    pub channel: Channel,
    /// Messages unread for the viewer (0 for the host).
    pub unread: u32,
    /// Customer messages waiting for a human reply.
    pub unreplied: u32,
    /// Status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Assignees, in id order.
    pub assignees: Vec<UserId>,
    /// The AI indicator: whether the AI agent handles it, is paused, or the
    /// conversation is manual only.
    pub ai_mode: AiMode,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Page {
    /// The rows, in order.
    pub rows: Vec<ListRow>,
    /// Where the next page starts; none when this is the last page.
    pub next: Option<Cursor>,
}

/// One page of a list as conversation ids only: the same rows, order and
/// cursor as [`Page`], for hosts that keep their own copy of each row and
/// only need to know which rows a page holds (see `Workspace::view_ids`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdPage {
    /// The conversations of the page, in order.
    pub ids: Vec<ConversationId>,
    /// Where the next page starts; none when this is the last page.
    pub next: Option<Cursor>,
}

/// The dashboard tiles and the count of every view, for one viewer and over
/// what that viewer may see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Tiles {
    /// Customer conversations assigned to me, not closed.
    pub assigned_to_me: u64,
    /// Unreplied customer messages in those conversations.
    pub my_unreplied_messages: u64,
    /// Customer conversations not closed and assigned to nobody.
    pub unassigned: u64,
    /// Unreplied customer messages in conversations not closed.
    pub unreplied_messages: u64,
    /// Conversations (of the Team inbox) with at least one unread message.
    pub unread_conversations: u64,
    /// Rows of [`View::TeamInbox`].
    pub team_inbox: u64,
    /// Rows of [`View::InProgress`].
    pub in_progress: u64,
    /// Rows of [`View::Closed`].
    pub closed: u64,
    /// Rows of [`View::MyInbox`] (assigned to me plus my internal chats).
    pub my_inbox: u64,
    /// Rows of [`View::NeedsMyAttention`].
    pub needs_my_attention: u64,
    /// Rows of [`View::WaitingForCustomer`].
    pub waiting_for_customer: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_index::CELLS;
    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// A cursor is the text `v1.<sort>.<cell>.<seconds>.<nanos>.<id>` of
        /// its key, negative seconds included, and reads back as that key.
        #[test]
        fn a_cursor_is_its_key_as_text_and_reads_back(
            cell in (0..CELLS as u16).prop_filter("a valid cell", |c| Cell::decode(*c).is_some()),
            secs in -8_334_601_228i64..8_210_266_876i64,
            nanos in 0u32..1_000_000_000,
            id in 0u64..(1 << 44) - 1,
        ) {
            let at = DateTime::<Utc>::from_timestamp(secs, nanos).unwrap_or_default();
            let key = Key::new(cell, at, ConversationId(id));
            let cursor = Cursor::encode(Sort::Recent, key);
            let text = format!("v1.r.{cell}.{}.{}.{id}", at.timestamp(), at.timestamp_subsec_nanos());
            proptest::prop_assert_eq!(cursor.as_str(), text.as_str());
            let (_, back) = cursor.decode(Sort::Recent).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(back, key);
        }
    }
}
