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

impl BulkAction {
    /// Every action's name, as hosts and bindings take it (the `action` tag of
    /// its serde form).
    pub const NAMES: [&'static str; 7] =
        ["assign", "auto_assign", "assign_team", "set_status", "set_priority", "archive", "delete"];

    /// The action's name in [`BulkAction::NAMES`]. The match is exhaustive, so
    /// a new action cannot be left without a name.
    pub fn name(&self) -> &'static str {
        match self {
            BulkAction::Assign { .. } => "assign",
            BulkAction::AutoAssign => "auto_assign",
            BulkAction::AssignTeam { .. } => "assign_team",
            BulkAction::SetStatus { .. } => "set_status",
            BulkAction::SetPriority { .. } => "set_priority",
            BulkAction::Archive => "archive",
            BulkAction::Delete => "delete",
        }
    }
}

/// What a bulk action did to one conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkOutcome {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its events, or why it was left unchanged.
    pub result: Result<Vec<Event>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_types::TimeRange;

    #[test]
    fn every_bulk_action_and_time_range_has_the_name_of_its_serde_tag() {
        let actions = [
            BulkAction::Assign { users: vec![UserId(1)], note: None },
            BulkAction::AutoAssign,
            BulkAction::AssignTeam { team: TeamId(1) },
            BulkAction::SetStatus { status: Status::Open },
            BulkAction::SetPriority { priority: Priority::High, reason: None },
            BulkAction::Archive,
            BulkAction::Delete,
        ];
        let names: Vec<&str> = actions.iter().map(BulkAction::name).collect();
        assert_eq!(names, BulkAction::NAMES);
        for a in &actions {
            assert_eq!(serde_json::to_value(a).unwrap()["action"], a.name());
        }
        for (name, range) in TimeRange::NAMED {
            assert_eq!(range.name(), Some(name));
            assert_eq!(serde_json::to_value(range).unwrap()["range"], name);
            assert_eq!(TimeRange::named("time_range", name).unwrap(), range);
        }
        let t = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        assert_eq!(TimeRange::Between { from: t, to: t }.name(), None);
        assert_eq!(TimeRange::named("time_range", "yesterday").unwrap_err().code(), "invalid_value");
    }
}
