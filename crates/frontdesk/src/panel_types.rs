//! The customer panel: a contact as one viewer may see it, beside a
//! conversation.

use crate::channel::Channel;
use crate::contact::{Contact, ContactNote};
use crate::ids::ConversationId;
use crate::status::Status;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One of the contact's other conversations, as the panel lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RelatedConversation {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its status.
    pub status: Status,
    /// The channel of its latest message.
    pub channel: Channel,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When its last message was added.
    pub last_message_at: Option<DateTime<Utc>>,
}

/// The customer panel (the inbox's right panel, "Viewing Customer Details"):
/// only what the viewer may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CustomerPanel {
    /// The contact as the viewer may see it (see `Workspace::contact`).
    pub contact: Contact,
    /// How many of the contact's conversations the viewer may see.
    pub total_conversations: u32,
    /// Those conversations except the one the panel is shown beside, newest
    /// first.
    pub related: Vec<RelatedConversation>,
    /// When the earliest conversation the viewer may see began; none when
    /// they may see none.
    pub first_contact_at: Option<DateTime<Utc>>,
    /// The contact's notes the viewer may see, oldest first.
    pub notes: Vec<ContactNote>,
    /// The contact's tags.
    pub tags: Vec<String>,
}
