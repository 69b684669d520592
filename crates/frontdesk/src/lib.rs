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

mod actor;
mod assignment;
mod autopriority;
mod bulk;
mod channel;
mod config;
mod contact;
mod conversation;
mod directory;
mod error;
mod event;
mod export;
mod ids;
mod index;
#[doc(hidden)]
pub mod integrity;
mod lifecycle;
pub mod mention;
mod message;
mod messaging;
mod metrics;
mod names;
mod phone;
pub mod prioritize;
mod priority;
pub mod query;
mod reads;
mod replies;
mod routing;
mod search;
mod snapshot;
mod span;
mod status;
pub mod template;
mod user;
mod validate;
mod view_index;
mod views;
mod visibility;
mod workspace;

pub use actor::Actor;
pub use bulk::{BulkAction, BulkOutcome};
pub use channel::Channel;
pub use config::{ClosedPolicy, WorkspaceConfig};
pub use contact::{Contact, ContactNote, ContactPatch, ContactRouting, Identity, NewContact};
pub use conversation::{Conversation, ConversationKind, Origin, PriorityPin, ReplyState, SlaMark};
pub use error::{Error, ErrorFamily, Result};
pub use event::{Event, StatusCause};
pub use export::{Audience, Transcript, TranscriptEntry};
pub use ids::{ContactId, ConversationId, InvoiceId, MessageId, TeamId, UserId};
pub use message::{
    Attachment, Author, Inbound, Invoice, Message, MessageKind, NewInvoice, Outbound, PaymentKind,
    PaymentState, Sender,
};
pub use messaging::Delivered;
pub use metrics::{ConversationMetrics, InboxMetrics};
pub use phone::normalize_phone;
pub use priority::Priority;
pub use reads::ReadMarker;
pub use routing::{RoutingDecision, RoutingOutcome, RoutingStrategy};
pub use search::SearchOptions;
pub use snapshot::{Snapshot, SNAPSHOT_FORMAT_VERSION};
pub use span::Span;
pub use status::{AiMode, Status};
pub use user::{Availability, NewUser, Role, Team, User};
pub use views::{Cursor, Filters, ListRow, Page, Sort, Tiles, TimeRange, View, ViewQuery};
pub use visibility::Visibility;
pub use workspace::{Applied, Workspace};
