//! The values of bulk actions: the action and its result per conversation.

use crate::error::Result;
use crate::event::Event;
use crate::ids::{ConversationId, TeamId, UserId};
use crate::priority::Priority;
use crate::status::Status;
use serde::{Deserialize, Serialize};

/// An action applied to many conversations at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BulkAction {
    /// Add assignees.
    Assign {
        /// The users to assign.
        users: Vec<UserId>,
        /// An optional assignment note.
        note: Option<String>,
    },
    /// Route each through the auto-assignment chain (load balancing when the
    /// workspace has none).
    AutoAssign,
    /// Route to a team.
    AssignTeam {
        /// The team.
        team: TeamId,
    },
    /// Change the status (closing rules apply to each conversation).
    SetStatus {
        /// The new status.
        status: Status,
    },
    /// Change the priority (pins it).
    SetPriority {
        /// The new priority.
        priority: Priority,
        /// Why.
        reason: Option<String>,
    },
    /// Archive.
    Archive,
    /// Delete (admins only; not with outstanding invoices).
    Delete,
}

/// What a bulk action did to one conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkOutcome {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its events, or why it was left unchanged.
    pub result: Result<Vec<Event>>,
}
