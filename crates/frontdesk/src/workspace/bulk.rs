//! Bulk actions: one action over many conversations, each applied atomically
//! on its own, with a result per conversation.

use crate::actor::Actor;
use crate::bulk_types::{BulkAction, BulkOutcome};
use crate::ids::ConversationId;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};

impl Workspace {
    /// Applies `action` to each conversation in turn. A conversation the action
    /// fails on is left exactly as it was; the others are still changed.
    /// Its notifications are those of each conversation's action, each
    /// (recipient, kind, conversation) once.
    pub fn bulk(
        &mut self,
        actor: Actor,
        now: DateTime<Utc>,
        conversations: &[ConversationId],
        action: &BulkAction,
    ) -> Vec<BulkOutcome> {
        let now = self.clock(now);
        let told_before = self.outbox.as_ref().map_or(0, Vec::len);
        let outcomes = conversations
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
            .collect();
        // One bulk action is one cause: a conversation listed twice tells
        // nobody twice.
        self.dedup_notifications_since(told_before);
        outcomes
    }
}
