//! Conversation statuses.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a conversation stands in its lifecycle.
///
/// The documents call `Open` "active" and `Resolved` "closed"; both spellings
/// parse. Deletion is not a status: a deleted conversation is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Status {
    /// Ongoing: messages are being exchanged ("active").
    Open,
    /// Waiting: for the customer, for internal input, or for a human agent.
    Pending,
    /// Closed: the issue is resolved ("closed").
    Resolved,
    /// Moved to historical records; still searchable and can be reopened.
    Archived,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 4] = [Status::Open, Status::Pending, Status::Resolved, Status::Archived];

    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Resolved => "resolved",
            Status::Archived => "archived",
        }
    }

    /// Whether the conversation counts as closed (resolved or archived).
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Resolved | Status::Archived)
    }

    /// Parses a status name case-insensitively; "active" means open and
    /// "closed" means resolved, as in the product documents.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.trim().to_lowercase().as_str() {
            "open" | "active" => Status::Open,
            "pending" => Status::Pending,
            "resolved" | "closed" => Status::Resolved,
            "archived" => Status::Archived,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::parse(s)
            .ok_or_else(|| crate::Error::invalid_value("status", s, Status::ALL.iter().map(|c| c.as_str())))
    }
}

/// Who answers the customer: the AI agent, nobody automatically (paused), or
/// humans only (manual).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AiMode {
    /// The AI agent handles the conversation and its replies answer the customer.
    Active,
    /// The AI stopped (a human took over); it can be resumed.
    Paused,
    /// No AI involvement: a conversation setting, changed only explicitly.
    Manual,
}

impl AiMode {
    /// Every mode.
    pub const ALL: [AiMode; 3] = [AiMode::Active, AiMode::Paused, AiMode::Manual];

    /// The stable lowercase name ("ai" parses as `Active`).
    pub fn as_str(self) -> &'static str {
        match self {
            AiMode::Active => "active",
            AiMode::Paused => "paused",
            AiMode::Manual => "manual",
        }
    }

    /// Parses a mode name case-insensitively ("ai" and "active" are the same).
    pub fn parse(s: &str) -> Option<AiMode> {
        Some(match s.trim().to_lowercase().as_str() {
            "active" | "ai" | "ai_active" => AiMode::Active,
            "paused" | "ai_paused" => AiMode::Paused,
            "manual" => AiMode::Manual,
            _ => return None,
        })
    }
}

impl fmt::Display for AiMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AiMode {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AiMode::parse(s)
            .ok_or_else(|| crate::Error::invalid_value("ai_mode", s, AiMode::ALL.iter().map(|c| c.as_str())))
    }
}
