//! # frontdesk
//!
//! The rules of a customer-conversation inbox, written once: conversations across
//! channels, statuses and their automatic transitions, priority, assignment,
//! visibility lists, unread and unreplied semantics, close and delete
//! invariants, reply templates and a search-query language.
//!
//! The crate is pure: no I/O, no clock, no threads. Time is an argument, so every
//! language binding gets the same answer for the same inputs.
//!
//! ```
//! use frontdesk::*;
//! let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc();
//! let mut ws = Workspace::new(WorkspaceConfig::reopen_on_reply()).unwrap();
//! let ana = ws.add_user(Actor::System, now, NewUser::new("Ana", "ana@example.com", Role::Admin)).unwrap().value;
//! let inbound = Inbound {
//!     from: Sender::Address { handle: "+1 234 567 890".into() },
//!     channel: Channel::Whatsapp,
//!     body: "Hi, my order never arrived".into(),
//!     attachments: vec![],
//!     campaign: None,
//! };
//! let delivered = ws.receive_message(Actor::System, now, inbound).unwrap().value;
//! ws.take_over(Actor::User(ana), now, delivered.conversation).unwrap();
//! assert_eq!(ws.conversation(Actor::User(ana), delivered.conversation).unwrap().assignees, vec![ana]);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod access;
mod actor;
mod applied;
mod bulk_types;
mod changes;
mod channel;
mod config;
mod contact;
mod conversation;
mod error;
mod event;
mod feed_types;
mod id_map;
mod ids;
mod index;
mod key_index;
pub mod mention;
mod message;
mod messaging_types;
mod metrics_types;
mod names;
pub use names::enum_names;
mod notification_types;
mod panel_types;
mod phone;
mod presence_types;
pub mod prioritize;
mod priority;
pub mod query;
mod query_diagnostics;
mod read_types;
mod routing_types;
mod saved_filter_types;
mod search_index;
mod search_types;
mod snapshot_types;
mod span;
mod status;
pub mod template;
mod template_diagnostics;
mod transcript_types;
#[cfg(feature = "uniffi")]
pub mod uniffi_types;
mod user;
mod validate;
mod view_index;
mod view_types;
mod visibility;
mod workspace;

pub use actor::Actor;
pub use applied::Applied;
pub use bulk_types::{BulkAction, BulkOutcome};
pub use changes::{Changes, ConversationChange, Rows};
pub use channel::Channel;
pub use config::{ClosedPolicy, WorkspaceConfig, DEFAULT_AI_CONFIDENCE_ALERT_BELOW};
pub use contact::{Contact, ContactNote, ContactPatch, ContactRouting, Identity, NewContact};
pub use conversation::{
    Conversation, ConversationKind, Origin, PriorityPin, ReplyState, Satisfaction, SlaMark,
};
pub use error::{Error, ErrorFamily, Result};
pub use event::{Event, StatusCause};
pub use feed_types::{Feed, FeedGroup, FeedRow, FeedView, WatchedView};
pub use ids::{ContactId, ConversationId, InvoiceId, MessageId, TeamId, UserId};
pub use message::{
    AiReply, AiReplySignals, Attachment, Attachments, Author, Inbound, Invoice, Message, MessageKind,
    NewInvoice, Outbound, PaymentKind, PaymentState, Sender,
};
pub use messaging_types::Delivered;
pub use metrics_types::{ConversationMetrics, InboxMetrics};
pub use notification_types::{AlertKind, DeliveryChannel, Notification, NotificationPreferences};
pub use panel_types::{CustomerPanel, RelatedConversation};
pub use phone::normalize_phone;
pub use presence_types::Presence;
pub use priority::Priority;
pub use read_types::ReadMarker;
pub use routing_types::{RoutingDecision, RoutingOutcome, RoutingStrategy};
pub use saved_filter_types::{NewSavedFilter, SavedFilter, SavedFilterCount, SavedFilterId, SavedFilters};
pub use search_types::SearchOptions;
pub use snapshot_types::{Snapshot, SNAPSHOT_FORMAT_VERSION};
pub use span::Span;
pub use status::{AiMode, Status};
pub use transcript_types::{Audience, ExportOutcome, Transcript, TranscriptEntry};
pub use user::{Availability, NewUser, Role, Team, User};
pub use view_types::{Cursor, Filters, IdPage, ListRow, Mode, Page, Sort, Tiles, TimeRange, View, ViewQuery};
pub use visibility::Visibility;
#[doc(hidden)]
pub use workspace::integrity;
#[doc(hidden)]
pub use workspace::Ephemeral;
pub use workspace::Workspace;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();
