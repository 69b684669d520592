//! Conversations: the unit agents work on, like a ticket in a helpdesk.

use crate::channel::Channel;
use crate::ids::{ContactId, ConversationId, TeamId, UserId};
use crate::message::{Invoice, Message};
use crate::priority::Priority;
use crate::status::{AiMode, Status};
use crate::visibility::Visibility;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether a conversation is with a customer or between users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ConversationKind {
    /// A conversation with a contact.
    Customer {
        /// The contact.
        contact: ContactId,
    },
    /// An internal chat between two users, or a user's notes to themself.
    Internal {
        /// One user (notes to self) or two, in id order.
        participants: Vec<UserId>,
    },
}

/// How a conversation came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Origin {
    /// A message from a contact.
    Inbound,
    /// An agent's first outbound message ("new chat").
    Outbound,
    /// A message to or from a contact after their conversation was closed.
    Continued,
    /// An internal chat.
    Internal,
}

/// A manual priority that automation must not lower.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PriorityPin {
    /// Who set it (none: the system).
    pub by: Option<UserId>,
    /// Why, if given.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Counters behind "unreplied": customer messages that still need a human.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReplyState {
    /// Customer messages no human (or active AI) has answered yet.
    pub unreplied: u32,
    /// Customer messages answered only by the AI agent since the last human
    /// reply; they become unreplied when the AI hands over to a human.
    pub answered_by_ai: u32,
    /// When the oldest unreplied customer message arrived.
    pub waiting_since: Option<DateTime<Utc>>,
    /// When the oldest customer message answered only by the AI arrived.
    pub ai_waiting_since: Option<DateTime<Utc>>,
}

/// A conversation and everything in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Conversation {
    /// The conversation's id.
    pub id: ConversationId,
    /// Customer conversation or internal chat.
    pub kind: ConversationKind,
    /// How it started.
    pub origin: Origin,
    /// The closed conversation this one continues, if any.
    pub continued_from: Option<ConversationId>,
    /// Lifecycle status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// Set when a person chose the priority; automation never lowers it.
    // Boxed: few conversations have one, and inline it would add 48 bytes
    // to every conversation (the serialized shape is the same).
    pub priority_pin: Option<Box<PriorityPin>>,
    /// The channel of the latest message.
    pub channel: Channel,
    /// Assigned users, in id order.
    pub assignees: Vec<UserId>,
    /// The team the conversation is routed to.
    pub team: Option<TeamId>,
    /// Who may see it.
    pub visibility: Visibility,
    /// Whether the AI agent handles it.
    pub ai_mode: AiMode,
    /// Tags, sorted, lowercase.
    pub tags: Vec<String>,
    /// Source campaign.
    pub campaign: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When anything last happened in it (a message, a note, a status change).
    pub updated_at: DateTime<Utc>,
    /// When the last message of any kind was added.
    pub last_message_at: Option<DateTime<Utc>>,
    /// When the customer, a human agent or the AI last wrote, or someone set
    /// the conversation open by hand: the clock "no response" runs on.
    pub last_exchange_at: Option<DateTime<Utc>>,
    /// When it was last closed (resolved or archived); cleared on reopen.
    pub closed_at: Option<DateTime<Utc>>,
    /// What still needs a human reply.
    pub reply: ReplyState,
    /// Messages, oldest first.
    pub messages: Vec<Message>,
    /// Invoices and checkouts sent in it.
    pub invoices: Vec<Invoice>,
    /// Skills an agent needs to take it (skill-based routing).
    #[serde(default)]
    pub required_skills: Vec<String>,
    /// Waiting in the auto-assignment queue for an eligible agent.
    #[serde(default)]
    pub awaiting_assignment: bool,
    /// The waiting period and priority an SLA warning was last raised for.
    #[serde(default)]
    pub sla_warned: Option<SlaMark>,
    /// The waiting period (its start, see [`Conversation::pending_since`]) a
    /// "pending too long" alert was last raised for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_alerted: Option<DateTime<Utc>>,
    /// The conversation summary the host's AI wrote, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The customer's satisfaction rating, if they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    // Boxed like `priority_pin`: a rating is rare, inline it would add 32
    // bytes to every conversation.
    pub satisfaction: Option<Box<Satisfaction>>,
}

/// A customer's satisfaction rating of a conversation (a CSAT survey answer
/// the host collected).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Satisfaction {
    /// The rating, 1 (very unsatisfied) to 5 (very satisfied).
    pub rating: u32,
    /// The customer's comment, if any.
    #[serde(default)]
    pub comment: Option<String>,
    /// When it was given.
    pub at: DateTime<Utc>,
}

/// Marks that an SLA warning was raised for the customer waiting since `since`
/// at `priority`, so it is raised once per waiting period and priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SlaMark {
    /// When the customer started waiting.
    pub since: DateTime<Utc>,
    /// The priority the warning was for.
    pub priority: Priority,
}

impl Conversation {
    /// The contact, for customer conversations.
    pub fn contact(&self) -> Option<ContactId> {
        match &self.kind {
            ConversationKind::Customer { contact } => Some(*contact),
            ConversationKind::Internal { .. } => None,
        }
    }

    /// Whether this is an internal chat.
    pub fn is_internal(&self) -> bool {
        matches!(self.kind, ConversationKind::Internal { .. })
    }

    /// Whether `user` is assigned.
    pub fn is_assigned_to(&self, user: UserId) -> bool {
        self.assignees.binary_search(&user).is_ok()
    }

    /// Invoices still due to be paid.
    pub fn outstanding_invoices(&self) -> Vec<crate::ids::InvoiceId> {
        self.invoices.iter().filter(|i| i.is_outstanding()).map(|i| i.id).collect()
    }

    /// When the current wait without exchange started: the last exchange,
    /// or the creation when nothing was exchanged yet.
    pub fn pending_since(&self) -> DateTime<Utc> {
        self.last_exchange_at.unwrap_or(self.created_at)
    }

    /// The last message, if any.
    pub fn last_message(&self) -> Option<&Message> {
        self.messages.last()
    }
}
