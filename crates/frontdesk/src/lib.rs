//! # frontdesk
//!
//! The rules of a customer-conversation inbox, written once: conversations across
//! channels, statuses and their automatic transitions, priority, assignment,
//! visibility lists, unread and unreplied semantics, close and delete
//! invariants, reply templates and a search-query language.
//!
//! The crate is pure: no I/O, no clock, no threads. Time is an argument, so every
//! language binding gets the same answer for the same inputs.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod channel;
mod error;
mod ids;
mod priority;
pub mod query;
mod status;

pub use channel::Channel;
pub use error::{Error, ErrorFamily, Result};
pub use ids::{ContactId, ConversationId, InvoiceId, MessageId, TeamId, UserId};
pub use priority::Priority;
pub use status::{AiMode, Status};
