//! The figures metrics report, per conversation and per set of conversations.

use serde::{Deserialize, Serialize};

/// Figures of one conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConversationMetrics {
    /// From creation to the last activity (last message), in ms.
    pub duration_ms: i64,
    /// Messages other than private notes (customer, agents, AI, automated).
    pub messages: u32,
    /// Private notes.
    pub notes: u32,
    /// From the first customer message to the first reply after it by a
    /// human agent or the AI agent (text, invoice or checkout), in ms.
    pub first_response_ms: Option<i64>,
    /// The average over every customer turn that got a reply: from the first
    /// customer message of the turn to the first human or AI reply after it.
    pub average_response_ms: Option<i64>,
    /// From creation to when it was closed, while it is closed.
    pub resolution_ms: Option<i64>,
    /// Whether a human agent replied (human-handled).
    pub handled_by_human: bool,
    /// Whether the AI agent replied and no human did (AI-handled).
    pub handled_by_ai: bool,
}

/// Figures of a set of customer conversations (a workspace as a viewer sees
/// it, or one agent's assigned conversations). Internal chats never count.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InboxMetrics {
    /// Conversations in the set, any status.
    pub conversations: u64,
    /// Created today (workspace time zone).
    pub new_today: u64,
    /// Closed (resolved or archived) and last closed today.
    pub resolved_today: u64,
    /// Not closed (open or pending).
    pub backlog: u64,
    /// Average of the conversations' first response times, in ms (integer
    /// division), over conversations that have one.
    pub average_first_response_ms: Option<i64>,
    /// Closed conversations / conversations.
    pub resolution_rate: Option<f64>,
    /// Conversations where the AI replied and no human did.
    pub handled_by_ai: u64,
    /// Conversations where a human agent replied.
    pub handled_by_humans: u64,
    /// handled_by_ai / (handled_by_ai + handled_by_humans).
    pub ai_share: Option<f64>,
    /// Conversations in the set the customer rated (satisfaction).
    #[serde(default)]
    pub satisfaction_ratings: u64,
    /// The average satisfaction rating (1 to 5) over those; none without
    /// ratings. For an agent: "Satisfaction by agent".
    #[serde(default)]
    pub average_satisfaction: Option<f64>,
}
