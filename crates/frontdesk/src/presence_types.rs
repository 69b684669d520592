//! Presence: who is viewing or typing in a conversation right now. Ephemeral:
//! held in memory only, never persisted, never in snapshots or events that
//! reach the customer. Signals expire after the workspace's
//! `presence_ttl_secs` unless repeated.

use crate::ids::{ConversationId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Someone else present in a conversation, as [`present`] lists them.
///
/// [`present`]: crate::Workspace::present
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Presence {
    /// Who.
    pub user: UserId,
    /// Whether they are typing (otherwise only viewing).
    pub typing: bool,
    /// Their latest signal.
    pub last_seen: DateTime<Utc>,
}

/// One user's latest signals in one conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Signal {
    pub(crate) user: UserId,
    pub(crate) viewing_at: DateTime<Utc>,
    pub(crate) typing_at: Option<DateTime<Utc>>,
}

/// Every live signal, per conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PresenceBoard {
    pub(crate) signals: HashMap<ConversationId, Vec<Signal>>,
}
