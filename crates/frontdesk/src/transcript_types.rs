//! The values of a transcript: who it is for and what it holds.

use crate::channel::Channel;
use crate::ids::{ConversationId, MessageId};
use crate::message::AiReplySignals;
use crate::status::Status;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who a transcript is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Audience {
    /// The customer: private notes are left out.
    Customer,
    /// The team: everything, notes included.
    Team,
}

/// A conversation's history as exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Transcript {
    /// The conversation.
    pub conversation: ConversationId,
    /// Who the conversation is with (contact name or phone), or the users of
    /// an internal chat.
    pub with: String,
    /// Its status when exported.
    pub status: Status,
    /// Who the transcript is for.
    pub audience: Audience,
    /// The entries, oldest first.
    pub entries: Vec<TranscriptEntry>,
    /// The AI's summary of the conversation (team transcripts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The customer's satisfaction rating, 1 to 5 (team transcripts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<u32>,
}

/// One message of a transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TranscriptEntry {
    /// The message.
    pub message: MessageId,
    /// When.
    pub at: DateTime<Utc>,
    /// Channel.
    pub channel: Channel,
    /// Who wrote it, as a person reads it ("Ana (agent)", "AI agent").
    pub from: String,
    /// "message", "note", "invoice" or "checkout".
    pub kind: String,
    /// The text.
    pub body: String,
    /// Names of attachments.
    pub attachments: Vec<String>,
    /// The AI's confidence, reasoning and detected intent for an AI reply
    /// (team transcripts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<AiReplySignals>,
}

/// One conversation of a bulk export: its transcript, or why the viewer may
/// not have it (`not_found` for a conversation they may not see, exactly as
/// for one that does not exist).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOutcome {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its transcript, or the error refusing it.
    pub result: crate::error::Result<Transcript>,
}
