//! Domain events: what a successful command did, for the host to turn into
//! notifications, webhooks or audit logs.

use crate::channel::Channel;
use crate::conversation::Origin;
use crate::ids::{ContactId, ConversationId, InvoiceId, MessageId, TeamId, UserId};
use crate::message::{Author, PaymentKind};
use crate::prioritize::SlaWarningKind;
use crate::priority::Priority;
use crate::status::{AiMode, Status};
use crate::user::Availability;
use crate::visibility::Visibility;
use serde::{Deserialize, Serialize};

/// Why a status changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StatusCause {
    /// A user (or the host) set it.
    Manual,
    /// A message arrived or was sent (customer writes → open, reply to a closed
    /// conversation → open).
    Message,
    /// A timer fired in `tick` (no response → pending, resolved → archived).
    Timer,
    /// The AI agent asked for a human.
    Handoff,
}

/// Something that happened in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Event {
    /// A user was added.
    UserAdded {
        /// The user.
        user: UserId,
    },
    /// A user was removed from the workspace.
    UserRemoved {
        /// The user.
        user: UserId,
    },
    /// A user went online, away or offline.
    AvailabilityChanged {
        /// The user.
        user: UserId,
        /// The new availability.
        availability: Availability,
    },
    /// A team was created.
    TeamAdded {
        /// The team.
        team: TeamId,
    },
    /// A team's members changed.
    TeamMembersChanged {
        /// The team.
        team: TeamId,
    },
    /// A contact was created (by a user or by an inbound message from an
    /// unknown address).
    ContactCreated {
        /// The contact.
        contact: ContactId,
    },
    /// A contact's details, tags, notes or routing changed.
    ContactUpdated {
        /// The contact.
        contact: ContactId,
    },
    /// A conversation was created.
    ConversationCreated {
        /// The new conversation.
        conversation: ConversationId,
        /// Its contact (none for internal chats).
        contact: Option<ContactId>,
        /// The channel of its first message.
        channel: Channel,
        /// How it started.
        origin: Origin,
        /// The closed conversation it continues.
        continued_from: Option<ConversationId>,
    },
    /// A customer message arrived.
    MessageReceived {
        /// The conversation.
        conversation: ConversationId,
        /// The message.
        message: MessageId,
        /// Its channel.
        channel: Channel,
    },
    /// A message was sent to the customer (by a person, the AI, the
    /// auto-responder or the system), or to another user in an internal chat.
    MessageSent {
        /// The conversation.
        conversation: ConversationId,
        /// The message.
        message: MessageId,
        /// Its channel.
        channel: Channel,
        /// Who wrote it.
        author: Author,
    },
    /// A private note was added.
    NoteAdded {
        /// The conversation.
        conversation: ConversationId,
        /// The note.
        message: MessageId,
        /// Who wrote it.
        author: UserId,
    },
    /// A user was mentioned in a note: notify them.
    UserMentioned {
        /// The conversation.
        conversation: ConversationId,
        /// The note.
        message: MessageId,
        /// Who was mentioned.
        user: UserId,
        /// Who wrote the note.
        by: UserId,
    },
    /// A warning, not a refusal: a message sent to the customer mentions
    /// team members (`@Tom`). Mentions are internal, so the customer will see
    /// the `@Tom` as written; nobody was notified (a note is where mentions
    /// notify). Its type, `mention_in_customer_message`, is the stable code.
    MentionInCustomerMessage {
        /// The conversation the message went to.
        conversation: ConversationId,
        /// The message, sent as written.
        message: MessageId,
        /// The team members it mentions (ambiguous mentions included), in
        /// order of first mention.
        users: Vec<UserId>,
        /// Who wrote the message.
        by: UserId,
    },
    /// A user was assigned.
    Assigned {
        /// The conversation.
        conversation: ConversationId,
        /// The new assignee.
        user: UserId,
        /// Who assigned (none: automation or the host).
        by: Option<UserId>,
        /// The assignment note, if any.
        note: Option<String>,
    },
    /// Nobody is eligible for the conversation: it waits in the
    /// auto-assignment queue.
    Queued {
        /// The conversation.
        conversation: ConversationId,
        /// Why nobody was eligible.
        reason: String,
    },
    /// A user was unassigned.
    Unassigned {
        /// The conversation.
        conversation: ConversationId,
        /// The former assignee.
        user: UserId,
        /// Who unassigned (none: automation or the host).
        by: Option<UserId>,
    },
    /// The conversation was routed to a team.
    TeamAssigned {
        /// The conversation.
        conversation: ConversationId,
        /// The team.
        team: TeamId,
        /// Who routed it.
        by: Option<UserId>,
    },
    /// The status changed.
    StatusChanged {
        /// The conversation.
        conversation: ConversationId,
        /// The old status.
        from: Status,
        /// The new status.
        to: Status,
        /// Why.
        cause: StatusCause,
    },
    /// The priority changed.
    PriorityChanged {
        /// The conversation.
        conversation: ConversationId,
        /// The old priority.
        from: Priority,
        /// The new priority.
        to: Priority,
        /// Who set it (none: automation).
        by: Option<UserId>,
        /// The reason given or the rules that fired.
        reason: Option<String>,
        /// Whether the priority is now pinned against automation.
        pinned: bool,
    },
    /// The visibility list changed.
    VisibilityChanged {
        /// The conversation.
        conversation: ConversationId,
        /// The new visibility.
        visibility: Visibility,
    },
    /// The AI mode changed.
    AiModeChanged {
        /// The conversation.
        conversation: ConversationId,
        /// The old mode.
        from: AiMode,
        /// The new mode.
        to: AiMode,
        /// Who changed it.
        by: Option<UserId>,
    },
    /// The AI agent asked for a human to take over.
    AiHandoffRequested {
        /// The conversation.
        conversation: ConversationId,
        /// Why, as the AI put it.
        reason: Option<String>,
    },
    /// A user took the conversation over from the AI.
    TakenOver {
        /// The conversation.
        conversation: ConversationId,
        /// Who took over.
        by: UserId,
    },
    /// A response-time goal was missed: the customer has waited longer than
    /// the goal for the conversation's priority.
    SlaWarning {
        /// The conversation.
        conversation: ConversationId,
        /// "urgent not answered" or "pending too long".
        kind: SlaWarningKind,
        /// The priority whose goal was missed.
        priority: Priority,
        /// How long the customer has waited, in seconds.
        waiting_secs: i64,
        /// The goal, in seconds.
        goal_secs: i64,
    },
    /// A pending conversation has had nothing exchanged for the workspace's
    /// `pending_alert_after_secs` (raised once per waiting period by `tick`).
    PendingTooLong {
        /// The conversation.
        conversation: ConversationId,
        /// How long nothing was exchanged, in seconds.
        waiting_secs: i64,
    },
    /// A warning, not a refusal: an agent replied while other agents were
    /// typing in the same conversation within the presence TTL. The reply was
    /// sent; a UI may ask "send anyway?" next time. Its type,
    /// `reply_collision`, is the stable code.
    ReplyCollision {
        /// The conversation.
        conversation: ConversationId,
        /// The reply, sent.
        message: MessageId,
        /// Who else was typing, in id order.
        typing: Vec<UserId>,
    },
    /// A tag was added to the conversation.
    TagAdded {
        /// The conversation.
        conversation: ConversationId,
        /// The tag.
        tag: String,
    },
    /// A tag was removed.
    TagRemoved {
        /// The conversation.
        conversation: ConversationId,
        /// The tag.
        tag: String,
    },
    /// An invoice or checkout was sent.
    InvoiceSent {
        /// The conversation.
        conversation: ConversationId,
        /// The invoice.
        invoice: InvoiceId,
        /// Invoice or checkout.
        kind: PaymentKind,
    },
    /// An invoice or checkout was paid.
    InvoicePaid {
        /// The conversation.
        conversation: ConversationId,
        /// The invoice.
        invoice: InvoiceId,
    },
    /// An invoice or checkout was cancelled.
    InvoiceCancelled {
        /// The conversation.
        conversation: ConversationId,
        /// The invoice.
        invoice: InvoiceId,
    },
    /// The conversation and all its messages, invoices and checkouts were deleted.
    ConversationDeleted {
        /// The conversation.
        conversation: ConversationId,
        /// Who deleted it (none: the host).
        by: Option<UserId>,
    },
    /// The host's AI set (or cleared) the conversation summary.
    SummaryUpdated {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The customer rated their satisfaction with the conversation.
    SatisfactionRated {
        /// The conversation.
        conversation: ConversationId,
        /// The rating, 1 to 5.
        rating: u32,
    },
}
