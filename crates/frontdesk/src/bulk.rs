//! Bulk actions: one action over many conversations, each applied atomically
//! on its own, with a result per conversation.

use crate::actor::Actor;
use crate::error::Result;
use crate::event::Event;
use crate::ids::{ConversationId, TeamId, UserId};
use crate::priority::Priority;
use crate::status::Status;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An action applied to many conversations at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
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

impl Workspace {
    /// Applies `action` to each conversation in turn. A conversation the action
    /// fails on is left exactly as it was; the others are still changed.
    pub fn bulk(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversations: &[ConversationId],
        action: &BulkAction,
    ) -> Vec<BulkOutcome> {
        let now = self.clock(now);
        conversations
            .iter()
            .map(|&conversation| {
                let result = match action {
                    BulkAction::Assign { users, note } => self
                        .assign(actor, now, conversation, users.clone(), note.as_deref())
                        .map(|a| a.events),
                    BulkAction::AutoAssign => self.auto_assign(actor, now, conversation).map(|a| a.events),
                    BulkAction::AssignTeam { team } => {
                        self.assign_team(actor, now, conversation, *team, None).map(|a| a.events)
                    }
                    BulkAction::SetStatus { status } => {
                        self.set_status(actor, now, conversation, *status).map(|a| a.events)
                    }
                    BulkAction::SetPriority { priority, reason } => self
                        .set_priority(actor, now, conversation, *priority, reason.as_deref())
                        .map(|a| a.events),
                    BulkAction::Archive => self.archive(actor, now, conversation).map(|a| a.events),
                    BulkAction::Delete => {
                        self.delete_conversation(actor, now, conversation).map(|a| a.events)
                    }
                };
                BulkOutcome { conversation, result }
            })
            .collect()
    }
}
