//! What receiving or sending a message returns.

use crate::ids::{ContactId, ConversationId, MessageId};
use serde::{Deserialize, Serialize};

/// Where a message landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Delivered {
    /// The conversation that holds the message (possibly new).
    pub conversation: ConversationId,
    /// The message.
    pub message: MessageId,
    /// The contact, for customer conversations.
    pub contact: Option<ContactId>,
}
